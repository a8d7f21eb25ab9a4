"""Paths are paths, never patterns; manifests are real TSV/CSV read row by row.

Polars readers expand `[`, `*` and `?` in a path string: a folder `news[2024]` or a cache under
`cache[x]` must still be read as what it names.
"""

from __future__ import annotations

import os
import shutil

import polars as pl
import pytest

from corpus import cache, kiwi
from corpus.analysis import analyse
from corpus.loader import load_corpus
from corpus.manifest import Manifest, read_manifest
from tests.clirun import run_main
from tests.conftest import SEEDS, shared_data

PATTERN_NAMES = ["news[2024]", "a*b", "what?", "two words", "[x] *?"]
BODY = "본문에 2031만명이 있다. 샘 알트먼이 서울에 왔다.\n"


def _article_folder(parent, name: str):
    folder = parent / name
    folder.mkdir()
    (folder / "a.txt").write_text(BODY, encoding="utf-8")
    (folder / "manifest.tsv").write_text("file\tdate\tpublisher\ttitle\na.txt\t2024-01-02\t한빛일보\t매니페스트 제목\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", PATTERN_NAMES)
def test_a_folder_named_like_a_pattern_keeps_its_manifest(tmp_path, name):
    folder = _article_folder(tmp_path, name)
    corpus = load_corpus([folder])
    assert corpus.problems.height == 0, corpus.problems.to_dicts()
    row = corpus.articles.row(0, named=True)
    assert (row["title"], row["publisher"], str(row["date"])) == ("매니페스트 제목", "한빛일보", "2024-01-02")


@pytest.mark.parametrize("name", ["cache[x]", "c*?he [1]"])
def test_a_cache_under_a_pattern_like_folder_is_used(tmp_path, monkeypatch, name):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / name))
    articles = load_corpus([SEEDS]).articles
    first = analyse(articles)
    assert first.analysed == 5
    calls = kiwi.calls
    second = analyse(articles)
    assert second.from_cache == 5 and second.analysed == 0 and kiwi.calls == calls
    assert second.claims.equals(first.claims)
    assert len(list(cache.cache_dir().glob("*.parquet"))) == len(cache.PARTS)  # the pack was read, not thrown away


@pytest.mark.parametrize("name", PATTERN_NAMES)
def test_exports_go_where_they_are_told(tmp_path, name):
    folder = tmp_path / name
    folder.mkdir()
    out = folder / f"claims {name}.parquet"
    run = run_main("claims", str(SEEDS), "-o", str(out))
    assert run.code == 0, run.err
    assert sorted(os.listdir(folder)) == [out.name]
    with open(out, "rb") as fh:
        assert pl.read_parquet(fh).height > 0


def test_reports_on_a_pattern_like_folder(tmp_path):
    folder = _article_folder(tmp_path, "news[2024]")
    run = run_main("claims", str(folder), "--format", "csv")
    assert run.code == 0, run.err
    assert pl.read_csv(run.out)["title"].to_list()[0] == "매니페스트 제목"


# manifests


def _manifest(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_tsv_title_that_starts_with_a_quote_is_text(tmp_path):
    path = _manifest(
        tmp_path,
        "manifest.tsv",
        "file\tdate\ttitle\n"
        'a.txt\t2016-06-17\t"브랙시트 반대" 조 콕스 의원 사망\n'
        'b.txt\t2016-06-18\t그는 "반대"라고 했다\n'
        'c.txt\t2016-06-19\t"끝나지 않은 따옴표\n',
    )
    entries, problems = read_manifest(path)
    assert problems == []
    assert [(n, e.title) for n, e in entries] == [
        ("a.txt", '"브랙시트 반대" 조 콕스 의원 사망'),
        ("b.txt", '그는 "반대"라고 했다'),
        ("c.txt", '"끝나지 않은 따옴표'),
    ]


def test_a_manifest_is_parsed_once_and_again_only_after_it_changes(tmp_path, monkeypatch):
    """Ten thousand manifest rows cost a first frame tens of ms to parse: they are kept in the cache, keyed by the
    file's stat data, and an edited manifest is read again (its new titles and problems shown, never the old)."""
    import corpus.manifest as manifest

    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(BODY, encoding="utf-8")
    path = _manifest(tmp_path, "manifest.tsv", "file\tdate\ttitle\na.txt\t2024-01-02\t첫째\nb.txt\t02/01/2024\t둘째\n")
    parsed = []
    real = manifest.read_manifest
    monkeypatch.setattr(manifest, "read_manifest", lambda p: parsed.append(p) or real(p))

    def shown():
        corpus = load_corpus([tmp_path])
        titles = dict(zip(corpus.articles["name"], corpus.articles["title"]))
        dates = dict(zip(corpus.articles["name"], corpus.articles["date"]))
        return titles, str(dates["a.txt"]), [r["reason"] for r in corpus.problems.iter_rows(named=True)]

    first = shown()
    assert first == ({"a.txt": "첫째", "b.txt": "둘째"}, "2024-01-02", ["line 3: date '02/01/2024' is not YYYY-MM-DD; date ignored"])
    assert shown() == first and len(parsed) == 1  # the second reading took the rows from the cache
    path.write_text("file\tdate\ttitle\na.txt\t2024-03-04\t고친 제목\nb.txt\t2024-01-01\t둘째\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))  # even with an old time, the size and time differ from what was kept
    assert shown() == ({"a.txt": "고친 제목", "b.txt": "둘째"}, "2024-03-04", []) and len(parsed) == 2


def test_nested_manifests_each_keep_their_own_entries(tmp_path):
    """With a manifest above and one in a subfolder, an entry removed from the nested one is gone on the next start:
    the cached table of the first manifest must not have taken in the second's rows."""
    import corpus.manifest as manifest

    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.txt"):
        (tmp_path / name).write_text(BODY, encoding="utf-8")
    _manifest(tmp_path, "index.tsv", "file\ttitle\na.txt\t위의 제목\n")
    nested = _manifest(tmp_path / "sub", "index.tsv", "file\ttitle\nb.txt\t아래 제목\n")

    def lookup(name: str):
        m = manifest.Manifest(cache=True)
        for path in (tmp_path / "index.tsv", nested):
            m.add(path)
        m.save()
        return m.lookup(os.path.realpath(tmp_path / name))

    assert lookup("sub/b.txt").title == "아래 제목" and lookup("a.txt").title == "위의 제목"
    nested.write_text("file\ttitle\n", encoding="utf-8")
    assert lookup("sub/b.txt") is None and lookup("a.txt").title == "위의 제목"


def test_a_manifest_path_through_a_link_follows_the_link_as_it_is_now(tmp_path):
    import corpus.manifest as manifest

    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(BODY, encoding="utf-8")
    os.symlink("one", tmp_path / "now")
    index = _manifest(tmp_path, "index.tsv", "file\ttitle\nnow/a.txt\t링크의 기사\n")

    def title(folder: str):
        m = manifest.Manifest(cache=True)
        m.add(index)
        m.save()
        entry = m.lookup(os.path.realpath(tmp_path / folder / "a.txt"))
        return entry.title if entry else None

    assert title("one") == "링크의 기사" and title("one") == "링크의 기사"  # (the second from the cache)
    os.unlink(tmp_path / "now")
    os.symlink("two", tmp_path / "now")
    assert title("two") == "링크의 기사" and title("one") is None


def test_a_manifest_that_could_not_be_read_is_read_again_next_time(tmp_path, monkeypatch):
    """A manifest unreadable for a moment (permissions, an I/O error) is not remembered as empty once it reads."""
    import corpus.manifest as manifest

    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    _manifest(tmp_path, "manifest.tsv", "file\tdate\ttitle\na.txt\t2024-01-02\t매니페스트 제목\n")
    with monkeypatch.context() as m:
        m.setattr(manifest, "read_manifest", lambda p: ([], ["manifest not read: Permission denied"]))
        corpus = load_corpus([tmp_path])
        assert corpus.articles["title"].to_list() != ["매니페스트 제목"]
    assert load_corpus([tmp_path]).articles["title"].to_list() == ["매니페스트 제목"]


def test_a_csv_manifest_cell_is_cleaned_like_the_file_names_it_names(tmp_path):
    """A quoted CSV cell may hold a tab, or join into decomposed Hangul: it is cleaned as any cell, so the name
    matches the file on disk (which is read by its NFC name)."""
    (tmp_path / "가.txt").write_text(BODY, encoding="utf-8")
    _manifest(tmp_path, "manifest.csv", 'file,date,title\n"\u1100"\u1161.txt,2024-01-02,자모로 쓴 이름\n')
    corpus = load_corpus([tmp_path])
    assert corpus.articles["title"].to_list() == ["자모로 쓴 이름"]


def test_a_csv_manifest_is_real_csv(tmp_path):
    path = _manifest(tmp_path, "manifest.csv", 'file,date,title\na.txt,2016-06-17,"쉼표, 그리고 ""따옴표"""\n')
    entries, problems = read_manifest(path)
    assert problems == [] and entries[0][1].title == '쉼표, 그리고 "따옴표"'


def test_bad_rows_are_reported_with_file_and_line_and_good_rows_apply(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(BODY, encoding="utf-8")
    _manifest(
        tmp_path,
        "manifest.tsv",
        "# comment\nfile\tdate\tpublisher\ttitle\n"
        "a.txt\t2024-01-02\t한빛일보\t첫째\n"
        "b.txt\t02/01/2024\t나라신문\t둘째\n"
        "\t2024-01-03\t\t이름 없음\n"
        "c.txt\t2024-01-04\t가\t셋째\t넘치는 칸\n",
    )
    corpus = load_corpus([tmp_path])
    titles = dict(zip(corpus.articles["name"], corpus.articles["title"]))
    assert titles["a.txt"] == "첫째" and titles["b.txt"] == "둘째"  # the bad date is dropped, the rest applies
    reasons = [(os.path.basename(r["path"]), r["reason"]) for r in corpus.problems.iter_rows(named=True)]
    assert [r for _, r in reasons] == [
        "line 4: date '02/01/2024' is not YYYY-MM-DD; date ignored",
        "line 5: no file name; row skipped",
        "line 6: 5 fields where the header has 4; row skipped",
    ]
    assert {p for p, _ in reasons} == {"manifest.tsv"}
    check = run_main("check", str(tmp_path))
    lines = [line for line in check.out.decode().splitlines() if line.startswith("skipped")]
    assert len(lines) == 3 and all("manifest.tsv" in line and "line " in line for line in lines)


@pytest.mark.parametrize("name", ["INDEX.tsv", "index.tsv", "index.csv", "INDEX.csv"])
def test_index_files_are_manifests(tmp_path, name):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    sep = "\t" if name.endswith(".tsv") else ","
    _manifest(
        tmp_path,
        name,
        sep.join(["file", "date", "url", "title"]) + "\n" + sep.join(["a.txt", "2009-01-20", "https://example.org/a", "색인 제목"]) + "\n",
    )
    corpus = load_corpus([tmp_path])
    row = corpus.articles.row(0, named=True)
    assert (row["title"], str(row["date"]), row["url"]) == ("색인 제목", "2009-01-20", "https://example.org/a")


def test_the_shared_wikinews_index_is_recognised(tmp_path):
    index = shared_data("wikinews-ko", "INDEX.tsv")
    entries, problems = read_manifest(index)
    assert problems == []
    lines = [line for line in index.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    assert len(entries) == len(lines)
    quoted = [e.title for _, e in entries if e.title and e.title.startswith('"')]
    assert quoted  # titles that start with a quote are kept whole
    # a copy under a folder named like a pattern, read through the loader
    copy = tmp_path / "wiki[ko]"
    (copy / "articles").mkdir(parents=True)
    shutil.copy(index, copy / "INDEX.tsv")
    first = sorted(os.listdir(index.parent / "articles"))[0]
    shutil.copy(index.parent / "articles" / first, copy / "articles" / first)
    manifest = Manifest()
    manifest.add(copy / "INDEX.tsv")
    assert manifest.problems == []
    assert manifest.lookup(os.path.realpath(copy / "articles" / first)) is not None


def test_no_polars_reader_is_given_a_path_string():
    """Every Polars reader in corpus/ and tui/ reads an open file (or bytes), never a path it could expand."""
    import re

    from tests.conftest import ROOT

    calls = []
    for folder in ("corpus", "tui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for match in re.finditer(r"pl\.(read|scan)_\w+\(([^,)]*)([^)]*)", path.read_text(encoding="utf-8")):
                calls.append((path.name, match.group(2).strip(), "glob=False" in match.group(3)))
    assert calls and all(arg in ("fh", "buffer", "data") or no_glob for _, arg, no_glob in calls), calls


def test_a_file_name_that_is_not_utf8_is_read_compared_stored_and_updated(tmp_path):
    """A name with bytes that are not UTF-8 (kept by Python as lone surrogates) is an article like any other: the
    comparison, the stored snapshot, a warm start and an update after an edit all work, and the name shows with
    its odd byte written out (\\x9b) rather than crashing the run (exit 70) or being confused with a like name."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    odd, other = os.fsdecode(b"b\x9bc.txt"), os.fsdecode(b"b\x9cc.txt")
    (folder / odd).write_text("제목\n본문에 2031만명이 있다. 샘 알트먼이 서울에 왔다.\n", encoding="utf-8")
    (folder / other).write_text("다른 제목\n본문에 2000만명이 있다. 샘 알트먼이 서울에 왔다.\n", encoding="utf-8")
    (folder / os.fsdecode(b"bad\xff.txt")).write_bytes(b"")  # a problem with an odd name too
    for _ in range(2):  # analysed and stored, then from the snapshot
        run = run_main("compare", str(folder), "--format", "csv")
        assert run.code == 0, run.err
    paths = set(pl.read_csv(run.out)["path"].to_list())
    assert {"b\\x9bc.txt", "b\\x9cc.txt"} <= paths, paths
    (folder / odd).write_text("제목\n본문에 2100만명이 있다. 샘 알트먼이 서울에 왔다.\n", encoding="utf-8")
    run = run_main("claims", str(folder), "--format", "csv")
    assert run.code == 0, run.err
    claims = pl.read_csv(run.out)
    assert set(claims.filter(pl.col("path") == "b\\x9bc.txt")["value"].to_list()) == {21_000_000}
    assert set(claims.filter(pl.col("path") == "b\\x9cc.txt")["value"].to_list()) == {20_000_000}
    check = run_main("check", str(folder))
    assert check.code == 0 and "bad" in check.out.decode("utf-8"), check.err
