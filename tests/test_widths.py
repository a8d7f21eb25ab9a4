"""Every pane at every width shares its width out (issue 15, point 1): no value is cut while its row has
free cells, numbers and dates are never cut while a text column can give, and headings, the status
line and the key bar are shortened by whole parts, never mid-word."""

from __future__ import annotations

import pytest

from corpus.table import GAP, cell_width
from tests.conftest import app_for, main_screen, ready
from tui.widgets.article_rows import ArticleTable
from tui.widgets.claim_table import MetricTable
from tui.widgets.entity_panel import EntityList
from tui.widgets.metric_panel import MetricPanel

WIDTHS = (60, 80, 100, 120, 140, 160, 200)


def _used(widths: list[int]) -> int:
    shown = [w for w in widths if w]
    return sum(shown) + GAP * (len(shown) - 1)


def _whole_words(shown: str, full: str) -> None:
    """`shown` is `full`, or `full` shortened by whole parts (each word of it is a word of `full`)."""
    assert shown, full
    words = {w.strip(",:;") for w in full.replace("…", " ").split()}
    assert all(w.strip(",:;") in words for w in shown.rstrip("…").split()), (shown, full)


def _check_articles(table: ArticleTable) -> None:
    width = table.text_width
    widths = table.widths(width)
    for index in range(table.row_count):
        r = table.rows[index]
        ents, claims = table.counts.get(r.id, (0, 0))
        cells = [r.title, r.publisher, r.date.isoformat() if r.date else "—", str(ents), str(claims)]
        cut = [bool(c) and cell_width(c) > w for c, w in zip(cells, widths)]
        assert not any(cut[2:]), (width, widths, cells)  # dates and counts are never cut
        if any(cut):
            assert _used(widths) == width, (width, widths, cells)  # cut only in a full line
        assert cell_width(table.render_row(index, width).plain) == width


def _check_claims(table: MetricTable) -> int:
    width = table.text_width
    checked = 0
    for index in range(table.row_count):
        if not table.selectable(index):  # a group's heading: verdict and label always whole
            line = table.render_row(index, width).plain
            assert cell_width(line) <= width and "  " in line and not line.endswith(" ·"), line
            continue
        cells = table.cells(index)
        widths = table.widths(width)
        numbers = [i for i, c in enumerate(table.columns) if not c.cut]
        for i in numbers:  # whole, or (an optional column) left out of a line that is full without it
            assert cells[i].cell_length <= widths[i] or (widths[i] == 0 and table.columns[i].optional), (
                width,
                table.columns[i].label,
                cells[i].plain,
            )
        if any(c.cell_length > w for c, w in zip(cells, widths)):
            assert _used(widths) == width, (width, widths, [c.plain for c in cells])
        assert table.render_row(index, width).cell_length == width
        checked += 1
    return checked


def _check_line(widget, full: str | None = None) -> None:
    text = widget.render().plain
    room = widget.content_region.width
    assert cell_width(text) <= room, (widget.id, room, text)
    if full is not None:
        _whole_words(text, full)


@pytest.mark.parametrize("width", WIDTHS)
async def test_every_pane_at_every_width_cuts_nothing_while_there_is_room(tmp_path, width):
    app = app_for(tmp_path, jobs=0)
    async with app.run_test(size=(width, 40), notifications=True) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        status = screen.query_one("#status")
        _check_line(status, " │ ".join(["Gisa", "5 articles", screen.progress, screen.corpus.label, "? help"]))
        keys = screen.query_one("#keys")
        assert cell_width(keys.render().plain) <= width

        await pilot.press("1")
        table = screen.query_one(ArticleTable)
        _check_articles(table)
        _check_line(screen.query_one("#list-heading"))
        assert cell_width(screen.query_one("#list-columns").render().plain) <= table.text_width
        if 100 <= width < 140:  # one pane at a time: the title takes what the other columns leave
            assert table.widths(table.text_width)[0] >= 24

        await pilot.press("3")
        entities = screen.query_one(EntityList)
        _check_line(screen.query_one("#entities-heading"))
        for index in range(entities.row_count):
            assert entities.render_row(index, entities.text_width).cell_length <= entities.text_width

        await pilot.press("4")
        await pilot.pause()
        panel, claims = screen.query_one(MetricPanel), screen.query_one(MetricTable)
        assert panel.view == "groups"
        assert _check_claims(claims) == sum(len(g.claim_ids) for g in screen.facts.groups)
        heading = screen.query_one("#metrics-heading")
        counts: dict[str, int] = {}
        for g in screen.facts.groups:  # in the pane's order (Kiwi's numeric path can move a claim between groups)
            counts[g.verdict] = counts.get(g.verdict, 0) + 1
        summary = ", ".join(f"{n} {verdict}" for verdict, n in counts.items())
        _check_line(heading, f"Claims compared · {len(screen.facts.groups)} groups: {summary} · v: all claims")
        assert f"{len(screen.facts.groups)} groups" in heading.render().plain
        columns = screen.query_one("#metric-columns").render().plain
        assert cell_width(columns) <= claims.text_width and "Value" in columns
        detail = screen.query_one("#metric-detail")
        room = detail.content_region.width
        bars = [line for line in detail.render().plain.split("\n") if line[:1] in ("█", "▒")]
        assert bars and all(cell_width(line) <= room for line in bars)  # a bar's label never wraps

        await pilot.press("v", "a", "a")  # every claim of the corpus
        await pilot.pause()
        assert panel.view == "claims" and panel.scope == "corpus"
        assert _check_claims(claims) == screen.result.analysis.claims.height
        _check_line(heading)
        for key in ("1", "2", "3", "4"):  # each pane's keys, whole
            await pilot.press(key)
            await pilot.pause()
            bar = keys.render().plain
            assert cell_width(bar) <= width and bar.endswith(" ")
