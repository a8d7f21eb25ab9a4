"""The `gisa` command: the reader app by default, headless subcommands for scripts.

    gisa [PATH...]                 open the reader (default corpus when no path is given)
    gisa check PATH...             one line per file: loaded, repaired or skipped, and why
    gisa extract                   mentions for text on stdin, as JSON lines
    gisa entities|claims|compare PATH...   tables, CSV, JSON or Parquet
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from corpus.cleaning import safe_label
from corpus.sources import DEFAULT_MAX_BYTES

SUBCOMMANDS = ("check", "extract", "entities", "claims", "compare", "run")


def _size(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = text.strip().lower().rstrip("b")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders (default: the bundled articles)")
    parser.add_argument("--max-size", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                        help="skip files larger than this (e.g. 8M; default %(default)s bytes)")


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "csv", "json", "parquet"), default=None,
                        help="table on a terminal; csv or json (lines) to stdout; parquet needs -o")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    parser.add_argument("--no-cache", action="store_true", help="analyse again without reading or writing the cache")


def build_parser(command: str | None) -> argparse.ArgumentParser:
    """The argument parser for the app (`command` None) or one subcommand."""
    if command is None or command == "run":
        parser = argparse.ArgumentParser(prog="gisa", description="Keyboard-driven reader for Korean news: "
                                         "entities, numbers and claims compared across articles. "
                                         "Subcommands: check, extract, entities, claims, compare (gisa SUBCOMMAND -h).")
        _common(parser)
        parser.add_argument("--low-bandwidth", action="store_true", help="no animation or smooth scrolling (for SSH)")
        parser.add_argument("--no-cache", action="store_true", help="analyse again without the cache")
        parser.add_argument("--settings", metavar="FILE", help="settings file (default: the user config folder)")
        return parser
    parser = argparse.ArgumentParser(prog=f"gisa {command}")
    if command == "check":
        parser.description = "List every file: loaded, repaired or skipped with the reason. Exit 0 when one loaded."
        _common(parser)
    elif command == "extract":
        parser.description = ("Read plain text or JSON lines {\"id\":..., \"text\":...} on stdin; write one JSON line "
                              "per input with its mentions (start, end, kind, text; value and unit for quantities).")
        parser.add_argument("--jsonl", action="store_true", help="input is JSON lines (detected when the first line is a JSON object)")
    else:
        parser.description = {
            "entities": "People, organisations, places, products and their aliases across the corpus.",
            "claims": "Every quantity as a claim: value, unit, kind, subject, time and sentence.",
            "compare": "Claims grouped across articles with verdicts, and arithmetic checks inside articles.",
        }[command]
        _common(parser)
        _output(parser)
    return parser


def _check(args: argparse.Namespace) -> int:
    from corpus.loader import load_corpus

    corpus = load_corpus(args.paths or None, max_bytes=args.max_size)
    out = sys.stdout
    for row in corpus.articles.iter_rows(named=True):
        status = "repaired" if row["repaired"] else "loaded"
        date = row["date"].isoformat() if row["date"] else "-"
        if row["time"]:
            date += " " + row["time"]
        fields = [status, safe_label(row["path"], 200), row["encoding"], f"title={safe_label(row['title'], 120)}",
                  f"date={date}", f"publisher={safe_label(row['publisher'] or '-', 60)}"]
        out.write("  ".join(fields) + "\n")
    for row in corpus.problems.iter_rows(named=True):
        out.write(f"skipped  {safe_label(row['path'], 200)}  {safe_label(row['reason'], 200)}\n")
    n, p = corpus.articles.height, corpus.problems.height
    sys.stderr.write(f"{n} loaded, {p} with problems\n")
    return 0 if n else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `gisa` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in SUBCOMMANDS else None
    if command:
        argv = argv[1:]
    args = build_parser(command).parse_args(argv)
    try:
        if command == "check":
            return _check(args)
        if command in ("extract", "entities", "claims", "compare"):
            from tui import headless

            return headless.run(command, args)
        from tui.app import run_app

        return run_app(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
