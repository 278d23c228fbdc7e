"""Pages of the task teams (Tim Penyelesaian PHP) and the preparation activities of a KPU office. Thin:
every object comes through `visible_to` / `get_visible_or_404` (out of reach answers 404, like a
missing object), every write through teams.services, every refusal back on the page next to its field.

Viewing a team is ancestor-aware (a PPK sees the team of its KPU Kabupaten); an office page, with its
readiness checklist and counts, needs the office itself in the viewer's reach."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import Action
from accounts.scoping import get_visible_or_404, reach_of
from core.errors import ApplicationError
from inventory.choices import Status
from inventory.models import Problem
from inventory.storage import evidence_storage
from phpu.integrity import sha256_of
from regions import tree
from regions.models import Region
from teams import exports, selectors, services
from teams.choices import POSITION_ORDER, ActivityKind, TeamStatus
from teams.forms import (
    ActivityFileForm,
    ActivityFilterForm,
    ActivityForm,
    AssignmentForm,
    FollowUpForm,
    MemberForm,
    TeamForm,
    apply_error,
)
from teams.models import OFFICE_LEVELS, Activity, ActivityFile, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember

log = logging.getLogger(__name__)

PAGE_SIZE = 50
UPCOMING = 10
REGION_HINTS = 500
SHOWN_TARGETS = 10


def _offices():
    return Region.objects.filter(level__in=OFFICE_LEVELS)


def _office_or_404(user, code: str, action: str = Action.VIEW) -> Region:
    """A KPU office (province or regency/city) inside the user's reach for `action`."""
    return get_visible_or_404(_offices(), user, action, code=code)


def _can_manage(user, office_code: str | None) -> bool:
    return reach_of(user, Action.MANAGE_TEAM).contains(office_code)


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def _team_queryset():
    return TaskTeam.objects.select_related("office", "election", "sk_uploaded_by")


def _member_queryset():
    return TeamMember.objects.select_related("team__office", "team__election", "user")


def _activity_queryset():
    return Activity.objects.select_related("office", "election", "created_by")


def _serve_checked(*, name: str, sha256: str, original_name: str, mime_type: str, what: str, user):
    """Serve a stored file only if its bytes still hash to what was recorded (like evidence_download)."""
    if sha256_of(evidence_storage(), name) != sha256:
        log.critical("Refused to serve %s to %s: stored file %s no longer matches its SHA-256", what, user, name)
        return None
    log.info("%s downloaded by %s", what, user.username)
    response = FileResponse(
        evidence_storage().open(name, "rb"), as_attachment=True, filename=original_name, content_type=mime_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _tampered(request, what: str):
    return render(request, "teams/file_tampered.html", {"what": what}, status=409)


# Teams ------------------------------------------------------------------------------------------


@login_required
def team_list(request):
    user = request.user
    code = request.GET.get("office", "").strip()
    if code:
        return redirect("office_detail", code=code)
    teams = (
        _team_queryset()
        .visible_to(user)
        .annotate(member_count=Count("members", filter=Q(members__active=True)))
        .order_by("office_id", "-created_at")
    )
    page = Paginator(teams, PAGE_SIZE).get_page(request.GET.get("page"))
    reach = reach_of(user, Action.VIEW)
    offices = _offices().filter(code__in=reach.prefixes).order_by("code") if not reach.everything else []
    return render(request, "teams/team_list.html", {"page": page, "teams": page.object_list, "offices": offices})


@login_required
def office_detail(request, code: str):
    """The office page: its team(s), the readiness checklist with links to what is missing, upcoming
    activities and open follow-ups, and its kecamatan with how often their PPK took part."""
    user = request.user
    office = _office_or_404(user, code)
    now = timezone.now()
    teams = list(
        _team_queryset()
        .visible_to(user)
        .filter(office=office)
        .annotate(member_count=Count("members", filter=Q(members__active=True)))
        .order_by("status", "-created_at")
    )
    activities = _activity_queryset().visible_to(user).filter(office=office)
    follow_ups = (
        ActivityFollowUp.objects.visible_to(user)
        .open()
        .filter(activity__office=office)
        .select_related("activity", "owner__user")
        .order_by("due_date", "id")
    )
    districts = (
        Region.objects.filter(parent=office)
        .annotate(
            activity_count=Count("activities_involved", filter=Q(activities_involved__office=office), distinct=True)
        )
        .order_by("code")
    )
    return render(
        request,
        "teams/office.html",
        {
            "office": office,
            "teams": teams,
            "live_team": next((t for t in teams if t.status != TeamStatus.ENDED), None),
            "readiness": _with_shown_targets(selectors.office_readiness(user=user, office_region=office)),
            "upcoming": list(activities.filter(starts_at__gte=now).order_by("starts_at")[:UPCOMING]),
            "recent": list(activities.filter(starts_at__lt=now).order_by("-starts_at")[:UPCOMING]),
            "follow_ups": list(follow_ups[:PAGE_SIZE]),
            "today": timezone.localdate(),
            "districts": districts,
            "can_manage": _can_manage(user, office.code),
            "can_edit_inventory": reach_of(user, Action.EDIT_INVENTORY).contains(office.code),
        },
    )


def _with_shown_targets(checks):
    """What each checklist line links to on the page: every kecamatan (a regency has a few dozen at
    most), otherwise the first few, with how many more there are."""
    for check in checks:
        check.shown = check.targets if check.key == "outreach" else check.targets[:SHOWN_TARGETS]
        total = check.count if check.key == "unassigned" else len(check.targets)
        check.more = max(0, total - len(check.shown))
    return checks


def _save_team(request, form, *, team: TaskTeam | None, office: Region | None) -> TaskTeam | None:
    """Create or update the team, store a new SK scan, activate when asked: all or nothing."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            if team is None:
                team = services.team_create(
                    actor=request.user, office=office, election=data["election"], **form.service_fields()
                )
            else:
                team = services.team_update(actor=request.user, team=team, **form.service_fields())
            if data["sk_file"]:
                team = services.team_sk_upload(actor=request.user, team=team, file=data["sk_file"])
            if data["activate"] and team.status != TeamStatus.ACTIVE:
                team = services.team_activate(actor=request.user, team=team)
    except ApplicationError as exc:
        if "file" in exc.extra:  # the upload checks name the file "file"; on this form it is the SK scan
            exc.extra["sk_file"] = exc.extra.pop("file")
        apply_error(form, exc)
        return None
    return team


@login_required
def team_create(request, code: str):
    office = _office_or_404(request.user, code, Action.MANAGE_TEAM)
    initial = {"name": _("Tim Penyelesaian PHP KPU %(office)s") % {"office": office.name}}
    form = TeamForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        team = _save_team(request, form, team=None, office=office)
        if team is not None:
            messages.success(request, _("Team %(name)s formed.") % {"name": team.name})
            return redirect("team_detail", pk=team.pk)
    return render(request, "teams/team_form.html", {"form": form, "office": office})


@login_required
def team_update(request, pk: int):
    team = get_visible_or_404(_team_queryset(), request.user, Action.MANAGE_TEAM, pk=pk)
    form = TeamForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=TeamForm.initial_for(team),
    )
    form.fields["election"].disabled = True  # the office and election of a team never change
    if request.method == "POST" and form.is_valid():
        saved = _save_team(request, form, team=team, office=team.office)
        if saved is not None:
            messages.success(request, _("Team %(name)s saved.") % {"name": saved.name})
            return redirect("team_detail", pk=saved.pk)
    return render(request, "teams/team_form.html", {"form": form, "team": team, "office": team.office})


@login_required
@require_POST
def team_status(request, pk: int):
    team = get_visible_or_404(TaskTeam.objects.all(), request.user, Action.MANAGE_TEAM, pk=pk)
    action = request.POST.get("status")
    try:
        if action == TeamStatus.ACTIVE:
            team = services.team_activate(actor=request.user, team=team)
        elif action == TeamStatus.ENDED:
            team = services.team_end(actor=request.user, team=team)
        else:
            messages.error(request, _("Unknown status."))
            return redirect("team_detail", pk=team.pk)
    except ApplicationError as exc:
        details = [str(e) for errors in exc.extra.values() for e in (errors if isinstance(errors, list) else [errors])]
        messages.error(request, " ".join([exc.message, *details]))
    else:
        messages.success(request, _("Status is now: %(status)s.") % {"status": team.get_status_display()})
    return redirect("team_detail", pk=team.pk)


def _sorted_members(members):
    return sorted(members, key=lambda m: (POSITION_ORDER.get(m.position, 99), m.pk))


@login_required
def team_detail(request, pk: int):
    user = request.user
    team = get_visible_or_404(_team_queryset(), user, pk=pk)
    today = timezone.localdate()
    members = _sorted_members(team.members.select_related("user"))
    workload = selectors.team_workload(user=user, team=team)
    load = {m.pk: m for m in workload["members"]}
    for member in members:
        member.open_count = getattr(load.get(member.pk), "open_count", 0)
        member.overdue_count = getattr(load.get(member.pk), "overdue_count", 0)
    assignments = (
        MemberAssignment.objects.visible_to(user)
        .open()
        .filter(member__team=team)
        .select_related("member__user", "region", "problem")
        .order_by("due_date", "id")
    )
    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "members": [m for m in members if m.active],
            "former": [m for m in members if not m.active],
            "assignments": list(assignments[:PAGE_SIZE]),
            "workload": workload,
            "today": today,
            "can_manage": _can_manage(user, team.office_id) and team.status != TeamStatus.ENDED,
        },
    )


@login_required
def team_sk_download(request, pk: int):
    team = get_visible_or_404(TaskTeam.objects.all(), request.user, pk=pk)
    if not team.sk_file:
        return redirect("team_detail", pk=team.pk)
    what = f"SK of team {team.pk}"
    response = _serve_checked(
        name=team.sk_file.name,
        sha256=team.sk_sha256,
        original_name=team.sk_original_name,
        mime_type=team.sk_mime_type,
        what=what,
        user=request.user,
    )
    return response or _tampered(request, team.sk_original_name)


@login_required
def team_export(request, pk: int):
    """The roster of one team as XLSX."""
    team = get_visible_or_404(_team_queryset(), request.user, pk=pk)
    members = (
        TeamMember.objects.visible_to(request.user)
        .current()
        .filter(team=team)
        .select_related("user")
        .annotate(open_assignments=Count("assignments", filter=Q(assignments__done=False)))
    )
    return FileResponse(
        exports.roster_xlsx(team, members),
        as_attachment=True,
        filename=f"tim-{team.office_id or 'ri'}-{_stamp()}.xlsx",
        content_type=exports.XLSX_MIME,
    )


# Members and assignments ------------------------------------------------------------------------


@login_required
def member_create(request, pk: int):
    team = get_visible_or_404(_team_queryset(), request.user, Action.MANAGE_TEAM, pk=pk)
    form = MemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(actor=request.user, team=team, **form.cleaned_data)
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("%(name)s added to the team.") % {"name": member.display_name})
            if "another" in request.POST:
                return redirect("member_create", pk=team.pk)
            return redirect(reverse("team_detail", args=[team.pk]) + "#members")
    return render(request, "teams/member_form.html", {"form": form, "team": team})


@login_required
def member_update(request, pk: int):
    member = get_visible_or_404(_member_queryset(), request.user, Action.MANAGE_TEAM, pk=pk)
    form = MemberForm(request.POST if request.method == "POST" else None, initial=MemberForm.initial_for(member))
    form.fields["user"].disabled = True
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "user"}
        try:
            services.member_update(actor=request.user, member=member, **fields)
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("member_detail", pk=member.pk)
    return render(request, "teams/member_form.html", {"form": form, "team": member.team, "member": member})


@login_required
@require_POST
def member_remove(request, pk: int):
    member = get_visible_or_404(_member_queryset(), request.user, Action.MANAGE_TEAM, pk=pk)
    try:
        services.member_remove(actor=request.user, member=member)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("member_detail", pk=member.pk)
    messages.success(request, _("%(name)s left the team.") % {"name": member.display_name})
    return redirect(reverse("team_detail", args=[member.team_id]) + "#members")


@login_required
def member_detail(request, pk: int):
    """A member's open work: assignments, follow-ups they own, and inventory problems assigned to
    their account."""
    user = request.user
    member = get_visible_or_404(_member_queryset(), user, pk=pk)
    work = selectors.member_work(user=user, member=member)
    problems = []
    if member.user_id:
        problems = list(
            Problem.objects.visible_to(user)
            .filter(assignee_id=member.user_id)
            .exclude(status__in=[Status.RESOLVED, Status.READY])
            .select_related("region")
            .order_by("-created_at")[:PAGE_SIZE]
        )
    return render(
        request,
        "teams/member_detail.html",
        {
            "member": member,
            "team": member.team,
            "today": timezone.localdate(),
            "can_manage": _can_manage(user, member.team.office_id) and member.active,
            "problems": problems,
            **work,
        },
    )


@login_required
def assignment_create(request, pk: int):
    user = request.user
    member = get_visible_or_404(_member_queryset(), user, Action.MANAGE_TEAM, pk=pk)
    office = member.team.office
    form = AssignmentForm(
        request.POST if request.method == "POST" else None,
        user=user,
        office=office,
        initial={"region": request.GET.get("region", ""), "problem": request.GET.get("problem", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_create(actor=user, member=member, **form.cleaned_data)
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Assigned to %(name)s.") % {"name": member.display_name})
            return redirect("member_detail", pk=member.pk)
    hints = Region.objects.visible_to(user).order_by("code")
    if office is not None:
        hints = hints.filter(parent=office)
    return render(
        request,
        "teams/assignment_form.html",
        {"form": form, "member": member, "region_hints": hints.values_list("code", "name")[:REGION_HINTS]},
    )


@login_required
@require_POST
def assignment_done(request, pk: int):
    assignment = get_visible_or_404(
        MemberAssignment.objects.select_related("member"), request.user, Action.MANAGE_TEAM, pk=pk
    )
    done = request.POST.get("done", "1") != "0"
    try:
        services.assignment_complete(actor=request.user, assignment=assignment, done=done)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Marked done.") if done else _("Reopened."))
    return redirect(request.POST.get("next") or reverse("member_detail", args=[assignment.member_id]))


# Activities -------------------------------------------------------------------------------------


def _filtered_activities(user, office: Region, filter_form: ActivityFilterForm):
    activities = Activity.objects.visible_to(user).filter(office=office)
    filters = filter_form.filters()
    if filters.get("kind"):
        activities = activities.filter(kind=filters["kind"])
    if filters.get("kecamatan"):
        code = filters["kecamatan"]
        activities = activities.filter(
            pk__in=Activity.bodies.through.objects.filter(tree.subtree_q(code, "region__code")).values("activity_id")
        )
    if filters.get("since"):
        activities = activities.filter(starts_at__date__gte=filters["since"])
    if filters.get("until"):
        activities = activities.filter(starts_at__date__lte=filters["until"])
    return activities


@login_required
def activity_list(request, code: str):
    """The activities of an office as an agenda (newest day first), filtered by kind, kecamatan, period."""
    user = request.user
    office = _office_or_404(user, code)
    filter_form = ActivityFilterForm(request.GET or None, office=office)
    activities = (
        _filtered_activities(user, office, filter_form)
        .select_related("office")
        .annotate(
            body_count=Count("bodies", distinct=True),
            open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done=False), distinct=True),
            file_count=Count("files", distinct=True),
        )
        .order_by("-starts_at", "-id")
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for activity in rows:
        activity.local_day = timezone.localtime(activity.starts_at).date()  # the agenda's day, in office time
    return render(
        request,
        "teams/activity_list.html",
        {
            "office": office,
            "filter_form": filter_form,
            "page": page,
            "activities": rows,
            "export_query": request.GET.urlencode(),
            "kecamatan": filter_form.filters().get("kecamatan", ""),
            "can_manage": _can_manage(user, office.code),
        },
    )


@login_required
def activity_export(request, code: str):
    user = request.user
    office = _office_or_404(user, code)
    filter_form = ActivityFilterForm(request.GET or None, office=office)
    activities = (
        _filtered_activities(user, office, filter_form)
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
    return FileResponse(
        exports.activity_xlsx(activities),
        as_attachment=True,
        filename=f"kegiatan-{office.code}-{_stamp()}.xlsx",
        content_type=exports.XLSX_MIME,
    )


def _activity_initial(request, office: Region) -> dict:
    kind = request.GET.get("kind", "")
    initial = {"kind": kind if kind in ActivityKind.values else ActivityKind.RAKOR}
    bodies = [c for c in request.GET.getlist("body") if c]
    if bodies:
        children = set(Region.objects.filter(parent=office, code__in=bodies).values_list("code", flat=True))
        initial["districts"] = sorted(children)
        initial["other_bodies"] = " ".join(c for c in bodies if c not in children)
    team = TaskTeam.objects.filter(office=office).exclude(status=TeamStatus.ENDED).order_by("-created_at").first()
    if team is not None:
        initial["election"] = team.election_id
    return initial


@login_required
def activity_create(request, code: str):
    user = request.user
    office = _office_or_404(user, code, Action.MANAGE_TEAM)
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        user=user,
        office=office,
        initial=_activity_initial(request, office),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(actor=user, office=office, **form.service_fields())
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Activity recorded."))
            return redirect("activity_detail", pk=activity.pk)
    return render(request, "teams/activity_form.html", {"form": form, "office": office})


@login_required
def activity_update(request, pk: int):
    user = request.user
    activity = get_visible_or_404(_activity_queryset(), user, Action.MANAGE_TEAM, pk=pk)
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        user=user,
        office=activity.office,
        initial=ActivityForm.initial_for(activity),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(actor=user, activity=activity, **form.service_fields())
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("activity_detail", pk=activity.pk)
    return render(request, "teams/activity_form.html", {"form": form, "office": activity.office, "activity": activity})


@login_required
def activity_detail(request, pk: int):
    user = request.user
    activity = get_visible_or_404(_activity_queryset(), user, pk=pk)
    can_manage = _can_manage(user, activity.office_id)
    return render(
        request,
        "teams/activity_detail.html",
        {
            "activity": activity,
            "office": activity.office,
            "bodies": activity.bodies.order_by("code"),
            "attendees": _sorted_members(activity.attendees.select_related("user")),
            "follow_ups": activity.follow_ups.select_related("owner__user"),
            "files": activity.files.select_related("uploaded_by"),
            "today": timezone.localdate(),
            "can_manage": can_manage,
            "follow_up_form": FollowUpForm(user=user, activity=activity) if can_manage else None,
            "file_form": ActivityFileForm() if can_manage else None,
        },
    )


@login_required
@require_POST
def followup_create(request, pk: int):
    user = request.user
    activity = get_visible_or_404(Activity.objects.all(), user, Action.MANAGE_TEAM, pk=pk)
    form = FollowUpForm(request.POST, user=user, activity=activity)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            services.followup_add(actor=user, activity=activity, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Follow-up added."))
    return redirect(reverse("activity_detail", args=[activity.pk]) + "#follow-ups")


@login_required
@require_POST
def followup_done(request, pk: int):
    follow_up = get_visible_or_404(ActivityFollowUp.objects.all(), request.user, Action.MANAGE_TEAM, pk=pk)
    done = request.POST.get("done", "1") != "0"
    try:
        services.followup_complete(actor=request.user, follow_up=follow_up, done=done)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Marked done.") if done else _("Reopened."))
    return redirect(request.POST.get("next") or reverse("activity_detail", args=[follow_up.activity_id]))


@login_required
@require_POST
def activity_file_upload(request, pk: int):
    user = request.user
    activity = get_visible_or_404(Activity.objects.all(), user, Action.MANAGE_TEAM, pk=pk)
    form = ActivityFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file and its kind."))
    else:
        upload = form.cleaned_data["file"]
        try:
            record, created = services.activity_file_upload(
                actor=user, activity=activity, file=upload, kind=form.cleaned_data["kind"]
            )
        except ApplicationError as exc:
            messages.error(request, _("Refused: %(reason)s") % {"reason": exc.message})
        else:
            if created:
                messages.success(
                    request,
                    _("%(name)s stored (SHA-256 %(sha)s).") % {"name": record.original_name, "sha": record.sha256},
                )
            else:
                messages.info(request, _("%(name)s was already attached.") % {"name": record.original_name})
    return redirect(reverse("activity_detail", args=[activity.pk]) + "#files")


@login_required
def activity_file_download(request, pk: int):
    record = get_visible_or_404(ActivityFile.objects.all(), request.user, pk=pk)
    response = _serve_checked(
        name=record.file.name,
        sha256=record.sha256,
        original_name=record.original_name,
        mime_type=record.mime_type,
        what=f"Activity file {record.pk}",
        user=request.user,
    )
    return response or _tampered(request, record.original_name)
