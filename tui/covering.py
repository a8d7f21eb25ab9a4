"""A compositor that draws only what can show, and writes a frame with less work per part of a line.

Textual draws, for the lines a frame updates, every widget on the screen's map that they cross, back ones
included, and keeps the front-most widget's cells. The main screen, its row of panes and the boxes around
the side panes are covered by the panes' own lines (but for a pane's border): each frame drew them whole
and threw them away, about a fifth of a frame that changes the list or the reader (measured in-process at
10k: j/k's frame 6.0 -> 4.6-4.9 ms median). Which cells of a container its children leave uncovered is
worked out from the map, once per arrangement: a container is drawn only where they are (a border), and
not at all when there are none.

An update of regions (a key's frame: the list's rows, the reader, a heading) drew every widget inside the box
around them all, each whole: the claims pane and the panes' borders were drawn under a list and a reader that
changed. Here a widget is drawn only along the lines the regions cross, and not at all when they cross none.

Textual also works out, every frame, where each widget's lines are cut between the panes, and makes a new
cursor-move sequence for every part of every line it writes; both are the same from one frame to the next
and are kept here.

An update of part of a line that ends inside a wide character (Hangul, Han) would write its first half as a
space; a terminal then blanks the whole character, and the cell after it stays blank until the line is drawn
again. An update here writes the whole character instead. Dialogs get this alone (`WholeCharacters`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

from rich.cells import cell_len, split_graphemes
from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class WholeCharacters(Compositor):
    """Textual's compositor, whose updates of parts of lines write whole characters (`Update`)."""

    def render_partial_update(self) -> ChopsUpdate | None:
        update = super().render_partial_update()
        return None if update is None else Update(update.chops, update.spans, update.chop_ends)


class CoveringCompositor(WholeCharacters):
    """Textual's compositor, drawing only the widgets whose cells may show."""

    def __init__(self) -> None:
        super().__init__()
        self._drawn_from: dict | None = None  # the visible widgets `_drawn` was worked out from
        self._drawn: dict[Widget, tuple[Region, Region]] = {}
        self._plans_for: list | None = None  # the cuts `_plans` were worked out from
        self._plans: dict[tuple[int, int, int, int], tuple[list[int], list[int], int]] = {}
        self._updated: tuple[Region, ...] | None = None  # the regions an update of parts of the screen repaints

    def drawn_widgets(self) -> dict[Widget, tuple[Region, Region]]:
        """The visible widgets, in Textual's order, each clipped to the cells its children leave uncovered (a border), less
        those their children cover."""
        visible = self.visible_widgets
        if self._drawn_from is not visible:
            self._drawn_from = visible
            self._drawn = {}
            for widget, (region, clip) in visible.items():
                left = uncovered(widget, (region, clip), visible)
                if left.area:
                    self._drawn[widget] = (region, clip.intersection(left))
        return self._drawn

    def render_partial_update(self) -> ChopsUpdate | None:
        self._updated = tuple(self._dirty_regions)
        try:
            return super().render_partial_update()
        finally:
            self._updated = None

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        # Textual's, over `drawn_widgets` rather than every visible widget; in an update of regions, over the lines of
        # each widget that they cross (Textual draws every widget in the box around them all, each whole)
        widgets = self.drawn_widgets()
        overlaps = crop.overlaps if crop else None
        updated = self._updated
        for widget, (region, clip) in widgets.items():
            if overlaps is not None and not overlaps(clip):
                continue
            if updated is not None:
                clip = crossed(region.intersection(clip), updated)
                if not clip.area:
                    continue
            if clip.contains_region(region):
                yield region, clip, widget.render_lines(Region(0, 0, region.width, region.height))
            else:
                x, y, width, height = region.intersection(clip)
                if width and height:
                    yield region, clip, widget.render_lines(Region(x - region.x, y - region.y, width, height))

    def _render_chops(self, crop: Region, is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Strip]]:
        # Textual's, with where each widget's line is cut worked out once per arrangement rather than every frame
        cuts = self.cuts
        if self._plans_for is not cuts:
            self._plans_for, self._plans = cuts, {}
        plans = self._plans
        chops: list[dict] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        for region, clip, strips in self._get_renders(crop):
            render_region = region.intersection(clip)
            render_x = render_region.x
            first_cut, last_cut = render_region.column_span
            for y, strip in zip(render_region.line_range, strips):
                if not is_rendered_line(y):
                    continue
                key = (y, first_cut, last_cut, render_x)
                plan = plans.get(key)
                if plan is None:
                    final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                    if final_cuts and final_cuts[0] != render_x:
                        # a container clipped to its uncovered cells: on this line the clip's left edge is no cut (a
                        # child covers the cells up to the first one), so the line is cut there too and that part dropped
                        plan = (final_cuts, [cut - render_x for cut in final_cuts], 1)
                    else:
                        plan = (final_cuts, [cut - render_x for cut in final_cuts[1:]], 0)
                    plans[key] = plan
                chops_line = chops[y]
                get = chops_line.get
                pieces = strip.divide(plan[1])
                for cut, piece in zip(plan[0], pieces[1:] if plan[2] else pieces):
                    if get(cut) is None:  # (front to back: the first piece for a cut wins)
                        chops_line[cut] = piece
        return chops


class Update(ChopsUpdate):
    """Textual's update of parts of lines, each part's cursor move made once per place rather than once per frame, and
    each part ending after a whole character."""

    def render_segments(self, console: Console) -> str:
        sequences: list[str] = []
        append = sequences.append
        chops, chop_ends = self.chops, self.chop_ends
        last_y = self.spans[-1][0]
        for y, x1, x2 in self.spans:
            for end, (x, strip) in zip(chop_ends[y], chops[y].items()):
                if strip is None or x > x2 or end <= x1:
                    continue
                if not (x2 > x >= x1 and end <= x2):
                    strip = strip.crop(0, x2 - x + straddles(strip, x2 - x) if end > x2 else end - x)
                append(move_to(x, y))
                append(strip.render(console))
            if y != last_y:
                append("\n")
        return "".join(sequences)


def straddles(strip: Strip, cells: int) -> int:
    """How many cells of a wide character begun in the first `cells` of `strip` lie beyond them (0 or 1). A character is
    a grapheme, as Rich measures and cuts them: an emoji with its variation selector or joined sequence is one."""
    position = 0
    for segment in strip:
        text = segment.text
        length = cell_len(text)
        if position + length <= cells:
            position += length
            continue
        for _, _, width in split_graphemes(text)[0]:
            start, position = position, position + width
            if position >= cells:
                return position - cells if start < cells else 0
    return 0


@lru_cache(maxsize=16384)
def move_to(x: int, y: int) -> str:
    """The terminal sequence that moves the cursor to a cell."""
    return Control.move_to(x, y).segment.text


def crossed(shown: Region, regions: Iterable[Region]) -> Region:
    """The lines of `shown` (a widget's visible part) that `regions` cross, across its width: empty when none does."""
    top, bottom = shown.bottom, shown.y
    for region in regions:
        part = shown.intersection(region)
        if part.area:
            top, bottom = min(top, part.y), max(bottom, part.bottom)
    return Region(shown.x, top, shown.width, bottom - top) if top < bottom else Region()


def uncovered(widget: Widget, place: tuple[Region, Region], visible: dict[Widget, tuple[Region, Region]]) -> Region:
    """The smallest region holding every cell of `widget`'s visible part that its children's visible parts leave
    uncovered (its border, its padding, a gap): empty when they cover it all."""
    region, clip = place
    shown = region.intersection(clip)
    parts = []
    for child in widget._nodes:
        child_place = visible.get(child)
        if child_place is not None:
            part = child_place[0].intersection(child_place[1]).intersection(shown)
            if part.area:
                parts.append(part)
    if not parts:
        return shown
    left, right, top, bottom = shown.right, shown.x, shown.bottom, shown.y
    for y in shown.line_range:
        reach = shown.x
        for part in sorted((p for p in parts if p.y <= y < p.bottom), key=lambda p: p.x):
            if part.x > reach:  # a gap from reach to part.x
                left, right, top, bottom = min(left, reach), max(right, part.x), min(top, y), max(bottom, y + 1)
            reach = max(reach, part.right)
        if reach < shown.right:
            left, right, top, bottom = min(left, reach), max(right, shown.right), min(top, y), max(bottom, y + 1)
    return Region(left, top, max(right - left, 0), max(bottom - top, 0))
