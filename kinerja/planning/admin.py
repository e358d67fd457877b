from django.contrib import admin

from .models import (
    Goal,
    Indicator,
    IndicatorComponent,
    IndicatorTarget,
    IndicatorVariable,
    Mission,
    Objective,
    ObjectiveSupport,
    Plan,
)


class MissionInline(admin.TabularInline):
    model = Mission
    fields = ["position", "statement"]
    extra = 0


class GoalInline(admin.TabularInline):
    model = Goal
    fields = ["position", "code", "statement"]
    extra = 0


class ObjectiveInline(admin.TabularInline):
    model = Objective
    fields = ["position", "code", "level", "statement", "goal"]
    show_change_link = True
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = [
        "__str__",
        "unit",
        "period_start",
        "period_end",
        "version",
        "label",
        "adopted_on",
        "agency",
    ]
    list_filter = ["agency", "period_start", "period_end", "version"]
    search_fields = ["unit__code", "unit__name", "label", "vision"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [MissionInline, GoalInline, ObjectiveInline]


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["plan", "position", "statement"]
    list_filter = ["agency"]
    search_fields = ["statement", "plan__unit__code"]
    list_select_related = ["plan__unit"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["__str__", "plan", "code", "statement"]
    list_filter = ["agency"]
    search_fields = ["code", "statement", "plan__unit__code"]
    list_select_related = ["plan__unit"]


class ObjectiveSupportInline(admin.TabularInline):
    model = ObjectiveSupport
    fk_name = "objective"
    fields = ["supported", "position"]
    autocomplete_fields = ["supported"]
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ["position", "code", "name", "owner", "unit_of_measure", "polarity"]
    autocomplete_fields = ["owner"]
    show_change_link = True
    extra = 0


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["__str__", "level", "statement", "plan", "goal"]
    list_filter = ["agency", "level", "plan__period_start"]
    search_fields = ["code", "statement", "plan__unit__code"]
    list_select_related = ["plan__unit", "goal"]
    autocomplete_fields = ["plan", "goal"]
    inlines = [ObjectiveSupportInline, IndicatorInline]


@admin.register(ObjectiveSupport)
class ObjectiveSupportAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["objective", "supported", "position"]
    list_filter = ["agency", "objective__level"]
    search_fields = ["objective__code", "supported__code", "objective__plan__unit__code"]
    list_select_related = ["objective__plan__unit", "supported__plan__unit"]
    autocomplete_fields = ["objective", "supported"]


class IndicatorVariableInline(admin.TabularInline):
    model = IndicatorVariable
    fields = ["position", "name", "description"]
    extra = 0


class IndicatorComponentInline(admin.TabularInline):
    model = IndicatorComponent
    fk_name = "indicator"
    fields = ["position", "component", "weight"]
    autocomplete_fields = ["component"]
    extra = 0


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    fields = ["year", "kind", "value", "low", "high", "label"]
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    readonly_fields = ["agency", "plan"]
    list_display = ["__str__", "name", "objective", "unit_of_measure", "polarity", "plan"]
    list_filter = [
        "agency",
        "polarity",
        "aggregation",
        "quarter_rule",
        "objective__level",
        "plan__period_start",
    ]
    search_fields = ["code", "name", "definition", "owner__code", "plan__unit__code"]
    list_select_related = ["owner", "objective__plan__unit", "plan__unit"]
    autocomplete_fields = ["objective", "owner"]
    inlines = [IndicatorVariableInline, IndicatorComponentInline, IndicatorTargetInline]


@admin.register(IndicatorVariable)
class IndicatorVariableAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["indicator", "name", "description"]
    list_filter = ["agency"]
    search_fields = ["name", "description", "indicator__code"]
    list_select_related = ["indicator__owner"]


@admin.register(IndicatorComponent)
class IndicatorComponentAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["indicator", "component", "weight", "position"]
    list_filter = ["agency"]
    search_fields = ["indicator__code", "component__code"]
    list_select_related = ["indicator__owner", "component__owner"]
    autocomplete_fields = ["indicator", "component"]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["indicator", "year", "kind", "target_display"]
    list_filter = ["agency", "year", "kind"]
    search_fields = ["indicator__code", "indicator__name", "indicator__owner__code"]
    list_select_related = ["indicator__owner"]
    autocomplete_fields = ["indicator"]
