"""Write a ``Document`` as an interchange file (YAML or JSON), in the contract's key order.

Fields holding their default are left out, so files stay short; ``parse`` restores the defaults,
so write -> parse gives the same ``Document``. Numbers are written exactly: integers as numbers,
decimals as numbers when a binary float carries them exactly (``99.25``), else as strings
(``"99.2457446809"``), never as a string a reader could take for Indonesian thousands.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import yaml

from kinerja.core.types import (
    Aggregation,
    NumericTarget,
    Polarity,
    QualitativeTarget,
    QuarterRule,
    RangeTarget,
    Target,
)
from kinerja.interchange import document as d


def _number(value: Decimal | int) -> int | float | str:
    if isinstance(value, int):
        return value
    if value == value.to_integral_value() and abs(value) < 10**18:
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) == value and "e" not in repr(as_float).lower():
        return as_float
    text = format(value.normalize(), "f")
    integer, _, fraction = text.partition(".")
    if len(fraction) == 3 and len(integer.lstrip("-")) <= 3:
        text += "0"  # "1.234" would read as Indonesian thousands
    return text


def _target(target: Target) -> Any:
    if isinstance(target, NumericTarget):
        return _number(target.value)
    if isinstance(target, RangeTarget):
        return {"min": _number(target.low), "max": _number(target.high)}
    if isinstance(target, QualitativeTarget):
        return target.label
    raise TypeError(target)


def _put(out: dict[str, Any], key: str, value: Any, default: Any = None) -> None:
    """Set ``key`` unless ``value`` is its default or empty."""
    if value is None or value == default:
        return
    if isinstance(value, str | list | dict) and not value:
        return
    if isinstance(value, Enum):
        value = value.value
    elif isinstance(value, Decimal):
        value = _number(value)
    out[key] = value


def _indicator(ind: d.Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {"code": ind.code, "name": ind.name}
    _put(out, "unit_of_measure", ind.unit_of_measure)
    _put(out, "polarity", ind.polarity, Polarity.HIGHER_IS_BETTER)
    _put(out, "max_achievement", ind.max_achievement)
    _put(out, "formula", ind.formula)
    _put(out, "variables", dict(ind.variables))
    _put(out, "owner", ind.owner)
    _put(out, "components", list(ind.components))
    if ind.components:
        _put(out, "aggregation", ind.aggregation, Aggregation.MEAN)
    _put(out, "weights", {k: _number(v) for k, v in ind.weights.items()})
    _put(out, "scale", list(ind.scale))
    _put(out, "targets", {year: _target(t) for year, t in sorted(ind.targets.items())})
    _put(out, "definition", ind.definition)
    _put(out, "data_source", ind.data_source)
    _put(out, "source", ind.source)
    _put(out, "frequency", ind.frequency)
    _put(out, "quarter_rule", ind.quarter_rule, QuarterRule.LAST)
    _put(out, "baseline", ind.baseline)
    _put(out, "baseline_year", ind.baseline_year)
    return out


def _plan(plan: d.Plan) -> dict[str, Any]:
    out: dict[str, Any] = {"unit": plan.unit, "period": list(plan.period), "version": plan.version}
    _put(out, "label", plan.label)
    _put(out, "adopted_on", plan.adopted_on)
    _put(out, "legal_basis", plan.legal_basis)
    if plan.status != "adopted":
        out["status"] = plan.status
    _put(out, "vision", plan.vision)
    _put(out, "missions", list(plan.missions))
    _put(out, "goals", [{"code": g.code, "statement": g.statement} for g in plan.goals])
    objectives = []
    for obj in plan.objectives:
        o: dict[str, Any] = {"code": obj.code, "level": obj.level}
        _put(o, "goal", obj.goal)
        o["statement"] = obj.statement
        _put(o, "supports", list(obj.supports))
        _put(o, "indicators", [_indicator(i) for i in obj.indicators])
        objectives.append(o)
    _put(out, "objectives", objectives)
    return out


def _signatory(s: d.Signatory | None) -> dict[str, str] | None:
    if s is None or not (s.name or s.title):
        return None
    out: dict[str, str] = {}
    _put(out, "name", s.name)
    _put(out, "title", s.title)
    return out


def document_to_data(doc: d.Document) -> dict[str, Any]:
    """Plain data (dicts, lists, str, int, float, date) in the contract's key order."""
    out: dict[str, Any] = {"format": doc.format, "agency": {"code": doc.agency.code, "name": doc.agency.name}}
    policy: dict[str, Any] = {
        "max_achievement": None
        if doc.policy.max_achievement is None
        else _number(doc.policy.max_achievement),
        "lower_is_better": doc.policy.lower_is_better.value,
    }
    if doc.policy.count_verified:  # only when set, so files without it are written as before
        policy["count_verified"] = True
    out["policy"] = policy
    units = []
    for u in doc.units:
        x: dict[str, Any] = {"code": u.code, "name": u.name, "level": u.level}
        _put(x, "parent", u.parent)
        preds = []
        for p in u.predecessors:
            pred: dict[str, Any] = {"unit": p.unit}
            _put(pred, "since", p.since)
            preds.append(pred)
        _put(x, "predecessors", preds)
        _put(x, "valid_from", u.valid_from)
        _put(x, "valid_to", u.valid_to)
        _put(x, "head_title", u.head_title)
        _put(x, "head_name", u.head_name)
        units.append(x)
    _put(out, "units", units)
    _put(out, "plans", [_plan(p) for p in doc.plans])
    agreements = []
    for a in doc.agreements:
        x = {"unit": a.unit, "year": a.year, "version": a.version}
        _put(x, "label", a.label)
        _put(x, "signed_on", a.signed_on)
        _put(x, "reason", a.reason)
        _put(x, "reason_note", a.reason_note)
        _put(x, "place", a.place)
        if a.status != "signed":
            x["status"] = a.status
        _put(x, "first_party", _signatory(a.first_party))
        _put(x, "second_party", _signatory(a.second_party))
        x["targets"] = {ref: _target(t) for ref, t in a.targets.items()}
        agreements.append(x)
    _put(out, "agreements", agreements)
    _put(
        out,
        "action_plans",
        [
            {
                "unit": ap.unit,
                "year": ap.year,
                "indicator": ap.indicator,
                "quarters": {q: _target(t) for q, t in sorted(ap.quarters.items())},
            }
            for ap in doc.action_plans
        ],
    )
    realizations = []
    for r in doc.realizations:
        period: int | str = r.period.year if r.period.quarter is None else str(r.period)
        x = {"unit": r.unit, "indicator": r.indicator, "period": period}
        if r.value is not None:
            x["value"] = r.value if isinstance(r.value, str) else _number(r.value)
        _put(x, "inputs", {k: _number(v) for k, v in r.inputs.items()})
        _put(x, "evidence", list(r.evidence))
        narrative: dict[str, str] = {}
        for key in ("analysis", "supporting", "inhibiting", "follow_up"):
            _put(narrative, key, getattr(r.narrative, key))
        _put(x, "narrative", narrative)
        _put(x, "status", r.status, "approved")
        realizations.append(x)
    _put(out, "realizations", realizations)
    budgets = []
    for b in doc.budgets:
        x = {"unit": b.unit, "year": b.year, "kind": b.kind}
        _put(x, "date", b.date)
        _put(x, "month", b.month)
        _put(x, "account", b.account)
        _put(x, "objective", b.objective)
        _put(x, "output", b.output)
        x["amount"] = b.amount
        _put(x, "note", b.note)
        budgets.append(x)
    _put(out, "budgets", budgets)
    _put(out, "budget_outputs", [_budget_output(o) for o in doc.budget_outputs])
    _put(out, "texts", [{"unit": t.unit, "year": t.year, "key": t.key, "text": t.text} for t in doc.texts])
    _put(out, "surveys", [_survey(s) for s in doc.surveys])
    _put(
        out,
        "budget_scores",
        [
            {
                "unit": s.unit,
                "year": s.year,
                "kind": s.kind,
                "value": _number(s.value),
                **({"note": s.note} if s.note else {}),
            }
            for s in doc.budget_scores
        ],
    )
    _put(out, "evaluations", [_evaluation(e) for e in doc.evaluations])
    _put(out, "recommendations", [_recommendation(r) for r in doc.recommendations])
    return out


def _survey(s: d.Survey) -> dict[str, Any]:
    x: dict[str, Any] = {"unit": s.unit, "year": s.year, "service": s.service}
    _put(x, "population", s.population)
    if s.responses:
        x["responses"] = [list(r) for r in s.responses]
    else:
        _put(x, "respondents", s.respondents)
        _put(x, "ikm", None if s.ikm is None else _number(s.ikm))
    return x


def _evaluation(e: d.Evaluation) -> dict[str, Any]:
    x: dict[str, Any] = {"unit": e.unit, "year": e.year}
    _put(x, "lke", e.lke)
    _put(x, "score", None if e.score is None else _number(e.score))
    _put(x, "answers", dict(e.answers))
    _put(x, "summary", e.summary)
    return x


def _budget_output(o: d.BudgetOutput) -> dict[str, Any]:
    x: dict[str, Any] = {"unit": o.unit, "year": o.year, "level": o.level, "code": o.code, "name": o.name}
    _put(x, "parent", o.parent)
    _put(x, "objective", o.objective)
    _put(x, "volume_target", None if o.volume_target is None else _number(o.volume_target))
    _put(x, "volume_unit", o.volume_unit)
    _put(x, "volumes", [{"month": v.month, "value": _number(v.value)} for v in o.volumes])
    _put(x, "note", o.note)
    return x


def _recommendation(r: d.Recommendation) -> dict[str, Any]:
    x: dict[str, Any] = {"unit": r.unit, "year": r.year, "source": r.source}
    _put(x, "reference", r.reference)
    x["text"] = r.text
    x["due"] = r.due
    x["status"] = r.status
    _put(x, "closed_on", r.closed_on)
    follow_ups = []
    for f in r.follow_ups:
        item: dict[str, Any] = {"text": f.text}
        _put(item, "date", f.date)
        _put(item, "evidence", f.evidence)
        follow_ups.append(item)
    _put(x, "follow_ups", follow_ups)
    return x


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def dump_document(doc: d.Document, fmt: str = "yaml") -> str:
    data = document_to_data(doc)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    if fmt != "yaml":
        raise ValueError(fmt)
    return str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100))
