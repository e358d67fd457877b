"""The Kemensos demo and one user per demo role (plus an admin at PKR) for the Renstra editor."""

from __future__ import annotations

import pytest

from kinerja.organizations.models import Unit
from kinerja.planning.models import Objective, Plan


@pytest.fixture
def pkr_plan(demo: dict[str, Unit]) -> Plan:
    return Plan.objects.get(unit__code="PKR", version=1)


def objective(unit: str, code: str, version: int = 1) -> Objective:
    return Objective.objects.get(plan__unit__code=unit, plan__version=version, code=code)
