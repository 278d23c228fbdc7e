"""Inventory services on problems: the siap rule and the status flow, scoping (of problems and of the
evidence uploaded to them), and the audit history naming the actor."""

import pytest

from accounts.choices import Role
from core.errors import ApplicationError
from elections.choices import ContestType, ElectionKind
from elections.models import Contest, Election
from inventory.choices import STATUS_FLOW, EvidenceKind, Status, Verification
from inventory.models import Evidence, Problem
from inventory.services import (
    comment_add,
    evidence_link,
    evidence_set_certified,
    evidence_verify,
    problem_create,
    problem_set_status,
    problem_update,
)
from tests.inventory.factories import ProblemFactory, evidence_dir, jpeg_bytes, opened_by, pdf_bytes
from tests.inventory.service_helpers import (
    OTHER_TPS,
    TPS,
    TPS_2,
    files_in,
    in_english,
    legal,
    ppk,
    problem_fields,
    region,
    technical,
    upload,
)

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir", "in_english", "legal", "ppk", "technical"]


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
    evidence_verify(actor=technical, evidence=opened_by(evidence, technical), verified=False, reason="Wrong TPS")
    with pytest.raises(ApplicationError, match="verified"):  # rejected
        problem_set_status(actor=ppk, problem=problem, status=Status.READY)
    evidence_verify(actor=technical, evidence=opened_by(evidence, technical), verified=True)
    assert problem_set_status(actor=ppk, problem=problem, status=Status.READY).status == Status.READY
    problem.refresh_from_db()
    assert problem.status == Status.READY


def test_verified_evidence_of_another_problem_does_not_count(ppk, technical):
    problem = ProblemFactory(region_id=TPS, status=Status.RESOLVED)
    other = ProblemFactory(region_id=TPS)
    evidence, _ = upload(ppk, jpeg_bytes(31), "bukti.jpg", problem=other)
    evidence_verify(actor=technical, evidence=opened_by(evidence, technical), verified=True)
    with pytest.raises(ApplicationError, match="verified"):
        problem_set_status(actor=ppk, problem=problem, status=Status.READY)


def test_a_verified_version_that_was_corrected_does_not_count(ppk, technical):
    problem = ProblemFactory(region_id=TPS, status=Status.RESOLVED)
    old, _ = upload(ppk, jpeg_bytes(32), "bukti.jpg", problem=problem)
    evidence_verify(actor=technical, evidence=opened_by(old, technical), verified=True)
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
        photos.append(evidence_verify(actor=technical, evidence=opened_by(evidence, technical), verified=True))
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
    evidence_verify(actor=technical, evidence=opened_by(photo, technical), verified=False, reason="Wrong TPS")
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
    evidence_verify(actor=technical, evidence=opened_by(correction, technical), verified=True)
    assert problem_set_status(actor=ppk, problem=problem, status=Status.READY).status == Status.READY


def test_a_problem_with_another_verified_file_stays_siap(ppk, technical):
    problem, [first, second] = _siap(ppk, technical, 43, 44)
    before = problem.history.count()
    evidence_verify(actor=technical, evidence=opened_by(first, technical), verified=False, reason="Blurred")
    upload(ppk, jpeg_bytes(45), "bukti-44-v2.jpg", replaces=second)  # ... until the other one is corrected too
    problem.refresh_from_db()
    assert problem.status == Status.RESOLVED
    assert problem.history.count() == before + 1
    assert problem.history.order_by("-history_id").first().history_change_reason == (
        "no longer siap: evidence bukti-44.jpg replaced by an unverified correction"
    )

    problem, [first, second] = _siap(ppk, technical, 46, 47)
    before = problem.history.count()
    evidence_verify(actor=technical, evidence=opened_by(first, technical), verified=False, reason="Blurred")
    problem.refresh_from_db()
    assert problem.status == Status.READY
    assert problem.history.count() == before  # nothing written on the problem


def test_only_siap_problems_change_and_a_long_name_keeps_the_reason(ppk, technical):
    long_name = "C-hasil-" + "x" * 150 + ".jpg"
    photo, _ = upload(ppk, jpeg_bytes(48), long_name)
    evidence_verify(actor=technical, evidence=opened_by(photo, technical), verified=True)
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
        evidence_verify(actor=technical, evidence=opened_by(photo, technical), verified=False, reason=" ")
    problem.refresh_from_db()
    assert problem.status == Status.READY


def _verified_problem(ppk, technical, status):
    problem = ProblemFactory(region_id=TPS, status=status)
    evidence, _ = upload(ppk, jpeg_bytes(34), "bukti.jpg", problem=problem)
    evidence_verify(actor=technical, evidence=opened_by(evidence, technical), verified=True)
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
    with pytest.raises(ApplicationError) as refused:
        problem_create(actor=ppk, **problem_fields(assignee=stranger))
    assert refused.value.extra["assignee"]
    problem = problem_create(actor=ppk, **problem_fields(contest=solok, assignee=ppk))
    assert (problem.contest, problem.assignee, problem.reported_by) == (solok, ppk, ppk)
    assert upload(ppk, jpeg_bytes(45), "b.jpg", contest=solok)[0].contest == solok


def test_unknown_fields_refused(ppk):
    with pytest.raises(ApplicationError, match="status"):
        problem_create(actor=ppk, status=Status.READY, **problem_fields())


# --- the audit history names the actor --------------------------------------------------------------


def test_history_names_the_actor_outside_requests(ppk, technical, legal):
    problem = problem_create(actor=ppk, **problem_fields())
    problem_update(actor=technical, problem=problem, title="Box opened early")
    problem_set_status(actor=ppk, problem=problem, status=Status.RESOLVED)
    history = list(problem.history.order_by("history_id"))
    assert [(h.history_type, h.history_user) for h in history] == [("+", ppk), ("~", technical), ("~", ppk)]
    assert [h.status for h in history] == [Status.NEW, Status.NEW, Status.RESOLVED]

    evidence, _ = upload(ppk, pdf_bytes("BA"), "ba.pdf", kind=EvidenceKind.BERITA_ACARA, problem=problem)
    evidence_verify(actor=technical, evidence=opened_by(evidence, technical), verified=False, reason="Not signed")
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
