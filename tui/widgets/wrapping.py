"""Word wrapping that keeps character offsets, for views that must map offsets to screen lines."""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len


@lru_cache(maxsize=4096)
def _width(ch: str) -> int:
    return cell_len(ch)


def wrap_offsets(line: str, width: int, extra: dict[int, int] | None = None, base: int = 0) -> list[int]:
    """Start offsets of the screen lines `line` wraps into at `width` cells (always starts with 0).

    `extra` adds cells drawn with a character (markers around a mention), keyed by `base` + its index."""
    width = max(width, 2)
    starts = [0]
    used = 0
    last_space = -1
    start = 0
    for i, ch in enumerate(line):
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
