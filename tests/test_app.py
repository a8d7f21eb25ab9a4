"""Pilot journeys through every pane, with notifications on, as a keyboard user would go."""

from __future__ import annotations

import sys
import threading

import polars as pl
import pytest
from textual import events
from textual.color import Color

from corpus.table import cell_width
from tests.conftest import app_for, main_screen, ready, wait_for
from tui import settings as settings_mod
from tui.app import make_app
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.problems import ProblemsScreen
from tui.widgets.article_list import ArticleList, ArticleTable
from tui.widgets.claim_table import MetricTable
from tui.widgets.entity_panel import EntityList, EntityPanel
from tui.widgets.key_bar import KeyBar
from tui.widgets.metric_panel import MetricPanel
from tui.widgets.reader import Reader


async def test_open_article_follow_entity_jump_to_claim_search_and_toggle(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        reader = screen.query_one(Reader)
        listing = screen.query_one(ArticleList)
        assert listing.query_one(ArticleTable).row_count == 5

        # open an article from the list
        await pilot.press("j", "enter")
        assert app.focused is reader
        opened = reader.article["id"]
        assert opened == listing.current_id()
        assert reader.article["title"] in reader.visible_text().replace("\n", "")

        # follow an entity: the corpus-wide list, Sam Altman, Enter
        await pilot.press("3")
        panel = screen.query_one(EntityPanel)
        assert app.focused is panel.query_one(EntityList)
        await pilot.press("a")
        assert panel.scope == "corpus"
        options = panel.query_one(EntityList)
        index = next(i for i, (line, _) in enumerate(options.lines) if "Sam Altman" in line.plain)
        options.move_cursor(index)
        await pilot.press("enter")
        await pilot.pause()
        altman = screen.result.analysis.entities.filter(pl.col("name") == "Sam Altman").row(0, named=True)
        assert set(listing.shown_ids) == set(altman["article_ids"]) and len(listing.shown_ids) == 3
        assert reader.article["id"] in altman["article_ids"]
        start, end = reader.emphasis
        assert reader.article["body"][start:end] in altman["aliases"]
        assert app.focused is reader
        assert reader.article["body"][start:end] in reader.visible_text().replace("\n", "")
        await pilot.press("escape")  # clears the entity filter
        assert len(listing.shown_ids) == 5

        # jump from the Tokyo-office claim to its sentence, on both sides of the disagreement
        await pilot.press("4")
        metrics = screen.query_one(MetricPanel)
        table = metrics.query_one(MetricTable)
        assert app.focused is table
        group = screen.result.groups.filter(pl.col("label").str.contains("해외 지사")).row(0, named=True)
        claims = screen.result.analysis.claims
        for claim_id in (group["claim_ids"][0], group["claim_ids"][-1]):
            claim = claims.filter(pl.col("claim_id") == claim_id).row(0, named=True)
            await pilot.press("4")
            table.move_cursor(table.row_of(claim_id))
            await pilot.press("enter")
            await pilot.pause()
            assert reader.article["id"] == claim["article_id"]
            assert reader.emphasis == (claim["start"], claim["end"])
            assert screen.facts.sentence(claim_id)[:15] in reader.visible_text().replace("\n", "")

        # search in the article
        await pilot.press("slash")
        await pilot.press(*"오픈AI")
        await pilot.press("enter")
        assert len(reader.matches) > 1 and reader.match_index == 0
        await pilot.press("n")
        assert reader.match_index == 1
        await pilot.press("N")
        assert reader.match_index == 0

        # toggle a kind and move between mentions
        await pilot.press("P")
        assert "PS" not in reader.visible_kinds
        await pilot.press("right_square_bracket")
        first = reader.emphasis
        await pilot.press("right_square_bracket")
        assert reader.emphasis[0] > first[0]
        kinds = {h.kind for h in reader.highlights if h.start == reader.emphasis[0]}
        assert "PS" not in kinds

        def emphasised(span):  # is the text of `span` drawn with the emphasis style?
            line = reader._lines[reader.line_of(span[0])]
            at = span[0] - line.offset
            return any(s.start <= at < s.end and s.style == reader._style("reader--emphasis") for s in line.content.spans)

        for _ in range(20):  # on to a mention on another line: the one before loses its emphasis
            before = reader.emphasis
            await pilot.press("right_square_bracket")
            if reader.line_of(reader.emphasis[0]) != reader.line_of(before[0]):
                break
        assert emphasised(reader.emphasis) and not emphasised(before)
        await pilot.press("P")
        assert "PS" in reader.visible_kinds

        # resize to a tiny terminal and back
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert screen.has_class("-narrow")
        await pilot.press("tab")
        assert screen.active == "entities"
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert not screen.has_class("-narrow")
        assert reader.article is not None


async def test_one_pane_at_a_time_a_pane_is_drawn_for_its_width_before_it_shows(tmp_path, monkeypatch):
    """Switching panes at 80 columns: the reader has its text in the frame that shows it (not an empty pane, then the
    text a frame later, once Textual has resized it), and the list's heading and columns are not drawn again."""
    from textual.widgets import Static

    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        reader = screen.query_one(Reader)
        built = []
        real = Reader._build
        monkeypatch.setattr(Reader, "_build", lambda self, width: built.append((self.size.width, width)) or real(self, width))
        await pilot.press("enter")  # the list's article in the reader, shown for the first time at this width
        await pilot.pause()
        assert screen.active == "reader" and reader.text_width == built[0][1] and built[0][0] == 0  # built while hidden
        assert len(built) == 1 and reader.visible_text().strip()
        updated = []
        real_update = Static.update
        monkeypatch.setattr(Static, "update", lambda self, *a, **k: updated.append(self.id) or real_update(self, *a, **k))
        await pilot.press("1")
        await pilot.pause()
        assert screen.active == "list" and "list-heading" not in updated and "list-columns" not in updated


async def test_one_pane_at_a_time_a_claim_opens_its_article_in_the_reader(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        reader = screen.query_one(Reader)
        await pilot.press("enter")  # reads the first article, then goes to the claims pane
        first = reader.article["id"]
        await pilot.press("4")
        table = screen.query_one(MetricTable)
        claims = screen.result.analysis.claims
        claim_id = next(cid for cid in table.ids if cid >= 0 and claims.filter(pl.col("claim_id") == cid)["article_id"][0] != first)
        claim = screen.result.analysis.claims.filter(pl.col("claim_id") == claim_id).row(0, named=True)
        table.move_cursor(table.row_of(claim_id))
        await pilot.press("enter")
        await pilot.pause()
        assert screen.active == "reader" and reader.article["id"] == claim["article_id"] != first
        shown = reader.visible_text().replace("\n", "")
        assert screen.facts.sentence(claim_id)[:15] in shown and claim["text"] in shown


async def test_first_frame_does_not_wait_for_analysis_and_escape_cancels(tmp_path, monkeypatch):
    release = threading.Event()
    started = threading.Event()

    def slow(corpus, use_cache=True, progress=None, cancelled=None, *rest):
        from corpus.workers import Cancelled

        started.set()
        while not release.wait(0.02):
            if cancelled and cancelled():
                raise Cancelled()
        raise AssertionError("should have been cancelled")

    monkeypatch.setattr("corpus.pipeline.analyse_corpus", slow)
    app = app_for(tmp_path, use_cache=False)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.corpus is not None and screen.corpus.complete)
        await pilot.pause()
        assert started.wait(10)
        titles = screen.corpus.articles["title"].to_list()
        assert screen.query_one(ArticleTable).row_count == 5
        reader = screen.query_one(Reader)
        assert reader.article is not None and reader.article["title"] in titles
        assert "analysing 0/5" in screen.query_one("#status").render().plain
        await pilot.press("escape", "escape")  # (once, it only says what a second one does)
        await wait_for(pilot, lambda: "stopped" in screen.query_one("#status").render().plain)
        assert screen.result is None
        assert reader.article is not None  # plain text stays usable
        started.clear()
        await pilot.press("f5")  # and the analysis starts again
        assert started.wait(10)
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: "stopped" in screen.query_one("#status").render().plain)
        await pilot.press("q")
    release.set()


async def test_the_status_says_what_follows_once_every_article_is_read(tmp_path):
    """After the last article's analysis come the corpus-wide steps (seconds at 10,000 articles): the status says so
    rather than sit at "0:00 left"."""
    from tui.messages import AnalysisProgress

    app = app_for(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = main_screen(app)
        await ready(pilot)
        screen.post_message(AnalysisProgress(4, 5, 10.0, 0.1))
        await pilot.pause()
        assert "analysing 4/5" in screen.query_one("#status").render().plain
        screen.post_message(AnalysisProgress(5, 5, 10.0, 0.0))
        await pilot.pause()
        status = screen.query_one("#status").render().plain
        assert "comparing claims" in status and "left" not in status


async def test_titles_and_text_come_before_the_corpus_is_even_loaded(tmp_path, monkeypatch):
    import gc

    import corpus.reading

    release = threading.Event()
    real = corpus.reading.CorpusReader.finish

    def held(self, *args, **kwargs):
        release.wait(10)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(corpus.reading.CorpusReader, "finish", held)
    app = app_for(tmp_path, use_cache=False)  # (with the cache, the snapshot would open without reading)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            screen = main_screen(app)
            table, reader = screen.query_one(ArticleTable), screen.query_one(Reader)
            assert not screen.corpus.complete and table.row_count == 5
            assert reader.article is not None and reader.article["title"][:10] in reader.visible_text().replace("\n", "")
            assert gc.isenabled()  # collection is paused only until the first frame
            release.set()
            await wait_for(pilot, lambda: screen.corpus is not None and screen.corpus.complete)
            await pilot.press("q")
    finally:
        release.set()


async def test_quit_mid_analysis_does_not_hang(tmp_path, monkeypatch):
    release = threading.Event()

    def slow(corpus, use_cache=True, progress=None, cancelled=None, *rest):
        from corpus.workers import Cancelled

        while not release.wait(0.02):
            if cancelled and cancelled():
                raise Cancelled()

    monkeypatch.setattr("corpus.pipeline.analyse_corpus", slow)
    app = app_for(tmp_path, use_cache=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.corpus is not None and screen.corpus.complete)
        await pilot.press("q")
    assert screen.worker.is_cancelled
    release.set()


@pytest.fixture
def hostile_corpus(tmp_path):
    import os

    root = tmp_path / "hostile"
    root.mkdir()
    (root / "a-markup.txt").write_text(
        "[/] 제목 [@click=app.quit]눌러[/] [bold]굵게\n본문 [/b] 과 [link=http://x]링크[/link] 2031만명\n", encoding="utf-8"
    )
    (root / "b-escape.txt").write_text("제목\x1b]0;HACKED\x07\n본문\x1b]52;c;ZXZpbA==\x07 이다.\x1b[2J\n", encoding="utf-8")
    (root / "c-binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (root / "d-empty.txt").write_bytes(b"")
    os.mkfifo(root / "e-fifo.txt")
    os.symlink("/nonexistent", root / "f-dangling.txt")
    (root / "[red]g-name[b].txt").write_text("파일 이름에 마크업\n본문이다.\n", encoding="utf-8")
    return root


async def test_hostile_corpus_opens_lists_problems_and_can_be_walked(tmp_path, hostile_corpus):
    app = app_for(tmp_path, [str(hostile_corpus)])
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        status = screen.query_one("#status").render().plain
        assert "4 with problems" in status
        reader = screen.query_one(Reader)
        seen = set()
        for step in range(3):
            name = reader.article["name"]
            seen.add(name)
            assert "\x1b" not in reader.visible_text().replace("\n", "")
            if step == 2:
                break
            await pilot.press("j")
            await wait_for(pilot, lambda name=name: reader.article["name"] != name, timeout=5)  # preview follows the cursor
        assert {"a-markup.txt", "b-escape.txt", "[red]g-name[b].txt"} <= seen
        screen.query_one(ArticleList).select(
            next(i for i, n in zip(screen.corpus.articles["id"], screen.corpus.articles["name"]) if n == "a-markup.txt")
        )
        await wait_for(pilot, lambda: reader.article["name"] == "a-markup.txt", timeout=5)
        assert "[@click=app.quit]" in reader.visible_text().replace("\n", "") and "[/b]" in reader.visible_text().replace("\n", "")
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        assert app.screen.query_one("DataTable").row_count == 4
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_a_dialog_closed_twice_in_a_row_closes_once(tmp_path):
    """Two Enters or Escs that reach a dialog before it is gone (typed fast, or over SSH) close it, not the screen
    under it too."""
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        await pilot.press("question_mark")
        dialog = app.screen
        assert isinstance(dialog, HelpScreen)
        dialog.dismiss()
        dialog.dismiss()
        await pilot.pause()
        assert app.screen is screen and app.is_running and app._exception is None


async def test_a_palette_command_chosen_with_two_quick_enters_runs_once(tmp_path):
    """The second of two Enters that reach the palette before it is gone (one burst, over SSH) neither runs the
    command again (low-bandwidth mode toggled on and off, two dialogs stacked) nor closes the screen beneath."""
    from textual.command import Hit
    from textual.widgets import Input

    app = app_for(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        palette = app.screen
        ran = []
        palette._selected_command, palette._list_visible = Hit(1, "toggle", lambda: ran.append(1)), False  # (as Enter leaves it)
        box = palette.query_one(Input)
        palette.post_message(Input.Submitted(box, box.value))
        palette.post_message(Input.Submitted(box, box.value))
        await pilot.pause(0.3)
        assert ran == [1] and isinstance(app.screen, MainScreen)


async def test_closing_a_dialog_returns_to_the_active_pane_never_to_a_hidden_box(tmp_path, hostile_corpus):
    app = app_for(tmp_path, [str(hostile_corpus)])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: main_screen(app).corpus is not None and main_screen(app).corpus.complete)
        screen = main_screen(app)
        await pilot.press("2")
        screen.set_focus(None)  # as when the focused pane went away under the dialog
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is screen.query_one(Reader) and screen.active == "reader"
        assert all(not box.has_focus for box in screen.query("Input"))
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_keys_in_one_burst_reach_the_pane_the_first_one_opened(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = main_screen(app)

        async def burst(*keys: str) -> None:  # as keys arrive over SSH: queued before any is handled
            for key in keys:
                app.post_message(events.Key(key, key if len(key) == 1 else None))
            await pilot.pause()
            await pilot.pause()

        await burst("3", "a")  # the pane key moves the focus before the next key is routed
        assert screen.query_one(EntityPanel).scope == "corpus"
        entities = screen.query_one(EntityList)  # filled while hidden, shown from its first heading
        assert entities.scroll_offset.y == 0 and entities.lines[0][1] is None and entities.cursor_row == 1
        await burst("4", "v")
        assert screen.query_one(MetricPanel).view == "claims"


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_list_headings_line_up_with_the_rows(tmp_path, size):
    from corpus.table import cell_width

    app = app_for(tmp_path)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        table = main_screen(app).query_one(ArticleTable)
        heading = main_screen(app).query_one("#list-columns").render().plain
        row = table.render_row(0, table.text_width).plain
        assert cell_width(heading) == cell_width(row) == table.text_width
        date = table.rows[0].date.isoformat()
        assert cell_width(heading[: heading.index("Date")]) == cell_width(row[: row.index(date)])


async def test_help_is_generated_from_bindings_and_keys_can_be_remapped(tmp_path):
    settings = settings_mod.Settings(path=tmp_path / "settings.toml", keys={"reader.next_mention": "x", "concordance.sort": "o"})
    app = make_app(None, settings, jobs=0)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await ready(pilot)
        assert app.settings_problems() == []  # (the concordance's keys are known ids too)
        reader = main_screen(app).query_one(Reader)
        await pilot.press("2", "x")
        assert reader.emphasis is not None
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text").render().plain
        assert "reader.search" in text and "list.sort" in text and "metrics.view" in text and "concordance.edit" in text
        assert "Ctrl+C quits" in text  # the one key that works everywhere, mid-analysis included
        line = next(l for l in text.splitlines() if "reader.next_mention" in l)
        assert line.split()[0] == "x"
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


@pytest.mark.parametrize("size", [(200, 50), (80, 24), (56, 24)])
async def test_help_fits_its_box_at_80_columns_and_narrower(tmp_path, size):
    """Each key's id sits beside it at 80 columns, or on a line of its own under it when narrower, and long search help
    wraps under itself: no line is wrapped back to the box's margin. A wide terminal sets the panes' keys in two
    columns rather than one down a box mostly blank."""
    from rich.cells import cell_len

    app = app_for(tmp_path)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = app.screen.query_one("#help-text")
        lines = text.render().plain.splitlines()
        rows = [line for line in lines if line.startswith("  ")]  # the keys and the search forms (not the prose at the end)
        assert len(rows) > 40 and max(cell_len(line) for line in rows) <= text.content_region.width
        quit_line = next(i for i, line in enumerate(lines) if line.split()[:2] == ["q", "Quit"])
        assert "app.quit" in (lines[quit_line] if size[0] >= 80 else lines[quit_line + 1])
        ids = [sum(1 for word in line.split() if "." in word and word.split(".")[0].isalpha()) for line in rows]
        assert max(ids) == (2 if size[0] >= 200 else 1)  # (two sections side by side, each key with its id)
        assert ("reader.next_mention" in text.render().plain) and ("concordance.open" in text.render().plain)


async def test_key_bar_follows_the_focus_shows_remapped_keys_and_clicks_press_them(tmp_path):
    settings = settings_mod.Settings(path=tmp_path / "settings.toml", keys={"reader.search": "F"})
    app = make_app(None, settings, jobs=0)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        bar = main_screen(app).query_one(KeyBar)
        assert "Filter" in bar.render().plain and "Follow" not in bar.render().plain
        await pilot.press("3")
        await pilot.pause()
        assert "Follow" in bar.render().plain and "Filter" not in bar.render().plain
        await pilot.press("2")
        await pilot.pause()
        text = bar.render().plain
        assert " F Search" in text and "/ Search" not in text
        await pilot.click(KeyBar, offset=(text.index("Help") - 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_note_on_the_key_bar_makes_room_for_itself_and_goes(tmp_path, monkeypatch):
    """A note (where n or ] went) shows at the bar's right end as written, keys left out to make room for it at 80
    columns (the least needed first), cut after a word when longer than the bar; once it goes, the keys come back."""
    monkeypatch.setattr("tui.widgets.key_bar.NOTE_SECONDS", 0.3)
    app = make_app(None, settings_mod.Settings(path=tmp_path / "settings.toml"), jobs=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        bar = main_screen(app).query_one(KeyBar)
        keys = bar.render().plain
        bar.say("Person: [bold]샘 올트먼[/bold] 대표")  # (article text: never markup)
        await pilot.pause()
        line = bar.render_line(0).text
        assert line.rstrip().endswith(" Person: [bold]샘 올트먼[/bold] 대표") and cell_width(line) == 80
        kept = line[: line.index(" Person:")].rstrip()
        assert "Filter" in kept and "Help" in kept and len(kept) < len(keys.rstrip())  # (whole keys left out, not the pane's)
        assert all(part.strip() in keys for part in kept.split("  "))
        bar.say("Organisation: " + "아주 긴 이름 " * 20)
        await pilot.pause()
        line = bar.render_line(0).text
        assert cell_width(line) == 80 and "Organisation: 아주 긴 이름" in line and "…" in line
        await pilot.pause(0.5)
        assert bar.note == "" and bar.render().plain == keys
        for width in (30, 8):  # (a tiny terminal: the note takes the bar, never more)
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            bar.say("Person: 샘 올트먼")
            await pilot.pause()
            assert cell_width(bar.render_line(0).text) == width == bar.size.width
            assert "Perso" in bar.render_line(0).text and (width > 20 or bar.render_line(0).text.rstrip().endswith("…"))


async def test_theme_choice_and_low_bandwidth_are_saved(tmp_path):
    path = tmp_path / "settings.toml"
    app = make_app(None, settings_mod.Settings(path=path), jobs=0)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await ready(pilot)
        assert app.theme == "gisa"
        reader, listing = main_screen(app).query_one(Reader), main_screen(app).query_one(ArticleTable)

        def drawn():  # the colours on screen: the reader's highlighted lines and the list's cursor row
            lines = [reader.render_line(y) for y in range(reader.size.height)]
            return (
                [s.style.color for strip in lines for s in strip if s.style and s.style.color],
                [s.style.bgcolor for s in listing.render_line(listing.cursor_row - listing.scroll_offset.y)],
            )

        before = drawn()
        app.theme = "nord"
        await pilot.pause()
        assert drawn()[0] != before[0] and drawn()[1] != before[1]  # highlights and cursor take the new theme
        app.action_toggle_low_bandwidth()
        await pilot.pause()
        assert app.animation_level == "none"
    saved = settings_mod.load(path)
    assert saved.theme == "nord" and saved.low_bandwidth
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".settings-")]

    # the next start opens in the saved theme, with its colours from the first frame
    app = make_app(None, settings_mod.load(path), jobs=0)
    async with app.run_test(size=(160, 45)) as pilot:
        assert app.theme == "nord"
        assert main_screen(app).styles.background == Color.parse(app.current_theme.background)
        await ready(pilot)


async def test_command_palette_offers_gisa_commands(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await ready(pilot)
        from tui.commands import GisaCommands

        provider = GisaCommands(app.screen)
        names = [name for name, _, _ in provider._commands()]
        assert "Toggle low-bandwidth mode" in names and "Go to claims" in names and "Files with problems" in names


async def test_empty_corpus_shows_the_problems(tmp_path):
    root = tmp_path / "bad"
    root.mkdir()
    (root / "x.txt").write_bytes(b"")
    app = app_for(tmp_path, [str(root)])
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: screen.corpus is not None and screen.corpus.complete)
        await pilot.pause()
        text = screen.query_one(Reader).visible_text().replace("\n", "")
        assert "No readable articles" in text and "x.txt" in text and "empty" in text


async def test_first_frame_shows_the_final_top_rows_and_the_reader_stays_without_a_key(tmp_path, monkeypatch):
    """Issue 15, point 2: the files a manifest dates newest are read first, so the first frame's rows are
    the list's final top rows; when the whole corpus arrives nothing moves."""
    import datetime as dt

    import corpus.reading
    from corpus import reading

    root = tmp_path / "news"
    root.mkdir()
    lines = ["file\tdate\tpublisher\turl\ttitle"]
    for i in range(80):  # found oldest first (by name); the newest are the last files found
        (root / f"{i:03d}.txt").write_text(f"기사 {i}번\n\n본문 {i}이다.\n", encoding="utf-8")
        lines.append(f"{i:03d}.txt\t{(dt.date(2020, 1, 1) + dt.timedelta(days=i)).isoformat()}\t\t\t")
    (root / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    read = []
    real_row = reading.article_row
    monkeypatch.setattr(reading, "article_row", lambda *a: read.append(a[1].path) or real_row(*a))
    release = threading.Event()
    real_finish = corpus.reading.CorpusReader.finish

    def held(self, *args, **kwargs):
        release.wait(10)
        return real_finish(self, *args, **kwargs)

    def idle(corpus, use_cache=True, progress=None, cancelled=None, *rest):
        from corpus.workers import Cancelled

        while not (cancelled and cancelled()):
            threading.Event().wait(0.02)
        raise Cancelled()

    monkeypatch.setattr(corpus.reading.CorpusReader, "finish", held)
    monkeypatch.setattr("corpus.pipeline.analyse_corpus", idle)
    app = app_for(tmp_path, [str(root)], use_cache=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = main_screen(app)
            table = screen.query_one(ArticleTable)
            first = [r.id for r in table.rows]
            assert not screen.corpus.complete and 0 < len(first) <= 24 and len(read) == len(first)  # a screenful read
            assert [r.title for r in table.rows[:2]] == ["기사 79번", "기사 78번"]
            shown = screen.article_id
            assert shown == first[0]
            release.set()
            await wait_for(pilot, lambda: screen.corpus is not None and screen.corpus.complete)
            await pilot.pause()
            assert [r.id for r in table.rows][: len(first)] == first  # the same rows on top, in the same order
            assert screen.article_id == shown and table.cursor_row == 0 and table.scroll_offset.y == 0
            assert screen.corpus.articles["name"].to_list()[:3] == ["000.txt", "001.txt", "002.txt"]  # as found
            await pilot.press("q")
    finally:
        release.set()


_opened: list[str] | None = None  # the paths opened while a test listens


def _count_opens(event: str, args: tuple) -> None:
    if _opened is not None and event == "open" and isinstance(args[0], str):
        _opened.append(args[0])


sys.addaudithook(_count_opens)  # (a hook cannot be removed: it records only while `_opened` is a list)


async def test_a_warm_start_opens_each_article_file_at_most_once(tmp_path):
    """Issue 9: the first frame's reading and the snapshot share one read of each file; the panes that follow the
    shown article (corpus, analysis, facts) do not read it again, nor does walking the list and back."""
    global _opened
    import shutil
    from collections import Counter

    from corpus import pipeline
    from tests.conftest import SEEDS

    root = tmp_path / "news"
    shutil.copytree(SEEDS, root)
    pipeline.run([str(root)])  # the cold start: the snapshot
    _opened = []
    try:
        app = app_for(tmp_path, [str(root)])
        async with app.run_test(size=(160, 40)) as pilot:
            await ready(pilot)
            screen = main_screen(app)
            assert screen.result.from_snapshot
            await wait_for(pilot, lambda: screen.index is not None)
            reader = screen.query_one(Reader)
            assert reader.article["body"][:20] in reader.visible_text().replace("\n", "") and not reader.article["stale"]
            shown = screen.article_id
            for key in ["j"] * 4 + ["k"] * 4:
                await pilot.press(key)
                await pilot.pause(0.1)
            assert screen.article_id == shown and reader.article["body"]
        articles = Counter(p for p in _opened if p.startswith(str(root)) and p.endswith(".txt"))
    finally:
        _opened = None
    assert articles and max(articles.values()) == 1, articles


async def test_a_warm_start_that_changed_nothing_opens_no_article_file(tmp_path):
    """The first screenful comes from the cache (`corpus.screenful`) and the rest from the snapshot: the same rows and
    the same text as the run before, and not one article file opened. A file edited since is read again."""
    global _opened
    import shutil
    import time

    from corpus import screenful
    from tests.conftest import SEEDS

    root = tmp_path / "news"
    shutil.copytree(SEEDS, root)
    time.sleep(screenful.RACY_NS / 1e9 + 0.01)  # (files changed moments before they are read are not kept)

    async def start() -> tuple[list[str], str]:
        app = app_for(tmp_path, [str(root)])
        async with app.run_test(size=(160, 40)) as pilot:
            screen = main_screen(app)
            first = [(row.title, row.name) for row in screen.query_one(ArticleTable).rows]  # the first frame's rows
            await ready(pilot)
            reader = screen.query_one(Reader)
            await wait_for(
                pilot, lambda: reader.article is not None and reader.article["body"][:20] in reader.visible_text().replace("\n", "")
            )
            return first, reader.article["body"]

    cold_rows, cold_body = await start()
    _opened = []
    try:
        warm_rows, warm_body = await start()
        opened = [p for p in _opened if p.startswith(str(root)) and p.endswith(".txt")]
    finally:
        _opened = None
    assert warm_rows == cold_rows and warm_body == cold_body and opened == []
    top = root / cold_rows[-1][1]  # (its manifest names no title for it: the file's first line is its title)
    top.write_text("고쳐 쓴 제목\n" + top.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    rows, _ = await start()
    assert ("고쳐 쓴 제목", top.name) in rows


async def test_a_warm_start_whose_analysis_cannot_be_shown_still_lists_every_article_and_says_why(tmp_path, monkeypatch):
    """An unchanged snapshot's corpus reaches the list with its analysis, in one frame; if the analysis cannot be made
    ready (here: the facts fail), the list still holds every article, and the status says what went wrong."""
    import shutil

    from corpus import pipeline
    from tests.conftest import SEEDS

    root = tmp_path / "news"
    shutil.copytree(SEEDS, root)
    for i in range(60):  # (more than the first frame shows: the rest comes with the snapshot)
        (root / f"extra-{i:02}.txt").write_text(f"추가 기사 {i}\n\n본문이다.\n", encoding="utf-8")
    pipeline.run([str(root)])  # the snapshot

    def broken(*args, **kwargs):
        raise RuntimeError("facts broke")

    opened = []
    run = pipeline.run

    def recorded(*args, **kwargs):
        result = run(*args, **kwargs)
        opened.append(result.unchanged)
        return result

    monkeypatch.setattr(pipeline, "Facts", broken)
    monkeypatch.setattr(pipeline, "run", recorded)
    app = app_for(tmp_path, [str(root)])
    async with app.run_test(size=(160, 40)) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: "analysis failed" in screen.progress)
        await pilot.pause()
        assert opened == [True] and "facts broke" in screen.progress and screen.result is None
        assert len(screen.query_one(ArticleTable).rows) == len(list(root.glob("*.txt")))


async def test_a_run_replaced_by_f5_before_it_showed_anything_says_nothing_more(tmp_path, monkeypatch):
    """F5 while the first run is still opening the corpus starts another; the first, stopped, must not then say
    "analysis stopped" over the second's "analysed"."""
    import threading

    from corpus import pipeline

    release, calls = threading.Event(), []
    run = pipeline.run

    def held_first(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            release.wait(30)
        return run(*args, **kwargs)

    monkeypatch.setattr(pipeline, "run", held_first)
    app = app_for(tmp_path)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, lambda: calls)
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.progress.startswith("analysed"))
        release.set()
        await pilot.pause(0.5)
        assert screen.progress.startswith("analysed") and not screen.stopped
        assert not [n for n in app._notifications if "stopped" in n.message]
    release.set()


async def test_the_reader_follows_a_single_move_at_once_and_a_burst_only_where_it_rests(tmp_path, monkeypatch):
    """One j shows the next article with the cursor (no timer to wait for); j pressed in a burst (held down, or over
    SSH) previews the first and the one the cursor comes to rest on, not every article passed on the way."""
    import tui.screens.main as main_module

    monkeypatch.setattr(main_module, "PREVIEW_DELAY", 0.5)  # what counts as a burst, wide enough for a loaded machine
    app = app_for(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        table, reader = screen.query_one(ArticleTable), screen.query_one(Reader)
        ids = [row.id for row in table.rows]
        assert reader.article["id"] == ids[0]
        shown: list[int] = []
        screen.watch(screen, "article_id", lambda article_id: shown.append(article_id), init=False)
        await pilot.pause(0.6)  # the cursor has rested (as a reader's does between two articles)
        await pilot.press("j")
        assert reader.article["id"] == ids[1]  # in the same frame as the cursor
        await pilot.pause(0.6)
        for _ in range(3):  # queued before any is handled, as keys arrive over SSH
            app.post_message(events.Key("j", "j"))
        await pilot.pause()
        await wait_for(pilot, lambda: reader.article["id"] == ids[4], timeout=5)
        assert table.current == ids[4] and shown == [ids[1], ids[2], ids[4]]


async def test_a_pane_filled_while_hidden_shows_every_row_and_scrolls_to_the_last(tmp_path):
    """In one-pane mode the entity list is refilled, hidden, as the list's cursor moves; shown, it holds the new
    article's names, scrolls to its last row, and moving the cursor in the list drew one frame (no layout)."""
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        entities = screen.query_one(EntityList)
        await pilot.pause(0.2)
        layouts = []
        original = screen._refresh_layout
        screen._refresh_layout = lambda *a, **k: (layouts.append(1), original(*a, **k))[1]
        await pilot.press("j")
        await pilot.pause()
        assert not layouts  # a hidden pane's new rows do not lay the screen out
        article = screen.article_id
        await pilot.press("3")
        await pilot.pause()
        assert entities.size.height > 0 and entities.virtual_size.height == entities.row_count
        names = {screen.facts.entity(eid).name for _, eid in entities.lines if eid is not None}
        assert names and names <= {screen.facts.entity(e).name for e in screen.facts.entities_in(article)}
        await pilot.press("G")
        await pilot.pause()
        assert entities.row_count > entities.size.height and entities.scroll_offset.y == entities.max_scroll_y > 0
        assert entities.cursor_row == entities.row_count - 1


async def test_the_hidden_reader_is_ready_to_show_in_one_pane_mode(tmp_path):
    """At 80x24 the reader is hidden while the list has the screen (and does no work there); once it has been shown,
    showing it again builds the article's lines at the width it will have before that frame is drawn (not an empty
    pane first, then the text after the resize)."""
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        reader = screen.query_one(Reader)
        await pilot.press("2")
        await pilot.pause()
        width = reader.text_width
        await pilot.press("1")
        await pilot.pause(0.2)
        await pilot.press("j")
        await pilot.pause()
        assert not reader.size.width and reader.article["id"] == screen.article_id and not reader._lines  # no work, hidden
        rebuilt = []
        original = reader._rebuild
        reader._rebuild = lambda: (rebuilt.append(1), original())[1]
        await pilot.press("2")
        assert reader._width == width and reader._lines[0].content.plain == reader.article["title"][: len(reader._lines[0].content.plain)]
        await pilot.pause()
        assert reader.text_width == width and not rebuilt  # the resize found it ready


async def test_a_filter_typed_while_the_reader_is_hidden_is_highlighted_when_it_shows(tmp_path):
    """One-pane mode: the reader, shown once, then hidden while a filter is typed, shows that filter's hits (not the
    previous filter's, nor none) when it comes back; a new filter leaves no hit marked as the current one."""
    from tui.widgets.filter_box import FilterBox

    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        reader = screen.query_one(Reader)
        await pilot.press("2", "1", "slash")
        screen.query_one("#list-filter", FilterBox).value = "오픈AI"
        await pilot.press("enter", "2")
        await pilot.pause()
        styled = [s for s in reader._state_list if s[2] == "reader--match"]
        assert reader.matches and len(styled) == len(reader.matches)
        await pilot.press("n")
        assert any(s[2] == "reader--current" for s in reader._state_list)
        await pilot.press("1", "slash")
        screen.query_one("#list-filter", FilterBox).value = "오픈AI 지사"
        await pilot.press("enter", "2")
        await pilot.pause()
        assert reader.match_index == -1 and not any(s[2] == "reader--current" for s in reader._state_list)
        current = reader._style("reader--current")
        drawn = [line._content for line in reader._lines if line._content is not None]
        assert drawn and not any(span.style == current for content in drawn for span in content.spans)


async def test_a_preview_pending_when_the_filter_empties_the_list_never_shows(tmp_path, monkeypatch):
    import tui.screens.main as main_module

    monkeypatch.setattr(main_module, "PREVIEW_DELAY", 0.5)
    app = app_for(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        for _ in range(2):  # a burst: the second move waits for the cursor to rest
            app.post_message(events.Key("j", "j"))
        await pilot.pause()
        screen.text_filter = "zzqqxxnomatch"
        await pilot.pause(0.7)
        assert screen.query_one(ArticleTable).row_count == 0
        assert screen.article_id is None and screen.query_one(Reader).article is None


async def test_opening_a_hidden_article_closes_the_filter_box_with_the_filter(tmp_path):
    from tui.messages import JumpTo
    from tui.widgets.filter_box import FilterBox

    app = app_for(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        await pilot.press("slash")
        box = screen.query_one("#list-filter", FilterBox)
        box.value = "pub:아주경제"
        await pilot.pause()
        shown = screen.query_one(ArticleList).shown_ids
        assert len(shown) == 1
        hidden = next(i for i in screen.corpus.articles["id"] if i not in shown)
        screen.post_message(JumpTo(hidden))
        await pilot.pause()
        assert screen.text_filter == "" and not box.is_open and box.value == "" and box.text == ""
        assert len(screen.query_one(ArticleList).shown_ids) == screen.corpus.articles.height


def test_a_new_reading_of_the_corpus_shows_a_changed_title_under_the_same_id():
    """Ids come from paths, so an edited file keeps its id: after the corpus is read again the list must not draw
    the row it fitted before."""
    from corpus.preview import ArticleRow

    table = ArticleTable()
    old = ArticleRow.many([7], ["옛 제목"], ["한빛일보"], [None], ["a.txt"])[0]
    table.measure([old])
    table.rows = [old]
    assert "옛 제목" in table.render_row(0, 80).plain
    new = ArticleRow.many([7], ["새 제목"], ["한빛일보"], [None], ["a.txt"])[0]
    table.measure([new])
    table.rows = [new]
    assert "새 제목" in table.render_row(0, 80).plain


async def test_the_scroll_position_shows_beside_the_text_and_a_click_there_scrolls(tmp_path):
    """The reader and the lists draw their scroll position in their last column (no scrollbar widget): the thumb
    moves as the text scrolls, a click low in that column scrolls the article down, and a click in the list's
    column scrolls without opening an article."""
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        await pilot.press("2")
        await pilot.pause()
        reader = screen.query_one(Reader)
        assert reader.virtual_size.height > reader.size.height  # (a long article: it scrolls)
        column = reader.size.width  # the widget's last column (left padding 1, gutter at the right edge)

        def thumb_rows() -> list[int]:
            return [y for y in range(reader.size.height) if reader.render_line(y).text[-1] == "█"]

        top = thumb_rows()
        assert top and top[0] == 0 and reader.scroll_offset.y == 0
        await pilot.click(Reader, offset=(column, reader.size.height - 1))
        await pilot.pause()
        assert reader.scroll_offset.y == reader.max_scroll_y
        assert thumb_rows()[-1] == reader.size.height - 1 and thumb_rows() != top
        assert all(reader.render_line(y).cell_length == reader.text_width + 2 for y in range(3))

        await pilot.press("1")
        await pilot.pause()
        table = screen.query_one(ArticleTable)
        before = screen.article_id
        await pilot.click(ArticleTable, offset=(table.size.width, 0))
        await pilot.pause()
        assert screen.active == "list" and screen.article_id == before  # (the gutter is not a row: nothing opened)


async def test_the_next_mention_is_found_from_where_the_reader_has_scrolled_to(tmp_path):
    """] after paging down goes to the first mention at or below the top of the view, not back to the article's
    first; while the current mention shows, ] and [ step from it."""
    from tui.widgets.reader import Reader

    app = app_for(tmp_path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        await pilot.press("enter")  # the reader, on the first article
        reader = screen.query_one(Reader)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        top = reader._view_offsets()[0]
        assert top > 0
        await pilot.press("right_square_bracket")
        await pilot.pause()
        first = reader.emphasis
        assert first[0] >= top
        assert not any(top <= s < first[0] for s in reader._span_starts)  # the first one on screen, none skipped
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert reader.emphasis[0] > first[0]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert reader.emphasis == first
        # each says which mention it went to, on the key bar's right end, however often it is pressed (not a toast
        # stacked per key)
        bar, body = screen.query_one("#keys"), reader.article["body"]
        assert bar.note.endswith(body[first[0] : first[1]]) and bar.render_line(0).text.rstrip().endswith(bar.note)
        for _ in range(4):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        assert not app._notifications and bar.note.endswith(body[reader.emphasis[0] : reader.emphasis[1]])
        assert bar.render_line(0).text.rstrip().endswith(bar.note)


async def test_escape_after_the_analysis_proper_stops_and_says_so(tmp_path, monkeypatch):
    """Esc while the names are clustered or the claims compared (after Kiwi's part, in this process): the status
    says the analysis stopped once that step ends, nothing of it is shown, and the steps after it do not run."""
    import shutil

    from corpus import compare, pipeline
    from tests.conftest import SEEDS

    release, started, stored = threading.Event(), threading.Event(), []
    real_compare = compare.compare

    def slow_compare(*args, **kwargs):
        started.set()
        release.wait(10)
        return real_compare(*args, **kwargs)

    monkeypatch.setattr(compare, "compare", slow_compare)  # (the pipeline imports it when it compares)
    monkeypatch.setattr(pipeline, "store", lambda *a, **k: stored.append(1))
    corpus = tmp_path / "seeds"  # a corpus of its own: no snapshot an earlier test stored makes the comparison needless
    shutil.copytree(SEEDS, corpus)
    app = app_for(tmp_path, [str(corpus)], use_cache=True)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = main_screen(app)
        await wait_for(pilot, started.is_set)
        await pilot.press("escape", "escape")
        assert "stopping" in screen.query_one("#status").render().plain
        release.set()
        await wait_for(pilot, lambda: "stopped" in screen.query_one("#status").render().plain)
        assert screen.result is None and screen.facts is None and not stored
