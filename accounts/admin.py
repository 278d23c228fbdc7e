from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Assignment, SecurityEvent, User, UserSession
from accounts.security import second_factor_reset


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
    actions = ["reset_second_factor"]

    @admin.action(description="Reset the second factor (lost phone): audited, signs them out")
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor_reset(actor=request.user, user=user, request=request)
        messages.success(request, f"Second factor reset for {queryset.count()} user(s).")


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "region", "valid_until", "created_by"]
    list_filter = ["role"]
    search_fields = ["user__username", "region__code", "region__name"]
    raw_id_fields = ["user", "region", "created_by"]
    list_select_related = ["user", "region", "created_by"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read only: the audit is only ever added to."""

    list_display = ["at", "kind", "user", "username", "actor", "ip"]
    list_filter = ["kind"]
    search_fields = ["user__username", "username", "ip"]
    list_select_related = ["user", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "last_seen", "ended_at", "ip"]
    search_fields = ["user__username", "ip"]
    list_select_related = ["user"]
    readonly_fields = ["user", "session_key", "ip", "user_agent", "created_at", "last_seen", "ended_at"]
