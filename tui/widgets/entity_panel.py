"""The entity sidebar: entities of the current article or of the whole corpus, grouped by kind.

A row is an entity's name, its count, then its other spellings after "aka" (a word, not a style: italics do not
show on the Linux console). A narrow pane leaves spellings out whole, last first, then cuts the name; the count
is never cut.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import var

from corpus import kinds
from corpus.table import cut_end

from .line import Line
from .rows import CursorView, cursor_bindings

CORPUS_LIMIT = 500  # the corpus view lists the most mentioned of each kind
ALIASES = "  aka "  # before an entity's other spellings


def fit_row(text: Content, name_end: int, count_end: int, width: int) -> Content:
    """An entity's row in `width` cells: other spellings left out whole (the last first, then all with "aka"),
    then the name cut with an ellipsis; the count after it is never cut."""
    plain = text.plain
    cuts = [count_end]
    at = plain.find(ALIASES, count_end)
    if at >= 0:
        first = at + len(ALIASES)
        cuts += [i for i in range(first, len(plain)) if plain.startswith(" · ", i)]
    for cut in reversed(cuts):
        if text[:cut].cell_length <= width:
            return text[:cut]
    count = text[name_end:count_end]
    room = width - count.cell_length
    if room >= 2:  # the name gives way to the count
        n, ellipsis = cut_end(plain[:name_end], room)
        return text[:n] + (Content("…") + count if ellipsis else count)
    n, ellipsis = cut_end(plain[:count_end], width)
    return text[:n] + Content("…") if ellipsis else text[:n]


class EntityList(CursorView):
    """Kind headings and entities; the cursor rests on entities only."""

    COMPONENT_CLASSES = {"entity-list--cursor", "entity-list--heading", "entity-list--aliases"}
    CURSOR = "entity-list--cursor"
    BINDINGS = cursor_bindings("entities", "follow", "Follow", show_open=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[tuple[Content, int | None]] = []  # text, and the entity id (None for headings)
        self.heads: list[tuple[int, int]] = []  # per line, where its name ends and where its count ends
        self._drawn_rows: LRUCache[tuple, tuple] = LRUCache(1024)  # (id of a line's text, width, style) -> (text, as drawn)

    @property
    def row_count(self) -> int:
        return len(self.lines)

    def set_lines(self, lines: list[tuple[Content, int | None]], heads: list[tuple[int, int]] | None = None) -> None:
        """Show these lines from the top, the cursor on the first entity; `heads`: per line, where the name ends
        and where the count after it ends (what follows are other spellings)."""
        self.lines = lines
        self.heads = heads or [(len(text), len(text)) for text, _ in lines]
        self.scroll_to(y=0, animate=False, immediate=True)
        self.rows_changed(0)

    def selectable(self, index: int) -> bool:
        return self.lines[index][1] is not None

    def row_segments(self, index: int, width: int, base: Style) -> tuple[list[Segment], int]:
        # A line drawn before is drawn from what it was: an article's listing comes back whole (`EntityPanel._listing`),
        # as the cursor returns to it or once made ready ahead.
        text = self.lines[index][0]
        key = (id(text), width, base)
        kept = self._drawn_rows.get(key)
        if kept is None or kept[0] is not text:
            kept = self._drawn_rows[key] = (text, *super().row_segments(index, width, base))
        return list(kept[1]), kept[2]

    def forget_drawn(self) -> None:
        super().forget_drawn()
        self._drawn_rows.clear()

    def render_row(self, index: int, width: int) -> Content:
        text, entity_id = self.lines[index]
        if text.cell_length > width:
            text = fit_row(text, *self.heads[index], width)
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
        self._listings: LRUCache[tuple, tuple] = LRUCache(64)  # `_listing`: (scope, article id) -> (facts, style, listing)

    def compose(self) -> ComposeResult:
        yield Line("Entities", id="entities-heading", classes="pane-heading")
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
        heading = self.query_one("#entities-heading", Line)
        facts = self.facts
        if facts is None:
            heading.update(f"Entities · {self.scope}")
            options.set_lines([(Content(self.stopped or "Entities appear when the analysis is done."), None)])
            return
        items, heads, total = self._listing(facts, self.scope, self.article_id)
        where = "this article" if self.scope == "article" else "whole corpus"
        heading.update(f"Entities · {where} ({total}) · a toggles")
        options.set_lines(items, heads)

    def warming(self, article_id: int) -> Iterator[None]:
        """Make ready, while no key comes, the list of an article the list's cursor may come to next (one step of the
        screen's making ready; the reader's take several)."""
        yield
        if self.facts is not None and self.scope == "article" and self.is_mounted and self.query(EntityList):
            self._listing(self.facts, "article", article_id)

    def _listing(self, facts, scope: str, article_id: int | None) -> tuple[list[tuple[Content, int | None]], list[tuple[int, int]], int]:
        """The lines (and where each name and count end) listing an article's entities (scope "article") or the corpus's
        most mentioned, and how many entities they are; kept for the last few articles."""
        alias_style = self.query_one(EntityList).get_visual_style("entity-list--aliases")
        key = (scope, article_id if scope == "article" else None)
        kept = self._listings.get(key)
        if kept is not None and kept[0] is facts and kept[1] == alias_style:
            return kept[2]
        here = facts.entities_in(article_id) if scope == "article" and article_id is not None else {}
        if scope == "article":  # only this article's entities, never a walk through the corpus's
            by_kind: dict[str, list] = {}
            for eid in here:
                row = facts.entity(eid)
                by_kind.setdefault(row.kind, []).append(row)
            for rows in by_kind.values():
                rows.sort(key=lambda r: (-here[r.entity_id], r.name))
        else:
            by_kind = {code: rows[:CORPUS_LIMIT] for code, rows in facts.entities_by_kind.items()}
        items: list[tuple[Content, int | None]] = []
        heads: list[tuple[int, int]] = []
        total = 0
        for kind in kinds.ALL:
            rows = by_kind.get(kind.code, []) if kind.heading else []
            if not rows:
                continue
            total += len(rows)
            items.append((Content(f"{kind.heading} ({len(rows)})"), None))
            heads.append((len(items[-1][0]), len(items[-1][0])))
            for r in rows:
                count = f"  {here.get(r.entity_id, r.mentions)}×" + (f" in {r.articles}" if scope == "corpus" else "")
                line = Content(r.name) + Content(count)
                heads.append((len(r.name), len(r.name) + len(count)))
                others = [a for a in r.aliases if a != r.name][:4]
                if others:
                    line = line + Content(ALIASES + " · ".join(others)).stylize(alias_style)
                items.append((line, r.entity_id))
        if not items:
            items.append((Content("No entities."), None))
            heads.append((len(items[0][0]), len(items[0][0])))
        self._listings[key] = (facts, alias_style, (items, heads, total))
        return items, heads, total

    def action_toggle_scope(self) -> None:
        self.scope = "corpus" if self.scope == "article" else "article"
        self.refresh_list()
