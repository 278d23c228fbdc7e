"""The legal division of KPU Kabupaten Solok asks for the Jawaban Termohon and the evidence bundle on
the case page, watches them being rendered by a real Celery worker, and downloads both PDFs.

The worker is a separate process: it reads the committed data of the live server's test database
(PostgreSQL only; SQLite's test database lives in this process) and shares this test's evidence and
dossier folders through MEDIA_ROOT. The first page of each PDF is kept as a PNG in test-artifacts/.

Selectors are data-testid, names and URLs, so the test holds whatever language the UI speaks.
"""

import hashlib
import uuid

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.choices import Role
from cases.choices import ClaimStatus
from dossiers import tasks
from dossiers.models import DossierJob
from tests.artifacts import first_page_png
from tests.cases.factories import CaseFactory, CitationFactory, ClaimFactory, ClaimFigureFactory, ExhibitFactory
from tests.dossiers.test_worker import (
    NoPreview,
    OwnQueue,
    forget_queue,
    postgresql_or_skip,
    skip_unless_postgresql,
    worker_env,
)
from tests.e2e.test_inventory_phone import log_in
from tests.factories import AssignmentFactory, UserFactory
from tests.inventory.factories import jpeg_bytes, make_evidence, pdf_bytes
from tests.phpu.test_worker import Worker

pytestmark = [pytest.mark.e2e, pytest.mark.worker, skip_unless_postgresql]

REGENCY = "13.02"
TPS = "13.02.03.2002.001"  # TPS 001 Surian, Pantai Cermin
RENDER_TIMEOUT_MS = 120_000  # both dossiers, worker start included (about 20 s)


@pytest.fixture
def storage(settings, tmp_path, evidence_dir):
    """The dossier storage beside this test's evidence folder (e2e conftest), both under tmp_path."""
    location = tmp_path / "dossiers"
    location.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "dossiers": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    assert evidence_dir.parent == tmp_path
    return tmp_path


@pytest.fixture
def worker(storage, monkeypatch, tmp_path):
    """A real worker on a queue of this test's own; the live server (a thread here) sends dossiers to it."""
    from inventory import tasks as inventory_tasks

    postgresql_or_skip()
    queue = f"pytest-e2e-dossiers-{uuid.uuid4().hex}"
    monkeypatch.setattr(tasks, "render_dossier", OwnQueue(tasks.render_dossier, queue))
    monkeypatch.setattr(inventory_tasks, "evidence_preview", NoPreview)
    process = Worker(worker_env(storage, tmp_path / "work"), tmp_path / "worker.log", queue)
    yield process
    process.stop()
    forget_queue(queue)
    print(process.output())  # shown when the test failed


@pytest.fixture
def setting(regions, worker):
    """A case against KPU Kabupaten Solok with two final claims and three exhibits with stored files."""
    legal = UserFactory(username="hukum.solok", full_name="Sri Wahyuni")
    AssignmentFactory(user=legal, role=Role.LEGAL, region_id=REGENCY)
    case = CaseFactory(
        register_number="45/PHPU.BUP-XXIII/2025",
        applicant_counsel="Dr. A. Kuasa, S.H.",
        summary="Pemohon mendalilkan perpindahan suara di Kecamatan Pantai Cermin.",
        total_valid_votes=180_000,
        applicant_votes=60_000,
        winner_votes=90_000,
    )
    photo = make_evidence(TPS, kind="photo", content=jpeg_bytes(8001, (64, 48)), name="foto-tps.jpg")
    scan = make_evidence(TPS, kind="c_hasil", content=pdf_bytes("C.Hasil TPS 001"), name="c-hasil-001.pdf")
    minutes = make_evidence("13.02.03", kind="berita_acara", content=pdf_bytes("Berita acara PPK"), name="ba.pdf")
    exhibits = [
        ExhibitFactory(case=case, description="Foto TPS 001 sebelum dibuka"),
        ExhibitFactory(case=case, description="Model C.Hasil TPS 001"),
        ExhibitFactory(case=case, description="Berita acara rekapitulasi PPK Pantai Cermin"),
    ]
    exhibits[0].evidence.set([photo])
    exhibits[1].evidence.set([scan])
    exhibits[2].evidence.set([minutes])
    for n, cited in enumerate(([0, 1], [2])):
        claim = ClaimFactory(case=case, response=f"Jawaban Termohon atas dalil {n + 1}.", status=ClaimStatus.FINAL)
        ClaimFigureFactory(claim=claim, region_id=TPS, applicant_value=250 + n, official_value=130)
        for index in cited:
            CitationFactory(claim=claim, exhibit=exhibits[index])
    return {"legal": legal, "case": case}


def test_legal_division_renders_and_downloads_the_brief_and_the_bundle(new_page, setting, tmp_path):
    case = setting["case"]
    page = new_page(has_touch=True)  # a desktop browser with a touch screen: log_in taps
    log_in(page, setting["legal"])
    page.goto(f"/cases/{case.pk}/")
    panel = page.get_by_test_id("dossiers")
    expect(panel).to_be_visible()  # the section the case page loads by htmx from the dossiers app
    rows = panel.get_by_test_id("dossier-job")
    expect(rows).to_have_count(0)

    page.get_by_test_id("request-brief").click()
    expect(rows).to_have_count(1)
    page.get_by_test_id("request-bundle").click()
    expect(rows).to_have_count(2)
    # Both wait for or are in the hands of the worker: their progress bars show.
    expect(panel.get_by_test_id("dossier-progress")).to_have_count(2)

    # The panel polls until both are done; then no progress bar is left and both can be downloaded.
    expect(panel.locator("[data-testid=dossier-job][data-status=done]")).to_have_count(2, timeout=RENDER_TIMEOUT_MS)
    expect(panel.get_by_test_id("dossier-progress")).to_have_count(0)
    assert page.url.endswith(f"/cases/{case.pk}/")  # HTMX did it all on the one page

    texts = {}
    for kind in ("brief", "bundle"):
        job = DossierJob.objects.get(case=case, kind=kind)
        assert (job.status, job.attempts, job.requested_by) == ("done", 1, setting["legal"])
        with page.expect_download() as info:
            panel.locator(f"[data-testid=dossier-job][data-kind={kind}]").get_by_test_id("dossier-download").click()
        download = info.value
        assert download.suggested_filename == job.filename
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == job.sha256
        reader = PdfReader(path)
        assert len(reader.pages) == job.page_count
        texts[kind] = [p.extract_text() for p in reader.pages]
        first_page_png(path, f"dossier-{kind}-page-1")

    brief, bundle = texts["brief"], texts["bundle"]
    assert f"Perihal:JawabanTermohonatasPermohonanNomor{case.register_number}" in "".join(brief[0].split())
    assert all(f"Halaman {n} dari {len(brief)}" in text for n, text in enumerate(brief, start=1))
    assert bundle[0].count("Bukti T-1") >= 2  # the cover's title and its edge stamp
    assert any("Bukti T-3 - halaman 1 dari" in text for text in bundle)
