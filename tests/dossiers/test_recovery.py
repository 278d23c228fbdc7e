"""A worker SIGKILLed in the middle of a dossier, with real worker processes on the broker (Redis when
REDIS_URL is set) and the test database, as in test_worker.py:

- with no worker left, the page and the API say within the lease that the job's worker stopped, and
  offer a retry that renders it once a worker runs;
- with another worker running and the watchdog on the beat's period, the job is done again within a
  minute or so: the measured seconds are printed (and written to DOSSIER_RECOVERY_REPORT, for
  bench/dossier_recovery.py). The bound asserted is generous (a loaded 2-core machine); the figures
  to compare are the printed ones;
- watchdog runs the beat sent while no worker ran expire instead of running all at once.

The worker's lease, heartbeat and watchdog period are the settings' defaults (DOSSIER_LEASE_SECONDS,
DOSSIER_HEARTBEAT_SECONDS, DOSSIER_WATCHDOG_SECONDS), unless the environment of the run sets them."""

import json
import os
import random
import re
import time

import pytest
from django.conf import settings
from django.urls import reverse

from dossiers import services, tasks
from dossiers.choices import DossierKind, JobStatus, Stall
from dossiers.models import DossierJob
from tests.dossiers import test_worker as real_workers
from tests.dossiers.test_worker import kill_hard, logs, pdf_pages, skip_unless_postgresql, wait_for_job, worker_env

# The fixtures of test_worker.py: the session's data put back around these committing tests, a queue of
# the test's own, and worker processes stopped at the end.
_session_data_back = real_workers._session_data_back
_session_data = real_workers._session_data
dossier_queue = real_workers.dossier_queue
workers = real_workers.workers

pytestmark = [pytest.mark.worker, skip_unless_postgresql, pytest.mark.django_db(transaction=True)]

# Generous: the old lease alone (3 minutes) was longer. Expected here: lease + watchdog + one render.
RECOVERY_BOUND = 150


def job_taken(pk: int, started) -> DossierJob:
    """Wait until the job is being laid out (past 15 %), so that a kill lands in the middle of it."""
    return wait_for_job(
        pk, started, lambda j: j.status == JobStatus.RUNNING and j.progress >= 15, what="being laid out"
    )


def wait_until_ready(worker, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not re.search(r"\bready\.", worker.output()):
        worker.assert_alive()
        if time.monotonic() > deadline:
            pytest.fail(f"The worker was not ready within {timeout} s:\n{worker.output()}")
        time.sleep(0.1)


def holder(started):
    """The worker that received the job's message."""
    (worker,) = [w for w in started if re.search(r"render_dossier\[[-\w]+\] received", w.output())]
    return worker


def test_with_no_worker_left_the_page_says_the_job_stalled_and_its_retry_renders_it(
    dossier_case, legal, storage, dossier_queue, workers, tmp_path, client, capsys
):
    _evidence_dir, dossier_dir = storage
    env = worker_env(tmp_path, tmp_path / "work")
    only = workers({**env, "DOSSIER_RENDER_PROCESSES": "1"}, dossier_queue)
    job = services.dossier_request(actor=legal, kind=DossierKind.BRIEF, case=dossier_case)
    job_taken(job.pk, workers.started)
    kill_hard(only)
    killed_at = time.monotonic()
    assert DossierJob.objects.get(pk=job.pk).status == JobStatus.RUNNING

    # Nothing runs now: no worker, no watchdog. The API tells it from the lease alone.
    client.force_login(legal)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages
    deadline = killed_at + settings.DOSSIER_LEASE_SECONDS + 15
    while (data := client.get(f"/api/dossiers/{job.pk}/").json())["stalled"] != Stall.WORKER_LOST:
        assert data["status"] == JobStatus.RUNNING
        if time.monotonic() > deadline:
            pytest.fail(f"Not shown stalled within the lease: {data}")
        time.sleep(0.5)
    told_after = time.monotonic() - killed_at
    assert data["actions"] == ["retry", "cancel"]
    row = client.get(reverse("dossier_job", args=[job.pk])).content.decode()
    assert 'data-stall="worker_lost"' in row and 'data-testid="dossier-retry"' in row

    # Retry from the page; a worker comes up and renders it, once.
    assert client.post(reverse("dossier_retry", args=[job.pk])).status_code == 302
    workers(env, dossier_queue)
    done = wait_for_job(job.pk, workers.started, lambda j: j.status == JobStatus.DONE)
    assert done.attempts == 1  # the retry is a fresh start
    assert len(pdf_pages(done, dossier_dir).pages) == done.page_count
    with capsys.disabled():
        print(f"\nstalled shown {told_after:.1f} s after the SIGKILL (lease {settings.DOSSIER_LEASE_SECONDS} s)")


def test_a_killed_workers_job_is_done_again_within_a_minute(
    dossier_case, legal, storage, dossier_queue, workers, tmp_path, capsys
):
    _evidence_dir, dossier_dir = storage
    env = {**worker_env(tmp_path, tmp_path / "work"), "DOSSIER_RENDER_PROCESSES": "1"}
    standby = [workers(env, dossier_queue), workers(env, dossier_queue)]
    for worker in standby:
        wait_until_ready(worker)
    job = services.dossier_request(actor=legal, kind=DossierKind.BRIEF, case=dossier_case)
    job_taken(job.pk, [])
    victim = holder(workers.started)
    survivor = next(w for w in standby if w is not victim)
    kill_hard(victim)
    killed_at = time.monotonic()

    times = measure_recovery(job.pk, killed_at, survivor, workers.started)

    done = DossierJob.objects.get(pk=job.pk)
    assert done.attempts == 2
    assert len(pdf_pages(done, dossier_dir).pages) == done.page_count
    assert sorted(p.name for p in dossier_dir.glob(f"{job.pk}/*.pdf")) == [
        f"{done.sha256}-manifest.pdf",
        f"{done.sha256}.pdf",
    ]
    report(times, capsys)
    assert times["done"] < RECOVERY_BOUND, times


def measure_recovery(pk: int, killed_at: float, survivor, started) -> dict:
    """Run the watchdog on the beat's period (as `celery beat` would send it) until the job is done;
    seconds after the kill at which the job read as stalled, was sent again, ran again, was done. The
    beat's phase is random, as it is to a worker's death."""
    times: dict[str, float] = {}
    next_watchdog = time.monotonic() + random.uniform(0, settings.DOSSIER_WATCHDOG_SECONDS)
    while "done" not in times:
        now = time.monotonic()
        if now > killed_at + RECOVERY_BOUND + 60:
            pytest.fail(f"Not done {RECOVERY_BOUND + 60} s after the kill: {times}\n{logs(started)}")
        survivor.assert_alive()
        if now >= next_watchdog:
            if tasks.requeue_stalled_dossiers() == [pk]:
                times.setdefault("sent again", now - killed_at)
            next_watchdog = now + settings.DOSSIER_WATCHDOG_SECONDS
        job = DossierJob.objects.get(pk=pk)
        assert job.status != JobStatus.FAILED, job.error
        if job.stall == Stall.WORKER_LOST:
            times.setdefault("stalled", now - killed_at)
        if job.attempts == 2 and job.status == JobStatus.RUNNING and not job.stall:
            times.setdefault("running again", now - killed_at)
        if job.status == JobStatus.DONE:
            times["done"] = now - killed_at
        time.sleep(0.2)
    return times


def report(times: dict, capsys) -> None:
    facts = {
        **{key: round(value, 1) for key, value in times.items()},
        "lease": settings.DOSSIER_LEASE_SECONDS,
        "heartbeat": settings.DOSSIER_HEARTBEAT_SECONDS,
        "watchdog": settings.DOSSIER_WATCHDOG_SECONDS,
    }
    with capsys.disabled():
        print("\nrecovery after SIGKILL (s): " + ", ".join(f"{key} {value}" for key, value in facts.items()))
    if path := os.environ.get("DOSSIER_RECOVERY_REPORT"):
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(facts) + "\n")


def test_watchdog_runs_sent_while_no_worker_ran_expire(dossier_queue, workers, tmp_path):
    """Five beats with no worker up: when one comes back, none of them runs (the job they would all
    have sent again gets one message from the next beat, not five)."""
    entry = settings.CELERY_BEAT_SCHEDULE["dossier-watchdog"]
    sent = [
        tasks.requeue_stalled_dossiers.apply_async(queue=dossier_queue, **entry["options"]).id for _beat in range(5)
    ]
    time.sleep(entry["options"]["expires"] + 1)
    worker = workers(worker_env(tmp_path, tmp_path / "work"), dossier_queue)
    deadline = time.monotonic() + 60
    while sum(f"[{task_id}]" in worker.output() for task_id in sent) < len(sent):
        worker.assert_alive()
        if time.monotonic() > deadline:
            pytest.fail(f"The worker did not handle the five messages within 60 s:\n{worker.output()}")
        time.sleep(0.2)
    assert worker.stop() == 0, worker.output()
    for task_id in sent:
        assert f"Discarding revoked task: {tasks.requeue_stalled_dossiers.name}[{task_id}]" in worker.output()
    assert "requeue_stalled_dossiers" not in "".join(
        line for line in worker.output().splitlines() if "succeeded" in line
    )
