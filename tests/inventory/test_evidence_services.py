"""Evidence services: four eyes, certified copies, versioning, duplicates, no orphan files after a failed
insert, and the preview queued after commit."""

import hashlib

import pytest
from django.db import IntegrityError

from accounts.choices import Role
from core.errors import ApplicationError
from files.store import content_name
from inventory import services
from inventory.choices import EvidenceKind, Verification
from inventory.integrity import stored_file_intact
from inventory.models import Evidence
from inventory.services import evidence_link, evidence_set_certified, evidence_verify
from tests.inventory.factories import ProblemFactory, evidence_dir, jpeg_bytes, make_evidence, opened_by, pdf_bytes
from tests.inventory.service_helpers import (
    OTHER_TPS,
    TPS,
    TPS_2,
    files_in,
    in_english,
    legal,
    ppk,
    region,
    technical,
    technical_2,
    upload,
)

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir", "in_english", "legal", "ppk", "technical", "technical_2"]


# --- four eyes --------------------------------------------------------------------------------------


def test_nobody_verifies_their_own_upload(technical, technical_2):
    evidence, _ = upload(technical, jpeg_bytes(1), "a.jpg")
    with pytest.raises(ApplicationError, match="own upload"):
        evidence_verify(actor=technical, evidence=opened_by(evidence, technical), verified=True)
    evidence.refresh_from_db()
    assert evidence.verification == Verification.PENDING

    verified = evidence_verify(actor=technical_2, evidence=opened_by(evidence, technical_2), verified=True)
    assert verified.verification == Verification.VERIFIED
    assert verified.verified_by == technical_2
    assert verified.verified_at is not None


def test_verifying_needs_the_verify_action_in_reach(ppk, make_user):
    evidence, _ = upload(ppk, jpeg_bytes(2), "b.jpg")
    colleague = make_user(Role.PPK, "13.02.03")  # may upload, may not verify
    elsewhere = make_user(Role.TECHNICAL, "13.01")  # verifies, but in another regency
    for actor in (colleague, elsewhere, make_user(Role.VIEWER, "13.02")):
        with pytest.raises(ApplicationError, match="may not do this"):
            evidence_verify(actor=actor, evidence=opened_by(evidence, actor), verified=True)
    evidence.refresh_from_db()
    assert evidence.verification == Verification.PENDING


def test_rejection_needs_a_reason(ppk, technical):
    evidence, _ = upload(ppk, jpeg_bytes(3), "c.jpg")
    with pytest.raises(ApplicationError, match="why") as refusal:
        evidence_verify(actor=technical, evidence=opened_by(evidence, technical), verified=False, reason="   ")
    assert "reason" in refusal.value.extra
    rejected = evidence_verify(
        actor=technical, evidence=opened_by(evidence, technical), verified=False, reason=" Blurred, unreadable. "
    )
    assert (rejected.verification, rejected.rejection_reason) == (Verification.REJECTED, "Blurred, unreadable.")
    # A later verification clears the reason.
    verified = evidence_verify(actor=technical, evidence=opened_by(evidence, technical), verified=True)
    assert (verified.verification, verified.rejection_reason) == (Verification.VERIFIED, "")


def test_system_uploads_can_be_verified_by_anyone_with_the_role(technical):
    evidence = make_evidence(TPS)  # uploaded by the system (demo loader, import)
    assert evidence.uploaded_by is None
    assert (
        evidence_verify(actor=technical, evidence=opened_by(evidence, technical), verified=True).verification
        == Verification.VERIFIED
    )


def test_a_corrected_version_is_not_verified(ppk, technical):
    old, _ = upload(ppk, jpeg_bytes(4), "d.jpg")
    upload(ppk, jpeg_bytes(5), "d2.jpg", replaces=old)
    with pytest.raises(ApplicationError, match="newest version"):
        evidence_verify(actor=technical, evidence=opened_by(old, technical), verified=True)


# --- certified copy ---------------------------------------------------------------------------------


def test_only_the_legal_division_marks_certified_copies(ppk, technical, legal, make_user):
    evidence, _ = upload(ppk, pdf_bytes("SK"), "sk.pdf", kind=EvidenceKind.DECREE)
    for actor in (ppk, technical, make_user(Role.LEGAL, "13.01")):
        with pytest.raises(ApplicationError):
            evidence_set_certified(actor=actor, evidence=evidence, certified=True)
    evidence.refresh_from_db()
    assert not evidence.certified_copy
    assert evidence_set_certified(actor=legal, evidence=evidence, certified=True).certified_copy
    assert not evidence_set_certified(actor=legal, evidence=evidence, certified=False).certified_copy


# --- versioning -------------------------------------------------------------------------------------


def test_a_correction_is_a_new_version_and_the_old_one_stays(ppk, evidence_dir):
    problem = ProblemFactory(region_id=TPS)
    other_problem = ProblemFactory(region_id=TPS)
    old, _ = upload(ppk, pdf_bytes("C.Hasil v1"), "c_hasil.pdf", kind=EvidenceKind.C_HASIL, problem=problem)
    evidence_link(actor=ppk, evidence=old, problem=other_problem)

    new, created = upload(ppk, pdf_bytes("C.Hasil v2"), "c_hasil_v2.pdf", kind=EvidenceKind.C_HASIL, replaces=old)
    assert created
    assert (new.version, new.replaces) == (2, old)
    old.refresh_from_db()
    assert old.replaced_by == new
    assert set(new.problems.all()) == {problem, other_problem}  # links carried over
    assert set(old.problems.all()) == {problem, other_problem}  # and the old version keeps them
    assert list(Evidence.objects.current().filter(pk__in=[old.pk, new.pk])) == [new]
    # Both files are stored, each intact: the old version can still be downloaded.
    assert files_in(evidence_dir) == sorted([old.file.name, new.file.name])
    assert stored_file_intact(old)
    assert stored_file_intact(new)

    third, _ = upload(ppk, pdf_bytes("C.Hasil v3"), "c_hasil_v3.pdf", kind=EvidenceKind.C_HASIL, replaces=new)
    assert (third.version, third.replaces) == (3, new)


def test_a_version_is_corrected_only_once(ppk, evidence_dir):
    old, _ = upload(ppk, jpeg_bytes(10), "a.jpg")
    upload(ppk, jpeg_bytes(11), "b.jpg", replaces=old)
    before = files_in(evidence_dir)
    with pytest.raises(ApplicationError, match="newer version") as refusal:
        upload(ppk, jpeg_bytes(12), "c.jpg", replaces=old)
    assert "replaces" in refusal.value.extra
    assert Evidence.objects.count() == 2
    assert files_in(evidence_dir) == before


def test_a_correction_must_differ(ppk, evidence_dir):
    old, _ = upload(ppk, jpeg_bytes(13), "a.jpg")
    elsewhere, _ = upload(ppk, jpeg_bytes(14), "b.jpg")
    with pytest.raises(ApplicationError, match="identical to the version"):
        upload(ppk, jpeg_bytes(13), "a_again.jpg", replaces=old)
    # Nor may the "correction" be a file already stored here as other evidence.
    with pytest.raises(ApplicationError, match=r"identical to evidence already stored here \(b.jpg\)"):
        upload(ppk, jpeg_bytes(14), "b_again.jpg", replaces=old)
    # Even in another region, the same bytes are no correction.
    with pytest.raises(ApplicationError, match="identical to the version"):
        upload(ppk, jpeg_bytes(13), "a_again.jpg", replaces=old, code=TPS_2)
    assert Evidence.objects.count() == 2
    assert not hasattr(Evidence.objects.get(pk=old.pk), "replaced_by")
    assert len(files_in(evidence_dir)) == 2
    assert elsewhere.version == 1


def test_correcting_needs_the_old_version_in_reach(ppk):
    foreign = make_evidence(OTHER_TPS)
    with pytest.raises(ApplicationError, match="may not do this") as refusal:
        upload(ppk, jpeg_bytes(15), "a.jpg", replaces=foreign)
    assert "replaces" in refusal.value.extra
    assert Evidence.objects.count() == 1


# --- duplicates -------------------------------------------------------------------------------------


def test_the_same_file_in_one_region_is_stored_once_and_linked(ppk, make_user, evidence_dir):
    first_problem = ProblemFactory(region_id=TPS)
    second_problem = ProblemFactory(region_id=TPS)
    first, created = upload(ppk, jpeg_bytes(20), "foto.jpg", problem=first_problem)
    assert created
    colleague = make_user(Role.PPK, "13.02.03")
    again, created = upload(colleague, jpeg_bytes(20), "foto_lagi.jpg", problem=second_problem)
    assert not created
    assert again == first
    assert again.uploaded_by == ppk  # still the first uploader's
    assert again.original_name == "foto.jpg"
    assert set(first.problems.all()) == {first_problem, second_problem}
    assert Evidence.objects.count() == 1
    assert files_in(evidence_dir) == [first.file.name]


def test_the_same_file_in_another_region_is_a_separate_record_on_one_stored_file(ppk, evidence_dir):
    here, _ = upload(ppk, pdf_bytes("Surat Bawaslu"), "surat.pdf", kind=EvidenceKind.BAWASLU_LETTER)
    there, created = upload(ppk, pdf_bytes("Surat Bawaslu"), "surat.pdf", kind=EvidenceKind.BAWASLU_LETTER, code=TPS_2)
    assert created
    assert here != there
    assert (here.region_id, there.region_id) == (TPS, TPS_2)
    assert here.file.name == there.file.name == content_name(here.sha256, ".pdf")
    assert files_in(evidence_dir) == [here.file.name]


def test_a_damaged_stored_copy_is_not_reused(ppk, evidence_dir):
    """Content addressing must not hand a new region a tampered or cut-off file: the right bytes replace
    it under the hash's name (logged as an error), rather than a second copy under a suffixed name."""
    content = pdf_bytes("Surat keputusan")
    here, _ = upload(ppk, content, "sk.pdf", kind=EvidenceKind.DECREE)
    (evidence_dir / here.file.name).write_bytes(b"%PDF-1.4 tampered")
    there, _ = upload(ppk, content, "sk.pdf", kind=EvidenceKind.DECREE, code=TPS_2)
    assert there.file.name == here.file.name
    assert stored_file_intact(there) and stored_file_intact(here)
    assert len(files_in(evidence_dir)) == 1


# --- no orphan files --------------------------------------------------------------------------------


def test_a_failed_insert_leaves_no_file(ppk, evidence_dir, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Evidence, "save", broken_save)
    with pytest.raises(RuntimeError):
        upload(ppk, jpeg_bytes(50), "a.jpg")
    assert files_in(evidence_dir) == []
    assert not Evidence.objects.exists()


def test_a_failed_validation_after_storing_leaves_no_file(ppk, evidence_dir, monkeypatch):
    def invalid(obj, message=None):
        raise ApplicationError("Please correct the marked fields.", {"description": ["Too long."]})

    monkeypatch.setattr(services, "clean_or_raise", invalid)
    with pytest.raises(ApplicationError, match="correct the marked fields"):
        upload(ppk, jpeg_bytes(51), "a.jpg")
    assert files_in(evidence_dir) == []
    assert not Evidence.objects.exists()


def test_a_constraint_failure_leaves_no_file_and_returns_the_winner(ppk, evidence_dir, monkeypatch):
    """Two uploads of the same bytes race: the other one's row lands between our check and our
    insert. The unique constraint stops ours, our stored file is removed, and the winner comes back."""
    content = jpeg_bytes(52)
    sha = hashlib.sha256(content).hexdigest()
    real_inspect = services.inspect_upload
    winner = {}

    def inspect_then_lose_the_race(fileobj, **kwargs):
        facts = real_inspect(fileobj, **kwargs)
        winner["row"] = Evidence.objects.create(
            file="elsewhere/winner.jpg",
            sha256=sha,
            size=len(content),
            mime_type="image/jpeg",
            original_name="winner.jpg",
            kind=EvidenceKind.PHOTO,
            region=region(TPS),
        )
        return facts

    monkeypatch.setattr(services, "inspect_upload", inspect_then_lose_the_race)
    problem = ProblemFactory(region_id=TPS)
    evidence, created = upload(ppk, content, "mine.jpg", problem=problem)
    assert not created
    assert evidence == winner["row"]
    assert list(evidence.problems.all()) == [problem]
    assert files_in(evidence_dir) == []
    assert Evidence.objects.count() == 1


def test_an_integrity_error_that_is_no_race_is_raised(ppk, evidence_dir, monkeypatch):
    def failing_save(self, *args, **kwargs):
        raise IntegrityError("some other constraint")

    monkeypatch.setattr(Evidence, "save", failing_save)
    with pytest.raises(IntegrityError):
        upload(ppk, jpeg_bytes(53), "a.jpg")
    assert files_in(evidence_dir) == []


def test_a_failure_does_not_delete_a_file_other_rows_use(ppk, evidence_dir, monkeypatch):
    content = pdf_bytes("shared")
    here, _ = upload(ppk, content, "a.pdf", kind=EvidenceKind.OTHER)

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(Evidence, "save", broken_save)
    with pytest.raises(RuntimeError):
        upload(ppk, content, "a.pdf", kind=EvidenceKind.OTHER, code=TPS_2)
    assert files_in(evidence_dir) == [here.file.name]
    assert stored_file_intact(here)


def test_preview_is_queued_after_commit(ppk, monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    from inventory import tasks

    monkeypatch.setattr(tasks.evidence_preview, "delay", lambda pk: queued.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        evidence, _ = upload(ppk, jpeg_bytes(54), "a.jpg")
    assert queued == [evidence.pk]


def test_a_broker_failure_does_not_fail_the_upload(ppk, monkeypatch, django_capture_on_commit_callbacks):
    from inventory import tasks

    def broker_down(pk):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.evidence_preview, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        evidence, created = upload(ppk, jpeg_bytes(55), "a.jpg")
    assert created
    assert Evidence.objects.filter(pk=evidence.pk).exists()
