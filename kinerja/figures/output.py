"""``kinerja compute``: one unit-year computed from a ``Document`` alone (no database), and its
output: the contract's JSON (``../shared/interchange-v1.md``) and a plain-text table.

The figures are ``kinerja.figures.unit_year.figures_for``, the same that every page and document
shows: official unless ``--provisional`` asks for everything entered (labelled sementara).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kinerja.core.numbers import contract_decimal, show_target, show_value
from kinerja.core.types import (
    IndicatorResult,
    NumericTarget,
    QualitativeTarget,
    RangeTarget,
    RealizationValue,
    Target,
    UnitResult,
)
from kinerja.figures.counting import Basis
from kinerja.figures.unit_year import compute_document
from kinerja.interchange.document import Document


def compute_file(
    path: str | Path, unit: str, year: int, max_bytes: int | None = None, basis: Basis = Basis.OFFICIAL
) -> UnitResult:
    from kinerja.interchange.parse import load_document

    return compute_document(load_document(path, max_bytes=max_bytes), unit, year, basis)


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


def result_to_json(result: UnitResult, basis: Basis | None = None) -> dict[str, Any]:
    """The contract's JSON object (interchange-v1.md), keys in the contract's order; extensions:
    ``target_min``/``target_max`` for a range target, ``notes`` per objective, ``basis``
    (``official`` or ``provisional``) when given."""
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
    out: dict[str, Any] = {
        "unit": result.unit,
        "year": result.year,
        "achievement": contract_decimal(result.achievement),
        "objectives": objectives,
        "notes": notes,
    }
    if basis is not None:
        out["basis"] = basis.value
    return out


def skm_json(doc: Document, unit: str, year: int) -> dict[str, Any] | None:
    """Extension ``skm``: the unit's SKM result (``kinerja.figures.skm.unit_skm``: its own
    services, or rolled up from the units beneath), None when there is none."""
    from kinerja.figures.skm import unit_skm

    found = unit_skm(doc, unit, year)
    if found is None:
        return None
    return {
        "ikm": contract_decimal(found.ikm),
        "respondents": found.respondents,
        "mutu": found.mutu,
        "kinerja": found.band.description if found.band else None,
        "rolled_up": found.rolled_up,
        "services": [
            {
                "unit": s.unit,
                "service": s.service,
                "ikm": contract_decimal(s.ikm),
                "respondents": s.respondents,
                "mutu": s.mutu,
            }
            for s in found.services
        ],
    }


def budget_json(doc: Document, unit: str, year: int) -> dict[str, Any] | None:
    """Extension ``budget``: the unit-year's budget (``kinerja.figures.budget.unit_budget``: its own
    entries, or summed from the units beneath), None when there is none. Money in whole rupiah;
    ``penyerapan`` and the scores as decimal strings; each score's predicate and whether it was
    entered (``*_diinput``) or computed; where the unit's own data allow, EKA's parts computed
    from them (``konsistensi``, ``capaian_ro``, ``efisiensi`` (ERO), ``nilai_efisiensi`` (NE))."""
    from kinerja.figures.budget import budget_months, budget_outputs, unit_budget

    found = unit_budget(doc, unit, year)
    if found is None:
        return None
    out: dict[str, Any] = {
        "pagu_akhir": found.pagu_akhir,
        "realisasi": found.realisasi,
        "penyerapan": contract_decimal(found.penyerapan),
        "rolled_up_from": list(found.rolled_up),
    }
    for kind in ("eka", "ikpa", "nka"):
        score = found.scores.get(kind)
        if score is None:
            continue
        out[kind] = contract_decimal(score.value)
        out[f"{kind}_predikat"] = score.predicate.label if score.predicate else None
        out[f"{kind}_diinput"] = score.entered
    outputs = budget_outputs(doc, unit, year)
    for key, value in (
        ("konsistensi", budget_months(doc, unit, year).consistency),
        ("capaian_ro", outputs.capaian_ro),
        ("efisiensi", outputs.efisiensi),
        ("nilai_efisiensi", outputs.nilai_efisiensi),
    ):
        if value is not None:
            out[key] = contract_decimal(value)
    return out


def render_table(result: UnitResult, basis: Basis = Basis.OFFICIAL) -> str:
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
        f"Capaian kinerja {result.unit} tahun {result.year}"
        + (" (ANGKA SEMENTARA)" if basis is Basis.PROVISIONAL else " (angka resmi)"),
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
