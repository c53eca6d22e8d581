"""Monthly bar charts as plain data for an inline SVG: the leads, giving and network
pages draw them with the same template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CHART_W, CHART_H, CHART_PAD = 320, 140, 18  # CHART_PAD: room for the month labels
CHART_LEFT, CHART_TOP = 30, 12  # room for the value axis's labels, and above the bars
ZERO_H = 1.5  # a zero is drawn as a thin mark on the axis, so "0" is seen, not missing


def month_starts(on: dt.date, count: int) -> list[dt.date]:
    year, month = on.year, on.month
    starts = []
    for _ in range(count):
        starts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass
class Chart:
    title: str
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, str]]  # months along the bottom: (x, label)
    baseline: float  # the y of the zero line
    empty: bool
    unit: str = ""  # what the bars count, shown beside the title ("leads", "%")
    ticks: list[tuple[float, str]] = field(default_factory=list)  # value axis: (y, label)
    left: int = CHART_LEFT  # the x of the value axis
    values: list[tuple[float, float, str]] = field(default_factory=list)  # (x, y, text)
    empty_text: str = "Nothing to chart yet."


def _nice_top(top: float) -> int:
    """A round top for the value axis: 1, 2, 5, 10, 20, 50…"""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if top <= step * factor:
                return step * factor
        step *= 10


def bar_chart(
    title: str,
    months: list,
    series: list[tuple[str, str, callable]],
    *,
    empty: bool,
    unit: str = "",
    empty_text: str = "Nothing to chart yet.",
) -> Chart:
    """Grouped bars per month, with a value axis (0 at the bottom, the top labelled) in
    ``unit``. ``series``: (css class, name, month → value or None); a float value is a
    rate, drawn on a 0-100 % axis. None is "nothing to measure" (no bar); a zero is a
    thin mark on the axis with its value, so 0 % reads as 0 %, not as a blank."""
    raw = [[fn(m) for _, _, fn in series] for m in months]
    rate = any(isinstance(v, float) for row in raw for v in row)
    top = 1.0 if rate else _nice_top(max((v or 0 for row in raw for v in row), default=0))
    base = CHART_H - CHART_PAD
    plot_h = base - CHART_TOP
    plot_w = CHART_W - CHART_LEFT
    slot = plot_w / max(len(months), 1)
    bar_w = max((slot - 4) / max(len(series), 1), 1)
    bars, labels, values = [], [], []
    for i, (month, row) in enumerate(zip(months, raw, strict=True)):
        for j, value in enumerate(row):
            if value is None:
                continue
            height = max(round(plot_h * value / top, 1), ZERO_H)
            css, name, _ = series[j]
            shown = f"{round(value * 100)}%" if rate else str(value)
            x = round(CHART_LEFT + i * slot + 2 + j * bar_w, 1)
            bars.append(
                Bar(
                    x=x,
                    y=round(base - height, 1),
                    width=round(bar_w - 1, 1),
                    height=height,
                    css=f"{css} bar-zero" if not value else css,
                    title=f"{month.start:%b %Y}: {shown} {name}",
                )
            )
            if len(series) == 1:
                values.append((round(x + (bar_w - 1) / 2, 1), round(base - height - 2, 1), shown))
        labels.append((round(CHART_LEFT + i * slot + slot / 2, 1), month.label))
    half = top / 2
    ticks = [
        (round(base - plot_h * fraction, 1), f"{round(v * 100)}%" if rate else f"{v:g}")
        for fraction, v in ((0, 0), (0.5, half), (1, top))
        if rate or fraction != 0.5 or float(half).is_integer()
    ]
    return Chart(
        title,
        CHART_W,
        CHART_H,
        bars,
        labels,
        base,
        empty,
        unit=unit or ("%" if rate else ""),
        ticks=ticks,
        values=values,
        empty_text=empty_text,
    )
