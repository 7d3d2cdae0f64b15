"""Proper scoring rules and warning diagnostics (pure functions over probabilities and 0/1 outcomes).

Conventions: Brier score = mean (p − y)², lower is better, 0 perfect. Log score = mean ln p(outcome),
higher is better, 0 perfect (probabilities are clipped to [1e-6, 1 − 1e-6] so one confident miss is very
costly but finite). Brier skill against a reference = 1 − B / B_ref (positive = better than the reference; None when B_ref = 0).
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

EPS = 1e-6
BINS = (0.0, 0.05, 0.10, 0.25, 0.50, 1.0000001)


def _check(ps: Sequence[float], ys: Sequence[int]) -> None:
    if len(ps) != len(ys):
        raise ValueError(f"{len(ps)} probabilities but {len(ys)} outcomes")
    for p in ps:
        if not (0.0 <= p <= 1.0) or math.isnan(p):
            raise ValueError(f"probability {p!r} is outside [0, 1]")


def brier(ps: Sequence[float], ys: Sequence[int]) -> float | None:
    _check(ps, ys)
    if not ps:
        return None
    return sum((p - y) ** 2 for p, y in zip(ps, ys)) / len(ps)


def log_score(ps: Sequence[float], ys: Sequence[int]) -> float | None:
    _check(ps, ys)
    if not ps:
        return None
    total = 0.0
    for p, y in zip(ps, ys):
        p = min(max(p, EPS), 1 - EPS)
        total += math.log(p if y else 1 - p)
    return total / len(ps)


def skill(score: float | None, reference: float | None) -> float | None:
    if score is None or reference is None:
        return None
    if reference == 0:
        return None   # undefined: the reference was perfect (e.g. no positive window and a 0% base rate)
    return 1 - score / reference


def reliability(ps: Sequence[float], ys: Sequence[int], bins: Sequence[float] = BINS) -> list[dict]:
    """Forecasts grouped by probability bin: count, mean forecast, observed frequency."""
    _check(ps, ys)
    table = []
    for lo, hi in zip(bins[:-1], bins[1:]):
        idx = [i for i, p in enumerate(ps) if lo <= p < hi]
        table.append({"bin": f"{lo:.2f}–{min(hi, 1.0):.2f}", "n": len(idx),
                      "mean_forecast": (sum(ps[i] for i in idx) / len(idx)) if idx else None,
                      "observed": (sum(ys[i] for i in idx) / len(idx)) if idx else None})
    return table


def lead_times(dates: Sequence[dt.date], ps: Sequence[float], onsets: Sequence[dt.date], horizon: int,
               thresholds: Sequence[float]) -> list[dict]:
    """For each onset: days of warning at each threshold, counted from the first forecast date (within the
    horizon before the onset) from which every forecast stayed at or above the threshold until the onset.
    None = no warning at that threshold (the last forecast before the onset was below it)."""
    out = []
    for onset in onsets:
        window = [(d, p) for d, p in zip(dates, ps) if onset - dt.timedelta(days=horizon) <= d < onset]
        entry = {"onset": onset.isoformat(), "forecasts_before": len(window)}
        for thr in thresholds:
            start = None
            for d, p in reversed(window):
                if p >= thr:
                    start = d
                else:
                    break
            entry[f"lead_days_{int(round(thr * 100))}"] = (onset - start).days if start else None
        out.append(entry)
    return out


def alarm_counts(ps: Sequence[float], ys: Sequence[int], thresholds: Sequence[float]) -> list[dict]:
    """Hits, misses, false alarms and correct negatives per threshold."""
    _check(ps, ys)
    rows = []
    for thr in thresholds:
        hit = sum(1 for p, y in zip(ps, ys) if p >= thr and y)
        miss = sum(1 for p, y in zip(ps, ys) if p < thr and y)
        fa = sum(1 for p, y in zip(ps, ys) if p >= thr and not y)
        cn = sum(1 for p, y in zip(ps, ys) if p < thr and not y)
        rows.append({"threshold": thr, "hits": hit, "misses": miss, "false_alarms": fa, "correct_negatives": cn,
                     "hit_rate": hit / (hit + miss) if hit + miss else None,
                     "false_alarm_rate": fa / (fa + cn) if fa + cn else None})
    return rows
