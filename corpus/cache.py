"""The analysis cache: Kiwi's results per article, keyed by content and analyser version, in packs.

Each run that analyses new articles writes one *pack*: a pair of Parquet files (mentions, claims)
with a `key` column. Reading a corpus reads every pack once (thousands of small files would cost a
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

ANALYSER_VERSION = "2026.11.30-3"  # bump whenever mentions, numbers or claims change
MAX_PACKS = 8
MARKER = "•"  # one mentions row of this kind per article, so an article with no mentions is still cached


def cache_dir() -> Path:
    """The folder holding this analyser version's cache (XDG_CACHE_HOME on Linux, via platformdirs)."""
    return Path(user_cache_dir("gisa", appauthor=False)) / "analysis" / ANALYSER_VERSION


def entry_key(body: str) -> str:
    """The cache key of an article body under this analyser version."""
    return hashlib.sha256((ANALYSER_VERSION + "\0" + body).encode("utf-8")).hexdigest()


def _with_key(schema: pl.Schema) -> pl.Schema:
    return pl.Schema({"key": pl.String, **schema})


def _packs() -> list[str]:
    try:
        names = os.listdir(cache_dir())
    except OSError:
        return []
    return sorted(n[: -len(".claims.parquet")] for n in names if n.endswith(".claims.parquet") and not n.startswith("."))


def _discard(stem: str) -> None:
    for part in ("mentions", "claims"):
        try:
            (cache_dir() / f"{stem}.{part}.parquet").unlink()
        except OSError:
            pass


def load(keys: set[str], mention_schema: pl.Schema, claim_schema: pl.Schema) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cached mentions and claims (with their `key`) of the wanted keys, from every valid pack."""
    wanted = pl.DataFrame({"key": sorted(keys)}, schema={"key": pl.String})
    ms, cs = [], []
    seen = pl.DataFrame(schema={"key": pl.String})
    for stem in _packs():
        try:
            m = pl.read_parquet(cache_dir() / f"{stem}.mentions.parquet")
            c = pl.read_parquet(cache_dir() / f"{stem}.claims.parquet")
        except Exception:
            _discard(stem)
            continue
        if m.schema != _with_key(mention_schema) or c.schema != _with_key(claim_schema):
            _discard(stem)
            continue
        markers = m.filter(pl.col("kind") == MARKER)
        packed = markers.select("key").unique().join(wanted, on="key", how="semi")
        packed = packed.join(seen, on="key", how="anti")  # a key already read from another pack
        ms.append(m.join(packed, on="key", how="semi"))
        cs.append(c.join(packed, on="key", how="semi"))
        seen = pl.concat([seen, packed])
    if not ms:
        return pl.DataFrame(schema=_with_key(mention_schema)), pl.DataFrame(schema=_with_key(claim_schema))
    return pl.concat(ms), pl.concat(cs)


def split_markers(mentions: pl.DataFrame) -> tuple[set[str], pl.DataFrame]:
    """The keys a loaded cache holds, and its mentions without the marker rows."""
    return set(mentions.filter(pl.col("kind") == MARKER)["key"].to_list()), mentions.filter(pl.col("kind") != MARKER)


def store(results: dict[str, tuple[pl.DataFrame, pl.DataFrame]], mention_schema: pl.Schema, claim_schema: pl.Schema) -> None:
    """Write one pack for these results; a cache that cannot be written is skipped silently."""
    if not results:
        return
    markers = pl.DataFrame({"key": list(results), "start": -1, "end": -1, "kind": MARKER, "text": ""})
    m = pl.concat([frame.with_columns(pl.lit(k).alias("key")) for k, (frame, _) in results.items()]
                  + [markers], how="diagonal_relaxed")
    c = pl.concat([frame.with_columns(pl.lit(k).alias("key")) for k, (_, frame) in results.items()], how="vertical")
    m = m.select(list(_with_key(mention_schema))).cast(dict(_with_key(mention_schema)))
    c = c.select(list(_with_key(claim_schema))).cast(dict(_with_key(claim_schema)))
    _write_pack(m, c)
    if len(_packs()) > MAX_PACKS:
        _compact(mention_schema, claim_schema)


def _write_pack(m: pl.DataFrame, c: pl.DataFrame) -> None:
    folder = cache_dir()
    stem = f"pack-{uuid.uuid4().hex}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for part, frame in (("mentions", m), ("claims", c)):  # claims last: it marks the pack complete
            atomic_write(folder / f"{stem}.{part}.parquet", frame.write_parquet)
    except OSError:
        _discard(stem)


def _compact(mention_schema: pl.Schema, claim_schema: pl.Schema) -> None:
    stems = _packs()
    ms, cs = [], []
    for stem in stems:
        try:
            ms.append(pl.read_parquet(cache_dir() / f"{stem}.mentions.parquet"))
            cs.append(pl.read_parquet(cache_dir() / f"{stem}.claims.parquet"))
        except Exception:
            _discard(stem)
            return
    m = pl.concat(ms, how="vertical")
    c = pl.concat(cs, how="vertical")
    _write_pack(m.unique(maintain_order=True), c.unique(maintain_order=True))
    for stem in stems:
        _discard(stem)
