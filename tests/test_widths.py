"""Every pane at every width shares its width out (issue 15, point 1): no value is cut while its row has
free cells, numbers and dates are never cut while a text column can give, and headings, the status
line and the key bar are shortened by whole parts, never mid-word. The claims pane keeps its value column
and tells articles apart in every view that lists more than one article; a group's members never read the
same; the reader's metadata line breaks between its parts; an entity's count is never cut."""

from __future__ import annotations

import pytest
from textual.content import Content

from corpus.table import GAP, cell_width
from tests.conftest import app_for, main_screen, ready
from tui.screens.panes import NARROW
from tui.widgets.article_rows import ArticleTable
from tui.widgets.claim_table import MetricTable, cut_cell
from tui.widgets.entity_panel import ALIASES, EntityList, fit_row
from tui.widgets.metric_panel import MetricPanel
from tui.widgets.reader import Reader

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


def _check_claims(table: MetricTable, facts=None) -> int:
    """Every row fits, numbers and dates whole, a cut only in a full line. With `facts` (a view of several
    articles): the value column is shown, and the article column reads differently for claims of different
    articles."""
    width = table.text_width
    labels = [c.label for c in table.columns]
    if facts is not None:
        assert table.widths(width)[labels.index("Value")] > 0, (width, table.widths(width))
        assert table.widths(width)[labels.index("Article")] > 0, (width, table.widths(width))
    shown: dict[str, set[int]] = {}  # the article column as drawn -> the articles drawn so
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
        if facts is not None:
            at = labels.index("Article")
            drawn = cut_cell(cells[at], widths[at], table.keeps(index)[at]).plain.rstrip()
            assert not drawn.endswith(("·", " ")), drawn  # a cut never leaves a separator hanging
            shown.setdefault(drawn, set()).add(facts.claim(table.ids[index]).article_id)
        checked += 1
    assert all(len(articles) == 1 for articles in shown.values()), (width, shown)  # different articles read differently
    return checked


def _check_members(table: MetricTable, facts) -> None:
    """The rows of a group's members, as drawn, differ pairwise (two claims of one article with one wording too)."""
    width = table.text_width
    row = 0
    for g in facts.groups:
        assert table.ids[row] < 0  # the group's heading
        drawn = [table.render_row(row + 1 + i, width).plain for i in range(len(g.claim_ids))]
        assert len(set(drawn)) == len(drawn), (width, g.label, drawn)
        row += 1 + len(g.claim_ids)


def _check_meta(reader: Reader) -> None:
    """The reader's metadata line: broken between its parts only, never ending or starting on a separator."""
    article = reader.article
    width = reader.text_width
    parts = [
        article.get("publisher") or "",
        article.get("byline") or "",
        (article["date"].isoformat() if article.get("date") else "date unknown") + (f" {article['time']}" if article.get("time") else ""),
        article.get("name") or "",
        article.get("url") or "",
        article.get("encoding", "") + (" (repaired)" if article.get("repaired") else ""),
    ]
    parts = [p for p in parts if p]
    header = [line.content.plain for line in reader._lines if line.offset < 0]
    title, i = "", 0
    while title != article["title"]:
        title += header[i]
        i += 1
    meta = []
    while not header[i].startswith("P "):  # the legend follows
        meta.append(header[i])
        i += 1
    assert meta and all(cell_width(line) <= width for line in meta), (width, meta)
    assert not any(line.rstrip().endswith("·") or line.lstrip().startswith("·") for line in meta), (width, meta)
    if all(cell_width(p) <= width for p in parts):  # (a part longer than a line breaks inside)
        assert " · ".join(line.strip() for line in meta) == " · ".join(parts), (width, meta)


def _check_entities(entities: EntityList) -> None:
    """Each entity row fits and shows its count whole."""
    width = entities.text_width
    for index in range(entities.row_count):
        text, entity_id = entities.lines[index]
        row = entities.render_row(index, width).plain
        assert cell_width(row) <= width, (width, row)
        if entity_id is not None:
            name_end, count_end = entities.heads[index]
            assert text.plain[name_end:count_end] in row, (width, row)


def test_an_entity_row_leaves_spellings_out_whole_then_cuts_the_name_never_the_count():
    name, count = "Seoul National University", "  3×"
    text = Content(name) + Content(count) + Content(ALIASES + "서울대 · 서울대학교")
    heads = (len(name), len(name) + len(count))
    assert fit_row(text, *heads, 45).plain == "Seoul National University  3×  aka 서울대"
    assert fit_row(text, *heads, 36).plain == "Seoul National University  3×"
    for width in range(6, 29):  # (narrower than the count and two cells of name, the row is cut as a whole)
        row = fit_row(text, *heads, width).plain
        assert cell_width(row) <= width and row.endswith("…  3×") and not row.endswith(" …  3×"), row


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
        if 100 <= width < NARROW:  # one pane at a time: the title takes what the other columns leave
            assert table.widths(table.text_width)[0] >= 24
        if width >= NARROW:  # four panes: the title gives way down to 16 cells before the publisher goes
            assert table.widths(table.text_width)[1] > 0

        await pilot.press("2")
        await pilot.pause()
        reader = screen.query_one(Reader)
        assert reader.article is not None
        _check_meta(reader)

        await pilot.press("3")
        entities = screen.query_one(EntityList)
        _check_line(screen.query_one("#entities-heading"))
        _check_entities(entities)

        await pilot.press("4")
        await pilot.pause()
        panel, claims = screen.query_one(MetricPanel), screen.query_one(MetricTable)
        assert panel.view == "groups"
        assert _check_claims(claims, screen.facts) == sum(len(g.claim_ids) for g in screen.facts.groups)
        _check_members(claims, screen.facts)
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

        await pilot.press("v")  # the claims of this article: every row would name it, so no article column
        await pilot.pause()
        assert panel.view == "claims" and panel.scope == "article"
        assert [c.label for c in claims.columns] == ["Subject", "Value", "Wording"]
        assert _check_claims(claims) == screen.facts.counts[screen.article_id][1]
        await pilot.press("a")  # the claims of the articles in the list
        await pilot.pause()
        assert panel.scope == "filter"
        assert _check_claims(claims, screen.facts) == screen.result.analysis.claims.height
        await pilot.press("a")  # every claim of the corpus
        await pilot.pause()
        assert panel.view == "claims" and panel.scope == "corpus"
        assert _check_claims(claims, screen.facts) == screen.result.analysis.claims.height
        _check_line(heading)
        for key in ("1", "2", "3", "4"):  # each pane's keys, whole
            await pilot.press(key)
            await pilot.pause()
            bar = keys.render().plain
            assert cell_width(bar) <= width and bar.endswith(" ")
