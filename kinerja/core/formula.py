"""Safe evaluation of realisation formulas such as ``n / T * 100``.

Formulas are data typed by users. They are parsed with :mod:`ast` (``mode="eval"``) and the tree
is walked here; nothing is ever passed to ``eval``. Allowed:

* numbers (``100``, ``0.5``; a comma is not a decimal point inside a formula),
* variable names (Python identifiers: ``n``, ``T``, ``jumlah_kpm``),
* ``+ - * /``, unary ``-``/``+`` and parentheses,
* the functions ``min(a, b, ...)``, ``max(a, b, ...)``, ``abs(x)`` and ``round(x)`` /
  ``round(x, places)`` (half-up; ``places`` a whole number 0..10 written as a literal).

Anything else — attribute access, subscripts, strings, comparisons, ``**``, ``%``, ``//``,
lambdas, comprehensions, keyword arguments, other function names — is refused with
``KinerjaValidationError`` (message in Bahasa Indonesia). A formula is at most
``MAX_FORMULA_LENGTH`` characters and ``MAX_DEPTH`` levels deep.

Arithmetic is ``Decimal`` with 34 significant digits. A formula that is well formed but cannot be
computed for the given values (division by zero, ``0/0``, a result out of range) raises
``FormulaNotComputable`` (a subclass of ``KinerjaValidationError``): the engine turns it into
"n.a" with a note. A missing variable raises ``KinerjaValidationError`` naming it.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, DecimalException, DivisionByZero, localcontext
from functools import lru_cache

from kinerja.core.numbers import COMPUTE_CONTEXT
from kinerja.core.types import KinerjaValidationError

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_FORMULA_LENGTH",
    "FormulaNotComputable",
    "evaluate_formula",
    "formula_variables",
    "validate_formula",
]

MAX_FORMULA_LENGTH = 500
MAX_DEPTH = 40
FUNCTIONS = frozenset({"min", "max", "abs", "round"})
_MAX_ROUND_PLACES = 10

_OPERATORS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
}
_FORBIDDEN_NAMES: dict[type[ast.AST], str] = {
    ast.Attribute: "akses atribut (titik setelah nama)",
    ast.Subscript: "indeks/kurung siku",
    ast.Compare: "perbandingan",
    ast.BoolOp: "operator logika",
    ast.Lambda: "lambda",
    ast.IfExp: "ekspresi if",
    ast.ListComp: "comprehension",
    ast.SetComp: "comprehension",
    ast.DictComp: "comprehension",
    ast.GeneratorExp: "comprehension",
    ast.Tuple: "daftar nilai dengan koma (gunakan titik sebagai desimal dalam rumus: 0.5)",
    ast.List: "daftar",
    ast.Dict: "kamus",
    ast.Set: "himpunan",
    ast.JoinedStr: "teks",
    ast.Starred: "tanda bintang",
    ast.NamedExpr: "penugasan",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}
_FORBIDDEN_OPERATORS: dict[type[ast.operator], str] = {
    ast.Pow: "**",
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
}


class FormulaNotComputable(KinerjaValidationError):
    """A valid formula that has no value for these inputs (e.g. division by zero)."""


def _short(formula: str) -> str:
    return formula if len(formula) <= 60 else formula[:57] + "..."


def _invalid(formula: str, why: str) -> KinerjaValidationError:
    return KinerjaValidationError(
        f"rumus tidak sah: {why} — '{_short(formula)}' (yang boleh: angka, nama variabel, + - * /, "
        "kurung, min, max, abs, round)"
    )


def _parse(formula: str) -> tuple[ast.expr, frozenset[str]]:
    """Parse and check a formula; returns the expression tree and its variable names."""
    if not isinstance(formula, str):
        raise KinerjaValidationError(f"rumus harus berupa teks, bukan {type(formula).__name__}")
    return _parse_text(formula)


@lru_cache(maxsize=1024)
def _parse_text(formula: str) -> tuple[ast.expr, frozenset[str]]:
    if not formula.strip():
        raise KinerjaValidationError("rumus kosong")
    if len(formula) > MAX_FORMULA_LENGTH:
        raise KinerjaValidationError(
            f"rumus terlalu panjang ({len(formula)} karakter, paling banyak {MAX_FORMULA_LENGTH})"
        )
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        raise _invalid(formula, "penulisan tidak dapat dibaca") from exc
    names: set[str] = set()
    _check(tree.body, formula, names, 1)
    return tree.body, frozenset(names)


def _check(node: ast.AST, formula: str, names: set[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise _invalid(formula, f"terlalu bersarang (paling dalam {MAX_DEPTH} tingkat)")
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _invalid(formula, f"nilai {value!r} bukan angka")
        if isinstance(value, float) and not Decimal(repr(value)).is_finite():
            raise _invalid(formula, "angka terlalu besar")
        return
    if isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            raise _invalid(formula, f"'{node.id}' adalah nama fungsi, bukan variabel")
        names.add(node.id)
        return
    if isinstance(node, ast.BinOp):
        if type(node.op) in _FORBIDDEN_OPERATORS:
            raise _invalid(formula, f"operator '{_FORBIDDEN_OPERATORS[type(node.op)]}' tidak diizinkan")
        if type(node.op) not in _OPERATORS:
            raise _invalid(formula, "operator tidak diizinkan")
        _check(node.left, formula, names, depth + 1)
        _check(node.right, formula, names, depth + 1)
        return
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub | ast.UAdd):
            raise _invalid(formula, "operator tidak diizinkan")
        _check(node.operand, formula, names, depth + 1)
        return
    if isinstance(node, ast.Call):
        _check_call(node, formula, names, depth)
        return
    for kind, what in _FORBIDDEN_NAMES.items():
        if isinstance(node, kind):
            raise _invalid(formula, f"{what} tidak diizinkan")
    raise _invalid(formula, f"bentuk '{type(node).__name__}' tidak diizinkan")


def _check_call(node: ast.Call, formula: str, names: set[str], depth: int) -> None:
    if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
        shown = node.func.id if isinstance(node.func, ast.Name) else "?"
        raise _invalid(formula, f"fungsi '{shown}' tidak dikenal")
    fn = node.func.id
    if node.keywords:
        raise _invalid(formula, f"{fn}(): argumen bernama tidak diizinkan")
    argc = len(node.args)
    if fn in ("min", "max") and argc < 1:
        raise _invalid(formula, f"{fn}() perlu paling sedikit satu argumen")
    if fn == "abs" and argc != 1:
        raise _invalid(formula, "abs() perlu tepat satu argumen")
    if fn == "round":
        if argc not in (1, 2):
            raise _invalid(formula, "round() perlu satu atau dua argumen")
        if argc == 2:
            places = node.args[1]
            if not (
                isinstance(places, ast.Constant)
                and isinstance(places.value, int)
                and not isinstance(places.value, bool)
                and 0 <= places.value <= _MAX_ROUND_PLACES
            ):
                raise _invalid(formula, f"round(x, d): d harus bilangan bulat 0..{_MAX_ROUND_PLACES}")
    for arg in node.args:
        _check(arg, formula, names, depth + 1)


def formula_variables(formula: str) -> set[str]:
    """The variable names a formula uses (function names excluded). Raises on a bad formula."""
    return set(_parse(formula)[1])


def validate_formula(formula: str, allowed: set[str] | None = None) -> None:
    """Raise ``KinerjaValidationError`` unless the formula is well formed (and, when ``allowed``
    is given, uses only those variable names)."""
    names = _parse(formula)[1]
    if allowed is not None:
        unknown = sorted(names - set(allowed))
        if unknown:
            listed = ", ".join(unknown)
            known = ", ".join(sorted(allowed)) or "(tidak ada)"
            raise KinerjaValidationError(
                f"rumus '{_short(formula)}' memakai variabel yang tidak didefinisikan: {listed} "
                f"(variabel yang ada: {known})"
            )


def evaluate_formula(formula: str, values: Mapping[str, Decimal]) -> Decimal:
    """Evaluate with ``Decimal`` arithmetic (34 digits).

    Raises ``KinerjaValidationError`` for a bad formula or a missing/non-numeric variable, and
    ``FormulaNotComputable`` when the values give no result (division by zero, out of range).
    """
    tree, names = _parse(formula)
    missing = sorted(n for n in names if n not in values)
    if missing:
        raise KinerjaValidationError(
            f"rumus '{_short(formula)}': nilai variabel belum ada: {', '.join(missing)}"
        )
    env: dict[str, Decimal] = {}
    for name in names:
        value = values[name]
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise KinerjaValidationError(f"rumus '{_short(formula)}': variabel {name} bukan angka: {value!r}")
        dec = Decimal(value)
        if not dec.is_finite():
            raise KinerjaValidationError(f"rumus '{_short(formula)}': variabel {name} bukan angka terhingga")
        env[name] = dec
    try:
        with localcontext(COMPUTE_CONTEXT):
            return _eval(tree, env) + 0  # "+ 0" applies the context (precision) to a bare variable
    except DivisionByZero as exc:
        raise FormulaNotComputable(
            f"rumus '{_short(formula)}' tidak dapat dihitung: pembagian dengan nol"
        ) from exc
    except DecimalException as exc:
        raise FormulaNotComputable(
            f"rumus '{_short(formula)}' tidak dapat dihitung: pembagian 0/0 atau hasil di luar jangkauan"
        ) from exc


def _eval(node: ast.expr, env: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, float):
            return Decimal(repr(value))
        if isinstance(value, int):
            return Decimal(value)
        raise AssertionError(f"unchecked constant {value!r}")  # pragma: no cover - _check refuses it
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.BinOp):
        left = _eval(node.left, env)
        right = _eval(node.right, env)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return left / right
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, env)
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = (
            [_eval(a, env) for a in node.args[:1]]
            if node.func.id == "round"
            else [_eval(a, env) for a in node.args]
        )
        fn = node.func.id
        if fn == "min":
            return min(args)
        if fn == "max":
            return max(args)
        if fn == "abs":
            return abs(args[0])
        places = 0
        if (
            len(node.args) == 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, int)
        ):
            places = node.args[1].value
        return args[0].quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    raise AssertionError(f"unchecked node {type(node).__name__}")  # pragma: no cover - _check refuses it
