"""Schema component 'events': raw event rows, volume totals, and the deduplication views.

Since v3 the raw rows live in the event lake (Parquet files beside the store, catalogued in ``event_files``;
see :mod:`dyadwatch.store.lake`) and ``events_raw`` is a view over them with the columns below.
``events_raw`` keeps one row per coded event as the dataset published it (normalised codes beside the raw
ones), keyed by ``(dataset, event_id)`` and traceable to its file (``file_sha`` = the ledger's sha256) and
line. Deduplication is never applied to the rows themselves: the ``events_dedup_*`` views express each
method over the raw rows, so their effect can be audited (``SELECT count(*)`` on each) and changed.
The Ibis pipeline in :mod:`dyadwatch.realms.events` uses the same keys (:data:`DEDUP_KEYS`); a test checks
that both agree.

Append migrations; never edit a released one.
"""
from __future__ import annotations

from dyadwatch.store.schema import register_component

# method -> the columns that identify "the same event"; rows without a URL keep their own identity
DEDUP_KEYS: dict[str, tuple[str, ...]] = {
    "one-a-day": ("date", "actor1_code", "actor2_code", "event_code"),
    "url": ("url_key", "actor1_code", "actor2_code", "event_code"),
    "url-date-loc": ("url_key", "date", "loc_key"),
}
DEDUP_METHODS = ("one-a-day", "url", "url-date-loc", "none")
DEFAULT_DEDUP = "one-a-day"

RAW_COLUMNS = [
    # identity and provenance
    ("dataset", "VARCHAR NOT NULL"),       # gdelt1, gdelt2, gdelt2-translation, polecat, plover, acled
    ("event_id", "VARCHAR NOT NULL"),      # GLOBALEVENTID, POLECAT Event ID, PLOVER id, ACLED event_id_cnty
    ("file_sha", "VARCHAR NOT NULL"),      # sha256 of the file as ingested (ingest_ledger.sha256)
    ("line", "BIGINT"),                    # 1-based line (record number for JSON lines)
    ("date", "DATE NOT NULL"),             # the event date (GDELT SQLDATE)
    ("date_added", "TIMESTAMP"),           # when the dataset published it (GDELT DATEADDED)
    # actors: the code as published, the normalised ISO3 country, the actor types (';'-joined)
    ("actor1_code", "VARCHAR"), ("actor1_name", "VARCHAR"), ("actor1_country_raw", "VARCHAR"),
    ("actor1_country", "VARCHAR"), ("actor1_types", "VARCHAR"),
    ("actor2_code", "VARCHAR"), ("actor2_name", "VARCHAR"), ("actor2_country_raw", "VARCHAR"),
    ("actor2_country", "VARCHAR"), ("actor2_types", "VARCHAR"),
    # what happened
    ("event_code", "VARCHAR"),             # CAMEO code (GDELT) or the dataset's own type (ACLED sub_event_type)
    ("event_root", "VARCHAR"),             # CAMEO root '01'..'20' (PLOVER/ACLED: the mapped equivalent)
    ("plover", "VARCHAR"), ("plover_mode", "VARCHAR"), ("plover_context", "VARCHAR"),
    ("quad_class", "INTEGER"),             # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    ("goldstein", "DOUBLE"),               # GoldsteinScale from the row (GDELT only)
    ("intensity", "DOUBLE"),               # POLECAT Intensity
    ("fatalities", "INTEGER"),             # ACLED
    ("is_root", "BOOLEAN"),
    ("num_mentions", "INTEGER"), ("num_sources", "INTEGER"), ("num_articles", "INTEGER"),
    ("avg_tone", "DOUBLE"),
    # where
    ("action_country_raw", "VARCHAR"),     # FIPS 10-4 for GDELT, ISO3/name for others
    ("action_country", "VARCHAR"),         # ISO3
    ("action_adm1", "VARCHAR"), ("action_name", "VARCHAR"), ("action_lat", "DOUBLE"),
    ("action_long", "DOUBLE"), ("action_feature_id", "VARCHAR"),
    ("actor1_geo_country", "VARCHAR"), ("actor2_geo_country", "VARCHAR"),
    ("source_url", "VARCHAR"),
    ("realm", "VARCHAR NOT NULL"),         # political | security | civil_society | economic
]
RAW_NAMES = [name for name, _ in RAW_COLUMNS]
# the columns of the lake's Parquet files (and of the ``events_raw`` view over them): the raw columns with
# their plain types (Parquet keeps no NOT NULL; event_rows.finalise checks it) and when the row was stored
LAKE_COLUMNS = [(name, typ.replace(" NOT NULL", "")) for name, typ in RAW_COLUMNS] + [("loaded_at", "TIMESTAMP")]
LAKE_NAMES = [name for name, _ in LAKE_COLUMNS]
REQUIRED = [name for name, typ in RAW_COLUMNS if "NOT NULL" in typ]


def _dedup_view(name: str, method: str) -> str:
    keys = ", ".join(DEDUP_KEYS[method])
    return f"""
    CREATE VIEW {name} AS
    SELECT * EXCLUDE (rn) FROM (
        SELECT e.*, row_number() OVER (PARTITION BY {keys} ORDER BY file_sha, line, dataset, event_id) AS rn
        FROM events_keyed e) WHERE rn = 1
    """


MIGRATIONS: list = [
    # 1: raw rows, volume totals, keyed view and the three deduplication views
    "CREATE TABLE events_raw (" + ", ".join(f"{n} {t}" for n, t in RAW_COLUMNS) + """,
        loaded_at TIMESTAMP DEFAULT current_timestamp);
    CREATE INDEX events_raw_key ON events_raw (dataset, event_id);
    CREATE TABLE events_volume (
        date DATE NOT NULL, country VARCHAR NOT NULL, fips VARCHAR, total BIGINT NOT NULL,
        file_sha VARCHAR NOT NULL);
    CREATE VIEW events_keyed AS
    SELECT e.*,
        coalesce(source_url, dataset || ':' || event_id) AS url_key,
        coalesce(action_feature_id, action_adm1, action_country, action_country_raw, '') AS loc_key
    FROM events_raw e;
    """
    + _dedup_view("events_dedup_one_a_day", "one-a-day") + ";"
    + _dedup_view("events_dedup_url", "url") + ";"
    + _dedup_view("events_dedup_url_date_loc", "url-date-loc") + ";",
]

MIGRATIONS.append(
    # 2: the cheap key of an ingested file (size, modification time in ns, inode) -> its content digest, so a
    #    known file is recognised before it is read (confirmed by the digest; see sources.ingest)
    """CREATE TABLE ingest_file_keys (
        kind VARCHAR NOT NULL, size BIGINT NOT NULL, mtime_ns BIGINT NOT NULL, inode BIGINT NOT NULL,
        digest VARCHAR NOT NULL, recorded_at TIMESTAMP DEFAULT current_timestamp);""")



def _move_to_lake(store) -> None:
    from dyadwatch.store.lake import migrate_table
    migrate_table(store)


_move_to_lake.wants_store = True  # type: ignore[attr-defined]  (called with the Store, not its connection)

MIGRATIONS.append(
    # 3: the event lake (dyadwatch.store.lake): the catalog table event_files; the rows of the events_raw
    #    TABLE move into Parquet files and the table is dropped (events_raw becomes a temp view over the files,
    #    created on every open; events_keyed and the dedup views keep reading it by name)
    _move_to_lake)

MIGRATIONS.append(
    # 4: spill files of the event lake: months with few rows in one write share one Parquet file, catalogued
    #    with its first (month) and last month (last_month; NULL for a one-month file)
    "ALTER TABLE event_files ADD COLUMN last_month VARCHAR")

register_component("events", MIGRATIONS)
