"""`-o`, tried as a hostile user would: nothing existing is destroyed, every failure is one line.

Regular files and new names are written atomically; FIFOs and character devices are streamed into and
stay what they are; a folder, a missing folder, a read-only file or folder is refused; a run that found
no input or failed leaves the old file as it was. Devices are copies made with mknod in the test folder
(the real /dev/null is never put at risk, even by code that would replace it).
"""

from __future__ import annotations

import os
import stat
import threading

import polars as pl
import pytest

from tests.clirun import assert_one_clean_line, run_main, run_process
from tests.conftest import SEEDS

KEEP = b"my precious results\n"


def _device(tmp_path, name: str, minor: int) -> str:
    """A character device like /dev/null (minor 3) or /dev/full (minor 7), made in the test folder."""
    path = tmp_path / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        if os.geteuid() == 0:
            raise
        return f"/dev/{name}"  # not root: nothing here can replace the real one
    return str(path)


@pytest.fixture
def keep(tmp_path):
    path = tmp_path / "keep.csv"
    path.write_bytes(KEEP)
    return path


def test_missing_input_keeps_the_existing_output(keep):
    run = run_main("entities", "/nonexistent/gisa", "-o", str(keep))
    assert run.code == 1
    assert "no such file or folder" in assert_one_clean_line(run)
    assert keep.read_bytes() == KEEP


@pytest.mark.parametrize("command", ["entities", "claims", "compare"])
def test_a_folder_without_articles_writes_nothing(tmp_path, keep, command):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "binary.txt").write_bytes(b"\x00\x01\x02" * 40)
    run = run_main(command, str(empty), "-o", str(keep))
    assert run.code == 1
    assert "no readable article" in run.errors[-1]
    assert keep.read_bytes() == KEEP
    new = tmp_path / "new.csv"
    assert run_main(command, str(empty), "-o", str(new)).code == 1
    assert not new.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


def test_a_read_only_file_is_refused_not_replaced(keep):
    keep.chmod(0o444)
    run = run_main("entities", str(SEEDS), "-o", str(keep))
    assert run.code == 1
    assert "read-only" in assert_one_clean_line(run)
    assert keep.read_bytes() == KEEP and stat.S_IMODE(keep.stat().st_mode) == 0o444


def test_a_character_device_is_written_into_not_replaced(tmp_path):
    null = _device(tmp_path, "null", 3)
    for fmt in ("csv", "json", "parquet"):
        run = run_main("entities", str(SEEDS), "--format", fmt, "-o", null)
        assert run.code == 0, run.err
        assert stat.S_ISCHR(os.lstat(null).st_mode)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_full_device_is_one_clear_error_and_stays_a_device(tmp_path, fmt):
    full = _device(tmp_path, "full", 7)
    run = run_main("claims", str(SEEDS), "--format", fmt, "-o", full)
    assert run.code == 1
    assert "No space left on device" in assert_one_clean_line(run)
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_a_fifo_is_streamed_into_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, "rb").read()), daemon=True)
    reader.start()
    run = run_main("entities", str(SEEDS), "--format", "csv", "-o", str(fifo))
    reader.join(timeout=30)
    assert run.code == 0, run.err
    assert received and received[0].startswith(b"entity_id,kind,name")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_folder_a_missing_folder_and_a_read_only_folder_are_refused(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    cases = {
        str(tmp_path): "is a folder",
        str(tmp_path / "missing" / "out.csv"): "no such folder",
        str(locked / "out.csv"): "read-only",
    }
    for target, reason in cases.items():
        run = run_main("entities", str(SEEDS), "-o", target)
        assert run.code == 1, target
        assert reason in assert_one_clean_line(run), target
    assert list(locked.iterdir()) == []


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path):
    old = os.umask(0o027)
    try:
        new = tmp_path / "new.csv"
        assert run_main("entities", str(SEEDS), "-o", str(new)).code == 0
        assert stat.S_IMODE(new.stat().st_mode) == 0o640
        shared = tmp_path / "shared.csv"
        shared.write_bytes(KEEP)
        shared.chmod(0o664)
        assert run_main("entities", str(SEEDS), "-o", str(shared)).code == 0
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664 and shared.read_bytes() != KEEP
    finally:
        os.umask(old)


def test_a_link_to_a_file_keeps_being_a_link(tmp_path):
    real = tmp_path / "real.csv"
    real.write_bytes(KEEP)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert run_main("entities", str(SEEDS), "-o", str(link)).code == 0
    assert link.is_symlink() and real.read_bytes().startswith(b"entity_id")


def test_dash_is_stdout():
    run = run_main("entities", str(SEEDS), "--format", "csv", "-o", "-")
    assert run.code == 0 and run.out.startswith(b"entity_id,kind,name")


def test_parquet_goes_to_a_file_or_to_an_explicit_dash(tmp_path):
    out = tmp_path / "claims.parquet"
    assert run_main("claims", str(SEEDS), "-o", str(out)).code == 0
    assert pl.read_parquet(out.read_bytes()).height > 0
    piped = run_main("claims", str(SEEDS), "--format", "parquet", "-o", "-")
    assert piped.code == 0 and pl.read_parquet(piped.out).height > 0
    run = run_main("claims", str(SEEDS), "--format", "parquet")
    assert run.code == 2 and "-o" in assert_one_clean_line(run)


def test_stdout_on_a_full_disk_is_one_line_not_a_traceback():
    with open("/dev/full", "wb") as full:  # opened for writing only: the device itself is never at risk
        run = run_process("claims", str(SEEDS), "--format", "csv", stdout=full)
    assert run.code == 1
    assert "No space left on device" in assert_one_clean_line(run)


def test_an_article_that_was_read_is_never_the_output(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("제목\n본문에 2031만명이 있다.\n", encoding="utf-8")
    before = article.read_bytes()
    run = run_main("claims", str(tmp_path), "-o", str(article))
    assert run.code == 1 and "one of the articles" in assert_one_clean_line(run)
    assert article.read_bytes() == before
