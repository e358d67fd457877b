"""Safe formula evaluation with Decimal arithmetic."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.core.formula import (
    MAX_FORMULA_LENGTH,
    FormulaNotComputable,
    evaluate_formula,
    formula_variables,
    validate_formula,
)
from kinerja.core.numbers import COMPUTE_CONTEXT, contract_decimal
from kinerja.core.types import KinerjaValidationError

D = Decimal


def test_seed_ikk_1_1_realisation_from_raw_inputs() -> None:
    value = evaluate_formula("n / T * 100", {"n": D(18658193), "T": D(18800000)})
    with localcontext(COMPUTE_CONTEXT):
        assert value == D(18658193) / D(18800000) * 100
    assert str(value).startswith("99.2457")
    assert contract_decimal(value) == "99.25"


def test_decimal_not_float_arithmetic() -> None:
    assert evaluate_formula("0.1 + 0.2", {}) == D("0.3")
    assert evaluate_formula("a * 3", {"a": D("0.1")}) == D("0.3")
    assert evaluate_formula("1 / 3", {}) == D("0." + "3" * 34)
    assert len(evaluate_formula("1 / 3", {}).as_tuple().digits) == 34


def test_operators_functions_and_precedence() -> None:
    v = {"a": D(2), "b": D(5), "c": D("-1.5")}
    assert evaluate_formula("a + b * 2", v) == D(12)
    assert evaluate_formula("(a + b) * 2", v) == D(14)
    assert evaluate_formula("-a - -b", v) == D(3)
    assert evaluate_formula("+a", v) == D(2)
    assert evaluate_formula("b / a", v) == D("2.5")
    assert evaluate_formula("min(a, b, c)", v) == D("-1.5")
    assert evaluate_formula("max(a, b)", v) == D(5)
    assert evaluate_formula("abs(c)", v) == D("1.5")
    assert evaluate_formula("round(b / a)", v) == D(3)  # half-up
    assert evaluate_formula("round(2 / 3, 2)", v) == D("0.67")
    assert evaluate_formula("a", v) == D(2)


def test_rules_T3_ikm_weighted_mean_times_25_exact_and_legacy_weights() -> None:
    values = {f"U{i}": D(4) for i in range(1, 10)}
    total = " + ".join(f"U{i}" for i in range(1, 10))
    assert contract_decimal(evaluate_formula(f"({total}) / 9 * 25", values)) == "100.00"
    assert contract_decimal(evaluate_formula(f"({total}) * 0.111 * 25", values)) == "99.90"
    assert contract_decimal(evaluate_formula(f"({total}) * 0.11 * 25", values)) == "99.00"


def test_rules_T5_nka_weights_via_formula() -> None:
    formula = "0.097 * P + 0.182 * K + 0.435 * CRO + 0.286 * NE"
    value = evaluate_formula(formula, {"P": D("95.53"), "K": D("99.61"), "CRO": D("99.72"), "NE": D("59.98")})
    assert contract_decimal(value) == "87.93"


def test_rules_T6_efficiency_value_with_min_max_cap() -> None:
    formula = "50 + min(max(ERO, -20), 20) / 20 * 50"
    assert contract_decimal(evaluate_formula(formula, {"ERO": D("3.992")})) == "59.98"
    assert evaluate_formula(formula, {"ERO": D(35)}) == D(100)
    assert evaluate_formula(formula, {"ERO": D(-35)}) == D(0)


def test_variables() -> None:
    assert formula_variables("n / T * 100") == {"n", "T"}
    assert formula_variables("max(a, b) + round(c, 2) - 3") == {"a", "b", "c"}
    assert formula_variables("100") == set()
    assert formula_variables("jumlah_kpm / sasaran") == {"jumlah_kpm", "sasaran"}


def test_validate_with_allowed_names() -> None:
    validate_formula("n / T * 100", {"n", "T", "x"})
    with pytest.raises(KinerjaValidationError, match="tidak didefinisikan: T"):
        validate_formula("n / T * 100", {"n"})


def test_division_by_zero_is_not_computable() -> None:
    with pytest.raises(FormulaNotComputable, match="pembagian dengan nol"):
        evaluate_formula("n / T * 100", {"n": D(5), "T": D(0)})
    with pytest.raises(FormulaNotComputable):
        evaluate_formula("n / T", {"n": D(0), "T": D(0)})
    with pytest.raises(FormulaNotComputable):
        evaluate_formula("a * a * a", {"a": D("1e400000")})
    assert issubclass(FormulaNotComputable, KinerjaValidationError)


def test_missing_variable_is_named() -> None:
    with pytest.raises(KinerjaValidationError, match="T") as err:
        evaluate_formula("n / T * 100", {"n": D(5)})
    assert not isinstance(err.value, FormulaNotComputable)
    assert "belum ada" in err.value.message


def test_non_numeric_variable_values_are_refused() -> None:
    for bad in (D("NaN"), D("Infinity"), "5", 1.5, True):
        with pytest.raises(KinerjaValidationError):
            evaluate_formula("a + 1", {"a": bad})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    "formula",
    [
        "__import__('os').system('true')",
        "a.b",
        "a.__class__",
        "x[0]",
        "'teks'",
        "a < b",
        "a and b",
        "a ** 2",
        "a % 2",
        "a // 2",
        "lambda: 1",
        "[i for i in a]",
        "open('f')",
        "eval('1')",
        "min(a, key=b)",
        "abs(a, b)",
        "abs()",
        "min()",
        "round(a, b)",
        "round(a, 99)",
        "round(a, 2, 3)",
        "min",
        "a if b else c",
        "1, 2",
        "99,25 * a",
        "True + 1",
        "None",
        "1j",
        "1e999",
        "(a := 1)",
        "f'{a}'",
        "a; b",
        "",
        "   ",
        "a +",
        "\x00",
        "a & b",
        "~a",
        "not a",
        "{a}",
        "*a",
    ],
)
def test_forbidden_constructs_are_rejected_in_indonesian(formula: str) -> None:
    with pytest.raises(KinerjaValidationError) as err:
        validate_formula(formula)
    assert "rumus" in err.value.message
    with pytest.raises(KinerjaValidationError):
        evaluate_formula(formula, {"a": D(1), "b": D(2), "c": D(3), "x": D(1)})


def test_length_and_depth_limits() -> None:
    with pytest.raises(KinerjaValidationError, match="terlalu panjang"):
        validate_formula("a + " * (MAX_FORMULA_LENGTH // 4) + "a")
    with pytest.raises(KinerjaValidationError, match="bersarang"):
        validate_formula("-" * 100 + "a")
    with pytest.raises(KinerjaValidationError, match="bersarang"):
        validate_formula("abs(" * 60 + "a" + ")" * 60)
    with pytest.raises(KinerjaValidationError):
        validate_formula("(" * 240 + "a" + ")" * 240)  # beyond the parser's own limit
    validate_formula("(" * 10 + "a" + ")" * 10)


def test_non_string_formula() -> None:
    with pytest.raises(KinerjaValidationError):
        validate_formula(None)  # type: ignore[arg-type]
    with pytest.raises(KinerjaValidationError):
        formula_variables(["a"])  # type: ignore[arg-type]


_values = {"a": D("1.5"), "b": D(0), "n": D(-3), "T": D("1e30")}


@given(st.text(max_size=80))
def test_property_arbitrary_text_raises_only_validation_error(formula: str) -> None:
    try:
        validate_formula(formula, set(_values))
        evaluate_formula(formula, _values)
    except KinerjaValidationError:
        pass


_tokens = st.sampled_from(
    [
        "a",
        "b",
        "n",
        "T",
        "1",
        "0",
        "2.5",
        "+",
        "-",
        "*",
        "/",
        "(",
        ")",
        ",",
        "min(",
        "max(",
        "abs(",
        "round(",
        "**",
        ".",
        "[",
        "]",
        "<",
        "'",
        " ",
        "1e308",
        "x",
    ]
)


@given(st.lists(_tokens, max_size=30).map("".join))
def test_property_token_soup_raises_only_validation_error(formula: str) -> None:
    try:
        formula_variables(formula)
        result = evaluate_formula(formula, _values)
    except KinerjaValidationError:
        return
    assert result.is_finite()
