"""The status line: corpus, analysis progress (n of N), how many files had problems, and the mode."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import var
from textual.widgets import Static


class StatusBar(Static):
    """One line at the top of the screen, drawn from the screen's state."""

    corpus = var(None, init=False)  # bound: what has been read so far
    progress = var("reading files…", init=False)  # bound
    low_bandwidth = var(False, init=False)  # follows the app's

    def on_mount(self) -> None:
        self.watch(self.app, "low_bandwidth", self._set_mode)
        self._draw()

    def _set_mode(self, low: bool) -> None:
        self.low_bandwidth = low

    def _draw(self) -> None:
        corpus = self.corpus
        count = len(corpus.rows) if corpus is not None else 0
        parts = [Content("Gisa").stylize("bold", 0), Content(f"{count} articles")]
        problems = corpus.problem_count if corpus is not None else 0
        if problems:
            parts.append(Content(f"⚠ {problems} with problems (!)").stylize("bold", 0))
        parts.append(Content(self.progress))
        parts.append(Content(corpus.label if corpus is not None else "…"))
        if self.low_bandwidth:
            parts.append(Content("low-bandwidth"))
        parts.append(Content("? help"))
        self.update(Content(" │ ").join(parts), layout=False)

    def watch_corpus(self) -> None:
        self._draw()

    def watch_progress(self) -> None:
        self._draw()

    def watch_low_bandwidth(self) -> None:
        self._draw()
