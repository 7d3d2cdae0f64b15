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


def trade_latest(a: str, b: str, ctx) -> list[dict[str, Any]]:
    """Per reporter (a country's own records only, never a compiled dataset): the latest year with a turnover
    figure, its value, the previous year's and the change (%), and the sources; only what was known by the
    report context's date (complete years before it, from sources published by then)."""
    from dyadwatch.report.known import known_trade

    rows = [r for r in known_trade(ctx, "A", a, b) if r["turnover_usd"] is not None and r["period"] < ctx.as_of[:4]]
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


def shares(claims: list[dict]) -> list[dict[str, Any]]:
    """The latest stated dependence share per (indicator, reporter, partner) among the dyad's known claims."""
    rows = sorted((c for c in claims if c["kind"] == "share" and c["indicator"] in SHARE_INDICATORS
                   and c["value"] is not None), key=lambda c: (c["period"] is None, str(c["period"])))
    latest: dict[tuple, dict] = {}
    for r in rows:
        latest[(r["indicator"], r["reporter"], r["partner"])] = r
    return [{"indicator": k[0], "reporter": k[1], "partner": k[2], "period": r["period"], "share_pct": r["value"],
             "hedge": r["hedge"], "source_ids": [r["source_id"]]} for k, r in sorted(latest.items(), key=lambda kv: str(kv[0]))]


def sanctions(store, countries: list[str], as_of: str | None, ctx) -> dict[str, Any]:
    """Designations linked to each country, by issuer, when any are loaded; otherwise says so. A country no loaded
    list has a programme for (the bundled lists are Belarus-regime subsets) gets no count of 0 but a note
    (`no_programme_data`); lists published after the report context's date are not used (`later_lists`)."""
    from dyadwatch.report.known import known_ids
    from dyadwatch.sanctions import indicators as si

    if not si.loaded(store):
        return {"loaded": False, "countries": {},
                "note": "no sanctions designations are loaded (dyadwatch ingest sanctions FILE)"}
    targets = {r["program_target"] for r in store.query("SELECT DISTINCT program_target FROM sanctions_designations "
                                                         "WHERE program_target IS NOT NULL")}
    out = {}
    for c in countries:
        s = si.summary(store, c, as_of=as_of)
        issuers = s["by_issuer"]
        later = [r["issuer"] for r in issuers
                 if len(known_ids(ctx, [x["source_id"] for x in r["sources"]])) < len(r["sources"])]
        issuers = [r for r in issuers if r["issuer"] not in later]
        out[c] = {"entities": s["entities"] if not later else None,
                  "designations": s["designations"] if not later else sum(r["designations"] for r in issuers),
                  "by_issuer": [{"issuer": r["issuer"], "entities": r["entities"]} for r in issuers],
                  "source_ids": sorted({x["source_id"] for r in issuers for x in r["sources"]}) if later
                  else s["sources"],
                  "later_lists": later, "no_programme_data": not s["designations"] and c not in targets}
    return {"loaded": True, "countries": out, "note": None}


def events_by_realm(raw: list[dict]) -> tuple[dict[str, int], int]:
    """Curated dated events known by the report date, counted once each: an event recorded by two files or
    sources (same day, same words) is one event, as the report's timeline lists it
    (report.curated.dedupe_events). Returns ({realm: n}, number of duplicates merged)."""
    from dyadwatch.report.curated import dedupe_events

    out: dict[str, int] = {}
    merged = 0
    for realm in sorted({e["realm"] for e in raw}):
        mine = [e for e in raw if e["realm"] == realm]
        once = dedupe_events(mine)
        out[realm] = len(once)
        merged += len(mine) - len(once)
    return out, merged


def coded_events_by_realm(store, dyad, as_of: str | None) -> dict[str, int]:
    """Machine-coded events (GDELT, POLECAT, …) of the dyad by realm, deduplicated as the events realm does
    (its default key, one a day), published by `as_of`; empty when the store holds none."""
    from dyadwatch.realms import events as ev

    if not ev.has_events(store, dyad.label):
        return {}
    out: dict[str, int] = {}
    for r in ev.series(store, dyad.a.iso3, dyad.b.iso3, freq="month", as_of=as_of):
        out[r["realm"]] = out.get(r["realm"], 0) + int(r["n_events"] or 0)
    return out


def one(store, dyad, as_of: str | None = None) -> dict[str, Any]:
    import datetime as dt

    from dyadwatch.report.api import ReportContext
    from dyadwatch.report.known import known_claims, known_events

    label, a, b = dyad.label, dyad.a.iso3, dyad.b.iso3
    ctx = ReportContext(store=store, dyad=dyad, as_of=as_of or dt.date.today().isoformat())   # known by then
    claims, raw = known_claims(ctx), known_events(ctx)          # what was known by then, both orientations
    events, merged = events_by_realm(raw)
    counts = {"claims": len(claims), "events": sum(events.values()), "events_reported_twice": merged,
              "sources": len({r["source_id"] for r in claims + raw if r.get("source_id")})}
    return {"dyad": label, "first": a, "second": b, "trade": trade_latest(a, b, ctx),
            "shares": shares(claims), "events_by_realm": events,
            "coded_events_by_realm": coded_events_by_realm(store, dyad, as_of),
            "sanctions": sanctions(store, [a, b], as_of, ctx), "counts": counts}


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
    from dyadwatch.periods import words

    add("dependence shares stated", ["; ".join(f"{s['indicator'].replace('_', ' ')} {s['reporter']}→{s['partner']} "
                                              f"{words(s['period'])}: {(s['hedge'] + ' ') if s['hedge'] else ''}{s['share_pct']:g}%"
                                              for s in d.pop("_shares")[:1])
                                    or "–" for d in ds])
    realms = sorted({r for d in ds for r in d["events_by_realm"]})
    for r in realms:
        add(f"events: {r.replace('_', ' ')}", [d["events_by_realm"].get(r, 0) for d in ds])
    coded = sorted({r for d in ds for r in d.get("coded_events_by_realm") or {}})
    for r in coded:
        add(f"machine-coded events, one a day: {r.replace('_', ' ')}",
            [(d.get("coded_events_by_realm") or {}).get(r, 0) for d in ds])
    from dyadwatch.countries import lookup

    def designations(c: str, v: dict) -> str:
        if v["no_programme_data"]:
            return f"{c}: no {lookup(c, 'iso3').name} programme data loaded"
        if v["entities"] is None:   # some lists were published after the as-of date: each earlier list's own count
            return f"{c}: " + (", ".join(f"{i['issuer']} {i['entities']}" for i in v["by_issuer"]) or
                               "no list published by then")
        return f"{c}: {v['entities']}"
    add("sanctions designations (entities)", [
        "; ".join(designations(c, v) for c, v in d["sanctions"]["countries"].items())
        if d["sanctions"]["loaded"] else "not loaded" for d in ds])
    for k in ("claims", "events", "sources"):
        add(k, [d["counts"][k] for d in ds])
    add("events recorded twice, counted once", [d["counts"]["events_reported_twice"] for d in ds])
    return rows
