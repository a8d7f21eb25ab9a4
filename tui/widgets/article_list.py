"""The article list: title, publisher, date and counts; sortable, filterable as you type, virtualised.

It shows the screen's state and owns only its sort order: the corpus, the counts, which articles pass
the filters and the filters themselves come from the screen (`data_bind`); typing in the filter box
and Esc are reported upwards.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from itertools import compress

from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var

from corpus.table import first_fit

from ..focusing import focus_now
from ..state import EntityFilter
from .article_rows import ArticleTable
from .filter_box import FilterBox
from .gutter import GUTTER
from .line import Line

SORTS = ("date", "title", "publisher")


TITLES_ONLY = "titles only for now"  # until the analysis has built the search index


class ArticleList(Vertical):
    """Articles of the corpus, narrowed by the filters."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="list.filter"),
        Binding("s", "cycle_sort", "Sort", id="list.sort"),
        Binding("S", "reverse_sort", "Reverse", show=False, id="list.reverse"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="list.clear"),
    ]

    corpus = var(None, init=False)  # corpus.preview.Preview or corpus.loader.Corpus
    facts = var(None, init=False)
    visible_ids: var[frozenset[int] | None] = var(None, init=False)
    text_filter = var("", init=False)
    entity_filter: var[EntityFilter | None] = var(None, init=False)
    found = var(None, init=False)  # corpus.search.Result of the filter's query, once the index is built

    class Chosen(Message):
        """An article was chosen (Enter or click)."""

        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    class ClearFilters(Message):
        """Esc in the list: drop every filter."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.sort = "date"
        self.descending = True
        self.shown_ids: list[int] = []
        self._ordered: tuple[tuple[str, bool], list] | None = None  # rows in the current order
        self._ordered_ids: list[int] = []  # their ids
        self._place: dict[int, int] = {}  # id -> its place in that order
        self._drawn: dict[str, str] = {}  # the heading's and the columns' lines as drawn
        self._found_shown: tuple | None = None  # the (result, text, entity filter) `_show_found` last drew
        self._passed: LRUCache[int, tuple] = LRUCache(40)  # `_passing`: id(ids) -> (ids, order, rows, their ids)
        self._typing = False  # the filter box has the focus
        self._anchor: int | None = None  # the article the cursor was on as the box took the focus

    def compose(self) -> ComposeResult:
        yield Line("Articles", id="list-heading", classes="pane-heading")
        yield FilterBox('search (F1 lists how): words, ㅊㅅ, "phrase", -not, pub: date: kind:', id="list-filter")
        yield Line(id="list-columns")
        yield ArticleTable(id="article-table")

    def on_resize(self) -> None:
        self._draw_columns()
        self._draw_heading()

    def _pane_width(self) -> int:
        """The pane's width; while it is hidden (one pane at a time), the width it will have shown alone: its lines are
        then drawn for it already, and showing it repaints nothing a frame later."""
        return self.size.width or max(self.app.size.width - self.styles.gutter.width, 0)

    def _put(self, selector: str, line: str) -> None:
        if self._drawn.get(selector) != line:  # (an update repaints, even with the same text)
            self._drawn[selector] = line
            self.query_one(selector, Line).update(line)

    def _draw_columns(self) -> None:
        # the rows' width: the pane less the table's left padding and its gutter (the scroll position)
        table = self.query_one(ArticleTable)
        self._put("#list-columns", table.heading(self._pane_width() - 1 - GUTTER))

    # --- state in ------------------------------------------------------------------------------------
    def watch_corpus(self, corpus) -> None:
        self._ordered = None
        self._passed.clear()
        self.query_one(ArticleTable).measure(corpus.rows if corpus is not None else [])
        self.refresh_rows()
        self._draw_columns()

    def watch_facts(self, facts) -> None:
        self.query_one(ArticleTable).set_counts(facts.counts if facts is not None else {})
        self._draw_columns()

    def watch_visible_ids(self) -> None:
        self.refresh_rows()

    def watch_text_filter(self) -> None:
        self._show_found(self.found)  # (the result may have come before the text: the note quotes the text)

    def watch_entity_filter(self) -> None:
        self._draw_heading()

    def watch_found(self, found) -> None:
        self._show_found(found)

    def _show_found(self, found) -> None:
        """Hits per row and what an empty list says (from whichever of the text and its result came last)."""
        shown = (found, self.text_filter, self.entity_filter)
        if self._found_shown is not None and all(a is b for a, b in zip(shown, self._found_shown)):
            return  # (told the result, then its text: the heading and the hits are drawn once a keystroke)
        self._found_shown = shown
        note = ""
        if self.text_filter:
            note = f"⚠ {found.error}" if found is not None and found.error else f"No article matches “{self.text_filter}”."
            if found is None:
                note = f"No title or file name holds “{self.text_filter}”: the articles' words are searched once analysed."
        elif self.entity_filter is not None:
            note = f"No article mentions {self.entity_filter.name}."
        self.query_one(ArticleTable).set_hits(self._hits_of(found), note)  # (no hit column for a query of fields alone: pub:, date:)
        self._draw_columns()
        self._draw_heading()

    # --- rows ----------------------------------------------------------------------------------------
    def refresh_rows(self, keep: int | None = None) -> None:
        table = self.query_one(ArticleTable)
        current = keep if keep is not None else self._resting_on(self.visible_ids)
        if self.visible_ids is None and self._typing:
            self._anchor = current  # (the box emptied: the cursor stays, and the next query starts from there)
        shown, ids = self._passing(self.visible_ids)
        self.shown_ids = ids
        table.set_rows(shown, current, ids)
        self._draw_heading()

    def _passing(self, visible: frozenset[int] | None) -> tuple[list, list[int]]:
        """The rows that pass the filters (`visible`: their ids, None for all) in the list's order, and their ids; kept
        for the last few sets (a query's result is one set while it is typed back and forth, or made ready ahead)."""
        shown = self._in_order()
        ids = self._ordered_ids
        if visible is None:
            return shown, ids
        kept = self._passed.get(id(visible))
        if kept is not None and kept[0] is visible and kept[1] is self._ordered:
            return kept[2], kept[3]
        if len(visible) * 4 < len(ids):  # a search's few: put them in the list's order
            place = self._place
            at = sorted(place[i] for i in visible if i in place)
            shown, ids = [shown[i] for i in at], [ids[i] for i in at]
        else:
            passes = list(map(visible.__contains__, ids))
            shown, ids = list(compress(shown, passes)), list(compress(ids, passes))
        self._passed[id(visible)] = (visible, self._ordered, shown, ids)
        return shown, ids

    def warming(self, visible: frozenset[int] | None, found) -> Iterator[None]:
        """Make ready, while no key comes, the rows a filter's result would show: which pass, and the page of them the
        view would show around the article the cursor would land on, drawn with the columns they will have (`found`:
        the result of a query the next letter may make; `visible` None: every article, the box emptied), in steps of a
        millisecond or so."""
        shown, ids = self._passing(visible)
        landing = self.landing(visible)
        yield
        try:  # (as `set_rows` places the cursor: on the first row when the article is not listed)
            cursor = ids.index(landing) if landing is not None else 0
        except ValueError:
            cursor = 0
        for table in self.query(ArticleTable):
            yield from table.warming_rows(shown, self._hits_of(found), cursor)

    @staticmethod
    def _hits_of(found) -> dict[int, int] | None:
        """Hits per article of a result, None when there is no hit column (no search, or fields alone)."""
        return found.hits if found is not None and found.ids is not None and any(found.hits.values()) else None

    def _draw_heading(self) -> None:
        """The heading, shortened by whole parts to the pane's width: the count and the search come first."""
        total = len(self.corpus.rows) if self.corpus is not None else 0
        count = f"Articles {len(self.shown_ids):,}/{total:,}{'+' if getattr(self.corpus, 'more', False) else ''}"
        order = f"by {self.sort}{' ↓' if self.descending else ' ↑'}"
        found = self.found
        search = result = note = brief = ""  # (brief: the result at its shortest)
        if self.text_filter:
            search = f"“{self.text_filter}”"
            if found is not None and found.error:
                result = f"⚠ {found.error}"
            elif found is not None and (found.reading or found.notes[:1] and found.notes[0].startswith("⚠")):
                # a phrase being read, or that could not be: its words' articles meanwhile, no count of the phrase's hits
                result, note = found.notes[0], found.notes[1] if len(found.notes) > 1 else ""
                brief = "reading…" if found.reading else "⚠ not read"
            elif found is not None and found.ids is not None:
                total_hits = sum(found.hits.values())
                about = "" if found.exact else "≈"  # (counted per word until the query rests, then article by article)
                hits = f"{about}{total_hits:,} {'hit' if total_hits == 1 else 'hits'}"
                result = hits if total_hits or not found.ids else ""  # (fields alone have none)
                note = found.notes[0] if found.notes else ""
            elif found is None:
                result = TITLES_ONLY
            elif found.notes:  # (a query that filters nothing yet: one letter)
                result = found.notes[0]
        entity = long_entity = ""
        if self.entity_filter:
            entity = f"mentioning {self.entity_filter.name}"
            long_entity = f"{entity} (Esc clears)"
        # a note "오픈AI: also OpenAI and its other names" says, at its shortest, "also OpenAI"
        short_note = note.split(": ", 1)[-1].removesuffix(" and its other names")
        candidates = [
            [count, order, search, result, note, long_entity],
            [count, order, search, result, note, entity],
            [count, search, result, note, entity],
            [count, search, result, short_note, entity],
            [count, search, result, entity],
            [count, search, result],
            *([[count, result]] if result.startswith(("⚠", "reading")) else []),  # (what is wrong, or still to come, before
            *([[count, brief]] if brief else []),  # what was typed: the box shows it)
            [count, search],
            [count],
        ]
        heading = self.query_one("#list-heading", Line)
        width = heading.content_region.width or max(self._pane_width() - heading.styles.gutter.width, 0) or 10_000
        self._put("#list-heading", first_fit([" · ".join(p for p in parts if p) for parts in candidates], width))

    def _in_order(self) -> list:
        """All rows in the chosen order, sorted once per order (filters then keep that order)."""
        order = (self.sort, self.descending)
        if self._ordered is None or self._ordered[0] != order:
            rows = self.corpus.rows if self.corpus is not None else []
            key = self.sort
            present = [r for r in rows if getattr(r, key) not in (None, "")]
            missing = [r for r in rows if getattr(r, key) in (None, "")]  # undated articles stay at the end either way
            present.sort(key=lambda r: getattr(r, key), reverse=self.descending)
            self._ordered = (order, present + missing)
            # (new int objects side by side in memory: the ids of rows read at different times lie all over a large
            # heap, and a filter that walks all 10,000 of them took four times as long, waiting on memory)
            self._ordered_ids = array("q", [r.id for r in self._ordered[1]]).tolist()
            self._place = {article_id: i for i, article_id in enumerate(self._ordered_ids)}
        return self._ordered[1]

    def current_id(self) -> int | None:
        return self.query_one(ArticleTable).current_id()

    def _resting_on(self, ids: frozenset[int] | None) -> int | None:
        """The article the cursor stays on if it passes the filters (`ids`, None for all): the current one; while a query
        is typed, the one it was on before the query's first filtering letter (a letter that took the cursor to its
        first match does not hold it there for the next: the query's first match comes to the cursor)."""
        if ids is not None and self._typing and self.app.focused is self.query_one(FilterBox):
            return self._anchor
        return self.current_id()

    def _start_typing(self) -> None:
        if not self._typing:
            self._typing, self._anchor = True, self.current_id()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, FilterBox):
            self._start_typing()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, FilterBox) and self.app.app_focus:  # (not the terminal's window losing the focus)
            self._typing = False

    def landing(self, ids: frozenset[int] | None) -> int | None:
        """The article the cursor would rest on if the articles that pass the filters became `ids` (None: all): the one
        it rests on (`_resting_on`) if it passes, else the first that passes in the list's order."""
        current = self._resting_on(ids)
        if ids is None or current in ids:
            return current
        passing = self._passing(ids)[1]
        return passing[0] if passing else None

    def select(self, article_id: int) -> None:
        """Move the cursor to an article, if it is shown."""
        if article_id in self.shown_ids:
            self.query_one(ArticleTable).move_cursor(self.shown_ids.index(article_id))

    # --- events and keys -----------------------------------------------------------------------------
    def on_article_table_selected(self, event: ArticleTable.Selected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.article_id))

    def on_filter_box_done(self, event: FilterBox.Done) -> None:
        event.stop()
        focus_now(self.query_one(ArticleTable))

    def action_filter(self) -> None:
        self._start_typing()  # (before the box's focus event: keys typed in one burst with `/` may filter first)
        self.query_one(FilterBox).open()

    def on_key(self, event: events.Key) -> None:
        """Keys that came in one burst with `/` (over SSH, or typed fast) reached the list before its binding opened
        the box: the box opens as `/` passes here, and the printable keys after it are typed into it, in order."""
        box = self.query_one(FilterBox)
        if box.is_open and self.app.focused is box:
            if event.is_printable and event.character:
                event.stop()
                event.prevent_default()
                box.insert_text_at_cursor(event.character)
            return
        active = self.screen.active_bindings.get(event.key)
        if active is not None and active.node is self and active.binding.action == "filter":
            event.stop()
            event.prevent_default()
            self.action_filter()

    def action_clear_filter(self) -> None:
        box = self.query_one(FilterBox)
        if not (box.is_open or self.text_filter or self.entity_filter):
            raise SkipAction()  # nothing to clear: let Escape reach the screen (it stops long work)
        box.close()
        self.post_message(self.ClearFilters())
        focus_now(self.query_one(ArticleTable))

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.descending = self.sort == "date"
        self.refresh_rows()

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self.refresh_rows()
