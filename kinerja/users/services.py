"""User and role management by a unit administrator (right ``manage_users``).

The rules (docs/permissions.md, "Mengelola pengguna"):

* an admin manages the units where they hold ``manage_users`` (the unit of their Admin role and
  every unit below it); a superuser manages every unit;
* a role may be granted only at a unit in that scope, and APIP (agency-wide) only by an admin
  whose scope is the whole agency;
* a user may be changed only when every role they hold is one the admin could grant; otherwise
  they belong to someone else too and are shown read-only, with the reason;
* nobody changes their own roles (except a superuser) nor deactivates themselves; only a
  superuser touches a superuser; users are never deleted (the history refers to them);
* every change is recorded in ``kinerja.history`` with the acting user: memberships through the
  tracked model's signals, users (not a tracked model: they carry no agency) by this module, one
  row per agency where the user holds a role. Passwords are never written to the history.

Refusals of the rules are ``PermissionDenied`` (HTTP 403) when the admin may not act on the user
at all, and ``UserAdminError`` (message in Bahasa Indonesia, the form field at fault) for input
that cannot be accepted; nothing is saved then.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kinerja.history.context import acting_as
from kinerja.history.models import CREATE, UPDATE, Change
from kinerja.history.tracking import record
from kinerja.organizations.access import Scope
from kinerja.organizations.models import Membership, Unit
from kinerja.organizations.permissions import AGENCY_WIDE_ROLES, MANAGE_USERS, ROLE_LABELS, ROLES
from kinerja.users import usernames

User = get_user_model()

# The fields of a user recorded in the history (never the password hash).
USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active")
PASSWORD_MARK = "********"


class UserAdminError(Exception):
    """Input that cannot be accepted; ``field`` names the form field at fault ("" = the whole)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class Manager:
    """What one user may do to users and roles. Take one per request."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.scope = Scope(user)
        self.superuser = self.scope.superuser
        self._ids: set[int] | None = self.scope.unit_ids(MANAGE_USERS)  # None = every unit
        self._whole: dict[int, bool] = {}

    # -- the admin's scope -------------------------------------------------------------------

    @property
    def is_manager(self) -> bool:
        """Does the user hold ``manage_users`` anywhere?"""
        return self._ids is None or bool(self._ids)

    def require_manager(self) -> None:
        if not self.is_manager:
            raise PermissionDenied(_("Anda tidak berhak mengelola pengguna."))

    def covers(self, unit_id: int) -> bool:
        return self._ids is None or unit_id in self._ids

    def units(self) -> QuerySet[Unit]:
        """The units where the user may grant roles, by agency and code."""
        return self.scope.units(MANAGE_USERS).select_related("agency").order_by("agency__code", "code")

    def whole_agency(self, agency_id: int) -> bool:
        """Does the scope cover every unit of the agency (an admin at its root unit)?"""
        if self._ids is None:
            return True
        if agency_id not in self._whole:
            ids = set(self.scope.parents(agency_id))
            self._whole[agency_id] = bool(ids) and ids <= self._ids
        return self._whole[agency_id]

    def grant_refusal(self, unit: Unit, role: str) -> str | None:
        """Why the user may not grant ``role`` at ``unit`` (``None``: they may)."""
        if role not in ROLES:
            return _("Peran “%(role)s” tidak dikenal.") % {"role": role}
        if not self.covers(unit.pk):
            return _("Unit %(unit)s berada di luar wilayah kelola Anda.") % {"unit": unit.code}
        if role in AGENCY_WIDE_ROLES and not self.whole_agency(unit.agency_id):
            return _(
                "Peran %(role)s berlaku untuk seluruh instansi; hanya admin tingkat instansi "
                "(unit teratas) yang dapat memberikannya."
            ) % {"role": ROLE_LABELS[role]}
        return None

    def may_grant(self, unit: Unit, role: str) -> bool:
        return self.grant_refusal(unit, role) is None

    # -- the users the admin sees ------------------------------------------------------------

    def managed_users(self) -> QuerySet[Any]:
        """Users who hold a role at a unit in the scope (a superuser: every user)."""
        if self._ids is None:
            return User.objects.all()
        return User.objects.filter(
            pk__in=Membership.objects.filter(unit_id__in=sorted(self._ids)).values("user_id")
        )

    def sees(self, target: Any) -> bool:
        return self.managed_users().filter(pk=target.pk).exists()

    def memberships_of(self, target: Any) -> list[Membership]:
        return list(
            Membership.objects.filter(user=target)
            .select_related("unit", "agency")
            .order_by("agency__code", "unit__code", "role")
        )

    def locked_reason(self, target: Any) -> str | None:
        """Why the user may only look at ``target`` (``None``: they may change them)."""
        if self.superuser:
            return None
        if target.is_superuser:
            return _("Pengguna ini adalah superuser; hanya superuser yang dapat mengubahnya.")
        outside = [m for m in self.memberships_of(target) if not self.may_grant(m.unit, m.role)]
        if outside:
            roles = ", ".join(f"{m.get_role_display()} @ {m.unit.code}" for m in outside)
            return _(
                "Pengguna ini juga memegang peran di luar wilayah kelola Anda (%(roles)s). "
                "Perubahan harus dilakukan oleh admin yang membawahi semua perannya."
            ) % {"roles": roles}
        return None

    def self_roles_reason(self, target: Any) -> str | None:
        """Why the user may not change ``target``'s roles even when they may change the user."""
        if target.pk == self.user.pk and not self.superuser:
            return _("Anda tidak dapat mengubah peran Anda sendiri; mintalah kepada admin di atas Anda.")
        return None

    def require_editable(self, target: Any) -> None:
        reason = self.locked_reason(target)
        if reason:
            raise PermissionDenied(reason)


def _manager(actor: Any, target: Any | None = None) -> Manager:
    manager = Manager(actor)
    manager.require_manager()
    if target is not None:
        if not manager.sees(target):
            raise PermissionDenied(_("Pengguna ini tidak memegang peran di wilayah kelola Anda."))
        manager.require_editable(target)
    return manager


# --- history of users -----------------------------------------------------------------------


def _values(user: Any) -> dict[str, str]:
    return {f: str(getattr(user, f)) for f in USER_FIELDS}


def _record_user(user: Any, rows: Iterable[tuple[str, str, str | None, str | None]], note: str = "") -> None:
    """Write history rows for ``user``, in every agency where they hold a role."""
    agencies = sorted(set(Membership.objects.filter(user=user).values_list("agency_id", flat=True)))
    record(user, rows, agencies, note)


def _record_changes(user: Any, before: dict[str, str], note: str = "") -> None:
    after = _values(user)
    _record_user(user, [(UPDATE, f, before[f], after[f]) for f in USER_FIELDS if before[f] != after[f]], note)


def record_own_password_change(user: Any) -> None:
    """The user changed their own password (the page /pengguna/sandi/)."""
    with acting_as(user):
        _record_user(
            user, [(UPDATE, "password", PASSWORD_MARK, PASSWORD_MARK)], _("kata sandi diganti sendiri")
        )


def record_password_reset_by_email(user: Any) -> None:
    """The user set a new password through the link mailed to them ("Lupa kata sandi?")."""
    with acting_as(user):
        _record_user(
            user,
            [(UPDATE, "password", PASSWORD_MARK, PASSWORD_MARK)],
            _("kata sandi diatur ulang lewat surel"),
        )


def record_two_factor(user: Any, note: str, actor: Any | None = None) -> None:
    """Two-step sign-in enrolled or removed (``note`` says which, and by whom if not the user)."""
    with acting_as(actor or user):
        _record_user(user, [(UPDATE, "two_factor", "", "")], note)


def reset_two_factor(actor: Any, target: Any) -> int:
    """Remove ``target``'s authenticator (a lost phone): they sign in with the password alone
    again, or must enrol anew where their agency requires it. Returns the devices removed."""
    _manager(actor, target)
    if target.pk == actor.pk:
        raise UserAdminError(_("Untuk akun Anda sendiri, gunakan halaman Verifikasi dua langkah."))
    with transaction.atomic():
        count: int = TOTPDevice.objects.filter(user=target).delete()[0]
        if count:
            record_two_factor(target, _("verifikasi dua langkah dihapus oleh admin"), actor)
    return count


def user_history(user: Any) -> QuerySet[Change]:
    """The recorded changes of ``user`` and of their roles, newest first."""
    prefix = f"{user.get_username()} – "
    return Change.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
        | Q(content_type=ContentType.objects.get_for_model(Membership), object_repr__startswith=prefix)
    ).order_by("-at", "-id")


# --- passwords ------------------------------------------------------------------------------


def check_password(password: str, user: Any) -> None:
    """Django's password validators (``AUTH_PASSWORD_VALIDATORS``); ``UserAdminError`` if refused."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise UserAdminError(" ".join(exc.messages), "password1") from exc


def generate_password(user: Any) -> str:
    """A random password the validators accept (shown to the admin once)."""
    for _attempt in range(20):
        password = secrets.token_urlsafe(12)
        try:
            password_validation.validate_password(password, user)
        except ValidationError:
            continue
        return password
    raise RuntimeError("could not generate an acceptable password")  # pragma: no cover


# --- operations -----------------------------------------------------------------------------


def _clean_name(full_name: str) -> str:
    name = (full_name or "").strip()
    if not name:
        raise UserAdminError(_("Nama lengkap wajib diisi."), "full_name")
    if len(name) > 150:
        raise UserAdminError(_("Nama lengkap paling banyak 150 karakter."), "full_name")
    return name


def create_user(
    actor: Any,
    *,
    username: str,
    full_name: str,
    email: str,
    unit: Unit,
    role: str,
    password: str | None,
) -> tuple[Any, str | None]:
    """Create an active user with a first role at ``unit``. ``password=None`` generates one,
    returned (to show once); a given password is checked by Django's validators."""
    manager = _manager(actor)
    username = usernames.normalize(username)
    if not username:
        raise UserAdminError(_("Nama pengguna wajib diisi."), "username")
    if usernames.taken(username):
        raise UserAdminError(usernames.taken_message(username), "username")
    name = _clean_name(full_name)
    refusal = manager.grant_refusal(unit, role)
    if refusal:
        raise UserAdminError(
            refusal, "role" if role in AGENCY_WIDE_ROLES and manager.covers(unit.pk) else "unit"
        )
    probe = User(username=username, first_name=name, email=email or "")
    generated = None
    if password is None:
        password = generated = generate_password(probe)
    else:
        check_password(password, probe)
    try:
        with transaction.atomic(), acting_as(actor):
            user = User.objects.create_user(username, email or "", password, first_name=name)
            Membership.objects.create(user=user, unit=unit, role=role, agency_id=unit.agency_id)
            _record_user(
                user, [(CREATE, "", None, json.dumps(_values(user), ensure_ascii=False, sort_keys=True))]
            )
    except IntegrityError as exc:
        # Another request created the same name (in any letter case) between the check above and
        # this insert: the unique indexes on username and UPPER(username) refused the second row.
        if not usernames.taken(username):
            raise
        raise UserAdminError(usernames.taken_message(username), "username") from exc
    return user, generated


def update_profile(actor: Any, target: Any, *, full_name: str, email: str) -> None:
    """Change the name and e-mail address of ``target``."""
    _manager(actor, target)
    name = _clean_name(full_name)
    with transaction.atomic(), acting_as(actor):
        before = _values(target)
        target.first_name = name
        target.last_name = ""
        target.email = (email or "").strip()
        target.save(update_fields=["first_name", "last_name", "email"])
        _record_changes(target, before)


def set_active(actor: Any, target: Any, active: bool) -> None:
    """Deactivate (the user can no longer sign in; nothing is deleted) or reactivate."""
    _manager(actor, target)
    if not active and target.pk == actor.pk:
        raise UserAdminError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if target.is_active == active:
        return
    with transaction.atomic(), acting_as(actor):
        before = _values(target)
        target.is_active = active
        target.save(update_fields=["is_active"])
        _record_changes(target, before)


def reset_password(actor: Any, target: Any, password: str | None) -> str | None:
    """Set a new password that the admin hands over; ``None`` generates one (returned)."""
    _manager(actor, target)
    if target.pk == actor.pk:
        raise UserAdminError(_("Untuk kata sandi Anda sendiri, gunakan halaman Ubah kata sandi."))
    generated = None
    if password is None:
        password = generated = generate_password(target)
    else:
        check_password(password, target)
    with transaction.atomic(), acting_as(actor):
        target.set_password(password)
        target.save(update_fields=["password"])
        _record_user(
            target,
            [(UPDATE, "password", PASSWORD_MARK, PASSWORD_MARK)],
            _("kata sandi diatur ulang oleh admin"),
        )
    return generated


def grant(actor: Any, target: Any, unit: Unit, role: str, note: str = "") -> Membership:
    """Give ``target`` ``role`` at ``unit``."""
    manager = _manager(actor, target)
    reason = manager.self_roles_reason(target)
    if reason:
        raise PermissionDenied(reason)
    refusal = manager.grant_refusal(unit, role)
    if refusal:
        raise UserAdminError(refusal, "role" if manager.covers(unit.pk) else "unit")
    if Membership.objects.filter(user=target, unit=unit, role=role).exists():
        raise UserAdminError(
            _("%(user)s sudah memegang peran %(role)s di %(unit)s.")
            % {"user": target.get_username(), "role": ROLE_LABELS[role], "unit": unit.code},
            "role",
        )
    with transaction.atomic(), acting_as(actor):
        return Membership.objects.create(
            user=target, unit=unit, role=role, agency_id=unit.agency_id, note=(note or "").strip()[:300]
        )


def revoke(actor: Any, membership: Membership) -> None:
    """Take back one role. The last role of a user cannot be taken back by an admin (the user
    would leave every admin's list): deactivate the user instead, or grant another role first."""
    target = membership.user
    manager = _manager(actor, target)
    reason = manager.self_roles_reason(target)
    if reason:
        raise PermissionDenied(reason)
    refusal = manager.grant_refusal(membership.unit, membership.role)
    if refusal:
        raise PermissionDenied(refusal)
    if not manager.superuser and Membership.objects.filter(user=target).count() <= 1:
        raise UserAdminError(
            _(
                "Ini satu-satunya peran %(user)s. Nonaktifkan pengguna ini, atau berikan peran lain "
                "lebih dahulu."
            )
            % {"user": target.get_username()}
        )
    with transaction.atomic(), acting_as(actor):
        membership.delete()
