"""Positions and features for the entity tagger: one position per content morpheme, not per character.

A *unit* is a Kiwi morpheme of a noun-like class (nouns, numbers, foreign words, prefixes and
suffixes, punctuation), or a run of verb-like morphemes that begins a word (지난, 오는, 했다). The
particles and endings after a noun (서울*에서*, 발표*했다*) are not units of their own: they become
features of the unit before them. Entities start and end at unit edges in 98% of KLUE's news spans,
and a sentence has a third as many units as characters, so tagging costs a fraction of a character
model's. Training (`training/`) and tagging (`corpus.ner.tagger`) both call `sequence_features`.
Features are UTF-8 bytes, built once and cached: python-crfsuite takes bytes as they are and encodes
every str anew (measured: the CRF call 30% faster on Wikinews; the model is the same byte for byte).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

from ..kinds import CODES
from ..kiwi import Tok
from .gazetteer import Gazetteer

NOMINAL = frozenset(
    {
        "NNG",
        "NNP",
        "NNB",
        "NR",
        "NP",
        "SN",
        "SL",
        "SH",
        "XPN",
        "XSN",
        "XR",
        "MM",
        "W_URL",
        "W_EMAIL",
        "W_HASHTAG",
        "W_MENTION",
        "W_SERIAL",
        "W_EMOJI",
    }
)
PUNCT = frozenset({"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "SB"})
_DIGITS = str.maketrans("0123456789０１２３４５６７８９", "00000000000000000000")
MAX_FORM = 12  # longer surfaces are a shape, not a word
GAZ_UNITS = 6  # a listed name spans at most this many units


def _shape(s: str) -> str:
    out = []
    for ch in s:
        if "가" <= ch <= "힣":
            c = "H"
        elif ch.isdigit():
            c = "D"
        elif "A" <= ch <= "Z":
            c = "A"
        elif "a" <= ch <= "z":
            c = "a"
        elif ch.isspace():
            c = "S"
        elif ch.isalpha():
            c = "O"
        else:
            c = ch if ch in ".,%·-/~" else "P"
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


class Units:
    """The units of one text: parallel lists of start, end, tag and the tail (particles, endings) glued after each."""

    __slots__ = ("starts", "ends", "tags", "tails", "spaced", "breaks")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.tags: list[str] = []
        self.tails: list[str] = []
        self.spaced: list[bool] = []  # a space (or the sentence start) before the unit: it begins a word
        self.breaks: list[int] = []  # unit indexes where a new sentence starts (0 first)


ABBREVIATIONS = frozenset("한미중일북남러영독불日美中韓北南英獨佛露")  # 한미, 남북, 한중일: one country a syllable
WORDS_OF_ABBREVIATIONS = frozenset(
    {
        "북한",
        "남한",
        "남미",
        "북미",
        "중미",
        "중남미",
        "남북한",
        "일본",
        "중국",
        "미국",
        "영국",
        "독일",
        "한국",
        "중남",
        "남중",
        "일일",
        "중일",
        "미남",
        "남일",
    }
)
# (whole words: 중일 fails as a word, see below)
SPLIT_SUFFIXES = 2  # a listed name with up to this many syllables glued after it is two units: 하나은행|장, 미국|인
SURNAME_MARKS = frozenset("모씨")  # 박모, 조씨
_SPLIT_TAGS = frozenset({"NNP", "NNG"})
_TAIL_X = frozenset({"XSV", "XSA"})  # suffixes that make a noun a verb: 발표*했다*


def _pieces(s: str, names: frozenset[str] | set[str], surnames: frozenset[str] | set[str]) -> list[int]:
    """Cut points inside a noun (offsets into `s`) where units should begin: 한|미, 북|측, 하나은행|장, 박|모, 한|·|일."""
    n = len(s)
    if "·" in s and n > 1:
        cuts = []
        for i, ch in enumerate(s):
            if ch == "·":
                cuts.extend(c for c in (i, i + 1) if 0 < c < n)
        return cuts
    if 2 <= n <= 3 and all(ch in ABBREVIATIONS for ch in s) and (s not in WORDS_OF_ABBREVIATIONS or s == "중일"):
        return list(range(1, n))
    if n == 2 and s[1] in SURNAME_MARKS and s[0] in surnames:
        return [1]
    if n >= 3 and s not in names:
        for cut in range(n - 1, n - SPLIT_SUFFIXES - 1, -1):
            if cut >= 2 and s[:cut] in names:
                return [cut]
    return []


def units(text: str, tokens: Sequence[Tok], gazetteer: Gazetteer | None = None) -> Units:
    """Split `tokens` (sorted, text offsets) into units and sentences; with a name list, listed names glued to a suffix
    are cut out of their morpheme (하나은행장 → 하나은행 장)."""
    u = Units()
    starts, ends, tags, tails, spaced, breaks = u.starts, u.ends, u.tags, u.tails, u.spaced, u.breaks
    names = gazetteer.names if gazetteer is not None else frozenset()
    surnames = _surnames()
    prev_end = -1
    run = ""  # the class of the last unit: "N" noun-like, "P" punctuation, "F" verb-like run, "T" a noun's tail
    sentence_over = False  # the last unit ended a sentence (., ?, ! and any closing marks glued to it)
    for t in tokens:
        tag = t.tag
        start = t.start
        glued = start <= prev_end  # Kiwi's 지나+ᆫ, 하+었: morphemes of one syllable overlap
        if tag in NOMINAL or tag in PUNCT or not glued:
            new = True
        elif run == "F":
            new = False  # 지나+ᆫ, 했+다: a verb-like run goes on
        elif run == "P":
            new = tag[0] != "J"  # '…'에: a particle after a closing mark is its tail
        else:
            new = tag[0] not in "JEV" and tag not in _TAIL_X  # 서울+에서, 발표+했다, 학생+이+다: a noun's tail
        if new:
            # a new unit
            if not glued and (not starts or sentence_over or "\n" in text[prev_end:start]) or not starts:
                breaks.append(len(starts))
            end = t.end
            cuts = _pieces(text[start:end], names, surnames) if tag in _SPLIT_TAGS and end - start >= 2 else ()
            if cuts:
                edges = [start, *(start + c for c in cuts), end]
                last = len(edges) - 2
                for k in range(last + 1):
                    a, b = edges[k], edges[k + 1]
                    starts.append(a)
                    ends.append(b)
                    tags.append(tag if k == 0 else "SP" if text[a:b] == "·" else "XSN" if k == last and len(cuts) == 1 else tag)
                    tails.append("")
                    spaced.append(not glued if k == 0 else False)
            else:
                starts.append(start)
                ends.append(end)
                tags.append(tag)
                tails.append("")
                spaced.append(not glued)
            if tag in NOMINAL:
                sentence_over = False
                run = "N"
            elif tag in PUNCT:
                sentence_over = tag == "SF" or (sentence_over and glued)
                run = "P"
            else:
                sentence_over = False
                run = "F"
        elif run == "F":
            if t.end > ends[-1]:
                ends[-1] = t.end
            tags[-1] = tags[-1].split("+")[0] + "+" + tag
        else:  # a particle or ending after a noun or a closing mark: the unit's tail
            if run != "T":
                tails[-1] = t.form + "/" + tag
            run = "T"
        if t.end > prev_end:
            prev_end = t.end
    return u


_surname_set: frozenset[str] | None = None


def _surnames() -> frozenset[str]:
    global _surname_set
    if _surname_set is None:
        from ..lexicon import KOREAN_SURNAMES

        _surname_set = frozenset(s for s in KOREAN_SURNAMES if len(s) == 1)
    return _surname_set


_self_cache: dict[tuple[str, str], tuple[tuple[bytes, ...], bytes, bytes, str]] = {}


def _self(surface: str, tag: str) -> tuple[tuple[bytes, ...], bytes, bytes, str]:
    """(own features, as the previous unit, as the next unit, the word) of a surface with its tag; cached."""
    key = (surface, tag)
    got = _self_cache.get(key)
    if got is not None:
        return got
    norm = surface.translate(_DIGITS)
    word = norm if len(norm) <= MAX_FORM else _shape(norm)
    wt = word + "/" + tag
    shape = _shape(norm)
    feats = ["w=" + wt, "sh=" + shape + (str(min(len(norm), 5)) if shape in ("H", "A", "D") else "")]
    if len(norm) >= 2 and tag not in PUNCT:
        feats.append("s1=" + norm[-1])
        feats.append("p1=" + norm[0])
        if len(norm) >= 3:
            feats.append("s2=" + norm[-2:])
    got = (tuple(f.encode() for f in feats), ("w-1=" + wt).encode(), ("w+1=" + wt).encode(), wt)
    if len(_self_cache) > 200_000:
        _self_cache.clear()
    _self_cache[key] = got
    return got


def _positions(length: int) -> list[str]:
    if length == 1:
        return ["S"]
    return ["B"] + ["I"] * (length - 2) + ["E"]


_gaz_cache: dict[tuple[str, int], tuple[tuple[bytes, ...], ...]] = {}


def _gaz_hit(form: str, length: int, hits: list[tuple[str, ...]]) -> tuple[tuple[bytes, ...], ...]:
    """The features of a listed form spanning `length` units, one tuple per unit; cached."""
    key = (form, length)
    got = _gaz_cache.get(key)
    if got is None:
        per: list[list[str]] = [[] for _ in range(length)]
        for source, kinds, fine, *freq in hits:
            kind = kinds.split(",")[0]
            for x, pos in enumerate(_positions(length)):
                per[x].append("g" + source + "=" + kind + ":" + pos)
            per[0].append("g" + source + "f=" + fine)
            per[0].append("g" + source + "k=" + kinds)
            if freq:
                per[0].append("g" + source + "q=" + kind + ":" + freq[0])
        got = _gaz_cache[key] = tuple(tuple(f.encode() for f in x) for x in per)
    return got


def gazetteer_features(text: str, u: Units, lo: int, hi: int, gazetteer: Gazetteer) -> list[tuple[bytes, ...]]:
    """Listed names among units lo..hi-1, the longest matched from a unit start to a unit end: features per unit."""
    feats: list[tuple[bytes, ...]] = [()] * (hi - lo)
    entries = gazetteer.entries
    prefixes = gazetteer.prefixes()
    longest = gazetteer.longest
    starts, ends = u.starts, u.ends
    i = lo
    while i < hi:
        a = starts[i]
        reach = a + longest.get(text[a], 0)
        best = -1
        j = i
        last = min(hi, i + GAZ_UNITS)
        while j < last and ends[j] <= reach:
            form = text[a : ends[j]]
            if form in entries:
                best = j
            if form not in prefixes:
                break
            j += 1
        if best < 0:
            i += 1
            continue
        form = text[a : ends[best]]
        for x, unit_feats in enumerate(_gaz_hit(form, best + 1 - i, entries[form])):
            feats[i - lo + x] = feats[i - lo + x] + unit_feats if feats[i - lo + x] else unit_feats
        i = best + 1
    return feats


def rule_labels(u: Units, lo: int, hi: int, rules: Sequence[tuple[int, int, str]]) -> list[str]:
    """The rule tagger's spans as B/I/E/S labels of units lo..hi-1 (a unit inside a span takes its label)."""
    labels = ["O"] * (hi - lo)
    starts = u.starts
    for a, b, kind in rules:
        i = bisect_left(starts, a, lo, hi)
        j = bisect_left(starts, b, lo, hi)
        if j > i:
            for k, pos in zip(range(i, j), _positions(j - i)):
                labels[k - lo] = pos + "-" + kind
    return labels


_word_cache: dict[str, tuple[bytes, ...]] = {}
_pair_cache: dict[tuple[str, str], tuple[bytes, bytes]] = {}
_RULE = {"O": b"r=O", **{p + "-" + k: ("r=" + p + "-" + k).encode() for p in "BIES" for k in CODES}}


def _tail_pair(wt: str, tail: str) -> tuple[bytes, bytes]:
    got = _pair_cache.get((wt, tail))
    if got is None:
        got = ("tl=" + tail).encode(), ("wtl=" + wt + "|" + tail).encode()
        if len(_pair_cache) > 200_000:
            _pair_cache.clear()
        _pair_cache[(wt, tail)] = got
    return got


_t3_cache: dict[tuple[str, str, str], bytes] = {}
_tail_cache: dict[str, bytes] = {}


def _tail_feature(tail: str) -> bytes:
    got = _tail_cache.get(tail)
    if got is None:
        got = _tail_cache[tail] = ("ptl=" + (tail or "-")).encode()
    return got


_SPACE = {(a, b, t): ("sp=" + a + b + t).encode() for a in "01" for b in "01" for t in ("", "t")}


def _word(head: str, units: int, suffixes: dict[str, str]) -> tuple[bytes, ...]:
    """Features of a word's noun part (서울시청 of 서울시청에서), shared by all its units: the part itself and its last two
    syllables when it has two units or more, and the kind of name its ending usually ends (위원회 -> OG); cached."""
    key = head if units > 1 else "\0" + head
    got = _word_cache.get(key)
    if got is None:
        feats = []
        norm = head.translate(_DIGITS)
        if units > 1:
            if len(norm) <= MAX_FORM:
                feats.append("wh=" + norm)
            feats.append("ws=" + norm[-2:])
        for m in (3, 2, 1):
            if len(head) > m:
                kind = suffixes.get(head[-m:])
                if kind:
                    feats.append("hsx=" + kind)
                    feats.append("hsx" + str(m) + "=" + kind[:2])
                    break
        got = tuple(f.encode() for f in feats)
        if len(_word_cache) > 200_000:
            _word_cache.clear()
        _word_cache[key] = got
    return got


def sequence_features(
    text: str, u: Units, lo: int, hi: int, rules: Sequence[tuple[int, int, str]], gazetteer: Gazetteer
) -> list[list[bytes]]:
    """The features of units lo..hi-1 (one sentence); `rules` are (start, end, kind) spans in text offsets, sorted.

    A unit's own word, tag, shape and first and last syllables; the units on either side and their tags; the tail
    glued after it and after the unit before it (서울*에서*, 한국*은*); spaces around it; its word's noun part and
    that part's ending; the rule tagger's label; listed names it belongs to (`gazetteer_features`).
    """
    starts, ends, tags, tails, spaced = u.starts, u.ends, u.tags, u.tails, u.spaced
    n = hi - lo
    selfs = [_self(text[starts[k] : ends[k]], tags[k]) for k in range(lo, hi)]
    gaz = gazetteer_features(text, u, lo, hi, gazetteer)
    rule = rule_labels(u, lo, hi, rules)
    suffixes = gazetteer.suffixes()
    # each word (units without a space between them) gives its noun part's features to all its units
    word_feats: list[tuple[bytes, ...]] = [()] * n
    i = 0
    while i < n:
        j = i + 1
        while j < n and not spaced[lo + j]:
            j += 1
        h = i
        while h < j and tags[lo + h] in NOMINAL:
            h += 1
        if h > i:
            wf = _word(text[starts[lo + i] : ends[lo + h - 1]], h - i, suffixes)
            for x in range(i, j):
                word_feats[x] = wf
        i = j
    # the context of each unit, a column at a time (the tagger's hot path)
    tg = ["^", *tags[lo:hi], "$"]
    t3s = []
    for key in zip(tg, tg[1:], tg[2:]):
        t3 = _t3_cache.get(key)
        if t3 is None:
            t3 = _t3_cache[key] = ("t3=" + "|".join(key)).encode()
        t3s.append(t3)
    tl = tails[lo:hi]
    ptl = [b"ptl=^", *(_tail_feature(t) for t in tl[:-1])]
    sp = spaced[lo:hi]
    spaces = [
        _SPACE[(x, y, z)]
        for x, y, z in zip(("1" if x else "0" for x in sp), ("1" if x else "0" for x in [*sp[1:], True]), ("t" if t else "" for t in tl))
    ]
    prevs = [b"w-1=^", *(x[1] for x in selfs[:-1])]
    nexts = [*(x[2] for x in selfs[1:]), b"w+1=$"]
    rs = [_RULE.get(r) or ("r=" + r).encode() for r in rule]
    out = [
        [*own[0], p, q, t3, pt, sc, r, *wf] for own, p, q, t3, pt, sc, r, wf in zip(selfs, prevs, nexts, t3s, ptl, spaces, rs, word_feats)
    ]
    for i, tail in enumerate(tl):
        if tail:
            out[i] += _tail_pair(selfs[i][3], tail)
    for i, g in enumerate(gaz):
        if g:
            out[i] += g
    return out


def span_labels(u: Units, lo: int, hi: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """B-/I-/E-/S- labels of units lo..hi-1 from (start, end, kind) spans in text offsets; a span whose edges are not
    unit edges is left out."""
    labels = ["O"] * (hi - lo)
    starts, ends = u.starts, u.ends
    for a, b, kind in sorted(spans):
        i = bisect_left(starts, a, lo, hi)
        if i >= hi or starts[i] != a:
            continue
        j = bisect_left(ends, b, lo, hi)
        if j >= hi or ends[j] != b or any(labels[k - lo] != "O" for k in range(i, j + 1)):
            continue
        for k, pos in zip(range(i, j + 1), _positions(j + 1 - i)):
            labels[k - lo] = pos + "-" + kind
    return labels


def decode(u: Units, lo: int, labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, kind) text spans of the B-/I-/E-/S- labels of units lo.. (an I- or E- without a B- starts a run too)."""
    spans: list[tuple[int, int, str]] = []
    starts, ends = u.starts, u.ends
    first, kind = -1, ""
    last = lo
    for i, label in enumerate(labels):
        k = lo + i
        if label == "O":
            if first >= 0:
                spans.append((starts[first], ends[last], kind))
                first = -1
            continue
        tag, k_kind = label[0], label[2:]
        if first >= 0 and (tag not in ("I", "E") or k_kind != kind):
            spans.append((starts[first], ends[last], kind))
            first = -1
        if first < 0:
            first, kind = k, k_kind
        last = k
        if tag in ("E", "S"):
            spans.append((starts[first], ends[k], kind))
            first = -1
    if first >= 0:
        spans.append((starts[first], ends[last], kind))
    return spans
