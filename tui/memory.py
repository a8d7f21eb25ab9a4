"""Keeping the garbage collector out of the way of keystrokes.

At start-up nearly every object is new and lives as long as the app, so collections there only cost
time (40 to 80 ms before the first frame at 10,000 articles): the app turns collection off until the
first frame is out. Once the corpus is analysed it lives for the whole session as Python objects that
no collection need walk: they are frozen (moved where the collector never looks).

What keys make afterwards is the same: lines, rows and search results kept in caches, and sets and
lists of thousands of article ids, freed by reference counting when they are replaced. Among them
the garbage only a collector finds (cycles) is tiny: 20 to 40 objects a keystroke, measured at 10,000
articles. Yet collecting the youngest objects walks everything made since the last collection, ids
and all: 15 to 55 ms after each letter of a typed query, and 98 ms once keys had come for eight
seconds without a pause. So nothing is collected while keys come: a few times a second what was made
is frozen too (instant), and the whole heap is collected once the user has paused (CLEAN_QUIET, at
most every CLEAN_EVERY seconds; about 0.2 s at 10,000 articles), and at the latest every LONGEST
seconds however the input comes, so that the cycles' few kilobytes a minute never pile up.
"""

from __future__ import annotations

import gc
import time

CLEAN_QUIET = 1.5  # seconds without input before the whole heap is collected
CLEAN_EVERY = 60.0  # seconds between such collections at least
LONGEST = 300.0  # seconds between them at most, however the input comes (a held key, a trackpad)

_settled = False
_dirty = False  # cycles may wait among the frozen objects (input came, or the corpus was just frozen)
_last_input = 0.0
_last_clean = 0.0


def hold() -> None:
    """No collection until `start` (before the first frame)."""
    gc.disable()


def start() -> None:
    """The first frame is out: keep what start-up built out of every later collection, and collect again."""
    gc.freeze()
    if not _settled:
        gc.enable()


def settle() -> None:
    """The corpus is read (or analysed): freeze it, and from now on collect only in `idle`'s clean-ups (start-up's own
    cycles were frozen with it: the first clean-up frees them)."""
    global _settled, _dirty, _last_clean, _last_input
    gc.disable()
    gc.collect(1)  # (cycles made since the last freeze would wait for the first clean-up; the young are few)
    gc.freeze()
    _settled = _dirty = True
    _last_input = _last_clean = time.monotonic()  # (the first clean-up a minute on: not while the corpus loads)


def touched() -> None:
    """A key or mouse event came in."""
    global _last_input, _dirty
    _last_input = time.monotonic()
    _dirty = True


def idle() -> None:
    """Freeze what was made since the last call, or collect the whole heap if the user has paused (or it is overdue)."""
    if not _settled:
        return
    now = time.monotonic()
    since_clean = now - _last_clean
    if (_dirty and now - _last_input >= CLEAN_QUIET and since_clean >= CLEAN_EVERY) or since_clean >= LONGEST:
        clean()
    else:
        gc.freeze()


def clean() -> None:
    """Collect the whole heap, the frozen part with it, and freeze what survives."""
    global _last_clean, _dirty
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _last_clean = time.monotonic()
    _dirty = False


def release() -> None:
    """The app is closing: collection as usual."""
    global _settled
    _settled = False
    gc.unfreeze()  # (what this app froze can go with it: tests run many apps in one process)
    gc.enable()
