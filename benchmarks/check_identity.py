"""Byte-identity check for speed-only changes to the claim checker.

    PYTHONPATH=src python benchmarks/check_identity.py --save /tmp/me/base.jsonl    # before a change
    PYTHONPATH=src python benchmarks/check_identity.py --compare /tmp/me/base.jsonl # after: exit 1 on any difference

Runs ``check_text`` on every document of the tuning corpus (tests/check_corpus, its ``kinds`` directory), of the
held-out corpora tests/check_heldout .. check_heldout6 (named one by one: a newer, blind corpus is never read),
on the SCEEUS brief (when ../shared/briefs is present) and on the six speed documents of ``bench_check.py`` at
100 KB, and writes one line per document: its key and the report's JSON (``dyadwatch check --json``) followed
by every internal field of every claim (direction, indicator, reporter, base period, sureness ...), so that a
change the JSON contract does not show is still caught. Runs with PYTHONHASHSEED=0 (re-executes itself).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ["check_heldout", "check_heldout2", "check_heldout3", "check_heldout4", "check_heldout5",
           "check_heldout6"]


def documents():
    """(key, text, date) of every document, in a fixed order."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_check import _briefs, _docs
    from dyadwatch.check.evaluate import CORPUS_DIR, corpus_documents, load_yaml

    for f in sorted(CORPUS_DIR.glob("corpus*.yaml")):
        for item in load_yaml(f)["items"]:
            yield f"{f.name}:{item['id']}", item["text"], item.get("date")
    dirs = [CORPUS_DIR / "kinds"] + [ROOT / "tests" / d for d in HELDOUT]
    for d in dirs:
        for i, doc in enumerate(corpus_documents(d)):
            date = doc.get("date")
            yield f"{d.name}:{i}:{doc.get('id', '?')}", doc["text"], str(date) if date else None
    b = _briefs()
    if b:
        yield "brief", (b / "sceeus-2024-05-16-ukraine-belarus.txt").read_text(encoding="utf-8"), None
    for name, text in _docs(100, b).items():
        yield f"speed100:{name}", text, None


def dump(text: str, date: str | None) -> str:
    from dyadwatch.check import check_text
    r = check_text(text, date=date)
    internal = [{k: v for k, v in dataclasses.asdict(c).items()} for c in r.claims]
    return json.dumps({"report": r.as_json(), "claims": internal}, ensure_ascii=False, sort_keys=True,
                      default=repr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--save", metavar="FILE", help="write the dump of every document to FILE")
    g.add_argument("--compare", metavar="FILE", help="compare with a saved dump; exit 1 on any difference")
    ap.add_argument("--only", metavar="PREFIX", help="only documents whose key starts with PREFIX")
    a = ap.parse_args()
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])
    t0 = time.process_time()
    lines = {}
    for key, text, date in documents():
        if a.only and not key.startswith(a.only):
            continue
        try:
            lines[key] = dump(text, date)
        except Exception as exc:                    # noqa: BLE001 — a crash is an outcome to compare too
            lines[key] = f"CRASH {type(exc).__name__}: {exc}"
    cpu = time.process_time() - t0
    if a.save:
        Path(a.save).parent.mkdir(parents=True, exist_ok=True)
        with open(a.save, "w", encoding="utf-8") as fh:
            for k, v in lines.items():
                fh.write(json.dumps(k, ensure_ascii=False) + "\t" + v + "\n")
        print(f"saved {len(lines)} documents to {a.save} ({cpu:.1f} s CPU)")
        return 0
    base = {}
    with open(a.compare, encoding="utf-8") as fh:
        for line in fh:
            k, v = line.rstrip("\n").split("\t", 1)
            base[json.loads(k)] = v
    if a.only:
        base = {k: v for k, v in base.items() if k.startswith(a.only)}
    bad = [k for k in sorted(set(base) | set(lines)) if base.get(k) != lines.get(k)]
    n_claims = sum(len(json.loads(v)["claims"]) for v in lines.values() if not v.startswith("CRASH"))
    for k in bad[:20]:
        print(f"DIFFERENT: {k}")
        x, y = base.get(k, ""), lines.get(k, "")
        i = next((j for j in range(min(len(x), len(y))) if x[j] != y[j]), min(len(x), len(y)))
        print(f"  baseline: ...{x[max(0, i - 150):i + 150]}")
        print(f"  now:      ...{y[max(0, i - 150):i + 150]}")
    print(f"{len(lines)} documents, {n_claims} claims, {len(bad)} different ({cpu:.1f} s CPU)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
