"""What each headless command reports: frames for `entities`, `claims` and `compare`, lines for `check`.

The frames are written by `corpus.export` in the format asked for; `human` frames are what a terminal
table shows (the full frame goes to CSV, JSON and Parquet). The app's export of a pane calls the same
functions with the ids the pane shows, so it writes what the headless command would for those records.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from . import frames
from .cleaning import safe_label
from .formatting import format_value
from .loader import Corpus
from .pipeline import Result
from .records import check_records, claim_records, compare_records, group_records, relative_path
from .table import table, wrap


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
        fields = [
            status,
            safe_label(row["path"], 200),
            row["encoding"],
            f"title={title}",
            f"date={date}",
            f"publisher={safe_label(row['publisher'] or '-', 60)}",
        ]
        out.append("  ".join(fields))
    for row in corpus.problems.iter_rows(named=True):
        out.append(f"skipped  {safe_label(row['path'], 200)}  {safe_label(row['reason'], 200)}")
    return out


# How each command's terminal table gives way in a narrow terminal: (columns cut last, columns left out).
TABLE_HINTS = {
    "claims": (("value", "date", "article_id"), ("subject", "time_ref", "title")),
    "entities": (("name", "mentions", "articles"), ("aliases",)),
    "search": (("hits", "date"), ("publisher",), ("left",)),  # (a concordance's left context keeps its end)
}


def full_claims(result: Result) -> pl.DataFrame:
    """Every column of every claim: the app keeps only what its panes show (`lite`) and the rest is
    read from the corpus's snapshot here."""
    claims = result.analysis.claims
    if set(frames.CLAIMS) <= set(claims.columns) or result.snapshot is None:
        return claims
    return result.snapshot.table("claims")


def _values(frame: pl.DataFrame) -> pl.Series:
    return pl.Series(
        "value",
        [format_value(v, m, u, b) for v, m, u, b in zip(frame["value"], frame["value_max"], frame["unit"], frame["bound"])],
        dtype=pl.String,
    )


def entities(result: Result, entity_ids: Sequence[int] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every entity with its aliases and counts (or the entities `entity_ids` names, in that order)."""
    frame = result.analysis.entities
    if entity_ids is not None:
        order = pl.DataFrame({"entity_id": list(entity_ids)}, schema={"entity_id": pl.Int64})
        frame = order.join(frame, on="entity_id", how="inner", maintain_order="left").select(frame.columns)
    human = frame.select("kind", "name", pl.col("aliases").list.join(", ").alias("aliases"), "mentions", "articles")
    return frame, human


def claims(result: Result, claim_ids: Sequence[int] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every claim with its article, in id order (or the claims `claim_ids` names, in that order)."""
    frame = claim_records(result.corpus.articles, full_claims(result), result.corpus.roots, claim_ids)
    human = frame.select(_values(frame), "text", "subject", "time_ref", pl.col("article_date").alias("date"), "path", "article_id", "title")
    return frame, human


def compare(result: Result, group_ids: Sequence[int] | None = None, with_checks: bool = True) -> pl.DataFrame:
    """Group members (one record per claim in a group) and the arithmetic checks, each naming its article
    by path and id (`corpus.records.COMPARE_RECORDS`); `group_ids` narrows the groups."""
    corpus = result.corpus
    members = group_records(corpus.articles, full_claims(result), result.groups, corpus.roots, group_ids)
    checks = check_records(corpus.articles, result.checks if with_checks else result.checks.clear(), corpus.roots)
    return compare_records(members, checks)


def articles(
    corpus, article_ids: Sequence[int], counts: dict[int, tuple[int, int]] | None = None, hits: dict[int, int] | None = None
) -> pl.DataFrame:
    """The articles `article_ids` names, in that order, as the list shows them (with each one's entity and
    claim counts, and its hits while a search is on)."""
    order = pl.DataFrame({"article_id": list(article_ids)}, schema={"article_id": pl.Int64})
    info = corpus.articles.select(pl.col("id").alias("article_id"), "path", "title", "publisher", "date", "time")
    frame = order.join(info, on="article_id", how="inner", maintain_order="left")
    frame = frame.with_columns(pl.Series("path", [relative_path(p, corpus.roots) for p in frame["path"].to_list()], dtype=pl.String))
    if counts is not None:
        known = [counts.get(a) for a in frame["article_id"].to_list()]
        frame = frame.with_columns(
            pl.Series("entities", [k[0] if k else None for k in known], dtype=pl.Int64),
            pl.Series("claims", [k[1] if k else None for k in known], dtype=pl.Int64),
        )
    if hits is not None:
        frame = frame.with_columns(pl.Series("hits", [hits.get(a, 0) for a in frame["article_id"].to_list()], dtype=pl.Int64))
    return frame


def compare_text(records: pl.DataFrame, width: int | None = None) -> str:
    """Groups and checks as a person reads them in a terminal: each group's verdict, label, reason and
    the words that tied it, then its members as a table lined up by display width (each naming its file
    and article id); `width` is the terminal's (None: as wide as the lines are)."""
    members = records.filter(pl.col("record") == "group")
    checks = records.filter(pl.col("record") == "check")
    inner = None if width is None else max(width - 4, 20)
    out: list[str] = []

    def line(text: str, indent: int = 0) -> str:
        if width is None:
            return " " * indent + text + "\n"
        return "".join(" " * indent + part + "\n" for part in wrap(text, max(width - indent, 10)))

    if members.height == 0:
        out.append("No claims about the same thing in more than one place.\n")
    for (_gid,), rows in members.group_by("group_id", maintain_order=True):
        first = rows.row(0, named=True)
        out.append(line(f"[{first['verdict'].upper()}] {safe_label(first['label'], 120)}"))
        out.append(line(safe_label(first["reason"], 300), 4))
        evidence = ", ".join(safe_label(w, 40) for w in first["evidence"] or [])
        out.append(line(f"tied by {evidence or 'nothing'} · score {first['score']:.2f}", 4))
        cells = [
            [
                safe_label(r["text"] or "", 60),
                format_value(r["value"], r["value_max"], r["unit"], None),
                r["article_date"].isoformat() if r["article_date"] else "undated",
                safe_label(r["path"] or "", 200),
                str(r["article_id"]),
                safe_label(r["title"] or "", 200),
            ]
            for r in rows.iter_rows(named=True)
        ]
        grid = table(
            ["Wording", "Value", "Date", "Path", "Article id", "Title"],
            cells,
            width=inner,
            keep=("Value", "Date", "Article id"),
            optional=("Title",),
        )
        out.extend("    " + row + "\n" for row in grid.split("\n"))
        out.append("\n")
    if checks.height:
        out.append("Arithmetic checks\n")
        for r in checks.iter_rows(named=True):
            mark = "PASS" if r["passed"] else "FAIL"
            out.append(line(f"  [{mark}] {r['kind']:<10} {safe_label(r['computation'], 200)}"))
            out.append(line(f"in {safe_label(r['path'] or '', 200)} (article {r['article_id']}) · {safe_label(r['title'] or '', 70)}", 12))
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
        frame = pl.DataFrame(
            {
                "path": [info[x.article_id]["path"] for x in lines],
                "date": [info[x.article_id]["date"] for x in lines],
                "title": [info[x.article_id]["title"] for x in lines],
                "start": [x.start for x in lines],
                "end": [x.end for x in lines],
                "left": [x.left for x in lines],
                "hit": [x.hit for x in lines],
                "right": [x.right for x in lines],
                "where": ["title" if x.title else "body" for x in lines],
            },
            schema={
                "path": pl.String,
                "date": pl.Date,
                "title": pl.String,
                "start": pl.Int64,
                "end": pl.Int64,
                "left": pl.String,
                "hit": pl.String,
                "right": pl.String,
                "where": pl.String,  # title (start and end count in the title) or body
            },
        )
        human = frame.select(pl.col("left").str.slice(-30), "hit", pl.col("right").str.slice(0, 30), "where", "date", "title")
        return frame, human, found.notes, None
    ids = found.ids if found.ids is not None else frozenset(arts["id"].to_list())
    found = searching.counted(index, found, lambda aid: result.corpus.article(aid)["body"], result.facts)  # (as --kwic lists them)
    hits = pl.DataFrame({"id": list(found.hits), "hits": list(found.hits.values())}, schema={"id": pl.Int64, "hits": pl.Int64})
    frame = (
        arts.filter(pl.col("id").is_in(list(ids)))
        .join(hits, on="id", how="left")
        .with_columns(pl.col("hits").fill_null(0))
        .sort(["date", "hits"], descending=True, nulls_last=True)
        .select("path", "date", "title", "publisher", "hits", pl.col("id").alias("article_id"))
    )
    return frame, frame.select("hits", "date", "title", "publisher"), found.notes, None
