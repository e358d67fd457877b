from django.contrib import admin

from .models import Agency, Unit, UnitPredecessor, UnitText


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "max_achievement", "lower_is_better"]
    search_fields = ["code", "name"]


class UnitPredecessorInline(admin.TabularInline):
    model = UnitPredecessor
    fk_name = "unit"
    fields = ["predecessor", "since", "position"]
    autocomplete_fields = ["predecessor"]
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["agency", "level"]
    search_fields = ["code", "name", "head_name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [UnitPredecessorInline]


@admin.register(UnitPredecessor)
class UnitPredecessorAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["unit", "predecessor", "since"]
    list_filter = ["agency"]
    search_fields = ["unit__code", "unit__name", "predecessor__code", "predecessor__name"]
    list_select_related = ["unit", "predecessor"]
    autocomplete_fields = ["unit", "predecessor"]


@admin.register(UnitText)
class UnitTextAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["unit", "year", "key"]
    list_filter = ["agency", "year", "key"]
    search_fields = ["unit__code", "key", "text"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
