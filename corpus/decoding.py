"""Turning bytes into text in a fixed, predictable order.

BOM (UTF-32, UTF-8, UTF-16), then strict UTF-8, then strict CP949 (a superset of EUC-KR), then UTF-8
with replacement characters, flagged as repaired. Encoding detectors guess wrong on short Korean text,
so none is used. Binary files are recognised and refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3", "SQLite database"),
)


@dataclass(frozen=True)
class Decoded:
    """Text decoded from a file, the encoding used and whether bytes had to be replaced."""

    text: str
    encoding: str
    repaired: bool


class BinaryFile(ValueError):
    """The bytes are not text."""


def _looks_binary(data: bytes) -> str | None:
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if b"\x00" in data[:65536]:
        return "binary data (NUL bytes)"
    return None


_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:65536]
    return len(_CONTROLS.findall(sample)) / len(sample)


def decode(data: bytes) -> Decoded:
    """Decode article bytes; raise BinaryFile when they are not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return Decoded(body.decode(encoding), encoding, False)
            except UnicodeDecodeError:
                return Decoded(body.decode(encoding, errors="replace"), encoding, True)
    reason = _looks_binary(data)
    if reason:
        raise BinaryFile(reason)
    try:
        result = Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        repaired = data.decode("utf-8", errors="replace")
        broken = repaired.count("\ufffd")
        # A long UTF-8 text with a handful of broken bytes stays UTF-8: strict CP949 can
        # accidentally accept such bytes and would turn the whole file into mojibake.
        if broken * 50 < len(repaired) and len(repaired) >= 200:
            result = Decoded(repaired, "utf-8", True)
        else:
            try:
                result = Decoded(data.decode("cp949"), "cp949", False)
            except UnicodeDecodeError:
                result = Decoded(repaired, "utf-8", True)
    if _control_ratio(result.text) > 0.10:
        raise BinaryFile("binary data (mostly control characters)")
    return result
