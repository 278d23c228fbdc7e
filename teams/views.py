"""Pages of the task teams (Tim Penyelesaian PHP) of a KPU office, their members and assignments. Thin:
every object comes through the selectors and `get_visible_or_404` (out of reach answers 404, like a
missing object), every write through teams.services, every refusal back on the page next to its field.

Viewing a team is ancestor-aware (a PPK sees the team of its KPU Kabupaten, less what teams.from_below
keeps from it: contact details, the SK scan and the roster); an office page, with its readiness checklist
and counts, needs the office itself in the viewer's reach. The activities of an office have their pages
in teams/views_activities.py."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import Action
from accounts.scoping import get_visible_or_404, reach_of
from core.errors import NOT_FOUND, ApplicationError
from core.http import safe_next
from files.hashing import sha256_stored
from files.location import MetadataError
from inventory.evidence_files import LOCATION_FREE_TYPES, location_free_copy_of
from inventory.storage import evidence_storage
from regions.models import Region
from regions.selectors import region_hints
from teams import exports, selectors, services
from teams.choices import TeamStatus
from teams.forms import AssignmentForm, MemberForm, TeamForm, apply_error
from teams.from_below import seen_from_below
from teams.models import TaskTeam, TeamMember

log = logging.getLogger(__name__)

PAGE_SIZE = 50
UPCOMING = 10
REGION_HINTS = 500
SHOWN_TARGETS = 10


def _office_or_404(user, code: str, action: str = Action.VIEW) -> Region:
    """A KPU office (province or regency/city) inside the user's reach for `action`."""
    return get_visible_or_404(selectors.office_queryset(user=user, action=action), user, action, code=code)


def _can_manage(user, office_code: str | None) -> bool:
    return reach_of(user, Action.MANAGE_TEAM).contains(office_code)


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def _team(user, pk: int, action: str = Action.VIEW) -> TaskTeam:
    return get_visible_or_404(selectors.team_detail_queryset(user=user, action=action), user, action, pk=pk)


def _member(user, pk: int, action: str = Action.VIEW) -> TeamMember:
    return get_visible_or_404(selectors.member_queryset(user=user, action=action), user, action, pk=pk)


def _team_documents(user, pk: int) -> TaskTeam:
    """A team whose SK scan and roster the user may have: seen at or above its office. From below they
    are out of reach like a missing object (404), although the team page itself is open."""
    team = _team(user, pk)
    if seen_from_below(user=user, office_code=team.office_id):
        raise Http404(NOT_FOUND)
    return team


def _serve_checked(*, name: str, sha256: str, original_name: str, mime_type: str, what: str, user):
    """Serve a stored file only if its bytes still hash to what was recorded (like evidence_download)."""
    if sha256_stored(evidence_storage(), name) != sha256:
        log.critical("Refused to serve %s to %s: stored file %s no longer matches its SHA-256", what, user, name)
        return None
    if mime_type in LOCATION_FREE_TYPES:  # a photo leaves without where it was taken, as evidence does
        try:
            fileobj = location_free_copy_of(name)
        except MetadataError as exc:
            log.warning("No location-free copy of %s for %s: %s", what, user.username, exc)
            return HttpResponse(
                _("A copy without the location could not be made from this photo."),
                status=422,
                content_type="text/plain; charset=utf-8",
            )
    else:
        fileobj = evidence_storage().open(name, "rb")
    log.info("%s downloaded by %s", what, user.username)
    response = FileResponse(fileobj, as_attachment=True, filename=original_name, content_type=mime_type)
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
    page = Paginator(selectors.team_list(user=user), PAGE_SIZE).get_page(request.GET.get("page"))
    offices = selectors.assigned_offices(user=user)
    return render(request, "teams/team_list.html", {"page": page, "teams": page.object_list, "offices": offices})


@login_required
def office_detail(request, code: str):
    """The office page: its team(s), the readiness checklist with links to what is missing, upcoming
    activities and open follow-ups, and its kecamatan with how often their PPK took part."""
    user = request.user
    office = _office_or_404(user, code)
    teams = selectors.office_teams(user=user, office=office)
    readiness = _with_shown_targets(selectors.office_readiness(user=user, office_region=office))
    upcoming, recent = selectors.office_agenda(user=user, office=office, now=timezone.now(), limit=UPCOMING)
    return render(
        request,
        "teams/office.html",
        {
            "office": office,
            "teams": teams,
            "live_team": next((t for t in teams if t.status != TeamStatus.ENDED), None),
            "readiness": readiness,
            "upcoming": upcoming,
            "recent": recent,
            "follow_ups": selectors.office_open_followups(user=user, office=office, limit=PAGE_SIZE),
            "today": timezone.localdate(),
            "districts": selectors.office_districts(user=user, office=office),
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
    """Create or update the team, store a new SK scan, activate when asked: all or nothing (one service,
    whose own transaction decides whether the stored scan is kept)."""
    data = form.cleaned_data
    try:
        team = services.team_save(
            actor=request.user,
            team=team,
            office=office,
            election=data["election"],
            sk_file=data["sk_file"],
            activate=data["activate"],
            **form.service_fields(),
        )
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
    team = _team(request.user, pk, Action.MANAGE_TEAM)
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
    team = _team(request.user, pk, Action.MANAGE_TEAM)
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


@login_required
def team_detail(request, pk: int):
    user = request.user
    team = _team(user, pk)
    members = selectors.team_members(user=user, team=team)
    workload = selectors.team_workload(user=user, team=team)
    load = {m.pk: m for m in workload["members"]}
    for member in members:
        member.open_count = getattr(load.get(member.pk), "open_count", 0)
        member.overdue_count = getattr(load.get(member.pk), "overdue_count", 0)
    return render(
        request,
        "teams/team_detail.html",
        {
            "team": team,
            "members": [m for m in members if m.active],
            "former": [m for m in members if not m.active],
            "assignments": selectors.team_open_assignments(user=user, team=team, limit=PAGE_SIZE),
            "workload": workload,
            "today": timezone.localdate(),
            "can_manage": _can_manage(user, team.office_id) and team.status != TeamStatus.ENDED,
            "from_below": seen_from_below(user=user, office_code=team.office_id),
        },
    )


@login_required
def team_sk_download(request, pk: int):
    team = _team_documents(request.user, pk)
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
    """The roster of one team as XLSX (with the members' contact details)."""
    team = _team_documents(request.user, pk)
    return FileResponse(
        exports.roster_xlsx(team, selectors.roster_rows(user=request.user, team=team)),
        as_attachment=True,
        filename=f"tim-{team.office_id or 'ri'}-{_stamp()}.xlsx",
        content_type=exports.XLSX_MIME,
    )


# Members and assignments ------------------------------------------------------------------------


@login_required
def member_create(request, pk: int):
    team = _team(request.user, pk, Action.MANAGE_TEAM)
    form = MemberForm(request.POST if request.method == "POST" else None, office=team.office_id)
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
    member = _member(request.user, pk, Action.MANAGE_TEAM)
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
    member = _member(request.user, pk, Action.MANAGE_TEAM)
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
    member = _member(user, pk)
    work = selectors.member_work(user=user, member=member)
    problems = selectors.member_problems(user=user, member=member, limit=PAGE_SIZE)
    return render(
        request,
        "teams/member_detail.html",
        {
            "member": member,
            "team": member.team,
            "today": timezone.localdate(),
            "can_manage": _can_manage(user, member.team.office_id) and member.active,
            "from_below": seen_from_below(user=user, office_code=member.team.office_id),
            "problems": problems,
            **work,
        },
    )


@login_required
def assignment_create(request, pk: int):
    user = request.user
    member = _member(user, pk, Action.MANAGE_TEAM)
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
    hints = region_hints(user=user, parent=office, limit=REGION_HINTS)
    return render(request, "teams/assignment_form.html", {"form": form, "member": member, "region_hints": hints})


@login_required
@require_POST
def assignment_done(request, pk: int):
    manageable = selectors.assignment_queryset(user=request.user, action=Action.MANAGE_TEAM)
    assignment = get_visible_or_404(manageable, request.user, Action.MANAGE_TEAM, pk=pk)
    done = request.POST.get("done", "1") != "0"
    try:
        services.assignment_complete(actor=request.user, assignment=assignment, done=done)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Marked done.") if done else _("Reopened."))
    return redirect(safe_next(request, reverse("member_detail", args=[assignment.member_id])))
