"""Raw Kiwi over a corpus's article bodies, in N processes: the baseline for Gisa's cold analysis.

    python bench/kiwi_rate.py FOLDER [N]

The texts are exactly what Gisa hands Kiwi (bodies cut into the same pieces); each process starts
Python, builds its own Kiwi and tokenizes its share, as Gisa's workers do. Prints seconds and articles/s.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _tokenize(pieces: list[str]) -> int:
    from kiwipiepy import Kiwi

    kiwi = Kiwi(num_workers=1)
    return sum(len(tokens) for tokens in kiwi.tokenize(pieces))


def pieces_of(folder: Path) -> tuple[int, list[list[str]]]:
    """How many articles, and each article's pieces as Gisa cuts them."""
    from corpus.kiwi import chunks
    from corpus.reading import CorpusReader

    reader = CorpusReader([str(folder)])
    reader.read()
    return len(reader.articles), [[p for _, p in chunks(a["body"])] for a in reader.articles]


def raw_kiwi(folder: Path, processes: int) -> float:
    """Seconds for `processes` fresh processes to tokenize every article of `folder` with raw Kiwi."""
    _, per_article = pieces_of(folder)
    shares = [[p for article in per_article[i::processes] for p in article] for i in range(processes)]
    context = multiprocessing.get_context("spawn")
    t = time.perf_counter()
    with context.Pool(processes) as pool:
        pool.map(_tokenize, shares)
    return time.perf_counter() - t


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    count, _ = pieces_of(folder)
    seconds = raw_kiwi(folder, n)
    print(f"raw Kiwi, {n} process(es): {count} articles in {seconds:.1f} s, {count / seconds:.1f} articles/s")
