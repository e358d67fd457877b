"""Read an interchange file (``format: kinerja/v1``, YAML or JSON) into a validated ``Document``.

Every problem is reported in Bahasa Indonesia with the file, the line (YAML and JSON alike, as
the file is read by a YAML loader that keeps line numbers) and the path of keys, e.g.::

    angka.yaml, baris 9 (plans[0].objectives[0].indicators[0].targets.2022): angka tidak
    terbaca: '9,9,9' (contoh yang benar: 99,25 atau 1.234.567)

Up to ``MAX_PROBLEMS`` problems are collected and reported together, so a user fixes a file in
one go. Nothing is half-read: either a whole ``Document`` comes back or
``KinerjaValidationError`` is raised.

Rules beyond the contract (documented in ``docs/interchange.md``):

* keys are checked: an unknown key is an error (a typo such as ``taget`` must not silently drop
  data); keys starting with ``x-`` or ``x_`` are free for other tools and ignored;
* codes are non-empty, at most 64 characters, and contain no ``:`` (it separates ``UNIT:CODE``);
* a number written as a string with one dot and exactly three digits after it (``"1.500"``) is
  ambiguous between Indonesian thousands and a decimal point and is refused with a hint;
* money must be whole rupiah.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import yaml

from kinerja.core.codes import code_problem, unit_code_problem
from kinerja.core.formula import validate_formula
from kinerja.core.numbers import parse_number
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

MAX_PROBLEMS = 50
# How many values aliases (``*nama``) may add beyond four times the file's own (see _check_aliases).
MAX_ALIAS_GROWTH = 100_000
# Digits of the longest integer read (a measure has 28 digits, see organizations.MEASURE_DIGITS).
MAX_DIGITS = 40
# A message quotes at most this many characters of what the file holds.
MAX_MESSAGE = 400
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_import_bytes() -> int:
    """The size limit for one file: ``KINERJA_MAX_IMPORT_BYTES`` or 20 MiB (no Django needed)."""
    raw = os.environ.get("KINERJA_MAX_IMPORT_BYTES", "").strip()
    return int(raw) if raw.isdigit() else DEFAULT_MAX_BYTES


TEXT_LENGTH = 20_000
YEAR_RANGE = (1945, 2200)

# The keys each record may carry (contract keys + documented extensions).
TOP_KEYS = {
    "format", "agency", "policy", "units", "plans", "agreements", "action_plans",
    "realizations", "budgets", "texts",
    "surveys", "budget_scores", "evaluations", "recommendations", "budget_outputs",
}  # fmt: skip
SURVEY_KEYS = {"unit", "year", "service", "ikm", "respondents", "responses", "population"}
EVALUATION_KEYS = {"unit", "year", "lke", "score", "answers", "summary"}
RECOMMENDATION_KEYS = {
    "unit",
    "year",
    "source",
    "reference",
    "text",
    "due",
    "status",
    "closed_on",
    "follow_ups",
}
FOLLOW_UP_KEYS = {"text", "date", "evidence"}
AGENCY_KEYS = {"code", "name"}
POLICY_KEYS = {"max_achievement", "lower_is_better", "count_verified"}
UNIT_KEYS = {
    "code",
    "name",
    "level",
    "parent",
    "predecessors",
    "valid_from",
    "valid_to",
    "head_title",
    "head_name",
}
PREDECESSOR_KEYS = {"unit", "since"}
PLAN_KEYS = {
    "unit", "period", "version", "vision", "missions", "goals", "objectives", "label",
    "adopted_on", "legal_basis", "status",
}  # fmt: skip
GOAL_KEYS = {"code", "statement"}
OBJECTIVE_KEYS = {"code", "level", "goal", "statement", "supports", "indicators"}
INDICATOR_KEYS = {
    "code", "name", "unit_of_measure", "polarity", "max_achievement", "formula", "variables",
    "owner", "components", "aggregation", "weights", "scale", "targets", "definition",
    "data_source", "frequency", "quarter_rule", "baseline", "baseline_year", "source",
}  # fmt: skip
AGREEMENT_KEYS = {
    "unit", "year", "version", "label", "signed_on", "reason", "reason_note", "targets",
    "first_party", "second_party", "place", "status",
}  # fmt: skip
SIGNATORY_KEYS = {"name", "title"}
ACTION_PLAN_KEYS = {"unit", "year", "indicator", "quarters"}
REALIZATION_KEYS = {"unit", "indicator", "period", "value", "inputs", "evidence", "narrative", "status"}
NARRATIVE_KEYS = {"analysis", "supporting", "inhibiting", "follow_up"}
BUDGET_KEYS = {"unit", "year", "kind", "amount", "date", "note", "month", "account", "objective", "output"}
BUDGET_OUTPUT_KEYS = {
    "unit", "year", "level", "code", "name", "parent", "objective", "volume_target", "volume_unit",
    "volumes", "note",
}  # fmt: skip
OUTPUT_VOLUME_KEYS = {"month", "value"}
BUDGET_SCORE_KEYS = {"unit", "year", "kind", "value", "note"}
TEXT_KEYS = {"unit", "year", "key", "text"}

_AMBIGUOUS = re.compile(r"^[+-]?\d{1,3}\.\d{3}$")
_NUMBERISH = re.compile(r"^[\s+\-]*[\d.,\s]+$")
_QUARTER = re.compile(r"^\s*(\d{4})\s*-\s*[QqTt][Ww]?\s*([1-4])\s*$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

T = TypeVar("T")


# --- YAML with line numbers -------------------------------------------------------------------


class LineDict(dict[Any, Any]):
    line: int | None = None
    key_lines: dict[Any, int]


class LineList(list[Any]):
    line: int | None = None
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    """Safe loader that remembers the line of every mapping, sequence, key and item, and refuses
    duplicate keys (PyYAML would silently keep the last one)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError as exc:
                raise yaml.constructor.ConstructorError(
                    None, None, "kunci tidak sah (harus teks atau angka)", key_node.start_mark
                ) from exc
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"kunci '{key}' tercantum dua kali dalam satu bagian", key_node.start_mark
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = value_node.start_mark.line + 1
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    def construct_yaml_str(self, node: yaml.ScalarNode) -> str:
        # PostgreSQL cannot store NUL in text; a written-out "\0" in the file must not reach it
        value = super().construct_yaml_str(node)
        if "\x00" in value:
            raise yaml.constructor.ConstructorError(
                None, None, "teks memuat karakter NUL (\\0), yang tidak dapat disimpan", node.start_mark
            )
        return value

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        # Python refuses to read an integer of more than 4.300 digits (a ValueError in English);
        # no measure of ours has more than MAX_DIGITS
        text = str(node.value).replace("_", "").lstrip("+-")
        if len(text) > MAX_DIGITS:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"angka terlalu panjang ({len(text)} digit; paling banyak {MAX_DIGITS})",
                node.start_mark,
            )
        return super().construct_yaml_int(node)

    def get_single_node(self) -> yaml.Node | None:
        node = super().get_single_node()
        if node is not None:
            _check_aliases(node)
        return node


class _AliasBomb(yaml.YAMLError):
    """YAML aliases (``*nama``) that expand far beyond the file itself, or loop."""


def _check_aliases(root: yaml.Node) -> None:
    """Refuse a document whose aliases would expand it out of all proportion (the "billion laughs":
    508 bytes that unfold into hundreds of millions of values) or that refers to itself. A few
    aliases for a repeated block stay allowed."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_:
            raise _AliasBomb("alias YAML merujuk dirinya sendiri (struktur melingkar)")
        open_.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        open_.discard(key)
        sizes[key] = total
        return total

    expanded = size(root)
    distinct = len(sizes)
    if expanded > max(4 * distinct, distinct + MAX_ALIAS_GROWTH):
        raise _AliasBomb(
            f"alias YAML (*nama) mengembangkan {distinct:,} nilai menjadi {expanded:,}; "
            "tulis datanya langsung tanpa alias".replace(",", ".")
        )


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:str", _Loader.construct_yaml_str)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


# --- problems ---------------------------------------------------------------------------------


class _Stop(Exception):
    """Too many problems: stop reading."""


@dataclass
class _Ctx:
    """A place in the file: the path of keys and the nearest known line."""

    path: str
    line: int | None

    def key(self, container: Any, key: Any) -> _Ctx:
        line = self.line
        if isinstance(container, LineDict):
            line = container.key_lines.get(key, container.line) or line
        path = f"{self.path}.{key}" if self.path else str(key)
        return _Ctx(path, line)

    def item(self, container: Any, index: int) -> _Ctx:
        line = self.line
        if isinstance(container, LineList) and index < len(container.item_lines):
            line = container.item_lines[index]
        return _Ctx(f"{self.path}[{index}]", line)


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[tuple[str, str]] = []

    # reporting
    def where(self, ctx: _Ctx) -> str:
        parts = [self.source] if self.source else []
        if ctx.line:
            parts.append(f"baris {ctx.line}")
        text = ", ".join(parts)
        if ctx.path:
            text = f"{text} ({ctx.path})" if text else ctx.path
        return text

    def problem(self, ctx: _Ctx, message: str) -> None:
        if len(message) > MAX_MESSAGE:  # a message quotes the file; never the whole of it
            message = message[: MAX_MESSAGE - 1] + "…"
        self.problems.append((self.where(ctx), message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _Stop

    def guard(self, ctx: _Ctx, fn: Callable[[], T]) -> T | None:
        """Run ``fn``; a validation error becomes a problem at ``ctx`` and ``None`` comes back."""
        try:
            return fn()
        except KinerjaValidationError as exc:
            self.problem(ctx, exc.message)
            return None

    # shapes
    def mapping(self, value: Any, ctx: _Ctx, keys: set[str], what: str) -> Mapping[Any, Any] | None:
        if not isinstance(value, dict):
            self.problem(ctx, f"{what} harus berupa pemetaan (kunci: nilai), bukan {_kind(value)}")
            return None
        for key in value:
            if isinstance(key, str) and (key.startswith("x-") or key.startswith("x_")):
                continue
            if key not in keys:
                self.problem(
                    ctx.key(value, key),
                    f"kunci '{key}' tidak dikenal untuk {what}; kunci yang sah: {', '.join(sorted(keys))}",
                )
        return value

    def seq(self, value: Any, ctx: _Ctx, what: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(ctx, f"{what} harus berupa daftar, bukan {_kind(value)}")
            return []
        return value

    def each(self, value: Any, ctx: _Ctx, what: str) -> list[tuple[Any, _Ctx]]:
        items = self.seq(value, ctx, what)
        return [(item, ctx.item(items, i)) for i, item in enumerate(items)]

    # scalars
    def text(
        self, m: Mapping[Any, Any], key: str, ctx: _Ctx, required: bool = False, limit: int = TEXT_LENGTH
    ) -> str:
        value = m.get(key)
        here = ctx.key(m, key)
        if value is None:
            if required:
                self.problem(here, f"'{key}' wajib diisi")
            return ""
        if isinstance(value, bool) or isinstance(value, dict | list):
            self.problem(here, f"'{key}' harus berupa teks, bukan {_kind(value)}")
            return ""
        if isinstance(value, date | datetime):
            value = value.isoformat()
        text = str(value).strip()
        if "\x00" in text:  # (JSON read without the YAML loader)
            self.problem(here, f"'{key}' memuat karakter NUL, yang tidak dapat disimpan")
            return ""
        if required and not text:
            self.problem(here, f"'{key}' wajib diisi")
        if len(text) > limit:
            self.problem(here, f"'{key}' terlalu panjang ({len(text)} karakter, paling banyak {limit})")
            return text[:limit]
        return text

    def code(
        self, m: Mapping[Any, Any], key: str, ctx: _Ctx, required: bool = True, what: str = "kode"
    ) -> str:
        value = m.get(key)
        here = ctx.key(m, key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(here, f"{what} ('{key}') wajib diisi")
            return ""
        return self.code_value(value, here, what)

    def code_value(self, value: Any, ctx: _Ctx, what: str = "kode") -> str:
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.problem(ctx, f"{what} harus berupa teks, bukan {_kind(value)}")
            return ""
        text = str(value).strip()
        problem = code_problem(text, what)
        if problem is not None:
            self.problem(ctx, problem)
        return text

    def unit_code(
        self, m: Mapping[Any, Any], key: str, ctx: _Ctx, required: bool = True, what: str = "kode unit"
    ) -> str:
        """A unit's code, or a reference to one: the stricter rule of ``core.codes``."""
        text = self.code(m, key, ctx, required, what)
        if text and code_problem(text, what) is None:
            problem = unit_code_problem(text, what)
            if problem is not None:
                self.problem(ctx.key(m, key), problem)
        return text

    def ref(self, value: Any, ctx: _Ctx, what: str) -> str:
        """A reference ``CODE`` or ``UNIT:CODE``."""
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.problem(
                ctx, f"rujukan {what} harus berupa teks 'KODE' atau 'UNIT:KODE', bukan {_kind(value)}"
            )
            return ""
        text = str(value).strip()
        parts = [p.strip() for p in text.split(":")]
        if not text or len(parts) > 2 or not all(parts):
            self.problem(
                ctx, f"rujukan {what} '{text}' tidak sah; bentuk yang benar: 'KODE' atau 'UNIT:KODE'"
            )
            return ""
        return ":".join(parts)

    def number(self, value: Any, ctx: _Ctx, what: str) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, bool):
            self.problem(ctx, f"{what}: diharapkan angka, bukan {value!r}")
            return None
        if isinstance(value, str) and _AMBIGUOUS.match(value.strip()):
            self.problem(
                ctx,
                f"{what}: angka '{value}' bermakna ganda (ribuan atau desimal?); tulis 1500 atau '1.500,00' "
                "untuk ribuan, '1,5' untuk desimal",
            )
            return None
        if not isinstance(value, str | int | float | Decimal):
            self.problem(ctx, f"{what}: diharapkan angka, bukan {_kind(value)}")
            return None
        return self.guard(ctx, lambda: parse_number(value))

    def money(self, value: Any, ctx: _Ctx, what: str) -> int | None:
        number = self.number(value, ctx, what)
        if number is None:
            if value is None:
                self.problem(ctx, f"{what} wajib diisi (rupiah utuh)")
            return None
        if number != number.to_integral_value():
            self.problem(ctx, f"{what}: {value} bukan rupiah utuh (tanpa sen)")
            return None
        if abs(number) >= 10**18:
            self.problem(ctx, f"{what}: {value} terlalu besar")
            return None
        return int(number)

    def integer(
        self, value: Any, ctx: _Ctx, what: str, low: int | None = None, high: int | None = None
    ) -> int | None:
        if isinstance(value, bool) or value is None:
            self.problem(ctx, f"{what}: diharapkan bilangan bulat, bukan {value!r}")
            return None
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        if not isinstance(value, int):
            self.problem(ctx, f"{what}: diharapkan bilangan bulat, bukan {value!r}")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(ctx, f"{what}: {value} di luar rentang {low}..{high}")
            return None
        return value

    def year(self, value: Any, ctx: _Ctx, what: str = "tahun") -> int | None:
        return self.integer(value, ctx, what, *YEAR_RANGE)

    def date(self, value: Any, ctx: _Ctx, what: str) -> date | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(ctx, f"{what}: tanggal '{value}' tidak terbaca; tulis TTTT-BB-HH, misalnya 2022-09-01")
        return None

    def flag(self, value: Any, ctx: _Ctx, what: str, default: bool = False) -> bool:
        """``true`` or ``false`` (absent or null: ``default``); nothing else is guessed at."""
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(ctx, f"{what}: diharapkan true atau false, bukan {_kind(value)}")
            return default
        return value

    def choice(
        self, value: Any, ctx: _Ctx, what: str, choices: tuple[str, ...] | list[str], default: str
    ) -> str:
        if value is None:
            return default
        text = str(value).strip()
        if text not in choices:
            self.problem(ctx, f"{what} '{value}' tidak dikenal; pilihan: {', '.join(choices)}")
            return default
        return text

    def target(self, value: Any, ctx: _Ctx) -> Target | None:
        """A number, ``{min, max}`` for a range, or a label of a qualitative scale."""
        if isinstance(value, dict):
            m = self.mapping(value, ctx, {"min", "max"}, "target rentang")
            if m is None:
                return None
            if "min" not in m or "max" not in m:
                self.problem(ctx, "target rentang harus memuat 'min' dan 'max', misalnya {min: 80, max: 90}")
                return None
            low = self.number(m["min"], ctx.key(m, "min"), "batas bawah target")
            high = self.number(m["max"], ctx.key(m, "max"), "batas atas target")
            if low is None or high is None:
                return None
            if low > high:
                self.problem(ctx, f"target rentang: min {low} lebih besar dari max {high}")
                return None
            return RangeTarget(low, high)
        if isinstance(value, str) and not _NUMBERISH.match(value):
            label = value.strip()
            if not label or len(label) > 100:
                self.problem(ctx, "label target kosong atau terlalu panjang (paling banyak 100 karakter)")
                return None
            return QualitativeTarget(label)
        if value is None:
            self.problem(ctx, "target kosong; tulis angka, {min, max} atau label skala")
            return None
        number = self.number(value, ctx, "target")
        return NumericTarget(number) if number is not None else None

    def measured(self, value: Any, ctx: _Ctx) -> Decimal | str | None:
        """A realisation value: a number or a label of the indicator's scale."""
        if value is None:
            return None
        if isinstance(value, str) and not _NUMBERISH.match(value):
            return value.strip()
        return self.number(value, ctx, "nilai realisasi")

    # --- records ------------------------------------------------------------------------------

    def document(self, data: Any) -> d.Document:
        root = _Ctx("", getattr(data, "line", None))
        if not isinstance(data, dict):
            self.problem(
                root, f"isi berkas harus berupa pemetaan dengan 'format: {d.FORMAT}', bukan {_kind(data)}"
            )
            raise _Stop
        if data.get("format") != d.FORMAT:
            self.problem(
                root.key(data, "format"),
                f"format '{data.get('format')}' tidak dikenal; baris pertama harus 'format: {d.FORMAT}'",
            )
            raise _Stop
        self.mapping(data, root, TOP_KEYS, "berkas")
        doc = d.Document()
        if "agency" in data:
            here = root.key(data, "agency")
            m = self.mapping(data["agency"], here, AGENCY_KEYS, "instansi")
            if m is not None:
                doc.agency = d.Agency(
                    code=self.unit_code(m, "code", here, what="kode instansi"),
                    name=self.text(m, "name", here, required=True, limit=300),
                )
        if data.get("policy") is not None:
            here = root.key(data, "policy")
            m = self.mapping(data["policy"], here, POLICY_KEYS, "kebijakan")
            if m is not None:
                cap = self.number(m.get("max_achievement"), here.key(m, "max_achievement"), "max_achievement")
                rule = self.choice(
                    m.get("lower_is_better"),
                    here.key(m, "lower_is_better"),
                    "lower_is_better",
                    [r.value for r in LowerIsBetterRule],
                    LowerIsBetterRule.TWO_MINUS_RATIO.value,
                )
                count_verified = self.flag(
                    m.get("count_verified"), here.key(m, "count_verified"), "count_verified"
                )
                if cap is not None and cap <= 0:
                    self.problem(here.key(m, "max_achievement"), "batas capaian harus lebih dari 0")
                doc.policy = d.PolicyDoc(
                    max_achievement=cap,
                    lower_is_better=LowerIsBetterRule(rule),
                    count_verified=count_verified,
                )
        sections: list[tuple[str, Callable[[Any, _Ctx], Any], list[Any], str]] = [
            ("units", self.unit, doc.units, "units"),
            ("plans", self.plan, doc.plans, "plans"),
            ("agreements", self.agreement, doc.agreements, "agreements"),
            ("action_plans", self.action_plan, doc.action_plans, "action_plans"),
            ("realizations", self.realization, doc.realizations, "realizations"),
            ("budgets", self.budget, doc.budgets, "budgets"),
            ("budget_outputs", self.budget_output, doc.budget_outputs, "budget_outputs"),
            ("texts", self.unit_text, doc.texts, "texts"),
            ("surveys", self.survey, doc.surveys, "surveys"),
            ("budget_scores", self.budget_score, doc.budget_scores, "budget_scores"),
            ("evaluations", self.evaluation, doc.evaluations, "evaluations"),
            ("recommendations", self.recommendation, doc.recommendations, "recommendations"),
        ]
        for key, reader, target, what in sections:
            for item, ctx in self.each(data.get(key), root.key(data, key), what):
                record = reader(item, ctx)
                if record is not None:
                    target.append(record)
        self.check_duplicates(doc, data, root)
        return doc

    def unit(self, value: Any, ctx: _Ctx) -> d.Unit | None:
        m = self.mapping(value, ctx, UNIT_KEYS, "unit")
        if m is None:
            return None
        unit = d.Unit(
            code=self.unit_code(m, "code", ctx),
            name=self.text(m, "name", ctx, required=True, limit=300),
            level=self.choice(m.get("level"), ctx.key(m, "level"), "tingkat unit (level)", d.UNIT_LEVELS, ""),
            parent=self.unit_code(m, "parent", ctx, required=False, what="unit induk") or None,
            valid_from=self.date(m.get("valid_from"), ctx.key(m, "valid_from"), "valid_from"),
            valid_to=self.date(m.get("valid_to"), ctx.key(m, "valid_to"), "valid_to"),
            head_title=self.text(m, "head_title", ctx, limit=300),
            head_name=self.text(m, "head_name", ctx, limit=300),
        )
        if m.get("level") is None:
            self.problem(ctx.key(m, "level"), f"tingkat unit (level) wajib diisi: {', '.join(d.UNIT_LEVELS)}")
        if unit.valid_from and unit.valid_to and unit.valid_from > unit.valid_to:
            self.problem(ctx, "valid_from jatuh sesudah valid_to")
        here = ctx.key(m, "predecessors")
        for item, ictx in self.each(m.get("predecessors"), here, "predecessors"):
            p = self.mapping(item, ictx, PREDECESSOR_KEYS, "unit pendahulu")
            if p is not None:
                unit.predecessors.append(
                    d.Predecessor(
                        unit=self.code(p, "unit", ictx, what="unit pendahulu"),
                        since=self.date(p.get("since"), ictx.key(p, "since"), "since"),
                    )
                )
        return unit

    def plan(self, value: Any, ctx: _Ctx) -> d.Plan | None:
        m = self.mapping(value, ctx, PLAN_KEYS, "Renstra (plan)")
        if m is None:
            return None
        period = (0, 0)
        pctx = ctx.key(m, "period")
        raw = m.get("period")
        if not isinstance(raw, list) or len(raw) != 2:
            self.problem(pctx, "period harus berupa [tahun awal, tahun akhir], misalnya [2020, 2024]")
        else:
            start, end = self.year(raw[0], pctx, "tahun awal"), self.year(raw[1], pctx, "tahun akhir")
            if start is not None and end is not None:
                if start > end:
                    self.problem(pctx, f"tahun awal {start} sesudah tahun akhir {end}")
                elif end - start > 25:
                    self.problem(pctx, f"periode {start}-{end} terlalu panjang")
                period = (start, end)
        version = 1
        if m.get("version") is not None:
            version = self.integer(m.get("version"), ctx.key(m, "version"), "version", 1, 1000) or 1
        plan = d.Plan(
            unit=self.code(m, "unit", ctx, what="unit"),
            period=period,
            version=version,
            vision=self.text(m, "vision", ctx),
            label=self.text(m, "label", ctx, limit=300),
            adopted_on=self.date(m.get("adopted_on"), ctx.key(m, "adopted_on"), "adopted_on"),
            legal_basis=self.text(m, "legal_basis", ctx, limit=300),
            status=self.choice(
                m.get("status"), ctx.key(m, "status"), "status Renstra", d.PLAN_STATUSES, "adopted"
            ),
        )
        for item, ictx in self.each(m.get("missions"), ctx.key(m, "missions"), "missions"):
            if isinstance(item, str | int) and not isinstance(item, bool):
                plan.missions.append(str(item).strip())
            else:
                self.problem(ictx, f"misi harus berupa teks, bukan {_kind(item)}")
        for item, ictx in self.each(m.get("goals"), ctx.key(m, "goals"), "goals"):
            g = self.mapping(item, ictx, GOAL_KEYS, "tujuan (goal)")
            if g is not None:
                plan.goals.append(
                    d.Goal(code=self.code(g, "code", ictx), statement=self.text(g, "statement", ictx))
                )
        goal_codes = {g.code for g in plan.goals}
        for item, ictx in self.each(m.get("objectives"), ctx.key(m, "objectives"), "objectives"):
            obj = self.objective(item, ictx, plan, goal_codes)
            if obj is not None:
                plan.objectives.append(obj)
        return plan

    def objective(self, value: Any, ctx: _Ctx, plan: d.Plan, goal_codes: set[str]) -> d.Objective | None:
        m = self.mapping(value, ctx, OBJECTIVE_KEYS, "sasaran (objective)")
        if m is None:
            return None
        obj = d.Objective(
            code=self.code(m, "code", ctx, what="kode sasaran"),
            level=self.choice(
                m.get("level"), ctx.key(m, "level"), "tingkat sasaran (level)", d.OBJECTIVE_LEVELS, ""
            ),
            statement=self.text(m, "statement", ctx, required=True),
            goal=self.code(m, "goal", ctx, required=False, what="tujuan") or None,
        )
        if m.get("level") is None:
            self.problem(
                ctx.key(m, "level"), f"tingkat sasaran (level) wajib diisi: {', '.join(d.OBJECTIVE_LEVELS)}"
            )
        if obj.goal and obj.goal not in goal_codes:
            self.problem(ctx.key(m, "goal"), f"tujuan '{obj.goal}' tidak ada di goals Renstra ini")
        for item, ictx in self.each(m.get("supports"), ctx.key(m, "supports"), "supports"):
            ref = self.ref(item, ictx, "sasaran")
            if ref:
                obj.supports.append(ref)
        for item, ictx in self.each(m.get("indicators"), ctx.key(m, "indicators"), "indicators"):
            ind = self.indicator(item, ictx, plan)
            if ind is not None:
                obj.indicators.append(ind)
        return obj

    def indicator(self, value: Any, ctx: _Ctx, plan: d.Plan) -> d.Indicator | None:
        m = self.mapping(value, ctx, INDICATOR_KEYS, "indikator")
        if m is None:
            return None
        ind = d.Indicator(
            code=self.code(m, "code", ctx, what="kode indikator"),
            name=self.text(m, "name", ctx, required=True, limit=2000),
            unit_of_measure=self.text(m, "unit_of_measure", ctx, limit=100),
            polarity=Polarity(
                self.choice(
                    m.get("polarity"),
                    ctx.key(m, "polarity"),
                    "polarity",
                    [p.value for p in Polarity],
                    Polarity.HIGHER_IS_BETTER.value,
                )
            ),
            max_achievement=self.number(
                m.get("max_achievement"), ctx.key(m, "max_achievement"), "max_achievement"
            ),
            owner=self.code(m, "owner", ctx, required=False, what="unit pemilik (owner)") or None,
            aggregation=Aggregation(
                self.choice(
                    m.get("aggregation"),
                    ctx.key(m, "aggregation"),
                    "aggregation",
                    [a.value for a in Aggregation],
                    Aggregation.MEAN.value,
                )
            ),
            quarter_rule=QuarterRule(
                self.choice(
                    m.get("quarter_rule"),
                    ctx.key(m, "quarter_rule"),
                    "quarter_rule",
                    [q.value for q in QuarterRule],
                    QuarterRule.LAST.value,
                )
            ),
            definition=self.text(m, "definition", ctx),
            data_source=self.text(m, "data_source", ctx, limit=2000),
            frequency=self.text(m, "frequency", ctx, limit=100),
            baseline=self.number(m.get("baseline"), ctx.key(m, "baseline"), "baseline"),
            source=(
                self.choice(
                    m.get("source"), ctx.key(m, "source"), "sumber realisasi (source)", d.SOURCE_KINDS, ""
                )
                if str(m.get("source") or "").strip()
                else ""
            ),
        )
        if ind.max_achievement is not None and ind.max_achievement <= 0:
            self.problem(ctx.key(m, "max_achievement"), "batas capaian harus lebih dari 0")
        if m.get("baseline_year") is not None:
            ind.baseline_year = self.year(
                m.get("baseline_year"), ctx.key(m, "baseline_year"), "baseline_year"
            )
        vctx = ctx.key(m, "variables")
        variables = m.get("variables")
        if variables is not None:
            if not isinstance(variables, dict):
                self.problem(
                    vctx, "variables harus berupa pemetaan nama: keterangan, misalnya {n: 'KPM yang sukses'}"
                )
            else:
                for name, desc in variables.items():
                    if not isinstance(name, str) or not _VARIABLE.match(name):
                        self.problem(
                            vctx.key(variables, name), f"nama variabel '{name}' tidak sah (huruf, angka, _)"
                        )
                        continue
                    ind.variables[name] = "" if desc is None else str(desc).strip()
        formula = m.get("formula")
        if formula is not None and str(formula).strip():
            fctx = ctx.key(m, "formula")
            ind.formula = str(formula).strip()
            allowed = set(ind.variables) if ind.variables else None
            self.guard(fctx, lambda: validate_formula(ind.formula or "", allowed))
        for item, ictx in self.each(m.get("components"), ctx.key(m, "components"), "components"):
            ref = self.ref(item, ictx, "indikator komponen")
            if ref:
                ind.components.append(ref)
        wctx = ctx.key(m, "weights")
        weights = m.get("weights")
        if weights:
            if not isinstance(weights, dict):
                self.problem(wctx, "weights harus berupa pemetaan komponen: bobot")
            else:
                for ref, w in weights.items():
                    here = wctx.key(weights, ref)
                    key = self.ref(ref, here, "komponen")
                    weight = self.number(w, here, "bobot")
                    if key and weight is not None:
                        if weight < 0:
                            self.problem(here, "bobot tidak boleh negatif")
                        ind.weights[key] = weight
        if ind.components and len(set(ind.components)) != len(ind.components):
            self.problem(ctx.key(m, "components"), "komponen tercantum dua kali")
        if ind.aggregation == Aggregation.WEIGHTED_MEAN and ind.components:
            missing = [c for c in ind.components if c not in ind.weights]
            if missing:
                self.problem(wctx, f"aggregation weighted_mean: bobot belum ada untuk {', '.join(missing)}")
            if ind.weights and sum(ind.weights.values()) == 0:
                self.problem(wctx, "jumlah bobot tidak boleh nol")
        stray = [w for w in ind.weights if w not in ind.components]
        if stray:
            self.problem(wctx, f"bobot untuk {', '.join(stray)} yang bukan komponen indikator ini")
        for item, ictx in self.each(m.get("scale"), ctx.key(m, "scale"), "scale"):
            if isinstance(item, bool) or not isinstance(item, str | int):
                self.problem(ictx, f"label skala harus berupa teks, bukan {_kind(item)}")
            else:
                ind.scale.append(str(item).strip())
        if len(set(ind.scale)) != len(ind.scale):
            self.problem(ctx.key(m, "scale"), "label skala tercantum dua kali")
        tctx = ctx.key(m, "targets")
        targets = m.get("targets")
        if targets is not None:
            if not isinstance(targets, dict):
                self.problem(tctx, "targets harus berupa pemetaan tahun: target, misalnya {2022: 99}")
            else:
                for year_key, raw in targets.items():
                    here = tctx.key(targets, year_key)
                    year = self.year(year_key, here)
                    if year is None:
                        continue
                    if plan.period != (0, 0) and not plan.period[0] <= year <= plan.period[1]:
                        self.problem(
                            here, f"tahun {year} di luar periode Renstra {plan.period[0]}-{plan.period[1]}"
                        )
                        continue
                    target = self.target(raw, here)
                    if target is not None:
                        self.check_target_type(ind, target, here)
                        ind.targets[year] = target
        return ind

    def check_target_type(self, ind: d.Indicator, target: Target, ctx: _Ctx) -> None:
        if isinstance(target, QualitativeTarget):
            if not ind.scale:
                self.problem(
                    ctx,
                    f"target '{target.label}' bukan angka, dan indikator {ind.code} tidak punya skala (scale) "
                    "untuk target kualitatif; diharapkan angka, {min, max} atau label dari scale",
                )
            elif target.label not in ind.scale:
                self.problem(
                    ctx,
                    f"label '{target.label}' tidak ada di skala indikator {ind.code}: {', '.join(ind.scale)}",
                )
        elif ind.scale:
            self.problem(
                ctx,
                f"indikator {ind.code} memakai skala {', '.join(ind.scale)}: target harus salah satu labelnya",
            )

    def agreement(self, value: Any, ctx: _Ctx) -> d.Agreement | None:
        m = self.mapping(value, ctx, AGREEMENT_KEYS, "Perjanjian Kinerja (agreement)")
        if m is None:
            return None
        agreement = d.Agreement(
            unit=self.code(m, "unit", ctx, what="unit"),
            year=self.year(m.get("year"), ctx.key(m, "year")) or 0,
            version=self.integer(m.get("version", 1), ctx.key(m, "version"), "version", 1, 1000) or 1,
            targets={},
            label=self.text(m, "label", ctx, limit=200),
            signed_on=self.date(m.get("signed_on"), ctx.key(m, "signed_on"), "signed_on"),
            reason_note=self.text(m, "reason_note", ctx),
            place=self.text(m, "place", ctx, limit=200),
            status=self.choice(
                m.get("status"), ctx.key(m, "status"), "status PK", d.AGREEMENT_STATUSES, "signed"
            ),
        )
        if m.get("reason") is not None and str(m.get("reason")).strip():
            agreement.reason = (
                self.choice(
                    str(m["reason"]).strip().lower(),
                    ctx.key(m, "reason"),
                    "alasan revisi (reason; PermenPAN-RB 53/2014)",
                    d.REVISION_REASONS,
                    "",
                )
                or None
            )
        for key in ("first_party", "second_party"):
            if m.get(key) is not None:
                here = ctx.key(m, key)
                s = self.mapping(m[key], here, SIGNATORY_KEYS, "penandatangan")
                if s is not None:
                    sig = d.Signatory(
                        name=self.text(s, "name", here, limit=300),
                        title=self.text(s, "title", here, limit=300),
                    )
                    setattr(agreement, key, sig if (sig.name or sig.title) else None)
        agreement.targets = self.target_map(m.get("targets"), ctx.key(m, "targets"), "targets PK")
        return agreement

    def target_map(self, value: Any, ctx: _Ctx, what: str) -> dict[str, Target]:
        result: dict[str, Target] = {}
        if value is None:
            return result
        if not isinstance(value, dict):
            self.problem(ctx, f"{what} harus berupa pemetaan indikator: target, misalnya {{'IKK 1.1': 99}}")
            return result
        for ref, raw in value.items():
            here = ctx.key(value, ref)
            key = self.ref(ref, here, "indikator")
            target = self.target(raw, here)
            if key and target is not None:
                result[key] = target
        return result

    def action_plan(self, value: Any, ctx: _Ctx) -> d.ActionPlan | None:
        m = self.mapping(value, ctx, ACTION_PLAN_KEYS, "Rencana Aksi (action plan)")
        if m is None:
            return None
        plan = d.ActionPlan(
            unit=self.code(m, "unit", ctx, what="unit"),
            year=self.year(m.get("year"), ctx.key(m, "year")) or 0,
            indicator=self.ref(m.get("indicator"), ctx.key(m, "indicator"), "indikator"),
            quarters={},
        )
        qctx = ctx.key(m, "quarters")
        quarters = m.get("quarters")
        if not isinstance(quarters, dict):
            self.problem(
                qctx, "quarters harus berupa pemetaan triwulan 1..4: target, misalnya {1: 25, 2: 50}"
            )
            return plan
        for q, raw in quarters.items():
            here = qctx.key(quarters, q)
            number = self.integer(q, here, "triwulan", 1, 4)
            target = self.target(raw, here)
            if number is not None and target is not None:
                plan.quarters[number] = target
        return plan

    def period(self, value: Any, ctx: _Ctx) -> d.Period | None:
        if isinstance(value, int) and not isinstance(value, bool):
            year = self.year(value, ctx, "periode")
            return d.Period(year) if year is not None else None
        if isinstance(value, str):
            text = value.strip()
            if text.isdigit():
                return self.period(int(text), ctx)
            match = _QUARTER.match(text)
            if match:
                year = self.year(int(match.group(1)), ctx, "periode")
                return d.Period(year, int(match.group(2))) if year is not None else None
        self.problem(ctx, f"periode '{value}' tidak terbaca; tulis tahun (2022) atau triwulan ('2022-Q3')")
        return None

    def realization(self, value: Any, ctx: _Ctx) -> d.Realization | None:
        m = self.mapping(value, ctx, REALIZATION_KEYS, "realisasi")
        if m is None:
            return None
        period = self.period(m.get("period"), ctx.key(m, "period"))
        r = d.Realization(
            unit=self.code(m, "unit", ctx, what="unit"),
            indicator=self.ref(m.get("indicator"), ctx.key(m, "indicator"), "indikator"),
            period=period or d.Period(0),
            value=self.measured(m.get("value"), ctx.key(m, "value")),
            status=self.choice(
                m.get("status"), ctx.key(m, "status"), "status", d.REALIZATION_STATUSES, "approved"
            ),
        )
        ictx = ctx.key(m, "inputs")
        inputs = m.get("inputs")
        if inputs is not None:
            if not isinstance(inputs, dict):
                self.problem(
                    ictx, "inputs harus berupa pemetaan variabel: angka, misalnya {n: 18658193, T: 18800000}"
                )
            else:
                for name, raw in inputs.items():
                    here = ictx.key(inputs, name)
                    if not isinstance(name, str) or not _VARIABLE.match(name):
                        self.problem(here, f"nama variabel '{name}' tidak sah")
                        continue
                    number = self.number(raw, here, f"masukan {name}")
                    if number is None and raw is None:
                        self.problem(here, f"masukan {name} kosong")
                    if number is not None:
                        r.inputs[name] = number
        for item, ectx in self.each(m.get("evidence"), ctx.key(m, "evidence"), "evidence"):
            if isinstance(item, bool) or not isinstance(item, str | int):
                self.problem(ectx, "bukti dukung harus berupa nama berkas atau alamat")
            else:
                r.evidence.append(str(item).strip())
        if m.get("narrative") is not None:
            here = ctx.key(m, "narrative")
            n = self.mapping(m["narrative"], here, NARRATIVE_KEYS, "narasi")
            if n is not None:
                r.narrative = d.Narrative(**{k: self.text(n, k, here) for k in NARRATIVE_KEYS})
        return r

    def budget(self, value: Any, ctx: _Ctx) -> d.BudgetEntry | None:
        m = self.mapping(value, ctx, BUDGET_KEYS, "anggaran (budget)")
        if m is None:
            return None
        kind = self.choice(m.get("kind"), ctx.key(m, "kind"), "jenis anggaran (kind)", d.BUDGET_KINDS, "")
        if m.get("kind") is None:
            self.problem(
                ctx.key(m, "kind"), f"jenis anggaran (kind) wajib diisi: {', '.join(d.BUDGET_KINDS)}"
            )
        entry = d.BudgetEntry(
            unit=self.code(m, "unit", ctx, what="unit"),
            year=self.year(m.get("year"), ctx.key(m, "year")) or 0,
            kind=kind,
            amount=self.money(m.get("amount"), ctx.key(m, "amount"), "amount") or 0,
            date=self.date(m.get("date"), ctx.key(m, "date"), "date"),
            note=self.text(m, "note", ctx),
            account=self.text(m, "account", ctx, limit=300),
        )
        if m.get("output") is not None:
            entry.output = self.code(m, "output", ctx, what="kode RO/KRO (output)")
        if m.get("month") is not None:
            entry.month = self.integer(m.get("month"), ctx.key(m, "month"), "bulan (month)", 1, 12)
        if kind in ("rpd", "realisasi_bulanan") and entry.month is None:
            self.problem(ctx.key(m, "month"), f"anggaran jenis {kind} memerlukan bulan (month) 1..12")
        if kind not in ("revisi",) and entry.amount < 0:
            self.problem(ctx.key(m, "amount"), f"jumlah {kind} tidak boleh negatif")
        if m.get("objective") is not None:
            entry.objective = self.ref(m.get("objective"), ctx.key(m, "objective"), "sasaran") or None
        return entry

    def budget_output(self, value: Any, ctx: _Ctx) -> d.BudgetOutput | None:
        """``{unit, year, level, code, name, parent, objective, volume_target, volume_unit,
        volumes: [{month, value}], note}``: one node of the output structure."""
        m = self.mapping(value, ctx, BUDGET_OUTPUT_KEYS, "struktur keluaran (budget_outputs)")
        if m is None:
            return None
        if m.get("level") is None:
            self.problem(ctx.key(m, "level"), f"tingkat (level) wajib diisi: {', '.join(d.OUTPUT_LEVELS)}")
        level = self.choice(m.get("level"), ctx.key(m, "level"), "tingkat (level)", d.OUTPUT_LEVELS, "ro")
        out = d.BudgetOutput(
            unit=self.code(m, "unit", ctx, what="unit"),
            year=self.year(m.get("year"), ctx.key(m, "year")) or 0,
            level=level,
            code=self.code(m, "code", ctx, what="kode keluaran (code)"),
            name=self.text(m, "name", ctx, required=True, limit=500),
            parent=self.code(m, "parent", ctx, required=False, what="kode induk (parent)"),
            volume_unit=self.text(m, "volume_unit", ctx, limit=100),
            note=self.text(m, "note", ctx, limit=2000),
        )
        if m.get("objective") is not None:
            out.objective = self.ref(m.get("objective"), ctx.key(m, "objective"), "sasaran") or None
        target = self.number(m.get("volume_target"), ctx.key(m, "volume_target"), "target volume")
        if target is not None and target < 0:
            self.problem(ctx.key(m, "volume_target"), "target volume tidak boleh negatif")
        out.volume_target = target
        months: set[int] = set()
        for item, vctx in self.each(m.get("volumes"), ctx.key(m, "volumes"), "realisasi volume (volumes)"):
            v = self.mapping(item, vctx, OUTPUT_VOLUME_KEYS, "realisasi volume (volumes)")
            if v is None:
                continue
            month = self.integer(v.get("month"), vctx.key(v, "month"), "bulan (month)", 1, 12)
            amount = self.number(v.get("value"), vctx.key(v, "value"), "volume (value)")
            if amount is None:
                self.problem(vctx.key(v, "value"), "volume (value) wajib diisi")
            elif amount < 0:
                self.problem(vctx.key(v, "value"), "volume tidak boleh negatif")
            if month is not None and month in months:
                self.problem(vctx.key(v, "month"), f"bulan {month} tercantum dua kali")
            if month is not None and amount is not None:
                months.add(month)
                out.volumes.append(d.OutputVolume(month, amount))
        if level != "ro" and (out.volume_target is not None or out.volumes):
            self.problem(ctx, "target dan realisasi volume hanya untuk tingkat ro (Rincian Output)")
        out.volumes.sort(key=lambda v: v.month)
        return out

    def budget_score(self, value: Any, ctx: _Ctx) -> d.BudgetScore | None:
        """``{unit, year, kind, value}``: a budget score entered from elsewhere."""
        m = self.mapping(value, ctx, BUDGET_SCORE_KEYS, "nilai anggaran (budget_scores)")
        if m is None:
            return None
        if m.get("kind") is None:
            self.problem(
                ctx.key(m, "kind"), f"jenis nilai (kind) wajib diisi: {', '.join(d.BUDGET_SCORE_TOTALS)}"
            )
        kind = self.choice(
            m.get("kind"), ctx.key(m, "kind"), "jenis nilai anggaran (kind)", d.BUDGET_SCORE_KINDS, ""
        )
        value_ = self.number(m.get("value"), ctx.key(m, "value"), "nilai (value)")
        if value_ is None:
            self.problem(ctx.key(m, "value"), "nilai (value) wajib diisi")
        elif not Decimal(0) <= value_ <= Decimal(200):
            self.problem(ctx.key(m, "value"), f"nilai {value_} di luar rentang 0 sampai 200")
        return d.BudgetScore(
            unit=self.code(m, "unit", ctx, what="unit"),
            year=self.year(m.get("year"), ctx.key(m, "year")) or 0,
            kind=kind,
            value=value_ if value_ is not None else Decimal(0),
            note=self.text(m, "note", ctx, limit=2000),
        )

    def unit_text(self, value: Any, ctx: _Ctx) -> d.UnitText | None:
        m = self.mapping(value, ctx, TEXT_KEYS, "teks unit")
        if m is None:
            return None
        return d.UnitText(
            unit=self.code(m, "unit", ctx, what="unit"),
            year=self.year(m.get("year"), ctx.key(m, "year")) or 0,
            key=self.code(m, "key", ctx, what="kunci teks"),
            text=self.text(m, "text", ctx, limit=200_000),
        )

    def survey(self, value: Any, ctx: _Ctx) -> d.Survey | None:
        """``{unit, year, service, ikm, respondents}`` or ``{unit, year, service, responses}``."""
        m = self.mapping(value, ctx, SURVEY_KEYS, "survei (surveys)")
        if m is None:
            return None
        out = d.Survey(
            unit=self.code(m, "unit", ctx, what="unit"),
            year=self.year(m.get("year"), ctx.key(m, "year")) or 0,
            service=self.text(m, "service", ctx, required=True, limit=200),
        )
        if m.get("population") is not None:
            out.population = self.integer(m["population"], ctx.key(m, "population"), "populasi", 1, 10**9)
        has_answers = m.get("responses") is not None
        if has_answers:
            here = ctx.key(m, "responses")
            for i, (row, rctx) in enumerate(self.each(m["responses"], here, "jawaban responden (responses)")):
                answers = self.survey_answers(row, rctx, i + 1)
                if answers is not None:
                    out.responses.append(answers)
            if not out.responses and not self.problems:
                self.problem(here, "daftar jawaban responden kosong")
        if m.get("ikm") is not None or m.get("respondents") is not None:
            if has_answers:
                self.problem(
                    ctx,
                    "survei memuat jawaban (responses) sekaligus ikm/respondents; tulis salah satu: "
                    "jawaban per responden, atau IKM dan jumlah responden dari survei di luar Kinerja",
                )
                return out
            out.ikm = self.number(m.get("ikm"), ctx.key(m, "ikm"), "ikm")
            if out.ikm is None:
                self.problem(
                    ctx.key(m, "ikm"), "ikm wajib diisi (25 sampai 100) bila jawaban tidak dicantumkan"
                )
            elif not Decimal(25) <= out.ikm <= Decimal(100):
                self.problem(
                    ctx.key(m, "ikm"), f"ikm {out.ikm} di luar rentang 25 sampai 100 (PermenPAN-RB 14/2017)"
                )
            if m.get("respondents") is None:
                self.problem(
                    ctx.key(m, "respondents"), "jumlah responden (respondents) wajib diisi bersama ikm"
                )
            else:
                out.respondents = self.integer(
                    m["respondents"], ctx.key(m, "respondents"), "jumlah responden", 1, 10**9
                )
        elif not has_answers:
            self.problem(ctx, "survei harus memuat jawaban (responses) atau ikm dan respondents")
        return out

    def survey_answers(self, row: Any, ctx: _Ctx, number: int) -> list[int | None] | None:
        what = f"responden ke-{number}"
        if not isinstance(row, list) or len(row) != 9:
            self.problem(ctx, f"{what}: harus daftar 9 jawaban (U1..U9) bernilai 1-4, bukan {_kind(row)}")
            return None
        out: list[int | None] = []
        for j, value in enumerate(row):
            if value is None:
                out.append(None)
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
                self.problem(
                    ctx.item(row, j), f"{what}: U{j + 1} harus 1, 2, 3 atau 4 (atau kosong), bukan {value!r}"
                )
                return None
            out.append(value)
        return out

    def evaluation(self, value: Any, ctx: _Ctx) -> d.Evaluation | None:
        """``{unit, year, lke, answers: {code: grade}, summary}`` or ``{unit, year, score}``."""
        from kinerja.core.akip import ANSWERS

        m = self.mapping(value, ctx, EVALUATION_KEYS, "evaluasi AKIP (evaluations)")
        if m is None:
            return None
        out = d.Evaluation(
            unit=self.code(m, "unit", ctx, what="unit"),
            year=self.year(m.get("year"), ctx.key(m, "year")) or 0,
            lke=self.text(m, "lke", ctx, limit=64),
            summary=self.text(m, "summary", ctx),
        )
        answers = m.get("answers")
        if answers is not None:
            here = ctx.key(m, "answers")
            if not isinstance(answers, dict) or not answers:
                self.problem(here, "answers harus pemetaan kode kriteria: jawaban, misalnya {1.a.1: BB}")
            else:
                for code, grade in answers.items():
                    text = str(grade).strip().upper() if isinstance(grade, str) else ""
                    if text not in ANSWERS:
                        self.problem(
                            here.key(answers, code),
                            f"jawaban kriteria {code} '{grade}' tidak dikenal; pilihan: {', '.join(ANSWERS)}",
                        )
                        continue
                    out.answers[str(code).strip()] = text
        if m.get("score") is not None:
            if answers is not None:
                self.problem(ctx, "evaluasi memuat answers sekaligus score; tulis salah satu")
            out.score = self.number(m["score"], ctx.key(m, "score"), "score")
            if out.score is not None and not Decimal(0) <= out.score <= Decimal(100):
                self.problem(ctx.key(m, "score"), f"nilai evaluasi {out.score} di luar rentang 0 sampai 100")
        elif answers is None:
            self.problem(ctx, "evaluasi harus memuat answers (jawaban per kriteria) atau score")
        return out

    def recommendation(self, value: Any, ctx: _Ctx) -> d.Recommendation | None:
        """``{unit, year, source, reference, text, due, status, closed_on, follow_ups: [{text,
        date, evidence}]}``."""
        m = self.mapping(value, ctx, RECOMMENDATION_KEYS, "rekomendasi (recommendations)")
        if m is None:
            return None
        source = self.text(m, "source", ctx, required=True, limit=10)
        if source and source not in d.RECOMMENDATION_SOURCES:
            self.problem(
                ctx.key(m, "source"),
                f"sumber rekomendasi '{source}' tidak dikenal; pilihan: {', '.join(d.RECOMMENDATION_SOURCES)}",
            )
        status = self.text(m, "status", ctx, limit=12) or "open"
        if status not in d.RECOMMENDATION_STATUSES:
            self.problem(
                ctx.key(m, "status"),
                f"status rekomendasi '{status}' tidak dikenal; pilihan: {', '.join(d.RECOMMENDATION_STATUSES)}",
            )
        out = d.Recommendation(
            unit=self.code(m, "unit", ctx, what="unit"),
            year=self.year(m.get("year"), ctx.key(m, "year")) or 0,
            source=source,
            text=self.text(m, "text", ctx, required=True),
            reference=self.text(m, "reference", ctx, limit=300),
            due=self.date(m.get("due"), ctx.key(m, "due"), "batas waktu (due)"),
            status=status,
            closed_on=self.date(m.get("closed_on"), ctx.key(m, "closed_on"), "tanggal penutupan (closed_on)"),
        )
        if out.due is None and "due" not in m:
            self.problem(ctx, "'due' (batas waktu tindak lanjut) wajib diisi")
        if out.closed_on is not None and status != "closed":
            self.problem(ctx.key(m, "closed_on"), "closed_on hanya untuk rekomendasi berstatus closed")
        for item, fctx in self.each(
            m.get("follow_ups"), ctx.key(m, "follow_ups"), "tindak lanjut (follow_ups)"
        ):
            f = self.mapping(item, fctx, FOLLOW_UP_KEYS, "tindak lanjut (follow_ups)")
            if f is None:
                continue
            out.follow_ups.append(
                d.FollowUp(
                    text=self.text(f, "text", fctx, required=True),
                    date=self.date(f.get("date"), fctx.key(f, "date"), "tanggal tindak lanjut (date)"),
                    evidence=self.text(f, "evidence", fctx),
                )
            )
        if status == "closed" and not out.follow_ups:
            self.problem(
                ctx, "rekomendasi berstatus closed harus memuat sedikitnya satu tindak lanjut (follow_ups)"
            )
        return out

    # --- the output structure: parents within the unit-year, one level up; lines name a node ---

    def check_outputs(self, doc: d.Document, data: Mapping[Any, Any], root: _Ctx) -> None:
        nodes = {(o.unit, o.year, o.code): o for o in doc.budget_outputs}
        items = data.get("budget_outputs") if isinstance(data.get("budget_outputs"), list) else []
        for i, o in enumerate(doc.budget_outputs):
            if not o.parent:
                continue
            ctx = root.key(data, "budget_outputs").item(items, i) if items else root
            parent = nodes.get((o.unit, o.year, o.parent))
            if parent is None:
                self.problem(ctx, f"induk '{o.parent}' keluaran {o.code} tidak ada pada {o.unit} {o.year}")
            elif d.OUTPUT_LEVELS.index(parent.level) >= d.OUTPUT_LEVELS.index(o.level):
                self.problem(
                    ctx, f"induk {o.parent} ({parent.level}) harus setingkat di atas {o.code} ({o.level})"
                )
        lines = data.get("budgets") if isinstance(data.get("budgets"), list) else []
        for i, b in enumerate(doc.budgets):
            if not b.output:
                continue
            node = nodes.get((b.unit, b.year, b.output))
            ctx = root.key(data, "budgets").item(lines, i) if lines else root
            if node is None:
                self.problem(ctx, f"keluaran '{b.output}' tidak ada dalam budget_outputs {b.unit} {b.year}")
            elif node.level not in ("kro", "ro"):
                self.problem(ctx, f"anggaran dicatat pada RO atau KRO, bukan pada {node.level} {b.output}")

    # --- duplicates ---------------------------------------------------------------------------

    def check_duplicates(self, doc: d.Document, data: Mapping[Any, Any], root: _Ctx) -> None:
        def dup(section: str, keys: list[Any], describe: Callable[[Any], str]) -> None:
            items = data.get(section) if isinstance(data.get(section), list) else []
            seen: dict[Any, int] = {}
            for i, key in enumerate(keys):
                if key in seen:
                    ctx = root.key(data, section).item(items, i) if items else root.key(data, section)
                    self.problem(ctx, f"{describe(key)} tercantum dua kali (juga di {section}[{seen[key]}])")
                else:
                    seen[key] = i

        dup("units", [u.code for u in doc.units], lambda k: f"kode unit {k}")
        dup(
            "plans",
            [(p.unit, p.period, p.version) for p in doc.plans],
            lambda k: f"Renstra unit {k[0]} periode {k[1][0]}-{k[1][1]} versi {k[2]}",
        )
        dup(
            "agreements",
            [(a.unit, a.year, a.version) for a in doc.agreements],
            lambda k: f"PK unit {k[0]} tahun {k[1]} versi {k[2]}",
        )
        dup(
            "action_plans",
            [(a.unit, a.year, a.indicator) for a in doc.action_plans],
            lambda k: f"Rencana Aksi {k[0]} {k[1]} indikator {k[2]}",
        )
        dup(
            "realizations",
            [(r.unit, r.indicator, str(r.period)) for r in doc.realizations],
            lambda k: f"realisasi {k[0]} indikator {k[1]} periode {k[2]}",
        )
        dup("texts", [(t.unit, t.year, t.key) for t in doc.texts], lambda k: f"teks {k[0]} {k[1]} '{k[2]}'")
        dup(
            "budget_outputs",
            [(o.unit, o.year, o.code) for o in doc.budget_outputs],
            lambda k: f"keluaran {k[0]} {k[1]} kode {k[2]}",
        )
        self.check_outputs(doc, data, root)
        dup(
            "budget_scores",
            [(s.unit, s.year, s.kind) for s in doc.budget_scores],
            lambda k: f"nilai anggaran {k[0]} {k[1]} jenis {k[2]}",
        )
        dup(
            "surveys",
            [(s.unit, s.year, s.service) for s in doc.surveys],
            lambda k: f"survei {k[0]} {k[1]} layanan '{k[2]}'",
        )
        dup(
            "evaluations",
            [(e.unit, e.year) for e in doc.evaluations],
            lambda k: f"evaluasi AKIP {k[0]} {k[1]}",
        )
        dup(
            "recommendations",
            [(r.unit, r.year, r.source, r.reference, r.text) for r in doc.recommendations],
            lambda k: f"rekomendasi {k[0]} {k[1]} ({k[2]} {k[3]}) '{k[4][:60]}'",
        )
        plans = data.get("plans") if isinstance(data.get("plans"), list) else []
        for i, plan in enumerate(doc.plans):
            pctx = root.key(data, "plans").item(plans, i)
            seen_obj: set[str] = set()
            seen_ind: set[str] = set()
            goals = [g.code for g in plan.goals]
            if len(set(goals)) != len(goals):
                self.problem(pctx, f"kode tujuan ganda dalam Renstra {plan.unit}")
            for obj in plan.objectives:
                if obj.code in seen_obj:
                    self.problem(
                        pctx, f"kode sasaran {obj.code} tercantum dua kali dalam Renstra {plan.unit}"
                    )
                seen_obj.add(obj.code)
                for ind in obj.indicators:
                    key = f"{ind.owner or plan.unit}:{ind.code}"
                    if key in seen_ind:
                        self.problem(
                            pctx,
                            f"kode indikator {ind.code} tercantum dua kali dalam Renstra {plan.unit} "
                            "(seed 001 memakai satu kode dua kali; beri kode yang unik)",
                        )
                    seen_ind.add(key)


def _kind(value: Any) -> str:
    if value is None:
        return "kosong (null)"
    if isinstance(value, bool):
        return f"nilai benar/salah ({value})"
    if isinstance(value, dict):
        return "pemetaan"
    if isinstance(value, list):
        return "daftar"
    if isinstance(value, str):
        return f"teks '{value[:40]}'"
    if isinstance(value, int | float | Decimal):
        return f"angka {value}"
    return type(value).__name__


# --- entry points -----------------------------------------------------------------------------


def _raise(source: str, problems: list[tuple[str, str]]) -> None:
    shown = problems[:MAX_PROBLEMS]
    more = " (dan mungkin lebih; pemeriksaan berhenti)" if len(problems) >= MAX_PROBLEMS else ""
    if len(shown) == 1:
        where, message = shown[0]
        raise KinerjaValidationError(message, where=where)
    lines = "\n".join(f"  - {where}: {message}" for where, message in shown)
    raise KinerjaValidationError(f"{len(shown)} masalah di {source or 'berkas'}{more}:\n{lines}")


def parse_data(data: Any, source: str = "", check_refs: bool = True) -> d.Document:
    """Validate already-loaded data (dicts/lists) into a ``Document``."""
    reader = _Reader(source)
    try:
        doc = reader.document(data)
    except _Stop:
        doc = None
    if reader.problems or doc is None:
        _raise(source, reader.problems)
    assert doc is not None
    if check_refs:
        from kinerja.interchange.refs import check_references

        check_references(doc, source=source)
    return doc


def parse_text(text: str, source: str = "", fmt: str | None = None, check_refs: bool = True) -> d.Document:
    """Parse YAML or JSON text (JSON is read by the YAML loader too, which keeps line numbers;
    when that fails on valid JSON, the JSON parser is used without line numbers)."""
    if "\x00" in text:
        raise KinerjaValidationError(
            "bukan berkas teks (memuat byte NUL); diharapkan YAML atau JSON", where=source
        )
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        if fmt == "json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as jexc:
                raise KinerjaValidationError(
                    f"JSON tidak sah: {jexc.msg}", where=f"{source}, baris {jexc.lineno} kolom {jexc.colno}"
                ) from None
        else:
            mark = exc.problem_mark
            place = f"{source}, baris {mark.line + 1} kolom {mark.column + 1}" if mark else source
            problem = exc.problem or str(exc)
            raise KinerjaValidationError(
                f"{'JSON' if fmt == 'json' else 'YAML'} tidak terbaca: {problem}", where=place
            ) from None
    except _AliasBomb as exc:
        raise KinerjaValidationError(str(exc), where=source) from None
    except yaml.YAMLError as exc:
        raise KinerjaValidationError(f"YAML tidak terbaca: {exc}", where=source) from None
    except RecursionError:
        raise KinerjaValidationError("struktur berkas terlalu dalam", where=source) from None
    return parse_data(data, source=source, check_refs=check_refs)


def load_document(path: str | Path, max_bytes: int | None = None, check_refs: bool = True) -> d.Document:
    """Read and validate an interchange file; ``max_bytes`` guards against huge files."""
    p = Path(path)
    source = p.name
    limit = max_import_bytes() if max_bytes is None else max_bytes
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise KinerjaValidationError("berkas tidak ditemukan", where=str(path)) from None
    except OSError as exc:
        raise KinerjaValidationError(f"berkas tidak dapat dibaca: {exc.strerror}", where=str(path)) from None
    if size > limit:
        raise KinerjaValidationError(
            f"berkas terlalu besar: {size / 1024 / 1024:.1f} MB, batas {limit / 1024 / 1024:.0f} MB "
            "(KINERJA_MAX_IMPORT_BYTES); pecah menjadi beberapa berkas",
            where=source,
        )
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise KinerjaValidationError(f"berkas tidak dapat dibaca: {exc.strerror}", where=source) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KinerjaValidationError(
            f"bukan berkas teks UTF-8 (byte tidak sah di posisi {exc.start}); diharapkan YAML atau JSON",
            where=source,
        ) from None
    fmt = "json" if p.suffix.lower() == ".json" else "yaml"
    return parse_text(text, source=source, fmt=fmt, check_refs=check_refs)
