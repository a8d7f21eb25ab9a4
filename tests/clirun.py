"""Running the `gisa` command in tests: in this process (fast, Kiwi loaded once) or as a real process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import dataclass

from tests.conftest import ROOT


@dataclass
class Run:
    code: int
    out: bytes
    err: bytes

    @property
    def errors(self) -> list[str]:
        return self.err.decode("utf-8", "replace").splitlines()


class _Pipe(io.TextIOWrapper):
    """A text stream over bytes that is not a terminal, as stdout in a pipe."""

    def isatty(self) -> bool:
        return False


def run_main(*args: str, stdin: bytes = b"") -> Run:
    """`gisa ARGS` through `tui.cli.main` in this process, with stdin, stdout and stderr as pipes."""
    from tui.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    streams = (
        _Pipe(io.BytesIO(stdin), encoding="utf-8"),
        _Pipe(out, encoding="utf-8", write_through=True),
        _Pipe(err, encoding="utf-8", errors="backslashreplace", write_through=True),
    )
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = streams
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse before the fix: exit codes are still what a user sees
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    for stream in streams[1:]:
        stream.flush()
    result = Run(code, out.getvalue(), err.getvalue())
    for stream in streams:
        stream.detach()
    return result


def run_process(
    *args: str, stdin: bytes | None = b"", stdout=None, timeout: float = 60, env: dict | None = None, cwd=None, stdin_file=None
) -> Run:
    """`python -m tui ARGS` as a separate process (stdin and stdout are pipes unless given)."""
    full_env = dict(os.environ, **(env or {}))
    feed = {"stdin": stdin_file} if stdin_file is not None else {"input": stdin}
    proc = subprocess.run(
        [sys.executable, "-m", "tui", *args],
        stdout=stdout or subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=timeout,
        cwd=cwd or ROOT,
        env=full_env,
        **feed,
    )
    return Run(proc.returncode, proc.stdout or b"", proc.stderr)


def assert_one_clean_line(run: Run) -> str:
    """stderr is one line of plain text (no traceback, no control character); returns it."""
    text = run.err.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E for c in lines[0]), lines[0]
    return lines[0]
