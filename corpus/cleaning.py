"""Cleaning text once, at ingestion, so that what is analysed is exactly what is displayed.

Newlines become `\\n`; terminal escape sequences (CSI, OSC, DCS, SOS/PM/APC and the rest), C0 and C1
controls, bidi overrides, zero-width characters and lone surrogates are removed; the result is NFC.
Every offset in Gisa refers to text that went through `clean`.
"""

from __future__ import annotations

import re
import unicodedata

# String-type sequences end at BEL or ST (ESC \\ or 0x9C); an unterminated one runs to the end.
_STRING_SEQ = re.compile(r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|$)", re.S)
_CSI = re.compile(r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?")
_ESC_OTHER = re.compile(r"\x1b[\x20-\x2f]*[\x30-\x7e]?")
_NEWLINES = re.compile(r"\r\n|\r|\x85|\u2028|\u2029|\x0b|\x0c")
_INVISIBLE = re.compile(
    "["
    "\x00-\x08\x0e-\x1f\x7f-\x9f"  # C0 (but tab, newline) and C1 controls
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u200b-\u200d\u2060-\u2064\ufeff\u00ad"  # zero-width characters, soft hyphen
    "\ufff9-\ufffb"  # interlinear annotation
    "\ud800-\udfff"  # lone surrogates
    "]"
)
_TRAILING_SPACE = re.compile(r"(?<![ \t])[ \t]+\n")  # from the run's start only: a long run of spaces stays linear


_NEEDS_WORK = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]")


def is_clean(text: str) -> bool:
    """Whether `clean` leaves every line of `text` as it is, once each line is stripped of spaces."""
    return not _NEEDS_WORK.search(text) and unicodedata.is_normalized("NFC", text)


def clean(text: str) -> str:
    """Return the one cleaned, NFC-normalised form of `text`."""
    if not _NEEDS_WORK.search(text) and unicodedata.is_normalized("NFC", text):
        return _TRAILING_SPACE.sub("\n", text).strip("\n ")
    text = _NEWLINES.sub("\n", text)
    text = _STRING_SEQ.sub("", text)
    text = _CSI.sub("", text)
    text = _ESC_OTHER.sub("", text)
    text = text.replace("\t", " ")
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _TRAILING_SPACE.sub("\n", text)
    return text.strip("\n ")


def scrub(text: str) -> str:
    """`text` with escape sequences, controls (tabs become spaces), bidi and invisible characters removed and
    newlines made `\\n`, but otherwise as it was (no NFC, no trimming): data such as a path, made safe to print."""
    if not _NEEDS_WORK.search(text):
        return text
    text = _NEWLINES.sub("\n", text)
    text = _STRING_SEQ.sub("", text)
    text = _CSI.sub("", text)
    text = _ESC_OTHER.sub("", text)
    return _INVISIBLE.sub("", text.replace("\t", " "))


def safe_label(text: str, limit: int = 200) -> str:
    """A file name or title cleaned for one terminal line."""
    text = clean(text).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
