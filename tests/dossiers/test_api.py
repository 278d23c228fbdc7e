"""Dossier jobs through the API (/api/dossiers/) and the pages (the case page's dossier section, the
dossier list, downloads): requests answer at once with a queued job, refusals store nothing, progress
is readable while the worker renders, and a PDF is served only while it matches its SHA-256.

The worker is not involved here: requests are stored without sending their task (`_enqueue` is
replaced), and finished jobs are either rendered in this process (`render`) or made directly with a
small stored PDF (`finished_job`).
"""

import hashlib
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.choices import Role
from dossiers import services
from dossiers.choices import DossierKind, JobStatus
from dossiers.models import DossierDownload, DossierJob, dossier_storage
from tests.cases.factories import CaseFactory, ClaimFactory, ContestFactory
from tests.factories import UserFactory
from tests.inventory.factories import pdf_bytes

TPS = "13.02.03.2002.001"
API = "/api/dossiers/"


# --- helpers shared with test_pages_scoping.py ------------------------------------------------------


def finished_job(*, case=None, requested_by=None, kind=DossierKind.BRIEF, text="Jawaban Termohon") -> DossierJob:
    """A done job of `case` (a new case of KPU Kabupaten Solok by default) whose PDF and manifest annex
    are small real PDFs, stored in the dossier storage under the PDF's hash as the worker stores them,
    their hashes recorded as the worker records them (needs `storage`)."""
    case = case or CaseFactory()
    data = pdf_bytes(text)
    digest = hashlib.sha256(data).hexdigest()
    annex = pdf_bytes(f"Manifes berkas {digest}")
    job = DossierJob.objects.create(
        kind=kind, case=case, region_id=case.respondent_office_id, requested_by=requested_by or UserFactory()
    )
    name = dossier_storage().save(f"{job.pk}/{digest}.pdf", ContentFile(data))
    annex_name = dossier_storage().save(f"{job.pk}/{digest}-manifest.pdf", ContentFile(annex))
    manifest = {
        "job": job.pk,
        "kind": kind,
        "pdf": {"sha256": digest, "size": len(data), "pages": 1},
        "manifest_pdf": {"sha256": hashlib.sha256(annex).hexdigest(), "size": len(annex), "pages": 1},
        "files": [{"evidence_id": 1, "labels": ["T-1"], "name": "c-hasil.pdf", "sha256": "0" * 64}],
    }
    DossierJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        progress=100,
        attempts=1,
        output=name,
        manifest_pdf=annex_name,
        sha256=digest,
        size=len(data),
        page_count=1,
        manifest=manifest,
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def failed_job(*, case=None, requested_by=None, kind=DossierKind.BRIEF) -> DossierJob:
    case = case or CaseFactory()
    return DossierJob.objects.create(
        kind=kind,
        case=case,
        region_id=case.respondent_office_id,
        requested_by=requested_by or UserFactory(),
        status=JobStatus.FAILED,
        attempts=1,
        error="Evidence file x.pdf does not match its SHA-256.",
        finished_at=timezone.now(),
    )


def tamper(job: DossierJob, field: str = "output") -> None:
    """Overwrite the stored PDF (or manifest annex) in place (same name, other bytes), as someone with
    disk access might."""
    path = dossier_storage().path(getattr(job, field).name)
    with open(path, "r+b") as fileobj:
        fileobj.seek(20)
        fileobj.write(b"tampered")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def enqueued(monkeypatch):
    """The ids of the jobs whose task would have been sent (no broker in these tests)."""
    sent = []
    monkeypatch.setattr(services, "_enqueue", lambda job: sent.append(job.pk))
    return sent


@pytest.fixture
def api(client, legal):
    client.force_login(legal)
    return client


# --- requests ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_request_answers_202_with_a_queued_job(api, legal, dossier_case, enqueued):
    response = api.post(API, {"kind": "brief", "case": dossier_case.pk}, content_type="application/json")
    assert response.status_code == 202, response.content
    data = response.json()
    job = DossierJob.objects.get()
    assert data["id"] == job.pk
    assert data["status"] == "queued"
    assert (data["kind"], data["case"], data["case_number"]) == ("brief", dossier_case.pk, dossier_case.register_number)
    assert (data["progress"], data["attempts"], data["download_url"]) == (0, 0, None)
    assert data["requested_by"] == legal.username
    assert job.region_id == "13.02"
    assert job.params == {"pdf_a": False}
    assert enqueued == [job.pk]


@pytest.mark.django_db
def test_request_sends_the_task_once_the_job_is_committed(
    api, dossier_case, monkeypatch, django_capture_on_commit_callbacks
):
    from dossiers import tasks

    sent = []

    class Task:
        @staticmethod
        def delay(job_id, ticket):
            sent.append(job_id)

    monkeypatch.setattr(tasks, "render_dossier", Task)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.post(API, {"kind": "bundle", "case": dossier_case.pk, "pdf_a": True}, "application/json")
        assert response.status_code == 202
        assert sent == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [response.json()["id"]]
    assert DossierJob.objects.get().params == {"pdf_a": True}


@pytest.mark.django_db
def test_inventory_request_for_a_region(api, storage, enqueued):
    response = api.post(
        API, {"kind": "inventory", "region": "13.02.03", "filters": {"risk": "high", "stage": ""}}, "application/json"
    )
    assert response.status_code == 202, response.content
    job = DossierJob.objects.get()
    assert (job.kind, job.case, job.region_id) == ("inventory", None, "13.02.03")
    assert job.params == {"pdf_a": False, "filters": {"risk": "high"}}


def _outside_case():
    return CaseFactory(respondent_office_id="13.01", contest=ContestFactory(region_id="13.01"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        pytest.param(lambda case: {"kind": "brief"}, "case", id="brief-without-case"),
        pytest.param(lambda case: {"kind": "bundle", "case": None}, "case", id="bundle-with-null-case"),
        pytest.param(
            lambda case: {"kind": "inventory", "case": case.pk, "region": "13.02"}, "case", id="inventory-with-case"
        ),
        pytest.param(lambda case: {"kind": "poster", "case": case.pk}, "kind", id="unknown-kind"),
        pytest.param(lambda case: {"kind": "brief", "case": 999_999}, "case", id="missing-case"),
        pytest.param(lambda case: {"kind": "brief", "case": _outside_case().pk}, "case", id="case-out-of-reach"),
        pytest.param(lambda case: {"kind": "inventory", "region": "13.01"}, "region", id="region-out-of-reach"),
        pytest.param(lambda case: {"kind": "inventory", "region": "99.99"}, "region", id="unknown-region"),
    ],
)
def test_refused_requests_answer_400_and_store_nothing(api, dossier_case, enqueued, payload, field):
    response = api.post(API, payload(dossier_case), content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()["extra"], response.json()
    assert not DossierJob.objects.exists()
    assert enqueued == []


@pytest.mark.django_db
def test_roles_without_export_may_not_request(client, make_user, dossier_case, enqueued):
    client.force_login(make_user(Role.VIEWER, "13.02"))
    response = client.post(API, {"kind": "brief", "case": dossier_case.pk}, content_type="application/json")
    assert response.status_code == 403
    assert not DossierJob.objects.exists()


# --- progress, retry ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_running_job_shows_its_progress(api, legal, dossier_case, request_job):
    job = request_job(legal, DossierKind.EXHIBIT_LIST, case=dossier_case)
    DossierJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress=40, step="Laying out section 1 of 2", attempts=1, started_at=timezone.now()
    )
    data = api.get(f"{API}{job.pk}/").json()
    assert (data["status"], data["progress"], data["step"], data["attempts"]) == (
        "running",
        40,
        "Laying out section 1 of 2",
        1,
    )
    assert data["started_at"] is not None
    assert (data["finished_at"], data["sha256"], data["download_url"]) == (None, "", None)
    listed = api.get(API, {"case": dossier_case.pk, "status": "running"}).json()["results"]
    assert [j["id"] for j in listed] == [job.pk]
    assert api.get(API, {"status": "done"}).json()["results"] == []


@pytest.mark.django_db
def test_jobs_of_a_region_are_seen_by_everyone_who_may_export_there(
    client, make_user, legal, dossier_case, request_job
):
    """Not only the requester: a colleague (technical division) of the same office sees it too."""
    job = request_job(legal, DossierKind.BRIEF, case=dossier_case)
    client.force_login(make_user(Role.TECHNICAL, "13.02"))
    assert [j["id"] for j in client.get(API).json()["results"]] == [job.pk]


@pytest.mark.django_db
def test_retry_queues_a_failed_job_again(api, legal, storage, enqueued):
    job = failed_job(requested_by=legal)
    response = api.post(f"{API}{job.pk}/retry/")
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "queued"
    job.refresh_from_db()
    assert (job.status, job.error, job.progress, job.finished_at) == (JobStatus.QUEUED, "", 0, None)
    assert enqueued == [job.pk]


@pytest.mark.django_db
def test_only_a_failed_job_is_retried(api, legal, storage, enqueued):
    job = finished_job(requested_by=legal)
    response = api.post(f"{API}{job.pk}/retry/")
    assert response.status_code == 400
    assert "status" in response.json()["extra"]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert enqueued == []


# --- downloads and manifests -------------------------------------------------------------------------


@pytest.mark.django_db
def test_download_of_a_rendered_dossier(api, legal, dossier_case, request_job, render):
    job = render(request_job(legal, DossierKind.EXHIBIT_LIST, case=dossier_case))
    assert job.status == JobStatus.DONE, job.error
    data = api.get(f"{API}{job.pk}/").json()
    assert data["download_url"] == f"http://testserver{API}{job.pk}/download/"
    assert (data["sha256"], data["page_count"], data["size"]) == (job.sha256, job.page_count, job.size)

    response = api.get(f"{API}{job.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-SHA256"] == job.sha256
    assert "no-store" in response["Cache-Control"]
    # The court's name for the document: "/" of the register number as "-", never a folder.
    assert response["Content-Disposition"] == 'attachment; filename="Daftar Alat Bukti 87-PHPU.BUP-XXIII-2025.pdf"'
    pdf = body(response)
    assert hashlib.sha256(pdf).hexdigest() == job.sha256
    assert len(pdf) == job.size
    assert len(PdfReader(io.BytesIO(pdf)).pages) == job.page_count
    assert list(DossierDownload.objects.values_list("job", "user", "intact")) == [(job.pk, legal.pk, True)]

    manifest = api.get(f"{API}{job.pk}/manifest/")
    assert manifest.status_code == 200
    listed = {f["evidence_id"]: f for f in manifest.json()["files"]}
    files = dossier_case.files
    # The exhibits' files in the Termohon's region, never the one stored in 13.01.
    assert set(listed) == {files["photo"].pk, files["scan"].pk, files["minutes"].pk}
    assert listed[files["scan"].pk]["sha256"] == files["scan"].sha256
    assert manifest.json()["pdf"]["sha256"] == job.sha256
    # The stored JSON manifest says the same.
    with dossier_storage().open(job.manifest_file.name) as stored:
        assert json.load(stored) == manifest.json()

    # The manifest annex: its own PDF, its own download, hash checked and logged like the document.
    assert data["manifest_pdf_url"] == f"http://testserver{API}{job.pk}/manifest-pdf/"
    annex = api.get(f"{API}{job.pk}/manifest-pdf/")
    assert annex.status_code == 200
    assert annex["Content-Type"] == "application/pdf"
    assert annex["Content-Disposition"] == (
        'attachment; filename="Manifes Daftar Alat Bukti 87-PHPU.BUP-XXIII-2025.pdf"'
    )
    annex_bytes = body(annex)
    assert hashlib.sha256(annex_bytes).hexdigest() == annex["X-Content-SHA256"] == job.manifest_pdf_sha256
    assert manifest.json()["manifest_pdf"]["sha256"] == job.manifest_pdf_sha256
    assert job.sha256 in "".join(PdfReader(io.BytesIO(annex_bytes)).pages[0].extract_text().split())
    assert DossierDownload.objects.count() == 2


@pytest.mark.django_db
def test_a_tampered_pdf_is_not_served(api, legal, storage):
    job = finished_job(requested_by=legal)
    assert api.get(f"{API}{job.pk}/download/").status_code == 200
    tamper(job)
    response = api.get(f"{API}{job.pk}/download/")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/json"
    assert "SHA-256" in response.json()["message"]
    assert list(DossierDownload.objects.order_by("at", "pk").values_list("intact", flat=True)) == [True, False]
    assert DossierDownload.objects.filter(intact=False, user=legal, job=job).count() == 1


@pytest.mark.django_db
def test_a_tampered_manifest_pdf_is_not_served(api, client, legal, storage):
    job = finished_job(requested_by=legal)
    tamper(job, "manifest_pdf")
    response = api.get(f"{API}{job.pk}/manifest-pdf/")
    assert response.status_code == 409
    assert "SHA-256" in response.json()["message"]
    page = client.get(reverse("dossier_manifest_pdf", args=[job.pk]))
    assert page.status_code == 409
    assert job.manifest_pdf_sha256 in page.content.decode()
    assert list(DossierDownload.objects.values_list("intact", flat=True)) == [False, False]
    # The document itself is untouched and still served.
    assert api.get(f"{API}{job.pk}/download/").status_code == 200


@pytest.mark.django_db
def test_no_manifest_pdf_for_a_job_made_before_there_was_one(api, legal, storage):
    job = finished_job(requested_by=legal)
    DossierJob.objects.filter(pk=job.pk).update(manifest_pdf="")
    assert api.get(f"{API}{job.pk}/manifest-pdf/").status_code == 404
    assert api.get(f"{API}{job.pk}/").json()["manifest_pdf_url"] is None
    assert not DossierDownload.objects.exists()


@pytest.mark.django_db
def test_a_missing_pdf_is_not_served(api, legal, storage):
    job = finished_job(requested_by=legal)
    dossier_storage().delete(job.output.name)
    assert api.get(f"{API}{job.pk}/download/").status_code == 409
    assert DossierDownload.objects.get().intact is False


@pytest.mark.django_db
def test_manifest_of_a_finished_job(api, legal, storage):
    job = finished_job(requested_by=legal)
    response = api.get(f"{API}{job.pk}/manifest/")
    assert response.status_code == 200
    assert response.json()["files"][0]["labels"] == ["T-1"]


@pytest.mark.django_db
def test_nothing_to_download_before_the_job_is_done(api, legal, dossier_case, request_job):
    job = request_job(legal, DossierKind.BRIEF, case=dossier_case)
    assert api.get(f"{API}{job.pk}/download/").status_code == 404
    assert api.get(f"{API}{job.pk}/manifest/").status_code == 400
    assert not DossierDownload.objects.exists()


# --- pages -----------------------------------------------------------------------------------------


def case_page(client, case) -> str:
    """The case page as a browser shows it: the page, then the dossier section it loads by htmx."""
    response = client.get(reverse("case_detail", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    panel = reverse("case_dossier_panel", args=[case.pk])
    if f'hx-get="{panel}" hx-trigger="load"' in html:
        loaded = client.get(panel, HTTP_HX_REQUEST="true")
        assert loaded.status_code == 200
        html += loaded.content.decode()
    return html


@pytest.mark.django_db
def test_case_page_offers_dossiers_to_the_legal_division(client, legal, dossier_case):
    client.force_login(legal)
    html = case_page(client, dossier_case)
    assert 'id="dossiers"' in html
    for kind in ("brief", "exhibit_list", "bundle"):
        assert f'data-testid="request-{kind}"' in html
    assert 'data-testid="request-inventory"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "region"), [(Role.VIEWER, "13.02"), (Role.PPK, "13.02.03")])
def test_case_page_offers_no_dossiers_without_export(client, make_user, dossier_case, request_job, legal, role, region):
    """A viewer of the office sees the whole case page; a PPK sees it through a claim in their kecamatan."""
    ClaimFactory(case=dossier_case, locations=[TPS])
    request_job(legal, DossierKind.BRIEF, case=dossier_case)
    client.force_login(make_user(role, region))
    html = case_page(client, dossier_case)
    assert 'data-testid="request-' not in html
    assert 'data-testid="dossier-job"' not in html
    assert reverse("case_dossiers", args=[dossier_case.pk]) not in html


@pytest.mark.django_db
def test_requesting_from_the_case_page_shows_the_job_with_its_progress(client, legal, dossier_case, enqueued):
    client.force_login(legal)
    url = reverse("case_dossiers", args=[dossier_case.pk])
    response = client.post(url, {"kind": "bundle"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    job = DossierJob.objects.get()
    assert (job.kind, job.case, job.requested_by, job.status) == ("bundle", dossier_case, legal, JobStatus.QUEUED)
    assert enqueued == [job.pk]
    panel = response.content.decode()
    assert f'id="dossier-{job.pk}"' in panel
    assert 'data-status="queued"' in panel
    assert 'data-testid="dossier-progress"' in panel
    assert f'hx-get="{url}"' in panel  # the panel polls while a job is unfinished

    # Without HTMX: back to the case page, which lists the job too.
    response = client.post(url, {"kind": "brief", "pdf_a": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("case_detail", args=[dossier_case.pk]) + "#dossiers"
    assert DossierJob.objects.get(kind="brief").params == {"pdf_a": True}
    html = case_page(client, dossier_case)
    assert html.count('data-testid="dossier-job"') == 2


@pytest.mark.django_db
def test_panel_stops_polling_once_every_job_is_finished(client, legal, dossier_case):
    finished_job(case=dossier_case, requested_by=legal)
    client.force_login(legal)
    url = reverse("case_dossiers", args=[dossier_case.pk])
    panel = client.get(url).content.decode()
    assert 'data-testid="dossier-download"' in panel
    assert 'data-status="done"' in panel
    assert "hx-get" not in panel


@pytest.mark.django_db
def test_unknown_kind_from_the_case_page_stores_nothing(client, legal, dossier_case, enqueued):
    client.force_login(legal)
    response = client.post(reverse("case_dossiers", args=[dossier_case.pk]), {"kind": "inventory"})
    assert response.status_code == 302
    assert not DossierJob.objects.exists()
    assert enqueued == []


@pytest.mark.django_db
def test_job_row_polls_until_finished(client, legal, dossier_case, request_job):
    job = request_job(legal, DossierKind.BRIEF, case=dossier_case)
    client.force_login(legal)
    url = reverse("dossier_job", args=[job.pk])
    row = client.get(url).content.decode()
    assert f'hx-get="{url}"' in row
    assert 'data-testid="dossier-progress"' in row
    DossierJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="Evidence file x.pdf changed")
    row = client.get(url).content.decode()
    assert "hx-get" not in row
    assert 'data-testid="dossier-retry"' in row
    assert "Evidence file x.pdf changed" in row


@pytest.mark.django_db
def test_dossier_list_shows_the_jobs_and_prepares_inventory_reports(client, legal, dossier_case, enqueued):
    brief = services.dossier_request(actor=legal, kind=DossierKind.BRIEF, case=dossier_case)
    client.force_login(legal)
    html = client.get(reverse("dossier_list")).content.decode()
    assert f'id="dossier-{brief.pk}"' in html
    assert dossier_case.register_number in html
    assert 'data-testid="request-inventory"' in html
    assert 'value="13.02"' in html  # the form starts at the user's one region

    response = client.post(reverse("dossier_list"), {"region": "13.02.03", "risk": "high"})
    assert response.status_code == 302
    report = DossierJob.objects.get(kind="inventory")
    assert (report.region_id, report.params["filters"]) == ("13.02.03", {"risk": "high"})
    assert enqueued == [brief.pk, report.pk]

    html = client.get(reverse("dossier_list"), {"kind": "inventory"}).content.decode()
    assert f'id="dossier-{report.pk}"' in html
    assert f'id="dossier-{brief.pk}"' not in html


@pytest.mark.django_db
def test_inventory_report_outside_the_reach_is_refused(client, legal, storage, enqueued):
    client.force_login(legal)
    response = client.post(reverse("dossier_list"), {"region": "13.01"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not DossierJob.objects.exists()


@pytest.mark.django_db
def test_retry_from_the_page(client, legal, dossier_case, enqueued):
    job = failed_job(case=dossier_case, requested_by=legal)
    client.force_login(legal)
    response = client.post(reverse("dossier_retry", args=[job.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("case_detail", args=[dossier_case.pk]) + "#dossiers"
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert enqueued == [job.pk]


@pytest.mark.django_db
def test_download_page(client, legal, storage):
    job = finished_job(requested_by=legal)
    client.force_login(legal)
    response = client.get(reverse("dossier_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-SHA256"] == job.sha256
    assert hashlib.sha256(body(response)).hexdigest() == job.sha256
    manifest = client.get(reverse("dossier_manifest", args=[job.pk]))
    assert manifest.status_code == 200
    assert manifest.json()["pdf"]["sha256"] == job.sha256
    assert manifest["Content-Disposition"] == f'attachment; filename="Manifes {job.filename[:-4]}.json"'


@pytest.mark.django_db
def test_tampered_download_page_answers_409(client, legal, storage):
    job = finished_job(requested_by=legal)
    tamper(job)
    client.force_login(legal)
    response = client.get(reverse("dossier_download", args=[job.pk]))
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    assert job.sha256 in response.content.decode()
    download = DossierDownload.objects.get()
    assert (download.job, download.user, download.intact) == (job, legal, False)
