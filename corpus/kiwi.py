"""One shared Kiwi, created lazily and used from any thread, fed in chunks.

`Kiwi()` costs about a second and half a gigabyte, so it is built once, on first use, never on the
app's first frame. Text is split into lines (and long lines into pieces) and passed as a list, which
keeps analysis linear in the text; token offsets are re-based to the article. Lines are capped well
below Kiwi's 16-bit token length.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

MAX_CHUNK = 1500  # characters per piece handed to Kiwi; far below the 65,535 token-length limit

_lock = threading.Lock()
_analysis_lock = threading.Lock()
_kiwi = None
calls = 0  # how many analyses ran in this process (the cache test reads it)


@dataclass(frozen=True, slots=True)
class Tok:
    """A morpheme with its offsets in the article text."""

    form: str
    tag: str
    start: int
    end: int


def get_kiwi():
    """The process-wide Kiwi, created on first use."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                _kiwi = Kiwi(num_workers=1)
    return _kiwi


_SENT_END = re.compile(r"(?<=[.!?。])[\"'”’)\]]*\s+")


def chunks(text: str) -> list[tuple[int, str]]:
    """(offset, piece) pairs covering `text`: lines, and long lines split at sentence ends or spaces."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            if len(line) <= MAX_CHUNK:
                out.append((pos, line))
            else:
                start = 0
                while start < len(line):
                    end = min(start + MAX_CHUNK, len(line))
                    if end < len(line):
                        cut = max((m.end() for m in _SENT_END.finditer(line, start, end)), default=-1)
                        if cut <= start:
                            cut = line.rfind(" ", start, end) + 1
                        if cut > start:
                            end = cut
                    out.append((pos + start, line[start:end]))
                    start = end
        pos += len(line) + 1
    return out


def tokenize(text: str) -> list[Tok]:
    """Morphemes of `text`, offsets into `text`."""
    global calls
    pieces = chunks(text)
    if not pieces:
        return []
    kiwi = get_kiwi()
    calls += 1
    result: list[Tok] = []
    with _analysis_lock:
        analysed = list(kiwi.tokenize([p for _, p in pieces]))
    for (offset, _piece), tokens in zip(pieces, analysed):
        for t in tokens:
            start = offset + t.start
            result.append(Tok(t.form, t.tag, start, start + t.len))
    return result


def tokenize_many(texts: Iterable[str]) -> list[list[Tok]]:
    """`tokenize` for several texts in one Kiwi call."""
    global calls
    texts = list(texts)
    all_pieces: list[tuple[int, int, str]] = []
    for index, text in enumerate(texts):
        all_pieces.extend((index, off, piece) for off, piece in chunks(text))
    results: list[list[Tok]] = [[] for _ in texts]
    if not all_pieces:
        return results
    kiwi = get_kiwi()
    calls += 1
    with _analysis_lock:
        analysed = list(kiwi.tokenize([p for _, _, p in all_pieces]))
    for (index, offset, _), tokens in zip(all_pieces, analysed):
        out = results[index]
        for t in tokens:
            start = offset + t.start
            out.append(Tok(t.form, t.tag, start, start + t.len))
    return results
