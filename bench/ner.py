"""NER quality and speed: the rules alone against the trained tagger, by cross-validation on the shared news.

    python bench/ner.py                     # 5-fold CV on ../shared/data/klue-ner WIKITREE sentences
    python bench/ner.py --folds 3
    python bench/ner.py --speed             # only sentences per second, with the shipped model
    python bench/ner.py --articles 300      # the tagger's cost against Kiwi's on Wikinews articles, one process
    python bench/ner.py --extract FILE.jsonl  # score `gisa extract` (the shipped model) on a KLUE jsonl file

The CV trains one model per fold on the other folds (as `training/train.py` does) and tags the held-out
fold through `corpus.mentions.find_mentions` itself, so the figures include everything the app does after
the model (products, quantities, consistency, bracketed aliases). Exact spans; precision, recall and F1
per kind; the commonest errors; sentences per second for the rules alone and for rules + model.
`--extract` runs the installed command end to end; the shipped model was trained on every shared
sentence, so its figures on those files are training figures, not a measure of quality.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ("PS", "LC", "OG", "DT", "TI", "QT")


def cross_validate(folds: int, data_dir: Path) -> int:
    from corpus.mentions import find_mentions, rule_mentions
    from corpus.ner import tagger
    from corpus.ner.gazetteer import Gazetteer
    from training import data
    from training.evaluate import Score
    from training.train import train

    started = time.perf_counter()
    news = data.load(data.NEWS, data_dir)
    extra = data.extra("names-free", data_dir)
    data.featurise(news + extra, Gazetteer.read(tagger.GAZETTEER))
    print(
        f"{len(news)} news sentences (+ {len(extra)} NSMC for training) loaded and featurised in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    model_score, rule_score = Score(), Score()
    blocks = data.folds(news, folds)
    rule_time = model_time = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for i, test in enumerate(blocks):
            path = Path(tmp) / f"fold{i}.crfsuite"
            t0 = time.perf_counter()
            train([s for j, b in enumerate(blocks) if j != i for s in b] + extra, path)
            print(f"fold {i + 1}/{folds}: trained in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
            find_mentions(test[0].text, test[0]._tokens, model=path)  # load the model outside the timing
            for s in test:
                t0 = time.perf_counter()
                rules = rule_mentions(s.text, s._tokens)
                t1 = time.perf_counter()
                mentions = find_mentions(s.text, s._tokens, model=path)
                t2 = time.perf_counter()
                rule_time += t1 - t0
                model_time += t2 - t1
                rule_score.add(s.gold, [(m.start, m.end, m.kind) for m in rules])
                model_score.add(s.gold, [(m.start, m.end, m.kind) for m in mentions])
    print(rule_score.table(f"rules alone ({folds}-fold split of {len(news)} WIKITREE news sentences)"))
    print()
    print(model_score.table(f"model, {folds}-fold CV (each fold tagged by a model trained on the other folds)"))
    print()
    print("commonest model errors (gold kind, predicted kind; boundary = overlapping span of another extent)")
    print(model_score.confusion())
    print()
    print_speed(news, rule_time, model_time)
    return 0


def print_speed(news, rule_time: float, model_time: float) -> None:
    from corpus.kiwi import tokenize_many

    n = len(news)
    kiwi_t0 = time.perf_counter()
    tokenize_many([s.text for s in news])
    kiwi_time = time.perf_counter() - kiwi_t0
    print(f"speed on {n} sentences ({sum(len(s.text) for s in news)} characters), one thread:")
    print(f"  Kiwi alone         {n / kiwi_time:8.0f} sentences/s")
    print(f"  rules (after Kiwi) {n / rule_time:8.0f} sentences/s")
    print(f"  rules + model      {n / model_time:8.0f} sentences/s   (find_mentions after Kiwi)")
    print(f"  Kiwi + rules + model: {n / (kiwi_time + model_time):.0f} sentences/s against Kiwi + rules {n / (kiwi_time + rule_time):.0f}")


def speed_only(data_dir: Path) -> int:
    """Sentences per second with the shipped model (no training): Kiwi, rules, rules + model."""
    from corpus.mentions import find_mentions, rule_mentions
    from training import data

    news = data.load(data.NEWS, data_dir)
    find_mentions(news[0].text, news[0]._tokens)  # load the model outside the timing
    t0 = time.perf_counter()
    for s in news:
        rule_mentions(s.text, s._tokens)
    t1 = time.perf_counter()
    for s in news:
        find_mentions(s.text, s._tokens)
    t2 = time.perf_counter()
    print_speed(news, t1 - t0, t2 - t1)
    return 0


def article_speed(count: int, folder: Path, repeat: int = 3) -> int:
    """Kiwi's time against the tagger's on the first `count` Wikinews articles, in one process, best of `repeat`.

    Raw Kiwi is `Kiwi.tokenize` on the pieces Gisa hands it (as bench/kiwi_rate.py); `tokenize` adds Gisa's token
    objects. The tagger path is everything `find_mentions` does after the rules: units, features, the CRF and the
    merge with the rules (the tagger's share alone is shown too).
    """
    from corpus import ner
    from corpus.kiwi import chunks, get_kiwi, tokenize
    from corpus.mentions import find_mentions, rule_mentions

    files = sorted(folder.glob("*.txt"))[:count]
    texts = [f.read_text(encoding="utf-8") for f in files]
    kiwi = get_kiwi()
    pieces = [[p for _, p in chunks(t)] for t in texts]
    tokens = [tokenize(t) for t in texts]
    rules = [[(m.start, m.end, m.kind) for m in rule_mentions(t, k)] for t, k in zip(texts, tokens)]
    find_mentions(texts[0], tokens[0])  # the model and the name list load outside the timing

    def best(fn) -> float:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    raw = best(lambda: [list(kiwi.tokenize(p)) for p in pieces])
    tok = best(lambda: [tokenize(t) for t in texts])
    rule_t = best(lambda: [rule_mentions(t, k) for t, k in zip(texts, tokens)])
    tag_t = best(lambda: [ner.tag(t, k, r) for t, k, r in zip(texts, tokens, rules)])
    fm_t = best(lambda: [find_mentions(t, k) for t, k in zip(texts, tokens)])
    path = fm_t - rule_t
    print(f"{len(texts)} Wikinews articles, {sum(map(len, texts))} characters, one thread, best of {repeat}:")
    print(f"  raw Kiwi tokenize           {raw:6.2f} s")
    print(f"  corpus.kiwi.tokenize        {tok:6.2f} s")
    print(f"  rules (rule_mentions)       {rule_t:6.2f} s   {rule_t / raw:5.3f}x raw Kiwi")
    print(f"  tagger (ner.tag)            {tag_t:6.2f} s   {tag_t / raw:5.3f}x raw Kiwi")
    print(f"  tagger path (find_mentions - rules) {path:6.2f} s   {path / raw:5.3f}x raw Kiwi, {path / tok:5.3f}x tokenize")
    return 0


def score_extract(path: str) -> int:
    from training.evaluate import Score

    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    payload = "".join(json.dumps({"id": r["guid"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in rows)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "tui", "extract", "--jsonl"],
        input=payload.encode("utf-8"),
        capture_output=True,
        check=True,
        cwd=os.fspath(ROOT),
    )
    elapsed = time.perf_counter() - started
    predicted = {}
    for line in result.stdout.decode("utf-8").splitlines():
        obj = json.loads(line)
        predicted[obj["id"]] = {(m["start"], m["end"], m["kind"]) for m in obj["mentions"]}
    score = Score()
    for r in rows:
        score.add({(e["start"], e["end"], e["type"]) for e in r["entities"]}, predicted.get(r["guid"], set()))
    print(score.table(f"gisa extract on {path}"))
    print(score.confusion())
    chars = sum(len(r["text"]) for r in rows)
    print(
        f"\n{len(rows)} sentences, {chars} characters in {elapsed:.2f} s "
        f"(includes starting Python, Kiwi and the model): {len(rows) / elapsed:.0f} sentences/s"
    )
    if "klue-ner" in os.fspath(path):
        print("note: the shipped model was trained on the shared KLUE sentences; use the CV figures for quality")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "klue-ner")
    parser.add_argument("--extract", metavar="FILE", help="score `gisa extract` on a KLUE-format jsonl file instead")
    parser.add_argument("--speed", action="store_true", help="only the speed lines, with the shipped model (no training)")
    parser.add_argument("--articles", type=int, metavar="N", help="Kiwi against the tagger on N Wikinews articles instead")
    parser.add_argument("--wikinews", type=Path, default=ROOT.parent / "shared" / "data" / "wikinews-ko" / "articles")
    args = parser.parse_args(argv)
    if args.articles:
        return article_speed(args.articles, args.wikinews)
    if args.extract:
        return score_extract(args.extract)
    if args.speed:
        return speed_only(args.data)
    return cross_validate(args.folds, args.data)


if __name__ == "__main__":
    sys.exit(main())
