"""ACLED CSV exports: comma-separated with a header row and quoted fields, 31 columns (35 in exports
that add the population columns ``population_1km, population_2km, population_5km, population_best``).

The current 31 columns are event_id_cnty, event_date, year, time_precision, disorder_type, event_type,
sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction,
civilian_targeting, iso, region, country, admin1, admin2, admin3, location, latitude, longitude,
geo_precision, source, source_scale, notes, fatalities, tags, timestamp. Older exports differ (data_id,
event_id_no_cnty, iso3; no disorder_type/civilian_targeting/tags); columns are found by header name, so
any layout holding the required ones loads: event_id_cnty, event_date, event_type, actor1, country,
fatalities.

ACLED's terms forbid redistribution: no ACLED row is ever committed to this repository; tests write
synthetic rows in the real layout.

Normalisation: ``event_date`` is ``YYYY-MM-DD`` (API/exports) or ``24 February 2022`` (older exports);
``timestamp`` (Unix seconds) is when ACLED last changed the row (``date_added``). The location country is
``country`` (a name, through the crosswalk). ACLED has no actor country fields: an actor's country is read
from its name when it says so ("Military Forces of Russia (2000-)", "Protesters (Belarus)"), else none.
``inter1``/``inter2`` (numeric codes or, in newer exports, words) become CAMEO actor types and the event
(sub-)type a CAMEO root and quad class, both via ``data/realm_mapping.yaml``; ``sub_event_type`` is the
stored ``event_code``. ``fatalities`` is kept; there is no Goldstein value.

Bad rows are quarantined with their record number and reason: a wrong field count, an empty
event_id_cnty, an unreadable event_date, an event_type ACLED does not define, a non-integer fatalities.
Line numbers are record numbers (the header is 1); they equal file lines unless notes span lines.
"""
from __future__ import annotations

from dyadwatch.errors import FormatError
from dyadwatch.sources import tabular
from dyadwatch.sources.event_rows import STAGE_COLUMNS, q
from dyadwatch.sources.ingest import Counts, Item, ingest_files

KIND = "acled"
SUFFIXES = (".csv", ".csv.zip")
COLUMNS_31 = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
COLUMNS_35 = COLUMNS_31 + ["population_1km", "population_2km", "population_5km", "population_best"]
assert len(COLUMNS_31) == 31 and len(COLUMNS_35) == 35
REQUIRED = ("event_id_cnty", "event_date", "event_type", "actor1", "country", "fatalities")

# "Military Forces of Russia (2000-)", "Police Forces of Belarus (1994-) Prison Guards", "Protesters (Ukraine)"
_ACTOR_COUNTRY = (r"(?:Forces|Government|Militia|Group) of ([A-Z][A-Za-z'\. -]+?)(?: \(|$)"
                  r"|\(([A-Z][A-Za-z'\. -]+)\)\s*$")


def _names(item: Item) -> list[str]:
    names = [n.lower() for n in tabular.header(item.path, ",", '"', item.source)]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise FormatError(f"the header lacks the ACLED column(s) {', '.join(missing)}; found {len(names)} "
                          f"names starting {names[:3]}", file=item.source, line=1,
                          hint="ACLED exports are CSV files with a header row of 31 or 35 columns")
    return names


def _v(scan, name: str) -> str:
    c = scan.col(name)
    return "NULL" if c is None else f"nullif(trim({c}), '')"


def _date(scan) -> str:
    d = _v(scan, "event_date")
    return f"coalesce(try_strptime({d}, '%Y-%m-%d'), try_strptime({d}, '%d %B %Y'), try_strptime({d}, '%d-%B-%Y'))"


def _reason_sql(scan) -> str:
    from dyadwatch.realms.event_mapping import mapping

    types = ", ".join(q(t.lower()) for t in mapping()["acled_event_types"])
    return f"""coalesce({scan.width_reason(str(len(scan.names)))}, CASE
        WHEN {_v(scan, 'event_id_cnty')} IS NULL THEN 'event_id_cnty is empty'
        WHEN {_date(scan)} IS NULL THEN 'event_date is not a date: ' || coalesce({scan.col('event_date')}, '')
        WHEN lower(coalesce({_v(scan, 'event_type')}, '')) NOT IN ({types})
            THEN 'event_type is not an ACLED event type: ' || coalesce({scan.col('event_type')}, '')
        WHEN {_v(scan, 'fatalities')} IS NOT NULL AND NOT regexp_full_match({_v(scan, 'fatalities')}, '[0-9]+')
            THEN 'fatalities is not an integer: ' || {scan.col('fatalities')}
        ELSE NULL END)"""


def _actor_country(scan, actor: str) -> str:
    a = _v(scan, actor)
    rx = q(_ACTOR_COUNTRY)
    return f"nullif(trim(coalesce(nullif(regexp_extract({a}, {rx}, 1), ''), regexp_extract({a}, {rx}, 2))), '')"


def _stage_select(scan) -> str:
    from dyadwatch.realms.event_mapping import mapping

    m = mapping()
    inter = tabular.map_literal({str(k): v for k, v in m["acled_inter"].items()})
    spec = lambda key: tabular.map_literal({k: str(v[key]) for k, v in m["acled_event_types"].items()})  # noqa: E731
    sub = lambda key: tabular.map_literal({k: str(v[key]) for k, v in m["acled_sub_event_types"].items()})  # noqa: E731
    et, st = f"lower({_v(scan, 'event_type')})", f"lower(coalesce({_v(scan, 'sub_event_type')}, ''))"
    ts = _v(scan, "timestamp")
    cols = {
        "dataset": q("acled"), "event_id": _v(scan, "event_id_cnty"), "line": "line",
        "date": f"CAST({_date(scan)} AS DATE)",
        "date_added": f"CASE WHEN TRY_CAST({ts} AS BIGINT) IS NOT NULL THEN to_timestamp(TRY_CAST({ts} AS BIGINT)) "
                      "::TIMESTAMP END",
        "actor1_code": _v(scan, "actor1"), "actor1_name": _v(scan, "actor1"),
        "actor1_country_raw": _actor_country(scan, "actor1"), "actor1_country": "NULL",
        "actor1_types": f"({inter})[lower(coalesce({_v(scan, 'inter1')}, ''))]",
        "actor2_code": _v(scan, "actor2"), "actor2_name": _v(scan, "actor2"),
        "actor2_country_raw": _actor_country(scan, "actor2"), "actor2_country": "NULL",
        "actor2_types": f"({inter})[lower(coalesce({_v(scan, 'inter2')}, ''))]",
        "event_code": _v(scan, "sub_event_type"),
        "event_root": f"coalesce(({sub('root')})[{st}], ({spec('root')})[{et}])",
        "plover": "NULL", "plover_mode": "NULL", "plover_context": "NULL",
        "quad_class": f"CAST(coalesce(({sub('quad')})[{st}], ({spec('quad')})[{et}]) AS INTEGER)",
        "goldstein": "NULL", "intensity": "NULL",
        "fatalities": f"TRY_CAST({_v(scan, 'fatalities')} AS INTEGER)",
        "is_root": "NULL", "num_mentions": "NULL", "num_sources": "NULL", "num_articles": "NULL", "avg_tone": "NULL",
        "action_country_raw": _v(scan, "country"), "action_country": "NULL",
        "action_adm1": _v(scan, "admin1"), "action_name": _v(scan, "location"),
        "action_lat": f"TRY_CAST({_v(scan, 'latitude')} AS DOUBLE)",
        "action_long": f"TRY_CAST({_v(scan, 'longitude')} AS DOUBLE)",
        "action_feature_id": "NULL", "actor1_geo_country": "NULL", "actor2_geo_country": "NULL",
        "source_url": "NULL",
    }
    return ", ".join(f"{cols[c]} AS {c}" for c in STAGE_COLUMNS)


def load_file(tx, item: Item) -> Counts:
    """Loader for :func:`ingest_files`: one ACLED CSV export (see the module docstring)."""
    return tabular.load_scanned(tx, item, kind=KIND, prefix="ac", names=_names(item), delim=",", quote='"',
                                reason_sql=_reason_sql, stage_select=_stage_select,
                                systems={"actor1_country": "name", "actor2_country": "name",
                                         "action_country": "name"})


def ingest(store, sources, *, dyad=None, progress=False):
    """Ingest ACLED CSV exports (files or folders). `dyad` ('UKR-BLR' or a Dyad) keeps only the events that
    touch it. Returns an IngestSummary."""
    from dyadwatch.countries import Dyad

    dyad = Dyad.parse(dyad) if isinstance(dyad, str) else dyad
    kind = KIND if dyad is None else f"{KIND}:{dyad.key}"
    return ingest_files(store, sources, kind=KIND, loader=load_file, suffixes=SUFFIXES, options={"dyad": dyad},
                        progress=progress, ledger_kind=kind)
