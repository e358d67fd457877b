"""Charts of the Laporan Kinerja as PNG images (matplotlib, Agg backend, no display needed).

The values drawn are the engine's (already computed in ``assemble``); the labels use Indonesian
number formatting. Output is deterministic: fixed size and DPI, no timestamp in the PNG.
"""

from __future__ import annotations

import io
import threading
from decimal import Decimal
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, ScalarFormatter  # noqa: E402

from kinerja.core.numbers import format_number  # noqa: E402
from kinerja.reports.assemble import UnitYearReport  # noqa: E402

_LOCK = threading.Lock()  # matplotlib's text layout caches are not thread-safe
_DPI = 150
_BLUE = "#1f5f99"
_GREEN = "#3a8f5c"
_ORANGE = "#d9822b"
_GREY = "#8a8a8a"


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI, metadata={"Software": None}, bbox_inches="tight")
    return buf.getvalue()


def tick_label(value: float, _position: object = None) -> str:
    """An axis tick in Indonesian notation: ``117,5``, ``100``, ``1.250``."""
    number = Decimal(repr(float(value))).normalize()
    exponent = number.as_tuple().exponent
    places = min(2, max(0, -exponent)) if isinstance(exponent, int) else 0
    return format_number(number, places)


# a value label sits on a white ground above the reference lines, so no line strikes it through
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9}


def _bar_label(ax: Any, bar: Any, value: Decimal | None) -> None:
    """The value above its bar, on a white ground over the reference lines ("n.a" when None)."""
    ax.annotate(
        format_number(value) if value is not None else "n.a",
        (bar.get_x() + bar.get_width() / 2, bar.get_height()),
        ha="center",
        va="bottom",
        fontsize=8,
        xytext=(0, 3),
        textcoords="offset points",
        bbox=_LABEL_BOX,
        zorder=4,
    )


def _style(fig: Figure) -> None:
    for ax in fig.axes:
        ax.spines["top"].set_visible(False)
        ax.spines["right"].set_visible(False)
        ax.tick_params(labelsize=8)
        for axis in (ax.xaxis, ax.yaxis):  # numeric axes only: categories and years keep their labels
            if isinstance(axis.get_major_formatter(), ScalarFormatter):
                axis.set_major_formatter(FuncFormatter(tick_label))


def achievement_by_objective(report: UnitYearReport) -> bytes | None:
    """Bar chart: capaian per sasaran in the report year, with the 100% line (None: nothing measured)."""
    if all(o.achievement is None for o in report.objectives):
        return None
    with _LOCK:
        fig = Figure(figsize=(6.4, 3.2))
        ax = fig.add_subplot()
        codes = [o.code for o in report.objectives]
        values = [float(o.achievement) if o.achievement is not None else 0.0 for o in report.objectives]
        bars = ax.bar(codes, values, color=_BLUE, width=0.55)
        for bar, obj in zip(bars, report.objectives, strict=True):
            _bar_label(ax, bar, obj.achievement)
        ax.axhline(100, color=_ORANGE, linestyle="--", linewidth=1, zorder=1)
        ax.annotate(
            "100%",
            (1.0, 100),
            xycoords=("axes fraction", "data"),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color=_ORANGE,
        )
        top = max([*values, 100.0])
        ax.set_ylim(0, top * 1.15)
        ax.set_ylabel("Capaian (%)", fontsize=8)
        ax.set_title(f"Capaian per sasaran tahun {report.year}", fontsize=10)
        _style(fig)
        return _png(fig)


def trend(report: UnitYearReport) -> bytes | None:
    """Line chart: capaian of the unit (labelled) and of each sasaran over the Renstra years
    measured so far, a gap where a year has none; one measured year as labelled bars (None when no
    year has a capaian)."""
    histories = [report.unit_history, *(o.history for o in report.objectives)]
    if all(v is None for h in histories for v in h.values()):
        return None
    years = sorted(report.unit_history)
    series: list[tuple[str, dict[int, Decimal | None], str]] = [("Unit", report.unit_history, _BLUE)]
    palette = [_GREEN, _ORANGE, "#7b4fa0", "#b03a48", "#2a9d8f", "#6c757d"]
    for i, obj in enumerate(report.objectives):
        series.append((obj.code, obj.history, palette[i % len(palette)]))
    measured_years = sorted({y for h in histories for y, v in h.items() if v is not None})
    if len(measured_years) == 1:
        return _one_year(report, measured_years[0], series)
    with _LOCK:
        fig = Figure(figsize=(6.4, 3.2))
        ax = fig.add_subplot()
        shown = [y for y in years if measured_years[0] <= y <= measured_years[-1]]
        for label, hist, colour in series:
            # a year without a capaian is a gap in the line, not a straight line across it
            ys = [float(v) if (v := hist.get(y)) is not None else float("nan") for y in shown]
            width = 2.0 if label == "Unit" else 1.0
            ax.plot(shown, ys, marker="o", color=colour, linewidth=width, markersize=4, label=label, zorder=3)
        for year in shown:  # the unit's capaian printed at each of its points
            value = report.unit_history.get(year)
            if value is not None:
                ax.annotate(
                    format_number(value),
                    (year, float(value)),
                    ha="center",
                    va="bottom",
                    fontsize=7,
                    color=_BLUE,
                    xytext=(0, 5),
                    textcoords="offset points",
                    bbox=_LABEL_BOX,
                    zorder=4,
                )
        ax.axhline(100, color=_GREY, linestyle=":", linewidth=1, zorder=1)
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + (high - low) * 0.12)  # room for the labels above the top point
        ax.set_xticks(report.period_years)
        ax.set_xticklabels([str(y) for y in report.period_years])
        ax.set_xlim(report.plan.period[0] - 0.5, report.plan.period[1] + 0.5)
        ax.set_ylabel("Capaian (%)", fontsize=8)
        ax.set_title(
            f"Capaian kinerja per tahun Renstra {report.plan.period[0]}–{report.plan.period[1]}", fontsize=10
        )
        ax.legend(
            fontsize=7,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12),
            frameon=False,
            ncol=min(6, len(series)),
        )
        _style(fig)
        return _png(fig)


def _one_year(
    report: UnitYearReport, year: int, series: list[tuple[str, dict[int, Decimal | None], str]]
) -> bytes:
    """With one Renstra year measured so far there is no trend to draw: the unit and each sasaran
    that year as labelled bars, titled as such."""
    shown = [(label, hist.get(year), colour) for label, hist, colour in series]
    with _LOCK:
        fig = Figure(figsize=(6.4, 3.2))
        ax = fig.add_subplot()
        labels = [label for label, _, _ in shown]
        values = [float(v) if v is not None else 0.0 for _, v, _ in shown]
        bars = ax.bar(labels, values, color=[c for _, _, c in shown], width=0.55)
        for bar, (_, value, _) in zip(bars, shown, strict=True):
            _bar_label(ax, bar, value)
        ax.axhline(100, color=_GREY, linestyle=":", linewidth=1, zorder=1)
        ax.set_ylim(0, max([*values, 100.0]) * 1.15)
        ax.set_ylabel("Capaian (%)", fontsize=8)
        ax.set_title(
            f"Capaian kinerja tahun {year} (satu-satunya tahun Renstra {report.plan.period[0]}–"
            f"{report.plan.period[1]} yang sudah terukur)",
            fontsize=10,
        )
        _style(fig)
        return _png(fig)


def budget_absorption(report: UnitYearReport) -> bytes | None:
    """Horizontal bars: pagu against realisasi with the absorption rate; None when no line has both
    a pagu and a realisation (nothing to draw: the LKj says so in words)."""
    lines = [x for x in ([report.budget.total] if report.budget.total else []) + report.budget.accounts]
    lines = [x for x in lines if x.pagu and x.realization is not None]
    if not lines:
        return None
    with _LOCK:
        fig = Figure(figsize=(6.4, 0.9 + 0.7 * len(lines)))
        ax = fig.add_subplot()
        labels = [x.label if len(x.label) <= 40 else x.label[:38] + "…" for x in lines]
        positions = list(range(len(lines)))
        # percent of pagu, so lines of very different size share one axis
        pagu_pct = [100.0 for _ in lines]
        real_pct = [float(x.absorption) if x.absorption is not None else 0.0 for x in lines]
        ax.barh([p + 0.18 for p in positions], pagu_pct, height=0.34, color="#c9d6e3", label="Pagu")
        ax.barh([p - 0.18 for p in positions], real_pct, height=0.34, color=_GREEN, label="Realisasi")
        for p, x in zip(positions, lines, strict=True):
            text = format_number(x.absorption) + "%" if x.absorption is not None else "n.a"
            ax.text(min(real_pct[p], 100.0) + 1, p - 0.18, text, va="center", fontsize=8)
        ax.set_yticks(positions)
        ax.set_yticklabels(labels, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, 115)
        ax.set_xlabel("Persentase terhadap pagu (%)", fontsize=8)
        ax.set_title(f"Penyerapan anggaran tahun {report.year}", fontsize=10)
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False, ncol=2)
        _style(fig)
        return _png(fig)
