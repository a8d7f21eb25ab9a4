"""Search as a Korean reader types it: particles, initials, entities, numbers, fields, phrases; list, reader,
concordance and `gisa search` alike."""

from __future__ import annotations

import json
import subprocess
import sys

import polars as pl
import pytest
from textual import events

from corpus import pipeline, search
from tests.conftest import ROOT, SEEDS, app_for, main_screen, ready, searchable, wait_for

FIXTURES = {
    "a.txt": "기시다 총리, 샘 올트먼 접견\n\n기시다 후미오 일본 총리는 10일 샘 올트먼 오픈AI CEO를 만났다. 올트먼은 도쿄에 지사를 열겠다고 발표했다.\n"  # noqa: E501 (a pattern or Korean text reads best whole)
    "올트먼의 방문은 이번이 처음이다. 국내 사용자는 2031만명이다.\n",
    "b.txt": "오픈AI, 서울에 사무소\n\nOpenAI는 서울에 사무소를 연다고 밝혔다. 알트먼 CEO가 직접 발표했다.\n샘 알트먼(Sam Altman)은 한국 정부와 만났다.\n",  # noqa: E501 (a pattern or Korean text reads best whole)
    "c.txt": "태풍 소식\n\n제7호 태풍이 북상해 부산에 비가 내렸다. 기상청이 밝혔다.\n",
}
MANIFEST = "file\tdate\tpublisher\na.txt\t2024-04-11\t아주경제\nb.txt\t2025-09-10\t한경닷컴\nc.txt\t2023-08-01\t가상일보\n"


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("search") / "news"
    root.mkdir()
    for name, text in FIXTURES.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "manifest.tsv").write_text(MANIFEST, encoding="utf-8")
    result = pipeline.run([str(root)], use_cache=False)
    names = dict(zip(result.corpus.articles["id"].to_list(), result.corpus.articles["name"].to_list()))
    return search.build(result), names, result


def names_of(fixture, query: str) -> list[str]:
    index, names, _ = fixture
    found = index.search(query)
    assert found.error is None, found.error
    return sorted(names[i] for i in (found.ids if found.ids is not None else names))


def test_particles_and_endings_do_not_matter(fixture_index):
    assert names_of(fixture_index, "올트먼") == names_of(fixture_index, "올트먼은") == names_of(fixture_index, "올트먼의")
    assert "a.txt" in names_of(fixture_index, "올트먼은")
    assert names_of(fixture_index, "발표했다") == ["a.txt", "b.txt"]  # 발표하다 in any form
    assert names_of(fixture_index, "밝혔다") == ["b.txt", "c.txt"]  # 밝히다: an irregular ending too


def test_initial_consonants_alone_or_mixed(fixture_index):
    assert "a.txt" in names_of(fixture_index, "ㄱㅅㄷ")  # 기시다
    assert "a.txt" in names_of(fixture_index, "ㅇㅌㅁ") and "a.txt" in names_of(fixture_index, "올ㅌㅁ")
    assert names_of(fixture_index, "ㅌㅍ") == ["c.txt"]  # 태풍


def test_an_entity_is_found_by_any_of_its_names_and_the_result_says_so(fixture_index):
    index, _, _ = fixture_index
    assert names_of(fixture_index, "알트먼") == ["a.txt", "b.txt"]  # 올트먼 in a, 알트먼 / Sam Altman in b
    assert any("Sam Altman" in note for note in index.search("알트먼").notes)
    assert names_of(fixture_index, "openai") == names_of(fixture_index, "ＯｐｅｎＡＩ") == ["a.txt", "b.txt"]


def test_numbers_as_written_or_as_values(fixture_index):
    assert names_of(fixture_index, "2031만") == ["a.txt"]
    assert names_of(fixture_index, "20,310,000") == ["a.txt"]
    assert names_of(fixture_index, "2024") == ["a.txt"]  # its date holds 2024


def test_fields_phrases_exclusions_and_all_words(fixture_index):
    assert names_of(fixture_index, "pub:아주경제") == ["a.txt"]
    assert names_of(fixture_index, "date:2024-04") == ["a.txt"]
    assert names_of(fixture_index, "date:2023..2024") == ["a.txt", "c.txt"]
    assert names_of(fixture_index, "kind:PS 올트먼") == ["a.txt", "b.txt"]
    assert names_of(fixture_index, "kind:LC 올트먼") == []  # no place of that name
    assert names_of(fixture_index, '"일본 총리"') == ["a.txt"]
    assert names_of(fixture_index, '"샘 올트먼"') == ["a.txt"]  # (샘 is no word the index holds: the body is read)
    assert names_of(fixture_index, '"총리 일본"') == []
    assert names_of(fixture_index, "발표했다 -서울") == ["a.txt"]
    assert names_of(fixture_index, "올트먼 태풍") == []  # several words: all of them


@pytest.mark.parametrize(
    "query, says",
    [
        ('"오픈AI', "quote"),
        ("foo:bar", "unknown field"),
        ("date:2024-13", "not a date"),
        ("kind:XX 올트먼", "kind"),
        ("kind:PS", "needs a word"),
        ("-", "nothing after"),
    ],
)
def test_a_malformed_query_says_what_is_wrong_instead_of_matching_nothing(fixture_index, query, says):
    found = fixture_index[0].search(query)
    assert found.error and says in found.error and found.ids == frozenset()


def test_hits_are_found_where_they_are_written(fixture_index):
    index, names, result = fixture_index
    a = next(i for i, n in names.items() if n == "a.txt")
    found = index.search("올트먼은")
    body = result.corpus.article(a)["body"]
    spans = index.spans(found, a, body, result.facts.mention_spans(a), result.facts.claim_spans(a))
    assert len(spans) == 3 and all("올트먼" in body[s:e] for s, e in spans) and found.hits[a] >= 2


@pytest.mark.parametrize(
    "query, expected",
    [
        ("올트먼", {"ajunews", "blog", "techworldnews"}),
        ("올트먼은", {"ajunews", "blog", "techworldnews"}),
        ("ㅇㅌㅁ", {"ajunews", "blog", "techworldnews"}),
        ("pub:아주경제", {"ajunews"}),
        # two words that name him together (샘 is a word of one article to Kiwi, not of another), as typed, and of a kind
        ("샘 알", {"ajunews", "blog", "techworldnews"}),
        ("샘 알트", {"ajunews", "blog", "techworldnews"}),
        ("샘 알트먼", {"ajunews", "blog", "techworldnews"}),
        ("샘 알트먼은", {"ajunews", "blog", "techworldnews"}),
        ("kind:PS 샘 알트먼", {"ajunews", "blog", "techworldnews"}),
        ("샘 알트먼 도쿄", {"techworldnews"}),  # (a word after the name narrows, as any word does)
        # a phrase whose words of one letter narrow nothing: the bodies tell
        ('"샘"', {"ajunews", "blog", "techworldnews"}),
        ('"샘 올"', {"ajunews"}),
        ('"샘 올트"', {"ajunews"}),
    ],
)
def test_on_the_bundled_articles(query, expected):
    result = pipeline.run(None)
    index = search.build(result)
    found = index.search(query)
    names = dict(zip(result.corpus.articles["id"].to_list(), result.corpus.articles["name"].to_list()))
    assert {names[i].split("-")[0] for i in found.ids} == expected


@pytest.mark.parametrize(
    "before, word", [("", "삼성전자"), ("", "경쟁력"), ("", "데이터센터"), ("", "올트먼"), ("", "openai"), ("kind:OG ", "오픈AI")]
)
def test_each_letter_typed_narrows_the_list_or_leaves_it(before, word):
    """삼성 found one bundled article and 삼성전자 two others: a word the index holds was not also looked up as the
    beginning of longer ones, so a letter more found more, and 삼성 missed the articles about 삼성전자. A name too: 올트
    found one article and 올트먼 three, opena none and openai five (the entity's names were matched whole)."""
    result = pipeline.run(None)
    index = search.build(result)
    found = [set(index.search(before + word[:k]).ids or ()) for k in range(2, len(word) + 1)]
    assert found[-1], word
    for shorter, longer in zip(found, found[1:]):
        assert longer <= shorter, word
    if not before:  # (a word whose first two letters are a word of their own: widened, and narrowed again)
        assert found[0] > found[-1] or word[:2] not in index._postings


def test_a_word_that_begins_too_many_words_looks_in_the_ones_most_articles_hold(monkeypatch):
    """Widened words are capped (a query's first letters begin thousands at 10,000 articles); cut in the alphabet's
    order, 연구 looked in 연구개발 and left out 연구자, the word three articles hold, so 연구자 found articles 연구 did not."""
    result = pipeline.run(None)
    index = search.build(result)
    monkeypatch.setattr(search, "MAX_PREFIX_FORMS", 1)
    assert set(index._search(search.parse("연구자")).ids) <= set(index._search(search.parse("연구")).ids)


def test_2024_and_a_filtered_exclusion_on_the_bundled_articles():
    result = pipeline.run(None)
    index = search.build(result)
    arts = result.corpus.articles
    names = dict(zip(arts["id"].to_list(), arts["name"].to_list()))
    holders = {
        r["name"]
        for r in arts.iter_rows(named=True)
        if (r["date"] and r["date"].year == 2024) or "2024" in result.corpus.article(r["id"])["body"]
    }
    assert {names[i] for i in index.search("2024").ids} == holders
    og = {names[i] for i in index.search("kind:OG 오픈AI").ids}
    tokyo = {names[i] for i in index.search("도쿄").ids}
    assert {names[i] for i in index.search("kind:OG 오픈AI -도쿄").ids} == og - tokyo and tokyo


def test_gisa_search_prints_the_matches_and_the_concordance():
    run = subprocess.run(
        [sys.executable, "-m", "tui", "search", "올트먼은", str(SEEDS), "--format", "json"], capture_output=True, cwd=ROOT, timeout=120
    )
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.decode().splitlines()]
    assert len(rows) == 3 and all(r["hits"] > 0 and r["path"].endswith(".txt") for r in rows)
    command = [sys.executable, "-m", "tui", "search", "일본", str(SEEDS), "--format", "json"]
    both = [subprocess.run(command + extra, capture_output=True, cwd=ROOT, timeout=120) for extra in ([], ["--kwic"])]
    hits = {r["path"]: r["hits"] for r in map(json.loads, both[0].stdout.decode().splitlines())}
    kwic = [json.loads(line) for line in both[1].stdout.decode().splitlines()]
    assert hits == {p: sum(1 for k in kwic if k["path"] == p) for p in hits}  # as many lines as hits, a title's too
    assert {k["where"] for k in kwic} == {"title", "body"}
    kwic = subprocess.run(
        [sys.executable, "-m", "tui", "search", "ㄱㅅㄷ", str(SEEDS), "--kwic", "--format", "csv"],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    lines = pl.read_csv(kwic.stdout)
    assert lines.height >= 3 and set(lines["hit"].to_list()) == {"기시다"}
    bad = subprocess.run([sys.executable, "-m", "tui", "search", "date:2024-13", str(SEEDS)], capture_output=True, cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and b"not a date" in bad.stderr
    # a phrase whose word the index does not hold as a word (샘, of "오픈AI의 샘 올트먼"): found where it is written
    phrase = subprocess.run(
        [sys.executable, "-m", "tui", "search", '"샘 올트먼"', str(SEEDS), "--format", "json"], capture_output=True, cwd=ROOT, timeout=120
    )
    paths = [json.loads(line)["path"] for line in phrase.stdout.decode().splitlines()]
    assert any(p.endswith("ajunews-altman-kishida-japan-office.txt") for p in paths), phrase.stderr


async def test_the_list_filter_searches_and_the_reader_steps_through_its_hits(tmp_path, monkeypatch):
    monkeypatch.setattr("tui.widgets.key_bar.NOTE_SECONDS", 60.0)  # (a loaded machine may take seconds between two checks)
    async with searchable(tmp_path, (200, 50), notifications=True) as (app, pilot, screen):
        from tui.widgets.article_list import ArticleList, ArticleTable
        from tui.widgets.reader import Reader

        listing, reader = screen.query_one(ArticleList), screen.query_one(Reader)
        await pilot.press("1", "slash", *"올트먼은")
        await pilot.pause()
        assert len(listing.shown_ids) == 3
        heading = screen.query_one("#list-heading").render().plain
        assert "hits" in heading and "Sam Altman" in heading
        table = listing.query_one(ArticleTable)
        assert all(table.hits[r.id] > 0 for r in table.rows)
        await pilot.press("enter", "enter")  # back to the list, then read the article under the cursor
        assert reader.article["id"] in listing.shown_ids and reader.matches
        first = reader.matches[0]
        await pilot.press("n")
        assert reader.emphasis is None and reader.match_index == 0 and reader.matches[0] == first
        await pilot.press("n")
        assert reader.match_index == 1 % len(reader.matches)

        # n and N say where they are, on the key bar's right end, however often they are pressed; past the last, from
        # the top again
        bar = screen.query_one("#keys")

        def said() -> list[str]:
            shown = bar.render_line(0).text.rstrip()
            assert shown.endswith(bar.note) and not app._notifications  # (drawn, no toast)
            return [bar.note] if bar.note.startswith("match ") else []

        count = len(reader.matches)
        assert count > 2
        for _ in range(count - 2):
            await pilot.press("n")
        await pilot.pause()
        assert said() == [f"match {count} of {count}"]
        await pilot.press("n")
        await pilot.pause()
        assert said() == [f"match 1 of {count} (from the top)"] and reader.match_index == 0
        await pilot.press("N")
        await pilot.pause()
        assert said() == [f"match {count} of {count} (from the bottom)"]
        for _ in range(3):  # keys that come in one read (over SSH, or held down): their actions run before any toast shows
            app.post_message(events.Key("n", "n"))
        await pilot.pause()
        assert said() == [f"match 3 of {count}"]

        # an empty result says so, and the reader shows no article the list does not hold
        await pilot.press("1", "slash", *"없는말")
        await pilot.pause()
        assert listing.shown_ids == [] and reader.article is None
        assert "No article matches" in table.render_line(0).text
        await pilot.press("escape")
        await pilot.pause()
        assert len(listing.shown_ids) == 5


async def test_the_readers_own_search_finds_a_word_where_it_is_written_even_if_the_index_lacks_it(tmp_path):
    """샘 of 샘 올트먼 is, to Kiwi, no word of the 아주경제 article: the reader's / found 0 in a text that says 샘."""
    async with searchable(tmp_path, (160, 45), notifications=True) as (app, pilot, screen):
        from tui.widgets.article_list import ArticleList
        from tui.widgets.reader import Reader

        listing, reader = screen.query_one(ArticleList), screen.query_one(Reader)
        await pilot.press("1", "slash", *"pub:아주경제", "enter")
        await wait_for(pilot, lambda: reader.article is not None and list(listing.shown_ids) == [reader.article["id"]])
        body = reader.article["body"]
        assert "샘" in body
        await pilot.press("2", "slash", "샘", "enter")
        await pilot.pause()
        assert len(reader.matches) == body.count("샘") and all(body[s:e] == "샘" for s, e in reader.matches)
        found = list(reader.matches)
        await pilot.press("2", "slash", "ctrl+u", *"date:2030", "enter")  # fields are no text to look for: it says so
        await pilot.pause()
        assert "choose articles" in list(app._notifications)[-1].message and reader.matches == found  # (not "0 matches")
        await pilot.press("ctrl+u", *"date:2024-13", "enter")  # malformed: said as the list's filter says it
        await pilot.pause()
        assert "not a date" in list(app._notifications)[-1].message and reader.matches == found


async def test_the_concordance_lists_every_hit_and_opens_each(tmp_path):
    async with searchable(tmp_path, (160, 45), notifications=True) as (app, pilot, screen):
        from tui.screens.concordance import ConcordanceScreen, KwicList
        from tui.widgets.reader import Reader

        await pilot.press("ctrl+f")
        assert isinstance(app.screen, ConcordanceScreen)
        await pilot.press(*"기시다", "enter")
        lines = app.screen.query_one(KwicList)
        await wait_for(pilot, lambda: lines.row_count > 0)
        articles = [screen.result.corpus.article(aid) for aid in screen.corpus.articles["id"]]
        expected = sum(a["body"].count("기시다") + a["title"].count("기시다") for a in articles)  # a title's hits too
        assert lines.row_count == expected and any(line.title for line in lines.lines)
        # where the text goes on after the right context, the line says so (a context cut mid-number read as a number)
        for i, line in enumerate(lines.lines):
            row = lines.render_row(i, lines.text_width).plain
            date = lines.labels[line.article_id][:10]
            between = row[row.index(line.hit) : row.rindex(date)]  # the hit, its right context, up to the date
            assert ("…" in between) == (line.more or line.right.strip() not in between), (line, row)
            ahead = row[: row.index(line.hit)]  # and the left context: … where the text goes on before it
            assert ("…" in ahead) == (line.before or line.left.strip() not in ahead), (line, row)
            assert (line.left[-2:] + line.hit + line.right[:2]) in row  # as written: no space put around the hit
        assert any(line.more for line in lines.lines)
        for index in range(lines.row_count):
            target = lines.lines[index]
            lines.move_cursor(index)
            await pilot.press("enter")
            await pilot.pause()
            reader = screen.query_one(Reader)
            assert reader.article["id"] == target.article_id
            if target.title:  # the article opens at its top, where its title is, the hit highlighted there
                assert reader.emphasis is None and reader.scroll_offset.y == 0
                assert reader.article["title"][target.start : target.end] == "기시다"
                title_line = reader._lines[0].content
                marked = [s for s in title_line.spans if s.style == reader._style("reader--match")]
                assert [title_line.plain[s.start : s.end] for s in marked] == ["기시다"]
            else:
                assert reader.emphasis == (target.start, target.end)
                assert "기시다" in reader.article["body"][target.start : target.end]
            assert target.article_id in screen.query_one("ArticleList").shown_ids
            if index + 1 < lines.row_count:
                await pilot.press("ctrl+f")
                await wait_for(
                    pilot, lambda: isinstance(app.screen, ConcordanceScreen) and app.screen.query_one(KwicList).row_count == expected
                )
                lines = app.screen.query_one(KwicList)


@pytest.mark.parametrize("query", ["올트먼", "서울", "오픈AI", '"샘 올트먼"', "발표했다"])
def test_the_concordance_lists_as_many_hits_as_the_list_counts(fixture_index, query):
    """Each article's hit count, once counted, is the number of its concordance lines: a word in the title is a line of
    its own, marked as the title's, with its place in the title; a word and a mention at one place are one hit."""
    index, _, result = fixture_index
    body = lambda aid: result.corpus.article(aid)["body"]  # noqa: E731
    found = search.counted(index, index.search(query), body, result.facts)
    lines = search.concordance(index, found, body, result.facts)
    per_article = {aid: sum(1 for line in lines if line.article_id == aid) for aid in found.ids}
    assert per_article == found.hits and sum(found.hits.values()) > 0 and found.exact
    for line in lines:
        article = result.corpus.article(line.article_id)
        text = article["title"] if line.title else article["body"]
        assert text[line.start : line.end] == line.hit
    assert query != "서울" or any(line.title for line in lines)  # b.txt's title: 오픈AI, 서울에 사무소


async def test_a_title_line_opens_its_article_at_the_top_even_when_it_is_open_at_a_hit(tmp_path):
    async with searchable(tmp_path, (160, 45)) as (app, pilot, screen):
        from tui.screens.concordance import ConcordanceScreen, KwicList
        from tui.widgets.reader import Reader

        await pilot.press("ctrl+f", *"기시다", "enter")
        lines = app.screen.query_one(KwicList)
        await wait_for(pilot, lambda: lines.row_count > 0)
        title = next(i for i, line in enumerate(lines.lines) if line.title)
        body = max(i for i, line in enumerate(lines.lines) if line.article_id == lines.lines[title].article_id)
        lines.move_cursor(body)
        await pilot.press("enter")
        await pilot.pause()
        reader = screen.query_one(Reader)
        assert reader.emphasis is not None
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, ConcordanceScreen) and app.screen.query_one(KwicList).row_count > title)
        app.screen.query_one(KwicList).move_cursor(title)
        await pilot.press("enter")
        await pilot.pause()
        assert reader.emphasis is None and reader.scroll_offset.y == 0


async def test_a_query_typed_highlights_its_hits_in_the_title_of_the_article_shown(tmp_path):
    async with searchable(tmp_path, (160, 45)) as (app, pilot, screen):
        from tui.widgets.article_list import ArticleList
        from tui.widgets.reader import Reader

        reader = screen.query_one(Reader)
        titled = next(r for r in screen.corpus.rows if r.title.startswith("기시다"))
        screen.query_one(ArticleList).select(titled.id)
        await wait_for(pilot, lambda: reader.article is not None and reader.article["id"] == titled.id)

        def marked() -> str:  # the title's text drawn unlike the rest of the title (its lines are the reader's first)
            segments = [s for y in range(len(reader._title_rows)) for s in reader.render_line(y)]
            plain = next(s.style for s in segments if "만난" in s.text)
            drawn = [s.text for s in segments if s.style != plain and s.text.strip(" █") and "만난" not in s.text]
            return "".join(drawn).strip()

        assert marked() == ""
        await pilot.press("1", "slash", *"도라에몽")  # (in its title, and in this article only)
        await pilot.pause()
        assert reader.article["id"] == titled.id and marked() == "도라에몽"  # (the same article: its title drawn again)


async def test_once_a_query_rests_the_list_counts_the_hits_the_concordance_lists(tmp_path):
    """`2024` counts an article dated 2024 as a hit while it is typed (a date is no place in the text); once the query
    rests, each row shows the hits the concordance and the reader list: none for the article matched by its date."""
    from corpus.search import concordance

    async with searchable(tmp_path, (160, 45)) as (app, pilot, screen):
        from tui.widgets.article_list import ArticleTable

        await pilot.press("1", "slash", *"2024")
        await wait_for(pilot, lambda: screen.found is not None and screen.found.ids)
        estimate = dict(screen.found.hits)
        await wait_for(pilot, lambda: screen.found.exact)
        body = lambda aid: screen.result.corpus.article(aid)["body"]  # noqa: E731
        lines = concordance(screen.index, screen.found, body, screen.facts)
        listed = {aid: sum(1 for line in lines if line.article_id == aid) for aid in screen.found.ids}
        table = screen.query_one(ArticleTable)
        assert table.hits == listed == screen.found.hits != estimate
        assert 0 in listed.values() and set(listed) == set(estimate)  # the article dated 2024 stays, with no hit


@pytest.mark.parametrize("width", [160, 80])
async def test_the_concordance_keeps_its_columns_whatever_the_hit_and_the_cuts(tmp_path, width):
    """`오픈AI` also finds `오픈 AI` (a wider hit) and lines cut next to wide characters: every hit still begins, and
    every date and title still begins, at the same cell of every line."""
    from rich.cells import cell_len

    async with searchable(tmp_path, (width, 40)) as (app, pilot, screen):
        from tui.screens.concordance import KwicList

        await pilot.press("ctrl+f", *"오픈AI", "enter")
        lines = app.screen.query_one(KwicList)
        await wait_for(pilot, lambda: lines.row_count > 20)
        assert {line.hit for line in lines.lines} >= {"오픈AI", "오픈 AI"}
        starts, labels = set(), set()
        for index, line in enumerate(lines.lines):
            row = lines.render_row(index, lines.text_width)
            hit = next(span for span in row.spans if span.style == lines.get_visual_style("kwic-list--hit"))
            starts.add(cell_len(row.plain[: hit.start]))
            labels.add(cell_len(row.plain[: row.plain.rindex(lines.labels[line.article_id][:10])]))
            assert cell_len(row.plain) <= lines.text_width
        assert len(starts) == 1 and len(labels) == 1


async def test_a_concordance_cut_at_its_limit_says_so(tmp_path, monkeypatch):
    """A search with more hits than the concordance lists says it shows the first ones, of how many."""
    import corpus.search

    monkeypatch.setattr(corpus.search, "CONCORDANCE_LIMIT", 2)
    async with searchable(tmp_path, (160, 45)) as (app, pilot, screen):
        from textual.widgets import Static

        from tui.screens.concordance import KwicList

        await pilot.press("ctrl+f", *"기시다", "enter")
        await wait_for(pilot, lambda: app.screen.query_one(KwicList).row_count > 0)
        heading = str(app.screen.query_one("#concordance-heading", Static).render())
        found = screen.index.search("기시다")
        assert app.screen.query_one(KwicList).row_count == 2
        assert f"the first 2 hits (of about {sum(found.hits.values())} in {len(found.ids)} articles" in heading


async def test_the_filter_says_it_searches_titles_only_until_the_analysis_is_done(tmp_path, monkeypatch):
    """Before the search index exists, the list filter looks in titles and file names only, and says so (a word of a
    body finds nothing yet: the list must not look as if no article held it)."""
    import threading

    import corpus.search

    release = threading.Event()
    real_build = corpus.search.build
    monkeypatch.setattr(corpus.search, "build", lambda result: release.wait(20) and real_build(result))
    app = app_for(tmp_path)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await ready(pilot)
            screen = main_screen(app)
            assert screen.index is None
            await pilot.press("1", "slash", *"올트먼")
            await pilot.pause()
            assert "titles only for now" in str(screen.query_one("#list-heading").render())
            assert "No title or file name holds “올트먼”" in screen.query_one("ArticleTable").empty_note
            release.set()
            await wait_for(pilot, lambda: screen.index is not None)
            await pilot.pause()
            heading = str(screen.query_one("#list-heading").render())
            assert "titles only" not in heading and "hits" in heading and len(screen.query_one("ArticleList").shown_ids) == 3
    finally:
        release.set()


async def test_a_query_of_fields_alone_shows_no_hit_count(tmp_path):
    """pub:아주경제 picks articles by a field: there is no word to count, so no Hit column and no "0 hits"."""

    async with searchable(tmp_path, (160, 45)) as (app, pilot, screen):
        await pilot.press("1", "slash", *"pub:아주경제")
        await pilot.pause()
        table = screen.query_one("ArticleTable")
        heading = str(screen.query_one("#list-heading").render())
        assert [r.publisher for r in table.rows] == ["아주경제"] and table.hits is None and "hits" not in heading
        await pilot.press(*" 올트먼")  # a word as well: its hits are counted
        await pilot.pause()
        assert table.hits and "hits" in str(screen.query_one("#list-heading").render())


def test_words_of_a_title_find_its_article(fixture_index):
    """A title is not part of the body whose words are indexed; a reader searches by it first (issue 14's list
    filter looked at titles only: the word search must not lose them)."""
    assert names_of(fixture_index, "소식") == ["c.txt"]  # only in c's title
    assert names_of(fixture_index, "접견은") == ["a.txt"]  # a's title, with a particle typed after it
    assert names_of(fixture_index, "태풍 소식") == ["c.txt"]  # one word in the body, one in the title
    assert names_of(fixture_index, '"태풍 소식"') == ["c.txt"]  # a phrase as the title writes it
    assert names_of(fixture_index, "소식 -태풍") == []


async def test_the_first_letter_of_a_word_leaves_the_list_as_it_is_until_the_next(tmp_path):
    """Typing 경제, its first keystroke (경) is a word of one letter no article has: the list, the reader and the heading
    must not empty at each new word's first letter (the heading says to type on); 경제 then filters, and a letter that
    is a word (올, this year) filters at once."""
    from tui.state import ONE_LETTER
    from tui.widgets.article_list import ArticleList
    from tui.widgets.reader import Reader

    async with searchable(tmp_path, (160, 45)) as (app, pilot, screen):
        listing, reader = screen.query_one(ArticleList), screen.query_one(Reader)
        shown = reader.article["id"]
        await pilot.press("1", "slash", "경")
        await pilot.pause()
        assert len(listing.shown_ids) == 5 and reader.article["id"] == shown
        assert ONE_LETTER in screen.query_one("#list-heading").render().plain
        await pilot.press("제")
        await pilot.pause()
        assert 0 < len(listing.shown_ids) < 5 and reader.article["id"] in listing.shown_ids
        assert ONE_LETTER not in screen.query_one("#list-heading").render().plain
        await pilot.press("backspace", "backspace", "올")
        await pilot.pause()
        assert 0 < len(listing.shown_ids) and ONE_LETTER not in screen.query_one("#list-heading").render().plain


def test_the_letters_likeliest_to_come_next_follow_the_corpus_words(fixture_index):
    """What the app makes ready while a query rests: the letters that continue the word being typed into the corpus's
    words (the likeliest first, by the articles that hold them), a new word's first letters after a space, and none
    where no word follows (a field, initials, an exclusion, a phrase)."""
    index, _, _ = fixture_index
    assert index.next_letters("올트", 3)[0] == "먼"  # 올트먼, in two articles' words
    assert index.next_letters("샘 올트", 3)[0] == "먼"  # the last word counts
    assert index.next_letters("OPENA", 2)[0] == "i"  # (as the index holds it: case does not matter)
    first = index.next_letters("", 40)
    assert "올" in first and "태" in first and not any(c.isdigit() for c in first)
    assert [c for c in first[:12] if c.isascii()] == [c for c in first if c.isascii()][:3]  # a Latin letter every fourth
    assert "o" in first  # (openai)
    assert index.next_letters("20", 8)[0] in "0123456789"  # (within a number, its digits)
    assert index.next_letters("올트먼 ", 40) == first  # a new word's first letters
    assert len(index.next_letters("", 5)) == 5
    for c in index.next_letters("기", 8):  # each leads to words the corpus holds
        assert index.search("기" + c).ids, c
    for text in ("pub:아주", "date:20", "ㅇㅌ", "-서", '"올트'):
        assert index.next_letters(text, 8) == [], text
    assert index.next_letters("zzz", 8) == []


def test_a_query_asked_again_gets_the_same_answer(fixture_index):
    """Typing back over a word asks again for queries asked before: they are answered as they were, each its own,
    from what was kept (guesses of the next letter, kept apart, push none of them out)."""
    index, _, _ = fixture_index
    first = {q: index.search(q) for q in ("올트", "올트먼", "태풍", "2031만", "pub:아주경제")}
    assert all(index.search(q) is found for q, found in first.items())  # (kept, not searched again)
    index.search("올트먼", guess=True)  # (a typed query guessed again, as one Backspace would make it)
    for i in range(search.SEARCHES_KEPT):  # guesses: the typed queries stay
        index.search(f"올트{i}", guess=True)
    assert all(index.search(q) is found for q, found in first.items())
    for i in range(search.SEARCHES_KEPT + 5):  # more typed queries than are kept: the oldest are asked anew
        index.search(f"서울{i}")
    for q, found in first.items():
        again = index.search(q)
        assert again is not found
        assert again.ids == found.ids and again.hits == found.hits and again.notes == found.notes, q
    assert index.search("올트먼").ids != index.search("태풍").ids


def test_a_concordance_cut_to_a_terminal_keeps_the_words_just_before_each_hit():
    """At 80 columns `gisa search --kwic` kept the start of the left context and cut what comes just before the hit."""
    from corpus import export, reports

    result = pipeline.run(None)
    frame, human, _, _ = reports.search(result, "삼성", True)
    shown = human if human is not None else frame
    lines = export.render(frame, "table", human, 80, *reports.TABLE_HINTS["search"]).decode().splitlines()[2:]
    assert len(lines) == shown.height > 0
    cut = 0
    for left, hit, line in zip(shown["left"].to_list(), shown["hit"].to_list(), lines):
        tail = left.rstrip()[-3:]
        assert tail in line and line.index(tail) < line.index(hit), (left, line)
        cut += "…" in line.split(hit)[0]
    assert cut  # (some left context was too long for its column)


async def test_a_query_typed_halfway_keeps_what_its_finished_part_finds_and_says_what_is_missing(tmp_path):
    """Each letter of "샘 올트먼 emptied the list (a quote is not closed) until the closing quote, and so did pub: or a
    lone - before their value: the list now holds what the part typed so far finds, and the heading says the rest."""
    async with searchable(tmp_path, (160, 45)) as (app, pilot, screen):
        from tui.widgets.article_list import ArticleList

        listing = screen.query_one(ArticleList)
        heading = lambda: screen.query_one("#list-heading").render().plain  # noqa: E731
        await pilot.press("1", "slash", *'"샘 올트')
        await pilot.pause()
        assert 0 < len(listing.shown_ids) < 5 and "quote" in heading()  # the phrase's words so far: 샘 올트(먼)
        words = set(listing.shown_ids)
        await pilot.press(*'먼"')
        await pilot.pause()
        phrase = set(listing.shown_ids)
        assert phrase and phrase <= words and "quote" not in heading()  # closed, the phrase as written
        await pilot.press(" ", "-")  # an exclusion begun: nothing excluded yet
        await pilot.pause()
        assert set(listing.shown_ids) == phrase and "nothing after" in heading()
        await pilot.press("ctrl+u", *"올트먼 pu")  # on the way to pub: what the words before it find, and why
        await pilot.pause()
        assert len(listing.shown_ids) == 3 and "a field ends in a colon" in heading()
        await pilot.press("ctrl+u", *"pub:")  # a field before its value: every article, and what is missing
        await pilot.pause()
        assert len(listing.shown_ids) == 5 and "needs a value" in heading()


@pytest.mark.parametrize(
    "typed, stands_for",
    [
        ('"샘 올트', "샘 올트"),  # a phrase being typed: its words (the bodies are read once it is closed)
        ('올트먼 -"샘 올', "올트먼"),  # a phrase being excluded: nothing yet
        ("올트먼 -", "올트먼"),  # an exclusion begun
        ("올트먼 pub:", "올트먼"),  # a field before its value
        ("date:20", ""),  # a year being typed
        ("삼성 date:2024-", "삼성"),
        ("kind:O", ""),  # a kind being spelled
        ("kind:OG", ""),  # a kind before its word
        ("date:2024-13", None),  # wrong, and more letters will not mend it: said, and nothing listed
        ("삼성 date:2024-13", None),
        ("foo:bar", None),
        ("kind:XYZ 삼성", None),
        ("올트먼", None),  # nothing wrong
    ],
)
def test_a_half_typed_query_stands_for_its_finished_part_and_a_wrong_one_for_nothing(typed, stands_for):
    assert search.so_far(typed) == stands_for


def test_the_readers_page_search_finds_what_is_written_as_the_query_asks():
    body = "샘 올트먼은 ＯｐｅｎＡＩ의 CEO다. 다음 날 다시 만났다."
    assert search.written("샘", body) == [(0, 1)]
    assert search.written("openai", body) == [(7, 13)]  # (width folded)
    assert search.written("샘 애플", body) == []  # every word, as the list's search asks
    assert search.written("다", body) == []  # a word of one letter is only itself: not the 다 of 다음 and 다시
    assert search.written("-샘", body) == search.written("date:2024", body) == search.written('"샘', body) == []


def test_a_phrase_reads_the_bodies_once_and_the_words_typed_after_it_do_not_read_them_again(fixture_index, monkeypatch):
    """A phrase is looked for in the bodies (a second for common words at 10,000 articles): the words typed after it
    search again per key, and read none."""
    index, _, _ = fixture_index
    read: list[int] = []
    text_of = index._text_of
    monkeypatch.setattr(index, "_text_of", lambda article_id: read.append(article_id) or text_of(article_id))
    first = index.search('"알트먼 CEO"')
    assert first.ids and read
    read.clear()
    narrowed = index.search('"알트먼 CEO" 발표')
    assert narrowed.ids and narrowed.ids <= first.ids and not read


async def test_ctrl_f_in_the_reader_opens_the_concordance_on_the_readers_own_search(tmp_path):
    async with searchable(tmp_path, (160, 45), notifications=True) as (app, pilot, screen):
        from textual.widgets import Input

        from tui.screens.concordance import ConcordanceScreen, KwicList

        await pilot.press("2", "slash", *"기시다", "enter")
        await pilot.pause()
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, ConcordanceScreen)
        assert app.screen.query_one("#concordance-query", Input).value == "기시다"
        await wait_for(pilot, lambda: app.screen.query_one(KwicList).row_count > 0)


def test_a_concordance_line_says_whether_the_text_goes_on_after_its_right_context(fixture_index):
    index, _, result = fixture_index
    body = lambda aid: result.corpus.article(aid)["body"]  # noqa: E731
    lines = [
        line
        for query in ("2031만명", "발표했다", "태풍")
        for line in search.concordance(index, index.search(query), body, result.facts, width=10)
    ]
    for line in lines:
        text = index.title_text(line.article_id) if line.title else body(line.article_id)
        assert line.more == (line.end + 10 < len(text)) and line.before == (line.start > 10)
    assert {line.more for line in lines} == {True, False}  # (one near its article's end, one not)
    assert {line.before for line in lines} == {True, False}  # (one near its text's start, one not)


def test_a_phrase_that_needs_many_bodies_read_is_read_apart_and_stands_for_its_words_meanwhile(fixture_index, monkeypatch):
    index, names, _ = fixture_index
    monkeypatch.setattr(search, "PHRASE_READS_AT_ONCE", 0)  # (every phrase is slow here: 10,000 articles' worth)
    (phrase, n), *others = index.slow_phrases('"한국 정부와" 알트먼 -"기상청이 밝혔다"')
    assert phrase == "한국 정부와" and n >= 1 and [p for p, _ in others] == ["기상청이 밝혔다"]
    assert search.as_words('"한국 정부와" 알트먼 -"기상청이 밝혔다"', ["한국 정부와", "기상청이 밝혔다"]) == "한국 정부와 알트먼"
    assert not index.read_phrases('"한국 정부와"', cancelled=lambda: True)  # stopped: nothing kept half read
    assert index.slow_phrases('"한국 정부와"')
    assert index.read_phrases('"한국 정부와"')
    assert index.slow_phrases('"한국 정부와" 알트먼') == []  # read once: the query is answered at once now
    assert names_of(fixture_index, '"한국 정부와"') == ["b.txt"]


async def test_the_list_holds_a_slow_phrases_words_while_a_thread_reads_it_then_the_phrase(tmp_path, monkeypatch):
    """A common phrase at 10,000 articles took a second or two to read, inside the key of its closing quote."""
    import threading

    monkeypatch.setattr(search, "PHRASE_READS_AT_ONCE", 0)
    gate, calls = threading.Event(), []
    read = search.SearchIndex.read_phrases

    def held(self, text, cancelled=None):
        calls.append(text)
        gate.wait(20)
        return read(self, text, cancelled)

    monkeypatch.setattr(search.SearchIndex, "read_phrases", held)
    async with searchable(tmp_path, (160, 45)) as (app, pilot, screen):
        from tui.widgets.article_list import ArticleList

        listing = screen.query_one(ArticleList)
        heading = lambda: screen.query_one("#list-heading").render().plain  # noqa: E731
        await pilot.press("1", "slash", *"샘 올트먼")
        await pilot.pause()
        words = set(listing.shown_ids)
        await pilot.press("home", '"', "end", '"')
        await pilot.pause()
        assert set(listing.shown_ids) == words and "reading “샘 올트먼”" in heading()  # its words, meanwhile
        await pilot.press(*" 오픈")  # a word typed after it: the same reading goes on
        await pilot.pause()
        assert "reading “샘 올트먼”" in heading() and len(calls) == 1
        gate.set()
        await wait_for(pilot, lambda: "reading" not in heading())
        found = set(listing.shown_ids)
        assert found and found <= words and len(calls) == 1
        assert found == {i for i in screen.index.search('"샘 올트먼" 오픈').ids}


def test_a_phrase_needing_few_bodies_is_read_at_once_and_more_phrases_than_are_kept_are_not_read_again(fixture_index, monkeypatch):
    index, names, _ = fixture_index
    assert index.slow_phrases('"직접 발표했다"') == []  # a few bodies: read inside the key, as before
    monkeypatch.setattr(search, "PHRASE_READS_AT_ONCE", 0)
    monkeypatch.setattr(search, "PHRASES_KEPT", 2)
    query = '"서울에 사무소" "샘 알트먼" "정부와 만났다"'  # three phrases, two kept: the screen asked again and again
    assert index.read_phrases(query)
    assert index.slow_phrases(query) == []  # the query was kept whole: answered without reading
    assert names_of(fixture_index, query) == ["b.txt"]


@pytest.mark.parametrize(
    "typed, phrases, stands_for",
    [
        ('"한국 정부와" 알트먼 -"기상청이 밝혔다"', ["한국 정부와", "기상청이 밝혔다"], "한국 정부와 알트먼"),
        ('"-알트먼 CEO" 서울', ["-알트먼 CEO"], "알트먼 CEO 서울"),  # a phrase's word is no exclusion
        ('"date:2099 정부와"', ["date:2099 정부와"], "정부와"),  # nor a field
        ('"서울에 사무소" "샘"', ["서울에 사무소"], '서울에 사무소 "샘"'),  # a phrase read at once stays a phrase
    ],
)
def test_a_phrase_being_read_stands_for_its_plain_words(typed, phrases, stands_for):
    assert search.as_words(typed, phrases) == stands_for


async def test_a_phrase_that_cannot_be_read_says_so_and_is_not_tried_again(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "PHRASE_READS_AT_ONCE", 0)
    calls = []

    def broken(self, text, cancelled=None):
        calls.append(text)
        raise OSError("disk gone")

    monkeypatch.setattr(search.SearchIndex, "read_phrases", broken)
    async with searchable(tmp_path, (160, 45)) as (app, pilot, screen):
        from tui.widgets.article_list import ArticleList

        listing = screen.query_one(ArticleList)
        heading = lambda: screen.query_one("#list-heading").render().plain  # noqa: E731
        await pilot.press("1", "slash", *'"샘 올트먼"')
        await wait_for(pilot, lambda: "not read" in heading())
        assert "reading" not in heading() and listing.shown_ids  # its words' articles, and why
        await pilot.press(*" 오픈")
        await pilot.pause()
        assert "not read" in heading() and len(calls) == 1


async def test_n_after_a_concordance_line_opened_steps_on_from_that_hit(tmp_path, monkeypatch):
    """n after opening the third hit of an article from the concordance went to the first hit (or the reader's last)."""
    monkeypatch.setattr("tui.widgets.key_bar.NOTE_SECONDS", 60.0)
    async with searchable(tmp_path, (160, 45), notifications=True) as (app, pilot, screen):
        from tui.screens.concordance import ConcordanceScreen, KwicList
        from tui.widgets.reader import Reader

        reader = screen.query_one(Reader)
        await pilot.press("1", "slash", *"오픈AI", "enter")
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, ConcordanceScreen) and app.screen.query_one(KwicList).row_count > 0)
        lines = app.screen.query_one(KwicList)
        body_lines = [i for i, line in enumerate(lines.lines) if not line.title]
        by_article = {}
        for i in body_lines:
            by_article.setdefault(lines.lines[i].article_id, []).append(i)
        aid, rows = max(by_article.items(), key=lambda kv: len(kv[1]))
        assert len(rows) >= 4
        publisher = next(r.publisher for r in screen.corpus.rows if r.id == aid)
        assert publisher and lines.labels[aid].split(" · ")[1] == publisher  # a line names its paper beside its date
        target = lines.lines[rows[2]]
        lines.move_cursor(rows[2])
        await pilot.press("enter")
        await wait_for(pilot, lambda: reader.article is not None and reader.article["id"] == aid and reader.matches)
        starts = [a for a, _ in reader.matches]
        at = starts.index(target.start)
        await pilot.press("n")
        await pilot.pause()
        assert reader.match_index == at + 1
        assert screen.query_one("#keys").note == f"match {at + 2} of {len(starts)}"
        await pilot.press("N", "N")
        await pilot.pause()
        assert reader.match_index == at - 1


async def test_while_a_query_is_typed_its_first_match_comes_to_the_cursor_unless_the_article_read_passes(tmp_path):
    """Typed letter by letter, 알트먼's first letter takes the cursor to an article 알트먼 also finds, though not its first:
    the finished query still shows its first match. Emptying the box leaves the cursor where it is; a query the article
    being read passes keeps it, wherever it comes in the list."""
    from tui.widgets.article_list import ArticleList, ArticleTable
    from tui.widgets.reader import Reader

    async with searchable(tmp_path, (160, 45)) as (app, pilot, screen):
        listing, reader = screen.query_one(ArticleList), screen.query_one(Reader)
        table = listing.query_one(ArticleTable)
        others = [i for i in listing.shown_ids if i not in screen.index.search("알트먼").ids]
        await pilot.press("1", *"j" * listing.shown_ids.index(others[-1]))
        await pilot.pause()
        reading = table.current_id()
        assert reading == others[-1] and reader.article["id"] == reading
        await pilot.press("slash", "알")
        await pilot.pause()
        app.app_focus = False  # the terminal's window loses the focus and gets it back: the query is still typed
        await pilot.pause()
        app.app_focus = True
        await pilot.pause()
        for letter in "트먼":
            await pilot.press(letter)
            await pilot.pause()
        assert reading not in listing.shown_ids and len(listing.shown_ids) == 3
        first = listing.shown_ids[0]
        assert table.current_id() == first == reader.article["id"]
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        first = listing.shown_ids[0]  # 알's
        assert table.current_id() == first
        await pilot.press("backspace")
        await pilot.pause()
        assert len(listing.shown_ids) == 5 and table.current_id() == first == reader.article["id"]

        await pilot.press("escape", "g", *"j" * listing.shown_ids.index(reading), "slash")
        assert table.current_id() == reading
        for letter in "오픈":
            await pilot.press(letter)
        await pilot.pause()
        assert listing.shown_ids.index(reading) > 0 and table.current_id() == reading == reader.article["id"]
