"""The demo MK case: a PHP Bupati case against KPU Kabupaten Solok built on the demo inventory,
through the services, idempotent; its pages open for the demo legal division and PPK. It is coherent as
a filing (one contest's evidence, the foundation exhibits first, every exhibit described, the office
and its counsel named, official votes as the regency's D.Hasil states them) and its calendar is live."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cases.choices import CaseKind, ExhibitKind, FoundationExhibit
from cases.deadlines import WIB, filing_deadline
from cases.models import Case, Citation, ClaimFigure, Exhibit
from cases.register import int_to_roman
from cases.standing import standing_check_for_case
from phpu.demo.cases import demo_cases, seed_demo_cases
from phpu.demo.inventory import regency_result
from phpu.management.commands import load_demo
from regions.choices import Level
from regions.services import LoadResult
from tests.inventory.factories import evidence_dir

__all__ = ["evidence_dir"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, evidence_dir, monkeypatch):
    monkeypatch.setattr(load_demo, "import_official_regions", LoadResult)
    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_case(demo, client):
    case = demo_cases().select_related("contest__election", "applicant", "related_party").get()
    assert f"Demo MK case {case.register_number}" in demo
    # Numbered for the year the live calendar registers it in (the MK's XXIII is 2025).
    registered = case.ebrpk_registered_at.astimezone(WIB).year
    assert case.register_number == f"87/PHPU.BUP-{int_to_roman(registered - 2002)}/{registered}"
    assert case.kind == CaseKind.PHP_BUPATI
    assert case.respondent_office_id == "13.02"
    assert case.contest.election.name == "Pilkada 2024"
    assert case.applicant.contest_id == case.contest_id and case.applicant.ballot_number == 2
    claims = list(case.claims.prefetch_related("locations", "problems"))
    assert 6 <= len(claims) <= 8
    levels = {r.level for c in claims for r in c.locations.all()}
    assert Level.TPS in levels and Level.DISTRICT in levels
    assert all(c.problems.exists() and c.response for c in claims)
    assert all("Bukti T-" in c.response for c in claims)
    assert Exhibit.objects.filter(case=case).count() >= 15
    assert list(case.exhibits.values_list("sequence", flat=True)) == list(range(1, case.exhibits.count() + 1))
    assert all(e.evidence.exists() for e in case.exhibits.all())
    assert Citation.objects.filter(claim__case=case).count() >= len(claims)
    assert ClaimFigure.objects.filter(claim__case=case, region__level=Level.TPS).exists()
    # The answers are filing text: nothing internal (no database ids), every one citing its exhibits.
    assert not any(re.search(r"#\d", c.response) for c in claims)

    client.force_login(User.objects.get(username="hukum.solok"))
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert case.register_number in page and "T-15" in page
    claim = claims[0]
    page = client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert 'data-testid="side-by-side"' in page

    client.force_login(User.objects.get(username="ppk.pantaicermin"))
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="exhibits"' not in page
    visible = [c for c in claims if any(r.code.startswith("13.02.03") for r in c.locations.all())]
    hidden = [c for c in claims if not any(r.code.startswith("13.02.03") for r in c.locations.all())]
    assert visible and hidden
    assert client.get(reverse("claim_detail", args=[visible[0].pk])).status_code == 200
    assert client.get(reverse("claim_detail", args=[hidden[0].pk])).status_code == 404


def test_demo_case_is_coherent_as_a_filing(demo, client):
    case = demo_cases().select_related("contest__election").get()
    exhibits = list(case.exhibits.prefetch_related("evidence").order_by("sequence"))
    # Every exhibit's evidence is of the case's contest: no presidential C.Hasil in a Bupati case.
    for exhibit in exhibits:
        assert {e.contest_id for e in exhibit.evidence.all()} == {case.contest_id}, exhibit.label
        assert not exhibit.other_contest_confirmed
    # The foundation exhibits come first: the decree, the regency's D.Hasil, the minutes of its plenary.
    assert [(e.label, e.foundation, e.evidence.get().kind) for e in exhibits[:3]] == [
        ("T-1", FoundationExhibit.RESULT_DECREE, "decree"),
        ("T-2", FoundationExhibit.RECAPITULATION, "d_hasil_kabko"),
        ("T-3", FoundationExhibit.RECAP_MINUTES, "berita_acara"),
    ]
    assert not any(e.foundation for e in exhibits[3:])
    decree = exhibits[0]
    assert decree.document_number == case.result_decree_number
    assert case.result_decree_number in decree.description and case.result_decree_title in decree.description
    assert decree.document_date == case.result_decree_at.astimezone(WIB).date()
    # Every exhibit says what is handed in and (documents) its own number and date; photos are alat bukti lain.
    for exhibit in exhibits:
        kinds = {e.kind for e in exhibit.evidence.all()}
        assert exhibit.presented_as, exhibit.label
        assert exhibit.kind == (ExhibitKind.OTHER if kinds <= {"photo", "video"} else ExhibitKind.DOCUMENT)
        if exhibit.kind == ExhibitKind.DOCUMENT:
            assert exhibit.document_number and exhibit.document_date, exhibit.label
    # The filing's people and papers: the chair, the letterhead, place and date, the Surat Kuasa Khusus
    # to two advocates.
    assert case.respondent_chair and case.respondent_address and case.answer_place and case.answer_date
    assert case.power_of_attorney_number and case.power_of_attorney_date
    assert case.counsel_office and case.result_decree_title.startswith("Penetapan Hasil Pemilihan Bupati")
    counsel = list(case.counsel.order_by("position"))
    assert len(counsel) == 2 and all(c.kind == "advocate" and ", S.H." in c.name for c in counsel)
    # The official votes are the regency's D.Hasil (T-2): the decree, the forms and the case agree, and
    # the winner's lead is beyond the Pasal 158 threshold, so the eksepsi has something to argue.
    result = regency_result()
    assert (case.total_valid_votes, case.applicant_votes, case.winner_votes) == (
        result.valid,
        result.votes[2],
        result.votes[1],
    )
    assert standing_check_for_case(case).exceeds

    client.force_login(User.objects.get(username="hukum.solok"))
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    for role in FoundationExhibit.values:
        assert f'data-foundation="{role}" data-present="yes"' in page
    assert 'data-testid="exhibit-gaps"' not in page
    assert case.respondent_chair in page and counsel[0].name in page


def test_demo_calendar_is_live(demo):
    case = demo_cases().get()
    now = timezone.now()
    # Decree a few days ago, then the petition, then registration, all before the demo was loaded.
    assert now - dt.timedelta(days=21) < case.result_decree_at < case.petition_filed_at < case.ebrpk_registered_at < now
    filing = filing_deadline(case)
    assert filing.due_at > case.result_decree_at
    assert case.petition_filed_at <= filing.due_at and filing.late is False
    # A hearing in the coming days, so countdowns show real numbers; the answer is dated its hearing's day.
    hearings = list(case.hearings.order_by("starts_at"))
    assert any(now < h.starts_at <= now + dt.timedelta(days=7) for h in hearings)
    answer = next(h for h in hearings if h.agenda == "answer")
    assert answer.starts_at > now and case.answer_date == answer.starts_at.astimezone(WIB).date()
    assert case.power_of_attorney_date <= case.answer_date


def test_demo_case_is_idempotent(demo):
    counts = (Case.objects.count(), Exhibit.objects.count(), ClaimFigure.objects.count())
    out = io.StringIO()
    assert seed_demo_cases(stdout=out) is None
    assert "already there" in out.getvalue()
    assert (Case.objects.count(), Exhibit.objects.count(), ClaimFigure.objects.count()) == counts
