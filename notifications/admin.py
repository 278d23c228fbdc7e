from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at", "emailed_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "emailed_at"]
