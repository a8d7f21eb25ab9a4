"""Clean output everywhere: no string from a file, a name, a manifest or stdin reaches stdout or stderr
with an escape sequence, a C0/C1 control or a bidi override, in any format."""

from __future__ import annotations

import json

import polars as pl
import pytest

from tests.clirun import run_main

ESC_NAME = "evil\x1b]0;pwned\x07\x1b[2J\u202e\x9b31m\x07name.txt"
BODY = "제목\n본문에 2031만명이 있다. 샘 알트먼이 왔다.\n"
FORBIDDEN = (
    [chr(c) for c in range(0x20) if c not in (0x0A,)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
)


def _dirty(data: bytes, allow_tab: bool = False) -> list[str]:
    text = data.decode("utf-8")
    return sorted({repr(c) for c in text if c in FORBIDDEN and not (allow_tab and c == "\t")})


@pytest.fixture
def evil(tmp_path):
    root = tmp_path / "evil\x1b[2Jfolder\u202e"
    root.mkdir()
    (root / ESC_NAME).write_text(BODY, encoding="utf-8")
    (root / "manifest.tsv").write_text(
        "file\tdate\tpublisher\ttitle\n"
        f"{ESC_NAME}\t2024-01-02\t한빛\x1b[2J일보\x9b1m\t제목\x1b]0;t\x07이다\u202e\n"
        "bad\x1b[2J.txt\tnot-a-date\x1b[2J\t\t\n"
        "\x1b[2J\t\x1b]0;x\x07\t\t\n",
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize("command", ["entities", "claims", "compare"])
@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_reports_carry_no_escape_to_stdout_or_stderr(evil, command, fmt):
    run = run_main(command, str(evil), "--format", fmt)
    assert run.code == 0, run.err
    assert _dirty(run.out) == [] and _dirty(run.err) == []


def test_the_path_column_is_cleaned_in_csv_and_json(evil):
    csv = pl.read_csv(run_main("claims", str(evil), "--format", "csv").out)
    assert csv.height and all("evil" in p and "name.txt" in p for p in csv["path"])
    rows = [json.loads(line) for line in run_main("claims", str(evil), "--format", "json").out.splitlines()]
    assert rows and all("\u202e" not in r["path"] and "\x1b" not in r["path"] for r in rows)


def test_check_and_manifest_problems_are_cleaned(evil):
    run = run_main("check", str(evil))
    assert run.code == 0
    assert _dirty(run.out) == [] and _dirty(run.err) == []
    assert b"line 3" in run.out and b"line 4" in run.out


def test_problems_of_a_report_run_are_cleaned_on_stderr(evil):
    (evil / "broken\x1b]52;c;ZXZpbA==\x07.txt").write_bytes(b"\x00\x01" * 30)
    run = run_main("entities", str(evil), "--format", "csv")
    assert run.code == 0
    assert b"broken" in run.err and _dirty(run.err) == []


def test_a_percent_escaped_url_reads_as_its_letters_and_stays_harmless():
    """The reader's header shows a Korean address as letters (it was seven lines of %EB…); escapes that decode to a
    terminal escape or a newline are cleaned away, and bytes that are not UTF-8 stay as written."""
    from tui.widgets.reader import readable_url

    assert readable_url("https://ko.wikinews.org/wiki/%EB%B2%84%EB%9D%BD_%EC%98%A4%EB%B0%94%EB%A7%88") == (
        "https://ko.wikinews.org/wiki/버락_오바마"
    )
    shown = readable_url("https://x.org/a%1B%5B31mRED%0Anext%E2%80%AEcba")
    assert "\x1b" not in shown and "\n" not in shown and "\u202e" not in shown and shown.startswith("https://x.org/a")
    assert readable_url("https://x.org/%FF%FE") == "https://x.org/%FF%FE"
    # an EUC-KR run stays as written (not decoded into other letters); a run cut short keeps its whole letters
    assert readable_url("https://x.kr/a?q=%C7%D1%B1%DB&r=%ED%95%9C") == "https://x.kr/a?q=%C7%D1%B1%DB&r=한"
    assert readable_url("https://ko.wikinews.org/wiki/%ED%95%9C%EA%B5%AD_%ED%9B%84%EC%9D…") == "https://ko.wikinews.org/wiki/한국_후%EC%9D…"
