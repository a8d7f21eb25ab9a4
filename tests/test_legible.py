"""Legible everywhere: highlight contrast in every theme, and every kind and state told apart without colour.

Three layers: the contrast of each highlight as the reader draws it, for every theme the palette offers;
the text styles and markers in process; and the real terminal (tmux at 80x24) with NO_COLOR=1 and with
TERM=linux, read back with its attributes (`capture-pane -e`).
"""

from __future__ import annotations

import re
import shutil
import sys

import pytest
from rich.cells import cell_len
from textual.color import Color

from corpus.kinds import CODES
from tests.conftest import ROOT, app_for, main_screen, ready, wait_for
from tui.theme import MARKERS, TARGET, contrast
from tui.widgets.article_list import ArticleTable
from tui.widgets.claim_table import MetricTable
from tui.widgets.entity_panel import EntityList
from tui.widgets.reader import Reader

STATES = ("match", "current", "emphasis", "conflict")
ARTIFACTS = ROOT / "tests" / "artifacts"


def drawn_colours(widget, name: str) -> tuple[Color, Color]:
    """(text, background) of a highlight as the terminal shows it: over the widget's own background,
    with the highlight's background if it sets one, and swapped by reverse video."""
    base = widget.get_visual_style()
    style = widget._style(name) if isinstance(widget, Reader) else widget.get_visual_style(name)
    background = base.background
    if style.background is not None:
        background = background + style.background
    foreground = background + (style.foreground if style.foreground is not None else base.foreground)
    if style.reverse:
        foreground, background = background, foreground
    return foreground, background


def contrast_table(app) -> dict[str, dict[str, float | None]]:
    """Per theme, the contrast of every highlight (None: the terminal's own colours, in an ANSI theme)."""
    reader = main_screen(app).query_one(Reader)
    table: dict[str, dict[str, float | None]] = {}
    for name in (*(f"reader--{code}" for code in CODES), *(f"reader--{state}" for state in STATES)):
        foreground, background = drawn_colours(reader, name)
        if app.current_theme.ansi:
            table[name] = None
        else:
            table[name] = contrast(foreground, background)
    return table


async def test_every_highlight_reaches_4_5_to_1_in_every_theme(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        reader = screen.query_one(Reader)
        # the list cursors too: the article list's focused, the entity and claim lists' not
        table_view = screen.query_one(ArticleTable)
        table_view.focus()
        await pilot.pause()
        cursors = [
            (table_view, "article-table--cursor"),
            (screen.query_one(EntityList), "entity-list--cursor"),
            (screen.query_one(MetricTable), "metric-table--cursor"),
        ]
        failures, seen = [], {}
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            await pilot.pause()
            table = contrast_table(app)
            for widget, name in cursors:
                fg, bg = drawn_colours(widget, name)
                table[f"{name}{':focus' if widget.has_focus else ''}"] = None if app.current_theme.ansi else contrast(fg, bg)
            kind_colours = {reader.get_visual_style(f"reader--{code}").foreground for code in CODES}
            if app.current_theme.ansi:
                # the terminal's palette decides: highlights take its default foreground, its own legible pair
                for name in table:
                    if name.startswith("reader--"):
                        assert reader.get_visual_style(name).foreground.ansi == -1, (theme, name)
                continue
            seen[theme] = min(table.values())
            failures += [f"{theme} {name} {ratio:.2f}" for name, ratio in table.items() if ratio < TARGET]
            # derived, not collapsed: the seven kinds keep (at least five) different colours in every theme
            assert len(kind_colours) >= 5, (theme, kind_colours)
        assert not failures, failures
        # every theme was measured but those that leave the colours to the terminal: a missing one fails
        measurable = {name for name, theme in app.available_themes.items() if not theme.ansi}
        assert "gisa" in measurable and set(seen) == measurable, sorted(measurable ^ set(seen))
        print("\nlowest highlight contrast per theme:", {k: round(v, 2) for k, v in seen.items()})


def test_the_theme_and_the_stylesheet_style_exactly_the_kinds_corpus_defines():
    """corpus.kinds is the one list of kinds: the view's tables of colours, markers and styles follow it."""
    from tui.theme import KIND_BASES, highlight_variables, variable_name

    assert tuple(KIND_BASES) == CODES
    assert set(MARKERS) <= set(CODES)
    styled = re.findall(r"Reader > \.reader--([A-Z]{2}) ", (ROOT / "styles" / "gisa.tcss").read_text(encoding="utf-8"))
    assert sorted(styled) == sorted(CODES)
    assert {variable_name(code) for code in CODES} <= set(highlight_variables({}, ansi=True))


def test_the_theme_module_measures_contrast_as_wcag_does():
    assert round(contrast(Color(0, 0, 0), Color(255, 255, 255)), 2) == 21.0
    assert round(contrast(Color(119, 119, 119), Color(255, 255, 255)), 2) == 4.48  # WCAG's classic near miss
    assert contrast(Color(18, 18, 18), Color(18, 18, 18)) == 1.0


def look(reader: Reader, name: str) -> tuple[bool, bool, bool]:
    """What survives every console: bold, underline, reverse."""
    style = reader._style(name)
    return bool(style.bold), bool(style.underline), bool(style.reverse)


async def test_kinds_and_states_differ_without_colour(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        assert app.no_color
        reader = main_screen(app).query_one(Reader)
        kinds = {code: (look(reader, f"reader--{code}"), MARKERS.get(code)) for code in CODES}
        assert len(set(kinds.values())) == len(CODES), kinds
        states = {state: look(reader, f"reader--{state}") for state in STATES}
        assert len(set(states.values())) == len(STATES), states
        # a state is reverse video, no kind is: a search hit or the current mention shows inside any mention
        assert all(reverse for _, _, reverse in states.values())
        assert not any(reverse for (_, _, reverse), _ in kinds.values())
        for state in STATES:
            style = reader.get_visual_style(f"reader--{state}")
            assert style.bold is not None and style.underline is not None, f"{state} must set bold and underline itself"
        for code in CODES:
            style = reader.get_visual_style(f"reader--{code}")
            assert not style.italic and not style.dim, f"{code}: the Linux console has no italics, NO_COLOR no dim"
        # an entity's other spellings: after "aka", never told apart by italics alone
        await wait_for(pilot, lambda: bool(main_screen(app).query(EntityList)))
        aliases = main_screen(app).query_one(EntityList).get_visual_style("entity-list--aliases")
        assert not aliases.italic and not aliases.dim


async def test_markers_wrap_with_the_text_and_keep_offsets(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        screen = main_screen(app)
        reader = screen.query_one(Reader)
        await wait_for(pilot, lambda: reader.article is not None and reader.highlights)
        await pilot.pause()
        body = reader.article["body"]
        width = reader.text_width
        glyphs = "".join(set("".join(p) for p in MARKERS.values()))
        marked = [h for h in reader.highlights if h.kind in MARKERS]
        assert marked, "the seed article has dates or quantities"
        lines = [line for line in reader._lines if line.offset >= 0]
        for line in lines:
            content = line.content
            assert content.cell_length <= width, content.plain
            strip = str.maketrans("", "", glyphs)
            assert content.plain.translate(strip) == body[line.offset : line.end].translate(strip)
        h = marked[0]
        opening, closing = MARKERS[h.kind]
        line = lines[[ln.offset for ln in lines].index(max(ln.offset for ln in lines if ln.offset <= h.start))]
        assert f"{opening}{body[h.start : h.end]}{closing}" in line.content.plain or h.end > line.end
        # mention navigation still lands on the line that holds the mention
        reader.jump(h.start, h.end)
        assert reader._lines[reader.line_of(h.start)].offset <= h.start
        # the emphasised mention is drawn reverse, its markers in the kind's style
        text = reader._lines[reader.line_of(h.start)].content
        spans = [(s.start, s.end, s.style) for s in text.spans]
        assert any(getattr(style, "reverse", False) for _, _, style in spans)
        assert all(cell_len(line.content.plain) <= width for line in lines)
        # hidden kinds lose their brackets, in the body and in the legend, and the text wraps again
        for code in ("DT", "TI", "QT"):
            screen.action_toggle_kind(code)
        await pilot.pause()
        drawn = "\n".join(line.content.plain for line in reader._lines)
        assert "‹" not in drawn and "›" not in drawn and "Q quantity" in drawn
        assert all(line.content.cell_length <= width for line in reader._lines if line.offset >= 0)


# --- the real terminal ---------------------------------------------------------------------------------

_SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def cells(row: str) -> list[tuple[str, frozenset[str]]]:
    """The characters of one captured row with the attributes tmux recorded for each (colours left out)."""
    out: list[tuple[str, frozenset[str]]] = []
    attrs: set[str] = set()
    pos = 0
    for m in _SGR.finditer(row):
        out += [(ch, frozenset(attrs)) for ch in row[pos : m.start()]]
        pos = m.end()
        params = [p for p in re.split("[;:]", m.group(1))] or ["0"]
        i = 0
        while i < len(params):
            p = params[i] or "0"
            if p in ("38", "48", "58"):  # a colour: skip its arguments
                i += 2 if i + 1 < len(params) and params[i + 1] == "5" else 4
            elif p == "0":
                attrs.clear()
            elif p in ("1", "2", "3", "4", "5", "7", "9"):
                attrs.add({"1": "bold", "2": "dim", "3": "italic", "4": "underline", "5": "blink", "7": "reverse", "9": "strike"}[p])
            elif p in ("22", "23", "24", "25", "27", "29"):
                attrs -= {
                    "22": {"bold", "dim"},
                    "23": {"italic"},
                    "24": {"underline"},
                    "25": {"blink"},
                    "27": {"reverse"},
                    "29": {"strike"},
                }[p]
            i += 1
    out += [(ch, frozenset(attrs)) for ch in row[pos:]]
    return out


def find(rows: list[list[tuple[str, frozenset[str]]]], text: str) -> list[frozenset[str]]:
    """The attributes of each character of the first occurrence of `text` on screen."""
    for row in rows:
        plain = "".join(ch for ch, _ in row)
        at = plain.find(text)
        if at >= 0:
            return [attrs for _, attrs in row[at : at + len(text)]]
    raise AssertionError(f"{text!r} is not on screen")


def keep(name: str, capture: str) -> None:
    """Keep a capture as a test artefact (tests/artifacts, git-ignored): `cat` it in a terminal to see it."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_text(capture, encoding="utf-8")


CONSOLE = frozenset({"bold", "underline", "reverse"})  # what the Linux console and NO_COLOR keep


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("env", ["NO_COLOR=1", "TERM=linux"])
def test_every_kind_and_state_distinct_in_a_real_terminal(tmp_path, env):
    from tests.test_tmux import Tmux

    term = Tmux(f"env {env} {sys.executable} -m tui --jobs 1", tmp_path)
    try:
        term.wait_for("analysed 5", timeout=90)
        term.keys("Enter")
        term.wait_for("P person")
        capture = term.run("capture-pane", "-e", "-p", "-t", term.name)
        keep(f"capture-{env.split('=')[0]}.ansi", capture)
        rows = [cells(row) for row in capture.splitlines()]
        legend = {}
        for code, label in zip(CODES, ("person", "organisation", "place", "product", "date", "time", "quantity")):
            opening, closing = MARKERS.get(code, ("", ""))
            attrs = find(rows, f"{opening}{label}{closing}")
            assert len(set(attrs)) == 1, (code, attrs)  # markers drawn in the kind's style
            legend[code] = (attrs[0] & CONSOLE, bool(opening), opening)
            assert not attrs[0] & {"italic", "dim", "strike"}, (code, attrs[0])
        assert len(set(legend.values())) == len(CODES), legend
        # in the body too (below the legend): an organisation is underlined, a date underlined in brackets
        # (the legend's row: the status line may say "0 conflicts" too)
        body = rows[next(i for i, row in enumerate(rows) if "quantity› " in "".join(ch for ch, _ in row)) + 1 :]
        assert set(find(body, "오픈AI")) == {frozenset({"underline"})}
        assert set(find(body, "‹10일›")) == {frozenset({"underline"})}
        assert set(find(body, "아시아")) == {frozenset({"bold"})}
        # search: every hit reverse, the current one bold and underlined as well, inside mentions too
        term.keys("/")
        term.run("send-keys", "-t", term.name, "-l", "오픈")
        term.keys("Enter")
        capture = term.run("capture-pane", "-e", "-p", "-t", term.name)
        for _ in range(50):
            if "\x1b[7m" in capture or ";7m" in capture:
                break
            capture = term.run("capture-pane", "-e", "-p", "-t", term.name)
        keep(f"search-{env.split('=')[0]}.ansi", capture)
        rows = [cells(row) for row in capture.splitlines()]
        hits = []
        for row in rows:
            plain = "".join(ch for ch, _ in row)
            for m in re.finditer("오픈", plain):
                hits.append(frozenset().union(*(attrs for _, attrs in row[m.start() : m.end()])) & CONSOLE)
        assert frozenset({"reverse", "bold", "underline"}) in hits, hits  # the current hit
        assert frozenset({"reverse"}) in hits, hits  # the others, though each is inside an organisation
        assert hits.count(frozenset({"reverse", "bold", "underline"})) == 1
        term.keys("Escape", "q")
    finally:
        term.kill()
