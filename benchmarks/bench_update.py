"""Benchmark of `dyadwatch update UKR BLR` end to end (a fresh process each time, as cron runs it) against the
loopback stand-ins of GDELT 2.0, Comtrade v1 and OpenSanctions (tests/monitor_standins.py).

    PYTHONPATH=src python benchmarks/bench_update.py [--days 3] [--rounds 5]

Setup (not timed): the GDELT stand-in publishes one export file for every 15-minute stamp of the last `--days`
days (each with a few UKR-BLR rows and one row outside the pair, zipped, listed in masterfilelist.txt with its
size and MD5, with mentions and gkg lines beside it); Comtrade answers the v1 envelope; OpenSanctions serves one
dataset with its index.json. Each contender then runs one first update/fetch, untimed, on its own store and cache.

Scenarios, each run `--rounds` times with the contenders alternating (a, b, a, b …) so both see the same load:

1. nothing new: every source is asked and nothing has changed;
2. one new 15-minute GDELT file: published just before each round.

Contenders: `dyadwatch update UKR BLR` (one process: all sources, cursors, recompute, alerts) and the manual
sequence it replaces, the fetch commands an analyst would otherwise run with the same windows (`fetch gdelt
--from … --to … --dyad UKR-BLR`, `fetch comtrade` annual and monthly, `fetch sanctions`; four processes, no
recompute, no alerts). Reported: minimum and median seconds, and the ratio of the minima (update / manual).
"""
from __future__ import annotations

import argparse
import json
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from monitor_standins import StandIns  # noqa: E402


LAST: dict = {}


def run(cmds: list[list[str]], env: dict) -> float:
    t = time.perf_counter()
    for c in cmds:
        p = subprocess.run([sys.executable, "-m", "dyadwatch", *c], env=env, capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(f"{' '.join(c)} failed ({p.returncode}): {p.stderr[-800:]}")
        if c[0] == "update":
            LAST.update(json.loads(p.stdout))
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=3, help="days of 15-minute GDELT files published")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    web = StandIns()
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, second=0, microsecond=0)
    now = now.replace(minute=now.minute - now.minute % 15)
    start = now - dt.timedelta(days=args.days)
    t, n = start, 0
    while t < now - dt.timedelta(hours=2):
        web.publish(t, 3, conflict=1 if n % 7 == 0 else 0)
        t += dt.timedelta(minutes=15)
        n += 1
    next_stamp = t
    for year in range(2016, dt.date.today().year):       # both countries' records with each other and the world
        for rep, par in (("UKR", "BLR"), ("BLR", "UKR"), ("UKR", "WLD"), ("BLR", "WLD")):
            for flow in ("X", "M"):
                web.values[(rep, par, flow, str(year))] = 1e9 + year
    today = dt.date.today()
    with tempfile.TemporaryDirectory() as tmp:
        envs = {}
        for who in ("update", "manual"):
            env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), DYADWATCH_STORE=f"{tmp}/{who}.duckdb")
            web.env(env, Path(tmp) / f"cache-{who}")
            envs[who] = env
        frm = start.date().isoformat()
        cmds = {
            "update": [["update", "UKR", "BLR", "--from", frm, "--json"]],
            "manual": [["fetch", "gdelt", "--from", frm, "--to", today.isoformat(), "--dyad", "UKR-BLR"],
                       ["fetch", "comtrade", "--reporter", "UKR", "--partner", "BLR",
                        "--years", f"{today.year - 10}-{today.year - 1}"],
                       ["fetch", "comtrade", "--reporter", "UKR", "--partner", "BLR", "--freq", "m",
                        "--years", f"{today.year - 3}-{today.year}"],
                       ["fetch", "sanctions", "--dataset", "sanctions"]],
        }
        # the first run (untimed): the update's cursors are set, both caches filled
        t0 = time.perf_counter()
        run(cmds["update"], envs["update"])
        first = time.perf_counter() - t0
        run(cmds["manual"], envs["manual"])
        # later runs: the update starts from its cursors (no --from), the manual sequence keeps its windows
        cmds["update"] = [["update", "UKR", "BLR", "--json"]]
        print(f"GDELT stand-in: {n} export files over {args.days} days; first update {first:.2f} s (untimed)")
        print("machine: 2 cores shared with other jobs (loaded); times include Python start-up of each process")
        results = {}
        for scenario in ("nothing new", "one new 15-minute GDELT file"):
            times = {"update": [], "manual": []}
            parts = []
            for _ in range(args.rounds):
                if scenario != "nothing new":
                    web.publish(next_stamp, 3, conflict=1)
                    next_stamp += dt.timedelta(minutes=15)
                for who in ("update", "manual"):
                    times[who].append(run(cmds[who], envs[who]))
                parts.append(dict(LAST["seconds"], **{s["source"]: s["seconds"] for s in LAST["sources"]}))
            results[scenario] = times
            u, m = min(times["update"]), min(times["manual"])
            print(f"{scenario}: update min {u:.2f} s, median {statistics.median(times['update']):.2f} s; "
                  f"manual fetches min {m:.2f} s, median {statistics.median(times['manual']):.2f} s; "
                  f"ratio (min) {u / m:.2f}")
            best = parts[times["update"].index(u)]
            print("  fastest update, inside the process: " + ", ".join(f"{k} {v:.2f} s" for k, v in best.items()))
    web.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
