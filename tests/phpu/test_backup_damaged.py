"""A backup taken while a stored file is damaged or missing says so: exit status 1, every such file
named, and the backup not marked complete (restore refuses it), instead of a silent success that only
the restore would find out."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from phpu.backup import BackupError, restore
from tests.dossiers.conftest import dossier_dir
from tests.e2e.conftest import restore_session_data
from tests.inventory.factories import evidence_dir, jpeg_bytes, make_evidence
from tests.phpu.test_backup import make_backup, records

pytestmark = pytest.mark.django_db(transaction=True)

__all__ = ["dossier_dir", "evidence_dir", "records"]


@pytest.fixture(autouse=True)
def _session_data(transactional_db, django_db_blocker):
    """As in test_backup: pg_dump sees only committed rows, and a flush removes the session's regions."""
    restore_session_data()
    yield
    with django_db_blocker.unblock():
        restore_session_data()


def failed_backup(tmp_path) -> tuple[CommandError, Path]:
    with pytest.raises(CommandError) as failure:
        call_command("backup", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    return failure.value, folder


def test_a_damaged_stored_file_fails_the_backup_and_is_named(records, evidence_dir, tmp_path):
    damaged = records["evidence"][1]
    stored = evidence_dir / damaged.file.name
    stored.write_bytes(stored.read_bytes().replace(b"002", b"003"))

    error, folder = failed_backup(tmp_path)

    assert error.returncode == 1
    message = str(error)
    assert "NOT complete" in message and damaged.file.name in message and f"#{damaged.pk}" in message
    assert records["evidence"][0].file.name not in message  # only what is wrong is named
    # What could be copied is kept, but nothing marks the backup complete, and restore says why.
    assert (folder / "files" / "evidence" / records["evidence"][0].file.name).is_file()
    assert not (folder / "manifest.json").exists()
    with pytest.raises(BackupError, match="incomplete backup"):
        restore(folder)


def test_a_missing_stored_file_fails_the_backup_and_is_named(records, evidence_dir, tmp_path):
    team = records["team"]
    (evidence_dir / team.sk_file.name).unlink()

    error, _folder = failed_backup(tmp_path)

    assert "MISSING team SK" in str(error) and team.sk_file.name in str(error)


def test_an_intact_store_backs_up_as_before(records, tmp_path):
    folder = make_backup(tmp_path)
    assert (folder / "manifest.json").is_file()
    assert not (folder / "manifest.incomplete.json").exists()


def test_the_same_bytes_in_two_regions_are_one_file_and_no_alarm(records, evidence_dir, tmp_path):
    content = jpeg_bytes(61)
    make_evidence("13.02.03.2002.001", content=content)
    make_evidence("13.02.03.2002.002", content=content)
    assert (make_backup(tmp_path) / "manifest.json").is_file()
