from django.contrib import admin
from django.http import HttpRequest

from .models import Change


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record kept as evidence (audit log, workflow events, APIP reviu): the admin shows it but
    can neither add, change nor delete it."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
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
