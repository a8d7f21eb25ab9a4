"""The status line: corpus, analysis progress (n of N), how many files had problems, and the mode; at any
width it shows whole parts, the least needed left out first."""

from __future__ import annotations

import re

from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

from corpus.table import cell_width, cut_at_word


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
        """The line, shortened to the terminal's width by whole parts (never mid-word): first the asides
        in brackets, then the corpus's name, then the progress's details, the name of the app, the help key."""
        corpus = self.corpus
        more = "+" if getattr(corpus, "more", False) else ""  # (a first screenful, more to come)
        count = f"{len(corpus.rows) if corpus is not None else 0:,}{more} articles"
        problems = corpus.problem_count if corpus is not None else 0
        progress = self.progress
        plain = re.sub(r"\s*\([^)]*\)", "", progress).strip() or progress
        short = plain.split(" · ")[0]
        label = corpus.label if corpus is not None else "…"
        mode = "low-bandwidth" if self.low_bandwidth else ""
        warn = (f"⚠ {problems} with problems (!)", f"⚠ {problems} (!)") if problems else ("", "")
        candidates = [
            ("Gisa", count, warn[0], progress, label, mode, "? help"),
            ("Gisa", count, warn[0], plain, label, mode, "? help"),
            ("Gisa", count, warn[0], plain, mode, "? help"),
            ("Gisa", count, warn[0], short, mode, "? help"),
            (count, warn[1], short, mode, "? help"),
            (count, warn[1], short, mode),
            (count, warn[1], short),
            (count, warn[1]),
        ]
        width = self.content_region.width or max(self.size.width - 2, 0) or 10_000
        for parts in candidates:
            shown = [p for p in parts if p]
            if cell_width(" │ ".join(shown)) <= width:
                break
        else:
            shown = [cut_at_word(" │ ".join(shown), width)]
        bold = {"Gisa", *warn} - {""}
        self.update(Content(" │ ").join(Content(p).stylize("bold") if p in bold else Content(p) for p in shown), layout=False)

    def on_resize(self) -> None:
        self._draw()

    def watch_corpus(self) -> None:
        self._draw()

    def watch_progress(self) -> None:
        self._draw()

    def watch_low_bandwidth(self) -> None:
        self._draw()
