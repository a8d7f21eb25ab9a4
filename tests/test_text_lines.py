"""The claims pane's detail is drawn by `TextLines` (laid out once per text, width and style) in place of a Static
(laid out again in every frame): a reader must see, cell for cell and style for style, what the Static showed."""

from __future__ import annotations

from textual.app import App
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Static

from tui.widgets.text_lines import TextLines

PARTS = [
    ["abcdefghijklmnopqrst uvw"],  # a space on the column that overflows
    ["abc defghijklmnopqrs tuv wxyz"],
    ["정부는 경제성장률 전망을 낮췄다 그리고 다시 올렸다"],  # a break after a line of exactly the width
    ["", "x", ""],  # blank lines
    ["a\n", "b"],
    ["abcdefghijklmnopqrstuvwxyzabcdefghij"],  # no space to break at
    ["가나다라마바사아자차카타파하가나다라마바사"],
    ["a  b", "첫 on 2023-04-11 vs 세 번째 on 2024-04-04: 359 days apart (> 180), so the world may have changed"],
]


def look(segment) -> object:
    return segment.style.clear_meta_and_links() if segment.style else None


def cells(strips) -> list[list[tuple[str, object]]]:
    """Each cell's character and look (not the offsets a Static tags its text with for mouse selection)."""
    return [[(ch, look(segment)) for segment in strip for ch in segment.text] for strip in strips]


class Beside(App):
    CSS = "#static, #lines { width: 22; height: 10; padding: 0 1; background: $surface; overflow: hidden; }"

    def compose(self):
        yield Static(id="static")
        yield TextLines(id="lines")


async def test_the_detail_shows_what_a_static_showed():
    app = Beside()
    async with app.run_test(size=(60, 24)) as pilot:
        static, lines = app.query_one("#static", Static), app.query_one("#lines", TextLines)
        for parts in PARTS:
            contents = [Content(p) for p in parts]
            contents[0] = contents[0].stylize("bold red", 0, 3)  # (a styled span, as a verdict's mark)
            static.update(Content("\n").join(contents))
            lines.update(contents)
            await pilot.pause()
            whole = Region(0, 0, 22, 10)
            assert cells(lines.render_lines(whole)) == cells(static.render_lines(whole)), parts


async def test_a_text_laid_out_ahead_shows_as_the_static_showed_it():
    """The claims pane lays out the detail of an article the cursor may come to before it comes: shown, it is the
    same, and the text shown before it comes back the same when asked for again."""
    app = Beside()
    async with app.run_test(size=(60, 24)) as pilot:
        static, lines = app.query_one("#static", Static), app.query_one("#lines", TextLines)
        whole = Region(0, 0, 22, 10)
        for i, parts in enumerate(PARTS):
            contents = [Content(p).stylize("bold red", 0, 2) for p in parts]
            lines.prepare(("parts", i), lambda contents=contents: contents)
        for i, parts in enumerate(PARTS):
            contents = [Content(p).stylize("bold red", 0, 2) for p in parts]
            static.update(Content("\n").join(contents))
            assert lines.show_kept(("parts", i))
            await pilot.pause()
            assert cells(lines.render_lines(whole)) == cells(static.render_lines(whole)), parts
        assert not lines.show_kept(("parts", len(PARTS)))  # (never given: the caller lays it out)
