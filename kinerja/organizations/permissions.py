"""The permission matrix: which role may do which action, as data.

This module is the single place that says what a role may do. ``kinerja.organizations.access``
applies it to a user's memberships (a role at a unit applies to that unit and every unit below
it; an agency-wide role applies to every unit of the membership's agency), and
``docs/permissions.md`` prints it (a test checks the document against this data).

Three rules that are deliberate:

* ``sign_agreement`` (the unit head's signature on the PK) and ``record_reviu`` (the
  inspectorate's review) are not given to Admin: an administrator manages the system, they do
  not sign for a unit head nor record an audit in the inspectorate's name.
* ``approve_text`` (the unit head's approval of the LKj's narrative chapters, printed above the
  head's signature) is the unit head's alone, for the same reason.
* Superusers have exactly the Admin role's rights, on every unit of every agency.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# --- roles ----------------------------------------------------------------------------------

ADMIN = "admin"
PERENCANA = "perencana"
OPERATOR = "operator"
VERIFIKATOR = "verifikator"
PIMPINAN = "pimpinan"
APIP = "apip"
KEUANGAN = "keuangan"

ROLES: tuple[str, ...] = (ADMIN, PERENCANA, OPERATOR, VERIFIKATOR, PIMPINAN, APIP, KEUANGAN)

ROLE_LABELS = {
    ADMIN: _("Admin"),
    PERENCANA: _("Perencana"),
    OPERATOR: _("Operator"),
    VERIFIKATOR: _("Verifikator"),
    PIMPINAN: _("Pimpinan"),
    APIP: _("APIP/Auditor"),
    KEUANGAN: _("Pengelola Keuangan"),
}
ROLE_CHOICES = [(role, ROLE_LABELS[role]) for role in ROLES]

# Roles whose rights cover the whole agency of the membership, whatever its unit.
AGENCY_WIDE_ROLES: frozenset[str] = frozenset({APIP})

# --- actions --------------------------------------------------------------------------------

VIEW = "view"
EDIT_PLAN = "edit_plan"
EDIT_AGREEMENT = "edit_agreement"
SIGN_AGREEMENT = "sign_agreement"
ENTER_REALIZATION = "enter_realization"
SUBMIT = "submit"
VERIFY = "verify"
APPROVE = "approve"
RETURN = "return"
OPEN_LOCK = "open_lock"
RECORD_REVIU = "record_reviu"
MANAGE_USERS = "manage_users"
APPROVE_TEXT = "approve_text"
ENTER_BUDGET = "enter_budget"

ACTIONS: tuple[str, ...] = (
    VIEW,
    EDIT_PLAN,
    EDIT_AGREEMENT,
    SIGN_AGREEMENT,
    ENTER_REALIZATION,
    SUBMIT,
    VERIFY,
    APPROVE,
    RETURN,
    OPEN_LOCK,
    RECORD_REVIU,
    MANAGE_USERS,
    APPROVE_TEXT,
    ENTER_BUDGET,
)

ACTION_LABELS = {
    VIEW: _("melihat data unit"),
    EDIT_PLAN: _("mengubah Renstra, sasaran, indikator dan target"),
    EDIT_AGREEMENT: _("menyusun Perjanjian Kinerja dan Rencana Aksi"),
    SIGN_AGREEMENT: _("menandatangani Perjanjian Kinerja"),
    ENTER_REALIZATION: _("mengisi dan mengubah realisasi"),
    SUBMIT: _("mengajukan realisasi untuk diverifikasi"),
    VERIFY: _("memverifikasi realisasi"),
    APPROVE: _("menyetujui realisasi (lalu terkunci)"),
    RETURN: _("mengembalikan realisasi dengan catatan"),
    OPEN_LOCK: _("membuka dan menutup pengecualian kunci"),
    RECORD_REVIU: _("mencatat hasil reviu"),
    MANAGE_USERS: _("mengelola pengguna dan peran"),
    APPROVE_TEXT: _("menyetujui teks narasi Laporan Kinerja"),
    ENTER_BUDGET: _("mengisi pagu, revisi, realisasi anggaran, RPD dan nilai kinerja anggaran"),
}

# --- the matrix -----------------------------------------------------------------------------

MATRIX: dict[str, frozenset[str]] = {
    ADMIN: frozenset(
        {
            VIEW,
            EDIT_PLAN,
            EDIT_AGREEMENT,
            ENTER_REALIZATION,
            SUBMIT,
            VERIFY,
            APPROVE,
            RETURN,
            OPEN_LOCK,
            MANAGE_USERS,
            ENTER_BUDGET,
        }
    ),
    PERENCANA: frozenset({VIEW, EDIT_PLAN, EDIT_AGREEMENT}),
    OPERATOR: frozenset({VIEW, ENTER_REALIZATION, SUBMIT}),
    VERIFIKATOR: frozenset({VIEW, VERIFY, APPROVE, RETURN}),
    PIMPINAN: frozenset({VIEW, SIGN_AGREEMENT, APPROVE, RETURN, APPROVE_TEXT}),
    APIP: frozenset({VIEW, RECORD_REVIU}),
    KEUANGAN: frozenset({VIEW, ENTER_BUDGET}),
}

# What a superuser may do: the Admin role, everywhere.
SUPERUSER_ROLE = ADMIN


def allowed(role: str, action: str) -> bool:
    """Does ``role`` carry the right to ``action`` (at the units it covers)?"""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return action in MATRIX.get(role, frozenset())


def matrix_markdown() -> str:
    """The matrix as a Markdown table (roles as columns), as printed in docs/permissions.md."""
    header = "| aksi / action | " + " | ".join(ROLES) + " |"
    rule = "| --- |" + " :---: |" * len(ROLES)
    rows = [
        f"| `{action}` | " + " | ".join("ya" if action in MATRIX[role] else "–" for role in ROLES) + " |"
        for action in ACTIONS
    ]
    return "\n".join([header, rule, *rows])
