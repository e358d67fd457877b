from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kinerja.core.types import KinerjaValidationError
from kinerja.history.admin import ReadOnlyAdmin

from .models import Evidence, LockException, Realization, RealizationEvent, RealizationInput


def _editable(realization: Realization | None) -> bool:
    """The workflow's rule (``workflow.is_editable``): the admin changes a realisation, its
    inputs and its evidence only where the pages would let an operator."""
    from kinerja.measurement import workflow

    return realization is None or workflow.is_editable(realization)


class _BelongsToRealization:
    """For the admins of a realisation's parts (inputs, evidence): read-only when the
    realisation is not editable, and a part cannot be moved onto such a realisation."""

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is not None and not _editable(obj.realization):
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is not None and not _editable(obj.realization):
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]

    def get_form(self, request, obj=None, change=False, **kwargs):  # type: ignore[no-untyped-def]
        form = super().get_form(request, obj, change, **kwargs)  # type: ignore[misc]
        field = form.base_fields.get("realization")
        if field is not None:
            field.validators.append(_editable_target)
        return form


def _editable_target(value: Realization | int | str) -> None:
    realization = value if isinstance(value, Realization) else Realization.objects.filter(pk=value).first()
    if realization is not None and not _editable(realization):
        raise ValidationError(
            _(
                "Realisasi %(r)s sudah disetujui dan terkunci (atau sedang diproses); tidak dapat diubah di sini."
            )
            % {"r": realization}
        )


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
    readonly_fields = ["agency", "status", "locked", "version", "created_at", "updated_at"]
    inlines = [RealizationInputInline, EvidenceInline]

    # The status and the lock change only through the workflow (kinerja.measurement.workflow);
    # what the workflow would not let an operator edit is read-only here too (_editable).
    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is not None and not _editable(obj):
            return False  # shown read-only; a POST is refused (403)
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is not None and not _editable(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_inlines(self, request, obj):  # type: ignore[no-untyped-def]
        if obj is not None and not _editable(obj):
            return []
        return super().get_inlines(request, obj)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change:
            obj.version += 1  # every saved change is a new version (optimistic concurrency)
        super().save_model(request, obj, form, change)


@admin.register(RealizationInput)
class RealizationInputAdmin(_BelongsToRealization, admin.ModelAdmin):
    readonly_fields = ["agency"]
    list_display = ["realization", "name", "value"]
    list_filter = ["agency", "realization__year"]
    search_fields = ["name", "realization__indicator__code", "realization__unit__code"]
    list_select_related = ["realization__unit", "realization__indicator__owner"]
    autocomplete_fields = ["realization"]


@admin.register(Evidence)
class EvidenceAdmin(_BelongsToRealization, admin.ModelAdmin):
    # Files are uploaded on the realisation page (checked by content, size-limited) and served
    # only by its access-checked view; here they are shown, not replaced.
    readonly_fields = ["agency", "download", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    exclude = ["file"]

    @admin.display(description=_("berkas"))
    def download(self, obj: Evidence) -> str:
        if not obj.pk or not obj.file:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("measurement:evidence", args=[obj.pk]), obj.reference
        )

    list_display = ["reference", "realization"]
    list_filter = ["agency", "realization__year"]
    search_fields = ["reference", "realization__indicator__code", "realization__unit__code"]
    list_select_related = ["realization__unit", "realization__indicator__owner"]
    autocomplete_fields = ["realization"]


@admin.register(RealizationEvent)
class RealizationEventAdmin(ReadOnlyAdmin):
    """Read-only: written by the workflow."""

    list_display = ["at", "realization", "action", "from_status", "to_status", "username", "comment"]
    list_filter = ["agency", "action"]
    search_fields = ["realization__unit__code", "realization__indicator__code", "username", "comment"]
    list_select_related = ["realization__unit", "realization__indicator__owner"]


class LockExceptionForm(forms.ModelForm):
    user: object = None

    class Meta:
        model = LockException
        fields = ["realization", "reason"]

    def clean(self):  # type: ignore[no-untyped-def]
        from kinerja.measurement import workflow
        from kinerja.organizations import access, permissions

        data = super().clean() or self.cleaned_data
        r = data.get("realization")
        if r is not None:
            if not access.can(self.user, permissions.OPEN_LOCK, r.unit):
                raise ValidationError("Anda tidak berhak membuka kunci realisasi unit ini.")
            if not workflow.can_open_lock(r):
                raise ValidationError(
                    "Realisasi ini tidak sedang terkunci; tidak ada kunci yang perlu dibuka."
                )
        return data


@admin.register(LockException)
class LockExceptionAdmin(admin.ModelAdmin):
    """Adding one opens the lock of an approved realisation (through the workflow, with the
    reason); the action "Kunci kembali" closes it."""

    list_display = ["realization", "reason", "opened_by_name", "opened_at", "closed_by_name", "closed_at"]
    list_filter = ["agency"]
    search_fields = ["realization__unit__code", "realization__indicator__code", "reason"]
    list_select_related = ["realization__unit", "realization__indicator__owner"]
    autocomplete_fields = ["realization"]
    form = LockExceptionForm
    fields = ["realization", "reason"]
    actions = ["relock_selected"]

    def get_form(self, request, obj=None, change=False, **kwargs):  # type: ignore[no-untyped-def]
        form = super().get_form(request, obj, change, **kwargs)
        setattr(form, "user", request.user)  # noqa: B010 - the form class reads it in clean()
        return form

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        from kinerja.measurement import workflow

        if change:
            return
        try:
            created = workflow.open_lock_exception(request.user, obj.realization, obj.reason)
        except (KinerjaValidationError, PermissionDenied) as exc:
            raise ValidationError(str(exc)) from exc
        obj.pk = created.pk
        obj.__dict__.update({k: v for k, v in created.__dict__.items() if k != "_state"})
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        return

    @admin.action(description="Kunci kembali realisasi yang dipilih")
    def relock_selected(self, request: HttpRequest, queryset: QuerySet[LockException]) -> None:
        from kinerja.measurement import workflow

        done = 0
        for exc in queryset.filter(closed_at__isnull=True).select_related("realization"):
            try:
                workflow.relock(request.user, exc.realization)
            except (KinerjaValidationError, PermissionDenied) as err:
                self.message_user(request, str(err), messages.ERROR)
            else:
                done += 1
        self.message_user(request, f"{done} realisasi dikunci kembali.", messages.SUCCESS)
