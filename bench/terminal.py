"""A command in a real pseudo-terminal, and the times at which its bytes reach it.

What a benchmark should time is what a user waits for: bytes arriving at their terminal. This runs a
program in a pty of a given size, answers the terminal queries a modern terminal answers (so Textual
wraps each frame in synchronized-output markers, as it does in tmux, kitty or iTerm), reads its output
in a thread with timestamps, and keeps a `pyte` screen to ask what is on it.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import threading
import time

import pyte

SYNC_END = b"\x1b[?2026l"
QUERIES = {b"\x1b[?2026$p": b"\x1b[?2026;2$y", b"\x1b[?2048$p": b"\x1b[?2048;0$y"}


class Terminal:
    """One program in a pty. Times are `time.perf_counter()` values."""

    def __init__(self, argv: list[str], cols: int = 200, rows: int = 50, env: dict | None = None, cwd: str | None = None) -> None:
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child
            if cwd:
                os.chdir(cwd)
            os.execvpe(argv[0], argv, dict(env or os.environ, TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows)))
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.lock = threading.Lock()
        self.chunks: list[tuple[float, bytes]] = []
        self.frames: list[float] = []  # when each frame's last byte arrived
        self.changed = threading.Condition(self.lock)
        self.closed = False
        self._tail = b""
        self._unparsed: list[bytes] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.5)
                if not ready:
                    if self.closed:
                        return
                    continue
                data = os.read(self.fd, 1 << 16)
            except OSError:
                data = b""
            now = time.perf_counter()
            if not data:
                with self.lock:
                    self.closed = True
                    self.changed.notify_all()
                return
            seen = self._tail + data  # (a marker or a query split between two reads; those in the tail were counted)
            for query, answer in QUERIES.items():
                for _ in range(seen.count(query) - self._tail.count(query)):
                    os.write(self.fd, answer)
            with self.lock:
                self.chunks.append((now, data))
                self.frames.extend([now] * (seen.count(SYNC_END) - self._tail.count(SYNC_END)))
                self._tail = seen[-16:]
                self._unparsed.append(data)  # parsed when the screen is asked for: parsing here would delay the next read's time
                self.changed.notify_all()

    def _lines(self) -> str:
        if self._unparsed:
            self.stream.feed(b"".join(self._unparsed))
            self._unparsed.clear()
        buffer, cols = self.screen.buffer, self.screen.columns
        return "\n".join("".join(buffer[y][x].data for x in range(cols)) for y in range(self.screen.lines))

    def text(self) -> str:
        """What the screen shows now, line by line (a wide character is followed by an empty cell)."""
        with self.lock:
            return self._lines()

    def wait_for(self, predicate, timeout: float = 60.0) -> float:
        """Wait until `predicate(screen text)` holds; return when the bytes that made it true arrived."""
        deadline = time.perf_counter() + timeout
        with self.lock:
            while True:
                if predicate(self._lines()):
                    return self.chunks[-1][0] if self.chunks else time.perf_counter()
                left = deadline - time.perf_counter()
                if left <= 0 or self.closed:
                    raise TimeoutError(f"the screen never showed what was waited for; it shows:\n{self._lines()}")
                self.changed.wait(min(left, 0.05))

    def send(self, data: bytes | str) -> float:
        """Type bytes; return when they were written."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        t = time.perf_counter()
        os.write(self.fd, raw)
        return t

    def settle(self, quiet: float = 0.15, limit: float = 5.0) -> None:
        """Wait until nothing has been written for `quiet` seconds (counting from now at the earliest)."""
        begun = time.perf_counter()
        end = begun + limit
        while time.perf_counter() < end:
            with self.lock:
                last = max(self.chunks[-1][0] if self.chunks else self.started, begun)
            if time.perf_counter() - last >= quiet:
                return
            time.sleep(quiet / 6)

    def frames_since(self, t: float) -> list[float]:
        with self.lock:
            return [f for f in self.frames if f >= t]

    def rss_mb(self) -> float:
        """Resident memory of the program, in MB."""
        with open(f"/proc/{self.pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def close(self) -> None:
        """End the program (and anything it started in its process group)."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                break
            for _ in range(20):
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    break
                time.sleep(0.05)
            else:
                continue
            break
        self.closed = True
        try:
            os.close(self.fd)
        except OSError:
            pass


BARE_APP = (
    "from textual.app import App\nfrom textual.widgets import Static\n"
    "class Bare(App):\n    def compose(self):\n        yield Static('bare app ready')\nBare().run()\n"
)


def bare_command() -> list[str]:
    """A bare Textual app, launched the way gisa is (a new Python process)."""
    return [sys.executable, "-c", BARE_APP]
