"""A storage that refuses the dossier's files fails the job with the cause a person can act on ("the
storage is read-only", "the disk is full", "permission denied"), not as a worker that died three
times; a storage briefly unreachable is retried by the task without using up the attempts.

The failure is injected at the boundary the operating system would raise it: `os.open` of a file to be
written under the dossier storage's folder (the tests run as root, so a read-only folder would not stop
a write). Everything else is real: the Celery task with its retries (run eagerly), the render, the
storage's save. Reasons are stored in the interface's first language, so they are compared with the
translated text."""

import errno
import os

import pytest
from django.conf import settings
from django.utils import translation

from dossiers import jobs, services, tasks
from dossiers.choices import DossierKind, JobStatus
from dossiers.models import DossierJob

pytestmark = pytest.mark.django_db

GAVE_UP = "Gave up after %(n)d attempts: the worker stopped each time (memory, time limit)."


def stored_language(text) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(translation.gettext(text) if isinstance(text, str) else text)


@pytest.fixture
def refusing_storage(storage, monkeypatch):
    """refuse(errno, times=None): opening a file for writing under the dossier folder fails with that
    errno (`times` times, then the storage works again); returns how many writes were refused."""
    _evidence_dir, dossier_dir = storage
    real_open = os.open
    refused = []

    def refuse(code: int, times: int | None = None):
        def opening(path, flags, *args, **kwargs):
            writing = flags & (os.O_WRONLY | os.O_RDWR)
            if writing and str(path).startswith(str(dossier_dir)) and (times is None or len(refused) < times):
                refused.append(path)
                raise OSError(code, os.strerror(code), str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", opening)
        return refused

    refuse.dossier_dir = dossier_dir
    return refuse


def ask(actor, case) -> tuple[DossierJob, str]:
    """A real request; returns the job and the ticket its message carries (the test is one transaction
    that never commits, so the message itself is never sent: the test runs the task)."""
    job = services.dossier_request(actor=actor, kind=DossierKind.EXHIBIT_LIST, case=case)
    job.refresh_from_db()
    return job, job.ticket


@pytest.mark.parametrize(
    ("code", "cause"),
    [
        (errno.EROFS, jobs.STORAGE_REFUSALS[errno.EROFS]),
        (errno.ENOSPC, jobs.STORAGE_REFUSALS[errno.ENOSPC]),
        (errno.EACCES, jobs.STORAGE_REFUSALS[errno.EACCES]),
    ],
    ids=["read-only", "disk-full", "permission-denied"],
)
def test_a_storage_refusing_writes_fails_the_job_naming_the_cause(legal, dossier_case, refusing_storage, code, cause):
    refused = refusing_storage(code)
    job, ticket = ask(legal, dossier_case)

    assert tasks.render_dossier.apply(args=[job.pk, ticket]).get() == "failed"

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert stored_language(cause) in job.error
    assert stored_language(GAVE_UP) % {"n": jobs.MAX_ATTEMPTS} != job.error
    assert job.attempts == 1  # one try, not three "dead workers"
    assert len(refused) == 1  # failed at once: trying again would meet the same refusal
    assert not list(refusing_storage.dossier_dir.rglob("*.pdf"))

    # Fixed by the administrator: trying again renders it.
    refusing_storage(code, times=0)
    services.dossier_retry(actor=legal, job=job)
    job.refresh_from_db()
    assert tasks.render_dossier.apply(args=[job.pk, job.ticket]).get() == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)


def test_a_storage_briefly_unreachable_is_retried_without_using_up_attempts(legal, dossier_case, refusing_storage):
    """Connection reset twice (a network disk, MinIO behind a gateway), then the write goes through: the
    task's own retries finish the job, and the attempts count only the one that got through."""
    refused = refusing_storage(errno.ECONNRESET, times=2)
    job, ticket = ask(legal, dossier_case)

    assert tasks.render_dossier.apply(args=[job.pk, ticket]).get() == "done"

    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.DONE, 1, "")
    assert len(refused) == 2


def test_a_storage_unreachable_on_every_try_fails_naming_the_cause(legal, dossier_case, refusing_storage):
    refused = refusing_storage(errno.ECONNRESET)
    job, ticket = ask(legal, dossier_case)

    assert tasks.render_dossier.apply(args=[job.pk, ticket]).get() == "failed"

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert os.strerror(errno.ECONNRESET) in job.error
    assert "Gave up" not in job.error and stored_language(GAVE_UP).split("%")[0] not in job.error
    assert job.attempts == 1
    assert len(refused) == tasks.render_dossier.max_retries + 1
