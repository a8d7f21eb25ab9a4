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

_HEAD_TAGS = {"NNP", "NNG", "SL", "SH", "SN", "NNB", "XSN", "XPN"}
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
    """B-/I-/E-/S- labels (begin, inside, end, single) of `length` characters from (start, end, kind) spans given in text offsets."""
    labels = ["O"] * length
    for start, end, kind in sorted(spans):
        a, b = start - offset, end - offset
        if a < 0 or b > length or a >= b or any(labels[k] != "O" for k in range(a, b)):
            continue
        if b - a == 1:
            labels[a] = "S-" + kind
            continue
        labels[a] = "B-" + kind
        for k in range(a + 1, b - 1):
            labels[k] = "I-" + kind
        labels[b - 1] = "E-" + kind
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

    gaz, found = gazetteer.match(seg, [i for i in range(n) if types[i] != "S" and (i == 0 or types[i - 1] in "SP" or types[i] in "P"
                                                                               or (tok_of[i] >= 0 and toks[tok_of[i]].start == start + i))])
    rule = span_labels(n, rules, start)
    # a listed name with what follows and precedes it: 한국은 (acting, OG) against 한국에 (a place)
    for a, b, what in found:
        t = tok_at(start + b) if b < n and types[b] != "S" else None
        gaz[b - 1].append("gnext=" + what + "|" + (t.form + "/" + t.tag if t is not None and len(t.form) <= 4 else types[b] if b < n else "$"))
        j = a - 1
        while j >= 0 and types[j] == "S":
            j -= 1
        t = tok_at(start + j) if j >= 0 else None
        gaz[a].append("gprev=" + what + "|" + (t.form + "/" + t.tag if t is not None and len(t.form) <= 4 else "^"))
    # the noun head of each word and its last characters: 경찰서, 대학교, 구청 ...
    heads: dict[int, tuple[int, str]] = {}  # word start -> (head end, head suffix features)
    for i in range(n):
        ws = word_start[i]
        if types[i] == "S" or ws in heads:
            continue
        end = ws
        k = tok_of[ws]
        while k >= 0 and k < len(toks) and toks[k].tag in _HEAD_TAGS and toks[k].start - start < word_end[i]:
            end = min(toks[k].end - start, word_end[i])
            k += 1
        head = norm[ws:end]
        heads[ws] = (end, head[-1:] + "|" + head[-2:] + "|" + head[-3:] if end - ws >= 2 else "")

    def word_context(ws: int, we: int) -> list[str]:
        """The word after this one (a title after a name) and the one before (전, 駐 ...)."""
        ctx = []
        j = we
        while j < n and types[j] == "S":
            j += 1
        if j < n:
            t = tok_at(start + j)
            if t is not None and len(t.form) <= 6:
                ctx.append("nw=" + t.form.translate(_DIGITS) + "/" + t.tag)
        j = ws - 1
        while j >= 0 and types[j] == "S":
            j -= 1
        if j >= 0:
            t = tok_at(start + j)
            if t is not None and len(t.form) <= 6:
                ctx.append("pw=" + t.form.translate(_DIGITS) + "/" + t.tag)
        return ctx

    def token_context(k: int) -> list[str]:
        t = toks[k]
        ctx = []
        form = t.form.translate(_DIGITS)
        if len(form) <= 8:
            ctx.append("mf=" + form + "/" + t.tag)
        prev_t = toks[k - 1] if k > 0 else None
        next_t = toks[k + 1] if k + 1 < len(toks) else None
        ctx.append("pt=" + (prev_t.tag if prev_t else "^") + "|" + t.tag)
        ctx.append("nt=" + t.tag + "|" + (next_t.tag if next_t else "$"))
        if next_t and len(next_t.form) <= 6:
            ctx.append("nm=" + next_t.form.translate(_DIGITS) + "/" + next_t.tag)
        if prev_t and len(prev_t.form) <= 6:
            ctx.append("pm=" + prev_t.form.translate(_DIGITS) + "/" + prev_t.tag)
        return ctx

    # character templates, built a column at a time (the tagger's hot path)
    P = pad
    tp = tpad
    rp = ["^"] + rule[:-1]
    rows = [list(r) for r in zip(
        ["c=" + ch for ch in seg],
        ["c-1=" + ch for ch in P[1:n + 1]], ["c+1=" + ch for ch in P[3:n + 3]],
        ["c-2=" + ch for ch in P[0:n]], ["c+2=" + ch for ch in P[4:n + 4]],
        ["c-1c=" + x + y for x, y in zip(P[1:n + 1], norm)], ["cc+1=" + x + y for x, y in zip(norm, P[3:n + 3])],
        ["c-1cc+1=" + x + y + z for x, y, z in zip(P[1:n + 1], norm, P[3:n + 3])],
        ["c-2c-1=" + x + y for x, y in zip(P[0:n], P[1:n + 1])], ["c+1c+2=" + x + y for x, y in zip(P[3:n + 3], P[4:n + 4])],
        ["c-3=" + x for x in ["^"] * min(3, n) + list(norm[:max(0, n - 3)])], ["c+3=" + x for x in list(norm[3:]) + ["$"] * min(3, n)],
        ["t=" + x for x in types], ["tw=" + x + y + z for x, y, z in zip(tp[1:n + 1], types, tp[3:n + 3])],
        ["tw2=" + v + w + x + y + z for v, w, x, y, z in zip(tp[0:n], tp[1:n + 1], types, tp[3:n + 3], tp[4:n + 4])],
        ["r=" + x for x in rule], ["rp=" + x + "|" + y for x, y in zip(rp, rule)],
        ["c4a=" + v + w + x + y for v, w, x, y in zip(P[0:n], P[1:n + 1], norm, P[3:n + 3])],
        ["c4b=" + w + x + y + z for w, x, y, z in zip(P[1:n + 1], norm, P[3:n + 3], P[4:n + 4])],
        ["b"] * n,
    )]
    words: dict[int, list[str]] = {}
    tok_ctx: dict[int, list[str]] = {}
    out = rows
    for i in range(n):
        f = rows[i]
        if types[i] != "S":
            ws, we = word_start[i], word_end[i]
            ctx = words.get(ws)
            if ctx is None:
                hend, suffixes = heads[ws]
                ctx = words[ws] = word_context(ws, we) + ["wl=" + str(min(we - ws, 8))] + (
                    ["wh=" + norm[ws:hend]] if hend - ws <= 10 else [])
            f.extend(ctx)
            f.append("wp=" + _position(i, ws, we))
            hend, suffixes = heads[ws]
            if i < hend and suffixes:
                s1, s2, s3 = suffixes.split("|")
                f.extend(("hs1=" + s1, "hs2=" + s2, "hs3=" + s3, "hp=" + _position(i, ws, hend)))
            k = tok_of[i]
            if k >= 0:
                t = toks[k]
                f.append("m=" + t.tag + ":" + _position(i + start, t.start, t.end))
                ctx = tok_ctx.get(k)
                if ctx is None:
                    ctx = tok_ctx[k] = token_context(k)
                f.extend(ctx)
            else:
                f.append("m=none")
        else:
            f.append("space")
            f.extend(word_context(i, i))
        if gaz[i]:
            f.extend(gaz[i])
    return out

