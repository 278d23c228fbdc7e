"""A full disk or a killed process leaves nothing half-done behind (issue 19, item 4): bytes reach their
hash's name only whole; a name holding the wrong bytes is repaired by the next upload of the right ones
instead of being kept beside a suffixed copy; and the temporary uploads and dossier work folders of
killed processes live under VAR_DIR, where an hourly beat task sweeps what is older than any job.

"Disk full" is injected where the operating system raises it: `os.write`, after part of the bytes went
through (the tests run as root on a large disk, so a real full file system is not at hand)."""

import errno
import hashlib
import os
import time
from pathlib import Path

import pytest
from django.conf import settings

from core.errors import ApplicationError
from files.store import content_name, put_as, walk
from inventory.choices import EvidenceKind
from inventory.models import Evidence
from inventory.services import evidence_upload
from inventory.storage import evidence_storage
from phpu import tasks
from regions.models import Region
from teams.choices import ActivityFileKind
from teams.services import activity_file_upload
from tests.inventory.factories import evidence_dir, jpeg_bytes, uploaded
from tests.teams.factories import ActivityFactory

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"
HOUR = 3600


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@pytest.fixture
def disk_fills_up(monkeypatch):
    """After the first write, which gets only part of its bytes onto the disk, every write fails with
    ENOSPC, as on a file system that has just run full. Returns the writes that were refused."""
    real_write = os.write
    refused = []

    def write(fd, data):
        if refused or getattr(write, "wrote", False):
            refused.append(fd)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        write.wrote = True
        return real_write(fd, bytes(data[: max(1, len(data) // 2)]))

    monkeypatch.setattr(os, "write", write)
    return refused


def upload(content: bytes):
    return evidence_upload(
        actor=None, file=uploaded(content, "c-hasil.jpg"), kind=EvidenceKind.PHOTO, region=Region.objects.get(code=TPS)
    )


def test_a_disk_full_mid_upload_leaves_no_file_no_temporary_and_no_row(evidence_dir, disk_fills_up):
    content = jpeg_bytes(960, size=(64, 64))
    with pytest.raises(ApplicationError) as refused:
        upload(content)
    assert refused.value.status == 503  # "nothing was saved, try again later", not a crash
    assert disk_fills_up  # the failure really came from the write
    assert list(walk(evidence_storage())) == []  # neither part of a file under the hash's name nor a .part
    assert not Evidence.objects.exists()


def test_a_damaged_file_under_the_hash_name_is_replaced_by_the_next_upload_of_its_bytes(evidence_dir):
    """What a full disk left under the hash's own name before stores wrote through a temporary name:
    the next upload of the same bytes stores them there, not under a suffixed name beside the wreck."""
    content = jpeg_bytes(961)
    name = content_name(sha(content), ".jpg")
    (evidence_dir / name).parent.mkdir(parents=True)
    (evidence_dir / name).write_bytes(content[: len(content) // 3])

    evidence, created = upload(content)

    assert created and evidence.file.name == name
    assert (evidence_dir / name).read_bytes() == content
    assert list(walk(evidence_storage())) == [name]


def test_a_repair_by_an_evidence_upload_that_then_fails_keeps_the_activity_files_bytes(evidence_dir, monkeypatch):
    """Issue 19 item 5 with the repair above: an activity photo's stored file was cut off; an evidence
    upload of the same bytes rewrites it, then its row fails. Taking back what that upload wrote looks at
    every model (files/registry.py), so the activity's photo stays, now whole."""
    content = jpeg_bytes(962)
    photo, _created = activity_file_upload(
        actor=None, activity=ActivityFactory(), file=uploaded(content, "rapat.jpg"), kind=ActivityFileKind.PHOTO
    )
    (evidence_dir / photo.file.name).write_bytes(content[:10])

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Evidence, "save", broken_save)
    with pytest.raises(RuntimeError):
        upload(content)
    assert (evidence_dir / photo.file.name).read_bytes() == content
    assert list(walk(evidence_storage())) == [photo.file.name]


def test_a_zero_byte_dossier_pdf_under_its_hash_name_is_replaced(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "dossiers": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    content = b"%PDF-1.7 the whole dossier"
    name = f"7/{sha(content)}.pdf"
    (tmp_path / "7").mkdir()
    (tmp_path / name).write_bytes(b"")
    with (tmp_path / "source.pdf").open("wb+") as fileobj:
        fileobj.write(content)
        stored = put_as(fileobj, storage_key="dossiers", name=name, sha256=sha(content))
    assert (stored.name, stored.wrote) == (name, True)
    assert (tmp_path / name).read_bytes() == content
    assert sorted(p.name for p in (tmp_path / "7").iterdir()) == [Path(name).name]


def test_work_and_upload_temporary_folders_default_under_var_dir():
    """Not the system's /tmp, where a SIGKILL's leftovers were nobody's to clean."""
    for folder in (settings.FILE_UPLOAD_TEMP_DIR, settings.DOSSIER_WORK_DIR):
        assert Path(folder).is_relative_to(settings.VAR_DIR) and Path(folder).is_dir()


@pytest.fixture
def leftovers(tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    settings.DOSSIER_WORK_DIR = str(tmp_path / "dossiers")
    old = time.time() - 3 * HOUR

    def make(path: Path, *, age: float | None = None, folder: bool = False) -> Path:
        if folder:
            path.mkdir(parents=True)
            (path / "part-1.pdf").write_bytes(b"%PDF laid out")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"evidence bytes of a killed upload")
        if age is not None:
            os.utime(path, (age, age))
        return path

    uploads, work = tmp_path / "uploads", tmp_path / "dossiers"
    return {
        "old upload": make(uploads / "tmpa1b2c3.upload.jpg", age=old),
        "old work": make(work / "dossier-12-x7k", age=old, folder=True),
        "fresh upload": make(uploads / "tmpd4e5f6.upload.mp4"),
        "fresh work": make(work / "dossier-13-y8m", folder=True),
    }


def test_the_beat_sweep_removes_old_leftovers_and_keeps_what_running_work_may_use(leftovers):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-leftovers"]
    assert entry["task"] == tasks.sweep_leftovers.name
    assert entry["kwargs"]["grace_seconds"] > settings.DOSSIER_TIME_LIMIT  # no running job loses its folder

    tasks.sweep_leftovers.apply(kwargs={"grace_seconds": 2 * HOUR}).get()

    assert {key: path.exists() for key, path in leftovers.items()} == {
        "old upload": False,
        "old work": False,
        "fresh upload": True,
        "fresh work": True,
    }


def test_the_sweep_copes_with_missing_folders(tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "never-made")
    settings.DOSSIER_WORK_DIR = str(tmp_path / "never-made-either")
    tasks.sweep_leftovers.apply(kwargs={"grace_seconds": 0}).get()
