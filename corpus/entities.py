"""Entities: mentions of one real-world thing clustered under one canonical name with its aliases.

Mentions join when their names match after removing spaces (오픈 AI / 오픈AI), when an alias table
says so (built-in `aliases.txt` plus the user's own), when one is written in brackets after the other
(샘 알트먼(Sam Altman)), when a single name is part of exactly one longer person name (알트먼 in
샘 알트먼, 기시다 in 기시다 후미오), and when two foreign person names differ by one jamo
(알트먼 / 올트먼). A country acting as an organisation (북한은 …) stays the same entity as the place.
"""

from __future__ import annotations

import collections
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir

from .cleaning import clean
from .kinds import NAME_KINDS
from .lexicon import COUNTRIES, KOREAN_SURNAMES

BUILTIN_ALIASES = Path(__file__).with_name("aliases.txt")


@dataclass(frozen=True)
class AliasEntry:
    """One line of an alias file."""

    kind: str
    name: str
    aliases: tuple[str, ...]


def user_alias_file() -> Path:
    """Where a user's own aliases live (XDG_CONFIG_HOME on Linux, via platformdirs)."""
    return Path(user_config_dir("gisa", appauthor=False)) / "aliases.txt"


def read_aliases(paths: Iterable[Path] | None = None) -> list[AliasEntry]:
    """Alias entries from the built-in file and the user's (later files win)."""
    entries: list[AliasEntry] = []
    for path in paths if paths is not None else (BUILTIN_ALIASES, user_alias_file()):
        try:
            lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in (line.split("|") if "|" in line else line.split("\t"))]
            parts = [clean(p) for p in parts if p]  # a user's file is cleaned like any text that reaches the screen
            if len(parts) >= 2 and parts[0].upper() in NAME_KINDS:
                entries.append(AliasEntry(parts[0].upper(), parts[1], tuple(parts[2:])))
            elif len(parts) >= 2:
                entries.append(AliasEntry("", parts[0], tuple(parts[1:])))
    return entries


def key(name: str) -> str:
    """The comparison form of a name: NFC, no spaces or dots, case-folded."""
    return unicodedata.normalize("NFC", name).replace(" ", "").replace("·", "").replace(".", "").casefold()


def _jamo(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    for i in range(len(b)):
        if b[:i] + b[i + 1 :] == a:
            return True
    return False


def _korean_name(s: str) -> bool:
    return len(s) in (2, 3) and s[0] in KOREAN_SURNAMES and all("가" <= c <= "힣" for c in s)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


@dataclass
class Cluster:
    """An entity: its id, kind, canonical name and the surfaces it was written as."""

    entity_id: int
    kind: str
    name: str
    aliases: list[str]


def cluster(
    names: Sequence[tuple[str, str]], paren_pairs: Sequence[tuple[str, str]] = (), alias_entries: Sequence[AliasEntry] | None = None
) -> tuple[dict[tuple[str, str], int], list[Cluster]]:
    """Cluster (kind, surface) names into entities.

    Returns a map from each (kind, surface) to an entity id, and the entities.
    `paren_pairs` are (surface, surface) pairs seen as `A(B)` in text.
    """
    entries = read_aliases() if alias_entries is None else list(alias_entries)
    uf = _UnionFind()
    counts = collections.Counter(names)
    kinds_of: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    surfaces_of: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for (kind, surface), n in counts.items():
        k = key(surface)
        uf.find(k)
        kinds_of[k][kind] += n
        surfaces_of[k][surface] += n
    canonical: dict[str, str] = {}
    for entry in entries:
        root = "alias:" + key(entry.name)
        uf.find(root)
        canonical[root] = entry.name
        for alias in (entry.name, *entry.aliases):
            k = key(alias)
            if k in kinds_of:
                uf.union(root, k)
    for a, b in paren_pairs:
        uf.union(key(a), key(b))
    person_keys = [k for k, c in kinds_of.items() if c.most_common(1)[0][0] == "PS"]
    surface_of = {k: surfaces_of[k].most_common(1)[0][0] for k in kinds_of}
    multi = [k for k in person_keys if " " in surface_of[k]]
    for k in person_keys:
        surface = surface_of[k]
        if " " in surface:
            continue
        holders = {uf.find(m) for m in multi if surface in surface_of[m].split(" ")}
        if len(surface) < 2 and len(holders) != 1:
            continue
        if len(holders) == 1:
            uf.union(holders.pop(), k)
    foreign = [
        k
        for k in person_keys
        if not _korean_name(surface_of[k]) and len(surface_of[k].replace(" ", "")) >= 3 and not surface_of[k].isascii()
    ]
    jamo = {k: _jamo(k) for k in foreign}
    for i, a in enumerate(foreign):
        for b in foreign[i + 1 :]:
            if len(a) == len(b) and _one_edit(jamo[a], jamo[b]):
                uf.union(a, b)

    groups: dict[str, list[str]] = collections.defaultdict(list)
    for k in kinds_of:
        groups[uf.find(k)].append(k)
    alias_root_of = {}
    for root in canonical:
        alias_root_of[uf.find(root)] = root
    mapping: dict[tuple[str, str], int] = {}
    clusters: list[Cluster] = []
    ordered = sorted(groups.items(), key=lambda kv: -sum(sum(kinds_of[k].values()) for k in kv[1]))
    for entity_id, (root, members) in enumerate(ordered):
        kind_count: collections.Counter = collections.Counter()
        surf: collections.Counter = collections.Counter()
        for k in members:
            kind_count.update(kinds_of[k])
            surf.update(surfaces_of[k])
        kind = kind_count.most_common(1)[0][0]
        if kind == "OG" and any(key(s) in {key(c) for c in COUNTRIES} for s in surf):
            kind = "LC"
        if root in alias_root_of:
            name = canonical[alias_root_of[root]]
        elif kind == "PS":
            name = max(surf, key=lambda s: (" " in s and not s.isascii(), surf[s], len(s)))
        else:
            name = max(surf, key=lambda s: (surf[s], not s.isascii(), len(s)))
        aliases = sorted(surf, key=lambda s: (-surf[s], s))
        clusters.append(Cluster(entity_id, kind, name, aliases))
        for k in members:
            for s in surfaces_of[k]:
                for kd in kinds_of[k]:
                    mapping[(kd, s)] = entity_id
    return mapping, clusters
