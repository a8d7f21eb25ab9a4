"""What a claim measures: its holder, measure, scope and time, and the words of its sentence.

A claim's key is read from the morphemes Kiwi already produced for the article (no second pass):

* **measure**: the counted or measured noun (사망자, 직원, 지지율, 월간활성사용자 수), from the noun phrase the
  number measures, without its holder, scope words, brackets and numbers. Ordinals and ranks measure a
  position: 세 번째 해외 지사 → measure "지사 순위", scope 해외. A clause with no measure noun borrows it from
  the claim before it in a list (서울 40명, 부산 30명) or, for a verb-only clause (18명이 숨졌다), takes the verb.
* **holder**: the person, organisation or place the number belongs to, from the claim's own clause: a
  genitive modifier of the measure (가상전자의 직원 수), a name inside the measure's phrase (오픈AI 직원 수),
  the subject or topic of the clause (문재인 후보가 48.0%의 지지율을 얻었고), or the topic that opens the
  sentence (서울시는 …하고, 3000명을 채용한다). Names are read from the mention spans (PS, OG, LC, PD) by
  offset, so a better tagger gives better holders without changes here. A noun phrase that is no name
  (경찰은, 집권 여당 연합은) can hold a number too. `holder_from` says which rule found it; the article's main
  entity is only a fallback, applied at comparison time and marked as weaker.
* **scope**: 국내, 해외, 아시아, 세계 … when the clause limits the number to a region.
* **time**: the date expression of the claim's own clause (else of its sentence), never a duration.
* **words**: the content morphemes of the sentence (nouns, verb and adjective stems, foreign words) with
  every number, date and quantity masked, for measuring how alike two sentences are.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .kinds import NAME_KINDS
from .kiwi import Tok
from .lexicon import GENERIC_HOLDERS, MEASURE_GENERIC, MEASURE_SYNONYMS, SCOPE_WORDS

_NOUNISH = {"NNG", "NNP", "NNB", "SL", "SH", "XSN", "XPN", "SN", "NR"}
_CONTENT = {"NNG", "NNP", "SL", "SH", "XR"}
_SUBJECT_PARTICLES = {("JKS", "이"), ("JKS", "가"), ("JX", "은"), ("JX", "는"), ("JKS", "께서")}
_AUX_AFTER_EC = ("VX",)
_DURATION = re.compile(
    r"^\d{1,2}\s?년$|^\d+\s?(?:개월|주일|주간|년간|일간|년|주|일)\s?(?:간|동안|만|째)$|^\d+\s?(?:개월|주일|주간|년간|일간)$"  # noqa: E501 (a pattern or Korean text reads best whole)
    r"|^(?:하루|이틀|사흘|나흘|닷새|엿새|이레|여드레|열흘|보름|한\s?달|두\s?달|석\s?달|넉\s?달)"
)


@dataclass
class Span:
    """A mention span the key reads: a name (PS/OG/LC/PD), a date (DT/TI) or a quantity (QT)."""

    start: int
    end: int
    kind: str
    text: str


@dataclass
class Key:
    """What one claim measures."""

    holder: str = ""
    holder_kind: str = ""
    holder_from: str = ""
    measure: str = ""
    scope: str = ""
    time_text: str = ""
    words: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)


def is_verb(tag: str) -> bool:
    """Verb and adjective tags, with Kiwi's irregular-conjugation suffixes (VV-R, VA-I …)."""
    return tag.startswith(("VV", "VA"))


def sentence_words(toks: list[Tok], masked: list[tuple[int, int]]) -> list[str]:
    """Content morphemes of a sentence, numbers and masked spans (quantities, dates) left out.

    A noun and its derivational suffix are one word (지지 + 율 → 지지율); the plural 들 is dropped; verb and
    adjective stems are kept in dictionary form (숨지다, 다치다), so 18명이 숨졌다 and 18명이 다쳤다 differ.
    """
    out: list[str] = []
    prev: Tok | None = None
    starts = [a for a, _ in masked]
    for t in toks:
        i = bisect.bisect_right(starts, t.start) - 1
        if i >= 0 and masked[i][0] <= t.start < masked[i][1]:
            prev = None
            continue
        if t.tag == "XSN" and prev is not None and prev.end == t.start and out and t.form != "들":
            out[-1] = out[-1] + t.form
        elif t.tag in _CONTENT:
            out.append(t.form.lower() if t.tag == "SL" else t.form)
        elif is_verb(t.tag):
            out.append(t.form + "다")
        else:
            prev = None
            continue
        prev = t
    seen: set[str] = set()
    return [w for w in out if not (w in seen or seen.add(w))]


def clause_of(toks: list[Tok], first: int, last: int) -> tuple[int, int]:
    """Token index range [lo, hi) of the clause holding tokens first..last-1 within one sentence's tokens.

    Clauses end at connective endings (…고, …며, …지만, …어) that are not followed by an auxiliary verb,
    and at commas.
    """

    def boundary(i: int) -> bool:
        t = toks[i]
        if t.tag == "SP" and t.form == ",":
            # 서울 40명, 부산 30명 and 세 번째, 전 세계에서는 열두 번째: items end at a comma; 직장, 학교, 거리 is one phrase
            return i == 0 or toks[i - 1].tag not in ("NNG", "NNP", "SL", "SH")
        if t.tag == "EC":
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            return nxt is None or not nxt.tag.startswith(_AUX_AFTER_EC)
        return t.tag in ("EF", "SF")

    lo = first
    while lo > 0 and not boundary(lo - 1):
        lo -= 1
    hi = last
    while hi < len(toks) and not boundary(hi):
        hi += 1
    return lo, min(hi + 1, len(toks))


def _np_before(toks: list[Tok], p: int, lo: int) -> tuple[int, int]:
    """The noun phrase (genitive chains and brackets included) ending just before token p, not before lo."""
    j = p - 1
    depth = 0
    while j >= lo:
        t = toks[j]
        if t.tag == "SSC":
            depth += 1
        elif t.tag == "SSO":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and t.tag not in _NOUNISH and t.tag != "JKG" and not (t.tag == "SP" and t.form == "·"):
            break
        j -= 1
    a = j + 1
    while a < p and toks[a].tag in ("JKG", "SSC"):
        a += 1
    return a, p


def _names_in(spans: list[Span], a: int, b: int) -> list[Span]:
    return [s for s in spans if s.kind in NAME_KINDS and s.start < b and s.end > a]


def _plain(toks: list[Tok], text: str) -> str:
    """The nouns of a token run as the text writes them (spaces kept between words)."""
    keep = [t for t in toks if t.tag in ("NNG", "NNP", "SL", "SH", "XSN", "XPN", "NNB") and t.form != "들"]
    out = ""
    prev_end = None
    for t in keep:
        if prev_end is not None:
            out += "" if t.start == prev_end else " "
        out += text[t.start : t.end]
        prev_end = t.end
    return out.strip()


def _holder_np(toks: list[Tok], a: int, b: int, text: str, spans: list[Span], blocked: list[tuple[int, int]]) -> tuple[str, str] | None:
    """(holder, kind) for the noun phrase toks[a:b]: its rightmost name, else its nouns unless generic."""
    if a >= b:
        return None
    start, end = toks[a].start, toks[b - 1].end
    names = _names_in(spans, start, end)
    if names:
        name = max(names, key=lambda s: s.end)
        return name.text, name.kind
    nouns = [
        t
        for t in toks[a:b]
        if t.tag in ("NNG", "NNP", "SL", "SH", "XSN") and t.form != "들" and not any(x <= t.start < y for x, y in blocked)
    ]
    if not nouns or any(t.tag in ("SN", "NR") for t in toks[a:b]):
        return None
    if all(t.form in GENERIC_HOLDERS or t.form in SCOPE_WORDS or t.tag == "XSN" for t in nouns):
        return None
    return _plain(nouns, text), ""


def _measure(toks: list[Tok], text: str, spans: list[Span], blocked: list[tuple[int, int]]) -> tuple[str, tuple[str, str, str] | None, str]:
    """(measure, holder found inside the phrase, scope) from the tokens of a claim's noun phrase."""
    holder = None
    scope = ""
    # the genitive part names the holder: 가상전자의 국내 직원 수
    gen = max((i for i, t in enumerate(toks) if t.tag == "JKG"), default=-1)
    if gen > 0:
        found = _holder_np(toks, 0, gen, text, spans, blocked)
        if found:
            holder = (found[0], found[1], "genitive")
        toks = toks[gen + 1 :]
    kept: list[Tok] = []
    depth = 0
    names = _names_in(spans, toks[0].start, toks[-1].end) if toks else []
    for i, t in enumerate(toks):
        if t.tag == "SSO":
            depth += 1
            continue
        if t.tag == "SSC":
            depth = max(0, depth - 1)
            continue
        if depth or t.tag in ("SN", "NR", "MM", "SW", "SP", "SO") or any(x <= t.start < y for x, y in blocked):
            continue
        if t.form in SCOPE_WORDS and not kept:
            scope = SCOPE_WORDS[t.form]
            continue
        name = next((s for s in names if s.start <= t.start < s.end), None)
        if name is not None:
            if holder is None and not kept:
                holder = (name.text, name.kind, "measure")
            if not kept:
                continue
        if t.form == "전" and i + 1 < len(toks) and toks[i + 1].form in ("세계",):
            continue
        if t.form in MEASURE_GENERIC and not kept:
            continue
        if t.tag in ("NNG", "NNP", "SL", "SH", "XSN", "XPN", "NNB") and t.form != "들":
            kept.append(t)
    while kept and (
        kept[-1].tag == "NNB" and kept[-1].form not in ("수",) or kept[-1].form in ("안", "내", "밖", "이내", "권", "가운데", "중", "전체")
    ):
        kept.pop()
    return _plain(kept, text), holder, scope


def measure_key(measure: str) -> str:
    """The measure as compared: no spaces, 수/규모 dropped, synonyms folded (사무소 → 지사)."""
    m = measure.replace(" ", "")
    if m.endswith("순위") and len(m) > 2:
        return measure_key(m[:-2]) + "순위"
    for tail in ("의수", "수", "규모", "숫자", "인원수"):
        if m.endswith(tail) and len(m) > len(tail):
            m = m[: -len(tail)]
            break
    for word, canon in MEASURE_SYNONYMS.items():
        if m.endswith(word):
            m = m[: -len(word)] + canon
            break
    return m


def _scope_near(toks: list[Tok], lo: int, first: int) -> str:
    """The scope word nearest before the number within its clause (아시아에서 세 번째)."""
    for j in range(first - 1, max(lo, first - 8) - 1, -1):
        form = toks[j].form
        if form in SCOPE_WORDS:
            return SCOPE_WORDS[form]
    return ""


def _is_duration(text: str) -> bool:
    return bool(_DURATION.search(text.strip()))


def describe(
    text: str, toks: list[Tok], first: int, last: int, subject: tuple[int, int], kind: str, spans: list[Span], words: list[str]
) -> Key:
    """The key of the claim whose quantity covers sentence tokens first..last-1.

    `toks` are the sentence's tokens, `subject` the character span of the noun phrase the number
    measures (from `corpus.claims`), `spans` the sentence's mention spans, `words` the sentence's words.
    """
    key = Key(words=words)
    lo, hi = clause_of(toks, first, last)
    dates = [(s.start, s.end) for s in spans if s.kind in ("DT", "TI")]
    sa, sb = subject
    subj = [t for t in toks if sa <= t.start and t.end <= sb] if sa >= 0 else []
    measure, inner_holder, scope = _measure(subj, text, spans, dates) if subj else ("", None, "")
    if subj and subj[-1].end <= toks[first].start and any(t.tag == "JKB" for t in toks[first - 3 : first] if t.start >= subj[-1].end):
        measure = ""  # 이 사고로 18명이: an adverbial phrase (로, 에서, 에) is no measure, though it may name a place
    key.scope = scope or _scope_near(toks, lo, first)
    ranked = kind in ("ordinal", "rank")
    holder = inner_holder
    if holder is None and first > 1 and toks[first - 1].tag == "JKG":
        found = _holder_np(toks, *_np_before(toks, first - 1, lo), text, spans, dates)  # 오픈AI의 첫 해외 지사
        if found:
            holder = (found[0], found[1], "genitive")
    if ranked and not measure:
        measure = _object_noun(toks, lo, len(toks), last, text, spans, dates)
    topic_is_measure = False
    if ranked and not measure and holder is None:
        subj = _clause_subject(toks, lo, first, text, spans, dates, (sa, sb))
        if subj and not subj[1]:
            measure, topic_is_measure = subj[0], True  # 개발자 수는 전 세계 10위권이다: the topic is what is ranked
    if not measure:
        measure, found = _measure_around(toks, lo, first, last, hi, kind, text, spans, dates)
        if holder is None and found is not None:
            holder = found
    if not measure:
        measure = _predicate(toks, last, hi)
    key.measure = measure + (" 순위" if ranked and measure else "")
    if holder is None and not topic_is_measure:
        holder = _clause_subject(toks, lo, first, text, spans, dates, (sa, sb))
    if holder is None:
        holder = _clause_subject_after(toks, last, hi, text, spans, dates, (sa, sb))
    if holder is None and lo > 0:
        holder = _sentence_topic(toks, lo, text, spans, dates)
    if holder is not None:
        key.holder, key.holder_kind, key.holder_from = holder
    key.time_text = _time(text, toks, lo, hi, first, spans)
    before = [t.form for t in toks[max(0, first - 2) : first] if t.tag not in ("SN", "NR")]
    after = [t.form for t in toks[last : last + 2] if t.tag not in ("SN", "NR")]
    key.context = before + ["#"] + after
    return key


def _measure_around(toks, lo, first, last, hi, kind, text, spans, dates) -> tuple[str, tuple[str, str, str] | None]:
    """A measure from the words around the number when its own phrase names none.

    곡사포 화력의 65%: what a share is a share of; 더불어민주당 의원(전체 121명): the phrase before the
    bracket; '반대한다'가 21.5%: the quoted answer; PIF 17개 국가: the noun after the number.
    """
    p = first - 1
    while p >= lo and (toks[p].form in MEASURE_GENERIC or toks[p].tag in ("MM", "MAG")):
        p -= 1
    if p > lo and toks[p].tag == "JKG" and kind == "percent":
        a, b = _np_before(toks, p, lo)
        m, holder, _ = _measure(toks[a:b], text, spans, dates)
        if m:
            return m, holder
    if p > lo and toks[p].tag == "SSO":
        a, b = _np_before(toks, p, lo)
        if a < b:
            m, holder, _ = _measure(toks[a:b], text, spans, dates)
            if holder is None:
                names = _names_in(spans, toks[a].start, toks[b - 1].end)
                holder = (names[-1].text, names[-1].kind, "measure") if names and not m else None
            if m:
                return m, holder
    q = first - 1
    while q >= lo and toks[q].tag in ("JKS", "JX"):
        q -= 1
    if q > lo and toks[q].tag in ("SS", "SSC") and q < first - 1:
        open_at = next((i for i in range(q - 1, max(lo, q - 15) - 1, -1) if toks[i].tag in ("SS", "SSO")), None)
        if open_at is not None:
            inner = [t for t in toks[open_at + 1 : q] if t.tag in ("NNG", "NNP", "SL") or is_verb(t.tag)]
            if inner:
                return " ".join(t.form + ("다" if is_verb(t.tag) else "") for t in inner[:4]), None
    after = []
    i = last
    while i < hi and toks[i].tag in ("NNG", "NNP", "XSN", "SL") and len(after) < 4:
        after.append(toks[i])
        i += 1
    if after:
        m, holder, _ = _measure(after, text, spans, dates)
        if m:
            return m, holder
    return "", None


def _clause_subject(toks, lo, first, text, spans, dates, subject) -> tuple[str, str, str] | None:
    """The nearest subject- or topic-marked noun phrase before the number in its clause."""
    crossed = False
    for p in range(first - 1, lo, -1):
        t = toks[p]
        if is_verb(t.tag) or t.tag in ("XSV", "XSA", "VCP", "ETM"):
            crossed = True  # 사무소가 건축될 경우 세 번째: that subject belongs to the embedded predicate
        if (t.tag, t.form) not in _SUBJECT_PARTICLES or p == 0 or toks[p - 1].tag not in _NOUNISH | {"SSC"}:
            continue
        if crossed and t.tag == "JKS":
            continue
        a, b = _np_before(toks, p, lo)
        if a >= b:
            continue
        if subject[0] >= 0 and toks[a].start < subject[1] and toks[b - 1].end > subject[0]:
            continue  # the measure itself (사망자는 18명)
        found = _holder_np(toks, a, b, text, spans, dates)
        if found:
            return found[0], found[1], "subject"
    return None


def _clause_subject_after(toks, last, hi, text, spans, dates, subject) -> tuple[str, str, str] | None:
    """48.0%의 지지율로 문재인 후보가 …: a subject after the number, in the same clause."""
    for p in range(last, hi):
        t = toks[p]
        if (t.tag, t.form) not in _SUBJECT_PARTICLES or toks[p - 1].tag not in _NOUNISH | {"SSC"}:
            continue
        a, b = _np_before(toks, p, last)
        if a >= b or (subject[0] >= 0 and toks[a].start < subject[1] and toks[b - 1].end > subject[0]):
            continue
        found = _holder_np(toks, a, b, text, spans, dates)
        if found:
            return found[0], found[1], "subject"
    return None


def _sentence_topic(toks, lo, text, spans, dates) -> tuple[str, str, str] | None:
    """The topic of the sentence (서울시는 …하고, 3000명을 …; 당국에 따르면 소방방재청은 …): a 은/는 phrase
    that opens the sentence or follows a leading clause governs the clauses after it."""
    for p in range(lo - 1, 0, -1):  # the nearest such topic before the claim's clause
        t = toks[p]
        if not (t.tag == "JX" and t.form in ("은", "는") and toks[p - 1].tag in _NOUNISH | {"SSC"}):
            continue
        a, b = _np_before(toks, p, 0)
        if a == 0 or toks[a - 1].tag in ("EC", "SP", "SW", "SO") or toks[a - 1].tag.startswith("MA"):
            found = _holder_np(toks, a, b, text, spans, dates)
            if found:
                return found[0], found[1], "topic"
    return None


def _object_noun(toks, lo, hi, last, text, spans, dates) -> str:
    """열두 번째로 한국에 지사를 설립했다: the object or subject noun of an ordinal's clause."""
    for p in list(range(last, hi)) + list(range(last - 1, lo, -1)):
        t = toks[p]
        if p >= last and t.tag in ("EC", "EF") and p > last:
            break
        if t.tag in ("JKO", "JKS") and p > 0 and toks[p - 1].tag in ("NNG", "NNP", "XSN"):
            a, b = _np_before(toks, p, lo)
            names = _names_in(spans, toks[a].start, toks[b - 1].end) if a < b else []
            nouns = [
                x
                for x in toks[a:b]
                if x.tag in ("NNG", "XSN")
                and x.form not in SCOPE_WORDS
                and x.form != "들"
                and not any(n.start <= x.start < n.end for n in names)
            ]
            if nouns:
                return _plain(nouns, text)
    return ""


def _predicate(toks, last, hi) -> str:
    """18명이 숨지고, 40만명이 불편을 겪었다: with no measure noun, the predicate says what was counted."""
    obj = ""
    p = last
    while p < hi:
        t = toks[p]
        if is_verb(t.tag):
            return (obj + " " if obj else "") + t.form + "다"
        if t.tag == "NNG" and p + 1 < len(toks) and toks[p + 1].tag in ("XSV", "XSA"):
            return (obj + " " if obj else "") + t.form + "하다"
        if t.tag == "NNG" and p + 1 < len(toks) and toks[p + 1].tag in ("JKO", "JKS"):
            obj = t.form
        elif t.tag in ("EC", "EF", "SF", "ETM") or (t.tag == "SP" and t.form == ","):
            return ""
        p += 1
    return ""


def _time(text, toks, lo, hi, first, spans) -> str:
    """The date expression of the claim's clause (nearest before the number, else after), else the sentence's."""
    found = _time_span(text, toks, lo, hi, first, spans)
    if found is None:
        return ""
    week = _WEEK_AFTER.match(text, found.end)
    return found.text + week.group(0) if week else found.text


_WEEK_AFTER = re.compile(r"\s?(?:\d|첫|둘|셋|넷|다섯)(?:째)?\s?주(?:차)?(?![가-힣])")


def _time_span(text, toks, lo, hi, first, spans):
    if not toks:
        return None
    s_lo, s_hi = toks[0].start, toks[-1].end
    num = toks[first].start
    dates = [s for s in spans if s.kind == "DT" and s_lo <= s.start < s_hi and not _is_duration(s.text)]
    c_lo, c_hi = toks[lo].start, toks[hi - 1].end
    before = [s for s in dates if c_lo <= s.start < num]
    if before:
        return before[-1]
    after = [s for s in dates if num <= s.start < c_hi]
    if after:
        return after[0]
    before = [s for s in dates if s.start < num]
    if before:
        return before[-1]
    return dates[0] if dates else None


_FAMILY = {
    "명": "people",
    "사람": "people",
    "인": "people",
    "명분": "people",
    "%": "percent",
    "퍼센트": "percent",
    "프로": "percent",
    "%p": "points",
    "%포인트": "points",
    "퍼센트포인트": "points",
    "포인트": "points",
    "배": "ratio",
    "위": "rank",
    "위권": "rank",
    "등": "rank",
    "번째": "ordinal",
    "째": "ordinal",
    "차": "ordinal",
    "㎞": "km",
    "킬로미터": "km",
    "㎏": "kg",
    "킬로그램": "kg",
    "미터": "m",
    "m²": "㎡",
    "리터": "L",
    "℃": "도",
    "개국": "countries",
    "세": "age",
    "살": "age",
}


def unit_family(unit: str | None) -> str:
    """Units that measure the same dimension share a family (명/사람/인 are people; 원 is money:KRW)."""
    from .numbers import CURRENCIES

    u = unit or ""
    if u in CURRENCIES:
        return f"money:{CURRENCIES[u]}"
    return _FAMILY.get(u, u)


_WEEK = re.compile(r"\s?(?P<n>\d|첫|둘|셋|넷|다섯)(?:째)?\s?주(?:차)?$")
_WEEK_NUMBERS = {"첫": 1, "둘": 2, "셋": 3, "넷": 4, "다섯": 5}
_SAME_DAY = {
    "이날": 0,
    "오늘": 0,
    "당일": 0,
    "금일": 0,
    "그날": 0,
    "전날": -1,
    "어제": -1,
    "전일": -1,
    "그제": -2,
    "다음날": 1,
    "이튿날": 1,
    "익일": 1,
    "내일": 1,
    "모레": 2,
}


def resolve_time(text: str | None, anchor) -> tuple[object, str]:
    """(date, grain) a claim's time expression refers to, against the article date `anchor`.

    Calendar expressions go through `corpus.dates.resolve`; 이날, 전날, 어제 … are days relative to the
    article's date. A duration (3년간, 2개월) or anything unresolvable gives (None, "").
    """
    import datetime as dt

    from .dates import resolve

    if not text or _is_duration(text):
        return None, ""
    week = _WEEK.search(text)
    if week:  # 11월 1주차, 11월 첫째 주: a week of the month
        month_date, grain = resolve_time(text[: week.start()], anchor)
        if month_date is not None and grain in ("month", "day"):
            n = _WEEK_NUMBERS.get(week["n"], None) or int(week["n"])
            start = dt.date(month_date.year, month_date.month, 1) + dt.timedelta(days=7 * (n - 1))
            return start, "week"
    word = text.replace(" ", "")
    for w, shift in _SAME_DAY.items():
        if word.startswith(w):
            return (anchor + dt.timedelta(days=shift), "day") if anchor else (None, "")
    r = resolve(text, anchor)
    if r.date is None:
        return None, ""
    return r.date, r.granularity
