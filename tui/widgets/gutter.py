"""The scroll position of a list or the reader, drawn in the last cell of each of its lines.

Textual's scrollbar is a widget of its own beside the view: every frame that repaints the view also
renders the scrollbar through Rich and cuts each screen line once more where it begins, about 4 ms of
a 200x50 frame with four of them on screen. Drawn here, the position costs one cell per line, cached
with the line. Its look is the stylesheet's scrollbar colours; the thumb is a full block, so it shows
without colour too. The wheel scrolls as before (Textual's), and a click or a drag in the gutter moves
the view to that point.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip

GUTTER = 2  # a blank cell, then the scroll position
THUMB = "█"


class ScrollGutter:
    """For ScrollViews styled `scrollbar-size-vertical: 0; padding-right: 0`: draw the scroll position in
    the last cell of every line (`with_gutter`) and scroll to where the gutter is clicked or dragged."""

    _gutter_strips: tuple[Strip, Strip] | None = None
    _gutter_drag = False
    _box: tuple = ((), 0, 0)  # (outer size, text width, height), asked once per size (Textual computes regions per call)
    _thumb: tuple = ((), (0, 0))  # (scroll offset, virtual size, outer size), the thumb's rows

    _frame: tuple | None = None  # (scroll x, scroll y, text width, thumb rows) while a frame draws the view's lines

    def render_lines(self, crop):
        """Textual's, with the view's scroll offset, text width and thumb looked up once for the frame rather than for
        each line (each is a few reactive lookups: a tenth of a millisecond per line of a view drawn anew)."""
        scroll_x, scroll_y = self.scroll_offset
        self._frame = (scroll_x, scroll_y, self.text_width, self.thumb_span())
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def frame_geometry(self) -> tuple[int, int, int, tuple[int, int]]:
        """(scroll x, scroll y, text width, the thumb's rows [start, end)), as the frame being drawn sees them."""
        if self._frame is not None:
            return self._frame
        scroll_x, scroll_y = self.scroll_offset
        return scroll_x, scroll_y, self.text_width, self.thumb_span()

    def _geometry(self) -> tuple[int, int]:
        outer = self.outer_size
        if self._box[0] != outer:
            region = self.scrollable_content_region
            self._box = (outer, max(region.width - GUTTER, 0), region.height)
        return self._box[1], self._box[2]

    @property
    def text_width(self) -> int:
        """The cells a line's text may use: the view's width less the gutter."""
        return self._geometry()[0]

    def thumb_span(self) -> tuple[int, int]:
        """The screen rows the thumb covers, [start, end)."""
        key = (self.scroll_offset.y, self.virtual_size.height, self.outer_size)
        if self._thumb[0] != key:
            self._thumb = (key, self._span(key[0], key[1], self._geometry()[1]))
        return self._thumb[1]

    @staticmethod
    def _span(top: int, total: int, height: int) -> tuple[int, int]:
        if height <= 0:
            return 0, 0
        if total <= height:
            return 0, 0  # everything shows: the track alone says there is nothing to scroll
        size = max(1, round(height * height / total))
        start = round(top / (total - height) * (height - size))
        start = max(0, min(start, height - size))
        return start, start + size

    def in_thumb(self, y: int) -> bool:
        start, end = self.thumb_span()
        return start <= y < end

    def gutter_cells(self, in_thumb: bool) -> Strip:
        """The gutter's two cells for a line beside the thumb or beside the track."""
        if self._gutter_strips is None:
            base_background, background = self.background_colors
            styles = self.styles
            track = background + (styles.scrollbar_background_active if self._gutter_drag else styles.scrollbar_background)
            thumb = track + (styles.scrollbar_color_active if self._gutter_drag else styles.scrollbar_color)
            blank = Segment(" ", self.rich_style)
            self._gutter_strips = (
                Strip([blank, Segment(" ", Style(bgcolor=track.rich_color))], GUTTER),
                Strip([blank, Segment(THUMB, Style(color=thumb.rich_color, bgcolor=track.rich_color))], GUTTER),
            )
        return self._gutter_strips[1 if in_thumb else 0]

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Repaint on a scroll, as Textual's ScrollView does, without telling its scrollbar. That scrollbar is zero cells
        wide here, so it is not on the screen's map: a repaint asked of it made Textual arrange the whole screen again
        (about half a millisecond of every frame that scrolls a list or the reader)."""
        if round(old_value) != round(new_value):
            self.refresh(self.size.region)

    def _on_focus(self, event: events.Focus) -> None:
        """Textual's, without repainting the whole view: what the focus changes in a view is drawn by its own
        `watch_has_focus` (a list's cursor row; nothing in the reader), and a key that moves the focus between two
        panes must not draw every line of both again."""
        event.prevent_default()
        self.has_focus = True
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))

    def with_gutter(self, strip: Strip, y: int) -> Strip:
        """`strip` (`text_width` cells) followed by the gutter of screen line `y`."""
        return Strip.join([strip, self.gutter_cells(self.in_thumb(y))])

    def gutter_line(self, segments: list[Segment], cells: int, width: int, style: Style, in_thumb: bool) -> Strip:
        """One strip of `segments` (`cells` wide, the base style applied) fitted to `width` and followed by the gutter.
        A line drawn anew as an article opens or a list changes makes one strip, not the four of Strip's own steps."""
        if cells > width:
            return Strip.join([Strip(segments, cells).crop(0, width), self.gutter_cells(in_thumb)])
        if cells < width:
            segments.append(Segment(" " * (width - cells), style))
        segments.extend(self.gutter_cells(in_thumb))
        return Strip(segments, width + GUTTER)

    def gutter_style_changed(self) -> None:
        self._gutter_strips = None
        self._box = ((), 0, 0)

    def in_gutter(self, x: int) -> bool:
        """Is widget column `x` the gutter's scroll-position cell?"""
        return x >= self.size.width - 1 and self.virtual_size.height > 0

    def _gutter_scroll(self, y: int) -> None:
        height = self._geometry()[1]
        total = self.virtual_size.height
        if height <= 0 or total <= height:
            return
        start, end = self.thumb_span()
        size = end - start
        fraction = (y - size / 2) / max(height - size, 1)
        self.scroll_to(y=round(max(0.0, min(fraction, 1.0)) * (total - height)), animate=False)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if self.in_gutter(event.x):
            event.stop()
            self._gutter_drag = True
            self._gutter_strips = None
            self.capture_mouse()
            self._gutter_scroll(event.y)
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._gutter_drag:
            event.stop()
            self._gutter_scroll(event.y)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._gutter_drag:
            event.stop()
            self._gutter_drag = False
            self._gutter_strips = None
            self.release_mouse()
            self.refresh()
