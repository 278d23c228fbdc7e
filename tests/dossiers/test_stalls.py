"""A job that is not moving says so, with no worker running to say it: the page and the API read
"stalled" from the lease (the worker stopped renewing it) and "not started" from the clock (queued
longer than DOSSIER_QUEUED_PATIENCE), and offer to try again or cancel. The watchdog sends a stalled
job one message, however many of its runs pile up, and only that message may start the job.

Texts are asserted in English (Accept-Language: en); the markers (data-stall, data-testid) hold in
every language."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from dossiers import content, dispatch, jobs, services, tasks
from dossiers.choices import DossierKind, JobStatus
from dossiers.models import DossierJob

pytestmark = pytest.mark.django_db

API = "/api/dossiers/"


@pytest.fixture
def sent(monkeypatch):
    """The render messages sent, as (job id, ticket), in the order they left."""
    messages = []
    monkeypatch.setattr(tasks, "render_dossier", SimpleNamespace(delay=lambda *args: messages.append(args)))
    return messages


@pytest.fixture
def ask(legal, dossier_case, sent, django_capture_on_commit_callbacks):
    """A real request for the case's exhibit list; its message is recorded in `sent`."""

    def make(kind=DossierKind.EXHIBIT_LIST, actor=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.dossier_request(actor=actor or legal, kind=kind, case=dossier_case)

    return make


@pytest.fixture
def legal_client(client, legal, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(legal)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages
    return client


def worker_died(job, *, progress=15, seconds_ago=1):
    """What a worker killed mid-render leaves: running, its step, a lease that ran out; its message was
    sent before it started."""
    now = timezone.now()
    DossierJob.objects.filter(pk=job.pk).update(
        sent_at=now - timedelta(minutes=3),
        status=JobStatus.RUNNING,
        progress=progress,
        step="Checking evidence hashes (16 of 16)",
        attempts=1,
        lease_token="dead-worker",
        lease_until=now - timedelta(seconds=seconds_ago),
        started_at=now - timedelta(minutes=2),
    )
    job.refresh_from_db()
    return job


def row(client, job) -> str:
    return client.get(reverse("dossier_job", args=[job.pk])).content.decode()


# --- told at read time ------------------------------------------------------------------------------


def test_a_job_whose_worker_died_is_shown_stalled_with_retry_and_cancel(ask, legal_client, dossier_case):
    job = ask()
    DossierJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress=15, attempts=1, lease_token="w", lease_until=timezone.now() + jobs.LEASE
    )
    alive = row(legal_client, job)
    assert 'data-stall=""' in alive and 'data-testid="dossier-progress"' in alive
    assert 'data-testid="dossier-retry"' not in alive
    assert legal_client.get(f"{API}{job.pk}/").json()["stalled"] is None

    worker_died(job)
    html = row(legal_client, job)
    assert 'data-stall="worker_lost"' in html
    assert "The worker stopped responding" in html
    assert "Stopped at 15%" in html
    assert 'data-testid="dossier-retry"' in html and 'data-testid="dossier-cancel"' in html
    assert 'data-testid="dossier-progress"' not in html  # no bar that looks alive
    assert "hx-get" in html  # still polled: it shows the recovery when a worker comes back
    panel = legal_client.get(reverse("case_dossiers", args=[dossier_case.pk])).content.decode()
    assert 'data-stall="worker_lost"' in panel

    data = legal_client.get(f"{API}{job.pk}/").json()
    assert (data["status"], data["stalled"], data["actions"]) == ("running", "worker_lost", ["retry", "cancel"])
    assert data["stalled_since"] is not None
    assert "stopped responding" in data["notice"]
    listed = legal_client.get(API, {"case": dossier_case.pk}).json()["results"]
    assert [(j["id"], j["stalled"]) for j in listed] == [(job.pk, "worker_lost")]


def test_a_job_no_worker_started_is_shown_as_such(ask, legal_client, settings):
    job = ask()
    html = row(legal_client, job)
    assert 'data-stall=""' in html and "Waiting for a worker" in html
    assert 'data-testid="dossier-retry"' not in html and 'data-testid="dossier-cancel"' in html
    assert legal_client.get(f"{API}{job.pk}/").json()["actions"] == ["cancel"]

    DossierJob.objects.filter(pk=job.pk).update(
        requested_at=timezone.now() - settings.DOSSIER_QUEUED_PATIENCE - timedelta(seconds=1)
    )
    html = row(legal_client, job)
    assert 'data-stall="not_started"' in html
    assert "No worker has started it" in html
    assert 'data-testid="dossier-retry"' in html and 'data-testid="dossier-cancel"' in html
    data = legal_client.get(f"{API}{job.pk}/").json()
    assert (data["status"], data["stalled"], data["actions"]) == ("queued", "not_started", ["retry", "cancel"])


# --- retry and cancel -------------------------------------------------------------------------------


def test_retry_of_a_job_no_worker_started_sends_it_again(
    ask, legal_client, sent, settings, django_capture_on_commit_callbacks
):
    job = ask()
    DossierJob.objects.filter(pk=job.pk).update(
        requested_at=timezone.now() - settings.DOSSIER_QUEUED_PATIENCE - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = legal_client.post(f"{API}{job.pk}/retry/")
    assert response.status_code == 202
    assert (response.json()["status"], response.json()["stalled"]) == ("queued", None)
    assert [pk for pk, _ticket in sent] == [job.pk, job.pk]
    job.refresh_from_db()
    assert job.ticket == sent[-1][1] != sent[0][1]


def test_retry_of_a_stalled_job_sends_one_message_and_only_it_starts_the_job(
    ask, legal_client, sent, storage, django_capture_on_commit_callbacks
):
    job = ask()
    (first_ticket,) = [ticket for pk, ticket in sent if pk == job.pk]
    worker_died(job)

    with django_capture_on_commit_callbacks(execute=True):
        response = legal_client.post(reverse("dossier_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts, job.lease_token) == (JobStatus.QUEUED, 0, "")
    assert [pk for pk, _ticket in sent] == [job.pk, job.pk]
    new_ticket = sent[-1][1]
    assert new_ticket != first_ticket

    # The first message, delivered late (or again), starts nothing; the retry's renders the job.
    assert jobs.render_job(job.pk, first_ticket) == "skipped"
    assert jobs.render_job(job.pk, new_ticket) == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)


def test_cancel_stops_the_worker_at_its_next_step_and_nothing_is_stored(ask, legal, legal_client, storage, monkeypatch):
    _evidence_dir, dossier_dir = storage
    job = ask()
    plan = content.PLANS[DossierKind.EXHIBIT_LIST]

    def cancelled_while_planning(running_job):
        # The user presses Cancel (API) while the worker is collecting the content.
        response = legal_client.post(f"{API}{running_job.pk}/cancel/")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "cancelled"
        return plan(running_job)

    monkeypatch.setitem(content.PLANS, DossierKind.EXHIBIT_LIST, cancelled_while_planning)
    assert jobs.render_job(job.pk, DossierJob.objects.get(pk=job.pk).ticket) == "lost"
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and not job.output.name and not job.sha256
    assert not (dossier_dir / str(job.pk)).exists()
    html = row(legal_client, job)
    # Who cancelled, in the language of whoever pressed Cancel (the reason is stored with the job).
    assert escape(f"Cancelled by {legal}.") in html or escape(f"Dibatalkan oleh {legal}.") in html
    assert "hx-get" not in html and 'data-testid="dossier-retry"' in html
    assert job.history.first().history_change_reason == "cancel"


def test_only_a_live_job_is_cancelled(legal_client, legal, storage):
    from tests.dossiers.test_api import finished_job

    job = finished_job(requested_by=legal)
    response = legal_client.post(f"{API}{job.pk}/cancel/")
    assert response.status_code == 400 and "status" in response.json()["extra"]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


# --- the watchdog -----------------------------------------------------------------------------------


def test_piled_up_watchdog_runs_send_a_stalled_job_one_message(ask, sent, settings):
    """Ten runs of the watchdog (as the beat's messages pile up while no worker runs) send one message
    for one stall; the next stall of the same job, one more; a message lost with the broker, one more
    after the patience."""
    job = worker_died(ask())
    sent.clear()
    now = timezone.now()
    for second in range(10):
        dispatch.requeue_stalled(enqueue=tasks.render_dossier.delay, now=now + timedelta(seconds=second))
    assert [pk for pk, _ticket in sent] == [job.pk]
    job.refresh_from_db()
    assert job.ticket == sent[0][1]

    # The message starts attempt 2, whose worker dies too: one message again.
    claimed, _token = jobs.claim(job.pk, job.ticket)
    assert claimed.attempts == 2
    DossierJob.objects.filter(pk=job.pk).update(lease_until=now + timedelta(seconds=20))
    later = now + timedelta(seconds=21)
    for second in range(10):
        dispatch.requeue_stalled(enqueue=tasks.render_dossier.delay, now=later + timedelta(seconds=second))
    assert len(sent) == 2

    # Nobody took that one (lost with a broker restart): sent again once the patience is over, once.
    much_later = later + settings.DOSSIER_QUEUED_PATIENCE + timedelta(seconds=1)
    for second in range(10):
        dispatch.requeue_stalled(enqueue=tasks.render_dossier.delay, now=much_later + timedelta(seconds=second))
    assert len(sent) == 3
    tickets = [ticket for _pk, ticket in sent]
    assert len(set(tickets)) == 3
    job.refresh_from_db()
    assert [jobs.claim(job.pk, ticket) for ticket in tickets[:2]] == [None, None]


def test_the_beat_lets_watchdog_runs_expire_rather_than_pile_up(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["dossier-watchdog"]
    assert entry["task"] == tasks.requeue_stalled_dossiers.name
    assert 0 < entry["options"]["expires"] <= entry["schedule"]
    # Recovery within a minute of a worker's death: lease + watchdog period, with room for the render.
    assert settings.DOSSIER_LEASE_SECONDS + entry["schedule"] <= 45
    assert settings.DOSSIER_HEARTBEAT_SECONDS * 3 <= settings.DOSSIER_LEASE_SECONDS
