"""Filters for teams and activities, shared by the pages, the API and the exports."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Action
from accounts.scoping import reach_of
from core.filters import IdFilter
from regions import tree
from teams.choices import ActivityKind, TeamStatus
from teams.models import Activity

NATIONAL = "national"


def _office(queryset, lookup: str, value: str):
    """`national` is KPU RI (no office); any other value is an office code, exactly."""
    value = value.strip()
    if value == NATIONAL:
        return queryset.filter(**{f"{lookup}__isnull": True})
    return queryset.filter(**{lookup: value})


class TeamFilter(django_filters.FilterSet):
    office = django_filters.CharFilter(method="filter_office", label=_("Office (region code, or 'national')"))
    election = IdFilter(field_name="election_id", label=_("Election"))
    status = django_filters.ChoiceFilter(choices=TeamStatus.choices, label=_("Status"))

    def filter_office(self, queryset, name, value):
        return _office(queryset, "office", value)


class MemberFilter(django_filters.FilterSet):
    team = IdFilter(field_name="team_id", label=_("Team"))
    user = django_filters.CharFilter(method="filter_user", label=_("User (username)"))
    active = django_filters.BooleanFilter(
        field_name="active", label=_("Still on the team"), widget=django_filters.widgets.BooleanWidget()
    )

    def filter_user(self, queryset, name, value):
        # Members' accounts are not shown from below their office (teams.from_below), so
        # they cannot be searched for from there either.
        at_or_above = reach_of(getattr(self.request, "user", None), Action.VIEW).q("team__office__code")
        return queryset.filter(at_or_above, user__username=value.strip())


class AssignmentFilter(django_filters.FilterSet):
    team = IdFilter(field_name="member__team_id", label=_("Team"))
    member = IdFilter(field_name="member_id", label=_("Member"))
    done = django_filters.BooleanFilter(
        field_name="done", label=_("Done"), widget=django_filters.widgets.BooleanWidget()
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Open and past due"), widget=django_filters.widgets.BooleanWidget()
    )

    def filter_overdue(self, queryset, name, value):
        late = Q(done=False, due_date__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class ActivityFilter(django_filters.FilterSet):
    """Activities per office and per kecamatan, by kind and period."""

    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices, label=_("Kind"))
    office = django_filters.CharFilter(method="filter_office", label=_("Office (region code, or 'national')"))
    district = django_filters.CharFilter(
        method="filter_district", label=_("Kecamatan (code): activities involving its PPK or its PPS")
    )
    election = IdFilter(field_name="election_id", label=_("Election"))
    date_from = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="lte", label=_("Until"))
    q = django_filters.CharFilter(method="filter_text", label=_("Text"))

    def filter_office(self, queryset, name, value):
        return _office(queryset, "office", value)

    def filter_district(self, queryset, name, value):
        value = value.strip()
        involved = Activity.bodies.through.objects.filter(tree.subtree_q(value, "region__code")).values("activity_id")
        return queryset.filter(pk__in=involved)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(title__icontains=value)
            | Q(place__icontains=value)
            | Q(agenda__icontains=value)
            | Q(outcome__icontains=value)
        )


class FollowUpFilter(django_filters.FilterSet):
    activity = IdFilter(field_name="activity_id", label=_("Activity"))
    owner = IdFilter(field_name="owner_id", label=_("Owner (member)"))
    done = django_filters.BooleanFilter(
        field_name="done", label=_("Done"), widget=django_filters.widgets.BooleanWidget()
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Open and past due"), widget=django_filters.widgets.BooleanWidget()
    )

    def filter_overdue(self, queryset, name, value):
        late = Q(done=False, due_date__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)
