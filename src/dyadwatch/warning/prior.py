"""Point-in-time priors: the reference class counts only episodes known on the forecast date.

A card with `prior.point_in_time` derives every prior from the dyad's own record, as known on the as-of date:

    k  = number of distinct periods (quarters by default) holding at least one event that matches the
         target's resolution rule and is dated on or before the as-of date
    n  = periods of exposure from `start` to the as-of date (days / period length, fractional)
    q  = (k + 1) / (n + 2)                               per-period rate, Laplace-smoothed
    P  = 1 − (1 − q) ** (horizon / period length)        within the horizon

So a forecast issued in 2021 sees no onset of E1 (the first was 24 February 2022) and gets the quiet-history
prior; one issued in May 2024 counts the 2022 quarter. The derivation is returned with the value (`text`),
so the output shows how the prior was reached. A card without `point_in_time` uses its fixed priors.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

PERIOD_DAYS = 91.3125   # a quarter


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def known_onsets(store, card, target_id: str, as_of: dt.date, cache: dict | None = None) -> list[dict]:
    """Events matching the target's rule dated on or before `as_of` (an event counts as known at the end of
    the day or month it is dated, as for the launch indicator), in date order."""
    from dyadwatch.warning.indicators import curated_events, matches, period_bounds

    rows = curated_events(store, card, cache)
    tgt = card.target(target_id)
    out = [e for e in rows if matches(e, tgt.match) and period_bounds(e["date"])[1] <= as_of]
    return sorted(out, key=lambda e: (str(e["date"]), e["id"]))


def prior_at(store, card, target_id: str, horizon: int, as_of: dt.date, cache: dict | None = None) -> dict[str, Any]:
    """The prior for `target_id` within `horizon` days of `as_of`, with its derivation."""
    spec = card.point_in_time
    if not spec:
        p = card.prior(target_id, horizon)
        return {"value": p, "method": "fixed", "text": f"fixed in the model card ({100 * p:.2f}% within "
                                                        f"{horizon} days)"}
    from dyadwatch.warning.indicators import period_bounds

    start = spec["start"]
    period = float(spec.get("period_days", PERIOD_DAYS))
    ev = known_onsets(store, card, target_id, as_of, cache)
    periods = sorted({_quarter(period_bounds(e["date"])[0]) for e in ev})
    n = max((as_of - start).days, 0) / period
    k = len(periods)
    q = (k + 1) / (n + 2)
    p = 1 - (1 - q) ** (horizon / period)
    text = (f"{k} quarter(s) with a qualifying {target_id} event known by {as_of}"
            + (f" ({', '.join(periods)})" if periods else "")
            + f" in {n:.1f} quarters since {start}: ({k} + 1) / ({n:.1f} + 2) = {100 * q:.2f}% per quarter; "
            f"within {horizon} days 1 − (1 − {q:.4f})^({horizon}/{period:.1f}) = {100 * p:.2f}%")
    return {"value": p, "method": "point-in-time reference class", "known_periods": periods, "k": k,
            "exposure_quarters": round(n, 2), "per_quarter": q, "start": start.isoformat(), "text": text}


def reference_prior(card, target_id: str, horizon: int, as_of: dt.date) -> float:
    """Prior for a reference-class episode of another dyad: the card's fixed prior when it has one, else the
    quiet-history point-in-time prior (no onset known) at the episode's date."""
    if not card.point_in_time:
        return card.prior(target_id, horizon)
    period = float(card.point_in_time.get("period_days", PERIOD_DAYS))
    n = max((as_of - card.point_in_time["start"]).days, 0) / period
    q = 1 / (n + 2)
    return 1 - (1 - q) ** (horizon / period)
