"""Writing results for people and scripts: aligned tables, CSV, JSON lines and Parquet, to stdout or a file.

The headless commands and the app share these writers. Strings from files are cleaned for one terminal line wherever they are shown.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import polars as pl

from .atomic import atomic_write
from .cleaning import safe_label
from .table import table

FORMATS = ("table", "csv", "json", "parquet")
_SUFFIXES = {".parquet": "parquet", ".json": "json", ".jsonl": "json", ".csv": "csv"}


def output_format(fmt: str | None, output: str | None) -> str:
    """The format asked for, or the one the destination implies: a table on a terminal, CSV in a pipe,
    and for a file the one its suffix names (CSV otherwise)."""
    if fmt:
        return fmt
    if output is None:
        return "table" if sys.stdout.isatty() else "csv"
    return _SUFFIXES.get(os.path.splitext(output)[1].lower(), "csv")


def write_text(text: str, output: str | None) -> None:
    """Text to stdout, or atomically to `output`."""
    if output is None:
        sys.stdout.write(text)
        return
    atomic_write(os.path.abspath(output), lambda fh: fh.write(text.encode("utf-8")))


def json_lines(rows: list[dict[str, Any]]) -> str:
    """One JSON object a line (dates as ISO text)."""
    return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """List columns joined with '; ', for formats that hold one value a cell."""
    return frame.with_columns(
        [pl.col(c).list.eval(pl.element().cast(pl.String)).list.join("; ") for c, t in frame.schema.items() if isinstance(t, pl.List)]
    )


def render(frame: pl.DataFrame, fmt: str, human: pl.DataFrame | None = None) -> str:
    """`frame` as text in a format other than Parquet (`human`, when given, is what a table shows)."""
    if fmt == "table":
        shown = _flat(human if human is not None else frame)
        rows = [[safe_label("" if v is None else str(v), 200) for v in row] for row in shown.iter_rows()]
        return table(shown.columns, rows, [40] * len(shown.columns)) + "\n"
    if fmt == "json":
        return json_lines(frame.to_dicts())
    return _flat(frame).write_csv()


def write_frame(frame: pl.DataFrame, fmt: str, output: str | None, human: pl.DataFrame | None = None) -> None:
    """Write `frame` to stdout or atomically to `output`; Parquet needs a file."""
    if fmt == "parquet":
        if output is None:
            raise ValueError("parquet needs -o FILE")
        atomic_write(os.path.abspath(output), frame.write_parquet)
        return
    write_text(render(frame, fmt, human), output)
