"""Pages for the numbers of a case: the applicant's claimed numbers of a claim imported from a
spreadsheet (with its template), and the side-by-side table of every claim of a case, on a page and as
a workbook. The import itself is in cases/figures_io.py, the workbook in cases/figures_export.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.choices import Action
from accounts.scoping import get_visible_or_404
from cases import figures_export, figures_io, selectors
from cases.consistency import Rule, describe
from cases.models import Case, Claim
from core.errors import ApplicationError
from core.spreadsheets import XLSX_MIME, max_import_bytes

FORMATS = ("csv", "xlsx")
ERRORS_SHOWN = 500


class FiguresImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


def _managed_claim(request, pk: int) -> Claim:
    user = request.user
    return get_visible_or_404(selectors.claims_of_managed_cases(user=user), user, Action.MANAGE_CASES, pk=pk)


@login_required
def claim_figures_template(request, pk: int):
    """The import sheet for this claim: its locations and the participants prefilled."""
    claim = _managed_claim(request, pk)
    fmt = request.GET.get("format", "xlsx").lower()
    if fmt not in FORMATS:
        return HttpResponseBadRequest(_("Choose format=csv or format=xlsx."))
    filename = f"dalil-{claim.case_id}-{claim.pk}-numbers.{fmt}"
    if fmt == "csv":
        response = HttpResponse(figures_io.figures_template_csv(claim), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(figures_io.figures_template_xlsx(claim), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def claim_figures_import(request, pk: int):
    """Upload the applicant's numbers: every row is checked; all are stored, or none."""
    claim = _managed_claim(request, pk)
    form = FiguresImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = figures_io.figures_import(actor=request.user, claim=claim, file=upload, name=upload.name)
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            if result.ok:
                messages.success(
                    request,
                    ngettext("%(n)d number imported.", "%(n)d numbers imported.", result.stored) % {"n": result.stored},
                )
                return redirect("claim_detail", pk=claim.pk)
    return render(
        request,
        "cases/figures_import.html",
        {
            "claim": claim,
            "case": claim.case,
            "form": form,
            "result": result,
            "errors": result.errors[:ERRORS_SHOWN] if result else [],
            "more_errors": max(0, len(result.errors) - ERRORS_SHOWN) if result else 0,
            "max_mb": max_import_bytes() // (1024 * 1024),
            "columns": figures_io.COLUMNS,
        },
    )


@login_required
def case_figures(request, pk: int):
    """Every visible claim's numbers, applicant against KPU, grouped by claim then location, with the
    consistency findings flagged. A fixed number of queries whatever the number of claims."""
    user = request.user
    case = get_visible_or_404(Case.objects.select_related("contest", "applicant"), user, pk=pk)
    sections = [
        {
            "claim": part.claim,
            "locations": part.locations,
            "findings": [describe(f) for f in part.findings if f.rule != Rule.DIFFERENCE],
            "difference_count": sum(1 for f in part.findings if f.rule == Rule.DIFFERENCE),
        }
        for part in selectors.case_figure_table(user=user, case=case)
    ]
    return render(
        request,
        "cases/case_figures.html",
        {
            "case": case,
            "sections": sections,
            "can_manage": selectors.can_manage(user=user, case=case),
            "flagged": sum(len(s["findings"]) for s in sections),
        },
    )


@login_required
def case_figures_export(request, pk: int):
    """The case's numbers page as an XLSX workbook: the same rows (cases.selectors.case_figure_table), with
    the official figures' source, version and times in their own columns."""
    user = request.user
    case = get_visible_or_404(Case.objects.select_related("contest__election", "applicant"), user, pk=pk)
    return FileResponse(
        figures_export.case_numbers_xlsx(case, selectors.case_figure_table(user=user, case=case)),
        as_attachment=True,
        filename=f"perkara-{case.pk}-angka.xlsx",
        content_type=XLSX_MIME,
    )
