"""The analysis cache: reused on a second start, rebuilt when corrupt or stale, written atomically."""

from __future__ import annotations

import polars as pl

from corpus import cache, kiwi
from corpus.analysis import analyse
from corpus.loader import load_corpus
from tests.conftest import SEEDS


def _entries():
    return sorted(cache.cache_dir().rglob("*.parquet"))


def test_second_start_makes_no_kiwi_call(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    corpus = load_corpus([SEEDS])
    first = analyse(corpus.articles)
    assert first.analysed == 5 and first.from_cache == 0
    assert len(_entries()) == 10
    before = kiwi.calls

    def forbidden(*a, **k):
        raise AssertionError("Kiwi was called on a warm cache")

    monkeypatch.setattr(kiwi, "tokenize", forbidden)
    monkeypatch.setattr("corpus.analysis.tokenize", forbidden)
    second = analyse(load_corpus([SEEDS]).articles)
    assert kiwi.calls == before
    assert second.from_cache == 5 and second.analysed == 0
    assert second.claims.equals(first.claims)
    assert second.entities.equals(first.entities)


def test_corrupt_and_truncated_entries_are_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    corpus = load_corpus([SEEDS])
    first = analyse(corpus.articles)
    entries = _entries()
    entries[0].write_bytes(b"PAR1 not really parquet")
    data = entries[1].read_bytes()
    entries[1].write_bytes(data[: len(data) // 2])
    again = analyse(corpus.articles)
    assert again.analysed >= 1
    assert again.claims.equals(first.claims)
    pl.read_parquet(entries[0])  # rewritten whole


def test_entry_of_another_shape_is_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    corpus = load_corpus([SEEDS])
    analyse(corpus.articles)
    for entry in _entries():
        pl.DataFrame({"x": [1]}).write_parquet(entry)
    again = analyse(corpus.articles)
    assert again.analysed == 5


def test_version_is_part_of_the_key(monkeypatch):
    key = cache.entry_key("본문")
    monkeypatch.setattr(cache, "ANALYSER_VERSION", "other")
    assert cache.entry_key("본문") != key


def test_no_temporary_files_are_left(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    analyse(load_corpus([SEEDS]).articles)
    assert not [p for p in cache.cache_dir().rglob("*") if p.name.startswith(".tmp")]


def test_corpus_files_are_never_written(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    stamps = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in SEEDS.iterdir()}
    analyse(load_corpus([SEEDS]).articles)
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in SEEDS.iterdir()} == stamps
