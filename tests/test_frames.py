"""Frame schemas, also for an empty corpus."""

from __future__ import annotations

import polars as pl
import pytest

from corpus import frames
from corpus.loader import load_corpus


def test_articles_and_problems_keep_their_schema_when_empty(tmp_path):
    corpus = load_corpus([tmp_path])
    assert corpus.articles.height == 0 and corpus.problems.height == 0
    assert corpus.articles.schema == frames.ARTICLES
    assert corpus.problems.schema == frames.PROBLEMS


def test_seed_frame_schema(seed_corpus):
    assert seed_corpus.articles.schema == frames.ARTICLES
    assert seed_corpus.articles.height == 5
    ids = seed_corpus.articles["id"].to_list()
    assert len(set(ids)) == 5 and all(i >= 0 for i in ids)


def test_an_article_keeps_its_id_from_run_to_run_and_when_others_come(tmp_path):
    from corpus.loader import load_corpus

    (tmp_path / "b.txt").write_text("둘\n본문이다.\n", encoding="utf-8")
    first = dict(zip(load_corpus([tmp_path]).articles["name"], load_corpus([tmp_path]).articles["id"]))
    (tmp_path / "a.txt").write_text("하나\n본문이다.\n", encoding="utf-8")
    second = dict(zip(load_corpus([tmp_path]).articles["name"], load_corpus([tmp_path]).articles["id"]))
    assert second["b.txt"] == first["b.txt"] and second["a.txt"] != second["b.txt"]


def test_late_float_is_not_truncated():
    rows = [{"path": "p", "reason": "r"}] * 150
    frame = frames.from_rows(frames.PROBLEMS, rows)
    assert frame.height == 150
    values = [1.0] * 150 + [1.5]
    built = frames.build(pl.Schema({"v": pl.Float64}), {"v": values})
    assert built["v"][-1] == 1.5


def test_missing_column_is_an_error():
    with pytest.raises(KeyError):
        frames.build(frames.PROBLEMS, {"path": ["x"]})
