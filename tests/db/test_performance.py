"""Imports and exports batch their writes and reads: the number of queries does not grow with
the size of the file (no query per row)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.types import NumericTarget
from kinerja.interchange.db import export_document, import_document
from kinerja.interchange.document import (
    ActionPlan,
    Agency,
    Agreement,
    BudgetEntry,
    Document,
    Indicator,
    Objective,
    Period,
    Plan,
    Realization,
    Unit,
    UnitText,
)

pytestmark = pytest.mark.django_db


def sized_document(size: int) -> Document:
    units = [Unit(code="ROOT", name="Kementerian", level="kementerian")]
    units += [Unit(code=f"U{i:03d}", name=f"Unit {i}", level="eselon2", parent="ROOT") for i in range(size)]
    plans, agreements, realizations, budgets, action_plans, texts = [], [], [], [], [], []
    for i in range(size):
        code = f"U{i:03d}"
        indicators = [
            Indicator(
                code=f"IKK {j}",
                name=f"Indikator {j}",
                formula="n / T * 100",
                variables={"n": "pembilang", "T": "penyebut"},
                targets={y: NumericTarget(D(90 + j)) for y in range(2020, 2025)},
            )
            for j in range(3)
        ]
        plans.append(
            Plan(
                unit=code,
                period=(2020, 2024),
                missions=["misi"],
                objectives=[Objective(code="SK1", level="SK", statement="s", indicators=indicators)],
            )
        )
        agreements.append(Agreement(unit=code, year=2022, version=1, targets={"IKK 0": NumericTarget(D(90))}))
        action_plans.append(
            ActionPlan(unit=code, year=2022, indicator="IKK 0", quarters={4: NumericTarget(D(90))})
        )
        for j in range(3):
            realizations.append(
                Realization(
                    unit=code,
                    indicator=f"IKK {j}",
                    period=Period(2022),
                    inputs={"n": D(i + j + 1), "T": D(100)},
                    evidence=["bukti.pdf"],
                )
            )
        budgets.append(BudgetEntry(unit=code, year=2022, kind="pagu_awal", amount=1000 * (i + 1)))
        texts.append(UnitText(unit=code, year=2022, key="pendahuluan", text="teks"))
    return Document(
        agency=Agency(code="X", name="Instansi"),
        units=units,
        plans=plans,
        agreements=agreements,
        action_plans=action_plans,
        realizations=realizations,
        budgets=budgets,
        texts=texts,
    )


def queries(fn) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_import_and_export_queries_do_not_grow_with_the_file(db) -> None:  # type: ignore[no-untyped-def]
    from kinerja.organizations.models import Agency as AgencyRow

    counts = {}
    for size in (3, 30):
        doc = sized_document(size)
        first = queries(lambda doc=doc: import_document(doc))
        again = queries(lambda doc=doc: import_document(doc))
        exported = queries(lambda: export_document())
        unit = queries(lambda: export_document(unit="U001"))
        counts[size] = (first, again, exported, unit)
        assert export_document() == doc
        AgencyRow.objects.all().delete()
    # ten times the rows; only the batching of big inserts (SQLite: 999 parameters) may add a few
    for small, big in zip(counts[3], counts[30], strict=True):
        assert big - small <= 10, counts
