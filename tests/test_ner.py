"""The trained entity tagger: the issue's examples, article-level consistency, quantities, the shipped files."""

from __future__ import annotations

import pytest

from corpus.kiwi import Tok, tokenize
from corpus.mentions import find_mentions
from corpus.ner import tagger
from corpus.ner.gazetteer import Gazetteer
from corpus.ner.units import decode, span_labels, units


def _mentions(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.kind) for m in find_mentions(text, tokenize(text))]


def _toks(text: str, spec: list[tuple[str, str]]) -> list[Tok]:
    """Tokens for `text` from (form, tag) pairs, found in order (a hand-made analysis for tests without Kiwi)."""
    out, pos = [], 0
    for form, tag in spec:
        pos = text.index(form, pos)
        out.append(Tok(form, tag, pos, pos + len(form)))
        pos += len(form)
    return out


def test_units_keep_nouns_and_fold_particles_into_tails():
    text = "경찰은 지난 15일 서울에서 3명을 검거했다."
    # Kiwi's analysis: an ending shares the syllable of its stem (지나 4-6 + ᆫ 5-6, 하 + 었 on 했)
    toks = [
        Tok(f, t, a, b)
        for f, t, a, b in [
            ("경찰", "NNG", 0, 2),
            ("은", "JX", 2, 3),
            ("지나", "VV", 4, 6),
            ("ᆫ", "ETM", 5, 6),
            ("15", "SN", 7, 9),
            ("일", "NNB", 9, 10),
            ("서울", "NNP", 11, 13),
            ("에서", "JKB", 13, 15),
            ("3", "SN", 16, 17),
            ("명", "NNB", 17, 18),
            ("을", "JKO", 18, 19),
            ("검거", "NNG", 20, 22),
            ("하", "XSV", 22, 23),
            ("었", "EP", 22, 23),
            ("다", "EF", 23, 24),
            (".", "SF", 24, 25),
        ]
    ]
    u = units(text, toks)
    assert [text[a:b] for a, b in zip(u.starts, u.ends)] == ["경찰", "지난", "15", "일", "서울", "3", "명", "검거", "."]
    assert u.tails[0] == "은/JX" and u.tails[4] == "에서/JKB" and u.tails[7] == "하/XSV"
    assert u.spaced[:4] == [True, True, True, False]
    assert u.breaks == [0]


def test_labels_round_trip_over_units():
    text = "경찰은 지난 15일 서울에서 3명을 검거했다."
    toks = _toks(
        text,
        [
            ("경찰", "NNG"),
            ("은", "JX"),
            ("지난", "VV"),
            ("15", "SN"),
            ("일", "NNB"),
            ("서울", "NNP"),
            ("에서", "JKB"),
            ("3", "SN"),
            ("명", "NNB"),
            ("을", "JKO"),
        ],
    )
    u = units(text, toks)
    spans = [(4, 10, "DT"), (11, 13, "LC"), (16, 18, "QT")]
    labels = span_labels(u, 0, len(u.starts), spans)
    assert labels == ["O", "B-DT", "I-DT", "E-DT", "S-LC", "B-QT", "E-QT"]
    assert decode(u, 0, labels) == spans
    # a span whose edges are not unit edges is left out of training
    assert span_labels(u, 0, len(u.starts), [(12, 13, "LC")]) == ["O"] * 7
    assert decode(u, 0, ["I-PS", "E-PS", "O", "O", "I-LC", "B-OG", "E-OG"]) == [(0, 6, "PS"), (11, 13, "LC"), (16, 18, "OG")]


def test_listed_names_are_cut_out_of_longer_morphemes():
    g = Gazetteer({"하나은행": [("k", "OG", "OGG_ECONOMY", "2p")], "미국": [("k", "LC", "LCP_COUNTRY", "20p")]})
    text = "하나은행장과 미국인 남북 박모"
    toks = _toks(text, [("하나은행장", "NNP"), ("과", "JC"), ("미국인", "NNG"), ("남북", "NNP"), ("박모", "NNP")])
    u = units(text, toks, g)
    assert [text[a:b] for a, b in zip(u.starts, u.ends)] == ["하나은행", "장", "미국", "인", "남", "북", "박", "모"]
    assert u.tails[1] == "과/JC"


def test_gazetteer_matches_longest_form_over_units():
    from corpus.ner.units import gazetteer_features

    g = Gazetteer({"서울": [("k", "LC", "LCP_CITY", "20p")], "서울시청": [("k", "OG", "OGG_POLITICS", "5p")]})
    text = "서울시청에서"
    u = units(text, _toks(text, [("서울", "NNP"), ("시청", "NNG"), ("에서", "JKB")]), g)
    feats = gazetteer_features(text, u, 0, len(u.starts), g)
    # features are UTF-8 bytes: crfsuite takes them without encoding each string again
    assert b"gk=OG:B" in feats[0] and b"gk=OG:E" in feats[1] and b"gkf=OGG_POLITICS" in feats[0]
    assert not any(f.startswith(b"gk=LC") for f in feats[0])


def test_shipped_model_is_there_and_small():
    assert tagger.available()
    assert tagger.MODEL.stat().st_size < 8_000_000
    assert tagger.GAZETTEER.stat().st_size < 2_000_000
    assert (tagger.HERE / "ATTRIBUTION.md").read_text(encoding="utf-8").count("CC BY-SA 4.0") >= 2


@pytest.mark.slow
def test_person_before_a_title_after_an_organisation():
    got = _mentions("오픈AI 샘 올트먼 CEO가 새 모델을 공개했다.")
    assert ("샘 올트먼", "PS") in got and ("오픈AI", "OG") in got


@pytest.mark.slow
def test_two_part_foreign_name_stays_whole():
    got = _mentions("셰인 구 오픈AI 연구원은 이날 발표에서 새 모델의 성능을 설명했다.")
    assert ("셰인 구", "PS") in got
    assert ("구", "PS") not in got


@pytest.mark.slow
def test_verb_is_not_a_place():
    got = _mentions("정부는 다음 달부터 단속을 강화할 예정이다.")
    assert not [t for t, k in got if k == "LC"]
    assert ("강화", "LC") not in got


@pytest.mark.slow
def test_country_is_a_place():
    got = _mentions("그는 지난달 캐나다에서 열린 회의에 참석했다.")
    assert ("캐나다", "LC") in got


@pytest.mark.slow
def test_rocket_is_not_a_person():
    got = _mentions("나로호는 2013년 1월 전남 고흥 나로우주센터에서 발사됐다.")
    assert not [t for t, k in got if k == "PS" and "나로" in t]


@pytest.mark.slow
def test_one_kind_per_name_in_an_article():
    text = (
        "한국은 이번 회의에서 새 협정에 서명했다.\n"
        "회의에 참석한 대표단은 한국에서 온 기업인들과 만났다.\n"
        "한국 경제는 올해 2% 성장할 것으로 보인다."
    )
    kinds = {k for t, k in _mentions(text) if t == "한국"}
    assert len(kinds) == 1, kinds


@pytest.mark.slow
def test_quantities_keep_their_parsed_value():
    text = "사용자는 2031만명을 넘었고 매출은 1조 7774억 엔이다."
    mentions = find_mentions(text, tokenize(text))
    qts = {m.text: m for m in mentions if m.kind == "QT"}
    users = next(m for t, m in qts.items() if "2031만" in t)
    assert users.quantity is not None and users.value == 20_310_000 and users.unit == "명"
    yen = next(m for t, m in qts.items() if "7774억" in t)
    assert yen.quantity is not None and yen.value == 1_777_400_000_000


@pytest.mark.slow
def test_dates_and_times_follow_klue_spans():
    got = _mentions("경찰은 지난 15일 오후 3시 30분 서울 강남구에서 3명을 검거했다.")
    assert ("오후 3시 30분", "TI") in got
    assert any(k == "DT" and "15일" in t for t, k in got)
    assert ("3명", "QT") in got


def test_one_kind_per_form_unless_the_context_is_strong():
    from corpus.kiwi import Tok
    from corpus.mentions import Mention, _consistent

    text = "한국은 말했다. 한국에서 만났다. 한국 경제"
    toks = [Tok("한국", "NNP", 0, 2), Tok("한국", "NNP", 9, 11), Tok("한국", "NNP", 19, 21)]
    mentions = [Mention(0, 2, "OG", "한국"), Mention(9, 11, "LC", "한국")]
    out = _consistent(text, toks, mentions, {(0, 2): 0.6, (9, 11): 0.9})
    assert [(m.start, m.kind) for m in out] == [(0, "LC"), (9, "LC"), (19, "LC")]  # the untagged third one too
    mentions = [Mention(0, 2, "OG", "한국"), Mention(9, 11, "LC", "한국")]
    out = _consistent(text, toks, mentions, {(0, 2): 0.99, (9, 11): 0.96})
    assert [m.kind for m in out][:2] == ["OG", "LC"]  # a STRONG mention keeps its own kind


@pytest.mark.slow
def test_klue_spans_survive_the_label_round_trip():
    import json

    from tests.conftest import shared_data

    path = shared_data("klue-ner", "wikitree-dev-b.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:200]]
    kept = total = 0
    for row in rows:
        text = row["text"]
        spans = sorted((e["start"], e["end"], e["type"]) for e in row["entities"])
        u = units(text, tokenize(text), tagger.gazetteer())
        back = decode(u, 0, span_labels(u, 0, len(u.starts), spans))
        assert set(back) <= set(spans)  # never a span that was not there
        kept += len(back)
        total += len(spans)
    assert kept >= 0.97 * total  # entities start and end at unit edges (measured: 99% over all news sentences)


@pytest.mark.slow
def test_features_are_deterministic_and_cover_every_character():
    from corpus.mentions import rule_mentions

    text = "서울 서초구 서초동에서 10일 오후 3시 김철수(45) 씨가 1조 원을 기부했다."
    toks = tokenize(text)
    rules = [(m.start, m.end, m.kind) for m in rule_mentions(text, toks)]
    from corpus.ner.units import sequence_features

    u = units(text, toks, tagger.gazetteer())
    a = sequence_features(text, u, 0, len(u.starts), rules, tagger.gazetteer())
    b = sequence_features(text, units(text, toks, tagger.gazetteer()), 0, len(u.starts), rules, tagger.gazetteer())
    assert a == b and len(a) == len(u.starts) and u.starts[0] == 0
    assert any(f.startswith((b"gk", b"gg")) for f in a[0])  # 서울 is listed


@pytest.mark.slow
def test_long_articles_are_tagged_in_pieces_with_right_offsets():
    text = "\n".join(f"{i}일 서울에서 김철수 씨가 3명을 만났다." for i in range(1, 29)) + "\n" + "가나다 " * 400
    mentions = find_mentions(text, tokenize(text))
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert sum(1 for m in mentions if m.kind == "LC" and m.text == "서울") == 28


@pytest.mark.slow
def test_without_a_model_file_the_rules_answer(tmp_path):
    from corpus.mentions import rule_mentions

    text = "오픈AI 샘 올트먼 CEO가 말했다."
    toks = tokenize(text)
    missing = tmp_path / "none.crfsuite"
    got = [(m.start, m.end, m.kind) for m in find_mentions(text, toks, model=missing)]
    assert got == [(m.start, m.end, m.kind) for m in rule_mentions(text, toks)]
