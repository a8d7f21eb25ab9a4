"""Start-up, per-key latency, memory and cold analysis at 10,000 articles, timed in a real terminal.

    python bench/startup.py                  # everything below (about 15 minutes on 2 cores)
    python bench/startup.py --first-frame    # first frame and warm start, against a bare Textual app
    python bench/startup.py --keys           # per-key latency at 10k, against a bare Textual app (and memory after)
    python bench/startup.py --keys --only=list   # only the key groups whose label holds "list"
    python bench/startup.py --keys --size=120x40 # in a terminal of another size (default 200x50)
    python bench/startup.py --cold [N]       # cold analysis of N articles (default 2000) against raw Kiwi
    python bench/startup.py --responsive     # keys answered during a cold start of the 10k corpus

Every figure is the time bytes reach a pseudo-terminal (`bench/terminal.py`): launches are whole new
processes, interleaved with a bare Textual app's in the same run, default settings (not low-bandwidth).
The 10k corpus is built by `bench/corpus10k.py` (recombined Wikinews articles, figures varied) in
/tmp/gisa-bench-10k (or GISA_BENCH_CORPUS); a warm cache for it is kept in /tmp/gisa-bench-cache (or
GISA_BENCH_CACHE). Figures, not assertions: tests never time anything.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus10k import build  # noqa: E402
from bench.terminal import Terminal, bare_command  # noqa: E402

GISA = [sys.executable, "-m", "tui"]
TOAST_SECONDS = 2.5  # the app's notifications last 2 s: their removal would be timed as the next group's frames
SEEDS = ROOT / "corpus" / "articles"
KEYS_APP = (
    "from textual.app import App\nfrom textual.widgets import Static\n"
    "class Keys(App):\n    n = 0\n    def compose(self):\n        yield Static('bare app ready', id='s')\n"
    "    def on_key(self, event):\n        self.n += 1\n        self.query_one('#s').update(f'key {self.n}')\n"
    "Keys().run()\n"
)
# The floor under a key that changes the whole screen: a bare Textual app whose every line changes per key (lines of
# the seed articles, shifted by one; two styles a line, as a list row has), drawn through the Line API as Gisa's are.
REPAINT_APP = """
import pathlib, sys
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.strip import Strip
from textual.widget import Widget
LINES = [l for p in sorted(pathlib.Path(sys.argv[1]).glob('*.txt')) for l in p.read_text().splitlines() if l.strip()]
A, B = Style(color='white', bgcolor='black'), Style(color='cyan', bgcolor='black', bold=True)
class Screenful(Widget):
    n = 0
    def render_line(self, y):
        text = LINES[(y + self.n) % len(LINES)]
        w = self.size.width
        head, tail = text[: w // 3], text[w // 3 :]
        return Strip([Segment(head, B), Segment(tail, A)]).extend_cell_length(w, A).crop(0, w)
class Repaint(App):
    def compose(self):
        yield Screenful()
    def on_mount(self):
        self.query_one(Screenful).n = 0
    def on_key(self, event):
        s = self.query_one(Screenful)
        s.n += 1
        s.refresh()
Repaint().run()
"""


def env_for(cache: Path) -> dict:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), XDG_CONFIG_HOME=str(cache / "config"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode is kept between launches, as on a user's machine
    return env


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def launch(argv: list[str], cache: Path, ready, loaded=None, size=(120, 40), idle: float = 0.0) -> tuple[float, float | None, float, float]:
    """(first frame showing `ready`, fully loaded showing `loaded`, resident MB once loaded, resident MB after
    `idle` more seconds with no key: what the process holds while a reader reads), seconds from launch."""
    term = Terminal(argv, *size, env=env_for(cache), cwd=str(ROOT))
    try:
        first = term.wait_for(ready, 120) - term.started
        done = term.wait_for(loaded, 300) - term.started if loaded else None
        if loaded:
            term.settle(0.3)
        loaded_mb = term.rss_mb()
        if idle:
            time.sleep(idle)
        return first, done, loaded_mb, term.rss_mb()
    finally:
        term.close()


def titles_of(root: Path) -> list[str]:
    """The first words of every title, without spaces (pyte leaves an empty cell after a wide character).
    All of them: the list opens newest first, so which titles the first frame shows depends on the dates."""
    return sorted({p.read_text(encoding="utf-8").split("\n", 1)[0].strip()[:6].replace(" ", "") for p in root.glob("*.txt")} - {""})


def any_shown(titles: list[str]):
    """A test of a screen: does it show one of `titles`?"""

    def test(screen: str) -> bool:
        flat = screen.replace(" ", "")
        return any(t in flat for t in titles)

    return test


def first_frame(corpus: Path, cache: Path, rounds: int = 7) -> None:
    print("First frame and warm start (seconds from launching the process; median of interleaved launches)")
    bare_ready = lambda s: "bare app ready" in s  # noqa: E731
    analysed = lambda s: "analysed" in s.split("\n", 1)[0]  # noqa: E731
    seed_titles = titles_of(SEEDS)
    ten_k_titles = titles_of(corpus)
    seeds_ready = any_shown(seed_titles)
    ten_k_ready = any_shown(ten_k_titles)
    launch(bare_command(), cache, bare_ready)  # warm-ups: bytecode compiled, caches filled
    launch(GISA, cache, seeds_ready, analysed)
    launch(GISA + [str(corpus)], cache, ten_k_ready, analysed)
    bare, seeds, seeds_done, big, big_done, rss, rss_idle = [], [], [], [], [], [], []
    for _ in range(rounds):
        bare.append(launch(bare_command(), cache, bare_ready)[0])
        f, d, _, _ = launch(GISA, cache, seeds_ready, analysed)
        seeds.append(f)
        seeds_done.append(d)
        f, d, r, r_idle = launch(GISA + [str(corpus)], cache, ten_k_ready, analysed, size=(200, 50), idle=5.0)
        big.append(f)
        big_done.append(d)
        rss.append(r)
        rss_idle.append(r_idle)
    b = statistics.median(bare)
    print(f"  bare Textual app, first frame          {b:.3f}")
    print(f"  gisa, 5 seeds, first frame             {statistics.median(seeds):.3f}   ({statistics.median(seeds) / b:.2f}x the bare app)")
    print(f"  gisa, 5 seeds, fully loaded            {statistics.median(seeds_done):.3f}")
    print(f"  gisa, 10k articles, first frame        {statistics.median(big):.3f}   ({statistics.median(big) / b:.2f}x the bare app)")
    print(
        f"  gisa, 10k articles, fully loaded       {statistics.median(big_done):.3f}   (all {rounds}: "
        f"{', '.join(f'{x:.2f}' for x in big_done)})"
    )
    print(
        f"  gisa, 10k articles, resident memory    {statistics.median(rss):.0f} MB once loaded (max {max(rss):.0f}), "
        f"{statistics.median(rss_idle):.0f} MB 5 s later (max {max(rss_idle):.0f}; the allocators return what loading freed)"
    )


def key_times(term: Terminal, keys: list[str], pause: float = 0.12) -> list[tuple[float, float]]:
    """(first frame, last frame) in ms after each key: the first and the last frame it caused."""
    out = []
    for key in keys:
        term.settle(pause)
        t = term.send(key)
        term.settle(pause)
        frames = term.frames_since(t)
        if frames:
            out.append(((frames[0] - t) * 1000, (frames[-1] - t) * 1000))
    return out


def long_article_query(corpus: Path) -> str:
    """A filter that puts one of the corpus's longest articles first (its title's first words): something to scroll."""
    import re

    longest = max(corpus.glob("*.txt"), key=lambda p: p.stat().st_size)
    title = longest.read_text(encoding="utf-8").split("\n", 1)[0]
    return " ".join(re.findall(r"[가-힣A-Za-z0-9]+", title)[:3])


def keys(corpus: Path, cache: Path, only: str = "", size: tuple[int, int] = (200, 50)) -> None:
    print(f"\nPer-key latency, {size[0]}x{size[1]}, default settings, ms from the key's bytes to frames reaching the terminal")
    print("(first: the first frame after the key; last: the last frame it caused)")
    term = Terminal([sys.executable, "-c", KEYS_APP], *size, env=env_for(cache), cwd=str(ROOT))
    try:
        term.wait_for(lambda s: "bare app ready" in s)
        bare = key_times(term, ["z"] * 40)
    finally:
        term.close()
    term = Terminal([sys.executable, "-c", REPAINT_APP, str(SEEDS)], *size, env=env_for(cache), cwd=str(ROOT))
    try:
        term.wait_for(lambda s: len(s.strip()) > 100)
        term.settle(0.3)
        repaint = key_times(term, ["z"] * 40)
    finally:
        term.close()
    groups: dict[str, list[tuple[float, float]]] = {}
    term = Terminal(GISA + [str(corpus)], *size, env=env_for(cache), cwd=str(ROOT))
    try:
        term.wait_for(lambda s: "analysed" in s.split("\n", 1)[0], 300)
        term.settle(0.5)
        # (label, keys sent first and not timed, keys timed, keys sent after and not timed)
        back = "\x7f"
        plan = [
            ("list j/k", [], ["j"] * 40 + ["k"] * 20, []),
            ("list page", [], ["\x1b[6~"] * 10 + ["\x1b[5~"] * 10, []),
            ("list G/g", [], ["G", "g"] * 3, []),
            ("open article", [], ["\r", "1", "j"] * 8, []),
            (
                "reader scroll",
                ["1", "/", *long_article_query(corpus), "\r", "2"],
                ["j"] * 20 + ["\x1b[6~"] * 5 + ["g"],
                ["1", "\x1b", "\x1b"],
            ),
            ("next mention", ["2"], ["]"] * 15, ["1"]),
            ("tab", [], ["\t"] * 16, []),
            ("filter open/close", ["1"], ["/", "\x1b", "\x1b"] * 3, []),
            (
                "filter typing",
                ["1", "/"],
                [*"대통령선거", *back * 5, *"경제성장률", *back * 3, *"서울시", *back * 5, *"openai"],
                ["\x1b", "\x1b"],
            ),
            # a common phrase's closing quote: its bodies are read in a thread (0.4-1.6 s at 10k), the key's frame shows its
            # words' articles at once; Backspace (before the reading ends) stops it and shows the words again
            ("phrase quote", ["1", "/", *'"대통령 선거'], ['"', back] * 3, ["\x1b", "\x1b"]),
            ("claims table", ["4"], ["j"] * 25, []),
            ("entity list", ["3"], ["j"] * 15, []),
        ]
        for label, setup, sequence, teardown in plan:
            if only in label:
                key_times(term, setup)
                groups[label] = key_times(term, sequence)
                key_times(term, teardown)
                time.sleep(TOAST_SECONDS)  # a group's notifications (] names each mention) expire before the next group
        rss_after = term.rss_mb()
    finally:
        term.close()
    every = [v for values in groups.values() for v in values]
    rows = [("bare Textual app", bare), ("bare, whole screen", repaint), *groups.items(), ("all gisa keys", every)]
    for label, values in rows:
        if not values:
            print(f"  {label:<18} n=0    (no key of this group changed the screen)")
            continue
        first, last = [v[0] for v in values], [v[1] for v in values]
        print(
            f"  {label:<18} n={len(values):<4} first {statistics.median(first):6.1f} / p95 {p95(first):6.1f}"
            f"    last {statistics.median(last):6.1f} / p95 {p95(last):6.1f}"
        )
    print(f"  gisa's resident memory after these keys: {rss_after:.0f} MB")


def cold(corpus: Path, count: int) -> None:
    from bench.kiwi_rate import raw_kiwi

    print(f"\nCold analysis of {count} articles (no cache), against raw Kiwi over the same texts")
    subset = Path(tempfile.mkdtemp(prefix="gisa-cold-"))
    try:
        for path in sorted(corpus.glob("*.txt"))[:count]:
            shutil.copy(path, subset / path.name)
        shutil.copy(corpus / "manifest.tsv", subset / "manifest.tsv")
        raw1 = raw_kiwi(subset, 1)
        raw2 = raw_kiwi(subset, 2)
        timings = {}
        for jobs in (1, 2):
            cache = Path(tempfile.mkdtemp(prefix="gisa-cold-cache-"))
            t = time.perf_counter()
            subprocess.run(
                GISA + ["claims", str(subset), "--jobs", str(jobs), "-o", str(cache / "c.parquet")],
                env=env_for(cache),
                cwd=str(ROOT),
                check=True,
                capture_output=True,
            )
            timings[jobs] = time.perf_counter() - t
            shutil.rmtree(cache, ignore_errors=True)
        print(f"  raw Kiwi, 1 process           {raw1:6.1f} s   {count / raw1:6.1f} articles/s")
        print(f"  raw Kiwi, 2 processes         {raw2:6.1f} s   {count / raw2:6.1f} articles/s")
        for jobs, seconds in timings.items():
            raw = raw1 if jobs == 1 else raw2
            print(
                f"  gisa claims --jobs {jobs}          {seconds:6.1f} s   {count / seconds:6.1f} articles/s   "
                f"{raw1 / seconds:.2f}x raw Kiwi on one process, {raw / seconds:.2f}x raw Kiwi on {jobs}"
            )
    finally:
        shutil.rmtree(subset, ignore_errors=True)


def responsive(corpus: Path) -> None:
    print("\nKeys during a cold start of the 10k corpus (empty cache): ms from a key to the next frame")
    cache = Path(tempfile.mkdtemp(prefix="gisa-resp-"))
    term = Terminal(GISA + [str(corpus)], 200, 50, env=env_for(cache), cwd=str(ROOT))
    waits: list[tuple[float, float]] = []
    try:
        term.wait_for(lambda s: "Articles" in s, 60)
        end = time.perf_counter() + 60
        sequence = ["j", "k", "\t", "\t", "\t", "\t"]
        i = 0
        while time.perf_counter() < end and "analysed" not in term.text().split("\n", 1)[0]:
            t = term.send(sequence[i % len(sequence)])
            i += 1
            time.sleep(0.25)
            frames = term.frames_since(t)
            waits.append((t - term.started, (frames[0] - t) * 1000 if frames else float("inf")))
        status = term.text().split("\n", 1)[0]
    finally:
        term.close()
        shutil.rmtree(cache, ignore_errors=True)
    answered = [w for _, w in waits]
    print(
        f"  {len(waits)} keys over the first {waits[-1][0]:.0f} s: median {statistics.median(answered):.1f}, "
        f"p95 {p95(answered):.1f}, max {max(answered):.1f} ms"
    )
    slow = [(at, w) for at, w in waits if w > 100]
    if slow:
        print(
            "  over 100 ms: "
            + ", ".join(f"{w:.0f} ms at {at:.1f} s" if w != float("inf") else f"no frame at {at:.1f} s" for at, w in slow[:12])
        )
    print(f"  status at the end: {status.strip()[:110]}")


def main() -> int:
    args = sys.argv[1:]
    corpus = build(Path(os.environ.get("GISA_BENCH_CORPUS", "/tmp/gisa-bench-10k")))
    cache = Path(os.environ.get("GISA_BENCH_CACHE", "/tmp/gisa-bench-cache"))
    everything = not args
    if everything or "--first-frame" in args or "--keys" in args:
        t = time.perf_counter()
        subprocess.run(
            GISA + ["compare", str(corpus), "-o", str(cache / "warm.csv")],
            env=env_for(cache),
            cwd=str(ROOT),
            check=True,
            capture_output=True,
        )  # analyses once if this cache has not seen the corpus
        print(f"(10k cache ready in {time.perf_counter() - t:.1f} s)\n")
    if everything or "--first-frame" in args:
        first_frame(corpus, cache)
    if everything or "--keys" in args:
        size = next((tuple(int(x) for x in a.split("=", 1)[1].split("x")) for a in args if a.startswith("--size=")), (200, 50))
        keys(corpus, cache, next((a.split("=", 1)[1] for a in args if a.startswith("--only=")), ""), size)
    if everything or "--cold" in args:
        count = next((int(a) for a in args if a.isdigit()), 2000)
        cold(corpus, count)
    if everything or "--responsive" in args:
        responsive(corpus)
    print(f"\nmachine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
