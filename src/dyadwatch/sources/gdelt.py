"""GDELT event exports: 1.0 (57 or 58 columns, told apart per row), 2.0 and 2.0 translingual (61 columns).

Files are tab-separated without header or quoting, whatever their ``.CSV`` name says, so a row is exactly
one line. How a file is read depends on the filter:

- ``--dyad``: the file's hash is taken first, on a thread of its own (the file mapped, not copied); a
  byte-level pre-scan (:mod:`~dyadwatch.sources.gdelt_scan`) reads the file once, counts its lines and
  finds the few candidate lines (a location code of either country, or both countries' codes, as whole
  fields); only those are split into fields, checked, quarantined and written to the lake, slice by slice
  while the scan goes on (memory does not grow with the number of dyad rows).
- no filter: the file streams in bounded chunks (:mod:`~dyadwatch.sources.gdelt_chunks`): polars' CSV
  reader on clean chunks, the exact line reader on the others; the typed rows go from polars to the lake
  in batches (:mod:`~dyadwatch.sources.event_frames`, :mod:`~dyadwatch.store.lake_frames`).

Either way the fields are checked and typed in polars (:mod:`~dyadwatch.sources.gdelt_typed`; numbers are
read tolerantly, ``52.0`` is 52) and the good rows go to :func:`event_rows.finalise` (the event lake).
Actor country fields are CAMEO codes; every ``*Geo_CountryCode`` is FIPS 10-4; both are mapped to ISO3
through the crosswalk. GoldsteinScale is taken from the row.

Bad rows are quarantined with their line and reason (the checks are listed in ``gdelt_typed``): a wrong
number of fields, bytes that are no text, a lone carriage return or NUL, a number that is no finite
number or overflows its integer type, an unreadable SQLDATE/DATEADDED, an EventCode that is no CAMEO code,
a QuadClass outside 1–4, a GoldsteinScale outside −10…10. One bad value never fails the file. Under
--dyad only candidate lines are checked (a malformed row outside the filter counts as outside it).

Fetching (masterfilelist, MD5, resume) lives in :mod:`dyadwatch.sources.gdelt_fetch`.
"""
from __future__ import annotations

from pathlib import Path

from dyadwatch.errors import FormatError
from dyadwatch.sources.event_rows import dyad_sql, finalise, q  # noqa: F401  (dyad_sql: for callers)
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


SYSTEMS = {"actor1_country": "cameo", "actor2_country": "cameo", "action_country": "fips"}
DYAD_SLICE = 16_384  # --dyad: prepared candidate rows per lake write (encoded while the scan goes on)
FLUSH_ROWS = 100_000  # unfiltered: typed rows gathered per batch to the lake (see _Load.stage)
FRAME_WRITER = True  # typed rows to the lake from polars (event_frames); False: the DuckDB finalise(), kept only as
                     # the reference tests/test_lake_frames.py compares the frame writer with


def load_file(tx, item: Item) -> Counts:
    """Loader for :func:`ingest_files`: one GDELT export file (see the module docstring)."""
    from dyadwatch.settings import get
    from dyadwatch.sources.gdelt_lines import SCAN_CHUNK, chunk_for_limit

    opts = item.options
    version = detect_version(item.path, item.source)
    names = COLUMNS_V2 if version == 2 else COLUMNS_V1
    dataset = opts.get("dataset") or dataset_of(item.source, version)
    # the reads' memory follows DYADWATCH_MEMORY_LIMIT (DuckDB's own work is bounded by it directly)
    chunk = chunk_for_limit(get("memory_limit")) if get("memory_limit") else SCAN_CHUNK
    register_source(tx, dataset)
    load = _Load(tx, item, version, dataset, opts)
    try:
        if opts.get("dyad") is not None:
            load.candidates(names, chunk)
        else:
            load.everything(names, chunk)
    except ImportError as exc:
        raise FormatError(f"reading GDELT files needs polars ({exc})", file=item.source,
                          hint="pip install polars") from None
    except Exception as exc:  # the line reader refused the file: this file fails alone, in plain words
        if type(exc).__module__.split(".")[0] != "polars":
            raise
        raise FormatError(f"cannot read the file as lines of text: {str(exc).splitlines()[0]}",
                          file=item.source) from None
    return load.counts()


class _Load:
    """One file's load: stages typed rows chunk by chunk into finalise(), quarantines the bad rows as they
    come (the file's hash is known before the first chunk) and keeps the counts.

    Every row that reaches the checks is validated (gdelt_typed): rows of the wrong width, unreadable
    bytes, lone carriage returns and bad values (nan, inf, overflowing integers, dates, codes) are
    quarantined with their line. Under --dyad only the candidate lines are checked at all (a malformed row
    outside the filter counts as outside the filter; a malformed SQLDATE is quarantined, not dropped by
    --from/--to)."""

    def __init__(self, tx, item: Item, version: int, dataset: str, opts: dict):
        self.tx, self.item, self.version, self.dataset, self.opts = tx, item, version, dataset, opts
        self.dyad = opts.get("dyad")
        self.hashing = getattr(item, "hashing_in_loader", False)
        self.digest = None if self.hashing else item.sha256
        self.nbad = 0
        self.date_filter = _date_filter(opts)
        self.pending: list = []  # typed good rows not yet handed to the lake
        self.recoded: list[int] = []
        self.kept = self.dups = 0
        self.frames = None  # the FrameFinaliser while the file is read
        self.batch_rows = FLUSH_ROWS  # typed rows gathered per lake write (DYAD_SLICE under --dyad)
        self.prepare = False  # --dyad: each slice's rows are prepared for the lake as they come (see candidates)

    def candidates(self, names, chunk) -> None:
        """The byte-level pre-scan (gdelt_scan) finds the candidate lines and counts the file's lines; only
        the candidates are split, checked and stored — slice by slice while the scan goes on (gdelt_scan.scan's
        sink, on a thread of its own), so neither candidate text nor typed rows pile up with the file: memory
        holds a slice of text and at most DYAD_SLICE typed rows waiting for the lake (plus the batch being
        encoded). Rows are stored under the file's hash, so the hash is taken first, on another thread
        (``fast_digest``: the file mapped, not copied), and is known long before the first slice is ready;
        a copy of a known file under a new name ends the scan as soon as its hash is found in the ledger, with
        nothing written."""
        from concurrent.futures import ThreadPoolExecutor

        from dyadwatch.sources import gdelt_scan
        from dyadwatch.sources.gdelt_lines import fast_digest
        from dyadwatch.sources.gdelt_typed import FIELDS, check_and_type

        keep = set(FIELDS)
        self.recoded = []
        self.batch_rows, self.prepare = DYAD_SLICE, True

        def hash_and_look() -> tuple[str, bool]:
            # on the hashing thread; nothing else uses the connection meanwhile (the scan's thread reads the
            # file, the sink waits for this result)
            found = fast_digest(self.item.path)
            return found, self.tx.ledger_has(found, self.item.kind)

        hasher = ThreadPoolExecutor(1, thread_name_prefix="dw-gdelt-hash") if self.hashing else None
        digest = hasher.submit(hash_and_look) if hasher is not None else None

        def known() -> bool:  # a copy of a known file: the scan stops at its next chunk
            return digest is not None and digest.done() and digest.exception() is None and digest.result()[1]

        stretch = {"bulk": False, "end": False}  # slices seen before the file's last stretch, and in it

        def sink(lines, bad_utf8, end: bool) -> None:
            frame, recoded = gdelt_scan.fields(lines, names, bad_utf8, keep)
            self.recoded += recoded
            good, bad = check_and_type(frame, self.version, self.dataset)
            del frame
            self._open(digest)
            # entering the last stretch of a file larger than it, the rows so far go to the writer: what is
            # left to encode once the scan ends is the last stretch's rows only (a small file, all of it
            # "last stretch", still makes one batch: no extra part files)
            self.settle(good, bad, flush=end and stretch["bulk"] and not stretch["end"])
            stretch["end" if end else "bulk"] = True

        any_, both = gdelt_scan.needles(self.dyad)
        try:
            found = gdelt_scan.scan(self.item.path, any_, both, chunk_bytes=min(chunk, gdelt_scan.CHUNK), sink=sink,
                                    hashing=False, stop=known)
            if self.hashing:
                self.item.set_hashed(self._open(digest, writer=False), found.lines, found.bad_utf8)
            if self.frames is not None:
                self.flush()
        except _KnownFile:
            self.item.set_hashed(self.digest, 0, {})
            return  # a copy of a known file: the caller reports it skipped (nothing written)
        except BaseException as exc:
            if self.frames is not None:
                frames, self.frames = self.frames, None
                frames.__exit__(type(exc), exc, exc.__traceback__)  # the batch in flight is dropped
            raise
        finally:
            if hasher is not None:
                hasher.shutdown()
        if self.frames is not None:
            frames, self.frames = self.frames, None
            frames.__exit__(None, None, None)  # publishes the last batch: catalogued in the transaction

    def _open(self, digest, writer: bool = True) -> str:
        """The file's hash (waiting for the hashing thread the first time) and, with `writer`, the frame
        finaliser the rows go to; raises _KnownFile when the ledger knows the hash already."""
        if self.digest is None:
            self.digest, known = digest.result()
            if known:
                raise _KnownFile
        if writer and self.frames is None:
            from dyadwatch.sources.event_frames import FrameFinaliser

            # the frame finaliser shared with the unfiltered path, with the dyad rule; batches are encoded on
            # the writer's thread while the scan goes on
            self.frames = FrameFinaliser(self.tx, file_sha=self.digest, systems=SYSTEMS, dyad=self.dyad)
        return self.digest

    def everything(self, names, chunk) -> None:
        """No filter: the whole file in bounded chunks (gdelt_chunks), each staged as it comes. Each chunk's
        rows are stored under the file's hash, so the hash comes first (xxh3, one read at memory speed)."""
        from dyadwatch.sources import gdelt_chunks
        from dyadwatch.sources.gdelt_lines import fast_digest
        from dyadwatch.sources.gdelt_typed import FIELDS

        if self.hashing:
            self.digest = fast_digest(self.item.path)
            if self.tx.ledger_has(self.digest, self.item.kind):
                self.item.set_hashed(self.digest, 0, {})
                return  # a copy of a known file: the caller reports it skipped
        from dyadwatch.sources.event_frames import FrameFinaliser

        fields = [n for n in names if n in FIELDS]
        # the typed rows go to the lake from polars (no DuckDB staging table); see event_frames
        with FrameFinaliser(self.tx, file_sha=self.digest, systems=SYSTEMS) as frames:
            self.frames = frames if FRAME_WRITER else None
            for frame, extra in gdelt_chunks.chunks(self.item.path, names, fields, version=self.version,
                                                    chunk_bytes=min(chunk, gdelt_chunks.CHUNK)):
                if frame is None:  # the end: the line count and the lines that are not UTF-8
                    lines, bad_utf8 = extra
                    if self.hashing:
                        self.item.set_hashed(self.digest, lines, bad_utf8)
                    break
                raw_of, fixed = extra
                self.recoded += fixed
                self.stage(frame, raw_of, flush=False)
            self.flush()
        self.frames = None

    def stage(self, frame, raw_of=None, flush: bool = True) -> None:
        """Check and type a frame of fields; quarantine its bad rows; hand its good rows to the lake
        (the frame finaliser) — at once (`flush`), or gathered until FLUSH_ROWS rows: each batch writes a file per
        month it touches (the small months in one spill file), so larger batches make fewer, larger
        files, and bounded batches keep memory bounded."""
        from dyadwatch.sources.gdelt_typed import check_and_type

        good, bad = check_and_type(frame, self.version, self.dataset)
        self.settle(good, bad, raw_of, flush)

    def settle(self, good, bad, raw_of=None, flush: bool = True) -> None:
        """Quarantine checked rows that are bad; keep the good ones for the lake (see stage)."""
        if bad.height:
            texts = bad["_text"].to_list() if "_text" in bad.columns else None
            if texts is None:
                found = raw_of(bad["line"].to_list())
                texts = [found[ln] for ln in bad["line"].to_list()]
            # quarantined as they come (the file's hash is known before any chunk is staged): a file of bad
            # rows holds no memory
            self.nbad += quarantine(self.tx, self.digest, KIND,
                                    list(zip(bad["line"].to_list(), bad["reason"].to_list(), texts)))
        if self.date_filter is not None:
            good = good.filter(self.date_filter)
        if self.prepare and good.height:  # --dyad: countries, the dyad rule and the realm now, not at the write
            good, _ = self.frames.prepare(good)
        if good.height:
            self.pending.append(good)
        if flush or sum(p.height for p in self.pending) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        import polars as pl

        if not self.pending:
            return
        good = pl.concat(self.pending) if len(self.pending) > 1 else self.pending[0]
        self.pending = []
        if self.frames is not None:  # straight from polars to the lake (event_frames.FrameFinaliser)
            kept, dups, _ = self.frames.add(good, prepared=self.prepare)
            self.kept += kept
            self.dups += dups
            return
        # The staged rows reach DuckDB by its replacement scan of this local variable (Arrow string views, no
        # copy), not by con.register(): inside the file's transaction DuckDB keeps every registered object
        # alive until the commit (the unregister is transactional), so memory grew with the file (measured:
        # 1.2 GB at 2M rows, against a flat 0.45 GB this way). finalise() runs its queries a few calls
        # deeper, hence python_scan_all_frames for the duration.
        _dw_gdelt_stage = good.to_arrow(compat_level=pl.CompatLevel.newest())  # noqa: F841
        del good
        # Ibis turns replacement scans off on the connection it is given (after `events top` in the same
        # process the stage was "not found"): switch them on for the duration and restore what was there.
        con = self.tx.con
        was = con.execute("SELECT current_setting('python_enable_replacements')").fetchone()[0]
        con.execute("SET python_enable_replacements = true")
        con.execute("SET python_scan_all_frames = true")
        try:
            kept, dups, _ = finalise(self.tx, "_dw_gdelt_stage", file_sha=self.digest, dyad=self.dyad,
                                           systems=SYSTEMS)
        finally:
            con.execute("RESET python_scan_all_frames")
            con.execute(f"SET python_enable_replacements = {'true' if was else 'false'}")
            del _dw_gdelt_stage
        self.kept += kept
        self.dups += dups

    def counts(self) -> Counts:
        nbad = self.nbad
        rows_read = self.item.lines
        note = f"{self.dataset}; dyad {self.dyad.label if self.dyad else 'all'}"
        if self.recoded:
            shown = ", ".join(str(n) for n in sorted(self.recoded)[:10]) + (" …" if len(self.recoded) > 10 else "")
            note += f"; {len(self.recoded)} line(s) not UTF-8, read as latin-1 (line {shown})"
        return Counts(rows_read=rows_read, rows_kept=self.kept, rows_quarantined=nbad, rows_duplicate=self.dups,
                      rows_filtered=rows_read - self.kept - nbad - self.dups, note=note)


class _KnownFile(Exception):
    """--dyad: the file's hash is in the ledger already (a copy of a known file under another name)."""


def _geo_patch(sql: str, dyad) -> str:
    """dyad_sql compares all three fields with one code per country; the location is FIPS, not CAMEO."""
    ca, cb = q(dyad.a.cameo or dyad.a.iso3), q(dyad.b.cameo or dyad.b.iso3)
    fa, fb = q(dyad.a.fips or "--"), q(dyad.b.fips or "--")
    loc = "coalesce(\"ActionGeo_CountryCode\", '')"
    # rewrite every comparison on the location column
    sql = sql.replace(f"{loc} = {ca}", f"{loc} = {fa}").replace(f"{loc} = {cb}", f"{loc} = {fb}")
    sql = sql.replace(f"{loc} IN ({ca}, {cb})", f"{loc} IN ({fa}, {fb})")
    return sql


def _date_filter(opts: dict):
    """The --from/--to/--max-lag filter on typed rows (a polars expression), or None."""
    import datetime as dt

    import polars as pl

    parts = []
    if opts.get("date_from"):
        parts.append(pl.col("date") >= dt.date.fromisoformat(str(opts["date_from"])))
    if opts.get("date_to"):
        parts.append(pl.col("date") <= dt.date.fromisoformat(str(opts["date_to"])))
    if opts.get("max_lag_days") is not None:
        lag = (pl.col("date_added").dt.date() - pl.col("date")).dt.total_days()
        parts.append(lag <= int(opts["max_lag_days"]))
    return pl.all_horizontal(parts) if parts else None


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
