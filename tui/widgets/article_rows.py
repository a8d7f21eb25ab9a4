"""A virtual list of articles: only the visible rows are drawn, so 10,000 rows cost nothing to hold.

Sorting and filtering reorder a Python list; nothing is mounted or added per row (a DataTable needs
seconds to take 10,000 rows). Vim keys, paging, mouse clicks; the cursor row is styled by the theme.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from corpus.cleaning import safe_label

from ..plain import fit

COLUMNS = (("Title", 0), ("Publisher", 10), ("Date", 10), ("Ent", 3), ("Clm", 3))


def header_line(width: int) -> str:
    """The column headings for a list `width` cells wide."""
    return _line(width, [name for name, _ in COLUMNS])


def _line(width: int, cells: list[str]) -> str:
    fixed = sum(w for _, w in COLUMNS[1:]) + 2 * (len(COLUMNS) - 1)
    title_width = max(width - fixed, 8)
    widths = [title_width] + [w for _, w in COLUMNS[1:]]
    return "  ".join(fit(c, w) for c, w in zip(cells, widths))


class ArticleTable(ScrollView, can_focus=True):
    """Rows of articles with a cursor."""

    COMPONENT_CLASSES = {"article-table--cursor", "article-table--undated"}
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "Top", show=False, id="list.top"),
        Binding("G,end", "last", "Bottom", show=False, id="list.bottom"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("enter", "select", "Read", show=False, id="list.open"),
    ]

    class CursorMoved(Message):
        """The cursor rests on another article."""

        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    class Selected(Message):
        """Enter or a click on an article."""

        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[dict] = []
        self.counts: dict[int, tuple[int, int]] = {}
        self.cursor_row = 0
        self._cache: LRUCache[tuple, Strip] = LRUCache(512)
        self._version = 0

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_rows(self, rows: list[dict], counts: dict[int, tuple[int, int]], keep: int | None) -> None:
        """Show these rows (already sorted and filtered), keeping the cursor on `keep` if present."""
        self.rows = rows
        self.counts = counts
        self._version += 1
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(rows))
        index = next((i for i, r in enumerate(rows) if r["id"] == keep), 0) if keep is not None else 0
        self.cursor_row = -1
        self.move_cursor(row=index, animate=False)
        self.refresh()

    def current_id(self) -> int | None:
        if 0 <= self.cursor_row < len(self.rows):
            return self.rows[self.cursor_row]["id"]
        return None

    def move_cursor(self, row: int, animate: bool = False) -> None:
        if not self.rows:
            self.cursor_row = 0
            return
        row = max(0, min(row, len(self.rows) - 1))
        if row == self.cursor_row:
            return
        self.cursor_row = row
        self._version += 1
        height = self.scrollable_content_region.height or 1
        top = self.scroll_offset.y
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)
        self.refresh()
        self.post_message(self.CursorMoved(self.rows[row]["id"]))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        key = (index, width, self._version, self.has_focus)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        base = self.rich_style
        if index >= len(self.rows):
            strip = Strip.blank(width, base)
        else:
            r = self.rows[index]
            ents, claims = self.counts.get(r["id"], (None, None))
            text = _line(width, [safe_label(r["title"], 300), safe_label(r["publisher"] or "", 40),
                                 r["date"].isoformat() if r["date"] else "—",
                                 "…" if ents is None else str(ents), "…" if claims is None else str(claims)])
            content = Content(text)
            if index == self.cursor_row:
                content = content.stylize(self.get_visual_style("article-table--cursor"), 0, len(text))
            strip = Strip(content.render_segments()).apply_style(base).extend_cell_length(width, base).crop(0, width)
        self._cache[key] = strip
        return strip

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self.rows))

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        row = self.scroll_offset.y + event.y
        if 0 <= row < len(self.rows):
            self.move_cursor(row)
            self.post_message(self.Selected(self.rows[row]["id"]))

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + max(self.scrollable_content_region.height - 1, 1))

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - max(self.scrollable_content_region.height - 1, 1))

    def action_select(self) -> None:
        current = self.current_id()
        if current is not None:
            self.post_message(self.Selected(current))
