"""Finding and reading article files safely.

Every path is `lstat`-ed before anything else. Only regular files inside the root the user named are
read; links are followed only while they stay inside that root; FIFOs, devices, dangling links, link
loops, oversized and unreadable files are reported as problems instead of being opened.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
MANIFEST_NAMES = ("manifest.tsv", "manifest.csv", "INDEX.tsv", "index.tsv", "INDEX.csv", "index.csv")
DEFAULT_MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """The bytes of one article file, read safely."""

    path: str
    data: bytes
    stamp: tuple | None = None  # `stamp_of` the file as opened, before reading


@dataclass(frozen=True)
class Problem:
    """A file that could not be read, and why."""

    path: str
    reason: str


def path_text(path: str) -> str:
    """A path as text a frame can hold: a name's bytes that are not UTF-8 (kept by Python as lone surrogates, which
    Polars and Parquet refuse) written as \\xNN, so that two such names stay two."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _human(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _resolve_link(path: str, root: str) -> tuple[str | None, str | None]:
    """Resolve a symlink; return (target, None) or (None, reason)."""
    try:
        target = os.path.realpath(path, strict=True)
    except RuntimeError:
        return None, "skipped: symbolic link loop"
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return None, "skipped: symbolic link loop"
        return None, "skipped: dangling symbolic link"
    if not _inside(target, root):
        return None, "skipped: symbolic link points outside the corpus folder"
    return target, None


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source | Problem:
    """Read one regular file, checking type and size before and after opening."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return Problem(path, "skipped: file not found")
    except OSError as exc:
        return Problem(path, f"skipped: cannot stat ({exc.strerror or exc})")
    if not stat.S_ISREG(st.st_mode):
        return Problem(path, f"skipped: {_kind(st.st_mode)}")
    if st.st_size > max_bytes:
        return Problem(path, f"skipped: too large ({_human(st.st_size)} > limit {_human(max_bytes)})")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:
        return Problem(path, "skipped: permission denied")
    except OSError as exc:
        return Problem(path, f"skipped: cannot open ({exc.strerror or exc})")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return Problem(path, f"skipped: {_kind(st.st_mode)}")
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            return Problem(path, f"skipped: too large (grew past limit {_human(max_bytes)})")
        return Source(path, b"".join(chunks), stamp_of(st))
    except OSError as exc:
        return Problem(path, f"skipped: read error ({exc.strerror or exc})")
    finally:
        os.close(fd)


class Candidate(NamedTuple):
    """An article file found by its metadata alone (nothing read yet): enough to tell whether it changed. (A tuple:
    a warm start makes one per file of the corpus, and a frozen dataclass took three times as long to make.)"""

    path: str  # as the user will see it
    target: str  # what to open: the path, or the real file a link inside the root points to
    size: int
    mtime_ns: int  # the later of its modification and change times (`changed_ns`)


def stamp_of(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """What a file's `stat` says that changes when the file does: (size, mtime_ns, ctime_ns, inode, device)."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def changed_ns(st: os.stat_result) -> int:
    """When a file last changed, as far as `stat` can tell: its change time moves with every write even when the
    modification time is set back (`touch -r`, `rsync -t`, an editor that keeps it), so a same-size edit is seen."""
    return max(st.st_mtime_ns, st.st_ctime_ns)


def _walk(folder: str, root: str, seen: set[tuple[int, int]], visited: list | None = None) -> Iterator[Candidate | Problem]:
    """Article files under `folder` by their metadata, in name order; links followed only inside `root`. Each folder
    listed is noted in `visited`, if given, with its stat data as it was before the listing and when that was."""
    if visited is not None:
        try:
            st = os.stat(folder)
            visited.append((folder, stamp_of(st), time.time_ns()))
        except OSError:
            visited.append((folder, None, time.time_ns()))
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except PermissionError:
        yield Problem(folder, "skipped: folder not readable (permission denied)")
        return
    except OSError as exc:
        yield Problem(folder, f"skipped: folder not readable ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = entry.path
        article = os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES
        try:
            if not article and not entry.is_dir(follow_symlinks=True):
                continue  # (the file type comes with the listing: no stat for files that are not articles)
            st = entry.stat(follow_symlinks=False)
        except OSError as exc:
            yield Problem(path, f"skipped: cannot stat ({exc.strerror or exc})")
            continue
        if stat.S_ISLNK(st.st_mode):
            target, reason = _resolve_link(path, root)
            if target is None:
                if article or reason.endswith("loop"):
                    yield Problem(path, reason)
                continue
            try:
                tst = os.stat(target)
            except OSError as exc:
                yield Problem(path, f"skipped: cannot stat link target ({exc.strerror or exc})")
                continue
            if stat.S_ISDIR(tst.st_mode):
                key = (tst.st_dev, tst.st_ino)
                if key in seen:
                    continue
                seen.add(key)
                yield from _walk(target, root, seen, visited)
                continue
            if not article:
                continue
            if not stat.S_ISREG(tst.st_mode):
                yield Problem(path, f"skipped: link to {_kind(tst.st_mode)}")
                continue
            yield Candidate(path, target, tst.st_size, changed_ns(tst))  # read through the link, inside the root
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen:
                continue
            seen.add(key)
            yield from _walk(path, root, seen, visited)
            continue
        if not article:
            continue
        if not stat.S_ISREG(st.st_mode):
            yield Problem(path, f"skipped: {_kind(st.st_mode)}")
            continue
        yield Candidate(path, path, st.st_size, changed_ns(st))


def locate(paths: Iterable[str | os.PathLike[str]], visited: list | None = None) -> Iterator[Candidate | Problem]:
    """Every article file under the given files and folders, by `stat` alone, in a stable order (the folders
    listed noted in `visited`: `_walk`)."""
    seen: set[tuple[int, int]] = set()
    done: set[str] = set()
    for given in paths:
        arg = os.fspath(given)
        try:
            st = os.lstat(arg)
        except FileNotFoundError:
            yield Problem(arg, "skipped: no such file or folder")
            continue
        except OSError as exc:
            yield Problem(arg, f"skipped: cannot stat ({exc.strerror or exc})")
            continue
        if stat.S_ISLNK(st.st_mode):
            # The user named this link; its target becomes the root.
            try:
                real = os.path.realpath(arg, strict=True)
            except (OSError, RuntimeError) as exc:
                loop = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40
                yield Problem(arg, "skipped: symbolic link loop" if loop else "skipped: dangling symbolic link")
                continue
            try:
                st = os.stat(real)
            except OSError as exc:
                yield Problem(arg, f"skipped: cannot stat ({exc.strerror or exc})")
                continue
            if stat.S_ISREG(st.st_mode):
                yield Candidate(arg, real, st.st_size, changed_ns(st))
                continue
            if not stat.S_ISDIR(st.st_mode):
                yield Problem(arg, f"skipped: link to {_kind(st.st_mode)}")
                continue
            arg_root = real
        elif stat.S_ISDIR(st.st_mode):
            arg_root = os.path.realpath(arg)
        elif stat.S_ISREG(st.st_mode):
            key = os.path.realpath(arg)
            if key not in done:
                done.add(key)
                yield Candidate(arg, arg, st.st_size, changed_ns(st))
            continue
        else:
            yield Problem(arg, f"skipped: {_kind(st.st_mode)}")
            continue
        seen.add((st.st_dev, st.st_ino))
        start = arg_root if stat.S_ISLNK(os.lstat(arg).st_mode) else arg
        absolute, cut = os.path.abspath(start), len(start)
        for item in _walk(start, arg_root, seen, visited):
            if isinstance(item, Problem):
                yield item
                continue
            if item.target != item.path:  # a link: known by the file it reads
                key = item.target
            elif item.path.startswith(start):  # (the folder's absolute path and the names under it: abspath per file
                key = os.path.join(absolute, item.path[cut:].lstrip(os.sep))  # cost a third of a warm start's walk)
            else:
                key = os.path.abspath(item.path)
            if key in done:
                continue
            done.add(key)
            yield item


def read_candidate(candidate: Candidate, max_bytes: int = DEFAULT_MAX_BYTES) -> Source | Problem:
    """The bytes of a located file (checked again as it is opened), under the name the user sees."""
    result = read_file(candidate.target, max_bytes)
    if isinstance(result, Source):
        return Source(candidate.path, result.data, result.stamp)
    return Problem(candidate.path, result.reason)


def discover(
    paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_BYTES, visited: list | None = None
) -> Iterator[Source | Problem]:
    """Yield a Source or a Problem for every article file under the given files and folders."""
    for item in locate(paths, visited):
        yield item if isinstance(item, Problem) else read_candidate(item, max_bytes)


def manifest_folders(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The folders a manifest may sit in: each named folder, every folder under it (hidden ones left out) and the
    folder just above it (where an index of a folder of articles often sits), and the folder of each named file."""
    folders: list[str] = []
    for given in paths:
        p = os.fspath(given)
        if os.path.isdir(p):
            folders.append(os.path.dirname(os.path.abspath(p)))
            for dirpath, dirnames, _ in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                folders.append(dirpath)
        else:
            folders.append(os.path.dirname(p) or ".")
    return folders


def manifests(paths: Iterable[str | os.PathLike[str]], folders: list[str] | None = None) -> list[Path]:
    """Manifest files in the `manifest_folders` of `paths` (or in `folders`, when they were listed already)."""
    if folders is None:
        folders = manifest_folders(paths)
    found: list[Path] = []
    for folder in folders:
        for name in MANIFEST_NAMES:
            m = Path(folder) / name
            try:
                if stat.S_ISREG(os.lstat(m).st_mode) and not any(os.path.samefile(m, f) for f in found):
                    found.append(m)
            except OSError:
                pass
    return found
