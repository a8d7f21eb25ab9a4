"""The article table: one row per article, drawn only when visible, so 10,000 rows cost nothing to hold.

Sorting and filtering reorder a Python list; nothing is mounted or added per row (a DataTable needs
seconds to take 10,000 rows). Vim keys, paging, mouse clicks; the cursor row is styled by the theme.
"""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.strip import Strip

from corpus.reading import ArticleRow
from corpus.table import fit

from .rows import CursorView, cursor_bindings

COLUMNS = (("Title", 0), ("Publisher", 10), ("Date", 10), ("Ent", 3), ("Clm", 3))
HITS = ("Hit", 3)  # shown while a search is on


def header_line(width: int, hits: bool = False) -> str:
    """The column headings for a list `width` cells wide."""
    columns = (*COLUMNS, HITS) if hits else COLUMNS
    return _line(width, [name for name, _ in columns], columns)


def _line(width: int, cells: list[str], columns=COLUMNS) -> str:
    fixed = sum(w for _, w in columns[1:]) + 2 * (len(columns) - 1)
    title_width = max(width - fixed, 8)
    widths = [title_width] + [w for _, w in columns[1:]]
    return "  ".join(fit(c, w) for c, w in zip(cells, widths))


class ArticleTable(CursorView):
    """Rows of articles with a cursor."""

    COMPONENT_CLASSES = {"article-table--cursor"}
    CURSOR = "article-table--cursor"
    BINDINGS = cursor_bindings("list", "open", "Read")

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
        self.rows: list[ArticleRow] = []
        self.counts: dict[int, tuple[int, int]] = {}
        self.hits: dict[int, int] | None = None  # per article, while a search is on
        self.empty_note = ""  # what an empty list says (no article matches …)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_rows(self, rows: list[ArticleRow], keep: int | None) -> None:
        """Show these rows (already sorted and filtered), keeping the cursor on `keep` if present."""
        self.rows = rows
        index = next((i for i, r in enumerate(rows) if r.id == keep), 0) if keep is not None else 0
        self.rows_changed(index)

    def set_hits(self, hits: dict[int, int] | None, empty_note: str) -> None:
        """Hits per article of the search in the filter box (None: no search), and what to say when none match."""
        self.hits = hits
        self.empty_note = empty_note
        self.redraw()

    def render_line(self, y: int) -> Strip:
        if not self.rows and self.empty_note and y < 2:
            width = self.scrollable_content_region.width
            text = Content(self.empty_note if y == 0 else "Esc clears the filter; fewer words, no quotes or no fields widen it.")
            return Strip(text.render_segments()).extend_cell_length(width, self.rich_style).crop(0, width)
        return super().render_line(y)

    def set_counts(self, counts: dict[int, tuple[int, int]]) -> None:
        """Entity and claim counts arrived: the same rows, drawn again."""
        self.counts = counts
        self.redraw()

    def current_id(self) -> int | None:
        if 0 <= self.cursor_row < len(self.rows):
            return self.rows[self.cursor_row].id
        return None

    def render_row(self, index: int, width: int) -> Content:
        r = self.rows[index]
        ents, claims = self.counts.get(r.id, (None, None))
        cells = [r.title, r.publisher, r.date.isoformat() if r.date else "—",
                 "…" if ents is None else str(ents), "…" if claims is None else str(claims)]
        if self.hits is None:
            return Content(_line(width, cells))
        return Content(_line(width, [*cells, str(self.hits.get(r.id, 0))], (*COLUMNS, HITS)))

    def cursor_moved(self, index: int) -> None:
        self.post_message(self.CursorMoved(self.rows[index].id))

    def chosen(self, index: int) -> None:
        self.post_message(self.Selected(self.rows[index].id))
