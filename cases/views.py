"""Pages of the MK cases: the case, its hearings, counsel and exhibits (the claims' pages are in
cases/views_claims.py, the numbers' import and table in cases/views_io.py). Thin: every object comes
through the scoped querysets (`visible_to`, `get_visible_or_404`: out of reach answers 404, like a
missing object) and the selectors, every write through the services, every refusal back on the page
next to its field.

Who sees what: whoever reaches the Termohon office (or another respondent office) sees the whole
case; a PPK or PPS sees the case only through the claims located in its area, read-only, with a
link to supply evidence there (what exactly: selectors.CaseSight, which the API asks too)."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import Action
from accounts.scoping import NOT_FOUND, get_visible_or_404, has_some_reach, require_some_reach
from cases import selectors, services, services_exhibits
from cases.choices import ExhibitKind, FoundationExhibit
from cases.deadlines import filing_deadline, zone_for, zone_name_for
from cases.forms import (
    CaseForm,
    CaseStatusForm,
    CounselForm,
    ExhibitForm,
    HearingForm,
    PopulationForm,
    ReorderForm,
)
from cases.foundation import foundation_checklist
from cases.models import Case, Claim, Counsel, Exhibit
from cases.standing import population_for, standing_check_for_case
from core.errors import ApplicationError
from inventory.forms import apply_error

PAGE_SIZE = 50
SOON = 72 * 3600  # seconds: deadlines this close are shown as urgent


def int_or_404(value) -> int:
    """A number from the request, or 404 (like a missing object)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None


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
    case = get_visible_or_404(selectors.case_with_parties(), request.user, Action.MANAGE_CASES, pk=pk)
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
    case = get_visible_or_404(selectors.case_with_parties().prefetch_related("other_respondent_offices"), user, pk=pk)
    now = timezone.now()
    detail = selectors.case_detail(user=user, case=case)
    full = detail.sight.whole
    context = {
        "case": case,
        "zone": zone_name_for(case.respondent_office_id),
        "tzname": zone_for(case.respondent_office_id),
        "full": full,
        "can_manage": detail.can_manage,
        "claims": detail.claim_rows,
        "exhibit_warnings": [w.message for w in detail.warnings],
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
                "warned": set(detail.warnings_by_exhibit),
                "members": members,
                "assignees": sorted(
                    {c.assignee for c in detail.claims if c.assignee_id and c.assignee not in members},
                    key=lambda u: u.username,
                ),
                "can_reorder": detail.can_manage and not case.answer_filed,
                "dossiers_page": has_some_reach(user, Action.EXPORT_DOSSIERS),
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
    for exhibit in selectors.exhibits_in_order(case=case):
        raw = request.POST.get(f"position-{exhibit.pk}", "")
        try:
            position = float(raw) if raw.strip() else float(exhibit.sequence)
        except ValueError:
            position = float(exhibit.sequence)
        positions.append((position, exhibit.sequence, exhibit.pk))
    form = ReorderForm({"order": ",".join(str(p) for _, _, p in sorted(positions))})
    if form.is_valid():
        try:
            services_exhibits.exhibit_reorder(actor=request.user, case=case, ordered_ids=form.cleaned_data["order"])
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
    case = get_visible_or_404(selectors.case_with_parties(), user, Action.MANAGE_CASES, pk=pk)
    source = request.POST if request.method == "POST" else request.GET
    claim = None
    if source.get("claim"):
        claim = get_visible_or_404(
            Claim.objects.filter(case=case), user, Action.MANAGE_CASES, pk=int_or_404(source["claim"])
        )
    form = ExhibitForm(
        request.POST if request.method == "POST" else None,
        evidence=selectors.offered_evidence(user=user, case=case),
        contest_id=case.contest_id,
        initial=_prefill(case, request.GET.get("foundation", "")),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exhibit = services_exhibits.exhibit_create(
                actor=user, case=case, confirm_other_contest=data["confirm_other_contest"], **_exhibit_fields(data)
            )
            if claim is not None:
                services_exhibits.exhibit_cite(actor=user, claim=claim, exhibit=exhibit)
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
        evidence=selectors.offered_evidence(user=user, case=case, keep=held),
        contest_id=case.contest_id,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exhibit = services_exhibits.exhibit_update(
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
