"""Reading, rounding and printing numbers the Indonesian way.

Parsing (``parse_number``)
    Accepted text, after trimming spaces and an optional sign (``-``, ``+`` or the Unicode
    minus ``−``):

    * plain integers: ``18658193``;
    * Indonesian notation: dots group thousands in threes, a comma starts the decimals:
      ``99,25``, ``1.234.567``, ``1.234.567,89``, ``-3,5``;
    * a dot decimal point: ``99.25``, ``1.5``, ``0.125``.

    The one ambiguous shape is a *single* dot followed by *exactly three* digits with a first
    group of one to three digits (``1.234``, ``18.800``): by default it is a decimal point
    (1,234 — the way a spreadsheet or JSON writes it); with ``indonesian=True`` it is a
    thousands separator (1234 — the way a person types it into an Indonesian form). Two or more
    dots (``1.234.567``) or a dot before a comma (``1.234,5``) are always thousands separators.
    Everything else is refused with ``KinerjaValidationError`` naming the text: ``9,9,9``,
    ``1.23.456``, ``1,234.56`` (English grouping), ``.5``, ``1e5``, ``abc``, empty text,
    NaN and infinities. Floats are read through ``repr`` (``0.1`` is ``Decimal("0.1")``, never
    the binary artefact); ``bool`` is refused.

Rounding and printing
    Rounding is half-up (ties away from zero: ``99,245`` -> ``99,25``; ``-2,5`` -> ``-3``) and
    happens only for display. ``format_number`` prints Indonesian notation with Babel's
    ``id_ID`` locale with exactly ``places`` decimals; ``parse_number(format_number(x))``
    gives back ``round_half_up(x)`` (with ``indonesian=True`` for any ``places``, since
    ``format_number(x, 0)`` may print ``1.234``). ``contract_decimal`` is the JSON contract's
    form: half-up, 2 places, dot decimal point (``"100.39"``).
"""

from __future__ import annotations

import re
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)

from babel.numbers import format_decimal

from kinerja.core.types import (
    KinerjaValidationError,
    NumericTarget,
    RangeTarget,
    RealizationValue,
    Target,
)

__all__ = [
    "COMPUTE_CONTEXT",
    "MAX_NUMBER_TEXT",
    "contract_decimal",
    "format_number",
    "format_percent",
    "format_rupiah",
    "parse_number",
    "round_half_up",
]

#: Decimal context for every computation of the core: 34 significant digits (IEEE decimal128),
#: and division by zero, invalid operations and overflow raise instead of giving NaN/Infinity.
COMPUTE_CONTEXT = Context(
    prec=34,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

#: Longest text ``parse_number`` reads (a guard against pasted garbage).
MAX_NUMBER_TEXT = 200

_EXAMPLE = "contoh yang benar: 99,25 atau 1.234.567"
_SIGNS = {"-": -1, "−": -1, "+": 1}

_PLAIN_INT = re.compile(r"\d+")
_DOT_DECIMAL = re.compile(r"(\d+)\.(\d+)")
_COMMA_DECIMAL = re.compile(r"(\d+),(\d+)")
_GROUPED = re.compile(r"(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?")
_SINGLE_GROUP = re.compile(r"\d{1,3}\.\d{3}")


def _error(message: str, where: str | None) -> KinerjaValidationError:
    return KinerjaValidationError(message, where)


def _checked(value: Decimal, shown: object, where: str | None) -> Decimal:
    if not value.is_finite():
        raise _error(f"angka tidak terhingga atau bukan angka: {shown!r} ({_EXAMPLE})", where)
    return value


def parse_number(
    text: str | int | float | Decimal,
    where: str | None = None,
    *,
    indonesian: bool = False,
) -> Decimal:
    """Read a number in Indonesian or plain dot-decimal notation (see the module docstring).

    ``where`` is passed to the error (file, line, field). ``indonesian=True`` reads a single dot
    followed by exactly three digits (``18.800``) as a thousands separator.
    """
    if isinstance(text, bool):
        raise _error(f"diharapkan angka, bukan nilai benar/salah: {text!r}", where)
    if isinstance(text, Decimal):
        return _checked(text, text, where)
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        return _checked(Decimal(repr(text)), text, where)
    if not isinstance(text, str):
        raise _error(f"diharapkan angka, bukan {type(text).__name__}", where)

    raw = text
    s = text.strip().replace("\u00a0", "").replace("\u202f", "")
    if not s:
        raise _error(f"angka kosong ({_EXAMPLE})", where)
    if len(s) > MAX_NUMBER_TEXT:
        raise _error(f"angka terlalu panjang ({len(s)} karakter, paling banyak {MAX_NUMBER_TEXT})", where)
    sign = 1
    if s[0] in _SIGNS:
        sign = _SIGNS[s[0]]
        s = s[1:].lstrip()
    number = _read_unsigned(s, indonesian)
    if number is None:
        raise _error(f"angka tidak terbaca: {raw!r} ({_EXAMPLE})", where)
    return number.copy_negate() if sign < 0 else number


def _read_unsigned(s: str, indonesian: bool) -> Decimal | None:
    # str.isdigit-style classes in ``re`` accept non-ASCII digits; insist on ASCII.
    if not s.isascii():
        return None
    if _PLAIN_INT.fullmatch(s):
        return Decimal(s)
    if indonesian and _SINGLE_GROUP.fullmatch(s):
        return Decimal(s.replace(".", ""))
    m = _DOT_DECIMAL.fullmatch(s)
    if m:
        return Decimal(f"{m.group(1)}.{m.group(2)}")
    m = _COMMA_DECIMAL.fullmatch(s)
    if m:
        return Decimal(f"{m.group(1)}.{m.group(2)}")
    m = _GROUPED.fullmatch(s)
    if m:
        whole = m.group(1).replace(".", "")
        return Decimal(f"{whole}.{m.group(2)}" if m.group(2) else whole)
    return None


def _precision_for(value: Decimal, places: int) -> int:
    """Enough significant digits to hold ``value`` quantized to ``places`` decimals."""
    return max(COMPUTE_CONTEXT.prec, value.adjusted() + places + 3)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round to ``places`` decimals, ties away from zero; negative zero becomes zero."""
    if not isinstance(value, Decimal):
        value = Decimal(value)
    if not value.is_finite():
        raise KinerjaValidationError(f"tidak dapat membulatkan {value!r}: bukan angka terhingga")
    if places < 0:
        raise KinerjaValidationError(f"jumlah desimal tidak boleh negatif: {places}")
    quantum = Decimal(1).scaleb(-places)
    try:
        with localcontext(COMPUTE_CONTEXT) as ctx:
            ctx.prec = _precision_for(value, places)
            rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
            if rounded.is_zero():
                rounded = abs(rounded)
    except DecimalException as exc:
        raise KinerjaValidationError(f"angka di luar jangkauan untuk dibulatkan: {value!r}") from exc
    return rounded


def format_number(value: Decimal | int, places: int = 2) -> str:
    """Indonesian notation with exactly ``places`` decimals, half-up: ``99,25``, ``18.658.193``."""
    if isinstance(value, bool):
        raise KinerjaValidationError(f"diharapkan angka, bukan {value!r}")
    rounded = round_half_up(Decimal(value), places)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    with localcontext(COMPUTE_CONTEXT) as ctx:
        ctx.prec = _precision_for(rounded, places)
        return format_decimal(rounded, format=pattern, locale="id_ID", decimal_quantization=True)


def format_percent(value: Decimal | int, places: int = 2) -> str:
    """``99,25%``."""
    return f"{format_number(value, places)}%"


def format_rupiah(amount: int) -> str:
    """Whole rupiah: ``Rp28.191.006.288.000``; negative ``-Rp1.000``."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise KinerjaValidationError(f"jumlah rupiah harus bilangan bulat, bukan {amount!r}")
    text = format_number(abs(amount), 0)
    return f"-Rp{text}" if amount < 0 else f"Rp{text}"


def contract_decimal(value: Decimal | None) -> str | None:
    """The JSON contract's number: half-up to 2 places, dot decimal (``"100.39"``); None stays None."""
    if value is None:
        return None
    return str(round_half_up(value, 2))


def show_value(value: RealizationValue | None) -> str:
    """A realisation or achievement for people: ``99,25``, a scale label as is, or ``n.a``."""
    if value is None:
        return "n.a"
    if isinstance(value, str):
        return value
    return format_number(value)


def show_target(target: Target | None) -> str:
    """A target for people: ``99,00``, a range ``80,00–90,00``, a scale label, or ``–`` when none."""
    if target is None:
        return "–"
    if isinstance(target, NumericTarget):
        return format_number(target.value)
    if isinstance(target, RangeTarget):
        return f"{format_number(target.low)}–{format_number(target.high)}"
    return target.label
