"""Keys in bursts, as they arrive over SSH: a palette opened and paged before it has laid out its list."""

from __future__ import annotations

import pytest
from textual import events

from tests.conftest import app_for, ready


async def burst(pilot, *keys: str) -> None:
    """Queue every key before any is handled, then let the app catch up."""
    app = pilot.app
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize(
    "keys",
    [
        ("ctrl+p", "pagedown"),
        ("ctrl+p", "pageup"),
        ("ctrl+p", "pagedown", "pagedown", "pageup"),
        ("ctrl+p", "t", "pagedown"),
        ("ctrl+p", "escape", "ctrl+p", "pageup"),
    ],
)
async def test_palette_paging_in_one_burst_does_not_crash(tmp_path, keys):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        for _ in range(3):
            await burst(pilot, *keys)
            assert app.is_running and app._exception is None
            await burst(pilot, "escape", "escape")


async def test_theme_palette_paging_in_one_burst_does_not_crash(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        app.search_themes()
        await burst(pilot, "pagedown", "pageup", "pagedown")
        assert app.is_running and app._exception is None


async def test_a_pane_command_arriving_as_the_screen_empties_does_not_crash(tmp_path):
    """A palette command that shows the reader can run while the app is closing (quit and a command in one burst,
    found by the key fuzzer at 80x24): the panes are gone by then, and showing a pane that is gone is a no-op."""
    from tests.conftest import main_screen
    from tui.widgets.reader import Reader

    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        assert screen.has_class("-narrow")
        await screen.query_one(Reader).remove()
        screen._mark_active("reader")  # (raised NoMatches)
        assert screen.active == "reader"
        await screen.query("*").remove()  # and with every pane gone, as the app closes
        screen.run_command("reader", "scroll_down")  # (raised NoMatches: #pane-bar)
        await pilot.pause()


async def test_corrections_typed_in_one_burst_edit_the_filter_in_order(tmp_path):
    """Over SSH a fast typist's keys arrive together: a Backspace among them acts where it was typed, once (Textual's
    Input ran it as a binding after the burst's later characters: `x Backspace y` gave "x", and two Backspaces
    before "xy" deleted the new letters instead of the old ones)."""
    from tests.conftest import main_screen
    from tui.widgets.filter_box import FilterBox

    app = app_for(tmp_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        box = main_screen(app).query_one("#list-filter", FilterBox)
        await burst(pilot, "도", "쿄")
        assert box.value == "도쿄"
        await burst(pilot, "backspace", "backspace", "x", "y")
        assert box.value == "xy"
        await burst(pilot, "a", "backspace", "b", "left", "c")
        assert box.value == "xycb"
        assert main_screen(app).text_filter == "xycb"


async def test_a_query_typed_in_the_same_burst_as_slash_lands_in_the_filter(tmp_path):
    """`/도쿄` arriving as one chunk (SSH, or a fast typist) opens the filter with 도쿄 in it; the letters used to reach
    the list before its binding had opened the box, and were lost."""
    from tests.conftest import main_screen
    from tui.widgets.filter_box import FilterBox

    app = app_for(tmp_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await ready(pilot)
        app.post_message(events.Key("slash", "/"))
        await burst(pilot, "도", "쿄")
        box = main_screen(app).query_one("#list-filter", FilterBox)
        assert app.focused is box and box.value == "도쿄" and main_screen(app).text_filter == "도쿄"
        await burst(pilot, "escape", "j")  # closed: j moves the list again
        assert not box.is_open and main_screen(app).text_filter == ""
