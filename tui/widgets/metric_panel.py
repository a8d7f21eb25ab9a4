"""The metric comparison: claims grouped across articles with verdicts, a bar chart, and checks.

Two views (v toggles): groups, conflicts first, then possible conflicts (the order of
`corpus.compare.VERDICT_ORDER`), each a heading row (verdict, label, the words that tied its sentences
and their score) over one row per member with its own wording, value, article and date; and all claims
of the current article, of the articles in the list or of the corpus (a cycles), sortable and
filterable. An article is named by what tells it apart (its publisher, and title words where two share
publisher and date: `corpus.telling`), then as much of its title as fits; the detail below names the
claim's article by its full title. Two claims of one article with the same wording show the words of their
sentences that tell them apart. Enter on any claim opens its sentence in the reader. Verdicts, groups and
checks come ready from `corpus.facts`; this pane only lays them out, and tells the export
(`tui.screens.export`) what it shows (`in_view`).
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from corpus.formatting import format_value
from corpus.table import cell_width, cut_at_word, first_fit, prefix

from ..focusing import focus_now
from ..text import cell
from .claim_table import HEADING, Column, Kept, MetricTable
from .filter_box import FilterBox
from .text_lines import TextLines

VERDICT_MARK = {
    "conflict": "✗ conflict",
    "possible conflict": "? possible",
    "changed over time": "⟳ changed",
    "agree": "✓ agree",
    "single source": "· single",
}
VERDICT_CLASS = {
    "conflict": "metric-panel--conflict",
    "possible conflict": "metric-panel--possible",
    "changed over time": "metric-panel--changed",
    "agree": "metric-panel--agree",
    "single source": "metric-panel--single",
}
VERDICT_SHORT = {
    "conflict": "conflict",
    "possible conflict": "possible",
    "changed over time": "changed",
    "agree": "agree",
    "single source": "single",
}
SCOPES = ("article", "filter", "corpus")
SCOPE_NAMES = {"article": "this article", "filter": "articles in the list", "corpus": "whole corpus"}
SORTS = ("subject", "value", "article", "date")  # the orders corpus.facts.Facts.claim_ids knows

# Numbers and dates keep their width and are never left out. Titles give up cells first, down to what tells
# their article apart (the detail below has the whole title); then wording, down to what tells a repeated
# wording apart; then subjects, what a claim is about. In the list of all claims the wording is left out before
# a subject is cut below six syllables (the value says the number, the detail the wording). In one article's
# list every row would name the same article: no article column. A group's verdict, label, evidence and
# score are its heading row.
GROUP_COLUMNS = [
    Column("Wording", least=7, cut=2),
    Column("Value"),
    Column("Article", flex=1, cut=3),
    Column("Date"),
]
CLAIM_COLUMNS = [
    Column("Subject", least=8, fair=12, flex=1, cut=1),
    Column("Value"),
    Column("Wording", least=7, cut=2, optional=True),
    Column("Article", flex=1, cut=3),
    Column("Date"),
]
ARTICLE_CLAIM_COLUMNS = [  # (room to spare goes to the wording, last, so the value stays beside its subject)
    Column("Subject", least=8, cut=1),
    Column("Value"),
    Column("Wording", least=7, flex=1, cut=2),
]


def group_heading(mark: str, label: str, words: tuple[str, ...], score: float, width: int) -> tuple[str, int]:
    """A group's heading line for `width` cells: verdict, label, then as many of the words that tied it as fit
    and its score; (line, where the verdict mark ends). Never cut mid-word while a part can go instead."""
    head = f"{mark}  {label}"
    candidates = []
    for keep in range(len(words), 0, -1):
        more = f" +{len(words) - keep}" if keep < len(words) else ""
        candidates.append(f"{head}  · tied by {', '.join(words[:keep])}{more} · score {score:.2f}")
    candidates += [f"{head}  · score {score:.2f}", head]
    return first_fit(candidates, width), len(mark)


class MetricPanel(Vertical):
    """Claims and their comparison."""

    COMPONENT_CLASSES = set(VERDICT_CLASS.values()) | {
        "metric-panel--pass",
        "metric-panel--fail",
        "metric-panel--sentence",
        "metric-panel--heading",
        "metric-panel--title",
        "metric-panel--context",
    }
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
        self._headings: list[str] = ["Claims"]  # the pane's heading, longest first (see _draw_heading)
        self.in_view: tuple[str, list[int], bool] = ("groups", [], False)  # what the pane shows: view, ids, narrowed?
        self._detail_shown: tuple | None = None  # what the detail was drawn from

    def compose(self) -> ComposeResult:
        yield Static(Content("Claims"), id="metrics-heading", classes="pane-heading")
        yield FilterBox("filter claims: subject, text, article…", id="metrics-filter")
        yield Static(Content(""), id="metric-columns")
        yield MetricTable(id="metric-table")
        yield TextLines(id="metric-detail")

    def on_mount(self) -> None:
        self.watch(self.query_one(MetricTable), "current", self._show_detail, init=False)
        self.watch(self.query_one(FilterBox), "text", self._typed, init=False)
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

    def _article_cells(self, claim) -> tuple[Kept, Content]:
        """What tells the claim's article apart (its publisher, else its file name; title words where two articles
        share them and their date), then the rest of its title where there is room; and its date."""
        line, keep = self.facts.label(claim.article_id)
        title = line.find(" · ")  # the title, after the source, muted
        article = cell(line).stylize(self._style("metric-panel--title"), title) if title >= 0 else cell(line)
        return Kept(article, keep), Content(claim.article_date.isoformat() if claim.article_date else "—")

    def _wording(self, claim) -> Kept:
        """A claim's wording; where another claim of its article has the same wording, with the words of its
        sentence around it that tell the two apart (muted), and those kept whole while other cells can give."""
        reading = self.facts.reading(claim.claim_id)
        if reading is None:
            return Kept(cell(claim.text), 0)
        context = self._style("metric-panel--context")
        text = cell(reading.text).stylize(context, 0, reading.start).stylize(context, reading.end)
        return Kept(text, reading.keep)

    def refresh_table(self) -> None:
        table = self.query_one(MetricTable)
        facts = self.facts
        if facts is None:
            table.set_rows([], [])
            self._draw_columns()
            self._headings = [f"Claims · {self.stopped or 'Claims appear when the analysis is done.'}", "Claims"]
            self._draw_heading()
            self.query_one("#metric-detail", TextLines).update([])
            return
        if self.view == "groups":
            self._fill_groups(table)
        else:
            self._fill_claims(table)
        self._draw_heading()
        self._draw_columns()
        if not table.row_count:  # (with rows, putting the cursor on one already showed its detail: `current`)
            self._show_detail()

    def _draw_columns(self) -> None:
        table = self.query_one(MetricTable)
        width = table.text_width or max(self.size.width - 3, 0)
        self.query_one("#metric-columns", Static).update(table.heading(width), layout=False)

    def _draw_heading(self) -> None:
        """The pane's heading, shortened by whole parts (never mid-word) to the pane's width."""
        heading = self.query_one("#metrics-heading", Static)
        width = heading.content_region.width or max(self.size.width - 2, 0) or 10_000
        heading.update(Content(first_fit(self._headings, width)), layout=False)

    def on_resize(self) -> None:
        self._draw_heading()
        self._draw_columns()
        self._show_detail()

    def on_metric_table_columns_changed(self, event: MetricTable.ColumnsChanged) -> None:
        event.stop()
        self._draw_columns()

    def _fill_groups(self, table: MetricTable) -> None:
        facts = self.facts
        needle = self.text_filter.lower()
        counts: dict[str, int] = {}
        ids: list[int] = []
        heads: dict[int, object] = {}  # heading row -> its group
        shown: list[int] = []
        matching = facts.groups_matching(needle) if needle else None
        for g in facts.groups:
            if matching is not None and g.group_id not in matching:
                continue
            counts[g.verdict] = counts.get(g.verdict, 0) + 1
            heads[len(ids)] = g
            ids.append(HEADING - g.group_id)
            ids.extend(g.claim_ids)
            shown.append(g.group_id)
        self.in_view = ("groups", shown, bool(needle))

        def cells(index: int) -> list[Content | Kept]:
            c = facts.claim(ids[index])
            return [self._wording(c), Content(format_value(c.value, c.value_max, c.unit, c.bound)), *self._article_cells(c)]

        def heading(index: int, width: int) -> Content:
            g = heads[index]
            words, score = facts.evidence(g.group_id)
            line, mark = group_heading(VERDICT_MARK[g.verdict], g.label, words, score, width)
            return Content(line).stylize(self._style("metric-panel--heading")).stylize(self._style(VERDICT_CLASS[g.verdict]), 0, mark)

        table.set_rows(GROUP_COLUMNS, ids, cells, table.current_claim(), heading)
        total = sum(counts.values())
        long = ", ".join(f"{v} {k}" for k, v in counts.items()) or "none"
        short = ", ".join(f"{v} {VERDICT_SHORT[k]}" for k, v in counts.items()) or "none"
        self._headings = [
            f"Claims compared · {total} groups: {long} · v: all claims",
            f"Claims compared · {total} groups: {long}",
            f"Claims compared · {total} groups: {short}",
            f"Claims · {total} groups: {short}",
            f"Claims · {total} groups",
            "Claims",
        ]

    def _fill_claims(self, table: MetricTable) -> None:
        facts = self.facts
        if self.scope == "article":
            scope = [self.article_id] if self.article_id is not None else []
        elif self.scope == "filter" and self.visible_ids is not None:
            scope = sorted(self.visible_ids)
        else:
            scope = None
        ids = facts.claim_ids(scope, self.text_filter, self.sort)
        self.in_view = ("claims", ids, bool(self.text_filter) or scope is not None)
        conflict = self._style("metric-panel--conflict")

        one_article = self.scope == "article"

        def cells(index: int) -> list[Content | Kept]:
            c = facts.claim(ids[index])
            subject = cell(c.subject or "—")
            if c.conflict:
                subject = subject.stylize(conflict)
            value = Content(format_value(c.value, c.value_max, c.unit, c.bound))
            wording = self._wording(c).content  # (the context shows where there is room; the wording may be left out)
            return [subject, value, wording] if one_article else [subject, value, wording, *self._article_cells(c)]

        table.set_rows(ARTICLE_CLAIM_COLUMNS if one_article else CLAIM_COLUMNS, ids, cells, table.current_claim())
        where = f"{SCOPE_NAMES[self.scope]} ({len(ids)})"
        self._headings = [
            f"Claims · {where} · by {self.sort} · a: scope, v: groups",
            f"Claims · {where} · by {self.sort}",
            f"Claims · {where}",
            f"Claims ({len(ids)})",
            "Claims",
        ]

    def current_claim(self) -> int | None:
        return self.query_one(MetricTable).current_claim()

    # --- detail: reason, bar chart, checks -----------------------------------------------------------
    def _show_detail(self) -> None:
        detail = self.query_one("#metric-detail", TextLines)
        key = self._detail_key(self.article_id, detail)
        if key is None:
            detail.update([])
            self._detail_shown = None
            return
        if key == self._detail_shown:
            return  # (another article with the same checks, none mostly: the detail is drawn as it is)
        self._detail_shown = key
        if not detail.show_kept(key):
            detail.update(self._detail_parts(*key[1:4]), key)

    def _detail_key(self, article_id: int | None, detail: TextLines) -> tuple | None:
        """What the detail shown beside this article is made from (None before the analysis)."""
        facts = self.facts
        if facts is None:
            return None
        width = detail.content_region.width or max(self.size.width - 2, 0) or 80
        checks = facts.checks(article_id) if article_id is not None else []
        return (facts, self.current_claim(), width, tuple(checks), self.app.theme)

    def warming(self, article_id: int) -> Iterator[None]:
        """Make ready, while no key comes, the detail this pane would show beside an article the list's cursor may come
        to next (its arithmetic checks under the current claim), laid out as it will be drawn."""
        yield
        if not self.is_mounted or (self.view == "claims" and self.scope == "article"):  # (there the table changes too)
            return
        for detail in self.query("#metric-detail").results(TextLines):  # (none while the app closes)
            key = self._detail_key(article_id, detail)
            if key is not None:
                detail.prepare(key, lambda key=key: self._detail_parts(*key[1:4]))

    def _detail_parts(self, cid: int | None, width: int, checks: tuple) -> list[Content]:
        """The detail's lines: the current claim's group (its verdict, reason and members' bars) or its sentence, then
        the article's arithmetic checks."""
        facts = self.facts
        parts: list[Content] = []
        gid = facts.group_of.get(cid) if cid is not None else None
        if gid is not None:
            g = facts.group(gid)
            words, score = facts.evidence(gid)
            line, mark = group_heading(VERDICT_MARK[g.verdict], g.label, words, score, width)
            parts.append(Content(line).stylize(self._style(VERDICT_CLASS[g.verdict]), 0, mark))
            parts.append(Content(g.reason))
        if cid is not None:
            c = facts.claim(cid)
            date = c.article_date.isoformat() if c.article_date else "undated"
            about = first_fit(
                [f"{c.text} in {c.article_title} ({facts.source(c.article_id)}, {date})", f"{c.text} in {c.article_title}"], width
            )
            if gid is None:
                parts.append(Content(cut_at_word(f"Not compared with other articles: {c.subject or c.text}", width)))
            parts.append(Content(about))
            if gid is not None:
                parts.extend(self._bars(facts.group(gid).claim_ids, width))
            else:
                parts.append(Content(facts.sentence(cid)).stylize(self._style("metric-panel--sentence")))
        if checks:
            parts.append(Content(f"Arithmetic checks in this article ({len(checks)})").stylize(self._style("metric-panel--heading")))
            for r in checks:
                mark, style = ("PASS", "metric-panel--pass") if r.passed else ("FAIL", "metric-panel--fail")
                parts.append(Content(cut_at_word(f"{mark} {r.kind}: {r.computation}", width)).stylize(self._style(style), 0, 4))
        return parts

    def _bars(self, claim_ids: tuple[int, ...], width: int, limit: int = 10) -> list[Content]:
        """One line per member: a bar scaled to the largest value, then value, article and date, fitted to `width`."""
        claims = [self.facts.claim(cid) for cid in claim_ids[:limit]]
        values = [max(c.value or 0, c.value_max or 0) for c in claims]
        top = max(values) if values and max(values) > 0 else 1.0
        out = []
        bar_width = max(min(16, width // 4), 4)
        for c, v in zip(claims, values):
            lo = int(round(bar_width * (c.value or 0) / top))
            hi = int(round(bar_width * v / top))
            bar = "█" * lo + "▒" * (hi - lo) + ("→" if c.bound in (">", ">=") else "")
            date = c.article_date.isoformat() if c.article_date else "undated"
            value = format_value(c.value, c.value_max, c.unit, c.bound)
            label = first_fit(
                [f"{value} · {self.facts.source(c.article_id)} · {date}", f"{value} · {date}", value], max(width - bar_width - 2, 1)
            )
            line = f"{bar:<{bar_width + 1}} {label}"
            out.append(Content(line if cell_width(line) <= width else prefix(line, width)))
        if len(claim_ids) > limit:
            out.append(Content(cut_at_word(f"… and {len(claim_ids) - limit} more claims in this group", width)))
        return out

    # --- events and keys -----------------------------------------------------------------------------
    def on_metric_table_selected(self, event: MetricTable.Selected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.claim_id))

    def _typed(self, text: str) -> None:
        self.text_filter = text
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
