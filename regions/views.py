from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.scoping import get_visible_or_404
from regions.models import Region
from regions.selectors import breadcrumbs, reach_roots, region_list

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
    region = get_visible_or_404(Region.objects.all(), request.user, code=code)
    children = Paginator(region_list(user=request.user, filters={"parent": region.code}), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "regions/detail.html",
        {"region": region, "crumbs": breadcrumbs(user=request.user, region=region), "page": children},
    )
