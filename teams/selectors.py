"""Read queries on teams and activities, shared by pages, the API and the exports; and the two
derived views of an office: its readiness checklist and its team's workload. Both run a fixed number
of queries whatever the amount of data, and count only what the user may see."""

import datetime
from dataclasses import asdict, dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Action
from accounts.scoping import reach_of
from core.dates import format_day
from elections.choices import Stage
from elections.models import Election
from inventory.choices import Status
from inventory.models import Problem
from regions import tree
from regions.choices import Level
from regions.models import Region
from teams.choices import OUTREACH_KINDS, POSITION_ORDER, ActivityKind, TeamStatus
from teams.filters import ActivityFilter
from teams.formed import formed_q, live_teams
from teams.from_below import seen_from_below
from teams.models import OFFICE_LEVELS, Activity, ActivityFile, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember

# --- querysets ------------------------------------------------------------------------------------


def team_detail_queryset(*, user, action: str = Action.VIEW):
    """Teams in reach, one at a time: with the office, election and SK uploader their pages show."""
    return TaskTeam.objects.visible_to(user, action).select_related("office", "election", "sk_uploaded_by")


def team_queryset(*, user, action: str = Action.VIEW):
    return (
        team_detail_queryset(user=user, action=action)
        .annotate(member_count=Count("members", filter=Q(members__active=True), distinct=True))
        .order_by("office_id", "-created_at", "-id")
    )


def member_queryset(*, user, action: str = Action.VIEW):
    return TeamMember.objects.visible_to(user, action).select_related("team__office", "team__election", "user")


def assignment_queryset(*, user, action: str = Action.VIEW):
    return MemberAssignment.objects.visible_to(user, action).select_related(
        "member__team__office", "member__user", "region", "problem", "created_by"
    )


def activity_detail_queryset(*, user, action: str = Action.VIEW):
    """Activities in reach, one at a time: with the office, election and author their pages show."""
    return Activity.objects.visible_to(user, action).select_related("office", "election", "created_by")


def activity_queryset(*, user, action: str = Action.VIEW):
    return (
        activity_detail_queryset(user=user, action=action)
        .prefetch_related(
            Prefetch("bodies", queryset=Region.objects.order_by("code")),
            Prefetch("attendees", queryset=TeamMember.objects.select_related("user").order_by("id")),
        )
        .order_by("-starts_at", "-id")
    )


def activity_list(*, user, filters: dict):
    """Filtered activities in reach; invalid filter values are ignored here (the API validates first)."""
    filterset = ActivityFilter(filters or None, queryset=activity_queryset(user=user))
    return filterset.qs if filterset.is_valid() else filterset.queryset


def followup_queryset(*, user, action: str = Action.VIEW):
    return ActivityFollowUp.objects.visible_to(user, action).select_related("activity__office", "owner__user")


def activity_file_queryset(*, user, action: str = Action.VIEW):
    return ActivityFile.objects.visible_to(user, action).select_related("activity", "uploaded_by")


def roster(*, team: TaskTeam):
    """The current members of a team in the order of the SK (position, then name)."""
    members = list(team.members.filter(active=True).select_related("user"))
    return sorted(members, key=lambda m: (POSITION_ORDER.get(m.position, 99), m.display_name.lower(), m.pk))


def member_work(*, user, member: TeamMember) -> dict:
    """A member's open work: assignments and follow-ups not done yet, soonest due first."""
    return {
        "assignments": list(
            assignment_queryset(user=user).filter(member=member, done=False).order_by("due_date", "id")
        ),
        "follow_ups": list(
            followup_queryset(user=user)
            .filter(owner=member, done=False)
            .select_related("activity")
            .order_by("due_date", "id")
        ),
    }


def user_open_work(*, user, person) -> list[dict]:
    """Everything open for one user across the teams they sit on (visible to `user`)."""
    members = member_queryset(user=user).filter(user=person, active=True)
    return [{"member": m, **member_work(user=user, member=m)} for m in members]


# --- pages ----------------------------------------------------------------------------------------


def by_position(members) -> list[TeamMember]:
    """Members in the order of the SK: by position, then in the order they joined."""
    return sorted(members, key=lambda m: (POSITION_ORDER.get(m.position, 99), m.pk))


def office_queryset(*, user, action: str = Action.VIEW):
    """KPU offices (provinces and regencies/cities) in the user's reach for `action`."""
    return Region.objects.visible_to(user, action).filter(level__in=OFFICE_LEVELS)


def find_office(*, user, code: str, action: str = Action.VIEW) -> Region | None:
    return office_queryset(user=user, action=action).filter(code=code).first()


def assigned_offices(*, user):
    """The KPU offices among the regions the user is assigned to; none for national reach, which
    opens every office."""
    reach = reach_of(user, Action.VIEW)
    if reach.everything:
        return []
    return Region.objects.filter(level__in=OFFICE_LEVELS, code__in=reach.prefixes).order_by("code")


def _with_member_count(teams):
    return teams.annotate(member_count=Count("members", filter=Q(members__active=True)))


def team_list(*, user):
    """Teams in reach (and those of the offices above), with their active members counted, by office."""
    return _with_member_count(team_detail_queryset(user=user)).order_by("office_id", "-created_at")


def office_teams(*, user, office: Region) -> list[TaskTeam]:
    """The teams of one office, live before ended, newest first."""
    teams = _with_member_count(team_detail_queryset(user=user).filter(office=office))
    return list(teams.order_by("status", "-created_at"))


def live_team(*, user, office: Region | None) -> TaskTeam | None:
    """The office's newest team that has not ended."""
    teams = TaskTeam.objects.visible_to(user).filter(office=office).exclude(status=TeamStatus.ENDED)
    return teams.order_by("-created_at").first()


def office_agenda(*, user, office: Region, now, limit: int) -> tuple[list[Activity], list[Activity]]:
    """The next `limit` activities of an office, soonest first, and the last `limit`, latest first."""
    activities = activity_detail_queryset(user=user).filter(office=office)
    upcoming = list(activities.filter(starts_at__gte=now).order_by("starts_at")[:limit])
    recent = list(activities.filter(starts_at__lt=now).order_by("-starts_at")[:limit])
    return upcoming, recent


def office_open_followups(*, user, office: Region, limit: int) -> list[ActivityFollowUp]:
    """Open follow-ups of the office's activities, soonest due first."""
    follow_ups = (
        ActivityFollowUp.objects.visible_to(user)
        .open()
        .filter(activity__office=office)
        .select_related("activity", "owner__user")
        .order_by("due_date", "id")
    )
    return list(follow_ups[:limit])


def office_districts(*, user, office: Region):
    """The kecamatan of an office, each with the number of the office's activities its PPK took part in."""
    return (
        Region.objects.visible_to(user)
        .filter(parent=office)
        .annotate(
            activity_count=Count("activities_involved", filter=Q(activities_involved__office=office), distinct=True)
        )
        .order_by("code")
    )


def district_codes(*, user, office: Region, codes) -> set[str]:
    """Which of `codes` are kecamatan of the office."""
    regions = Region.objects.visible_to(user).filter(parent=office, code__in=codes)
    return set(regions.values_list("code", flat=True))


def team_members(*, user, team: TaskTeam) -> list[TeamMember]:
    """Everyone the team has had, current and former, in the order of the SK."""
    return by_position(TeamMember.objects.visible_to(user).filter(team=team).select_related("user"))


def team_open_assignments(*, user, team: TaskTeam, limit: int) -> list[MemberAssignment]:
    """Open assignments of the team's members, soonest due first."""
    assignments = (
        MemberAssignment.objects.visible_to(user)
        .open()
        .filter(member__team=team)
        .select_related("member__user", "region", "problem")
        .order_by("due_date", "id")
    )
    return list(assignments[:limit])


def roster_rows(*, user, team: TaskTeam):
    """The current members of a team with their open assignments counted: the roster export."""
    return (
        TeamMember.objects.visible_to(user)
        .current()
        .filter(team=team)
        .select_related("user")
        .annotate(open_assignments=Count("assignments", filter=Q(assignments__done=False)))
    )


def member_problems(*, user, member: TeamMember, limit: int) -> list[Problem]:
    """Unfinished inventory problems assigned to the member's account, newest first."""
    if not member.user_id:
        return []
    problems = (
        Problem.objects.visible_to(user)
        .filter(assignee_id=member.user_id)
        .exclude(status__in=[Status.RESOLVED, Status.READY])
        .select_related("region")
        .order_by("-created_at")
    )
    return list(problems[:limit])


def office_activities(*, user, office: Region, filters: dict):
    """The activities of an office, narrowed by kind, kecamatan (any body inside it) and period."""
    activities = Activity.objects.visible_to(user).filter(office=office)
    if filters.get("kind"):
        activities = activities.filter(kind=filters["kind"])
    if filters.get("kecamatan"):
        bodies = Activity.bodies.through.objects.filter(tree.subtree_q(filters["kecamatan"], "region__code"))
        activities = activities.filter(pk__in=bodies.values("activity_id"))
    if filters.get("since"):
        activities = activities.filter(starts_at__date__gte=filters["since"])
    if filters.get("until"):
        activities = activities.filter(starts_at__date__lte=filters["until"])
    return activities


def activity_agenda(*, user, office: Region, filters: dict):
    """The office's activities as an agenda, newest first, with what each line counts."""
    return (
        office_activities(user=user, office=office, filters=filters)
        .select_related("office")
        .annotate(
            body_count=Count("bodies", distinct=True),
            open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done=False), distinct=True),
            file_count=Count("files", distinct=True),
        )
        .order_by("-starts_at", "-id")
    )


def activity_export_rows(*, user, office: Region, filters: dict):
    """The office's activities for the spreadsheet, oldest first, with bodies and attendees."""
    return (
        office_activities(user=user, office=office, filters=filters)
        .annotate(
            open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done=False), distinct=True),
            file_count=Count("files", distinct=True),
        )
        .prefetch_related(
            Prefetch("bodies", queryset=Region.objects.order_by("code")),
            Prefetch("attendees", queryset=TeamMember.objects.select_related("user").order_by("id")),
        )
        .order_by("starts_at", "id")
    )


def activity_parts(*, user, activity: Activity) -> dict:
    """What an activity's page lists, read through the activity the caller fetched in reach. A PPK who
    sees its KPU Kabupaten's rakor from below (it took part) sees the bodies in its own reach only."""
    bodies = activity.bodies.order_by("code")
    if seen_from_below(user=user, office_code=activity.office_id):
        bodies = bodies.filter(reach_of(user, Action.VIEW).q("code"))
    return {
        "bodies": bodies,
        "attendees": by_position(activity.attendees.select_related("user")),
        "follow_ups": activity.follow_ups.select_related("owner__user"),
        "files": activity.files.select_related("uploaded_by"),
    }


# --- office helpers -------------------------------------------------------------------------------


def _districts(office_code: str | None):
    return Region.objects.filter(tree.subtree_q(office_code), level=Level.DISTRICT).order_by("code")


def _office_filter(lookup: str, office_code: str | None) -> Q:
    return Q(**{f"{lookup}__isnull": True}) if office_code is None else Q(**{lookup: office_code})


# --- workload -------------------------------------------------------------------------------------


def team_workload(*, user, team: TaskTeam, sample: int = 50) -> dict:
    """Open and overdue assignments per current member; problems of the area nobody is assigned to;
    kecamatan no open assignment covers. Five queries. Seen from below, all of it within the viewer's
    reach: the assignments counted, the problems and the kecamatan listed."""
    today = timezone.localdate()
    office = team.office_id
    open_q = Q(assignments__done=False)
    districts = _districts(office)
    if seen_from_below(user=user, office_code=office):
        open_q &= Q(assignments__in=MemberAssignment.objects.visible_to(user).values("pk"))
        districts = districts.filter(reach_of(user, Action.VIEW).q("code"))
    members = (
        TeamMember.objects.visible_to(user)
        .filter(team=team, active=True)
        .select_related("user")
        .annotate(
            open_count=Count("assignments", filter=open_q),
            overdue_count=Count("assignments", filter=open_q & Q(assignments__due_date__lt=today)),
        )
        .order_by("id")
    )
    unassigned = unassigned_problems(user=user, office_code=office)
    covered = set(
        MemberAssignment.objects.visible_to(user)
        .filter(member__team=team, member__active=True, done=False, region__isnull=False)
        .values_list("region_id", flat=True)
    )
    missing = [d for d in districts if not any(tree.within(c, d.code) or tree.within(d.code, c) for c in covered)]
    return {
        "members": list(members),
        "unassigned_problem_count": unassigned.count(),
        "unassigned_problems": list(unassigned.select_related("region")[:sample]),
        "uncovered_districts": missing,
    }


def unassigned_problems(*, user, office_code: str | None):
    """Open problems in the office's area nobody handles (Problem.objects.unassigned_open, the
    dashboard's definition too)."""
    return (
        Problem.objects.visible_to(user)
        .filter(tree.subtree_q(office_code, "region__code"))
        .unassigned_open()
        .order_by("-created_at", "-id")
    )


# --- readiness ------------------------------------------------------------------------------------


@dataclass
class Check:
    """One line of the readiness checklist. `targets` say what is missing, for links: each has a
    `type` (team, stage, region, follow_up, problem) and the key to build a link from."""

    key: str
    label: str
    ok: bool
    detail: str = ""
    count: int = 0
    targets: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


# Days after voting day from which a stage counts as having taken place. Stages before voting day
# (DPT, logistics) are judged from voting day on, when they are certainly over; the recapitulation
# stages follow the usual schedule (PPK from the day after, then kabupaten/kota, province, national).
STAGE_START = {
    Stage.DPT: 0,
    Stage.LOGISTIK: 0,
    Stage.PEMUNGUTAN: 0,
    Stage.PENGHITUNGAN: 0,
    Stage.REKAP_PPK: 1,
    Stage.REKAP_KABKO: 7,
    Stage.REKAP_PROVINSI: 14,
    Stage.REKAP_NASIONAL: 21,
    Stage.PENETAPAN: 35,
}
# Recapitulation stages above an office are not its business.
STAGES_ABOVE = {
    Level.REGENCY: {Stage.REKAP_PROVINSI, Stage.REKAP_NASIONAL},
    Level.PROVINCE: {Stage.REKAP_NASIONAL},
}
SAMPLE = 50


def stages_taken_place(election: Election | None, office_level: str | None, today: datetime.date) -> list[str]:
    """The stages of `election` that have taken place by `today` for an office at `office_level`."""
    if election is None:
        return []
    skip = STAGES_ABOVE.get(office_level, set())
    return [
        stage
        for stage in Stage.values
        if stage not in skip and election.voting_date + datetime.timedelta(days=STAGE_START[stage]) <= today
    ]


def readiness_election(*, office_code: str | None, election: Election | None = None) -> Election | None:
    """The election the checklist is about: the one asked for, else that of the office's live team,
    else the latest election whose voting day has come, else the next one."""
    if election is not None:
        return election
    team = live_teams().filter(_office_filter("office", office_code)).select_related("election").first()
    if team is not None:
        return team.election
    today = timezone.localdate()
    return (
        Election.objects.filter(voting_date__lte=today).order_by("-voting_date").first()
        or Election.objects.order_by("voting_date").first()
    )


def office_readiness(*, user, office_region: Region | None, election: Election | None = None) -> list[Check]:
    """The readiness checklist of one office, derived from the data (nothing is ticked by hand).

    Caller checks that the office is one the user may look at; every count here is scoped to what the
    user can see. About ten queries, the same for 2 or 2,000 activities."""
    office = office_region.code if office_region is not None else None
    level = office_region.level if office_region is not None else None
    today = timezone.localdate()
    now = timezone.now()
    election = readiness_election(office_code=office, election=election)
    activities = Activity.objects.visible_to(user).filter(Q(election__isnull=True) | Q(election=election))
    checks = [_check_team(user, office, election, today)]
    checks.append(_check_stages(user, office, level, election, today))
    checks.append(_check_outreach(user, office, activities, now))
    checks.extend(_check_meetings(office, activities, now))
    checks.append(_check_followups(user, office, today))
    checks.append(_check_unassigned(user, office))
    return checks


def readiness_report(*, user, office_region: Region | None, election: Election | None = None) -> dict:
    """The checklist with the election it is about and whether every check passes."""
    office = office_region.code if office_region is not None else None
    election = readiness_election(office_code=office, election=election)
    checks = office_readiness(user=user, office_region=office_region, election=election)
    return {"election": election, "checks": checks, "ready": all(c.ok for c in checks)}


def _check_team(user, office, election, today) -> Check:
    teams = list(
        TaskTeam.objects.visible_to(user)
        .filter(_office_filter("office", office), election=election)
        .exclude(status=TeamStatus.ENDED)
        .annotate(formed=ExpressionWrapper(formed_q(today), output_field=BooleanField()))
        .order_by("-created_at")
    )
    label = _("Team formed by an active SK")
    for team in teams:
        if team.formed:
            detail = _("SK %(number)s of %(date)s") % {"number": team.sk_number, "date": format_day(team.sk_date)}
            return Check("team", label, True, detail, 1, [{"type": "team", "id": team.pk, "label": team.name}])
    if not teams:
        return Check("team", label, False, _("No task team has been formed for this election."))
    team = teams[0]
    if team.status != TeamStatus.ACTIVE:
        detail = _("The team is still a draft: record the SK number, date and scan, then activate it.")
    elif not team.sk_file:
        detail = _("The SK scan is missing.")
    else:
        detail = _("Today lies outside the team's period of duty.")
    return Check("team", label, False, detail, 0, [{"type": "team", "id": team.pk, "label": team.name}])


def _check_stages(user, office, level, election, today) -> Check:
    label = _("Problem inventory started for each stage that took place")
    stages = stages_taken_place(election, level, today)
    if not stages:
        return Check("inventory", label, True, _("No voting stage has taken place yet."))
    problems = Problem.objects.visible_to(user).filter(tree.subtree_q(office, "region__code"), stage__in=stages)
    if election is not None:
        problems = problems.filter(Q(contest__isnull=True) | Q(contest__election=election))
    counts = dict(problems.values_list("stage").annotate(n=Count("id")).order_by())
    missing = [s for s in stages if not counts.get(s)]
    targets = [{"type": "stage", "key": s, "label": Stage(s).label} for s in missing]
    detail = (
        _("Every stage has entries.")
        if not missing
        else _("No problem recorded for: %(stages)s.") % {"stages": ", ".join(str(Stage(s).label) for s in missing)}
    )
    return Check("inventory", label, not missing, detail, len(missing), targets)


def _check_outreach(user, office, activities, now) -> Check:
    label = _("Every PPK has had a supervision or advocacy activity")
    districts = list(_districts(office).values_list("code", "name"))
    bodies = (
        Activity.bodies.through.objects.filter(
            activity__in=activities.filter(kind__in=OUTREACH_KINDS, starts_at__lte=now).values("pk"),
        )
        .filter(tree.subtree_q(office, "region__code"))
        .values_list("region_id", flat=True)
        .distinct()
    )
    # The kecamatan each body lies in (a kecamatan code has three segments; bodies above one reach none).
    reached = {tree.truncate(code, 3) for code in bodies if tree.depth(code) >= 3}
    missing = [(c, n) for c, n in districts if c not in reached]
    targets = [{"type": "region", "key": c, "label": n} for c, n in missing]
    detail = (
        _("All %(n)s kecamatan reached.") % {"n": len(districts)}
        if not missing
        else _("%(missing)s of %(n)s kecamatan not yet supervised or advised.")
        % {"missing": len(missing), "n": len(districts)}
    )
    return Check("outreach", label, not missing, detail, len(missing), targets)


def _check_meetings(office, activities, now) -> list[Check]:
    held = activities.filter(_office_filter("office", office), starts_at__lte=now).aggregate(
        bimtek=Count("id", filter=Q(kind=ActivityKind.BIMTEK)),
        rakor=Count("id", filter=Q(kind=ActivityKind.RAKOR)),
    )
    checks = []
    for kind, label in (
        (ActivityKind.BIMTEK, _("At least one bimtek held")),
        (ActivityKind.RAKOR, _("At least one rakor held")),
    ):
        n = held[kind.value]
        detail = _("%(n)s held.") % {"n": n} if n else _("None held yet.")
        targets = [] if n else [{"type": "activity_kind", "key": kind.value, "label": kind.label}]
        checks.append(Check(kind.value, label, n > 0, detail, n, targets))
    return checks


def _check_followups(user, office, today) -> Check:
    label = _("No follow-up past its due date")
    overdue = list(
        ActivityFollowUp.objects.visible_to(user)
        .filter(tree.subtree_q(office, "activity__office__code"), done=False, due_date__lt=today)
        .select_related("activity", "owner__user")
        .order_by("due_date", "id")
    )
    targets = [
        {
            "type": "follow_up",
            "id": f.pk,
            "activity": f.activity_id,
            "label": f.description[:100],
            "due_date": f.due_date.isoformat(),
            "owner": f.owner.display_name if f.owner_id else "",
        }
        for f in overdue
    ]
    detail = _("%(n)s open follow-ups are past due.") % {"n": len(overdue)} if overdue else _("None overdue.")
    return Check("followups", label, not overdue, detail, len(overdue), targets)


def _check_unassigned(user, office) -> Check:
    label = _("Every problem has someone handling it")
    problems = unassigned_problems(user=user, office_code=office)
    count = problems.count()
    sample = problems.values("pk", "title", "region_id")[:SAMPLE] if count else []
    targets = [{"type": "problem", "id": p["pk"], "label": p["title"], "region": p["region_id"]} for p in sample]
    detail = _("%(n)s problems have no assignee.") % {"n": count} if count else _("All problems are assigned.")
    return Check("unassigned", label, count == 0, detail, count, targets)
