"""Exact-span precision, recall and F1 per kind, and a confusion table of the commonest errors."""

from __future__ import annotations

import collections
from collections.abc import Iterable

KINDS = ("PS", "LC", "OG", "DT", "TI", "QT")
Spans = set[tuple[int, int, str]]


class Score:
    def __init__(self) -> None:
        self.tp: collections.Counter = collections.Counter()
        self.fp: collections.Counter = collections.Counter()
        self.fn: collections.Counter = collections.Counter()
        self.errors: collections.Counter = collections.Counter()

    def add(self, gold: Iterable[tuple[int, int, str]], pred: Iterable[tuple[int, int, str]], text: str = "") -> None:
        gold = {g for g in gold if g[2] in KINDS}
        pred = {p for p in pred if p[2] in KINDS}
        for kind in KINDS:
            g = {x for x in gold if x[2] == kind}
            p = {x for x in pred if x[2] == kind}
            self.tp[kind] += len(g & p)
            self.fp[kind] += len(p - g)
            self.fn[kind] += len(g - p)
        # errors: gold kind (or -) vs predicted kind (or -), with "~" when spans overlap but differ
        for g in gold - pred:
            over = [p for p in pred - gold if p[0] < g[1] and g[0] < p[1]]
            if not over:
                self.errors[(g[2], "-", "missed")] += 1
            for p in over:
                self.errors[(g[2], p[2], "same span" if p[:2] == g[:2] else "boundary")] += 1
        for p in pred - gold:
            if not any(g[0] < p[1] and p[0] < g[1] for g in gold - pred):
                self.errors[("-", p[2], "spurious")] += 1

    def prf(self, kind: str) -> tuple[int, int, float, float, float]:
        if kind == "ALL":
            t, f, n = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        else:
            t, f, n = self.tp[kind], self.fp[kind], self.fn[kind]
        p = t / (t + f) if t + f else 0.0
        r = t / (t + n) if t + n else 0.0
        return t + n, t + f, p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def table(self, title: str) -> str:
        lines = [title, f"{'kind':<6}{'gold':>6}{'pred':>6}{'P':>8}{'R':>8}{'F1':>8}"]
        for kind in KINDS + ("ALL",):
            g, p, pr, rc, f1 = self.prf(kind)
            lines.append(f"{kind:<6}{g:>6}{p:>6}{pr:>8.3f}{rc:>8.3f}{f1:>8.3f}")
        return "\n".join(lines)

    def confusion(self, top: int = 15) -> str:
        lines = [f"{'gold':<6}{'pred':<6}{'error':<11}{'count':>6}"]
        for (g, p, what), n in self.errors.most_common(top):
            lines.append(f"{g:<6}{p:<6}{what:<11}{n:>6}")
        return "\n".join(lines)
