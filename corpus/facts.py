"""What the panes show, computed once per analysis and ready to display.

The view layer asks questions ("the highlights of article 3", "the entities it mentions", "the claims of
these articles in date order", "is claim 17 in a conflict?") and gets plain rows or ids back; it never
filters a frame or decides a verdict. Per-article answers are slices of frames kept in article order
(found by run lengths, no scan per cursor move); rows are built when asked for, so ten thousand
articles cost what their compact columns cost; corpus-wide facts (conflicting claims, counts per
article, entity rows, groups) are computed here once.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from .kinds import NAME_KINDS
from .telling import Reading, article_labels, tell_apart


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
    sentence_start: int
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


CLAIM_COLUMNS = ("claim_id", "article_id", "start", "end", "text", "value", "value_max", "unit", "bound", "subject", "sentence_start")
MENTION_COLUMNS = ("article_id", "start", "end", "kind", "entity_id")
CLAIM_ORDERS = ("subject", "value", "article", "date")


def runs(ids: pl.Series) -> dict[int, tuple[int, int]]:
    """(first row, end row) of each id in a column where each id's rows are together."""
    if ids.len() == 0:
        return {}
    rle = ids.rle().struct.unnest()
    lengths = rle["len"].to_list()
    out: dict[int, tuple[int, int]] = {}
    start = 0
    for value, n in zip(rle["value"].to_list(), lengths):
        out[value] = (start, start + n)
        start += n
    return out


def per_article_counts(mentions: pl.DataFrame, claims: pl.DataFrame) -> pl.DataFrame:
    """Distinct entities and claims per article (`article_id`, `n_entities`, `n_claims`)."""
    named = (
        mentions.filter(pl.col("entity_id").is_not_null())
        .group_by("article_id")
        .agg(pl.col("entity_id").n_unique().cast(pl.Int64).alias("n_entities"))
    )
    counted = claims.group_by("article_id").agg(pl.len().cast(pl.Int64).alias("n_claims"))
    return named.join(counted, on="article_id", how="full", coalesce=True).fill_null(0)


class Facts:
    """Everything the panes display about an analysed corpus.

    Mentions come sorted by article and start, claims by claim id (which follows article and start),
    as `corpus.analysis.assemble` and the snapshot give them."""

    def __init__(
        self,
        articles: pl.DataFrame,
        mentions: pl.DataFrame,
        entities: pl.DataFrame,
        claims: pl.DataFrame,
        groups: pl.DataFrame,
        checks: pl.DataFrame,
        sentences=None,
    ) -> None:
        """`sentences(claim_ids)` gives claims' sentences when `claims` holds none (a snapshot keeps them on disk)."""
        ids = articles["id"].to_list()
        self._dates: dict[int, dt.date | None] = dict(zip(ids, articles["date"].to_list()))
        self._titles: dict[int, str] = dict(zip(ids, articles["title"].to_list()))
        # where an article comes from: its publisher, else its file name
        publishers, names = articles["publisher"].to_list(), articles["name"].to_list()
        self._sources: dict[int, str] = {aid: p or n for aid, p, n in zip(ids, publishers, names)}
        # what tells it apart beside its date in the claims pane (`corpus.telling`); a snapshot keeps them
        if "label" in articles.columns:
            self._labels = dict(zip(ids, zip(articles["label"].to_list(), articles["label_keep"].to_list())))
        else:
            self._labels = article_labels(zip(ids, publishers, names, self._dates.values(), self._titles.values()))
        self._readings: dict[tuple[int, str], dict[int, Reading]] = {}
        self._same_text: dict[int, dict[str, list[tuple]]] = {}  # article id -> wording -> its claims (start, id, end, …)

        self._mentions = mentions.select(MENTION_COLUMNS)
        self._mention_rows = runs(self._mentions["article_id"])

        self.groups: list[GroupRow] = [
            GroupRow(*r[:4], tuple(r[4])) for r in groups.select("group_id", "label", "verdict", "reason", "claim_ids").iter_rows()
        ]
        self.group_of: dict[int, int] = {cid: g.group_id for g in self.groups for cid in g.claim_ids}
        self._group = {g.group_id: g for g in self.groups}
        self.conflicting: frozenset[int] = frozenset(cid for g in self.groups if g.verdict == "conflict" for cid in g.claim_ids)
        self.verdict_counts: dict[str, int] = dict(collections.Counter(g.verdict for g in self.groups))
        # what tied each group's sentences, rarest word first, and how strongly (the claims pane's headings):
        # kept in Polars and read per heading drawn (Python tuples of every group's words cost megabytes at 10k)
        self._evidence_frame = groups.select("group_id", "label", "evidence", "score")
        self._evidence_row = {gid: i for i, gid in enumerate(self._evidence_frame["group_id"].to_list())}

        self._claims = claims.select(CLAIM_COLUMNS)
        self._sentences = claims.select("claim_id", "sentence") if "sentence" in claims.columns else None
        self._sentence_loader = sentences
        self._claim_rows = runs(self._claims["article_id"])
        claim_ids = self._claims["claim_id"]
        in_order = claim_ids.len() == 0 or (claim_ids[0] == 0 and claim_ids[-1] == claim_ids.len() - 1)
        self._claim_index = None if in_order else {cid: i for i, cid in enumerate(claim_ids.to_list())}

        self._entities: dict[int, EntityRow] = {}
        by_kind: dict[str, list[EntityRow]] = {k: [] for k in NAME_KINDS}
        for r in (
            entities.sort(["mentions", "name"], descending=[True, False])
            .select("entity_id", "kind", "name", "aliases", "mentions", "articles")
            .iter_rows()
        ):
            row = EntityRow(r[0], r[1], r[2], tuple(r[3]), r[4], r[5])
            self._entities[row.entity_id] = row
            by_kind.setdefault(row.kind, []).append(row)
        self.entities_by_kind: dict[str, list[EntityRow]] = by_kind
        # articles per entity, read when a filter asks (as Python ints they were the largest part of the facts)
        self._entity_articles = entities["article_ids"]
        self._entity_row = {eid: i for i, eid in enumerate(entities["entity_id"].to_list())}

        if "n_entities" in articles.columns:
            counted = articles.select(pl.col("id").alias("article_id"), "n_entities", "n_claims")
        else:
            counted = per_article_counts(mentions, claims)
        known = {aid: (e, c) for aid, e, c in counted.iter_rows()}
        self.counts: dict[int, tuple[int, int]] = {aid: known.get(aid, (0, 0)) for aid in ids}

        self._checks: dict[int, list[CheckRow]] = collections.defaultdict(list)
        for r in checks.select("check_id", "article_id", "kind", "computation", "passed").iter_rows():
            self._checks[r[1]].append(CheckRow(*r))

    # --- articles ------------------------------------------------------------------------------------
    def _mention_part(self, article_id: int) -> pl.DataFrame:
        lo, hi = self._mention_rows.get(article_id, (0, 0))
        return self._mentions.slice(lo, hi - lo)

    def mention_count(self, article_id: int) -> int:
        """How many mentions one article has (without building them)."""
        lo, hi = self._mention_rows.get(article_id, (0, 0))
        return hi - lo

    def highlights(self, article_id: int) -> list[Highlight]:
        """Every mention of one article, in order."""
        part = self._mention_part(article_id)
        return [Highlight(s, e, k) for s, e, k in zip(part["start"].to_list(), part["end"].to_list(), part["kind"].to_list())]

    def conflict_spans(self, article_id: int) -> list[tuple[int, int]]:
        """The spans of the article's claims that belong to a conflict."""
        lo, hi = self._claim_rows.get(article_id, (0, 0))
        part = self._claims.slice(lo, hi - lo)
        return [
            (s, e)
            for cid, s, e in zip(part["claim_id"].to_list(), part["start"].to_list(), part["end"].to_list())
            if cid in self.conflicting
        ]

    def mention_spans(self, article_id: int) -> list[tuple[int, int, int | None]]:
        """(start, end, entity id) of every mention of one article."""
        part = self._mention_part(article_id)
        return list(zip(part["start"].to_list(), part["end"].to_list(), part["entity_id"].to_list()))

    def claim_spans(self, article_id: int) -> list[tuple[int, int, float | None]]:
        """(start, end, value) of every claim of one article."""
        lo, hi = self._claim_rows.get(article_id, (0, 0))
        part = self._claims.slice(lo, hi - lo)
        return list(zip(part["start"].to_list(), part["end"].to_list(), part["value"].to_list()))

    def checks(self, article_id: int) -> list[CheckRow]:
        return self._checks.get(article_id, [])

    # --- entities ------------------------------------------------------------------------------------
    def entity(self, entity_id: int) -> EntityRow:
        return self._entities[entity_id]

    def entity_articles(self, entity_id: int) -> frozenset[int]:
        """The articles that mention an entity."""
        row = self._entity_row.get(entity_id)
        values = self._entity_articles[row] if row is not None else None
        return frozenset(values.to_list()) if values is not None else frozenset()

    def entities_in(self, article_id: int) -> dict[int, int]:
        """Entity id -> mentions in one article."""
        return dict(collections.Counter(self._mention_part(article_id)["entity_id"].drop_nulls().to_list()))

    def first_mention(self, article_id: int, entity_id: int) -> tuple[int, int] | None:
        """The first span in an article that mentions an entity."""
        part = self._mention_part(article_id)
        for s, e, eid in zip(part["start"].to_list(), part["end"].to_list(), part["entity_id"].to_list()):
            if eid == entity_id:
                return s, e
        return None

    # --- claims --------------------------------------------------------------------------------------
    def claim(self, claim_id: int) -> ClaimRow:
        row = self._claims.row(claim_id if self._claim_index is None else self._claim_index[claim_id])
        aid = row[1]
        return ClaimRow(*row, self._titles.get(aid, ""), self._dates.get(aid), self.group_of.get(claim_id), claim_id in self.conflicting)

    def sentence(self, claim_id: int) -> str:
        """The sentence a claim was found in."""
        return self.sentences([claim_id]).get(claim_id, "")

    def sentences(self, claim_ids: list[int] | None = None) -> dict[int, str]:
        """Claim id -> sentence, for these claims (all for None)."""
        if self._sentences is None and self._sentence_loader is not None:
            if claim_ids is None:
                self._sentences = self._sentence_loader(None)  # all of them, kept (a text filter over every claim)
            else:
                return dict(self._sentence_loader(claim_ids).iter_rows())
        if self._sentences is None:
            return {}
        frame = self._sentences if claim_ids is None else self._sentences.filter(pl.col("claim_id").is_in(claim_ids))
        return dict(frame.iter_rows())

    def claim_ids(self, article_ids: Iterable[int] | None = None, text: str = "", order: str = "article") -> list[int]:
        """The ids of the claims of these articles (all for None) that contain `text` in their subject,
        wording or sentence, in `order` (one of CLAIM_ORDERS)."""
        frame = self._claims
        if article_ids is not None:
            parts = [frame.slice(lo, hi - lo) for lo, hi in (self._claim_rows.get(a, (0, 0)) for a in article_ids) if hi > lo]
            frame = pl.concat(parts) if parts else frame.clear()
        if text:
            needle = text.lower()
            if self._sentences is None:
                self.sentences(None)
            if self._sentences is not None:
                frame = frame.join(self._sentences, on="claim_id", how="left", maintain_order="left")
            columns = [c for c in ("subject", "text", "sentence") if c in frame.columns]
            frame = frame.filter(
                pl.any_horizontal(pl.col(c).fill_null("").str.to_lowercase().str.contains(needle, literal=True) for c in columns)
            )
        if order == "subject":
            frame = frame.sort(pl.col("subject").fill_null("~"), "article_id", "start")
        elif order == "value":
            frame = frame.sort(pl.col("unit").fill_null(""), pl.col("value").fill_null(0.0))
        elif order == "date":
            dates = pl.DataFrame(
                {"article_id": list(self._dates), "date": list(self._dates.values())}, schema={"article_id": pl.Int64, "date": pl.Date}
            )
            frame = frame.join(dates, on="article_id", how="left", maintain_order="left").sort(
                pl.col("date").cast(pl.String).fill_null(""), "article_id", "start"
            )
        else:
            frame = frame.sort("article_id", "start", maintain_order=True) if article_ids is not None else frame
        return frame["claim_id"].to_list()

    def group(self, group_id: int) -> GroupRow:
        return self._group[group_id]

    def evidence(self, group_id: int) -> tuple[tuple[str, ...], float]:
        """The words that tied a group's sentences (rarest first) and their similarity score (0..1)."""
        row = self._evidence_row.get(group_id)
        if row is None:
            return (), 0.0
        _, _, words, score = self._evidence_frame.row(row)
        return tuple(words or ()), score or 0.0

    def groups_matching(self, needle: str) -> frozenset[int]:
        """The groups whose label or tying words hold `needle` (lower case): the claims pane's filter, in one
        pass over the groups rather than a lookup per group per keystroke."""

        def holds(column: pl.Expr) -> pl.Expr:
            return column.str.to_lowercase().str.contains(needle, literal=True)

        found = self._evidence_frame.filter(holds(pl.col("label")) | pl.col("evidence").list.eval(holds(pl.element())).list.any())
        return frozenset(found["group_id"].to_list())

    def source(self, article_id: int) -> str:
        """Where an article comes from: its publisher, else its file name."""
        return self._sources.get(article_id, "")

    def label(self, article_id: int) -> tuple[str, int]:
        """An article in a narrow column: its source (publisher, else file name) and title, and how many characters
        of that tell it apart beside its date (`corpus.telling.article_labels`)."""
        return self._labels.get(article_id, ("", 0))

    def reading(self, claim_id: int) -> Reading | None:
        """How a claim reads beside the claims of its article with the same wording (`corpus.telling`): its wording
        with the words of its sentence that tell it apart; None when no other claim of its article has its wording."""
        c = self.claim(claim_id)
        by_text = self._same_text.get(c.article_id)
        if by_text is None:  # the article's claims grouped by wording, once per article (a Polars filter per row cost ms)
            lo, hi = self._claim_rows.get(c.article_id, (0, 0))
            part = self._claims.slice(lo, hi - lo)
            by_text = {}
            columns = (part[name].to_list() for name in ("start", "claim_id", "end", "sentence_start", "text"))
            for start, cid, end, at, text in zip(*columns):
                by_text.setdefault(text, []).append((start, cid, end, at))
            if len(self._same_text) >= 256:
                self._same_text.clear()
            self._same_text[c.article_id] = by_text
        same = by_text.get(c.text, ())
        if len(same) < 2:
            return None
        key = (c.article_id, c.text)
        readings = self._readings.get(key)
        if readings is None:
            same = sorted(same)
            ids = [cid for _, cid, _, _ in same]
            sentences = self.sentences(ids)
            items = []
            for start, cid, end, at in same:
                sentence = sentences.get(cid) or ""
                a, b = start - (at or 0), end - (at or 0)
                items.append((sentence, a, b) if 0 <= a <= b <= len(sentence) else (c.text, 0, len(c.text)))
            readings = dict(zip(ids, tell_apart(items)))
            if len(self._readings) >= 4096:
                self._readings.clear()
            self._readings[key] = readings
        return readings.get(claim_id)
