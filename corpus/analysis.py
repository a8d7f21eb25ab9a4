"""Analysing a corpus: the mentions, entities and claims frames, built from the articles frame.

Per article, Kiwi runs once and the result (mentions and raw claims) is cached by content. Everything
that depends on the whole corpus (entity clustering) or on metadata (resolving 지난해 against the
article's date) is computed after the cache, so it is always current.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import polars as pl

from . import cache, frames
from .claim_key import resolve_time, unit_family
from .claims import build_claims
from .dates import resolve
from .entities import NAME_KINDS, AliasEntry, cluster
from .kiwi import tokenize
from .mentions import find_mentions
from .sentences import containing, sentence_spans

ARTICLE_MENTIONS = pl.Schema({
    "start": pl.Int64, "end": pl.Int64, "kind": pl.String, "text": pl.String, "value": pl.Float64,
    "unit": pl.String, "sentence_start": pl.Int64, "sentence_end": pl.Int64,
})
ARTICLE_CLAIMS = pl.Schema({
    "start": pl.Int64, "end": pl.Int64, "text": pl.String, "value": pl.Float64, "value_max": pl.Float64,
    "unit": pl.String, "kind": pl.String, "approximate": pl.Boolean, "bound": pl.String, "vague": pl.Boolean,
    "subject": pl.String, "sentence_start": pl.Int64, "sentence_end": pl.Int64, "time_text": pl.String,
    "holder": pl.String, "holder_kind": pl.String, "holder_from": pl.String, "measure": pl.String, "scope": pl.String,
    "words": pl.List(pl.String), "context": pl.List(pl.String),
})


class Cancelled(Exception):
    """Raised when the caller asked the analysis to stop."""


@dataclass
class Analysis:
    """The analysed corpus."""

    mentions: pl.DataFrame
    entities: pl.DataFrame
    claims: pl.DataFrame
    from_cache: int = 0
    analysed: int = 0


def empty() -> Analysis:
    """An analysis of nothing, with every schema in place."""
    return Analysis(pl.DataFrame(schema=frames.MENTIONS), pl.DataFrame(schema=frames.ENTITIES), pl.DataFrame(schema=frames.CLAIMS))


def analyse_text(body: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Mentions and raw claims of one article body (runs Kiwi)."""
    tokens = tokenize(body)
    mentions = find_mentions(body, tokens)
    spans = sentence_spans(body)
    sentence_of = lambda pos: containing(spans, pos)  # noqa: E731
    m_rows = []
    for m in mentions:
        s, e = sentence_of(m.start)
        m_rows.append({"start": m.start, "end": m.end, "kind": m.kind, "text": m.text,
                       "value": m.value, "unit": m.unit, "sentence_start": s, "sentence_end": e})
    c_rows = []
    for rc in build_claims(body, tokens, mentions, sentence_of):
        q = rc.mention.quantity
        a, b = q.context
        c_rows.append({"start": q.start, "end": q.end, "text": body[a:b], "value": q.value, "value_max": q.value_max,
                       "unit": q.unit, "kind": q.kind, "approximate": q.approximate, "bound": q.bound, "vague": q.vague,
                       "subject": rc.subject, "sentence_start": rc.sentence_start, "sentence_end": rc.sentence_end,
                       "time_text": rc.time_text, "holder": rc.key.holder, "holder_kind": rc.key.holder_kind,
                       "holder_from": rc.key.holder_from, "measure": rc.key.measure, "scope": rc.key.scope,
                       "words": rc.key.words, "context": rc.key.context})
    return frames.from_rows(ARTICLE_MENTIONS, m_rows), frames.from_rows(ARTICLE_CLAIMS, c_rows)


def analyse(
    articles: pl.DataFrame,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    alias_entries: list[AliasEntry] | None = None,
) -> Analysis:
    """Analyse every article; read and fill the cache unless `use_cache` is False."""
    if articles.height == 0:
        return empty()
    ids, bodies = articles["id"].to_list(), articles["body"].to_list()
    keys = [cache.entry_key(body) for body in bodies]
    if use_cache:
        cached_m, cached_c = cache.load(set(keys), ARTICLE_MENTIONS, ARTICLE_CLAIMS)
        have, cached_m = cache.split_markers(cached_m)
    else:
        cached_m = pl.DataFrame(schema={"key": pl.String, **ARTICLE_MENTIONS})
        cached_c = pl.DataFrame(schema={"key": pl.String, **ARTICLE_CLAIMS})
        have = set()
    fresh: dict[str, tuple[pl.DataFrame, pl.DataFrame]] = {}
    unsaved: dict[str, tuple[pl.DataFrame, pl.DataFrame]] = {}
    total = len(ids)
    try:
        for done, (body, key) in enumerate(zip(bodies, keys), 1):
            if cancelled and cancelled():
                raise Cancelled()
            if key not in have and key not in fresh:
                fresh[key] = unsaved[key] = analyse_text(body)
                if use_cache and len(unsaved) >= 1000:
                    cache.store(unsaved, ARTICLE_MENTIONS, ARTICLE_CLAIMS)
                    unsaved = {}
            if progress:
                progress(done, total)
    finally:
        if use_cache and unsaved:
            cache.store(unsaved, ARTICLE_MENTIONS, ARTICLE_CLAIMS)  # a cancelled run keeps what it did
    keyed = pl.DataFrame({"article_id": ids, "key": keys}, schema={"article_id": pl.Int64, "key": pl.String})
    m_parts = [cached_m] + [m.with_columns(pl.lit(k).alias("key")) for k, (m, _) in fresh.items()]
    c_parts = [cached_c] + [c.with_columns(pl.lit(k).alias("key")) for k, (_, c) in fresh.items()]
    mentions = keyed.join(pl.concat(m_parts, how="diagonal_relaxed"), on="key", how="inner").drop("key")
    claims = keyed.join(pl.concat(c_parts, how="diagonal_relaxed"), on="key", how="inner").drop("key")
    result = assemble(articles, mentions.sort("article_id", "start", maintain_order=True),
                      claims.sort("article_id", "start", maintain_order=True), alias_entries)
    result.analysed = len(fresh)
    result.from_cache = sum(1 for k in keys if k in have)
    return result


_GOVERNMENT = (" 정부", " 당국", " 정부는")


def _holder_name(holder: str, kind: str, mapping: dict, names_by_id: dict) -> str:
    """The canonical name of a claim's holder: 알트먼 and 올트먼 are one holder, and so are 대한민국 정부 and 한국."""
    if kind not in NAME_KINDS:
        return holder
    for suffix in _GOVERNMENT:
        if holder.endswith(suffix):
            country = holder[: -len(suffix)]
            for k in ("LC", "OG"):
                if (k, country) in mapping:
                    return names_by_id.get(mapping[(k, country)], country)
    return names_by_id.get(mapping.get((kind, holder)), holder)


def assemble(articles: pl.DataFrame, mentions: pl.DataFrame, raw_claims: pl.DataFrame,
             alias_entries: list[AliasEntry] | None = None) -> Analysis:
    """Corpus-wide frames from per-article results (with `article_id`): entity clustering, resolved dates."""
    names = [(k, t) for k, t in zip(mentions["kind"].to_list(), mentions["text"].to_list()) if k in NAME_KINDS]
    paren_pairs = []
    bodies = dict(zip(articles["id"].to_list(), articles["body"].to_list()))
    by_article: dict[int, list[dict]] = {}
    for row in mentions.filter(pl.col("kind").is_in(NAME_KINDS)).iter_rows(named=True):
        by_article.setdefault(row["article_id"], []).append(row)
    for aid, rows in by_article.items():
        body = bodies[aid]
        for a, b in zip(rows, rows[1:]):
            if b["start"] == a["end"] + 1 and body[a["end"]:a["end"] + 1] == "(" and a["kind"] == b["kind"]:
                paren_pairs.append((a["text"], b["text"]))
    mapping, clusters = cluster(names, paren_pairs, alias_entries)
    entity_ids = [mapping.get((k, t)) if k in NAME_KINDS else None
                  for k, t in zip(mentions["kind"].to_list(), mentions["text"].to_list())]
    article_dates = dict(zip(articles["id"].to_list(), articles["date"].to_list()))
    resolved_dates, notes = [], []
    for kind, text, aid in zip(mentions["kind"].to_list(), mentions["text"].to_list(), mentions["article_id"].to_list()):
        if kind == "DT":
            r = resolve(text, article_dates.get(aid))
            resolved_dates.append(r.date)
            notes.append(r.reason if r.date is None else f"{r.granularity}: {r.reason}")
        else:
            resolved_dates.append(None)
            notes.append(None)
    mentions = mentions.with_columns(
        pl.Series("entity_id", entity_ids, dtype=pl.Int64),
        pl.Series("date", resolved_dates, dtype=pl.Date),
        pl.Series("date_note", notes, dtype=pl.String),
    ).select(list(frames.MENTIONS))
    mentions = mentions.sort(["article_id", "start"])

    named = mentions.filter(pl.col("entity_id").is_not_null())
    stats = named.group_by("entity_id").agg(
        pl.len().cast(pl.Int64).alias("mentions"),
        pl.col("article_id").n_unique().cast(pl.Int64).alias("articles"),
        pl.col("article_id").unique().sort().alias("article_ids"),
    )
    entities = frames.build(frames.ENTITIES, {
        "entity_id": [c.entity_id for c in clusters], "kind": [c.kind for c in clusters], "name": [c.name for c in clusters],
        "aliases": [c.aliases for c in clusters], "mentions": [0] * len(clusters), "articles": [0] * len(clusters),
        "article_ids": [[] for _ in clusters],
    })
    entities = (entities.drop("mentions", "articles", "article_ids").join(stats, on="entity_id", how="left")
                .with_columns(pl.col("mentions").fill_null(0), pl.col("articles").fill_null(0))
                .select(list(frames.ENTITIES)).sort(["mentions", "name"], descending=[True, False]))

    names_by_id = dict(zip(entities["entity_id"].to_list(), entities["name"].to_list()))
    dates = dict(zip(articles["id"].to_list(), articles["date"].to_list()))
    sentence_entities: dict[tuple[int, int], list[str]] = {}
    for row in named.iter_rows(named=True):
        names_in = sentence_entities.setdefault((row["article_id"], row["sentence_start"]), [])
        name = names_by_id.get(row["entity_id"])
        if name and name not in names_in:
            names_in.append(name)
    rows = []
    for claim_id, r in enumerate(raw_claims.iter_rows(named=True)):
        aid = r["article_id"]
        body = bodies[aid]
        anchor: dt.date | None = dates.get(aid)
        when, grain = resolve_time(r["time_text"], anchor)
        holder = _holder_name(r["holder"] or "", r["holder_kind"], mapping, names_by_id)
        rows.append({
            "claim_id": claim_id, "article_id": aid, "start": r["start"], "end": r["end"], "text": r["text"],
            "value": r["value"], "value_max": r["value_max"], "unit": r["unit"], "kind": r["kind"],
            "approximate": r["approximate"], "bound": r["bound"], "vague": r["vague"], "subject": r["subject"],
            "entities": sentence_entities.get((aid, r["sentence_start"]), []),
            "time_ref": r["time_text"] or None, "time_date": when, "time_grain": grain,
            "sentence": body[r["sentence_start"]:r["sentence_end"]], "sentence_start": r["sentence_start"],
            "holder": holder, "holder_from": r["holder_from"] or "", "measure": r["measure"] or "", "scope": r["scope"] or "",
            "unit_family": unit_family(r["unit"]), "words": r["words"] or [], "context": r["context"] or [],
        })
    claims = frames.from_rows(frames.CLAIMS, rows)
    return Analysis(mentions, entities, claims)
