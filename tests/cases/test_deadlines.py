"""The deadline engine against the real 2019/2024/2025 calendars: each rule counted as the MK counts it
(UU 7/2017 Pasal 474-475, UU 10/2016 Pasal 157, UU 24/2003 Pasal 78, PKPU 18/2024 Pasal 57)."""

import datetime as dt
import re

import pytest
from django.utils import translation

from cases.choices import CaseKind, DeadlineMetBy, DeadlineUnit, HearingAgenda, OrderKind
from cases.deadlines import (
    WIB,
    WIT,
    WITA,
    Calendar,
    add_working_days,
    case_deadlines,
    filing_deadline,
    hearing_deadlines,
    order_due,
    period_entered,
    petition_late,
)
from cases.models import CaseOrder, DeadlineRule, Holiday
from tests.cases.deadline_helpers import by_key, end_of_day
from tests.cases.factories import CaseFactory, ContestFactory, ElectionFactory, HearingFactory, pemilu_case

pytestmark = pytest.mark.django_db

DECREE_2024 = dt.datetime(2024, 3, 20, 22, 19, tzinfo=WIB)  # KPU decree 360/2024, national results
RULING_2025 = dt.datetime(2025, 2, 24, 15, 0, tzinfo=WIB)  # the Pilkada rulings of 24 Feb 2025


def presidential_case(**kwargs):
    election = ElectionFactory(name="Pemilu 2024", kind="pemilu", voting_date=dt.date(2024, 2, 14))
    contest = ContestFactory(election=election, contest_type="ppwp", region_id=None)
    return CaseFactory(
        **{
            "register_number": "1/PHPU.PRES-XXII/2024",
            "kind": CaseKind.PHPU_PRESIDEN,
            "contest": contest,
            "related_party": None,
            "respondent_office_id": None,
            "result_decree_at": DECREE_2024,
            **kwargs,
        }
    )


def pilkada_filing_due(announced_at, *, office="13.02"):
    case = CaseFactory(result_decree_at=announced_at)
    case.respondent_office_id = office  # the zone the office reads it in (display only)
    return filing_deadline(case)


# Seeded rules


def test_the_rules_are_seeded_as_the_mk_counts():
    rules = {r.key: r for r in DeadlineRule.objects.all()}
    assert {
        "filing-legislative",
        "filing-presidential",
        "filing-pilkada",
        "decision-legislative",
        "decision-presidential",
        "decision-pilkada",
        "penetapan-after-notice",
        "penetapan-after-ruling",
        "witnesses-gubernur",
        "witnesses-bupati-walikota",
        "witnesses-pemilu",
        "answer-case-review",
        "answer-final",
        "answer-submit",
    } <= set(rules)
    assert "psu-ordered" not in rules  # no default period for an ordered PSU: the ruling sets it
    shape = {key: (r.amount, r.unit, r.count_anchor_day, r.met_by) for key, r in rules.items()}
    assert shape["filing-legislative"] == (72, DeadlineUnit.HOURS, False, DeadlineMetBy.PETITION_FILED)
    assert shape["filing-presidential"] == (3, DeadlineUnit.DAYS, False, DeadlineMetBy.PETITION_FILED)
    assert shape["filing-pilkada"] == (3, DeadlineUnit.WORKING_DAYS, True, DeadlineMetBy.PETITION_FILED)
    assert shape["decision-legislative"] == (30, DeadlineUnit.WORKING_DAYS, True, DeadlineMetBy.DECISION)
    assert shape["decision-presidential"] == (14, DeadlineUnit.WORKING_DAYS, True, DeadlineMetBy.DECISION)
    assert shape["decision-pilkada"] == (45, DeadlineUnit.WORKING_DAYS, True, DeadlineMetBy.DECISION)
    assert shape["penetapan-after-notice"] == (3, DeadlineUnit.DAYS, False, DeadlineMetBy.ELECTED_DETERMINED)
    assert shape["penetapan-after-ruling"] == (3, DeadlineUnit.DAYS, False, DeadlineMetBy.ELECTED_DETERMINED)
    assert rules["penetapan-after-ruling"].anchor == "decision_at"
    assert rules["penetapan-after-notice"].anchor == "mk_notice_received_at"
    pilkada = [CaseKind.PHP_GUBERNUR, CaseKind.PHP_BUPATI, CaseKind.PHP_WALIKOTA]
    for key in ("penetapan-after-notice", "penetapan-after-ruling"):
        assert sorted(rules[key].applies_to) == sorted(pilkada)  # no known basis for Pemilu
    assert rules["witnesses-gubernur"].limit == 6
    assert rules["witnesses-bupati-walikota"].limit == 4
    assert all(rules[k].met_by == "" for k in ("witnesses-gubernur", "answer-submit"))


ENGLISH = re.compile(
    r"\b(deadline|petition|filing|decision|due|witness(es)?|identit(y|ies)|answer|review|submit(ted)?|ordered|"
    r"elected|notice|ruling|legislative|presidential|before|after|GLOSSARY)\b",
    re.IGNORECASE,
)
BASIS = re.compile(
    r"\bPasal \d+|Peraturan Mahkamah Konstitusi Nomor \d+ Tahun \d{4}|"
    r"Peraturan Komisi Pemilihan Umum Nomor \d+ Tahun \d{4}|^Praktik internal"
)
LABELS = {
    "filing-legislative": "Batas pengajuan permohonan (Pemilu DPR/DPD/DPRD)",
    "filing-presidential": "Batas pengajuan permohonan (Pilpres)",
    "filing-pilkada": "Batas pengajuan permohonan (Pilkada)",
    "penetapan-after-notice": "Penetapan calon terpilih setelah pemberitahuan MK",
    "penetapan-after-ruling": "Penetapan calon terpilih setelah putusan dibacakan",
    "witnesses-gubernur": "Identitas saksi dan ahli ke MK (paling banyak 6 per pihak)",
}


def test_every_active_rule_speaks_indonesian_and_cites_its_legal_basis():
    rules = list(DeadlineRule.objects.filter(active=True))
    assert len(rules) >= 14
    for rule in rules:
        assert not ENGLISH.search(rule.label), rule.label
        assert BASIS.search(rule.source), (rule.key, rule.source)
        for bad in (".md", "GLOSSARY", "../shared", "Glossary"):
            assert bad not in rule.source and bad not in rule.label, (rule.key, bad)
    labels = {r.key: r.label for r in rules}
    assert {key: labels[key] for key in LABELS} == LABELS
    sources = {r.key: r.source for r in rules}
    assert sources["filing-legislative"].startswith(
        "Pasal 474 ayat (2) Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum"
    )
    assert sources["filing-presidential"].startswith("Pasal 475 ayat (1) Undang-Undang Nomor 7 Tahun 2017")
    assert sources["filing-pilkada"].startswith("Pasal 157 ayat (5) Undang-Undang Nomor 10 Tahun 2016")
    assert sources["decision-legislative"].startswith("Pasal 78 huruf b Undang-Undang Nomor 24 Tahun 2003")
    assert sources["decision-presidential"].startswith("Pasal 78 huruf a Undang-Undang Nomor 24 Tahun 2003")
    assert sources["decision-pilkada"].startswith("Pasal 157 ayat (8) Undang-Undang Nomor 10 Tahun 2016")
    for key in ("penetapan-after-notice", "penetapan-after-ruling"):
        assert sources[key].startswith("Pasal 57 Peraturan Komisi Pemilihan Umum Nomor 18 Tahun 2024")
    assert sources["witnesses-gubernur"].startswith("Peraturan Mahkamah Konstitusi Nomor 3 Tahun 2024")
    assert "6 (enam) orang" in sources["witnesses-gubernur"]
    assert "4 (empat) orang" in sources["witnesses-bupati-walikota"]
    for key in ("answer-case-review", "answer-final", "answer-submit"):
        assert sources[key].startswith("Praktik internal Tim Penyelesaian PHP")
        assert "bukan ketentuan undang-undang" in sources[key]


# Filing, legislative: 3 × 24 hours to the minute (Pasal 474 ayat (2) UU 7/2017)


def test_legislative_decree_at_22_19_gives_23_march_22_19():
    case = pemilu_case(result_decree_at=DECREE_2024)
    deadline = filing_deadline(case)
    assert deadline.rule_key == "filing-legislative"
    assert deadline.due_at == dt.datetime(2024, 3, 23, 22, 19, tzinfo=WIB)
    assert deadline.due_display == "23 Mar 2024 22.19 WIB"
    assert "3 × 24" in deadline.source


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


# Filing, presidential: to 24:00 WIB of the third day after the decree's day (Pasal 475 ayat (1) UU 7/2017)


def test_presidential_filing_2024_runs_to_the_end_of_saturday_23_march():
    case = presidential_case()
    deadline = filing_deadline(case)
    assert deadline.rule_key == "filing-presidential"
    assert deadline.due_at == end_of_day(2024, 3, 23)
    assert deadline.due_display == "23 Mar 2024 24.00 WIB"
    # 3 × 24 hours would have ended at 22:19: a petition at 23:30 that Saturday is on time.
    case.petition_filed_at = dt.datetime(2024, 3, 23, 23, 30, tzinfo=WIB)
    assert petition_late(case) is False
    case.petition_filed_at = dt.datetime(2024, 3, 24, 0, 0, tzinfo=WIB)
    assert petition_late(case) is True


def test_presidential_filing_2019_decree_after_midnight_runs_to_friday_24_may():
    """Decree Tue 21 May 2019 01:46 WIB: the three days are 22, 23 and 24 May, to 24:00 WIB."""
    case = presidential_case(
        register_number="1/PHPU.PRES-XVII/2019", result_decree_at=dt.datetime(2019, 5, 21, 1, 46, tzinfo=WIB)
    )
    assert filing_deadline(case).due_at == end_of_day(2019, 5, 24)


# Filing, Pilkada: 3 working days "terhitung sejak" the announcement, its day being day 1 when it is a
# working day (Pasal 157 ayat (5) UU 10/2016), to 24:00 WIB of day 3


@pytest.mark.parametrize(
    ("announced", "due"),
    [
        pytest.param(dt.date(2024, 12, 9), dt.date(2024, 12, 11), id="monday-mon-tue-wed"),
        pytest.param(dt.date(2024, 12, 10), dt.date(2024, 12, 12), id="tuesday-tue-wed-thu"),
        pytest.param(dt.date(2024, 12, 11), dt.date(2024, 12, 13), id="wednesday-wed-thu-fri"),
        pytest.param(dt.date(2024, 12, 12), dt.date(2024, 12, 16), id="thursday-thu-fri-mon"),
        pytest.param(dt.date(2024, 12, 13), dt.date(2024, 12, 17), id="friday-fri-mon-tue"),
        pytest.param(dt.date(2024, 12, 14), dt.date(2024, 12, 18), id="saturday-mon-tue-wed"),
        pytest.param(dt.date(2024, 12, 15), dt.date(2024, 12, 18), id="sunday-mon-tue-wed"),
    ],
)
def test_pilkada_filing_for_an_announcement_on_each_day_of_an_ordinary_week(announced, due):
    """9-15 Dec 2024, no holidays: a working day of announcement is day 1, a weekend day is not."""
    for hour in (dt.time(8, 0), dt.time(23, 30)):  # the hour does not matter
        deadline = pilkada_filing_due(dt.datetime.combine(announced, hour, tzinfo=WIB))
        assert deadline.due_at == end_of_day(due.year, due.month, due.day), hour


def test_pilkada_announced_friday_21_00_runs_friday_monday_tuesday():
    """The MK spokesman's example (Dec 2024): the hour does not matter, Friday is day 1."""
    deadline = pilkada_filing_due(dt.datetime(2024, 12, 13, 21, 0, tzinfo=WIB))
    assert deadline.due_at == end_of_day(2024, 12, 17)
    assert deadline.due_display == "17 Des 2024 24.00 WIB"
    with translation.override("en"):
        assert deadline.due_display == "17 Dec 2024 24:00 WIB"


def test_pilkada_announced_sunday_8_december_2024_runs_to_wednesday_11_december():
    """DKI Jakarta: announced on a Sunday, so day 1 is Monday 9 December."""
    assert pilkada_filing_due(dt.datetime(2024, 12, 8, 19, 0, tzinfo=WIB)).due_at == end_of_day(2024, 12, 11)


def test_pilkada_announced_on_christmas_eve_skips_christmas_and_its_cuti_bersama():
    # Tue 24 Dec 2024 (1), 25 Christmas, 26 cuti bersama, 27 (2), 28-29 weekend, 30 (3).
    assert pilkada_filing_due(dt.datetime(2024, 12, 24, 16, 0, tzinfo=WIB)).due_at == end_of_day(2024, 12, 30)


@pytest.mark.parametrize("day", [25, 26], ids=["christmas", "cuti-bersama"])
def test_pilkada_announced_on_a_holiday_starts_counting_on_the_next_working_day(day):
    # 27 Dec (1), 30 Dec (2), 31 Dec (3).
    assert pilkada_filing_due(dt.datetime(2024, 12, day, 10, 0, tzinfo=WIB)).due_at == end_of_day(2024, 12, 31)


def test_pilkada_filing_skips_christmas_and_its_cuti_bersama():
    # Mon 23 Dec 2024 (1), 24 (2), 25 Christmas, 26 cuti bersama, 27 (3).
    assert pilkada_filing_due(dt.datetime(2024, 12, 23, 10, 0, tzinfo=WIB)).due_at == end_of_day(2024, 12, 27)


def test_an_admin_added_cuti_bersama_day_moves_the_deadline():
    Holiday.objects.create(date=dt.date(2024, 12, 17), name="Cuti bersama (test)")
    # Mon 16 (1), 17 off, 18 (2), 19 (3).
    assert pilkada_filing_due(dt.datetime(2024, 12, 16, 14, 0, tzinfo=WIB)).due_at == end_of_day(2024, 12, 19)


def test_wit_announcement_at_00_30_saturday_counts_friday_on_the_wib_clock():
    """00:30 WIT on Saturday 14 Dec 2024 is Friday 22:30 WIB: Friday is day 1, so Fri, Mon, Tue.
    Counting on the office's own clock would start on Monday and end a day late (Wednesday)."""
    deadline = pilkada_filing_due(dt.datetime(2024, 12, 14, 0, 30, tzinfo=WIT), office="91.01")
    assert deadline.due_at == end_of_day(2024, 12, 17)
    assert deadline.zone == "WIT"
    assert deadline.due_display == "17 Des 2024 24.00 WIB (18 Des 2024 02.00 WIT)"  # read in Jayapura too


def test_a_late_evening_wita_announcement_counts_its_wib_day():
    """23:45 WITA on Friday 13 Dec 2024 is 22:45 WIB: Friday is day 1."""
    deadline = pilkada_filing_due(dt.datetime(2024, 12, 13, 23, 45, tzinfo=WITA), office="73.71")
    assert deadline.due_at == end_of_day(2024, 12, 17)
    assert deadline.zone == "WITA"
    assert deadline.due_display == "17 Des 2024 24.00 WIB (18 Des 2024 01.00 WITA)"


def test_a_wita_announcement_just_after_local_midnight_still_counts_the_wib_day_before():
    """00:30 WITA on Saturday 14 Dec 2024 is Friday 23:30 WIB: still Friday on the MK's clock."""
    deadline = pilkada_filing_due(dt.datetime(2024, 12, 14, 0, 30, tzinfo=WITA), office="64.72")
    assert deadline.due_at == end_of_day(2024, 12, 17)


def test_a_decree_late_in_the_evening_in_wit_counts_from_its_wib_day():
    """00:30 WIT on Tuesday 17 Dec 2024 is still Monday 22:30 WIB: Mon, Tue, Wed."""
    assert pilkada_filing_due(dt.datetime(2024, 12, 17, 0, 30, tzinfo=WIT)).due_at == end_of_day(2024, 12, 18)


def test_a_pilkada_petition_on_the_last_evening_is_on_time_and_after_midnight_late():
    case = CaseFactory(result_decree_at=dt.datetime(2024, 12, 13, 21, 0, tzinfo=WIB))
    case.petition_filed_at = dt.datetime(2024, 12, 17, 23, 59, tzinfo=WIB)
    assert petition_late(case) is False
    case.petition_filed_at = dt.datetime(2024, 12, 18, 0, 0, tzinfo=WIB)
    assert petition_late(case) is True


# Decision: working days from e-BRPK registration, the registration day being day 1 (Pasal 78 UU 24/2003,
# Pasal 157 ayat (8) UU 10/2016)


def test_legislative_decision_registered_23_april_2024_is_due_10_june_2024():
    # May 1 Labour Day, 9 May Ascension + 10 May cuti bersama, 23 May Waisak + 24 May cuti bersama skipped.
    case = pemilu_case(
        ebrpk_registered_at=dt.datetime(2024, 4, 23, 10, 0, tzinfo=WIB),
        decision_at=dt.datetime(2024, 6, 10, 14, 0, tzinfo=WIB),
    )
    decision = by_key(case_deadlines(case))["decision-legislative"]
    assert decision.due_at == end_of_day(2024, 6, 10)
    assert decision.late is False
    assert "30 (tiga puluh) hari kerja" in decision.source
    case.ebrpk_registered_at = dt.datetime(2024, 4, 22, 10, 0, tzinfo=WIB)  # a day earlier: Fri 7 Jun
    assert by_key(case_deadlines(case))["decision-legislative"].due_at == end_of_day(2024, 6, 7)


def test_presidential_decision_2024_falls_on_22_april_across_idul_fitri():
    """Registered in e-BRPK on 25 Mar 2024, decided on 22 Apr 2024: the 14th working day counting the
    registration day, skipping Good Friday (29 Mar), Idul Fitri (10-11 Apr) and its cuti bersama
    (8, 9, 12, 15 Apr)."""
    case = presidential_case(
        register_number="2/PHPU.PRES-XXII/2024",
        ebrpk_registered_at=dt.datetime(2024, 3, 25, 9, 0, tzinfo=WIB),
        decision_at=dt.datetime(2024, 4, 22, 16, 0, tzinfo=WIB),
    )
    decision = by_key(case_deadlines(case))["decision-presidential"]
    assert decision.due_at == end_of_day(2024, 4, 22)
    assert decision.late is False
    assert "14 (empat belas) hari kerja" in decision.source


def test_without_the_cuti_bersama_the_count_would_end_a_week_early():
    public_only = {dt.date(2024, 3, 29), dt.date(2024, 4, 10), dt.date(2024, 4, 11)}
    assert add_working_days(dt.date(2024, 3, 25), 14, public_only, count_start=True) == dt.date(2024, 4, 16)
    assert add_working_days(dt.date(2024, 3, 25), 14, Calendar(), count_start=True) == dt.date(2024, 4, 22)


def test_pilkada_decision_45_working_days_from_registration_on_3_january_2025():
    # Registered Fri 3 Jan 2025 (day 1); Isra Mi'raj (27 Jan), cuti bersama Imlek (28 Jan), Imlek (29 Jan)
    # skipped: the 45th working day is Tue 11 Mar 2025, the last day the MK had.
    case = CaseFactory(ebrpk_registered_at=dt.datetime(2025, 1, 3, 10, 0, tzinfo=WIB), decision_at=RULING_2025)
    decision = by_key(case_deadlines(case))["decision-pilkada"]
    assert decision.due_at == end_of_day(2025, 3, 11)
    assert end_of_day(2025, 2, 24) <= decision.due_at <= end_of_day(2025, 3, 11)
    assert decision.late is False  # ruled on 24 Feb 2025
    case.decision_at = dt.datetime(2025, 3, 12, 10, 0, tzinfo=WIB)
    assert by_key(case_deadlines(case))["decision-pilkada"].late is True


# Penetapan of the elected (Pasal 57 PKPU 18/2024): 3 days after the MK's notice or the ruling


def test_penetapan_is_due_3_days_after_the_mk_notice_and_met_by_the_penetapan():
    case = CaseFactory(mk_notice_received_at=dt.datetime(2025, 2, 25, 10, 0, tzinfo=WIB))
    deadline = by_key(case_deadlines(case))["penetapan-after-notice"]
    assert deadline.due_at == end_of_day(2025, 2, 28)
    assert deadline.late is None  # not determined yet
    case.elected_determined_at = dt.datetime(2025, 2, 28, 20, 0, tzinfo=WIB)
    assert by_key(case_deadlines(case))["penetapan-after-notice"].late is False
    case.elected_determined_at = dt.datetime(2025, 3, 1, 9, 0, tzinfo=WIB)
    late = by_key(case_deadlines(case))["penetapan-after-notice"]
    assert late.late is True
    assert late.met_at == case.elected_determined_at


def test_penetapan_is_due_3_days_after_the_ruling_is_read():
    case = CaseFactory(decision_at=RULING_2025)
    deadline = by_key(case_deadlines(case))["penetapan-after-ruling"]
    assert deadline.due_at == end_of_day(2025, 2, 27)
    assert deadline.late is None
    case.elected_determined_at = dt.datetime(2025, 2, 27, 10, 0, tzinfo=WIB)
    assert by_key(case_deadlines(case))["penetapan-after-ruling"].late is False
    case.elected_determined_at = dt.datetime(2025, 2, 28, 0, 0, tzinfo=WIB)
    assert by_key(case_deadlines(case))["penetapan-after-ruling"].late is True
    # The decision itself met the decision deadline; the penetapan does not count for it.
    assert by_key(case_deadlines(case))["decision-pilkada"].met_at == RULING_2025


def test_pemilu_cases_have_no_penetapan_rule():
    case = pemilu_case(decision_at=dt.datetime(2024, 6, 10, 14, 0, tzinfo=WIB))
    keys = set(by_key(case_deadlines(case)))
    assert not {"penetapan-after-notice", "penetapan-after-ruling"} & keys


def test_the_met_by_field_of_the_rule_decides_what_meets_it():
    DeadlineRule.objects.filter(key="penetapan-after-ruling").update(met_by="")
    case = CaseFactory(decision_at=RULING_2025, elected_determined_at=RULING_2025)
    assert by_key(case_deadlines(case))["penetapan-after-ruling"].met_at is None


# Hearings


def test_witness_identities_are_due_the_working_day_before_each_hearing():
    case = CaseFactory()
    monday = HearingFactory(case=case, starts_at=dt.datetime(2025, 1, 13, 8, 0, tzinfo=WIB))
    thursday = HearingFactory(case=case, starts_at=dt.datetime(2025, 1, 30, 8, 0, tzinfo=WIB))
    first = by_key(hearing_deadlines(case, monday))["witnesses-bupati-walikota"]
    assert first.due_at == end_of_day(2025, 1, 10)  # the Friday before
    assert first.limit == 4
    assert "Peraturan Mahkamah Konstitusi Nomor 3 Tahun 2024" in first.source
    # 29 Jan Imlek, 28 Jan cuti bersama, 27 Jan Isra Mi'raj: the Friday before again.
    second = by_key(hearing_deadlines(case, thursday))["witnesses-bupati-walikota"]
    assert second.due_at == end_of_day(2025, 1, 24)


def test_governor_cases_allow_six_witnesses_and_experts():
    contest = ContestFactory(contest_type="gubernur", region_id="13")
    case = CaseFactory(register_number="3/PHPU.GUB-XXIII/2025", kind=CaseKind.PHP_GUBERNUR, contest=contest)
    hearing = HearingFactory(case=case)
    witnesses = [d for d in hearing_deadlines(case, hearing) if d.rule_key.startswith("witnesses")]
    assert [(d.rule_key, d.limit) for d in witnesses] == [("witnesses-gubernur", 6)]


def test_answer_countdown_ends_at_the_end_of_each_day_before_the_answer_hearing():
    """H-3, H-2, H-1 before a hearing on Tue 21 Jan 2025 13:00: the ends of Sat 18, Sun 19 and Mon 20 Jan
    (calendar days, counted on the day, not 72 hours before 13:00)."""
    case = CaseFactory()
    answer = HearingFactory(
        case=case, agenda=HearingAgenda.ANSWER, starts_at=dt.datetime(2025, 1, 21, 13, 0, tzinfo=WIB)
    )
    preliminary = HearingFactory(case=case, starts_at=dt.datetime(2025, 1, 13, 8, 0, tzinfo=WIB))
    assert "answer-submit" not in by_key(hearing_deadlines(case, preliminary))
    countdown = by_key(hearing_deadlines(case, answer))
    assert countdown["answer-case-review"].due_at == end_of_day(2025, 1, 18)
    assert countdown["answer-final"].due_at == end_of_day(2025, 1, 19)
    assert countdown["answer-submit"].due_at == end_of_day(2025, 1, 20)
    assert all(countdown[k].due_at < answer.starts_at for k in ("answer-case-review", "answer-submit"))
    assert "bukan ketentuan undang-undang" in countdown["answer-submit"].source


# Ordered actions: the period the ruling sets, no default


def test_an_order_without_a_period_has_no_due_date_even_after_the_ruling():
    case = CaseFactory(decision_at=RULING_2025)
    order = CaseOrder.objects.create(case=case, kind=OrderKind.PSU)
    assert order.period_entered is False and period_entered(order) is False
    assert order_due(order) is None  # no invented 10 days
    typed = CaseOrder.objects.create(case=case, kind=OrderKind.RECOUNT, due_date=dt.date(2025, 3, 6))
    assert order_due(typed) is None  # a date typed without a period is not a period either


def test_a_60_day_psu_after_the_24_february_2025_ruling_ends_on_25_april_2025():
    case = CaseFactory(decision_at=RULING_2025)
    order = CaseOrder.objects.create(case=case, kind=OrderKind.PSU, period_amount=60, period_unit=DeadlineUnit.DAYS)
    assert order.period_entered is True
    assert order_due(order) == dt.date(2025, 4, 25)


def test_the_order_date_is_the_court_clock_date_in_every_zone():
    """24:00 WIB on 25 Apr is 01:00 WIT on the 26th; the period still ends on the 25th."""
    case = CaseFactory(decision_at=RULING_2025)
    case.respondent_office_id = "91.01"
    order = CaseOrder(case=case, kind=OrderKind.PSU, period_amount=60, period_unit=DeadlineUnit.DAYS)
    assert order_due(order) == dt.date(2025, 4, 25)


@pytest.mark.parametrize(
    ("amount", "due"),
    [(30, dt.date(2025, 3, 26)), (45, dt.date(2025, 4, 10)), (90, dt.date(2025, 5, 25)), (180, dt.date(2025, 8, 23))],
)
def test_the_periods_of_the_february_2025_rulings(amount, due):
    case = CaseFactory(decision_at=RULING_2025)
    order = CaseOrder(case=case, kind=OrderKind.PSU, period_amount=amount, period_unit=DeadlineUnit.DAYS)
    assert order_due(order) == due


def test_an_order_in_working_days_skips_weekends_and_holidays():
    case = CaseFactory(decision_at=RULING_2025)
    order = CaseOrder.objects.create(
        case=case, kind=OrderKind.RETALLY, period_amount=5, period_unit=DeadlineUnit.WORKING_DAYS
    )
    assert order_due(order) == dt.date(2025, 3, 3)  # Tue 25 Feb (1) ... Fri 28 Feb (4), Mon 3 Mar (5)
    long = CaseOrder(case=case, kind=OrderKind.RECOUNT, period_amount=25, period_unit=DeadlineUnit.WORKING_DAYS)
    # 28 Mar cuti bersama Nyepi, 31 Mar-1 Apr Idul Fitri, 2-4 and 7 Apr cuti bersama: the 23rd working day
    # is Thu 27 Mar, the 24th Tue 8 Apr, the 25th Wed 9 Apr.
    assert order_due(long) == dt.date(2025, 4, 9)


def test_no_decision_no_order_due_date():
    order = CaseOrder.objects.create(
        case=CaseFactory(), kind=OrderKind.PSU, period_amount=30, period_unit=DeadlineUnit.DAYS
    )
    assert order_due(order) is None
