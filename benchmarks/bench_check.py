"""Benchmark of the claim checker: extraction and inconsistency-detection scores, and throughput.

    PYTHONPATH=src python benchmarks/bench_check.py [--kb 1000]

Prints, per corpus file and in total, precision/recall of extraction (value, unit, direction and period all right) and of inconsistency
detection over ALL annotated claims (a claim the parser missed counts as missed), for the corpus in
tests/check_corpus and for the SCEEUS brief when ../shared/briefs is present; then the throughput of
``check_text`` on a large synthetic document built by repeating corpus sentences, against a baseline
measured in the same run (a bare ``re.finditer`` number scan over the same text), as a ratio.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyadwatch.check import check_text  # noqa: E402
from dyadwatch.check.evaluate import CORPUS_DIR, load_yaml, score_brief, score_corpus  # noqa: E402


def _briefs() -> Path | None:
    for p in [ROOT.parent, *ROOT.parents]:
        b = p / "shared" / "briefs"
        if (b / "sceeus-2024-05-16-ukraine-belarus.txt").exists():
            return b
    return None


def show(name, sc):
    print(f"{name:8} extraction  P={sc.precision:.3f} R={sc.recall:.3f}  ({sc.right} right of {sc.gold} gold, "
          f"{sc.extracted} extracted)")
    print(f"{'':8} inconsistency P={sc.flag_precision:.3f} R={sc.flag_recall:.3f}  ({sc.flagged_tp} true, "
          f"{sc.flagged_fp} false, {sc.flag_gold} gold)   expected verdicts {sc.verdict_ok}/{sc.verdict_total}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kb", type=int, default=1000, help="size of the synthetic document in KB (default 1000)")
    ap.add_argument("--errors", action="store_true", help="list every scoring error")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs; the best is reported (default 3)")
    a = ap.parse_args()
    for f in sorted(CORPUS_DIR.glob("corpus*.yaml")):
        sc = score_corpus(f)
        show(f.stem.replace("corpus-", "")[:8], sc)
        if a.errors:
            print("\n".join("  " + e for e in sc.errors))
    sc = score_corpus()
    show("all", sc)
    b = _briefs()
    if b:
        bs, _ = score_brief(b / "sceeus-2024-05-16-ukraine-belarus.txt",
                            CORPUS_DIR / "sceeus-2024-05-16-gold.yaml")
        show("brief", bs)
        if a.errors:
            print("\n".join("  " + e for e in bs.errors))
        text = (b / "sceeus-2024-05-16-ukraine-belarus.txt").read_text(encoding="utf-8")
        check_text(text)
        t0 = time.perf_counter()
        check_text(text)
        print(f"brief    checked in {time.perf_counter() - t0:.3f} s ({len(text.encode()) / 1024:.1f} KB), "
              f"after import and one warm-up run")
    else:
        print("brief    skipped: ../shared/briefs not found")
    # throughput --------------------------------------------------------------------------------------
    sentences = [i["text"] for i in load_yaml(CORPUS_DIR / "corpus.yaml")["items"]]
    paras, size, n = [], 0, 0
    while size < a.kb * 1024:
        s = " ".join(sentences[(n + k) % len(sentences)] for k in range(3))
        paras.append(s)
        size += len(s.encode()) + 2
        n += 3
    doc = "\n\n".join(paras)
    kb = len(doc.encode()) / 1024
    # best of --repeat runs, wall clock and CPU time of this process (the CPU figure is the one to trust on a
    # shared machine: other processes stretch the wall clock, not the work done)
    base = cpu_base = took = cpu = float("inf")
    for _ in range(a.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        found = sum(1 for _ in re.finditer(r"\d+(?:[.,]\d+)*", doc))
        base, cpu_base = min(base, time.perf_counter() - t0), min(cpu_base, time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        r = check_text(doc)
        took, cpu = min(took, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
    print(f"throughput check_text {kb / took:,.0f} KB/s wall, {kb / cpu:,.0f} KB/s CPU ({kb:,.0f} KB in {took:.2f} s "
          f"wall, {cpu:.2f} s CPU, best of {a.repeat}; {len(r.claims)} claims, {len(r.findings)} findings)")
    print(f"baseline   re.finditer number scan {kb / base:,.0f} KB/s ({found} numbers)")
    print(f"ratio      checker/baseline = {cpu_base / cpu:.4f} CPU (the checker is {cpu / cpu_base:,.0f}× slower "
          f"than a bare number scan); target ≥ 200 KB/s: {'met' if kb / cpu >= 200 else 'NOT met'} (CPU), "
          f"{'met' if kb / took >= 200 else 'NOT met'} (wall)")


if __name__ == "__main__":
    main()
