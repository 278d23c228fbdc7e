"""/api/regions/: the tree within the caller's reach, its filters and the children action.

The PPK of Pantai Cermin (13.02.03) reaches 9 regions: the kecamatan, its villages Lolo (2001) and
Surian (2002), and their 3 TPS each. Lembah Gumanti (13.02.04) next door is out of reach.
"""

import pytest
from django.urls import reverse

from accounts.choices import Role
from regions.services import generate_tps

pytestmark = pytest.mark.django_db

PANTAI_CERMIN = [
    "13.02.03",
    "13.02.03.2001",
    "13.02.03.2001.001",
    "13.02.03.2001.002",
    "13.02.03.2001.003",
    "13.02.03.2002",
    "13.02.03.2002.001",
    "13.02.03.2002.002",
    "13.02.03.2002.003",
]
LIST = reverse("region-list")


def codes(response):
    assert response.status_code == 200, response.content
    return [r["code"] for r in response.json()["results"]]


def children_url(code):
    return reverse("region-children", args=[code])


def detail_url(code):
    return reverse("region-detail", args=[code])


class TestRegionList:
    def test_a_ppk_sees_only_their_kecamatan_subtree(self, ppk_client):
        response = ppk_client.get(LIST)

        assert codes(response) == PANTAI_CERMIN
        assert response.json()["count"] == 9

    def test_rows_carry_level_kind_parent_and_child_count(self, ppk_client):
        rows = {r["code"]: r for r in ppk_client.get(LIST).json()["results"]}

        assert rows["13.02.03"] == {
            "code": "13.02.03",
            "name": "Pantai Cermin",
            "level": "district",
            "kind": "District (kecamatan)",
            "parent": "13.02",
            "child_count": 2,
        }
        assert rows["13.02.03.2002"]["kind"] == "Desa"
        assert rows["13.02.03.2002"]["child_count"] == 3
        assert rows["13.02.03.2002.003"] == {
            "code": "13.02.03.2002.003",
            "name": "TPS 003",
            "level": "tps",
            "kind": "Polling station (TPS)",
            "parent": "13.02.03.2002",
            "child_count": 0,
        }

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"parent": "13.02.03"}, ["13.02.03.2001", "13.02.03.2002"]),
            ({"parent": "13.02.03.2001"}, ["13.02.03.2001.001", "13.02.03.2001.002", "13.02.03.2001.003"]),
            # The regency's other kecamatan are out of reach, so only Pantai Cermin is its child here.
            ({"parent": "13.02"}, ["13.02.03"]),
            ({"parent": "13.02.04"}, []),
            ({"level": "village"}, ["13.02.03.2001", "13.02.03.2002"]),
            ({"level": "district"}, ["13.02.03"]),
            ({"level": "regency"}, []),
            (
                {"code": "13.02.03.2002"},
                ["13.02.03.2002", "13.02.03.2002.001", "13.02.03.2002.002", "13.02.03.2002.003"],
            ),
            ({"code": "13.02"}, PANTAI_CERMIN),
            ({"code": "13.02.04"}, []),
            # A subtree is a whole segment: 13.02.0 is not a prefix of 13.02.03.
            ({"code": "13.02.0"}, []),
            ({"q": "Surian"}, ["13.02.03.2002"]),
            ({"q": "  surian "}, ["13.02.03.2002"]),
            ({"q": "13.02.03.2001"}, ["13.02.03.2001", "13.02.03.2001.001", "13.02.03.2001.002", "13.02.03.2001.003"]),
            ({"q": "TPS 002"}, ["13.02.03.2001.002", "13.02.03.2002.002"]),
            ({"q": "Lembah Gumanti"}, []),
            ({"q": "Solok"}, []),
            ({"level": "tps", "parent": "13.02.03.2002", "q": "003"}, ["13.02.03.2002.003"]),
        ],
    )
    def test_filters(self, ppk_client, query, expected):
        assert codes(ppk_client.get(LIST, query)) == expected

    def test_an_unknown_level_is_a_400(self, ppk_client):
        response = ppk_client.get(LIST, {"level": "kelurahan"})

        assert response.status_code == 400
        assert "level" in response.json()

    def test_pagination(self, ppk_client):
        first = ppk_client.get(LIST, {"page_size": 4}).json()
        third = ppk_client.get(LIST, {"page_size": 4, "page": 3}).json()

        assert first["count"] == third["count"] == 9
        assert [r["code"] for r in first["results"]] == PANTAI_CERMIN[:4]
        assert [r["code"] for r in third["results"]] == PANTAI_CERMIN[8:]
        assert first["next"] and third["next"] is None

    def test_kabupaten_and_kota_as_the_code_says(self, client, make_user):
        client.force_login(make_user(Role.VIEWER, "13"))

        rows = client.get(LIST, {"level": "regency"}, HTTP_ACCEPT_LANGUAGE="en").json()["results"]

        assert {r["code"]: r["kind"] for r in rows} == {
            "13.01": "Regency (kabupaten)",
            "13.02": "Regency (kabupaten)",
            "13.71": "City (kota)",
        }
        kelurahan = client.get(detail_url("13.71.01.1001"), HTTP_ACCEPT_LANGUAGE="en").json()
        assert (kelurahan["level"], kelurahan["kind"]) == ("village", "Kelurahan")


class TestRegionDetail:
    def test_a_region_in_reach(self, ppk_client):
        response = ppk_client.get(detail_url("13.02.03.2001"))

        assert response.status_code == 200
        assert response.json() == {
            "code": "13.02.03.2001",
            "name": "Lolo",
            "level": "village",
            "kind": "Desa",
            "parent": "13.02.03",
            "child_count": 3,
        }

    @pytest.mark.parametrize("code", ["13.02.04", "13.02.04.2001.001", "13.02", "13", "11.01", "13.02.99", "99"])
    def test_out_of_reach_and_unknown_look_the_same(self, ppk_client, code):
        response = ppk_client.get(detail_url(code))

        assert response.status_code == 404
        assert response.json() == ppk_client.get(detail_url("13.02.03.2999")).json()

    def test_a_code_that_is_not_a_code_is_a_404(self, ppk_client):
        assert ppk_client.get("/api/regions/Solok/").status_code == 404


class TestRegionChildren:
    def test_children_of_a_kecamatan(self, ppk_client):
        response = ppk_client.get(children_url("13.02.03"))

        assert codes(response) == ["13.02.03.2001", "13.02.03.2002"]
        assert [r["child_count"] for r in response.json()["results"]] == [3, 3]

    def test_children_of_a_village_are_its_tps(self, ppk_client):
        rows = ppk_client.get(children_url("13.02.03.2002")).json()["results"]

        assert [(r["code"], r["name"], r["level"]) for r in rows] == [
            ("13.02.03.2002.001", "TPS 001", "tps"),
            ("13.02.03.2002.002", "TPS 002", "tps"),
            ("13.02.03.2002.003", "TPS 003", "tps"),
        ]

    def test_a_tps_has_no_children(self, ppk_client):
        response = ppk_client.get(children_url("13.02.03.2002.001"))

        assert codes(response) == []
        assert response.json()["count"] == 0

    def test_children_are_paginated(self, ppk_client):
        generate_tps(counts={"13.02.03.2001": 120})

        first = ppk_client.get(children_url("13.02.03.2001")).json()
        second = ppk_client.get(children_url("13.02.03.2001"), {"page": 3}).json()

        assert first["count"] == 120
        assert len(first["results"]) == 50
        assert [r["code"] for r in second["results"]] == [f"13.02.03.2001.{n:03d}" for n in range(101, 121)]

    def test_list_filters_do_not_apply_to_children(self, ppk_client):
        assert codes(ppk_client.get(children_url("13.02.03"), {"q": "Surian", "level": "tps"})) == [
            "13.02.03.2001",
            "13.02.03.2002",
        ]

    @pytest.mark.parametrize("code", ["13.02.04", "13.02", "11.01", "13.02.99"])
    def test_children_out_of_reach_or_unknown_are_a_404(self, ppk_client, code):
        assert ppk_client.get(children_url(code)).status_code == 404

    def test_a_regency_viewer_sees_every_kecamatan(self, regency_client):
        rows = regency_client.get(children_url("13.02"), {"page_size": 100}).json()["results"]

        assert [r["code"] for r in rows][:2] == ["13.02.03", "13.02.04"]
        assert len(rows) == 14
        assert {r["code"]: r["child_count"] for r in rows}["13.02.04"] == 4
