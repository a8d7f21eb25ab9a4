"""Help generated from the bindings themselves, so it never drifts from what the keys do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..keys import key_label
from .dialog import Dialog


def binding_rows(sections: list[tuple[str, list[Binding]]], keymap: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(section, keys, description, id) for every binding, with the user's remapping applied."""
    rows = []
    for section, bindings in sections:
        for b in bindings:
            if not isinstance(b, Binding):
                continue
            keys = keymap.get(b.id, b.key) if b.id else b.key
            rows.append((section, key_label(keys), b.description or b.action, b.id or ""))
    return rows


class HelpScreen(Dialog[None]):
    """All keys, by pane, with their binding ids (for remapping in settings.toml)."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close")]

    def __init__(self, rows: list[tuple[str, str, str, str]], settings_file: str) -> None:
        super().__init__()
        self.rows = rows
        self.settings_file = settings_file

    def compose(self) -> ComposeResult:
        lines: list[Content] = [Content("Gisa keys — Esc closes").stylize("bold", 0), Content("")]
        section = None
        for sec, keys, desc, bid in self.rows:
            if sec != section:
                if section is not None:
                    lines.append(Content(""))
                lines.append(Content(sec).stylize("bold underline", 0))
                section = sec
            lines.append(Content(f"  {keys:<22} {desc:<28} {bid}"))
        from corpus.search import SYNTAX

        lines.append(Content(""))
        lines.append(Content("Search (the list filter /, the reader's /, and Ctrl+F across the corpus)").stylize("bold underline", 0))
        lines.extend(Content(f"  {name:<12} {text}") for name, text in SYNTAX)
        lines.append(Content(""))
        lines.append(Content(f'Remap any key by its id in {self.settings_file}, e.g. [keys] "reader.search" = "slash,f3".'))
        lines.append(Content("Ctrl+P opens the command palette: panes, highlights, themes, low-bandwidth mode."))
        lines.append(Content("Ctrl+C quits as q does, at any moment, even mid-analysis (in a text field it copies the selection first)."))
        with VerticalScroll(id="help-body"):
            yield Static(Content("\n").join(lines), id="help-text")
