"""Identical dossier requests at the same moment, each in its own thread and database connection, on
the real PostgreSQL database: one job is made, every request gets it, one render message is sent.

The tests commit (transactional), so the session's regions are put back as in test_worker.py."""

import threading
from types import SimpleNamespace

import pytest

from accounts.choices import Role
from accounts.models import User
from cases.models import Case
from dossiers import services, tasks
from dossiers.choices import DossierKind
from dossiers.models import DossierJob
from regions.models import Region
from tests.dossiers.test_worker import NoPreview, postgresql_or_skip, skip_unless_postgresql
from tests.e2e.conftest import restore_session_data

pytestmark = [skip_unless_postgresql, pytest.mark.django_db(transaction=True)]

THREADS_WAIT = 60  # seconds, for the slowest thread on a busy machine


@pytest.fixture(scope="module", autouse=True)
def _session_data_back(django_db_blocker):
    """The flush after each test removed the session's regions: put them back for the next module."""
    yield
    with django_db_blocker.unblock():
        restore_session_data()


@pytest.fixture(autouse=True)
def _committed(transactional_db, settings, monkeypatch):
    from inventory import tasks as inventory_tasks

    postgresql_or_skip()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(inventory_tasks, "evidence_preview", NoPreview)
    if not Region.objects.filter(code="13.02").exists():
        restore_session_data()


def in_threads(requesters: list[User], case: Case, *, all_look_first: bool, monkeypatch) -> list[DossierJob]:
    """Each requester asks for the case's brief in a thread of its own, all released at once. With
    `all_look_first`, every request has looked for a live job (and found none) before any stores one:
    the interleaving where only the database can keep them to one job."""
    from django.db import connection

    if all_look_first:
        looked = threading.Barrier(len(requesters), timeout=THREADS_WAIT)
        first_look = threading.local()
        real_twin = services._live_twin

        def twin_after_everyone_looked(job):
            found = real_twin(job)
            if not getattr(first_look, "done", False):
                first_look.done = True
                looked.wait()
            return found

        monkeypatch.setattr(services, "_live_twin", twin_after_everyone_looked)

    start = threading.Barrier(len(requesters), timeout=THREADS_WAIT)
    results, errors = [], []

    def ask(user_id: int):
        try:
            actor, subject = User.objects.get(pk=user_id), Case.objects.get(pk=case.pk)
            start.wait()
            results.append(services.dossier_request(actor=actor, kind=DossierKind.BRIEF, case=subject))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(user.pk,)) for user in requesters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(THREADS_WAIT)
    assert not errors, errors
    assert len(results) == len(requesters)
    return results


@pytest.mark.parametrize("all_look_first", [False, True], ids=["released-together", "all-look-before-any-stores"])
def test_identical_requests_at_once_make_one_job(dossier_case, make_user, monkeypatch, all_look_first):
    sent = []
    monkeypatch.setattr(tasks, "render_dossier", SimpleNamespace(delay=lambda job_id, ticket: sent.append(job_id)))
    colleagues = [make_user(Role.LEGAL, "13.02") for _n in range(5)]
    # Five colleagues, and one of them pressing the button three more times.
    requesters = [*colleagues, *[colleagues[0]] * 3]

    answers = in_threads(requesters, dossier_case, all_look_first=all_look_first, monkeypatch=monkeypatch)

    job = DossierJob.objects.get()
    assert {answer.pk for answer in answers} == {job.pk}
    assert sorted(answer.reused for answer in answers) == [False] + [True] * 7
    assert sent == [job.pk]
