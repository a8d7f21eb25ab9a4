"""A few lines of styled text, wrapped to the widget's width once per text, width and style.

A Static lays its Content out again (wraps it, styles every span, makes its strips) in every frame that
draws it anew: the claims pane's detail, ten lines that change with the article, was 1.5 to 2.3 ms of a
key's frame at 10k. Here the lines are laid out (as a Static wraps them) when the text, the width or the
style changes, and a frame draws the strips kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget


class TextLines(Widget):
    """Parts of text (`Content`, never markup), each on lines of its own, wrapped at the widget's width."""

    DEFAULT_CSS = "TextLines { height: auto; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._parts: tuple[Content, ...] = ()
        self._laid: tuple[tuple, list[Content], list[Strip]] | None = None  # (width and style, lines, their strips)
        self._blank = Strip([])

    def update(self, parts: Iterable[Content]) -> None:
        self._parts = tuple(parts)
        self._laid = None
        self.refresh()

    def _lines(self) -> tuple[list[Content], list[Strip]]:
        width, base = self.content_size.width, self.rich_style
        key = (width, base)
        if self._laid is None or self._laid[0] != key:
            lines = [line for part in self._parts for line in (part.wrap(width) if width > 0 else [part])]  # (as a Static wraps)
            strips = [Strip(list(Segment.apply_style(line.render_segments(), base)), line.cell_length) for line in lines]
            # (below the text, a Static draws blank lines in the text's style across the width)
            self._laid, self._blank = (key, lines, strips), Strip.blank(width, base)
        return self._laid[1], self._laid[2]

    def render(self) -> Content:
        """The lines as shown (each frame draws them with `render_line`)."""
        return Content("\n").join(self._lines()[0])

    def render_line(self, y: int) -> Strip:
        strips = self._lines()[1]
        return strips[y] if y < len(strips) else self._blank
