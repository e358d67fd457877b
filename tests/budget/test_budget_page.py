"""The budget page of a unit-year: the seed's pagu and realisation for Dit. PKR 2022, its Ditjen
summed from it, monthly realisation against the RPD with the core formulas, the scores with their
predicate and origin; scoped like every page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kinerja.budget.models import BudgetEntry, BudgetScore
from kinerja.organizations.models import Unit
from tests.web.demo_users import client_for


def test_a_directorate_and_its_ditjen(users: dict[str, Any], pkr: Unit) -> None:
    page = client_for(users["pimpinan.pkr"]).get("/anggaran/PKR/2022/").content.decode()
    assert 'id="budget-pagu">Rp28.191.006.288.000<' in page
    assert 'id="budget-realisasi">Rp28.047.596.940.329<' in page and 'id="budget-penyerapan">99,49<' in page
    assert 'id="budget-history"' in page and "pagu awal" in page and "revisi pagu" in page
    assert 'id="no-monthly"' in page and 'id="budget-rolled-up"' not in page

    ditjen = client_for(users["perencana"]).get("/anggaran/DAYASOS/2022/").content.decode()
    assert 'id="budget-rolled-up"' in ditjen and 'id="budget-pagu">Rp28.191.006.288.000<' in ditjen
    assert 'data-unit="PKR"' in ditjen
    assert client_for(users["operator.rehsos"]).get("/anggaran/PKR/2022/").status_code == 403
    start = client_for(users["pimpinan.pkr"]).get("/anggaran/PKR/")
    assert start.status_code == 302 and start["Location"].startswith("/anggaran/PKR/20")


def test_monthly_realisation_against_the_rpd_and_the_scores(users: dict[str, Any], pkr: Unit) -> None:
    position = 100
    for month, rpd, real in ((1, 100, 50), (2, 100, 100), (3, 100, 150)):
        for kind, amount in (("rpd", rpd), ("realisasi_bulanan", real)):
            position += 1
            BudgetEntry.objects.create(
                unit=pkr, year=2022, kind=kind, amount=amount * 10**6, month=month, position=position
            )
    BudgetScore.objects.create(unit=pkr, year=2022, kind="nka", value=Decimal("92.4"))
    page = client_for(users["operator.pkr"]).get("/anggaran/PKR/2022/").content.decode()
    assert 'id="budget-chart"' in page and page.count("<rect ") == 6
    # cumulative realisation / cumulative RPD over the 12 months: 50, 75, then 100 % ten times
    # -> consistency (50 + 75 + 10 x 100) / 12 = 93,75; monthly deviation |50-100|/100, 0, 50 % -> 33,33
    assert "Konsistensi terhadap RPD 93,75%" in page and "Deviasi rata-rata 33,33%" in page
    assert "Rp150.000.000" in page  # March's realisation in the table
    assert 'data-score="nka"' in page and "diinput (SMART/OM-SPAN)" in page
