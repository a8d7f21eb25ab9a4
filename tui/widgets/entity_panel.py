"""The entity sidebar: entities of the current article or of the whole corpus, grouped by kind."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from corpus import kinds

from .rows import CursorView, cursor_bindings

CORPUS_LIMIT = 500  # the corpus view lists the most mentioned of each kind


class EntityList(CursorView):
    """Kind headings and entities; the cursor rests on entities only."""

    COMPONENT_CLASSES = {"entity-list--cursor", "entity-list--heading", "entity-list--aliases"}
    CURSOR = "entity-list--cursor"
    BINDINGS = cursor_bindings("entities", "follow", "Follow", show_open=True)

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
        if text.cell_length > width:  # aliases that do not fit are left out whole, never cut mid-word
            plain = text.plain
            for sep in (" · ", "  "):
                cut = plain.rfind(sep)
                while cut > 0 and text[:cut].cell_length > width:
                    cut = plain.rfind(sep, 0, cut)
                if cut > 0:
                    text = text[:cut]
                    break
        return text if entity_id is not None else text.stylize(self.get_visual_style("entity-list--heading"))

    def chosen(self, index: int) -> None:
        self.post_message(EntityPanel.Chosen(self.lines[index][1]))


class EntityPanel(Vertical):
    """Entities with counts and aliases; Enter filters the article list and jumps to the first mention."""

    BINDINGS = [
        Binding("a", "toggle_scope", "Article/corpus", id="entities.scope"),
    ]

    facts = var(None, init=False)
    article_id: var[int | None] = var(None, init=False)
    stopped = var("", init=False)  # why the analysis stopped, if it did

    class Chosen(Message):
        """An entity was chosen."""

        def __init__(self, entity_id: int) -> None:
            super().__init__()
            self.entity_id = entity_id

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.scope = "article"

    def compose(self) -> ComposeResult:
        yield Static(Content("Entities"), id="entities-heading", classes="pane-heading")
        yield EntityList(id="entity-list")

    def on_mount(self) -> None:
        self.refresh_list()

    def watch_facts(self) -> None:
        self.refresh_list()

    def watch_stopped(self) -> None:
        self.refresh_list()

    def watch_article_id(self) -> None:
        if self.scope == "article":
            self.refresh_list()

    def refresh_list(self) -> None:
        options = self.query_one(EntityList)
        heading = self.query_one("#entities-heading", Static)
        facts = self.facts
        if facts is None:
            heading.update(Content(f"Entities · {self.scope}"), layout=False)
            options.set_lines([(Content(self.stopped or "Entities appear when the analysis is done."), None)])
            return
        here = facts.entities_in(self.article_id) if self.scope == "article" and self.article_id is not None else {}
        alias_style = self.query_one(EntityList).get_visual_style("entity-list--aliases")
        if self.scope == "article":  # only this article's entities, never a walk through the corpus's
            by_kind: dict[str, list] = {}
            for eid in here:
                row = facts.entity(eid)
                by_kind.setdefault(row.kind, []).append(row)
            for rows in by_kind.values():
                rows.sort(key=lambda r: (-here[r.entity_id], r.name))
        else:
            by_kind = {code: rows[:CORPUS_LIMIT] for code, rows in facts.entities_by_kind.items()}
        items: list[tuple[Content, int | None]] = []
        total = 0
        for kind in kinds.ALL:
            rows = by_kind.get(kind.code, []) if kind.heading else []
            if not rows:
                continue
            total += len(rows)
            items.append((Content(f"{kind.heading} ({len(rows)})"), None))
            for r in rows:
                line = Content(f"{r.name}  {here.get(r.entity_id, r.mentions)}×")
                if self.scope == "corpus":
                    line = line + Content(f" in {r.articles}")
                others = [a for a in r.aliases if a != r.name][:4]
                if others:
                    line = line + Content("  " + " · ".join(others)).stylize(alias_style)
                items.append((line, r.entity_id))
        if not items:
            items.append((Content("No entities."), None))
        where = "this article" if self.scope == "article" else "whole corpus"
        heading.update(Content(f"Entities · {where} ({total}) · a toggles"), layout=False)
        options.set_lines(items)

    def action_toggle_scope(self) -> None:
        self.scope = "corpus" if self.scope == "article" else "article"
        self.refresh_list()
