from django.contrib import admin

from kinerja.history.admin import ReadOnlyAdmin

from .models import (
    AkipAnswer,
    AkipEvaluation,
    FollowUp,
    Recommendation,
    Reviu,
    ReviuChecklist,
    ReviuFinding,
    Survey,
    SurveyResponse,
    SurveyService,
)


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


# SKM, AKIP evaluation, recommendations: read-only in the admin; they are entered on their pages
# (/skm/..., /evaluasi/..., /reviu/.../temuan/) where the unit scope and the APIP's role are checked.


@admin.register(SurveyService)
class SurveyServiceAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "unit", "name"]
    list_filter = ["agency"]
    search_fields = ["unit__code", "name"]
    list_select_related = ["unit"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "year", "population", "entered_ikm", "entered_respondents", "is_open"]
    list_filter = ["agency", "year", "is_open"]
    search_fields = ["service__unit__code", "service__name"]
    list_select_related = ["service__unit"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "channel", "submitted_at"]
    list_filter = ["agency", "channel"]
    search_fields = ["survey__service__unit__code", "survey__service__name"]
    list_select_related = ["survey__service__unit"]


@admin.register(AkipEvaluation)
class AkipEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "unit", "year", "lke", "status", "entered_score", "finalised_at"]
    list_filter = ["agency", "year", "status"]
    search_fields = ["unit__code", "unit__name"]
    list_select_related = ["unit"]


@admin.register(AkipAnswer)
class AkipAnswerAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "code", "self_answer", "review_answer"]
    list_filter = ["agency"]
    search_fields = ["evaluation__unit__code", "code"]
    list_select_related = ["evaluation__unit"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "unit", "source", "year", "due_date", "status"]
    list_filter = ["agency", "source", "status"]
    search_fields = ["unit__code", "text", "reference"]
    list_select_related = ["unit"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "recommendation", "recorded_at"]
    list_filter = ["agency"]
    search_fields = ["recommendation__unit__code", "text"]


@admin.register(ReviuFinding)
class ReviuFindingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "unit", "year", "status"]
    list_filter = ["agency", "year", "status"]
    search_fields = ["unit__code", "text"]
    list_select_related = ["unit"]


@admin.register(ReviuChecklist)
class ReviuChecklistAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "unit", "year", "updated_at"]
    list_filter = ["agency", "year"]
    search_fields = ["unit__code"]
    list_select_related = ["unit"]
