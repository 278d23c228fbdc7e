import django_filters
from django.db.models import Q

from regions import tree
from regions.choices import Level


class RegionFilter(django_filters.FilterSet):
    """The filters of the region list, shared by the page and /api/regions/."""

    parent = django_filters.CharFilter(field_name="parent_id", help_text="Code of a region: its direct children.")
    level = django_filters.ChoiceFilter(choices=Level.choices)
    code = django_filters.CharFilter(method="filter_subtree", help_text="A region code: it and its whole subtree.")
    q = django_filters.CharFilter(method="filter_text", help_text="Part of the name, or the start of the code.")

    def filter_subtree(self, queryset, name, value):
        return queryset.filter(tree.subtree_q(value))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))
