"""The trained entity tagger: a CRF over morpheme units for PS LC OG DT TI QT (see `tagger`), shipped with its lists.

The model (`model.crfsuite`) and the list (`gazetteer.tsv`) are derived from KLUE-NER and konec data and
carry CC BY-SA 4.0 (ATTRIBUTION.md); `training/train.py` rebuilds them. Loaded on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..kiwi import Tok
from . import tagger as _tagger
from .tagger import MODEL, Span

__all__ = ["MODEL", "Span", "available", "tag"]


def available(model: Path | None = None) -> bool:
    """Whether the model and its list are installed."""
    return _tagger.available(model or MODEL)


def tag(text: str, tokens: Sequence[Tok], rules: Sequence[tuple[int, int, str]], model: Path | None = None) -> list[Span]:
    """The model's spans in `text` (see `corpus.ner.tagger.tag`)."""
    return _tagger.tag(text, tokens, rules, model or MODEL)
