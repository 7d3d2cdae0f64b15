"""POLECAT weekly files (ICEWS's successor, coded in PLOVER): tab-separated, a header row, 40 columns.

Columns (header names, in order): Event ID, Event Date, Event Type, Event Mode, Intensity, Quad Code,
Contexts, Actor Name, Actor Country, Actor COW, Primary Actor Sector, Actor Sectors, Actor Title,
Actor Name Raw, Wikipedia Actor ID, Recipient Name, Recipient Country, Recipient COW, Primary Recipient
Sector, Recipient Sectors, Recipient Title, Recipient Name Raw, Wikipedia Recipient ID, Placename, City,
District, Province, Country, Latitude, Longitude, GeoNames ID, Raw Placename, Feature Type, Source,
Publication Date, Story People, Story Organizations, Story Locations, Language, Version.

Columns are found by header name (some releases call Intensity "Event Intensity"); a file whose header
carries excess names while its rows have the 40 fields is read positionally; rows with a few excess
*empty* fields load. Missing values are empty or the literal ``None``.

Normalisation: ``Event Type`` is the PLOVER category (stored as ``plover`` and ``event_code``), mapped to
a CAMEO root and a quad class by ``data/realm_mapping.yaml``; ``Quad Code`` (e.g. ``MATERIAL CONFLICT``)
gives the quad class when present; contexts are stored ';'-joined in lower case; actor sectors become CAMEO
actor types through the YAML ``sectors`` table (for the realm rules). Countries: ``Actor Country`` /
``Recipient Country`` (ISO3 codes; the first when several are listed) and the location ``Country`` go
through the crosswalk; ``Actor COW`` is the fallback when ``Actor Country`` is empty. There is no
Goldstein value; POLECAT's own ``Intensity`` is kept.

Bad rows are quarantined with their line and reason: a wrong field count, an empty Event ID, an
unreadable Event Date, an Event Type that is no PLOVER category, a non-numeric Intensity.
"""
from __future__ import annotations

from dyadwatch.errors import FormatError
from dyadwatch.sources import tabular
from dyadwatch.sources.event_rows import STAGE_COLUMNS, q
from dyadwatch.sources.ingest import Counts, Item, ingest_files

KIND = "polecat"
SUFFIXES = (".txt", ".tsv", ".tab", ".txt.zip", ".tsv.zip", ".zip")
COLUMNS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Recipient COW",
    "Primary Recipient Sector", "Recipient Sectors", "Recipient Title", "Recipient Name Raw",
    "Wikipedia Recipient ID", "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude",
    "GeoNames ID", "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People",
    "Story Organizations", "Story Locations", "Language", "Version",
]
assert len(COLUMNS) == 40
REQUIRED = ("Event ID", "Event Date", "Event Type")
ALIASES = {"Intensity": ("Intensity", "Event Intensity")}


def _names(item: Item) -> list[str]:
    names = tabular.header(item.path, "\t", None, item.source)
    width = tabular.first_data_width(item.path, "\t")
    if len(names) > len(COLUMNS) and width == len(COLUMNS):
        return list(COLUMNS)  # header with excess names (Headline, Feed, …) over 40-field rows
    missing = [c for c in REQUIRED if c.lower() not in {n.lower() for n in names}]
    if missing:
        raise FormatError(f"the header lacks the POLECAT column(s) {', '.join(missing)}; found "
                          f"{len(names)} names starting {names[:3]}", file=item.source, line=1,
                          hint="POLECAT weekly files are tab-separated with a 40-name header row")
    return names


def _col(scan: tabular.Scan, name: str) -> str:
    for alias in ALIASES.get(name, (name,)):
        c = scan.col(alias)
        if c:
            return c
    return "NULL"


def _val(scan, name: str) -> str:
    """The field, with '' and 'None' as NULL."""
    c = _col(scan, name)
    return "NULL" if c == "NULL" else f"CASE WHEN trim({c}) IN ('', 'None') THEN NULL ELSE trim({c}) END"


def _first(expr: str) -> str:
    return f"nullif(trim(split_part(regexp_replace({expr}, '[,|]', ';', 'g'), ';', 1)), '')"


def _reason_sql(scan) -> str:
    from dyadwatch.realms.event_mapping import mapping

    cats = ", ".join(q(c) for c in mapping()["plover"])
    return f"""coalesce({scan.width_reason(str(len(scan.names)))}, CASE
        WHEN {_val(scan, 'Event ID')} IS NULL THEN 'Event ID is empty'
        WHEN try_strptime(left({_val(scan, 'Event Date')}, 10), '%Y-%m-%d') IS NULL
            THEN 'Event Date is not a date YYYY-MM-DD: ' || coalesce({_col(scan, 'Event Date')}, '')
        WHEN upper({_val(scan, 'Event Type')}) IS NULL OR upper({_val(scan, 'Event Type')}) NOT IN ({cats})
            THEN 'Event Type is not a PLOVER category: ' || coalesce({_col(scan, 'Event Type')}, '')
        WHEN {_val(scan, 'Intensity')} IS NOT NULL AND TRY_CAST({_val(scan, 'Intensity')} AS DOUBLE) IS NULL
            THEN 'Intensity is not a number: ' || {_col(scan, 'Intensity')}
        ELSE NULL END)"""


def _types(scan, primary: str, sectors: str) -> str:
    from dyadwatch.realms.event_mapping import mapping

    m = tabular.map_literal(mapping()["sectors"] | {v: v for v in mapping()["sectors"].values()})
    text = f"coalesce({_val(scan, primary)}, '') || ';' || coalesce({_val(scan, sectors)}, '')"
    return (f"nullif(array_to_string(list_distinct(list_filter(list_transform(string_split(regexp_replace({text}, "
            f"',', ';', 'g'), ';'), lambda s: ({m})[lower(trim(s))]), lambda x: x IS NOT NULL)), ';'), '')")


def _stage_select(scan) -> str:
    from dyadwatch.realms.event_mapping import mapping

    m = mapping()
    roots = tabular.map_literal({k: v["root"] for k, v in m["plover"].items()})
    quads = tabular.map_literal({k: str(v["quad"]) for k, v in m["plover"].items()})
    pq = tabular.map_literal({k: str(v) for k, v in m["polecat_quads"].items()})
    cat = f"upper({_val(scan, 'Event Type')})"
    country = lambda who: (f"coalesce({_first(_val(scan, who + ' Country'))}, "  # noqa: E731
                           f"'cow:' || {_first(_val(scan, who + ' COW'))})")
    code = lambda who, prim: (f"nullif(coalesce({_first(_val(scan, who + ' Country'))}, '') || "  # noqa: E731
                              f"coalesce(({tabular.map_literal(m['sectors'])})[lower({_val(scan, prim)})], ''), '')")
    ctx = (f"nullif(array_to_string(list_filter(regexp_split_to_array(lower(coalesce({_val(scan, 'Contexts')}, '')), "
           "'\\s*[;,]\\s*'), lambda x: x <> ''), ';'), '')")
    date = f"try_strptime(left({_val(scan, 'Event Date')}, 10), '%Y-%m-%d')"
    cols = {
        "dataset": q("polecat"), "event_id": _val(scan, "Event ID"), "line": "line",
        "date": f"CAST({date} AS DATE)",
        "date_added": f"TRY_CAST({_val(scan, 'Publication Date')} AS TIMESTAMP)",
        "actor1_code": code("Actor", "Primary Actor Sector"), "actor1_name": _val(scan, "Actor Name"),
        "actor1_country_raw": country("Actor"), "actor1_country": "NULL",
        "actor1_types": _types(scan, "Primary Actor Sector", "Actor Sectors"),
        "actor2_code": code("Recipient", "Primary Recipient Sector"), "actor2_name": _val(scan, "Recipient Name"),
        "actor2_country_raw": country("Recipient"), "actor2_country": "NULL",
        "actor2_types": _types(scan, "Primary Recipient Sector", "Recipient Sectors"),
        "event_code": cat, "event_root": f"({roots})[lower({cat})]",
        "plover": cat, "plover_mode": f"lower({_val(scan, 'Event Mode')})", "plover_context": ctx,
        "quad_class": f"CAST(coalesce(({pq})[lower({_val(scan, 'Quad Code')})], ({quads})[lower({cat})]) AS INTEGER)",
        "goldstein": "NULL", "intensity": f"TRY_CAST({_val(scan, 'Intensity')} AS DOUBLE)", "fatalities": "NULL",
        "is_root": "NULL", "num_mentions": "NULL", "num_sources": "NULL", "num_articles": "NULL", "avg_tone": "NULL",
        "action_country_raw": _first(_val(scan, "Country")), "action_country": "NULL",
        "action_adm1": _val(scan, "Province"), "action_name": _val(scan, "Placename"),
        "action_lat": f"TRY_CAST({_val(scan, 'Latitude')} AS DOUBLE)",
        "action_long": f"TRY_CAST({_val(scan, 'Longitude')} AS DOUBLE)",
        "action_feature_id": _val(scan, "GeoNames ID"),
        "actor1_geo_country": "NULL", "actor2_geo_country": "NULL", "source_url": "NULL",
    }
    return ", ".join(f"{cols[c]} AS {c}" for c in STAGE_COLUMNS)


def load_file(tx, item: Item) -> Counts:
    """Loader for :func:`ingest_files`: one POLECAT weekly file (see the module docstring)."""
    return tabular.load_scanned(tx, item, kind=KIND, prefix="pc", names=_names(item), delim="\t", quote=None,
                                reason_sql=_reason_sql, stage_select=_stage_select, after_stage=_resolve_cow,
                                systems={"actor1_country": "iso3", "actor2_country": "iso3",
                                         "action_country": "iso3"})


def _resolve_cow(tx, stage: str) -> None:
    """Actors without an ISO3 country but with a COW number: resolve 'cow:369' to 'UKR' (the crosswalk)."""
    from dyadwatch.countries import lookup
    from dyadwatch.errors import DyadwatchError

    for col in ("actor1_country_raw", "actor2_country_raw"):
        for (raw,) in tx.execute(f"SELECT DISTINCT {col} FROM {stage} WHERE {col} LIKE 'cow:%'").fetchall():
            try:
                iso3 = lookup(int(float(raw[4:])), "cow").iso3
            except (DyadwatchError, KeyError, ValueError):
                iso3 = None
            tx.execute(f"UPDATE {stage} SET {col} = ? WHERE {col} = ?", [iso3, raw])
    # names instead of ISO3 codes: resolve through the crosswalk's names
    for col in ("actor1_country_raw", "actor2_country_raw", "action_country_raw"):
        for (raw,) in tx.execute(f"SELECT DISTINCT {col} FROM {stage} WHERE {col} IS NOT NULL "
                                 f"AND NOT regexp_full_match({col}, '[A-Z]{{3}}')").fetchall():
            try:
                iso3 = lookup(raw).iso3
            except (DyadwatchError, KeyError):
                continue
            tx.execute(f"UPDATE {stage} SET {col} = ? WHERE {col} = ?", [iso3, raw])


def ingest(store, sources, *, dyad=None, progress=False):
    """Ingest POLECAT weekly files (or folders of them). `dyad` ('UKR-BLR' or a Dyad) keeps only the events
    that touch it (see :func:`dyadwatch.sources.event_rows.dyad_sql`). Returns an IngestSummary."""
    from dyadwatch.countries import Dyad

    dyad = Dyad.parse(dyad) if isinstance(dyad, str) else dyad
    kind = KIND if dyad is None else f"{KIND}:{dyad.key}"
    return ingest_files(store, sources, kind=KIND, loader=load_file, suffixes=SUFFIXES, options={"dyad": dyad},
                        progress=progress, ledger_kind=kind)
