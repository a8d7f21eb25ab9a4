"""Textual's per-widget line cache, with a short way through for views that have no box around their lines.

Every line a widget draws anew passes through Textual's styles cache, which looks up the widget's
border, outline, hatch, tint and opacities for that one line before it pads it. The list, the reader
and the side lists have none of those (their panes draw the borders), and a key that changes the
article draws a hundred of their lines. For such a view, checked once per frame from its styles, a
line is its content padded to the left and right, as Textual would make it; any other view (or any
style that adds a box later) takes Textual's own way.

Textual keeps, on each strip, what it made of it: the strip with the line filters applied, its pieces
between the panes, and its terminal sequences. A padded line is a new strip each frame, so none of that
was kept for the next: here the padded strip is kept per drawn strip, and a view that draws a line the
same as before (the same strip from its own cache) costs the frame a few lookups. `finish` does ahead of
time, while no key comes, what a frame would do to a line a key is likely to show.
"""

from __future__ import annotations

from textual._segment_tools import make_blank
from textual._styles_cache import StylesCache
from textual.cache import LRUCache
from textual.strip import Strip

PADDED_KEPT = 1600  # padded lines kept per view: what its caches of drawn lines hold (each costs a few kB)


class PlainStylesCache(StylesCache):
    """A `StylesCache` that draws the lines of a view without border, outline, hatch, tint or opacity itself."""

    _plain = False

    def __init__(self) -> None:
        super().__init__()
        self._padded: LRUCache[tuple, tuple[Strip, Strip]] = LRUCache(PADDED_KEPT)

    def render(self, styles, size, base_background, background, render_content_line, filters, *args, **kwargs):
        padding = kwargs.get("padding") or styles.padding
        self._plain = (
            not padding.top
            and not padding.bottom
            and kwargs.get("opacity", 1.0) == 1.0
            and styles.text_opacity == 1.0
            and not styles.tint.a
            and not any(edge for edge, _ in styles.border)
            and not any(edge for edge, _ in styles.outline)
            and not (styles.has_rule("hatch") and styles.hatch != "none")
        )
        return super().render(styles, size, base_background, background, render_content_line, filters, *args, **kwargs)

    def render_line(self, styles, y, size, content_size, padding, base_background, background, render_content_line, *rest):
        if not self._plain:
            return super().render_line(styles, y, size, content_size, padding, base_background, background, render_content_line, *rest)
        inner = self.get_inner_outer(base_background, background)[0].rich_style
        content_width, content_height = content_size
        if y < content_height:
            line = render_content_line(y)
            if line.cell_length != content_width:
                line = line.adjust_cell_length(content_width, inner)
        else:
            line = Strip.blank(content_width, inner)
        _, right, _, left = padding
        if not left and not right:
            return line
        return self._pad(line, left, right, inner, size.width)

    def _pad(self, line: Strip, left: int, right: int, inner, width: int) -> Strip:
        key = (id(line), left, right, inner, width)
        kept = self._padded.get(key)
        if kept is not None and kept[0] is line:  # (the drawn strip is held with it: its id is not another's)
            return kept[1]
        segments = list(line)
        if left:
            segments.insert(0, make_blank(left, inner))
        if right:
            segments.append(make_blank(right, inner))
        padded = Strip(segments, width)
        self._padded[key] = (line, padded)
        return padded

    def finish(self, widget, lines: list[Strip]) -> None:
        """Make now what a frame would make of `lines`, content lines `widget` is likely to draw (with the same strips)
        soon: padded, filtered and turned into terminal sequences, kept on the strips for that frame."""
        styles = widget.styles
        padding = styles.padding
        _, right, _, left = padding
        width = widget.region.width  # (as Textual gives `render`: with the cells of a zero-width scrollbar)
        if padding.top or padding.bottom or not width or not lines:
            return
        base_background, background = widget.background_colors
        inner = self.get_inner_outer(base_background, background)[0].rich_style
        filters = widget.get_line_filters()
        console = widget.app.console
        for line in lines:
            strip = self._pad(line, left, right, inner, width) if left or right else line
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strip.render(console)
