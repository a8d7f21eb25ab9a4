"""The filter boxes draw their one line of text themselves (a keystroke's frame must not wait for a Rich console):
what a user sees in the box must be what Textual's Input shows for the same text, cursor, selection, suggestion,
blink and scroll, wide Korean letters included."""

from __future__ import annotations

import random

from textual.app import App, ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input
from textual.widgets._input import Selection

from tui.widgets.line_input import LineInput


def cells(strip) -> list[tuple[str, object]]:
    """What each cell shows, and in what style (however the line is cut into segments)."""
    out = []
    for segment in strip:
        for ch in segment.text:
            out.append((ch, segment.style))
    return out


class Box(App):
    CSS = "LineInput { width: 24; }"

    def compose(self) -> ComposeResult:
        yield LineInput(placeholder="filter", suggester=SuggestFromList(["올트먼은 오픈AI 대표", "openai tokyo office"]))


async def test_the_box_shows_what_textuals_input_shows():
    rng = random.Random(11)
    app = Box()
    async with app.run_test(size=(40, 6)) as pilot:
        box = app.query_one(LineInput)
        box.focus()
        await pilot.pause()
        compared = suggested = selected = 0
        for _ in range(120):
            letters = "올트먼은 오픈AI openai 2031만명 " + ("\t\x07" if rng.random() < 0.1 else "")  # (a pasted tab or bell)
            typed = "".join(rng.choice(letters) for _ in range(rng.randint(0, 30)))
            value = rng.choice(["올트먼", "open", "올", ""]) if rng.random() < 0.25 else typed  # (some with a suggestion, some empty)
            box.value = value
            await pilot.pause()  # (the suggester answers in a worker)
            box.cursor_position = rng.randint(0, len(value))
            if rng.random() < 0.3 and value:
                a, b = rng.randint(0, len(value)), rng.randint(0, len(value))
                box.selection = Selection(a, b)
            box._cursor_visible = rng.random() < 0.7
            if rng.random() < 0.2:
                box.blur()
            elif not box.has_focus:
                box.focus()
            await pilot.pause()
            ours, textuals = box.render_line(0), Input.render_line(box, 0)
            assert cells(ours) == cells(textuals), (value, box.selection, box._suggestion, box.scroll_offset)
            assert ours.cell_length == textuals.cell_length
            compared += bool(value)
            suggested += len(box._suggestion) > len(value) and box.has_focus
            selected += not box.selection.is_empty and box.has_focus
        assert compared > 80 and suggested and selected
        # the scrolled case (a value wider than the box, the cursor at its end) came up
        box.value = "올트먼은 오픈AI 도쿄 사무소 2031만명 openai"
        box.cursor_position = len(box.value)
        await pilot.pause()
        assert box.scroll_offset.x > 0
        assert cells(box.render_line(0)) == cells(Input.render_line(box, 0))
