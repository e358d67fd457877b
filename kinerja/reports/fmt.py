"""Display helpers for the documents: Indonesian numbers (``kinerja.core.numbers``) and dates (Babel)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date

from kinerja.core.numbers import format_number, format_rupiah, show_target, show_value

__all__ = ["date_id", "measure", "money", "percent", "show_target", "show_value", "signed"]


def date_id(value: date | None, empty: str = "–") -> str:
    """``1 September 2022``."""
    if value is None:
        return empty
    return str(format_date(value, format="d MMMM y", locale="id"))


def money(amount: int | None) -> str:
    return "–" if amount is None else format_rupiah(amount)


def percent(value: Decimal | None) -> str:
    """``99,49%`` or ``n.a``."""
    return "n.a" if value is None else f"{format_number(value)}%"


def measure(value: Decimal) -> str:
    """A raw input: whole numbers without decimals (``18.658.193``), others with two."""
    if value == value.to_integral_value():
        return format_number(value, 0)
    return format_number(value)


def signed(value: Decimal | None, suffix: str = "") -> str:
    """A change with its sign: ``+3,25``, ``-1,00``; ``n.a`` when missing."""
    if value is None:
        return "n.a"
    text = format_number(value)
    return (text if text.startswith("-") or text == "0,00" else f"+{text}") + suffix
