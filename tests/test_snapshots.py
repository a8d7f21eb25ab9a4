"""SVG snapshots at 80x24 and 160x48, each paired with assertions on the same state.

A crashed app can produce a blank snapshot that still matches, so every `run_before` asserts what the
snapshot should show. Update with `pytest tests/test_snapshots.py --snapshot-update` after a deliberate
change, and look at the report before committing.
"""

from __future__ import annotations

import polars as pl
import pytest

from tests import kiwi_fingerprint
from tests.conftest import app_for, main_screen, ready
from tui.widgets.claim_table import MetricTable
from tui.widgets.reader import Reader


@pytest.fixture
def snap(snap_compare, request):
    """`snap_compare` where Kiwi agrees with the recording machine; elsewhere the same app, size and
    assertions, then a skip that says why (see tests/kiwi_fingerprint.py)."""
    if request.config.getoption("--snapshot-update", default=False):

        def update(app, terminal_size, run_before):
            matched = snap_compare(app, terminal_size=terminal_size, run_before=run_before)
            kiwi_fingerprint.updated.add(request.node.name)  # recorded at the session's end if all pass
            return matched

        return update
    if kiwi_fingerprint.same():
        return snap_compare
    # Snapshots this machine cannot compare are not stale: syrupy must not fail the run over them.
    request.config.option.warn_unused_snapshots = True

    async def _assert_only(app, terminal_size, run_before):
        async with app.run_test(size=terminal_size) as pilot:
            await run_before(pilot)

    def compare(app, terminal_size, run_before):
        import asyncio

        asyncio.run(_assert_only(app, terminal_size, run_before))
        pytest.skip(kiwi_fingerprint.describe())

    return compare


def test_snapshot_80x24_list(snap, tmp_path):
    async def run_before(pilot):
        await ready(pilot)
        screen = main_screen(pilot.app)
        assert screen.has_class("-narrow") and screen.active == "list"
        assert "analysed 5" in screen.query_one("#status").render().plain

    assert snap(app_for(tmp_path, use_cache=False), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_80x24_reader(snap, tmp_path):
    async def run_before(pilot):
        await ready(pilot)
        await pilot.press("enter")
        screen = main_screen(pilot.app)
        reader = screen.query_one(Reader)
        assert screen.active == "reader" and reader.article is not None and reader.highlights

    assert snap(app_for(tmp_path, use_cache=False), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_160x48_comparison(snap, tmp_path):
    async def run_before(pilot):
        await ready(pilot)
        screen = main_screen(pilot.app)
        await pilot.press("4")
        table = screen.query_one(MetricTable)
        group = screen.result.groups.filter(pl.col("verdict") == "changed over time").row(0, named=True)
        table.move_cursor(table.row_of(group["claim_ids"][-1]))
        await pilot.press("enter")
        await pilot.pause()
        reader = screen.query_one(Reader)
        claim = screen.result.analysis.claims.filter(pl.col("claim_id") == group["claim_ids"][-1]).row(0, named=True)
        assert not screen.has_class("-narrow")
        assert reader.emphasis == (claim["start"], claim["end"])
        await pilot.press("4")
        await pilot.pause()

    assert snap(app_for(tmp_path, use_cache=False), terminal_size=(160, 48), run_before=run_before)


def test_snapshot_100x30_groups_in_full(snap, tmp_path):
    """The claims pane alone: a heading row per group, then every member with its own wording (issue 15)."""

    async def run_before(pilot):
        await ready(pilot)
        await pilot.press("4")
        await pilot.pause()
        screen = main_screen(pilot.app)
        table = screen.query_one(MetricTable)
        assert screen.has_class("-narrow") and screen.active == "metrics"
        width = table.scrollable_content_region.width
        assert not table.selectable(0) and table.render_row(0, width).plain.startswith("⟳ changed  OpenAI · 해외 지사 순위")
        group = screen.facts.groups[0]
        members = [table.cells(i)[0].plain for i in range(1, 1 + len(group.claim_ids))]
        assert all(screen.facts.claim(c).text in m for c, m in zip(group.claim_ids, members))  # the first member is a row too
        assert len(set(members)) == len(members)  # 첫 twice in 아주경제: each with the words around it that tell them apart
        assert table.cursor_row == 1 and "Value" in screen.query_one("#metric-columns").render().plain

    assert snap(app_for(tmp_path, use_cache=False), terminal_size=(100, 30), run_before=run_before)
