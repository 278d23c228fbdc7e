"""`manage.py verify_evidence`: re-hashes every stored file, reports tampered and missing ones with
enough to find them (id, region, name), fails with a non-zero status, and lists orphan files."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from inventory.choices import EvidenceKind
from inventory.services import evidence_upload
from inventory.storage import evidence_storage
from inventory.tasks import evidence_preview
from regions.models import Region
from tests.inventory.factories import evidence_dir, jpeg_bytes, make_evidence, pdf_bytes, uploaded

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"
TPS_2 = "13.02.03.2002.002"
OTHER_TPS = "13.02.04.2001.001"


def run(*args) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        # skip_checks=False: run exactly as `manage.py verify_evidence` does, system checks included.
        call_command("verify_evidence", *args, stdout=out, stderr=io.StringIO(), skip_checks=False)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_all_intact(evidence_dir):
    make_evidence(TPS)
    make_evidence(TPS, kind=EvidenceKind.C_HASIL, content=pdf_bytes("C.Hasil"))
    output, error = run()
    assert error is None
    assert "Checked 2 evidence files" in output
    assert "0 missing or not matching" in output


def test_tampered_and_missing_files_are_reported_and_fail(evidence_dir):
    good = make_evidence(TPS, name="utuh.jpg")
    tampered = make_evidence(TPS, kind=EvidenceKind.C_HASIL, content=pdf_bytes("C.Hasil asli"), name="c_hasil.pdf")
    resized = make_evidence(TPS_2, name="dipotong.jpg")
    deleted = make_evidence(OTHER_TPS, name="hilang.jpg")

    path = evidence_dir / tampered.file.name
    path.write_bytes(path.read_bytes().replace(b"asli", b"palsu"[:4]))  # same size, other bytes
    path = evidence_dir / resized.file.name
    path.write_bytes(path.read_bytes()[:-10])
    (evidence_dir / deleted.file.name).unlink()

    output, error = run()
    assert error is not None
    assert error.returncode == 1
    assert "3 evidence files are missing or do not match" in str(error)
    lines = output.splitlines()
    assert any(
        line.startswith("MISMATCH (SHA-256") and f"#{tampered.pk} " in line and TPS in line and "'c_hasil.pdf'" in line
        for line in lines
    ), output
    assert any(line.startswith("MISMATCH (size") and f"#{resized.pk} " in line and TPS_2 in line for line in lines)
    assert any(
        line.startswith("MISSING") and f"#{deleted.pk} " in line and OTHER_TPS in line and "'hilang.jpg'" in line
        for line in lines
    )
    assert not any(f"#{good.pk} " in line for line in lines)
    assert "Checked 4 evidence files" in output


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
    assert "Checked 1 evidence files" in output

    output, error = run("--region", "13.02.04")
    assert error is not None
    assert f"#{theirs.pk} " in output
    assert f"#{mine.pk} " not in output


def test_unknown_region_refused():
    _output, error = run("--region", "99.99")
    assert error is not None
    assert "Unknown region 99.99" in str(error)


def test_orphans_are_listed_not_deleted(evidence_dir):
    kept = make_evidence(TPS, kind=EvidenceKind.C_HASIL, content=pdf_bytes("C.Hasil"))
    evidence_preview.run(kept.pk)
    storage = evidence_storage()
    stray = storage.save("ab/cd/" + "ab" * 32 + ".jpg", ContentFile(jpeg_bytes(3)))

    # A file left behind by a larger transaction that rolled back after the upload returned.
    with pytest.raises(RuntimeError), transaction.atomic():
        rolled_back, _ = evidence_upload(
            actor=None,
            file=uploaded(jpeg_bytes(4), "x.jpg"),
            kind=EvidenceKind.PHOTO,
            region=Region.objects.get(code=TPS),
        )
        raise RuntimeError("the caller's transaction fails later")

    output, error = run("--list-orphans")
    assert error is None
    orphans = sorted(line.removeprefix("ORPHAN ") for line in output.splitlines() if line.startswith("ORPHAN"))
    assert orphans == sorted([stray, rolled_back.file.name])
    assert "2 stored files are not referenced" in output
    assert storage.exists(stray)  # listed, never deleted
    kept.refresh_from_db()
    assert kept.preview  # previews belong to their evidence: no orphans
    assert kept.file.name not in orphans
