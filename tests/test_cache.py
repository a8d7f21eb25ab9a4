"""The analysis cache: reused on a second start, rebuilt when corrupt or stale, written atomically."""

from __future__ import annotations

import polars as pl

from corpus import cache, kiwi
from corpus.analysis import analyse
from corpus.loader import load_corpus
from tests.conftest import SEEDS


def _files():
    return sorted(cache.cache_dir().glob("*.parquet"))


def test_second_start_makes_no_kiwi_call(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    corpus = load_corpus([SEEDS])
    first = analyse(corpus.articles)
    assert first.analysed == 5 and first.from_cache == 0
    assert len(_files()) == len(cache.PARTS)  # one pack: mentions, words and claims
    before = kiwi.calls

    def forbidden(*a, **k):
        raise AssertionError("Kiwi was called on a warm cache")

    monkeypatch.setattr(kiwi, "tokenize", forbidden)
    monkeypatch.setattr(kiwi, "get_kiwi", forbidden)
    monkeypatch.setattr("corpus.analysis.tokenize", forbidden)
    second = analyse(load_corpus([SEEDS]).articles)
    assert kiwi.calls == before
    assert second.from_cache == 5 and second.analysed == 0
    assert second.claims.equals(first.claims)
    assert second.entities.equals(first.entities)
    assert second.mentions.equals(first.mentions)
    assert second.words.equals(first.words) and second.words.height > 100


def test_corrupt_and_truncated_packs_are_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    corpus = load_corpus([SEEDS])
    first = analyse(corpus.articles)
    (mentions,) = [p for p in _files() if p.name.endswith(".mentions.parquet")]
    data = mentions.read_bytes()
    mentions.write_bytes(data[: len(data) // 2])
    again = analyse(corpus.articles)
    assert again.analysed == 5
    assert again.claims.equals(first.claims)
    assert len(_files()) == len(cache.PARTS)  # the broken pack is gone, a good one written
    for p in _files():
        p.write_bytes(b"PAR1 garbage")
    assert analyse(corpus.articles).analysed == 5


def test_pack_of_another_shape_is_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    corpus = load_corpus([SEEDS])
    analyse(corpus.articles)
    for p in _files():
        pl.DataFrame({"key": ["x"], "other": [1]}).write_parquet(p)
    assert analyse(corpus.articles).analysed == 5


def test_only_new_articles_are_analysed_and_packs_are_compacted(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "grow"
    folder.mkdir()
    for n in range(cache.MAX_PACKS + 2):
        (folder / f"{n:02d}.txt").write_text(f"제목 {n}\n기사 {n}번의 본문에 {n + 1}명이 있다.\n", encoding="utf-8")
        result = analyse(load_corpus([folder]).articles)
        assert result.analysed == 1 and result.from_cache == n
    assert len(_files()) <= len(cache.PARTS) * cache.MAX_PACKS
    final = analyse(load_corpus([folder]).articles)
    assert final.from_cache == cache.MAX_PACKS + 2
    assert sorted(final.claims.filter(pl.col("unit") == "명")["value"].to_list()) == [float(n + 1) for n in range(cache.MAX_PACKS + 2)]


def test_version_is_part_of_the_key(monkeypatch):
    key = cache.entry_key("본문")
    monkeypatch.setattr(cache, "ANALYSER_VERSION", "other")
    assert cache.entry_key("본문") != key


def test_no_temporary_files_are_left(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    analyse(load_corpus([SEEDS]).articles)
    assert not [p for p in cache.cache_dir().iterdir() if p.name.startswith(".tmp")]


def test_corpus_files_are_never_written(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    stamps = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in SEEDS.iterdir()}
    analyse(load_corpus([SEEDS]).articles)
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in SEEDS.iterdir()} == stamps
