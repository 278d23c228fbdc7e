from django.contrib import admin

from regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["=code", "code__startswith", "name"]
    raw_id_fields = ["parent"]
    show_full_result_count = False
    list_select_related = ["parent"]
