"""How long `q` and Ctrl+C take to end Gisa, at different moments, in a real pseudo-terminal.

    python bench/quit.py [--rounds 3] [--huge PATH]

Moments: just after the first frame (Kiwi not yet loaded), mid-analysis of one dense 300,000-character
article (in an analysis process), and once the bundled articles are analysed. Each figure is the time
from the key's bytes to the process's exit (waitpid), launches interleaved; the issue asks for under a
second at any moment.

`--huge PATH` adds the moments of issue 13: a key just after Enter opens the first article of PATH (a
folder with one huge article, e.g. 7 MB of "3억 원 " repeated), at a few delays after Enter. That folder's
analysis takes minutes cold: it is read from the user's cache, so analyse it once first
(`gisa entities PATH > /dev/null`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.terminal import Terminal  # noqa: E402

GISA = [sys.executable, "-m", "tui", "--no-cache"]
KEYS = {"q": "q", "Ctrl+C": "\x03"}


def dense(root: Path) -> Path:
    root.mkdir()
    line = "".join(f"회사{i}는 {(i % 9) + 1}억 원, 직원 {i % 70 + 5}명, " for i in range(15_000))
    (root / "dense.txt").write_text("빽빽한 금액\n\n" + line[:300_000] + "\n", encoding="utf-8")
    return root


def exit_after(argv: list[str], ready, key: str, env: dict) -> float:
    term = Terminal(argv, 100, 30, env=env, cwd=str(ROOT))
    try:
        term.wait_for(ready, 120)
        sent = term.send(key)
        while time.perf_counter() - sent < 30:
            try:
                os.kill(term.pid, 0)  # still there (a zombie counts until reaped below)
                pid, _ = os.waitpid(term.pid, os.WNOHANG)
            except (ProcessLookupError, ChildProcessError):
                pid = term.pid
            if pid:
                return time.perf_counter() - sent
            time.sleep(0.005)
        return float("inf")
    finally:
        term.close()  # closes the pty; kills the program (and what it started) if it is still there


def exit_after_opening(corpus: Path, delay: float, key: str) -> float:
    """The time from `key`, typed `delay` seconds after Enter opened the first article of `corpus`, to the exit."""
    argv = [sys.executable, "-m", "tui", str(corpus)]  # the user's cache: its analysis is there already
    term = Terminal(argv, 100, 30, env=dict(os.environ), cwd=str(ROOT))
    try:
        term.wait_for(lambda s: "analysed" in s.split("\n", 1)[0], 600)
        term.settle(0.3)
        opened = term.send("\r")
        while time.perf_counter() - opened < delay:
            time.sleep(0.002)
        sent = term.send(key)
        while time.perf_counter() - sent < 30:
            pid, _ = os.waitpid(term.pid, os.WNOHANG)
            if pid:
                return time.perf_counter() - sent
            time.sleep(0.005)
        return float("inf")
    finally:
        term.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--huge", type=Path, help="a folder with one huge article, analysed (cached) already")
    parser.add_argument("--only-huge", action="store_true", help="time only the --huge moments")
    args = parser.parse_args()
    if args.huge:
        print("seconds from the key, typed a delay after Enter opened the huge article, to the process's exit")
        worst = 0.0
        for delay in (0.0, 0.3, 0.6, 1.0):
            for name, key in KEYS.items():
                times = [exit_after_opening(args.huge, delay, key) for _ in range(args.rounds)]
                worst = max(worst, *times)
                shown = " ".join(f"{t:.3f}" for t in times)
                print(f"  Enter, {delay:.1f} s, {name:<7} median {statistics.median(times):.3f}   max {max(times):.3f}   ({shown})")
        print(f"slowest exit after opening: {worst:.3f} s")
        if args.only_huge:
            return 0
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_CACHE_HOME=f"{tmp}/cache", XDG_CONFIG_HOME=f"{tmp}/config")
        corpus = dense(Path(tmp) / "dense")
        moments = {
            "first frame": (GISA, lambda s: "Articles" in s),
            "mid-analysis, dense": (GISA + [str(corpus)], lambda s: "analysing 0/" in s),
            "analysed": (GISA, lambda s: "analysed" in s.split("\n", 1)[0]),
        }
        worst = 0.0
        print("seconds from the key to the process's exit")
        for label, (argv, ready) in moments.items():
            for name, key in KEYS.items():
                times = [exit_after(argv, ready, key, env) for _ in range(args.rounds)]
                worst = max(worst, *times)
                print(f"  {label:<22} {name:<7} median {statistics.median(times):.3f}   max {max(times):.3f}")
        print(f"slowest exit: {worst:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
