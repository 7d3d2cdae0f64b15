"""Point-in-time indicator readings for the warning model.

`readings(store, card, as_of)` returns, for each indicator of the card, the latest observation that was
public on `as_of` (its `known_at`, or the end of its period when no `known_at` is recorded) and whose period
had begun by then. Nothing known later can leak into a forecast: backtests call the same function.

Indicators with `from_events` in the card (e.g. recent launches from Belarusian territory) are derived from
the curated `events` table: their value is the number of days from the latest matching event known on
`as_of` to `as_of`. An event counts as known at the end of the day (or month) it is dated; curated events
carry no separate publication date, and launches are announced the same day by Ukraine's air force. An event
dated after `as_of` can never move the forecast.

Event-derived indicators come from the event-data realm (`dyadwatch.realms.events`, written on another
branch). It is imported lazily and defensively: when it is missing, exposes no alerts function, or the store
holds no event data, the group contributes nothing and `event_status` says why.
"""
from __future__ import annotations

import datetime as dt
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


def _one(text: str):
    from dyadwatch.periods import parse
    p = parse(text)
    if p is None:
        raise ValueError(f"not a period: {text!r}")
    return p


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day a period string covers ("2021", "2021-02", "2022-H2", "2021-02-24", "A/B")."""
    first, _, last = str(period).partition("/")
    return _one(first).start, _one(last or first).end


def matches(event: dict, match: dict[str, list[str]]) -> bool:
    """Whether a curated event satisfies a match rule (actor1, actor2, location, plover, cameo_prefix)."""
    for key in ("actor1", "actor2", "location", "plover"):
        if key in match and (event.get(key) or "") not in match[key]:
            return False
    if "cameo_prefix" in match:
        code = event.get("cameo") or ""
        if not any(code.startswith(p) for p in match["cameo_prefix"]):
            return False
    return True


def curated_events(store, card: Card, cache: dict | None = None) -> list[dict]:
    """The dyad's curated events (read once per backtest when `cache` is shared between calls)."""
    key = ("curated-events", card.dyad)
    rows = cache.get(key) if cache is not None else None
    if rows is None:
        from dyadwatch.catalog import list_events
        rows = list_events(store, card.dyad)
        if cache is not None:
            cache[key] = rows
    return rows


def derived_readings(store, card: Card, as_of: dt.date, cache: dict | None = None) -> dict[str, Reading]:
    """Readings of the card's `from_events` indicators: days since the latest matching event known on
    `as_of` (value), citing that event's source. No matching event known yet means no reading (the prior
    already covers a dyad with no such history), so the indicator is listed under `no_data`."""
    derived = {n: i for n, i in card.indicators.items() if i.derived}
    if not derived:
        return {}
    rows = curated_events(store, card, cache)
    out: dict[str, Reading] = {}
    for name, ind in derived.items():
        latest = None
        for e in rows:
            if not matches(e, ind.from_events):
                continue
            known = period_bounds(e["date"])[1]
            if known > as_of:
                continue  # not known yet on the forecast date
            if latest is None or (known, e["id"]) > (latest[0], latest[1]["id"]):
                latest = (known, e)
        if latest is None:
            continue
        known, e = latest
        out[name] = Reading(name, float((as_of - known).days), str(e["date"]), as_of, known, e["source_id"],
                            f"latest matching event known: {e['id']} ({e['date']})")
    return out


def readings(store, card: Card, as_of: dt.date, cache: dict | None = None) -> dict[str, Reading]:
    """Latest public observation of each of the card's indicators as of `as_of` (point in time), plus the
    readings of its `from_events` indicators (`derived_readings`).

    `cache` (a dict shared by the forecasts of one backtest) keeps the card's observation rows so they are
    read once; the point-in-time filter below is applied for every `as_of` all the same."""
    names = [n for n, i in card.indicators.items() if not i.derived]
    best = derived_readings(store, card, as_of, cache)
    if not names:
        return best
    key = ("observations", card.territory, tuple(names))
    rows = cache.get(key) if cache is not None else None
    if rows is None:
        rows = store.query(
            "SELECT indicator, value, period, known_at, source_id, note FROM observations "
            "WHERE indicator IN (SELECT unnest(?::VARCHAR[])) AND reporter = ?", [names, card.territory])
        if cache is not None:
            cache[key] = rows
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
    detail: list[str] | None = None  # the alerts' reasons (event data carry URLs, not source ids)


def _events_module():
    try:
        from dyadwatch.realms import events as ev  # another branch's module; optional
    except Exception as exc:  # noqa: BLE001 - any failure means "no event data", said plainly
        return None, f"event-data module unavailable ({type(exc).__name__})"
    if getattr(ev, "indicators", None) is None and getattr(ev, "alerts", None) is None:
        return None, "dyadwatch.realms.events offers neither indicators() nor alerts()"
    return ev, None


def _period_rows(ev, store, dyad: str, day: dt.date, cache: dict | None) -> list[dict]:
    """The event realm's weekly readings for the week containing `day`, computed with data up to `day`."""
    key = ("event-rows", dyad, day.isoformat())
    if cache is not None and key in cache:
        return cache[key]
    fn = getattr(ev, "indicators", None)
    if fn is not None:
        rows = [dict(r) for r in (fn(store, dyad, day.isoformat(), freq="week") or [])]
    else:  # alerts() only: rows are alerts, quiet weeks are simply absent
        rows = [dict(r, alert=True) for r in (ev.alerts(store, dyad, day.isoformat(), freq="week") or [])]
    if cache is not None:
        cache[key] = rows
    return rows


def event_alerts(store, dyad: str, as_of: dt.date, indicator: Indicator, cache: dict | None = None) -> EventSignal:
    """Escalation alerts from the event-data realm in the `window_days` before `as_of` (never after).

    The realm's `indicators(store, dyad, as_of, freq="week")` reads the week containing `as_of` with data
    published by then; it is asked for `as_of` and for the last day (Sunday) of each earlier week back to the
    window's start, so every reading is itself point-in-time and earlier weeks are read the same way
    whatever the forecast date (which lets a backtest reuse them through `cache`). No rows at all in the window means the store has no event data covering it:
    the group then contributes nothing (rather than reading silence as calm). `cache` (a dict) lets a
    backtest on a weekly grid reuse the readings of earlier dates."""
    ev, why = _events_module()
    none = ": the event-derived group contributes nothing"
    if ev is None:
        return EventSignal(False, why + none)
    cache = {} if cache is None else cache
    try:
        has = getattr(ev, "has_events", None)
        if has is not None:
            if ("has-events", dyad) not in cache:
                cache[("has-events", dyad)] = bool(has(store, dyad))
            if not cache[("has-events", dyad)]:
                return EventSignal(False, f"no event data for {dyad} in the store" + none)
        rows, day = [], as_of
        while day > as_of - dt.timedelta(days=indicator.window_days):
            rows += _period_rows(ev, store, dyad, day, cache)
            day = day - dt.timedelta(days=day.weekday() + 1)   # the previous week, read at its last day
    except Exception as exc:  # noqa: BLE001
        return EventSignal(False, f"event indicators failed ({type(exc).__name__}: {exc})" + none)
    if not rows:
        return EventSignal(False, f"no event data for {dyad} in the {indicator.window_days} days to {as_of}" + none)
    seen, detail = set(), []
    for row in rows:
        if not row.get("alert"):
            continue
        k = (row.get("period"), row.get("realm"), row.get("direction"))
        if k in seen:
            continue
        seen.add(k)
        detail.append(str(row.get("reason") or f"alert in {k}"))
    return EventSignal(True, f"{len(seen)} escalation alert(s) in the {indicator.window_days} days to {as_of} "
                             f"(event data, weekly)", len(seen), [], detail)
