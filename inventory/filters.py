import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from elections.choices import Stage
from inventory.choices import EvidenceKind, Risk, Status, Verification
from inventory.models import Category
from regions import tree

PROBLEM_ORDERING = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "region": ("region_id", "-id"),
    "risk": ("-risk_rank", "-created_at", "-id"),
    "occurred": ("-occurred_at", "-id"),
    "updated": ("-updated_at", "-id"),
}


class ProblemFilter(django_filters.FilterSet):
    """The filters of the problem inventory, shared by the page, /api/problems/ and the exports."""

    region = django_filters.CharFilter(method="filter_subtree", label=_("Region (code, with everything below)"))
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), to_field_name="slug", label=_("Category")
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))
    risk = django_filters.ChoiceFilter(choices=Risk.choices, label=_("Dispute risk"))
    contest = IdFilter(field_name="contest_id", label=_("Contest"))
    verified_evidence = django_filters.BooleanFilter(
        method="filter_verified", label=_("Has verified evidence"), widget=django_filters.widgets.BooleanWidget()
    )
    assignee = django_filters.CharFilter(field_name="assignee__username", label=_("Assignee (username)"))
    open = django_filters.BooleanFilter(
        method="filter_open", label=_("Open (new or being followed up)"), widget=django_filters.widgets.BooleanWidget()
    )
    unassigned = django_filters.BooleanFilter(
        method="filter_unassigned", label=_("Open, nobody handles it"), widget=django_filters.widgets.BooleanWidget()
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Text"))
    ordering = django_filters.ChoiceFilter(
        method="filter_ordering",
        choices=[(k, k) for k in PROBLEM_ORDERING],
        label=_("Sort"),
        empty_label=None,
    )

    def filter_subtree(self, queryset, name, value):
        return queryset.filter(tree.subtree_q(value.strip(), "region__code"))

    def filter_verified(self, queryset, name, value):
        return queryset.filter(verified_evidence=value)

    def filter_open(self, queryset, name, value):
        return queryset.open() if value else queryset.exclude(pk__in=queryset.open().values("pk"))

    def filter_unassigned(self, queryset, name, value):
        unassigned = queryset.unassigned_open()
        return unassigned if value else queryset.exclude(pk__in=unassigned.values("pk"))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        text = Q(title__icontains=value) | Q(description__icontains=value) | Q(chronology__icontains=value)
        text |= Q(bawaslu_reference__icontains=value) | Q(region__name__icontains=value)
        if value.isdigit():
            text |= Q(pk=int(value))
        return queryset.filter(text)

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*PROBLEM_ORDERING.get(value, PROBLEM_ORDERING["newest"]))


class EvidenceFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(method="filter_subtree", label=_("Region (code, with everything below)"))
    kind = django_filters.ChoiceFilter(choices=EvidenceKind.choices, label=_("Kind"))
    verification = django_filters.ChoiceFilter(choices=Verification.choices, label=_("Verification"))
    problem = IdFilter(field_name="problems", label=_("Problem"))
    sha256 = django_filters.CharFilter(field_name="sha256", label=_("SHA-256"))
    uploaded_before = django_filters.IsoDateTimeFilter(
        field_name="uploaded_at", lookup_expr="lt", label=_("Uploaded before")
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Text"))

    def filter_subtree(self, queryset, name, value):
        return queryset.filter(tree.subtree_q(value.strip(), "region__code"))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(description__icontains=value) | Q(original_name__icontains=value))
