"""Can a reader trust `conflict`? Planted second reports of real stories, mixed into the unrelated rest.

    python bench/compare.py                        # Wikinews (../shared/data/wikinews-ko), plantings 1 2 3
    python bench/compare.py --seeds 7 8 9 -v       # other plantings; list missed plants and false conflicts
    python bench/compare.py --seeds 1 2 3 4 5 6 --grid   # how the thresholds were chosen
    python bench/compare.py --source DIR           # any folder of articles with an INDEX.tsv (file, date, url, title)
    python bench/compare.py --scale /tmp/gisa-bench-10k   # compare() at 10,000 articles, warm

From the real articles it writes, into a temporary folder with a `manifest.tsv`:

* every original article, unchanged (publisher 위키뉴스, its real date);
* **conflict plants**: for --conflicts source stories, a second report by another publisher on the same day,
  reworded (a sentence dropped; the changed sentence itself reworded: another reporting verb, another word
  for the same thing such as 숨졌다→사망했다, one or two words left out, an attribution put in or an opening
  adverb left out; other sentences reworded here and there) with **one figure changed enough to matter**
  (×1.3–3 or ÷1.3–3, a rank moved by 2–5), every occurrence of that figure changed alike;
* **agree plants**: for --agrees other stories, a copy by another publisher with the same figures, one
  paragraph dropped and the same rewording here and there.

The figure to change is picked by a plain pattern of this script (a number with a counter such as 명, 원,
%, 건, 곳, 톤; never a date, never a label such as 1호선), not by Gisa's own claim finder, so a figure Gisa
cannot read counts as a miss. Then it runs the whole pipeline (a temporary cache, never the user's) and prints:

* precision and recall of `conflict`: a planted conflict is found when one conflict group holds a claim
  with the changed figure from the plant and a claim with the original figure from its source; every other
  conflict group is a false one;
* agreeing copies flagged: agree plants with any conflict group between them and their source;
* conflicts among the untouched articles (neither plants nor their sources) per 100 untouched articles;
* the same figures for `possible conflict`, and the time taken.

The thresholds in `corpus.compare.Thresholds` were chosen with `--grid` on plantings 1–6 (the highest recall
at precision 1.000 with no conflict among untouched articles) and then checked on plantings 7–9, which
played no part in choosing them.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("GISA_SHARED", ROOT.parent / "shared")) / "data" / "wikinews-ko"

PUBLISHERS = ("한빛일보", "서울타임즈", "누리뉴스", "아침경제", "코리아데일리", "미래신문")
# a number with a counter this script trusts to be an amount (dates, labels and ambiguous 대/호/번 are left out)
FIGURE = re.compile(
    r"(?<![\d.,제억조만천백])(?<![억조만천백]\s)(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?P<scale>\s?(?:만|억|천만|천|백만))?\s?"
    r"(?P<unit>명|원|달러|유로|엔|%|퍼센트|개국|개|건|곳|톤|km|㎞|kg|마리|가구|척|채|헥타르|배럴|석|표|위)"
    r"(?:(?![가-힣A-Za-z\d])|(?=[은는이가을를의에와과도만로으]))"
)
VERBS = (
    ("밝혔다", "전했다"),
    ("말했다", "설명했다"),
    ("발표했다", "공개했다"),
    ("보도했다", "전했다"),
    ("전했다", "밝혔다"),
    ("설명했다", "말했다"),
    ("덧붙였다", "말했다"),
    ("예정이다", "계획이다"),
    ("알려졌다", "전해졌다"),
)
# words another newsroom uses for the same thing (some change what a claim's verb says it counts: a real difficulty)
SYNONYMS = (
    ("숨졌다", "사망했다"),
    ("사망했다", "숨졌다"),
    ("발생했다", "일어났다"),
    ("증가했다", "늘었다"),
    ("감소했다", "줄었다"),
    ("늘었다", "증가했다"),
    ("줄었다", "감소했다"),
    ("기록했다", "나타냈다"),
    ("차지했다", "점유했다"),
    ("달한다", "이른다"),
    ("집계됐다", "집계되었다"),
    ("나타났다", "조사됐다"),
    ("밝혀졌다", "드러났다"),
    ("부상을 입었다", "다쳤다"),
    ("실시했다", "진행했다"),
    ("이번", "이날"),
    ("약 ", "대략 "),
    ("대한민국", "한국"),
    ("정부는", "당국은"),
)
OPENERS = ("한편 ", "한편, ", "또한 ", "또한, ", "이에 따라 ", "이날 ", "특히 ", "이번 ", "그러나 ", "하지만 ")
ATTRIBUTIONS = ("관계자에 따르면 ", "현지 언론에 따르면 ", "당국에 따르면 ", "업계에 따르면 ")


@dataclass
class Plant:
    kind: str  # "conflict" or "agree"
    name: str
    source: str
    old_text: str = ""
    new_text: str = ""
    old_value: float | None = None
    new_value: float | None = None
    unit: str = ""
    edits: list[str] = field(default_factory=list)


def _value(num: str, scale: str | None) -> float:
    v = float(num.replace(",", ""))
    return v * {"만": 1e4, "억": 1e8, "천": 1e3, "천만": 1e7, "백만": 1e6, "": 1}[(scale or "").strip()]


def _format_like(num: str, value: float) -> str:
    decimals = len(num.split(".")[1]) if "." in num else 0
    if decimals:
        return f"{value:.{decimals}f}"
    n = max(1, int(round(value)))
    return f"{n:,}" if "," in num else str(n)


def _figures(body: str) -> list[re.Match]:
    out = []
    for m in FIGURE.finditer(body):
        num = m["num"]
        if float(num.replace(",", "")) == 0:
            continue
        out.append(m)
    return out


def _changed(m: re.Match, rng: random.Random) -> tuple[str, str, float, float, str]:
    num, scale, unit = m["num"], m["scale"], m["unit"]
    old = float(num.replace(",", ""))
    if unit == "위":
        new = old + rng.randint(2, 5) if old <= 3 or rng.random() < 0.5 else max(1.0, old - rng.randint(2, 5))
        if new == old:
            new = old + 2
    else:
        for _ in range(20):
            factor = rng.uniform(1.3, 3.0)
            new = old * factor if rng.random() < 0.5 or old < 2 else old / factor
            if unit in ("%", "퍼센트") and new > 100:
                new = old / factor
            text = _format_like(num, new)
            if float(text.replace(",", "")) != old:
                break
    new_num = _format_like(num, new)
    old_text = m.group(0)
    new_text = old_text.replace(num, new_num, 1)
    return old_text, new_text, _value(num, scale), _value(new_num, scale), unit


def _sentences(paragraph: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+", paragraph)
    return [p for p in parts if p]


def _drop_words(sentence: str, figure: str | None, rng: random.Random, edits: list[str]) -> str:
    """Leave out one or two words (no digits, not the first or last, not next to the figure)."""
    words = sentence.split(" ")
    near = set()
    for i, w in enumerate(words):
        if figure and figure.split(" ")[0] in w:
            near.update({i - 1, i, i + 1, i + 2})
    candidates = [
        i
        for i, w in enumerate(words[1:-1], 1)
        if i not in near and not any(ch.isdigit() for ch in w) and not any(q in w for q in "“”\"'‘’()")
    ]
    drop = set(rng.sample(candidates, min(len(candidates), rng.choice((1, 2))))) if len(candidates) > 4 else set()
    if drop:
        edits.append("left out " + ", ".join(words[i] for i in sorted(drop)))
    return " ".join(w for i, w in enumerate(words) if i not in drop)


def _reword_sentence(sentence: str, rng: random.Random, edits: list[str], figure: str | None = None) -> str:
    """Rewording of one sentence, as a second publisher would write it: other verbs and words, fewer words,
    an opening adverb left out or an attribution put in."""
    out = sentence
    for old, new in VERBS:
        if old in out and rng.random() < 0.8:
            out = out.replace(old, new, 1)
            edits.append(f"{old}→{new}")
            break
    for old, new in SYNONYMS:
        if old in out and rng.random() < 0.5:
            out = out.replace(old, new, 1)
            edits.append(f"{old.strip()}→{new.strip()}")
            break
    if rng.random() < 0.7:
        out = _drop_words(out, figure, rng, edits)
    for opener in OPENERS:
        if out.startswith(opener):
            out = out[len(opener) :]
            edits.append(f"dropped opener {opener.strip()}")
            break
    else:
        if rng.random() < 0.5 and not out.startswith(("“", '"', "'")):
            attribution = rng.choice(ATTRIBUTIONS)
            out = attribution + out
            edits.append(f"added {attribution.strip()}")
    return out


def _copy(
    body_lines: list[str], rng: random.Random, edits: list[str], keep: str | None, drop_paragraph: bool, figure: str | None = None
) -> list[str]:
    """A reworded copy: verbs swapped here and there, a sentence (or a paragraph) dropped, never the one with `keep`."""
    title, paragraphs = body_lines[0], [p for p in body_lines[1:] if p.strip()]
    candidates = [i for i, p in enumerate(paragraphs) if keep is None or keep not in p]
    if drop_paragraph and len(paragraphs) > 1 and candidates:
        i = rng.choice(candidates)
        edits.append(f"dropped paragraph {i + 1} of {len(paragraphs)}")
        paragraphs.pop(i)
    elif not drop_paragraph:
        sentences = [
            (i, j)
            for i, p in enumerate(paragraphs)
            for j, s in enumerate(_sentences(p))
            if (keep is None or keep not in s) and len(_sentences(p)) > 1
        ]
        if sentences:
            i, j = rng.choice(sentences)
            parts = _sentences(paragraphs[i])
            parts.pop(j)
            paragraphs[i] = " ".join(parts)
            edits.append("dropped a sentence")
    out = []
    for p in paragraphs:
        parts = _sentences(p)
        new_parts = []
        for s in parts:
            if keep is not None and keep in s:
                s = _reword_sentence(s, rng, edits, figure)
            elif rng.random() < 0.3:
                s = _reword_sentence(s, rng, [], None)  # the rest is reworded here and there too
            new_parts.append(s)
        out.append(" ".join(new_parts))
    return [title] + [""] + out


def build(target: Path, source: Path, n_conflicts: int, n_agrees: int, seed: int) -> tuple[list[Plant], list[str]]:
    """Write originals and plants to `target` with a manifest; return the plants and the original names."""
    rng = random.Random(seed)
    index = {}
    with open(source / "INDEX.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            index[row["file"]] = row
    files = sorted((source / "articles").glob("*.txt"))
    texts = {f.name: f.read_text(encoding="utf-8") for f in files}
    rows = []
    for f in files:
        (target / f.name).write_text(texts[f.name], encoding="utf-8")
        rows.append((f.name, index.get(f.name, {}).get("date", ""), "위키뉴스", index.get(f.name, {}).get("url", ""), ""))
    with_figures = [f.name for f in files if _figures("\n".join(texts[f.name].split("\n")[1:]))]
    rng.shuffle(with_figures)
    conflict_sources = with_figures[:n_conflicts]
    rest = [f.name for f in files if f.name not in set(conflict_sources)]
    rng.shuffle(rest)
    agree_sources = [n for n in rest if len([p for p in texts[n].split("\n")[1:] if p.strip()]) > 1][:n_agrees]
    plants: list[Plant] = []
    for name in conflict_sources:
        lines = texts[name].split("\n")
        body = "\n".join(lines[1:])
        figure = rng.choice(_figures(body))
        old_text, new_text, old_value, new_value, unit = _changed(figure, rng)
        plant = Plant("conflict", f"plant-conflict-{name}", name, old_text, new_text, old_value, new_value, unit)
        sentence = next(s for p in lines[1:] for s in _sentences(p) if re.search(r"(?<![\d.,])" + re.escape(old_text), s))
        copy = _copy(lines, rng, plant.edits, sentence, drop_paragraph=False, figure=old_text)
        changed = re.sub(r"(?<![\d.,])" + re.escape(old_text), lambda _, new_text=new_text: new_text, "\n".join(copy))  # not 131km for 31km
        plants.append(plant)
        (target / plant.name).write_text(changed, encoding="utf-8")
    for name in agree_sources:
        lines = texts[name].split("\n")
        plant = Plant("agree", f"plant-agree-{name}", name)
        copy = _copy(lines, rng, plant.edits, None, drop_paragraph=True)
        plants.append(plant)
        (target / plant.name).write_text("\n".join(copy), encoding="utf-8")
    for plant in plants:
        date = index.get(plant.source, {}).get("date", "")
        rows.append((plant.name, date, rng.choice(PUBLISHERS), "", ""))
    with open(target / "manifest.tsv", "w", encoding="utf-8") as fh:
        fh.write("file\tdate\tpublisher\turl\ttitle\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    return plants, [f.name for f in files]


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def evaluate(result, groups, plants: list[Plant]) -> dict:
    import polars as pl

    names = dict(zip(result.corpus.articles["id"].to_list(), result.corpus.articles["name"].to_list()))
    ids = {v: k for k, v in names.items()}
    claims = result.analysis.claims
    by_id = {c["claim_id"]: c for c in claims.select("claim_id", "article_id", "value", "value_max", "unit").iter_rows(named=True)}
    sources = {p.source for p in plants}
    plant_names = {p.name for p in plants}
    untouched = {aid for aid, n in names.items() if n not in sources and n not in plant_names}
    out = {}
    for verdict in ("conflict", "possible conflict"):
        rows = groups.filter(pl.col("verdict") == verdict)
        found: set[str] = set()
        true_groups = 0
        untouched_groups = 0
        flagged_agree: set[str] = set()
        false_examples = []
        agree_examples = []
        for g in rows.iter_rows(named=True):
            members = [by_id[c] for c in g["claim_ids"]]
            arts = {m["article_id"] for m in members}
            hit = False
            for p in plants:
                pa, sa = ids.get(p.name), ids.get(p.source)
                if pa not in arts or sa not in arts:
                    continue
                if p.kind == "conflict":
                    changed = any(m["article_id"] == pa and _same(m["value"], p.new_value) for m in members)
                    original = any(m["article_id"] == sa and _same(m["value"], p.old_value) for m in members)
                    if changed and original:
                        found.add(p.name)
                        hit = True
                else:
                    # flagged when the group sets a figure of the copy against a different figure of its source
                    copy = {(m["value"], m["value_max"]) for m in members if m["article_id"] == pa}
                    orig = {(m["value"], m["value_max"]) for m in members if m["article_id"] == sa}
                    if copy and orig and copy != orig:
                        flagged_agree.add(p.name)
                        agree_examples.append(g)
            true_groups += hit
            if arts <= untouched:
                untouched_groups += 1
            if not hit and len(false_examples) < 8:
                false_examples.append(g)
        n_conflicts = sum(1 for p in plants if p.kind == "conflict")
        out[verdict] = {
            "groups": rows.height,
            "true": true_groups,
            "precision": true_groups / rows.height if rows.height else 1.0,
            "recall": len(found) / n_conflicts if n_conflicts else 1.0,
            "found": found,
            "agree_flagged": len(flagged_agree),
            "untouched_groups": untouched_groups,
            "per100": 100 * untouched_groups / max(1, len(untouched)),
            "false_examples": false_examples,
            "agree_examples": agree_examples,
        }
    out["n_untouched"] = len(untouched)
    return out


def _print(stats: dict, plants: list[Plant], elapsed: dict, verbose: bool) -> None:
    n_c = sum(1 for p in plants if p.kind == "conflict")
    n_a = len(plants) - n_c
    print(f"  {n_c} conflict plants, {n_a} agree plants, {stats['n_untouched']} untouched articles")
    for verdict in ("conflict", "possible conflict"):
        s = stats[verdict]
        print(
            f"  {verdict:<18} groups {s['groups']:>4}  precision {s['precision']:.3f}  recall {s['recall']:.3f}"
            f"  agreeing copies flagged {s['agree_flagged']}  untouched: {s['untouched_groups']} groups"
            f" = {s['per100']:.2f} per 100 articles"
        )
    print(f"  time: load {elapsed['load']:.1f} s, analyse {elapsed['analyse']:.1f} s, compare {elapsed['compare']:.2f} s")
    if verbose:
        missed = [p for p in plants if p.kind == "conflict" and p.name not in stats["conflict"]["found"]]
        print("  missed plants:")
        for p in missed:
            extra = " (possible conflict)" if p.name in stats["possible conflict"]["found"] else ""
            print(f"    {p.source}: {p.old_text} → {p.new_text}{extra}  [{'; '.join(p.edits)}]")
        print("  false conflicts:")
        for g in stats["conflict"]["false_examples"]:
            print(f"    [{g['score']:.2f}] {g['label']}: {g['reason'][:160]}")
        print("  agreeing copies flagged:")
        for g in stats["conflict"]["agree_examples"]:
            print(f"    [{g['score']:.2f}] {g['label']}: {g['reason'][:160]}")


GRID_CONFLICT = (0.5, 0.55, 0.6, 0.65, 0.7, 0.8)
GRID_WEAK = (0.0, 0.05, 0.1, 0.15)


def run(seed: int, args, grid: dict | None = None) -> dict:
    """Plant, analyse and compare for one seed; print its figures; add its counts to `grid` when asked."""
    from corpus.compare import DEFAULT, Thresholds, compare
    from corpus.loader import load_corpus
    from corpus.pipeline import analyse_corpus

    with tempfile.TemporaryDirectory(prefix="gisa-bench-compare-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp) / "corpus"
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")  # never the user's cache
        plants, _ = build(folder, Path(args.source), args.conflicts, args.agrees, seed)
        t0 = time.perf_counter()
        corpus = load_corpus([folder])
        t1 = time.perf_counter()
        result = analyse_corpus(corpus, use_cache=False, with_comparison=False)
        t2 = time.perf_counter()
        a = result.analysis
        groups, _ = compare(corpus.articles, a.mentions, a.entities, a.claims)
        t3 = time.perf_counter()
        elapsed = {"load": t1 - t0, "analyse": t2 - t1, "compare": t3 - t2}
        stats = evaluate(result, groups, plants)
        print(f"seed {seed}:")
        _print(stats, plants, elapsed, args.verbose)
        if grid is not None:
            for level in GRID_CONFLICT:
                for extra in GRID_WEAK:
                    th = Thresholds(
                        link=DEFAULT.link,
                        possible=min(DEFAULT.possible, level),
                        conflict=level,
                        weak_extra=extra,
                        smoothing=DEFAULT.smoothing,
                    )
                    g, _ = compare(corpus.articles, a.mentions, a.entities, a.claims, thresholds=th)
                    s = evaluate(result, g, plants)
                    counts = grid.setdefault((level, extra), [0, 0, 0, 0, 0, 0])
                    for i, v in enumerate(
                        (
                            s["conflict"]["true"],
                            s["conflict"]["groups"],
                            len(s["conflict"]["found"]),
                            sum(p.kind == "conflict" for p in plants),
                            s["conflict"]["untouched_groups"],
                            s["n_untouched"],
                        )
                    ):
                        counts[i] += v
        return stats


def scale(target: Path, count: int) -> None:
    """Time `compare()` on a large corpus (bench/corpus10k.py), analysis cached: warm, as the app runs it."""
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus10k import build as build10k

    from corpus.compare import compare
    from corpus.loader import load_corpus
    from corpus.pipeline import analyse_corpus

    os.environ["XDG_CACHE_HOME"] = str(target.parent / (target.name + "-cache"))  # its own cache, never the user's
    folder = build10k(target, count)
    corpus = load_corpus([folder])
    t0 = time.perf_counter()
    result = analyse_corpus(corpus, use_cache=True, with_comparison=False)  # fills the cache the first time
    t1 = time.perf_counter()
    a = result.analysis
    runs = []
    for _ in range(3):
        stats: dict = {}
        started = time.perf_counter()
        groups, checks = compare(corpus.articles, a.mentions, a.entities, a.claims, stats=stats)
        runs.append(time.perf_counter() - started)
    n, m = stats["distinct"], stats["claims"]
    print(
        f"{corpus.articles.height} articles, {m:,} claims ({n:,} distinct after merging identical ones): analysis "
        f"{t1 - t0:.1f} s{' (from cache)' if result.analysis.from_cache else ''}"
    )
    print(
        f"compare: {min(runs):.2f} s warm (best of 3; runs {', '.join(f'{r:.2f}' for r in runs)}); "
        f"{stats['pairs']:,} candidate pairs scored: {stats['pairs'] / max(1, n * (n - 1) / 2):.4%} of the "
        f"{n * (n - 1) // 2:,} pairs of distinct claims, {stats['pairs'] / max(1, m * (m - 1) / 2):.5%} of the "
        f"{m * (m - 1) // 2:,} pairs of claims; {groups.height} groups, {checks.height} checks"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", default=str(SHARED), help="folder with articles/*.txt and INDEX.tsv")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3], help="plantings to run (default 1 2 3)")
    parser.add_argument("--conflicts", type=int, default=60)
    parser.add_argument("--agrees", type=int, default=60)
    parser.add_argument(
        "--grid",
        action="store_true",
        help="precision and recall of conflict over all seeds for a grid of thresholds (how they were chosen)",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list missed plants and false conflicts")
    parser.add_argument("--keep", help="write the planted corpus here instead of a temporary folder")
    parser.add_argument(
        "--scale",
        metavar="DIR",
        help="instead: time compare() warm on the 10k corpus built in DIR (bench/corpus10k.py), its analysis cached in DIR-cache",
    )
    parser.add_argument("--count", type=int, default=10_000, help="articles for --scale")
    args = parser.parse_args(argv)
    if args.scale:
        scale(Path(args.scale), args.count)
        return 0
    if not (Path(args.source) / "INDEX.tsv").exists():
        print(f"source not found: {args.source}", file=sys.stderr)
        return 2
    grid: dict | None = {} if args.grid else None
    totals = [run(seed, args, grid) for seed in args.seeds]
    if len(totals) > 1:
        for verdict in ("conflict", "possible conflict"):
            true = sum(t[verdict]["true"] for t in totals)
            groups = sum(t[verdict]["groups"] for t in totals)
            found = sum(len(t[verdict]["found"]) for t in totals)
            planted = args.conflicts * len(totals)
            flagged = sum(t[verdict]["agree_flagged"] for t in totals)
            untouched = sum(t[verdict]["untouched_groups"] for t in totals)
            articles = sum(t["n_untouched"] for t in totals)
            print(
                f"all seeds {args.seeds}: {verdict:<17} precision {true / max(1, groups):.3f}  recall "
                f"{found / max(1, planted):.3f}  agreeing copies flagged {flagged}  untouched: "
                f"{100 * untouched / max(1, articles):.2f} per 100 articles"
            )
    if grid:
        print(f"threshold grid over seeds {args.seeds} (conflict threshold x extra similarity per guessed key part):")
        for (level, extra), (true, groups, found, planted, untouched, articles) in sorted(grid.items()):
            print(
                f"  conflict >= {level:.2f}  weak_extra {extra:.2f}:  precision {true / max(1, groups):.3f}  "
                f"recall {found / max(1, planted):.3f}  untouched {100 * untouched / max(1, articles):.2f} per 100"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
