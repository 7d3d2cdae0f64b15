"""How current is what the store holds for a dyad? (:func:`source_status`)

One entry per source — ``gdelt``, ``polecat``/``plover``/``acled`` when the store has their rows,
``comtrade`` (one entry per reporter: each country's own records), ``sanctions`` and ``curated`` (the
bundled, cited facts) — with::

    source, label, last_update, last_success, covers_from, covers_to, rows, stale, stale_rule,
    next_expected, error, age_days, missing (and reporter/freq for Comtrade)

Coverage is read from the store's own rows (so it works before any ``dyadwatch update`` ran); the run
history (``monitor_source_runs``) adds when each source was last tried and whether that failed. The rules
that make a source stale live in ``data/monitor/staleness.yaml``.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from dyadwatch.errors import InputError

RULES_PATH = Path(__file__).parent / "data" / "monitor" / "staleness.yaml"
EVENT_DATASETS = {"gdelt": ("gdelt1", "gdelt2", "gdelt2-translation"), "polecat": ("polecat",),
                  "plover": ("plover",), "acled": ("acled",)}
FIELDS = ("source", "last_update", "last_success", "covers_from", "covers_to", "rows", "stale", "stale_rule",
          "next_expected", "error")


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    """The staleness rules file, read safely and validated (dyadwatch.monitor.models.StalenessFile): every
    problem of the file is reported at once with its line (exit 2)."""
    from dyadwatch.monitor.models import StalenessFile
    from dyadwatch.safeyaml import load_valid, plain

    name = "data/monitor/staleness.yaml" if Path(path) == RULES_PATH else path
    doc, _ = load_valid(path, StalenessFile, name=name, kind="monitor-staleness", what="staleness rules")
    return plain(doc)


def rules(dyad_label: str | None = None, path: str | Path | None = None) -> dict[str, dict]:
    """The stale rules per source, with the dyad's overrides applied."""
    doc = _load(str(path or RULES_PATH))
    out = {k: dict(v) for k, v in doc["sources"].items()}
    for src, over in ((doc.get("dyads") or {}).get(dyad_label or "", {}) or {}).items():
        out.setdefault(src, {}).update(over or {})
    return out


# --- periods ------------------------------------------------------------------------------------------
def period_end(text: Any) -> dt.date | None:
    """The last day a period covers: 2021, 2021-02, 202102, 2021-02-24, 2021-Q3, '2023-01/2023-07'."""
    if text is None:
        return None
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    s = str(text).strip()
    if "/" in s:
        s = s.rsplit("/", 1)[1]
    m = re.fullmatch(r"(\d{4})", s)
    if m:
        return dt.date(int(s), 12, 31)
    m = re.fullmatch(r"(\d{4})-?(\d{2})", s)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12:
            return dt.date(y, mo, calendar.monthrange(y, mo)[1])
        return None
    m = re.fullmatch(r"(\d{4})-Q([1-4])", s, re.I)
    if m:
        y, q = int(m.group(1)), int(m.group(2))
        return dt.date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def next_period(period: str) -> str:
    if re.fullmatch(r"\d{4}", period):
        return str(int(period) + 1)
    end = period_end(period)
    nxt = _add_months(end.replace(day=1), 1)
    return f"{nxt.year}-{nxt.month:02d}"


def _day(value: Any) -> dt.date:
    if value is None:
        return dt.datetime.now(dt.timezone.utc).date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"as-of date {value!r} is not YYYY-MM-DD") from None


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# --- the store ----------------------------------------------------------------------------------------
def _has(store, table: str) -> bool:
    return table in set(store.tables())


def runs_by_source(store, dyad) -> dict[str, dict]:
    """Per source: the last attempt, the last success and the last attempt's error (from update runs)."""
    if not _has(store, "monitor_source_runs"):
        return {}
    rows = store.query(
        "SELECT source, max(started_at) AS last_update, max(finished_at) FILTER (WHERE status = 'ok') AS last_success,"
        " arg_max(error, started_at) AS error, arg_max(status, started_at) AS status "
        "FROM monitor_source_runs WHERE dyad = ? GROUP BY source", [dyad.key])
    return {r["source"]: r for r in rows}


def _ledger_time(store, kind_like: str) -> dt.datetime | None:
    return store.scalar("SELECT max(ingested_at) FROM ingest_ledger WHERE kind LIKE ?", [kind_like])


def _entry(source: str, rule: dict, **kw) -> dict[str, Any]:
    e = {"source": source, "label": rule.get("label", source), "last_update": None, "last_success": None,
         "covers_from": None, "covers_to": None, "rows": 0, "stale": False, "stale_rule": "", "next_expected": None,
         "error": None, "age_days": None, "missing": False, "source_ids": []}
    e.update(kw)
    return e


def _with_runs(e: dict, run: dict | None, ledger: dt.datetime | None) -> dict:
    if run:
        e["last_update"] = _iso(run["last_update"])
        e["last_success"] = _iso(run["last_success"])
        if run.get("status") not in ("ok", "skipped", "offline", "running"):
            e["error"] = run.get("error") or f"last update: {run.get('status')}"
    if e["last_success"] is None and ledger is not None:
        e["last_success"] = _iso(ledger)
    if e["last_update"] is None and ledger is not None:
        e["last_update"] = _iso(ledger)
    return e


def _events(store, d, source: str, rule: dict, day: dt.date, run: dict | None, required: bool) -> dict | None:
    sets = EVENT_DATASETS[source]
    row = store.query(
        f"SELECT min(date) AS lo, max(date) AS hi, count(*) AS n FROM events_raw WHERE dataset IN "
        f"({', '.join('?' for _ in sets)}) AND date <= ? AND (actor1_country IN (?, ?) OR actor2_country IN (?, ?))",
        [*sets, day, d.a.iso3, d.b.iso3, d.a.iso3, d.b.iso3])[0]
    if not row["n"] and not required and not run:
        return None
    ids = [r["dataset"] for r in store.query(
        f"SELECT DISTINCT dataset FROM events_raw WHERE dataset IN ({', '.join('?' for _ in sets)}) ORDER BY 1", list(sets))]
    lag = rule.get("max_lag_days", 2)
    e = _entry(source, rule, rows=int(row["n"]), covers_from=_iso(row["lo"]), covers_to=_iso(row["hi"]),
               stale_rule=f"stale when the latest event is more than {lag} day(s) before the as-of date",
               source_ids=ids)
    _with_runs(e, run, _ledger_time(store, f"{source}%"))
    if not row["n"]:
        e.update(stale=True, missing=True)
        return e
    e["age_days"] = (day - row["hi"]).days
    e["stale"] = e["age_days"] > lag
    if source == "gdelt":
        base = dt.datetime.fromisoformat(e["last_success"]) if e["last_success"] else None
        e["next_expected"] = _iso(base + dt.timedelta(minutes=15)) if base else None
    return e


def _comtrade(store, d, rule: dict, day: dt.date, run: dict | None) -> list[dict]:
    out = []
    rows = store.query(
        "SELECT reporter, period, count(*) AS n FROM observations WHERE dataset = 'comtrade' AND reporter IN (?, ?) "
        "AND partner IN (?, ?, 'WLD') GROUP BY ALL", [d.a.iso3, d.b.iso3, d.a.iso3, d.b.iso3])
    ledger = store.scalar("SELECT max(loaded_at) FROM observations WHERE dataset = 'comtrade' AND reporter IN (?, ?)",
                          [d.a.iso3, d.b.iso3])
    lag_a, lag_m = int(rule.get("annual_release_lag_months", 12)), int(rule.get("monthly_release_lag_months", 3))
    for rep in (d.a.iso3, d.b.iso3):
        mine = [r for r in rows if r["reporter"] == rep and (period_end(r["period"]) or day) <= day]
        e = _entry("comtrade", rule, reporter=rep,
                   stale_rule=f"stale when the next year is more than {lag_a} months past its end, or the next "
                              f"month more than {lag_m} months past its end, and still not in the store")
        _with_runs(e, run, ledger)
        if not mine:
            e.update(stale=True, missing=True)
            out.append(e)
            continue
        periods = sorted({str(r["period"]) for r in mine}, key=lambda p: (period_end(p), len(p)))
        e["rows"] = sum(int(r["n"]) for r in mine)
        e["source_ids"] = [r["source_id"] for r in store.query(
            "SELECT source_id FROM observations WHERE dataset = 'comtrade' AND reporter = ? "
            "ORDER BY loaded_at DESC, vintage DESC LIMIT 1", [rep])]
        e["covers_from"], e["covers_to"] = periods[0], periods[-1]
        monthly = [p for p in periods if len(p) > 4]
        annual = [p for p in periods if len(p) == 4]
        candidates = []   # (end of the latest period, next period, when the next is due)
        if annual:
            nxt = next_period(annual[-1])
            candidates.append((period_end(annual[-1]), nxt, _add_months(period_end(nxt), lag_a)))
        if monthly:
            nxt = next_period(monthly[-1])
            candidates.append((period_end(monthly[-1]), nxt, _add_months(period_end(nxt), lag_m)))
        _, nxt, due = max(candidates)   # the series reaching furthest decides
        e["next_period"], e["next_expected"] = nxt, due.isoformat()
        e["age_days"] = (day - period_end(periods[-1])).days
        e["stale"] = day > due
        out.append(e)
    return out


def _sanctions(store, d, rule: dict, day: dt.date, run: dict | None) -> dict:
    """A sanctions list is a snapshot: its age is the list's own date (the source's publication date, e.g. an
    OFAC file of January 2023), not the day it was loaded; a list without a date counts from its load. The entry
    is stale when any list in use is older than the rule allows, and names each list with its date.

    A list dated after the as-of date was not known then: it is not in use for that date (``lists`` holds the
    lists in use, ``later_lists`` the others, ``after_as_of`` their dates), so a past-dated assessment counts
    only designations from lists published by its date."""
    max_age = int(rule.get("max_age_days", 7))
    got = _ledger_time(store, "sanctions")
    e = _entry("sanctions", rule, stale_rule=f"stale when a list in use is more than {max_age} days older than the "
                                             "date of the assessment (a list's age is its own publication date, not "
                                             "when it was loaded)")
    _with_runs(e, run, got)
    if got is None:
        e.update(stale=True, missing=True)
        return e
    lists = []
    for r in store.query(
            "SELECT s.source_id, src.title, src.date, max(l.ingested_at) AS loaded FROM sanctions_designations s "
            "JOIN ingest_ledger l ON l.sha256 = s.ledger_sha256 LEFT JOIN sources src ON src.id = s.source_id "
            "GROUP BY s.source_id, src.title, src.date ORDER BY s.source_id"):
        dated = period_end(str(r["date"])) if r["date"] else None
        when = dated or min(r["loaded"].date(), day)
        lists.append({"source_id": r["source_id"], "title": r["title"], "date": when.isoformat(),
                      "dated_by": "list" if dated else "load", "after_as_of": when > day})
    if not lists:
        lists = [{"source_id": None, "title": None, "date": min(got.date(), day).isoformat(), "dated_by": "load",
                  "after_as_of": False}]
    later = [x for x in lists if x["after_as_of"]]
    lists = [x for x in lists if not x["after_as_of"]]
    e["later_lists"] = later
    e["after_as_of"] = [x["date"] for x in later]   # hindsight for this date: not used
    if not lists:   # every list was published after the as-of date: nothing was known then
        e.update(stale=True, missing=True, last_update=None, last_success=None)
        return e
    ids = [x["source_id"] for x in lists]
    row = store.query(
        "SELECT min(s.date) AS lo, count(DISTINCT s.id) AS n FROM sanctions_designations s "
        "JOIN sanctioned_entity_countries c ON c.entity_id = s.entity_id AND c.ledger_sha256 = s.ledger_sha256 "
        "WHERE c.iso3 IN (?, ?) AND (s.date IS NULL OR s.date <= ?) "
        "AND (s.source_id IS NULL OR s.source_id IN (SELECT unnest(?::VARCHAR[])))",
        [d.a.iso3, d.b.iso3, day.isoformat(), [i for i in ids if i]])[0]
    e["rows"], e["covers_from"] = int(row["n"] or 0), row["lo"]
    newest = max(dt.date.fromisoformat(x["date"]) for x in lists)
    oldest = min(dt.date.fromisoformat(x["date"]) for x in lists)
    e["covers_to"] = newest.isoformat()
    e["lists"] = lists
    e["source_ids"] = [x["source_id"] for x in lists if x["source_id"]]
    # "last updated": the newest list's own date (the data's date), not the day the bundled copy was loaded
    if run is None and any(x["dated_by"] == "list" for x in lists):
        e["last_update"] = e["last_success"] = max(x["date"] for x in lists if x["dated_by"] == "list")
    e["age_days"] = max((day - oldest).days, 0)
    e["stale"] = e["age_days"] > max_age
    e["next_expected"] = (got.date() + dt.timedelta(days=int(rule.get("cadence_days", 1)))).isoformat()
    return e


def _curated(store, d, rule: dict, day: dt.date) -> dict:
    max_age = int(rule.get("max_age_days", 120))
    labels = [f"{d.a.iso3}-{d.b.iso3}", f"{d.b.iso3}-{d.a.iso3}"]
    dates = [r["date"] for r in store.query("SELECT date FROM events WHERE dyad IN (?, ?)", labels)]
    dates += [r["period"] for r in store.query(
        "SELECT period FROM observations WHERE dataset = 'curated' AND reporter IN (?, ?) "
        "AND (partner IN (?, ?) OR partner IS NULL)",   # this pair's rows and its countries' own, not a third pair's
        [d.a.iso3, d.b.iso3, d.a.iso3, d.b.iso3])]
    ends = sorted(x for x in (period_end(t) for t in dates) if x is not None and x <= day)
    claims = store.scalar("SELECT count(*) FROM claims WHERE dyad IN (?, ?)", labels) or 0
    e = _entry("curated", rule, rows=len(ends) + int(claims),
               stale_rule=f"stale when the newest dated fact is more than {max_age} days before the as-of date")
    # "last updated": the data's own date, i.e. the newest source (on or before the as-of date) that the pair's
    # curated facts cite, not the day the bundled copy was loaded into this store
    cited = store.query(
        "SELECT DISTINCT s.date FROM sources s WHERE s.date IS NOT NULL AND s.id IN ("
        "SELECT source_id FROM events WHERE dyad IN (?, ?) UNION SELECT source_id FROM claims WHERE dyad IN (?, ?) "
        "UNION SELECT source_id FROM observations WHERE dataset = 'curated' AND reporter IN (?, ?) "
        "AND (partner IN (?, ?) OR partner IS NULL))", labels * 2 + [d.a.iso3, d.b.iso3] * 2)
    own = [x for x in (period_end(str(r["date"])) for r in cited) if x is not None and x <= day]
    if own:
        e["last_update"] = e["last_success"] = max(own).isoformat()
    else:
        _with_runs(e, None, _ledger_time(store, "curated"))
    if not ends:
        e.update(stale=True, missing=True)
        return e
    e["covers_from"], e["covers_to"] = ends[0].isoformat(), ends[-1].isoformat()
    e["age_days"] = (day - ends[-1]).days
    e["stale"] = e["age_days"] > max_age
    return e


def source_status(store, a, b=None, *, as_of=None, rules_path: str | Path | None = None) -> list[dict[str, Any]]:
    """One entry per source for the dyad (a, b), as of `as_of` (default today); see the module docstring."""
    from dyadwatch.countries import Dyad

    d = Dyad.parse(a) if b is None else Dyad(a, b)
    day = _day(as_of)
    rule = rules(d.label, rules_path)
    runs = runs_by_source(store, d)
    out: list[dict] = []
    for src in EVENT_DATASETS:
        e = _events(store, d, src, rule.get(src, {}), day, runs.get(src), required=(src == "gdelt"))
        if e:
            out.append(e)
    out.extend(_comtrade(store, d, rule.get("comtrade", {}), day, runs.get("comtrade")))
    out.append(_sanctions(store, d, rule.get("sanctions", {}), day, runs.get("sanctions")))
    out.append(_curated(store, d, rule.get("curated", {}), day))
    for e in out:
        e["as_of"] = day.isoformat()
    return out


def verb(label: str, singular: str = "is", plural: str = "are") -> str:
    """The verb that agrees with a source's label: 'Sanctions lists are', 'UN Comtrade trade statistics are',
    'GDELT 2.0 event data are' (data as a plural, as the report writes it), 'ACLED event data are'."""
    head = label.split("(")[0].split()
    last = head[-1].lower() if head else ""
    return plural if last == "data" or (last.endswith("s") and not last.endswith("ss")) else singular


def stale_headline(entry: dict) -> str:
    """'Sanctions lists are stale' (with the reporter of a Comtrade entry): the monitor's alert title."""
    return f"{entry['label']} {verb(entry['label'])} stale" + (f" ({entry['reporter']})" if entry.get("reporter")
                                                               else "")


def missing_phrase(entry: dict) -> str:
    """'have no data' or 'has no data', agreeing with the label."""
    return f"{verb(entry['label'], 'has', 'have')} no data"


def summary_line(entry: dict) -> str:
    """One plain sentence about a source's currency (the CLI and the report use it)."""
    who = entry["label"] + (f", {entry['reporter']}'s records" if entry.get("reporter") else "")
    if entry.get("missing"):
        text = f"{who}: no data in the store"
    else:
        text = (f"{who}: {entry['rows']:,} rows covering {entry['covers_from']} to {entry['covers_to']}"
                + (f", {entry['age_days']} days old" if entry.get("age_days") is not None else ""))
        text += " — STALE" if entry["stale"] else " — current"
    if entry.get("error"):
        text += f"; last update failed: {entry['error']}"
    return text
