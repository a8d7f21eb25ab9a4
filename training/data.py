"""Reading the KLUE-NER files and turning sentences into feature and label sequences."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from corpus.kiwi import tokenize_many
from corpus.mentions import rule_mentions
from corpus.ner.gazetteer import Gazetteer
from corpus.ner.tagger import sequences
from corpus.ner.units import Units, sequence_features, span_labels, units

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "klue-ner"
NEWS = ("wikitree-dev-a.jsonl", "wikitree-dev-b.jsonl")
OTHER = ("nsmc-dev.jsonl",)
KINDS = ("PS", "LC", "OG", "DT", "TI", "QT")


@dataclass
class Sentence:
    guid: str
    text: str
    gold: list[tuple[int, int, str]]
    rules: list[tuple[int, int, str]]  # the rule tagger's spans (all kinds, PD included)
    units: Units | None = None
    seqs: list[tuple[int, int, list[list[str]], list[str]]] | None = None  # (lo, hi, features, labels) per sequence


def read(path: Path) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            rows.append((obj["guid"], obj["text"], sorted((e["start"], e["end"], e["type"]) for e in obj["entities"])))
    return sorted(rows)


def load(names: tuple[str, ...], data: Path = DATA) -> list[Sentence]:
    """Sentences of the named files (sorted by guid), tokenised, with the rule tagger's output."""
    rows = [r for name in names for r in read(data / name)]
    rows.sort()
    out = []
    for (guid, text, gold), tokens in zip(rows, tokenize_many([t for _, t, _ in rows])):
        rules = [(m.start, m.end, m.kind) for m in rule_mentions(text, tokens)]
        s = Sentence(guid, text, gold, rules)
        s._tokens = tokens  # type: ignore[attr-defined]
        out.append(s)
    return out


NSMC_MODES = ("names-free", "all", "none")


def extra(mode: str = "names-free", data: Path = DATA) -> list[Sentence]:
    """The NSMC movie-review sentences to train with besides the news: those without a person, place or organisation
    (names-free: their dates, times and quantities are like the news's, their names are not), all, or none."""
    if mode == "none":
        return []
    sentences = load(OTHER, data)
    if mode == "names-free":
        sentences = [s for s in sentences if not any(kind in ("PS", "LC", "OG") for _, _, kind in s.gold)]
    return sentences


def featurise(sentences: list[Sentence], gazetteer: Gazetteer) -> None:
    """Units, features and gold labels of each sentence, cut into sequences as the tagger cuts them."""
    for s in sentences:
        s.units = u = units(s.text, s._tokens, gazetteer)  # type: ignore[attr-defined]
        rules = sorted(s.rules)
        s.seqs = [
            (lo, hi, sequence_features(s.text, u, lo, hi, rules, gazetteer), span_labels(u, lo, hi, s.gold)) for lo, hi in sequences(u)
        ]


def folds(sentences: list[Sentence], k: int) -> list[list[Sentence]]:
    """k contiguous blocks in guid order (neighbouring sentences often come from one article: keep them together)."""
    n = len(sentences)
    return [sentences[i * n // k : (i + 1) * n // k] for i in range(k)]
