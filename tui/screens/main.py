"""The main screen: four panes, the loading worker, and the state they share.

The screen owns the corpus, the analysis result and the current article; panes receive data through
their `set_*` methods and report choices with messages. Loading runs in a thread worker that only
posts messages; nothing here waits for Kiwi before the first frame.
"""

from __future__ import annotations

import collections
import gc
import threading

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from ..lazy import pl
from ..messages import AnalysisProgress, AnalysisReady, AnalysisStopped, CorpusLoaded, JumpTo
from ..focusing import focus_now
from ..text import toast
from ..widgets.article_list import ArticleList, ArticleTable
from ..widgets.claim_table import MetricTable
from ..widgets.entity_panel import EntityList, EntityPanel
from ..widgets.key_bar import KeyBar
from ..widgets.line_input import LineInput
from ..widgets.metric_panel import MetricPanel
from ..widgets.reader import Highlight, Reader
from ..widgets.status import StatusBar

PANES = ("list", "reader", "entities", "metrics")
PANE_TITLES = {"list": "Articles", "reader": "Reader", "entities": "Entities", "metrics": "Claims"}
PANE_SELECTORS = {"list": "#list-pane", "reader": "#reader-pane", "entities": "#entity-pane", "metrics": "#metric-pane"}
NARROW = 140
FIRST_BUDGET = 0.1  # seconds of reading titles before the first frame
PREVIEW_DELAY = 0.08


class MainScreen(Screen):
    """Article list, reader, entity sidebar and metric comparison."""

    # Textual repaints the whole screen when the focus moves; the two widgets involved repaint
    # themselves (focus, blur, :focus styles), so a Tab costs two panes instead of the screen.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    AUTO_FOCUS = ""  # the active pane decides (see on_screen_resume)

    BINDINGS = [
        Binding("tab", "next_pane", "Next pane", priority=True, id="screen.next_pane"),
        Binding("shift+tab", "previous_pane", "Previous pane", priority=True, show=False, id="screen.previous_pane"),
        Binding("1", "pane('list')", "Articles", show=False, id="screen.pane_list"),
        Binding("2", "pane('reader')", "Reader", show=False, id="screen.pane_reader"),
        Binding("3", "pane('entities')", "Entities", show=False, id="screen.pane_entities"),
        Binding("4", "pane('metrics')", "Claims", show=False, id="screen.pane_metrics"),
        Binding("escape", "escape", "Cancel", show=False, id="screen.escape"),
        Binding("exclamation_mark", "problems", "Problems", show=False, id="screen.problems"),
    ]

    def __init__(self, paths: list[str] | None, max_bytes: int, use_cache: bool) -> None:
        super().__init__()
        self.paths = paths
        self.max_bytes = max_bytes
        self.use_cache = use_cache
        self.corpus = None  # corpus.loader.Corpus, once read
        self.result = None  # corpus.pipeline.Result, once analysed
        self.article_id: int | None = None
        self.active = "list"
        self.highlights: dict[int, list[Highlight]] = {}
        self.conflict_spans: dict[int, list[tuple[int, int]]] = {}
        self.analysing = False
        self.worker: Worker | None = None
        self._preview: dict[int, dict] = {}
        self._row_of: dict[int, int] = {}  # article id -> row of corpus.articles
        self._preview_timer = None
        self._auto_article: int | None = None
        self._titles_painted = threading.Event()
        self._side_mounted = False
        self._stopped = ""

    def compose(self) -> ComposeResult:
        # The layout classes are set before the panes mount: set afterwards, each restyles the screen.
        narrow = self.app.size.width < NARROW
        self.set_class(narrow, "-narrow")
        yield StatusBar(id="status")
        yield Static(Content(""), id="pane-bar")
        with Horizontal(id="panes"):
            yield ArticleList(id="list-pane", classes="-active" if narrow else None)
            with Vertical(id="reader-pane"):
                yield Reader(id="reader")
                yield LineInput(placeholder="search this article (Enter: find, Esc: close)", id="search", classes="hidden")
            yield Vertical(id="side")  # its panes mount once the titles are on screen
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self._layout(self.size.width)
        self._mark_active("list")
        focus_now(self.query_one(ArticleTable))
        self._show_first_titles()
        self.call_after_refresh(self._after_first_titles)
        self.worker = self.load()

    def on_resize(self, event) -> None:
        self._layout(event.size.width)

    def on_screen_resume(self) -> None:
        """Back from a dialog: the focus returns to the active pane if it was lost."""
        if self.is_mounted and (self.focused is None or not self.focused.display):
            self._set_active(self.active)

    # --- loading ----------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        worker = get_current_worker()
        try:
            # Importing Polars holds the GIL for a fifth of a second: let the first frame paint first.
            self._titles_painted.wait(timeout=1.0)
            from corpus.loader import load_corpus

            corpus = load_corpus(self.paths or None, max_bytes=self.max_bytes)
        except Exception as exc:  # one place for worker errors: shown, never fatal
            self.post_message(AnalysisStopped(f"could not read the corpus: {type(exc).__name__}: {exc}"))
            return
        self.post_message(CorpusLoaded(corpus))
        if worker.is_cancelled or corpus.articles.height == 0:
            return
        from corpus.analysis import Cancelled
        from corpus.pipeline import analyse_corpus

        try:
            result = analyse_corpus(corpus, use_cache=self.use_cache,
                                    progress=lambda done, total: self.post_message(AnalysisProgress(done, total)),
                                    cancelled=lambda: worker.is_cancelled)
        except Cancelled:
            self.post_message(AnalysisStopped("analysis cancelled (plain text only)"))
            return
        except Exception as exc:
            self.post_message(AnalysisStopped(f"analysis failed: {type(exc).__name__}: {exc}"))
            return
        if not worker.is_cancelled:
            self.post_message(AnalysisReady(result))

    def _show_first_titles(self) -> None:
        """Read the first files' titles for the first frame (a few ms; at most a tenth of a second)."""
        from corpus.reading import first_titles

        reader = self.query_one(Reader)
        try:
            # a screenful of titles: the rest come with the whole corpus, moments later
            rows, _skipped = first_titles(self.paths or None, self.max_bytes, max(self.app.size.height, 24),
                                          budget=FIRST_BUDGET)
        except Exception:  # the worker reads everything again and reports what went wrong
            rows = []
        if not rows:
            reader.show_article(None, [], [], "Reading files…")
            return
        self.query_one(ArticleList).set_rows(rows)
        status = self.query_one(StatusBar)
        status.articles = len(rows)
        status.progress = "reading files…"
        self._preview = {r["id"]: r for r in rows}
        first = self.query_one(ArticleList).current_id()
        self._auto_article = first
        if first is not None:
            self.show_article(first)

    async def _after_first_titles(self) -> None:
        """The titles are painted: let the worker go on, and build the side panes."""
        gc.freeze()  # what start-up built lives as long as the app; later collections skip it
        gc.enable()
        self._titles_painted.set()
        await self._mount_side()

    async def _mount_side(self) -> None:
        if self._side_mounted:
            return
        self._side_mounted = True
        entities, metrics = EntityPanel(id="entity-pane"), MetricPanel(id="metric-pane")
        await self.query_one("#side", Vertical).mount(entities, metrics)
        self._mark_active(self.active)
        if self.result is not None:
            self._feed_side(self.result)
        elif self._stopped:
            entities.set_note(self._stopped)
            metrics.set_note(self._stopped)
        if self.article_id is not None:
            entities.set_article(self.article_id)
            metrics.set_article(self.article_id)

    def _panel(self, cls):
        """A side pane, or None while it is not mounted yet."""
        found = self.query(cls)
        return found.first() if found else None

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        corpus = message.corpus
        self.corpus = corpus
        self._row_of = {aid: i for i, aid in enumerate(corpus.articles["id"].to_list())}
        status = self.query_one(StatusBar)
        status.corpus_label = corpus.label
        status.articles = corpus.articles.height
        status.problems = corpus.problems.height
        listing = self.query_one(ArticleList)
        listing.set_articles(corpus.articles)
        if self.article_id is not None and self.article_id == self._auto_article and listing.shown_ids:
            # the reader had not chosen anything yet: follow the list's new order (manifest dates)
            listing.query_one(ArticleTable).move_cursor(0)
            self.article_id = None
        self._preview = {}
        if corpus.articles.height:
            self.analysing = True
            status.progress = f"analysing 0/{corpus.articles.height} (Esc stops)"
            first = self.query_one(ArticleList).current_id()
            self.show_article(self.article_id if self.article_id is not None else first if first is not None
                              else corpus.articles["id"][0], keep_position=self.article_id is not None)
        else:
            status.progress = "nothing to analyse"
            reasons = "\n".join(f"• {r['path']}: {r['reason']}" for r in corpus.problems.head(20).iter_rows(named=True))
            self.query_one(Reader).show_article(None, [], [], "No readable articles." + (f"\n{reasons}" if reasons else ""))
            self._set_active("reader")
        if corpus.problems.height:
            toast(self, f"{corpus.problems.height} files could not be read: press ! to see why", severity="warning", timeout=6)
        if corpus.articles.height and not isinstance(self.focused, (Input,)) and self.active == "list":
            focus_now(self.query_one(ArticleTable))

    def on_analysis_progress(self, message: AnalysisProgress) -> None:
        text = f"analysing {message.done}/{message.total} (Esc stops)"
        self.query_one(StatusBar).progress = text

    def on_analysis_stopped(self, message: AnalysisStopped) -> None:
        self.analysing = False
        self.query_one(StatusBar).progress = message.reason
        self._stopped = message.reason
        for panel in (self._panel(EntityPanel), self._panel(MetricPanel)):
            if panel is not None:
                panel.set_note(message.reason)
        self.query_one(Reader).set_status("")
        toast(self, message.reason, severity="warning")

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        self.analysing = False
        result = message.result
        self.result = result
        a = result.analysis
        self.highlights = collections.defaultdict(list)
        for aid, start, end, kind in zip(a.mentions["article_id"], a.mentions["start"], a.mentions["end"], a.mentions["kind"]):
            self.highlights[aid].append(Highlight(start, end, kind))
        conflicted = set()
        for ids in result.groups.filter(pl.col("verdict") == "conflict")["claim_ids"].to_list():
            conflicted.update(ids)
        self.conflict_spans = collections.defaultdict(list)
        for r in a.claims.filter(pl.col("claim_id").is_in(list(conflicted))).iter_rows(named=True):
            self.conflict_spans[r["article_id"]].append((r["start"], r["end"]))
        ents = a.mentions.filter(pl.col("entity_id").is_not_null()).group_by("article_id").agg(pl.col("entity_id").n_unique())
        claims = a.claims.group_by("article_id").len()
        counts = {aid: (n, 0) for aid, n in ents.iter_rows()}
        for aid, n in claims.iter_rows():
            counts[aid] = (counts.get(aid, (0, 0))[0], n)
        for aid in result.corpus.articles["id"].to_list():
            counts.setdefault(aid, (0, 0))
        listing = self.query_one(ArticleList)
        listing.set_articles(result.corpus.articles, counts)
        self._feed_side(result)
        cached = f" ({a.from_cache} from cache)" if a.from_cache else ""
        n_conflicts = result.groups.filter(pl.col("verdict") == "conflict").height
        self.query_one(StatusBar).progress = (f"analysed {result.corpus.articles.height}{cached} · "
                                              f"{result.groups.height} comparisons, {n_conflicts} conflicts")
        self.query_one(Reader).set_status("")
        if self.article_id is not None:
            self.show_article(self.article_id, keep_position=True)
        # The corpus now lives for the whole session as millions of Python objects; left to the
        # collector, each full collection walks them all (about 0.2 s at 10,000 articles) in the
        # middle of some keystroke. Frozen, they are skipped; what is created later is still collected,
        # in fewer and larger batches (no full collections during a bench of 300 keys at 10k articles,
        # the process size unchanged at ~415 MB).
        gc.freeze()
        gc.set_threshold(10_000, 10, 50)

    def _feed_side(self, result) -> None:
        entities, metrics = self._panel(EntityPanel), self._panel(MetricPanel)
        if entities is None or metrics is None:
            return  # fed when they mount
        a = result.analysis
        entities.set_data(a.entities, a.mentions)
        metrics.set_data(a.claims, result.groups, result.checks, result.corpus.articles)
        metrics.set_filter_ids(self.query_one(ArticleList).shown_ids)

    # --- showing ----------------------------------------------------------------------------------
    def article_row(self, article_id: int) -> dict | None:
        if self.corpus is None:
            return self._preview.get(article_id)
        index = self._row_of.get(article_id)
        return self.corpus.articles.row(index, named=True) if index is not None else None

    def show_article(self, article_id: int | None, keep_position: bool = False) -> None:
        if article_id is None:
            return
        row = self.article_row(article_id)
        if row is None:
            return
        reader = self.query_one(Reader)
        y = reader.scroll_offset.y
        status = "" if self.result is not None or not self.analysing else "Highlights arrive when the analysis is done…"
        self.article_id = article_id
        reader.show_article(row, self.highlights.get(article_id, []), self.conflict_spans.get(article_id, []), status)
        if keep_position:
            reader.scroll_to(y=y, animate=False)
        for panel in (self._panel(EntityPanel), self._panel(MetricPanel)):
            if panel is not None:
                panel.set_article(article_id)

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, message: ArticleList.Highlighted) -> None:
        # Preview once the cursor rests: holding j through 10,000 titles must not rebuild every pane per key.
        if self._preview_timer is not None:
            self._preview_timer.stop()
        if message.article_id != self.article_id:
            article_id = message.article_id
            self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self.show_article(article_id))

    @on(ArticleList.Chosen)
    def _article_chosen(self, message: ArticleList.Chosen) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
        if message.article_id != self.article_id:
            self.show_article(message.article_id)
        self._set_active("reader")

    @on(JumpTo)
    def _jump(self, message: JumpTo) -> None:
        self.query_one(ArticleList).select(message.article_id)
        self.show_article(message.article_id)
        if message.start is not None:
            self.query_one(Reader).jump(message.start, message.end)
        if message.focus_reader:
            self._set_active("reader")

    @on(EntityPanel.Chosen)
    def _entity_chosen(self, message: EntityPanel.Chosen) -> None:
        if self.result is None:
            return
        a = self.result.analysis
        entity = a.entities.filter(pl.col("entity_id") == message.entity_id).row(0, named=True)
        ids = set(entity["article_ids"])
        listing = self.query_one(ArticleList)
        listing.set_entity_filter(entity["name"], ids)
        metrics = self._panel(MetricPanel)
        if metrics is not None:
            metrics.set_filter_ids(listing.shown_ids)
        target = self.article_id if self.article_id in ids else (listing.shown_ids[0] if listing.shown_ids else None)
        if target is None:
            return
        first = a.mentions.filter((pl.col("article_id") == target) & (pl.col("entity_id") == message.entity_id)).sort("start")
        start, end = (first["start"][0], first["end"][0]) if first.height else (None, None)
        toast(self, f"{entity['name']}: {len(ids)} articles, {entity['mentions']} mentions", timeout=3)
        self.post_message(JumpTo(target, start, end))

    @on(MetricPanel.Chosen)
    def _claim_chosen(self, message: MetricPanel.Chosen) -> None:
        if self.result is None:
            return
        row = self.result.analysis.claims.filter(pl.col("claim_id") == message.claim_id).row(0, named=True)
        self.post_message(JumpTo(row["article_id"], row["start"], row["end"]))

    # --- search ----------------------------------------------------------------------------------
    @on(Reader.SearchRequested)
    def _open_search(self) -> None:
        box = self.query_one("#search", Input)
        box.remove_class("hidden")
        focus_now(box)

    @on(Input.Submitted, "#search")
    def _search(self, event: Input.Submitted) -> None:
        reader = self.query_one(Reader)
        n = reader.search(event.value.strip())
        toast(self, f"{n} matches" + (" (n / N to move)" if n else ""), timeout=2)
        event.input.add_class("hidden")
        focus_now(reader)

    # --- panes ------------------------------------------------------------------------------------
    def _layout(self, width: int) -> None:
        if (width < NARROW) != self.has_class("-narrow"):
            self.set_class(width < NARROW, "-narrow")
            self._mark_active(self.active)
        self._draw_pane_bar()

    def _draw_pane_bar(self) -> None:
        parts = []
        for i, pane in enumerate(PANES, 1):
            label = f" {i} {PANE_TITLES[pane]} "
            parts.append(Content(label).stylize("reverse bold", 0) if pane == self.active else Content(label))
        self.query_one("#pane-bar", Static).update(Content(" ").join(parts) + Content("  Tab: next pane"), layout=False)

    def _mark_active(self, pane: str) -> None:
        """Mark the active pane: its heading when all panes show, the pane itself when only one does.

        A class change restyles the whole subtree under it, so wide layouts touch only the headings."""
        self.active = pane
        narrow = self.has_class("-narrow")
        wanted = {selector: name == pane for name, selector in PANE_SELECTORS.items()}
        wanted["#side"] = pane in ("entities", "metrics")
        for selector, active in wanted.items():
            found = self.query(selector)
            if not found:
                continue  # a side pane not mounted yet
            node = found.first()
            if node.has_class("-active") != (active and narrow):
                node.set_class(active and narrow, "-active")
            for heading in node.query(".pane-heading"):
                if heading.parent is node and heading.has_class("-current") != active:
                    heading.set_class(active, "-current")
        self._draw_pane_bar()

    def _set_active(self, pane: str) -> None:
        self._mark_active(pane)
        target = {"list": ArticleTable, "reader": Reader, "entities": EntityList, "metrics": MetricTable}[pane]
        found = self.query(target)
        if found:
            focus_now(found.first())
            self.query_one(KeyBar).update_keys()

    def on_descendant_focus(self, event) -> None:
        """Clicking into a pane makes it the active one."""
        for pane, selector in PANE_SELECTORS.items():
            found = self.query(selector)
            if pane != self.active and found and found.first() in event.widget.ancestors_with_self:
                self._mark_active(pane)

    def action_next_pane(self) -> None:
        self._set_active(PANES[(PANES.index(self.active) + 1) % len(PANES)])

    def action_previous_pane(self) -> None:
        self._set_active(PANES[(PANES.index(self.active) - 1) % len(PANES)])

    def action_pane(self, pane: str) -> None:
        self._set_active(pane)

    def action_escape(self) -> None:
        search = self.query_one("#search", Input)
        if not search.has_class("hidden"):
            search.add_class("hidden")
            focus_now(self.query_one(Reader))
            return
        if self.analysing and self.worker is not None:
            self.worker.cancel()
            self.analysing = False
            self.query_one(StatusBar).progress = "stopping the analysis…"
            return
        listing = self.query_one(ArticleList)
        if listing.entity_filter:
            listing.action_clear_filter()

    def action_problems(self) -> None:
        from .problems import ProblemsScreen

        if self.corpus is not None and self.corpus.problems.height:
            self.app.push_screen(ProblemsScreen(self.corpus.problems))
        else:
            toast(self, "Every file was read.", timeout=2)

    def cancel_work(self) -> None:
        """Stop the worker (on quit)."""
        if self.worker is not None and self.worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
            self.worker.cancel()
