"""What is in force: the Renstra, the PK version and its indicator set, the targets.

Every rule here works on the interchange ``Document`` (the database is read into the same form by
``kinerja.interchange.db.export_document``), and the ranking functions at the top are shared with
the pages that query the database directly (``kinerja.planning.services``,
``kinerja.agreements.services``), so the rule is written once:

* **Renstra in force** for a unit-year: the unit's *adopted* plan covering the year with the
  latest start, then the highest version (``plan_rank``). A draft version is never in force.
* **PK version in force**: the highest *signed* version of the unit-year (``agreement_in_force``);
  a draft revision never sets a target nor changes the indicator set.
* **Indicator set in force**: the indicators of the Renstra in force, less those an earlier signed
  PK version named and the version in force no longer names (taken out by a revision,
  ``removed_by_revision``). A draft PK that drops an indicator changes nothing until it is signed.
* **Target in force**: the PK version in force's target; an indicator the PK does not name keeps
  the Renstra target of the year (noted).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kinerja.core.types import KinerjaValidationError, Target
from kinerja.interchange import document as d
from kinerja.interchange.refs import indicator_key, resolve_ref

PLAN_DRAFT = "draft"
AGREEMENT_DRAFT = "draft"


def plan_rank(start: int, version: int) -> tuple[int, int]:
    """Among adopted plans covering a year, the highest rank is in force: latest start, then
    highest version."""
    return (start, version)


def plan_is_adopted(status: str) -> bool:
    return status != PLAN_DRAFT


def agreement_is_signed(status: str) -> bool:
    return status != AGREEMENT_DRAFT


def plan_for(doc: d.Document, unit: str, year: int) -> d.Plan | None:
    """The unit's Renstra in force for ``year`` (adopted, covering the year, ``plan_rank``)."""
    plans = [
        p
        for p in doc.plans
        if p.unit == unit and p.period[0] <= year <= p.period[1] and plan_is_adopted(p.status)
    ]
    return max(plans, key=lambda p: plan_rank(p.period[0], p.version)) if plans else None


def latest_plan(doc: d.Document, unit: str) -> d.Plan | None:
    """The unit's newest Renstra (latest start, then highest version), adopted before draft: a
    draft is shown only while the unit has no adopted Renstra at all."""
    plans = [p for p in doc.plans if p.unit == unit]
    return (
        max(plans, key=lambda p: (plan_is_adopted(p.status), *plan_rank(p.period[0], p.version)))
        if plans
        else None
    )


def draft_plans_after(doc: d.Document, unit: str, year: int, plan: d.Plan | None) -> list[d.Plan]:
    """Draft versions of the unit's Renstra covering ``year`` newer than the plan in force."""
    return sorted(
        (
            p
            for p in doc.plans
            if p.unit == unit
            and not plan_is_adopted(p.status)
            and p.period[0] <= year <= p.period[1]
            and (plan is None or plan_rank(p.period[0], p.version) > plan_rank(plan.period[0], plan.version))
        ),
        key=lambda p: plan_rank(p.period[0], p.version),
    )


def require_plan(doc: d.Document, unit: str, year: int) -> d.Plan:
    """The Renstra of ``unit`` in force in ``year``, or a validation error naming the plans there are."""
    plan = plan_for(doc, unit, year)
    if plan is None:
        periods = (
            ", ".join(
                f"{p.period[0]}-{p.period[1]}"
                + (f" versi {p.version} (draf)" if not plan_is_adopted(p.status) else "")
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


def _rank(plan: d.Plan, year: int) -> tuple[bool, bool, int, int]:
    """Which plan wins for a key held by several: covering ``year``, adopted, latest start,
    highest version."""
    return (
        plan.period[0] <= year <= plan.period[1],
        plan_is_adopted(plan.status),
        *plan_rank(plan.period[0], plan.version),
    )


def _best_by_key(doc: d.Document, year: int) -> dict[str, tuple[d.Plan, d.Indicator]]:
    best: dict[str, tuple[tuple[bool, bool, int, int], d.Plan, d.Indicator]] = {}
    for plan in doc.plans:
        rank = _rank(plan, year)
        for obj in plan.objectives:
            for ind in obj.indicators:
                key = indicator_key(ind, plan)
                if key not in best or rank >= best[key][0]:
                    best[key] = (rank, plan, ind)
    return {key: (plan, ind) for key, (_, plan, ind) in best.items()}


def indicators_for_year(doc: d.Document, year: int) -> dict[str, d.Indicator]:
    """Every indicator by global key; where a key is in several plans, the plan covering ``year``
    (adopted before draft, latest start, highest version) wins, else the newest plan."""
    return {key: ind for key, (_, ind) in _best_by_key(doc, year).items()}


def plan_unit_of(doc: d.Document, year: int) -> dict[str, str]:
    """Indicator key -> the unit of the plan it was read from (the context of its components)."""
    return {key: plan.unit for key, (plan, _) in _best_by_key(doc, year).items()}


def agreements_of(doc: d.Document, unit: str, year: int, drafts: bool = False) -> list[d.Agreement]:
    """The PK versions of a unit-year, oldest first; signed ones only unless ``drafts``."""
    return sorted(
        (
            a
            for a in doc.agreements
            if a.unit == unit and a.year == year and (drafts or agreement_is_signed(a.status))
        ),
        key=lambda a: a.version,
    )


def agreement_in_force(doc: d.Document, unit: str, year: int) -> d.Agreement | None:
    """The PK version the unit-year is measured against: the highest signed one."""
    signed = agreements_of(doc, unit, year)
    return signed[-1] if signed else None


def removed_by_revision(agreements: list[d.Agreement], unit: str) -> set[str]:
    """Indicator keys an earlier version of ``agreements`` named and the last one does not: taken
    out of the PK by a revision, so not measured that year. ``agreements`` are the signed
    versions, oldest first (``agreements_of``)."""
    if len(agreements) < 2:
        return set()
    last = {resolve_ref(ref, unit) for ref in agreements[-1].targets}
    return {resolve_ref(ref, unit) for a in agreements[:-1] for ref in a.targets} - last


@dataclass
class MeasuredObjective:
    objective: d.Objective
    indicators: list[tuple[str, d.Indicator]]  # (key, indicator) in the Renstra's order


@dataclass
class InForce:
    """What a unit-year is measured by: the Renstra, the PK versions, the indicator set, targets."""

    unit: str
    year: int
    plan: d.Plan
    agreements: list[d.Agreement]  # signed, oldest first; the last is in force
    draft_agreements: list[d.Agreement]
    removed: set[str]  # keys taken out of the PK by a signed revision
    objectives: list[MeasuredObjective]  # objectives left with no indicator are left out
    targets: dict[str, Target]
    notes: list[str] = field(default_factory=list)

    @property
    def agreement(self) -> d.Agreement | None:
        return self.agreements[-1] if self.agreements else None

    @property
    def keys(self) -> list[str]:
        return [key for o in self.objectives for key, _ in o.indicators]


def in_force(doc: d.Document, unit: str, year: int) -> InForce:
    """The Renstra, PK and indicator set in force for ``unit`` in ``year``, with the targets and the
    notes saying where each came from. Raises ``KinerjaValidationError`` without a Renstra."""
    plan = require_plan(doc, unit, year)
    notes: list[str] = [
        f"Renstra {p.period[0]}-{p.period[1]} versi {p.version} masih draf (belum ditetapkan); "
        f"dipakai versi {plan.version}"
        for p in draft_plans_after(doc, unit, year, plan)
    ]
    agreements = agreements_of(doc, unit, year)
    drafts = [a for a in agreements_of(doc, unit, year, drafts=True) if not agreement_is_signed(a.status)]
    for a in drafts:
        notes.append(f"PK {year} versi {a.version} masih draf (belum ditandatangani); tidak dipakai")
    if agreements:
        latest = agreements[-1]
        label = f" ({latest.label})" if latest.label else ""
        notes.append(f"target dari Perjanjian Kinerja {year} versi {latest.version}{label}")
    pk_targets: dict[str, Target] = {}
    for a in agreements:
        for ref, target in a.targets.items():
            pk_targets[resolve_ref(ref, unit)] = target
    removed = removed_by_revision(agreements, unit)
    objectives: list[MeasuredObjective] = []
    targets: dict[str, Target] = {}
    for obj in plan.objectives:
        kept: list[tuple[str, d.Indicator]] = []
        for ind in obj.indicators:
            key = indicator_key(ind, plan)
            if key in removed:
                notes.append(
                    f"{ind.code}: dikeluarkan dari PK {year} oleh versi {agreements[-1].version}; tidak diukur"
                )
                continue
            kept.append((key, ind))
            if key in pk_targets:
                targets[key] = pk_targets[key]
            elif year in ind.targets:
                targets[key] = ind.targets[year]
                if agreements:
                    notes.append(f"{ind.code}: tidak ada di PK {year}; memakai target Renstra")
        if kept or not obj.indicators:
            objectives.append(MeasuredObjective(obj, kept))
        else:
            notes.append(f"{obj.code}: tidak ada indikator dalam PK {year} yang berlaku; tidak diukur")
    return InForce(
        unit=unit,
        year=year,
        plan=plan,
        agreements=agreements,
        draft_agreements=drafts,
        removed=removed,
        objectives=objectives,
        targets=targets,
        notes=notes,
    )
