"""The deadline engine's mechanics: the rules are data an admin edits, times shown in the office's zone,
and working-day arithmetic, pure and property-tested."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.deadlines import (
    WIB,
    WITA,
    Calendar,
    add_working_days,
    case_deadlines,
    filing_deadline,
    format_in_zone,
    is_working_day,
    subtract_working_days,
    working_days_between,
    zone_for,
    zone_name_for,
)
from cases.models import DeadlineRule
from tests.cases.deadline_helpers import by_key, end_of_day
from tests.cases.factories import CaseFactory, ContestFactory, HearingFactory

pytestmark = pytest.mark.django_db


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
    assert filing_deadline(case).due_at == end_of_day(2024, 12, 20)  # Mon 16 (1) ... Fri 20 (5)
    DeadlineRule.objects.filter(key="filing-pilkada").update(count_anchor_day=False)
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
    assert format_in_zone(moment, "13.02") == "23 Mar 2024 22.19 WIB"
    assert format_in_zone(moment, "51.71") == "23 Mar 2024 23.19 WITA"
    assert format_in_zone(moment, "91") == "24 Mar 2024 00.19 WIT"
    assert zone_for("64") == WITA
    assert format_in_zone(None, "13") == ""


def test_a_case_deadline_shows_in_its_office_zone():
    contest = ContestFactory(region_id="13.01")
    case = CaseFactory(contest=contest, respondent_office_id="13.01")
    case.respondent_office_id = "51.71"  # display only: the zone follows the office's province
    deadline = filing_deadline(case)
    assert deadline.zone == "WITA"
    assert deadline.due_display == "18 Des 2024 24.00 WIB (19 Des 2024 01.00 WITA)"


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
