"""English for the calculation notes of the engine and the figures (``kinerja.core``,
``kinerja.figures``), translated where they are shown, never where they are made.

The notes are part of the official Indonesian output (``kinerja compute``, the LKj, the stored
results) and stay as they are there. A page in English passes each note through ``translate``
(template filter ``{{ note|engine_text }}``, ``templatetags/glossary.py``): a known sentence is
matched by its pattern and rewritten with the same values (numbers keep their written form); a
note with a code in front (``SK1: …``) is translated after the code; an unknown note is shown
unchanged rather than guessed. The patterns follow the f-strings of kinerja/core/achievement.py,
kinerja/core/aggregation.py, kinerja/core/engine.py, kinerja/figures/inforce.py, quarters.py, sources.py and unit_year.py;
tests/web/test_engine_text.py computes each with the engine and checks the English.
"""

from __future__ import annotations

import re

from django.utils.translation import get_language

WORDS = {
    "batas indikator": "indicator cap",
    "batas instansi": "agency cap",
    "bawah": "lower",
    "atas": "upper",
    "jumlah": "sum",
    "rata-rata": "average",
    "terakhir": "last",
    "dijumlahkan": "summed",
    "dirata-rata": "averaged",
}


def _w(word: str) -> str:
    return WORDS.get(word, word)


PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), e)
    for p, e in [
        (
            r"^capaian (?P<a>\S+) dibatasi menjadi (?P<b>\S+) \((?P<who>[^)]*)\)$",
            "achievement {a} capped to {b} ({who})",
        ),
        (r"^capaian ditetapkan (?P<a>\S+) \((?P<who>[^)]*)\)$", "achievement set to {a} ({who})"),
        (
            r"^tanpa batas maksimum capaian, nilainya tidak dapat ditetapkan \(n\.a\)$",
            "no maximum achievement set, so no value can be given (n.a)",
        ),
        (r"^realisasi belum ada$", "no realisation yet"),
        (r"^target belum ada$", "no target yet"),
        (
            r"^realisasi berupa label \('(?P<a>.*)'\) sedangkan target berupa angka \(n\.a\)$",
            "the realisation is a label ('{a}') but the target is a number (n.a)",
        ),
        (
            r"^target rentang tidak sah: batas bawah (?P<a>\S+) > batas atas (?P<b>\S+) \(n\.a\)$",
            "invalid target range: lower bound {a} > upper bound {b} (n.a)",
        ),
        (
            r"^realisasi di luar rentang target; dibandingkan dengan batas (?P<who>bawah|atas) (?P<a>\S+)$",
            "realisation outside the target range; compared with the {who} bound {a}",
        ),
        (
            r"^target negatif \((?P<a>\S+)\): capaian tidak dihitung \(n\.a\)$",
            "negative target ({a}): achievement not computed (n.a)",
        ),
        (
            r"^capaian \(2 − R/T\) × 100 = (?P<a>\S+) negatif; dipakai 0$",
            "achievement (2 − R/T) × 100 = {a} is negative; 0 is used",
        ),
        (
            r"^realisasi negatif \((?P<a>\S+)\) tidak dapat dihitung dengan rumus T/R \(n\.a\)$",
            "a negative realisation ({a}) cannot be computed with the formula T/R (n.a)",
        ),
        (
            r"^target berupa label \('(?P<a>.*)'\) tetapi indikator tidak punya skala \(n\.a\)$",
            "the target is a label ('{a}') but the indicator has no scale (n.a)",
        ),
        (
            r"^realisasi berupa angka sedangkan target berupa label '(?P<a>.*)' \(n\.a\)$",
            "the realisation is a number but the target is a label '{a}' (n.a)",
        ),
        (
            r"^target '(?P<a>.*)' tidak ada dalam skala \((?P<b>.*)\) \(n\.a\)$",
            "target '{a}' is not in the scale ({b}) (n.a)",
        ),
        (
            r"^realisasi '(?P<a>.*)' tidak ada dalam skala \((?P<b>.*)\) \(n\.a\)$",
            "realisation '{a}' is not in the scale ({b}) (n.a)",
        ),
        (
            r"^komponen (?P<a>\S+): realisasi berupa label \('(?P<b>.*)'\), tidak dihitung$",
            "component {a}: the realisation is a label ('{b}'), not counted",
        ),
        (
            r"^realisasi dari data triwulan \(TW (?P<a>[^;]+); (?P<who>jumlah|rata-rata|terakhir): TW (?P<b>[IV]+)\)$",
            "realisation from the quarters' data (Q {a}; {who}: Q {b})",
        ),
        (
            r"^realisasi dari data triwulan \(TW (?P<a>[^;]+); (?P<who>jumlah|rata-rata|terakhir)\)$",
            "realisation from the quarters' data (Q {a}; {who})",
        ),
        (
            r"^realisasi triwulan berupa label tidak dapat (?P<who>dijumlahkan|dirata-rata) \(n\.a\)$",
            "a quarter's realisation given as a label cannot be {who} (n.a)",
        ),
        (r"^n\.a, tidak dihitung dalam rata-rata: (?P<a>.*)$", "n.a, left out of the average: {a}"),
        (
            r"^sasaran n\.a, tidak dihitung dalam rata-rata unit: (?P<a>.*)$",
            "objectives n.a, left out of the unit's average: {a}",
        ),
        (r"^semua komponen tanpa realisasi: (?P<a>.*)$", "no component has a realisation: {a}"),
        (
            r"^komponen tanpa realisasi, tidak dihitung: (?P<a>.*)$",
            "components without a realisation, not counted: {a}",
        ),
        (
            r"^jumlah tidak lengkap, komponen tanpa realisasi: (?P<a>.*) \(n\.a\)$",
            "incomplete sum, components without a realisation: {a} (n.a)",
        ),
        (r"^tidak ada komponen$", "no components"),
        (
            r"^PK (?P<a>\d+) versi (?P<b>\d+) masih draf \(belum ditandatangani\); tidak dipakai$",
            "PK {a} version {b} is still a draft (not signed); not used",
        ),
        (
            r"^target dari Perjanjian Kinerja (?P<a>\d+) versi (?P<b>\d+)(?P<c>.*)$",
            "targets from the Performance Agreement (PK) {a} version {b}{c}",
        ),
        (
            r"^tidak ada di PK (?P<a>\d+); memakai target Renstra$",
            "not in the PK {a}; the Renstra target is used",
        ),
        (
            r"^tidak ada indikator dalam PK (?P<a>\d+) yang berlaku; tidak diukur$",
            "no indicator in the PK {a} in force; not measured",
        ),
        (
            r"^triwulan (?P<a>\S+): realisasi triwulan ini diukur terhadap target Rencana Aksi triwulan ini$",
            "quarter {a}: this quarter's realisation is measured against this quarter's Action Plan target",
        ),
        (r"^realisasi diambil dari (?P<a>.*)$", "realisation taken from {a}"),
        (
            r"^sumber realisasi (?P<a>.*) untuk (?P<b>\S+) tahun (?P<c>\d+) belum tersedia$",
            "realisation source {a} for {b} year {c} is not available yet",
        ),
        (
            r"^angka resmi: hanya realisasi yang disetujui; (?P<a>\d+) nilai belum disetujui tidak dihitung \((?P<b>.*)\)$",
            "official figures: approved realisations only; {a} values not yet approved are not counted ({b})",
        ),
        (
            r"^ANGKA SEMENTARA: dihitung dari semua realisasi yang sudah diisi; semua nilai sudah disetujui$",
            "PROVISIONAL FIGURES: computed from every realisation entered; every value is approved",
        ),
        (
            r"^ANGKA SEMENTARA: dihitung dari semua realisasi yang sudah diisi; (?P<a>\d+) nilai belum disetujui \((?P<b>.*)\)$",
            "PROVISIONAL FIGURES: computed from every realisation entered; {a} values not yet approved ({b})",
        ),
    ]
]
PREFIXED = re.compile(r"^(?P<code>[^:\s][^:]{0,40}): (?P<rest>.+)$")


def english(note: str) -> str:
    """The English of one note; the note itself when no pattern knows it."""
    for pattern, template in PATTERNS:
        found = pattern.match(note)
        if found:
            return template.format(**{k: _w(v) for k, v in found.groupdict().items()})
    prefixed = PREFIXED.match(note)
    if prefixed:
        rest = english(prefixed.group("rest"))
        if rest != prefixed.group("rest"):
            return f"{prefixed.group('code')}: {rest}"
    return note


def translate(note: object) -> str:
    """``note`` in the active language: English when English is chosen, else as written."""
    text = str(note)
    if (get_language() or "").startswith("en"):
        return english(text)
    return text
