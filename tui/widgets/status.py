"""The status line: corpus, analysis progress (n of N) and how many files had problems."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from corpus.cleaning import safe_label


class StatusBar(Static):
    """One line at the top of the screen."""

    corpus_label: reactive[str] = reactive("", init=False)
    articles: reactive[int] = reactive(0, init=False)
    problems: reactive[int] = reactive(0, init=False)
    progress: reactive[str] = reactive("reading files…", init=False)
    mode: reactive[str] = reactive("", init=False)

    def on_mount(self) -> None:
        self._draw()

    def _draw(self) -> None:
        parts = [Content("Gisa").stylize("bold", 0), Content(f"{self.articles} articles")]
        if self.problems:
            parts.append(Content(f"⚠ {self.problems} with problems (!)").stylize("bold", 0))
        parts.append(Content(self.progress))
        parts.append(Content(safe_label(self.corpus_label or "…", 40)))
        if self.mode:
            parts.append(Content(self.mode))
        parts.append(Content("? help"))
        self.update(Content(" │ ").join(parts), layout=False)

    def watch_corpus_label(self) -> None:
        self._draw()

    def watch_articles(self) -> None:
        self._draw()

    def watch_problems(self) -> None:
        self._draw()

    def watch_progress(self) -> None:
        self._draw()

    def watch_mode(self) -> None:
        self._draw()
