"""Plain-text tables for the terminal, aligned for wide (Hangul) characters, and the rule that shares a
line's width out among columns (the app's panes use the same rule).

`share` gives each column what its content needs while the line has room, lets the columns that may be
cut (titles, wording) give up cells first, drops optional columns next, and cuts numbers only when
nothing else is left; room to spare goes to the flexible columns. A cell is therefore cut only when
the line has no free cell left.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

GAP = 2


_widths: dict[str, int] = {}  # the same titles and cells are measured on every frame that shows them


def cell_width(text: str) -> int:
    """Terminal cells taken by `text` (East Asian wide and fullwidth characters count 2)."""
    if text.isascii():
        return len(text)
    width = _widths.get(text)
    if width is None:
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)
        if len(text) <= 160:  # (titles and cells; wrapping measures many passing candidates, kept to a few MB)
            if len(_widths) >= 10_000:
                _widths.clear()
            _widths[text] = width
    return width


def prefix(text: str, width: int) -> str:
    """The longest start of `text` that takes at most `width` cells."""
    used = 0
    for i, ch in enumerate(text):
        used += cell_width(ch)
        if used > width:
            return text[:i]
    return text


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells (with an ellipsis that never follows a space or a separator: `cut_end`) and
    padded to exactly `width`."""
    text = text.replace("\n", " ")
    if cell_width(text) > width:
        n, ellipsis = cut_end(text, width)
        text = text[:n] + ("…" if ellipsis else "")
    return text + " " * (width - cell_width(text))


def fit_end(text: str, width: int) -> str:
    """`text` cut to its last `width` cells (an ellipsis before them) and padded on the left to exactly `width`: what
    comes just before a concordance's hit is what a reader needs of the left context."""
    text = text.replace("\n", " ")
    if cell_width(text) > width:
        start, used = len(text), 1 if width > 0 else 0
        while start > 0 and used + cell_width(text[start - 1]) <= width:
            start -= 1
            used += cell_width(text[start])
        text = ("…" if width > 0 else "") + text[start:].lstrip()
    return " " * (width - cell_width(text)) + text


def shorten(parts: Sequence[str], width: int, sep: str = " · ") -> str:
    """`parts` joined by `sep`, leaving out whole parts from the end until the line fits `width` cells;
    the first part is cut at a word (with an ellipsis) only when it alone is too long. Never mid-word
    while a whole part can go instead."""
    parts = [p for p in parts if p]
    while len(parts) > 1 and cell_width(sep.join(parts)) > width:
        parts.pop()
    line = sep.join(parts)
    return line if cell_width(line) <= width else cut_at_word(line, width)


def cut_at_word(text: str, width: int) -> str:
    """`text` cut to at most `width` cells after a whole word, with an ellipsis (mid-word only for one
    word longer than the line)."""
    if cell_width(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    words = text.split(" ")
    out = ""
    for word in words:
        candidate = f"{out} {word}" if out else word
        if cell_width(candidate) + 1 > width:
            break
        out = candidate
    if not out:
        return prefix(text, width - 1) + "…"
    return out.rstrip(" ·,:;(") + "…"


# what a cut line must not end on: a space, a separator or an opening quote or bracket left without what followed it
TRAILING = frozenset(" \t·,:;/-–—(<[{\"'“‘「『《〈…")


def cut_end(text: str, width: int, keep: int = 0) -> tuple[int, bool]:
    """Where to cut `text` to show it in `width` cells: (how many characters to show, whether an ellipsis follows).

    Whole if it fits. Otherwise as much as fits before the ellipsis, never ending on a space or a separator
    (`아주경제 · …` becomes `아주경제…`); the first `keep` characters (what tells a row apart) stay whole while
    they fit, and when nothing past them fits they are shown alone, without an ellipsis."""
    if cell_width(text) <= width:
        return len(text), False
    if width <= 0:
        return 0, False
    room = len(prefix(text, width - 1))
    n = room
    while n > 0 and text[n - 1] in TRAILING:
        n -= 1
    if keep and keep <= len(text) and cell_width(text[:keep]) <= width:
        return (n, True) if n > keep else (keep, False)
    return (n or room), True


def wrap_parts(parts: Sequence[str], width: int, sep: str = " · ") -> list[str]:
    """`parts` joined by `sep` on lines of at most `width` cells, broken only between parts: no line ends or
    starts with the separator. A part longer than a line is wrapped between its words (`wrap`)."""
    lines: list[str] = []
    current = ""
    for part in (p for p in parts if p):
        candidate = f"{current}{sep}{part}" if current else part
        if cell_width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = wrap(part, width) if cell_width(part) > width else [part]
        lines.extend(pieces[:-1])
        current = pieces[-1]
    if current or not lines:
        lines.append(current)
    return lines


def wrap(text: str, width: int) -> list[str]:
    """`text` on lines of at most `width` cells, broken between words (a word longer than a line is cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if cell_width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while cell_width(word) > width:
            head = prefix(word, width) or word[:1]
            lines.append(head)
            word = word[len(head) :]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


def first_fit(candidates: Sequence[str], width: int) -> str:
    """The first of `candidates` (longest first) that fits `width` cells; else the last, cut after a word."""
    for text in candidates:
        if cell_width(text) <= width:
            return text
    return cut_at_word(candidates[-1], width) if candidates else ""


@dataclass(frozen=True)
class Spec:
    """How one column takes its share of a line.

    `natural`: the cells its content needs (at least its heading); `least`: how far it may be cut; `fair`:
    how far it is cut before optional columns are left out (default: `least`); `flex`: its share of room
    to spare; `cut`: the order in which columns give up cells (higher first; 0 only as a last resort, for
    numbers and dates); `optional`: left out when the others do not fit at their fair widths."""

    natural: int
    least: int = 0
    flex: int = 0
    cut: int = 0
    optional: bool = False
    fair: int | None = None


def share(specs: Sequence[Spec], width: int, gap: int = GAP) -> list[int]:
    """Each column's width in a line `width` cells wide (0: the column is left out).

    Columns that may be cut give cells down to their fair widths (higher `cut` first, the widest first),
    then optional columns are left out (the last first), then cut columns give down to their least widths,
    then every column gives (the last resort); room a left-out column freed goes back to the cut columns
    that give last, then to the flexible ones."""
    n = len(specs)
    if not n:
        return []
    widths = [max(s.natural, 0) for s in specs]
    shown = [True] * n
    least = [min(s.least, s.natural) for s in specs]
    fair = [min(max(s.least if s.fair is None else s.fair, s.least), s.natural) for s in specs]

    def over() -> int:
        on = [w for w, s in zip(widths, shown) if s]
        return sum(on) + gap * (len(on) - 1) - width

    def give(floors: list[int], excess: int) -> int:
        for level in sorted({s.cut for s in specs if s.cut > 0}, reverse=True):
            if excess <= 0:
                break
            excess = _water(widths, [i for i in range(n) if specs[i].cut == level and shown[i]], floors, excess)
        return excess

    excess = give(fair, over())
    for i in reversed(range(n)):
        if excess <= 0:
            break
        if specs[i].optional and shown[i] and sum(shown) > 1:
            shown[i] = False
            excess = over()
    excess = give(least, excess)
    if excess > 0:  # the last resort: everything gives up cells, what may be cut first
        excess = _water(widths, [i for i in range(n) if shown[i] and specs[i].cut > 0], [1] * n, excess)
        excess = _water(widths, [i for i in range(n) if shown[i]], [1] * n, excess)
    while excess < 0:  # room left: cut columns take it back, those that give last first
        short = [(specs[i].cut, widths[i] - specs[i].natural, i) for i in range(n) if shown[i] and widths[i] < specs[i].natural]
        if not short:
            break
        level = min(short)[0]
        _, _, i = min(x for x in short if x[0] == level)
        widths[i] += 1
        excess += 1
    if excess < 0:
        flexible = [i for i in range(n) if shown[i] and specs[i].flex > 0]
        if flexible:
            spare, weights = -excess, sum(specs[i].flex for i in flexible)
            given = 0
            for i in flexible:
                part = spare * specs[i].flex // weights
                widths[i] += part
                given += part
            widths[flexible[0]] += spare - given
    return [w if s else 0 for w, s in zip(widths, shown)]


def _water(widths: list[int], columns: list[int], floors: list[int], excess: int) -> int:
    """Take `excess` cells from `columns`, always from the one with most to give (down to its floor)."""
    while excess > 0:
        room = [(widths[i] - floors[i], i) for i in columns if widths[i] > floors[i]]
        if not room:
            break
        room.sort(reverse=True)
        top, i = room[0]
        step = min(excess, top - (room[1][0] if len(room) > 1 else 0)) or 1
        step = min(step, top)
        widths[i] -= step
        excess -= step
    return excess


_NUMERIC = re.compile(r"^[-+0-9.,:%/ ]*$")


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    max_widths: Sequence[int] | None = None,
    width: int | None = None,
    keep: Sequence[str] = (),
    optional: Sequence[str] = (),
    ends: Sequence[str] = (),
) -> str:
    """An aligned table with a header rule, `width` cells wide at most (None: as wide as it needs); the columns named
    in `ends` keep the end of what they hold, flush right (`fit_end`).

    The `optional` columns give up cells first (down to 16), text columns next (down to 12), then the
    optional columns are left out, then text columns give down to 6; columns of numbers and dates, and
    the columns named in `keep`, are cut only when nothing else is left."""
    naturals = [cell_width(h) for h in headers]
    numeric = [True] * len(headers)
    for row in rows:
        for i, value in enumerate(row):
            naturals[i] = max(naturals[i], cell_width(value))
            if numeric[i] and value and not _NUMERIC.match(value):
                numeric[i] = False
    if max_widths:
        naturals = [max(min(w, m), cell_width(h)) for w, m, h in zip(naturals, max_widths, headers)]
    if width is None:
        widths = naturals
    else:
        specs = []
        for w, h, num in zip(naturals, headers, [n or h in keep for n, h in zip(numeric, headers)]):
            if num:
                specs.append(Spec(w, w))
            elif h in optional:
                specs.append(Spec(w, min(w, max(cell_width(h), 16)), cut=2, optional=True))
            else:
                specs.append(Spec(w, min(w, max(cell_width(h), 6)), cut=1, fair=min(w, max(cell_width(h), 12))))
        widths = share(specs, width)
    shown = [i for i, w in enumerate(widths) if w > 0]
    lines = ["  ".join(fit(headers[i], widths[i]) for i in shown).rstrip()]
    lines.append("  ".join("─" * widths[i] for i in shown))
    for row in rows:
        lines.append("  ".join((fit_end if headers[i] in ends else fit)(row[i], widths[i]) for i in shown).rstrip())
    return "\n".join(lines)
