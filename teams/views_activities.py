"""Pages of the preparation activities of a KPU office (rakor, bimtek, supervisi, pendampingan ...):
the agenda and its export, the activity page with its follow-ups and files. Thin, like teams/views.py:
reads through teams.selectors, writes through teams.services, refusals back on the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import Action
from accounts.scoping import get_visible_or_404
from core.errors import ApplicationError
from core.http import safe_next
from regions.models import Region
from teams import exports, selectors, services
from teams.choices import ActivityKind
from teams.forms import ActivityFileForm, ActivityFilterForm, ActivityForm, FollowUpForm, apply_error
from teams.from_below import seen_from_below
from teams.views import PAGE_SIZE, _can_manage, _office_or_404, _serve_checked, _stamp, _tampered

MANAGE = Action.MANAGE_TEAM


@login_required
def activity_list(request, code: str):
    """The activities of an office as an agenda (newest day first), filtered by kind, kecamatan, period."""
    user = request.user
    office = _office_or_404(user, code)
    filter_form = ActivityFilterForm(request.GET or None, office=office)
    activities = selectors.activity_agenda(user=user, office=office, filters=filter_form.filters())
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
    activities = selectors.activity_export_rows(user=user, office=office, filters=filter_form.filters())
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
        children = selectors.district_codes(user=request.user, office=office, codes=bodies)
        initial["districts"] = sorted(children)
        initial["other_bodies"] = " ".join(c for c in bodies if c not in children)
    team = selectors.live_team(user=request.user, office=office)
    if team is not None:
        initial["election"] = team.election_id
    return initial


@login_required
def activity_create(request, code: str):
    user = request.user
    office = _office_or_404(user, code, MANAGE)
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
    activity = get_visible_or_404(selectors.activity_detail_queryset(user=user, action=MANAGE), user, MANAGE, pk=pk)
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
    activity = get_visible_or_404(selectors.activity_detail_queryset(user=user), user, pk=pk)
    can_manage = _can_manage(user, activity.office_id)
    return render(
        request,
        "teams/activity_detail.html",
        {
            "activity": activity,
            "office": activity.office,
            **selectors.activity_parts(user=user, activity=activity),
            "from_below": seen_from_below(user=user, office_code=activity.office_id),
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
    activity = get_visible_or_404(selectors.activity_detail_queryset(user=user, action=MANAGE), user, MANAGE, pk=pk)
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
    user = request.user
    follow_up = get_visible_or_404(selectors.followup_queryset(user=user, action=MANAGE), user, MANAGE, pk=pk)
    done = request.POST.get("done", "1") != "0"
    try:
        services.followup_complete(actor=user, follow_up=follow_up, done=done)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Marked done.") if done else _("Reopened."))
    return redirect(safe_next(request, reverse("activity_detail", args=[follow_up.activity_id])))


@login_required
@require_POST
def activity_file_upload(request, pk: int):
    user = request.user
    activity = get_visible_or_404(selectors.activity_detail_queryset(user=user, action=MANAGE), user, MANAGE, pk=pk)
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
    user = request.user
    record = get_visible_or_404(selectors.activity_file_queryset(user=user), user, pk=pk)
    response = _serve_checked(
        name=record.file.name,
        sha256=record.sha256,
        original_name=record.original_name,
        mime_type=record.mime_type,
        what=f"Activity file {record.pk}",
        user=user,
    )
    return response or _tampered(request, record.original_name)
