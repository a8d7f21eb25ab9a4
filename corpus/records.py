"""Flat records for exports: one row per claim, per member of a comparison group, per arithmetic check.

Every record names its article by path (relative to the folder the user gave) and stable id, so JSON,
CSV, Parquet and the terminal table can be joined back to the files and to each other. The frames have
explicit schemas (`CLAIM_RECORDS`, `corpus.frames.GROUP_RECORDS`, `corpus.frames.CHECK_RECORDS` and
their union `COMPARE_RECORDS`); the writers in the app and the headless commands only choose a format,
so the app's export of a view and `gisa claims`/`gisa compare` write the same bytes for the same records.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import polars as pl

from . import frames


def relative_path(path: str, roots: Sequence[str]) -> str:
    """`path` relative to the root (folder or file the user named) that holds it.

    With one root the path is relative to it (``sub/a.txt``); with several, it starts with the name of
    the root that holds it (``news/sub/a.txt``) so files of the same name stay apart. A root that is a
    file gives its file name; a path under no root is returned as given.
    """
    if not path:
        return ""
    target = os.path.abspath(path)
    for root in roots:
        base = os.path.abspath(os.fspath(root))
        if target == base:
            return os.path.basename(target)
        if target.startswith(base.rstrip(os.sep) + os.sep):
            rel = os.path.relpath(target, base)
            if len(roots) > 1:
                rel = os.path.join(os.path.basename(base.rstrip(os.sep)) or base, rel)
            return rel
    return path


# A claim with its article: the claim's own columns after the article's.
CLAIM_RECORDS = pl.Schema(
    {
        "claim_id": pl.Int64,
        "article_id": pl.Int64,
        "path": pl.String,
        "title": pl.String,
        "publisher": pl.String,
        "article_date": pl.Date,
        **{name: dtype for name, dtype in frames.CLAIMS.items() if name not in ("claim_id", "article_id")},
    }
)

# What `gisa compare` writes: group members and checks in one table, told apart by `record` ("group" or
# "check"); a column that one kind of record does not have is empty in it.
COMPARE_RECORDS = pl.Schema(
    {
        "record": pl.String,
        **frames.GROUP_RECORDS,
        **{name: dtype for name, dtype in frames.CHECK_RECORDS.items() if name not in frames.GROUP_RECORDS},
    }
)


def _article_columns(articles: pl.DataFrame, roots: Sequence[str]) -> pl.DataFrame:
    paths = [relative_path(p, roots) for p in articles["path"].to_list()]
    return pl.DataFrame(
        {
            "article_id": articles["id"],
            "path": pl.Series(paths, dtype=pl.String),
            "title": articles["title"],
            "publisher": articles["publisher"],
            "article_date": articles["date"],
        }
    )


def group_records(
    articles: pl.DataFrame, claims: pl.DataFrame, groups: pl.DataFrame, roots: Sequence[str] = (), group_ids: Sequence[int] | None = None
) -> pl.DataFrame:
    """One row per claim of every group (or of the groups `group_ids` names), in group order then member
    order (`frames.GROUP_RECORDS`)."""
    if group_ids is not None:
        groups = groups.filter(pl.col("group_id").is_in(list(group_ids)))
    if groups.height == 0:
        return pl.DataFrame(schema=frames.GROUP_RECORDS)
    members = (
        groups.select("group_id", "verdict", "reason", "label", "evidence", "score", "claim_ids", pl.col("holder").alias("group_holder"))
        .with_columns(pl.int_ranges(pl.col("claim_ids").list.len()).alias("member"))
        .explode("claim_ids", "member")
        .rename({"claim_ids": "claim_id"})
    )
    joined = (
        members.join(
            claims.select(
                "claim_id",
                "article_id",
                "value",
                "value_max",
                "unit",
                "text",
                "sentence",
                "holder",
                "holder_from",
                "measure",
                "scope",
                pl.col("time_ref").alias("time"),
                "time_date",
            ),
            on="claim_id",
            how="left",
        )
        .join(_article_columns(articles, roots), on="article_id", how="left")
        .sort("group_id", "member")
    )
    # a member whose clause names no holder was compared as its article's main name: say so
    fallback = (pl.col("holder") == "") & (pl.col("group_holder") != "")
    joined = joined.with_columns(
        pl.when(fallback).then(pl.col("group_holder")).otherwise(pl.col("holder")).alias("holder"),
        pl.when(fallback).then(pl.lit("article")).otherwise(pl.col("holder_from")).alias("holder_from"),
    )
    return joined.select(list(frames.GROUP_RECORDS)).cast(dict(frames.GROUP_RECORDS))


def check_records(articles: pl.DataFrame, checks: pl.DataFrame, roots: Sequence[str] = ()) -> pl.DataFrame:
    """One row per arithmetic check, with its article's path and title (`frames.CHECK_RECORDS`)."""
    if checks.height == 0:
        return pl.DataFrame(schema=frames.CHECK_RECORDS)
    joined = checks.join(_article_columns(articles, roots).select("article_id", "path", "title"), on="article_id", how="left").sort(
        "check_id"
    )
    return joined.select(list(frames.CHECK_RECORDS)).cast(dict(frames.CHECK_RECORDS))


def claim_records(
    articles: pl.DataFrame, claims: pl.DataFrame, roots: Sequence[str] = (), claim_ids: Sequence[int] | None = None
) -> pl.DataFrame:
    """One row per claim with its article (`CLAIM_RECORDS`): all claims in id order, or the claims
    `claim_ids` names, in that order."""
    if claim_ids is not None:
        order = pl.DataFrame({"claim_id": list(claim_ids)}, schema={"claim_id": pl.Int64})
        claims = order.join(claims, on="claim_id", how="inner", maintain_order="left")
    else:
        claims = claims.sort("claim_id")
    if claims.height == 0:
        return pl.DataFrame(schema=CLAIM_RECORDS)
    joined = claims.join(_article_columns(articles, roots), on="article_id", how="left", maintain_order="left")
    return joined.select(list(CLAIM_RECORDS)).cast(dict(CLAIM_RECORDS))


def compare_records(members: pl.DataFrame, checks: pl.DataFrame) -> pl.DataFrame:
    """Group member records then check records as one frame (`COMPARE_RECORDS`)."""

    def widen(frame: pl.DataFrame, record: str) -> pl.DataFrame:
        return frame.select(
            pl.lit(record).alias("record"),
            *(
                pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype=dtype).alias(name)
                for name, dtype in COMPARE_RECORDS.items()
                if name != "record"
            ),
        )

    out = pl.concat([widen(members, "group"), widen(checks, "check")], how="vertical")
    return out.cast(dict(COMPARE_RECORDS))


def records(
    articles: pl.DataFrame, claims: pl.DataFrame, groups: pl.DataFrame, checks: pl.DataFrame, roots: Sequence[str] = ()
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The group member records and the check records an export writes (JSON and CSV alike)."""
    return group_records(articles, claims, groups, roots), check_records(articles, checks, roots)
