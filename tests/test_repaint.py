"""What a key redraws is what the whole screen drawn afresh shows.

The list, the reader and the lists beside them repaint only the lines a key changed (rows that stay
where they were, a focus that moves, hits that come and go); a line left out would show the old text
until something else repaints it. Each step below compares the screen as Textual holds it (the lines
kept from earlier frames and the lines repainted since) with every line drawn again."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from textual.geometry import Region

from tests.conftest import searchable, wait_for

SENTENCES = [
    "정부는 {n}일 경제성장률 전망을 {v}%로 낮췄다.",
    "서울시는 대중교통 요금을 {v}원 올린다고 밝혔다.",
    "대통령실은 {n}일 외교 일정을 발표했다.",
    "오픈AI는 도쿄에 {n}번째 해외 사무소를 연다.",
    "기상청은 태풍이 {n}일 북상한다고 밝혔다.",
]
TOPICS = ["경제 전망", "서울 교통", "대통령 일정", "오픈AI 사무소", "태풍 북상", "경제 교통", "서울 태풍"]


def write_corpus(folder, count: int = 36) -> None:
    folder.mkdir()
    for i in range(count):
        body = " ".join(SENTENCES[(i + k) % len(SENTENCES)].format(n=i % 28 + 1, v=i * 7 % 90 + 10) for k in range(i % 4 + 2))
        (folder / f"{i:03d}.txt").write_text(f"{TOPICS[i % len(TOPICS)]} {i}호\n\n{body}\n", encoding="utf-8")


def screen_as_held(app) -> list[list]:
    return [list(strip) for strip in app.screen._compositor.render_strips()]


def screen_drawn_afresh(app) -> list[list]:
    for widget in app.screen.walk_children(with_self=True):
        widget._styles_cache.clear()
    return screen_as_held(app)


@pytest.mark.parametrize("size", [(200, 50), (110, 16)])
async def test_each_key_leaves_the_screen_as_a_whole_redraw_would(tmp_path, size):
    corpus = tmp_path / "news"
    write_corpus(corpus)
    async with searchable(tmp_path, size, paths=[str(corpus)]) as (app, pilot, screen):
        steps = [
            ["1"],
            *[["j"]] * 3,
            ["pagedown"],
            ["enter"],  # the reader takes the focus: the list's cursor row loses its focused look
            ["1"],
            ["tab"],
            ["tab"],
            ["1", "slash"],
            *[[key] for key in "경제"],  # rows that match stay where they were; the reader's hits change
            ["backspace"],
            *[[key] for key in " 교통"],
            *[["backspace"]] * 4,
            *[[key] for key in "서울"],
            ["backspace"],
            ["backspace"],  # an empty filter: the hit column goes
            *[[key] for key in "대통령실"],
            ["enter"],
            ["enter"],  # the article under the cursor, in the reader
            ["n"],
            ["n"],  # the current hit moves: its lines are restyled, no other
            ["bracketright"],
            ["bracketright"],
            ["bracketleft"],  # the emphasised mention moves
            ["1", "slash"],
            *[["backspace"]] * 4,
            *[[key] for key in "없는말"],  # no article: the list says so
            ["escape"],
            ["escape"],
            ["G"],
            ["g"],
        ]
        seen = 0
        for keys in steps:
            await pilot.press(*keys)
            await pilot.pause()
            held = screen_as_held(app)
            afresh = screen_drawn_afresh(app)
            stale = [y for y, (a, b) in enumerate(zip(held, afresh)) if a != b]
            assert not stale, f"after {keys}: lines {stale} still show what was there before"
            seen += 1
        assert seen == len(steps)


def drawn(screen) -> list[list]:
    return [list(strip) for strip in screen._compositor.render_strips()]


def drawn_by_textual(screen) -> list[list]:
    """`screen` as Textual's own compositor draws it: every widget on the map, the covered ones too, cut as Textual
    cuts them."""
    from textual._compositor import Compositor

    compositor = screen._compositor
    compositor._get_renders = lambda crop=None: Compositor._get_renders(compositor, crop)
    compositor._render_chops = lambda crop, rendered: Compositor._render_chops(compositor, crop, rendered)
    try:
        return drawn(screen)
    finally:
        del compositor._get_renders, compositor._render_chops


def bytes_of_an_update(app, screen, *regions) -> tuple[str, str]:
    """The terminal sequences of an update of `regions` of `screen`: as it writes them, and as Textual's own compositor
    draws and writes them."""
    from textual._compositor import Compositor

    compositor = screen._compositor
    compositor._dirty_regions.update(regions)
    ours = compositor.render_partial_update().render_segments(app.console)
    compositor._dirty_regions.update(regions)
    compositor._get_renders = lambda crop=None: Compositor._get_renders(compositor, crop)
    compositor._render_chops = lambda crop, rendered: Compositor._render_chops(compositor, crop, rendered)
    try:
        textuals = Compositor.render_partial_update(compositor).render_segments(app.console)
    finally:
        del compositor._get_renders, compositor._render_chops
    return ours, textuals


def cells(texts) -> list[str]:
    """Each cell's character: a wide character in its first cell and "" in its second."""
    out: list[str] = []
    for text in texts:
        for character in text:
            out.append(character)
            out.extend([""] * (cell_len(character) - 1))
    return out


CURSOR_MOVE = re.compile(r"\x1b\[(\d+);(\d+)H")
STYLE = re.compile(r"\x1b\[[0-9;:]*m")


def writes(sequence: str) -> list[tuple[int, int, list[str]]]:
    """The (x, y, cells) an update writes, each part of a line from where the cursor is moved to."""
    parts = CURSOR_MOVE.split(sequence)
    return [
        (int(x) - 1, int(y) - 1, cells([STYLE.sub("", text).rstrip("\n")])) for y, x, text in zip(parts[1::3], parts[2::3], parts[3::3])
    ]


def misdrawn(screen, sequence: str) -> list[tuple[int, int]]:
    """Where the parts `sequence` writes differ from what `screen` shows there: a part that ends in the middle of a
    wide character writes a space for its first half, and a terminal blanks the whole character."""
    shown = [cells(text for text, *_ in line) for line in drawn(screen)]
    return [(x, y) for x, y, written in writes(sequence) if shown[y][x : x + len(written)] != written]


@pytest.mark.parametrize("size", [(200, 50), (80, 24), (130, 30)])
async def test_a_container_left_undrawn_under_its_panes_changes_no_cell(tmp_path, size):
    """The main screen does not draw the containers its panes cover, and draws only the borders of those with one
    (`tui/covering.py`): what shows is, cell for cell and byte for byte, what Textual draws with them, whatever the
    layout, the pane shown, a toast or a dialog over it."""
    async with searchable(tmp_path, size, notifications=True) as (app, pilot, screen):
        compositor = screen._compositor
        undrawn = [w for w in compositor.visible_widgets if w not in compositor.drawn_widgets()]
        assert screen in undrawn and screen.query_one("#panes") in undrawn
        for keys in [[], ["2"], ["3"], ["4"], ["1", "slash", *"오픈"], ["escape", "enter", "n"], ["question_mark"]]:
            await pilot.press(*keys)
            await pilot.pause()
            assert drawn(screen) == drawn_by_textual(screen), f"after {keys}"  # (under a dialog too: drawn behind it)
            if app.screen is screen:
                width, height = screen.size
                ours, textuals = bytes_of_an_update(app, screen, screen.size.region)
                assert ours == textuals and "\x1b[" in ours, f"after {keys}"
                ours, textuals = bytes_of_an_update(app, screen, Region(3, 2, width // 2, 3), Region(width - 9, height - 4, 7, 2))
                assert [place[:2] for place in writes(ours)] == [place[:2] for place in writes(textuals)], f"after {keys}"
                assert not misdrawn(screen, ours), f"after {keys}"


def test_a_part_of_a_line_ending_inside_a_wide_character_takes_all_of_it():
    """Hangul, and emoji as Rich measures them (a heart and its variation selector: one character, two cells)."""
    from rich.segment import Segment
    from textual.strip import Strip

    from tui.covering import straddles

    # cut after 1..7 cells: 1 where the cut falls inside a two-cell character
    for text, expected in [("❤️가나다", [1, 0, 1, 0, 1, 0, 1]), ("가나다다", [1, 0, 1, 0, 1, 0, 1]), ("a가나다b", [0, 1, 0, 1, 0, 1, 0])]:
        for split in (k for k in range(len(text) + 1) if text[k : k + 1] != "\ufe0f"):  # (however the line is in segments)
            strip = Strip([Segment(text[:split]), Segment(text[split:])])
            assert [straddles(strip, c) for c in range(1, 8)] == expected, (text, split)


async def test_an_update_of_part_of_a_line_never_leaves_half_a_hangul_character(tmp_path):
    """Textual updates a widget's region, here as wide as the left 54 cells of the reader's lines at 80x24 (seen
    after a resize from 200x50 and `n`): where its edge falls inside a Hangul character, the first half went out as a
    space and the terminal blanked both cells, a blank stripe down the article until it was drawn again."""
    async with searchable(tmp_path, (80, 24)) as (app, pilot, screen):
        await pilot.press("2")
        await pilot.pause()
        assert sum(cells(text for text, *_ in line).count("") for line in drawn(screen)[2:]) > 200  # (Hangul, two cells each)
        bad = []
        for edge in range(2, 80):
            ours, _ = bytes_of_an_update(app, screen, Region(0, 2, edge, 21))
            bad += [(edge, place) for place in misdrawn(screen, ours)]
        assert not bad, f"parts of lines that end inside a character (edge, (x, y)): {bad[:5]}"
        await pilot.press("ctrl+f", *"기시다", "enter")  # a dialog's lines too: the concordance's
        dialog = app.screen
        await wait_for(pilot, lambda: "기시다" in "".join(text for line in drawn(dialog) for text, *_ in line))
        for edge in range(2, 80):
            ours, _ = bytes_of_an_update(app, dialog, Region(0, 2, edge, 21))
            bad += [(edge, place) for place in misdrawn(dialog, ours)]
        assert not bad, f"the concordance's parts of lines that end inside a character (edge, (x, y)): {bad[:5]}"


async def test_a_container_whose_children_leave_cells_at_different_columns_on_different_lines_is_drawn_as_textual_draws_it():
    """A box whose children are 30 cells wide on its first line and 40 below leaves uncovered cells that begin at
    different columns: drawn only there, each line's part is as wide as Textual's."""
    from rich.cells import cell_len
    from textual.app import App
    from textual.containers import Vertical
    from textual.screen import Screen
    from textual.widgets import Static

    from tui.covering import CoveringCompositor

    class Boxed(Screen):
        CSS = "#box { width: 50; height: 6; background: red; } #a { width: 30; height: 1; } #b { width: 40; height: 5; }"

        def __init__(self) -> None:
            super().__init__()
            self._compositor = CoveringCompositor()

        def compose(self):
            with Vertical(id="box"):
                yield Static("가나다 " * 8, id="a")
                yield Static("라마바 " * 40, id="b")

    class Staggered(App):
        def on_mount(self) -> None:
            self.push_screen(Boxed())

    app = Staggered()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        screen = app.screen
        box = screen.query_one("#box")
        assert screen._compositor.drawn_widgets()[box][1].x == 30  # (drawn only right of its first child)
        assert drawn(screen) == drawn_by_textual(screen)
        assert all(sum(cell_len(text) for text, *_ in line) == 60 for line in drawn(screen))
        ours, textuals = bytes_of_an_update(app, screen, screen.size.region)
        assert ours == textuals
