"""Key judgements: the first section of the report, generated from the store by rules in YAML per dyad.

The rules live in ``dyadwatch/data/judgements/<a>_<b>.yaml`` (one file per dyad; the file's header explains
the rule kinds). Each judgement gets:

* a **likelihood** term of the ICD 203 scale (:data:`ICD_203`). For a ``warning`` rule the term is mapped
  from the warning model's probability for the target; otherwise the rule's matching branch names the term
  (an analyst's rule, and the report says so). When the model's probability rests on its prior alone (no
  current evidence), the judgement says so.
* a **confidence** level (low, moderate or high) computed from the evidence the rule read, by
  :func:`confidence` (quantity: distinct sources; quality: distinct publishers, i.e. independent
  corroboration; recency: age of the newest item on the report date).
* **footnotes** to its evidence (``ctx.cite``).

Each report run records its judgements in the store (table ``assessment_judgements``), and the next report
says what changed since the latest earlier assessment of the dyad (as of the same date or before).
"""
from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from dyadwatch.report.api import Block, ReportContext
from dyadwatch.report.known import known_events, known_observations, known_trade, source_known  # noqa: F401

# ICD 203 (US Office of the Director of National Intelligence, Intelligence Community Directive 203,
# "Analytic Standards", 2015): the seven likelihood terms and their probability ranges (percent).
ICD_203: list[tuple[str, int, int]] = [
    ("almost no chance", 1, 5),
    ("very unlikely", 5, 20),
    ("unlikely", 20, 45),
    ("roughly even chance", 45, 55),
    ("likely", 55, 80),
    ("very likely", 80, 95),
    ("almost certain", 95, 99),
]
TERMS = {t: (lo, hi) for t, lo, hi in ICD_203}
CONFIDENCE = ("low", "moderate", "high")
KINDS = ("warning", "observation", "trade", "events")
STALE_DAYS = 365      # newest evidence older than this: no recency point
TOO_OLD_DAYS = 730    # newest evidence older than this: low confidence whatever else holds


def likelihood_term(p: float) -> str:
    """The ICD 203 term whose range holds probability p (0–1); the boundaries go to the less extreme term."""
    pct = round(100 * p, 6)
    if pct < 5:
        return "almost no chance"
    if pct < 20:
        return "very unlikely"
    if pct < 45:
        return "unlikely"
    if pct <= 55:
        return "roughly even chance"
    if pct <= 80:
        return "likely"
    if pct <= 95:
        return "very likely"
    return "almost certain"


def band(term: str) -> str:
    lo, hi = TERMS[term]
    return f"{lo}–{hi}%"


def is_likelihood(term: str) -> str:
    """The term as a predicate: 'is very unlikely', 'has almost no chance', 'has a roughly even chance'."""
    if term == "almost no chance":
        return "has almost no chance"
    if term == "roughly even chance":
        return "has a roughly even chance"
    return f"is {term}"


@dataclass
class Judgement:
    id: str
    statement: str
    likelihood: str
    basis: str                      # "model" (from a probability) or "rule" (the branch's term)
    evidence: list[tuple[str, str | None]] = field(default_factory=list)   # (source id, date YYYY-MM-DD)
    probability: float | None = None
    prior_only: bool = False
    confidence: str = "low"
    confidence_reason: str = ""
    notes: list[str] = field(default_factory=list)
    change: str | None = None       # what changed since the earlier assessment


# --- rules ----------------------------------------------------------------------------------------------
def rules_for(dyad) -> dict | None:
    """The judgement rules for the dyad (either order of the pair), or None when none ship."""
    from dyadwatch.report.rule_models import JudgementsFile, bundled_for

    return bundled_for(dyad, "judgements", JudgementsFile, "judgements")


def validate(doc: dict, where: str) -> None:
    """Check a parsed rules file (dyadwatch.report.rule_models.JudgementsFile); every problem at once (ModelError)."""
    from dyadwatch.report.rule_models import JudgementsFile, check

    check(JudgementsFile, doc, where, "judgements")


def _branch(rule: dict, value: float) -> dict:
    for b in rule["branches"]:
        w = b.get("when") or {}
        if ("min" in w and value < w["min"]) or ("max" in w and value > w["max"]):
            continue
        return b
    return rule["branches"][-1]


def _fill(text: str, **values: Any) -> str:
    class Missing(dict):
        def __missing__(self, key):
            return "–"
    return " ".join(str(text).split()).format_map(Missing(values))


def _num(v: float) -> str:
    return f"{v:,.0f}"


def _signed_pct(v: float) -> str:
    r = round(v, 1)
    if r == 0:
        return "0.0%"
    return f"{'+' if r > 0 else '−'}{abs(r):.1f}%"


# --- evaluating each rule kind --------------------------------------------------------------------------
def _warning(ctx: ReportContext, rule: dict) -> Judgement | None:
    from dyadwatch.warning.card import load_card
    from dyadwatch.warning.model import forecast

    card = load_card(ctx.dyad.label)
    if card.source_ids() - set(ctx.sources):
        return None   # the warning block says why; without its data there is no probability to report
    f = forecast(ctx.store, card.dyad, rule["target"], int(rule.get("horizon", 90)), ctx.as_of, card=card,
                 with_moves=False)
    live = [c for c in f["contributions"] if abs(c.get("weighted") or 0) > 1e-9]
    prior_only = bool(f.get("prior_only", not live))
    term = likelihood_term(f["probability"])
    evidence = []
    for c in live:
        for sid in c.get("evidence") or []:
            if source_known(ctx, sid):
                evidence.append((sid, _date(c.get("period"))))
    j = Judgement(rule["id"], _fill(rule["text"], is_likelihood=is_likelihood(term), likelihood=term),
                  term, "model", evidence, f["probability"], prior_only)
    j.notes.append(f"The warning model gives {100 * f['probability']:.1f}% (its prior alone: "
                   f"{100 * f['prior']:.1f}%).")
    if prior_only:
        j.notes.append("This rests on no current evidence: every indicator reading is too old to count, so the "
                       "probability is the model's starting point for this kind of relationship.")
    return j


def _date(period: Any) -> str | None:
    """The last day a period label covers, as YYYY-MM-DD ('2024' → 2024-12-31, '2024-05' → 2024-05-31, '2021-Q3'
    → 2021-09-30): the report's one reading of a date or period (report.known.last_day)."""
    from dyadwatch.report.known import last_day

    return last_day(period)


def _observation(ctx: ReportContext, rule: dict) -> Judgement | None:
    rows = known_observations(ctx, rule)
    if not rows:
        return None
    last = rows[-1]
    hist = [r for r in rows if str(r["period"]) >= str(rule.get("history_from", ""))]
    peak = max(hist or rows, key=lambda r: r["value"])
    b = _branch(rule, last["value"])
    text = _fill(b["text"], value=_num(last["value"]), period=_when(last["period"]), peak=_num(peak["value"]),
                 peak_period=_when(peak["period"]), is_likelihood=is_likelihood(b["likelihood"]),
                 likelihood=b["likelihood"], as_of=ctx.as_of)
    ev = [(last["source_id"], _date(last["period"]))]
    if peak is not last:
        ev.append((peak["source_id"], _date(peak["period"])))
    # readings close in time to the latest corroborate it (or not): count the other sources within 180 days
    cut = _shift(_date(last["period"]), -180)
    ev += [(r["source_id"], _date(r["period"])) for r in rows[:-1]
           if _date(r["period"]) and _date(r["period"]) >= cut and r is not peak]
    return Judgement(rule["id"], text, b["likelihood"], "rule", ev)


def _shift(day: str | None, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat() if day else ""


def _when(period: Any) -> str:
    """A period label in words: '2024-05-16' → '16 May 2024', '2024-05' → 'May 2024'."""
    s = str(period)
    try:
        if len(s) == 10:
            d = dt.date.fromisoformat(s)
            return f"{d.day} {d:%B %Y}"
        if len(s) == 7:
            return f"{dt.date(int(s[:4]), int(s[5:7]), 1):%B %Y}"
    except ValueError:
        pass
    return s


def _trade(ctx: ReportContext, rule: dict) -> Judgement | None:
    from dyadwatch.report import svg

    base = str(rule["base"])
    rows = [r for r in known_trade(ctx, "A") if _date(r["period"]) and
            _date(r["period"]) < ctx.as_of and r.get("turnover_usd") is not None]
    best = None
    for rep in (ctx.a, ctx.b):
        mine = {r["period"]: r for r in rows if r["reporter"] == rep}
        if base not in mine:
            continue
        later = [p for p in mine if p > base]
        if later:
            p = max(later)
            if best is None or p > best[1]:
                best = (rep, p, mine[p], mine[base])
    if best is None:
        return None
    rep, period, now, then = best
    change = (now["turnover_usd"] / then["turnover_usd"] - 1) * 100 if then["turnover_usd"] else 0.0
    b = _branch(rule, change)
    text = _fill(b["text"], value=svg.fmt_value(now["turnover_usd"], "money"), period=period, base=base,
                 change=_signed_pct(change), reporter=rep,
                 is_likelihood=is_likelihood(b["likelihood"]), likelihood=b["likelihood"])
    ev = [(s, _date(period)) for s in now.get("source_ids") or []] + \
         [(s, _date(base)) for s in then.get("source_ids") or []]
    return Judgement(rule["id"], text, b["likelihood"], "rule", ev)


def _events(ctx: ReportContext, rule: dict) -> Judgement | None:
    start = _shift(ctx.as_of, -int(rule.get("within_days", 365)))
    allev = known_events(ctx, rule.get("realm"))
    if not allev:
        return None
    prefixes = tuple(str(c) for c in rule.get("cameo") or [""])
    hits = [e for e in allev if str(e["date"]) > start and str(e.get("code") or e.get("cameo") or "").startswith(prefixes)]
    b = _branch(rule, len(hits))
    latest = max((str(e["date"]) for e in hits), default=None)
    text = _fill(b["text"], value=len(hits), as_of=_when(ctx.as_of), latest_date=_when(latest) if latest else "–",
                 is_likelihood=is_likelihood(b["likelihood"]), likelihood=b["likelihood"])
    ev = [(e["source_id"], str(e["date"])[:10]) for e in hits]
    j = Judgement(rule["id"], text, b["likelihood"], "rule", ev)
    if not hits:
        newest = max(str(e["date"]) for e in allev)
        j.evidence = []
        j.notes.append(f"The store's dated events of this kind end on {_when(newest[:10])}: the absence of recent "
                       "events may only mean that no one has added them.")
    return j


EVALUATORS = {"warning": _warning, "observation": _observation, "trade": _trade, "events": _events}


# --- confidence -----------------------------------------------------------------------------------------
def confidence(evidence: list[tuple[str, str | None]], as_of: str, sources: dict[str, dict],
               prior_only: bool = False) -> tuple[str, str]:
    """(level, reason) from the evidence's quantity, quality and recency.

    One point each for: three or more distinct sources (quantity); two or more distinct publishers, i.e.
    corroboration by independent outlets (quality); newest item at most 365 days before the report date
    (recency). Three points: high; two: moderate; fewer: low. Low whatever the points when there is no
    evidence, when the newest item is more than 730 days old, or when a model probability rests on its prior
    alone."""
    ids = list(dict.fromkeys(s for s, _ in evidence))
    publishers = {(sources.get(s) or {}).get("publisher") or s for s in ids}
    dates = [d for _, d in evidence if d]
    newest = max(dates) if dates else None
    age = (dt.date.fromisoformat(as_of) - dt.date.fromisoformat(newest)).days if newest else None
    parts = [f"{len(ids)} source{'s' if len(ids) != 1 else ''}",
             f"{len(publishers)} publisher{'s' if len(publishers) != 1 else ''}",
             f"newest {_when(newest)}" if newest else "no dated evidence"]
    if prior_only:
        return "low", "no current evidence: the model's prior alone"
    if not ids:
        return "low", "no evidence in the store"
    points = (len(ids) >= 3) + (len(publishers) >= 2) + (age is not None and age <= STALE_DAYS)
    level = CONFIDENCE[max(0, points - 1)] if points else "low"
    if age is None or age > TOO_OLD_DAYS:
        level = "low"
        parts.append(f"more than {TOO_OLD_DAYS // 365} years old")
    return level, ", ".join(parts)


# --- history --------------------------------------------------------------------------------------------
def _previous(ctx: ReportContext) -> tuple[dict, list[dict]] | None:
    try:
        runs = ctx.store.query(
            "SELECT run_id, as_of, generated_at FROM assessment_judgements WHERE dyad = ? AND as_of <= CAST(? AS DATE) "
            "GROUP BY ALL ORDER BY as_of DESC, generated_at DESC LIMIT 1", [ctx.dyad.label, ctx.as_of])
    except Exception:  # noqa: BLE001 - an old store without the table has no history
        return None
    if not runs:
        return None
    rows = ctx.store.query("SELECT * FROM assessment_judgements WHERE run_id = ?", [runs[0]["run_id"]])
    return runs[0], rows


def _record(ctx: ReportContext, judgements: list[Judgement]) -> bool:
    """Store this run's judgements (False when the store is read-only)."""
    run = uuid.uuid4().hex[:12]
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    rows = [(run, ctx.dyad.label, ctx.as_of, now, j.id, j.statement, j.likelihood, j.probability, j.confidence,
             json.dumps(sorted({s for s, _ in j.evidence}))) for j in judgements]
    try:
        with ctx.store.transaction():
            ctx.store.executemany("INSERT INTO assessment_judgements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    except Exception:  # noqa: BLE001 - read-only store: the report still renders, without a record
        return False
    return True


def compare(previous: list[dict], judgements: list[Judgement]) -> list[str]:
    """Set each judgement's `change` against the earlier run's rows; return lines for dropped judgements."""
    before = {r["judgement_id"]: r for r in previous}
    for j in judgements:
        r = before.get(j.id)
        if r is None:
            j.change = "new since the earlier assessment"
            continue
        moves = []
        if r["likelihood"] != j.likelihood:
            moves.append(f"likelihood {r['likelihood']} → {j.likelihood}")
        if r["confidence"] != j.confidence:
            moves.append(f"confidence {r['confidence']} → {j.confidence}")
        if not moves and r["statement"] != j.statement:
            moves.append("same likelihood and confidence; the figures behind it changed")
        j.change = "; ".join(moves) if moves else None
    now = {j.id for j in judgements}
    return [f"No longer judged (no evidence now): {r['statement']}" for k, r in before.items() if k not in now]


# --- the block ------------------------------------------------------------------------------------------
def _about(rule: dict) -> str:
    """What a rule judges, in words (its id is not for readers)."""
    from dyadwatch.report.curated import indicator_name

    kind = rule.get("kind")
    if kind == "observation":
        return f"the judgement on {indicator_name(str(rule.get('indicator', '')))}"
    if kind == "trade":
        return f"the judgement on trade in goods against {rule.get('base')}"
    if kind == "events":
        return "the judgement on dated events" + (f" of the {str(rule['realm']).replace('_', ' ')} realm"
                                                  if rule.get("realm") else "")
    return "the judgement on the warning model's probability"


def evaluate(ctx: ReportContext, doc: dict) -> tuple[list[Judgement], list[str]]:
    out, problems = [], []
    for rule in doc["judgements"]:
        try:
            j = EVALUATORS[rule["kind"]](ctx, rule)
        except Exception as exc:  # noqa: BLE001 - one failing rule must not hide the others; it is shown
            problems.append(f"{_about(rule)}: it could not be evaluated ({type(exc).__name__}: {exc})")
            continue
        if j is None:
            problems.append(f"{_about(rule)}: no evidence in the store known by this date")
            continue
        j.confidence, j.confidence_reason = confidence(j.evidence, ctx.as_of, ctx.sources, j.prior_only)
        out.append(j)
    return out, problems


def _short(statement: str, words: int = 8) -> str:
    """The first words of a judgement, for the terminal summary (the rule's id is not for readers)."""
    parts = statement.split()
    return " ".join(parts[:words]).rstrip(",;:.") + ("…" if len(parts) > words else "")


def key_judgements(ctx: ReportContext) -> list[Block]:
    from markupsafe import Markup

    from dyadwatch.report.templating import render

    doc = rules_for(ctx.dyad)
    if doc is None:
        html = render("judgements.html", items=[], problems=[], earlier=None, dropped=[], recorded=False,
                      no_rules=True, dyad=ctx.dyad.label)
        return [Block("Key judgements", html, order=0, summary="no judgement rules for this dyad")]
    judgements, problems = evaluate(ctx, doc)
    prev = _previous(ctx)
    dropped = compare(prev[1], judgements) if prev else []
    recorded = _record(ctx, judgements) if judgements else False
    items = [{"j": j, "band": band(j.likelihood),
              "cites": Markup(ctx.cite(*dict.fromkeys(s for s, _ in j.evidence)))} for j in judgements]
    earlier = None
    if prev:
        earlier = {"as_of": prev[0]["as_of"], "generated": str(prev[0]["generated_at"])[:16],
                   "changed": sum(1 for j in judgements if j.change) + len(dropped)}
    html = render("judgements.html", items=items, problems=problems, earlier=earlier, dropped=dropped,
                  recorded=recorded, no_rules=False, dyad=ctx.dyad.label)
    summary = f"{len(judgements)} key judgements (" + "; ".join(
        f"{_short(j.statement)}: {j.likelihood}, {j.confidence} confidence" for j in judgements) + ")"
    if earlier:
        summary += f"; {earlier['changed']} changed since the assessment as of {earlier['as_of']}"
    return [Block("Key judgements", html, order=0, summary=summary)]
