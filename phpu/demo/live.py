"""The demo dispute's live calendar: its times lie around the day the demo is loaded, so that countdowns,
"within 72 hours" and the filing check show real numbers whatever the day.

Counted back from the load day in working days (the deadline engine's calendar: weekends, national
holidays and cuti bersama): e-BRPK registration on the last working day before it, the petition filed
the working day before that, the result decree announced the working day before that and the
regency's recapitulation the working day before the decree. Counted forward: the preliminary hearing on
the next working day, the answer hearing three working days later, the ruling some weeks on. The
filing time is then checked against the filing deadline the engine computes for a Pilkada case, so the
petition is on time on any weekday, around any holiday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
REGENCY = "13.02"
HEARING_WITHIN = 6  # days: the preliminary hearing is never further off than this (long holidays)


@dataclass(frozen=True)
class Live:
    """The times of the demo dispute, all aware (WIB)."""

    today: date
    recap_at: datetime
    decree_at: datetime
    petition_filed_at: datetime
    registered_at: datetime
    preliminary_at: datetime
    answer_at: datetime
    ruling_at: datetime

    @property
    def power_of_attorney_day(self) -> date:
        """The office signs the Surat Kuasa Khusus once the case is registered."""
        return self.registered_at.date()

    @property
    def answer_day(self) -> date:
        """The answer is dated and handed in on the day of the answer hearing."""
        return self.answer_at.date()


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=WIB)


def load_day() -> date:
    return datetime.now(WIB).date()


def live_calendar(today: date | None = None) -> Live:
    """The demo dispute's times around `today` (default: today in WIB)."""
    from cases.choices import CaseKind
    from cases.deadlines import Calendar, add_working_days, filing_deadline, subtract_working_days
    from cases.models import Case

    today = today or load_day()
    days_off = Calendar.load(range(today.year - 1, today.year + 2))
    registered = subtract_working_days(today, 1, days_off)
    filed = subtract_working_days(registered, 1, days_off)
    decree = subtract_working_days(filed, 1, days_off)
    recap = subtract_working_days(decree, 1, days_off)
    decree_at, filed_at = _at(decree, 15, 30), _at(filed, 16, 42)

    probe = Case(
        kind=CaseKind.PHP_BUPATI, respondent_office_id=REGENCY, result_decree_at=decree_at, petition_filed_at=filed_at
    )
    deadline = filing_deadline(probe, calendar=days_off)
    if deadline is not None and deadline.due_at is not None and filed_at > deadline.due_at:
        # A rule shorter than a working day's wait: file a little before its end.
        filed_at = max(decree_at + timedelta(hours=1), deadline.due_at - timedelta(hours=1))

    preliminary = add_working_days(today, 1, days_off)
    if preliminary > today + timedelta(days=HEARING_WITHIN):
        preliminary = today + timedelta(days=1)
    answer = add_working_days(preliminary, 3, days_off)
    ruling = add_working_days(registered, 30, days_off, count_start=True)
    return Live(
        today=today,
        recap_at=_at(recap, 10),
        decree_at=decree_at,
        petition_filed_at=filed_at,
        registered_at=_at(registered, 10),
        preliminary_at=_at(preliminary, 13, 30),
        answer_at=_at(answer, 9),
        ruling_at=_at(ruling, 13),
    )
