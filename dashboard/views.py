"""The readiness dashboard and the search page: thin views over dashboard/selectors.py and search.py."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import Action
from accounts.scoping import get_visible_or_404, reach_of
from dashboard import search as search_selectors
from dashboard.selectors import WEIGHTS, dashboard, top_regions
from inventory.choices import Status
from regions.selectors import breadcrumbs, visible_regions
from results.selectors import findings_within


@login_required
def dashboard_home(request):
    """KPU RI sees the country; someone assigned to one region goes straight to it."""
    roots = top_regions(user=request.user)
    if not reach_of(request.user, Action.VIEW).everything and len(roots) == 1:
        return redirect("dashboard_region", roots[0].code)
    return _render(request, None)


@login_required
def dashboard_region(request, code: str):
    region = get_visible_or_404(visible_regions(user=request.user), request.user, code=code)
    return _render(request, region)


def _render(request, region):
    board = dashboard(user=request.user, region=region)
    crumbs = breadcrumbs(user=request.user, region=region) if region else []
    context = {"board": board, "region": region, "crumbs": crumbs, "weights": WEIGHTS, "charts": _charts(board)}
    # The KPU's own numbers that do not add up here (results/), before an applicant finds them.
    context["inconsistencies"] = findings_within(request.user, region.code if region else None)
    return render(request, "dashboard/dashboard.html", context)


def _charts(board) -> dict:
    """The numbers the charts draw (static/js/dashboard.js), the same as the table's."""
    return {
        "labels": {
            "coverage": str(_("TPS with a C.Hasil scan")),
            "ready": str(_("Problems siap")),
            "days_left": str(_("Days left")),
        },
        # What an empty chart says instead of drawing a blank axis.
        "empty": {
            "stages": str(_("No problems are recorded here yet.")),
            "coverage": str(_("Nothing to measure here yet: no TPS and no problems.")),
            "deadlines": str(_("No upcoming deadlines in the open cases.")),
        },
        "stages": [str(label) for _value, label in board.stages],
        "status_series": [
            {
                "status": status,
                "label": str(label),
                "values": [board.total.by_stage.get((stage, status), 0) for stage, _label in board.stages],
            }
            for status, label in Status.choices
        ],
        "regions": [str(_("At this level")) if row.own else row.name for row in board.rows],
        "urls": [None if row.own else reverse("dashboard_region", args=[row.code]) for row in board.rows],
        "coverage": [round(100 * row.coverage, 1) if row.coverage is not None else None for row in board.rows],
        "ready": [round(100 * row.ready_share, 1) if row.ready_share is not None else None for row in board.rows],
        "deadlines": [
            {
                "label": f"{item['case'].register_number}: {item['deadline'].label}",
                "at": item["deadline"].due_at.isoformat(),
                "url": reverse("case_detail", args=[item["case"].pk]),
            }
            for item in board.deadlines[:30]
        ],
    }


@login_required
def search(request):
    query = search_selectors.clean_query(request.GET.get("q"))
    kind = request.GET.get("kind") or None
    results = search_selectors.search(user=request.user, query=query, kind=kind) if query else None
    sections = (
        [
            {
                "name": name,
                "label": search_selectors.LABELS[name],
                "count": results.counts[name],
                "capped": name in results.capped,
                "hits": hits,
            }
            for name, hits in results.hits.items()
        ]
        if results
        else []
    )
    return render(
        request, "dashboard/search.html", {"query": query, "kind": kind, "results": results, "sections": sections}
    )
