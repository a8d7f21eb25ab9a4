"""Messages shared between the loading worker and the panes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the heavy modules load in the worker, after the first frame
    from corpus.loader import Corpus
    from corpus.pipeline import Result


class CorpusLoaded(Message):
    """The files are read: titles and plain bodies can be shown."""

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus


class AnalysisProgress(Message):
    """n of N articles analysed, at a rate (articles a second), with the time left if it is known."""

    def __init__(self, done: int, total: int, rate: float = 0.0, left: float | None = None) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.rate = rate
        self.left = left

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, AnalysisProgress)


class AnalysisReady(Message):
    """Highlights, entities, claims and comparisons are ready."""

    def __init__(self, result: Result) -> None:
        super().__init__()
        self.result = result


class AnalysisStopped(Message):
    """The analysis was cancelled or failed; the plain text stays usable."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class JumpTo(Message):
    """Show an article, optionally scrolled to and emphasising a span of its body."""

    def __init__(
        self, article_id: int, start: int | None = None, end: int | None = None, focus_reader: bool = True, top: bool = False
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.start = start
        self.end = end
        self.focus_reader = focus_reader
        self.top = top  # scrolled to its top, where its title is, even if it is the article shown


class IndexReady(Message):
    """The search index is built: the list filter and the concordance search words, not just titles."""

    def __init__(self, index) -> None:
        super().__init__()
        self.index = index


class FilesChanged(Message):
    """The corpus on disk is no longer the one analysed (files came, changed or went since)."""


class PhrasesRead(Message):
    """The bodies a query's phrases needed are read (`corpus.search.SearchIndex.read_phrases`), or could not be."""

    def __init__(self, index, phrases: tuple[str, ...], failed: str = "") -> None:
        super().__init__()
        self.index = index  # the search index they were read with
        self.phrases = phrases
        self.failed = failed  # why they could not be read ("" when they were)


class HitsCounted(Message):
    """A search's hits, counted article by article as the concordance lists them (`corpus.search.counted`)."""

    def __init__(self, found, counted) -> None:
        super().__init__()
        self.found = found  # the search's own result, as the list filter holds it
        self.counted = counted  # the same with each article's hits counted
