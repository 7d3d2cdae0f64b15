"""How much a backtest can say: intervals, a point-in-time climatology, leave-one-episode-out scores and the
forecasts that decide the result (pure functions over backtest rows).

- **Block bootstrap.** Weekly forecasts with a 90-day horizon overlap: neighbouring rows share most of their
  outcome window, so rows are not independent. The interval resamples contiguous blocks of rows (moving
  blocks, length = the number of grid steps in one horizon) with a fixed seed, and recomputes the model's
  Brier score, the reference's and the skill on each resample; the 2.5th and 97.5th percentiles are given.
- **Point-in-time climatology.** The base rate a forecaster could have known on each date: the share of
  horizon-long windows since the record's start that had closed by then and held a qualifying event known by
  then, Laplace-smoothed per window ((events-windows + 1) / (windows + 2), windows counted as days / horizon).
- **Leave one episode out.** Scores with each episode's rows (the card's episodes and each onset's
  run-up) removed, so a result resting on one episode shows it.
- **Decisive forecasts.** The rows whose squared error differs most from the climatology's: the ones a
  Brier gain or loss rests on, with the share of the total gain they carry.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from dyadwatch.warning import scoring


def pit_climatology(day: dt.date, horizon: int, event_dates: Sequence[dt.date], start: dt.date) -> float:
    """Base rate known on `day`: share of the windows (d, d + horizon], d in [start, day − horizon], that held
    one of the events dated by `day`; Laplace-smoothed with windows counted as days / horizon."""
    last = day - dt.timedelta(days=horizon)
    total = (last - start).days + 1
    if total <= 0:
        return 1 / 2   # no closed window at all: (0 + 1) / (0 + 2)
    covered: set[int] = set()
    for e in event_dates:
        if e > day:
            continue
        # d with d < e <= d + horizon, i.e. d in [e − horizon, e − 1], clipped to [start, last]
        lo, hi = max(e - dt.timedelta(days=horizon), start), min(e - dt.timedelta(days=1), last)
        covered.update(range((lo - start).days, (hi - start).days + 1))
    return (len(covered) / horizon + 1) / (total / horizon + 2)


def _percentile(values: list[float], q: float) -> float:
    xs = sorted(values)
    k = (len(xs) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def block_bootstrap(ps: Sequence[float], refs: Sequence[float], ys: Sequence[int], block: int,
                    n_boot: int = 1000, seed: int = 13, level: float = 0.95) -> dict:
    """Moving-block bootstrap of the model's Brier score and its skill against a reference forecast."""
    n = len(ys)
    if n == 0:
        return {"brier_ci": None, "skill_ci": None}
    block = max(1, min(block, n))
    rng = random.Random(seed)
    briers, skills = [], []
    starts = n - block + 1
    for _ in range(n_boot):
        idx: list[int] = []
        while len(idx) < n:
            s = rng.randrange(starts)
            idx.extend(range(s, s + block))
        idx = idx[:n]
        b = sum((ps[i] - ys[i]) ** 2 for i in idx) / n
        r = sum((refs[i] - ys[i]) ** 2 for i in idx) / n
        briers.append(b)
        if r > 0:
            skills.append(1 - b / r)
    a = (1 - level) / 2
    return {"brier_ci": [_percentile(briers, a), _percentile(briers, 1 - a)],
            "skill_ci": [_percentile(skills, a), _percentile(skills, 1 - a)] if skills else None,
            "method": f"moving-block bootstrap, blocks of {block} forecasts (one horizon), {n_boot} resamples, "
                      f"seed {seed}, {int(level * 100)}% percentile interval"}


def leave_one_out(rows: list[dict], groups: list[dict]) -> list[dict]:
    """Scores of the scored rows without each group's dates ({id, from, to}); rows need probability,
    outcome and climatology."""
    out = []
    for g in groups:
        keep = [r for r in rows if not (g["from"] <= r["date"] <= g["to"])]
        ps, ys, cs = ([r["probability"] for r in keep], [r["outcome"] for r in keep],
                      [r["climatology"] for r in keep])
        b, c = scoring.brier(ps, ys), scoring.brier(cs, ys)
        out.append({"left_out": g["id"], "from": g["from"], "to": g["to"], "n_left_out": len(rows) - len(keep),
                    "n": len(keep), "n_positive": sum(ys), "brier": b, "brier_climatology": c,
                    "skill_vs_climatology": scoring.skill(b, c), "log_score": scoring.log_score(ps, ys),
                    "log_score_climatology": scoring.log_score(cs, ys)})
    return out


def decisive(rows: list[dict], n: int = 5) -> dict:
    """The forecasts whose squared error differs most from the climatology's, gains and losses."""
    diffs = [{"date": r["date"], "probability": r["probability"], "climatology": r["climatology"],
              "outcome": r["outcome"],
              "gain": (r["climatology"] - r["outcome"]) ** 2 - (r["probability"] - r["outcome"]) ** 2} for r in rows]
    total = sum(d["gain"] for d in diffs)
    gains = sorted((d for d in diffs if d["gain"] > 0), key=lambda d: -d["gain"])[:n]
    losses = sorted((d for d in diffs if d["gain"] < 0), key=lambda d: d["gain"])[:n]
    top3 = sum(d["gain"] for d in gains[:3])
    return {"total_gain": total, "gains": gains, "losses": losses,
            "top3_share_of_gain": (top3 / total) if total > 0 else None,
            "note": "gain = climatology's squared error − the model's, per forecast; the Brier gain over "
                    "climatology is their mean"}
