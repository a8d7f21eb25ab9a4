"""Issue 13: a huge article (megabytes of dense amounts) is laid out in a thread worker, so the app answers keys (q
among them) while it is; what is asked meanwhile (a jump, a search, a mention step) lands when the layout arrives.

The threshold is lowered so that a few thousand characters count as huge, and the worker's layout is held at a gate
the test opens: what the reader shows meanwhile is checked without any timing.
"""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tui.widgets.reader as reader_module
from corpus.facts import Highlight
from tests.conftest import app_for, main_screen, ready, wait_for
from tui.messages import JumpTo
from tui.widgets.article_list import ArticleList
from tui.widgets.reader import Reader, index_kinds, lay_out, wrap_body
from tui.widgets.wrapping import Stopped, wrap_offsets

NEEDLE = "고래밥공장"
TITLE = "긴 금액 기사"


def _long_corpus(root):
    root.mkdir()
    paragraph = "한빛전자는 올해 매출 3억 원을 기록했고 직원은 120명이다. " * 6
    body = "\n\n".join([paragraph] * 20 + [f"{NEEDLE}의 투자는 5억 원이다."] + [paragraph] * 6)
    (root / "long.txt").write_text(f"{TITLE}\n\n{body}\n", encoding="utf-8")
    (root / "short.txt").write_text("짧은 기사\n\n삼성전자의 매출은 3억 원이다.\n", encoding="utf-8")
    return root


class Gate:
    """Holds the layout worker until opened (one gate per phase of a test; the held threads never outlive it)."""

    def __init__(self, monkeypatch) -> None:
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Event()
        self.gates: list[threading.Event] = []
        real = reader_module.lay_out

        def held(request, stop=None):
            gate = self.gate
            self.entered.set()
            gate.wait(20)
            return real(request, stop)

        monkeypatch.setattr(reader_module, "LARGE_BODY", 2_000)
        monkeypatch.setattr(reader_module, "lay_out", held)

    def close(self) -> None:
        self.gate = threading.Event()
        self.gates.append(self.gate)
        self.entered.clear()

    def open(self) -> None:
        self.gate.set()

    def open_all(self) -> None:
        for gate in self.gates:
            gate.set()


def _article_id(screen, title: str) -> int:
    ids, titles = screen.corpus.articles["id"].to_list(), screen.corpus.articles["title"].to_list()
    return ids[titles.index(title)]


async def _showing_the_short_article(pilot) -> tuple:
    """Once analysed, with the short article in the reader: (screen, reader, the long article's id, the short one's)."""
    await ready(pilot)
    screen = main_screen(pilot.app)
    reader = screen.query_one(Reader)
    long_id, short_id = _article_id(screen, TITLE), _article_id(screen, "짧은 기사")
    screen.post_message(JumpTo(short_id))
    await wait_for(pilot, lambda: reader.article is not None and reader.article["id"] == short_id and reader._body_offsets)
    return screen, reader, long_id, short_id


def _forget(reader: Reader) -> None:
    """Drop the layouts the reader keeps (the long article may have been shown when the app started)."""
    for cache in (reader._fetched, reader._wraps, reader._kinds_index):
        cache.clear()


def _shown_at(reader: Reader, offset: int) -> bool:
    top = reader.scroll_offset.y
    return top <= reader.line_of(offset) < top + reader.scrollable_content_region.height


async def test_a_long_article_shows_a_laying_out_line_answers_keys_and_lands_a_search_made_meanwhile(tmp_path, monkeypatch):
    gate = Gate(monkeypatch)
    app = app_for(tmp_path, paths=[str(_long_corpus(tmp_path / "news"))])
    try:
        async with app.run_test(size=(160, 40), notifications=True) as pilot:
            screen, reader, long_id, short_id = await _showing_the_short_article(pilot)
            _forget(reader)
            gate.close()
            screen.post_message(JumpTo(long_id))
            await wait_for(pilot, lambda: reader.article["id"] == long_id)
            body = reader.article["body"]
            assert len(body) > reader_module.LARGE_BODY
            text = reader.visible_text()
            assert TITLE in text and f"Laying out a long article ({len(body):,} characters)…" in text
            assert NEEDLE not in text and not reader._body_offsets
            assert gate.entered.wait(10)
            # the app answers keys meanwhile: another pane, back, and a search in the article
            await pilot.press("1")
            assert screen.active == "list"
            await pilot.press("2")
            assert screen.active == "reader" and app.focused is reader
            await pilot.press("slash", *NEEDLE, "enter")
            await pilot.pause()
            assert reader.search_text == NEEDLE and len(reader.matches) == 1
            assert "Laying out" in reader.visible_text() and reader._pending is not None
            gate.open()
            await wait_for(pilot, lambda: bool(reader._body_offsets), timeout=20)
            await pilot.pause()
            assert "Laying out" not in reader.visible_text()
            start = body.index(NEEDLE)
            assert reader.matches[0][0] == start and _shown_at(reader, start) and NEEDLE in reader.visible_text()
            assert reader.highlights and any(h.kind == "QT" for h in reader.highlights)  # taken in the worker
            # n and ] work on the lines that arrived
            await pilot.press("n")
            assert reader.match_index == 0 and _shown_at(reader, start)
            top = reader._view_offsets()[0]
            await pilot.press("right_square_bracket", "right_square_bracket")  # the first mention on screen, then the next
            second = [s for s in sorted({h.start for h in reader.highlights if h.kind in reader.visible_kinds}) if s >= top][1]
            assert reader.emphasis is not None and reader.emphasis[0] == second and _shown_at(reader, second)
            assert reader.emphasis in {(h.start, h.end) for h in reader.highlights}
    finally:
        gate.open_all()


async def test_a_jump_made_while_laying_out_lands_and_stale_layouts_are_dropped(tmp_path, monkeypatch):
    gate = Gate(monkeypatch)
    app = app_for(tmp_path, paths=[str(_long_corpus(tmp_path / "news"))])
    try:
        async with app.run_test(size=(160, 40), notifications=True) as pilot:
            screen, reader, long_id, short_id = await _showing_the_short_article(pilot)

            # a claim's jump into the long article, then a narrower terminal, all while it is laid out: the first
            # layout (the old width) is dropped, the second lands the jump
            _forget(reader)
            gate.close()
            body = screen.corpus.article(long_id)["body"]
            start = body.index(NEEDLE)
            screen.post_message(JumpTo(long_id, start, start + len(NEEDLE)))
            await wait_for(pilot, lambda: reader.article["id"] == long_id and reader.emphasis is not None)
            assert "Laying out" in reader.visible_text()
            first = reader._pending
            assert first is not None and gate.entered.wait(10)
            gate.close()
            await pilot.resize_terminal(170, 40)
            await pilot.pause()
            assert reader._pending is not None and reader._pending is not first and reader._pending.width == reader.text_width
            gate.gates[0].set()  # the stale one arrives first: dropped
            await pilot.pause(0.2)
            assert not reader._body_offsets and "Laying out" in reader.visible_text()
            gate.open()
            await wait_for(pilot, lambda: bool(reader._body_offsets), timeout=20)
            await pilot.pause()
            assert reader._width == reader.text_width and reader.emphasis == (start, start + len(NEEDLE))
            assert _shown_at(reader, start) and NEEDLE in reader.visible_text()

            # another article while laid out: shown at once, and the long one's layout, when it comes, is dropped
            gate.close()
            screen.visible_kinds = screen.visible_kinds - {"QT"}  # (a new layout: amounts unmarked)
            await pilot.pause()
            assert reader._pending is not None and "Laying out" in reader.visible_text()
            assert gate.entered.wait(10)
            screen.post_message(JumpTo(short_id))
            await wait_for(pilot, lambda: reader.article["id"] == short_id)
            assert reader._pending is None and "삼성전자" in reader.visible_text() and "Laying out" not in reader.visible_text()
            gate.open()
            await pilot.pause(0.3)
            assert reader.article["id"] == short_id and "삼성전자" in reader.visible_text()
    finally:
        gate.open_all()


async def test_one_pane_mode_shows_the_long_article_once_laid_out(tmp_path, monkeypatch):
    """At 80x24 Enter in the list opens the reader: the frame that shows it says it is laying out, and the text
    follows; moving to another article and back finds the layout kept (no second wait)."""
    gate = Gate(monkeypatch)
    app = app_for(tmp_path, paths=[str(_long_corpus(tmp_path / "news"))])
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await ready(pilot)
            screen = main_screen(app)
            reader = screen.query_one(Reader)
            long_id = _article_id(screen, TITLE)
            screen.query_one(ArticleList).select(long_id)
            await pilot.pause()
            _forget(reader)
            gate.close()
            await pilot.press("enter")
            await pilot.pause()
            assert screen.active == "reader" and reader.article["id"] == long_id
            assert "Laying out" in reader.visible_text()
            await pilot.press("right_square_bracket")  # made when the layout arrives
            gate.open()
            await wait_for(pilot, lambda: bool(reader._body_offsets), timeout=20)
            await pilot.pause()
            first = min(h.start for h in reader.highlights if h.kind in reader.visible_kinds)
            assert reader.emphasis is not None and reader.emphasis[0] == first
            assert _shown_at(reader, first)
            await pilot.press("1")
            for article_id in (_article_id(screen, "짧은 기사"), long_id):
                screen.query_one(ArticleList).select(article_id)
                await pilot.pause()
            await pilot.press("enter")
            assert reader.article["id"] == long_id and reader._body_offsets and reader._pending is None  # kept
    finally:
        gate.open_all()


# --- the pure parts, as the worker calls them --------------------------------------------------------------


def _wrap_reference(line: str, width: int, extra=None, base: int = 0) -> list[int]:
    """wrap_offsets as it was written first: one loop over the line, a character at a time."""
    from rich.cells import cell_len as _width

    width = max(width, 2)
    starts, used, last_space, start = [0], 0, -1, 0
    for i, ch in enumerate(line):
        w = _width(ch) + (extra.get(base + i, 0) if extra else 0)
        if used + w > width and i > start:
            if last_space > start:
                start = last_space + 1
                used = sum(_width(c) for c in line[start:i]) + (sum(extra.get(base + j, 0) for j in range(start, i)) if extra else 0)
            else:
                start, used = i, 0
            starts.append(start)
            last_space = -1
        used += w
        if ch == " ":
            last_space = i
    return starts


def test_wrapping_a_line_longer_than_a_block_is_unchanged_and_can_be_stopped():
    line = ("3억 원 " * 30_000)[:140_000] + "끝"  # three blocks of 65,536 characters
    extra = {i: 1 for i in range(0, len(line), 5)}
    assert wrap_offsets(line, 37) == _wrap_reference(line, 37)
    assert wrap_offsets(line, 37, extra, 0) == _wrap_reference(line, 37, extra, 0)
    asked = []
    with pytest.raises(Stopped):
        wrap_offsets(line, 37, stop=lambda: asked.append(1) or len(asked) > 2)
    assert len(asked) == 3


def test_the_worker_lays_out_what_the_reader_would():
    body = "가나다 3억 원, 라마 5억 원\n\n" * 50
    highlights = sorted(
        [Highlight(i * 19 + 4, i * 19 + 8, "QT") for i in range(50)] + [Highlight(i * 19, i * 19 + 3, "OG") for i in range(50)],
        key=reader_module.by_position,
    )
    shown = frozenset({"QT", "OG"})
    spans, starts, reach, opens, closes, cells, marks = index_kinds(highlights, shown)
    assert marks == sorted(set(opens) | set(closes)) and starts == sorted(starts) and reach == 4
    request = reader_module.LayoutRequest((), 1, body, 30, shown, None, highlights)
    layout = lay_out(request)
    assert layout.kinds[6] == marks and layout.wraps == wrap_body(body, 30, cells) and layout.highlights is highlights


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(["가", "a", " ", " ", "3", "억", "\u0301", "ｗ", "—", "\x00"]), max_size=120),
    st.integers(min_value=0, max_value=30),
    st.dictionaries(st.integers(min_value=0, max_value=130), st.integers(min_value=1, max_value=4), max_size=20),
    st.integers(min_value=0, max_value=10),
)
def test_wrapping_breaks_where_the_character_by_character_walk_did(line, width, extra, base):
    """Lines break where they always did: after the last space, at the overflowing character when there is none, that
    character kept on the new line even when markers make it overflow again; wide, zero-width and marked characters."""
    assert wrap_offsets(line, width, extra, base) == _wrap_reference(line, width, extra, base)
