"""Benchmark of the claim checker: extraction and inconsistency-detection scores, and throughput.

    PYTHONPATH=src python benchmarks/bench_check.py [--errors] [--sizes 100,1000,5000] [--repeat 2] [--no-speed]
    PYTHONPATH=src python benchmarks/bench_check.py --heldout tests/check_heldout   # the held-out corpus only

Prints, per corpus file and in total, precision/recall of extraction (value, unit, direction and period all right) and of inconsistency
detection over ALL annotated claims (a claim the parser missed counts as missed), for the corpus in
tests/check_corpus and for the SCEEUS brief when ../shared/briefs is present; then a speed table: ``check_text``
at 100 KB, 1 MB and 5 MB on dense corpus prose, the brief repeated, and pathological inputs (lists of numbers,
one endless sentence), against a baseline measured in the same run and interleaved with it (a bare regex
number scan over the same text), minimum over rounds.
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
from dyadwatch.check.evaluate import (CORPUS_DIR, load_yaml, score_brief, score_corpus,  # noqa: E402
                                      score_heldout)


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


TARGETS = {"unit+kind": 0.90, "unit+kind+period": 0.80, "recall": 0.95, "precision": 0.95, "errors found": 0.90}


def diagnose(sc) -> None:
    """Every wrong gold claim by error class and language: counts, then the list (gold vs ours)."""
    from collections import Counter
    counts = Counter((cls, lang) for lang, cls, *_ in sc.diagnosis)
    langs = sorted({lang for lang, *_ in sc.diagnosis})
    classes = ["missed", "spurious", "value wrong", "unit wrong", "kind wrong", "period wrong", "subject wrong"]
    print(f"\n  {'error class':16}" + "".join(f"{lang:>6}" for lang in langs) + f"{'all':>6}")
    for cls in classes:
        row = [counts[(cls, lang)] for lang in langs]
        print(f"  {cls:16}" + "".join(f"{n:>6}" for n in row) + f"{sum(row):>6}")
    for cls in classes:
        items = [d for d in sc.diagnosis if d[1] == cls]
        if not items:
            continue
        print(f"\n  == {cls} ({len(items)})")
        for lang, _, doc, text, gold, ours in sorted(items, key=lambda d: (d[0], d[2])):
            print(f"  {lang} {doc:10} {text!r:32} gold {gold}  ours {ours}")


def show_heldout(directory, errors: bool, title: str | None = None, diag: bool = False) -> None:
    sc = score_heldout(Path(directory))
    print(title or f"held-out corpus {directory}")
    for k, v in sc.figures().items():
        target = TARGETS.get(k)
        if k == "false alarms on correct documents":
            target_txt = f"   target 0: {'met' if v == 0 else 'NOT met'}"
        elif k == "crashes":
            target_txt = f"   target 0: {'met' if v == 0 else 'NOT met'}"
        elif target is not None:
            target_txt = f"   target ≥ {target:.2f}: {'met' if v >= target else 'NOT met'}"
        else:
            target_txt = ""
        print(f"  {k:36} {v:.3f}{target_txt}" if isinstance(v, float) else f"  {k:36} {v}{target_txt}")
    if errors:
        print("\n".join("  " + n for n in sc.notes))
    if diag:
        diagnose(sc)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=lambda v: [int(x) for x in v.split(",")], default=[100, 1000, 5000],
                    help="document sizes in KB for the speed table (default 100,1000,5000)")
    ap.add_argument("--no-speed", action="store_true", help="skip the speed table")
    ap.add_argument("--heldout", metavar="DIR", help="score only a corpus in the held-out format (*.yaml in DIR)")
    ap.add_argument("--errors", action="store_true", help="list every scoring error")
    ap.add_argument("--diagnose", action="store_true",
                    help="with --heldout: every wrong gold claim by error class and language (gold vs ours)")
    ap.add_argument("--repeat", type=int, default=2, help="timing rounds; the minimum is reported (default 2)")
    a = ap.parse_args()
    if a.heldout:
        show_heldout(a.heldout, a.errors, diag=a.diagnose)
        return
    kinds = CORPUS_DIR / "kinds"
    if kinds.is_dir():
        show_heldout(kinds, a.errors, title="tuning set in the held-out format (tests/check_corpus/kinds)")
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
    if not a.no_speed:
        speed(a, b)


NUMBER_SCAN = re.compile(r"\d+(?:[.,]\d+)*")


def _docs(kb: int, briefs: Path | None) -> dict[str, str]:
    """The documents timed at each size: dense corpus prose, an ordinary brief, and pathological inputs."""
    n = kb * 1024
    sentences = [i["text"] for i in load_yaml(CORPUS_DIR / "corpus.yaml")["items"]]
    paras, size, k = [], 0, 0
    while size < n:
        s = " ".join(sentences[(k + j) % len(sentences)] for j in range(3))
        paras.append(s)
        size += len(s.encode()) + 2
        k += 3
    out = {"corpus prose (dense)": "\n\n".join(paras)}
    if briefs:
        brief = (briefs / "sceeus-2024-05-16-ukraine-belarus.txt").read_text(encoding="utf-8")
        out["SCEEUS brief repeated"] = (brief + "\n\n") * max(1, n // (len(brief.encode()) + 2))
    for name, unit in (("'1,1,1,…'", "1,"), ("'1, 2, 3, …'", "1, 2, "), ("'1.5%, 1.5%, …'", "1.5%, "),
                       ("one endless sentence", "Belarus's exports to Ukraine rose 12% to $5.4 billion in 2021 and ")):
        out[name] = unit * (n // len(unit.encode()))
    return out


def speed(a, briefs: Path | None) -> None:
    """check_text against a bare regex number scan over the same text, interleaved, minimum of --repeat rounds."""
    print(f"\nspeed (minimum of {a.repeat} rounds, checker and baseline interleaved; CPU seconds of this process)")
    print(f"{'size':>7}  {'document':24} {'check CPU':>10} {'wall':>8} {'KB/s':>8} {'scan CPU':>9} {'ratio':>7}"
          f" {'claims':>8}  CPU < 10 s")
    for kb in a.sizes:
        for name, doc in _docs(kb, briefs).items():
            base = took = cpu = float("inf")
            n_claims = 0
            for _ in range(a.repeat):
                c0 = time.process_time()
                sum(1 for _ in NUMBER_SCAN.finditer(doc))
                base = min(base, time.process_time() - c0)
                t0, c0 = time.perf_counter(), time.process_time()
                r = check_text(doc)
                took, cpu = min(took, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
                n_claims = len(r.claims)
            size = len(doc.encode()) / 1024
            print(f"{size:>6,.0f}K  {name:24} {cpu:>9.2f}s {took:>7.2f}s {size / cpu:>8,.0f} {base:>8.3f}s "
                  f"{cpu / max(base, 1e-6):>6,.0f}× {n_claims:>8}  {'yes' if cpu < 10 else 'NO'}", flush=True)

if __name__ == "__main__":
    main()
