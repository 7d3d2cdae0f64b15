"""Compare dyads side by side: `dyadwatch compare UKR-BLR BLR-RUS`.

For each dyad: the latest annual trade turnover by each reporter (whose records) with its change on the same
reporter's previous year, dependence shares stated by sources (claims of kind share), counts of dated events by
realm, sanctions designations linked to each country where any are loaded, and the numbers of claims, events and
sources. Every figure keeps its source ids. Bundled datasets are loaded first (as `assess` does) unless told not to.
"""
from __future__ import annotations

from typing import Any

from dyadwatch.errors import InputError

SHARE_INDICATORS = ("trade_share", "export_share", "import_share", "trade_dependence")


def _dyad(text: str):
    from dyadwatch.countries import Dyad

    try:
        return Dyad.parse(text)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parse failure is a usage error naming the argument
        raise InputError(f"dyad {text!r}: {exc}", hint="write a dyad as two country codes, e.g. UKR-BLR") from None


def trade_latest(store, a: str, b: str) -> list[dict[str, Any]]:
    """Per reporter (a country's own records only, never a compiled dataset): the latest year with a turnover
    figure, its value, the previous year's and the change (%), and the sources."""
    from dyadwatch.realms.economic import series

    rows = [r for r in series(store, a, b, "A") if r["turnover_usd"] is not None]
    out = []
    for rep in (a, b):
        mine = sorted((r for r in rows if r["reporter"] == rep), key=lambda r: r["period"])
        if not mine:
            out.append({"reporter": rep, "period": None, "turnover_usd": None, "previous_usd": None,
                        "change_pct": None, "source_ids": []})
            continue
        last = mine[-1]
        prev = next((r for r in mine if r["period"] == str(int(last["period"]) - 1)), None)
        out.append({"reporter": rep, "period": last["period"], "turnover_usd": last["turnover_usd"],
                    "previous_usd": prev["turnover_usd"] if prev else None, "change_pct": last["change_pct"],
                    "source_ids": sorted(set(last["source_ids"]) | set(prev["source_ids"] if prev else []))})
    return out


def shares(store, label: str) -> list[dict[str, Any]]:
    """The latest stated dependence share per (indicator, reporter, partner) among the dyad's claims."""
    rows = store.query(
        "SELECT indicator, reporter, partner, period, value, hedge, source_id FROM claims WHERE dyad = ? AND kind = 'share' "
        "AND indicator IN (SELECT unnest(?::VARCHAR[])) AND value IS NOT NULL ORDER BY period", [label,
                                                                                           list(SHARE_INDICATORS)])
    latest: dict[tuple, dict] = {}
    for r in rows:
        latest[(r["indicator"], r["reporter"], r["partner"])] = r
    return [{"indicator": k[0], "reporter": k[1], "partner": k[2], "period": r["period"], "share_pct": r["value"],
             "hedge": r["hedge"], "source_ids": [r["source_id"]]} for k, r in sorted(latest.items(), key=lambda kv: str(kv[0]))]


def sanctions(store, countries: list[str], as_of: str | None) -> dict[str, Any]:
    """Designations linked to each country, by issuer, when any are loaded; otherwise says so."""
    from dyadwatch.sanctions import indicators as si

    if not si.loaded(store):
        return {"loaded": False, "countries": {},
                "note": "no sanctions designations are loaded (dyadwatch ingest sanctions FILE)"}
    out = {}
    for c in countries:
        s = si.summary(store, c, as_of=as_of)
        out[c] = {"entities": s["entities"], "designations": s["designations"],
                  "by_issuer": [{"issuer": r["issuer"], "entities": r["entities"]} for r in s["by_issuer"]],
                  "source_ids": s["sources"]}
    return {"loaded": True, "countries": out, "note": None}


def one(store, dyad, as_of: str | None = None) -> dict[str, Any]:
    label, a, b = dyad.label, dyad.a.iso3, dyad.b.iso3
    events = store.query("SELECT realm, count(*) AS n FROM events WHERE dyad IN (?, ?) "
                         + ("AND date <= ? " if as_of else "") + "GROUP BY realm ORDER BY realm",
                         [label, f"{b}-{a}"] + ([as_of] if as_of else []))
    counts = store.query(
        "SELECT (SELECT count(*) FROM claims WHERE dyad IN ($1, $2)) AS claims, "
        "(SELECT count(*) FROM events WHERE dyad IN ($1, $2)) AS events, "
        "(SELECT count(DISTINCT s) FROM (SELECT source_id AS s FROM claims WHERE dyad IN ($1, $2) UNION ALL "
        " SELECT source_id FROM events WHERE dyad IN ($1, $2))) AS sources", [label, f"{b}-{a}"])[0]
    return {"dyad": label, "first": a, "second": b, "trade": trade_latest(store, a, b), "shares": shares(store, label),
            "events_by_realm": {r["realm"]: r["n"] for r in events}, "sanctions": sanctions(store, [a, b], as_of),
            "counts": counts}


def compare(store, dyads: list[str], *, load_bundled: bool = True, as_of: str | None = None) -> dict[str, Any]:
    """The key indicators of two or more dyads side by side ({"dyads": [...], "loaded": [...]})."""
    from dyadwatch.assess import bundled_key
    from dyadwatch.curated import load_bundled as _load

    if len(dyads) < 2:
        raise InputError("compare needs at least two dyads", hint="e.g. dyadwatch compare UKR-BLR BLR-RUS")
    parsed = [_dyad(d) for d in dyads]
    if len({frozenset((d.a.iso3, d.b.iso3)) for d in parsed}) < len(parsed):
        raise InputError("the same dyad is named twice", hint="name each dyad once")
    loaded = []
    if load_bundled:
        from dyadwatch.sanctions.bundled import ensure_bundled

        for d in parsed:
            key = bundled_key(d)
            if key:
                loaded += [dict(f, dyad=d.label) for f in _load(store, key).files]
        ensure_bundled(store)   # the official lists' Belarus-regime subsets, as assess loads them
    return {"dyads": [one(store, d, as_of) for d in parsed], "loaded": loaded, "as_of": as_of}


def table_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per indicator, one column per dyad: the plain table `dyadwatch compare` prints."""
    def money(v):
        return "–" if v is None else (f"${v / 1e9:.2f}bn" if abs(v) >= 1e9 else f"${v / 1e6:.1f}m")

    ds = result["dyads"]
    rows: list[dict[str, Any]] = []

    def add(name, values):
        rows.append({"indicator": name, **{d["dyad"]: v for d, v in zip(ds, values)}})

    for i in (0, 1):
        add(f"latest turnover, {'first' if i == 0 else 'second'} country's records",
            [f"{d['trade'][i]['reporter']} {d['trade'][i]['period'] or '–'}: {money(d['trade'][i]['turnover_usd'])}"
             + (f" ({d['trade'][i]['change_pct']:+.1f}%)" if d["trade"][i]["change_pct"] is not None else "")
             for d in ds])
    for d in ds:   # the table shows one share per dyad (a trade share first); --json has them all
        d["_shares"] = sorted(d["shares"], key=lambda s: (s["indicator"] != "trade_share", s["period"] or ""))
    add("dependence shares stated", ["; ".join(f"{s['indicator'].replace('_', ' ')} {s['reporter']}→{s['partner']} "
                                              f"{s['period']}: {(s['hedge'] + ' ') if s['hedge'] else ''}{s['share_pct']:g}%"
                                              for s in d.pop("_shares")[:1])
                                    or "–" for d in ds])
    realms = sorted({r for d in ds for r in d["events_by_realm"]})
    for r in realms:
        add(f"events: {r.replace('_', ' ')}", [d["events_by_realm"].get(r, 0) for d in ds])
    add("sanctions designations (entities)", [
        "; ".join(f"{c}: {v['entities']}" for c, v in d["sanctions"]["countries"].items())
        if d["sanctions"]["loaded"] else "not loaded" for d in ds])
    for k in ("claims", "events", "sources"):
        add(k, [d["counts"][k] for d in ds])
    return rows
