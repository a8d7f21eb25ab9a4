"""Word wrapping that keeps character offsets, for views that must map offsets to screen lines."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from rich.cells import cell_len


@lru_cache(maxsize=4096)
def _width(ch: str) -> int:
    return cell_len(ch)


class Stopped(Exception):
    """Wrapping was stopped (its `stop` said so) before the end of the line."""


_BLOCK = 1 << 16  # characters between two looks at `stop`


def wrap_offsets(
    line: str, width: int, extra: dict[int, int] | None = None, base: int = 0, stop: Callable[[], bool] | None = None
) -> list[int]:
    """Start offsets of the screen lines `line` wraps into at `width` cells (always starts with 0).

    `extra` adds cells drawn with a character (markers around a mention), keyed by `base` + its index.
    `stop` is asked every 65,536 characters (a line of megabytes wrapped in a thread): True raises `Stopped`."""
    width = max(width, 2)
    starts = [0]
    used = 0
    last_space = -1
    start = 0
    for block in range(0, len(line), _BLOCK):
        if stop is not None and stop():
            raise Stopped
        for i, ch in enumerate(line[block : block + _BLOCK], block):
            w = _width(ch) if not extra else _width(ch) + extra.get(base + i, 0)
            if used + w > width and i > start:
                if last_space > start:
                    start = last_space + 1
                    used = sum(_width(c) for c in line[start:i])
                    if extra:
                        used += sum(extra.get(base + j, 0) for j in range(start, i))
                else:
                    start = i
                    used = 0
                starts.append(start)
                last_space = -1
            used += w
            if ch == " ":
                last_space = i
    return starts
