from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cases.models import (
    Case,
    CaseOrder,
    Citation,
    Claim,
    ClaimFigure,
    DeadlineRule,
    Exhibit,
    Hearing,
    Holiday,
    RegionPopulation,
)


class HearingInline(admin.TabularInline):
    model = Hearing
    extra = 0
    fields = ["starts_at", "agenda", "place", "outcome"]


class CaseOrderInline(admin.TabularInline):
    model = CaseOrder
    extra = 0
    fields = ["kind", "description", "period_amount", "period_unit", "due_date", "done_at"]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["register_number", "kind", "respondent_office", "applicant", "status", "outcome"]
    list_filter = ["kind", "status", "outcome"]
    search_fields = ["register_number", "applicant__name", "respondent_office__name"]
    raw_id_fields = ["contest", "applicant", "related_party", "respondent_office", "other_respondent_offices"]
    filter_horizontal = ["members"]
    list_select_related = ["respondent_office", "applicant"]
    inlines = [HearingInline, CaseOrderInline]


class ClaimFigureInline(admin.TabularInline):
    model = ClaimFigure
    extra = 0
    raw_id_fields = ["region", "participant"]


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    raw_id_fields = ["exhibit"]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "category", "assignee"]
    list_filter = ["status", "category"]
    search_fields = ["case__register_number", "number", "summary"]
    raw_id_fields = ["case", "locations", "dapil", "assignee", "problems"]
    list_select_related = ["case", "category", "assignee"]
    inlines = [ClaimFigureInline, CitationInline]


@admin.register(Exhibit)
class ExhibitAdmin(SimpleHistoryAdmin):
    list_display = ["label", "case", "kind", "certified_copy", "physical_ready", "frozen"]
    list_filter = ["kind", "certified_copy", "physical_ready", "frozen"]
    search_fields = ["case__register_number", "description"]
    raw_id_fields = ["case", "evidence"]
    list_select_related = ["case"]
    ordering = ["case", "sequence"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(SimpleHistoryAdmin):
    list_display = ["key", "label", "anchor", "direction", "amount", "unit", "applies_to", "active"]
    list_filter = ["active", "anchor", "unit"]
    list_editable = ["active"]
    search_fields = ["key", "label", "source"]


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(RegionPopulation)
class RegionPopulationAdmin(SimpleHistoryAdmin):
    list_display = ["region", "year", "population", "source"]
    list_filter = ["year"]
    search_fields = ["region__code", "region__name"]
    raw_id_fields = ["region"]
