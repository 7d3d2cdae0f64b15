"""Benchmark of the claim checker: extraction and inconsistency-detection scores, and throughput.

    PYTHONPATH=src python benchmarks/bench_check.py [--kb 1000]

Prints precision/recall of extraction (value, unit, direction and period all right) and of inconsistency
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
    a = ap.parse_args()
    sc = score_corpus()
    show("corpus", sc)
    if a.errors:
        print("\n".join("  " + e for e in sc.errors))
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
        print(f"brief    checked in {time.perf_counter() - t0:.3f} s ({len(text.encode()) / 1024:.1f} KB)")
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
    t0 = time.perf_counter()
    found = sum(1 for _ in re.finditer(r"\d+(?:[.,]\d+)*", doc))
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    r = check_text(doc)
    took = time.perf_counter() - t0
    print(f"throughput check_text {kb / took:,.0f} KB/s ({kb:,.0f} KB in {took:.2f} s, {len(r.claims)} claims, "
          f"{len(r.findings)} findings)")
    print(f"baseline   re.finditer number scan {kb / base:,.0f} KB/s ({found} numbers)")
    print(f"ratio      checker/baseline = {base / took:.4f} (the checker is {took / base:,.0f}× slower than a "
          f"bare number scan); target ≥ 200 KB/s: {'met' if kb / took >= 200 else 'NOT met'}")


if __name__ == "__main__":
    main()
