"""Ctrl+C quits as q does, and either ends the process at once: mid-analysis, and while a thread is still
busy after the analysis (assembling or comparing a huge article), which asyncio would otherwise wait for.

Nothing is timed beyond generous timeouts: each test polls until the process is gone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time

import pytest

from tests.conftest import ROOT, app_for, main_screen, ready


async def test_ctrl_c_quits_like_q(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_c_in_a_text_field_copies_its_selection_and_quits_without_one(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("slash", "오", "픈")
        box = main_screen(app).query_one("#list-filter")
        assert app.focused is box and box.value == "오픈"
        box.select_all()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running and app.clipboard == "오픈"
        await pilot.press("end")  # no selection now: Ctrl+C quits, even from the text field
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(")")[-1].split()[0] == "Z"  # a zombie has ended
    except OSError:
        return True


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                    if int(f.read().split(")")[-1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return found


def _poll(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _dense_corpus(root, chars: int):
    root.mkdir()
    line = "".join(f"회사{i}는 {(i % 9) + 1}억 원, 직원 {i % 70 + 5}명, " for i in range(chars // 20))
    (root / "dense.txt").write_text("빽빽한 금액\n\n" + line[:chars] + "\n", encoding="utf-8")
    (root / "small.txt").write_text("작은 기사\n\n삼성전자의 매출은 3억 원이다.\n", encoding="utf-8")
    return root


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None or not os.path.isdir("/proc"), reason="needs tmux and /proc")
def test_ctrl_c_mid_analysis_ends_gisa_and_its_analysis_processes(tmp_path):
    from tests.test_tmux import Tmux

    corpus = _dense_corpus(tmp_path / "dense", 300_000)
    term = Tmux(f"{sys.executable} -m tui --no-cache --jobs 1 {corpus}", tmp_path, width=100, height=30)
    try:
        term.wait_for("analysing 0/")
        shell = int(term.run("display-message", "-p", "-t", term.name, "#{pane_pid}").strip())
        assert _poll(lambda: bool(_children(shell)), 20)
        gisa = _children(shell)[0]
        assert _poll(lambda: bool(_children(gisa)), 30)  # the analysis process (and multiprocessing's tracker)
        helpers = _children(gisa)
        term.keys("C-c")
        assert term.exit_code(timeout=20) == 0
        assert _poll(lambda: all(_gone(p) for p in [gisa, *helpers]), 20)
        assert "빽빽한" not in term.screen()  # the terminal was restored
    finally:
        term.kill()


_RUN_HEADLESS = """
gisa_app.GisaApp.run = headless
args = argparse.Namespace(settings=None, paths=[{corpus!r}], max_size=8_000_000, no_cache=True, low_bandwidth=False, jobs=1)
sys.exit(gisa_app.run_app(args))
"""  # the end of each script below: the app, headless, driven by the script's `headless` pilot


def _run_script(tmp_path, script: str, **fields):
    """Run one of the scripts below (with the corpus and key filled in) in a fresh Python; it must exit 0."""
    path = tmp_path / "script.py"
    path.write_text(textwrap.dedent((script + _RUN_HEADLESS).format(**fields)), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, str(path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]


_BUSY_AFTER_QUIT = """
import argparse, sys, threading, time

import tui.screens.lifecycle as main_screen
from tui import app as gisa_app

def busy(post, *args):  # a thread that cannot be interrupted, as one assembling a 7 MB article for minutes
    threading.Event().wait(600)

main_screen.load_and_analyse = busy
run = gisa_app.GisaApp.run

def headless(self, **kwargs):
    async def pilot(p):
        await p.pause(0.5)
        await p.press({key!r})
    return run(self, headless=True, auto_pilot=pilot, **kwargs)
"""


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
def test_quitting_does_not_wait_for_a_busy_thread(tmp_path, key):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("제목\n\n본문 3억 원.\n", encoding="utf-8")
    _run_script(tmp_path, _BUSY_AFTER_QUIT, key=key, corpus=str(corpus))


_QUIT_WHILE_LAYING_OUT = """
import argparse, sys, threading

import tui.screens.lifecycle as main_screen
import tui.widgets.reader as reader
from tui import app as gisa_app

def busy(post, *args):  # no analysis: the article shows from the first frame's reading
    threading.Event().wait(600)

def laying_out(request, stop=None):  # a layout that never ends, as a 7 MB article's seems to
    threading.Event().wait(600)

main_screen.load_and_analyse = busy
reader.LARGE_BODY = 2_000
reader.lay_out = laying_out
run = gisa_app.GisaApp.run

def headless(self, **kwargs):
    async def pilot(p):
        await p.pause(0.5)
        await p.press("enter")  # 80x24: the reader takes the screen
        await p.pause(0.3)
        shown = p.app.screen.query_one(reader.Reader)
        with open({report!r}, "w", encoding="utf-8") as f:
            f.write(shown.visible_text())
        await p.press({key!r})
    return run(self, headless=True, auto_pilot=pilot, **kwargs)
"""


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
def test_quitting_while_a_long_article_is_laid_out_ends_the_process(tmp_path, key):
    """Issue 13: Enter on a huge article, then q at once. The layout runs in a thread worker (here one that never
    ends): the reader says so, the key is answered and the process ends without waiting for the thread."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text("긴 기사\n\n" + "3억 원 " * 1_000 + "\n", encoding="utf-8")
    report = tmp_path / "shown.txt"
    _run_script(tmp_path, _QUIT_WHILE_LAYING_OUT, key=key, corpus=str(corpus), report=str(report))
    shown = report.read_text(encoding="utf-8")
    assert "긴 기사" in shown and "Laying out a long article (4,999 characters)…" in shown  # (the last space is cleaned away)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")
def test_a_terminal_that_goes_away_ends_gisa(tmp_path):
    """An SSH connection that drops, or a `make run` whose pane is closed, may leave no hangup signal to the app: its
    terminal reads as ended. The app must then quit, not live on reading the end of its input at a core's full speed."""
    import pty
    import signal

    master, slave = pty.openpty()
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_CONFIG_HOME=str(tmp_path / "config"), TERM="xterm-256color")
    app = subprocess.Popen(
        [sys.executable, "-m", "tui"],
        cwd=ROOT,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),  # (as under make: no hangup reaches it)
    )
    os.close(slave)
    try:
        seen = b""
        deadline = time.monotonic() + 60
        while b"Articles" not in seen and time.monotonic() < deadline:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
        assert b"Articles" in seen  # the app is up
        os.close(master)  # the terminal goes away
        assert _poll(lambda: app.poll() is not None, 20), "gisa lived on without its terminal"
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
