"""What the two deadline test modules share: a day's deadline as the engine keeps it, and deadlines by rule."""

import datetime as dt

from cases.deadlines import WIB


def end_of_day(year, month, day):
    """24:00 WIB of that day, as the engine keeps it."""
    return dt.datetime(year, month, day, 23, 59, 59, tzinfo=WIB)


def by_key(deadlines):
    return {d.rule_key: d for d in deadlines}
