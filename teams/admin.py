from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from teams.models import Activity, ActivityFile, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember


class ReadOnlyFiles:
    """Stored files are immutable: the admin shows them, uploads go through the services."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name.startswith("sk_") or f.name in self.file_fields]

    file_fields = ()


@admin.register(TaskTeam)
class TaskTeamAdmin(ReadOnlyFiles, SimpleHistoryAdmin):
    list_display = ["name", "office", "election", "status", "sk_number", "sk_date"]
    list_filter = ["status", "election"]
    search_fields = ["name", "sk_number", "office__name"]
    raw_id_fields = ["office"]


@admin.register(TeamMember)
class TeamMemberAdmin(SimpleHistoryAdmin):
    list_display = ["display_name", "team", "position", "division", "institution", "active"]
    list_filter = ["position", "division", "active"]
    search_fields = ["name", "user__username", "user__full_name", "institution"]
    raw_id_fields = ["team", "user"]


@admin.register(MemberAssignment)
class MemberAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["member", "region", "problem", "due_date", "done"]
    list_filter = ["done"]
    raw_id_fields = ["member", "region", "problem", "created_by"]


class FollowUpInline(admin.TabularInline):
    model = ActivityFollowUp
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "office", "starts_at", "place"]
    list_filter = ["kind"]
    search_fields = ["title", "place", "office__name"]
    raw_id_fields = ["office", "bodies", "attendees", "created_by"]
    inlines = [FollowUpInline]


@admin.register(ActivityFile)
class ActivityFileAdmin(ReadOnlyFiles, SimpleHistoryAdmin):
    list_display = ["original_name", "kind", "activity", "size", "uploaded_at"]
    list_filter = ["kind"]
    raw_id_fields = ["activity", "uploaded_by"]
    file_fields = ("file", "sha256", "size", "mime_type", "original_name")
