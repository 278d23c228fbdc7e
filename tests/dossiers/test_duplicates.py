"""Asking again for a dossier already queued or being rendered returns that job instead of rendering it
twice: a double submit, or five colleagues asking for the same brief. The same document means the same
kind, subject and options, asked for by someone who sees the same content (the same assignments);
anything else is another document and another job. Concurrent requests on the real database:
test_duplicates_race.py."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from dossiers import services, tasks
from dossiers.choices import DossierKind, JobStatus
from dossiers.models import DossierJob
from tests.dossiers.test_api import failed_job

pytestmark = pytest.mark.django_db

API = "/api/dossiers/"


@pytest.fixture(autouse=True)
def sent(monkeypatch, settings):
    """The render messages sent (job ids), once the requests commit."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    messages = []
    monkeypatch.setattr(tasks, "render_dossier", SimpleNamespace(delay=lambda job_id, ticket: messages.append(job_id)))
    return messages


@pytest.fixture
def ask(dossier_case, django_capture_on_commit_callbacks):
    def make(actor, kind=DossierKind.BRIEF, **options):
        with django_capture_on_commit_callbacks(execute=True):
            return services.dossier_request(actor=actor, kind=kind, case=dossier_case, **options)

    return make


def test_a_double_submit_on_the_case_page_makes_one_job(
    client, legal, dossier_case, sent, django_capture_on_commit_callbacks
):
    client.force_login(legal)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages
    url = reverse("case_dossiers", args=[dossier_case.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"kind": DossierKind.BRIEF}, HTTP_HX_REQUEST="true")
        second = client.post(url, {"kind": DossierKind.BRIEF}, HTTP_HX_REQUEST="true").content.decode()

    job = DossierJob.objects.get()
    assert sent == [job.pk]
    assert "already asked for" in second
    assert second.count(f'id="dossier-{job.pk}"') == 1


def test_the_api_answers_the_same_request_with_the_live_job(
    client, legal, dossier_case, sent, django_capture_on_commit_callbacks
):
    client.force_login(legal)
    payload = {"kind": DossierKind.BUNDLE, "case": dossier_case.pk, "pdf_a": True}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(API, payload, "application/json")
        again = client.post(API, payload, "application/json")
    assert (first.status_code, again.status_code) == (202, 202)
    assert first.json()["id"] == again.json()["id"] == DossierJob.objects.get().pk
    assert sent == [first.json()["id"]]


def test_colleagues_who_see_the_same_share_the_job_other_documents_do_not(ask, make_user, legal, sent):
    colleagues = [legal, *(make_user(Role.LEGAL, "13.02") for _n in range(4))]
    jobs = [ask(user) for user in colleagues]
    assert {job.pk for job in jobs} == {jobs[0].pk}
    assert [job.reused for job in jobs] == [False, True, True, True, True]
    assert jobs[-1].requested_by == legal  # the job is the first requester's

    # Other documents: another kind, other options, or a requester who sees more (the province: the
    # brief would hold what only they may see) or also elsewhere.
    others = [
        ask(legal, DossierKind.EXHIBIT_LIST),
        ask(legal, pdf_a=True),
        ask(make_user(Role.LEGAL, "13")),
        ask(make_user(Role.LEGAL, None)),
    ]
    assert len({job.pk for job in [jobs[0], *others]}) == 5
    assert len(sent) == 5


@pytest.mark.parametrize("status", [JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED])
def test_once_the_job_is_finished_the_same_request_renders_again(ask, legal, status, sent):
    first = ask(legal)
    extra = {"output": "x/y.pdf", "sha256": "0" * 64} if status == JobStatus.DONE else {}
    DossierJob.objects.filter(pk=first.pk).update(status=status, finished_at=timezone.now(), **extra)
    second = ask(legal)
    assert second.pk != first.pk and not second.reused
    assert sent == [first.pk, second.pk]


def test_retrying_a_failed_job_while_the_same_is_live_returns_the_live_one(
    ask, client, legal, dossier_case, sent, django_capture_on_commit_callbacks
):
    old = failed_job(case=dossier_case, requested_by=legal)
    # The failed job was asked for as the request below asks (identities are set by requests).
    old.params = {"pdf_a": False}
    DossierJob.objects.filter(pk=old.pk).update(params=old.params, identity=services.identity(old))
    live = ask(legal)
    client.force_login(legal)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{API}{old.pk}/retry/")
    assert response.status_code == 202
    assert response.json()["id"] == live.pk
    old.refresh_from_db()
    assert old.status == JobStatus.FAILED
    assert sent == [live.pk]


def test_asking_again_while_it_renders_says_it_shows_the_case_as_it_was(client, legal, dossier_case, ask, sent):
    job = ask(legal)
    DossierJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now(), progress=40)
    client.force_login(legal)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages
    html = client.post(
        reverse("case_dossiers", args=[dossier_case.pk]), {"kind": DossierKind.BRIEF}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "already asked for" in html
    assert "as it was when it started" in html
    assert DossierJob.objects.count() == 1 and sent == [job.pk]
