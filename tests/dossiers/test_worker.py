"""Dossier jobs rendered by a real Celery worker process, through the configured broker (Redis when
REDIS_URL is set, else the filesystem broker) and the test database.

The worker is another process, so it must see what the test stores: the tests are transactional (the
data is committed) and need PostgreSQL (the SQLite test database lives in this process's memory). The
worker gets the test database in DATABASE_URL, and MEDIA_ROOT pointing at the parent of this test's
evidence and dossier folders (settings: <MEDIA_ROOT>/evidence and <MEDIA_ROOT>/dossiers). Tasks go to a
queue of this test's own, so no other worker on a shared broker takes them.

A transactional test flushes the database when it ends, which also removes the regions loaded for the
session and the seeded categories and deadline rules: they are put back before each test and when the
module ends, as the e2e tests do.
"""

import contextlib
import hashlib
import io
import json
import os
import re
import signal
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from dossiers import dispatch, services, tasks
from dossiers.choices import DossierKind, JobStatus
from dossiers.models import DossierJob
from regions.models import Region
from tests.e2e.conftest import restore_session_data
from tests.phpu.test_worker import Worker, forget_redis_queue, run_env


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


NOT_POSTGRESQL = (
    "a worker process cannot see the test database unless it is PostgreSQL (SQLite's lives in this "
    "process); run with DATABASE_URL=postgres://... to render dossiers in a real worker"
)
# Skipped before any fixture runs (no flush, no browser); CI_REQUIRE_REDIS=1 turns the skip into a failure.
skip_unless_postgresql = pytest.mark.skipif(
    not on_postgresql() and os.environ.get("CI_REQUIRE_REDIS") != "1", reason=NOT_POSTGRESQL
)

pytestmark = [pytest.mark.worker, skip_unless_postgresql, pytest.mark.django_db(transaction=True)]

RENDER_TIMEOUT = 90  # seconds for a brief, worker start included (10-20 s on a busy machine)


# --- helpers shared with tests/e2e/test_dossiers.py ---------------------------------------------------


def postgresql_or_skip():
    if not on_postgresql():
        if os.environ.get("CI_REQUIRE_REDIS") == "1":
            pytest.fail(f"CI_REQUIRE_REDIS=1 but {NOT_POSTGRESQL}")
        pytest.skip(NOT_POSTGRESQL)


def worker_database_url() -> str:
    """DATABASE_URL of the test database this process uses (pytest's test_<name>)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{'@' if credentials else ''}{host}{port}/{quote(db['NAME'], safe='')}"


def worker_env(media_root: Path, work_dir: Path) -> dict:
    """This run's environment for a worker sharing its broker, test database and storage folders."""
    work_dir.mkdir(exist_ok=True)
    return run_env(
        DATABASE_URL=worker_database_url(),
        CONN_MAX_AGE=0,
        VAR_DIR=settings.VAR_DIR,
        REDIS_URL=settings.REDIS_URL or None,
        MEDIA_ROOT=media_root,
        S3_BUCKET=None,
        DOSSIER_WORK_DIR=work_dir,
        DOSSIER_RENDER_PROCESSES=2,
    )


class OwnQueue:
    """Stands in for dossiers.tasks.render_dossier in this process: the same task, sent to one queue.

    services._enqueue and the watchdog (tasks.requeue_stalled_dossiers) both look the task up there when
    they send it."""

    def __init__(self, task, queue: str):
        self.task, self.queue = task, queue

    def delay(self, job_id: int, ticket: str = ""):
        return self.task.apply_async(args=[job_id, ticket], queue=self.queue)


class NoPreview:
    """Stands in for inventory.tasks.evidence_preview: the previews of the evidence a test stores are not
    part of these tests, and their tasks must not pile up on the default queue of a shared broker."""

    @staticmethod
    def delay(evidence_id: int):
        return None


def forget_queue(queue: str) -> None:
    """What a queue used once leaves on the broker: bindings, and messages a killed worker held."""
    if not settings.REDIS_URL:
        (Path(settings.CELERY_BROKER_DIR) / "control" / f"{queue}.exchange").unlink(missing_ok=True)
        return
    import redis

    forget_redis_queue(settings.REDIS_URL, queue)
    client = redis.Redis.from_url(settings.REDIS_URL)
    # kombu keeps a message a worker took (acks_late) in "unacked" until it is acknowledged; one whose
    # worker was killed would be delivered again after the visibility timeout (2 h).
    for tag, raw in client.hgetall("unacked").items():
        try:
            routing_key = json.loads(raw)[2]
        except (ValueError, IndexError, TypeError):
            continue
        if routing_key == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    client.close()


@pytest.fixture
def dossier_queue(monkeypatch):
    """A queue of this test's own for render_dossier."""
    queue = f"pytest-dossiers-{uuid.uuid4().hex}"
    monkeypatch.setattr(tasks, "render_dossier", OwnQueue(tasks.render_dossier, queue))
    yield queue
    forget_queue(queue)


@pytest.fixture
def workers(tmp_path):
    """start(env, queue) -> a Worker; every worker is stopped when the test ends."""
    started: list[Worker] = []

    def start(env: dict, queue: str) -> Worker:
        worker = Worker(env, tmp_path / f"worker-{len(started)}.log", queue)
        started.append(worker)
        return worker

    start.started = started
    yield start
    for worker in started:
        worker.stop()


def logs(started: list[Worker]) -> str:
    return "\n".join(f"--- worker {n} ---\n{w.output()}" for n, w in enumerate(started))


def wait_for_job(pk: int, started: list[Worker], until, *, timeout: float = RENDER_TIMEOUT, what: str = "done"):
    """Poll the job until `until(job)`; fail early if it failed or the (last) worker died."""
    deadline = time.monotonic() + timeout
    while True:
        job = DossierJob.objects.get(pk=pk)
        if until(job):
            return job
        if job.status == JobStatus.FAILED:
            pytest.fail(f"Dossier {pk} failed: {job.error}\n{logs(started)}")
        if started and started[-1].proc.poll() is not None:
            pytest.fail(f"The worker exited with code {started[-1].proc.returncode}:\n{logs(started)}")
        if time.monotonic() > deadline:
            pytest.fail(
                f"Dossier {pk} not {what} within {timeout} s (status {job.status}, {job.progress}%, "
                f"step {job.step!r})\n{logs(started)}"
            )
        time.sleep(0.1)


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc): the layout processes of a worker."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def kill_hard(worker: Worker) -> None:
    """SIGKILL the worker and the layout processes it started, as when the machine runs out of memory."""
    pids = [worker.proc.pid, *children_of(worker.proc.pid)]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):  # a layout process that just ended
            os.kill(pid, signal.SIGKILL)
    worker.proc.wait(timeout=10)


@pytest.fixture(scope="module", autouse=True)
def _session_data_back(django_db_blocker):
    """The last test's flush removed the session's regions and seeded rows: put them back for the next module."""
    yield
    with django_db_blocker.unblock():
        restore_session_data()


@pytest.fixture(autouse=True)
def _session_data(transactional_db, settings, monkeypatch):
    """The session's data back if an earlier transactional test flushed it; fast passwords; and the
    evidence the test stores (committed, so on_commit fires) sends no preview task."""
    from inventory import tasks as inventory_tasks

    postgresql_or_skip()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(inventory_tasks, "evidence_preview", NoPreview)
    if not Region.objects.filter(code="13.02").exists():  # an earlier transactional test flushed them
        restore_session_data()


def pdf_pages(job: DossierJob, dossier_dir: Path) -> PdfReader:
    data = (dossier_dir / job.output.name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == job.sha256
    return PdfReader(io.BytesIO(data))


# --- tests -----------------------------------------------------------------------------------------------


def test_a_worker_renders_the_requested_brief(dossier_case, legal, storage, dossier_queue, workers, tmp_path):
    evidence_dir, dossier_dir = storage
    assert evidence_dir.parent == dossier_dir.parent == tmp_path
    worker = workers(worker_env(tmp_path, tmp_path / "work"), dossier_queue)

    # The real request: the task is sent when the job is committed (transaction.on_commit).
    job = services.dossier_request(actor=legal, kind=DossierKind.BRIEF, case=dossier_case)
    job = wait_for_job(job.pk, workers.started, lambda j: j.status == JobStatus.DONE)

    assert (job.progress, job.attempts, job.lease_token) == (100, 1, "")
    assert job.started_at <= job.finished_at
    reader = pdf_pages(job, dossier_dir)
    assert len(reader.pages) == job.page_count > 1
    assert f"Halaman 1 dari {job.page_count}" in reader.pages[0].extract_text()
    listed = {f["evidence_id"] for f in job.manifest["files"]}
    assert dossier_case.files["elsewhere"].pk not in listed
    assert dossier_case.files["scan"].pk in listed
    assert worker.stop() == 0, worker.output()
    assert "dossiers.tasks.render_dossier" in worker.output()
    assert "succeeded" in worker.output()


def test_a_job_whose_worker_died_completes_once_on_another(
    dossier_case, legal, storage, dossier_queue, workers, tmp_path
):
    _evidence_dir, dossier_dir = storage
    env = worker_env(tmp_path, tmp_path / "work")
    # One layout process at a time: the layout lasts long enough to be caught in the middle.
    first = workers({**env, "DOSSIER_RENDER_PROCESSES": "1"}, dossier_queue)
    job = services.dossier_request(actor=legal, kind=DossierKind.BRIEF, case=dossier_case)

    # Kill the worker in the middle of the layout (past 15 %: the sections are being laid out).
    running = wait_for_job(
        job.pk, workers.started, lambda j: j.status == JobStatus.RUNNING and j.progress >= 15, what="laid out"
    )
    kill_hard(first)
    killed = DossierJob.objects.get(pk=job.pk)
    assert killed.status == JobStatus.RUNNING, (
        f"the job finished before the worker was killed ({running.progress}%); nothing was tested"
    )
    assert killed.attempts == 1
    assert not list(dossier_dir.glob(f"{job.pk}/*.pdf"))

    # The watchdog leaves a job alone while its lease holds (DOSSIER_LEASE_SECONDS), then sends it again.
    assert tasks.requeue_stalled_dossiers() == []
    DossierJob.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    second = workers(env, dossier_queue)
    # What the beat's watchdog does every minute.
    assert tasks.requeue_stalled_dossiers() == [job.pk]
    done = wait_for_job(job.pk, workers.started, lambda j: j.status == JobStatus.DONE)

    assert done.attempts == 2
    assert len(pdf_pages(done, dossier_dir).pages) == done.page_count
    # One document and its manifest annex: nothing left of the killed attempt.
    assert sorted(p.name for p in dossier_dir.glob(f"{job.pk}/*.pdf")) == [
        f"{done.sha256}-manifest.pdf",
        f"{done.sha256}.pdf",
    ]
    reasons = list(done.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons.count("done") == 1
    assert reasons.count("attempt 2") == 1
    assert tasks.requeue_stalled_dossiers() == []

    # A late or duplicate message for the finished job changes nothing.
    tasks.render_dossier.delay(job.pk)
    deadline = time.monotonic() + 30
    while len(re.findall(r"render_dossier\[[-\w]+\] succeeded", second.output())) < 2:
        second.assert_alive()
        if time.monotonic() > deadline:
            pytest.fail(f"The duplicate message was not handled within 30 s:\n{logs(workers.started)}")
        time.sleep(0.2)
    assert second.stop() == 0, second.output()
    assert re.search(r"render_dossier\[[-\w]+\] succeeded in [\d.]+s: 'skipped'", second.output()), second.output()
    again = DossierJob.objects.get(pk=job.pk)
    assert (again.status, again.attempts, again.finished_at, again.sha256) == (
        JobStatus.DONE,
        2,
        done.finished_at,
        done.sha256,
    )


def test_a_request_while_the_broker_is_down_is_kept_and_runs_once_it_is_back(
    dossier_case, legal, storage, dossier_queue, workers, tmp_path, monkeypatch
):
    """Redis (or the filesystem broker) unreachable when the legal division asks for a dossier: the
    request is accepted and the job kept as queued; once the broker is back, the watchdog sends it
    again and a worker renders it, once."""
    from phpu.celery import app

    _evidence_dir, dossier_dir = storage
    own_queue = tasks.render_dossier
    dead = app.connection_for_write("redis://127.0.0.1:1/0")  # nothing listens there: the broker is "down"

    def send_to_the_dead_broker(job_id: int, ticket: str):
        return own_queue.task.apply_async(
            args=[job_id, ticket],
            queue=dossier_queue,
            connection=dead,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.2},
        )

    monkeypatch.setattr(own_queue, "delay", send_to_the_dead_broker)
    job = services.dossier_request(actor=legal, kind=DossierKind.EXHIBIT_LIST, case=dossier_case)
    kept = DossierJob.objects.get(pk=job.pk)
    assert (kept.status, kept.attempts) == (JobStatus.QUEUED, 0)
    dead.release()

    # The broker is back. After DOSSIER_QUEUED_PATIENCE the watchdog sends the job again.
    monkeypatch.undo()
    monkeypatch.setattr(tasks, "render_dossier", own_queue)
    later = timezone.now() + settings.DOSSIER_QUEUED_PATIENCE + timedelta(seconds=1)
    workers(worker_env(tmp_path, tmp_path / "work"), dossier_queue)
    assert dispatch.requeue_stalled(enqueue=tasks.render_dossier.delay, now=later) == [job.pk]
    done = wait_for_job(job.pk, workers.started, lambda j: j.status == JobStatus.DONE)
    assert done.attempts == 1
    assert len(pdf_pages(done, dossier_dir).pages) == done.page_count
