"""One update of a dyad (:func:`run_update`): per source, fetch only what is new since its cursor, ingest it,
recompute, record the run.

Sources and their cursors (``monitor_cursors``):

- ``gdelt``: the last GDELT 2.0 15-minute stamp ingested (``YYYYMMDDHHMMSS``). A run asks for the days from
  the cursor's day to today (first run: ``days_back`` days, default 90); files already verified in the
  download cache are not downloaded again and files already ingested add nothing (ledger), so only files
  published since are fetched. GDELT's daily volume file (``normfiles/daily_country.csv``) is fetched once a
  day, on the first run of the day.
- ``comtrade``: per frequency and reporter, the latest period stored. Comtrade cannot be asked "what changed
  since", and countries publish late and revise, so every run asks the same window — the last 10 years
  annual and the last 36 months monthly, both reporters — and an answer equal to what is stored adds
  nothing (the connector compares the records' digest).
- ``sanctions``: per configured OpenSanctions dataset, the version in its ``index.json``; an unchanged
  version downloads nothing.

A source that fails is recorded as failed with its error; its cursor does not move; the other sources go
on and their results are committed. The connectors commit their rows file by file (GDELT) or fetch by fetch
(Comtrade, sanctions) and are idempotent, and a cursor only moves after its rows are committed: a run killed
at any point loses nothing, and the next run resumes from the last cursor.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from typing import Any

from dyadwatch.errors import DyadwatchError, InputError, SourceError

SOURCES = ("gdelt", "comtrade", "sanctions")
EXIT_OK, EXIT_INPUT, EXIT_SOURCE = 0, 2, 4


@dataclass
class SourceResult:
    source: str
    status: str = "ok"            # ok | failed | offline | skipped (asked recently: min_interval_hours)
    rows: int = 0
    files: int = 0
    cursor_before: str | None = None
    cursor_after: str | None = None
    error: str | None = None
    detail: dict = field(default_factory=dict)
    seconds: float = 0.0

    def line(self) -> str:
        if self.status == "ok":
            return (f"{self.source}: ok, {self.rows:,} row(s) added from {self.files} file(s)/request(s)"
                    + (f"; {self.detail['summary']}" if self.detail.get("summary") else "")
                    + (f"; cursor {self.cursor_after}" if self.cursor_after else ""))
        if self.status == "skipped":
            return f"{self.source}: skipped, {self.detail.get('summary')}"
        if self.status == "offline":
            return f"{self.source}: not reached (--offline); nothing fetched, nothing lost"
        return f"{self.source}: FAILED: {self.error} (its cursor stays at {self.cursor_before or 'the start'})"

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "status": self.status, "rows_added": self.rows, "files": self.files,
                "cursor_before": self.cursor_before, "cursor_after": self.cursor_after, "error": self.error,
                "seconds": round(self.seconds, 3), "detail": self.detail}


def _log_forecast(store, d, today) -> int | str:
    """After an update, keep the model's forecast of today in the forecast registry (idempotent), so that the
    model builds a track record of its own; a dyad without a warning model card logs nothing and says why."""
    from dyadwatch.errors import ModelError
    from dyadwatch.warning.card import load_card
    from dyadwatch.warning.registry import log_model_forecasts

    try:
        load_card(d.label)
    except ModelError:
        return "no warning model for this pair"
    return log_model_forecasts(store, d.label, today, today, "day", today=today, questions=False)


@dataclass
class UpdateResult:
    dyad: str
    run_id: str
    started_at: str
    finished_at: str | None = None
    sources: list[SourceResult] = field(default_factory=list)
    alerts: list[dict] = field(default_factory=list)
    notifications: list[dict] = field(default_factory=list)
    exit_code: int = EXIT_OK
    seconds: dict = field(default_factory=dict)   # recompute (before/after state) and alerts timings
    db_started: Any = None                        # the start on the clock of the tables' loaded_at
    forecasts_logged: int | str = 0               # the model's forecasts of today added to the registry

    @property
    def failed(self) -> list[str]:
        return [s.source for s in self.sources if s.status == "failed"]

    def as_dict(self) -> dict[str, Any]:
        return {"dyad": self.dyad, "run_id": self.run_id, "started_at": self.started_at,
                "finished_at": self.finished_at, "exit_code": self.exit_code, "failed": self.failed,
                "sources": [s.as_dict() for s in self.sources], "alerts": self.alerts,
                "notifications": self.notifications, "forecasts_logged": self.forecasts_logged, "seconds": {k: round(v, 3) for k, v in self.seconds.items()}}


def parse_sources(text: str | None) -> list[str]:
    if not text:
        return list(SOURCES)
    out = []
    for part in text.split(","):
        name = part.strip().lower()
        if not name:
            continue
        if name not in SOURCES:
            raise InputError(f"--sources: unknown source {name!r}", hint=f"choose from {', '.join(SOURCES)}")
        if name not in out:
            out.append(name)
    if not out:
        raise InputError("--sources: no source named", hint=f"choose from {', '.join(SOURCES)}")
    return out


def _date(value, what: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{what} {value!r} is not a date YYYY-MM-DD", hint="e.g. --from 2026-09-01") from None


# --- GDELT --------------------------------------------------------------------------------------------
def _gdelt(store, d, cursor: str | None, conf: dict, today: dt.date, date_from: dt.date | None) -> SourceResult:
    from dyadwatch.sources import gdelt_fetch

    state = json.loads(cursor) if cursor else {}
    stamp = state.get("stamp")
    if date_from:
        start = date_from
    elif stamp:
        start = dt.date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
    else:
        start = today - dt.timedelta(days=int(conf.get("days_back", 90)))
    start = min(start, today)
    volume = state.get("volume") != today.isoformat()
    s = gdelt_fetch.fetch(store, start, today, version=2, dyad=d, volume=volume,
                          workers=int(conf.get("workers", 4)))
    res = SourceResult("gdelt")
    ingested = {}
    if s.ingest:
        for f in s.ingest.files:
            ingested[f.source.rsplit("/", 1)[-1]] = f
    bad = sorted([name for name, _ in s.failed if name.endswith(".zip")]
                 + [name for name, f in ingested.items() if f.status == "failed"])
    good = sorted(n for n, f in ingested.items() if f.status != "failed")
    new_stamp = max([stamp or ""] + [n[:14] for n in good]) or None
    res.rows = s.ingest.total("rows_kept") if s.ingest else 0
    res.files = len(s.downloaded)
    res.detail = {"from": start.isoformat(), "to": today.isoformat(), "expected": s.expected, "listed": s.listed,
                  "downloaded": len(s.downloaded), "cached": len(s.cached), "not_published": len(s.not_published),
                  "ingested": sum(1 for f in ingested.values() if f.status == "ingested"),
                  "volume": bool(s.volume), "summary": s.line()}
    new_state = {"stamp": new_stamp}
    vol_failed = any(name.startswith("normfiles") for name, _ in s.failed)
    new_state["volume"] = today.isoformat() if volume and not vol_failed else state.get("volume")
    res.cursor_after = json.dumps(new_state, sort_keys=True)
    if bad:
        res.status = "failed"
        reasons = dict(s.failed)
        res.error = (f"{len(bad)} GDELT file(s) failed, first {bad[0]}: "
                     f"{reasons.get(bad[0]) or ingested[bad[0]].message}")
    return res


# --- Comtrade -----------------------------------------------------------------------------------------
def _comtrade_keys(store, d) -> int:
    return store.scalar("SELECT count(*) FROM (SELECT DISTINCT reporter, partner, flow, product, period FROM observations "
                        "WHERE dataset = 'comtrade' AND reporter IN (?, ?))", [d.a.iso3, d.b.iso3]) or 0


def _comtrade(store, d, cursor: str | None, conf: dict, today: dt.date, date_from: dt.date | None) -> SourceResult:
    """Comtrade has no "what changed since" query, and countries publish late and revise: each run asks the
    same window (the last `annual_years` years, the last `monthly_months` months, or from --from). An answer
    equal to the stored one adds nothing (the connector compares the records' digest); a changed one is stored
    as a new vintage. Rows added = data points (reporter, partner, flow, product, period) not stored before."""
    from dyadwatch.sources import comtrade

    res = SourceResult("comtrade")
    hs = conf.get("hs") or ["TOTAL"]
    plans = []
    for freq in ("A", "M"):
        if date_from:
            first = date_from.year
        elif freq == "A":
            first = today.year - int(conf.get("annual_years", 10))
        else:
            first = (today.replace(day=1) - dt.timedelta(days=31 * int(conf.get("monthly_months", 36)))).year
        last = today.year - 1 if freq == "A" else today.year
        if first <= last:
            plans.append((freq, list(range(first, last + 1))))
    keys_before = _comtrade_keys(store, d)
    requests = 0
    details = []
    for freq, years in plans:
        try:
            r = comtrade.fetch(store, d.a.iso3, d.b.iso3, years, freq=freq, hs=hs,
                               retries=int(conf.get("retries", 4)), backoff=float(conf.get("backoff", 1.0)))
        except SourceError as exc:
            if type(exc).__name__ == "EmptyResultError":
                details.append({"freq": freq, "years": f"{years[0]}-{years[-1]}", "status": "empty"})
                requests += 2
                continue
            raise
        requests += r.requests
        details.append({"freq": freq, "years": f"{years[0]}-{years[-1]}", "status": r.status,
                        "records": r.records, "vintage": r.vintage})
    res.rows = _comtrade_keys(store, d) - keys_before
    # the cursor: per frequency and reporter, the latest period now stored
    new_state: dict[str, dict] = {"A": {}, "M": {}}
    for row in store.query("SELECT reporter, length(period) = 4 AS annual, max(period) AS p FROM observations "
                           "WHERE dataset = 'comtrade' AND reporter IN (?, ?) AND partner IN (?, ?) GROUP BY ALL",
                           [d.a.iso3, d.b.iso3, d.a.iso3, d.b.iso3]):
        new_state["A" if row["annual"] else "M"][row["reporter"]] = row["p"]
    res.files = requests
    res.cursor_after = json.dumps(new_state, sort_keys=True)
    res.detail = {"fetches": details,
                  "summary": "; ".join(f"{x['freq']} {x['years']}: {x['status']}" for x in details)}
    return res


# --- sanctions ----------------------------------------------------------------------------------------
def dataset_version(dataset: str) -> str | None:
    """The version OpenSanctions gives a dataset in its ``index.json`` (None when it has no index)."""
    from dyadwatch.errors import FetchError
    from dyadwatch.sanctions.fetch import dataset_url
    from dyadwatch.sources import http

    url = dataset_url(dataset).rsplit("/", 1)[0] + "/index.json"
    try:
        meta = http.get(url, retries=1, backoff=0.2, timeout=30).json()
    except FetchError as exc:
        if getattr(exc, "status", None) == 404:
            return None
        raise
    if not isinstance(meta, dict):
        return None
    version = meta.get("version") or meta.get("last_change") or meta.get("updated_at")
    return str(version) if version else None


def _sanctions(store, d, cursor: str | None, conf: dict, today: dt.date, date_from: dt.date | None) -> SourceResult:
    from dyadwatch.sanctions import fetch as sfetch

    state = json.loads(cursor) if cursor else {}
    res = SourceResult("sanctions")
    details = []
    for ds in conf.get("datasets") or ["sanctions"]:
        version = dataset_version(ds)
        if version and state.get(ds) == version:
            details.append({"dataset": ds, "version": version, "status": "unchanged"})
            continue
        r = sfetch.fetch(store, ds, conf.get("format", "ftm"))
        res.files += 1
        added = getattr(r, "designations", None)
        if added is None:
            added = getattr(r, "rows_kept", 0) or 0
        status = getattr(r, "status", "loaded")
        if status != "unchanged":
            res.rows += int(added or 0)
        state[ds] = version or getattr(r, "sha256", None) or today.isoformat()
        details.append({"dataset": ds, "version": version, "status": status})
    res.cursor_after = json.dumps(state, sort_keys=True)
    res.detail = {"datasets": details, "summary": "; ".join(f"{x['dataset']}: {x['status']}" for x in details)}
    return res


STEPS = {"gdelt": _gdelt, "comtrade": _comtrade, "sanctions": _sanctions}


# --- the run ------------------------------------------------------------------------------------------
def _asked_recently(store, d, source: str, conf: dict) -> str | None:
    """Why a source is not asked in this run (its last success is within `min_interval_hours`), or None."""
    hours = float(conf.get("min_interval_hours") or 0)
    if hours <= 0:
        return None
    last = store.scalar("SELECT max(finished_at) FROM monitor_source_runs WHERE dyad = ? AND source = ? "
                        "AND status = 'ok'", [d.key, source])
    if last is None:
        return None
    from dyadwatch.monitor.runs import now

    if now(store) - last >= dt.timedelta(hours=hours):
        return None
    return (f"asked at {last.replace(microsecond=0).isoformat()} UTC; asked at most every {hours:g} h "
            f"(min_interval_hours in data/monitor/update.yaml; --sources {source} asks now)")



def run_update(store, a, b, *, date_from=None, sources: str | list[str] | None = None, notify: list[str] | None = None,
               offline: bool = False, today=None, progress=None, overrides: dict | None = None) -> UpdateResult:
    """Update the dyad (a, b) in an open store; see the module docstring. Never raises for a source failure:
    the result lists it (exit code 4)."""
    from dyadwatch.countries import Dyad
    from dyadwatch.monitor import config, runs, state

    d = Dyad(a, b)
    names = sources if isinstance(sources, list) else parse_sources(sources)
    start_day = _date(date_from, "--from")
    today = _date(today, "today") or dt.datetime.now(dt.timezone.utc).date()
    if start_day and start_day > today:
        raise InputError(f"--from {start_day} is after today ({today})")
    conf = config("update.yaml", d.label)
    for key, over in (overrides or {}).items():   # e.g. a test's {"comtrade": {"retries": 0}}
        if key != "alerts":
            conf.setdefault(key, {}).update(over)
    aconf = state.thresholds(d, (overrides or {}).get("alerts"))
    t0 = time.perf_counter()
    before = state.cached_snapshot(store, d, today, conf=aconf)
    before_s = time.perf_counter() - t0
    run_id, started = runs.start_run(store, d, {"sources": names, "from": start_day, "offline": offline,
                                                "notify": notify or []})
    result = UpdateResult(d.label, run_id, str(started))
    result.db_started = runs.db_now(store)
    result.seconds["state_before"] = before_s
    for name in names:
        cursor = runs.get_cursor(store, d, name)
        runs.start_source(store, run_id, d, name, cursor)
        t0 = time.perf_counter()
        recent = None if (sources or start_day) else _asked_recently(store, d, name, conf.get(name, {}))
        if offline:
            res = SourceResult(name, status="offline", cursor_before=cursor)
        elif recent:
            res = SourceResult(name, status="skipped", detail={"summary": recent})
        else:
            try:
                res = STEPS[name](store, d, cursor, conf.get(name, {}), today, start_day)
            except DyadwatchError as exc:
                res = SourceResult(name, status="failed", error=str(exc))
            except Exception as exc:  # noqa: BLE001 - one source's bug must not stop the others
                res = SourceResult(name, status="failed", error=f"{type(exc).__name__}: {exc}")
        res.cursor_before = cursor
        res.seconds = time.perf_counter() - t0
        with store.transaction() as tx:
            if res.status == "ok" and res.cursor_after and res.cursor_after != cursor:
                runs.set_cursor(tx, d, name, res.cursor_after, run_id)
            elif res.status != "ok":
                res.cursor_after = cursor          # a failed (or skipped) source's cursor does not move
            runs.finish_source(tx, run_id, name, status=res.status, rows=res.rows, files=res.files,
                               cursor=res.cursor_after, error=res.error, detail=res.detail)
        result.sources.append(res)
        if progress:
            progress(res)
    t0 = time.perf_counter()
    after = state.cached_snapshot(store, d, today, reuse=before, conf=aconf)
    result.seconds["state_after"] = time.perf_counter() - t0
    result.forecasts_logged = _log_forecast(store, d, today)
    t0 = time.perf_counter()
    first = store.scalar("SELECT count(*) FROM monitor_runs WHERE dyad = ?", [d.key]) == 1
    alerts = state.alerts(store, d, before, after, result, today=today, first_run=first, conf=aconf)
    result.alerts = state.save_alerts(store, d, run_id, alerts)
    result.seconds["alerts"] = time.perf_counter() - t0
    if notify:
        from dyadwatch.monitor import notify as nt

        result.notifications = nt.deliver(store, d, run_id, result.alerts, notify)
    result.exit_code = EXIT_SOURCE if result.failed else EXIT_OK
    runs.finish_run(store, run_id, "failed" if result.failed else ("offline" if offline else "ok"), after)
    result.finished_at = str(runs.now(store))
    return result
