"""The region picker's suggestions (regions.views.region_pick): found by name or code, drilled down, and
never a region outside the caller's reach for the form's action, whatever the attacker asks for."""

import pytest
from django.urls import reverse

from accounts.choices import Action, Role
from tests.scoping.base import ScopedRouteTests

PANTAI_CERMIN, LEMBAH_GUMANTI = "13.02.03", "13.02.04"


def pick(client, **params):
    response = client.get(reverse("region_pick"), params)
    assert response.status_code == 200
    return response.json()["results"]


def codes(results):
    return [r["code"] for r in results]


class TestRegionPickScoping(ScopedRouteTests):
    url_name = "region_pick"
    kind = "list"

    def make_object(self, make_user):
        return "13.02.03.2001"  # Lolo, a desa of Pantai Cermin

    def call(self, client, obj):
        return client.get(reverse(self.url_name), {"q": "lolo"})

    def listed(self, response, obj):
        return obj in codes(response.json()["results"])


@pytest.mark.django_db
def test_a_village_is_found_by_part_of_its_name_with_where_it_lies(client, make_user):
    client.force_login(make_user(Role.PPK, PANTAI_CERMIN))
    (lolo,) = pick(client, q="lol", action=Action.EDIT_INVENTORY)
    assert lolo["code"] == "13.02.03.2001"
    assert lolo["name"] == "Lolo"
    assert lolo["level"] == "village"
    assert lolo["path"] == ["Pantai Cermin"]  # the kecamatan in reach; nothing above it is named
    assert lolo["drill"] is True  # its TPS come next


@pytest.mark.django_db
def test_words_in_any_order_and_codes_find_regions(client, make_user):
    client.force_login(make_user(Role.LEGAL, "13.02"))
    assert "13.02.03" in codes(pick(client, q="cermin pantai"))
    assert codes(pick(client, q="13.02.04.20"))[:4] == [
        "13.02.04.2001",
        "13.02.04.2002",
        "13.02.04.2003",
        "13.02.04.2004",
    ]
    found = pick(client, q="solok")
    assert found[0]["code"] == "13.02" and found[0]["path"] == []  # top levels first


@pytest.mark.django_db
def test_drilling_down_gives_the_children_then_the_tps(client, make_user):
    client.force_login(make_user(Role.PPK, PANTAI_CERMIN))
    assert codes(pick(client, parent=PANTAI_CERMIN)) == ["13.02.03.2001", "13.02.03.2002"]
    tps = pick(client, parent="13.02.03.2001")
    assert codes(tps) == ["13.02.03.2001.001", "13.02.03.2001.002", "13.02.03.2001.003"]
    assert not any(r["drill"] for r in tps)
    # A field that takes no TPS does not offer to go below a village.
    (lolo,) = pick(client, q="lolo", levels="district,village")
    assert lolo["drill"] is False
    assert pick(client, parent="13.02.03.2001", levels="district,village") == []


@pytest.mark.django_db
def test_nothing_typed_offers_the_top_of_the_reach(client, make_user):
    client.force_login(make_user(Role.PPK, PANTAI_CERMIN))
    assert codes(pick(client)) == [PANTAI_CERMIN]


@pytest.mark.django_db
def test_an_attacker_gets_nothing_outside_his_reach(client, make_user):
    """A PPK of Pantai Cermin asks for the neighbouring kecamatan's children, its villages by name and code,
    the province, an office he does not reach as `within`, and an action his role lacks."""
    client.force_login(make_user(Role.PPK, PANTAI_CERMIN))
    assert pick(client, parent=LEMBAH_GUMANTI) == []
    assert codes(pick(client, parent="13.02")) == [PANTAI_CERMIN]  # only his own of the kabupaten's
    assert pick(client, q="alahan panjang") == []
    assert pick(client, q="13.02.04") == []
    assert pick(client, q="solok") == []  # the kabupaten lies above his reach
    assert pick(client, q="lolo", within=LEMBAH_GUMANTI) == []
    assert pick(client, q="lolo", action=Action.MANAGE_CASES) == []
    assert pick(client, q="lolo", action="no-such-action") == []
    everything = pick(client, q="a") + pick(client, q="1")
    assert everything and all(r["code"].startswith(PANTAI_CERMIN) for r in everything)
    above = {"Kabupaten Solok", "Sumatera Barat"}  # the regions over his kecamatan are never named
    assert not above & {name for r in everything for name in [r["name"], *r["path"]]}


@pytest.mark.django_db
def test_the_action_of_the_form_limits_the_suggestions(client, make_user):
    """A KPPS may upload evidence at his TPS but not edit the inventory: the problem form's picker offers
    him nothing, the upload form's picker his TPS."""
    client.force_login(make_user(Role.KPPS, "13.02.03.2001.001"))
    assert pick(client, q="1", action=Action.EDIT_INVENTORY) == []
    assert codes(pick(client, q="13.02.03", action=Action.UPLOAD_EVIDENCE)) == ["13.02.03.2001.001"]


@pytest.mark.django_db
def test_within_limits_to_the_office_area_below_it(client, make_user):
    client.force_login(make_user(Role.SECRETARIAT, "13.02"))
    top = codes(pick(client, within="13.02"))
    assert top and all(code.count(".") == 2 and code.startswith("13.02.") for code in top)  # its kecamatan
    assert "13.02" not in codes(pick(client, q="solok", within="13.02"))
    assert pick(client, q="padang", within="13.02") == []


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("region_pick"), {"q": "lolo"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_suggestions_take_the_same_few_queries_however_many_match(make_user, django_assert_max_num_queries):
    """The caller's assignments, the regions, the names of where they lie: three queries, not one per row."""
    from regions.picker import pick_regions

    user = make_user(Role.LEGAL, "13.02")
    with django_assert_max_num_queries(3):
        found = pick_regions(user=user, action=Action.VIEW, q="13.02.03")
    assert len(found) == 9  # the kecamatan, its 2 villages and their 6 TPS, each with where it lies
    assert found[-1]["path"] == ["Kabupaten Solok", "Pantai Cermin", "Surian"]
