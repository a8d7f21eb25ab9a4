"""Analysing a corpus: the mentions, entities and claims frames, built from the articles frame.

Per article, Kiwi runs once and the result (mentions and raw claims) is cached by content. Everything
that depends on the whole corpus (entity clustering) or on metadata (resolving 지난해 against the
article's date) is computed after the cache, so it is always current.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from . import cache, frames
from .analysed import Analysis, empty
from .claim_key import resolve_time, unit_family
from .claims import build_claims
from .cleaning import clean
from .dates import resolve
from .entities import AliasEntry, cluster
from .frames import ARTICLE_CLAIMS, ARTICLE_MENTIONS, PARTS
from .kinds import NAME_KINDS
from .kiwi import Tok, tokenize, tokenize_many
from .mentions import find_mentions
from .sentences import containing, sentence_spans
from .words import index_words
from .workers import analyse_bodies, stop_if

__all__ = ["Analysis", "analyse", "analyse_text", "assemble", "extract", "rows_of"]


def _rows(body: str, tokens: list[Tok]) -> dict[str, list]:
    """Mention, word and raw claim rows of one cleaned text, given its Kiwi tokens."""
    mentions = find_mentions(body, tokens)
    spans = sentence_spans(body)
    sentence_of = lambda pos: containing(spans, pos)  # noqa: E731
    m_rows = []
    for m in mentions:
        s, e = sentence_of(m.start)
        m_rows.append(
            {
                "start": m.start,
                "end": m.end,
                "kind": m.kind,
                "text": m.text,
                "value": m.value,
                "unit": m.unit,
                "sentence_start": s,
                "sentence_end": e,
                "paren_after": body[m.end : m.end + 1] == "(",
            }
        )
    c_rows = []
    for rc in build_claims(body, tokens, mentions, sentence_of):
        q = rc.mention.quantity
        a, b = q.context
        c_rows.append(
            {
                "start": q.start,
                "end": q.end,
                "text": body[a:b],
                "value": q.value,
                "value_max": q.value_max,
                "unit": q.unit,
                "kind": q.kind,
                "approximate": q.approximate,
                "bound": q.bound,
                "vague": q.vague,
                "subject": rc.subject,
                "sentence_start": rc.sentence_start,
                "sentence_end": rc.sentence_end,
                "time_text": rc.time_text,
                "holder": rc.key.holder,
                "holder_kind": rc.key.holder_kind,
                "holder_from": rc.key.holder_from,
                "measure": rc.key.measure,
                "scope": rc.key.scope,
                "words": rc.key.words,
                "context": rc.key.context,
                "sentence": body[rc.sentence_start : rc.sentence_end],
            }
        )
    w_rows = [{"form": f, "start": a, "end": b} for f, a, b in index_words(body, tokens)]
    return {"mentions": m_rows, "words": w_rows, "claims": c_rows}


def rows_of(body: str) -> dict[str, list]:
    """Mention, word and raw claim rows of one article body (runs Kiwi)."""
    return _rows(body, tokenize(body))


def batch_frames(batch: list[tuple[str, str]]) -> tuple[list[str], dict[str, pl.DataFrame]]:
    """The keys of (key, body) pairs, and each part of their analysis as one frame with a `key` column."""
    rows: dict[str, list[dict]] = {part: [] for part in PARTS}
    for key, body in batch:
        for part, part_rows in rows_of(body).items():
            rows[part].extend(dict(r, key=key) for r in part_rows)
    return [k for k, _ in batch], {
        part: frames.from_rows(pl.Schema({"key": pl.String, **schema}), rows[part]) for part, schema in PARTS.items()
    }


def analyse_text(body: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Mentions and raw claims of one article body (runs Kiwi)."""
    rows = rows_of(body)
    return frames.from_rows(ARTICLE_MENTIONS, rows["mentions"]), frames.from_rows(ARTICLE_CLAIMS, rows["claims"])


def date_fields(kind: str, text: str, anchor: dt.date | None) -> tuple[dt.date | None, str | None]:
    """The date a DT mention refers to, resolved against the article's date, and how (or why not)."""
    if kind != "DT":
        return None, None
    r = resolve(text, anchor)
    return r.date, (r.reason if r.date is None else f"{r.granularity}: {r.reason}")


def extract(texts: list[str], article_date: dt.date | None = None) -> list[tuple[str, list[dict]]]:
    """Each text cleaned, with its mentions as records (`gisa extract`): the same analysis as an article's,
    for many short texts in one Kiwi call. Relative dates resolve only when `article_date` is given."""
    cleaned = [clean(t) for t in texts]
    out = []
    for text, tokens in zip(cleaned, tokenize_many(cleaned)):
        records = []
        for m in _rows(text, tokens)["mentions"]:
            item = {"start": m["start"], "end": m["end"], "kind": m["kind"], "text": m["text"]}
            if m["kind"] == "QT":
                item["value"], item["unit"] = m["value"], m["unit"]
            elif m["kind"] == "DT":
                date, note = date_fields("DT", m["text"], article_date)
                item["date"], item["date_note"] = (date.isoformat() if date else None), note
            records.append(item)
        out.append((text, records))
    return out


@dataclass
class Raw:
    """Per-article results (each frame with `article_id`): what is cached, before anything corpus-wide."""

    mentions: pl.DataFrame
    words: pl.DataFrame
    claims: pl.DataFrame
    from_cache: int = 0
    analysed: int = 0

    def combine(self, other: Raw) -> Raw:
        return Raw(
            *(
                pl.concat([a, b], how="vertical_relaxed")
                for a, b in ((self.mentions, other.mentions), (self.words, other.words), (self.claims, other.claims))
            ),
            self.from_cache + other.from_cache,
            self.analysed + other.analysed,
        )


def analyse_raw(
    articles: pl.DataFrame,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    jobs: int = 0,
    done_before: int = 0,
    total: int | None = None,
) -> Raw:
    """Each article's mentions, words and raw claims, from the cache or from Kiwi in `jobs` worker processes
    (0: in this process). Progress counts `done_before` articles as done already, out of `total`."""
    ids, bodies = articles["id"].to_list(), articles["body"].to_list()
    keys = [cache.entry_key(body) for body in bodies]
    if use_cache and keys:
        cached = cache.load(set(keys), PARTS)
        have, cached["mentions"] = cache.split_markers(cached["mentions"])
    else:
        cached = {part: pl.DataFrame(schema={"key": pl.String, **schema}) for part, schema in PARTS.items()}
        have = set()
    todo: dict[str, str] = {}
    for body, key in zip(bodies, keys):
        if key not in have:
            todo.setdefault(key, body)
    found: dict[str, list[pl.DataFrame]] = {part: [cached[part]] for part in PARTS}
    unsaved: list[tuple[list[str], dict[str, pl.DataFrame]]] = []
    total = total if total is not None else len(ids)
    per_key = collections.Counter(keys)
    done = done_before + len(ids) - sum(per_key[k] for k in todo)
    if progress:
        progress(done, total)

    def finished(batch: tuple[list[str], dict[str, pl.DataFrame]]) -> None:
        nonlocal done, unsaved
        batch_keys, parts = batch
        for part, frame in parts.items():
            found[part].append(frame)
        unsaved.append(batch)
        done += sum(per_key[k] for k in batch_keys)
        if use_cache and sum(len(b[0]) for b in unsaved) >= 1000:
            cache.store(unsaved)
            unsaved = []
        if progress:
            progress(done, total)

    try:
        analyse_bodies(list(todo.items()), jobs, finished, cancelled)
    finally:
        if use_cache and unsaved:
            cache.store(unsaved)  # a cancelled run keeps what it did
    keyed = pl.DataFrame({"article_id": ids, "key": keys}, schema={"article_id": pl.Int64, "key": pl.String})
    joined = {part: keyed.join(pl.concat(parts), on="key", how="inner").drop("key") for part, parts in found.items()}
    return Raw(joined["mentions"], joined["words"], joined["claims"], sum(1 for k in keys if k in have), len(todo))


def analyse(
    articles: pl.DataFrame,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    alias_entries: list[AliasEntry] | None = None,
    jobs: int = 0,
) -> Analysis:
    """Analyse every article; read and fill the cache unless `use_cache` is False.

    Articles not in the cache are analysed by `jobs` worker processes (0: in this process)."""
    if articles.height == 0:
        return empty()
    raw = analyse_raw(articles, use_cache, progress, cancelled, jobs)
    stop_if(cancelled)
    return assemble_raw(articles, raw, alias_entries)


def assemble_raw(articles: pl.DataFrame, raw: Raw, alias_entries: list[AliasEntry] | None = None) -> Analysis:
    """The corpus-wide analysis of per-article results (`articles` needs `id` and `date` only)."""
    result = assemble(
        articles,
        raw.mentions.sort("article_id", "start", maintain_order=True),
        raw.claims.sort("article_id", "start", maintain_order=True),
        alias_entries,
    )
    result.words = raw.words.sort("article_id", "start", maintain_order=True).select(list(frames.WORDS))
    result.raw_claims = raw.claims.sort("article_id", "start", maintain_order=True)
    result.analysed = raw.analysed
    result.from_cache = raw.from_cache
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


def assemble(
    articles: pl.DataFrame, mentions: pl.DataFrame, raw_claims: pl.DataFrame, alias_entries: list[AliasEntry] | None = None
) -> Analysis:
    """Corpus-wide frames from per-article results (with `article_id`): entity clustering, resolved dates.

    Nothing here reads a body (`articles` needs `id` and `date`): a snapshot updates a few articles by
    assembling their new results with the stored ones of all the others."""
    names = [(k, t) for k, t in zip(mentions["kind"].to_list(), mentions["text"].to_list()) if k in NAME_KINDS]
    paren_pairs = []
    by_article: dict[int, list[dict]] = {}
    for row in mentions.filter(pl.col("kind").is_in(NAME_KINDS)).iter_rows(named=True):
        by_article.setdefault(row["article_id"], []).append(row)
    for rows in by_article.values():
        for a, b in zip(rows, rows[1:]):
            if b["start"] == a["end"] + 1 and a["paren_after"] and a["kind"] == b["kind"]:
                paren_pairs.append((a["text"], b["text"]))
    mapping, clusters = cluster(names, paren_pairs, alias_entries)
    entity_ids = [mapping.get((k, t)) if k in NAME_KINDS else None for k, t in zip(mentions["kind"].to_list(), mentions["text"].to_list())]
    article_dates = dict(zip(articles["id"].to_list(), articles["date"].to_list()))
    resolved_dates, notes = [], []
    for kind, text, aid in zip(mentions["kind"].to_list(), mentions["text"].to_list(), mentions["article_id"].to_list()):
        date, note = date_fields(kind, text, article_dates.get(aid))
        resolved_dates.append(date)
        notes.append(note)
    mentions = mentions.with_columns(
        pl.Series("entity_id", entity_ids, dtype=pl.Int64),
        pl.Series("date", resolved_dates, dtype=pl.Date),
        pl.Series("date_note", notes, dtype=pl.String),
    ).select(list(frames.MENTIONS))
    mentions = mentions.sort(["article_id", "start"])

    named = mentions.filter(pl.col("entity_id").is_not_null())
    stats = (
        named.group_by("entity_id", "article_id")
        .agg(pl.len().cast(pl.Int64).alias("n"))
        .sort("entity_id", "article_id")
        .group_by("entity_id", maintain_order=True)
        .agg(
            pl.col("n").sum().alias("mentions"),
            pl.len().cast(pl.Int64).alias("articles"),
            pl.col("article_id").alias("article_ids"),
            pl.col("n").alias("article_mentions"),
        )
    )
    entities = frames.build(
        frames.ENTITIES,
        {
            "entity_id": [c.entity_id for c in clusters],
            "kind": [c.kind for c in clusters],
            "name": [c.name for c in clusters],
            "aliases": [c.aliases for c in clusters],
            "mentions": [0] * len(clusters),
            "articles": [0] * len(clusters),
            "article_ids": [[] for _ in clusters],
            "article_mentions": [[] for _ in clusters],
        },
    )
    entities = (
        entities.drop("mentions", "articles", "article_ids", "article_mentions")
        .join(stats, on="entity_id", how="left")
        .with_columns(pl.col("mentions").fill_null(0), pl.col("articles").fill_null(0))
        .select(list(frames.ENTITIES))
        .sort(["mentions", "name"], descending=[True, False])
    )

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
        anchor: dt.date | None = dates.get(aid)
        when, grain = resolve_time(r["time_text"], anchor)
        holder = _holder_name(r["holder"] or "", r["holder_kind"], mapping, names_by_id)
        rows.append(
            {
                "claim_id": claim_id,
                "article_id": aid,
                "start": r["start"],
                "end": r["end"],
                "text": r["text"],
                "value": r["value"],
                "value_max": r["value_max"],
                "unit": r["unit"],
                "kind": r["kind"],
                "approximate": r["approximate"],
                "bound": r["bound"],
                "vague": r["vague"],
                "subject": r["subject"],
                "entities": sentence_entities.get((aid, r["sentence_start"]), []),
                "time_ref": r["time_text"] or None,
                "time_date": when,
                "time_grain": grain,
                "sentence": r["sentence"],
                "sentence_start": r["sentence_start"],
                "holder": holder,
                "holder_from": r["holder_from"] or "",
                "measure": r["measure"] or "",
                "scope": r["scope"] or "",
                "unit_family": unit_family(r["unit"]),
                "words": r["words"] or [],
                "context": r["context"] or [],
            }
        )
    claims = frames.from_rows(frames.CLAIMS, rows)
    return Analysis(mentions, entities, claims)
