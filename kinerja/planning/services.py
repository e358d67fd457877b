"""Editing a Renstra: every write of the Renstra editor goes through this module.

Each function checks the right (``edit_plan`` at the plan's unit, via
``kinerja.organizations.access``), runs in one database transaction and records its changes in
the history as the acting user (``kinerja.history.context.acting_as``). Problems are raised as
``PlanError`` with a message in Bahasa Indonesia (and the form field it concerns, when there is
one); nothing is saved then.

Rules
-----
* A reviu is made with ``new_version``, which copies the latest version of the plan (missions,
  goals, objectives with their cascade links, indicators with variables, components and targets)
  into version N+1 with ``status = draft`` and no adoption date, with a reason that is written on
  every history row of the copy. A draft is never the plan in force (the engine,
  ``kinerja.figures.inforce.plan_for``, skips it); ``adopt`` makes it the plan in force, with
  an adoption date (and optionally the legal basis).
* Status: *draf* (``status = draft``), *ditetapkan* (adopted), *digantikan* (a higher adopted
  version exists). A superseded version is read-only; the others can be changed (the adopted
  plan in force stays editable for corrections while a draft of the next version is prepared).
* Optimistic concurrency: each edit form carries a ``token``, a digest of the record as the user
  saw it (the record's fields and its child rows). The save re-reads the record under a row lock
  and refuses (``VersionConflict``) when the digest differs: someone else saved in between.
  No extra column is needed, and an import that changes the record is detected too.
* A target's type must match the indicator: a label of the scale for an indicator with a
  qualitative scale, a number or a range otherwise. Changing the scale is refused while targets
  (Renstra or PK) would no longer match.
* Composite indicators: components are named ``UNIT:KODE`` and resolved among the plans in force
  (the latest version of each unit and period); a cycle among composites is refused with the
  cycle named.
* An indicator that has PK targets, Rencana Aksi targets or realisations, or that is a component
  of another indicator, is not deleted (refused with the reason); the same holds for an
  objective with such indicators or supported by another unit's objective, and for a goal that an
  objective still names. Deletion is hard otherwise (the history keeps the last values).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kinerja.agreements.models import ActionPlanTarget, AgreementTarget
from kinerja.core.formula import formula_variables
from kinerja.core.types import KinerjaValidationError, QualitativeTarget, Target
from kinerja.figures.unit_year import in_scope
from kinerja.history.context import acting_as
from kinerja.history.tracking import as_text
from kinerja.measurement.models import Realization
from kinerja.organizations import access
from kinerja.organizations.models import Unit
from kinerja.organizations.permissions import EDIT_PLAN
from kinerja.planning.models import (
    PLAN_ADOPTED,
    PLAN_DRAFT,
    TARGET_LABEL,
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

STATUS_DRAFT = "draf"
STATUS_ADOPTED = "ditetapkan"
STATUS_SUPERSEDED = "digantikan"
VERSION_NOTE = "Versi baru Renstra: "


class PlanError(Exception):
    """A refused change, with the reason in Bahasa Indonesia (``field``: the form field)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class VersionConflict(PlanError):
    """Someone saved the record after the user opened the form."""

    def __init__(self, what: str) -> None:
        super().__init__(
            _(
                "%(what)s telah diubah oleh pengguna lain sejak formulir ini dibuka; perubahan Anda belum "
                "disimpan. Periksa data terbaru di bawah (masukan Anda tetap ditampilkan), lalu simpan lagi."
            )
            % {"what": what}
        )


# --- reading ---------------------------------------------------------------------------------


def latest_version(plan: Plan) -> int:
    found = Plan.objects.filter(
        unit_id=plan.unit_id, period_start=plan.period_start, period_end=plan.period_end
    ).aggregate(m=Max("version"))["m"]
    return int(found or plan.version)


def is_latest(plan: Plan) -> bool:
    return latest_version(plan) == plan.version


def latest_adopted_version(plan: Plan) -> int | None:
    """The highest adopted version of the plan's unit and period (None: only drafts)."""
    found = Plan.objects.filter(
        unit_id=plan.unit_id, period_start=plan.period_start, period_end=plan.period_end, status=PLAN_ADOPTED
    ).aggregate(m=Max("version"))["m"]
    return None if found is None else int(found)


def status_given(plan: Plan, adopted: int | None) -> str:
    """Draf, ditetapkan or digantikan (a higher *adopted* version exists), given ``adopted``, the
    highest adopted version of the plan's period (a page listing every version knows it)."""
    if adopted is not None and adopted > plan.version:
        return STATUS_SUPERSEDED
    return STATUS_DRAFT if plan.status == PLAN_DRAFT else STATUS_ADOPTED


def status_of(plan: Plan) -> str:
    """The plan's status, reading the highest adopted version of its period from the database."""
    return status_given(plan, latest_adopted_version(plan))


def is_superseded(plan: Plan) -> bool:
    return status_of(plan) == STATUS_SUPERSEDED


def in_force_plan(unit: Unit, year: int | None = None, fallback: bool = True) -> Plan | None:
    """The unit's plan in force (for ``year``, else of the latest period) by the engine's rule
    (``kinerja.figures.inforce.plan_for``): latest start, then highest *adopted* version.
    Without an adopted one: the latest draft when ``fallback`` (to show something), else None."""
    plans = Plan.objects.filter(unit=unit)
    if year is not None:
        plans = plans.filter(period_start__lte=year, period_end__gte=year)
    ordered_plans = plans.order_by("-period_start", "-period_end", "-version")
    adopted = ordered_plans.filter(status=PLAN_ADOPTED).first()
    return adopted if adopted is not None or not fallback else ordered_plans.first()


def in_force_plan_ids(agency_id: int) -> set[int]:
    """Ids of the plan in force of every (unit, period) of the agency: the highest adopted
    version, or the highest version when none is adopted yet."""
    best: dict[tuple[int, int, int], tuple[bool, int, int]] = {}
    for pk, unit_id, start, end, version, status in Plan.objects.filter(agency_id=agency_id).values_list(
        "id", "unit_id", "period_start", "period_end", "version", "status"
    ):
        key = (unit_id, start, end)
        rank = (status != PLAN_DRAFT, version, pk)
        if key not in best or rank > best[key]:
            best[key] = rank
    return {pk for _, _, pk in best.values()}


def indicator_key(indicator: Indicator) -> str:
    return f"{indicator.owner.code}:{indicator.code}"


def support_candidates(plan: Plan) -> list[Objective]:
    """Objectives that an objective of ``plan`` may support: those of the plans in force of the
    units above the plan's unit whose period overlaps the plan's."""
    ancestors: list[int] = []
    node = plan.unit.parent
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        ancestors.append(node.pk)
        node = node.parent
    if not ancestors:
        return []
    rows = Objective.objects.filter(
        plan_id__in=in_force_plan_ids(plan.agency_id),
        plan__unit_id__in=ancestors,
        plan__period_start__lte=plan.period_end,
        plan__period_end__gte=plan.period_start,
    ).select_related("plan__unit")
    # the nearest unit above first (the parent, then the grandparent ...)
    return sorted(
        rows, key=lambda o: (ancestors.index(o.plan.unit_id), o.plan.period_start, o.position, o.pk)
    )


def owner_candidates(plan: Plan) -> list[Unit]:
    """The plan's unit and every unit below it (an IKSS may be owned by an Eselon I)."""
    units = list(Unit.objects.filter(agency_id=plan.agency_id).order_by("code"))
    children: dict[int | None, list[Unit]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u)
    out: list[Unit] = []
    stack = [plan.unit]
    seen: set[int] = set()
    while stack:
        u = stack.pop(0)
        if u.pk in seen:
            continue
        seen.add(u.pk)
        out.append(u)
        stack.extend(children.get(u.pk, []))
    return out


def component_candidates(plan: Plan) -> list[Indicator]:
    """Indicators of the plans in force whose period overlaps the plan's, owned by the plan's unit,
    a unit below it or a unit above it (``kinerja.figures.unit_year.in_scope``): never a
    sibling's or a cousin's, whose data the composite's readers may not see."""
    parent_of = {
        code: parent
        for code, parent in Unit.objects.filter(agency_id=plan.agency_id).values_list("code", "parent__code")
    }
    rows = (
        Indicator.objects.filter(
            plan_id__in=in_force_plan_ids(plan.agency_id) | {plan.pk},
            plan__period_start__lte=plan.period_end,
            plan__period_end__gte=plan.period_start,
        )
        .select_related("owner")
        .order_by("owner__code", "code")
    )
    return [i for i in rows if in_scope(parent_of, plan.unit.code, i.owner.code)]


def resolve_component(plan: Plan, key: str) -> Indicator:
    """The indicator named ``UNIT:KODE`` (or ``KODE`` of the plan's unit)."""
    text = key.strip()
    owner, sep, code = text.partition(":")
    if not sep:
        owner, code = plan.unit.code, text
    owner, code = owner.strip(), code.strip()
    found = [i for i in component_candidates(plan) if i.owner.code == owner and i.code == code]
    if (
        not found
        and Indicator.objects.filter(
            agency_id=plan.agency_id,
            owner__code=owner,
            code=code,
            plan_id__in=in_force_plan_ids(plan.agency_id),
        ).exists()
    ):
        raise PlanError(
            _(
                "indikator komponen '%(text)s' milik unit di luar cakupan %(unit)s: komponen hanya boleh "
                "dari unit ini, unit di bawahnya, atau unit di atasnya"
            )
            % {"text": text, "unit": plan.unit.code},
            "components",
        )
    if not found:
        raise PlanError(
            _("indikator komponen '%(text)s' tidak ditemukan (tulis UNIT:KODE)") % {"text": text},
            "components",
        )
    same_plan = [i for i in found if i.plan_id == plan.pk]
    return (same_plan or found)[0]


def references_of(indicator: Indicator) -> list[str]:
    """Why the indicator may not be deleted (empty when it may)."""
    out = []
    pk = [
        a
        for a in AgreementTarget.objects.filter(indicator=indicator).values_list(
            "agreement__year", "agreement__version"
        )
    ]
    if pk:
        listed = ", ".join(
            _("%(year)s versi %(version)s") % {"year": y, "version": v} for y, v in sorted(set(pk))
        )
        out.append(_("dipakai dalam Perjanjian Kinerja (%(list)s)") % {"list": listed})
    if ActionPlanTarget.objects.filter(indicator=indicator).exists():
        out.append(_("dipakai dalam Rencana Aksi"))
    n = Realization.objects.filter(indicator=indicator).count()
    if n:
        out.append(_("memiliki %(n)s catatan realisasi") % {"n": n})
    composites = [
        indicator_key(link.indicator)
        for link in IndicatorComponent.objects.filter(component=indicator)
        .exclude(indicator__plan_id=indicator.plan_id, indicator=indicator)
        .select_related("indicator__owner")
    ]
    if composites:
        out.append(_("menjadi komponen indikator %(list)s") % {"list": ", ".join(sorted(set(composites)))})
    return out


# --- concurrency tokens ----------------------------------------------------------------------


def _values(obj: models.Model) -> dict[str, str | None]:
    return {
        f.attname: as_text(getattr(obj, f.attname)) for f in obj._meta.concrete_fields if not f.primary_key
    }


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def plan_token(plan: Plan) -> str:
    return _digest(
        {
            "plan": _values(plan),
            "missions": [_values(m) for m in Mission.objects.filter(plan=plan).order_by("position", "id")],
            "goals": [_values(g) for g in Goal.objects.filter(plan=plan).order_by("position", "id")],
        }
    )


def objective_token(objective: Objective) -> str:
    return _digest(
        {
            "objective": _values(objective),
            "supports": sorted(
                ObjectiveSupport.objects.filter(objective=objective).values_list("supported_id", flat=True)
            ),
        }
    )


def indicator_token(indicator: Indicator) -> str:
    return _digest(
        {
            "indicator": _values(indicator),
            "variables": [_values(v) for v in indicator.variables.order_by("position", "id")],
            "components": [_values(c) for c in indicator.component_links.order_by("position", "id")],
        }
    )


def targets_token(indicator: Indicator) -> str:
    return _digest(
        {
            "scale": indicator.scale,
            "targets": [_values(t) for t in indicator.targets.order_by("year")],
        }
    )


# --- guards ----------------------------------------------------------------------------------


@contextmanager
def _editing(user: Any, plan: Plan, note: str = "") -> Iterator[Plan]:
    """Check the right and the version, then run the block in a transaction as ``user``."""
    access.require(user, EDIT_PLAN, plan.unit)
    try:
        with transaction.atomic(), acting_as(user, note=note):
            locked = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
            adopted = latest_adopted_version(locked)
            if adopted is not None and adopted > locked.version:
                raise PlanError(
                    _(
                        "Renstra versi %(old)s sudah digantikan oleh versi %(new)s yang ditetapkan dan tidak "
                        "dapat diubah lagi; ubahlah versi yang berlaku."
                    )
                    % {"old": locked.version, "new": adopted}
                )
            yield locked
    except IntegrityError as exc:
        # A unique code or version taken by a save that ran at the same moment.
        raise PlanError(
            _(
                "Perubahan bentrok dengan perubahan lain yang disimpan pada saat yang sama (mis. kode atau "
                "versi yang sama); tidak ada yang disimpan. Muat ulang halaman lalu coba lagi."
            )
        ) from exc


def _check_token(expected: str | None, current: str, what: str) -> None:
    if expected is not None and expected != current:
        raise VersionConflict(what)


# --- plan header: label, vision, adoption, legal basis, missions, goals ---------------------


@dataclass
class HeaderData:
    label: str = ""
    vision: str = ""
    adopted_on: date | None = None
    legal_basis: str = ""
    missions: list[str] = field(default_factory=list)
    goals: list[tuple[str, str]] = field(default_factory=list)  # (code, statement), in order


def update_header(user: Any, plan: Plan, data: HeaderData, token: str | None) -> Plan:
    with _editing(user, plan) as locked:
        _check_token(token, plan_token(locked), _("Renstra ini"))
        locked.label = data.label
        locked.vision = data.vision
        locked.adopted_on = data.adopted_on
        locked.legal_basis = data.legal_basis
        locked.save()
        _sync_missions(locked, data.missions)
        _sync_goals(locked, data.goals)
        return locked


def _sync_missions(plan: Plan, statements: list[str]) -> None:
    existing = list(Mission.objects.filter(plan=plan).order_by("position", "id"))
    for mission in existing[len(statements) :]:
        mission.delete()
    for i, text in enumerate(statements):
        if i < len(existing):
            m = existing[i]
            if m.statement != text or m.position != i:
                m.statement, m.position = text, i
                m.save()
        else:
            Mission.objects.create(agency_id=plan.agency_id, plan=plan, position=i, statement=text)


def _sync_goals(plan: Plan, goals: list[tuple[str, str]]) -> None:
    codes = [code for code, _ in goals]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise PlanError(
            _("kode tujuan %(codes)s tercantum lebih dari sekali") % {"codes": ", ".join(dupes)}, "goals"
        )
    existing = {g.code: g for g in Goal.objects.filter(plan=plan)}
    for code, goal in existing.items():
        if code in codes:
            continue
        users = list(goal.objectives.order_by("position").values_list("code", flat=True))
        if users:
            raise PlanError(
                _("tujuan %(code)s tidak dapat dihapus: masih menjadi tujuan sasaran %(list)s")
                % {"code": code, "list": ", ".join(users)},
                "goals",
            )
        goal.delete()
    for i, (code, statement) in enumerate(goals):
        g = existing.get(code)
        if g is None:
            Goal.objects.create(
                agency_id=plan.agency_id, plan=plan, code=code, statement=statement, position=i
            )
        elif g.statement != statement or g.position != i:
            g.statement, g.position = statement, i
            g.save()


# --- objectives ------------------------------------------------------------------------------


@dataclass
class ObjectiveData:
    code: str
    level: str
    statement: str
    goal_id: int | None = None
    supports: list[int] = field(default_factory=list)


def save_objective(
    user: Any, plan: Plan, objective: Objective | None, data: ObjectiveData, token: str | None
) -> Objective:
    with _editing(user, plan) as locked:
        if objective is None:
            obj = Objective(agency_id=locked.agency_id, plan=locked)
            last = Objective.objects.filter(plan=locked).aggregate(m=Max("position"))["m"]
            obj.position = 0 if last is None else last + 1
        else:
            obj = Objective.objects.select_for_update().get(pk=objective.pk, plan=locked)
            _check_token(token, objective_token(obj), _("Sasaran %(code)s") % {"code": obj.code})
        if Objective.objects.filter(plan=locked, code=data.code).exclude(pk=obj.pk).exists():
            raise PlanError(
                _("kode sasaran '%(code)s' sudah dipakai di Renstra ini") % {"code": data.code}, "code"
            )
        if data.goal_id is not None and not Goal.objects.filter(plan=locked, pk=data.goal_id).exists():
            raise PlanError(_("tujuan yang dipilih bukan tujuan Renstra ini"), "goal")
        allowed = {o.pk for o in support_candidates(locked)}
        if obj.pk is not None:
            allowed |= set(
                ObjectiveSupport.objects.filter(objective=obj).values_list("supported_id", flat=True)
            )
        bad = [pk for pk in data.supports if pk not in allowed]
        if bad:
            raise PlanError(
                _("sasaran yang didukung harus sasaran Renstra unit di atas unit ini (periode yang sama)"),
                "supports",
            )
        obj.code, obj.level, obj.statement, obj.goal_id = data.code, data.level, data.statement, data.goal_id
        obj.save()
        links = {link.supported_id: link for link in ObjectiveSupport.objects.filter(objective=obj)}
        for pk, link in links.items():
            if pk not in data.supports:
                link.delete()
        for i, pk in enumerate(dict.fromkeys(data.supports)):
            support = links.get(pk)
            if support is None:
                ObjectiveSupport.objects.create(
                    agency_id=locked.agency_id, objective=obj, supported_id=pk, position=i
                )
            elif support.position != i:
                support.position = i
                support.save()
        return obj


def _move(rows: list[Any], pk: int, delta: int) -> None:
    index = next(i for i, r in enumerate(rows) if r.pk == pk)
    other = index + delta
    if not 0 <= other < len(rows):
        return
    rows[index], rows[other] = rows[other], rows[index]
    for i, row in enumerate(rows):
        if row.position != i:
            row.position = i
            row.save()


def move_objective(user: Any, objective: Objective, delta: int) -> None:
    with _editing(user, objective.plan) as locked:
        _move(list(Objective.objects.filter(plan=locked).order_by("position", "id")), objective.pk, delta)


def move_indicator(user: Any, indicator: Indicator, delta: int) -> None:
    with _editing(user, indicator.plan):
        rows = list(Indicator.objects.filter(objective_id=indicator.objective_id).order_by("position", "id"))
        _move(rows, indicator.pk, delta)


def delete_objective(user: Any, objective: Objective) -> None:
    with _editing(user, objective.plan) as locked:
        obj = Objective.objects.get(pk=objective.pk, plan=locked)
        problems = []
        for ind in obj.indicators.select_related("owner"):
            why = references_of(ind)
            if why:
                problems.append(_("indikator %(code)s %(why)s") % {"code": ind.code, "why": "; ".join(why)})
        supporters = [
            f"{link.objective.plan.unit.code}:{link.objective.code}"
            for link in ObjectiveSupport.objects.filter(supported=obj).select_related("objective__plan__unit")
        ]
        if supporters:
            problems.append(_("didukung oleh sasaran %(list)s") % {"list": ", ".join(sorted(supporters))})
        if problems:
            raise PlanError(
                _("Sasaran %(code)s tidak dapat dihapus: %(problems)s.")
                % {"code": obj.code, "problems": "; ".join(problems)}
            )
        obj.delete()


# --- indicators ------------------------------------------------------------------------------


@dataclass
class IndicatorData:
    code: str
    name: str
    owner_id: int
    definition: str = ""
    unit_of_measure: str = ""
    polarity: str = "higher_is_better"
    formula: str = ""
    variables: dict[str, str] = field(default_factory=dict)  # name -> description
    data_source: str = ""
    source: str = ""
    frequency: str = ""
    quarter_rule: str = "last"
    max_achievement: Decimal | None = None
    scale: list[str] = field(default_factory=list)
    baseline: Decimal | None = None
    baseline_year: int | None = None
    aggregation: str = "mean"
    components: list[tuple[str, Decimal | None]] = field(default_factory=list)  # (UNIT:KODE, weight)


def save_indicator(
    user: Any,
    objective: Objective,
    indicator: Indicator | None,
    data: IndicatorData,
    token: str | None,
) -> Indicator:
    with _editing(user, objective.plan) as locked:
        obj = Objective.objects.get(pk=objective.pk, plan=locked)
        if indicator is None:
            ind = Indicator(agency_id=locked.agency_id, plan=locked, objective=obj)
            last = Indicator.objects.filter(objective=obj).aggregate(m=Max("position"))["m"]
            ind.position = 0 if last is None else last + 1
        else:
            ind = (
                Indicator.objects.select_for_update()
                .select_related("owner")
                .get(pk=indicator.pk, plan=locked)
            )
            _check_token(token, indicator_token(ind), _("Indikator %(code)s") % {"code": ind.code})
        owners = {u.pk: u for u in owner_candidates(locked)}
        if data.owner_id not in owners:
            raise PlanError(_("unit pemilik harus unit Renstra ini atau unit di bawahnya"), "owner")
        owner = owners[data.owner_id]
        if Indicator.objects.filter(plan=locked, owner=owner, code=data.code).exclude(pk=ind.pk).exists():
            raise PlanError(
                _("kode indikator '%(code)s' milik %(owner)s sudah ada di Renstra ini")
                % {"code": data.code, "owner": owner.code},
                "code",
            )
        names: set[str] = set()
        if data.formula:
            try:
                names = formula_variables(data.formula)
            except KinerjaValidationError as exc:
                raise PlanError(exc.message, "formula") from exc
        extra = sorted(set(data.variables) - names)
        if extra:
            raise PlanError(
                _("keterangan untuk variabel yang tidak ada dalam rumus: %(names)s")
                % {"names": ", ".join(extra)},
                "variables",
            )
        if ind.pk is not None:
            _check_scale_change(ind, data.scale)
        ind.code, ind.name, ind.owner = data.code, data.name, owner
        ind.definition, ind.unit_of_measure, ind.polarity = (
            data.definition,
            data.unit_of_measure,
            data.polarity,
        )
        ind.formula, ind.data_source, ind.frequency = data.formula, data.data_source, data.frequency
        ind.source = data.source
        ind.quarter_rule, ind.max_achievement, ind.scale = data.quarter_rule, data.max_achievement, data.scale
        ind.baseline, ind.baseline_year, ind.aggregation = data.baseline, data.baseline_year, data.aggregation
        ind.save()
        _sync_variables(ind, names, data.variables)
        _sync_components(locked, ind, data)
        return ind


def _check_scale_change(ind: Indicator, scale: list[str]) -> None:
    rows: list[tuple[str, Any]] = [
        (_("target Renstra %(year)s") % {"year": t.year}, t) for t in ind.targets.all()
    ]
    rows += [
        (
            _("target PK %(year)s versi %(version)s")
            % {"year": t.agreement.year, "version": t.agreement.version},
            t,
        )
        for t in AgreementTarget.objects.filter(indicator=ind).select_related("agreement")
    ]
    for what, row in rows:
        if scale and row.kind != TARGET_LABEL:
            raise PlanError(
                _(
                    "indikator ini memiliki %(what)s berupa angka (%(target)s); skala kualitatif hanya dapat "
                    "dipasang bila targetnya label skala — ubah targetnya lebih dahulu"
                )
                % {"what": what, "target": row.target_display()},
                "scale",
            )
        if row.kind == TARGET_LABEL and row.label not in scale:
            raise PlanError(
                _("%(what)s '%(label)s' tidak ada dalam skala yang baru; ubah targetnya lebih dahulu")
                % {"what": what, "label": row.label},
                "scale",
            )


def _sync_variables(ind: Indicator, names: set[str], descriptions: dict[str, str]) -> None:
    existing = {v.name: v for v in ind.variables.all()}
    for name, v in existing.items():
        if name not in names:
            v.delete()
    for i, name in enumerate(sorted(names, key=lambda n: (n.lower(), n))):
        var = existing.get(name)
        text = descriptions.get(name, var.description if var else "")
        if var is None:
            IndicatorVariable.objects.create(
                agency_id=ind.agency_id, indicator=ind, name=name, description=text, position=i
            )
        elif var.description != text or var.position != i:
            var.description, var.position = text, i
            var.save()


def _sync_components(plan: Plan, ind: Indicator, data: IndicatorData) -> None:
    resolved: list[tuple[Indicator, Decimal | None]] = []
    seen: set[int] = set()
    for key, weight in data.components:
        comp = resolve_component(plan, key)
        if comp.pk == ind.pk:
            raise PlanError(_("indikator tidak dapat menjadi komponen dirinya sendiri"), "components")
        if comp.pk in seen:
            raise PlanError(_("komponen %(key)s tercantum dua kali") % {"key": key}, "components")
        seen.add(comp.pk)
        if data.aggregation == "weighted_mean":
            if weight is None:
                raise PlanError(
                    _("komponen %(key)s memerlukan bobot (agregasi rata-rata tertimbang)") % {"key": key},
                    "components",
                )
            if weight <= 0:
                raise PlanError(_("bobot komponen %(key)s harus lebih dari 0") % {"key": key}, "components")
        resolved.append((comp, weight))
    _check_cycle(plan, ind, [c for c, _ in resolved])
    existing = {link.component_id: link for link in ind.component_links.all()}
    keep = {c.pk for c, _ in resolved}
    for pk, link in existing.items():
        if pk not in keep:
            link.delete()
    for i, (comp, weight) in enumerate(resolved):
        current = existing.get(comp.pk)
        if current is None:
            IndicatorComponent.objects.create(
                agency_id=ind.agency_id, indicator=ind, component=comp, weight=weight, position=i
            )
        elif current.weight != weight or current.position != i:
            current.weight, current.position = weight, i
            current.save()


def _check_cycle(plan: Plan, ind: Indicator, components: list[Indicator]) -> None:
    """Refuse a cycle among composites, judged by keys ``UNIT:KODE`` over the plans in force
    (the way the engine reads them), with this indicator's new components."""
    plans = in_force_plan_ids(plan.agency_id) | {plan.pk}
    edges: dict[str, list[str]] = {}
    me = indicator_key(ind)
    for a_owner, a_code, b_owner, b_code, a_pk in IndicatorComponent.objects.filter(
        indicator__plan_id__in=plans
    ).values_list(
        "indicator__owner__code",
        "indicator__code",
        "component__owner__code",
        "component__code",
        "indicator_id",
    ):
        if a_pk == ind.pk:
            continue
        edges.setdefault(f"{a_owner}:{a_code}", []).append(f"{b_owner}:{b_code}")
    edges[me] = [indicator_key(c) for c in components]
    # A cycle through this indicator: ``me`` reachable again from one of its components.
    parent: dict[str, str] = {}
    queue = list(dict.fromkeys(edges[me]))
    for node in queue:
        parent.setdefault(node, me)
    while queue:
        node = queue.pop(0)
        if node == me:
            path = [me]
            step = parent[me]
            while step != me:
                path.append(step)
                step = parent[step]
            path.append(me)
            path.reverse()
            raise PlanError(
                _("komponen membentuk siklus: %(path)s") % {"path": " → ".join(path)}, "components"
            )
        for nxt in edges.get(node, []):
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)


def delete_indicator(user: Any, indicator: Indicator) -> None:
    with _editing(user, indicator.plan) as locked:
        ind = Indicator.objects.select_related("owner").get(pk=indicator.pk, plan=locked)
        why = references_of(ind)
        if why:
            raise PlanError(
                _(
                    "Indikator %(code)s tidak dapat dihapus: %(why)s. Data tersebut tetap membutuhkan indikator "
                    "ini; buat versi Renstra baru bila indikator tidak dipakai lagi."
                )
                % {"code": ind.code, "why": "; ".join(why)}
            )
        ind.delete()


# --- targets ---------------------------------------------------------------------------------


def check_target_type(indicator: Indicator, year: int, target: Target) -> None:
    scale = list(indicator.scale or [])
    if scale and not isinstance(target, QualitativeTarget):
        raise PlanError(
            _("target %(year)s harus salah satu label skala (%(labels)s), bukan angka")
            % {"year": year, "labels": ", ".join(scale)},
            f"t{year}",
        )
    if not scale and isinstance(target, QualitativeTarget):
        raise PlanError(
            _("target %(year)s harus angka atau rentang; indikator ini tidak memiliki skala kualitatif")
            % {"year": year},
            f"t{year}",
        )
    if isinstance(target, QualitativeTarget) and target.label not in scale:
        raise PlanError(
            _("target %(year)s: '%(label)s' tidak ada dalam skala") % {"year": year, "label": target.label},
            f"t{year}",
        )


def save_targets(
    user: Any, indicator: Indicator, targets: dict[int, Target | None], token: str | None
) -> None:
    """Set the Renstra target of every year given (``None`` removes that year's target)."""
    with _editing(user, indicator.plan) as locked:
        ind = Indicator.objects.select_for_update().get(pk=indicator.pk, plan=locked)
        _check_token(token, targets_token(ind), _("Target indikator %(code)s") % {"code": ind.code})
        for year, target in targets.items():
            if not locked.period_start <= year <= locked.period_end:
                raise PlanError(_("tahun %(year)s di luar periode Renstra") % {"year": year}, f"t{year}")
            if target is not None:
                check_target_type(ind, year, target)
        existing = {t.year: t for t in ind.targets.all()}
        for year, target in sorted(targets.items()):
            row = existing.get(year)
            if target is None:
                if row is not None:
                    row.delete()
                continue
            if row is None:
                row = IndicatorTarget(agency_id=ind.agency_id, indicator=ind, year=year)
            elif row.get_target() == target:
                continue
            row.set_target(target)
            row.save()


# --- versions --------------------------------------------------------------------------------


def version_reason(plan: Plan) -> str:
    """The reason given when this version was made (kept on the history rows of the copy)."""
    from django.contrib.contenttypes.models import ContentType

    from kinerja.history.models import CREATE, Change

    row = (
        Change.objects.filter(
            content_type=ContentType.objects.get_for_model(Plan), object_id=str(plan.pk), action=CREATE
        )
        .exclude(note="")
        .order_by("at", "id")
        .first()
    )
    if row is None:
        return ""
    return row.note.removeprefix(VERSION_NOTE)


def new_version(user: Any, plan: Plan, reason: str, label: str = "") -> Plan:
    """Copy ``plan`` (the latest version) into version N+1, a draft; the old one is unchanged."""
    reason = reason.strip()
    if not reason:
        raise PlanError(_("alasan perubahan (reviu) wajib diisi"), "reason")
    with _editing(user, plan, note=f"{VERSION_NOTE}{reason}") as old:
        latest = latest_version(old)
        if latest != old.version:
            raise PlanError(
                _(
                    "versi %(latest)s Renstra ini sudah ada; versi baru hanya dibuat dari versi terakhir "
                    "(ubahlah versi %(latest)s atau tetapkan dulu)"
                )
                % {"latest": latest}
            )
        if old.status == PLAN_DRAFT:
            raise PlanError(
                _(
                    "versi %(version)s masih draf; ubahlah draf ini dan tetapkan, baru kemudian buat versi "
                    "berikutnya"
                )
                % {"version": old.version}
            )
        copy = Plan.objects.create(
            agency_id=old.agency_id,
            unit_id=old.unit_id,
            period_start=old.period_start,
            period_end=old.period_end,
            version=old.version + 1,
            label=label.strip() or old.label,
            vision=old.vision,
            adopted_on=None,
            status=PLAN_DRAFT,
            legal_basis=old.legal_basis,
        )
        for m in Mission.objects.filter(plan=old).order_by("position", "id"):
            Mission.objects.create(
                agency_id=old.agency_id, plan=copy, position=m.position, statement=m.statement
            )
        goals: dict[int, Goal] = {}
        for g in Goal.objects.filter(plan=old).order_by("position", "id"):
            goals[g.pk] = Goal.objects.create(
                agency_id=old.agency_id, plan=copy, code=g.code, statement=g.statement, position=g.position
            )
        objectives: dict[int, Objective] = {}
        old_objectives = list(Objective.objects.filter(plan=old).order_by("position", "id"))
        for o in old_objectives:
            objectives[o.pk] = Objective.objects.create(
                agency_id=old.agency_id,
                plan=copy,
                code=o.code,
                level=o.level,
                statement=o.statement,
                goal=goals.get(o.goal_id) if o.goal_id else None,
                position=o.position,
            )
        for link in ObjectiveSupport.objects.filter(objective__plan=old).order_by("position", "id"):
            target = objectives.get(link.supported_id)
            ObjectiveSupport.objects.create(
                agency_id=old.agency_id,
                objective=objectives[link.objective_id],
                supported_id=target.pk if target else link.supported_id,
                position=link.position,
            )
        indicators: dict[int, Indicator] = {}
        old_indicators = list(
            Indicator.objects.filter(plan=old).order_by("objective__position", "position", "id")
        )
        for i in old_indicators:
            new = Indicator(
                agency_id=old.agency_id, plan=copy, objective=objectives[i.objective_id], owner_id=i.owner_id
            )
            for f in _COPIED_INDICATOR_FIELDS:
                setattr(new, f, getattr(i, f))
            new.save()
            indicators[i.pk] = new
        for v in IndicatorVariable.objects.filter(indicator__plan=old).order_by("position", "id"):
            IndicatorVariable.objects.create(
                agency_id=old.agency_id,
                indicator=indicators[v.indicator_id],
                name=v.name,
                description=v.description,
                position=v.position,
            )
        for c in IndicatorComponent.objects.filter(indicator__plan=old).order_by("position", "id"):
            comp = indicators.get(c.component_id)
            IndicatorComponent.objects.create(
                agency_id=old.agency_id,
                indicator=indicators[c.indicator_id],
                component_id=comp.pk if comp else c.component_id,
                weight=c.weight,
                position=c.position,
            )
        for t in IndicatorTarget.objects.filter(indicator__plan=old).order_by("year"):
            row = IndicatorTarget(agency_id=old.agency_id, indicator=indicators[t.indicator_id], year=t.year)
            row.kind, row.value, row.low, row.high, row.label = t.kind, t.value, t.low, t.high, t.label
            row.save()
        return copy


def adopt(user: Any, plan: Plan, adopted_on: date | None, legal_basis: str = "") -> Plan:
    """Adopt a draft version (the latest): it becomes the plan in force; the version before it
    becomes *digantikan* and stays readable. ``legal_basis`` (the decree) replaces the stored one
    when given."""
    if adopted_on is None:
        raise PlanError(_("tanggal penetapan wajib diisi untuk menetapkan Renstra"), "adopted_on")
    with _editing(user, plan) as locked:
        if locked.status != PLAN_DRAFT:
            raise PlanError(_("Renstra versi %(version)s sudah ditetapkan") % {"version": locked.version})
        latest = latest_version(locked)
        if latest != locked.version:
            raise PlanError(
                _("hanya versi terakhir (versi %(latest)s) yang dapat ditetapkan") % {"latest": latest}
            )
        locked.status = PLAN_ADOPTED
        locked.adopted_on = adopted_on
        if legal_basis.strip():
            locked.legal_basis = legal_basis.strip()
        locked.save()
        return locked


_COPIED_INDICATOR_FIELDS = (
    "code",
    "name",
    "position",
    "definition",
    "unit_of_measure",
    "polarity",
    "max_achievement",
    "formula",
    "data_source",
    "source",
    "frequency",
    "quarter_rule",
    "aggregation",
    "scale",
    "baseline",
    "baseline_year",
)


def plans_of(unit: Unit) -> list[Plan]:
    return list(Plan.objects.filter(unit=unit).order_by("-period_end", "-period_start", "-version"))


def ordered(rows: Iterable[Any]) -> list[Any]:
    return sorted(rows, key=lambda r: (r.position, r.pk))
