"""Scoring the checker against annotated gold claims (the corpus in tests/check_corpus and the SCEEUS brief).

Extraction: a gold claim is *found* when an extracted claim overlaps its text, and *right* when value (or
low/high for ranges and forecasts), unit, direction and period all match. Precision = right / extracted,
recall = right / gold, over ALL gold claims (a claim the parser missed counts as missed; statcheck's lesson).

Inconsistency detection: a claim is *flagged* when it is the repair target of an ``inconsistent`` finding,
or belongs to an ``inconsistent`` finding that has no repair. Gold positives are the claims marked
``inconsistent_target`` or with ``inconsistent`` among their verdicts. Missed claims are never flagged.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from . import check_text
from .model import Claim, Report


@dataclass
class Score:
    extracted: int = 0
    gold: int = 0
    right: int = 0
    found: int = 0
    flagged_tp: int = 0
    flagged_fp: int = 0
    flag_gold: int = 0
    verdict_ok: int = 0
    verdict_total: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, o: "Score") -> None:
        for k in ("extracted", "gold", "right", "found", "flagged_tp", "flagged_fp", "flag_gold", "verdict_ok",
                  "verdict_total"):
            setattr(self, k, getattr(self, k) + getattr(o, k))
        self.errors += o.errors

    @staticmethod
    def _ratio(a, b):
        return a / b if b else 1.0

    @property
    def precision(self):
        return self._ratio(self.right, self.extracted)

    @property
    def recall(self):
        return self._ratio(self.right, self.gold)

    @property
    def flag_precision(self):
        return self._ratio(self.flagged_tp, self.flagged_tp + self.flagged_fp)

    @property
    def flag_recall(self):
        return self._ratio(self.flagged_tp, self.flag_gold)


def _close(a, b, rel=1e-3) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-12)


def locate(text: str, g: dict, start: int = 0) -> tuple[int, int] | None:
    ctx = g.get("context")
    if ctx:
        i = text.find(ctx)
        if i < 0:
            return None
        j = text.find(g["text"], i)
        return (j, j + len(g["text"])) if j >= 0 else None
    j = text.find(g["text"], start)
    if j < 0:
        j = text.find(g["text"])
    return (j, j + len(g["text"])) if j >= 0 else None


def right(c: Claim, g: dict) -> list[str]:
    """What is wrong with an extracted claim against its gold claim (empty when right)."""
    bad = []
    if "low" in g and "high" in g:
        if not (_close(c.low, g["low"]) and _close(c.high, g["high"])):
            bad.append(f"range [{c.low}, {c.high}] != [{g['low']}, {g['high']}]")
    elif not _close(c.value, g.get("value")):
        bad.append(f"value {c.value} != {g.get('value')}")
    if (c.unit or None) != (g.get("unit") or None):
        bad.append(f"unit {c.unit} != {g.get('unit')}")
    if (c.direction or None) != (g.get("direction") or None):
        bad.append(f"direction {c.direction} != {g.get('direction')}")
    gp = g.get("period")
    if (c.period or None) != (str(gp) if gp is not None else None):
        bad.append(f"period {c.period} != {gp}")
    return bad


def flagged(report: Report) -> set[str]:
    out: set[str] = set()
    for f in report.findings:
        if f.verdict != "inconsistent":
            continue
        if f.repair:
            out.add(f.repair["claim"])
        else:
            out.update(f.claims)
    return out


def score_text(text: str, gold: list[dict], date: str | None = None, label: str = "") -> tuple[Score, Report]:
    report = check_text(text, date=date)
    sc = Score(extracted=len(report.claims), gold=len(gold))
    used: set[str] = set()
    flags = flagged(report)
    matched_ids: set[str] = set()
    pos = 0
    for g in gold:
        span = locate(text, g, pos)
        if span is None:
            sc.errors.append(f"{label}: gold text {g['text']!r} not in the text")
            continue
        pos = span[1]
        cands = [c for c in report.claims if c.id not in used and c.span[0] < span[1] and span[0] < c.span[1]]
        positive = bool(g.get("inconsistent_target")) or "inconsistent" in (g.get("verdicts") or [])
        sc.flag_gold += positive
        if not cands:
            sc.errors.append(f"{label}: missed {g['text']!r}")
            sc.verdict_total += len(g.get("verdicts") or [])
            continue
        c = cands[0]
        used.add(c.id)
        matched_ids.add(c.id)
        sc.found += 1
        bad = right(c, g)
        if bad:
            sc.errors.append(f"{label}: {g['text']!r}: " + "; ".join(bad))
        else:
            sc.right += 1
        if c.id in flags:
            if positive:
                sc.flagged_tp += 1
            else:
                sc.flagged_fp += 1
                sc.errors.append(f"{label}: false alarm on {g['text']!r}")
        elif positive:
            sc.errors.append(f"{label}: inconsistency missed on {g['text']!r}")
        have = report.verdicts_for(c.id)
        for v in g.get("verdicts") or []:
            sc.verdict_total += 1
            if v in have:
                sc.verdict_ok += 1
            else:
                sc.errors.append(f"{label}: {g['text']!r} expected {v}, got {sorted(have)}")
        primary = {f.verdict for f in report.findings if f.claims and f.claims[0] == c.id}
        if "tension" in primary and "tension" not in (g.get("verdicts") or []):
            sc.errors.append(f"{label}: unexpected tension on {g['text']!r}")
    for c in report.claims:
        if c.id not in matched_ids:
            sc.errors.append(f"{label}: extra claim {c.text!r} ({c.kind}, {c.value}, {c.unit})")
            if c.id in flags:
                sc.flagged_fp += 1
    return sc, report


def load_yaml(path: Path):
    import yaml
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


CORPUS_DIR = Path(__file__).resolve().parents[3] / "tests" / "check_corpus"


def score_corpus(path: Path | None = None) -> Score:
    """Score every item of the corpus YAML file(s)."""
    files = [path] if path else sorted(CORPUS_DIR.glob("corpus*.yaml"))
    total = Score()
    for f in files:
        for item in load_yaml(f)["items"]:
            sc, _ = score_text(item["text"], item.get("claims") or [], item.get("date"), label=item["id"])
            total.add(sc)
    return total


def score_brief(brief: Path, gold: Path) -> tuple[Score, Report]:
    g = load_yaml(gold)
    return score_text(brief.read_text(encoding="utf-8"), g["claims"], None, label="brief")
