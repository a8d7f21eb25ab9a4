"""Kiwi in worker processes: one per core by default, each with its own Kiwi, fed batches of articles.

Kiwi holds the interpreter while it works, so in the app's process it would freeze the screen; in its
own process it cannot, and two processes use both cores. Workers are started with `spawn` (forking a
process that holds a Kiwi hangs), return plain rows (pickled), and are ended at once when the work is
cancelled. `jobs=0` analyses in this process instead (tests, one-off texts).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator

MAX_BATCH_CHARS = 40_000  # a batch is a few dozen articles: small enough to stop soon, large enough to keep Kiwi busy
MAX_BATCH_ARTICLES = 64


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _analyse_batch(batch: list[tuple[str, str]]):
    """In a worker: the keys of a batch, and its mentions and raw claims as two frames with a `key` column."""
    from .analysis import batch_frames

    return batch_frames(batch)


def _quiet() -> None:
    """In a worker: nothing it prints may reach the user's terminal, which the app draws on; and it yields
    the processor to the app (a key must be answered at once even while both cores analyse)."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    try:
        os.nice(10)
    except OSError:
        pass


@contextlib.contextmanager
def _real_stdio():
    """Starting processes passes on stderr's file descriptor; under Textual, sys.stderr is a capture object
    without one ("bad value(s) in fds_to_keep"). For that moment the interpreter's own streams stand in."""
    saved = sys.stdout, sys.stderr
    try:
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            try:
                ok = stream is not None and stream.fileno() >= 0
            except (AttributeError, ValueError, OSError):
                ok = False
            if not ok:
                setattr(sys, name, getattr(sys, f"__{name}__") or open(os.devnull, "w"))
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _batches(items: list[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    batch: list[tuple[str, str]] = []
    chars = 0
    for item in items:
        batch.append(item)
        chars += len(item[1])
        if chars >= MAX_BATCH_CHARS or len(batch) >= MAX_BATCH_ARTICLES:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


class Rate:
    """Articles a second over the run so far, and the time left at that rate (articles from the cache,
    counted before the first report, do not count)."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.first: int | None = None

    def __call__(self, done: int, total: int) -> tuple[float, float | None]:
        if self.first is None:
            self.first, self.started = done, time.monotonic()
            return 0.0, None
        elapsed = time.monotonic() - self.started
        rate = (done - self.first) / elapsed if elapsed > 0 else 0.0
        return rate, ((total - done) / rate if rate > 0 else None)


class Cancelled(Exception):
    """The caller asked the work to stop."""


def stop_if(cancelled: Callable[[], bool] | None) -> None:
    """Between the long steps after Kiwi's (names, comparison, storing): raise Cancelled if the user stopped."""
    if cancelled is not None and cancelled():
        raise Cancelled


def analyse_bodies(
    items: list[tuple[str, str]], jobs: int, done: Callable[[tuple], None], cancelled: Callable[[], bool] | None = None
) -> None:
    """Analyse (key, body) pairs, calling `done` with each finished batch (in whatever order they finish).

    Raises `Cancelled` soon after `cancelled()` turns true: workers are terminated, not waited for."""
    cancelled = cancelled or (lambda: False)
    if not items:
        return
    if jobs <= 0:
        for batch in _batches(items):
            if cancelled():
                raise Cancelled()
            done(_analyse_batch(batch))
        return
    import multiprocessing  # (not before the first frame: the app imports this module for `default_jobs`)

    batches = list(_batches(items))
    jobs = min(jobs, len(batches))
    context = multiprocessing.get_context("spawn")
    with _real_stdio():
        pool = context.Pool(jobs, initializer=_quiet)
    try:
        results = pool.imap_unordered(_analyse_batch, batches)
        for _ in range(len(batches)):
            while True:
                if cancelled():
                    raise Cancelled()
                try:
                    batch = results.next(timeout=0.1)
                    break
                except multiprocessing.TimeoutError:
                    continue
            done(batch)
        pool.close()
    except BaseException:
        pool.terminate()  # a worker inside Kiwi is stopped, not waited for
        raise
    finally:
        pool.join()
