from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from elections.models import Contest, Dapil, Election, Participant


@admin.register(Election)
class ElectionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "voting_date"]
    list_filter = ["kind"]


@admin.register(Dapil)
class DapilAdmin(SimpleHistoryAdmin):
    list_display = ["name", "contest_type", "election"]
    list_filter = ["election", "contest_type"]
    search_fields = ["name"]
    raw_id_fields = ["regions"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    fk_name = "contest"
    extra = 0
    raw_id_fields = ["party"]


@admin.register(Contest)
class ContestAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "contest_type", "region", "dapil"]
    list_filter = ["election", "contest_type"]
    search_fields = ["region__code", "region__name", "dapil__name"]
    raw_id_fields = ["region", "dapil"]
    list_select_related = ["election", "region", "dapil"]
    inlines = [ParticipantInline]


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = ["ballot_number", "name", "kind", "contest", "party"]
    list_filter = ["kind", "contest__election"]
    search_fields = ["name"]
    raw_id_fields = ["contest", "party"]
    list_select_related = ["contest__election", "contest__region", "contest__dapil", "party"]
