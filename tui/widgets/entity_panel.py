"""The entity sidebar: entities of the current article or of the whole corpus, grouped by kind."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from corpus.cleaning import safe_label

from ..lazy import pl

KIND_TITLES = {"PS": "People", "OG": "Organisations", "LC": "Places", "PD": "Products and works"}


class EntityList(OptionList):
    """Options: kind headings (disabled) and entities."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="entities.down"),
        Binding("k", "cursor_up", "Up", show=False, id="entities.up"),
        Binding("g", "first", "Top", show=False, id="entities.top"),
        Binding("G", "last", "Bottom", show=False, id="entities.bottom"),
    ]


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
        yield EntityList(id="entity-list", markup=False)

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
        options.clear_options()
        if self.note or self.entities is None or not self.entities.height:
            heading.update(Content(f"Entities · {self.scope}"), layout=False)
            options.add_option(Option(Content(self.note or "No entities."), disabled=True))
            return
        here = self.per_article.get(self.article_id, {}) if self.scope == "article" else None
        items: list[Option] = []
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
            items.append(Option(Content(f"{KIND_TITLES[kind]} ({len(rows)})").stylize("bold", 0), disabled=True))
            for r in rows:
                name = safe_label(r["name"], 60)
                others = [safe_label(a, 40) for a in r["aliases"] if a != r["name"]][:4]
                line = Content(f"{name}  {r['mentions']}×")
                if self.scope == "corpus":
                    line = line + Content(f" in {r['articles']}")
                if others:
                    line = line + Content("  " + " · ".join(others)).stylize("italic", 0)
                items.append(Option(line, id=f"e{r['entity_id']}"))
        heading.update(Content(f"Entities · {'this article' if self.scope == 'article' else 'whole corpus'} "
                               f"({total}) · a toggles"), layout=False)
        options.add_options(items)
        if options.option_count > 1:
            options.highlighted = 1

    def action_toggle_scope(self) -> None:
        self.scope = "corpus" if self.scope == "article" else "article"
        self.refresh_list()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id.startswith("e"):
            self.post_message(self.Chosen(int(event.option.id[1:])))
