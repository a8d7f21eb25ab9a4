"""Headless subcommands for scripts and benchmarks: extract, entities, claims, compare.

stdout carries only data; progress goes to stderr, and only when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import polars as pl

from corpus.atomic import atomic_write
from corpus.cleaning import clean, safe_label

from .plain import table


class Progress:
    """A one-line progress bar on stderr, drawn only for runs longer than a moment."""

    def __init__(self, label: str, total: int | None = None) -> None:
        self.label = label
        self.total = total
        self.started = time.monotonic()
        self.enabled = sys.stderr.isatty()
        self.drawn = False

    def update(self, done: int) -> None:
        if not self.enabled or time.monotonic() - self.started < 0.5:
            return
        width = 30
        if self.total:
            filled = int(width * done / max(self.total, 1))
            bar = "█" * filled + "░" * (width - filled)
            sys.stderr.write(f"\r{self.label} {bar} {done}/{self.total}")
        else:
            sys.stderr.write(f"\r{self.label} {done}")
        sys.stderr.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _extract(args: argparse.Namespace) -> int:
    from corpus.dates import resolve
    from corpus.kiwi import tokenize_many
    from corpus.mentions import find_mentions

    lines = sys.stdin.read().splitlines()
    items: list[tuple[object, str]] = []
    jsonl = args.jsonl or (bool(lines) and lines[0].lstrip().startswith("{"))
    for number, line in enumerate(lines, 1):
        if jsonl:
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                items.append((obj.get("id", number), str(obj.get("text", ""))))
            except (json.JSONDecodeError, AttributeError):
                sys.stderr.write(f"line {number}: not a JSON object, skipped\n")
        else:
            items.append((number, line))
    progress = Progress("extract", len(items))
    out = sys.stdout
    batch = 256
    for first in range(0, len(items), batch):
        chunk = items[first:first + batch]
        cleaned = [clean(t) for _, t in chunk]
        for (ident, _), text, tokens in zip(chunk, cleaned, tokenize_many(cleaned)):
            mentions = []
            for m in find_mentions(text, tokens):
                item = {"start": m.start, "end": m.end, "kind": m.kind, "text": m.text}
                if m.kind == "QT":
                    item["value"] = m.value
                    item["unit"] = m.unit
                elif m.kind == "DT":
                    r = resolve(m.text, None)  # no article date here: only absolute dates resolve
                    item["date"] = r.date.isoformat() if r.date else None
                    item["date_note"] = r.reason
                mentions.append(item)
            out.write(json.dumps({"id": ident, "text": text, "mentions": mentions}, ensure_ascii=False) + "\n")
        progress.update(min(first + batch, len(items)))
    progress.close()
    return 0


def write_text(text: str, output: str) -> int:
    """Write text to `output` atomically."""
    atomic_write(os.path.abspath(output), lambda fh: fh.write(text.encode("utf-8")))
    return 0


def write_json_lines(rows: list[dict], output: str | None) -> int:
    """One JSON object a line, to stdout or atomically to `output`."""
    text = "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
    if output is None:
        sys.stdout.write(text)
        return 0
    return write_text(text, output)


def write_frame(frame: pl.DataFrame, fmt: str | None, output: str | None, human: pl.DataFrame | None = None) -> int:
    """Write `frame` as a table, CSV, JSON lines or Parquet, to stdout or atomically to a file."""
    fmt = fmt or ("table" if output is None and sys.stdout.isatty() else "csv" if output is None else
                  {".parquet": "parquet", ".json": "json", ".jsonl": "json", ".csv": "csv"}.get(os.path.splitext(output)[1], "csv"))
    if fmt == "parquet" and not output:
        sys.stderr.write("parquet needs -o FILE\n")
        return 2
    flat = frame.with_columns(
        [pl.col(c).list.eval(pl.element().cast(pl.String)).list.join("; ") for c, t in frame.schema.items() if isinstance(t, pl.List)]
    )
    if fmt == "table":
        shown = human if human is not None else flat
        rows = [[safe_label("" if v is None else str(v), 200) for v in row] for row in shown.iter_rows()]
        text = table(shown.columns, rows, [40] * len(shown.columns)) + "\n"
    elif fmt == "csv":
        text = flat.write_csv()
    elif fmt == "json":
        return write_json_lines(frame.to_dicts(), output)
    else:
        text = None
    if output is None:
        sys.stdout.write(text)
        return 0
    if fmt != "parquet":
        return write_text(text, output)
    atomic_write(os.path.abspath(output), frame.write_parquet)
    return 0


def run(command: str, args: argparse.Namespace) -> int:
    """Run one headless subcommand."""
    if command == "extract":
        return _extract(args)
    from . import reports

    return reports.run(command, args)
