"""The Kemensos demo (PKR PK 2022 versions 1 and 2) and one user per demo role."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from kinerja.core.types import QualitativeTarget, RangeTarget
from kinerja.organizations.models import Unit
from kinerja.planning.models import Indicator, IndicatorTarget


def pkr_indicator(code: str) -> Indicator:
    return Indicator.objects.get(plan__unit__code="PKR", code=code)


@pytest.fixture
def mixed_2023(pkr: Unit) -> None:
    """Renstra 2023 of PKR with all three target types: IKK 1.1 = 99,25 (a number with decimals),
    IKK 2.2 = 75–80 (a range), IKK 3.1 = "A" on the scale AA, A, BB, B (qualitative)."""
    t = IndicatorTarget.objects.get(indicator=pkr_indicator("IKK 1.1"), year=2023)
    t.value = Decimal("99.25")
    t.save()
    t = IndicatorTarget.objects.get(indicator=pkr_indicator("IKK 2.2"), year=2023)
    t.set_target(RangeTarget(Decimal(75), Decimal(80)))
    t.save()
    ind = pkr_indicator("IKK 3.1")
    ind.scale = ["AA", "A", "BB", "B"]
    ind.save()
    t = IndicatorTarget.objects.get(indicator=ind, year=2023)
    t.set_target(QualitativeTarget("A"))
    t.save()


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
