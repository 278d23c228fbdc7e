"""English display formats (core/dates.py): the same shapes as the Indonesian ones, the time with a colon."""

DATE_FORMAT = "j M Y"  # 12 Dec 2024
TIME_FORMAT = "H:i"  # 23:59
DATETIME_FORMAT = "j M Y H:i"  # 12 Dec 2024 23:59; core.dates.format_moment adds the zone (WIB)
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
