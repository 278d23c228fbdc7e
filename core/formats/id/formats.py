"""Indonesian display formats (core/dates.py). One for a day, one for a moment; the time is written with
a dot, as Indonesian writes it (`pukul 23.59`). Input formats stay Django's."""

DATE_FORMAT = "j M Y"  # 12 Des 2024
TIME_FORMAT = "H.i"  # 23.59
DATETIME_FORMAT = "j M Y H.i"  # 12 Des 2024 23.59; core.dates.format_moment adds the zone (WIB)
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
