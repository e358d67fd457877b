from django.contrib import admin

from .models import ReportingCalendar


@admin.register(ReportingCalendar)
class ReportingCalendarAdmin(admin.ModelAdmin):
    list_display = [
        "agency",
        "year",
        "dipa_date",
        "entry_days",
        "verification_days",
        "approval_days",
        "close_periods",
    ]
    list_filter = ["agency", "year", "close_periods"]
