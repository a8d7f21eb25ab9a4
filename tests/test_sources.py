"""Hostile files: a folder mixing good and bad files loads every good one and lists every bad one."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import pytest

from corpus.loader import load_corpus
from corpus.sources import Problem, Source, discover, read_file

GOOD = "서울 시내 기사 제목\n\n본문 첫 문장이다. 사용자는 2031만명이다.\n"


def _reasons(corpus) -> dict[str, str]:
    return {os.path.basename(r["path"]): r["reason"] for r in corpus.problems.iter_rows(named=True)}


@pytest.fixture
def hostile(tmp_path):
    root = tmp_path / "hostile"
    root.mkdir()
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "good.md").write_text("# 마크다운 제목\n\n본문이다.\n", encoding="utf-8")
    (root / "cp949.txt").write_bytes("한국 기사\n본문이다.".encode("cp949"))
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text("   \n\n\t  \r\n", encoding="utf-8")
    os.mkfifo(root / "fifo.txt")
    os.symlink("/dev/zero", root / "zero.txt")
    os.symlink(root / "missing.txt", root / "dangling.txt")
    os.symlink(root / "loop_b.txt", root / "loop_a.txt")
    os.symlink(root / "loop_a.txt", root / "loop_b.txt")
    outside = tmp_path / "outside.txt"
    outside.write_text("밖에 있는 파일이다.", encoding="utf-8")
    os.symlink(outside, root / "escape.txt")
    with open(root / "huge.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (root / "escapes.txt").write_text("제목\x1b]0;HACKED\x07\n본문\x1b[2J 이다.\x1b]52;c;ZXZpbA==\x07\n", encoding="utf-8")
    (root / "markup.txt").write_text("[/] 제목 [@click=app.quit]눌러[/]\n[bold]본문[/bold] 이다.\n", encoding="utf-8")
    (root / "nfd.txt").write_text(unicodedata.normalize("NFD", "한글 제목\n분해된 한글 본문이다."), encoding="utf-8")
    (root / "crlf.txt").write_bytes("제목\r\n본문 하나.\r둘째 줄이다.\r\n".encode())
    (root / "image.png").write_bytes(b"\x89PNG")  # not an article: ignored in folder walks
    sub = root / "sub"
    sub.mkdir()
    (sub / "nested.txt").write_text("하위 폴더 기사\n본문이다.", encoding="utf-8")
    os.symlink(root, sub / "back_to_root")  # a folder loop
    return root


def test_hostile_folder_loads_good_files_and_lists_bad_ones(hostile):
    corpus = load_corpus([hostile])
    names = set(corpus.articles["name"].to_list())
    assert {"good.txt", "good.md", "cp949.txt", "escapes.txt", "markup.txt", "nfd.txt", "crlf.txt", "nested.txt"} <= names
    reasons = _reasons(corpus)
    assert "binary" in reasons["binary.txt"].lower() or "png" in reasons["binary.txt"].lower()
    assert "empty" in reasons["empty.txt"]
    assert "whitespace" in reasons["blank.txt"]
    assert "FIFO" in reasons["fifo.txt"]
    assert "outside" in reasons["zero.txt"]  # a link to /dev/zero leaves the root
    assert "dangling" in reasons["dangling.txt"]
    assert "loop" in reasons["loop_a.txt"] and "loop" in reasons["loop_b.txt"]
    assert "outside" in reasons["escape.txt"]
    assert "too large" in reasons["huge.txt"] and "50.0 MB" in reasons["huge.txt"]
    assert "image.png" not in names and "image.png" not in reasons
    assert names.isdisjoint(reasons)


def test_every_text_is_clean_and_offsets_are_stable(hostile):
    corpus = load_corpus([hostile])
    for row in corpus.articles.iter_rows(named=True):
        for field in ("title", "body", "name"):
            assert "\x1b" not in row[field] and "\r" not in row[field] and "\x07" not in row[field]
            assert unicodedata.is_normalized("NFC", row[field])
    by_name = {r["name"]: r for r in corpus.articles.iter_rows(named=True)}
    assert by_name["markup.txt"]["title"] == "[/] 제목 [@click=app.quit]눌러[/]"
    assert (by_name["crlf.txt"]["title"], by_name["crlf.txt"]["body"]) == ("제목", "본문 하나.\n둘째 줄이다.")
    assert by_name["nfd.txt"]["title"] == "한글 제목"
    assert by_name["cp949.txt"]["encoding"] == "cp949"


def test_named_link_to_dev_zero_is_refused_without_reading(tmp_path):
    link = tmp_path / "z.txt"
    os.symlink("/dev/zero", link)
    results = list(discover([link]))
    assert len(results) == 1 and isinstance(results[0], Problem)
    assert "device" in results[0].reason


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("비밀", encoding="utf-8")
    real_open = os.open

    def deny(p, *a, **k):
        if os.fspath(p) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(p, *a, **k)

    monkeypatch.setattr(os, "open", deny)
    result = read_file(str(path))
    assert isinstance(result, Problem) and "permission" in result.reason


def test_missing_path_is_a_problem_not_a_crash(tmp_path):
    corpus = load_corpus([tmp_path / "nope"])
    assert corpus.articles.height == 0
    assert corpus.problems["reason"].to_list() == ["skipped: no such file or folder"]


def test_size_cap_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    result = read_file(str(path), max_bytes=1000)
    assert isinstance(result, Problem) and "too large" in result.reason
    assert isinstance(read_file(str(path), max_bytes=5000), Source)


def test_link_inside_root_is_followed(tmp_path):
    (tmp_path / "real.txt").write_text("제목\n본문이다.", encoding="utf-8")
    os.symlink(tmp_path / "real.txt", tmp_path / "alias.txt")
    results = [r for r in discover([tmp_path]) if isinstance(r, Source)]
    assert len(results) == 1  # the same file once, not twice


def _run_gisa(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, timeout=60, cwd=cwd)


def test_gisa_check_on_hostile_folder(hostile):
    result = _run_gisa("check", str(hostile))
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout
    lines = out.splitlines()
    assert any(l.startswith("loaded") and "good.txt" in l for l in lines)
    assert any(l.startswith("skipped") and "fifo.txt" in l and "FIFO" in l for l in lines)
    assert any("title=제목" in l and "escapes.txt" in l for l in lines)


def test_gisa_check_exits_nonzero_when_nothing_loads(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = _run_gisa("check", str(tmp_path))
    assert result.returncode == 1
    assert "empty" in result.stdout.decode()


def test_the_first_screenful_is_read_once_and_the_corpus_goes_on_from_there(tmp_path, monkeypatch):
    import corpus.reading as reading

    for i in range(30):
        (tmp_path / f"{i:02d}.txt").write_text(f"제목 {i}\n본문 {i}번째 기사입니다.\n", encoding="utf-8")
    (tmp_path / "manifest.tsv").write_text("file\tpublisher\n03.txt\t한빛일보\n", encoding="utf-8")
    opened = []
    real = reading.article_row
    monkeypatch.setattr(reading, "article_row", lambda i, source, m: opened.append(source.path) or real(i, source, m))
    reader = reading.CorpusReader([str(tmp_path)])
    reader.read(limit=10)
    preview = reader.preview()
    assert [r.title for r in preview.rows] == [f"제목 {i}" for i in range(10)]
    assert preview.rows[3].publisher == "한빛일보"  # manifests apply from the first frame
    corpus = reader.finish()
    assert corpus.articles["title"].to_list() == [f"제목 {i}" for i in range(30)]
    assert len(opened) == len(set(opened)) == 30  # every file read exactly once

    slow = reading.CorpusReader([str(tmp_path)])
    slow.read(limit=30, budget=0.0)  # a slow disk: stop after the first file
    assert len(slow.preview().rows) == 1


def test_an_article_has_one_id_whatever_the_order_its_folder_and_itself_are_given_in(tmp_path):
    """`gisa news news/a.txt` and `gisa news/a.txt news` read the same files: the same ids, so a stored snapshot (its
    folder ignores the order) never meets ids of another reading. Two folders of one name fall back to full paths."""
    from corpus.reading import CorpusReader

    news = tmp_path / "news"
    news.mkdir()
    for name in ("a.txt", "b.txt"):
        (news / name).write_text(f"제목 {name}\n본문입니다.\n", encoding="utf-8")

    def ids(*roots):
        reader = CorpusReader([str(r) for r in roots])
        reader.read()
        return {a["name"]: a["id"] for a in reader.articles}

    assert ids(news, news / "a.txt") == ids(news / "a.txt", news) == ids(news)
    other = tmp_path / "other" / "news"
    other.mkdir(parents=True)
    (other / "a.txt").write_text("제목 a\n다른 본문입니다.\n", encoding="utf-8")
    reader = CorpusReader([str(news), str(other)])
    reader.read()
    assert len({a["id"] for a in reader.articles}) == 3  # news/a.txt and other/news/a.txt stay apart
