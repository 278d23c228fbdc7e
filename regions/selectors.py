"""Read queries on the region tree shared by pages and API."""

from django.db.models import Count

from regions import tree
from regions.filters import RegionFilter
from regions.models import Region, reach_of


def region_queryset(*, user):
    """Regions in the user's reach, each with its number of children."""
    return Region.objects.visible_to(user).annotate(child_count=Count("children")).order_by("code")


def region_list(*, user, filters: dict):
    """Filtered regions in reach; raises nothing, invalid filters are ignored (the API validates first)."""
    return RegionFilter(filters, queryset=region_queryset(user=user)).qs


def reach_roots(*, user):
    """The top regions of the user's reach: where their browsing starts."""
    reach = reach_of(user)
    qs = Region.objects.annotate(child_count=Count("children")).order_by("code")
    if reach.everything:
        return qs.filter(parent__isnull=True)
    return qs.filter(code__in=reach.prefixes)


def breadcrumbs(*, user, region: Region) -> list[Region]:
    """Ancestors of `region` that the user may open, top first; those above the reach are left out."""
    reach = reach_of(user)
    ancestors = [c for c in tree.ancestors(region.code) if reach.contains(c)]
    return list(Region.objects.filter(code__in=ancestors).order_by("code"))


def visible_regions(*, user, action: str = "view"):
    """The regions in the user's reach for `action`: where a page looks one up by its code."""
    return Region.objects.visible_to(user, action)


def region_hints(*, user, action: str = "view", parent: Region | None = None, limit: int = 500):
    """(code, name) of regions in reach offered as suggestions in a region field, by code; only the
    children of `parent` when one is given."""
    regions = Region.objects.visible_to(user, action).order_by("code")
    if parent is not None:
        regions = regions.filter(parent=parent)
    return regions.values_list("code", "name")[:limit]
