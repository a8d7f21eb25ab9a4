"""What each headless command reports: frames for `entities`, `claims` and `compare`, lines for `check`.

The frames are written by `corpus.export` in the format asked for; `human` frames are what a terminal
table shows (the full frame goes to CSV, JSON and Parquet).
"""

from __future__ import annotations

import polars as pl

from .cleaning import safe_label
from .formatting import format_value
from .loader import Corpus
from .pipeline import Result


def check_lines(corpus: Corpus) -> list[str]:
    """One line per file: loaded, repaired or skipped, and why; then the problems of manifests."""
    out = []
    for row in corpus.articles.iter_rows(named=True):
        status = "repaired" if row["repaired"] else "loaded"
        date = row["date"].isoformat() if row["date"] else "-"
        if row["time"]:
            date += " " + row["time"]
        if row["date_from"] == "manifest":
            date += " (manifest)"
        title = safe_label(row["title"], 120) + (" (manifest)" if row["title_from"] == "manifest" else "")
        fields = [status, safe_label(row["path"], 200), row["encoding"], f"title={title}", f"date={date}",
                  f"publisher={safe_label(row['publisher'] or '-', 60)}"]
        out.append("  ".join(fields))
    for row in corpus.problems.iter_rows(named=True):
        out.append(f"skipped  {safe_label(row['path'], 200)}  {safe_label(row['reason'], 200)}")
    return out


def _articles(result: Result) -> pl.DataFrame:
    return result.corpus.articles.select(pl.col("id").alias("article_id"), pl.col("title").alias("article"),
                                         pl.col("date").alias("article_date"), pl.col("path"))


def _values(frame: pl.DataFrame) -> pl.Series:
    return pl.Series("value", [format_value(v, m, u, b) for v, m, u, b in
                               zip(frame["value"], frame["value_max"], frame["unit"], frame["bound"])], dtype=pl.String)


def entities(result: Result) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every entity with its aliases and counts."""
    frame = result.analysis.entities
    human = frame.select("kind", "name", pl.col("aliases").list.join(", ").alias("aliases"), "mentions", "articles")
    return frame, human


def claims(result: Result) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every claim with its article."""
    frame = result.analysis.claims.join(_articles(result), on="article_id", how="left")
    human = frame.select(_values(frame), "text", "kind", "subject", "time_ref", "article", "article_date")
    return frame, human


def compare(result: Result) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Group members (one row per claim in a group) and the arithmetic checks, each with its article."""
    articles = _articles(result)
    claims = result.analysis.claims.join(articles, on="article_id", how="left")
    members = result.groups.explode("claim_ids").rename({"claim_ids": "claim_id"}).join(
        claims.select("claim_id", "article_id", "article", "article_date", "path", "text", "value", "value_max", "unit",
                      "bound", "sentence"), on="claim_id", how="left")
    checks = result.checks.join(articles, on="article_id", how="left")
    return members.with_columns(pl.lit("group").alias("record")), checks.with_columns(pl.lit("check").alias("record"))


def compare_text(members: pl.DataFrame, checks: pl.DataFrame) -> str:
    """Groups and checks as a person reads them in a terminal."""
    out: list[str] = []
    if members.height == 0:
        out.append("No claims about the same thing in more than one place.\n")
    for (_gid,), rows in members.group_by("group_id", maintain_order=True):
        first = rows.row(0, named=True)
        out.append(f"[{first['verdict'].upper()}] {safe_label(first['label'], 120)}\n    {safe_label(first['reason'], 300)}\n")
        for r in rows.iter_rows(named=True):
            date = r["article_date"].isoformat() if r["article_date"] else "undated"
            value = format_value(r["value"], r["value_max"], r["unit"], r["bound"])
            out.append(f"    • {safe_label(r['text'], 40):<14} {value:<18} {date}  {safe_label(r['article'], 60)}\n")
        out.append("\n")
    if checks.height:
        out.append("Arithmetic checks\n")
        for r in checks.iter_rows(named=True):
            mark = "PASS" if r["passed"] else "FAIL"
            out.append(f"  [{mark}] {r['kind']:<10} {safe_label(r['computation'], 200)}\n"
                       f"            in {safe_label(r['article'], 70)}\n")
    return "".join(out)


def search(result: Result, query: str, kwic: bool = False) -> tuple[pl.DataFrame, pl.DataFrame, list[str], str | None]:
    """The articles a query matches (or, with `kwic`, every hit in its context), the notes the search made,
    and what is wrong with the query if it is malformed."""
    from . import search as searching

    index = searching.build(result)
    found = index.search(query)
    if found.error:
        return pl.DataFrame(), pl.DataFrame(), [], found.error
    arts = result.corpus.articles.select("id", "path", "date", "title", "publisher")
    if kwic:
        order = arts.sort("date", descending=True, nulls_last=True)["id"].to_list()
        lines = searching.concordance(index, found, lambda aid: result.corpus.article(aid)["body"], result.facts, order)
        info = {r["id"]: r for r in arts.iter_rows(named=True)}
        frame = pl.DataFrame({
            "path": [info[x.article_id]["path"] for x in lines], "date": [info[x.article_id]["date"] for x in lines],
            "title": [info[x.article_id]["title"] for x in lines], "start": [x.start for x in lines],
            "end": [x.end for x in lines], "left": [x.left for x in lines], "hit": [x.hit for x in lines],
            "right": [x.right for x in lines],
        }, schema={"path": pl.String, "date": pl.Date, "title": pl.String, "start": pl.Int64, "end": pl.Int64,
                   "left": pl.String, "hit": pl.String, "right": pl.String})
        human = frame.select(pl.col("left").str.slice(-30), "hit", pl.col("right").str.slice(0, 30), "date", "title")
        return frame, human, found.notes, None
    ids = found.ids if found.ids is not None else frozenset(arts["id"].to_list())
    hits = pl.DataFrame({"id": list(found.hits), "hits": list(found.hits.values())}, schema={"id": pl.Int64, "hits": pl.Int64})
    frame = (arts.filter(pl.col("id").is_in(list(ids))).join(hits, on="id", how="left")
             .with_columns(pl.col("hits").fill_null(0)).sort(["date", "hits"], descending=True, nulls_last=True)
             .select("path", "date", "title", "publisher", "hits", pl.col("id").alias("article_id")))
    return frame, frame.select("hits", "date", "title", "publisher"), found.notes, None
