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


# =========================================================================== held-out corpus (HELDOUT_FORMAT)
#: relative tolerance on values (the agreed 0.5%)
VALUE_TOL = 0.005
_MULTIPLIER = ("fold", "times", "mal", "fache", "раз", "doubled", "tripled", "trebled", "quadrupled", "halved", "удво",
               "утро", "вдвічі", "втричі", "verdoppelt", "verdreifacht", "halbiert")


_MEASURES = {"tonnes", "barrels", "km", "cubic metres", "kwh"}


def as_gold_form(c: Claim) -> dict:
    """An extracted claim in the held-out corpus's conventions: multipliers ("3.2 times", "quadrupled") are a
    change in `ratio` (new = value × old); bounds keep only their closed end; subject as a mapping."""
    from .numbers import HEDGES
    value, low, high, unit, kind = c.value, c.low, c.high, c.unit, c.kind
    low = None if low is None or not math.isfinite(low) else low
    high = None if high is None or not math.isfinite(high) else high
    if kind == "change" and unit == "pct" and (c.__dict__.get("ratio") or any(w in c.text.lower() for w in _MULTIPLIER)):
        unit = "ratio"
        value = None if value is None else round(1 + value / 100, 6)
        low = high = None
    mode = HEDGES.get((c.hedge or "").lower(), ("", 0))[0]
    if kind != "range" and mode in ("min", "max"):
        # (a hedged multiplier, "mehr als verdoppelt", keeps its ratio: value is already converted)
        low, high, value = (value, None, None) if mode == "min" else (None, value, None)
    elif kind != "range" and mode in ("below", "above"):
        # "nearly $2.5 billion", "knapp über 23 Mrd.": the number as written, and the side the true value lies on
        # (the format allows either reading: a value, or an open bound)
        low, high = (None, value) if mode == "below" else (value, None)
    elif kind != "range":
        low = high = None
    # the format's kinds (HELDOUT_FORMAT.md): a percentage that is not a change or a range is a share ("7.2% of
    # turnover", "Russia (15.1%)"; the format has no percent level), a percentage-point figure is a change, and a
    # measured amount (tonnes, barrels, km) is a level; only counted things (persons, trucks) are counts
    if unit == "pct" and kind == "level":
        kind = "share"
    elif unit == "pp" and kind in ("level", "share"):
        kind = "change"
    elif kind == "count" and unit in _MEASURES:
        kind = "level"
    ind = c.indicator or "other"
    return {"value": value, "low": low, "high": high, "unit": unit, "kind": kind, "period": c.period,
            "subject": {"indicator": ind, "reporter": c.reporter, "partner": c.partner}}


def _near(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return abs(a - b) <= VALUE_TOL * max(abs(a), abs(b), 1e-12)


def value_right(x: dict, g: dict) -> bool:
    if g.get("value") is not None:
        return _near(x.get("value"), g["value"]) or (
            g.get("low") is not None and _near(x.get("low"), g["low"]) and _near(x.get("high"), g.get("high")))
    return _near(x.get("low"), g.get("low")) and _near(x.get("high"), g.get("high"))


def _canon_period(p) -> str | None:
    from dyadwatch.periods import canonical
    return None if p is None else (canonical(str(p)) or str(p))


def subject_right(x: dict, g: dict) -> bool:
    gs, xs = g.get("subject") or {}, x["subject"]
    gi = gs.get("indicator") or "other"
    if gi != xs["indicator"]:
        return False
    if gi == "turnover":
        want = {v for v in (gs.get("reporter"), gs.get("partner")) if v}
        return want <= {xs["reporter"], xs["partner"]}
    return all(gs.get(k) in (None, xs[k]) for k in ("reporter", "partner"))


def has_trade_subject(g: dict) -> bool:
    return ((g.get("subject") or {}).get("indicator") or "other") != "other"


@dataclass
class HeldoutScore:
    docs: int = 0
    gold: int = 0
    extracted: int = 0
    matched: int = 0
    value_right: int = 0
    unit_kind: int = 0
    unit_kind_period: int = 0
    subject_gold: int = 0
    subject_right: int = 0
    not_claims_extracted: int = 0
    correct_docs: int = 0
    false_alarms: int = 0                 # INCONSISTENT/CONTRADICTED findings on correct documents
    errors_gold: int = 0
    errors_found: int = 0
    crashes: int = 0
    notes: list[str] = field(default_factory=list)
    #: one record per wrong gold claim or extra claim: (language, error class, document id, text, gold, ours)
    diagnosis: list[tuple] = field(default_factory=list)

    def add(self, o: "HeldoutScore") -> None:
        for k, v in vars(o).items():
            if isinstance(v, int):
                setattr(self, k, getattr(self, k) + v)
        self.notes += o.notes
        self.diagnosis += o.diagnosis

    @staticmethod
    def _r(a, b):
        return a / b if b else float("nan")

    @property
    def recall(self):
        return self._r(self.value_right, self.gold)

    @property
    def precision(self):
        return self._r(self.value_right, self.extracted)

    def figures(self) -> dict:
        r = self._r
        return {"documents": self.docs, "gold claims": self.gold, "extracted": self.extracted,
                "recall": r(self.value_right, self.gold), "precision": r(self.value_right, self.extracted),
                "unit+kind": r(self.unit_kind, self.gold), "unit+kind+period": r(self.unit_kind_period, self.gold),
                "subject": r(self.subject_right, self.subject_gold), "subject claims": self.subject_gold,
                "not-claims extracted": self.not_claims_extracted, "correct documents": self.correct_docs,
                "false alarms on correct documents": self.false_alarms, "errors": self.errors_gold,
                "errors found": r(self.errors_found, self.errors_gold), "crashes": self.crashes}


def _spans(text: str, items: list, key=lambda g: g["text"]) -> list[tuple[int, int] | None]:
    """Where each item's text is, in order; any run of white space matches any other (a YAML block may break a
    claim across lines)."""
    import re
    out, pos = [], 0
    for g in items:
        t = str(key(g)).strip()
        rx = re.compile(r"\s+".join(re.escape(w) for w in t.split()))
        m = rx.search(text, pos) or rx.search(text)
        out.append((m.start(), m.end()) if m else None)
        if m:
            pos = m.end()
    return out


def _gold_brief(g: dict) -> str:
    return (f"{g.get('value')} [{g.get('low')}, {g.get('high')}] {g.get('unit')} {g.get('kind')} "
            f"{g.get('period')}")


def _subj(s: dict) -> str:
    return f"{s.get('indicator') or 'other'} {s.get('reporter')}→{s.get('partner')}"


def _classes(f: dict, g: dict, ok_value: bool, per: bool) -> list[tuple[str, str, str]]:
    """The error classes of one matched claim, each with the gold and our reading."""
    out = []
    if not ok_value:
        out.append(("value wrong", f"{g.get('value')} [{g.get('low')}, {g.get('high')}]",
                    f"{f['value']} [{f['low']}, {f['high']}]"))
    if (f["unit"] or None) != (g.get("unit") or None):
        out.append(("unit wrong", str(g.get("unit")), str(f["unit"])))
    if f["kind"] != g.get("kind"):
        out.append(("kind wrong", str(g.get("kind")), str(f["kind"])))
    if not per:
        out.append(("period wrong", str(g.get("period")), str(f["period"])))
    if has_trade_subject(g) and not subject_right(f, g):
        out.append(("subject wrong", _subj(g.get("subject") or {}), _subj(f["subject"])))
    return out


def score_heldout_doc(doc: dict) -> HeldoutScore:
    """Score one document of the held-out format (see /work/wt/HELDOUT_FORMAT.md, agreed with its author)."""
    sc = HeldoutScore(docs=1)
    label = doc.get("id", "?")
    lang = doc.get("lang", "?")
    text = doc["text"]
    gold = doc.get("claims") or []
    sc.gold = len(gold)
    date = doc.get("date")
    try:
        report = check_text(text, date=str(date) if date else None)
    except Exception as exc:                      # noqa: BLE001 — a crash is a scored outcome, not an abort
        sc.crashes = 1
        sc.notes.append(f"{label}: CRASH {type(exc).__name__}: {exc}")
        sc.errors_gold = len(doc.get("errors") or [])
        sc.correct_docs = doc.get("status") == "correct"
        return sc
    claims = report.claims
    sc.extracted = len(claims)
    gold_spans = _spans(text, gold)
    used: set[str] = set()
    gold_to_claim: dict[int, str] = {}
    for gi, (g, span) in enumerate(zip(gold, gold_spans)):
        if has_trade_subject(g):
            sc.subject_gold += 1
        if span is None:
            sc.notes.append(f"{label}: gold text {g['text']!r} not found in the text")
            continue
        cands = [c for c in claims if c.id not in used and c.span[0] < span[1] and span[0] < c.span[1]]
        if not cands:
            sc.notes.append(f"{label}: missed {g['text']!r}")
            sc.diagnosis.append((lang, "missed", label, g["text"], _gold_brief(g), None))
            continue
        x = None
        for c in cands:                            # prefer the overlapping claim whose value is right
            if value_right(as_gold_form(c), g):
                x = c
                break
        c = x or cands[0]
        used.add(c.id)
        gold_to_claim[gi] = c.id
        sc.matched += 1
        f = as_gold_form(c)
        ok_value = value_right(f, g)
        sc.value_right += ok_value
        uk = (f["unit"] or None) == (g.get("unit") or None) and f["kind"] == g.get("kind")
        sc.unit_kind += uk
        per = _canon_period(f["period"]) == _canon_period(g.get("period"))
        sc.unit_kind_period += uk and per
        if has_trade_subject(g):
            sc.subject_right += subject_right(f, g)
        bad = [w for w, ok in (("value", ok_value), ("unit/kind", uk), ("period", per)) if not ok]
        if has_trade_subject(g) and not subject_right(f, g):
            bad.append("subject")
        for cls, gv, xv in _classes(f, g, ok_value, per):
            sc.diagnosis.append((lang, cls, label, g["text"], gv, xv))
        if bad:
            sc.notes.append(f"{label}: {g['text']!r} wrong {', '.join(bad)}: got {f['value']} [{f['low']}, "
                            f"{f['high']}] {f['unit']} {f['kind']} {f['period']} {f['subject']}; gold "
                            f"{g.get('value')} [{g.get('low')}, {g.get('high')}] {g.get('unit')} {g.get('kind')} "
                            f"{g.get('period')} {g.get('subject')}")
    gold_ids = set(gold_to_claim.values())
    nc_spans = [s for s in _spans(text, doc.get("not_claims") or [], key=str) if s]
    for c in claims:
        if c.id in gold_ids:
            continue
        if any(c.span[0] < b and a < c.span[1] for a, b in nc_spans):
            sc.not_claims_extracted += 1
            sc.notes.append(f"{label}: a not-claim was extracted: {c.text!r}")
            sc.diagnosis.append((lang, "spurious", label, c.text, "not a claim", f"{c.kind} {c.value} {c.unit}"))
        else:
            sc.notes.append(f"{label}: extra claim {c.text!r} ({c.kind}, {c.value}, {c.unit})")
            sc.diagnosis.append((lang, "spurious", label, c.text, None, f"{c.kind} {c.value} {c.unit}"))
    alarms = [f for f in report.findings if f.verdict in ("inconsistent", "contradicted")]
    if doc.get("status") == "correct":
        sc.correct_docs = 1
        sc.false_alarms = len(alarms)
        for f in alarms:
            sc.notes.append(f"{label}: FALSE ALARM {f.verdict}: {f.explanation[:200]}")
    by_text = {g["text"]: gold_to_claim.get(i) for i, g in enumerate(gold)}
    for err in doc.get("errors") or []:
        sc.errors_gold += 1
        ids = {by_text.get(t) for t in err.get("claims") or []} - {None}
        target = by_text.get(err["target"]) if err.get("target") else None
        found = any(f.verdict == "inconsistent" and ids & set(f.claims) and
                    (not err.get("target") or target in f.claims) for f in report.findings)
        sc.errors_found += found
        if not found:
            sc.notes.append(f"{label}: error not found: {err.get('what')} ({err.get('claims')})")
    return sc


def corpus_documents(directory: Path):
    """Every document of every ``*.yaml`` file in a held-out corpus directory, in file order."""
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        raise FileNotFoundError(f"no *.yaml files in {directory}")
    for f in files:
        yield from load_yaml(f).get("documents") or []


def score_heldout(directory: Path) -> HeldoutScore:
    """Score every document of every ``*.yaml`` file in a held-out corpus directory."""
    total = HeldoutScore()
    for doc in corpus_documents(directory):
        total.add(score_heldout_doc(doc))
    return total
