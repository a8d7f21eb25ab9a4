"""Help generated from the bindings themselves, so it never drifts from what the keys do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..keys import key_label
from ..widgets.wrapping import wrap_offsets
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


GAP = 4  # cells between the two columns of a wide help


def _one_under_another(blocks: list[list[Content]]) -> list[Content]:
    """Sections one under another, a blank line between them."""
    lines: list[Content] = []
    for block in blocks:
        if lines:
            lines.append(Content(""))
        lines.extend(block)
    return lines


def _side_by_side(blocks: list[list[Content]], column: int) -> list[Content]:
    """Sections in two columns (`column` cells for the first), split where the columns come closest to one height."""

    def height(part: list[list[Content]]) -> int:
        return len(_one_under_another(part))

    split = min(range(1, len(blocks)), key=lambda k: abs(height(blocks[:k]) - height(blocks[k:])))
    left, right = _one_under_another(blocks[:split]), _one_under_another(blocks[split:])
    rows = max(len(left), len(right))
    left += [Content("")] * (rows - len(left))
    right += [Content("")] * (rows - len(right))
    return [(a + Content(" " * (column - a.cell_length)) + b) if b else a for a, b in zip(left, right)]


class HelpScreen(Dialog[None]):
    """All keys, by pane, with their binding ids (for remapping in settings.toml)."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close")]

    def __init__(self, rows: list[tuple[str, str, str, str]], settings_file: str) -> None:
        super().__init__()
        self.rows = rows
        self.settings_file = settings_file

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self._text(self._width(self.app.size.width)), id="help-text")

    def on_resize(self, event) -> None:
        self.query_one("#help-text", Static).update(self._text(self._width(event.size.width)))

    @staticmethod
    def _width(screen_width: int) -> int:
        return int(screen_width * 0.9) - 6  # (#help-body: 90% wide, a border and a cell of padding each side, a scrollbar)

    def _text(self, width: int) -> Content:
        """The keys in three columns sized to what they hold; where the ids do not fit beside them (80 columns), each
        id goes on a line of its own under its description, dimmed, rather than wrapping to the margin. Where two such
        tables fit side by side (a wide terminal), the panes' sections are set in two columns, whole sections each."""
        key_w = max((len(keys) for _, keys, _, _ in self.rows), default=0)
        desc_w = max((len(desc) for _, _, desc, _ in self.rows), default=0)
        id_w = max((len(bid) for _, _, _, bid in self.rows), default=0)
        entry_w = 2 + key_w + 2 + desc_w + 2 + id_w
        beside = entry_w <= width
        blocks: list[list[Content]] = []
        for sec, keys, desc, bid in self.rows:
            if not blocks or blocks[-1][0].plain != sec:
                blocks.append([Content(sec).stylize("bold underline", 0)])
            if beside:
                line = f"  {keys:<{key_w}}  {desc:<{desc_w}}  "
                blocks[-1].append(Content(line + bid).stylize("dim", len(line)))
            else:
                blocks[-1].append(Content(f"  {keys:<{key_w}}  {desc}"))
                if bid:
                    blocks[-1].append(Content(f"  {'':<{key_w}}  {bid}").stylize("dim", 0))
        lines: list[Content] = [Content("Gisa keys — Esc closes").stylize("bold", 0), Content("")]
        if beside and 2 * entry_w + GAP <= width and len(blocks) > 1:
            lines.extend(_side_by_side(blocks, entry_w + GAP))
        else:
            lines.extend(_one_under_another(blocks))
        from corpus.search import SYNTAX

        lines.append(Content(""))
        lines.append(Content("Search (the list filter /, the reader's /, and Ctrl+F across the corpus)").stylize("bold underline", 0))
        for name, text in SYNTAX:  # wrapped under itself (a hanging indent), not back to the margin
            starts = wrap_offsets(text, max(width - 15, 20))
            for k, (a, b) in enumerate(zip(starts, [*starts[1:], len(text)])):
                lines.append(Content(f"  {name if k == 0 else '':<12} {text[a:b].rstrip()}"))
        lines.append(Content(""))
        lines.append(Content(f'Remap any key by its id in {self.settings_file}, e.g. [keys] "reader.search" = "slash,f3".'))
        lines.append(Content("Ctrl+P opens the command palette: panes, highlights, themes, low-bandwidth mode."))
        lines.append(Content("Ctrl+C quits as q does, at any moment, even mid-analysis (in a text field it copies the selection first)."))
        return Content("\n").join(lines)
