"""Per-character features for the entity tagger: characters, Kiwi morphemes, word shape, lists, rules.

One feature list per character of a segment (a line or a sentence), spaces included, so that a name
that spans a space (샘 올트먼) is one labelled run. Training (`training/train.py`) and tagging
(`corpus.ner.tagger`) both call `segment_features`, so the model always sees what it was trained on.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, Sequence

from ..kiwi import Tok
from .gazetteer import Gazetteer

_DIGITS = str.maketrans("0123456789０１２３４５６７８９", "00000000000000000000")


def char_type(ch: str) -> str:
    """A one-letter class of a character: H hangul, A/a latin upper/lower, D digit, S space, P punctuation, O other."""
    if "가" <= ch <= "힣":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isspace():
        return "S"
    if "A" <= ch <= "Z":
        return "A"
    if "a" <= ch <= "z":
        return "a"
    if ch.isalpha():
        return "O"
    return "P"


def _position(i: int, start: int, end: int) -> str:
    if end - start == 1:
        return "S"
    if i == start:
        return "B"
    if i == end - 1:
        return "E"
    return "I"


def span_labels(length: int, spans: Iterable[tuple[int, int, str]], offset: int = 0) -> list[str]:
    """B-/I- labels of `length` characters from (start, end, kind) spans given in text offsets."""
    labels = ["O"] * length
    for start, end, kind in sorted(spans):
        a, b = start - offset, end - offset
        if a < 0 or b > length or a >= b or any(labels[k] != "O" for k in range(a, b)):
            continue
        labels[a] = "B-" + kind
        for k in range(a + 1, b):
            labels[k] = "I-" + kind
    return labels


def segment_features(text: str, start: int, end: int, tokens: Sequence[Tok], rules: Sequence[tuple[int, int, str]],
                     gazetteer: Gazetteer) -> list[list[str]]:
    """The features of each character of text[start:end]; `tokens` and `rules` are in text offsets, sorted."""
    seg = text[start:end]
    n = len(seg)
    norm = seg.translate(_DIGITS)
    types = [char_type(ch) for ch in seg]
    pad = ["^", "^"] + list(norm) + ["$", "$"]
    tpad = ["^", "^"] + types + ["$", "$"]

    # morpheme of each character, and the words (runs without spaces)
    tok_of = [-1] * n
    toks = [t for t in tokens if t.end > start and t.start < end]
    for k, t in enumerate(toks):
        for i in range(max(t.start, start), min(t.end, end)):
            tok_of[i - start] = k
    word_start = [0] * n
    word_end = [0] * n
    i = 0
    while i < n:
        if types[i] == "S":
            word_start[i] = word_end[i] = i
            i += 1
            continue
        j = i
        while j < n and types[j] != "S":
            j += 1
        for k in range(i, j):
            word_start[k], word_end[k] = i, j
        i = j
    # the first morpheme of the next word and the last of the previous one: the cues 씨, CEO, 대통령, 일 ...
    tok_starts = [t.start for t in toks]

    def tok_at(pos: int) -> Tok | None:
        k = bisect_right(tok_starts, pos) - 1
        return toks[k] if 0 <= k < len(toks) and toks[k].end > pos else None

    gaz = gazetteer.match(seg, [i for i in range(n) if types[i] != "S" and (i == 0 or types[i - 1] in "SP" or types[i] in "P"
                                                                               or (tok_of[i] >= 0 and toks[tok_of[i]].start == start + i))])
    rule = span_labels(n, rules, start)

    out: list[list[str]] = []
    for i in range(n):
        p = i + 2
        c = seg[i]
        f = [
            "b", "c=" + c, "c-1=" + pad[p - 1], "c+1=" + pad[p + 1], "c-2=" + pad[p - 2], "c+2=" + pad[p + 2],
            "c-1c=" + pad[p - 1] + norm[i], "cc+1=" + norm[i] + pad[p + 1], "c-1cc+1=" + pad[p - 1] + norm[i] + pad[p + 1],
            "c-2c-1=" + pad[p - 2] + pad[p - 1], "c+1c+2=" + pad[p + 1] + pad[p + 2],
            "t=" + types[i], "tw=" + tpad[p - 1] + types[i] + tpad[p + 1], "tw2=" + tpad[p - 2] + tpad[p - 1] + types[i] + tpad[p + 1] + tpad[p + 2],
            "r=" + rule[i], "rp=" + (rule[i - 1] if i else "^") + "|" + rule[i],
        ]
        if types[i] != "S":
            ws, we = word_start[i], word_end[i]
            f.append("wp=" + _position(i, ws, we))
            f.append("wl=" + str(min(we - ws, 8)))
            k = tok_of[i]
            if k >= 0:
                t = toks[k]
                f.append("m=" + t.tag + ":" + _position(i + start, t.start, t.end))
                form = t.form.translate(_DIGITS)
                if len(form) <= 8:
                    f.append("mf=" + form + "/" + t.tag)
                prev_t = toks[k - 1] if k > 0 else None
                next_t = toks[k + 1] if k + 1 < len(toks) else None
                f.append("pt=" + (prev_t.tag if prev_t else "^") + "|" + t.tag)
                f.append("nt=" + t.tag + "|" + (next_t.tag if next_t else "$"))
                if next_t and len(next_t.form) <= 6:
                    f.append("nm=" + next_t.form.translate(_DIGITS) + "/" + next_t.tag)
                if prev_t and len(prev_t.form) <= 6:
                    f.append("pm=" + prev_t.form.translate(_DIGITS) + "/" + prev_t.tag)
            else:
                f.append("m=none")
        else:
            f.append("space")
        # the word after this one (a title after a name) and the one before (전, 駐 ...)
        ws, we = (word_start[i], word_end[i]) if types[i] != "S" else (i, i)
        j = we
        while j < n and types[j] == "S":
            j += 1
        if j < n:
            t = tok_at(start + j)
            if t is not None and len(t.form) <= 6:
                f.append("nw=" + t.form.translate(_DIGITS) + "/" + t.tag)
        j = ws - 1
        while j >= 0 and types[j] == "S":
            j -= 1
        if j >= 0:
            t = tok_at(start + j)
            if t is not None and len(t.form) <= 6:
                f.append("pw=" + t.form.translate(_DIGITS) + "/" + t.tag)
        f.extend(gaz[i])
        out.append(f)
    return out
