"""Columns share a line's width out from their content: numbers and dates are never cut while a text
column can give up cells, and a cell is cut only when the line has no free cell left."""

from __future__ import annotations

import polars as pl
from textual.content import Content

from corpus.table import GAP, Spec, cell_width, cut_at_word, first_fit, share, shorten, table
from tui.widgets.claim_table import Column, fit_widths, join_cells
from tui.widgets.metric_panel import ARTICLE_CLAIM_COLUMNS, CLAIM_COLUMNS, GROUP_COLUMNS, group_heading


def _used(widths: list[int]) -> int:
    shown = [w for w in widths if w]
    return sum(shown) + GAP * (len(shown) - 1)


def test_columns_take_what_their_content_needs_and_the_flexible_ones_the_rest():
    naturals = {"Wording": 9, "Value": 17, "Article": 12, "Date": 10, "Subject": 30}
    for columns in (GROUP_COLUMNS, CLAIM_COLUMNS, ARTICLE_CLAIM_COLUMNS):
        need = [max(naturals[c.label], cell_width(c.label)) for c in columns]
        for width in range(30, 201, 7):
            widths = fit_widths(columns, need, width)
            text_at_least = all(w <= max(c.least, 1) for w, c in zip(widths, columns) if c.cut and w)
            for w, c, n in zip(widths, columns, need):
                if not c.cut:  # numbers and dates whole while a text column can still give cells
                    assert w == n or text_at_least or (w == 0 and c.optional and _used(widths) == width)
            if any(w < n for w, n, c in zip(widths, need, columns) if w):
                assert _used(widths) == width  # a cut cell: the line is full
            else:
                assert _used(widths) <= width
        wide = fit_widths(columns, need, 200)
        assert _used(wide) == 200 and [w for w, c in zip(wide, columns) if not c.flex] == [n for n, c in zip(need, columns) if not c.flex]


def test_a_row_fits_its_line_and_the_value_and_date_are_never_cut():
    columns = [Column("Subject", least=6, flex=1, cut=1), Column("Value"), Column("Date")]
    cells = [Content("국내 챗GPT 월간활성사용자 수"), Content("118,800,000,000 엔"), Content("2025-09-10")]
    widths = fit_widths(columns, [c.cell_length for c in cells], 44)
    line = join_cells(cells, widths)
    assert line.cell_length == 44
    assert "118,800,000,000 엔" in line.plain and line.plain.endswith("2025-09-10") and "…" in line.plain


def test_share_cuts_text_first_then_leaves_out_optional_columns_then_gives_the_room_back():
    specs = [Spec(16, 16, flex=1, cut=2), Spec(12, 8, cut=1, optional=True), Spec(10), Spec(3), Spec(3)]
    assert share(specs, 60) == [24, 12, 10, 3, 3]  # all whole: the title takes the rest
    assert share(specs, 47) == [25, 0, 10, 3, 3]  # the publisher could not stay at its least: left out
    assert share(specs, 40) == [18, 0, 10, 3, 3]
    text = [Spec(30, 6, cut=1), Spec(10), Spec(20, 6, cut=1, optional=True)]
    widths = share(text, 40)
    assert widths[1] == 10 and _used(widths) == 40 and widths[0] >= widths[2]


def test_headings_shorten_by_whole_parts_never_mid_word():
    assert shorten(["Claims compared", "7 groups", "1 changed, 3 agree", "v: all claims"], 30) == "Claims compared · 7 groups"
    assert first_fit(["a long heading line", "short"], 10) == "short"
    assert cut_at_word("Claims compared seven groups", 20) == "Claims compared…"
    for width in range(12, 90, 3):
        line, mark = group_heading("✓ agree", "OpenAI · 아시아 지사 순위", ("아시아", "세계"), 0.59, width)
        assert line.startswith("✓ agree") and mark == len("✓ agree")
        assert cell_width(line) <= width or line == "✓ agree  OpenAI · 아시아 지사 순위"[: len(line)] or line.endswith("…")
        assert "tied by" not in line or "score 0.59" in line


def test_terminal_tables_line_up_korean_by_display_width_and_fit_the_terminal():
    rows = [
        ["2031만명", "20,310,000 명", "한국경제 신문의 아주 긴 기사 제목입니다", "hankyung.txt"],
        ["21명", "21 명", "짧은 제목", "aimatters-openai-korea-launch.txt"],
    ]
    for width in (40, 60, 80, 120):
        lines = table(["As written", "Value", "Title", "Path"], rows, width=width, keep=("Value",)).split("\n")
        assert all(cell_width(line) <= width for line in lines)
        starts = {cell_width(line[: line.index(v)]) for line, v in zip(lines[2:], ("20,310,000 명", "21 명"))}
        assert len(starts) == 1  # the value column starts at the same cell on every row
        assert "20,310,000 명" in lines[2] and "21 명" in lines[3]


def test_the_reader_marks_only_claims_of_a_conflict_group_and_groups_carry_their_evidence():
    from corpus.facts import Facts
    from corpus.pipeline import run

    result = run(None, use_cache=True)
    groups = result.groups.with_columns(
        verdict=pl.when(pl.col("group_id") == 0)
        .then(pl.lit("conflict"))
        .when(pl.col("group_id") == 1)
        .then(pl.lit("possible conflict"))
        .otherwise(pl.col("verdict"))
    )
    a = result.analysis
    facts = Facts(result.corpus.articles, a.mentions, a.entities, a.claims, groups, result.checks)
    marked = {span for aid in result.corpus.articles["id"].to_list() for span in facts.conflict_spans(aid)}
    claims = a.claims.select("claim_id", "start", "end")
    expected = {(s, e) for cid, s, e in claims.iter_rows() if cid in set(groups["claim_ids"][0])}
    doubted = {(s, e) for cid, s, e in claims.iter_rows() if cid in set(groups["claim_ids"][1])}
    assert marked == expected and not (doubted - expected) & marked
    words, score = facts.evidence(0)
    assert words == tuple(groups["evidence"][0]) and score == groups["score"][0]
    named = dict(zip(result.corpus.articles["id"].to_list(), result.corpus.articles["publisher"].to_list()))
    assert {facts.source(aid) for aid in named} == {p or "blog-altman-korea-visit.txt" for p in named.values()}
