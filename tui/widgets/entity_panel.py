"""The entity sidebar: entities of the current article or of the whole corpus, grouped by kind.

A row is an entity's name, its count, then its other spellings after "aka" (a word, not a style: italics do not
show on the Linux console). A narrow pane leaves spellings out whole, last first, then cuts the name; the count
is never cut.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.strip import Strip

from corpus import kinds
from corpus.table import cut_end

from .line import Line
from .rows import CursorView, cursor_bindings

CORPUS_LIMIT = 500  # the corpus view lists the most mentioned of each kind
FINAL_LINES = 800  # listing lines kept as drawn (strips cost 2 kB each)
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
        self._finals: LRUCache[tuple, tuple] = LRUCache(FINAL_LINES)  # (id of a line's text, width, style, thumb, drag)
        # -> (that text, its line as drawn)

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

    def render_line(self, y: int) -> Strip:
        _, top, width, (thumb_start, thumb_end) = self.frame_geometry()
        index = top + y
        if index >= len(self.lines) or index == self.cursor_row:
            return super().render_line(y)
        return self._final_line(self.lines[index][0], self.lines[index][1], self.heads[index], width, thumb_start <= y < thumb_end)

    def _final_line(self, text: Content, entity_id: int | None, head: tuple[int, int], width: int, thumb: bool) -> Strip:
        """A line off the cursor, as drawn: kept by its text (an article's listing comes back whole, `EntityPanel._listing`),
        so that what a frame makes of it is made once, or ahead (`finish_listing`)."""
        if self._base is None:
            self._base = self.rich_style
        key = (id(text), width, self._base, thumb, self._gutter_drag)
        kept = self._finals.get(key)
        if kept is None or kept[0] is not text:
            row = self._row_text(text, entity_id, head, width)
            segments, cells = list(Segment.apply_style(row.render_segments(), self._base)), row.cell_length
            kept = self._finals[key] = (text, self.gutter_line(segments, cells, width, self._base, thumb))
        return kept[1]

    def finish_listing(self, lines: list[tuple[Content, int | None]], heads: list[tuple[int, int]]) -> None:
        """Make the first screen of a listing as a frame would show it (`set_lines` puts the cursor on its first entity)."""
        height = self.scrollable_content_region.height
        if height <= 0 or not self.size.width:
            return
        width = self.text_width
        thumb_start, thumb_end = self._span(0, len(lines), height)
        cursor = next((i for i, (_, entity_id) in enumerate(lines) if entity_id is not None), 0)
        strips = [
            self._final_line(text, entity_id, head, width, thumb_start <= index < thumb_end)
            for index, ((text, entity_id), head) in enumerate(zip(lines[:height], heads))
            if index != cursor
        ]
        self._styles_cache.finish(self, strips)

    def forget_drawn(self) -> None:
        super().forget_drawn()
        self._finals.clear()

    def render_row(self, index: int, width: int) -> Content:
        text, entity_id = self.lines[index]
        return self._row_text(text, entity_id, self.heads[index], width)

    def _row_text(self, text: Content, entity_id: int | None, head: tuple[int, int], width: int) -> Content:
        if text.cell_length > width:
            text = fit_row(text, *head, width)
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
            items, heads, _ = self._listing(self.facts, "article", article_id)
            yield
            if self.is_mounted and self.query(EntityList):
                self.query_one(EntityList).finish_listing(items, heads)

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
