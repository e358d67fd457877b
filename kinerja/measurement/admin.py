from django.contrib import admin

from .models import Evidence, Realization, RealizationInput


class RealizationInputInline(admin.TabularInline):
    model = RealizationInput
    fields = ["position", "name", "value"]
    extra = 0


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ["position", "reference"]
    extra = 0


@admin.register(Realization)
class RealizationAdmin(admin.ModelAdmin):
    list_display = ["unit", "indicator", "year", "quarter", "value_display", "status", "locked", "updated_at"]
    list_filter = ["agency", "year", "quarter", "status", "locked"]
    search_fields = ["unit__code", "indicator__code", "indicator__name", "analysis"]
    list_select_related = ["unit", "indicator__owner"]
    autocomplete_fields = ["unit", "indicator"]
    readonly_fields = ["agency", "version", "created_at", "updated_at"]
    inlines = [RealizationInputInline, EvidenceInline]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change:
            obj.version += 1  # every saved change is a new version (optimistic concurrency)
        super().save_model(request, obj, form, change)


@admin.register(RealizationInput)
class RealizationInputAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["realization", "name", "value"]
    list_filter = ["agency", "realization__year"]
    search_fields = ["name", "realization__indicator__code", "realization__unit__code"]
    list_select_related = ["realization__unit", "realization__indicator__owner"]
    autocomplete_fields = ["realization"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["reference", "realization"]
    list_filter = ["agency", "realization__year"]
    search_fields = ["reference", "realization__indicator__code", "realization__unit__code"]
    list_select_related = ["realization__unit", "realization__indicator__owner"]
    autocomplete_fields = ["realization"]
