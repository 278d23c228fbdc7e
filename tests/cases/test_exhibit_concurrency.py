"""Two editors adding exhibits to one case at the same moment never get the same number: the create
locks the case row first. Needs PostgreSQL row locks (SQLite serialises every writer anyway)."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from accounts.choices import Role
from cases.models import Exhibit
from cases.services_exhibits import exhibit_create
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="row locks need PostgreSQL"
)


@pytest.fixture(scope="module", autouse=True)
def _restore_session_data(django_db_setup, django_db_blocker):
    """The transactional test's flush removes the session's regions: put them back for the tests after it."""
    yield
    from tests.e2e.conftest import restore_session_data

    with django_db_blocker.unblock():
        restore_session_data()


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_take_distinct_numbers(make_user):
    from tests.e2e.conftest import restore_session_data

    restore_session_data()  # an earlier transactional module may have flushed them
    legal = make_user(Role.LEGAL, "13.02")
    case = CaseFactory()
    barrier = threading.Barrier(6)
    errors = []

    def create(i):
        try:
            barrier.wait()
            exhibit_create(actor=legal, case=case, description=f"parallel {i}")
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Exhibit.objects.filter(case=case).values_list("sequence", flat=True)) == [1, 2, 3, 4, 5, 6]
