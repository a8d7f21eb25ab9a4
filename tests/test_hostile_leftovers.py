"""Leftovers of killed runs: temp files and half-written cache packs older than a day go at start-up."""

from __future__ import annotations

import os
import time

from corpus import cache
from tests.clirun import run_main
from tests.conftest import SEEDS

DAY = 24 * 3600


def _touch(path, age: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    then = time.time() - age
    os.utime(path, (then, then))


def test_stale_temp_files_and_orphan_packs_are_removed_at_start(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    packs = cache.cache_dir()
    config = tmp_path / "config" / "gisa"
    snapshot = packs / "snapshots" / "0123abcd"  # a corpus's stored analysis, its save killed before a rename
    stale = [
        packs / ".tmp-killed",
        packs / "pack-dead.mentions.parquet",
        packs / "pack-lone.claims.parquet",
        config / ".tmp-settings",
        snapshot / ".tmp-articles",
    ]
    kept = [
        snapshot / "articles.parquet",
        snapshot / ".tmp-saving-now",
        packs / ".tmp-running",
        packs / "pack-live.mentions.parquet",  # a run writing right now
        config / "settings.toml",
        config / "aliases.txt",
    ]
    for path in stale:
        _touch(path, 2 * DAY)
    for path in kept:
        _touch(path, 60)
    for part in ("mentions", "claims"):
        _touch(packs / f"pack-old.{part}.parquet", 30 * DAY)  # a complete pack, however old, is the cache
    kept += [packs / "pack-old.mentions.parquet", packs / "pack-old.claims.parquet"]
    run = run_main("check", str(SEEDS))
    assert run.code == 0, run.err
    assert [p.name for p in stale if p.exists()] == []
    assert [p.name for p in kept if not p.exists()] == []
