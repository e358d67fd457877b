"""Documents for the linter tests: the demo data, and small documents made in code."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from functools import lru_cache

from kinerja.core.types import NumericTarget
from kinerja.interchange import document as d
from kinerja.interchange.parse import load_document
from kinerja.lint.findings import Finding
from kinerja.lint.run import lint_document
from tests.conftest import DEMO_DIR

DEMO = DEMO_DIR / "kemensos.yaml"


@lru_cache(maxsize=1)
def _demo() -> d.Document:
    return load_document(DEMO)


def demo() -> d.Document:
    """A fresh copy of the demo document, free to change."""
    return copy.deepcopy(_demo())


def plan(doc: d.Document, unit: str) -> d.Plan:
    return next(p for p in doc.plans if p.unit == unit)


def indicator(doc: d.Document, unit: str, code: str) -> d.Indicator:
    return next(i for o in plan(doc, unit).objectives for i in o.indicators if i.code == code)


def objective(doc: d.Document, unit: str, code: str) -> d.Objective:
    return next(o for o in plan(doc, unit).objectives if o.code == code)


def realization(doc: d.Document, unit: str, code: str, year: int = 2022) -> d.Realization:
    return next(
        r for r in doc.realizations if r.unit == unit and r.indicator == code and r.period.year == year
    )


def findings(doc: d.Document, code: str | None = None, **kw: object) -> list[Finding]:
    found = list(lint_document(doc, **kw).findings)  # type: ignore[arg-type]
    return [f for f in found if code is None or f.code == code]


def n(value: int | str) -> NumericTarget:
    return NumericTarget(Decimal(value))


def small() -> d.Document:
    """A tiny consistent document: ministry M with SS1, directorate D (under M) with SK1 that
    supports it; PK 2022, realisation with inputs, budget chain that adds up, every LKj text."""
    ind_ss = d.Indicator(code="IKU 1", name="Indeks layanan", unit_of_measure="indeks", targets={2022: n(80)})
    ind_sk = d.Indicator(
        code="IKK 1",
        name="Persentase layanan tepat waktu",
        unit_of_measure="%",
        formula="n / T * 100",
        variables={"n": "layanan tepat waktu", "T": "seluruh layanan"},
        targets={2022: n(90)},
    )
    doc = d.Document(
        units=[
            d.Unit(code="M", name="Kementerian Contoh", level="kementerian"),
            d.Unit(code="D", name="Direktorat Contoh", level="eselon2", parent="M"),
        ],
        plans=[
            d.Plan(
                unit="M",
                period=(2022, 2022),
                objectives=[
                    d.Objective(code="SS1", level="SS", statement="Layanan baik", indicators=[ind_ss])
                ],
                adopted_on=date(2022, 1, 3),
                legal_basis="Peraturan Menteri 1/2022",
            ),
            d.Plan(
                unit="D",
                period=(2022, 2022),
                objectives=[
                    d.Objective(
                        code="SK1",
                        level="SK",
                        statement="Layanan tepat waktu",
                        supports=["M:SS1"],
                        indicators=[ind_sk],
                    )
                ],
                adopted_on=date(2022, 1, 10),
                legal_basis="Peraturan Direktur 1/2022",
            ),
        ],
        agreements=[d.Agreement(unit="D", year=2022, version=1, targets={"IKK 1": n(90)})],
        realizations=[
            d.Realization(
                unit="D",
                indicator="IKK 1",
                period=d.Period(2022),
                value=Decimal("95"),
                inputs={"n": Decimal(95), "T": Decimal(100)},
                evidence=["berita-acara.pdf"],
                narrative=d.Narrative(analysis="a", supporting="b", inhibiting="c", follow_up="d"),
                status="approved",
            )
        ],
        budgets=[
            d.BudgetEntry(unit="D", year=2022, kind="pagu_awal", amount=1000),
            d.BudgetEntry(
                unit="D", year=2022, kind="revisi", amount=-200, date=date(2022, 6, 1), note="hemat"
            ),
            d.BudgetEntry(unit="D", year=2022, kind="pagu_akhir", amount=800),
            d.BudgetEntry(unit="D", year=2022, kind="realisasi", amount=790),
        ],
        texts=[
            d.UnitText(unit="D", year=2022, key=key, text="isi")
            for key in (
                "pendahuluan",
                "tugas_fungsi",
                "struktur",
                "isu_strategis",
                "analisis_efisiensi",
                "penutup",
            )
        ],
    )
    return doc
