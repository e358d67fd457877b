"""A synthetic agency of any size, for benchmarks and the tests that check query counts.

``sized_document(n)`` is an agency "X" with a root unit and ``n`` eselon-2 units under it, each
with a Renstra 2020-2024 (three indicators), a PK 2022, a Rencana Aksi row, three realisations,
a budget line and a text. The figures are arbitrary but valid; nothing here is Kemensos data.
"""

from __future__ import annotations

from decimal import Decimal as D

from kinerja.core.types import NumericTarget
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
