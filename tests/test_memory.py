"""Garbage collection waits for a pause in the input once the corpus is analysed (a collection inside a keystroke
cost 2 to 13 ms at 10,000 articles), yet never waits for ever."""

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
    clock = [1000.0]
    monkeypatch.setattr(memory.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(memory, "_last_input", 0.0)
    try:
        memory.settle()
        assert not gc.isenabled()
        ref = _cycle()
        for _ in range(2000):  # enough allocations waiting to be worth a collection
            _cycle()
        memory.touched()
        clock[0] += 0.1
        memory.idle()
        assert ref() is not None  # a key came 0.1 s ago: nothing collected
        clock[0] += memory.QUIET
        memory.idle()
        assert ref() is None  # the user paused: collected
        ref = _cycle()
        for _ in range(2000):
            _cycle()
        for _ in range(int(memory.LONGEST / 0.2) + 2):  # keys every 0.2 s, never a pause
            clock[0] += 0.2
            memory.touched()
            memory.idle()
        assert ref() is None  # collected at the latest after LONGEST seconds
    finally:
        memory.release()
    assert gc.isenabled()
