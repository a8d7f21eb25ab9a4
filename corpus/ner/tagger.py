"""The trained tagger: a linear-chain CRF over morpheme units (python-crfsuite), loaded lazily.

`tag(text, tokens, rules)` returns labelled spans with the model's confidence (for names, the mean marginal
probability of the span's labels; 1.0 for dates, times and quantities, whose confidence nothing reads). The text
is tagged sentence by sentence, as the model was trained (`units`).
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..kinds import TAGGED_NAMES
from ..kiwi import Tok
from .gazetteer import Gazetteer
from .units import Units, decode, sequence_features, units

HERE = Path(__file__).resolve().parent
MODEL = HERE / "model.crfsuite"
GAZETTEER = HERE / "gazetteer.tsv"
MAX_UNITS = 300  # units per tagged sequence; longer sentences are cut

_lock = threading.Lock()
_gazetteer: Gazetteer | None = None
_taggers: dict[str, object] = {}


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled span from the model."""

    start: int
    end: int
    kind: str
    confidence: float


def gazetteer() -> Gazetteer:
    """The shipped name list, read once."""
    global _gazetteer
    if _gazetteer is None:
        with _lock:
            if _gazetteer is None:
                _gazetteer = Gazetteer.read(GAZETTEER)
    return _gazetteer


def _tagger(path: Path):
    import pycrfsuite

    key = str(path)
    tagger = _taggers.get(key)
    if tagger is None:
        with _lock:
            tagger = _taggers.get(key)
            if tagger is None:
                tagger = pycrfsuite.Tagger()
                tagger.open(key)
                _taggers[key] = tagger
    return tagger


def available(path: Path = MODEL) -> bool:
    """Whether the model file is there (a source checkout always has it; the wheel ships it)."""
    return path.is_file() and GAZETTEER.is_file()


def sequences(u: Units) -> list[tuple[int, int]]:
    """(lo, hi) unit ranges of the sentences, long ones cut to at most MAX_UNITS units."""
    bounds = u.breaks + [len(u.starts)]
    out = []
    for lo, hi in zip(bounds, bounds[1:]):
        while hi - lo > MAX_UNITS:
            out.append((lo, lo + MAX_UNITS))
            lo += MAX_UNITS
        if hi > lo:
            out.append((lo, hi))
    return out


def tag(text: str, tokens: Sequence[Tok], rules: Sequence[tuple[int, int, str]], model: Path = MODEL) -> list[Span]:
    """The model's spans in `text`, given Kiwi's tokens and the rule tagger's (start, end, kind) spans."""
    tagger = _tagger(model)
    gaz = gazetteer()
    rules = sorted(rules)
    rule_ends = [r[1] for r in rules]
    u = units(text, tokens, gaz)
    starts, ends = u.starts, u.ends
    spans: list[Span] = []
    with _lock:  # a crfsuite Tagger keeps the last sequence's state: one sequence at a time
        for lo, hi in sequences(u):
            a, b = starts[lo], ends[hi - 1]
            k, m = bisect_right(rule_ends, a), bisect_left(rule_ends, b)
            labels = tagger.tag(sequence_features(text, u, lo, hi, rules[k : m + 1], gaz))
            if all(label == "O" for label in labels):
                continue
            for start, end, kind in decode(u, lo, labels):
                if kind in TAGGED_NAMES:  # only names use the confidence (corpus.mentions): skip the marginals of the rest
                    i = bisect_left(starts, start, lo, hi)
                    j = bisect_left(ends, end, lo, hi)
                    probs = [tagger.marginal(labels[x - lo], x - lo) for x in range(i, j + 1)]
                    spans.append(Span(start, end, kind, sum(probs) / len(probs)))
                else:
                    spans.append(Span(start, end, kind, 1.0))
    return spans
