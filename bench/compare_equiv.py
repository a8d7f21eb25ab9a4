"""Does the fast `corpus.compare.compare()` give exactly what the reference implementation gives?

    python bench/compare_equiv.py                    # all corpora: bundled, wikinews, planted (seed 1), 10k
    python bench/compare_equiv.py --only bundled wikinews
    python bench/compare_equiv.py --work /tmp/gisa-equiv   # where corpora and their analysis caches live

The reference is the pair-by-pair `corpus/compare.py` as it was before the scaling work (7bc65e2), with the
one fix made since in both (`_key_weakness`: a measure named on one side only costs 1 whichever side). It is
read from the repository's history (`bench/_compare_reference.py` at 555d858f39d5), not kept as a second copy
in the tree; without the history, `--no-reference` times the new implementation alone. For each corpus the
analysis is read once (cached under --work, never the user's cache), then both implementations compare it and
the script prints whether the groups and checks frames are identical (same rows, same order, same values,
every column), the time of each (CPU time of the best of --repeat runs) and the ratio. The 10k corpus is
bench/corpus10k.py's; the planted one is bench/compare.py's (--seeds, 1 by default: 60 conflict and 60 agree
plants mixed into Wikinews).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import polars as pl  # noqa: E402

CORPORA = ("bundled", "wikinews", "planted", "10k")


def _folder(name: str, work: Path, seed: int = 1) -> Path:
    if name == "bundled":
        return ROOT / "corpus" / "articles"
    if name == "wikinews":
        from compare import SHARED

        return SHARED / "articles"
    if name == "planted":
        from compare import SHARED, build

        target = work / f"planted-{seed}"
        if not (target / "manifest.tsv").exists():
            target.mkdir(parents=True, exist_ok=True)
            build(target, SHARED, 60, 60, seed)
        return target
    from corpus10k import build as build10k

    return build10k(work / "10k", 10_000)


def _analysis(name: str, work: Path, seed: int = 1):
    from corpus.loader import load_corpus
    from corpus.pipeline import analyse_corpus

    os.environ["XDG_CACHE_HOME"] = str(work / f"{name}-cache")
    corpus = load_corpus([_folder(name, work, seed)])
    a = analyse_corpus(corpus, use_cache=True, with_comparison=False).analysis
    return corpus.articles, a.mentions, a.entities, a.claims


def _timed(fn, args, repeat: int):
    best, out = float("inf"), None
    for _ in range(repeat):
        started = time.process_time()
        out = fn(*args)
        best = min(best, time.process_time() - started)
    return best, out


def _diff(name: str, ref: pl.DataFrame, new: pl.DataFrame) -> str:
    if ref.schema != new.schema:
        return f"{name}: schemas differ {ref.schema} vs {new.schema}"
    if ref.height != new.height:
        return f"{name}: {ref.height} rows vs {new.height}"
    for col in ref.columns:
        if not ref[col].equals(new[col]):
            rows = [i for i, (x, y) in enumerate(zip(ref[col].to_list(), new[col].to_list())) if x != y]
            return f"{name}: column {col} differs in {len(rows)} rows, first {rows[0]}: {ref[col][rows[0]]!r} vs {new[col][rows[0]]!r}"
    return ""


REFERENCE_COMMIT = "555d858f39d5dd17d99374609780e37d298fca93"


def _reference():
    """The reference implementation, loaded from the commit that last held it."""
    import subprocess
    import types

    try:
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{REFERENCE_COMMIT}:bench/_compare_reference.py"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        sys.exit(f"compare_equiv: the reference is read from git history ({exc}); use --no-reference without it")
    module = types.ModuleType("_compare_reference")
    sys.modules[module.__name__] = module  # dataclasses look their module up while the class is made
    exec(compile(source, f"{REFERENCE_COMMIT[:12]}:bench/_compare_reference.py", "exec"), module.__dict__)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="+", choices=CORPORA, default=list(CORPORA))
    parser.add_argument("--work", default="/tmp/gisa-compare-equiv")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each implementation (best CPU time kept)")
    parser.add_argument("--no-reference", action="store_true", help="time the new implementation only")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1], help="plantings for the planted corpus (default 1)")
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    reference = None if args.no_reference else _reference()

    from corpus import compare as fast

    same_everywhere = True
    for name, seed in [(n, s) for n in args.only for s in (args.seeds if n == "planted" else [1])]:
        frames = _analysis(name, work, seed)
        stats: dict = {}
        t_new, (groups, checks) = _timed(lambda *a, stats=stats: fast.compare(*a, stats=stats), frames, args.repeat)
        label = f"planted-{seed}" if name == "planted" else name
        line = (
            f"{label:<10} {frames[0].height:>6} articles {frames[3].height:>7} claims: new {t_new:6.2f} s CPU, "
            f"{groups.height} groups, {checks.height} checks"
        )
        if args.no_reference:
            print(line, flush=True)
            continue
        t_ref, (ref_groups, ref_checks) = _timed(reference.compare, frames, args.repeat)
        problems = [p for p in (_diff("groups", ref_groups, groups), _diff("checks", ref_checks, checks)) if p]
        same_everywhere &= not problems
        print(
            f"{line}; reference {t_ref:6.2f} s ({t_ref / max(t_new, 1e-9):.1f}x); "
            f"{'IDENTICAL' if not problems else 'DIFFERENT: ' + '; '.join(problems)}",
            flush=True,
        )
    return 0 if same_everywhere else 1


if __name__ == "__main__":
    sys.exit(main())
