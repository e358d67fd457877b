from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: what was sent to whom and whether the e-mail went (made by the reminder job)."""

    list_display = ["created_at", "user", "kind", "subject", "email_state", "emailed_at", "read_at"]
    list_filter = ["kind", "email_state"]
    search_fields = ["user__username", "subject", "key"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_reminders", "email_escalations", "email_digest", "remind_days", "language"]
    search_fields = ["user__username"]
