"""The claims table: one row per claim, columns fitted to the pane, only visible rows drawn.

Built on the same cursor list as the article table rather than on DataTable, which draws its cells
through Rich and redraws every visible row whenever the focus comes or goes (about 15 ms a time at
200x50). Flexible columns share the room the fixed ones leave, so nothing scrolls sideways.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual.content import Content
from textual.message import Message

from .rows import CursorView, cursor_bindings

GAP = 2


@dataclass(frozen=True)
class Column:
    """A column: its heading, its width in cells (the least width when flexible), its share of spare room."""

    label: str
    width: int
    flex: int = 0


def fit_widths(columns: list[Column], width: int, least: int = 4) -> list[int]:
    """Cell widths of `columns` in a line `width` cells wide: flexible columns share the spare room,
    or give up cells (down to `least`) when there is too little."""
    spare = width - sum(c.width for c in columns) - GAP * (len(columns) - 1)
    weights = sum(c.flex for c in columns)
    widths = [c.width + (max(spare, 0) * c.flex // weights if weights else 0) for c in columns]
    flexible = [i for i, c in enumerate(columns) if c.flex]
    while spare < 0 and any(widths[i] > least for i in flexible):
        for i in flexible:
            if spare < 0 and widths[i] > least:
                widths[i] -= 1
                spare += 1
    return widths


def join_cells(cells: list[Content], widths: list[int]) -> Content:
    """Cells cut (with an ellipsis) or padded to their widths, side by side."""
    gap = Content(" " * GAP)
    return gap.join(c.truncate(w, ellipsis=True, pad=True) for c, w in zip(cells, widths))


class MetricTable(CursorView):
    """Rows of claims with a cursor; each row is a claim id, its cells built only when the row is drawn."""

    COMPONENT_CLASSES = {"metric-table--cursor"}
    CURSOR = "metric-table--cursor"
    BINDINGS = cursor_bindings("metrics", "open", "Open sentence")

    class Highlighted(Message):
        """The cursor rests on another claim."""

        def __init__(self, claim_id: int) -> None:
            super().__init__()
            self.claim_id = claim_id

    class Selected(Message):
        """Enter or a click on a claim."""

        def __init__(self, claim_id: int) -> None:
            super().__init__()
            self.claim_id = claim_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[Column] = []
        self.ids: list[int] = []
        self._cells: Callable[[int], list[Content]] = lambda index: []
        self._row_of: dict[int, int] | None = None

    @property
    def row_count(self) -> int:
        return len(self.ids)

    def set_rows(self, columns: list[Column], ids: list[int], cells: Callable[[int], list[Content]] | None = None,
                 keep: int | None = None) -> None:
        """Show a row per claim id, `cells(index)` giving a row's cells; keep the cursor on claim `keep` if shown."""
        self.columns = columns
        self.ids = ids
        self._cells = cells or (lambda index: [])
        self._row_of = None
        index = self.row_of(keep) if keep is not None else None
        self.rows_changed(index or 0)

    def heading(self, width: int) -> Content:
        return join_cells([Content(c.label) for c in self.columns], fit_widths(self.columns, width)) if self.columns else Content("")

    def row_of(self, claim_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {}
            for i, cid in enumerate(self.ids):
                self._row_of.setdefault(cid, i)
        return self._row_of.get(claim_id)

    def current_claim(self) -> int | None:
        return self.ids[self.cursor_row] if 0 <= self.cursor_row < len(self.ids) else None

    def cells(self, index: int) -> list[Content]:
        """The cells of row `index`."""
        return self._cells(index)

    def render_row(self, index: int, width: int) -> Content:
        return join_cells(self._cells(index), fit_widths(self.columns, width))

    def cursor_moved(self, index: int) -> None:
        self.post_message(self.Highlighted(self.ids[index]))

    def chosen(self, index: int) -> None:
        self.post_message(self.Selected(self.ids[index]))
