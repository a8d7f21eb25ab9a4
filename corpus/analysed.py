"""What an analysis produces: the `Analysis` that holds its tables (their schemas: `corpus.frames`), without the analysers.

A warm start opens a snapshot into these tables and runs no analyser, so it need not import them (the rule
mentions, claims and dates compile their patterns on import: 45 ms before a warm start's first full frame).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from . import frames


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
