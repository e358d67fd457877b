from django.contrib import admin

from kinerja.history.admin import ReadOnlyAdmin

from .models import Reviu


@admin.register(Reviu)
class ReviuAdmin(ReadOnlyAdmin):
    """Read-only: a reviu is recorded by APIP on its page (``/reviu/<unit>/<tahun>/``); an
    administrator does not record an audit in the inspectorate's name."""

    list_display = [
        "__str__",
        "unit",
        "year",
        "reviewed_on",
        "reviewer_title",
        "reviewer_name",
        "recorded_at",
    ]
    list_filter = ["agency", "year"]
    search_fields = ["unit__code", "unit__name", "reviewer_name", "reviewer_title"]
    list_select_related = ["unit"]
