"""The rules of dossier jobs: who may ask, the lease that makes a job finish exactly once whatever
happens to its workers, the watchdog, retries, and a requester who loses their reach."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from accounts.choices import Role
from accounts.models import Assignment
from core.errors import ApplicationError
from dossiers import content, dispatch, jobs, services, tasks
from dossiers.choices import JobStatus
from dossiers.models import DossierJob
from regions.models import Region

pytestmark = pytest.mark.django_db

GAVE_UP = "Gave up after %(n)d attempts: the worker stopped each time (memory, time limit)."


def stored_files(dossier_dir, job) -> list[str]:
    folder = dossier_dir / str(job.pk)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def set_state(job, **fields) -> DossierJob:
    DossierJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


class WorkerKilled(BaseException):
    """The worker process dies mid-job (out of memory, hard time limit): no except clause runs."""


# --- requests -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.PPK, "13.02.03"),  # inside the regency, but the role may not export dossiers
        (Role.VIEWER, "13.02"),
        (Role.LEGAL, "13.01"),  # legal division of another regency
    ],
)
def test_case_dossier_refused_outside_export_reach(make_user, dossier_case, request_job, role, code):
    actor = make_user(role, code)
    with pytest.raises(ApplicationError) as caught:
        request_job(actor, "brief", case=dossier_case)
    assert "case" in caught.value.extra
    assert not DossierJob.objects.exists()


def test_case_dossier_of_the_own_regency_is_queued(legal, dossier_case, request_job):
    job = request_job(legal, "bundle", case=dossier_case)
    assert job.status == JobStatus.QUEUED
    assert job.region_id == "13.02" and job.case == dossier_case and job.requested_by == legal
    assert job.params == {"pdf_a": False}


@pytest.mark.parametrize("code", ["13.01", "11", None])
def test_inventory_request_outside_reach_refused(legal, request_job, code):
    region = Region.objects.get(code=code) if code else None
    with pytest.raises(ApplicationError) as caught:
        request_job(legal, "inventory", region=region)
    assert "region" in caught.value.extra
    assert not DossierJob.objects.exists()


def test_inventory_request_inside_reach_keeps_only_set_filters(legal, request_job):
    job = request_job(
        legal, "inventory", region=Region.objects.get(code="13.02.03"), filters={"stage": "dpt", "q": "", "risk": None}
    )
    assert job.region_id == "13.02.03" and job.case is None
    assert job.params == {"pdf_a": False, "filters": {"stage": "dpt"}}


def test_request_enqueues_the_task_after_commit(legal, dossier_case, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(tasks, "render_dossier", SimpleNamespace(delay=lambda job_id, ticket: sent.append(job_id)))
    with django_capture_on_commit_callbacks(execute=True):
        job = services.dossier_request(actor=legal, kind="exhibit_list", case=dossier_case)
        assert sent == []  # not before the job is committed
    assert sent == [job.pk]


# --- rendering once -------------------------------------------------------------------------------


def test_render_twice_renders_once(legal, dossier_case, request_job, storage):
    _evidence_dir, dossier_dir = storage
    job = request_job(legal, "exhibit_list", case=dossier_case)
    assert jobs.render_job(job.pk) == "done"
    job.refresh_from_db()
    first = (job.status, job.output.name, job.sha256, job.finished_at, job.attempts, job.manifest)
    assert job.status == JobStatus.DONE and job.attempts == 1

    # The task delivered again (acks_late, a redelivery): nothing happens.
    assert jobs.render_job(job.pk) == "skipped"
    job.refresh_from_db()
    assert (job.status, job.output.name, job.sha256, job.finished_at, job.attempts, job.manifest) == first
    assert stored_files(dossier_dir, job) == sorted(
        [f"{job.sha256}.pdf", f"{job.sha256}-manifest.pdf", f"{job.sha256}.json"]
    )
    assert job.manifest_pdf.name == f"{job.pk}/{job.sha256}-manifest.pdf"
    assert job.history.filter(history_change_reason="done").count() == 1


def test_render_of_a_missing_job_is_skipped(db):
    assert jobs.render_job(987654) == "skipped"


def test_stalled_job_is_taken_again_and_completes_once(legal, dossier_case, request_job, storage):
    _evidence_dir, dossier_dir = storage
    job = request_job(legal, "exhibit_list", case=dossier_case)
    # A first worker took it and died: running, attempt 1, lease ran out a minute ago.
    set_state(
        job,
        status=JobStatus.RUNNING,
        attempts=1,
        lease_token="dead-worker",
        lease_until=timezone.now() - timedelta(minutes=1),
        started_at=timezone.now() - timedelta(minutes=5),
    )
    assert jobs.render_job(job.pk) == "done"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 2
    assert job.lease_token == "" and job.lease_until is None
    assert job.sha256 and job.page_count
    # A redelivery of the first attempt's message finds nothing to do.
    assert jobs.render_job(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.attempts == 2
    assert stored_files(dossier_dir, job) == sorted(
        [f"{job.sha256}.pdf", f"{job.sha256}-manifest.pdf", f"{job.sha256}.json"]
    )


def test_job_with_a_live_lease_is_left_alone(legal, dossier_case, request_job, storage):
    _evidence_dir, dossier_dir = storage
    job = request_job(legal, "exhibit_list", case=dossier_case)
    until = timezone.now() + jobs.LEASE
    set_state(job, status=JobStatus.RUNNING, attempts=1, lease_token="live-worker", lease_until=until)
    assert jobs.render_job(job.pk) == "skipped"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.lease_token, job.lease_until) == (JobStatus.RUNNING, 1, "live-worker", until)
    assert stored_files(dossier_dir, job) == []


def kill_worker_while_planning(patcher, kind="exhibit_list"):
    """Every attempt dies while planning (as a worker killed by the kernel would), leaving its lease."""
    attempts = []

    def die(job):
        attempts.append(job.pk)
        raise WorkerKilled

    patcher.setitem(content.PLANS, kind, die)
    return attempts


def expire_lease(job):
    return set_state(job, lease_until=timezone.now() - timedelta(seconds=1))


def test_job_fails_readably_after_max_attempts(legal, dossier_case, request_job, monkeypatch, storage):
    _evidence_dir, dossier_dir = storage
    job = request_job(legal, "exhibit_list", case=dossier_case)
    attempts = kill_worker_while_planning(monkeypatch)
    for n in range(1, jobs.MAX_ATTEMPTS + 1):
        with pytest.raises(WorkerKilled):
            jobs.render_job(job.pk)
        job.refresh_from_db()
        assert (job.status, job.attempts) == (JobStatus.RUNNING, n)
        expire_lease(job)
    assert len(attempts) == jobs.MAX_ATTEMPTS

    # The watchdog sends it once more: it is not tried a fourth time, it fails with its reason.
    assert jobs.render_job(job.pk) == "skipped"
    assert len(attempts) == jobs.MAX_ATTEMPTS
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == gettext(GAVE_UP) % {"n": jobs.MAX_ATTEMPTS}
    assert str(jobs.MAX_ATTEMPTS) in job.error
    assert job.finished_at is not None and job.lease_token == ""
    assert not job.output.name and stored_files(dossier_dir, job) == []
    # And it stays failed.
    assert jobs.render_job(job.pk) == "skipped"
    assert len(attempts) == jobs.MAX_ATTEMPTS


# --- the watchdog ---------------------------------------------------------------------------------


def test_requeue_stalled_sends_dead_and_forgotten_jobs_again(legal, dossier_case, request_job, monkeypatch, settings):
    now = timezone.now()
    patience = settings.DOSSIER_QUEUED_PATIENCE

    # Six different documents: the same one asked for again while live would be the same job.
    documents = iter([(kind, pdf_a) for kind in ("exhibit_list", "brief", "bundle") for pdf_a in (False, True)])

    def job(**state):
        kind, pdf_a = next(documents)
        return set_state(request_job(legal, kind, case=dossier_case, pdf_a=pdf_a), **state)

    dead = job(status=JobStatus.RUNNING, lease_token="a", lease_until=now - timedelta(seconds=5), attempts=1)
    alive = job(status=JobStatus.RUNNING, lease_token="b", lease_until=now + timedelta(minutes=2), attempts=1)
    forgotten = job(requested_at=now - patience - timedelta(minutes=1))
    fresh = job()
    done_long_ago = job(
        status=JobStatus.DONE, output="x/y.pdf", sha256="0" * 64, requested_at=now - patience - timedelta(hours=1)
    )
    failed_long_ago = job(status=JobStatus.FAILED, requested_at=now - patience - timedelta(hours=1))

    sent = []
    monkeypatch.setattr(tasks, "render_dossier", SimpleNamespace(delay=lambda job_id, ticket: sent.append(job_id)))
    ids = dispatch.requeue_stalled(enqueue=tasks.render_dossier.delay, now=now)
    assert sorted(ids) == sorted([dead.pk, forgotten.pk])
    assert sorted(sent) == sorted(ids)
    for untouched in (alive, fresh, done_long_ago, failed_long_ago):
        assert untouched.pk not in sent
    # It only sends: the state is the task's business (the lease decides who renders).
    dead.refresh_from_db()
    assert dead.status == JobStatus.RUNNING and dead.lease_token == "a"


def test_requeued_task_renders_the_dead_workers_job(legal, dossier_case, request_job, monkeypatch):
    """The watchdog's message reaches a worker: the job completes (tasks.render_dossier, eagerly)."""
    job = set_state(
        request_job(legal, "exhibit_list", case=dossier_case),
        status=JobStatus.RUNNING,
        lease_token="dead",
        lease_until=timezone.now() - timedelta(seconds=1),
        attempts=1,
    )
    sent = []
    with monkeypatch.context() as patcher:
        patcher.setattr(tasks.render_dossier, "delay", lambda *args: sent.append(args))
        assert tasks.requeue_stalled_dossiers() == [job.pk]
    assert [job_id for job_id, _ticket in sent] == [job.pk]
    assert tasks.render_dossier.apply(args=sent[0]).get() == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)


# --- retry ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DONE])
def test_retry_refused_unless_failed(legal, dossier_case, request_job, status):
    job = request_job(legal, "exhibit_list", case=dossier_case)
    extra = {"output": "x/y.pdf", "sha256": "0" * 64} if status == JobStatus.DONE else {}
    job = set_state(job, status=status, **extra)
    with pytest.raises(ApplicationError) as caught:
        services.dossier_retry(actor=legal, job=job)
    assert "status" in caught.value.extra
    job.refresh_from_db()
    assert job.status == status


def test_retry_queues_a_failed_job_again(legal, dossier_case, request_job, monkeypatch):
    sent = []
    monkeypatch.setattr(services, "_enqueue", lambda job: sent.append(job.pk))
    job = request_job(legal, "exhibit_list", case=dossier_case)
    sent.clear()
    job = set_state(
        job,
        status=JobStatus.FAILED,
        error="Evidence file x.pdf does not match",
        step="Checking",
        progress=12,
        attempts=1,
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    retried = services.dossier_retry(actor=legal, job=job)
    retried.refresh_from_db()
    assert retried.status == JobStatus.QUEUED
    assert (retried.error, retried.step, retried.progress) == ("", "", 0)
    assert retried.started_at is None and retried.finished_at is None
    assert sent == [job.pk]
    assert retried.history.first().history_change_reason == "retry"
    assert jobs.render_job(job.pk) == "done"


def test_retry_after_giving_up_gets_fresh_attempts(legal, dossier_case, request_job, monkeypatch):
    """A job that failed after MAX_ATTEMPTS dead workers, retried once the cause is fixed, renders:
    the retry gives it a fresh count of attempts, or it would fail again at once, untried."""
    job = request_job(legal, "exhibit_list", case=dossier_case)
    with monkeypatch.context() as patcher:
        attempts = kill_worker_while_planning(patcher)
        for _n in range(jobs.MAX_ATTEMPTS):
            with pytest.raises(WorkerKilled):
                jobs.render_job(job.pk)
            expire_lease(job)
        assert jobs.render_job(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and len(attempts) == jobs.MAX_ATTEMPTS

    # The cause is fixed (more memory for the worker) and someone presses "try again".
    services.dossier_retry(actor=legal, job=job)
    assert jobs.render_job(job.pk) == "done"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.attempts == 1


# --- the requester's reach ------------------------------------------------------------------------


def test_requester_who_lost_their_assignment_gets_a_readable_failure(legal, dossier_case, request_job, storage):
    _evidence_dir, dossier_dir = storage
    job = request_job(legal, "bundle", case=dossier_case)
    Assignment.objects.filter(user=legal).update(valid_until=timezone.now() - timedelta(minutes=1))
    assert jobs.render_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == gettext("%(user)s may no longer export this dossier (outside their regions).") % {"user": legal}
    assert not job.output.name and not job.sha256 and job.page_count is None
    assert stored_files(dossier_dir, job) == []


def test_inventory_requester_who_lost_their_reach_fails(legal, request_job, storage):
    job = request_job(legal, "inventory", region=Region.objects.get(code="13.02"))
    Assignment.objects.filter(user=legal).delete()
    assert jobs.render_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert str(legal) in job.error


# --- a worker presumed dead that was not ----------------------------------------------------------


OTHER_WORKER = "other-worker"


def take_over(job_pk):
    """Another worker takes the job over (the watchdog presumed this one dead), as jobs.claim would."""
    DossierJob.objects.filter(pk=job_pk).update(
        lease_token=OTHER_WORKER, lease_until=timezone.now() + jobs.LEASE, attempts=2
    )


def test_lease_lost_during_layout_stops_without_writing(legal, dossier_case, request_job, monkeypatch, storage):
    _evidence_dir, dossier_dir = storage
    job = request_job(legal, "exhibit_list", case=dossier_case)
    real_assemble = jobs.assemble

    def assemble_then_lose_the_lease(*args, **kwargs):
        pages = real_assemble(*args, **kwargs)
        take_over(job.pk)  # meanwhile the watchdog gave the job to another worker
        return pages

    monkeypatch.setattr(jobs, "assemble", assemble_then_lose_the_lease)
    assert jobs.render_job(job.pk) == "lost"
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert job.lease_token == OTHER_WORKER and job.attempts == 2
    assert not job.output.name and not job.sha256 and not job.manifest
    assert stored_files(dossier_dir, job) == []
    assert not job.history.filter(history_change_reason="done").exists()


def test_lease_lost_just_before_finishing_is_not_marked_done(legal, dossier_case, request_job, monkeypatch, storage):
    _evidence_dir, dossier_dir = storage
    job = request_job(legal, "exhibit_list", case=dossier_case)
    real_finish = jobs._finish

    def lose_the_lease_then_finish(*args, **kwargs):
        take_over(job.pk)  # between the last progress update and the final transaction
        return real_finish(*args, **kwargs)

    with monkeypatch.context() as patcher:
        patcher.setattr(jobs, "_finish", lose_the_lease_then_finish)
        assert jobs.render_job(job.pk) == "lost"
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert job.lease_token == OTHER_WORKER
    assert not job.output.name and not job.sha256 and job.finished_at is None
    # The PDF, the manifest PDF and the JSON it had stored are deleted: nobody's result.
    assert stored_files(dossier_dir, job) == []

    # The other worker dies too; the next one finishes it, once.
    expire_lease(job)
    assert jobs.render_job(job.pk) == "done"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 3


@pytest.mark.parametrize("failing", [".json", "-manifest.pdf"])
def test_a_storage_failure_while_storing_leaves_no_partial_files(
    legal, dossier_case, request_job, monkeypatch, storage, failing
):
    """The PDF, its manifest PDF and its JSON are stored together or not at all: storage failing on
    the last of them (or the middle one) takes back what was already written, and the job fails."""
    _evidence_dir, dossier_dir = storage
    job = request_job(legal, "exhibit_list", case=dossier_case)
    real_put_as = jobs.put_as

    def put_as(fileobj, *, name, **kwargs):
        if name.endswith(failing):
            raise OSError("disk full")
        return real_put_as(fileobj, name=name, **kwargs)

    monkeypatch.setattr(jobs, "put_as", put_as)
    assert jobs.render_job(job.pk, last_try=True) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "disk full" in job.error
    assert not job.output.name and not job.manifest_pdf.name and not job.manifest_file.name
    assert stored_files(dossier_dir, job) == []
