"""Bar charts as server-drawn SVG: geometry computed here, drawn by `common/chart.html` with
SVG attributes only (the CSP forbids inline styles and scripts). Each chart has a title and a
description for screen readers, and the page shows the same numbers in a table beside it.
Every dashboard draws its charts here (performance, the workforce, case audits' results):
imports nothing from Safeguard, so any app may."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 640
BAR_COLOUR = "#1d70b8"  # GOV.UK blue
BENCHMARK_COLOUR = "#d4351c"  # GOV.UK red: 4.5:1 on white, for the line and its label
TEXT_COLOUR = "#0b0c0c"
AXIS_COLOUR = "#505a5f"


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class Tick:
    text: str
    x1: float
    y1: float
    x2: float
    y2: float
    text_x: float
    text_y: float


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    horizontal: bool
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    benchmark: Tick | None = None
    axis: Tick | None = None
    colour: str = BAR_COLOUR
    benchmark_colour: str = BENCHMARK_COLOUR
    text_colour: str = TEXT_COLOUR
    axis_colour: str = AXIS_COLOUR


def _nice_max(value: Decimal) -> Decimal:
    """A round number at or above `value` for the top of the scale."""
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = magnitude * Decimal(str(step))
        if top >= value:
            return top
    return magnitude * 10


def _fmt(value: Decimal | None, missing: str = "no data", suffix: str = "") -> str:
    if value is None:
        return missing
    return f"{value:,}{suffix}"


def trend_chart(
    *,
    chart_id: str,
    title: str,
    unit: str,
    points: list[tuple[str, Decimal | None]],
    benchmark: Decimal | None,
    benchmark_label: str,
    by: str = "month",
    top_of_scale: Decimal | None = None,
    missing: str = "no data",
    suffix: str = "",
) -> Chart:
    """Vertical bars, one a month (or quarter: `by`), with England's figure as a dashed line
    across. The scale tops at a round number above the highest bar, or at `top_of_scale` (a
    percentage's 100). A missing value is described as `missing`; with more than twelve bars
    only every sixth is labelled on the axis (the description and the table give them all)."""
    left, right, top, bottom = 56, 16, 32, 64
    height = 300
    values = [v for _, v in points if v is not None]
    peak = max([*values, benchmark or Decimal(0), Decimal(0)])
    scale_max = top_of_scale if top_of_scale is not None else _nice_max(peak)
    plot_w = WIDTH - left - right
    plot_h = height - top - bottom
    slot = plot_w / max(len(points), 1)
    bar_w = slot * 0.7
    every = 1 if len(points) <= 12 else 6
    described = ", ".join(f"{label}: {_fmt(v, missing, suffix)}" for label, v in points)
    chart = Chart(
        id=chart_id,
        title=title,
        description=(
            f"Bar chart of {unit} by {by}. {described}."
            + (f" Dashed line: {benchmark_label}." if benchmark is not None else "")
        ),
        width=WIDTH,
        height=height,
        horizontal=False,
    )

    def y_of(v: Decimal) -> float:
        return top + plot_h - float(v / scale_max) * plot_h

    for i in range(5):
        v = scale_max * i / 4
        y = y_of(v)
        text = f"{v.normalize():,f}{suffix}"
        chart.ticks.append(Tick(text, left, y, WIDTH - right, y, left - 6, y + 4))
    for i, (label, value) in enumerate(points):
        x = left + slot * i + (slot - bar_w) / 2
        v = value if value is not None else Decimal(0)
        y = y_of(v)
        chart.bars.append(
            Bar(
                label=label if (len(points) - 1 - i) % every == 0 else "",
                value_text=_fmt(value, "", suffix),
                x=round(x, 1),
                y=round(y, 1),
                width=round(bar_w, 1),
                height=round(top + plot_h - y, 1),
                label_x=round(x + bar_w / 2, 1),
                label_y=height - bottom + 16,
                value_x=round(x + bar_w / 2, 1),
                value_y=round(y - 4, 1),
            )
        )
    chart.axis = Tick("", left, top + plot_h, WIDTH - right, top + plot_h, 0, 0)
    if benchmark is not None:
        y = y_of(benchmark)
        # The label sits above the plot, clear of the bars, as a key to the dashed line.
        chart.benchmark = Tick(benchmark_label, left, y, WIDTH - right, y, WIDTH - right, 18)
    return chart


def team_chart(
    *,
    chart_id: str,
    title: str,
    unit: str,
    points: list[tuple[str, Decimal | None]],
    benchmark: Decimal | None,
    benchmark_label: str,
) -> Chart:
    """Horizontal bars, one a team, with England's figure as a dashed line down."""
    left, right, top, bar_h, gap = 190, 64, 8, 22, 10
    height = top + len(points) * (bar_h + gap) + 40
    values = [v for _, v in points if v is not None]
    scale_max = _nice_max(max([*values, benchmark or Decimal(0), Decimal(0)]))
    plot_w = WIDTH - left - right
    described = ", ".join(f"{label}: {_fmt(v)}" for label, v in points)
    chart = Chart(
        id=chart_id,
        title=title,
        description=(
            f"Bar chart of {unit} by team. {described}."
            + (f" Dashed line: {benchmark_label}." if benchmark is not None else "")
        ),
        width=WIDTH,
        height=height,
        horizontal=True,
    )

    def x_of(v: Decimal) -> float:
        return left + float(v / scale_max) * plot_w

    for i, (label, value) in enumerate(points):
        y = top + i * (bar_h + gap)
        v = value if value is not None else Decimal(0)
        width = x_of(v) - left
        chart.bars.append(
            Bar(
                label=label if len(label) <= 28 else label[:27] + "…",
                value_text=_fmt(value),
                x=left,
                y=y,
                width=round(width, 1),
                height=bar_h,
                label_x=left - 6,
                label_y=y + bar_h * 0.7,
                value_x=round(left + width + 4, 1),
                value_y=y + bar_h * 0.7,
            )
        )
    bottom = top + len(points) * (bar_h + gap)
    chart.axis = Tick("", left, top, left, bottom, 0, 0)
    for i in range(5):
        v = scale_max * i / 4
        x = x_of(v)
        chart.ticks.append(Tick(f"{v.normalize():,f}", x, bottom, x, bottom + 4, x, bottom + 18))
    if benchmark is not None:
        x = x_of(benchmark)
        chart.benchmark = Tick(benchmark_label, x, top, x, bottom, round(x, 1), bottom + 34)
    return chart
