"""Two API PATCHes of different fields of one problem at the same moment both survive, round after round;
with the same If-Match, exactly one wins and the other answers 412. Needs PostgreSQL (real row locks and
concurrent connections; SQLite serialises every writer)."""

import threading

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from inventory.choices import Risk
from inventory.models import Problem
from tests.inventory.factories import ProblemFactory

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="concurrent writers need PostgreSQL"
)

ROUNDS = 8
TPS = "13.02.03.2002.001"


@pytest.fixture(scope="module", autouse=True)
def _restore_session_data(django_db_setup, django_db_blocker):
    """The transactional test's flush removes the session's regions: put them back for the tests after it."""
    yield
    from tests.e2e.conftest import restore_session_data

    with django_db_blocker.unblock():
        restore_session_data()


def race(user, url, bodies: list[tuple[dict, dict]]) -> list[int]:
    """Send the PATCHes from one thread each, released together; their status codes in order."""
    barrier = threading.Barrier(len(bodies), timeout=30)
    codes: list = [None] * len(bodies)

    def patch(i, body, headers):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(user)
        try:
            barrier.wait()
            codes[i] = client.patch(url, body, format="json", **headers).status_code
        except Exception as exc:  # reported by the assertion on codes
            codes[i] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=patch, args=(i, *b)) for i, b in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


@pytest.mark.django_db(transaction=True)
def test_concurrent_patches_of_different_fields_both_survive(make_user):
    from tests.e2e.conftest import restore_session_data

    restore_session_data()  # an earlier transactional module may have flushed them
    user = make_user(Role.PPK, "13.02.03")
    survived = 0
    for n in range(ROUNDS):
        problem = ProblemFactory(region_id=TPS, title="Before", risk=Risk.LOW)
        url = reverse("problem-detail", args=[problem.pk])
        codes = race(user, url, [({"title": f"Title {n}"}, {}), ({"risk": Risk.HIGH}, {})])
        assert codes == [200, 200]
        problem.refresh_from_db()
        survived += (problem.title, problem.risk, problem.version) == (f"Title {n}", Risk.HIGH, 3)
    assert survived == ROUNDS


@pytest.mark.django_db(transaction=True)
def test_concurrent_patches_with_one_if_match_let_exactly_one_through(make_user):
    from tests.e2e.conftest import restore_session_data

    restore_session_data()
    user = make_user(Role.PPK, "13.02.03")
    for _ in range(ROUNDS):
        problem = ProblemFactory(region_id=TPS, title="Before", risk=Risk.LOW)
        url = reverse("problem-detail", args=[problem.pk])
        same = {"HTTP_IF_MATCH": '"1"'}
        codes = race(user, url, [({"title": "A"}, same), ({"title": "B"}, same)])
        assert sorted(codes) == [200, 412]
        problem = Problem.objects.get(pk=problem.pk)
        assert problem.title == ("A" if codes[0] == 200 else "B")
        assert problem.version == 2
