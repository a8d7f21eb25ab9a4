"""The reading view: title, metadata, legend, and the body with every entity kind in its own style.

A ScrollView that wraps the body itself, so that every screen line knows which characters of the
cleaned body it shows: a mention, a claim or a search match maps straight to a line to scroll to.
Only visible lines are rendered (cached as strips).

A huge article (megabytes of dense amounts: hundreds of thousands of mentions) is laid out in a thread
worker: its highlights are taken from the facts, sorted and indexed there, and its body wrapped, by the
pure functions below; meanwhile the reader shows the title, the metadata and a line saying so, and what
is asked of it (a jump, a search, a mention step) is applied when the layout arrives.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from types import EllipsisType
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget
from textual.worker import get_current_worker

from corpus import kinds
from corpus.cleaning import safe_label
from corpus.table import wrap_parts

from ..text import note_in_place, toast
from ..theme import MARKERS
from .gutter import GUTTER, ScrollGutter
from .plain_lines import PlainStylesCache
from .rows import FollowsTheme, set_virtual_height
from .wrapping import Stopped, wrap_offsets

if TYPE_CHECKING:
    from corpus.facts import Facts, Highlight
    from corpus.search import Result

LARGE_BODY = 200_000  # characters: a body longer than this is laid out in a thread worker
LARGE_MENTIONS = 20_000  # mentions: an article with more has them taken, sorted and indexed in a thread worker
WARM_LINES = 12  # body lines styled in one step of making an article ready
FINAL_LINES = 1600  # body lines kept as drawn, with what a frame makes of them: the first screens of 24 guesses and more
AHEAD_BYTES = 64_000  # an article larger than this (its file, or its body in characters) is not made ready ahead
AHEAD_MENTIONS = 2_000  # nor one with more mentions than this
MAX_DEFERRED_STEPS = 16  # mention steps (] / [) typed while an article is laid out, made when it arrives


def by_position(h: Highlight) -> tuple[int, int]:
    return (h.start, h.end)


def index_kinds(highlights: list[Highlight], visible_kinds: frozenset[str]) -> tuple:
    """The shown kinds' spans sorted for bisection, and the bracket markers around them: (spans, their starts, the
    longest span's length, opening markers by offset, closing markers by offset, extra cells by offset, the marked
    offsets sorted). A pure function of its inputs: the layout worker calls it for a huge article."""
    names = {code: f"reader--{code}" for code in visible_kinds}
    spans = sorted((h.start, h.end, names[h.kind]) for h in highlights if h.kind in names)
    opens: dict[int, str] = {}
    closes: dict[int, str] = {}
    cells: dict[int, int] = {}
    for h in highlights:
        if h.kind in names and h.kind in MARKERS and h.end > h.start:
            opening, closing = MARKERS[h.kind]
            opens[h.start] = opens.get(h.start, "") + opening
            closes[h.end] = closing + closes.get(h.end, "")
            cells[h.start] = cells.get(h.start, 0) + len(opening)  # (the markers are one cell each)
            cells[h.end - 1] = cells.get(h.end - 1, 0) + len(closing)
    reach = max((e - s for s, e, _ in spans), default=0)
    # (not a set union: one C call that hashes a million offsets would hold the GIL, and the UI, for a tenth of a
    # second when the layout worker indexes a huge article; sorted by position, the two are runs to merge)
    merged = sorted(itertools.chain(opens, closes))
    marks = [o for o, before in zip(merged, itertools.chain((None,), merged)) if o != before]
    return spans, [s[0] for s in spans], reach, opens, closes, cells, marks


def overlapping(a: int, b: int, starts: list[int], spans: list[tuple[int, int, str]], reach: int) -> list[tuple[int, int, str]]:
    """The spans (sorted, `starts` theirs, none longer than `reach`) that overlap `a`..`b`."""
    return [spans[i] for i in range(bisect.bisect_left(starts, a - reach), bisect.bisect_left(starts, b)) if spans[i][1] > a]


def render_spans(
    text: str, spans: list[tuple[int, int, str]], base: RichStyle, style_of: Callable[[str], Style], combined: dict
) -> list[Segment]:
    """The segments of `text` with each span's style applied in turn, in `base`: what `Content(text)`, stylized by
    each span in order, then rendered and given `base` (`Segment.apply_style`), makes, segment for segment (Textual's
    rule: a character's style is the combination, in span order, of the styles of the spans over it). `combined`
    keeps each combination as drawn."""
    length = len(text)
    kept = [(s, min(e, length), name) for s, e, name in spans if s < length and e > s]  # (what stylize keeps)
    if not kept:
        return [Segment(text, base)]
    events = [(0, False, 0), *((s, False, i) for i, (s, _, _) in enumerate(kept, 1))]
    events += [(e, True, i) for i, (_, e, _) in enumerate(kept, 1)]
    events.append((length, True, 0))
    events.sort(key=lambda event: (event[0], event[1]))
    stack: list[int] = []
    segments: list[Segment] = []
    for (offset, leaving, index), (following, _, _) in zip(events, events[1:]):
        if leaving:
            stack.remove(index)
        else:
            stack.append(index)
        if following > offset:
            names = tuple(kept[i - 1][2] for i in sorted(stack) if i)
            style = combined.get(names)
            if style is None:
                textual = Style.combine([Style.null(), *map(style_of, names)])
                style = combined[names] = base + textual.rich_style if textual else base
            segments.append(Segment(text[offset:following], style))
    return segments


def wrap_body(body: str, width: int, cells: dict[int, int], stop: Callable[[], bool] | None = None) -> list[tuple[int, int]]:
    """The body's screen lines as (start, end) offsets at `width`, counting the markers' `cells`. Walks every character
    (about half a second for 4 million); `stop` is asked as it goes (raises `Stopped`)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    marked = sorted(cells)
    for raw in body.split("\n"):
        lo, hi = bisect.bisect_left(marked, pos), bisect.bisect_left(marked, pos + len(raw))
        here = {o: cells[o] for o in marked[lo:hi]}  # (each line is handed its own markers, not all the body's)
        starts = wrap_offsets(raw, width, here, pos, stop) if raw else [0]
        for i, a in enumerate(starts):
            spans.append((pos + a, pos + (starts[i + 1] if i + 1 < len(starts) else len(raw))))
        pos += len(raw) + 1
    return spans


@dataclass(frozen=True, eq=False)
class LayoutRequest:
    """What a huge article's layout is computed from. `highlights` None: taken from `facts` in the worker."""

    key: tuple  # (article id, body, width, shown kinds, facts, id of the highlights given): equal keys, equal layouts
    article_id: int
    body: str
    width: int
    visible_kinds: frozenset[str]
    facts: Facts | None
    highlights: list[Highlight] | None
    kinds_index: tuple | None = None  # kept from an earlier layout at another width: only the wrapping is left to do


@dataclass(frozen=True, eq=False)
class Layout:
    highlights: list[Highlight]  # sorted by position
    conflicts: list[tuple[int, int]] | None  # taken from the facts with the highlights (else None)
    kinds: tuple  # `index_kinds`
    wraps: list[tuple[int, int]]  # `wrap_body`


def lay_out(request: LayoutRequest, stop: Callable[[], bool] | None = None) -> Layout:
    """A huge article's highlights (from the facts when not given), their index and the wrapped body: pure, and safe in
    a thread (the facts are only read)."""
    conflicts = None
    highlights = request.highlights
    if highlights is None:
        facts = request.facts
        highlights = sorted(facts.highlights(request.article_id), key=by_position) if facts is not None else []
        conflicts = facts.conflict_spans(request.article_id) if facts is not None else []
    kinds_index = request.kinds_index if request.kinds_index is not None else index_kinds(highlights, request.visible_kinds)
    return Layout(highlights, conflicts, kinds_index, wrap_body(request.body, request.width, kinds_index[5], stop))


class _Line:
    """A screen line: outside the body (title, legend, notes) with its content, or a slice of the body whose
    styled content is built when the line is first drawn (an article of hundreds of lines opens at once)."""

    __slots__ = ("offset", "end", "_content", "_reader", "body")

    def __init__(self, offset: int, content: Content | None = None, end: int = -1, reader: Reader | None = None, body: str = "") -> None:
        self.offset = offset  # body offset of the first character, or -1 for lines outside the body
        self.end = end
        self._content = content
        self._reader = reader
        self.body = body

    @property
    def content(self) -> Content:
        if self._content is None:
            self._content = self._reader._segment(self.body, self.offset, self.end)
        return self._content

    def restyle(self) -> None:
        if self.offset >= 0:
            self._content = None


class Reader(FollowsTheme, ScrollGutter, ScrollView, can_focus=True):
    """The article body with highlights, search and mention navigation."""

    COMPONENT_CLASSES = {f"reader--{k.code}" for k in kinds.ALL} | {
        "reader--match",
        "reader--current",
        "reader--emphasis",
        "reader--conflict",
        "reader--title",
        "reader--meta",
        "reader--legend",
        "reader--off",
        "reader--furniture",
    }
    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False, id="reader.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="reader.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="reader.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="reader.bottom"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("pageup,b", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("slash", "search", "Search", id="reader.search"),
        Binding("n", "next_match", "Next match", show=False, id="reader.next_match"),
        Binding("N", "previous_match", "Previous match", show=False, id="reader.previous_match"),
        Binding("right_square_bracket", "next_mention", "Next mention", id="reader.next_mention"),
        Binding("left_square_bracket", "previous_mention", "Previous mention", show=False, id="reader.previous_mention"),
        *(
            Binding(k.key, f"screen.toggle_kind('{k.code}')", k.plural.capitalize(), show=False, id=f"reader.toggle_{k.name}")
            for k in kinds.ALL
        ),
        Binding("f", "toggle_furniture", "Page furniture", show=False, id="reader.toggle_furniture"),
    ]

    # bound to the screen's state
    corpus = var(None, init=False)
    facts = var(None, init=False)
    article_id: var[int | None] = var(None, init=False)
    analysing: var[bool] = var(False, init=False)
    visible_kinds: var[frozenset[str]] = var(frozenset(kinds.CODES), init=False)
    visible_ids: var[frozenset[int] | None] = var(None, init=False)
    index = var(None, init=False)  # corpus.search.SearchIndex
    found = var(None, init=False)  # the list filter's search result: its hits are the matches n / N step through
    # the reader's own
    show_furniture: var[bool] = var(False, init=False)

    class SearchRequested(Message):
        """The user asked to search the article."""

    class LaidOut(Message, bubble=False):
        """The layout worker's result (posted from its thread)."""

        def __init__(self, request: LayoutRequest, layout: Layout) -> None:
            super().__init__()
            self.request = request
            self.layout = layout

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: dict | None = None
        self._looked_up: tuple[object, int | None, dict | None] | None = None  # (corpus, id, what it gave) last asked
        self.highlights: list[Highlight] = []
        self.conflicts: list[tuple[int, int]] = []
        self._matches: list[tuple[int, int]] | None = []  # None: not looked for yet (the reader was hidden)
        self.match_index = -1
        self._match_from: int | None = None  # where a jump put the reader: n and N step from there, not from a match
        self.search_text = ""  # (not `query`: that is a DOM method, and select-all calls it)
        self.emphasis: tuple[int, int] | None = None
        self.status = ""
        self._lines: list[_Line] = []
        self._body_lines: list[int] = []  # index into _lines of each body line, in order
        self._body_offsets: list[int] = []
        self._title_rows: list[tuple[int, int, int]] = []  # (index into _lines, start, end in the title) of its lines
        self._title_marks: list[tuple[int, int]] = []  # the search's hits in the title, as drawn
        self._cache: LRUCache[tuple[int, int, int, bool, bool], Strip] = LRUCache(1024)
        self._styles_cache = PlainStylesCache()
        self._wraps: LRUCache[tuple, list[tuple[int, int]]] = LRUCache(64)
        self._version = 0
        self._width = 0
        self._shown_widths: dict[int, int] = {}  # terminal width -> the text width the reader had there, shown
        self._base = None  # the widget's rich style, looked up once per style change
        self._styles: dict[str, Style] = {}  # component styles as drawn, looked up once per style change
        self._styles_gen = 0  # counts the style changes: a line drawn in older styles is not shown again
        self._legend_for: tuple | None = None  # (width, kinds shown, styles' generation) the kept legend is drawn for
        self._legend_lines: list[Content] = []
        self._drawn_lines: LRUCache[tuple, tuple[list[Segment], int]] = LRUCache(3072)  # `_body_line`
        self._finals: LRUCache[tuple, Strip] = LRUCache(FINAL_LINES)  # `_body_strip`
        self._around = (5, 0)  # the lines before and after the body in the last article built (its title, its notes)
        self._combined_for: tuple | None = None  # (the base style, the style generation) of `_combined`
        self._combined: dict[tuple[str, ...], RichStyle] = {}  # style names over a character -> its style, drawn
        self._span_list: list[tuple[int, int, str]] = []
        self._span_starts: list[int] = []
        self._span_reach = 0
        self._state_list: list[tuple[int, int, str]] = []  # the same for the states (`_states`)
        self._state_starts: list[int] = []
        self._state_reach = 0
        self._kinds_index: LRUCache[tuple, tuple] = LRUCache(64)
        # bracket markers around mentions of some kinds: body offset -> glyphs drawn before that character
        # (opening) or after the character before it (closing); `_marks` is their offsets, sorted
        self._opens: dict[int, str] = {}
        self._closes: dict[int, str] = {}
        self._marks: list[int] = []
        self._mark_cells: dict[int, int] = {}  # extra cells drawn with each body character
        # a huge article: its layout is computed in a thread worker (`_pending`, None when none is awaited)
        self._pending: LayoutRequest | None = None
        self._awaiting: Facts | None = None  # the facts whose highlights of this article the worker takes
        self._fetched: LRUCache[int, tuple] = LRUCache(64)  # article id -> (facts, highlights sorted, conflicts) as taken
        self._target: tuple[int, bool] | None = None  # where to scroll once laid out: (offset, at the top)
        self._steps: list[int] = []  # mention steps asked for meanwhile

    def theme_changed(self, theme) -> None:
        self._base = None
        self.gutter_style_changed()
        self._styles = {}
        self._styles_gen += 1
        self._rebuild()  # the highlights carry the theme's colours

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        self.gutter_style_changed()
        self._styles = {}
        self._styles_gen += 1

    # --- data in -------------------------------------------------------------------------------
    def watch_corpus(self) -> None:
        self._update()

    def watch_facts(self) -> None:
        self._update()

    def watch_article_id(self) -> None:
        self._update()

    def watch_analysing(self) -> None:
        self._update()

    def watch_visible_ids(self) -> None:
        if self.article is None:
            self._update()

    def _update(self) -> None:
        """Show what the state says: the current article with its highlights, or why there is none."""
        corpus, facts, article_id = self.corpus, self.facts, self.article_id
        looked_up = self._looked_up
        if looked_up is not None and looked_up[0] is corpus and looked_up[1] == article_id:
            article = looked_up[2]  # only the highlights or the note changed
        else:
            article = corpus.article(article_id) if corpus is not None and article_id is not None else None
            self._looked_up = (corpus, article_id, article)
        if article is None:
            if corpus is None or not corpus.complete:
                note = "Reading files…"
            elif not corpus.rows:
                reasons = "".join(f"\n• {path}: {reason}" for path, reason in corpus.problem_rows(20))
                note = "No readable articles." + reasons
            elif self.visible_ids is not None and not self.visible_ids:
                note = "No article passes the filters. Esc in the article list clears them."
            else:
                note = "No article selected."
            self.show_article(None, [], [], note)
            return
        note = "Highlights arrive when the analysis is done…" if facts is None and self.analysing else ""
        if facts is not None and (len(article["body"]) > LARGE_BODY or facts.mention_count(article_id) > LARGE_MENTIONS):
            taken = self._fetched.get(article_id)
            if taken is not None and taken[0] is facts:  # (sorted when taken)
                self._show(article, taken[1], taken[2], note)
            else:
                self._await(article, facts, note)  # taken in the layout worker: building them here takes seconds
            return
        highlights, conflicts = self._taken(article_id, facts) if facts is not None else ([], [])
        self._show(article, highlights, conflicts, note)

    def _taken(self, article_id: int, facts: Facts) -> tuple[list[Highlight], list[tuple[int, int]]]:
        """The article's highlights (sorted) and conflict spans, taken from the facts once (the list's cursor comes back
        to the same few articles, and `warming` takes them ahead)."""
        taken = self._fetched.get(article_id)
        if taken is None or taken[0] is not facts:
            highlights = sorted(facts.highlights(article_id), key=by_position)
            taken = self._fetched[article_id] = (facts, highlights, facts.conflict_spans(article_id))
        return taken[1], taken[2]

    def warming(self, article_id: int, found: Result | None | EllipsisType = ...) -> Iterator[None]:
        """Make ready, while no key comes, what opening this article will do: its body read, its highlights taken and
        indexed, its body wrapped at the reader's width, and its first screen of body lines styled as they will show
        (with the conflicts and the hits of the list's search, or of `found`, the result of a query the next letter
        may make; a line that would show otherwise is styled when drawn). In steps of a millisecond or so, taken one
        per timer tick: a key that comes meanwhile waits for one step, not for the whole article."""
        if not self._may_warm(article_id):
            return
        article = self.corpus.article(article_id)
        if article is None or len(article["body"]) > AHEAD_BYTES:
            return
        yield
        facts = self.facts
        if facts is None or not self._may_warm(article_id):
            return
        body = article["body"]
        kinds = self.visible_kinds
        highlights, conflicts = self._taken(article_id, facts)
        spans, starts, reach, opens, closes, cells, marks = self._kinds_of(body, highlights)

        def still() -> bool:  # (the wrapping and the lines are kept by the facts and kinds they are made for)
            return self._may_warm(article_id) and self.facts is facts and self.visible_kinds == kinds

        yield
        if not still():
            return
        hits = self._find_in(article, found)
        states = sorted([(a, b, "reader--conflict") for a, b in conflicts] + [(a, b, "reader--match") for a, b in hits])
        state_index = ([s[0] for s in states], states, max((e - s for s, e, _ in states), default=0))
        width = self._width
        wraps = self._wrapped(body, width, cells)
        before, after = self._around  # (as the last article's: only the thumb's rows depend on them)
        height = self.size.height
        thumb_start, thumb_end = self._span(0, before + len(wraps) + after, height)
        lines = wraps[: max(height - before, 0)]
        for at in range(0, len(lines), WARM_LINES):
            yield
            if not still() or self._width != width:
                return
            if self._base is None:
                self._base = self.rich_style
            strips = []
            for y, (a, b) in enumerate(lines[at : at + WARM_LINES], before + at):
                found_here = self._found(a, b, (starts, spans, reach), state_index)
                strips.append(self._body_strip(body, a, b, found_here, marks, opens, closes, width, thumb_start <= y < thumb_end))
            self._styles_cache.finish(self, strips)

    def _may_warm(self, article_id: int) -> bool:
        """Whether an article may be made ready now (asked again between the steps: the reader may have changed)."""
        corpus, facts, shown = self.corpus, self.facts, self.article
        if corpus is None or facts is None or not self._width or self.size.height <= 0:
            return False
        if self._awaiting is not None or self._pending is not None:
            return False
        if shown is not None and (shown["id"] == article_id or len(shown["body"]) > LARGE_BODY or len(self.highlights) > LARGE_MENTIONS):
            return False  # (a huge article's index and wrapping stay in their caches: rebuilt, they would take seconds)
        # (a key that comes meanwhile waits for one step of an article made ready at most: a small one)
        return facts.mention_count(article_id) <= AHEAD_MENTIONS and corpus.cheap(article_id, AHEAD_BYTES)

    def show_article(self, article: dict | None, highlights: list[Highlight], conflicts: list[tuple[int, int]], status: str = "") -> None:
        """Show an article (None for the empty state) with its highlights."""
        self._show(article, sorted(highlights, key=by_position), conflicts, status)

    def _show(self, article: dict | None, highlights: list[Highlight], conflicts: list[tuple[int, int]], status: str) -> None:
        """`show_article` with the highlights sorted already."""
        same = self.article is not None and article is not None and self.article["id"] == article["id"]
        shown = (self.highlights, self.conflicts, self.status)
        if same and self._lines and self._awaiting is None and (highlights, conflicts, status) == shown:
            return  # already on screen as it is (the highlights taken in the worker are the same list: no comparison)
        self.article = article
        self.highlights = highlights
        self.conflicts = conflicts
        self.status = status
        self._awaiting = None
        self._refresh_article(same)

    def _await(self, article: dict, facts: Facts, status: str) -> None:
        """Show a huge article whose highlights the layout worker takes from `facts`."""
        same = self.article is not None and self.article["id"] == article["id"]
        if same and self._lines and self._awaiting is facts and status == self.status:
            return  # already being laid out
        self.article = article
        self.highlights, self.conflicts = [], []
        self.status = status
        self._awaiting = facts
        self._refresh_article(same)

    def _refresh_article(self, same: bool) -> None:
        if not same:
            self.emphasis = None
            self._matches, self.match_index, self._match_from = None, -1, None  # (looked for when the lines are built)
            self._target, self._steps = None, []
        self._rebuild()
        if not same:
            self.scroll_to(y=0, animate=False)

    def jump(self, start: int, end: int | None = None) -> None:
        """Scroll to a body offset and emphasise the span (n and N then step through the matches from there)."""
        self._match_from = start
        old, self.emphasis = self.emphasis, (start, end if end is not None else start + 1)
        self._restyle(old, self.emphasis)
        self._scroll_to_offset(start)

    def to_top(self) -> None:
        """Scroll to the top, where the title is, with no span emphasised."""
        old, self.emphasis = self.emphasis, None
        if old is not None:
            self._restyle(old)
        self.scroll_to(y=0, animate=False)

    def _restyle(self, *ranges: tuple[int, int] | None) -> None:
        """Style again only the body lines that overlap `ranges` (an emphasis or a match that came or went).

        A long article has hundreds of lines; stepping through its mentions must not rebuild them all."""
        if not self._width or self.article is None or not self._body_offsets:
            self._rebuild()
            return
        self._index_spans()
        restyled: set[int] = set()
        for span in ranges:
            if span is None:
                continue
            a, b = span
            first = i = max(bisect.bisect_right(self._body_offsets, a) - 1, 0)  # the line holding `a`
            while i < len(self._body_offsets) and (i == first or self._body_offsets[i] < b):
                row = self._body_lines[i]
                if row not in restyled:
                    self._lines[row].restyle()
                    restyled.add(row)
                i += 1
        self._redraw_rows(restyled)

    def _redraw_rows(self, rows: Iterable[int]) -> None:
        """Draw these lines again, and only these: the others on screen stay as Textual holds them (a query typed
        in the list's filter moves a few hits of a fifty-line page)."""
        top, width, height = self.scroll_offset.y, self.text_width, self.size.height
        for row in rows:
            for thumb in (False, True):
                for drag in (False, True):
                    self._cache.discard((row, width, self._version, thumb, drag))
            if top <= row < top + height:
                self.refresh(Region(0, row - top, self.size.width, 1))

    # --- layout ------------------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        if max(self.text_width, 10) != self._width:
            top = self._top_offset()
            self._rebuild()
            # keep the reader's place: the emphasised span if there is one, else the first line shown
            if self.emphasis:
                self._scroll_to_offset(self.emphasis[0], animate=False)
            elif top is not None:
                self._scroll_to_top_line(top)

    def _scroll_to_top_line(self, offset: int) -> None:
        """Scroll so that the line holding `offset` is the first shown (once laid out)."""
        if self._pending is not None:
            self._target = (offset, True)
            return
        self.scroll_to(y=self.line_of(offset), animate=False)

    def _top_offset(self) -> int | None:
        top = self.scroll_offset.y
        if top == 0:
            return None  # at the top: stay there, header included
        for line in self._lines[top:]:
            if line.offset >= 0:
                return line.offset
        return None

    def watch_has_focus(self, has_focus: bool) -> None:
        """Nothing in the reader looks different with the focus: no restyle (Textual's would repaint the scrollbar)."""

    def watch_visible_kinds(self) -> None:
        self._rebuild()

    def watch_show_furniture(self) -> None:
        self._rebuild()

    def _style(self, name: str) -> Style:
        """A component class's style as drawn. Textual's visual styles leave reverse video out; the
        reader's states (search hits, the current mention, conflicts) need it, so it is added back."""
        style = self._styles.get(name)
        if style is None:
            style = self.get_visual_style(name)
            if self.get_component_styles(name).text_style.reverse:
                style = style + _REVERSE
            self._styles[name] = style
        return style

    def before_shown(self) -> None:
        """The reader is about to be shown (one-pane mode): build its lines now, at the width it had when last shown in
        a terminal this wide (or, the first time, the screen's width less what its panes take around it), so that the
        frame that shows it has the text (not an empty pane, and the text a frame later, once it is resized)."""
        width = self._shown_widths.get(self.app.size.width) or self._alone_width()
        if not self.size.width and width and self._width != width and self.emphasis is None:  # (a jump: the resize
            self._build(width)  # builds and scrolls to it, knowing the pane's height)

    def _alone_width(self) -> int:
        """The text width of this reader shown alone across the screen: the screen's width less the borders and
        padding of the reader and of the panes around it, and the gutter."""
        chrome = sum(
            node.styles.gutter.width for node in self.ancestors_with_self if isinstance(node, Widget) and not isinstance(node, Screen)
        )
        return max(self.app.size.width - chrome - GUTTER, 10)

    def _rebuild(self) -> None:
        if not self.size.width:
            self._width = 0  # hidden or not laid out yet: `before_shown` or the next resize builds the lines
            self._lines, self._body_lines, self._body_offsets, self._title_rows = [], [], [], []
            return
        width = max(self.text_width, 10)
        self._shown_widths[self.app.size.width] = width
        self._build(width)

    def _build(self, width: int) -> None:
        self._width = width
        self._version += 1
        self._cache.clear()
        lines: list[_Line] = []
        self._body_lines, self._body_offsets, self._title_rows = [], [], []
        article = self.article
        if article is None:
            self._cancel_layout()
            for text in (self.status or "No article selected.").split("\n"):
                lines.extend(_Line(-1, Content(chunk)) for chunk in _chunks(text, width))
            self._lines = lines
            set_virtual_height(self, width, len(lines))
            self.refresh()
            return
        title = article["title"]
        starts = wrap_offsets(title, width)
        self._title_marks = self._title_hits()
        for i, a in enumerate(starts):
            b = starts[i + 1] if i + 1 < len(starts) else len(title)
            self._title_rows.append((len(lines), a, b))
            lines.append(_Line(-1, self._title_part(title, a, b)))
        meta = (
            article.get("publisher") or "",
            article.get("byline") or "",
            (article["date"].isoformat() if article.get("date") else "date unknown")
            + (f" {article['time']}" if article.get("time") else ""),
            article.get("name") or "",
            readable_url(article.get("url") or ""),
            article.get("encoding", "") + (" (repaired)" if article.get("repaired") else ""),
        )
        for chunk in wrap_parts(meta, width):  # broken between parts: no line ends on a separator
            lines.append(_Line(-1, Content(chunk).stylize(self._style("reader--meta"), 0, len(chunk))))
        lines.extend(_Line(-1, part) for part in self._legend(width))
        if self.status:
            lines.append(_Line(-1, Content(self.status).stylize(self._style("reader--meta"), 0, len(self.status))))
        lines.append(_Line(-1, Content("")))

        body: str = article["body"]
        if self._lay_out_later(body, width):
            note = f"Laying out a long article ({len(body):,} characters)…"
            lines.append(_Line(-1, Content(note).stylize(self._style("reader--meta"), 0, len(note))))
        else:
            self._index_spans()
            wraps = self._wrapped(body, width, self._mark_cells)
            self._body_lines = list(range(len(lines), len(lines) + len(wraps)))
            before = len(lines)
            self._body_offsets = [a for a, _ in wraps]
            lines += [_Line(a, None, b, self, body) for a, b in wraps]
        if self.show_furniture:
            lines.append(_Line(-1, Content("")))
            head = f"── Separated from the body ({len(article.get('furniture') or [])} lines) ──"
            lines.append(_Line(-1, Content(head).stylize(self._style("reader--meta"), 0, len(head))))
            for f in article.get("furniture") or []:
                text = f"{f['reason']}: {f['text']}"
                for chunk in _chunks(text, width):
                    lines.append(_Line(-1, Content(chunk).stylize(self._style("reader--furniture"), 0, len(chunk))))
            for credit in article.get("image_credits") or []:
                text = f"image credit: {credit}"
                lines.append(_Line(-1, Content(text).stylize(self._style("reader--furniture"), 0, len(text))))
        elif article.get("furniture"):
            hint = f"({len(article['furniture'])} lines of page furniture hidden: press f)"
            lines.append(_Line(-1, Content("")))
            lines.append(_Line(-1, Content(hint).stylize(self._style("reader--meta"), 0, len(hint))))
        self._lines = lines
        if self._body_lines:
            self._around = (before, len(lines) - before - len(self._body_lines))
        set_virtual_height(self, width, len(lines))
        self.refresh()

    def _wrapped(self, body: str, width: int, cells: dict[int, int]) -> list[tuple[int, int]]:
        """The body's screen lines as (start, end) offsets at `width`, with its markers' `cells`. Wrapping walks every
        character; the list's cursor and a filter being typed come back to the same articles, so the last few are kept."""
        key = self._wrap_key(body, width, self.visible_kinds, self.facts)
        spans = self._wraps.get(key)
        if spans is None:
            spans = wrap_body(body, width, cells)
            self._wraps[key] = spans
        return spans

    @staticmethod
    def _wrap_key(body: str, width: int, visible_kinds: frozenset[str], facts) -> tuple:
        return (body, width, visible_kinds, id(facts))

    @staticmethod
    def _kinds_key(body: str, visible_kinds: frozenset[str], facts, highlights: list[Highlight]) -> tuple:
        return (body, visible_kinds, id(facts), len(highlights))

    # --- huge articles: laid out in a thread worker -------------------------------------------------
    def _layout_key(self, width: int) -> tuple | None:
        article = self.article
        if article is None:
            return None
        given = None if self._awaiting is not None else id(self.highlights)
        return (article["id"], article["body"], width, self.visible_kinds, self._source_facts(), given)

    def _source_facts(self) -> Facts | None:
        return self._awaiting if self._awaiting is not None else self.facts

    def _lay_out_later(self, body: str, width: int) -> bool:
        """Whether the body is laid out in the worker (started unless it already lays out the same): a huge article whose
        layout is not kept. Otherwise the lines are built now, and a layout still awaited is not wanted any more."""
        if self._awaiting is None and (
            (len(body) <= LARGE_BODY and len(self.highlights) <= LARGE_MENTIONS)
            or (
                self._kinds_key(body, self.visible_kinds, self.facts, self.highlights) in self._kinds_index
                and self._wrap_key(body, width, self.visible_kinds, self.facts) in self._wraps
            )
        ):
            self._cancel_layout()
            return False
        key = self._layout_key(width)
        if self._pending is None or self._pending.key != key:
            given = kept = None
            if self._awaiting is None:
                given = self.highlights
                kept = self._kinds_index.get(self._kinds_key(body, self.visible_kinds, self.facts, given))
            self._pending = LayoutRequest(key, self.article["id"], body, width, self.visible_kinds, self._source_facts(), given, kept)
            self.run_worker(partial(self._lay_out_in_thread, self._pending), thread=True, exclusive=True, group="layout")
        return True

    def _cancel_layout(self) -> None:
        if self._pending is not None:
            self._pending = None
            self.workers.cancel_group(self, "layout")

    def _lay_out_in_thread(self, request: LayoutRequest) -> None:
        worker = get_current_worker()
        try:
            layout = lay_out(request, lambda: worker.is_cancelled)
        except Stopped:
            return
        if not worker.is_cancelled:
            self.post_message(self.LaidOut(request, layout))

    def on_reader_laid_out(self, message: LaidOut) -> None:
        """Keep the layout and show it, unless it is stale: another article, width, kinds or facts by now."""
        request, layout = message.request, message.layout
        if request is not self._pending:
            return
        self._pending = None
        if request.key != self._layout_key(request.width):
            return
        facts = request.facts
        kept = self._kinds_key(request.body, request.visible_kinds, facts, layout.highlights)
        self._kinds_index[kept] = layout.kinds
        self._wraps[self._wrap_key(request.body, request.width, request.visible_kinds, facts)] = layout.wraps
        if request.highlights is None:
            self._fetched[request.article_id] = (facts, layout.highlights, layout.conflicts)
            self._show(self.article, layout.highlights, layout.conflicts, self.status)
        elif self._width == request.width:
            self._build(request.width)
        if self._pending is not None or not self._body_offsets:
            return
        target, self._target = self._target, None
        if target is not None:
            offset, at_top = target
            if at_top:
                self._scroll_to_top_line(offset)
            else:
                self._scroll_to_offset(offset, animate=False)
        steps, self._steps = self._steps, []
        for step in steps:
            self._step_mention(step)

    def _legend(self, width: int) -> list[Content]:
        """Keys and styles of the highlight kinds, wrapped to the width (kept: every article shows the same)."""
        key = (width, self.visible_kinds, self._styles_gen)
        if self._legend_for != key:
            self._legend_for, self._legend_lines = key, self._draw_legend(width)
        return self._legend_lines

    def _draw_legend(self, width: int) -> list[Content]:
        parts: list[Content] = []
        for kind in kinds.ALL:
            shown = kind.code in self.visible_kinds
            opening, closing = MARKERS.get(kind.code, ("", "")) if shown else ("", "")  # as the body shows it
            label = f"{kind.key} {opening}{kind.name}{closing}"
            style = self._style(f"reader--{kind.code}") if shown else self._style("reader--off")
            parts.append(Content(label).stylize(style, 2, len(label)))
        parts.append(Content("conflict").stylize(self._style("reader--conflict"), 0, 8))
        lines: list[Content] = []
        current = Content("")
        for part in parts:
            candidate = part if not current else current + Content("  ") + part
            if current and candidate.cell_length > width:
                lines.append(current)
                current = part
            else:
                current = candidate
        lines.append(current)
        return lines

    def _states(self) -> list[tuple[int, int, str]]:
        """The spans that change without a new article: conflicts, search hits, the current hit, the emphasis."""
        spans = [(a, b, "reader--conflict") for a, b in self.conflicts]
        spans += [(a, b, "reader--match") for a, b in self.matches]
        if 0 <= self.match_index < len(self.matches):
            a, b = self.matches[self.match_index]
            spans.append((a, b, "reader--current"))
        if self.emphasis:
            spans.append((*self.emphasis, "reader--emphasis"))
        return spans

    def _index_spans(self) -> None:
        """Sort the spans once, so that each line finds its own by bisection (no scan of every span per line). The
        article's mentions and their markers are kept for the last few articles (a filter being typed comes back to
        them); the states are few and sorted anew."""
        kept = self._kinds_of(self.article["body"] if self.article else "", self.highlights)
        (self._span_list, self._span_starts, self._span_reach, self._opens, self._closes, self._mark_cells, self._marks) = kept
        states = sorted(self._states())
        self._state_list = states
        self._state_starts = [s[0] for s in states]
        self._state_reach = max((e - s for s, e, _ in states), default=0)

    def _found(self, a: int, b: int, kinds: tuple | None = None, states: tuple | None = None) -> tuple:
        """The spans that style body line `a`..`b`, kinds first, then conflicts, search hits and the current mention,
        so that a state always shows over a kind. `kinds` and `states`: (starts, spans, reach) of another article's
        (one made ready ahead), else the shown article's."""
        kinds = kinds or (self._span_starts, self._span_list, self._span_reach)
        states = states or (self._state_starts, self._state_list, self._state_reach)
        found = overlapping(a, b, *kinds) + overlapping(a, b, *states)
        found.sort(key=lambda span: _LAYER.get(span[2], 0))
        return tuple(found)

    def _kinds_of(self, body: str, highlights: list[Highlight]) -> tuple:
        """`index_kinds` of an article's highlights, kept for the last few articles."""
        key = self._kinds_key(body, self.visible_kinds, self.facts, highlights)
        kept = self._kinds_index.get(key)
        if kept is None:
            kept = self._kinds_index[key] = index_kinds(highlights, self.visible_kinds)
        return kept

    def _segment(self, body: str, a: int, b: int) -> Content:
        """The body from `a` to `b` with its markers, styled by the spans that overlap it."""
        text, spans = self._laid(body, a, b, self._found(a, b), self._marks, self._opens, self._closes)
        content = Content(text)
        for start, end, name in spans:
            content = content.stylize(self._style(name), start, end)
        return content

    def _body_line(self, body: str, a: int, b: int, found: tuple, marks: list[int], opens: dict, closes: dict) -> tuple[list[Segment], int]:
        """Body line `a`..`b` as drawn (segments in the widget's style, and cells), kept across articles: the spans
        that overlap a line say all it shows (its markers are its mentions' ends), so a line drawn before, or made
        ready before its article opened, is not styled again."""
        base = self._base
        key = (body, a, b, found, base, self._styles_gen)
        drawn = self._drawn_lines.get(key)
        if drawn is None:
            text, spans = self._laid(body, a, b, found, marks, opens, closes)
            drawn = self._drawn_lines[key] = (self._segments_of(text, spans, base), cell_len(text))
        return drawn

    def _body_strip(
        self, body: str, a: int, b: int, found: tuple, marks: list[int], opens: dict, closes: dict, width: int, thumb: bool
    ) -> Strip:
        """Body line `a`..`b` as the reader's line at `width`, beside the thumb or not: the same strip for the same line
        across articles, so that what a frame makes of it (padding, filters, terminal sequences) is made once, and can
        be made while no key comes (`warming`)."""
        key = (body, a, b, found, self._base, self._styles_gen, width, thumb, self._gutter_drag)
        strip = self._finals.get(key)
        if strip is None:
            segments, cells = self._body_line(body, a, b, found, marks, opens, closes)
            strip = self._finals[key] = self.gutter_line(list(segments), cells, width, self._base, thumb)
        return strip

    def _segments_of(self, text: str, spans: list[tuple[int, int, str]], base: RichStyle) -> list[Segment]:
        """What `Content(text)`, stylized by each span in turn, renders in `base`, without the Contents (each
        stylize copies the spans, and rendering combines the styles again for every line)."""
        if self._combined_for != (base, self._styles_gen):
            self._combined_for, self._combined = (base, self._styles_gen), {}
        return render_spans(text, spans, base, self._style, self._combined)

    def _laid(self, body: str, a: int, b: int, found: tuple, marks: list[int], opens: dict, closes: dict) -> tuple[str, list]:
        """Body line `a`..`b` as shown: its text with the markers, and its spans (start, end, style name) in the order
        they apply."""
        first, last = bisect.bisect_left(marks, a), bisect.bisect_right(marks, b)
        if first == last:  # no markers on this line
            return body[a:b], [(max(s, a) - a, min(e, b) - a, name) for s, e, name in found]
        # where each marked offset lands in the line: (before its closing glyphs, between, after its opening ones)
        parts: list[str] = []
        at: dict[int, tuple[int, int, int]] = {}
        offsets, shifts = marks[first:last], []
        previous, cursor = a, 0
        for o in offsets:
            parts.append(body[previous:o])
            cursor += o - previous
            closing = closes.get(o, "") if o > a else ""
            opening = opens.get(o, "") if o < b else ""
            at[o] = (cursor, cursor + len(closing), cursor + len(closing) + len(opening))
            parts.append(closing + opening)
            cursor += len(closing) + len(opening)
            shifts.append(cursor - (o - a))
            previous = o
        parts.append(body[previous:b])
        text = "".join(parts)

        def place(o: int, side: int) -> int:
            if o in at:
                return at[o][side]
            k = bisect.bisect_right(offsets, o)
            return o - a + (shifts[k - 1] if k else 0)

        spans = []
        for s, e, name in found:
            mention = _LAYER.get(name, 0) == 0  # a mention's style covers its markers, a state's only the text
            start = 0 if s < a else place(s, 1 if mention else 2)
            end = len(text) if e > b else place(e, 1 if mention else 0)
            spans.append((start, end, name))
        return text, spans

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y, width, (thumb_start, thumb_end) = self.frame_geometry()
        index = y + scroll_y
        thumb = thumb_start <= y < thumb_end
        key = (index, width, self._version, thumb, self._gutter_drag)
        cached = self._cache.get(key)
        if cached is not None and not scroll_x:
            return cached
        if self._base is None:
            self._base = self.rich_style
        base = self._base
        line = self._lines[index] if index < len(self._lines) else None
        if line is None and not scroll_x:  # (below the last line: one blank line per look, kept across articles)
            blank = (None, width, thumb, self._gutter_drag, base)
            strip = self._cache.get(blank)
            if strip is None:
                strip = self._cache[blank] = self.gutter_line([], 0, width, base, thumb)
            return strip
        if line is None:
            segments, cells = [], 0
        elif line.offset >= 0:
            a, b = line.offset, line.end
            if not scroll_x:
                found = self._found(a, b)
                strip = self._body_strip(line.body, a, b, found, self._marks, self._opens, self._closes, width, thumb)
                self._cache[key] = strip
                return strip
            segments, cells = self._body_line(line.body, a, b, self._found(a, b), self._marks, self._opens, self._closes)
            segments = list(segments)  # (the gutter is added to this list)
        else:
            content = line.content
            segments, cells = list(Segment.apply_style(content.render_segments(), base)), content.cell_length
        if scroll_x:  # (lines are wrapped to the view: it never scrolls sideways unless something scrolls it so)
            strip = Strip(segments).extend_cell_length(scroll_x + width, base).crop(scroll_x, scroll_x + width)
            return self.with_gutter(strip, y)
        strip = self._cache[key] = self.gutter_line(segments, cells, width, base, thumb)
        return strip

    # --- navigation ---------------------------------------------------------------------------------
    def line_of(self, offset: int) -> int:
        """The screen line holding body offset `offset`."""
        if not self._body_offsets:
            return 0
        i = bisect.bisect_right(self._body_offsets, offset) - 1
        return self._body_lines[max(i, 0)]

    def _scroll_to_offset(self, offset: int, animate: bool | None = None) -> None:
        if self._pending is not None:  # laying out: scrolled to once the lines are there
            self._target = (offset, False)
            return
        line = self.line_of(offset)
        top = max(0, line - max(self.scrollable_content_region.height // 3, 1))
        if animate is None:  # (the app's animation level decides whether it glides: none in low-bandwidth mode)
            animate = self.scrollable_content_region.height > 0
        self.scroll_to(y=top, animate=animate)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_to(y=0, animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_toggle_furniture(self) -> None:
        self.show_furniture = not self.show_furniture

    def action_search(self) -> None:
        self.post_message(self.SearchRequested())

    @property
    def matches(self) -> list[tuple[int, int]]:
        """The hits of the current search in this article, (start, end) body offsets."""
        if self._matches is None:
            self._matches = self._find()
        return self._matches

    @matches.setter
    def matches(self, value: list[tuple[int, int]]) -> None:
        self._matches = value

    def _title_hits(self) -> list[tuple[int, int]]:
        """The hits of the reader's search (or the list's) in the title: highlighted there (`n` steps through the
        body's; Enter on a title's line in the concordance opens the article at its top)."""
        article, index = self.article, self.index
        if article is None or index is None:
            return []
        found = index.search(self.search_text) if self.search_text else self.found
        if found is None or found.error or not found.titled or (found.ids is not None and article["id"] not in found.ids):
            return []
        try:
            if index.title_text(article["id"]) != article["title"]:
                return []  # (its search form is shown by the concordance: offsets are not the title's)
        except KeyError:  # an article the index does not hold (read after it was built)
            return []
        return index.title_spans(found, article["id"])

    def _title_part(self, title: str, a: int, b: int) -> Content:
        content = Content(title[a:b]).stylize(self._style("reader--title"), 0, b - a)
        for s, e in self._title_marks:
            if s < b and e > a:
                content = content.stylize(self._style("reader--match"), max(s, a) - a, min(e, b) - a)
        return content

    def _refresh_title(self) -> None:
        """Highlight the title's hits again if they changed."""
        if self.article is None or not self._title_rows:
            return
        marks = self._title_hits()
        if marks == self._title_marks:
            return
        self._title_marks = marks
        title = self.article["title"]
        for row, a, b in self._title_rows:  # (only the title's lines are drawn again: a query typed must stay cheap)
            self._lines[row] = _Line(-1, self._title_part(title, a, b))
        self._redraw_rows(row for row, _, _ in self._title_rows)

    def watch_found(self) -> None:
        if self.article is not None and not self.search_text:
            if not self.size.width:  # hidden: look for them, and style the lines, when it is shown
                self._matches, self.match_index = None, -1
                self._width = 0
                return
            self._refresh_title()
            old, current = self.matches, self.match_index
            new = self._find()
            if new == old:
                return  # the same hits (the list's counts were refined, or the query only narrowed elsewhere): keep the place
            self.matches, self.match_index = new, -1
            changed = set(old).symmetric_difference(self.matches)
            if 0 <= current < len(old):
                changed.add(old[current])  # the current hit is a hit like the others now
            if changed:
                self._restyle(*changed)  # only the lines whose hits came, went or changed

    def search(self, query: str) -> int:
        """Highlight every hit of `query` (the search syntax of the list filter; the list's own search again when
        empty) and go to the first; returns the count."""
        self.search_text = query
        self.matches = self._find()
        self.match_index, self._match_from = (0 if self.matches else -1), None
        self._rebuild()  # (the title's hits with the body's)
        if self.matches:
            self._scroll_to_offset(self.matches[0][0])
        return len(self.matches)

    def clear_search(self) -> None:
        """End the reader's own search: the list's hits show again, and the view stays where it is."""
        self.search_text = ""
        self.matches = self._find()
        self.match_index = -1
        self._rebuild()

    def _find(self) -> list[tuple[int, int]]:
        """The hits in this article of the reader's own search, or else of the list's."""
        return self._find_in(self.article)

    def _find_in(self, article: dict | None, found: Result | None | EllipsisType = ...) -> list[tuple[int, int]]:
        """The hits in an article of the reader's search, or else of the list's (`found`: of another result of it)."""
        if article is None or article.get("stale"):
            return []
        body, aid = article["body"], article["id"]
        if self.index is None:  # no index yet: the text as typed
            query = self.search_text
            return [(m.start(), m.end()) for m in re.finditer(re.escape(query), body, re.IGNORECASE)] if query else []
        if self.search_text:
            found = self.index.search(self.search_text)
        elif found is ...:
            found = self.found
        spans: list[tuple[int, int]] = []
        if found is not None and not found.error and (found.ids is None or aid in found.ids):
            facts = self.facts
            mentions = facts.mention_spans(aid) if facts is not None else []
            claims = facts.claim_spans(aid) if facts is not None else []
            spans = self.index.spans(found, aid, body, mentions, claims)
        if not spans and self.search_text:  # the reader's own search finds what is written, as a page search would
            from corpus.search import written  # (loaded with the index)

            spans = written(self.search_text, body)
        return spans

    def _step_match(self, step: int) -> None:
        if not self.matches:
            toast(self, "No matches" if self.search_text or self.found is not None else "Search first with /", timeout=2)
            return
        old = self.matches[self.match_index] if 0 <= self.match_index < len(self.matches) else None
        count = len(self.matches)
        wrapped = old is not None and not 0 <= self.match_index + step < count
        if self._match_from is not None:  # from where a jump (a concordance line, a mention) put the reader
            starts = [a for a, _ in self.matches]
            at = bisect.bisect_right(starts, self._match_from) if step > 0 else bisect.bisect_left(starts, self._match_from) - 1
            wrapped = not 0 <= at < count
            self.match_index, self._match_from = at % count, None
        elif old is None:  # no current match: n goes to the first, N to the last
            self.match_index = 0 if step > 0 else count - 1
        else:
            self.match_index = (self.match_index + step) % count
        self._restyle(old, self.matches[self.match_index])
        self._scroll_to_offset(self.matches[self.match_index][0])
        again = (" (from the top)" if step > 0 else " (from the bottom)") if wrapped and count > 1 else ""
        note_in_place(self, f"match {self.match_index + 1} of {count}{again}")

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_mention(self, step: int) -> None:
        if self.article is not None and (self._pending is not None or self._awaiting is not None):
            if len(self._steps) < MAX_DEFERRED_STEPS:  # made when the layout arrives
                self._steps.append(step)
            return
        if self.article is None:
            toast(self, "No highlighted mentions here", timeout=2)
            return
        self._index_spans()  # (kept: a lookup) the shown kinds' spans, sorted: found by bisection, not by a scan
        spans, starts = self._span_list, self._span_starts
        if not spans:
            toast(self, "No highlighted mentions here", timeout=2)
            return
        # from the current mention while it shows; else from what the reader has scrolled to (the next mention at or
        # below the top of the view, the previous one above its bottom)
        view = self._view_offsets()
        if self.emphasis and (view is None or view[0] <= self.emphasis[0] < view[1]):
            here = self.emphasis[0]
        elif view is not None:
            here = view[0] - 1 if step > 0 else view[1]
        else:
            here = -1 if step > 0 else len(self.article["body"]) + 1
        if step > 0:
            i = bisect.bisect_right(starts, here)
            start, end, name = spans[i] if i < len(spans) else spans[0]
        else:
            i = bisect.bisect_left(starts, here) - 1
            start, end, name = spans[i] if i >= 0 else spans[-1]
        self.jump(start, end)
        label = kinds.BY_CODE[name.removeprefix("reader--")].name
        note_in_place(self, f"{label}: {safe_label(self.article['body'][start:end], 60)}")

    def _view_offsets(self) -> tuple[int, int] | None:
        """(first, end) body offsets of the lines on screen (where a glide is taking it), or None when no body line shows."""
        top = round(self.scroll_target_y)
        shown = [line for line in self._lines[top : top + max(self.scrollable_content_region.height, 1)] if line.offset >= 0]
        return (shown[0].offset, shown[-1].end) if shown else None

    def action_next_mention(self) -> None:
        self._step_mention(1)

    def action_previous_mention(self) -> None:
        self._step_mention(-1)

    def visible_text(self) -> str:
        """The plain text of the lines currently on screen (for tests)."""
        top = self.scroll_offset.y
        return "\n".join(line.content.plain for line in self._lines[top : top + self.scrollable_content_region.height])


_REVERSE = Style(reverse=True)
_LAYER = {"reader--conflict": 1, "reader--match": 2, "reader--current": 3, "reader--emphasis": 4}  # kinds: 0


def readable_url(url: str) -> str:
    """A URL as a reader reads it: percent-escapes of UTF-8 shown as the letters they are (a Korean Wikinews address
    is seven lines of %EB%B2%84 otherwise), cleaned again for one line. Each run of escapes is decoded alone, and only
    as UTF-8: a run in another encoding (EUC-KR) stays as written, and one cut short where a long address was
    shortened keeps its whole letters and the cut escapes as written."""
    if "%" not in url:
        return url
    return safe_label(_ESCAPES.sub(_letters, url), 1000)


_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _letters(match: re.Match) -> str:
    raw = bytes.fromhex(match.group().replace("%", ""))
    for cut in range(len(raw), max(len(raw) - 4, 0), -1):  # (a UTF-8 letter is at most 4 bytes: cut at most 3)
        try:
            return raw[:cut].decode("utf-8") + match.group()[3 * cut :]
        except UnicodeDecodeError:
            continue
    return match.group()


def _chunks(text: str, width: int) -> list[str]:
    starts = wrap_offsets(text, width)
    return [text[a : (starts[i + 1] if i + 1 < len(starts) else len(text))] for i, a in enumerate(starts)]
