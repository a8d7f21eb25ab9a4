"""Results for people and scripts: aligned tables, CSV, JSON lines and Parquet, rendered to bytes.

Rendering is separate from writing (`corpus.output`): a command computes its whole output first and
writes only when it has something to write. Every string column is scrubbed of escape sequences,
controls and bidi overrides (`corpus.cleaning.scrub`) in every format: a file name or a manifest
field never reaches a terminal raw, even through `cat` of a CSV file.
"""

from __future__ import annotations

import io
import json
import os
import sys
from typing import Any

import polars as pl

from .cleaning import safe_label, scrub
from .table import table

_SUFFIXES = {".parquet": "parquet", ".json": "json", ".jsonl": "json", ".csv": "csv"}
# The characters that make `scrub` work, for a quick Polars test of whole columns (most have none);
# a test checks it against `corpus.cleaning`. (Polars strings cannot hold lone surrogates.)
DIRTY = (
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\x{ad}\x{61c}\x{200b}-\x{200f}\x{2028}-\x{202e}\x{2060}-\x{2069}"
    r"\x{feff}\x{fff9}-\x{fffb}]"
)


def output_format(fmt: str | None, output: str | None) -> str:
    """The format asked for, or the one the destination implies: a table on a terminal, CSV in a pipe,
    and for a file the one its suffix names (CSV otherwise)."""
    if fmt:
        return fmt
    if output is None or output == "-":
        return "table" if sys.stdout.isatty() else "csv"
    return _SUFFIXES.get(os.path.splitext(output)[1].lower(), "csv")


def json_lines(rows: list[dict[str, Any]]) -> str:
    """One JSON object a line (dates as ISO text)."""
    return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)


def _scrub_series(s: pl.Series) -> pl.Series:
    if s.dtype == pl.String:
        if not s.str.contains(DIRTY).any():
            return s
        return pl.Series(s.name, [None if v is None else scrub(v) for v in s.to_list()], dtype=pl.String)
    if s.dtype == pl.List(pl.String):
        if not s.explode().str.contains(DIRTY).any():
            return s
        return pl.Series(
            s.name, [None if row is None else [None if v is None else scrub(v) for v in row] for row in s.to_list()], dtype=s.dtype
        )
    return s


def scrub_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every string (and list-of-string) column scrubbed."""
    return frame.with_columns([_scrub_series(frame[c]) for c, t in frame.schema.items() if t in (pl.String, pl.List(pl.String))])


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """List columns joined with '; ', for formats that hold one value a cell."""
    return frame.with_columns(
        [pl.col(c).list.eval(pl.element().cast(pl.String)).list.join("; ") for c, t in frame.schema.items() if isinstance(t, pl.List)]
    )


def render(
    frame: pl.DataFrame,
    fmt: str,
    human: pl.DataFrame | None = None,
    width: int | None = None,
    keep: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
    ends: tuple[str, ...] = (),
) -> bytes:
    """`frame` in format `fmt` (`human`, when given, is what a table shows; a table fits `width` cells,
    the terminal's, lined up by display width: Hangul takes two cells; `keep` names its columns cut
    last, `optional` those left out when the rest does not fit, `ends` those that keep their end)."""
    if fmt == "table":
        shown = _flat(human if human is not None else frame)
        rows = [[safe_label("" if v is None else str(v), 200) for v in row] for row in shown.iter_rows()]
        return (table(shown.columns, rows, [60] * len(shown.columns), width=width, keep=keep, optional=optional, ends=ends) + "\n").encode(
            "utf-8"
        )
    frame = scrub_frame(frame)
    if fmt == "json":
        return json_lines(frame.to_dicts()).encode("utf-8")
    if fmt == "parquet":
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        return buffer.getvalue()
    return _flat(frame).write_csv().encode("utf-8")
