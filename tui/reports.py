"""The entities, claims and compare subcommands: frames from the pipeline, written as tables or files."""

from __future__ import annotations

import argparse
import sys

import polars as pl

from corpus.pipeline import run as run_pipeline

from .headless import Progress, write_frame, write_json_lines


def _value(value: float | None, value_max: float | None, unit: str | None) -> str:
    def fmt(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}"

    if value is None:
        return ""
    text = fmt(value) + (f"–{fmt(value_max)}" if value_max is not None else "")
    return f"{text} {unit or ''}".strip()


def run(command: str, args: argparse.Namespace) -> int:
    """Run entities, claims or compare."""
    progress = Progress(f"gisa {command}")
    result = run_pipeline(args.paths or None, args.max_size, use_cache=not args.no_cache,
                          progress=lambda done, total: (setattr(progress, "total", total), progress.update(done)),
                          with_comparison=command == "compare")
    progress.close()
    for row in result.corpus.problems.iter_rows(named=True):
        sys.stderr.write(f"skipped {row['path']}: {row['reason']}\n")
    articles = result.corpus.articles.select(
        pl.col("id").alias("article_id"), pl.col("title").alias("article"), pl.col("date").alias("article_date"),
        pl.col("path"))
    a = result.analysis
    if command == "entities":
        frame = a.entities
        human = frame.select("kind", "name", pl.col("aliases").list.join(", ").alias("aliases"), "mentions", "articles")
    elif command == "claims":
        frame = a.claims.join(articles, on="article_id", how="left")
        human = frame.select(
            pl.struct("value", "value_max", "unit").map_elements(lambda s: _value(s["value"], s["value_max"], s["unit"]),
                                                                 return_dtype=pl.String).alias("value"),
            "text", "kind", "subject", "time_ref", "article", "article_date")
    else:
        claims = a.claims.join(articles, on="article_id", how="left")
        exploded = result.groups.explode("claim_ids").rename({"claim_ids": "claim_id"}).join(
            claims.select("claim_id", "article_id", "article", "article_date", "text", "value", "value_max", "unit",
                          "sentence"), on="claim_id", how="left")
        checks = result.checks.join(articles.select("article_id", "article"), on="article_id", how="left")
        groups = exploded.with_columns(pl.lit("group").alias("record"))
        if args.format == "json" or (args.output or "").endswith((".json", ".jsonl")):
            rows = groups.select("record", "group_id", "label", "verdict", "reason", "claim_id", "article",
                                 "article_date", "text").to_dicts()
            return write_json_lines(rows + [dict(record="check", **r) for r in checks.to_dicts()], args.output)
        if args.format in ("csv", "parquet") or args.output:
            return write_frame(groups, args.format, args.output)
        _print_compare(exploded, checks)
        return 0
    return write_frame(frame, args.format, args.output, human)


def _print_compare(exploded: pl.DataFrame, checks: pl.DataFrame) -> None:
    from corpus.cleaning import safe_label

    out = sys.stdout
    if exploded.height == 0:
        out.write("No claims about the same thing in more than one place.\n")
    for (gid,), rows in exploded.group_by("group_id", maintain_order=True):
        first = rows.row(0, named=True)
        out.write(f"[{first['verdict'].upper()}] {safe_label(first['label'], 120)}\n    {safe_label(first['reason'], 300)}\n")
        for r in rows.iter_rows(named=True):
            date = r["article_date"].isoformat() if r["article_date"] else "undated"
            out.write(f"    • {safe_label(r['text'], 40):<14} {_value(r['value'], r['value_max'], r['unit']):<18} "
                      f"{date}  {safe_label(r['article'], 60)}\n")
        out.write("\n")
    if checks.height:
        out.write("Arithmetic checks\n")
        for r in checks.iter_rows(named=True):
            mark = "PASS" if r["passed"] else "FAIL"
            out.write(f"  [{mark}] {r['kind']:<10} {safe_label(r['computation'], 200)}\n            in {safe_label(r['article'], 70)}\n")
