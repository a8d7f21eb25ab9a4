"""Shared fixtures: the default corpus, the shared data folder, one Kiwi per session."""

from __future__ import annotations

import os
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
