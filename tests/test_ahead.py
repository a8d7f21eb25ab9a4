"""While the list's cursor rests, the panes make ready the articles a key may open next (the rows below and
above, a page away): an article so opened must look exactly as one drawn from nothing, and must not be
styled again line by line as it opens."""

from __future__ import annotations

from tests.conftest import searchable
from tests.test_repaint import screen_as_held, write_corpus
from tui.screens.main import MainScreen
from tui.widgets.article_rows import ArticleTable
from tui.widgets.reader import Reader

REST = 0.3  # seconds after a key: longer than the panes wait before making the next articles ready

STEPS = [
    ["1"],
    ["j"],
    ["j"],
    ["pagedown"],
    ["k"],
    ["pageup"],
    ["1", "slash"],
    *[[key] for key in "경제"],  # the hits of a query show in the articles made ready for it
    ["enter"],
    ["j"],
    ["j"],
    ["enter"],  # the article in the reader, with the list's hits
    ["1"],
    ["k"],
]


async def screens_after_steps(tmp_path, corpus, ahead: bool, monkeypatch) -> tuple[list, list[int]]:
    """The screen after each step, and how many body lines the reader styled anew to draw each step's keys."""
    if not ahead:
        monkeypatch.setattr(MainScreen, "_ahead_later", lambda self: None)
        monkeypatch.setattr(ArticleTable, "_warm_later", lambda self: None)
    styled: list[int] = [0]  # (then, per step: its keys, and the rest after them)
    drawing = [False]
    draw, style = Reader.render_line, Reader._styled

    def render_line(self, y):
        drawing[0] = True
        try:
            return draw(self, y)
        finally:
            drawing[0] = False

    def styled_while_drawn(self, *args):
        styled[-1] += drawing[0]  # (not what is made ready ahead: that is styled while no key comes)
        return style(self, *args)

    monkeypatch.setattr(Reader, "render_line", render_line)
    monkeypatch.setattr(Reader, "_styled", styled_while_drawn)
    screens = []
    async with searchable(tmp_path / ("ahead" if ahead else "cold"), (160, 40), paths=[str(corpus)]) as (app, pilot, screen):
        await pilot.pause(REST)
        for keys in STEPS:
            styled.append(0)
            await pilot.press(*keys)
            await pilot.pause(0.02)
            screens.append(screen_as_held(app)[1:])  # (the status line says whether the analysis came from the cache)
            styled.append(0)
            await pilot.pause(REST)
    monkeypatch.undo()
    return screens, styled[1::2]


async def test_an_article_made_ready_ahead_shows_as_one_drawn_from_nothing(tmp_path, monkeypatch):
    corpus = tmp_path / "news"
    write_corpus(corpus, count=60)
    (tmp_path / "ahead").mkdir()
    (tmp_path / "cold").mkdir()
    ahead, styled_ahead = await screens_after_steps(tmp_path, corpus, True, monkeypatch)
    cold, styled_cold = await screens_after_steps(tmp_path, corpus, False, monkeypatch)
    for step, (keys, a, c) in enumerate(zip(STEPS, ahead, cold)):
        assert a == c, f"step {step} ({keys}): the screen differs from one drawn without making articles ready"
    # the cursor's moves open articles made ready while it rested: their lines are not styled as they open
    moves = [i for i, keys in enumerate(STEPS) if keys in (["j"], ["k"], ["pagedown"], ["pageup"])]
    assert sum(styled_cold[i] for i in moves) > 0  # (without it, opening an article styles its lines)
    assert [styled_ahead[i] for i in moves] == [0] * len(moves)


def test_reading_ahead_leaves_a_large_file_alone(tmp_path):
    """A body is read ahead only if it is held already or its file is small: reading and cleaning a file of
    megabytes would hold up the key that comes meanwhile."""
    from corpus.loader import Corpus, load_corpus

    folder = tmp_path / "news"
    write_corpus(folder, count=3)
    loaded = load_corpus([folder])
    corpus = Corpus(loaded.articles.drop("body"), loaded.problems, loaded.roots)  # (as a snapshot holds it)
    first, second = corpus.articles["id"].to_list()[:2]
    size = (folder / corpus.articles["name"][0]).stat().st_size
    assert corpus.cheap(first, size) and not corpus.cheap(first, size - 1)
    assert corpus.article(first)["body"]  # read when opened: held from now on, whatever its size
    assert corpus.cheap(first, 1) and not corpus.cheap(second, 1)
    assert not corpus.cheap(10**9, size)  # (no such article)
