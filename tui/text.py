"""Building displayable text from untrusted strings: never markup, always Content or Text.

Every string that came from a file (titles, bodies, names, aliases, subjects, paths) reaches the
screen through these helpers or through `Content(...)` directly, so `[/]` or `[@click=…]` in an
article is shown as written and never interpreted.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from corpus.cleaning import safe_label


def cell(text: str | None, limit: int = 120, style: str = "") -> Text:
    """A DataTable cell: Rich Text never parses markup."""
    return Text(safe_label(text or "", limit), style=style, no_wrap=True, overflow="ellipsis")


def text_cell(text: str | None, limit: int = 120, style: str = "") -> Content:
    """A cell of Gisa's own tables (claims): cleaned, cut, never parsed as markup."""
    content = Content(safe_label(text or "", limit))
    return content.stylize(style) if style else content


def number(value: float | None, value_max: float | None = None, unit: str | None = None, bound: str = "") -> str:
    """A value with its unit as a reader would write it: 20,310,000 명, 10,000–25,000 유로, > 700,000,000 명."""
    if value is None:
        return ""

    def fmt(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}"

    text = fmt(value) + (f"–{fmt(value_max)}" if value_max is not None else "")
    prefix = {">": "> ", ">=": "≥ ", "<": "< ", "<=": "≤ ", "top": "top "}.get(bound or "", "")
    return f"{prefix}{text} {unit or ''}".strip()


def toast(widget, message: str, *, severity: str = "information", timeout: float | None = 3) -> None:
    """A notification that shows `message` as written: never parsed as markup."""
    widget.notify(message, severity=severity, timeout=timeout, markup=False)
