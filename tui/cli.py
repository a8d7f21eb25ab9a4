"""The `gisa` command: the reader app by default, headless subcommands for scripts.

    gisa [PATH...]                 open the reader (default corpus when no path is given)
    gisa check PATH...             one line per file: loaded, repaired or skipped, and why
    gisa extract                   mentions for text on stdin, as JSON lines
    gisa entities|claims|compare PATH...   tables, CSV, JSON or Parquet

This module parses arguments and dispatches; what a command reports is built in `corpus.reports`
(`gisa extract`'s input and batches in `corpus.extracting`), rendered by `corpus.export` and written by
`corpus.output` (which never replaces a file by a failed or empty run, nor an article read). stdout
carries only data; progress goes to stderr, and only to a terminal. Headless commands never import Textual.

Every failure is one clean line on stderr and an exit code:

    0    done
    1    an input or output problem: a missing path, no readable article, bad input lines, output
         that cannot be written
    2    a usage error: unknown command or option, a bad value, the reader without a terminal
    70   a bug: the line says what; `gisa --debug ...` prints the traceback
    130  interrupted (Ctrl+C);  141  the reader of stdout went away (broken pipe)
"""

from __future__ import annotations

import argparse
import difflib
import math
import os
import sys
import time
import traceback
from collections.abc import Sequence
from typing import NoReturn

from corpus.cleaning import safe_label, scrub
from corpus.output import OutputError
from corpus.sources import DEFAULT_MAX_BYTES

SUBCOMMANDS = ("check", "extract", "entities", "claims", "compare", "search", "serve", "run")
EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 1, 2, 70, 130, 141
HEADLESS = "gisa check, extract, entities, claims, compare or search"


class CliError(Exception):
    """A failure the user can act on: its message is one line, `code` the exit code."""

    def __init__(self, message: str, code: int = EXIT_PROBLEM) -> None:
        super().__init__(message)
        self.code = code


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line (and exit code 2) instead of the usage text."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see {self.prog} -h)", EXIT_USAGE)


def say(line: str) -> None:
    """One line on stderr, cleaned of anything a terminal would act on; never raises."""
    try:
        sys.stderr.write(safe_label(line, 2000) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


class Progress:
    """A one-line progress bar on stderr, drawn only on a terminal and only for runs longer than a moment."""

    def __init__(self, label: str, total: int | None = None) -> None:
        self.label = label
        self.total = total
        self.started = time.monotonic()
        self.enabled = sys.stderr.isatty()
        self.drawn = False

    def update(self, done: int, total: int | None = None) -> None:
        self.total = total if total is not None else self.total
        if not self.enabled or time.monotonic() - self.started < 0.5:
            return
        if self.total:
            filled = int(30 * done / max(self.total, 1))
            sys.stderr.write(f"\r{self.label} {'█' * filled}{'░' * (30 - filled)} {done}/{self.total}")
        else:
            sys.stderr.write(f"\r{self.label} {done}")
        sys.stderr.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _size(text: str) -> int:
    """A size such as 8M, 512k or 1000000 (bytes); positive and finite."""
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    raw = text.strip().lower().removesuffix("b")
    try:
        number = float(raw[:-1]) * units[raw[-1]] if raw and raw[-1] in units else float(raw)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 1 or number > 2**50:
        raise argparse.ArgumentTypeError(f"{safe_label(text, 40)!r} is not a size such as 8M, 512k or 100000")
    return int(number)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1 or value > 256:
        raise argparse.ArgumentTypeError(f"{safe_label(text, 20)!r} is not a number of processes (1 or more)")
    return value


def _common(parser: argparse.ArgumentParser, analyses: bool = True) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders (default: the bundled articles)")
    parser.add_argument(
        "--max-size",
        type=_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="skip files larger than this (e.g. 8M; default %(default)s bytes)",
    )
    if analyses:
        parser.add_argument(
            "--jobs", type=_jobs, default=None, metavar="N", help="analysis processes, each with its own Kiwi (default: one per core)"
        )


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json", "parquet"),
        default=None,
        help="table on a terminal; csv or json (lines) to stdout; parquet needs -o",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of stdout (- is stdout): a file is replaced atomically and only "
        "by a run that succeeded; a FIFO or device is written into",
    )
    parser.add_argument("--no-cache", action="store_true", help="analyse again without reading or writing the cache")


def build_parser(command: str | None) -> argparse.ArgumentParser:
    """The argument parser for the app (`command` None) or one subcommand."""
    epilog = "exit codes: 0 done, 1 input or output problem, 2 usage error, 70 a bug (--debug shows the traceback)"
    if command is None or command == "run":
        parser = Parser(
            prog="gisa",
            epilog=epilog,
            description="Keyboard-driven reader for Korean news: entities, numbers and claims compared "
            "across articles. Subcommands: check, extract, entities, claims, compare, search, serve "
            "(gisa SUBCOMMAND -h). --debug before any command shows tracebacks.",
        )
        _common(parser)
        parser.add_argument(
            "--low-bandwidth", action="store_true", help="no animation or smooth scrolling (for SSH); for this run only, never saved"
        )
        parser.add_argument("--no-cache", action="store_true", help="analyse again without the cache")
        parser.add_argument("--settings", metavar="FILE", help="settings file (default: the user config folder)")
        return parser
    parser = Parser(prog=f"gisa {command}", epilog=epilog)
    if command == "serve":
        parser.description = (
            "Serve the reader to web browsers: each page opened runs its own Gisa on PATH... "
            "Listens on this machine only, unless --host says otherwise."
        )
        _common(parser)
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help="address to listen on (default %(default)s; any other address lets other machines in, with a warning)",
        )
        parser.add_argument("--port", type=int, default=8000, help="port to listen on (default %(default)s)")
        parser.add_argument("--low-bandwidth", action="store_true", help="no animation or smooth scrolling")
        parser.add_argument("--no-cache", action="store_true", help="analyse again without the cache")
        parser.add_argument("--settings", metavar="FILE", help="settings file (default: the user config folder)")
        return parser
    if command == "check":
        parser.description = "List every file: loaded, repaired or skipped with the reason. Exit 0 when one loaded."
        _common(parser, analyses=False)
    elif command == "extract":
        parser.description = (
            'Read plain text or JSON lines {"id":..., "text":...} on stdin; write one JSON line '
            "per input with its mentions (start, end, kind, text; value and unit for quantities). "
            'A JSON line without a string "text", or with an "id" that is not a string or a '
            "number, is reported by its line number and skipped (exit 1)."
        )
        parser.add_argument("--jsonl", action="store_true", help="input is JSON lines (detected when the first line is a JSON object)")
    elif command == "search":
        from corpus.search import SYNTAX

        parser.description = "Articles that match a query, with their hits; --kwic prints every hit in context."
        parser.epilog = "query syntax:\n" + "\n".join(f"  {name:<10} {text}" for name, text in SYNTAX) + "\n" + epilog
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        parser.add_argument("query", metavar="QUERY", help="what to find (quote it for the shell)")
        _common(parser)
        _output(parser)
        parser.add_argument("--kwic", action="store_true", help="one line per hit, with its context (a concordance)")
    else:
        parser.description = {
            "entities": "People, organisations, places, products and their aliases across the corpus.",
            "claims": "Every quantity as a claim: value, unit, kind, subject, time and sentence.",
            "compare": "Claims grouped across articles with verdicts, and arithmetic checks inside articles.",
        }[command]
        _common(parser)
        _output(parser)
    return parser


def _require_paths(paths: list[str]) -> None:
    for path in paths:
        if not os.path.lexists(path):
            raise CliError(f"no such file or folder: {path}")


def _stdout(data: bytes) -> None:
    from corpus.output import write_stdout

    write_stdout(data)


def _check(args: argparse.Namespace) -> int:
    from corpus.loader import load_corpus
    from corpus.reports import check_lines

    corpus = load_corpus(args.paths or None, max_bytes=args.max_size)
    _stdout("".join(line + "\n" for line in check_lines(corpus)).encode("utf-8"))
    say(f"{corpus.articles.height} loaded, {corpus.problems.height} with problems")
    return EXIT_OK if corpus.articles.height else EXIT_PROBLEM


def _extract(args: argparse.Namespace) -> int:
    from corpus import extracting

    try:
        text = extracting.input_text(sys.stdin.buffer)
    except extracting.InputTooLarge as exc:
        raise CliError(str(exc)) from None
    items, skipped = extracting.items(text, args.jsonl)
    for number, reason in skipped:
        say(f"line {number}: {reason}; skipped")
    progress = Progress("extract", len(items))
    for done, data in extracting.batches(items):
        _stdout(data)
        progress.update(done)
    progress.close()
    return EXIT_PROBLEM if skipped else EXIT_OK


def _report(command: str, args: argparse.Namespace) -> int:
    from corpus import output, reports
    from corpus.export import output_format, render
    from corpus.pipeline import run

    fmt = output_format(args.format, args.output)
    where = output.target(args.output)  # a destination that cannot be written fails now, not after the analysis
    if fmt == "parquet" and (args.output is None or (where.how == "stdout" and sys.stdout.isatty())):
        raise CliError("parquet is binary: give -o FILE (or -o - into a pipe)", EXIT_USAGE)
    if command == "search":
        from corpus.search import parse

        problem = parse(args.query).error
        if problem:
            raise CliError(f"search: {problem}", EXIT_USAGE)
    progress = Progress(f"gisa {command}")
    from corpus.workers import default_jobs

    result = run(
        args.paths or None,
        args.max_size,
        use_cache=not args.no_cache,
        progress=progress.update,
        with_comparison=command in ("compare", "search"),
        jobs=args.jobs or default_jobs(),
    )
    progress.close()
    for row in result.corpus.problems.iter_rows(named=True):
        say(f"skipped {row['path']}: {row['reason']}")
    if result.corpus.articles.height == 0:
        named = ", ".join(args.paths) if args.paths else "the bundled articles"
        raise CliError(f"no readable article in {named}; nothing written (gisa check lists why)")
    output.refuse_inputs(where, result.corpus.articles["path"].to_list())
    if command == "search":
        frame, human, notes, error = reports.search(result, args.query, args.kwic)
        for note in notes:
            say(f"note: {note}")
        if frame.height == 0:
            say(f"no article matches {args.query!r}: fewer words, no quotes or no fields widen a search")
        data = render(frame, fmt, human, _table_width(fmt, where), *reports.TABLE_HINTS[command])
    elif command in ("entities", "claims"):
        frame, human = reports.entities(result) if command == "entities" else reports.claims(result)
        data = render(frame, fmt, human, _table_width(fmt, where), *reports.TABLE_HINTS[command])
    else:
        records = reports.compare(result)
        if fmt == "table":
            data = reports.compare_text(records, _table_width(fmt, where)).encode("utf-8")
        else:
            data = render(records, fmt)
    output.write(args.output, data)
    return EXIT_OK


def _table_width(fmt: str, where) -> int | None:
    """The width a table fits: the terminal's when it goes to one, else as wide as its lines are."""
    if fmt != "table" or where.how != "stdout":
        return None
    try:
        if not sys.stdout.isatty():
            return None
        return max(os.get_terminal_size(sys.stdout.fileno()).columns, 40)
    except (OSError, ValueError, AttributeError):
        return None


def _run_app(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stderr.isatty()) and not os.environ.get("TEXTUAL_DRIVER"):  # (gisa serve's pages)
        raise CliError(f"the reader needs a terminal (on stdin and stderr); for scripts use {HEADLESS}", EXIT_USAGE)
    from tui.app import run_app

    return run_app(args)


def _dispatch(argv: list[str]) -> int:
    command = argv[0] if argv and argv[0] in SUBCOMMANDS else None
    # Polars' allocator keeps freed memory for ten seconds by default. The app gives it back at once (loading a 10k
    # snapshot otherwise left its resident size ~15 MB higher for seconds; measured, loading is no slower); a headless
    # command, whose Polars work is heavier and whose process is short, keeps it for a second.
    app = command in (None, "run", "serve")  # (serve's sessions are app processes that inherit the setting)
    os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0" if app else "dirty_decay_ms:1000,muzzy_decay_ms:1000")
    if command:
        argv = argv[1:]
    elif argv and not argv[0].startswith("-") and not os.path.lexists(argv[0]):
        first = safe_label(argv[0], 80)
        close = difflib.get_close_matches(argv[0], SUBCOMMANDS, n=1, cutoff=0.6)
        if close:
            raise CliError(f"unknown command '{first}', did you mean '{close[0]}'?", EXIT_USAGE)
        raise CliError(f"no such file or folder: {first} (commands: check, extract, entities, claims, compare, search, serve)")
    args = build_parser(command).parse_args(argv)
    _require_paths(getattr(args, "paths", []) or [])
    _sweep()
    if command == "check":
        return _check(args)
    if command == "extract":
        return _extract(args)
    if command in ("entities", "claims", "compare", "search"):
        return _report(command, args)
    if command == "serve":
        from tui.serve import serve

        return serve(args)
    return _run_app(args)


def _sweep() -> None:
    """Remove what killed runs left behind (stale temp files, half cache packs); never fails a command."""
    try:
        from corpus.housekeeping import sweep_default

        sweep_default()
    except Exception:
        pass


def _silence_stdout() -> None:
    """After a broken pipe or a full disk, nothing more can reach stdout: not even the flush at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `gisa` console script: returns the exit code, never raises."""
    argv = list(sys.argv[1:] if argv is None else argv)
    end = argv.index("--") if "--" in argv else len(argv)
    debug = "--debug" in argv[:end]
    argv = [a for i, a in enumerate(argv) if not (a == "--debug" and i < end)]
    try:
        code = _dispatch(argv)
        sys.stdout.flush()
        return code
    except CliError as exc:
        say(f"gisa: {exc}")
        return exc.code
    except OutputError as exc:
        _silence_stdout()
        say(f"gisa: {exc}")
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        say("gisa: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # stdout itself failing at the last flush
        if exc.filename is None:
            _silence_stdout()
        say(f"gisa: {exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""))
        return EXIT_PROBLEM
    except Exception as exc:  # a bug: one line, the traceback on request
        if debug:
            try:
                sys.stderr.write(scrub(traceback.format_exc()))
            except (OSError, ValueError):
                pass
        say(f"gisa: internal error: {type(exc).__name__}: {exc} (gisa --debug ... shows the traceback)")
        return EXIT_BUG
