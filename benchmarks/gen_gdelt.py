"""Generate a format-true GDELT 2.0 event export: 61 tab-separated columns, no header, no quoting.

    python benchmarks/gen_gdelt.py OUT.CSV --rows 2000000 --dyad-rows 1500 [--seed 1]
    python benchmarks/gen_gdelt.py OUT.CSV --rows 4000000 --dyad-share 0.02     # 2% of the rows

Field distributions follow what real 2.0 exports show (see ../shared/data/gdelt/real-2017): about 12% of
rows without Actor1 and 30% without Actor2; actor codes are a CAMEO country code, optionally followed by a
type (USAGOV, RUSMIL, …) with country frequencies skewed towards the big news producers; the event code
mix is dominated by statements, consultations and appeals (01–05) with a conflict tail; QuadClass follows
the root; GoldsteinScale is the value GDELT attaches to each code; the action location is usually in one
actor's country (FIPS 10-4 codes); ~6% of rows are retrospective (SQLDATE weeks to a year before
DATEADDED); URLs repeat (several events per article). The SQLDATE/DATEADDED span is 2022-01-01..2022-03-31.

The random rows never involve Ukraine or Belarus (CAMEO UKR/BLR, FIPS UP/BO), so the rows touching the
UKR-BLR dyad are exactly the `--dyad-rows` injected ones, in three kinds: both actors (UKR↔BLR), one actor
of the pair acting in the other country, and a third party (Russia) acting in either. The generator prints
that count (and writes it to OUT.meta.json) so the benchmark can check the ingest kept exactly those rows.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

# CAMEO country code -> (FIPS geo code, relative weight)
COUNTRIES = {
    "USA": ("US", 30), "GBR": ("UK", 8), "RUS": ("RS", 7), "CHN": ("CH", 7), "IND": ("IN", 5), "FRA": ("FR", 4),
    "DEU": ("GM", 4), "ISR": ("IS", 4), "PAK": ("PK", 3), "AUS": ("AS", 3), "CAN": ("CA", 3), "JPN": ("JA", 2),
    "IRN": ("IR", 3), "TUR": ("TU", 2), "NGA": ("NI", 2), "AFG": ("AF", 2), "SYR": ("SY", 2), "ZAF": ("SF", 2),
    "POL": ("PL", 2), "PHL": ("RP", 1), "MEX": ("MX", 1), "BRA": ("BR", 1), "EGY": ("EG", 1), "KOR": ("KS", 1),
    "ITA": ("IT", 1), "ESP": ("SP", 1), "LTU": ("LH", 1), "KAZ": ("KZ", 1), "GEO": ("GG", 1), "MDA": ("MD", 1),
}
TYPES = ["", "", "", "GOV", "GOV", "MIL", "BUS", "MED", "OPP", "COP", "JUD", "EDU", "NGO", "CVL", "LEG", "REF"]
# (event code, quad class, Goldstein as GDELT attaches it, weight)
CODES = [
    ("010", 1, 0.0, 9), ("012", 1, -0.1, 2), ("013", 1, 0.4, 2), ("020", 1, 3.0, 4), ("036", 1, 4.0, 4),
    ("040", 1, 1.0, 7), ("042", 1, 1.9, 6), ("043", 1, 2.8, 6), ("046", 1, 7.0, 3), ("051", 1, 3.4, 5),
    ("057", 1, 8.0, 1), ("061", 2, 6.4, 2), ("071", 2, 7.4, 1), ("080", 2, 5.0, 1), ("090", 3, -2.0, 2),
    ("111", 3, -2.0, 3), ("112", 3, -2.0, 5), ("120", 3, -4.0, 2), ("130", 3, -4.4, 2), ("141", 3, -6.5, 2),
    ("160", 4, -4.0, 1), ("172", 4, -5.0, 2), ("173", 4, -5.0, 2), ("180", 4, -9.0, 2), ("190", 4, -10.0, 3),
    ("193", 4, -10.0, 2), ("195", 4, -10.0, 1),
]
START, DAYS = dt.date(2022, 1, 1), 90


def _actor(rng, code_weights) -> tuple[str, str, str, str]:
    """(actor code, name, country code, type1) — or empty strings (no actor)."""
    country = rng.choices(*code_weights)[0]
    typ = rng.choice(TYPES)
    return country + typ, country.title(), country, typ


def _row(eid, *, d, added, a1, a2, geo, code, quad, gold, url, rng) -> str:
    def actor(a):
        code_, name, country, typ = a
        return [code_, name.upper(), country, "", "", "", "", typ, "", ""]

    def geo_block(fips):
        if not fips:
            return ["0", "", "", "", "", "", "", ""]
        lat, lon = f"{rng.uniform(-60, 70):.4f}", f"{rng.uniform(-170, 170):.4f}"
        return ["1", f"Place {fips}", fips, fips, "", lat, lon, fips]

    n = rng.choice((1, 1, 1, 2, 2, 4, 6, 10))
    fields = ([str(eid), d.strftime("%Y%m%d"), d.strftime("%Y%m"), str(d.year),
               f"{d.year + (d.timetuple().tm_yday / 365):.4f}"]
              + actor(a1) + actor(a2)
              + ["1" if rng.random() < 0.6 else "0", code, code, code[:2], str(quad), f"{gold:g}",
                 str(n), str(max(1, n // 2)), str(n), f"{rng.gauss(-2, 3):.6f}"]
              + geo_block(a1[2] and COUNTRIES.get(a1[2], (geo,))[0] if a1[2] else "")
              + geo_block(a2[2] and COUNTRIES.get(a2[2], (geo,))[0] if a2[2] else "")
              + geo_block(geo)
              + [added.strftime("%Y%m%d%H%M%S"), url])
    assert len(fields) == 61
    return "\t".join(fields)


def generate(out: Path, rows: int, dyad_rows: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    names = list(COUNTRIES)
    weights = [COUNTRIES[c][1] for c in names]
    cw = (names, weights)
    code_pick = ([c for c in CODES], [c[3] for c in CODES])
    empty = ("", "", "", "")
    dyad_at = set(rng.sample(range(rows), dyad_rows))
    kinds = {"both": 0, "cross": 0, "third_party": 0}
    url_id = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        buf = []
        for i in range(rows):
            added_day = START + dt.timedelta(days=(i * DAYS) // rows)
            added = dt.datetime.combine(added_day, dt.time()) + dt.timedelta(minutes=15 * rng.randrange(96))
            d = added_day
            if rng.random() < 0.06:
                d = max(added_day - dt.timedelta(days=rng.randrange(7, 365)), dt.date(2021, 1, 1))
            code, quad, gold, _ = rng.choices(*code_pick)[0]
            if rng.random() < 0.35:
                url_id += 1
            url = f"https://news.example.com/{added_day:%Y/%m/%d}/story-{url_id}.html"
            if i in dyad_at:
                k = rng.choice(("both", "cross", "third_party"))
                kinds[k] += 1
                ukr, blr, rus = ("UKR", "Ukraine", "UKR", "GOV"), ("BLR", "Belarus", "BLR", "GOV"), \
                    ("RUSMIL", "Russia", "RUS", "MIL")
                if k == "both":
                    a1, a2 = (ukr, blr) if rng.random() < 0.5 else (blr, ukr)
                    geo = rng.choice(("UP", "BO", "PL"))
                elif k == "cross":
                    a1, a2, geo = rng.choice(((ukr, empty, "BO"), (blr, _actor(rng, cw), "UP")))
                else:
                    a1, a2, geo = rus, rng.choice((ukr, _actor(rng, cw))), rng.choice(("UP", "BO"))
                    if a2[2] == "UKR":
                        geo = "BO"  # RUS-UKR located in Belarus
                line = _row(1_000_000_000 + i, d=d, added=added, a1=a1, a2=a2, geo=geo, code=code, quad=quad,
                            gold=gold, url=url, rng=rng)
            else:
                a1 = _actor(rng, cw) if rng.random() > 0.12 else empty
                a2 = _actor(rng, cw) if rng.random() > 0.30 else empty
                home = (a1[2] or a2[2] or rng.choices(*cw)[0])
                geo = COUNTRIES[home][0] if rng.random() < 0.85 else COUNTRIES[rng.choices(*cw)[0]][0]
                line = _row(1_000_000_000 + i, d=d, added=added, a1=a1, a2=a2, geo=geo, code=code, quad=quad,
                            gold=gold, url=url, rng=rng)
            buf.append(line)
            if len(buf) >= 20000:
                f.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            f.write("\n".join(buf) + "\n")
    meta = {"rows": rows, "dyad_rows": dyad_rows, "kinds": kinds, "seed": seed, "bytes": out.stat().st_size}
    Path(str(out) + ".meta.json").write_text(json.dumps(meta, indent=2))
    return meta


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--dyad-rows", type=int, default=1500)
    ap.add_argument("--dyad-share", type=float, help="the dyad's share of the rows (0.001 = 0.1%%, 0.02 = 2%%); "
                                                     "overrides --dyad-rows")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    dyad_rows = round(a.rows * a.dyad_share) if a.dyad_share is not None else a.dyad_rows
    print(json.dumps(generate(a.out, a.rows, dyad_rows, a.seed)))


if __name__ == "__main__":
    main()
