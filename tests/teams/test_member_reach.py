"""Who can be put on a team: only an active user with a live assignment at or under the office's region.
Anyone else (assigned elsewhere, assignment expired, no such username) is refused in one and the same
message, which names no one, and nothing is stored: the answer tells no username apart and gives back
no one's full name."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from teams.models import MemberAssignment, TeamMember
from tests.factories import AssignmentFactory as UserAssignmentFactory
from tests.factories import UserFactory
from tests.teams.factories import MemberFactory, TeamFactory

pytestmark = pytest.mark.django_db

OFFICE = "13.02"


@pytest.fixture
def team():
    return TeamFactory(office_id=OFFICE)


@pytest.fixture
def commissioner(make_user):
    return make_user(Role.COMMISSIONER, OFFICE)


def person(code, *, expired=False, role=Role.PPK):
    """A user with one assignment at `code`, expired yesterday when asked."""
    user = UserFactory(full_name="Siti Rahmawati Nasution")
    valid_until = timezone.now() - datetime.timedelta(days=1) if expired else None
    UserAssignmentFactory(user=user, role=role, region_id=code, valid_until=valid_until)
    return user


def refusals():
    """The usernames the commissioner of 13.02 may not put on its team, and why."""
    return {
        "assigned in Aceh Selatan": person("11.01.01").username,
        "assigned in the neighbouring kabupaten": person("13.01", role=Role.COMMISSIONER).username,
        "assigned only above the office (national)": person(None, role=Role.VIEWER).username,
        "assignment in the office's kecamatan expired": person("13.02.03", expired=True).username,
        "no such user": "nobody-by-this-name",
    }


def api_add(client, team, username):
    payload = {"team": team.pk, "user": username, "position": "anggota", "division": "hukum"}
    return client.post("/api/team-members/", payload, content_type="application/json")


def test_api_refuses_everyone_out_of_reach_in_one_message_naming_no_one(client, team, commissioner):
    client.force_login(commissioner)
    bodies = {}
    for why, username in refusals().items():
        response = api_add(client, team, username)
        assert response.status_code == 400, (why, response.status_code, response.content)
        text = response.content.decode()
        assert username not in text and "Siti Rahmawati" not in text, why
        bodies[why] = response.json()
    assert len({str(body) for body in bodies.values()}) == 1, bodies
    assert not TeamMember.objects.exists()


def test_api_adds_a_user_assigned_under_the_office_with_their_full_name(client, team, commissioner):
    client.force_login(commissioner)
    user = person("13.02.03.2001")
    response = api_add(client, team, user.username)
    assert response.status_code == 201, response.content
    assert response.json()["display_name"] == "Siti Rahmawati Nasution"
    assert TeamMember.objects.get().user == user


def test_page_refuses_everyone_out_of_reach_in_one_message_naming_no_one(client, team, commissioner):
    client.force_login(commissioner)
    errors = {}
    for why, username in refusals().items():
        data = {"user": username, "position": "anggota", "division": "hukum"}
        response = client.post(reverse("member_create", args=[team.pk]), data)
        assert response.status_code == 200, (why, response.status_code)
        text = response.content.decode()
        assert "Siti Rahmawati" not in text and f"{username}." not in text, why
        errors[why] = response.context["form"].errors.as_data()["user"][0].messages
    assert len({str(e) for e in errors.values()}) == 1, errors
    assert not TeamMember.objects.exists()


def test_page_adds_a_user_assigned_at_the_office(client, team, commissioner):
    client.force_login(commissioner)
    user = person(OFFICE, role=Role.SECRETARIAT)
    data = {"user": user.username, "position": "sekretaris", "division": "sekretariat"}
    assert client.post(reverse("member_create", args=[team.pk]), data).status_code == 302
    assert TeamMember.objects.get().user == user


def test_no_new_work_for_a_member_whose_assignment_expired(client, team, commissioner):
    """A member's claim or region assignment needs them still assigned under the office."""
    user = person("13.02.03")
    member = MemberFactory(team=team, user=user, name="")
    user.assignments.update(valid_until=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(commissioner)
    payload = {"member": member.pk, "region": "13.02.03", "notes": "Dampingi PPK"}
    response = client.post("/api/team-assignments/", payload, content_type="application/json")
    assert response.status_code == 400, response.content
    assert "Siti Rahmawati" not in response.content.decode()
    assert response.json()["message"] == api_add(client, team, "nobody-by-this-name").json()["message"]
    assert not MemberAssignment.objects.exists()
