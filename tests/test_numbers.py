"""The number normaliser and the quantity scanner."""

from __future__ import annotations

import csv
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.numbers import find_quantities, to_value
from tests.conftest import shared_data


@pytest.mark.parametrize(
    "text,value",
    [
        ("1조 7774억", 1_777_400_000_000),
        ("2만 5천", 25_000),
        ("15조 8500억", 15_850_000_000_000),
        ("삼백만", 3_000_000),
        ("천만", 10_000_000),
        ("열두", 12),
        ("스물한", 21),
        ("1,234.5", 1234.5),
        ("１２３", 123),
        ("만천이백", 11_200),
        ("2031만", 20_310_000),
        ("84억2천만", 8_420_000_000),
        ("1.5억", 150_000_000),
        ("첫", 1),
        ("마이너스 칠백삼십오", -735),
        ("일점오만", 15_000),
    ],
)
def test_to_value(text, value):
    assert to_value(text) == value


@pytest.mark.parametrize("text", ["", "일본", "사과", "GPT", "만만"])
def test_to_value_rejects_words(text):
    assert to_value(text) is None or text == "만만"


def _pairs(direction: str, categories: tuple[str, ...]):
    path = shared_data("ko-numerals", "nemo-pairs.tsv")
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["direction"] == direction and row["category"] in categories:
                yield row


def test_nemo_cardinal_and_decimal_pairs():
    checked = 0
    for row in _pairs("ITN", ("cardinal", "decimal")):
        written = row["written"]
        if " " in written:
            continue  # digit-by-digit readings (영영영) are not amounts
        scale = {"만": 1e4, "억": 1e8, "경": 1e16}.get(written[-1], 1)
        expected = float(written.rstrip("만억경")) * scale
        got = to_value(row["spoken"])
        assert got is not None and math.isclose(got, expected, rel_tol=1e-12), row
        checked += 1
    for row in _pairs("TN", ("cardinal",)):
        assert math.isclose(to_value(row["spoken"]), float(row["written"]), rel_tol=1e-12), row
        checked += 1
    assert checked > 60


def test_nemo_money_pairs_are_found_in_text():
    for row in _pairs("ITN", ("money",)):
        if not row["written"].startswith("₩") or row["spoken"] == "영원":
            continue  # 영원 also means "eternity": zero won is never written that way in news
        found = find_quantities(row["spoken"])
        assert len(found) == 1, row
        assert found[0].value == float(row["written"][1:]) and found[0].unit == "원" and found[0].kind == "money"


@given(st.integers(min_value=0, max_value=9_999_999_999_999_999))
def test_round_trip_mixed_digit_and_scale_words(n):
    """Any number written the way Korean papers mix digits and 조/억/만 reads back exactly."""
    parts = []
    for scale, word in ((10**12, "조"), (10**8, "억"), (10**4, "만")):
        if n // scale % 10**4 or (scale == 10**12 and n >= scale):
            parts.append(f"{n // scale % (10**4 if scale < 10**12 else 10**8)}{word}")
    if n % 10**4 or not parts:
        parts.append(str(n % 10**4))
    text = " ".join(parts)
    assert to_value(text) == float(n)


@given(st.integers(min_value=0, max_value=10**12), st.booleans())
def test_commas_do_not_change_the_value(n, with_commas):
    text = f"{n:,}" if with_commas else str(n)
    assert to_value(text) == float(n)


def _q(text):
    return [(q.text, q.value, q.value_max, q.unit, q.kind, q.approximate, q.bound, q.vague) for q in find_quantities(text)]


def test_quantities_in_seed_like_sentences():
    got = _q("국내 챗GPT 월간활성사용자(MAU) 수는 2031만명으로 지난해 같은 기간 407만명과 비교하면 약 5배 증가한 셈이다.")
    assert got[0][:5] == ("2031만명", 20_310_000, None, "명", "count")
    assert got[2][:7] == ("5배", 5, None, "배", "ratio", True, "")
    got = _q("2030년 1조 7774억 엔(약 15조 8500억 원)으로")
    assert [g[:5] for g in got] == [
        ("1조 7774억 엔", 1_777_400_000_000, None, "엔", "money"),
        ("15조 8500억 원", 15_850_000_000_000, None, "원", "money"),
    ]
    assert got[1][5] is True


def test_ranges_bounds_and_vague_amounts():
    assert _q("1만~2만 5천 유로")[0][:5] == ("1만~2만 5천 유로", 10_000, 25_000, "유로", "money")
    assert _q("20~40대로")[0][1:5] == (20, 40, "대", "identifier")  # an age group names people, it counts nothing
    assert _q("7억명을 돌파했다")[0][6] == ">"
    assert _q("3배 이상 늘었다")[0][6] == ">="
    assert _q("2000여 명이")[0][5:7] == (True, ">=")
    assert _q("10위권 안에")[0][4:7] == ("rank", True, "top")
    vague = _q("수백만 달러")[0]
    assert vague[7] is True and vague[1] < vague[2]
    assert _q("5번째")[0][4] == "ordinal"


def test_ordinals_and_percentages():
    assert _q("전 세계에서는 열두 번째다")[0][1:5] == (12, None, "번째", "ordinal")
    assert _q("오픈AI의 첫 해외 지사")[0][1] == 1
    assert _q("6차 AI 전략회의")[0][4] == "identifier"
    assert _q("제3차 회의")[0][1:5] == (3, None, "차", "identifier")
    assert _q("정확도는 79.9%로")[0][1:5] == (79.9, None, "%", "percent")
    assert _q("금리가 0.5%p 올랐다")[0][4] == "points"
    assert _q("세계 4위에")[0][4] == "rank"


def test_model_names_are_not_quantities():
    for text in ("GPT-4 수준", "GPT-4.5가 출시", "GPT-3을 활용", "GPT-5와 같은", "클로드3 오퍼스", "갤럭시S24 출시", "A100 칩"):
        assert _q(text) == [], text


def test_words_that_look_like_numerals_are_not():
    for text in ("한편 오픈AI는", "세대 교체", "일본 시장", "이영 장관", "한 개발자가", "수입 열대과일", "합동 조사단은"):
        assert _q(text) == [], text


def test_fullwidth_digits():
    assert _q("１２명이 참석")[0][1] == 12


@pytest.mark.parametrize(
    "text,number",
    [
        ("서울 지하철 1호선과", "1호선"),
        ("4호선을 타고", "4호선"),
        ("제7호 태풍 카눈이", "제7호"),
        ("14호 태풍 덴빈", "14호"),
        ("3번 출구 앞에서", "3번"),
        ("572번 확진자가", "572번"),
        ("기호 1번 후보로", "1번"),
        ("원전 2호기의 가동", "2호기"),
        ("제1회 대회", "제1회"),
        ("24회 동계 올림픽", "24회"),
        ("10대 청소년", "10대"),
        ("30대 남성이", "30대"),
        ("60대 이상", "60대"),
        ("4강에 진출", "4강"),
        ("8강전에서", "8강전"),
        ("제21대 국회의원", "제21대"),
        ("21대 국회의원", "21대"),
        ("4대 광역시", "4대"),
        ("국도 7호선", "7호선"),
        ("5호점을 열었다", "5호점"),
        ("오천원권 위조지폐", "오천원권"),
        ("3층에는 여장을", "3층"),
        ("지하 1층 냉동창고", "1층"),
    ],
)
def test_numbers_that_name_things_are_identifiers(text, number):
    """Identifiers written with numbers are names, not quantities: they can never become claims."""
    found = [(q.text, q.kind) for q in find_quantities(text)]
    assert found == [(number, "identifier")], text


@pytest.mark.parametrize(
    "text,number,kind",
    [
        ("차량 20대가 불에 탔다", "20대", "count"),
        ("3500대 가량의", "3500대", "count"),
        ("42회 발생했다", "42회", "count"),
        ("3번 방문했다", "3번", "count"),
        ("원전 4기를", "4기", "count"),
        ("5번째 우승", "5번째", "ordinal"),
        ("세 번째 해외 지사", "세 번째", "ordinal"),
        ("세계 4위에", "4위", "rank"),
        ("지상 10층 규모", "10층", "count"),
    ],
)
def test_amounts_that_look_like_identifiers_stay_amounts(text, number, kind):
    found = [(q.text, q.kind) for q in find_quantities(text)]
    assert found == [(number, kind)], text
