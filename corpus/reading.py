"""Reading article files into plain rows, without Polars: what the first frame needs, and no more.

`article_row` turns one file's bytes into the fields of an article (decode, clean, structure, manifest);
`first_titles` reads the first files of a corpus quickly so titles can be drawn before anything heavy
is imported. `corpus.loader` builds the Polars frames from the same rows.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Iterable

from .cleaning import clean, safe_label
from .decoding import BinaryFile, decode
from .manifest import Entry
from .sources import DEFAULT_MAX_BYTES, Problem, Source, discover
from .structure import parse

DEFAULT_CORPUS = Path(__file__).parent / "articles"

_real_dirs: dict[str, str] = {}


def _real(path: str) -> str:
    """realpath, resolving each folder once (a corpus has many files per folder)."""
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(os.path.abspath(path))
    real = _real_dirs.get(folder)
    if real is None:
        real = _real_dirs[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def article_row(index: int, source: Source, manifest: dict[str, Entry]) -> dict | Problem:
    """The fields of one article, or the Problem that stops it from being one."""
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
    entry = manifest.get(_real(source.path))
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



def first_titles(paths: Iterable[str | os.PathLike[str]] | None, max_bytes: int = DEFAULT_MAX_BYTES,
                 limit: int = 300, budget: float | None = None) -> tuple[list[dict], int]:
    """The first `limit` articles (no manifest applied) and how many files were skipped among them,
    stopping early once `budget` seconds have gone (slow disks must not hold up the first frame)."""
    rows: list[dict] = []
    skipped = 0
    deadline = time.monotonic() + budget if budget is not None else None
    for item in discover([os.fspath(p) for p in (paths or [DEFAULT_CORPUS])], max_bytes=max_bytes):
        if isinstance(item, Source):
            item = article_row(len(rows), item, {})
        if isinstance(item, Problem):
            skipped += 1
        else:
            rows.append(item)
        if len(rows) + skipped >= limit or (deadline is not None and time.monotonic() > deadline):
            break
    return rows, skipped
