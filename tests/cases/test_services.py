"""Case, hearing and claim services: scoping (the office's legal division manages, nobody else),
validation, history, and the claimed numbers' bulk upsert."""

import datetime as dt

import pytest

from accounts.choices import Role
from cases.choices import CaseKind, CaseStatus, ClaimStatus, CounselKind, HearingAgenda, Metric
from cases.deadlines import WIB
from cases.models import Case, Claim, ClaimFigure, Counsel, Hearing
from cases.services import (
    case_create,
    case_set_status,
    case_update,
    claim_create,
    claim_link_evidence,
    claim_link_problem,
    claim_set_figures,
    claim_set_status,
    claim_update,
    counsel_add,
    counsel_remove,
    counsel_update,
    hearing_add,
)
from core.errors import ApplicationError
from elections.choices import ContestType
from regions.models import Region
from tests.cases.factories import CaseFactory, ClaimFactory, ContestFactory, ParticipantFactory
from tests.inventory.factories import ProblemFactory, evidence_dir, make_evidence

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"
TPS2 = "13.02.03.2002.002"


def region(code):
    return Region.objects.get(code=code)


@pytest.fixture
def legal(make_user):
    return make_user(Role.LEGAL, "13.02")


@pytest.fixture
def case():
    return CaseFactory()


def new_case_fields(contest, **overrides):
    a = ParticipantFactory(contest=contest)
    b = ParticipantFactory(contest=contest)
    fields = {
        "register_number": "45/PHPU.BUP-XXIII/2025",
        "kind": CaseKind.PHP_BUPATI,
        "contest": contest,
        "applicant": a,
        "related_party": b,
        "respondent_office": region("13.02"),
    }
    fields.update(overrides)
    return fields


def test_legal_registers_a_case_for_its_office(legal):
    case = case_create(actor=legal, **new_case_fields(ContestFactory()))
    assert case.created_by == legal
    assert case.history.first().history_user == legal
    assert case.status == CaseStatus.RECEIVED


def test_legal_of_another_regency_cannot_register_or_touch_it(make_user, case):
    other = make_user(Role.LEGAL, "13.01")
    contest = ContestFactory()
    with pytest.raises(ApplicationError):
        case_create(actor=other, **new_case_fields(contest))
    assert not Case.objects.filter(register_number="45/PHPU.BUP-XXIII/2025").exists()
    with pytest.raises(ApplicationError):
        case_update(actor=other, case=case, summary="Taken over")
    with pytest.raises(ApplicationError):
        case_set_status(actor=other, case=case, status=CaseStatus.ANSWER_FILED)
    with pytest.raises(ApplicationError):
        claim_create(actor=other, case=case, number="1", summary="x")
    case.refresh_from_db()
    assert case.summary == "" and case.status == CaseStatus.RECEIVED


def test_ppk_may_not_manage_cases_even_in_its_area(make_user, case):
    ppk = make_user(Role.PPK, "13.02.03")
    claim = ClaimFactory(case=case, locations=[region(TPS)])
    for attempt in (
        lambda: case_update(actor=ppk, case=case, summary="x"),
        lambda: claim_update(actor=ppk, claim=claim, response="x"),
        lambda: claim_set_status(actor=ppk, claim=claim, status=ClaimStatus.FINAL),
        lambda: hearing_add(actor=ppk, case=case, starts_at=dt.datetime(2025, 1, 13, 8, tzinfo=WIB), agenda="other"),
    ):
        with pytest.raises(ApplicationError):
            attempt()
    claim.refresh_from_db()
    assert claim.response == "" and claim.status == ClaimStatus.DRAFT


def test_nobody_moves_a_case_out_of_their_reach(legal, case):
    with pytest.raises(ApplicationError) as raised:
        case_update(actor=legal, case=case, respondent_office=region("13.01"))
    assert "respondent_office" in raised.value.extra
    case.refresh_from_db()
    assert case.respondent_office_id == "13.02"


def test_kpu_ri_cases_need_national_reach(legal, superuser):
    contest = ContestFactory(contest_type=ContestType.DPR, region_id=None, election__name="Pemilu 2024")
    fields = new_case_fields(
        contest,
        register_number="123-01-17-13/PHPU.DPR-DPRD-XXII/2024",
        kind=CaseKind.PHPU_DPR_DPRD,
        respondent_office=None,
        related_party=None,
    )
    with pytest.raises(ApplicationError):
        case_create(actor=legal, **fields)
    assert case_create(actor=superuser, **fields).respondent_office is None


def test_register_number_and_kind_are_validated(legal):
    with pytest.raises(ApplicationError) as raised:
        case_create(actor=legal, **new_case_fields(ContestFactory(), register_number="45/PHPU.BUP/2025"))
    assert "register_number" in raised.value.extra


def governor_case() -> Case:
    """A PHP Gubernur case against KPU Provinsi Sumatera Barat (13)."""
    contest = ContestFactory(contest_type=ContestType.GUBERNUR, region_id="13")
    return CaseFactory(
        register_number="12/PHPU.GUB-XXIII/2025", kind=CaseKind.PHP_GUBERNUR, contest=contest, respondent_office_id="13"
    )


def test_a_turut_termohon_office_manages_the_case_too(make_user):
    case = governor_case()
    province = make_user(Role.LEGAL, "13")
    regency = make_user(Role.LEGAL, "13.02")
    case_update(actor=province, case=case, other_respondent_offices=[region("13.02")])
    assert case_update(actor=regency, case=case, summary="Jointly answered").summary == "Jointly answered"


def test_other_respondent_offices_must_be_in_the_actors_reach(legal, case, make_user):
    """Listing an office as co-respondent lets it manage the case: only an office the actor manages
    cases at may be added, on create and on update; nothing is stored when refused."""
    with pytest.raises(ApplicationError) as raised:
        case_create(
            actor=legal,
            other_respondent_offices=[region("13.01")],
            **new_case_fields(ContestFactory(), register_number="46/PHPU.BUP-XXIII/2025"),
        )
    assert raised.value.extra["other_respondent_offices"]
    assert not Case.objects.filter(register_number="46/PHPU.BUP-XXIII/2025").exists()

    with pytest.raises(ApplicationError) as raised:
        case_update(actor=legal, case=case, summary="Handed over", other_respondent_offices=[region("13.01")])
    assert raised.value.extra["other_respondent_offices"]
    case.refresh_from_db()
    assert (case.summary, list(case.other_respondent_offices.all())) == ("", [])

    province = make_user(Role.LEGAL, "13")
    case_update(actor=province, case=case, other_respondent_offices=[region("13.01")])
    assert list(case.other_respondent_offices.values_list("code", flat=True)) == ["13.01"]


def test_a_co_respondent_office_cannot_add_a_third_office_out_of_its_reach(make_user):
    case = governor_case()
    case.other_respondent_offices.set([region("13.02")])
    regency = make_user(Role.LEGAL, "13.02")  # manages cases at 13.02 only, not at 13 nor 13.01

    with pytest.raises(ApplicationError) as raised:
        case_update(actor=regency, case=case, other_respondent_offices=[region("13.02"), region("13.01")])
    assert raised.value.extra["other_respondent_offices"]
    assert list(case.other_respondent_offices.values_list("code", flat=True)) == ["13.02"]

    # Keeping the list as it is (and changing other fields) still works for them.
    case_update(actor=regency, case=case, summary="Answered", other_respondent_offices=[region("13.02")])
    case.refresh_from_db()
    assert case.summary == "Answered"


def test_members_must_see_the_office(legal, case, make_user):
    with pytest.raises(ApplicationError):
        case_update(actor=legal, case=case, members=[make_user(Role.LEGAL, "13.01")])
    mine = make_user(Role.TECHNICAL, "13.02")
    case_update(actor=legal, case=case, members=[mine])
    assert list(case.members.all()) == [mine]


def test_status_moves_and_is_recorded(legal, case):
    case_set_status(actor=legal, case=case, status=CaseStatus.PRELIMINARY_HEARING)
    case.refresh_from_db()
    assert case.status == CaseStatus.PRELIMINARY_HEARING
    assert case.history.first().history_user == legal
    with pytest.raises(ApplicationError):
        case_set_status(actor=legal, case=case, status="nonsense")


def test_hearing_add(legal, case, make_user):
    member = make_user(Role.LEGAL, "13.02")
    hearing = hearing_add(
        actor=legal,
        case=case,
        starts_at=dt.datetime(2025, 1, 13, 8, tzinfo=WIB),
        agenda=HearingAgenda.PRELIMINARY,
        place="Ruang Sidang Pleno MK",
        attendees=[member],
    )
    assert list(hearing.attendees.all()) == [member]
    with pytest.raises(ApplicationError):
        hearing_add(
            actor=legal,
            case=case,
            starts_at=dt.datetime(2025, 1, 14, 8, tzinfo=WIB),
            agenda=HearingAgenda.EVIDENCE,
            attendees=[make_user(Role.LEGAL, "11.01")],
        )
    assert Hearing.objects.count() == 1


# Claims


def test_claim_create_update_status(legal, case):
    claim = claim_create(actor=legal, case=case, number="3", summary="Votes moved at TPS 001", locations=[region(TPS)])
    second = claim_create(actor=legal, case=case, number="4", summary="DPT inflated")
    assert (claim.position, second.position) == (1, 2)
    assert [r.code for r in claim.locations.all()] == [TPS]
    claim = claim_update(actor=legal, claim=claim, response="The C.Hasil shows 130 votes.", locations=[region(TPS2)])
    assert [r.code for r in claim.locations.all()] == [TPS2]
    assert claim_set_status(actor=legal, claim=claim, status=ClaimStatus.FINAL).status == ClaimStatus.FINAL
    assert claim.history.first().history_user == legal
    with pytest.raises(ApplicationError):  # the same number twice in one petition
        claim_create(actor=legal, case=case, number="3", summary="again")


def test_claim_locations_stay_in_the_contest_area(legal, case):
    with pytest.raises(ApplicationError) as raised:
        claim_create(actor=legal, case=case, number="1", summary="x", locations=[region("13.01")])
    assert "locations" in raised.value.extra
    assert not Claim.objects.exists()


def test_claim_assignee_must_see_the_case(legal, case, make_user):
    with pytest.raises(ApplicationError):
        claim_create(actor=legal, case=case, number="1", summary="x", assignee=make_user(Role.LEGAL, "13.01"))


def test_link_problem_needs_it_in_sight(legal, case, make_user):
    claim = ClaimFactory(case=case)
    problem = ProblemFactory(region_id=TPS)
    claim_link_problem(actor=legal, claim=claim, problem=problem)
    assert list(claim.problems.all()) == [problem]
    claim_link_problem(actor=legal, claim=claim, problem=problem, linked=False)
    assert not claim.problems.exists()
    elsewhere = ProblemFactory(region_id="13.01")
    with pytest.raises(ApplicationError):
        claim_link_problem(actor=legal, claim=claim, problem=elsewhere)


def test_link_evidence_makes_or_reuses_an_exhibit(legal, case, evidence_dir):
    claim, other = ClaimFactory(case=case), ClaimFactory(case=case)
    evidence = make_evidence(TPS, kind="c_hasil")
    exhibit = claim_link_evidence(actor=legal, claim=claim, evidence=evidence, description="C.Hasil TPS 001")
    assert exhibit.label == "T-1"
    assert claim_link_evidence(actor=legal, claim=other, evidence=evidence) == exhibit
    assert set(exhibit.claims.all()) == {claim, other}


# Numbers


def test_set_figures_upserts_and_removes(legal, case):
    claim = ClaimFactory(case=case, locations=[region("13.02.03")])
    applicant, winner = case.applicant, case.related_party
    rows = [
        {"region": region(TPS), "participant": applicant, "applicant_value": 250, "official_value": 130},
        {"region": region(TPS), "participant": winner, "applicant_value": 100, "official_value": 220},
        {"region": region(TPS), "metric": Metric.VALID, "applicant_value": 350, "official_value": 350},
    ]
    figures = claim_set_figures(actor=legal, claim=claim, rows=rows)
    assert len(figures) == 3
    assert {f.difference for f in figures} == {120, -120, 0}
    assert figures[0].history.first().history_user == legal

    # Upsert: one changed, one removed (both values empty), the third untouched.
    claim_set_figures(
        actor=legal,
        claim=claim,
        rows=[
            {"region": region(TPS), "participant": applicant, "applicant_value": 260, "official_value": 130},
            {"region": region(TPS), "participant": winner, "applicant_value": None, "official_value": None},
        ],
    )
    stored = {(f.participant_id, f.metric): f.applicant_value for f in ClaimFigure.objects.filter(claim=claim)}
    assert stored == {(applicant.pk, Metric.VOTES): 260, (None, Metric.VALID): 350}

    # Replace: what is not given goes.
    claim_set_figures(
        actor=legal,
        claim=claim,
        rows=[{"region": region(TPS2), "participant": applicant, "applicant_value": 1, "official_value": 1}],
        replace=True,
    )
    assert [f.region_id for f in ClaimFigure.objects.filter(claim=claim)] == [TPS2]


def test_set_figures_is_all_or_nothing(legal, case):
    claim = ClaimFactory(case=case, locations=[region("13.02.03")])
    stranger = ParticipantFactory(contest=ContestFactory(region_id="13.01"))
    rows = [
        {"region": region(TPS), "participant": case.applicant, "applicant_value": 1, "official_value": 2},
        {"region": region("13.02.04.2001.001"), "participant": case.applicant, "applicant_value": 1},
        {"region": region(TPS), "participant": stranger, "applicant_value": 1},
        {"region": region(TPS), "metric": Metric.VALID, "participant": case.applicant, "applicant_value": 1},
        {"region": region(TPS), "participant": case.applicant, "applicant_value": 5},
    ]
    with pytest.raises(ApplicationError) as raised:
        claim_set_figures(actor=legal, claim=claim, rows=rows)
    assert set(raised.value.extra) == {"rows[1]", "rows[2]", "rows[3]", "rows[4]"}
    assert not ClaimFigure.objects.exists()


def test_set_figures_is_scoped(make_user, case):
    claim = ClaimFactory(case=case, locations=[region(TPS)])
    ppk = make_user(Role.PPK, "13.02.03")
    with pytest.raises(ApplicationError):
        claim_set_figures(
            actor=ppk, claim=claim, rows=[{"region": region(TPS), "participant": case.applicant, "applicant_value": 1}]
        )
    assert not ClaimFigure.objects.exists()


# The case page's data (selectors shared with the pages)


def test_case_detail_shows_a_ppk_only_its_area(legal, case, make_user, django_assert_max_num_queries):
    from cases.selectors import case_detail, figure_table
    from cases.services_exhibits import exhibit_cite, exhibit_create

    here = ClaimFactory(case=case, number="1", locations=[region(TPS)])
    there = ClaimFactory(case=case, number="2", locations=[region("13.02.04")])
    exhibit = exhibit_create(actor=legal, case=case, description="C.Hasil TPS 001")
    exhibit_cite(actor=legal, claim=here, exhibit=exhibit)
    exhibit_cite(actor=legal, claim=there, exhibit=exhibit)
    claim_set_status(actor=legal, claim=there, status=ClaimStatus.FINAL)
    hearing_add(actor=legal, case=case, starts_at=dt.datetime(2025, 1, 13, 8, tzinfo=WIB), agenda="preliminary")
    case_update(actor=legal, case=case, members=[legal])

    ppk = make_user(Role.PPK, "13.02.03")
    detail = case_detail(user=ppk, case=case)
    assert [c.number for c in detail.claims] == ["1"] and not detail.sight.whole
    assert detail.warnings == [] and not detail.can_manage
    # None of the answer work: the page shows a PPK the claims of its area only.
    assert detail.exhibits == detail.hearings == detail.deadlines == detail.members == detail.counsel == []

    full = case_detail(user=legal, case=case)
    assert [c.number for c in full.claims] == ["1", "2"] and full.can_manage
    assert [w.code for w in full.warnings_by_exhibit[exhibit.pk]] == ["not_certified"]
    assert full.members == [legal] and len(full.hearings) == 1

    claim_set_figures(
        actor=legal,
        claim=here,
        rows=[{"region": region(TPS), "participant": case.applicant, "applicant_value": 250, "official_value": 130}],
    )
    [row] = figure_table(claim=here, sight=full.sight)
    assert (row.applicant, row.official, row.difference) == (250, 130, 120)
    assert [f.rule for f in row.findings] == ["difference"]


def test_case_takes_the_official_votes(make_user):
    from cases.services import CASE_FIELDS

    assert {"total_valid_votes", "applicant_votes", "winner_votes"} <= CASE_FIELDS
    case = CaseFactory()
    legal = make_user(Role.LEGAL, "13.02")
    case_update(actor=legal, case=case, total_valid_votes=230_000, applicant_votes=90_000, winner_votes=100_000)
    case.refresh_from_db()
    assert case.winner_votes - case.applicant_votes == 10_000


def test_region_population_set_scoped_and_upserts(make_user):
    from cases.models import RegionPopulation
    from cases.services import region_population_set

    region = Region.objects.get(code="13.02")
    legal = make_user(Role.LEGAL, "13.02")
    row = region_population_set(actor=legal, region=region, year=2024, population=398_000, source="DAK2")
    again = region_population_set(actor=legal, region=region, year=2024, population=398_311, source="DAK2")
    assert again.pk == row.pk and RegionPopulation.objects.get().population == 398_311
    assert again.history.first().history_user == legal
    with pytest.raises(ApplicationError):
        region_population_set(actor=make_user(Role.LEGAL, "13.01"), region=region, year=2023, population=1, source="")
    with pytest.raises(ApplicationError):
        region_population_set(actor=make_user(Role.VIEWER, "13.02"), region=region, year=2023, population=1, source="")
    with pytest.raises(ApplicationError):  # population is kept for provinces and regencies only
        region_population_set(
            actor=legal, region=Region.objects.get(code="13.02.03"), year=2024, population=1, source=""
        )


# The filing: who answers, for whom, where and when; counsel.


def test_filing_data_is_entered_through_the_case_service_and_audited(legal, case):
    case = case_update(
        actor=legal,
        case=case,
        respondent_chair="Nofriadi Syahputra, S.H.",
        respondent_address="Jalan Koto Baru No. 17, Arosuka",
        answer_place="Arosuka",
        answer_date=dt.date(2025, 1, 16),
        power_of_attorney_number="01/PY.02.1-SU/1302/2025",
        power_of_attorney_date=dt.date(2025, 1, 6),
        counsel_office="Kantor Advokat Wicaksana & Rekan",
        result_decree_title="Penetapan Hasil Pemilihan Bupati dan Wakil Bupati Solok Tahun 2024",
        elected_determined_at=dt.datetime(2025, 2, 10, 10, 0, tzinfo=WIB),
    )
    stored = Case.objects.get(pk=case.pk)
    assert (stored.respondent_chair, stored.answer_place, stored.answer_date) == (
        "Nofriadi Syahputra, S.H.",
        "Arosuka",
        dt.date(2025, 1, 16),
    )
    assert stored.power_of_attorney_number == "01/PY.02.1-SU/1302/2025"
    assert stored.elected_determined_at == dt.datetime(2025, 2, 10, 10, 0, tzinfo=WIB)
    latest = stored.history.first()
    assert latest.history_user == legal and latest.respondent_chair == "Nofriadi Syahputra, S.H."


@pytest.mark.parametrize("grounds", ["", "   \n "])
def test_obscuur_libel_needs_its_grounds(legal, case, grounds):
    with pytest.raises(ApplicationError) as raised:
        case_update(actor=legal, case=case, obscuur_libel=True, obscuur_libel_grounds=grounds)
    assert "obscuur_libel_grounds" in raised.value.extra
    case.refresh_from_db()
    assert not case.obscuur_libel
    with pytest.raises(ApplicationError):
        case_create(actor=legal, obscuur_libel=True, **new_case_fields(ContestFactory()))
    assert not Case.objects.filter(register_number="45/PHPU.BUP-XXIII/2025").exists()

    grounds = "Posita mendalilkan TPS di Kecamatan Pantai Cermin; petitum meminta PSU di seluruh kabupaten."
    case = case_update(actor=legal, case=case, obscuur_libel=True, obscuur_libel_grounds=f"  {grounds} ")
    case.refresh_from_db()
    assert case.obscuur_libel and case.obscuur_libel_grounds == grounds


def test_counsel_are_added_changed_and_removed_with_history(legal, case):
    first = counsel_add(actor=legal, case=case, name="  Dr. Arief Wicaksana, S.H., M.H. ")
    second = counsel_add(actor=legal, case=case, name="Rini Oktaviani, S.H.", kind=CounselKind.ADVOCATE)
    assert first.name == "Dr. Arief Wicaksana, S.H., M.H."
    assert [c.position for c in (first, second)] == [1, 2]  # they sign in the order named
    counsel_update(actor=legal, counsel=second, name="Rini Oktaviani, S.H., M.H.", substitute=True)
    second.refresh_from_db()
    assert second.name == "Rini Oktaviani, S.H., M.H." and second.substitute
    counsel_remove(actor=legal, counsel=first)
    assert list(case.counsel.values_list("name", flat=True)) == ["Rini Oktaviani, S.H., M.H."]
    trail = Counsel.history.order_by("history_date", "history_id").values_list("name", "history_type", "history_user")
    assert list(trail) == [
        ("Dr. Arief Wicaksana, S.H., M.H.", "+", legal.pk),
        ("Rini Oktaviani, S.H.", "+", legal.pk),
        ("Rini Oktaviani, S.H., M.H.", "~", legal.pk),
        ("Dr. Arief Wicaksana, S.H., M.H.", "-", legal.pk),
    ]


def test_counsel_need_a_name_and_a_known_kind(legal, case):
    with pytest.raises(ApplicationError) as raised:
        counsel_add(actor=legal, case=case, name="   ")
    assert "name" in raised.value.extra
    with pytest.raises(ApplicationError) as raised:
        counsel_add(actor=legal, case=case, name="Jaksa X", kind="sheriff")
    assert "kind" in raised.value.extra
    assert not case.counsel.exists()


def test_counsel_are_managed_by_the_office_only(legal, case, make_user):
    counsel = counsel_add(actor=legal, case=case, name="Dr. Arief Wicaksana, S.H., M.H.")
    for user in (make_user(Role.LEGAL, "13.01"), make_user(Role.PPK, "13.02.03"), make_user(Role.VIEWER, "13.02")):
        with pytest.raises(ApplicationError):
            counsel_add(actor=user, case=case, name="Penyusup")
        with pytest.raises(ApplicationError):
            counsel_update(actor=user, counsel=counsel, name="Penyusup")
        with pytest.raises(ApplicationError):
            counsel_remove(actor=user, counsel=counsel)
    assert list(case.counsel.values_list("name", flat=True)) == ["Dr. Arief Wicaksana, S.H., M.H."]


def test_link_evidence_of_another_contest_needs_confirmation(legal, case, evidence_dir):
    from elections.models import Contest
    from inventory.models import Evidence
    from tests.cases.factories import ElectionFactory

    pemilu = ElectionFactory(name="Pemilu 2024", kind="pemilu", voting_date=dt.date(2024, 2, 14))
    presidential = Contest.objects.create(election=pemilu, contest_type=ContestType.PPWP)
    evidence = make_evidence(TPS, kind="c_hasil")
    Evidence.objects.filter(pk=evidence.pk).update(contest=presidential)
    evidence.refresh_from_db()
    claim = ClaimFactory(case=case)
    with pytest.raises(ApplicationError) as raised:
        claim_link_evidence(actor=legal, claim=claim, evidence=evidence)
    assert f"#{evidence.pk}" in raised.value.message and "Pemilu 2024" in raised.value.message
    assert "Pilkada 2024" in raised.value.message
    assert not case.exhibits.exists() and not claim.citations.exists()
    exhibit = claim_link_evidence(actor=legal, claim=claim, evidence=evidence, confirm_other_contest=True)
    assert exhibit.other_contest_confirmed and list(claim.exhibits.all()) == [exhibit]


def test_a_corrected_ruling_time_moves_the_stored_order_due_dates(legal, case):
    """Reminders and the dashboard query the stored due date: it follows the ruling's time as the
    legal division corrects it, and an order without a period never gets one."""
    from cases.models import CaseOrder

    with_period = CaseOrder.objects.create(case=case, kind="psu", period_amount=60, period_unit="days")
    without = CaseOrder.objects.create(case=case, kind="recount")
    case_update(actor=legal, case=case, decision_at=dt.datetime(2025, 2, 24, 14, 0, tzinfo=WIB))
    with_period.refresh_from_db()
    without.refresh_from_db()
    assert with_period.due_date == dt.date(2025, 4, 25)
    assert without.due_date is None
    case_update(actor=legal, case=case, decision_at=dt.datetime(2025, 2, 26, 14, 0, tzinfo=WIB))
    with_period.refresh_from_db()
    assert with_period.due_date == dt.date(2025, 4, 27)
    assert with_period.history.first().history_user == legal
