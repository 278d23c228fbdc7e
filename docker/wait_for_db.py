"""Wait until Django's default database accepts connections; exit 1 after DB_WAIT_TIMEOUT seconds."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phpu.settings")

import django

django.setup()

from django.db import connections  # noqa: E402
from django.db.utils import OperationalError  # noqa: E402

timeout = float(os.environ.get("DB_WAIT_TIMEOUT", "60"))
deadline = time.monotonic() + timeout
connection = connections["default"]
while True:
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        if time.monotonic() >= deadline:
            print(f"wait_for_db: database not reachable after {timeout:.0f}s: {exc}", file=sys.stderr)
            sys.exit(1)
        time.sleep(1)
    else:
        connection.close()
        break
