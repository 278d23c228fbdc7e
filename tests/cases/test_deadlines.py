"""The deadline engine against the real 2024/2025 calendars (GLOSSARY.md, "Deadlines")."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.choices import CaseKind, DeadlineUnit, HearingAgenda, OrderKind
from cases.deadlines import (
    WIB,
    WIT,
    WITA,
    Calendar,
    add_working_days,
    case_deadlines,
    filing_deadline,
    format_in_zone,
    hearing_deadlines,
    is_working_day,
    order_due,
    petition_late,
    subtract_working_days,
    working_days_between,
    zone_for,
    zone_name_for,
)
from cases.models import CaseOrder, DeadlineRule, Holiday
from tests.cases.factories import CaseFactory, ContestFactory, ElectionFactory, HearingFactory, pemilu_case

pytestmark = pytest.mark.django_db

DECREE_2024 = dt.datetime(2024, 3, 20, 22, 19, tzinfo=WIB)  # KPU decree 360/2024, national results


def end_of_day(year, month, day):
    return dt.datetime(year, month, day, 23, 59, 59, tzinfo=WIB)


def by_key(deadlines):
    return {d.rule_key: d for d in deadlines}


# Seeded rules


def test_the_glossary_rules_are_seeded_with_their_sources():
    rules = {r.key: r for r in DeadlineRule.objects.all()}
    assert {
        "filing-legislative",
        "filing-presidential",
        "filing-pilkada",
        "decision-legislative",
        "decision-presidential",
        "decision-pilkada",
        "penetapan-after-notice",
        "witnesses-gubernur",
        "witnesses-bupati-walikota",
        "witnesses-pemilu",
        "psu-ordered",
    } <= set(rules)
    assert "3 × 24 hours after the KPU's national result decree" in rules["filing-legislative"].source
    assert (rules["filing-legislative"].amount, rules["filing-legislative"].unit) == (72, DeadlineUnit.HOURS)
    assert (rules["filing-pilkada"].amount, rules["filing-pilkada"].unit) == (3, DeadlineUnit.WORKING_DAYS)
    assert (rules["decision-pilkada"].amount, rules["decision-pilkada"].unit) == (45, DeadlineUnit.WORKING_DAYS)
    assert rules["witnesses-gubernur"].limit == 6
    assert rules["witnesses-bupati-walikota"].limit == 4


# Filing


def test_legislative_decree_at_22_19_gives_23_march_22_19():
    case = pemilu_case(result_decree_at=DECREE_2024)
    deadline = filing_deadline(case)
    assert deadline.rule_key == "filing-legislative"
    assert deadline.due_at == dt.datetime(2024, 3, 23, 22, 19, tzinfo=WIB)
    assert deadline.due_display == "23 Mar 2024 22:19 WIB"
    assert "3 × 24 hours" in deadline.source


def test_presidential_filing_is_3_days_after_the_decree():
    election = ElectionFactory(name="Pemilu 2024", kind="pemilu", voting_date=dt.date(2024, 2, 14))
    contest = ContestFactory(election=election, contest_type="ppwp", region_id=None)
    case = CaseFactory(
        register_number="1/PHPU.PRES-XXII/2024",
        kind=CaseKind.PHPU_PRESIDEN,
        contest=contest,
        respondent_office_id=None,
        result_decree_at=DECREE_2024,
    )
    deadline = filing_deadline(case)
    assert deadline.rule_key == "filing-presidential"
    assert deadline.due_at == dt.datetime(2024, 3, 23, 22, 19, tzinfo=WIB)


def test_petition_late_is_the_eksepsi_on_tenggang_waktu():
    case = pemilu_case(result_decree_at=DECREE_2024)
    assert petition_late(case) is None  # not filed yet
    case.petition_filed_at = dt.datetime(2024, 3, 23, 22, 19, tzinfo=WIB)
    assert petition_late(case) is False
    case.petition_filed_at = dt.datetime(2024, 3, 23, 22, 20, tzinfo=WIB)
    assert petition_late(case) is True
    assert filing_deadline(case).late_by == dt.timedelta(minutes=1)


def test_late_is_judged_on_the_instant_not_the_office_clock():
    """A Bali office enters the filing time in WITA: 23:19 WITA is 22:19 WIB, on time."""
    case = pemilu_case(result_decree_at=DECREE_2024)
    case.petition_filed_at = dt.datetime(2024, 3, 23, 23, 19, tzinfo=WITA)
    assert petition_late(case) is False


def test_pilkada_filing_is_3_working_days_after_the_announcement():
    case = CaseFactory(result_decree_at=dt.datetime(2024, 12, 16, 14, 0, tzinfo=WIB))  # Monday
    assert filing_deadline(case).due_at == end_of_day(2024, 12, 19)


def test_pilkada_filing_skips_christmas_and_its_cuti_bersama():
    # Mon 23 Dec 2024: 24 Dec (1), 25 Christmas, 26 cuti bersama, 27 (2), 28-29 weekend, 30 (3).
    case = CaseFactory(result_decree_at=dt.datetime(2024, 12, 23, 10, 0, tzinfo=WIB))
    assert filing_deadline(case).due_at == end_of_day(2024, 12, 30)


def test_an_admin_added_cuti_bersama_day_moves_the_deadline():
    case = CaseFactory(result_decree_at=dt.datetime(2024, 12, 16, 14, 0, tzinfo=WIB))
    Holiday.objects.create(date=dt.date(2024, 12, 17), name="Cuti bersama (test)")
    assert filing_deadline(case).due_at == end_of_day(2024, 12, 20)


def test_a_decree_late_in_the_evening_in_wit_counts_from_its_wib_day():
    """The court counts days on its own clock: 00:30 WIT on Tuesday is still Monday 22:30 WIB."""
    case = CaseFactory(result_decree_at=dt.datetime(2024, 12, 17, 0, 30, tzinfo=WIT))
    assert filing_deadline(case).due_at == end_of_day(2024, 12, 19)


# Decision


def test_presidential_decision_2024_falls_on_22_april_across_idul_fitri():
    """Registered in e-BRPK on 25 Mar 2024, decided on 22 Apr 2024: the 14th working day counting the
    registration day, skipping Good Friday (29 Mar), Idul Fitri (10-11 Apr) and its cuti bersama
    (8, 9, 12, 15 Apr)."""
    election = ElectionFactory(name="Pemilu 2024", kind="pemilu", voting_date=dt.date(2024, 2, 14))
    contest = ContestFactory(election=election, contest_type="ppwp", region_id=None)
    case = CaseFactory(
        register_number="2/PHPU.PRES-XXII/2024",
        kind=CaseKind.PHPU_PRESIDEN,
        contest=contest,
        respondent_office_id=None,
        result_decree_at=DECREE_2024,
        ebrpk_registered_at=dt.datetime(2024, 3, 25, 9, 0, tzinfo=WIB),
        decision_at=dt.datetime(2024, 4, 22, 16, 0, tzinfo=WIB),
    )
    decision = by_key(case_deadlines(case))["decision-presidential"]
    assert decision.due_at == end_of_day(2024, 4, 22)
    assert decision.late is False
    assert "14 working days from registration" in decision.source


def test_without_the_cuti_bersama_the_count_would_end_a_week_early():
    public_only = {dt.date(2024, 3, 29), dt.date(2024, 4, 10), dt.date(2024, 4, 11)}
    assert add_working_days(dt.date(2024, 3, 25), 14, public_only, count_start=True) == dt.date(2024, 4, 16)
    assert add_working_days(dt.date(2024, 3, 25), 14, Calendar(), count_start=True) == dt.date(2024, 4, 22)


def test_legislative_decision_counts_30_working_days_over_may_2024():
    # From Mon 22 Apr 2024: May 1 Labour Day, 9 May Ascension + 10 May cuti bersama, 23 May Waisak +
    # 24 May cuti bersama are skipped: the 30th working day is Fri 7 Jun 2024.
    case = pemilu_case(ebrpk_registered_at=dt.datetime(2024, 4, 22, 10, 0, tzinfo=WIB))
    assert by_key(case_deadlines(case))["decision-legislative"].due_at == end_of_day(2024, 6, 7)


def test_pilkada_decision_45_working_days_from_registration_in_january_2025():
    # Registered 3 Jan 2025; Isra Mi'raj (27 Jan), cuti bersama Imlek (28 Jan), Imlek (29 Jan) skipped.
    case = CaseFactory(
        ebrpk_registered_at=dt.datetime(2025, 1, 3, 10, 0, tzinfo=WIB),
        decision_at=dt.datetime(2025, 2, 24, 15, 0, tzinfo=WIB),
    )
    decision = by_key(case_deadlines(case))["decision-pilkada"]
    assert decision.due_at == end_of_day(2025, 3, 11)
    assert decision.late is False


# Hearings, penetapan, orders


def test_witness_identities_are_due_the_working_day_before_each_hearing():
    case = CaseFactory()
    monday = HearingFactory(case=case, starts_at=dt.datetime(2025, 1, 13, 8, 0, tzinfo=WIB))
    thursday = HearingFactory(case=case, starts_at=dt.datetime(2025, 1, 30, 8, 0, tzinfo=WIB))
    first = by_key(hearing_deadlines(case, monday))["witnesses-bupati-walikota"]
    assert first.due_at == end_of_day(2025, 1, 10)  # the Friday before
    assert first.limit == 4
    # 29 Jan Imlek, 28 Jan cuti bersama, 27 Jan Isra Mi'raj: the Friday before again.
    second = by_key(hearing_deadlines(case, thursday))["witnesses-bupati-walikota"]
    assert second.due_at == end_of_day(2025, 1, 24)


def test_governor_cases_allow_six_witnesses():
    contest = ContestFactory(contest_type="gubernur", region_id="13")
    case = CaseFactory(register_number="3/PHPU.GUB-XXIII/2025", kind=CaseKind.PHP_GUBERNUR, contest=contest)
    hearing = HearingFactory(case=case)
    witnesses = [d for d in hearing_deadlines(case, hearing) if d.rule_key.startswith("witnesses")]
    assert [(d.rule_key, d.limit) for d in witnesses] == [("witnesses-gubernur", 6)]


def test_answer_countdown_runs_only_from_answer_hearings():
    case = CaseFactory()
    answer = HearingFactory(
        case=case, agenda=HearingAgenda.ANSWER, starts_at=dt.datetime(2025, 1, 21, 13, 0, tzinfo=WIB)
    )
    preliminary = HearingFactory(case=case, starts_at=dt.datetime(2025, 1, 13, 8, 0, tzinfo=WIB))
    assert "answer-submit" not in by_key(hearing_deadlines(case, preliminary))
    countdown = by_key(hearing_deadlines(case, answer))
    assert countdown["answer-case-review"].due_at == dt.datetime(2025, 1, 18, 13, 0, tzinfo=WIB)
    assert countdown["answer-submit"].due_at == dt.datetime(2025, 1, 20, 13, 0, tzinfo=WIB)


def test_penetapan_is_due_3_days_after_the_mk_notice():
    case = CaseFactory(mk_notice_received_at=dt.datetime(2025, 2, 25, 10, 0, tzinfo=WIB))
    assert by_key(case_deadlines(case))["penetapan-after-notice"].due_at == dt.datetime(2025, 2, 28, 10, 0, tzinfo=WIB)


def test_ordered_psu_uses_the_ruling_period_or_the_default_rule():
    case = CaseFactory(decision_at=dt.datetime(2025, 2, 24, 15, 0, tzinfo=WIB))
    by_ruling = CaseOrder.objects.create(case=case, kind=OrderKind.PSU, period_amount=60, period_unit=DeadlineUnit.DAYS)
    assert order_due(by_ruling) == dt.date(2025, 4, 25)
    default = CaseOrder.objects.create(case=case, kind=OrderKind.PSU)
    assert order_due(default) == dt.date(2025, 3, 6)  # psu-ordered: 10 days
    recount = CaseOrder.objects.create(case=case, kind=OrderKind.RECOUNT)
    assert order_due(recount) is None  # no rule, no period in the ruling
    working = CaseOrder.objects.create(
        case=case, kind=OrderKind.RETALLY, period_amount=5, period_unit=DeadlineUnit.WORKING_DAYS
    )
    assert order_due(working) == dt.date(2025, 3, 3)


def test_no_decision_no_order_due_date():
    order = CaseOrder.objects.create(case=CaseFactory(), kind=OrderKind.PSU)
    assert order_due(order) is None


# The rules are data


def test_missing_anchors_give_open_deadlines_listed_last():
    case = CaseFactory(result_decree_at=None)
    deadlines = case_deadlines(case)
    assert deadlines and all(d.due_at is None for d in deadlines)
    case.result_decree_at = dt.datetime(2024, 12, 16, 14, 0, tzinfo=WIB)
    deadlines = case_deadlines(case)
    assert deadlines[0].rule_key == "filing-pilkada"
    assert deadlines[-1].due_at is None


def test_an_admin_edits_and_switches_off_rules():
    case = CaseFactory(result_decree_at=dt.datetime(2024, 12, 16, 14, 0, tzinfo=WIB))
    DeadlineRule.objects.filter(key="filing-pilkada").update(amount=5)
    assert filing_deadline(case).due_at == end_of_day(2024, 12, 23)
    DeadlineRule.objects.filter(key="penetapan-after-notice").update(active=False)
    assert "penetapan-after-notice" not in by_key(case_deadlines(case))


def test_rules_of_other_kinds_do_not_apply():
    keys = set(by_key(case_deadlines(CaseFactory())))
    assert "filing-legislative" not in keys
    assert "decision-presidential" not in keys
    assert {"filing-pilkada", "decision-pilkada"} <= keys


def test_case_deadlines_take_three_queries_or_none_when_shared(django_assert_num_queries):
    case = CaseFactory(ebrpk_registered_at=dt.datetime(2025, 1, 3, 10, 0, tzinfo=WIB))
    HearingFactory(case=case)
    with django_assert_num_queries(3):  # hearings, Holiday rows, rules
        case_deadlines(case)
    rules = list(DeadlineRule.objects.all())
    with django_assert_num_queries(0):
        case_deadlines(case, rules=rules, calendar=Calendar(), hearings=[])


# Time zones


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        (None, "WIB"),
        ("13.02", "WIB"),
        ("31", "WIB"),
        ("61.01", "WIB"),  # Kalimantan Barat
        ("62", "WIB"),  # Kalimantan Tengah
        ("51", "WITA"),  # Bali
        ("52.01", "WITA"),
        ("53", "WITA"),
        ("63", "WITA"),  # Kalimantan Selatan
        ("64", "WITA"),
        ("65", "WITA"),
        ("73.71", "WITA"),  # Makassar
        ("75", "WITA"),  # Gorontalo
        ("81", "WIT"),
        ("82", "WIT"),
        ("91", "WIT"),
        ("96.01", "WIT"),  # Papua Barat Daya
    ],
)
def test_zone_by_province(code, zone):
    assert zone_name_for(code) == zone


def test_times_are_shown_in_the_office_zone():
    moment = dt.datetime(2024, 3, 23, 22, 19, tzinfo=WIB)
    assert format_in_zone(moment, "13.02") == "23 Mar 2024 22:19 WIB"
    assert format_in_zone(moment, "51.71") == "23 Mar 2024 23:19 WITA"
    assert format_in_zone(moment, "91") == "24 Mar 2024 00:19 WIT"
    assert zone_for("64") == WITA
    assert format_in_zone(None, "13") == ""


def test_a_case_deadline_shows_in_its_office_zone():
    contest = ContestFactory(region_id="13.01")
    case = CaseFactory(contest=contest, respondent_office_id="13.01")
    case.respondent_office_id = "51.71"  # display only: the zone follows the office's province
    deadline = filing_deadline(case)
    assert deadline.zone == "WITA"
    assert deadline.due_display == "20 Dec 2024 00:59 WITA"


# Working days, pure


def test_working_day_helpers_on_known_days():
    cal = Calendar()
    assert not cal.is_working_day(dt.date(2024, 2, 14))  # election day
    assert not cal.is_working_day(dt.date(2024, 11, 27))  # Pilkada day
    assert not cal.is_working_day(dt.date(2024, 4, 8))  # cuti bersama Idul Fitri
    assert cal.is_working_day(dt.date(2024, 4, 16))
    assert subtract_working_days(dt.date(2024, 4, 16), 1, cal) == dt.date(2024, 4, 5)
    assert working_days_between(dt.date(2024, 4, 5), dt.date(2024, 4, 16), cal) == 1
    assert add_working_days(dt.date(2024, 4, 6), 1, cal, count_start=True) == dt.date(2024, 4, 16)


days = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2026, 12, 31))
offs = st.frozensets(st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 3, 31)), max_size=40)


@given(start=days, amount=st.integers(min_value=1, max_value=60), days_off=offs)
def test_adding_working_days_lands_on_a_working_day_exactly_that_far(start, amount, days_off):
    due = add_working_days(start, amount, days_off)
    assert is_working_day(due, days_off)
    assert working_days_between(start, due, days_off) == amount
    assert subtract_working_days(due, amount, days_off) <= start


@given(start=days, amount=st.integers(min_value=1, max_value=60), days_off=offs)
def test_counting_the_start_day_is_one_day_shorter_when_it_is_a_working_day(start, amount, days_off):
    counted = add_working_days(start, amount, days_off, count_start=True)
    if is_working_day(start, days_off):
        assert counted == (start if amount == 1 else add_working_days(start, amount - 1, days_off))
    else:
        assert counted == add_working_days(start, amount, days_off)
