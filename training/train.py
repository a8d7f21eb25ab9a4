"""Train the entity tagger and measure it by cross-validation.

    python training/train.py            # cross-validate, then train the shipped model on everything (or python -m training.train)
    python -m training.train --cv-only  # figures only
    python -m training.train --no-cv    # rebuild corpus/ner/model.crfsuite only
    python -m training.train --check    # retrain and compare with the committed model, byte for byte

Cross-validation: the 1,702 WIKITREE news sentences in 5 contiguous folds (guid order); each fold is
tagged by a model trained on the other four, plus the 747 NSMC movie-review sentences that name no person,
place or organisation (`--nsmc names-free`, the default: dates, times and quantities are alike in any domain;
measured, TI +3 and QT +1 points F1, PS -0.6; all NSMC sentences, `--nsmc all`, cost LC and OG points;
`--nsmc none` leaves them out). The shipped model is trained on all 1,702 news sentences and the same NSMC
ones. Deterministic: sorted inputs, L-BFGS (no random order), one thread.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `python training/train.py` imports this checkout

from corpus.ner import tagger as ner_tagger  # noqa: E402
from corpus.ner.gazetteer import Gazetteer  # noqa: E402
from corpus.ner.units import decode  # noqa: E402
from training import data  # noqa: E402
from training.evaluate import Score  # noqa: E402

PARAMS = {"c1": 0.05, "c2": 0.3, "max_iterations": 200, "feature.possible_transitions": True}


def train(sentences: list[data.Sentence], path: Path, params: dict | None = None) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for s in sentences:
        for _, _, feats, labels in s.seqs:
            trainer.append(feats, labels)
    trainer.set_params({**PARAMS, **(params or {})})
    trainer.train(str(path))


def predict(sentences: list[data.Sentence], path: Path) -> list[list[tuple[int, int, str]]]:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    out = []
    for s in sentences:
        out.append([span for lo, _, feats, _ in s.seqs for span in decode(s.units, lo, tagger.tag(feats))])
    return out


def cross_validate(
    news: list[data.Sentence], extra: list[data.Sentence], k: int = 5, params: dict | None = None, log=print
) -> tuple[Score, Score, list]:
    """(model score, rules score, per-sentence predictions) over k folds of `news`."""
    model, rules = Score(), Score()
    preds = []
    blocks = data.folds(news, k)
    with tempfile.TemporaryDirectory() as tmp:
        for i, test in enumerate(blocks):
            train_set = [s for j, b in enumerate(blocks) if j != i for s in b] + extra
            path = Path(tmp) / f"fold{i}.crfsuite"
            started = time.perf_counter()
            train(train_set, path, params)
            for s, p in zip(test, predict(test, path)):
                model.add(s.gold, p, s.text)
                rules.add(s.gold, s.rules, s.text)
                preds.append((s, p))
            log(f"fold {i + 1}/{k}: trained on {len(train_set)} sentences in {time.perf_counter() - started:.0f} s")
    return model, rules, preds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data.DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--nsmc",
        choices=data.NSMC_MODES,
        default="names-free",
        help="which NSMC movie-review sentences to train with besides the news (default: names-free, those "
        "without PS LC OG spans; all of them cost LC and OG points)",
    )
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--no-cv", action="store_true")
    parser.add_argument("--out", type=Path, default=ner_tagger.MODEL)
    parser.add_argument(
        "--check", action="store_true", help="train the shipped model again into a temporary file and compare it byte for byte"
    )
    parser.add_argument("--c1", type=float, default=PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=PARAMS["c2"])
    args = parser.parse_args(argv)
    params = {"c1": args.c1, "c2": args.c2}
    gaz = Gazetteer.read(ner_tagger.GAZETTEER)
    news = data.load(data.NEWS, args.data)
    extra = data.extra(args.nsmc, args.data)
    data.featurise(news + extra, gaz)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            again = Path(tmp) / "model.crfsuite"
            train(news + extra, again, params)
            same = again.read_bytes() == ner_tagger.MODEL.read_bytes()
        print("the shipped model is reproduced byte for byte" if same else "DIFFERENT from the shipped model")
        return 0 if same else 1
    if not args.no_cv:
        model, rules, _ = cross_validate(news, extra, args.folds, params)
        print(rules.table(f"rules alone, {args.folds}-fold CV on {len(news)} news sentences"))
        print(model.table(f"model, {args.folds}-fold CV (train: other folds + NSMC {args.nsmc}, {len(extra)} sentences)"))
        print(model.confusion())
    if not args.cv_only:
        train(news + extra, args.out, params)
        print(f"model -> {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
