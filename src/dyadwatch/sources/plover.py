"""PLOVER event records: JSON lines (one record a line), or a JSON array of records (the PLOVER
gold-standard files).

A record has ``id``, ``date``, the actors (``actor``, or ``source`` in the early records), the event
category (``event``: a string, or a list whose first item is used), and optionally the recipients
(``recipient`` or ``target``), ``mode`` and ``context`` (a list, or a comma/semicolon-separated string),
a location (``location`` or ``eventLoc``: ``{"name", "country"|"country code"}``) and ``dead`` (fatalities).
An actor is an object ``{"actorText", "code", "sector"}`` (a bare string is its code); the first actor of
each side is used; ``code`` is the country (ISO3, else any code the crosswalk knows), ``sector`` its
CAMEO-style type (GOV, MIL, REB …; a suffix after three letters, as in ``CVLalb``, is dropped).

Normalisation as for POLECAT: the category gives CAMEO root and quad class through
``data/realm_mapping.yaml``, the contexts and sectors feed the realm rules. Records are parsed one at a time
(a line, or an element of the array streamed by DuckDB's JSON reader) and staged in batches, so memory stays
bounded. Records whose ``event`` is ``DOCUMENT`` are file documentation, not events: counted as outside the
data, not quarantined.

Bad records are quarantined with their line (JSON lines) or record number (array) and reason: invalid JSON,
not an object, no id, no or an unreadable date, an event that is no PLOVER category.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from dyadwatch.sources.event_rows import STAGE_COLUMNS, finalise
from dyadwatch.sources.ingest import Counts, Item, ingest_files, quarantine

KIND = "plover"
SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.zip", ".json.zip")
BATCH = 5000
_SPLIT = re.compile(r"\s*[;,]\s*")


class BadRecord(ValueError):
    pass


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _actor(value: Any) -> tuple[str | None, str | None, str | None]:
    """(code, name, type) of the first actor of a side."""
    a = _first(value)
    if a in (None, ""):
        return None, None, None
    if isinstance(a, str):
        return a.strip() or None, None, None
    if not isinstance(a, dict):
        return None, None, None
    code = (a.get("code") or a.get("country") or "").strip() or None
    sector = a.get("sector") or a.get("type")
    sector = _first(sector)
    kind = None
    if sector and str(sector).strip("* "):
        from dyadwatch.realms.event_mapping import sector_type
        kind = sector_type(str(sector)) or str(sector).strip()[:3].upper()
    return code, (a.get("actorText") or a.get("name")), kind


def _list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    items = value if isinstance(value, list) else _SPLIT.split(str(value))
    return [str(x).strip().lower() for x in items if str(x).strip()]


def _date(value: Any) -> dt.date:
    if not isinstance(value, str) or not value.strip():
        raise BadRecord("no date")
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise BadRecord(f"date is not YYYY-MM-DD: {value!r}") from None


def _location(rec: dict) -> tuple[str | None, str | None, float | None, float | None]:
    loc = _first(rec.get("location") or rec.get("eventLoc"))
    if not isinstance(loc, dict):
        return None, None, None, None
    country = loc.get("country") or loc.get("country code") or loc.get("country_code")
    name = loc.get("name")
    if not country and name:
        country = name  # a country name as the place ("Lebanon") resolves; a town does not
    num = lambda k: float(loc[k]) if isinstance(loc.get(k), (int, float)) else None  # noqa: E731
    return (str(country).strip() or None) if country else None, name, num("lat"), num("lon")


def parse(rec: Any, line: int) -> dict | None:
    """One record as a staging row (dict over STAGE_COLUMNS); None for a DOCUMENT record; BadRecord when bad."""
    from dyadwatch.realms.event_mapping import plover_category

    if not isinstance(rec, dict):
        raise BadRecord(f"not a JSON object but {type(rec).__name__}")
    event = _first(rec.get("event"))
    if isinstance(event, str) and event.strip().upper() == "DOCUMENT":
        return None
    rid = rec.get("id")
    if rid in (None, ""):
        raise BadRecord("no id")
    date = _date(rec.get("date"))
    cat = plover_category(event if isinstance(event, str) else None)
    if cat is None:
        raise BadRecord(f"event is not a PLOVER category: {event!r}")
    a1 = _actor(rec.get("actor", rec.get("source")))
    a2 = _actor(rec.get("recipient", rec.get("target")))
    where, place, lat, lon = _location(rec)
    dead = rec.get("dead", rec.get("fatalities"))
    try:
        dead = int(dead) if dead not in (None, "") else None
    except (TypeError, ValueError):
        dead = None
    ctx = _list(rec.get("context"))
    modes = _list(rec.get("mode"))
    row = dict.fromkeys(STAGE_COLUMNS)
    row.update(
        dataset="plover", event_id=str(rid), line=line, date=date,
        actor1_code=((a1[0] or "") + (a1[2] or "")) or None, actor1_name=a1[1], actor1_country_raw=a1[0],
        actor1_types=a1[2],
        actor2_code=((a2[0] or "") + (a2[2] or "")) or None, actor2_name=a2[1], actor2_country_raw=a2[0],
        actor2_types=a2[2],
        event_code=event.strip().upper(), event_root=str(cat["root"]), plover=event.strip().upper(),
        plover_mode=";".join(modes) or None, plover_context=";".join(ctx) or None, quad_class=int(cat["quad"]),
        fatalities=dead, action_country_raw=where, action_name=place, action_lat=lat, action_long=lon,
    )
    return row


def _records(tx, item: Item):
    """(line or record number, parsed JSON or an exception, raw text) for every record, streamed."""
    with open(item.path, "rb") as f:
        head = f.read(4096).lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if b"\x00" in head or _not_utf8(head):
        from dyadwatch.errors import FormatError
        raise FormatError("not PLOVER JSON: the file is binary or not UTF-8 text", file=str(item.source), line=1)
    if head.startswith(b"["):
        path = str(item.path).replace("'", "''")
        cur = tx.execute(f"SELECT json FROM read_json_objects('{path}', format='array')")
        n = 0
        while batch := cur.fetchmany(BATCH):
            for (text,) in batch:
                n += 1
                try:
                    yield n, json.loads(text), text
                except RecursionError:
                    yield n, BadRecord("JSON nested too deeply"), text[:2000]
        return
    with open(item.path, encoding="utf-8", errors="replace") as f:
        for n, raw in enumerate(f, start=1):
            text = raw.strip()
            if not text:
                continue
            try:
                yield n, json.loads(text), text
            except json.JSONDecodeError as exc:
                yield n, BadRecord(f"invalid JSON: {exc.msg} at column {exc.colno}"), text
            except RecursionError:
                yield n, BadRecord("JSON nested too deeply"), text[:2000]


def _not_utf8(head: bytes) -> bool:
    """Whether the first bytes are not UTF-8 (a character cut at the end of the sample is allowed)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.end < len(head) - 3 or exc.reason != "unexpected end of data"
    return False


def load_file(tx, item: Item) -> Counts:
    """Loader for :func:`ingest_files`: one PLOVER JSON-lines or JSON-array file."""
    tx.execute("CREATE OR REPLACE TEMP TABLE _pl_stage AS SELECT * EXCLUDE (file_sha, realm, loaded_at) "
               "FROM events_raw LIMIT 0")
    read, docs, bad, rows = 0, 0, [], []
    for n, rec, text in _records(tx, item):
        read += 1
        try:
            if isinstance(rec, Exception):
                raise rec
            row = parse(rec, n)
        except BadRecord as exc:
            bad.append((n, str(exc), text[:10000]))
            continue
        if row is None:
            docs += 1
            continue
        rows.append([row[c] for c in STAGE_COLUMNS])
        if len(rows) >= BATCH:
            tx.insert_rows("_pl_stage", STAGE_COLUMNS, rows)
            rows = []
    tx.insert_rows("_pl_stage", STAGE_COLUMNS, rows)
    nbad = quarantine(tx, item.sha256, KIND, bad)
    dyad = item.options.get("dyad")
    kept, dups, outside = finalise(tx, "_pl_stage", file_sha=item.sha256, dyad=dyad,
                                   systems={"actor1_country": None, "actor2_country": None,
                                            "action_country": None})
    tx.execute("DROP TABLE IF EXISTS _pl_stage")
    note = f"plover; dyad {dyad.label if dyad else 'all'}" + (f"; {docs} documentation record(s)" if docs else "")
    return Counts(rows_read=read, rows_kept=kept, rows_quarantined=nbad, rows_duplicate=dups,
                  rows_filtered=outside + docs, note=note)


def ingest(store, sources, *, dyad=None, progress=False):
    """Ingest PLOVER JSON-lines (or JSON-array) files. `dyad` ('UKR-BLR' or a Dyad) keeps only the events
    that touch it. Returns an IngestSummary."""
    from dyadwatch.countries import Dyad

    dyad = Dyad.parse(dyad) if isinstance(dyad, str) else dyad
    kind = KIND if dyad is None else f"{KIND}:{dyad.key}"
    return ingest_files(store, sources, kind=KIND, loader=load_file, suffixes=SUFFIXES, options={"dyad": dyad},
                        progress=progress, ledger_kind=kind)
