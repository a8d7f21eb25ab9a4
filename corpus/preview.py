"""What the first frame shows of a corpus before it is complete: its rows, its problems, its name.

Light on purpose (no decoding, structure or Polars): the app builds a `Preview` before its first frame,
from the files read so far (`corpus.reading`) or from the first screenful kept in the cache
(`corpus.screenful`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .cleaning import safe_label

DEFAULT_CORPUS = Path(__file__).parent / "articles"


@dataclass(slots=True)
class ArticleRow:
    """What the article list shows of one article (not its body), built once when the file is read."""

    id: int
    title: str
    publisher: str
    date: dt.date | None
    name: str
    search: str  # title, publisher and file name, lower-cased, for the list filter

    @classmethod
    def many(cls, ids: list, titles: list, publishers: list, dates: list, names: list) -> list[ArticleRow]:
        """Rows from columns (a snapshot's ten thousand articles in a few milliseconds)."""
        return [cls(i, t, p or "", d, n, " ".join((t, p or "", n)).lower()) for i, t, p, d, n in zip(ids, titles, publishers, dates, names)]

    @classmethod
    def of(cls, article: dict) -> ArticleRow:
        publisher = article["publisher"] or ""
        search = " ".join((article["title"], publisher, article["name"])).lower()
        return cls(article["id"], article["title"], publisher, article["date"], article["name"], search)


def corpus_label(roots: tuple[str, ...]) -> str:
    """A short name for a corpus, for headers."""
    if roots == (os.fspath(DEFAULT_CORPUS),):
        return "bundled articles"
    name = os.path.basename(os.path.normpath(roots[0])) or roots[0]
    if len(roots) == 1:
        return safe_label(name, 40)
    return f"{safe_label(name, 30)} and {len(roots) - 1} more"


class Preview:
    """The articles read so far, before the corpus is complete: what the first frame shows."""

    def __init__(self, articles: list[dict], problems: list[dict], roots: tuple[str, ...], more: bool = True) -> None:
        self.rows = [ArticleRow.of(a) for a in articles]
        self._by_id = {a["id"]: a for a in articles}
        self._problems = list(problems)
        self.problem_count = len(problems)
        self.label = corpus_label(roots)
        self.complete = False
        self.more = more  # more files may follow (the counts shown say "30+")

    def problem_rows(self, limit: int) -> list[tuple[str, str]]:
        return [(p["path"], p["reason"]) for p in self._problems[:limit]]

    def article(self, article_id: int) -> dict | None:
        return self._by_id.get(article_id)

    def cheap(self, article_id: int, limit: int) -> bool:
        """Whether the article can be read ahead of need: a preview holds every body it has."""
        return article_id in self._by_id
