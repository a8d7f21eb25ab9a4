"""Building displayable text from untrusted strings: never markup, always Content.

Every string that came from a file (titles, bodies, names, aliases, subjects, paths) is cleaned once at
ingestion and reaches the screen through `Content(...)` (directly or through `cell`), so `[/]` or
`[@click=…]` in an article is shown as written and never interpreted.
"""

from __future__ import annotations

from textual.content import Content


def cell(text: str | None, style: str = "") -> Content:
    """A table cell of text that was cleaned at ingestion: never parsed as markup."""
    content = Content(text or "")
    return content.stylize(style) if style else content


def toast(widget, message: str, *, severity: str = "information", timeout: float | None = 3) -> None:
    """A notification that shows `message` as written: never parsed as markup."""
    widget.notify(message, severity=severity, timeout=timeout, markup=False)


def note_in_place(widget, message: str) -> None:
    """Say `message` on the key bar of the widget's screen, in place of the last note (`n` held down says where it is,
    once, in the key's own frame); a toast where the screen has no key bar. Never parsed as markup."""
    for bar in widget.screen.query("KeyBar"):
        bar.say(message)
        return
    toast(widget, message, timeout=2)
