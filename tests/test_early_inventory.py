"""A warm start's walk taken by a child process as the app starts: trusted only when it is the snapshot's, by the first run only."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from corpus import pipeline, snapshot
from corpus.inventory import take_inventory
from tests.conftest import ROOT
from tests.test_snapshot import ARTICLES


@pytest.fixture
def corpus_dir(tmp_path):
    root = tmp_path / "news"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")  # a problem found by stat alone: part of the digest too
    return root


class Early:
    """What the child reports, as `corpus.inventory.EarlyInventory` does (tested above in a process of its own): a
    digest, once, for its roots."""

    def __init__(self, roots, digest):
        self.roots, self.digest, self.asked = tuple(roots), digest, 0

    def signature(self, roots, cancelled=None):
        self.asked += 1
        return self.digest if tuple(roots) == self.roots and self.asked == 1 else None


def _refuse_walking(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the corpus was walked again")

    monkeypatch.setattr(pipeline, "take_inventory", refuse)


def _in_a_process(script: str) -> list:
    """Run `script` in a fresh interpreter, as the app's process (its children are its own to reap)."""
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


REAPED = """
def reaped(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False
"""


def test_the_child_reports_the_digest_of_its_roots_once_and_is_reaped(corpus_dir, tmp_path):
    digest, walked, again, other, reaped = _in_a_process(
        f"""
import json, os
from corpus.inventory import start_early, take_inventory
{REAPED}
roots = [{str(corpus_dir)!r}]
early = start_early(roots)
digest = early.signature(roots)
other = start_early(roots)
print(json.dumps([digest, take_inventory(roots).signature(), early.signature(roots), other.signature([{str(tmp_path)!r}]),
                  reaped(early._pid) and reaped(other._pid)]))
"""
    )
    assert digest == walked and len(digest) == 64
    assert again is None  # asked once: a later run (F5) walks the corpus anew
    assert other is None  # a digest of other roots is no answer for these
    assert reaped  # no child left behind


def test_a_wait_for_the_child_that_is_stopped_ends_the_child(corpus_dir):
    answer, reaped = _in_a_process(
        f"""
import json, os
from corpus.inventory import start_early
{REAPED}
roots = [{str(corpus_dir)!r}]
early = start_early(roots)
print(json.dumps([early.signature(roots, cancelled=lambda: True), reaped(early._pid)]))
"""
    )
    assert answer is None and reaped


def test_the_digest_is_the_one_a_stored_snapshot_holds_and_moves_with_any_change(corpus_dir):
    roots = (str(corpus_dir),)
    first = pipeline.run(roots)
    stored = snapshot.Snapshot.open(snapshot.folder_for(roots, first.corpus.max_bytes))
    assert stored.matches_signature(take_inventory(roots).signature())
    (corpus_dir / "c.txt").write_text("새 기사\n\n본문이다.\n", encoding="utf-8")
    assert not stored.matches_signature(take_inventory(roots).signature())
    assert not stored.matches_signature(None)


def test_a_warm_start_given_the_snapshots_digest_walks_nothing_and_shows_the_same(corpus_dir, monkeypatch):
    roots = (str(corpus_dir),)
    cold = pipeline.run(roots)
    early = Early(roots, take_inventory(roots).signature())
    with monkeypatch.context() as m:
        _refuse_walking(m)
        warm = pipeline.run(roots, early=early)
    assert warm.unchanged and early.asked == 1
    assert warm.corpus.articles["title"].to_list() == cold.corpus.articles["title"].to_list()
    assert warm.corpus.problems["path"].to_list() == cold.corpus.problems["path"].to_list()
    assert warm.analysis.claims.equals(cold.analysis.claims)


def test_a_digest_taken_after_a_change_is_not_the_snapshots_and_the_change_is_shown(corpus_dir):
    roots = (str(corpus_dir),)
    pipeline.run(roots)
    (corpus_dir / "b.txt").write_text("오픈AI 서울 사무소 90명\n\n직원이 90명이라고 밝혔다.\n", encoding="utf-8")
    early = Early(roots, take_inventory(roots).signature())  # the child saw the edited file
    again = pipeline.run(roots, early=early)
    assert not again.unchanged
    assert "오픈AI 서울 사무소 90명" in again.corpus.articles["title"].to_list()


def test_the_childs_digest_is_used_up_by_the_first_run_even_a_cold_one(corpus_dir):
    """F5 after a first (cold) run stored the snapshot: the digest taken as the app started matched it, and the files
    added since were not shown ("nothing changed")."""
    roots = (str(corpus_dir),)
    early = Early(roots, take_inventory(roots).signature())
    pipeline.run(roots, early=early)  # no snapshot yet: analysed, and stored
    assert early.asked == 1
    (corpus_dir / "c.txt").write_text("새 기사 제목\n\n본문이다.\n", encoding="utf-8")
    again = pipeline.run(roots, early=early)
    assert not again.unchanged and "새 기사 제목" in again.corpus.articles["title"].to_list()


async def test_the_app_walks_apart_for_its_first_run_only(corpus_dir, monkeypatch):
    import corpus.inventory
    from tests.conftest import main_screen, ready, wait_for
    from tui.app import make_app

    roots = (str(corpus_dir),)
    pipeline.run(roots)  # a snapshot to start warm from
    started = []

    def start_early(paths):
        started.append(Early(tuple(paths), take_inventory(paths).signature()))
        return started[-1]

    monkeypatch.setattr(corpus.inventory, "start_early", start_early)
    app = make_app(list(roots), jobs=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        assert len(started) == 1 and started[0].asked == 1 and screen.result.unchanged
        (corpus_dir / "c.txt").write_text("새 기사 제목\n\n본문이다.\n", encoding="utf-8")
        first = screen.result
        screen.action_analyse()  # F5: walks the corpus as it is now
        await wait_for(pilot, lambda: screen.result is not first)
        assert len(started) == 1 and "새 기사 제목" in screen.result.corpus.articles["title"].to_list()


def test_a_damaged_snapshot_opened_by_the_early_digest_is_rebuilt_and_stored_again(corpus_dir):
    roots = (str(corpus_dir),)
    first = pipeline.run(roots)
    folder = snapshot.folder_for(roots, first.corpus.max_bytes)
    (folder / "claims.parquet").write_bytes(b"PAR1 not a parquet file PAR1")
    again = pipeline.run(roots, early=Early(roots, take_inventory(roots).signature()))
    assert again.analysis.claims.equals(first.analysis.claims)
    assert snapshot.Snapshot.open(folder).table("claims").equals(first.analysis.claims)  # stored anew
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["inventory"] == take_inventory(roots).signature()
    assert sorted(os.listdir(corpus_dir)) == ["a.txt", "b.txt", "empty.txt"]  # the corpus is never written to


async def test_files_changed_on_disk_while_the_app_runs_are_said_once_and_f5_reads_them(corpus_dir):
    from tests.conftest import main_screen, ready, wait_for
    from tui.app import make_app

    app = make_app([str(corpus_dir)], jobs=0)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        screen = main_screen(app)

        def said() -> list[str]:
            return [n.message for n in app._notifications if "changed on disk" in n.message]

        def checked() -> bool:
            return not [w for w in app.workers if w.group == "files" and w.is_running]

        screen._check_files()  # (every 30 s)
        await wait_for(pilot, checked)
        await pilot.pause()
        assert said() == []  # nothing changed: nothing said
        (corpus_dir / "c.txt").write_text("새 기사 제목\n\n본문이다.\n", encoding="utf-8")
        screen._check_files()
        await wait_for(pilot, lambda: said())
        assert "files changed: F5" in screen.progress
        screen._check_files()
        await wait_for(pilot, checked)
        assert len(said()) == 1  # said once
        first = screen.result
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.result is not first)
        assert "새 기사 제목" in screen.result.corpus.articles["title"].to_list() and "files changed" not in screen.progress
