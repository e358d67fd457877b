"""The Kemensos demo and one user per demo role (plus an admin at PKR) for the Renstra editor."""

from __future__ import annotations

from typing import Any

import pytest

from kinerja.organizations.models import Unit
from kinerja.planning.models import Objective, Plan
from tests.orgtree import make_user
from tests.web.demo_users import demo_users, load_demo


@pytest.fixture
def demo(db: Any) -> dict[str, Unit]:
    return load_demo()


@pytest.fixture
def users(demo: dict[str, Unit]) -> dict[str, Any]:
    out = demo_users(demo)
    out["admin.pkr"] = make_user("admin.pkr", "admin", demo["PKR"])
    return out


@pytest.fixture
def pkr_plan(demo: dict[str, Unit]) -> Plan:
    return Plan.objects.get(unit__code="PKR", version=1)


def objective(unit: str, code: str, version: int = 1) -> Objective:
    return Objective.objects.get(plan__unit__code=unit, plan__version=version, code=code)
