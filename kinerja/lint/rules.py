"""The linter's rules: small functions over a ``Context`` (one interchange ``Document``).

Each rule yields ``Finding``s with its code (``L101`` ...), a severity, the place (unit, year,
objective/indicator code, path of keys) and a message in Bahasa Indonesia that says what is wrong
and what to do. ``RULES`` lists every rule with its title; docs/lint.md describes them and which
seed errors each one catches. Pure Python: no Django, no database.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from kinerja.core.formula import evaluate_formula, formula_variables
from kinerja.core.types import (
    Aggregation,
    KinerjaValidationError,
    NumericTarget,
    Target,
)
from kinerja.interchange import document as d
from kinerja.interchange.refs import indicator_key, objective_key, resolve_ref
from kinerja.lint.context import (
    Context,
    IndRef,
    date_text,
    norm,
    num,
    rupiah,
    target_magnitude,
    target_text,
    years_text,
)
from kinerja.lint.findings import Finding, Place, Severity

G, P, INF = Severity.GALAT, Severity.PERINGATAN, Severity.INFO

# Tolerance between a stated realisation and its formula, as the engine (docs/computation.md).
FORMULA_TOLERANCE = Decimal("0.005")

# LKj chapters that come from UnitText (PermenPAN-RB 53/2014 outline; keys as the demo data).
LKJ_TEXT_KEYS: dict[str, str] = {
    "pendahuluan": "Bab I Pendahuluan (gambaran umum)",
    "tugas_fungsi": "Bab I Pendahuluan (tugas dan fungsi)",
    "struktur": "Bab I Pendahuluan (struktur organisasi)",
    "isu_strategis": "Bab I Pendahuluan (isu strategis)",
    "analisis_efisiensi": "Bab III Analisis efisiensi penggunaan sumber daya",
    "penutup": "Bab IV Penutup",
}

NARRATIVE_PARTS = {
    "supporting": "faktor pendukung",
    "inhibiting": "faktor penghambat",
    "follow_up": "tindak lanjut",
}

PLACEHOLDER = re.compile(
    r"-{4,}|\.{5,}|_{4,}|…\s*…|\bTODO\b|\bTBD\b|lorem ipsum|\bx{3,}\b|\[isi[^\]]*\]", re.IGNORECASE
)

LEVEL_RANK = {"SS": 0, "SP": 1, "SK": 2}


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity  # the usual severity (some findings of a rule are raised or lowered)
    title: str
    check: Callable[[Context], Iterator[Finding]]


# --- L0xx references ----------------------------------------------------------------------------


def check_unit_references(ctx: Context) -> Iterator[Finding]:
    """L001: records that name a unit the document does not have."""
    known = set(ctx.units)

    def bad(code: str | None, path: str, what: str) -> Iterator[Finding]:
        if code and code not in known:
            yield Finding(
                "L001",
                G,
                f"{what} menyebut unit '{code}' yang tidak ada di daftar unit.",
                "Tambahkan unit itu ke daftar unit, atau perbaiki kodenya.",
                unit=code,
                path=path,
            )

    for i, u in enumerate(ctx.doc.units):
        yield from bad(u.parent, f"units[{i}].parent", f"Unit {u.code}")
    for i, p in enumerate(ctx.doc.plans):
        yield from bad(p.unit, f"plans[{i}].unit", "Renstra")
    for i, a in enumerate(ctx.doc.agreements):
        yield from bad(a.unit, f"agreements[{i}].unit", f"Perjanjian Kinerja {a.year}")
    for i, r in enumerate(ctx.doc.realizations):
        yield from bad(r.unit, f"realizations[{i}].unit", f"Realisasi {r.indicator} {r.period}")
    for i, b in enumerate(ctx.doc.budgets):
        yield from bad(b.unit, f"budgets[{i}].unit", f"Anggaran {b.kind} {b.year}")
    for i, t in enumerate(ctx.doc.texts):
        yield from bad(t.unit, f"texts[{i}].unit", f"Teks '{t.key}' {t.year}")


# --- L1xx Renstra -------------------------------------------------------------------------------


def _all_indicators(ctx: Context) -> Iterator[IndRef]:
    for refs in ctx.indicators.values():
        yield from refs


def check_missing_targets(ctx: Context) -> Iterator[Finding]:
    """L101: an indicator without a target for a year of its Renstra period."""
    for ref in _all_indicators(ctx):
        plan = ref.plan
        for year in range(plan.period[0], plan.period[1] + 1):
            if year in ref.indicator.targets or not ctx.unit_exists_in(plan.unit, year):
                continue
            yield Finding(
                "L101",
                P,
                f"Indikator {ref.indicator.code} belum punya target Renstra untuk tahun {year} "
                f"(Renstra {plan.period[0]}-{plan.period[1]}).",
                "Isi target tahun itu dari dokumen Renstra; bila dokumen memang tidak memuatnya, catat "
                "alasannya di definisi indikator. Tanpa target, capaian tahun itu n.a.",
                unit=plan.unit,
                year=year,
                objective=ref.objective.code,
                indicator=ref.indicator.code,
                path=f"{ref.path}.targets",
            )


def check_duplicate_codes(ctx: Context) -> Iterator[Finding]:
    """L102 duplicate indicator codes, L103 duplicate objective codes, L104 duplicate indicator
    names, in one Renstra."""
    for pi, plan in enumerate(ctx.doc.plans):
        codes: dict[str, list[tuple[int, int, d.Objective, d.Indicator]]] = defaultdict(list)
        names: dict[str, list[tuple[int, int, d.Objective, d.Indicator]]] = defaultdict(list)
        objs: dict[str, list[tuple[int, d.Objective]]] = defaultdict(list)
        for oi, obj in enumerate(plan.objectives):
            objs[norm(obj.code)].append((oi, obj))
            for ii, ind in enumerate(obj.indicators):
                codes[norm(ind.code)].append((oi, ii, obj, ind))
                if ind.name.strip():
                    names[norm(ind.name)].append((oi, ii, obj, ind))
        for group in codes.values():
            for oi, ii, obj, ind in group[1:]:
                first = group[0]
                yield Finding(
                    "L102",
                    G,
                    f"Kode indikator '{ind.code}' dipakai lebih dari sekali dalam Renstra {plan.unit} "
                    f"{plan.period[0]}-{plan.period[1]} (sasaran {first[2].code} dan {obj.code}): "
                    f"'{first[3].name}' dan '{ind.name}'.",
                    "Beri setiap indikator kode sendiri (mis. IKK 1.1, IKK 1.2); PK, realisasi dan laporan "
                    "merujuk indikator lewat kodenya.",
                    unit=plan.unit,
                    objective=obj.code,
                    indicator=ind.code,
                    path=f"plans[{pi}].objectives[{oi}].indicators[{ii}].code",
                )
        for ogroup in objs.values():
            for oi, obj in ogroup[1:]:
                yield Finding(
                    "L103",
                    G,
                    f"Kode sasaran '{obj.code}' sama dengan sasaran lain dalam Renstra {plan.unit} "
                    f"('{ogroup[0][1].code}': {ogroup[0][1].statement}).",
                    "Beri nomor pada kode sasaran (mis. SK1, SK2, SK3); huruf besar/kecil tidak membedakan kode.",
                    unit=plan.unit,
                    objective=obj.code,
                    path=f"plans[{pi}].objectives[{oi}].code",
                )
        for group in names.values():
            for oi, ii, obj, ind in group[1:]:
                first = group[0]
                yield Finding(
                    "L104",
                    P,
                    f"Indikator {ind.code} bernama sama dengan {first[3].code} dalam Renstra {plan.unit}: "
                    f"'{ind.name}'.",
                    "Periksa apakah salah satunya salin-tempel; beri nama yang membedakan apa yang diukur, "
                    "atau hapus indikator ganda.",
                    unit=plan.unit,
                    objective=obj.code,
                    indicator=ind.code,
                    path=f"plans[{pi}].objectives[{oi}].indicators[{ii}].name",
                )


def check_identical_formulas(ctx: Context) -> Iterator[Finding]:
    """L105: two indicators of one Renstra with the same formula and the same variable meanings."""
    for pi, plan in enumerate(ctx.doc.plans):
        seen: dict[tuple[str, tuple[tuple[str, str], ...]], d.Indicator] = {}
        for oi, obj in enumerate(plan.objectives):
            for ii, ind in enumerate(obj.indicators):
                if not ind.formula or not ind.variables:
                    continue
                key = (
                    ind.formula.replace(" ", ""),
                    tuple(sorted((k, norm(v)) for k, v in ind.variables.items())),
                )
                if key in seen:
                    yield Finding(
                        "L105",
                        P,
                        f"Rumus dan arti variabel indikator {ind.code} sama persis dengan {seen[key].code} "
                        f"({ind.formula}); definisi operasional tidak membedakan keduanya.",
                        "Tulis arti variabel (pembilang/penyebut) yang membedakan apa yang dihitung tiap "
                        "indikator, sesuai manual indikator.",
                        unit=plan.unit,
                        objective=obj.code,
                        indicator=ind.code,
                        path=f"plans[{pi}].objectives[{oi}].indicators[{ii}].variables",
                    )
                else:
                    seen[key] = ind


def check_unit_of_measure(ctx: Context) -> Iterator[Finding]:
    """L106: an indicator without a unit of measure (satuan)."""
    for ref in _all_indicators(ctx):
        if ref.indicator.unit_of_measure.strip():
            continue
        yield Finding(
            "L106",
            P,
            f"Indikator {ref.indicator.code} tidak menyatakan satuan (unit_of_measure).",
            "Isi satuannya (%, indeks, nilai, orang ...): target harus menyatakan angka dan satuan "
            "(Renstra Kemensos 4.1).",
            unit=ref.plan.unit,
            objective=ref.objective.code,
            indicator=ref.indicator.code,
            path=f"{ref.path}.unit_of_measure",
        )


def check_plan_period(ctx: Context) -> Iterator[Finding]:
    """L107: a Renstra covering years in which its unit did not exist."""
    for pi, plan in enumerate(ctx.doc.plans):
        unit = ctx.units.get(plan.unit)
        if unit is None:
            continue
        years = range(plan.period[0], plan.period[1] + 1)
        before = [y for y in years if unit.valid_from and y < unit.valid_from.year]
        after = [y for y in years if unit.valid_to and y > unit.valid_to.year]
        for which, ys, when in (
            ("sebelum unit berdiri", before, unit.valid_from),
            ("setelah unit dibubarkan", after, unit.valid_to),
        ):
            if ys and when is not None:
                yield Finding(
                    "L107",
                    INF,
                    f"Renstra {plan.unit} {plan.period[0]}-{plan.period[1]} memuat tahun {years_text(ys)} "
                    f"{which} ({date_text(when)}); target tahun itu tidak akan diukur.",
                    "Periksa periode Renstra dan masa berlaku unit; bila periode memang disalin dari dokumen, "
                    "biarkan dan jangan isi realisasi tahun tersebut.",
                    unit=plan.unit,
                    path=f"plans[{pi}].period",
                )


def check_plan_identity(ctx: Context) -> Iterator[Finding]:
    """L108: a Renstra without adoption date, or with a blank in its legal basis (drafts: L111)."""
    for pi, plan in enumerate(ctx.doc.plans):
        if plan.status == "draft":
            continue
        missing = []
        if plan.adopted_on is None:
            missing.append("tanggal penetapan (adopted_on) kosong")
        if not plan.legal_basis.strip():
            missing.append("dasar hukum (legal_basis) kosong")
        elif "…" in plan.legal_basis or "..." in plan.legal_basis or PLACEHOLDER.search(plan.legal_basis):
            missing.append(f"dasar hukum berisi bagian kosong: '{plan.legal_basis}'")
        if missing:
            yield Finding(
                "L108",
                INF,
                f"Identitas penetapan Renstra {plan.unit} {plan.period[0]}-{plan.period[1]} belum lengkap: "
                f"{'; '.join(missing)}.",
                "Lengkapi nomor dan tanggal peraturan yang menetapkan Renstra; dokumen PK dan LKj mengutipnya.",
                unit=plan.unit,
                path=f"plans[{pi}]",
            )


def check_draft_plans(ctx: Context) -> Iterator[Finding]:
    """L111: a draft Renstra version: info when an adopted version of the unit covers its years
    (that one stays in force), warning when none does (those years have no plan in force)."""
    for pi, plan in enumerate(ctx.doc.plans):
        if plan.status != "draft":
            continue
        start, end = plan.period
        adopted = [
            p
            for p in ctx.doc.plans
            if p.unit == plan.unit and p.status != "draft" and p.period[0] <= end and start <= p.period[1]
        ]
        covered = {y for p in adopted for y in range(max(start, p.period[0]), min(end, p.period[1]) + 1)}
        uncovered = [y for y in range(start, end + 1) if y not in covered]
        name = f"Renstra {plan.unit} {start}-{end} versi {plan.version}"
        if uncovered:
            yield Finding(
                "L111",
                P,
                f"{name} masih draf dan tidak ada versi yang ditetapkan untuk tahun {years_text(uncovered)}: "
                "capaian tahun itu tidak dapat dihitung dan PK tidak dapat disusun.",
                "Tetapkan draf ini (tanggal penetapan) bila sudah disahkan.",
                unit=plan.unit,
                path=f"plans[{pi}].status",
            )
        else:
            in_force = max(adopted, key=lambda p: (p.period[0], p.version))
            yield Finding(
                "L111",
                INF,
                f"{name} masih draf; yang berlaku tetap versi {in_force.version}.",
                "Tetapkan draf ini bila sudah disahkan; sampai itu perhitungan memakai versi yang ditetapkan.",
                unit=plan.unit,
                path=f"plans[{pi}].status",
            )


def check_foreign_unit_names(ctx: Context) -> Iterator[Finding]:
    """L109: an indicator name that names another unit (copy-paste from that unit's table)."""
    by_code = {code.casefold(): code for code in ctx.units}
    by_first_word: dict[str, list[tuple[str, str]]] = defaultdict(list)  # first word -> (code, name)
    for code, unit in ctx.units.items():
        name = norm(unit.name)
        if len(name) > 12:
            by_first_word[name.split()[0]].append((code, name))
    for ref in _all_indicators(ctx):
        plan = ref.plan
        words = re.findall(r"\w+", ref.indicator.name.casefold())
        name = norm(ref.indicator.name)
        hits = {by_code[w] for w in words if w in by_code}
        for w in set(words):
            hits.update(code for code, unit_name in by_first_word.get(w, ()) if unit_name in name)
        if not hits:
            continue
        own = {plan.unit, ref.indicator.owner or plan.unit}
        related = set(own)
        for u in own:
            related.update(ctx.ancestors(u))
            related.update(ctx.subtree(u))
        for code in sorted(hits - related):
            unit = ctx.units[code]
            yield Finding(
                "L109",
                P,
                f"Nama indikator {ref.indicator.code} milik {plan.unit} menyebut unit lain, "
                f"{unit.name} ({code}): '{ref.indicator.name}'.",
                "Kemungkinan salin-tempel dari tabel unit lain; periksa dokumen sumber dan perbaiki nama "
                "(atau catat bila memang tercetak demikian).",
                unit=plan.unit,
                objective=ref.objective.code,
                indicator=ref.indicator.code,
                path=f"{ref.path}.name",
            )


def check_same_name_other_targets(ctx: Context) -> Iterator[Finding]:
    """L110: the same indicator name in another unit's Renstra with different targets."""
    by_name: dict[str, list[IndRef]] = defaultdict(list)
    for ref in _all_indicators(ctx):
        by_name[norm(ref.indicator.name)].append(ref)
    for refs in by_name.values():
        for ref in refs:
            for other in refs:
                if other is ref or other.plan.unit == ref.plan.unit:
                    continue
                years = sorted(set(ref.indicator.targets) & set(other.indicator.targets))
                differ = [y for y in years if ref.indicator.targets[y] != other.indicator.targets[y]]
                if not differ:
                    continue
                shown = ", ".join(
                    f"{y}: {target_text(ref.indicator.targets[y])} vs {target_text(other.indicator.targets[y])}"
                    for y in differ[:5]
                )
                yield Finding(
                    "L110",
                    P,
                    f"Indikator {ref.indicator.code} ({ref.plan.unit}) bernama sama dengan "
                    f"{other.indicator.code} ({other.plan.unit}) tetapi targetnya berbeda ({shown}).",
                    "Bila keduanya mengukur hal yang sama, samakan targetnya atau jadikan yang satu komponen "
                    "yang lain; bila berbeda, beri nama yang membedakan.",
                    unit=ref.plan.unit,
                    objective=ref.objective.code,
                    indicator=ref.indicator.code,
                    path=f"{ref.path}.name",
                )


# --- L2xx pohon kinerja (cascade) -----------------------------------------------------------------


def check_cascade(ctx: Context) -> Iterator[Finding]:
    """L201 objective supporting nothing while a superior unit has a Renstra; L202 unknown
    ``supports``; L203 support to a unit that is not a superior, or to a level not above."""
    for pi, plan in enumerate(ctx.doc.plans):
        uppers = ctx.ancestors(plan.unit)
        upper_plans = [
            p
            for p in ctx.doc.plans
            if p.unit in uppers and p.period[0] <= plan.period[1] and plan.period[0] <= p.period[1]
        ]
        for oi, obj in enumerate(plan.objectives):
            place: Place = {"unit": plan.unit, "objective": obj.code}
            if not obj.supports and upper_plans:
                units = sorted({p.unit for p in upper_plans})
                yield Finding(
                    "L201",
                    P,
                    f"Sasaran {obj.code} ({obj.level}) {plan.unit} tidak mendukung sasaran mana pun, padahal "
                    f"unit atasannya ({', '.join(units)}) punya Renstra: pohon kinerja terputus.",
                    "Isi 'supports' dengan sasaran unit atasan yang didukung (mis. 'DAYASOS:SP4'); bila "
                    "dokumen tidak menyebutnya, tetapkan bersama perencana unit atasan.",
                    path=f"plans[{pi}].objectives[{oi}].supports",
                    **place,
                )
            for si, ref in enumerate(obj.supports):
                key = resolve_ref(ref, plan.unit)
                targets = ctx.objectives.get(key)
                if not targets:
                    yield Finding(
                        "L202",
                        G,
                        f"Sasaran {obj.code} {plan.unit} mendukung '{ref}' yang tidak dikenal (dicari sebagai {key}).",
                        "Perbaiki rujukan 'supports' menjadi UNIT:KODE sasaran yang ada.",
                        path=f"plans[{pi}].objectives[{oi}].supports[{si}]",
                        **place,
                    )
                    continue
                target = targets[0]
                problems = []
                if target.plan.unit not in uppers:
                    problems.append(f"{target.plan.unit} bukan unit atasan {plan.unit}")
                if LEVEL_RANK.get(target.objective.level, -1) >= LEVEL_RANK.get(obj.level, 9):
                    problems.append(f"tingkat {target.objective.level} tidak di atas {obj.level}")
                if problems:
                    yield Finding(
                        "L203",
                        INF,
                        f"Sasaran {obj.code} {plan.unit} mendukung {key}: {'; '.join(problems)}.",
                        "Periksa pohon kinerja: sasaran kegiatan (SK) mendukung sasaran program (SP) unit "
                        "atasannya, SP mendukung sasaran strategis (SS).",
                        path=f"plans[{pi}].objectives[{oi}].supports[{si}]",
                        **place,
                    )


# --- L3xx composite indicators -------------------------------------------------------------------


def check_composites(ctx: Context) -> Iterator[Finding]:
    """L301 unknown component; L302 component without realisation in a PK year; L303 weights;
    L304 components on different scales."""
    for ref in _all_indicators(ctx):
        ind = ref.indicator
        if not ind.components and not ind.weights:
            continue
        plan = ref.plan
        place: Place = {
            "unit": plan.unit,
            "objective": ref.objective.code,
            "indicator": ind.code,
        }
        comp_keys = []
        for ci, comp in enumerate(ind.components):
            key = resolve_ref(comp, plan.unit)
            if key not in ctx.indicators:
                yield Finding(
                    "L301",
                    G,
                    f"Komponen '{comp}' indikator komposit {ind.code} tidak dikenal (dicari sebagai {key}).",
                    "Perbaiki rujukan komponen menjadi UNIT:KODE indikator yang ada di Renstra unit itu.",
                    path=f"{ref.path}.components[{ci}]",
                    **place,
                )
            else:
                comp_keys.append(key)
        weight_keys = {resolve_ref(k, plan.unit): k for k in ind.weights}
        if ind.aggregation == Aggregation.WEIGHTED_MEAN:
            for key in comp_keys:
                if key not in weight_keys:
                    yield Finding(
                        "L303",
                        G,
                        f"Indikator komposit {ind.code} memakai rata-rata tertimbang, tetapi komponen {key} "
                        "tidak punya bobot.",
                        "Isi bobot (weights) untuk setiap komponen.",
                        path=f"{ref.path}.weights",
                        **place,
                    )
        for key, raw in weight_keys.items():
            if key not in {resolve_ref(c, plan.unit) for c in ind.components}:
                yield Finding(
                    "L303",
                    G,
                    f"Bobot indikator {ind.code} menyebut {raw}, yang bukan komponennya.",
                    "Hapus bobot itu atau tambahkan indikatornya ke daftar komponen.",
                    path=f"{ref.path}.weights.{raw}",
                    **place,
                )
        # components without realisation in the years the composite's unit signs a PK
        for year in ctx.pk_years(plan.unit):
            if not plan.period[0] <= year <= plan.period[1]:
                continue
            missing = [k for k in comp_keys if not ctx.has_record(k, year)]
            if missing:
                severity = G if ind.aggregation == Aggregation.SUM else P
                effect = (
                    "jumlahnya menjadi n.a"
                    if ind.aggregation == Aggregation.SUM
                    else "komponen itu tidak ikut dihitung"
                )
                yield Finding(
                    "L302",
                    severity,
                    f"Komponen indikator komposit {ind.code} belum punya realisasi {year}: "
                    f"{', '.join(missing)} ({effect}).",
                    "Minta unit pemilik komponen mengisi realisasinya sebelum laporan dibuat.",
                    path=f"{ref.path}.components",
                    **Place(**place, year=year),
                )
        # scales: a mean of an index on 0-1 and one on 0-100 has no meaning
        if ind.aggregation in (Aggregation.MEAN, Aggregation.WEIGHTED_MEAN, Aggregation.MIN, Aggregation.MAX):
            magnitudes: dict[str, Decimal] = {}
            uoms: dict[str, str] = {}
            for key in comp_keys:
                comp_ind = ctx.indicators[key][0].indicator
                values = [m for t in comp_ind.targets.values() if (m := target_magnitude(t)) is not None]
                if values and max(values) > 0:
                    magnitudes[key] = max(values)
                if comp_ind.unit_of_measure.strip():
                    uoms[key] = comp_ind.unit_of_measure.strip()
            reasons = []
            if len(magnitudes) > 1 and max(magnitudes.values()) >= 10 * min(magnitudes.values()):
                reasons.append(
                    "besaran target berbeda jauh ("
                    + ", ".join(f"{k} ≤ {num(v)}" for k, v in sorted(magnitudes.items()))
                    + ")"
                )
            if len({norm(u) for u in uoms.values()}) > 1:
                reasons.append(
                    "satuan berbeda (" + ", ".join(f"{k}: {u}" for k, u in sorted(uoms.items())) + ")"
                )
            if reasons:
                yield Finding(
                    "L304",
                    P,
                    f"Komponen indikator komposit {ind.code} tidak sebanding: {'; '.join(reasons)}; "
                    f"rata-rata/min/maks atas skala berbeda tidak bermakna.",
                    "Samakan skala komponen (mis. 0-1 menjadi 0-100) atau pakai bobot yang menormalkan.",
                    path=f"{ref.path}.components",
                    **place,
                )


# --- L4xx Perjanjian Kinerja --------------------------------------------------------------------


def check_agreements(ctx: Context) -> Iterator[Finding]:
    """L401 revision without reason; L402 PK v1 differs from Renstra without explanation; L403 a
    revision identical to the version before; L404 PK names an indicator not in the unit's Renstra;
    L405 Renstra indicator missing from the PK; L406 PK year without Renstra or version gap."""
    for (unit, year), versions in sorted(ctx.agreements.items()):
        plan_item = ctx.plan_for(unit, year)
        numbers = [a.version for _, a in versions]
        if numbers != list(range(1, len(numbers) + 1)):
            yield Finding(
                "L406",
                P,
                f"Versi PK {unit} {year} tidak berurutan dari 1: {', '.join(map(str, numbers))}.",
                "Catat setiap versi PK (PK awal = versi 1, perubahan = 2, 3 ...), agar riwayatnya utuh.",
                unit=unit,
                year=year,
                path=f"agreements[{versions[0][0]}].version",
            )
        if plan_item is None:
            yield Finding(
                "L406",
                G,
                f"PK {unit} {year} tidak punya Renstra unit yang mencakup tahun {year}.",
                "Muat Renstra unit itu; capaian tidak dapat dihitung tanpa sasaran dan indikatornya.",
                unit=unit,
                year=year,
                path=f"agreements[{versions[-1][0]}]",
            )
            continue
        pi, plan = plan_item
        plan_keys = {
            indicator_key(ind, plan): (oi, ii, obj, ind)
            for oi, obj in enumerate(plan.objectives)
            for ii, ind in enumerate(obj.indicators)
        }
        previous: d.Agreement | None = None
        for ai, a in versions:
            label = f"PK {unit} {year} versi {a.version}" + (f" ({a.label})" if a.label else "")
            resolved = {resolve_ref(ref, unit): (ref, t) for ref, t in a.targets.items()}
            if a.version > 1 and a.reason not in d.REVISION_REASONS:
                yield Finding(
                    "L401",
                    G,
                    f"{label} adalah perubahan PK tetapi tidak mencatat alasan a/b/c"
                    + (f" (tercatat '{a.reason}')" if a.reason else "")
                    + ".",
                    "Isi 'reason': a (pergantian pejabat), b (perubahan strategi/kebijakan) atau c (perubahan "
                    "prioritas/asumsi), PermenPAN-RB 53/2014; jelaskan di 'reason_note'.",
                    unit=unit,
                    year=year,
                    path=f"agreements[{ai}].reason",
                )
            if a.version == 1 and not a.reason and not a.reason_note.strip():
                for key, (ref, target) in resolved.items():
                    item = plan_keys.get(key)
                    if item is None:
                        continue
                    renstra = item[3].targets.get(year)
                    if renstra is not None and renstra != target:
                        yield Finding(
                            "L402",
                            P,
                            f"Target {item[3].code} di {label} ({target_text(target)}) berbeda dari target "
                            f"Renstra {year} ({target_text(renstra)}) tanpa penjelasan.",
                            "Jelaskan di 'reason_note' mengapa target PK berbeda dari Renstra (atau catat reviu "
                            "Renstra sebagai versi baru), atau samakan targetnya.",
                            unit=unit,
                            year=year,
                            objective=item[2].code,
                            indicator=item[3].code,
                            path=f"agreements[{ai}].targets.{ref}",
                        )
            if previous is not None and previous.targets == a.targets:
                yield Finding(
                    "L403",
                    INF,
                    f"{label} memuat target yang sama persis dengan versi {previous.version}"
                    + (f" (alasan tercatat: {a.reason})" if a.reason else "")
                    + ".",
                    "Bila perubahan PK tidak mengubah target, pastikan alasannya benar (mis. a: pergantian "
                    "pejabat) dan isi target yang ditandatangani pada lampiran PK perubahan.",
                    unit=unit,
                    year=year,
                    path=f"agreements[{ai}].targets",
                )
            for key, (ref, _) in resolved.items():
                if key in plan_keys:
                    continue
                known = key in ctx.indicators
                yield Finding(
                    "L404",
                    P if known else G,
                    f"{label} menyebut indikator {ref} yang "
                    + (f"bukan bagian Renstra {unit} tahun {year}." if known else "tidak dikenal."),
                    "Tambahkan indikator itu ke Renstra unit (sasaran yang sesuai) atau perbaiki rujukannya.",
                    unit=unit,
                    year=year,
                    indicator=ref,
                    path=f"agreements[{ai}].targets.{ref}",
                )
            previous = a
        ai, latest = versions[-1]
        named = {resolve_ref(ref, unit) for ref in latest.targets}
        for key, (_oi, _ii, obj, ind) in plan_keys.items():
            if key not in named:
                yield Finding(
                    "L405",
                    P,
                    f"Indikator {ind.code} Renstra {unit} tidak ada dalam PK {year} versi {latest.version}; "
                    f"capaian memakai target Renstra ({target_text(ind.targets.get(year))}).",
                    "Tambahkan indikator itu beserta targetnya ke PK, atau keluarkan dari Renstra lewat reviu.",
                    unit=unit,
                    year=year,
                    objective=obj.code,
                    indicator=ind.code,
                    path=f"agreements[{ai}].targets",
                )


# --- L5xx realisations ----------------------------------------------------------------------------


def _denominators(formula: str) -> list[str]:
    """Variable names in the divisor of every division of the formula (``n / T * 100`` -> T)."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        return []
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            for sub in ast.walk(node.right):
                if isinstance(sub, ast.Name) and sub.id not in names:
                    names.append(sub.id)
    return names


def _target_in_force(ctx: Context, unit: str, year: int, key: str, ind: d.Indicator) -> Target | None:
    """The target the engine measures against (``kinerja.figures.inforce``): the signed PK in
    force, else the Renstra's; a draft PK never sets one."""
    force = ctx.in_force(unit, year)
    if force is not None and key in force.targets:
        return force.targets[key]
    return ind.targets.get(year)


def check_missing_realizations(ctx: Context) -> Iterator[Finding]:
    """L501: an indicator measured in a PK year without a realisation (or one left empty without
    explanation)."""
    for (unit, year), versions in sorted(ctx.agreements.items()):
        plan_item = ctx.plan_for(unit, year)
        keys: dict[str, tuple[str | None, str]] = {}
        if plan_item is not None:
            for obj in plan_item[1].objectives:
                for ind in obj.indicators:
                    keys[indicator_key(ind, plan_item[1])] = (obj.code, ind.code)
        force = ctx.in_force(unit, year)
        if force is not None and force.agreement is not None:
            # the indicator set in force: a draft PK changes nothing, a signed revision's removal does
            for key in force.removed:
                keys.pop(key, None)
            for ref in force.agreement.targets:
                keys.setdefault(resolve_ref(ref, unit), (None, ref))
        else:
            _ai, latest = versions[-1]
            for ref in latest.targets:
                keys.setdefault(resolve_ref(ref, unit), (None, ref))
        for key, (obj_code, code) in keys.items():
            if ctx.has_record(key, year):
                continue
            records = ctx.records.get((key, year), [])
            explained = [(i, r) for i, r in records if r.narrative.analysis.strip()]
            if explained:
                i, _ = explained[0]
                yield Finding(
                    "L501",
                    INF,
                    f"Realisasi {code} {unit} {year} dicatat tanpa nilai (N.A) dengan penjelasan.",
                    "Tidak perlu tindakan bila penjelasannya benar; capaian indikator ini n.a dan tidak "
                    "ikut dirata-ratakan.",
                    unit=unit,
                    year=year,
                    objective=obj_code,
                    indicator=code,
                    path=f"realizations[{i}].value",
                )
                continue
            yield Finding(
                "L501",
                G,
                f"Indikator {code} {unit} punya target PK {year} tetapi belum punya realisasi "
                "(nilai atau masukan rumus)" + (" — catatan realisasinya kosong" if records else "") + ".",
                "Isi realisasinya; bila memang belum dapat diukur (mis. belum dievaluasi), catat realisasi "
                "tanpa nilai dengan penjelasan di narasi analisis, agar laporan menulis N.A beserta alasannya.",
                unit=unit,
                year=year,
                objective=obj_code,
                indicator=code,
                path=f"realizations[{records[0][0]}]" if records else "realizations",
            )


def check_realization_values(ctx: Context) -> Iterator[Finding]:
    """L502 stated value differs from the formula over the inputs; L503 inputs that the formula
    cannot use; L506 realisation of an unknown indicator."""
    for i, r in enumerate(ctx.doc.realizations):
        key = resolve_ref(r.indicator, r.unit)
        refs = ctx.indicators.get(key)
        place: Place = {"unit": r.unit, "year": r.period.year, "indicator": r.indicator}
        if not refs:
            yield Finding(
                "L506",
                G,
                f"Realisasi {r.period} menyebut indikator '{r.indicator}' yang tidak dikenal (dicari sebagai {key}).",
                "Perbaiki rujukan indikator (KODE indikator unit, atau UNIT:KODE).",
                path=f"realizations[{i}].indicator",
                **place,
            )
            continue
        ind = refs[0].indicator
        if not r.inputs:
            continue
        if not ind.formula:
            yield Finding(
                "L503",
                G,
                f"Realisasi {ind.code} {r.period} punya masukan ({', '.join(r.inputs)}) tetapi indikatornya "
                "tidak punya rumus.",
                "Isi rumus indikator (mis. n / T * 100) atau catat realisasi sebagai nilai.",
                path=f"realizations[{i}].inputs",
                **place,
            )
            continue
        try:
            missing = sorted(formula_variables(ind.formula) - set(r.inputs))
        except KinerjaValidationError as exc:
            yield Finding(
                "L503",
                G,
                f"Rumus indikator {ind.code} tidak dapat dibaca: {exc}",
                "Perbaiki rumus: hanya + - * /, kurung, angka, nama variabel, min, max, abs, round.",
                path=f"{refs[0].path}.formula",
                **place,
            )
            continue
        if missing:
            yield Finding(
                "L503",
                G,
                f"Realisasi {ind.code} {r.period}: masukan {', '.join(missing)} belum ada untuk rumus {ind.formula}.",
                "Lengkapi masukan rumus (nilai mentah pembilang dan penyebut) dari bukti dukung.",
                path=f"realizations[{i}].inputs",
                **place,
            )
            continue
        try:
            computed = evaluate_formula(ind.formula, r.inputs)
        except KinerjaValidationError as exc:
            yield Finding(
                "L503",
                G,
                f"Rumus {ind.formula} tidak dapat dihitung atas masukan realisasi {ind.code} {r.period}: {exc}",
                "Periksa masukan (mis. penyebut 0).",
                path=f"realizations[{i}].inputs",
                **place,
            )
            continue
        if isinstance(r.value, Decimal) and abs(r.value - computed) > FORMULA_TOLERANCE:
            shown_inputs = ", ".join(f"{k} = {num(v)}" for k, v in r.inputs.items())
            yield Finding(
                "L502",
                G,
                f"Nilai realisasi {ind.code} {r.period} tercatat {num(r.value)}, tetapi rumus {ind.formula} atas "
                f"masukannya ({shown_inputs}) memberi {num(computed.quantize(Decimal('0.0001')))}; "
                "yang dipakai adalah hasil rumus.",
                "Periksa masukan dan nilai tercatat terhadap bukti dukung; perbaiki yang salah agar angka di "
                "laporan dapat ditelusuri ke masukannya.",
                path=f"realizations[{i}].value",
                **place,
            )


def _annual_inputs(ctx: Context, key: str, year: int) -> tuple[int, d.Realization] | None:
    for i, r in ctx.records.get((key, year), []):
        if r.period.quarter is None and r.inputs:
            return i, r
    return None


def check_denominators(ctx: Context) -> Iterator[Finding]:
    """L504 the same formula's denominator differs between indicators of one objective; L505 the
    denominator is the target (the formula computes capaian, not realisasi)."""
    years = sorted({r.period.year for r in ctx.doc.realizations})
    for plan in ctx.doc.plans:
        for obj in plan.objectives:
            groups: dict[str, list[tuple[int, d.Indicator]]] = defaultdict(list)
            for ii, ind in enumerate(obj.indicators):
                if ind.formula:
                    groups[ind.formula.replace(" ", "")].append((ii, ind))
            for year in years:
                if not plan.period[0] <= year <= plan.period[1]:
                    continue
                for members in groups.values():
                    formula = members[0][1].formula or ""
                    for var in _denominators(formula):
                        values: dict[Decimal, list[tuple[int, d.Indicator, int]]] = defaultdict(list)
                        for ii, ind in members:
                            found = _annual_inputs(ctx, indicator_key(ind, plan), year)
                            if found and var in found[1].inputs:
                                values[found[1].inputs[var]].append((ii, ind, found[0]))
                        if len(values) < 2:
                            continue
                        majority = max(values.values(), key=len)
                        main_value = next(v for v, m in values.items() if m is majority)
                        main_desc = {norm(m[1].variables.get(var, "")) for m in majority}
                        for value, others in values.items():
                            if others is majority:
                                continue
                            for _ii, ind, ri in others:
                                same_meaning = norm(ind.variables.get(var, "")) in main_desc and bool(
                                    ind.variables.get(var, "").strip()
                                )
                                yield Finding(
                                    "L504",
                                    G if same_meaning else P,
                                    f"Penyebut {var} rumus {formula} untuk {ind.code} {year} adalah {num(value)}, "
                                    f"sedangkan {', '.join(m[1].code for m in majority)} pada sasaran {obj.code} "
                                    f"memakai {num(main_value)}"
                                    + (" dengan arti variabel yang sama" if same_meaning else "")
                                    + ".",
                                    "Pastikan penyebutnya sesuai definisi indikator (populasi yang sama, bukan "
                                    "sampel atau responden lain); bila memang berbeda, jelaskan artinya di variabel "
                                    "indikator.",
                                    unit=plan.unit,
                                    year=year,
                                    objective=obj.code,
                                    indicator=ind.code,
                                    path=f"realizations[{ri}].inputs.{var}",
                                )
    for (key, year), records in ctx.records.items():
        refs = ctx.indicators.get(key)
        if not refs or not refs[0].indicator.formula:
            continue
        ref = refs[0]
        for i, r in records:
            if r.period.quarter is not None or not r.inputs:
                continue
            target = _target_in_force(ctx, r.unit, year, key, ref.indicator)
            if not isinstance(target, NumericTarget) or target.value == 0:
                continue
            for var in _denominators(ref.indicator.formula or ""):
                if r.inputs.get(var) == target.value:
                    yield Finding(
                        "L505",
                        P,
                        f"Penyebut {var} = {num(target.value)} pada realisasi {ref.indicator.code} {year} sama "
                        f"dengan targetnya: rumus {ref.indicator.formula} lalu menghitung capaian, bukan "
                        "realisasi, dan capaian akan dibagi target dua kali.",
                        "Catat realisasi sebagai nilai terukur (mis. nilai SMART 97,99) tanpa membaginya dengan "
                        "target; Kinerja menghitung capaian = realisasi / target sendiri.",
                        unit=r.unit,
                        year=year,
                        objective=ref.objective.code,
                        indicator=ref.indicator.code,
                        path=f"realizations[{i}].inputs.{var}",
                    )


def check_realization_records(ctx: Context) -> Iterator[Finding]:
    """L507 annual realisation in a PK year without evidence; L508 not yet approved; L702 analysis
    empty; L703 supporting/inhibiting/follow-up empty."""
    for i, r in enumerate(ctx.doc.realizations):
        if r.period.quarter is not None or (r.unit, r.period.year) not in ctx.agreements:
            continue
        if r.value is None and not r.inputs:
            continue  # N.A records: L501
        place: Place = {"unit": r.unit, "year": r.period.year, "indicator": r.indicator}
        if not r.evidence:
            yield Finding(
                "L507",
                INF,
                f"Realisasi {r.indicator} {r.period} belum punya bukti dukung.",
                "Lampirkan bukti dukung (berita acara, laporan, tangkapan aplikasi) sebelum verifikasi.",
                path=f"realizations[{i}].evidence",
                **place,
            )
        if r.status != "approved":
            yield Finding(
                "L508",
                INF,
                f"Realisasi {r.indicator} {r.period} berstatus '{r.status}', belum disetujui.",
                "Selesaikan verifikasi dan persetujuan sebelum laporan dibuat.",
                path=f"realizations[{i}].status",
                **place,
            )
        if not r.narrative.analysis.strip():
            yield Finding(
                "L702",
                P,
                f"Narasi analisis capaian {r.indicator} {r.period} masih kosong.",
                "Tulis analisis capaian (sebab berhasil/gagal, perbandingan, upaya) untuk Bab III LKj.",
                path=f"realizations[{i}].narrative.analysis",
                **place,
            )
        empty = [label for attr, label in NARRATIVE_PARTS.items() if not getattr(r.narrative, attr).strip()]
        if empty:
            yield Finding(
                "L703",
                INF,
                f"Narasi realisasi {r.indicator} {r.period} belum memuat {', '.join(empty)}.",
                "Lengkapi bagian narasi itu bila LKj memuatnya untuk indikator ini.",
                path=f"realizations[{i}].narrative",
                **place,
            )


# --- L6xx budget ----------------------------------------------------------------------------------


def check_budget_chain(ctx: Context) -> Iterator[Finding]:
    """L601 pagu awal + revisions != pagu akhir; L602 realisation above pagu; L603 revision
    without date or note; L606 parts above the whole; L607 revisions or realisation without pagu."""
    groups: dict[tuple[str, int, str], dict[str, list[tuple[int, d.BudgetEntry]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for i, b in enumerate(ctx.doc.budgets):
        if b.kind != "renstra":
            groups[(b.unit, b.year, b.account.strip())][b.kind].append((i, b))
    for (unit, year, account), kinds in sorted(groups.items()):
        where = f" akun '{account}'" if account else ""
        place: Place = {"unit": unit, "year": year, "indicator": None}
        awal, revs, akhir = kinds.get("pagu_awal", []), kinds.get("revisi", []), kinds.get("pagu_akhir", [])
        for kind, entries in (("pagu awal", awal), ("pagu akhir", akhir)):
            if len(entries) > 1:
                yield Finding(
                    "L601",
                    G,
                    f"Anggaran {unit} {year}{where} mencatat {len(entries)} {kind}.",
                    f"Satu unit-tahun-akun hanya punya satu {kind}; perubahan dicatat sebagai revisi.",
                    path=f"budgets[{entries[1][0]}]",
                    **place,
                )
        total_rev = sum(b.amount for _, b in revs)
        if awal and akhir:
            expected = awal[0][1].amount + total_rev
            actual = akhir[0][1].amount
            if expected != actual:
                yield Finding(
                    "L601",
                    G,
                    f"Pagu {unit} {year}{where} tidak cocok: pagu awal {rupiah(awal[0][1].amount)} + "
                    f"{len(revs)} revisi {rupiah(total_rev)} = {rupiah(expected)}, sedangkan pagu akhir "
                    f"{rupiah(actual)} (selisih {rupiah(actual - expected)}).",
                    "Lengkapi atau perbaiki revisi (jumlah dan tanda +/-) sampai pagu awal + revisi = pagu "
                    "akhir; angka revisi yang dibulatkan di narasi jangan dicatat sebagai revisi.",
                    path=f"budgets[{akhir[0][0]}].amount",
                    **place,
                )
        elif revs and not awal:
            yield Finding(
                "L607",
                P,
                f"Anggaran {unit} {year}{where} mencatat revisi tanpa pagu awal.",
                "Isi pagu awal (DIPA awal) agar rangkaian revisi dapat diperiksa.",
                path=f"budgets[{revs[0][0]}]",
                **place,
            )
        pagu = akhir[0][1].amount if akhir else (awal[0][1].amount + total_rev if awal else None)
        for kind in ("realisasi", "realisasi_bulanan"):
            for i, b in kinds.get(kind, []):
                if pagu is None:
                    yield Finding(
                        "L607",
                        P,
                        f"Realisasi anggaran {unit} {year}{where} {rupiah(b.amount)} tanpa pagu.",
                        "Isi pagu (awal/akhir) agar penyerapan dapat dihitung.",
                        path=f"budgets[{i}]",
                        **place,
                    )
                elif b.amount > pagu:
                    month = f" bulan {b.month}" if b.month else ""
                    yield Finding(
                        "L602",
                        G,
                        f"Realisasi anggaran {unit} {year}{where}{month} {rupiah(b.amount)} melebihi pagu "
                        f"{rupiah(pagu)} (selisih {rupiah(b.amount - pagu)}).",
                        "Periksa angka realisasi (OM-SPAN) dan pagu akhir; realisasi tidak dapat melebihi pagu.",
                        path=f"budgets[{i}].amount",
                        **place,
                    )
        for i, b in revs:
            missing = []
            if b.date is None:
                missing.append("tanggal")
            if not b.note.strip():
                missing.append("keterangan/alasan")
            if missing:
                yield Finding(
                    "L603",
                    P if "keterangan/alasan" in missing else INF,
                    f"Revisi anggaran {unit} {year}{where} {rupiah(b.amount)} tanpa {' dan '.join(missing)}.",
                    "Catat tanggal dan alasan setiap revisi (nomor/tanggal revisi DIPA); LKj memuat kronologi "
                    "anggaran.",
                    path=f"budgets[{i}]",
                    **place,
                )
    # parts (named accounts) above the whole unit, per kind
    parts_of: dict[tuple[str, int, str], list[tuple[int, d.BudgetEntry]]] = defaultdict(list)
    for (unit, year, account), kinds in groups.items():
        if account:
            for kind, items in kinds.items():
                parts_of[(unit, year, kind)].extend(items)
    for (unit, year, account), kinds in sorted(groups.items()):
        if account:
            continue
        for kind in ("pagu_akhir", "pagu_awal", "realisasi"):
            whole = kinds.get(kind)
            if not whole:
                continue
            parts = sorted(parts_of.get((unit, year, kind), []), key=lambda item: item[0])
            total = sum(b.amount for _, b in parts)
            if parts and total > whole[0][1].amount:
                yield Finding(
                    "L606",
                    P,
                    f"Jumlah rincian akun {kind} {unit} {year} ({rupiah(total)}) melebihi {kind} unit "
                    f"({rupiah(whole[0][1].amount)}).",
                    "Rincian akun adalah bagian dari pagu unit; periksa angka rinciannya.",
                    unit=unit,
                    year=year,
                    path=f"budgets[{parts[0][0]}]",
                )


def _is_total_account(account: str) -> bool:
    return bool(re.match(r"\s*(total|jumlah)\b", account, re.IGNORECASE))


def check_renstra_totals(ctx: Context) -> Iterator[Finding]:
    """L604 Renstra funding rows that do not add up to the stated total; L605 a unit's need above its
    superior's."""
    entries: dict[tuple[str, int], list[tuple[int, d.BudgetEntry]]] = defaultdict(list)
    for i, b in enumerate(ctx.doc.budgets):
        if b.kind == "renstra":
            entries[(b.unit, b.year)].append((i, b))
    # (a) an account "A" and accounts "A - x" of the same unit-year: A is their total
    for (unit, year), items in sorted(entries.items()):
        for i, total in items:
            acc = total.account.strip()
            if not acc:
                continue
            parts = [
                b
                for _, b in items
                if b is not total and re.match(re.escape(acc) + r"\s*[-–/:]\s*\S", b.account.strip())
            ]
            if parts and sum(b.amount for b in parts) != total.amount:
                s = sum(b.amount for b in parts)
                yield Finding(
                    "L604",
                    G,
                    f"Kebutuhan pendanaan Renstra {unit} {year} '{acc}' tercatat {rupiah(total.amount)}, tetapi "
                    f"rinciannya ({len(parts)} baris) berjumlah {rupiah(s)} (selisih {rupiah(total.amount - s)}).",
                    "Periksa tabel kerangka pendanaan: perbaiki baris rincian atau jumlahnya, dan catat di "
                    "keterangan bila dokumen sumber memang salah hitung.",
                    unit=unit,
                    year=year,
                    path=f"budgets[{i}].amount",
                )
    # (b) a ministry's need, or an account named "Total ..."/"Jumlah ...": the sum of the units below
    for (unit, year), items in sorted(entries.items()):
        child_items = [(c, b) for c in ctx.children.get(unit, []) for _, b in entries.get((c, year), [])]
        if not child_items:
            continue
        own = sum(b.amount for _, b in items)
        below = sum(b.amount for _, b in child_items)
        level = ctx.units[unit].level if unit in ctx.units else ""
        is_total = level == "kementerian" or any(_is_total_account(b.account) for _, b in items)
        if is_total and own != below:
            yield Finding(
                "L604",
                G,
                f"Total kebutuhan pendanaan Renstra {unit} {year} tercatat {rupiah(own)}, sedangkan jumlah unit "
                f"di bawahnya ({len({c for c, _ in child_items})} unit) {rupiah(below)} "
                f"(selisih {rupiah(own - below)}).",
                "Periksa tabel kerangka pendanaan: jumlah baris unit harus sama dengan totalnya; cari sel yang "
                "salah ketik dan catat di keterangan bila dokumen sumber memang salah hitung.",
                unit=unit,
                year=year,
                path=f"budgets[{items[0][0]}].amount",
            )
        elif not is_total:
            for child in sorted({c for c, _ in child_items}):
                if not ctx.unit_exists_in(child, year):
                    continue
                amount = sum(b.amount for c, b in child_items if c == child)
                if amount > own:
                    ci = next(i for i, _ in entries[(child, year)])
                    yield Finding(
                        "L605",
                        P,
                        f"Kebutuhan pendanaan Renstra {child} {year} ({rupiah(amount)}) melebihi kebutuhan "
                        f"unit atasannya {unit} ({rupiah(own)}).",
                        "Unit bawahan adalah bagian dari unit atasan: periksa apakah Renstra atasan sudah "
                        "memuat program unit ini (mis. setelah reorganisasi) dan selaraskan angkanya.",
                        unit=child,
                        year=year,
                        path=f"budgets[{ci}].amount",
                    )


# --- L7xx narrative -------------------------------------------------------------------------------


def check_texts(ctx: Context) -> Iterator[Finding]:
    """L701: LKj chapter texts missing for a unit-year with a PK."""
    have = {(t.unit, t.year, t.key): (i, t) for i, t in enumerate(ctx.doc.texts)}
    for unit, year in sorted(ctx.agreements):
        for key, chapter in LKJ_TEXT_KEYS.items():
            item = have.get((unit, year, key))
            if item is not None and item[1].text.strip():
                continue
            yield Finding(
                "L701",
                P,
                f"Teks '{key}' ({chapter}) LKj {unit} {year} belum diisi.",
                f"Isi teks '{key}' untuk unit-tahun ini (texts: unit, year, key, text) sebelum LKj dibuat.",
                unit=unit,
                year=year,
                path=f"texts[{item[0]}].text" if item else "texts",
            )


def check_placeholders(ctx: Context) -> Iterator[Finding]:
    """L704: template blanks left in narrative text (``(---------)``, ``TODO``, ``[isi ...]``)."""

    def scan(text: str, path: str, what: str, place: Place) -> Iterator[Finding]:
        m = PLACEHOLDER.search(text)
        if m:
            start = max(m.start() - 30, 0)
            excerpt = text[start : m.end() + 30].replace("\n", " ")
            yield Finding(
                "L704",
                P,
                f"{what} masih memuat isian kosong '{m.group(0)}': …{excerpt}…",
                "Ganti isian kosong dengan isi sebenarnya, atau hapus.",
                path=path,
                **place,
            )

    for i, t in enumerate(ctx.doc.texts):
        yield from scan(t.text, f"texts[{i}].text", f"Teks '{t.key}'", Place(unit=t.unit, year=t.year))
    for i, r in enumerate(ctx.doc.realizations):
        for attr in ("analysis", "supporting", "inhibiting", "follow_up"):
            yield from scan(
                getattr(r.narrative, attr),
                f"realizations[{i}].narrative.{attr}",
                f"Narasi realisasi {r.indicator} {r.period}",
                Place(unit=r.unit, year=r.period.year, indicator=r.indicator),
            )
    for i, a in enumerate(ctx.doc.agreements):
        yield from scan(
            a.reason_note,
            f"agreements[{i}].reason_note",
            "Catatan perubahan PK",
            Place(unit=a.unit, year=a.year),
        )
    for ref in _all_indicators(ctx):
        for attr in ("definition", "name"):
            yield from scan(
                getattr(ref.indicator, attr),
                f"{ref.path}.{attr}",
                f"Indikator {ref.indicator.code}",
                Place(unit=ref.plan.unit, objective=ref.objective.code, indicator=ref.indicator.code),
            )


RULES: tuple[Rule, ...] = (
    Rule("L001", G, "Rujukan unit tidak dikenal", check_unit_references),
    Rule("L101", P, "Target Renstra kosong untuk tahun periode", check_missing_targets),
    Rule("L102", G, "Kode indikator ganda dalam satu Renstra", check_duplicate_codes),
    Rule("L103", G, "Kode sasaran ganda dalam satu Renstra", check_duplicate_codes),
    Rule("L104", P, "Nama indikator ganda dalam satu Renstra", check_duplicate_codes),
    Rule("L105", P, "Rumus dan arti variabel sama pada dua indikator", check_identical_formulas),
    Rule("L106", P, "Indikator tanpa satuan", check_unit_of_measure),
    Rule("L107", INF, "Renstra memuat tahun di luar masa berlaku unit", check_plan_period),
    Rule("L108", INF, "Identitas penetapan Renstra belum lengkap", check_plan_identity),
    Rule("L109", P, "Nama indikator menyebut unit lain", check_foreign_unit_names),
    Rule(
        "L110", P, "Indikator bernama sama di unit lain dengan target berbeda", check_same_name_other_targets
    ),
    Rule("L111", INF, "Renstra versi draf (belum ditetapkan)", check_draft_plans),
    Rule("L201", P, "Sasaran tidak mendukung sasaran unit atasan", check_cascade),
    Rule("L202", G, "Rujukan 'supports' tidak dikenal", check_cascade),
    Rule("L203", INF, "Dukungan ke unit bukan atasan atau tingkat tidak di atasnya", check_cascade),
    Rule("L301", G, "Komponen indikator komposit tidak dikenal", check_composites),
    Rule("L302", P, "Komponen tanpa realisasi pada tahun PK", check_composites),
    Rule("L303", G, "Bobot komponen tidak lengkap atau salah", check_composites),
    Rule("L304", P, "Komponen berbeda skala atau satuan", check_composites),
    Rule("L401", G, "PK perubahan tanpa alasan a/b/c", check_agreements),
    Rule("L402", P, "Target PK versi 1 berbeda dari Renstra tanpa penjelasan", check_agreements),
    Rule("L403", INF, "PK perubahan sama dengan versi sebelumnya", check_agreements),
    Rule("L404", G, "PK menyebut indikator di luar Renstra unit", check_agreements),
    Rule("L405", P, "Indikator Renstra tidak ada dalam PK", check_agreements),
    Rule("L406", P, "PK tanpa Renstra atau versi tidak berurutan", check_agreements),
    Rule("L501", G, "Realisasi belum ada untuk indikator PK", check_missing_realizations),
    Rule("L502", G, "Nilai realisasi berbeda dari rumus atas masukannya", check_realization_values),
    Rule("L503", G, "Masukan realisasi tidak sesuai rumus", check_realization_values),
    Rule("L504", P, "Penyebut rumus berbeda antar-indikator satu sasaran", check_denominators),
    Rule("L505", P, "Penyebut rumus sama dengan target (menghitung capaian)", check_denominators),
    Rule("L506", G, "Realisasi untuk indikator tidak dikenal", check_realization_values),
    Rule("L507", INF, "Realisasi tanpa bukti dukung", check_realization_records),
    Rule("L508", INF, "Realisasi belum disetujui", check_realization_records),
    Rule("L601", G, "Pagu awal + revisi tidak sama dengan pagu akhir", check_budget_chain),
    Rule("L602", G, "Realisasi anggaran melebihi pagu", check_budget_chain),
    Rule("L603", P, "Revisi anggaran tanpa tanggal atau keterangan", check_budget_chain),
    Rule("L604", G, "Rincian kebutuhan pendanaan Renstra tidak sama dengan totalnya", check_renstra_totals),
    Rule("L605", P, "Kebutuhan pendanaan unit melebihi unit atasannya", check_renstra_totals),
    Rule("L606", P, "Rincian akun melebihi pagu unit", check_budget_chain),
    Rule("L607", P, "Revisi atau realisasi anggaran tanpa pagu", check_budget_chain),
    Rule("L701", P, "Teks bab LKj belum diisi", check_texts),
    Rule("L702", P, "Narasi analisis realisasi kosong", check_realization_records),
    Rule("L703", INF, "Faktor pendukung/penghambat/tindak lanjut kosong", check_realization_records),
    Rule("L704", P, "Teks berisi isian kosong", check_placeholders),
)

RULE_TITLES: dict[str, str] = {r.code: r.title for r in RULES}


def checks() -> list[Callable[[Context], Iterator[Finding]]]:
    """Every check function once, in rule order."""
    result: list[Callable[[Context], Iterator[Finding]]] = []
    for rule in RULES:
        if rule.check not in result:
            result.append(rule.check)
    return result


__all__ = ["RULES", "RULE_TITLES", "Rule", "checks", "objective_key"]
