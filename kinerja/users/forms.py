"""The forms of /pengguna/ (plain HTML, no JavaScript). The rules are in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm, UsernameField
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from kinerja.organizations.models import Unit
from kinerja.organizations.permissions import ROLE_CHOICES
from kinerja.users import usernames

REQUIRED = _("Kolom ini wajib diisi.")


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.code} – {obj.name}"


def _unit_field() -> UnitChoiceField:
    return UnitChoiceField(
        queryset=Unit.objects.none(),
        label=_("Unit"),
        empty_label=_("— pilih unit —"),
        error_messages={
            "required": _("Pilih unit tempat peran ini berlaku."),
            "invalid_choice": _("Unit yang dipilih tidak ada atau berada di luar wilayah kelola Anda."),
        },
    )


def _role_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Peran"),
        choices=[("", _("— pilih peran —")), *ROLE_CHOICES],
        error_messages={"required": _("Pilih peran."), "invalid_choice": _("Peran tidak dikenal.")},
    )


class PasswordFields(forms.Form):
    """A new password typed twice, or a generated one."""

    generate = forms.BooleanField(
        label=_("Buat kata sandi acak (ditampilkan satu kali setelah disimpan)"), required=False
    )
    password1 = forms.CharField(
        label=_("Kata sandi"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("generate"):
            return data
        if not data.get("password1"):
            self.add_error("password1", _("Isi kata sandi, atau centang “Buat kata sandi acak”."))
        elif data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return data

    def password(self) -> str | None:
        """The password typed, or ``None`` to generate one."""
        if self.cleaned_data.get("generate"):
            return None
        return str(self.cleaned_data["password1"])


class ProfileForm(forms.Form):
    """Name and e-mail of a user; the new-user form has them too."""

    full_name = forms.CharField(
        label=_("Nama lengkap"),
        max_length=150,
        error_messages={"required": REQUIRED, "max_length": _("Nama lengkap paling banyak 150 karakter.")},
    )
    email = forms.EmailField(
        label=_("Surel"),
        required=False,
        error_messages={"invalid": _("Alamat surel tidak sah, mis. nama@kemensos.go.id.")},
    )


class CreateUserForm(ProfileForm, PasswordFields):
    field_order = ["username", "full_name", "email", "unit", "role", "generate", "password1", "password2"]

    # UsernameField: NFKC, so ``ＯＰＥＲＡＴＯＲ.ＰＫＲ`` arrives as ``OPERATOR.PKR`` and is checked as such
    username = UsernameField(
        label=_("Nama pengguna"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Untuk masuk; huruf, angka dan @ . + - _ saja, mis. operator.pkr."),
        error_messages={"required": REQUIRED, "max_length": _("Nama pengguna paling banyak 150 karakter.")},
    )
    unit = _unit_field()
    role = _role_field()

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean_username(self) -> str:
        username = usernames.normalize(self.cleaned_data.get("username"))
        if username and usernames.taken(username):
            raise forms.ValidationError(usernames.taken_message(username), code="taken")
        return username


class ResetPasswordForm(PasswordFields):
    pass


class GrantForm(forms.Form):
    unit = _unit_field()
    role = _role_field()
    note = forms.CharField(label=_("Keterangan (tidak wajib)"), max_length=300, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau nama pengguna"), required=False)
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=_("Unit (beserta unit di bawahnya)"),
        required=False,
        empty_label=_("Semua unit"),
    )
    role = forms.ChoiceField(
        label=_("Peran"), choices=[("", _("Semua peran")), *ROLE_CHOICES], required=False
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ResetRequestForm(PasswordResetForm):
    """ "Lupa kata sandi": the address a reset link is sent to (Django's form; the page says the
    same whether or not an account has that address)."""

    email = forms.EmailField(
        label=_("Surel"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": _("Isi alamat surel akun Anda."),
            "invalid": _("Alamat surel tidak sah, mis. nama@kemensos.go.id."),
        },
    )


class TokenForm(forms.Form):
    """The six-digit code of the authenticator app."""

    code = forms.CharField(
        label=_("Kode dari aplikasi autentikator"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
        error_messages={"required": _("Isi kode enam angka dari aplikasi autentikator.")},
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data.get("code") or "").split())
        if not code.isdigit() or len(code) not in (6, 8):
            raise forms.ValidationError(_("Kode terdiri atas enam angka, mis. 123456."), code="format")
        return code
