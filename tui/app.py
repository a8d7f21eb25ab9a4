"""The Gisa reader app (placeholder until the panes land)."""

from __future__ import annotations

import argparse

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Footer, Header, Static

from corpus.loader import load_corpus

from .resources import stylesheet


class GisaApp(App):
    """Gisa."""

    CSS_PATH = str(stylesheet())
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, paths: list[str] | None = None) -> None:
        super().__init__()
        self.paths = paths

    def compose(self) -> ComposeResult:
        yield Header()
        corpus = load_corpus(self.paths or None)
        yield Static(Content("\n".join(corpus.articles["title"].to_list())))
        yield Footer()


def run_app(args: argparse.Namespace) -> int:
    GisaApp(args.paths or None).run()
    return 0
