"""The Rencana Aksi check: quarterly targets against the yearly PK target by the indicator's
quarter rule (sum, average, last), for numbers, ranges and scale labels."""

from __future__ import annotations

from decimal import Decimal

from kinerja.agreements.quarters import (
    EMPTY,
    INCOMPLETE,
    MISMATCH,
    OK,
    TYPE,
    UNCHECKED,
    check_quarters,
    exact_number,
)
from kinerja.core.types import NumericTarget, QualitativeTarget, RangeTarget, Target

D = Decimal


def n(value: str | int) -> NumericTarget:
    return NumericTarget(D(value))


def qs(*values: Target | None) -> dict[int, Target | None]:
    return dict(zip((1, 2, 3, 4), values, strict=True))


# --- sum: TW I + ... + TW IV = year ---------------------------------------------------------------


def test_sum_consistent() -> None:
    check = check_quarters("IKK 2.1", "sum", n(87), qs(n(20), n(20), n(20), n(27)))
    assert check.status == OK and check.ok and not check.blocking


def test_sum_mismatch_names_indicator_and_expected_value() -> None:
    check = check_quarters("IKK 2.1", "sum", n(87), qs(n(20), n(20), n(20), n(20)))
    assert check.status == MISMATCH and check.blocking
    assert check.message == (
        "IKK 2.1: jumlah TW I–IV = 80,00, seharusnya 87,00 (target tahunan PK; aturan triwulan: dijumlahkan)."
    )
    assert check.expected == "87,00"


def test_sum_incomplete_is_a_warning_with_what_is_left() -> None:
    check = check_quarters("IKK 2.1", "sum", n(87), qs(n(20), n("30.5"), None, None))
    assert check.status == INCOMPLETE and not check.blocking
    assert "TW III, TW IV belum diisi" in check.message
    assert "jumlah yang sudah diisi 50,50, sisa 36,50" in check.message


def test_sum_decimals_are_exact() -> None:
    # 0,1 + 0,2 + 0,3 + 0,086 = 0,686 exactly (no float artefacts), shown with its 3 decimals
    check = check_quarters("IKP 2.1", "sum", n("0.686"), qs(n("0.1"), n("0.2"), n("0.3"), n("0.086")))
    assert check.status == OK
    wrong = check_quarters("IKP 2.1", "sum", n("0.686"), qs(n("0.1"), n("0.2"), n("0.3"), n("0.085")))
    assert "0,685" in wrong.message and "seharusnya 0,686" in wrong.message


# --- average: mean of TW I-IV = year ------------------------------------------------------------


def test_average_consistent() -> None:
    assert check_quarters("IKK 2.1", "average", n(87), qs(n(86), n(87), n(87), n(88))).status == OK


def test_average_mismatch_gives_mean_and_needed_total() -> None:
    check = check_quarters("IKK 2.1", "average", n(87), qs(n(85), n(86), n(87), n(88)))
    assert check.status == MISMATCH
    assert "rata-rata TW I–IV = 86,50, seharusnya 87,00" in check.message
    assert "jumlah keempat triwulan seharusnya 348,00" in check.message


def test_average_incomplete() -> None:
    check = check_quarters("IKK 2.1", "average", n(87), qs(n(87), None, None, None))
    assert check.status == INCOMPLETE
    assert "berjumlah 348,00" in check.message and "sisa 261,00" in check.message


# --- last: TW IV = year -------------------------------------------------------------------------


def test_last_only_tw4_counts() -> None:
    # cumulative: 25, 50, 75, 99 - only TW IV must equal the year's 99
    assert check_quarters("IKK 1.1", "last", n(99), qs(n(25), n(50), n(75), n(99))).status == OK
    check = check_quarters("IKK 1.1", "last", n(99), qs(n(25), n(50), n(75), n(98)))
    assert check.status == MISMATCH
    assert "IKK 1.1: target TW IV = 98,00, seharusnya 99,00" in check.message
    assert "nilai terakhir" in check.message


def test_last_without_tw4_is_incomplete() -> None:
    check = check_quarters("IKK 1.1", "last", n(99), qs(n(25), None, None, None))
    assert check.status == INCOMPLETE
    assert "TW IV belum diisi; target TW IV harus 99,00" in check.message


# --- ranges, labels, types, nothing ----------------------------------------------------------------


def test_range_checked_bound_by_bound() -> None:
    year = RangeTarget(D(80), D(90))
    quarter = RangeTarget(D(20), D("22.5"))
    assert check_quarters("X", "sum", year, qs(quarter, quarter, quarter, quarter)).status == OK
    assert check_quarters("X", "average", year, qs(*(RangeTarget(D(80), D(90)),) * 4)).status == OK
    check = check_quarters("X", "last", year, qs(None, None, None, RangeTarget(D(80), D(95))))
    assert check.status == MISMATCH and "80,00–95,00, seharusnya 80,00–90,00" in check.message


def test_label_only_under_last() -> None:
    year = QualitativeTarget("WTP")
    assert check_quarters("IKU 9", "last", year, qs(None, None, None, QualitativeTarget("WTP"))).status == OK
    check = check_quarters("IKU 9", "last", year, qs(None, None, None, QualitativeTarget("WDP")))
    assert check.status == MISMATCH and "seharusnya WTP" in check.message
    summed = check_quarters("IKU 9", "sum", year, qs(*(QualitativeTarget("WTP"),) * 4))
    assert summed.status == UNCHECKED and not summed.blocking


def test_type_must_match_the_year_target() -> None:
    check = check_quarters("IKK 1.1", "last", n(99), qs(None, RangeTarget(D(1), D(2)), None, n(99)))
    assert check.status == TYPE and check.blocking
    assert "IKK 1.1: jenis target TW II harus angka" in check.message


def test_nothing_filled_and_no_year_target() -> None:
    assert check_quarters("IKK 1.1", "sum", n(99), qs(None, None, None, None)).status == EMPTY
    assert check_quarters("IKK 1.1", "sum", None, qs(n(1), None, None, None)).status == UNCHECKED


def test_exact_number() -> None:
    assert exact_number(D("99")) == "99,00"
    assert exact_number(D("0.686")) == "0,686"
    assert exact_number(D("18800000")) == "18.800.000,00"
    assert exact_number(D("99.2500000000")) == "99,25"
