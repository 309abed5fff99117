"""Simple, accessible bar charts as inline SVG, drawn on the server (no JavaScript)."""

from __future__ import annotations

from html import escape
from typing import List, Optional, Tuple

from bot.insight import SUPPRESS_BELOW

ROW = 28
LABEL_WIDTH = 260
BAR_WIDTH = 360


def bar_chart(
    title: str, rows: List[Tuple[str, int]], shown: List[str], chart_id: str, values: Optional[List[float]] = None
) -> str:
    """Horizontal bars. Suppressed values (below 5) get no bar, only the label "<5".
    The chart is an image with a title; the data table beside it carries the figures."""
    values = values if values is not None else [count for _, count in rows]
    drawn = [0.0 if count < SUPPRESS_BELOW else value for (_, count), value in zip(rows, values)]
    top = max(drawn, default=0) or 1
    height = max(ROW * len(rows), ROW)
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title" viewBox="0 0 {LABEL_WIDTH + BAR_WIDTH + 60} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet"><title id="{chart_id}-title">{escape(title)}</title>'
    ]
    for index, ((label, _), value, text) in enumerate(zip(rows, drawn, shown)):
        y = index * ROW
        width = BAR_WIDTH * value / top
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 19}" text-anchor="end" class="chart-label">{escape(label[:36])}</text>'
        )
        if width:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{width:.1f}" height="{ROW - 8}" class="chart-bar"/>'
            )
        parts.append(f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + 19}" class="chart-value">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)
