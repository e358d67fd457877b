"""Export packs for the systems a ministry reports to (docs/api.md, "Export packs").

* ``evaluation_pack(unit, year)``: a ZIP of what KemenPAN-RB's SAKIP evaluation (PermenPAN-RB
  88/2021) asks a unit for per year: the Renstra (matrix, with its indicators: IKU), the IKU list,
  the Perjanjian Kinerja in force, the Rencana Aksi, the Laporan Kinerja (with the APIP reviu
  statement when one is recorded over the current figures), the data itself (interchange v1), and
  a ``manifest.json`` naming each file, its SHA-256 and the evaluation component it serves. Every
  document is made by ``kinerja.reports.service.generate`` (as ``kinerja report``); one that cannot
  be made (no PK that year ...) is left out and the manifest says why.
* ``smart_csv(unit, year)``: the budget-performance inputs SMART (DJA, PMK 22/2021) reads, in long
  form: pagu, realisation and absorption, the monthly withdrawal plan (RPD) against the monthly
  realisation, and the official capaian of each PK indicator. The receiving format was not
  available to check; the columns follow the regulation's inputs, not a file SMART publishes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kinerja.core import budget as budget_rules
from kinerja.core.numbers import round_half_up
from kinerja.core.types import KinerjaValidationError, NumericTarget, QualitativeTarget, RangeTarget, Target
from kinerja.figures.inforce import plan_for
from kinerja.interchange import document as d
from kinerja.interchange.refs import indicator_key
from kinerja.interchange.write import dump_document
from kinerja.reports.assemble import assemble_unit_year
from kinerja.reports.service import (
    document_from_database,
    generate,
    provenance_for,
    reviu_from_database,
    reviu_still_true,
)

CAVEAT_EVALUATION = (
    "Susunan berkas mengikuti komponen evaluasi AKIP (PermenPAN-RB 88/2021): perencanaan, pengukuran, "
    "pelaporan, evaluasi internal. Format unggah aplikasi evaluasi KemenPAN-RB (ESR) tidak tersedia untuk "
    "diperiksa; berkas diberikan apa adanya untuk diunggah per komponen."
)
CAVEAT_SMART = (
    "Kolom mengikuti masukan penilaian kinerja anggaran PMK 22/2021 (penyerapan, konsistensi RPD, capaian). "
    "Format impor aplikasi SMART DJA tidak tersedia untuk diperiksa; capaian yang dicantumkan adalah capaian "
    "indikator PK (resmi), bukan capaian Rincian Output (RO)."
)


@dataclass
class Pack:
    content: bytes
    filename: str
    manifest: dict[str, Any] = field(default_factory=dict)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _target_text(target: Target | None) -> str:
    if target is None:
        return ""
    if isinstance(target, NumericTarget):
        return format(target.value.normalize(), "f")
    if isinstance(target, RangeTarget):
        return f"{format(target.low.normalize(), 'f')}-{format(target.high.normalize(), 'f')}"
    if isinstance(target, QualitativeTarget):
        return target.label
    return ""  # pragma: no cover


def _safe(value: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def iku_csv(doc: d.Document, unit: str, year: int) -> bytes | None:
    """The indicators of the unit's Renstra in force for ``year`` with their targets (the IKU
    list), or ``None`` without a Renstra."""
    plan = plan_for(doc, unit, year)
    if plan is None:
        return None
    out = io.StringIO()
    writer = csv.writer(out)
    years = list(range(plan.period[0], plan.period[1] + 1))
    writer.writerow(
        ["kode_unit", "sasaran", "kode_indikator", "indikator", "satuan", "polaritas", "rumus"]
        + [f"target_{y}" for y in years]
    )
    for obj in plan.objectives:
        for ind in obj.indicators:
            key = indicator_key(ind, plan)
            writer.writerow(
                [
                    _safe(x)
                    for x in (
                        unit,
                        obj.code,
                        key,
                        ind.name,
                        ind.unit_of_measure,
                        ind.polarity.value,
                        ind.formula or "",
                    )
                ]
                + [_target_text(ind.targets.get(y)) for y in years]
            )
    return out.getvalue().encode("utf-8-sig")


# (kind, format, evaluation component) of each document of the pack, in order
_DOCUMENTS = (
    ("renstra", "xlsx", "perencanaan: Renstra"),
    ("pk", "pdf", "perencanaan: Perjanjian Kinerja"),
    ("pk", "docx", "perencanaan: Perjanjian Kinerja"),
    ("rencana-aksi", "xlsx", "perencanaan: Rencana Aksi"),
    ("lkj", "pdf", "pelaporan: Laporan Kinerja (dengan pernyataan reviu APIP bila tercatat)"),
    ("lkj", "docx", "pelaporan: Laporan Kinerja"),
)


def evaluation_pack(unit: Any, year: int) -> Pack:
    """The ZIP for KemenPAN-RB's evaluation of ``unit`` (an ``organizations.Unit``) in ``year``."""
    doc = document_from_database(unit)
    reviu = reviu_from_database(unit, year)
    files: list[tuple[str, bytes, str]] = []
    missing: list[dict[str, str]] = []
    for number, (kind, fmt, component) in enumerate(_DOCUMENTS, start=1):
        try:
            output = generate(doc, kind, unit.code, year, fmt, reviu=reviu if kind == "lkj" else None)
        except KinerjaValidationError as exc:
            missing.append({"document": f"{kind}.{fmt}", "component": component, "reason": str(exc)})
            continue
        files.append((f"{number:02d}_{output.filename}", output.content, component))
    iku = iku_csv(doc, unit.code, year)
    if iku is not None:
        files.insert(1, (f"01b_IKU_{unit.code}_{year}.csv", iku, "perencanaan: Indikator Kinerja Utama"))
    else:
        missing.append(
            {"document": "IKU", "component": "perencanaan", "reason": "tidak ada Renstra yang berlaku"}
        )
    data = dump_document(doc).encode("utf-8")
    files.append(
        (f"data/kinerja-{unit.code}.yaml", data, "pengukuran: data realisasi dan capaian (interchange v1)")
    )
    provenance = provenance_for(doc)
    manifest = {
        "unit": unit.code,
        "agency": unit.agency.code,
        "year": year,
        "generated_at": provenance.generated_at.isoformat(),
        "generator": provenance.generator,
        "data_hash": provenance.data_hash,
        "reviu": None
        if reviu is None
        else {
            "reviewed_on": reviu.reviewed_on.isoformat(),
            "reviewer": reviu.reviewer_name,
            # a reviu over figures that changed since is not printed in the LKj
            "matches_current_figures": reviu_still_true(doc, unit.code, year, reviu),
        },
        "files": [
            {"name": name, "component": component, "sha256": _sha(content), "bytes": len(content)}
            for name, content, component in files
        ],
        "missing": missing,
        "caveat": CAVEAT_EVALUATION,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content, _component in files:
            archive.writestr(name, content)
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return Pack(buffer.getvalue(), f"Evaluasi_SAKIP_{unit.code}_{year}.zip", manifest)


def _dec(value: Decimal | None) -> str:
    return "" if value is None else format(round_half_up(value, 2), "f")


def smart_csv(unit: Any, year: int) -> bytes:
    """The budget-performance inputs of ``unit`` in ``year`` (long form, one value per row)."""
    doc = document_from_database(unit)
    report = assemble_unit_year(doc, unit.code, year)
    budget = report.budget
    rows: list[list[str]] = []

    def add(
        measure: str,
        value: Any,
        month: int | None = None,
        code: str = "",
        unit_of_measure: str = "",
        note: str = "",
    ) -> None:
        rows.append(
            [
                unit.code,
                str(year),
                "" if month is None else str(month),
                measure,
                _safe(code),
                "" if value is None else str(value),
                unit_of_measure,
                _safe(note),
            ]
        )

    add("pagu", budget.pagu, unit_of_measure="rupiah")
    add("realisasi_anggaran", budget.realization, unit_of_measure="rupiah")
    add("penyerapan", _dec(budget.total.absorption if budget.total else None), unit_of_measure="persen")
    whole = [
        b for b in doc.budgets if b.unit == unit.code and b.year == year and not b.account and not b.objective
    ]
    planned: dict[int, int] = {}
    realised: dict[int, int] = {}
    for b in whole:
        if b.month is not None and b.kind in ("rpd", "realisasi_bulanan"):
            into = planned if b.kind == "rpd" else realised
            into[b.month] = into.get(b.month, 0) + b.amount
    for month in range(1, 13):
        if month in planned:
            add("rpd", planned[month], month, unit_of_measure="rupiah")
        if month in realised:
            add("realisasi_bulanan", realised[month], month, unit_of_measure="rupiah")
    if planned:  # the regulation's formulas: kinerja.core.budget (one home)
        add("konsistensi_rpd", _dec(budget_rules.consistency(realised, planned)), unit_of_measure="persen")
        add("deviasi_rpd", _dec(budget_rules.rpd_deviation(realised, planned)), unit_of_measure="persen")
    for ind in report.indicators:
        add(
            "capaian_indikator_pk",
            _dec(ind.result.achievement),
            code=ind.key,
            unit_of_measure="persen",
            note="n.a" if ind.result.achievement is None else "",
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kode_unit", "tahun", "bulan", "ukuran", "kode", "nilai", "satuan", "keterangan"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")
