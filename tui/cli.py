"""The `gisa` command: the reader app by default, headless subcommands for scripts.

    gisa [PATH...]                 open the reader (default corpus when no path is given)
    gisa check PATH...             one line per file: loaded, repaired or skipped, and why
    gisa extract                   mentions for text on stdin, as JSON lines
    gisa entities|claims|compare PATH...   tables, CSV, JSON or Parquet
    gisa serve [PATH...]           the reader in a web browser (http://127.0.0.1:8000 by default)

This module parses arguments and dispatches; what a command reports is built in `corpus.reports` and
written by `corpus.export`. stdout carries only data; progress goes to stderr, and only to a terminal.
Headless commands never import Textual.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Sequence

from corpus.sources import DEFAULT_MAX_BYTES

SUBCOMMANDS = ("check", "extract", "entities", "claims", "compare", "run", "serve")


class Progress:
    """A one-line progress bar on stderr, drawn only on a terminal and only for runs longer than a moment."""

    def __init__(self, label: str, total: int | None = None) -> None:
        from corpus.workers import Rate

        self.label = label
        self.total = total
        self.started = time.monotonic()
        self.enabled = sys.stderr.isatty()
        self.drawn = False
        self.rate = Rate()

    def update(self, done: int, total: int | None = None) -> None:
        self.total = total if total is not None else self.total
        rate, left = self.rate(done, self.total or done)
        if not self.enabled or time.monotonic() - self.started < 0.5:
            return
        speed = f" {rate:.0f}/s" if rate else ""
        eta = f" {int(left) // 60}:{int(left) % 60:02d} left" if left is not None else ""
        if self.total:
            filled = int(30 * done / max(self.total, 1))
            sys.stderr.write(f"\r{self.label} {'█' * filled}{'░' * (30 - filled)} {done}/{self.total}{speed}{eta}\x1b[K")
        else:
            sys.stderr.write(f"\r{self.label} {done}")
        sys.stderr.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _size(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = text.strip().lower().rstrip("b")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def _jobs(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _common(parser: argparse.ArgumentParser, analyses: bool = True) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders (default: the bundled articles)")
    parser.add_argument("--max-size", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                        help="skip files larger than this (e.g. 8M; default %(default)s bytes)")
    if analyses:
        parser.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                            help="analysis processes, each with its own Kiwi (default: one per core)")


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
                                         "Subcommands: check, extract, entities, claims, compare, serve (gisa SUBCOMMAND -h).")
        _common(parser)
        parser.add_argument("--low-bandwidth", action="store_true", help="no animation or smooth scrolling (for SSH)")
        parser.add_argument("--no-cache", action="store_true", help="analyse again without the cache")
        parser.add_argument("--settings", metavar="FILE", help="settings file (default: the user config folder)")
        return parser
    parser = argparse.ArgumentParser(prog=f"gisa {command}")
    if command == "serve":
        parser.description = ("Serve the reader to web browsers: each page opened runs its own Gisa on PATH... "
                              "Listens on this machine only, unless --host says otherwise.")
        _common(parser)
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s; "
                            "any other address lets other machines in, with a warning)")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on (default %(default)s)")
        parser.add_argument("--low-bandwidth", action="store_true", help="no animation or smooth scrolling")
        parser.add_argument("--no-cache", action="store_true", help="analyse again without the cache")
        parser.add_argument("--settings", metavar="FILE", help="settings file (default: the user config folder)")
        return parser
    if command == "check":
        parser.description = "List every file: loaded, repaired or skipped with the reason. Exit 0 when one loaded."
        _common(parser, analyses=False)
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
    from corpus.reports import check_lines

    corpus = load_corpus(args.paths or None, max_bytes=args.max_size)
    sys.stdout.write("".join(line + "\n" for line in check_lines(corpus)))
    sys.stderr.write(f"{corpus.articles.height} loaded, {corpus.problems.height} with problems\n")
    return 0 if corpus.articles.height else 1


def _extract(args: argparse.Namespace) -> int:
    from corpus.analysis import extract
    from corpus.export import json_lines

    lines = sys.stdin.read().splitlines()
    items: list[tuple[object, str]] = []
    jsonl = args.jsonl or (bool(lines) and lines[0].lstrip().startswith("{"))
    for number, line in enumerate(lines, 1):
        if not jsonl:
            items.append((number, line))
        elif line.strip():
            try:
                obj = json.loads(line)
                items.append((obj.get("id", number), str(obj.get("text", ""))))
            except (json.JSONDecodeError, AttributeError):
                sys.stderr.write(f"line {number}: not a JSON object, skipped\n")
    progress = Progress("extract", len(items))
    batch = 256
    for first in range(0, len(items), batch):
        chunk = items[first:first + batch]
        results = extract([text for _, text in chunk])
        sys.stdout.write(json_lines([{"id": ident, "text": text, "mentions": mentions}
                                     for (ident, _), (text, mentions) in zip(chunk, results)]))
        progress.update(min(first + batch, len(items)))
    progress.close()
    return 0


def _report(command: str, args: argparse.Namespace) -> int:
    from corpus import reports
    from corpus.export import json_lines, output_format, write_frame, write_text
    from corpus.pipeline import run

    fmt = output_format(args.format, args.output)
    if fmt == "parquet" and not args.output:
        sys.stderr.write("parquet needs -o FILE\n")
        return 2
    progress = Progress(f"gisa {command}")
    from corpus.workers import default_jobs

    result = run(args.paths or None, args.max_size, use_cache=not args.no_cache, progress=progress.update,
                 with_comparison=command == "compare", jobs=args.jobs or default_jobs())
    progress.close()
    for row in result.corpus.problems.iter_rows(named=True):
        sys.stderr.write(f"skipped {row['path']}: {row['reason']}\n")
    if command in ("entities", "claims"):
        frame, human = reports.entities(result) if command == "entities" else reports.claims(result)
        write_frame(frame, fmt, args.output, human)
    else:
        members, checks = reports.compare(result)
        if fmt == "json":
            rows = members.select("record", "group_id", "label", "verdict", "reason", "claim_id", "article", "path",
                                  "article_date", "text").to_dicts() + checks.to_dicts()
            write_text(json_lines(rows), args.output)
        elif fmt == "table":
            write_text(reports.compare_text(members, checks), args.output)
        else:
            write_frame(members, fmt, args.output)
    return 0


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
        if command == "extract":
            return _extract(args)
        if command in ("entities", "claims", "compare"):
            return _report(command, args)
        if command == "serve":
            from tui.serve import serve

            return serve(args)
        from tui.app import run_app

        return run_app(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
