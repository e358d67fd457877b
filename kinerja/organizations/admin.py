from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Agency, Membership, Unit, UnitPredecessor, UnitText


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "max_achievement",
        "lower_is_better",
        "count_verified",
        "approver_must_differ",
        "submit_needs_evidence",
    ]
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


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    readonly_fields = ["agency", "created_at"]
    list_display = ["user", "role", "unit", "note", "created_at"]
    list_filter = ["agency", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__code", "unit__name"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["role", "unit", "note"]
    autocomplete_fields = ["unit"]
    extra = 0


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class KinerjaUserAdmin(UserAdmin):
    """The user admin with the user's roles (per unit) on the same page."""

    inlines = [MembershipInline]
