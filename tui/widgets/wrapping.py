"""Word wrapping that keeps character offsets, for views that must map offsets to screen lines."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate

from rich.cells import cell_len


class _Cells(dict):
    """Code point -> its cell count as a one-character string, filled as characters come (for `str.translate`)."""

    def __missing__(self, code: int) -> str:
        cells = self[code] = chr(min(cell_len(chr(code)), 255))
        return cells


_CELLS = _Cells()


class Stopped(Exception):
    """Wrapping was stopped (its `stop` said so) before the end of the line."""


_BLOCK = 1 << 16  # characters between two looks at `stop`


def wrap_offsets(
    line: str, width: int, extra: dict[int, int] | None = None, base: int = 0, stop: Callable[[], bool] | None = None
) -> list[int]:
    """Start offsets of the screen lines `line` wraps into at `width` cells (always starts with 0).

    A line breaks after its last space, or at the character that would overflow when it has none; that character
    always stays on the new line. `extra` adds cells drawn with a character (markers around a mention), keyed by
    `base` + its index. `stop` is asked every 65,536 characters (a line of megabytes wrapped in a thread): True raises
    `Stopped`. The cells are summed once (a byte per character) and each break is found by bisection."""
    width = max(width, 2)
    n = len(line)
    widths = bytearray()
    for block in range(0, n, _BLOCK):
        if stop is not None and stop():
            raise Stopped
        widths += line[block : block + _BLOCK].translate(_CELLS).encode("latin-1")
    if extra:
        for offset, cells in extra.items():
            if 0 <= offset - base < n:
                widths[offset - base] += cells
    cum = list(accumulate(widths, initial=0))  # cum[k]: the cells of line[:k]
    starts = [0]
    start, floor = 0, 1
    while True:
        i = max(bisect_right(cum, cum[start] + width, start) - 1, floor)  # the first character that overflows
        if i >= n:
            return starts
        space = line.rfind(" ", start + 1, i)
        start = space + 1 if space > start else i
        starts.append(start)
        floor = i + 1
