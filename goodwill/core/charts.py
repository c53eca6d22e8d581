"""Monthly bar charts as plain data for an inline SVG: the leads, giving and network
pages draw them with the same template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CHART_W, CHART_H, CHART_PAD = 320, 120, 18


def month_starts(on: dt.date, count: int) -> list[dt.date]:
    year, month = on.year, on.month
    starts = []
    for _ in range(count):
        starts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _zero(value):
    return 0 if value is None else value


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
    labels: list[tuple[float, str]]
    baseline: float
    empty: bool


def bar_chart(
    title: str, months: list, series: list[tuple[str, str, callable]], *, empty: bool
) -> Chart:
    """Grouped bars per month. ``series``: (css class, name, month → value or None);
    a float value is a rate, shown as a percentage."""
    values = [[_zero(fn(m)) for _, _, fn in series] for m in months]
    top = max((v for row in values for v in row), default=0) or 1
    plot_h = CHART_H - CHART_PAD
    slot = CHART_W / max(len(months), 1)
    bar_w = max((slot - 4) / max(len(series), 1), 1)
    bars, labels = [], []
    for i, (month, row) in enumerate(zip(months, values, strict=True)):
        for j, value in enumerate(row):
            height = round(plot_h * value / top, 1)
            css, name, _ = series[j]
            shown = f"{round(value * 100)}%" if isinstance(value, float) else value
            bars.append(
                Bar(
                    x=round(i * slot + 2 + j * bar_w, 1),
                    y=round(plot_h - height, 1),
                    width=round(bar_w - 1, 1),
                    height=height,
                    css=css,
                    title=f"{month.start:%b %Y}: {shown} {name}",
                )
            )
        labels.append((round(i * slot + slot / 2, 1), month.label))
    return Chart(title, CHART_W, CHART_H, bars, labels, plot_h, empty)
