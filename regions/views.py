from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render

from core.errors import NOT_FOUND
from regions.models import Region
from regions.picker import parse_levels, pick_regions
from regions.selectors import breadcrumbs, reach_roots, region_list, visible_regions

PAGE_SIZE = 100


@login_required
def region_browse(request):
    """Where browsing starts: the top of the user's reach, or search results within it."""
    q = request.GET.get("q", "").strip()
    if q:
        results = Paginator(region_list(user=request.user, filters={"q": q}), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return render(request, "regions/browse.html", {"q": q, "page": results})
    return render(request, "regions/browse.html", {"roots": reach_roots(user=request.user)})


@login_required
def region_detail(request, code: str):
    try:
        region = visible_regions(user=request.user).get(code=code)
    except Region.DoesNotExist:
        raise Http404(NOT_FOUND) from None  # out of reach reads exactly like missing
    children = Paginator(region_list(user=request.user, filters={"parent": region.code}), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "regions/detail.html",
        {"region": region, "crumbs": breadcrumbs(user=request.user, region=region), "page": children},
    )


@login_required
def region_pick(request):
    """The region picker's suggestions (regions/picker.py) as JSON: only regions in the caller's reach for
    the form's `action`, as the form itself checks the code it gets."""
    get = request.GET
    results = pick_regions(
        user=request.user,
        action=get.get("action", "view"),
        q=get.get("q", "").strip()[:100],
        parent=get.get("parent", "").strip()[:20],
        within=get.get("within", "").strip()[:20],
        levels=parse_levels(get.get("levels", "")),
    )
    return JsonResponse({"results": results})
