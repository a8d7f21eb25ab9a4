"""End to end: `gisa` in a real terminal (tmux) at 80x24, driven by keys as a person would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self, command: str, tmp_path, width: int = 80, height: int = 24) -> None:
        self.name = f"gisa-{uuid.uuid4().hex[:8]}"
        self.socket = str(tmp_path / "tmux.sock")
        self.done = tmp_path / "exit-code"
        env = " ".join(
            f"{k}={v}"
            for k, v in (
                ("XDG_CACHE_HOME", os.environ["XDG_CACHE_HOME"]),
                ("XDG_CONFIG_HOME", os.environ["XDG_CONFIG_HOME"]),
                ("TERM", "xterm-256color"),
            )
        )
        script = f"cd {ROOT} && env {env} {command}; echo $? > {self.done}; sleep 60"
        self.run("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), script)

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-S", self.socket, *args], capture_output=True, text=True, timeout=20).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; screen was:\n{self.screen()}")

    def exit_code(self, timeout: float = 15) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.done.exists() and self.done.read_text().strip():
                return int(self.done.read_text())
            time.sleep(0.1)
        raise AssertionError(f"gisa did not exit; screen was:\n{self.screen()}")

    def kill(self) -> None:
        self.run("kill-server")


def test_gisa_in_tmux_at_80x24(tmp_path):
    term = Tmux(f"{sys.executable} -m tui", tmp_path)
    try:
        screen = term.wait_for("오픈AI, 아시아 첫 교두보")
        assert "1 Articles" in screen
        term.wait_for("analysed 5")
        term.keys("Enter")
        screen = term.wait_for("P person")
        term.keys("Tab")
        screen = term.wait_for("Entities ·")
        term.keys("Tab")
        screen = term.wait_for("Claims compared")
        assert "changed" in screen
        term.keys("Enter")
        screen = term.wait_for("법인이 설립되면 오픈AI의 ‹첫› 해외")  # the sentence of the first claim, in view
        term.keys("q")
        assert term.exit_code() == 0
    finally:
        term.kill()


def test_hostile_corpus_never_touches_title_or_clipboard(tmp_path):
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    (corpus / "title.txt").write_text("제목 하나\x1b]0;PWNED-TITLE\x07\n본문\x1b]52;c;UFdORUQ=\x07 이다.\x1b[2J\n", encoding="utf-8")
    (corpus / "markup.txt").write_text("[/] 둘째 [@click=app.quit]제목[/]\n[bold]본문[/bold] 2031만명\n", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(bytes(range(256)))
    os.mkfifo(corpus / "pipe.txt")
    term = Tmux(f"{sys.executable} -m tui {corpus}", tmp_path)
    try:
        term.run("set-option", "-g", "set-clipboard", "on")
        before = term.run("display-message", "-p", "-t", term.name, "#{pane_title}")
        screen = term.wait_for("with problems")
        assert "2 with problems" in screen
        for key in ("j", "k", "j", "Enter", "f", "Tab", "Tab", "Tab", "Tab", "exclamation_mark"):
            term.keys(key if key != "exclamation_mark" else "!")
        screen = term.wait_for("FIFO")
        assert "binary" in screen
        term.keys("Escape")
        after = term.run("display-message", "-p", "-t", term.name, "#{pane_title}")
        assert "PWNED" not in after and after == before
        assert "PWNED" not in term.run("list-buffers")
        term.keys("q")
        assert term.exit_code() == 0
    finally:
        term.kill()
