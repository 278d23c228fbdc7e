"""`manage.py check_integrity`: every stored file against its row and its hash, in both directions. Rows
whose file is tampered with or gone are reported with enough to find them (id, region, name) and fail the
command; files no row points at are listed, and removed only with --clean once older than the grace
period; a dossier whose PDF is lost is marked failed by --clean so it can be rendered again."""

import hashlib
import io
import os
import time

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models

from dossiers.choices import JobStatus
from dossiers.models import dossier_storage
from files.registry import KINDS
from files.store import put
from inventory.choices import EvidenceKind
from inventory.storage import evidence_storage
from inventory.tasks import evidence_preview
from teams.choices import ActivityFileKind
from teams.services import activity_file_upload
from tests.dossiers.conftest import dossier_dir
from tests.dossiers.test_api import finished_job
from tests.inventory.factories import evidence_dir, jpeg_bytes, make_evidence, pdf_bytes, uploaded
from tests.teams.factories import ActivityFactory, make_active_team

pytestmark = pytest.mark.django_db

__all__ = ["dossier_dir", "evidence_dir"]

TPS = "13.02.03.2002.001"
TPS_2 = "13.02.03.2002.002"
OTHER_TPS = "13.02.04.2001.001"
AN_HOUR_AGO = time.time() - 2 * 3600


def run(*args) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        # skip_checks=False: run exactly as `manage.py check_integrity` does, system checks included.
        call_command("check_integrity", *args, stdout=out, stderr=io.StringIO(), skip_checks=False)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def orphans_in(output: str) -> list[str]:
    return sorted(line.removeprefix("ORPHAN ") for line in output.splitlines() if line.startswith("ORPHAN"))


def age(path) -> None:
    """Make a stored file look older than the default grace period of an hour."""
    os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


def test_every_kind_of_stored_file_is_checked_and_none_is_an_orphan(evidence_dir, dossier_dir):
    photo = make_evidence(TPS, content=jpeg_bytes(5, size=(400, 300)))
    evidence_preview.run(photo.pk)
    photo.refresh_from_db()
    assert photo.preview
    team = make_active_team()
    activity_file_upload(
        actor=None,
        activity=ActivityFactory(office_id="13.02"),
        file=uploaded(pdf_bytes("Notulen rakor"), "notulen.pdf"),
        kind=ActivityFileKind.MINUTES,
    )
    job = finished_job()
    job.manifest_file = dossier_storage().save(f"{job.pk}/manifest.json", ContentFile(b"{}"))
    job.save(update_fields=["manifest_file"])
    for path in [*evidence_dir.rglob("*.*"), *dossier_dir.rglob("*.*")]:
        age(path)

    output, error = run("--grace", "0")

    assert error is None, output
    # evidence file and preview, the SK scan, the activity file, the dossier PDF, its manifest and its
    # manifest PDF
    assert "Checked 7 stored files" in output
    assert "0 missing or not matching" in output
    assert orphans_in(output) == []
    assert team.sk_file.name not in output


def test_tampered_and_missing_files_are_reported_and_fail(evidence_dir):
    good = make_evidence(TPS, name="utuh.jpg")
    tampered = make_evidence(TPS, kind=EvidenceKind.C_HASIL, content=pdf_bytes("C.Hasil asli"), name="c_hasil.pdf")
    resized = make_evidence(TPS_2, name="dipotong.jpg")
    deleted = make_evidence(OTHER_TPS, name="hilang.jpg")
    team = make_active_team()

    path = evidence_dir / tampered.file.name
    path.write_bytes(path.read_bytes().replace(b"asli", b"palsu"[:4]))  # same size, other bytes
    path = evidence_dir / resized.file.name
    path.write_bytes(path.read_bytes()[:-10])
    (evidence_dir / deleted.file.name).unlink()
    (evidence_dir / team.sk_file.name).unlink()

    output, error = run("--clean")
    assert error is not None
    assert error.returncode == 1
    assert "4 stored files are missing or do not match" in str(error)
    lines = output.splitlines()
    assert any(
        line.startswith("MISMATCH (SHA-256") and f"#{tampered.pk} " in line and TPS in line and "'c_hasil.pdf'" in line
        for line in lines
    ), output
    assert any(line.startswith("MISMATCH (size") and f"#{resized.pk} " in line and TPS_2 in line for line in lines)
    assert any(
        line.startswith("MISSING evidence") and f"#{deleted.pk} " in line and "'hilang.jpg'" in line for line in lines
    )
    assert any(line.startswith("MISSING team SK") and f"#{team.pk} " in line and "13.02" in line for line in lines)
    assert not any(f"evidence #{good.pk} " in line for line in lines)
    assert "Checked 5 stored files" in output
    # Evidence is never cleaned away: the rows stay, to be restored from a backup.
    assert tampered.__class__.objects.filter(pk__in=[tampered.pk, resized.pk, deleted.pk]).count() == 3


def test_rows_sharing_a_file_are_all_reported(evidence_dir):
    content = pdf_bytes("Surat Bawaslu")
    here = make_evidence(TPS, kind=EvidenceKind.BAWASLU_LETTER, content=content)
    there = make_evidence(TPS_2, kind=EvidenceKind.BAWASLU_LETTER, content=content)
    assert here.file.name == there.file.name
    (evidence_dir / here.file.name).unlink()
    output, error = run()
    assert error is not None
    assert f"#{here.pk} " in output
    assert f"#{there.pk} " in output


def test_region_limits_the_check(evidence_dir):
    mine = make_evidence(TPS)
    theirs = make_evidence(OTHER_TPS)
    (evidence_dir / theirs.file.name).unlink()

    output, error = run("--region", "13.02.03")
    assert error is None
    assert "Checked 1 stored files" in output
    assert "not referenced" not in output  # orphans are a whole-storage question

    output, error = run("--region", "13.02.04")
    assert error is not None
    assert f"#{theirs.pk} " in output
    assert f"#{mine.pk} " not in output


def test_unknown_region_refused():
    _output, error = run("--region", "99.99")
    assert error is not None
    assert "Unknown region 99.99" in str(error)


def test_orphans_are_listed_and_removed_only_with_clean_after_the_grace_period(evidence_dir, dossier_dir):
    kept = make_evidence(TPS, kind=EvidenceKind.C_HASIL, content=pdf_bytes("C.Hasil"))
    storage = evidence_storage()
    stray = storage.save("ab/cd/" + "ab" * 32 + ".jpg", ContentFile(jpeg_bytes(3)))
    stray_pdf = dossier_storage().save("99/" + "cd" * 32 + ".pdf", ContentFile(pdf_bytes("setengah")))
    # A file left behind by a crash between storing the bytes and writing their row. (A larger transaction
    # rolling back after the upload cannot leave one: uploads refuse to run inside one, tests/files.)
    content = jpeg_bytes(4)
    left_behind = put(
        uploaded(content, "x.jpg"), storage_key="evidence", sha256=hashlib.sha256(content).hexdigest(), extension=".jpg"
    )

    # Young files may belong to an upload whose row is not committed yet: not orphans.
    output, error = run("--clean")
    assert error is None
    assert orphans_in(output) == []
    assert storage.exists(stray)

    for name in (stray, left_behind.name, kept.file.name):
        age(evidence_dir / name)
    age(dossier_dir / stray_pdf)
    output, error = run()
    expected = sorted([f"evidence {stray}", f"evidence {left_behind.name}", f"dossiers {stray_pdf}"])
    assert orphans_in(output) == expected
    assert "3 stored files are not referenced by any row (kept; --clean removes them)" in output
    assert storage.exists(stray)

    output, error = run("--clean")
    assert error is None
    assert "3 stored files are not referenced by any row (removed)" in output
    assert not storage.exists(stray)
    assert not storage.exists(left_behind.name)
    assert not dossier_storage().exists(stray_pdf)
    assert storage.exists(kept.file.name)
    assert orphans_in(run()[0]) == []


def test_a_dossier_whose_pdf_is_lost_is_marked_failed_by_clean(evidence_dir, dossier_dir):
    job = finished_job()
    (dossier_dir / job.output.name).unlink()

    output, error = run()
    assert error is not None
    assert f"MISSING dossier PDF #{job.pk} " in output
    job.refresh_from_db()
    assert job.status == JobStatus.DONE  # reported only

    output, error = run("--clean")
    assert error is not None  # it was lost: still reported
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "render the dossier again" in job.error
    assert not job.output
    assert job.history.first().status == JobStatus.FAILED  # the change is in the audit history


def test_every_file_field_is_listed():
    """A new FileField must be added to files.registry.KINDS, or check, backup and restore miss it."""
    fields = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    assert fields == {f"{kind.model}.{kind.field}" for kind in KINDS}
