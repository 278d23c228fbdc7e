"""The demo inventory `make run` loads: real evidence files, the four-eyes and "siap" rules honoured,
scoping intact, and a second run that adds nothing."""

import hashlib
import io

import pytest
from django.core.management import call_command

from accounts.choices import Action
from accounts.models import User
from elections.models import Contest, Election, Participant
from inventory.choices import Status, Verification
from inventory.models import Evidence, Problem, ProblemComment
from phpu.demo.inventory import seed_demo_inventory
from phpu.management.commands import load_demo
from regions.services import LoadResult
from tests.inventory.factories import evidence_dir  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, evidence_dir, monkeypatch):  # noqa: F811 - the fixture imported above
    # The session already holds the regions the demo uses (tests/conftest.py); importing the other
    # 90,000 official regions would only slow these tests down.
    monkeypatch.setattr(load_demo, "import_official_regions", LoadResult)
    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Election, Contest, Participant, Problem, Evidence, ProblemComment)
    } | {"history": Problem.history.count() + Evidence.history.count()}


def test_demo_inventory_has_real_evidence_and_honours_the_rules(demo, evidence_dir):  # noqa: F811
    assert "Demo inventory for Kabupaten Solok: 36 problems (8 ready)" in demo
    assert set(Election.objects.values_list("name", flat=True)) == {"Pemilu 2024", "Pilkada 2024"}
    assert Problem.objects.filter(region__code__startswith="13.02.").count() == Problem.objects.count() - 3
    assert set(Problem.objects.values_list("stage", flat=True)) >= {"pemungutan", "penghitungan", "rekap_ppk"}

    evidence = list(Evidence.objects.select_related("uploaded_by", "verified_by"))
    assert len(evidence) >= 40
    assert {e.mime_type for e in evidence} == {"application/pdf", "image/jpeg"}
    for item in evidence:
        stored = evidence_dir / item.file.name
        assert stored.is_file(), item
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == item.sha256 == item.file.name[6:70]
        assert item.uploaded_by is not None
        if item.verification != Verification.PENDING:
            assert item.verified_by not in (None, item.uploaded_by)  # four eyes
    photos = [e for e in evidence if e.kind == "photo"]
    assert all(p.captured_at is not None for p in photos)
    assert len({e.sha256 for e in evidence}) == len(evidence)
    assert Evidence.objects.filter(verification=Verification.REJECTED).count() == 1
    assert Evidence.objects.filter(replaces__isnull=False).count() == 1

    ready = Problem.objects.filter(status=Status.READY)
    assert ready.count() == 8
    for problem in ready:
        assert problem.evidence.filter(verification=Verification.VERIFIED).exists()
        # Reached through the services: the audit history names who did what.
        users = set(problem.history.values_list("history_user__username", flat=True))
        assert {problem.reported_by.username, "komisioner.solok"} <= users
    assert set(Problem.objects.values_list("status", flat=True)) == set(Status.values)

    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo inventory: already there." in out.getvalue()
    assert counts() == before
    assert seed_demo_inventory() is None


def test_demo_ppk_sees_only_their_kecamatan(demo):
    ppk = User.objects.get(username="ppk.pantaicermin")
    visible = Problem.objects.visible_to(ppk)
    codes = set(visible.values_list("region__code", flat=True))
    assert codes
    assert all(code == "13.02.03" or code.startswith("13.02.03.") for code in codes)
    inside = (
        Problem.objects.filter(region__code__startswith="13.02.03.").count()
        + Problem.objects.filter(region__code="13.02.03").count()
    )
    assert visible.count() == inside < Problem.objects.count()
    assert not Evidence.objects.visible_to(ppk).exclude(region__code__startswith="13.02.03").exists()
    assert (
        not Problem.objects.visible_to(ppk, Action.EDIT_INVENTORY).filter(region__code__startswith="13.02.04").exists()
    )


def test_demo_foundation_documents_agree_with_the_regency_result(demo):
    from phpu.demo.inventory import regency_result

    bupati = Contest.objects.get(election__name="Pilkada 2024", contest_type="bupati")
    foundation = {
        e.kind: e
        for e in Evidence.objects.filter(contest=bupati, region_id="13.02", kind__in=["decree", "d_hasil_kabko"])
    }
    assert set(foundation) == {"decree", "d_hasil_kabko"}
    assert Evidence.objects.filter(original_name="ba-rekapitulasi-kabupaten-kwk.pdf", contest=bupati).exists()
    # The decree states the regency's result as its D.Hasil adds it up, pair by pair.
    from pypdf import PdfReader

    text = " ".join(PdfReader(foundation["decree"].file.open("rb")).pages[0].extract_text().split())
    result = regency_result()
    for number, votes in result.votes.items():
        assert f"Nomor Urut {number}," in text and f"{votes:,}".replace(",", ".") + " suara" in text
    # Every Bupati problem's evidence is of the Bupati contest (the demo case draws its exhibits from it).
    assert not Evidence.objects.filter(problems__contest=bupati).exclude(contest=bupati).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("start", ["2025-03-24", "2025-12-22", "2026-05-25"])
def test_the_live_calendar_holds_on_every_weekday_and_around_holidays(start):
    """Two weeks from a Monday, across Idul Fitri 2025 and its cuti bersama, Christmas and Whitsun: the
    times keep their order, the petition is on time by the engine, a hearing lies within the week."""
    import datetime as dt

    from cases.choices import CaseKind
    from cases.deadlines import WIB, Calendar, filing_deadline
    from cases.models import Case
    from phpu.demo.live import live_calendar

    first = dt.date.fromisoformat(start)
    for offset in range(14):
        today = first + dt.timedelta(days=offset)
        live = live_calendar(today)
        midnight = dt.datetime.combine(today, dt.time(0, 0), tzinfo=WIB)
        assert live.recap_at < live.decree_at < live.petition_filed_at < live.registered_at < midnight, today
        assert midnight - live.decree_at < dt.timedelta(days=21), today
        days_off = Calendar.load([today.year - 1, today.year, today.year + 1])
        for moment in (live.decree_at, live.petition_filed_at, live.registered_at):
            assert days_off.is_working_day(moment.date()), (today, moment)
        probe = Case(
            kind=CaseKind.PHP_BUPATI,
            respondent_office_id="13.02",
            result_decree_at=live.decree_at,
            petition_filed_at=live.petition_filed_at,
        )
        assert filing_deadline(probe).late is False, today
        assert midnight + dt.timedelta(days=1) <= live.preliminary_at <= midnight + dt.timedelta(days=7), today
        assert live.preliminary_at < live.answer_at < live.ruling_at
        assert live.power_of_attorney_day <= live.answer_day
