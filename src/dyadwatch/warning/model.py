"""The escalation-warning model: Bayesian indicators-and-warning over a model card (DESIGN.md §6).

    logit P = logit(prior) + Σ_groups clip(Σ_indicators w · ln LR(state) · decay(age), floor, cap)

`forecast()` returns the probability with its prior, the contribution of every indicator (state, log LR,
bits, the source ids behind it) and "what would move it": for each threshold (10%, 25%, 50%), the
indicator states that would take the forecast above it if observed today.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

from dyadwatch.errors import InputError
from dyadwatch.warning.card import Card, load_card
from dyadwatch.warning.indicators import Reading, event_alerts, readings

THRESHOLDS = (0.10, 0.25, 0.50)


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def expit(x: float) -> float:
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    z = math.exp(x)
    return z / (1 + z)


def parse_date(value: Any, what: str = "date") -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{what} {value!r} is not a date", hint="use YYYY-MM-DD") from None


def _clip(x: float, floor: float, cap: float) -> float:
    return max(floor, min(cap, x))


def _combine(card: Card, target: str, horizon: int, contribs: list[dict],
             prior: float | None = None) -> tuple[float, dict[str, dict]]:
    """Sum contributions per group with caps/floors; returns (log-odds, per-group totals). `prior` is the
    forecast's prior (point in time); without it the card's fixed prior is used."""
    groups: dict[str, dict] = {}
    for c in contribs:
        g = groups.setdefault(c["group"], {"raw": 0.0})
        g["raw"] += c["weighted"]
    x = logit(card.prior(target, horizon) if prior is None else prior)
    for name, g in groups.items():
        grp = card.groups[name]
        g["total"] = _clip(g["raw"], grp.floor, grp.cap)
        g["capped"] = g["total"] != g["raw"]
        x += g["total"]
    return x, groups


def _contribution(ind, target: str, value: float, age: float, evidence: list[str], period: str | None,
                  known_at: str | None, stale_reason: str | None = None) -> dict:
    st = ind.state_for(value)
    if st is None:
        return {}
    lr = st.lr[target]
    decay = 0.0 if stale_reason else ind.decay(age)
    log_lr = math.log(lr)
    weighted = ind.weight * log_lr * decay
    return {"indicator": ind.name, "label": ind.title, "group": ind.group, "state": st.state, "value": value, "period": period,
            "known_at": known_at, "age_days": round(age), "lr": lr, "log_lr": round(log_lr, 4),
            "bits": round(log_lr / math.log(2), 3), "weight": ind.weight, "decay": round(decay, 3),
            "weighted": weighted, "evidence": evidence, "stale": decay == 0.0, "reasoning": st.reasoning,
            "dependence": 1.0,
            **({"p_event": st.p_event[target], "p_no_event": st.p_no_event[target]} if st.p_event else {}),
            **({"stale_reason": stale_reason} if stale_reason else
               ({"stale_reason": f"older than {ind.max_age_days:g} days"} if decay == 0.0 else {}))}


def _discount_shared_sources(contribs: list[dict], factor: float) -> None:
    """Readings resting on one source are not independent: the strongest counts in full, each further one
    from the same source is multiplied by `factor` (the card's `dependence.same_source_weight`)."""
    if factor >= 1.0:
        return
    seen: set[str] = set()
    for c in sorted(contribs, key=lambda c: -abs(c["weighted"])):
        if c["decay"] == 0.0 or not c["evidence"]:
            continue
        if set(c["evidence"]) & seen:
            c["dependence"] = factor
            c["weighted"] *= factor
            c["shared_source"] = sorted(set(c["evidence"]) & seen)
        seen.update(c["evidence"])


def forecast(store, dyad: str, target: str = "E1", horizon: int = 90, as_of: Any = None,
             card: Card | None = None, with_moves: bool = True, cache: dict | None = None,
             use_events: bool = True, any_horizon: bool = False) -> dict[str, Any]:
    """Probability that `target` happens within `horizon` days after `as_of`, from data public on `as_of`.

    `cache` (a dict) may be shared between calls on one store (backtests) to reuse readings.
    `use_events=False` leaves the event-derived group out (and says so), e.g. for a fast backtest."""
    from dyadwatch.countries import Dyad

    d = Dyad.parse(dyad)
    card = card or load_card(d.label)
    tgt = card.target(target)
    horizon = int(horizon)
    if any_horizon and card.point_in_time and horizon >= 1:
        pass   # registry questions: the point-in-time prior covers any horizon; the LRs are applied as written
    elif horizon not in tgt.horizons and horizon not in card.priors.get(tgt.id, {}):
        raise InputError(f"target {tgt.id} has horizons {', '.join(map(str, tgt.horizons))} days, not {horizon}",
                         hint="pass --horizon with one of them")
    day = parse_date(as_of, "as-of date")
    start = (card.point_in_time or {}).get("start")
    if start and day < start:   # no record yet: a prior of (0 + 1) / (0 + 2) would be a number with no basis
        raise InputError(f"as-of date {day} is before the model's record starts ({start})",
                         hint=f"the {d.label} model can forecast from {start} on")
    from dyadwatch.warning.prior import prior_at
    prior_info = prior_at(store, card, tgt.id, horizon, day, cache)
    prior = prior_info["value"]
    reads = readings(store, card, day, cache)
    contribs: list[dict] = []
    missing = []
    for name, ind in card.indicators.items():
        rd: Reading | None = reads.get(name)
        if rd is None:
            missing.append(name)
            continue
        stale = None
        if ind.record_complete_to is not None and day > ind.record_complete_to:
            stale = (f"the curated record behind it is complete only to {ind.record_complete_to}: absence "
                     f"after that date is not evidence")
        c = _contribution(ind, tgt.id, rd.value, (day - rd.period_end).days, [rd.source_id], rd.period,
                          rd.known_at.isoformat(), stale)
        if c:
            contribs.append(c)
    event_status = "the card defines no event-derived indicators"
    events_read = False
    for name, ind in card.event_indicators.items():
        if not use_events:
            event_status = "event-derived group left out of this run: it contributes nothing"
            continue
        sig = event_alerts(store, d.label, day, ind, cache)
        event_status = sig.status
        events_read = events_read or sig.available
        if sig.available:
            c = _contribution(ind, tgt.id, float(sig.count), 0, sig.evidence or [], None, day.isoformat())
            if c:
                c["detail"] = sig.detail or []
                contribs.append(c)
    _discount_shared_sources(contribs, card.same_source_weight)
    x, groups = _combine(card, tgt.id, horizon, contribs, prior)
    prob = expit(x)
    live = [c for c in contribs if c["decay"] > 0 and c["weight"] > 0]
    out = {
        "dyad": d.label, "target": tgt.id, "target_title": tgt.title, "horizon_days": horizon,
        "as_of": day.isoformat(), "probability": prob, "prior": prior, "log_odds": x,
        "prior_only": not live,
        "prior_derivation": prior_info,
        "model_card": card.path, "card_version": card.version,
        "contributions": [{k: (round(v, 4) if k == "weighted" else v) for k, v in c.items()} for c in contribs],
        "groups": {g: {"raw": round(v["raw"], 4), "total": round(v["total"], 4), "capped": v["capped"],
                       "cap": card.groups[g].cap, "floor": card.groups[g].floor} for g, v in groups.items()},
        "no_data": missing,
        "event_data": event_status,
        "resolution_rule": tgt.rule,
    }
    if tgt.in_ongoing(day):
        out["note"] = "an earlier onset of this target is still in progress on this date (not scored in backtests)"
    if not live:
        latest = max((c["known_at"] for c in contribs if c.get("known_at")), default=None)
        out["prior_only_reason"] = ("no indicator reading public on this date carries weight (every reading is "
                                    "stale or missing)" + (f"; the latest was public on {latest}" if latest else ""))
    if with_moves:
        out["what_would_move_it"] = what_would_move(card, tgt.id, horizon, contribs, prob, events_read, prior)
    return out


def what_would_move(card: Card, target: str, horizon: int, contribs: list[dict], prob: float,
                    with_events: bool = True, prior: float | None = None) -> list[dict]:
    """For each threshold: single indicator states (fresh, observed today) that would lift P above it, and
    the smallest set of such changes (greedy by gain) that would, when no single one does. Event-derived
    indicators are only offered when event data were read for this forecast (`with_events`)."""
    current = {c["indicator"]: c for c in contribs}
    options = []
    candidates = list(card.indicators.items()) + (list(card.event_indicators.items()) if with_events else [])
    for name, ind in candidates:
        for st in ind.states:
            if current.get(name, {}).get("state") == st.state and current[name]["decay"] >= 0.999:
                continue
            trial = [c for c in contribs if c["indicator"] != name]
            value = st.min if st.min is not None else (st.max - 1 if st.max is not None else 0.0)
            trial.append(_contribution(ind, target, value, 0, [], None, None))
            p = expit(_combine(card, target, horizon, trial, prior)[0])
            if p > prob + 1e-9:
                options.append({"indicator": name, "label": ind.title, "group": ind.group, "state": st.state,
                                "probability": p})
    best_per_indicator: dict[str, dict] = {}
    for o in options:
        if o["indicator"] not in best_per_indicator or o["probability"] > best_per_indicator[o["indicator"]]["probability"]:
            best_per_indicator[o["indicator"]] = o
    out = []
    for thr in THRESHOLDS:
        entry: dict[str, Any] = {"threshold": thr, "already_above": prob >= thr}
        singles = sorted((o for o in options if o["probability"] >= thr), key=lambda o: -o["probability"])
        entry["single_changes"] = [{k: (round(v, 4) if k == "probability" else v) for k, v in o.items()}
                                   for o in singles]
        if not singles and not entry["already_above"]:
            combo, trial = [], list(contribs)
            for o in sorted(best_per_indicator.values(), key=lambda o: -o["probability"]):
                ind = card.indicators.get(o["indicator"]) or card.event_indicators[o["indicator"]]
                st = next(s for s in ind.states if s.state == o["state"])
                value = st.min if st.min is not None else (st.max - 1 if st.max is not None else 0.0)
                trial = [c for c in trial if c["indicator"] != o["indicator"]]
                trial.append(_contribution(ind, target, value, 0, [], None, None))
                combo.append({"indicator": o["indicator"], "label": o["label"], "state": o["state"]})
                p = expit(_combine(card, target, horizon, trial, prior)[0])
                if p >= thr:
                    entry["combination"] = combo
                    entry["combination_probability"] = round(p, 4)
                    break
            else:
                entry["combination"] = None
                entry["note"] = "no combination of indicator states in the card reaches this threshold"
        out.append(entry)
    return out


def describe_moves(moves: list[dict], plain: bool = False) -> list[str]:
    """One plain-text line per threshold of :func:`what_would_move` (the CLI prints them, the report escapes
    them), e.g. "to exceed 25.0%: ru_troops_in_blr = invasion-scale (→ 31.2%)". `plain` names indicators in
    words (their card labels) instead of identifiers, for readers of the report."""
    def pct(p):
        return f"{100 * p:.1f}%"

    def name(o):
        return o.get("label") or o["indicator"] if plain else o["indicator"]

    lines = []
    for m in moves:
        thr = pct(m["threshold"])
        if m["already_above"]:
            lines.append(f"above {thr} already")
        elif m["single_changes"]:
            best, more = m["single_changes"][0], len(m["single_changes"]) - 1
            lines.append(f"to exceed {thr}: {name(best)} = {best['state']} (→ {pct(best['probability'])})"
                         + (f" or {more} other single change(s)" if more else ""))
        elif m.get("combination"):
            combo = " + ".join(f"{name(c)} = {c['state']}" for c in m["combination"])
            lines.append(f"to exceed {thr}: {combo} (→ {pct(m['combination_probability'])})")
        else:
            lines.append(f"to exceed {thr}: {m.get('note')}")
    return lines


def series(store, dyad: str, target: str, horizon: int, date_from: Any, date_to: Any, step_days: int = 7,
           card: Card | None = None) -> list[dict]:
    """Frozen point-in-time forecasts on a grid of dates (each uses only data public on its date)."""
    card = card or load_card(dyad)
    cache: dict = {}
    start, end = parse_date(date_from, "--from"), parse_date(date_to, "--to")
    if end < start:
        raise InputError(f"--to {end} is before --from {start}")
    rows, day = [], start
    while day <= end:
        f = forecast(store, dyad, target, horizon, day, card=card, with_moves=False, cache=cache)
        rows.append({"date": day.isoformat(), "probability": f["probability"], "prior_only": f["prior_only"]})
        day += dt.timedelta(days=step_days)
    return rows
