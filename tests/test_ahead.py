"""While the list's cursor rests, the panes make ready the articles a key may open next (the rows below and
above, a page away; while a query is typed, those its likeliest next letters would bring): an article so
opened must look exactly as one drawn from nothing, and must not be styled again line by line as it opens."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.filter import ANSIToTruecolor

from tests.conftest import app_for, main_screen, ready, searchable, wait_for
from tests.test_repaint import SENTENCES, TOPICS, screen_as_held
from tui.screens.main import FIRST_LETTERS_AHEAD, LETTERS_AHEAD, MainScreen
from tui.state import visible
from tui.widgets.article_list import ArticleList
from tui.widgets.article_rows import ArticleTable
from tui.widgets.entity_panel import EntityList, EntityPanel
from tui.widgets.reader import Reader
from tui.widgets.rows import CursorView

# the cursor's moves: each opens an article made ready while the cursor rested
MOVES = [["1"], ["j"], ["j"], ["pagedown"], ["k"], ["pageup"], ["1", "slash"], *[[key] for key in "경제"], ["enter"], ["j"], ["j"]]
# then what changes how the articles made ready would look, each followed by a move
CHANGES = [
    ["enter"],
    ["2", "O", "1"],  # organisations hidden (their brackets go)
    ["j"],
    ["2", "f", "1"],  # the page furniture shown
    ["j"],
    [lambda app: setattr(app, "theme", "nord")],
    ["j"],
    ["2", "O", "1"],
    ["k"],
]


def write_long_corpus(folder, count: int = 40) -> None:
    """Articles of several screens each, so that what is made ready (the first screen) is part of the body."""
    folder.mkdir()
    for i in range(count):
        body = "\n".join(
            " ".join(SENTENCES[(i + k + p) % len(SENTENCES)].format(n=(i + p) % 28 + 1, v=(i * 7 + p) % 90 + 10) for k in range(3))
            for p in range(12 + i % 9)
        )
        (folder / f"{i:03d}.txt").write_text(f"{TOPICS[i % len(TOPICS)]} {i}호\n\n{body}\n", encoding="utf-8")


def drawn_from_nothing(monkeypatch) -> None:
    """Nothing made ready, nothing kept across articles: every line styled and drawn as it is shown."""
    monkeypatch.setattr(MainScreen, "_ahead_later", lambda self: None)
    monkeypatch.setattr(ArticleTable, "_warm_later", lambda self: None)

    def body_line(self, body, a, b, found, marks, opens, closes):
        content = Content(self._laid(body, a, b, found, marks, opens, closes)[0])  # (through Textual's own Content)
        for start, end, name in self._laid(body, a, b, found, marks, opens, closes)[1]:
            content = content.stylize(self._style(name), start, end)
        return list(Segment.apply_style(content.render_segments(), self._base)), content.cell_length

    monkeypatch.setattr(Reader, "_body_line", body_line)
    monkeypatch.setattr(EntityList, "row_segments", CursorView.row_segments)
    listing = EntityPanel._listing

    def fresh_listing(self, *args):
        self._listings.clear()
        return listing(self, *args)

    monkeypatch.setattr(EntityPanel, "_listing", fresh_listing)


def settled_count(screen) -> bool:
    """Whether the hits of the list's query are counted (or will not be)."""
    counting = any(worker.group == "hits" and not worker.is_finished for worker in screen.workers)
    return not screen._count_call.pending and not counting


def count_within(monkeypatch, outer, outer_name: str, inner, inner_name: str) -> list[int]:
    """Count the calls of `inner.inner_name` made inside a call of `outer.outer_name`, into the last item of the list
    returned (the caller appends a 0 to start a new count)."""
    counts: list[int] = []
    within = [False]
    outer_call, inner_call = getattr(outer, outer_name), getattr(inner, inner_name)

    def outer_counting(self, *args):
        within[0] = True
        try:
            return outer_call(self, *args)
        finally:
            within[0] = False

    def inner_counted(self, *args):
        if counts and within[0]:
            counts[-1] += 1
        return inner_call(self, *args)

    monkeypatch.setattr(outer, outer_name, outer_counting)
    monkeypatch.setattr(inner, inner_name, inner_counted)
    return counts


async def screens_after_steps(tmp_path, corpus, ahead: bool, monkeypatch, steps=None, counting=()) -> tuple[list, list[int], list[int]]:
    """The screen after each step, how many body lines the reader styled anew to draw each step's keys (a step's
    callable either changes the app or returns the key to press), and how many of the reader's lines its keys' frames
    filtered anew (Textual's colour filter, applied to each line drawn anew). Not counted: what is made ready ahead,
    while no key comes. Lists of `count_within` given in `counting` count per step as well (every other item)."""
    steps = steps if steps is not None else [*MOVES, *CHANGES]
    if not ahead:
        drawn_from_nothing(monkeypatch)
    styled = count_within(monkeypatch, Reader, "render_line", Reader, "_laid")
    filtered = count_within(monkeypatch, Reader, "render_lines", ANSIToTruecolor, "apply")
    screens = []
    async with searchable(tmp_path / ("ahead" if ahead else "cold"), (160, 40), paths=[str(corpus)]) as (app, pilot, screen):
        table = screen.query_one(ArticleTable)
        for step in steps:
            await pilot.pause(0.1)
            # (all made ready, and a query's hits counted: the exact count comes on its own clock in both runs)
            await wait_for(pilot, lambda: not screen._ahead_call.pending and not table._warm_call.pending and settled_count(screen))
            for counts in (styled, filtered, *counting):
                counts.append(0)
            for key in step:
                if callable(key):
                    key = key(app)
                if key is not None:
                    await pilot.press(key)
            await pilot.pause(0.02)
            screens.append(screen_as_held(app)[1:])  # (the status line says whether the analysis came from the cache)
            for counts in (styled, filtered, *counting):
                counts.append(0)  # (the rest after the keys, until the next step)
    monkeypatch.undo()
    return screens, styled[0::2], filtered[0::2]


async def test_an_article_made_ready_ahead_shows_as_one_drawn_from_nothing(tmp_path, monkeypatch):
    corpus = tmp_path / "news"
    write_long_corpus(corpus)
    (tmp_path / "ahead").mkdir()
    (tmp_path / "cold").mkdir()
    ahead, styled_ahead, filtered_ahead = await screens_after_steps(tmp_path, corpus, True, monkeypatch)
    cold, styled_cold, filtered_cold = await screens_after_steps(tmp_path, corpus, False, monkeypatch)
    for step, (keys, a, c) in enumerate(zip([*MOVES, *CHANGES], ahead, cold)):
        assert a == c, f"step {step} ({keys}): the screen differs from one drawn from nothing"
    # the cursor's moves open articles made ready while it rested: their lines are not styled as they open
    moves = [i for i, keys in enumerate(MOVES) if keys in (["j"], ["k"], ["pagedown"], ["pageup"])]
    assert sum(styled_cold[i] for i in moves) > 0  # (without it, opening an article styles its lines)
    assert [styled_ahead[i] for i in moves] == [0] * len(moves)
    # nor made into the frame's lines again: only the title and the notes above the body are (a few lines an article)
    assert sum(filtered_cold[i] for i in moves) > 3 * sum(filtered_ahead[i] for i in moves)


def test_reading_ahead_leaves_a_large_file_alone(tmp_path):
    """A body is read ahead only if it is held already or its file is small: reading and cleaning a file of
    megabytes would hold up the key that comes meanwhile."""
    from corpus.loader import Corpus, load_corpus

    folder = tmp_path / "news"
    write_long_corpus(folder, count=3)
    loaded = load_corpus([folder])
    corpus = Corpus(loaded.articles.drop("body"), loaded.problems, loaded.roots)  # (as a snapshot holds it)
    first, second = corpus.articles["id"].to_list()[:2]
    size = (folder / corpus.articles["name"][0]).stat().st_size
    assert corpus.cheap(first, size) and not corpus.cheap(first, size - 1)
    assert corpus.article(first)["body"]  # read when opened: held from now on, whatever its size
    assert corpus.cheap(first, 1) and not corpus.cheap(second, 1)
    assert not corpus.cheap(10**9, size)  # (no such article)


# words of different articles (each article has three of these sentences): a query typed moves the cursor
POOL = [
    "정부는 {n}일 경제성장률 전망을 {v}%로 낮췄다.",
    "서울시는 대중교통 요금을 {v}원 올린다고 밝혔다.",
    "대통령실은 {n}일 외교 일정을 발표했다.",
    "오픈AI는 도쿄에 {n}번째 해외 사무소를 연다.",
    "기상청은 태풍이 {n}일 북상한다고 밝혔다.",
    "경찰청은 교통사고 사망자가 {v}명 줄었다고 밝혔다.",
    "대법원은 {n}일 선거법 위반 사건을 파기했다.",
    "한국은행은 기준금리를 {v}%로 동결했다.",
    "국회는 {n}일 예산안을 통과시켰다.",
    "서울대 연구진은 신약 후보 물질을 찾았다.",
    "대구시는 {n}일 경전철 노선을 발표했다.",
    "경기도는 청년 주거 지원금을 {v}만원 늘린다.",
]


async def test_the_article_a_likely_next_letter_brings_is_made_ready_as_a_query_is_typed(tmp_path, monkeypatch):
    """Typing a query, each letter the index finds likeliest next (its words that begin so, weighted by their
    articles) is typed: the article it brings to the cursor was made ready while the query rested, and shows as
    one drawn from nothing."""
    corpus = tmp_path / "news"
    corpus.mkdir()
    for i in range(30):
        picked = [POOL[i % 12], POOL[(i * 5 + 1) % 12], POOL[(i * 7 + 2) % 12]]
        body = "\n".join(" ".join(s.format(n=(i + p) % 28 + 1, v=(i * 7 + p) % 90 + 10) for s in picked) for p in range(6 + i % 5))
        (corpus / f"{i:03d}.txt").write_text(f"{TOPICS[i % len(TOPICS)]} {i}호\n\n{body}\n", encoding="utf-8")
    (tmp_path / "ahead").mkdir()
    (tmp_path / "cold").mkdir()
    typed: list[str] = []
    opened: list[int | None] = []

    def likeliest(app):  # of the letters made ready, the likeliest that brings another article, else the likeliest
        screen = app.screen
        value = screen.query_one("#list-filter").value
        begun = bool(value) and not value[-1].isspace()
        letters = [c for c in screen.index.next_letters(value, LETTERS_AHEAD if begun else FIRST_LETTERS_AHEAD) if "가" <= c <= "힣"]
        listed = screen.query_one(ArticleList)

        def brought(c):
            return listed.landing(visible(screen.corpus, (value + c).strip(), None, screen.index)[0])

        moving = [c for c in letters if brought(c) != screen.article_id]
        key = (moving or letters or ["space"])[0]
        typed.append(key)
        opened.append(screen.article_id)
        return key

    steps = [["1", "slash"], *[[likeliest] for _ in range(8)]]
    ahead, styled_ahead, _ = await screens_after_steps(tmp_path, corpus, True, monkeypatch, steps)
    opened.append(None)
    replayed = [["1", "slash"], *[[key] for key in typed]]
    cold, styled_cold, _ = await screens_after_steps(tmp_path, corpus, False, monkeypatch, replayed)
    for step, (keys, a, c) in enumerate(zip(replayed, ahead, cold)):
        assert a == c, f"step {step} ({keys}): the screen differs from one drawn from nothing"
    # the letters that brought another article to the cursor (the article before each letter, then after it)
    moved = [i + 1 for i in range(len(typed)) if opened[i + 1] is not None and opened[i + 1] != opened[i]]
    assert len(moved) >= 2, f"typing {typed} moved the cursor too seldom to tell"
    assert sum(styled_cold[i] for i in moved) > 0
    assert [styled_ahead[i] for i in moved] == [0] * len(moved)


async def test_rows_made_ready_for_a_corpus_since_replaced_do_not_show_its_titles():
    """Rows being made ready (a guessed query's first page, a few rows a step) when the corpus is replaced stop: the
    same ids under new titles must not be drawn from the old corpus's rows."""
    from textual.app import App

    from corpus.preview import ArticleRow

    def rows(tag: str) -> list[ArticleRow]:
        return [ArticleRow(i, f"{tag} title {i}", "pub", None, f"f{i}", "") for i in range(30)]

    class Rows(App):
        CSS = "ArticleTable { height: 1fr; padding: 0 0 0 1; scrollbar-size-vertical: 0; }"

        def compose(self):
            yield ArticleTable(id="t")

    app = Rows()
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.query_one(ArticleTable)
        old = rows("OLD")
        table.measure(old)
        table.set_rows(old[:5], None)
        await pilot.pause()
        steps = table.warming_rows(old[5:], None)
        next(steps)
        new = rows("NEW")
        table.measure(new)  # the corpus is replaced: the same ids, new titles
        table.set_rows(new[:5], None)
        await pilot.pause()
        for _ in steps:
            pass
        table.set_rows(new[5:], None)
        await pilot.pause()
        shown = ["".join(segment.text for segment in table.render_line(y)) for y in range(1, 4)]
        assert all("NEW title" in line and "OLD" not in line for line in shown), shown


async def test_quitting_while_a_query_is_made_ready_stops_making_it_ready(tmp_path, monkeypatch):
    """Quit a moment after a letter in the filter box: no step of making ready runs on panes being taken down (where
    an exception would print a traceback as the app exits)."""
    steps_while_closing = []
    take = MainScreen._ahead

    def counted(self, steps=None):
        if self._closing:
            steps_while_closing.append(len(list(self.query("*"))))
        return take(self, steps)

    monkeypatch.setattr(MainScreen, "_ahead", counted)
    app = app_for(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.index is not None)
        await pilot.press("slash", "경")
        screen._ahead_call.call(0.0, screen._ahead)  # (a step due as the quit comes)
        app.exit()
    assert app.return_code == 0
    assert steps_while_closing == []


def write_typhoon_corpus(folder) -> None:
    """120 articles in the list's order (no dates: file names); only the last twenty mention the typhoon."""
    folder.mkdir()
    for i in range(120):
        lines = [SENTENCES[(i + k) % 4].format(n=i % 28 + 1, v=i % 90 + 10) for k in range(3)]
        if i >= 100:
            lines.append(SENTENCES[4].format(n=i % 28 + 1, v=0))
        (folder / f"{i:03d}.txt").write_text(f"뉴스 {i}호\n\n{' '.join(lines)}\n", encoding="utf-8")


def count_rows_drawn_anew(monkeypatch) -> list[int]:
    """A counter of the list's rows (not the cursor's) that a frame draws anew rather than from what was made ready."""
    drawn_anew = [0]
    within = [False]
    final_row, render_line = ArticleTable._final_row, ArticleTable.render_line

    def counted_final_row(self, key):
        if within[0] and (key[0].id, *key[1:]) not in self._finals:
            drawn_anew[0] += 1
        return final_row(self, key)

    def counted_render_line(self, y):
        within[0] = True
        try:
            return render_line(self, y)
        finally:
            within[0] = False

    monkeypatch.setattr(ArticleTable, "_final_row", counted_final_row)
    monkeypatch.setattr(ArticleTable, "render_line", counted_render_line)
    return drawn_anew


async def test_the_rows_a_backspace_to_the_empty_box_shows_were_made_ready_where_the_list_will_scroll(tmp_path, monkeypatch):
    """A Backspace that takes the query back to one letter (which filters nothing) lists every article again, the
    cursor left where it is, far down the list: the page around it, not the list's first page, is what was made ready
    while the query rested, each row beside the scroll thumb or not as it will show, and no row of it is drawn anew
    as the key shows it."""
    write_typhoon_corpus(tmp_path / "news")
    drawn_anew = count_rows_drawn_anew(monkeypatch)
    async with searchable(tmp_path, (160, 40), paths=[str(tmp_path / "news")]) as (app, pilot, screen):
        table = screen.query_one(ArticleTable)
        await pilot.press("1", "slash", *"태풍")
        await pilot.pause()
        assert table.row_count == 20 and table.cursor_row == 0
        reading = screen.article_id
        await wait_for(pilot, lambda: not screen._ahead_call.pending and not table._warm_call.pending and settled_count(screen))
        drawn_anew[0] = 0
        await pilot.press("backspace")
        await pilot.pause()
        assert table.row_count == 120 and screen.article_id == reading  # (the cursor stays on the article)
        top = round(table.scroll_offset.y)
        assert top > table.size.height and top <= table.cursor_row < top + table.size.height  # far from the first page
        assert drawn_anew[0] == 0


async def test_the_pages_a_page_key_shows_were_made_ready_with_the_scroll_thumb_where_it_will_be(tmp_path, monkeypatch):
    """PageDown and PageUp show rows made ready while the cursor rested, the rows beside the scroll thumb as well."""
    write_typhoon_corpus(tmp_path / "news")
    drawn_anew = count_rows_drawn_anew(monkeypatch)
    async with searchable(tmp_path, (160, 40), paths=[str(tmp_path / "news")]) as (app, pilot, screen):
        table = screen.query_one(ArticleTable)
        await pilot.press("1")
        scrolled = []
        for key in ["pagedown", "pagedown", "pagedown", "pageup", "pageup", "end", "pageup"]:
            await wait_for(pilot, lambda: not screen._ahead_call.pending and not table._warm_call.pending)
            drawn_anew[0] = 0
            before = round(table.scroll_offset.y)
            await pilot.press(key)
            await pilot.pause()
            scrolled.append(round(table.scroll_offset.y) != before)
            assert drawn_anew[0] == 0, (key, scrolled, before, round(table.scroll_offset.y), table.cursor_row, table.thumb_span())
        assert sum(scrolled) >= 4


def write_checked_corpus(folder) -> None:
    """Articles whose sums and growth rates the claims pane checks, each with figures of its own (what each counts is
    its own: no two articles' claims are compared, and the detail holds the checks alone)."""
    folder.mkdir()
    counted = ["직원", "교사", "의사", "기자", "학생", "회원", "주민", "선수"]
    grown = ["매출", "이익", "수출", "예산", "투자", "자산", "부채", "수입"]
    for i, (people, money) in enumerate(zip(counted, grown)):
        a, b, c = 10 + i, 20 + 2 * i, 5 + i % 7
        total = a + b + c + (0 if i % 3 else 1)  # (every third article's sum is off by one: it fails)
        before, after = 100 + 10 * i, 130 + 12 * i
        body = (
            f"{people}은 총 {total}명으로 서울 {a}명, 부산 {b}명, 대구 {c}명이다.\n"
            f"{money}은 {before}억 원에서 {after}억 원으로 {round(100 * (after - before) / before)}% 늘었다.\n"
        )
        (folder / f"{i:03d}.txt").write_text(f"2025-04-{i + 1:02d}\n현황 {i}호\n\n{body}", encoding="utf-8")


async def test_the_claims_detail_beside_an_article_made_ready_is_laid_out_before_the_key(tmp_path, monkeypatch):
    """The claims pane's detail lists the arithmetic checks of the article the reader shows: moving the list's cursor
    shows the detail beside the next article as it would be drawn from nothing, laid out while the cursor rested (not
    in the key's frame)."""
    from textual.content import Content

    from tui.widgets.text_lines import TextLines

    corpus = tmp_path / "news"
    write_checked_corpus(corpus)
    (tmp_path / "ahead").mkdir()
    (tmp_path / "cold").mkdir()
    steps = [["1"], ["j"], ["j"], ["j"], ["k"], ["end"], ["k"]]
    from tui.widgets import plain_lines

    wrapped = count_within(monkeypatch, TextLines, "render_line", Content, "wrap")
    padded = count_within(monkeypatch, TextLines, "render_lines", plain_lines, "make_blank")  # (a line padded anew)
    ahead, _, _ = await screens_after_steps(tmp_path, corpus, True, monkeypatch, steps, [wrapped, padded])
    wrapped_ahead, padded_ahead = wrapped[0::2], padded[0::2]
    wrapped = count_within(monkeypatch, TextLines, "render_line", Content, "wrap")
    padded = count_within(monkeypatch, TextLines, "render_lines", plain_lines, "make_blank")
    monkeypatch.setattr(TextLines, "show_kept", lambda self, key: False)  # (nothing kept across articles either)
    cold, _, _ = await screens_after_steps(tmp_path, corpus, False, monkeypatch, steps, [wrapped, padded])
    wrapped_cold, padded_cold = wrapped[0::2], padded[0::2]
    for step, (keys, a, c) in enumerate(zip(steps, ahead, cold)):
        assert a == c, f"step {step} ({keys}): the screen differs from one drawn from nothing"
    text = ["".join(segment.text for segment in line) for line in ahead[1]]
    assert any("Arithmetic checks in this article" in line for line in text)  # (the detail is on screen)
    moves = range(1, len(steps))
    assert all(wrapped_cold[i] > 0 for i in moves)  # (drawn from nothing, each move lays the detail out in its frame)
    assert [wrapped_ahead[i] for i in moves] == [0] * len(moves)
    # nor padded to the pane's width in the key's frame: what a frame makes of its lines was made ahead too
    assert all(padded_cold[i] > 0 for i in moves)
    assert [padded_ahead[i] for i in moves] == [0] * len(moves)


async def test_making_the_claims_detail_ready_as_the_panes_go_does_not_crash(tmp_path):
    """A step of making ready can run while the app closes and the claims pane's children are already gone (a quit
    and keys in one burst): it makes nothing ready and raises nothing."""
    from tui.widgets.metric_panel import MetricPanel

    async with searchable(tmp_path, (160, 40)) as (app, pilot, screen):
        panel = screen.query_one(MetricPanel)
        article = screen.article_id
        await panel.query_one("#metric-detail").remove()
        assert list(panel.warming(article)) == [None]  # (its one step, then nothing)
        assert app.is_running and app._exception is None
