"""Writes to task teams and activities. Each one is keyword-only, validated, atomic, needs the
manage-team action on the office (national reach for KPU RI), and names the actor in the history.

Files (the SK scan, minutes, photos) are stored like evidence: sniffed by `inspect_upload`, stored
under their SHA-256 in the evidence storage (files.store), never changed; the bytes are written before
the row, in a durable transaction, and taken back out if the row is not committed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Action
from accounts.scoping import ensure_in_reach, live_grants
from core.audit import record_actor
from core.errors import ApplicationError, clean_or_raise, reject_unknown_fields
from files.inspect import FileFacts
from files.store import Stored, committed_or_discarded, put
from inventory.choices import EvidenceKind
from inventory.evidence_files import inspect_upload
from inventory.models import Problem
from regions import tree
from regions.choices import Level
from teams.choices import ActivityFileKind, TeamStatus
from teams.models import Activity, ActivityFile, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember

if TYPE_CHECKING:
    from accounts.models import User

TEAM_FIELDS = frozenset({"name", "sk_number", "sk_date", "period_start", "period_end"})
MEMBER_FIELDS = frozenset({"user", "name", "institution", "email", "phone", "position", "division"})
ACTIVITY_FIELDS = frozenset(
    {
        "election",
        "kind",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "with_bawaslu",
        "with_police",
        "with_prosecutors",
        "other_stakeholders",
        "outside_attendees",
        "agenda",
        "outcome",
    }
)
# The evidence rules each activity file kind is checked against.
FILE_EVIDENCE_KIND = {
    ActivityFileKind.MINUTES: EvidenceKind.BERITA_ACARA,
    ActivityFileKind.PHOTO: EvidenceKind.PHOTO,
    ActivityFileKind.ATTENDANCE: EvidenceKind.BERITA_ACARA,
    ActivityFileKind.OTHER: EvidenceKind.OTHER,
}
BODY_LEVELS = frozenset({Level.DISTRICT, Level.VILLAGE})


def _ensure_manage(actor, office_code: str | None, field: str = "office") -> None:
    ensure_in_reach(actor, Action.MANAGE_TEAM, office_code, field=field)


def _save(instance, actor, **kwargs) -> None:
    clean_or_raise(instance)
    record_actor(instance, actor)
    instance.save(**kwargs)


# --- files ----------------------------------------------------------------------------------------


def _put(file, facts: FileFacts) -> Stored:
    return put(file, storage_key="evidence", sha256=facts.sha256, extension=facts.extension)


# --- teams ----------------------------------------------------------------------------------------


@transaction.atomic
def team_create(*, actor: User | None, office, election, name: str, **fields) -> TaskTeam:
    """A new team starts as a draft; it becomes active once its SK is recorded (`team_activate`)."""
    reject_unknown_fields(fields, TEAM_FIELDS)
    _ensure_manage(actor, office.code if office is not None else None)
    if TaskTeam.objects.filter(office=office, election=election).exclude(status=TeamStatus.ENDED).exists():
        raise ApplicationError.for_field(
            "election", _("This office already has a team for this election; end it first.")
        )
    team = TaskTeam(office=office, election=election, name=name.strip(), **fields)
    _save(team, actor)
    return team


@transaction.atomic
def team_update(*, actor: User | None, team: TaskTeam, **fields) -> TaskTeam:
    """Name, SK number and date, period. The office and election of a team never change."""
    reject_unknown_fields(fields, TEAM_FIELDS)
    team = TaskTeam.objects.select_for_update().get(pk=team.pk)
    _ensure_manage(actor, team.office_id)
    if team.status == TeamStatus.ENDED:
        raise ApplicationError.for_field("status", _("An ended team is kept as it was."))
    for field, value in fields.items():
        setattr(team, field, value.strip() if isinstance(value, str) else value)
    if team.status == TeamStatus.ACTIVE:
        _require_sk(team)
    _save(team, actor)
    return team


def _require_sk(team: TaskTeam) -> None:
    missing = {}
    if not team.sk_number.strip():
        missing["sk_number"] = [_("An active team needs the SK number.")]
    if team.sk_date is None:
        missing["sk_date"] = [_("An active team needs the SK date.")]
    if not team.sk_file:
        missing["sk_file"] = [_("An active team needs the scan of its SK.")]
    if missing:
        raise ApplicationError(_("The team cannot be active without its SK."), missing)


@transaction.atomic
def team_activate(*, actor: User | None, team: TaskTeam) -> TaskTeam:
    """The SK is in force: number, date and scan are required."""
    team = TaskTeam.objects.select_for_update().get(pk=team.pk)
    _ensure_manage(actor, team.office_id)
    if team.status == TeamStatus.ENDED:
        raise ApplicationError.for_field("status", _("An ended team cannot be activated again; form a new one."))
    _require_sk(team)
    team.status = TeamStatus.ACTIVE
    _save(team, actor)
    return team


@transaction.atomic
def team_end(*, actor: User | None, team: TaskTeam) -> TaskTeam:
    team = TaskTeam.objects.select_for_update().get(pk=team.pk)
    _ensure_manage(actor, team.office_id)
    team.status = TeamStatus.ENDED
    if team.period_end is None:
        team.period_end = timezone.localdate()
        if team.period_start and team.period_start > team.period_end:
            team.period_end = team.period_start
    _save(team, actor)
    return team


def team_sk_upload(*, actor: User | None, team: TaskTeam, file, name: str | None = None) -> TaskTeam:
    """Store the SK scan (PDF or image, checked like a decree) and point the team at it. Replacing it
    points at the new file; the old one stays in storage and in the team's history. Durable: called
    inside a larger transaction, which could still roll back after the scan was kept, it raises
    RuntimeError."""
    facts, stored = _sk_put(actor, team, file, name)
    with committed_or_discarded(stored):
        return team if stored is None else _sk_record(actor, team, facts, stored)


def team_save(
    *,
    actor: User | None,
    team: TaskTeam | None = None,
    office=None,
    election=None,
    sk_file=None,
    activate: bool = False,
    **fields,
) -> TaskTeam:
    """Form a team (`team` None: in `office`, for `election`) or update one, store a new SK scan and
    activate the team, as one form asks: all or nothing. A refusal at any step (a scan that is no
    decree, an activation without the SK number) leaves neither half a team nor a scan no team points
    at. Durable, like `team_sk_upload`."""
    with committed_or_discarded() as written:
        if team is None:
            team = team_create(actor=actor, office=office, election=election, **fields)
        else:
            team = team_update(actor=actor, team=team, **fields)
        if sk_file:
            facts, stored = _sk_put(actor, team, sk_file, None)
            if stored is not None:
                written.append(stored)
                team = _sk_record(actor, team, facts, stored)
        if activate and team.status != TeamStatus.ACTIVE:
            team = team_activate(actor=actor, team=team)
    return team


def _sk_put(actor, team: TaskTeam, file, name: str | None) -> tuple[FileFacts, Stored | None]:
    """Check the scan and store its bytes; None instead of the stored file when the team already
    points at these very bytes."""
    _ensure_manage(actor, team.office_id)
    if team.status == TeamStatus.ENDED:
        raise ApplicationError.for_field("sk_file", _("An ended team is kept as it was."))
    facts = inspect_upload(file, kind=EvidenceKind.DECREE, name=name or file.name)
    if team.sk_sha256 == facts.sha256:
        return facts, None
    return facts, _put(file, facts)


def _sk_record(actor, team: TaskTeam, facts: FileFacts, stored: Stored) -> TaskTeam:
    team = TaskTeam.objects.select_for_update().get(pk=team.pk)
    _ensure_manage(actor, team.office_id)
    team.sk_file = stored.name
    team.sk_sha256 = facts.sha256
    team.sk_size = facts.size
    team.sk_mime_type = facts.mime_type
    team.sk_original_name = facts.name
    team.sk_uploaded_at = timezone.now()
    team.sk_uploaded_by = actor
    _save(team, actor)
    return team


# --- members --------------------------------------------------------------------------------------


def _clean_member_fields(fields: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def _ensure_assigned_under(person, office_code: str | None, field: str) -> None:
    """A user on a team (or given its work) holds a live assignment at or under the office's region (any,
    for KPU RI): they then see the office's pages and get its notices. Whoever does not, an unknown name
    (accounts.selectors.person_named's stand-in, never saved) included, is refused in one message that
    names no one: the answer tells no username apart and gives back no one's name."""
    if person.pk is None or not any(tree.within(code, office_code) for code, _role in live_grants(person)):
        message = _("Only an active user with a live assignment in this office's area can work on its team.")
        raise ApplicationError.for_field(field, message)


@transaction.atomic
def member_add(*, actor: User | None, team: TaskTeam, **fields) -> TeamMember:
    """A user of the system (`user`) or an outside person (`name`, `institution`, contact)."""
    reject_unknown_fields(fields, MEMBER_FIELDS)
    _ensure_manage(actor, team.office_id, field="team")
    if team.status == TeamStatus.ENDED:
        raise ApplicationError.for_field("team", _("An ended team is kept as it was."))
    if fields.get("user") is not None:
        _ensure_assigned_under(fields["user"], team.office_id, "user")
    member = TeamMember(team=team, **_clean_member_fields(fields))
    if member.user_id and team.members.filter(user_id=member.user_id, active=True).exists():
        raise ApplicationError.for_field("user", _("This person is already on the team."))
    _save(member, actor)
    return member


@transaction.atomic
def member_update(*, actor: User | None, member: TeamMember, **fields) -> TeamMember:
    reject_unknown_fields(fields, MEMBER_FIELDS - {"user"})
    member = TeamMember.objects.select_for_update().select_related("team").get(pk=member.pk)
    _ensure_manage(actor, member.team.office_id, field="team")
    for field, value in _clean_member_fields(fields).items():
        setattr(member, field, value)
    _save(member, actor)
    return member


@transaction.atomic
def member_remove(*, actor: User | None, member: TeamMember) -> TeamMember:
    """Members leave the team but stay on record (the roster's history, past activities)."""
    member = TeamMember.objects.select_for_update().select_related("team").get(pk=member.pk)
    _ensure_manage(actor, member.team.office_id, field="team")
    member.active = False
    _save(member, actor)
    return member


# --- assignments ----------------------------------------------------------------------------------


@transaction.atomic
def assignment_create(
    *,
    actor: User | None,
    member: TeamMember,
    region=None,
    problem: Problem | None = None,
    claim=None,
    notes: str = "",
    due_date=None,
) -> MemberAssignment:
    """Give a member a region to cover, a problem to handle and/or a claim (dalil) to answer, inside the
    team's office area."""
    office = member.team.office_id
    _ensure_manage(actor, office, field="member")
    if not member.active:
        raise ApplicationError.for_field("member", _("This person has left the team."))
    if member.user_id is not None:
        _ensure_assigned_under(member.user, office, "member")
    if problem is not None:
        ensure_in_reach(actor, Action.VIEW, problem.region_id, field="problem")
    if claim is not None:
        from cases.models import Claim

        if not Claim.objects.visible_to(actor, Action.VIEW).filter(pk=claim.pk).exists() and actor is not None:
            raise ApplicationError.for_field("claim", _("Unknown claim."))
    assignment = MemberAssignment(
        member=member,
        region=region,
        problem=problem,
        claim=claim,
        notes=notes.strip(),
        due_date=due_date,
        created_by=actor,
    )
    _save(assignment, actor)
    return assignment


@transaction.atomic
def assignment_complete(*, actor: User | None, assignment: MemberAssignment, done: bool = True) -> MemberAssignment:
    assignment = MemberAssignment.objects.select_for_update().select_related("member__team").get(pk=assignment.pk)
    _ensure_manage(actor, assignment.member.team.office_id, field="assignment")
    assignment.done = done
    assignment.done_at = timezone.now() if done else None
    _save(assignment, actor)
    return assignment


# --- activities -----------------------------------------------------------------------------------


def _check_people(office_code: str | None, bodies, attendees) -> None:
    for region in bodies:
        if region.level not in BODY_LEVELS or not tree.within(region.code, office_code):
            raise ApplicationError.for_field(
                "bodies",
                _("%(region)s is not a kecamatan or desa/kelurahan of this office.") % {"region": region},
            )
    for member in attendees:
        if member.team.office_id != office_code:
            raise ApplicationError.for_field(
                "attendees", _("%(member)s is not on a team of this office.") % {"member": member}
            )


@transaction.atomic
def activity_create(*, actor: User | None, office, bodies=(), attendees=(), **fields) -> Activity:
    reject_unknown_fields(fields, ACTIVITY_FIELDS)
    office_code = office.code if office is not None else None
    _ensure_manage(actor, office_code)
    bodies, attendees = list(bodies), list(attendees)
    _check_people(office_code, bodies, attendees)
    activity = Activity(office=office, created_by=actor, **_clean_member_fields(fields))
    _save(activity, actor)
    activity.bodies.set(bodies)
    activity.attendees.set(attendees)
    return activity


@transaction.atomic
def activity_update(*, actor: User | None, activity: Activity, bodies=None, attendees=None, **fields) -> Activity:
    """Change what happened; `bodies`/`attendees` replace the lists when given. The office is fixed."""
    reject_unknown_fields(fields, ACTIVITY_FIELDS)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _ensure_manage(actor, activity.office_id)
    _check_people(activity.office_id, bodies or [], attendees or [])
    for field, value in _clean_member_fields(fields).items():
        setattr(activity, field, value)
    _save(activity, actor)
    if bodies is not None:
        activity.bodies.set(list(bodies))
    if attendees is not None:
        activity.attendees.set(list(attendees))
    return activity


@transaction.atomic
def followup_add(
    *, actor: User | None, activity: Activity, description: str, owner: TeamMember | None = None, due_date=None
) -> ActivityFollowUp:
    _ensure_manage(actor, activity.office_id, field="activity")
    follow_up = ActivityFollowUp(activity=activity, description=description.strip(), owner=owner, due_date=due_date)
    _save(follow_up, actor)
    return follow_up


@transaction.atomic
def followup_complete(*, actor: User | None, follow_up: ActivityFollowUp, done: bool = True) -> ActivityFollowUp:
    follow_up = ActivityFollowUp.objects.select_for_update().select_related("activity").get(pk=follow_up.pk)
    _ensure_manage(actor, follow_up.activity.office_id, field="follow_up")
    follow_up.done = done
    follow_up.done_at = timezone.now() if done else None
    _save(follow_up, actor)
    return follow_up


def activity_file_upload(
    *, actor: User | None, activity: Activity, file, kind: str, name: str | None = None
) -> tuple[ActivityFile, bool]:
    """Store minutes, a photo or an attendance list of an activity. Returns (file, created): the same
    bytes already attached to this activity come back instead of a second copy. Durable, like
    `team_sk_upload`."""
    _ensure_manage(actor, activity.office_id, field="activity")
    if kind not in ActivityFileKind.values:
        raise ApplicationError.for_field("kind", _("Unknown kind of file: %(kind)s.") % {"kind": kind})
    facts = inspect_upload(file, kind=FILE_EVIDENCE_KIND[kind], name=name or file.name)
    existing = ActivityFile.objects.filter(activity=activity, sha256=facts.sha256).first()
    stored = None if existing is not None else _put(file, facts)
    with committed_or_discarded(stored):
        if existing is not None:
            return existing, False
        record = ActivityFile(
            activity=activity,
            kind=kind,
            file=stored.name,
            sha256=facts.sha256,
            size=facts.size,
            mime_type=facts.mime_type,
            original_name=facts.name,
            uploaded_by=actor,
        )
        _save(record, actor)
    return record, True
