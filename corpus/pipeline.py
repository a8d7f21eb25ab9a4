"""The whole way from paths to frames, for the app and the headless commands alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable

import polars as pl

from . import frames
from .analysis import Analysis, analyse, empty
from .compare import compare
from .facts import Facts
from .loader import Corpus, load_corpus
from .sources import DEFAULT_MAX_BYTES


@dataclass
class Result:
    """A loaded and analysed corpus."""

    corpus: Corpus
    analysis: Analysis
    groups: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=frames.GROUPS))
    checks: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=frames.CHECKS))

    @cached_property
    def facts(self) -> Facts:
        """What the panes show, computed once (call it where the work may take a while: a worker)."""
        a = self.analysis
        return Facts(self.corpus.articles, a.mentions, a.entities, a.claims, self.groups, self.checks)


def analyse_corpus(corpus: Corpus, use_cache: bool = True, progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, with_comparison: bool = True) -> Result:
    """Analyse a loaded corpus and (unless told not to) compare its claims."""
    if corpus.articles.height == 0:
        return Result(corpus, empty())
    analysis = analyse(corpus.articles, use_cache=use_cache, progress=progress, cancelled=cancelled)
    if not with_comparison:
        return Result(corpus, analysis)
    groups, checks = compare(corpus.articles, analysis.mentions, analysis.entities, analysis.claims)
    return Result(corpus, analysis, groups, checks)


def run(paths: Iterable[str] | None, max_bytes: int = DEFAULT_MAX_BYTES, use_cache: bool = True,
        progress: Callable[[int, int], None] | None = None, with_comparison: bool = True) -> Result:
    """Load and analyse."""
    corpus = load_corpus(list(paths) if paths else None, max_bytes=max_bytes)
    return analyse_corpus(corpus, use_cache, progress, with_comparison=with_comparison)
