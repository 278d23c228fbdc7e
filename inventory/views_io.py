"""Pages that move the problem inventory in and out of spreadsheets: export of the filtered list,
import of a filled template, and the template itself. The work is in inventory/spreadsheets.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.choices import Action
from accounts.scoping import require_some_reach
from core.errors import ApplicationError
from inventory import selectors, spreadsheets

FORMATS = ("csv", "xlsx")
ERRORS_SHOWN = 500


def _format(request, default: str) -> str | None:
    fmt = request.GET.get("format", default).lower()
    return fmt if fmt in FORMATS else None


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


@login_required
def problem_export(request):
    """The problem list as the user filtered it, in their reach only, as CSV (streamed) or XLSX."""
    fmt = _format(request, "csv")
    if fmt is None:
        return HttpResponseBadRequest(_("Choose format=csv or format=xlsx."))
    filters = request.GET.copy()
    filters.pop("format", None)
    filters.pop("page", None)
    problems = selectors.problem_list(user=request.user, filters=filters)
    if fmt == "csv":
        response = StreamingHttpResponse(
            spreadsheets.export_csv_chunks(problems), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="problems-{_stamp()}.csv"'
        return response
    return FileResponse(
        spreadsheets.export_xlsx(problems),
        as_attachment=True,
        filename=f"problems-{_stamp()}.xlsx",
        content_type=spreadsheets.XLSX_MIME,
    )


@login_required
def problem_import_template(request):
    """An empty inventory sheet with the right columns (and, in XLSX, the valid codes)."""
    require_some_reach(request.user, Action.EDIT_INVENTORY)
    fmt = _format(request, "xlsx")
    if fmt is None:
        return HttpResponseBadRequest(_("Choose format=csv or format=xlsx."))
    if fmt == "csv":
        response = HttpResponse(spreadsheets.problem_template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="problem-inventory-template.csv"'
        return response
    response = HttpResponse(spreadsheets.problem_template_xlsx(), content_type=spreadsheets.XLSX_MIME)
    response["Content-Disposition"] = 'attachment; filename="problem-inventory-template.xlsx"'
    return response


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


@login_required
def problem_import(request):
    """Upload a filled template: every row is checked; all rows are stored, or none."""
    require_some_reach(request.user, Action.EDIT_INVENTORY)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = spreadsheets.problem_import(actor=request.user, file=upload, name=upload.name)
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            if result.ok:
                count = len(result.created)
                messages.success(
                    request,
                    ngettext("%(n)d problem imported.", "%(n)d problems imported.", count) % {"n": count},
                )
                return redirect("problem_list")
    return render(
        request,
        "inventory/import.html",
        {
            "form": form,
            "result": result,
            "errors": result.errors[:ERRORS_SHOWN] if result else [],
            "more_errors": max(0, len(result.errors) - ERRORS_SHOWN) if result else 0,
            "max_mb": spreadsheets.max_import_bytes() // (1024 * 1024),
            "max_rows": spreadsheets.MAX_ROWS,
            "columns": spreadsheets.COLUMNS,
        },
    )
