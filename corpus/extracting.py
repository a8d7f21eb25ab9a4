"""`gisa extract` without the command line: its input decoded and checked, its output in batches.

Standard input is decoded as article files are (`input_text`), split into items: plain lines, or JSON
lines `{"id": ..., "text": ...}` each checked on its own (`items`); the items are analysed by
`corpus.analysis.extract` a batch at a time, each batch rendered as JSON lines (`batches`), so that
output starts before a long input is done.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import BinaryIO

from .cleaning import clean
from .decoding import BinaryFile, decode

MAX_INPUT = 256 * 1024 * 1024  # all of the input is read first: /dev/zero must not fill the memory
BATCH = 256  # texts per Kiwi call


class InputTooLarge(Exception):
    """More input than `MAX_INPUT`; the message is one line."""


def input_text(stream: BinaryIO, limit: int = MAX_INPUT) -> str:
    """The input as text: UTF-8 (a BOM dropped), else as article files are decoded (CP949, ...); bytes
    that are no text at all are replaced, and each line is then judged on its own."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"standard input is larger than {limit // 2**20} MB; split it into several runs")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return decode(data).text
    except BinaryFile:
        return data.decode("utf-8", errors="replace")


def items(text: str, jsonl: bool = False) -> tuple[list[tuple[object, str]], list[tuple[int, str]]]:
    """(id, text) of each item, and (line number, why) of each JSON line skipped. Lines are JSON when `jsonl`
    says so or the first line is a JSON object; plain lines are numbered from 1, blank JSON lines ignored."""
    lines = text.splitlines()
    found: list[tuple[object, str]] = []
    skipped: list[tuple[int, str]] = []
    jsonl = jsonl or (bool(lines) and lines[0].lstrip().startswith("{"))
    for number, line in enumerate(lines, 1):
        if not jsonl:
            found.append((number, line))
        elif line.strip():
            item = json_item(line, number)
            if isinstance(item, str):
                skipped.append((number, item))
            else:
                found.append(item)
    return found, skipped


def json_item(line: str, number: int) -> tuple[object, str] | str:
    """(id, text) of one JSON line, or the reason it is skipped."""
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):
        return "not a JSON object"
    if not isinstance(obj, dict):
        return "not a JSON object"
    if "text" not in obj:
        return 'no "text"'
    text = obj["text"]
    if not isinstance(text, str):
        return f'"text" is {type(text).__name__ if text is not None else "null"}, not a string'
    ident = obj.get("id", number)
    if isinstance(ident, str):
        ident = clean(ident)
    elif isinstance(ident, bool) or not isinstance(ident, (int, float)) or not math.isfinite(ident):
        return '"id" is not a string or a number'
    return ident, text


def batches(found: list[tuple[object, str]], size: int = BATCH) -> Iterator[tuple[int, bytes]]:
    """The items' mentions as JSON lines (id, cleaned text, mentions), a batch at a time, with how many items
    are done after it."""
    from .analysis import extract
    from .export import json_lines

    for first in range(0, len(found), size):
        chunk = found[first : first + size]
        results = extract([text for _, text in chunk])
        records = [{"id": ident, "text": text, "mentions": mentions} for (ident, _), (text, mentions) in zip(chunk, results)]
        yield min(first + size, len(found)), json_lines(records).encode("utf-8")
