"""Pages of the claims (dalil) of an MK case: the claim, its answer and cited exhibits, its numbers and
the problems tied to it. Thin, like cases/views.py: scoped lookups, selectors for reads, services for
writes. A PPK or PPS sees a claim located in its area, read-only, with a link to supply evidence there."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import Action
from accounts.scoping import get_visible_or_404, reach_of
from cases import selectors, services, services_exhibits
from cases.choices import ClaimStatus, Metric
from cases.consistency import Rule, describe
from cases.forms import CiteForm, ClaimForm, FigureFormSet
from cases.models import Claim, Exhibit
from cases.views import int_or_404
from core.errors import ApplicationError
from inventory.forms import apply_error
from inventory.models import Problem


def _claim_fields(data) -> dict:
    fields = {k: data[k] for k in ("number", "summary", "category", "response", "assignee")}
    fields["locations"] = data["locations"]
    return fields


@login_required
def claim_create(request, pk: int):
    user = request.user
    case = get_visible_or_404(selectors.case_with_parties(), user, Action.MANAGE_CASES, pk=pk)
    form = ClaimForm(
        request.POST if request.method == "POST" else None, regions=selectors.claim_regions(user=user, case=case)
    )
    if request.method == "POST" and form.is_valid():
        fields = _claim_fields(form.cleaned_data)
        status = form.cleaned_data["status"]
        try:
            claim = services.claim_create(actor=user, case=case, **fields)
            if status != ClaimStatus.DRAFT:
                services.claim_set_status(actor=user, claim=claim, status=status)
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Claim %(number)s added.") % {"number": claim.number})
            return redirect("claim_detail", pk=claim.pk)
    return render(request, "cases/claim_form.html", {"form": form, "case": case})


@login_required
def claim_update(request, pk: int):
    user = request.user
    claim = get_visible_or_404(
        Claim.objects.select_related("case__contest", "assignee"), user, Action.MANAGE_CASES, pk=pk
    )
    case = claim.case
    initial = {
        "number": claim.number,
        "summary": claim.summary,
        "locations": " ".join(r.code for r in claim.locations.order_by("code")),
        "category": claim.category_id,
        "response": claim.response,
        "status": claim.status,
        "assignee": claim.assignee.username if claim.assignee_id else "",
    }
    form = ClaimForm(
        request.POST if request.method == "POST" else None,
        regions=selectors.claim_regions(user=user, case=case),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_update(actor=user, claim=claim, **_claim_fields(form.cleaned_data))
            services.claim_set_status(actor=user, claim=claim, status=form.cleaned_data["status"])
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Claim %(number)s saved.") % {"number": form.cleaned_data["number"]})
            return redirect("claim_detail", pk=claim.pk)
    return render(request, "cases/claim_form.html", {"form": form, "case": case, "claim": claim})


@login_required
def claim_detail(request, pk: int):
    user = request.user
    claim = get_visible_or_404(
        Claim.objects.select_related(
            "case__contest__election", "case__contest__region", "case__applicant", "assignee", "category"
        ),
        user,
        pk=pk,
    )
    case = claim.case
    sight = selectors.case_sight(user=user, case=case)
    full = sight.whole
    can_manage = selectors.reaches_office(user=user, case=case, action=Action.MANAGE_CASES)
    rows, findings = selectors.claim_numbers(claim=claim, sight=sight, user=user)
    locations = selectors.shown_locations(claim=claim, sight=sight)
    upload_reach = reach_of(user, Action.UPLOAD_EVIDENCE)
    citations = selectors.claim_citations(user=user, claim=claim)
    cited = {c.exhibit_id for c in citations}
    return render(
        request,
        "cases/claim_detail.html",
        {
            "claim": claim,
            "case": case,
            "full": full,
            "can_manage": can_manage,
            "locations": locations,
            "table": selectors.by_location(rows),
            "findings": [describe(f) for f in findings if f.rule != Rule.DIFFERENCE],
            "difference_count": sum(1 for f in findings if f.rule == Rule.DIFFERENCE),
            "problems": selectors.claim_problems(user=user, claim=claim),
            "citations": citations,
            "uncited": selectors.uncited_exhibits(claim=claim, cited=cited) if can_manage else [],
            "upload_locations": [r for r in locations if upload_reach.contains(r.code)] if not full else [],
            "cite_form": CiteForm(),
        },
    )


def _figure_initial(choices) -> list[dict]:
    """The form's rows: the stored numbers, or (none yet) the votes of each participant at the first
    three locations to fill in."""
    if choices.figures:
        return [
            {
                "region": f.region_id,
                "participant": str(f.participant_id or ""),
                "metric": f.metric,
                "applicant_value": f.applicant_value,
                "official_value": f.official_value,
            }
            for f in choices.figures
        ]
    return [
        {"region": r.code, "participant": str(p.pk), "metric": Metric.VOTES}
        for r in choices.locations[:3]
        for p in choices.participants
    ]


def _figure_rows(formset, choices) -> list[dict]:
    """The filled rows of the form as the service takes them; a row without either number is left out."""
    by_code = {r.code: r for r in choices.regions}
    by_pk = {str(p.pk): p for p in choices.participants}
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or form in formset.deleted_forms:
            continue
        if data.get("applicant_value") is None and data.get("official_value") is None:
            continue
        rows.append(
            {
                "region": by_code.get(data["region"]),
                "participant": by_pk.get(data.get("participant") or ""),
                "metric": data["metric"],
                "applicant_value": data.get("applicant_value"),
                "official_value": data.get("official_value"),
            }
        )
    return rows


def _figure_errors(formset, exc: ApplicationError) -> None:
    """The service's refusal above the form, row by row ("Row 3: ...")."""
    for field, errors in exc.extra.items():
        index = field[5:-1] if field.startswith("rows[") else None
        for error in errors if isinstance(errors, list | tuple) else [errors]:
            formset.non_form_errors().append(f"{_('Row')} {int(index) + 1}: {error}" if index else str(error))
    if not exc.extra:
        formset.non_form_errors().append(exc.message)


@login_required
def claim_figures(request, pk: int):
    user = request.user
    claim = get_visible_or_404(Claim.objects.select_related("case__contest"), user, Action.MANAGE_CASES, pk=pk)
    choices = selectors.figure_choices(claim=claim)
    formset = FigureFormSet(
        request.POST if request.method == "POST" else None,
        initial=_figure_initial(choices),
        prefix="fig",
        form_kwargs={"regions": choices.regions, "participants": choices.participants},
    )
    if request.method == "POST" and formset.is_valid():
        try:
            services.claim_set_figures(actor=user, claim=claim, rows=_figure_rows(formset, choices), replace=True)
        except ApplicationError as exc:
            _figure_errors(formset, exc)
        else:
            messages.success(request, _("Numbers saved."))
            return redirect(reverse("claim_detail", args=[claim.pk]) + "#numbers")
    return render(request, "cases/claim_figures.html", {"claim": claim, "case": claim.case, "formset": formset})


@login_required
@require_POST
def claim_cite(request, pk: int):
    user = request.user
    claim = get_visible_or_404(Claim.objects.all(), user, Action.MANAGE_CASES, pk=pk)
    form = CiteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an exhibit."))
    else:
        exhibit = get_visible_or_404(
            Exhibit.objects.filter(case_id=claim.case_id), user, Action.MANAGE_CASES, pk=form.cleaned_data["exhibit"]
        )
        try:
            services_exhibits.exhibit_cite(actor=user, claim=claim, exhibit=exhibit, note=form.cleaned_data["note"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(label)s cited.") % {"label": exhibit.label})
    return redirect(reverse("claim_detail", args=[claim.pk]) + "#exhibits")


@login_required
@require_POST
def claim_uncite(request, pk: int):
    user = request.user
    claim = get_visible_or_404(Claim.objects.all(), user, Action.MANAGE_CASES, pk=pk)
    exhibit = get_visible_or_404(
        Exhibit.objects.filter(case_id=claim.case_id),
        user,
        Action.MANAGE_CASES,
        pk=int_or_404(request.POST.get("exhibit")),
    )
    try:
        services_exhibits.exhibit_uncite(actor=user, claim=claim, exhibit=exhibit)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(label)s no longer cited.") % {"label": exhibit.label})
    return redirect(reverse("claim_detail", args=[claim.pk]) + "#exhibits")


@login_required
@require_POST
def claim_problem(request, pk: int):
    """Tie a problem of the inventory to the claim's answer (or untie it with `unlink`)."""
    user = request.user
    claim = get_visible_or_404(Claim.objects.all(), user, Action.MANAGE_CASES, pk=pk)
    problem = get_visible_or_404(Problem.objects.all(), user, pk=int_or_404(request.POST.get("problem")))
    linked = not request.POST.get("unlink")
    try:
        services.claim_link_problem(actor=user, claim=claim, problem=problem, linked=linked)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        message = _("Problem #%(pk)s linked.") if linked else _("Problem #%(pk)s unlinked.")
        messages.success(request, message % {"pk": problem.pk})
    return redirect(reverse("claim_detail", args=[claim.pk]) + "#answer")
