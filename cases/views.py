"""Pages of the MK cases. Thin: every object comes through the scoped querysets (`visible_to`,
`get_visible_or_404`: out of reach answers 404, like a missing object), every write through
cases.services, every refusal back on the page next to its field.

Who sees what: whoever reaches the Termohon office (or another respondent office) sees the whole
case; a PPK or PPS sees the case only through the claims located in its area, read-only, with a
link to supply evidence there."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import Action
from accounts.scoping import NOT_FOUND, get_visible_or_404, has_some_reach, reach_of, require_some_reach
from cases import selectors, services
from cases.choices import ClaimStatus, ExhibitKind, FoundationExhibit, Metric
from cases.consistency import Rule, describe
from cases.deadlines import filing_deadline, zone_for, zone_name_for
from cases.forms import (
    CaseForm,
    CaseStatusForm,
    CiteForm,
    ClaimForm,
    CounselForm,
    ExhibitForm,
    FigureFormSet,
    HearingForm,
    PopulationForm,
    ReorderForm,
)
from cases.foundation import foundation_checklist
from cases.models import Case, Claim, Counsel, Exhibit
from cases.standing import population_for, standing_check_for_case
from core.errors import ApplicationError
from dossiers.views import case_panel_context
from elections.models import Participant
from inventory.forms import apply_error
from inventory.models import Evidence, Problem
from regions import tree
from regions.models import Region

PAGE_SIZE = 50
EVIDENCE_CHOICES = 200  # the newest evidence of the office offered when making an exhibit
SOON = 72 * 3600  # seconds: deadlines this close are shown as urgent


def _int_or_404(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None


def _case_queryset():
    return Case.objects.select_related(
        "contest__election", "contest__region", "applicant", "related_party", "respondent_office"
    )


def _office_codes(case) -> list:
    return [case.respondent_office_id, *(r.pk for r in case.other_respondent_offices.all())]


def _reaches_office(user, case, action: str = Action.VIEW) -> bool:
    reach = reach_of(user, action)
    return any(reach.contains(code) for code in _office_codes(case))


def _countdown(due, now) -> dict:
    seconds = int((due - now).total_seconds())
    days, rest = divmod(abs(seconds), 86400)
    return {"past": seconds < 0, "soon": 0 <= seconds <= SOON, "days": days, "hours": rest // 3600}


# Cases ------------------------------------------------------------------------------------------


@login_required
def case_list(request):
    user = request.user
    filterset = selectors.case_filterset(user=user, data=request.GET)
    cases = filterset.qs if filterset.is_valid() else filterset.queryset
    for field in filterset.form.fields.values():
        field.required = False
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/case_list.html",
        {
            "form": filterset.form,
            "filters_active": any(v for k, v in request.GET.items() if k != "page"),
            "page": page,
            "cases": page.object_list,
            "can_create": has_some_reach(user, Action.MANAGE_CASES),
        },
    )


@login_required
def case_create(request):
    require_some_reach(request.user, Action.MANAGE_CASES)
    form = CaseForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        accepted=services.CASE_FIELDS - CaseForm.LATER,
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k in services.CASE_FIELDS}
        try:
            case = services.case_create(actor=request.user, **fields)
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Case %(number)s registered.") % {"number": case.register_number})
            return redirect("case_detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form})


def _case_initial(case) -> dict:
    initial = {name: getattr(case, name) for name in services.CASE_FIELDS}
    for name in ("contest", "applicant", "related_party"):
        initial[name] = getattr(case, f"{name}_id")
    initial["respondent_office"] = case.respondent_office_id or ""
    return initial


@login_required
def case_update(request, pk: int):
    """Change the case's data: the petition, key times, official votes and the filing (who answers, for
    whom, where and when). Times are read in the Termohon office's zone."""
    case = get_visible_or_404(_case_queryset(), request.user, Action.MANAGE_CASES, pk=pk)
    with timezone.override(zone_for(case.respondent_office_id)):
        form = CaseForm(
            request.POST if request.method == "POST" else None,
            user=request.user,
            accepted=services.CASE_FIELDS,
            initial=_case_initial(case),
        )
        if request.method == "POST" and form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k in services.CASE_FIELDS}
            try:
                case = services.case_update(actor=request.user, case=case, **fields)
            except ApplicationError as exc:
                apply_error(form, exc)
            else:
                messages.success(request, _("Case %(number)s saved.") % {"number": case.register_number})
                return redirect("case_detail", pk=case.pk)
        return render(request, "cases/case_form.html", {"form": form, "case": case})


def _order_rows(orders) -> list[dict]:
    """Ordered actions with their due date, or "period not entered": the ruling sets the period of a
    PSU, recount or re-tally and there is no default to fall back on."""
    return [{"order": order, "period_missing": order.period_amount is None} for order in orders]


@login_required
def case_detail(request, pk: int):
    user = request.user
    case = get_visible_or_404(_case_queryset().prefetch_related("other_respondent_offices"), user, pk=pk)
    now = timezone.now()
    full = _reaches_office(user, case)
    detail = selectors.case_detail(user=user, case=case)
    context = {
        "case": case,
        "zone": zone_name_for(case.respondent_office_id),
        "tzname": zone_for(case.respondent_office_id),
        "full": full,
        "can_manage": detail.can_manage,
        "claims": detail.claims,
        "key_times": [
            (_("KPU result decree"), case.result_decree_at),
            (_("Petition filed"), case.petition_filed_at),
            (_("Registered in e-BRPK"), case.ebrpk_registered_at),
            (_("Decision"), case.decision_at),
            (_("MK notice received"), case.mk_notice_received_at),
            (_("Penetapan of the elected"), case.elected_determined_at),
        ],
    }
    if full:
        members = detail.members
        by_hearing = defaultdict(list)
        for d in detail.deadlines:
            if d.hearing_id and d.due_at:
                by_hearing[d.hearing_id].append(d)
        population_region = _population_region(case)
        context.update(
            {
                "hearings": [(h, by_hearing.get(h.pk, [])) for h in detail.hearings],
                "status_form": CaseStatusForm(initial={"status": case.status}),
                "hearing_form": HearingForm(),
                "population_region": population_region,
                "population_form": PopulationForm(initial={"year": _election_year(case)})
                if population_region is not None
                else None,
                "deadlines": [
                    {"deadline": d, "countdown": _countdown(d.due_at, now) if d.due_at else None}
                    for d in detail.deadlines
                ],
                "filing": filing_deadline(case),
                "standing": None if population_region is not None else standing_check_for_case(case),
                "exhibits": detail.exhibits,
                "exhibit_warnings": [w.message for w in detail.warnings],
                "warned": set(detail.warnings_by_exhibit),
                "members": members,
                "assignees": sorted(
                    {c.assignee for c in detail.claims if c.assignee_id and c.assignee not in members},
                    key=lambda u: u.username,
                ),
                "can_reorder": detail.can_manage and not case.answer_filed,
                "dossier_panel": case_panel_context(user, case),
                "orders": _order_rows(detail.orders),
                "counsel": [
                    (c, CounselForm(prefix=f"counsel-{c.pk}", initial=_counsel_initial(c))) for c in detail.counsel
                ],
                "counsel_form": CounselForm(prefix="counsel"),
                "foundation": detail.foundation,
                "foundation_missing": [item for item in detail.foundation if not item.present],
                "foundation_out_of_place": detail.foundation_out_of_place,
                "gaps": detail.gaps,
            }
        )
    return render(request, "cases/case_detail.html", context)


def _election_year(case) -> int | None:
    return case.contest.election.voting_date.year if case.contest_id else None


def _population_region(case):
    """The contest's region when the Pasal 158 check needs its population and none is entered."""
    from cases.choices import PILKADA_KINDS

    region = case.contest.region if case.contest_id else None
    if case.kind not in PILKADA_KINDS or region is None or population_for(region) is not None:
        return None
    return region


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _service_error(request, exc: ApplicationError) -> None:
    details = []
    for errors in exc.extra.values():
        details += [str(e) for e in (errors if isinstance(errors, list | tuple) else [errors])]
    messages.error(request, " ".join([exc.message, *[d for d in details if d != exc.message]]))


@login_required
@require_POST
def case_status(request, pk: int):
    case = get_visible_or_404(Case.objects.all(), request.user, Action.MANAGE_CASES, pk=pk)
    form = CaseStatusForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        was_filed = case.answer_filed
        try:
            case = services.case_set_status(actor=request.user, case=case, status=form.cleaned_data["status"])
        except ApplicationError as exc:
            _service_error(request, exc)
        else:
            messages.success(request, _("Stage: %(status)s.") % {"status": case.get_status_display()})
            if case.answer_filed and not was_filed:
                messages.info(request, _("The answer is filed: exhibit labels are now frozen."))
    return redirect("case_detail", pk=case.pk)


@login_required
@require_POST
def hearing_create(request, pk: int):
    case = get_visible_or_404(Case.objects.all(), request.user, Action.MANAGE_CASES, pk=pk)
    form = HearingForm(request.POST)
    with timezone.override(zone_for(case.respondent_office_id)):  # the time as the office reads it
        valid = form.is_valid()
    if not valid:
        _form_errors(request, form)
    else:
        try:
            services.hearing_add(actor=request.user, case=case, **form.cleaned_data)
        except ApplicationError as exc:
            _service_error(request, exc)
        else:
            messages.success(request, _("Hearing added."))
    return redirect(reverse("case_detail", args=[case.pk]) + "#hearings")


@login_required
@require_POST
def case_population(request, pk: int):
    case = get_visible_or_404(Case.objects.select_related("contest__region"), request.user, Action.MANAGE_CASES, pk=pk)
    region = case.contest.region if case.contest_id else None
    if region is None:
        raise Http404(NOT_FOUND)
    form = PopulationForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services.region_population_set(actor=request.user, region=region, **form.cleaned_data)
        except ApplicationError as exc:
            _service_error(request, exc)
        else:
            messages.success(request, _("Population of %(region)s saved.") % {"region": region.name})
    return redirect(reverse("case_detail", args=[case.pk]) + "#eksepsi")


@login_required
@require_POST
def case_exhibit_reorder(request, pk: int):
    case = get_visible_or_404(Case.objects.all(), request.user, Action.MANAGE_CASES, pk=pk)
    positions = []
    for exhibit in Exhibit.objects.filter(case=case).order_by("sequence"):
        raw = request.POST.get(f"position-{exhibit.pk}", "")
        try:
            position = float(raw) if raw.strip() else float(exhibit.sequence)
        except ValueError:
            position = float(exhibit.sequence)
        positions.append((position, exhibit.sequence, exhibit.pk))
    form = ReorderForm({"order": ",".join(str(p) for _, _, p in sorted(positions))})
    if form.is_valid():
        try:
            services.exhibit_reorder(actor=request.user, case=case, ordered_ids=form.cleaned_data["order"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Exhibits renumbered."))
    return redirect(reverse("case_detail", args=[case.pk]) + "#exhibits")


def _counsel_initial(counsel) -> dict:
    return {"name": counsel.name, "kind": counsel.kind, "substitute": counsel.substitute, "position": counsel.position}


def _counsel_fields(data) -> dict:
    fields = {k: data[k] for k in ("name", "kind", "substitute")}
    if data.get("position") is not None:
        fields["position"] = data["position"]
    return fields


@login_required
@require_POST
def counsel_create(request, pk: int):
    case = get_visible_or_404(Case.objects.all(), request.user, Action.MANAGE_CASES, pk=pk)
    form = CounselForm(request.POST, prefix="counsel")
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            counsel = services.counsel_add(actor=request.user, case=case, **_counsel_fields(form.cleaned_data))
        except ApplicationError as exc:
            _service_error(request, exc)
        else:
            messages.success(request, _("%(name)s added to the counsel.") % {"name": counsel.name})
    return redirect(reverse("case_detail", args=[case.pk]) + "#filing")


@login_required
@require_POST
def counsel_update(request, pk: int):
    counsel = get_visible_or_404(Counsel.objects.all(), request.user, Action.MANAGE_CASES, pk=pk)
    form = CounselForm(request.POST, prefix=f"counsel-{counsel.pk}")
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            counsel = services.counsel_update(actor=request.user, counsel=counsel, **_counsel_fields(form.cleaned_data))
        except ApplicationError as exc:
            _service_error(request, exc)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": counsel.name})
    return redirect(reverse("case_detail", args=[counsel.case_id]) + "#filing")


@login_required
@require_POST
def counsel_remove(request, pk: int):
    counsel = get_visible_or_404(Counsel.objects.all(), request.user, Action.MANAGE_CASES, pk=pk)
    try:
        services.counsel_remove(actor=request.user, counsel=counsel)
    except ApplicationError as exc:
        _service_error(request, exc)
    else:
        messages.success(request, _("%(name)s removed from the counsel.") % {"name": counsel.name})
    return redirect(reverse("case_detail", args=[counsel.case_id]) + "#filing")


def _offered_evidence(user, case, keep=()):
    """The evidence offered for an exhibit: the newest of the office's area the user sees, plus what the
    exhibit already holds."""
    evidence = Evidence.objects.visible_to(user).order_by("-uploaded_at", "-id")
    if case.respondent_office_id:
        evidence = evidence.filter(tree.subtree_q(case.respondent_office_id, "region__code"))
    newest = Q(pk__in=evidence.values("pk")[:EVIDENCE_CHOICES])
    held = Q(pk__in=Evidence.objects.visible_to(user).filter(pk__in=[e.pk for e in keep]).values("pk"))
    return (
        Evidence.objects.filter(newest | held)
        .select_related("region", "contest__election", "contest__region", "contest__dapil")
        .order_by("-id")
    )


EXHIBIT_FORM_FIELDS = ("description", "kind", "document_number", "document_date", "presented_as", "foundation")


def _exhibit_fields(data) -> dict:
    return {name: data[name] for name in EXHIBIT_FORM_FIELDS} | {"evidence": data["evidence"]}


def _say_kind(request, asked: str, exhibit) -> None:
    if asked != exhibit.kind and exhibit.kind == ExhibitKind.OTHER:
        messages.info(
            request,
            _("%(label)s consists of photos or videos only: it is listed as other evidence (alat bukti lain).")
            % {"label": exhibit.label},
        )


def _prefill(case, role: str) -> dict:
    """The exhibit form opened from the foundation checklist: the role and the description it would have."""
    if role not in FoundationExhibit.values:
        return {}
    item = next(i for i in foundation_checklist(case, []) if i.role == role)
    initial = {"foundation": role, "description": item.suggestion, "kind": ExhibitKind.DOCUMENT}
    if item.document_number:
        initial["document_number"] = item.document_number
    if item.document_date:
        initial["document_date"] = item.document_date
    return initial


@login_required
def exhibit_create(request, pk: int):
    user = request.user
    case = get_visible_or_404(_case_queryset(), user, Action.MANAGE_CASES, pk=pk)
    source = request.POST if request.method == "POST" else request.GET
    claim = None
    if source.get("claim"):
        claim = get_visible_or_404(
            Claim.objects.filter(case=case), user, Action.MANAGE_CASES, pk=_int_or_404(source["claim"])
        )
    form = ExhibitForm(
        request.POST if request.method == "POST" else None,
        evidence=_offered_evidence(user, case),
        contest_id=case.contest_id,
        initial=_prefill(case, request.GET.get("foundation", "")),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exhibit = services.exhibit_create(
                actor=user, case=case, confirm_other_contest=data["confirm_other_contest"], **_exhibit_fields(data)
            )
            if claim is not None:
                services.exhibit_cite(actor=user, claim=claim, exhibit=exhibit)
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Exhibit %(label)s added.") % {"label": exhibit.label})
            _say_kind(request, data["kind"], exhibit)
            if claim is not None:
                return redirect(reverse("claim_detail", args=[claim.pk]) + "#exhibits")
            return redirect(reverse("case_detail", args=[case.pk]) + "#exhibits")
    return render(request, "cases/exhibit_form.html", {"form": form, "case": case, "claim": claim})


@login_required
def exhibit_update(request, pk: int):
    user = request.user
    exhibit = get_visible_or_404(Exhibit.objects.select_related("case__contest"), user, Action.MANAGE_CASES, pk=pk)
    case = exhibit.case
    held = list(exhibit.evidence.all())
    initial = {name: getattr(exhibit, name) for name in EXHIBIT_FORM_FIELDS} | {"evidence": [e.pk for e in held]}
    form = ExhibitForm(
        request.POST if request.method == "POST" else None,
        evidence=_offered_evidence(user, case, keep=held),
        contest_id=case.contest_id,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exhibit = services.exhibit_update(
                actor=user,
                exhibit=exhibit,
                confirm_other_contest=data["confirm_other_contest"],
                **_exhibit_fields(data),
            )
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Exhibit %(label)s saved.") % {"label": exhibit.label})
            _say_kind(request, data["kind"], exhibit)
            return redirect(reverse("case_detail", args=[case.pk]) + "#exhibits")
    return render(request, "cases/exhibit_form.html", {"form": form, "case": case, "exhibit": exhibit})


# Claims -----------------------------------------------------------------------------------------


def _claim_regions(user, case):
    """Where a claim may be located: the regions the user reaches inside the contest's area."""
    regions = Region.objects.visible_to(user, Action.MANAGE_CASES)
    area = case.contest.region_id if case.contest_id else None
    if area:
        regions = regions.filter(tree.subtree_q(area))
    return regions


def _claim_fields(data) -> dict:
    fields = {k: data[k] for k in ("number", "summary", "category", "response", "assignee")}
    fields["locations"] = data["locations"]
    return fields


@login_required
def claim_create(request, pk: int):
    user = request.user
    case = get_visible_or_404(_case_queryset(), user, Action.MANAGE_CASES, pk=pk)
    form = ClaimForm(request.POST if request.method == "POST" else None, regions=_claim_regions(user, case))
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
        request.POST if request.method == "POST" else None, regions=_claim_regions(user, case), initial=initial
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


def _side_by_side(rows):
    """The side-by-side rows grouped per location, in code order."""
    by_region = defaultdict(list)
    for row in rows:
        row.flags = [f for f in row.findings if f.rule != Rule.DIFFERENCE]
        by_region[row.region].append(row)
    return sorted(by_region.items(), key=lambda item: item[0].code)


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
    full = _reaches_office(user, case)
    can_manage = _reaches_office(user, case, Action.MANAGE_CASES)
    findings = selectors.claim_consistency(claim=claim)
    locations = list(claim.locations.order_by("code"))
    upload_reach = reach_of(user, Action.UPLOAD_EVIDENCE)
    citations = list(
        claim.citations.select_related("exhibit").prefetch_related("exhibit__evidence").order_by("exhibit__sequence")
    )
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
            "table": _side_by_side(selectors.figure_table(claim=claim, findings=findings)),
            "findings": [describe(f) for f in findings if f.rule != Rule.DIFFERENCE],
            "difference_count": sum(1 for f in findings if f.rule == Rule.DIFFERENCE),
            "problems": Problem.objects.visible_to(user).filter(claims=claim).select_related("region"),
            "citations": citations,
            "uncited": Exhibit.objects.filter(case=case).exclude(pk__in=cited).order_by("sequence")
            if can_manage
            else [],
            "upload_locations": [r for r in locations if upload_reach.contains(r.code)] if not full else [],
            "cite_form": CiteForm(),
        },
    )


@login_required
def claim_figures(request, pk: int):
    user = request.user
    claim = get_visible_or_404(Claim.objects.select_related("case__contest"), user, Action.MANAGE_CASES, pk=pk)
    case = claim.case
    locations = list(claim.locations.order_by("code"))
    children = Region.objects.filter(parent__in=locations).order_by("code")[:200] if locations else []
    regions = locations + [r for r in children if r not in locations]
    if not regions and case.contest.region_id:
        regions = [case.contest.region]
    participants = list(Participant.objects.filter(contest_id=case.contest_id).order_by("ballot_number"))
    existing = list(
        claim.figures.select_related("participant").order_by("region_id", "metric", "participant__ballot_number")
    )
    initial = [
        {
            "region": f.region_id,
            "participant": str(f.participant_id or ""),
            "metric": f.metric,
            "applicant_value": f.applicant_value,
            "official_value": f.official_value,
        }
        for f in existing
    ]
    if not initial:
        initial = [
            {"region": r.code, "participant": str(p.pk), "metric": Metric.VOTES}
            for r in locations[:3]
            for p in participants
        ]
    kwargs = {"regions": regions, "participants": participants}
    formset = FigureFormSet(
        request.POST if request.method == "POST" else None, initial=initial, prefix="fig", form_kwargs=kwargs
    )
    if request.method == "POST" and formset.is_valid():
        by_code = {r.code: r for r in regions}
        by_pk = {str(p.pk): p for p in participants}
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
        try:
            services.claim_set_figures(actor=user, claim=claim, rows=rows, replace=True)
        except ApplicationError as exc:
            for field, errors in exc.extra.items():
                index = field[5:-1] if field.startswith("rows[") else None
                for error in errors if isinstance(errors, list | tuple) else [errors]:
                    formset.non_form_errors().append(f"{_('Row')} {int(index) + 1}: {error}" if index else str(error))
            if not exc.extra:
                formset.non_form_errors().append(exc.message)
        else:
            messages.success(request, _("Numbers saved."))
            return redirect(reverse("claim_detail", args=[claim.pk]) + "#numbers")
    return render(request, "cases/claim_figures.html", {"claim": claim, "case": case, "formset": formset})


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
            services.exhibit_cite(actor=user, claim=claim, exhibit=exhibit, note=form.cleaned_data["note"])
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
        pk=_int_or_404(request.POST.get("exhibit")),
    )
    try:
        services.exhibit_uncite(actor=user, claim=claim, exhibit=exhibit)
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
    problem = get_visible_or_404(Problem.objects.all(), user, pk=_int_or_404(request.POST.get("problem")))
    linked = not request.POST.get("unlink")
    try:
        services.claim_link_problem(actor=user, claim=claim, problem=problem, linked=linked)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        message = _("Problem #%(pk)s linked.") if linked else _("Problem #%(pk)s unlinked.")
        messages.success(request, message % {"pk": problem.pk})
    return redirect(reverse("claim_detail", args=[claim.pk]) + "#answer")
