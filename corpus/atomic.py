"""Writing a file atomically: a temporary file in the same folder, then `os.replace`.

A crash or a full disk leaves the old file (or none), never half of a new one. A link in the way is
replaced, unless the caller asks to write where it points (settings, exports). The temporary file is
created with mode 0666 so that the kernel applies the umask (as for any new file); a file that is
replaced keeps its mode (and, where permitted, its owner). Temporary files are named `.tmp-*`: what a
killed run leaves behind is removed later by `corpus.housekeeping`.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".tmp-"


def _create_temp(folder: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tmp = folder / f"{TEMP_PREFIX}{os.urandom(8).hex()}"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def atomic_write(path: str | os.PathLike[str], write: Callable[[BinaryIO], None], follow_links: bool = False) -> None:
    """Call `write` with a binary file handle, then move the result over `path`. With `follow_links`, over the
    file a link names when `path` is a symbolic link (a settings file kept in a dotfiles folder stays linked, an
    export goes where its link points); without (the caches), a link there is replaced, and what it named is left
    alone: a link planted in the cache must not turn a save into a write over another file."""
    target = Path(os.path.realpath(path)) if follow_links else Path(os.path.abspath(path))
    try:
        old = os.stat(target) if follow_links else os.lstat(target)
    except OSError:
        old = None
    fd, tmp = _create_temp(target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if old is not None and stat.S_ISREG(old.st_mode):
                os.fchmod(fh.fileno(), stat.S_IMODE(old.st_mode))
                if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                    try:
                        os.fchown(fh.fileno(), old.st_uid, old.st_gid)
                    except OSError:
                        pass  # not permitted: the file becomes ours, as with an editor that saves by renaming
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
