"""Evaluasi AKIP (LKE, PermenPAN-RB 88/2021): the score from weighted criteria, the predicate.

rules.md §3:

* the LKE is data (``Lke``): components with weights (30/30/15/25), each with sub-components
  whose weights split the component 20/30/50 %, each with criteria (kriteria) that probe it;
  a later regulation is a new data set, not new code;
* a criterion is answered with a grade AA/A/BB/B/CC/C/D/E (``GRADES``: 100/90/80/70/60/50/30/0 %)
  or, in the Y/T variant some tools use, Y (100 %) / T (0 %);
* a sub-component's value is its weight times the mean percentage of its answered criteria
  (``subcomponent_value``): the 88/2021 form grades the sub-component as a whole, which is the
  one-criterion case (T2: 1.b, weight 9, graded BB -> 7,20);
* the AKIP value is the sum over all sub-components (0..100), the predicate AA..D its band
  (``AKIP_BANDS``: lower-exclusive, upper-inclusive, T1);
* ``compare`` gives the change in points against last year's value.

A sub-component none of whose criteria is answered scores 0 and is reported as unanswered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from kinerja.core.bands import AKIP_BANDS, Band, classify
from kinerja.core.numbers import COMPUTE_CONTEXT
from kinerja.core.types import KinerjaValidationError

__all__ = [
    "ANSWERS",
    "GRADES",
    "Component",
    "Criterion",
    "Lke",
    "LkeScore",
    "SubComponent",
    "answer_percent",
    "compare",
    "lke_from_data",
    "predicate",
    "score",
    "subcomponent_value",
]

#: Grade -> percentage of the sub-component weight (rules.md §3.2 (a)).
GRADES: dict[str, Decimal] = {
    "AA": Decimal(100),
    "A": Decimal(90),
    "BB": Decimal(80),
    "B": Decimal(70),
    "CC": Decimal(60),
    "C": Decimal(50),
    "D": Decimal(30),
    "E": Decimal(0),
}
#: Every accepted answer: the grades and Y/T.
ANSWERS: dict[str, Decimal] = {**GRADES, "Y": Decimal(100), "T": Decimal(0)}

_HUNDRED = Decimal(100)


def answer_percent(answer: str) -> Decimal:
    """The percentage an answer gives (``"BB"`` -> 80, ``"Y"`` -> 100)."""
    key = answer.strip().upper() if isinstance(answer, str) else answer
    if key not in ANSWERS:
        raise KinerjaValidationError(f"jawaban LKE '{answer}' tidak dikenal (pilihan: {', '.join(ANSWERS)})")
    return ANSWERS[key]


@dataclass(frozen=True)
class Criterion:
    code: str  # e.g. "1.a.1"
    text: str
    auto: str = ""  # a check Kinerja can make from its own data (kinerja/evaluation/akip.py)


@dataclass(frozen=True)
class SubComponent:
    code: str  # e.g. "1.a"
    title: str
    weight: Decimal
    criteria: tuple[Criterion, ...] = ()


@dataclass(frozen=True)
class Component:
    code: str  # e.g. "1"
    title: str
    weight: Decimal
    subcomponents: tuple[SubComponent, ...] = ()


@dataclass(frozen=True)
class Lke:
    """One regulation's worksheet (lembar kerja evaluasi)."""

    code: str  # e.g. "permenpanrb-88-2021"
    title: str
    components: tuple[Component, ...] = ()

    def validate(self) -> None:
        """Weights must add up: sub-components to their component, components to 100; codes unique."""
        seen: set[str] = set()
        total = Decimal(0)
        for comp in self.components:
            total += comp.weight
            sub_total = sum((s.weight for s in comp.subcomponents), Decimal(0))
            if comp.subcomponents and sub_total != comp.weight:
                raise KinerjaValidationError(
                    f"LKE {self.code}: bobot subkomponen {comp.code} berjumlah {sub_total}, "
                    f"bukan {comp.weight}"
                )
            for sub in comp.subcomponents:
                for code in (sub.code, *(c.code for c in sub.criteria)):
                    if code in seen:
                        raise KinerjaValidationError(f"LKE {self.code}: kode {code} ganda")
                    seen.add(code)
        if total != _HUNDRED:
            raise KinerjaValidationError(f"LKE {self.code}: bobot komponen berjumlah {total}, bukan 100")


def subcomponent_value(weight: Decimal, answers: Sequence[str | None]) -> Decimal | None:
    """Weight x mean percentage of the answered criteria / 100; None when none is answered."""
    given = [answer_percent(a) for a in answers if a is not None and a != ""]
    if not given:
        return None
    with localcontext(COMPUTE_CONTEXT):
        return weight * (sum(given, Decimal(0)) / len(given)) / _HUNDRED


def predicate(value: Decimal | None) -> Band | None:
    """The AKIP predicate band (AA..D) of a value; None for n.a or outside 0..100."""
    return classify(value, AKIP_BANDS)


@dataclass(frozen=True)
class LkeScore:
    total: Decimal
    components: dict[str, Decimal]  # component code -> value
    subcomponents: dict[str, Decimal | None]  # sub-component code -> value (None: unanswered)
    unanswered: tuple[str, ...] = field(default=())

    @property
    def predicate(self) -> str | None:
        band = predicate(self.total)
        return band.label if band else None


def score(lke: Lke, answers: Mapping[str, str | None]) -> LkeScore:
    """The LKE value from answers keyed by criterion code, or by sub-component code for a
    sub-component graded as a whole (when both are given the criteria count)."""
    known = {s.code for c in lke.components for s in c.subcomponents} | {
        k.code for c in lke.components for s in c.subcomponents for k in s.criteria
    }
    stray = sorted(set(answers) - known)
    if stray:
        raise KinerjaValidationError(f"LKE {lke.code}: kode tidak dikenal: {', '.join(stray)}")
    comps: dict[str, Decimal] = {}
    subs: dict[str, Decimal | None] = {}
    unanswered: list[str] = []
    with localcontext(COMPUTE_CONTEXT):
        total = Decimal(0)
        for comp in lke.components:
            comp_value = Decimal(0)
            for sub in comp.subcomponents:
                crit = [answers.get(k.code) for k in sub.criteria]
                value = subcomponent_value(sub.weight, crit) if any(crit) else None
                if value is None:
                    value = subcomponent_value(sub.weight, [answers.get(sub.code)])
                subs[sub.code] = value
                if value is None:
                    unanswered.append(sub.code)
                else:
                    comp_value += value
            comps[comp.code] = comp_value
            total += comp_value
    return LkeScore(total=total, components=comps, subcomponents=subs, unanswered=tuple(unanswered))


def compare(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """Change in points against last year (None when either is missing)."""
    if current is None or previous is None:
        return None
    with localcontext(COMPUTE_CONTEXT):
        return current - previous


def _weight(value: object, where: str) -> Decimal:
    try:
        out = Decimal(str(value))
    except ArithmeticError:
        out = Decimal("NaN")
    if not out.is_finite() or out < 0:
        raise KinerjaValidationError(f"{where}: bobot '{value}' bukan angka yang sah")
    return out


def lke_from_data(data: Mapping[str, object]) -> Lke:
    """An ``Lke`` from plain data (a YAML/JSON data set), validated:
    ``{code, title, components: [{code, title, weight, subcomponents: [{code, title, weight,
    criteria: [{code, text, auto}]}]}]}``."""

    def items(obj: object, where: str) -> list[Mapping[str, object]]:
        if not isinstance(obj, list) or not all(isinstance(x, Mapping) for x in obj):
            raise KinerjaValidationError(f"{where}: harus daftar")
        return list(obj)

    code = str(data.get("code", ""))
    components = []
    for comp in items(data.get("components"), f"LKE {code} components"):
        subs = []
        for sub in items(comp.get("subcomponents", []), f"komponen {comp.get('code')}"):
            crits = tuple(
                Criterion(str(k["code"]), str(k.get("text", "")), str(k.get("auto", "") or ""))
                for k in items(sub.get("criteria", []), f"subkomponen {sub.get('code')}")
            )
            subs.append(
                SubComponent(
                    str(sub["code"]),
                    str(sub.get("title", "")),
                    _weight(sub.get("weight"), f"subkomponen {sub.get('code')}"),
                    crits,
                )
            )
        components.append(
            Component(
                str(comp["code"]),
                str(comp.get("title", "")),
                _weight(comp.get("weight"), f"komponen {comp.get('code')}"),
                tuple(subs),
            )
        )
    lke = Lke(code, str(data.get("title", "")), tuple(components))
    lke.validate()
    return lke
