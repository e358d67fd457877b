from django.contrib import admin

from kinerja.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "scope", "unit_ref", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("scope",)
    search_fields = ("name", "prefix", "user__username")
    # the secret is never stored; nothing here can show or make one (tokens are made on /api/token/)
    readonly_fields = (
        "user",
        "prefix",
        "digest",
        "created_at",
        "last_used_at",
        "window_start",
        "window_count",
    )
    fields = (
        "name",
        "user",
        "prefix",
        "digest",
        "scope",
        "unit",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
        "window_start",
        "window_count",
    )

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
