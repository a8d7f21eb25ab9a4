"""The analysis cache: one Parquet file per article, keyed by its content and the analyser's version.

Entries live under the user's cache folder (XDG). They are written atomically (temp file in the same
folder, then `os.replace`); a corrupt, truncated or stale entry is ignored and rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import polars as pl

ANALYSER_VERSION = "2026.11.23-1"


def cache_dir() -> Path:
    """The folder holding Gisa's cache."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gisa" / "analysis"


def entry_key(body: str) -> str:
    """The cache key of an article body under this analyser version."""
    return hashlib.sha256((ANALYSER_VERSION + "\0" + body).encode("utf-8")).hexdigest()


def _path(key: str, part: str) -> Path:
    return cache_dir() / key[:2] / f"{key}.{part}.parquet"


def load(key: str, part: str, schema: pl.Schema) -> pl.DataFrame | None:
    """A cached frame, or None when it is missing, unreadable or of another shape."""
    path = _path(key, part)
    try:
        frame = pl.read_parquet(path)
    except FileNotFoundError:
        return None
    except Exception:
        _discard(path)
        return None
    if frame.schema != schema:
        _discard(path)
        return None
    return frame


def store(key: str, part: str, frame: pl.DataFrame) -> None:
    """Write a frame atomically; a cache that cannot be written is skipped silently."""
    path = _path(key, part)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".parquet", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                frame.write_parquet(fh)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    except OSError:
        pass


def _discard(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
