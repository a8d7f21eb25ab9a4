"""What killed runs leave behind, removed at start-up once it is older than a day.

An atomic write that never reached its rename leaves a `.tmp-*` file; a run killed between the two
files of a cache pack leaves half a pack. Both are removed when older than `STALE_AFTER`, so that a
run writing right now (another instance, another terminal) is never disturbed. Complete packs are
the cache and are left alone, however old.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from .atomic import TEMP_PREFIX

STALE_AFTER = 24 * 3600
_PARTS = (".mentions.parquet", ".claims.parquet")


def _stale(path: str, limit: float) -> bool:
    try:
        return os.lstat(path).st_mtime < limit
    except OSError:
        return False


def sweep(folders: Iterable[str | os.PathLike[str]], now: float | None = None) -> list[str]:
    """Remove stale temporary files and half packs in `folders`; return what was removed."""
    limit = (time.time() if now is None else now) - STALE_AFTER
    removed: list[str] = []
    for folder in folders:
        try:
            names = set(os.listdir(folder))
        except OSError:
            continue
        for name in sorted(names):
            doomed = name.startswith(TEMP_PREFIX)
            for part, other in (_PARTS, _PARTS[::-1]):
                if name.startswith("pack-") and name.endswith(part):
                    doomed = doomed or name[: -len(part)] + other not in names
            path = os.path.join(folder, name)
            if doomed and _stale(path, limit):
                try:
                    os.unlink(path)
                    removed.append(path)
                except OSError:
                    pass
    return removed


def sweep_default() -> list[str]:
    """Sweep this user's settings folder and analysis cache, of every analyser version (without
    importing the cache module, which loads Polars: the app calls this before its first frame)."""
    from platformdirs import user_cache_dir, user_config_dir

    analysis = Path(user_cache_dir("gisa", appauthor=False)) / "analysis"
    try:
        versions = [analysis / name for name in os.listdir(analysis)]
    except OSError:
        versions = []
    snapshots = []  # each corpus's snapshot folder: a save killed before its rename leaves a `.tmp-*` table there
    for version in versions:
        try:
            snapshots += [version / "snapshots" / name for name in os.listdir(version / "snapshots")]
        except OSError:
            pass
    kept = [Path(user_cache_dir("gisa", appauthor=False)) / name for name in ("manifests", "screens")]
    return sweep([Path(user_config_dir("gisa", appauthor=False)), *kept, *versions, *snapshots])
