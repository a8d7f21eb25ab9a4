"""What tells rows apart in a narrow list: an article's label, and a claim's wording in its context.

The claims pane asks two questions. Which article is this, in a column a dozen cells wide? Its publisher
(else the first words of its file name), and where two articles share that and their date, the first words
of the title that differ; the date has its own column. Which of two claims of one article
with the same wording is this (`첫` twice in 아주경제)? The wording with as few words of its sentence around it
as tell them apart, the words after it first (Korean puts what a number counts after it: `첫 해외 지사가`
against `첫 해외 지사로`), then one word more so that the difference reads as words, not as a particle; only
where their sentences read the same around them, which mention it is (`(2nd mention)`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .table import cell_width, prefix

NAME_CELLS = 12  # of a file name longer than this, the words within it tell the article apart (a publisher: all of it)
MOST_WORDS = 10  # words of context tried before telling repeats apart by their mention number
_NAME_BREAK = re.compile(r"[-_. ]")


def short_name(name: str, cells: int = NAME_CELLS) -> tuple[str, int]:
    """A file name as a source: without its extension; and how many characters of it to keep in a narrow column
    (all, or those before a word of it that ends past `cells`: `blog-altman` of `blog-altman-korea-visit`; never
    less than its first word)."""
    stem = os.path.splitext(name)[0] or name
    if cell_width(stem) <= cells:
        return stem, len(stem)
    head = prefix(stem, cells)
    if not _NAME_BREAK.match(stem[len(head)]):  # the last word of it was cut: leave it out (or keep the first word whole)
        breaks = [m.start() for m in _NAME_BREAK.finditer(stem) if m.start() > 0]
        within = [b for b in breaks if b <= len(head)]
        head = stem[: within[-1]] if within else stem[: breaks[0]] if breaks else stem
    return stem, len(head)


def article_labels(articles: Iterable[tuple[int, str | None, str, dt.date | None, str]]) -> dict[int, tuple[str, int]]:
    """Article id -> (its source and title, how many characters of that tell it apart beside its date), from
    (id, publisher, file name, date, title).

    The source is the publisher, else the file name without its extension. What tells an article apart is
    the publisher whole, or a file name's first words; where two articles share source and date, the first
    words of their titles that differ (`한경닷컴 · 오픈AI 코리아`); where even their titles are the same, the
    file name, written after the title."""
    rows = list(articles)
    source: dict[int, str] = {}
    keep: dict[int, int] = {}
    buckets: dict[tuple[str, dt.date | None], list[int]] = defaultdict(list)
    shorts: dict[tuple[str, dt.date | None], set[str]] = defaultdict(set)
    info = {}
    for aid, publisher, name, date, title in rows:
        if publisher:
            source[aid], keep[aid] = publisher, len(publisher)
        else:
            source[aid], keep[aid] = short_name(name or "")
        buckets[(source[aid], date)].append(aid)
        shorts[(source[aid][: keep[aid]], date)].add(source[aid])
        info[aid] = (name or "", date, (title or "").split())
    out: dict[int, tuple[str, int]] = {}
    for aid, (_, date, words) in info.items():
        line = " · ".join(x for x in (source[aid], " ".join(words)) if x)
        if len(shorts[(source[aid][: keep[aid]], date)]) > 1:  # two file names alike in their first words
            keep[aid] = len(source[aid])
        out[aid] = (line, keep[aid])
    for ids in buckets.values():
        if len(ids) < 2:
            continue
        # the fewest words of each title that no other title starts with: one count of k-word beginnings per k,
        # for the titles not told apart yet (a publisher's hundred articles of one day cost a hundred, not 100²)
        pending, k = ids, 1
        while pending:
            starts = Counter(tuple(info[b][2][:k]) for b in ids if len(info[b][2]) >= k)
            left = []
            for a in pending:
                words = info[a][2]
                if k > len(words):  # the same title as another (or none): the file name tells it apart
                    line = " · ".join(x for x in (out[a][0], info[a][0]) if x)
                    out[a] = (line, len(line))
                elif starts[tuple(words[:k])] == 1:
                    out[a] = (out[a][0], len(" · ".join([source[a], " ".join(words[:k])])))
                else:
                    left.append(a)
            pending, k = left, k + 1
    return out


@dataclass(frozen=True, slots=True)
class Reading:
    """How a claim reads in a list beside claims of its article with the same wording: `text` holds the
    wording at `start:end` with words of its sentence around it (or a mention number after it); its first
    `keep` characters are what tells it apart."""

    text: str
    start: int
    end: int
    keep: int


def _word_ends(sentence: str, end: int) -> list[int]:
    """Where the window may end: the end of the word the wording ends in, then of each word after it."""
    ends = []
    i = end
    while i < len(sentence) and not sentence[i].isspace():
        i += 1
    ends.append(i)
    while i < len(sentence):
        while i < len(sentence) and sentence[i].isspace():
            i += 1
        if i >= len(sentence):
            break
        while i < len(sentence) and not sentence[i].isspace():
            i += 1
        ends.append(i)
    return ends


def _word_starts(sentence: str, start: int) -> list[int]:
    """Where the window may start: the start of the word the wording starts in, then of each word before it."""
    starts = []
    i = start
    while i > 0 and not sentence[i - 1].isspace():
        i -= 1
    starts.append(i)
    while i > 0:
        while i > 0 and sentence[i - 1].isspace():
            i -= 1
        if i <= 0:
            break
        while i > 0 and not sentence[i - 1].isspace():
            i -= 1
        starts.append(i)
    return starts


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def tell_apart(claims: Sequence[tuple[str, int, int]]) -> list[Reading]:
    """Readings of claims that have the same wording, from (sentence, start, end of the wording in it), in the
    order they come in the article: each the wording with the fewest words of its sentence around it that make
    every reading different (after it first, then before), then one more word after where there is one; where
    no window of up to MOST_WORDS words tells two apart, the later ones carry their mention number."""
    if not claims:
        return []
    ends = [_word_ends(s, e) for s, _, e in claims]
    starts = [_word_starts(s, b) for s, b, _ in claims]

    def windows(left: int, right: int) -> list[tuple[int, int]]:
        return [(st[min(left, len(st) - 1)], en[min(right, len(en) - 1)]) for st, en in zip(starts, ends)]

    def texts(spans: list[tuple[int, int]]) -> list[str]:
        return [s[a:b] for (s, _, _), (a, b) in zip(claims, spans)]

    best: tuple[int, int, int] | None = None  # (different readings, left, right)
    done = False
    for n in range(MOST_WORDS + 1):
        for right in range(n, -1, -1):  # the words after the wording first
            found = len(set(texts(windows(n - right, right))))
            if best is None or found > best[0]:
                best = (found, n - right, right)
            if found == len(claims):
                done = True
                break
        if done:
            break
    _, left, right = best
    spans = windows(left, right)
    keeps = [b - a for a, b in spans]
    wider = windows(left, right + 1)  # one word more, to read by, if every reading stays different
    if done and len(set(texts(wider))) == len(claims):
        spans = wider
    out: list[Reading] = []
    seen: dict[str, int] = defaultdict(int)
    for (sentence, b, e), (lo, hi), keep in zip(claims, spans, keeps):
        text = sentence[lo:hi]
        seen[sentence[lo : lo + keep]] += 1
        if not done and seen[sentence[lo : lo + keep]] > 1:  # reads the same as one before it: its mention number
            text = f"{sentence[lo : lo + keep]} ({_ordinal(seen[sentence[lo : lo + keep]])} mention)"
            keep = len(text)
        out.append(Reading(text, b - lo, e - lo, keep))
    return out
