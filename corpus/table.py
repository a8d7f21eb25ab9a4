"""Plain-text tables for the terminal, aligned for wide (Hangul) characters."""

from __future__ import annotations

import unicodedata
from typing import Sequence


def cell_width(text: str) -> int:
    """Terminal cells taken by `text` (East Asian wide and fullwidth characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells (with an ellipsis) and padded to exactly `width`."""
    text = text.replace("\n", " ")
    if cell_width(text) > width:
        out, used = [], 0
        for ch in text:
            w = cell_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - cell_width(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], max_widths: Sequence[int] | None = None) -> str:
    """An aligned table with a header rule."""
    widths = [cell_width(h) for h in headers]
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], cell_width(value))
    if max_widths:
        widths = [min(w, m) for w, m in zip(widths, max_widths)]
    lines = ["  ".join(fit(h, w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("─" * w for w in widths))
    for row in rows:
        lines.append("  ".join(fit(v, w) for v, w in zip(row, widths)).rstrip())
    return "\n".join(lines)
