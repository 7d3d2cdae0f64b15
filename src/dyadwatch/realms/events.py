"""Event-data indicators for the political, security and civil-society realms.

The heavy part — selecting the dyad's rows, deduplicating, assigning directions and aggregating per
period, realm and direction — is ONE Ibis expression (:func:`series_table`), so it runs unchanged on
DuckDB or Spark (:mod:`dyadwatch.store.engine`). The sequential statistics over the (small) aggregated
series — asymmetry, relationship memory, change points, z-score/CUSUM alerts — are plain Python over
that table, identical whatever engine produced it.

Directions for a dyad (A, B): ``A->B`` and ``B->A`` (actor 1 of one country, actor 2 of the other),
``undirected`` (both of those), ``in-B`` (not dyadic, located in B, with an actor of A or of a third
country: Ukrainian actors in Belarus, Russia–Ukraine events in Belarus) and ``in-A`` likewise.

Library API (used by the CLI, the report and the warning model)::

    series(store, "UKR", "BLR", freq="month", realm=None, dedup="one-a-day", engine=None) -> list[dict]
    top(store, "UKR", "BLR", period="2022-02", n=10) -> list[dict]
    indicators(store, "UKR-BLR", as_of="2022-02-20", freq="week") -> list[dict]
    alerts(store, "UKR-BLR", as_of="2022-02-20", freq="week") -> list[dict]
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

from dyadwatch.errors import InputError
from dyadwatch.schemas.events import DEDUP_KEYS, DEDUP_METHODS, DEFAULT_DEDUP

FREQS = ("day", "week", "month")
SERIES_KEYS = ("period", "realm", "direction", "n_events", "verbal_coop", "material_coop", "verbal_conflict",
               "material_conflict", "goldstein_sum", "goldstein_mean", "ccb", "material_conflict_share",
               "escalation", "rate_per_10k", "asymmetry", "memory", "change_point")
DIGITS = 9                  # decimals kept from an engine's floating-point aggregates
MEMORY_HALF_LIFE = 3.0      # periods
ALERT_WINDOW = 12           # trailing periods forming the baseline
ALERT_Z = 2.0               # z-score that raises an alert
CUSUM_K, CUSUM_H = 0.5, 4.0  # CUSUM allowance and decision threshold (in baseline standard deviations)


# --- arguments ----------------------------------------------------------------------------------------
def _dyad(a, b=None):
    from dyadwatch.countries import Dyad
    if b is None:
        return Dyad.parse(a)
    return Dyad(a, b)


def _check(freq: str, dedup: str, realm: str | None) -> None:
    from dyadwatch.errors import UnknownCodeError
    from dyadwatch.realms.event_mapping import REALMS

    if freq not in FREQS:
        raise UnknownCodeError("frequency", freq, FREQS, hint="use day, week or month")
    if dedup not in DEDUP_METHODS:
        raise UnknownCodeError("deduplication", dedup, DEDUP_METHODS,
                               hint="use one-a-day (default), url, url-date-loc or none")
    if realm is not None and realm not in REALMS + ("all",):
        raise UnknownCodeError("realm", realm, REALMS, hint="political, security, civil_society or economic")


def _date_end(text, what: str) -> dt.date | None:
    """The last day a bound covers: `--to 2017` is 2017-12-31, `--to 2017-05` is 2017-05-31."""
    d = _date(text, what)
    if d is None or isinstance(text, dt.date):
        return d
    s = str(text)
    if len(s) == 4:
        return dt.date(d.year, 12, 31)
    if len(s) == 7:
        return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1) - dt.timedelta(days=1)
    return d


def _date(text, what: str) -> dt.date | None:
    if text is None or isinstance(text, dt.date):
        return text
    s = str(text)
    try:
        if len(s) == 4:
            return dt.date(int(s), 1, 1)
        if len(s) == 7:
            return dt.date(int(s[:4]), int(s[5:7]), 1)
        return dt.date.fromisoformat(s)
    except ValueError:
        raise InputError(f"{what} {s!r} is not a date", hint="use YYYY, YYYY-MM or YYYY-MM-DD") from None


# --- the Ibis pipeline --------------------------------------------------------------------------------
def dedup(t, method: str):
    """Keep one row per deduplication key (the first by file, line): the Ibis twin of the
    events_dedup_* views."""
    import ibis

    if method == "none":
        return t
    t = t.mutate(url_key=t.source_url.fill_null(t.dataset.concat(":", t.event_id)),
                 loc_key=ibis.coalesce(t.action_feature_id, t.action_adm1, t.action_country,
                                       t.action_country_raw, ibis.literal("")))
    keys = [t[k] for k in DEDUP_KEYS[method]]
    w = ibis.window(group_by=keys, order_by=[t.file_sha, t.line, t.dataset, t.event_id])
    t = t.mutate(_rn=ibis.row_number().over(w))
    return t.filter(t._rn == 0).drop("_rn", "url_key", "loc_key")


def with_direction(t, a: str, b: str):
    """Rows touching the dyad, with their direction (see the module docstring)."""
    import ibis

    c1, c2, cl = t.actor1_country.fill_null(""), t.actor2_country.fill_null(""), t.action_country.fill_null("")
    third = (((c1 != "") & ~c1.isin([a, b])) | ((c2 != "") & ~c2.isin([a, b])))
    direction = ibis.cases(
        ((c1 == a) & (c2 == b), f"{a}->{b}"),
        ((c1 == b) & (c2 == a), f"{b}->{a}"),
        ((cl == b) & ((c1 == a) | (c2 == a) | third), f"in-{b}"),
        ((cl == a) & ((c1 == b) | (c2 == b) | third), f"in-{a}"),
        else_=ibis.null("string"))
    t = t.mutate(direction=direction)
    return t.filter(t.direction.notnull())


def dyad_events(engine, a: str, b: str, *, dedup_method: str = DEFAULT_DEDUP, date_from=None, date_to=None,
                as_of=None, datasets=None):
    """The dyad's deduplicated event rows with a direction column (an Ibis table)."""
    import ibis

    t = engine.table("events_raw")
    if datasets:
        t = t.filter(t.dataset.isin(list(datasets)))
    if date_from is not None:
        t = t.filter(t.date >= ibis.literal(date_from))
    if date_to is not None:
        t = t.filter(t.date <= ibis.literal(date_to))
    if as_of is not None:  # only what was published by then
        t = t.filter((t.date <= ibis.literal(as_of))
                     & (t.date_added.isnull() | (t.date_added.date() <= ibis.literal(as_of))))
    t = t.filter(t.actor1_country.isin([a, b]) | t.actor2_country.isin([a, b]) | t.action_country.isin([a, b]))
    t = with_direction(t, a, b)
    return dedup(t, dedup_method)


def _period(col, freq: str):
    return col.cast("date") if freq == "day" else col.truncate("W" if freq == "week" else "M").cast("date")


def series_table(engine, a: str, b: str, *, freq: str = "month", realm: str | None = None,
                 dedup_method: str = DEFAULT_DEDUP, date_from=None, date_to=None, as_of=None, datasets=None):
    """The aggregated indicator table as an Ibis expression: one row per (period, realm, direction)."""
    import ibis
    from dyadwatch.realms.event_mapping import escalation_roots

    ev = dyad_events(engine, a, b, dedup_method=dedup_method, date_from=date_from, date_to=date_to,
                     as_of=as_of, datasets=datasets)
    ev = ev.mutate(period=_period(ev.date, freq))
    # nullable string columns on both sides of the unions below (realm is NOT NULL in the store)
    ev = ev.select(period=ev.period, realm=ev.realm.cast("string"), direction=ev.direction.cast("string"),
                   quad_class=ev.quad_class, goldstein=ev.goldstein, event_root=ev.event_root)
    und = ev.filter(ev.direction.isin([f"{a}->{b}", f"{b}->{a}"])).mutate(direction=ibis.literal("undirected"))
    rows = ev.union(und, distinct=False)
    if realm == "all":      # every realm together only
        rows = rows.mutate(realm=ibis.literal("all").cast("string"))
    elif realm:
        rows = rows.filter(rows.realm == realm)
    else:                   # each realm, and all together
        rows = rows.union(rows.mutate(realm=ibis.literal("all")), distinct=False)
    one = lambda cond: ibis.ifelse(cond, 1, 0).sum()  # noqa: E731
    agg = rows.group_by(["period", "realm", "direction"]).aggregate(
        n_events=rows.count(),
        verbal_coop=one(rows.quad_class == 1), material_coop=one(rows.quad_class == 2),
        verbal_conflict=one(rows.quad_class == 3), material_conflict=one(rows.quad_class == 4),
        goldstein_sum=rows.goldstein.sum(), goldstein_n=rows.goldstein.count(),
        escalation=one(rows.event_root.isin(escalation_roots())))
    vol = engine.table("events_volume")
    vol = vol.filter(vol.country.isin([a, b])).mutate(period=_period(vol.date, freq))
    vol = vol.group_by("period").aggregate(volume=vol.total.sum())
    agg = agg.left_join(vol, "period").drop("period_right")
    n = agg.n_events.cast("float64")
    agg = agg.mutate(
        goldstein_mean=ibis.ifelse(agg.goldstein_n > 0, agg.goldstein_sum / agg.goldstein_n.cast("float64"),
                                   ibis.null("float64")),
        ccb=(agg.verbal_coop + agg.material_coop - agg.verbal_conflict - agg.material_conflict).cast("float64") / n,
        material_conflict_share=agg.material_conflict.cast("float64") / n,
        rate_per_10k=ibis.ifelse(agg.volume > 0, n * 10000.0 / agg.volume.cast("float64"), ibis.null("float64")))
    return agg.order_by(["realm", "direction", "period"])


def _records(df) -> list[dict[str, Any]]:
    out = []
    for rec in df.to_dict("records"):
        clean = {}
        for k, v in rec.items():
            if hasattr(v, "item"):
                v = v.item()
            if isinstance(v, float) and math.isnan(v):
                v = None
            if hasattr(v, "to_pydatetime"):
                v = v.to_pydatetime()
            if v is not None and type(v).__name__ == "Decimal":
                v = float(v)
            clean[k] = v
        out.append(clean)
    return out


def _fmt_period(value, freq: str) -> str:
    d = value.date() if isinstance(value, dt.datetime) else value
    return d.strftime("%Y-%m") if freq == "month" else d.isoformat()


def run_series_table(engine, a, b, *, compiled: bool | None = None, **kw) -> list[dict[str, Any]]:
    """Execute series_table on an engine; rows as plain dicts (period as a date), sorted by period, realm
    and direction. On DuckDB the precompiled SQL of :mod:`dyadwatch.realms.events_sql` runs instead of
    the Ibis expression (same rows, tested; no Ibis or pandas import) unless `compiled` is False."""
    if compiled is None:
        compiled = getattr(engine, "name", "") == "duckdb"
    if compiled:
        from dyadwatch.realms.events_sql import run_series_sql
        rows = run_series_sql(engine.store, a, b, **kw)
    else:
        rows = _records(engine.execute(series_table(engine, a, b, **kw)))
    for r in rows:
        p = r["period"]
        r["period"] = p.date() if isinstance(p, dt.datetime) else p
        for k, v in r.items():  # engines sum floats in different orders: the last bits are noise
            if isinstance(v, float):
                r[k] = round(v, DIGITS)
    rows.sort(key=lambda r: (r["period"], r["realm"], r["direction"]))
    return rows


# --- sequential statistics over the aggregated series ----------------------------------------------------
def _periods(start: dt.date, end: dt.date, freq: str) -> list[dt.date]:
    out, d = [], start
    while d <= end:
        out.append(d)
        if freq == "day":
            d += dt.timedelta(days=1)
        elif freq == "week":
            d += dt.timedelta(days=7)
        else:
            d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def _period_start(d: dt.date, freq: str) -> dt.date:
    if freq == "day":
        return d
    if freq == "week":
        return d - dt.timedelta(days=d.weekday())
    return d.replace(day=1)


def change_points(values: list[float], *, min_size: int = 3) -> list[int]:
    """Indices where the mean of `values` shifts: binary segmentation, splitting a segment when the
    reduction in squared error beats a BIC-type penalty 2·log(n)·σ²; returns sorted start indices.

    σ is the noise level, estimated from the median absolute difference of consecutive values (robust to
    the shifts themselves, unlike the overall variance, which a large shift would inflate until smaller
    shifts go unseen), never below one event."""
    n = len(values)
    if n < 2 * min_size or max(values) == min(values):
        return []
    diffs = sorted(abs(values[i] - values[i - 1]) for i in range(1, n))
    mid = len(diffs) // 2
    mad = diffs[mid] if len(diffs) % 2 else (diffs[mid - 1] + diffs[mid]) / 2
    sigma = max(mad / (0.6745 * math.sqrt(2)), 1.0)
    penalty = 2 * math.log(n) * sigma ** 2
    found: list[int] = []

    def split(lo: int, hi: int) -> None:
        seg = values[lo:hi]
        m = len(seg)
        if m < 2 * min_size:
            return
        total = sum(seg)
        sse = sum((v - total / m) ** 2 for v in seg)
        best, best_k, left = None, None, 0.0
        for k in range(1, m):
            left += seg[k - 1]
            if k < min_size or m - k < min_size:
                continue
            l_mean, r_mean = left / k, (total - left) / (m - k)
            cost = sum((v - l_mean) ** 2 for v in seg[:k]) + sum((v - r_mean) ** 2 for v in seg[k:])
            if best is None or cost < best:
                best, best_k = cost, k
        if best is not None and sse - best > penalty:
            found.append(lo + best_k)
            split(lo, lo + best_k)
            split(lo + best_k, hi)

    split(0, n)
    return sorted(found)


def _scores(counts: list[float], window: int = ALERT_WINDOW) -> list[tuple[float | None, float, float, float]]:
    """Per period: (z against the trailing window, CUSUM, baseline mean, baseline sd)."""
    out, s = [], 0.0
    for i, x in enumerate(counts):
        base = counts[max(0, i - window):i]
        if len(base) < 3:
            out.append((None, 0.0, float("nan"), float("nan")))
            continue
        mean = sum(base) / len(base)
        sd = math.sqrt(sum((v - mean) ** 2 for v in base) / (len(base) - 1))
        sd = max(sd, math.sqrt(mean), 1.0)  # count data: never below the Poisson sd, never below one event
        z = (x - mean) / sd
        s = max(0.0, s + z - CUSUM_K)
        out.append((z, s, mean, sd))
    return out


def enrich(rows: list[dict], freq: str, a: str, b: str, *, end: dt.date | None = None) -> list[dict]:
    """Add asymmetry, memory and change_point to aggregated rows (in place) and format periods."""
    by_key: dict[tuple, dict[dt.date, dict]] = {}
    for r in rows:
        by_key.setdefault((r["realm"], r["direction"]), {})[r["period"]] = r
    # asymmetry: ccb A->B minus ccb B->A in the same period and realm
    for (realm, _), per in by_key.items():
        ab, ba = by_key.get((realm, f"{a}->{b}"), {}), by_key.get((realm, f"{b}->{a}"), {})
        for p, r in per.items():
            r["asymmetry"] = (ab[p]["ccb"] - ba[p]["ccb"]) if p in ab and p in ba else None
    if rows:
        first = min(r["period"] for r in rows)
        last = max(end or first, max(r["period"] for r in rows))
        grid = _periods(first, _period_start(last, freq), freq)
        w = 0.5 ** (1.0 / MEMORY_HALF_LIFE)
        for per in by_key.values():
            num = den = 0.0
            counts = []
            for p in grid:
                r = per.get(p)
                num = num * w + ((r["goldstein_sum"] or 0.0) if r else 0.0)
                den = den * w + ((r["goldstein_n"] or 0) if r else 0)
                counts.append(float(r["n_events"]) if r else 0.0)
                if r:
                    r["memory"] = num / den if den else None
            cps = {grid[i] for i in change_points(counts)}
            for p, r in per.items():
                r["change_point"] = p in cps
    for r in rows:
        r["period"] = _fmt_period(r["period"], freq)
        r.pop("goldstein_n", None)
        r.pop("volume", None)
    return rows


# --- public functions ---------------------------------------------------------------------------------
def series(store, a, b=None, *, freq: str = "month", realm: str | None = None, dedup: str = DEFAULT_DEDUP,
           engine: str | None = None, date_from=None, date_to=None, as_of=None, datasets=None) -> list[dict]:
    """Indicator rows per period, realm and direction (keys: SERIES_KEYS). `a` may be 'UKR-BLR'."""
    from dyadwatch.store.engine import get_engine

    _check(freq, dedup, realm)
    d = _dyad(a, b)
    A, B = d.a.iso3, d.b.iso3
    as_of = _date(as_of, "--as-of")
    with get_engine(engine, store) as eng:
        rows = run_series_table(eng, A, B, freq=freq, realm=realm, dedup_method=dedup,
                                date_from=_date(date_from, "--from"), date_to=_date_end(date_to, "--to"),
                                as_of=as_of, datasets=datasets)
    rows = enrich(rows, freq, A, B, end=as_of)
    return [{k: r.get(k) for k in SERIES_KEYS} for r in rows]


def _period_bounds(period: str) -> tuple[dt.date, dt.date]:
    s = str(period)
    start = _date(s, "--period")
    if len(s) == 4:
        return start, dt.date(start.year, 12, 31)
    if len(s) == 7:
        nxt = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    return start, start


def top(store, a, b=None, *, period: str, n: int = 10, dedup: str = "none", engine: str | None = None,
        realm: str | None = None) -> list[dict]:
    """The most-reported events of a period (YYYY, YYYY-MM or YYYY-MM-DD): rows grouped by date, actors,
    code and direction, ranked by mentions (GDELT NumMentions; one per row elsewhere), with source URLs."""
    import ibis
    from dyadwatch.store.engine import get_engine

    _check("day", dedup, realm)
    d = _dyad(a, b)
    lo, hi = _period_bounds(period)
    with get_engine(engine, store) as eng:
        ev = dyad_events(eng, d.a.iso3, d.b.iso3, dedup_method=dedup, date_from=lo, date_to=hi)
        if realm:
            ev = ev.filter(ev.realm == realm)
        g = ev.group_by(["date", "direction", "actor1_country", "actor2_country", "action_country", "event_code",
                         "realm"]).aggregate(
            mentions=ev.num_mentions.fill_null(1).sum(), rows=ev.count(),
            goldstein=ev.goldstein.mean(), actor1=ev.actor1_name.max(), actor2=ev.actor2_name.max(),
            location=ev.action_name.max(), datasets=ev.dataset.collect(distinct=True),
            sources=ev.source_url.collect(distinct=True))
        # a total order (nullable keys filled: DuckDB sorts NULLs last, Spark first), so both engines keep
        # the same rows at the limit
        g = g.order_by([ibis.desc("mentions"), ibis.desc("rows"), "date", g.event_code.fill_null(""), "direction",
                        g.actor1_country.fill_null(""), g.actor2_country.fill_null(""),
                        g.action_country.fill_null(""), "realm"]).limit(n)
        out = _records(eng.execute(g))
    for r in out:
        r["date"] = r["date"].date().isoformat() if isinstance(r["date"], dt.datetime) else str(r["date"])
        r["sources"] = sorted(s for s in (r.get("sources") or []) if s)[:5]
        r["datasets"] = sorted(r.get("datasets") or [])
    return out


def indicators(store, dyad, as_of=None, *, freq: str = "week", dedup: str = DEFAULT_DEDUP,
               engine: str | None = None, window: int = ALERT_WINDOW) -> list[dict]:
    """Event-derived indicators for the warning model, using only data published by `as_of`.

    One dict per (realm, direction) for the period containing `as_of`: n_events, escalation (events
    with CAMEO roots 13, 15–20 or their PLOVER/ACLED equivalents), z (escalation vs the trailing
    `window` periods), cusum, baseline_mean, baseline_sd, ccb, goldstein_mean, memory, alert (bool) and
    reason (plain text)."""
    from dyadwatch.store.engine import get_engine

    d = _dyad(dyad)
    A, B = d.a.iso3, d.b.iso3
    as_of = _date(as_of, "as_of") or dt.date.today()
    start = _period_start(as_of, freq)
    with get_engine(engine, store) as eng:
        rows = run_series_table(eng, A, B, freq=freq, dedup_method=dedup, as_of=as_of,
                                date_from=_periods_back(start, freq, window + 1))
    first = _periods_back(start, freq, window)
    grid = _periods(first, start, freq)
    keyed: dict[tuple, dict] = {}
    for r in rows:
        keyed.setdefault((r["realm"], r["direction"]), {})[r["period"]] = r
    out = []
    for (realm, direction), per in sorted(keyed.items()):
        counts = [float(per[p]["escalation"]) if p in per else 0.0 for p in grid]
        z, s, mean, sd = _scores(counts, window)[-1]
        cur = per.get(start, {})
        alert = (z is not None and z >= ALERT_Z) or s >= CUSUM_H
        reason = None
        if alert:
            reason = (f"{int(counts[-1])} escalation events ({realm}, {direction}) in the {freq} of "
                      f"{_fmt_period(start, freq)} against a baseline of {mean:.1f} ± {sd:.1f} over {window} "
                      f"{freq}s (z = {z:.1f}, CUSUM = {s:.1f})")
        out.append({"dyad": d.label, "as_of": as_of.isoformat(), "freq": freq, "period": _fmt_period(start, freq),
                    "realm": realm, "direction": direction, "n_events": cur.get("n_events", 0),
                    "escalation": int(counts[-1]), "z": z, "cusum": s,
                    "baseline_mean": None if math.isnan(mean) else mean,
                    "baseline_sd": None if math.isnan(sd) else sd, "ccb": cur.get("ccb"),
                    "goldstein_mean": cur.get("goldstein_mean"), "alert": alert, "reason": reason})
    return out


def alerts(store, dyad, as_of=None, **kw) -> list[dict]:
    """The subset of :func:`indicators` that raise an alert (z ≥ 2 or CUSUM ≥ 4 on escalation counts)."""
    return [r for r in indicators(store, dyad, as_of, **kw) if r["alert"]]


def _periods_back(start: dt.date, freq: str, k: int) -> dt.date:
    if freq == "day":
        return start - dt.timedelta(days=k)
    if freq == "week":
        return start - dt.timedelta(days=7 * k)
    y, m = start.year, start.month - k
    while m <= 0:
        y, m = y - 1, m + 12
    return dt.date(y, m, 1)


def has_events(store, dyad) -> bool:
    d = _dyad(dyad)
    return bool(store.scalar(
        "SELECT count(*) FROM events_raw WHERE actor1_country IN (?, ?) OR actor2_country IN (?, ?) "
        "OR action_country IN (?, ?)", [d.a.iso3, d.b.iso3] * 3))
