"""REFERENCE COPY of corpus/compare.py at 7bc65e2 (before the scaling work), kept only so bench/compare_equiv.py can prove the
faster implementation gives identical groups and checks. Do not edit.

Comparing claims: groups of claims about the same thing, verdicts, and arithmetic checks.

Two claims from different articles are compared only with evidence that they report the same thing:

1. **The same key** (`corpus.claim_key`): unit family and holder (whose number it is) block the claims, so
   a corpus is never compared pair by pair; measure and scope are then compared per pair. A part of the
   key that is guessed rather than matched makes the key weaker and asks for more sentence evidence
   (`Thresholds.weak_extra` per part): a holder taken from the article's main names (the clause names
   none), a measure left unnamed or matched only by its head (반응 경기도민 / 경기도민), a scope on one
   side only. Different measures, scopes or places (for ranks) never meet.
2. **The same story**: their sentences say the same thing apart from the number and the key — IDF-weighted
   cosine of the sentences' content morphemes, numbers masked, the key's own words left out
   (`corpus.similarity`). Every group shows the words that tied it and the score.
3. **A compatible time**: explicit times (지난해, 3월 2일, 이날, 11월 2주차) must overlap, else the claims
   are about different moments and never meet; otherwise the articles' dates decide: within
   SAME_TIME_DAYS is the same time, beyond CHANGE_DAYS the world may have changed.

Verdicts: `conflict` (incompatible values at the same time in sentences alike: score >= Thresholds.conflict),
`possible conflict` (incompatible values on weaker evidence: a lower score, an unknown date, articles days
apart, or two articles that differ on most figures they share — two editions of a recurring report such
as a daily tally), `changed over time` (more than CHANGE_DAYS apart, tied by a named holder), `agree` and
`single source`. Claims inside one article never conflict: an article listing 18명 and 3명 is describing
two things; figures of two alike sentences pair up in order (87 km에서 51 km로). The thresholds come from
`bench/compare.py` (planted second reports mixed into Wikinews; its docstring says how).

Arithmetic checks look inside one article: ratios, shares, growth, sums and currency conversions.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, field

import polars as pl

from corpus import frames
from corpus.claim_key import measure_key, unit_family
from corpus.lexicon import CITIES, CITY_COUNTRY, COUNTRIES, SCOPE_WORDS
from corpus.similarity import SMOOTHING, Weights, cosine, shared

VERDICT_ORDER = {"conflict": 0, "possible conflict": 1, "changed over time": 2, "agree": 3, "single source": 4}
CHANGE_DAYS = 180  # articles further apart than this may describe a world that changed
SAME_TIME_DAYS = 7  # articles this close (with no explicit, differing times) report the same moment
TOL_EXACT = 0.005  # two exact figures agree within 1% of each other, or when one is the other rounded as written
TOL_APPROX = 0.10  # 약, 가량, 여: ±10%
# 이상, 넘게, 돌파, 최소 (and 이하, 미만, 최대) state a threshold close to the figure, not an open range: a report of
# "500만명 돌파" agrees with 510만명 but not with "800만명 돌파". A bound reaches this factor beyond its figure.
BOUND_REACH = 1.3
SERIES_MIN = 3  # articles differing on at least this many figures (and on more than they agree on) are a series
BLOCK_ALL_PAIRS = 32  # exact-key blocks up to this many distinct claims compare every pair; larger ones share a rare word first


@dataclass(frozen=True)
class Thresholds:
    """Sentence-similarity thresholds (IDF cosine, 0..1); see bench/compare.py for how they were chosen."""

    link: float = 0.15        # agreeing claims join a group from here (claims > CHANGE_DAYS apart need only their key)
    possible: float = 0.35    # incompatible values at (possibly) the same time: a possible conflict from here
    conflict: float = 0.60    # ... and a conflict from here, when the time is known to be the same
    weak_extra: float = 0.10  # added to `possible` and `conflict` per guessed part of a key (holder from the article, no measure)
    smoothing: int = SMOOTHING  # unseen articles added to word counts (corpus.similarity)


DEFAULT = Thresholds()


_WRITTEN = re.compile(r"(\d[\d,]*)(?:\.(\d+))?\s?(조|억|만|천)?")
_SCALE = {"조": 1e12, "억": 1e8, "만": 1e4, "천": 1e3, None: 1.0}


def _digit_place(text: str) -> float:
    """The place value of the last digit as written: 0.1 for 68.2%, 1 for 68%, 10,000 for 2031만명."""
    found = _WRITTEN.findall(text or "")
    if not found:
        return 0.0
    _, decimals, scale = found[-1]
    return 10.0 ** -len(decimals) * _SCALE[scale or None]


_digit_place_cached = functools.lru_cache(maxsize=65536)(lambda text: _digit_place(text))
_measure_key = functools.lru_cache(maxsize=65536)(measure_key)


def _same_when_rounded(a: dict, b: dict) -> bool:
    """15% and 15.3%: the more precise figure, rounded as the other is written, gives the other."""
    if a["approximate"] or b["approximate"] or a["bound"] or b["bound"] or a["value_max"] is not None or b["value_max"] is not None:
        return False
    pa, pb = _digit_place_cached(a["text"]), _digit_place_cached(b["text"])
    if pa == pb or not pa or not pb:
        return False
    coarse, fine, place = (a, b, pa) if pa > pb else (b, a, pb)
    return math.isclose(math.floor(fine["value"] / place + 0.5) * place, coarse["value"], rel_tol=1e-9)


def _interval(c: dict) -> tuple[float, float]:
    """The values a claim allows: its figure (or range) give or take rounding, approximation and bounds."""
    v = c["value"]
    vmax = c["value_max"]
    if v is None:
        return (float("-inf"), float("inf"))
    if vmax is not None:
        lo, hi = min(v, vmax), max(v, vmax)
    else:
        lo = hi = v
    tol = 0.0 if c["kind"] in ("ordinal", "rank") and not c["approximate"] else (TOL_APPROX if c["approximate"] else TOL_EXACT)
    bound = c["bound"] or ""
    if bound in (">", ">="):
        hi = hi * BOUND_REACH  # 500만명 돌파 agrees with 510만명, not with 800만명 돌파
    elif bound in ("<", "<="):
        lo = lo / BOUND_REACH
    elif bound == "top":
        lo = 1.0
    return lo - abs(lo) * tol, hi + abs(hi) * tol


def _fmt(v: float | None) -> str:
    if v is None:
        return "?"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}"


def _period(day: dt.date, grain: str) -> tuple[dt.date, dt.date]:
    if grain == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if grain == "month":
        nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return dt.date(day.year, day.month, 1), nxt - dt.timedelta(days=1)
    if grain == "week":
        return day, day + dt.timedelta(days=6)
    return day, day


@dataclass
class _Node:
    """Identical claims (the same key, value, time and sentence words) from one or more articles."""

    index: int
    claims: list[dict]
    articles: frozenset[int]
    family: str
    measure: str  # measure key (corpus.claim_key.measure_key), "" when the clause names none
    scope: str
    holder: str  # the clause's own holder (spaces removed), "" when none
    holders: tuple[str, ...]  # the blocks it sits in: its holder, or its article's main names and "" (nobody named)
    span: tuple[float, float]
    explicit: bool
    when: tuple[dt.date, dt.date] | None
    places: frozenset[str] = frozenset()  # for ordinals and ranks: the places their sentence is about
    slot: tuple[int, int] = (0, 1)  # its place among its sentence's figures of the same unit family, and how many
    vec: dict[str, float] = field(default_factory=dict)

    @property
    def rep(self) -> dict:
        return self.claims[0]


def _gap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def _relation(a: _Node, b: _Node) -> tuple[str, int | None]:
    """How the two claims' times relate: same, near, far, different (explicit and apart) or unknown."""
    if a.when is None or b.when is None:
        return "unknown", None
    gap = _gap(a.when, b.when)
    if a.explicit and b.explicit:
        return ("same", 0) if gap == 0 else ("different", gap)
    if gap <= SAME_TIME_DAYS:
        return "same", gap
    return ("far", gap) if gap > CHANGE_DAYS else ("near", gap)


def _compatible(a: _Node, b: _Node) -> bool:
    return not (a.span[1] < b.span[0] or b.span[1] < a.span[0]) or _same_when_rounded(a.rep, b.rep)


def _place(name: str) -> str | None:
    if name in SCOPE_WORDS or not (name in COUNTRIES or name in CITIES or name in CITY_COUNTRY):
        return None
    return CITY_COUNTRY.get(name, name)


FALLBACK_HOLDERS = 3  # a claim with no holder in its clause may belong to any of its article's most mentioned names


def _main_entities(mentions: pl.DataFrame, entities: pl.DataFrame) -> tuple[dict[int, list[str]], dict[int, str]]:
    """Each article's most mentioned named entities (the fallback holders) and most mentioned place."""
    named = mentions.filter(pl.col("entity_id").is_not_null() & pl.col("kind").is_in(["PS", "OG", "LC", "PD"]))
    if named.height == 0:
        return {}, {}
    counts = (named.group_by("article_id", "entity_id").agg(pl.len().alias("n"), pl.col("start").min().alias("first"))
              .sort(["article_id", "n", "first"], descending=[False, True, False]))
    names = dict(zip(entities["entity_id"].to_list(), entities["name"].to_list()))
    main: dict[int, list[str]] = collections.defaultdict(list)
    place: dict[int, str] = {}
    for aid, eid in zip(counts["article_id"].to_list(), counts["entity_id"].to_list()):
        name = names.get(eid, "")
        if len(main[aid]) < FALLBACK_HOLDERS and name:
            main[aid].append(name)
        if aid not in place and _place(name):
            place[aid] = _place(name)
    return main, place


def _comparable(c: dict) -> bool:
    """Vague amounts (수백만), unknown values and ages are never compared."""
    return not (c["vague"] or c["value"] is None or c["kind"] in ("identifier", "age") or c["unit_family"] == "age")


def _nodes(all_rows: list[dict], dates: dict[int, dt.date | None], main: dict[int, list[str]],
           main_place: dict[int, str], names: set[str]) -> list[_Node]:
    by_signature: dict[tuple, _Node] = {}
    rows = [c for c in all_rows if _comparable(c)]
    in_sentence: dict[tuple, list[dict]] = collections.defaultdict(list)
    for c in rows:
        in_sentence[(c["article_id"], c["sentence_start"], c["unit_family"])].append(c)
    slots: dict[int, tuple[int, int]] = {}
    for members in in_sentence.values():
        members.sort(key=lambda c: c["start"])
        for i, c in enumerate(members):
            slots[c["claim_id"]] = (i, len(members))
    for c in rows:
        aid = c["article_id"]
        holder = (c["holder"] or "").replace(" ", "")
        fallback = tuple(h.replace(" ", "") for h in main.get(aid, ())) + ("",)
        if holder and c["holder_from"] and c["holder"] in names:
            holders = (holder,)  # a named holder from the claim's own clause
        else:
            # no name in the clause: any of its article's main names, or nobody named (a weaker key)
            holders = tuple(dict.fromkeys(((holder,) if holder else ()) + fallback))
        block = (c["unit_family"], _measure_key(c["measure"] or ""), c["scope"] or "", holder, holders)
        if c["time_date"] is not None:
            when, explicit = _period(c["time_date"], c["time_grain"] or "day"), True
        elif dates.get(aid) is not None:
            when, explicit = (dates[aid], dates[aid]), False
        else:
            when, explicit = None, False
        span = _interval(c)
        places: frozenset[str] = frozenset()
        if c["kind"] in ("ordinal", "rank"):
            # "the first overseas office" of one company can be in Japan or in Britain: the place tells them apart
            places = frozenset(p for p in map(_place, c["entities"] or []) if p) or (
                frozenset([main_place[aid]]) if aid in main_place else frozenset())
        slot = slots[c["claim_id"]]
        signature = (block, span, when, explicit, places, slot, tuple(c["words"]), tuple(c["context"]), c["text"])
        node = by_signature.get(signature)
        if node is None:
            node = by_signature[signature] = _Node(len(by_signature), [], frozenset(), *block, span, explicit, when, places,
                                                   slot)
        node.claims.append(c)
        node.articles = node.articles | {aid}
    return list(by_signature.values())


def _key_weakness(a: _Node, b: _Node) -> float | None:
    """How much of two claims' keys is guessed rather than matched; None when the keys disagree.

    Holder: the same holder named in both clauses costs nothing, a holder shared only through an
    article's main names (or nobody named on either side) costs 1. Measure: the same measure costs
    nothing; one that ends with the other (반응 경기도민 / 경기도민: a modifier left out) or a missing one
    costs 1; two different measures disagree. Scope: one side without a scope costs 0.5; two different
    scopes disagree. Every unit of weakness asks `Thresholds.weak_extra` more sentence similarity.
    """
    if a.scope != b.scope and a.scope and b.scope:
        return None
    if a.measure != b.measure and a.measure and b.measure:
        short, long = sorted((a.measure, b.measure), key=len)
        if len(short) < 2 or not long.endswith(short):
            return None
        measure = 1.0
    else:
        measure = 0.0 if a.measure and b.measure else 1.0  # fixed with corpus/compare.py: the same measure, or one left unnamed
    holder = 0.0 if a.holder and a.holder == b.holder else 1.0
    scope = 0.0 if a.scope == b.scope else 0.5
    return holder + measure + scope


def _rarest(n: _Node, k: int) -> list[str]:
    return sorted(n.vec, key=lambda w: (-n.vec[w], w))[:k]


def _candidates(nodes: list[_Node]):
    """Pairs of nodes worth scoring, never all pairs.

    Claims with the same exact key (unit family, a holder, measure, scope) are paired within their block,
    a large block only where two share one of their rarest words. Keys that match only softly (a measure
    missing or matched by its head, a scope on one side) are paired within (unit family, holder) only
    where two share one of their two rarest words: those need alike sentences anyway.
    """
    exact: dict[tuple, list[_Node]] = collections.defaultdict(list)
    soft: dict[tuple, list[_Node]] = collections.defaultdict(list)
    for n in nodes:
        for h in n.holders:  # a fallback claim sits in the block of each of its article's main names
            exact[(n.family, h, n.measure, n.scope)].append(n)
            soft[(n.family, h)].append(n)
    seen: set[int] = set()
    size = len(nodes) + 1

    def fresh(a: _Node, b: _Node) -> bool:
        k = a.index * size + b.index if a.index < b.index else b.index * size + a.index
        if k in seen:
            return False
        seen.add(k)
        return True

    def by_words(members: list[_Node], k: int, soft_only: bool):
        """Pairs where one claim's sentence holds one of the other's k rarest words."""
        postings: dict[str, list[_Node]] = collections.defaultdict(list)
        for n in members:
            for w in n.vec:
                postings[w].append(n)
        for a in members:
            for w in _rarest(a, k):
                for b in postings[w]:
                    if b is a or soft_only and a.measure == b.measure and a.scope == b.scope:
                        continue  # an exact-key pair: its own block offered it
                    if fresh(a, b):
                        yield a, b

    for (_, holder, _, _), members in exact.items():
        if len(members) < 2:
            continue
        if len(members) <= BLOCK_ALL_PAIRS:
            # a claim whose own clause names this holder meets every claim of the block; two claims that only
            # guess it from their articles meet where they share a rare word
            named = [n for n in members if holder and n.holder == holder]
            for i, a in enumerate(named):
                for b in members:
                    if b is not a and (b.holder != holder or b.index > a.index) and fresh(a, b):
                        yield a, b
            guessed = [n for n in members if not (holder and n.holder == holder)]
            if len(guessed) > 1:
                yield from by_words(guessed, 3, False)
        else:
            yield from by_words(members, 3, False)
    for members in soft.values():
        if len(members) > 1:
            yield from by_words(members, 2, True)


def compare(articles: pl.DataFrame, mentions: pl.DataFrame, entities: pl.DataFrame, claims: pl.DataFrame,
            thresholds: Thresholds = DEFAULT, stats: dict | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The groups and checks frames for an analysed corpus; `stats`, when given, receives the work done
    (claims, distinct claims, candidate pairs scored, edges kept)."""
    dates = dict(zip(articles["id"].to_list(), articles["date"].to_list()))
    main, main_place = _main_entities(mentions, entities)
    names = set(entities["name"].to_list())
    rows = claims.to_dicts()  # one conversion for grouping and checks alike
    nodes = _nodes(rows, dates, main, main_place, names)
    article_words: dict[int, set[str]] = collections.defaultdict(set)
    for c in rows:
        article_words[c["article_id"]].update(c["words"] or ())
    weights = Weights(article_words.values(), thresholds.smoothing)
    vectors: dict[tuple, dict[str, float]] = {}
    for n in nodes:
        # the words of the key itself (부산시, 직원) are shared by every pair in a block: the evidence that two
        # sentences tell one story is in the words beyond them
        key_text = (n.rep["holder"] or "").replace(" ", "") + "|" + (n.rep["measure"] or "").replace(" ", "")
        words = tuple(w for w in n.rep["words"] if w not in key_text)
        if words not in vectors:
            vectors[words] = weights.vector(words)
        n.vec = vectors[words]
    t = thresholds
    score_cache: dict[tuple[int, int], float] = {}

    def score(a: _Node, b: _Node) -> float:
        k = (a.index, b.index) if a.index < b.index else (b.index, a.index)
        if k not in score_cache:
            score_cache[k] = cosine(a.vec, b.vec)
        return score_cache[k]

    def needed(a: _Node, b: _Node, level: float) -> float:
        return level + t.weak_extra * min(2.0, _key_weakness(a, b) or 0.0)

    def may_join(a: _Node, b: _Node) -> bool:
        relation, _ = _relation(a, b)
        if relation == "different" or (a.places and b.places and not a.places & b.places):
            return False
        if _key_weakness(a, b) is None:
            return False
        if relation == "far" and not (a.holder and a.holder == b.holder or (set(a.holders) & set(b.holders)) - {""}):
            return False  # across years only a named holder ties two claims, never the sentence alone
        if _compatible(a, b):
            return True
        if a.articles & b.articles:
            return False  # one article's two numbers for one key describe two things
        if a.slot[1] == b.slot[1] > 1 and a.slot[0] != b.slot[0] and score(a, b) >= t.possible:
            return False  # 87 km에서 51 km로: in two alike sentences the figures pair up in order
        return relation == "far" or score(a, b) >= needed(a, b, t.possible)

    edges = []
    best: dict[tuple[int, int], tuple] = {}  # (node, other article) -> its best-matching claim there
    pairs = 0
    for a, b in _candidates(nodes):
        pairs += 1
        relation = _relation(a, b)[0]
        if relation == "different" or _key_weakness(a, b) is None:
            continue  # cheap refusals before the cosine
        s = score(a, b)
        if s < t.link and relation != "far":
            continue  # far apart in time, the key alone ties them (the stories differ); otherwise the sentences must
        if not may_join(a, b):
            continue
        overlap = len(set(a.rep["context"]) & set(b.rep["context"])) + 2 * (a.slot == b.slot)
        edges.append((-s, -overlap, a.index, b.index))
        if relation != "far" and s >= t.possible:
            rank = (s, overlap, -abs(a.rep["start"] - b.rep["start"]))
            for x, y, other in ((a, b, b.articles), (b, a, a.articles)):
                for art in other - x.articles:
                    if (x.index, art) not in best or best[(x.index, art)][0] < rank:
                        best[(x.index, art)] = (rank, y)
    edges.sort()
    if stats is not None:
        stats.update(claims=claims.height, distinct=len(nodes), pairs=pairs, edges=len(edges))
    # per pair of articles, the distinct figures on which their mutually best-matching claims agree and disagree
    agreeing: dict[tuple[int, int], set] = collections.defaultdict(set)
    disagreeing: dict[tuple[int, int], set] = collections.defaultdict(set)
    for (ai, art), (_, b) in best.items():
        a = nodes[ai]
        for x in a.articles:
            if x == art or best.get((b.index, x), (None, None))[1] is not a:
                continue
            k = (x, art) if x < art else (art, x)
            va, vb = a.rep["value"], b.rep["value"]
            (agreeing if _compatible(a, b) else disagreeing)[k].add((min(va, vb), max(va, vb)))
    parent = list(range(len(nodes)))
    members: dict[int, list[_Node]] = {n.index: [n] for n in nodes}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, _, i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if all(may_join(x, y) for x in members[ri] for y in members[rj]):
            parent[rj] = ri
            members[ri].extend(members.pop(rj))

    def series(a: _Node, b: _Node) -> tuple[int, int] | None:
        """Two articles that disagree on most figures they share are two editions of a recurring report
        (a daily tally, a weekly poll), not two reports of one event: (disagreeing, agreeing) or None."""
        for x in a.articles:
            for y in b.articles:
                k = (x, y) if x < y else (y, x)
                d, g = len(disagreeing.get(k, ())), len(agreeing.get(k, ()))
                if d >= SERIES_MIN and d > g:
                    return d, g
        return None

    group_rows = []
    for root, cluster in members.items():
        if sum(len(n.claims) for n in cluster) < 2:
            continue
        group_rows.append(_group(cluster, score, needed, series, t))
    group_rows.sort(key=lambda g: (VERDICT_ORDER[g["verdict"]], -g["score"], -g["n_articles"], -g["n_claims"], g["label"]))
    for gid, g in enumerate(group_rows):
        g["group_id"] = gid
    groups = frames.from_rows(frames.GROUPS, group_rows)
    by_article: dict[int, list[dict]] = collections.defaultdict(list)
    for c in rows:
        by_article[c["article_id"]].append(c)
    checks = frames.from_rows(frames.CHECKS, _checks(by_article))
    return groups, checks


def _when(n: _Node) -> str:
    if n.when is None:
        return "undated"
    a, b = n.when
    if n.explicit and a != b:
        return f"{n.rep['time_ref']}: {a.isoformat()}–{b.isoformat()}"
    return a.isoformat() if not n.explicit else f"{n.rep['time_ref']}: {a.isoformat()}"


def _group(cluster: list[_Node], score, needed, series, t: Thresholds) -> dict:
    claims = [c for n in cluster for c in n.claims]
    articles = {c["article_id"] for c in claims}
    cluster.sort(key=lambda n: (n.when[0] if n.when else dt.date.min, min(n.articles), n.rep["start"]))
    conflict = possible = changed = None
    best_pair = None
    for i, a in enumerate(cluster):
        if len(a.articles) > 1:
            best_pair = best_pair or (1.0, a, a)
        for b in cluster[i + 1:]:
            if a.articles == b.articles and len(a.articles) == 1:
                continue
            s = score(a, b)
            relation, gap = _relation(a, b)
            if _compatible(a, b):
                if best_pair is None or s > best_pair[0]:
                    best_pair = (s, a, b)
                continue
            if relation == "far":
                if changed is None or gap > changed[3]:
                    changed = (s, a, b, gap)
            elif relation == "same" and s >= needed(a, b, t.conflict) and series(a, b) is None:
                if conflict is None or s > conflict[0]:
                    conflict = (s, a, b, gap)
            elif s >= needed(a, b, t.possible):
                if possible is None or s > possible[0]:
                    possible = (s, a, b, gap, relation)
    first = cluster[0].rep
    strong = [n.rep["holder"] for n in cluster if n.rep["holder"]]
    if strong:
        holder = collections.Counter(strong).most_common(1)[0][0]
        shown_holder = holder
    else:  # every member took its holder from its article: name the one they share, if any
        common = set(cluster[0].holders).intersection(*(set(n.holders) for n in cluster[1:]))
        holder = next((h for h in cluster[0].holders if h in common), "")
        shown_holder = f"{holder} (the articles' main subject)" if holder else "(no holder named)"
    measure = max((n.rep["measure"] for n in cluster), key=lambda m: (sum(n.rep["measure"] == m for n in cluster), len(m)))
    scope = max((n.scope for n in cluster), key=len)
    what = f"{scope} {measure}".strip()  # 해외 지사 순위, 국내 크리에이터: the scope reads before the measure in Korean
    label = " · ".join(p for p in (holder, what) if p)
    what = f"{shown_holder} {what}"
    if conflict:
        s, a, b, gap = conflict
        when = "the same day" if gap == 0 else f"{gap} days apart"
        verdict, reason = "conflict", (f"{a.rep['text']} ({_when(a)}) vs {b.rep['text']} ({_when(b)}): incompatible values for "
                                       f"the same {what}, in sentences alike (score {s:.2f} >= {needed(a, b, t.conflict):.2f}), {when}")
    elif possible:
        s, a, b, gap, relation = possible
        why = []
        if relation == "unknown":
            why.append("a date is unknown")
        elif relation == "near":
            why.append(f"{gap} days apart, so the figure may have been updated")
        if s < needed(a, b, t.conflict):
            why.append(f"the sentences are only partly alike (score {s:.2f} < {needed(a, b, t.conflict):.2f})")
        elif relation == "same" and series(a, b):
            d, g = series(a, b)
            why.append(f"the two articles differ on {d} figures and agree on {g}: more likely two editions of a "
                       f"recurring report than two reports of one event")
        verdict, reason = "possible conflict", (f"{a.rep['text']} ({_when(a)}) vs {b.rep['text']} ({_when(b)}): incompatible "
                                                f"values for the same {what}, but {' and '.join(why)}")
    elif changed:
        s, a, b, gap = changed
        early, late = (a, b) if a.when[0] <= b.when[0] else (b, a)
        verdict, reason = "changed over time", (f"{early.rep['text']} on {early.when[0].isoformat()} vs {late.rep['text']} on "
                                                f"{late.when[0].isoformat()}: {gap} days apart (> {CHANGE_DAYS}), so the world may "
                                                f"have changed")
    else:
        values = ", ".join(f"{n.rep['text']} ({_when(n)})" for n in cluster)
        tol = (f"±10% for 약/가량, 1% or rounding otherwise; 이상/돌파 as up to {BOUND_REACH:g}× their figure"
               if any(c["approximate"] or c["bound"] for c in claims) else "1%, or one is the other rounded")
        if len(articles) == 1:
            verdict, reason = "single source", f"one article: {values}; consistent ({tol})"
        else:
            verdict, reason = "agree", f"{values}: compatible within {tol}"
    decisive = conflict or possible or changed or best_pair
    if decisive is None:
        s, a, b = 1.0, cluster[0], cluster[-1]
    else:
        s, a, b = decisive[0], decisive[1], decisive[2]
    evidence = shared(a.vec, b.vec) if a is not b else sorted(a.vec, key=lambda w: -a.vec[w])[:8]
    return {
        "label": label, "holder": holder, "measure": measure, "kind": first["kind"], "unit": first["unit"], "scope": scope,
        "verdict": verdict, "reason": reason, "score": round(float(s), 4), "evidence": evidence,
        "n_claims": len(claims), "n_articles": len(articles),
        "claim_ids": [c["claim_id"] for n in cluster for c in sorted(n.claims, key=lambda c: c["claim_id"])],
    }


def _checks(by_article: dict[int, list[dict]]) -> list[dict]:
    out: list[dict] = []
    for aid, cs in by_article.items():
        sentences = sorted({c["sentence_start"] for c in cs})
        index = {s: i for i, s in enumerate(sentences)}

        def window(c: dict, back: int) -> list[dict]:
            i = index[c["sentence_start"]]
            keep = set(sentences[max(0, i - back):i + 1])
            return [d for d in cs if d["sentence_start"] in keep and d is not c and d["start"] < c["start"]]

        for c in cs:
            if c["value"] is None:
                continue
            if c["kind"] == "ratio":
                near = [d for d in window(c, 1) if d["kind"] in ("count", "money") and d["value"]]
                same = [d for d in near if d["sentence_start"] == c["sentence_start"]]
                if same and len(near) >= 2:
                    base = same[-1]
                    others = [d for d in near if d is not base and unit_family(d["unit"]) == unit_family(base["unit"])]
                    if others:
                        part = max(others, key=lambda d: d["value"])
                        computed = part["value"] / base["value"]
                        out.append(_check(aid, "ratio", [part, base, c], f"{part['text']} ÷ {base['text']} = {computed:.2f}× "
                                          f"(stated {c['text']})", c["value"], computed, c))
            elif c["kind"] == "percent":
                near = window(c, 3)
                bases = [d for d in near if d["sentence_start"] == c["sentence_start"] and d["kind"] == "count" and d["value"]]
                if bases:
                    base = bases[-1]
                    parts = [d for d in near if d is not base and unit_family(d["unit"]) == unit_family(base["unit"])
                             and d["kind"] == "count" and d["value"] and d["value"] < base["value"]]
                    if parts:
                        part = max(parts, key=lambda d: d["value"])
                        computed = part["value"] / base["value"] * 100
                        out.append(_check(aid, "share", [part, base, c], f"{part['text']} ÷ {base['text']} = {computed:.1f}% "
                                          f"(stated {c['text']})", c["value"], computed, c))
        out.extend(_growth(aid, cs))
        out.extend(_sums(aid, cs))
        out.extend(_conversions(aid, cs))
    for i, row in enumerate(out):
        row["check_id"] = i
    return out


def _check(aid: int, kind: str, claims: list[dict], computation: str, stated: float, computed: float, stated_claim: dict) -> dict:
    tol = TOL_APPROX if stated_claim["approximate"] else 0.05
    passed = abs(computed - stated) <= abs(stated) * tol
    return {"article_id": aid, "kind": kind, "claim_ids": [c["claim_id"] for c in claims],
            "computation": computation + f"; tolerance ±{tol:.0%}", "stated": stated, "computed": computed,
            "tolerance": tol, "passed": passed}


_GROWTH = re.compile(r"(증가|늘|상승|성장|확대|올랐|오른|뛰었|급증|감소|줄|하락|떨어|축소|급감)")
_FALL = ("감소", "줄", "하락", "떨어", "축소", "급감")
_TOTAL = re.compile(r"(?:총|모두|합계|전체|합쳐|통틀어)\s*$")


def _by_sentence(cs: list[dict]) -> list[list[dict]]:
    groups: dict[int, list[dict]] = collections.defaultdict(list)
    for c in cs:
        groups[c["sentence_start"]].append(c)
    return list(groups.values())


def _growth(aid: int, cs: list[dict]) -> list[dict]:
    """'A에서 B로 P% 증가': the stated change must match (B − A) / A."""
    out = []
    for claims in _by_sentence(cs):
        percents = [c for c in claims if c["kind"] == "percent" and c["value"] is not None]
        amounts = [c for c in claims if c["kind"] in ("count", "money", "measure") and c["value"]]
        for p in percents:
            before = [c for c in amounts if c["end"] <= p["start"]]
            if len(before) < 2:
                continue
            a, b = before[-2], before[-1]
            if unit_family(a["unit"]) != unit_family(b["unit"]):
                continue
            tail = p["sentence"][p["end"] - p["sentence_start"]:][:12]
            between = p["sentence"][a["end"] - a["sentence_start"]:b["start"] - b["sentence_start"]]
            if not _GROWTH.search(tail) or "에서" not in between:
                continue
            sign = -1 if any(w in tail for w in _FALL) else 1
            computed = (b["value"] - a["value"]) / a["value"] * 100 * sign
            out.append(_check(aid, "growth", [a, b, p], f"({b['text']} − {a['text']}) ÷ {a['text']} = {computed:.1f}% "
                              f"{'fall' if sign < 0 else 'rise'} (stated {p['text']})", p["value"], computed, p))
    return out


def _sums(aid: int, cs: list[dict]) -> list[dict]:
    """'총 N명 … A명, B명, C명': parts stated beside their total must add up to it."""
    out = []
    for claims in _by_sentence(cs):
        for total in claims:
            before = total["sentence"][:total["start"] - total["sentence_start"]]
            if total["value"] is None or total["kind"] not in ("count", "money", "measure") or not _TOTAL.search(before):
                continue
            parts = [c for c in claims if c is not total and c["value"] is not None and c["value_max"] is None
                     and unit_family(c["unit"]) == unit_family(total["unit"]) and c["kind"] == total["kind"]]
            if len(parts) < 2:
                continue
            computed = sum(c["value"] for c in parts)
            names = " + ".join(c["text"] for c in parts)
            out.append(_check(aid, "sum", parts + [total], f"{names} = {_fmt(computed)} (stated total {total['text']})",
                              total["value"], computed, total))
    return out


def _conversions(aid: int, cs: list[dict]) -> list[dict]:
    """A(B) money pairs in other currencies: every pair in one article must imply one exchange rate."""
    pairs: list[tuple] = []
    for a, b in zip(cs, cs[1:]):
        if a["kind"] == b["kind"] == "money" and a["unit"] != b["unit"] and a["sentence_start"] == b["sentence_start"]:
            between = a["sentence"][a["end"] - a["sentence_start"]:b["start"] - b["sentence_start"]]
            if between.strip().startswith("(") and len(between.strip()) <= 4 and a["value"] and b["value"]:
                pairs.append((a, b, b["value"] / a["value"]))
                if a["value_max"] and b["value_max"]:
                    pairs.append((a, b, b["value_max"] / a["value_max"], "upper ends: "))
    out = []
    by_currency: dict[tuple[str, str], list] = collections.defaultdict(list)
    for a, b, rate, *note in pairs:
        by_currency[(a["unit"], b["unit"])].append((a, b, rate, note[0] if note else ""))
    for (ua, ub), group in by_currency.items():
        rates = [r for _, _, r, _ in group]
        ref = sorted(rates)[len(rates) // 2]
        for a, b, rate, note in group:
            tol = 0.05
            passed = abs(rate - ref) <= ref * tol
            out.append({"article_id": aid, "kind": "conversion", "claim_ids": [a["claim_id"], b["claim_id"]],
                        "computation": f"{note}{b['text']} ÷ {a['text']} = {rate:,.2f} {ub}/{ua}; the article's rate is "
                                       f"{ref:,.2f} (median of {len(rates)}); tolerance ±{tol:.0%}",
                        "stated": ref, "computed": rate, "tolerance": tol, "passed": passed})
    return out
