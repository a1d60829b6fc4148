"""Charts drawn on the server as inline SVG: no script, nothing fetched, and
allowed by the Content Security Policy (presentation attributes only, no
style attributes). Each chart has a title and a description for screen
readers; the page puts the table behind it right below, which is the
accessible version of the same figures.

A chart is grouped bars: one group per quarter, one bar per scope
(region), with the target as a dashed line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

# GOV.UK Design System colours, distinguishable side by side.
PALETTE = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#505a5f", "#0b0c0c", "#28a197"]
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 44


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value:
            return float(top)
    return float(10 * magnitude)


def _number(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    target: float | None = None,
    target_label: str = "",
) -> SafeString:
    values = [v for s in series for v in s.values if v is not None]
    top = _nice_top(max([*values, target or 0, 0]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    groups = max(len(categories), 1)
    group_w = plot_w / groups
    bar_w = max(2.0, (group_w * 0.8) / max(len(series), 1))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 24 * _legend_rows(series)}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="nas-chart" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for tick in range(5):
        value = top * tick / 4
        y = TOP + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="#b1b4b6" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'font-family="arial, sans-serif" fill="#0b0c0c">{_number(value)}</text>'
        )
    for index, category in enumerate(categories):
        x0 = LEFT + group_w * index + group_w * 0.1
        for position, item in enumerate(series):
            figure = item.values[index] if index < len(item.values) else None
            if figure is None:
                continue
            h = plot_h * figure / top
            x = x0 + bar_w * position
            parts.append(
                f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar_w * 0.9:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[position % len(PALETTE)]}"><title>{escape(item.name)}, {escape(category)}: '
                f"{_number(figure)}</title></rect>"
            )
        parts.append(
            f'<text x="{LEFT + group_w * (index + 0.5):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
            f'font-size="12" font-family="arial, sans-serif" fill="#0b0c0c">{escape(category)}</text>'
        )
    if target is not None:
        y = TOP + plot_h - plot_h * target / top
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#0b0c0c" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{y - 4:.1f}" text-anchor="end" font-size="12" '
            f'font-family="arial, sans-serif" fill="#0b0c0c">{escape(target_label)}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#0b0c0c"/>'
    )
    parts.extend(_legend(series))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above


def _legend_rows(series: Sequence[Series]) -> int:
    return (len(series) + 2) // 3


def _legend(series: Sequence[Series]) -> list[str]:
    out = []
    for position, item in enumerate(series):
        row, column = divmod(position, 3)
        x = LEFT + column * 220
        y = HEIGHT + row * 24
        out.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{PALETTE[position % len(PALETTE)]}"/>'
        )
        out.append(
            f'<text x="{x + 18}" y="{y}" font-size="12" font-family="arial, sans-serif" '
            f'fill="#0b0c0c">{escape(item.name)}</text>'
        )
    return out
