"""Benchmark: reading event series from the event lake against the events_raw TABLE of the code before it.

    python benchmarks/bench_lake.py [--rows 80000 --dyad-rows 40000] [--rounds 7] [--old-src /work/main/src]

One generated GDELT 2.0 file (``gen_gdelt.py``: ``--dyad-rows`` rows touch UKR–BLR, the rest do not) is
ingested WITHOUT a dyad filter (every row stored) into three stores:

- ``table``: by the previous code (``--old-src``, a checkout from before the lake; rows in the events_raw
  table), read by that same code;
- ``lake``: by this code (one part file per month), read by this code;
- ``table_pieces`` and ``lake_pieces``: the same rows split into ``--pieces`` files ingested one by one
  (many small part files per month, compacted automatically when a month gathers more than
  ``store.lake.AUTO_COMPACT_FILES``), by the previous code and by this code.

Each store is built once (its build time, one run, Python start-up included, is printed as an indication).
Each round runs ``dyadwatch events series UKR BLR --freq month --json`` once per store, each in a fresh
process (wall time, Python start-up included: what an analyst waits for), interleaved, and the in-process
query time of the series SQL (``realms.events_sql``) on each store's connection. Minimum and median over
rounds are printed; the answers of the table and the lake are checked to be identical.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"

BUILD = """
import sys
from dyadwatch.sources import gdelt
from dyadwatch.store import open_store
st = open_store(sys.argv[1])
for f in sys.argv[2:]:
    s = gdelt.ingest(st, [f])
    assert not s.failed, s.line()
print(st.scalar("SELECT count(*) FROM events_raw"))
"""

QUERY = """
import sys, time, json
sys.path.insert(0, sys.argv[2])
import duckdb
from dyadwatch.realms.events_sql import series_sql
con = duckdb.connect(sys.argv[1], read_only=True)
if len(sys.argv) > 3:  # a lake store: the view as dyadwatch creates it on open
    from dyadwatch.store import open_store
    con.close()
    st = open_store(sys.argv[1], read_only=True)
    con = st.con
sql, params = series_sql("UKR", "BLR", freq="month")
times = []
for _ in range(5):
    t = time.perf_counter(); rows = con.execute(sql, params).fetchall(); times.append(time.perf_counter() - t)
print(json.dumps({"min": min(times), "rows": len(rows)}))
"""


def run(cmd, src: Path, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src)}
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, **kw)
    if r.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed: {r.stderr[-2000:]}")
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=80_000)
    ap.add_argument("--dyad-rows", type=int, default=40_000)
    ap.add_argument("--pieces", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--old-src", default="/work/main/src", help="src folder of the code before the lake")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from gen_gdelt import generate

    tmp = Path(tempfile.mkdtemp(prefix="bench-lake-"))
    f = tmp / "20220331000000.export.CSV"
    meta = generate(f, args.rows, args.dyad_rows)
    lines = f.read_text().splitlines(keepends=True)
    step = -(-len(lines) // args.pieces)
    pieces = []
    for i in range(args.pieces):
        p = tmp / f"piece{i:03d}.export.CSV"
        p.write_text("".join(lines[i * step:(i + 1) * step]))
        pieces.append(str(p))
    stores = {"table": (tmp / "table.duckdb", Path(args.old_src), [str(f)]),
              "lake": (tmp / "lake.duckdb", SRC, [str(f)]),
              "table_pieces": (tmp / "table_pieces.duckdb", Path(args.old_src), pieces),
              "lake_pieces": (tmp / "lake_pieces.duckdb", SRC, pieces)}
    build = {}
    for name, (path, src, files) in stores.items():
        t = time.perf_counter()
        n = int(run([sys.executable, "-c", BUILD, str(path), *files], src).stdout.strip())
        build[name] = round(time.perf_counter() - t, 2)
        print(f"{name}: {n:,} rows stored", file=sys.stderr)
    con_files = run([sys.executable, "-c", "import sys, duckdb; c = duckdb.connect(sys.argv[1], read_only=True); "
                     "print(c.execute('SELECT count(*) FROM event_files').fetchone()[0])",
                     str(stores["lake_pieces"][0])], SRC).stdout.strip()
    cli, query, answers = {k: [] for k in [*stores, "python_duckdb_import"]}, {k: [] for k in stores}, {}
    for _ in range(args.rounds):
        t = time.perf_counter()  # the floor of any command: the interpreter starting and importing duckdb
        run([sys.executable, "-c", "import duckdb"], SRC)
        cli["python_duckdb_import"].append(time.perf_counter() - t)
        for name, (path, src, _files) in stores.items():
            t = time.perf_counter()
            r = run([sys.executable, "-m", "dyadwatch", "events", "series", "UKR", "BLR", "--freq", "month", "--json",
                     "--store", str(path)], src)
            cli[name].append(time.perf_counter() - t)
            answers[name] = json.loads(r.stdout)
            extra = ["lake"] if name != "table" else []
            q = json.loads(run([sys.executable, "-c", QUERY, str(path), str(src), *extra], src).stdout)
            query[name].append(q["min"])
    # (the pieces are other files, with other hashes: deduplication may keep another of two equal rows)
    same = answers["lake"] == answers["table"] and answers["lake_pieces"] == answers["table_pieces"]
    out = {"rows": args.rows, "dyad_rows": meta.get("dyad_rows", args.dyad_rows), "rounds": args.rounds,
           "part_files_after_pieces": int(con_files), "identical_answers": same,
           "build_seconds_one_run": build,
           "cli_seconds": {k: {"min": round(min(v), 3), "median": round(statistics.median(v), 3)} for k, v in cli.items()},
           "query_ms": {k: {"min": round(1000 * min(v), 1), "median": round(1000 * statistics.median(v), 1)}
                        for k, v in query.items()}}
    print(json.dumps(out, indent=2))
    if not same:
        raise SystemExit("the answers differ")


if __name__ == "__main__":
    main()
