"""Exhibit numbering (T-1, T-2 ...) through create, reorder, removal, the freeze when the answer is
filed and later additions; citations; and the warnings of the answer."""

import pytest
from django.utils import translation

from accounts.choices import Role
from cases.choices import CaseStatus, CertifiedCopy, ClaimStatus, ExhibitKind, FoundationExhibit, PresentedAs
from cases.models import Exhibit
from cases.selectors import exhibit_warnings
from cases.services import case_set_status, claim_set_status
from cases.services_exhibits import (
    exhibit_cite,
    exhibit_create,
    exhibit_remove,
    exhibit_reorder,
    exhibit_uncite,
    exhibit_update,
)
from core.errors import ApplicationError
from inventory.choices import Verification
from inventory.models import Evidence
from tests.cases.factories import CaseFactory, ClaimFactory
from tests.inventory.factories import evidence_dir, make_evidence

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"


@pytest.fixture
def legal(make_user):
    return make_user(Role.LEGAL, "13.02")


@pytest.fixture
def case():
    return CaseFactory()


def add(legal, case, n, prefix="Bukti"):
    return [exhibit_create(actor=legal, case=case, description=f"{prefix} {i}") for i in range(1, n + 1)]


def labels(case):
    return [(e.label, e.description) for e in Exhibit.objects.filter(case=case).order_by("sequence")]


def test_new_exhibits_take_the_next_number(legal, case):
    exhibits = add(legal, case, 3)
    assert [e.label for e in exhibits] == ["T-1", "T-2", "T-3"]
    assert not any(e.frozen for e in exhibits)
    assert exhibits[0].history.first().history_user == legal
    # Numbers are per case.
    assert exhibit_create(actor=legal, case=CaseFactory(), description="x").label == "T-1"


def test_reorder_before_filing_labels_follow(legal, case):
    a, b, c = add(legal, case, 3)
    exhibit_reorder(actor=legal, case=case, ordered_ids=[c.pk, a.pk, b.pk])
    assert labels(case) == [("T-1", "Bukti 3"), ("T-2", "Bukti 1"), ("T-3", "Bukti 2")]
    c.refresh_from_db()
    assert c.history.first().history_user == legal


@pytest.mark.parametrize("ids", ["missing", "twice", "foreign", "garbage"])
def test_reorder_needs_every_exhibit_once(legal, case, ids):
    a, b, c = add(legal, case, 3)
    other = exhibit_create(actor=legal, case=CaseFactory(), description="elsewhere")
    ordered = {
        "missing": [a.pk, b.pk],
        "twice": [a.pk, b.pk, b.pk, c.pk],
        "foreign": [a.pk, b.pk, c.pk, other.pk],
        "garbage": ["x"],
    }[ids]
    with pytest.raises(ApplicationError) as raised:
        exhibit_reorder(actor=legal, case=case, ordered_ids=ordered)
    assert "ordered_ids" in raised.value.extra
    assert labels(case) == [("T-1", "Bukti 1"), ("T-2", "Bukti 2"), ("T-3", "Bukti 3")]


def test_removal_before_filing_renumbers(legal, case):
    second = add(legal, case, 4)[1]
    exhibit_remove(actor=legal, exhibit=second)
    assert labels(case) == [("T-1", "Bukti 1"), ("T-2", "Bukti 3"), ("T-3", "Bukti 4")]
    assert exhibit_create(actor=legal, case=case, description="Bukti 5").label == "T-4"


@translation.override("en")  # asserts on the English source wording
def test_filing_the_answer_freezes_the_labels_and_later_exhibits_continue(legal, case):
    add(legal, case, 44)
    case_set_status(actor=legal, case=case, status=CaseStatus.PRELIMINARY_HEARING)
    assert not Exhibit.objects.filter(frozen=True).exists()
    case_set_status(actor=legal, case=case, status=CaseStatus.ANSWER_FILED)
    assert Exhibit.objects.filter(case=case, frozen=False).count() == 0
    frozen = Exhibit.objects.get(case=case, sequence=7)
    assert frozen.history.first().history_user == legal

    later = exhibit_create(actor=legal, case=case, description="Tambahan alat bukti")
    assert (later.label, later.frozen) == ("T-45", True)
    ids = list(Exhibit.objects.filter(case=case).order_by("-sequence").values_list("pk", flat=True))
    with pytest.raises(ApplicationError) as raised:
        exhibit_reorder(actor=legal, case=case, ordered_ids=ids)
    assert "frozen" in raised.value.message
    with pytest.raises(ApplicationError) as raised:
        exhibit_remove(actor=legal, exhibit=frozen)
    assert "T-7" in raised.value.message
    with pytest.raises(ApplicationError):
        exhibit_remove(actor=legal, exhibit=later)
    assert Exhibit.objects.filter(case=case).count() == 45
    assert Exhibit.objects.get(pk=frozen.pk).label == "T-7"

    # A correction of the status does not unfreeze anything; new exhibits still continue.
    case_set_status(actor=legal, case=case, status=CaseStatus.PRELIMINARY_HEARING)
    with pytest.raises(ApplicationError):
        exhibit_remove(actor=legal, exhibit=frozen)
    assert exhibit_create(actor=legal, case=case, description="x").label == "T-46"


def test_a_later_stage_freezes_too(legal, case):
    add(legal, case, 2)
    case_set_status(actor=legal, case=case, status=CaseStatus.EVIDENCE_HEARING)
    assert set(Exhibit.objects.values_list("frozen", flat=True)) == {True}


def test_frozen_exhibits_can_still_be_described_and_cited(legal, case):
    [exhibit] = add(legal, case, 1)
    claim = ClaimFactory(case=case)
    case_set_status(actor=legal, case=case, status=CaseStatus.ANSWER_FILED)
    exhibit = exhibit_update(actor=legal, exhibit=exhibit, physical_ready=True, certified_copy=CertifiedCopy.CERTIFIED)
    assert exhibit.physical_ready and exhibit.label == "T-1"
    exhibit_cite(actor=legal, claim=claim, exhibit=exhibit, note="TPS 001 result")
    assert list(claim.exhibits.all()) == [exhibit]


def test_exhibits_are_managed_by_the_office_only(legal, case, make_user):
    [exhibit] = add(legal, case, 1)
    for user in (make_user(Role.LEGAL, "13.01"), make_user(Role.PPK, "13.02.03"), make_user(Role.VIEWER, "13.02")):
        with pytest.raises(ApplicationError):
            exhibit_create(actor=user, case=case, description="x")
        with pytest.raises(ApplicationError):
            exhibit_reorder(actor=user, case=case, ordered_ids=[exhibit.pk])
        with pytest.raises(ApplicationError):
            exhibit_remove(actor=user, exhibit=exhibit)
        with pytest.raises(ApplicationError):
            exhibit_update(actor=user, exhibit=exhibit, description="changed")
    assert labels(case) == [("T-1", "Bukti 1")]


def test_exhibit_evidence_must_be_in_sight(legal, case, evidence_dir):
    mine = make_evidence(TPS)
    elsewhere = make_evidence("13.01.01")
    exhibit = exhibit_create(actor=legal, case=case, description="C.Hasil", evidence=[mine])
    assert list(exhibit.evidence.all()) == [mine]
    with pytest.raises(ApplicationError):
        exhibit_update(actor=legal, exhibit=exhibit, evidence=[mine, elsewhere])
    assert list(exhibit.evidence.all()) == [mine]


def test_a_claim_cites_only_its_own_case(legal, case):
    claim = ClaimFactory(case=case)
    other_case_exhibit = exhibit_create(actor=legal, case=CaseFactory(), description="x")
    with pytest.raises(ApplicationError):
        exhibit_cite(actor=legal, claim=claim, exhibit=other_case_exhibit)


def test_cite_and_uncite(legal, case):
    claim = ClaimFactory(case=case)
    [exhibit] = add(legal, case, 1)
    exhibit_cite(actor=legal, claim=claim, exhibit=exhibit)
    exhibit_cite(actor=legal, claim=claim, exhibit=exhibit, note="again")  # idempotent, updates the note
    assert claim.citations.get().note == "again"
    exhibit_uncite(actor=legal, claim=claim, exhibit=exhibit)
    assert not claim.citations.exists()


# Warnings


def codes(case, **kwargs):
    return sorted((w.code, w.exhibit_label, w.claim_numbers) for w in exhibit_warnings(case=case, **kwargs))


def test_warnings(legal, case, evidence_dir):
    draft, final, uncited = (ClaimFactory(case=case, number=n) for n in ("1", "2", "3"))
    pending = make_evidence(TPS)
    rejected = make_evidence(TPS)
    verified = make_evidence(TPS)
    Evidence.objects.filter(pk=rejected.pk).update(verification=Verification.REJECTED)
    Evidence.objects.filter(pk=verified.pk).update(verification=Verification.VERIFIED)
    weak = exhibit_create(actor=legal, case=case, description="weak", evidence=[pending, rejected])
    strong = exhibit_create(
        actor=legal, case=case, description="strong", evidence=[verified], certified_copy=CertifiedCopy.CERTIFIED
    )
    for claim in (draft, final):
        exhibit_cite(actor=legal, claim=claim, exhibit=weak)
    exhibit_cite(actor=legal, claim=final, exhibit=strong)
    assert codes(case) == []  # nothing is final yet

    claim_set_status(actor=legal, claim=final, status=ClaimStatus.FINAL)
    claim_set_status(actor=legal, claim=uncited, status=ClaimStatus.FINAL)  # allowed: a warning, not a refusal
    assert codes(case) == [
        ("evidence_rejected", "T-1", ("2",)),
        ("evidence_unverified", "T-1", ("2",)),
        ("not_certified", "T-1", ("2",)),
        ("uncited_final_claim", "", ("3",)),
    ]
    warning = next(w for w in exhibit_warnings(case=case) if w.code == "evidence_rejected")
    assert warning.evidence_id == rejected.pk and "T-1" in warning.message

    # Fix them: the warnings go.
    Evidence.objects.filter(pk__in=[pending.pk, rejected.pk]).update(verification=Verification.VERIFIED)
    exhibit_update(actor=legal, exhibit=weak, certified_copy=CertifiedCopy.NOT_NEEDED)
    exhibit_cite(actor=legal, claim=uncited, exhibit=strong)
    assert codes(case) == []


def test_warnings_count_only_the_claims_a_user_sees(legal, case, make_user):
    from regions.models import Region

    here = ClaimFactory(case=case, number="1", locations=[Region.objects.get(code=TPS)])
    there = ClaimFactory(case=case, number="2", locations=[Region.objects.get(code="13.02.04")])
    for claim in (here, there):
        claim_set_status(actor=legal, claim=claim, status=ClaimStatus.FINAL)
    ppk = make_user(Role.PPK, "13.02.03")
    assert codes(case, user=ppk) == [("uncited_final_claim", "", ("1",))]
    assert len(codes(case, user=legal)) == 2


def test_warnings_query_count_does_not_grow(legal, case, django_assert_max_num_queries, evidence_dir):
    claims = [ClaimFactory(case=case) for _ in range(6)]
    for i, claim in enumerate(claims):
        exhibit = exhibit_create(actor=legal, case=case, description=f"x{i}", evidence=[make_evidence(TPS)])
        exhibit_cite(actor=legal, claim=claim, exhibit=exhibit)
        claim_set_status(actor=legal, claim=claim, status=ClaimStatus.FINAL)
    with django_assert_max_num_queries(4):  # final claims, citations, exhibits, their evidence
        assert len(exhibit_warnings(case=case)) == 12  # unverified + not certified, per exhibit


# The Daftar Alat Bukti's columns, photos as alat bukti lain, evidence of another contest


def presidential_contest():
    import datetime as dt

    from elections.choices import ContestType
    from elections.models import Contest
    from tests.cases.factories import ElectionFactory

    pemilu = ElectionFactory(name="Pemilu 2024", kind="pemilu", voting_date=dt.date(2024, 2, 14))
    return Contest.objects.get_or_create(election=pemilu, contest_type=ContestType.PPWP, region=None)[0]


def of_contest(evidence, contest):
    Evidence.objects.filter(pk=evidence.pk).update(contest=contest)
    evidence.refresh_from_db()
    return evidence


def test_the_document_identity_and_keterangan_are_stored(legal, case):
    import datetime as dt

    exhibit = exhibit_create(
        actor=legal,
        case=case,
        description="Keputusan KPU Kabupaten Solok tentang Penetapan Hasil",
        document_number="1485 Tahun 2024",
        document_date=dt.date(2024, 12, 9),
        presented_as=PresentedAs.TRUE_COPY,
        foundation=FoundationExhibit.RESULT_DECREE,
    )
    stored = Exhibit.objects.get(pk=exhibit.pk)
    assert (stored.document_number, stored.document_date, stored.presented_as, stored.foundation) == (
        "1485 Tahun 2024",
        dt.date(2024, 12, 9),
        PresentedAs.TRUE_COPY,
        FoundationExhibit.RESULT_DECREE,
    )
    with pytest.raises(ApplicationError) as raised:
        exhibit_update(actor=legal, exhibit=exhibit, presented_as="scribbled")
    assert "presented_as" in raised.value.extra


def test_an_exhibit_of_photos_and_videos_only_is_alat_bukti_lain(legal, case, evidence_dir):
    photo, video = make_evidence(TPS, kind="photo"), make_evidence(TPS, kind="photo")
    Evidence.objects.filter(pk=video.pk).update(kind="video")
    video.refresh_from_db()
    form = make_evidence(TPS, kind="c_hasil")
    pictures = exhibit_create(actor=legal, case=case, description="Foto TPS 001", evidence=[photo, video])
    assert pictures.kind == ExhibitKind.OTHER
    assert Exhibit.objects.get(pk=pictures.pk).kind == ExhibitKind.OTHER
    assert pictures.history.first().history_change_reason == "photos/videos: alat bukti lain"
    # A document stays a document, also with a photo of it; a witness stays a witness.
    assert exhibit_create(actor=legal, case=case, description="C.Hasil", evidence=[form, photo]).kind == "document"
    witness = exhibit_create(actor=legal, case=case, description="Saksi", kind=ExhibitKind.WITNESS, evidence=[photo])
    assert witness.kind == ExhibitKind.WITNESS
    # Asked again to be a document, or left with photos only, it is other evidence.
    assert exhibit_update(actor=legal, exhibit=pictures, kind=ExhibitKind.DOCUMENT).kind == ExhibitKind.OTHER
    mixed = exhibit_create(actor=legal, case=case, description="C.Hasil dan foto", evidence=[form, photo])
    assert exhibit_update(actor=legal, exhibit=mixed, evidence=[photo]).kind == ExhibitKind.OTHER


@translation.override("en")
def test_evidence_of_another_contest_is_refused_unless_confirmed(legal, case, evidence_dir):
    foreign = of_contest(make_evidence(TPS, kind="c_hasil", name="C.Hasil-PWP TPS 001.jpg"), presidential_contest())
    own = of_contest(make_evidence(TPS, kind="c_hasil"), case.contest)
    unknown = make_evidence(TPS, kind="c_hasil")  # no contest recorded: nothing to question
    with pytest.raises(ApplicationError) as raised:
        exhibit_create(actor=legal, case=case, description="C.Hasil TPS 001", evidence=[own, foreign])
    message = raised.value.message
    assert f"#{foreign.pk} C.Hasil-PWP TPS 001.jpg" in message
    assert str(foreign.contest) in message and str(case.contest) in message  # both contests named
    assert "confirm_other_contest" in raised.value.extra
    assert not Exhibit.objects.filter(case=case).exists()

    plain = exhibit_create(actor=legal, case=case, description="C.Hasil-KWK", evidence=[own, unknown])
    assert not plain.other_contest_confirmed

    confirmed = exhibit_create(
        actor=legal, case=case, description="C.Hasil TPS 001", evidence=[own, foreign], confirm_other_contest=True
    )
    assert confirmed.other_contest_confirmed
    assert set(confirmed.evidence.all()) == {own, foreign}
    record = confirmed.history.first()
    assert record.other_contest_confirmed and record.history_user == legal
    assert record.history_change_reason == "evidence of another contest confirmed"

    # Adding it to an existing exhibit asks too; what is already confirmed does not ask again.
    with pytest.raises(ApplicationError):
        exhibit_update(actor=legal, exhibit=plain, evidence=[own, unknown, foreign])
    assert set(Exhibit.objects.get(pk=plain.pk).evidence.all()) == {own, unknown}
    exhibit_update(actor=legal, exhibit=confirmed, description="C.Hasil TPS 001 (dua pemilihan)")
    exhibit_update(actor=legal, exhibit=confirmed, evidence=[own, foreign, unknown])
    # Once the other contest's evidence is gone, so is the confirmation.
    assert not exhibit_update(actor=legal, exhibit=confirmed, evidence=[own]).other_contest_confirmed


def test_the_contest_check_does_not_reveal_evidence_out_of_sight(legal, case, evidence_dir):
    hidden = of_contest(make_evidence("13.01.01", kind="c_hasil"), presidential_contest())
    with pytest.raises(ApplicationError) as raised:
        exhibit_create(actor=legal, case=case, description="x", evidence=[hidden], confirm_other_contest=True)
    assert "evidence" in raised.value.extra and "Pemilu" not in raised.value.message
