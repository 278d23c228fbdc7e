import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import Action
from accounts.scoping import NOT_FOUND, get_visible_or_404, require_some_reach
from cases.models import Case
from cases.selectors import reaches_office
from core.dates import format_time
from core.errors import ApplicationError
from dossiers import services
from dossiers.choices import CASE_KINDS, DossierKind, JobStatus
from dossiers.forms import InventoryDossierForm
from dossiers.models import DossierJob, dossier_storage
from dossiers.selectors import can_export, job_queryset

log = logging.getLogger(__name__)
EXPORT = Action.EXPORT_DOSSIERS


def requested_message(job: DossierJob, fresh: str) -> str:
    """What the requester is told: `fresh`, or that the same document was already asked for (and, if
    it is being rendered, that it shows the content as it was when it started)."""
    if not job.reused:
        return fresh
    already = _("The same dossier was already asked for by %(user)s at %(time)s; its progress is shown below.") % {
        "user": job.requested_by,
        "time": format_time(job.requested_at),
    }
    if job.status == JobStatus.RUNNING:
        already += " " + _(
            "It shows the content as it was when it started; ask again once it is done for later changes."
        )
    return already


def case_panel_context(user, case) -> dict:
    """What the case page's dossier section shows: the request buttons and the case's history."""
    allowed = can_export(user, case.respondent_office_id)
    jobs = list(job_queryset(user=user).filter(case=case)[:20]) if allowed else []
    return {
        "case": case,
        "can_export": allowed,
        "jobs": jobs,
        "kinds": [(k, DossierKind(k).label) for k in CASE_KINDS],
        "polling": any(not job.finished for job in jobs),
    }


@login_required
def case_dossiers(request, pk: int):
    """GET: the dossier section of the case page (polled while a job runs). POST: ask for a dossier."""
    case = get_visible_or_404(Case.objects.select_related("respondent_office"), request.user, EXPORT, pk=pk)
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        try:
            if kind not in CASE_KINDS:
                raise ApplicationError(_("Unknown kind of dossier."))
            job = services.dossier_request(
                actor=request.user, kind=kind, case=case, pdf_a=request.POST.get("pdf_a") == "on"
            )
            messages.success(
                request, requested_message(job, _("The dossier is being prepared; this page shows its progress."))
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        if not request.htmx:
            return redirect(reverse("case_detail", args=[case.pk]) + "#dossiers")
    return render(request, "dossiers/_panel.html", case_panel_context(request.user, case))


@login_required
def case_panel(request, pk: int):
    """The dossier section of the case page, which loads it by htmx (cases sits below dossiers and cannot
    render it). Shown to whoever sees the whole case; the request buttons and the case's jobs only
    where the user may export. A case out of reach, or seen only through a claim's location, is 404."""
    case = get_visible_or_404(
        Case.objects.select_related("respondent_office").prefetch_related("other_respondent_offices"),
        request.user,
        pk=pk,
    )
    if not reaches_office(user=request.user, case=case):
        raise Http404(NOT_FOUND)
    return render(request, "dossiers/_panel.html", case_panel_context(request.user, case))


@login_required
def job_row(request, pk: int):
    """One job's row with its progress bar; HTMX polls it until the job is finished."""
    job = get_visible_or_404(job_queryset(user=request.user), request.user, EXPORT, pk=pk)
    return render(request, "dossiers/_job.html", {"job": job})


@login_required
def job_list(request):
    """Every dossier of the regions where the user may export, and the inventory report form."""
    user = request.user
    require_some_reach(user, EXPORT)
    form = InventoryDossierForm(user=user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.dossier_request(
                actor=user,
                kind=DossierKind.INVENTORY,
                region=form.cleaned_data["region"],
                filters=form.filters(),
                pdf_a=form.cleaned_data["pdf_a"],
            )
            messages.success(
                request,
                requested_message(job, _("The inventory report is being prepared; this page shows its progress.")),
            )
            return redirect("dossier_list")
        except ApplicationError as exc:
            messages.error(request, exc.message)
    jobs = job_queryset(user=user)
    kind = request.GET.get("kind")
    if kind in DossierKind.values:
        jobs = jobs.filter(kind=kind)
    page = Paginator(jobs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "dossiers/job_list.html",
        {"form": form, "page": page, "jobs": page.object_list, "kinds": DossierKind.choices, "kind": kind},
    )


@login_required
@require_POST
def job_retry(request, pk: int):
    return _job_action(request, pk, services.dossier_retry)


@login_required
@require_POST
def job_cancel(request, pk: int):
    return _job_action(request, pk, services.dossier_cancel)


def _job_action(request, pk: int, service):
    """Retry or cancel a job in reach; the row again (htmx) or back to where the job is listed."""
    job = get_visible_or_404(job_queryset(user=request.user), request.user, EXPORT, pk=pk)
    try:
        job = service(actor=request.user, job=job)
        if job.reused:
            messages.info(request, requested_message(job, ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    if request.htmx:
        return render(request, "dossiers/_job.html", {"job": job})
    return redirect(
        reverse("case_detail", args=[job.case_id]) + "#dossiers" if job.case_id else reverse("dossier_list")
    )


def serve_pdf(request, job: DossierJob, *, api: bool = False, field: str = "output"):
    """Serve a finished dossier's PDF (`output`) or its manifest annex (`manifest_pdf`) only if it still
    matches its SHA-256; log every attempt either way."""
    if job.status != JobStatus.DONE or not getattr(job, field).name:
        raise Http404(NOT_FOUND)
    intact = services.stored_pdf_intact(job, field)
    services.download_record(job=job, user=request.user, intact=intact)
    if not intact:
        if api:
            return JsonResponse({"message": str(services.TAMPERED)}, status=409)
        return render(request, "dossiers/tampered.html", {"job": job, "sha256": job.sha256_of(field)}, status=409)
    log.info("Dossier %s %s downloaded by %s", job.pk, field, request.user.username)
    response = FileResponse(
        dossier_storage().open(getattr(job, field).name, "rb"),
        as_attachment=True,
        filename=job.filename if field == "output" else job.manifest_filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-SHA256"] = job.sha256_of(field)
    return response


@login_required
def job_download(request, pk: int):
    job = get_visible_or_404(job_queryset(user=request.user), request.user, EXPORT, pk=pk)
    return serve_pdf(request, job)


@login_required
def job_manifest_pdf(request, pk: int):
    """The manifest annex (PDF): same reach, hash check and download log as the dossier itself."""
    job = get_visible_or_404(job_queryset(user=request.user), request.user, EXPORT, pk=pk)
    return serve_pdf(request, job, field="manifest_pdf")


@login_required
def job_manifest(request, pk: int):
    job = get_visible_or_404(job_queryset(user=request.user), request.user, EXPORT, pk=pk)
    if job.status != JobStatus.DONE:
        raise Http404(NOT_FOUND)
    response = JsonResponse(job.manifest, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = content_disposition_header(True, f"{job.manifest_filename[:-4]}.json")
    response["Cache-Control"] = "private, no-store"
    return response
