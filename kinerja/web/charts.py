"""Server-rendered trend charts (inline SVG, no JavaScript) over the Renstra years.

``trend_chart`` turns series of values per year (computed by the engine elsewhere) into plain
geometry the template draws: optional bands as shaded backgrounds (colours from the band data),
grid lines with Indonesian tick labels, one polyline per series (broken where a year has no
value) and one point per year that has a value. Nothing is computed here but positions.

Two uses: capaian (%) of a unit and its objectives, on a scale from 0 to at least 120 with the
achievement bands behind; and the realisation of one indicator against its target, on a scale
fitted to the values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from kinerja.core.bands import Band
from kinerja.core.numbers import format_number, show_value

WIDTH = 640
HEIGHT = 260
SMALL = (360, 170)
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 12, 30
PALETTE = ("#0b5cab", "#8250df", "#0a7ea4", "#953800", "#bf3989", "#57606a", "#1b1f24", "#6e40c9")
TARGET_COLOUR = "#57606a"


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: dict[int, Decimal | None]  # year -> value (None = n.a)
    main: bool = False
    points: bool = True  # draw a point per year with a value (False: the line only)
    dashed: bool = False
    colour: str | None = None


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    year: int
    text: str


@dataclass(frozen=True)
class DrawnSeries:
    key: str
    label: str
    colour: str
    width: float
    dashed: bool
    segments: list[str]  # "x,y x,y ..." for each unbroken run of years
    points: list[Point]


@dataclass(frozen=True)
class Rect:
    y: float
    height: float
    colour: str
    label: str


@dataclass(frozen=True)
class Tick:
    pos: float
    text: str


@dataclass
class TrendChart:
    width: int
    height: int
    left: int
    right_edge: int
    top: int
    bottom_edge: int
    bands: list[Rect] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    series: list[DrawnSeries] = field(default_factory=list)
    font_size: int = 11

    @property
    def plot_width(self) -> int:
        return self.right_edge - self.left

    @property
    def has_points(self) -> bool:
        return any(s.points for s in self.series)


def nice_step(span: Decimal, ticks: int = 6) -> Decimal:
    """A tick step of 1, 2 or 5 times a power of ten giving about ``ticks`` intervals."""
    if span <= 0:
        return Decimal(1)
    raw = span / ticks
    power = Decimal(10) ** (raw.adjusted())
    for factor in (1, 2, 5, 10):
        if power * factor >= raw:
            return power * factor
    return power * 10  # pragma: no cover - the loop always returns


def _places(step: Decimal) -> int:
    """Decimals needed to print ticks ``step`` apart (0 for whole steps)."""
    if step >= 1:
        return 0
    exponent = step.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 2


def trend_chart(
    years: Sequence[int],
    series: Sequence[Series],
    bands: Sequence[Band] = (),
    *,
    floor: Decimal | None = Decimal(0),
    ceiling: Decimal | None = Decimal(120),
    unit_suffix: str = "%",
    size: tuple[int, int] = (WIDTH, HEIGHT),
    ticks: int = 6,
) -> TrendChart:
    """Geometry of a chart of ``series`` over ``years``; the value scale covers every value and
    ``floor``/``ceiling`` when given (None: fitted to the values, with a margin)."""
    values = [v for s in series for v in s.values.values() if v is not None]
    low = min([*values, *([floor] if floor is not None else [])], default=Decimal(0))
    high = max([*values, *([ceiling] if ceiling is not None else [])], default=Decimal(1))
    if floor is None or ceiling is None:
        margin = (high - low) / 10 if high > low else (abs(high) / 10 or Decimal(1))
        low = low - margin if floor is None else low
        high = high + margin if ceiling is None else high
    step = nice_step(high - low, ticks)
    y_min = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    y_max = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    if y_max <= y_min:
        y_max = y_min + step
    width, height = size
    chart = TrendChart(width, height, LEFT, width - RIGHT, TOP, height - BOTTOM)
    chart.font_size = 11 if width >= WIDTH else 14
    plot_h = chart.bottom_edge - chart.top
    plot_w = chart.right_edge - chart.left
    span = y_max - y_min

    def y_of(value: Decimal) -> float:
        clipped = min(max(value, y_min), y_max)
        return round(chart.top + float((y_max - clipped) / span) * plot_h, 1)

    def x_of(index: int) -> float:
        if len(years) == 1:
            return round(chart.left + plot_w / 2, 1)
        return round(chart.left + plot_w * index / (len(years) - 1), 1)

    for band in bands:
        band_low = max(band.low, y_min) if band.low.is_finite() else y_min
        band_high = y_max if band.high is None else min(band.high, y_max)
        if band_high <= band_low:
            continue
        top_y, bottom_y = y_of(band_high), y_of(band_low)
        chart.bands.append(Rect(top_y, round(bottom_y - top_y, 1), band.colour, band.label))
    places = _places(step)
    tick = y_min
    while tick <= y_max:
        chart.y_ticks.append(Tick(y_of(tick), format_number(tick, places)))
        tick += step
    for i, year in enumerate(years):
        chart.x_ticks.append(Tick(x_of(i), str(year)))
    for n, s in enumerate(series):
        colour = s.colour or (PALETTE[0] if s.main else PALETTE[(n % (len(PALETTE) - 1)) + 1])
        segments: list[str] = []
        run: list[str] = []
        points: list[Point] = []
        for i, year in enumerate(years):
            value = s.values.get(year)
            if value is None:
                if len(run) > 1:
                    segments.append(" ".join(run))
                run = []
                continue
            x, y = x_of(i), y_of(value)
            run.append(f"{x},{y}")
            if s.points:
                points.append(Point(x, y, year, f"{s.label} {year}: {show_value(value)}{unit_suffix}"))
        if len(run) > 1:
            segments.append(" ".join(run))
        chart.series.append(
            DrawnSeries(s.key, s.label, colour, 3.0 if s.main else 1.5, s.dashed, segments, points)
        )
    return chart
