"""Name lists for the tagger: forms with their kinds, matched at word and morpheme starts.

The shipped list (`gazetteer.tsv`, built by `training/build_lists.py`) has one form a line:
`form<TAB>source<TAB>kinds<TAB>fine`, where source is `k` (entity forms seen in KLUE-NER's training set, their
fine labels folded to the six kinds, X for the rest) or `g` (place and country names from open
geographic data), kinds is a comma list, commonest first, and fine the commonest fine label.
"""

from __future__ import annotations

from pathlib import Path

MAX_LEN = 16


class Gazetteer:
    """Forms of two or more characters, each with its source and kinds."""

    def __init__(self, entries: dict[str, list[tuple[str, str, str]]] | None = None) -> None:
        self.entries: dict[str, list[tuple[str, str, str]]] = entries or {}
        self.max_len = min(MAX_LEN, max((len(f) for f in self.entries), default=0))

    @classmethod
    def read(cls, path: Path) -> "Gazetteer":
        entries: dict[str, list[tuple[str, str, str]]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            form, source, kinds, fine = line.split("\t")
            entries.setdefault(form, []).append((source, kinds, fine))
        return cls(entries)

    def match(self, text: str, starts: list[int]) -> tuple[list[list[str]], list[tuple[int, int, str]]]:
        """Features per character: for every listed form starting at one of `starts`, `g<source>=<kind>:<B|I|E|S>`;
        and the longest matches as (start, end, source:kind)."""
        feats: list[list[str]] = [[] for _ in text]
        found: list[tuple[int, int, str]] = []
        n = len(text)
        get = self.entries.get
        for a in starts:
            longest = 0
            for length in range(min(self.max_len, n - a), 1, -1):
                hits = get(text[a:a + length])
                if not hits:
                    continue
                # the longest match in full; shorter ones only mark where they begin
                for source, kinds, fine in hits:
                    first = kinds.split(",")[0]
                    if not longest:
                        found.append((a, a + length, source + ":" + first))
                        feats[a].append(f"g{source}fine={fine}")
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
