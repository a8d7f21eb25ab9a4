"""A read corpus: the `articles` and `problems` frames, the list rows, and lookups by article id.

`load_corpus` reads files and folders in one pass (`corpus.reading.CorpusReader`); a bad file becomes
a row in `problems` and never stops the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

import polars as pl

from . import frames
from .reading import ArticleRow, CorpusReader, corpus_label, reread_body
from .sources import DEFAULT_MAX_BYTES


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
            row["body"], same = reread_body(row["path"], row["sha256"], self.max_bytes)
            row["stale"] = not same
        return row


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
