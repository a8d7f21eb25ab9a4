"""Same story before same number (issue 10, point 2): fixture articles written for each rule."""

from __future__ import annotations

import polars as pl

from corpus.compare import DEFAULT, Thresholds, compare
from corpus.loader import load_corpus
from corpus.pipeline import analyse_corpus

FIRE_A = (
    "부산 물류창고 화재로 작업자 12명 숨져\n\n"
    "부산소방재난본부는 2일 오전 부산 사하구의 한 냉동 물류창고에서 불이 나 작업자 12명이 숨졌다고 밝혔다. "
    "불은 지하 냉동창고에서 시작돼 3시간 만에 꺼졌다.\n"
    "소방당국은 용접 작업 중 튄 불꽃이 단열재에 옮겨붙은 것으로 보고 정확한 화재 원인을 조사하고 있다.\n"
)
FIRE_B = (
    "사하구 냉동창고 불…작업자 21명 사망\n\n"
    "부산소방재난본부는 2일 오전 사하구 냉동 물류창고에서 불이 나 작업자 21명이 숨졌다고 전했다.\n"
    "소방당국은 용접 중 튄 불꽃이 단열재로 옮겨붙은 것으로 보고 화재 원인을 조사 중이다.\n"
)
OTHER = (
    "대구 도심 축제 개막\n\n대구시는 이번 주말 동성로 일대에서 봄꽃 축제를 연다고 밝혔다. 축제에는 공연과 먹거리 장터가 마련된다.\n"
    "시는 관람객 안전을 위해 경찰과 함께 교통을 통제할 계획이다.\n"
)


def _corpus(folder, files: dict[str, tuple[str, str, str]]):
    """Write articles with a manifest: name -> (date, publisher, text)."""
    lines = ["file\tdate\tpublisher\turl\ttitle"]
    for name, (date, publisher, text) in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        lines.append(f"{name}\t{date}\t{publisher}\t\t")
    (folder / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return analyse_corpus(load_corpus([folder]), use_cache=False)


def _groups_with(result, *names: str) -> pl.DataFrame:
    ids = {n: i for i, n in zip(result.corpus.articles["id"].to_list(), result.corpus.articles["name"].to_list())}
    claims = result.analysis.claims
    wanted = {ids[n] for n in names}
    keep = []
    for row in result.groups.iter_rows(named=True):
        arts = set(claims.filter(pl.col("claim_id").is_in(row["claim_ids"]))["article_id"].to_list())
        if wanted <= arts:
            keep.append(row["group_id"])
    return result.groups.filter(pl.col("group_id").is_in(keep))


def test_a_second_report_with_another_figure_conflicts_and_shows_why(tmp_path):
    result = _corpus(
        tmp_path,
        {
            "a.txt": ("2025-03-02", "한빛일보", FIRE_A),
            "b.txt": ("2025-03-02", "누리뉴스", FIRE_B),
            "c.txt": ("2025-03-02", "대구일보", OTHER),
        },
    )
    row = _groups_with(result, "a.txt", "b.txt").filter(pl.col("verdict") == "conflict").row(0, named=True)
    assert row["label"] == "부산소방재난본부 · 작업자"
    assert "12명" in row["reason"] and "21명" in row["reason"] and "the same day" in row["reason"]
    assert row["score"] >= DEFAULT.conflict
    assert {"사하구", "물류", "부산"} & set(row["evidence"])  # the rare words that tie the two reports
    assert result.groups["verdict"].to_list()[0] == "conflict"


def test_a_copy_with_the_same_figures_agrees(tmp_path):
    copy = FIRE_A.replace("밝혔다", "전했다").replace("정확한 ", "")
    result = _corpus(tmp_path, {"a.txt": ("2025-03-02", "한빛일보", FIRE_A), "b.txt": ("2025-03-02", "누리뉴스", copy)})
    groups = _groups_with(result, "a.txt", "b.txt")
    assert groups.height and set(groups["verdict"]) == {"agree"}


def test_same_holder_and_measure_in_different_stories_is_no_conflict(tmp_path):
    result = _corpus(
        tmp_path,
        {
            "d.txt": ("2025-03-05", "부산일보", "부산시 신규 채용\n\n부산시는 올해 직원 45명을 새로 뽑았다고 밝혔다.\n"),
            "e.txt": ("2025-03-06", "부산신문", "부산시 노조 파업\n\n부산시 직원 120명이 임금 인상을 요구하며 파업에 들어갔다.\n"),
        },
    )
    assert result.groups.filter(pl.col("verdict").is_in(["conflict", "possible conflict"])).height == 0


def test_claims_inside_one_article_never_conflict(tmp_path):
    text = "공장 폭발 사고\n\n가상공단 폭발 사고로 18명이 숨지고 3명이 다쳤다. 사망자 18명 가운데 3명은 외국인이다.\n"
    result = _corpus(tmp_path, {"f.txt": ("2025-03-06", "가상신문", text), "g.txt": ("2025-03-06", "다른신문", text)})
    assert result.groups.filter(pl.col("verdict").is_in(["conflict", "possible conflict"])).height == 0


def test_different_politicians_shares_never_meet(tmp_path):
    result = _corpus(
        tmp_path,
        {
            "k.txt": ("2012-12-20", "가상일보", "대선 결과\n\n2위로는 문재인 후보가 48.0%의 지지율을 얻었고 전국투표율은 75.8%였다.\n"),
            "m.txt": (
                "2012-12-20",
                "가상신문",
                "독일 총선\n\n23일 개표 결과 기민당은 41.5%의 지지율을 보여 메르켈 총리의 3선이 확정되었다.\n",
            ),
        },
    )
    assert _groups_with(result, "k.txt", "m.txt").height == 0


def test_identifiers_never_conflict(tmp_path):
    result = _corpus(
        tmp_path,
        {
            "s1.txt": (
                "2025-07-01",
                "가상일보",
                "지하철 운행 중단\n\n제7호 태풍으로 서울 지하철 1호선 운행이 중단됐다고 서울교통공사가 밝혔다.\n",
            ),  # noqa: E501 (a pattern or Korean text reads best whole)
            "s2.txt": (
                "2025-07-01",
                "가상신문",
                "지하철 운행 중단\n\n제11호 태풍으로 서울 지하철 4호선 운행이 중단됐다고 서울교통공사가 밝혔다.\n",
            ),  # noqa: E501 (a pattern or Korean text reads best whole)
        },
    )
    assert result.analysis.claims.height == 0 and result.groups.height == 0


def test_weaker_evidence_is_a_possible_conflict_sorted_after_conflicts(tmp_path):
    undated_a = FIRE_A.replace("2일 ", "")
    undated_b = FIRE_B.replace("2일 ", "").replace("21명이", "30명이")
    (tmp_path / "undated").mkdir()
    (tmp_path / "undated" / "u1.txt").write_text(undated_a.replace("부산", "울산"), encoding="utf-8")
    (tmp_path / "undated" / "u2.txt").write_text(undated_b.replace("부산", "울산"), encoding="utf-8")
    result = _corpus(tmp_path, {"a.txt": ("2025-03-02", "한빛일보", FIRE_A), "b.txt": ("2025-03-02", "누리뉴스", FIRE_B)})
    verdicts = result.groups["verdict"].to_list()
    assert "conflict" in verdicts and "possible conflict" in verdicts
    assert verdicts.index("conflict") < verdicts.index("possible conflict")
    possible = _groups_with(result, "u1.txt", "u2.txt").row(0, named=True)
    assert possible["verdict"] == "possible conflict" and "date is unknown" in possible["reason"]


def test_below_the_threshold_a_match_is_only_possible(tmp_path):
    files = {"a.txt": ("2025-03-02", "한빛일보", FIRE_A), "b.txt": ("2025-03-02", "누리뉴스", FIRE_B)}
    result = _corpus(tmp_path, files)
    a = result.analysis
    strict = Thresholds(link=DEFAULT.link, possible=DEFAULT.possible, conflict=1.01, weak_extra=DEFAULT.weak_extra)
    groups, _ = compare(result.corpus.articles, a.mentions, a.entities, a.claims, thresholds=strict)
    row = groups.filter(pl.col("label") == "부산소방재난본부 · 작업자").row(0, named=True)
    assert row["verdict"] == "possible conflict" and "only partly alike" in row["reason"]


def test_two_editions_of_a_recurring_report_are_not_a_conflict(tmp_path):
    def bulletin(new, imported, total, deaths):
        return (
            f"코로나19 현황\n\n중앙방역대책본부는 이날 0시 기준 국내 발생 신규 확진자가 {new}명, 해외유입 사례는 {imported}명이라고 "
            f"밝혔다. 누적 확진자는 {total}명이다. 중앙방역대책본부에 따르면 누적 사망자는 {deaths}명이다.\n"
        )

    # two days' bulletins filed the same day by two outlets, the 이날 of each unknown to the other: every figure differs
    result = _corpus(
        tmp_path,
        {
            "x.txt": ("2020-12-23", "가상일보", bulletin("1,060", "32", "52,550", "739")),
            "y.txt": ("2020-12-23", "가상신문", bulletin("1,216", "25", "54,770", "773")),
        },
    )
    groups = _groups_with(result, "x.txt", "y.txt")
    assert groups.height and "conflict" not in groups["verdict"].to_list()
    assert any("recurring report" in r for r in groups["reason"].to_list())
