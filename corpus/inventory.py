"""A corpus by `stat` alone (its inventory) and the digest a snapshot is matched by; a warm start's walk in a fork.

A warm start reads no article: it walks the corpus, digests every file's path, size and time, and opens the
snapshot whose digest is the same (`corpus.snapshot`). At 10,000 files the walk and the digest took a fifth of a
second of the app's process, after its first frame and Polars' import. `start_early` forks before the app imports
Textual: the child (an interpreter of its own, on another core) walks and digests while the parent imports and
draws, and hands the digest over a pipe. Nothing here imports Polars, so the child is cheap to fork and quick to run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .sources import Candidate, Problem, changed_ns, locate, manifests, path_text

POLL = 0.1  # seconds between looks at whether the wait for the fork's digest was cancelled
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
    """The digest of a corpus's inventory, being taken by a forked child; asked for once."""

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
    """Fork a child that takes the inventory of `roots` and writes its digest to a pipe; None where that cannot be
    done safely (no `fork`, or threads already running: a fork copies one thread and whatever locks others hold)."""
    roots = tuple(os.fspath(r) for r in roots)
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: walk, digest, write, and end without running anything of the parent's (no atexit, no flush)
        code = 1
        try:
            os.close(read_end)
            os.write(write_end, take_inventory(roots).signature().encode("ascii"))
            code = 0
        except BaseException:
            pass
        finally:
            os._exit(code)
    os.close(write_end)
    os.set_inheritable(read_end, False)
    return EarlyInventory(roots, pid, read_end)
