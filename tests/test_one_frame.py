"""A frame is never held back longer than Textual's frame limit asks: a key's article drawn 17 to 33 ms after its
list reads as flicker. (That a key's panes are handed to the screen together, `MainScreen._repaint_now`, shows only
in a real terminal, where the screen's queue may empty before a pane's: `bench/keys_ab.py` times it.)"""

from __future__ import annotations

from types import SimpleNamespace

from textual.app import App

from tui import frame_clock
from tui.frame_clock import FrameClock


async def test_a_frame_asked_for_after_a_pause_goes_out_at_once_and_one_asked_soon_after_a_frame_waits_only_the_rest(
    monkeypatch,
):
    now, sleeps, ticks = [100.0], [], []

    async def sleep(seconds: float) -> None:
        sleeps.append(round(seconds, 6))
        now[0] += seconds

    monkeypatch.setattr(frame_clock, "_time", SimpleNamespace(get_time=lambda: now[0], sleep=sleep))

    class Clocked(App):
        def on_mount(self) -> None:
            self.clock = FrameClock(self, 0.016, callback=self.tick, pause=True)
            self.clock._start()

        def tick(self) -> None:
            self.clock.pause()  # (as the screen's update does first)
            ticks.append(round(now[0], 6))

    app = Clocked()
    async with app.run_test() as pilot:
        app.clock.resume()
        await pilot.pause()
        assert ticks == [100.0] and sleeps == []  # nothing drawn for a while: at once
        now[0] += 0.004
        app.clock.resume()
        await pilot.pause()
        assert sleeps == [0.012] and ticks == [100.0, 100.016]  # 4 ms after a frame: the 12 ms left of the limit, no more
        now[0] += 1.0
        app.clock.resume()
        await pilot.pause()
        assert sleeps == [0.012] and ticks[-1] == 101.016
        app.clock.stop()
