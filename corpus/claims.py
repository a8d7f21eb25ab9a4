"""Claims: every quantity with what it measures, its time and the entities around it.

The subject is the noun phrase the number measures, read from Kiwi's morphemes: the phrase before the
number (국내 챗GPT 월간활성사용자(MAU) 수는 2031만명), or after it for ordinals and for 'N명의 …'
(세 번째 해외 지사, 21명의 국내 크리에이터). What the claim measures, who holds the number, its scope,
time and the words of its sentence come from `corpus.claim_key`. Identifiers (1호선, 제7호 태풍) are no
claims: they name things, and names never conflict.
"""

from __future__ import annotations

import bisect
import collections
from dataclasses import dataclass

from .claim_key import Key, Span, describe, sentence_words
from .kiwi import Tok
from .mentions import Mention
from .spans import Coverage

_NP_TAGS = {"NNG", "NNP", "NNB", "SL", "SH", "SN", "XSN", "XPN", "SSO", "SSC", "NR"}
_SKIP_BEFORE = {"최근", "현재", "각각", "모두", "총", "약", "무려", "전체", "이미", "기준", "대비", "이번", "당시", "역시", "또한", "또"}
_STOP_WORDS = {"따르면", "기준", "결과", "가운데", "중", "등", "및", "대비", "비교", "이후", "이전", "때문", "위해", "통해", "경우"}
_PARTICLES = {"JX", "JKS", "JKO", "JKB", "JKC", "JC", "VCP", "JKG"}
WINDOW = 64  # tokens a claim looks back over for the phrase it measures (a reader's clause is far shorter)


@dataclass
class RawClaim:
    """A claim before it is given ids and resolved dates."""

    mention: Mention
    subject: str
    subject_start: int
    subject_end: int
    sentence_start: int
    sentence_end: int
    time_text: str
    key: Key | None = None


def _span_text(text: str, toks: list[Tok]) -> tuple[str, int, int]:
    if not toks:
        return "", -1, -1
    a, b = toks[0].start, toks[-1].end
    s = text[a:b].strip()
    # balance a stray bracket at either end
    if s.count("(") < s.count(")") and s.endswith(")") is False:
        s = s.lstrip(")")
    if s.count("(") > s.count(")"):
        s = s.rstrip("(").strip()
    return s, a, b


def _skippable(t: Tok, blocked: Blocked) -> bool:
    return t.form in _SKIP_BEFORE or _in(t, blocked) or (t.tag == "SW" and t.form in "▲△▶►·•-") or t.tag == "SP" and t.form == ","


def _before(text: str, toks: list[Tok], idx: int, sentence_start: int, blocked: Blocked) -> list[Tok]:
    i = idx - 1
    floor = max(0, idx - WINDOW)  # a clause is short: a list of amounts is not walked back to its start for each one
    # skip adverbial words, list markers, other quantities and dates, and the particles between phrase and number
    particles = 0
    while i >= floor and toks[i].start >= sentence_start:
        t = toks[i]
        if _skippable(t, blocked):
            i -= 1
        elif t.tag in _PARTICLES and t.form != "의" and particles < 2:
            particles += 1
            i -= 1
        else:
            break
    out: list[Tok] = []
    depth = 0
    while i >= floor and toks[i].start >= sentence_start:
        t = toks[i]
        if _in(t, blocked) or t.form in _STOP_WORDS:
            break
        if t.tag == "SSC":
            depth += 1
        elif t.tag == "SSO":
            if depth == 0:
                break
            depth -= 1
        elif t.tag not in _NP_TAGS and not (t.tag == "JKG" and out):
            break
        out.append(t)
        i -= 1
        if len(out) > 12:
            break
    out.reverse()
    while out and out[0].tag in ("JKG", "SSC", "SN"):
        out.pop(0)
    return out


def _after(toks: list[Tok], idx_end: int, sentence_end: int, blocked: Blocked) -> list[Tok]:
    i = idx_end
    if i < len(toks) and toks[i].form == "의" and toks[i].tag == "JKG":
        i += 1
    out: list[Tok] = []
    while i < len(toks) and toks[i].end <= sentence_end:
        t = toks[i]
        if _in(t, blocked) or t.tag not in _NP_TAGS - {"SSO", "SSC", "SN"}:
            break
        out.append(t)
        i += 1
        if len(out) > 6:
            break
    return out


class Blocked:
    """What a claim's noun phrase may not cross: the dates and the other quantities of the text (the list
    `dates + [q for q in quantities if q != own]`), asked by offset in O(log n) instead of by a scan of
    every span for every token of every claim."""

    __slots__ = ("_cover", "_own", "_own_count")

    def __init__(self, cover: Coverage, own: tuple[int, int], own_count: int) -> None:
        self._cover, self._own, self._own_count = cover, own, own_count

    def __call__(self, pos: int) -> bool:
        n = self._cover.count(pos)
        if self._own[0] <= pos < self._own[1]:
            n -= self._own_count
        return n > 0


def _in(t: Tok, blocked: Blocked) -> bool:
    return blocked(t.start)


def build_claims(text: str, tokens: list[Tok], mentions: list[Mention], sentence_of) -> list[RawClaim]:
    """A RawClaim for every QT mention that measures something; `sentence_of(pos)` gives the sentence span."""
    starts = [t.start for t in tokens]
    temporal = [(m.start, m.end) for m in mentions if m.kind in ("DT", "TI")]
    quantities = [(m.start, m.end) for m in mentions if m.kind == "QT"]
    spans = sorted((Span(m.start, m.end, m.kind, m.text) for m in mentions), key=lambda sp: sp.start)
    span_starts = [sp.start for sp in spans]
    masked = sorted(temporal + quantities)
    masked_starts = [a for a, _ in masked]
    cover = Coverage(masked)
    quantity_count = collections.Counter(quantities)
    words_of: dict[int, list[str]] = {}
    out: list[RawClaim] = []
    sentence: tuple[int, int] | None = None  # the sentence of the claims before, its tokens and mention spans
    sentence_toks: list[Tok] = []
    in_sentence: list[Span] = []
    s_first = 0

    for m in mentions:
        if m.kind != "QT" or m.quantity is None or m.quantity.kind == "identifier":
            continue
        q = m.quantity
        cs, ce = q.context
        s_start, s_end = sentence_of(q.start)  # the claim is the quantity, whatever span the tagger gave the mention
        first = bisect.bisect_left(starts, cs)
        last = bisect.bisect_left(starts, ce)
        while last < len(tokens) and tokens[last].start < m.end:
            last += 1
        blocked = Blocked(cover, (m.start, m.end), quantity_count[(m.start, m.end)])
        before = _before(text, tokens, first, s_start, blocked)
        after = _after(tokens, last, s_end, blocked)
        follows_of = last < len(tokens) and tokens[last].form == "의"
        if (q.kind in ("ordinal", "rank") or follows_of or not before) and after:
            subject_toks = after
        else:
            subject_toks = before
        subject, sa, sb = _span_text(text, subject_toks)
        conversion = out and cs > 0 and text[cs - 1] == "(" and out[-1].mention.end >= cs - 2 and out[-1].sentence_start == s_start
        if conversion:
            subject, sa, sb = out[-1].subject, out[-1].subject_start, out[-1].subject_end  # (약 15조 8500억 원): a conversion
        if sentence != (s_start, s_end):  # once per sentence, not once per claim
            sentence = (s_start, s_end)
            s_first = bisect.bisect_left(starts, s_start)
            sentence_toks = tokens[s_first : bisect.bisect_left(starts, s_end)]
            in_sentence = spans[bisect.bisect_left(span_starts, s_start) : bisect.bisect_left(span_starts, s_end)]
            if s_start not in words_of:  # the masked spans that can hold the sentence's tokens, not all of them
                near = masked[max(0, bisect.bisect_right(masked_starts, s_start) - 1) : bisect.bisect_right(masked_starts, s_end)]
                words_of[s_start] = sentence_words(sentence_toks, near)
        k_first = min(max(0, first - s_first), len(sentence_toks) - 1)
        if k_first < 0:
            key = Key(words=words_of[s_start])  # no token in the sentence (cannot happen with Kiwi's tokens)
        else:
            # a quantity cut by the end of a long sentence's piece (3억 | 원) ends with the piece
            k_last = min(max(k_first + 1, last - s_first), len(sentence_toks))
            key = describe(text, sentence_toks, k_first, k_last, (sa, sb), q.kind, in_sentence, words_of[s_start])
        _borrow(key, q.kind, q.unit, out, s_start, conversion)
        out.append(RawClaim(m, subject, sa, sb, s_start, s_end, key.time_text, key))
    return out


def _borrow(key: Key, kind: str, unit: str, previous: list[RawClaim], sentence_start: int, conversion: bool) -> None:
    """Fill a key the clause leaves open from the claim it continues.

    A conversion in brackets is the claim before it; a list (서울 40명, 부산 30명) shares the measure of its
    first item; an ordinal with no noun (전 세계에서는 열두 번째다) continues the ordinal before it, in this
    sentence or the one before.
    """
    if not previous:
        return
    prev = previous[-1]
    if conversion and prev.key:
        key.measure, key.scope = prev.key.measure, prev.key.scope
        key.holder, key.holder_kind, key.holder_from = prev.key.holder, prev.key.holder_kind, prev.key.holder_from
        return
    if key.measure:
        return
    ordinal = kind in ("ordinal", "rank")
    for p in reversed(previous[-6:]):
        same_sentence = p.sentence_start == sentence_start
        if not same_sentence and sentence_start - p.sentence_end > 3:
            return  # only this sentence or the one just before
        if p.key is None or not p.key.measure:
            continue
        p_ordinal = p.mention.quantity.kind in ("ordinal", "rank")
        if ordinal and p_ordinal or (not ordinal and same_sentence and p.mention.quantity.unit == unit):
            key.measure = p.key.measure
            if not key.holder and p.key.holder:
                key.holder, key.holder_kind, key.holder_from = p.key.holder, p.key.holder_kind, p.key.holder_from
            if not key.scope and not ordinal:
                key.scope = p.key.scope
            return
        if not same_sentence and not ordinal:
            return
