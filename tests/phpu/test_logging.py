"""Log lines carry their time (ISO 8601 with the zone), level and logger, in the text format and in the
JSON one (LOG_FORMAT=json), in the web process, in management commands and in the Celery worker: the
CRITICAL line of a stored file that no longer matches its hash can be dated and traced."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from logging.config import DictConfigurator
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.choices import Role
from inventory.storage import evidence_storage
from tests.inventory.factories import evidence_dir, jpeg_bytes, make_evidence

__all__ = ["evidence_dir"]

ROOT = Path(settings.BASE_DIR)
ISO_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d"

# A stored file gone missing under a row, as the download view and check_integrity meet it.
MISSING_FILE = (
    "from types import SimpleNamespace as N;"
    "from inventory.integrity import stored_file_intact;"
    "stored_file_intact(N(pk=7, original_name='C1.jpg', region_id='13.02', sha256='ab' * 32,"
    " file=N(name='ab/cd/gone.jpg')))"
)
# The same line from a worker process: Celery sets up its logging as a worker does on start.
FROM_THE_WORKER = (
    "import django; django.setup();from phpu.celery import app; app.log.setup(loglevel='INFO');" + MISSING_FILE
)


def run(log_format: str, *command: str) -> str:
    env = {**os.environ, "SECRET_KEY": "logging-test", "DEBUG": "false", "LOG_FORMAT": log_format}
    env.pop("LOG_LEVEL", None)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    (line,) = [line for line in done.stderr.splitlines() if "fails its integrity check" in line]
    return line


@pytest.mark.parametrize(
    "command",
    [
        (sys.executable, "manage.py", "shell", "-c", MISSING_FILE),
        (sys.executable, "-c", FROM_THE_WORKER),
    ],
    ids=["command", "worker"],
)
def test_the_critical_integrity_line_has_time_level_and_logger(command):
    text = run("text", *command)
    assert re.match(rf"{ISO_TIME} CRITICAL inventory\.integrity Evidence 7 \(C1\.jpg", text), text

    entry = json.loads(run("json", *command))
    assert re.fullmatch(ISO_TIME, entry["time"]), entry
    assert (entry["level"], entry["logger"]) == ("CRITICAL", "inventory.integrity")
    assert "ab/cd/gone.jpg is missing" in entry["message"]


def test_an_unknown_log_format_is_refused():
    env = {**os.environ, "SECRET_KEY": "logging-test", "DEBUG": "false", "LOG_FORMAT": "xml"}
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0 and "LOG_FORMAT must be text or json" in done.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_tampered_download_logs_time_level_and_logger(log_format, client, make_user, evidence_dir):
    evidence = make_evidence(content=jpeg_bytes(41))
    with open(evidence_storage().path(evidence.file.name), "r+b") as stored:
        stored.seek(100)
        stored.write(b"\x00\x01\x02")
    formatter = DictConfigurator({}).configure_formatter({"()": f"core.logging.{log_format.capitalize()}Formatter"})
    assert settings.LOGGING["formatters"]["default"]["()"] == "core.logging.TextFormatter"  # the default
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logging.getLogger().addHandler(handler)
    try:
        client.force_login(make_user(Role.PPK, "13.02.03"))
        assert client.get(reverse("evidence_download", args=[evidence.pk])).status_code == 409
    finally:
        logging.getLogger().removeHandler(handler)

    (line,) = [line for line in stream.getvalue().splitlines() if evidence.sha256 in line]
    if log_format == "json":
        entry = json.loads(line)
        assert re.fullmatch(ISO_TIME, entry["time"])
        assert (entry["level"], entry["logger"]) == ("CRITICAL", "inventory.integrity")
    else:
        assert re.match(rf"{ISO_TIME} CRITICAL inventory\.integrity Evidence {evidence.pk} ", line), line
