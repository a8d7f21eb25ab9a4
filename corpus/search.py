"""Searching a corpus as a Korean reader types: words in any form, initial consonants, entities, numbers, fields.

    올트먼은 · 발표했다        particles and endings do not matter (올트먼 · 발표)
    ㅇㅌㅁ · 올ㅌㅁ · ㄱㅅㄷ     initial consonants (초성), alone or mixed with syllables
    알트먼                     also every name of the entity it names (올트먼, Sam Altman), said in the notes
    OPENAI · ＯｐｅｎＡＩ        case and width do not matter
    2031만 · 20,310,000        numbers as written or as values (claims with that value)
    pub:아주경제  date:2024-04  date:2023..2024  kind:PS 올트먼
    "exact phrase"  -exclude   several words: articles with all of them

`parse` turns text into a `Query` (with an error message instead of an exception when it is malformed);
a `SearchIndex`, built from the analysis (the words of `corpus.words` and the entities), answers it with
the matching articles, their hit counts, and, for one article, the spans to highlight. No Kiwi here: a
query's words are matched against the forms Kiwi produced at analysis time in the bodies, and looked for
as written (and as those forms) in the titles.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import heapq
import re
import threading
import time
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import accumulate, repeat

from .entities import key as name_key
from .kinds import BY_CODE, CODES, NAME_KINDS
from .numbers import to_value
from .words import chosung, is_chosung, normalize

FIELDS = ("pub", "date", "kind")
SYNTAX = (
    ("words", "올트먼은 발표했다: every word, in any form (particles and endings do not matter); 삼성, 올트: and the words that begin so"),
    ("initials", "ㅇㅌㅁ, 올ㅌㅁ: initial consonants (초성), alone or mixed"),
    ("phrase", '"오픈AI 코리아": the exact words, in that order'),
    ("exclude", "-도쿄: articles without the word"),
    ("publisher", "pub:아주경제"),
    ("date", "date:2024  date:2024-04  date:2024-04-11  date:2023..2024"),
    ("kind", "kind:PS 올트먼: names of one kind (PS OG LC PD; QT for numbers)"),
    ("numbers", "2031만, 20,310,000: a claim with that value; 2024 also matches dates"),
)
_PARTICLES = sorted(
    """에서부터 으로부터 에게서 한테서 께서는 에서는 에서도 으로는 으로도 이라는 이라고 에게는 까지는 부터는
에서 에게 한테 께서 으로 부터 까지 마저 조차 처럼 보다 이나 이며 이고 라는 라고 하고 과의 와의 에는 에도 에의 이란 란
은 는 이 가 을 를 의 에 와 과 도 만 로 나 야""".split(),
    key=len,
    reverse=True,
)
_ENDINGS = sorted(
    """했습니다 했으며 했다고 한다고 되었다 됐다고 했다 한다 하는 했던 하고 해서 하며 하여 하기 합니다 됐다 된다 되는 되고 된
였다 이다 입니다 었다 았다 겠다 다고 는다 ㄴ다 할 한 함 다 고 며 서""".split(),
    key=len,
    reverse=True,
)
_CONTRACTIONS = {
    "혔": "히",
    "켰": "키",
    "졌": "지",
    "셨": "시",
    "였": "이",
    "쳤": "치",
    "렸": "리",
    "겼": "기",
    "했": "하",
    "됐": "되",
    "왔": "오",
    "봤": "보",
    "줬": "주",
    "갔": "가",
    "났": "나",
    "섰": "서",
    "웠": "우",
    "뤘": "루",
}
_FIELD = re.compile(r"^([a-z]+):(.*)$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
MAX_PREFIX_FORMS = 200
PREFIX_SCANNED = 5_000  # words looked at for those a query word begins (the most common MAX_PREFIX_FORMS are taken)
PHRASES_KEPT = 16  # phrases whose articles an index keeps (the words typed after a phrase search it again per key)
PHRASE_READS_ALL = 300  # bodies read, at most, for a phrase of words that narrow nothing ("샘: one letter)
PHRASE_READS_AT_ONCE = 40  # bodies a phrase may need read while a key waits (more are read in a thread: `slow_phrases`)
NAMES_NOTED = 3  # entities a word finds that the result names (a word's first letters begin many names)
SEARCHES_KEPT = 64  # queries whose results an index keeps (a word typed, then taken back a letter at a time)
SEARCHED_IDS_KEPT = 20_000  # articles those results may hold together (a word's first letters match thousands)
GUESSES_KEPT, GUESSED_IDS_KEPT = 40, 60_000  # the same, of queries guessed ahead (the next letters of the one typed)
VALUES_KEPT = 32  # claim values whose articles an index keeps
SPANS_KEPT = 64  # articles whose words (with offsets) an index keeps: typing asks for the same few, and each letter guessed ahead for one


@dataclass(frozen=True)
class Term:
    """One part of a query."""

    text: str
    negate: bool = False
    phrase: bool = False
    named: tuple[int, ...] = ()  # the entities its words name together (샘 알트먼): their articles, or those with every word


@dataclass
class Query:
    """A parsed query: its word and phrase terms, its field filters, or what is wrong with it."""

    text: str
    terms: list[Term] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)
    dates: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    kind: str | None = None
    error: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.terms or self.publishers or self.dates)


def _date_bound(text: str, end: bool) -> dt.date:
    m = _DATE.match(text)
    if not m:
        raise ValueError(text)
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if not month:
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    if not day:
        first = dt.date(year, month, 1)
        return (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)) if end else first
    return dt.date(year, month, day)


def parse(text: str) -> Query:
    """The query a text asks for; `error` says what is wrong when it is malformed (nothing is matched then)."""
    query = Query(text)
    if text.count('"') % 2:
        query.error = "a quote is not closed"
        return query
    parts = re.findall(r'-?"[^"]*"|\S+', text)
    for part in parts:
        negate = part.startswith("-")
        body = part[1:] if negate else part
        if body.startswith('"'):
            phrase = body.strip('"').strip()
            if not phrase:
                query.error = 'an empty phrase ("")'
                return query
            query.terms.append(Term(phrase, negate, True))
            continue
        if not body:
            query.error = "nothing after '-'"
            return query
        m = _FIELD.match(body)
        if m and not negate:
            name, value = m[1], m[2].strip()
            if name not in FIELDS:
                query.error = f"unknown field '{name}:' (fields: {', '.join(f + ':' for f in FIELDS)})"
                return query
            if not value:
                query.error = f"'{name}:' needs a value"
                return query
            if name == "pub":
                query.publishers.append(normalize(value))
            elif name == "date":
                low, _, high = value.partition("..")
                try:
                    start = _date_bound(low, False) if low else dt.date.min
                    end = _date_bound(high if ".." in value else low, True) if (high or ".." not in value) else dt.date.max
                except ValueError:
                    query.error = f"'date:{value}' is not a date (YYYY, YYYY-MM, YYYY-MM-DD, or A..B)"
                    return query
                query.dates.append((start, end))
            else:
                code = value.upper()
                named = {k.name: k.code for k in BY_CODE.values()}
                code = named.get(value.lower(), code)
                if code not in CODES or code not in (*NAME_KINDS, "QT"):
                    query.error = f"'kind:{value}' is not a kind that can be searched (PS, OG, LC, PD, QT)"
                    return query
                query.kind = code
            continue
        query.terms.append(Term(body, negate))
    if query.kind and not any(not t.negate for t in query.terms):
        query.error = f"'kind:{query.kind}' needs a word to look for"
    return query


def so_far(text: str) -> str | None:
    """The query a half-typed one stands for while it is typed: a phrase not closed its words (one being excluded,
    nothing), and a last part not finished (a lone '-', a field whose value is empty or still being typed, a kind
    before its word) left out. None when the text is no half-typed query: it parses, or it is wrong in a way more
    letters do not mend (date:2024-13)."""
    if parse(text).error is None:
        return None
    mended = text
    if text.count('"') % 2:  # a phrase being typed stands for its words (a phrase is looked for in bodies: a second at
        opened = text.rindex('"')  # 10,000 articles, per key): the list narrows to the phrase once it is closed
        mended = text[: opened - 1] if text[:opened].endswith("-") else text[:opened] + text[opened + 1 :]
    parts = mended.split()
    for _ in range(3):  # (what is being typed is at the end: a pasted wall of text is not taken apart word by word)
        if not parts or parse(" ".join(parts)).error is None:
            break
        if not _unfinished(parts[-1]):
            return None
        parts.pop()
    query = " ".join(parts)
    return query if parse(query).error is None else None


def as_words(text: str, phrases: Iterable[str]) -> str:
    """The query with these phrases (as `Term.text` holds them) standing for their words, and those excluded left out:
    what the list shows while a thread reads the bodies the phrases need (`SearchIndex.slow_phrases`)."""
    waiting = set(phrases)
    kept = []
    for part in re.findall(r'-?"[^"]*"|\S+', text):
        body = part[1:] if part.startswith("-") else part
        if body.startswith('"') and body.strip('"').strip() in waiting:
            if body is part:  # (its words as words: not read as an exclusion or a field, "-알트먼 CEO", "date:2099 정부")
                kept.extend(w for w in (w.lstrip("-") for w in body.strip('"').split()) if w and ":" not in w)
            continue
        kept.append(part)
    return " ".join(kept)


def _unfinished(part: str) -> bool:
    """Whether the last part of a query is one that more letters may make right."""
    if part in ("-", '-"', '""', '-""'):
        return True
    m = _FIELD.match(part)
    if not m or m[1] not in FIELDS:
        return False
    value = m[2].strip()
    if not value or m[1] == "pub":
        return True
    if m[1] == "kind":
        names = [code.lower() for code in CODES] + [k.name.lower() for k in BY_CODE.values()]
        return any(name.startswith(value.lower()) for name in names)  # kind:O (OG), or a kind before its word
    bound = value.split("..")[-1]  # date: the bound being typed, and in it a year (4 digits), a month or a day (2)
    pieces = bound.split("-")
    last, full = pieces[-1], 4 if len(pieces) == 1 else 2
    return value.endswith(("-", ".")) or (last.isdigit() and len(last) < full)


def variants(word: str) -> list[str]:
    """A query word and what it may be without its particle or ending: 올트먼은 → 올트먼; 밝혔다 → 밝히."""
    out = [word]
    for strip in (_PARTICLES, _ENDINGS):
        for known in list(out):
            for suffix in strip:
                if known.endswith(suffix) and len(known) > len(suffix):
                    stem = known[: -len(suffix)]
                    out.append(stem)
                    if stem[-1] in _CONTRACTIONS:
                        out.append(stem[:-1] + _CONTRACTIONS[stem[-1]])
    seen: list[str] = []
    for v in out:
        if v not in seen:
            seen.append(v)
    return seen


def _number(word: str) -> float | None:
    if not any(ch.isdigit() for ch in word):
        return None
    text = word
    while text:
        value = to_value(text)
        if value is not None:
            return value
        if not ("가" <= text[-1] <= "힣" or text[-1].isalpha()):
            return None
        text = text[:-1]  # 2031만명: the counter goes
    return None


@dataclass
class Result:
    """What a query found: the articles (None: no filter), hits per article, and notes for the reader."""

    ids: frozenset[int] | None
    hits: dict[int, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    forms: frozenset[str] = frozenset()
    entities: frozenset[int] = frozenset()
    values: frozenset[float] = frozenset()
    phrases: tuple[str, ...] = ()
    error: str | None = None
    titled: tuple[tuple[str, ...], ...] = ()  # per term that looks in titles, the forms it looks for (hits count the most found)
    exact: bool = False  # hits counted as the concordance lists them (`counted`), not estimated from counts
    reading: tuple[str, ...] = ()  # phrases whose bodies are still being read: their words were looked for instead


@dataclass(frozen=True, slots=True)
class ArticleFields:
    """What fields match against: an article's publisher and date."""

    publisher: str
    date: dt.date | None


def _merged(spans) -> list[tuple[int, int]]:
    """(start, end) spans sorted, those that overlap made one."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


class SearchIndex:
    """Words, entities and claim values of an analysed corpus, arranged to answer queries at typing speed.

    `words` is (article_id, form, count) per article and form; `entities` gives (entity_id, kind, name,
    aliases, article_ids); `claims` gives (article_id, value) of every claim; `text_of(article_id)` reads
    an article's body (for phrases) and `spans_of(article_id)` its (form, start, end) words."""

    def __init__(
        self,
        articles: dict[int, ArticleFields],
        postings: Postings,
        entities,
        claims,
        text_of: Callable[[int], str],
        spans_of: Callable[[int], list[tuple[str, int, int]]],
        alias_table: dict[str, tuple[str, ...]] | None = None,
        titles: list[str] | None = None,
    ) -> None:
        self.articles = articles
        self._ids = list(articles)
        self._position = {aid: i for i, aid in enumerate(self._ids)}
        # titles (in `articles`' order) as one normalised text, a line each: a word is looked for in them as written
        # (a title is not part of the body whose words the postings hold)
        self._raw_titles = [t.replace("\n", " ") for t in (titles or [""] * len(self._ids))]
        lines = [normalize(t) for t in self._raw_titles]
        self._titles = "\n".join(lines)
        self._title_starts = list(accumulate((len(t) + 1 for t in lines[:-1]), initial=0))
        self._publishers = [normalize(articles[a].publisher) for a in self._ids]
        # fields by position, as numbers: a query of a field alone (pub:, date:) filters all 10,000 articles per keystroke
        self._publisher_names = sorted(set(self._publishers))
        code = {name: k for k, name in enumerate(self._publisher_names)}
        self._publisher_codes = [code[p] for p in self._publishers]
        self._days = [d.toordinal() if (d := articles[a].date) is not None else -1 for a in self._ids]
        self._years: dict[int, list[int]] = {}
        for i, aid in enumerate(self._ids):
            if articles[aid].date is not None:
                self._years.setdefault(articles[aid].date.year, []).append(i)
        self._postings = postings  # form -> (article positions, hits in each)
        self._forms = sorted(postings.ranges)
        self._initials: dict[str, list[str]] = {}
        for form in self._forms:
            self._initials.setdefault(chosung(form[:1]), []).append(form)
        self._searched: dict[str, Result] = {}  # query text -> its result, the latest last
        self._guessed: dict[str, Result] = {}  # the same, of the queries guessed ahead
        self._searched_lock = threading.Lock()
        self._phrases: dict[str, dict[int, int]] = {}  # phrase -> article index -> hits, the latest last
        self._candidates_counted: dict[str, int] = {}  # phrase -> how many bodies reading it takes
        self._next: dict[str, list[str]] = {"": self._first_letters()}  # word begun -> letters likeliest next
        # entities: a frame (entity_id, kind, name, aliases, article_ids, article_mentions); names looked up here,
        # their articles read from the frame when a query names them
        self._entities = entities
        self._entity: dict[int, tuple[str, str, int]] = {}  # kind, name, row
        self._entity_positions: dict[int, tuple[list[int], list[int]]] = {}  # `_entity_in`, as first asked
        self._values_kept: dict[float, list[int]] = {}  # `_valued`, the latest last
        self._entity_names: dict[str, list[int]] = {}
        alias_table = alias_table or {}
        for row, (eid, kind, name, aliases) in enumerate(entities.select("entity_id", "kind", "name", "aliases").iter_rows()):
            self._entity[eid] = (kind, name, row)
            names = {name, *aliases, *alias_table.get(name, ())}
            if kind == "PS":  # a person is also found by a part of a full name: 올트먼 in 샘 올트먼
                names |= {part for n in list(names) for part in n.split() if len(part) >= 2}
            for key in {name_key(n) for n in names}:
                self._entity_names.setdefault(key, []).append(eid)
        self._name_keys = sorted(self._entity_names)  # (for the names a word begins)
        self._claims = claims  # (article_id, value)
        self._text_of = text_of
        self._spans_of = functools.lru_cache(maxsize=SPANS_KEPT)(spans_of)

    def _entity_articles(self, entity_id: int) -> dict[int, int]:
        row = self._entity[entity_id][2]
        ids = self._entities["article_ids"][row]
        counts = self._entities["article_mentions"][row]
        return dict(zip(ids.to_list(), counts.to_list())) if ids is not None else {}

    def _entity_in(self, entity_id: int) -> tuple[list[int], list[int]]:
        """The articles (positions, each once) that mention an entity, and how often each does (kept: a word's first
        letters name the same entities letter after letter)."""
        kept = self._entity_positions.get(entity_id)
        if kept is None:
            position = self._position
            pairs = [(position[a], n) for a, n in self._entity_articles(entity_id).items() if a in position]
            kept = self._entity_positions[entity_id] = ([i for i, _ in pairs], [n for _, n in pairs])
        return kept

    def _valued(self, value: float) -> list[int]:
        """The positions of the articles with a claim of this value (kept for the last few values: a number is typed a
        digit at a time, and taken back)."""
        kept = self._values_kept.pop(value, None)
        if kept is None:
            import polars as pl

            kept = self._index_of(self._claims.filter(pl.col("value") == value)["article_id"].unique().to_list())
        self._values_kept[value] = kept
        while len(self._values_kept) > VALUES_KEPT:  # (the concordance's thread may take the oldest out meanwhile)
            self._values_kept.pop(next(iter(self._values_kept), None), None)
        return kept

    # --- one word ----------------------------------------------------------------------------------
    def _initial_forms(self, pattern: str) -> list[str]:
        """Forms whose syllables match a pattern of initials and syllables (ㅇㅌㅁ, 올ㅌㅁ), as a prefix."""
        first = pattern[0] if is_chosung(pattern[0]) else chosung(pattern[0])
        out = []
        for form in self._initials.get(first, ()):
            if len(form) < len(pattern) or (len(pattern) == 1 and len(form) != 1):
                continue
            if all(p == f or (is_chosung(p) and chosung(f) == p) for p, f in zip(pattern, form)):
                out.append(form)
        return out

    def _word_forms(self, norm: str, widen: bool = True) -> list[str]:
        """The indexed words a query word stands for: itself or its stem (올트먼은 → 올트먼), and the words it begins
        (부동 → 부동산, 올트 → 올트먼), so that a letter more never finds more. Not widened: a word of one letter, a
        word with a digit (20 is not 2024: numbers are found by value), and (`widen=False`) a word the index holds."""
        exact = [v for v in variants(norm) if v in self._postings]
        if len(norm) < 2 or any(ch.isdigit() for ch in norm) or (exact and not widen):
            return exact
        forms, lo = self._forms, bisect.bisect_left(self._forms, norm)
        hi = lo
        while hi < len(forms) and hi - lo < PREFIX_SCANNED and forms[hi].startswith(norm):
            hi += 1
        begun = [form for form in forms[lo:hi] if form not in exact]
        if len(begun) > MAX_PREFIX_FORMS:  # the words most articles hold (cut in the alphabet's order, a longer word
            ranges = self._postings.ranges  # could find articles its beginning did not)
            begun = heapq.nlargest(MAX_PREFIX_FORMS, begun, key=lambda form: ranges[form][1] - ranges[form][0])
        return exact + begun

    def _phrase_candidates(self, norm: str) -> set[int]:
        """The articles (by index) whose bodies may hold a phrase: those with each of its words that narrow anything."""
        candidates = None
        loose: set[int] = set()  # where the words that narrow nothing are found
        for w in (w for w in norm.split() if w):
            found = set()
            for form in self._word_forms(w, widen=False) or [w]:
                found.update(self._postings.get(form)[0])
            for eid in self._entities_named(w, None, widen=False):
                found.update(self._entity_in(eid)[0])
            if not found or len(w) < 2:  # (a word of one letter is a content word in one place and not in another:
                loose |= found  # 샘 of 샘 올트먼; it narrows nothing, and the bodies tell)
                continue
            candidates = found if candidates is None else candidates & found
        if candidates is None:  # no word narrows: the bodies of a small corpus are read, or of the few where its words are
            everything = set(range(len(self._ids)))
            candidates = next((c for c in (everything, loose) if len(c) <= PHRASE_READS_ALL), set())
        return candidates

    def _read_phrase(
        self, norm: str, candidates: set[int], cancelled: Callable[[], bool] | None = None, pinned: Iterable[str] = ()
    ) -> dict[int, int] | None:
        """Article index -> times the phrase is in its body or title, read from the bodies and kept (the `pinned` phrases
        are not pushed out to make room); None if cancelled (between two articles, where a thread also lets the UI in)."""
        hits: dict[int, int] = {}
        for i in sorted(candidates):
            if cancelled is not None:
                if cancelled():
                    return None
                time.sleep(0)
            n = normalize(self._text_of(self._ids[i])).count(norm)
            if n:
                hits[i] = n
        for i, n in self._in_titles(norm).items():
            hits[i] = hits.get(i, 0) + n
        with self._searched_lock:
            while len(self._phrases) >= PHRASES_KEPT:
                oldest = next((p for p in self._phrases if p not in pinned), None)
                if oldest is None:
                    break
                self._phrases.pop(oldest)
            self._phrases[norm] = dict(hits)
        return hits

    def slow_phrases(self, text: str) -> list[tuple[str, int]]:
        """The phrases of a query whose articles are not known yet and would take long to read: (the phrase as typed, how
        many bodies it needs read), for each one that needs more than PHRASE_READS_AT_ONCE."""
        if '"' not in text:  # (asked at every key typed: most queries hold no phrase)
            return []
        query = parse(text)
        if query.error:
            return []
        with self._searched_lock:
            if text in self._searched or text in self._guessed:
                return []
            known = set(self._phrases)
        out = []
        for term in query.terms:
            norm = normalize(term.text)
            if term.phrase and norm not in known:
                n = self._candidates_counted.get(norm)
                if n is None:
                    n = len(self._phrase_candidates(norm))
                    with self._searched_lock:
                        if len(self._candidates_counted) >= PHRASES_KEPT:
                            self._candidates_counted.pop(next(iter(self._candidates_counted)))
                        self._candidates_counted[norm] = n
                if n > PHRASE_READS_AT_ONCE:
                    out.append((term.text, n))
        return out

    def read_phrases(self, text: str, cancelled: Callable[[], bool] | None = None) -> bool:
        """Read the bodies a query's phrases need (in a thread: `slow_phrases`), and keep what they hold; False when
        `cancelled` stopped it."""
        query = parse(text)
        if query.error:
            return True
        phrases = [normalize(term.text) for term in query.terms if term.phrase]
        for norm in phrases:
            with self._searched_lock:
                known = norm in self._phrases
            if not known and self._read_phrase(norm, self._phrase_candidates(norm), cancelled, phrases) is None:
                return False
        self.search(text)  # (kept whole: a query of more phrases than are kept is answered from it, not read again)
        return True

    def _entities_named(self, norm: str, kind: str | None, widen: bool = True) -> list[int]:
        """The entities a query word names: by any of their names, as typed or without a particle, and (`widen`, as
        `_word_forms` does for words) those a name of which it begins: 올트 finds 올트먼, opena finds OpenAI."""
        found: list[int] = []
        for v in variants(norm):
            for eid in self._entity_names.get(name_key(v), ()):
                if eid not in found and (kind is None or self._entity[eid][0] == kind):
                    found.append(eid)
        start = name_key(norm)
        if widen and len(start) >= 2 and not any(ch.isdigit() for ch in start):
            keys, at, more = self._name_keys, bisect.bisect_left(self._name_keys, start), MAX_PREFIX_FORMS
            while at < len(keys) and keys[at].startswith(start) and more > 0:
                for eid in self._entity_names[keys[at]]:
                    if eid not in found and (kind is None or self._entity[eid][0] == kind):
                        found.append(eid)
                        more -= 1
                at += 1
        return found

    def _match(self, term: Term, kind: str | None) -> tuple[dict[int, int], list[str], set[str], set[int], set[float], tuple[str, ...]]:
        """Article index -> hits for one term, with notes, what matched (forms, entities, values) and the forms looked
        for in titles."""
        hits: dict[int, int] = {}
        notes: list[str] = []
        forms: set[str] = set()
        entities: set[int] = set()
        values: set[float] = set()
        norm = normalize(term.text)
        if term.named:
            both: dict[int, int] | None = None
            in_titles: tuple[str, ...] = ()
            for word in norm.split():  # every word, as words are found
                found, _, f, _, v, t = self._match(Term(word), None)
                forms |= f
                values |= v
                in_titles += t
                both = found if both is None else {i: min(both[i], found[i]) for i in both.keys() & found.keys()}  # (a name once)
            hits = dict(both or {}) if kind not in NAME_KINDS else {}
            for eid in term.named:  # and the entity they name, by any of its names
                entities.add(eid)
                named: dict[int, int] = {}
                self._add_entity(named, eid)
                for i, n in named.items():
                    hits[i] = max(hits.get(i, 0), n)
                if len(notes) < NAMES_NOTED:
                    notes.append(f"{term.text}: also {self._entity[eid][1]} and its other names")
            return hits, notes, forms, entities, values, in_titles
        if term.phrase:
            with self._searched_lock:
                known = self._phrases.get(norm)
            if known is None:  # (read in the bodies once: a second at 10,000 articles for common words)
                known = self._read_phrase(norm, self._phrase_candidates(norm))
            return dict(known or {}), notes, forms, entities, values, (norm,)
        if kind in NAME_KINDS:
            for eid in self._entities_named(norm, kind):
                entities.add(eid)
                self._add_entity(hits, eid)
            if entities:
                names = ", ".join(self._entity[e][1] for e in sorted(entities))
                notes.append(f"{term.text}: {BY_CODE[kind].plural} named {names}")
            return hits, notes, forms, entities, values, ()
        value = _number(norm)
        if value is not None:
            values.add(value)
            for j in self._valued(value):
                hits[j] = hits.get(j, 0) + 1
            if kind == "QT":
                return hits, notes, forms, entities, values, ()
            if norm.isdigit() and 1800 <= value <= 2200:  # a year: the articles of that year too
                for j in self._years.get(int(value), ()):
                    hits[j] = hits.get(j, 0) + 1
        initials = any(is_chosung(ch) for ch in norm)
        matched = self._initial_forms(norm) if initials else self._word_forms(norm)
        postings = sorted((self._postings.get(form) for form in matched), key=lambda p: -len(p[0]))
        forms.update(matched)
        for idx, counts in postings:  # the longest first, taken whole
            if not hits:
                hits = dict(zip(idx, counts))
                continue
            get = hits.get
            for i, n in zip(idx, counts):
                hits[i] = get(i, 0) + n
        for eid in self._entities_named(norm, None):
            name = self._entity[eid][1]
            if (normalize(name) != norm or not matched) and len(notes) < NAMES_NOTED:
                notes.append(f"{term.text}: also {name} and its other names")
            entities.add(eid)
            get = hits.get
            for i, n in zip(*self._entity_in(eid)):  # a word that is also a mention of the entity counts once
                if n > get(i, 0):
                    hits[i] = n
        titled: tuple[str, ...] = ()
        if not initials:  # the titles, as typed or without a particle or ending (접견은 finds 접견; 올트 finds 올트먼)
            in_titles: dict[int, int] = {}
            titled = tuple(sorted(set(variants(norm))))
            for needle in titled:
                for i, n in self._in_titles(needle).items():
                    in_titles[i] = max(in_titles.get(i, 0), n)
            for i, n in in_titles.items():  # (after the body's words and mentions: a title is no mention, its hits add)
                hits[i] = hits.get(i, 0) + n
        return hits, notes, forms, entities, values, titled

    def _names_joined(self, terms: list[Term], kind: str | None) -> list[Term]:
        """The query's words, with two or three in a row that name an entity together made one term: 샘 알트먼 finds
        the articles that name him in any spelling, where 샘 alone is a word in one and not in another (Kiwi splits
        names). The last words, being typed, may begin a name (샘 알트), as a last word begins words."""
        out: list[Term] = []
        i = 0
        while i < len(terms):
            for n in (3, 2):
                group = terms[i : i + n]
                if len(group) == n and not any(t.negate or t.phrase for t in group):
                    text = " ".join(t.text for t in group)
                    named = self._entities_named(normalize(text), kind, widen=i + n == len(terms))
                    if named:
                        out.append(Term(text, named=tuple(named)))
                        i += n
                        break
            else:
                out.append(terms[i])
                i += 1
        return out

    def _in_titles(self, needle: str) -> dict[int, int]:
        """Article position -> how often `needle` (normalised, two characters or more) is in its title."""
        found: dict[int, int] = {}
        if len(needle) < 2:
            return found
        titles, starts, at = self._titles, self._title_starts, self._titles.find(needle)
        while at >= 0:
            i = bisect.bisect_right(starts, at) - 1
            found[i] = found.get(i, 0) + 1
            at = titles.find(needle, at + 1)
        return found

    def _title_line(self, i: int) -> str:
        start = self._title_starts[i]
        end = self._title_starts[i + 1] - 1 if i + 1 < len(self._title_starts) else len(self._titles)
        return self._titles[start:end]

    def title_spans(self, result: Result, article_id: int) -> list[tuple[int, int]]:
        """Where a result's hits are in one article's title (offsets in `title_text`): for each term, the places of
        the form it found most often there (the longest of equals), as its hits count them."""
        i = self._position.get(article_id)
        if i is None or not result.titled:
            return []
        title = self._title_line(i)
        out: list[tuple[int, int]] = []
        for needles in result.titled:
            best: list[tuple[int, int]] = []
            for needle in sorted(needles, key=len, reverse=True):
                if len(needle) < 2:
                    continue
                found, at = [], title.find(needle)
                while at >= 0:
                    found.append((at, at + len(needle)))
                    at = title.find(needle, at + 1)
                if len(found) > len(best):
                    best = found
            out += best
        _, places = self._title_places(i)
        if places is not None:  # offsets in the search form, moved to the title as written
            out = [(places[a][0], places[b - 1][1]) for a, b in out]
        return _merged(out)  # one hit where two terms' forms overlap (오픈AI and 오픈), as in the body

    def title_text(self, article_id: int) -> str:
        """An article's title as shown with its hits: as written, unless its search form cannot be mapped back to it
        character by character (then the search form)."""
        return self._title_places(self._position[article_id])[0]

    def _title_places(self, i: int) -> tuple[str, list[tuple[int, int]] | None]:
        """The title to show, and for each offset of its search form the characters of that title it comes from, as
        (start, end) (None: the search form is shown)."""
        raw, norm = self._raw_titles[i], self._title_line(i)
        groups: list[tuple[int, str]] = []  # (first character, text) of each character with the marks combined with it
        for k, ch in enumerate(raw):
            if groups and unicodedata.combining(ch):
                groups[-1] = (groups[-1][0], groups[-1][1] + ch)
            else:
                groups.append((k, ch))
        forms = [(k, k + len(text), normalize(text)) for k, text in groups]  # (… becomes ..., Ａ a, e and an accent é)
        if "".join(form for _, _, form in forms) != norm:
            return norm, None
        return raw, [(k, end) for k, end, form in forms for _ in form]

    def _add_entity(self, hits: dict[int, int], entity_id: int) -> None:
        for i, n in zip(*self._entity_in(entity_id)):
            hits[i] = hits.get(i, 0) + n

    def _index_of(self, article_ids: Iterable[int]) -> list[int]:
        return [self._position[a] for a in article_ids if a in self._position]

    # --- the next letter ---------------------------------------------------------------------------
    def next_letters(self, text: str, k: int) -> list[str]:
        """The `k` letters likeliest to be typed next after `text` (a query being typed), the likeliest first: the
        letters that continue its last word into the corpus's words, or, after a space, that begin one, each weighted
        by the articles that hold the words it leads to (a word's first letters: `_first_letters`). None after a field,
        a phrase, an exclusion or initials."""
        word = "" if not text or text[-1].isspace() else text.split()[-1]
        if word.startswith("-") or ":" in word or '"' in text:
            return []
        prefix = normalize(word)
        if any(is_chosung(ch) for ch in prefix):
            return []
        letters = self._next.get(prefix)
        if letters is None:
            if len(self._next) > 256:
                self._next = {"": self._next[""]}
            letters = self._next[prefix] = self._letters_after(prefix)
        return letters[:k]

    def _first_letters(self) -> list[str]:
        """The letters likeliest to begin a word: no digit (every article holds numbers, and a query of one digit finds
        most of the corpus), and a Latin letter every fourth (Latin letters begin few of the corpus's words, but many
        of the names a reader looks for: OpenAI, IMF, GPT)."""
        letters = [c for c in self._letters_after("", 10_000) if not c.isdigit()]
        latin = [c for c in letters if c.isascii()]
        other = [c for c in letters if not c.isascii()]
        out: list[str] = []
        while (latin or other) and len(out) < 48:
            out.extend(other[:3])
            out.extend(latin[:1])
            other, latin = other[3:], latin[1:]
        return out

    def _letters_after(self, prefix: str, kept: int = 32) -> list[str]:
        forms, ranges, n = self._forms, self._postings.ranges, len(prefix)
        weights: dict[str, int] = {}
        if not prefix:  # every form (as the index is built): no search for where they begin
            for form, (lo, hi) in ranges.items():
                if form:
                    weights[form[0]] = weights.get(form[0], 0) + hi - lo
            return sorted(weights, key=lambda letter: (-weights[letter], letter))[:kept]
        at = bisect.bisect_left(forms, prefix)
        while at < len(forms) and forms[at].startswith(prefix):
            form = forms[at]
            if len(form) > n:
                lo, hi = ranges[form]
                weights[form[n]] = weights.get(form[n], 0) + hi - lo
            at += 1
        return sorted(weights, key=lambda letter: (-weights[letter], letter))[:kept]

    # --- a whole query -----------------------------------------------------------------------------
    def search(self, query: Query | str, guess: bool = False) -> Result:
        """The articles a query matches (ids None when the query filters nothing). A query typed as text is answered
        from the results kept when it was asked before (typing back over a word), or when it was guessed (`guess`: a
        query the next letter may make, kept apart, so that guesses do not push out what was typed)."""
        if not isinstance(query, str):
            return self._search(query)
        with self._searched_lock:  # (the concordance searches in a thread)
            kept = self._searched.pop(query, None)
            typed = kept is not None  # (a query typed before and guessed again stays with the typed ones)
            if kept is None:
                kept = self._guessed.pop(query, None)
        if kept is None:
            kept = self._search(parse(query))
        with self._searched_lock:
            if guess and not typed:
                _keep(self._guessed, query, kept, GUESSES_KEPT, GUESSED_IDS_KEPT)
            else:
                _keep(self._searched, query, kept, SEARCHES_KEPT, SEARCHED_IDS_KEPT)
        return kept

    def _search(self, query: Query) -> Result:
        if query.error:
            return Result(frozenset(), error=query.error)
        if query.empty:
            return Result(None)
        keep: set[int] | None = None
        hits: dict[int, int] = {}
        notes: list[str] = []
        forms: set[str] = set()
        entities: set[int] = set()
        values: set[float] = set()
        phrases: list[str] = []
        titled: list[tuple[str, ...]] = []
        excluded: set[int] = set()
        for term in self._names_joined(query.terms, query.kind):
            found, term_notes, f, e, v, t = self._match(term, None if term.negate else query.kind)
            if term.negate:
                excluded.update(found)
                continue
            if t:
                titled.append(t)
            notes.extend(term_notes)
            forms |= f
            entities |= e
            values |= v
            if term.phrase:
                phrases.append(term.text)
            if keep is None:  # (the first term: its hits as they are; a query of one word thousands of articles match
                keep, hits = found.keys(), found  # is typed at the speed of a dict's copy, not of a loop per article)
                continue
            keep = keep & found.keys()
            hits = {i: hits[i] + found[i] for i in keep}
        if keep is None:  # (fields or exclusions alone)
            keep = set(range(len(self._ids)))
        if excluded:
            keep = keep - excluded
        if query.publishers:
            names = {k for k, name in enumerate(self._publisher_names) if any(p in name for p in query.publishers)}
            codes = self._publisher_codes
            keep = {i for i in keep if codes[i] in names}
        for lo, hi in query.dates:
            first, last, days = lo.toordinal(), hi.toordinal(), self._days
            keep = {i for i in keep if first <= days[i] <= last}  # (undated: -1, before any)
        kept = list(keep)
        ids = list(map(self._ids.__getitem__, kept))
        return Result(
            frozenset(ids),
            dict(zip(ids, map(hits.get, kept, repeat(0)))),
            notes,
            frozenset(forms),
            frozenset(entities),
            frozenset(values),
            tuple(phrases),
            titled=tuple(titled),
        )

    def spans(
        self,
        result: Result,
        article_id: int,
        text: str,
        mentions: list[tuple[int, int, int | None]] = (),
        claims: list[tuple[int, int, float | None]] = (),
    ) -> list[tuple[int, int]]:
        """Where a result's hits are in one article: its words, the mentions of its entities, claims of its
        values, and its phrases (`mentions` as (start, end, entity_id), `claims` as (start, end, value))."""
        out: set[tuple[int, int]] = set()
        if result.forms:
            out.update((a, b) for form, a, b in self._spans_of(article_id) if form in result.forms)
        out.update((a, b) for a, b, eid in mentions if eid is not None and eid in result.entities)
        out.update((a, b) for a, b, v in claims if v is not None and float(v) in result.values)
        if result.phrases:
            folded = text.casefold()
            for phrase in result.phrases:
                needle = phrase.casefold()
                start = folded.find(needle)
                while start >= 0 and needle:
                    out.add((start, start + len(needle)))
                    start = folded.find(needle, start + 1)
        return _merged(out)  # a word inside a name (올트먼 in 샘 올트먼) is one hit


def written(query_text: str, body: str) -> list[tuple[int, int]]:
    """Where the words of a plain query (no field, exclusion or quote) are written in a text, letter for letter,
    without case or width, if all of them are: the reader's find-in-page where the index finds none (샘 of 샘 올트먼
    is a word of one article and, to Kiwi, no word of another). A word of one letter is found only standing alone
    (샘 before a space, not the 다 of 다음)."""
    query = parse(query_text)
    if query.error or query.publishers or query.dates or query.kind or not query.terms:
        return []
    if any(term.negate or term.phrase for term in query.terms):
        return []
    folded = "".join(f if len(f := unicodedata.normalize("NFKC", ch)) == 1 else ch for ch in body)  # (offsets kept)
    found: set[tuple[int, int]] = set()
    for term in query.terms:
        needle = unicodedata.normalize("NFKC", term.text)
        pattern = re.escape(needle) if len(needle) > 1 else rf"(?<!\w){re.escape(needle)}(?!\w)"
        spans = [(m.start(), m.end()) for m in re.finditer(pattern, folded, re.IGNORECASE)]
        if not spans:
            return []  # (every word, as the list's search asks)
        found.update(spans)
    return _merged(found)


def _keep(kept: dict[str, Result], query: str, result: Result, most: int, most_ids: int) -> None:
    """Keep a query's result as the latest, within `most` results holding `most_ids` articles together."""
    kept[query] = result
    held = sum(len(r.ids or ()) for r in kept.values())
    while len(kept) > most or (held > most_ids and len(kept) > 1):
        held -= len(kept.pop(next(iter(kept))).ids or ())


def postings_frame(words, ids: list[int]):
    """The postings of a words frame (`article_id`, `form`, a row per occurrence) as a frame: per form, the
    positions in `ids` of the articles that hold it and how often each does. Stored in the snapshot, so
    that a warm start reads 20,000 short rows instead of grouping two million."""
    import polars as pl

    schema = {"form": pl.String, "i": pl.List(pl.UInt32), "n": pl.List(pl.UInt32)}
    if words.height == 0:
        return pl.DataFrame(schema=schema)
    position = pl.DataFrame({"article_id": ids, "i": list(range(len(ids)))}, schema={"article_id": pl.Int64, "i": pl.UInt32})
    return (
        words.select("article_id", "form")
        .join(position, on="article_id", how="inner")
        .group_by("form", "i")
        .agg(pl.len().cast(pl.UInt32).alias("n"))
        .sort("form", "i")
        .group_by("form", maintain_order=True)
        .agg("i", "n")
    )


class Postings:
    """form -> (article positions, hits in each), held as two flat columns and a range per form: a few bytes an
    entry, and Python numbers only for the forms a query asks for."""

    def __init__(self, frame) -> None:
        lengths = frame["i"].list.len().to_list()
        self.ranges: dict[str, tuple[int, int]] = {}
        start = 0
        for form, n in zip(frame["form"].to_list(), lengths):
            self.ranges[form] = (start, start + n)
            start += n
        self._positions = frame["i"].explode()
        self._counts = frame["n"].explode()

    def __contains__(self, form: str) -> bool:
        return form in self.ranges

    def get(self, form: str) -> tuple[list[int], list[int]]:
        lo, hi = self.ranges.get(form, (0, 0))
        if hi <= lo:
            return [], []
        return self._positions.slice(lo, hi - lo).to_list(), self._counts.slice(lo, hi - lo).to_list()


def build(result) -> SearchIndex:
    """The search index of a `corpus.pipeline.Result` (its words from memory, or from its snapshot)."""
    import polars as pl

    corpus, analysis = result.corpus, result.analysis
    arts = corpus.articles
    articles = {
        aid: ArticleFields(pub or "", date)
        for aid, pub, date in zip(arts["id"].to_list(), arts["publisher"].to_list(), arts["date"].to_list())
    }
    stored = getattr(result, "snapshot", None)
    if analysis.words.height or stored is None:
        words = analysis.words
        table = postings_frame(words, list(articles))

        def spans_of(article_id: int) -> list[tuple[str, int, int]]:
            part = words.filter(pl.col("article_id") == article_id)
            return list(zip(part["form"].to_list(), part["start"].to_list(), part["end"].to_list()))
    else:
        from array import array

        from .snapshot import read_words

        table = stored.table("postings")  # positions follow the stored articles' order, as `articles` does
        path, blobs = stored.folder / "words.parquet", stored.folder / "words.bin"
        where = stored.table("word_blobs")  # sorted by article id
        blob_ids, blob_at, blob_len = (array("q", where[c].to_list()) for c in ("article_id", "offset", "length"))

        def spans_of(article_id: int) -> list[tuple[str, int, int]]:
            i = bisect.bisect_left(blob_ids, article_id)
            if i >= len(blob_ids) or blob_ids[i] != article_id:
                return []  # an article without words has no record
            try:
                return read_words(blobs, article_id, blob_at[i], blob_len[i])
            except (OSError, ValueError, zlib.error):
                pass  # (damaged, or stored anew since: the words table is read instead)
            part = pl.scan_parquet(path, glob=False).filter(pl.col("article_id") == article_id).select("form", "start", "end").collect()
            return list(zip(part["form"].to_list(), part["start"].to_list(), part["end"].to_list()))

    from .entities import read_aliases

    alias_table = {entry.name: entry.aliases for entry in read_aliases()}  # the alias table's names, seen or not
    entities = analysis.entities.select("entity_id", "kind", "name", "aliases", "article_ids", "article_mentions")
    claims = analysis.claims.select("article_id", "value")

    def text_of(article_id: int) -> str:
        article = corpus.article(article_id)
        return article["body"] if article else ""

    return SearchIndex(
        articles, Postings(table), entities, claims, text_of, spans_of, alias_table, [t or "" for t in arts["title"].to_list()]
    )


@dataclass(frozen=True)
class Line:
    """One hit in its context, for a concordance (keyword in context)."""

    article_id: int
    start: int
    end: int
    left: str
    hit: str
    right: str
    title: bool = False  # a hit in the article's title (start and end are offsets in the title)
    more: bool = False  # the text goes on after `right` (cut at `width` characters, maybe mid-word)
    before: bool = False  # and before `left`


def article_hits(
    index: SearchIndex, result: Result, article_id: int, text: str, facts=None
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """A result's hits in one article, as (start, end) spans in its title and in its body (`text`, needed for
    phrases): what the concordance lists and `counted` counts."""
    mentions = facts.mention_spans(article_id) if facts is not None else []
    claims = facts.claim_spans(article_id) if facts is not None else []
    return index.title_spans(result, article_id), index.spans(result, article_id, text, mentions, claims)


def counted(
    index: SearchIndex,
    result: Result,
    article_text: Callable[[int], str],
    facts=None,
    order: Iterable[int] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Result:
    """The result with each article's hits counted as the concordance lists them: its title's, and its body's words,
    mentions, claims and phrases with those that overlap counted once. The search's own counts come from counts per
    word and per entity (what typing can afford); they miss a word and a mention of the same name in different places
    (샘 올트먼 as a mention, 올트먼은 as a word) or two words at one place. Reads each article's words: done after
    typing, in a thread. Cancelled part way, the rest keep the search's counts."""
    if result.ids is None or result.error:
        return result
    hits = dict(result.hits)
    todo = list(order or ())
    listed = set(todo)
    todo += [aid for aid in sorted(result.ids) if aid not in listed]  # (those `order` leaves out, after it)
    for aid in todo:
        if cancelled is not None:
            time.sleep(0)  # in a thread: the interpreter is handed to the UI between articles, not after 5 ms
            if cancelled():
                break
        if aid not in hits:
            continue
        in_title, in_body = article_hits(index, result, aid, article_text(aid) if result.phrases else "", facts)
        hits[aid] = len(in_title) + len(in_body)
    return replace(result, hits=hits, exact=cancelled is None or not cancelled())


CONCORDANCE_LIMIT = 5000  # lines a concordance lists at most (it says so when it stops there)


def concordance(
    index: SearchIndex,
    result: Result,
    article_text: Callable[[int], str],
    facts=None,
    order: list[int] | None = None,
    width: int = 40,
    limit: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Line]:
    """Every hit of a result with `width` characters either side (at most `limit` lines), article by article in
    `order` (the result's articles in id order by default), an article's title first; `facts` (corpus.facts.Facts)
    adds entity and number hits."""
    limit = CONCORDANCE_LIMIT if limit is None else limit
    out: list[Line] = []
    ids = [a for a in (order or sorted(result.ids or ())) if result.ids is None or a in result.ids]
    for aid in ids:
        if cancelled and cancelled():
            break
        text = article_text(aid)
        in_title, in_body = article_hits(index, result, aid, text, facts)
        title = index.title_text(aid) if in_title else ""
        for a, b in in_title:
            left, right = title[max(0, a - width) : a], title[b : b + width]
            out.append(Line(aid, a, b, left, title[a:b], right, title=True, more=b + width < len(title), before=a > width))
            if len(out) >= limit:
                return out
        for a, b in in_body:
            left = text[max(0, a - width) : a].replace("\n", " ")
            right = text[b : b + width].replace("\n", " ")
            out.append(Line(aid, a, b, left, text[a:b].replace("\n", " "), right, more=b + width < len(text), before=a > width))
            if len(out) >= limit:
                return out
    return out
