"""A key fuzzer for the app: random bursts of keys, as they arrive over SSH, on the bundled and on a hostile corpus.

    .venv/bin/python bench/fuzz_keys.py                       # 10,000 keys on each corpus, seed 1
    .venv/bin/python bench/fuzz_keys.py --keys 50000 --seed 7 --corpus hostile
    .venv/bin/python bench/fuzz_keys.py --during-analysis     # keys while files are read and analysed

Every burst is queued before any key of it is handled (the way a slow link delivers keys), then the
app is let to catch up. Bursts mix pane and navigation keys with the command palette, paging, filters,
help, dialogs and the odd resize. Any exception ends the run with the seed, the burst number and the
last bursts, so that a crash can be replayed. `q`, Ctrl+C and Ctrl+Q are left out (they would only quit); a
quit chosen in the palette starts a new app and the run goes on. The test suite runs a small budget
of the same fuzzer (tests/test_fuzz_keys.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# (key, character) as the terminal driver would deliver them
_PRINTABLE = [(c, c) for c in "abcdefghijklmnoprstuvwxyz0123456789ABDGLNOPRSTQ서울"]
_NAMED = [
    ("slash", "/"),
    ("question_mark", "?"),
    ("exclamation_mark", "!"),
    ("left_square_bracket", "["),
    ("right_square_bracket", "]"),
    ("space", " "),
    ("minus", "-"),
]
_SPECIAL = [
    (k, None)
    for k in (
        "tab",
        "shift+tab",
        "escape",
        "enter",
        "backspace",
        "delete",
        "up",
        "down",
        "left",
        "right",
        "home",
        "end",
        "f1",
        "ctrl+a",
        "ctrl+e",
        "ctrl+u",
        "ctrl+w",
    )
]
_FOCUS = [("pagedown", None), ("pageup", None), ("ctrl+p", None)]  # the keys that found KeyError: 0
KEYS = _PRINTABLE + _NAMED + _SPECIAL
WEIGHTS = [1.0] * len(_PRINTABLE) + [2.0] * len(_NAMED) + [2.0] * len(_SPECIAL)
KEYS += _FOCUS + [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]
WEIGHTS += [6.0, 4.0, 5.0] + [3.0] * 4
SIZES = [(80, 24), (160, 48), (100, 30), (60, 20), (200, 50)]


@dataclass
class Stats:
    keys: int = 0
    bursts: int = 0
    apps: int = 1
    resizes: int = 0
    seconds: float = 0.0
    history: list = field(default_factory=list)


class FuzzFailure(AssertionError):
    pass


def hostile_corpus(root: Path) -> Path:
    """Files a hostile user would hand to the reader: markup, escapes, bidi, binary, FIFOs, odd names."""
    root.mkdir(parents=True, exist_ok=True)
    files = {
        "a-markup.txt": "[/] 제목 [@click=app.quit]눌러[/] [bold]굵게\n본문 [/b] 과 [link=http://x]링크[/link] 2031만명\n",
        "b-escape.txt": "제목\x1b]0;HACKED\x07\n본문\x1b]52;c;ZXZpbA==\x07 이다.\x1b[2J 3억 원\n",
        "c-bidi.txt": "제목 \u202e거꾸로\u202c\n\u2066본문\u2069 에 5천만 원과 12%가 있다.\n",
        "d-amounts.txt": "금액 목록\n" + " ".join(f"{i}억 원" for i in range(1, 400)) + "\n",
        "e-long-line.txt": "긴 줄\n" + ("가나다라마바사 " * 6000) + "\n",
        "f-nfd.txt": "\u1112\u1161\u11ab\u1100\u1173\u11af 제목\n분해된 한글 본문 2024년 3월 1일.\n",
        "g-brackets[2024] *?.txt": "괄호 이름\n본문에 [[[[[[ 가 있다. 7명.\n",
        "h-quote.txt": '"따옴표로 시작하는" 제목\n본문이다. 1조 7774억 엔.\n',
        "i-controls.txt": "제어\x00문자\x08\x7f\x9b31m 제목\n본문\x85둘째 줄\u2028셋째 줄.\n",
        "j-emoji.txt": "이모지 👩‍👩‍👧‍👦 제목 ※▲■①\n본문 · … “인용” 3.5%p 상승.\n",
    }
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "k-cp949.txt").write_bytes("한국어 제목\n씨피구사구 본문 10만 명.\n".encode("cp949"))
    (root / "l-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    (root / "m-empty.txt").write_bytes(b"")
    if not (root / "n-fifo.txt").exists():
        os.mkfifo(root / "n-fifo.txt")
    if not (root / "o-dangling.txt").is_symlink():
        os.symlink("/nonexistent/gisa", root / "o-dangling.txt")
    (root / "manifest.tsv").write_text(
        "file\tdate\tpublisher\ttitle\n"
        'h-quote.txt\t2016-06-17\t\x1b[2J신문\t"브랙시트 반대" 조 콕스 의원 사망\n'
        "a-markup.txt\tnot-a-date\t[b]굵은[/b] 신문\t[/]\n"
        "\t\t\t\n",
        encoding="utf-8",
    )
    return root


async def fuzz(
    paths: list[str] | None, total: int, seed: int, settings_file: Path, max_burst: int = 8, wait_ready: bool = True, log=None
) -> Stats:
    """Send `total` random keys in bursts to the app on `paths`; raise FuzzFailure on any exception."""
    rng = random.Random(seed)
    stats = Stats()
    started = time.monotonic()
    here = os.getcwd()
    os.chdir(settings_file.parent)  # `e` then Enter exports into the current folder: never the user's
    try:
        return await _fuzz(paths, total, rng, stats, started, settings_file, max_burst, wait_ready, log, seed)
    finally:
        os.chdir(here)


async def _fuzz(
    paths,
    total: int,
    rng: random.Random,
    stats: Stats,
    started: float,
    settings_file: Path,
    max_burst: int,
    wait_ready: bool,
    log,
    seed: int,
) -> Stats:
    from textual import events

    from tui import settings as settings_mod
    from tui.app import make_app
    from tui.screens.main import MainScreen

    while stats.keys < total:
        app = make_app(paths, settings_mod.Settings(path=settings_file))
        app.deliver_screenshot = lambda *args, **kwargs: None  # a palette pick must not write into the user's folders
        size = rng.choice(SIZES)
        error = None
        try:
            async with app.run_test(size=size, notifications=True) as pilot:
                if wait_ready:
                    for _ in range(1200):
                        main = next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)
                        if main is not None and (main.result is not None or main.stopped):
                            break
                        await pilot.pause(0.05)
                while stats.keys < total and app.is_running:
                    burst = rng.choices(KEYS, WEIGHTS, k=rng.randint(1, max_burst))
                    stats.history = (stats.history + [[k for k, _ in burst]])[-5:]
                    for key, char in burst:
                        app.post_message(events.Key(key, char))
                    await pilot.pause()
                    stats.keys += len(burst)
                    stats.bursts += 1
                    if rng.random() < 0.01:
                        await pilot.resize_terminal(*rng.choice(SIZES))
                        stats.resizes += 1
                    if app._exception is not None:
                        break
                    if log and stats.bursts % 200 == 0:
                        log(f"  {stats.keys} keys, {stats.bursts} bursts, {time.monotonic() - started:.0f} s")
                error = app._exception
                if error is None and app.is_running:
                    await pilot.press("escape", "escape", "escape")
        except Exception as exc:  # run_test raises what the app raised as it closes: report it with the seed
            error = app._exception or exc
        if error is not None:
            raise FuzzFailure(
                f"seed {seed}, burst {stats.bursts}, size {size}: {type(error).__name__}: {error}; last bursts {stats.history}"
            ) from error
        if stats.keys < total:
            stats.apps += 1  # the palette's Quit ended this one: go on with a new app
    stats.seconds = time.monotonic() - started
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=10_000, help="keys per corpus (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", choices=("bundled", "hostile", "both"), default="both")
    parser.add_argument("--max-burst", type=int, default=8)
    parser.add_argument(
        "--during-analysis",
        action="store_true",
        help="start the keys at once, while files are read and analysed (timing makes runs differ)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gisa-fuzz-"))
    os.environ.setdefault("XDG_CACHE_HOME", str(work / "cache"))
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    corpora = {"bundled": None, "hostile": [str(hostile_corpus(work / "hostile"))]}
    names = ["bundled", "hostile"] if args.corpus == "both" else [args.corpus]
    try:
        return _run(args, corpora, names, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args, corpora, names, work: Path) -> int:
    failed = False
    for name in names:
        when = "from the start" if args.during_analysis else "once analysed"
        print(f"{name}: {args.keys} keys, bursts of 1-{args.max_burst}, seed {args.seed}, {when}", flush=True)
        try:
            stats = asyncio.run(
                fuzz(
                    corpora[name],
                    args.keys,
                    args.seed,
                    work / "settings.toml",
                    args.max_burst,
                    wait_ready=not args.during_analysis,
                    log=lambda line: print(line, flush=True),
                )
            )
        except FuzzFailure as exc:
            print(f"{name}: FAILED {exc}", flush=True)
            failed = True
            continue
        print(
            f"{name}: {stats.keys} keys in {stats.bursts} bursts, {stats.resizes} resizes, {stats.apps} app(s), "
            f"no exception, {stats.seconds:.1f} s ({1000 * stats.seconds / max(stats.keys, 1):.1f} ms a key)",
            flush=True,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
