"""The two team buttons that may send the browser on (`next`): marking an assignment or a follow-up done.
A `next` naming another site is ignored, the browser goes back to the member or the activity; a place on
this site is followed."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from tests.teams.factories import AssignmentFactory, FollowUpFactory

pytestmark = pytest.mark.django_db

EXTERNAL = ["https://evil.example/x", "//evil.example", "/\\evil.example"]
LOCAL = "/teams/?page=2"


@pytest.fixture
def office_client(client, make_user):
    client.force_login(make_user(Role.COMMISSIONER, "13.02"))
    return client


@pytest.mark.parametrize("target", EXTERNAL)
def test_assignment_done_ignores_a_next_on_another_site(office_client, target):
    assignment = AssignmentFactory()
    response = office_client.post(reverse("assignment_done", args=[assignment.pk]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("member_detail", args=[assignment.member_id])
    assignment.refresh_from_db()
    assert assignment.done


def test_assignment_done_follows_a_next_on_this_site(office_client):
    assignment = AssignmentFactory()
    response = office_client.post(reverse("assignment_done", args=[assignment.pk]), {"next": LOCAL})
    assert response.status_code == 302 and response["Location"] == LOCAL


@pytest.mark.parametrize("target", EXTERNAL)
def test_followup_done_ignores_a_next_on_another_site(office_client, target):
    follow_up = FollowUpFactory()
    response = office_client.post(reverse("followup_done", args=[follow_up.pk]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("activity_detail", args=[follow_up.activity_id])
    follow_up.refresh_from_db()
    assert follow_up.done


def test_followup_done_follows_a_next_on_this_site(office_client):
    follow_up = FollowUpFactory()
    response = office_client.post(reverse("followup_done", args=[follow_up.pk]), {"next": LOCAL})
    assert response.status_code == 302 and response["Location"] == LOCAL
