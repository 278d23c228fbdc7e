from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.models import (
    Case,
    CaseOrder,
    Citation,
    Claim,
    ClaimFigure,
    Counsel,
    DeadlineRule,
    Exhibit,
    Hearing,
    Holiday,
    RegionPopulation,
)
from cases.services import order_due_dates_refresh


class HearingInline(admin.TabularInline):
    model = Hearing
    extra = 0
    fields = ["starts_at", "agenda", "place", "outcome"]


PERIOD_REQUIRED = _(
    "Enter the period the ruling sets for this order (amount and unit, e.g. 60 calendar days): "
    "there is no default period."
)


class CaseOrderForm(forms.ModelForm):
    """An ordered action asks for the period its ruling sets: both the amount and the unit."""

    class Meta:
        model = CaseOrder
        fields = ["kind", "description", "period_amount", "period_unit", "done_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        amount, unit = self.fields["period_amount"], self.fields["period_unit"]
        amount.required = unit.required = True
        amount.widget.attrs["min"] = 1
        amount.error_messages["required"] = unit.error_messages["required"] = PERIOD_REQUIRED

    def clean_period_amount(self):
        amount = self.cleaned_data.get("period_amount")
        if amount is not None and amount < 1:
            raise forms.ValidationError(PERIOD_REQUIRED, code="min_value")
        return amount


class CounselInline(admin.TabularInline):
    model = Counsel
    extra = 0
    fields = ["position", "name", "kind", "substitute"]


class CaseOrderInline(admin.TabularInline):
    model = CaseOrder
    form = CaseOrderForm
    extra = 0
    fields = ["kind", "description", "period_amount", "period_unit", "due_date", "done_at"]
    readonly_fields = ["due_date"]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["register_number", "kind", "respondent_office", "applicant", "status", "outcome"]
    list_filter = ["kind", "status", "outcome"]
    search_fields = ["register_number", "applicant__name", "respondent_office__name"]
    raw_id_fields = ["contest", "applicant", "related_party", "respondent_office", "other_respondent_offices"]
    filter_horizontal = ["members"]
    list_select_related = ["respondent_office", "applicant"]
    inlines = [CounselInline, HearingInline, CaseOrderInline]

    def save_related(self, request, form, formsets, change):
        """After the orders are saved, store each one's due date from its period and the ruling's time
        (the ruling's time may have changed with the case)."""
        super().save_related(request, form, formsets, change)
        order_due_dates_refresh(actor=request.user, case=form.instance)


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
    list_display = ["label", "case", "kind", "foundation", "presented_as", "certified_copy", "physical_ready", "frozen"]
    list_filter = [
        "kind",
        "foundation",
        "presented_as",
        "certified_copy",
        "physical_ready",
        "frozen",
        "other_contest_confirmed",
    ]
    search_fields = ["case__register_number", "description", "document_number"]
    raw_id_fields = ["case", "evidence"]
    list_select_related = ["case"]
    ordering = ["case", "sequence"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(SimpleHistoryAdmin):
    list_display = ["key", "label", "anchor", "direction", "amount", "unit", "met_by", "applies_to", "active"]
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
