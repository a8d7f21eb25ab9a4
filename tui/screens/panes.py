"""Which pane is active: one at a time under 160 columns, all four above; Tab, Shift+Tab and 1-4 move.

A mixin of the main screen: it knows the panes' names, where they sit and which widget takes the focus.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..focusing import focus_now
from ..widgets.article_list import ArticleTable
from ..widgets.claim_table import MetricTable
from ..widgets.entity_panel import EntityList
from ..widgets.key_bar import KeyBar
from ..widgets.reader import Reader

PANES = ("list", "reader", "entities", "metrics")
PANE_TITLES = {"list": "Articles", "reader": "Reader", "entities": "Entities", "metrics": "Claims"}
PANE_SELECTORS = {"list": "#list-pane", "reader": "#reader-pane", "entities": "#entity-pane", "metrics": "#metric-pane"}
FOCUS = {"list": ArticleTable, "reader": Reader, "entities": EntityList, "metrics": MetricTable}
NARROW = 160  # below it, no column of the list or the claims pane would keep its least width beside the reader


class PaneSwitching:
    """Marks the active pane, draws the pane bar, moves the focus between panes."""

    active = "list"

    def _layout(self, width: int) -> None:
        if (width < NARROW) != self.has_class("-narrow"):
            self.set_class(width < NARROW, "-narrow")
            self._mark_active(self.active)
        self._draw_pane_bar()

    def _draw_pane_bar(self) -> None:
        parts = []
        for i, pane in enumerate(PANES, 1):
            label = Content(f" {i} {PANE_TITLES[pane]} ")
            parts.append(label.stylize("reverse bold") if pane == self.active else label)
        bar, hint = Content(" ").join(parts), Content("  Tab: next pane")
        if bar.cell_length + hint.cell_length <= self.app.size.width - 2:  # the hint only where it fits whole
            bar += hint
        self.query_one("#pane-bar", Static).update(bar, layout=False)

    def _mark_active(self, pane: str) -> None:
        """Mark the active pane: its heading when all panes show, the pane itself when only one does.

        A class change restyles the whole subtree under it, so wide layouts touch only the headings."""
        self.active = pane
        narrow = self.has_class("-narrow")
        wanted = {selector: name == pane for name, selector in PANE_SELECTORS.items()}
        wanted["#side"] = pane in ("entities", "metrics")
        for selector, active in wanted.items():
            found = self.query(selector)
            if not found:
                continue  # a side pane not mounted yet
            node = found.first()
            if node.has_class("-active") != (active and narrow):
                node.set_class(active and narrow, "-active")
            for heading in node.query(".pane-heading"):
                if heading.parent is node and heading.has_class("-current") != active:
                    heading.set_class(active, "-current")
        self._draw_pane_bar()

    def _set_active(self, pane: str) -> None:
        self._mark_active(pane)
        found = self.query(FOCUS[pane])
        if found:
            focus_now(found.first())
            self.query_one(KeyBar).update_keys()

    def on_descendant_focus(self, event) -> None:
        """Clicking into a pane makes it the active one."""
        for pane, selector in PANE_SELECTORS.items():
            found = self.query(selector)
            if pane != self.active and found and found.first() in event.widget.ancestors_with_self:
                self._mark_active(pane)

    def action_next_pane(self) -> None:
        self._set_active(PANES[(PANES.index(self.active) + 1) % len(PANES)])

    def action_previous_pane(self) -> None:
        self._set_active(PANES[(PANES.index(self.active) - 1) % len(PANES)])

    def action_pane(self, pane: str) -> None:
        self._set_active(pane)
