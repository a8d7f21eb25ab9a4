"""Garbage collection waits for a pause in the input once the corpus is analysed (a collection after a keystroke
cost 15 to 55 ms at 10,000 articles, and 98 ms once keys had come for eight seconds), yet never waits for ever."""

from __future__ import annotations

import gc
import weakref

from tui import memory


class Node:
    pass


def _cycle():
    a, b = Node(), Node()
    a.other, b.other = b, a
    ref = weakref.ref(a)
    del a, b
    return ref


def test_cycles_are_collected_in_a_pause_not_while_keys_come(monkeypatch):
    collections = []

    def counted(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    clock = [1000.0]
    monkeypatch.setattr(memory.time, "monotonic", lambda: clock[0])
    try:
        memory.settle()
        assert not gc.isenabled()
        gc.callbacks.append(counted)
        ref = _cycle()
        for _ in range(40):  # keys every 0.2 s for eight seconds, each making what a letter makes at 10,000 articles
            for _ in range(5000):
                _cycle()
            clock[0] += 0.2
            memory.touched()
            memory.idle()
        assert ref() is not None and not collections  # keys come: no collection holds them up
        clock[0] += memory.CLEAN_QUIET
        memory.idle()
        assert ref() is not None  # a pause, but the corpus was frozen moments ago (a clean-up waits a minute)
        clock[0] += memory.CLEAN_EVERY
        memory.idle()
        assert ref() is None  # the user paused: collected
        ref = _cycle()
        clock[0] += memory.CLEAN_QUIET
        memory.touched()
        clock[0] += memory.CLEAN_QUIET
        memory.idle()
        assert ref() is not None  # a pause again, but a clean-up was just made: not another yet
        for _ in range(int(memory.LONGEST / 0.2) + 2):  # keys every 0.2 s, never a pause
            clock[0] += 0.2
            memory.touched()
            memory.idle()
        assert ref() is None  # collected at the latest after LONGEST seconds
    finally:
        if counted in gc.callbacks:
            gc.callbacks.remove(counted)
        memory.release()
    assert gc.isenabled()
