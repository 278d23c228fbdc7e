"""Fixtures for the dossier tests: a case shaped like the demo (claims with numbers at TPS, exhibits
citing stored evidence, one exhibit file outside the Termohon's region), storage in temporary
folders, and `render(job)` to run a job to the end in this process, as the worker would."""

import pytest

from accounts.choices import Role
from cases.choices import ClaimStatus, Metric
from tests.cases.factories import CaseFactory, CitationFactory, ClaimFactory, ClaimFigureFactory, ExhibitFactory
from tests.inventory.factories import evidence_dir, jpeg_bytes, make_evidence, pdf_bytes, use_storage  # noqa: F401

TPS = "13.02.03.2002.001"


@pytest.fixture
def dossier_dir(tmp_path, monkeypatch):
    """The dossier storage in a fresh temporary folder for one test."""
    from dossiers.models import dossier_storage

    storage = dossier_storage()
    location = tmp_path / "dossiers"
    location.mkdir()
    monkeypatch.setattr(storage, "_location", str(location))
    for cached in ("base_location", "location"):
        monkeypatch.delitem(storage.__dict__, cached, raising=False)
    use_storage(monkeypatch, "dossiers", storage)
    return location


@pytest.fixture
def storage(evidence_dir, dossier_dir):  # noqa: F811
    return evidence_dir, dossier_dir


@pytest.fixture
def legal(make_user):
    return make_user(Role.LEGAL, "13.02")


@pytest.fixture
def dossier_case(storage):
    """A PHP Bupati case against KPU Kabupaten Solok: 3 claims, 4 exhibits with files."""
    case = CaseFactory(
        applicant_counsel="Dr. A. Kuasa, S.H.",
        summary="Pemohon mendalilkan perpindahan suara di Kecamatan X.",
        total_valid_votes=180_000,
        applicant_votes=60_000,
        winner_votes=90_000,
    )
    photo = make_evidence(TPS, kind="photo", content=jpeg_bytes(7001, (64, 48)), name="foto-tps.jpg")
    scan = make_evidence(TPS, kind="c_hasil", content=pdf_bytes("C.Hasil TPS 001"), name="c-hasil-001.pdf")
    minutes = make_evidence("13.02.03", kind="berita_acara", content=pdf_bytes("Berita acara PPK"), name="ba-ppk.pdf")
    elsewhere = make_evidence("13.01", kind="photo", content=jpeg_bytes(7002), name="luar-wilayah.jpg")
    exhibits = [
        ExhibitFactory(case=case, description="Foto TPS 001 sebelum dibuka"),
        ExhibitFactory(case=case, description="Model C.Hasil TPS 001"),
        ExhibitFactory(case=case, description="Berita acara rekapitulasi PPK"),
        ExhibitFactory(case=case, description="Surat tanpa berkas elektronik"),
    ]
    exhibits[0].evidence.set([photo, elsewhere])
    exhibits[1].evidence.set([scan])
    exhibits[2].evidence.set([minutes])
    claims = []
    for n in range(3):
        claim = ClaimFactory(case=case, response=f"Jawaban Termohon atas dalil {n + 1}.", status=ClaimStatus.FINAL)
        ClaimFigureFactory(claim=claim, region_id=TPS, applicant_value=250 + n, official_value=130)
        ClaimFigureFactory(
            claim=claim, region_id=TPS, metric=Metric.VALID, participant=None, applicant_value=400, official_value=380
        )
        claims.append(claim)
    CitationFactory(claim=claims[0], exhibit=exhibits[0], note="Situasi TPS tertib")
    CitationFactory(claim=claims[0], exhibit=exhibits[1])
    CitationFactory(claim=claims[1], exhibit=exhibits[2])
    CitationFactory(claim=claims[2], exhibit=exhibits[1])
    case.claims_list, case.exhibits_list = claims, exhibits
    case.files = {"photo": photo, "scan": scan, "minutes": minutes, "elsewhere": elsewhere}
    return case


@pytest.fixture
def request_job(monkeypatch):
    """dossier_request without a broker: the job is stored, its task not sent."""
    from dossiers import services

    monkeypatch.setattr(services, "_enqueue", lambda job: None)

    def make(actor, kind, **kwargs):
        return services.dossier_request(actor=actor, kind=kind, **kwargs)

    return make


@pytest.fixture
def render(settings):
    """Run a job to the end here, as the worker would; returns the refreshed job."""
    from dossiers.services import render_job

    settings.DOSSIER_RENDER_PROCESSES = 2

    def run(job):
        render_job(job.pk)
        job.refresh_from_db()
        return job

    return run
