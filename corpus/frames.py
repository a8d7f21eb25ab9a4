"""Explicit schemas for every Polars frame Gisa builds, and column-wise builders.

Frames are never inferred from rows: Polars looks at the first 100 rows only and can silently
truncate later values. Every builder goes column by column and checks the schema it promised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

FURNITURE = pl.Struct({"line": pl.Int32, "text": pl.String, "reason": pl.String})

ARTICLES = pl.Schema(
    {
        "id": pl.Int64,
        "path": pl.String,
        "name": pl.String,
        "title": pl.String,
        "title_from": pl.String,
        "publisher": pl.String,
        "byline": pl.String,
        "date": pl.Date,
        "time": pl.String,
        "date_from": pl.String,
        "url": pl.String,
        "body": pl.String,
        "furniture": pl.List(FURNITURE),
        "image_credits": pl.List(pl.String),
        "encoding": pl.String,
        "repaired": pl.Boolean,
        "sha256": pl.String,  # of the file's bytes: a body read again later is checked against it
    }
)

PROBLEMS = pl.Schema({"path": pl.String, "reason": pl.String})

MENTIONS = pl.Schema(
    {
        "article_id": pl.Int64,
        "start": pl.Int64,
        "end": pl.Int64,
        "kind": pl.String,
        "text": pl.String,
        "sentence_start": pl.Int64,
        "sentence_end": pl.Int64,
        "value": pl.Float64,
        "unit": pl.String,
        "paren_after": pl.Boolean,
        "entity_id": pl.Int64,
        "date": pl.Date,
        "date_note": pl.String,
    }
)

WORDS = pl.Schema(
    {  # the search index: each article's content words (corpus.words), in order
        "article_id": pl.Int64,
        "form": pl.String,
        "start": pl.Int64,
        "end": pl.Int64,
    }
)

ENTITIES = pl.Schema(
    {
        "entity_id": pl.Int64,
        "kind": pl.String,
        "name": pl.String,
        "aliases": pl.List(pl.String),
        "mentions": pl.Int64,
        "articles": pl.Int64,
        "article_ids": pl.List(pl.Int64),
        "article_mentions": pl.List(pl.Int64),  # how often each of those articles mentions it
    }
)

CLAIMS = pl.Schema(
    {
        "claim_id": pl.Int64,
        "article_id": pl.Int64,
        "start": pl.Int64,
        "end": pl.Int64,
        "text": pl.String,
        "value": pl.Float64,
        "value_max": pl.Float64,
        "unit": pl.String,
        "kind": pl.String,
        "approximate": pl.Boolean,
        "bound": pl.String,
        "vague": pl.Boolean,
        "subject": pl.String,
        "entities": pl.List(pl.String),
        "time_ref": pl.String,
        "time_date": pl.Date,
        "sentence": pl.String,
        "sentence_start": pl.Int64,
        # what the claim measures (corpus.claim_key): a reader can check each part against the sentence
        "holder": pl.String,  # whose number it is: canonical entity name, or the noun phrase
        "holder_from": pl.String,  # genitive, measure, subject, topic, or "" (none in the clause)
        "measure": pl.String,  # the counted or measured noun: 사망자, 직원, 지지율, 지사 순위
        "scope": pl.String,  # 국내, 해외, 아시아, 세계 … or ""
        "unit_family": pl.String,  # people, percent, money:KRW, ordinal …
        "time_grain": pl.String,  # day, month, year, or "" when time_date is None
        "words": pl.List(pl.String),  # content morphemes of the sentence, numbers masked
        "context": pl.List(pl.String),  # the morphemes right around the number
    }
)


# one article's results, as the analysis caches them (keyed by its text)
ARTICLE_MENTIONS = pl.Schema(
    {
        "start": pl.Int64,
        "end": pl.Int64,
        "kind": pl.String,
        "text": pl.String,
        "value": pl.Float64,
        "unit": pl.String,
        "sentence_start": pl.Int64,
        "sentence_end": pl.Int64,
        "paren_after": pl.Boolean,  # a "(" right after it: 샘 알트먼(Sam Altman) names one thing twice
    }
)
ARTICLE_WORDS = pl.Schema({"form": pl.String, "start": pl.Int64, "end": pl.Int64})
ARTICLE_CLAIMS = pl.Schema(
    {
        "start": pl.Int64,
        "end": pl.Int64,
        "text": pl.String,
        "value": pl.Float64,
        "value_max": pl.Float64,
        "unit": pl.String,
        "kind": pl.String,
        "approximate": pl.Boolean,
        "bound": pl.String,
        "vague": pl.Boolean,
        "subject": pl.String,
        "sentence_start": pl.Int64,
        "sentence_end": pl.Int64,
        "time_text": pl.String,
        "holder": pl.String,
        "holder_kind": pl.String,
        "holder_from": pl.String,
        "measure": pl.String,
        "scope": pl.String,
        "words": pl.List(pl.String),
        "context": pl.List(pl.String),
        "sentence": pl.String,
    }
)

PARTS = {"mentions": ARTICLE_MENTIONS, "words": ARTICLE_WORDS, "claims": ARTICLE_CLAIMS}  # per article, cached


def build(schema: pl.Schema, columns: Mapping[str, Sequence[Any]]) -> pl.DataFrame:
    """A frame from column lists, typed by `schema`; an empty mapping gives an empty frame."""
    if not columns or all(len(v) == 0 for v in columns.values()):
        return pl.DataFrame(schema=schema)
    missing = set(schema) - set(columns)
    if missing:
        raise KeyError(f"columns missing for schema: {sorted(missing)}")
    series = [pl.Series(name, columns[name], dtype=dtype, strict=True) for name, dtype in schema.items()]
    frame = pl.DataFrame(series)
    assert frame.schema == schema
    return frame


def from_rows(schema: pl.Schema, rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """A frame from row dicts, transposed to columns first so no type is inferred."""
    return build(schema, {name: [row[name] for row in rows] for name in schema} if rows else {})


GROUPS = pl.Schema(
    {
        "group_id": pl.Int64,
        "label": pl.String,  # holder · measure · scope
        "holder": pl.String,
        "measure": pl.String,
        "kind": pl.String,
        "unit": pl.String,
        "scope": pl.String,
        "verdict": pl.String,  # conflict, possible conflict, changed over time, agree, single source
        "reason": pl.String,
        "score": pl.Float64,  # similarity of the sentences that decided the verdict (0..1)
        "evidence": pl.List(pl.String),  # the words that tied them, rarest first
        "n_claims": pl.Int64,
        "n_articles": pl.Int64,
        "claim_ids": pl.List(pl.Int64),
    }
)

CHECKS = pl.Schema(
    {
        "check_id": pl.Int64,
        "article_id": pl.Int64,
        "kind": pl.String,
        "claim_ids": pl.List(pl.Int64),
        "computation": pl.String,
        "stated": pl.Float64,
        "computed": pl.Float64,
        "tolerance": pl.Float64,
        "passed": pl.Boolean,
    }
)

# Flat records for exports (corpus.records): one row per member of a group, one per check.
GROUP_RECORDS = pl.Schema(
    {
        "group_id": pl.Int64,
        "verdict": pl.String,
        "reason": pl.String,
        "label": pl.String,
        "evidence": pl.List(pl.String),
        "score": pl.Float64,
        "claim_id": pl.Int64,
        "article_id": pl.Int64,
        "path": pl.String,
        "title": pl.String,
        "publisher": pl.String,
        "article_date": pl.Date,
        "value": pl.Float64,
        "value_max": pl.Float64,
        "unit": pl.String,
        "text": pl.String,
        "sentence": pl.String,
        "holder": pl.String,
        "holder_from": pl.String,  # genitive, measure, subject, topic; "article" when the group took the article's main name
        "measure": pl.String,
        "scope": pl.String,
        "time": pl.String,
        "time_date": pl.Date,
    }
)

CHECK_RECORDS = pl.Schema(
    {
        "check_id": pl.Int64,
        "article_id": pl.Int64,
        "path": pl.String,
        "title": pl.String,
        "kind": pl.String,
        "computation": pl.String,
        "stated": pl.Float64,
        "computed": pl.Float64,
        "tolerance": pl.Float64,
        "passed": pl.Boolean,
        "claim_ids": pl.List(pl.Int64),
    }
)
