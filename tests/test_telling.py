"""What tells rows apart (issue 15): an article by its publisher (title words where two share publisher and date),
a repeated wording by the words of its sentence around it, and cuts that never leave a separator hanging."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.content import Content

from corpus.table import cell_width, cut_end, fit, wrap_parts
from corpus.telling import article_labels, short_name, tell_apart
from tui.widgets.claim_table import cut_cell

DAY = dt.date(2025, 9, 10)


def _reading(sentence: str, wording: str, nth: int = 0) -> tuple[str, int, int]:
    at = -1
    for _ in range(nth + 1):
        at = sentence.index(wording, at + 1)
    return sentence, at, at + len(wording)


def test_a_cut_never_ends_on_a_separator_and_keeps_what_tells_the_row_apart():
    line = "아주경제 · 기시다 만난 오픈AI CEO"
    for width in range(1, cell_width(line)):
        n, ellipsis = cut_end(line, width, keep=4)
        shown = line[:n] + ("…" if ellipsis else "")
        assert cell_width(shown) <= width, (width, shown)
        assert not shown.rstrip("…").endswith((" ", "·")), (width, shown)
        if width >= cell_width("아주경제"):
            assert shown.startswith("아주경제"), (width, shown)
    assert cut_end(line, 12, keep=4) == (4, False)  # `아주경제 · …` is `아주경제`: the title is in the detail line
    assert cut_end('한경닷컴 · "韓, 아태지역서', 12, keep=4) == (4, False)  # nor an opening quote left alone
    assert cut_end(line, 100) == (len(line), False)
    assert fit("오픈AI가 10일 아시아", 16) == "오픈AI가 10일…  "  # the list's titles too
    drawn = cut_cell(Content(line).stylize("bold", 0, 4), 12, keep=4)
    assert drawn.plain == "아주경제    " and drawn.cell_length == 12 and drawn.spans[0].end == 4


def test_a_line_of_parts_breaks_between_parts_never_after_a_separator():
    parts = ["AI 매터스", "2025-09-10", "aimatters-openai-korea-launch.txt", "utf-8"]
    for width in range(12, 90):
        lines = wrap_parts(parts, width)
        assert all(cell_width(line) <= width for line in lines), (width, lines)
        assert not any(line.endswith("·") or line.startswith("·") for line in lines), (width, lines)
        if width >= max(cell_width(p) for p in parts):  # (a part longer than the line breaks inside it)
            assert " · ".join(lines) == " · ".join(parts)
    assert wrap_parts(["a", "bb cc dd"], 5) == ["a", "bb cc", "dd"]  # a part longer than a line breaks between words


def test_an_article_is_told_apart_by_its_publisher_then_by_the_words_of_its_title():
    labels = article_labels(
        [
            (1, "한경닷컴", "a.txt", DAY, "오픈AI 코리아 출범"),
            (2, "한경닷컴", "b.txt", DAY, "오픈AI 코리아 첫 행사"),
            (3, "한경닷컴", "c.txt", dt.date(2025, 9, 11), "오픈AI 코리아 출범"),
            (4, None, "blog-altman-korea-visit.txt", None, "오픈AI 샘 알트먼은 왜 한국에 왔을까?"),
            (5, "AI 매터스", "d.txt", DAY, "같은 제목"),
            (6, "AI 매터스", "e.txt", DAY, "같은 제목"),
        ]
    )
    told = {aid: line[:keep] for aid, (line, keep) in labels.items()}
    assert told[1] == "한경닷컴 · 오픈AI 코리아 출범" and told[2] == "한경닷컴 · 오픈AI 코리아 첫"  # same day: title words
    assert told[3] == "한경닷컴"  # another day: the date column tells it apart
    assert labels[4] == ("blog-altman-korea-visit · 오픈AI 샘 알트먼은 왜 한국에 왔을까?", len("blog-altman"))
    assert told[5] != told[6] and told[5].endswith("d.txt")  # the same title: the file name
    assert short_name("techworldnews.txt") == ("techworldnews", len("techworldnews"))  # one word: never cut
    assert short_name("hankyungnews-2025-openai.txt") == ("hankyungnews-2025-openai", len("hankyungnews"))


def test_claims_with_the_same_wording_read_differently_in_their_context():
    # 아주경제 says 첫 twice, in two sentences alike up to the particle after 지사
    first = _reading("일본 법인이 설립되면 오픈AI의 첫 해외 지사가 된다.", "첫")
    second = _reading("구 지사장은 TBS와 인터뷰하면서 오픈AI의 첫 해외 지사로 일본을 선택한 이유를 묻자", "첫")
    a, b = tell_apart([first, second])
    assert (a.text, b.text) == ("첫 해외 지사가 된다.", "첫 해외 지사로 일본을")  # one word more than tells them apart
    assert a.text[a.start : a.end] == "첫" and a.text[: a.keep] == "첫 해외 지사가"
    # a headline and its sentence: the word after the wording already differs
    a, b = tell_apart([_reading("전 세계 열두 번째 지사", "열두 번째"), _reading("전 세계에서 열두 번째로 한국에 지사를", "열두 번째")])
    assert (a.text, b.text) == ("열두 번째 지사", "열두 번째로 한국에")
    # nothing differs around them (a sentence repeated): the later one says which mention it is
    a, b = tell_apart([first, first])
    assert a.text == "첫" and b.text == "첫 (2nd mention)"
    # three, two of them alike: the context tells the third apart, the mention number the second
    a, b, c = tell_apart([first, first, second])
    assert len({a.text, b.text, c.text}) == 3 and b.text.endswith("(2nd mention)")
    # the words before the wording when those after it read the same
    a, b = tell_apart([_reading("서울 첫 행사", "첫"), _reading("부산 첫 행사", "첫")])
    assert (a.text, b.text) == ("서울 첫 행사", "부산 첫 행사") and a.text[a.start : a.end] == "첫"


@pytest.mark.parametrize("lite", [False, True])
def test_the_bundled_articles_claims_and_labels_are_told_apart(lite):
    from corpus.pipeline import run

    run(None, use_cache=True)  # (stored: the second reads the snapshot as the app does, sentences left on disk)
    result = run(None, use_cache=True, lite=lite)
    assert result.from_snapshot or not lite
    facts = result.facts
    for g in facts.groups:
        rows = []
        for cid in g.claim_ids:
            c = facts.claim(cid)
            reading = facts.reading(cid)
            rows.append((reading.text if reading else c.text, c.article_id))
            assert reading is None or reading.text[reading.start : reading.end] == c.text
        assert len(set(rows)) == len(rows), (g.label, rows)
    told = {}
    for aid, date in facts._dates.items():
        line, keep = facts.label(aid)
        told.setdefault((line[:keep], date), []).append(aid)
    assert all(len(ids) == 1 for ids in told.values())
