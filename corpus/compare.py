"""Comparing claims: groups of claims about the same thing, verdicts, and arithmetic checks.

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

At scale (10,000 articles: ~50,000 distinct claims, ~2.3 million candidate pairs) the pairs are found and
tested as arrays (`_candidate_pairs`, `_Pairs`): claims with the same sentence vector are paired as classes,
scores are computed once per pair of distinct vectors; merging groups looks the candidates' results up, and a
large group's verdict weighs its pairs as arrays (`_decisive_arrays`). The results are those of the plain pair-by-pair
loop, pair order and ties included
(bench/compare_equiv.py checks them against the pair-by-pair implementation, kept in the history).
"""

from __future__ import annotations

import bisect
import collections
import datetime as dt
import functools
import gc
import math
import re
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from . import frames
from .claim_key import measure_key, unit_family
from .kinds import NAME_KINDS
from .lexicon import CITIES, CITY_COUNTRY, COUNTRIES, SCOPE_WORDS
from .similarity import SMOOTHING, Weights, cosine, shared

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

    link: float = 0.15  # agreeing claims join a group from here (claims > CHANGE_DAYS apart need only their key)
    possible: float = 0.35  # incompatible values at (possibly) the same time: a possible conflict from here
    conflict: float = 0.60  # ... and a conflict from here, when the time is known to be the same
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
_period_cached = functools.lru_cache(maxsize=65536)(lambda day, grain: _period(day, grain))


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
    named = mentions.filter(pl.col("entity_id").is_not_null() & pl.col("kind").is_in(NAME_KINDS))
    if named.height == 0:
        return {}, {}
    counts = (
        named.group_by("article_id", "entity_id")
        .agg(pl.len().alias("n"), pl.col("start").min().alias("first"))
        .sort(["article_id", "n", "first"], descending=[False, True, False])
    )
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


def _nodes(
    all_rows: list[dict], dates: dict[int, dt.date | None], main: dict[int, list[str]], main_place: dict[int, str], names: set[str]
) -> list[_Node]:
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
    fallbacks: dict[int, tuple[str, ...]] = {}
    for c in rows:
        aid = c["article_id"]
        holder = (c["holder"] or "").replace(" ", "")
        fallback = fallbacks.get(aid)
        if fallback is None:
            fallback = fallbacks[aid] = tuple(h.replace(" ", "") for h in main.get(aid, ())) + ("",)
        if holder and c["holder_from"] and c["holder"] in names:
            holders = (holder,)  # a named holder from the claim's own clause
        else:
            # no name in the clause: any of its article's main names, or nobody named (a weaker key)
            holders = tuple(dict.fromkeys(((holder,) if holder else ()) + fallback))
        block = (c["unit_family"], _measure_key(c["measure"] or ""), c["scope"] or "", holder, holders)
        if c["time_date"] is not None:
            when, explicit = _period_cached(c["time_date"], c["time_grain"] or "day"), True
        elif dates.get(aid) is not None:
            when, explicit = (dates[aid], dates[aid]), False
        else:
            when, explicit = None, False
        span = _interval(c)
        places: frozenset[str] = frozenset()
        if c["kind"] in ("ordinal", "rank"):
            # "the first overseas office" of one company can be in Japan or in Britain: the place tells them apart
            places = frozenset(p for p in map(_place, c["entities"] or []) if p) or (
                frozenset([main_place[aid]]) if aid in main_place else frozenset()
            )
        slot = slots[c["claim_id"]]
        signature = (block, span, when, explicit, places, slot, c["words_id"], c["context_id"], c["text"])
        node = by_signature.get(signature)
        if node is None:
            node = by_signature[signature] = _Node(len(by_signature), [], frozenset(), *block, span, explicit, when, places, slot)
        node.claims.append(c)
        if aid not in node.articles:
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
        measure = 0.0 if a.measure and b.measure else 1.0  # the same measure, or one left unnamed
    holder = 0.0 if a.holder and a.holder == b.holder else 1.0
    scope = 0.0 if a.scope == b.scope else 0.5
    return holder + measure + scope


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For rows with these counts: each output's row, and its place (0..count-1) among that row's outputs."""
    rows = np.repeat(np.arange(counts.size), counts)
    place = np.arange(rows.size) - np.repeat(np.cumsum(counts) - counts, counts)
    return rows, place


def _candidate_pairs(nodes: list[_Node], vid: list[int], vocab: list[dict[str, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of nodes worth scoring, never all pairs: (a, b) arrays of node indices, in a fixed order and orientation.

    Claims with the same exact key (unit family, a holder, measure, scope) are paired within their block,
    a large block only where two share one of their rarest words. Keys that match only softly (a measure
    missing or matched by its head, a scope on one side) are paired within (unit family, holder) only
    where two share one of their two rarest words: those need alike sentences anyway. In a block of up to
    BLOCK_ALL_PAIRS claims, a claim whose own clause names the block's holder meets every claim of the block;
    two claims that only guess it from their articles meet where they share a rare word.

    The order (which matters where edges tie) is that of walking the blocks in turn (exact blocks, then soft
    ones, each in order of its first claim): a block's named pairs, then its word pairs, each claim against the
    claims after it; a pair met again in a later block keeps its first place. Word pairs are found between
    classes of claims with the same sentence vector, then spread to the claims.
    """
    exact: dict[tuple, list[int]] = collections.defaultdict(list)
    soft: dict[tuple, list[int]] = collections.defaultdict(list)
    for n in nodes:
        for h in n.holders:  # a fallback claim sits in the block of each of its article's main names
            exact[(n.family, h, n.measure, n.scope)].append(n.index)
            soft[(n.family, h)].append(n.index)
    words: dict[str, int] = {}
    vec_start = [0]
    vec_words: list[int] = []
    rare_start = [0]
    rare_words: list[int] = []
    for vec in vocab:
        vec_words.extend(words.setdefault(w, len(words)) for w in vec)
        vec_start.append(len(vec_words))
        rare_words.extend(words[w] for w in sorted(vec, key=lambda w: (-vec[w], w))[:3])
        rare_start.append(len(rare_words))
    key_of: dict[tuple[str, str], int] = {}
    key_id = [key_of.setdefault((n.measure, n.scope), len(key_of)) for n in nodes]
    q_set: list[int] = []  # memberships of the small exact blocks with a named member
    q_node: list[int] = []
    q_named: list[bool] = []
    q_start: list[int] = []
    m_set: list[int] = []  # memberships of the word sets, in set then place order
    m_pos: list[int] = []
    m_node: list[int] = []
    set_k: dict[int, int] = {}
    set_soft: dict[int, bool] = {}
    width = max([len(m) for m in soft.values()] + [len(m) for m in exact.values()] + [1]) + 1
    ordinal = 0
    for (_, holder, _, _), members in exact.items():
        ordinal += 1
        if len(members) < 2:
            continue
        if len(members) <= BLOCK_ALL_PAIRS:
            is_named = [bool(holder) and nodes[i].holder == holder for i in members]
            if True in is_named:
                start = len(q_node)
                q_node.extend(members)
                q_named.extend(is_named)
                q_set.extend([ordinal] * len(members))
                q_start.extend([start] * len(members))
            guessed = [(p, i) for p, (i, na) in enumerate(zip(members, is_named)) if not na]
            if len(guessed) > 1:
                set_k[ordinal], set_soft[ordinal] = 3, False
                for p, i in guessed:
                    m_set.append(ordinal)
                    m_pos.append(p)
                    m_node.append(i)
        else:
            set_k[ordinal], set_soft[ordinal] = 3, False
            m_set.extend([ordinal] * len(members))
            m_pos.extend(range(len(members)))
            m_node.extend(members)
    for members in soft.values():
        ordinal += 1
        if len(members) > 1:
            set_k[ordinal], set_soft[ordinal] = 2, True
            m_set.extend([ordinal] * len(members))
            m_pos.extend(range(len(members)))
            m_node.extend(members)
    # named pairs: (set, 0, a's place, 0, b's place)
    qn = np.array(q_node, dtype=np.int64)
    named = np.array(q_named, dtype=bool)
    qs = np.array(q_start, dtype=np.int64)
    qpos = np.arange(qn.size) - qs
    q_size = np.bincount(qs, minlength=qn.size)[qs]  # members of each membership's block
    na_row = np.flatnonzero(named)
    rows, place = _expand(q_size[na_row])
    na_row, nb_row = na_row[rows], qs[na_row][rows] + place
    a_named, b_named = qn[na_row], qn[nb_row]
    keep = (a_named != b_named) & (~named[nb_row] | (b_named > a_named))
    named_key = (((np.array(q_set, dtype=np.int64)[na_row] * 2) * width + qpos[na_row]) * 4 * width + qpos[nb_row])[keep]
    named_a, named_b = a_named[keep], b_named[keep]
    # word pairs: (set, 1, a's place, rank of the rare word of a that b's sentence holds, b's place)
    ms = np.array(m_set, dtype=np.int64)
    mp = np.array(m_pos, dtype=np.int64)
    mn = np.array(m_node, dtype=np.int64)
    vids = np.array(vid, dtype=np.int64)
    soft_set = np.zeros(ordinal + 1, dtype=bool)
    k_set = np.zeros(ordinal + 1, dtype=np.int64)
    for o, k in set_k.items():
        k_set[o], soft_set[o] = k, set_soft[o]
    # classes: the members of a set with the same vector (and, in soft sets, the same measure and scope)
    keys = np.array(key_id, dtype=np.int64)[mn]
    if mn.size == 0:
        a, b, key = named_a, named_b, named_key
    else:
        n_keys = len(key_of) + 1
        class_code = (ms * (int(vids.max()) + 1) + vids[mn]) * n_keys + np.where(soft_set[ms], keys, -1) + 1
        _, first_member, member_class = np.unique(class_code, return_index=True, return_inverse=True)
        member_class = member_class.ravel()
        # classes numbered by their first member (so in set order)
        renumber = np.empty(first_member.size, dtype=np.int64)
        renumber[np.argsort(first_member, kind="stable")] = np.arange(first_member.size)
        member_class = renumber[member_class]
        first_member = np.sort(first_member)
        c_set, c_vid, c_key = ms[first_member], vids[mn[first_member]], keys[first_member]
        n_class = first_member.size
        by_class = np.argsort(member_class, kind="stable")  # members of each class, in place order
        c_size = np.bincount(member_class, minlength=n_class)
        c_begin = np.cumsum(c_size) - c_size
        starts = np.array(vec_start, dtype=np.int64)
        vw = np.array(vec_words, dtype=np.int64)
        rs = np.array(rare_start, dtype=np.int64)
        rw = np.array(rare_words, dtype=np.int64)
        n_words = max(1, len(words))
        # postings per set and word: the classes whose vector holds the word
        p_class, p_at = _expand(starts[c_vid + 1] - starts[c_vid])
        p_key = c_set[p_class] * n_words + vw[starts[c_vid][p_class] + p_at]
        order = np.argsort(p_key, kind="stable")
        p_key, p_class = p_key[order], p_class[order]
        # each class's k rarest words, ranked
        l_class, l_rank = _expand(np.minimum(rs[c_vid + 1] - rs[c_vid], k_set[c_set]))
        l_key = c_set[l_class] * n_words + rw[rs[c_vid][l_class] + l_rank]
        lo = np.searchsorted(p_key, l_key, "left")
        rows, place = _expand(np.searchsorted(p_key, l_key, "right") - lo)
        u, r, v = l_class[rows], l_rank[rows], p_class[lo[rows] + place]
        keep = ~(soft_set[c_set[u]] & (c_key[u] == c_key[v]))  # soft sets pair only keys that differ
        u, r, v = u[keep], r[keep], v[keep]
        # a class's link to another: its best-ranked shared word (rows come in class, then rank order)
        link = u * n_class + v
        first = pl.Series(link).is_first_distinct().to_numpy()
        u, r, v, link = u[first], r[first], v[first], link[first]
        # a pair of classes that reach each other is spread once (from the lower class), each pair of claims
        # then oriented from the one placed first, with that one's rank
        by_link = np.argsort(link)
        back_code = v * n_class + u
        at = np.minimum(np.searchsorted(link, back_code, sorter=by_link), max(0, link.size - 1))
        back = link[by_link[at]] == back_code
        r_back = r[by_link[at]]
        spread = ~back | (u <= v)
        u, r, v, back, r_back = u[spread], r[spread], v[spread], back[spread], r_back[spread]
        rows, place = _expand(c_size[u] * c_size[v])
        cu, cv = u[rows], v[rows]
        x = by_class[c_begin[cu] + place // c_size[v][rows]]
        y = by_class[c_begin[cv] + place % c_size[v][rows]]
        swap = back[rows] & (mp[x] > mp[y])
        keep = (x != y) & ~(swap & (cu == cv))  # within one class, each pair once
        x, y, swap, rows = np.where(swap, y, x)[keep], np.where(swap, x, y)[keep], swap[keep], rows[keep]
        rank = np.where(swap, r_back[rows], r[rows])
        words_key = (((c_set[cu[keep]] * 2 + 1) * width + mp[x]) * 4 + rank) * width + mp[y]
        key = np.concatenate([named_key, words_key])
        a = np.concatenate([named_a, mn[x]])
        b = np.concatenate([named_b, mn[y]])
        order = np.argsort(key, kind="stable")
        a, b = a[order], b[order]
    size = len(nodes) + 1
    fresh = pl.Series(np.minimum(a, b) * size + np.maximum(a, b)).is_first_distinct().to_numpy()
    return a[fresh], b[fresh]


_REL_UNKNOWN, _REL_SAME, _REL_NEAR, _REL_FAR, _REL_DIFFERENT = range(5)


def _ids(values: list, empty=None) -> np.ndarray:
    """Integer ids of hashable values, in first-seen order from 1; `empty` gets 0."""
    seen: dict = {empty: 0}
    return np.array([seen.setdefault(v, len(seen)) for v in values], dtype=np.int64)


class _NodeArrays:
    """The nodes' fields that pair tests read, as arrays indexed by node index."""

    def __init__(self, nodes: list[_Node], vid: list[int]):
        self.vid = np.array(vid, dtype=np.int64)
        self.has_when = np.array([n.when is not None for n in nodes], dtype=bool)
        self.lo = np.array([n.when[0].toordinal() if n.when else 0 for n in nodes], dtype=np.int64)
        self.hi = np.array([n.when[1].toordinal() if n.when else 0 for n in nodes], dtype=np.int64)
        self.explicit = np.array([n.explicit for n in nodes], dtype=bool)
        self.span_lo = np.array([n.span[0] for n in nodes], dtype=np.float64)
        self.span_hi = np.array([n.span[1] for n in nodes], dtype=np.float64)
        self.holder = _ids([n.holder for n in nodes], "")
        self.measure = _ids([n.measure for n in nodes], "")
        self.measure_texts = dict(zip(self.measure.tolist(), (n.measure for n in nodes)))
        self.scope = _ids([n.scope for n in nodes], "")
        width = max((len(n.holders) for n in nodes), default=1)
        names: dict[str, int] = {"": -1}
        self.holders = np.full((len(nodes), width), -1, dtype=np.int64)
        for n in nodes:
            for j, h in enumerate(n.holders):
                self.holders[n.index, j] = names.setdefault(h, len(names))
        # articles by compact number (article ids are 64-bit hashes): `article_ids[k]` is the id of number k
        self.article_number: dict[int, int] = {}
        for n in nodes:
            for aid in sorted(n.articles):
                self.article_number.setdefault(aid, len(self.article_number))
        self.article_ids = list(self.article_number)
        self.article = np.array(
            [self.article_number[next(iter(n.articles))] if len(n.articles) == 1 else -1 for n in nodes], dtype=np.int64
        )
        self.places = _ids([n.places for n in nodes], frozenset())
        self.place_of = {i: p for p, i in zip((n.places for n in nodes), self.places.tolist())}
        self.slot_i = np.array([n.slot[0] for n in nodes], dtype=np.int64)
        self.slot_n = np.array([n.slot[1] for n in nodes], dtype=np.int64)
        self.context = np.array([n.rep["context_id"] for n in nodes], dtype=np.int64)
        self.start = np.array([n.rep["start"] for n in nodes], dtype=np.int64)
        self.value = np.array([n.rep["value"] for n in nodes], dtype=np.float64)
        reps = [n.rep for n in nodes]
        self.exact = np.array([not (c["approximate"] or c["bound"] or c["value_max"] is not None) for c in reps], dtype=bool)
        self.place = np.array([_digit_place_cached(c["text"]) for c in reps], dtype=np.float64)


def _isclose(a: np.ndarray, b: np.ndarray, rel_tol: float = 1e-9) -> np.ndarray:
    """math.isclose, element by element (abs_tol 0)."""
    with np.errstate(invalid="ignore"):
        diff = np.abs(b - a)
        finite = np.isfinite(a) & np.isfinite(b)
        return (a == b) | (finite & ((diff <= np.abs(rel_tol * b)) | (diff <= np.abs(rel_tol * a))))


def _compatible_arrays(x: _NodeArrays, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`_compatible` for arrays of node pairs."""
    overlap = ~((x.span_hi[a] < x.span_lo[b]) | (x.span_hi[b] < x.span_lo[a]))
    pa, pb = x.place[a], x.place[b]
    rounded = x.exact[a] & x.exact[b] & (pa != pb) & (pa != 0) & (pb != 0) & ~overlap
    out = overlap.copy()
    r = np.flatnonzero(rounded)
    if r.size:
        ra, rb = a[r], b[r]
        a_coarse = pa[r] > pb[r]
        coarse = np.where(a_coarse, x.value[ra], x.value[rb])
        fine = np.where(a_coarse, x.value[rb], x.value[ra])
        place = np.where(a_coarse, pa[r], pb[r])
        out[r] = _isclose(np.floor(fine / place + 0.5) * place, coarse)
    return out


def _relation_arrays(x: _NodeArrays, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`_relation` for arrays of pairs: relation codes (_REL_*) and gaps in days."""
    gap = np.maximum(np.maximum(x.lo[b] - x.hi[a], x.lo[a] - x.hi[b]), 0)
    known = x.has_when[a] & x.has_when[b]
    both = x.explicit[a] & x.explicit[b]
    rel = np.where(gap <= SAME_TIME_DAYS, _REL_SAME, np.where(gap > CHANGE_DAYS, _REL_FAR, _REL_NEAR))
    rel = np.where(both, np.where(gap == 0, _REL_SAME, _REL_DIFFERENT), rel)
    return np.where(known, rel, _REL_UNKNOWN), gap


def _score_arrays(x: _NodeArrays, a: np.ndarray, b: np.ndarray, vid_score) -> np.ndarray:
    """Sentence similarity for arrays of pairs, computed once per pair of distinct vectors."""
    va, vb = x.vid[a], x.vid[b]
    n_vid = int(x.vid.max()) + 1 if x.vid.size else 1
    codes = np.minimum(va, vb) * n_vid + np.maximum(va, vb)
    if codes.size > 4096 and n_vid * n_vid <= 1 << 23:  # a table of every pair of vectors: no sort needed
        seen = np.zeros(n_vid * n_vid, dtype=bool)
        seen[codes] = True
        uniq = np.flatnonzero(seen)
        table = np.zeros(n_vid * n_vid, dtype=np.float64)
        table[uniq] = [vid_score(c // n_vid, c % n_vid) for c in uniq.tolist()]
        return table[codes]
    uniq, inv = np.unique(codes, return_inverse=True)
    return np.array([vid_score(c // n_vid, c % n_vid) for c in uniq.tolist()], dtype=np.float64)[inv.ravel()]


def _weakness_arrays(x: _NodeArrays, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`_key_weakness(a, b)` and `_key_weakness(b, a)` for arrays of pairs, NaN where the keys disagree."""
    sa, sb = x.scope[a], x.scope[b]
    ma, mb = x.measure[a], x.measure[b]
    both_measures = (ma != mb) & (ma != 0) & (mb != 0)
    measure_ok = np.ones(a.size, dtype=bool)
    r = np.flatnonzero(both_measures)
    if r.size:
        width = int(x.measure.max()) + 1
        uniq, inv = np.unique(ma[r] * width + mb[r], return_inverse=True)
        ok = []
        for code in uniq.tolist():
            short, long = sorted((x.measure_texts[code // width], x.measure_texts[code % width]), key=len)
            ok.append(len(short) >= 2 and long.endswith(short))
        measure_ok[r] = np.array(ok, dtype=bool)[inv]
    holder = np.where((x.holder[a] != 0) & (x.holder[a] == x.holder[b]), 0.0, 1.0)
    scope = np.where(sa == sb, 0.0, 0.5)
    disagree = ((sa != sb) & (sa != 0) & (sb != 0)) | (both_measures & ~measure_ok)
    weakness = holder + np.where(both_measures | (ma == 0) | (mb == 0), 1.0, 0.0) + scope  # as _key_weakness: symmetric
    weakness = np.where(disagree, np.nan, weakness)
    return weakness, weakness


class _Pairs:
    """The tests of `compare`'s candidate loop for arrays of candidate pairs (a, b), in their orientation."""

    def __init__(self, nodes: list[_Node], x: _NodeArrays, a: np.ndarray, b: np.ndarray, t: Thresholds, vid_score):
        self.relation = rel = _relation_arrays(x, a, b)[0]
        # key weakness (`_key_weakness`): NaN where the keys disagree; `back` for the pair the other way round
        self.weakness, back = _weakness_arrays(x, a, b)
        self.s = s = _score_arrays(x, a, b, vid_score)
        # may_join
        far = rel == _REL_FAR
        pa, pb = x.places[a], x.places[b]
        places_apart = np.zeros(a.size, dtype=bool)
        r = np.flatnonzero((pa != 0) & (pb != 0) & (pa != pb))
        if r.size:
            width = int(x.places.max()) + 1
            uniq, inv = np.unique(pa[r] * width + pb[r], return_inverse=True)
            apart = [not (x.place_of[c // width] & x.place_of[c % width]) for c in uniq.tolist()]
            places_apart[r] = np.array(apart, dtype=bool)[inv]
        named = (x.holder[a] != 0) & (x.holder[a] == x.holder[b])
        r = np.flatnonzero(far & ~named)  # only far pairs need a shared name, when their own holders differ
        if r.size:
            ha, hb = x.holders[a[r]], x.holders[b[r]]
            shared_name = np.zeros(r.size, dtype=bool)
            for i in range(ha.shape[1]):
                for j in range(hb.shape[1]):
                    shared_name |= (ha[:, i] >= 0) & (ha[:, i] == hb[:, j])
            named[r] = shared_name
        refused = (rel == _REL_DIFFERENT) | places_apart | np.isnan(self.weakness) | (far & ~named)
        compatible = _compatible_arrays(x, a, b)
        shared_article = (x.article[a] == x.article[b]) & (x.article[a] >= 0)
        for i in np.flatnonzero((x.article[a] < 0) | (x.article[b] < 0)).tolist():
            shared_article[i] = bool(nodes[int(a[i])].articles & nodes[int(b[i])].articles)
        slot_crossed = (x.slot_n[a] == x.slot_n[b]) & (x.slot_n[a] > 1) & (x.slot_i[a] != x.slot_i[b]) & (s >= t.possible)
        with np.errstate(invalid="ignore"):
            enough = s >= t.possible + t.weak_extra * np.minimum(2.0, self.weakness)
        self.may_join = ~refused & (compatible | (~shared_article & ~slot_crossed & (far | enough)))
        # the same test with the pair the other way round: only a measure on one side weighs differently
        with np.errstate(invalid="ignore"):
            enough_back = s >= t.possible + t.weak_extra * np.minimum(2.0, back)
        self.may_join_back = ~refused & (compatible | (~shared_article & ~slot_crossed & (far | enough_back)))
        self.edge = self.may_join & ((s >= t.link) | far)


def _overlaps(x: _NodeArrays, a: np.ndarray, b: np.ndarray, contexts: dict[int, list[str]]) -> np.ndarray:
    """Words shared around the two figures, and 2 more when they hold the same place in their sentences."""
    ca, cb = x.context[a], x.context[b]
    width = int(x.context.max()) + 1 if x.context.size else 1
    uniq, inv = np.unique(ca * width + cb, return_inverse=True)
    sets: dict[int, set[str]] = {}
    for c in uniq.tolist():
        for i in (c // width, c % width):
            if i not in sets:
                sets[i] = set(contexts[i])
    shared = np.array([len(sets[c // width] & sets[c % width]) for c in uniq.tolist()], dtype=np.int64)[inv]
    return shared + 2 * ((x.slot_i[a] == x.slot_i[b]) & (x.slot_n[a] == x.slot_n[b]))


def _figure_counts(
    nodes: list[_Node],
    x: _NodeArrays,
    a: np.ndarray,
    b: np.ndarray,
    s: np.ndarray,
    overlap: np.ndarray,
    relation: np.ndarray,
    t: Thresholds,
) -> tuple[dict, dict]:
    """Per pair of articles, how many distinct figures their mutually best-matching claims agree and disagree on.

    Edges (in candidate order) at the same time with alike sentences propose, for each claim, its best match in
    the other article: the highest (score, context overlap, closeness in the text), the first such edge on a tie."""
    keep = np.flatnonzero((relation != _REL_FAR) & (s >= t.possible))
    a, b, s, overlap = a[keep], b[keep], s[keep], overlap[keep]
    dist = np.abs(x.start[a] - x.start[b])
    order = np.arange(a.size, dtype=np.int64)
    # each edge offers y to x for every article of y that x is not in (both ways)
    xs, ys, arts, ss, ovs, ds, ords = [], [], [], [], [], [], []
    single = (x.article[a] >= 0) & (x.article[b] >= 0)
    for p, q in ((a, b), (b, a)):
        m = single & (x.article[p] != x.article[q])
        xs.append(p[m])
        ys.append(q[m])
        arts.append(x.article[q][m])
        ss.append(s[m])
        ovs.append(overlap[m])
        ds.append(dist[m])
        ords.append(order[m])
    extra = [[], [], [], [], [], [], []]
    for i in np.flatnonzero(~single).tolist():
        for p, q in ((int(a[i]), int(b[i])), (int(b[i]), int(a[i]))):
            for art in sorted(x.article_number[g] for g in nodes[q].articles - nodes[p].articles):
                for col, v in zip(extra, (p, q, art, float(s[i]), int(overlap[i]), int(dist[i]), i)):
                    col.append(v)
    dtypes = (np.int64, np.int64, np.int64, np.float64, np.int64, np.int64, np.int64)
    cols = [
        np.concatenate(parts + [np.array(more, dtype=dt_)]) for parts, more, dt_ in zip((xs, ys, arts, ss, ovs, ds, ords), extra, dtypes)
    ]
    bx, by, bart, bs, bov, bd, bord = cols
    n_art = len(x.article_ids) + 1
    key = bx * n_art + bart
    # best first: highest score, then overlap, then nearest, then the earliest edge
    pick = np.lexsort((bord, bd, -bov, -bs, key))
    first = np.ones(pick.size, dtype=bool)
    first[1:] = key[pick][1:] != key[pick][:-1]
    pick = pick[first]
    best_key, best_y = key[pick], by[pick]  # sorted by key
    agreeing: dict[tuple[int, int], int] = collections.Counter()
    disagreeing: dict[tuple[int, int], int] = collections.Counter()
    if best_key.size == 0:
        return agreeing, disagreeing
    bx_, bart_ = best_key // n_art, best_key % n_art
    # for each article xa of x (not art): is x the best match of y in xa?
    rows, xas = [], []
    multi = x.article[bx_] < 0
    m = ~multi
    rows.append(np.flatnonzero(m))
    xas.append(x.article[bx_][m])
    extra_rows, extra_xa = [], []
    for i in np.flatnonzero(multi).tolist():
        for xa in (x.article_number[g] for g in nodes[int(bx_[i])].articles):
            extra_rows.append(i)
            extra_xa.append(xa)
    r = np.concatenate(rows + [np.array(extra_rows, dtype=np.int64)])
    xa = np.concatenate(xas + [np.array(extra_xa, dtype=np.int64)])
    ok = xa != bart_[r]
    r, xa = r[ok], xa[ok]
    back = best_y[r] * n_art + xa
    pos = np.searchsorted(best_key, back)
    pos_ok = pos < best_key.size
    mutual = np.zeros(r.size, dtype=bool)
    mutual[pos_ok] = (best_key[pos[pos_ok]] == back[pos_ok]) & (best_y[pos[pos_ok]] == bx_[r][pos_ok])
    r, xa = r[mutual], xa[mutual]
    pa, pb = bx_[r], best_y[r]
    va, vb = x.value[pa], x.value[pb]
    lo, hi = np.minimum(va, vb) + 0.0, np.maximum(va, vb) + 0.0
    k1, k2 = np.minimum(xa, bart_[r]), np.maximum(xa, bart_[r])
    frame = pl.DataFrame(
        {"k1": k1, "k2": k2, "agree": _compatible_arrays(x, pa, pb), "lo": lo, "hi": hi},
        schema={"k1": pl.Int64, "k2": pl.Int64, "agree": pl.Boolean, "lo": pl.Float64, "hi": pl.Float64},
    )
    counted = frame.unique().group_by("k1", "k2", "agree").len()
    ids = x.article_ids
    for k1_, k2_, agree, n in counted.iter_rows():
        g1, g2 = ids[k1_], ids[k2_]
        (agreeing if agree else disagreeing)[(g1, g2) if g1 < g2 else (g2, g1)] = n
    return agreeing, disagreeing


def compare(
    articles: pl.DataFrame,
    mentions: pl.DataFrame,
    entities: pl.DataFrame,
    claims: pl.DataFrame,
    thresholds: Thresholds = DEFAULT,
    stats: dict | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The groups and checks frames for an analysed corpus; `stats`, when given, receives the work done
    (claims, distinct claims, candidate pairs scored, edges kept)."""
    collecting = gc.isenabled()
    gc.disable()  # ~10^6 small objects are made and kept: the cyclic collector would walk them again and again
    try:
        return _compare(articles, mentions, entities, claims, thresholds, stats)
    finally:
        if collecting:
            gc.enable()


def _compare(
    articles: pl.DataFrame, mentions: pl.DataFrame, entities: pl.DataFrame, claims: pl.DataFrame, thresholds: Thresholds, stats: dict | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    dates = dict(zip(articles["id"].to_list(), articles["date"].to_list()))
    main, main_place = _main_entities(mentions, entities)
    names = set(entities["name"].to_list())
    # one conversion for grouping and checks alike, column by column; a claim's sentence words and context words
    # become the number of their list among the distinct lists (0 for none), each distinct list converted once
    listed = ("words", "context")
    plain = [name for name in claims.columns if name not in listed]
    numbered = claims.select([pl.col(name).rank("dense").fill_null(0).cast(pl.Int64).alias(f"{name}_id") for name in listed])
    lists: dict[str, dict[int, list[str] | None]] = {}
    for name in listed:
        distinct = claims.select(pl.col(name), numbered[f"{name}_id"]).unique(subset=f"{name}_id")
        lists[name] = dict(zip(distinct[f"{name}_id"].to_list(), distinct[name].to_list()))
    columns = plain + [f"{name}_id" for name in listed]
    rows = [
        dict(zip(columns, values))
        for values in zip(*[claims[name].to_list() for name in plain], *[numbered[f"{name}_id"].to_list() for name in listed])
    ]
    nodes = _nodes(rows, dates, main, main_place, names)
    # word weights over the articles' claim sentences: in how many articles (with claims) each word occurs
    counts = claims.select("article_id", "words").explode("words").drop_nulls("words").unique().group_by("words").agg(pl.len().alias("n"))
    weights = Weights.from_counts(
        dict(zip(counts["words"].to_list(), counts["n"].to_list())), claims["article_id"].n_unique(), thresholds.smoothing
    )
    vectors: dict[tuple, int] = {}
    vocab: list[dict[str, float]] = []  # the distinct vectors; a node's `vid` is its vector's place here
    vid: list[int] = []
    by_words: dict[tuple[int, str], int] = {}
    for n in nodes:
        # the words of the key itself (부산시, 직원) are shared by every pair in a block: the evidence that two
        # sentences tell one story is in the words beyond them
        key_text = (n.rep["holder"] or "").replace(" ", "") + "|" + (n.rep["measure"] or "").replace(" ", "")
        known = by_words.get((n.rep["words_id"], key_text))
        if known is None:
            words = tuple(w for w in lists["words"][n.rep["words_id"]] if w not in key_text)
            if words not in vectors:
                vectors[words] = len(vocab)
                vocab.append(weights.vector(words))
            known = by_words[(n.rep["words_id"], key_text)] = vectors[words]
        vid.append(known)
        n.vec = vocab[known]
    t = thresholds
    vid_scores: dict[tuple[int, int], float] = {}

    def vid_score(x: int, y: int) -> float:
        k = (x, y) if x < y else (y, x)
        s = vid_scores.get(k)
        if s is None:
            s = vid_scores[k] = cosine(vocab[x], vocab[y])  # symmetric: sorted vectors sum in one order
        return s

    def score(a: _Node, b: _Node) -> float:
        return vid_score(vid[a.index], vid[b.index])

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

    ca, cb = _candidate_pairs(nodes, vid, vocab)
    arrays = _NodeArrays(nodes, vid)
    pairs = _Pairs(nodes, arrays, ca, cb, t, vid_score)
    size = len(nodes) + 1
    # may_join is not symmetric (a measure on one side only weighs differently by side): `accepts[y]` holds the
    # candidates x with may_join(x, y); a pair that is no candidate is tested when a merge meets it
    accepts: list[set[int]] = [set() for _ in nodes]
    ok_ab = np.where(ca < cb, pairs.may_join, pairs.may_join_back)  # may_join(lower, higher)
    ok_ba = np.where(ca < cb, pairs.may_join_back, pairs.may_join)  # may_join(higher, lower)
    low, high = np.minimum(ca, cb), np.maximum(ca, cb)
    for x, y in zip(low[ok_ab].tolist(), high[ok_ab].tolist()):
        accepts[y].add(x)
    for x, y in zip(high[ok_ba].tolist(), low[ok_ba].tolist()):
        accepts[y].add(x)
    candidate_codes = np.sort(low * size + high).tolist()
    computed: dict[tuple[int, int], bool] = {}
    edge_rows = np.flatnonzero(pairs.edge)
    ea, eb, es = ca[edge_rows], cb[edge_rows], pairs.s[edge_rows]
    overlap = _overlaps(arrays, ea, eb, lists["context"])
    order = np.lexsort((eb, ea, -overlap, -es))
    edges = list(zip(ea[order].tolist(), eb[order].tolist()))
    if stats is not None:
        stats.update(claims=claims.height, distinct=len(nodes), pairs=int(ca.size), edges=len(edges))
    # per pair of articles, the distinct figures on which their mutually best-matching claims agree and disagree
    agreeing, disagreeing = _figure_counts(nodes, arrays, ea, eb, es, overlap, pairs.relation[edge_rows], t)
    parent = list(range(len(nodes)))
    members: dict[int, list[_Node]] = {n.index: [n] for n in nodes}
    member_sets: dict[int, set[int]] = {n.index: {n.index} for n in nodes}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def all_join(xs: set[int], ys: list[_Node]) -> bool:
        """may_join(x, y) for every x of one group and y of the other."""
        for y in ys:
            for x in xs - accepts[y.index]:  # refused as a candidate, or no candidate: test it
                lo, hi = (x, y.index) if x < y.index else (y.index, x)
                code = lo * size + hi
                at = bisect.bisect_left(candidate_codes, code)
                if at < len(candidate_codes) and candidate_codes[at] == code:
                    return False
                k = (x, y.index)
                if k not in computed:
                    computed[k] = may_join(nodes[x], y)
                if not computed[k]:
                    return False
        return True

    for i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if all_join(member_sets[ri], members[rj]):
            parent[rj] = ri
            members[ri].extend(members.pop(rj))
            member_sets[ri] |= member_sets.pop(rj)

    def series(a: _Node, b: _Node) -> tuple[int, int] | None:
        """Two articles that disagree on most figures they share are two editions of a recurring report
        (a daily tally, a weekly poll), not two reports of one event: (disagreeing, agreeing) or None."""
        for x in a.articles:
            for y in b.articles:
                k = (x, y) if x < y else (y, x)
                d, g = disagreeing.get(k, 0), agreeing.get(k, 0)
                if d >= SERIES_MIN and d > g:
                    return d, g
        return None

    def pick(cluster: list[_Node]) -> tuple:
        return _decisive_arrays(cluster, arrays, score, series, vid_score, t)

    group_rows = []
    for cluster in members.values():
        if sum(len(n.claims) for n in cluster) < 2:
            continue
        group_rows.append(_group(cluster, score, needed, series, t, pick))
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


GROUP_ARRAYS = 32  # groups of this many distinct claims and more weigh their pairs as arrays


def _decisive(cluster: list[_Node], score, needed, series, t: Thresholds) -> tuple:
    """The pairs that decide a group's verdict (conflict, possible conflict, change, best agreement), pair by pair."""
    conflict = possible = changed = None
    best_pair = None
    for i, a in enumerate(cluster):
        if len(a.articles) > 1:
            best_pair = best_pair or (1.0, a, a)
        for b in cluster[i + 1 :]:
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
    return conflict, possible, changed, best_pair


def _decisive_arrays(cluster: list[_Node], x: _NodeArrays, score, series, vid_score, t: Thresholds) -> tuple:
    """`_decisive` with the pairs as arrays: each verdict's pair is the first (in pair order) with its best value."""
    k = len(cluster)
    idx = np.array([n.index for n in cluster], dtype=np.int64)
    ii, jj = np.triu_indices(k, 1)  # pairs in the order of the loop: (0, 1), (0, 2), ... (1, 2), ...
    a, b = idx[ii], idx[jj]
    same_article = (x.article[a] == x.article[b]) & (x.article[a] >= 0)
    keep = np.flatnonzero(~same_article)
    ii, jj, a, b = ii[keep], jj[keep], a[keep], b[keep]
    s = _score_arrays(x, a, b, vid_score)
    rel, _ = _relation_arrays(x, a, b)
    compatible = _compatible_arrays(x, a, b)
    weak, _ = _weakness_arrays(x, a, b)
    weak = np.minimum(2.0, np.nan_to_num(weak, nan=0.0))
    far = rel == _REL_FAR

    def first_best(rows: np.ndarray, values: np.ndarray) -> int | None:
        return None if rows.size == 0 else int(rows[np.argmax(values[rows])])

    def pair(r: int) -> tuple:
        na, nb = cluster[int(ii[r])], cluster[int(jj[r])]
        return (score(na, nb), na, nb) + (_relation(na, nb)[1],)

    best_pair = None
    rows = np.flatnonzero(compatible)
    multi = [i for i, n in enumerate(cluster) if len(n.articles) > 1]
    if multi and not (rows.size and ii[rows[0]] < multi[0]):
        m = cluster[multi[0]]
        best_pair = (1.0, m, m)  # set before any agreeing pair: only a higher score replaces it
        if rows.size and s[rows].max() > 1.0:
            best_pair = pair(first_best(rows, s))[:3]
    elif rows.size:
        best_pair = pair(first_best(rows, s))[:3]
    changed = None
    rows = np.flatnonzero(~compatible & far)
    if rows.size:
        _, gap = _relation_arrays(x, a[rows], b[rows])
        changed = pair(int(rows[np.argmax(gap)]))
    with np.errstate(invalid="ignore"):
        strong = ~compatible & ~far & (rel == _REL_SAME) & (s >= t.conflict + t.weak_extra * weak)
        enough = ~compatible & ~far & (s >= t.possible + t.weak_extra * weak)
    eligible = np.zeros(s.size, dtype=bool)
    for r in np.flatnonzero(strong).tolist():
        eligible[r] = series(cluster[int(ii[r])], cluster[int(jj[r])]) is None
    conflict = None
    r = first_best(np.flatnonzero(eligible), s)
    if r is not None:
        conflict = pair(r)
    possible = None
    r = first_best(np.flatnonzero(enough & ~eligible), s)
    if r is not None:
        p = pair(r)
        possible = p + (_relation(p[1], p[2])[0],)
    return conflict, possible, changed, best_pair


def _group(cluster: list[_Node], score, needed, series, t: Thresholds, pick=None) -> dict:
    claims = [c for n in cluster for c in n.claims]
    articles = {c["article_id"] for c in claims}
    cluster.sort(key=lambda n: (n.when[0] if n.when else dt.date.min, min(n.articles), n.rep["start"]))
    if pick is not None and len(cluster) >= GROUP_ARRAYS:
        conflict, possible, changed, best_pair = pick(cluster)
    else:
        conflict, possible, changed, best_pair = _decisive(cluster, score, needed, series, t)
    first = cluster[0].rep
    strong = [n.rep["holder"] for n in cluster if n.rep["holder"]]
    if strong:
        holder = collections.Counter(strong).most_common(1)[0][0]
        shown_holder = holder
    else:  # every member took its holder from its article: name the one they share, if any
        common = set(cluster[0].holders).intersection(*(set(n.holders) for n in cluster[1:]))
        holder = next((h for h in cluster[0].holders if h in common), "")
        shown_holder = f"{holder} (the articles' main subject)" if holder else "(no holder named)"
    measures = [n.rep["measure"] for n in cluster]
    counts = collections.Counter(measures)
    measure = max(measures, key=lambda m: (counts[m], len(m)))
    scope = max((n.scope for n in cluster), key=len)
    what = f"{scope} {measure}".strip()  # 해외 지사 순위, 국내 크리에이터: the scope reads before the measure in Korean
    label = " · ".join(p for p in (holder, what) if p)
    what = f"{shown_holder} {what}"
    if conflict:
        s, a, b, gap = conflict
        when = "the same day" if gap == 0 else f"{gap} days apart"
        verdict, reason = (
            "conflict",
            (
                f"{a.rep['text']} ({_when(a)}) vs {b.rep['text']} ({_when(b)}): incompatible values for "
                f"the same {what}, in sentences alike (score {s:.2f} >= {needed(a, b, t.conflict):.2f}), {when}"
            ),
        )
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
            why.append(
                f"the two articles differ on {d} figures and agree on {g}: more likely two editions of a "
                f"recurring report than two reports of one event"
            )
        verdict, reason = (
            "possible conflict",
            (
                f"{a.rep['text']} ({_when(a)}) vs {b.rep['text']} ({_when(b)}): incompatible "
                f"values for the same {what}, but {' and '.join(why)}"
            ),
        )
    elif changed:
        s, a, b, gap = changed
        early, late = (a, b) if a.when[0] <= b.when[0] else (b, a)
        verdict, reason = (
            "changed over time",
            (
                f"{early.rep['text']} on {early.when[0].isoformat()} vs {late.rep['text']} on "
                f"{late.when[0].isoformat()}: {gap} days apart (> {CHANGE_DAYS}), so the world may "
                f"have changed"
            ),
        )
    else:
        values = ", ".join(f"{n.rep['text']} ({_when(n)})" for n in cluster)
        tol = (
            f"±10% for 약/가량, 1% or rounding otherwise; 이상/돌파 as up to {BOUND_REACH:g}× their figure"
            if any(c["approximate"] or c["bound"] for c in claims)
            else "1%, or one is the other rounded"
        )
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
        "label": label,
        "holder": holder,
        "measure": measure,
        "kind": first["kind"],
        "unit": first["unit"],
        "scope": scope,
        "verdict": verdict,
        "reason": reason,
        "score": round(float(s), 4),
        "evidence": evidence,
        "n_claims": len(claims),
        "n_articles": len(articles),
        "claim_ids": [c["claim_id"] for n in cluster for c in sorted(n.claims, key=lambda c: c["claim_id"])],
    }


def _checks(by_article: dict[int, list[dict]]) -> list[dict]:
    out: list[dict] = []
    for aid, cs in by_article.items():
        sentences = sorted({c["sentence_start"] for c in cs})
        index = {s: i for i, s in enumerate(sentences)}

        def window(c: dict, back: int, cs=cs, index=index, sentences=sentences) -> list[dict]:
            i = index[c["sentence_start"]]
            keep = set(sentences[max(0, i - back) : i + 1])
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
                        out.append(
                            _check(
                                aid,
                                "ratio",
                                [part, base, c],
                                f"{part['text']} ÷ {base['text']} = {computed:.2f}× (stated {c['text']})",
                                c["value"],
                                computed,
                                c,
                            )
                        )
            elif c["kind"] == "percent":
                near = window(c, 3)
                bases = [d for d in near if d["sentence_start"] == c["sentence_start"] and d["kind"] == "count" and d["value"]]
                if bases:
                    base = bases[-1]
                    parts = [
                        d
                        for d in near
                        if d is not base
                        and unit_family(d["unit"]) == unit_family(base["unit"])
                        and d["kind"] == "count"
                        and d["value"]
                        and d["value"] < base["value"]
                    ]
                    if parts:
                        part = max(parts, key=lambda d: d["value"])
                        computed = part["value"] / base["value"] * 100
                        out.append(
                            _check(
                                aid,
                                "share",
                                [part, base, c],
                                f"{part['text']} ÷ {base['text']} = {computed:.1f}% (stated {c['text']})",
                                c["value"],
                                computed,
                                c,
                            )
                        )
        out.extend(_growth(aid, cs))
        out.extend(_sums(aid, cs))
        out.extend(_conversions(aid, cs))
    for i, row in enumerate(out):
        row["check_id"] = i
    return out


def _check(aid: int, kind: str, claims: list[dict], computation: str, stated: float, computed: float, stated_claim: dict) -> dict:
    tol = TOL_APPROX if stated_claim["approximate"] else 0.05
    passed = abs(computed - stated) <= abs(stated) * tol
    return {
        "article_id": aid,
        "kind": kind,
        "claim_ids": [c["claim_id"] for c in claims],
        "computation": computation + f"; tolerance ±{tol:.0%}",
        "stated": stated,
        "computed": computed,
        "tolerance": tol,
        "passed": passed,
    }


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
            tail = p["sentence"][p["end"] - p["sentence_start"] :][:12]
            between = p["sentence"][a["end"] - a["sentence_start"] : b["start"] - b["sentence_start"]]
            if not _GROWTH.search(tail) or "에서" not in between:
                continue
            sign = -1 if any(w in tail for w in _FALL) else 1
            computed = (b["value"] - a["value"]) / a["value"] * 100 * sign
            out.append(
                _check(
                    aid,
                    "growth",
                    [a, b, p],
                    f"({b['text']} − {a['text']}) ÷ {a['text']} = {computed:.1f}% {'fall' if sign < 0 else 'rise'} (stated {p['text']})",
                    p["value"],
                    computed,
                    p,
                )
            )
    return out


def _sums(aid: int, cs: list[dict]) -> list[dict]:
    """'총 N명 … A명, B명, C명': parts stated beside their total must add up to it."""
    out = []
    for claims in _by_sentence(cs):
        for total in claims:
            before = total["sentence"][: total["start"] - total["sentence_start"]]
            if total["value"] is None or total["kind"] not in ("count", "money", "measure") or not _TOTAL.search(before):
                continue
            parts = [
                c
                for c in claims
                if c is not total
                and c["value"] is not None
                and c["value_max"] is None
                and unit_family(c["unit"]) == unit_family(total["unit"])
                and c["kind"] == total["kind"]
            ]
            if len(parts) < 2:
                continue
            computed = sum(c["value"] for c in parts)
            names = " + ".join(c["text"] for c in parts)
            out.append(
                _check(
                    aid,
                    "sum",
                    parts + [total],
                    f"{names} = {_fmt(computed)} (stated total {total['text']})",
                    total["value"],
                    computed,
                    total,
                )
            )
    return out


def _conversions(aid: int, cs: list[dict]) -> list[dict]:
    """A(B) money pairs in other currencies: every pair in one article must imply one exchange rate."""
    pairs: list[tuple] = []
    for a, b in zip(cs, cs[1:]):
        if a["kind"] == b["kind"] == "money" and a["unit"] != b["unit"] and a["sentence_start"] == b["sentence_start"]:
            between = a["sentence"][a["end"] - a["sentence_start"] : b["start"] - b["sentence_start"]]
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
            out.append(
                {
                    "article_id": aid,
                    "kind": "conversion",
                    "claim_ids": [a["claim_id"], b["claim_id"]],
                    "computation": f"{note}{b['text']} ÷ {a['text']} = {rate:,.2f} {ub}/{ua}; the article's rate is "
                    f"{ref:,.2f} (median of {len(rates)}); tolerance ±{tol:.0%}",
                    "stated": ref,
                    "computed": rate,
                    "tolerance": tol,
                    "passed": passed,
                }
            )
    return out
