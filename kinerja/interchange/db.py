"""Write a ``Document`` to the database and read one back.

``import_document(doc, source)``
    All or nothing: one transaction; any problem raises ``KinerjaValidationError`` (message in
    Bahasa Indonesia, ``where`` naming the file and the place in it) and nothing is written.
    References are first checked with ``refs.check_references`` against the file plus what the
    database already holds for the agency, so a file may refer to units, objectives and
    indicators imported earlier.

    Semantics: upsert by natural keys, so importing the same file twice gives the same content
    (and the second import changes no row).

    * agency: created when new; its name and policy are taken from the file only when the file
      describes the organisation (has ``units``). A data-only file (realisations, budgets ...)
      carries the default policy of the format and must not reset the agency's cap.
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
    * budgets: every budget entry of each unit-year present in the file is replaced, in file
      order.
    * texts (unit + year + key): replaced.

``export_document(agency_code=None, unit=None)``
    The whole agency (the only one when ``agency_code`` is None), or ``unit`` and the units below
    it. A unit export is self-contained: it also carries the units referred to (ancestors,
    predecessors, owners, plan units), the plans whose objectives/indicators are referred to
    (cascade targets, components, PK/realisation indicators, budget objectives; transitively)
    and the realisations of component indicators, so it imports on its own into an empty
    database and computes like the whole.

    Order (deterministic, so exports diff cleanly):

    * ``units`` by code; ``plans`` by (unit code, period start, period end, version);
      ``agreements`` by (unit, year, version); ``action_plans`` by (unit, year, indicator
      reference); ``realizations`` by (unit, year, quarter with the whole year first, indicator
      reference); ``budgets`` by (unit, year, then file order); ``texts`` by (unit, year, key).
    * Lists inside keep the order they were imported in: predecessors, missions, goals,
      objectives, indicators, supports, variables, components (and weights), scale, PK targets,
      realisation inputs, evidence. Renstra targets by year, action-plan quarters 1..4.

    Normalisation (what an import then export gives back):

    * A reference is written short (``"CODE"``) when it points into its context unit, else
      ``"UNIT:CODE"``. Context: the plan's unit for ``supports``/``components``/``weights``;
      the record's unit for agreements, action plans, realisations and budgets.
    * ``Indicator.owner`` is ``None`` when it is the plan's unit.
    * Decimals are stored with 10 places (half-up) and exported without trailing zeros
      (``Decimal("99.25")``, ``Decimal("100")``).
    * An empty formula is ``None``; a signatory with neither name nor title is ``None``;
      an empty revision reason is ``None``.

Reference resolution with versioned plans: ``"OWNER:CODE"`` may exist in several plans (two
Renstra periods, or reviu versions). A record of a year resolves to the indicator of the plan
covering that year (adopted before draft, latest start, then highest version); a
cascade/component link of a plan to the plan overlapping its period the same way. Exports write only the reference, so documents
round-trip whichever row was chosen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone

from kinerja.core.types import (
    Aggregation,
    KinerjaValidationError,
    LowerIsBetterRule,
    NumericTarget,
    Polarity,
    QualitativeTarget,
    QuarterRule,
    RangeTarget,
    Target,
)
from kinerja.interchange import document as d
from kinerja.organizations.models import MEASURE_DIGITS, MEASURE_PLACES

QUANTUM = Decimal(1).scaleb(-MEASURE_PLACES)
MEASURE_LIMIT = Decimal(10) ** (MEASURE_DIGITS - MEASURE_PLACES)
BIGINT_MAX = 2**63 - 1
SQLITE_DIGITS = 15  # significant digits SQLite keeps of a decimal (it stores them as REAL)


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
    "texts": "teks",
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
    texts: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __str__(self) -> str:
        return ", ".join(f"{n} {_SUMMARY_LABELS[k]}" for k, n in self.as_dict().items())


# --- small helpers ----------------------------------------------------------------------------


def _err(message: str, source: str, place: str | None = None) -> KinerjaValidationError:
    where = ": ".join(p for p in (source, place) if p) or None
    return KinerjaValidationError(message, where=where)


def _plain_decimal(value: Decimal | None) -> Decimal | None:
    """Without trailing zeros and without exponent: 99.2500000000 -> 99.25, 100.000 -> 100."""
    if value is None:
        return None
    value = value.normalize()
    if value.as_tuple().exponent > 0:  # type: ignore[operator]
        value = value.quantize(Decimal(1))
    if value == 0:
        return Decimal(0)
    return value


def _split_ref(ref: str, context: str, units: Iterable[str] | None = None) -> tuple[str, str]:
    """``"UNIT:CODE"`` -> (UNIT, CODE); ``"CODE"`` -> (context, CODE).

    With ``units`` given, a prefix that is not a unit code is part of the code.
    """
    ref = str(ref).strip()
    if ":" in ref:
        unit, code = ref.split(":", 1)
        unit, code = unit.strip(), code.strip()
        if units is None or unit in units:
            return unit, code
    return context, ref


def _join_ref(unit: str, code: str, context: str) -> str:
    return code if unit == context else f"{unit}:{code}"


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    version: int
    pk: int
    adopted: bool = True


class _Index:
    """(unit code, code) -> the rows of every plan holding it; picks one by year or period."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], list[_Candidate]] = defaultdict(list)

    def add(
        self, unit: str, code: str, start: int, end: int, version: int, pk: int, status: str = "adopted"
    ) -> None:
        self.rows[(unit, code)].append(_Candidate(start, end, version, pk, status != "draft"))

    def __contains__(self, key: tuple[str, str]) -> bool:
        return key in self.rows

    def for_year(self, key: tuple[str, str], year: int) -> int | None:
        cands = self.rows.get(key)
        if not cands:
            return None
        return max(cands, key=lambda c: (c.start <= year <= c.end, c.adopted, c.start, c.version, -c.pk)).pk

    def for_period(self, key: tuple[str, str], start: int, end: int) -> int | None:
        cands = self.rows.get(key)
        if not cands:
            return None
        return max(
            cands, key=lambda c: (c.start <= end and start <= c.end, c.adopted, c.start, c.version, -c.pk)
        ).pk


def _values(row: Any, fields: Sequence[str]) -> tuple[Any, ...]:
    return tuple(getattr(row, row._meta.get_field(f).attname) for f in fields)


def _changed(rows: Iterable[Any], before: dict[int, tuple[Any, ...]], fields: Sequence[str]) -> list[Any]:
    """Rows (already in the database) whose ``fields`` differ from the snapshot ``before``."""
    return [r for r in rows if r.pk in before and _values(r, fields) != before[r.pk]]


def _chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _delete_ids(model: Any, ids: Iterable[int]) -> None:
    ids = sorted(set(ids))
    for chunk in _chunks(ids):
        model.objects.filter(pk__in=list(chunk)).delete()


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


def import_document(doc: d.Document, source: str = "") -> ImportSummary:
    """Write ``doc`` to the database, all or nothing (see the module docstring)."""
    if doc.format != d.FORMAT:
        raise _err(f"format berkas '{doc.format}' tidak dikenal; yang didukung: {d.FORMAT}", source, "format")
    try:
        with transaction.atomic():
            return _Importer(doc, source).run()
    except (IntegrityError, DataError) as exc:
        raise _err(
            f"data tidak dapat disimpan ke basis data ({exc}); tidak ada yang disimpan", source
        ) from exc


class _Importer:
    def __init__(self, doc: d.Document, source: str) -> None:
        self.doc = doc
        self.source = source
        self.summary = ImportSummary()
        self.sqlite = connection.vendor == "sqlite"

    # helpers that raise with the place
    def fail(self, message: str, place: str | None = None) -> KinerjaValidationError:
        return _err(message, self.source, place)

    def text(self, value: Any, max_length: int, what: str, place: str, required: bool = False) -> str:
        text = "" if value is None else str(value)
        if required and not text.strip():
            raise self.fail(f"{what} wajib diisi", place)
        if len(text) > max_length:
            raise self.fail(
                f"{what} terlalu panjang ({len(text)} karakter, paling banyak {max_length})", place
            )
        return text

    def code(self, value: Any, what: str, place: str) -> str:
        return self.text(value, 64, what, place, required=True).strip()

    def measure(self, value: Any, what: str, place: str) -> Decimal | None:
        if value is None:
            return None
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
            if not number.is_finite():
                raise InvalidOperation
            too_big = abs(number) >= MEASURE_LIMIT
            if not too_big:
                number = number.quantize(QUANTUM, rounding=ROUND_HALF_UP)
        except (InvalidOperation, ValueError, TypeError):
            raise self.fail(f"{what} bukan angka: {value!r}", place) from None
        if too_big or abs(number) >= MEASURE_LIMIT:
            raise self.fail(
                f"{what} terlalu besar: {value} (paling banyak {MEASURE_DIGITS - MEASURE_PLACES} digit)",
                place,
            )
        if self.sqlite and len(number.normalize().as_tuple().digits) > SQLITE_DIGITS:
            # SQLite keeps decimals as floating point: never lose digits silently
            raise self.fail(
                f"{what} {value} punya lebih dari {SQLITE_DIGITS} digit bermakna; basis data SQLite tidak dapat "
                "menyimpannya persis (gunakan PostgreSQL atau bulatkan nilainya)",
                place,
            )
        return number

    def year(self, value: Any, place: str, what: str = "tahun") -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not 1000 <= value <= 9999:
            raise self.fail(f"{what} tidak sah: {value!r}", place)
        return value

    def target(self, row: Any, target: Target, place: str) -> None:
        if isinstance(target, RangeTarget):
            low = self.measure(target.low, "batas bawah target", place)
            high = self.measure(target.high, "batas atas target", place)
            if low is None or high is None:
                raise self.fail("target rentang perlu batas bawah dan batas atas", place)
            row.set_target(RangeTarget(low, high))
        elif isinstance(target, QualitativeTarget):
            row.set_target(
                QualitativeTarget(self.text(target.label, 100, "label target", place, required=True))
            )
        elif isinstance(target, NumericTarget):
            value = self.measure(target.value, "target", place)
            if value is None:
                raise self.fail("target kosong", place)
            row.set_target(NumericTarget(value))
        else:
            raise self.fail(f"target tidak dikenal: {target!r}", place)

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
            if agency is None:
                agency = Agency(code=agency_code)
            agency.name = self.text(doc.agency.name, 300, "nama instansi", "agency.name", required=True)
            agency.max_achievement = max_achievement
            agency.lower_is_better = rule
            agency.save()
        self.agency = agency

        self.check_references()
        self.import_units()
        self.import_plans()
        self.load_indexes()
        self.import_plan_links()
        self.import_agreements()
        self.import_action_plans()
        self.import_realizations()
        self.import_budgets()
        self.import_texts()
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
        before = {u.pk: _values(u, UNIT_FIELDS) for u in existing.values()}
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
            _changed(rows, before, UNIT_FIELDS) + [r for r in new if r.parent_id], UNIT_FIELDS
        )
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

    def unit(self, code: Any, place: str) -> Any:
        row = self.units.get(str(code).strip()) if code is not None else None
        if row is None:
            raise self.fail(f"unit {code} tidak dikenal", place)
        return row

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
        before = {p.pk: _values(p, PLAN_FIELDS) for p in existing.values()}
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
        Plan.objects.bulk_update(_changed(self.plan_rows, before, PLAN_FIELDS), PLAN_FIELDS)
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
        before_obj = {o.pk: _values(o, OBJECTIVE_FIELDS) for o in old_objectives.values()}
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
                goal = None
                if o.goal:
                    goal = goal_rows.get((row.pk, str(o.goal).strip()))
                    if goal is None:
                        raise self.fail(f"tujuan {o.goal} tidak ada dalam Renstra ini", place + ".goal")
                obj = old_objectives.pop((row.pk, code), None)
                if obj is None:
                    obj = Objective(agency=agency, plan=row, code=code)
                    new_obj.append(obj)
                obj.level = o.level
                obj.statement = str(o.statement or "")
                obj.goal = goal
                obj.position = j
                self.objective_rows[(row.pk, code)] = obj
        stale_objectives = [o.pk for o in old_objectives.values()]

        # indicators: upsert by (owner, code), the rest deleted
        old_indicators = {
            (x.plan_id, x.owner_id, x.code): x
            for x in Indicator.objects.filter(agency=agency, plan_id__in=plan_ids)
        }
        before_ind = {x.pk: _values(x, INDICATOR_FIELDS) for x in old_indicators.values()}
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
                    key = (row.pk, owner.pk, code)
                    if key in ind_by_key:
                        raise self.fail(
                            f"indikator {owner.code}:{code} tercantum dua kali dalam Renstra ini", place
                        )
                    ind = old_indicators.pop(key, None)
                    if ind is None:
                        ind = Indicator(agency=agency, plan=row, owner=owner, code=code)
                        new_ind.append(ind)
                    self.fill_indicator(ind, x, place)
                    ind.objective = obj
                    ind.position = k
                    ind_by_key[key] = ind
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
        _delete_ids(Indicator, stale_indicators)
        Objective.objects.bulk_create(new_obj)
        Objective.objects.bulk_update(
            _changed(self.objective_rows.values(), before_obj, OBJECTIVE_FIELDS), OBJECTIVE_FIELDS
        )
        indicator_rows = [x for _, _, x, _, _ in self.indicator_docs]
        for ind in indicator_rows:
            ind.objective_id = ind.objective.pk
        Indicator.objects.bulk_create(new_ind)
        Indicator.objects.bulk_update(
            _changed(indicator_rows, before_ind, INDICATOR_FIELDS), INDICATOR_FIELDS
        )
        _delete_ids(Objective, stale_objectives)

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

    def _index(self, model: Any, owner_field: str) -> _Index:
        """Objectives or indicators of the agency by (owner unit, code), with their plan's period,
        version and status."""
        index = _Index()
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

    def resolve(
        self,
        index: _Index,
        ref: Any,
        context: str,
        place: str,
        what: str,
        year: int | None = None,
        period: tuple[int, int] | None = None,
    ) -> int:
        if ref is None or not str(ref).strip():
            raise self.fail(f"rujukan {what} kosong", place)
        key = _split_ref(str(ref), context, self.unit_codes)
        pk = index.for_year(key, year) if year is not None else index.for_period(key, *period)  # type: ignore[misc]
        if pk is None:
            raise self.fail(f"{what} {key[0]}:{key[1]} tidak dikenal", place)
        return pk

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
                pk = resolved.get(str(ref))
                if pk is None:
                    pk = self.resolve(
                        self.indicator_index, ref, context, wplace, "indikator komponen", period=period
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
        before = {a.pk: _values(a, AGREEMENT_FIELDS) for a in existing.values()}
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
        Agreement.objects.bulk_update(_changed(rows, before, AGREEMENT_FIELDS), AGREEMENT_FIELDS)
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
        _delete_ids(ActionPlanTarget, stale)
        ActionPlanTarget.objects.bulk_create(rows)
        self.summary.action_plans = len(items)

    # realisations ------------------------------------------------------------------------------

    def import_realizations(self) -> None:
        from kinerja.measurement.models import Evidence, Realization, RealizationInput
        from kinerja.planning.models import Indicator

        agency = self.agency
        items = self.doc.realizations
        if not items:
            return
        prepared: list[tuple[int, Any, int, int, int | None, dict[str, Any]]] = []
        keys: set[tuple[int, int, int, int | None]] = set()
        for i, r in enumerate(items):
            place = f"realizations[{i}]"
            unit = self.unit(r.unit, place + ".unit")
            period = r.period
            year = self.year(period.year, place + ".period")
            quarter = period.quarter
            if quarter is not None and (not isinstance(quarter, int) or not 1 <= quarter <= 4):
                raise self.fail(f"triwulan tidak sah: {quarter!r} (1-4)", place + ".period")
            pk = self.resolve(
                self.indicator_index, r.indicator, unit.code, place + ".indicator", "indikator", year=year
            )
            key = (unit.pk, pk, year, quarter)
            if key in keys:
                raise self.fail(f"realisasi {unit.code} {r.indicator} {period} tercantum dua kali", place)
            keys.add(key)
            prepared.append((i, unit, pk, year, quarter, self.realization_content(r, place)))

        ind_key = dict(
            (pk, (owner, code))
            for pk, owner, code in Indicator.objects.filter(
                agency=agency, pk__in={p[2] for p in prepared}
            ).values_list("id", "owner_id", "code")
        )
        # existing realisations with the same unit, indicator (owner + code) and period
        existing: dict[tuple[int, tuple[int, str], int, int | None], list[Any]] = defaultdict(list)
        for row in Realization.objects.filter(
            agency=agency, unit_id__in={p[1].pk for p in prepared}, year__in={p[3] for p in prepared}
        ).select_related("indicator"):
            existing[
                (row.unit_id, (row.indicator.owner_id, row.indicator.code), row.year, row.quarter)
            ].append(row)
        named = [(p, existing.get((p[1].pk, ind_key[p[2]], p[3], p[4]), [])) for p in prepared]
        old_ids = [row.pk for _, rows in named for row in rows]
        old_inputs: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
        old_evidence: dict[int, list[str]] = defaultdict(list)
        # uploaded evidence files (rows with a stored file), per realisation, in order: kept by
        # every import (see ``merged_evidence``)
        old_files: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for chunk in _chunks(old_ids, 2000):
            for rid, name, value in (
                RealizationInput.objects.filter(realization_id__in=list(chunk))
                .order_by("realization_id", "position")
                .values_list("realization_id", "name", "value")
            ):
                old_inputs[rid].append((name, value))
            for eid, rid, ref, stored in (
                Evidence.objects.filter(realization_id__in=list(chunk))
                .order_by("realization_id", "position")
                .values_list("id", "realization_id", "reference", "file")
            ):
                old_evidence[rid].append(ref)
                if stored:
                    old_files[rid].append((eid, ref))

        now = timezone.now()
        new_rows: list[Realization] = []
        changed_rows: list[Realization] = []
        delete_ids: list[int] = []
        write: list[tuple[Realization, dict[str, Any]]] = []
        kept_files: dict[int, list[tuple[int, int]]] = {}  # realisation -> (evidence id, position)
        for (i, unit, pk, year, quarter, content), rows in named:
            place = f"realizations[{i}]"
            if rows:
                keep = next((r for r in rows if r.locked), rows[0])
                delete_ids.extend(r.pk for r in rows if r is not keep)
                files = [f for r in [keep, *(r for r in rows if r is not keep)] for f in old_files[r.pk]]
                content["evidence"], positions = self.merged_evidence(content["evidence"], files)
                same = self.stored_content(keep, old_inputs[keep.pk], old_evidence[keep.pk]) == content
                if keep.locked and not same:
                    raise self.fail(
                        f"realisasi {unit.code} {keep.indicator} {keep.period} sudah dikunci dan tidak dapat diubah",
                        place,
                    )
                if (
                    same
                    and len(files) == len(old_files[keep.pk])
                    and (keep.locked or keep.indicator_id == pk)
                ):
                    continue
                keep.version += 1
                keep.updated_at = now
                changed_rows.append(keep)
                row = keep
                kept_files[keep.pk] = [(eid, pos) for (eid, _ref), pos in zip(files, positions, strict=True)]
            else:
                row = Realization(agency=agency, unit=unit, year=year, quarter=quarter)
                new_rows.append(row)
            row.indicator_id = pk
            row.value_number = content["value_number"]
            row.value_label = content["value_label"]
            row.analysis, row.supporting, row.inhibiting, row.follow_up = content["narrative"]
            row.status = content["status"]
            row.locked = row.status == "approved"  # an approved period is locked, whatever its source
            write.append((row, content))
        # the evidence of a changed realisation is rewritten from the file, except uploaded files:
        # those stay (moved from a duplicate that goes to the row kept) and are renumbered in two
        # steps, so that the unique (realisation, position) holds after every statement
        if kept_files:
            target = {eid: (rid, pos) for rid, items in kept_files.items() for eid, pos in items}
            for chunk in _chunks(list(kept_files)):
                Evidence.objects.filter(realization_id__in=list(chunk)).exclude(pk__in=list(target)).delete()
            moved = list(Evidence.objects.filter(pk__in=list(target)))
            for offset in (1_000_000, 0):
                for ev in moved:
                    rid, pos = target[ev.pk]
                    ev.realization_id, ev.position = rid, pos + offset
                Evidence.objects.bulk_update(moved, ["realization", "position"])
        _delete_ids(Realization, delete_ids)
        changed_ids = [r.pk for r in changed_rows]
        for chunk in _chunks(changed_ids):
            RealizationInput.objects.filter(realization_id__in=list(chunk)).delete()
        Realization.objects.bulk_update(
            changed_rows,
            [
                "indicator",
                "value_number",
                "value_label",
                "analysis",
                "supporting",
                "inhibiting",
                "follow_up",
                "status",
                "locked",
                "version",
                "updated_at",
            ],
        )
        Realization.objects.bulk_create(new_rows)
        inputs: list[RealizationInput] = []
        evidence: list[Evidence] = []
        for row, content in write:
            for pos, (name, value) in enumerate(content["inputs"]):
                inputs.append(
                    RealizationInput(agency=agency, realization=row, name=name, value=value, position=pos)
                )
            taken = {pos for _, pos in kept_files.get(row.pk or 0, [])}
            for pos, ref in enumerate(content["evidence"]):
                if pos not in taken:
                    evidence.append(Evidence(agency=agency, realization=row, reference=ref, position=pos))
        RealizationInput.objects.bulk_create(inputs)
        Evidence.objects.bulk_create(evidence)
        self.summary.realizations = len(items)

    def realization_content(self, r: d.Realization, place: str) -> dict[str, Any]:
        value_number = None
        value_label = ""
        if isinstance(r.value, str):
            value_label = self.text(r.value, 100, "nilai realisasi", place + ".value", required=True)
        elif r.value is not None:
            value_number = self.measure(r.value, "nilai realisasi", place + ".value")
        inputs: list[tuple[str, Decimal]] = []
        for name, value in r.inputs.items():
            number = self.measure(value, f"masukan {name}", f"{place}.inputs.{name}")
            if number is None:
                raise self.fail(f"masukan {name} kosong", f"{place}.inputs.{name}")
            inputs.append((self.code(name, "nama masukan", f"{place}.inputs"), number))
        evidence = [
            self.text(e, 1000, "bukti dukung", f"{place}.evidence", required=True) for e in r.evidence
        ]
        status = r.status or "draft"
        if status not in d.REALIZATION_STATUSES:
            raise self.fail(
                f"status '{status}' tidak dikenal ({', '.join(d.REALIZATION_STATUSES)})", place + ".status"
            )
        n = r.narrative or d.Narrative()
        narrative = (
            str(n.analysis or ""),
            str(n.supporting or ""),
            str(n.inhibiting or ""),
            str(n.follow_up or ""),
        )
        return {
            "value_number": value_number,
            "value_label": value_label,
            "inputs": inputs,
            "evidence": evidence,
            "narrative": narrative,
            "status": status,
        }

    @staticmethod
    def merged_evidence(refs: list[str], files: list[tuple[int, str]]) -> tuple[list[str], list[int]]:
        """The evidence list a realisation gets from an import, and the position of each uploaded
        file. An uploaded file (``files``: row id, reference) is never dropped by an import: it
        takes the place of the first unclaimed entry of the file with its reference (the name
        the export wrote), and the files the imported file does not name follow at the end."""
        result = list(refs)
        claimed: set[int] = set()
        positions: list[int] = []
        for _eid, ref in files:
            pos = next((i for i, r in enumerate(refs) if r == ref and i not in claimed), None)
            if pos is None:
                pos = len(result)
                result.append(ref)
            claimed.add(pos)
            positions.append(pos)
        return result, positions

    @staticmethod
    def stored_content(row: Any, inputs: list[tuple[str, Decimal]], evidence: list[str]) -> dict[str, Any]:
        return {
            "value_number": row.value_number,
            "value_label": row.value_label,
            "inputs": list(inputs),
            "evidence": list(evidence),
            "narrative": (row.analysis, row.supporting, row.inhibiting, row.follow_up),
            "status": row.status,
        }

    # budgets -----------------------------------------------------------------------------------

    def import_budgets(self) -> None:
        from kinerja.budget.models import BudgetEntry

        agency = self.agency
        items = self.doc.budgets
        if not items:
            return
        rows: list[BudgetEntry] = []
        positions: dict[tuple[int, int], int] = defaultdict(int)
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
                )
            )
        stale = [
            pk
            for pk, u, y in BudgetEntry.objects.filter(
                agency=agency, unit_id__in={k[0] for k in positions}, year__in={k[1] for k in positions}
            ).values_list("id", "unit_id", "year")
            if (u, y) in positions
        ]
        _delete_ids(BudgetEntry, stale)
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
        _delete_ids(UnitText, stale)
        UnitText.objects.bulk_create(rows)
        self.summary.texts = len(rows)


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
    "frequency",
    "quarter_rule",
    "baseline",
    "baseline_year",
]


# --- export -----------------------------------------------------------------------------------


def _target_of(row: Any) -> Target:
    target = row.get_target()
    if isinstance(target, NumericTarget):
        return NumericTarget(_plain_decimal(target.value))  # type: ignore[arg-type]
    if isinstance(target, RangeTarget):
        return RangeTarget(_plain_decimal(target.low), _plain_decimal(target.high))  # type: ignore[arg-type]
    return target


def _agency_for(agency_code: str | None, unit: str | None) -> Any:
    from kinerja.organizations.models import Agency, Unit

    if agency_code:
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None:
            raise KinerjaValidationError(f"instansi {agency_code} tidak ada di basis data")
        return agency
    if unit:
        agency_ids = set(Unit.objects.filter(code=unit).values_list("agency_id", flat=True))
        if len(agency_ids) > 1:
            raise KinerjaValidationError(f"unit {unit} ada di beberapa instansi; sebutkan kode instansinya")
        if agency_ids:
            return Agency.objects.get(pk=agency_ids.pop())
        raise KinerjaValidationError(f"unit {unit} tidak ada di basis data")
    agencies = list(Agency.objects.all()[:2])
    if len(agencies) > 1:
        raise KinerjaValidationError("basis data berisi beberapa instansi; sebutkan kode instansinya")
    return agencies[0] if agencies else None


def export_document(agency_code: str | None = None, unit: str | None = None) -> d.Document:
    """Read the agency (or one unit's subtree) back as a ``Document`` (see the module docstring)."""
    from kinerja.agreements.models import ActionPlanTarget, Agreement, AgreementTarget
    from kinerja.budget.models import BudgetEntry
    from kinerja.measurement.models import Evidence, Realization, RealizationInput
    from kinerja.organizations.models import Unit, UnitPredecessor, UnitText
    from kinerja.planning.models import (
        Goal,
        Indicator,
        IndicatorComponent,
        IndicatorTarget,
        IndicatorVariable,
        Mission,
        Objective,
        ObjectiveSupport,
        Plan,
    )

    agency = _agency_for(agency_code, unit)
    if agency is None:
        return d.Document()
    units = {u.pk: u for u in Unit.objects.filter(agency=agency)}
    code_of = {pk: u.code for pk, u in units.items()}
    preds = list(UnitPredecessor.objects.filter(agency=agency).order_by("unit_id", "position", "id"))

    # the light skeleton of the agency's plans: ids, owners, codes
    plan_unit = dict(Plan.objects.filter(agency=agency).values_list("id", "unit_id"))
    ind_rows = list(Indicator.objects.filter(agency=agency).values_list("id", "plan_id", "owner_id", "code"))
    ind_ref = {pk: (code_of[owner], code) for pk, _plan, owner, code in ind_rows}
    obj_rows = list(Objective.objects.filter(agency=agency).values_list("id", "plan_id", "code"))
    obj_ref = {pk: (code_of[plan_unit[plan]], code) for pk, plan, code in obj_rows}

    # which units' data, which plans, which component realisations
    extra_realizations: list[int] = []
    if unit is None:
        data_units = set(units)
        plan_ids = set(plan_unit)
        real_filter: dict[str, Any] = {}
    else:
        root = next((pk for pk, u in units.items() if u.code == unit), None)
        if root is None:
            raise KinerjaValidationError(f"unit {unit} tidak ada di instansi {agency.code}")
        children: dict[int | None, list[int]] = defaultdict(list)
        for pk, u in units.items():
            children[u.parent_id].append(pk)
        data_units = {root}
        stack = [root]
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in data_units:
                    data_units.add(child)
                    stack.append(child)
        real_filter = {"unit_id__in": data_units}
        ind_plan = {pk: plan for pk, plan, _owner, _code in ind_rows}
        ind_key = {pk: (owner, code) for pk, _plan, owner, code in ind_rows}
        obj_plan = {pk: plan for pk, plan, _code in obj_rows}
        support_edges = defaultdict(set)
        for src, dst in ObjectiveSupport.objects.filter(agency=agency).values_list(
            "objective__plan_id", "supported_id"
        ):
            support_edges[src].add(obj_plan[dst])
        component_edges: dict[int, set[int]] = defaultdict(set)  # indicator -> component indicators
        for ind, comp in IndicatorComponent.objects.filter(agency=agency).values_list(
            "indicator_id", "component_id"
        ):
            component_edges[ind].add(comp)
        plan_inds: dict[int, set[int]] = defaultdict(set)
        for pk, plan in ind_plan.items():
            plan_inds[plan].add(pk)
        referenced_inds: set[int] = set()
        referenced_inds.update(
            Realization.objects.filter(agency=agency, unit_id__in=data_units).values_list(
                "indicator_id", flat=True
            )
        )
        referenced_inds.update(
            AgreementTarget.objects.filter(agency=agency, agreement__unit_id__in=data_units).values_list(
                "indicator_id", flat=True
            )
        )
        referenced_inds.update(
            ActionPlanTarget.objects.filter(agency=agency, unit_id__in=data_units).values_list(
                "indicator_id", flat=True
            )
        )
        plan_ids = {pk for pk, u in plan_unit.items() if u in data_units}
        plan_ids.update(ind_plan[pk] for pk in referenced_inds)
        plan_ids.update(
            obj_plan[pk]
            for pk in BudgetEntry.objects.filter(
                agency=agency, unit_id__in=data_units, objective__isnull=False
            ).values_list("objective_id", flat=True)
        )
        # composite indicators whose components' realisations the subtree needs (transitively)
        composite_roots = set(referenced_inds)
        for plan in list(plan_ids):
            composite_roots.update(plan_inds[plan])
        needed_components: set[int] = set()
        stack = list(composite_roots)
        while stack:
            for comp in component_edges.get(stack.pop(), ()):
                if comp not in needed_components:
                    needed_components.add(comp)
                    stack.append(comp)
        plan_ids.update(ind_plan[pk] for pk in needed_components)
        # plans referred to by included plans (cascade targets, components), transitively
        todo = list(plan_ids)
        while todo:
            plan = todo.pop()
            targets = set(support_edges.get(plan, ()))
            for ind in plan_inds[plan]:
                targets.update(ind_plan[c] for c in component_edges.get(ind, ()))
            for t in targets - plan_ids:
                plan_ids.add(t)
                todo.append(t)
        if needed_components:
            wanted = {ind_key[c] for c in needed_components}
            extra_realizations = [
                pk
                for pk, owner, code, u in Realization.objects.filter(
                    agency=agency,
                    indicator__owner_id__in={k[0] for k in wanted},
                    indicator__code__in={k[1] for k in wanted},
                ).values_list("id", "indicator__owner_id", "indicator__code", "unit_id")
                if (owner, code) in wanted and u not in data_units
            ]

    plans = list(Plan.objects.filter(agency=agency, pk__in=plan_ids))
    objectives = list(
        Objective.objects.filter(agency=agency, plan_id__in=plan_ids).order_by("plan_id", "position", "id")
    )
    indicators = list(
        Indicator.objects.filter(agency=agency, plan_id__in=plan_ids).order_by(
            "objective_id", "position", "id"
        )
    )
    agreements = list(Agreement.objects.filter(agency=agency, unit_id__in=data_units))
    agreement_targets = list(
        AgreementTarget.objects.filter(agency=agency, agreement_id__in=[a.pk for a in agreements]).order_by(
            "agreement_id", "position", "id"
        )
    )
    action_targets = list(ActionPlanTarget.objects.filter(agency=agency, unit_id__in=data_units))
    realizations = list(Realization.objects.filter(agency=agency, **real_filter))
    if extra_realizations:
        realizations += list(Realization.objects.filter(pk__in=extra_realizations))
    budgets = list(BudgetEntry.objects.filter(agency=agency, unit_id__in=data_units))
    texts = list(UnitText.objects.filter(agency=agency, unit_id__in=data_units))

    components: dict[int, list[tuple[int, Decimal | None]]] = defaultdict(list)
    for ind, comp, weight in (
        IndicatorComponent.objects.filter(agency=agency, indicator__plan_id__in=plan_ids)
        .order_by("indicator_id", "position", "id")
        .values_list("indicator_id", "component_id", "weight")
    ):
        components[ind].append((comp, weight))
    supports: dict[int, list[int]] = defaultdict(list)
    for obj, supported in (
        ObjectiveSupport.objects.filter(agency=agency, objective__plan_id__in=plan_ids)
        .order_by("objective_id", "position", "id")
        .values_list("objective_id", "supported_id")
    ):
        supports[obj].append(supported)
    referred = [t.indicator_id for t in agreement_targets] + [t.indicator_id for t in action_targets]
    referred += [r.indicator_id for r in realizations]
    referred += [c for comps in components.values() for c, _ in comps]
    referred_objectives = [b.objective_id for b in budgets if b.objective_id]
    referred_objectives += [s for targets in supports.values() for s in targets]

    # units: the data units plus everything referred to, with their ancestors and predecessors
    include = set(data_units)
    include.update(plan_unit[p] for p in plan_ids)
    include.update(x.owner_id for x in indicators)
    include.update(r.unit_id for r in realizations)
    code_to_pk = {u.code: pk for pk, u in units.items()}
    include.update(code_to_pk[ind_ref[pk][0]] for pk in referred)
    include.update(code_to_pk[obj_ref[pk][0]] for pk in referred_objectives)
    preds_of: dict[int, list[Any]] = defaultdict(list)
    for link in preds:
        preds_of[link.unit_id].append(link)
    todo_units = list(include)
    while todo_units:
        pk = todo_units.pop()
        nexts = [units[pk].parent_id] + [link.predecessor_id for link in preds_of[pk]]
        for n in nexts:
            if n is not None and n not in include:
                include.add(n)
                todo_units.append(n)

    doc = d.Document(
        agency=d.Agency(code=agency.code, name=agency.name),
        policy=d.PolicyDoc(
            max_achievement=_plain_decimal(agency.max_achievement),
            lower_is_better=LowerIsBetterRule(agency.lower_is_better),
        ),
    )
    for pk in sorted(include, key=lambda p: code_of[p]):
        u = units[pk]
        doc.units.append(
            d.Unit(
                code=u.code,
                name=u.name,
                level=u.level,
                parent=code_of.get(u.parent_id) if u.parent_id else None,
                predecessors=[
                    d.Predecessor(unit=code_of[p.predecessor_id], since=p.since) for p in preds_of[pk]
                ],
                valid_from=u.valid_from,
                valid_to=u.valid_to,
                head_title=u.head_title,
                head_name=u.head_name,
            )
        )

    # plans
    missions: dict[int, list[str]] = defaultdict(list)
    for plan_id, statement in (
        Mission.objects.filter(agency=agency, plan_id__in=plan_ids)
        .order_by("plan_id", "position", "id")
        .values_list("plan_id", "statement")
    ):
        missions[plan_id].append(statement)
    goals: dict[int, list[Any]] = defaultdict(list)
    goal_code: dict[int, str] = {}
    for g in Goal.objects.filter(agency=agency, plan_id__in=plan_ids).order_by("plan_id", "position", "id"):
        goals[g.plan_id].append(g)
        goal_code[g.pk] = g.code
    variables: dict[int, dict[str, str]] = defaultdict(dict)
    for ind, name, description in (
        IndicatorVariable.objects.filter(agency=agency, indicator__plan_id__in=plan_ids)
        .order_by("indicator_id", "position", "id")
        .values_list("indicator_id", "name", "description")
    ):
        variables[ind][name] = description
    ind_targets: dict[int, dict[int, Target]] = defaultdict(dict)
    for t in IndicatorTarget.objects.filter(agency=agency, indicator__plan_id__in=plan_ids).order_by(
        "indicator_id", "year"
    ):
        ind_targets[t.indicator_id][t.year] = _target_of(t)
    indicators_of: dict[int, list[Any]] = defaultdict(list)
    for x in indicators:
        indicators_of[x.objective_id].append(x)
    objectives_of: dict[int, list[Any]] = defaultdict(list)
    for o in objectives:
        objectives_of[o.plan_id].append(o)

    def ref(pair: tuple[str, str], context: str) -> str:
        return _join_ref(pair[0], pair[1], context)

    for p in sorted(plans, key=lambda p: (code_of[p.unit_id], p.period_start, p.period_end, p.version)):
        context = code_of[p.unit_id]
        doc_objectives = []
        for o in objectives_of[p.pk]:
            doc_indicators = []
            for x in indicators_of[o.pk]:
                comps = components[x.pk]
                doc_indicators.append(
                    d.Indicator(
                        code=x.code,
                        name=x.name,
                        unit_of_measure=x.unit_of_measure,
                        polarity=Polarity(x.polarity),
                        max_achievement=_plain_decimal(x.max_achievement),
                        formula=x.formula or None,
                        variables=dict(variables[x.pk]),
                        owner=None if x.owner_id == p.unit_id else code_of[x.owner_id],
                        components=[ref(ind_ref[c], context) for c, _ in comps],
                        aggregation=Aggregation(x.aggregation),
                        weights={
                            ref(ind_ref[c], context): _plain_decimal(w) for c, w in comps if w is not None
                        },
                        scale=list(x.scale or []),
                        targets=dict(ind_targets[x.pk]),
                        definition=x.definition,
                        data_source=x.data_source,
                        frequency=x.frequency,
                        quarter_rule=QuarterRule(x.quarter_rule),
                        baseline=_plain_decimal(x.baseline),
                        baseline_year=x.baseline_year,
                    )
                )
            doc_objectives.append(
                d.Objective(
                    code=o.code,
                    level=o.level,
                    statement=o.statement,
                    goal=goal_code.get(o.goal_id) if o.goal_id else None,
                    supports=[ref(obj_ref[s], context) for s in supports[o.pk]],
                    indicators=doc_indicators,
                )
            )
        doc.plans.append(
            d.Plan(
                unit=context,
                period=(p.period_start, p.period_end),
                version=p.version,
                vision=p.vision,
                missions=list(missions[p.pk]),
                goals=[d.Goal(code=g.code, statement=g.statement) for g in goals[p.pk]],
                objectives=doc_objectives,
                label=p.label,
                adopted_on=p.adopted_on,
                legal_basis=p.legal_basis,
                status=p.status,
            )
        )

    # agreements
    targets_of: dict[int, list[Any]] = defaultdict(list)
    for t in agreement_targets:
        targets_of[t.agreement_id].append(t)
    for a in sorted(agreements, key=lambda a: (code_of[a.unit_id], a.year, a.version)):
        context = code_of[a.unit_id]
        first = d.Signatory(a.first_party_name, a.first_party_title)
        second = d.Signatory(a.second_party_name, a.second_party_title)
        doc.agreements.append(
            d.Agreement(
                unit=context,
                year=a.year,
                version=a.version,
                targets={ref(ind_ref[t.indicator_id], context): _target_of(t) for t in targets_of[a.pk]},
                label=a.label,
                signed_on=a.signed_on,
                reason=a.reason or None,
                reason_note=a.reason_note,
                first_party=first if (first.name or first.title) else None,
                second_party=second if (second.name or second.title) else None,
                place=a.place,
                status=a.status,
            )
        )

    # action plans
    grouped: dict[tuple[str, int, str], dict[int, Target]] = defaultdict(dict)
    for t in action_targets:
        context = code_of[t.unit_id]
        grouped[(context, t.year, ref(ind_ref[t.indicator_id], context))][t.quarter] = _target_of(t)
    for (u, year, indicator), quarters in sorted(grouped.items()):
        doc.action_plans.append(
            d.ActionPlan(unit=u, year=year, indicator=indicator, quarters=dict(sorted(quarters.items())))
        )

    # realisations
    real_ids = [r.pk for r in realizations]
    inputs: dict[int, dict[str, Decimal]] = defaultdict(dict)
    evidence: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(real_ids, 2000):
        for rid, name, value in (
            RealizationInput.objects.filter(realization_id__in=list(chunk))
            .order_by("realization_id", "position", "id")
            .values_list("realization_id", "name", "value")
        ):
            inputs[rid][name] = _plain_decimal(value)  # type: ignore[assignment]
        for rid, reference in (
            Evidence.objects.filter(realization_id__in=list(chunk))
            .order_by("realization_id", "position", "id")
            .values_list("realization_id", "reference")
        ):
            evidence[rid].append(reference)
    out = []
    for r in realizations:
        context = code_of[r.unit_id]
        value: Decimal | str | None = r.value_label or _plain_decimal(r.value_number)
        out.append(
            d.Realization(
                unit=context,
                indicator=ref(ind_ref[r.indicator_id], context),
                period=d.Period(r.year, r.quarter),
                value=value,
                inputs=dict(inputs[r.pk]),
                evidence=list(evidence[r.pk]),
                narrative=d.Narrative(r.analysis, r.supporting, r.inhibiting, r.follow_up),
                status=r.status,
            )
        )
    out.sort(key=lambda r: (r.unit, r.period.year, r.period.quarter or 0, r.indicator))
    doc.realizations = out

    # budgets
    for b in sorted(budgets, key=lambda b: (code_of[b.unit_id], b.year, b.position, b.pk)):
        context = code_of[b.unit_id]
        doc.budgets.append(
            d.BudgetEntry(
                unit=context,
                year=b.year,
                kind=b.kind,
                amount=int(b.amount),
                date=b.date,
                note=b.note,
                month=b.month,
                account=b.account,
                objective=ref(obj_ref[b.objective_id], context) if b.objective_id else None,
            )
        )

    # texts
    for t in sorted(texts, key=lambda t: (code_of[t.unit_id], t.year, t.key)):
        doc.texts.append(d.UnitText(unit=code_of[t.unit_id], year=t.year, key=t.key, text=t.text))
    return doc


# --- schema ------------------------------------------------------------------------------------


def ensure_schema() -> bool:
    """Create the tables (``migrate``, quietly) when the database has none of ours yet.

    Returns True when it migrated.
    """
    from django.core.management import call_command

    from kinerja.organizations.models import Agency

    if Agency._meta.db_table in connection.introspection.table_names():
        return False
    call_command("migrate", verbosity=0, interactive=False)
    return True
