"""Article structure on the five seed articles and on small fixtures."""

from __future__ import annotations

import datetime as dt

from corpus.cleaning import clean
from corpus.structure import parse
from tests.conftest import seed


def test_seed_titles_publishers_and_dates(seed_corpus):
    tokyo = seed(seed_corpus, "techworldnews")
    assert tokyo["title"] == "오픈AI, 아시아 첫 교두보 ‘도쿄’ 낙점…왜 일본일까"
    assert tokyo["publisher"] == "테크월드뉴스" and tokyo["byline"] == "양승갑 기자"
    assert tokyo["body"].startswith("미개척 일본 AI 시장")
    assert not tokyo["body"].lstrip().startswith("[테크월드뉴스")

    aju = seed(seed_corpus, "ajunews")
    assert aju["title"].startswith("기시다 만난 오픈AI CEO, 일본 지사 약속하며")
    assert aju["date"] == dt.date(2023, 4, 11) and aju["time"] == "15:10" and aju["date_from"] == "text"
    assert aju["publisher"] == "아주경제"
    assert aju["image_credits"] == ["AFP·연합뉴스"]

    blog = seed(seed_corpus, "blog")
    assert blog["title"] == "오픈AI 샘 알트먼은 왜 한국에 왔을까?"
    assert blog["date"] == dt.date(2024, 12, 22)
    assert blog["body"].count("오픈AI 샘 알트먼은 왜 한국에 왔을까?") == 0

    hk = seed(seed_corpus, "hankyung")
    assert hk["title"].endswith("'오픈AI 코리아' 출범 [종합]")
    assert hk["publisher"] == "한경닷컴" and hk["byline"] == "김대영 기자"
    assert "kdy@hankyung.com" not in hk["body"]

    aim = seed(seed_corpus, "aimatters")
    assert aim["title"].startswith("오픈AI가 10일 아시아 세 번째 지사인")
    assert aim["title_from"] == "lead sentence"
    assert aim["image_credits"] == ["AI 매터스"]


def test_comment_widget_is_separated_and_body_is_whole(seed_corpus):
    aju = seed(seed_corpus, "ajunews")
    reasons = [f["reason"] for f in aju["furniture"]]
    assert len([r for r in reasons if r in ("comment widget", "share or print prompt", "language menu")]) >= 30
    body = aju["body"]
    assert body.rstrip().endswith("올트먼 CEO 방한 시기는 5월 중으로 예상된다.")
    assert "이탈리아·캐나다 챗GPT 규제" in body
    for junk in ("댓글", "닫기", "로그인", "무단전재", "언어선택", "베트남어", "글자크기"):
        assert junk not in body, junk
    kept = {f["text"] for f in aju["furniture"]}
    assert "로그인 후 댓글작성이 가능합니다." in kept


def test_nothing_is_lost(seed_corpus):
    from corpus.decoding import decode

    for row in seed_corpus.articles.iter_rows(named=True):
        with open(row["path"], "rb") as fh:
            words = set(clean(decode(fh.read()).text).split())
        rest = set(row["body"].split()) | set(row["title"].split())
        for f in row["furniture"]:
            rest |= set(f["text"].split())
        assert words <= rest, row["name"]


def test_fixture_furniture_kinds():
    text = clean(
        "\n".join(
            [
                "시장 점유율 1위 지켜",
                "입력 2025.09.10 14:03",
                "[가상일보=홍길동 기자] 회사가 발표했다.",
                "둘째 문단이다.",
                "사진=가상통신",
                "구독하기 버튼을 눌러 뉴스레터 신청",
                "ⓒ 가상일보 무단전재 및 재배포 금지",
                "공유하기",
            ]
        )
    )
    s = parse(text)
    assert s.title == "시장 점유율 1위 지켜"
    assert s.published == dt.datetime(2025, 9, 10, 14, 3) and s.has_time
    assert s.publisher == "가상일보" and s.byline == "홍길동 기자"
    assert s.body == "회사가 발표했다.\n둘째 문단이다."
    assert s.image_credits == ["가상통신"]
    reasons = {f.reason for f in s.furniture}
    assert {"dateline", "byline", "image credit", "subscription pitch", "copyright"} <= reasons


def test_english_dateline():
    s = parse("Title here\nDecember 22, 2024\n본문이다.")
    assert s.published.date() == dt.date(2024, 12, 22)
