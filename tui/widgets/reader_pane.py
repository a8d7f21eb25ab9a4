"""The reader with its search box: `/` opens the box, Enter finds, Esc closes it."""

from __future__ import annotations

from textual.actions import SkipAction
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input

from ..focusing import focus_now
from ..text import toast
from .reader import Reader


class ReaderPane(Vertical):
    """The reading view and the box that searches it (the screen composes both inside, to bind the reader)."""

    BINDINGS = [Binding("escape", "close_search", "Close search", show=False, id="reader.close_search")]

    def on_reader_search_requested(self, event: Reader.SearchRequested) -> None:
        event.stop()
        box = self.query_one("#search", Input)
        box.remove_class("hidden")
        focus_now(box)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        reader, query = self.query_one(Reader), event.value.strip()
        if reader.index is not None and query:  # (before the index, the reader looks for the text as typed)
            from corpus.search import parse  # (loaded with the index)

            parsed = parse(query)
            if parsed.error:  # said, as the list's filter says it, and left in the box to mend
                toast(self, f"⚠ {parsed.error}", severity="warning", timeout=4)
                return
            if not parsed.terms:  # (the list's hits stay highlighted)
                toast(self, "pub:, date: and kind: choose articles (in the list's filter, / there); the reader finds words", timeout=4)
                return
        n = reader.search(query)
        toast(self, f"{n} match" + ("" if n == 1 else "es") + (" (n / N to move)" if n else ""), timeout=2)
        event.input.add_class("hidden")
        focus_now(reader)

    def action_close_search(self) -> None:
        box = self.query_one("#search", Input)
        if box.has_class("hidden"):
            reader = self.query_one(Reader)
            if not reader.search_text:
                raise SkipAction()  # Escape goes on to the screen
            reader.clear_search()
            toast(self, "Search cleared", timeout=2)
            return
        box.add_class("hidden")
        focus_now(self.query_one(Reader))
