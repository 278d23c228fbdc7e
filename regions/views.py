from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from core.errors import NOT_FOUND
from regions.models import Region
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
