"""The metric comparison: claims grouped across articles with verdicts, a bar chart, and checks.

Two views (v toggles): groups, conflicts first, each claim with its article and date; and all claims
of the current article, the current filter or the corpus (a cycles), sortable and filterable.
Enter on any claim opens its sentence in the reader.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from corpus.cleaning import safe_label

from ..focusing import focus_now
from ..lazy import pl
from ..text import number, text_cell
from .claim_table import Column, MetricTable
from .line_input import LineInput

VERDICT_STYLE = {"conflict": "bold red", "changed over time": "bold yellow", "agree": "green", "single source": "dim"}
VERDICT_MARK = {"conflict": "✗ conflict", "changed over time": "⟳ changed", "agree": "✓ agree", "single source": "· single"}
SCOPES = ("article", "filter", "corpus")
SORTS = ("subject", "value", "article", "date")

# What is compared matters most; the article's title and the claim's sentence are in the detail below.
GROUP_COLUMNS = [Column("Verdict", 10), Column("Compared", 16, 3), Column("Value", 15), Column("Article", 6, 1), Column("Date", 10)]
CLAIM_COLUMNS = [Column("Subject", 14, 3), Column("Value", 15), Column("As written", 10, 1), Column("Article", 6, 1),
                 Column("Date", 10)]


class MetricPanel(Vertical):
    """Claims and their comparison."""

    BINDINGS = [
        Binding("v", "toggle_view", "Groups/claims", id="metrics.view"),
        Binding("a", "cycle_scope", "Scope", id="metrics.scope"),
        Binding("s", "cycle_sort", "Sort", show=False, id="metrics.sort"),
        Binding("slash", "filter", "Filter", show=False, id="metrics.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="metrics.clear"),
    ]

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
        self.claims = None
        self.groups = None
        self.articles: dict[int, dict] = {}
        self.article_id: int | None = None
        self.filter_ids: list[int] = []
        self.group_of: dict[int, int] = {}
        self.group_rows: dict[int, dict] = {}
        self.checks_of: dict[int, list[dict]] = {}
        self.note = "Claims appear when the analysis is done."

    def compose(self) -> ComposeResult:
        yield Static(Content("Claims"), id="metrics-heading", classes="pane-heading")
        yield LineInput(placeholder="filter claims: subject, text, article…", id="metrics-filter", classes="hidden")
        yield Static(Content(""), id="metric-columns")
        yield MetricTable(id="metric-table")
        yield Static(Content(""), id="metric-detail")

    def set_data(self, claims: pl.DataFrame, groups: pl.DataFrame, checks: pl.DataFrame, articles: pl.DataFrame) -> None:
        self.claims, self.groups = claims, groups
        self.articles = {r["id"]: r for r in articles.select("id", "title", "date", "publisher").iter_rows(named=True)}
        self.group_rows = {r["group_id"]: r for r in groups.iter_rows(named=True)}
        self.group_of = {cid: gid for gid, r in self.group_rows.items() for cid in r["claim_ids"]}
        self.checks_of = {}
        for r in checks.iter_rows(named=True):
            self.checks_of.setdefault(r["article_id"], []).append(r)
        self.note = ""
        self.refresh_table()

    def set_article(self, article_id: int | None) -> None:
        if article_id != self.article_id:
            self.article_id = article_id
            if self.view == "claims" and self.scope == "article":
                self.refresh_table()
            else:
                self._show_detail()

    def set_filter_ids(self, ids: list[int]) -> None:
        self.filter_ids = ids
        if self.view == "claims" and self.scope == "filter":
            self.refresh_table()

    def set_note(self, note: str) -> None:
        self.note = note
        self.refresh_table()

    def conflict_claims(self) -> set[int]:
        """Claim ids that belong to a group whose verdict is conflict."""
        if self.groups is None or not self.groups.height:
            return set()
        rows = self.groups.filter(pl.col("verdict") == "conflict")
        return {cid for ids in rows["claim_ids"].to_list() for cid in ids}

    # --- table -----------------------------------------------------------------------------------
    def _article_cells(self, article_id: int) -> tuple[Content, Content]:
        art = self.articles.get(article_id, {})
        date = art.get("date")
        return text_cell(art.get("title") or "", 60), Content(date.isoformat() if date else "—")

    def refresh_table(self) -> None:
        table = self.query_one(MetricTable)
        heading = self.query_one("#metrics-heading", Static)
        if self.note or self.claims is None or not self.claims.height:
            table.set_rows([], [])
            self._draw_columns()
            heading.update(Content(f"Claims · {self.note or 'no claims'}"), layout=False)
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
        keep = table.current_claim()
        rows: list[tuple[list[Content], int]] = []
        by_id = {r["claim_id"]: r for r in self.claims.iter_rows(named=True)}
        needle = self.text_filter.lower()
        n = 0
        counts: dict[str, int] = {}
        for g in self.groups.iter_rows(named=True):
            if needle and needle not in g["label"].lower():
                continue
            counts[g["verdict"]] = counts.get(g["verdict"], 0) + 1
            n += 1
            for i, cid in enumerate(g["claim_ids"]):
                c = by_id[cid]
                verdict = Content(VERDICT_MARK[g["verdict"]] if i == 0 else "").stylize(VERDICT_STYLE[g["verdict"]])
                label = text_cell(g["label"] if i == 0 else f"  {c['text']}", 80)
                art, date = self._article_cells(c["article_id"])
                value = Content(number(c["value"], c["value_max"], c["unit"], c["bound"]))
                rows.append(([verdict, label, value, art, date], cid))
        table.set_rows(GROUP_COLUMNS, rows, keep)
        summary = ", ".join(f"{v} {k}" for k, v in counts.items()) or "none"
        heading.update(Content(f"Claims compared · {n} groups ({summary}) · v: all claims"), layout=False)

    def _fill_claims(self, table: MetricTable, heading: Static) -> None:
        keep = table.current_claim()
        frame = self.claims
        if self.scope == "article":
            frame = frame.filter(pl.col("article_id") == (self.article_id if self.article_id is not None else -1))
        elif self.scope == "filter":
            frame = frame.filter(pl.col("article_id").is_in(self.filter_ids))
        if self.text_filter:
            needle = self.text_filter.lower()
            frame = frame.filter(pl.col("subject").str.to_lowercase().str.contains(needle, literal=True)
                                 | pl.col("text").str.to_lowercase().str.contains(needle, literal=True)
                                 | pl.col("sentence").str.to_lowercase().str.contains(needle, literal=True))
        rows = frame.to_dicts()
        keyf = {
            "subject": lambda r: (r["subject"] or "~", r["article_id"], r["start"]),
            "value": lambda r: (r["unit"] or "", r["value"] if r["value"] is not None else 0.0),
            "article": lambda r: (r["article_id"], r["start"]),
            "date": lambda r: (str(self.articles.get(r["article_id"], {}).get("date") or ""), r["article_id"], r["start"]),
        }[self.sort]
        rows.sort(key=keyf)
        conflicts = self.conflict_claims()
        lines: list[tuple[list[Content], int]] = []
        for r in rows:
            art, date = self._article_cells(r["article_id"])
            subject = text_cell(r["subject"] or "—", 60, "bold red" if r["claim_id"] in conflicts else "")
            value = Content(number(r["value"], r["value_max"], r["unit"], r["bound"]))
            lines.append(([subject, value, text_cell(r["text"], 30), art, date], r["claim_id"]))
        table.set_rows(CLAIM_COLUMNS, lines, keep)
        where = {"article": "this article", "filter": "articles in the list", "corpus": "whole corpus"}[self.scope]
        heading.update(Content(f"Claims · {where} ({len(rows)}) · by {self.sort} · a: scope, v: groups"), layout=False)

    def current_claim(self) -> int | None:
        return self.query_one(MetricTable).current_claim()

    # --- detail: reason, bar chart, checks ----------------------------------------------------------
    def _show_detail(self) -> None:
        detail = self.query_one("#metric-detail", Static)
        if self.claims is None:
            detail.update(Content(""), layout=False)
            return
        parts: list[Content] = []
        cid = self.current_claim()
        gid = self.group_of.get(cid) if cid is not None else None
        if gid is not None:
            g = self.group_rows[gid]
            parts.append(Content(f"{VERDICT_MARK[g['verdict']]}: {safe_label(g['label'], 100)}").stylize(VERDICT_STYLE[g["verdict"]], 0))
            parts.append(Content(safe_label(g["reason"], 400)))
            parts.extend(self._bars(g["claim_ids"]))
        elif cid is not None:
            c = self.claims.filter(pl.col("claim_id") == cid).row(0, named=True)
            parts.append(Content(f"Not compared with other articles: {safe_label(c['subject'] or c['text'], 80)}"))
            parts.append(Content(safe_label(c["sentence"], 300)).stylize("italic", 0))
        if self.article_id is not None:
            rows = self.checks_of.get(self.article_id, [])
            if rows:
                parts.append(Content(f"Arithmetic checks in this article ({len(rows)})").stylize("bold", 0))
                for r in rows:
                    mark = "PASS" if r["passed"] else "FAIL"
                    line = Content(f"{mark} {r['kind']}: {safe_label(r['computation'], 300)}")
                    parts.append(line.stylize("green" if r["passed"] else "bold red", 0, 4))
        detail.update(Content("\n").join(parts) if parts else Content(""), layout=False)

    def _bars(self, claim_ids: list[int], limit: int = 10) -> list[Content]:
        rows = self.claims.filter(pl.col("claim_id").is_in(claim_ids[:limit])).to_dicts()
        values = [max(r["value"] or 0, r["value_max"] or 0) for r in rows]
        top = max(values) if values and max(values) > 0 else 1.0
        out = []
        width = 16
        for r, v in zip(rows, values):
            lo = int(round(width * (r["value"] or 0) / top))
            hi = int(round(width * v / top))
            bar = "█" * lo + "▒" * (hi - lo)
            bar = bar + ("→" if r["bound"] in (">", ">=") else "")
            art = self.articles.get(r["article_id"], {})
            date = art.get("date").isoformat() if art.get("date") else "undated"
            label = f"{bar:<{width + 1}} {number(r['value'], r['value_max'], r['unit'], r['bound'])} · {date} · {safe_label(art.get('title') or '', 22)}"
            out.append(Content(label))
        if len(claim_ids) > limit:
            out.append(Content(f"… and {len(claim_ids) - limit} more claims in this group"))
        return out

    # --- events ------------------------------------------------------------------------------------
    def on_metric_table_highlighted(self, event: MetricTable.Highlighted) -> None:
        event.stop()
        self._show_detail()

    def on_metric_table_selected(self, event: MetricTable.Selected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.claim_id))

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
        box = self.query_one("#metrics-filter", Input)
        box.remove_class("hidden")
        focus_now(box)

    def action_clear_filter(self) -> None:
        box = self.query_one("#metrics-filter", Input)
        if not (self.text_filter or not box.has_class("hidden")):
            raise SkipAction()
        box.value = ""
        box.add_class("hidden")
        self.text_filter = ""
        self.refresh_table()
        focus_now(self.query_one(MetricTable))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "metrics-filter":
            event.stop()
            if event.value.strip() != self.text_filter:  # clearing the box has already redrawn
                self.text_filter = event.value.strip()
                self.refresh_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "metrics-filter":
            event.stop()
            focus_now(self.query_one(MetricTable))
