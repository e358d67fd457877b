"""``kinerja compute``: one unit-year computed from a ``Document`` alone (no database).

The web pages use the same path (database -> ``export_document`` -> ``compute_document``), so a
page and the command never disagree. The rules:

* the unit's Renstra is the *adopted* plan of that unit covering the year (latest start, then
  highest version); a draft version (``status: draft``) is never the plan in force, only noted;
  its objectives and their indicators are what is measured;
* the target of an indicator is that of the highest signed agreement (PK) version of the
  unit-year; without an agreement, or when no version names it, the Renstra target of the year
  (with a note). An indicator an earlier signed version named and the version in force does not
  (taken out by a revision) is not measured (with a note); an objective left with no indicator
  is left out;
* the realisation comes from the unit-year's records: a value, or raw inputs through the
  indicator's formula; else the quarters by the indicator's quarter rule; a composite indicator
  takes its components' realisations (each from its own records, any unit) by its aggregation;
* everything else (achievement, caps, means, n.a) is ``kinerja.core.engine``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from kinerja.core.engine import compute_unit_year
from kinerja.core.numbers import contract_decimal, show_target, show_value
from kinerja.core.types import (
    IndicatorResult,
    IndicatorSpec,
    KinerjaValidationError,
    NumericTarget,
    ObjectiveSpec,
    Policy,
    QualitativeTarget,
    RangeTarget,
    RealizationInput,
    RealizationValue,
    Target,
    UnitResult,
    UnitYearInput,
)
from kinerja.interchange import document as d
from kinerja.interchange.refs import indicator_key, resolve_ref


def plan_for(doc: d.Document, unit: str, year: int) -> d.Plan | None:
    """The unit's adopted Renstra covering ``year``: latest start, then highest version.

    A draft version (made in the editor, not yet adopted) is never the plan in force."""
    plans = [
        p for p in doc.plans if p.unit == unit and p.period[0] <= year <= p.period[1] and p.status != "draft"
    ]
    return max(plans, key=lambda p: (p.period[0], p.version)) if plans else None


def latest_plan(doc: d.Document, unit: str) -> d.Plan | None:
    """The unit's newest Renstra (latest start, then highest version), adopted before draft: a
    draft is shown only while the unit has no adopted Renstra at all."""
    plans = [p for p in doc.plans if p.unit == unit]
    return max(plans, key=lambda p: (p.status != "draft", p.period[0], p.version)) if plans else None


def draft_plans_after(doc: d.Document, unit: str, year: int, plan: d.Plan | None) -> list[d.Plan]:
    """Draft versions of the unit's Renstra covering ``year`` newer than the plan in force."""
    return sorted(
        (
            p
            for p in doc.plans
            if p.unit == unit
            and p.status == "draft"
            and p.period[0] <= year <= p.period[1]
            and (plan is None or (p.period[0], p.version) > (plan.period[0], plan.version))
        ),
        key=lambda p: (p.period[0], p.version),
    )


def _rank(plan: d.Plan, year: int) -> tuple[bool, bool, int, int]:
    """Which plan wins for a key held by several: covering ``year``, adopted, latest start,
    highest version."""
    return (plan.period[0] <= year <= plan.period[1], plan.status != "draft", plan.period[0], plan.version)


def indicators_for_year(doc: d.Document, year: int) -> dict[str, d.Indicator]:
    """Every indicator by global key; where a key is in several plans, the plan covering ``year``
    (adopted before draft, latest start, highest version) wins, else the newest plan."""
    best: dict[str, tuple[tuple[bool, bool, int, int], d.Indicator]] = {}
    for plan in doc.plans:
        rank = _rank(plan, year)
        for obj in plan.objectives:
            for ind in obj.indicators:
                key = indicator_key(ind, plan)
                if key not in best or rank >= best[key][0]:
                    best[key] = (rank, ind)
    return {key: ind for key, (_, ind) in best.items()}


def _spec(key: str, ind: d.Indicator, context: str) -> IndicatorSpec:
    components = tuple(resolve_ref(c, context) for c in ind.components)
    weights = tuple((resolve_ref(k, context), w) for k, w in ind.weights.items())
    return IndicatorSpec(
        key=key,
        code=ind.code,
        name=ind.name,
        polarity=ind.polarity,
        max_achievement=ind.max_achievement,
        formula=ind.formula,
        components=components,
        aggregation=ind.aggregation,
        weights=weights,
        scale=tuple(ind.scale),
        quarter_rule=ind.quarter_rule,
    )


def _plan_unit_of(doc: d.Document, year: int) -> dict[str, str]:
    """Indicator key -> the unit of the plan it was read from (context for its components)."""
    result: dict[str, tuple[tuple[bool, bool, int, int], str]] = {}
    for plan in doc.plans:
        rank = _rank(plan, year)
        for obj in plan.objectives:
            for ind in obj.indicators:
                key = indicator_key(ind, plan)
                if key not in result or rank >= result[key][0]:
                    result[key] = (rank, plan.unit)
    return {k: unit for k, (_, unit) in result.items()}


def agreements_of(doc: d.Document, unit: str, year: int, drafts: bool = False) -> list[d.Agreement]:
    """The PK versions of a unit-year, oldest first; signed ones only unless ``drafts``.

    The highest signed version is the one in force: a draft revision never sets a target.
    """
    return sorted(
        (a for a in doc.agreements if a.unit == unit and a.year == year and (drafts or a.status != "draft")),
        key=lambda a: a.version,
    )


def removed_by_revision(agreements: list[d.Agreement], unit: str) -> set[str]:
    """Indicator keys an earlier version of ``agreements`` named and the last one does not: taken
    out of the PK by a revision, so not measured that year. ``agreements`` are the signed
    versions, oldest first (``agreements_of``)."""
    if len(agreements) < 2:
        return set()
    last = {resolve_ref(ref, unit) for ref in agreements[-1].targets}
    return {resolve_ref(ref, unit) for a in agreements[:-1] for ref in a.targets} - last


def require_plan(doc: d.Document, unit: str, year: int) -> d.Plan:
    """The Renstra of ``unit`` in force in ``year``, or a validation error naming the plans there are."""
    plan = plan_for(doc, unit, year)
    if plan is None:
        periods = (
            ", ".join(
                f"{p.period[0]}-{p.period[1]}" + (f" versi {p.version} (draf)" if p.status == "draft" else "")
                for p in doc.plans
                if p.unit == unit
            )
            or "tidak ada"
        )
        drafts = draft_plans_after(doc, unit, year, None)
        if drafts:
            raise KinerjaValidationError(
                f"unit {unit} belum punya Renstra yang ditetapkan untuk tahun {year}; versi "
                f"{drafts[-1].version} masih draf (Renstra yang ada: {periods})"
            )
        raise KinerjaValidationError(
            f"unit {unit} tidak punya Renstra yang mencakup tahun {year} (Renstra yang ada: {periods})"
        )
    return plan


def build_unit_year_input(doc: d.Document, unit: str, year: int) -> tuple[UnitYearInput, list[str]]:
    """The engine's batch for one unit-year, and notes about where targets came from."""
    codes = {u.code for u in doc.units} | {p.unit for p in doc.plans}
    if unit not in codes:
        known = ", ".join(sorted(codes)[:30]) or "tidak ada"
        raise KinerjaValidationError(f"unit '{unit}' tidak ada di berkas (unit yang ada: {known})")
    plan = require_plan(doc, unit, year)
    notes: list[str] = [
        f"Renstra {p.period[0]}-{p.period[1]} versi {p.version} masih draf (belum ditetapkan); "
        f"dipakai versi {plan.version}"
        for p in draft_plans_after(doc, unit, year, plan)
    ]
    all_indicators = indicators_for_year(doc, year)
    context_of = _plan_unit_of(doc, year)

    # the indicators measured, and every component they need (transitively)
    objectives = []
    wanted: list[str] = []
    for obj in plan.objectives:
        keys = tuple(indicator_key(ind, plan) for ind in obj.indicators)
        objectives.append(
            ObjectiveSpec(code=obj.code, indicator_keys=keys, statement=obj.statement, level=obj.level)
        )
        wanted.extend(keys)
    specs: dict[str, IndicatorSpec] = {}
    queue = list(wanted)
    while queue:
        key = queue.pop()
        if key in specs:
            continue
        ind = all_indicators.get(key)
        if ind is None:
            raise KinerjaValidationError(
                f"indikator {key} dirujuk tetapi tidak ada di Renstra mana pun dalam berkas"
            )
        spec = _spec(key, ind, context_of.get(key, key.split(":", 1)[0]))
        specs[key] = spec
        queue.extend(spec.components)

    # targets: the highest PK version of the unit-year naming the indicator, else Renstra
    targets: dict[str, Target] = {}
    agreements = agreements_of(doc, unit, year)
    for a in agreements_of(doc, unit, year, drafts=True):
        if a.status == "draft":
            notes.append(f"PK {year} versi {a.version} masih draf (belum ditandatangani); tidak dipakai")
    if agreements:
        latest = agreements[-1]
        label = f" ({latest.label})" if latest.label else ""
        notes.append(f"target dari Perjanjian Kinerja {year} versi {latest.version}{label}")
    pk_targets: dict[str, Target] = {}
    for a in agreements:
        for ref, target in a.targets.items():
            pk_targets[resolve_ref(ref, unit)] = target
    # an indicator an earlier signed version named and the version in force no longer names was
    # taken out by a revision: it is not measured (its records stay in the file)
    removed = removed_by_revision(agreements, unit)
    if removed:
        objectives = [
            ObjectiveSpec(
                code=o.code,
                indicator_keys=tuple(k for k in o.indicator_keys if k not in removed),
                statement=o.statement,
                level=o.level,
            )
            for o in objectives
        ]
        for o in objectives:
            if not o.indicator_keys:
                notes.append(f"{o.code}: tidak ada indikator dalam PK {year} yang berlaku; tidak diukur")
        objectives = [o for o in objectives if o.indicator_keys]
    for obj in plan.objectives:
        for ind in obj.indicators:
            key = indicator_key(ind, plan)
            if key in removed:
                notes.append(
                    f"{ind.code}: dikeluarkan dari PK {year} oleh versi {agreements[-1].version}; tidak diukur"
                )
            elif key in pk_targets:
                targets[key] = pk_targets[key]
            elif year in ind.targets:
                targets[key] = ind.targets[year]
                if agreements:
                    notes.append(f"{ind.code}: tidak ada di PK {year}; memakai target Renstra")

    # realisations of every indicator needed; the owner's own record wins over another unit's
    annual: dict[str, RealizationInput] = {}
    quarterly: dict[str, dict[int, RealizationInput]] = defaultdict(dict)
    chosen: dict[tuple[str, int | None], bool] = {}
    for r in doc.realizations:
        if r.period.year != year:
            continue
        key = resolve_ref(r.indicator, r.unit)
        if key not in specs:
            continue
        by_owner = r.unit == key.split(":", 1)[0]
        slot = (key, r.period.quarter)
        if slot in chosen and (chosen[slot] or not by_owner):
            continue
        chosen[slot] = by_owner
        record = RealizationInput(value=r.value, inputs=tuple(r.inputs.items()))
        if r.period.quarter is None:
            annual[key] = record
        else:
            quarterly[key][r.period.quarter] = record
    policy = Policy(max_achievement=doc.policy.max_achievement, lower_is_better=doc.policy.lower_is_better)
    inp = UnitYearInput(
        unit=unit,
        year=year,
        objectives=tuple(objectives),
        indicators=specs,
        targets=targets,
        annual=annual,
        quarterly=dict(quarterly),
        policy=policy,
    )
    return inp, notes


def compute_document(doc: d.Document, unit: str, year: int) -> UnitResult:
    inp, notes = build_unit_year_input(doc, unit, year)
    result = compute_unit_year(inp)
    if notes:
        result = UnitResult(
            unit=result.unit,
            year=result.year,
            achievement=result.achievement,
            objectives=result.objectives,
            notes=tuple(notes) + tuple(result.notes),
        )
    return result


def compute_file(path: str | Path, unit: str, year: int, max_bytes: int | None = None) -> UnitResult:
    from kinerja.interchange.parse import load_document

    return compute_document(load_document(path, max_bytes=max_bytes), unit, year)


# --- output -----------------------------------------------------------------------------------


def _value_json(value: RealizationValue | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return contract_decimal(value)


def _target_json(target: Target | None) -> dict[str, Any]:
    if target is None:
        return {"target": None}
    if isinstance(target, NumericTarget):
        return {"target": contract_decimal(target.value)}
    if isinstance(target, RangeTarget):
        low, high = contract_decimal(target.low), contract_decimal(target.high)
        return {"target": f"{low}-{high}", "target_min": low, "target_max": high}
    if isinstance(target, QualitativeTarget):
        return {"target": target.label}
    raise TypeError(target)


def _indicator_json(ind: IndicatorResult) -> dict[str, Any]:
    out: dict[str, Any] = {"code": ind.code}
    out.update(_target_json(ind.target))
    out["realization"] = _value_json(ind.realization)
    out["achievement"] = contract_decimal(ind.achievement)
    out["achievement_uncapped"] = contract_decimal(ind.achievement_uncapped)
    out["components"] = [
        {"indicator": c.key, "realization": _value_json(c.realization)} for c in ind.components
    ]
    out["notes"] = list(ind.notes)
    return out


def result_to_json(result: UnitResult) -> dict[str, Any]:
    """The contract's JSON object (interchange-v1.md), keys in the contract's order; extensions:
    ``target_min``/``target_max`` for a range target, ``notes`` per objective."""
    notes = list(result.notes)
    objectives = []
    for obj in result.objectives:
        objectives.append(
            {
                "code": obj.code,
                "achievement": contract_decimal(obj.achievement),
                "indicators": [_indicator_json(i) for i in obj.indicators],
                "notes": list(obj.notes),
            }
        )
        notes.extend(f"{obj.code}: {n}" for n in obj.notes)
    return {
        "unit": result.unit,
        "year": result.year,
        "achievement": contract_decimal(result.achievement),
        "objectives": objectives,
        "notes": notes,
    }


def render_table(result: UnitResult) -> str:
    """A plain-text table in Bahasa Indonesia with Indonesian number formatting."""
    header = ("Sasaran", "Indikator", "Target", "Realisasi", "Capaian (%)", "Tanpa batas (%)")
    rows: list[tuple[str, ...]] = []
    for obj in result.objectives:
        rows.append((obj.code, "(rata-rata sasaran)", "", "", show_value(obj.achievement), ""))
        for ind in obj.indicators:
            rows.append(
                (
                    "",
                    ind.code,
                    show_target(ind.target),
                    show_value(ind.realization),
                    show_value(ind.achievement),
                    show_value(ind.achievement_uncapped),
                )
            )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [
        f"Capaian kinerja {result.unit} tahun {result.year}",
        "",
        line(header),
        line(tuple("-" * w for w in widths)),
        *(line(r) for r in rows),
        "",
        f"Capaian unit (rata-rata sasaran): {show_value(result.achievement)}",
    ]
    notes = list(result.notes)
    for obj in result.objectives:
        notes.extend(f"{obj.code}: {n}" for n in obj.notes)
        for ind in obj.indicators:
            notes.extend(f"{ind.code}: {n}" for n in ind.notes)
    if notes:
        out += ["", "Catatan:"] + [f"  - {n}" for n in notes]
    return "\n".join(out) + "\n"
