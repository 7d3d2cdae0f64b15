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


def _int(col: str, typ: str = "BIGINT") -> str:
    return f"TRY_CAST(TRY_CAST(\"{col}\" AS DOUBLE) AS {typ})"


def _txt(col: str) -> str:
    return f"nullif(\"{col}\", '')"


def _date(col: str, fmt: str) -> str:
    return f"try_strptime(split_part(\"{col}\", '.', 1), '{fmt}')"


# numeric fields checked on every kept row: (column, integer type or None, required)
_NUMBERS = [("GLOBALEVENTID", "BIGINT", True), ("IsRootEvent", "INTEGER", False), ("QuadClass", "INTEGER", True),
            ("GoldsteinScale", None, True), ("NumMentions", "INTEGER", False), ("NumSources", "INTEGER", False),
            ("NumArticles", "INTEGER", False), ("AvgTone", None, False), ("ActionGeo_Lat", None, False),
            ("ActionGeo_Long", None, False)]


def _bad_number(col: str, typ: str | None, required: bool) -> str:
    """SQL: TRUE when the field is not a finite number (nan, inf, text) or, for an integer field, does not
    fit its integer type (an overflowing integer); an empty optional field is fine."""
    value = f'coalesce("{col}", \'\')'
    bad = f"NOT coalesce(isfinite({_num(col)}), FALSE)"
    if typ:
        bad = f"({bad} OR {_int(col, typ)} IS NULL)"
    return bad if required else f"({value} <> '' AND {bad})"


def _reason_sql(version: int) -> str:
    added_fmt = "%Y%m%d%H%M%S" if version == 2 else "%Y%m%d"
    expected = "61" if version == 2 else "57 or 58"
    widths = "(61)" if version == 2 else "(57, 58)"
    checks = ["WHEN _enc IS NOT NULL THEN _enc",
              f"WHEN _width NOT IN {widths} THEN 'expected {expected} columns, found ' || _width",
              "WHEN _cr THEN 'a lone carriage return (\\r) inside the row'",
              "WHEN _nul THEN 'a NUL byte (or SUB control character) inside the row'"]
    for col, typ, required in _NUMBERS:
        what = f"an integer{' (32-bit)' if typ == 'INTEGER' else ''}" if typ else "a finite number"
        checks.append(f"WHEN {_bad_number(col, typ, required)} THEN '{col} is not {what}: ' || "
                      f"coalesce(\"{col}\", '')")
    return f"""CASE
        {chr(10).join('        ' + c for c in checks).strip()}
        WHEN {_date('SQLDATE', '%Y%m%d')} IS NULL THEN 'SQLDATE is not a date YYYYMMDD: ' || coalesce("SQLDATE", '')
        WHEN {_date('DATEADDED', added_fmt)} IS NULL
            THEN 'DATEADDED is not a timestamp {added_fmt.replace('%', '')}: ' || coalesce("DATEADDED", '')
        WHEN NOT regexp_full_match(coalesce("EventCode", ''), '[0-9]{{2,4}}')
            THEN 'EventCode is not a CAMEO code: ' || coalesce("EventCode", '')
        WHEN {_int('QuadClass', 'INTEGER')} NOT IN (1, 2, 3, 4)
            THEN 'QuadClass is not 1-4: ' || coalesce("QuadClass", '')
        WHEN abs({_num('GoldsteinScale')}) > 10
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
        "quad_class": _int("QuadClass", "INTEGER"),
        "goldstein": _num("GoldsteinScale"), "intensity": "NULL", "fatalities": "NULL",
        "is_root": f"{_num('IsRootEvent')} = 1",
        "num_mentions": _int("NumMentions", "INTEGER"),
        "num_sources": _int("NumSources", "INTEGER"),
        "num_articles": _int("NumArticles", "INTEGER"),
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
    from dyadwatch.sources.gdelt_lines import fast_hash_and_lines

    opts = item.options
    version = detect_version(item.path, item.source)
    names = COLUMNS_V2 if version == 2 else COLUMNS_V1
    dataset = opts.get("dataset") or dataset_of(item.source, version)
    keep = "TRUE"
    dyad = opts.get("dyad")
    if dyad is not None:
        # the candidates: lines holding a location code of either country or both countries' codes as whole
        # fields (gdelt_scan; a superset of the kept rows); then a cheap superset on the published codes in
        # SQL; the exact rule runs on ISO3 in finalise()
        keep = _geo_patch(dyad_sql('"Actor1CountryCode"', '"Actor2CountryCode"', '"ActionGeo_CountryCode"',
                                   dyad.a.cameo or dyad.a.iso3, dyad.b.cameo or dyad.b.iso3), dyad)
    date_filter = _date_filter(opts)
    # Every line the scan keeps is validated: rows of the wrong width, unreadable bytes, lone carriage
    # returns and bad values (nan, inf, overflowing integers, dates, codes) are quarantined with their line;
    # under --dyad only the candidate lines are split at all (a malformed row outside the filter counts as
    # outside the filter; a malformed SQLDATE passes the date filter so that it is quarantined, not dropped).
    hashing = getattr(item, "hashing_in_loader", False)
    found: dict = {}

    def bad_utf8():  # only asked for when a line did not decode
        if hashing:  # the scan itself finds them (it has finished when the candidates come out)
            return found["bad"] if "bad" in found else fast_hash_and_lines(item.path)[2]
        return item.bad_utf8 if item.bad_utf8 is not None else fast_hash_and_lines(item.path)[2]

    def done(digest, lines, bad):
        found["bad"] = bad
        if hashing:
            item.set_hashed(digest, lines, bad)

    used = [n for n in names if f'"{n}"' in _reason_sql(version) + _stage_select(version, dataset) + keep
            + date_filter]  # the fields the SQL below reads: only those are split out and handed to DuckDB
    select = (f"SELECT line, {', '.join(f'{chr(34)}{n}{chr(34)}' for n in used)}, _reason, "
              f"CASE WHEN _reason IS NOT NULL THEN _text END AS _text FROM ("
              f"SELECT *, {_reason_sql(version)} AS _reason FROM _gdelt_batch) "
              f"WHERE _reason IS NOT NULL OR (({keep}) AND {date_filter})")
    from dyadwatch.settings import get
    from dyadwatch.sources.gdelt_lines import SCAN_CHUNK, chunk_for_limit

    # the scan's memory follows DYADWATCH_MEMORY_LIMIT (DuckDB's own work is bounded by it directly)
    chunk = chunk_for_limit(get("memory_limit")) if get("memory_limit") else SCAN_CHUNK
    recoded: list[int] = []
    if dyad is not None:
        recoded = _scan_dyad(tx, item, dyad, names, used, select, chunk, done)
    else:
        recoded = _scan_all(tx, item, names, used, select, chunk, bad_utf8, done)
    bad_rows = tx.execute("SELECT line, _reason, _text FROM _gdelt_scan WHERE _reason IS NOT NULL "
                          "ORDER BY line").fetchall()
    nbad = quarantine(tx, item.sha256, KIND, bad_rows)
    register_source(tx, dataset)
    tx.execute("CREATE OR REPLACE TEMP TABLE _ev_stage AS SELECT " + _stage_select(version, dataset)
               + " FROM _gdelt_scan WHERE _reason IS NULL")
    tx.execute("DROP TABLE _gdelt_scan")  # hold the scanned rows once, not twice
    kept, dups, outside = finalise(tx, "_ev_stage", file_sha=item.sha256, dyad=dyad,
                                   systems={"actor1_country": "cameo", "actor2_country": "cameo",
                                            "action_country": "fips"})
    tx.execute("DROP TABLE IF EXISTS _ev_stage")
    rows_read = item.lines
    note = f"{dataset}; dyad {dyad.label if dyad else 'all'}"
    if recoded:
        shown = ", ".join(str(n) for n in sorted(recoded)[:10]) + (" …" if len(recoded) > 10 else "")
        note += f"; {len(recoded)} line(s) not UTF-8, read as latin-1 (line {shown})"
    return Counts(rows_read=rows_read, rows_kept=kept, rows_quarantined=nbad, rows_duplicate=dups,
                  rows_filtered=rows_read - kept - nbad - dups, note=note)



def _scan_dyad(tx, item: Item, dyad, names, used, select, chunk, done) -> list[int]:
    """--dyad: the byte-level pre-scan (gdelt_scan) finds the candidate lines, hashes and counts the file
    in one read; only the candidates are split and checked."""
    from dyadwatch.sources import gdelt_scan
    from dyadwatch.sources.gdelt_lines import split_fields

    any_, both = gdelt_scan.needles(dyad)
    found = gdelt_scan.scan(item.path, any_, both, chunk_bytes=chunk)
    done(found.digest, found.lines, found.bad_utf8)
    frame, fixed = split_fields(found.frame, names, found.bad_utf8, set(used))
    tx.con.register("_gdelt_batch", frame.to_arrow())
    tx.execute(f"CREATE OR REPLACE TEMP TABLE _gdelt_scan AS {select}")
    tx.con.unregister("_gdelt_batch")
    return fixed


def _scan_all(tx, item: Item, names, used, select, chunk, bad_utf8, done) -> list[int]:
    """No filter: every line is split and checked, chunk by chunk."""
    from dyadwatch.sources.gdelt_lines import scan_lines, split_fields

    recoded: list[int] = []
    first = True
    chunk = max(min(chunk, 1 << 20), chunk // 2)  # every line is split into fields (61 string views each)
    try:
        for batch in _at_least_one(scan_lines(item.path, pattern=None, done=done, chunk_bytes=chunk)):
            frame, fixed = split_fields(batch, names, bad_utf8, set(used))
            recoded += fixed
            tx.con.register("_gdelt_batch", frame.to_arrow())
            if first:
                tx.execute(f"CREATE OR REPLACE TEMP TABLE _gdelt_scan AS {select}")
                first = False
            else:
                tx.execute(f"INSERT INTO _gdelt_scan {select}")
            tx.con.unregister("_gdelt_batch")
    except ImportError as exc:
        raise FormatError(f"reading GDELT files needs polars ({exc})", file=item.source,
                          hint="pip install polars") from None
    except Exception as exc:  # the line reader refused the file: this file fails alone, in plain words
        if type(exc).__module__.split(".")[0] != "polars":
            raise
        raise FormatError(f"cannot read the file as lines of text: {str(exc).splitlines()[0]}",
                          file=item.source) from None
    return recoded

def _at_least_one(batches):
    """The batches, or one empty batch (so the scan table always exists)."""
    import polars as pl

    empty = True
    for b in batches:
        empty = False
        yield b
    if empty:
        yield pl.DataFrame(schema={"line": pl.Int64, "text": pl.String})


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


def ingest(store, sources, *, dyad=None, date_from=None, date_to=None, max_lag_days=None, dataset=None,
           progress=False):
    """Ingest GDELT export files, folders or URLs. `dyad` is a Dyad (or 'UKR-BLR'): keep only rows that
    touch it. Returns an IngestSummary."""
    from dyadwatch.countries import Dyad

    dyad = Dyad.parse(dyad) if isinstance(dyad, str) else dyad
    opts = {"dyad": dyad, "date_from": date_from, "date_to": date_to, "max_lag_days": max_lag_days,
            "dataset": dataset}
    from dyadwatch.sources.gdelt_lines import fast_digest, fast_hash_and_lines

    fast_hash_and_lines.digest_only = fast_digest
    fast_hash_and_lines.in_loader = True  # load_file hashes and counts in the read that parses the file
    return ingest_files(store, sources, kind=KIND, loader=load_file, suffixes=SUFFIXES, options=opts,
                        progress=progress, ledger_kind=_ledger_kind(opts), hasher=fast_hash_and_lines)


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
