"""Pages of the official results: the discrepancy report, the imports and the D.Hasil template. The
work is in results/selectors.py, results/sirekap.py and results/dhasil.py."""

from collections import Counter
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scoping import require_some_reach
from core.errors import ApplicationError
from core.spreadsheets import XLSX_MIME, max_import_bytes
from elections.choices import Stage
from elections.models import Contest, Participant
from inventory.models import Category
from regions.models import Region
from results import dhasil, selectors, sirekap
from results.choices import Figure
from results.consistency import VOTES, Rule, depth_of
from results.store import IMPORT_ACTION
from results.tasks import warm_findings

SHOWN = 500  # findings listed on the page; the counts cover them all
STAGE_AT_DEPTH = {5: Stage.PENGHITUNGAN, 3: Stage.REKAP_PPK, 2: Stage.REKAP_KABKO, 1: Stage.REKAP_PROVINSI}
TALLY_CATEGORY = "ketidaksesuaian-penghitungan"
KINDS = (("sirekap", gettext_lazy("Sirekap JSON (per TPS)")), ("dhasil", gettext_lazy("D.Hasil sheet (.xlsx, .csv)")))
LEVELS = (
    ("district", gettext_lazy("Kecamatan (D.Hasil Kecamatan)")),
    ("regency", gettext_lazy("Kabupaten/kota (D.Hasil Kabupaten/Kota)")),
    ("province", gettext_lazy("Province (D.Hasil Provinsi)")),
    (dhasil.NATIONAL, gettext_lazy("National (D.Hasil Nasional)")),
)


def _contest(request, contests):
    """The contest chosen by ?contest=, among `contests` (visible ones); the first when none is chosen."""
    wanted = request.GET.get("contest", "")
    if wanted.isdigit():
        return contests.filter(pk=int(wanted)).first()
    return contests.first()


def _problem_link(finding, region, participant_names, category) -> str:
    what = participant_names.get(finding.participant) if finding.metric == VOTES else Figure(finding.metric).label
    where = f"{region.code} {region.name}" if region else _("Indonesia")
    description = _("%(rule)s at %(where)s: %(what)s is %(actual)s in the official figures, %(expected)s expected.") % {
        "rule": finding.message,
        "where": where,
        "what": what,
        "actual": finding.actual,
        "expected": finding.expected,
    }
    query = {
        "region": finding.region or "",
        "stage": STAGE_AT_DEPTH.get(depth_of(finding.region), Stage.REKAP_NASIONAL),
        "title": str(finding.message)[:200],
        "description": description,
    }
    if category:
        query["category"] = category.pk
    return reverse("problem_create") + "?" + urlencode(query)


@login_required
def report(request):
    """The inconsistencies of the official figures of one contest in the user's reach."""
    contests = selectors.contests_with_results(request.user)
    contest = _contest(request, contests)
    region = request.GET.get("region") or None
    result = selectors.contest_report(user=request.user, contest=contest, region=region) if contest else None
    rows = []
    if result:
        shown = result.findings[:SHOWN]
        codes = {f.region for f in shown}
        regions = Region.objects.in_bulk([c for c in codes if c])
        evidence = selectors.evidence_on_file(user=request.user, contest=contest, codes=codes)
        status = selectors.sirekap_status(user=request.user, contest=contest, codes=codes)
        names = dict(Participant.objects.filter(contest=contest).values_list("pk", "name"))
        category = Category.objects.filter(slug=TALLY_CATEGORY).first()
        for finding in shown:
            place = regions.get(finding.region)
            rows.append(
                {
                    "finding": finding,
                    "region": place,
                    "what": names.get(finding.participant) if finding.metric == VOTES else Figure(finding.metric).label,
                    "evidence": evidence.get(finding.region, {"count": 0, "verified": 0}),
                    "sirekap": status.get(finding.region),
                    "problem_url": _problem_link(finding, place, names, category),
                }
            )
    summary = []
    if result:
        found = Counter(f.rule for f in result.findings)
        outcome = result.outcome
        summary = [(rule.label, found[rule], outcome.checked[rule], outcome.unchecked[rule]) for rule in Rule]
    return render(
        request,
        "results/report.html",
        {
            "contests": contests,
            "contest": contest,
            "report": result,
            "rows": rows,
            "summary": summary,
            "more": max(0, len(result.findings) - SHOWN) if result else 0,
        },
    )


class ImportForm(forms.Form):
    contest = forms.ModelChoiceField(label=gettext_lazy("Contest"), queryset=Contest.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Kind of file"), choices=KINDS)
    file = forms.FileField(
        label=gettext_lazy("File"), widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx,.csv"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contest"].queryset = Contest.objects.visible_to(user).select_related("election", "region", "dapil")


@login_required
def results_import(request):
    """Upload a Sirekap JSON file or a filled D.Hasil sheet: all of it is stored, or none."""
    require_some_reach(request.user, IMPORT_ACTION)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        upload, contest = form.cleaned_data["file"], form.cleaned_data["contest"]
        importer = sirekap.sirekap_import if form.cleaned_data["kind"] == "sirekap" else dhasil.dhasil_import
        try:
            result, stored = importer(actor=request.user, contest=contest, file=upload, name=upload.name)
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            if result.ok:
                if stored.changed:
                    transaction.on_commit(lambda: warm_findings.delay(contest.pk), robust=True)
                messages.success(
                    request,
                    _("%(n)d locations read, %(changed)d with new figures.")
                    % {"n": stored.locations, "changed": stored.changed},
                )
                return redirect(reverse("results_report") + f"?contest={contest.pk}")
    return render(
        request,
        "results/import.html",
        {
            "form": form,
            "result": result,
            "errors": result.errors[:SHOWN] if result else [],
            "levels": LEVELS,
            "contests": form.fields["contest"].queryset,
            "max_mb": max_import_bytes() // (1024 * 1024),
        },
    )


@login_required
def dhasil_template(request):
    """The D.Hasil sheet of one contest and level, prefilled with the regions in the user's reach."""
    reach = require_some_reach(request.user, IMPORT_ACTION)
    contest = _contest(request, Contest.objects.visible_to(request.user))
    level = request.GET.get("level", "district")
    fmt = request.GET.get("format", "xlsx")
    if contest is None or level not in dict(LEVELS) or fmt not in ("csv", "xlsx"):
        return HttpResponseBadRequest(_("Choose a contest, a level and format=csv or format=xlsx."))
    name = f"d-hasil-{contest.pk}-{level}"
    if fmt == "csv":
        response = HttpResponse(
            dhasil.template_csv(contest=contest, level=level, reach=reach), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(dhasil.template_xlsx(contest=contest, level=level, reach=reach), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
