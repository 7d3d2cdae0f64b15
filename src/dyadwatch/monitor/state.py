"""What an update compares (:func:`snapshot`) and the alerts the comparison yields (:func:`alerts`).

Alert kinds: ``new_events`` (counts by realm, the day with the most material conflict), ``event_spike`` (a
change point on the daily series), ``warning_change`` (a target's probability crossed a threshold or moved by
more than a set amount), ``redline`` (a new crossing or near-crossing), ``new_designations`` (by issuer),
``new_trade_period`` (a newly published year or month, with its change), ``source_failed`` and
``source_stale``. Thresholds: ``data/monitor/alerts.yaml`` (defaults, per-dyad overrides).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

EVENT_WHERE = "(actor1_country IN (?, ?) OR actor2_country IN (?, ?))"


def _pair(d) -> list[str]:
    return [d.a.iso3, d.b.iso3, d.a.iso3, d.b.iso3]


def thresholds(d, overrides: dict | None = None) -> dict[str, dict]:
    """alerts.yaml's defaults with the pair's overrides (and the caller's, e.g. a test's) applied."""
    from dyadwatch.monitor import config

    conf = config("alerts.yaml", d.label, section="defaults")
    for key, over in (overrides or {}).items():
        conf.setdefault(key, {}).update(over)
    return conf


def _warning(store, d, today: dt.date, horizon: int, seed: dict | None = None) -> tuple[dict[str, float], dict]:
    """Every target's probability, and the event realm's readings of past days (to seed the next run).

    The warning model reads the event realm week by week, each week as published by its last day; those
    readings of past days do not change when rows published later arrive, so a run passes the previous run's
    (`seed`, checked by the caller) and only the current week is computed again."""
    try:
        from dyadwatch.warning.card import load_card
        from dyadwatch.warning.model import forecast

        card = load_card(d.label)
    except Exception:  # noqa: BLE001 - no model card for this dyad: no warning to watch
        return {}, {}
    cache: dict = {("event-rows", d.label, day): rows for day, rows in (seed or {}).items()}
    out = {}
    for target in card.targets:
        try:
            out[target] = forecast(store, d.label, target, horizon, as_of=today, with_moves=False,
                                   cache=cache)["probability"]
        except Exception:  # noqa: BLE001 - a horizon the target does not have
            continue
    past = {k[2]: v for k, v in cache.items() if isinstance(k, tuple) and len(k) == 3 and k[0] == "event-rows"
            and k[1] == d.label and k[2] < today.isoformat()}
    return out, past


def _seed(store, state: dict | None) -> dict:
    """The previous state's past-day event readings, if no row published on or before those days arrived since."""
    if not state or not state.get("warning_cache") or not state.get("computed_at"):
        return {}
    last_day = max(state["warning_cache"])
    changed = store.scalar("SELECT count(*) FROM events_raw WHERE loaded_at > ? AND (date_added IS NULL "
                           "OR CAST(date_added AS DATE) <= ?)", [state["computed_at"], last_day])
    return {} if changed else state["warning_cache"]


def _redlines(store, d, today: dt.date) -> dict[str, dict]:
    try:
        from dyadwatch.warning.redlines import check

        res = check(store, d.label, today)
    except Exception:  # noqa: BLE001 - no red lines defined for this dyad
        return {}
    return {r["id"]: {"title": r["title"], "status": r["status"], "crossed": [x["id"] for x in r["crossed"]],
                      "close": [x["id"] for x in r["close"]], "source_id": r.get("source_id") or res.get("source_id"),
                      "last": (r["crossed"] or r["close"] or [{}])[-1]} for r in res["rules"]}


def fingerprint(store, today: dt.date, conf: dict | None = None) -> str:
    """Changes whenever anything a snapshot reads changes (rows added or replaced, a new day)."""
    row = store.query(
        "SELECT (SELECT count(*) FROM events_raw) AS e, (SELECT max(loaded_at) FROM events_raw) AS el, "
        "(SELECT count(*) FROM ingest_ledger) AS l, (SELECT max(ingested_at) FROM ingest_ledger) AS ll, "
        "(SELECT count(*) FROM events) AS c, (SELECT count(*) FROM observations) AS o, "
        "(SELECT max(loaded_at) FROM observations) AS ol, (SELECT count(*) FROM sanctions_designations) AS s")[0]
    return hashlib.sha256(json.dumps([today.isoformat(), row, conf], default=str, sort_keys=True).encode()
                          ).hexdigest()[:24]


def cached_snapshot(store, d, today: dt.date, reuse: dict | None = None, conf: dict | None = None) -> dict[str, Any]:
    """:func:`snapshot`, or `reuse` / the last run's stored state when nothing it reads has changed since."""
    conf = conf if conf is not None else thresholds(d)
    fp = fingerprint(store, today, conf)
    if reuse is not None and reuse.get("fingerprint") == fp:
        return reuse
    last = store.scalar("SELECT state FROM monitor_runs WHERE dyad = ? AND state IS NOT NULL "
                        "ORDER BY started_at DESC LIMIT 1", [d.key])
    if last:
        got = json.loads(last)
        if got.get("fingerprint") == fp:
            return got
    previous = reuse if reuse is not None else (json.loads(last) if last else None)
    snap = snapshot(store, d, today, conf, seed=_seed(store, previous))
    snap["fingerprint"] = fp
    return json.loads(json.dumps(snap, default=str))


def snapshot(store, d, today: dt.date, conf: dict | None = None, seed: dict | None = None) -> dict[str, Any]:
    """The state an update compares before and after: event rows, warning, red lines, designations, trade,
    source currency."""
    from dyadwatch.currency import source_status

    from dyadwatch.monitor.runs import db_now

    conf = conf if conf is not None else thresholds(d)
    wconf = conf.get("warning_change", {})
    computed_at = db_now(store)
    warning, wcache = (_warning(store, d, today, int(wconf.get("horizon", 90)), seed)
                       if wconf.get("enabled", True) else ({}, {}))
    ev = {r["realm"]: int(r["n"]) for r in store.query(
        f"SELECT realm, count(*) AS n FROM events_raw WHERE {EVENT_WHERE} GROUP BY realm", _pair(d))}
    des = {r["issuer"]: int(r["n"]) for r in store.query(
        "SELECT s.issuer, count(DISTINCT s.id) AS n FROM sanctions_designations s JOIN sanctioned_entity_countries c "
        "ON c.entity_id = s.entity_id AND c.ledger_sha256 = s.ledger_sha256 WHERE c.iso3 IN (?, ?) GROUP BY 1",
        [d.a.iso3, d.b.iso3])}
    trade = {}
    for r in store.query("SELECT reporter, length(period) = 4 AS annual, max(period) AS p FROM observations "
                         "WHERE dataset = 'comtrade' AND reporter IN (?, ?) AND partner IN (?, ?) GROUP BY ALL",
                         _pair(d)):
        trade[f"{r['reporter']}:{'A' if r['annual'] else 'M'}"] = r["p"]
    status = source_status(store, d.a.iso3, d.b.iso3, as_of=today)
    return {"events": ev, "designations": des, "trade": trade, "spike": spike(store, d, conf.get("event_spike", {})),
            "warning": warning, "warning_cache": wcache, "computed_at": computed_at.isoformat(sep=" "),
            "redlines": _redlines(store, d, today),
            "stale": {_key(e): bool(e["stale"]) for e in status},
            "currency": {_key(e): e for e in status}}


def _key(e: dict) -> str:
    return e["source"] + (f":{e['reporter']}" if e.get("reporter") else "")


def _alert(kind: str, severity: str, title: str, message: str, data: dict, evidence: list) -> dict:
    return {"kind": kind, "severity": severity, "title": title, "message": message, "data": data,
            "evidence": evidence}


# --- the kinds ----------------------------------------------------------------------------------------
def _new_events(store, d, since, conf) -> list[dict]:
    rows = store.query(f"SELECT realm, count(*) AS n, min(date) AS lo, max(date) AS hi FROM events_raw "
                       f"WHERE loaded_at >= ? AND {EVENT_WHERE} GROUP BY realm ORDER BY realm", [since, *_pair(d)])
    total = sum(int(r["n"]) for r in rows)
    if total < int(conf.get("min_rows", 1)):
        return []
    by = {r["realm"]: int(r["n"]) for r in rows}
    lo, hi = min(r["lo"] for r in rows), max(r["hi"] for r in rows)
    top = store.query(f"SELECT date, count(*) AS n FROM events_raw WHERE loaded_at >= ? AND quad_class = 4 "
                      f"AND {EVENT_WHERE} GROUP BY date ORDER BY n DESC, date DESC LIMIT 1", [since, *_pair(d)])
    evidence = []
    peak = None
    if top:
        peak = {"date": top[0]["date"].isoformat(), "material_conflict": int(top[0]["n"])}
        evidence = [{"dataset": r["dataset"], "event_id": r["event_id"], "date": r["date"].isoformat(),
                     "event_code": r["event_code"], "actors": f"{r['actor1_country']}->{r['actor2_country']}",
                     "url": r["source_url"]} for r in store.query(
            f"SELECT dataset, event_id, date, event_code, actor1_country, actor2_country, source_url FROM events_raw "
            f"WHERE loaded_at >= ? AND quad_class = 4 AND date = ? AND {EVENT_WHERE} "
            f"ORDER BY num_articles DESC NULLS LAST, event_id LIMIT 5", [since, top[0]["date"], *_pair(d)])]
    if not evidence:
        evidence = [{"dataset": r["dataset"], "event_id": r["event_id"], "date": r["date"].isoformat(),
                     "event_code": r["event_code"], "url": r["source_url"]} for r in store.query(
            f"SELECT dataset, event_id, date, event_code, source_url FROM events_raw WHERE loaded_at >= ? "
            f"AND {EVENT_WHERE} ORDER BY date DESC, event_id LIMIT 5", [since, *_pair(d)])]
    parts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in by.items())
    msg = f"{total} new event record(s) for {d.label} dated {lo} to {hi} ({parts})."
    if peak:
        msg += f" The day with the most material conflict is {peak['date']} ({peak['material_conflict']} record(s))."
    return [_alert("new_events", "warning" if peak and peak["material_conflict"] >= 5 else "info",
                   f"{total} new events for {d.label}", msg,
                   {"total": total, "by_realm": by, "from": lo.isoformat(), "to": hi.isoformat(),
                    "peak_material_conflict_day": peak}, evidence)]


def spike(store, d, conf) -> dict | None:
    """The latest upward change point of the dyad's daily event count (over the last `days` days of coverage,
    never before the first stored day: days before coverage are not zeros), or None."""
    from dyadwatch.realms.events import change_points

    row = store.query(f"SELECT min(date) AS lo, max(date) AS hi FROM events_raw WHERE {EVENT_WHERE}", _pair(d))[0]
    if row["hi"] is None:
        return None
    days = int(conf.get("days", 90))
    hi = row["hi"]
    lo = max(hi - dt.timedelta(days=days - 1), row["lo"])
    n = (hi - lo).days + 1
    counts = {r["date"]: int(r["n"]) for r in store.query(
        f"SELECT date, count(*) AS n FROM events_raw WHERE date BETWEEN ? AND ? AND {EVENT_WHERE} GROUP BY date",
        [lo, hi, *_pair(d)])}
    dates = [lo + dt.timedelta(days=i) for i in range(n)]
    values = [float(counts.get(x, 0)) for x in dates]
    cps = change_points(values, min_size=int(conf.get("min_size", 3)))
    if not cps:
        return None
    cp = cps[-1]
    before = values[(cps[-2] if len(cps) > 1 else 0):cp]
    after = values[cp:]
    mb, ma = sum(before) / len(before), sum(after) / len(after)
    if ma < float(conf.get("min_level", 3)) or ma < float(conf.get("min_ratio", 2.0)) * max(mb, 0.5):
        return None
    return {"change_point": dates[cp].isoformat(), "mean_before": round(mb, 2), "mean_after": round(ma, 2),
            "window": [lo.isoformat(), hi.isoformat()],
            "days": [{"date": x.isoformat(), "count": int(v)} for x, v in zip(dates[cp:], after)][-10:]}


def _event_spike(before: dict | None, after: dict | None, d) -> list[dict]:
    if not after or (before and before.get("change_point") == after["change_point"]):
        return []
    return [_alert("event_spike", "warning", f"Event spike for {d.label} from {after['change_point']}",
                   f"The daily count of event records for {d.label} shifted on {after['change_point']}: "
                   f"{after['mean_after']:.1f} a day since, against {after['mean_before']:.1f} a day before "
                   f"(a change point on the days {after['window'][0]} to {after['window'][1]}).",
                   {k: v for k, v in after.items() if k != "days"}, after["days"])]


def _warning_change(before: dict, after: dict, conf: dict, d) -> list[dict]:
    out = []
    levels = sorted(float(x) for x in conf.get("thresholds") or [])
    move = float(conf.get("move", 0.02))
    for target, p1 in after.items():
        p0 = before.get(target)
        if p0 is None:
            continue
        crossed = [t for t in levels if (p0 < t) != (p1 < t)]
        if not crossed and abs(p1 - p0) < move:
            continue
        up = p1 > p0
        why = (f"crossed {', '.join(f'{t:.0%}' for t in crossed)}" if crossed else
               f"moved by {abs(p1 - p0) * 100:.1f} points")
        out.append(_alert("warning_change", "warning" if up else "info",
                          f"{target} warning {'up' if up else 'down'}: {p0:.1%} → {p1:.1%}",
                          f"The probability of {target} for {d.label} went from {p0:.1%} to {p1:.1%} ({why}).",
                          {"target": target, "before": p0, "after": p1, "crossed": crossed},
                          [{"command": f"dyadwatch warning {d.a.iso3} {d.b.iso3} --target {target}"}]))
    return out


def _redline(before: dict, after: dict, conf: dict, d) -> list[dict]:
    out = []
    for rid, r in after.items():
        old = before.get(rid) or {"crossed": [], "close": []}
        new_crossed = [x for x in r["crossed"] if x not in old["crossed"]]
        new_close = [x for x in r["close"] if x not in old["close"]] if conf.get("close", True) else []
        if not new_crossed and not new_close:
            continue
        kind = "crossed" if new_crossed else "close"
        out.append(_alert("redline", "critical" if new_crossed else "warning",
                          f"Red line {kind}: {r['title']}",
                          f"{r['title']}: {len(new_crossed or new_close)} new event(s) "
                          f"{'cross it' if new_crossed else 'come close to it'}"
                          + (f", last on {r['last'].get('date')}: {r['last'].get('summary')}" if r.get("last") else "")
                          + ".", {"rule": rid, "status": r["status"], "events": new_crossed or new_close},
                          [{"event_id": e, "source_id": r.get("source_id")} for e in (new_crossed or new_close)]))
    return out


def _designations(before: dict, after: dict, conf: dict, d) -> list[dict]:
    new = {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0) >= int(conf.get("min", 1))}
    if not new:
        return []
    text = ", ".join(f"{k} {v}" for k, v in sorted(new.items(), key=lambda kv: -kv[1]))
    return [_alert("new_designations", "info", f"{sum(new.values())} new sanctions designations ({d.label})",
                   f"New designations of persons or entities linked to {d.a.iso3} or {d.b.iso3}, by issuer: {text}.",
                   {"by_issuer": new}, [{"command": f"dyadwatch sanctions summary --country {d.b.iso3}"}])]


def _trade_value(store, reporter: str, partner: str, period: str) -> float | None:
    v = store.scalar("SELECT sum(value) FROM (SELECT flow, arg_max(value, vintage) AS value FROM observations "
                     "WHERE dataset = 'comtrade' AND reporter = ? AND partner = ? AND period = ? "
                     "AND flow IN ('X', 'M') AND product = 'TOTAL' GROUP BY flow)", [reporter, partner, period])
    return float(v) if v is not None else None


def _trade(store, before: dict, after: dict, d) -> list[dict]:
    out = []
    for key, period in after.items():
        if before.get(key) == period:
            continue
        reporter, freq = key.split(":")
        partner = d.other(reporter).iso3
        if freq == "A":
            prev = str(int(period) - 1)
        else:
            prev = f"{int(period[:4]) - 1}{period[4:]}"
        now_v, prev_v = _trade_value(store, reporter, partner, period), _trade_value(store, reporter, partner, prev)
        change = (now_v / prev_v - 1) if now_v is not None and prev_v else None
        msg = f"{reporter} published its {'annual' if freq == 'A' else 'monthly'} trade with {partner} for {period}"
        if now_v is not None:
            msg += f": turnover ${now_v / 1e6:,.1f}m"
            if change is not None:
                msg += f", {change:+.1%} on {prev}"
        src = store.scalar("SELECT source_id FROM observations WHERE dataset = 'comtrade' AND reporter = ? AND "
                           "period = ? ORDER BY vintage DESC LIMIT 1", [reporter, period])
        out.append(_alert("new_trade_period", "info", f"New trade period: {reporter} {period}", msg + ".",
                          {"reporter": reporter, "partner": partner, "period": period, "previous": before.get(key),
                           "turnover": now_v, "change": change, "compared_with": prev}, [{"source_id": src}]))
    return out


def alerts(store, d, before: dict, after: dict, result, *, today: dt.date, first_run: bool,
           conf: dict | None = None) -> list[dict]:
    conf = conf if conf is not None else thresholds(d)
    since = result.db_started
    out = []
    out += _new_events(store, d, since, conf.get("new_events", {}))
    out += _event_spike(before.get("spike"), after.get("spike"), d)
    out += _warning_change(before["warning"], after["warning"], conf.get("warning_change", {}), d)
    out += _redline(before["redlines"], after["redlines"], conf.get("redline", {}), d)
    out += _designations(before["designations"], after["designations"], conf.get("new_designations", {}), d)
    out += _trade(store, before["trade"], after["trade"], d)
    for s in result.sources:
        if s.status == "failed":
            out.append(_alert("source_failed", "warning", f"Update of {s.source} failed",
                              f"{s.source} could not be updated for {d.label}: {s.error}. Its data stay as they were "
                              "and the next update tries again.", {"source": s.source, "error": s.error}, []))
    for key, stale in after["stale"].items():
        if stale and (first_run or not before["stale"].get(key)):
            e = after["currency"][key]
            from dyadwatch.currency import missing_phrase, stale_headline, verb

            what = missing_phrase(e) if e["missing"] else \
                f"{'end' if verb(e['label']) == 'are' else 'ends'} on {e['covers_to']} ({e['age_days']} days old)"
            out.append(_alert("source_stale", "info", stale_headline(e),
                              f"{e['label']}" + (f" ({e['reporter']}'s records)" if e.get("reporter") else "")
                              + f" {what}; rule: {e['stale_rule']}.",
                              {"source": e["source"], "reporter": e.get("reporter"), "covers_to": e["covers_to"],
                               "rule": e["stale_rule"]}, []))
    return out


def save_alerts(store, d, run_id: str, items: list[dict]) -> list[dict]:
    from dyadwatch.monitor.runs import now

    at = now(store)
    saved = []
    with store.transaction() as tx:
        for i, a in enumerate(items):
            aid = hashlib.sha256(f"{run_id}:{i}:{a['kind']}:{a['title']}".encode()).hexdigest()[:16]
            row = {"id": aid, "at": at.replace(microsecond=0).isoformat() + "Z", **a}
            tx.execute('INSERT INTO monitor_alerts (id, dyad, run_id, "at", kind, severity, title, message, data, '
                       "evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [aid, d.key, run_id, at, a["kind"], a["severity"], a["title"], a["message"],
                        json.dumps(a["data"], default=str), json.dumps(a["evidence"], default=str)])
            saved.append(json.loads(json.dumps(row, default=str)))
    return saved


def list_alerts(store, d, *, since=None, last: int | None = None) -> list[dict]:
    sql = ('SELECT id, "at", kind, severity, title, message, data, evidence FROM monitor_alerts WHERE dyad = ?')
    params: list = [d.key]
    if since is not None:
        sql += ' AND "at" >= ?'
        params.append(since)
    sql += ' ORDER BY "at" DESC, rowid DESC'
    if last is not None:
        sql += " LIMIT ?"
        params.append(int(last))
    rows = store.query(sql, params)
    for r in rows:
        r["at"] = r["at"].replace(microsecond=0).isoformat() + "Z"
        r["data"] = json.loads(r["data"]) if r["data"] else {}
        r["evidence"] = json.loads(r["evidence"]) if r["evidence"] else []
    return rows[::-1]
