"""How alike two claims' sentences are: IDF-weighted cosine over content morphemes, numbers masked.

Each claim carries the content morphemes of its sentence (`corpus.claim_key.sentence_words`: nouns, verb
and adjective stems, foreign words; no particles or endings; numbers, dates and quantities masked). The
weights are inverse document frequencies over the corpus's articles (the words of their claim sentences),
so a rare word (a place, a name, 붕괴) ties two sentences much more than a word every report uses
(밝히다, 지난해). Two reports of one story share its rare words, so frequencies count articles, not
sentences (a story repeating its words in title and body does not make them common), and are smoothed
with SMOOTHING unseen articles so that a handful of articles still weighs words sensibly; words every
newsroom writes (REPORTING) weigh little whatever the corpus. Binary term weights.

A vector holds its words in sorted order, so the cosine of two vectors sums the same products in the
same order whichever is given first and in every process (a set's order follows the string hash seed).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

SMOOTHING = 50  # unseen documents added to every count: with few articles, no word looks common by accident
REPORTING_WEIGHT = 0.2  # a reporting word weighs this share of its IDF
REPORTING = frozenset(
    """
밝히다 전하다 말하다 설명하다 덧붙이다 강조하다 보도하다 발표하다 알리다 따르다 하다 되다 있다 없다 이다 않다 보다 대하다 위하다 통하다
관계자 당국 기자 이날 오전 오후 지난해 올해 현재 당시 이번 최근 가운데 기준 경우 결과 정도 이상 이하 관련 대해 지난 오늘 전날 앞서
""".split()
)


class Weights:
    """IDF weights over a set of documents (here: each article's claim-sentence words), and unit vectors."""

    def __init__(self, documents: Iterable[Sequence[str]], smoothing: int = SMOOTHING):
        df: dict[str, int] = {}
        n = 0
        for words in documents:
            n += 1
            for w in set(words):
                df[w] = df.get(w, 0) + 1
        self._weigh(df, n, smoothing)

    @classmethod
    def from_counts(cls, df: dict[str, int], n: int, smoothing: int = SMOOTHING) -> Weights:
        """Weights from document frequencies already counted: `df` word -> documents holding it, `n` documents."""
        weights = cls.__new__(cls)
        weights._weigh(df, n, smoothing)
        return weights

    def _weigh(self, df: dict[str, int], n: int, smoothing: int) -> None:
        self.n = n
        total = n + smoothing
        self._idf = {w: math.log(total / (c + 1)) * (REPORTING_WEIGHT if w in REPORTING else 1.0) for w, c in df.items()}
        self._default = math.log(total)

    def idf(self, word: str) -> float:
        """The weight of one word; a word never seen counts as the rarest."""
        return self._idf.get(word, self._default)

    def vector(self, words: Sequence[str]) -> dict[str, float]:
        """A unit-length IDF vector of a word list (binary term weights)."""
        vec = {w: self.idf(w) for w in sorted(set(words))}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        if norm == 0:
            return {}
        return {w: v / norm for w, v in vec.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[w] for w, v in a.items() if w in b)


def shared(a: dict[str, float], b: dict[str, float], limit: int = 8) -> list[str]:
    """The words both vectors hold, the ones that tie them most first."""
    common = [(a[w] * b[w], w) for w in a if w in b]
    common.sort(key=lambda t: (-t[0], t[1]))
    return [w for _, w in common[:limit]]
