"""The headless commands on generated hostile input: files, names, manifests, JSON lines and arguments.

Whatever they are given, the commands end with a documented exit code (never 70, the code of a bug),
print no traceback, and let no escape sequence, control or bidi character reach stdout or stderr.
Fixed examples (`derandomize`) keep `make test` quick and repeatable; a longer, random run:

    GISA_FUZZ_EXAMPLES=1000 GISA_FUZZ_RANDOM=1 .venv/bin/python -m pytest tests/test_fuzz_cli.py
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.clirun import run_main

FORBIDDEN = set(map(chr, [*range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0)])) | set(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
FUZZ = settings(
    max_examples=int(os.environ.get("GISA_FUZZ_EXAMPLES", 25)),
    deadline=None,
    derandomize=not os.environ.get("GISA_FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE = [
    "\x1b]0;pwn\x07",
    "\x1b[2J",
    "\x9b31m",
    "\u202e",
    "\u2066",
    "\x00",
    "\x07",
    "\r",
    "\t",
    "[/]",
    "[bold]",
    "[@click=app.quit]",
    '"',
    "'",
    ",",
    "\\",
    "*",
    "?",
    "[",
    "]",
    "\ufeff",
    "\u200b",
    "\x85",
    "\u2028",
    "\U0001f469\u200d\U0001f467",
    "\u1112\u1161\u11ab",
]
KOREAN = [
    "샘 알트먼이 서울에 왔다.",
    "오픈AI는 2031만명을 모았다.",
    "3억 원",
    "1조 7774억 엔",
    "12%",
    "2024년 3월 1일",
    "열두 번째",
    "제목",
    "\n",
    " ",
    "삼성전자",
    "5천만 원 ",
]
pieces = st.sampled_from(HOSTILE + KOREAN)


def _clean(data: bytes) -> bool:
    return not FORBIDDEN & set(data.decode("utf-8", "replace"))


@st.composite
def file_names(draw) -> str:
    name = draw(
        st.lists(
            st.one_of(pieces, st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), max_size=6)),
            min_size=1,
            max_size=5,
        )
    )
    name = "".join(name).replace("/", "").replace("\x00", "").lstrip(".")
    if draw(st.booleans()):
        name += "\udcff\udcfe"  # undecodable bytes in the name (surrogate-escaped)
    name = name[:60] + draw(st.sampled_from([".txt", ".md", ".TXT", ""]))
    return name if name.strip(".") else "x.txt"


@st.composite
def contents(draw) -> bytes:
    text = "".join(draw(st.lists(pieces, min_size=0, max_size=30)))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp949", "utf-16", "raw"]))
    if encoding == "raw":
        return draw(st.binary(max_size=300))
    return text.encode(encoding, errors="replace") if encoding != "cp949" else text.encode("cp949", errors="replace")


@st.composite
def corpora(draw) -> list[tuple[str, bytes]]:
    files = draw(st.lists(st.tuples(file_names(), contents()), min_size=1, max_size=5, unique_by=lambda f: f[0]))
    if draw(st.booleans()):
        rows = draw(st.lists(st.lists(st.one_of(pieces, st.sampled_from([f[0] for f in files])), min_size=1, max_size=6), max_size=5))
        header = draw(st.sampled_from(["file\tdate\tpublisher\ttitle", "file\tdate\turl\ttitle", "title\tdate", ""]))
        text = header + "\n" + "\n".join("\t".join(r) for r in rows) + "\n"
        files.append((draw(st.sampled_from(["manifest.tsv", "INDEX.tsv", "manifest.csv"])), text.encode("utf-8", errors="surrogateescape")))
    return files


def _write(root: str, files: list[tuple[str, bytes]]) -> None:
    for name, data in files:
        with open(os.path.join(os.fsencode(root), os.fsencode(name)), "wb") as fh:
            fh.write(data)


@FUZZ
@given(
    corpora(),
    st.sampled_from(["check", "entities", "claims", "compare"]),
    st.sampled_from(["csv", "json", "table"]),
    st.sampled_from(["news", "news[2024]", "a*b ?", "\x1b[2J폴더\u202e"]),
)
def test_reports_on_hostile_files(files, command, fmt, folder):
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, folder)
        os.mkdir(root)
        _write(root, files)
        args = [command, root] + ([] if command == "check" else ["--format", fmt, "--no-cache"])
        run = run_main(*args)
        assert run.code in (0, 1), run.err
        assert b"Traceback" not in run.err
        assert _clean(run.out.replace(b"\n", b"")) and _clean(run.err.replace(b"\n", b"")), (run.out[:500], run.err[:500])
        if run.code == 0 and command != "check":
            if fmt == "csv" and run.out.strip():
                pl.read_csv(run.out)
            if fmt == "json":
                [json.loads(line) for line in run.out.splitlines()]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | pieces,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def json_lines(draw) -> bytes:
    """Lines of JSON, good and bad: objects with hostile ids and texts, other values, broken and deep ones."""
    lines = ['{"id": 0, "text": "첫 줄"}']  # a first object makes the input JSON lines
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["good", "value", "broken", "deep", "text"]))
        if kind == "good":
            obj = {"id": draw(st.one_of(st.text(max_size=10), pieces, st.integers())), "text": "".join(draw(st.lists(pieces, max_size=8)))}
            lines.append(json.dumps(obj, ensure_ascii=draw(st.booleans())))
        elif kind == "value":
            lines.append(json.dumps({"id": draw(json_values), "text": draw(json_values)}))
        elif kind == "broken":
            lines.append("{" + "".join(draw(st.lists(pieces, max_size=5))))
        elif kind == "deep":
            lines.append("[" * draw(st.integers(1000, 50_000)))
        else:
            lines.append(draw(st.text(max_size=30)))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@FUZZ
@given(json_lines())
def test_extract_on_hostile_json_lines(payload):
    run = run_main("extract", "--jsonl", stdin=payload)
    assert run.code in (0, 1), run.err
    assert b"Traceback" not in run.err
    assert (run.code == 1) == bool(run.err.strip())  # bad lines are reported, and only then is the exit 1
    rows = [json.loads(line) for line in run.out.splitlines()]
    assert rows and rows[0]["id"] == 0
    assert _clean(run.out.replace(b"\n", b"")) and _clean(run.err.replace(b"\n", b""))
    assert all(isinstance(r["text"], str) and isinstance(r["mentions"], list) for r in rows)


ARGS = [
    "check",
    "extract",
    "entities",
    "claims",
    "compare",
    "entitiez",
    "clams",
    "run",
    "--format",
    "csv",
    "json",
    "parquet",
    "table",
    "xml",
    "-o",
    "-",
    "out.csv",
    "out.parquet",
    "missing/x.csv",
    ".",
    "--max-size",
    "-5",
    "8M",
    "0",
    "1e400k",
    "--no-cache",
    "--low-bandwidth",
    "--settings",
    "--bogus",
    "-h",
    "--debug",
    "\x1b[2J",
    "\u202e",
    "[x]",
    "*",
    "corpus/articles",
    "/nonexistent",
    "--",
    "--jsonl",
]


@FUZZ
@given(st.lists(st.sampled_from(ARGS), min_size=1, max_size=6))
def test_any_arguments_give_a_documented_exit(argv):
    if "-h" in argv:
        argv = [a for a in argv if a != "-h"]  # help is printed and exits 0 by design
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(os.path.join(cwd, "corpus", "articles"), os.path.join(tmp, "corpus", "articles"))
        os.chdir(tmp)
        try:
            run = run_main(*argv, stdin=b"")
        finally:
            os.chdir(cwd)
    assert run.code in (0, 1, 2), (argv, run.code, run.err)
    if run.code:
        assert b"Traceback" not in run.err and run.err.count(b"\n") >= 1
    assert _clean(run.err.replace(b"\n", b""))
