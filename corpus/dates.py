"""Absolute and relative dates in the forms Korean news and blogs print.

`parse_dateline` reads a publication stamp (`2023-04-11 15:10`, `입력 2025.09.10 14:03`,
`December 22, 2024`, `2024년 4월 4일`). `resolve` turns a date mention (`지난해 4월`, `오는 12일`,
`23년 6월 9일`) into a date, resolved against the article's date when one is needed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})

_NUMERIC = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})\.?"
    r"(?:\s*\(?[월화수목금토일]?\)?\s*(?P<H>\d{1,2}):(?P<M>\d\d)(?::\d\d)?)?(?!\d)"
)
_KOREAN = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)년\s*(?P<m>\d{1,2})월\s*(?P<d>\d{1,2})일"
    r"(?:\s*(?P<ampm>오전|오후)?\s*(?P<H>\d{1,2})[:시]\s*(?P<M>\d\d)?)?"
)
_ENGLISH = re.compile(
    r"\b(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>(?:19|20)\d\d)\b"
    r"|\b(?P<d2>\d{1,2})\s+(?P<mon2>[A-Za-z]{3,9})\.?,?\s+(?P<y2>(?:19|20)\d\d)\b"
)


def _make(y: int, m: int, d: int, hh: int | None = None, mm: int | None = None) -> dt.datetime | None:
    try:
        return dt.datetime(y, m, d, hh or 0, mm or 0)
    except ValueError:
        return None


def parse_dateline(line: str) -> tuple[dt.datetime, bool] | None:
    """The first absolute date (and whether a time was given) in a line, or None."""
    best: tuple[int, dt.datetime, bool] | None = None
    for match in _NUMERIC.finditer(line):
        got = _make(
            int(match["y"]),
            int(match["m"]),
            int(match["d"]),
            int(match["H"]) if match["H"] else None,
            int(match["M"]) if match["M"] else None,
        )
        if got:
            best = min(best or (match.start(), got, bool(match["H"])), (match.start(), got, bool(match["H"])), key=lambda t: t[0])
            break
    for match in _KOREAN.finditer(line):
        hh = int(match["H"]) if match["H"] else None
        if hh is not None and match["ampm"] == "오후" and hh < 12:
            hh += 12
        got = _make(int(match["y"]), int(match["m"]), int(match["d"]), hh, int(match["M"]) if match["M"] else None)
        if got and (best is None or match.start() < best[0]):
            best = (match.start(), got, hh is not None)
        break
    for match in _ENGLISH.finditer(line):
        mon = (match["mon"] or match["mon2"] or "").lower()
        if mon not in _MONTHS:
            continue
        got = _make(int(match["y"] or match["y2"]), _MONTHS[mon], int(match["d"] or match["d2"]))
        if got and (best is None or match.start() < best[0]):
            best = (match.start(), got, False)
        break
    return (best[1], best[2]) if best else None


@dataclass(frozen=True)
class ResolvedDate:
    """A date mention resolved to a day, or left open with the reason."""

    date: dt.date | None
    granularity: str  # "day", "month", "year" or ""
    reason: str


_REL_YEAR = {"올해": 0, "금년": 0, "지난해": -1, "작년": -1, "전년": -1, "재작년": -2, "내년": 1, "이듬해": 1, "다음해": 1}
_DATE_PARTS = re.compile(
    r"(?:(?P<rel>올해|금년|지난해|작년|전년|재작년|내년|이듬해|다음해)\s*)?"
    r"(?:(?P<y>\d{4}|\d{2})\s*년\s*)?"
    r"(?:(?P<m>\d{1,2})\s*월\s*)?"
    r"(?:(?P<d>\d{1,2})\s*일)?"
)
_PREFIX = re.compile(r"^(?P<pre>지난달|다음달|이달|이번달|지난(?!해)|오는)\s*")
_MONTH_SHIFT = {"지난달": -1, "이달": 0, "이번달": 0, "다음달": 1}


def resolve(text: str, anchor: dt.date | None) -> ResolvedDate:
    """Resolve a Korean or English date expression against the article date `anchor`."""
    head = parse_dateline(text)
    if head:
        return ResolvedDate(head[0].date(), "day", "absolute")
    s = text.strip()
    pre = None
    m = _PREFIX.match(s)
    if m:
        pre = m["pre"]
        s = s[m.end() :]
    if pre in _MONTH_SHIFT:
        if anchor is None:
            return ResolvedDate(None, "", "needs the article's date, which is unknown")
        idx = anchor.year * 12 + anchor.month - 1 + _MONTH_SHIFT[pre]
        day_match = re.match(r"(\d{1,2})\s*일", s)
        try:
            if day_match:
                return ResolvedDate(dt.date(idx // 12, idx % 12 + 1, int(day_match[1])), "day", "resolved")
            return ResolvedDate(dt.date(idx // 12, idx % 12 + 1, 1), "month", "relative month")
        except ValueError:
            return ResolvedDate(None, "", "no such day")
    parts = _DATE_PARTS.match(s)
    if not parts or not any(parts.group(k) for k in ("rel", "y", "m", "d")):
        return ResolvedDate(None, "", "not a calendar date")
    rel, y, mo, d = parts["rel"], parts["y"], parts["m"], parts["d"]
    year: int | None = None
    if y:
        year = int(y) + (2000 if len(y) == 2 else 0)
    month = int(mo) if mo else None
    day = int(d) if d else None
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        return ResolvedDate(None, "", "month or day out of range")
    if year is None:
        if anchor is None:
            return ResolvedDate(None, "", "needs the article's date, which is unknown")
        if rel:
            year = anchor.year + _REL_YEAR[rel]
        elif month is not None:
            year = anchor.year
            # "지난 11월" in a March article is last year's November; "오는 2월" in November is next year's.
            if pre == "지난" and month > anchor.month:
                year -= 1
            elif pre == "오는" and month < anchor.month:
                year += 1
        else:
            year = anchor.year
            month = anchor.month
            if pre == "지난" and day is not None and day > anchor.day:
                month -= 1
            elif pre == "오는" and day is not None and day < anchor.day:
                month += 1
            if month == 0:
                year, month = year - 1, 12
            elif month == 13:
                year, month = year + 1, 1
            if pre is None and day is not None and day > anchor.day + 1:
                # A bare "N일" later than the dateline is usually the previous month.
                month -= 1
                if month == 0:
                    year, month = year - 1, 12
    if month is None:
        return ResolvedDate(dt.date(year, 1, 1), "year", "relative year" if rel else "year")
    if day is None:
        return ResolvedDate(dt.date(year, month, 1), "month", "month")
    try:
        return ResolvedDate(dt.date(year, month, day), "day", "resolved" if anchor else "absolute")
    except ValueError:
        return ResolvedDate(None, "", "no such day")
