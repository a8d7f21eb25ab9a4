"""Date (DT) and time (TI) expressions in Korean text, found by pattern.

Absolute (`2023년 12월`, `23년 6월 9일`, `2023-04-11`), relative (`지난해 4월`, `오는 12일`, `이날`),
durations (`2개월`, `나흘`) and times (`오후 3시 30분`, `전반 11분`). `corpus.dates.resolve` turns the
date ones into calendar dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .spans import Taken

_REL = r"(?:지난해|작년|올해|금년|내년|재작년|이듬해|전년|지난달|이달|다음\s?달|이번\s?달|지난주|이번\s?주|다음\s?주|지난|오는|올|이번|다음|매년|매월|매주)"  # noqa: E501 (a pattern or Korean text reads best whole)
_YMD = (
    r"(?:(?:19|20)?\d{2}\s?년\s?(?:\d{1,2}\s?월\s?(?:\d{1,2}\s?일)?)?|\d{1,2}\s?월\s?(?:\d{1,2}\s?일)?|\d{1,2}\s?일)"
    r"(?:\s?[~∼〜\-]\s?(?:(?:19|20)?\d{2}\s?년\s?)?(?:\d{1,2}\s?월\s?)?(?:\d{1,2}\s?일)?)?"
)
_SEASON = r"(?:상반기|하반기|1분기|2분기|3분기|4분기|[1-4]분기|초|말|중순|초순|하순|말께|께|봄|여름|가을|겨울|연말|연초|한해)"
DATE = re.compile(
    rf"(?<![\w.\-])(?:{_REL}\s?)?(?:(?:19|20)\d{{2}}\s?[~∼〜\-]\s?)?(?:{_YMD})(?:\s?{_SEASON})?(?:대|간|째|께|경)?(?![\d])"
    rf"|(?<![가-힣])(?:{_REL}\s?)?(?:19|20)\d{{2}}년대"
    rf"|(?<![가-힣])(?:지난해|작년|올해|금년|내년|재작년|이듬해|지난달|이달|이번\s?달|다음\s?달|지난주|이번\s?주|다음\s?주|이날|전날|당일|다음날|이튿날|익일|그날|어제|오늘|내일|그제|모레|주말|연말|연초|올여름|올겨울|올봄|올가을|이번\s?시즌|지난\s?시즌|평일|주중)"
    rf"(?:\s?{_SEASON})?(?![가-힣])"
    r"|(?<![가-힣\d])(?:\d+\s?(?:개월|주일|주간|년간|일간|년|주|일)(?:간|동안|째|만)?(?=\s|[은는이가을를의에와과도만로]|$))"
    r"|(?<![가-힣])(?:하루|이틀|사흘|나흘|닷새|엿새|이레|여드레|열흘|보름|한\s?달|두\s?달|석\s?달|넉\s?달)(?:간|동안|째|만)?(?![가-힣])"
    r"|(?<![\w.])(?:19|20)\d{2}[.\-/]\d{1,2}[.\-/]\d{1,2}"
)
TIME = re.compile(
    r"(?<![가-힣])(?:오전|오후|새벽|아침|저녁|밤|낮|정오|자정|심야|점심)(?:\s?\d{1,2}\s?시(?:\s?(?:\d{1,2}\s?분|반))?(?:\s?\d{1,2}\s?초)?)?(?:쯤|께|경)?(?=[^가-힣]|$|[에은는이가을를의도부까께])"
    r"|(?<![\d:])\d{1,2}\s?시(?:\s?(?:\d{1,2}\s?분|반))?(?:\s?\d{1,2}\s?초)?(?:쯤|께|경)?(?![가-힣\d])"
    r"|(?<![\d:])\d{1,2}\s?시(?:\s?\d{1,2}\s?분)?(?=[에부까께쯤경])"
    r"|(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d])"
    r"|(?:전반|후반|연장)\s?\d{1,2}\s?분"
    r"|(?<![\d가-힣])\d+\s?(?:시간|분|초)(?:\s?\d+\s?(?:분|초))?(?:간|동안|만|째)?(?=\s|[은는이가을를의에와과도만로]|$)"
)


@dataclass(frozen=True)
class Temporal:
    """A date or time expression."""

    start: int
    end: int
    text: str
    kind: str  # "DT" or "TI"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] == " ":
        end -= 1
    while start < end and text[start] == " ":
        start += 1
    return start, end


def find_temporals(text: str) -> list[Temporal]:
    """Date and time expressions in `text`, without overlaps, in order."""
    found: list[Temporal] = []
    taken = Taken(len(text) + 1)  # first found wins, in O(log n) a check
    for kind, pattern in (("TI", TIME), ("DT", DATE)):
        for m in pattern.finditer(text):
            a, b = _trim(text, m.start(), m.end())
            if a >= b or taken.overlaps(a, b):
                continue
            found.append(Temporal(a, b, text[a:b], kind))
            taken.add(a, b)
    found.sort(key=lambda t: t.start)
    return found
