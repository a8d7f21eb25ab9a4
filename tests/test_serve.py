"""`gisa serve`: the options and guards in process, and the whole thing end to end in headless Chromium.

The browser test starts `gisa serve` on a free port, opens the page in Debian's Chromium through
chromedriver (Selenium), and reads what xterm.js holds: textual-serve draws the terminal on a canvas,
so the text is not in the DOM. A script added before the page loads keeps a reference to the page's
terminal object (textual.js assigns `this.fitAddon` in its constructor), and the test reads the rows and
cell attributes from xterm's buffer. It waits for seed titles, presses `j` and sees the list cursor move
down one row, checks that Chromium draws Hangul with a real font (not the same box for every syllable),
and keeps a screenshot in tests/artifacts/serve.png.

It skips, saying why, where Chromium, chromedriver or a Korean font is missing: `.ci/run` installs
them (Debian's chromium, chromium-driver, fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest

from tests.conftest import ROOT
from tui import serve

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARTIFACTS = ROOT / "tests" / "artifacts"


# --- in process -----------------------------------------------------------------------------------------


def test_loopback_names():
    for host in ("127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "app.localhost"):
        assert serve.is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.168.0.10", "example.com", "localhost.example.com"):
        assert not serve.is_loopback(host), host


def test_websocket_accepts_only_the_page_it_served():
    assert serve.origin_allowed("http://127.0.0.1:8000", "127.0.0.1:8000", loopback_only=True)
    assert serve.origin_allowed("http://localhost:8000", "localhost:8000", loopback_only=True)
    assert not serve.origin_allowed("http://evil.example:8000", "127.0.0.1:8000", loopback_only=True)
    # DNS rebinding: a foreign name that resolves to this machine sends matching Host and Origin
    assert not serve.origin_allowed("http://evil.example:8000", "evil.example:8000", loopback_only=True)
    assert serve.origin_allowed("http://reader.lan:8000", "reader.lan:8000", loopback_only=False)
    assert not serve.origin_allowed("null", "127.0.0.1:8000", loopback_only=True)


def test_each_session_runs_the_same_gisa_with_the_same_options(tmp_path):
    args = argparse.Namespace(paths=["corpus/articles"], max_size=1024, jobs=2, low_bandwidth=True, no_cache=False, settings=None)
    command = serve.app_command(args)
    assert command.startswith(f"{sys.executable} -m tui {os.path.abspath('corpus/articles')} ")
    assert "--max-size 1024 --jobs 2 --low-bandwidth" in command and "--no-cache" not in command


def gisa(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def test_serve_help_loads_no_textual():
    code = (
        "import sys\nfrom tui.cli import main\ntry:\n    main(['serve', '-h'])\nexcept SystemExit:\n    pass\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('textual', 'textual_serve', 'aiohttp')])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert "--host" in result.stdout and "127.0.0.1" in result.stdout
    assert result.stdout.strip().endswith("[]"), result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_warns_when_not_only_this_machine_and_fails_cleanly_on_a_busy_port():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = gisa("serve", "--host", "127.0.0.1", "--port", str(port))
        assert result.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
        assert "warning" not in result.stderr
        # any other address is announced on stderr before anything is served (here it fails at once: the
        # address is not this machine's, so nothing is exposed)
        result = gisa("serve", "--host", "192.0.2.1", "--port", str(port))
        assert "warning: listening on 192.0.2.1" in result.stderr and result.returncode == 1


# --- end to end in Chromium ------------------------------------------------------------------------------

HOOK = r"""
Object.defineProperty(Object.prototype, "fitAddon", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "fitAddon", {value, writable: true, configurable: true, enumerable: true});
    if (this.terminal && !window.__gisaTerminal) window.__gisaTerminal = this.terminal;
  },
});
"""

ROWS = """
const t = window.__gisaTerminal;
if (!t) return null;
const rows = [];
for (let y = 0; y < t.rows; y++) rows.push(t.buffer.active.getLine(y).translateToString(true));
return rows;
"""

# the list cursor: the first row whose first cells (the article list, left of the reader) are bold and underlined
CURSOR = """
const t = window.__gisaTerminal, width = Math.min(20, t.cols);
for (let y = 2; y < t.rows; y++) {
  const line = t.buffer.active.getLine(y);
  let marked = 0;
  for (let x = 1; x < width; x++) { const c = line.getCell(x); if (c && c.isBold() && c.isUnderline()) marked++; }
  if (marked > width / 2) return y;
}
return -1;
"""

# Hangul drawn by Chromium in the terminal's font: different syllables must not all be the same box
GLYPHS = """
const canvas = document.createElement("canvas");
canvas.width = 48; canvas.height = 48;
const g = canvas.getContext("2d");
g.font = "32px " + window.__gisaTerminal.options.fontFamily;
const draw = (text) => { g.clearRect(0, 0, 48, 48); g.fillText(text, 4, 36); return canvas.toDataURL(); };
return [draw("가"), draw("각"), draw("\\u0378")];
"""


def _browser_or_skip():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the test extra)")
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed: apt-get install chromium chromium-driver (.ci/run does)")
    fonts = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    if not fonts.strip():
        pytest.skip("no Korean font for Chromium: apt-get install fonts-noto-cjk fontconfig (.ci/run does)")
    return webdriver


def _wait(condition, timeout: float, what: str, describe=lambda: ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}\n{describe()}")


@pytest.mark.timeout(180)
def test_gisa_serve_in_headless_chromium(tmp_path):
    webdriver = _browser_or_skip()
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    port = free_port()
    log = open(tmp_path / "serve.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--port", str(port), "--jobs", "1"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    driver = None
    try:

        def listening() -> bool:
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0

        _wait(lambda: listening() or server.poll() is not None, 30, "gisa serve to listen")
        assert server.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}",
            "--window-size=1400,900",
        ):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        driver.set_page_load_timeout(30)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
        driver.get(f"http://127.0.0.1:{port}/")

        def rows() -> list[str]:
            return driver.execute_script(ROWS) or []

        screen = lambda: "\n".join(rows())  # noqa: E731
        _wait(
            lambda: driver.execute_script("return !!window.__gisaTerminal"),
            30,
            "the page's terminal (HOOK catches textual.js setting fitAddon: has textual-serve changed?)",
        )
        # the page loads and Gisa's first screen arrives: the status bar and the seed titles in the list
        _wait(lambda: "Articles" in screen() and "기시다" in screen(), 60, "the seed titles in the browser", screen)
        text = screen()
        assert "5 articles" in text
        assert "오픈AI가 10일 아시아" in text  # the first article's title, in the reader
        (tmp_path / "screen.txt").write_text(text, encoding="utf-8")

        # Hangul is drawn with a real font: two syllables differ, and neither is the missing-glyph box
        ga, gak, missing = driver.execute_script(GLYPHS)
        assert ga != gak and ga != missing, "Chromium draws Hangul as boxes: no Korean font"

        # keys move the list: `j` takes the cursor one row down (once the start-up is over: the analysis
        # done, the list holds the whole corpus)
        _wait(lambda: "analysed" in (rows() or [""])[0], 120, "the analysis to finish", screen)
        first = _wait(lambda: (y := driver.execute_script(CURSOR)) >= 0 and y + 1, 20, "the list cursor", screen) - 1
        before = driver.get_screenshot_as_png()
        # typed into xterm's own input (a click on the page would reach the app as a mouse click)
        driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys("j")
        _wait(
            lambda: driver.execute_script(CURSOR) == first + 1,
            20,
            "the cursor to move down",
            lambda: (
                f"cursor row {first} then {driver.execute_script(CURSOR)}; focus: "
                f"{driver.execute_script('return document.activeElement.className')}\n{screen()}"
            ),
        )
        after = driver.get_screenshot_as_png()
        assert after != before

        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "serve.png"
        shot.write_bytes(after)
        print(f"\nscreenshot of gisa serve in Chromium: {shot}")
    finally:
        if driver is not None:
            driver.quit()
        if server.poll() is None:
            server.send_signal(signal.SIGINT)  # textual-serve closes its sessions and stops
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(5)
        log.close()
