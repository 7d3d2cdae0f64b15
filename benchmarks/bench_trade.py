"""Benchmark of the trade indicators: dyadwatch's Ibis kernels on a DuckDB store against plain pandas.

    PYTHONPATH=src python benchmarks/bench_trade.py [--years 10] [--hs 100] [--partners 50] [--repeat 5]
                                                    [--revised 0.1]

Synthetic observations table (no real figures): years × 12 months × HS codes × 2 flows (X and M, both sides of
each trade) × partner pairs. The partner pairs are 50 (reporter, partner) pairs, UKR and BLR each reporting on 25
partners that include each other, so mirror gaps exist. Default: 10 × 12 × 100 × 2 × 50 = 1,200,000 rows. HS codes
are 2-digit chapters plus 4-digit codes under chapters 27 and 31 (so the "count a chapter once, at its shortest
code" rule has work to do). Every row is one vintage, as after a single fetch; ``--revised F`` also stores a
fraction F of the rows again in a later vintage with changed values, so the latest-vintage pick has work to do.

The rows are written into a real DuckDB store file (``dyadwatch.store.open_store``), then one run computes:

1. latest vintage per natural key (``latest_values``: one aggregation, the rule of ``latest``);
2. annual exports, imports, turnover, balance per reporter, partner, year (``annual_flows_expr``'s table,
   here from ``flow_totals_expr``);
3. mirror gaps for every pair recorded by both sides, CIF/FOB factor 1.05 (``mirror_expr``);
4. each partner's share of a reporter's trade per year (``partner_shares_expr``);
5. value by HS chapter per reporter, partner, flow and month, and its Herfindahl index (``chapters_expr`` +
   ``herfindahl_expr``'s table, here from ``flow_totals_expr``);

all through ``indicator_tables``, and brings each result into pandas. The baseline does the same five computations in plain pandas on a
DataFrame already in memory (its load from the store is timed apart and NOT counted). Results are checked equal
before anything is printed. The two are run alternately (a, b, a, b …) so both see the same background load.
Ratio = dyadwatch time / pandas time (below 1: dyadwatch is faster).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from dyadwatch.realms import economic as eco  # noqa: E402
from dyadwatch.store import open_store  # noqa: E402

CIF_FOB = eco.CIF_FOB_FACTOR


def hs_codes(n: int) -> list[str]:
    four = ["2709", "2710", "2711", "2716", "3102", "3104", "3105", "2701", "2713", "3103"][: max(0, min(10, n - 2))]
    chapters = [f"{c:02d}" for c in range(1, 98) if c != 77][: n - len(four)]
    return chapters + four


def pairs(n: int) -> list[tuple[str, str]]:
    others = [f"P{i:02d}" for i in range(n)]
    half = n // 2
    out = [("UKR", "BLR"), ("BLR", "UKR")]
    out += [("UKR", p) for p in others[: half - 1]] + [("BLR", p) for p in others[half - 1: n - 2]]
    return out[:n]


def synthetic(years: int, n_hs: int, n_pairs: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    months = [f"{2014 + y}-{m:02d}" for y in range(years) for m in range(1, 13)]
    codes, prs, flows = hs_codes(n_hs), pairs(n_pairs), ["X", "M"]
    n = len(months) * len(codes) * len(prs) * len(flows)
    idx = np.indices((len(prs), len(flows), len(months), len(codes))).reshape(4, -1)
    rep = np.array([p[0] for p in prs])[idx[0]]
    par = np.array([p[1] for p in prs])[idx[0]]
    flow = np.array(flows)[idx[1]]
    return pd.DataFrame({
        "indicator": np.where(flow == "X", "exports", "imports"), "reporter": rep, "partner": par, "flow": flow,
        "product": np.array(codes)[idx[3]], "period": np.array(months)[idx[2]],
        "value": np.round(rng.lognormal(13.0, 1.5, n), 2), "unit": "USD",
        "basis": np.where(flow == "X", "FOB", "CIF"), "source_id": "bench-synthetic", "vintage": "2024-01",
        "dataset": "bench"})


def revise(df: pd.DataFrame, fraction: float, seed: int = 11) -> pd.DataFrame:
    """Add a later vintage ("2025-01") of a random `fraction` of the rows, with changed values (a revision)."""
    if fraction <= 0:
        return df
    rng = np.random.default_rng(seed)
    new = df.sample(frac=fraction, random_state=seed).copy()
    new["value"] = np.round(new["value"].to_numpy() * rng.uniform(0.8, 1.2, len(new)), 2)
    new["vintage"] = "2025-01"
    return pd.concat([df, new], ignore_index=True)


def load_store(df: pd.DataFrame, path: Path):
    store = open_store(path)
    store.con.register("bench_df", df)
    cols = ", ".join(df.columns)
    with store.transaction():
        store.execute(f"INSERT INTO observations ({cols}) SELECT {cols} FROM bench_df")
    store.con.unregister("bench_df")
    return store


# --- dyadwatch: Ibis expressions over the store ----------------------------------------------------------
def run_dyadwatch(store) -> dict[str, pd.DataFrame]:
    return eco.indicator_tables(store.table("observations"), CIF_FOB)


# --- baseline: the same in plain pandas -------------------------------------------------------------------
def run_pandas(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    key = ["indicator", "reporter", "partner", "flow", "product", "period"]
    d = df.sort_values(["vintage"], ascending=False, kind="stable").drop_duplicates(key)
    d = d[d.indicator.isin(["exports", "imports"]) & (d.unit == "USD")]
    # a month's flow: its TOTAL row where there is one, else its HS chapters counted once at the shortest level
    h = d[d["product"] != "TOTAL"].assign(chapter=lambda z: z["product"].str[:2],
                                          level=lambda z: z["product"].str.len())
    g = ["reporter", "partner", "flow", "period", "chapter"]
    h = h[h["level"] == h.groupby(g)["level"].transform("min")]
    ch = h.groupby(g, as_index=False).value.sum()
    g4 = ["reporter", "partner", "flow", "period"]
    tot = d[d["product"] == "TOTAL"].groupby(g4).value.sum()
    flows = tot.combine_first(ch.groupby(g4).value.sum()).reset_index()
    y = flows.assign(year=flows.period.str[:4], x=np.where(flows.flow == "X", flows.value, 0.0),
                     m=np.where(flows.flow == "M", flows.value, 0.0))
    annual = y.groupby(["reporter", "partner", "year"], as_index=False).agg(exports=("x", "sum"), imports=("m", "sum"))
    annual["turnover"] = annual.exports + annual.imports
    annual["balance"] = annual.exports - annual.imports
    x = annual.rename(columns={"reporter": "exporter", "partner": "importer", "exports": "fob"})[
        ["exporter", "importer", "year", "fob"]]
    m = annual.rename(columns={"reporter": "importer", "partner": "exporter", "imports": "cif"})[
        ["exporter", "importer", "year", "cif"]]
    mirror = x.merge(m, on=["exporter", "importer", "year"])
    mirror["gap_pct"] = (mirror.cif / CIF_FOB / mirror.fob - 1.0) * 100.0
    shares = annual.copy()
    shares["share_pct"] = 100.0 * shares.turnover / shares.groupby(["reporter", "year"]).turnover.transform("sum")
    ch["share"] = ch.value / ch.groupby(g4).value.transform("sum")
    ch["sq"] = ch.share * ch.share
    hhi = ch.groupby(g4, as_index=False).agg(hhi=("sq", "sum"), chapters=("chapter", "count"), value=("value", "sum"))
    return {"annual": annual, "mirror": mirror, "shares": shares, "hhi": hhi}


def check_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    sort = {"annual": ["reporter", "partner", "year"], "mirror": ["exporter", "importer", "year"],
            "shares": ["reporter", "partner", "year"], "hhi": ["reporter", "partner", "flow", "period"]}
    num = {"annual": ["exports", "imports", "turnover", "balance"], "mirror": ["fob", "cif", "gap_pct"],
           "shares": ["share_pct"], "hhi": ["hhi", "chapters", "value"]}
    for name, keys in sort.items():
        x = a[name].sort_values(keys).reset_index(drop=True)
        y = b[name].sort_values(keys).reset_index(drop=True)
        assert len(x) == len(y), f"{name}: {len(x)} rows against {len(y)}"
        assert (x[keys].astype(str).values == y[keys].astype(str).values).all(), f"{name}: keys differ"
        for col in num[name]:
            np.testing.assert_allclose(x[col].astype(float), y[col].astype(float), rtol=1e-9, err_msg=f"{name}.{col}")


def interleaved(fa, fb, repeat: int) -> tuple[list[float], list[float], object, object]:
    """Run a, b, a, b, … so that both see the same background load; returns both lists of times and the
    last results."""
    ta, tb, ra, rb = [], [], None, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        ra = fa()
        ta.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        rb = fb()
        tb.append(time.perf_counter() - t0)
    return ta, tb, ra, rb


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--hs", type=int, default=100)
    ap.add_argument("--partners", type=int, default=50, help="(reporter, partner) pairs")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--revised", type=float, default=0.0,
                    help="fraction of rows also stored in a later vintage with revised values (default 0)")
    a = ap.parse_args()
    import duckdb
    import ibis

    t0 = time.perf_counter()
    df = revise(synthetic(a.years, a.hs, a.partners), a.revised)
    t_gen = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = load_store(df, Path(tmp) / "bench.duckdb")
        t_load = time.perf_counter() - t0
        t0 = time.perf_counter()
        from_store = store.con.execute("SELECT * FROM observations").df()
        t_read = time.perf_counter() - t0
        del from_store
        load0 = os.getloadavg()[0]
        run_dyadwatch(store)                               # warm-up: compile, caches
        run_pandas(df)
        dw_all, pd_all, dw_out, pd_out = interleaved(lambda: run_dyadwatch(store), lambda: run_pandas(df), a.repeat)
        dw, pdt = statistics.median(dw_all), statistics.median(pd_all)
        pair = statistics.median(x / y for x, y in zip(dw_all, pd_all))
        check_same(dw_out, pd_out)
        store.close()
        size = (Path(tmp) / "bench.duckdb").stat().st_size
    print(f"rows: {len(df):,} ({a.years} years × 12 months × {a.hs} HS codes × 2 flows × {a.partners} "
          f"reporter-partner pairs" + (f", plus {a.revised:.0%} of them in a later vintage" if a.revised else "")
          + f"); generated in {t_gen:.2f}s, written to a DuckDB store in {t_load:.2f}s ({size / 1e6:.0f} MB)")
    print(f"versions: python {sys.version.split()[0]}, duckdb {duckdb.__version__}, ibis {ibis.__version__}, "
          f"pandas {pd.__version__}, numpy {np.__version__}")
    print(f"results: annual {len(dw_out['annual']):,} rows, mirror {len(dw_out['mirror']):,}, shares "
          f"{len(dw_out['shares']):,}, HHI {len(dw_out['hhi']):,} (identical in both)")
    print(f"machine: {os.cpu_count()} CPUs, load average before/after the timed runs {load0:.2f} / "
          f"{os.getloadavg()[0]:.2f}")
    print(f"dyadwatch (Ibis on DuckDB store): median {dw:.3f}s  min {min(dw_all):.3f}s  runs "
          f"{', '.join(f'{t:.3f}' for t in dw_all)}")
    print(f"plain pandas (in memory):         median {pdt:.3f}s  min {min(pd_all):.3f}s  runs "
          f"{', '.join(f'{t:.3f}' for t in pd_all)}")
    print(f"pandas would first need the table in memory: reading it from the store took {t_read:.2f}s (not counted)")
    print(f"ratio dyadwatch / pandas = {pair:.2f} (median of the {a.repeat} paired runs), {dw / pdt:.2f} (medians), "
          f"{min(dw_all) / min(pd_all):.2f} (minima); "
          f"with pandas's read from the store counted: {dw / (pdt + t_read):.2f}")


if __name__ == "__main__":
    main()
