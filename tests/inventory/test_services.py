"""Inventory services: four eyes, certified copies, versioning, duplicates, the siap rule, scoping,
no orphan files after a failed insert, and the audit history naming the actor."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import translation

from accounts.choices import Role
from core.errors import ApplicationError
from elections.choices import ContestType, ElectionKind, Stage
from elections.models import Contest, Election
from inventory import services
from inventory.choices import STATUS_FLOW, EvidenceKind, FollowUp, Source, Status, Verification
from inventory.integrity import stored_file_intact
from inventory.models import Category, Evidence, Problem
from inventory.services import (
    comment_add,
    evidence_link,
    evidence_set_certified,
    evidence_upload,
    evidence_verify,
    problem_create,
    problem_set_status,
    problem_update,
)
from inventory.storage import content_name
from regions.models import Region
from tests.inventory.factories import ProblemFactory, evidence_dir, jpeg_bytes, make_evidence, pdf_bytes

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"  # Pantai Cermin (13.02.03)
TPS_2 = "13.02.03.2002.002"
OTHER_TPS = "13.02.04.2001.001"  # Lembah Gumanti (13.02.04)


@pytest.fixture(autouse=True)
def _english(settings, evidence_dir):
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03")


@pytest.fixture
def technical(make_user):
    return make_user(Role.TECHNICAL, "13.02")


@pytest.fixture
def technical_2(make_user):
    return make_user(Role.TECHNICAL, "13.02")


@pytest.fixture
def legal(make_user):
    return make_user(Role.LEGAL, "13.02")


def region(code):
    return Region.objects.get(code=code)


def upload(actor, content, name, kind=EvidenceKind.PHOTO, code=TPS, **kwargs):
    return evidence_upload(
        actor=actor, file=SimpleUploadedFile(name, content), kind=kind, region=region(code), **kwargs
    )


def files_in(directory) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())


def problem_fields(**overrides):
    fields = {
        "region": region(TPS),
        "stage": Stage.PENGHITUNGAN,
        "category": Category.objects.get(slug="lainnya"),
        "title": "Ballot box opened before the count",
        "description": "The KPPS opened the box before the witnesses arrived.",
        "source": Source.WITNESS,
        "follow_up": FollowUp.NONE,
    }
    fields.update(overrides)
    return fields


# --- four eyes --------------------------------------------------------------------------------------


def test_nobody_verifies_their_own_upload(technical, technical_2):
    evidence, _ = upload(technical, jpeg_bytes(1), "a.jpg")
    with pytest.raises(ApplicationError, match="own upload"):
        evidence_verify(actor=technical, evidence=evidence, verified=True)
    evidence.refresh_from_db()
    assert evidence.verification == Verification.PENDING

    verified = evidence_verify(actor=technical_2, evidence=evidence, verified=True)
    assert verified.verification == Verification.VERIFIED
    assert verified.verified_by == technical_2
    assert verified.verified_at is not None


def test_verifying_needs_the_verify_action_in_reach(ppk, make_user):
    evidence, _ = upload(ppk, jpeg_bytes(2), "b.jpg")
    colleague = make_user(Role.PPK, "13.02.03")  # may upload, may not verify
    elsewhere = make_user(Role.TECHNICAL, "13.01")  # verifies, but in another regency
    for actor in (colleague, elsewhere, make_user(Role.VIEWER, "13.02")):
        with pytest.raises(ApplicationError, match="may not do this"):
            evidence_verify(actor=actor, evidence=evidence, verified=True)
    evidence.refresh_from_db()
    assert evidence.verification == Verification.PENDING


def test_rejection_needs_a_reason(ppk, technical):
    evidence, _ = upload(ppk, jpeg_bytes(3), "c.jpg")
    with pytest.raises(ApplicationError, match="why") as refusal:
        evidence_verify(actor=technical, evidence=evidence, verified=False, reason="   ")
    assert "reason" in refusal.value.extra
    rejected = evidence_verify(actor=technical, evidence=evidence, verified=False, reason=" Blurred, unreadable. ")
    assert (rejected.verification, rejected.rejection_reason) == (Verification.REJECTED, "Blurred, unreadable.")
    # A later verification clears the reason.
    verified = evidence_verify(actor=technical, evidence=evidence, verified=True)
    assert (verified.verification, verified.rejection_reason) == (Verification.VERIFIED, "")


def test_system_uploads_can_be_verified_by_anyone_with_the_role(technical):
    evidence = make_evidence(TPS)  # uploaded by the system (demo loader, import)
    assert evidence.uploaded_by is None
    assert evidence_verify(actor=technical, evidence=evidence, verified=True).verification == Verification.VERIFIED


def test_a_corrected_version_is_not_verified(ppk, technical):
    old, _ = upload(ppk, jpeg_bytes(4), "d.jpg")
    upload(ppk, jpeg_bytes(5), "d2.jpg", replaces=old)
    with pytest.raises(ApplicationError, match="newest version"):
        evidence_verify(actor=technical, evidence=old, verified=True)


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
    """Content addressing must not hand a new region a tampered file: the new bytes go next to it."""
    content = pdf_bytes("Surat keputusan")
    here, _ = upload(ppk, content, "sk.pdf", kind=EvidenceKind.DECREE)
    (evidence_dir / here.file.name).write_bytes(b"%PDF-1.4 tampered")
    there, _ = upload(ppk, content, "sk.pdf", kind=EvidenceKind.DECREE, code=TPS_2)
    assert there.file.name != here.file.name
    assert stored_file_intact(there)
    assert not stored_file_intact(here)  # left for check_integrity to report, never overwritten
    assert len(files_in(evidence_dir)) == 2


# --- the siap (ready) rule and status flow ----------------------------------------------------------


def test_siap_needs_resolved_and_verified_evidence(ppk, technical):
    problem = ProblemFactory(region_id=TPS)
    with pytest.raises(ApplicationError) as refusal:
        problem_set_status(actor=ppk, problem=problem, status=Status.READY)
    message = refusal.value.message
    assert "cannot be marked ready" in message
    assert "resolved" in message
    assert "verified" in message
    assert refusal.value.extra["status"]

    problem = problem_set_status(actor=ppk, problem=problem, status=Status.RESOLVED)
    with pytest.raises(ApplicationError, match="verified piece of evidence") as refusal:
        problem_set_status(actor=ppk, problem=problem, status=Status.READY)
    assert "resolved (selesai) first" not in refusal.value.message

    evidence, _ = upload(ppk, jpeg_bytes(30), "bukti.jpg", problem=problem)
    with pytest.raises(ApplicationError, match="verified"):  # pending
        problem_set_status(actor=ppk, problem=problem, status=Status.READY)
    evidence_verify(actor=technical, evidence=evidence, verified=False, reason="Wrong TPS")
    with pytest.raises(ApplicationError, match="verified"):  # rejected
        problem_set_status(actor=ppk, problem=problem, status=Status.READY)
    evidence_verify(actor=technical, evidence=evidence, verified=True)
    assert problem_set_status(actor=ppk, problem=problem, status=Status.READY).status == Status.READY
    problem.refresh_from_db()
    assert problem.status == Status.READY


def test_verified_evidence_of_another_problem_does_not_count(ppk, technical):
    problem = ProblemFactory(region_id=TPS, status=Status.RESOLVED)
    other = ProblemFactory(region_id=TPS)
    evidence, _ = upload(ppk, jpeg_bytes(31), "bukti.jpg", problem=other)
    evidence_verify(actor=technical, evidence=evidence, verified=True)
    with pytest.raises(ApplicationError, match="verified"):
        problem_set_status(actor=ppk, problem=problem, status=Status.READY)


def test_a_verified_version_that_was_corrected_does_not_count(ppk, technical):
    problem = ProblemFactory(region_id=TPS, status=Status.RESOLVED)
    old, _ = upload(ppk, jpeg_bytes(32), "bukti.jpg", problem=problem)
    evidence_verify(actor=technical, evidence=old, verified=True)
    upload(ppk, jpeg_bytes(33), "bukti_v2.jpg", replaces=old)  # the correction awaits verification
    with pytest.raises(ApplicationError, match="verified"):
        problem_set_status(actor=ppk, problem=problem, status=Status.READY)


# A problem that is siap stops being siap when its proof goes away.


def _siap(ppk, technical, *seeds):
    """A problem marked siap, with one verified photo per seed; returns it and the photos."""
    problem = ProblemFactory(region_id=TPS, status=Status.RESOLVED)
    photos = []
    for seed in seeds:
        evidence, _ = upload(ppk, jpeg_bytes(seed), f"bukti-{seed}.jpg", problem=problem)
        photos.append(evidence_verify(actor=technical, evidence=evidence, verified=True))
    problem_set_status(actor=ppk, problem=problem, status=Status.READY)
    return problem, photos


def _siap_count(user):
    from inventory.selectors import problem_list

    return problem_list(user=user, filters={"status": Status.READY}).count()


def test_rejecting_the_only_verified_evidence_ends_siap(ppk, technical):
    from dashboard.selectors import dashboard

    problem, [photo] = _siap(ppk, technical, 40)
    assert _siap_count(ppk) == 1
    assert dashboard(user=technical, region=region("13.02")).total.ready == 1
    evidence_verify(actor=technical, evidence=photo, verified=False, reason="Wrong TPS")
    problem.refresh_from_db()
    assert problem.status == Status.RESOLVED
    last = problem.history.order_by("-history_id").first()
    assert (last.status, last.history_user, last.history_change_reason) == (
        Status.RESOLVED,
        technical,
        "no longer siap: evidence bukti-40.jpg rejected",
    )
    # The lists and the dashboard count it no more.
    assert _siap_count(ppk) == 0
    assert dashboard(user=technical, region=region("13.02")).total.ready == 0
    # And it takes a verified file again to be siap.
    with pytest.raises(ApplicationError, match="verified"):
        problem_set_status(actor=ppk, problem=problem, status=Status.READY)


def test_an_unverified_correction_of_the_only_verified_evidence_ends_siap(ppk, technical):
    problem, [photo] = _siap(ppk, technical, 41)
    correction, created = upload(ppk, jpeg_bytes(42), "bukti-41-v2.jpg", replaces=photo)
    assert created and correction.verification == Verification.PENDING
    problem.refresh_from_db()
    assert problem.status == Status.RESOLVED
    last = problem.history.order_by("-history_id").first()
    assert (last.status, last.history_user, last.history_change_reason) == (
        Status.RESOLVED,
        ppk,
        "no longer siap: evidence bukti-41.jpg replaced by an unverified correction",
    )
    assert _siap_count(ppk) == 0
    # Once the correction is verified the problem can be marked siap again.
    evidence_verify(actor=technical, evidence=correction, verified=True)
    assert problem_set_status(actor=ppk, problem=problem, status=Status.READY).status == Status.READY


def test_a_problem_with_another_verified_file_stays_siap(ppk, technical):
    problem, [first, second] = _siap(ppk, technical, 43, 44)
    before = problem.history.count()
    evidence_verify(actor=technical, evidence=first, verified=False, reason="Blurred")
    upload(ppk, jpeg_bytes(45), "bukti-44-v2.jpg", replaces=second)  # ... until the other one is corrected too
    problem.refresh_from_db()
    assert problem.status == Status.RESOLVED
    assert problem.history.count() == before + 1
    assert problem.history.order_by("-history_id").first().history_change_reason == (
        "no longer siap: evidence bukti-44.jpg replaced by an unverified correction"
    )

    problem, [first, second] = _siap(ppk, technical, 46, 47)
    before = problem.history.count()
    evidence_verify(actor=technical, evidence=first, verified=False, reason="Blurred")
    problem.refresh_from_db()
    assert problem.status == Status.READY
    assert problem.history.count() == before  # nothing written on the problem


def test_only_siap_problems_change_and_a_long_name_keeps_the_reason(ppk, technical):
    long_name = "C-hasil-" + "x" * 150 + ".jpg"
    photo, _ = upload(ppk, jpeg_bytes(48), long_name)
    evidence_verify(actor=technical, evidence=photo, verified=True)
    resolved = ProblemFactory(region_id=TPS, status=Status.RESOLVED)
    siap = ProblemFactory(region_id=TPS, status=Status.RESOLVED)
    for problem in (resolved, siap):
        evidence_link(actor=ppk, evidence=photo, problem=problem)
    problem_set_status(actor=ppk, problem=siap, status=Status.READY)
    upload(ppk, jpeg_bytes(49), "c-hasil-v2.jpg", replaces=photo)
    resolved.refresh_from_db()
    siap.refresh_from_db()
    assert (resolved.status, siap.status) == (Status.RESOLVED, Status.RESOLVED)
    assert resolved.history.count() == 1  # created; not touched by the correction
    reason = siap.history.order_by("-history_id").first().history_change_reason
    assert len(reason) == 100  # the column's size: the name is shortened, the cause stays
    assert reason.startswith("no longer siap: evidence C-hasil-xxx")
    assert reason.endswith("x… replaced by an unverified correction")


def test_a_refused_rejection_leaves_siap_alone(ppk, technical):
    problem, [photo] = _siap(ppk, technical, 50)
    with pytest.raises(ApplicationError, match="Say why"):
        evidence_verify(actor=technical, evidence=photo, verified=False, reason=" ")
    problem.refresh_from_db()
    assert problem.status == Status.READY


def _verified_problem(ppk, technical, status):
    problem = ProblemFactory(region_id=TPS, status=status)
    evidence, _ = upload(ppk, jpeg_bytes(34), "bukti.jpg", problem=problem)
    evidence_verify(actor=technical, evidence=evidence, verified=True)
    return problem


@pytest.mark.parametrize("old", Status.values)
@pytest.mark.parametrize("new", Status.values)
def test_status_flow(old, new, ppk, technical):
    """Every pair of statuses: allowed exactly when STATUS_FLOW says so (with verified evidence, so
    that only the flow decides)."""
    problem = _verified_problem(ppk, technical, old)
    if new == old or new in STATUS_FLOW[old]:
        assert problem_set_status(actor=ppk, problem=problem, status=new).status == new
    else:
        # Towards "ready" the refusal says what is missing (resolving first); otherwise the flow.
        expected = "must be resolved" if new == Status.READY else "cannot become"
        with pytest.raises(ApplicationError, match=expected):
            problem_set_status(actor=ppk, problem=problem, status=new)
        problem.refresh_from_db()
        assert problem.status == old


def test_unknown_status_refused(ppk):
    problem = ProblemFactory(region_id=TPS)
    with pytest.raises(ApplicationError, match="Unknown status"):
        problem_set_status(actor=ppk, problem=problem, status="closed")


# --- scoping in the services ------------------------------------------------------------------------


def test_no_problem_created_outside_the_reach(ppk):
    with pytest.raises(ApplicationError, match="may not do this") as refusal:
        problem_create(actor=ppk, **problem_fields(region=region(OTHER_TPS)))
    assert "region" in refusal.value.extra
    assert not Problem.objects.exists()


def test_no_evidence_uploaded_outside_the_reach(ppk, evidence_dir):
    with pytest.raises(ApplicationError, match="may not do this"):
        upload(ppk, jpeg_bytes(40), "a.jpg", code=OTHER_TPS)
    with pytest.raises(ApplicationError, match="may not do this"):
        upload(ppk, jpeg_bytes(41), "b.jpg", code=TPS, problem=ProblemFactory(region_id=OTHER_TPS))
    assert not Evidence.objects.exists()
    assert files_in(evidence_dir) == []


def test_roles_without_the_action_are_refused(make_user, evidence_dir):
    kpps = make_user(Role.KPPS, TPS)  # uploads evidence, does not edit the inventory
    viewer = make_user(Role.VIEWER, "13.02")
    with pytest.raises(ApplicationError):
        problem_create(actor=kpps, **problem_fields())
    with pytest.raises(ApplicationError):
        upload(viewer, jpeg_bytes(42), "a.jpg")
    assert upload(kpps, jpeg_bytes(43), "b.jpg")[1]
    assert not Problem.objects.exists()


def test_a_problem_cannot_be_moved_out_of_reach(ppk):
    problem = problem_create(actor=ppk, **problem_fields())
    with pytest.raises(ApplicationError, match="may not do this"):
        problem_update(actor=ppk, problem=problem, region=region(OTHER_TPS))
    problem.refresh_from_db()
    assert problem.region_id == TPS
    # Moving it within the reach is fine.
    assert problem_update(actor=ppk, problem=problem, region=region(TPS_2)).region_id == TPS_2


def test_a_problem_out_of_reach_cannot_be_pulled_in(ppk):
    """The stored region counts, not the one a form already put on the instance."""
    foreign = ProblemFactory(region_id=OTHER_TPS)
    foreign.region = region(TPS)  # what a bound ModelForm does before the service runs
    with pytest.raises(ApplicationError, match="may not do this"):
        problem_update(actor=ppk, problem=foreign, title="Mine now")
    foreign.refresh_from_db()
    assert (foreign.region_id, foreign.title) != (TPS, "Mine now")


def test_contest_and_assignee_must_fit_the_region(ppk, make_user):
    pilkada = Election.objects.create(name="Pilkada 2024", kind=ElectionKind.PILKADA, voting_date="2024-11-27")
    solok = Contest.objects.create(election=pilkada, contest_type=ContestType.BUPATI, region_id="13.02")
    padang = Contest.objects.create(election=pilkada, contest_type=ContestType.WALIKOTA, region_id="13.71")
    with pytest.raises(ApplicationError, match="Unknown contest"):
        problem_create(actor=ppk, **problem_fields(contest=padang))
    with pytest.raises(ApplicationError, match="does not cover"):
        problem_create(actor=None, **problem_fields(contest=padang))  # even the system
    with pytest.raises(ApplicationError, match="does not cover"):
        upload(None, jpeg_bytes(44), "a.jpg", contest=padang)
    stranger = make_user(Role.PPS, "13.02.04.2001")
    with pytest.raises(ApplicationError, match="assignee"):
        problem_create(actor=ppk, **problem_fields(assignee=stranger))
    problem = problem_create(actor=ppk, **problem_fields(contest=solok, assignee=ppk))
    assert (problem.contest, problem.assignee, problem.reported_by) == (solok, ppk, ppk)
    assert upload(ppk, jpeg_bytes(45), "b.jpg", contest=solok)[0].contest == solok


def test_unknown_fields_refused(ppk):
    with pytest.raises(ApplicationError, match="status"):
        problem_create(actor=ppk, status=Status.READY, **problem_fields())


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


# --- the audit history names the actor --------------------------------------------------------------


def test_history_names_the_actor_outside_requests(ppk, technical, legal):
    problem = problem_create(actor=ppk, **problem_fields())
    problem_update(actor=technical, problem=problem, title="Box opened early")
    problem_set_status(actor=ppk, problem=problem, status=Status.RESOLVED)
    history = list(problem.history.order_by("history_id"))
    assert [(h.history_type, h.history_user) for h in history] == [("+", ppk), ("~", technical), ("~", ppk)]
    assert [h.status for h in history] == [Status.NEW, Status.NEW, Status.RESOLVED]

    evidence, _ = upload(ppk, pdf_bytes("BA"), "ba.pdf", kind=EvidenceKind.BERITA_ACARA, problem=problem)
    evidence_verify(actor=technical, evidence=evidence, verified=False, reason="Not signed")
    evidence_set_certified(actor=legal, evidence=evidence, certified=True)
    rows = list(evidence.history.order_by("history_id"))
    assert rows[0].history_type == "+"
    assert {r.history_user for r in rows[:-2]} == {ppk}  # the insert, and the link to the problem
    assert (rows[-2].history_user, rows[-2].verification, rows[-2].history_change_reason) == (
        technical,
        Verification.REJECTED,
        "Not signed",
    )
    assert (rows[-1].history_user, rows[-1].certified_copy) == (legal, True)

    comment = comment_add(actor=technical, problem=problem, body="  Checked with the PPK.  ")
    assert comment.body == "Checked with the PPK."
    assert comment.history.get().history_user == technical


def test_system_actions_leave_history_without_a_user():
    problem = problem_create(actor=None, **problem_fields())
    assert problem.history.get().history_user is None
    assert problem.reported_by is None
