"""GDELT event exports: 1.0 (57 or 58 columns, told apart per row), 2.0 and 2.0 translingual (61 columns).

Files are tab-separated without header or quoting, whatever their ``.CSV`` name says. Each file is read by
DuckDB's CSV reader as VARCHAR columns (parallel, streaming) and only the rows that touch the dyad — or
fail validation — are staged; everything else is counted and dropped without entering Python. Under
--dyad a 2.0 file is read in one scan that finds the candidate and the bad rows through DuckDB's rejects
table (see ``_prefiltered_scan``), without numbering or carrying the other rows. Numbers
are parsed tolerantly (``52.0`` is 52). Actor country fields are CAMEO codes; every ``*Geo_CountryCode``
is FIPS 10-4; both are mapped to ISO3 through the crosswalk. GoldsteinScale is taken from the row.

Bad rows are quarantined with their line and reason: a wrong column count (DuckDB's rejects, with the
line), an unreadable SQLDATE/DATEADDED, a non-numeric GLOBALEVENTID, an EventCode that is no CAMEO code,
a QuadClass outside 1–4, a GoldsteinScale outside −10…10. Widths are checked on every row; the other
checks on the rows the filters keep (a malformed row outside --dyad counts as outside the filter).

Fetching (masterfilelist, MD5, resume) lives in :mod:`dyadwatch.sources.gdelt_fetch`.
"""
from __future__ import annotations

from pathlib import Path

from dyadwatch.errors import FormatError
from dyadwatch.sources.event_rows import dyad_sql, finalise, q
from dyadwatch.sources.ingest import Counts, Item, ingest_files, quarantine

_GEO1 = ["Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID"]
_GEO2 = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_HEAD = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
_EVENT = ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
          "NumMentions", "NumSources", "NumArticles", "AvgTone"]


def _columns(geo: list[str]) -> list[str]:
    return (_HEAD + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR] + _EVENT
            + [f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in geo]
            + ["DATEADDED", "SOURCEURL"])


COLUMNS_V1 = _columns(_GEO1)   # 58 (57 before 2013-04-01: no SOURCEURL)
COLUMNS_V2 = _columns(_GEO2)   # 61
assert len(COLUMNS_V1) == 58 and len(COLUMNS_V2) == 61

SUFFIXES = (".csv", ".csv.zip", ".tsv", ".txt", ".zip")
KIND = "gdelt"


def detect_version(path: Path, source: str) -> int:
    """1 or 2, from the first non-empty line's width (57/58 → 1.0, 61 → 2.0)."""
    with open(path, "rb") as f:
        for raw in f:
            if raw.strip():
                width = raw.rstrip(b"\r\n").count(b"\t") + 1
                if width in (57, 58):
                    return 1
                if width == 61:
                    return 2
                raise FormatError(f"line 1 has {width} tab-separated columns; GDELT event exports have 57 or 58 "
                                  "(1.0) or 61 (2.0)", file=source,
                                  hint="is this a mentions or GKG file? only event exports are ingested")
    raise FormatError("the file is empty", file=source)


def dataset_of(source: str, version: int) -> str:
    if version == 1:
        return "gdelt1"
    return "gdelt2-translation" if "translation" in Path(source).name.lower() else "gdelt2"


def _num(col: str) -> str:
    return f"TRY_CAST(\"{col}\" AS DOUBLE)"


def _int(col: str) -> str:
    return f"CAST(TRY_CAST(\"{col}\" AS DOUBLE) AS BIGINT)"


def _txt(col: str) -> str:
    return f"nullif(\"{col}\", '')"


def _date(col: str, fmt: str) -> str:
    return f"try_strptime(split_part(\"{col}\", '.', 1), '{fmt}')"


def _reason_sql(version: int, names: list[str]) -> str:
    added_fmt = "%Y%m%d%H%M%S" if version == 2 else "%Y%m%d"
    expected = "61" if version == 2 else "57 or 58"
    present = "len(list_filter([" + ", ".join(f'"{c}"' for c in names) + "], lambda x: x IS NOT NULL))"
    short = '"DATEADDED" IS NULL' if version == 1 else '"SOURCEURL" IS NULL'
    return f"""CASE
        WHEN {short} THEN 'expected {expected} columns, found ' || {present}
        WHEN {_num('GLOBALEVENTID')} IS NULL THEN 'GLOBALEVENTID is not a number: ' || coalesce("GLOBALEVENTID", '')
        WHEN {_date('SQLDATE', '%Y%m%d')} IS NULL THEN 'SQLDATE is not a date YYYYMMDD: ' || coalesce("SQLDATE", '')
        WHEN {_date('DATEADDED', added_fmt)} IS NULL
            THEN 'DATEADDED is not a timestamp {added_fmt.replace('%', '')}: ' || coalesce("DATEADDED", '')
        WHEN NOT regexp_full_match(coalesce("EventCode", ''), '[0-9]{{2,4}}')
            THEN 'EventCode is not a CAMEO code: ' || coalesce("EventCode", '')
        WHEN coalesce({_num('QuadClass')}, 0) NOT IN (1, 2, 3, 4)
            THEN 'QuadClass is not 1-4: ' || coalesce("QuadClass", '')
        WHEN {_num('GoldsteinScale')} IS NULL OR abs({_num('GoldsteinScale')}) > 10
            THEN 'GoldsteinScale is not a number in [-10, 10]: ' || coalesce("GoldsteinScale", '')
        ELSE NULL END"""


def _stage_select(version: int, dataset: str) -> str:
    added_fmt = "%Y%m%d%H%M%S" if version == 2 else "%Y%m%d"
    types = lambda a: ("nullif(concat_ws(';', " + ", ".join(_txt(f"{a}Type{i}Code") for i in (1, 2, 3)) + "), '')")
    cols = {
        "dataset": q(dataset),
        "event_id": f"CAST({_int('GLOBALEVENTID')} AS VARCHAR)",
        "line": "line",
        "date": f"CAST({_date('SQLDATE', '%Y%m%d')} AS DATE)",
        "date_added": _date("DATEADDED", added_fmt),
        "actor1_code": _txt("Actor1Code"), "actor1_name": _txt("Actor1Name"),
        "actor1_country_raw": _txt("Actor1CountryCode"), "actor1_country": "NULL", "actor1_types": types("Actor1"),
        "actor2_code": _txt("Actor2Code"), "actor2_name": _txt("Actor2Name"),
        "actor2_country_raw": _txt("Actor2CountryCode"), "actor2_country": "NULL", "actor2_types": types("Actor2"),
        "event_code": "split_part(\"EventCode\", '.', 1)",
        "event_root": ("lpad(split_part(coalesce(nullif(\"EventRootCode\", ''), left(\"EventCode\", 2)), '.', 1), "
                       "2, '0')"),
        "plover": "NULL", "plover_mode": "NULL", "plover_context": "NULL",
        "quad_class": f"CAST({_num('QuadClass')} AS INTEGER)",
        "goldstein": _num("GoldsteinScale"), "intensity": "NULL", "fatalities": "NULL",
        "is_root": f"{_num('IsRootEvent')} = 1",
        "num_mentions": f"CAST({_num('NumMentions')} AS INTEGER)",
        "num_sources": f"CAST({_num('NumSources')} AS INTEGER)",
        "num_articles": f"CAST({_num('NumArticles')} AS INTEGER)",
        "avg_tone": _num("AvgTone"),
        "action_country_raw": _txt("ActionGeo_CountryCode"), "action_country": "NULL",
        "action_adm1": _txt("ActionGeo_ADM1Code"), "action_name": _txt("ActionGeo_FullName"),
        "action_lat": _num("ActionGeo_Lat"), "action_long": _num("ActionGeo_Long"),
        "action_feature_id": _txt("ActionGeo_FeatureID"),
        "actor1_geo_country": _txt("Actor1Geo_CountryCode"), "actor2_geo_country": _txt("Actor2Geo_CountryCode"),
        "source_url": _txt("SOURCEURL"),
    }
    from dyadwatch.sources.event_rows import STAGE_COLUMNS
    return ", ".join(f"{cols[c]} AS {c}" for c in STAGE_COLUMNS)


# each dataset is a source (id = dataset name) so report figures built from its rows can be footnoted
SOURCES = {
    "gdelt1": ("GDELT 1.0 Event Database (daily exports)", "http://data.gdeltproject.org/events/index.html"),
    "gdelt2": ("GDELT 2.0 Event Database (15-minute exports)",
               "http://data.gdeltproject.org/gdeltv2/masterfilelist.txt"),
    "gdelt2-translation": ("GDELT 2.0 Translingual Event Database (15-minute exports)",
                           "http://data.gdeltproject.org/gdeltv2/masterfilelist-translation.txt"),
}


def register_source(tx, dataset: str) -> None:
    title, url = SOURCES.get(dataset, (f"GDELT events ({dataset})", "https://www.gdeltproject.org/"))
    tx.execute("INSERT INTO sources (id, title, publisher, url, licence, note, origin) SELECT ?, ?, ?, ?, ?, ?, ? "
               "WHERE NOT EXISTS (SELECT 1 FROM sources WHERE id = ?)",
               [dataset, title, "The GDELT Project", url, "free and open, attribution requested",
                "coded events; registered by `dyadwatch ingest gdelt`", "ingest", dataset])


def load_file(tx, item: Item) -> Counts:
    """Loader for :func:`ingest_files`: one GDELT export file (see the module docstring)."""
    opts = item.options
    version = detect_version(item.path, item.source)
    names = COLUMNS_V2 if version == 2 else COLUMNS_V1
    dataset = opts.get("dataset") or dataset_of(item.source, version)
    types = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    path = str(item.path).replace("'", "''")
    reader = (f"read_csv('{path}', delim='\\t', header=false, columns={types}, null_padding=true, quote='', "
              "escape='', nullstr='\x01', auto_detect=false, store_rejects=true, "
              "rejects_table='_gdelt_rejects', rejects_scan='_gdelt_scans', max_line_size=10000000)")
    keep = "TRUE"
    dyad = opts.get("dyad")
    if dyad is not None:
        # a cheap superset on the published codes; the exact rule runs on ISO3 codes in finalise()
        keep = _geo_patch(dyad_sql('"Actor1CountryCode"', '"Actor2CountryCode"', '"ActionGeo_CountryCode"',
                                   dyad.a.cameo or dyad.a.iso3, dyad.b.cameo or dyad.b.iso3), dyad)
    date_filter = _date_filter(opts)
    tx.execute("DROP TABLE IF EXISTS _gdelt_rejects; DROP TABLE IF EXISTS _gdelt_scans")
    # Rows of the wrong width are quarantined wherever they are; the other checks (dates, codes, numbers)
    # run only on the rows the filters keep, so a filtered ingest of a big file pays for validating its
    # few kept rows, not the whole file (a malformed row outside the filter counts as outside the filter;
    # a malformed SQLDATE passes the date filter so that it is quarantined, not dropped).
    short = '"DATEADDED" IS NULL' if version == 1 else '"SOURCEURL" IS NULL'
    if not (version == 2 and dyad is not None and _prefiltered_scan(tx, item, names, dyad, keep, date_filter)):
        tx.execute(f"""
            CREATE OR REPLACE TEMP TABLE _gdelt_scan AS
            SELECT *, {_reason_sql(version, names)} AS _reason
            FROM (SELECT row_number() OVER () AS line, * FROM {reader})
            WHERE {short} OR (({keep}) AND {date_filter})
        """)
        _fix_lines(tx)
    bad_rows = tx.execute(
        "SELECT line, _reason, concat_ws(chr(9), " + ", ".join(f'"{n}"' for n in names) + ") "
        "FROM _gdelt_scan WHERE _reason IS NOT NULL ORDER BY line").fetchall()
    rejects = tx.execute(
        "SELECT line, CASE WHEN error_type IN ('TOO MANY COLUMNS', 'MISSING COLUMNS') THEN 'expected "
        + ("61" if version == 2 else "57 or 58") + " columns, found ' || "
        "(length(csv_line) - length(replace(csv_line, chr(9), '')) + 1) "
        "ELSE lower(error_type) || ': ' || coalesce(error_message, '') END, csv_line "
        "FROM _gdelt_rejects WHERE error_type <> 'CAST' QUALIFY row_number() OVER (PARTITION BY line ORDER BY column_idx NULLS FIRST) = 1 "
        "ORDER BY line").fetchall()  # DuckDB records one reject per surplus column: one row per line
    nbad = quarantine(tx, item.sha256, KIND, sorted(bad_rows + rejects, key=lambda r: r[0] or 0))
    register_source(tx, dataset)
    tx.execute("CREATE OR REPLACE TEMP TABLE _ev_stage AS SELECT " + _stage_select(version, dataset)
               + " FROM _gdelt_scan WHERE _reason IS NULL")
    tx.execute("DROP TABLE _gdelt_scan")  # hold the scanned rows once, not twice
    kept, dups, outside = finalise(tx, "_ev_stage", file_sha=item.sha256, dyad=dyad,
                                   systems={"actor1_country": "cameo", "actor2_country": "cameo",
                                            "action_country": "fips"})
    for t in ("_ev_stage", "_gdelt_rejects", "_gdelt_scans"):
        tx.execute(f"DROP TABLE IF EXISTS {t}")
    rows_read = item.lines
    return Counts(rows_read=rows_read, rows_kept=kept, rows_quarantined=nbad, rows_duplicate=dups,
                  rows_filtered=rows_read - kept - nbad - dups,
                  note=f"{dataset}; dyad {dyad.label if dyad else 'all'}")


# CAMEO's regional "country" codes (not countries, so not in the crosswalk) that GDELT actors carry
CAMEO_REGIONS = frozenset("AFR ASA BAG BLK CAS CAU CEU CFR CRB EAF EEU EIN EUR GZS LAM MDT MEA NAF NMR PGS SAF "
                          "SAM SAS SCN SEA WAF WSB WST".split())


def _prefiltered_scan(tx, item: Item, names: list[str], dyad, keep: str, date_filter: str) -> bool:
    """The fast path for a 2.0 file under --dyad; fills _gdelt_scan and _gdelt_rejects as the general
    scan does, or returns False (nothing kept) when the file needs the general scan.

    Numbering every line, or carrying 61 columns of every row, costs 1.5-3 bare scans. Instead ONE
    parallel scan, at about the speed of a bare count, uses DuckDB's rejects table to find both the bad
    rows and the candidate rows, each with its file line and raw text: the two actor-country columns are
    read as an ENUM of every known CAMEO code (countries and regions) EXCEPT the dyad's, the location
    column as an ENUM of every FIPS code except the dyad's. A row with a dyad code (or a code the
    crosswalk does not know) in one of those columns fails the cast and lands in the rejects table; every
    other row is only counted. Every branch of the dyad rule needs a dyad code in one of those three
    columns, so the candidates are a superset of the rows the filter keeps; they are split into their 61
    fields, filtered exactly and validated. Rows of the wrong width are rejected by the same scan. The
    line numbers are trusted only when the accepted and rejected rows add up to the file's line count
    (no blank lines, no lone carriage returns); otherwise the general scan runs."""
    import re

    from dyadwatch.countries import all_countries

    plain = re.compile(r"[A-Z0-9]{1,8}")
    actor_codes = {c for c in (dyad.a.cameo, dyad.b.cameo, dyad.a.iso3, dyad.b.iso3) if c}
    loc_codes = {c for c in (dyad.a.fips, dyad.b.fips) if c}
    countries = all_countries()
    others3 = ({c.cameo for c in countries if c.cameo} | CAMEO_REGIONS) - actor_codes
    others2 = {c.fips for c in countries if c.fips} - loc_codes

    def enum(values: set[str]) -> str:  # '' (an empty field) is a value too; quotes doubled twice (nested literals)
        return "ENUM(''''" + "".join(f", ''{v}''" for v in sorted(v for v in values if plain.fullmatch(v))) + ")"

    special = {"Actor1CountryCode": enum(others3), "Actor2CountryCode": enum(others3),
               "ActionGeo_CountryCode": enum(others2)}
    types = "{" + ", ".join(f"'{n}': '{special.get(n, 'VARCHAR')}'" for n in names) + "}"
    path = str(item.path).replace("'", "''")
    # count(col) makes DuckDB cast (and so check) the three columns of every row
    accepted = tx.execute(
        "SELECT count(*), " + ", ".join(f'count("{c}")' for c in special) + f" FROM read_csv('{path}', "
        f"delim='\\t', header=false, columns={types}, null_padding=false, quote='', escape='', nullstr='\\x01', "
        "auto_detect=false, store_rejects=true, rejects_table='_gdelt_rejects', rejects_scan='_gdelt_scans', "
        "max_line_size=10000000)").fetchall()[0][0]
    seen = accepted + tx.scalar("SELECT count(DISTINCT line) FROM _gdelt_rejects")
    if seen != item.lines:
        tx.execute("DROP TABLE IF EXISTS _gdelt_rejects; DROP TABLE IF EXISTS _gdelt_scans")
        return False
    # candidates: lines whose only errors are those casts (a line of the wrong width is quarantined as such)
    fields = ", ".join(f'f[{i}] AS "{n}"' for i, n in enumerate(names, start=1))
    tx.execute(f"""
        CREATE OR REPLACE TEMP TABLE _gdelt_scan AS
        SELECT *, {_reason_sql(2, names)} AS _reason FROM (
            SELECT line, {fields} FROM (
                SELECT line, string_split(any_value(csv_line), chr(9)) AS f FROM _gdelt_rejects
                GROUP BY line HAVING bool_and(error_type = 'CAST')))
        WHERE ({keep}) AND {date_filter}""")
    return True


def _geo_patch(sql: str, dyad) -> str:
    """dyad_sql compares all three fields with one code per country; the location is FIPS, not CAMEO."""
    ca, cb = q(dyad.a.cameo or dyad.a.iso3), q(dyad.b.cameo or dyad.b.iso3)
    fa, fb = q(dyad.a.fips or "--"), q(dyad.b.fips or "--")
    loc = "coalesce(\"ActionGeo_CountryCode\", '')"
    # rewrite every comparison on the location column
    sql = sql.replace(f"{loc} = {ca}", f"{loc} = {fa}").replace(f"{loc} = {cb}", f"{loc} = {fb}")
    sql = sql.replace(f"{loc} IN ({ca}, {cb})", f"{loc} IN ({fa}, {fb})")
    return sql


def _date_filter(opts: dict) -> str:
    parts = []
    day = _date('SQLDATE', '%Y%m%d')
    if opts.get("date_from"):
        parts.append(f"coalesce({day} >= DATE {q(opts['date_from'])}, TRUE)")
    if opts.get("date_to"):
        parts.append(f"coalesce({day} <= DATE {q(opts['date_to'])}, TRUE)")
    if opts.get("max_lag_days") is not None:
        parts.append(f"coalesce(date_diff('day', {day}, try_strptime(left(split_part(\"DATEADDED\", '.', 1), 8), "
                     f"'%Y%m%d')) <= {int(opts['max_lag_days'])}, TRUE)")
    return " AND ".join(parts) or "TRUE"


def _fix_lines(tx) -> None:
    """row_number() counts the rows DuckDB accepted; shift them past the rejected lines so `line` is the
    file's line number: the n-th accepted row is on line n + #{j : reject_j - j < n} (rejects sorted)."""
    rej = [r[0] for r in tx.execute("SELECT DISTINCT line FROM _gdelt_rejects ORDER BY line").fetchall()]
    if not rej:
        return
    offsets = [line - j for j, line in enumerate(rej, start=1)]
    tx.execute("CREATE OR REPLACE TEMP TABLE _rej_off (o BIGINT)")
    tx.insert_rows("_rej_off", ["o"], [(o,) for o in offsets])
    tx.execute("UPDATE _gdelt_scan SET line = line + (SELECT count(*) FROM _rej_off WHERE o < _gdelt_scan.line)")
    tx.execute("DROP TABLE _rej_off")


def ingest(store, sources, *, dyad=None, date_from=None, date_to=None, max_lag_days=None, dataset=None,
           progress=False):
    """Ingest GDELT export files, folders or URLs. `dyad` is a Dyad (or 'UKR-BLR'): keep only rows that
    touch it. Returns an IngestSummary."""
    from dyadwatch.countries import Dyad

    dyad = Dyad.parse(dyad) if isinstance(dyad, str) else dyad
    opts = {"dyad": dyad, "date_from": date_from, "date_to": date_to, "max_lag_days": max_lag_days,
            "dataset": dataset}
    return ingest_files(store, sources, kind=KIND, loader=load_file, suffixes=SUFFIXES, options=opts,
                        progress=progress, ledger_kind=_ledger_kind(opts))


def _ledger_kind(opts: dict) -> str:
    """The same file ingested under another filter is another ingest: the filter is part of the key."""
    parts = [KIND]
    if opts.get("dyad") is not None:
        parts.append(opts["dyad"].key)
    for k in ("date_from", "date_to", "max_lag_days", "dataset"):
        if opts.get(k) is not None:
            parts.append(f"{k}={opts[k]}")
    return ":".join(parts)


# --- volume (normfiles) -------------------------------------------------------------------------------
def load_volume_file(tx, item: Item) -> Counts:
    """normfiles/daily_country.csv: `YYYYMMDD,FIPS,total` lines (no header) → events_volume (ISO3)."""
    from dyadwatch.countries import lookup
    from dyadwatch.errors import DyadwatchError

    path = str(item.path).replace("'", "''")
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE _vol AS
        SELECT row_number() OVER () AS line, * FROM read_csv('{path}', delim=',', header=false, auto_detect=false,
            columns={{'d': 'VARCHAR', 'fips': 'VARCHAR', 'total': 'VARCHAR'}}, null_padding=true, quote='',
            nullstr='\x01', store_rejects=true, rejects_table='_vol_rej', rejects_scan='_vol_scan')""")
    bad = tx.execute("""SELECT line, 'expected YYYYMMDD,FIPS,total', concat_ws(',', d, fips, total) FROM _vol
        WHERE try_strptime(d, '%Y%m%d') IS NULL OR TRY_CAST(total AS BIGINT) IS NULL OR fips IS NULL""").fetchall()
    bad += tx.execute("SELECT line, 'too many columns', csv_line FROM _vol_rej").fetchall()
    nbad = quarantine(tx, item.sha256, "gdelt-volume", bad)
    codes = [r[0] for r in tx.execute("SELECT DISTINCT fips FROM _vol WHERE fips <> ''").fetchall()]
    rows = []
    for c in codes:
        try:
            rows.append((c, lookup(c, "fips").iso3))
        except DyadwatchError:
            continue  # a FIPS code the crosswalk does not know (regions, former countries): not a country
    tx.execute("CREATE OR REPLACE TEMP TABLE _volmap (fips VARCHAR, iso3 VARCHAR)")
    tx.insert_rows("_volmap", ["fips", "iso3"], rows)
    tx.execute(f"""INSERT INTO events_volume (date, country, fips, total, file_sha)
        SELECT CAST(strptime(d, '%Y%m%d') AS DATE), m.iso3, v.fips, CAST(total AS BIGINT), {q(item.sha256)}
        FROM _vol v JOIN _volmap m ON m.fips = v.fips
        WHERE try_strptime(d, '%Y%m%d') IS NOT NULL AND TRY_CAST(total AS BIGINT) IS NOT NULL""")
    kept = tx.scalar("SELECT count(*) FROM events_volume WHERE file_sha = ?", [item.sha256])
    for t in ("_vol", "_vol_rej", "_vol_scan", "_volmap"):
        tx.execute(f"DROP TABLE IF EXISTS {t}")
    return Counts(rows_read=item.lines, rows_kept=kept, rows_quarantined=nbad,
                  rows_filtered=item.lines - kept - nbad, note="daily_country volume")


def ingest_volume(store, sources, progress=False):
    return ingest_files(store, sources, kind="gdelt-volume", loader=load_volume_file, suffixes=(".csv",),
                        progress=progress)
