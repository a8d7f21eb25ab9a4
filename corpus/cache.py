"""The analysis cache: Kiwi's results per article, keyed by content and analyser version, in packs.

Each run that analyses new articles writes one *pack*: a Parquet file per part (mentions, words,
claims) with a `key` column. Reading a corpus reads every pack once (thousands of small files would cost a
millisecond each). Packs are written atomically (temp file in the same folder, then `os.replace`;
the claims file last, so a pack without it is incomplete); a corrupt, truncated or foreign pack is
deleted and its articles are analysed again, never trusted. Many packs are compacted into one.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

import polars as pl
from platformdirs import user_cache_dir

from .atomic import atomic_write

ANALYSER_VERSION = "2026.12.01-3"  # bump whenever mentions, numbers or claims change
MAX_PACKS = 8
MARKER = "•"  # one mentions row of this kind per article, so an article with no mentions is still cached


def cache_dir() -> Path:
    """The folder holding this analyser version's cache (XDG_CACHE_HOME on Linux, via platformdirs)."""
    return Path(user_cache_dir("gisa", appauthor=False)) / "analysis" / ANALYSER_VERSION


def entry_key(body: str) -> str:
    """The cache key of an article body under this analyser version."""
    return hashlib.sha256((ANALYSER_VERSION + "\0" + body).encode("utf-8")).hexdigest()


PARTS = ("mentions", "words", "claims")  # one Parquet file each per pack; claims last: it marks the pack complete


def _with_key(schema: pl.Schema) -> pl.Schema:
    return pl.Schema({"key": pl.String, **schema})


def _read(path: Path) -> pl.DataFrame:
    with open(path, "rb") as fh:  # a handle, not a path string: Polars would read `[` in a path as a glob
        return pl.read_parquet(fh)


def _packs() -> list[str]:
    try:
        names = os.listdir(cache_dir())
    except OSError:
        return []
    return sorted(n[: -len(".claims.parquet")] for n in names if n.endswith(".claims.parquet") and not n.startswith("."))


def _discard(stem: str) -> None:
    for part in PARTS:
        try:
            (cache_dir() / f"{stem}.{part}.parquet").unlink()
        except OSError:
            pass


def load(keys: set[str], schemas: dict[str, pl.Schema]) -> dict[str, pl.DataFrame]:
    """Every part (mentions, words, claims, with their `key`) of the wanted keys, from every valid pack."""
    wanted = pl.DataFrame({"key": sorted(keys)}, schema={"key": pl.String})
    found: dict[str, list[pl.DataFrame]] = {part: [] for part in PARTS}
    seen = pl.DataFrame(schema={"key": pl.String})
    for stem in _packs():
        try:
            pack = {part: _read(cache_dir() / f"{stem}.{part}.parquet") for part in PARTS}
        except Exception:
            _discard(stem)
            continue
        if any(pack[part].schema != _with_key(schemas[part]) for part in PARTS):
            _discard(stem)
            continue
        markers = pack["mentions"].filter(pl.col("kind") == MARKER)
        packed = markers.select("key").unique().join(wanted, on="key", how="semi")
        packed = packed.join(seen, on="key", how="anti")  # a key already read from another pack
        for part in PARTS:
            found[part].append(pack[part].join(packed, on="key", how="semi"))
        seen = pl.concat([seen, packed])
    return {part: pl.concat(frames) if frames else pl.DataFrame(schema=_with_key(schemas[part])) for part, frames in found.items()}


def split_markers(mentions: pl.DataFrame) -> tuple[set[str], pl.DataFrame]:
    """The keys a loaded cache holds, and its mentions without the marker rows."""
    return set(mentions.filter(pl.col("kind") == MARKER)["key"].to_list()), mentions.filter(pl.col("kind") != MARKER)


def store(batches: list[tuple[list[str], dict[str, pl.DataFrame]]]) -> None:
    """Write one pack for analysed batches (keys, and each part with a `key` column); a cache that cannot be
    written is skipped silently."""
    if not batches:
        return
    keys = [k for batch_keys, _ in batches for k in batch_keys]
    parts = {part: pl.concat([frames[part] for _, frames in batches]) for part in PARTS}
    m = parts["mentions"]
    markers = pl.DataFrame({"key": keys, "start": -1, "end": -1, "kind": MARKER, "text": ""})
    parts["mentions"] = pl.concat([m, markers], how="diagonal_relaxed").select(m.columns).cast(dict(m.schema))
    _write_pack(parts)
    if len(_packs()) > MAX_PACKS:
        _compact()


def _write_pack(parts: dict[str, pl.DataFrame]) -> None:
    folder = cache_dir()
    stem = f"pack-{uuid.uuid4().hex}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for part in PARTS:
            atomic_write(folder / f"{stem}.{part}.parquet", parts[part].write_parquet)
    except OSError:
        _discard(stem)


def _compact() -> None:
    stems = _packs()
    found: dict[str, list[pl.DataFrame]] = {part: [] for part in PARTS}
    for stem in stems:
        try:
            for part in PARTS:
                found[part].append(_read(cache_dir() / f"{stem}.{part}.parquet"))
        except Exception:
            _discard(stem)
            return
    _write_pack({part: pl.concat(frames, how="vertical").unique(maintain_order=True) for part, frames in found.items()})
    for stem in stems:
        _discard(stem)
