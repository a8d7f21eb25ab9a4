"""Keeping the garbage collector out of the way of keystrokes.

At start-up nearly every object is new and lives as long as the app, so collections there only cost
time (40 to 80 ms before the first frame at 10,000 articles): the app turns collection off until the
first frame is out. Once the corpus is analysed it lives for the whole session as millions of Python
objects; left to the collector, each full collection walks them all (about 0.2 s at 10,000 articles)
in the middle of some keystroke. Frozen, they are skipped; what is created later is still collected,
in fewer and larger batches (no full collection during a bench of 300 keys at 10,000 articles, the
process size unchanged).
"""

from __future__ import annotations

import gc


def hold() -> None:
    """No collection until `start` (before the first frame)."""
    gc.disable()


def start() -> None:
    """The first frame is out: keep what start-up built out of every later collection, and collect again."""
    gc.freeze()
    gc.enable()


def settle() -> None:
    """The corpus is analysed: freeze it, and collect the rest in larger batches."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 50)


def release() -> None:
    """The app is closing: collection as usual."""
    gc.enable()
