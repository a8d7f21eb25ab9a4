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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entities = None
        self.mentions = None
        self.article_id: int | None = None
        self.scope = "article"
        self.note = "Entities appear when the analysis is done."

    def compose(self) -> ComposeResult:
        yield Static(Content("Entities"), id="entities-heading", classes="pane-heading")
        yield EntityList(id="entity-list", markup=False)

    def set_data(self, entities: pl.DataFrame, mentions: pl.DataFrame) -> None:
        self.entities, self.mentions = entities, mentions
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
            heading.update(Content(f"Entities · {self.scope}"))
            options.add_option(Option(Content(self.note or "No entities."), disabled=True))
            return
        frame = self.entities
        if self.scope == "article" and self.article_id is not None:
            counts = (self.mentions.filter((pl.col("article_id") == self.article_id) & pl.col("entity_id").is_not_null())
                      .group_by("entity_id").agg(pl.len().alias("here")))
            frame = frame.join(counts, on="entity_id", how="inner").with_columns(pl.col("here").cast(pl.Int64).alias("mentions"))
        heading.update(Content(f"Entities · {'this article' if self.scope == 'article' else 'whole corpus'} "
                               f"({frame.height}) · a toggles"))
        items: list[Option] = []
        for kind in ("PS", "OG", "LC", "PD"):
            rows = frame.filter(pl.col("kind") == kind).sort(["mentions", "name"], descending=[True, False])
            if not rows.height:
                continue
            items.append(Option(Content(f"{KIND_TITLES[kind]} ({rows.height})").stylize("bold", 0), disabled=True))
            for r in rows.iter_rows(named=True):
                name = safe_label(r["name"], 60)
                others = [safe_label(a, 40) for a in r["aliases"] if a != r["name"]][:4]
                line = Content(f"{name}  {r['mentions']}×")
                if self.scope == "corpus":
                    line = line + Content(f" in {r['articles']}")
                if others:
                    line = line + Content("  " + " · ".join(others)).stylize("italic", 0)
                items.append(Option(line, id=f"e{r['entity_id']}"))
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
