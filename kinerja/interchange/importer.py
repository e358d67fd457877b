"""Write a ``Document`` to the database (``exporter.py`` reads one back).

``import_document(doc, source)``
    All or nothing: one transaction; any problem raises ``KinerjaValidationError`` (message in
    Bahasa Indonesia, ``where`` naming the file and the place in it) and nothing is written.
    References are first checked with ``refs.check_references`` against the file plus what the
    database already holds for the agency, so a file may refer to units, objectives and
    indicators imported earlier.

    Semantics: upsert by natural keys, so importing the same file twice gives the same content
    (and the second import changes no row).

    * agency: created when new; its name and policy (``max_achievement``, ``lower_is_better``,
      ``count_verified``) are taken from the file only when the file describes the organisation
      (has ``units``) or creates the agency. A data-only file (realisations, budgets ...) carries
      the default policy of the format and must not reset the agency's cap or counting rule.
    * units: upsert by code; a unit in the file replaces its parent, validity, head and its
      predecessor list.
    * plans (unit + period + version): replace that plan version wholesale: vision, missions,
      goals, objectives, indicators, their variables, components, targets and the cascade links.
      Objectives and indicators keep their rows when their code stays (so realisations and PK
      targets attached to them survive); those no longer in the file are deleted with what hangs
      on them. Deleting a locked realisation, or one holding an uploaded evidence file, that way
      is refused. ``status`` (draft/adopted) is taken from the file (default adopted).
    * agreements (unit + year + version): fields and the whole target list replaced.
    * action plans (unit + year + indicator): the quarter targets replaced.
    * realisations (unit + indicator + period): updated in place; a locked realisation may only be
      "re-imported" unchanged. ``version`` goes up and ``updated_at`` moves only when the content
      changes; ``locked`` is kept. The evidence text entries are replaced by the file's, but an
      uploaded evidence file (``Evidence.file``) is never dropped: it keeps its row where the file
      names it, else it follows the file's entries (``merged_evidence``).
    * budget_outputs (unit + year + code): each unit-year's structure becomes the file's, nodes
      kept by code (``kinerja.interchange.budget_outputs``); before the budgets, whose lines name
      an RO or KRO by code.
    * budgets: every budget entry of each unit-year present in the file is replaced, in file
      order.
    * texts (unit + year + key): replaced.
    * surveys (unit + year + service): the answers or the entered IKM replaced
      (``kinerja.interchange.surveys``).
    * evaluations (unit + year): made final with the file's answers or score
      (``kinerja.interchange.evaluations``).
    * recommendations (unit + year + source + reference + text): due date and status set, the
      follow-up actions replaced (``kinerja.interchange.recommendations``).

Reference resolution with versioned plans: ``"OWNER:CODE"`` may exist in several plans (two
Renstra periods, or reviu versions). A record of a year resolves to the indicator of the plan
covering that year (adopted before draft, latest start, then highest version); a
cascade/component link of a plan to the plan overlapping its period the same way. Exports write
only the reference, so documents round-trip whichever row was chosen.

Parts: the checks of single values and the reference resolution are in ``import_checks.py``,
the realisations (locks, uploaded evidence) in ``import_realizations.py``; what the exporter
shares is in ``dbutil.py``.
"""

from __future__ import annotations

from collections import defaultdict
from contextvars import ContextVar
from dataclasses import dataclass, fields
from typing import Any

from django.db import DataError, IntegrityError, transaction
from django.dispatch import Signal

from kinerja.core.types import Aggregation, LowerIsBetterRule, Polarity, QuarterRule
from kinerja.interchange import document as d
from kinerja.interchange.budget_outputs import import_budget_outputs, output_ids
from kinerja.interchange.budget_scores import import_budget_scores
from kinerja.interchange.dbutil import (
    BIGINT_MAX,
    delete_by_ids,
    refresh_statistics,
    snapshot,
    validation_error,
)
from kinerja.interchange.evaluations import import_evaluations
from kinerja.interchange.import_checks import PlanIndex
from kinerja.interchange.import_realizations import RealizationImport
from kinerja.interchange.journal import Journal
from kinerja.interchange.recommendations import import_recommendations
from kinerja.interchange.surveys import import_surveys

# Sent inside the import's transaction with ``agency_id`` (kinerja.results listens: every stored
# result of the agency becomes stale).
document_imported = Signal()
# True while an import writes: row-by-row listeners (kinerja.results) may wait for the signal above.
importing: ContextVar[bool] = ContextVar("kinerja_importing", default=False)

# --- summary ----------------------------------------------------------------------------------


_SUMMARY_LABELS = {
    "units": "unit",
    "plans": "Renstra",
    "objectives": "sasaran",
    "indicators": "indikator",
    "targets": "target Renstra",
    "agreements": "PK",
    "action_plans": "rencana aksi",
    "realizations": "realisasi",
    "budgets": "entri anggaran",
    "budget_outputs": "keluaran anggaran (Program-Kegiatan-KRO-RO)",
    "texts": "teks",
    "surveys": "survei",
    "budget_scores": "nilai anggaran",
    "evaluations": "evaluasi AKIP",
    "recommendations": "rekomendasi",
}


@dataclass
class ImportSummary:
    """How many records of each kind the imported file carried (and were written)."""

    units: int = 0
    plans: int = 0
    objectives: int = 0
    indicators: int = 0
    targets: int = 0
    agreements: int = 0
    action_plans: int = 0
    realizations: int = 0
    budgets: int = 0
    budget_outputs: int = 0
    texts: int = 0
    surveys: int = 0
    budget_scores: int = 0
    evaluations: int = 0
    recommendations: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __str__(self) -> str:
        return ", ".join(f"{n} {_SUMMARY_LABELS[k]}" for k, n in self.as_dict().items())


# the fields compared with the stored row: only rows that changed are written back
UNIT_FIELDS = ["name", "level", "valid_from", "valid_to", "head_title", "head_name", "parent"]
PLAN_FIELDS = ["vision", "label", "adopted_on", "legal_basis", "status"]
OBJECTIVE_FIELDS = ["level", "statement", "goal", "position"]
AGREEMENT_FIELDS = [
    "label",
    "signed_on",
    "reason",
    "reason_note",
    "first_party_name",
    "first_party_title",
    "second_party_name",
    "second_party_title",
    "place",
    "status",
]
INDICATOR_FIELDS = [
    "objective",
    "position",
    "name",
    "unit_of_measure",
    "polarity",
    "max_achievement",
    "formula",
    "aggregation",
    "scale",
    "definition",
    "data_source",
    "source",
    "frequency",
    "quarter_rule",
    "baseline",
    "baseline_year",
]


# --- known references (for refs.check_references) --------------------------------------------


def known_refs(agency_code: str) -> Any:
    """What the database holds for the agency, as ``refs.KnownRefs``."""
    from kinerja.interchange.refs import KnownRefs
    from kinerja.organizations.models import Unit
    from kinerja.planning.models import Indicator, Objective

    units = set(Unit.objects.filter(agency__code=agency_code).values_list("code", flat=True))
    objectives = {
        f"{u}:{c}"
        for u, c in Objective.objects.filter(agency__code=agency_code).values_list("plan__unit__code", "code")
    }
    indicators = {
        f"{u}:{c}"
        for u, c in Indicator.objects.filter(agency__code=agency_code).values_list("owner__code", "code")
    }
    return KnownRefs(units=units, objectives=objectives, indicators=indicators)


# --- import -----------------------------------------------------------------------------------


def import_document(doc: d.Document, source: str = "", user: Any = None) -> ImportSummary:
    """Write ``doc`` to the database, all or nothing (see the module docstring); what it changes
    is recorded in the history as ``user``'s (or the command's), naming ``source``
    (``journal.py``)."""
    if doc.format != d.FORMAT:
        raise validation_error(
            f"format berkas '{doc.format}' tidak dikenal; yang didukung: {d.FORMAT}", source, "format"
        )
    try:
        token = importing.set(True)
        try:
            with transaction.atomic():
                importer = _Importer(doc, source, user)
                summary = importer.run()
                # in the same transaction: what is computed from the agency's data is now stale
                document_imported.send(sender=_Importer, agency_id=importer.agency.pk)
        finally:
            importing.reset(token)
    except (IntegrityError, DataError) as exc:
        raise validation_error(
            f"data tidak dapat disimpan ke basis data ({exc}); tidak ada yang disimpan", source
        ) from exc
    if not transaction.get_connection().in_atomic_block:
        refresh_statistics()  # after the commit; inside a caller's transaction it would hold locks
    return summary


class _Importer(RealizationImport):
    def __init__(self, doc: d.Document, source: str, user: Any = None) -> None:
        super().__init__(doc, source)
        self.summary = ImportSummary()
        self.journal = Journal(source, user)

    # main
    def run(self) -> ImportSummary:
        from kinerja.organizations.models import Agency

        doc = self.doc
        agency_code = self.code(doc.agency.code, "kode instansi", "agency.code")
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None or doc.units:
            max_achievement = self.measure(doc.policy.max_achievement, "policy.max_achievement", "policy")
            rule = str(doc.policy.lower_is_better)
            if rule not in {r.value for r in LowerIsBetterRule}:
                raise self.fail(f"aturan polaritas negatif tidak dikenal: {rule}", "policy.lower_is_better")
            created = agency is None
            if agency is None:
                agency = Agency(code=agency_code)
            agency.name = self.text(doc.agency.name, 300, "nama instansi", "agency.name", required=True)
            if not isinstance(doc.policy.count_verified, bool):
                raise self.fail(
                    f"policy.count_verified harus true atau false: {doc.policy.count_verified!r}",
                    "policy.count_verified",
                )
            agency.max_achievement = max_achievement
            agency.lower_is_better = rule
            agency.count_verified = doc.policy.count_verified
            agency.save()
            if created:
                self.journal.agency_created(agency)
        self.agency = agency
        self.journal.agency_id = agency.pk

        self.check_references()
        self.import_units()
        self.import_plans()
        self.load_indexes()
        self.import_plan_links()
        self.import_agreements()
        self.import_action_plans()
        self.summary.realizations = self.import_realizations()
        self.summary.budget_outputs = import_budget_outputs(self)
        self.import_budgets()
        self.import_texts()
        self.summary.surveys = import_surveys(self)
        self.summary.budget_scores = import_budget_scores(self)
        self.summary.evaluations = import_evaluations(self)
        self.summary.recommendations = import_recommendations(self)
        self.journal.flush()
        return self.summary

    def check_references(self) -> None:
        from kinerja.interchange import refs

        refs.check_references(self.doc, known=known_refs(self.agency.code), source=self.source)

    # units ------------------------------------------------------------------------------------

    def import_units(self) -> None:
        from kinerja.organizations.models import Unit, UnitPredecessor

        agency = self.agency
        existing = {u.code: u for u in Unit.objects.filter(agency=agency)}
        seen: set[str] = set()
        before = {u.pk: snapshot(u, UNIT_FIELDS) for u in existing.values()}
        new: list[Unit] = []
        for i, u in enumerate(self.doc.units):
            place = f"units[{i}]"
            code = self.code(u.code, "kode unit", place)
            if code in seen:
                raise self.fail(f"unit {code} tercantum dua kali", place)
            seen.add(code)
            if u.level not in d.UNIT_LEVELS:
                raise self.fail(f"tingkat unit '{u.level}' tidak dikenal ({', '.join(d.UNIT_LEVELS)})", place)
            if u.valid_from and u.valid_to and u.valid_from > u.valid_to:
                raise self.fail("valid_from sesudah valid_to", place)
            row = existing.get(code)
            if row is None:
                row = Unit(agency=agency, code=code)
                new.append(row)
            row.name = self.text(u.name, 300, "nama unit", place, required=True)
            row.level = u.level
            row.valid_from = u.valid_from
            row.valid_to = u.valid_to
            row.head_title = self.text(u.head_title, 300, "head_title", place)
            row.head_name = self.text(u.head_name, 300, "head_name", place)
        Unit.objects.bulk_create(new)
        by_code = {**existing, **{u.code: u for u in new}}
        self.units = by_code

        rows = [by_code[str(u.code).strip()] for u in self.doc.units]
        for i, (u, row) in enumerate(zip(self.doc.units, rows, strict=True)):
            parent = None
            if u.parent:
                parent = by_code.get(u.parent)
                if parent is None:
                    raise self.fail(f"unit induk {u.parent} tidak dikenal", f"units[{i}].parent")
                if parent.code == row.code:
                    raise self.fail("unit tidak boleh menjadi induknya sendiri", f"units[{i}].parent")
            row.parent = parent
        Unit.objects.bulk_update(
            self.journal.updated(rows, before, UNIT_FIELDS) + [r for r in new if r.parent_id], UNIT_FIELDS
        )
        self.journal.created(new, ["code", *UNIT_FIELDS])
        # the tree must stay a tree
        parent_of = dict(Unit.objects.filter(agency=agency).values_list("id", "parent_id"))
        for i, row in enumerate(rows):
            seen_ids = {row.pk}
            node = parent_of.get(row.pk)
            while node is not None:
                if node in seen_ids:
                    raise self.fail(f"susunan unit melingkar di {row.code}", f"units[{i}].parent")
                seen_ids.add(node)
                node = parent_of.get(node)

        UnitPredecessor.objects.filter(agency=agency, unit__in=rows).delete()
        links: list[UnitPredecessor] = []
        for i, (u, row) in enumerate(zip(self.doc.units, rows, strict=True)):
            names: set[str] = set()
            for j, p in enumerate(u.predecessors):
                place = f"units[{i}].predecessors[{j}]"
                pred = by_code.get(p.unit)
                if pred is None:
                    raise self.fail(f"unit pendahulu {p.unit} tidak dikenal", place)
                if pred.code in names or pred.code == row.code:
                    raise self.fail(f"unit pendahulu {p.unit} tidak sah (ganda atau dirinya sendiri)", place)
                names.add(pred.code)
                links.append(
                    UnitPredecessor(agency=agency, unit=row, predecessor=pred, since=p.since, position=j)
                )
        UnitPredecessor.objects.bulk_create(links)
        self.summary.units = len(rows)

    # plans ------------------------------------------------------------------------------------

    def import_plans(self) -> None:
        from kinerja.measurement.models import Realization
        from kinerja.planning.models import (
            Goal,
            Indicator,
            IndicatorTarget,
            IndicatorVariable,
            Mission,
            Objective,
            Plan,
        )

        agency = self.agency
        plans = self.doc.plans
        self.plan_rows: list[Any] = []
        if not plans:
            return
        existing = {
            (p.unit_id, p.period_start, p.period_end, p.version): p
            for p in Plan.objects.filter(agency=agency)
        }
        before = {p.pk: snapshot(p, PLAN_FIELDS) for p in existing.values()}
        new: list[Plan] = []
        seen: set[tuple[int, int, int, int]] = set()
        for i, p in enumerate(plans):
            place = f"plans[{i}]"
            unit = self.unit(p.unit, place + ".unit")
            try:
                start, end = (int(p.period[0]), int(p.period[1]))
            except (TypeError, ValueError, IndexError):
                raise self.fail(f"periode tidak sah: {p.period!r}", place + ".period") from None
            self.year(start, place + ".period")
            self.year(end, place + ".period")
            if start > end:
                raise self.fail(f"periode {start}-{end} terbalik", place + ".period")
            if not isinstance(p.version, int) or p.version < 1:
                raise self.fail(f"versi tidak sah: {p.version!r}", place + ".version")
            key = (unit.pk, start, end, p.version)
            if key in seen:
                raise self.fail(
                    f"Renstra {unit.code} {start}-{end} versi {p.version} tercantum dua kali", place
                )
            seen.add(key)
            row = existing.get(key)
            if row is None:
                row = Plan(agency=agency, unit=unit, period_start=start, period_end=end, version=p.version)
                new.append(row)
            row.unit = unit  # the same unit: saves a query per plan later
            row.vision = p.vision or ""
            row.label = self.text(p.label, 300, "label", place)
            row.adopted_on = p.adopted_on
            row.legal_basis = self.text(p.legal_basis, 500, "legal_basis", place)
            status = p.status or "adopted"
            if status not in d.PLAN_STATUSES:
                raise self.fail(
                    f"status Renstra '{status}' tidak dikenal ({', '.join(d.PLAN_STATUSES)})",
                    place + ".status",
                )
            row.status = status
            self.plan_rows.append(row)
        Plan.objects.bulk_create(new)
        Plan.objects.bulk_update(self.journal.updated(self.plan_rows, before, PLAN_FIELDS), PLAN_FIELDS)
        self.journal.created(new, ["unit", "period_start", "period_end", "version", *PLAN_FIELDS])
        plan_ids = [p.pk for p in self.plan_rows]

        # missions and goals: replaced
        Mission.objects.filter(agency=agency, plan_id__in=plan_ids).delete()
        Goal.objects.filter(agency=agency, plan_id__in=plan_ids).delete()
        missions: list[Mission] = []
        goals: list[Goal] = []
        goal_rows: dict[tuple[int, str], Goal] = {}
        for i, (p, row) in enumerate(zip(plans, self.plan_rows, strict=True)):
            for j, text in enumerate(p.missions):
                missions.append(Mission(agency=agency, plan=row, position=j, statement=str(text)))
            for j, g in enumerate(p.goals):
                place = f"plans[{i}].goals[{j}]"
                code = self.code(g.code, "kode tujuan", place)
                if (row.pk, code) in goal_rows:
                    raise self.fail(f"tujuan {code} tercantum dua kali", place)
                goal = Goal(agency=agency, plan=row, code=code, statement=str(g.statement or ""), position=j)
                goal_rows[(row.pk, code)] = goal
                goals.append(goal)
        Mission.objects.bulk_create(missions)
        Goal.objects.bulk_create(goals)

        # objectives: upsert by code, the rest deleted
        old_objectives = {
            (o.plan_id, o.code): o for o in Objective.objects.filter(agency=agency, plan_id__in=plan_ids)
        }
        before_obj = {o.pk: snapshot(o, OBJECTIVE_FIELDS) for o in old_objectives.values()}
        new_obj: list[Objective] = []
        self.objective_rows: dict[tuple[int, str], Objective] = {}
        for i, (p, row) in enumerate(zip(plans, self.plan_rows, strict=True)):
            for j, o in enumerate(p.objectives):
                place = f"plans[{i}].objectives[{j}]"
                code = self.code(o.code, "kode sasaran", place)
                if (row.pk, code) in self.objective_rows:
                    raise self.fail(f"sasaran {code} tercantum dua kali dalam Renstra ini", place)
                if o.level not in d.OBJECTIVE_LEVELS:
                    raise self.fail(
                        f"tingkat sasaran '{o.level}' tidak dikenal (SS, SP, SK)", place + ".level"
                    )
                goal_row: Goal | None = None
                if o.goal:
                    goal_row = goal_rows.get((row.pk, str(o.goal).strip()))
                    if goal_row is None:
                        raise self.fail(f"tujuan {o.goal} tidak ada dalam Renstra ini", place + ".goal")
                obj = old_objectives.pop((row.pk, code), None)
                if obj is None:
                    obj = Objective(agency=agency, plan=row, code=code)
                    new_obj.append(obj)
                obj.level = o.level
                obj.statement = str(o.statement or "")
                obj.goal = goal_row
                obj.position = j
                self.objective_rows[(row.pk, code)] = obj
        stale_objectives = [o.pk for o in old_objectives.values()]

        # indicators: upsert by (owner, code), the rest deleted
        old_indicators = {
            (x.plan_id, x.owner_id, x.code): x
            for x in Indicator.objects.filter(agency=agency, plan_id__in=plan_ids)
        }
        before_ind = {x.pk: snapshot(x, INDICATOR_FIELDS) for x in old_indicators.values()}
        new_ind: list[Indicator] = []
        ind_by_key: dict[tuple[int, int, str], Indicator] = {}
        self.indicator_docs: list[
            tuple[Any, d.Plan, Any, d.Indicator, str]
        ] = []  # plan row, plan, objective, doc
        for i, (p, row) in enumerate(zip(plans, self.plan_rows, strict=True)):
            for j, o in enumerate(p.objectives):
                obj = self.objective_rows[(row.pk, str(o.code).strip())]
                for k, x in enumerate(o.indicators):
                    place = f"plans[{i}].objectives[{j}].indicators[{k}]"
                    code = self.code(x.code, "kode indikator", place)
                    owner = self.unit(x.owner, place + ".owner") if x.owner else row.unit
                    indicator_key = (row.pk, owner.pk, code)
                    if indicator_key in ind_by_key:
                        raise self.fail(
                            f"indikator {owner.code}:{code} tercantum dua kali dalam Renstra ini", place
                        )
                    ind = old_indicators.pop(indicator_key, None)
                    if ind is None:
                        ind = Indicator(agency=agency, plan=row, owner=owner, code=code)
                        new_ind.append(ind)
                    self.fill_indicator(ind, x, place)
                    ind.objective = obj
                    ind.position = k
                    ind_by_key[indicator_key] = ind
                    self.indicator_docs.append((row, p, ind, x, place))
        stale_indicators = [x.pk for x in old_indicators.values()]
        if stale_indicators:
            locked = (
                Realization.objects.filter(agency=agency, locked=True, indicator_id__in=stale_indicators)
                .select_related("unit", "indicator__owner")
                .first()
            )
            if locked is not None:
                raise self.fail(
                    f"Renstra baru menghapus indikator {locked.indicator} yang realisasinya sudah dikunci "
                    f"({locked.unit.code} {locked.period}); buka kuncinya dulu atau pertahankan indikatornya",
                    "plans",
                )
            from kinerja.measurement.models import Evidence

            uploaded = (
                Evidence.objects.filter(agency=agency, realization__indicator_id__in=stale_indicators)
                .exclude(file="")
                .select_related("realization__unit", "realization__indicator__owner")
                .order_by("realization__year", "realization__quarter", "position")
                .first()
            )
            if uploaded is not None:
                r = uploaded.realization
                raise self.fail(
                    f"Renstra baru menghapus indikator {r.indicator} yang realisasinya ({r.unit.code} {r.period}) "
                    f"punya berkas bukti dukung yang diunggah ('{uploaded.reference}'); berkas itu akan hilang. "
                    "Pertahankan indikatornya, atau hapus dulu bukti dukung itu di halaman realisasi",
                    "plans",
                )
        # order matters: indicators that move to a new objective must leave the stale one first
        delete_by_ids(Indicator, stale_indicators)
        Objective.objects.bulk_create(new_obj)
        Objective.objects.bulk_update(
            self.journal.updated(self.objective_rows.values(), before_obj, OBJECTIVE_FIELDS), OBJECTIVE_FIELDS
        )
        self.journal.created(new_obj, ["plan", "code", *OBJECTIVE_FIELDS])
        indicator_rows = [x for _, _, x, _, _ in self.indicator_docs]
        for ind in indicator_rows:
            ind.objective_id = ind.objective.pk
        Indicator.objects.bulk_create(new_ind)
        Indicator.objects.bulk_update(
            self.journal.updated(indicator_rows, before_ind, INDICATOR_FIELDS), INDICATOR_FIELDS
        )
        self.journal.created(new_ind, ["plan", "owner", "code", *INDICATOR_FIELDS])
        delete_by_ids(Objective, stale_objectives)

        # variables and targets: replaced
        IndicatorVariable.objects.filter(agency=agency, indicator__plan_id__in=plan_ids).delete()
        IndicatorTarget.objects.filter(agency=agency, indicator__plan_id__in=plan_ids).delete()
        variables: list[IndicatorVariable] = []
        targets: list[IndicatorTarget] = []
        for _row, _p, ind, x, place in self.indicator_docs:
            for pos, (name, description) in enumerate(x.variables.items()):
                variables.append(
                    IndicatorVariable(
                        agency=agency,
                        indicator=ind,
                        name=self.code(name, "nama variabel", place + ".variables"),
                        description=str(description or ""),
                        position=pos,
                    )
                )
            for year, target in x.targets.items():
                t = IndicatorTarget(agency=agency, indicator=ind, year=self.year(year, place + ".targets"))
                self.target(t, target, f"{place}.targets.{year}")
                targets.append(t)
        IndicatorVariable.objects.bulk_create(variables)
        IndicatorTarget.objects.bulk_create(targets)

        self.summary.plans = len(self.plan_rows)
        self.summary.objectives = len(self.objective_rows)
        self.summary.indicators = len(self.indicator_docs)
        self.summary.targets = len(targets)

    def fill_indicator(self, ind: Any, x: d.Indicator, place: str) -> None:
        ind.name = str(x.name or "")
        if not ind.name.strip():
            raise self.fail("nama indikator wajib diisi", place + ".name")
        ind.unit_of_measure = self.text(x.unit_of_measure, 100, "satuan", place + ".unit_of_measure")
        polarity = str(x.polarity)
        if polarity not in {p.value for p in Polarity}:
            raise self.fail(f"polaritas '{polarity}' tidak dikenal", place + ".polarity")
        ind.polarity = polarity
        ind.max_achievement = self.measure(x.max_achievement, "max_achievement", place)
        ind.formula = str(x.formula or "")
        aggregation = str(x.aggregation)
        if aggregation not in {a.value for a in Aggregation}:
            raise self.fail(f"agregasi '{aggregation}' tidak dikenal", place + ".aggregation")
        ind.aggregation = aggregation
        scale = [self.text(s, 100, "label skala", place + ".scale", required=True) for s in x.scale]
        if len(set(scale)) != len(scale):
            raise self.fail("label skala ganda", place + ".scale")
        ind.scale = scale
        ind.definition = str(x.definition or "")
        ind.data_source = str(x.data_source or "")
        ind.source = str(x.source or "")
        ind.frequency = self.text(x.frequency, 50, "frekuensi", place + ".frequency")
        rule = str(x.quarter_rule)
        if rule not in {q.value for q in QuarterRule}:
            raise self.fail(f"aturan triwulan '{rule}' tidak dikenal", place + ".quarter_rule")
        ind.quarter_rule = rule
        ind.baseline = self.measure(x.baseline, "baseline", place)
        ind.baseline_year = (
            None if x.baseline_year is None else self.year(x.baseline_year, place + ".baseline_year")
        )

    # indexes over what the database now holds --------------------------------------------------

    def load_indexes(self) -> None:
        from kinerja.planning.models import Indicator, Objective

        self.unit_codes = set(self.units)
        self.objective_index = self._index(Objective, "plan__unit__code")
        self.indicator_index = self._index(Indicator, "owner__code")

    def _index(self, model: Any, owner_field: str) -> PlanIndex:
        """Objectives or indicators of the agency by (owner unit, code), with their plan's period,
        version and status."""
        index = PlanIndex()
        for pk, owner, code, start, end, version, status in model.objects.filter(
            agency=self.agency
        ).values_list(
            "id",
            owner_field,
            "code",
            "plan__period_start",
            "plan__period_end",
            "plan__version",
            "plan__status",
        ):
            index.add(owner, code, start, end, version, pk, status)
        return index

    # cascade and components -------------------------------------------------------------------

    def import_plan_links(self) -> None:
        from kinerja.planning.models import IndicatorComponent, ObjectiveSupport

        agency = self.agency
        if not self.plan_rows:
            return
        plan_ids = [p.pk for p in self.plan_rows]
        ObjectiveSupport.objects.filter(agency=agency, objective__plan_id__in=plan_ids).delete()
        IndicatorComponent.objects.filter(agency=agency, indicator__plan_id__in=plan_ids).delete()
        supports: list[ObjectiveSupport] = []
        for i, (p, row) in enumerate(zip(self.doc.plans, self.plan_rows, strict=True)):
            period = (row.period_start, row.period_end)
            for j, o in enumerate(p.objectives):
                obj = self.objective_rows[(row.pk, str(o.code).strip())]
                targets: set[int] = set()
                for k, ref in enumerate(o.supports):
                    place = f"plans[{i}].objectives[{j}].supports[{k}]"
                    pk = self.resolve(
                        self.objective_index, ref, row.unit.code, place, "sasaran", period=period
                    )
                    if pk == obj.pk:
                        raise self.fail("sasaran tidak boleh mendukung dirinya sendiri", place)
                    if pk in targets:
                        raise self.fail(f"sasaran {ref} tercantum dua kali", place)
                    targets.add(pk)
                    supports.append(
                        ObjectiveSupport(agency=agency, objective=obj, supported_id=pk, position=k)
                    )
        ObjectiveSupport.objects.bulk_create(supports)

        components: list[IndicatorComponent] = []
        for row, _p, ind, x, place in self.indicator_docs:
            period = (row.period_start, row.period_end)
            context = row.unit.code
            resolved: dict[str, int] = {}
            parts: list[IndicatorComponent] = []
            for k, ref in enumerate(x.components):
                cplace = f"{place}.components[{k}]"
                pk = self.resolve(
                    self.indicator_index, ref, context, cplace, "indikator komponen", period=period
                )
                if pk == ind.pk:
                    raise self.fail("indikator tidak boleh menjadi komponennya sendiri", cplace)
                if pk in resolved.values():
                    raise self.fail(f"komponen {ref} tercantum dua kali", cplace)
                resolved[str(ref)] = pk
                parts.append(IndicatorComponent(agency=agency, indicator=ind, component_id=pk, position=k))
            by_pk = {c.component_id: c for c in parts}
            for ref, weight in x.weights.items():
                wplace = f"{place}.weights.{ref}"
                known = resolved.get(str(ref))
                pk = (
                    known
                    if known is not None
                    else self.resolve(
                        self.indicator_index, ref, context, wplace, "indikator komponen", period=period
                    )
                )
                if pk not in by_pk:
                    raise self.fail(f"bobot untuk {ref}, yang bukan komponen indikator ini", wplace)
                by_pk[pk].weight = self.measure(weight, "bobot", wplace)
            components.extend(parts)
        IndicatorComponent.objects.bulk_create(components)

    # agreements ------------------------------------------------------------------------------

    def import_agreements(self) -> None:
        from kinerja.agreements.models import Agreement, AgreementTarget

        agency = self.agency
        items = self.doc.agreements
        if not items:
            return
        existing = {(a.unit_id, a.year, a.version): a for a in Agreement.objects.filter(agency=agency)}
        before = {a.pk: snapshot(a, AGREEMENT_FIELDS) for a in existing.values()}
        rows: list[Agreement] = []
        new: list[Agreement] = []
        seen: set[tuple[int, int, int]] = set()
        for i, a in enumerate(items):
            place = f"agreements[{i}]"
            unit = self.unit(a.unit, place + ".unit")
            year = self.year(a.year, place + ".year")
            if not isinstance(a.version, int) or a.version < 1:
                raise self.fail(f"versi tidak sah: {a.version!r}", place + ".version")
            key = (unit.pk, year, a.version)
            if key in seen:
                raise self.fail(f"PK {unit.code} {year} versi {a.version} tercantum dua kali", place)
            seen.add(key)
            row = existing.get(key)
            if row is None:
                row = Agreement(agency=agency, unit=unit, year=year, version=a.version)
                new.append(row)
            row.unit = unit
            reason = a.reason or ""
            if reason and reason not in d.REVISION_REASONS:
                raise self.fail(f"alasan revisi '{reason}' tidak dikenal (a, b, c)", place + ".reason")
            row.label = self.text(a.label, 300, "label", place)
            row.signed_on = a.signed_on
            row.reason = reason
            row.reason_note = str(a.reason_note or "")
            first = a.first_party or d.Signatory()
            second = a.second_party or d.Signatory()
            row.first_party_name = self.text(first.name, 300, "nama pihak pertama", place + ".first_party")
            row.first_party_title = self.text(
                first.title, 300, "jabatan pihak pertama", place + ".first_party"
            )
            row.second_party_name = self.text(second.name, 300, "nama pihak kedua", place + ".second_party")
            row.second_party_title = self.text(
                second.title, 300, "jabatan pihak kedua", place + ".second_party"
            )
            row.place = self.text(a.place, 200, "tempat", place)
            if a.status not in d.AGREEMENT_STATUSES:
                raise self.fail(f"status PK '{a.status}' tidak dikenal (draft, signed)", place + ".status")
            row.status = a.status
            rows.append(row)
        Agreement.objects.bulk_create(new)
        Agreement.objects.bulk_update(self.journal.updated(rows, before, AGREEMENT_FIELDS), AGREEMENT_FIELDS)
        self.journal.created(new, ["unit", "year", "version", *AGREEMENT_FIELDS])
        AgreementTarget.objects.filter(agency=agency, agreement__in=rows).delete()
        targets: list[AgreementTarget] = []
        for i, (a, row) in enumerate(zip(items, rows, strict=True)):
            used: set[int] = set()
            for pos, (ref, target) in enumerate(a.targets.items()):
                place = f"agreements[{i}].targets.{ref}"
                pk = self.resolve(self.indicator_index, ref, row.unit.code, place, "indikator", year=row.year)
                if pk in used:
                    raise self.fail(f"indikator {ref} tercantum dua kali", place)
                used.add(pk)
                t = AgreementTarget(agency=agency, agreement=row, indicator_id=pk, position=pos)
                self.target(t, target, place)
                targets.append(t)
        AgreementTarget.objects.bulk_create(targets)
        self.summary.agreements = len(rows)

    # action plans ------------------------------------------------------------------------------

    def import_action_plans(self) -> None:
        from kinerja.agreements.models import ActionPlanTarget
        from kinerja.planning.models import Indicator

        agency = self.agency
        items = self.doc.action_plans
        if not items:
            return
        keys: dict[tuple[int, int, int], int] = {}  # (unit, year, indicator) -> index
        rows: list[ActionPlanTarget] = []
        for i, ap in enumerate(items):
            place = f"action_plans[{i}]"
            unit = self.unit(ap.unit, place + ".unit")
            year = self.year(ap.year, place + ".year")
            pk = self.resolve(
                self.indicator_index, ap.indicator, unit.code, place + ".indicator", "indikator", year=year
            )
            if (unit.pk, year, pk) in keys:
                raise self.fail(f"rencana aksi {unit.code} {year} {ap.indicator} tercantum dua kali", place)
            keys[(unit.pk, year, pk)] = i
            for quarter, target in ap.quarters.items():
                qplace = f"{place}.quarters.{quarter}"
                if not isinstance(quarter, int) or not 1 <= quarter <= 4:
                    raise self.fail(f"triwulan tidak sah: {quarter!r} (1-4)", qplace)
                row = ActionPlanTarget(agency=agency, unit=unit, indicator_id=pk, year=year, quarter=quarter)
                self.target(row, target, qplace)
                rows.append(row)
        # replace what the file names: same unit, year and indicator (by owner and code)
        ind_key = dict(
            (pk, (owner, code))
            for pk, owner, code in Indicator.objects.filter(
                agency=agency, pk__in={k[2] for k in keys}
            ).values_list("id", "owner_id", "code")
        )
        named = {(u, y, ind_key[pk]) for (u, y, pk) in keys}
        stale = [
            pk
            for pk, u, y, owner, code in ActionPlanTarget.objects.filter(
                agency=agency, unit_id__in={k[0] for k in keys}, year__in={k[1] for k in keys}
            ).values_list("id", "unit_id", "year", "indicator__owner_id", "indicator__code")
            if (u, y, (owner, code)) in named
        ]
        delete_by_ids(ActionPlanTarget, stale)
        ActionPlanTarget.objects.bulk_create(rows)
        self.summary.action_plans = len(items)

    # budgets -----------------------------------------------------------------------------------

    def import_budgets(self) -> None:
        from kinerja.budget.models import BudgetEntry

        agency = self.agency
        items = self.doc.budgets
        if not items:
            return
        rows: list[BudgetEntry] = []
        positions: dict[tuple[int, int], int] = defaultdict(int)
        named = ((self.units.get(str(b.unit).strip()), b.year) for b in items if b.output)
        nodes = output_ids(agency, {(u.pk, y) for u, y in named if u is not None and isinstance(y, int)})
        for i, b in enumerate(items):
            place = f"budgets[{i}]"
            unit = self.unit(b.unit, place + ".unit")
            year = self.year(b.year, place + ".year")
            if b.kind not in d.BUDGET_KINDS:
                raise self.fail(
                    f"jenis anggaran '{b.kind}' tidak dikenal ({', '.join(d.BUDGET_KINDS)})", place + ".kind"
                )
            if not isinstance(b.amount, int) or isinstance(b.amount, bool):
                raise self.fail(f"jumlah anggaran harus rupiah bulat: {b.amount!r}", place + ".amount")
            if abs(b.amount) > BIGINT_MAX:
                raise self.fail(f"jumlah anggaran terlalu besar: {b.amount}", place + ".amount")
            if b.month is not None and (not isinstance(b.month, int) or not 1 <= b.month <= 12):
                raise self.fail(f"bulan tidak sah: {b.month!r} (1-12)", place + ".month")
            objective = None
            if b.objective:
                objective = self.resolve(
                    self.objective_index, b.objective, unit.code, place + ".objective", "sasaran", year=year
                )
            pos = positions[(unit.pk, year)]
            positions[(unit.pk, year)] += 1
            rows.append(
                BudgetEntry(
                    agency=agency,
                    unit=unit,
                    year=year,
                    position=pos,
                    kind=b.kind,
                    date=b.date,
                    amount=b.amount,
                    note=str(b.note or ""),
                    month=b.month,
                    account=self.text(b.account, 300, "akun", place + ".account"),
                    objective_id=objective,
                    output_id=nodes.get((unit.pk, year, b.output)) if b.output else None,
                )
            )
            if b.output and rows[-1].output_id is None:
                raise self.fail(f"keluaran '{b.output}' tidak ada pada {unit.code} {year}", place + ".output")
        stale = [
            pk
            for pk, u, y in BudgetEntry.objects.filter(
                agency=agency, unit_id__in={k[0] for k in positions}, year__in={k[1] for k in positions}
            ).values_list("id", "unit_id", "year")
            if (u, y) in positions
        ]
        delete_by_ids(BudgetEntry, stale)
        BudgetEntry.objects.bulk_create(rows)
        self.summary.budgets = len(rows)

    # texts -------------------------------------------------------------------------------------

    def import_texts(self) -> None:
        from kinerja.organizations.models import UnitText

        agency = self.agency
        items = self.doc.texts
        if not items:
            return
        rows: list[UnitText] = []
        keys: set[tuple[int, int, str]] = set()
        for i, t in enumerate(items):
            place = f"texts[{i}]"
            unit = self.unit(t.unit, place + ".unit")
            year = self.year(t.year, place + ".year")
            key = self.code(t.key, "kunci teks", place + ".key")
            if (unit.pk, year, key) in keys:
                raise self.fail(f"teks {unit.code} {year} {key} tercantum dua kali", place)
            keys.add((unit.pk, year, key))
            rows.append(UnitText(agency=agency, unit=unit, year=year, key=key, text=str(t.text or "")))
        stale = [
            pk
            for pk, u, y, k in UnitText.objects.filter(
                agency=agency, unit_id__in={k[0] for k in keys}, year__in={k[1] for k in keys}
            ).values_list("id", "unit_id", "year", "key")
            if (u, y, k) in keys
        ]
        delete_by_ids(UnitText, stale)
        UnitText.objects.bulk_create(rows)
        self.summary.texts = len(rows)
