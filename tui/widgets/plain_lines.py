"""Textual's per-widget line cache, with a short way through for views that have no box around their lines.

Every line a widget draws anew passes through Textual's styles cache, which looks up the widget's
border, outline, hatch, tint and opacities for that one line before it pads it. The list, the reader
and the side lists have none of those (their panes draw the borders), and a key that changes the
article draws a hundred of their lines. For such a view, checked once per frame from its styles, a
line is its content padded to the left and right, as Textual would make it; any other view (or any
style that adds a box later) takes Textual's own way.
"""

from __future__ import annotations

from textual._segment_tools import make_blank
from textual._styles_cache import StylesCache
from textual.strip import Strip


class PlainStylesCache(StylesCache):
    """A `StylesCache` that draws the lines of a view without border, outline, hatch, tint or opacity itself."""

    _plain = False

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
        segments = list(line)
        if left:
            segments.insert(0, make_blank(left, inner))
        if right:
            segments.append(make_blank(right, inner))
        return Strip(segments, size.width)
