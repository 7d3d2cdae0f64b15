"""Benchmark: dyadwatch's GDELT ingest (UKR-BLR filter) + monthly indicators, against the same job in
pandas and against DuckDB's bare scan of the file (the floor), on one generated GDELT 2.0 export.

    python benchmarks/bench_gdelt.py [--rows 2000000] [--file PATH] [--repeat 1]

Each job runs in its own child process (so imports, caches and memory do not leak between them); the
child reports its wall time and its peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``).
Jobs:

- ``dyadwatch``: ``dyadwatch.sources.gdelt.ingest(store, [file], dyad="UKR-BLR")`` into a fresh DuckDB store
  file, then ``dyadwatch.realms.events.run_series_table(engine, "UKR", "BLR", freq="month")`` (the monthly
  indicators: quad counts, Goldstein sum/mean, cooperation–conflict balance per realm and direction). If the
  indicator step fails on this branch, the ingest alone is timed and the report says so.
- ``pandas``: what pandas-based GDELT tools do — ``read_csv(sep="\\t", header=None, names=<61 names>)``,
  the same dyad rule on the three country columns, then a group-by month of quad counts and Goldstein.
- ``floor``: DuckDB ``SELECT count(*) FROM read_csv(file, <61 VARCHAR columns>)``.

Printed: seconds, rows/s and peak memory for each, the ratios pandas/dyadwatch (target ≥ 5) and
dyadwatch/floor (target ≤ 1.5), and whether the ingest kept exactly the generator's dyad rows.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"


# --- jobs (run in a child) ------------------------------------------------------------------------------
def job_dyadwatch(path: str) -> dict:
    sys.path.insert(0, str(SRC))
    from dyadwatch.sources import gdelt
    from dyadwatch.store import open_store

    tmp = tempfile.mkdtemp(prefix="dw-bench-")
    store = open_store(Path(tmp) / "bench.duckdb")
    t0 = time.perf_counter()
    summary = gdelt.ingest(store, [path], dyad="UKR-BLR")
    t_ingest = time.perf_counter() - t0
    out = {"kept": summary.total("rows_kept"), "read": summary.total("rows_read"),
           "quarantined": summary.total("rows_quarantined"), "ingest_s": t_ingest,
           "status": [f.status for f in summary.files], "messages": [f.message for f in summary.files]}
    try:
        from dyadwatch.realms.events import run_series_table
        from dyadwatch.store.engine import get_engine

        t1 = time.perf_counter()
        with get_engine("duckdb", store) as engine:
            try:
                rows = run_series_table(engine, "UKR", "BLR", freq="month")
            except Exception as exc:  # the indicator module is work in progress on this branch
                out["indicators_note"] = (f"all-realms call failed ({type(exc).__name__}: {str(exc).splitlines()[0]}); "
                                          "timed one call per realm instead")
                rows = [r for realm in ("political", "security", "civil_society", "economic")
                        for r in run_series_table(engine, "UKR", "BLR", freq="month", realm=realm)]
        out["indicators_s"] = time.perf_counter() - t1
        out["indicator_rows"] = len(rows)
    except Exception as exc:
        out["indicators_error"] = f"{type(exc).__name__}: {exc}"
    store.close()
    return out


def job_pandas(path: str) -> dict:
    import pandas as pd

    sys.path.insert(0, str(SRC))
    from dyadwatch.sources.gdelt import COLUMNS_V2

    df = pd.read_csv(path, sep="\t", header=None, names=COLUMNS_V2)
    a1, a2, loc = (df["Actor1CountryCode"].fillna(""), df["Actor2CountryCode"].fillna(""),
                   df["ActionGeo_CountryCode"].fillna(""))
    A, B, FA, FB = "UKR", "BLR", "UP", "BO"
    both = ((a1 == A) & (a2 == B)) | ((a1 == B) & (a2 == A))
    cross = (((a1 == A) | (a2 == A)) & (loc == FB)) | (((a1 == B) | (a2 == B)) & (loc == FA))
    third = loc.isin([FA, FB]) & (((a1 != "") & ~a1.isin([A, B])) | ((a2 != "") & ~a2.isin([A, B])))
    d = df[both | cross | third].copy()
    d["month"] = d["SQLDATE"] // 100
    for q in (1, 2, 3, 4):
        d[f"q{q}"] = (d["QuadClass"] == q).astype(int)
    agg = d.groupby("month").agg(n=("GLOBALEVENTID", "size"), q1=("q1", "sum"), q2=("q2", "sum"),
                                 q3=("q3", "sum"), q4=("q4", "sum"), goldstein_sum=("GoldsteinScale", "sum"),
                                 goldstein_mean=("GoldsteinScale", "mean"))
    agg["ccb"] = (agg.q1 + agg.q2 - agg.q3 - agg.q4) / agg.n
    return {"kept": int(len(d)), "read": int(len(df)), "months": int(len(agg))}


def job_floor(path: str) -> dict:
    import duckdb

    sys.path.insert(0, str(SRC))
    from dyadwatch.sources.gdelt import COLUMNS_V2

    cols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in COLUMNS_V2) + "}"
    n = duckdb.connect().execute(
        f"SELECT count(*) FROM read_csv('{path}', delim='\\t', header=false, columns={cols}, quote='', "
        "escape='', auto_detect=false)").fetchone()[0]
    return {"read": n}


def job_stages(path: str) -> dict:
    """Where dyadwatch's ingest time goes: each piece of gdelt.load_file's fast path timed alone on the same
    file, then a re-ingest of the same file (skipped through the ledger)."""
    import duckdb

    from dyadwatch.countries import Dyad
    from dyadwatch.sources import gdelt
    from dyadwatch.sources.gdelt import COLUMNS_V2
    from dyadwatch.sources.ingest import Item, sha256_and_lines
    from dyadwatch.store import open_store

    out = {}
    t = time.perf_counter()
    sha, lines = sha256_and_lines(path)
    out["hash_and_count_lines_s"] = time.perf_counter() - t
    cols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in COLUMNS_V2) + "}"
    t = time.perf_counter()
    duckdb.connect().execute(f"SELECT count(*) FROM read_csv('{path}', delim='\\t', header=false, columns={cols}, "
                             "quote='', escape='', auto_detect=false)").fetchall()
    out["bare_count_s"] = time.perf_counter() - t
    dyad = Dyad.parse("UKR-BLR")
    keep = gdelt._geo_patch(gdelt.dyad_sql('"Actor1CountryCode"', '"Actor2CountryCode"', '"ActionGeo_CountryCode"',
                                           "UKR", "BLR"), dyad)
    with open_store(":memory:") as st:
        t = time.perf_counter()
        assert gdelt._prefiltered_scan(st, Item(path, Path(path), sha, lines, "gdelt", {}), COLUMNS_V2, dyad,
                                       keep, "TRUE")
        out["fast_path_scan_s"] = time.perf_counter() - t  # the ENUM scan + splitting/validating candidates
    tmp = tempfile.mkdtemp(prefix="dw-bench-")
    with open_store(Path(tmp) / "again.duckdb") as st:
        gdelt.ingest(st, [path], dyad="UKR-BLR")
        t = time.perf_counter()
        again = gdelt.ingest(st, [path], dyad="UKR-BLR")
        out["reingest_skipped_s"] = time.perf_counter() - t
        assert [f.status for f in again.files] == ["skipped"]
    return out


JOBS = {"dyadwatch": job_dyadwatch, "pandas": job_pandas, "floor": job_floor, "stages": job_stages}


WARM = {"dyadwatch": ["duckdb", "ibis", "pandas", "dyadwatch.sources.gdelt", "dyadwatch.store",
                      "dyadwatch.realms.events", "dyadwatch.store.engine"],
        "pandas": ["pandas", "dyadwatch.sources.gdelt"], "floor": ["duckdb", "dyadwatch.sources.gdelt"],
        "stages": ["duckdb", "dyadwatch.sources.gdelt", "dyadwatch.store"]}


def child(job: str, path: str) -> None:
    import importlib

    sys.path.insert(0, str(SRC))
    t = time.perf_counter()
    for mod in WARM[job]:  # imports are not part of the timed work (same treatment for every job)
        importlib.import_module(mod)
    imports = time.perf_counter() - t
    t0 = time.perf_counter()
    out = JOBS[job](path)
    out["seconds"] = time.perf_counter() - t0
    out["import_s"] = imports
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print("RESULT " + json.dumps(out))


def run_child(job: str, path: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", job, str(path)], capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"{job} failed:\n{proc.stdout}\n{proc.stderr}")


# --- driver -------------------------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description="GDELT ingest benchmark (see the module docstring)")
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--dyad-rows", type=int, default=1500)
    ap.add_argument("--file", type=Path, help="an existing generated file (default: generate into a temp dir)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per job; the best time is reported")
    ap.add_argument("--stages", action="store_true", help="also time each stage of the ingest alone")
    ap.add_argument("--child", nargs=2, metavar=("JOB", "FILE"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(*a.child)
        return
    path = a.file
    if path is None:
        sys.path.insert(0, str(HERE))
        from gen_gdelt import generate

        path = Path(tempfile.mkdtemp(prefix="dw-gdelt-")) / "bench.export.CSV"
        print(f"generating {a.rows:,} rows into {path} …", flush=True)
        generate(path, a.rows, a.dyad_rows)
    meta_path = Path(str(path) + ".meta.json")
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    size_mb = path.stat().st_size / 1e6
    print(f"file: {path} ({size_mb:,.0f} MB, {meta.get('rows', '?'):,} rows, {meta.get('dyad_rows', '?')} "
          f"UKR-BLR rows); cpus: {os.cpu_count()}; python {sys.version.split()[0]}", flush=True)
    jobs = ("floor", "dyadwatch", "pandas")
    runs: dict[str, list[dict]] = {j: [] for j in jobs}
    load_before = os.getloadavg()[0]
    for _ in range(a.repeat):  # interleaved, so a busy machine slows every job alike
        for job in jobs:
            runs[job].append(run_child(job, path))
    load_after = os.getloadavg()[0]
    print(f"  load average (1 min) before {load_before:.1f}, after {load_after:.1f}; best of {a.repeat} "
          "(median in brackets)")
    results = {}
    for job in jobs:
        results[job] = r = min(runs[job], key=lambda x: x["seconds"])
        med = statistics.median(x["seconds"] for x in runs[job])
        r["median_s"] = med
        r["peak_rss_mb_max"] = max(x["peak_rss_mb"] for x in runs[job])
        print(f"  {job:10s} {r['seconds']:8.2f} s ({med:6.2f})  {r.get('read', 0) / r['seconds']:>12,.0f} rows/s  "
              f"peak {r['peak_rss_mb_max']:7.0f} MB", flush=True)
    dw, pd_, fl = results["dyadwatch"], results["pandas"], results["floor"]
    if "indicators_error" in dw:
        print(f"  note: indicators failed, dyadwatch time is ingest only: {dw['indicators_error']}")
    else:
        if dw.get("indicators_note"):
            print(f"  note: {dw['indicators_note']}")
        print(f"  dyadwatch = ingest {dw['ingest_s']:.2f} s + monthly indicators {dw['indicators_s']:.2f} s "
              f"({dw['indicator_rows']} rows)")
    print(f"  pandas / dyadwatch   = {pd_['seconds'] / dw['seconds']:.2f}x   (target >= 5)")
    print(f"  dyadwatch / floor    = {dw['seconds'] / fl['seconds']:.2f}x   (target <= 1.5)")
    print(f"  peak memory dyadwatch {dw['peak_rss_mb_max']:.0f} MB, pandas {pd_['peak_rss_mb_max']:.0f} MB "
          "(target < 1024)")
    print(f"  medians: pandas / dyadwatch = {pd_['median_s'] / dw['median_s']:.2f}x, "
          f"dyadwatch / floor = {dw['median_s'] / fl['median_s']:.2f}x")
    expected = meta.get("dyad_rows")
    print(f"  kept: dyadwatch {dw['kept']}, pandas {pd_['kept']}, generator {expected} -> "
          f"{'OK' if dw['kept'] == expected == pd_['kept'] else 'MISMATCH'}")
    if a.stages:
        st = run_child("stages", path)
        print("  stages of the ingest, each timed alone: " + ", ".join(
            f"{k[:-2].replace('_', ' ')} {v:.2f} s" for k, v in st.items() if k.endswith("_s") and k != "import_s"))
        results["stages"] = st
    print("JSON " + json.dumps({"file_mb": size_mb, "meta": meta, "load": [load_before, load_after],
                                "results": results, "runs": runs}))


if __name__ == "__main__":
    main()
