"""Several people upload the same bytes at the same moment (a double tap on a slow phone, two PPK
members sending the same forwarded photo): every one of them is told the file is stored and linked,
exactly as the second of two uploads one after the other is; one row, one file, the problem linked.
Needs PostgreSQL (real concurrent transactions; SQLite serialises every writer)."""

import threading
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client

from accounts.choices import Role
from inventory import services
from inventory.choices import EvidenceKind
from inventory.models import Evidence
from tests.inventory.factories import ProblemFactory, evidence_dir, jpeg_bytes

__all__ = ["evidence_dir"]

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="concurrent writers need PostgreSQL"
)

TPS = "13.02.03.2002.001"
RACERS = 6


@pytest.fixture(scope="module", autouse=True)
def _restore_session_data(django_db_setup, django_db_blocker):
    """The transactional test's flush removes the session's regions: put them back for the tests after it."""
    yield
    from tests.e2e.conftest import restore_session_data

    with django_db_blocker.unblock():
        restore_session_data()


def wait_for_a_row():
    deadline = time.monotonic() + 30
    while not Evidence.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.01)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("one_commits_first", [False, True], ids=["inserting-together", "one-commits-first"])
def test_simultaneous_uploads_of_the_same_bytes_all_succeed_with_one_row(
    make_user, evidence_dir, monkeypatch, one_commits_first
):
    from tests.e2e.conftest import restore_session_data

    restore_session_data()  # an earlier transactional module may have flushed them
    problem = ProblemFactory(region_id=TPS)
    content = jpeg_bytes(4242)
    clients = []
    for _ in range(RACERS):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(make_user(Role.PPK, "13.02.03"))
        clients.append(client)

    # Every racer has looked for the file and found nothing before any of them writes its row: the
    # widest window a slow network can open, made certain instead of likely.
    # Then either all write their rows together, or one commits while the others are still on their way
    # (their own checks of the row then already see it).
    all_checked = threading.Barrier(RACERS, timeout=30)
    first = threading.Lock()
    real_put = services._put

    def put_then_wait(file, facts):
        stored = real_put(file, facts)
        all_checked.wait()
        if one_commits_first and not first.acquire(blocking=False):
            wait_for_a_row()
        return stored

    monkeypatch.setattr(services, "_put", put_then_wait)
    start = threading.Barrier(RACERS, timeout=30)
    answers = [None] * RACERS

    def upload(i):
        try:
            start.wait()
            answers[i] = clients[i].post(
                "/api/evidence/",
                {
                    "file": SimpleUploadedFile("kiriman.jpg", content, "image/jpeg"),
                    "kind": EvidenceKind.PHOTO,
                    "region": TPS,
                    "problem": problem.pk,
                },
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    stored = Evidence.objects.get()
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] * (RACERS - 1) + [201], [a.content[:200] for a in answers]
    for answer in answers:
        body = answer.json()
        assert body["id"] == stored.pk
        assert body["problems"] == [problem.pk]
    assert [a.json()["duplicate"] for a in answers].count(False) == 1
    assert list(stored.problems.all()) == [problem]
    assert [p.read_bytes() for p in evidence_dir.rglob("*") if p.is_file()] == [content]
