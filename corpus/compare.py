"""Comparing claims: groups of claims about the same thing, verdicts, and arithmetic checks.

Two claims are grouped when they share kind and unit, measure the same concept (their subjects'
content words overlap, with synonyms such as 지사/사무소/거점 folded together), have the same scope
(해외, 아시아, 전 세계 …) and are about the same place or organisation. A group's verdict is one of
agree, conflict, changed over time or single source, each with a reason a reader can check.
Arithmetic checks look inside one article: ratios, shares and currency conversions.
"""

from __future__ import annotations

import collections
import datetime as dt
import re
from dataclasses import dataclass

import polars as pl

from . import frames
from .lexicon import CITY_COUNTRY, COUNTRIES, SCOPES

VERDICT_ORDER = {"conflict": 0, "changed over time": 1, "agree": 2, "single source": 3}
CHANGE_DAYS = 180  # articles further apart than this may describe a world that changed
TOL_EXACT = 0.01
TOL_APPROX = 0.10

_SYNONYMS = {
    "지사": "office", "사무소": "office", "거점": "office", "법인": "office", "오피스": "office", "지부": "office",
    "사용자": "users", "이용자": "users", "가입자": "subscribers", "구독자": "subscribers", "사용자수": "users",
    "크리에이터": "creators", "크리에이터들": "creators", "개발자": "developers", "개발자들": "developers",
    "예산": "budget", "수요액": "demand", "매출": "revenue", "매출액": "revenue", "직원": "staff", "인력": "staff",
}
_GENERIC = {"수", "규모", "숫자", "관련", "전체", "전", "내", "약", "총", "기준", "현재", "최근", "공식", "새", "의"}
_WORD = re.compile(r"[A-Za-z0-9가-힣][A-Za-z0-9가-힣.\-]*")
_UNIT_FAMILY = {"명": "people", "사람": "people", "인": "people", "개국": "countries", "번째": "ordinal", "째": "ordinal",
                "차": "ordinal", "위": "rank", "위권": "rank", "%": "percent", "퍼센트": "percent", "프로": "percent", "배": "ratio"}


def unit_family(unit: str | None) -> str:
    """Units that measure the same dimension share a family (명/사람/인 are people)."""
    return _UNIT_FAMILY.get(unit or "", unit or "")


def _concept_words(subject: str) -> set[str]:
    words = set()
    for w in _WORD.findall(subject or ""):
        w = re.sub(r"(들|의|은|는|이|가|을|를)$", "", w) if len(w) > 2 else w
        if w.startswith(("챗GPT", "ChatGPT")):
            words.add("ChatGPT")
            continue
        for suffix, concept in (("사용자", "users"), ("가입자", "subscribers"), ("이용자", "users")):
            if w.endswith(suffix):
                w = concept
        w = _SYNONYMS.get(w, w)
        if w in SCOPES or w in _GENERIC or re.fullmatch(r"[A-Z]{2,4}", w) and w in ("MAU", "WAU", "DAU"):
            continue
        words.add(w)
    return words


def _scope(claim: dict) -> str:
    sentence = claim["sentence"]
    rel = claim["start"] - claim["sentence_start"]
    window = sentence[max(0, rel - 14):rel]
    subject = claim["subject"] or ""
    found = ""
    for word, scope in sorted(SCOPES.items(), key=lambda kv: -len(kv[0])):
        if word in window or word in subject.split():
            idx = max(window.rfind(word), -1)
            found = scope if not found or idx >= 0 else found
            if idx >= 0:
                break
    if claim["kind"] not in ("ordinal", "rank") and found not in ("domestic", "world"):
        return ""
    return found


def _places(names: list[str], scope_words: set[str]) -> set[str]:
    out = set()
    for n in names:
        if n in scope_words or n in SCOPES:
            continue
        if n in COUNTRIES or n in CITY_COUNTRY:
            out.add(CITY_COUNTRY.get(n, n))
    return out


@dataclass
class _Item:
    claim: dict
    family: str
    scope: str
    concept: set[str]
    places: set[str]
    date: dt.date | None


def _interval(c: dict) -> tuple[float, float]:
    v = c["value"]
    vmax = c["value_max"]
    if v is None:
        return (float("-inf"), float("inf"))
    if vmax is not None:
        lo, hi = min(v, vmax), max(v, vmax)
    else:
        lo = hi = v
    tol = 0.0 if c["kind"] in ("ordinal", "rank") and not c["approximate"] else (TOL_APPROX if c["approximate"] else TOL_EXACT)
    lo, hi = lo - abs(lo) * tol, hi + abs(hi) * tol
    bound = c["bound"] or ""
    if bound in (">", ">="):
        hi = float("inf")
    elif bound in ("<", "<="):
        lo = float("-inf")
    elif bound == "top":
        lo = 1.0
    return lo, hi


def _fmt(v: float | None) -> str:
    if v is None:
        return "?"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}"


def _verdict(items: list[_Item], article_dates: dict[int, dt.date | None]) -> tuple[str, str]:
    articles = {i.claim["article_id"] for i in items}
    intervals = [(_interval(i.claim), i) for i in items]
    clashes = []
    for x in range(len(intervals)):
        for y in range(x + 1, len(intervals)):
            (a_lo, a_hi), ia = intervals[x]
            (b_lo, b_hi), ib = intervals[y]
            if a_hi < b_lo or b_hi < a_lo:
                clashes.append((ia, ib))
    values = ", ".join(f"{i.claim['text']} ({i.date.isoformat() if i.date else 'undated'})" for i in items)
    if not clashes:
        tol = "±10% for 약/가량, ±1% otherwise; 이상/돌파 as lower bounds" if any(i.claim["approximate"] or i.claim["bound"] for i in items) else "±1%"
        if len(articles) == 1:
            return "single source", f"one article: {values}; consistent ({tol})"
        return "agree", f"{values}: compatible within {tol}"
    a, b = clashes[0]
    gap = abs((a.date - b.date).days) if a.date and b.date else None
    detail = f"{a.claim['text']} vs {b.claim['text']}"
    if gap is not None and gap > CHANGE_DAYS:
        early, late = (a, b) if a.date <= b.date else (b, a)
        return ("changed over time",
                f"{early.claim['text']} on {early.date.isoformat()} vs {late.claim['text']} on {late.date.isoformat()}: "
                f"{gap} days apart (> {CHANGE_DAYS}), so the world may have changed")
    when = f"{gap} days apart" if gap is not None else "dates unknown"
    return "conflict", f"{detail}: incompatible values for the same thing ({when}, ≤ {CHANGE_DAYS} days counts as the same time)"


def _candidate_pairs(items: list[_Item]):
    """Pairs that may reach a concept overlap of 0.5: same kind, unit family and scope, and sharing one of
    the rarer half of either concept's words (prefix filtering), so a large corpus is not compared n²."""
    buckets: dict[tuple, list[int]] = collections.defaultdict(list)
    for i, item in enumerate(items):
        buckets[(item.family, item.claim["kind"], item.scope)].append(i)
    for members in buckets.values():
        frequency = collections.Counter(w for i in members for w in items[i].concept)
        postings: dict[str, list[int]] = collections.defaultdict(list)
        prefixes = {}
        for i in members:
            words = sorted(items[i].concept, key=lambda w: (frequency[w], w))
            prefixes[i] = words[: len(words) // 2 + 1]
            for w in prefixes[i]:
                postings[w].append(i)
        seen: set[tuple[int, int]] = set()
        for i in members:
            for w in prefixes[i]:
                for j in postings[w]:
                    if j > i and (i, j) not in seen:
                        seen.add((i, j))
                        yield i, j


def compare(articles: pl.DataFrame, mentions: pl.DataFrame, entities: pl.DataFrame, claims: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The groups and checks frames for an analysed corpus."""
    dates = dict(zip(articles["id"].to_list(), articles["date"].to_list()))
    # the place an article is mostly about, for claims whose sentence names none
    main_place: dict[int, str] = {}
    names = dict(zip(entities["entity_id"].to_list(), entities["name"].to_list()))
    place_counts: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    for aid, eid, kind in zip(mentions["article_id"].to_list(), mentions["entity_id"].to_list(), mentions["kind"].to_list()):
        if eid is not None and kind in ("LC", "OG"):
            name = names.get(eid, "")
            if (name in COUNTRIES or name in CITY_COUNTRY) and name not in SCOPES:
                place_counts[aid][CITY_COUNTRY.get(name, name)] += 1
    for aid, counter in place_counts.items():
        main_place[aid] = counter.most_common(1)[0][0]

    rows = claims.to_dicts()
    items: list[_Item] = []
    by_article: dict[int, list[dict]] = collections.defaultdict(list)
    for c in rows:
        by_article[c["article_id"]].append(c)
    for aid, cs in by_article.items():
        last_concept: set[str] = set()
        for c in cs:
            if c["vague"] or c["kind"] in ("age",):
                continue
            tail = c["sentence"][c["end"] - c["sentence_start"]:][:3]
            if tail.startswith((" 중", "중 ", " 가운데")):
                continue  # "10명 중 7명": a proportion, not a count
            scope = _scope(c)
            concept = _concept_words(c["subject"])
            if c["kind"] in ("ordinal", "rank"):
                sentence_concepts = {_SYNONYMS[w] for w in _WORD.findall(c["sentence"]) if w in _SYNONYMS}
                if not concept or concept <= set(SCOPES):
                    concept = ({"office"} & sentence_concepts) or sentence_concepts or last_concept
                concept = {w for w in concept if w not in SCOPES}
                if concept:
                    last_concept = concept
            if not concept:
                continue
            scope_words = {w for w, s in SCOPES.items() if s == scope}
            places = _places(c["entities"], scope_words)
            if not places and aid in main_place:
                places = {main_place[aid]}
            when = c["time_date"] if c["kind"] not in ("ordinal", "rank") and c["time_date"] else dates.get(aid)
            items.append(_Item(c, unit_family(c["unit"]), scope, concept, places, when))

    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in _candidate_pairs(items):
        a, b = items[i], items[j]
        union = a.concept | b.concept
        if len(a.concept & b.concept) / len(union) < 0.5:
            continue
        if a.places and b.places and not (a.places & b.places):
            continue
        if a.claim["time_date"] and b.claim["time_date"] and a.claim["kind"] not in ("ordinal", "rank"):
            if a.claim["time_ref"] and b.claim["time_ref"] and abs((a.claim["time_date"] - b.claim["time_date"]).days) > 400:
                continue  # 2023년 vs 2030년 demand: different moments, not a disagreement
        parent[find(j)] = find(i)

    clusters: dict[int, list[_Item]] = collections.defaultdict(list)
    for i, item in enumerate(items):
        clusters[find(i)].append(item)
    group_rows = []
    for members in clusters.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda it: (it.date or dt.date.min, it.claim["article_id"], it.claim["start"]))
        verdict, reason = _verdict(members, dates)
        first = members[0].claim
        subject = max((m.claim["subject"] for m in members), key=lambda s: (len(s or ""), s or ""))
        places = sorted(set().union(*(m.places for m in members)))
        scope = members[0].scope
        what = subject or ", ".join(sorted(members[0].concept))
        label = " · ".join(p for p in (", ".join(places), what) if p)
        notes = [n for n in (scope, first["kind"] if first["kind"] in ("ordinal", "rank") else "") if n]
        if notes:
            label += f" ({', '.join(notes)})"
        group_rows.append({
            "label": label, "kind": first["kind"], "unit": first["unit"], "scope": scope, "verdict": verdict, "reason": reason,
            "n_claims": len(members), "n_articles": len({m.claim["article_id"] for m in members}),
            "claim_ids": [m.claim["claim_id"] for m in members],
        })
    group_rows.sort(key=lambda g: (VERDICT_ORDER[g["verdict"]], -g["n_articles"], -g["n_claims"], g["label"]))
    for gid, g in enumerate(group_rows):
        g["group_id"] = gid
    groups = frames.from_rows(frames.GROUPS, group_rows)
    checks = frames.from_rows(frames.CHECKS, _checks(by_article))
    return groups, checks


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
