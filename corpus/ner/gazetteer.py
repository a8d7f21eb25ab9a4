"""Name lists for the tagger: forms with their kinds, matched at word and morpheme starts.

The shipped list (`gazetteer.tsv`, built by `training/build_lists.py`) has one form a line:
`form<TAB>source<TAB>kinds<TAB>fine<TAB>freq`, where source is `k` (entity forms seen in KLUE-NER's training set, their
fine labels folded to the six kinds, X for the rest) or `g` (place and country names from open
geographic data), kinds is a comma list, commonest first, fine the commonest fine label, and freq how often
the form was seen (1, 2, 5, 20 or more) and whether one kind holds 90% of it (p) or not (m).
"""

from __future__ import annotations

from pathlib import Path

from ..kinds import TAGGED_NAMES

MAX_LEN = 16


class Gazetteer:
    """Forms of two or more characters, each with its source and kinds."""

    def __init__(self, entries: dict[str, list[tuple[str, ...]]] | None = None) -> None:
        self.entries: dict[str, list[tuple[str, ...]]] = entries or {}
        self.max_len = min(MAX_LEN, max((len(f) for f in self.entries), default=0))
        self.longest: dict[str, int] = {}  # first character -> length of the longest form it starts
        # names of people, places and organisations (any listed kind among PS LC OG)
        self.names = frozenset(f for f, hits in self.entries.items() if any(k in TAGGED_NAMES for hit in hits for k in hit[1].split(",")))
        for f in self.entries:
            self.longest[f[0]] = min(MAX_LEN, max(self.longest.get(f[0], 0), len(f)))

    _suffixes: dict[str, str] | None = None
    _prefixes: frozenset[str] | None = None

    def prefixes(self) -> frozenset[str]:
        """Every proper prefix of a listed form: a scan that has read one that is not can stop."""
        if self._prefixes is None:
            self._prefixes = frozenset(f[:n] for f in self.entries for n in range(1, len(f)))
        return self._prefixes

    def suffixes(self) -> dict[str, str]:
        """Name endings (1 to 3 syllables) that mostly end one kind of listed PS, LC or OG name, with that kind and how
        sure: 위원회 -> OG:9, 시 -> LC:7. Learnt from the list itself (at least 5 forms longer than the ending)."""
        if self._suffixes is None:
            counts: dict[str, dict[str, int]] = {}
            for form, hits in self.entries.items():
                kinds = {k for hit in hits for k in hit[1].split(",")[:1] if k in TAGGED_NAMES}
                if len(kinds) != 1:
                    continue
                kind = kinds.pop()
                for n in (1, 2, 3):
                    if len(form) > n:
                        c = counts.setdefault(form[-n:], {})
                        c[kind] = c.get(kind, 0) + 1
            out = {}
            for suffix, c in counts.items():
                total = sum(c.values())
                kind = max(sorted(c), key=c.__getitem__)
                if total >= 5 and c[kind] / total >= 0.6:
                    out[suffix] = kind + ":" + str(min(9, int(10 * c[kind] / total)))
            self._suffixes = out
        return self._suffixes

    @classmethod
    def read(cls, path: Path) -> Gazetteer:
        entries: dict[str, list[tuple[str, ...]]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            form, source, kinds, fine, freq = line.split("\t")
            entries.setdefault(form, []).append((source, kinds, fine, freq))
        return cls(entries)

    def match(self, text: str, starts: list[int]) -> tuple[list[list[str]], list[tuple[int, int, str]]]:
        """Features per character: for every listed form starting at one of `starts`, `g<source>=<kind>:<B|I|E|S>`;
        and the longest matches as (start, end, source:kind)."""
        feats: list[list[str]] = [[] for _ in text]
        found: list[tuple[int, int, str]] = []
        n = len(text)
        get = self.entries.get
        longest_from = self.longest
        for a in starts:
            longest = 0
            for length in range(min(longest_from.get(text[a], 0), n - a), 1, -1):
                hits = get(text[a : a + length])
                if not hits:
                    continue
                # the longest match in full; shorter ones only mark where they begin
                for source, kinds, fine, *freq in hits:
                    first = kinds.split(",")[0]
                    if not longest:
                        found.append((a, a + length, source + ":" + first))
                        feats[a].append(f"g{source}fine={fine}")
                        if freq:
                            feats[a].append(f"g{source}freq={first}:{freq[0]}")
                        for k in range(a, a + length):
                            pos = "S" if length == 1 else "B" if k == a else "E" if k == a + length - 1 else "I"
                            feats[k].append(f"g{source}={first}:{pos}")
                        feats[a].append(f"g{source}kinds={kinds}")
                        end = a + length
                        after = text[end] if end < n else "$"
                        feats[a].append(f"g{source}end=" + ("sp" if after in " $" else "pu" if not after.isalnum() else "jo"))
                    else:
                        feats[a].append(f"g{source}short={first}")
                longest = longest or length
        return feats, found
