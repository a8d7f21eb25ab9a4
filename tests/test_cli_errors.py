"""Errors, not tracebacks: every failure of `gisa` is one clean line on stderr and a documented exit code.

0 done; 1 an input or output problem (a missing path, no readable article, a file that cannot be
written, bad input lines); 2 a usage error (unknown command or option, bad value); 70 a bug (one line;
`--debug` shows the traceback).
"""

from __future__ import annotations

import json

import pytest

from tests.clirun import assert_one_clean_line, run_main, run_process
from tests.conftest import SEEDS


def test_a_mistyped_command_is_not_taken_for_a_path():
    run = run_process("entitiez", stdin=b"", timeout=30)
    assert run.code == 2
    assert assert_one_clean_line(run) == "gisa: unknown command 'entitiez', did you mean 'entities'?"


def test_a_first_argument_that_is_neither_a_path_nor_a_command():
    run = run_process("no-such-folder-xyz", stdin=b"", timeout=30)
    assert run.code == 1
    assert "no such file or folder" in assert_one_clean_line(run)


def test_the_reader_refuses_to_start_without_a_terminal():
    run = run_process(str(SEEDS), stdin=b"", timeout=30)
    assert run.code == 2
    assert "terminal" in assert_one_clean_line(run)


@pytest.mark.parametrize("command", ["check", "entities", "claims", "compare"])
def test_a_missing_path_is_an_error_for_every_command(command):
    run = run_main(command, str(SEEDS), "/nonexistent/gisa")
    assert run.code == 1
    assert "no such file or folder" in assert_one_clean_line(run) and run.out == b""


@pytest.mark.parametrize("value", ["-5", "0", "abc", "1e400k", "nan"])
def test_a_bad_size_is_a_usage_error(value):
    run = run_main("entities", str(SEEDS), "--max-size", value)
    assert run.code == 2
    assert "--max-size" in assert_one_clean_line(run)


def test_usage_errors_are_one_clean_line():
    for args in (["entities", "--bogus\x1b]0;x\x07"], ["claims", "--format", "xml"], ["--nope"]):
        run = run_main(*args)
        assert run.code == 2, args
        assert_one_clean_line(run)


def test_internal_errors_are_one_line_and_debug_shows_the_traceback(monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("corpus.reports.entities", broken)
    keep = tmp_path / "keep.csv"
    keep.write_bytes(b"old results\n")
    run = run_main("entities", str(SEEDS), "-o", str(keep))
    assert run.code == 70
    line = assert_one_clean_line(run)
    assert "simulated bug" in line and "--debug" in line
    assert keep.read_bytes() == b"old results\n"  # a failed run leaves the old output as it was
    debug = run_main("--debug", "entities", str(SEEDS))
    assert debug.code == 70 and b"Traceback" in debug.err and b"simulated bug" in debug.err


# extract: bad lines are reported with their number and the exit says so


def _extract(payload: str | bytes, *args: str):
    data = payload.encode("utf-8", "surrogatepass") if isinstance(payload, str) else payload
    run = run_main("extract", *args, stdin=data)
    return run, [json.loads(line) for line in run.out.decode("utf-8").splitlines()]


def test_extract_rejects_text_that_is_not_a_string():
    payload = '{"id": 1, "text": null}\n{"id": 2, "text": ["a", "b"]}\n{"id": 3}\n{"id": 4, "text": 5}\n{"id": 5, "text": "서울에서"}\n'
    run, rows = _extract(payload)
    assert run.code == 1
    assert [r["id"] for r in rows] == [5]
    assert [line.split(":")[0] for line in run.errors] == ["line 1", "line 2", "line 3", "line 4"]


def test_extract_reports_bad_json_and_exits_1():
    run, rows = _extract('{"id": "a", "text": "서울"}\nnot json\n')
    assert run.code == 1 and [r["id"] for r in rows] == ["a"]
    assert run.errors == ["line 2: not a JSON object; skipped"]


def test_extract_survives_deeply_nested_brackets():
    run, rows = _extract('{"id": 1, "text": "서울"}\n' + "[" * 100_000 + "\n", "--jsonl")
    assert run.code == 1 and [r["id"] for r in rows] == [1]
    assert "Traceback" not in run.err.decode() and run.errors[0].startswith("line 2:")


def test_extract_ids_are_cleaned():
    run, rows = _extract('{"id": "a\\ud800b\\u009b31m\\u202ec\\u001b]0;x\\u0007d", "text": "서울"}\n')
    assert run.code == 0, run.err
    assert rows[0]["id"] == "abcd"
    raw = run.out.decode("utf-8")
    assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) <= 0x9F or c == "\u202e" for c in raw)


def test_extract_plain_text_with_lone_surrogates_and_controls():
    run, rows = _extract(b"\xed\xa0\x80\xc2\x9b31m \xe2\x80\xae\xec\x84\x9c\xec\x9a\xb8\n")  # CESU surrogate, C1 CSI, RLO, 서울
    assert run.code == 0, run.err
    assert rows[0]["text"].endswith("서울")
    assert "\u202e" not in run.out.decode("utf-8")


def test_headless_commands_run_without_textual():
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import io, sys\nfrom tui.cli import main\n"
        f"sys.stdin = io.TextIOWrapper(io.BytesIO('서울에서\\n'.encode()))\n"
        f"codes = [main(['check', {str(SEEDS)!r}]), main(['extract']), main(['entitiez']), main(['/nonexistent'])]\n"
        "print(codes, any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.stderr.strip().splitlines()[-1] == "[0, 0, 2, 1] False", out.stderr


def test_extract_does_not_read_an_endless_stdin_forever():
    with open("/dev/zero", "rb") as zero:
        run = run_process("extract", stdin=None, stdout=None, timeout=60, stdin_file=zero)
    assert run.code == 1 and "larger than" in assert_one_clean_line(run)
