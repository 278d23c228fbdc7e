import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.choices import CaseKind, CaseStatus, ClaimStatus, ExhibitKind
from core.filters import IdFilter
from regions import tree


class CaseFilter(django_filters.FilterSet):
    """The filters of the case list, shared by the page and /api/cases/."""

    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=CaseKind.choices, label=_("Kind"))
    contest = IdFilter(field_name="contest_id", label=_("Contest"))
    office = django_filters.CharFilter(method="filter_office", label=_("Termohon office (code, with everything below)"))
    q = django_filters.CharFilter(method="filter_text", label=_("Text"))

    def filter_office(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(tree.subtree_q(value, "respondent_office__code"))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(register_number__icontains=value) | Q(summary__icontains=value) | Q(applicant__name__icontains=value)
        )


class ClaimFilter(django_filters.FilterSet):
    case = IdFilter(field_name="case_id", label=_("Case"))
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices, label=_("Status"))
    location = django_filters.CharFilter(method="filter_location", label=_("Location (code, with everything below)"))
    assignee = django_filters.CharFilter(field_name="assignee__username", label=_("Assignee (username)"))

    def filter_location(self, queryset, name, value):
        from cases.models import Claim

        value = value.strip()
        through = Claim.locations.through.objects.filter(tree.subtree_q(value, "region__code")).values("claim_id")
        return queryset.filter(pk__in=through)


class ExhibitFilter(django_filters.FilterSet):
    case = IdFilter(field_name="case_id", label=_("Case"))
    kind = django_filters.ChoiceFilter(choices=ExhibitKind.choices, label=_("Kind"))
    claim = IdFilter(field_name="citations__claim_id", label=_("Cited by claim"))
