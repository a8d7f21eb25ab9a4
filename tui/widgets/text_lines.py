"""A few lines of styled text, wrapped to the widget's width once per text, width and style.

A Static lays its Content out again (wraps it, styles every span, makes its strips) in every frame that
draws it anew: the claims pane's detail, ten lines that change with the article, was 1.5 to 2.3 ms of a
key's frame at 10k. Here the lines are laid out (as a Static wraps them) when the text, the width or the
style changes, and a frame draws the strips kept. A text given with a key is kept under it with its lines,
and a text can be laid out ahead (`prepare`), while no key comes, for the key that will show it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from rich.segment import Segment
from textual.cache import LRUCache
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget

from .plain_lines import PlainStylesCache

KEPT = 48  # texts kept with their lines, under their keys (the articles the cursor comes back to, those made ready)


class _Laid:
    """A text and, once laid out, its lines and strips at a width and style."""

    __slots__ = ("parts", "look", "lines", "strips", "blank")

    def __init__(self, parts: tuple[Content, ...]) -> None:
        self.parts = parts
        self.look: tuple | None = None
        self.lines: list[Content] = []
        self.strips: list[Strip] = []
        self.blank = Strip([])

    def at(self, width: int, base, inner) -> _Laid:
        """The text laid out at `width` in the widget's style `base`, each line widened to `width` in `inner` (the
        style Textual widens a line with: its background)."""
        if self.look != (width, base, inner):
            self.lines = [line for part in self.parts for line in (part.wrap(width) if width > 0 else [part])]  # (as a Static wraps)
            self.strips = [  # (as wide as the widget, as a frame draws them: kept, not widened anew in every frame)
                Strip(list(Segment.apply_style(line.render_segments(), base)), line.cell_length).adjust_cell_length(width, inner)
                for line in self.lines
            ]
            # (below the text, a Static draws blank lines in the text's style across the width)
            self.look, self.blank = (width, base, inner), Strip.blank(width, base)
        return self


class TextLines(Widget):
    """Parts of text (`Content`, never markup), each on lines of its own, wrapped at the widget's width."""

    DEFAULT_CSS = "TextLines { height: auto; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._laid = _Laid(())
        self._kept: LRUCache[Hashable, _Laid] = LRUCache(KEPT)
        self._styles_cache = PlainStylesCache()  # (a text shown again draws its kept strips, padded and filtered once)
        self._inner_of: tuple | None = None  # (the widget's style, the style its lines are widened with)

    def update(self, parts: Iterable[Content], key: Hashable | None = None) -> None:
        """Show these parts; with a `key` (what the text is made from), keep them and their lines under it."""
        self._laid = _Laid(tuple(parts))
        if key is not None:
            self._kept.discard(key)  # (a cache's set keeps a key's first value)
            self._kept[key] = self._laid
        self.refresh()

    def show_kept(self, key: Hashable) -> bool:
        """Show the text kept under `key` (given to `update` or `prepare`), if it is kept."""
        laid = self._kept.get(key)
        if laid is None:
            return False
        if laid is not self._laid:
            self._laid = laid
            self.refresh()
        return True

    def prepare(self, key: Hashable, parts: Callable[[], Iterable[Content]]) -> None:
        """Lay out, at the width and style the widget has, the text `parts()` gives, and keep it under `key` (unless it
        is kept already), its lines made as a frame will draw them: the key that shows it draws the lines laid out."""
        if key not in self._kept and self.content_size.width > 0:
            base = self.rich_style
            laid = _Laid(tuple(parts())).at(self.content_size.width, base, self._inner(base))
            self._kept[key] = laid
            self._styles_cache.finish(self, [*laid.strips[: self.size.height], laid.blank])

    def _lines(self) -> _Laid:
        base = self.rich_style
        return self._laid.at(self.content_size.width, base, self._inner(base))

    def _inner(self, base):
        """The style Textual widens a line with (the widget's background), looked up once per style `base` of the widget."""
        if self._inner_of is None or self._inner_of[0] != base:
            self._inner_of = (base, self._styles_cache.get_inner_outer(*self.background_colors)[0].rich_style)
        return self._inner_of[1]

    def render(self) -> Content:
        """The lines as shown (each frame draws them with `render_line`)."""
        return Content("\n").join(self._lines().lines)

    def render_line(self, y: int) -> Strip:
        laid = self._lines()
        return laid.strips[y] if y < len(laid.strips) else laid.blank
