from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Assignment, User


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ["region", "created_by"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Siaga PHPU", {"fields": ("full_name", "phone")}))
    list_display = ["username", "full_name", "email", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "region", "valid_until", "created_by"]
    list_filter = ["role"]
    search_fields = ["user__username", "region__code", "region__name"]
    raw_id_fields = ["user", "region", "created_by"]
    list_select_related = ["user", "region", "created_by"]
