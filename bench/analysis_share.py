"""How Gisa's per-article analysis divides between Kiwi and Gisa's own work, on one core.

    python bench/analysis_share.py FOLDER [N]

Tokenizes N articles of FOLDER (default 300) with Kiwi, then times Gisa's own work on the same tokens (mentions:
rules and the CRF tagger; claims; the search words). With every core busy, cold analysis can reach at most
1 / (1 + own/Kiwi) of raw Kiwi's throughput on the same processes: the printed ceiling.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from corpus import analysis
    from corpus.kiwi import tokenize_many
    from corpus.reading import CorpusReader

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus" / "articles"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    reader = CorpusReader([str(folder)])
    reader.read(limit=count)
    bodies = [a["body"] for a in reader.articles[:count]]
    tokenize_many(bodies[:2])  # Kiwi loads its model on the first call: not counted
    t = time.perf_counter()
    tokens = tokenize_many(bodies)
    kiwi = time.perf_counter() - t
    analysis._rows(bodies[0], tokens[0])
    t = time.perf_counter()
    for body, toks in zip(bodies, tokens):
        analysis._rows(body, toks)
    own = time.perf_counter() - t
    n = len(bodies)
    print(f"{n} articles: Kiwi {kiwi / n * 1000:.1f} ms/article, Gisa's own work {own / n * 1000:.1f} ms/article ({own / kiwi:.2f}x Kiwi)")
    print(f"ceiling of cold analysis with every core busy: {1 / (1 + own / kiwi):.2f}x raw Kiwi on the same processes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
