"""Settings, theme and legibility without colour."""

from __future__ import annotations

from corpus.kinds import CODES
from tests.conftest import main_screen, ready
from tui import settings as settings_mod
from tui.app import make_app
from tui.theme import MARKERS
from tui.widgets.reader import Reader


def test_settings_round_trip_and_atomic_write(tmp_path):
    path = tmp_path / "gisa" / "settings.toml"
    s = settings_mod.Settings(theme="nord", low_bandwidth=True, keys={"reader.search": "slash,ctrl+f"}, path=path)
    settings_mod.save(s)
    loaded = settings_mod.load(path)
    assert (loaded.theme, loaded.low_bandwidth, loaded.keys) == ("nord", True, {"reader.search": "slash,ctrl+f"})
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]


def test_broken_settings_give_defaults_and_say_so(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("theme = [unclosed\n", encoding="utf-8")
    loaded = settings_mod.load(path)
    assert loaded.theme == "gisa" and loaded.problem and "ignored" in loaded.problem


async def test_kinds_stay_distinct_without_colour(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(None, settings_mod.Settings(path=tmp_path / "s.toml"), jobs=0)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await ready(pilot)
        assert app.no_color
        reader = main_screen(app).query_one(Reader)
        looks = set()
        for kind in CODES:
            style = reader.get_visual_style(f"reader--{kind}")
            # only what every console draws: bold, underline, reverse, and the kind's brackets
            assert not style.italic and not style.dim, kind
            looks.add((bool(style.bold), bool(style.underline), bool(style.reverse), MARKERS.get(kind)))
        assert len(looks) == len(CODES)


async def test_unknown_theme_falls_back_to_gisa(tmp_path):
    app = make_app(None, settings_mod.Settings(theme="no-such-theme", path=tmp_path / "s.toml"), jobs=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "gisa"
        assert "textual-light" in app.available_themes  # the built-in themes stay selectable
