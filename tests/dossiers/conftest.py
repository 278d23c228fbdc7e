"""Fixtures for the dossier tests: a case shaped like the demo, with everything a filing needs (the
Termohon's chair and letterhead, counsel and powers of attorney, the decree; claims with numbers at
TPS, exhibits citing stored evidence, one exhibit file outside the Termohon's region), storage in
temporary folders, and `render(job)` to run a job to the end in this process, as the worker would."""

import datetime as dt

import pytest

from accounts.choices import Role
from cases.choices import ClaimStatus, CounselKind, ExhibitKind, FoundationExhibit, Metric, PresentedAs
from cases.deadlines import WIB
from cases.models import Counsel
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
    # The layout cache (dossiers/cache.py) beside it, fresh too: no test reuses another's sections.
    from dossiers.cache import cache_storage

    layouts = cache_storage()
    monkeypatch.setattr(layouts, "_location", str(tmp_path / "dossier-cache"))
    for cached in ("base_location", "location"):
        monkeypatch.delitem(layouts.__dict__, cached, raising=False)
    return location


@pytest.fixture
def storage(evidence_dir, dossier_dir):  # noqa: F811
    return evidence_dir, dossier_dir


@pytest.fixture
def legal(make_user):
    return make_user(Role.LEGAL, "13.02")


REGISTER_NUMBER = "87/PHPU.BUP-XXIII/2025"
DECREE_TITLE = "Penetapan Hasil Pemilihan Bupati dan Wakil Bupati Solok Tahun 2024"


@pytest.fixture
def dossier_case(storage):
    """A PHP Bupati case against KPU Kabupaten Solok with everything a filing needs filled in: the chair,
    the letterhead address, place and date, the Surat Kuasa Khusus to two counsel (an advocate and a
    Jaksa Pengacara Negara) and its Surat Kuasa Substitusi to two prosecutors, the decree's number and
    title; 3 claims, 4 exhibits (3 with files) with their own numbers, dates and keterangan."""
    case = CaseFactory(
        register_number=REGISTER_NUMBER,
        applicant_counsel="Dr. A. Kuasa, S.H.",
        summary="Pemohon mendalilkan perpindahan suara di Kecamatan X.",
        total_valid_votes=180_000,
        applicant_votes=60_000,
        winner_votes=90_000,
        result_decree_number="1234 Tahun 2024",
        result_decree_title=DECREE_TITLE,
        petition_filed_at=dt.datetime(2024, 12, 18, 10, 30, tzinfo=WIB),
        ebrpk_registered_at=dt.datetime(2025, 1, 3, 9, 0, tzinfo=WIB),
        respondent_chair="Dr. Syafrizal Ketua, S.Sos., M.Si.",
        respondent_address="Jl. Raya Arosuka Nomor 1, Arosuka, Kabupaten Solok, Sumatera Barat",
        answer_place="Arosuka",
        answer_date=dt.date(2025, 1, 6),
        power_of_attorney_number="05/PY.02.1-SU/1302/2025",
        power_of_attorney_date=dt.date(2025, 1, 3),
        substitution_number="SK-01/L.3.13/Gp/01/2025",
        substitution_date=dt.date(2025, 1, 4),
        counsel_office="Kantor Hukum Andalas dan Rekan",
        counsel_address="Jl. Sudirman Nomor 10, Padang",
    )
    counsel = [
        Counsel.objects.create(case=case, name="Dr. Andi Pratama, S.H., M.H.", position=1),
        Counsel.objects.create(case=case, name="Hendra Kurniawan, S.H.", kind=CounselKind.STATE_ATTORNEY, position=2),
        Counsel.objects.create(
            case=case, name="Budi Santoso, S.H., M.H.", kind=CounselKind.STATE_ATTORNEY, substitute=True, position=3
        ),
        Counsel.objects.create(
            case=case, name="Siti Rahmawati, S.H.", kind=CounselKind.STATE_ATTORNEY, substitute=True, position=4
        ),
    ]
    photo = make_evidence(TPS, kind="photo", content=jpeg_bytes(7001, (64, 48)), name="foto-tps.jpg")
    scan = make_evidence(TPS, kind="c_hasil", content=pdf_bytes("C.Hasil TPS 001"), name="c-hasil-001.pdf")
    minutes = make_evidence("13.02.03", kind="berita_acara", content=pdf_bytes("Berita acara PPK"), name="ba-ppk.pdf")
    elsewhere = make_evidence("13.01", kind="photo", content=jpeg_bytes(7002), name="luar-wilayah.jpg")
    exhibits = [
        ExhibitFactory(
            case=case,
            description="Foto TPS 001 sebelum dibuka",
            kind=ExhibitKind.OTHER,
            presented_as=PresentedAs.ORIGINAL,
        ),
        ExhibitFactory(
            case=case,
            description="Model C.Hasil TPS 001",
            document_date=dt.date(2024, 11, 27),
            presented_as=PresentedAs.CERTIFIED,
        ),
        ExhibitFactory(
            case=case,
            description="Berita acara rekapitulasi PPK",
            document_number="12/PL.02.6-BA/1302.03/2024",
            document_date=dt.date(2024, 11, 30),
            presented_as=PresentedAs.TRUE_COPY,
        ),
        ExhibitFactory(
            case=case,
            description=f"Keputusan KPU Kabupaten Solok tentang {DECREE_TITLE}",
            document_number="1234 Tahun 2024",
            document_date=dt.date(2024, 12, 16),
            presented_as=PresentedAs.COPY_OF_COPY,
            foundation=FoundationExhibit.RESULT_DECREE,
        ),
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
    case.claims_list, case.exhibits_list, case.counsel_list = claims, exhibits, counsel
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


@pytest.fixture(autouse=True)
def _no_lease_keeper_beats(monkeypatch):
    """The lease keeper renews from a connection of its own, which cannot see a job the test has not
    committed: a render here slower than one renewal (DOSSIER_HEARTBEAT_SECONDS) would read as a lost
    lease. The keeper is tested with real workers and committed jobs (test_worker.py, test_recovery.py)."""
    from dossiers import jobs

    monkeypatch.setattr(jobs, "LEASE_RENEW_SECONDS", 3600)


@pytest.fixture
def render(settings):
    """Run a job to the end here, as the worker would; returns the refreshed job."""
    from dossiers.jobs import render_job

    settings.DOSSIER_RENDER_PROCESSES = 2

    def run(job):
        render_job(job.pk)
        job.refresh_from_db()
        return job

    return run
