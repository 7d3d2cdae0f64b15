"""Backtests of the warning model: frozen point-in-time forecasts on a date grid, resolved by the targets'
rules over the store's events, scored against climatology and no-change baselines.

Every forecast in a backtest is made by `model.forecast` with `as_of` = its grid date, so it sees only
observations public then. Outcomes come from events matching the target's resolution rule. Forecast dates
inside an `ongoing` period of the target, or whose window has not closed by `today`, are not scored.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from dyadwatch.errors import InputError
from dyadwatch.warning import scoring
from dyadwatch.warning.card import Card, Target, load_card
from dyadwatch.warning.indicators import matches  # noqa: F401 - the resolution rule, shared with indicators
from dyadwatch.warning.model import THRESHOLDS, _combine, _contribution, expit, forecast, parse_date

STEPS = {"day": 1, "week": 7, "fortnight": 14, "month": 30}
NO_CHANGE_CLIP = (0.01, 0.99)
# The one backtest definition the CLI defaults to, the report runs and the docs quote (each labels it).
STANDARD = {"from": "2021-01-01", "to": "2024-06-30", "step": "week", "horizon": 90, "horizons": (30, 90, 180)}


def definition_label(date_from, date_to, step_days: int, horizon: int, today, n_scored: int | None = None) -> str:
    """The words that name a backtest everywhere it is shown."""
    every = {7: "weekly", 30: "every 30 days", 1: "daily", 14: "fortnightly"}.get(step_days, f"every {step_days} days")
    last_close = parse_date(date_to, "--to") + dt.timedelta(days=horizon)
    when = ("" if parse_date(today, "today") >= last_close
            else f", scored when the window had closed by {today}")
    return (f"{every} forecasts from {date_from} to {date_to}, horizon {horizon} days{when}"
            + (f" ({n_scored} scored)" if n_scored is not None else ""))


def dyad_events(store, dyad: str) -> list[dict]:
    from dyadwatch.catalog import list_events
    return list_events(store, dyad)


def onsets(store, dyad: str, target: Target) -> list[dict]:
    """Events that resolve the target YES (date, id, source), in date order."""
    return [e for e in dyad_events(store, dyad) if matches(e, target.match)]


def outcome(event_dates: list[dt.date], day: dt.date, horizon: int) -> int:
    end = day + dt.timedelta(days=horizon)
    return int(any(day < d <= end for d in event_dates))


def _event_date(text: str) -> dt.date:
    from dyadwatch.warning.indicators import period_bounds
    return period_bounds(text)[0]


def parse_step(step: str | int) -> int:
    if isinstance(step, int) or str(step).isdigit():
        n = int(step)
    elif str(step) in STEPS:
        n = STEPS[str(step)]
    else:
        raise InputError(f"step {step!r} is not day, week, fortnight, month or a number of days")
    if n < 1:
        raise InputError("step must be at least one day")
    return n


def reference_class_scores(card: Card, target: str = "E1", horizon: int = 90) -> dict[str, Any]:
    """Score the card on the documented episodes of other dyads (one forecast per episode, fresh states)."""
    rows = []
    for ep in card.reference_class:
        contribs = []
        for name, value in (ep.get("states") or {}).items():
            ind = card.indicators.get(name)
            if ind is None:
                continue
            c = _contribution(ind, target, float(value), 0, list(ep.get("sources") or []), None, None)
            if c:
                contribs.append(c)
        from dyadwatch.warning.prior import reference_prior
        p = expit(_combine(card, target, horizon, contribs,
                           reference_prior(card, target, horizon, parse_date(ep.get("date"))))[0])
        rows.append({"id": ep["id"], "title": ep.get("title"), "date": str(ep.get("date")),
                     "probability": p, "outcome": int(bool(ep.get("outcome"))), "sources": ep.get("sources", [])})
    ps, ys = [r["probability"] for r in rows], [r["outcome"] for r in rows]
    base = sum(ys) / len(ys) if ys else None
    return {"episodes": rows, "brier": scoring.brier(ps, ys), "log_score": scoring.log_score(ps, ys),
            "brier_climatology": scoring.brier([base] * len(ys), ys) if ys else None,
            "note": "in-sample: the card's likelihood ratios were set with these episodes in mind"}


def backtest(store, dyad: str, target: str = "E1", horizon: int = 90, date_from: Any = "2021-01-01",
             date_to: Any = "2024-06-30", step: str | int = "week", today: Any = None,
             card: Card | None = None, progress: bool = False, cache: dict | None = None,
             use_events: bool = True) -> dict[str, Any]:
    """Frozen forecasts every `step` from `date_from` to `date_to`, resolved and scored (see module doc).

    `today` (default: the real today) decides which windows have closed. `cache` (a dict) may be shared
    between backtests on one store (e.g. one per target) to reuse event-data readings. `use_events=False`
    scores the model without its event-derived group (reading event data costs time for every date)."""
    from dyadwatch.countries import Dyad

    d = Dyad.parse(dyad)
    card = card or load_card(d.label)
    tgt = card.target(target)
    complete_to = card.target_complete_to(tgt.id)
    start, end = parse_date(date_from, "--from"), parse_date(date_to, "--to")
    if end < start:
        raise InputError(f"--to {end} is before --from {start}")
    n_step = parse_step(step)
    today = parse_date(today, "today")
    events = onsets(store, d.label, tgt)
    event_dates = sorted({_event_date(e["date"]) for e in events})
    grid = []
    day = start
    while day <= end:
        grid.append(day)
        day += dt.timedelta(days=n_step)
    from dyadwatch.warning.evaluation import pit_climatology
    record_start = (card.point_in_time or {}).get("start") or dt.date(1992, 1, 1)
    rows = []
    iterator = grid
    bar = None
    if progress and len(grid) > 20:
        from rich.progress import Progress
        bar = Progress(transient=True)
        bar.start()
        task = bar.add_task(f"backtest {tgt.id} {horizon}d", total=len(grid))
    cache = {} if cache is None else cache
    try:
        for day in iterator:
            f = forecast(store, d.label, tgt.id, horizon, day, card=card, with_moves=False, cache=cache,
                         use_events=use_events)
            scored, why = True, None
            if tgt.in_ongoing(day):
                scored, why = False, "onset in progress"
            elif day + dt.timedelta(days=horizon) > today:
                scored, why = False, "window not closed"
            elif complete_to and day + dt.timedelta(days=horizon) > complete_to:
                scored, why = False, f"window ends after the record's complete span ({complete_to})"
            trailing = int(any(day - dt.timedelta(days=horizon) < e <= day for e in event_dates))
            rows.append({"date": day.isoformat(), "probability": f["probability"], "prior": f["prior"],
                         "prior_only": f["prior_only"],
                         "outcome": outcome(event_dates, day, horizon), "scored": scored, "why_not": why,
                         "climatology": pit_climatology(day, horizon, event_dates, record_start),
                         "no_change": min(max(float(trailing), NO_CHANGE_CLIP[0]), NO_CHANGE_CLIP[1])})
            if bar:
                bar.advance(task)
    finally:
        if bar:
            bar.stop()
    s = [r for r in rows if r["scored"]]
    ps, ys = [r["probability"] for r in s], [r["outcome"] for r in s]
    nc = [r["no_change"] for r in s]
    base_rate = sum(ys) / len(ys) if ys else None
    priors = [r["prior"] for r in s]
    insample = [base_rate] * len(ys) if ys else []
    clim = [r["climatology"] for r in s]
    result: dict[str, Any] = {
        "dyad": d.label, "target": tgt.id, "target_title": tgt.title, "horizon_days": horizon,
        "from": start.isoformat(), "to": end.isoformat(), "step_days": n_step,
        "n_forecasts": len(rows), "n_scored": len(s), "n_positive": sum(ys),
        "onsets": [{"date": e["date"], "id": e["id"], "source_id": e["source_id"]} for e in events],
        "resolution_rule": tgt.rule,
        "event_data": f["event_data"] if rows else None,
        "scores": {
            "model": {"brier": scoring.brier(ps, ys), "log_score": scoring.log_score(ps, ys)},
            "climatology": {"brier": scoring.brier(clim, ys), "log_score": scoring.log_score(clim, ys),
                            "note": "point in time: on each date, the share of closed horizon-long windows since "
                                    f"{record_start} that held a qualifying event known by then (Laplace-smoothed)"},
            "climatology_in_sample": {"brier": scoring.brier(insample, ys),
                                      "log_score": scoring.log_score(insample, ys), "probability": base_rate,
                                      "note": "in-sample base rate of the scored windows: knows the answer "
                                              "(hindsight), shown for comparison only"},
            "prior_only": {"brier": scoring.brier(priors, ys), "log_score": scoring.log_score(priors, ys),
                           "note": "the point-in-time reference-class prior of each date, with no indicators"},
            "no_change": {"brier": scoring.brier(nc, ys), "log_score": scoring.log_score(nc, ys),
                          "note": f"persistence: {NO_CHANGE_CLIP[1]} if the target happened in the trailing "
                                  f"{horizon} days, else {NO_CHANGE_CLIP[0]}"},
        },
        "reliability": scoring.reliability(ps, ys),
        "alarms": scoring.alarm_counts(ps, ys, THRESHOLDS),
        "forecasts": rows,
    }
    sc = result["scores"]
    sc["model"]["brier_skill_vs_climatology"] = scoring.skill(sc["model"]["brier"], sc["climatology"]["brier"])
    sc["model"]["brier_skill_vs_no_change"] = scoring.skill(sc["model"]["brier"], sc["no_change"]["brier"])
    sc["model"]["brier_skill_vs_prior"] = scoring.skill(sc["model"]["brier"], sc["prior_only"]["brier"])
    sc["model"]["brier_skill_vs_in_sample_climatology"] = scoring.skill(sc["model"]["brier"],
                                                                         sc["climatology_in_sample"]["brier"])
    from dyadwatch.warning import evaluation
    boot = evaluation.block_bootstrap(ps, clim, ys, block=-(-horizon // n_step))
    sc["model"]["brier_ci"] = boot["brier_ci"]
    sc["model"]["brier_skill_vs_climatology_ci"] = boot["skill_ci"]
    sc["model"]["interval_method"] = boot.get("method")
    result["definition"] = {"from": start.isoformat(), "to": end.isoformat(), "step_days": n_step,
                            "horizon_days": horizon, "scored_if_closed_by": today.isoformat(),
                            "record_complete_to": complete_to.isoformat()
                            if complete_to else None,
                            "label": definition_label(start, end, n_step, horizon, today, len(s))}
    result["decisive"] = evaluation.decisive(s)
    dates = [dt.date.fromisoformat(r["date"]) for r in rows]
    first_onsets = []
    for e in event_dates:  # lead time before fresh onsets (not repeats within one horizon)
        if not first_onsets or (e - first_onsets[-1]).days > horizon:
            first_onsets.append(e)
    result["lead_time"] = scoring.lead_times(dates, [r["probability"] for r in rows],
                                             [e for e in first_onsets if start <= e <= end + dt.timedelta(days=horizon)],
                                             horizon, THRESHOLDS)
    result["episodes"] = _episodes(card, tgt.id, rows)
    groups = [{"id": ep["id"], "from": str(ep["from"]), "to": str(ep["to"])} for ep in card.episodes
              if tgt.id in (ep.get("targets") or [])]
    groups += [{"id": f"run-up to {e}", "from": (e - dt.timedelta(days=horizon)).isoformat(),
                "to": e.isoformat()} for e in first_onsets if start <= e <= end + dt.timedelta(days=horizon)]
    result["leave_one_episode_out"] = evaluation.leave_one_out(s, groups)
    onset_count = len(first_onsets)
    if onset_count < 3:
        result["thin_history"] = (
            f"only {onset_count} onset{'' if onset_count == 1 else 's'} of {tgt.id} in the dyad's data: these "
            "scores rest on very few positive windows and are not a measure of skill on their own. The reference "
            "class is widened with documented episodes from other dyads (the reference-class scores below; the "
            "warning documentation explains them).")
    result["reference_class"] = reference_class_scores(card, "E1" if "E1" in card.targets else tgt.id, 90)
    return result


def _episodes(card: Card, target: str, rows: list[dict]) -> list[dict]:
    out = []
    for ep in card.episodes:
        if target not in (ep.get("targets") or []):
            continue
        lo, hi = str(ep["from"]), str(ep["to"])
        inside = [r for r in rows if lo <= r["date"] <= hi]
        entry = {"id": ep["id"], "title": ep.get("title"), "from": lo, "to": hi, "kind": ep.get("kind"),
                 "sources": ep.get("sources", []), "n_forecasts": len(inside),
                 "max_probability": max((r["probability"] for r in inside), default=None)}
        if ep.get("kind") == "negative":
            for thr in THRESHOLDS:
                entry[f"false_alarms_{int(round(thr * 100))}"] = sum(
                    1 for r in inside if r["probability"] >= thr and not r["outcome"])
        out.append(entry)
    return out
