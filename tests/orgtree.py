"""A small organisation tree for access and workflow tests (real database rows).

Agency KL:                      Agency LAIN:
  MIN (kementerian)               LAIN (kementerian)
  ├── DJA (eselon1)
  │   ├── DIR1 (eselon2)
  │   │   └── SUB1 (eselon3)
  │   └── DIR2 (eselon2)          DIR1's sibling
  ├── DJB (eselon1)
  │   └── DIR3 (eselon2)          DIR1's cousin
  └── ITJ (eselon1)               the inspectorate (APIP's unit)
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from kinerja.measurement.models import Realization
from kinerja.organizations.models import Agency, Membership, Unit
from kinerja.planning.models import Indicator, Objective, Plan

TREE = [
    ("MIN", None, "kementerian"),
    ("DJA", "MIN", "eselon1"),
    ("DIR1", "DJA", "eselon2"),
    ("SUB1", "DIR1", "eselon3"),
    ("DIR2", "DJA", "eselon2"),
    ("DJB", "MIN", "eselon1"),
    ("DIR3", "DJB", "eselon2"),
    ("ITJ", "MIN", "eselon1"),
]


def build_tree() -> dict[str, Unit]:
    agency = Agency.objects.create(code="KL", name="Kementerian Contoh")
    units: dict[str, Unit] = {}
    for code, parent, level in TREE:
        units[code] = Unit.objects.create(
            agency=agency,
            code=code,
            name=f"Unit {code}",
            level=level,
            parent=units.get(parent) if parent else None,
        )
    other = Agency.objects.create(code="LAIN", name="Instansi Lain")
    units["LAIN"] = Unit.objects.create(agency=other, code="LAIN", name="Instansi lain", level="kementerian")
    return units


def make_user(username: str, role: str | None = None, unit: Unit | None = None, **extra: Any) -> Any:
    user = get_user_model().objects.create_user(username, **extra)
    if role is not None and unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def make_realization(unit: Unit, code: str = "IKK 1", year: int = 2022, **fields: Any) -> Realization:
    plan = Plan.objects.get_or_create(agency=unit.agency, unit=unit, period_start=2020, period_end=2024)[0]
    objective = Objective.objects.get_or_create(
        agency=unit.agency, plan=plan, code="SK1", defaults={"level": "SK", "statement": "Sasaran"}
    )[0]
    indicator = Indicator.objects.create(
        agency=unit.agency, plan=plan, objective=objective, owner=unit, code=code, name=f"Indikator {code}"
    )
    return Realization.objects.create(agency=unit.agency, unit=unit, indicator=indicator, year=year, **fields)
