"""The trend chart geometry (pure Python): scales, ticks, broken lines, points only with data."""

from __future__ import annotations

from decimal import Decimal

from kinerja.core.bands import DEFAULT_ACHIEVEMENT_BANDS
from kinerja.web.charts import Series, nice_step, trend_chart

YEARS = [2020, 2021, 2022, 2023, 2024]


def test_nice_steps() -> None:
    assert nice_step(Decimal(120)) == 20
    assert nice_step(Decimal("0.4"), 4) == Decimal("0.1")
    assert nice_step(Decimal(0)) == 1


def test_capaian_scale_with_bands() -> None:
    chart = trend_chart(
        YEARS, [Series("U", "Unit", {2022: Decimal("104.05")}, main=True)], DEFAULT_ACHIEVEMENT_BANDS
    )
    assert [t.text for t in chart.y_ticks] == ["0", "20", "40", "60", "80", "100", "120"]
    assert [b.label for b in chart.bands] == [b.label for b in DEFAULT_ACHIEVEMENT_BANDS]
    assert [p.year for p in chart.series[0].points] == [2022]
    assert chart.series[0].segments == []
    assert chart.series[0].points[0].text == "Unit 2022: 104,05%"


def test_gaps_break_the_line_and_scale_fits_the_values() -> None:
    values = {2020: Decimal("0.682"), 2021: Decimal("0.690"), 2023: Decimal("0.70"), 2024: Decimal("0.71")}
    chart = trend_chart(YEARS, [Series("I", "Realisasi", values)], floor=None, ceiling=None, unit_suffix="")
    drawn = chart.series[0]
    assert len(drawn.segments) == 2  # 2020-2021 and 2023-2024, nothing through 2022
    assert [p.year for p in drawn.points] == [2020, 2021, 2023, 2024]
    assert all("," in t.text for t in chart.y_ticks)  # Indonesian decimals on the axis
    top, bottom = chart.top, chart.bottom_edge
    assert all(top <= p.y <= bottom for p in drawn.points)
    # larger value, higher on the chart (smaller y)
    assert drawn.points[-1].y < drawn.points[0].y
    assert drawn.points[0].text == "Realisasi 2020: 0,68"


def test_no_values() -> None:
    chart = trend_chart(YEARS, [Series("U", "Unit", {})])
    assert not chart.has_points and chart.y_ticks
