"""Mentions, entities and claims on the seed articles and on small fixtures."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from corpus import frames
from corpus.analysis import analyse, analyse_text
from corpus.dates import resolve
from corpus.entities import cluster, read_aliases
from corpus.kiwi import chunks, tokenize
from corpus.mentions import find_mentions
from corpus.temporal import find_temporals
from tests.conftest import seed


@pytest.fixture(scope="session")
def seed_analysis(seed_corpus):
    return analyse(seed_corpus.articles, use_cache=False)


def _mentions(text):
    return [(m.text, m.kind) for m in find_mentions(text, tokenize(text))]


def test_frames_have_their_schemas(seed_analysis):
    assert seed_analysis.mentions.schema == frames.MENTIONS
    assert seed_analysis.entities.schema == frames.ENTITIES
    assert seed_analysis.claims.schema == frames.CLAIMS


def test_offsets_point_into_the_body(seed_corpus, seed_analysis):
    bodies = dict(zip(seed_corpus.articles["id"], seed_corpus.articles["body"]))
    for row in seed_analysis.mentions.iter_rows(named=True):
        assert bodies[row["article_id"]][row["start"] : row["end"]] == row["text"]
    for row in seed_analysis.claims.iter_rows(named=True):
        body = bodies[row["article_id"]]
        assert body[row["sentence_start"] : row["sentence_start"] + len(row["sentence"])] == row["sentence"]
        assert row["start"] >= row["sentence_start"]


def test_seed_claims(seed_analysis):
    claims = seed_analysis.claims

    def one(text):
        rows = claims.filter(pl.col("text") == text)
        assert rows.height >= 1, text
        return rows.row(0, named=True)

    users = one("2031만명")
    assert (users["value"], users["unit"], users["kind"]) == (20_310_000, "명", "count")
    assert "챗GPT" in users["subject"] and "사용자" in users["subject"]
    yen = one("1조 7774억 엔")
    assert (yen["value"], yen["unit"], yen["kind"]) == (1_777_400_000_000, "엔", "money")
    assert "수요액" in yen["subject"] and yen["time_ref"] == "2030년" and yen["time_date"] == dt.date(2030, 1, 1)
    acc = one("79.9%")
    assert (acc["value"], acc["kind"]) == (79.9, "percent") and "정확도" in acc["subject"]
    assert one("17개국")["value"] == 17
    twelfth = one("열두 번째")
    assert (twelfth["value"], twelfth["kind"]) == (12, "ordinal")
    assert claims.filter(pl.col("text").str.contains("GPT")).height == 0
    assert claims.filter(pl.col("sentence").str.contains("GPT-4") & (pl.col("value") == 4)).height == 0


def test_gpt_models_are_products(seed_analysis):
    products = seed_analysis.mentions.filter(pl.col("kind") == "PD")["text"].to_list()
    assert {"GPT-4", "GPT-4.5", "GPT-5", "챗GPT"} <= set(products)


def test_seed_entities(seed_analysis):
    entities = seed_analysis.entities
    altman = entities.filter(pl.col("aliases").list.contains("알트먼"))
    assert altman.height == 1
    aliases = set(altman["aliases"][0])
    assert {"알트먼", "올트먼", "Sam Altman"} <= aliases
    assert altman["kind"][0] == "PS"
    openai = entities.filter(pl.col("aliases").list.contains("오픈AI"))
    assert openai.height == 1 and "오픈 AI" in openai["aliases"][0] and openai["kind"][0] == "OG"
    assert entities.filter(pl.col("aliases").list.contains("올트먼")).height == 1
    kishida = entities.filter(pl.col("aliases").list.contains("기시다"))
    assert kishida.height == 1 and "기시다 후미오" in kishida["aliases"][0]
    assert altman["articles"][0] == 3


def test_titles_are_cues_not_part_of_names():
    got = _mentions("지난해 4월 오픈AI 샘 알트먼(Sam Altman) CEO는 기시다 후미오 일본 총리를 만났다.")
    assert ("샘 알트먼", "PS") in got and ("Sam Altman", "PS") in got and ("기시다 후미오", "PS") in got
    assert ("오픈AI", "OG") in got and ("지난해 4월", "DT") in got
    assert all("CEO" not in t and "총리" not in t for t, _ in got)
    got = _mentions("이영 중소벤처기업부 장관은 제이슨 권 CSO와 김 씨를 만났다.")
    assert ("이영", "PS") in got and ("중소벤처기업부", "OG") in got and ("제이슨 권", "PS") in got and ("김", "PS") in got


def test_compounds_are_joined():
    got = _mentions("오픈 AI와 서울대학교, 챗GPT와 GPT-4.5를 말했다.")
    assert ("오픈 AI", "OG") in got and ("서울대학교", "OG") in got and ("챗GPT", "PD") in got and ("GPT-4.5", "PD") in got


def test_dates_and_times_are_found_and_resolved():
    kinds = [(t.text, t.kind) for t in find_temporals("23년 6월 9일 오전에는 대담, 오후 3시 30분에는 지난해 4월 이야기")]
    assert ("23년 6월 9일", "DT") in kinds and ("오전", "TI") in kinds and ("오후 3시 30분", "TI") in kinds
    anchor = dt.date(2025, 9, 10)
    assert resolve("지난해 4월", anchor).date == dt.date(2024, 4, 1)
    assert resolve("오는 12일", anchor).date == dt.date(2025, 9, 12)
    assert resolve("지난 11일", anchor).date == dt.date(2025, 8, 11)
    assert resolve("December 22, 2024", None).date == dt.date(2024, 12, 22)
    unresolved = resolve("오는 12일", None)
    assert unresolved.date is None and "unknown" in unresolved.reason


def test_relative_time_uses_the_article_date(seed_analysis, seed_corpus):
    hk = seed(seed_corpus, "hankyung")
    row = seed_analysis.claims.filter((pl.col("article_id") == hk["id"]) & (pl.col("text") == "2031만명")).row(0, named=True)
    assert row["time_ref"] == "지난달" and row["time_date"] == dt.date(2025, 8, 1)


def test_long_lines_are_chunked_with_right_offsets():
    line = ("가나다라 마바사. " * 400).strip()
    text = "첫 줄\n" + line + "\n끝 줄 오픈AI"
    pieces = chunks(text)
    assert all(len(p) <= 1500 for _, p in pieces)
    assert all(text[off : off + len(p)] == p for off, p in pieces)
    toks = tokenize(text)
    assert all(text[t.start : t.end] for t in toks)
    last = [t for t in toks if t.form == "AI"][-1]
    assert text[last.start : last.end] == "AI"


def test_clustering_rules_on_fixtures():
    names = [
        ("PS", "마크 저커버그"),
        ("PS", "저커버그"),
        ("PS", "저커버그"),
        ("PS", "주커버그"),
        ("OG", "메타 플랫폼스"),
        ("OG", "메타플랫폼스"),
        ("PS", "김철수"),
        ("PS", "김철우"),
    ]
    mapping, clusters = cluster(names, alias_entries=[])
    assert mapping[("PS", "저커버그")] == mapping[("PS", "마크 저커버그")] == mapping[("PS", "주커버그")]
    assert mapping[("OG", "메타 플랫폼스")] == mapping[("OG", "메타플랫폼스")]
    assert mapping[("PS", "김철수")] != mapping[("PS", "김철우")]  # Korean names one jamo apart are different people
    zuck = next(c for c in clusters if c.entity_id == mapping[("PS", "저커버그")])
    assert zuck.name == "마크 저커버그"


def test_user_alias_file_extends_the_table(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "gisa").mkdir()
    (tmp_path / "gisa" / "aliases.txt").write_text("# mine\nOG | Meta | 메타 | 페이스북\n", encoding="utf-8")
    entries = read_aliases()
    assert any(e.name == "Meta" for e in entries)
    mapping, clusters = cluster([("OG", "메타"), ("OG", "페이스북")], alias_entries=entries)
    assert mapping[("OG", "메타")] == mapping[("OG", "페이스북")]
    assert next(c for c in clusters if c.entity_id == mapping[("OG", "메타")]).name == "Meta"


def test_markup_and_nfd_do_not_break_analysis():
    mentions, claims = analyse_text("[bold]오픈AI[/bold]는 [@click=app.quit]2031만명[/]을 모았다.")
    assert "2031만명" in mentions["text"].to_list()
    assert claims.height == 1


def test_empty_corpus_analysis_has_schemas(tmp_path):
    from corpus.loader import load_corpus
    from corpus.pipeline import analyse_corpus

    result = analyse_corpus(load_corpus([tmp_path]))
    assert result.analysis.claims.schema == frames.CLAIMS and result.analysis.claims.height == 0
    assert result.groups.schema == frames.GROUPS and result.checks.schema == frames.CHECKS


def test_date_mentions_are_resolved_or_say_why(seed_analysis, seed_corpus):
    hk = seed(seed_corpus, "hankyung")
    dates = seed_analysis.mentions.filter((pl.col("article_id") == hk["id"]) & (pl.col("kind") == "DT"))
    row = dates.filter(pl.col("text") == "오는 12일").row(0, named=True)
    assert row["date"] == dt.date(2025, 9, 12) and row["date_note"].startswith("day")
    blog = seed(seed_corpus, "blog")
    absolute = seed_analysis.mentions.filter((pl.col("article_id") == blog["id"]) & (pl.col("text") == "23년 6월 9일"))
    assert absolute["date"][0] == dt.date(2023, 6, 9)


def test_unanchored_relative_dates_stay_open_with_the_reason(tmp_path):
    from corpus.loader import load_corpus

    (tmp_path / "a.txt").write_text("날짜 없는 기사\n오는 12일 행사가 열린다.\n", encoding="utf-8")
    result = analyse(load_corpus([tmp_path]).articles, use_cache=False)
    row = result.mentions.filter(pl.col("text") == "오는 12일").row(0, named=True)
    assert row["date"] is None and "unknown" in row["date_note"]
