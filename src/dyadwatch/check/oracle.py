"""Oracle evaluation: the consistency engine fed the GOLD claims of a corpus in the held-out format.

Real extraction mixes two kinds of mistake: reading a figure wrongly (value, unit, kind, subject, period) and
reasoning wrongly about figures read rightly. The oracle removes the first kind: every gold claim of a
document (value or low/high, unit, kind, subject, period; see /work/wt/HELDOUT_FORMAT.md) becomes a claim
whose subject and period count as established, the changes are linked to their levels from meaning alone
(:func:`frames.relink`), and :func:`consistency.check` runs on them. What it still misses, or still flags in
a correct text, is a fault of the frames and verdicts, not of the extractor.

    PYTHONPATH=src python -m dyadwatch.check.oracle tests/check_heldout2 [--errors]

The interval of a gold figure is the one its written form gives (half a unit in the last digit, widened by a
hedge written before it, the same rules as extraction: :func:`numbers.interval`); bounds and ranges keep the
gold low/high. Where the extractor read the figure's value right, its interval (and hedge) is reused.
"""
from __future__ import annotations

import argparse
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import periods as P
from .links import relink
from .model import Claim, Finding
from .numbers import HEDGE_RE, HEDGES, interval, parse_number

_NUM = re.compile(r"\d+(?:[ \u00a0.,]\d+)*")
_HEDGE_END = re.compile(r"(?:" + HEDGE_RE + r")\s*$", re.IGNORECASE)


def _half_unit(text: str, value: float) -> float:
    """Half a unit in the last written digit of ``text``, in the unit of ``value`` (0.5% of it when the
    figure is written in words)."""
    m = _NUM.search(text)
    if not m or not value:
        return abs(value) * 0.005
    best = None
    for comma in (False, True):
        p = parse_number(m.group(0), decimal_comma=comma)
        if p is None or not p.value:
            continue
        scale = abs(value) / abs(p.value)
        k = math.log10(scale) if scale > 0 else 0.5
        if abs(k - round(k)) < 1e-6:             # the gold value is the written number times a power of ten
            cand = p.half_unit * scale
            best = cand if best is None else min(best, cand)
    return best if best is not None else abs(value) * 0.005


def _hedge(text: str, span: tuple[int, int], gtext: str) -> str | None:
    m = re.match(r"\s*(" + HEDGE_RE + r")\b", gtext, re.IGNORECASE)
    if m:
        return m.group(1)
    m = _HEDGE_END.search(text, max(0, span[0] - 25), span[0])
    return m.group(0).strip() if m else None


def _subject_text(ind, rep, par) -> str | None:
    from .extract import _subject_text as st        # the extractor's wording of a subject
    return st(ind, rep, par) if ind and ind != "other" else None


def gold_claim(i: int, g: dict, span: tuple[int, int], text: str, sent: tuple[int, int],
               seen: Claim | None) -> Claim:
    """One gold claim as a checker claim, its subject and period established."""
    from .evaluate import as_gold_form, value_right
    subj = g.get("subject") or {}
    ind = subj.get("indicator") or None
    ind = None if ind == "other" else ind
    rep, par = subj.get("reporter"), subj.get("partner")
    kind, unit = g.get("kind"), g.get("unit")
    value, low, high = g.get("value"), g.get("low"), g.get("high")
    hedge = _hedge(text, span, g["text"])
    ratio = unit == "ratio"
    if ratio:                                   # "rose 3.2 times": a change of +220%
        unit = "pct"
    if kind == "balance":
        ind = "balance"
    if value is None:                           # a bound or a range: the gold ends
        lo = -math.inf if low is None else float(low)
        hi = math.inf if high is None else float(high)
        if ratio:
            lo, hi = (lo - 1) * 100, (hi - 1) * 100
        value = lo if math.isfinite(lo) else hi
    else:
        value = float(value)
        if seen is not None and value_right(as_gold_form(seen), g) and seen.value and not ratio:
            f = value / seen.value
            lo, hi = sorted(((seen.low if seen.low is not None else seen.value) * f,
                             (seen.high if seen.high is not None else seen.value) * f))
            hedge = seen.hedge or hedge
        else:
            half = _half_unit(g["text"], value)
            mode = HEDGES.get((hedge or "").lower(), ("", 0))[0]
            lo, hi = interval(abs(value), half, hedge if mode else None)
            if value < 0:
                lo, hi = -hi, -lo
        if ratio:
            lo, hi, value = (lo - 1) * 100, (hi - 1) * 100, (value - 1) * 100
    c = Claim(id=f"G{i + 1}", text=text[span[0]:span[1]], span=span, kind=kind, value=value, low=lo, high=hi,
              unit=unit, period=P.fmt(P.parse(str(g["period"]))) if g.get("period") else None,
              subject=_subject_text(ind, rep, par), hedge=hedge, indicator=ind, reporter=rep, partner=par,
              sentence=sent, period_sure=True, subject_sure=True, subject_named=True)
    c.__dict__["own_period"] = c.period is not None     # a gold period is established, never carried
    if kind == "change":
        c.direction = "up" if value > 0 else "down"
        if ratio:
            c.__dict__["ratio"] = True
        if seen is not None and seen.period == c.period and seen.base_period:
            c.base_period = seen.base_period
    if seen is not None:
        c.number_text, c.scale_text = seen.number_text, seen.scale_text
    return c


def gold_claims(doc: dict) -> tuple[list[Claim], dict[str, str]]:
    """The gold claims of a held-out document as checker claims (text order), and gold text → claim id."""
    from . import check_text
    from .evaluate import _spans
    from .extract import sentences
    text = doc["text"]
    gold = doc.get("claims") or []
    try:
        seen = check_text(text, date=str(doc["date"]) if doc.get("date") else None).claims
    except Exception:                           # noqa: BLE001 — the oracle does not need the extractor
        seen = []
    sents = [(s, e) for s, e, _ in sentences(text)]
    out, by_text = [], {}
    for i, (g, span) in enumerate(zip(gold, _spans(text, gold))):
        if span is None:
            continue
        sent = next(((s, e) for s, e in sents if s <= span[0] < e), (0, len(text)))
        match = next((x for x in seen if x.span[0] < span[1] and span[0] < x.span[1]), None)
        c = gold_claim(i, g, span, text, sent, match)
        if c.kind == "change" and c.period and not c.base_period:
            c.base_period = _stated_base(text, sent, c, doc.get("date"))
        out.append(c)
        by_text[g["text"]] = c.id
    out.sort(key=lambda c: c.span[0])
    relink(out, text)
    return out, by_text


def _stated_base(text: str, sent: tuple[int, int], c: Claim, date) -> str | None:
    """The base period a sentence states for a change ("than in 2020", "the same period of 2022"), nearest
    to it; None when the sentence states none."""
    cur = P.parse(c.period)
    bases = [m for m in P.find_periods(text, sent[0], sent[1], str(date) if date else None) if m.base]
    if not bases or not cur:
        return None
    m = min(bases, key=lambda m: abs(m.start - c.span[0]))
    return P.fmt(P.resolve(m, P.year_of(cur), cur))


@dataclass
class OracleScore:
    docs: int = 0
    correct_docs: int = 0
    false_alarms: int = 0
    alarmed_docs: int = 0
    errors_gold: int = 0
    errors_found: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, o: "OracleScore") -> None:
        for k, v in vars(o).items():
            if isinstance(v, int):
                setattr(self, k, getattr(self, k) + v)
        self.notes += o.notes


def found(err: dict, by_text: dict, findings: list[Finding]) -> bool:
    """The scorer's rule (evaluate.score_heldout_doc): an INCONSISTENT finding names one of the error's
    claims, and its target when the error has one."""
    ids = {by_text.get(t) for t in err.get("claims") or []} - {None}
    target = by_text.get(err["target"]) if err.get("target") else None
    return any(f.verdict == "inconsistent" and ids & set(f.claims) and (not err.get("target") or target in f.claims)
               for f in findings)


def score_doc(doc: dict) -> OracleScore:
    from .consistency import check
    sc = OracleScore(docs=1)
    label = doc.get("id", "?")
    claims, by_text = gold_claims(doc)
    findings = check(claims, str(doc["date"]) if doc.get("date") else None, doc["text"])
    alarms = [f for f in findings if f.verdict in ("inconsistent", "contradicted")]
    if doc.get("status") == "correct":
        sc.correct_docs = 1
        sc.false_alarms = len(alarms)
        sc.alarmed_docs = int(bool(alarms))
        txt = {c.id: c.text for c in claims}
        for f in alarms:
            sc.notes.append(f"{label}: FALSE ALARM {[txt[i] for i in f.claims if i in txt]}: {f.explanation[:240]}")
    for err in doc.get("errors") or []:
        sc.errors_gold += 1
        ok = found(err, by_text, findings)
        sc.errors_found += ok
        if not ok:
            sc.notes.append(f"{label}: error not found: {err.get('what')} ({err.get('claims')})")
    return sc


def score_oracle(directory: Path) -> OracleScore:
    from .evaluate import corpus_documents
    total = OracleScore()
    for doc in corpus_documents(directory):
        total.add(score_doc(doc))
    return total


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="the consistency engine on gold claims (perfect extraction)")
    ap.add_argument("dirs", nargs="+", help="corpus directories in the held-out format")
    ap.add_argument("--errors", action="store_true", help="list every false alarm and missed error")
    a = ap.parse_args(argv)
    for d in a.dirs:
        sc = score_oracle(Path(d))
        print(f"oracle (gold claims) {d}: {sc.docs} documents; false alarms on correct documents "
              f"{sc.false_alarms} (in {sc.alarmed_docs} of {sc.correct_docs}); errors found {sc.errors_found} of "
              f"{sc.errors_gold}")
        if a.errors:
            print("\n".join("  " + n for n in sc.notes))


if __name__ == "__main__":
    main()
