"""Per-key latency of two source trees at 10k articles, launched in turn in the same run: a change's effect
measured against its baseline on the same machine phase (a run's p95 moves by several ms with the machine).

    git worktree add /tmp/gisa-base <commit>
    python bench/keys_ab.py /tmp/gisa-base                      # four rounds, every group
    python bench/keys_ab.py /tmp/gisa-base --rounds=6 --groups=typing,page
    python bench/keys_ab.py /tmp/gisa-base --baseline-cache=/tmp/gisa-base-cache   # a baseline of another snapshot format

Each round launches both trees (in alternating order) in a 200x50 pseudo-terminal on the warm 10k corpus of
`bench/startup.py` and times, per key, the last frame it causes (`bench/startup.py`'s `key_times`). This
tree's interpreter runs both; each imports its own `corpus` and `tui` (the working directory comes first).
Groups: typing (words typed and taken back), first (a query's first letter into the empty filter box, then
Backspace: the whole screen changes), page, open, jk, tab.
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus10k import build  # noqa: E402
from bench.startup import GISA, env_for, key_times, p95  # noqa: E402
from bench.terminal import Terminal  # noqa: E402

BACK = "\x7f"
# group -> (keys sent first, keys timed, keys sent after)
GROUPS = {
    "typing": (["1", "/"], [*"대통령선거", *BACK * 5, *"경제성장률", *BACK * 3, *"서울시", *BACK * 5, *"openai"], ["\x1b", "\x1b"]),
    "first": (["1", "/"], [*"대", BACK, *"경", BACK, *"서", BACK, *"삼", BACK, *"오", BACK, *"정", BACK] * 2, ["\x1b", "\x1b"]),
    "page": (["1"], ["\x1b[6~"] * 10 + ["\x1b[5~"] * 10, []),
    "open": (["1"], ["\r", "1", "j"] * 8, []),
    "jk": (["1"], ["j"] * 30 + ["k"] * 10, []),
    "tab": (["1"], ["\t"] * 16, []),
}


def main() -> int:
    args = sys.argv[1:]
    paths = [a for a in args if not a.startswith("--")]
    if len(paths) != 1 or not (Path(paths[0]) / "tui").is_dir():
        print(__doc__)
        return 2
    options = dict(a[2:].split("=", 1) for a in args if a.startswith("--") and "=" in a)
    rounds = int(options.get("rounds", 4))
    groups = options.get("groups", ",".join(GROUPS)).split(",")
    corpus = build(Path(os.environ.get("GISA_BENCH_CORPUS", "/tmp/gisa-bench-10k")))
    cache = Path(os.environ.get("GISA_BENCH_CACHE", "/tmp/gisa-bench-cache"))
    caches = {"baseline": Path(options.get("baseline-cache", cache)), "this tree": cache}  # (a snapshot format of its own)
    trees = {"baseline": Path(paths[0]).resolve(), "this tree": ROOT}
    found: dict[tuple[str, str], list[float]] = {(t, g): [] for t in trees for g in groups}
    for round_ in range(rounds):
        order = list(trees.items()) if round_ % 2 == 0 else list(reversed(trees.items()))
        for name, tree in order:
            term = Terminal(GISA + [str(corpus)], 200, 50, env=env_for(caches[name]), cwd=str(tree))
            try:
                term.wait_for(lambda s: "analysed" in s.split("\n", 1)[0], 300)
                term.settle(0.5)
                for group in groups:
                    before, timed, after = GROUPS[group]
                    key_times(term, before)
                    found[(name, group)] += [last for _, last in key_times(term, timed)]
                    key_times(term, after)
            finally:
                term.close()
    print(f"Per-key latency at 10k, 200x50, last frame (median / p95 ms), {rounds} rounds, trees launched in turn")
    for group in groups:
        cells = [f"{name} {statistics.median(found[(name, group)]):5.1f} / {p95(found[(name, group)]):5.1f}" for name in trees]
        print(f"  {group:<7} n={len(found[('this tree', group)]):<4} " + "    ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
