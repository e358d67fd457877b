"""Ready to distribute by agency (Citus): what the schema and the data must keep true so that a
national deployment can shard every table of Kinerja by ``agency`` (docs/deployment.md,
"Nasional").

In a Citus design every table is one of three kinds:

* **distributed** by ``agency_id``: every table of Kinerja's own apps except ``Agency``. Citus
  requires each unique constraint of such a table to include the distribution column, and a
  foreign key between two of them to be co-located (both distributed by ``agency_id``) and to
  include it. Django's foreign keys are one column (``unit_id -> unit.id``), so the second half
  cannot hold in the schema; what holds instead, and is checked here on the demo data of two
  agencies, is that a row and the row it points to always belong to the same agency.
* **reference** (one copy on every node, joined with distributed tables): ``Agency`` (the root
  of the distribution), users, groups, permissions, content types.
* **local** (the coordinator only, never joined with agency data): sessions, sign-in
  throttling, authenticators, the admin's log.

A new model breaks a test here until it carries ``agency`` (``agency_field()``) and every unique
constraint names it, or until it is listed in ``NOT_DISTRIBUTED`` with the reason.

The primary keys stay ``id`` alone: Citus needs ``(agency_id, id)``. That is the one schema
change still to make, the same for every distributed table (docs/deployment.md says how); the
last test keeps it uniform.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.db.models import F

from kinerja.agreements.services import save_action_plan
from kinerja.core.types import NumericTarget
from kinerja.evaluation.services import record_reviu
from kinerja.history.models import Change
from kinerja.interchange import document as d
from kinerja.interchange.db import import_document
from kinerja.interchange.parse import load_document
from kinerja.measurement import workflow
from kinerja.measurement.evidence import add_evidence
from kinerja.measurement.models import Realization
from kinerja.narratives import services as narratives
from kinerja.narratives.chapters import CHAPTERS
from kinerja.organizations.models import Agency, Unit
from kinerja.planning.models import Indicator
from kinerja.results.store import stored_figures
from kinerja.users import services as user_services
from tests.conftest import DEMO_DIR
from tests.orgtree import make_user
from tests.web.demo_users import PASSWORD

DISTRIBUTION_FIELD = "agency"
DISTRIBUTION_COLUMN = "agency_id"
ROOT = "organizations.Agency"

REFERENCE = "reference"  # replicated to every node; distributed tables may point at it
LOCAL = "local"  # on the coordinator only; never joined with agency data

# Every table that is not distributed by agency: its kind in a Citus design and why.
NOT_DISTRIBUTED: dict[str, tuple[str, str]] = {
    ROOT: (
        REFERENCE,
        "the distribution root: every distributed row's agency_id points at it; one row per agency",
    ),
    "auth.User": (
        REFERENCE,
        "users are shared across agencies (a user's roles, per agency, are Membership rows); sign-in "
        "finds the user before any agency is known",
    ),
    "auth.Group": (REFERENCE, "Django's groups, the same for every agency"),
    "auth.Permission": (REFERENCE, "Django's permission list, the same for every agency"),
    "auth.Group_permissions": (REFERENCE, "groups' permissions (between two reference tables)"),
    "auth.User_groups": (REFERENCE, "users' groups (between two reference tables)"),
    "auth.User_user_permissions": (REFERENCE, "users' own permissions (between two reference tables)"),
    "contenttypes.ContentType": (
        REFERENCE,
        "the list of models, the same for every agency; history.Change points at it",
    ),
    "admin.LogEntry": (LOCAL, "the Django admin's log of superusers' actions; never joined with agency data"),
    "sessions.Session": (
        LOCAL,
        "written on every request, read by session key alone, never joined; on a reference table "
        "each write would go to every node (or keep sessions in a cache: docs/deployment.md)",
    ),
    "axes.AccessAttempt": (LOCAL, "sign-in throttling by username and address, before any agency is known"),
    "axes.AccessAttemptExpiration": (LOCAL, "sign-in throttling (expiry of an attempt)"),
    "axes.AccessFailureLog": (LOCAL, "sign-in failures, before any agency is known"),
    "axes.AccessLog": (LOCAL, "sign-ins and sign-outs, before any agency is known"),
    "api.ApiToken": (
        LOCAL,
        "a user's API token, found by its digest alone on every call before any agency is known (a user "
        "belongs to no single agency); its optional unit is an id without a database foreign key",
    ),
    "notifications.Notification": (
        LOCAL,
        "a user's notifications, made and read per user (a user belongs to no single agency); the "
        "reminder job and the bell find them by user alone",
    ),
    "notifications.Preference": (LOCAL, "what one user chooses to receive, read by user alone"),
    "otp_totp.TOTPDevice": (
        LOCAL,
        "a user's authenticator, read and written at sign-in (a user belongs to no single agency)",
    ),
}


def all_models() -> list[type[models.Model]]:
    """Every table Django manages, many-to-many tables included."""
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]


def is_kinerja(model: type[models.Model]) -> bool:
    config = model._meta.app_config
    return config is not None and config.name.startswith("kinerja.")


def distributed_models() -> list[type[models.Model]]:
    """The tables distributed by agency: Kinerja's own, less those listed as not distributed."""
    return [m for m in all_models() if is_kinerja(m) and m._meta.label not in NOT_DISTRIBUTED]


def kind_of(model: type[models.Model]) -> str:
    if model._meta.label in NOT_DISTRIBUTED:
        return NOT_DISTRIBUTED[model._meta.label][0]
    return "distributed" if is_kinerja(model) else "unlisted"


def foreign_keys(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def distributed_pairs() -> list[tuple[type[models.Model], models.ForeignKey[Any, Any]]]:
    """Every foreign key from a distributed table to another one (``agency`` itself aside)."""
    return [
        (model, fk)
        for model in distributed_models()
        for fk in foreign_keys(model)
        if fk.name != DISTRIBUTION_FIELD and kind_of(fk.related_model) == "distributed"  # type: ignore[arg-type]
    ]


def report(title: str, problems: list[str]) -> str:
    return f"{title} ({len(problems)}; see docs/deployment.md, 'Nasional'):\n  " + "\n  ".join(problems)


# --- the schema -------------------------------------------------------------------------------


def test_every_table_is_distributed_by_agency_or_listed_with_its_reason() -> None:
    problems = []
    for model in all_models():
        label = model._meta.label
        if label in NOT_DISTRIBUTED:
            continue
        if not is_kinerja(model):
            problems.append(
                f"{label}: not a Kinerja table; list it in NOT_DISTRIBUTED (reference or local, why)"
            )
            continue
        try:
            field = model._meta.get_field(DISTRIBUTION_FIELD)
        except Exception:
            problems.append(f"{label}: no '{DISTRIBUTION_FIELD}' column; give it agency_field()")
            continue
        if not isinstance(field, models.ForeignKey) or field.related_model._meta.label != ROOT:  # type: ignore[union-attr]
            problems.append(f"{label}.{DISTRIBUTION_FIELD}: not a foreign key to {ROOT}")
        elif field.null or field.column != DISTRIBUTION_COLUMN:
            problems.append(f"{label}.{DISTRIBUTION_FIELD}: must be NOT NULL, column {DISTRIBUTION_COLUMN}")
    assert not problems, report("Tables neither distributed by agency nor listed", problems)
    assert len(distributed_models()) >= 25  # the walk found the tables


def test_the_list_of_tables_not_distributed_is_current() -> None:
    labels = {m._meta.label for m in all_models()}
    stale = sorted(set(NOT_DISTRIBUTED) - labels)
    assert not stale, f"NOT_DISTRIBUTED names tables that no longer exist: {stale}"
    assert {kind for kind, _why in NOT_DISTRIBUTED.values()} <= {REFERENCE, LOCAL}


def test_every_unique_constraint_of_a_distributed_table_includes_agency() -> None:
    """As the models declare them: unique fields, unique_together, UniqueConstraint."""
    problems = []
    for model in distributed_models():
        label = model._meta.label
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key:
                problems.append(
                    f"{label}.{field.name}: unique alone (make it UniqueConstraint(agency, {field.name}))"
                )
        for fields in model._meta.unique_together:
            if DISTRIBUTION_FIELD not in fields:
                problems.append(f"{label}: unique_together {tuple(fields)} without {DISTRIBUTION_FIELD}")
        for constraint in model._meta.constraints:
            if not isinstance(constraint, models.UniqueConstraint):
                continue
            if constraint.expressions:
                problems.append(
                    f"{label}: {constraint.name} is on expressions; name {DISTRIBUTION_FIELD} as a field"
                )
            elif DISTRIBUTION_FIELD not in constraint.fields:
                problems.append(
                    f"{label}: {constraint.name} {constraint.fields} without {DISTRIBUTION_FIELD}"
                )
    assert not problems, report("Unique constraints Citus would refuse", problems)


@pytest.mark.django_db
def test_every_unique_index_in_the_database_includes_agency_id() -> None:
    """What the database itself holds (a migration's RunSQL included), primary keys aside."""
    problems = []
    with connection.cursor() as cursor:
        for model in distributed_models():
            table = model._meta.db_table
            for name, info in connection.introspection.get_constraints(cursor, table).items():
                if info["unique"] and not info["primary_key"] and DISTRIBUTION_COLUMN not in info["columns"]:
                    problems.append(f"{table}: {name} {info['columns']}")
    assert not problems, report("Unique indexes without agency_id", problems)


def test_foreign_keys_follow_the_citus_rules() -> None:
    """Distributed -> distributed (co-located: both carry agency) or -> reference; never a
    reference or local table pointing at a distributed one, nor a distributed one at a local one."""
    problems = []
    for model in all_models():
        source = kind_of(model)
        for fk in foreign_keys(model):
            target_model = fk.related_model
            assert isinstance(target_model, type)
            target = kind_of(target_model)
            where = f"{model._meta.label}.{fk.name} -> {target_model._meta.label}"
            if source == "distributed" and target == LOCAL:
                problems.append(f"{where}: a distributed table cannot point at a local table")
            if source in (REFERENCE, LOCAL) and target == "distributed":
                problems.append(f"{where}: a {source} table cannot point at a distributed table")
    assert not problems, report("Foreign keys Citus would refuse", problems)
    # what the data test below checks: the co-located keys whose agency must agree
    assert len(distributed_pairs()) >= 30


def test_every_distributed_primary_key_is_the_surrogate_id() -> None:
    """Citus needs ``(agency_id, id)`` as the primary key; every distributed table has the same
    ``id`` today, so that change is one uniform migration (docs/deployment.md). A table with
    another primary key would need its own plan."""
    problems = [
        f"{m._meta.label}: primary key {m._meta.pk.name} ({type(m._meta.pk).__name__})"  # type: ignore[union-attr]
        for m in distributed_models()
        if m._meta.pk is None or m._meta.pk.name != "id" or not isinstance(m._meta.pk, models.AutoField)
    ]
    assert not problems, report("Distributed tables without the surrogate id", problems)


# --- the data: no row points into another agency ------------------------------------------------


SECOND = d.Agency(code="KEMENSOS-B", name="Kementerian Sosial (salinan kedua, uji)")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def exercise(units: dict[str, Unit], suffix: str) -> None:
    """Users, roles and the work of one agency, through the services the pages call: a user
    created by the unit admin, a realisation entered with evidence, through every workflow step
    and a lock exception, a quarterly action plan, a narrative, the stored figures, a reviu."""
    pkr = units["PKR"]
    people = {
        role: make_user(f"{role}.pkr{suffix}", role, pkr, password=PASSWORD)
        for role in ("admin", "operator", "verifikator", "pimpinan", "perencana")
    }
    apip = make_user(f"apip{suffix}", "apip", units["ITJEN"], password=PASSWORD)
    user_services.create_user(
        people["admin"],
        username=f"staf.pkr{suffix}",
        full_name="Staf Dit. PKR",
        email="",
        unit=pkr,
        role="operator",
        password="kata-sandi-staf-2024",
    )
    ind = Indicator.objects.get(agency=pkr.agency, plan__unit=pkr, code="IKK 1.1")
    r = Realization.objects.create(
        agency=pkr.agency, unit=pkr, indicator=ind, year=2022, quarter=1, value_number=Decimal("24.5")
    )
    operator = people["operator"]
    workflow.save_realization(operator, r, {"analysis": "Tahap 1 tepat waktu"}, r.version)
    add_evidence(operator, r, SimpleUploadedFile("Berita Acara.pdf", PDF))
    workflow.submit(operator, r)
    workflow.return_realization(people["verifikator"], r, "Lengkapi daftar penerima")
    workflow.submit(operator, r)
    workflow.verify(people["verifikator"], r)
    workflow.approve(people["pimpinan"], r)
    workflow.open_lock_exception(people["admin"], r, "Salah ketik")
    workflow.relock(people["admin"], r, "Sudah diperbaiki")
    save_action_plan(
        people["perencana"],
        pkr,
        2022,
        {ind.pk: {q: NumericTarget(Decimal(v)) for q, v in ((1, "25"), (2, "50"), (3, "75"), (4, "99"))}},
    )
    narratives.save_text(people["perencana"], pkr, 2022, CHAPTERS[0].key, "Puji syukur ...", None)
    stored_figures(pkr, 2022)  # the figures a page reads, kept in kinerja.results
    record_reviu(
        apip,
        pkr,
        2022,
        reviewed_on=date(2023, 2, 14),
        reviewer_name="Dadang Iskandar",
        reviewer_title="Inspektur Jenderal",
        place="Jakarta",
    )


@pytest.fixture
def two_agencies(db: Any, settings: Any, tmp_path: Any) -> list[Agency]:
    """The Kemensos demo twice, as two agencies with the same unit and indicator codes (what a
    lookup by code alone would mix up), each with its users and work."""
    settings.MEDIA_ROOT = tmp_path / "media"
    loaded = []
    for agency in (d.Agency(), SECOND):
        doc = load_document(DEMO_DIR / "kemensos.yaml", check_refs=False)
        doc.agency = agency
        # the demo funds no objective by name: one entry that does
        doc.budgets.append(
            d.BudgetEntry(unit="PKR", year=2022, kind="renstra", amount=10**9, objective="SK1")
        )
        import_document(doc)
        loaded.append({u.code: u for u in Unit.objects.filter(agency__code=agency.code)})
    first, second = loaded
    assert set(second) == set(first) and first["PKR"].agency_id != second["PKR"].agency_id
    exercise(first, "")
    exercise(second, ".b")
    return list(Agency.objects.order_by("code"))


def cross_agency_references() -> tuple[dict[str, int], dict[str, int]]:
    """(rows checked, rows whose target belongs to another agency) per foreign key between
    distributed tables, and per history entry describing a distributed row."""
    checked: dict[str, int] = {}
    crossing: dict[str, int] = {}
    for model, fk in distributed_pairs():
        key = f"{model._meta.label}.{fk.name}"
        rows = model._base_manager.filter(**{f"{fk.name}__isnull": False})
        checked[key] = rows.count()
        n = (
            rows.alias(target_agency=F(f"{fk.name}__{DISTRIBUTION_COLUMN}"))
            .exclude(target_agency=F(DISTRIBUTION_COLUMN))
            .count()
        )
        if n:
            crossing[key] = n
    # history.Change names its record by content type and id (no foreign key): same rule
    by_type: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    for ct_id, object_id, agency_id in Change.objects.values_list(
        "content_type_id", "object_id", "agency_id"
    ):
        by_type[ct_id].append((object_id, agency_id))
    for ct_id, entries in by_type.items():
        target = ContentType.objects.get_for_id(ct_id).model_class()
        if target is None or kind_of(target) != "distributed":
            continue
        key = f"history.Change -> {target._meta.label}"
        agencies = dict(
            target._base_manager.filter(pk__in=[o for o, _ in entries if o.isdigit()]).values_list(
                "pk", DISTRIBUTION_COLUMN
            )
        )
        live = [(int(o), a) for o, a in entries if o.isdigit() and int(o) in agencies]  # deleted rows aside
        checked[key] = len(live)
        n = sum(1 for o, a in live if agencies[o] != a)
        if n:
            crossing[key] = n
    return checked, crossing


def test_no_row_points_into_another_agency(two_agencies: list[Agency]) -> None:
    checked, crossing = cross_agency_references()
    assert not crossing, report(
        "Rows pointing at a row of another agency", [f"{k}: {n} rows" for k, n in sorted(crossing.items())]
    )
    unused = sorted(k for k, n in checked.items() if n == 0)
    if unused:  # a new table the demo does not fill yet: its keys are checked once it does
        warnings.warn(f"foreign keys without rows in the demo, unchecked: {unused}", stacklevel=1)
    assert sum(1 for n in checked.values() if n) >= 35
    for agency in two_agencies:  # both agencies hold the work
        assert Realization.objects.filter(agency=agency, locked=True, quarter=1).exists()
        assert Change.objects.filter(agency=agency).exists()


def test_the_check_finds_a_row_pointing_into_another_agency(two_agencies: list[Agency]) -> None:
    first, second = two_agencies
    r = Realization.objects.filter(agency=first).first()
    assert r is not None
    Realization.objects.filter(pk=r.pk).update(
        unit=Unit.objects.get(agency=second, code=r.unit.code)
    )  # as a lookup by code alone would do
    _checked, crossing = cross_agency_references()
    assert crossing == {"measurement.Realization.unit": 1}
