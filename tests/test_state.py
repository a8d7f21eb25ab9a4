"""The screen's shared state reaches every pane that shows it: filters, conflicts, checks, selection."""

from __future__ import annotations

import polars as pl

from tests.conftest import app_for, main_screen, ready
from tui.widgets.article_list import ArticleList, ArticleTable
from tui.widgets.claim_table import MetricTable
from tui.widgets.entity_panel import EntityList, EntityPanel
from tui.widgets.metric_panel import MetricPanel
from tui.widgets.reader import Reader


async def test_every_filter_reaches_the_list_the_reader_and_the_claims_scope(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        listing, reader = screen.query_one(ArticleList), screen.query_one(Reader)
        metrics, table = screen.query_one(MetricPanel), screen.query_one(MetricTable)
        claims = screen.result.analysis.claims

        def claims_shown() -> set[int]:
            return set(table.ids)

        await pilot.press("4", "a")  # claims of the articles in the list
        assert metrics.scope == "filter" and claims_shown() == set(claims["claim_id"].to_list())

        # a text filter that leaves nothing: no rows, no claims, no article in the reader
        await pilot.press("1", "slash", *"zzzz")
        await pilot.pause()
        assert listing.shown_ids == [] and listing.query_one(ArticleTable).row_count == 0
        assert claims_shown() == set()
        assert reader.article is None and "No article passes the filters" in reader.visible_text()

        # cleared: everything is back in every pane
        await pilot.press("escape")
        await pilot.pause()
        assert len(listing.shown_ids) == 5 and claims_shown() == set(claims["claim_id"].to_list())
        assert reader.article is not None

        # an entity filter: the list, the claims in scope and the reader follow it
        await pilot.press("3", "a")
        entities = screen.query_one(EntityList)
        entities.move_cursor(next(i for i, (line, _) in enumerate(entities.lines) if "Sam Altman" in line.plain))
        await pilot.press("enter")
        await pilot.pause()
        altman = set(screen.result.analysis.entities.filter(pl.col("name") == "Sam Altman")["article_ids"][0])
        assert set(listing.shown_ids) == altman and len(altman) == 3
        assert claims_shown() == set(claims.filter(pl.col("article_id").is_in(list(altman)))["claim_id"].to_list())
        assert reader.article["id"] in altman

        # and a text filter on top of it narrows both
        await pilot.press("1", "slash", *"도쿄")
        await pilot.pause()
        narrowed = set(listing.shown_ids)
        assert narrowed and narrowed < altman
        assert claims_shown() == set(claims.filter(pl.col("article_id").is_in(list(narrowed)))["claim_id"].to_list())
        assert reader.article["id"] in narrowed

        await pilot.press("escape")  # clears both filters
        await pilot.pause()
        assert len(listing.shown_ids) == 5 and claims_shown() == set(claims["claim_id"].to_list())
        assert screen.entity_filter is None and screen.text_filter == ""

        def in_scope(ids: set[int]) -> set[int]:
            return set(claims.filter(pl.col("article_id").is_in(list(ids)))["claim_id"].to_list())

        async def filter_by_altman() -> None:
            await pilot.press("3")
            entities.move_cursor(next(i for i, (line, _) in enumerate(entities.lines) if "Sam Altman" in line.plain))
            await pilot.press("enter")
            await pilot.pause()
            assert set(listing.shown_ids) == altman and claims_shown() == in_scope(altman)

        # the entity filter cleared alone, the text filter still on: the text alone decides every pane again
        await filter_by_altman()
        await pilot.press("1", "slash", *"지사")
        await pilot.pause()
        branches = set(screen.index.search("지사").ids)
        assert set(listing.shown_ids) == branches & altman and branches - altman  # (the text alone lists more)
        screen.entity_filter = None
        await pilot.pause()
        assert set(listing.shown_ids) == branches and screen.text_filter == "지사"
        assert metrics.scope == "filter" and claims_shown() == in_scope(branches)
        assert reader.article["id"] in branches

        # and with no text filter: every article is back in every pane
        await pilot.press("escape")
        await pilot.pause()
        assert screen.text_filter == "" and len(listing.shown_ids) == 5
        await filter_by_altman()
        screen.entity_filter = None
        await pilot.pause()
        assert screen.visible_ids is None and len(listing.shown_ids) == 5
        assert metrics.scope == "filter" and claims_shown() == set(claims["claim_id"].to_list())
        assert reader.article is not None and reader.article["id"] in listing.shown_ids


def _two_reports(root):
    root.mkdir()
    (root / "a.txt").write_text(
        "오픈AI 서울 사무소 직원 50명으로 출범\n\n오픈AI는 서울 사무소 직원이 50명이라고 10일 밝혔다.\n"
        "이 회사의 여성 직원은 20명으로 전체 직원 50명의 60%를 차지한다.\n",
        encoding="utf-8",
    )
    (root / "b.txt").write_text(
        "오픈AI 서울 사무소 직원 80명 규모\n\n오픈AI는 서울 사무소 직원이 80명이라고 10일 밝혔다.\n", encoding="utf-8"
    )
    (root / "manifest.tsv").write_text(
        "file\tdate\tpublisher\na.txt\t2025-09-10\t가상일보\nb.txt\t2025-09-10\t나라신문\n", encoding="utf-8"
    )
    return root


async def test_a_conflict_is_marked_in_the_reader_and_a_failing_check_in_the_claims_pane(tmp_path):
    root = _two_reports(tmp_path / "two")
    app = app_for(tmp_path, [str(root)])
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        reader = screen.query_one(Reader)
        claims = screen.result.analysis.claims
        a = screen.corpus.articles.filter(pl.col("name") == "a.txt")["id"][0]
        screen.query_one(ArticleList).select(a)
        await pilot.press("enter")
        await pilot.pause()
        assert reader.article["id"] == a

        def drawn_as_conflict(start: int) -> bool:
            line = reader._lines[reader.line_of(start)]
            # (brackets drawn around dates and quantities move the text to the right on its line)
            at = line.content.plain.index(body[start : start + 2], start - line.offset)
            return any(s.start <= at < s.end and s.style == reader._style("reader--conflict") for s in line.content.spans)

        body = reader.article["body"]
        staff = body.index("50명이라고")
        share = body.index("60%")
        assert drawn_as_conflict(staff)  # 50 vs 80 staff in two reports of the same day
        assert not drawn_as_conflict(share)  # a claim no other article disputes is not marked
        assert claims.filter((pl.col("article_id") == a) & (pl.col("start") == staff)).height == 1

        await pilot.press("4")
        detail = screen.query_one("#metric-detail").render().plain
        assert "FAIL share" in detail and "20명 ÷ 50명" in detail  # 20 of 50 is 40%, not the 60% stated
        table = screen.query_one(MetricTable)
        headings = [table.render_row(i, 80).plain for i in range(table.row_count) if not table.selectable(i)]
        assert headings[0].startswith("✗ conflict")  # conflicts first, each group under its heading row


async def test_double_click_in_the_reader_selects_instead_of_crashing(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("2")
        await pilot.double_click(Reader, offset=(5, 6))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert main_screen(app).query_one(Reader).article is not None
        assert main_screen(app).query_one(EntityPanel) is not None
