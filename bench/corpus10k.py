"""Build a 10,000-article corpus from ../shared/data/wikinews-ko for benchmarks (outside the project).

Each Wikinews article is copied with a numbered note so every file has its own content hash, and a
manifest gives each copy the article's real date from INDEX.tsv (CC BY 2.5; URLs in the manifest).
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

SHARED = Path(os.environ.get("GISA_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data" / "wikinews-ko"


def build(target: Path, count: int = 10_000) -> Path:
    """Write `count` articles to `target` (reused when already complete)."""
    if not SHARED.exists():
        raise SystemExit(f"shared data not found: {SHARED}")
    target.mkdir(parents=True, exist_ok=True)
    if len(list(target.glob("*.txt"))) == count:
        return target
    index = {}
    with open(SHARED / "INDEX.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            index[row["file"]] = row
    sources = sorted((SHARED / "articles").glob("*.txt"))
    rows = []
    for n in range(count):
        src = sources[n % len(sources)]
        copy = n // len(sources)
        name = f"{n:05d}-{src.stem}.txt"
        text = src.read_text(encoding="utf-8")
        (target / name).write_text(text + (f"\n(사본 {copy})\n" if copy else ""), encoding="utf-8")
        meta = index.get(src.name, {})
        rows.append((name, meta.get("date", ""), "위키뉴스", meta.get("url", ""), ""))
    with open(target / "manifest.tsv", "w", encoding="utf-8") as fh:
        fh.write("file\tdate\tpublisher\turl\ttitle\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    return target


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/gisa-bench-10k")))
