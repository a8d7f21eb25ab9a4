"""The first screenful of a corpus as last read, kept in the user's cache: a warm first frame reads no article file.

The app's first frame shows the files its list shows first (`CorpusReader(newest_first=True)`). Once read, they are
kept here with the stat data (size, modification and change times, inode, device) of everything that decided which
files they were and what they hold: each root and the folder above it, every folder under the roots, the manifests,
and each file read. While all of those are as they were, the same files would be read in the same order with the same
bytes, so the rows come from here: fifty rows in well under a millisecond, against 10 ms of reading the files and 8 ms
of importing what reads them (decoding, structure, dates), before the first frame. Anything changed, missing or not
ours to trust is a miss, and the files are read as before. Light on purpose: imported before the first frame.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import stat
import time
import zlib
from pathlib import Path

FORMAT = 1  # bump when an article's fields or the way the first files are chosen change
Stamp = tuple  # (size, mtime_ns, ctime_ns, inode, device), or None for a path that is not there
RACY_NS = 50_000_000  # a path changed this close to its stamp may change again within the clock's tick: never matched
_TEXT_FIELDS = ("path", "name", "title", "body")


def stamp(path: str | os.PathLike[str]) -> Stamp | None:
    """What `os.stat` says of `path` that changes when it does; None when it cannot be stat'ed."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def watch(roots: tuple[str, ...], folders: list[str], manifests: list) -> list[tuple[str, Stamp | None]]:
    """The roots, the folders and the manifests a first screenful depends on, each with its stamp now. A path
    changed moments ago gets a stamp that nothing matches (file times move by clock ticks of a few ms: a second
    change within the same tick would look like none), so what depends on it is read again next time."""
    paths = dict.fromkeys([*roots, *folders, *(os.fspath(m) for m in manifests)])
    recent = time.time_ns() - RACY_NS
    stamps = [(p, stamp(p)) for p in paths]
    return [(p, ("racy",) if s is not None and max(s[1], s[2]) >= recent else s) for p, s in stamps]


def _key(roots: tuple[str, ...], max_bytes: int, newest_first: bool) -> tuple:
    return (FORMAT, tuple(os.path.abspath(r) for r in roots), max_bytes, newest_first)


def _place(key: tuple) -> Path:
    from platformdirs import user_cache_dir

    text = repr(key).encode("utf-8", "surrogateescape")
    return Path(user_cache_dir("gisa", appauthor=False)) / "screens" / f"{zlib.crc32(text):08x}-{len(text)}.marshal"


def save(
    roots: tuple[str, ...],
    max_bytes: int,
    newest_first: bool,
    watched: list[tuple[str, Stamp | None]],
    articles: list[dict],
    problems: list[dict],
    exhausted: bool,
) -> None:
    """Keep a first screenful (atomically; one that cannot be kept, or written, is no error)."""
    from .atomic import atomic_write

    key = _key(roots, max_bytes, newest_first)
    plain = [{**a, "date": a["date"].toordinal() if a.get("date") else None} for a in articles]
    try:
        data = marshal.dumps((key, watched, plain, problems, exhausted))
        place = _place(key)
        place.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(place, lambda fh: fh.write(data))
    except (OSError, ValueError, TypeError, AttributeError):
        pass


def load(roots: tuple[str, ...], max_bytes: int, newest_first: bool, limit: int) -> tuple[list[dict], list[dict]] | None:
    """(articles, problems) of the first screenful kept for these roots, if nothing it depends on changed and it
    holds at least `limit` files (or the whole corpus); else None."""
    key = _key(roots, max_bytes, newest_first)
    try:
        fd = os.open(_place(key), os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))  # (a FIFO there must not block)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            stored_key, watched, articles, problems, exhausted = marshal.loads(fh.read())
        if stored_key != key or (len(articles) + len(problems) < limit and exhausted is not True):
            return None
        for path, then in watched:
            if stamp(path) != then:
                return None
        for a in articles:
            if not all(type(a.get(f)) is str for f in _TEXT_FIELDS) or type(a.get("id")) is not int:
                return None
            a["date"] = dt.date.fromordinal(a["date"]) if a.get("date") else None
        if not all(type(p) is dict and type(p.get("path")) is str and type(p.get("reason")) is str for p in problems):
            return None
        return articles, problems
    except Exception:  # none, or not ours to trust (whatever it holds): the files are read
        return None
