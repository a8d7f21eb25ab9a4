"""Whether a key typed in the terminal waits to be read, so that work done while no key comes stops for it.

Textual's driver reads the terminal in a thread, which needs the interpreter to read and parse a key and hand
it to the app. Work the main thread does in bursts while no key comes (making articles and rows ready) held
the interpreter meanwhile: a key that came during a burst reached the app up to a burst and a thread switch
late. Between two steps of such work, `key_waiting` asks the operating system whether the terminal has bytes
not yet read (a poll that does not read them): if so, the burst ends there and the driver's thread runs.
"""

from __future__ import annotations

import os
import select


def key_waiting(app) -> bool:
    """Whether the terminal the app reads has bytes its driver has not read yet (False with no terminal: headless)."""
    driver = getattr(app, "_driver", None)
    fileno = getattr(driver, "fileno", None)
    if not isinstance(fileno, int) or getattr(driver, "is_headless", True):
        return False
    try:  # (a terminal only: Textual's web driver names a pipe, which reads as ready for ever once it is closed)
        return os.isatty(fileno) and bool(select.select([fileno], [], [], 0)[0])
    except (OSError, ValueError):  # (the terminal is gone: the app is closing)
        return False
