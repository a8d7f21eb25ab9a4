"""The trained tagger: a linear-chain CRF over characters (python-crfsuite), loaded lazily.

`tag(text, tokens, rules)` returns labelled spans with the model's confidence (the mean marginal
probability of the span's labels). The text is tagged sentence by sentence, as the model was trained.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..kiwi import Tok
from ..sentences import sentence_spans
from .features import segment_features
from .gazetteer import Gazetteer

HERE = Path(__file__).resolve().parent
MODEL = HERE / "model.crfsuite"
GAZETTEER = HERE / "gazetteer.tsv"
MAX_SEGMENT = 600  # characters per tagged piece; longer sentences are cut at spaces

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


def decode(labels: Sequence[str], offset: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, kind) runs of B-/I-/E-/S- labels; an I- or E- without a B- before it starts a run too."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, label in enumerate(list(labels) + ["O"]):
        tag, _, k = label.partition("-")
        if start >= 0 and (tag not in ("I", "E") or k != kind):
            spans.append((offset + start, offset + i, kind))
            start = -1
        if tag in ("B", "S") or (tag in ("I", "E") and start < 0):
            start, kind = i, k
        if tag in ("E", "S") and start >= 0:
            spans.append((offset + start, offset + i + 1, kind))
            start = -1
    return spans


def segments(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text`, long ones cut at spaces to at most MAX_SEGMENT characters."""
    out = []
    for a, b in sentence_spans(text):
        while b - a > MAX_SEGMENT:
            cut = text.rfind(" ", a + MAX_SEGMENT // 2, a + MAX_SEGMENT)
            cut = cut if cut > a else a + MAX_SEGMENT
            out.append((a, cut))
            a = cut
        out.append((a, b))
    return out


def tag(text: str, tokens: Sequence[Tok], rules: Sequence[tuple[int, int, str]], model: Path = MODEL) -> list[Span]:
    """The model's spans in `text`, given Kiwi's tokens and the rule tagger's (start, end, kind) spans."""
    tagger = _tagger(model)
    gaz = gazetteer()
    rules = sorted(rules)
    tok_ends = [t.end for t in tokens]
    rule_ends = [r[1] for r in rules]
    spans: list[Span] = []
    with _lock:  # a crfsuite Tagger keeps the last sequence's state: one sequence at a time
        for a, b in segments(text):
            i, j = bisect_right(tok_ends, a), bisect_left(tok_ends, b)
            seg_tokens = tokens[i:j + 1]
            k, m = bisect_right(rule_ends, a), bisect_left(rule_ends, b)
            feats = segment_features(text, a, b, seg_tokens, rules[k:m + 1], gaz)
            labels = tagger.tag(feats)
            for start, end, kind in decode(labels, a):
                while end > start and text[end - 1].isspace():
                    end -= 1
                probs = [tagger.marginal(labels[i - a], i - a) for i in range(start, end)]
                spans.append(Span(start, end, kind, sum(probs) / len(probs)))
    return spans
