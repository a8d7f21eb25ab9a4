"""Whether Kiwi analyses the bundled articles here as it did where the SVG snapshots were recorded.

Kiwi's language model runs on a different numeric path per CPU (AVX2/AVX-512 on x86-64, NEON on ARM, a
plain path with `KIWI_ARCH_TYPE=none`), and the paths do not always agree on a morpheme: measured with
`KIWI_ARCH_TYPE=none`, the claim groups of the bundled articles change. Everything after Kiwi is the
project's own deterministic code, so a hash of Kiwi's morphemes for the bundled articles says whether a
pixel comparison of the app is meaningful on this machine. `pytest --snapshot-update` records it.
"""

from __future__ import annotations

import hashlib
import platform
from functools import lru_cache
from pathlib import Path

RECORDED = Path(__file__).resolve().parent / "kiwi-morphemes.sha256"  # beside, not in, __snapshots__ (syrupy owns that)


@lru_cache(maxsize=1)
def current() -> str:
    """sha256 of every morpheme (form, tag, offsets) Kiwi gives for the bundled articles' titles and bodies."""
    from corpus.kiwi import tokenize
    from corpus.loader import load_corpus
    from tests.conftest import SEEDS

    digest = hashlib.sha256()
    for row in load_corpus([SEEDS]).articles.sort("name").iter_rows(named=True):
        for text in (row["title"] or "", row["body"] or ""):
            for t in tokenize(text):
                digest.update(f"{t.form}\t{t.tag}\t{t.start}\t{t.end}\n".encode())
    return digest.hexdigest()


def recorded() -> str:
    return RECORDED.read_text(encoding="ascii").split()[0] if RECORDED.is_file() else ""


def record() -> None:
    RECORDED.write_text(f"{current()}  Kiwi's morphemes of corpus/articles, recorded on {platform.machine()}\n",
                        encoding="ascii")


def same() -> bool:
    return current() == recorded()


def describe() -> str:
    if same():
        return f"Kiwi analyses the bundled articles as where the SVG snapshots were recorded ({platform.machine()})"
    return (f"Kiwi analyses the bundled articles differently on this machine ({platform.machine()}, "
            f"{current()[:12]} vs recorded {recorded()[:12]}): the SVG pixel comparisons were skipped, "
            "their assertions still ran")
