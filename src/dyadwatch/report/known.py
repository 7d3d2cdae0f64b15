"""What was known by the report's date: the one filter every report block uses against hindsight.

A report dated D (``assess --as-of D``) shows only what an analyst could have known on D:

* a **source** is known when its own date is on or before D. A date that names a month or a year counts
  from its *last* day (a source dated "2022" may have appeared in December 2022, so a report of February
  2022 does not use it). An undated source cannot be placed and is kept;
* a dated **item** (an event, a claim's period, an observation's period, an update's evidence date) is known
  when it had begun by D, and its ``known_at`` (when it became public, where recorded) is on or before D;
* an item resting on several sources is known when every one of them is (:func:`known`), or, where an
  item may be cited to whichever of its sources was known (a timeline entry reported twice), through
  :func:`known_ids`.

Blocks filter their rows with :func:`known` / :func:`known_rows` before they cite anything; ``ctx.cite``
records any source dated after D that still slips through (``ReportContext.hindsight``), and the report's
summary names it, so a regression shows in every run and in the tests.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from dyadwatch.report.api import ReportContext


def _bound(value: Any, end: bool) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    from dyadwatch.periods import parse

    s = str(value).strip()
    p = parse(s) or parse(s[:10])
    return (p.end if end else p.start).isoformat() if p else None


def last_day(value: Any) -> str | None:
    """The last day a date or period label covers, as YYYY-MM-DD ('2022' → '2022-12-31', '2022-05' →
    '2022-05-31', '2023-01/2023-07' → '2023-07-31'); None when it is not a date."""
    return _bound(value, end=True)


def first_day(value: Any) -> str | None:
    """The first day a date or period label covers, as YYYY-MM-DD."""
    return _bound(value, end=False)


def source_date(ctx: ReportContext, sid: str | None) -> str | None:
    """The day by which source `sid` had certainly appeared (the last day its date covers), or None."""
    s = ctx.sources.get(sid) if sid else None
    return last_day(s.get("date")) if s else None


def source_known(ctx: ReportContext, sid: str | None) -> bool:
    """True unless the source is dated after the report's date."""
    day = source_date(ctx, sid)
    return day is None or day <= ctx.as_of


def known_ids(ctx: ReportContext, ids: Iterable[str | None]) -> list[str]:
    """The ids among `ids` of sources known by the report's date (order kept, empty ids dropped)."""
    return [s for s in ids if s and source_known(ctx, s)]


def known(ctx: ReportContext, sources: Iterable[str | None] | str | None = (), *, begun: Any = None,
          known_at: Any = None, ended: Any = None) -> bool:
    """Was an item known by the report's date? Every source of it is dated on or before the date; the period
    or day it is about had begun (`begun`) or wholly ended (`ended`) by then; and it was public (`known_at`)
    by then. Missing values do not count against it."""
    ids = [sources] if isinstance(sources, str) else list(sources or [])
    if any(not source_known(ctx, s) for s in ids if s):
        return False
    if begun is not None and (first_day(begun) or "") > ctx.as_of:
        return False
    if ended is not None and (last_day(ended) or "") > ctx.as_of:
        return False
    if known_at is not None and (first_day(known_at) or "") > ctx.as_of:
        return False
    return True


def known_rows(ctx: ReportContext, rows: Iterable[dict], *, source: str | None = "source_id",
               sources: str | None = None, begun: str | None = None, ended: str | None = None,
               known_at: str | None = "known_at") -> list[dict]:
    """The rows known by the report's date (:func:`known`), reading each row's source id (`source`), list of
    source ids (`sources`), date or period (`begun`: it had begun; `ended`: it was over) and `known_at`."""
    out = []
    for r in rows:
        ids = list(r.get(sources) or []) if sources else []
        if source and r.get(source):
            ids.append(r[source])
        if known(ctx, ids, begun=r.get(begun) if begun else None, ended=r.get(ended) if ended else None,
                 known_at=r.get(known_at) if known_at else None):
            out.append(r)
    return out


def known_observations(ctx: ReportContext, spec: dict) -> list[dict]:
    """Observations of `spec`'s indicator (and reporter/partner when given) known by the report's date, in
    period order (a later-known revision of a period last)."""
    rows = ctx.store.query(
        "SELECT period, value, source_id, known_at FROM observations WHERE indicator = ? "
        "AND coalesce(reporter, '') = coalesce(?, reporter, '') AND coalesce(partner, '') = coalesce(?, partner, '') "
        "ORDER BY period, known_at",
        [spec["indicator"], spec.get("reporter"), spec.get("partner")])
    # an observation without a known_at is known once its period has begun (the old rule) and its source is
    return known_rows(ctx, rows, begun="period")


def known_events(ctx: ReportContext, realm: str | None = None, dyad: str | None = None) -> list[dict]:
    """The dyad's curated events (``catalog.list_events``) dated on or before the report's date whose source
    is known by then."""
    from dyadwatch.catalog import list_events

    return known_rows(ctx, list_events(ctx.store, dyad or ctx.dyad.label, None, ctx.as_of, realm), begun="date",
                      known_at=None)


def known_claims(ctx: ReportContext, realm: str | None = None, dyad: str | None = None) -> list[dict]:
    """The dyad's claims (``catalog.list_claims`` order) stated by a source known by the report's date, about a
    period begun by then, and public by then (``known_at``)."""
    from dyadwatch.catalog import _dyad_filter, _check_realm

    _check_realm(realm)
    where, params = _dyad_filter(dyad or ctx.dyad.label)
    if realm:
        where += " AND realm = ?"
        params.append(realm)
    rows = ctx.store.query(
        "SELECT id, dyad, realm, indicator, kind, reporter, partner, subject, period, value, low, high, hedge, unit, "
        f"source_id, note, known_at FROM claims WHERE {where} ORDER BY realm, period NULLS LAST, id", params)
    return known_rows(ctx, rows, begun="period")


class KnownStore:
    """The store as it stood on the report's date, for the trade functions (``realms.economic``), which read
    ``store.table("observations")``: observations from sources published after the date, or public after it
    (``known_at``), are left out, so every trade figure is computed from what was known then. Everything else
    is the store itself."""

    def __init__(self, ctx: ReportContext):
        self._ctx = ctx

    def __getattr__(self, name: str):
        return getattr(self._ctx.store, name)

    def table(self, name: str):
        import ibis

        t = self._ctx.store.table(name)
        if name != "observations":
            return t
        later = _later_sources(self._ctx)
        if later:
            t = t.filter(t.source_id.isnull() | ~t.source_id.isin(later))
        return t.filter(t.known_at.isnull() | (t.known_at <= ibis.date(self._ctx.as_of)))

    def query(self, sql: str, params=None):
        """Rows of `sql` (which must select ``source_id``) whose source is known by the report's date."""
        return known_rows(self._ctx, self._ctx.store.query(sql, params), known_at=None)


def _later_sources(ctx: ReportContext) -> list[str]:
    """The ids of the store's sources dated after the report's date (computed once per report)."""
    cache = _cache(ctx)
    if "later" not in cache:
        cache["later"] = [sid for sid in ctx.sources if not source_known(ctx, sid)]
    return cache["later"]


def _cache(ctx: ReportContext) -> dict:
    """Per-report memo of derived lists; emptied when the report reloads its sources (new data were loaded)."""
    srcs = ctx.sources
    memo = ctx.__dict__.get("_known_cache")
    if memo is None or memo.get("_sources") is not srcs:
        memo = ctx.__dict__["_known_cache"] = {"_sources": srcs}
    return memo


def known_store(ctx: ReportContext) -> KnownStore:
    return KnownStore(ctx)


def known_trade(ctx: ReportContext, freq: str = "A", a: str | None = None, b: str | None = None) -> list[dict]:
    """The trade series (``realms.economic.series``) of the pair (default: the report's dyad) computed from the
    observations known by the report's date (:class:`KnownStore`); the caller decides which periods are over."""
    from dyadwatch.realms.economic import series

    cache = _cache(ctx)
    key = ("trade", freq, a or ctx.a, b or ctx.b)
    if key not in cache:   # several blocks read the same series: computed once per report (do not modify it)
        cache[key] = series(known_store(ctx), a or ctx.a, b or ctx.b, freq)
    return cache[key]


def past_dated(ctx: ReportContext) -> bool:
    """True when the report is dated before today (it shows what was known then)."""
    return ctx.as_of < dt.date.today().isoformat()
