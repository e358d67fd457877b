"""The text form (one text of the LKj, with the concurrency token) and the return comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.narratives.chapters import Chapter


class TextForm(forms.Form):
    text = forms.CharField(required=False, strip=False)
    token = forms.CharField(
        widget=forms.HiddenInput, error_messages={"required": _("Formulir tidak lengkap.")}
    )

    def __init__(self, chapter: Chapter, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["text"]
        field.label = str(chapter.title)
        field.help_text = str(chapter.help)
        if chapter.multiline:
            field.widget = forms.Textarea(attrs={"rows": 16, "class": "nr-text"})
            field.help_text = " ".join(
                str(p)
                for p in (
                    chapter.help,
                    _(
                        "Pisahkan paragraf dengan satu baris kosong; baris baru di dalam paragraf "
                        "dipertahankan (untuk daftar bernomor)."
                    ),
                )
                if p
            )
        else:
            field.widget = forms.TextInput(attrs={"maxlength": chapter.max_length})
