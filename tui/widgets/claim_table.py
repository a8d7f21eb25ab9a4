"""The claims table: one row per claim, columns sized from their content and the pane's width, only
visible rows drawn.

Built on the same cursor list as the article table rather than on DataTable, which draws its cells
through Rich and redraws every visible row whenever the focus comes or goes (about 15 ms a time at
200x50). A row's cells are built only when the row is drawn; the columns' widths follow what the drawn
rows hold (`corpus.table.share`): numbers and dates keep their width, titles give up cells first, then
wording and subjects, and room to spare goes to the flexible columns, so a cell is cut only when the line is
full. A cell may name its first characters as what tells its row apart (an article's publisher, a repeated
wording's context): its column is never narrower than that while other columns can give. A cut never ends
on a separator. Heading rows (a comparison group's verdict and label) span the line; the cursor skips them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from textual.cache import LRUCache
from textual.content import Content
from textual.message import Message
from textual.reactive import var

from corpus.table import GAP, Spec, cell_width, cut_end, share

from .rows import CursorView, cursor_bindings

HEADING = -1  # ids below zero are heading rows


@dataclass(frozen=True)
class Column:
    """A column: its heading; `least`, how far it may be cut (0: never, for numbers and dates); `fair`, how far
    it is cut before optional columns are left out (default: `least`); `flex`, its share of room to spare;
    `cut`, the order in which it gives up cells (higher first); `optional`, left out when even the least widths
    do not fit."""

    label: str
    least: int = 0
    flex: int = 0
    cut: int = 0
    optional: bool = False
    fair: int | None = None


class Kept(NamedTuple):
    """A cell whose first `keep` characters tell its row apart: its column is not cut narrower than them while
    other columns can give, and a cut leaves them whole."""

    content: Content
    keep: int


def fit_widths(columns: list[Column], naturals: list[int], width: int, kept: list[int] | None = None) -> list[int]:
    """Cell widths of `columns` (0: left out) in a line `width` cells wide, given what their cells need and
    (`kept`) the cells that tell their rows apart."""
    specs = []
    for i, (c, n) in enumerate(zip(columns, naturals)):
        heading = cell_width(c.label)
        natural = max(n, heading)
        least = max(c.least, heading, kept[i] if kept else 0)  # a heading is never cut
        least = min(least, natural) if c.cut else natural
        fair = None if c.fair is None else min(max(c.fair, least), natural)
        specs.append(Spec(natural, least, c.flex, c.cut, c.optional, fair))
    return share(specs, width)


def cut_cell(content: Content, width: int, keep: int = 0) -> Content:
    """`content` in exactly `width` cells: whole and padded, or cut with an ellipsis that never follows a
    separator, its first `keep` characters whole while they fit (`corpus.table.cut_end`)."""
    if content.cell_length > width:
        n, ellipsis = cut_end(content.plain, width, keep)
        content = content[:n] + Content("…") if ellipsis else content[:n]
        if content.cell_length > width:  # (cannot happen: cut_end counts the cells)
            content = content.truncate(width)
    return content.pad_right(max(width - content.cell_length, 0))


def join_cells(cells: list[Content], widths: list[int], keeps: list[int] | None = None) -> Content:
    """Cells cut (with an ellipsis) or padded to their widths, side by side; columns of width 0 left out."""
    gap = Content(" " * GAP)
    keeps = keeps or [0] * len(cells)
    return gap.join(cut_cell(c, w, k) for c, w, k in zip(cells, widths, keeps) if w > 0)


class MetricTable(CursorView):
    """Rows of claims with a cursor; each row is a claim id (or, below zero, a heading), its cells built
    only when the row is drawn."""

    COMPONENT_CLASSES = {"metric-table--cursor"}
    CURSOR = "metric-table--cursor"
    BINDINGS = cursor_bindings("metrics", "open", "Open sentence")

    # The claim under the cursor; its watchers run as the cursor moves, so the detail lines change in the cursor's frame.
    current: var[int | None] = var(None, init=False, always_update=True)

    class Selected(Message):
        """Enter or a click on a claim."""

        def __init__(self, claim_id: int) -> None:
            super().__init__()
            self.claim_id = claim_id

    class ColumnsChanged(Message):
        """The columns' widths changed (a wider value came into view): the column headings follow."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, MetricTable.ColumnsChanged)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[Column] = []
        self.ids: list[int] = []
        self._cells: Callable[[int], list[Content | Kept]] = lambda index: []
        self._heading: Callable[[int, int], Content] = lambda index, width: Content("")
        self._row_of: dict[int, int] | None = None
        self._built: LRUCache[int, tuple[list[Content], list[int]]] = LRUCache(1024)
        self.naturals: list[int] = []
        self.kept: list[int] = []  # per column, the widest part of a cell that tells its row apart
        self._widths: tuple[int, list[int]] | None = None

    @property
    def row_count(self) -> int:
        return len(self.ids)

    def set_rows(
        self,
        columns: list[Column],
        ids: list[int],
        cells: Callable[[int], list[Content | Kept]] | None = None,
        keep: int | None = None,
        heading: Callable[[int, int], Content] | None = None,
    ) -> None:
        """Show a row per id: `cells(index)` gives a claim row's cells (`Kept` for one with a part that tells its
        row apart), `heading(index, width)` a heading row's line (ids below zero); keep the cursor on claim `keep`
        if shown."""
        self.columns = columns
        self.ids = ids
        self._cells = cells or (lambda index: [])
        self._heading = heading or (lambda index, width: Content(""))
        self._row_of = None
        self._built.clear()
        self.naturals = [cell_width(c.label) for c in columns]
        self.kept = [0] * len(columns)
        self._widths = None
        index = self.row_of(keep) if keep is not None else None
        self.rows_changed(index or 0)
        self._measure_view()

    # --- widths ----------------------------------------------------------------------------------------
    def widths(self, width: int) -> list[int]:
        """The columns' widths in a line `width` cells wide, for the rows measured so far."""
        if self._widths is None or self._widths[0] != width:
            self._widths = (width, fit_widths(self.columns, self.naturals, width, self.kept))
        return self._widths[1]

    def heading(self, width: int) -> Content:
        """The column headings, lined up with the rows."""
        if not self.columns:
            return Content("")
        return join_cells([Content(c.label) for c in self.columns], self.widths(width))

    def _measure(self, cells: list[Content], keeps: list[int]) -> bool:
        """Take a row's cells into the columns' natural widths (and the widths of what tells it apart); True if one grew."""
        grew = False
        for i, (c, k) in enumerate(zip(cells[: len(self.naturals)], keeps)):
            if c.cell_length > self.naturals[i]:
                self.naturals[i] = c.cell_length
                grew = True
            if k and c[:k].cell_length > self.kept[i]:
                self.kept[i] = c[:k].cell_length
                grew = True
        if grew:
            self._widths = None
        return grew

    def _measure_view(self) -> None:
        """Measure the rows on screen before they are drawn, so the first paint has its final widths."""
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height or self.size.height or 0
        for index in range(top, min(top + max(height, 1), len(self.ids))):
            if self.ids[index] >= 0:
                self._row_cells(index, measure=True)

    def _row_cells(self, index: int, measure: bool = False) -> tuple[list[Content], list[int]]:
        built = self._built.get(index)
        if built is None:
            given = self._cells(index)
            cells = [c.content if isinstance(c, Kept) else c for c in given]
            keeps = [c.keep if isinstance(c, Kept) else 0 for c in given]
            built = self._built[index] = (cells, keeps)
            if self._measure(cells, keeps) and not measure:
                self.redraw()  # rows drawn with the old widths are drawn again
                self.post_message(self.ColumnsChanged())
        return built

    def on_resize(self, event) -> None:
        # (Textual runs CursorView's handler too: it redraws and keeps the cursor in view)
        self._measure_view()

    # --- rows --------------------------------------------------------------------------------------------
    def row_of(self, claim_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {}
            for i, cid in enumerate(self.ids):
                if cid >= 0:
                    self._row_of.setdefault(cid, i)
        return self._row_of.get(claim_id)

    def current_claim(self) -> int | None:
        if 0 <= self.cursor_row < len(self.ids) and self.ids[self.cursor_row] >= 0:
            return self.ids[self.cursor_row]
        return None

    def selectable(self, index: int) -> bool:
        return self.ids[index] >= 0

    def cells(self, index: int) -> list[Content]:
        """The cells of row `index` (a claim row)."""
        return self._row_cells(index)[0]

    def keeps(self, index: int) -> list[int]:
        """Per cell of row `index`, how many of its first characters tell the row apart (0: none)."""
        return self._row_cells(index)[1]

    def render_row(self, index: int, width: int) -> Content:
        if self.ids[index] < 0:
            return self._heading(index, width)
        cells, keeps = self._row_cells(index)
        return join_cells(cells, self.widths(width), keeps)

    def _scroll_to_cursor(self) -> bool:
        scrolled = super()._scroll_to_cursor()
        if scrolled:
            self._measure_view()
        return scrolled

    def cursor_moved(self, index: int) -> None:
        self.current = self.ids[index]

    def chosen(self, index: int) -> None:
        self.post_message(self.Selected(self.ids[index]))
