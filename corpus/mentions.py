"""Mentions: who, what, where, when and how much, with offsets into the cleaned article text.

Kinds follow KLUE-NER: PS person, LC location, OG organisation, DT date, TI time, QT quantity, plus PD
for products, models and works. `find_mentions` asks the trained tagger (`corpus.ner`, a CRF over morpheme
units learnt from KLUE-NER news) for PS LC OG DT TI QT, with the rule tagger's output among its features, and
keeps from the rules what they do best: products, the parsed value of every quantity, the month word of
a date (오는 12일), the project's own alias table, names before a title. `rule_mentions` is the rule
tagger: dates, times and quantities by pattern (`corpus.temporal`, `corpus.numbers`); names from Kiwi's
morphemes, joined where Kiwi splits them (오픈+AI, 챗+GPT), classified by word lists, suffixes and cues
such as a following title (CEO, 총리, 기자, 씨), which marks the kind but is not part of the name.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import lexicon as lx
from .kinds import NAME_KINDS, TAGGED_NAMES
from .kiwi import Tok
from .numbers import Quantity, find_quantities
from .spans import Spans, Taken
from .temporal import find_temporals

_NAME_TAGS = {"NNP", "SL", "SH"}
_NOUN_TAGS = {"NNP", "NNG", "SL", "SH", "SN", "NNB", "XSN", "XPN"}
_PUNCT_TAGS = {"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "SB"}

_PRODUCT_WORDS = sorted(lx.PRODUCTS, key=len, reverse=True)
PRODUCT = re.compile(
    r"(?<![A-Za-z0-9가-힣])(?:" + "|".join(re.escape(w) for w in _PRODUCT_WORDS) + r")(?:-?\d+(?:\.\d+)*[a-z]?)?(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9])(?:[A-Z][A-Za-z]*|[가-힣]{1,4}[A-Z]+)-\d+(?:\.\d+)*[a-z]?(?![A-Za-z0-9])"
)


@dataclass
class Mention:
    """One mention in an article."""

    start: int
    end: int
    kind: str
    text: str
    value: float | None = None
    unit: str | None = None
    quantity: Quantity | None = field(default=None, repr=False)


@dataclass
class _Word:
    tokens: list[Tok]
    start: int
    end: int
    head_end: int  # end of the leading noun part
    paren: bool

    def head(self, text: str) -> str:
        return text[self.start : self.head_end]


def _words(tokens: list[Tok]) -> list[_Word]:
    words: list[_Word] = []
    current: list[Tok] = []
    depth = 0

    def flush():
        if current:
            head_end = current[0].start
            for t in current:
                if t.tag in _NOUN_TAGS or (t.tag == "SO" and t.form == "-"):
                    head_end = t.end
                else:
                    break
            words.append(_Word(list(current), current[0].start, current[-1].end, head_end, depth > 0))
            current.clear()

    prev_end = -1
    for t in tokens:
        if t.tag in ("SSO", "SSC") or (t.tag in _PUNCT_TAGS and t.form not in ("-", "·", "&")):
            flush()
            if t.tag == "SSO":
                depth += 1
            elif t.tag == "SSC":
                depth = max(0, depth - 1)
            prev_end = t.end
            continue
        if current and t.start > prev_end:
            flush()
        current.append(t)
        prev_end = max(prev_end, t.end)
    flush()
    return words


def _overlaps(a: int, b: int, spans: Taken | Spans | list[tuple[int, int]]) -> bool:
    """Whether [a, b) overlaps one of `spans`: in O(log n) for a `Taken` or `Spans`, by a scan for a list."""
    if isinstance(spans, (Taken, Spans)):
        return spans.overlaps(a, b)
    return any(not (b <= s or a >= e) for s, e in spans)


def _hangul_only(s: str) -> bool:
    return bool(s) and all("가" <= ch <= "힣" for ch in s)


def _looks_korean_name(s: str) -> bool:
    if not _hangul_only(s) or not 2 <= len(s) <= 4:
        return False
    if len(s) == 4:
        return s[:2] in lx.KOREAN_SURNAMES
    return s[0] in lx.KOREAN_SURNAMES


def classify(name: str) -> str | None:
    """The kind of a name from the word lists and suffixes alone, or None."""
    compact = name.replace(" ", "")
    if name in lx.PRODUCTS or compact in lx.PRODUCTS:
        return "PD"
    if name in lx.ORGANISATIONS or compact in lx.ORGANISATIONS:
        return "OG"
    if name in lx.COUNTRIES or name in lx.CITIES or compact in lx.COUNTRIES or compact in lx.CITIES:
        return "LC"
    return None


_ORG_ENDS = tuple(lx.ORG_SUFFIXES)  # one endswith call rules most words out before the loops below
_LOC_ENDS = tuple(lx.LOC_SUFFIXES) + tuple(lx.WEAK_LOC_SUFFIXES)


def _suffix_kind(name: str, tags: list[str]) -> str | None:
    if not _hangul_only(name.replace(" ", "")[-2:]):
        return None
    org, loc = name.endswith(_ORG_ENDS), name.endswith(_LOC_ENDS)
    if not (org or loc):
        return None
    proper = "NNP" in tags or "SL" in tags
    for suffix in lx.ORG_SUFFIXES if org else ():
        if name.endswith(suffix) and len(name) > len(suffix) + (0 if len(suffix) >= 2 else 1):
            if proper or (suffix in lx.GENERIC_ORG_SUFFIXES and len(tags) >= 2):
                return "OG"
    if "NNP" in tags:
        for suffix in lx.LOC_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + (1 if len(suffix) == 1 else 0):
                return "LC"
        if not (_looks_korean_name(name) and len(name) == 3):
            for suffix in lx.WEAK_LOC_SUFFIXES:
                if name.endswith(suffix) and len(name) > len(suffix) + 1:
                    return "LC"
    return None


def _is_title(word: _Word, text: str) -> bool:
    head = word.head(text)
    if head in lx.PERSON_TITLES:
        return True
    first = word.tokens[0].form
    return first in lx.PERSON_TITLES and word.tokens[0].tag in ("NNG", "NNB", "SL", "NNP")


def rule_mentions(text: str, tokens: list[Tok]) -> list[Mention]:
    """All mentions in `text` by the rules alone (word lists, suffixes, cues, patterns), ordered by position."""
    mentions: list[Mention] = []
    taken = Taken(len(text) + 1)  # every span so far: the first found wins, each check in O(log n)
    earlier: list[tuple[int, int]] = []  # products and dates, which quantities give way to
    for m in PRODUCT.finditer(text):
        mentions.append(Mention(m.start(), m.end(), "PD", m.group(0)))
        taken.add(m.start(), m.end())
        earlier.append((m.start(), m.end()))
    for t in find_temporals(text):
        if not _overlaps(t.start, t.end, taken):
            mentions.append(Mention(t.start, t.end, t.kind, t.text))
            taken.add(t.start, t.end)
            earlier.append((t.start, t.end))
    for q in find_quantities(text, earlier):
        mentions.append(Mention(q.start, q.end, "QT", q.text, q.value, q.unit, q))
        taken.add(q.start, q.end)

    words = _words(tokens)
    # Names Kiwi splits at a space: 오픈 AI, 챗 GPT. Known compounds are joined before anything else.
    joined: list[_Word] = []
    for w in words:
        prev = joined[-1] if joined else None
        if prev and prev.head_end == prev.end and text[prev.end : w.start] == " " and not prev.paren and not w.paren:
            pair = text[prev.start : w.head_end]
            if classify(pair) and not classify(prev.head(text)):
                joined[-1] = _Word(prev.tokens + w.tokens, prev.start, w.end, w.head_end, False)
                continue
        joined.append(w)
    words = joined
    kinds: list[str | None] = [None] * len(words)
    for i, w in enumerate(words):
        head = w.head(text)
        if not head or _overlaps(w.start, w.head_end, taken):
            continue
        head_tokens = [t for t in w.tokens if t.end <= w.head_end]
        tags = [t.tag for t in head_tokens]
        kind = classify(head)
        if kind is None and head_tokens and head_tokens[-1].tag in ("NNG", "NNB") and len(head_tokens) > 1:
            # 오픈AI코리아의 → 오픈AI코리아; 일본담당 → keep whole; strip a trailing common noun only for lookups
            kind = classify(text[w.start : head_tokens[-2].end])
            if kind:
                w.head_end = head_tokens[-2].end
        if kind == "LC" and head in lx.COUNTRIES:
            rest = text[w.head_end : w.end]
            acting = rest[:1] in ("은", "는", "이", "가") and not rest.startswith(("이다", "이라"))
            if acting or text[w.end : w.end + 3] in (" 정부", " 당국"):
                kind = "OG"  # 북한은 ..., 미국 정부: the country acts, as an organisation
        if kind is None:
            kind = _suffix_kind(head, tags)
        if kind is None and any(t in _NAME_TAGS for t in tags):
            kind = "?"
        if head in lx.NOT_NAMES or head in lx.PERSON_TITLES or (len(head.rstrip(".")) == 1 and head.isascii()) or head == "경기":
            kind = None
        kinds[i] = kind

    # 김씨, A씨, A(37)씨: the honorific glued to a name or an initial
    for i, w in enumerate(words):
        toks = [t for t in w.tokens if t.end <= w.head_end]
        if len(toks) >= 2 and toks[-1].form == "씨" and toks[-1].tag in ("NNB", "NNG") and not _overlaps(w.start, w.head_end, taken):
            name = text[toks[0].start : toks[-2].end]
            if len(name) == 2 and name[1] == "모" and name[0] in lx.KOREAN_SURNAMES:
                w.head_end = toks[0].start + 1  # 박모씨: only the surname is given
                kinds[i] = "PS"
            elif (len(name) == 1 and name.isupper()) or (_hangul_only(name) and 1 <= len(name) <= 4):
                w.head_end = toks[-2].end
                kinds[i] = "PS"
    for i in range(len(words) - 1):
        w, nxt = words[i], words[i + 1]
        if (
            w.head_end == w.end
            and len(w.head(text)) == 1
            and w.head(text).isupper()
            and nxt.paren
            and text[nxt.end : nxt.end + 2].lstrip(")").startswith("씨")
        ):
            kinds[i] = "PS"  # A(37)씨

    # A title after a name marks a person: 샘 알트먼 CEO, 기시다 후미오 일본 총리, 이영 중소벤처기업부 장관, 김 씨.
    for i, w in enumerate(words):
        if not _is_title(w, text):
            continue
        if i > 1 and text[words[i - 1].start : words[i - 1].end] in ("전", "현", "前", "故") and words[i - 1].end + 1 == w.start:
            i -= 1  # 박 전 대통령: "former" stands between the name and the title
            w = words[i]
        if i > 0 and words[i - 1].end + 1 == w.start and not words[i - 1].paren:
            prev_head = words[i - 1].head(text)
            if (
                len(prev_head) == 1
                and (prev_head.isascii() and prev_head.isupper() or prev_head in lx.KOREAN_SURNAMES)
                and words[i - 1].head_end == words[i - 1].end
            ):
                kinds[i - 1] = "PS"
                before = words[i - 2] if i >= 2 else None
                if (
                    before
                    and kinds[i - 2] == "?"
                    and before.end + 1 == words[i - 1].start
                    and not before.paren
                    and before.head_end == before.end
                ):
                    kinds[i - 2] = "PS+"  # 제이슨 권 CSO
                continue
        j = i - 1
        while j >= 0 and (words[j].paren or kinds[j] in ("OG", "LC")) and i - j <= 3:
            j -= 1
        if j < 0 or words[j].paren:
            continue
        cand = words[j]
        head = cand.head(text)
        if not head and j < i - 1 and _looks_korean_name(text[cand.start : cand.end]) and not cand.paren:
            kinds[j] = "PSRAW"  # 이영 중소벤처기업부 장관: Kiwi read the name as other words
            continue
        if (
            not head
            or _overlaps(cand.start, cand.head_end, taken)
            or cand.head_end != cand.end
            and cand.tokens[-1].tag not in ("NNP", "SL", "NNG", "NNB")
        ):
            if not head:
                continue
        head_tags = {t.tag for t in cand.tokens if t.end <= cand.head_end}
        before = words[j - 1] if j > 0 else None
        if (
            j < i - 1
            and head in lx.KOREAN_SURNAMES
            and len(head) == 1
            and cand.head_end == cand.end
            and before is not None
            and kinds[j - 1] == "?"
            and not before.paren
            and before.end + 1 == cand.start
            and before.head_end == before.end
            and _hangul_only(before.head(text))
            and not _looks_korean_name(before.head(text))
        ):
            kinds[j - 1], kinds[j] = "PS+", "PS"  # 셰인 구 오픈AI 연구원: a given name and a surname, the affiliation, the title
            continue
        if kinds[j] != "?" and not (_looks_korean_name(head) and "NNP" in head_tags):
            continue
        if head.isascii() and not head[:1].isupper() or head in lx.NOT_NAMES:
            continue
        if kinds[j] == "?" and not (_hangul_only(head.replace(" ", "")) or head.isascii()):
            continue  # AI매터스 에디터: a mixed-script word before a title is a name of something else
        if j > 0 and kinds[j - 1] in ("OG", "PD") and words[j - 1].end + 1 == cand.start and not _looks_korean_name(head):
            continue  # 오픈AI 코리아 지사장: the word continues an organisation's name
        kinds[j] = "PS"
        # the part before a family name: 샘 알트먼, 제이슨 권, 기시다 후미오
        k = j - 1
        if k >= 0 and not words[k].paren and words[k].end + 1 == cand.start and kinds[k] == "?" and words[k].head_end == words[k].end:
            if _looks_korean_name(words[k].head(text)) and len(words[k].head(text)) == 3 and len(head) >= 4:
                kinds[k], kinds[j] = "PS", "OG"  # 류원기 영남제분 회장: a name, then the affiliation
            elif not _looks_korean_name(head) or len(head) < 3:
                kinds[k] = "PS+"

    for i, w in enumerate(words):
        if kinds[i] == "?":
            head = w.head(text)
            tags = [t.tag for t in w.tokens if t.end <= w.head_end]
            if _looks_korean_name(head) and len(head) == 3 and tags == ["NNP"]:
                kinds[i] = "PS"
            elif head.isascii() and head.isupper() and 2 <= len(head) <= 6:
                kinds[i] = "OG"
            else:
                kinds[i] = None

    # A name already known as a person in this article is a person wherever it stands alone: 알트먼은 …
    people: set[str] = set()
    for i, w in enumerate(words):
        if kinds[i] in ("PS", "PS+"):
            people.add(w.head(text))
    for i, w in enumerate(words):
        if kinds[i] is None and len(w.head(text)) >= 2 and w.head(text) in people and not _overlaps(w.start, w.head_end, taken):
            kinds[i] = "PS"

    i = 0
    while i < len(words):
        kind = kinds[i]
        if kind is None or kind == "?":
            i += 1
            continue
        w = words[i]
        start, end = w.start, w.head_end
        if kind == "PSRAW":
            kind, end = "PS", w.end
        if kind == "PS+":
            if i + 1 < len(words) and kinds[i + 1] == "PS":
                end = words[i + 1].head_end
                i += 1
            kind = "PS"
        if not _overlaps(start, end, taken) and end > start:
            mentions.append(Mention(start, end, kind, text[start:end]))
            taken.add(start, end)
        i += 1
    mentions.sort(key=lambda m: (m.start, m.end))
    mentions = _join_places(text, mentions)
    mentions = _join_governments(text, mentions)
    return _paren_aliases(text, mentions)


_GOVERNMENT_WORDS = ("정부", "당국", "외교부", "국방부", "국무부", "대사관", "영사관", "경찰", "군", "의회", "국회", "총영사관", "대표팀")


def _join_governments(text: str, mentions: list[Mention]) -> list[Mention]:
    """일본 정부, 미국 국무부, 울산 남부경찰서: a place and its institution are one organisation."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        institution = m.text.endswith(_GOVERNMENT_WORDS) or (
            m.text not in lx.ORGANISATIONS and m.text.replace(" ", "") not in lx.ORGANISATIONS
        )
        place = prev is not None and (prev.kind == "LC" or prev.kind == "OG" and prev.text in lx.COUNTRIES)
        if place and m.kind == "OG" and text[prev.end : m.start] == " " and institution:
            out[-1] = Mention(prev.start, m.end, "OG", text[prev.start : m.end])
        else:
            out.append(m)
    return out


_PAREN = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9 .&'\-]{1,60}?)\s*\)")


def _paren_aliases(text: str, mentions: list[Mention]) -> list[Mention]:
    """샘 알트먼(Sam Altman), 전자정부기술산업협회(JEITA): the name in brackets is the same thing, in another script."""
    aliases: list[Mention] = []
    for m in mentions:
        if m.kind in NAME_KINDS:
            paren = _PAREN.match(text, m.end)
            if paren and paren.group(1) not in lx.NOT_NAMES:
                aliases.append(Mention(paren.start(1), paren.end(1), m.kind, paren.group(1)))
    if not aliases:
        return mentions
    spans = Spans((a.start, a.end) for a in aliases)
    kept = [m for m in mentions if not _overlaps(m.start, m.end, spans)]
    return sorted(kept + aliases, key=lambda m: (m.start, m.end))


def _join_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """서울 서초구 서초동, 일본 도쿄: places that follow each other with one space are one place."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev and prev.kind == "LC" and m.kind == "LC" and text[prev.end : m.start] == " ":
            out[-1] = Mention(prev.start, m.end, "LC", text[prev.start : m.end])
        else:
            out.append(m)
    return out


STRONG = 0.95  # a mention this sure of its kind keeps it against the article's majority
_ABLATE: set[str] = set()  # for measuring: parts to skip (rulenames, qt, country, consistent, paren)
UNSURE = 0.8  # a model name span below this gives way to a listed name the rules found
SURE = 0.8  # a form tagged this surely is looked for again in the rest of the article


def find_mentions(text: str, tokens: list[Tok], model: Path | None = None) -> list[Mention]:
    """All mentions in `text` given its Kiwi tokens, ordered by position.

    The trained tagger (`corpus.ner`) decides the spans and kinds of PS LC OG DT TI QT, with the rule
    tagger's output among its features; products (PD) come from the rules. A QT span carries the parsed
    `Quantity` of the rule it overlaps (or of its own text), so claims keep their values. Names are then
    made consistent across the text (`_consistent`). Without a model file the rules alone answer.
    """
    from . import ner

    rules = rule_mentions(text, tokens)
    if not ner.available(model):
        return rules
    spans = ner.tag(text, tokens, [(m.start, m.end, m.kind) for m in rules], model)
    products = [m for m in rules if m.kind == "PD"]
    pd_spans = sorted((m.start, m.end) for m in products)
    quantities = sorted((m for m in rules if m.kind == "QT" and m.quantity is not None), key=lambda m: m.start)
    out: list[Mention] = list(products)
    confidence: dict[tuple[int, int], float] = {}
    if "rulenames" not in _ABLATE:
        spans = _with_rule_names(text, tokens, rules, spans)
    for sp in spans:
        if _overlaps_sorted(sp.start, sp.end, pd_spans):
            continue
        mention = Mention(sp.start, sp.end, sp.kind, text[sp.start : sp.end])
        if sp.kind == "QT":
            q = _quantity_for(text, sp.start, sp.end, quantities)
            if q is not None:
                mention.value, mention.unit, mention.quantity = q.value, q.unit, q
        out.append(mention)
        confidence[(sp.start, sp.end)] = sp.confidence
    # a rule quantity the model left alone (첫, 둘째: KLUE rarely marks bare ordinals) stays, for the claims
    spans_out = sorted((m.start, m.end) for m in out)
    if "qt" not in _ABLATE:
        out.extend(q for q in quantities if not _overlaps_sorted(q.start, q.end, spans_out))
    out.sort(key=lambda m: (m.start, m.end))
    if "country" not in _ABLATE:
        for m in out:
            if m.kind == "OG" and m.text in lx.COUNTRIES and text[m.end : m.end + 1] not in _ACTING:
                m.kind = "LC"  # KLUE: a bare country is a place (LC 4 to 1), unless it is the subject (은/는/이/가) or owner (의)
    if "consistent" not in _ABLATE:
        out = _consistent(text, tokens, out, confidence)
    return out if "paren" in _ABLATE else _paren_aliases(text, out)


_ACTING = ("은", "는", "이", "가", "의")
_RELATIVE = {"지난", "오는", "이번", "다음", "올해", "지난해", "내년", "작년", "올", "금년"}
_VERBAL = {"XSV", "XSA", "VV", "VA", "VCP", "ETM", "ETN", "EP", "EF", "EC"}
_known: dict[str, str] | None = None


def known_names() -> dict[str, str]:
    """Compact form -> kind of the people, places and organisations in the built-in alias table (the project's
    curated names; the longer word lists in `lexicon` follow other conventions than KLUE: measured, they cost
    LC and OG points)."""
    global _known
    if _known is None:
        from .entities import BUILTIN_ALIASES, key, read_aliases

        names: dict[str, str] = {}
        for entry in read_aliases([BUILTIN_ALIASES]):
            if entry.kind in TAGGED_NAMES:
                for n in (entry.name, *entry.aliases):
                    names[key(n)] = entry.kind
        _known = names
    return _known


def _with_rule_names(text: str, tokens: list[Tok], rules: list[Mention], spans: list) -> list:
    """The model's spans, plus what the rules know better than the KLUE sentences taught it.

    - a rule name that the project lists (built-in aliases: 오픈AI, 샘 올트먼) where the model found nothing or
      only UNSURE names that do not hold it, unless a verb or suffix is glued to it;
    - a rule person that extends a model name by a word (제이슨 → 제이슨 권, 셰인 → 셰인 구), from a title cue.
    """
    from .entities import key
    from .ner import Span

    known = known_names()
    starts = {t.start: t for t in tokens}
    by_start = sorted(spans, key=lambda sp: (sp.start, sp.end))  # the model's spans never overlap: ends ascend too
    span_starts = [sp.start for sp in by_start]
    span_ends = [sp.end for sp in by_start]

    def overlapping_spans(a: int, b: int) -> list:
        return by_start[bisect_right(span_ends, a) : bisect_left(span_starts, b)]

    added: list = []
    replaced: set[tuple[int, int]] = set()
    # a listed person Kiwi read as one proper noun (샘 올트먼 NNP) is a candidate even where the rules passed it over
    # (오픈AI 샘 올트먼 CEO: the rules take a word after an organisation for the organisation's own name)
    ruled = {(m.start, m.end) for m in rules}
    candidates = list(rules)
    for t in tokens:
        if t.tag == "NNP" and t.end - t.start >= 2 and (t.start, t.end) not in ruled and known.get(key(text[t.start : t.end])) == "PS":
            candidates.append(Mention(t.start, t.end, "PS", text[t.start : t.end]))
    for m in candidates:
        if m.kind == "DT":
            # 오는 12일, 지난 11일: the word before the day says which month; KLUE includes it two times in three
            inner = overlapping_spans(m.start, m.end)
            if (
                len(inner) == 1
                and inner[0].kind == "DT"
                and inner[0].end == m.end
                and inner[0].start > m.start
                and text[m.start : inner[0].start].strip() in _RELATIVE
            ):
                replaced.add((inner[0].start, inner[0].end))
                added.append(Span(m.start, m.end, "DT", inner[0].confidence))
            continue
        if m.kind not in TAGGED_NAMES:
            continue
        overlapping = overlapping_spans(m.start, m.end)
        listed = known.get(key(m.text)) == m.kind and not (m.end in starts and starts[m.end].tag in _VERBAL)
        if listed and all(
            sp.kind in TAGGED_NAMES and sp.confidence < UNSURE and not (sp.start <= m.start and m.end <= sp.end) for sp in overlapping
        ):
            # 오픈 AI 코리아: the listed 오픈 AI beats an unsure model guess (AI 코리아 as a person)
            replaced.update((sp.start, sp.end) for sp in overlapping)
            added.append(Span(m.start, m.end, m.kind, 0.9))
        elif (
            not overlapping
            and m.kind == "OG"
            and m.start in starts
            and starts[m.start].end == m.end
            and starts[m.start].tag == "NNP"
            and m.end in starts
            and starts[m.end].form in _ACTING
            and starts[m.end].tag.startswith("J")
        ):
            # 기민당은, 국토부가, 국토부의: one proper noun the rules read as an organisation, subject or owner in its
            # clause (a claim's holder), where the model saw nothing at all
            added.append(Span(m.start, m.end, m.kind, 0.5))
        elif (
            m.kind == "PS"
            and " " in m.text
            and overlapping
            and all(m.start <= sp.start and sp.end <= m.end and sp.kind in TAGGED_NAMES for sp in overlapping)
        ):
            inner = overlapping[0]
            if len(overlapping) == 1 and (inner.start, inner.end) != (m.start, m.end) and inner.start == m.start:
                replaced.add((inner.start, inner.end))
                added.append(Span(m.start, m.end, "PS", inner.confidence))
    if not added:
        return spans
    return sorted([sp for sp in spans if (sp.start, sp.end) not in replaced] + added, key=lambda sp: (sp.start, sp.end))


def _quantity_for(text: str, start: int, end: int, quantities: list[Mention]) -> Quantity | None:
    """The rule quantity inside or around a model QT span (the longest overlap), else one parsed from its own text."""
    best, best_overlap = None, 0
    first = max(0, bisect_left(quantities, start, key=lambda m: m.start) - 4)  # rule quantities never overlap
    for i in range(first, len(quantities)):  # not quantities[first:], a copy of the rest of the list per span
        m = quantities[i]
        if m.start >= end:
            break
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > best_overlap:
            best, best_overlap = m.quantity, overlap
    if best is not None:
        return best
    for q in find_quantities(text[start:end]):
        shift = lambda x: x + start if x >= 0 else x  # noqa: E731
        return replace(q, start=q.start + start, end=q.end + start, context_start=shift(q.context_start), context_end=shift(q.context_end))
    return None


def _consistent(text: str, tokens: list[Tok], mentions: list[Mention], confidence: dict[tuple[int, int], float]) -> list[Mention]:
    """One kind per name form in a text: 한국 is not an organisation in one sentence and a place in the next.

    Each name form (PS, LC, OG) gets the kind with the most summed confidence; a mention of another kind
    takes it unless it is itself STRONG. A form tagged SURE somewhere is also marked where it stands
    untagged as a word of its own (알트먼은, 한국에서).
    """
    names = [m for m in mentions if m.kind in TAGGED_NAMES]
    if not names:
        return mentions
    votes: dict[str, dict[str, float]] = {}
    best: dict[str, float] = {}
    for m in names:
        c = confidence.get((m.start, m.end), 0.5)
        votes.setdefault(m.text, {}).setdefault(m.kind, 0.0)
        votes[m.text][m.kind] += c
        best[m.text] = max(best.get(m.text, 0.0), c)
    decided = {form: max(sorted(v), key=lambda k: v[k]) for form, v in votes.items()}
    for m in names:
        kind = decided[m.text]
        if m.kind != kind and confidence.get((m.start, m.end), 0.5) < STRONG:
            m.kind = kind
    # untagged occurrences of a surely tagged form, where Kiwi puts a morpheme boundary on both sides
    sure = [f for f, c in best.items() if c >= SURE and len(f) >= 2]
    if not sure:
        return mentions
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    taken = sorted((m.start, m.end) for m in mentions)
    added = []
    # leftmost-longest occurrences that do not overlap each other (as a regex alternation of the forms, longest first,
    # would find them; a regex per article cost more than the rest of the merge: each is compiled anew)
    found = []
    for form in sure:
        pos = text.find(form)
        while pos >= 0:
            found.append((pos, -len(form), form))
            pos = text.find(form, pos + 1)
    free = 0
    for pos, minus, form in sorted(found):
        if pos < free:
            continue
        end = free = pos - minus
        if pos in starts and end in ends and not (pos and text[pos - 1].isalnum()) and not _overlaps_sorted(pos, end, taken):
            added.append(Mention(pos, end, decided[form], form))
    if added:
        mentions = sorted(mentions + added, key=lambda m: (m.start, m.end))
    return mentions


def _overlaps_sorted(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect_left(spans, (b, b))
    return i > 0 and any(s < b and a < e for s, e in spans[max(0, i - 8) : i])
