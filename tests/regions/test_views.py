"""The region pages: browse (the top of the reach, or a search within it) and a region's page."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.choices import Role
from regions.services import generate_tps
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

BROWSE = reverse("region_browse")


def page_url(code):
    return reverse("region_detail", args=[code])


def listed(response):
    """Codes in the regions table, in order."""
    assert response.status_code == 200
    return re.findall(r'<td class="code">([0-9.]+)</td>', response.content.decode())


def same_page(html: str) -> str:
    """The page without its CSRF tokens (masked afresh on every answer)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def crumbs(response):
    html = response.content.decode()
    nav = re.search(r'data-testid="breadcrumbs">(.*?)</ol>', html, re.S).group(1)
    return re.findall(r'href="/regions/([0-9.]+)/"', nav)


class TestBrowse:
    def test_starts_at_the_top_of_the_reach(self, ppk_client):
        assert listed(ppk_client.get(BROWSE)) == ["13.02.03"]

    def test_a_user_with_two_kecamatan_starts_at_both(self, client, make_user):
        user = make_user(Role.PPK, "13.02.03")
        AssignmentFactory(user=user, role=Role.PPK, region_id="13.02.04")
        client.force_login(user)

        assert listed(client.get(BROWSE)) == ["13.02.03", "13.02.04"]

    def test_a_national_user_starts_at_the_provinces(self, client, superuser):
        client.force_login(superuser)

        assert listed(client.get(BROWSE)) == ["11", "13"]

    def test_the_root_row_shows_kind_and_number_below(self, ppk_client):
        html = ppk_client.get(BROWSE).content.decode()

        row = re.search(r'<td class="code">13\.02\.03</td>(.*?)</tr>', html, re.S).group(1)
        assert "Pantai Cermin" in row
        assert "District (kecamatan)" in row
        assert re.search(r'<td class="text-end">2</td>', row)

    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("Surian", ["13.02.03.2002"]),
            ("surian", ["13.02.03.2002"]),
            ("13.02.03.2001", ["13.02.03.2001", "13.02.03.2001.001", "13.02.03.2001.002", "13.02.03.2001.003"]),
            ("TPS 003", ["13.02.03.2001.003", "13.02.03.2002.003"]),
            # Out of reach: the neighbouring kecamatan and the regency above.
            ("Lembah Gumanti", []),
            ("13.02.04", []),
            ("Kabupaten Solok", []),
        ],
    )
    def test_search_stays_within_the_reach(self, ppk_client, q, expected):
        response = ppk_client.get(BROWSE, {"q": q})

        assert listed(response) == expected
        assert f"{len(expected)} region" in response.content.decode()

    def test_search_by_code_prefix_counts_the_whole_reach(self, ppk_client):
        response = ppk_client.get(BROWSE, {"q": "13.02"})

        assert len(listed(response)) == 9
        assert "9 regions found" in response.content.decode()

    def test_an_empty_search_is_browsing(self, ppk_client):
        assert listed(ppk_client.get(BROWSE, {"q": "   "})) == ["13.02.03"]

    def test_search_results_are_paginated_by_100(self, client, make_user):
        # Kota Padang: the city, 11 kecamatan and 104 kelurahan.
        client.force_login(make_user(Role.VIEWER, "13.71"))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages

        first = client.get(BROWSE, {"q": "13.71"})
        second = client.get(BROWSE, {"q": "13.71", "page": 2})
        beyond = client.get(BROWSE, {"q": "13.71", "page": 99})

        assert "116 regions found" in first.content.decode()
        assert len(listed(first)) == 100
        assert listed(first)[0] == "13.71"
        assert len(listed(second)) == 16
        assert set(listed(first)).isdisjoint(listed(second))
        assert listed(beyond) == listed(second)
        html = first.content.decode()
        assert "1 / 2" in html
        assert 'href="?q=13.71&amp;page=2"' in html


class TestDetail:
    def test_lists_the_children_in_reach(self, ppk_client):
        response = ppk_client.get(page_url("13.02.03"))

        assert listed(response) == ["13.02.03.2001", "13.02.03.2002"]
        html = response.content.decode()
        assert "Pantai Cermin" in html
        assert "PPK" in html  # the election body at this level

    def test_a_village_page_lists_its_tps(self, ppk_client):
        response = ppk_client.get(page_url("13.02.03.2001"))

        assert listed(response) == ["13.02.03.2001.001", "13.02.03.2001.002", "13.02.03.2001.003"]
        assert "Desa" in response.content.decode()

    def test_breadcrumbs_stop_at_the_top_of_the_reach(self, ppk_client):
        # Kabupaten Solok and Sumatera Barat are above the PPK's reach and are not linked.
        response = ppk_client.get(page_url("13.02.03.2001.002"))

        assert crumbs(response) == ["13.02.03", "13.02.03.2001"]
        assert "Kabupaten Solok" not in response.content.decode()

    def test_breadcrumbs_of_a_regency_viewer(self, regency_client):
        assert crumbs(regency_client.get(page_url("13.02.04.2001"))) == ["13.02", "13.02.04"]

    def test_a_kota_and_its_kelurahan(self, client, make_user):
        client.force_login(make_user(Role.VIEWER, "13.71"))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages

        city = client.get(page_url("13.71")).content.decode()
        kelurahan = client.get(page_url("13.71.01.1001")).content.decode()

        assert "City (kota)" in city
        assert "Kelurahan" in kelurahan

    @pytest.mark.parametrize("code", ["13.02.04", "13.02.04.2001", "13.02", "13", "11.01", "13.02.99", "99.99", "x"])
    def test_out_of_reach_and_unknown_are_the_same_404(self, ppk_client, code):
        response = ppk_client.get(page_url(code))
        missing = page_url("13.02.03.2999")

        assert response.status_code == 404
        # The 404 page is a page of the site with a fresh CSRF token; nothing else may differ.
        assert same_page(response.content.decode()) == same_page(ppk_client.get(missing).content.decode())

    def test_children_are_paginated_by_100(self, ppk_client):
        generate_tps(counts={"13.02.03.2001": 150})

        first = ppk_client.get(page_url("13.02.03.2001"))
        second = ppk_client.get(page_url("13.02.03.2001"), {"page": 2})
        bad = ppk_client.get(page_url("13.02.03.2001"), {"page": "dua"})

        assert listed(first) == [f"13.02.03.2001.{n:03d}" for n in range(1, 101)]
        assert listed(second) == [f"13.02.03.2001.{n:03d}" for n in range(101, 151)]
        assert listed(bad) == listed(first)
        assert 'href="?page=2"' in first.content.decode()
        assert "2 / 2" in second.content.decode()

    def test_the_page_offers_a_search_within_the_reach(self, ppk_client):
        html = ppk_client.get(page_url("13.02.03")).content.decode()

        assert f'action="{BROWSE}"' in html
        assert 'name="q"' in html
