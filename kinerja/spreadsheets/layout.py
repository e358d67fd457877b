"""The shape of the Kinerja XLSX workbook (format ``kinerja-xlsx-1``), shared by the template
writer and the upload reader.

Every data sheet has the same frame:

* row 1: title, row 2: what the sheet is for (both for people);
* row 3 (hidden): the machine name of each column (``unit``, ``indicator``, ``period``,
  ``version``, ``target``, ``tw1``, ``var:n``, ``analysis`` ...); the reader finds columns by
  these names, so a moved column is still read right;
* row 4: the column headers (frozen with the rows above);
* row 5 on: one row per record; the key columns (unit, indicator, period, version, fingerprint)
  are hidden and locked.

The hidden sheet ``_kinerja`` names the format, the agency, the unit and the year.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT = "kinerja-xlsx-1"
META_SHEET = "_kinerja"
INSTRUCTIONS_SHEET = "Petunjuk"
TARGETS_SHEET = "Target Renstra"
QUARTERS_SHEET = "Rencana Aksi"
REALIZATIONS_SHEET = "Realisasi"
DATA_SHEETS = (TARGETS_SHEET, QUARTERS_SHEET, REALIZATIONS_SHEET)
KNOWN_SHEETS = (INSTRUCTIONS_SHEET, *DATA_SHEETS, META_SHEET)

TITLE_ROW = 1
SUBTITLE_ROW = 2
KEY_ROW = 3
HEADER_ROW = 4
FIRST_ROW = 5

KEY_COLUMNS = ("unit", "indicator", "period", "version")
FINGERPRINT = "fingerprint"
NARRATIVE_HEADERS = {
    "analysis": "Analisis capaian",
    "supporting": "Faktor pendukung",
    "inhibiting": "Faktor penghambat",
    "follow_up": "Tindak lanjut",
}
QUARTER_KEYS = {1: "tw1", 2: "tw2", 3: "tw3", 4: "tw4"}
PERIOD_LABELS = {None: "Tahunan", 1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}


@dataclass(frozen=True)
class Column:
    key: str  # machine name (hidden row 3)
    header: str  # for people (row 4)
    width: float = 12
    hidden: bool = False


def key_columns(with_fingerprint: bool = False) -> list[Column]:
    cols = [
        Column("unit", "Unit", 8, True),
        Column("indicator", "Indikator (kunci)", 14, True),
        Column("period", "Periode (kunci)", 10, True),
        Column("version", "Versi baris", 10, True),
    ]
    if with_fingerprint:
        cols.append(Column(FINGERPRINT, "Sidik isian", 10, True))
    return cols


def target_columns(year: int) -> list[Column]:
    return [
        *key_columns(),
        Column("objective", "Sasaran", 9),
        Column("code", "Kode", 10),
        Column("name", "Indikator", 50),
        Column("uom", "Satuan", 9),
        Column("kind", "Jenis target", 14),
        Column("target", f"Target {year}", 14),
    ]


def quarter_columns(year: int) -> list[Column]:
    return [
        *key_columns(),
        Column("code", "Kode", 10),
        Column("name", "Indikator", 50),
        Column("uom", "Satuan", 9),
        Column("rule", "Aturan triwulan", 22),
        Column("year_target", f"Target PK {year}", 14),
        *(Column(QUARTER_KEYS[q], f"Target {PERIOD_LABELS[q]}", 12) for q in (1, 2, 3, 4)),
    ]


def realization_columns(variables: list[str]) -> list[Column]:
    return [
        *key_columns(with_fingerprint=True),
        Column("code", "Kode", 10),
        Column("name", "Indikator", 40),
        Column("period_label", "Periode", 9),
        Column("status", "Status", 14),
        Column("target", "Target", 12),
        Column("formula", "Rumus", 14),
        *(Column(f"var:{name}", name, 14) for name in variables),
        Column("value", "Nilai realisasi", 14),
        *(Column(k, v, 40) for k, v in NARRATIVE_HEADERS.items()),
    ]
