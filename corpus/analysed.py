"""What an analysis produces, as tables: their schemas and the `Analysis` that holds them, without the analysers.

A warm start opens a snapshot into these tables and runs no analyser, so it need not import them (the rule
mentions, claims and dates compile their patterns on import: 45 ms before a warm start's first full frame).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from . import frames
from .workers import Cancelled

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


@dataclass
class Analysis:
    """The analysed corpus."""

    mentions: pl.DataFrame
    entities: pl.DataFrame
    claims: pl.DataFrame
    words: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=frames.WORDS))
    raw_claims: pl.DataFrame | None = None  # the per-article claims it was assembled from (a snapshot keeps them)
    from_cache: int = 0
    analysed: int = 0


def empty() -> Analysis:
    """An analysis of nothing, with every schema in place."""
    return Analysis(pl.DataFrame(schema=frames.MENTIONS), pl.DataFrame(schema=frames.ENTITIES), pl.DataFrame(schema=frames.CLAIMS))


def stop_if(cancelled: Callable[[], bool] | None) -> None:
    """Between the long steps after Kiwi's (names, comparison, storing): raise Cancelled if the user stopped."""
    if cancelled is not None and cancelled():
        raise Cancelled
