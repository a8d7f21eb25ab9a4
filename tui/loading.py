"""Reading and analysing the corpus in a thread worker that only posts messages to the screen.

The first screenful of files was read before the first frame by the same `CorpusReader`; the
pipeline goes on from there (no file is read twice), or opens the corpus's snapshot when nothing
changed. Kiwi runs in worker processes (`corpus.workers`), never in this one: the screen stays live.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from textual.message import Message
from textual.worker import get_current_worker

from .messages import AnalysisProgress, AnalysisReady, AnalysisStopped, CorpusLoaded, IndexReady


def load_and_analyse(
    post: Callable[[Message], object],
    reading,
    paths: list[str] | None,
    max_bytes: int,
    use_cache: bool,
    jobs: int,
    painted: threading.Event,
    shown: list[dict] | None = None,
    first: bool = False,
) -> None:
    """Read the rest of the corpus, post it, analyse it and post the result (or why it stopped)."""
    worker = get_current_worker()
    # Importing Polars holds the GIL for a fifth of a second: let the first frame paint first.
    painted.wait(timeout=1.0)
    early = None
    if first and use_cache:  # a warm start's walk, in a process of its own while Polars is imported (`corpus.inventory`)
        from corpus.inventory import start_early
        from corpus.preview import DEFAULT_CORPUS

        early = start_early(paths or [DEFAULT_CORPUS])
    from corpus import pipeline
    from corpus.workers import Cancelled, Rate

    rate = Rate()

    def progress(done: int, total: int) -> None:
        post(AnalysisProgress(done, total, *rate(done, total)))

    try:
        result = pipeline.run(
            paths,
            max_bytes,
            use_cache=use_cache,
            progress=progress,
            jobs=jobs,
            cancelled=lambda: worker.is_cancelled,
            reading=reading,
            shown=shown,
            early=early,
            on_corpus=lambda corpus: post(CorpusLoaded(corpus)),
            lite=True,
        )
        try:
            if result.corpus.articles.height:
                result.facts  # noqa: B018  (what the panes show, computed here rather than on the UI thread)
        finally:
            if result.unchanged:  # (the corpus and its analysis, shown in one frame: its list drawn once, not twice)
                post(CorpusLoaded(result.corpus))
    except Cancelled:
        post(AnalysisStopped("analysis stopped (plain text only; F5 analyses again)"))
        return
    except Exception as exc:  # one place for worker errors: shown, never fatal
        post(AnalysisStopped(f"analysis failed: {type(exc).__name__}: {exc}"))
        return
    if worker.is_cancelled:  # (Esc after the analysis proper: the rest ran to its end, and is dropped)
        post(AnalysisStopped("analysis stopped (plain text only; F5 analyses again)"))
        return
    if not result.corpus.articles.height:
        return
    post(AnalysisReady(result))
    from corpus import search

    try:
        index = search.build(result)
    except Exception as exc:  # the list filter falls back to titles; everything else works
        post(AnalysisStopped(f"search index not built: {type(exc).__name__}: {exc}"))
        return
    if not worker.is_cancelled:
        post(IndexReady(index))
