"""Benchmark: dyadwatch's GDELT ingest + monthly indicators against a polars script and a pandas script
doing the same job, on generated GDELT 2.0 exports (``gen_gdelt.py``).

    python benchmarks/bench_gdelt.py --file /tmp/g1M_0.02.CSV [--file …] [--rounds 3] [--unfiltered]
    python benchmarks/bench_gdelt.py --rows 1000000 2000000 4000000 --dyad-share 0.001 0.02   # generate first

Every job runs in its own child process (imports, caches and memory do not leak between jobs); imports
are done before the clock starts, for every job alike; the child reports its wall time and its peak
resident memory (``ru_maxrss``). Rounds are interleaved (dyadwatch, polars, pandas, dyadwatch, …) so
that other load on a shared machine hits every job alike, and the MINIMUM over rounds is reported with
the median beside it. The CPU seconds (all threads) of each job's timed work are reported too, and their
ratio: on a loaded machine they are the steadier guide (contention slows polars' threads more than
dyadwatch's mostly serial steps, so loaded wall-clock ratios flatter dyadwatch).

Jobs (the dyad job: keep the rows touching UKR–BLR, then a monthly table of counts, quad classes,
Goldstein sum and mean, cooperation–conflict balance):

- ``dyadwatch``: ``sources.gdelt.ingest(store, [file], dyad="UKR-BLR")`` into a fresh store file, then
  ``realms.events.series(store, "UKR", "BLR", freq="month")`` (what ``dyadwatch ingest gdelt --dyad`` and
  ``dyadwatch events series`` do, with quarantine, ledger, crosswalk, realms and deduplication);
- ``polars``: ``scan_csv → filter → group_by`` (:func:`job_polars`, the code is below);
- ``pandas``: ``read_csv(engine="pyarrow", usecols=…)`` then the same filter and group-by;
- ``reingest``: a second ``ingest`` of the same file into the store of a first one (only the second is timed).

With ``--unfiltered``: ``dyadwatch_all`` (an ingest without ``--dyad``: every row validated, typed and
stored) against ``polars_parquet`` (polars writing the same rows, typed, to a zstd Parquet file).

Counts are checked on every run: each contender's kept rows against the generator's count
(``<file>.meta.json``; a file without one is reported as unchecked).
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
A, B, FA, FB = "UKR", "BLR", "UP", "BO"


def names() -> list[str]:
    sys.path.insert(0, str(SRC))
    from dyadwatch.sources.gdelt import COLUMNS_V2
    return COLUMNS_V2


# --- jobs (run in a child) ------------------------------------------------------------------------------
def job_dyadwatch(path: str) -> dict:
    from dyadwatch.realms.events import series
    from dyadwatch.sources import gdelt
    from dyadwatch.store import open_store

    tmp = tempfile.mkdtemp(prefix="dw-bench-")
    store = open_store(Path(tmp) / "bench.duckdb")  # creating the store is not timed (as imports are not)
    c0, t0 = time.process_time(), time.perf_counter()
    s = gdelt.ingest(store, [path], dyad="UKR-BLR")
    c1, t1 = time.process_time(), time.perf_counter()
    rows = series(store, "UKR", "BLR", freq="month")
    c2, t2 = time.process_time(), time.perf_counter()
    store.close()
    return {"kept": s.total("rows_kept"), "read": s.total("rows_read"), "status": [f.status for f in s.files],
            "ingest_s": t1 - t0, "series_s": t2 - t1, "ingest_cpu_s": c1 - c0, "series_cpu_s": c2 - c1,
            "series_rows": len(rows), "_timed_s": t2 - t0, "_timed_cpu_s": c2 - c0}


def job_reingest(path: str) -> dict:
    from dyadwatch.sources import gdelt
    from dyadwatch.store import open_store

    tmp = tempfile.mkdtemp(prefix="dw-bench-")
    store = open_store(Path(tmp) / "bench.duckdb")
    gdelt.ingest(store, [path], dyad="UKR-BLR")
    c0, t0 = time.process_time(), time.perf_counter()
    s = gdelt.ingest(store, [path], dyad="UKR-BLR")
    out = {"reingest_s": time.perf_counter() - t0, "status": [f.status for f in s.files],
           "_timed_cpu_s": time.process_time() - c0}
    store.close()
    out["_timed_s"] = out["reingest_s"]
    return out


def job_dyadwatch_all(path: str) -> dict:
    from dyadwatch.sources import gdelt
    from dyadwatch.store import open_store

    tmp = tempfile.mkdtemp(prefix="dw-bench-")
    store = open_store(Path(tmp) / "bench.duckdb")
    c0, t0 = time.process_time(), time.perf_counter()
    s = gdelt.ingest(store, [path])
    timed, cpu = time.perf_counter() - t0, time.process_time() - c0
    store.close()
    return {"kept": s.total("rows_kept"), "read": s.total("rows_read"), "status": [f.status for f in s.files],
            "_timed_s": timed, "_timed_cpu_s": cpu}


def job_polars(path: str) -> dict:
    """The polars script an analyst would write (lazy scan, projection and predicate pushed down)."""
    import polars as pl

    cols = names()
    lf = pl.scan_csv(path, separator="\t", has_header=False, new_columns=cols, quote_char=None,
                     schema={c: pl.String for c in cols})
    a1, a2, loc = (pl.col("Actor1CountryCode").fill_null(""), pl.col("Actor2CountryCode").fill_null(""),
                   pl.col("ActionGeo_CountryCode").fill_null(""))
    both = ((a1 == A) & (a2 == B)) | ((a1 == B) & (a2 == A))
    cross = (((a1 == A) | (a2 == A)) & (loc == FB)) | (((a1 == B) | (a2 == B)) & (loc == FA))
    third = loc.is_in([FA, FB]) & (((a1 != "") & ~a1.is_in([A, B])) | ((a2 != "") & ~a2.is_in([A, B])))
    d = (lf.select("SQLDATE", "QuadClass", "GoldsteinScale", "Actor1CountryCode", "Actor2CountryCode",
                   "ActionGeo_CountryCode")
         .filter(both | cross | third)
         .with_columns(month=pl.col("SQLDATE").str.slice(0, 6), q=pl.col("QuadClass").cast(pl.Int32),
                       g=pl.col("GoldsteinScale").cast(pl.Float64)))
    agg = (d.group_by("month").agg(n=pl.len(), q1=(pl.col("q") == 1).sum(), q2=(pl.col("q") == 2).sum(),
                                   q3=(pl.col("q") == 3).sum(), q4=(pl.col("q") == 4).sum(),
                                   goldstein_sum=pl.col("g").sum(), goldstein_mean=pl.col("g").mean())
           .with_columns(ccb=(pl.col("q1") + pl.col("q2") - pl.col("q3") - pl.col("q4")) / pl.col("n"))
           .collect())
    return {"kept": int(agg["n"].sum()), "months": agg.height}


def job_pandas(path: str) -> dict:
    """A competent pandas script: the pyarrow CSV engine and only the needed columns."""
    import pandas as pd

    cols = names()
    use = ["SQLDATE", "QuadClass", "GoldsteinScale", "Actor1CountryCode", "Actor2CountryCode",
           "ActionGeo_CountryCode"]
    idx = [cols.index(c) for c in use]  # (pandas 3.1 + pyarrow mis-resolve usecols given by name with names=)
    df = pd.read_csv(path, sep="\t", header=None, usecols=idx, engine="pyarrow")
    df.columns = use  # numbered 0..k-1 in the order of usecols
    a1, a2, loc = (df["Actor1CountryCode"].fillna(""), df["Actor2CountryCode"].fillna(""),
                   df["ActionGeo_CountryCode"].fillna(""))
    both = ((a1 == A) & (a2 == B)) | ((a1 == B) & (a2 == A))
    cross = (((a1 == A) | (a2 == A)) & (loc == FB)) | (((a1 == B) | (a2 == B)) & (loc == FA))
    third = loc.isin([FA, FB]) & (((a1 != "") & ~a1.isin([A, B])) | ((a2 != "") & ~a2.isin([A, B])))
    d = df[both | cross | third].copy()
    d["month"] = d["SQLDATE"] // 100
    for q in (1, 2, 3, 4):
        d[f"q{q}"] = (d["QuadClass"] == q).astype(int)
    agg = d.groupby("month").agg(n=("QuadClass", "size"), q1=("q1", "sum"), q2=("q2", "sum"), q3=("q3", "sum"),
                                 q4=("q4", "sum"), goldstein_sum=("GoldsteinScale", "sum"),
                                 goldstein_mean=("GoldsteinScale", "mean"))
    agg["ccb"] = (agg.q1 + agg.q2 - agg.q3 - agg.q4) / agg.n
    return {"kept": int(agg["n"].sum()), "months": len(agg)}


def job_polars_parquet(path: str) -> dict:
    """polars writing every row, typed (numbers and dates parsed), to one zstd Parquet file."""
    import polars as pl

    cols = names()
    ints = ["GLOBALEVENTID", "IsRootEvent", "QuadClass", "NumMentions", "NumSources", "NumArticles"]
    floats = ["GoldsteinScale", "AvgTone", "ActionGeo_Lat", "ActionGeo_Long"]
    lf = pl.scan_csv(path, separator="\t", has_header=False, new_columns=cols, quote_char=None,
                     schema={c: pl.String for c in cols})
    lf = lf.with_columns([pl.col(c).cast(pl.Int64, strict=False) for c in ints]
                         + [pl.col(c).cast(pl.Float64, strict=False) for c in floats]
                         + [pl.col("SQLDATE").str.strptime(pl.Date, "%Y%m%d", strict=False),
                            pl.col("DATEADDED").str.strptime(pl.Datetime, "%Y%m%d%H%M%S", strict=False)])
    out = Path(tempfile.mkdtemp(prefix="dw-bench-")) / "events.parquet"
    lf.sink_parquet(out, compression="zstd")
    return {"kept": pl.scan_parquet(out).select(pl.len()).collect().item()}


JOBS = {"dyadwatch": job_dyadwatch, "polars": job_polars, "pandas": job_pandas, "reingest": job_reingest,
        "dyadwatch_all": job_dyadwatch_all, "polars_parquet": job_polars_parquet}
WARM = {"dyadwatch": ["duckdb", "polars", "xxhash", "pyarrow", "numpy", "dyadwatch.sources.gdelt",
                      "dyadwatch.sources.gdelt_scan", "dyadwatch.sources.gdelt_chunks", "dyadwatch.sources.gdelt_typed",
                      "dyadwatch.sources.gdelt_lines", "dyadwatch.store", "dyadwatch.realms.events",
                      "dyadwatch.realms.events_sql"],
        "polars": ["polars", "dyadwatch.sources.gdelt"], "pandas": ["pandas", "pyarrow", "dyadwatch.sources.gdelt"],
        "polars_parquet": ["polars", "dyadwatch.sources.gdelt"]}
WARM["reingest"] = WARM["dyadwatch_all"] = WARM["dyadwatch"]


def child(job: str, path: str) -> None:
    import importlib

    sys.path.insert(0, str(SRC))
    for mod in WARM[job]:  # imports are not part of the timed work (same treatment for every job)
        importlib.import_module(mod)
    c0, t0 = time.process_time(), time.perf_counter()
    out = JOBS[job](path)
    out["seconds"] = out.pop("_timed_s", None) or time.perf_counter() - t0
    out["work_cpu_s"] = out.pop("_timed_cpu_s", None) or time.process_time() - c0  # the timed work, all threads
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["peak_rss_mb"] = usage.ru_maxrss / 1024  # Linux: KiB
    out["cpu_s"] = usage.ru_utime + usage.ru_stime  # all threads, imports included
    print("RESULT " + json.dumps(out))


def run_child(job: str, path: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", job, str(path)], capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"{job} failed:\n{proc.stdout}\n{proc.stderr}")


# --- driver -------------------------------------------------------------------------------------------
def bench_file(path: Path, rounds: int, unfiltered: bool) -> dict:
    meta_path = Path(str(path) + ".meta.json")
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    rows, dyad_rows = meta.get("rows"), meta.get("dyad_rows")
    print(f"\nfile: {path} ({path.stat().st_size / 1e6:,.0f} MB; "
          + (f"{rows:,} rows, {dyad_rows:,} UKR-BLR rows" if meta else "no .meta.json: counts unchecked") + ")",
          flush=True)
    jobs = ["dyadwatch", "polars", "pandas", "reingest"] + (["dyadwatch_all", "polars_parquet"] if unfiltered else [])
    runs: dict[str, list[dict]] = {j: [] for j in jobs}
    loads = [os.getloadavg()[0]]
    for _ in range(rounds):  # interleaved
        for job in jobs:
            runs[job].append(run_child(job, path))
        loads.append(os.getloadavg()[0])
    res = {}
    for job in jobs:
        best = min(runs[job], key=lambda x: x["seconds"])
        res[job] = {"min_s": best["seconds"], "median_s": statistics.median(x["seconds"] for x in runs[job]),
                    "peak_mb": max(x["peak_rss_mb"] for x in runs[job]), "best": best,
                    "cpu_s": min(x["cpu_s"] for x in runs[job]),
                    "work_cpu_s": min(x["work_cpu_s"] for x in runs[job])}
        extra = ""
        if job == "dyadwatch":
            cpu_in, cpu_se = (min(x[k] for x in runs[job]) for k in ("ingest_cpu_s", "series_cpu_s"))
            extra = (f"  (ingest {best['ingest_s']:.2f} s + series {best['series_s']:.3f} s; CPU "
                     f"{cpu_in:.2f} + {cpu_se:.3f} s)")
        print(f"  {job:15s} min {best['seconds']:7.2f} s  median {res[job]['median_s']:7.2f} s  "
              f"peak {res[job]['peak_mb']:6.0f} MB  cpu {res[job]['cpu_s']:6.2f} s (timed work "
              f"{res[job]['work_cpu_s']:5.2f} s){extra}", flush=True)
    dw, pl_, pd_ = (res[j]["min_s"] for j in ("dyadwatch", "polars", "pandas"))
    print(f"  dyadwatch / polars = {dw / pl_:.2f}x (target <= 1.0), dyadwatch / pandas = {dw / pd_:.2f}x; "
          f"re-ingest {res['reingest']['min_s']:.3f} s (target <= 0.3); CPU of the timed work dyadwatch / polars = "
          f"{res['dyadwatch']['work_cpu_s'] / res['polars']['work_cpu_s']:.2f}x")
    if unfiltered:
        ratio = res["dyadwatch_all"]["min_s"] / res["polars_parquet"]["min_s"]
        print(f"  unfiltered: dyadwatch / polars->Parquet = {ratio:.2f}x (target <= 1.5)")
    kept = {j: {r.get("kept") for r in runs[j]} for j in ("dyadwatch", "polars", "pandas")}
    ok = all(v == {dyad_rows} for v in kept.values()) if meta else None
    if unfiltered and meta:
        for j in ("dyadwatch_all", "polars_parquet"):
            kept[j] = {r.get("kept") for r in runs[j]}
        ok = ok and kept["dyadwatch_all"] == {rows} == kept["polars_parquet"]
    print(f"  counts: {({j: sorted(v) for j, v in kept.items()})} generator {dyad_rows} -> "
          f"{'OK' if ok else 'UNCHECKED' if ok is None else 'MISMATCH'}; load average {min(loads):.1f}-{max(loads):.1f}")
    return {"file": str(path), "meta": meta, "results": res, "counts_ok": ok, "load": loads,
            "runs": {j: [{k: v for k, v in r.items()} for r in rs] for j, rs in runs.items()}}


def table(out: list[dict]) -> str:
    """The results as Markdown tables, ready to paste into docs/events-benchmark.md."""
    def f(res, job):
        return f"{res[job]['min_s']:.2f} ({res[job]['median_s']:.2f})"
    lines = ["| file | dyadwatch ingest --dyad + series, min (median) s | polars | pandas | dyadwatch / polars "
             "| dyadwatch / pandas | re-ingest s | peak MB dyadwatch / polars / pandas | CPU s of the timed work "
             "dyadwatch / polars | counts | load |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for o in out:
        r, m = o["results"], o["meta"]
        name = (f"{m['rows'] / 1e6:g}M rows, {100 * m['dyad_rows'] / m['rows']:g}%" if m else Path(o["file"]).name)
        lines.append(f"| {name} | {f(r, 'dyadwatch')} | {f(r, 'polars')} | {f(r, 'pandas')} | "
                     f"**{r['dyadwatch']['min_s'] / r['polars']['min_s']:.2f}x** | "
                     f"{r['dyadwatch']['min_s'] / r['pandas']['min_s']:.2f}x | {r['reingest']['min_s']:.3f} | "
                     f"{r['dyadwatch']['peak_mb']:.0f} / {r['polars']['peak_mb']:.0f} / {r['pandas']['peak_mb']:.0f} | "
                     f"{r['dyadwatch']['work_cpu_s']:.2f} / {r['polars']['work_cpu_s']:.2f} "
                     f"({r['dyadwatch']['work_cpu_s'] / r['polars']['work_cpu_s']:.2f}x) | "
                     f"{'OK' if o['counts_ok'] else 'unchecked' if o['counts_ok'] is None else 'MISMATCH'} | "
                     f"{min(o['load']):.1f}-{max(o['load']):.1f} |")
    if any("dyadwatch_all" in o["results"] for o in out):
        lines += ["", "| file | dyadwatch unfiltered ingest, min (median) s | polars -> zstd Parquet | ratio "
                  "| peak MB dyadwatch / polars | load |", "|---|---|---|---|---|---|"]
        for o in out:
            r, m = o["results"], o["meta"]
            if "dyadwatch_all" not in r:
                continue
            name = (f"{m['rows'] / 1e6:g}M rows, {100 * m['dyad_rows'] / m['rows']:g}%" if m else Path(o["file"]).name)
            lines.append(f"| {name} | {f(r, 'dyadwatch_all')} | {f(r, 'polars_parquet')} | "
                         f"**{r['dyadwatch_all']['min_s'] / r['polars_parquet']['min_s']:.2f}x** | "
                         f"{r['dyadwatch_all']['peak_mb']:.0f} / {r['polars_parquet']['peak_mb']:.0f} | "
                         f"{min(o['load']):.1f}-{max(o['load']):.1f} |")
    return "\n".join(lines)


def generated(rows: int, share: float, folder: Path) -> Path:
    """A generated file of `rows` rows at dyad `share`, made once and reused (its .meta.json says so)."""
    sys.path.insert(0, str(HERE))
    from gen_gdelt import generate

    path = folder / f"g{rows}_{share:g}.export.CSV"
    if not Path(str(path) + ".meta.json").exists():
        print(f"generating {rows:,} rows at {share:.1%} into {path} …", flush=True)
        generate(path, rows, round(rows * share))
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description="GDELT ingest benchmark (see the module docstring)")
    ap.add_argument("--file", type=Path, action="append", help="a generated file (repeatable)")
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000],
                    help="generate files of these many rows (e.g. 1000000 2000000 4000000)")
    ap.add_argument("--dyad-share", type=float, nargs="+", default=[0.02], help="dyad shares (e.g. 0.001 0.02)")
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "dw-gdelt-bench",
                    help="where generated files are kept (and reused)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the minimum is reported")
    ap.add_argument("--unfiltered", action="store_true", help="also the unfiltered ingest vs polars->Parquet")
    ap.add_argument("--json", type=Path, help="write all runs here")
    ap.add_argument("--child", nargs=2, metavar=("JOB", "FILE"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(*a.child)
        return
    files = a.file
    if not files:
        a.data.mkdir(parents=True, exist_ok=True)
        files = [generated(n, share, a.data) for n in a.rows for share in a.dyad_share]
    load = os.getloadavg()
    print(f"cpus: {os.cpu_count()}; python {sys.version.split()[0]}; rounds {a.rounds}; load average at start "
          f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min)", flush=True)
    out = [bench_file(f, a.rounds, a.unfiltered) for f in files]
    load = os.getloadavg()
    print(f"\nload average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; "
          + _versions() + "\n\n" + table(out))
    if a.json:
        a.json.write_text(json.dumps(out, indent=1))


def _versions() -> str:
    import importlib.metadata as md

    got = []
    for name in ("duckdb", "polars", "pandas", "pyarrow", "numpy"):
        try:
            got.append(f"{name} {md.version(name)}")
        except md.PackageNotFoundError:
            pass
    return ", ".join(got)


if __name__ == "__main__":
    main()
