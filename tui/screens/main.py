"""The main screen: four panes, the state they share, and routing between them.

The screen holds the shared state as reactives (the corpus read so far, the analysis facts, the
current article, the filters and the articles that pass them, the highlight kinds, progress); each
pane binds what it shows and derives its view from it. Panes report choices with messages; the
screen turns them into state. Reading and analysis run in a worker (`tui.loading`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from itertools import chain

from textual import constants, events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import Reactive, var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, get_current_worker

from corpus import kinds

from .. import memory
from ..covering import CoveringCompositor
from ..focusing import focus_now
from ..frame_clock import FrameClock, on_its_way
from ..keys_waiting import key_waiting
from ..later import Later
from ..messages import HitsCounted, JumpTo, PhrasesRead
from ..state import NOT_READ, EntityFilter, visible
from ..text import toast
from ..widgets.article_list import ArticleList, ArticleTable
from ..widgets.entity_panel import EntityPanel
from ..widgets.filter_box import FilterBox
from ..widgets.key_bar import KeyBar
from ..widgets.line_input import LineInput
from ..widgets.metric_panel import MetricPanel
from ..widgets.reader import Reader
from ..widgets.reader_pane import ReaderPane
from ..widgets.status import StatusBar
from .lifecycle import Lifecycle
from .panes import NARROW, PANE_TITLES, PANES, PaneSwitching

ACTIONS = {"reader": Reader, "entities": EntityPanel, "metrics": MetricPanel}  # where a pane's palette commands run
PREVIEW_DELAY = 0.08
AHEAD_DELAY = 0.05  # seconds the list's cursor rests before the panes make ready the articles a key may open next
TYPING_AHEAD_DELAY = 0.015  # the same while a query is typed in a filter box
# Steps of that are taken for up to AHEAD_BURST seconds in a row (a key that comes meanwhile waits that long at most),
# then the event loop sleeps AHEAD_STEP_GAP: a key that comes is read in the gap. The driver reads keys in a thread,
# which needs the interpreter three times per key; while the main thread works without a pause it gets it only every
# switch interval (5 ms), and keys reached the app 15 ms late.
AHEAD_BURST = 0.002
AHEAD_STEP_GAP = 0.001
AHEAD_WAIT = 0.002  # seconds a step waits, and waits again, while a frame is being drawn
AHEAD_WAITS = 10  # waits at most in a row (a repaint that never goes out must not hold making ready for ever)
LETTERS_AHEAD = 12  # next letters of a word being typed in the list's filter whose articles are made ready ahead
FIRST_LETTERS_AHEAD = 24  # first letters of a word not begun yet (harder to guess: more of them)
DONE = object()  # (an article made ready: its steps are over)
ESCAPE_AGAIN = 3.0  # seconds within which a second Esc stops the analysis
COUNT_DELAY = 0.6  # seconds a query rests before its hits are counted exactly (not between the keys of a word typed)


class MainScreen(Lifecycle, PaneSwitching, Screen):
    """Article list, reader, entity sidebar and metric comparison."""

    # Textual repaints the whole screen when the focus moves; the two widgets involved repaint
    # themselves (focus, blur, :focus styles), so a Tab costs two panes instead of the screen.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    AUTO_FOCUS = ""  # the active pane decides (see _on_screen_resume)

    BINDINGS = [
        Binding("tab", "next_pane", "Next pane", priority=True, id="screen.next_pane"),
        Binding("shift+tab", "previous_pane", "Previous pane", priority=True, show=False, id="screen.previous_pane"),
        *(Binding(str(i), f"pane('{p}')", PANE_TITLES[p], show=False, id=f"screen.pane_{p}") for i, p in enumerate(PANES, 1)),
        Binding("escape", "escape", "Cancel", show=False, id="screen.escape"),
        Binding("exclamation_mark", "problems", "Problems", show=False, id="screen.problems"),
        Binding("f5,ctrl+r", "analyse", "Analyse again", show=False, id="screen.analyse"),
        Binding("ctrl+f", "concordance", "Search the corpus", show=False, id="screen.concordance"),
        Binding("e", "export", "Export the pane", show=False, id="screen.export"),
    ]

    corpus = var(None, init=False)  # corpus.preview.Preview, then corpus.loader.Corpus
    facts = var(None, init=False)  # corpus.facts.Facts once analysed
    article_id: var[int | None] = var(None, init=False)
    text_filter = var("", init=False)
    entity_filter: var[EntityFilter | None] = var(None, init=False)
    visible_ids: var[frozenset[int] | None] = var(None, init=False)  # None: no filter
    visible_kinds: var[frozenset[str]] = var(frozenset(kinds.CODES), init=False)
    index = var(None, init=False)  # corpus.search.SearchIndex once built
    found = var(None, init=False)  # corpus.search.Result of the list filter's query
    progress = var("reading files…", init=False)
    analysing = var(False, init=False)
    stopped = var("", init=False)

    def __init__(self, paths: list[str] | None, max_bytes: int, use_cache: bool, jobs: int) -> None:
        super().__init__()
        self._compositor = CoveringCompositor()
        self.paths = paths
        self.max_bytes = max_bytes
        self.use_cache = use_cache
        self.jobs = jobs
        self.result = None  # corpus.pipeline.Result, once analysed
        self.active = "list"
        self.worker: Worker | None = None
        self.side_ready = False
        self._preview_timer = None
        self._phrases_reading: tuple | None = None  # (index, phrases) a thread reads the bodies of (`_read_phrases_later`)
        self._phrases_failed: set[tuple] = set()  # (index, phrases) whose reading failed: not tried again
        self._count_call = Later(self)  # a query resting: its hits counted exactly
        self._ahead_call = Later(self)
        self._ahead_steps: list[tuple] = []
        self._warming: Iterator[None] | None = None  # the steps of the article being made ready
        self._last_move = 0.0  # when the list cursor last moved (monotonic seconds)
        self._titles_painted = threading.Event()
        self._resumed = False
        self._frame_clock: FrameClock | None = None
        self._repaints_asked = False
        self._ahead_waits = 0
        self._escape_armed = 0.0  # when an Esc asked for a second one to stop the analysis

    @property
    def _update_timer(self) -> Timer:
        """Textual's frame timer for this screen, replaced by one that keeps the same limit without a grid
        (`tui.frame_clock`)."""
        if self._frame_clock is None:
            self._frame_clock = FrameClock(self, 1 / constants.MAX_FPS, name="screen_update", callback=self._on_timer_update, pause=True)
            self._frame_clock._start()
            self._timers.add(self._frame_clock)
        return self._frame_clock

    def compose(self) -> ComposeResult:
        # The layout classes are set before the panes mount: set afterwards, each restyles the screen.
        narrow = self.app.size.width < NARROW
        self.set_class(narrow, "-narrow")
        s = MainScreen
        yield StatusBar(id="status").data_bind(s.corpus, s.progress)
        yield Static(Content(""), id="pane-bar")
        with Horizontal(id="panes"):
            yield ArticleList(id="list-pane", classes="-active" if narrow else None).data_bind(
                s.corpus, s.facts, s.visible_ids, s.text_filter, s.entity_filter, s.found
            )
            with ReaderPane(id="reader-pane"):
                yield Reader(id="reader").data_bind(
                    s.corpus, s.facts, s.article_id, s.analysing, s.visible_kinds, s.visible_ids, s.index, s.found
                )
                yield LineInput(placeholder="search this article (Enter: find, Esc: close)", id="search", classes="hidden")
            yield Vertical(id="side")  # its panes mount once the titles are on screen
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self._layout(self.size.width)
        self._mark_active("list")
        table = self.query_one(ArticleTable)
        focus_now(table)
        self.watch(table, "current", self._article_highlighted, init=False)
        box = self.query_one("#list-filter", FilterBox)
        self.watch(box, "text", self._list_filter, init=False)
        self.watch(box, "value", self._typed, init=False)
        reading, shown = self._read_first()
        self.call_after_refresh(self._send_first_frame)
        self._start(reading, shown)

    async def _send_first_frame(self) -> None:
        # Textual's start-up draws a first frame inside an update batch and drops it unsent: the side panes and the
        # worker (Polars' import holds the interpreter) wait for the frame that reaches the terminal.
        if getattr(self.app, "_batch_count", 0):
            self.set_timer(0.002, partial(self.call_after_refresh, self._send_first_frame))
            return
        await self._after_first_titles()

    async def _after_first_titles(self) -> None:
        """The titles are painted: let the worker go on, and build the side panes."""
        memory.start()
        self._titles_painted.set()
        s = MainScreen
        await self.query_one("#side", Vertical).mount(
            EntityPanel(id="entity-pane").data_bind(s.facts, s.article_id, s.stopped),
            MetricPanel(id="metric-pane").data_bind(s.facts, s.article_id, s.visible_ids, s.stopped),
        )
        self.side_ready = True
        self._mark_active(self.active)

    def on_resize(self, event) -> None:
        self._layout(event.size.width)

    def on_unmount(self) -> None:
        self._ahead_call.stop()  # (Textual stops its own timers with the screen; this call is the event loop's)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Back from a dialog: the focus returns to the active pane if it was lost. (Named as Textual's own handler,
        which runs after it: the first resume, as the app starts, need not restyle panes that have just mounted.)"""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
        if self.is_mounted and (self.focused is None or not self.focused.display):
            self._set_active(self.active)
        if self.is_mounted and self.facts is not None:
            self._ahead_later()  # (what a dialog stopped)

    # --- state -----------------------------------------------------------------------------------
    def _filter(self) -> None:
        ids, found = visible(self.corpus, self.text_filter, self.entity_filter, self.index)
        if found is not None and found.reading and (self.index, found.reading) in self._phrases_failed:
            found = replace(found, notes=[NOT_READ.format(found.reading[0]), *found.notes[1:]], reading=())
        self.found = found
        self.visible_ids = ids
        self._read_phrases_later()
        self._count_later()
        self._repaint_now()

    # --- a phrase read in the bodies, in a thread ------------------------------------------------------
    def _read_phrases_later(self) -> None:
        """A phrase that needs many bodies read (a second or two at 10,000 articles) is read in a thread while the list
        holds its words' articles; then the query is asked again. A reading goes on while the same phrases are wanted
        (words typed after them), and stops when they are not; one that failed is not tried again for the same index."""
        found = self.found
        reading = (self.index, found.reading) if found is not None and found.reading else None
        if reading == self._phrases_reading:
            return
        self.workers.cancel_group(self, "phrases")
        self._phrases_reading = reading
        if reading is not None and reading not in self._phrases_failed:
            self._read_phrases(self.index, found.reading, self.text_filter)

    @work(thread=True, exclusive=True, group="phrases", exit_on_error=False)
    def _read_phrases(self, index, phrases: tuple[str, ...], text: str) -> None:
        worker = get_current_worker()
        try:
            done = index.read_phrases(text, cancelled=lambda: worker.is_cancelled)
        except Exception as exc:  # (the list keeps the words' articles, and the heading says why)
            self.post_message(PhrasesRead(index, phrases, f"{type(exc).__name__}: {exc}"))
            return
        if done and not worker.is_cancelled:
            self.post_message(PhrasesRead(index, phrases))

    @on(PhrasesRead)
    def _phrases_read(self, message: PhrasesRead) -> None:
        if (message.index, message.phrases) != self._phrases_reading:  # (a reading since replaced: what it read is kept)
            return
        if message.failed:
            self._phrases_failed.add(self._phrases_reading)
            toast(self, f"“{message.phrases[0]}” could not be read in the bodies ({message.failed})", severity="warning")
        self._phrases_reading = None
        self._filter()

    def _repaint_now(self) -> None:
        """Once the key's change of state is over, hand the screen every repaint it asked of the panes. Each widget
        would tell the screen once its own queue is empty, and the screen draws once its queue is: a key's list was
        drawn at once, and its article and entities at the next tick of Textual's frame clock, 17 to 33 ms later."""
        if not self._repaints_asked:
            self._repaints_asked = True
            self.call_next(self._hand_repaints)  # (after the handler that changed the state, and its watchers)

    def _hand_repaints(self) -> None:
        self._repaints_asked = False
        for widget in self.walk_children(Widget):
            if widget._repaint_required or widget._layout_required or widget._scroll_required:
                widget._check_refresh()  # (what the widget's idle would do, done before the screen's)

    # --- a query's hits, counted exactly once it rests ------------------------------------------------
    def _count_later(self) -> None:
        """The search counts hits per word and per entity, as typing can afford; once the query rests, each article's
        hits are counted as the concordance lists them (a thread reads their words), the list's rows first, and the
        counts change where the estimate was off."""
        self._count_call.stop()
        self.workers.cancel_group(self, "hits")
        found = self.found
        if found is not None and found.ids and not found.exact and self.index is not None:
            self._count_call.call(COUNT_DELAY, self._count_now)

    def _count_now(self) -> None:
        if self.found is not None and self.index is not None:
            shown = self.query_one(ArticleList).shown_ids
            self._count(self.found, self.index, self.facts, self.corpus, list(shown))

    @work(thread=True, exclusive=True, group="hits", exit_on_error=False)
    def _count(self, found, index, facts, corpus, order: list[int]) -> None:
        from corpus.search import counted

        worker = get_current_worker()

        def body(article_id: int) -> str:
            article = corpus.article(article_id)
            return article["body"] if article and not article.get("stale") else ""

        result = counted(index, found, body, facts, order, cancelled=lambda: worker.is_cancelled)
        if result.exact and not worker.is_cancelled:
            self.post_message(HitsCounted(found, result))

    @on(HitsCounted)
    def _hits_counted(self, message: HitsCounted) -> None:
        if message.found is self.found and message.counted.hits != message.found.hits:  # (the query has not changed)
            self.found = message.counted

    def watch_corpus(self) -> None:
        self._filter()

    def watch_text_filter(self) -> None:
        # The list learns the text with its result, not a step before it: its heading, columns and hits are drawn once
        # per keystroke, not first for the new result under the old text.
        lists = list(self.query(ArticleList))
        for listed in lists:
            listed.set_reactive(ArticleList.text_filter, self.text_filter)
        before = self.found
        self._filter()
        if self.found is before:  # (the same result for another text: the heading quotes the text)
            for listed in lists:
                listed.watch_text_filter()

    def watch_entity_filter(self) -> None:
        self._filter()

    def watch_index(self) -> None:
        self._filter()

    def watch_visible_ids(self, ids: frozenset[int] | None) -> None:
        if ids is not None and not ids:
            self._stop_preview()
            self.article_id = None  # the list is empty: so is the reader (the list's cursor brings one back)
        self._ahead_later()

    def watch_article_id(self) -> None:
        self._ahead_later()

    def watch_facts(self) -> None:
        self._ahead_later()

    def watch_visible_kinds(self) -> None:
        self._ahead_later()

    def watch_found(self) -> None:
        self._ahead_later()

    # --- the next articles, made ready while no key comes ---------------------------------------------
    def _ahead_later(self) -> None:
        """Once the list's cursor rests, the reader and the entity pane make ready the articles a key may open next
        (the rows below and above, a page away), one at a time, so that a key that opens one draws it from them;
        while a query is typed, first the articles its likeliest next letters would bring to the cursor."""
        self._ahead_waits = 0
        typing = isinstance(self.focused, FilterBox)  # (letters come a tenth of a second apart: no held key to wait out)
        self._ahead_call.call(TYPING_AHEAD_DELAY if typing else AHEAD_DELAY, self._ahead)

    def _ahead(self, steps: list[tuple] | None = None) -> None:
        if not self.is_mounted or self.facts is None:
            return
        if self.app.screen is not self:  # (a dialog is over the screen: nothing it shows changes; its closing starts again)
            return
        # (a key's frame goes out, and a key typed is read, before a step is taken)
        if (self._drawing() or key_waiting(self.app)) and self._ahead_waits < AHEAD_WAITS:
            self._ahead_waits += 1
            self._ahead_steps = steps
            self._ahead_call.call(AHEAD_WAIT, self._ahead_next if steps is not None else self._ahead)
            return
        self._ahead_waits = 0
        if steps is None:  # (the panes may be gone, here and in every step: the app is closing)
            self._warming = None
            letters = self._letters_ahead()
            rows = [i for table in self.query(ArticleTable) for i in table.ahead_ids()]
            steps = [*letters, *(("open", i, ...) for i in (rows[:1] if letters else rows))]  # (typing: the row below)
        until = time.perf_counter() + AHEAD_BURST
        while True:
            steps = self._ahead_step(steps)
            if not steps and self._warming is None:
                return
            if time.perf_counter() >= until or key_waiting(self.app):
                break
        self._ahead_steps = steps
        self._ahead_call.call(AHEAD_STEP_GAP, self._ahead_next)

    def _ahead_step(self, steps: list[tuple]) -> list[tuple]:
        """Take one step of making ready (of the article or rows being made ready, or the next of `steps`); return the
        steps left."""
        if self._warming is not None and next(self._warming, DONE) is DONE:  # (a step of an article made ready)
            self._warming = None
        elif self._warming is None and steps:
            step, steps = steps[0], steps[1:]
            if step[0] == "type":  # a query the next letter would make: the rows and the article its list would show
                ids, found = visible(self.corpus, step[1], self.entity_filter, self.index, guess=True)
                for listed in self.query(ArticleList):
                    landing = listed.landing(ids) if ids is None or ids else None
                    if landing is not None and landing != self.article_id:
                        steps.insert(0, ("open", landing, found))
                    if ids is None or ids:  # (None: the box emptied, every article listed)
                        steps.insert(0, ("rows", ids, found))
            elif step[0] == "rows":
                self._warming = chain(*(listed.warming(step[1], step[2]) for listed in self.query(ArticleList)))
            else:
                readers, entities, claims = self.query(Reader), self.query(EntityPanel), self.query(MetricPanel)
                self._warming = chain(
                    *(r.warming(step[1], step[2]) for r in readers),
                    *(e.warming(step[1]) for e in entities),
                    *(m.warming(step[1]) for m in claims),
                )
        return steps

    def _drawing(self) -> bool:
        """Whether a frame is on its way to the terminal (the panes hand their repaints to the screen as a key's change
        of state ends, `_repaint_now`; the driver's thread then writes it): a step of making ready waits for it rather
        than delay it."""
        return bool(self._dirty_widgets or self._layout_required or self._scroll_required or self._repaint_required) or on_its_way(self.app)

    def _ahead_next(self) -> None:
        self._ahead(self._ahead_steps)

    def _typed(self) -> None:
        self._ahead_later()  # (a space typed changes no filter, and the next word's first letters are guessed)

    @on(events.DescendantFocus, "#list-filter")
    def _filter_focused(self) -> None:
        self._ahead_later()  # (the box opens: a query's first letters are guessed)

    def _letters_ahead(self) -> list[tuple[str, str]]:
        """While the list's filter is typed in: the queries its likeliest next letters would make (a word's next
        letters; a new word's first, more of them, as a first letter is harder to guess), and, after the likeliest
        three, the query one Backspace would make (the one typed before: its article may have left the caches)."""
        box = self.focused
        if self.index is None or not isinstance(box, FilterBox) or box.id != "list-filter":
            return []
        value = box.value
        begun = bool(value) and not value[-1].isspace()
        letters = self.index.next_letters(value, LETTERS_AHEAD if begun else FIRST_LETTERS_AHEAD)
        queries = [(value + letter).strip() for letter in letters]
        if value:
            queries.insert(3, value[:-1].strip())
        return [("type", query) for query in queries]

    # --- the panes' messages ---------------------------------------------------------------------
    def _article_highlighted(self, article_id: int | None) -> None:
        """The list's cursor rests on another article (a watcher of `ArticleTable.current`: the panes follow in the
        cursor's own frame). A single move previews at once; while moves come faster than PREVIEW_DELAY (j held
        down), only the article the cursor rests on is previewed: 10,000 titles must not rebuild every pane per key."""
        pending = self._preview_timer is not None
        self._stop_preview()
        if article_id is None or article_id == self.article_id:
            return
        now = time.monotonic()
        burst, self._last_move = now - self._last_move < PREVIEW_DELAY, now
        if self.article_id is None or (self.visible_ids is not None and self.article_id not in self.visible_ids) or not (burst or pending):
            self.article_id = article_id  # the reader shows what the list holds, at once
            self._repaint_now()
        else:
            self._preview_timer = self.set_timer(PREVIEW_DELAY, partial(self._preview, article_id))

    def _preview(self, article_id: int) -> None:
        self._preview_timer = None
        if self.query_one(ArticleTable).current_id() == article_id:  # (the list may have changed since)
            self.article_id = article_id
            self._repaint_now()

    def _stop_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None

    @on(ArticleList.Chosen)
    def _article_chosen(self, message: ArticleList.Chosen) -> None:
        self._stop_preview()
        self.article_id = message.article_id
        self._set_active("reader")

    def _mark_active(self, pane: str) -> None:
        if pane == "reader" and self.has_class("-narrow"):
            for reader in self.query(Reader):  # (none while the app is closing: a command chosen as it quits)
                reader.before_shown()
        super()._mark_active(pane)

    def _list_filter(self, text: str) -> None:
        self.text_filter = text

    @on(ArticleList.ClearFilters)
    def _clear_filters(self) -> None:
        self.text_filter, self.entity_filter = "", None

    @on(JumpTo)
    def _jump(self, message: JumpTo) -> None:
        if self.visible_ids is not None and message.article_id not in self.visible_ids:
            self.query_one("#list-filter", FilterBox).close()  # (silently: the box shows what filters the list)
            self.text_filter, self.entity_filter = "", None
            toast(self, "Filters cleared to show the article", timeout=3)
        self.query_one(ArticleList).select(message.article_id)
        self.article_id = message.article_id
        if message.start is not None:
            self.query_one(Reader).jump(message.start, message.end)
        elif message.top:
            self.query_one(Reader).to_top()
        if message.focus_reader:
            self._set_active("reader")

    @on(EntityPanel.Chosen)
    def _entity_chosen(self, message: EntityPanel.Chosen) -> None:
        entity = self.facts.entity(message.entity_id)
        ids = self.facts.entity_articles(message.entity_id)
        self.entity_filter = EntityFilter(entity.entity_id, entity.name, ids)
        shown = self.query_one(ArticleList).shown_ids
        target = self.article_id if self.article_id in ids else (shown[0] if shown else None)
        if target is None:
            return
        span = self.facts.first_mention(target, entity.entity_id) or (None, None)
        toast(self, f"{entity.name}: {len(ids)} articles, {entity.mentions} mentions", timeout=3)
        self.post_message(JumpTo(target, *span))

    @on(MetricPanel.Chosen)
    def _claim_chosen(self, message: MetricPanel.Chosen) -> None:
        claim = self.facts.claim(message.claim_id)
        self.post_message(JumpTo(claim.article_id, claim.start, claim.end))

    def run_command(self, where: str, action: str) -> None:
        """Run a palette command: an action of the app, of this screen, or of a pane (which comes forward)."""
        if not self.query("#pane-bar"):
            return  # the app is closing (Quit and a command in one burst): its panes are gone
        if where in ACTIONS:
            self._set_active(where)
        target = self.app if where == "app" else self if where == "screen" else self.query_one(ACTIONS[where])
        self.call_later(self.app.run_action, action, target)

    # --- actions ----------------------------------------------------------------------------------
    def action_toggle_kind(self, code: str) -> None:
        self.visible_kinds = self.visible_kinds ^ {code}
        shown = "shown" if code in self.visible_kinds else "hidden"
        toast(self, f"{kinds.BY_CODE[code].plural.capitalize()} highlights {shown}", timeout=2)

    def action_escape(self) -> None:
        if self.analysing:
            # Esc is pressed out of habit (to close, to clear): stopping minutes of work takes a second one
            now = time.monotonic()
            if now - self._escape_armed < ESCAPE_AGAIN:
                self._escape_armed = 0.0
                self.action_stop_analysis()
            else:
                self._escape_armed = now
                toast(self, "Esc again stops the analysis (F5 goes on from where it stopped)", timeout=ESCAPE_AGAIN)
        elif self.entity_filter is not None or self.text_filter:
            self._clear_filters()
            self.query_one("#list-filter", FilterBox).close()

    def action_concordance(self) -> None:
        from .concordance import ConcordanceScreen

        if self.index is None or self.facts is None:
            toast(self, "The search index is built right after the analysis: a moment…", timeout=3)
            return

        def opened(choice) -> None:
            if choice is None:
                return
            query, article_id, start, end = choice
            self.query_one("#list-filter", FilterBox).set_text(query)
            self.text_filter = query  # the list holds what the concordance found
            self.post_message(JumpTo(article_id, start, end, top=start is None))  # (a title's hit: its top)

        reader = self.query_one(Reader)  # (from the reader, its own search: the query in sight)
        query = reader.search_text if self.focused is reader and reader.search_text else self.text_filter
        self.app.push_screen(ConcordanceScreen(self.index, self.facts, self.corpus, query), opened)

    def action_export(self) -> None:
        """Export what the active pane shows (CSV, JSON or Parquet, as the headless commands write it)."""
        from .export import start_export

        start_export(self)

    def action_problems(self) -> None:
        from .problems import ProblemsScreen

        if self.corpus is not None and self.corpus.problem_count:
            self.app.push_screen(ProblemsScreen(self.corpus.problem_rows(10_000)))
        else:
            toast(self, "Every file was read.", timeout=2)
