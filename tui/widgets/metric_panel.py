"""The metric comparison: claims grouped across articles with verdicts, a bar chart, and checks.

Two views (v toggles): groups, conflicts first, each claim with its article and date; and all claims
of the current article, of the articles in the list or of the corpus (a cycles), sortable and
filterable. Enter on any claim opens its sentence in the reader. Verdicts, groups and checks come
ready from `corpus.facts`; this pane only lays them out.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from corpus.formatting import format_value

from ..focusing import focus_now
from ..text import cell
from .claim_table import Column, MetricTable
from .filter_box import FilterBox

VERDICT_MARK = {"conflict": "✗ conflict", "possible conflict": "? possible", "changed over time": "⟳ changed",
                "agree": "✓ agree", "single source": "· single"}
VERDICT_CLASS = {"conflict": "metric-panel--conflict", "possible conflict": "metric-panel--possible",
                 "changed over time": "metric-panel--changed", "agree": "metric-panel--agree",
                 "single source": "metric-panel--single"}
SCOPES = ("article", "filter", "corpus")
SCOPE_NAMES = {"article": "this article", "filter": "articles in the list", "corpus": "whole corpus"}
SORTS = ("subject", "value", "article", "date")  # the orders corpus.facts.Facts.claim_ids knows

# What is compared matters most; the article's title and the claim's sentence are in the detail below.
GROUP_COLUMNS = [Column("Verdict", 10), Column("Compared", 16, 3), Column("Value", 15), Column("Article", 6, 1), Column("Date", 10)]
CLAIM_COLUMNS = [Column("Subject", 14, 3), Column("Value", 15), Column("As written", 10, 1), Column("Article", 6, 1),
                 Column("Date", 10)]


class MetricPanel(Vertical):
    """Claims and their comparison."""

    COMPONENT_CLASSES = set(VERDICT_CLASS.values()) | {"metric-panel--pass", "metric-panel--fail", "metric-panel--sentence",
                                                       "metric-panel--heading"}
    BINDINGS = [
        Binding("v", "toggle_view", "Groups/claims", id="metrics.view"),
        Binding("a", "cycle_scope", "Scope", id="metrics.scope"),
        Binding("s", "cycle_sort", "Sort", show=False, id="metrics.sort"),
        Binding("slash", "filter", "Filter", show=False, id="metrics.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="metrics.clear"),
    ]

    # bound to the screen's state
    facts = var(None, init=False)
    article_id: var[int | None] = var(None, init=False)
    visible_ids: var[frozenset[int] | None] = var(None, init=False)
    stopped = var("", init=False)

    class Chosen(Message):
        """A claim was chosen."""

        def __init__(self, claim_id: int) -> None:
            super().__init__()
            self.claim_id = claim_id

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.view = "groups"
        self.scope = "article"
        self.sort = "subject"
        self.text_filter = ""

    def compose(self) -> ComposeResult:
        yield Static(Content("Claims"), id="metrics-heading", classes="pane-heading")
        yield FilterBox("filter claims: subject, text, article…", id="metrics-filter")
        yield Static(Content(""), id="metric-columns")
        yield MetricTable(id="metric-table")
        yield Static(Content(""), id="metric-detail")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_table())
        self.refresh_table()

    def on_unmount(self) -> None:
        self.app.theme_changed_signal.unsubscribe(self)

    # --- state in ------------------------------------------------------------------------------------
    def watch_facts(self) -> None:
        self.refresh_table()

    def watch_stopped(self) -> None:
        self.refresh_table()

    def watch_article_id(self) -> None:
        if self.view == "claims" and self.scope == "article":
            self.refresh_table()
        else:
            self._show_detail()

    def watch_visible_ids(self) -> None:
        if self.view == "claims" and self.scope == "filter":
            self.refresh_table()

    # --- table ---------------------------------------------------------------------------------------
    def _style(self, name: str):
        return self.get_visual_style(name)

    @staticmethod
    def _article_cells(claim) -> tuple[Content, Content]:
        return cell(claim.article_title), Content(claim.article_date.isoformat() if claim.article_date else "—")

    def refresh_table(self) -> None:
        table = self.query_one(MetricTable)
        heading = self.query_one("#metrics-heading", Static)
        facts = self.facts
        if facts is None:
            table.set_rows([], [])
            self._draw_columns()
            heading.update(Content(f"Claims · {self.stopped or 'Claims appear when the analysis is done.'}"), layout=False)
            self.query_one("#metric-detail", Static).update(Content(""), layout=False)
            return
        if self.view == "groups":
            self._fill_groups(table, heading)
        else:
            self._fill_claims(table, heading)
        self._draw_columns()
        self._show_detail()

    def _draw_columns(self) -> None:
        table = self.query_one(MetricTable)
        width = table.scrollable_content_region.width or max(self.size.width - 3, 0)
        self.query_one("#metric-columns", Static).update(table.heading(width), layout=False)

    def on_resize(self) -> None:
        self._draw_columns()

    def _fill_groups(self, table: MetricTable, heading: Static) -> None:
        facts = self.facts
        needle = self.text_filter.lower()
        counts: dict[str, int] = {}
        ids: list[int] = []
        heads: dict[int, object] = {}  # row -> its group, for the first row of each group
        for g in facts.groups:
            if needle and needle not in g.label.lower():
                continue
            counts[g.verdict] = counts.get(g.verdict, 0) + 1
            heads[len(ids)] = g
            ids.extend(g.claim_ids)

        def cells(index: int) -> list[Content]:
            c = facts.claim(ids[index])
            g = heads.get(index)
            verdict = Content(VERDICT_MARK[g.verdict]).stylize(self._style(VERDICT_CLASS[g.verdict])) if g else Content("")
            label = cell(g.label if g else c.text)
            return [verdict, label, Content(format_value(c.value, c.value_max, c.unit, c.bound)), *self._article_cells(c)]

        table.set_rows(GROUP_COLUMNS, ids, cells, table.current_claim())
        summary = ", ".join(f"{v} {k}" for k, v in counts.items()) or "none"
        heading.update(Content(f"Claims compared · {sum(counts.values())} groups ({summary}) · v: all claims"), layout=False)

    def _fill_claims(self, table: MetricTable, heading: Static) -> None:
        facts = self.facts
        if self.scope == "article":
            scope = [self.article_id] if self.article_id is not None else []
        elif self.scope == "filter" and self.visible_ids is not None:
            scope = sorted(self.visible_ids)
        else:
            scope = None
        ids = facts.claim_ids(scope, self.text_filter, self.sort)
        conflict = self._style("metric-panel--conflict")

        def cells(index: int) -> list[Content]:
            c = facts.claim(ids[index])
            subject = cell(c.subject or "—")
            if c.conflict:
                subject = subject.stylize(conflict)
            value = Content(format_value(c.value, c.value_max, c.unit, c.bound))
            return [subject, value, cell(c.text), *self._article_cells(c)]

        table.set_rows(CLAIM_COLUMNS, ids, cells, table.current_claim())
        heading.update(Content(f"Claims · {SCOPE_NAMES[self.scope]} ({len(ids)}) · by {self.sort} · a: scope, v: groups"),
                       layout=False)

    def current_claim(self) -> int | None:
        return self.query_one(MetricTable).current_claim()

    # --- detail: reason, bar chart, checks -----------------------------------------------------------
    def _show_detail(self) -> None:
        detail = self.query_one("#metric-detail", Static)
        facts = self.facts
        if facts is None:
            detail.update(Content(""), layout=False)
            return
        parts: list[Content] = []
        cid = self.current_claim()
        gid = facts.group_of.get(cid) if cid is not None else None
        if gid is not None:
            g = facts.group(gid)
            parts.append(Content(f"{VERDICT_MARK[g.verdict]}: {g.label}").stylize(self._style(VERDICT_CLASS[g.verdict])))
            parts.append(Content(g.reason))
            parts.extend(self._bars(g.claim_ids))
        elif cid is not None:
            c = facts.claim(cid)
            parts.append(Content(f"Not compared with other articles: {c.subject or c.text}"))
            parts.append(Content(facts.sentence(cid)).stylize(self._style("metric-panel--sentence")))
        checks = facts.checks(self.article_id) if self.article_id is not None else []
        if checks:
            parts.append(Content(f"Arithmetic checks in this article ({len(checks)})").stylize(self._style("metric-panel--heading")))
            for r in checks:
                mark, style = ("PASS", "metric-panel--pass") if r.passed else ("FAIL", "metric-panel--fail")
                parts.append(Content(f"{mark} {r.kind}: {r.computation}").stylize(self._style(style), 0, 4))
        detail.update(Content("\n").join(parts) if parts else Content(""), layout=False)

    def _bars(self, claim_ids: tuple[int, ...], limit: int = 10) -> list[Content]:
        claims = [self.facts.claim(cid) for cid in claim_ids[:limit]]
        values = [max(c.value or 0, c.value_max or 0) for c in claims]
        top = max(values) if values and max(values) > 0 else 1.0
        out = []
        width = 16
        for c, v in zip(claims, values):
            lo = int(round(width * (c.value or 0) / top))
            hi = int(round(width * v / top))
            bar = "█" * lo + "▒" * (hi - lo) + ("→" if c.bound in (">", ">=") else "")
            date = c.article_date.isoformat() if c.article_date else "undated"
            value = format_value(c.value, c.value_max, c.unit, c.bound)
            title = c.article_title if len(c.article_title) <= 22 else c.article_title[:21] + "…"
            out.append(Content(f"{bar:<{width + 1}} {value} · {date} · {title}"))
        if len(claim_ids) > limit:
            out.append(Content(f"… and {len(claim_ids) - limit} more claims in this group"))
        return out

    # --- events and keys -----------------------------------------------------------------------------
    def on_metric_table_highlighted(self, event: MetricTable.Highlighted) -> None:
        event.stop()
        self._show_detail()

    def on_metric_table_selected(self, event: MetricTable.Selected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.claim_id))

    def on_filter_box_typed(self, event: FilterBox.Typed) -> None:
        event.stop()
        self.text_filter = event.text
        self.refresh_table()

    def on_filter_box_done(self, event: FilterBox.Done) -> None:
        event.stop()
        focus_now(self.query_one(MetricTable))

    def action_toggle_view(self) -> None:
        self.view = "claims" if self.view == "groups" else "groups"
        self.refresh_table()

    def action_cycle_scope(self) -> None:
        self.scope = SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)]
        self.view = "claims"
        self.refresh_table()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.view = "claims"
        self.refresh_table()

    def action_filter(self) -> None:
        self.query_one(FilterBox).open()

    def action_clear_filter(self) -> None:
        if not self.query_one(FilterBox).close():
            raise SkipAction()
        if self.text_filter:
            self.text_filter = ""
            self.refresh_table()
        focus_now(self.query_one(MetricTable))
