"""The deadline engine: pure functions over the rules table (DeadlineRule, kept as data so admins can
correct a rule when a regulation changes; each rule cites its legal basis in Indonesian).

Units, counted as the MK counts them (its clock is WIB: the MK sits in Jakarta):
- hours: the anchor time plus (or minus) the hours, to the minute. "Paling lama 3 × 24 jam sejak
  diumumkan" (Pasal 474 ayat (2) UU 7/2017): a decree read at Wed 20 Mar 2024 22:19 WIB gives
  Sat 23 Mar 2024 22:19 WIB.
- calendar days: the n-th calendar day after (or before) the anchor's day on the court clock, to the
  end of that day (24:00 WIB, kept as 23:59:59 WIB). "Paling lama 3 hari setelah penetapan" (Pasal 475
  ayat (1) UU 7/2017): a decree read at Wed 20 Mar 2024 22:19 WIB gives Sat 23 Mar 2024 24:00 WIB; the
  answer countdown H-1 before a hearing on Tuesday ends at the end of Monday.
- working days: the n-th working day, to the end of that day on the court clock. Working days skip
  Saturdays, Sundays, Indonesian national holidays and cuti bersama (both from the `holidays` package)
  and the Holiday rows admins add. After the anchor, counting starts the next day unless the rule counts
  the anchor day as day 1 ("terhitung sejak" / "sejak ... dicatat": the anchor's day is day 1 when it is
  a working day, whatever the hour; the 2024 presidential cases were registered on 25 Mar 2024 and
  decided on 22 Apr 2024, the 14th working day counting the registration day); before the anchor, it
  is the n-th working day before the anchor's day.

The anchor's day is always its day in WIB: an announcement at 00:30 WIT on Saturday is Friday 22:30 WIB
and counts Friday. Times are stored in UTC and shown in WIB, WITA or WIT by the province of the Termohon
office (KPU RI: WIB).

The period of an ordered action (PSU, recount, re-tally) is the one the ruling sets; there is no default
period: without one entered, `order_due` gives None.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_package

from cases.choices import DeadlineAnchor, DeadlineUnit, Direction
from core.dates import end_of_day_time, format_day, format_moment, format_time
from regions import tree

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
ZONES = {"WIB": WIB, "WITA": WITA, "WIT": WIT}

# Province code (Permendagri) -> time zone (UU: Keppres 41/1987 zones; Kalimantan Barat and Tengah are WIB).
PROVINCE_ZONE: dict[str, str] = {
    **dict.fromkeys(["11", "12", "13", "14", "15", "16", "17", "18", "19", "21"], "WIB"),  # Sumatra, Kepri
    **dict.fromkeys(["31", "32", "33", "34", "35", "36"], "WIB"),  # Java
    **dict.fromkeys(["61", "62"], "WIB"),  # Kalimantan Barat, Kalimantan Tengah
    **dict.fromkeys(["51", "52", "53"], "WITA"),  # Bali, NTB, NTT
    **dict.fromkeys(["63", "64", "65"], "WITA"),  # Kalimantan Selatan, Timur, Utara
    **dict.fromkeys(["71", "72", "73", "74", "75", "76"], "WITA"),  # Sulawesi, Gorontalo
    **dict.fromkeys(["81", "82"], "WIT"),  # Maluku, Maluku Utara
    **dict.fromkeys(["91", "92", "93", "94", "95", "96"], "WIT"),  # the Papua provinces
}
# The MK's clock: calendar and working days are counted, and end (24:00), on the day in Jakarta.
COURT_ZONE = WIB
END_OF_DAY = time(23, 59, 59)
PACKAGE_CATEGORIES = ("public", "government")  # government: the cuti bersama (joint holidays) of the SKB


def zone_name_for(region) -> str:
    """WIB, WITA or WIT for a region (or its code); None (KPU RI) is Jakarta: WIB."""
    code = getattr(region, "code", region)
    if not code:
        return "WIB"
    return PROVINCE_ZONE.get(tree.truncate(str(code), 1), "WIB")


def zone_for(region) -> ZoneInfo:
    return ZONES[zone_name_for(region)]


def to_zone(moment: datetime | None, region) -> datetime | None:
    return moment.astimezone(zone_for(region)) if moment else None


def _day(moment: datetime) -> str:
    """`17 Des 2024` (in English `17 Dec 2024`): the moment's own day, in its own zone."""
    return format_day(moment, moment.tzinfo)


def format_in_zone(moment: datetime | None, region) -> str:
    """`23 Mar 2024 22.19 WIB` (core.dates): the moment as the office reads it."""
    return format_moment(moment, zone_for(region))


# Working days


@lru_cache(maxsize=64)
def _package_holidays(year: int) -> dict[date, str]:
    return dict(holidays_package.country_holidays("ID", years=year, categories=PACKAGE_CATEGORIES))


class Calendar:
    """Days off for a span of years: the package's holidays and cuti bersama plus the Holiday rows."""

    def __init__(self, extra: dict[date, str] | None = None):
        self.extra = dict(extra or {})

    @classmethod
    def load(cls, years: Iterable[int] | None = None) -> Calendar:
        """One query for the admin-entered days of the given years (all years when None)."""
        from cases.models_reference import Holiday

        rows = Holiday.objects.all()
        if years is not None:
            rows = rows.filter(date__year__in=sorted(set(years)))
        return cls({row.date: row.name for row in rows})

    def holiday_name(self, day: date) -> str | None:
        return self.extra.get(day) or _package_holidays(day.year).get(day)

    def __contains__(self, day: date) -> bool:
        return self.holiday_name(day) is not None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self


def is_working_day(day: date, days_off: Container[date]) -> bool:
    return day.weekday() < 5 and day not in days_off


def add_working_days(start: date, amount: int, days_off: Container[date], *, count_start: bool = False) -> date:
    """The `amount`-th working day after `start` (or counting `start` as day 1 when it is a working day)."""
    if amount < 1:
        return start
    counted = 1 if count_start and is_working_day(start, days_off) else 0
    day = start
    while counted < amount:
        day += timedelta(days=1)
        if is_working_day(day, days_off):
            counted += 1
    return day


def subtract_working_days(start: date, amount: int, days_off: Container[date]) -> date:
    """The `amount`-th working day before `start`."""
    day, counted = start, 0
    while counted < amount:
        day -= timedelta(days=1)
        if is_working_day(day, days_off):
            counted += 1
    return day


def working_days_between(start: date, end: date, days_off: Container[date]) -> int:
    """Working days in (start, end]: how many working days `end` lies after `start`."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, days_off):
            count += 1
    return count


def end_of_day(day: date) -> datetime:
    """24:00 WIB of `day` on the court clock, kept as 23:59:59 WIB (the day still belongs to `day`)."""
    return datetime.combine(day, END_OF_DAY, tzinfo=COURT_ZONE)


def add_calendar_days(start: date, amount: int, *, count_start: bool = False) -> date:
    """The `amount`-th calendar day after `start` (or counting `start` as day 1)."""
    if amount < 1:
        return start
    return start + timedelta(days=amount - 1 if count_start else amount)


def apply_rule(rule, anchor_at: datetime, days_off: Container[date]) -> datetime:
    """The deadline a rule gives from one anchor time (aware datetime in, aware datetime out).

    Hours run to the minute; calendar and working days end at the end of the day they land on, on the
    court clock (WIB), and count from the anchor's day on that clock.
    """
    sign = -1 if rule.direction == Direction.BEFORE else 1
    if rule.unit == DeadlineUnit.HOURS:
        return anchor_at + sign * timedelta(hours=rule.amount)
    day = anchor_at.astimezone(COURT_ZONE).date()
    count_start = bool(getattr(rule, "count_anchor_day", False))
    if rule.unit == DeadlineUnit.DAYS:
        if sign > 0:
            due = add_calendar_days(day, rule.amount, count_start=count_start)
        else:
            due = day - timedelta(days=rule.amount)
    elif sign > 0:
        due = add_working_days(day, rule.amount, days_off, count_start=count_start)
    else:
        due = subtract_working_days(day, rule.amount, days_off)
    return end_of_day(due)


# Deadlines of a case


@dataclass(frozen=True)
class Deadline:
    """One computed deadline with the rule it came from, so the page can cite the basis."""

    rule_key: str
    label: str
    source: str
    anchor: str
    anchor_at: datetime | None
    due_at: datetime | None
    zone: str
    amount: int
    unit: str
    direction: str
    hearing_id: int | None = None
    limit: int | None = None
    met_at: datetime | None = None

    @property
    def local_due(self) -> datetime | None:
        return self.due_at.astimezone(ZONES[self.zone]) if self.due_at else None

    @property
    def due_display(self) -> str:
        """On the MK's clock first, as the court states it (an end of day reads 24:00 WIB, not 23:59),
        then the office's own time when it is not in WIB: `17 Des 2024 24.00 WIB (18 Des 2024 02.00 WIT)`;
        month names in the active language."""
        if self.due_at is None:
            return ""
        court = self.due_at.astimezone(COURT_ZONE)
        end_of_day = court.time() == END_OF_DAY
        clock = end_of_day_time() if end_of_day else format_time(court, COURT_ZONE)
        text = f"{_day(court)} {clock} WIB"
        if self.zone == "WIB":
            return text
        local = (self.due_at + timedelta(seconds=1) if end_of_day else self.due_at).astimezone(ZONES[self.zone])
        return f"{text} ({format_moment(local, ZONES[self.zone])})"

    @property
    def late(self) -> bool | None:
        """Whether what meets the deadline came after it; None while either time is unknown."""
        if self.due_at is None or self.met_at is None:
            return None
        return self.met_at > self.due_at

    @property
    def late_by(self) -> timedelta | None:
        return self.met_at - self.due_at if self.late else None

    def remaining(self, now: datetime) -> timedelta | None:
        return self.due_at - now if self.due_at else None


def active_rules(kind: str, rules=None) -> list:
    from cases.models_reference import DeadlineRule

    rules = list(DeadlineRule.objects.filter(active=True)) if rules is None else rules
    return [rule for rule in rules if rule.active and rule.applies(kind)]


def _years_around(*moments: datetime | None) -> set[int]:
    years = {m.astimezone(COURT_ZONE).year for m in moments if m}
    return {y + d for y in years for d in (-1, 0, 1)}


def _met_at(rule, case) -> datetime | None:
    """The time on the case that meets the rule's deadline (`DeadlineRule.met_by`), if the rule names one."""
    met_by = getattr(rule, "met_by", "")
    return getattr(case, met_by, None) if met_by else None


def _deadline(rule, anchor_at, calendar, zone, *, hearing_id=None, met_at=None) -> Deadline:
    return Deadline(
        rule_key=rule.key,
        label=rule.label,
        source=rule.source,
        anchor=rule.anchor,
        anchor_at=anchor_at,
        due_at=apply_rule(rule, anchor_at, calendar) if anchor_at else None,
        zone=zone,
        amount=rule.amount,
        unit=rule.unit,
        direction=rule.direction,
        hearing_id=hearing_id,
        limit=rule.limit,
        met_at=met_at,
    )


def case_deadlines(case, *, rules=None, calendar: Calendar | None = None, hearings=None) -> list[Deadline]:
    """Every deadline of the case by the active rules for its kind, in time order (unknown ones last).

    A rule whose anchor is not entered yet gives a Deadline with `due_at=None` ("runs from ...").
    Rules that run from a hearing give one deadline per hearing (with the matching agenda).
    Pass `rules`, `calendar` and `hearings` to share them across many cases.
    """
    hearings = list(case.hearings.all()) if hearings is None else list(hearings)
    if calendar is None:
        calendar = Calendar.load(
            _years_around(
                case.result_decree_at,
                case.ebrpk_registered_at,
                case.decision_at,
                case.mk_notice_received_at,
                *(h.starts_at for h in hearings),
            )
        )
    zone = zone_name_for(case.respondent_office_id)
    out: list[Deadline] = []
    for rule in active_rules(case.kind, rules):
        if rule.anchor == DeadlineAnchor.HEARING:
            for hearing in hearings:
                if not rule.hearing_agenda or rule.hearing_agenda == hearing.agenda:
                    out.append(_deadline(rule, hearing.starts_at, calendar, zone, hearing_id=hearing.pk))
            continue
        out.append(_deadline(rule, getattr(case, rule.anchor), calendar, zone, met_at=_met_at(rule, case)))
    out.sort(key=lambda d: (d.due_at is None, d.due_at or datetime.max.replace(tzinfo=COURT_ZONE), d.rule_key))
    return out


def filing_deadline(case, *, rules=None, calendar: Calendar | None = None) -> Deadline | None:
    """The filing deadline for the case's kind (the rule that runs from the result decree)."""
    for rule in active_rules(case.kind, rules):
        if rule.anchor == DeadlineAnchor.RESULT_DECREE:
            if calendar is None:
                calendar = Calendar.load(_years_around(case.result_decree_at))
            return _deadline(
                rule,
                case.result_decree_at,
                calendar,
                zone_name_for(case.respondent_office_id),
                met_at=_met_at(rule, case),
            )
    return None


def petition_late(case, *, rules=None, calendar: Calendar | None = None) -> bool | None:
    """Whether the petition came after the filing deadline: the eksepsi on tenggang waktu. None if unknown."""
    deadline = filing_deadline(case, rules=rules, calendar=calendar)
    return deadline.late if deadline else None


def hearing_deadlines(case, hearing, *, rules=None, calendar: Calendar | None = None) -> list[Deadline]:
    """The deadlines that run from one hearing (witness identities, the answer countdown)."""
    return [
        d
        for d in case_deadlines(case, rules=rules, calendar=calendar, hearings=[hearing])
        if d.hearing_id == hearing.pk
    ]


def period_entered(order) -> bool:
    """Whether the period the ruling sets for an ordered action is entered (amount and unit).

    There is no default period (the Feb 2025 rulings set 30 to 180 days): without it, no due date.
    """
    return bool(order.period_amount) and order.period_unit in DeadlineUnit.values


def order_due(order, *, calendar: Calendar | None = None) -> date | None:
    """The last day of an ordered action (PSU, recount ...): the period the ruling sets, counted from the
    day the ruling is read, as a date on the court clock (WIB; the period ends at 24:00 WIB that day).

    None when the period is not entered (no default is ever assumed) or the ruling's time is not.
    A ruling read on 24 Feb 2025 with a 60-day period: 25 Apr 2025.
    """
    if not period_entered(order):
        return None
    case = order.case
    if case.decision_at is None:
        return None
    if calendar is None:
        calendar = Calendar.load(_years_around(case.decision_at))
    due = apply_rule(_OrderPeriod(amount=order.period_amount, unit=order.period_unit), case.decision_at, calendar)
    return due.astimezone(COURT_ZONE).date()


@dataclass(frozen=True)
class _OrderPeriod:
    """A period set by the ruling itself, shaped like a rule for `apply_rule`."""

    amount: int
    unit: str
    direction: str = Direction.AFTER
    count_anchor_day: bool = False
