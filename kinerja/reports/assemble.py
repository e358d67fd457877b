"""The one data-assembly layer of the official documents.

``assemble_unit_year(doc, unit, year)`` reads an interchange ``Document`` (from the database via
``kinerja.interchange.db.export_document`` or from a file) and returns a plain ``UnitYearReport``:
the unit, its Renstra, every Perjanjian Kinerja version, the indicators with their figures for
each Renstra year, the budget and the stored narratives. Every achievement figure comes from
``kinerja.figures`` (what is in force and which data count, then the engine) and
``kinerja.core.trend``; nothing here computes a capaian or decides what counts. The layouts (``lkj.py``, ``pk.py``, ``xlsx.py``) only arrange and format
what is assembled here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, localcontext

from kinerja.core.numbers import COMPUTE_CONTEXT, round_half_up
from kinerja.core.trend import YearOverYear, against_end_target, year_over_year
from kinerja.core.types import (
    AchievementResult,
    IndicatorResult,
    KinerjaValidationError,
    QuarterRule,
    RealizationValue,
    Target,
    UnitResult,
)
from kinerja.figures.budget import (
    Line,
    Outputs,
    Score,
    budget_by_account,
    budget_by_objective,
    budget_outputs,
    budget_trend,
    pagu_on,
    unit_budget,
)
from kinerja.figures.counting import APPROVED, Basis, YearRecords, year_narrative
from kinerja.figures.inforce import indicators_for_year
from kinerja.figures.quarters import QUARTERS, QuarterFigures, quarter_figures
from kinerja.figures.unit_year import compute_document, figures_for
from kinerja.interchange import document as d
from kinerja.interchange.refs import indicator_key, resolve_ref
from kinerja.reports.evaluation_section import EvaluationSection, evaluation_section

REVISION_REASON_TEXT = {
    "a": "pergantian atau mutasi pejabat",
    "b": "perubahan strategi yang memengaruhi pencapaian tujuan dan sasaran",
    "c": "perubahan prioritas atau asumsi yang berakibat signifikan pada pencapaian tujuan dan sasaran",
}


@dataclass(frozen=True)
class YearFigure:
    """One Renstra year of an indicator: target in force, realisation, capaian (engine)."""

    year: int
    target: Target | None
    realization: RealizationValue | None
    achievement: Decimal | None
    computed: bool  # False for years after the report year (target only)


@dataclass(frozen=True)
class QuarterFigure:
    """Rencana Aksi: one quarter's target, realisation and capaian (``core.achievement``)."""

    quarter: int
    target: Target | None
    realization: RealizationValue | None
    achievement: Decimal | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawInput:
    name: str
    value: Decimal
    description: str


@dataclass(frozen=True)
class ComponentFigure:
    key: str
    name: str
    realization: RealizationValue | None


@dataclass
class IndicatorReport:
    key: str
    code: str
    name: str
    unit_of_measure: str
    indicator: d.Indicator
    result: IndicatorResult
    history: list[YearFigure]
    realization_change: YearOverYear | None  # against the previous year (numbers only)
    achievement_change: YearOverYear | None
    end_year: int
    end_target: Target | None
    against_end: AchievementResult | None
    inputs: list[RawInput]
    components: list[ComponentFigure]
    narrative: d.Narrative
    evidence: list[str]
    status: str
    quarters: list[QuarterFigure] = field(default_factory=list)

    @property
    def target(self) -> Target | None:
        return self.result.target

    @property
    def realization(self) -> RealizationValue | None:
        return self.result.realization

    @property
    def achievement(self) -> Decimal | None:
        return self.result.achievement


@dataclass(frozen=True)
class BudgetLine:
    label: str
    pagu: int | None
    realization: int | None
    absorption: Decimal | None  # realisasi / pagu x 100, full precision


@dataclass
class ObjectiveReport:
    code: str
    level: str
    statement: str
    achievement: Decimal | None
    notes: tuple[str, ...]
    indicators: list[IndicatorReport]
    history: dict[int, Decimal | None]  # capaian sasaran per computed Renstra year
    budget: BudgetLine | None  # from budget entries linked to this objective


@dataclass
class BudgetReport:
    pagu_awal: int | None
    revisions: list[d.BudgetEntry]
    pagu_akhir: int | None
    realization: int | None
    total: BudgetLine | None  # the unit's pagu in force against its realisation
    accounts: list[BudgetLine]  # parts of the pagu named by account (not additional to it)
    renstra_need: dict[int, int]  # Renstra funding need per year (all accounts)
    pagu_awal_entry: d.BudgetEntry | None = None
    pagu_akhir_entry: d.BudgetEntry | None = None
    # the units beneath whose budgets make this one (kinerja.figures.budget.unit_budget), by name;
    # empty when the unit has entries of its own
    rolled_up_from: list[str] = field(default_factory=list)
    # EKA, IKPA, NKA of the unit-year (entered from SMART/OM-SPAN, or computed from their parts)
    scores: list[Score] = field(default_factory=list)
    # the unit's own output structure (Program..RO) with capaian RO and efficiency
    outputs: Outputs | None = None
    # per account (jenis belanja) over the units that make the budget; over the Renstra years
    by_account: list[Line] = field(default_factory=list)
    trend: list[Line] = field(default_factory=list)
    blocked: int | None = None  # the amount blocked (blokir) in the unit's own DIPA

    @property
    def pagu(self) -> int | None:
        """The pagu in force: pagu akhir, else pagu awal plus the revisions."""
        if self.pagu_akhir is not None:
            return self.pagu_akhir
        if self.pagu_awal is None:
            return None
        return self.pagu_awal + sum(r.amount for r in self.revisions)


@dataclass(frozen=True)
class AgreementRow:
    objective_code: str
    objective_statement: str
    indicator_code: str
    indicator_name: str
    unit_of_measure: str
    target: Target | None


@dataclass
class AgreementReport:
    agreement: d.Agreement
    rows: list[AgreementRow]
    budget_lines: list[tuple[str, int]]  # program/kegiatan label, amount
    budget_note: str

    @property
    def version(self) -> int:
        return self.agreement.version


@dataclass(frozen=True)
class Counts:
    above: int
    at: int
    below: int
    na: int

    @property
    def total(self) -> int:
        return self.above + self.at + self.below + self.na


@dataclass(frozen=True)
class ReviuStatement:
    """The APIP reviu of the unit-year ("Pernyataan Telah Direviu"), from ``kinerja.evaluation``;
    not part of the interchange ``Document``, so the caller passes it in."""

    statement: str  # paragraphs separated by a blank line
    place: str
    reviewed_on: date
    reviewer_title: str
    reviewer_name: str
    digest: str = ""  # the official figures reviewed (kinerja.figures.reviu); "" = not recorded

    def canonical(self) -> str:
        """A stable text of the content, folded into the provenance hash."""
        return "\n".join(
            (
                self.statement,
                self.place,
                self.reviewed_on.isoformat(),
                self.reviewer_title,
                self.reviewer_name,
            )
        )


@dataclass
class UnitYearReport:
    agency: d.Agency
    unit: d.Unit
    parent: d.Unit | None
    year: int
    plan: d.Plan
    result: UnitResult
    objectives: list[ObjectiveReport]
    agreements: list[AgreementReport]
    budget: BudgetReport
    texts: dict[str, str]
    counts: Counts
    unit_history: dict[int, Decimal | None]
    action_plans: list[d.ActionPlan]
    quarterly: dict[str, dict[int, d.Realization]] = field(default_factory=dict)
    # the basis of the figures (kinerja.figures.counting): official unless a provisional view was
    # asked for; the values entered but not counted (official) or counted unapproved (provisional)
    basis: Basis = Basis.OFFICIAL
    left_out: list[str] = field(default_factory=list)
    unapproved: list[str] = field(default_factory=list)
    # a reviu recorded over figures that have changed since: not printed as a statement
    outdated_reviu: ReviuStatement | None = None
    # SKM and AKIP evaluation results (kinerja/reports/evaluation_section.py)
    evaluation: EvaluationSection | None = None

    @property
    def provisional(self) -> bool:
        return self.basis is Basis.PROVISIONAL

    @property
    def indicators(self) -> list[IndicatorReport]:
        return [i for o in self.objectives for i in o.indicators]

    @property
    def period_years(self) -> list[int]:
        return list(range(self.plan.period[0], self.plan.period[1] + 1))


def absorption(realization: int | None, pagu: int | None) -> Decimal | None:
    """Penyerapan anggaran: realisasi / pagu x 100 (None without a positive pagu)."""
    if realization is None or pagu is None or pagu <= 0:
        return None
    with localcontext(COMPUTE_CONTEXT):
        return Decimal(realization) / Decimal(pagu) * 100


def _quarters(key: str, by_quarter: dict[int, QuarterFigures]) -> list[QuarterFigure]:
    """The indicator's Rencana Aksi rows: each quarter as ``kinerja.figures.quarters`` measures
    it; no capaian where the quarter has no Rencana Aksi target (the year's target is not a
    quarter's)."""
    out = []
    for q, found in sorted(by_quarter.items()):
        res = next((i for o in found.result.objectives for i in o.indicators if i.key == key), None)
        target = found.action_targets.get(key)
        value = res.realization if res is not None else None
        against_year = key in found.year_target
        ach = None if res is None or against_year else res.achievement
        notes = (
            res.notes
            if res is not None and not against_year and (target is not None or value is not None)
            else ()
        )
        out.append(QuarterFigure(q, target, value, ach, tuple(notes)))
    return out


def _numeric(value: RealizationValue | None) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def _count(objectives: list[ObjectiveReport]) -> Counts:
    above = at = below = na = 0
    hundred = Decimal(100)
    for obj in objectives:
        for ind in obj.indicators:
            if ind.achievement is None:
                na += 1
                continue
            shown = round_half_up(ind.achievement, 2)  # as printed, so the counts match the tables
            if shown > hundred:
                above += 1
            elif shown == hundred:
                at += 1
            else:
                below += 1
    return Counts(above, at, below, na)


def _collect_budget(doc: d.Document, unit: str, year: int) -> BudgetReport:
    entries = [b for b in doc.budgets if b.unit == unit and b.year == year]
    whole = [b for b in entries if not b.account and not b.objective and not b.output]
    pagu_awal_entries = [b for b in whole if b.kind == "pagu_awal"]
    pagu_akhir_entries = [b for b in whole if b.kind == "pagu_akhir"]
    realisasi = [b for b in whole if b.kind == "realisasi"]
    monthly = [b for b in whole if b.kind == "realisasi_bulanan"]
    revisions = sorted(
        (b for b in whole if b.kind == "revisi"),
        key=lambda b: (b.date is None, b.date or date.min),  # dated first, in order
    )
    pagu_awal = sum(b.amount for b in pagu_awal_entries) if pagu_awal_entries else None
    pagu_akhir = sum(b.amount for b in pagu_akhir_entries) if pagu_akhir_entries else None
    if realisasi:
        realization: int | None = sum(b.amount for b in realisasi)
    elif monthly:
        realization = sum(b.amount for b in monthly)
    else:
        realization = None
    report = BudgetReport(
        pagu_awal=pagu_awal,
        revisions=revisions,
        pagu_akhir=pagu_akhir,
        realization=realization,
        total=None,
        accounts=[],
        renstra_need={},
        pagu_awal_entry=pagu_awal_entries[0] if pagu_awal_entries else None,
        pagu_akhir_entry=pagu_akhir_entries[0] if pagu_akhir_entries else None,
    )
    own = unit_budget(doc, unit, year, roll_up=False)
    if report.pagu is not None or realization is not None:
        report.total = BudgetLine(
            "Anggaran unit (seluruh akun)", report.pagu, realization, absorption(realization, report.pagu)
        )
    elif own is not None and (own.pagu_akhir is not None or own.realisasi is not None):
        # no line for the whole unit: its RO (or account) lines make its budget (unit_budget)
        report.pagu_akhir, report.realization = own.pagu_akhir, own.realisasi
        report.total = BudgetLine(
            "Anggaran unit (jumlah rincian)", own.pagu_akhir, own.realisasi, own.penyerapan
        )
    else:
        # no entries of its own: an Eselon I or the ministry is the sum of the units beneath it
        # (kinerja.figures.budget.unit_budget, the one home of the rule), one line per unit below
        summed = unit_budget(doc, unit, year)
        if summed is not None and summed.rolled_up:
            names = {u.code: u.name for u in doc.units}
            report.pagu_akhir, report.realization = summed.pagu_akhir, summed.realisasi
            report.rolled_up_from = [names.get(c, c) for c in summed.rolled_up]
            report.total = BudgetLine(
                "Jumlah anggaran unit di bawahnya", summed.pagu_akhir, summed.realisasi, summed.penyerapan
            )
            for child in sorted(u.code for u in doc.units if u.parent == unit):
                part = unit_budget(doc, child, year)
                if part is not None and (part.pagu_akhir is not None or part.realisasi is not None):
                    report.accounts.append(
                        BudgetLine(names.get(child, child), part.pagu_akhir, part.realisasi, part.penyerapan)
                    )
    found = unit_budget(doc, unit, year, roll_up=False)
    if found is not None:
        report.scores = [found.scores[k] for k in ("eka", "ikpa", "nka") if k in found.scores]
    by_account: dict[str, dict[str, int]] = defaultdict(dict)
    for b in entries:
        if b.account and b.kind in ("pagu_akhir", "realisasi", "pagu_awal"):
            slot = by_account[b.account]
            slot[b.kind] = slot.get(b.kind, 0) + b.amount
    for account, kinds in by_account.items():
        pagu = kinds.get("pagu_akhir", kinds.get("pagu_awal"))
        real = kinds.get("realisasi")
        report.accounts.append(BudgetLine(account, pagu, real, absorption(real, pagu)))
    need: dict[int, int] = defaultdict(int)
    for b in doc.budgets:
        if b.unit == unit and b.kind == "renstra":
            need[b.year] += b.amount
    report.renstra_need = dict(sorted(need.items()))
    outputs = budget_outputs(doc, unit, year)
    report.outputs = None if outputs.empty else outputs
    report.by_account = budget_by_account(doc, unit, year)
    report.trend = budget_trend(doc, unit, year)
    blocked = [b.amount for b in whole if b.kind == "blokir"]
    report.blocked = sum(blocked) if blocked else None
    return report


def _objective_budgets(doc: d.Document, unit: str, year: int) -> dict[str, BudgetLine]:
    """Objective code -> its budget (``kinerja.figures.budget.budget_by_objective``, the one home:
    lines naming it or an RO serving it, and what the objectives beneath supporting it spent)."""
    prefix = f"{unit}:"
    return {
        line.key.removeprefix(prefix): BudgetLine(
            line.key.removeprefix(prefix), line.pagu, line.realisasi, line.penyerapan
        )
        for line in budget_by_objective(doc, unit, year)
        if line.pagu is not None or line.realisasi is not None
    }


def _agreement_budget(
    doc: d.Document, unit: str, budget: BudgetReport, agreement: d.Agreement, unit_name: str
) -> tuple[list[tuple[str, int]], str]:
    """The budget shown in a PK annex: the pagu in force on its signing date
    (``kinerja.figures.budget.pagu_on``)."""
    pagu = pagu_on(doc, unit, agreement.year, agreement.signed_on)
    if pagu.amount is None:
        lines_unknown: list[tuple[str, int]] = []
        if budget.pagu_awal is not None:
            lines_unknown.append((f"Pagu awal {unit_name}", budget.pagu_awal))
        if (
            budget.pagu_akhir is not None and not budget.rolled_up_from
        ):  # a sum of units below is no PK's pagu
            lines_unknown.append((f"Pagu akhir {unit_name}", budget.pagu_akhir))
        return lines_unknown, pagu.note
    lines: list[tuple[str, int]] = [(f"Anggaran {unit_name}", pagu.amount)]
    if pagu.amount == budget.pagu_akhir:  # the parts named by account are parts of the pagu akhir
        for acc in budget.accounts:
            if acc.pagu is not None:
                lines.append((f"di antaranya: {acc.label}", acc.pagu))
    return lines, pagu.note


def _inputs_of(rec: YearRecords, ind: d.Indicator) -> list[RawInput]:
    """The raw inputs behind the year's realisation: the year's record's, else (quarter rule
    "last") the last quarter's; a sum or average of quarters has no single set of inputs."""
    source: d.Realization | None = rec.annual
    if source is None and rec.quarters and ind.quarter_rule is QuarterRule.LAST:
        source = rec.quarters[max(rec.quarters)]
    if source is None:
        return []
    return [RawInput(n, v, ind.variables.get(n, "")) for n, v in source.inputs.items()]


def _status_of(rec: YearRecords) -> str:
    used = rec.used
    if not used:
        return ""
    unapproved = [r.status for r in used if r.status != APPROVED]
    return unapproved[0] if unapproved else APPROVED


def assemble_unit_year(
    doc: d.Document, unit: str, year: int, basis: Basis = Basis.OFFICIAL
) -> UnitYearReport:
    """Everything the LKj, the PK and the Rencana Aksi of ``unit`` in ``year`` show, on ``basis``
    (official figures unless a provisional view is asked for)."""
    units = {u.code: u for u in doc.units}
    if unit not in units:
        raise KinerjaValidationError(f"unit '{unit}' tidak ada di data")
    figures = figures_for(doc, unit, year, basis)
    force = figures.in_force
    plan = force.plan
    result = figures.result
    # earlier Renstra years, each computed by the engine from the same document
    results: dict[int, UnitResult] = {year: result}
    for y in range(plan.period[0], year):
        try:
            results[y] = compute_document(doc, unit, y, basis)
        except KinerjaValidationError:
            continue  # e.g. another plan (or none) covers that year
    all_indicators = indicators_for_year(doc, year)
    ind_by_key: dict[int, dict[str, IndicatorResult]] = {
        y: {i.key: i for o in r.objectives for i in o.indicators} for y, r in results.items()
    }
    obj_by_year: dict[int, dict[str, Decimal | None]] = {
        y: {o.code: o.achievement for o in r.objectives} for y, r in results.items()
    }
    # the records that make each indicator's year, as counted for these figures
    chosen = figures.selection.by_key
    by_quarter = {q: quarter_figures(doc, unit, year, q, basis) for q in QUARTERS}
    end_year = plan.period[1]
    rule = doc.policy.lower_is_better
    action_plans = [a for a in doc.action_plans if a.unit == unit and a.year == year]
    objectives: list[ObjectiveReport] = []
    objective_budgets = _objective_budgets(doc, unit, year)
    results_by_code = {o.code: o for o in result.objectives}
    for measured in force.objectives:
        obj_spec = measured.objective
        obj_result = results_by_code[obj_spec.code]
        by_key = {i.key: i for i in obj_result.indicators}
        indicators: list[IndicatorReport] = []
        for key, ind in measured.indicators:
            ind_result = by_key[key]
            history: list[YearFigure] = []
            for y in range(plan.period[0], plan.period[1] + 1):
                past = ind_by_key.get(y, {}).get(key)
                if past is not None:
                    history.append(YearFigure(y, past.target, past.realization, past.achievement, True))
                else:
                    history.append(YearFigure(y, ind.targets.get(y), None, None, y <= year))
            prev = ind_by_key.get(year - 1, {}).get(key)
            realization_change = achievement_change = None
            if prev is not None:
                realization_change = year_over_year(
                    _numeric(prev.realization), _numeric(ind_result.realization)
                )
                achievement_change = year_over_year(prev.achievement, ind_result.achievement)
            end_target = ind.targets.get(end_year)
            against_end = against_end_target(
                end_target, ind_result.realization, ind.polarity, rule, ind.scale
            )
            rec = chosen.get(key, YearRecords())
            narrative, evidence = year_narrative(rec)
            components = []
            for comp in ind_result.components:
                comp_ind = all_indicators.get(comp.key)
                components.append(
                    ComponentFigure(comp.key, comp_ind.name if comp_ind else "", comp.realization)
                )
            indicators.append(
                IndicatorReport(
                    key=key,
                    code=ind.code,
                    name=ind.name,
                    unit_of_measure=ind.unit_of_measure,
                    indicator=ind,
                    result=ind_result,
                    history=history,
                    realization_change=realization_change,
                    achievement_change=achievement_change,
                    end_year=end_year,
                    end_target=end_target,
                    against_end=against_end,
                    inputs=_inputs_of(rec, ind),
                    components=components,
                    narrative=narrative,
                    evidence=evidence,
                    status=_status_of(rec),
                    quarters=_quarters(key, by_quarter),
                )
            )
        objectives.append(
            ObjectiveReport(
                code=obj_spec.code,
                level=obj_spec.level,
                statement=obj_spec.statement,
                achievement=obj_result.achievement,
                notes=obj_result.notes,
                indicators=indicators,
                history={y: obj_by_year[y].get(obj_spec.code) for y in sorted(obj_by_year)},
                budget=objective_budgets.get(obj_spec.code),
            )
        )
    budget = _collect_budget(doc, unit, year)
    agreements = force.agreements
    agreement_reports = []
    for a in agreements:
        rows: list[AgreementRow] = []
        targets = {resolve_ref(ref, unit): t for ref, t in a.targets.items()}
        for obj_spec in plan.objectives:
            for ind in obj_spec.indicators:
                key = indicator_key(ind, plan)
                if key in targets:
                    rows.append(
                        AgreementRow(
                            obj_spec.code,
                            obj_spec.statement,
                            ind.code,
                            ind.name,
                            ind.unit_of_measure,
                            targets[key],
                        )
                    )
        lines, note = _agreement_budget(doc, unit, budget, a, units[unit].name)
        agreement_reports.append(AgreementReport(a, rows, lines, note))
    texts = {t.key: t.text for t in doc.texts if t.unit == unit and t.year == year}
    this_unit = units[unit]
    return UnitYearReport(
        agency=doc.agency,
        unit=this_unit,
        parent=units.get(this_unit.parent) if this_unit.parent else None,
        year=year,
        plan=plan,
        result=result,
        objectives=objectives,
        agreements=agreement_reports,
        budget=budget,
        texts=texts,
        counts=_count(objectives),
        unit_history={y: results[y].achievement for y in sorted(results)},
        action_plans=action_plans,
        quarterly={key: dict(rec.quarters) for key, rec in chosen.items() if rec.quarters},
        basis=basis,
        left_out=figures.left_out,
        unapproved=figures.unapproved,
        evaluation=evaluation_section(doc, unit, year),
    )
