"""Moving the focus at once.

`Widget.focus()` only queues the change: a key typed right after the one that moved the focus (a
pane key then a command, "/" then the first letter of a filter, or a burst of keys over SSH) is still
delivered to the widget that had the focus. Setting it on the screen directly routes the very next
key to the new widget.
"""

from __future__ import annotations

from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Give `widget` the focus before the next key is handled."""
    widget.screen.set_focus(widget, scroll_visible=False)
