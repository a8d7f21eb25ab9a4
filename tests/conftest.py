"""Shared fixtures: the default corpus, the shared data folder, one Kiwi per session."""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "articles"
SHARED = Path(os.environ.get("GISA_SHARED", ROOT.parent / "shared"))
SHARED_DATA = SHARED / "data"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Cache and settings go to a per-session temporary folder, never the user's."""
    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdg-config"))


@pytest.fixture(scope="session")
def seed_corpus():
    from corpus.loader import load_corpus

    return load_corpus([SEEDS])


def shared_data(*parts: str) -> Path:
    """A path in ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


def seed(corpus, name_part: str) -> dict:
    """The article row whose file name contains `name_part`."""
    rows = [r for r in corpus.articles.iter_rows(named=True) if name_part in r["name"]]
    assert len(rows) == 1, name_part
    return rows[0]


async def wait_for(pilot, condition, timeout=60.0):
    """Wait for a condition on the app, checking between frames (no fixed sleeps)."""
    steps = int(timeout / 0.05)
    for _ in range(steps):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out waiting for the app")


def main_screen(app):
    """The app's main screen, whatever dialog is on top of it."""
    from tui.screens.main import MainScreen

    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


async def ready(pilot):
    """Wait until the analysis is done and shown."""
    await wait_for(pilot, lambda: main_screen(pilot.app).result is not None)
    await pilot.pause()


@asynccontextmanager
async def searchable(tmp_path, size, paths=None, **run):
    """The app on `paths` (the bundled articles by default), analysed and its search index built:
    (app, pilot, its main screen)."""
    app = app_for(tmp_path, paths)
    async with app.run_test(size=size, **run) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.index is not None)
        yield app, pilot, screen


def app_for(tmp_path, paths=None, use_cache=True, jobs=0, settings=None):
    """The app on `paths` (the bundled articles by default), its settings in `tmp_path`; Kiwi in this
    process (the session's one Kiwi) unless `jobs` asks for worker processes."""
    from tui import settings as settings_mod
    from tui.app import make_app

    settings = settings or settings_mod.Settings(path=tmp_path / "settings.toml")
    return make_app(paths, settings, use_cache=use_cache, jobs=jobs)


def pytest_sessionfinish(session, exitstatus):
    """After `--snapshot-update`, record Kiwi's fingerprint, but only when every snapshot test ran and passed
    in this run: a partial update on another machine must not vouch for snapshots recorded elsewhere."""
    from tests import kiwi_fingerprint

    if not session.config.getoption("--snapshot-update", default=False) or session.testsfailed:
        return
    import tests.test_snapshots as snapshots

    wanted = {name for name in dir(snapshots) if name.startswith("test_snapshot")}
    if wanted and wanted <= kiwi_fingerprint.updated:
        kiwi_fingerprint.record()


def pytest_terminal_summary(terminalreporter):
    """Say at the end of every run whether the SVG snapshots could be compared pixel for pixel here."""
    from tests import kiwi_fingerprint

    if kiwi_fingerprint.current.cache_info().currsize:  # only when the snapshot tests ran
        terminalreporter.write_line(kiwi_fingerprint.describe())
