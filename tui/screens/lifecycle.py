"""The corpus's way in: reading a screenful for the first frame, then the worker's messages.

A mixin of the main screen: it starts the worker (`tui.loading`), turns what it posts (the corpus read,
progress, the analysis, the search index, why it stopped) into the screen's state, and stops or
restarts it (Esc, F5).
"""

from __future__ import annotations

import os
from functools import partial

from textual import work
from textual.worker import WorkerState, get_current_worker

from .. import memory
from ..loading import load_and_analyse
from ..messages import AnalysisProgress, AnalysisReady, AnalysisStopped, CorpusLoaded, FilesChanged, IndexReady
from ..text import toast
from ..widgets.article_list import ArticleList

FIRST_BUDGET = 0.1  # seconds of reading files before the first frame
FILES_CHECK_EVERY = 30.0  # seconds between looks, by stat in a process of its own, at whether the files changed on disk


class Lifecycle:
    """Reads, analyses and indexes the corpus in a worker; keeps the screen's state in step."""

    _started_once = False
    _files_timer = None  # looks now and then whether the files changed on disk (`_check_files`)
    _files_said = False

    def _start(self, reading=None, shown: list[dict] | None = None) -> None:
        """Read (on from `reading`) and analyse in a worker thread; Kiwi itself runs in worker processes. `shown`: the
        articles the first frame shows (their bodies stay at hand when the rest comes from the snapshot)."""
        run = self._load_run = object()  # (F5 while a run is starting: the run it replaced says nothing more)

        def post(message) -> None:
            if self._load_run is run:
                self.post_message(message)

        self.worker = self.run_worker(
            partial(
                load_and_analyse,
                post,
                reading,
                self.paths,
                self.max_bytes,
                self.use_cache,
                self.jobs,
                self._titles_painted,
                shown,
                self._first_run(),
            ),
            thread=True,
            exclusive=True,
            group="load",
            exit_on_error=False,
        )

    def _first_run(self) -> bool:
        """Whether this is the app's first run of the corpus (its walk is taken apart, `corpus.inventory.start_early`;
        a later one, F5, walks the files as they are then)."""
        first, self._started_once = not self._started_once, True
        return first

    def _read_first(self):
        """Show a screenful for the first frame: kept from the last run while nothing it came from changed
        (`corpus.screenful`, no file read), else read now (a few ms; at most a tenth of a second). Returns the
        reader (None when nothing was read) and the articles shown."""
        from corpus.preview import DEFAULT_CORPUS, Preview

        limit = max(self.app.size.height, 24)
        roots = tuple(os.fspath(p) for p in (self.paths or [DEFAULT_CORPUS]))
        reading, kept = None, None
        if self.use_cache:
            from corpus import screenful

            kept = screenful.load(roots, self.max_bytes, True, limit)
        if kept is not None:
            articles, problems, more = kept
            preview = Preview(articles, problems, roots, more)
            self.progress = "checking for changes…"  # (no file read: the worker compares them with the snapshot)
        else:
            from corpus.reading import CorpusReader

            try:
                # the list's top rows first
                reading = CorpusReader(self.paths or None, self.max_bytes, newest_first=True, cache=self.use_cache)
                reading.read(limit=limit, budget=FIRST_BUDGET)
            except Exception:  # the worker starts again and reports what went wrong
                return None, []
            articles, preview = reading.articles, reading.preview()
        if preview.rows:
            self.corpus = preview
            self.article_id = self.query_one(ArticleList).current_id()
        return reading, list(articles)

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        corpus = message.corpus
        listing = self.query_one(ArticleList)
        self.corpus = corpus  # the list keeps its cursor on the article shown: no switch without a key
        if corpus.rows:
            self.analysing = True
            self.progress = f"analysing 0/{len(corpus.rows):,} (Esc twice stops)"
            if self.article_id is None:
                self.article_id = listing.current_id()
        else:
            self.progress = "nothing to analyse"
            self._set_active("reader")
        if corpus.problem_count:
            files = "1 file" if corpus.problem_count == 1 else f"{corpus.problem_count} files"
            toast(self, f"{files} could not be read: press ! to see why", severity="warning", timeout=6)
        memory.settle()  # the corpus lives on: no full collection walks it while keys come in during the analysis

    def on_analysis_progress(self, message: AnalysisProgress) -> None:
        self.analysing = True
        speed = f" · {message.rate:.0f}/s" if message.rate else ""
        left = f" · {int(message.left) // 60}:{int(message.left) % 60:02d} left" if message.left is not None else ""
        if message.total and message.done >= message.total:  # (the corpus-wide steps follow: seconds at 10,000 articles)
            self.progress = f"read {message.total:,} articles · naming entities, comparing claims… (Esc twice stops)"
        else:
            self.progress = f"analysing {message.done:,}/{message.total:,}{speed}{left} (Esc twice stops)"

    def on_analysis_stopped(self, message: AnalysisStopped) -> None:
        self.analysing = False
        self.progress = self.stopped = message.reason
        toast(self, message.reason, severity="warning")

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        self.result = message.result
        self.facts = facts = message.result.facts  # before `analysing` ends: the reader redraws once, with the highlights
        self.analysing = False
        a = message.result.analysis
        changes = str(message.result.changes or "")
        if message.result.unchanged:
            cached = " (stored analysis: nothing changed)"
        else:
            cached = " · ".join(p for p in (changes, f"{a.from_cache} from cache" if a.from_cache else "") if p)
            cached = f" ({cached})" if cached else ""
        if changes:  # (the status may be cut at a narrow width)
            toast(self, f"since the last run: {changes}")
        self.progress = (
            f"analysed {len(self.corpus.rows):,}{cached} · {len(facts.groups):,} comparisons, "
            f"{facts.verdict_counts.get('conflict', 0):,} conflicts"
        )
        memory.settle()
        self._files_said = False
        if self._files_timer is None and self.use_cache:
            self._files_timer = self.set_interval(FILES_CHECK_EVERY, self._check_files)

    # --- files changed on disk while the app runs ----------------------------------------------------
    def _check_files(self) -> None:
        """Look, now and then, whether the corpus on disk still is the one analysed: a child process walks it by stat
        (`corpus.inventory.start_early`) and the app compares its digest with the snapshot's; said once, F5 reads them."""
        result = self.result
        if self.analysing or self._files_said or result is None or result.snapshot is None:
            return
        digest = result.snapshot.meta.get("inventory")
        if digest is not None:
            self._files_check(tuple(result.corpus.roots), digest)

    @work(thread=True, exclusive=True, group="files", exit_on_error=False)
    def _files_check(self, roots: tuple[str, ...], digest: str) -> None:
        from corpus.inventory import start_early

        worker = get_current_worker()
        early = start_early(roots)
        now = early.signature(roots, cancelled=lambda: worker.is_cancelled) if early is not None else None
        if now is not None and now != digest and not worker.is_cancelled:
            self.post_message(FilesChanged())

    def on_files_changed(self, message: FilesChanged) -> None:
        if self.analysing or self._files_said:
            return
        self._files_said = True
        toast(self, "Files changed on disk since the analysis: F5 reads them", timeout=8)
        self.progress = f"{self.progress} · files changed: F5"

    def on_index_ready(self, message: IndexReady) -> None:
        self.index = message.index

    # --- starting and stopping -------------------------------------------------------------------
    def action_analyse(self) -> None:
        """Analyse again (after Esc, or when files changed): what is unchanged comes from the cache."""
        if self.analysing:
            toast(self, "The analysis is running.", timeout=2)
            return
        self.stopped = ""
        self.progress = "analysing again…"
        self.workers.cancel_group(self, "files")
        self._start()

    def action_stop_analysis(self) -> None:
        if self.analysing and self.worker is not None:
            self.worker.cancel()
            self.analysing = False
            self.progress = "stopping the analysis…"

    def cancel_work(self) -> None:
        """Stop the worker (on quit)."""
        if self.worker is not None and self.worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
            self.worker.cancel()
