"""Reading a corpus: files and folders in, the `articles` and `problems` frames out.

This is the one place raw bytes become article text: decode, clean (NFC, controls removed), split
into structure, apply manifests. A bad file becomes a row in `problems`; it never stops the rest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Iterable

import polars as pl

from . import frames
from .cleaning import safe_label
from .manifest import Entry, read_manifest
from .reading import article_row
from .sources import DEFAULT_MAX_BYTES, Problem, Source, discover, manifests

from .reading import DEFAULT_CORPUS


@dataclass
class Corpus:
    """The parsed corpus: one row per readable article, one per problem."""

    articles: pl.DataFrame
    problems: pl.DataFrame
    roots: tuple[str, ...]

    @property
    def label(self) -> str:
        """A short name for the corpus, for headers."""
        if self.roots == (os.fspath(DEFAULT_CORPUS),):
            return "bundled articles"
        name = os.path.basename(os.path.normpath(self.roots[0])) or self.roots[0]
        if len(self.roots) == 1:
            return safe_label(name, 40)
        return f"{safe_label(name, 30)} and {len(self.roots) - 1} more"


def load_corpus(
    paths: Iterable[str | os.PathLike[str]] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int], None] | None = None,
) -> Corpus:
    """Read every article under `paths` (the default corpus when none are given)."""
    roots = tuple(os.fspath(p) for p in (paths or [DEFAULT_CORPUS]))
    manifest: dict[str, Entry] = {}
    problems: list[dict] = []
    for m in manifests(roots):
        entries, trouble = read_manifest(m)
        manifest.update(entries)
        if trouble:
            problems.append({"path": str(m), "reason": trouble})
    rows: list[dict] = []
    for item in discover(roots, max_bytes=max_bytes):
        if isinstance(item, Source):
            result = article_row(len(rows), item, manifest)
            item = result
        if isinstance(item, Problem):
            problems.append({"path": safe_label(item.path, 400), "reason": item.reason})
        else:
            rows.append(item)
        if progress:
            progress(len(rows) + len(problems))
    return Corpus(_articles_frame(rows), frames.from_rows(frames.PROBLEMS, problems), roots)


def _articles_frame(rows: list[dict]) -> pl.DataFrame:
    """The articles frame; the nested furniture column is built flat and aggregated (much faster)."""
    if not rows:
        return pl.DataFrame(schema=frames.ARTICLES)
    flat = {"id": [], "line": [], "text": [], "reason": []}
    for row in rows:
        for f in row.pop("furniture"):
            flat["id"].append(row["id"])
            flat["line"].append(f["line"])
            flat["text"].append(f["text"])
            flat["reason"].append(f["reason"])
        row["furniture"] = []
    base_schema = pl.Schema({k: v for k, v in frames.ARTICLES.items() if k != "furniture"})
    base = frames.build(base_schema, {k: [r[k] for r in rows] for k in base_schema})
    furniture = (pl.DataFrame(flat, schema={"id": pl.Int64, "line": pl.Int32, "text": pl.String, "reason": pl.String})
                 .group_by("id", maintain_order=True)
                 .agg(pl.struct("line", "text", "reason").alias("furniture")))
    frame = (base.join(furniture, on="id", how="left")
             .with_columns(pl.col("furniture").fill_null(pl.lit([], dtype=frames.ARTICLES["furniture"])))
             .select(list(frames.ARTICLES)))
    return frame.cast(dict(frames.ARTICLES))

