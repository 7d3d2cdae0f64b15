"""Point-in-time indicator readings for the warning model.

`readings(store, card, as_of)` returns, for each indicator of the card, the latest observation that was
public on `as_of` (its `known_at`, or the end of its period when no `known_at` is recorded) and whose period
had begun by then. Nothing known later can leak into a forecast: backtests call the same function.

Event-derived indicators come from the event-data realm (`dyadwatch.realms.events`, written on another
branch). It is imported lazily and defensively: when it is missing, exposes no alerts function, or the store
holds no event data, the group contributes nothing and `event_status` says why.
"""
from __future__ import annotations

import calendar
import datetime as dt
import inspect
from dataclasses import dataclass

from dyadwatch.warning.card import Card, Indicator


@dataclass
class Reading:
    indicator: str
    value: float
    period: str
    period_end: dt.date
    known_at: dt.date
    source_id: str
    note: str | None = None


def _one_end(text: str) -> dt.date:
    parts = text.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return dt.date(year, 12, 31)
    if parts[1].startswith("H"):
        return dt.date(year, 6, 30) if parts[1] == "H1" else dt.date(year, 12, 31)
    if parts[1].startswith("Q"):
        month = int(parts[1][1]) * 3
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    month = int(parts[1])
    if len(parts) == 2:
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, int(parts[2]))


def _one_start(text: str) -> dt.date:
    parts = text.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return dt.date(year, 1, 1)
    if parts[1].startswith("H"):
        return dt.date(year, 1 if parts[1] == "H1" else 7, 1)
    if parts[1].startswith("Q"):
        return dt.date(year, (int(parts[1][1]) - 1) * 3 + 1, 1)
    return dt.date(year, int(parts[1]), int(parts[2]) if len(parts) > 2 else 1)


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day a period string covers ("2021", "2021-02", "2022-H2", "2021-02-24", "A/B")."""
    first, _, last = str(period).partition("/")
    return _one_start(first), _one_end(last or first)


def readings(store, card: Card, as_of: dt.date) -> dict[str, Reading]:
    """Latest public observation of each of the card's indicators as of `as_of` (point in time)."""
    names = list(card.indicators)
    if not names:
        return {}
    rows = store.query(
        "SELECT indicator, value, period, known_at, source_id, note FROM observations "
        "WHERE indicator IN (SELECT unnest(?::VARCHAR[])) AND reporter = ?", [names, card.territory])
    best: dict[str, Reading] = {}
    for r in rows:
        start, end = period_bounds(r["period"])
        known = r["known_at"] or end
        if isinstance(known, dt.datetime):
            known = known.date()
        if known > as_of or start > as_of:
            continue  # not public yet, or describes a time after the forecast date
        rd = Reading(r["indicator"], float(r["value"]), r["period"], min(end, as_of), known, r["source_id"],
                     r["note"])
        cur = best.get(rd.indicator)
        if cur is None or (rd.period_end, rd.known_at, rd.source_id) > (cur.period_end, cur.known_at, cur.source_id):
            best[rd.indicator] = rd
    return best


# --- event-derived indicators -----------------------------------------------------------------------
@dataclass
class EventSignal:
    available: bool
    status: str                      # what the output says about the event-derived group
    count: int = 0                   # alerts in the window
    evidence: list[str] | None = None


def event_alerts(store, dyad: str, as_of: dt.date, indicator: Indicator) -> EventSignal:
    """Escalation alerts from the event-data realm in the `window_days` before `as_of` (never after)."""
    try:
        from dyadwatch.realms import events as ev  # another branch's module; optional
    except Exception as exc:  # noqa: BLE001 - any failure means "no event data", said plainly
        return EventSignal(False, f"event-data module unavailable ({type(exc).__name__}): "
                                  "the event-derived group contributes nothing")
    fn = getattr(ev, "alerts", None)
    if fn is None:
        return EventSignal(False, "dyadwatch.realms.events has no alerts(): the event-derived group contributes nothing")
    start = as_of - dt.timedelta(days=indicator.window_days)
    kwargs = {}
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        params = {}
    for name, value in (("date_from", start.isoformat()), ("date_to", as_of.isoformat()),
                        ("as_of", as_of.isoformat()), ("freq", "week")):
        if name in params:
            kwargs[name] = value
    try:
        args = [store]
        if "dyad" in params or len(params) > 1:
            args.append(dyad)
        result = fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001
        return EventSignal(False, f"event alerts failed ({type(exc).__name__}: {exc}): "
                                  "the event-derived group contributes nothing")
    rows = list(result or [])
    if not rows:
        return EventSignal(False, "no event data in the store for this dyad and window: "
                                  "the event-derived group contributes nothing")
    hits, evidence = 0, []
    for row in rows:
        row = row if isinstance(row, dict) else getattr(row, "__dict__", {})
        when = str(row.get("period") or row.get("date") or "")[:10]
        if when and not (start.isoformat() <= when <= as_of.isoformat()):
            continue
        if row.get("alert", True):
            hits += 1
            for key in ("source_id", "source", "url"):
                if row.get(key):
                    evidence.append(str(row[key]))
                    break
    return EventSignal(True, f"{hits} escalation alert(s) in the {indicator.window_days} days to {as_of}", hits,
                       evidence[:5])
