"""The corpus snapshot: a warm start reads no article and analyses nothing; a change or damage rebuilds it."""

from __future__ import annotations

import os

import polars as pl
import pytest

from corpus import pipeline, snapshot

ARTICLES = {
    "a.txt": "오픈AI 서울 사무소 출범\n\n오픈AI는 서울 사무소 직원이 50명이라고 10일 밝혔다.\n샘 알트먼 CEO가 방한했다.\n",
    "b.txt": "오픈AI 서울 사무소 80명 규모\n\n오픈AI는 서울 사무소 직원이 80명이라고 10일 밝혔다.\n",
}


@pytest.fixture
def corpus_dir(tmp_path):
    root = tmp_path / "news"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _no_reading(monkeypatch):
    import corpus.sources

    def refuse(*args, **kwargs):
        raise AssertionError("a warm start read an article file")

    monkeypatch.setattr(corpus.sources, "read_file", refuse)
    monkeypatch.setattr("corpus.reading.read_file", refuse)
    monkeypatch.setattr("corpus.analysis.analyse_bodies", refuse)


def test_a_warm_start_shows_the_same_corpus_without_reading_or_analysing(corpus_dir, monkeypatch):
    cold = pipeline.run([str(corpus_dir)])
    assert cold.from_snapshot  # what a cold start shows is the stored snapshot, as a warm start will show it
    with monkeypatch.context() as m:
        _no_reading(m)
        warm = pipeline.run([str(corpus_dir)])
    assert warm.from_snapshot
    # the status says "nothing changed" of the warm start only: the cold one analysed both articles
    assert not cold.unchanged and cold.analysis.analysed + cold.analysis.from_cache == 2 and warm.unchanged
    assert warm.corpus.articles["title"].to_list() == cold.corpus.articles["title"].to_list()
    assert warm.analysis.claims.equals(cold.analysis.claims) and warm.groups.equals(cold.groups)
    assert warm.facts.counts == cold.facts.counts
    # a body is read from its file when the article is opened, and matches what was analysed
    a = warm.corpus.articles.filter(pl.col("name") == "a.txt")["id"][0]
    article = warm.corpus.article(a)
    assert "50명이라고" in article["body"] and not article["stale"]
    for h in warm.facts.highlights(a):
        assert article["body"][h.start : h.end]


def test_a_changed_added_or_removed_file_rebuilds_the_snapshot(corpus_dir):
    first = pipeline.run([str(corpus_dir)])
    path = corpus_dir / "b.txt"
    path.write_text(ARTICLES["b.txt"].replace("80명", "90명"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a new mtime even on a coarse clock
    second = pipeline.run([str(corpus_dir)])
    assert "90명" in second.analysis.claims["text"].to_list() and "80명" not in second.analysis.claims["text"].to_list()
    (corpus_dir / "c.txt").write_text("세 번째 기사\n\n본문에 12명이 나온다.\n", encoding="utf-8")
    third = pipeline.run([str(corpus_dir)])
    assert third.corpus.articles.height == 3
    (corpus_dir / "a.txt").unlink()
    fourth = pipeline.run([str(corpus_dir)])
    assert sorted(fourth.corpus.articles["name"].to_list()) == ["b.txt", "c.txt"]
    assert first.corpus.articles.height == 2


def test_a_same_size_edit_that_keeps_its_modification_time_is_analysed_again(corpus_dir):
    """`rsync -t`, `touch -r` or an editor that keeps the time: the size and the modification time are as they were,
    the change time is not."""
    import time

    pipeline.run([str(corpus_dir)])
    path = corpus_dir / "b.txt"
    st = path.stat()
    time.sleep(0.02)  # (the change time moves by clock ticks)
    path.write_text(ARTICLES["b.txt"].replace("80명", "90명"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    again = pipeline.run([str(corpus_dir)])
    assert "90명" in again.analysis.claims["text"].to_list() and "80명" not in again.analysis.claims["text"].to_list()


def test_an_article_changed_after_the_snapshot_is_shown_as_changed(corpus_dir):
    result = pipeline.run([str(corpus_dir)])
    b = result.corpus.articles.filter(pl.col("name") == "b.txt")["id"][0]
    (corpus_dir / "b.txt").write_text(ARTICLES["b.txt"].replace("80명", "81명"), encoding="utf-8")
    article = result.corpus.article(b)
    assert article["stale"] and "81명" in article["body"]


def test_an_opened_article_is_read_once_and_again_only_when_its_file_changes(corpus_dir, monkeypatch):
    import corpus.reading

    result = pipeline.run([str(corpus_dir)])
    b = result.corpus.articles.filter(pl.col("name") == "b.txt")["id"][0]
    reads = []
    real = corpus.reading.read_file
    monkeypatch.setattr(corpus.reading, "read_file", lambda *a: reads.append(a[0]) or real(*a))
    for _ in range(3):  # every pane that follows the current article asks for it
        article = result.corpus.article(b)
        assert "80명이라고" in article["body"] and not article["stale"]
    assert len(reads) == 1
    (corpus_dir / "b.txt").write_text(ARTICLES["b.txt"].replace("80명", "82명"), encoding="utf-8")
    os.utime(corpus_dir / "b.txt", ns=(1, 1))  # another version even on a coarse clock
    article = result.corpus.article(b)
    assert article["stale"] and "82명" in article["body"] and len(reads) == 2


def test_a_warm_start_keeps_the_bodies_the_first_frame_read(corpus_dir, monkeypatch):
    from corpus.reading import CorpusReader

    pipeline.run([str(corpus_dir)])
    reading = CorpusReader([str(corpus_dir)], newest_first=True)
    reading.read(limit=24)
    with monkeypatch.context() as m:
        _no_reading(m)
        warm = pipeline.run([str(corpus_dir)], reading=reading)
        for a in warm.corpus.articles["id"]:
            article = warm.corpus.article(a)
            assert article["body"] and not article["stale"]
    assert reading.articles == []  # handed over, not held twice


@pytest.mark.parametrize("damage", ["truncate", "garbage", "missing"])
def test_a_damaged_snapshot_is_rebuilt_never_trusted(corpus_dir, damage):
    first = pipeline.run([str(corpus_dir)])
    folder = snapshot.folder_for((str(corpus_dir),), first.corpus.max_bytes)
    target = folder / "claims.parquet"
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:40])
    elif damage == "garbage":
        target.write_bytes(b"PAR1 not a parquet file PAR1")
    else:
        target.unlink()
    again = pipeline.run([str(corpus_dir)])
    assert again.analysis.claims.equals(first.analysis.claims)
    assert snapshot.Snapshot.open(folder).table("claims").equals(first.analysis.claims)  # stored anew


def test_a_snapshot_of_another_analyser_version_is_not_used(corpus_dir, monkeypatch):
    first = pipeline.run([str(corpus_dir)])
    folder = snapshot.folder_for((str(corpus_dir),), first.corpus.max_bytes)
    monkeypatch.setattr(snapshot, "ANALYSER_VERSION", "some-other-version")
    assert snapshot.Snapshot.open(folder) is None


def test_without_the_cache_nothing_is_stored(corpus_dir, tmp_path):
    result = pipeline.run([str(corpus_dir)], use_cache=False)
    assert not result.from_snapshot
    assert snapshot.Snapshot.open(snapshot.folder_for((str(corpus_dir),), result.corpus.max_bytes)) is None


def test_a_changed_file_is_read_and_analysed_alone_and_the_rest_comes_from_the_snapshot(corpus_dir, monkeypatch):
    import corpus.reading

    first = pipeline.run([str(corpus_dir)])
    (corpus_dir / "b.txt").write_text(ARTICLES["b.txt"].replace("80명", "90명"), encoding="utf-8")
    os.utime(corpus_dir / "b.txt", ns=(2, 2))
    (corpus_dir / "c.txt").write_text("새 기사\n\n오픈AI는 부산 사무소 직원이 12명이라고 밝혔다.\n", encoding="utf-8")
    read: list[str] = []
    real = corpus.reading.article_row
    monkeypatch.setattr(
        corpus.reading, "article_row", lambda i, source, m: read.append(os.path.basename(source.path)) or real(i, source, m)
    )
    second = pipeline.run([str(corpus_dir)], use_cache=True)
    assert sorted(read) == ["b.txt", "c.txt"]  # a.txt, unchanged, came from the snapshot
    assert second.changes == (1, 1, 0) and str(second.changes) == "1 added · 1 changed"  # the status says so
    a_run = second.analysis  # not "3 from cache": b.txt's new text was analysed (c.txt's may be in the cache of texts)
    assert a_run.from_cache + a_run.analysed == 3 and a_run.analysed >= 1
    names = sorted(second.corpus.articles["name"].to_list())
    assert names == ["a.txt", "b.txt", "c.txt"] and second.from_snapshot
    texts = second.analysis.claims["text"].to_list()
    assert "90명" in texts and "12명" in texts and "80명" not in texts and "50명" in texts
    a = second.corpus.articles.filter(pl.col("name") == "a.txt")["id"][0]
    assert second.facts.counts[a] == first.facts.counts[a]
    # and the result is what reading everything afresh gives
    fresh = pipeline.run([str(corpus_dir)], use_cache=False)
    assert sorted(fresh.analysis.claims["text"].to_list()) == sorted(texts)
    assert fresh.groups["verdict"].to_list() == second.groups["verdict"].to_list()
    (corpus_dir / "a.txt").unlink()
    assert pipeline.run([str(corpus_dir)]).changes == (0, 0, 1)


@pytest.mark.parametrize("damage", [None, "truncate", "garbage"])
def test_a_warm_start_finds_the_search_hits_from_its_word_records_even_damaged(corpus_dir, damage):
    """Issue 14: the reader highlights a query's hits in an article; from a snapshot the article's words come from one
    record of `words.bin` (a Parquet scan cost a keystroke milliseconds). The hits are the words the query names, and
    a damaged record gives the same hits from the words table."""
    from corpus import search

    first = pipeline.run([str(corpus_dir)])
    folder = snapshot.folder_for((str(corpus_dir),), first.corpus.max_bytes)
    blob = folder / "words.bin"
    if damage == "truncate":
        blob.write_bytes(blob.read_bytes()[:7])
    elif damage == "garbage":
        blob.write_bytes(b"\x00" * len(blob.read_bytes()))
    warm = pipeline.run([str(corpus_dir)])
    assert warm.from_snapshot and not warm.analysis.words.height  # the words stay on disk
    index = search.build(warm)
    a = warm.corpus.articles.filter(pl.col("name") == "a.txt")["id"][0]
    body = warm.corpus.article(a)["body"]
    for query, words in (("서울", ["서울"]), ("사무소는", ["사무소"]), ("방한했다", ["방한"]), ("알트먼이", ["알트먼"])):
        found = index.search(query)
        assert a in found.ids
        assert [body[s:e] for s, e in index.spans(found, a, body)] == words, query


def test_a_word_record_of_another_article_or_a_torn_one_is_refused(tmp_path):
    """A snapshot stored anew while an index still holds the old offsets must not lend one article another's hits."""
    import zlib

    path = tmp_path / "words.bin"
    record = zlib.compress(f"7{snapshot.RECORD}서울{snapshot.UNIT}0{snapshot.UNIT}2".encode(), 1)
    path.write_bytes(record + b"\0\0")
    assert snapshot.read_words(path, 7, 0, len(record)) == [("서울", 0, 2)]
    with pytest.raises(ValueError):
        snapshot.read_words(path, 8, 0, len(record))  # the record at that place is article 7's
    with pytest.raises(ValueError):
        snapshot.read_words(path, 7, 0, len(record) + 2)  # more than one whole record


def test_a_warm_start_tells_articles_apart_as_a_fresh_analysis_does_also_after_a_change(tmp_path, monkeypatch):
    root = tmp_path / "labels"
    root.mkdir()
    titles = {"openai-seoul-office-opening-day.txt": "서울 사무소 출범", "openai-seoul-office-opening-staff.txt": "서울 사무소 직원"}
    for name, title in titles.items():
        (root / name).write_text(f"{title}\n\n오픈AI는 서울 사무소 직원이 50명이라고 10일 밝혔다.\n", encoding="utf-8")

    def labels(result):
        return {name: result.facts.label(aid) for aid, name in result.corpus.articles.select("id", "name").iter_rows()}

    pipeline.run([str(root)])
    with monkeypatch.context() as m:
        _no_reading(m)
        warm = pipeline.run([str(root)])
    fresh = pipeline.run([str(root)], use_cache=False)
    assert warm.unchanged and "label" in warm.corpus.articles.columns and labels(warm) == labels(fresh)
    # the file names share their first words: each label keeps its whole name, which is what tells them apart
    assert {line[:keep] for line, keep in labels(warm).values()} == {"openai-seoul-office-opening-day", "openai-seoul-office-opening-staff"}
    (root / "openai-seoul-office-opening-day.txt").write_text("다른 제목\n\n새 본문이다.\n", encoding="utf-8")
    changed = pipeline.run([str(root)])
    assert not changed.unchanged and labels(changed) == labels(pipeline.run([str(root)], use_cache=False))
