from django.contrib import admin

from .models import ActionPlanTarget, Agreement, AgreementTarget


class AgreementTargetInline(admin.TabularInline):
    model = AgreementTarget
    fields = ["position", "indicator", "kind", "value", "low", "high", "label"]
    autocomplete_fields = ["indicator"]
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    readonly_fields = ["agency", "signed_by", "signed_by_name", "signed_at"]
    list_display = ["__str__", "unit", "year", "version", "label", "status", "signed_on", "reason"]
    list_filter = ["agency", "year", "status", "reason"]
    search_fields = ["unit__code", "unit__name", "label", "first_party_name", "second_party_name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [AgreementTargetInline]


@admin.register(AgreementTarget)
class AgreementTargetAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["agreement", "indicator", "kind", "target_display"]
    list_filter = ["agency", "agreement__year", "kind"]
    search_fields = ["agreement__unit__code", "indicator__code", "indicator__name"]
    list_select_related = ["agreement__unit", "indicator__owner"]
    autocomplete_fields = ["agreement", "indicator"]


@admin.register(ActionPlanTarget)
class ActionPlanTargetAdmin(admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["unit", "indicator", "year", "quarter", "kind", "target_display"]
    list_filter = ["agency", "year", "quarter", "kind"]
    search_fields = ["unit__code", "indicator__code", "indicator__name"]
    list_select_related = ["unit", "indicator__owner"]
    autocomplete_fields = ["unit", "indicator"]
