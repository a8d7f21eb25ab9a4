"""Export what the active pane shows, as `gisa` would write it: the articles in the list, the entities in
the sidebar, the claims or the comparison groups in view.

The records come from `corpus.reports` (the functions `gisa claims`, `gisa compare` and `gisa entities`
use, given the ids the pane shows), the bytes from `corpus.export.render` and the file from
`corpus.output.write`, so an export of a whole view is byte for byte what the command writes, with
the same care for the file that is there. A dialog asks for the file name (the format follows its
suffix, as `-o` does: .csv, .json/.jsonl, .parquet); the records are built and written in a thread, and
a toast says where they went.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from corpus.cleaning import safe_label

from ..focusing import focus_now
from ..text import toast
from ..widgets.line_input import LineInput
from .dialog import Dialog

FORMAT_NAMES = {"csv": "CSV", "json": "JSON lines", "parquet": "Parquet"}
NOUNS = {
    "articles": ("article", "articles"),
    "entities": ("entity", "entities"),
    "claims": ("claim", "claims"),
    "groups": ("record (group members and checks)", "records (group members and checks)"),
}


@dataclass(frozen=True)
class ExportView:
    """What a pane shows, ready to export: `build()` gives the frame to write (it may take a while: it runs
    in a thread)."""

    what: str  # "articles", "entities", "claims", "groups"
    describe: str  # "the 5 articles in the list", for the dialog
    default: str  # the file name offered
    build: Callable[[], object]  # () -> polars.DataFrame


def view_of(screen) -> ExportView | str:
    """What the screen's active pane shows, or why there is nothing to export there."""
    corpus = screen.corpus
    if corpus is None or not getattr(corpus, "complete", False):
        return "The corpus is still being read: export in a moment."
    pane = screen.active
    result, facts = screen.result, screen.facts
    if pane == "list":
        from ..widgets.article_list import ArticleList

        ids = list(screen.query_one(ArticleList).shown_ids)
        found = screen.found
        hits = dict(found.hits) if screen.text_filter and found is not None and found.ids is not None else None
        counts = dict(facts.counts) if facts is not None else None

        def articles():
            from corpus import reports

            return reports.articles(corpus, ids, counts, hits)

        return ExportView("articles", f"the {len(ids)} articles in the list", "gisa-articles.csv", articles)
    if result is None or facts is None:
        return "Entities and claims can be exported once the analysis is done."
    if pane == "entities":
        from ..widgets.entity_panel import EntityList, EntityPanel

        ids = [eid for _, eid in screen.query_one(EntityList).lines if eid is not None]
        where = "this article" if screen.query_one(EntityPanel).scope == "article" else "the corpus"

        def entities():
            from corpus import reports

            return reports.entities(result, ids)[0]

        return ExportView("entities", f"the {len(ids)} entities of {where}", "gisa-entities.csv", entities)
    if pane == "metrics":
        from ..widgets.metric_panel import MetricPanel

        view, ids, narrowed = screen.query_one(MetricPanel).in_view
        ids = list(ids)
        if view == "groups":
            every = not narrowed

            def groups():
                from corpus import reports

                return reports.compare(result, None if every else ids, with_checks=every)

            members = sum(len(facts.group(g).claim_ids) for g in ids)
            checks = " and the arithmetic checks, as gisa compare writes them" if every else ""
            return ExportView("groups", f"{len(ids)} groups ({members} claims){checks}", "gisa-groups.csv", groups)

        def claims():
            from corpus import reports

            return reports.claims(result, ids)[0]

        return ExportView("claims", f"the {len(ids)} claims in view, in their order", "gisa-claims.csv", claims)
    return "The reader has nothing to export: the list, entities and claims panes export what they show (e)."


class Articles:
    """Is a path one of the corpus's article files? The real paths of ten thousand files are looked up only
    when a file that exists inside the corpus's folders is named."""

    def __init__(self, corpus) -> None:
        self.corpus = corpus
        self.roots = tuple(os.path.realpath(r) for r in getattr(corpus, "roots", ()))
        self._real: frozenset[str] | None = None

    def __contains__(self, real: str) -> bool:
        if not os.path.isfile(real) or not any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in self.roots):
            return False
        if self._real is None:
            articles = getattr(self.corpus, "articles", None)
            paths = articles["path"].to_list() if articles is not None else []
            self._real = frozenset(os.path.realpath(p) for p in paths)
        return real in self._real


def plan(name: str, articles) -> tuple[str, str, str]:
    """(path, format, what happens) for a file name typed in the dialog; raises OutputError when it cannot
    be written there (`articles`: the real paths of the articles, never written over)."""
    from corpus.export import output_format
    from corpus.output import OutputError, target

    name = os.path.expanduser(name.strip())
    if not name or name == "-":
        raise OutputError("name a file (the format follows its suffix: .csv, .json, .parquet)")
    where = target(name)
    if where.how == "atomic" and where.path in articles:
        raise OutputError(f"{where.shown} is one of the articles read; Gisa never writes to articles")
    fmt = output_format(None, name)
    if where.how == "stream":
        effect = "writes into it"
    elif os.path.lexists(name):
        effect = "replaces the file there"
    else:
        effect = "creates it"
    return os.path.abspath(name), fmt, effect


class ExportScreen(Dialog):
    """Ask for a file name, write the view's records there, and say where they went."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    class Written(Message):
        def __init__(self, path: str, fmt: str, rows: int) -> None:
            super().__init__()
            self.path, self.fmt, self.rows = path, fmt, rows

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, view: ExportView, articles) -> None:
        super().__init__()
        self.view = view
        self.article_paths = articles  # (a container of real paths: `Articles`)
        self.writing = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(Content(f"Export {self.view.describe}"), id="export-heading", classes="pane-heading")
            yield LineInput(value=self.view.default, placeholder="file name: .csv, .json or .parquet", id="export-name")
            yield Static(Content(""), id="export-target")
            yield Static(Content("Enter writes · Esc cancels · the format follows the suffix (.csv, .json, .parquet)"), id="export-help")

    def on_mount(self) -> None:
        focus_now(self.query_one("#export-name", Input))
        self._describe(self.view.default)

    def _describe(self, name: str) -> bool:
        from corpus.output import OutputError

        line = self.query_one("#export-target", Static)
        try:
            path, fmt, effect = plan(name, self.article_paths)
        except OutputError as exc:
            line.update(Content(f"⚠ {exc}"), layout=False)
            line.set_class(True, "-error")
            return False
        line.update(Content(f"{FORMAT_NAMES.get(fmt, fmt)} to {safe_label(path, 300)} ({effect})"), layout=False)
        line.set_class(False, "-error")
        return True

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if not self.writing:
            self._describe(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.writing or not self._describe(event.value):
            return
        from corpus.output import OutputError

        try:
            path, fmt, _ = plan(event.value, self.article_paths)
        except OutputError:
            return
        self.writing = True
        self.query_one("#export-name", Input).disabled = True
        self.query_one("#export-target", Static).update(Content(f"writing {safe_label(path, 300)}…"), layout=False)
        self.run_worker(
            lambda: self._write(os.path.expanduser(event.value.strip()), path, fmt),
            thread=True,
            exclusive=True,
            group="export",
            exit_on_error=False,
        )

    def _write(self, name: str, path: str, fmt: str) -> None:
        """Build the records and write them (in a thread: it only posts messages)."""
        from corpus.export import render
        from corpus.output import OutputError, write

        try:
            frame = self.view.build()
            write(name, render(frame, fmt))
        except OutputError as exc:
            self.post_message(self.Failed(str(exc)))
        except Exception as exc:  # shown, never fatal
            self.post_message(self.Failed(f"export failed: {type(exc).__name__}: {exc}"))
        else:
            self.post_message(self.Written(path, fmt, frame.height))

    def on_export_screen_written(self, message: Written) -> None:
        self.dismiss(message.path)
        one, many = NOUNS[self.view.what]
        toast(
            self.app,
            f"Exported {message.rows} {one if message.rows == 1 else many} as "
            f"{FORMAT_NAMES.get(message.fmt, message.fmt)} to {safe_label(message.path, 300)}",
            timeout=6,
        )

    def on_export_screen_failed(self, message: Failed) -> None:
        self.writing = False
        name = self.query_one("#export-name", Input)
        name.disabled = False
        focus_now(name)
        line = self.query_one("#export-target", Static)
        line.update(Content(f"⚠ {safe_label(message.reason, 300)}"), layout=False)
        line.set_class(True, "-error")

    def action_cancel(self) -> None:
        if not self.writing:
            self.dismiss(None)


def start_export(screen) -> None:
    """Export what the active pane of the main screen shows (the `e` key and the palette's command)."""
    view = view_of(screen)
    if isinstance(view, str):
        toast(screen, view, timeout=4)
        return
    screen.app.push_screen(ExportScreen(view, Articles(screen.corpus)))
