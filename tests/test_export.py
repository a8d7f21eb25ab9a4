"""Exports that can be joined and read (issue 10, point 5), and export from the app (issue 15, point 5):
every record names its file and article id; JSON and CSV carry the same records; the app writes the
same bytes as `gisa claims` and `gisa compare` for the same view."""

from __future__ import annotations

import io
import json
import os

import polars as pl
import pytest

from corpus import reports
from corpus.loader import load_corpus
from corpus.pipeline import analyse_corpus, run
from corpus.table import cell_width
from tests.clirun import run_main
from tests.conftest import app_for, main_screen, ready, wait_for
from tui.screens.export import ExportScreen
from tui.widgets.metric_panel import MetricPanel

REPORT_A = (
    "가상전자 직원 조사\n\n가상전자의 국내 직원 수는 1200명이라고 회사 측이 밝혔다. 올해 가입자는 900만명이다. "
    "지난해 가입자 100만명과 비교하면 약 5배 증가했다.\n"
)
REPORT_B = "가상전자 직원 다른 조사\n\n가상전자의 국내 직원 수는 3400명이라고 회사 측이 밝혔다.\n"


@pytest.fixture
def reports_folder(tmp_path):
    """Two small reports that disagree (1200 vs 3400 staff) and one ratio that does not add up, in a folder
    with a subfolder and a manifest."""
    root = tmp_path / "news"
    (root / "economy").mkdir(parents=True)
    (root / "economy" / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (root / "b.txt").write_text(REPORT_B, encoding="utf-8")
    (root / "manifest.tsv").write_text(
        "file\tdate\tpublisher\turl\ttitle\neconomy/a.txt\t2025-03-02\t한빛일보\t\t\nb.txt\t2025-03-03\t누리뉴스\t\t\n", encoding="utf-8"
    )
    analyse_corpus(load_corpus([root]), use_cache=True)  # (the command then finds every article in the cache)
    return root


def _records(frame: pl.DataFrame) -> list[dict]:
    """Records with lists as CSV writes them, for comparing JSON with CSV."""
    rows = frame.to_dicts()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, list):
                row[key] = "; ".join(str(v) for v in value)
    return rows


def test_gisa_compare_writes_the_same_records_in_json_and_csv_each_naming_its_file(reports_folder, tmp_path):
    paths = {fmt: tmp_path / f"compare.{fmt}" for fmt in ("json", "csv", "parquet")}
    for path in paths.values():
        result = run_main("compare", str(reports_folder), "-o", str(path))
        assert result.code == 0, result.errors
    from corpus.records import COMPARE_RECORDS

    js = [json.loads(line) for line in paths["json"].read_text(encoding="utf-8").splitlines()]
    csv = pl.read_csv(io.BytesIO(paths["csv"].read_bytes()), infer_schema=False).to_dicts()
    parquet = pl.read_parquet(io.BytesIO(paths["parquet"].read_bytes()))
    assert parquet.schema == COMPARE_RECORDS and list(js[0]) == list(COMPARE_RECORDS) == list(csv[0])
    assert [{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in r.items()} for r in parquet.to_dicts()] == js

    def as_text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, list):
            return "; ".join(str(v) for v in value)
        return str(value)

    assert [{k: as_text(v) for k, v in r.items()} for r in js] == [{k: v or "" for k, v in r.items()} for r in csv]
    assert {r["record"] for r in js} == {"group", "check"}
    js = pl.DataFrame(js, schema={k: (pl.String if v == pl.Date else v) for k, v in COMPARE_RECORDS.items()})

    # every record names its file (relative to the folder given) and its article's stable id
    assert js["path"].null_count() == 0 and js["article_id"].null_count() == 0
    assert set(js["path"]) == {os.path.join("economy", "a.txt"), "b.txt"}
    conflict = js.filter(pl.col("verdict") == "conflict").sort("value")
    assert conflict.height == 2
    for row, (path, value, text) in zip(
        conflict.iter_rows(named=True), [(os.path.join("economy", "a.txt"), 1200.0, "1200명"), ("b.txt", 3400.0, "3400명")]
    ):
        assert (row["path"], row["value"], row["unit"], row["text"]) == (path, value, "명", text)
        assert row["holder"] == "가상전자" and row["measure"] == "직원 수" and "직원 수는" in row["sentence"]
    check = js.filter(pl.col("record") == "check").row(0, named=True)
    assert check["path"] == os.path.join("economy", "a.txt") and check["passed"] is False


def test_gisa_claims_names_each_claims_file_and_the_table_lines_up_korean(reports_folder, tmp_path):
    out = tmp_path / "claims.json"
    assert run_main("claims", str(reports_folder), "-o", str(out)).code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(r["path"] in (os.path.join("economy", "a.txt"), "b.txt") and r["article_id"] for r in rows)
    assert {r["text"] for r in rows} >= {"1200명", "3400명", "900만명"}

    result = run(None, use_cache=True)  # the bundled articles: long titles, Hangul and mixed widths
    frame, human = reports.claims(result)
    from corpus.export import render

    for width in (80, 100, 140):
        table = render(frame, "table", human, width, *reports.TABLE_HINTS["claims"]).decode("utf-8").splitlines()
        assert all(cell_width(line) <= width for line in table)
        date_at = {cell_width(line[: line.index("20")]) for line in table[2:] if "20" in line}
        assert table[0].split()[:3] == ["value", "text", "date"] or "date" in table[0]
        values = [line.split("  ")[0] for line in table[2:]]
        assert "20,310,000 명" in values  # numbers whole
        starts = {cell_width(line[: line.index(v)]) for line, v in zip(table[2:], frame["article_id"].cast(pl.String))}
        assert len(starts) == 1  # the id column starts at the same cell on every row, Hangul before it or not
        assert date_at
    text = reports.compare_text(reports.compare(result), 70)
    assert all(cell_width(line) <= 70 for line in text.splitlines())
    assert "[CHANGED OVER TIME]" in text and "ajunews-altman-kishida-japan-office.txt"[:10] in text


async def _export(pilot, app, name: str) -> None:
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
    box = app.screen.query_one("#export-name")
    box.value = name
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, ExportScreen), 30)


async def test_export_from_the_app_writes_the_same_bytes_as_the_cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        await pilot.press("4")
        assert screen.query_one(MetricPanel).view == "groups"
        await _export(pilot, app, "groups.csv")
        await _export(pilot, app, "groups.parquet")
        await pilot.press("v", "a", "a", "s", "s")  # every claim of the corpus, in article order
        panel = screen.query_one(MetricPanel)
        assert (panel.view, panel.scope, panel.sort) == ("claims", "corpus", "article")
        await _export(pilot, app, "claims.json")
        await _export(pilot, app, "claims.csv")
        await pilot.pause()
        toasts = [n.message for n in app._notifications]
        assert any(m.startswith("Exported 51 claims as CSV to ") and m.endswith(str(tmp_path / "claims.csv")) for m in toasts)
    for command, name in (("compare", "groups.csv"), ("compare", "groups.parquet"), ("claims", "claims.json"), ("claims", "claims.csv")):
        cli = tmp_path / f"cli-{name}"
        assert run_main(command, "-o", str(cli)).code == 0
        assert (tmp_path / name).read_bytes() == cli.read_bytes(), name


async def test_export_of_the_list_and_entities_what_the_pane_shows_and_hostile_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        await pilot.press("slash", *"오픈AI", "enter")
        await wait_for(pilot, lambda: screen.found is not None)
        listing = screen.query_one("#list-pane")
        shown = list(listing.shown_ids)
        await _export(pilot, app, "[bold]list[@click=app.quit].csv")  # markup in a name is a name
        frame = pl.read_csv(io.BytesIO((tmp_path / "[bold]list[@click=app.quit].csv").read_bytes()))
        assert frame["article_id"].to_list() == shown and "hits" in frame.columns and "path" in frame.columns
        assert any("[bold]list[@click=app.quit].csv" in n.message for n in app._notifications)

        await pilot.press("3")
        await _export(pilot, app, "entities.json")
        rows = [json.loads(line) for line in (tmp_path / "entities.json").read_text(encoding="utf-8").splitlines()]
        names = [r["name"] for r in rows]
        assert names and "OpenAI" in names and len(names) == len(set(names))

        # an article is never written over; the reader has nothing to export
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        article = screen.corpus.articles["path"][0]
        app.screen.query_one("#export-name").value = article
        await pilot.pause()
        assert "never writes to articles" in app.screen.query_one("#export-target").render().plain
        await pilot.press("enter")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.press("2", "e")
        await pilot.pause()
        assert any("nothing to export" in n.message for n in app._notifications)

        from tui.commands import GisaCommands  # the palette offers it too, for the pane that is active

        commands = {name: callback for name, _, callback in GisaCommands(app.screen)._commands()}
        await pilot.press("3")
        commands["Export what the pane shows"]()
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert app.screen.query_one("#export-name").value == "gisa-entities.csv"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
