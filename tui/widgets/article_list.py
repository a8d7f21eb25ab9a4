"""The article list: title, publisher, date and counts; sortable, filterable as you type, virtualised."""

from __future__ import annotations

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from ..text import cell

SORTS = ("date", "title", "publisher")


class ArticleTable(DataTable):
    """The rows; vim keys on top of DataTable's own."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "scroll_top", "Top", show=False, id="list.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="list.bottom"),
    ]


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

    def compose(self) -> ComposeResult:
        yield Static(Content("Articles"), id="list-heading", classes="pane-heading")
        yield Input(placeholder="filter: title, publisher, file…", id="list-filter", classes="hidden")
        table = ArticleTable(id="article-table", cursor_type="row", zebra_stripes=False)
        yield table

    def on_mount(self) -> None:
        table = self.query_one(ArticleTable)
        table.add_column("Title", key="title", width=28)
        table.add_column("Publisher", key="publisher", width=10)
        table.add_column("Date", key="date", width=10)
        table.add_column("Ent", key="entities", width=3)
        table.add_column("Clm", key="claims", width=3)

    def set_rows(self, rows: list[dict], counts: dict[int, tuple[int, int]] | None = None) -> None:
        """Show articles given as dicts with id, title, publisher, date and name (counts when known)."""
        self.rows = [{k: r.get(k) for k in ("id", "title", "publisher", "date", "name")} for r in rows]
        for r in self.rows:
            r["_search"] = " ".join(str(r[k] or "") for k in ("title", "publisher", "name")).lower()
        self.counts = counts or {}
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
        shown = self.rows
        if self.text_filter:
            needle = self.text_filter.lower()
            shown = [r for r in shown if needle in r["_search"]]
        if self.entity_filter:
            keep = self.entity_filter[1]
            shown = [r for r in shown if r["id"] in keep]
        present = [r for r in shown if r[self.sort] is not None]
        missing = [r for r in shown if r[self.sort] is None]  # undated articles stay at the end either way
        present.sort(key=lambda r: r[self.sort], reverse=self.descending)
        shown = present + missing
        table.clear()
        ids = [r["id"] for r in shown]
        for r in shown:
            ents, claims = self.counts.get(r["id"], (None, None))
            table.add_row(cell(r["title"], 200), cell(r["publisher"] or "", 30),
                          cell(r["date"].isoformat() if r["date"] else "—", 10),
                          cell("…" if ents is None else str(ents), 5), cell("…" if claims is None else str(claims), 5),
                          key=str(r["id"]))
        self.shown_ids = ids
        heading = f"Articles {len(ids)}/{len(self.rows)} · by {self.sort}{' ↓' if self.descending else ' ↑'}"
        if self.text_filter:
            heading += f" · “{self.text_filter}”"
        if self.entity_filter:
            heading += f" · mentioning {self.entity_filter[0]} (Esc clears)"
        self.query_one("#list-heading", Static).update(Content(heading), layout=False)
        if current is not None and current in ids:
            table.move_cursor(row=ids.index(current), animate=False)

    def current_id(self) -> int | None:
        table = self.query_one(ArticleTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key
        except Exception:
            return None
        return int(key.value) if key and key.value is not None else None

    def select(self, article_id: int) -> None:
        """Move the cursor to an article, if it is shown."""
        if article_id in self.shown_ids:
            self.query_one(ArticleTable).move_cursor(row=self.shown_ids.index(article_id), animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Chosen(int(event.row_key.value)))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key is not None and event.row_key.value is not None:
            self.post_message(self.Highlighted(int(event.row_key.value)))

    def action_filter(self) -> None:
        box = self.query_one("#list-filter", Input)
        box.remove_class("hidden")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "list-filter":
            event.stop()
            self.text_filter = event.value.strip()
            self.refresh_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "list-filter":
            event.stop()
            self.query_one(ArticleTable).focus()

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
        self.query_one(ArticleTable).focus()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.descending = self.sort == "date"
        self.refresh_rows()

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self.refresh_rows()
