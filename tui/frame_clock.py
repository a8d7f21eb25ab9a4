"""The screen's frame clock: at most one frame per 1/60 s, as Textual's, but not on a fixed grid.

Textual draws a screen from a repeating timer that pauses when nothing is to be drawn. Its ticks keep
to a grid, and after a pause the next tick is one to two periods after the last: a repaint asked for
just after a frame (a list's heading, an article that a key brought to the reader) waited 17 to 33 ms
for it. This clock draws at once when the last frame is a period old or more, and otherwise when it
becomes so: the same limit, no wait beyond it.
"""

from __future__ import annotations

from textual import _time
from textual.timer import EventTargetGone, Timer


class FrameClock(Timer):
    """A `Timer` for `Screen._update_timer`: ticks when resumed, no sooner than `interval` after its last tick."""

    async def _run(self) -> None:
        last: float | None = None
        while True:
            await self._active.wait()
            if last is not None:
                wait = last + self._interval - _time.get_time()
                if wait > 0:
                    await _time.sleep(wait)
                    await self._active.wait()  # (paused meanwhile: nothing to draw after all)
            last = _time.get_time()
            try:
                await self._tick(next_timer=last, count=0)
            except EventTargetGone:
                break
