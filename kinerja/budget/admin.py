from django.contrib import admin

from .models import BudgetEntry, BudgetScore


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
