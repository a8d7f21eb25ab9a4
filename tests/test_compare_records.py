"""Records an export writes (issue 10, point 5): every record names its file, members carry what they say."""

from __future__ import annotations

import os

import polars as pl

from corpus import frames
from corpus.loader import load_corpus
from corpus.pipeline import analyse_corpus
from corpus.records import check_records, group_records, records, relative_path

REPORT_A = (
    "가상전자 직원 조사\n\n가상전자의 국내 직원 수는 1200명이라고 회사 측이 밝혔다. 올해 가입자는 900만명이다. "
    "지난해 가입자 100만명과 비교하면 약 5배 증가했다.\n"
)
REPORT_B = "가상전자 직원 다른 조사\n\n가상전자의 국내 직원 수는 3400명이라고 회사 측이 밝혔다.\n"


def _corpus(root):
    (root / "economy").mkdir(parents=True)
    (root / "economy" / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (root / "b.txt").write_text(REPORT_B, encoding="utf-8")
    (root / "manifest.tsv").write_text(
        "file\tdate\tpublisher\turl\ttitle\neconomy/a.txt\t2025-03-02\t한빛일보\t\t\nb.txt\t2025-03-03\t누리뉴스\t\t\n", encoding="utf-8"
    )
    corpus = load_corpus([root])
    return corpus, analyse_corpus(corpus, use_cache=False)


def test_relative_path_to_the_folder_given(tmp_path):
    root = tmp_path / "news"
    assert relative_path(str(root / "sub" / "a.txt"), [str(root)]) == os.path.join("sub", "a.txt")
    assert relative_path(str(root / "a.txt"), [str(root) + os.sep]) == "a.txt"
    assert relative_path(str(root / "a.txt"), [str(root / "a.txt")]) == "a.txt"  # a file named on its own
    other = tmp_path / "blogs"
    assert relative_path(str(other / "x.txt"), [str(root), str(other)]) == os.path.join("blogs", "x.txt")
    assert relative_path("/elsewhere/z.txt", [str(root)]) == "/elsewhere/z.txt"


def test_group_member_records_name_their_file_and_carry_each_member(tmp_path):
    corpus, result = _corpus(tmp_path / "corpus")
    members = group_records(corpus.articles, result.analysis.claims, result.groups, corpus.roots)
    assert members.schema == frames.GROUP_RECORDS
    conflict = members.filter(pl.col("verdict") == "conflict").sort("value")
    assert conflict.height == 2 and conflict["group_id"].n_unique() == 1
    first, second = conflict.row(0, named=True), conflict.row(1, named=True)
    assert (first["path"], second["path"]) == (os.path.join("economy", "a.txt"), "b.txt")
    assert (first["value"], first["unit"], first["text"]) == (1200.0, "명", "1200명")
    assert (second["value"], second["text"]) == (3400.0, "3400명")
    for row in (first, second):
        assert row["holder"] == "가상전자" and row["measure"] == "직원 수" and row["scope"] == "국내"
        assert "직원 수는" in row["sentence"] and row["label"] == "가상전자 · 국내 직원 수"
        assert row["evidence"] and row["score"] > 0 and row["reason"] and row["article_id"] is not None
    ids = dict(zip(corpus.articles["id"].to_list(), corpus.articles["name"].to_list()))
    assert ids[first["article_id"]] == "a.txt" and ids[second["article_id"]] == "b.txt"


def test_check_records_name_their_file(tmp_path):
    corpus, result = _corpus(tmp_path / "corpus")
    checks = check_records(corpus.articles, result.checks, corpus.roots)
    assert checks.schema == frames.CHECK_RECORDS
    ratio = checks.filter(pl.col("kind") == "ratio").row(0, named=True)
    assert ratio["path"] == os.path.join("economy", "a.txt") and ratio["title"] == "가상전자 직원 조사"
    assert ratio["passed"] is False and abs(ratio["computed"] - 9.0) < 1e-9 and len(ratio["claim_ids"]) == 3


def test_records_of_nothing_keep_their_schemas(tmp_path):
    (tmp_path / "x.txt").write_text("제목\n\n숫자가 없는 글.\n", encoding="utf-8")
    corpus = load_corpus([tmp_path])
    result = analyse_corpus(corpus, use_cache=False)
    members, checks = records(corpus.articles, result.analysis.claims, result.groups, result.checks, corpus.roots)
    assert members.schema == frames.GROUP_RECORDS and members.height == 0
    assert checks.schema == frames.CHECK_RECORDS and checks.height == 0


def test_records_round_trip_through_json_and_csv_alike(tmp_path):
    corpus, result = _corpus(tmp_path / "corpus")
    members = group_records(corpus.articles, result.analysis.claims, result.groups, corpus.roots)
    flat = members.with_columns(pl.col("evidence").list.join(" "))  # CSV has no lists
    flat.write_csv(tmp_path / "m.csv")
    back = pl.read_csv(tmp_path / "m.csv", schema=flat.schema)
    assert back["path"].to_list() == members["path"].to_list() and back["claim_id"].to_list() == members["claim_id"].to_list()
    members.write_ndjson(tmp_path / "m.jsonl")
    again = pl.read_ndjson(tmp_path / "m.jsonl", schema=members.schema)
    assert again.equals(members)
