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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .atomic import atomic_write
from .cache import ANALYSER_VERSION, cache_dir
from .sources import Candidate, Problem, locate, manifests, path_text

FORMAT = "6"
TABLES = ("files", "articles", "problems", "mentions", "words", "postings", "raw_claims", "entities", "claims", "groups", "checks")
FILES = pl.Schema({"path": pl.String, "size": pl.Int64, "mtime_ns": pl.Int64, "role": pl.String, "reason": pl.String})


@dataclass
class Inventory:
    """A corpus by `stat` alone: its article files, the problems found without reading, its manifests."""

    roots: tuple[str, ...]
    candidates: list[Candidate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    manifests: list[tuple[str, int, int]] = field(default_factory=list)

    def frame(self) -> pl.DataFrame:
        """The inventory as the snapshot stores it (one row per file, problem and manifest)."""
        c, p, m = self.candidates, self.problems, self.manifests
        return pl.DataFrame(
            {
                "path": [path_text(x) for x in [*(x.path for x in c), *(x.path for x in p), *(x[0] for x in m)]],
                "size": [x.size for x in c] + [-1] * len(p) + [x[1] for x in m],
                "mtime_ns": [x.mtime_ns for x in c] + [-1] * len(p) + [x[2] for x in m],
                "role": ["article"] * len(c) + ["problem"] * len(p) + ["manifest"] * len(m),
                "reason": [None] * len(c) + [x.reason for x in p] + [None] * len(m),
            },
            schema=FILES,
        )


def take_inventory(roots: Iterable[str]) -> Inventory:
    """Walk the corpus and `stat` every file; nothing is read."""
    roots = tuple(roots)
    inventory = Inventory(roots)
    for item in locate(roots):
        (inventory.problems if isinstance(item, Problem) else inventory.candidates).append(item)
    for m in manifests(roots):
        try:
            st = os.stat(m)
        except OSError:
            continue
        inventory.manifests.append((os.fspath(m), st.st_size, st.st_mtime_ns))
    return inventory


def folder_for(roots: Iterable[str], max_bytes: int) -> Path:
    """The snapshot folder of a corpus: one per set of roots and size limit."""
    ident = json.dumps([sorted(os.path.realpath(r) for r in roots), max_bytes])
    return cache_dir() / "snapshots" / hashlib.sha256(ident.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _signature(files: pl.DataFrame) -> str:
    """A digest of an inventory frame (order-independent)."""
    digest = hashlib.sha256()
    for row in sorted(zip(*(files[c].cast(pl.String).fill_null("").to_list() for c in files.columns))):
        digest.update("\x1f".join(row).encode("utf-8", "surrogateescape") + b"\x1e")
    return digest.hexdigest()


def _read(path: Path, columns: list[str] | None = None) -> pl.DataFrame:
    with open(path, "rb") as fh:  # a handle, not a path string: Polars would read `[` in a path as a glob
        return pl.read_parquet(fh, columns=columns)


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
        if any(not (folder / f"{t}.parquet").is_file() for t in TABLES):
            return None
        return cls(folder, meta)

    def matches(self, inventory: Inventory) -> bool:
        """Does the corpus on disk look exactly as it did when this snapshot was made (by `stat` alone)?"""
        return self.meta.get("inventory") == _signature(inventory.frame())

    def table(self, name: str, columns: list[str] | None = None) -> pl.DataFrame:
        """One stored table (or some of its columns); raises if it is damaged."""
        return _read(self.folder / f"{name}.parquet", columns)


def save(folder: Path, inventory: Inventory, tables: dict[str, pl.DataFrame]) -> None:
    """Store an analysed corpus; `meta.json` last, so an interrupted save leaves no snapshot to trust."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        (folder / "meta.json").unlink()
    except FileNotFoundError:
        pass
    files = inventory.frame()
    for name in TABLES:
        frame = files if name == "files" else tables[name]
        atomic_write(folder / f"{name}.parquet", frame.write_parquet)
    meta = {"format": FORMAT, "analyser": ANALYSER_VERSION, "roots": list(inventory.roots), "inventory": _signature(files)}
    atomic_write(folder / "meta.json", lambda fh: fh.write(json.dumps(meta, ensure_ascii=False).encode("utf-8")))
