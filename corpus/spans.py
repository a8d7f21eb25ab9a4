"""Overlap questions about sets of character spans, answered in logarithmic time.

Scanning text keeps asking "does [a, b) overlap anything taken so far?" and "is offset p inside one
of these spans?". Comparing each new span with every earlier one is quadratic: 120,000 amounts on one
7 MB line ran for more than 15 minutes. These structures give the same answers as those loops
(`any(s < b and a < e for s, e in spans)`, `any(s <= p < e for s, e in spans)`), empty spans included,
in O(log n) a question:

* `Taken`: spans added one by one, asked in any order (a max-Fenwick tree over start offsets);
* `Spans`: a fixed set, sorted once, with the running maximum of their ends;
* `Coverage`: how many of a fixed set of spans hold an offset.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

__all__ = ["Coverage", "Spans", "Taken"]


class Taken:
    """Spans taken so far, within offsets 0..size-1; `overlaps(a, b)` is true when some taken (s, e) has
    s < b and a < e. Adding and asking both cost O(log size)."""

    __slots__ = ("_size", "_tree", "_outside")

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._size = max(1, size)
        self._tree = [-1] * (self._size + 1)  # 1-based; node i holds the largest end of the starts it covers
        self._outside: list[tuple[int, int]] = []  # spans starting outside 0..size-1 (never in practice)
        for s, e in spans:
            self.add(s, e)

    def add(self, s: int, e: int) -> None:
        """Take the span [s, e)."""
        if not 0 <= s < self._size:
            self._outside.append((s, e))
            return
        tree, n = self._tree, self._size
        i = s + 1
        while i <= n:
            if tree[i] < e:
                tree[i] = e
            i += i & -i

    def overlaps(self, a: int, b: int) -> bool:
        """Whether [a, b) overlaps a taken span: the largest end among the starts before b is past a."""
        if self._outside and any(s < b and a < e for s, e in self._outside):
            return True
        tree = self._tree
        i = min(b, self._size)
        while i > 0:
            if tree[i] > a:
                return True
            i &= i - 1
        return False


class Spans:
    """A fixed set of spans; `overlaps(a, b)` as `Taken`'s, `overlapping(a, b)` lists them in start order."""

    __slots__ = ("spans", "_starts", "_reach")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self._starts = [s for s, _ in self.spans]
        reach, best = [], -1 << 62
        for _, e in self.spans:
            best = e if e > best else best
            reach.append(best)
        self._reach = reach  # the largest end among spans[0..i]

    def __len__(self) -> int:
        return len(self.spans)

    def overlaps(self, a: int, b: int) -> bool:
        j = bisect_left(self._starts, b)
        return j > 0 and self._reach[j - 1] > a

    def overlapping_indices(self, a: int, b: int) -> list[int]:
        """Indices (ascending) of the spans with s < b and a < e; costs O(log n) plus those it walks past."""
        out = []
        j = bisect_left(self._starts, b) - 1
        reach, spans = self._reach, self.spans
        while j >= 0 and reach[j] > a:
            if spans[j][1] > a:
                out.append(j)
            j -= 1
        out.reverse()
        return out


class Coverage:
    """How many spans of a fixed set hold an offset: `count(p)` = #{(s, e): s <= p < e}, in O(log n)."""

    __slots__ = ("_at", "_count")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        events: dict[int, int] = {}
        for s, e in spans:
            if s < e:
                events[s] = events.get(s, 0) + 1
                events[e] = events.get(e, 0) - 1
        self._at = sorted(events)
        running, counts = 0, []
        for p in self._at:
            running += events[p]
            counts.append(running)
        self._count = counts  # spans holding every offset from _at[i] up to _at[i + 1]

    def count(self, p: int) -> int:
        i = bisect_right(self._at, p) - 1
        return self._count[i] if i >= 0 else 0
