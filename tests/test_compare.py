"""Grouping, verdicts and arithmetic checks: on the seeds and on fixture articles written for them."""

from __future__ import annotations

import polars as pl
import pytest

from corpus.compare import VERDICT_ORDER
from corpus.loader import load_corpus
from corpus.pipeline import analyse_corpus
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seeds():
    return analyse_corpus(load_corpus([SEEDS]), use_cache=False)


def _group_texts(result, row):
    claims = result.analysis.claims
    return claims.filter(pl.col("claim_id").is_in(row["claim_ids"]))


def _write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


def test_tokyo_office_changed_over_time(seeds):
    groups = seeds.groups.filter(pl.col("label").str.contains("해외 지사"))
    row = groups.row(0, named=True)
    assert row["verdict"] == "changed over time"
    assert "2023-04-11" in row["reason"] and "2024-04-04" in row["reason"] and "days apart" in row["reason"]
    values = set(_group_texts(seeds, row)["value"].to_list())
    assert values == {1.0, 3.0}
    assert row["n_articles"] == 2


def test_korea_office_agrees_third_in_asia_twelfth_in_world(seeds):
    agree = seeds.groups.filter(pl.col("verdict") == "agree")
    asia = [r for r in agree.iter_rows(named=True) if r["scope"] == "아시아"]
    world = [r for r in agree.iter_rows(named=True) if r["scope"] == "세계" and r["kind"] == "ordinal"]
    assert asia and set(_group_texts(seeds, asia[0])["value"]) == {3.0} and asia[0]["n_articles"] == 2
    assert world and set(_group_texts(seeds, world[0])["value"]) == {12.0} and world[0]["n_articles"] == 2
    assert asia[0]["label"] == "OpenAI · 아시아 지사 순위" and world[0]["label"] == "OpenAI · 세계 지사 순위"


def test_look_alikes_stay_apart(seeds):
    """Third in Asia (the Korean office) is not third overseas (the Tokyo office); London, OpenAI's first
    overseas office, is not Tokyo's 'first' either."""
    for row in seeds.groups.iter_rows(named=True):
        assert len(set(_group_texts(seeds, row)["scope"].to_list())) == 1, row["label"]
    tokyo = seeds.groups.filter(pl.col("label").str.contains("해외 지사")).row(0, named=True)
    sentences = _group_texts(seeds, tokyo)["sentence"].to_list()
    assert not any("런던" in s or "영국" in s for s in sentences)
    assert "한국" not in tokyo["label"]


def test_creators_agree_and_different_measures_stay_apart(seeds):
    creators = seeds.groups.filter(pl.col("label").str.contains("크리에이터")).row(0, named=True)
    assert creators["verdict"] == "agree" and creators["n_articles"] == 2
    assert {"참여", "마무리"} <= set(creators["evidence"]) and creators["score"] > 0  # the words beyond the key
    # monthly (MAU) and weekly (WAU) users are different measures with different scopes: never one group
    claims = seeds.analysis.claims
    mau = claims.filter(pl.col("text") == "2031만명").row(0, named=True)
    wau = claims.filter(pl.col("text") == "7억명").row(0, named=True)
    assert (mau["measure"], mau["scope"]) == ("월간활성사용자 수", "국내")
    assert (wau["measure"], wau["scope"]) == ("주간활성사용자 수", "세계")
    for row in seeds.groups.iter_rows(named=True):
        assert not {mau["claim_id"], wau["claim_id"]} <= set(row["claim_ids"])


def test_verdict_order_and_every_group_shows_its_evidence(seeds):
    order = [VERDICT_ORDER[v] for v in seeds.groups["verdict"].to_list()]
    assert order == sorted(order)
    for row in seeds.groups.iter_rows(named=True):
        assert 0.0 <= row["score"] <= 1.0 and row["evidence"] and row["reason"]


def test_seed_checks_pass(seeds):
    checks = seeds.checks
    ratio = checks.filter(pl.col("kind") == "ratio").row(0, named=True)
    assert ratio["passed"] and abs(ratio["computed"] - 4.99) < 0.01 and "407만명" in ratio["computation"]
    share = checks.filter(pl.col("kind") == "share").row(0, named=True)
    assert share["passed"] and abs(share["computed"] - 39.67) < 0.01 and "5120만명" in share["computation"]
    conversions = checks.filter(pl.col("kind") == "conversion")
    assert conversions.height >= 3 and conversions["passed"].all()


def test_conflict_and_failing_checks_on_fixtures(tmp_path):
    _write(tmp_path, "a.txt", "2025-03-02 10:00\n가상전자 직원 첫 조사\n가상전자의 국내 직원 수는 1200명이다.\n")
    _write(tmp_path, "b.txt", "2025-03-05 09:00\n가상전자 직원 다른 조사\n가상전자의 국내 직원 수는 3400명이다.\n")
    _write(
        tmp_path,
        "c.txt",
        "2025-03-06 09:00\n계산 틀린 기사\n올해 가입자는 900만명이다. 지난해 가입자 100만명과 비교하면 약 5배 증가했다."  # noqa: E501 (a pattern or Korean text reads best whole)
        " 인구 5000만명 가운데 약 50%에 이른다. 예산은 100억 엔(약 900억 원), 200억 엔(약 3000억 원)이다.\n",
    )
    result = analyse_corpus(load_corpus([tmp_path]), use_cache=False)
    conflict = result.groups.filter(pl.col("verdict") == "conflict")
    assert conflict.height == 1
    row = conflict.row(0, named=True)
    assert "1200명" in row["reason"] and "3400명" in row["reason"] and "3 days apart" in row["reason"]
    assert result.groups["verdict"].to_list()[0] == "conflict"  # conflicts first
    checks = result.checks
    ratio = checks.filter(pl.col("kind") == "ratio").row(0, named=True)
    assert not ratio["passed"] and abs(ratio["computed"] - 9.0) < 1e-9
    share = checks.filter(pl.col("kind") == "share").row(0, named=True)
    assert not share["passed"] and abs(share["computed"] - 18.0) < 1e-9
    conv = checks.filter(pl.col("kind") == "conversion")
    assert conv.height == 2 and not conv["passed"].all()


def test_agreement_within_approximation_and_bounds(tmp_path):
    _write(tmp_path, "a.txt", "2025-05-01\n첫 기사\n가상앱의 국내 사용자 수는 약 510만명이다.\n")
    _write(tmp_path, "b.txt", "2025-05-03\n둘째 기사\n가상앱의 국내 사용자 수는 500만명을 돌파했다.\n")
    result = analyse_corpus(load_corpus([tmp_path]), use_cache=False)
    row = result.groups.row(0, named=True)
    assert row["verdict"] == "agree" and row["n_articles"] == 2


def test_single_source_and_distant_dates(tmp_path):
    _write(tmp_path, "a.txt", "2020-01-10\n옛 기사\n가상은행의 해외 지점은 세 번째 해외 지점이다. 가상은행의 직원 수는 300명이다.\n")
    _write(tmp_path, "b.txt", "2024-01-10\n새 기사\n가상은행의 직원 수는 900명이다.\n")
    result = analyse_corpus(load_corpus([tmp_path]), use_cache=False)
    staff = result.groups.filter(pl.col("label").str.contains("직원")).row(0, named=True)
    assert staff["verdict"] == "changed over time" and "1461 days" in staff["reason"]


def test_growth_and_sum_checks(tmp_path):
    _write(
        tmp_path,
        "g.txt",
        "2025-04-01\n성장 기사\n가입자는 지난해 200만명에서 올해 300만명으로 50% 증가했다."
        " 매출은 100억 원에서 120억 원으로 30% 늘었다.\n"
        "직원은 총 90명으로 서울 40명, 부산 30명, 대구 20명이다. 지점은 모두 10곳으로 서울 3곳, 부산 4곳이다.\n",
    )
    result = analyse_corpus(load_corpus([tmp_path]), use_cache=False)
    growth = result.checks.filter(pl.col("kind") == "growth").sort("stated")
    assert growth.height == 2
    good, bad = growth.filter(pl.col("stated") == 50).row(0, named=True), growth.filter(pl.col("stated") == 30).row(0, named=True)
    assert good["passed"] and abs(good["computed"] - 50) < 1e-9
    assert not bad["passed"] and abs(bad["computed"] - 20) < 1e-9 and "120억 원" in bad["computation"]
    sums = result.checks.filter(pl.col("kind") == "sum")
    staff = sums.filter(pl.col("stated") == 90).row(0, named=True)
    assert staff["passed"] and staff["computed"] == 90
    branches = sums.filter(pl.col("stated") == 10).row(0, named=True)
    assert not branches["passed"] and branches["computed"] == 7


def test_verdicts_and_their_order_do_not_depend_on_where_the_corpus_sits(seeds, tmp_path):
    """The same articles in another folder (another clone, a colleague's machine) give the same groups,
    members in the same order, and the same claim and entity numbers."""
    import shutil

    moved = tmp_path / "elsewhere" / "deeper" / SEEDS.name
    shutil.copytree(SEEDS, moved)
    there = analyse_corpus(load_corpus([moved]), use_cache=False)

    def shown(result):
        claims = dict(zip(result.analysis.claims["claim_id"], result.analysis.claims["text"]))
        return [
            (r["label"], r["verdict"], [claims[c] for c in r["claim_ids"]], r["claim_ids"]) for r in result.groups.iter_rows(named=True)
        ]

    assert shown(there) == shown(seeds)
    assert there.corpus.articles["id"].to_list() == seeds.corpus.articles["id"].to_list()
    assert there.analysis.entities.drop("articles", strict=False).equals(seeds.analysis.entities.drop("articles", strict=False))
