"""Pages of the problem inventory and its evidence. Thin: every object comes through the scoped
selectors or `get_visible_or_404` (out of reach answers 404, like a missing object), every write
through the services, every refusal back on the page next to its field."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import Action
from accounts.scoping import NOT_FOUND, get_visible_or_404, has_some_reach, reach_of, require_some_reach
from core.errors import ApplicationError
from core.pagination import TwoStepPaginator
from files.location import MetadataError
from inventory import evidence_files, selectors, services
from inventory.choices import STATUS_FLOW, EvidenceKind, Status
from inventory.conflicts import conflict_since
from inventory.forms import (
    CertifiedForm,
    CommentForm,
    EvidenceUploadForm,
    ProblemForm,
    StatusForm,
    VerifyForm,
    accept_attr,
    apply_error,
    style_problem_filter,
)
from inventory.integrity import download_record, stored_file_intact
from inventory.models import Evidence, Problem
from inventory.storage import evidence_storage
from inventory.timeline import entry_title, problem_timeline
from regions.selectors import breadcrumbs, region_hints, visible_regions

log = logging.getLogger(__name__)

PAGE_SIZE = 50
REGION_HINTS = 500  # codes offered as suggestions in the region field (a kecamatan's TPS fit easily)
MAX_VERSIONS = 50


def _region_hints(user, action: str):
    return region_hints(user=user, action=action, limit=REGION_HINTS)


def _problem(user, pk: int, action: str = Action.VIEW) -> Problem:
    return get_visible_or_404(selectors.problem_detail_queryset(user=user, action=action), user, action, pk=pk)


def _evidence(user, pk: int, action: str = Action.VIEW) -> Evidence:
    return get_visible_or_404(selectors.evidence_detail_queryset(user=user, action=action), user, action, pk=pk)


def _int_or_404(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None


# Problems ---------------------------------------------------------------------------------------


@login_required
def problem_list(request):
    filterset = selectors.problem_filterset(user=request.user, data=request.GET)
    problems = filterset.qs if filterset.is_valid() else filterset.queryset
    style_problem_filter(filterset.form, user=request.user)
    by_status = selectors.problem_status_counts(problems)
    # The counts per status add up to the list's length: the paginator does not count the rows again.
    page = TwoStepPaginator(problems, PAGE_SIZE, count=sum(by_status.values())).get_page(request.GET.get("page"))
    active = [name for name, value in filterset.form.data.items() if value and name not in ("page", "ordering")]
    return render(
        request,
        "inventory/problem_list.html",
        {
            "filter": filterset,
            "page": page,
            "problems": page.object_list,
            "status_counts": [(value, label, by_status.get(value, 0)) for value, label in Status.choices],
            "filters_active": bool(active),
            "can_create": has_some_reach(request.user, Action.EDIT_INVENTORY),
        },
    )


@login_required
def problem_detail(request, pk: int):
    user = request.user
    problem = _problem(user, pk)
    evidence = list(selectors.problem_evidence(user=user, problem=problem).current())
    can_edit = reach_of(user, Action.EDIT_INVENTORY).contains(problem.region_id)
    timeline = problem_timeline(user=user, problem=problem)
    for entry in timeline:
        entry.title = entry_title(entry)
    return render(
        request,
        "inventory/problem_detail.html",
        {
            "problem": problem,
            "evidence": evidence,
            "blockers": services.ready_blockers(problem) if problem.status != Status.READY else [],
            "next_statuses": [s for s in Status if s in STATUS_FLOW.get(problem.status, ())],
            "can_edit": can_edit,
            "can_upload": reach_of(user, Action.UPLOAD_EVIDENCE).contains(problem.region_id),
            "timeline": timeline,
            "comments": selectors.problem_comments(problem=problem),
        },
    )


PREFILLED = ("region", "stage", "category", "title", "description")


@login_required
def problem_create(request):
    require_some_reach(request.user, Action.EDIT_INVENTORY)
    form = ProblemForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        # Links from elsewhere (region page, readiness checklist, a finding of the results report) prefill
        # the form; nothing is saved until the user submits it.
        initial={key: request.GET.get(key, "") for key in PREFILLED},
    )
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_create(actor=request.user, **form.service_fields())
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Problem #%(pk)s recorded.") % {"pk": problem.pk})
            return redirect("problem_detail", pk=problem.pk)
    return render(
        request,
        "inventory/problem_form.html",
        {"form": form, "region_hints": _region_hints(request.user, Action.EDIT_INVENTORY)},
    )


@login_required
def problem_update(request, pk: int):
    problem = _problem(request.user, pk, Action.EDIT_INVENTORY)
    form = ProblemForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial=ProblemForm.initial_for(problem),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_update(
                actor=request.user, problem=problem, version=form.cleaned_data["version"], **form.changed_fields()
            )
        except services.StaleEdit as exc:
            conflict = conflict_since(exc.current, form.cleaned_data["version"] or exc.current.version)
            form = _show_conflict(form, conflict, current=exc.current)
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Problem #%(pk)s saved.") % {"pk": problem.pk})
            return redirect("problem_detail", pk=problem.pk)
    return render(
        request,
        "inventory/problem_form.html",
        {
            "form": form,
            "problem": problem,
            "conflict": conflict,
            "region_hints": _region_hints(request.user, Action.EDIT_INVENTORY),
        },
    )


def _show_conflict(form: ProblemForm, conflict, *, current: Problem) -> ProblemForm:
    """The stale form again over the stored problem, saying so at the top and, on each field both people
    changed, what the other one made of it (the user's own value stays in the field)."""
    form = form.rebased(base=conflict.base, current=current)
    form.add_error(
        None,
        _(
            "Someone else saved this problem while you were editing it, and nothing of yours was saved yet. "
            "Their changes are listed below and now in the form; yours are kept. Check, then save again."
        ),
    )
    for name, (user, change) in conflict.latest().items():
        if name in form.typed and name in form.fields:
            form.add_error(
                name,
                _("%(user)s changed this meanwhile to: %(value)s")
                % {"user": user or _("system"), "value": Truncator(change.new).chars(200)},
            )
    return form


@login_required
@require_POST
def problem_status(request, pk: int):
    problem = _problem(request.user, pk, Action.EDIT_INVENTORY)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown status."))
    else:
        try:
            problem = services.problem_set_status(
                actor=request.user, problem=problem, status=form.cleaned_data["status"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Status is now: %(status)s.") % {"status": problem.get_status_display()})
    return redirect("problem_detail", pk=problem.pk)


@login_required
@require_POST
def problem_comment(request, pk: int):
    problem = _problem(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write something to comment."))
    else:
        try:
            services.comment_add(actor=request.user, problem=problem, body=form.cleaned_data["body"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Comment added."))
    return redirect(reverse("problem_detail", args=[problem.pk]) + "#comments")


# Evidence ---------------------------------------------------------------------------------------


@dataclass
class UploadResult:
    name: str
    outcome: str  # stored | duplicate | refused
    evidence: Evidence | None = None
    reason: str = ""


def _upload_message(result: UploadResult) -> str:
    if result.outcome == "stored":
        return _("%(name)s stored (SHA-256 %(sha)s).") % {"name": result.name, "sha": result.evidence.sha256}
    if result.outcome == "duplicate":
        return _("%(name)s was already stored here as %(existing)s; linked, not stored twice.") % {
            "name": result.name,
            "existing": result.evidence.original_name,
        }
    return _("Refused: %(reason)s") % {"reason": result.reason}  # the reason names the file


def _upload_targets(user, source) -> tuple[Problem | None, Evidence | None]:
    """The problem the files are for and the evidence they correct, when the link names them."""
    problem = replaces = None
    if source.get("problem"):
        problem = get_visible_or_404(Problem.objects.all(), user, pk=_int_or_404(source["problem"]))
    if source.get("replaces"):
        replaces = get_visible_or_404(
            Evidence.objects.all(), user, Action.UPLOAD_EVIDENCE, pk=_int_or_404(source["replaces"])
        )
    return problem, replaces


def _upload_initial(request, problem: Problem | None, replaces: Evidence | None) -> dict:
    """The form as the link sets it up: a correction takes after the version it corrects, an upload for
    a problem after the problem."""
    return {
        "kind": request.GET.get("kind") or (replaces.kind if replaces else EvidenceKind.PHOTO),
        "region": request.GET.get("region")
        or (replaces.region_id if replaces else problem.region_id if problem else ""),
        "contest": problem.contest_id if problem else replaces.contest_id if replaces else None,
        "problem": problem.pk if problem else None,
        "replaces": replaces.pk if replaces else None,
    }


def _store_uploads(user, data: dict, *, problem: Problem | None, replaces: Evidence | None) -> list[UploadResult]:
    """Each file on its own: one refused file does not stop the others."""
    results = []
    for upload in data["files"]:
        try:
            evidence, created = services.evidence_upload(
                actor=user,
                file=upload,
                kind=data["kind"],
                region=data["region"],
                contest=data["contest"],
                description=data["description"],
                problem=problem,
                replaces=replaces,
            )
        except ApplicationError as exc:
            results.append(UploadResult(name=upload.name, outcome="refused", reason=exc.message))
        else:
            outcome = "stored" if created else "duplicate"
            results.append(UploadResult(name=upload.name, outcome=outcome, evidence=evidence))
    log.info(
        "Evidence upload by %s in %s: %s",
        user.username,
        data["region"].code,
        ", ".join(f"{r.name}={r.outcome}" for r in results),
    )
    return results


def _back_after_uploads(request, results: list[UploadResult], *, problem, replaces):
    """Uploads for a problem or a correction go back where they came from once all went in; otherwise
    (None) the upload page shows what became of each file."""
    if any(r.outcome == "refused" for r in results) or not (problem or replaces):
        return None
    for result in results:
        messages.success(request, _upload_message(result))
    if problem is not None:
        return redirect(reverse("problem_detail", args=[problem.pk]) + "#evidence")
    return redirect("evidence_detail", pk=results[0].evidence.pk)


@login_required
def evidence_upload(request):
    user = request.user
    require_some_reach(user, Action.UPLOAD_EVIDENCE)
    posted = request.method == "POST"
    problem, replaces = _upload_targets(user, request.POST if posted else request.GET)
    form = EvidenceUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=user,
        initial=_upload_initial(request, problem, replaces),
    )
    results: list[UploadResult] = []
    if posted and form.is_valid():
        if replaces is not None and len(form.cleaned_data["files"]) > 1:
            form.add_error("files", _("A corrected version is one file."))
        else:
            results = _store_uploads(user, form.cleaned_data, problem=problem, replaces=replaces)
            back = _back_after_uploads(request, results, problem=problem, replaces=replaces)
            if back is not None:
                return back
    return render(
        request,
        "inventory/evidence_upload.html",
        {
            "form": form,
            "problem": problem,
            "replaces": replaces,
            "results": results,
            "camera_accept": "image/*",
            "region_hints": _region_hints(user, Action.UPLOAD_EVIDENCE),
            # upload.js sends the files in chunks of this size over the resumable endpoint.
            "chunk_bytes": settings.RESUMABLE_CHUNK_BYTES,
        },
    )


@login_required
def evidence_detail(request, pk: int):
    user = request.user
    evidence = _evidence(user, pk)
    older, newer = selectors.evidence_versions(user=user, evidence=evidence, limit=MAX_VERSIONS)
    downloads = selectors.evidence_download_counts(evidence=evidence)
    can_upload = reach_of(user, Action.UPLOAD_EVIDENCE).contains(evidence.region_id)
    can_verify = reach_of(user, Action.VERIFY_EVIDENCE).contains(evidence.region_id)
    return render(
        request,
        "inventory/evidence_detail.html",
        {
            "evidence": evidence,
            "older": older,
            "newer": newer,
            "problems": selectors.evidence_problems(user=user, evidence=evidence),
            "downloads": downloads,
            "can_verify": can_verify,
            "location_free": evidence_files.leaves_without_location(evidence),
            "has_location": evidence_files.original_has_location(evidence),
            "own_upload": evidence.uploaded_by_id == user.pk,
            "can_certify": reach_of(user, Action.MANAGE_CASES).contains(evidence.region_id),
            "can_correct": can_upload and not newer,
            "correction_accept": accept_attr(evidence.kind),
            "opened_at": selectors.first_opened(evidence=evidence, user=user) if can_verify else None,
            "verifier_opened": selectors.first_opened(
                evidence=evidence, user=evidence.verified_by, before=evidence.verified_at
            ),
        },
    )


@login_required
@require_POST
def evidence_verify(request, pk: int):
    evidence = _evidence(request.user, pk, Action.VERIFY_EVIDENCE)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to verify or to reject."))
    else:
        try:
            evidence = services.evidence_verify(
                actor=request.user,
                evidence=evidence,
                verified=form.cleaned_data["decision"] == VerifyForm.VERIFY,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(name)s: %(state)s.")
                % {"name": evidence.original_name, "state": evidence.get_verification_display()},
            )
            back = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
                return redirect(back)  # the viewer sends its verifier back to the queue
    return redirect("evidence_detail", pk=evidence.pk)


@login_required
@require_POST
def evidence_certified(request, pk: int):
    evidence = _evidence(request.user, pk, Action.MANAGE_CASES)
    form = CertifiedForm(request.POST)
    form.is_valid()
    try:
        services.evidence_set_certified(
            actor=request.user, evidence=evidence, certified=form.cleaned_data.get("certified", False)
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("evidence_detail", pk=evidence.pk)


def _download_file(evidence, *, original: bool):
    """The open file a download serves, and what the log calls it."""
    if original:
        return evidence_storage().open(evidence.file.name, "rb"), "original, as requested"
    if evidence_files.leaves_without_location(evidence):
        return evidence_files.location_free_copy(evidence), "location-free copy"
    return evidence_storage().open(evidence.file.name, "rb"), "stored file"


@login_required
def evidence_download(request, pk: int):
    """Serve a stored file only if it still matches its SHA-256; log every attempt either way. An image
    leaves as its location-free copy; `?original=1` serves the stored bytes, to those who may verify.
    `?view=1` is the in-page viewer's request: served inline, logged as opened in the viewer."""
    user = request.user
    evidence = _evidence(user, pk)
    original = request.GET.get("original") == "1"
    viewed = request.GET.get("view") == "1"
    if original and not reach_of(user, Action.VERIFY_EVIDENCE).contains(evidence.region_id):
        raise PermissionDenied(_("Only those who may verify evidence can download the original file."))
    intact = stored_file_intact(evidence)
    download_record(evidence=evidence, user=user, intact=intact, viewed=viewed)
    if not intact:
        log.error(
            "Refused to serve evidence %s to %s: the stored file no longer matches its SHA-256",
            evidence.pk,
            user.username,
        )
        return render(request, "inventory/evidence_tampered.html", {"evidence": evidence}, status=409)
    try:
        fileobj, served = _download_file(evidence, original=original)
    except MetadataError as exc:
        log.warning("No location-free copy of evidence %s for %s: %s", evidence.pk, user.username, exc)
        messages.error(
            request,
            _("A copy without the location could not be made from this file; ask someone who may verify evidence."),
        )
        return redirect("evidence_detail", pk=evidence.pk)
    log.info("Evidence %s downloaded by %s (%s)", evidence.pk, user.username, served)
    response = FileResponse(
        fileobj, as_attachment=not viewed, filename=evidence.original_name, content_type=evidence.mime_type
    )
    response["Cache-Control"] = "private, no-store"
    if viewed:
        response["Content-Security-Policy"] = "sandbox"  # opened by itself, an inline file runs nothing
    return response


@login_required
def evidence_preview(request, pk: int):
    evidence = _evidence(request.user, pk)
    if not evidence.preview:
        raise Http404(NOT_FOUND)
    try:
        fileobj = evidence_storage().open(evidence.preview.name, "rb")
    except FileNotFoundError:
        raise Http404(NOT_FOUND) from None
    response = FileResponse(fileobj, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def evidence_coverage(request, code: str):
    """Which evidence kinds each village / TPS below a region has, and which expected ones are missing."""
    user = request.user
    region = get_visible_or_404(visible_regions(user=user), user, code=code)
    rows = selectors.evidence_coverage(user=user, region=region)
    present = {kind for row in rows for kind in row["counts"]} | {kind for row in rows for kind in row["missing"]}
    kinds = [kind for kind in EvidenceKind if kind in present]
    upload_reach = reach_of(user, Action.UPLOAD_EVIDENCE)
    table = [
        {
            "region": row["region"],
            "can_upload": upload_reach.contains(row["region"].code),
            "cells": [(kind, row["counts"].get(kind, 0), kind in row["missing"]) for kind in kinds],
            "missing": [EvidenceKind(kind) for kind in row["missing"]],
        }
        for row in rows
    ]
    return render(
        request,
        "inventory/evidence_coverage.html",
        {
            "region": region,
            "crumbs": breadcrumbs(user=user, region=region),
            "kinds": kinds,
            "rows": table,
            "incomplete": sum(1 for row in table if row["missing"]),
        },
    )
