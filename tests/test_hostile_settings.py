"""Settings edited without loss: errors with line and column, a broken file never overwritten, comments
and unknown keys kept, unknown themes, binding ids and conflicting keys reported by name, flags never saved."""

from __future__ import annotations

from tests.conftest import wait_for
from tui import settings as settings_mod
from tui.app import make_app

HAND_WRITTEN = """\
# my Gisa settings
theme = "gisa"  # the house theme
low_bandwidth = false
future_option = 42  # a key this version does not know

[keys]
# my remapping
"reader.next_mention" = "right_square_bracket,x"

[plugins]
name = "kept"
"""


def _notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def test_a_parse_error_names_its_line_and_column(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('theme = "nord"\n\n[keys]\n"reader.search" = slash\n', encoding="utf-8")
    loaded = settings_mod.load(path)
    assert loaded.problems and "line 4" in loaded.problems[0] and "column" in loaded.problems[0]
    assert "settings.toml" in loaded.problems[0]


async def test_a_broken_file_is_never_overwritten(tmp_path):
    path = tmp_path / "settings.toml"
    broken = HAND_WRITTEN + "theme = [unclosed\n"
    path.write_text(broken, encoding="utf-8")
    app = make_app(None, settings_mod.load(path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        app.theme = "nord"
        app.action_toggle_low_bandwidth()
        await pilot.pause()
        assert app.theme == "nord" and app.low_bandwidth  # the change holds for the session
        assert any("not saved" in n for n in _notes(app))
    assert path.read_text(encoding="utf-8") == broken


async def test_saving_keeps_comments_unknown_keys_and_the_keys_table(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    app = make_app(None, settings_mod.load(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    text = path.read_text(encoding="utf-8")
    assert text == HAND_WRITTEN.replace('theme = "gisa"', 'theme = "nord"')
    assert settings_mod.load(path).keys == {"reader.next_mention": "right_square_bracket,x"}


async def test_unknown_theme_binding_ids_and_conflicting_keys_are_named(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('theme = "no-such-theme"\n[keys]\n"reader.nope" = "x"\n"reader.search" = "n"\n', encoding="utf-8")
    app = make_app(None, settings_mod.load(path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_for(pilot, lambda: _notes(app))
        text = " ".join(_notes(app))
        assert "no-such-theme" in text
        assert "reader.nope" in text
        assert "reader.search" in text and "reader.next_match" in text  # both on n in the reader
        assert app.theme == "gisa"


async def test_command_line_flags_are_never_saved(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("low_bandwidth = false\n", encoding="utf-8")
    app = make_app(None, settings_mod.load(path), low_bandwidth=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.low_bandwidth
        app.theme = "nord"  # a save for another reason
        await pilot.pause()
    saved = settings_mod.load(path)
    assert saved.theme == "nord" and saved.low_bandwidth is False


def test_wrong_types_are_reported_and_ignored(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('theme = 3\nlow_bandwidth = "yes"\nkeys = "none"\n', encoding="utf-8")
    loaded = settings_mod.load(path)
    assert (loaded.theme, loaded.low_bandwidth, loaded.keys) == ("gisa", False, {})
    text = " ".join(loaded.problems)
    assert "theme" in text and "low_bandwidth" in text and "keys" in text


def test_a_linked_settings_file_stays_a_link(tmp_path):
    real = tmp_path / "dotfiles" / "gisa.toml"
    real.parent.mkdir()
    real.write_text('# mine\ntheme = "gisa"\n', encoding="utf-8")
    link = tmp_path / "config" / "settings.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    settings = settings_mod.load(link)
    settings.theme = "nord"
    assert settings_mod.save(settings)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == '# mine\ntheme = "nord"\n'
