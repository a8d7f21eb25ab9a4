"""How Gisa writes a value for people, in the app and in every export (no Polars here: the app imports it early)."""

from __future__ import annotations


def format_value(value: float | None, value_max: float | None = None, unit: str | None = None, bound: str | None = "") -> str:
    """A value with its unit as a reader writes it: 20,310,000 명, 10,000–25,000 유로, > 700,000,000 명."""
    if value is None:
        return ""

    def fmt(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}"

    text = fmt(value) + (f"–{fmt(value_max)}" if value_max is not None else "")
    prefix = {">": "> ", ">=": "≥ ", "<": "< ", "<=": "≤ ", "top": "top "}.get(bound or "", "")
    return f"{prefix}{text} {unit or ''}".strip()
