"""Writes to the problem inventory and its evidence. Each one is keyword-only, validated, scoped,
atomic, and leaves an entry in the audit history naming the actor (also outside web requests)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import DatabaseError, IntegrityError, InterfaceError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Action
from accounts.scoping import ensure_in_reach, reach_of
from core.audit import record_actor
from core.errors import ApplicationError, clean_or_raise, reject_unknown_fields
from files.inspect import FileFacts
from files.store import Stored, committed_or_discarded, put
from inventory.choices import STATUS_FLOW, Status, Verification
from inventory.evidence_files import inspect_upload
from inventory.models import Evidence, Problem, ProblemComment
from regions import tree

if TYPE_CHECKING:
    from accounts.models import User

log = logging.getLogger(__name__)

PROBLEM_FIELDS = frozenset(
    {
        "region",
        "contest",
        "stage",
        "category",
        "title",
        "description",
        "chronology",
        "source",
        "follow_up",
        "follow_up_notes",
        "bawaslu_reference",
        "affected_votes",
        "risk",
        "assignee",
        "occurred_at",
    }
)


def _check_contest(actor, contest, region_code: str) -> None:
    """The contest must be one the actor can see, and must cover the region."""
    if contest is None:
        return
    if actor is not None:
        from elections.selectors import contest_queryset

        if not contest_queryset(user=actor).filter(pk=contest.pk).exists():
            raise ApplicationError.for_field("contest", _("Unknown contest."))
    if not tree.within(region_code, contest.region_id):
        raise ApplicationError.for_field(
            "contest", _("This contest does not cover region %(code)s.") % {"code": region_code}
        )


def _check_refs(actor, problem: Problem) -> None:
    """The region must be in the actor's reach; contest and assignee must be ones they can see."""
    ensure_in_reach(actor, Action.EDIT_INVENTORY, problem.region_id)
    _check_contest(actor, problem.contest, problem.region_id)
    # `assignee is not None`: a name no active user has arrives as a stand-in that sees nothing
    # (accounts.selectors.person_named) and is refused in the same words.
    if problem.assignee is not None and not reach_of(problem.assignee, Action.VIEW).contains(problem.region_id):
        message = _("%(user)s is not an active user who can see this region.")
        raise ApplicationError.for_field("assignee", message % {"user": problem.assignee.get_username()})


@transaction.atomic
def problem_create(*, actor: User | None, **fields) -> Problem:
    reject_unknown_fields(fields, PROBLEM_FIELDS)
    problem = Problem(reported_by=actor, **fields)
    _check_refs(actor, problem)
    clean_or_raise(problem)
    record_actor(problem, actor)
    problem.save()
    return problem


class StaleEdit(ApplicationError):
    """The edit was based on an older version of the problem than the stored one: nothing was saved.
    `current` is the problem as stored now (the API answers 412 with its version)."""

    def __init__(self, current: Problem):
        message = _(
            "Someone else changed this problem after you opened it (it is now at version %(version)d): "
            "nothing was saved."
        ) % {"version": current.version}
        super().__init__(message, {"version": current.version}, status=412)
        self.current = current


def _save_problem(problem: Problem, fields, *, actor, reason: str | None = None) -> None:
    """Write the named fields and the next version, only over the version this instance was read at:
    the UPDATE's WHERE compares it, so a write based on anything older changes nothing and is refused."""
    read_at = problem.version
    if not Problem.objects.filter(pk=problem.pk, version=read_at).update(version=read_at + 1):
        raise StaleEdit(Problem.objects.get(pk=problem.pk))
    problem.version = read_at + 1
    record_actor(problem, actor, reason)
    problem.save(update_fields=[*fields, "version", "updated_at"])


def _differs(problem: Problem, name: str, value) -> bool:
    field = Problem._meta.get_field(name)
    if not field.is_relation:
        return getattr(problem, name) != value
    # By id, without loading the stored object; an unsaved stand-in (an unknown assignee) always
    # differs, so that _check_refs refuses it.
    return (value is not None and value.pk is None) or getattr(problem, field.attname) != getattr(value, "pk", None)


@transaction.atomic
def problem_update(*, actor: User | None, problem: Problem, version: int | None = None, **fields) -> Problem:
    """Change the given fields, and only those, on the problem as stored (not on the caller's instance,
    which may be older). `version`: the one the edit was based on (the form's hidden field, the API's
    If-Match); if the problem has moved on since, StaleEdit. Without it only the given fields are written,
    so another editor's change to the other fields stays."""
    reject_unknown_fields(fields, PROBLEM_FIELDS)
    # Locked: a concurrent edit waits here and then reads this one's result, instead of failing.
    stored = Problem.objects.select_for_update().get(pk=problem.pk)
    ensure_in_reach(actor, Action.EDIT_INVENTORY, stored.region_id)
    if version is not None and version != stored.version:
        raise StaleEdit(stored)
    changed = [name for name, value in fields.items() if _differs(stored, name, value)]
    for name in changed:
        setattr(stored, name, fields[name])
    _check_refs(actor, stored)  # the new region too: nobody moves a problem out of their reach
    clean_or_raise(stored)
    if changed:
        _save_problem(stored, changed, actor=actor)
    return stored


def ready_blockers(problem: Problem) -> list[str]:
    """Why the problem cannot be marked ready (siap); empty when it can. Only the current version of
    a piece of evidence counts: a verified file that has since been corrected proves nothing."""
    blockers = []
    if problem.status not in (Status.RESOLVED, Status.READY):
        blockers.append(_("It must be resolved (selesai) first."))
    if not problem.evidence.current().filter(verification=Verification.VERIFIED).exists():
        blockers.append(_("It needs at least one verified piece of evidence."))
    return blockers


# The audit reasons when a problem loses its siap status through its evidence (history, in English as
# the other automatic reasons; the name is shortened so that the reason fits its 100 characters).
REJECTED_REASON = "no longer siap: evidence %(name)s rejected"
REPLACED_REASON = "no longer siap: evidence %(name)s replaced by an unverified correction"


def _reason(template: str, name: str) -> str:
    room = 100 - len(template % {"name": ""})
    if len(name) > room:
        name = name[: room - 1] + "…"
    return template % {"name": name}


def _unready_unproven(problem_ids, *, actor, reason: str) -> list[Problem]:
    """The siap rule kept after the fact: a problem marked siap whose proof went away (its only verified
    evidence rejected, or corrected by a version not yet verified) goes back to resolved (selesai), in
    the caller's transaction, with the reason in its history. Problems that still have other verified
    current evidence stay siap."""
    dropped = []
    ready = Problem.objects.select_for_update().filter(pk__in=list(problem_ids), status=Status.READY).order_by("pk")
    for problem in ready:
        if not ready_blockers(problem):
            continue
        problem.status = Status.RESOLVED
        _save_problem(problem, ["status"], actor=actor, reason=reason)
        dropped.append(problem)
    return dropped


@transaction.atomic
def problem_set_status(*, actor: User | None, problem: Problem, status: str, version: int | None = None) -> Problem:
    """Move the problem along its flow. `version`: the one the change was based on (the API's If-Match,
    a phone's change queued offline); if the problem has moved on since, StaleEdit."""
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    ensure_in_reach(actor, Action.EDIT_INVENTORY, problem.region_id)
    if version is not None and version != problem.version:
        raise StaleEdit(problem)
    if status not in Status.values:
        raise ApplicationError.for_field("status", _("Unknown status: %(status)s.") % {"status": status})
    if status == problem.status:
        return problem
    if status == Status.READY:
        blockers = ready_blockers(problem)
        if blockers:
            message = _("The problem cannot be marked ready (siap) yet: %s") % " ".join(blockers)
            raise ApplicationError(message, {"status": blockers})
    if status not in STATUS_FLOW.get(problem.status, ()):
        raise ApplicationError.for_field(
            "status",
            _("A problem that is %(old)s cannot become %(new)s.")
            % {"old": Status(problem.status).label, "new": Status(status).label},
        )
    problem.status = status
    _save_problem(problem, ["status"], actor=actor)
    return problem


@transaction.atomic
def comment_add(*, actor: User | None, problem: Problem, body: str) -> ProblemComment:
    ensure_in_reach(actor, Action.VIEW, problem.region_id)
    comment = ProblemComment(problem=problem, author=actor, body=body.strip())
    clean_or_raise(comment)
    record_actor(comment, actor)
    comment.save()
    return comment


# --- evidence -------------------------------------------------------------------------------------


def _link(evidence: Evidence, problems, actor) -> None:
    if problems:
        record_actor(evidence, actor)
        evidence.problems.add(*problems)


def evidence_upload(
    *,
    actor: User | None,
    file,
    kind: str,
    region,
    contest=None,
    description: str = "",
    problem: Problem | None = None,
    replaces: Evidence | None = None,
    name: str | None = None,
) -> tuple[Evidence, bool]:
    """Store one evidence file. Returns (evidence, created): the same bytes already in this region
    come back as the existing evidence (linked to `problem` if given) instead of a second copy.

    The file is put in storage before its row is written, in a durable transaction; if that does not
    commit, the file is discarded again, so a refusal or a failed transaction leaves nothing behind.
    Durable: called inside a larger transaction, which could still roll back after the file was kept,
    it raises RuntimeError."""
    facts = _checked_upload(
        actor, file, kind=kind, name=name, region=region, contest=contest, problem=problem, replaces=replaces
    )
    existing = _stored_here(region, facts)
    if existing is not None:
        with transaction.atomic(durable=True):
            return _existing(existing, actor=actor, problem=problem, replaces=replaces, name=facts.name), False
    stored = _put(file, facts)
    try:
        with committed_or_discarded(stored):
            evidence = _insert(
                stored.name,
                facts,
                actor=actor,
                kind=kind,
                region=region,
                contest=contest,
                description=description,
                problem=problem,
                replaces=replaces,
            )
    except (IntegrityError, ApplicationError):
        # A concurrent upload of the same bytes here (or of a version of the same file) may have won the
        # race: its row either broke our insert or, committed a moment earlier, failed our validation as
        # "already exists". Either way the uploader gets what a later upload of the same file gets.
        existing = _race_winner(region, facts, replaces)
        if existing is None:
            raise
        return _existing(existing, actor=actor, problem=problem, replaces=replaces, name=facts.name), False
    except (DatabaseError, InterfaceError) as exc:
        raise _database_gone(facts, exc) from exc
    return evidence, True


def check_upload_target(actor, *, region, contest=None, problem=None, replaces=None) -> None:
    """Whether `actor` may upload evidence here: the region, problem and contest in reach and the version
    to correct still the current one. A resumable upload asks before its first byte is sent."""
    ensure_in_reach(actor, Action.UPLOAD_EVIDENCE, region.code)
    if problem is not None:
        ensure_in_reach(actor, Action.VIEW, problem.region_id, field="problem")
    _check_contest(actor, contest, region.code)
    if replaces is not None:
        ensure_in_reach(actor, Action.UPLOAD_EVIDENCE, replaces.region_id, field="replaces")
        _check_replaceable(replaces)


def _checked_upload(actor, file, *, kind: str, name, region, contest, problem, replaces) -> FileFacts:
    """The actor's reach, the contest and the version to correct, then what the file really is."""
    check_upload_target(actor, region=region, contest=contest, problem=problem, replaces=replaces)
    facts = inspect_upload(file, kind=kind, name=name or file.name)
    if replaces is not None and replaces.sha256 == facts.sha256:
        raise ApplicationError.for_field(
            "file", _("%(name)s is identical to the version it should correct.") % {"name": facts.name}
        )
    return facts


def _put(file, facts: FileFacts) -> Stored:
    try:
        return put(file, storage_key="evidence", sha256=facts.sha256, extension=facts.extension)
    except OSError as exc:
        # Disk full, storage not writable, the object store down: nothing was written, no row made.
        log.error("Evidence store refused %s: %s", facts.name, exc)
        message = _(
            "The evidence store cannot take %(name)s right now (full or not writable): nothing was saved. "
            "Try again later, and tell the administrator."
        ) % {"name": facts.name}
        raise ApplicationError(message, {"file": [message]}, status=503) from exc


def _insert(stored_name: str, facts: FileFacts, *, actor, kind, region, contest, description, problem, replaces):
    """The evidence row for stored bytes, linked to the problem(s), in the caller's transaction."""
    evidence = Evidence(
        file=stored_name,
        sha256=facts.sha256,
        size=facts.size,
        mime_type=facts.mime_type,
        original_name=facts.name,
        kind=kind,
        region=region,
        contest=contest,
        description=description.strip(),
        captured_at=facts.captured_at,
        uploaded_by=actor,
    )
    linked = [problem] if problem is not None else []
    if replaces is not None:
        replaces = Evidence.objects.select_for_update().get(pk=replaces.pk)
        _check_replaceable(replaces)
        evidence.replaces = replaces
        evidence.version = replaces.version + 1
        linked += list(replaces.problems.all())
    clean_or_raise(evidence)
    record_actor(evidence, actor)
    evidence.save()
    _link(evidence, linked, actor)
    if replaces is not None:  # the old version no longer counts, the new one is not verified yet
        reason = _reason(REPLACED_REASON, replaces.original_name)
        _unready_unproven((p.pk for p in linked), actor=actor, reason=reason)
    from inventory.tasks import evidence_preview

    # robust: a broker hiccup must not turn a stored upload into an error page.
    transaction.on_commit(lambda: evidence_preview.delay(evidence.pk), robust=True)
    return evidence


def _stored_here(region, facts: FileFacts) -> Evidence | None:
    """The evidence holding these bytes in this region, with what its answer shows, so that the answer
    needs no query once the link to it is committed."""
    return (
        Evidence.objects.select_related("uploaded_by", "verified_by", "replaced_by")
        .filter(region=region, sha256=facts.sha256)
        .first()
    )


def _race_winner(region, facts: FileFacts, replaces: Evidence | None) -> Evidence | None:
    """After an insert that was refused or broke a unique constraint: the same bytes stored here
    meanwhile, if that was it. If not and this was a correction, someone else corrected the same
    version first: say so."""
    existing = _stored_here(region, facts)
    if existing is None and replaces is not None:
        _check_replaceable(Evidence.objects.get(pk=replaces.pk))
    return existing


def _database_gone(facts: FileFacts, exc: DatabaseError | InterfaceError) -> ApplicationError:
    """The database went away mid-upload (a restart, a failover): the row was not written, so the bytes
    went too, and the caller is told to send the file again."""
    log.error("Database error while storing evidence %s: %s", facts.name, exc)
    if not connection.is_usable():
        connection.close()  # the next query of this request opens a fresh connection
    message = _("The database could not be reached while saving %(name)s: nothing was saved. Send it again.") % {
        "name": facts.name
    }
    return ApplicationError(message, {"file": [message]}, status=503)


def _check_replaceable(replaces: Evidence) -> None:
    if Evidence.objects.filter(replaces=replaces).exists():
        raise ApplicationError.for_field(
            "replaces", _("A newer version of this evidence already exists; correct that one.")
        )


def _existing(existing: Evidence, *, actor, problem, replaces, name: str) -> Evidence:
    if replaces is not None:
        raise ApplicationError.for_field(
            "file",
            _("%(name)s is identical to evidence already stored here (%(existing)s).")
            % {"name": name, "existing": existing.original_name},
        )
    if problem is not None:
        with transaction.atomic():
            _link(existing, [problem], actor)
    return existing


@transaction.atomic
def evidence_link(*, actor: User | None, evidence: Evidence, problem: Problem) -> None:
    ensure_in_reach(actor, Action.EDIT_INVENTORY, problem.region_id, field="problem")
    ensure_in_reach(actor, Action.VIEW, evidence.region_id, field="evidence")
    _link(evidence, [problem], actor)


@transaction.atomic
def evidence_verify(*, actor: User | None, evidence: Evidence, verified: bool, reason: str = "") -> Evidence:
    """Four eyes: a second person with the verify role accepts or rejects a piece of evidence."""
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    ensure_in_reach(actor, Action.VERIFY_EVIDENCE, evidence.region_id, field="evidence")
    if actor is not None and evidence.uploaded_by_id == actor.pk:
        raise ApplicationError.for_field("verification", _("Nobody verifies their own upload; ask a colleague."))
    if Evidence.objects.filter(replaces=evidence).exists():
        raise ApplicationError.for_field(
            "verification", _("This version has been corrected by a newer one; verify the newest version.")
        )
    # A court relies on the verification: it means someone looked at the file itself, not its thumbnail.
    if actor is not None and not evidence.downloads.filter(user=actor, intact=True).exists():
        raise ApplicationError.for_field(
            "verification", _("Open the file (in the viewer or as a download) before verifying or rejecting it.")
        )
    reason = reason.strip()
    if not verified and not reason:
        raise ApplicationError.for_field("reason", _("Say why the evidence is rejected."))
    evidence.verification = Verification.VERIFIED if verified else Verification.REJECTED
    evidence.rejection_reason = "" if verified else reason
    evidence.verified_by = actor
    evidence.verified_at = timezone.now()
    record_actor(evidence, actor, reason)
    evidence.save(update_fields=["verification", "rejection_reason", "verified_by", "verified_at"])
    if not verified:
        problem_ids = evidence.problems.values_list("pk", flat=True)
        _unready_unproven(problem_ids, actor=actor, reason=_reason(REJECTED_REASON, evidence.original_name))
    return evidence


@transaction.atomic
def evidence_set_certified(*, actor: User | None, evidence: Evidence, certified: bool) -> Evidence:
    """The legal division records whether a certified (dilegalisir) copy of the document exists."""
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    ensure_in_reach(actor, Action.MANAGE_CASES, evidence.region_id, field="evidence")
    evidence.certified_copy = certified
    record_actor(evidence, actor)
    evidence.save(update_fields=["certified_copy"])
    return evidence


@transaction.atomic
def category_create(*, actor: User | None, slug: str, name: str, description: str = "", position: int = 100):
    """Categories are national reference data: only a superuser (or the system) adds one."""
    from inventory.models import Category

    if actor is not None and not actor.is_superuser:
        raise ApplicationError(_("Only an administrator adds problem categories."))
    category = Category(slug=slug, name=name, description=description, position=position)
    clean_or_raise(category)
    record_actor(category, actor)
    category.save()
    return category
