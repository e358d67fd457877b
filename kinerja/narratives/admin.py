from django.contrib import admin

from kinerja.history.admin import ReadOnlyAdmin

from .models import Narrative


@admin.register(Narrative)
class NarrativeAdmin(ReadOnlyAdmin):
    """Read-only: narratives are written and approved on their pages (``/narasi/<unit>/<tahun>/``);
    the approved text itself is the unit text (``UnitText``)."""

    list_display = ["__str__", "unit", "year", "key", "status", "edited_at", "approved_at"]
    list_filter = ["agency", "year", "status", "key"]
    search_fields = ["unit__code", "unit__name", "key", "text"]
    list_select_related = ["unit"]
