"""A filter-as-you-type box that opens on a key and reports its text: the article list's and the claims pane's."""

from __future__ import annotations

from textual.message import Message
from textual.reactive import var
from textual.widgets import Input

from ..focusing import focus_now
from .line_input import LineInput


class FilterBox(LineInput):
    """Hidden until opened; what is typed in it is `text`, for the pane that holds it to watch."""

    # The typed filter, stripped of surrounding spaces. A reactive, not a message: its watchers run as the key is
    # handled, so the filtered rows are drawn in the same frame as the typed character.
    text: var[str] = var("", init=False)

    class Done(Message):
        """Enter in the box: the list below takes the keys again."""

    def __init__(self, placeholder: str, *, id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, classes="hidden")

    def open(self) -> None:
        self.remove_class("hidden")
        focus_now(self)

    @property
    def is_open(self) -> bool:
        return not self.has_class("hidden")

    def close(self) -> bool:
        """Empty and hide the box; True if there was anything to close."""
        had = self.is_open or bool(self.text)
        self.set_text("")
        self.add_class("hidden")
        return had

    def set_text(self, text: str) -> None:
        """Show `text` as the filter (set from elsewhere: it is not reported back)."""
        self.set_reactive(FilterBox.text, text.strip())  # first, so that the value's watcher finds nothing new
        self.value = text

    def watch_value(self, value: str) -> None:
        if value.strip() != self.text:
            self.text = value.strip()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())
