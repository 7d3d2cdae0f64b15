"""GDELT 2.0's public BigQuery table seen as dyadwatch's ``events_raw`` and ``events_volume`` (Ibis).

:func:`events_view` maps any Ibis table with the column names and types of ``gdelt-bq.gdeltv2.events``
(or ``events_partitioned``) onto the columns the indicator expressions of
:mod:`dyadwatch.realms.events` read, the way ``dyadwatch ingest gdelt`` maps an export file:

- actor countries (CAMEO) and the action's country (FIPS 10-4) become ISO3 through dyadwatch's country
  crosswalk, compiled into the SQL (codes that name no country, such as ``EUR``, become NULL);
- the realm comes from ``data/realm_mapping.yaml`` (:func:`dyadwatch.realms.event_mapping.realm_expr`);
- ``SQLDATE`` (an integer YYYYMMDD) becomes the event date, ``DATEADDED`` (YYYYMMDDHHMMSS) the publication
  time; Goldstein, QuadClass and NumMentions come from each row;
- the first-of-duplicates order of the store (file, then line) becomes (``DATEADDED``, ``GLOBALEVENTID``):
  a GDELT 2.0 export file is the 15-minute batch named by its ``DATEADDED``, numbered in id order.

On the partitioned table a filter on ``_PARTITIONTIME`` bounds the partitions read (and billed): from the
day before the first event date asked for (an event is published on or after its date; one day of margin
for time zones) up to the day after ``--as-of`` when one is given, or the last event date plus ``--max-lag``
days (which also drops rows published later than that after their event date, as the same option of
``dyadwatch ingest gdelt`` does).

Each view is named (``gdelt_events``, ``gdelt_volume``), so the SQL states it once as a common table
expression however often the indicator expression reads it. The expressions are built on an unbound
table (:func:`gdelt_table`) to compile BigQuery SQL without a connection, on a BigQuery backend's table to
run there, or on a DuckDB table with the same columns (tests).
"""
from __future__ import annotations

import datetime as dt

TABLE = "gdelt-bq.gdeltv2.events_partitioned"
DATASET = "gdelt2"

# the columns read, with their BigQuery types (GDELT 2.0 event table; see docs/events.md for the sources)
SCHEMA = {
    "GLOBALEVENTID": "int64", "SQLDATE": "int64",
    "Actor1Code": "string", "Actor1Name": "string", "Actor1CountryCode": "string",
    "Actor1Type1Code": "string", "Actor1Type2Code": "string", "Actor1Type3Code": "string",
    "Actor2Code": "string", "Actor2Name": "string", "Actor2CountryCode": "string",
    "Actor2Type1Code": "string", "Actor2Type2Code": "string", "Actor2Type3Code": "string",
    "EventCode": "string", "EventRootCode": "string", "QuadClass": "int64", "GoldsteinScale": "float64",
    "NumMentions": "int64", "ActionGeo_FullName": "string", "ActionGeo_CountryCode": "string",
    "ActionGeo_ADM1Code": "string", "ActionGeo_FeatureID": "string", "DATEADDED": "int64", "SOURCEURL": "string",
}
PARTITION_COLUMN = "_PARTITIONTIME"  # pseudo-column of the *_partitioned tables: the day a row was loaded


def split_name(table: str) -> tuple[str | None, str | None, str]:
    """'project.dataset.table' -> (project, dataset, table)."""
    parts = table.split(".")
    return (None,) * (3 - len(parts)) + tuple(parts)  # type: ignore[return-value]


def is_partitioned(table: str) -> bool:
    return table.endswith("_partitioned")


def gdelt_table(table: str = TABLE):
    """The public table as an unbound Ibis table (compiles to SQL, never runs)."""
    import ibis

    project, dataset, name = split_name(table)
    schema = dict(SCHEMA)
    if is_partitioned(table):
        schema[PARTITION_COLUMN] = "timestamp('UTC')"
    return ibis.table(schema, name=name, catalog=project, database=dataset)


def crosswalk(system: str) -> dict[str, str]:
    """dyadwatch's country crosswalk for one code system: CAMEO actor codes, or FIPS 10-4 location codes
    (with the withdrawn codes GDELT still uses) -> ISO3."""
    from dyadwatch.countries import all_countries

    pairs = {}
    for c in all_countries():
        for code in ([c.cameo] if system == "cameo" else [c.fips, *c.fips_former]):
            if code:
                pairs[code] = c.iso3
    return dict(sorted(pairs.items()))


def _crosswalk(col, system: str):
    """A published country code -> ISO3, NULL for codes that are no country (EUR, UNO, …): codes equal
    to their ISO3 in one IN list, the others one CASE branch each."""
    import ibis

    pairs = crosswalk(system)
    same = [k for k, v in pairs.items() if k == v]
    cases = [(col == k, ibis.literal(v)) for k, v in pairs.items() if k != v]
    if same:
        cases.insert(0, (col.isin(same), col))
    return ibis.cases(*cases, else_=ibis.null("string"))


def _bounds(t, since: dt.date | None, until: dt.date | None, last: dt.date | None, max_lag: int | None):
    """The partition filter, and `max_lag` (rows published more than that many days after their event
    date are left out, as `dyadwatch ingest gdelt --max-lag` does)."""
    import ibis

    if max_lag is not None:
        t = t.filter(t.DATEADDED.cast("string").substr(0, 8).as_date("%Y%m%d")
                     <= t.SQLDATE.cast("string").as_date("%Y%m%d") + ibis.interval(days=int(max_lag)))
        if last is not None:
            end = last + dt.timedelta(days=int(max_lag))
            until = end if until is None else min(until, end)
    if PARTITION_COLUMN not in t.columns:
        return t
    day = dt.timedelta(days=1)
    if since is not None:
        lo = dt.datetime.combine(since - day, dt.time(), tzinfo=dt.timezone.utc)
        t = t.filter(t[PARTITION_COLUMN] >= ibis.literal(lo))
    if until is not None:
        hi = dt.datetime.combine(until + 2 * day, dt.time(), tzinfo=dt.timezone.utc)
        t = t.filter(t[PARTITION_COLUMN] < ibis.literal(hi))
    return t


def _nz(col):
    """Empty text as NULL (exports have empty fields; the store keeps them as NULL)."""
    return col.nullif("")


def events_view(t, *, since: dt.date | None = None, until: dt.date | None = None, last: dt.date | None = None,
                max_lag: int | None = None):
    """GDELT rows as ``events_raw`` columns (those the indicators and `events top` read)."""
    import ibis

    from dyadwatch.realms.event_mapping import realm_expr

    t = _bounds(t, since, until, last, max_lag)
    code = _nz(t.EventCode)
    root = _nz(t.EventRootCode)  # '01'..'20' as published (the table has it on every row)
    types = [_nz(t[f"Actor{i}Type{j}Code"]) for i in (1, 2) for j in (1, 2, 3)]
    return t.select(
        dataset=ibis.literal(DATASET).cast("string"),
        event_id=t.GLOBALEVENTID.cast("string"),
        file_sha=t.DATEADDED.cast("string").lpad(14, "0"),
        line=t.GLOBALEVENTID,
        date=t.SQLDATE.cast("string").as_date("%Y%m%d"),
        date_added=t.DATEADDED.cast("string").as_timestamp("%Y%m%d%H%M%S"),
        actor1_code=_nz(t.Actor1Code), actor1_name=_nz(t.Actor1Name),
        actor1_country=_crosswalk(_nz(t.Actor1CountryCode), "cameo"),
        actor2_code=_nz(t.Actor2Code), actor2_name=_nz(t.Actor2Name),
        actor2_country=_crosswalk(_nz(t.Actor2CountryCode), "cameo"),
        event_code=code, event_root=root,
        quad_class=t.QuadClass.cast("int32"), goldstein=t.GoldsteinScale.cast("float64"),
        num_mentions=t.NumMentions.cast("int32"),
        action_country_raw=_nz(t.ActionGeo_CountryCode),
        action_country=_crosswalk(_nz(t.ActionGeo_CountryCode), "fips"),
        action_adm1=_nz(t.ActionGeo_ADM1Code), action_name=_nz(t.ActionGeo_FullName),
        action_feature_id=_nz(t.ActionGeo_FeatureID),
        source_url=_nz(t.SOURCEURL),
        realm=realm_expr(types, root, code),
    ).alias("gdelt_events")


def volume_view(t, *, since: dt.date | None = None, until: dt.date | None = None, last: dt.date | None = None,
                max_lag: int | None = None):
    """``events_volume`` from the table itself: all rows per event date and country of the action's location
    (the denominator of the rates per 10,000)."""
    t = _bounds(t, since, until, last, max_lag)
    t = t.select(date=t.SQLDATE.cast("string").as_date("%Y%m%d"),
                 country=_crosswalk(_nz(t.ActionGeo_CountryCode), "fips"))
    t = t.filter(t.country.notnull())
    return t.group_by(["date", "country"]).aggregate(total=t.count()).alias("gdelt_volume")
