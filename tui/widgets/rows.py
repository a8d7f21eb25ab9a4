"""A virtual list with a cursor: the base of the article, entity and claim lists.

Only the visible rows are drawn, each cached as a strip, so ten thousand rows cost nothing to hold.
Moving the cursor redraws the two rows whose style changed; new rows change the scrollable height
without a layout of the screen (`set_virtual_height`).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from .gutter import ScrollGutter
from .plain_lines import PlainStylesCache


def set_virtual_height(view: ScrollView, width: int, height: int, repaint: bool = True) -> None:
    """Change the scrollable size of a view whose own box does not depend on it.

    Assigning `virtual_size` asks for a layout of the whole screen, which repaints every pane and
    every scrollbar (about 20 ms at 200x50). The view's box is fixed by the stylesheet, so only its
    own scrollbars need to know: this does what Textual does after a layout for this one view. When a
    scrollbar appears or goes, Textual still lays the screen out (its visibility is a layout reactive).
    """
    size = Size(width, height)
    if size == view.virtual_size:
        return
    if not view.size:  # hidden, or not laid out yet: the layout that shows it takes the size (assigned, it would lay
        view.set_reactive(Widget.virtual_size, size)  # out the whole screen now: a second frame per key in one-pane mode)
        return
    view.set_reactive(Widget.virtual_size, size)
    view._scroll_update(size)
    if repaint:
        view.refresh()


def cursor_bindings(prefix: str, open_id: str, open_label: str, show_open: bool = False) -> list[Binding]:
    """The keys of every cursor list, with ids under `prefix` so each list's keys can be remapped alone."""
    return [
        Binding("j,down", "cursor_down", "Down", show=False, id=f"{prefix}.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id=f"{prefix}.up"),
        Binding("g,home", "first", "Top", show=False, id=f"{prefix}.top"),
        Binding("G,end", "last", "Bottom", show=False, id=f"{prefix}.bottom"),
        Binding("pagedown", "page_down", "Page down", show=False, id=f"{prefix}.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id=f"{prefix}.page_up"),
        Binding("enter", "select", open_label, show=show_open, id=f"{prefix}.{open_id}"),
    ]


class FollowsTheme:
    """For views that cache drawn lines: `theme_changed` runs when the app's theme changes."""

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self.theme_changed)

    def on_unmount(self) -> None:
        self.app.theme_changed_signal.unsubscribe(self)

    def theme_changed(self, theme) -> None:
        """Draw again in the new theme's colours."""


class CursorView(FollowsTheme, ScrollGutter, ScrollView, can_focus=True):
    """Rows with a cursor. Subclasses say how many rows there are and how each one reads."""

    CURSOR = ""  # the component class that styles the cursor row; CURSOR + "-focus" while the list has the focus

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if cls.CURSOR:
            cls.COMPONENT_CLASSES = set(cls.COMPONENT_CLASSES) | {cls.CURSOR, cls.CURSOR + "-focus"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._styles_cache = PlainStylesCache()
        self.cursor_row = 0
        self._cache: LRUCache[tuple, Strip] = LRUCache(512)
        self._version = 0
        self._base = None  # the widget's rich style, looked up once per style change

    # --- for subclasses ------------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def render_row(self, index: int, width: int) -> Content:
        """The text of row `index` (without the cursor style)."""
        raise NotImplementedError

    def selectable(self, index: int) -> bool:
        """Can the cursor rest on this row? (Headings cannot.)"""
        return True

    def cursor_moved(self, index: int) -> None:
        """The cursor came to rest on row `index`."""

    def chosen(self, index: int) -> None:
        """Enter or a click on row `index`."""

    # --- rows ----------------------------------------------------------------------------------------
    def rows_changed(self, cursor: int = 0) -> None:
        """The rows were replaced: redraw, and put the cursor on row `cursor`."""
        self._version += 1
        self._cache.clear()
        set_virtual_height(self, self.text_width, self.row_count, repaint=False)
        self.cursor_row = -1
        self.move_cursor(cursor)
        self.repaint_changed()

    def redraw(self) -> None:
        """The same rows read differently now (counts arrived): draw them again, cursor unmoved."""
        self._version += 1
        self._cache.clear()
        self.repaint_changed()

    def repaint_changed(self) -> None:
        """Repaint the lines on screen that read differently now (all of them, unless a subclass knows which)."""
        self.refresh()

    def move_cursor(self, row: int, direction: int = 1) -> None:
        """Put the cursor on `row`, or the nearest selectable row in `direction`."""
        count = self.row_count
        if not count:
            self.cursor_row = 0
            return
        row = max(0, min(row, count - 1))
        step = 1 if direction >= 0 else -1
        probe = row
        while 0 <= probe < count and not self.selectable(probe):
            probe += step
        if not 0 <= probe < count:
            probe = row
            while 0 <= probe < count and not self.selectable(probe):
                probe -= step
        if not 0 <= probe < count or probe == self.cursor_row:
            return
        old, self.cursor_row = self.cursor_row, probe
        if not self._scroll_to_cursor():  # only the two rows whose style changed are drawn again
            self.refresh_line(old)
            self.refresh_line(probe)
        self.cursor_moved(probe)

    def top_with(self, count: int, cursor: int) -> int:
        """The first row the view would show if its rows became `count` rows, each taking the cursor, with the cursor
        on row `cursor` (`rows_changed`: the scroll kept where it fits, then moved as little as shows the cursor)."""
        height = self.scrollable_content_region.height
        top = min(round(self.scroll_offset.y), max(count - height, 0))
        if cursor < top:
            return cursor
        return cursor - height + 1 if cursor >= top + height else top

    def _scroll_to_cursor(self) -> bool:
        """Scroll so that the cursor row shows (with the headings just above it); True if it scrolled."""
        height = self.scrollable_content_region.height
        if height <= 0:
            return False  # hidden or not laid out yet: done on the next resize
        top, row = self.scroll_offset.y, self.cursor_row
        if row < top:
            while row > 0 and not self.selectable(row - 1):
                row -= 1
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)
        else:
            return False
        self.refresh()
        return True

    def render_line(self, y: int) -> Strip:
        _, top, width, (thumb_start, thumb_end) = self.frame_geometry()
        index = top + y
        is_cursor = index == self.cursor_row
        thumb = thumb_start <= y < thumb_end
        key = (index, width, self._version, is_cursor, is_cursor and self.has_focus, thumb, self._gutter_drag)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if self._base is None:
            self._base = self.rich_style
        base = self._base
        if index >= self.row_count:  # (below the last row: one blank line per look, kept across rows and filters)
            blank = (None, width, thumb, self._gutter_drag, base)
            strip = self._cache.get(blank)
            if strip is None:
                strip = self._cache[blank] = self.gutter_line([Segment(" " * width, base)], width, width, base, thumb)
            return strip
        if is_cursor:
            content = self.render_row(index, width)
            content = content.pad_right(max(width - content.cell_length, 0))
            name = self.CURSOR + ("-focus" if self.has_focus else "")
            content = content.stylize(self.get_visual_style(name), 0, len(content))
            segments, cells = list(Segment.apply_style(content.render_segments(), base)), content.cell_length
        else:
            segments, cells = self.row_segments(index, width, base)
        strip = self._cache[key] = self.gutter_line(segments, cells, width, base, thumb)
        return strip

    def row_segments(self, index: int, width: int, base: Style) -> tuple[list[Segment], int]:
        """Row `index` (not the cursor's) drawn in `base`: its segments (a new list) and cells."""
        content = self.render_row(index, width)
        return list(Segment.apply_style(content.render_segments(), base)), content.cell_length

    # --- events and keys -----------------------------------------------------------------------------
    def theme_changed(self, theme) -> None:
        self._base = None
        self.gutter_style_changed()
        self.forget_drawn()
        self.refresh()

    def forget_drawn(self) -> None:
        """The colours changed: nothing drawn before may be shown again."""
        self._cache.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        set_virtual_height(self, self.text_width, self.row_count)
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        # Focus changes restyle the widget too; drop the drawn rows only when the colours changed
        # (a theme switch), since the cursor row's focus state is part of each row's cache key.
        super().notify_style_update()
        base = self.rich_style
        if base != self._base:
            self._base = base
            self.gutter_style_changed()
            self.forget_drawn()
            self.refresh()

    def watch_has_focus(self, has_focus: bool) -> None:
        """The focused look is the cursor row's (`CURSOR-focus`), drawn here: restyling the whole list on every
        focus change, as Textual does, would also repaint its scrollbar (fifty lines through Rich per Tab)."""
        self.refresh_line(self.cursor_row)

    def on_click(self, event: events.Click) -> None:
        if self.in_gutter(event.x):
            return
        row = self.scroll_offset.y + event.y
        if 0 <= row < self.row_count and self.selectable(row):
            self.move_cursor(row)
            self.chosen(row)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1, 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1, -1)

    def action_first(self) -> None:
        self.move_cursor(0, 1)

    def action_last(self) -> None:
        self.move_cursor(self.row_count - 1, -1)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + max(self.scrollable_content_region.height - 1, 1), 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - max(self.scrollable_content_region.height - 1, 1), -1)

    def action_select(self) -> None:
        if 0 <= self.cursor_row < self.row_count and self.selectable(self.cursor_row):
            self.chosen(self.cursor_row)
