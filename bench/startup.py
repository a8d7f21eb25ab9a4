"""Startup and per-key latency of the reader, beside a bare Textual app measured in the same run.

    python bench/startup.py                 # seeds and a 10,000-article corpus from ../shared/data/wikinews-ko
    python bench/startup.py --first-frame   # only the launch figures (half a minute)
    GISA_BENCH_CACHE=DIR python bench/startup.py --keys   # only per-key latency, with a warm 10k cache in DIR

Prints: time from launching the process to the first frame that shows article titles, cold (empty
cache) and warm, for the seed corpus and the 10k corpus; a bare Textual app's first frame; the time
to analyse the 10k corpus cold and to load it warm; and per-key latency (median, p95) at 10k articles.
Figures, not assertions: tests never time anything.
"""

from __future__ import annotations

import asyncio
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

# Both apps are timed the same way: at the first frame put out (turned into terminal bytes, as a
# terminal session would) that shows what the user waits for: article titles, or the bare app's text.
FRAME_HOOK = r"""
import os, sys, time
T0 = float(os.environ["BENCH_T0"])
def time_first_frame(app, ready):
    from textual._compositor import CompositorUpdate
    display = app._display
    def timed(screen, renderable):
        display(screen, renderable)
        if isinstance(renderable, CompositorUpdate) and ready():
            renderable.render_segments(app.console)
            print(f"{time.time() - T0:.4f}", flush=True)
            os._exit(0)
    app._display = timed
"""

FRAME_GISA = FRAME_HOOK + r"""
from tui.app import make_app
from tui import settings
from tui.widgets.article_list import ArticleTable
app = make_app(sys.argv[1:] or None, settings.Settings())
def titles_shown():
    found = app.screen.query(ArticleTable)
    return bool(found) and found.first().row_count > 0
time_first_frame(app, titles_shown)
app.run(headless=True, size=(120, 40))
"""

FRAME_BARE = FRAME_HOOK + r"""
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
app = Bare()
time_first_frame(app, lambda: True)
app.run(headless=True, size=(120, 40))
"""


def first_frame(script: str, args: list[str], cache: Path) -> float:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), XDG_CONFIG_HOME=str(cache / "config"))
    # As on a user's machine, compiled bytecode is kept between launches (this workplace sets
    # PYTHONDONTWRITEBYTECODE, which would recompile every module of both apps at each launch).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["BENCH_T0"] = repr(time.time())
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    return float(out.stdout.strip().splitlines()[-1])


def median_of(n: int, fn) -> float:
    return statistics.median(fn() for _ in range(n))


def record_frames(app) -> list[float]:
    """Times at which the app puts a frame out, including the cost of turning it into terminal bytes.

    Headless, Textual skips that last step; here it is done as a terminal session would do it, so
    that the figures do not flatter the app."""
    from textual._compositor import CompositorUpdate

    frames: list[float] = []
    display = app._display

    def timed(screen, renderable) -> None:
        display(screen, renderable)
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
            frames.append(time.perf_counter())

    app._display = timed
    return frames


async def drive(app, pilot, frames: list[float], keys: list[str], settle: float = 0.15) -> list[tuple[float, float, float]]:
    """Press each key, then let the app settle: (first frame, last frame, cpu) in ms for each key.

    First frame: from the key to the first frame that shows its effect (the cursor moved, the pane
    changed). Last frame: to the last frame it caused, which for the article list includes the
    preview of the article, deliberately started 80 ms after the cursor comes to rest. cpu: process
    time from the key until the app settled, the test harness's own share included."""
    out = []
    for key in keys:
        await pilot.pause()
        frames.clear()
        t, c = time.perf_counter(), time.process_time()
        await pilot.press(key)
        await pilot.pause()
        await asyncio.sleep(settle)
        await pilot.pause()
        cpu = (time.process_time() - c) * 1000
        shown = [f for f in frames if f > t]
        if shown:
            out.append(((shown[0] - t) * 1000, (shown[-1] - t) * 1000, cpu))
    return out


async def bare_floor() -> float:
    """Median CPU ms per key for a bare Textual app driven the same way: the harness's own share."""
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("hello")

    cpu = []
    async with Bare().run_test(size=(200, 50)) as pilot:
        for _ in range(40):
            c = time.process_time()
            await pilot.press("z")
            await pilot.pause()
            await asyncio.sleep(0.15)
            await pilot.pause()
            cpu.append((time.process_time() - c) * 1000)
    return statistics.median(cpu)


async def key_latency(corpus: Path, cache: Path) -> dict[str, list[tuple[float, float, float]]]:
    os.environ["XDG_CACHE_HOME"] = str(cache)
    os.environ["XDG_CONFIG_HOME"] = str(cache / "config")
    from tui import settings
    from tui.app import make_app
    from tui.screens.main import MainScreen
    from tui.widgets.article_list import ArticleList

    app = make_app([str(corpus)], settings.Settings(low_bandwidth=True))
    frames = record_frames(app)
    times: dict[str, list[tuple[float, float, float]]] = {}
    async with app.run_test(size=(200, 50)) as pilot:
        screen = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        while screen.result is None:
            await pilot.pause(0.1)
        await pilot.pause(0.5)

        async def press(label: str, *keys: str) -> None:
            times.setdefault(label, []).extend(await drive(app, pilot, frames, list(keys)))

        await press("list j/k", *(["j"] * 60 + ["k"] * 40))
        await press("list page", *(["pagedown"] * 10 + ["pageup"] * 10))
        await press("list G/g", "G", "g", "G", "g")
        await press("open article", *(["enter", "1", "j"] * 10))
        longest = screen.corpus.articles.sort(screen.corpus.articles["body"].str.len_chars(), descending=True)["id"][0]
        screen.query_one(ArticleList).select(longest)  # a long article, so that scrolling has somewhere to go
        await press("reader scroll", *(["2"] + ["j"] * 30 + ["pagedown"] * 5 + ["g"]))
        await press("next mention", *(["right_square_bracket"] * 20))
        await press("tab between panes", *(["tab"] * 16))
        await press("filter typing", "1", "slash", *"대통령", "escape", "escape")
        await press("claims table", "4", *(["j"] * 30))
        await press("entity list", "3", *(["j"] * 20), "a", *(["j"] * 10), "a")
    return times


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def print_latency(floor_cpu: float, times: dict[str, list[tuple[float, float, float]]]) -> None:
    print("\nPer-key latency at 10,000 articles, analysis done, 200x50, ms, median / p95")
    print("(first frame: key to the first frame showing its effect; last frame: to the last one it caused,")
    print(" the article list's 80 ms preview delay included; cpu: process time per key, harness included)")
    print(f"  {'bare Textual app':<20} n=40                                          cpu {floor_cpu:5.1f}")
    every: list[tuple[float, float, float]] = []
    for label, values in [*times.items(), ("all keys", None)]:
        values = every if values is None else values
        if values is not every:
            every += values
        first, last, cpu = ([v[i] for v in values] for i in range(3))
        print(f"  {label:<20} n={len(values):<4} first frame {statistics.median(first):5.1f} / {p95(first):5.1f}"
              f"   last frame {statistics.median(last):5.1f} / {p95(last):5.1f}"
              f"   cpu {statistics.median(cpu):5.1f} / {p95(cpu):5.1f}")


def main() -> int:
    only_first_frame = "--first-frame" in sys.argv
    from bench.corpus10k import build

    work = Path(tempfile.mkdtemp(prefix="gisa-bench-"))
    seeds = ROOT / "corpus" / "articles"
    try:
        corpus = build(Path(os.environ.get("GISA_BENCH_CORPUS", "/tmp/gisa-bench-10k")))
        reuse = os.environ.get("GISA_BENCH_CACHE")  # a warm 10k cache from an earlier run skips the 3-minute analysis
        if "--keys" in sys.argv:
            if not reuse:
                print("--keys needs GISA_BENCH_CACHE: a cache folder that holds the 10k corpus's analysis")
                return 2
            print_latency(asyncio.run(bare_floor()), asyncio.run(key_latency(corpus, Path(reuse))))
            return 0
        print("First frame with article titles (median of 7 interleaved launches after one warm-up, seconds from process start)")
        first_frame(FRAME_BARE, [], work / "bare")
        first_frame(FRAME_GISA, [], work / "warmup")  # compiles and caches bytecode for both apps
        seeds_warm_cache = work / "warm-seeds"
        subprocess.run([sys.executable, "-m", "tui", "claims", str(seeds), "--format", "csv"], capture_output=True, cwd=ROOT,
                       env=dict(os.environ, XDG_CACHE_HOME=str(seeds_warm_cache)), check=True)
        # interleaved launches, so that drift in the machine's load hits both apps alike
        bares, colds, warms = [], [], []
        for _ in range(7):
            bares.append(first_frame(FRAME_BARE, [], work / "bare"))
            shutil.rmtree(work / "cold", ignore_errors=True)
            colds.append(first_frame(FRAME_GISA, [], work / "cold"))
            warms.append(first_frame(FRAME_GISA, [], seeds_warm_cache))
        bare, warm = statistics.median(bares), statistics.median(warms)
        print(f"  bare Textual app                    {bare:.3f}")
        print(f"  gisa, seeds, cold cache             {statistics.median(colds):.3f}")
        print(f"  gisa, seeds, warm cache             {warm:.3f}   ({warm / bare:.2f}x the bare app)")

        def cold(args):
            def run():
                shutil.rmtree(work / "cold", ignore_errors=True)
                return first_frame(FRAME_GISA, args, work / "cold")
            return run

        print(f"  gisa, 10k articles, cold cache      {median_of(3, cold([str(corpus)])):.3f}")
        if only_first_frame:
            return 0

        cache10k = Path(reuse) if reuse else work / "warm-10k"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tui", "claims", str(corpus), "-o", str(work / "claims.parquet")],
                       capture_output=True, cwd=ROOT, env=dict(os.environ, XDG_CACHE_HOME=str(cache10k)), check=True)
        analysed = time.perf_counter() - t
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tui", "claims", str(corpus), "-o", str(work / "claims2.parquet")],
                       capture_output=True, cwd=ROOT, env=dict(os.environ, XDG_CACHE_HOME=str(cache10k)), check=True)
        warm_analysis = time.perf_counter() - t
        bares10k, warms10k = [], []
        for _ in range(5):  # interleaved again: the analysis above leaves the machine busy for a while
            bares10k.append(first_frame(FRAME_BARE, [], work / "bare"))
            warms10k.append(first_frame(FRAME_GISA, [str(corpus)], cache10k))
        bare10k, warm10k = statistics.median(bares10k), statistics.median(warms10k)
        print(f"  gisa, 10k articles, warm cache      {warm10k:.3f}   ({warm10k / bare10k:.2f}x the bare app's "
              f"{bare10k:.3f} in the same rounds)")
        first_run = "reused cache, so not cold" if reuse else "cold"
        print(f"\nWhole analysis of 10k articles (gisa claims): first run {analysed:.1f} s ({first_run}), "
              f"warm {warm_analysis:.1f} s")

        floor_cpu = asyncio.run(bare_floor())
        print_latency(floor_cpu, asyncio.run(key_latency(corpus, cache10k)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
