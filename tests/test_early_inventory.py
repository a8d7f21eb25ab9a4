"""A warm start's walk taken by a fork as the app starts: trusted only when it is the snapshot's, never stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import pipeline, snapshot
from corpus.inventory import take_inventory

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = {
    "a.txt": "오픈AI 서울 사무소 출범\n\n오픈AI는 서울 사무소 직원이 50명이라고 10일 밝혔다.\n",
    "b.txt": "오픈AI 서울 사무소 80명 규모\n\n오픈AI는 서울 사무소 직원이 80명이라고 10일 밝혔다.\n",
}


@pytest.fixture
def corpus_dir(tmp_path):
    root = tmp_path / "news"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")  # a problem found by stat alone: part of the digest too
    return root


class Early:
    """What the fork reports, as `corpus.inventory.EarlyInventory` does: a digest, once, for its roots."""

    def __init__(self, roots, digest):
        self.roots, self.digest, self.asked = tuple(roots), digest, 0

    def signature(self, roots):
        self.asked += 1
        return self.digest if tuple(roots) == self.roots and self.asked == 1 else None


def _refuse_walking(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the corpus was walked again")

    monkeypatch.setattr(pipeline, "take_inventory", refuse)


def test_the_fork_reports_the_digest_the_snapshot_is_matched_by_and_is_reaped(corpus_dir):
    # in a process of its own, as the app's: a fork is taken only while no other thread runs
    script = f"""
import json, os, sys
from corpus.inventory import start_early, take_inventory
roots = [{str(corpus_dir)!r}]
early = start_early(roots)
digest = early.signature(roots)
try:
    os.waitpid(early._pid, os.WNOHANG)
    reaped = False
except ChildProcessError:
    reaped = True
print(json.dumps([digest, take_inventory(roots).signature(), early.signature(roots), reaped]))
"""
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    digest, walked, again, reaped = json.loads(out.stdout)
    assert digest == walked and len(digest) == 64
    assert again is None  # asked once: a later run (F5) walks the corpus anew
    assert reaped  # no child left behind


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
    early = Early(roots, take_inventory(roots).signature())  # the fork saw the edited file
    again = pipeline.run(roots, early=early)
    assert not again.unchanged
    assert "오픈AI 서울 사무소 90명" in again.corpus.articles["title"].to_list()


def test_a_digest_of_other_roots_is_not_used(corpus_dir, tmp_path, monkeypatch):
    roots = (str(corpus_dir),)
    pipeline.run(roots)
    walked = []
    real = pipeline.take_inventory
    monkeypatch.setattr(pipeline, "take_inventory", lambda r: walked.append(r) or real(r))
    again = pipeline.run(roots, early=Early((str(tmp_path),), take_inventory(roots).signature()))
    assert again.unchanged and walked == [roots]


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
