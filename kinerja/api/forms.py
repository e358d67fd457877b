"""The form that creates a personal access token (Bahasa Indonesia)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.api.models import SCOPE_CHOICES
from kinerja.api.tokens import DEFAULT_DAYS, MAX_DAYS
from kinerja.organizations.models import Unit


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Nama token"), max_length=100, help_text=_("Mis. 'Sinkronisasi KRISNA'."))
    days = forms.IntegerField(
        label=_("Berlaku (hari)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )
    scope = forms.ChoiceField(label=_("Cakupan"), choices=SCOPE_CHOICES, initial="read")
    unit = forms.ModelChoiceField(
        label=_("Hanya unit (dan unit di bawahnya)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("semua unit yang boleh saya akses"),
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]
