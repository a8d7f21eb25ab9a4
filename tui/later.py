"""A callback run once after a delay on the event loop, for work done in many small steps while no key comes.

Textual's `set_timer` makes a `Timer`, starts a task for it and, when it fires, posts the callback as a message,
inspecting the signatures of two new callables on the way: about 0.3 ms a call, as much as a step of making an
article ready, and a step is taken a few hundred times between two keys. `Later` asks the event loop directly.
An exception in the callback is the app's, as in a Textual timer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Later:
    """At most one pending call, for `node` (whose app handles what the callback raises)."""

    def __init__(self, node) -> None:
        self._node = node
        self._handle: asyncio.TimerHandle | None = None

    @property
    def pending(self) -> bool:
        return self._handle is not None

    def call(self, delay: float, callback: Callable[[], object]) -> None:
        """Call `callback` in `delay` seconds (a call still pending is dropped)."""
        self.stop()
        self._handle = asyncio.get_running_loop().call_later(delay, self._run, callback)

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _run(self, callback: Callable[[], object]) -> None:
        self._handle = None
        if getattr(self._node, "_closing", False) or getattr(self._node, "_closed", False):
            return  # (the node is being taken down: its children may be gone already; Textual's own timers are stopped)
        try:
            callback()
        except Exception as error:  # (the app shows it and closes, as for any handler's)
            self._node.app._handle_exception(error)
