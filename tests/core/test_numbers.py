"""Indonesian number parsing, half-up rounding and formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.core.numbers import (
    contract_decimal,
    format_number,
    format_percent,
    format_rupiah,
    parse_number,
    round_half_up,
)
from kinerja.core.types import KinerjaValidationError

D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("99,25", "99.25"),
        ("1.234.567", "1234567"),
        ("1.234.567,89", "1234567.89"),
        ("-3,5", "-3.5"),
        ("−3,5", "-3.5"),  # Unicode minus
        ("+7", "7"),
        ("99.25", "99.25"),
        ("1.5", "1.5"),
        ("18658193", "18658193"),
        ("  28.191.006.288.000 ", "28191006288000"),
        ("1.234,5", "1234.5"),
        ("0,001", "0.001"),
        ("1\u00a0234", "1234"),  # a no-break space (as pasted from Word) is ignored
    ],
)
def test_parse_accepts_indonesian_and_dot_decimal(text: str, expected: str) -> None:
    assert parse_number(text) == D(expected)


def test_single_dot_with_three_digits_is_decimal_by_default_thousands_when_indonesian() -> None:
    assert parse_number("1.234") == D("1.234")
    assert parse_number("18.800") == D("18.8")
    assert parse_number("1.234", indonesian=True) == D(1234)
    assert parse_number("18.800", indonesian=True) == D(18800)
    # other shapes do not change meaning with the flag
    assert parse_number("99.25", indonesian=True) == D("99.25")
    assert parse_number("1.234.567", indonesian=True) == D(1234567)
    assert parse_number("1234.567", indonesian=True) == D("1234.567")


@pytest.mark.parametrize(
    "text",
    [
        "9,9,9",
        "1.2.3,4,5",
        "",
        "   ",
        "abc",
        "NaN",
        "nan",
        "Infinity",
        "-inf",
        "1,234.56",
        "1.23.456",
        "1e5",
        ".5",
        ",5",
        "5.",
        "5,",
        "--5",
        "1 234",
        "12,34,56",
        "١٢",
        "1.2345.678",
        "Rp1.000",
        "50%",
    ],
)
def test_parse_rejects_junk_with_indonesian_message(text: str) -> None:
    with pytest.raises(KinerjaValidationError) as err:
        parse_number(text, where="baris 3")
    assert err.value.where == "baris 3"
    message = err.value.message
    assert "angka" in message
    if text.strip():
        assert repr(text) in message
        assert "contoh yang benar: 99,25 atau 1.234.567" in message


def test_parse_non_string_inputs() -> None:
    assert parse_number(18658193) == D(18658193)
    assert parse_number(0.1) == D("0.1")  # via repr, not the binary artefact
    assert parse_number(99.25) == D("99.25")
    assert parse_number(D("1.50")) == D("1.50")
    for bad in (float("nan"), float("inf"), D("NaN"), D("-Infinity"), True):
        with pytest.raises(KinerjaValidationError):
            parse_number(bad)


def test_parse_rejects_too_long_text() -> None:
    with pytest.raises(KinerjaValidationError, match="terlalu panjang"):
        parse_number("1" * 500)


def test_round_half_up() -> None:
    assert round_half_up(D("99.245")) == D("99.25")
    assert round_half_up(D("99.244999")) == D("99.24")
    assert round_half_up(D("2.5"), 0) == D(3)
    assert round_half_up(D("-2.5"), 0) == D(-3)  # ties away from zero
    assert round_half_up(D("-0.001")) == D("0.00") and not round_half_up(D("-0.001")).is_signed()
    assert round_half_up(D("1E+40"), 2) == D("1E+40")  # no context overflow for big values


def test_format_number_indonesian() -> None:
    assert format_number(D("18658193"), 0) == "18.658.193"
    assert format_number(D("99.245")) == "99,25"  # half-up, not half-even
    assert format_number(D("-1234567.005")) == "-1.234.567,01"
    assert format_number(D("18658193")) == "18.658.193,00"
    assert format_number(7) == "7,00"
    assert format_number(D("-0.001")) == "0,00"
    assert format_number(D("12.5"), 0) == "13"
    assert format_percent(D("99.245")) == "99,25%"


def test_format_rupiah() -> None:
    assert format_rupiah(28191006288000) == "Rp28.191.006.288.000"
    assert format_rupiah(-1000) == "-Rp1.000"
    assert format_rupiah(0) == "Rp0"
    with pytest.raises(KinerjaValidationError):
        format_rupiah(D("1.5"))  # type: ignore[arg-type]


def test_contract_decimal() -> None:
    assert contract_decimal(D("100.385")) == "100.39"
    assert contract_decimal(D(100)) == "100.00"
    assert contract_decimal(D("99.2457074468")) == "99.25"
    assert contract_decimal(D("-0.004")) == "0.00"
    assert contract_decimal(D("1E+20")) == "100000000000000000000.00"
    assert contract_decimal(None) is None


decimals = st.decimals(allow_nan=False, allow_infinity=False, min_value=D("-1e30"), max_value=D("1e30"))


@given(decimals)
def test_property_parse_of_format_is_rounded_value(x: Decimal) -> None:
    assert parse_number(format_number(x)) == round_half_up(x)


@given(decimals, st.integers(min_value=0, max_value=6))
def test_property_parse_of_format_any_places_with_indonesian_flag(x: Decimal, places: int) -> None:
    assert parse_number(format_number(x, places), indonesian=True) == round_half_up(x, places)


@given(decimals)
def test_property_contract_decimal_reads_back(x: Decimal) -> None:
    text = contract_decimal(x)
    assert text is not None
    assert D(text) == round_half_up(x)
    assert parse_number(text) == round_half_up(x)


@given(st.text(max_size=40), st.booleans())
def test_property_parse_raises_only_validation_error(text: str, indonesian: bool) -> None:
    try:
        value = parse_number(text, indonesian=indonesian)
    except KinerjaValidationError:
        return
    assert value.is_finite()


@given(st.from_regex(r"\A[-+]?[0-9.,]{1,15}\Z"), st.booleans())
def test_property_number_like_text_raises_only_validation_error(text: str, indonesian: bool) -> None:
    try:
        parse_number(text, indonesian=indonesian)
    except KinerjaValidationError:
        pass
