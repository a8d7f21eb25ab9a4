"""Analysis time per character on texts dense with amounts: it must not grow with the text.

    python bench/dense.py [--sizes 10k,100k,1m,5m] [--seven] [--entities] [--mix plain|mixed]

Builds one-line texts packed with amounts ("…는 3억 원, …", or a mix with names, dates, ordinals and
brackets), runs the whole per-article analysis in this process (`corpus.analysis.rows_of`: Kiwi, the
rules, the tagger, claims and their keys, search words) and prints µs per character at each size, the
ratio of the slowest to the fastest, and the peak resident memory. `--seven` adds the 7 MB line of
issue 13; `--entities` also times `gisa entities FILE --no-cache --jobs 1` on it end to end.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_HOLDERS = ("삼성전자", "정부", "서울시", "현대차", "오픈AI", "한국은행", "국토교통부", "LG에너지솔루션", "카카오", "경기도")
_NAMES = ("김철수 씨", "샘 올트먼 CEO", "이영 장관", "박모씨", "A(37)씨", "기시다 후미오 일본 총리")
_MEASURES = ("매출", "영업이익", "예산", "투자액", "부채", "사용자 수", "직원 수", "지지율", "수출액", "확진자")
_AMOUNTS = (
    "3억 원",
    "1,200억 원",
    "45명",
    "12.5%",
    "2만 5천 명",
    "약 300억 달러",
    "1조 7774억 엔",
    "3.2%p",
    "열두 번째",
    "수백만 명",
    "5천만 원 이상",
    "20~30%",
    "세 번째",
    "7배",
    "2031만명",
    "15조 8500억 원(약 120억 달러)",
)
_DATES = ("2024년 3월 5일", "지난해", "오는 12일", "올해 상반기", "이날", "오후 3시", "2023-04-11")


def plain_text(size: int) -> str:
    """One line of "…는 3억 원, " items, `size` characters (no sentence end anywhere)."""
    unit = "회사는 3억 원, "
    return (unit * (size // len(unit) + 1))[:size]


def mixed_text(size: int, seed: int = 13) -> str:
    """One line of a realistic mix: holders, names, measures, dates and amounts, commas between them."""
    rng = random.Random(seed)
    parts: list[str] = []
    n = 0
    while n < size:
        item = (
            f"{rng.choice(_DATES)} {rng.choice(_HOLDERS)}의 {rng.choice(_MEASURES)}는 {rng.choice(_AMOUNTS)}, "
            f"{rng.choice(_NAMES)}는 {rng.choice(_AMOUNTS)}을 기록했고 "
        )
        parts.append(item)
        n += len(item)
    return "".join(parts)[:size]


def amounts(text: str) -> int:
    from corpus.numbers import find_quantities

    return sum(1 for q in find_quantities(text) if q.kind != "identifier")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_rows(text: str) -> tuple[float, float, dict]:
    """CPU seconds (this process, all threads: steady when other work shares the machine), wall seconds, rows."""
    from corpus.analysis import rows_of

    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    rows = rows_of(text)
    return time.process_time() - cpu, time.perf_counter() - wall, rows


def parse_size(s: str) -> int:
    s = s.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(s[-1:], 1)
    return int(float(s.rstrip("km")) * scale)


def entities_run(text: str) -> tuple[float, int]:
    """Seconds and exit code of `gisa entities FILE --no-cache --jobs 1` on `text`, in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dense.txt"
        path.write_text("빽빽한 금액\n" + text + "\n", encoding="utf-8")
        env = dict(os.environ, XDG_CACHE_HOME=str(Path(tmp) / "cache"), XDG_CONFIG_HOME=str(Path(tmp) / "config"))
        gisa = Path(sys.executable).parent / "gisa"
        t = time.perf_counter()
        done = subprocess.run(
            [str(gisa), "entities", str(path), "--no-cache", "--jobs", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        seconds = time.perf_counter() - t
        if done.returncode:
            print(done.stderr[-2000:], file=sys.stderr)
        return seconds, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1m,5m", help="comma list of sizes in characters (10k, 1m …)")
    parser.add_argument("--mix", choices=("plain", "mixed"), default="mixed")
    parser.add_argument("--seven", action="store_true", help="also the 7 MB line of issue 13")
    parser.add_argument("--entities", action="store_true", help="time `gisa entities` on the 7 MB file end to end")
    parser.add_argument("--tolerance", type=float, default=1.3, help="largest allowed ratio of slowest to fastest µs/char")
    args = parser.parse_args()
    make = plain_text if args.mix == "plain" else mixed_text
    sizes = [parse_size(s) for s in args.sizes.split(",")]

    from corpus.kiwi import get_kiwi

    get_kiwi()
    time_rows(make(2_000))  # warm up: Kiwi's first analysis, the tagger, the lists
    print(f"{'characters':>10} {'amounts':>9} {'claims':>8} {'CPU s':>8} {'wall s':>8} {'µs/char':>8} {'peak MB':>8}")
    per_char: list[float] = []
    for size in sizes + ([7_000_000] if args.seven else []):
        text = make(size)
        cpu, wall, rows = time_rows(text)
        us = cpu / len(text) * 1e6
        if size in sizes:
            per_char.append(us)
        print(
            f"{len(text):>10,} {amounts(text):>9,} {len(rows['claims']):>8,} {cpu:>8.2f} {wall:>8.2f} {us:>8.2f} {peak_mb():>8.0f}",
            flush=True,
        )
        del rows
    ratio = max(per_char) / min(per_char)
    print(f"µs per character (CPU), slowest/fastest over {', '.join(args.sizes.split(','))}: {ratio:.2f}")
    if args.entities:
        seconds, code = entities_run(make(7_000_000))
        print(f"gisa entities FILE --no-cache --jobs 1 on 7,000,000 characters: {seconds:.1f} s (exit {code})")
    return 0 if ratio <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
