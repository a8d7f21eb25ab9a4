"""The headless commands, run as a user's script would run them."""

from __future__ import annotations

import json
import subprocess
import sys

import polars as pl

from tests.conftest import ROOT, SEEDS


def gisa(*args: str, stdin: str | None = None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        input=stdin.encode() if stdin is not None else None,
        capture_output=True,
        timeout=120,
        cwd=cwd or ROOT,
    )


def test_extract_plain_text_lines():
    result = gisa("extract", stdin="오픈AI는 2031만명을 모았다.\n샘 알트먼 CEO가 23년 6월 9일 방한했다.\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(l) for l in result.stdout.decode().splitlines()]
    assert [l["id"] for l in lines] == [1, 2]
    qt = [m for m in lines[0]["mentions"] if m["kind"] == "QT"][0]
    assert qt == {"start": 6, "end": 12, "kind": "QT", "text": "2031만명", "value": 20310000.0, "unit": "명"}
    kinds = {(m["text"], m["kind"]) for m in lines[1]["mentions"]}
    assert ("샘 알트먼", "PS") in kinds and ("23년 6월 9일", "DT") in kinds
    assert result.stderr == b""


def test_extract_jsonl_keeps_ids_and_reports_bad_lines():
    payload = '{"id": "a-1", "text": "GPT-4는 1위다."}\nnot json\n{"id": 7, "text": "\\u001b[31m서울\\u001b[0m에서"}\n'
    result = gisa("extract", stdin=payload)
    lines = [json.loads(l) for l in result.stdout.decode().splitlines()]
    assert [l["id"] for l in lines] == ["a-1", 7]
    assert {(m["text"], m["kind"]) for m in lines[0]["mentions"]} == {("GPT-4", "PD"), ("1위", "QT")}
    assert lines[1]["text"] == "서울에서" and b"\x1b" not in result.stdout
    assert b"line 2" in result.stderr


def test_claims_csv_json_and_parquet(tmp_path):
    csv = gisa("claims", str(SEEDS), "--format", "csv")
    assert csv.returncode == 0
    frame = pl.read_csv(csv.stdout)
    row = frame.filter(pl.col("text") == "1조 7774억 엔").row(0, named=True)
    assert row["value"] == 1_777_400_000_000 and row["unit"] == "엔"
    js = gisa("claims", str(SEEDS), "--format", "json")
    rows = [json.loads(l) for l in js.stdout.decode().splitlines()]
    assert any(r["text"] == "열두 번째" and r["kind"] == "ordinal" and r["value"] == 12 for r in rows)
    out = tmp_path / "claims.parquet"
    assert gisa("claims", str(SEEDS), "--format", "parquet", "-o", str(out)).returncode == 0
    assert pl.read_parquet(out).filter(pl.col("text") == "2031만명")["value"][0] == 20_310_000
    assert gisa("claims", str(SEEDS), "--format", "parquet").returncode == 2


def test_entities_table_on_a_terminal_like_output():
    result = gisa("entities", str(SEEDS), "--format", "table")
    out = result.stdout.decode()
    lines = [l for l in out.splitlines() if "Sam Altman" in l]
    assert len(lines) == 1 and "올트먼" in lines[0] and "알트먼" in lines[0]
    assert len([l for l in out.splitlines() if l.split()[:2] == ["OG", "OpenAI"]]) == 1


def test_compare_table_and_json(tmp_path):
    result = gisa("compare", str(SEEDS), "--format", "table")
    out = result.stdout.decode()
    assert "[CHANGED OVER TIME]" in out and "2023-04-11" in out and "2024-04-04" in out
    assert "[PASS] ratio" in out and "[PASS] share" in out
    target = tmp_path / "compare.jsonl"
    assert gisa("compare", str(SEEDS), "-o", str(target), "--format", "json").returncode == 0
    records = [json.loads(l) for l in target.read_text(encoding="utf-8").splitlines()]
    assert {r["record"] for r in records} == {"group", "check"}


def test_hostile_titles_do_not_reach_the_terminal(tmp_path):
    (tmp_path / "evil.txt").write_text("제목\x1b]0;pwn\x07 [bold]굵게\n본문에 2031만명이 있다.\n", encoding="utf-8")
    result = gisa("claims", str(tmp_path), "--format", "table")
    assert result.returncode == 0 and b"\x1b" not in result.stdout and b"\x07" not in result.stdout
    assert "[bold]굵게" in result.stdout.decode()
