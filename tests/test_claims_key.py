"""What a claim measures (issue 10, point 1): holder, measure, scope, unit family and time, on fixture sentences."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from corpus.analysis import analyse_text
from corpus.claim_key import measure_key, resolve_time, unit_family
from corpus.loader import load_corpus
from corpus.pipeline import analyse_corpus


def _claims(text: str) -> dict[str, dict]:
    _, claims = analyse_text(text)
    return {r["text"]: r for r in claims.iter_rows(named=True)}


def _write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


def test_holder_is_the_subject_of_the_claims_own_clause():
    claims = _claims("2위로는 문재인 후보가 48.0%의 지지율을 얻었고 전국투표율은 75.8%였다.")
    assert (claims["48.0%"]["holder"], claims["48.0%"]["holder_from"], claims["48.0%"]["measure"]) == ("문재인", "subject", "지지율")
    # the next clause has its own subject (전국투표율 is the measure): the politician does not hold it
    assert claims["75.8%"]["holder"] == "" and claims["75.8%"]["measure"] == "투표율"


def test_holder_is_the_nearest_subject_not_anything_in_the_sentence():
    claims = _claims("23일 개표 결과 기민당은 41.5%의 지지율을 보여 메르켈 총리의 3선이 확정되었다.")
    assert claims["41.5%"]["holder"] == "기민당" and claims["41.5%"]["measure"] == "지지율"


def test_genitive_holder_scope_and_measure():
    claim = _claims("삼성전자의 국내 직원 수는 12만명이다.")["12만명"]
    assert (claim["holder"], claim["holder_from"], claim["measure"], claim["scope"]) == ("삼성전자", "genitive", "직원 수", "국내")
    assert measure_key(claim["measure"]) == "직원"


def test_sentence_topic_holds_the_clauses_after_it():
    claim = _claims("서울시는 이날 계획을 발표하고, 3000명을 채용한다고 밝혔다.")["3000명"]
    assert (claim["holder"], claim["holder_from"]) == ("서울시", "topic")
    claim = _claims("경찰에 따르면 부산시는 직원 45명을 새로 뽑았다.")["45명"]
    assert claim["holder"] == "부산시" and claim["measure"] == "직원"


def test_a_verb_says_what_was_counted_when_no_noun_does():
    claims = _claims("이 사고로 18명이 숨지고 3명이 다쳤다.")
    assert claims["18명"]["measure"] == "숨지다" and claims["3명"]["measure"] == "다치다"


def test_ordinals_measure_a_position_with_their_scope():
    claims = _claims("오픈AI는 아시아에서 세 번째, 전 세계에서 열두 번째로 한국에 지사를 설립했다.")
    third, twelfth = claims["세 번째"], claims["열두 번째"]
    assert (third["measure"], third["scope"], third["holder"]) == ("지사 순위", "아시아", "오픈AI")
    assert (twelfth["measure"], twelfth["scope"], twelfth["holder"]) == ("지사 순위", "세계", "오픈AI")


def test_identifiers_are_mentions_never_claims():
    text = (
        "서울 지하철 1호선과 4호선 운행이 제7호 태풍으로 중단됐다. 3번 출구와 2호기, 제1회 대회, 10대 청소년, 4강 진출팀도 "
        "영향을 받았다. 이날 승객 300명이 대피했다."
    )
    mentions, claims = analyse_text(text)
    quantities = mentions.filter(pl.col("kind") == "QT")["text"].to_list()
    for label in ("1호선", "4호선", "제7호", "3번", "2호기", "제1회", "10대", "4강"):
        assert label in quantities, label
    assert claims["text"].to_list() == ["300명"]


def test_time_is_resolved_against_the_article_date():
    assert resolve_time("지난해", dt.date(2025, 3, 2)) == (dt.date(2024, 1, 1), "year")
    assert resolve_time("이날", dt.date(2025, 3, 2)) == (dt.date(2025, 3, 2), "day")
    assert resolve_time("전날", dt.date(2025, 3, 2)) == (dt.date(2025, 3, 1), "day")
    assert resolve_time("11월 2주차", dt.date(2016, 11, 10)) == (dt.date(2016, 11, 8), "week")
    assert resolve_time("3년간", dt.date(2025, 3, 2)) == (None, "")  # a duration is no time
    assert resolve_time("이날", None) == (None, "")


def test_unit_families():
    assert unit_family("명") == unit_family("사람") == "people"
    assert unit_family("원") == "money:KRW" and unit_family("달러") == "money:USD"
    assert unit_family("%") == unit_family("퍼센트") == "percent"
    assert unit_family("번째") == "ordinal" and unit_family("위") == "rank"


def test_claims_frame_carries_the_key(tmp_path):
    _write(tmp_path, "a.txt", "2025-03-02\n삼성전자 인력\n지난해 삼성전자의 국내 직원 수는 12만명이었다.\n")
    result = analyse_corpus(load_corpus([tmp_path]), use_cache=False)
    claim = result.analysis.claims.row(0, named=True)
    # the holder is the entity's canonical name, so 삼성전자 and 삼성 in two articles are one holder
    entity = result.analysis.entities.filter(pl.col("aliases").list.contains("삼성전자") | (pl.col("name") == "삼성전자"))
    assert claim["holder"] == entity["name"][0]
    assert (claim["measure"], claim["scope"], claim["unit_family"]) == ("직원 수", "국내", "people")
    assert (claim["time_ref"], claim["time_date"], claim["time_grain"]) == ("지난해", dt.date(2024, 1, 1), "year")
    assert "직원" in claim["words"] and not any(ch.isdigit() for w in claim["words"] for ch in w)


@pytest.mark.parametrize("a,b", [("사무소", "지사"), ("해외 거점 순위", "해외 지사 순위"), ("직원 수", "직원"), ("이용자", "사용자")])
def test_measure_keys_fold_synonyms(a, b):
    assert measure_key(a) == measure_key(b)
