"""Scenarios with signposts: defined in YAML per dyad (``dyadwatch/data/scenarios/<a>_<b>.yaml``), each
signpost tied to an indicator in the store and read on the report date.

A signpost is *seen* when its condition holds on evidence recent enough, *not seen* when recent evidence
says otherwise, and *no recent data* when the store has nothing recent enough to say either way. A
scenario is *indicated* when every signpost with recent data is seen and at least half have data, *partly
indicated* when some are seen, *not indicated* when none is, and *cannot be assessed* when no signpost has
recent data. The YAML file's header lists the signpost kinds.
"""
from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field

from dyadwatch.report.api import Block, ReportContext
from dyadwatch.report.judgements import _date, _shift, _when
from dyadwatch.report.known import known_ids, known_observations

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}
KINDS = ("observation", "warning", "events", "trade")
SEEN, NOT_SEEN, NO_DATA = "seen", "not seen", "no recent data"


@dataclass
class Signpost:
    text: str
    status: str
    reading: str
    sources: list[str] = field(default_factory=list)


def rules_for(dyad) -> dict | None:
    """The scenarios for the dyad (either order of the pair), or None when none ship."""
    from dyadwatch.report.rule_models import ScenariosFile, bundled_for

    return bundled_for(dyad, "scenarios", ScenariosFile, "scenarios")


def validate(doc: dict, where: str) -> None:
    """Check a parsed rules file (dyadwatch.report.rule_models.ScenariosFile); every problem at once (ModelError)."""
    from dyadwatch.report.rule_models import ScenariosFile, check

    check(ScenariosFile, doc, where, "scenarios")


def _age(ctx: ReportContext, day: str | None) -> int | None:
    return (dt.date.fromisoformat(ctx.as_of) - dt.date.fromisoformat(day)).days if day else None


def _observation(ctx: ReportContext, p: dict) -> Signpost:
    rows = known_observations(ctx, p)
    if not rows:
        return Signpost(p["text"], NO_DATA, "no reading in the store")
    last = rows[-1]
    age = _age(ctx, _date(last["period"]))
    value = f"{last['value']:,.0f}" if abs(last["value"]) >= 10 or last["value"] == int(last["value"]) \
        else f"{last['value']:.2f}"
    labels = {float(k): v for k, v in (p.get("labels") or {}).items()}
    value = labels.get(float(last["value"]), value)   # a flag or level in words, e.g. 1 → "exercise under way"
    reading = f"latest reading: {value} ({_when(last['period'])})"
    if age is None or age > int(p.get("max_age_days", 365)):
        return Signpost(p["text"], NO_DATA, reading + ", too old to count", [last["source_id"]])
    ok = OPS[p["op"]](last["value"], p["value"])
    return Signpost(p["text"], SEEN if ok else NOT_SEEN, reading, [last["source_id"]])


def _warning(ctx: ReportContext, p: dict) -> Signpost:
    from dyadwatch.warning.card import load_card
    from dyadwatch.warning.model import forecast

    card = load_card(ctx.dyad.label)
    if card.source_ids() - set(ctx.sources):
        return Signpost(p["text"], NO_DATA, "the warning model's data are not in the store")
    f = forecast(ctx.store, card.dyad, p["target"], int(p.get("horizon", 90)), ctx.as_of, card=card,
                 with_moves=False)
    live = [c for c in f["contributions"] if abs(c.get("weighted") or 0) > 1e-9]
    reading = f"the model gives {100 * f['probability']:.1f}%"
    if f.get("prior_only", not live):
        return Signpost(p["text"], NO_DATA, reading + ", from its prior alone (no current evidence)")
    ok = OPS[p["op"]](f["probability"], float(p["value"]))
    return Signpost(p["text"], SEEN if ok else NOT_SEEN, reading,
                    known_ids(ctx, dict.fromkeys(s for c in live for s in c.get("evidence") or [])))


def _events(ctx: ReportContext, p: dict) -> Signpost:
    from dyadwatch.report.known import known_events

    allev = known_events(ctx, p.get("realm"))
    start = _shift(ctx.as_of, -int(p["within_days"]))
    if not allev or max(str(e["date"]) for e in allev) <= start:
        newest = max((str(e["date"])[:10] for e in allev), default=None)
        return Signpost(p["text"], NO_DATA, f"the store's dated events end on {_when(newest)}" if newest else
                        "no dated events in the store")
    prefixes = tuple(str(c) for c in p.get("cameo") or [""])
    hits = [e for e in allev if str(e["date"]) > start and str(e.get("code") or "").startswith(prefixes)
            and all(e.get(k) == p[k] for k in ("location", "actor1", "actor2") if p.get(k))]
    ok = OPS[p["op"]](len(hits), p["value"])
    last = max((str(e["date"])[:10] for e in hits), default=None)
    reading = (f"{len(hits) or 'none'} in the last {int(p['within_days'])} days"
               + (f", the latest on {_when(last)}" if last else ""))
    return Signpost(p["text"], SEEN if ok else NOT_SEEN, reading, list(dict.fromkeys(e["source_id"] for e in hits)))


def _trade(ctx: ReportContext, p: dict) -> Signpost:
    from dyadwatch.report.known import known_trade

    base = str(p["base"])
    rows = [r for r in known_trade(ctx, "A") if _date(r["period"]) and
            _date(r["period"]) < ctx.as_of and r.get("turnover_usd") is not None]
    best = None
    for rep in (ctx.a, ctx.b):
        mine = {r["period"]: r for r in rows if r["reporter"] == rep}
        later = [y for y in mine if y > base]
        if base in mine and later and (best is None or max(later) > best[1]):
            best = (rep, max(later), mine[max(later)], mine[base])
    if best is None:
        return Signpost(p["text"], NO_DATA, f"no annual turnover after {base} with {base} from the same records")
    rep, year, now, then = best
    change = (now["turnover_usd"] / then["turnover_usd"] - 1) * 100
    reading = f"{year} against {base}: {'+' if change > 0 else '−'}{abs(change):.1f}% ({rep} records)"
    srcs = list(dict.fromkeys((now.get("source_ids") or []) + (then.get("source_ids") or [])))
    if _age(ctx, _date(year)) > int(p.get("max_age_days", 730)):
        return Signpost(p["text"], NO_DATA, reading + ", too old to count", srcs)
    return Signpost(p["text"], SEEN if OPS[p["op"]](change, p["value"]) else NOT_SEEN, reading, srcs)


EVALUATORS = {"observation": _observation, "warning": _warning, "events": _events, "trade": _trade}


def scenario_status(signposts: list[Signpost]) -> str:
    with_data = [s for s in signposts if s.status != NO_DATA]
    seen = [s for s in with_data if s.status == SEEN]
    if not with_data:
        return "cannot be assessed"
    if len(seen) == len(with_data) and 2 * len(with_data) >= len(signposts):
        return "indicated"
    return "partly indicated" if seen else "not indicated"


def evaluate(ctx: ReportContext, doc: dict) -> list[dict]:
    out = []
    for s in doc["scenarios"]:
        posts = []
        for p in s["signposts"]:
            try:
                posts.append(EVALUATORS[p["kind"]](ctx, p))
            except Exception as exc:  # noqa: BLE001 - one broken signpost is shown, not fatal
                posts.append(Signpost(p["text"], NO_DATA, f"could not be read: {type(exc).__name__}: {exc}"))
        out.append({"id": s["id"], "title": s["title"], "description": " ".join(s["description"].split()),
                    "signposts": posts, "status": scenario_status(posts)})
    return out


def scenarios(ctx: ReportContext) -> list[Block]:
    from markupsafe import Markup

    from dyadwatch.report.templating import render

    doc = rules_for(ctx.dyad)
    if doc is None:
        return []
    items = evaluate(ctx, doc)
    for s in items:
        for p in s["signposts"]:
            p.cites = Markup(ctx.cite(*p.sources))
    html = render("scenarios.html", scenarios=items, as_of=ctx.as_of)
    return [Block("Scenarios and signposts", html, order=0,
                  summary="; ".join(f"{s['title']}: {s['status']}" for s in items))]
