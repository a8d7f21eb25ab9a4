"""A read corpus: the `articles` and `problems` frames, the list rows, and lookups by article id.

`load_corpus` reads files and folders in one pass (`corpus.reading.CorpusReader`); a bad file becomes
a row in `problems` and never stops the rest.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

import polars as pl

from . import frames
from .preview import ArticleRow, corpus_label
from .reading import CorpusReader, reread_body
from .sources import DEFAULT_MAX_BYTES, stamp_of


class Corpus:
    """The parsed corpus: one row per readable article, one per problem."""

    complete = True

    def __init__(
        self,
        articles: pl.DataFrame,
        problems: pl.DataFrame,
        roots: tuple[str, ...],
        rows: list[ArticleRow] | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.articles = articles  # from a snapshot, without bodies: they are read when an article is opened
        self.problems = problems
        self.roots = roots
        self.max_bytes = max_bytes
        if rows is None:
            rows = ArticleRow.many(*(articles[c].to_list() for c in ("id", "title", "publisher", "date", "name")))
        self.rows = rows
        self._index = {aid: i for i, aid in enumerate(articles["id"].to_list())}
        self._bodies = _Bodies()

    @property
    def label(self) -> str:
        """A short name for the corpus, for headers."""
        return corpus_label(self.roots)

    @property
    def problem_count(self) -> int:
        return self.problems.height

    def problem_rows(self, limit: int) -> list[tuple[str, str]]:
        """(path, reason) of the first `limit` files that could not be read."""
        return list(self.problems.head(limit).select("path", "reason").iter_rows())

    def article(self, article_id: int) -> dict | None:
        """Every field of one article (its body included), or None. A body not held is read from the file;
        `stale` says the file changed since it was analysed (its highlights would not fit)."""
        index = self._index.get(article_id)
        if index is None:
            return None
        row = self.articles.row(index, named=True)
        if "body" not in row:
            row["body"], same = self._bodies.body(article_id, row["path"], row["sha256"], self.max_bytes)
            row["stale"] = not same
        return row

    def cheap(self, article_id: int, limit: int) -> bool:
        """Whether the article's body is held, or its file is at most `limit` bytes: what can be read ahead of need
        without holding up a keystroke."""
        index = self._index.get(article_id)
        if index is None:
            return False
        if "body" in self.articles.columns:
            return True
        path = self.articles["path"][index]
        if self._bodies.holds(article_id, path):
            return True
        try:
            return os.stat(path).st_size <= limit
        except OSError:
            return False

    def keep_bodies(self, articles: list[dict]) -> None:
        """Hold the bodies of articles already read (the first frame's, as `corpus.reading.article_row` made them)
        that are what was analysed, so that opening one does not read its file again."""
        if "body" in self.articles.columns:
            return
        sha = dict(zip(self.articles["id"].to_list(), self.articles["sha256"].to_list()))
        kept = [a for a in articles if a["id"] in sha and sha[a["id"]] == a["sha256"]]
        self._bodies.size = max(self._bodies.size, len(kept))
        for a in kept:
            self._bodies.keep(a["id"], self.articles["path"][self._index[a["id"]]], a["body"])


class _Bodies:
    """The bodies last read from their files, by article id and the file's identity when read: every pane that
    follows the current article asks for it, and it is read once; a file edited since is read again."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._held: OrderedDict[int, tuple[tuple[int, ...], str, bool]] = OrderedDict()
        self._lock = threading.Lock()  # (the concordance reads bodies in a thread)

    def body(self, article_id: int, path: str, sha256: str, max_bytes: int) -> tuple[str, bool]:
        identity = _identity(path)
        with self._lock:
            held = self._held.get(article_id)
            if held is not None and identity is not None and held[0] == identity:
                self._held.move_to_end(article_id)
                return held[1], held[2]
        body, same = reread_body(path, sha256, max_bytes)
        if identity is not None:  # (taken before the read: a file changed meanwhile is read again next time)
            self._put(article_id, (identity, body, same))
        return body, same

    def holds(self, article_id: int, path: str) -> bool:
        with self._lock:
            held = self._held.get(article_id)
        return held is not None and held[0] == _identity(path)

    def keep(self, article_id: int, path: str, body: str) -> None:
        identity = _identity(path)
        if identity is not None:
            self._put(article_id, (identity, body, True))

    def _put(self, article_id: int, entry: tuple[tuple[int, ...], str, bool]) -> None:
        with self._lock:
            self._held[article_id] = entry
            self._held.move_to_end(article_id)
            while len(self._held) > self.size:
                self._held.popitem(last=False)


def _identity(path: str) -> tuple[int, ...] | None:
    """What tells a file's version apart without reading it; None when it cannot be looked at."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return stamp_of(st)


def load_corpus(
    paths: Iterable[str | os.PathLike[str]] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int], None] | None = None,
) -> Corpus:
    """Read every article under `paths` (the default corpus when none are given)."""
    return CorpusReader(paths, max_bytes).finish(progress)


def build_corpus(articles: list[dict], problems: list[dict], roots: tuple[str, ...]) -> Corpus:
    """The Corpus of article rows (as `corpus.reading.article_row` makes them) and problem rows."""
    rows = [ArticleRow.of(a) for a in articles]
    return Corpus(_articles_frame(articles), frames.from_rows(frames.PROBLEMS, problems), roots, rows)


def _articles_frame(rows: list[dict]) -> pl.DataFrame:
    """The articles frame; the nested furniture column is built flat and aggregated (much faster)."""
    if not rows:
        return pl.DataFrame(schema=frames.ARTICLES)
    flat: dict[str, list] = {"id": [], "line": [], "text": [], "reason": []}
    for row in rows:
        for f in row["furniture"]:
            flat["id"].append(row["id"])
            flat["line"].append(f["line"])
            flat["text"].append(f["text"])
            flat["reason"].append(f["reason"])
    base_schema = pl.Schema({k: v for k, v in frames.ARTICLES.items() if k != "furniture"})
    base = frames.build(base_schema, {k: [r[k] for r in rows] for k in base_schema})
    furniture = (
        pl.DataFrame(flat, schema={"id": pl.Int64, "line": pl.Int32, "text": pl.String, "reason": pl.String})
        .group_by("id", maintain_order=True)
        .agg(pl.struct("line", "text", "reason").alias("furniture"))
    )
    frame = (
        base.join(furniture, on="id", how="left")
        .with_columns(pl.col("furniture").fill_null(pl.lit([], dtype=frames.ARTICLES["furniture"])))
        .select(list(frames.ARTICLES))
    )
    return frame.cast(dict(frames.ARTICLES))
