"""Log line formats (settings.LOGGING, LOG_FORMAT): every line carries its time in ISO 8601 with the zone,
its level and its logger, so a CRITICAL integrity line can be dated and found; "json" gives one object a
line for a log collector. Standard library only."""

import json
import logging
from datetime import datetime

# Attributes every LogRecord has; anything else on a record came from `extra=` and goes into the JSON.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def _iso_time(record: logging.LogRecord) -> str:
    # The process's local zone (Django sets it to TIME_ZONE), with its offset: 2026-12-07T22:51:27.123+07:00.
    return datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds")


class TextFormatter(logging.Formatter):
    """`2026-12-07T22:51:27.123+07:00 CRITICAL inventory.integrity Evidence 12 ... `"""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatTime(self, record, datefmt=None):
        return _iso_time(record)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, the exception if any, and `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": _iso_time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        for key, value in vars(record).items():
            if key not in _STANDARD:
                entry.setdefault(key, value)
        return json.dumps(entry, default=str, ensure_ascii=False)
