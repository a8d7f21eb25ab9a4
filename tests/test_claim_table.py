"""The claims table keeps every column on screen, whatever the pane's width."""

from __future__ import annotations

from textual.content import Content

from tui.widgets.claim_table import GAP, Column, fit_widths, join_cells
from tui.widgets.metric_panel import CLAIM_COLUMNS, GROUP_COLUMNS


def test_flexible_columns_take_the_spare_room_and_fixed_ones_keep_their_width():
    for columns in (GROUP_COLUMNS, CLAIM_COLUMNS):
        for width in (60, 66, 78, 120):
            widths = fit_widths(columns, width)
            assert sum(widths) + GAP * (len(columns) - 1) <= width
            assert [w for w, c in zip(widths, columns) if not c.flex] == [c.width for c in columns if not c.flex]
        wide = fit_widths(columns, 120)
        assert sum(wide) + GAP * (len(columns) - 1) >= 120 - len(columns)  # little room left unused


def test_a_row_fits_its_line_and_the_date_is_never_cut():
    columns = [Column("Subject", 14, 3), Column("Value", 15), Column("Date", 10)]
    widths = fit_widths(columns, 36)
    line = join_cells([Content("국내 챗GPT 월간활성사용자 수"), Content("20,310,000 명"), Content("2025-09-10")], widths)
    assert line.cell_length == 36
    assert line.plain.endswith("2025-09-10") and "…" in line.plain
