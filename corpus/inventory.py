"""A corpus by `stat` alone (its inventory) and the digest a snapshot is matched by; a warm start's walk, done apart.

A warm start reads no article: it walks the corpus, digests every file's path, size and time, and opens the
snapshot whose digest is the same (`corpus.snapshot`). At 10,000 files the walk and the digest took a fifth of a
second of the app's process, after its first frame and Polars' import, which hold the interpreter one after the
other. `start_early` starts, once the first frame is out, a small process (an interpreter of its own, on the other
core) that walks and digests while the app imports Polars, and hands the digest over a pipe. (Started before the
first frame, it delayed that frame: 15 ms as a fork, 60 ms as a process, measured.) Nothing here imports Polars.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .sources import Candidate, Problem, changed_ns, locate, manifests, path_text

POLL = 0.1  # seconds between looks at whether the wait for the child's digest was cancelled
REAP_TRIES = 50  # looks, 10 ms apart, for a killed child's end


@dataclass
class Inventory:
    """A corpus by `stat` alone: its article files, the problems found without reading, its manifests."""

    roots: tuple[str, ...]
    candidates: list[Candidate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    manifests: list[tuple[str, int, int]] = field(default_factory=list)

    def rows(self) -> list[tuple[str, int, int, str, str | None]]:
        """One (path, size, time, role, reason) per file, problem and manifest: what the snapshot stores."""
        return [
            *((path_text(c.path), c.size, c.mtime_ns, "article", None) for c in self.candidates),
            *((path_text(p.path), -1, -1, "problem", p.reason) for p in self.problems),
            *((path_text(m[0]), m[1], m[2], "manifest", None) for m in self.manifests),
        ]

    def signature(self) -> str:
        """A digest of the inventory, independent of the order the files were found in."""
        digest = hashlib.sha256()
        for row in sorted((p, str(n), str(t), role, reason or "") for p, n, t, role, reason in self.rows()):
            digest.update("\x1f".join(row).encode("utf-8", "surrogateescape") + b"\x1e")
        return digest.hexdigest()


def take_inventory(roots: Iterable[str]) -> Inventory:
    """Walk the corpus and `stat` every file; nothing is read."""
    roots = tuple(roots)
    inventory = Inventory(roots)
    for item in locate(roots):
        (inventory.problems if isinstance(item, Problem) else inventory.candidates).append(item)
    for m in manifests(roots):
        try:
            st = os.stat(m)
        except OSError:
            continue
        inventory.manifests.append((os.fspath(m), st.st_size, changed_ns(st)))
    return inventory


class EarlyInventory:
    """The digest of a corpus's inventory, being taken by a child process; asked for once."""

    def __init__(self, roots: tuple[str, ...], pid: int, fd: int) -> None:
        self.roots, self._pid, self._fd = roots, pid, fd
        self._lock = threading.Lock()

    def signature(self, roots: Iterable[str], cancelled: Callable[[], bool] | None = None) -> str | None:
        """The child's digest if it is of these roots; None after the first call (a later run walks anew: files may have
        changed since), when the child failed, or when `cancelled` says to stop waiting (the child is then ended). The
        wait is as long as the walk: the caller would otherwise take the same walk itself."""
        with self._lock:
            if self._fd < 0:
                return None
            fd, self._fd = self._fd, -1
        data, ended = b"", False
        try:
            while not (cancelled is not None and cancelled()):
                if not select.select([fd], [], [], POLL)[0]:
                    continue
                chunk = os.read(fd, 256)
                if not chunk:
                    ended = True  # (the pipe closes as the child exits)
                    break
                data += chunk
        except OSError:
            pass
        finally:
            os.close(fd)
            self._end(ended)
        text = data.decode("ascii", "replace")
        return text if ended and tuple(roots) == self.roots and len(text) == 64 else None

    def _end(self, ended: bool) -> None:
        """Reap the child: at once when it has ended, else once killed (not waited for if it stays stuck in a call)."""
        with contextlib.suppress(OSError):
            if ended:
                os.waitpid(self._pid, 0)
                return
            os.kill(self._pid, signal.SIGKILL)
            for _ in range(REAP_TRIES):
                if os.waitpid(self._pid, os.WNOHANG)[0]:
                    return
                time.sleep(0.01)


def start_early(roots: Iterable[str]) -> EarlyInventory | None:
    """Start a process that takes the inventory of `roots` and writes its digest to a pipe; None where processes cannot
    be started so (no `posix_spawn`). Not a fork: the app runs threads by then."""
    roots = tuple(os.fspath(r) for r in roots)
    if not hasattr(os, "posix_spawn"):
        return None
    home = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # (the folder that holds this package)
    script = "import sys; sys.path.insert(0, sys.argv[1]); from corpus.inventory import report; report(sys.argv[2:])"
    try:
        read_end, write_end = os.pipe()  # (neither is inherited: the child's stdout is a copy of the write end)
    except OSError:
        return None
    try:
        pid = os.posix_spawn(
            sys.executable,
            [sys.executable, "-S", "-E", "-c", script, home, *roots],  # (no site: the standard library is all it needs)
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, write_end, 1),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
            ],
        )
    except (OSError, ValueError):
        os.close(read_end)
        return None
    finally:
        os.close(write_end)
    return EarlyInventory(roots, pid, read_end)


def report(roots: list[str]) -> None:
    """The child's work: the digest of the inventory of `roots`, on stdout."""
    sys.stdout.write(take_inventory(roots).signature())
    sys.stdout.flush()
