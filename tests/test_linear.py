"""Analysis linear in the text (issue 13): what the sweeps and bounds must keep, asserted on small inputs.

Nothing here is timed (bench/dense.py measures µs per character): these tests pin the behaviour that
the faster structures replaced — every amount of a long line is a claim with its value, overlaps are
resolved as before (the first found wins), long lines are cut into bounded sentences — and feed the
patterns that used to backtrack without end, which would now hang a test rather than pass it.
"""

from __future__ import annotations

import random

import pytest

from corpus.analysis import rows_of
from corpus.claims import Blocked
from corpus.cleaning import clean
from corpus.mentions import _overlaps, rule_mentions
from corpus.numbers import find_quantities
from corpus.sentences import MAX_SENTENCE, sentence_spans
from corpus.spans import Coverage, Spans, Taken
from corpus.temporal import find_temporals

# --- the span structures answer exactly what the loops answered -----------------------------------


def _random_spans(rng: random.Random, n: int, size: int) -> list[tuple[int, int]]:
    spans = []
    for _ in range(n):
        a = rng.randrange(size)
        spans.append((a, min(size, a + rng.choice((0, 1, 1, 2, 3, 5, 8, 20)))))  # empty spans too
    return spans


@pytest.mark.parametrize("seed", range(20))
def test_taken_answers_as_the_scan_of_every_span(seed):
    rng = random.Random(seed)
    size = rng.choice((5, 30, 200))
    taken, listed = Taken(size + 1), []
    for _ in range(300):
        a = rng.randrange(size + 1)
        b = min(size, a + rng.choice((0, 1, 2, 4, 9)))
        expected = any(not (b <= s or a >= e) for s, e in listed)
        assert taken.overlaps(a, b) == expected
        if rng.random() < 0.5:
            taken.add(a, b)
            listed.append((a, b))


@pytest.mark.parametrize("seed", range(20))
def test_fixed_spans_and_coverage_answer_as_the_scans(seed):
    rng = random.Random(seed)
    listed = _random_spans(rng, rng.choice((0, 1, 5, 40)), 100)
    spans, cover = Spans(listed), Coverage(listed)
    for _ in range(200):
        a = rng.randrange(-2, 103)
        b = a + rng.choice((0, 1, 3, 10))
        assert spans.overlaps(a, b) == any(s < b and a < e for s, e in listed)
        assert [spans.spans[i] for i in spans.overlapping_indices(a, b)] == sorted((s, e) for s, e in listed if s < b and a < e)
        assert cover.count(a) == sum(1 for s, e in listed if s <= a < e)
    assert _overlaps(3, 5, [(4, 9)]) and _overlaps(3, 5, Spans([(4, 9)])) and not _overlaps(3, 5, Taken(10, [(5, 9)]))


@pytest.mark.parametrize("seed", range(10))
def test_blocked_is_every_date_and_every_other_quantity(seed):
    """A claim's noun phrase stops at dates and at other quantities, not at its own span (nor its copies)."""
    rng = random.Random(seed)
    dates = _random_spans(rng, 10, 80)
    quantities = _random_spans(rng, 15, 80)
    own = rng.choice(quantities)
    quantities += [own] * rng.randrange(2)  # the same span twice is still the claim's own
    blocked = Blocked(Coverage(dates + quantities), own, quantities.count(own))
    listed = dates + [q for q in quantities if q != own]
    for pos in range(-1, 82):
        assert blocked(pos) == any(a <= pos < b for a, b in listed)


# --- overlaps resolved as before: the first found wins ---------------------------------------------


def test_quantities_give_way_to_taken_spans_and_to_each_other_in_pattern_order():
    text = "제7호 태풍으로 3번 출구 앞 2호선 열차 12대와 직원 45명, 총 3억 원"
    qs = find_quantities(text)
    assert [(q.text, q.kind) for q in qs] == [
        ("제7호", "identifier"),
        ("3번", "identifier"),
        ("2호선", "identifier"),
        ("12대", "count"),
        ("45명", "count"),
        ("3억 원", "money"),
    ]
    start = text.index("45명")
    assert [q.text for q in find_quantities(text, [(start + 1, start + 2)])] == ["제7호", "3번", "2호선", "12대", "3억 원"]
    assert find_quantities(text, [(start - 2, start), (start + 3, start + 5)]) == qs  # touching is free
    assert find_quantities(text, [(start, start), (start + 3, start + 3)]) == qs
    assert "45명" not in [q.text for q in find_quantities(text, [(start + 2, start + 2)])]  # as the scan had it: inside


def test_times_win_over_dates_and_products_over_both():
    text = "GPT-4는 오후 3시 30분, 2023년 12월 3일 발표됐고 3년간 3억 원이 들었다"
    assert [(t.text, t.kind) for t in find_temporals(text)] == [("오후 3시 30분", "TI"), ("2023년 12월 3일", "DT"), ("3년간", "DT")]
    kinds = [(m.text, m.kind) for m in rule_mentions(text, [])]
    assert kinds == [("GPT-4", "PD"), ("오후 3시 30분", "TI"), ("2023년 12월 3일", "DT"), ("3년간", "DT"), ("3억 원", "QT")]


# --- patterns that backtracked without end, and scans that walked the rest of the text ---------------


def test_a_chain_of_amounts_before_a_run_of_digits_and_a_letter():
    tail = "1억 " * 30 + "1" * 40 + "a"
    assert find_quantities(tail) == []  # a bare number is no quantity
    assert [(q.text, q.value) for q in find_quantities("3억 원 " + tail)] == [("3억 원", 3e8)]
    assert [q.text for q in find_quantities("12345차 회의")] == ["12345차"]
    assert [t.text for t in find_temporals("1" * 3000 + "년")] == ["1" * 3000 + "년"]  # a run is read from its start
    assert [t.text for t in find_temporals("1" * 3000 + "년째인")] == []
    assert [t.text for t in find_temporals("수출이 12개월째 늘었다")] == ["12개월째"]


def test_numbered_labels_end_at_their_own_beon():
    qs = find_quantities("3번 출구와 7번 게이트, 5번째 발표는 1번 ")
    assert [(q.text, q.unit) for q in qs][:2] == [("3번", "번"), ("7번", "번")]


def test_trailing_spaces_are_trimmed_however_long_the_run():
    assert clean("가" + " " * 5000 + "\n나") == "가\n나"
    assert clean("가" + " " * 5000 + "나") == "가" + " " * 5000 + "나"


def test_a_line_with_no_sentence_end_is_cut_into_bounded_sentences_at_spaces():
    line = "회사는 3억 원, " * 200
    spans = sentence_spans("첫 문장이다. " + line + "\n끝.")
    assert spans[0] == (0, 7) and all(b - a <= MAX_SENTENCE for a, b in spans)
    text = "첫 문장이다. " + line + "\n끝."
    pieces = [text[a:b] for a, b in spans]
    assert all(p == p.strip() for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "").replace("\n", "")  # nothing lost
    assert sentence_spans("가" * 1500) == [(0, 600), (600, 1200), (1200, 1500)]  # no space: cut where it must
    assert sentence_spans("짧은 문장이다. 다음 문장이다.") == [(0, 8), (9, 17)]


def test_every_amount_of_a_long_line_is_a_claim_with_its_value():
    items = [("3억 원", 3e8, "원"), ("1,200억 원", 1.2e11, "원"), ("45명", 45.0, "명"), ("12.5%", 12.5, "%"), ("2만 5천 명", 25000.0, "명")]
    line = "".join(f"회사{i}는 {items[i % len(items)][0]}, " for i in range(120))  # one line, well over a sentence
    rows = rows_of(line)
    claims = rows["claims"]
    assert len(claims) == 120
    for i, c in enumerate(claims):
        text, value, unit = items[i % len(items)]
        assert (line[c["start"] : c["end"]], c["value"], c["unit"]) == (text, value, unit)
        assert c["sentence_start"] <= c["start"] < c["sentence_end"] and c["sentence_end"] - c["sentence_start"] <= MAX_SENTENCE
    amounts = sorted((m["start"], m["end"]) for m in rows["mentions"] if m["kind"] == "QT" and m["value"] is not None)
    for c in claims:  # each claim is the amount of a highlighted quantity (whose span the tagger may draw wider)
        assert any(a <= c["start"] and c["end"] <= b for a, b in amounts)


def test_a_list_of_amounts_with_no_noun_between_them_still_gives_every_claim():
    rows = rows_of("3억 원, " * 150 + "매출은 5억 원이다.")
    values = [c["value"] for c in rows["claims"]]
    assert values == [3e8] * 150 + [5e8]
    assert rows["claims"][-1]["measure"] == "매출"
