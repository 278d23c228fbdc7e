"""The person picker's suggestions (accounts.views.person_pick): people the caller can see, found by name or
username, limited to those the field accepts for its region; nobody outside the caller's reach."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from tests.factories import AssignmentFactory, UserFactory
from tests.scoping.base import ScopedRouteTests

PANTAI_CERMIN, LEMBAH_GUMANTI = "13.02.03", "13.02.04"


def pick(client, **params):
    response = client.get(reverse("person_pick"), params)
    assert response.status_code == 200
    return response.json()["results"]


def usernames(results):
    return sorted(r["username"] for r in results)


def person(username, full_name, role, code):
    user = UserFactory(username=username, full_name=full_name)
    AssignmentFactory(user=user, role=role, region_id=code)
    return user


@pytest.fixture
def people(db):
    return {
        "rina": person("ppk.rina", "Rina Marlina", Role.PPK, PANTAI_CERMIN),
        "pps": person("pps.lolo", "Andi Lolo", Role.PPS, "13.02.03.2001"),
        "budi": person("ppk.budi", "Budi Gumanti", Role.PPK, LEMBAH_GUMANTI),
        "kab": person("legal.solok", "Sari Hukum", Role.LEGAL, "13.02"),
        "padang": person("legal.padang", "Rina Padang", Role.LEGAL, "13.71"),
    }


class TestPersonPickScoping(ScopedRouteTests):
    url_name = "person_pick"
    kind = "list"

    def make_object(self, make_user):
        return person("pps.surian", "Yusuf Surian", Role.PPS, "13.02.03.2002").username

    def call(self, client, obj):
        return client.get(reverse(self.url_name), {"q": "yusuf"})

    def listed(self, response, obj):
        return obj in usernames(response.json()["results"])


@pytest.mark.django_db
def test_found_by_part_of_the_name_or_username_with_the_full_name(client, people):
    client.force_login(people["kab"])
    assert pick(client, q="marlina") == [{"username": "ppk.rina", "name": "Rina Marlina"}]
    assert usernames(pick(client, q="ppk.")) == ["ppk.budi", "ppk.rina"]
    assert usernames(pick(client, q="rina")) == ["ppk.rina"]  # Rina of Padang lies outside the reach


@pytest.mark.django_db
def test_an_assignee_must_see_the_region(client, people):
    """For a problem at Lolo: the PPS of Lolo, the PPK of its kecamatan and the kabupaten's legal staff see
    it; the PPK of the neighbouring kecamatan does not (inventory.services refuses him)."""
    client.force_login(people["kab"])
    assert usernames(pick(client, region="13.02.03.2001")) == ["legal.solok", "ppk.rina", "pps.lolo"]
    assert usernames(pick(client, region=PANTAI_CERMIN)) == ["legal.solok", "ppk.rina"]


@pytest.mark.django_db
def test_a_team_member_must_be_assigned_under_the_office(client, people):
    client.force_login(people["kab"])
    assert usernames(pick(client, region=PANTAI_CERMIN, mode="under")) == ["ppk.rina", "pps.lolo"]


@pytest.mark.django_db
def test_an_attacker_gets_no_one_outside_his_reach(client, people):
    """The PPK of Lemba Gumanti asks for the people of Pantai Cermin, by region, by name and by username,
    and for the kabupaten; he gets at most himself."""
    client.force_login(people["budi"])
    assert pick(client, region=PANTAI_CERMIN) == []
    assert pick(client, region=PANTAI_CERMIN, mode="under") == []
    assert pick(client, region="13.02") == []
    assert pick(client, q="rina") == []
    assert pick(client, q="ppk.rina") == []
    assert pick(client, q="sari") == []  # the kabupaten's staff lie above his reach: never listed
    assert usernames(pick(client)) == ["ppk.budi"]
    assert usernames(pick(client, region="not-a-code")) == []


@pytest.mark.django_db
def test_inactive_or_expired_people_are_not_offered(client, people):
    from datetime import timedelta

    from django.utils import timezone

    people["rina"].is_active = False
    people["rina"].save()
    people["pps"].assignments.update(valid_until=timezone.now() - timedelta(days=1))
    client.force_login(people["kab"])
    assert usernames(pick(client, region=PANTAI_CERMIN, mode="under")) == []
