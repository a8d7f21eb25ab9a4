"""Where a headless command's output goes, without ever destroying what is there.

`-o PATH` names one of:

- `-` (as no `-o` at all): standard output;
- a new name in an existing folder: written atomically, with the mode the umask gives a new file;
- a regular file (or a link to one): replaced atomically, keeping its mode; refused when it is read-only;
- a FIFO or a character device (`/dev/null`, a terminal): written into, never replaced by a file;
- a folder, a missing or read-only folder, a block device or a socket: refused.

"Read-only" is judged by the permission bits as well as by `os.access`, so that root, who may write
anything, still does not replace a file or fill a folder its owner marked read-only.

`target()` checks a path before the run, so a bad `-o` fails at once rather than after the analysis;
`write()` checks it again and writes bytes that the run computed in full: a run that failed or found
nothing never reaches it. Every failure is an `OutputError` whose message is one line.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from .atomic import atomic_write
from .cleaning import safe_label


class OutputError(Exception):
    """Output that cannot be written, with a one-line reason."""


@dataclass(frozen=True)
class Target:
    """A checked destination: `how` is "stdout", "stream" (FIFO, device) or "atomic" (regular file, new name)."""

    path: str | None
    how: str
    shown: str


STDOUT = Target(None, "stdout", "standard output")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _kind(mode: int) -> str:
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _read_only(path: str, mode: int) -> bool:
    return not mode & 0o222 or not os.access(path, os.W_OK)


def _check_folder(folder: str, shown: str) -> None:
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        raise OutputError(f"cannot write {shown}: no such folder {safe_label(folder, 200)}") from None
    except OSError as exc:
        raise OutputError(f"cannot write {shown}: {_reason(exc)}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write {shown}: {safe_label(folder, 200)} is not a folder")
    if _read_only(folder, st.st_mode) or not os.access(folder, os.X_OK):
        raise OutputError(f"cannot write {shown}: the folder {safe_label(folder, 200)} is read-only")


def target(path: str | None) -> Target:
    """The destination `path` names (None or "-": standard output), or an OutputError saying why not."""
    if path is None or path == "-":
        return STDOUT
    shown = safe_label(path, 200) or repr(path)
    if not path:
        raise OutputError("no output file named (use -o - for standard output)")
    try:
        st = os.stat(path)  # through links: a link to a file names that file
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"cannot write {shown}: {_reason(exc)}") from None
    if st is None:
        if path.endswith(os.sep):
            raise OutputError(f"cannot write {shown}: no such folder")
        real = os.path.realpath(path)  # a dangling link: the file it names is created
        _check_folder(os.path.dirname(real) or ".", shown)
        return Target(real, "atomic", shown)
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {shown}: it is a folder")
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        if not os.access(path, os.W_OK):
            raise OutputError(f"cannot write {shown}: permission denied")
        return Target(path, "stream", shown)
    if not stat.S_ISREG(mode):
        raise OutputError(f"cannot write {shown}: it is {_kind(mode)}")
    if _read_only(path, mode):
        raise OutputError(f"{shown} is read-only; not replaced")
    real = os.path.realpath(path)
    _check_folder(os.path.dirname(real) or ".", shown)
    return Target(real, "atomic", shown)


def refuse_inputs(where: Target, inputs: Iterable[str]) -> None:
    """An OutputError when `where` would replace one of the files a run read: Gisa never writes to articles."""
    if where.how == "atomic" and where.path in {os.path.realpath(p) for p in inputs}:
        raise OutputError(f"{where.shown} is one of the articles read; not overwritten (Gisa never writes to articles)")


def write_stdout(data: bytes) -> None:
    """Bytes to standard output, flushed; a broken pipe propagates (the reader left), other errors are OutputErrors."""
    try:
        sys.stdout.flush()
        buffer = sys.stdout.buffer
        buffer.write(data)
        buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write to standard output: {_reason(exc)}") from None


def _stream(path: str, shown: str, data: bytes) -> None:
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)  # a FIFO waits here for its reader, as a shell redirection does
    except OSError as exc:
        raise OutputError(f"cannot write {shown}: {_reason(exc)}") from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view[: 1 << 20]) :]
    except OSError as exc:
        raise OutputError(f"cannot write {shown}: {_reason(exc)}") from None
    finally:
        os.close(fd)


def write(path: str | None, data: bytes) -> None:
    """Write `data` (the whole output) where `path` says: see the module's rules."""
    where = target(path)
    if where.how == "stdout":
        write_stdout(data)
    elif where.how == "stream":
        _stream(where.path, where.shown, data)
    else:
        try:
            atomic_write(where.path, lambda fh: fh.write(data), follow_links=True)
        except OSError as exc:
            raise OutputError(f"cannot write {where.shown}: {_reason(exc)}") from None
