"""A one-line input that does not lay out the screen on every keystroke, nor take focus while hidden.

Textual's Input sets its scrollable width as the text grows, and that size is a layout reactive: each
typed character lays out and repaints the whole screen (about 17 ms at 200x50). A one-line input has
no scrollbars, so nothing outside it depends on that size; here it only repaints the input.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class LineInput(Input):
    """Input whose growing text repaints only itself."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def allow_focus(self) -> bool:
        # Hidden boxes stay out of reach: Textual's auto-focus would otherwise pick the first of them
        # when a dialog closes, and the next key ("q") would be typed into it.
        return self.display and super().allow_focus()
