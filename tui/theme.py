"""Gisa's own theme: calm on dark terminals, distinct hues per entity kind, legible in 16 colours."""

from __future__ import annotations

from textual.theme import Theme

GISA_THEME = Theme(
    name="gisa",
    primary="#5FAFD7",
    secondary="#AF87D7",
    accent="#FFAF5F",
    warning="#FFD75F",
    error="#FF5F5F",
    success="#87D787",
    foreground="#E4E4E4",
    background="#1C1C1C",
    surface="#262626",
    panel="#303030",
    dark=True,
)
