"""Gisa's dialogs are dismissed once, and write whole characters.

Textual's `dismiss` pops whatever screen is on top. A second Enter or Esc that reaches a dialog before it is gone
(typed fast, or arriving in one burst over SSH) would dismiss it again and pop the main screen from under it.
"""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

from ..covering import WholeCharacters

Result = TypeVar("Result")


class DismissedOnce:
    """For a modal screen: a dismissal once it is dismissed, or not on top, does nothing."""

    _dismissed = False

    def dismiss(self, result=None) -> AwaitComplete:
        if self._dismissed or self.app.screen is not self:
            return AwaitComplete.nothing()
        self._dismissed = True
        return super().dismiss(result)


class Dialog(DismissedOnce, ModalScreen[Result]):
    """A modal screen dismissed once, whose updates write whole characters (`tui/covering.py`)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = WholeCharacters()
