"""Whether Kiwi itself analyses text here as it did where the SVG snapshots were recorded.

Kiwi's language model runs on a different numeric path per CPU (AVX2/AVX-512 on x86-64, NEON on ARM, a
plain path with `KIWI_ARCH_TYPE=none`), and the paths do not always agree on a morpheme: measured with
`KIWI_ARCH_TYPE=none`, the claim groups of the bundled articles change. The fingerprint is a hash of raw
`kiwipiepy` morphemes of the bundled articles' files, read as bytes with no project code in between, plus
kiwipiepy's and its model's versions: a change to Gisa's own chunking, cleaning or analysis never moves
it, so on the recording machine such a change still fails the pixel comparison. `pytest --snapshot-update`
records it, once every snapshot test has passed in that run (tests/conftest.py).
"""

from __future__ import annotations

import hashlib
import platform
from functools import lru_cache
from importlib import metadata
from pathlib import Path

RECORDED = Path(__file__).resolve().parent / "kiwi-morphemes.sha256"  # beside, not in, __snapshots__ (syrupy owns that)
ARTICLES = Path(__file__).resolve().parent.parent / "corpus" / "articles"
updated: set[str] = set()  # snapshot tests that passed in an update run


def _versions() -> str:
    return " ".join(f"{p}=={metadata.version(p)}" for p in ("kiwipiepy", "kiwipiepy_model"))


@lru_cache(maxsize=1)
def current() -> str:
    """sha256 of raw Kiwi's morphemes (form, tag, offsets) of the bundled articles, with Kiwi's versions."""
    from corpus.kiwi import get_kiwi  # the session's one Kiwi: a plain `Kiwi(num_workers=1)`, called directly

    kiwi = get_kiwi()
    digest = hashlib.sha256(_versions().encode())
    for path in sorted(ARTICLES.glob("*.txt")):
        for line in path.read_bytes().decode("utf-8").splitlines():
            for t in kiwi.tokenize(line):
                digest.update(f"{t.form}\t{t.tag}\t{t.start}\t{t.len}\n".encode())
    return digest.hexdigest()


def recorded() -> str:
    return RECORDED.read_text(encoding="ascii").split()[0] if RECORDED.is_file() else ""


def record() -> None:
    RECORDED.write_text(
        f"{current()}  raw Kiwi morphemes of corpus/articles, {_versions()}, recorded on {platform.machine()}\n", encoding="ascii"
    )


def same() -> bool:
    return current() == recorded()


def describe() -> str:
    if same():
        return f"Kiwi analyses the bundled articles as where the SVG snapshots were recorded ({platform.machine()})"
    return (
        f"Kiwi ({_versions()}) analyses the bundled articles differently on this machine "
        f"({platform.machine()}, {current()[:12]} vs recorded {recorded()[:12]}): the SVG pixel comparisons were "
        "skipped, their assertions still ran"
    )
