"""The screen's frame clock: at most one frame per 1/60 s, as Textual's, but not on a fixed grid.

Textual draws a screen from a repeating timer that pauses when nothing is to be drawn. Its ticks keep
to a grid, and after a pause the next tick is one to two periods after the last: a repaint asked for
just after a frame (a list's heading, an article that a key brought to the reader) waited 17 to 33 ms
for it. This clock draws at once when the last frame is a period old or more, and otherwise when it
becomes so: the same limit, no wait beyond it.

A frame is drawn on the main thread and written to the terminal by the driver's writer thread, which needs
the interpreter for each part of the frame it writes: work started on the main thread just after a frame
(making articles ready ahead) held a key's frame back by one thread switch or more (5 ms each) before its bytes
left. `on_its_way` tells whether the writer still holds part of a frame.
"""

from __future__ import annotations

from textual import _time
from textual.timer import EventTargetGone, Timer


def on_its_way(app) -> bool:
    """Whether the terminal has yet to receive part of a frame already drawn (Textual writes a frame as three parts,
    its start marker, its lines and its end marker: while one waits in the writer's queue, the lines are not all out).
    False where there is no writer thread (headless, or another driver)."""
    writer = getattr(getattr(app, "_driver", None), "_writer_thread", None)
    queue = getattr(writer, "_queue", None)
    return queue is not None and queue.qsize() > 0


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
