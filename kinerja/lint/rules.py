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

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    "supporting": gettext_lazy("faktor pendukung"),
    "inhibiting": gettext_lazy("faktor penghambat"),
    "follow_up": gettext_lazy("tindak lanjut"),
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
                _("%(what)s menyebut unit '%(code)s' yang tidak ada di daftar unit.")
                % {"what": what, "code": code},
                _("Tambahkan unit itu ke daftar unit, atau perbaiki kodenya."),
                unit=code,
                path=path,
            )

    for i, u in enumerate(ctx.doc.units):
        yield from bad(u.parent, f"units[{i}].parent", _("Unit %(code)s") % {"code": u.code})
    for i, p in enumerate(ctx.doc.plans):
        yield from bad(p.unit, f"plans[{i}].unit", "Renstra")
    for i, a in enumerate(ctx.doc.agreements):
        yield from bad(a.unit, f"agreements[{i}].unit", _("Perjanjian Kinerja %(year)s") % {"year": a.year})
    for i, r in enumerate(ctx.doc.realizations):
        yield from bad(
            r.unit,
            f"realizations[{i}].unit",
            _("Realisasi %(indicator)s %(period)s") % {"indicator": r.indicator, "period": r.period},
        )
    for i, b in enumerate(ctx.doc.budgets):
        yield from bad(
            b.unit, f"budgets[{i}].unit", _("Anggaran %(kind)s %(year)s") % {"kind": b.kind, "year": b.year}
        )
    for i, t in enumerate(ctx.doc.texts):
        yield from bad(
            t.unit, f"texts[{i}].unit", _("Teks '%(key)s' %(year)s") % {"key": t.key, "year": t.year}
        )


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
                _(
                    "Indikator %(code)s belum punya target Renstra untuk tahun %(year)s (Renstra %(plan_period_0)s-%(plan_period_1)s)."
                )
                % {
                    "code": ref.indicator.code,
                    "year": year,
                    "plan_period_0": plan.period[0],
                    "plan_period_1": plan.period[1],
                },
                _(
                    "Isi target tahun itu dari dokumen Renstra; bila dokumen memang tidak memuatnya, catat alasannya di definisi indikator. Tanpa target, capaian tahun itu n.a."
                ),
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
                    _(
                        "Kode indikator '%(code)s' dipakai lebih dari sekali dalam Renstra %(unit)s %(plan_period_0)s-%(plan_period_1)s (sasaran %(first_2_code)s dan %(code2)s): '%(first_3_name)s' dan '%(name)s'."
                    )
                    % {
                        "code": ind.code,
                        "unit": plan.unit,
                        "plan_period_0": plan.period[0],
                        "plan_period_1": plan.period[1],
                        "first_2_code": first[2].code,
                        "code2": obj.code,
                        "first_3_name": first[3].name,
                        "name": ind.name,
                    },
                    _(
                        "Beri setiap indikator kode sendiri (mis. IKK 1.1, IKK 1.2); PK, realisasi dan laporan merujuk indikator lewat kodenya."
                    ),
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
                    _(
                        "Kode sasaran '%(code)s' sama dengan sasaran lain dalam Renstra %(unit)s ('%(ogroup_0_1_code)s': %(ogroup_0_1_statement)s)."
                    )
                    % {
                        "code": obj.code,
                        "unit": plan.unit,
                        "ogroup_0_1_code": ogroup[0][1].code,
                        "ogroup_0_1_statement": ogroup[0][1].statement,
                    },
                    _(
                        "Beri nomor pada kode sasaran (mis. SK1, SK2, SK3); huruf besar/kecil tidak membedakan kode."
                    ),
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
                    _(
                        "Indikator %(code)s bernama sama dengan %(first_3_code)s dalam Renstra %(unit)s: '%(name)s'."
                    )
                    % {"code": ind.code, "first_3_code": first[3].code, "unit": plan.unit, "name": ind.name},
                    _(
                        "Periksa apakah salah satunya salin-tempel; beri nama yang membedakan apa yang diukur, atau hapus indikator ganda."
                    ),
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
                        _(
                            "Rumus dan arti variabel indikator %(code)s sama persis dengan %(seen_key_code)s (%(formula)s); definisi operasional tidak membedakan keduanya."
                        )
                        % {"code": ind.code, "seen_key_code": seen[key].code, "formula": ind.formula},
                        _(
                            "Tulis arti variabel (pembilang/penyebut) yang membedakan apa yang dihitung tiap indikator, sesuai manual indikator."
                        ),
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
            _("Indikator %(code)s tidak menyatakan satuan (unit_of_measure).") % {"code": ref.indicator.code},
            _(
                "Isi satuannya (%, indeks, nilai, orang ...): target harus menyatakan angka dan satuan (Renstra Kemensos 4.1)."
            ),
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
            (_("sebelum unit berdiri"), before, unit.valid_from),
            (_("setelah unit dibubarkan"), after, unit.valid_to),
        ):
            if ys and when is not None:
                yield Finding(
                    "L107",
                    INF,
                    _(
                        "Renstra %(unit)s %(plan_period_0)s-%(plan_period_1)s memuat tahun %(years_text_ys)s %(which)s (%(date_text_when)s); target tahun itu tidak akan diukur."
                    )
                    % {
                        "unit": plan.unit,
                        "plan_period_0": plan.period[0],
                        "plan_period_1": plan.period[1],
                        "years_text_ys": years_text(ys),
                        "which": which,
                        "date_text_when": date_text(when),
                    },
                    _(
                        "Periksa periode Renstra dan masa berlaku unit; bila periode memang disalin dari dokumen, biarkan dan jangan isi realisasi tahun tersebut."
                    ),
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
            missing.append(_("tanggal penetapan (adopted_on) kosong"))
        if not plan.legal_basis.strip():
            missing.append(_("dasar hukum (legal_basis) kosong"))
        elif "…" in plan.legal_basis or "..." in plan.legal_basis or PLACEHOLDER.search(plan.legal_basis):
            missing.append(_("dasar hukum berisi bagian kosong: '%(text)s'") % {"text": plan.legal_basis})
        if missing:
            yield Finding(
                "L108",
                INF,
                _(
                    "Identitas penetapan Renstra %(unit)s %(plan_period_0)s-%(plan_period_1)s belum lengkap: %(items)s."
                )
                % {
                    "unit": plan.unit,
                    "plan_period_0": plan.period[0],
                    "plan_period_1": plan.period[1],
                    "items": "; ".join(missing),
                },
                _(
                    "Lengkapi nomor dan tanggal peraturan yang menetapkan Renstra; dokumen PK dan LKj mengutipnya."
                ),
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
                _(
                    "%(name)s masih draf dan tidak ada versi yang ditetapkan untuk tahun %(years_text_uncovered)s: capaian tahun itu tidak dapat dihitung dan PK tidak dapat disusun."
                )
                % {"name": name, "years_text_uncovered": years_text(uncovered)},
                _("Tetapkan draf ini (tanggal penetapan) bila sudah disahkan."),
                unit=plan.unit,
                path=f"plans[{pi}].status",
            )
        else:
            in_force = max(adopted, key=lambda p: (p.period[0], p.version))
            yield Finding(
                "L111",
                INF,
                _("%(name)s masih draf; yang berlaku tetap versi %(version)s.")
                % {"name": name, "version": in_force.version},
                _(
                    "Tetapkan draf ini bila sudah disahkan; sampai itu perhitungan memakai versi yang ditetapkan."
                ),
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
                _(
                    "Nama indikator %(code)s milik %(unit)s menyebut unit lain, %(name)s (%(code2)s): '%(name2)s'."
                )
                % {
                    "code": ref.indicator.code,
                    "unit": plan.unit,
                    "name": unit.name,
                    "code2": code,
                    "name2": ref.indicator.name,
                },
                _(
                    "Kemungkinan salin-tempel dari tabel unit lain; periksa dokumen sumber dan perbaiki nama (atau catat bila memang tercetak demikian)."
                ),
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
                    _(
                        "Indikator %(code)s (%(unit)s) bernama sama dengan %(code2)s (%(unit2)s) tetapi targetnya berbeda (%(shown)s)."
                    )
                    % {
                        "code": ref.indicator.code,
                        "unit": ref.plan.unit,
                        "code2": other.indicator.code,
                        "unit2": other.plan.unit,
                        "shown": shown,
                    },
                    _(
                        "Bila keduanya mengukur hal yang sama, samakan targetnya atau jadikan yang satu komponen yang lain; bila berbeda, beri nama yang membedakan."
                    ),
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
                    _(
                        "Sasaran %(code)s (%(level)s) %(unit)s tidak mendukung sasaran mana pun, padahal unit atasannya (%(items)s) punya Renstra: pohon kinerja terputus."
                    )
                    % {"code": obj.code, "level": obj.level, "unit": plan.unit, "items": ", ".join(units)},
                    _(
                        "Isi 'supports' dengan sasaran unit atasan yang didukung (mis. 'DAYASOS:SP4'); bila dokumen tidak menyebutnya, tetapkan bersama perencana unit atasan."
                    ),
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
                        _(
                            "Sasaran %(code)s %(unit)s mendukung '%(ref)s' yang tidak dikenal (dicari sebagai %(key)s)."
                        )
                        % {"code": obj.code, "unit": plan.unit, "ref": ref, "key": key},
                        _("Perbaiki rujukan 'supports' menjadi UNIT:KODE sasaran yang ada."),
                        path=f"plans[{pi}].objectives[{oi}].supports[{si}]",
                        **place,
                    )
                    continue
                target = targets[0]
                problems = []
                if target.plan.unit not in uppers:
                    problems.append(f"{target.plan.unit} bukan unit atasan {plan.unit}")
                if LEVEL_RANK.get(target.objective.level, -1) >= LEVEL_RANK.get(obj.level, 9):
                    problems.append(
                        _("tingkat %(level)s tidak di atas %(below)s")
                        % {"level": target.objective.level, "below": obj.level}
                    )
                if problems:
                    yield Finding(
                        "L203",
                        INF,
                        _("Sasaran %(code)s %(unit)s mendukung %(key)s: %(items)s.")
                        % {"code": obj.code, "unit": plan.unit, "key": key, "items": "; ".join(problems)},
                        _(
                            "Periksa pohon kinerja: sasaran kegiatan (SK) mendukung sasaran program (SP) unit atasannya, SP mendukung sasaran strategis (SS)."
                        ),
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
                    _(
                        "Komponen '%(comp)s' indikator komposit %(code)s tidak dikenal (dicari sebagai %(key)s)."
                    )
                    % {"comp": comp, "code": ind.code, "key": key},
                    _("Perbaiki rujukan komponen menjadi UNIT:KODE indikator yang ada di Renstra unit itu."),
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
                        _(
                            "Indikator komposit %(code)s memakai rata-rata tertimbang, tetapi komponen %(key)s tidak punya bobot."
                        )
                        % {"code": ind.code, "key": key},
                        _("Isi bobot (weights) untuk setiap komponen."),
                        path=f"{ref.path}.weights",
                        **place,
                    )
        for key, raw in weight_keys.items():
            if key not in {resolve_ref(c, plan.unit) for c in ind.components}:
                yield Finding(
                    "L303",
                    G,
                    _("Bobot indikator %(code)s menyebut %(raw)s, yang bukan komponennya.")
                    % {"code": ind.code, "raw": raw},
                    _("Hapus bobot itu atau tambahkan indikatornya ke daftar komponen."),
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
                    _(
                        "Komponen indikator komposit %(code)s belum punya realisasi %(year)s: %(items)s (%(effect)s)."
                    )
                    % {"code": ind.code, "year": year, "items": ", ".join(missing), "effect": effect},
                    _("Minta unit pemilik komponen mengisi realisasinya sebelum laporan dibuat."),
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
                    _(
                        "Komponen indikator komposit %(code)s tidak sebanding: %(items)s; rata-rata/min/maks atas skala berbeda tidak bermakna."
                    )
                    % {"code": ind.code, "items": "; ".join(reasons)},
                    _("Samakan skala komponen (mis. 0-1 menjadi 0-100) atau pakai bobot yang menormalkan."),
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
                _("Versi PK %(unit)s %(year)s tidak berurutan dari 1: %(items)s.")
                % {"unit": unit, "year": year, "items": ", ".join(map(str, numbers))},
                _("Catat setiap versi PK (PK awal = versi 1, perubahan = 2, 3 ...), agar riwayatnya utuh."),
                unit=unit,
                year=year,
                path=f"agreements[{versions[0][0]}].version",
            )
        if plan_item is None:
            yield Finding(
                "L406",
                G,
                _("PK %(unit)s %(year)s tidak punya Renstra unit yang mencakup tahun %(year)s.")
                % {"unit": unit, "year": year},
                _("Muat Renstra unit itu; capaian tidak dapat dihitung tanpa sasaran dan indikatornya."),
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
            label = _("PK %(unit)s %(year)s versi %(version)s") % {
                "unit": unit,
                "year": year,
                "version": a.version,
            }
            label += f" ({a.label})" if a.label else ""
            resolved = {resolve_ref(ref, unit): (ref, t) for ref, t in a.targets.items()}
            if a.version > 1 and a.reason not in d.REVISION_REASONS:
                yield Finding(
                    "L401",
                    G,
                    (
                        _(
                            "%(label)s adalah perubahan PK tetapi tidak mencatat alasan a/b/c (tercatat '%(reason)s')."
                        )
                        if a.reason
                        else _("%(label)s adalah perubahan PK tetapi tidak mencatat alasan a/b/c.")
                    )
                    % {"label": label, "reason": a.reason},
                    _(
                        "Isi 'reason': a (pergantian pejabat), b (perubahan strategi/kebijakan) atau c (perubahan prioritas/asumsi), PermenPAN-RB 53/2014; jelaskan di 'reason_note'."
                    ),
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
                            _(
                                "Target %(item_3_code)s di %(label)s (%(target_text_target)s) berbeda dari target Renstra %(year)s (%(target_text_renstra)s) tanpa penjelasan."
                            )
                            % {
                                "item_3_code": item[3].code,
                                "label": label,
                                "target_text_target": target_text(target),
                                "year": year,
                                "target_text_renstra": target_text(renstra),
                            },
                            _(
                                "Jelaskan di 'reason_note' mengapa target PK berbeda dari Renstra (atau catat reviu Renstra sebagai versi baru), atau samakan targetnya."
                            ),
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
                    (
                        _(
                            "%(label)s memuat target yang sama persis dengan versi %(version)s (alasan tercatat: %(reason)s)."
                        )
                        if a.reason
                        else _("%(label)s memuat target yang sama persis dengan versi %(version)s.")
                    )
                    % {"label": label, "version": previous.version, "reason": a.reason},
                    _(
                        "Bila perubahan PK tidak mengubah target, pastikan alasannya benar (mis. a: pergantian pejabat) dan isi target yang ditandatangani pada lampiran PK perubahan."
                    ),
                    unit=unit,
                    year=year,
                    path=f"agreements[{ai}].targets",
                )
            for key, (ref, _place) in resolved.items():
                if key in plan_keys:
                    continue
                known = key in ctx.indicators
                yield Finding(
                    "L404",
                    P if known else G,
                    (
                        _(
                            "%(label)s menyebut indikator %(ref)s yang bukan bagian Renstra %(unit)s tahun %(year)s."
                        )
                        if known
                        else _("%(label)s menyebut indikator %(ref)s yang tidak dikenal.")
                    )
                    % {"label": label, "ref": ref, "unit": unit, "year": year},
                    _(
                        "Tambahkan indikator itu ke Renstra unit (sasaran yang sesuai) atau perbaiki rujukannya."
                    ),
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
                    _(
                        "Indikator %(code)s Renstra %(unit)s tidak ada dalam PK %(year)s versi %(version)s; capaian memakai target Renstra (%(target_text_ind_targ)s)."
                    )
                    % {
                        "code": ind.code,
                        "unit": unit,
                        "year": year,
                        "version": latest.version,
                        "target_text_ind_targ": target_text(ind.targets.get(year)),
                    },
                    _(
                        "Tambahkan indikator itu beserta targetnya ke PK, atau keluarkan dari Renstra lewat reviu."
                    ),
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
                i, _first = explained[0]
                yield Finding(
                    "L501",
                    INF,
                    _("Realisasi %(code)s %(unit)s %(year)s dicatat tanpa nilai (N.A) dengan penjelasan.")
                    % {"code": code, "unit": unit, "year": year},
                    _(
                        "Tidak perlu tindakan bila penjelasannya benar; capaian indikator ini n.a dan tidak ikut dirata-ratakan."
                    ),
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
                (
                    _(
                        "Indikator %(code)s %(unit)s punya target PK %(year)s tetapi belum punya realisasi (nilai atau masukan rumus) — catatan realisasinya kosong."
                    )
                    if records
                    else _(
                        "Indikator %(code)s %(unit)s punya target PK %(year)s tetapi belum punya realisasi (nilai atau masukan rumus)."
                    )
                )
                % {"code": code, "unit": unit, "year": year},
                _(
                    "Isi realisasinya; bila memang belum dapat diukur (mis. belum dievaluasi), catat realisasi tanpa nilai dengan penjelasan di narasi analisis, agar laporan menulis N.A beserta alasannya."
                ),
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
                _(
                    "Realisasi %(period)s menyebut indikator '%(indicator)s' yang tidak dikenal (dicari sebagai %(key)s)."
                )
                % {"period": r.period, "indicator": r.indicator, "key": key},
                _("Perbaiki rujukan indikator (KODE indikator unit, atau UNIT:KODE)."),
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
                _(
                    "Realisasi %(code)s %(period)s punya masukan (%(items)s) tetapi indikatornya tidak punya rumus."
                )
                % {"code": ind.code, "period": r.period, "items": ", ".join(r.inputs)},
                _("Isi rumus indikator (mis. n / T * 100) atau catat realisasi sebagai nilai."),
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
                _("Rumus indikator %(code)s tidak dapat dibaca: %(exc)s") % {"code": ind.code, "exc": exc},
                _("Perbaiki rumus: hanya + - * /, kurung, angka, nama variabel, min, max, abs, round."),
                path=f"{refs[0].path}.formula",
                **place,
            )
            continue
        if missing:
            yield Finding(
                "L503",
                G,
                _("Realisasi %(code)s %(period)s: masukan %(items)s belum ada untuk rumus %(formula)s.")
                % {"code": ind.code, "period": r.period, "items": ", ".join(missing), "formula": ind.formula},
                _("Lengkapi masukan rumus (nilai mentah pembilang dan penyebut) dari bukti dukung."),
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
                _(
                    "Rumus %(formula)s tidak dapat dihitung atas masukan realisasi %(code)s %(period)s: %(exc)s"
                )
                % {"formula": ind.formula, "code": ind.code, "period": r.period, "exc": exc},
                _("Periksa masukan (mis. penyebut 0)."),
                path=f"realizations[{i}].inputs",
                **place,
            )
            continue
        if isinstance(r.value, Decimal) and abs(r.value - computed) > FORMULA_TOLERANCE:
            shown_inputs = ", ".join(f"{k} = {num(v)}" for k, v in r.inputs.items())
            yield Finding(
                "L502",
                G,
                _(
                    "Nilai realisasi %(code)s %(period)s tercatat %(num_r_value)s, tetapi rumus %(formula)s atas masukannya (%(shown_inputs)s) memberi %(num_computed_quantiz)s; yang dipakai adalah hasil rumus."
                )
                % {
                    "code": ind.code,
                    "period": r.period,
                    "num_r_value": num(r.value),
                    "formula": ind.formula,
                    "shown_inputs": shown_inputs,
                    "num_computed_quantiz": num(computed.quantize(Decimal("0.0001"))),
                },
                _(
                    "Periksa masukan dan nilai tercatat terhadap bukti dukung; perbaiki yang salah agar angka di laporan dapat ditelusuri ke masukannya."
                ),
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
                                    (
                                        _(
                                            "Penyebut %(var)s rumus %(formula)s untuk %(code)s %(year)s adalah %(value)s, sedangkan %(others)s pada sasaran %(objective)s memakai %(main)s dengan arti variabel yang sama."
                                        )
                                        if same_meaning
                                        else _(
                                            "Penyebut %(var)s rumus %(formula)s untuk %(code)s %(year)s adalah %(value)s, sedangkan %(others)s pada sasaran %(objective)s memakai %(main)s."
                                        )
                                    )
                                    % {
                                        "var": var,
                                        "formula": formula,
                                        "code": ind.code,
                                        "year": year,
                                        "value": num(value),
                                        "others": ", ".join(m[1].code for m in majority),
                                        "objective": obj.code,
                                        "main": num(main_value),
                                    },
                                    _(
                                        "Pastikan penyebutnya sesuai definisi indikator (populasi yang sama, bukan sampel atau responden lain); bila memang berbeda, jelaskan artinya di variabel indikator."
                                    ),
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
                        _(
                            "Penyebut %(var)s = %(num_target_value)s pada realisasi %(code)s %(year)s sama dengan targetnya: rumus %(formula)s lalu menghitung capaian, bukan realisasi, dan capaian akan dibagi target dua kali."
                        )
                        % {
                            "var": var,
                            "num_target_value": num(target.value),
                            "code": ref.indicator.code,
                            "year": year,
                            "formula": ref.indicator.formula,
                        },
                        _(
                            "Catat realisasi sebagai nilai terukur (mis. nilai SMART 97,99) tanpa membaginya dengan target; Kinerja menghitung capaian = realisasi / target sendiri."
                        ),
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
                _("Realisasi %(indicator)s %(period)s belum punya bukti dukung.")
                % {"indicator": r.indicator, "period": r.period},
                _("Lampirkan bukti dukung (berita acara, laporan, tangkapan aplikasi) sebelum verifikasi."),
                path=f"realizations[{i}].evidence",
                **place,
            )
        if r.status != "approved":
            yield Finding(
                "L508",
                INF,
                _("Realisasi %(indicator)s %(period)s berstatus '%(status)s', belum disetujui.")
                % {"indicator": r.indicator, "period": r.period, "status": r.status},
                _("Selesaikan verifikasi dan persetujuan sebelum laporan dibuat."),
                path=f"realizations[{i}].status",
                **place,
            )
        if not r.narrative.analysis.strip():
            yield Finding(
                "L702",
                P,
                _("Narasi analisis capaian %(indicator)s %(period)s masih kosong.")
                % {"indicator": r.indicator, "period": r.period},
                _("Tulis analisis capaian (sebab berhasil/gagal, perbandingan, upaya) untuk Bab III LKj."),
                path=f"realizations[{i}].narrative.analysis",
                **place,
            )
        empty = [
            str(label) for attr, label in NARRATIVE_PARTS.items() if not getattr(r.narrative, attr).strip()
        ]
        if empty:
            yield Finding(
                "L703",
                INF,
                _("Narasi realisasi %(indicator)s %(period)s belum memuat %(items)s.")
                % {"indicator": r.indicator, "period": r.period, "items": ", ".join(empty)},
                _("Lengkapi bagian narasi itu bila LKj memuatnya untuk indikator ini."),
                path=f"realizations[{i}].narrative",
                **place,
            )


# --- L6xx budget ----------------------------------------------------------------------------------


def check_budget_chain(ctx: Context) -> Iterator[Finding]:
    """L601 pagu awal + revisions != pagu akhir; L602 realisation above pagu; L603 revision
    without date or note; L606 parts above the whole; L607 revisions or realisation without pagu."""
    # one group per unit, year, account and RO/KRO: the same account on two RO is two lines
    groups: dict[tuple[str, int, str, str], dict[str, list[tuple[int, d.BudgetEntry]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for i, b in enumerate(ctx.doc.budgets):
        if b.kind != "renstra":
            groups[(b.unit, b.year, b.account.strip(), b.output)][b.kind].append((i, b))
    for (unit, year, account, output), kinds in sorted(groups.items()):
        where = (f" akun '{account}'" if account else "") + (f" RO/KRO {output}" if output else "")
        place: Place = {"unit": unit, "year": year, "indicator": None}
        awal, revs, akhir = kinds.get("pagu_awal", []), kinds.get("revisi", []), kinds.get("pagu_akhir", [])
        for kind, entries in (("pagu awal", awal), ("pagu akhir", akhir)):
            if len(entries) > 1:
                yield Finding(
                    "L601",
                    G,
                    _("Anggaran %(unit)s %(year)s%(where)s mencatat %(n)s %(kind)s.")
                    % {"unit": unit, "year": year, "where": where, "n": len(entries), "kind": kind},
                    _("Satu unit-tahun-akun hanya punya satu %(kind)s; perubahan dicatat sebagai revisi.")
                    % {"kind": kind},
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
                    _(
                        "Pagu %(unit)s %(year)s%(where)s tidak cocok: pagu awal %(rupiah_awal_0_1_amou)s + %(n)s revisi %(rupiah_total_rev)s = %(rupiah_expected)s, sedangkan pagu akhir %(rupiah_actual)s (selisih %(rupiah_actual_expect)s)."
                    )
                    % {
                        "unit": unit,
                        "year": year,
                        "where": where,
                        "rupiah_awal_0_1_amou": rupiah(awal[0][1].amount),
                        "n": len(revs),
                        "rupiah_total_rev": rupiah(total_rev),
                        "rupiah_expected": rupiah(expected),
                        "rupiah_actual": rupiah(actual),
                        "rupiah_actual_expect": rupiah(actual - expected),
                    },
                    _(
                        "Lengkapi atau perbaiki revisi (jumlah dan tanda +/-) sampai pagu awal + revisi = pagu akhir; angka revisi yang dibulatkan di narasi jangan dicatat sebagai revisi."
                    ),
                    path=f"budgets[{akhir[0][0]}].amount",
                    **place,
                )
        elif revs and not awal:
            yield Finding(
                "L607",
                P,
                _("Anggaran %(unit)s %(year)s%(where)s mencatat revisi tanpa pagu awal.")
                % {"unit": unit, "year": year, "where": where},
                _("Isi pagu awal (DIPA awal) agar rangkaian revisi dapat diperiksa."),
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
                        _("Realisasi anggaran %(unit)s %(year)s%(where)s %(rupiah_b_amount)s tanpa pagu.")
                        % {"unit": unit, "year": year, "where": where, "rupiah_b_amount": rupiah(b.amount)},
                        _("Isi pagu (awal/akhir) agar penyerapan dapat dihitung."),
                        path=f"budgets[{i}]",
                        **place,
                    )
                elif b.amount > pagu:
                    month = f" bulan {b.month}" if b.month else ""
                    yield Finding(
                        "L602",
                        G,
                        _(
                            "Realisasi anggaran %(unit)s %(year)s%(where)s%(month)s %(rupiah_b_amount)s melebihi pagu %(rupiah_pagu)s (selisih %(rupiah_b_amount_pagu)s)."
                        )
                        % {
                            "unit": unit,
                            "year": year,
                            "where": where,
                            "month": month,
                            "rupiah_b_amount": rupiah(b.amount),
                            "rupiah_pagu": rupiah(pagu),
                            "rupiah_b_amount_pagu": rupiah(b.amount - pagu),
                        },
                        _(
                            "Periksa angka realisasi (OM-SPAN) dan pagu akhir; realisasi tidak dapat melebihi pagu."
                        ),
                        path=f"budgets[{i}].amount",
                        **place,
                    )
        for i, b in revs:
            missing = []
            if b.date is None:
                missing.append(_("tanggal"))
            if not b.note.strip():
                missing.append(_("keterangan/alasan"))
            if missing:
                yield Finding(
                    "L603",
                    P if "keterangan/alasan" in missing else INF,
                    _("Revisi anggaran %(unit)s %(year)s%(where)s %(rupiah_b_amount)s tanpa %(items)s.")
                    % {
                        "unit": unit,
                        "year": year,
                        "where": where,
                        "rupiah_b_amount": rupiah(b.amount),
                        "items": " dan ".join(missing),
                    },
                    _(
                        "Catat tanggal dan alasan setiap revisi (nomor/tanggal revisi DIPA); LKj memuat kronologi anggaran."
                    ),
                    path=f"budgets[{i}]",
                    **place,
                )
    # parts (named accounts) above the whole unit, per kind
    parts_of: dict[tuple[str, int, str], list[tuple[int, d.BudgetEntry]]] = defaultdict(list)
    for (unit, year, account, output), kinds in groups.items():
        if account or output:
            for kind, items in kinds.items():
                parts_of[(unit, year, kind)].extend(items)
    for (unit, year, account, output), kinds in sorted(groups.items()):
        if account or output:
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
                    _(
                        "Jumlah rincian akun %(kind)s %(unit)s %(year)s (%(rupiah_total)s) melebihi %(kind)s unit (%(rupiah_whole_0_1_amo)s)."
                    )
                    % {
                        "kind": kind,
                        "unit": unit,
                        "year": year,
                        "rupiah_total": rupiah(total),
                        "rupiah_whole_0_1_amo": rupiah(whole[0][1].amount),
                    },
                    _("Rincian akun adalah bagian dari pagu unit; periksa angka rinciannya."),
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
                    _(
                        "Kebutuhan pendanaan Renstra %(unit)s %(year)s '%(acc)s' tercatat %(rupiah_total_amount)s, tetapi rinciannya (%(n)s baris) berjumlah %(rupiah_s)s (selisih %(rupiah_total_amount2)s)."
                    )
                    % {
                        "unit": unit,
                        "year": year,
                        "acc": acc,
                        "rupiah_total_amount": rupiah(total.amount),
                        "n": len(parts),
                        "rupiah_s": rupiah(s),
                        "rupiah_total_amount2": rupiah(total.amount - s),
                    },
                    _(
                        "Periksa tabel kerangka pendanaan: perbaiki baris rincian atau jumlahnya, dan catat di keterangan bila dokumen sumber memang salah hitung."
                    ),
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
                _(
                    "Total kebutuhan pendanaan Renstra %(unit)s %(year)s tercatat %(rupiah_own)s, sedangkan jumlah unit di bawahnya (%(n)s unit) %(rupiah_below)s (selisih %(rupiah_own_below)s)."
                )
                % {
                    "unit": unit,
                    "year": year,
                    "rupiah_own": rupiah(own),
                    "n": len({c for c, _ in child_items}),
                    "rupiah_below": rupiah(below),
                    "rupiah_own_below": rupiah(own - below),
                },
                _(
                    "Periksa tabel kerangka pendanaan: jumlah baris unit harus sama dengan totalnya; cari sel yang salah ketik dan catat di keterangan bila dokumen sumber memang salah hitung."
                ),
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
                        _(
                            "Kebutuhan pendanaan Renstra %(child)s %(year)s (%(rupiah_amount)s) melebihi kebutuhan unit atasannya %(unit)s (%(rupiah_own)s)."
                        )
                        % {
                            "child": child,
                            "year": year,
                            "rupiah_amount": rupiah(amount),
                            "unit": unit,
                            "rupiah_own": rupiah(own),
                        },
                        _(
                            "Unit bawahan adalah bagian dari unit atasan: periksa apakah Renstra atasan sudah memuat program unit ini (mis. setelah reorganisasi) dan selaraskan angkanya."
                        ),
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
                _("Teks '%(key)s' (%(chapter)s) LKj %(unit)s %(year)s belum diisi.")
                % {"key": key, "chapter": chapter, "unit": unit, "year": year},
                _(
                    "Isi teks '%(key)s' untuk unit-tahun ini (texts: unit, year, key, text) sebelum LKj dibuat."
                )
                % {"key": key},
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
                _("%(what)s masih memuat isian kosong '%(m_group_0)s': …%(excerpt)s…")
                % {"what": what, "m_group_0": m.group(0), "excerpt": excerpt},
                _("Ganti isian kosong dengan isi sebenarnya, atau hapus."),
                path=path,
                **place,
            )

    for i, t in enumerate(ctx.doc.texts):
        yield from scan(
            t.text, f"texts[{i}].text", _("Teks '%(key)s'") % {"key": t.key}, Place(unit=t.unit, year=t.year)
        )
    for i, r in enumerate(ctx.doc.realizations):
        for attr in ("analysis", "supporting", "inhibiting", "follow_up"):
            yield from scan(
                getattr(r.narrative, attr),
                f"realizations[{i}].narrative.{attr}",
                _("Narasi realisasi %(indicator)s %(period)s")
                % {"indicator": r.indicator, "period": r.period},
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
                _("Indikator %(code)s") % {"code": ref.indicator.code},
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
