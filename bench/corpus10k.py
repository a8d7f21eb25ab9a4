"""Build a 10,000-article corpus from ../shared/data/wikinews-ko for benchmarks (outside the project).

No two articles are twins: each one takes the title and paragraphs of one Wikinews article, adds one to
three paragraphs of other articles, and varies every figure (a seeded random factor per article), so
the comparison is measured on claims that differ rather than on sixteen copies of each claim. A manifest
gives each article a date near its source's (from INDEX.tsv), a publisher from a small set, and the
source's URL (Wikinews is CC BY 2.5: the URL is the attribution).

    python bench/corpus10k.py [TARGET] [COUNT]
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import re
import sys
from pathlib import Path

SHARED = Path(os.environ.get("GISA_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data" / "wikinews-ko"
PUBLISHERS = ("위키뉴스", "가상일보", "나라신문", "한빛경제", "새벽통신", "누리방송", "온누리뉴스", "바른타임즈")
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_NAME_UNITS = set("년월일시분초호회위차번층강기대세")
VERSION = "3"  # bump when the recipe changes: a folder built by another recipe is built again


def _vary(text: str, rng: random.Random) -> str:
    """Every figure scaled by one factor for the article (years and small ordinals left alone)."""
    factor = rng.choice((0.5, 0.8, 1.1, 1.25, 1.5, 2.0, 3.0))

    def repl(m: re.Match[str]) -> str:
        raw = m.group(0)
        value = float(raw.replace(",", ""))
        after = m.string[m.end() : m.end() + 1]
        if 1900 <= value <= 2100 or value <= 12 or after in _NAME_UNITS:  # dates, times and numbered names stay
            return raw
        new = value * factor
        if "." in raw:
            return f"{new:.{len(raw.split('.')[1])}f}"
        return f"{round(new):,}" if "," in raw else str(round(new))

    return _NUMBER.sub(repl, text)


def build(target: Path, count: int = 10_000, seed: int = 20261130) -> Path:
    """Write `count` articles to `target` (reused when it already holds this recipe's corpus)."""
    if not SHARED.exists():
        raise SystemExit(f"shared data not found: {SHARED}")
    stamp = target / ".recipe"
    if stamp.exists() and stamp.read_text() == f"{VERSION} {count} {seed}":
        return target
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.txt"):
        old.unlink()
    index = {}
    with open(SHARED / "INDEX.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            index[row["file"]] = row
    sources = []
    for path in sorted((SHARED / "articles").glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        paragraphs = [p for p in body.split("\n") if p.strip()]
        if paragraphs:
            sources.append((path.name, title.strip(), paragraphs))
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        name, title, paragraphs = sources[n % len(sources)]
        extra = [p for _ in range(rng.randint(1, 3)) for p in [rng.choice(rng.choice(sources)[2])]]
        body = paragraphs + extra
        if len(body) > 2:
            head, tail = body[:1], body[1:]
            rng.shuffle(tail)
            body = head + tail
        text = _vary(title, rng) + "\n\n" + "\n".join(_vary(p, rng) for p in body) + "\n"
        file = f"{n:05d}-{Path(name).stem}.txt"
        (target / file).write_text(text, encoding="utf-8")
        meta = index.get(name, {})
        try:
            date = dt.date.fromisoformat(meta.get("date", "")[:10]) + dt.timedelta(days=rng.randint(0, 30))
        except ValueError:
            date = None
        rows.append((file, date.isoformat() if date else "", rng.choice(PUBLISHERS), meta.get("url", ""), ""))
    with open(target / "manifest.tsv", "w", encoding="utf-8") as fh:
        fh.write("file\tdate\tpublisher\turl\ttitle\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    stamp.write_text(f"{VERSION} {count} {seed}")
    return target


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/gisa-bench-10k")
    print(build(target, int(sys.argv[2]) if len(sys.argv) > 2 else 10_000))
