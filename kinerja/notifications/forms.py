from __future__ import annotations

from django import forms

from kinerja.notifications.models import Preference


class PreferenceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Preference
        fields = ["email_reminders", "email_escalations", "email_digest", "remind_days", "language"]
        widgets = {"remind_days": forms.NumberInput(attrs={"min": 0, "max": 30, "class": "form-control"})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["language"].widget.attrs["class"] = "form-select"
        for name in ("email_reminders", "email_escalations", "email_digest"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean_remind_days(self) -> int:
        from django.utils.translation import gettext as _

        days = self.cleaned_data["remind_days"]
        if not 0 <= days <= 30:
            raise forms.ValidationError(_("Isi 0 sampai 30 hari."))
        return int(days)
