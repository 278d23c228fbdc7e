from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dossiers.models import DossierDownload, DossierJob


@admin.register(DossierJob)
class DossierJobAdmin(SimpleHistoryAdmin):
    """Read-only: jobs are made by the services and the worker, never by hand."""

    list_display = ["id", "kind", "case", "region", "requested_by", "requested_at", "status", "progress", "page_count"]
    list_filter = ["kind", "status"]
    search_fields = ["case__register_number", "region__code", "requested_by__username", "sha256"]
    readonly_fields = [f.name for f in DossierJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DossierDownload)
class DossierDownloadAdmin(admin.ModelAdmin):
    list_display = ["at", "job", "user", "intact"]
    list_filter = ["intact"]
    readonly_fields = ["job", "user", "at", "intact"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
