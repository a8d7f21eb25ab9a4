"""The optional per-folder manifest: what the article files do not say about themselves.

A `manifest.tsv` (or `manifest.csv`, `INDEX.tsv`, `index.csv`) beside the articles has the columns
`file`, `date`, `publisher`, `url` and `title`; every column but `file` may be empty, and unknown
columns are ignored. A TSV is read as TSV (a quote is text, not a delimiter); a CSV as CSV. A bad row is
reported with its line and the good rows still apply. Read with the standard library: the first frame
uses the manifest and must not wait for Polars.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .cleaning import clean, is_clean, safe_label

MANIFEST_COLUMNS = ("file", "date", "publisher", "url", "title")
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
CACHE_FORMAT = 1  # bump when `read_manifest`'s result changes


class Entry(NamedTuple):
    """Manifest facts about one file (text fields cleaned for one line when the entry is looked up)."""

    date: dt.date | None
    publisher: str | None
    url: str | None
    title: str | None

    def cleaned(self) -> Entry:
        def one(value: str | None) -> str | None:
            return safe_label(value, 300) if value else None

        return Entry(self.date, one(self.publisher), one(self.url), one(self.title))


@dataclass
class Manifest:
    """Entries of every manifest found, looked up by a file's real path.

    A file listed by name only (`00001.txt`) in a manifest above the folder that holds it is found by
    its name, as long as the name is listed once in that manifest."""

    cache: bool = False  # keep each manifest's parsed rows in the user's cache, keyed by its stat data (`save`)
    exact: dict[str, Entry] = field(default_factory=dict)
    by_name: dict[str, dict[str, Entry]] = field(default_factory=dict)  # manifest folder -> file name -> entry
    problems: list[tuple[str, str]] = field(default_factory=list)  # (manifest path, reason)
    _unsaved: list[tuple[Path, tuple, list, list]] = field(default_factory=list)

    def lookup(self, real_path: str) -> Entry | None:
        entry = self._find(real_path)
        return entry.cleaned() if entry is not None else None

    @property
    def has_dates(self) -> bool:
        """Does any entry give a date (then it can decide which files to read first)?"""
        return any(e.date is not None for e in self.exact.values())

    def date(self, real_path: str) -> dt.date | None:
        """The date the manifests give a file, if any (nothing cleaned: for ordering only)."""
        entry = self._find(real_path)
        return entry.date if entry is not None else None

    def _find(self, real_path: str) -> Entry | None:
        entry = self.exact.get(real_path)
        if entry is not None or not self.by_name:
            return entry
        folder, name = os.path.split(real_path)
        while True:
            names = self.by_name.get(folder)
            if names is not None and name in names and not os.path.exists(os.path.join(folder, name)):
                return names[name]  # (a name that exists where the manifest says is that file, not this one)
            parent = os.path.dirname(folder)
            if parent == folder:
                return None
            folder = parent

    def add(self, path: Path) -> None:
        """Read one manifest file into the tables, noting its problems."""
        entries, problems = self._cached(path) if self.cache else (None, None)
        if entries is None:
            entries, problems = read_manifest(path)
        folder = os.path.realpath(path.parent)
        prefix = folder if folder.endswith(os.sep) else folder + os.sep
        names: dict[str, Entry] = {}
        repeated: set[str] = set()
        exact = self.exact
        for name, entry in entries:
            simple = os.sep not in name and name not in (".", "..")
            exact[prefix + name if simple else os.path.realpath(os.path.join(folder, name))] = entry
            if simple:
                if name in names:
                    repeated.add(name)
                names[name] = entry
        for name in repeated:
            del names[name]
        if names:
            self.by_name[folder] = names
        self.problems.extend((safe_label(str(path), 400), reason) for reason in problems)

    def _cached(self, path: Path) -> tuple[list[tuple[str, Entry]], list[str]] | tuple[None, None]:
        """A manifest's rows as parsed before, if its stat data (size, times, inode, device) are the same as then
        (10,000 rows load in a few ms instead of being parsed, before the first frame); else None, and the rows
        parsed now are kept for `save` (unless the file could not be read: that is tried again next time)."""
        try:
            st = os.stat(path)
        except OSError:
            return None, None
        real = os.path.realpath(path)
        key = (CACHE_FORMAT, real, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        place = _cache_file(real)
        try:
            fd = os.open(place, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))  # (a FIFO there must not block)
            with os.fdopen(fd, "rb") as fh:
                if stat.S_ISREG(os.fstat(fd).st_mode):
                    stored_key, rows, problems = marshal.loads(fh.read())  # (`marshal.load` reads in small pieces)
                    if tuple(stored_key) == key:
                        return _entries(rows), [str(p) for p in problems]
        except (OSError, EOFError, ValueError, TypeError, OverflowError):
            pass  # none, or not ours to trust: parsed again and replaced
        entries, problems = read_manifest(path)
        if not any(p.startswith("manifest not read") for p in problems):
            rows = [(n, e.date.toordinal() if e.date else 0, e.publisher, e.url, e.title) for n, e in entries]
            self._unsaved.append((place, key, rows, problems))
        return entries, problems

    def save(self) -> None:
        """Keep the manifests parsed since the last call in the cache (atomically; a cache that cannot be
        written is no error)."""
        from .atomic import atomic_write

        unsaved, self._unsaved = self._unsaved, []
        for place, key, rows, problems in unsaved:
            try:
                place.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(place, lambda fh, data=(key, rows, problems): marshal.dump(data, fh))
            except (OSError, ValueError):
                pass


def _entries(rows: list) -> list[tuple[str, Entry]]:
    """Entries from their cached rows; raises TypeError, ValueError or OverflowError on rows that are not."""
    day, new = dt.date.fromordinal, tuple.__new__
    out = [(n, new(Entry, (day(o) if o else None, p, u, t))) for n, o, p, u, t in rows]
    if not all(type(n) is str and all(v is None or type(v) is str for v in e[1:]) for n, e in out):
        raise TypeError("not a manifest's rows")
    return out


def _cache_file(real: str) -> Path:
    from platformdirs import user_cache_dir

    name = f"{zlib.crc32(real.encode('utf-8', 'surrogateescape')):08x}-{len(real)}.marshal"
    return Path(user_cache_dir("gisa", appauthor=False)) / "manifests" / name


def read_manifest(path: Path) -> tuple[list[tuple[str, Entry]], list[str]]:
    """(file name, entry) pairs in the order written, and one reason per bad line."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_MANIFEST_BYTES + 1)
    except OSError as exc:
        return [], [f"manifest not read: {exc.strerror or exc}"]
    if len(data) > MAX_MANIFEST_BYTES:
        return [], [f"manifest not read: larger than {MAX_MANIFEST_BYTES // 2**20} MB"]
    text = data.decode("utf-8", errors="replace")
    lines = text.splitlines()  # cells are cleaned one by one (a tab is a separator)
    tsv = path.suffix.lower() == ".tsv"
    plain = tsv and is_clean(text.replace("\t", " "))  # then no cell needs it: 10,000 rows parse in a few ms
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        return [], ["manifest not read: it is empty"]
    if tsv:
        rows = [(n, line.split("\t")) for n, line in numbered]
    else:
        import csv

        rows = list(zip((n for n, _ in numbered), csv.reader(line for _, line in numbered)))
    header_line, header = rows[0]
    columns = [clean(h).strip().lower() for h in header]
    if "file" not in columns:
        return [], [f"manifest not read: line {header_line} has no 'file' column"]
    where = {name: columns.index(name) for name in MANIFEST_COLUMNS if name in columns}
    i_file, i_date = where["file"], where.get("date")
    i_publisher, i_url, i_title = where.get("publisher"), where.get("url"), where.get("title")
    width = len(columns)
    entries: list[tuple[str, Entry]] = []
    problems: list[str] = []
    for number, row in rows[1:]:  # 10,000 rows before the first frame: no closures or lookups per cell
        n = len(row)
        if n > width and any(cell.strip() for cell in row[width:]):
            problems.append(f"line {number}: {n} fields where the header has {width}; row skipped")
            continue
        name = row[i_file].strip() if i_file < n else ""
        if not plain:
            name = clean(name)
        if not name:
            problems.append(f"line {number}: no file name; row skipped")
            continue
        date = None
        raw = row[i_date].strip() if i_date is not None and i_date < n else ""
        if raw:
            try:
                date = dt.date.fromisoformat(raw[:10])
            except ValueError:
                problems.append(f"line {number}: date {safe_label(raw, 30)!r} is not YYYY-MM-DD; date ignored")
        publisher = (row[i_publisher].strip() or None) if i_publisher is not None and i_publisher < n else None
        url = (row[i_url].strip() or None) if i_url is not None and i_url < n else None
        title = (row[i_title].strip() or None) if i_title is not None and i_title < n else None
        if os.sep in name or name.startswith(".") or (os.altsep and os.altsep in name):
            name = os.path.normpath(name)
        entries.append((name, Entry(date, publisher, url, title)))
    return entries, problems
