"""A filter-as-you-type box that opens on a key and reports its text: the article list's and the claims pane's."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

from ..focusing import focus_now
from .line_input import LineInput


class FilterBox(LineInput):
    """Hidden until opened; every change of its text is posted as `FilterBox.Typed`."""

    class Typed(Message):
        """The filter text changed (stripped of surrounding spaces). (Not `Changed`: Input posts its own.)"""

        def __init__(self, box: FilterBox, text: str) -> None:
            super().__init__()
            self.box = box
            self.text = text

        @property
        def control(self) -> FilterBox:
            return self.box

    class Done(Message):
        """Enter in the box: the list below takes the keys again."""

    def __init__(self, placeholder: str, *, id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, classes="hidden")
        self._text = ""

    def open(self) -> None:
        self.remove_class("hidden")
        focus_now(self)

    @property
    def is_open(self) -> bool:
        return not self.has_class("hidden")

    def close(self) -> bool:
        """Empty and hide the box; True if there was anything to close."""
        had = self.is_open or bool(self._text)
        self._text = ""
        self.value = ""
        self.add_class("hidden")
        return had

    def set_text(self, text: str) -> None:
        """Show `text` as the filter (set from elsewhere: it is not reported back)."""
        self._text = text.strip()
        self.value = text

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        if text != self._text:
            self._text = text
            self.post_message(self.Typed(self, text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())
