from django.contrib import admin
from django.http import HttpRequest

from .models import Change


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """Read-only: the history is written by the system, never by hand."""

    list_display = [
        "at",
        "username",
        "action",
        "content_type",
        "object_repr",
        "field",
        "old_value",
        "new_value",
    ]
    list_filter = ["agency", "action", "content_type"]
    search_fields = ["object_repr", "username", "field", "note"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
