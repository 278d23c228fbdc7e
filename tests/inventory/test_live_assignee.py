"""A problem's assignee must hold a live assignment reaching the problem's region: someone whose
assignment expired is refused exactly as a name nobody has (one message), and nothing changes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.choices import Role
from accounts.models import Assignment
from inventory.models import Problem
from tests.inventory.factories import ProblemFactory

pytestmark = pytest.mark.django_db

TPS = "13.02.03.2002.001"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


def expire(user):
    Assignment.objects.filter(user=user).update(valid_until=timezone.now() - dt.timedelta(days=1))


def test_an_assignee_whose_assignment_expired_is_refused_like_a_stranger(make_user):
    ppk = make_user(Role.PPK, "13.02.03")
    api = APIClient()
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    api.force_authenticate(ppk)
    problem = ProblemFactory(region_id=TPS, title="Saksi keberatan")
    url = reverse("problem-detail", args=[problem.pk])

    def assign(username):
        response = api.patch(url, {"assignee": username, "title": "Changed"}, format="json")
        return response.status_code, response.json().get("extra", {}).get("assignee")

    nobody = assign("pps.lama")
    former = make_user(Role.PPS, "13.02.03.2002", username="pps.lama")
    assert assign("pps.lama")[0] == 200  # live, it is accepted
    api.patch(url, {"assignee": None, "title": "Saksi keberatan"}, format="json")
    expire(former)
    assert assign("pps.lama") == nobody and nobody[0] == 400
    problem.refresh_from_db()
    assert (problem.assignee_id, problem.title) == (None, "Saksi keberatan")
    assert Problem.objects.count() == 1
