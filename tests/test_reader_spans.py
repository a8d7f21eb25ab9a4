"""The reader draws a line's styled spans itself (`render_spans`), without building Textual Contents: it must draw
exactly what Textual draws for the same text and spans, overlapping, nested, empty or past the end, with
translucent colours, reverse video and text styles combined in their order."""

from __future__ import annotations

import random

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.color import Color
from textual.content import Content
from textual.style import Style

from tui.widgets.reader import render_spans

STYLES = {
    "kind": Style(foreground=Color(220, 120, 40), bold=True),
    "translucent": Style(background=Color(40, 90, 200, 0.4)),
    "reverse": Style(reverse=True),
    "marked": Style(background=Color(20, 160, 60), italic=True, underline=True),
    "faint": Style(foreground=Color(0, 0, 0, 0.5)),
}


def drawn_by_textual(text: str, spans: list[tuple[int, int, str]], base: RichStyle) -> list[Segment]:
    content = Content(text)
    for start, end, name in spans:
        content = content.stylize(STYLES[name], start, end)
    return list(Segment.apply_style(content.render_segments(), base))


def test_a_line_is_drawn_as_textual_draws_its_content():
    rng = random.Random(7)
    base = RichStyle(color="#e4e4e4", bgcolor="#303030")
    combined: dict = {}  # (kept across lines, as the reader keeps it)
    for _ in range(2000):
        text = "".join(rng.choice("올트먼은 오픈AI 2031만명 ") for _ in range(rng.randint(0, 30)))
        spans = []
        for _ in range(rng.randint(0, 7)):
            start = rng.randint(0, 34)
            spans.append((start, max(start + rng.randint(-3, 14), 0), rng.choice(list(STYLES))))
        assert render_spans(text, spans, base, STYLES.__getitem__, combined) == drawn_by_textual(text, spans, base), (text, spans)
