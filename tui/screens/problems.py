"""The files that could not be read, each with its reason."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from .dialog import Dialog


class ProblemsScreen(Dialog[None]):
    """A table of skipped files and reasons."""

    BINDINGS = [Binding("escape,q,exclamation_mark", "dismiss", "Close", id="problems.close")]

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-box"):
            files = "1 file" if len(self.problems) == 1 else f"{len(self.problems)} files"
            yield Static(Content(f"{files} could not be read (Esc closes)"), classes="pane-heading")
            yield DataTable(id="problems-table", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("File", width=50)
        table.add_column("Reason", width=60)
        for path, reason in self.problems:  # Rich Text cells: a DataTable parses str cells as markup
            table.add_row(Text(path, no_wrap=True, overflow="ellipsis"), Text(reason, no_wrap=True, overflow="ellipsis"))
        table.focus()
