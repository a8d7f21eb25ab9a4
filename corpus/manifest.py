"""The optional per-folder manifest: what the article files do not say about themselves.

A `manifest.tsv` (or `manifest.csv`) beside the articles has the columns `file`, `date`, `publisher`,
`url` and `title`; every column but `file` may be empty. It is read with Polars, all columns as text.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .cleaning import safe_label

MANIFEST_COLUMNS = ("file", "date", "publisher", "url", "title")


@dataclass(frozen=True)
class Entry:
    """Manifest facts about one file."""

    date: dt.date | None
    publisher: str | None
    url: str | None
    title: str | None


def read_manifest(path: Path) -> tuple[dict[str, Entry], str | None]:
    """Entries keyed by the real path of each file, and a problem description if the file is bad."""
    import polars as pl  # here, not at import: reading articles for the first frame must not wait for Polars

    separator = "\t" if path.suffix == ".tsv" else ","
    try:
        frame = pl.read_csv(path, separator=separator, schema_overrides={c: pl.String for c in MANIFEST_COLUMNS},
                            infer_schema=False,
                            comment_prefix="#", truncate_ragged_lines=True, encoding="utf8-lossy")
    except Exception as exc:  # a broken manifest must not stop the corpus from loading
        return {}, f"manifest not read: {type(exc).__name__}"
    if "file" not in frame.columns:
        return {}, "manifest not read: it has no 'file' column"
    entries: dict[str, Entry] = {}
    for row in frame.iter_rows(named=True):
        name = (row.get("file") or "").strip()
        if not name:
            continue
        date = None
        raw = (row.get("date") or "").strip()
        if raw:
            try:
                date = dt.date.fromisoformat(raw[:10])
            except ValueError:
                date = None

        def text(key: str) -> str | None:
            value = (row.get(key) or "").strip()
            return safe_label(value) if value else None

        entries[os.path.realpath(path.parent / name)] = Entry(date, text("publisher"), text("url"), text("title"))
    return entries, None
