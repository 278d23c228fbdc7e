"""`manage.py backup` and `manage.py restore`: a backup holds the database and every stored file with
their hashes; a restore, run as the operator runs it (a separate process, its own database and media
folder), rebuilds everything into an empty database and storage and verifies every hash; a damaged
backup or a target that is not empty is refused before anything is written."""

import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from inventory.choices import EvidenceKind
from inventory.models import Evidence
from tests.dossiers.conftest import dossier_dir
from tests.dossiers.test_api import finished_job
from tests.e2e.conftest import restore_session_data
from tests.inventory.factories import evidence_dir, jpeg_bytes, make_evidence, pdf_bytes
from tests.teams.factories import make_active_team

pytestmark = pytest.mark.django_db(transaction=True)

__all__ = ["dossier_dir", "evidence_dir"]

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(autouse=True)
def _session_data(transactional_db, django_db_blocker):
    """Transactional (pg_dump must see committed rows): put back the regions an earlier flush removed,
    and again after the test for the tests that follow."""
    restore_session_data()
    yield
    with django_db_blocker.unblock():
        restore_session_data()


@pytest.fixture
def records(evidence_dir, dossier_dir):
    photo = make_evidence("13.02.03.2002.001", content=jpeg_bytes(21), name="foto.jpg")
    c_hasil = make_evidence("13.02.03.2002.002", kind=EvidenceKind.C_HASIL, content=pdf_bytes("C.Hasil TPS 002"))
    team = make_active_team()
    job = finished_job()
    return {"evidence": [photo, c_hasil], "team": team, "job": job}


@pytest.fixture
def target(tmp_path):
    """An empty database of the same kind as the test database, and an empty media folder, for a restore."""
    media = tmp_path / "restored-media"
    if connection.vendor == "postgresql":
        name = f"phpu_restore_{uuid.uuid4().hex[:8]}"
        db = connection.settings_dict
        server = psycopg2.connect(dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432)
        server.autocommit = True
        server.cursor().execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
        yield url, media
        server.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()
    else:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}", media


def manage(target, *args) -> subprocess.CompletedProcess:
    url, media = target
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "S3_BUCKET", "REDIS_URL"}}
    env.update(DATABASE_URL=url, MEDIA_ROOT=str(media), SECRET_KEY="restore-test", DEBUG="false", LOG_LEVEL="ERROR")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def make_backup(tmp_path) -> Path:
    out = io.StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=out)
    return Path(out.getvalue().strip().splitlines()[-1])


def test_backup_then_restore_into_an_empty_database_verifies_every_hash(records, tmp_path, target):
    folder = make_backup(tmp_path)

    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {(entry["storage"], entry["name"]): entry["sha256"] for entry in manifest["files"]}
    for evidence in records["evidence"]:
        assert listed[("evidence", evidence.file.name)] == evidence.sha256
    assert listed[("evidence", records["team"].sk_file.name)] == records["team"].sk_sha256
    assert listed[("dossiers", records["job"].output.name)] == records["job"].sha256
    assert manifest["database"]["vendor"] == connection.vendor
    assert oct(folder.stat().st_mode & 0o777) == "0o700"  # evidence is not for every account on the host

    restored = manage(target, "restore", str(folder))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert f"Restored the database and {len(listed)} files" in restored.stdout
    assert f"Checked {len(listed)} stored files" in restored.stdout
    assert "0 missing or not matching their SHA-256" in restored.stdout

    counts = manage(
        target,
        "shell",
        "-c",
        "from inventory.models import Evidence; from teams.models import TaskTeam;"
        "from accounts.models import User; from dossiers.models import DossierJob;"
        "print(Evidence.objects.count(), TaskTeam.objects.count(), User.objects.count(), DossierJob.objects.count())",
    )
    assert counts.returncode == 0, counts.stderr
    from accounts.models import User
    from dossiers.models import DossierJob
    from teams.models import TaskTeam

    expected = [Evidence.objects.count(), TaskTeam.objects.count(), User.objects.count(), DossierJob.objects.count()]
    assert counts.stdout.strip().splitlines()[-1].split() == [str(n) for n in expected]
    media = target[1]
    for evidence in records["evidence"]:
        assert (media / "evidence" / evidence.file.name).read_bytes() == evidence.file.open("rb").read()


def test_a_damaged_backup_is_refused_before_anything_is_written(records, tmp_path, target):
    folder = make_backup(tmp_path)
    damaged = folder / "files" / "evidence" / records["evidence"][1].file.name
    original = damaged.read_bytes()
    damaged.write_bytes(original.replace(b"002", b"003"))

    restored = manage(target, "restore", str(folder))

    assert restored.returncode != 0
    assert "The backup is damaged" in restored.stderr and records["evidence"][1].file.name in restored.stderr
    assert "Nothing was restored" in restored.stderr
    assert not target[1].exists()
    # The database is still empty: a second, correct restore goes through.
    damaged.write_bytes(original)
    assert manage(target, "restore", str(folder)).returncode == 0


def test_a_database_that_is_not_empty_is_refused(records, tmp_path, target):
    folder = make_backup(tmp_path)
    assert manage(target, "migrate", "-v0").returncode == 0

    restored = manage(target, "restore", str(folder))

    assert restored.returncode != 0
    assert "is not empty" in restored.stderr and "Nothing was restored" in restored.stderr
    assert not target[1].exists()
