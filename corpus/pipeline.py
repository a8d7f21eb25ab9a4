"""The whole way from paths to an analysed corpus, for the app and the headless commands alike.

    inventory (stat only) ── same as the snapshot's? ── yes ──> the snapshot's tables
                                     │ no
                                     v
    read every file ─> analyse (cache, worker processes) ─> compare ─> store the snapshot ─> its tables

A warm start therefore reads no article file and runs no analysis; what it shows is exactly what a
cold start shows, because both end by opening the same snapshot.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import polars as pl

from . import frames, snapshot
from .analysed import Analysis, empty
from .facts import CLAIM_COLUMNS, MENTION_COLUMNS, Facts, per_article_counts
from .inventory import EarlyInventory, Inventory, take_inventory
from .loader import Corpus
from .preview import DEFAULT_CORPUS
from .reading import CorpusReader
from .sources import DEFAULT_MAX_BYTES, path_text
from .telling import article_labels
from .workers import stop_if


class Changes(NamedTuple):
    """How many article files came, changed or went since a snapshot was made."""

    added: int
    changed: int
    removed: int

    def __str__(self) -> str:
        return " · ".join(f"{n} {what}" for n, what in zip(self, ("added", "changed", "removed")) if n)


@dataclass
class Result:
    """A loaded and analysed corpus."""

    corpus: Corpus
    analysis: Analysis
    groups: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=frames.GROUPS))
    checks: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=frames.CHECKS))
    snapshot: snapshot.Snapshot | None = None  # where tables not held in memory (the words) are read from
    unchanged: bool = False  # opened from a snapshot of files exactly as they are: nothing read or analysed
    changes: Changes | None = None  # the article files added, changed and removed since the snapshot (an update only)

    @property
    def from_snapshot(self) -> bool:
        return self.snapshot is not None

    @cached_property
    def facts(self) -> Facts:
        """What the panes show, computed once (call it where the work may take a while: a worker)."""
        a = self.analysis
        stored = self.snapshot

        def sentences(claim_ids: list[int] | None) -> pl.DataFrame:
            frame = pl.scan_parquet(stored.folder / "claims.parquet", glob=False).select("claim_id", "sentence")
            if claim_ids is not None:
                frame = frame.filter(pl.col("claim_id").is_in(claim_ids))
            return frame.collect()

        return Facts(
            self.corpus.articles, a.mentions, a.entities, a.claims, self.groups, self.checks, sentences if stored is not None else None
        )


def analyse_corpus(
    corpus: Corpus,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    with_comparison: bool = True,
    jobs: int = 0,
) -> Result:
    """Analyse a loaded corpus and (unless told not to) compare its claims."""
    if corpus.articles.height == 0:
        return Result(corpus, empty())
    from .analysis import analyse  # (the analysers: not imported by a warm start)

    analysis = analyse(corpus.articles, use_cache=use_cache, progress=progress, cancelled=cancelled, jobs=jobs)
    if not with_comparison:
        return Result(corpus, analysis)
    stop_if(cancelled)
    from .compare import compare  # (NumPy's 12 MB only when claims are compared, not on a warm start)

    groups, checks = compare(corpus.articles, analysis.mentions, analysis.entities, analysis.claims)
    stop_if(cancelled)
    return Result(corpus, analysis, groups, checks)


def _hand_over(result: Result, reading: CorpusReader | None, shown: list[dict] | None) -> None:
    """The first frame's articles keep their bodies in the corpus (the rest is read from the snapshot); the reading
    that showed them is done."""
    kept = shown if shown is not None else reading.articles if reading is not None else None
    if kept:
        result.corpus.keep_bodies(kept)
    if reading is not None:
        reading.close()


def run(
    paths: Iterable[str] | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
    with_comparison: bool = True,
    jobs: int = 0,
    cancelled: Callable[[], bool] | None = None,
    reading: CorpusReader | None = None,
    on_corpus: Callable[[Corpus], None] | None = None,
    lite: bool = False,
    shown: list[dict] | None = None,
    early: EarlyInventory | None = None,
) -> Result:
    """Load and analyse `paths`: from the snapshot when nothing changed, else by reading and analysing.

    `reading` may have read the first files already (the app's first frame); `shown` are the articles the first
    frame shows, read or kept (`corpus.screenful`), whose bodies stay at hand; `on_corpus` hears of the corpus as soon
    as it is read, before an analysis (not when the snapshot is opened unchanged: the result follows at once); `early`
    is the inventory's digest taken by a child process as the app started (`corpus.inventory.start_early`): when it is the
    snapshot's, the corpus is not walked again."""
    roots = tuple(os.fspath(p) for p in (paths or [DEFAULT_CORPUS]))
    inventory = folder = None
    if use_cache:
        folder = snapshot.folder_for(roots, max_bytes)
        stored = snapshot.Snapshot.open(folder)
        known = early.signature(roots, cancelled) if early is not None else None  # (asked once, snapshot or not)
        inventory = None if stored is not None and stored.matches_signature(known) else take_inventory(roots)
        if stored is not None and (inventory is None or stored.matches(inventory)):
            try:
                result = open_snapshot(stored, roots, max_bytes, lite)
            except Exception:  # damaged: analysed again below, and stored anew
                result = None
            if result is not None:
                result.unchanged = True
                # the snapshot has the rest; nothing is analysed, so the corpus comes with the result, not `on_corpus`
                _hand_over(result, reading, shown)
                return result
            inventory = inventory or take_inventory(roots)  # (to store the snapshot anew)
        elif stored is not None and with_comparison:
            try:
                result = update(stored, inventory, folder, roots, max_bytes, progress, cancelled, jobs, on_corpus, lite)
            except (OSError, pl.exceptions.PolarsError, KeyError, ValueError):  # damaged: read and analyse it all
                result = None
            if result is not None:
                _hand_over(result, reading, shown)  # the update read what changed by itself
                return result
    corpus = (reading or CorpusReader(roots, max_bytes, cache=use_cache)).finish()
    if on_corpus:
        on_corpus(corpus)
    result = analyse_corpus(corpus, use_cache, progress, cancelled, with_comparison, jobs)
    if use_cache and with_comparison and inventory is not None and corpus.articles.height:
        stop_if(cancelled)
        try:
            store(folder, inventory, result)
            opened = open_snapshot(snapshot.Snapshot.open(folder), roots, max_bytes, lite)
            opened.analysis.from_cache, opened.analysis.analysed = result.analysis.from_cache, result.analysis.analysed
            return opened
        except (OSError, UnicodeError):
            pass  # a cache that cannot be written is not an error: the result stands
    return result


def update(
    stored: snapshot.Snapshot,
    inventory: Inventory,
    folder,
    roots: tuple[str, ...],
    max_bytes: int,
    progress,
    cancelled,
    jobs: int,
    on_corpus,
    lite: bool,
) -> Result | None:
    """Bring a snapshot up to date with the files that changed, came or went since it was made: only those are
    read and analysed; every other article's results come from the snapshot, and the corpus-wide steps
    (names, dates, comparison) run again over the whole. None when the manifests changed (read it all then)."""
    files = stored.table("files")
    manifests = {(p, n, t) for p, n, t, role in files.select("path", "size", "mtime_ns", "role").iter_rows() if role == "manifest"}
    if manifests != {(path_text(p), n, t) for p, n, t in inventory.manifests}:
        return None  # a manifest can change any article's date, title or publisher
    before = {(p, n, t) for p, n, t, role in files.select("path", "size", "mtime_ns", "role").iter_rows() if role == "article"}
    same = {path_text(c.path) for c in inventory.candidates if (path_text(c.path), c.size, c.mtime_ns) in before}
    changed = [c for c in inventory.candidates if path_text(c.path) not in same]
    reading = CorpusReader(roots, max_bytes, candidates=changed)
    reading.read()
    kept = stored.table("articles").filter(pl.col("path").is_in(list(same)))
    fresh = reading.finish()  # the changed and new articles, with their bodies
    old_problems = stored.table("problems")
    listed = {path_text(p.path) for p in inventory.problems}
    problems = pl.concat(
        [
            frames.from_rows(frames.PROBLEMS, [{"path": path_text(p.path), "reason": p.reason} for p in inventory.problems]),
            old_problems.filter(pl.col("path").is_in(list(same)) & ~pl.col("path").is_in(list(listed))),  # unchanged files' reasons
            fresh.problems,
        ]
    )
    order = pl.DataFrame(
        {"path": [path_text(c.path) for c in inventory.candidates], "_order": range(len(inventory.candidates))},
        schema={"path": pl.String, "_order": pl.Int64},
    )
    metadata = (
        pl.concat([kept.select(fresh.articles.drop("body").columns), fresh.articles.drop("body")])
        .join(order, on="path", how="left")
        .sort("_order")
        .drop("_order")
    )  # the order a full read gives
    corpus = Corpus(metadata, problems, roots, max_bytes=max_bytes)
    if on_corpus:
        on_corpus(corpus)
    from .analysis import Raw, analyse_raw, assemble_raw

    ids = kept["id"].to_list()
    old = Raw(
        stored.table("mentions").filter(pl.col("article_id").is_in(ids)).select("article_id", *frames.ARTICLE_MENTIONS),
        stored.table("words").filter(pl.col("article_id").is_in(ids)),
        stored.table("raw_claims").filter(pl.col("article_id").is_in(ids)),
        from_cache=len(ids),
    )
    new = analyse_raw(fresh.articles, True, progress, cancelled, jobs, done_before=len(ids), total=metadata.height)
    analysis = assemble_raw(metadata, old.combine(new))
    from .compare import compare

    groups, checks = compare(metadata, analysis.mentions, analysis.entities, analysis.claims)
    result = Result(corpus, analysis, groups, checks)
    store(folder, inventory, result)
    opened = open_snapshot(snapshot.Snapshot.open(folder), roots, max_bytes, lite)
    opened.analysis.from_cache, opened.analysis.analysed = analysis.from_cache, analysis.analysed
    paths_before = {p for p, _, _ in before}
    paths_now = {path_text(c.path) for c in inventory.candidates}
    paths_changed = {path_text(c.path) for c in changed}
    opened.changes = Changes(len(paths_changed - paths_before), len(paths_changed & paths_before), len(paths_before - paths_now))
    return opened


def store(folder, inventory: Inventory, result: Result) -> None:
    """Write a result as the corpus's snapshot: articles without their bodies but with their counts,
    mentions in article order with their kinds as categories, claims in id order."""
    a = result.analysis
    counts = per_article_counts(a.mentions, a.claims).rename({"article_id": "id"})
    articles = (
        result.corpus.articles.drop("body", "n_entities", "n_claims", "label", "label_keep", strict=False)
        .join(counts, on="id", how="left", maintain_order="left")
        .with_columns(pl.col("n_entities").fill_null(0), pl.col("n_claims").fill_null(0))
    )
    from .search import postings_frame  # (the search's modules: imported after a warm start's first full frame)

    # what tells each article apart in the claims pane, kept: a tenth of a second at 10,000 articles, every warm start
    labels = article_labels(articles.select("id", "publisher", "name", "date", "title").iter_rows())
    ids = articles["id"].to_list()
    articles = articles.with_columns(
        pl.Series("label", [labels[i][0] for i in ids], dtype=pl.String),
        pl.Series("label_keep", [labels[i][1] for i in ids], dtype=pl.Int64),
    )
    raw_claims = a.raw_claims if a.raw_claims is not None else pl.DataFrame(schema={"article_id": pl.Int64, **frames.ARTICLE_CLAIMS})
    snapshot.save(
        folder,
        inventory,
        {
            "articles": articles,
            "problems": result.corpus.problems,
            "postings": postings_frame(a.words, articles["id"].to_list()),
            "mentions": a.mentions.with_columns(pl.col("kind").cast(pl.Categorical)),
            "words": a.words,
            "entities": a.entities,
            "claims": a.claims.sort("claim_id"),
            "groups": result.groups,
            "checks": result.checks,
            "raw_claims": raw_claims,
        },
    )


def open_snapshot(stored: snapshot.Snapshot, roots: tuple[str, ...], max_bytes: int, lite: bool = False) -> Result:
    """A Result from a snapshot: article bodies stay in their files until an article is opened; `lite` (the app)
    leaves claims' sentences there too, and every column of a claim that the panes do not show."""
    t = stored.tables(
        {
            "articles": None,
            "problems": None,
            "claims": sorted(set(CLAIM_COLUMNS) | {"kind"}) if lite else None,
            "mentions": list(MENTION_COLUMNS),
            "entities": None,
            "groups": None,
            "checks": None,
        }
    )
    corpus = Corpus(t["articles"], t["problems"], roots, max_bytes=max_bytes)
    analysis = Analysis(t["mentions"], t["entities"], t["claims"], from_cache=corpus.articles.height)
    return Result(corpus, analysis, t["groups"], t["checks"], snapshot=stored)
