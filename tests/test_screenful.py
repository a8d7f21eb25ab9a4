"""The first screenful kept between runs (`corpus.screenful`): a warm first frame shows the files' own rows without
reading one, and any change that could alter what it shows makes the files be read again."""

from __future__ import annotations

import marshal
import os
import shutil
import time
from pathlib import Path

import pytest

from corpus import reading, screenful
from corpus.sources import DEFAULT_MAX_BYTES

LIMIT = 10


def _corpus(root: Path, count: int = 30) -> Path:
    root.mkdir()
    for i in range(count):
        (root / f"{i:02d}.txt").write_text(f"제목 {i}\n본문 {i}번째 기사입니다.\n", encoding="utf-8")
    lines = ["file\tdate\tpublisher"] + [f"{i:02d}.txt\t2024-01-{i % 28 + 1:02d}\t한빛일보" for i in range(count)]
    (root / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _settle()
    return root


def _settle() -> None:
    """Let the files' times fall out of the window where a stamp is not trusted (`screenful.RACY_NS`)."""
    time.sleep(screenful.RACY_NS / 1e9 + 0.01)


def _first_frame(root: Path, limit: int = LIMIT) -> list[str]:
    """What the app's first frame reads and shows, kept as its reader closes."""
    reader = reading.CorpusReader([str(root)], newest_first=True)
    reader.read(limit=limit)
    titles = [row.title for row in reader.preview().rows]
    reader.close()
    return titles


def _kept(root: Path, limit: int = LIMIT):
    return screenful.load((str(root),), DEFAULT_MAX_BYTES, True, limit)


def test_a_kept_first_screenful_shows_what_the_files_say_without_reading_one(tmp_path, monkeypatch):
    root = _corpus(tmp_path / "news")
    titles = _first_frame(root)
    assert titles[:2] == ["제목 27", "제목 26"]  # newest first, by the manifest's dates
    monkeypatch.setattr(reading, "article_row", lambda *a: pytest.fail("a file was read"))
    articles, problems, more = _kept(root)
    assert [a["title"] for a in articles] == titles and problems == [] and more
    assert articles[0]["body"] == "본문 27번째 기사입니다." and articles[0]["publisher"] == "한빛일보"
    assert articles[0]["date"].isoformat() == "2024-01-28"
    assert _kept(root, LIMIT + 1) is None  # a taller screen wants rows that were never read


def test_a_corpus_smaller_than_the_screen_is_kept_whole(tmp_path):
    root = _corpus(tmp_path / "news", count=3)
    _first_frame(root)
    articles, _, more = _kept(root, limit=50)
    assert len(articles) == 3 and not more


def _edit_a_shown_file(root: Path) -> None:
    (root / "27.txt").write_text("고친 제목\n본문이 바뀌었다.\n", encoding="utf-8")


def _edit_it_keeping_size_and_time(root: Path) -> None:
    path = root / "27.txt"
    st = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace("제목".encode(), "재목".encode()))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # only the change time tells


def _add_a_file(root: Path) -> None:
    (root / "00a.txt").write_text("새 기사\n본문.\n", encoding="utf-8")


def _remove_a_shown_file(root: Path) -> None:
    (root / "26.txt").unlink()


def _edit_the_manifest(root: Path) -> None:
    with open(root / "manifest.tsv", "a", encoding="utf-8") as fh:
        fh.write("03.txt\t2025-06-01\t새일보\n")


def _add_a_manifest_above(root: Path) -> None:
    (root.parent / "index.csv").write_text("file,title\n27.txt,위에서 준 제목\n", encoding="utf-8")


def _add_a_subfolder(root: Path) -> None:
    (root / "more").mkdir()
    (root / "more" / "a.txt").write_text("하위 기사\n본문.\n", encoding="utf-8")


@pytest.mark.parametrize(
    "change",
    [
        _edit_a_shown_file,
        _edit_it_keeping_size_and_time,
        _add_a_file,
        _remove_a_shown_file,
        _edit_the_manifest,
        _add_a_manifest_above,
        _add_a_subfolder,
    ],
)
def test_a_change_it_depends_on_makes_the_files_be_read_again(tmp_path, change):
    root = _corpus(tmp_path / "news")
    before = _first_frame(root)
    change(root)
    assert _kept(root) is None
    _settle()
    after = _first_frame(root)  # read again, and kept anew
    assert _kept(root) is not None and [a["title"] for a in _kept(root)[0]] == after
    if change in (_edit_a_shown_file, _remove_a_shown_file, _edit_the_manifest):
        assert after != before


def test_a_damaged_or_foreign_kept_screenful_is_not_trusted(tmp_path, monkeypatch):
    root = _corpus(tmp_path / "news")
    _first_frame(root)
    place = screenful._place(screenful._key((str(root),), DEFAULT_MAX_BYTES, True))
    assert place.is_relative_to(os.environ["XDG_CACHE_HOME"])
    key, watched, articles, problems, exhausted = marshal.loads(place.read_bytes())
    for damaged in (
        place.read_bytes()[:100],
        b"not marshal at all",
        marshal.dumps(((0, *key[1:]), watched, articles, problems, exhausted)),  # another format's
        marshal.dumps((key, watched, [{**articles[0], "title": 7}], problems, exhausted)),
        marshal.dumps((key, watched, articles, [{"path": None}], exhausted)),
        marshal.dumps((key, [(str(root), None)], articles, problems, exhausted)),  # stamps of another state
    ):
        place.write_bytes(damaged)
        assert _kept(root) is None
    place.unlink()
    os.mkfifo(place)  # a FIFO in its place must not block the first frame
    assert _kept(root) is None


def test_a_file_changed_moments_before_it_was_read_is_read_again_next_time(tmp_path):
    root = _corpus(tmp_path / "news")
    _edit_a_shown_file(root)
    assert _first_frame(root)[0] == "고친 제목"
    assert _kept(root) is None  # it could have changed again within the same tick of the file clock
    _settle()
    _first_frame(root)
    assert _kept(root) is not None


def test_without_the_cache_nothing_is_kept(tmp_path):
    root = _corpus(tmp_path / "news")
    reader = reading.CorpusReader([str(root)], newest_first=True, cache=False)
    reader.read(limit=LIMIT)
    reader.preview()
    reader.close()
    assert _kept(root) is None
    shutil.rmtree(root)


def test_a_link_planted_where_it_is_kept_is_replaced_not_written_through(tmp_path):
    root = _corpus(tmp_path / "news")
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    place = screenful._place(screenful._key((str(root),), DEFAULT_MAX_BYTES, True))
    place.parent.mkdir(parents=True, exist_ok=True)
    place.symlink_to(precious)
    _first_frame(root)
    assert precious.read_text(encoding="utf-8") == "keep me\n" and not place.is_symlink()
    assert _kept(root) is not None


def test_a_file_changed_while_the_screenful_was_read_is_read_again_next_time(tmp_path, monkeypatch):
    """Each file is stamped as it is opened: one edited after it was read, while the rest of the screenful was still
    being read, does not pass for the version that was read."""
    root = _corpus(tmp_path / "news")
    real = reading.article_row

    def slow(index, source, manifest):
        row = real(index, source, manifest)
        if source.path.endswith("27.txt"):  # the first file read: edited in place, same size, once it is read
            (root / "27.txt").write_text("바뀐 제목\n본문 27번째 기사입니다.\n", encoding="utf-8")
            time.sleep(screenful.RACY_NS / 1e9 + 0.01)
        return row

    monkeypatch.setattr(reading, "article_row", slow)
    assert _first_frame(root)[0] == "제목 27"
    monkeypatch.setattr(reading, "article_row", real)
    assert _kept(root) is None
    _settle()
    assert _first_frame(root)[0] == "바뀐 제목"


def test_a_folder_reached_through_a_link_is_watched_too(tmp_path):
    root = tmp_path / "news"
    (root / ".hidden").mkdir(parents=True)
    (root / ".hidden" / "a.txt").write_text("숨은 기사\n본문.\n", encoding="utf-8")
    os.symlink(".hidden", root / "linked")
    _settle()
    assert _first_frame(root) == ["숨은 기사"]
    (root / ".hidden" / "0.txt").write_text("새로 온 기사\n본문.\n", encoding="utf-8")
    assert _kept(root) is None


def test_the_folder_above_counts_only_for_its_manifests(tmp_path):
    root = _corpus(tmp_path / "news")
    _first_frame(root)
    (tmp_path / "unrelated.txt").write_text("다른 파일\n", encoding="utf-8")  # $HOME is busy: no reason to read again
    assert _kept(root) is not None
    (tmp_path / "manifest.tsv").write_text("file\ttitle\n27.txt\t위에서 준 제목\n", encoding="utf-8")
    assert _kept(root) is None


@pytest.mark.parametrize(
    "field, value",
    [("publisher", 123), ("furniture", "x"), ("furniture", [{"line": "1", "text": "", "reason": ""}]), ("image_credits", [1])]
    + [("title", "제목\x1b[31m"), ("extra", 1)],
)
def test_a_kept_article_with_a_field_gisa_would_not_write_is_not_trusted(tmp_path, field, value):
    root = _corpus(tmp_path / "news")
    _first_frame(root)
    place = screenful._place(screenful._key((str(root),), DEFAULT_MAX_BYTES, True))
    key, watched, articles, problems, exhausted = marshal.loads(place.read_bytes())
    articles[0][field] = value
    place.write_bytes(marshal.dumps((key, watched, articles, problems, exhausted)))
    assert _kept(root) is None


def test_a_corpus_whose_folder_name_is_decomposed_hangul_is_kept_too(tmp_path):
    """Folders made on macOS often spell Hangul decomposed (NFD): a path is kept as given, not refused as unclean."""
    import unicodedata

    root = _corpus(tmp_path / unicodedata.normalize("NFD", "기사"))
    titles = _first_frame(root)
    kept = _kept(root)
    assert kept is not None and [a["title"] for a in kept[0]] == titles
