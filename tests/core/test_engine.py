"""The whole-batch engine: realisation resolution, achievements, means, notes, errors."""

from __future__ import annotations

import time
from decimal import Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.core.engine import MAX_COMPONENT_DEPTH, compute_unit_year
from kinerja.core.numbers import COMPUTE_CONTEXT, contract_decimal
from kinerja.core.types import (
    Aggregation,
    IndicatorResult,
    IndicatorSpec,
    KinerjaValidationError,
    LowerIsBetterRule,
    NumericTarget,
    ObjectiveSpec,
    Polarity,
    Policy,
    QualitativeTarget,
    QuarterRule,
    RangeTarget,
    RealizationInput,
    Target,
    UnitResult,
    UnitYearInput,
)

D = Decimal


def spec(key: str, **kw: object) -> IndicatorSpec:
    return IndicatorSpec(key=key, code=key.split(":")[-1], **kw)  # type: ignore[arg-type]


def value(v: str | int) -> RealizationInput:
    return RealizationInput(value=v if isinstance(v, str) and not v[0].isdigit() else D(v))


def batch(
    objectives: dict[str, list[str]],
    indicators: list[IndicatorSpec],
    targets: dict[str, Target] | None = None,
    annual: dict[str, RealizationInput] | None = None,
    quarterly: dict[str, dict[int, RealizationInput]] | None = None,
    policy: Policy | None = None,
) -> UnitYearInput:
    return UnitYearInput(
        unit="U",
        year=2022,
        objectives=tuple(ObjectiveSpec(code, tuple(keys)) for code, keys in objectives.items()),
        indicators={s.key: s for s in indicators},
        targets=targets or {},
        annual=annual or {},
        quarterly=quarterly or {},
        policy=policy or Policy(),
    )


def by_key(result: UnitResult) -> dict[str, IndicatorResult]:
    return {i.key: i for o in result.objectives for i in o.indicators}


# --- the seed unit (Dit. PKR 2022) -------------------------------------------------------------


def test_seed_pkr_objective_mean_uses_capped_unrounded_values() -> None:
    inp = batch(
        {"SK1": ["PKR:IKK 1.1", "PKR:IKK 2.1"]},
        [
            spec("PKR:IKK 1.1", formula="n / T * 100", max_achievement=D(100)),
            spec("PKR:IKK 2.1"),
        ],
        targets={"PKR:IKK 1.1": NumericTarget(D(99)), "PKR:IKK 2.1": NumericTarget(D(87))},
        annual={
            "PKR:IKK 1.1": RealizationInput(inputs=(("n", D(18658193)), ("T", D(18800000)))),
            "PKR:IKK 2.1": RealizationInput(value=D("97.99")),
        },
    )
    result = compute_unit_year(inp)
    ind = by_key(result)
    ikk11, ikk21 = ind["PKR:IKK 1.1"], ind["PKR:IKK 2.1"]
    assert contract_decimal(ikk11.realization) == "99.25"  # type: ignore[arg-type]
    assert str(ikk11.realization).startswith("99.2457")
    assert contract_decimal(ikk11.achievement_uncapped) == "100.25"
    assert contract_decimal(ikk11.achievement) == "100.00"
    assert contract_decimal(ikk21.achievement) == "112.63"
    assert ikk21.achievement is not None
    with localcontext(COMPUTE_CONTEXT):  # the engine's 34 digits
        mean = (D(100) + ikk21.achievement) / 2
    assert result.objectives[0].achievement == mean
    assert result.achievement == mean
    assert contract_decimal(result.achievement) == contract_decimal(mean)
    assert ikk11.code == "IKK 1.1" and ikk11.target == NumericTarget(D(99))


# --- a ministry with composites ------------------------------------------------------------------


def ministry() -> UnitYearInput:
    return batch(
        {
            "SS1": ["K:IKSS 1.1", "K:IKSS 1.2"],
            "SS2": ["K:IKSS 2.1", "K:IKSS 2.2", "K:IKSS 2.3", "K:IKSS 2.4"],
        },
        [
            spec(
                "K:IKSS 1.1",
                components=("R:IKP 1.1", "L:IKP 1.1"),
                aggregation=Aggregation.WEIGHTED_MEAN,
                weights=(("R:IKP 1.1", D(2)), ("L:IKP 1.1", D(1))),
            ),
            spec("K:IKSS 1.2", components=("L:IKP 1.2", "R:IKP 1.2"), aggregation=Aggregation.SUM),
            spec("K:IKSS 2.1", scale=("WTP", "WDP", "TW", "TMP")),
            spec("K:IKSS 2.2"),
            spec("K:IKSS 2.3", polarity=Polarity.LOWER_IS_BETTER),
            spec("K:IKSS 2.4"),
            spec("R:IKP 1.1", formula="a / b * 100"),
            spec("R:IKP 1.2"),
            spec("L:IKP 1.1"),
            spec("L:IKP 1.2", quarter_rule=QuarterRule.SUM),
        ],
        targets={
            "K:IKSS 1.1": NumericTarget(D(80)),
            "K:IKSS 1.2": NumericTarget(D(1200)),
            "K:IKSS 2.1": QualitativeTarget("WTP"),
            "K:IKSS 2.2": RangeTarget(D(80), D(90)),
            "K:IKSS 2.3": NumericTarget(D(5)),
            "K:IKSS 2.4": NumericTarget(D(80)),
        },
        annual={
            "R:IKP 1.1": RealizationInput(inputs=(("a", D(45)), ("b", D(50)))),
            "R:IKP 1.2": value(500),
            "L:IKP 1.1": value(96),
            "K:IKSS 2.1": RealizationInput(value="WTP"),
            "K:IKSS 2.2": value(85),
            "K:IKSS 2.3": value(4),
        },
        quarterly={"L:IKP 1.2": {q: value(100 * q) for q in (1, 2, 3, 4)}},
        policy=Policy(max_achievement=D(120)),
    )


def test_ministry_composites_caps_labels_ranges_and_na() -> None:
    result = compute_unit_year(ministry())
    ind = by_key(result)
    assert ind["K:IKSS 1.1"].realization == D(92)
    assert ind["K:IKSS 1.1"].achievement == D(115)
    assert {c.key: c.realization for c in ind["K:IKSS 1.1"].components} == {
        "R:IKP 1.1": D(90),
        "L:IKP 1.1": D(96),
    }
    assert ind["K:IKSS 1.2"].realization == D(1500)
    assert ind["K:IKSS 1.2"].achievement_uncapped == D(125)
    assert ind["K:IKSS 1.2"].achievement == D(120)
    assert any("batas instansi" in n for n in ind["K:IKSS 1.2"].notes)
    assert ind["K:IKSS 2.1"].realization == "WTP" and ind["K:IKSS 2.1"].achievement == D(100)
    assert ind["K:IKSS 2.2"].achievement == D(100)
    assert ind["K:IKSS 2.3"].achievement == D(120)
    assert ind["K:IKSS 2.4"].achievement is None and ind["K:IKSS 2.4"].realization is None
    assert "realisasi belum ada" in ind["K:IKSS 2.4"].notes
    assert ind["K:IKSS 2.4"].notes.count("realisasi belum ada") == 1  # no duplicate notes
    with localcontext(COMPUTE_CONTEXT):
        ss1 = (D(115) + D(120)) / 2
        ss2 = (D(100) + D(100) + D(120)) / 3
        unit = (ss1 + ss2) / 2
    objectives = {o.code: o for o in result.objectives}
    assert objectives["SS1"].achievement == ss1 and objectives["SS2"].achievement == ss2
    assert any("IKSS 2.4" in n for n in objectives["SS2"].notes)
    assert result.achievement == unit
    assert contract_decimal(result.achievement) == "112.08"


def test_lower_is_better_policy_reaches_the_achievement() -> None:
    inp = ministry()
    inp = UnitYearInput(
        **{**inp.__dict__, "policy": Policy(lower_is_better=LowerIsBetterRule.TARGET_OVER_REALIZATION)}
    )
    assert by_key(compute_unit_year(inp))["K:IKSS 2.3"].achievement == D(125)


def test_composite_with_na_component_is_noted() -> None:
    inp = batch(
        {"S": ["C"]},
        [spec("C", components=("A", "B")), spec("A"), spec("B")],
        targets={"C": NumericTarget(D(50))},
        annual={"A": value(40)},
    )
    c = by_key(compute_unit_year(inp))["C"]
    assert c.realization == D(40) and c.achievement == D(80)
    assert any("B" in n and "tidak dihitung" in n for n in c.notes)
    assert {x.key: x.realization for x in c.components} == {"A": D(40), "B": None}


def test_nested_composites() -> None:
    inp = batch(
        {"S": ["TOP"]},
        [
            spec("TOP", components=("MID", "C"), aggregation=Aggregation.MAX),
            spec("MID", components=("A", "B"), aggregation=Aggregation.SUM),
            spec("A"),
            spec("B"),
            spec("C"),
        ],
        annual={"A": value(1), "B": value(2), "C": value(2)},
    )
    assert by_key(compute_unit_year(inp))["TOP"].realization == D(3)


def test_label_component_is_left_out() -> None:
    inp = batch(
        {"S": ["C"]},
        [spec("C", components=("A", "B")), spec("A"), spec("B")],
        annual={"A": RealizationInput(value="WTP"), "B": value(7)},
    )
    c = by_key(compute_unit_year(inp))["C"]
    assert c.realization == D(7) and any("label" in n for n in c.notes)


# --- cycles and references -----------------------------------------------------------------------


def test_cycle_is_named() -> None:
    inp = batch({"S": ["A"]}, [spec("A", components=("B",)), spec("B", components=("A",))])
    with pytest.raises(KinerjaValidationError, match="A -> B -> A"):
        compute_unit_year(inp)


def test_self_cycle_and_longer_cycle() -> None:
    with pytest.raises(KinerjaValidationError, match="A -> A"):
        compute_unit_year(batch({"S": ["A"]}, [spec("A", components=("A",))]))
    inp = batch(
        {"S": ["X"]},
        [
            spec("X", components=("A",)),
            spec("A", components=("B",)),
            spec("B", components=("C",)),
            spec("C", components=("A",)),
        ],
    )
    with pytest.raises(KinerjaValidationError, match="A -> B -> C -> A"):
        compute_unit_year(inp)


def test_unknown_key_is_refused_in_indonesian() -> None:
    with pytest.raises(KinerjaValidationError, match="'NOPE' tidak didefinisikan"):
        compute_unit_year(batch({"S": ["NOPE"]}, []))
    with pytest.raises(KinerjaValidationError, match="'GONE' tidak didefinisikan.*A"):
        compute_unit_year(batch({"S": ["A"]}, [spec("A", components=("GONE",))]))


def test_too_deep_chain_is_refused() -> None:
    n = MAX_COMPONENT_DEPTH + 5
    specs = [spec(f"K{i}", components=(f"K{i + 1}",)) for i in range(n)] + [spec(f"K{n}")]
    with pytest.raises(KinerjaValidationError, match="terlalu dalam"):
        compute_unit_year(batch({"S": ["K0"]}, specs, annual={f"K{n}": value(1)}))


def test_realisations_are_memoised() -> None:
    # a diamond lattice: every level has two components that both use the next level; without
    # memoisation this needs 2**40 resolutions
    depth = 40
    specs = [
        spec(f"L{i}{side}", components=(f"L{i + 1}a", f"L{i + 1}b")) for i in range(depth) for side in "ab"
    ]
    specs += [spec(f"L{depth}a"), spec(f"L{depth}b")]
    inp = batch({"S": ["L0a"]}, specs, annual={f"L{depth}a": value(3), f"L{depth}b": value(5)})
    start = time.perf_counter()
    assert by_key(compute_unit_year(inp))["L0a"].realization == D(4)
    assert time.perf_counter() - start < 5


def test_weighted_mean_without_weights_names_the_indicator() -> None:
    inp = batch(
        {"S": ["C"]},
        [spec("C", components=("A",), aggregation=Aggregation.WEIGHTED_MEAN), spec("A")],
        annual={"A": value(1)},
    )
    with pytest.raises(KinerjaValidationError) as err:
        compute_unit_year(inp)
    assert err.value.where == "C"


# --- annual records and formulas -----------------------------------------------------------------


def test_stated_value_differing_from_formula_is_noted_formula_wins() -> None:
    inputs = (("n", D(1)), ("T", D(3)))
    specs = [spec("A", formula="n / T * 100"), spec("B", formula="n / T * 100")]
    annual = {
        "A": RealizationInput(value=D("33.33"), inputs=inputs),
        "B": RealizationInput(value=D("33.34"), inputs=inputs),
    }
    ind = by_key(compute_unit_year(batch({"S": ["A", "B"]}, specs, annual=annual)))
    assert ind["A"].realization == ind["B"].realization
    assert contract_decimal(ind["A"].realization) == "33.33"  # type: ignore[arg-type]
    assert not any("berbeda" in n for n in ind["A"].notes)  # 33,333.. vs 33,33: within 0,005
    assert any("berbeda" in n for n in ind["B"].notes)


def test_formula_not_computable_is_na_with_note() -> None:
    inp = batch(
        {"S": ["A"]},
        [spec("A", formula="n / T * 100")],
        targets={"A": NumericTarget(D(99))},
        annual={"A": RealizationInput(inputs=(("n", D(5)), ("T", D(0))))},
    )
    a = by_key(compute_unit_year(inp))["A"]
    assert a.realization is None and a.achievement is None
    assert any("pembagian dengan nol" in n for n in a.notes)


def test_missing_formula_input_is_na_naming_it() -> None:
    inp = batch(
        {"S": ["A"]},
        [spec("A", formula="n / T * 100")],
        annual={"A": RealizationInput(inputs=(("n", D(5)),))},
    )
    a = by_key(compute_unit_year(inp))["A"]
    assert a.realization is None and any("T" in n and "belum ada" in n for n in a.notes)


def test_malformed_formula_raises_with_key() -> None:
    inp = batch(
        {"S": ["A"]}, [spec("A", formula="n ** 2")], annual={"A": RealizationInput(inputs=(("n", D(5)),))}
    )
    with pytest.raises(KinerjaValidationError) as err:
        compute_unit_year(inp)
    assert err.value.where == "A"


def test_inputs_without_formula_fall_back_to_value() -> None:
    inp = batch(
        {"S": ["A", "B"]},
        [spec("A"), spec("B")],
        annual={
            "A": RealizationInput(value=D(7), inputs=(("n", D(1)),)),
            "B": RealizationInput(inputs=(("n", D(1)),)),
        },
    )
    ind = by_key(compute_unit_year(inp))
    assert ind["A"].realization == D(7) and any("rumus" in n for n in ind["A"].notes)
    assert ind["B"].realization is None


# --- quarters ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "expected"), [(QuarterRule.SUM, D(60)), (QuarterRule.AVERAGE, D(20)), (QuarterRule.LAST, D(30))]
)
def test_quarter_rules(rule: QuarterRule, expected: Decimal) -> None:
    quarters = {1: value(10), 3: value(30), 2: value(20), 4: RealizationInput()}
    inp = batch({"S": ["A"]}, [spec("A", quarter_rule=rule)], quarterly={"A": quarters})
    a = by_key(compute_unit_year(inp))["A"]
    assert a.realization == expected
    assert any("triwulan" in n for n in a.notes)


def test_annual_record_wins_over_quarters() -> None:
    inp = batch({"S": ["A"]}, [spec("A")], annual={"A": value(99)}, quarterly={"A": {4: value(1)}})
    assert by_key(compute_unit_year(inp))["A"].realization == D(99)


def test_empty_annual_record_falls_through_to_quarters() -> None:
    inp = batch({"S": ["A"]}, [spec("A")], annual={"A": RealizationInput()}, quarterly={"A": {2: value(5)}})
    assert by_key(compute_unit_year(inp))["A"].realization == D(5)


def test_quarters_with_formula_and_labels() -> None:
    inp = batch(
        {"S": ["A", "B", "C"]},
        [
            spec("A", formula="n / T * 100"),
            spec("B", quarter_rule=QuarterRule.LAST, scale=("WTP", "WDP")),
            spec("C", quarter_rule=QuarterRule.SUM),
        ],
        quarterly={
            "A": {
                1: RealizationInput(inputs=(("n", D(1)), ("T", D(4)))),
                2: RealizationInput(inputs=(("n", D(1)), ("T", D(2)))),
            },
            "B": {1: RealizationInput(value="WDP"), 2: RealizationInput(value="WTP")},
            "C": {1: RealizationInput(value="WTP"), 2: value(3)},
        },
    )
    ind = by_key(compute_unit_year(inp))
    assert ind["A"].realization == D(50)
    assert ind["B"].realization == "WTP"
    assert ind["C"].realization is None and any("label" in n for n in ind["C"].notes)


def test_bad_quarter_number_is_refused() -> None:
    with pytest.raises(KinerjaValidationError, match="triwulan"):
        compute_unit_year(batch({"S": ["A"]}, [spec("A")], quarterly={"A": {5: value(1)}}))


# --- means ---------------------------------------------------------------------------------------


def test_objective_and_unit_notes_for_na() -> None:
    inp = batch(
        {"S1": ["A"], "S2": ["B"], "S3": []},
        [spec("A"), spec("B")],
        targets={"A": NumericTarget(D(10))},
        annual={"A": value(5), "B": value(5)},
    )
    result = compute_unit_year(inp)
    objectives = {o.code: o for o in result.objectives}
    assert objectives["S1"].achievement == D(50)
    assert objectives["S2"].achievement is None and "B" in objectives["S2"].notes[0]
    assert objectives["S3"].achievement is None and objectives["S3"].notes
    assert result.achievement == D(50)
    assert "S2" in result.notes[0] and "S3" in result.notes[0]


def test_empty_unit() -> None:
    result = compute_unit_year(batch({}, []))
    assert result.achievement is None and result.objectives == () and result.notes


# --- property: random small batches --------------------------------------------------------------

KEYS = ["A", "B", "C", "D", "E"]
_num = st.one_of(
    st.decimals(min_value=D(0), max_value=D(1000), allow_nan=False, allow_infinity=False, places=2),
    st.decimals(min_value=D(-1000), max_value=D(1000), allow_nan=False, allow_infinity=False, places=2),
)
_real = st.one_of(
    st.builds(RealizationInput, value=_num),
    st.builds(
        RealizationInput, inputs=st.tuples(st.tuples(st.just("n"), _num), st.tuples(st.just("T"), _num))
    ),
    st.builds(RealizationInput, value=st.sampled_from(["WTP", "X"])),
    st.builds(RealizationInput, inputs=st.tuples(st.tuples(st.just("n"), _num))),
    st.builds(RealizationInput),
)
_target = st.one_of(
    st.builds(NumericTarget, _num),
    st.builds(RangeTarget, _num, _num),
    st.builds(QualitativeTarget, st.sampled_from(["WTP", "TMP", "?"])),
    st.none(),
)


@st.composite
def _spec(draw: st.DrawFn, key: str, keys: list[str]) -> IndicatorSpec:
    # components: mostly none; otherwise mostly later keys (acyclic), sometimes any key or an unknown one
    kind = draw(st.sampled_from(["plain"] * 4 + ["acyclic"] * 3 + ["any", "unknown"]))
    later = [k for k in keys if KEYS.index(k) > KEYS.index(key)]
    pool = {"plain": [], "acyclic": later, "any": keys, "unknown": [*keys, "MISSING"]}[kind]
    components = tuple(draw(st.lists(st.sampled_from(pool), max_size=3, unique=True))) if pool else ()
    weights = tuple(
        (c, draw(st.sampled_from([D(1), D(2), D(0)]))) for c in components if draw(st.integers(0, 5))
    )
    return IndicatorSpec(
        key=key,
        code=key,
        polarity=draw(st.sampled_from(list(Polarity))),
        max_achievement=draw(st.sampled_from([None, None, D(100), D(120), D(0)])),
        formula=draw(st.sampled_from([None, "n / T * 100", "n - 1", "n +"])),
        components=components,
        aggregation=draw(st.sampled_from(list(Aggregation))),
        weights=weights,
        scale=draw(st.sampled_from([(), (), ("WTP", "WDP", "TMP")])),
        quarter_rule=draw(st.sampled_from(list(QuarterRule))),
    )


@st.composite
def _batches(draw: st.DrawFn) -> UnitYearInput:
    keys = sorted(draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=5, unique=True)))
    indicators = {k: draw(_spec(k, keys)) for k in keys}
    referenced = [*keys, *keys, *keys, "MISSING"]  # an unknown key now and then
    objectives = tuple(
        ObjectiveSpec(f"S{i}", tuple(draw(st.lists(st.sampled_from(referenced), min_size=1, max_size=3))))
        for i in range(draw(st.integers(0, 3)))
    )
    quarter_numbers = st.lists(st.sampled_from([1, 2, 3, 4] * 5 + [0, 5]), max_size=4, unique=True)
    return UnitYearInput(
        unit="U",
        year=2022,
        objectives=objectives,
        indicators=indicators,
        targets={k: t for k in keys if (t := draw(_target)) is not None},
        annual={k: draw(_real) for k in keys if draw(st.sampled_from([True, True, True, False]))},
        quarterly={k: {q: draw(_real) for q in draw(quarter_numbers)} for k in keys if draw(st.booleans())},
        policy=Policy(
            max_achievement=draw(st.sampled_from([None, D(110), D(120)])),
            lower_is_better=draw(st.sampled_from(list(LowerIsBetterRule))),
        ),
    )


@settings(max_examples=300)
@given(_batches())
def test_property_engine_raises_only_validation_error(inp: UnitYearInput) -> None:
    try:
        result = compute_unit_year(inp)
    except KinerjaValidationError as exc:
        assert exc.message
        return
    for obj in result.objectives:
        for ind in obj.indicators:
            if ind.achievement is None:
                assert ind.notes
            elif ind.achievement_uncapped is not None:
                assert ind.achievement <= ind.achievement_uncapped
