"""The two ways a date is shown, on pages, in PDFs, in spreadsheets' captions and in notifications:

- a day: `12 Des 2024` (English: `12 Dec 2024`), `format_day` and the template filter `|day`;
- a moment, with its time zone: `12 Des 2024 23.59 WIB` (English: `12 Dec 2024 23:59 WIB`),
  `format_moment` and the filter `|moment`. Indonesian writes the time with a dot (`pukul 23.59`).

The shapes are DATE_FORMAT, TIME_FORMAT and DATETIME_FORMAT of core/formats/<language>/formats.py
(FORMAT_MODULE_PATH); month names follow the active language. A moment is shown in the current time
zone (TIME_ZONE, WIB, or the zone a view overrides, as the case pages do for an office in WITA/WIT) and
named by its Indonesian abbreviation. The filters are template builtins (TEMPLATES in settings).
"""

from datetime import date, datetime, time, tzinfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format

# Indonesia's three zones by their tz names; anything else (UTC in a test) is named by its own abbreviation.
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}

register = template.Library()


def zone_name(tz: tzinfo, at: datetime) -> str:
    """`WIB`, `WITA` or `WIT` for one of Indonesia's zones; the zone's own abbreviation otherwise."""
    return ZONE_NAMES.get(str(tz)) or at.tzname() or str(tz)


def format_day(value: date | datetime | None, tz: tzinfo | None = None) -> str:
    """`12 Des 2024`; a datetime by its day in `tz` (default: the current zone); a blank for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value, tz)
    return date_format(value, "DATE_FORMAT")


def format_time(value: datetime | time, tz: tzinfo | None = None) -> str:
    """`23.59` (English `23:59`) in `tz` (default: the current zone), without the zone: for a time beside a
    day already given with its zone."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value, tz)
    return date_format(value, "TIME_FORMAT")


def end_of_day_time() -> str:
    """`24.00` (English `24:00`): how the court writes the end of a day that a deadline runs to."""
    return date_format(time(0, 0), "TIME_FORMAT").replace("00", "24", 1)


def format_moment(value: datetime | None, tz: tzinfo | None = None) -> str:
    """`12 Des 2024 23.59 WIB`: the moment in `tz` (default: the current zone), named; a blank for None.
    A naive datetime is taken as already local, and a date is shown as a day."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime):
        return format_day(value)
    tz = tz or timezone.get_current_timezone()
    if timezone.is_aware(value):
        value = timezone.localtime(value, tz)
    return f"{date_format(value, 'DATETIME_FORMAT')} {zone_name(tz, value)}"


@register.filter(name="day")
def day_filter(value):
    """`{{ problem.due_date|day }}`: see format_day. Anything that is not a date is shown blank."""
    return format_day(value) if isinstance(value, date) else ""


@register.filter(name="moment")
def moment_filter(value):
    """`{{ problem.created_at|moment }}`: see format_moment. Anything that is not a date is shown blank."""
    return format_moment(value) if isinstance(value, date) else ""


@register.filter(name="clock")
def clock_filter(value):
    """`{{ activity.starts_at|clock }}`: see format_time, for a time under a heading that gives the day."""
    return format_time(value) if isinstance(value, date | time) else ""
