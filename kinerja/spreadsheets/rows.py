"""What a unit-year workbook holds, read from the database once and shared by the download
(``template``) and the upload (``upload``), so both see the same rows with the same keys.

* Renstra targets: every indicator of the unit's Renstra in force for the year, with its target of
  that year (``IndicatorTarget``);
* Rencana Aksi: every indicator of the latest PK version of the year, with its yearly PK target and
  the four quarterly targets (``ActionPlanTarget``), as ``agreements.services.action_plan`` gives
  them;
* realisations: every indicator of the PK in force (else of the Renstra), for the year and each
  quarter, with the unit's record when there is one.

Rows are matched on upload by their keys: the unit code, the indicator's global reference
``OWNER:CODE``, the period (``2022`` or ``2022-Q1``) and a row version. Targets carry no version
counter, so their row version is a fingerprint of the stored value(s); a realisation carries its
``version`` and a fingerprint of the editable values as downloaded (to tell whether the user
changed the row).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from kinerja.agreements import services as agreement_services
from kinerja.agreements.models import Agreement
from kinerja.agreements.quarters import QUARTERS
from kinerja.core.formula import formula_variables
from kinerja.core.types import KinerjaValidationError, NumericTarget, QualitativeTarget, RangeTarget, Target
from kinerja.measurement.models import Realization
from kinerja.measurement.services import find_realization
from kinerja.organizations.models import Unit
from kinerja.planning.models import (
    TARGET_LABEL,
    TARGET_NUMBER,
    TARGET_RANGE,
    Indicator,
    IndicatorTarget,
    Plan,
)

PERIODS: tuple[int | None, ...] = (None, *QUARTERS)
NARRATIVE_FIELDS = ("analysis", "supporting", "inhibiting", "follow_up")
MODE_INPUTS = "inputs"
MODE_LABEL = "label"
MODE_NUMBER = "number"


# --- canonical text of values (fingerprints, comparisons) ---------------------------------------


def plain(value: Decimal | None) -> str:
    """``Decimal('99.2500000000')`` -> ``"99.25"``; None -> ``""``."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def target_text(target: Target | None) -> str:
    if target is None:
        return ""
    if isinstance(target, NumericTarget):
        return f"number:{plain(target.value)}"
    if isinstance(target, RangeTarget):
        return f"range:{plain(target.low)}|{plain(target.high)}"
    if isinstance(target, QualitativeTarget):
        return f"label:{target.label}"
    raise TypeError(target)


def fingerprint(parts: Iterable[str]) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


def period_key(year: int, quarter: int | None) -> str:
    return str(year) if quarter is None else f"{year}-Q{quarter}"


def indicator_ref(indicator: Indicator) -> str:
    return f"{indicator.owner.code}:{indicator.code}"


# --- target kinds -----------------------------------------------------------------------------


def kind_of(target: Target | None) -> str | None:
    if target is None:
        return None
    if isinstance(target, RangeTarget):
        return TARGET_RANGE
    if isinstance(target, QualitativeTarget):
        return TARGET_LABEL
    return TARGET_NUMBER


def indicator_kind(indicator: Indicator, *known: Target | None) -> str:
    """The target type of an indicator: that of a known target, else a label when the indicator
    has a qualitative scale, else the type of its other Renstra targets, else a number."""
    for target in known:
        kind = kind_of(target)
        if kind is not None:
            return kind
    if indicator.scale:
        return TARGET_LABEL
    other = IndicatorTarget.objects.filter(indicator=indicator).order_by("year").first()
    return other.kind if other is not None else TARGET_NUMBER


# --- rows ---------------------------------------------------------------------------------------


@dataclass
class TargetRow:
    """A Renstra target of the year."""

    indicator: Indicator
    kind: str
    target: Target | None

    @property
    def ref(self) -> str:
        return indicator_ref(self.indicator)

    @property
    def version(self) -> str:
        return fingerprint([target_text(self.target)])


@dataclass
class QuarterRow:
    """The Rencana Aksi of one PK indicator: the yearly PK target and TW I-IV."""

    indicator: Indicator
    kind: str
    year_target: Target | None
    quarters: dict[int, Target | None]

    @property
    def ref(self) -> str:
        return indicator_ref(self.indicator)

    @property
    def version(self) -> str:
        return quarters_version(self.quarters)


def quarters_version(quarters: dict[int, Target | None]) -> str:
    return fingerprint([target_text(quarters.get(q)) for q in QUARTERS])


@dataclass
class RealizationRow:
    """One indicator-period of the realisation sheet."""

    indicator: Indicator
    quarter: int | None
    record: Realization | None
    mode: str  # inputs / label / number
    variables: list[str]
    target: Target | None
    inputs: dict[str, Decimal] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return indicator_ref(self.indicator)

    @property
    def version(self) -> int:
        return self.record.version if self.record is not None else 0

    def values(self) -> dict[str, str]:
        """The editable values as canonical text (``var:NAME``, ``value``, the narrative)."""
        r = self.record
        return editable_values(
            self.mode,
            self.variables,
            {name: plain(v) for name, v in self.inputs.items()},
            (r.value_label if self.mode == MODE_LABEL else plain(r.value_number)) if r else "",
            {f: getattr(r, f) if r else "" for f in NARRATIVE_FIELDS},
        )

    @property
    def fingerprint(self) -> str:
        return values_fingerprint(self.values())


def editable_values(
    mode: str, variables: Sequence[str], inputs: dict[str, str], value: str, narrative: dict[str, str]
) -> dict[str, str]:
    out: dict[str, str] = {}
    if mode == MODE_INPUTS:
        for name in variables:
            out[f"var:{name}"] = inputs.get(name, "")
    else:
        out["value"] = value
    for f in NARRATIVE_FIELDS:
        out[f] = clean_text(narrative.get(f, ""))
    return out


def values_fingerprint(values: dict[str, str]) -> str:
    return fingerprint(f"{k}={v}" for k, v in sorted(values.items()))


def clean_text(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def variables_of(indicator: Indicator) -> list[str]:
    """The raw inputs of the indicator's formula: the declared variables (in order), else the
    names the formula uses."""
    declared = list(indicator.variables.order_by("position", "id").values_list("name", flat=True))
    if declared or not indicator.formula:
        return declared
    try:
        return sorted(formula_variables(indicator.formula))
    except KinerjaValidationError:
        return []


def mode_of(indicator: Indicator, variables: list[str]) -> str:
    if indicator.formula and variables:
        return MODE_INPUTS
    if indicator.scale:
        return MODE_LABEL
    return MODE_NUMBER


@dataclass
class UnitYear:
    unit: Unit
    year: int
    plan: Plan | None
    agreement: Agreement | None
    targets: list[TargetRow]
    quarters: list[QuarterRow]
    realizations: list[RealizationRow]

    @property
    def variable_names(self) -> list[str]:
        """Every variable name of the realisation rows, in first-seen order (one column each)."""
        out: list[str] = []
        for row in self.realizations:
            for name in row.variables:
                if name not in out:
                    out.append(name)
        return out


def _plan_indicators(plan: Plan) -> list[Indicator]:
    return list(
        Indicator.objects.filter(plan=plan)
        .select_related("owner", "objective", "plan__unit")
        .order_by("objective__position", "position", "id")
    )


def load(unit: Unit, year: int) -> UnitYear:
    """Everything the workbook of ``unit`` for ``year`` shows, from the database."""
    plan = agreement_services.plan_for_year(unit, year)
    indicators = _plan_indicators(plan) if plan is not None else []
    stored = {t.indicator_id: t for t in IndicatorTarget.objects.filter(indicator__in=indicators, year=year)}
    targets = []
    for ind in indicators:
        row = stored.get(ind.pk)
        target = row.get_target() if row is not None else None
        targets.append(TargetRow(ind, indicator_kind(ind, target), target))

    agreement, plan_rows = agreement_services.action_plan(unit, year)
    quarters = []
    for ap in plan_rows:
        agreed = ap.target.get_target()
        quarters.append(
            QuarterRow(
                ap.indicator,
                indicator_kind(ap.indicator, agreed, *ap.quarters.values()),
                agreed,
                dict(ap.quarters),
            )
        )

    in_force: list[tuple[Indicator, Target | None]]
    if agreement is not None:
        in_force = [(ap.indicator, ap.target.get_target()) for ap in plan_rows]
    else:
        renstra = {t.indicator.pk: t.target for t in targets}
        in_force = [(ind, renstra.get(ind.pk)) for ind in indicators]
    quarter_targets = {(q.indicator.pk, n): t for q in quarters for n, t in q.quarters.items()}
    realizations = []
    for ind, year_target in in_force:
        variables = variables_of(ind)
        mode = mode_of(ind, variables)
        for quarter in PERIODS:
            record = find_realization(unit, ind, year, quarter)
            period_target = year_target if quarter is None else quarter_targets.get((ind.pk, quarter))
            inputs = {i.name: i.value for i in record.inputs.all()} if record is not None else {}
            realizations.append(RealizationRow(ind, quarter, record, mode, variables, period_target, inputs))
    return UnitYear(unit, year, plan, agreement, targets, quarters, realizations)
