"""Work done while no key comes (making articles ready) stops as soon as a key typed in the terminal waits to be
read: the driver's thread, which reads it, needs the interpreter that work holds."""

from __future__ import annotations

import os
import tty
from types import SimpleNamespace

from tests.conftest import searchable, wait_for
from tui.keys_waiting import key_waiting
from tui.screens.main import MainScreen


def test_a_key_waits_while_the_terminal_has_bytes_not_yet_read():
    typed, terminal = os.openpty()  # (the user's side, and the side the app reads)
    tty.setraw(terminal)  # (as Textual's driver sets it: each key readable as typed)
    try:
        app = SimpleNamespace(_driver=SimpleNamespace(fileno=terminal, is_headless=False))
        assert not key_waiting(app)
        os.write(typed, "대".encode())
        assert key_waiting(app)
        assert key_waiting(app)  # (asking does not read it: the driver still does)
        assert os.read(terminal, 16) == "대".encode()
        assert not key_waiting(app)
    finally:
        os.close(typed)
        os.close(terminal)
    assert not key_waiting(app)  # (the terminal gone: nothing waits, nothing raises)
    assert not key_waiting(SimpleNamespace(_driver=SimpleNamespace(fileno=terminal, is_headless=True)))
    assert not key_waiting(SimpleNamespace())
    read, write = os.pipe()  # (not a terminal, as Textual's web driver reads: never a key, even once closed)
    try:
        os.write(write, b"x")
        os.close(write)
        assert not key_waiting(SimpleNamespace(_driver=SimpleNamespace(fileno=read, is_headless=False)))
    finally:
        os.close(read)


async def test_making_articles_ready_takes_no_step_while_a_key_waits(tmp_path, monkeypatch):
    waiting = [False]
    monkeypatch.setattr("tui.screens.main.key_waiting", lambda app: waiting[0])
    monkeypatch.setattr("tui.screens.main.AHEAD_WAITS", 10**6)  # (a key that waits this long would be read by then)
    steps: list[int] = []
    take = MainScreen._ahead_step

    def counted(self, todo):
        steps.append(1)
        return take(self, todo)

    monkeypatch.setattr(MainScreen, "_ahead_step", counted)
    async with searchable(tmp_path, (160, 40)) as (app, pilot, screen):
        await pilot.press("1", "j")
        await wait_for(pilot, lambda: not screen._ahead_call.pending)
        waiting[0] = True
        steps.clear()
        screen._ahead_later()
        await pilot.pause(0.3)
        assert screen._ahead_waits > 10 and screen._ahead_call.pending
        assert not steps  # (it waits for the key, as for a frame on its way)
        waiting[0] = False
        await wait_for(pilot, lambda: not screen._ahead_call.pending)
        assert steps  # (once the key is read, making ready goes on)
