"""The article list: title, publisher, date and counts; sortable, filterable as you type, virtualised."""

from __future__ import annotations

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from ..focusing import focus_now
from .article_rows import ArticleTable, header_line
from .line_input import LineInput

SORTS = ("date", "title", "publisher")


class ArticleList(Vertical):
    """Articles of the corpus, narrowed by a text filter and by an entity."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="list.filter"),
        Binding("s", "cycle_sort", "Sort", id="list.sort"),
        Binding("S", "reverse_sort", "Reverse", show=False, id="list.reverse"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="list.clear"),
    ]

    class Chosen(Message):
        """An article was chosen (Enter or click)."""

        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    class Highlighted(Message):
        """The cursor moved to an article."""

        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleList.Highlighted)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[dict] = []
        self.counts: dict[int, tuple[int, int]] = {}
        self.text_filter = ""
        self.entity_filter: tuple[str, set[int]] | None = None
        self.sort = "date"
        self.descending = True
        self.shown_ids: list[int] = []
        self._ordered: tuple[tuple[str, bool], list[dict]] | None = None  # rows in the current order

    def compose(self) -> ComposeResult:
        yield Static(Content("Articles"), id="list-heading", classes="pane-heading")
        yield LineInput(placeholder="filter: title, publisher, file…", id="list-filter", classes="hidden")
        yield Static(Content(""), id="list-columns")
        yield ArticleTable(id="article-table")

    def on_resize(self) -> None:
        # the rows' width: the pane less its padding and the table's (always shown) scrollbar
        width = self.size.width - 2 - self.query_one(ArticleTable).styles.scrollbar_size_vertical
        self.query_one("#list-columns", Static).update(Content(header_line(width)), layout=False)

    def set_rows(self, rows: list[dict], counts: dict[int, tuple[int, int]] | None = None) -> None:
        """Show articles given as dicts with id, title, publisher, date and name (counts when known)."""
        self.rows = [{k: r.get(k) for k in ("id", "title", "publisher", "date", "name")} for r in rows]
        for r in self.rows:
            r["_search"] = " ".join(str(r[k] or "") for k in ("title", "publisher", "name")).lower()
        self.counts = counts or {}
        self._ordered = None
        self.refresh_rows()

    def set_articles(self, articles, counts: dict[int, tuple[int, int]] | None = None) -> None:
        """Show the articles of a Polars frame."""
        self.set_rows(articles.select("id", "title", "publisher", "date", "name").to_dicts() if articles.height else [], counts)

    def set_entity_filter(self, label: str | None, article_ids: set[int] | None) -> None:
        """Keep only articles mentioning an entity (None clears)."""
        self.entity_filter = (label, article_ids) if label is not None and article_ids is not None else None
        self.refresh_rows()

    def refresh_rows(self, keep: int | None = None) -> None:
        table = self.query_one(ArticleTable)
        current = keep if keep is not None else self.current_id()
        shown = self._in_order()
        if self.text_filter:
            needle = self.text_filter.lower()
            shown = [r for r in shown if needle in r["_search"]]
        if self.entity_filter:
            keep = self.entity_filter[1]
            shown = [r for r in shown if r["id"] in keep]
        ids = [r["id"] for r in shown]
        self.shown_ids = ids
        table.set_rows(shown, self.counts, current)
        heading = f"Articles {len(ids)}/{len(self.rows)} · by {self.sort}{' ↓' if self.descending else ' ↑'}"
        if self.text_filter:
            heading += f" · “{self.text_filter}”"
        if self.entity_filter:
            heading += f" · mentioning {self.entity_filter[0]} (Esc clears)"
        self.query_one("#list-heading", Static).update(Content(heading), layout=False)

    def _in_order(self) -> list[dict]:
        """All rows in the chosen order, sorted once per order (filters then keep that order)."""
        order = (self.sort, self.descending)
        if self._ordered is None or self._ordered[0] != order:
            present = [r for r in self.rows if r[self.sort] is not None]
            missing = [r for r in self.rows if r[self.sort] is None]  # undated articles stay at the end either way
            present.sort(key=lambda r: r[self.sort], reverse=self.descending)
            self._ordered = (order, present + missing)
        return self._ordered[1]

    def current_id(self) -> int | None:
        return self.query_one(ArticleTable).current_id()

    def select(self, article_id: int) -> None:
        """Move the cursor to an article, if it is shown."""
        if article_id in self.shown_ids:
            self.query_one(ArticleTable).move_cursor(self.shown_ids.index(article_id))

    def on_article_table_selected(self, event: ArticleTable.Selected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.article_id))

    def on_article_table_cursor_moved(self, event: ArticleTable.CursorMoved) -> None:
        event.stop()
        self.post_message(self.Highlighted(event.article_id))

    def action_filter(self) -> None:
        box = self.query_one("#list-filter", Input)
        box.remove_class("hidden")
        focus_now(box)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "list-filter":
            event.stop()
            if event.value.strip() != self.text_filter:  # clearing the box has already redrawn
                self.text_filter = event.value.strip()
                self.refresh_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "list-filter":
            event.stop()
            focus_now(self.query_one(ArticleTable))

    def action_clear_filter(self) -> None:
        box = self.query_one("#list-filter", Input)
        if not (self.text_filter or self.entity_filter or not box.has_class("hidden")):
            raise SkipAction()  # nothing to clear: let Escape reach the screen (it stops long work)
        box.value = ""
        box.add_class("hidden")
        self.text_filter = ""
        if self.entity_filter:
            self.entity_filter = None
        self.refresh_rows()
        focus_now(self.query_one(ArticleTable))

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.descending = self.sort == "date"
        self.refresh_rows()

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self.refresh_rows()
