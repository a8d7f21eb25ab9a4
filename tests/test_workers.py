"""Analysis in worker processes: the same results as in this process; Esc and q end the workers."""

from __future__ import annotations

import multiprocessing
import time

import polars as pl
import pytest

from corpus.analysis import analyse
from corpus.loader import load_corpus
from tests.conftest import SEEDS, app_for, main_screen, wait_for

pytestmark = pytest.mark.slow


def _many_articles(root, n: int):
    root.mkdir()
    body = (
        "오픈AI는 서울 사무소 직원이 {n}명이라고 밝혔다. 샘 알트먼 CEO는 2025년 9월 10일 방한해 "
        "정부와 협력을 논의했다. 국내 챗GPT 주간 사용자는 {m}만명을 넘었다.\n"
    ) * 6
    for i in range(n):
        (root / f"{i:03d}.txt").write_text(f"기사 {i}\n\n" + body.format(n=i + 10, m=i * 3 + 100), encoding="utf-8")
    return root


def test_two_worker_processes_give_what_one_process_gives(tmp_path):
    articles = load_corpus([SEEDS]).articles
    here = analyse(articles, use_cache=False, jobs=0)
    there = analyse(articles, use_cache=False, jobs=2)
    assert there.mentions.equals(here.mentions)
    assert there.claims.equals(here.claims)
    assert there.entities.sort("entity_id").equals(here.entities.sort("entity_id"))
    assert not multiprocessing.active_children()  # the workers are gone once the analysis is done


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_quit_end_the_workers_mid_analysis(tmp_path, key):
    root = _many_articles(tmp_path / "many", 150)
    app = app_for(tmp_path, [str(root)], use_cache=False, jobs=1)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: multiprocessing.active_children() and screen.analysing, timeout=60)
        await pilot.press(key)
        if key == "escape":  # once, it says what a second does: Esc also closes and clears, and comes out of habit
            await pilot.pause()
            assert screen.analysing and any("Esc again stops" in n.message for n in app._notifications)
            await pilot.press(key)
            await wait_for(pilot, lambda: "stopped" in screen.query_one("#status").render().plain, timeout=5)
            assert screen.result is None and screen.query_one("Reader").article is not None
    # a pool being terminated may still be replacing a worker it lost (multiprocessing's own race): every
    # process it started must be gone within seconds, whenever it started
    deadline = time.monotonic() + 15
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not multiprocessing.active_children()


def test_a_pipeline_run_with_workers_matches_one_without(tmp_path):
    from corpus.pipeline import run

    root = _many_articles(tmp_path / "some", 12)
    one = run([str(root)], use_cache=False, jobs=0)
    two = run([str(root)], use_cache=False, jobs=2)
    assert two.analysis.claims.equals(one.analysis.claims)
    assert two.groups.select(pl.exclude("group_id")).equals(one.groups.select(pl.exclude("group_id")))


async def test_escape_in_the_reader_ends_its_search_and_leaves_the_analysis_running(tmp_path):
    """Esc after a search in the reader means 'enough of this search', not 'stop minutes of analysis'."""
    root = _many_articles(tmp_path / "many", 150)
    app = app_for(tmp_path, [str(root)], use_cache=False, jobs=1)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.analysing, timeout=60)
        reader = screen.query_one("Reader")
        await pilot.press("2", "slash", *"사무소", "enter")
        await wait_for(pilot, lambda: reader.search_text == "사무소" and reader.matches)
        await pilot.press("escape")
        await pilot.pause()
        assert reader.search_text == "" and screen.analysing
        await pilot.press("escape")  # nothing left to clear: it says what a second Esc would do, and stops nothing
        await pilot.pause()
        assert screen.analysing and any("Esc again stops" in n.message for n in app._notifications)
        screen.action_stop_analysis()
