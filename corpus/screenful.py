"""The first screenful of a corpus as last read, kept in the user's cache: a warm first frame reads no article file.

The app's first frame shows the files its list shows first (`CorpusReader(newest_first=True)`). Once read, they are
kept here with the stat data (size, modification and change times, inode, device) of everything that decided which
files they were and what they hold: each root, every folder under the roots (and every folder the walk reached through
a link), the manifests and the names a manifest may have in the folder above each root, and each file as it was
opened. While all of those are as they were, the same files would be read in the same order with the same
bytes, so the rows come from here: fifty rows in well under a millisecond, against 10 ms of reading the files and 8 ms
of importing what reads them (decoding, structure, dates), before the first frame. Anything changed, missing or not
ours to trust is a miss, and the files are read as before. Light on purpose: imported before the first frame.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import stat
import sys
import time
import unicodedata
import zlib
from pathlib import Path

from .cleaning import is_clean
from .sources import MANIFEST_NAMES, stamp_of

FORMAT = 1  # bump when an article's fields or the way the first files are chosen change
Stamp = tuple  # (size, mtime_ns, ctime_ns, inode, device), or None for a path that is not there
RACY_NS = 50_000_000  # a path changed this close to its stamp may change again within the clock's tick: never matched
STR, OPTIONAL = (str,), (str, type(None))
FIELDS = {  # an article's fields as `corpus.reading.article_row` makes them (its date kept as an ordinal)
    "id": (int,),
    "path": STR,
    "name": STR,
    "title": STR,
    "title_from": OPTIONAL,
    "publisher": OPTIONAL,
    "byline": OPTIONAL,
    "date": (int, type(None)),
    "time": OPTIONAL,
    "date_from": OPTIONAL,
    "url": OPTIONAL,
    "body": STR,
    "furniture": (list,),
    "image_credits": (list,),
    "encoding": OPTIONAL,
    "repaired": (bool,),
    "sha256": STR,
}
OPTIONAL_TEXT = ("publisher", "byline", "url")
READERS = ("reading", "structure", "cleaning", "decoding", "dates", "manifest", "sources", "preview", "screenful")


def stamp(path: str | os.PathLike[str]) -> Stamp | None:
    """What `os.stat` says of `path` that changes when it does; None when it cannot be stat'ed."""
    try:
        return stamp_of(os.stat(path))
    except (OSError, ValueError):
        return None


def settled(then: Stamp | None, taken_ns: int) -> Stamp | None:
    """A stamp taken at `taken_ns`, or one that nothing matches if its path had changed moments before: file times
    move by clock ticks of a few ms, so a second change within the same tick would look like none."""
    if then is not None and max(then[1], then[2]) >= taken_ns - RACY_NS:
        return ("racy",)
    return then


def watch(roots: tuple[str, ...], folders: list[str], manifests: list) -> list[tuple[str, Stamp | None]]:
    """The stamps, taken now, of what decides which files a first screenful holds: each root; each folder under a
    root (a file added, removed or renamed there changes it); the manifests; and, in a folder above a root (where an
    index of the corpus may sit, among anything else), only the names a manifest may have there."""
    roots_abs = [os.path.abspath(r) for r in roots]
    dirs = [r for r in roots_abs if os.path.isdir(r)]

    def under(folder: str) -> bool:
        return any(folder == d or folder.startswith(d.rstrip(os.sep) + os.sep) for d in dirs)

    paths: dict[str, None] = dict.fromkeys(roots)
    for folder in folders:
        if under(os.path.abspath(folder)):
            paths[folder] = None
        else:
            paths.update(dict.fromkeys(os.path.join(folder, name) for name in MANIFEST_NAMES))
    paths.update(dict.fromkeys(os.fspath(m) for m in manifests))
    now = time.time_ns()
    return [(p, settled(stamp(p), now)) for p in paths]


def _key(roots: tuple[str, ...], max_bytes: int, newest_first: bool) -> tuple:
    """The roots and the settings that choose the files, and the code that reads them: a Gisa that reads titles or
    dates another way (its modules' sizes and times differ, or Python's and its Unicode tables') does not show what an
    older one read."""
    here = os.path.dirname(os.path.abspath(__file__))
    code = (*(stamp(os.path.join(here, name + ".py")) for name in READERS), sys.version_info[:2], unicodedata.unidata_version)
    return (FORMAT, tuple(os.path.abspath(r) for r in roots), max_bytes, newest_first, code)


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


def load(roots: tuple[str, ...], max_bytes: int, newest_first: bool, limit: int) -> tuple[list[dict], list[dict], bool] | None:
    """(articles, problems, whether more files follow) of the first screenful kept for these roots, if nothing it
    depends on changed and it holds at least `limit` files (or the whole corpus); else None."""
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
            if type(a) is not dict or a.keys() != FIELDS.keys() or not all(type(a[f]) in kinds for f, kinds in FIELDS.items()):
                return None
            a["date"] = dt.date.fromordinal(a["date"]) if a["date"] else None
        if not all(type(p) is dict and type(p.get("path")) is str and type(p.get("reason")) is str for p in problems):
            return None
        if not all(is_clean(a[f]) for a in articles for f in ("name", "title", "body") + OPTIONAL_TEXT if a[f]):
            return None  # (cleaned when read: text that is not was not put here by Gisa; a path is kept as given)
        for a in articles:
            if not all(type(c) is str for c in a["image_credits"]) or not all(
                type(f) is dict and type(f.get("line")) is int and type(f.get("text")) is str and type(f.get("reason")) is str
                for f in a["furniture"]
            ):
                return None
        return articles, problems, exhausted is not True
    except Exception:  # none, or not ours to trust (whatever it holds): the files are read
        return None
