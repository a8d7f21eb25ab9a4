"""The article table: one row per article, drawn only when visible, so 10,000 rows cost nothing to hold.

Sorting and filtering reorder a Python list; nothing is mounted or added per row (a DataTable needs
seconds to take 10,000 rows). Vim keys, paging, mouse clicks; the cursor row is styled by the theme.
Columns are sized from their content (the corpus's publishers, the largest count) and the pane's width
(`corpus.table.share`): the title takes what is left; the publisher gives up cells, then its column, before
a date or a count is ever cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import EllipsisType

from rich.segment import Segment
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import var
from textual.strip import Strip

from corpus.preview import ArticleRow
from corpus.table import Spec, cell_width, cut_at_word, first_fit, fit, share

from ..later import Later
from .rows import CursorView, cursor_bindings

HEADINGS = ("Title", "Publisher", "Date", "Ent", "Clm")
HIT = "Hit"  # shown while a search is on
TITLE_LEAST = 16  # a title narrower than this leaves the publisher out instead
PUBLISHER_LEAST = 9  # (its heading, whole)
WIDEN = (  # what an empty list says under its note, the longest that fits
    "Esc clears the filter; fewer words, no quotes or no fields widen it.",
    "Esc clears the filter; fewer words widen it.",
    "Esc clears the filter.",
)
WARM_DELAY = 0.05  # seconds without a key before the pages around the shown one are drawn ahead
WARM_STEP = 8  # rows drawn ahead at a time
FINAL_ROWS = 1600  # lines kept as drawn, with what a frame makes of them: the pages of 24 guessed first letters and more


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(fit(c, w) for c, w in zip(cells, widths) if w > 0)


class ArticleTable(CursorView):
    """Rows of articles with a cursor."""

    COMPONENT_CLASSES = {"article-table--cursor"}
    CURSOR = "article-table--cursor"
    BINDINGS = cursor_bindings("list", "open", "Read")

    # The article under the cursor, set as the cursor moves; watchers run at once, so what they change is drawn in the
    # same frame as the cursor (a message would arrive after that frame, and its effect a frame period later).
    current: var[int | None] = var(None, init=False, always_update=True)

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
        self.publisher_width = 0  # the widest publisher of the corpus
        self._count_max = 0  # the largest entity or claim count, and hit count (None: no search)
        self._hit_max: int | None = None
        self._widths: tuple[tuple, list[int]] | None = None
        self._fitted: dict[tuple, str] = {}  # (article id, its counts, the column layout) -> its columns, fitted
        self._strips: LRUCache[tuple, Strip] = LRUCache(2048)  # the same key -> those columns drawn
        self._pieces: LRUCache[str, Strip] = LRUCache(256)  # hit counts and padding, drawn
        self._finals: LRUCache[tuple, Strip] = LRUCache(FINAL_ROWS)  # a line's key (`_line_keys`) -> the line
        self._corpus_gen = 0  # counts the corpora measured (`measure`)
        self._warm_call = Later(self)  # the next step of drawing rows ahead
        self._warm_todo: list[tuple[int, bool]] = []  # (row, beside the thumb) left to draw ahead
        self._drawn: dict[int, tuple] = {}  # screen line -> the key of what it shows (`_line_keys`), as last drawn

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_rows(self, rows: list[ArticleRow], keep: int | None, ids: list[int] | None = None) -> None:
        """Show these rows (already sorted and filtered; `ids` their ids), keeping the cursor on `keep` if present."""
        self.rows = rows
        if ids is None:
            ids = [r.id for r in rows]
        try:
            index = ids.index(keep) if keep is not None else 0
        except ValueError:
            index = 0
        self.rows_changed(index)

    def measure(self, rows: list[ArticleRow]) -> None:
        """Size the publisher column for every row of the corpus (filters do not move the columns)."""
        self.publisher_width = max((cell_width(p) for p in {r.publisher for r in rows}), default=0)
        self._fitted.clear()  # a new corpus: a file's title, date or publisher may have changed under the same id
        self._strips.clear()
        self._finals.clear()
        self._corpus_gen += 1  # (rows being made ready for the old corpus stop: they would draw its titles)

    def widths(self, width: int, hit_max: int | None | EllipsisType = ...) -> list[int]:
        """Each column's width in a row `width` cells wide (0: left out), the hit column last while searching (or with
        `hit_max`'s: the most hits a row of another result has, None for no hit column)."""
        counts, hits = self._count_max, self._hit_max if hit_max is ... else hit_max
        key = (width, self.publisher_width, counts, hits)
        if self._widths is None or self._widths[0] != key:
            number = max(3, len(str(counts)))
            specs = [
                Spec(TITLE_LEAST, TITLE_LEAST, flex=1, cut=2),
                Spec(max(self.publisher_width, cell_width("Publisher")), PUBLISHER_LEAST, cut=1, optional=True),
                Spec(10),
                Spec(number),
                Spec(number),
            ]
            if hits is not None:
                specs.append(Spec(max(3, len(str(hits)))))
            if self.publisher_width:
                widths = share(specs, width)
            else:  # no article names its publisher: no column for it
                widths = share(specs[:1] + specs[2:], width)
                widths.insert(1, 0)
            self._widths = (key, widths)
        return self._widths[1]

    def heading(self, width: int) -> str:
        """The column headings for a list `width` cells wide."""
        return _line([*HEADINGS, HIT], self.widths(width))

    def set_hits(self, hits: dict[int, int] | None, empty_note: str) -> None:
        """Hits per article of the search in the filter box (None: no search), and what to say when none match."""
        if hits is self.hits and empty_note == self.empty_note:
            return  # (told again as the query's text arrives after its result: nothing to draw again)
        self.hits = hits
        self._hit_max = None if hits is None else max(hits.values(), default=0)
        self.empty_note = empty_note
        self.redraw()

    def _line_keys(self, ys: Iterable[int]) -> list[tuple]:
        """Everything that each screen line `y` shows depends on (equal keys: the same strip)."""
        _, top, width, (thumb_start, thumb_end) = self.frame_geometry()
        rows, counts, hits, cursor_row, focus = self.rows, self.counts, self.hits, self.cursor_row, self.has_focus
        style = (self._base, self._gutter_drag, width)
        widths = tuple(self.widths(width)) if rows else None
        keys = []
        for y in ys:
            index, thumb = top + y, thumb_start <= y < thumb_end
            if index >= len(rows):
                keys.append((None, self.empty_note if not rows and y < 2 else "", thumb, style))
                continue
            r = rows[index]
            cursor = index == cursor_row
            keys.append((r, counts.get(r.id), widths, None if hits is None else hits.get(r.id, 0), cursor, cursor and focus, thumb, style))
        return keys

    def repaint_changed(self) -> None:
        """Repaint only the lines whose row, counts, hits, cursor or gutter changed: a keystroke in the filter keeps
        many rows where they were, and each line Textual draws again costs its compositor a tenth of a millisecond."""
        drawn, height, width = self._drawn, self.size.height, self.size.width
        if not drawn or not height:
            self.refresh()
            return
        changed = [y for y, key in enumerate(self._line_keys(range(height))) if drawn.get(y) != key]
        if len(changed) == height:
            self.refresh()
            return
        if not changed:
            return
        runs: list[list[int]] = []  # consecutive lines: one region each
        for y in changed:
            if runs and runs[-1][1] == y:
                runs[-1][1] = y + 1
            else:
                runs.append([y, y + 1])
        self.refresh(*(Region(0, start, width, end - start) for start, end in runs))

    def render_line(self, y: int) -> Strip:
        if self._base is None:
            self._base = self.rich_style
        key = self._drawn[y] = self._line_keys((y,))[0]
        if not self.rows and self.empty_note and y < 2:
            width = self.text_width
            text = Content(cut_at_word(self.empty_note, width) if y == 0 else first_fit(WIDEN, width))
            return self.with_gutter(Strip(text.render_segments()).extend_cell_length(width, self.rich_style).crop(0, width), y)
        index = self.frame_geometry()[1] + y
        if index >= len(self.rows) or index == self.cursor_row:
            return super().render_line(y)
        # Any other row is drawn from its article's strip, kept across filters and pages (a keystroke in the filter
        # shows a new set of rows, mostly seen before), and the search's hit count beside it; the line as a whole is
        # kept by what it shows, so that what a frame makes of it is made once (and can be made ahead, `_warm`).
        return self._final_row(key)

    def _final_row(self, key: tuple) -> Strip:
        """The line of a row (not the cursor's) whose `_line_keys` key is `key`."""
        r = key[0]
        kept = (r.id, *key[1:])  # (a row is not hashable; `measure` forgets the lines when the corpus changes)
        strip = self._finals.get(kept)
        if strip is None:
            _, _, widths, hit, _, _, thumb, (base, _, width) = key
            parts = [self._row_strip(r, widths, base)]
            if hit is not None and len(widths) > 5 and widths[5] > 0:
                parts.append(self._piece("  " + fit(str(hit), widths[5])))
            segments = [segment for part in parts for segment in part]
            strip = self._finals[kept] = self.gutter_line(segments, sum(p.cell_length for p in parts), width, base, thumb)
        return strip

    def _finish_rows(self, rows: list[tuple[ArticleRow, bool]], widths: tuple, hits: dict[int, int] | None) -> None:
        """Make the lines of these rows as a frame would show them (off the cursor), each beside the scroll thumb or not."""
        style = (self._base, self._gutter_drag, self.text_width)
        counts = self.counts
        keys = [(r, counts.get(r.id), widths, None if hits is None else hits.get(r.id, 0), False, False, thumb, style) for r, thumb in rows]
        self._styles_cache.finish(self, [self._final_row(key) for key in keys])

    def _page(self, count: int, top: int) -> list[tuple[int, bool]]:
        """The rows a view of `count` rows scrolled to `top` shows, each with whether it is beside the scroll thumb."""
        height = self.scrollable_content_region.height
        start, end = self._span(top, count, height)
        return [(i, start <= i - top < end) for i in range(max(top, 0), min(top + height, count))]

    def _row_strip(self, r: ArticleRow, widths: list[int], base) -> Strip:
        """An article's own columns, drawn (kept across filters and pages)."""
        counts = self.counts.get(r.id, (None, None))
        key = (r.id, counts, tuple(widths[:5]))
        strip = self._strips.get(key)
        if strip is None:
            strip = Strip([Segment(self._fitted_line(r, counts, widths), base)])  # (one style: no Content to lay out)
            self._strips[key] = strip
        return strip

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._warm_later()

    def rows_changed(self, cursor: int = 0) -> None:
        super().rows_changed(cursor)
        self._warm_later()

    def redraw(self) -> None:
        super().redraw()
        self._warm_later()  # (the counts arrived: the rows ahead read differently)

    def _warm_later(self) -> None:
        self._warm_call.call(WARM_DELAY, self._warm)

    def _warm(self, todo: list[tuple[int, bool]] | None = None) -> None:
        """While no key comes: draw the rows of the pages a key would show (the next row's, the page below, the page
        above, the first and the last), a few at a time (a key that comes meanwhile waits a fraction of a millisecond),
        so that a page key shows them from the cache (fitting fifty Korean titles to their cells is most of a page's
        frame)."""
        if not self.rows or not self.size:
            return
        if self._base is None:  # (the rows came before the first frame: the style is looked up now, not only once drawn)
            self._base = self.rich_style
        if todo is None:  # the pages that j, k, the page keys, g and G would show (each row beside the thumb or not)
            count, cursor = len(self.rows), self.cursor_row
            step = max(self.scrollable_content_region.height - 1, 1)
            moves = [cursor + 1, cursor - 1, cursor + step, cursor - step, 0, count - 1]
            pages = [self._page(count, self.top_with(count, max(0, min(m, count - 1)))) for m in moves]
            todo = list(dict.fromkeys(row for page in pages for row in page))  # (j's or k's page holds the cursor's row)
        widths = tuple(self.widths(self.text_width))
        # (rows that changed meanwhile stop the timer; a resize does not: rows past the end are skipped)
        self._finish_rows([(self.rows[i], thumb) for i, thumb in todo[:WARM_STEP] if i < len(self.rows)], widths, self.hits)
        if len(todo) > WARM_STEP:
            self._warm_todo = todo[WARM_STEP:]
            self._warm_call.call(0.002, self._warm_next)

    def _warm_next(self) -> None:
        self._warm(self._warm_todo)

    def warming_rows(self, rows: list[ArticleRow], hits: dict[int, int] | None, cursor: int = 0) -> Iterator[None]:
        """Draw, while no key comes, the page of rows a filter would show with the cursor on row `cursor` (its articles'
        own columns, as wide as they will be with these `hits`), a few rows a step."""
        if not rows or not self.size:
            return
        if self._base is None:
            self._base = self.rich_style
        widths = tuple(self.widths(self.text_width, None if hits is None else max(hits.values(), default=0)))
        page = [(rows[i], thumb) for i, thumb in self._page(len(rows), self.top_with(len(rows), cursor))]
        corpus_gen = self._corpus_gen
        for at in range(0, len(page), WARM_STEP):
            yield
            if not self.is_mounted or self._corpus_gen != corpus_gen:
                return
            self._finish_rows(page[at : at + WARM_STEP], widths, hits)

    def _piece(self, text: str) -> Strip:
        piece = self._pieces.get(text)
        if piece is None:
            piece = self._pieces[text] = Strip([Segment(text, self._base)], cell_width(text))
        return piece

    def forget_drawn(self) -> None:
        super().forget_drawn()
        self._strips.clear()
        self._pieces.clear()
        self._finals.clear()

    def set_counts(self, counts: dict[int, tuple[int, int]]) -> None:
        """Entity and claim counts arrived: the same rows, drawn again."""
        self.counts = counts
        self._count_max = max((max(e, c) for e, c in counts.values()), default=0)
        self.redraw()

    def ahead_ids(self) -> list[int]:
        """The articles a key may bring to the cursor next, the likeliest first: the row below it (j, or the first row
        left as a query narrows), a page below (the page key), the row above, a page above, the next two rows below (a
        narrower query's first rows, when the cursor's article drops out), then the first and the last rows (g, G)."""
        page = max(self.scrollable_content_region.height - 1, 1)
        row, count = self.cursor_row, len(self.rows)
        ids: list[int] = []
        for index in (row + 1, row + page, row - 1, row - page, row + 2, row + 3, 0, count - 1):
            if 0 <= index < count and index != row and self.rows[index].id not in ids:
                ids.append(self.rows[index].id)
        return ids

    def current_id(self) -> int | None:
        if 0 <= self.cursor_row < len(self.rows):
            return self.rows[self.cursor_row].id
        return None

    def render_row(self, index: int, width: int) -> Content:
        r = self.rows[index]
        widths = self.widths(width)
        counts = self.counts.get(r.id, (None, None))
        # An article's own columns are fitted once per column layout: a keystroke in the filter or a page of the list
        # shows rows seen before, and fitting Korean titles to cells is the cost of drawing a row.
        line = self._fitted_line(r, counts, widths)
        if self.hits is not None and len(widths) > 5 and widths[5] > 0:
            line += "  " + fit(str(self.hits.get(r.id, 0)), widths[5])
        return Content(line)

    def _fitted_line(self, r: ArticleRow, counts: tuple, widths: list[int]) -> str:
        key = (r.id, counts, tuple(widths[:5]))
        line = self._fitted.get(key)
        if line is None:
            ents, claims = counts
            cells = [
                r.title,
                r.publisher,
                r.date.isoformat() if r.date else "—",
                "…" if ents is None else str(ents),
                "…" if claims is None else str(claims),
            ]
            line = _line(cells, widths[:5])
            if len(self._fitted) >= 20_000:
                self._fitted.clear()
            self._fitted[key] = line
        return line

    def cursor_moved(self, index: int) -> None:
        self.current = self.rows[index].id
        self._warm_later()  # (the pages the next keys show move with the cursor, scrolled or not)

    def chosen(self, index: int) -> None:
        self.post_message(self.Selected(self.rows[index].id))
