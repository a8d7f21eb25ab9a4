"""The corpus snapshot: an analysed corpus stored so that a warm start reads no article file.

After an analysis, what the app and the headless commands show of a corpus (the articles' metadata,
mentions, entities, claims, comparison groups and checks) is written as one set of Parquet files in a
folder of the cache named after the corpus (its roots and size limit). With them goes the corpus's
*inventory*: every file's path, size and modification time (and the content hash of every article),
the manifests' too, and the analyser's version. A start that finds the same inventory by `stat`
alone opens the snapshot instead of reading and analysing anything; bodies are read from the files
when an article is opened, and checked against their hash.

Each table is written atomically; `meta.json`, written last, names the inventory the tables belong
to, so a snapshot that was cut short, is corrupt, or belongs to another version is rebuilt, never
trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from .atomic import atomic_write
from .cache import ANALYSER_VERSION, cache_dir
from .inventory import Inventory

FORMAT = "10"  # 9: a file's time is the later of its modification and change times; 10: articles keep their labels
UNIT, RECORD = "\x1f", "\x1e"  # between a word's fields and between words in `words.bin` (cleaned text holds neither)
TABLES = (
    *("files", "articles", "problems", "mentions", "words", "word_blobs", "postings"),
    *("raw_claims", "entities", "claims", "groups", "checks"),
)
FILES = pl.Schema({"path": pl.String, "size": pl.Int64, "mtime_ns": pl.Int64, "role": pl.String, "reason": pl.String})


def inventory_frame(inventory: Inventory) -> pl.DataFrame:
    """The inventory as the snapshot stores it (one row per file, problem and manifest)."""
    return pl.DataFrame(inventory.rows(), schema=FILES, orient="row")


def folder_for(roots: Iterable[str], max_bytes: int) -> Path:
    """The snapshot folder of a corpus: one per set of roots and size limit."""
    ident = json.dumps([sorted(os.path.realpath(r) for r in roots), max_bytes])
    return cache_dir() / "snapshots" / hashlib.sha256(ident.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _read(path: Path, columns: list[str] | None = None) -> pl.DataFrame:
    with open(path, "rb") as fh:  # a handle, not a path string: Polars would read `[` in a path as a glob
        return pl.read_parquet(fh, columns=columns)


WORD_BLOBS = pl.Schema({"article_id": pl.Int64, "offset": pl.Int64, "length": pl.Int64})


def _word_blobs(folder: Path, words: pl.DataFrame) -> pl.DataFrame:
    """Write each article's words (form, start, end) as one compressed record of `words.bin`, and return where each is.

    The reader asks for one article's words at a time (where a search's hits are) while a query is typed: a read of a
    few kilobytes takes a tenth of a millisecond, a Parquet scan of the words table one to four."""
    blobs = (
        words.sort("article_id", maintain_order=True)
        .group_by("article_id", maintain_order=True)
        .agg(pl.concat_str(["form", pl.col("start").cast(pl.String), pl.col("end").cast(pl.String)], separator=UNIT).str.join(RECORD))
    )
    ids: list[int] = []
    offsets: list[int] = []
    lengths: list[int] = []

    def write(fh) -> None:
        at = 0
        for aid, text in zip(blobs["article_id"].to_list(), blobs["form"].to_list()):
            data = zlib.compress(f"{aid}{RECORD}{text}".encode(), 1)  # (its id first: a record is checked when read)
            fh.write(data)
            ids.append(aid)
            offsets.append(at)
            lengths.append(len(data))
            at += len(data)

    atomic_write(folder / "words.bin", write)
    return pl.DataFrame({"article_id": ids, "offset": offsets, "length": lengths}, schema=WORD_BLOBS)


def read_words(path: Path, article_id: int, offset: int, length: int) -> list[tuple[str, int, int]]:
    """One article's (form, start, end) words from `words.bin`; raises ValueError (or OSError, zlib.error) when the
    record there is damaged or another article's (a snapshot stored anew since the offsets were read)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        data = os.pread(fd, length, offset)
    finally:
        os.close(fd)
    inflate = zlib.decompressobj()
    text = inflate.decompress(data).decode("utf-8")
    if not inflate.eof or inflate.unused_data:
        raise ValueError("not one whole record")
    head, _, text = text.partition(RECORD)
    if head != str(article_id):
        raise ValueError("another article's record")
    out = []
    for record in text.split(RECORD) if text else ():
        form, start, end = record.split(UNIT)
        out.append((form, int(start), int(end)))
    return out


class Snapshot:
    """A stored analysed corpus."""

    def __init__(self, folder: Path, meta: dict) -> None:
        self.folder = folder
        self.meta = meta

    @classmethod
    def open(cls, folder: Path) -> Snapshot | None:
        """The snapshot in `folder`, or None when there is none of this analyser's version, or it is damaged."""
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("analyser") != ANALYSER_VERSION:
            return None
        if any(not (folder / f"{t}.parquet").is_file() for t in TABLES) or not (folder / "words.bin").is_file():
            return None
        return cls(folder, meta)

    def matches(self, inventory: Inventory) -> bool:
        """Does the corpus on disk look exactly as it did when this snapshot was made (by `stat` alone)?"""
        return self.matches_signature(inventory.signature())

    def matches_signature(self, signature: str | None) -> bool:
        """Was this snapshot made of an inventory with this digest (`Inventory.signature`)?"""
        return signature is not None and self.meta.get("inventory") == signature

    def table(self, name: str, columns: list[str] | None = None) -> pl.DataFrame:
        """One stored table (or some of its columns); raises if it is damaged."""
        return _read(self.folder / f"{name}.parquet", columns)

    def tables(self, wanted: dict[str, list[str] | None]) -> dict[str, pl.DataFrame]:
        """Several stored tables (name -> the columns wanted, None for all), read side by side in one call (a warm
        start's tables took twice as long one after another); raises if one is damaged."""
        scans = []
        for name, columns in wanted.items():
            scan = pl.scan_parquet(self.folder / f"{name}.parquet", glob=False)  # (no glob: a path may hold `[`)
            scans.append(scan.select(columns) if columns is not None else scan)
        return dict(zip(wanted, pl.collect_all(scans)))


def save(folder: Path, inventory: Inventory, tables: dict[str, pl.DataFrame]) -> None:
    """Store an analysed corpus; `meta.json` last, so an interrupted save leaves no snapshot to trust."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        (folder / "meta.json").unlink()
    except FileNotFoundError:
        pass
    files = inventory_frame(inventory)
    for name in TABLES:
        if name == "files":
            frame = files
        elif name == "word_blobs":
            frame = _word_blobs(folder, tables["words"])
        else:
            frame = tables[name]
        atomic_write(folder / f"{name}.parquet", frame.write_parquet)
    meta = {"format": FORMAT, "analyser": ANALYSER_VERSION, "roots": list(inventory.roots), "inventory": inventory.signature()}
    atomic_write(folder / "meta.json", lambda fh: fh.write(json.dumps(meta, ensure_ascii=False).encode("utf-8")))
