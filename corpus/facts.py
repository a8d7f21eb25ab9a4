"""What the panes show, computed once per analysis and ready to display.

The view layer asks questions ("the highlights of article 3", "the entities it mentions", "the claims of
these articles", "is claim 17 in a conflict?") and gets plain rows back; it never filters a frame or
decides a verdict. Per-article answers come from slices of frames sorted by article (no scan of the
corpus per cursor move); corpus-wide facts (conflicting claims, counts per article, entity rows, groups)
are computed here once.
"""

from __future__ import annotations

import collections
import datetime as dt
from dataclasses import dataclass
from typing import Iterable

import polars as pl

from .kinds import NAME_KINDS


@dataclass(frozen=True, slots=True)
class Highlight:
    """A styled span of an article's body."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity as the sidebar lists it."""

    entity_id: int
    kind: str
    name: str
    aliases: tuple[str, ...]
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim as the claims pane lists it."""

    claim_id: int
    article_id: int
    start: int
    end: int
    text: str
    value: float | None
    value_max: float | None
    unit: str | None
    bound: str | None
    subject: str | None
    sentence: str
    article_title: str
    article_date: dt.date | None
    group_id: int | None
    conflict: bool


@dataclass(frozen=True, slots=True)
class GroupRow:
    """Claims compared across articles, with their verdict."""

    group_id: int
    label: str
    verdict: str
    reason: str
    claim_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CheckRow:
    """An arithmetic check inside one article."""

    check_id: int
    article_id: int
    kind: str
    computation: str
    passed: bool


_CLAIM_COLUMNS = ("claim_id", "article_id", "start", "end", "text", "value", "value_max", "unit", "bound", "subject",
                  "sentence")


def _spans(sorted_ids: pl.Series) -> dict[int, tuple[int, int]]:
    """(first row, end row) of each id in a column sorted by id."""
    if sorted_ids.len() == 0:
        return {}
    runs = (pl.DataFrame({"id": sorted_ids}).with_row_index("row")
            .group_by("id", maintain_order=True).agg(pl.col("row").min().alias("lo"), pl.len().alias("n")))
    return {i: (lo, lo + n) for i, lo, n in runs.iter_rows()}


class Facts:
    """Everything the panes display about an analysed corpus."""

    def __init__(self, articles: pl.DataFrame, mentions: pl.DataFrame, entities: pl.DataFrame, claims: pl.DataFrame,
                 groups: pl.DataFrame, checks: pl.DataFrame) -> None:
        self._dates: dict[int, dt.date | None] = dict(zip(articles["id"].to_list(), articles["date"].to_list()))
        self._titles: dict[int, str] = dict(zip(articles["id"].to_list(), articles["title"].to_list()))

        self._mentions = mentions.select("article_id", "start", "end", "kind", "entity_id").sort("article_id", "start")
        self._mention_rows = _spans(self._mentions["article_id"])

        self.groups: list[GroupRow] = [
            GroupRow(r["group_id"], r["label"], r["verdict"], r["reason"], tuple(r["claim_ids"]))
            for r in groups.select("group_id", "label", "verdict", "reason", "claim_ids").iter_rows(named=True)
        ]
        self.group_of: dict[int, int] = {cid: g.group_id for g in self.groups for cid in g.claim_ids}
        self._group = {g.group_id: g for g in self.groups}
        self.conflicting: frozenset[int] = frozenset(cid for g in self.groups if g.verdict == "conflict" for cid in g.claim_ids)
        self.verdict_counts: dict[str, int] = dict(collections.Counter(g.verdict for g in self.groups))

        self._claims = claims.select(_CLAIM_COLUMNS).sort("claim_id")
        self._claim_rows = _spans(self._claims.sort("article_id", "start", maintain_order=True)["article_id"])
        self._claims_by_article = self._claims.sort("article_id", "start", maintain_order=True)
        self._claim_index = {cid: i for i, cid in enumerate(self._claims["claim_id"].to_list())}

        self._entities: dict[int, EntityRow] = {}
        by_kind: dict[str, list[EntityRow]] = {k: [] for k in NAME_KINDS}
        for r in entities.select("entity_id", "kind", "name", "aliases", "mentions", "articles").iter_rows():
            row = EntityRow(r[0], r[1], r[2], tuple(r[3]), r[4], r[5])
            self._entities[row.entity_id] = row
            by_kind.setdefault(row.kind, []).append(row)
        for rows in by_kind.values():
            rows.sort(key=lambda e: (-e.mentions, e.name))
        self.entities_by_kind: dict[str, list[EntityRow]] = by_kind
        self._entity_articles = {eid: frozenset(ids) for eid, ids in zip(entities["entity_id"].to_list(),
                                                                        entities["article_ids"].to_list())}

        named = mentions.filter(pl.col("entity_id").is_not_null())
        n_entities = dict(named.group_by("article_id").agg(pl.col("entity_id").n_unique()).iter_rows())
        n_claims = dict(claims.group_by("article_id").len().iter_rows())
        self.counts: dict[int, tuple[int, int]] = {aid: (n_entities.get(aid, 0), n_claims.get(aid, 0)) for aid in self._dates}

        self._checks: dict[int, list[CheckRow]] = collections.defaultdict(list)
        for r in checks.select("check_id", "article_id", "kind", "computation", "passed").iter_rows():
            self._checks[r[1]].append(CheckRow(*r))

    # --- articles ------------------------------------------------------------------------------------
    def highlights(self, article_id: int) -> list[Highlight]:
        """Every mention of one article, in order."""
        lo, hi = self._mention_rows.get(article_id, (0, 0))
        part = self._mentions.slice(lo, hi - lo)
        return [Highlight(s, e, k) for s, e, k in zip(part["start"].to_list(), part["end"].to_list(), part["kind"].to_list())]

    def conflict_spans(self, article_id: int) -> list[tuple[int, int]]:
        """The spans of the article's claims that belong to a conflict."""
        return [(c.start, c.end) for c in self.claims_of([article_id]) if c.conflict]

    def checks(self, article_id: int) -> list[CheckRow]:
        return self._checks.get(article_id, [])

    # --- entities ------------------------------------------------------------------------------------
    def entity(self, entity_id: int) -> EntityRow:
        return self._entities[entity_id]

    def entity_articles(self, entity_id: int) -> frozenset[int]:
        """The articles that mention an entity."""
        return self._entity_articles.get(entity_id, frozenset())

    def entities_in(self, article_id: int) -> dict[int, int]:
        """Entity id -> mentions in one article."""
        lo, hi = self._mention_rows.get(article_id, (0, 0))
        ids = self._mentions["entity_id"].slice(lo, hi - lo).drop_nulls().to_list()
        return dict(collections.Counter(ids))

    def first_mention(self, article_id: int, entity_id: int) -> tuple[int, int] | None:
        """The first span in an article that mentions an entity."""
        lo, hi = self._mention_rows.get(article_id, (0, 0))
        part = self._mentions.slice(lo, hi - lo)
        for s, e, eid in zip(part["start"].to_list(), part["end"].to_list(), part["entity_id"].to_list()):
            if eid == entity_id:
                return s, e
        return None

    # --- claims --------------------------------------------------------------------------------------
    def claim(self, claim_id: int) -> ClaimRow:
        return self._row(self._claims.row(self._claim_index[claim_id]))

    def claims_of(self, article_ids: Iterable[int] | None) -> list[ClaimRow]:
        """The claims of these articles (all claims for None), article by article, in text order."""
        if article_ids is None:
            return [self._row(r) for r in self._claims_by_article.iter_rows()]
        parts = []
        for aid in article_ids:
            lo, hi = self._claim_rows.get(aid, (0, 0))
            if hi > lo:
                parts.append(self._claims_by_article.slice(lo, hi - lo))
        if not parts:
            return []
        return [self._row(r) for part in parts for r in part.iter_rows()]

    def group(self, group_id: int) -> GroupRow:
        return self._group[group_id]

    def _row(self, r: tuple) -> ClaimRow:
        cid = r[0]
        aid = r[1]
        return ClaimRow(*r, self._titles.get(aid, ""), self._dates.get(aid), self.group_of.get(cid), cid in self.conflicting)
