"""NER quality against KLUE-format gold: precision, recall and F1 per kind, exact spans, and throughput.

    python bench/ner.py ../shared/data/klue-ner/wikitree-dev-a.jsonl

Runs `gisa extract` (the installed command, as a user's script would) on the gold texts.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import time

KINDS = ("PS", "LC", "OG", "DT", "TI", "QT")


def main(path: str) -> int:
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    payload = "".join(json.dumps({"id": r["guid"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in rows)
    cmd = [sys.executable, "-m", "tui", "extract", "--jsonl"]
    started = time.perf_counter()
    result = subprocess.run(cmd, input=payload.encode("utf-8"), capture_output=True, check=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    elapsed = time.perf_counter() - started
    predicted = {}
    for line in result.stdout.decode("utf-8").splitlines():
        obj = json.loads(line)
        predicted[obj["id"]] = {(m["start"], m["end"], m["kind"]) for m in obj["mentions"] if m["kind"] in KINDS}
    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    for r in rows:
        gold = {(e["start"], e["end"], e["type"]) for e in r["entities"]}
        pred = predicted.get(r["guid"], set())
        for kind in KINDS:
            g = {x for x in gold if x[2] == kind}
            p = {x for x in pred if x[2] == kind}
            tp[kind] += len(g & p)
            fp[kind] += len(p - g)
            fn[kind] += len(g - p)
    print(f"{'kind':<6}{'gold':>6}{'pred':>6}{'P':>8}{'R':>8}{'F1':>8}")
    for kind in KINDS + ("ALL",):
        t = sum(tp.values()) if kind == "ALL" else tp[kind]
        f = sum(fp.values()) if kind == "ALL" else fp[kind]
        n = sum(fn.values()) if kind == "ALL" else fn[kind]
        p = t / (t + f) if t + f else 0.0
        rc = t / (t + n) if t + n else 0.0
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        print(f"{kind:<6}{t + n:>6}{t + f:>6}{p:>8.3f}{rc:>8.3f}{f1:>8.3f}")
    chars = sum(len(r["text"]) for r in rows)
    print(f"\n{len(rows)} sentences, {chars} characters in {elapsed:.2f} s "
          f"(includes starting Python and Kiwi): {len(rows) / elapsed:.0f} sentences/s, {chars / elapsed:.0f} chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/klue-ner/wikitree-dev-a.jsonl"))
