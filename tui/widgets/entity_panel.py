"""The entity sidebar: entities of the current article or of the whole corpus, grouped by kind."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from corpus.cleaning import safe_label

from ..lazy import pl
from .rows import CursorView

KIND_TITLES = {"PS": "People", "OG": "Organisations", "LC": "Places", "PD": "Products and works"}


class EntityList(CursorView):
    """Kind headings and entities; the cursor rests on entities only."""

    COMPONENT_CLASSES = {"entity-list--cursor", "entity-list--heading"}
    CURSOR = "entity-list--cursor"
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="entities.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="entities.up"),
        Binding("g,home", "first", "Top", show=False, id="entities.top"),
        Binding("G,end", "last", "Bottom", show=False, id="entities.bottom"),
        Binding("pagedown", "page_down", "Page down", show=False, id="entities.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="entities.page_up"),
        Binding("enter", "select", "Follow", id="entities.follow"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[tuple[Content, int | None]] = []  # text, and the entity id (None for headings)

    @property
    def row_count(self) -> int:
        return len(self.lines)

    def set_lines(self, lines: list[tuple[Content, int | None]]) -> None:
        """Show these lines from the top, the cursor on the first entity."""
        self.lines = lines
        self.scroll_to(y=0, animate=False, immediate=True)
        self.rows_changed(0)

    def selectable(self, index: int) -> bool:
        return self.lines[index][1] is not None

    def render_row(self, index: int, width: int) -> Content:
        text, entity_id = self.lines[index]
        return text if entity_id is not None else text.stylize(self.get_visual_style("entity-list--heading"))

    def chosen(self, index: int) -> None:
        self.post_message(EntityPanel.Chosen(self.lines[index][1]))


class EntityPanel(Vertical):
    """Entities with counts and aliases; Enter filters the article list and jumps to the first mention."""

    BINDINGS = [
        Binding("a", "toggle_scope", "Article/corpus", id="entities.scope"),
    ]

    class Chosen(Message):
        """An entity was chosen."""

        def __init__(self, entity_id: int) -> None:
            super().__init__()
            self.entity_id = entity_id

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entities = None
        self.article_id: int | None = None
        self.scope = "article"
        self.per_article: dict[int, dict[int, int]] = {}
        self.rows_by_kind: dict[str, list[dict]] = {}
        self.note = "Entities appear when the analysis is done."

    def compose(self) -> ComposeResult:
        yield Static(Content("Entities"), id="entities-heading", classes="pane-heading")
        yield EntityList(id="entity-list")

    def set_data(self, entities: pl.DataFrame, mentions: pl.DataFrame) -> None:
        self.entities = entities
        counts = (mentions.filter(pl.col("entity_id").is_not_null()).group_by("article_id", "entity_id").len()
                  .group_by("article_id").agg(pl.col("entity_id"), pl.col("len")))
        self.per_article = {aid: dict(zip(ids, ns)) for aid, ids, ns in counts.iter_rows()}
        self.rows_by_kind = {kind: entities.filter(pl.col("kind") == kind).sort(["mentions", "name"], descending=[True, False]).to_dicts()
                             for kind in KIND_TITLES}
        self.note = ""
        self.refresh_list()

    def set_article(self, article_id: int | None) -> None:
        if article_id != self.article_id:
            self.article_id = article_id
            if self.scope == "article":
                self.refresh_list()

    def set_note(self, note: str) -> None:
        self.note = note
        self.refresh_list()

    def refresh_list(self) -> None:
        options = self.query_one(EntityList)
        heading = self.query_one("#entities-heading", Static)
        if self.note or self.entities is None or not self.entities.height:
            heading.update(Content(f"Entities · {self.scope}"), layout=False)
            options.set_lines([(Content(self.note or "No entities."), None)])
            return
        here = self.per_article.get(self.article_id, {}) if self.scope == "article" else None
        items: list[tuple[Content, int | None]] = []
        total = 0
        for kind in KIND_TITLES:
            rows = self.rows_by_kind[kind]
            if here is not None:
                rows = sorted(({**r, "mentions": here[r["entity_id"]]} for r in rows if r["entity_id"] in here),
                              key=lambda r: (-r["mentions"], r["name"]))
            elif len(rows) > 500:
                rows = rows[:500]  # the corpus view lists the 500 most mentioned of each kind
            if not rows:
                continue
            total += len(rows)
            items.append((Content(f"{KIND_TITLES[kind]} ({len(rows)})"), None))
            for r in rows:
                name = safe_label(r["name"], 60)
                others = [safe_label(a, 40) for a in r["aliases"] if a != r["name"]][:4]
                line = Content(f"{name}  {r['mentions']}×")
                if self.scope == "corpus":
                    line = line + Content(f" in {r['articles']}")
                if others:
                    line = line + Content("  " + " · ".join(others)).stylize("italic", 0)
                items.append((line, r["entity_id"]))
        heading.update(Content(f"Entities · {'this article' if self.scope == 'article' else 'whole corpus'} "
                               f"({total}) · a toggles"), layout=False)
        options.set_lines(items)

    def action_toggle_scope(self) -> None:
        self.scope = "corpus" if self.scope == "article" else "article"
        self.refresh_list()

