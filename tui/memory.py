"""Keeping the garbage collector out of the way of keystrokes.

At start-up nearly every object is new and lives as long as the app, so collections there only cost
time (40 to 80 ms before the first frame at 10,000 articles): the app turns collection off until the
first frame is out. Once the corpus is analysed it lives for the whole session as millions of Python
objects; left to the collector, each full collection walks them all (about 0.2 s at 10,000 articles)
in the middle of some keystroke. Frozen, they are skipped.

What keys create later is mostly freed at once by reference counting; the cycles among it are collected
while the user pauses, not inside a keystroke: a young-generation collection cost 2-3 ms and an older one
13 ms in a third of the keys of a typed query at 10,000 articles. Automatic collection is off once the
corpus is analysed; `idle`, run a few times a second, collects when no input came for a moment, and at least
every ten seconds (or when very much waits) however the input comes. (Collecting the youngest generation
just after a key's frame, while keys come in a burst, was tried: 10 to 20 ms in which the frame, rendered,
did not reach the terminal, as the collector holds the interpreter and the driver writes from a thread.)
"""

from __future__ import annotations

import gc
import time

QUIET = 0.3  # seconds without input before a collection
FORCE = 200_000  # allocations waiting: collected even in a burst of keys
LONGEST = 10.0  # seconds between young collections at most, however the input comes (a held key, a trackpad)
FULL_EVERY = 60.0  # seconds between collections of the oldest generation (what was made since the freeze)

_settled = False
_last_input = 0.0
_last_full = 0.0
_last_young = 0.0


def hold() -> None:
    """No collection until `start` (before the first frame)."""
    gc.disable()


def start() -> None:
    """The first frame is out: keep what start-up built out of every later collection, and collect again."""
    gc.freeze()
    if not _settled:
        gc.enable()


def settle() -> None:
    """The corpus is analysed: freeze it, and collect from now on only in `idle`."""
    global _settled, _last_full, _last_young
    gc.disable()
    gc.collect(1)  # (cycles made since the last freeze would stay uncollectable once frozen; the young are few)
    gc.freeze()
    _settled = True
    _last_full = _last_young = time.monotonic()


def touched() -> None:
    """A key or mouse event came in."""
    global _last_input
    _last_input = time.monotonic()


def idle() -> None:
    """Collect what waits, if the user has paused (or if too much waits)."""
    global _last_full, _last_young
    if not _settled:
        return
    now = time.monotonic()
    waiting = gc.get_count()[0]
    if now - _last_input < QUIET and waiting < FORCE and now - _last_young < LONGEST:
        return
    if now - _last_full > FULL_EVERY and now - _last_input >= QUIET:
        gc.collect()
        _last_full = _last_young = now
    elif waiting > 1000:
        gc.collect(1)
        _last_young = now


def release() -> None:
    """The app is closing: collection as usual."""
    global _settled
    _settled = False
    gc.unfreeze()  # (what this app froze can go with it: tests run many apps in one process)
    gc.enable()
