"""Reading article files, once: the first screenful for the first frame, then the rest.

`article_row` turns one file's bytes into the fields of an article (decode, clean, structure,
manifest). A `CorpusReader` walks the corpus a single time: the app asks it for the first rows before
the first paint (no Polars, a time budget), unless the first screenful kept from the last run still holds
(`corpus.screenful`), and `finish` reads on from where it stopped and builds the frames (`corpus.loader`).
No file is read twice.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator

from . import screenful
from .cleaning import clean, safe_label
from .decoding import BinaryFile, decode
from .manifest import Manifest
from .preview import DEFAULT_CORPUS, Preview
from .sources import (
    ARTICLE_SUFFIXES,
    DEFAULT_MAX_BYTES,
    Candidate,
    Problem,
    Source,
    discover,
    locate,
    manifest_folders,
    manifests,
    path_text,
    read_candidate,
    read_file,
)
from .structure import parse

_real_dirs: dict[str, str] = {}


def _real(path: str) -> str:
    """realpath, resolving each folder once (a corpus has many files per folder)."""
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(os.path.abspath(path))
    real = _real_dirs.get(folder)
    if real is None:
        real = _real_dirs[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def article_row(index: int, source: Source, manifest: Manifest) -> dict | Problem:
    """The fields of one article, or the Problem that stops it from being one."""
    try:
        decoded = decode(source.data)
    except BinaryFile as exc:
        return Problem(source.path, f"skipped: {exc}")
    text = clean(decoded.text)
    if not source.data:
        return Problem(source.path, "skipped: empty file")
    if not text.strip():
        return Problem(source.path, "skipped: no text (whitespace or control characters only)")
    parsed = parse(text)
    entry = manifest.lookup(_real(source.path))
    date = parsed.published.date() if parsed.published else None
    clock = parsed.published.strftime("%H:%M") if parsed.published and parsed.has_time else None
    date_from = "text" if date else None
    title, title_from = parsed.title, parsed.title_from
    publisher, url = parsed.publisher, None
    if entry:
        if entry.date and not date:
            date, date_from = entry.date, "manifest"
        if entry.title:
            title, title_from = entry.title, "manifest"
        publisher = publisher or entry.publisher
        url = entry.url
    return {
        "id": index,
        "path": path_text(source.path),  # as given (cleaned where it is shown)
        "name": safe_label(os.path.basename(source.path), 120),
        "title": safe_label(title, 300),
        "title_from": title_from,
        "publisher": safe_label(publisher, 80) if publisher else None,
        "byline": safe_label(parsed.byline, 80) if parsed.byline else None,
        "date": date,
        "time": clock,
        "date_from": date_from,
        "url": url,
        "body": parsed.body,
        "furniture": [{"line": f.line, "text": f.text, "reason": f.reason} for f in parsed.furniture],
        "image_credits": parsed.image_credits,
        "encoding": decoded.encoding,
        "repaired": decoded.repaired,
        "sha256": hashlib.sha256(source.data).hexdigest(),
    }


def id_key(roots: tuple[str, ...]) -> Callable[[str], str]:
    """What an article's id is made from: its path within the root it was found under, led by that root's
    own name, so the same corpus gets the same ids (and so the same order of claims, entities and ties
    in the comparison) wherever it sits. When two roots share a name, the absolute path."""
    absolute = [os.path.abspath(r) for r in roots]
    names = [os.path.basename(a) for a in absolute]
    if len(set(names)) < len(names):
        return os.path.abspath

    def key(path: str) -> str:
        # the deepest folder given that holds the file, else the file itself if given: whatever the roots' order, and
        # whether or not a file inside a given folder is also named on its own
        full = os.path.abspath(path)
        best, found = "", full
        for root, name in zip(absolute, names):
            inside = root.rstrip(os.sep) + os.sep
            if full.startswith(inside) and len(inside) > len(best):
                best, found = inside, name + os.sep + full[len(inside) :]
            elif full == root and not best:
                found = name
        return found

    return key


def article_id(key: str) -> int:
    """A stable id from `id_key`'s key: the same file has the same id in every run."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1  # positive, to fit a signed 64-bit column


def reread_body(path: str, sha256: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, bool]:
    """An article's body read from its file again: (body, True) when the file is what was analysed,
    (its text now, False) when it changed since, ("", False) when it cannot be read."""
    source = read_file(path, max_bytes)
    if isinstance(source, Problem):
        return "", False
    try:
        text = clean(decode(source.data).text)
    except BinaryFile:
        return "", False
    return parse(text).body, hashlib.sha256(source.data).hexdigest() == sha256


class CorpusReader:
    """One pass over a corpus: manifests first, then every file once.

    `newest_first` (the app) reads first the files the article list shows first: by the date a manifest
    gives them, newest first, then the rest in the order they were found, so the first frame's rows are
    the list's final top rows. Without a manifest date, or for the headless commands, files are read in
    the order found. Either way the corpus it builds lists them in the order found. With `candidates`
    (files found changed since a snapshot) only those are read, in the order given. With `cache`, a manifest's
    parsed tables are kept in the user's cache and reused while its stat data stay the same, and a newest-first
    reading keeps its first preview (`corpus.screenful`) when it closes."""

    def __init__(
        self,
        paths: Iterable[str | os.PathLike[str]] | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        newest_first: bool = False,
        candidates: list[Candidate] | None = None,
        cache: bool = True,
    ) -> None:
        self.roots = tuple(os.fspath(p) for p in (paths or [DEFAULT_CORPUS]))
        self._id_key = id_key(self.roots)
        self.manifest = Manifest(cache=cache)
        folders = manifest_folders(self.roots)
        found = manifests(self.roots, folders)
        # a first screenful may be kept (`corpus.screenful`): what it depends on is stamped before any file is read
        self._keep_first = cache and candidates is None and newest_first  # (the app's first frame reads this way)
        self._first_deps = screenful.watch(self.roots, folders, found) if self._keep_first else []
        self._first: tuple | None = None
        self._read: list[tuple[str, tuple | None, int]] = []  # the files read (or found wanting) before the first preview,
        self._visited: list[tuple[str, tuple | None, int]] | None = [] if self._keep_first else None  # and folders listed
        self._max_bytes, self._newest = max_bytes, newest_first
        for m in found:
            self.manifest.add(m)
        self.articles: list[dict] = []
        self.problems: list[dict] = [] if candidates is not None else [{"path": p, "reason": r} for p, r in self.manifest.problems]
        self._reordered = candidates is None and newest_first and self.manifest.has_dates
        self._article_paths: list[str] = []  # when read newest first: each article's and problem's path, and
        self._problem_paths: list[str | None] = [None] * len(self.problems)  # where the walk found it
        self._found: dict[str, int] = {}
        if candidates is not None:
            self._items: Iterator[Source | Problem] = (read_candidate(c, max_bytes) for c in candidates)
        elif self._reordered:
            self._items = self._newest_first(max_bytes)
        else:
            self._items = discover(self.roots, max_bytes=max_bytes, visited=self._visited)
        self._path = ""
        self.exhausted = False

    def _newest_first(self, max_bytes: int) -> Iterator[Source | Problem]:
        """The files the manifests date, newest first, then the rest as found; problems last.

        The dated files come straight from the manifests' entries (a `stat` each, no walk), so the first
        screenful is read without listing ten thousand files; the walk that finds the rest comes after."""
        done: set[str] = set()
        key = lambda path: os.path.normpath(os.path.abspath(path))  # noqa: E731
        for path in self._dated_files():
            done.add(key(path))
            self._path = path
            yield read_candidate(Candidate(path, path, 0, 0), max_bytes)
        found = list(locate(self.roots, self._visited))
        self._found = {item.path: rank for rank, item in enumerate(found)}
        dated: list[tuple[int, int]] = []
        undated: list[int] = []
        for rank, item in enumerate(found):
            if isinstance(item, Problem) or key(item.path) in done:
                continue
            ordinal = self.manifest.ordinal(_real(item.path))
            if ordinal:
                dated.append((-ordinal, rank))
            else:
                undated.append(rank)
        dated.sort()
        for rank in [r for _, r in dated] + undated:
            self._path = found[rank].path
            yield read_candidate(found[rank], max_bytes)
        for item in found:
            if isinstance(item, Problem):
                self._path = item.path
                yield item

    def _dated_files(self) -> Iterator[str]:
        """Regular article files under the roots that a manifest dates by their path, newest first, as the
        walk would name them (a file reached through a link, or dated by its name alone, comes later)."""
        bases = []
        for root in self.roots:
            if os.path.isdir(root):
                base = os.path.realpath(root) if os.path.islink(root) else root
                bases.append((os.path.realpath(root), base))
        for real in self.manifest.newest_first():
            for real_root, base in bases:
                if not real.startswith(real_root.rstrip(os.sep) + os.sep):
                    continue
                rel = real[len(real_root.rstrip(os.sep)) + 1 :]
                parts = rel.split(os.sep)
                if any(p.startswith(".") for p in parts) or os.path.splitext(rel)[1].lower() not in ARTICLE_SUFFIXES:
                    break
                path = os.path.join(base, rel)
                try:
                    regular = stat.S_ISREG(os.lstat(path).st_mode) and os.path.realpath(path) == real
                except OSError:
                    regular = False
                if regular:
                    yield path
                break

    def read(self, limit: int | None = None, budget: float | None = None, progress: Callable[[int], None] | None = None) -> None:
        """Read on until `limit` files have been seen in all, `budget` seconds have gone, or the end."""
        deadline = time.monotonic() + budget if budget is not None else None
        while not self.exhausted:
            if limit is not None and len(self.articles) + len(self.problems) >= limit:
                return
            item = next(self._items, None)
            if item is None:
                self.exhausted = True
                return
            if self._first is None and self._keep_first:  # stamped as read (a Source's as opened, before reading)
                now = time.time_ns()
                self._read.append((item.path, item.stamp if isinstance(item, Source) else screenful.stamp(item.path), now))
            if isinstance(item, Source):
                item = article_row(article_id(self._id_key(item.path)), item, self.manifest)
            if isinstance(item, Problem):
                self.problems.append({"path": safe_label(item.path, 400), "reason": item.reason})
                self._problem_paths.append(self._path)
            else:
                self.articles.append(item)
                self._article_paths.append(self._path)
            if progress:
                progress(len(self.articles) + len(self.problems))
            if deadline is not None and time.monotonic() > deadline:
                return

    def preview(self) -> Preview:
        """The articles read so far; the first call's are kept as the corpus's first screenful when it closes."""
        if self._first is None:
            seen = [*(self._visited or []), *self._read]
            self._first = (list(self.articles), list(self.problems), self.exhausted, [(p, screenful.settled(s, t)) for p, s, t in seen])
            self._read, self._visited = [], None
        return Preview(self.articles, self.problems, self.roots, more=not self.exhausted)

    def finish(self, progress: Callable[[int], None] | None = None):
        """Read the rest and return the whole `corpus.loader.Corpus` (this imports Polars)."""
        from .loader import build_corpus

        self.read(progress=progress)
        if self._reordered:  # read newest first: the corpus lists its files in the order the walk found them
            rank = self._found.get
            order = sorted(range(len(self.articles)), key=lambda i: rank(self._article_paths[i], -1))
            self.articles = [self.articles[i] for i in order]
            order = sorted(range(len(self.problems)), key=lambda i: rank(self._problem_paths[i] or "", -1))
            self.problems = [self.problems[i] for i in order]
            self._reordered = False
        corpus = build_corpus(self.articles, self.problems, self.roots)
        self.close()  # the frames hold it all now; no second copy of every body
        return corpus

    def close(self) -> None:
        """Forget what this reading holds (rows, the manifests, the file list): the corpus, or a snapshot that
        made reading needless, has what the app shows; a reader kept by its caller then costs nothing."""
        self.manifest.save()  # the manifests parsed this time are kept (after the first frame: the app's worker closes)
        if self._keep_first and self._first is not None:
            articles, problems, exhausted, files = self._first
            screenful.save(self.roots, self._max_bytes, self._newest, self._first_deps + files, articles, problems, exhausted)
        self._first, self._keep_first = None, False
        self.articles, self.problems = [], []
        self._article_paths, self._problem_paths, self._found = [], [], {}
        self.manifest = Manifest()
        self._items = iter(())
        self.exhausted = True
