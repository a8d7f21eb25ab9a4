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
from .sources import stamp_of

MANIFEST_COLUMNS = ("file", "date", "publisher", "url", "title")
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
CACHE_FORMAT = 4  # bump when `read_manifest`'s result changes


class Entry(NamedTuple):
    """Manifest facts about one file (text fields cleaned for one line when the entry is looked up)."""

    date: dt.date | None
    publisher: str | None
    url: str | None
    title: str | None

    def cleaned(self) -> Entry:
        def one(value: str | None, limit: int = 300) -> str | None:
            return safe_label(value, limit) if value else None

        return Entry(self.date, one(self.publisher), one(self.url, 2000), one(self.title))  # (a Korean address escaped is long)


Row = tuple  # (date as an ordinal or 0, publisher, url, title): an entry as kept, an `Entry` when looked up


def _row(entry: Entry) -> Row:
    return (entry.date.toordinal() if entry.date else 0, entry.publisher, entry.url, entry.title)


def _entry(row: Row) -> Entry | None:
    """The entry of a row; None for a row that is not one (a cache file is trusted no further than this)."""
    try:
        ordinal, publisher, url, title = row
        if type(ordinal) is not int or not all(v is None or type(v) is str for v in (publisher, url, title)):
            return None
        return Entry(dt.date.fromordinal(ordinal) if ordinal else None, publisher, url, title)
    except (TypeError, ValueError, OverflowError):
        return None


@dataclass
class Manifest:
    """Entries of every manifest found, looked up by a file's real path.

    A file listed by name only (`00001.txt`) in a manifest above the folder that holds it is found by
    its name, as long as the name is listed once in that manifest. Entries are kept as rows and made
    `Entry`s only when looked up: ten thousand of them are ready in a few milliseconds."""

    cache: bool = False  # keep each manifest's parsed rows in the user's cache, keyed by its stat data (`save`)
    exact: dict[str, Row] = field(default_factory=dict)
    by_name: dict[str, dict[str, Row]] = field(default_factory=dict)  # manifest folder -> file name -> row
    problems: list[tuple[str, str]] = field(default_factory=list)  # (manifest path, reason)
    _newest: list[str] | None = None  # the dated paths newest first, while one manifest gave them all
    _unsaved: list[tuple[Path, tuple]] = field(default_factory=list)

    def lookup(self, real_path: str) -> Entry | None:
        row = self._find(real_path)
        entry = _entry(row) if row is not None else None
        return entry.cleaned() if entry is not None else None

    @property
    def has_dates(self) -> bool:
        """Does any entry give a date (then it can decide which files to read first)?"""
        return any(row[0] for row in self.exact.values())

    def ordinal(self, real_path: str) -> int:
        """The date the manifests give a file as an ordinal, 0 if none (nothing cleaned: for ordering only)."""
        row = self._find(real_path)
        return row[0] if row is not None and type(row[0]) is int else 0

    def newest_first(self) -> list[str]:
        """The real paths of the dated entries, newest first."""
        if self._newest is not None:
            return [path for path in self._newest if type(path) is str]
        dated = [(-row[0], path) for path, row in self.exact.items() if type(row[0]) is int and row[0] > 0]
        dated.sort()
        return [path for _, path in dated]

    def _find(self, real_path: str) -> Row | None:
        row = self.exact.get(real_path)
        if row is not None or not self.by_name:
            return row
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
        table = self._cached(path) if self.cache else None
        if table is None:
            table = _table(path, *read_manifest(path))
        exact, names, newest, problems, _ = table
        folder = os.path.realpath(path.parent)
        if self.exact:  # (a new table: the one adopted below may be queued for `save` as it is)
            self.exact = {**self.exact, **exact}
            self._newest = None
        else:
            self.exact, self._newest = exact, newest
        if names:
            self.by_name[folder] = names
        self.problems.extend((safe_label(str(path), 400), reason) for reason in problems)

    def _cached(self, path: Path) -> Table | None:
        """A manifest's tables as built before, if its stat data (size, times, inode, device) are the same as then
        (10,000 rows load in a few ms instead of being parsed and ordered, before the first frame); else they are
        built now and kept for `save` (unless the file could not be read: that is tried again next time)."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        real = os.path.realpath(path)
        key = (CACHE_FORMAT, real, *stamp_of(st))
        place = _cache_file(real)
        try:
            fd = os.open(place, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))  # (a FIFO there must not block)
            with os.fdopen(fd, "rb") as fh:
                if stat.S_ISREG(os.fstat(fd).st_mode):
                    stored_key, *table = marshal.loads(fh.read())  # (`marshal.load` reads in small pieces)
                    if tuple(stored_key) == key and [type(x) for x in table] == [dict, dict, list, list, dict] and _sound(Table(*table)):
                        return Table(*table)  # (a row's values are checked when it is looked up: `_entry`)
        except (OSError, EOFError, ValueError, TypeError, OverflowError):
            pass  # none, or not ours to trust: parsed again and replaced
        entries, problems = read_manifest(path)
        table = _table(path, entries, problems)
        if not any(p.startswith("manifest not read") for p in problems):
            self._unsaved.append((place, (key, *table)))
        return table

    def save(self) -> None:
        """Keep the manifests parsed since the last call in the cache (atomically; a cache that cannot be
        written is no error)."""
        from .atomic import atomic_write

        unsaved, self._unsaved = self._unsaved, []
        for place, data in unsaved:
            try:
                place.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(place, lambda fh, data=data: marshal.dump(data, fh))
            except (OSError, ValueError):
                pass


class Table(NamedTuple):
    """One manifest's entries as the lookups use them, cached as they are."""

    exact: dict[str, Row]  # real path -> row
    names: dict[str, Row]  # file name -> row, for names listed once
    newest: list[str]  # the real paths of the dated rows, newest first
    problems: list[str]
    resolved: dict[str, str]  # each folder named in a path (sub/a.txt) -> its real path when the table was built


def _sound(table: Table) -> bool:
    """A cached table's rows have the shape lookups rely on, and the folders its paths name resolve as they did (a
    link inside the corpus pointed elsewhere since would leave its entries on the old real paths)."""
    rows = [*table.exact.values(), *table.names.values()]
    if not all(type(r) is tuple and len(r) == 4 and type(r[0]) is int for r in rows):
        return False
    return all(os.path.realpath(folder) == real for folder, real in table.resolved.items())


def _table(path: Path, entries: list[tuple[str, Entry]], problems: list[str]) -> Table:
    folder = os.path.realpath(path.parent)
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    exact: dict[str, Row] = {}
    names: dict[str, Row] = {}
    resolved: dict[str, str] = {}
    repeated: set[str] = set()
    for name, entry in entries:
        row = _row(entry)
        simple = os.sep not in name and name not in (".", "..")
        if not simple:
            where = os.path.dirname(os.path.join(folder, name))
            if where not in resolved:
                resolved[where] = os.path.realpath(where)
        exact[prefix + name if simple else os.path.realpath(os.path.join(folder, name))] = row
        if simple:
            if name in names:
                repeated.add(name)
            names[name] = row
    for name in repeated:
        del names[name]
    newest = [path for _, path in sorted((-row[0], path) for path, row in exact.items() if row[0])]
    return Table(exact, names, newest, [str(p) for p in problems], resolved)


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
