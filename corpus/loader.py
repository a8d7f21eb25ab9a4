"""Reading a corpus: files and folders in, the `articles` and `problems` frames out.

This is the one place raw bytes become article text: decode, clean (NFC, controls removed), split
into structure, apply manifests. A bad file becomes a row in `problems`; it never stops the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import polars as pl

from . import frames
from .cleaning import clean, safe_label
from .decoding import BinaryFile, decode
from .manifest import Entry, read_manifest
from .sources import DEFAULT_MAX_BYTES, Problem, Source, discover, manifests
from .structure import parse

DEFAULT_CORPUS = Path(__file__).parent / "articles"


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


def _row(index: int, source: Source, manifest: dict[str, Entry]) -> dict | Problem:
    try:
        decoded = decode(source.data)
    except BinaryFile as exc:
        return Problem(source.path, f"skipped: {exc}")
    text = clean(decoded.text)
    if not source.data:
        return Problem(source.path, "skipped: empty file")
    if not text.strip():
        return Problem(source.path, "skipped: no text (whitespace or control characters only)")
    parsed = parse(text)
    entry = manifest.get(os.path.realpath(source.path))
    date = parsed.published.date() if parsed.published else None
    time = parsed.published.strftime("%H:%M") if parsed.published and parsed.has_time else None
    date_from = "text" if date else None
    title, title_from = parsed.title, parsed.title_from
    publisher, url = parsed.publisher, None
    if entry:
        if entry.date and not date:
            date, date_from = entry.date, "manifest"
        if entry.title:
            title, title_from = entry.title, "manifest"
        publisher = publisher or entry.publisher
        url = entry.url
    return {
        "id": index,
        "path": source.path,
        "name": safe_label(os.path.basename(source.path), 120),
        "title": safe_label(title, 300),
        "title_from": title_from,
        "publisher": publisher,
        "byline": parsed.byline,
        "date": date,
        "time": time,
        "date_from": date_from,
        "url": url,
        "body": parsed.body,
        "text": text,
        "furniture": [{"line": f.line, "text": f.text, "reason": f.reason} for f in parsed.furniture],
        "image_credits": parsed.image_credits,
        "encoding": decoded.encoding,
        "repaired": decoded.repaired,
        "n_chars": len(parsed.body),
        "n_bytes": len(source.data),
        "sha256": hashlib.sha256(source.data).hexdigest(),
    }


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
            result = _row(len(rows), item, manifest)
            item = result
        if isinstance(item, Problem):
            problems.append({"path": safe_label(item.path, 400), "reason": item.reason})
        else:
            rows.append(item)
        if progress:
            progress(len(rows) + len(problems))
    return Corpus(frames.from_rows(frames.ARTICLES, rows), frames.from_rows(frames.PROBLEMS, problems), roots)


def today() -> dt.date:
    """The current date (a seam for tests)."""
    return dt.date.today()
