"""Build ``src/dyadwatch/data/country_names.csv``: the name of every country of the crosswalk in English, German,
Russian and Ukrainian, from the Unicode CLDR territory names (Unicode License v3) as shipped by the ``babel``
package. Run once when CLDR is updated; the claim checker reads the CSV (babel is not a runtime dependency)::

    pip install babel && python scripts/build_country_names.py

Columns: iso3, lang (en|de|ru|uk), name. Only ISO 3166-1 countries of ``data/countries.csv`` (no CLDR regions
such as "Europe"); CLDR's short and variant names ("alt" forms) are not in babel's territory table and are not
included. See ``data/country_names.README.md`` for the licence and attribution.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "dyadwatch" / "data"
LANGS = ("en", "de", "ru", "uk")


def main() -> int:
    try:
        from babel import Locale, __version__
    except ImportError:
        print("babel is needed to build the names (pip install babel)", file=sys.stderr)
        return 2
    with open(DATA / "countries.csv", encoding="utf-8") as fh:
        iso2_to_3 = {r["iso2"]: r["iso3"] for r in csv.DictReader(fh) if r["iso2"]}
    rows = []
    for lang in LANGS:
        names = Locale(lang).territories
        for iso2, iso3 in sorted(iso2_to_3.items()):
            name = names.get(iso2)
            if name:
                rows.append((iso3, lang, name))
    out = DATA / "country_names.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(("iso3", "lang", "name"))
        w.writerows(sorted(set(rows)))
    print(f"wrote {len(rows)} names to {out.relative_to(ROOT)} (babel {__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
