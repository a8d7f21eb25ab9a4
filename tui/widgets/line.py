"""A one-line heading drawn as plain text in the widget's own style.

The panes' headings change with every key that changes the article or the list (counts, the query, the
scope). A Static lays out a Content each time (wrapping it, then keeping its first line: a third of a
millisecond at 200 columns); a heading is one line of text in one style, cut at the pane's width.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget

from corpus.table import cell_width, cut_at_word


class Line(Widget):
    """One line of plain text (never markup), cut after a word when the widget is narrower."""

    DEFAULT_CSS = "Line { height: 1; }"

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = text

    def update(self, text: str | Content) -> None:
        text = text.plain if isinstance(text, Content) else text
        if text != self.text:
            self.text = text
            self.refresh()

    def shown(self) -> str:
        """The text as it shows at the widget's width."""
        width = self.content_size.width
        return cut_at_word(self.text, width) if cell_width(self.text) > width else self.text

    def render(self) -> Content:
        """The text as shown, as a Content (the line itself is drawn by `render_line`)."""
        return Content(self.shown())

    def render_line(self, y: int) -> Strip:
        text = self.shown() if y == 0 else ""  # (Textual pads the line to the width in the background's style)
        return Strip([Segment(text, self.rich_style)] if text else [])
