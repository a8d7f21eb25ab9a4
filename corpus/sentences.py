"""Sentence boundaries in cleaned Korean news text (character offsets).

A sentence is at most MAX_SENTENCE characters: a longer run with no sentence end (a 7 MB line of
amounts, a list with no full stop) is cut at spaces into pieces of that size, so that nothing done
per sentence (a claim's sentence and its words, the tagger's segments) grows with the text.
"""

from __future__ import annotations

import re

MAX_SENTENCE = 600  # characters; far above any sentence a reporter writes (KLUE's longest is 181)

_END = re.compile(r"(?<=[.!?。])[\"'”’)\]」』]*(?=\s)|(?<=[다요]\.)(?=[가-힣A-Za-z])|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, whitespace trimmed; lines never run together; none longer than
    MAX_SENTENCE (a longer one is cut at the last space of its second half, or hard where it has none)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end() if m.group(0) != "\n" else m.start()
        _add(text, start, end, spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    while b - a > MAX_SENTENCE:
        cut = text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
        cut = cut if cut > a else a + MAX_SENTENCE
        end = cut
        while end > a and text[end - 1].isspace():
            end -= 1
        spans.append((a, end))
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if b > a:
        spans.append((a, b))


def containing(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence span holding offset `pos` (binary search)."""
    lo, hi = 0, len(spans) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        a, b = spans[mid]
        if pos < a:
            hi = mid - 1
        elif pos >= b:
            lo = mid + 1
        else:
            return spans[mid]
    return (pos, pos)
