"""The pages under /pengguna/: the list of users an admin manages, a new user, one user (name,
e-mail, active flag, password, roles), and "Ubah kata sandi" for every signed-in user.

Every management page asks ``services.Manager`` (built on ``kinerja.organizations.access``):
a user without ``manage_users`` anywhere gets HTTP 403, a user outside the admin's scope 404.
Each change is a POST to its own address; input that cannot be accepted is shown back on the
user's page with the reason, and nothing is saved.
"""

from __future__ import annotations

import logging
import math
from base64 import b32encode
from typing import Any

import qrcode
from axes.utils import reset as reset_sign_in_failures
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathFillImage

from kinerja.organizations.models import Membership
from kinerja.users import services, twofactor, usernames
from kinerja.users.forms import (
    CreateUserForm,
    FilterForm,
    GrantForm,
    ProfileForm,
    ResetPasswordForm,
    ResetRequestForm,
    TokenForm,
)
from kinerja.users.services import Manager, UserAdminError
from kinerja.users.throttle import client_ip

User = get_user_model()
log = logging.getLogger("kinerja.auth")
PAGE_SIZE = 50
SESSION_PASSWORD = "kinerja_users_password"


def _manager(request: HttpRequest) -> Manager:
    manager = Manager(request.user)
    manager.require_manager()
    return manager


def _target(manager: Manager, pk: int) -> Any:
    """A user the admin may see (404 otherwise, so other units' users are not revealed)."""
    target = get_object_or_404(User, pk=pk)
    if not manager.sees(target):
        raise Http404(_("Pengguna tidak ditemukan di wilayah kelola Anda."))
    return target


def _show_password_once(request: HttpRequest, user: Any, password: str | None) -> None:
    if password:
        request.session[SESSION_PASSWORD] = {"user": user.pk, "password": password}


def _apply_error(form: Form, exc: UserAdminError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    manager = _manager(request)
    units = manager.units()
    form = FilterForm(request.GET or None, units=units)
    users = manager.managed_users()
    if form.is_valid():
        data = form.cleaned_data
        if data.get("q"):
            q = data["q"].strip()
            users = users.filter(
                Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
            )
        held = Membership.objects.all()
        filtered = False
        if data.get("unit") is not None:
            unit = data["unit"]
            held = held.filter(unit_id__in=sorted(manager.scope.subtree(unit.agency_id, [unit.pk])))
            filtered = True
        if data.get("role"):
            held = held.filter(role=data["role"])
            filtered = True
        if filtered:
            users = users.filter(pk__in=held.values("user_id"))
    users = users.order_by("username").prefetch_related(
        Prefetch(
            "kinerja_memberships",
            queryset=Membership.objects.select_related("unit").order_by("unit__code", "role"),
            to_attr="roles",
        )
    )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("hal"))
    query = request.GET.copy()
    query.pop("hal", None)
    rows = [{"user": u, "roles": [(m, manager.covers(m.unit_id)) for m in u.roles]} for u in page.object_list]
    return render(
        request,
        "users/list.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode(), "count": page.paginator.count},
    )


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    manager = _manager(request)
    form = CreateUserForm(request.POST or None, units=manager.units())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, generated = services.create_user(
                request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                unit=data["unit"],
                role=data["role"],
                password=form.password(),
            )
        except UserAdminError as exc:
            _apply_error(form, exc)
        else:
            _show_password_once(request, user, generated)
            messages.success(request, _("Pengguna %(username)s dibuat.") % {"username": user.get_username()})
            return redirect("users:detail", user.pk)
    return render(request, "users/create.html", {"form": form})


def _detail(request: HttpRequest, manager: Manager, target: Any, **forms: Form) -> HttpResponse:
    locked = manager.locked_reason(target)
    self_roles = manager.self_roles_reason(target)
    memberships = manager.memberships_of(target)
    new_password = None
    shown = request.session.pop(SESSION_PASSWORD, None)
    if shown and shown.get("user") == target.pk:
        new_password = shown.get("password")
    roles = [
        {
            "m": m,
            "in_scope": manager.may_grant(m.unit, m.role),
            "can_revoke": not locked and not self_roles and manager.may_grant(m.unit, m.role),
        }
        for m in memberships
    ]
    context = {
        "target": target,
        "roles": roles,
        "locked": locked,
        "self_roles": self_roles,
        "is_self": target.pk == request.user.pk,
        "new_password": new_password,
        "profile_form": forms.get("profile_form")
        or ProfileForm(initial={"full_name": target.get_full_name(), "email": target.email}),
        "grant_form": forms.get("grant_form") or GrantForm(units=manager.units()),
        "reset_form": forms.get("reset_form") or ResetPasswordForm(),
        "history": services.user_history(target)[:30],
        "two_factor": twofactor.confirmed_device(target) is not None,
    }
    return render(request, "users/detail.html", context, status=400 if forms else 200)


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    manager = _manager(request)
    return _detail(request, manager, _target(manager, pk))


@login_required
@require_POST
def user_profile(request: HttpRequest, pk: int) -> HttpResponse:
    manager = _manager(request)
    target = _target(manager, pk)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.update_profile(
                request.user,
                target,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
            )
        except UserAdminError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Nama dan surel %(username)s disimpan.") % {"username": target})
            return redirect("users:detail", target.pk)
    target.refresh_from_db()
    return _detail(request, manager, target, profile_form=form)


@login_required
@require_POST
def user_status(request: HttpRequest, pk: int) -> HttpResponse:
    manager = _manager(request)
    target = _target(manager, pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_active(request.user, target, active)
    except UserAdminError as exc:
        messages.error(request, str(exc))
    else:
        if active:
            messages.success(request, _("%(username)s diaktifkan kembali.") % {"username": target})
        else:
            messages.success(
                request, _("%(username)s dinonaktifkan dan tidak dapat masuk lagi.") % {"username": target}
            )
    return redirect("users:detail", target.pk)


@login_required
@require_POST
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    manager = _manager(request)
    target = _target(manager, pk)
    form = ResetPasswordForm(request.POST)
    if form.is_valid():
        try:
            generated = services.reset_password(request.user, target, form.password())
        except UserAdminError as exc:
            _apply_error(form, exc)
        else:
            _show_password_once(request, target, generated)
            messages.success(
                request,
                _("Kata sandi %(username)s diatur ulang. Serahkan kata sandi baru kepada yang bersangkutan.")
                % {"username": target},
            )
            return redirect("users:detail", target.pk)
    return _detail(request, manager, target, reset_form=form)


@login_required
@require_POST
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    manager = _manager(request)
    target = _target(manager, pk)
    form = GrantForm(request.POST, units=manager.units())
    if form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.grant(request.user, target, data["unit"], data["role"], data["note"])
        except UserAdminError as exc:
            _apply_error(form, exc)
        else:
            messages.success(
                request,
                _("Peran %(role)s di %(unit)s diberikan kepada %(username)s.")
                % {"role": membership.get_role_display(), "unit": membership.unit.code, "username": target},
            )
            return redirect("users:detail", target.pk)
    return _detail(request, manager, target, grant_form=form)


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    manager = _manager(request)
    target = _target(manager, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("unit", "user"), pk=membership_id, user=target
    )
    label = f"{membership.get_role_display()} @ {membership.unit.code}"
    try:
        services.revoke(request.user, membership)
    except UserAdminError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Peran %(role)s dicabut dari %(username)s.") % {"role": label, "username": target}
        )
    return redirect("users:detail", target.pk)


class OwnPasswordView(auth_views.PasswordChangeView):
    """Any signed-in user changes their own password (the old one is asked)."""

    template_name = "users/password_change.html"
    success_url = reverse_lazy("users:own_password")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_own_password_change(self.request.user)
        messages.success(self.request, _("Kata sandi Anda sudah diganti."))
        return response


# --- "Lupa kata sandi?": a reset link by e-mail (Django's views, the project's pages) -------------


def _reset_valid_minutes() -> int:
    return max(1, int(settings.PASSWORD_RESET_TIMEOUT) // 60)


class ResetRequestView(auth_views.PasswordResetView):
    """Asks for the account's e-mail address and mails a link to every active account that has it.
    The next page is the same whether or not one has: the page does not tell who has an account."""

    template_name = "users/password_reset_form.html"
    email_template_name = "users/password_reset_email.txt"
    subject_template_name = "users/password_reset_subject.txt"
    form_class = ResetRequestForm
    success_url = reverse_lazy("users:password_reset_done")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(valid_minutes=_reset_valid_minutes(), **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {"valid_minutes": _reset_valid_minutes()}
        return super().form_valid(form)


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "users/password_reset_done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(valid_minutes=_reset_valid_minutes(), **kwargs)


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the e-mail: a new password, typed twice and checked by the validators. The
    link works once and for ``PASSWORD_RESET_TIMEOUT``; otherwise the page says so."""

    template_name = "users/password_reset_confirm.html"
    success_url = reverse_lazy("users:password_reset_complete")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(valid_minutes=_reset_valid_minutes(), **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        services.record_password_reset_by_email(user)
        # who proved they read the account's mailbox may sign in from here at once (failures
        # counted for this username from other addresses stay: they may be someone else's)
        reset_sign_in_failures(
            ip=client_ip(self.request), username=usernames.throttle_key(user.get_username())
        )
        log.info("Kata sandi diatur ulang lewat surel: nama pengguna %r", user.get_username())
        return response


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "users/password_reset_complete.html"


# --- two-step sign-in (kinerja/users/twofactor.py) -----------------------------------------------


def _next_url(request: HttpRequest, default: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return default


def _pending_device(user: Any) -> TOTPDevice:
    """The user's authenticator being enrolled (kept across reloads, so the QR code stays)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Kinerja", confirmed=False)
    return device


def _secret(device: TOTPDevice) -> str:
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _refusal(device: TOTPDevice) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
    return _("Terlalu banyak kode salah. Tunggu %(seconds)s detik, lalu coba lagi.") % {"seconds": seconds}


def _check_code(request: HttpRequest, form: TokenForm, device: TOTPDevice) -> bool:
    """Verify the code (django-otp: each code once, wrong codes throttled); form errors if not."""
    refusal = _refusal(device)
    if refusal:
        form.add_error("code", refusal)
        return False
    if device.verify_token(form.cleaned_data["code"]):
        return True
    log.warning(
        "Kode dua langkah salah: nama pengguna %r dari %s", request.user.get_username(), client_ip(request)
    )
    form.add_error(
        "code", _("Kode salah atau sudah kedaluwarsa. Masukkan kode yang sedang tampil di aplikasi.")
    )
    return False


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator (QR code, secret, a code to confirm), or see and remove it."""
    user = request.user
    required = twofactor.is_required(user)
    device = twofactor.confirmed_device(user)
    if device is not None:
        # enrolled: this page shows it (the middleware asked for the code before letting anyone here)
        return render(request, "users/two_factor.html", {"device": device, "required": required})
    pending = _pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(request, form, pending):
        with transaction.atomic():
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=pending.pk).delete()
            services.record_two_factor(user, _("verifikasi dua langkah diaktifkan"))
        otp_login(request, pending)
        log.info("Verifikasi dua langkah diaktifkan: nama pengguna %r", user.get_username())
        messages.success(
            request, _("Verifikasi dua langkah aktif. Mulai sekarang, setiap kali masuk Anda diminta kode.")
        )
        return redirect(_next_url(request, reverse("users:two_factor")))
    context = {
        "form": form,
        "required": required,
        "secret": _secret(pending),
        "next": _next_url(request, ""),
    }
    return render(request, "users/two_factor_enrol.html", context, status=400 if form.errors else 200)


@login_required
def two_factor_qr(request: HttpRequest) -> HttpResponse:
    """The QR code of the authenticator being enrolled, as an SVG image (no script, no inline
    style: the page shows it with an <img>)."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-pk").first()
    if device is None:
        raise Http404(_("Tidak ada pendaftaran autentikator yang sedang berjalan."))
    image = qrcode.make(device.config_url, image_factory=SvgPathFillImage, border=2)
    response = HttpResponse(image.to_string(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Remove one's own authenticator (to change phones, enrol again afterwards)."""
    user = request.user
    with transaction.atomic():
        count, _detail = TOTPDevice.objects.filter(user=user).delete()
        if count:
            services.record_two_factor(user, _("verifikasi dua langkah dinonaktifkan sendiri"))
    if count:
        log.info("Verifikasi dua langkah dinonaktifkan: nama pengguna %r", user.get_username())
        messages.success(request, _("Verifikasi dua langkah dinonaktifkan."))
    return redirect("users:two_factor")


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code of the enrolled authenticator."""
    user = request.user
    landing = _next_url(request, reverse("web:home"))
    device = twofactor.confirmed_device(user)
    if device is None or user.is_verified():  # type: ignore[union-attr]
        return redirect(landing)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(request, form, device):
        otp_login(request, device)
        return redirect(landing)
    return render(
        request,
        "users/two_factor_verify.html",
        {"form": form, "next": _next_url(request, "")},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def user_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin removes a user's authenticator (a lost phone)."""
    manager = _manager(request)
    target = _target(manager, pk)
    try:
        removed = services.reset_two_factor(request.user, target)
    except UserAdminError as exc:
        messages.error(request, str(exc))
    else:
        if removed:
            messages.success(
                request,
                _(
                    "Verifikasi dua langkah %(username)s dihapus; ia masuk dengan kata sandi saja, atau mendaftar lagi bila diwajibkan."
                )
                % {"username": target},
            )
    return redirect("users:detail", target.pk)
