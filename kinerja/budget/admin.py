from django.contrib import admin

from .models import BudgetEntry, BudgetOutput, BudgetScore, OutputVolume


@admin.register(BudgetEntry)
class BudgetEntryAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["unit", "year", "position", "kind", "date", "month", "amount", "account", "objective"]
    list_filter = ["agency", "year", "kind", "month"]
    search_fields = ["unit__code", "unit__name", "note", "account"]
    list_select_related = ["unit", "objective__plan__unit"]
    autocomplete_fields = ["unit", "objective"]


@admin.register(BudgetScore)
class BudgetScoreAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["unit", "year", "kind", "value", "note"]
    list_filter = ["agency", "year", "kind"]
    search_fields = ["unit__code", "unit__name", "note"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


class OutputVolumeInline(admin.TabularInline):
    model = OutputVolume
    fields = ["month", "value"]
    extra = 0


@admin.register(BudgetOutput)
class BudgetOutputAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["unit", "year", "level", "code", "name", "parent", "volume_target", "volume_unit"]
    list_filter = ["agency", "year", "level"]
    search_fields = ["unit__code", "unit__name", "code", "name"]
    list_select_related = ["unit", "parent"]
    autocomplete_fields = ["unit", "objective", "parent"]
    inlines = [OutputVolumeInline]


@admin.register(OutputVolume)
class OutputVolumeAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["output", "month", "value"]
    list_filter = ["agency", "month"]
    search_fields = ["output__unit__code", "output__code", "output__name"]
    list_select_related = ["output__unit"]
    autocomplete_fields = ["output"]
