"""Reading and analysing the corpus in a thread worker that only posts messages to the screen.

The first screenful of files was read before the first frame by the same `CorpusReader`; this goes on
from there, so no file is read twice. Kiwi and Polars load here, never on the first frame.
"""

from __future__ import annotations

import threading
from typing import Callable

from textual.message import Message
from textual.worker import get_current_worker

from .messages import AnalysisProgress, AnalysisReady, AnalysisStopped, CorpusLoaded


def load_and_analyse(post: Callable[[Message], object], reading, paths: list[str] | None, max_bytes: int,
                     use_cache: bool, painted: threading.Event) -> None:
    """Read the rest of the corpus, post it, analyse it and post the result (or why it stopped)."""
    worker = get_current_worker()
    # Importing Polars holds the GIL for a fifth of a second: let the first frame paint first.
    painted.wait(timeout=1.0)
    try:
        if reading is None:
            from corpus.reading import CorpusReader

            reading = CorpusReader(paths, max_bytes)
        corpus = reading.finish()
    except Exception as exc:  # one place for worker errors: shown, never fatal
        post(AnalysisStopped(f"could not read the corpus: {type(exc).__name__}: {exc}"))
        return
    post(CorpusLoaded(corpus))
    if worker.is_cancelled or corpus.articles.height == 0:
        return
    from corpus import pipeline
    from corpus.analysis import Cancelled

    try:
        result = pipeline.analyse_corpus(corpus, use_cache=use_cache,
                                         progress=lambda done, total: post(AnalysisProgress(done, total)),
                                         cancelled=lambda: worker.is_cancelled)
        result.facts  # what the panes show, computed here rather than on the UI thread
    except Cancelled:
        post(AnalysisStopped("analysis cancelled (plain text only)"))
        return
    except Exception as exc:
        post(AnalysisStopped(f"analysis failed: {type(exc).__name__}: {exc}"))
        return
    if not worker.is_cancelled:
        post(AnalysisReady(result))
