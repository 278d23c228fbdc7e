from django.contrib import admin

from results.models import ParticipantCode, ResultImport


@admin.register(ParticipantCode)
class ParticipantCodeAdmin(admin.ModelAdmin):
    """Where an administrator links Sirekap's participant ids to the contest's participants."""

    list_display = ["code", "participant", "source", "contest"]
    list_filter = ["source"]
    search_fields = ["code", "participant__name"]
    raw_id_fields = ["contest", "participant"]
    list_select_related = ["participant", "contest__election"]


@admin.register(ResultImport)
class ResultImportAdmin(admin.ModelAdmin):
    """The record of what was imported: read only (figures are written by results.store alone)."""

    list_display = ["name", "contest", "source", "region", "locations", "changed", "imported_by", "imported_at"]
    list_filter = ["source"]
    list_select_related = ["contest__election", "region", "imported_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
