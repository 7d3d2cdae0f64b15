"""The event lake: event rows as Parquet files beside the store, catalogued in the store.

API FOR PARSERS (stable; published for the GDELT parser work of issue 12)
--------------------------------------------------------------------------
A loader stages rows into a DuckDB temp table with the columns
:data:`dyadwatch.sources.event_rows.STAGE_COLUMNS` and calls, inside the file's transaction::

    from dyadwatch.sources.event_rows import finalise
    kept, duplicates, outside = finalise(tx, stage, file_sha=item.sha256, systems={...}, dyad=dyad)

- The signature is unchanged from the ``events_raw`` table days. ``tx`` is the :class:`~dyadwatch.store.Store`
  inside ``store.transaction()`` (the loader's ``tx``).
- It may be called ANY number of times for one file inside one transaction (stream a large unfiltered file
  in chunks: stage a chunk, ``finalise``, drop or empty the stage, next chunk). Each call writes its kept
  rows as new part files; rows whose ``(dataset, event_id)`` an earlier call (or an earlier ingest) already
  stored count as duplicates. Return values add up over the calls.
- Nothing is visible to other connections until the transaction commits; a rollback deletes the part
  files this transaction wrote; a kill leaves files no catalog row names, which the next read-write open
  (or ``dyadwatch store check``) deletes.
- ``dyad=None`` stores every row (unfiltered ingest); any dyad can then be read from the same rows.
- Readers keep using ``SELECT … FROM events_raw`` on the store's own connection (see below). A second
  connection (``store.con.cursor()``) does not see that view; use :func:`relation_sql` there.

LAYOUT
------
``<store folder>/<store file stem>.lake/`` (``store.duckdb`` -> ``store.lake/``)::

    events/dataset=gdelt2/month=2024-01/part-<uuid>.parquet   # zstd, columns = RAW_COLUMNS + loaded_at
    events/dataset=gdelt2/spill/part-<uuid>.parquet           # several small months of one write, by date
    .tmp/<uuid>/…                                             # files being written (never read)

The catalog table ``event_files`` (schema component ``events`` v3) lists every visible file: its path
relative to the lake root, dataset, month (of the event date, ``YYYY-MM``; a spill file's first month,
with ``last_month`` its last; NULL for a one-month file), rows, the ingested file's
sha256 (NULL for a compacted file, which holds rows of many), bytes and when it was written. Only files
the catalog lists are data: a directory listing may show files being written or left by a kill.

``events_raw`` is a TEMPORARY view created on every open of the store (and re-created whenever the
catalog changes) over the catalogued files, with absolute paths computed from where the store is NOW.
Nothing persisted in the store names an absolute path, so a store moved or restored together with its
``.lake`` folder keeps working. The persistent views ``events_keyed`` and ``events_dedup_*`` name
``events_raw`` and bind to the temp view. With no files the view is an empty relation of the same
columns (``read_parquet`` of an empty list fails).

Writes: the rows materialised once into a temp table, one DuckDB ``COPY … TO … (FORMAT parquet,
COMPRESSION zstd)`` per file into ``.tmp/<uuid>``, every file fsynced, all renamed into their partition
folders, each folder fsynced once, catalog rows inserted in the same transaction as the ingest ledger
(:func:`plan` and :func:`publish`, shared with the frame writer of :mod:`dyadwatch.store.lake_frames`, which
encodes rows already typed in polars without the temp table). Deduplication on ``(dataset, event_id)`` reads only the partitions the new rows
fall in (the same event with another month's date would be kept twice; GDELT, POLECAT, PLOVER and ACLED
never re-date an id).

A later migration that adds a column to ``RAW_COLUMNS`` must also rewrite the existing files (or read
them with ``union_by_name``): the view selects the columns by name and an older file lacks the new one.
"""
from __future__ import annotations

import os
import re
import shutil
import threading
import urllib.parse
import uuid
from pathlib import Path

from dyadwatch.schemas.events import LAKE_COLUMNS, LAKE_NAMES

VIEW = "events_raw"
CATALOG = "event_files"
AUTO_COMPACT_FILES = 8       # a partition with more small files than this is compacted by the writer
SMALL_ROWS = 250_000         # files with fewer rows count as small (compaction merges only those)
SPILL_ROWS = 20_000          # months with fewer rows in one write go together into one spill file,
SPILL_MIN_MONTHS = 3         # when there are at least this many of them

# part files renamed into place by a transaction that has not committed yet (this process); the sweep of
# unlisted files must not take them (another Store object on the same file may be mid-transaction)
_IN_FLIGHT: set[str] = set()
_LOCK = threading.Lock()
# lake root -> how many committed catalog changes this process has seen: a Store whose view was built at
# another generation re-creates it before its next read (two Store objects on one file in one process:
# the other one's view would miss new files, or name files a compaction deleted)
_GEN: dict[str, int] = {}


# --- where ---------------------------------------------------------------------------------------------
def root_for(store_path) -> Path:
    """``<folder>/<stem>.lake`` for the store file ``<folder>/<stem>.<suffix>`` (a store file that is itself
    named ``*.lake`` gets ``<name>.lake``)."""
    p = Path(store_path)
    out = p.parent / (p.stem + ".lake")
    return out if out != p else p.parent / (p.name + ".lake")


def root(store) -> Path:
    return Path(store.lake_root)


def active(store) -> bool:
    """Whether the store keeps its events in the lake (the catalog exists: migration events v3 ran)."""
    return store.con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND "
                             "table_name = ?", [CATALOG]).fetchall()[0][0] > 0


def _lit(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


# --- reading -------------------------------------------------------------------------------------------
def visible(store, *, dataset: str | None = None, months=None) -> list[str]:
    """Relative paths of the catalogued files (optionally of one dataset and some months; a spill file
    counts for every month from its ``month`` to its ``last_month``)."""
    where, params = [], []
    if dataset is not None:
        where.append("dataset = ?")
        params.append(dataset)
    spill = _has_spill(store)
    if months is not None:
        months = sorted(months)
        if not months:
            return []
        one = "month IN (" + ", ".join("?" for _ in months) + ")"
        if spill:
            where.append(f"(({one}) OR (last_month IS NOT NULL AND month <= ? AND last_month >= ?))")
            params += months + [months[-1], months[0]]
        else:
            where.append(one)
            params += months
    cols = "path, month, last_month" if spill and months is not None else "path"
    sql = f"SELECT {cols} FROM {CATALOG}" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY path"
    got = store.con.execute(sql, params).fetchall()
    if cols == "path":
        return [r[0] for r in got]
    # a spill file whose range straddles the wanted months without holding any of them is left out
    want = set(months)
    return [p for p, first, last in got if last is None or any(first <= m <= last for m in want)]


def _has_spill(store) -> bool:
    """Whether the catalog has the ``last_month`` column of spill files (migration events v4; a store opened
    read-only before its upgrade has not)."""
    return store.con.execute("SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? "
                             "AND column_name = 'last_month'", [CATALOG]).fetchall()[0][0] > 0


def absolute(store, paths) -> list[str]:
    base = root(store)
    return [str(base / p) for p in paths]


def typed(exprs: dict[str, str] | None = None) -> str:
    """The select list of a lake file: every column cast to its type (a column a source never fills would
    otherwise be written with DuckDB's NULL type), `exprs` giving the expression of some columns."""
    exprs = exprs or {}
    return ", ".join(f"CAST({exprs.get(name, name)} AS {typ}) AS {name}" for name, typ in LAKE_COLUMNS)


def _null_row() -> str:
    """One row of typed NULLs in the lake's columns."""
    return "SELECT " + ", ".join(f"CAST(NULL AS {typ}) AS {name}" for name, typ in LAKE_COLUMNS)


def empty_sql() -> str:
    return _null_row() + " LIMIT 0"


def files_sql(abs_paths: list[str]) -> str:
    """A relation over these Parquet files (the lake's columns), or an empty one when there are none."""
    if not abs_paths:
        return empty_sql()
    listed = ", ".join(_lit(p) for p in abs_paths)
    return f"SELECT {', '.join(LAKE_NAMES)} FROM read_parquet([{listed}], hive_partitioning = false)"


def relation_sql(store) -> str:
    """SQL of every visible event row (what the ``events_raw`` view shows), usable on any connection."""
    return files_sql(absolute(store, visible(store)))


def generation(store) -> int:
    return _GEN.get(str(store.lake_root), 0)


def _bump(store) -> None:
    key = str(store.lake_root)
    with _LOCK:
        _GEN[key] = _GEN.get(key, 0) + 1


def refresh_view(store, *, verify: bool = False) -> None:
    """(Re)create the temp view ``events_raw`` from the catalog (inside a transaction it is rolled back
    with it: DuckDB's DDL is transactional). With `verify`, catalogued files that are missing make the view
    fail when read, with a message that says so (the store still opens, so `store check` can run)."""
    store._lake_gen = generation(store)
    paths = absolute(store, visible(store))
    if verify:
        missing = [p for p in paths if not os.path.isfile(p)]
        if missing:
            msg = (f"the event lake {root(store)} misses {len(missing)} of its {len(paths)} catalogued files "
                   f"(first: {missing[0]}); was the store moved or restored without its .lake folder? "
                   "Run `dyadwatch store check`")
            store.con.execute(f"CREATE OR REPLACE TEMP VIEW {VIEW} AS {_null_row()} FROM range(1) "
                              f"WHERE error({_lit(msg)}) IS NULL")
            return
    store.con.execute(f"CREATE OR REPLACE TEMP VIEW {VIEW} AS {files_sql(paths)}")


def open_lake(store, *, sweep_orphans: bool) -> None:
    """On opening a store: sweep files no catalog row names (read-write opens), then create the view."""
    if not active(store):
        return
    if sweep_orphans:
        sweep(store)
    refresh_view(store, verify=True)


# --- writing -------------------------------------------------------------------------------------------
def _safe(value: str) -> str:
    return value if re.fullmatch(r"[A-Za-z0-9._-]+", value) else urllib.parse.quote(value, safe="")


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _tmp_dir(store) -> Path:
    d = root(store) / ".tmp" / uuid.uuid4().hex
    d.mkdir(parents=True, exist_ok=True)
    with _LOCK:
        _IN_FLIGHT.add(str(d))
    return d


def _release(paths) -> None:
    with _LOCK:
        for p in paths:
            _IN_FLIGHT.discard(str(p))


def _remove(paths) -> None:
    for p in paths:
        try:
            os.unlink(p)
        except OSError:
            pass


def _month_where(month: str | None) -> str:
    if month is None:
        return "date IS NULL"
    first = f"DATE {_lit(month + '-01')}"
    return f"date >= {first} AND date < {first} + INTERVAL 1 MONTH"


def plan(parts, spill_rows: int = 0) -> list[tuple]:
    """The files of one write, from its (dataset, month or None, rows) parts: a list of (dataset, [months],
    catalog month, last month or None, rows). A month gets a file of its own unless it has fewer than
    `spill_rows` rows and at least SPILL_MIN_MONTHS such months of its dataset exist: those share one spill
    file (catalog month its first, last month its last)."""
    jobs = []
    for dataset in sorted({d for d, _, _ in parts}):
        mine = sorted(((m, n) for d, m, n in parts if d == dataset), key=lambda x: (x[0] is None, x[0] or ""))
        small = [(m, n) for m, n in mine if m is not None and n < spill_rows]
        if len(small) < SPILL_MIN_MONTHS:
            small = []
        for m, n in mine:
            if (m, n) not in small:
                jobs.append((dataset, [m], m if m is not None else "NULL", None, n))
        if small:
            ms = [m for m, _ in small]
            jobs.append((dataset, ms, ms[0], ms[-1], sum(n for _, n in small)))
    return jobs


def publish(store, staged, *, file_sha: str | None, synced: bool = False) -> list[dict]:
    """Make written part files data, inside the current transaction: `staged` is a list of (temporary path,
    dataset, month, last month or None, rows). Each file is fsynced, renamed into its partition folder
    (deleted again if the transaction rolls back), each folder fsynced once, then the catalog rows are
    inserted (`synced`: the writer fsynced the files already). Returns the catalog rows."""
    if not staged:
        return []
    for p, *_ in staged if not synced else ():
        _fsync(p)                     # the data is on disk before any name points at it
    rows, dirs = [], set()
    base = root(store)
    for p, dataset, month, last, n in staged:
        where = f"month={_safe(month)}" if last is None else "spill"
        rel = f"events/dataset={_safe(dataset)}/{where}/part-{uuid.uuid4().hex}.parquet"
        final = base / rel
        final.parent.mkdir(parents=True, exist_ok=True)
        with _LOCK:
            _IN_FLIGHT.add(str(final))
        os.replace(p, final)          # atomic: the final name never shows a half-written file
        _on_end(store, commit=[], rollback=[final], release=[final])
        dirs.add(final.parent)
        rows.append({"path": rel, "dataset": dataset, "month": month, "rows": n,
                     "file_sha": file_sha, "bytes": final.stat().st_size, "last_month": last})
    for d in dirs:                    # the renames are durable before the catalog commits
        _fsync(d)
    cols = ["path", "dataset", "month", "rows", "file_sha", "bytes"]
    store.insert_rows(CATALOG, cols, [[r[k] for k in cols] for r in rows if r["last_month"] is None])
    spilled = [r for r in rows if r["last_month"] is not None]
    if spilled:
        store.insert_rows(CATALOG, cols + ["last_month"], [[r[k] for k in cols + ["last_month"]] for r in spilled])
    return rows


def write(store, select_sql: str, *, file_sha: str | None, spill_rows: int = 0) -> list[dict]:
    """Write the rows of `select_sql` (columns LAKE_NAMES, in order) as part files, one per dataset and
    month; catalog them in the current transaction. Returns the catalog rows written (maybe none).

    With `spill_rows`, the months of a dataset with fewer rows than that go together into one "spill" file
    (when there are SPILL_MIN_MONTHS of them or more), sorted by date, catalogued with its first and last
    month (``month``, ``last_month``): a 15-minute GDELT file whose old-dated events spread over a dozen months
    writes two files instead of thirteen.

    Must run inside ``store.transaction()``: on commit the files stay, on rollback they are deleted.

    The rows are materialised once into a temp table, then written by one plain ``COPY`` per file with a
    date-range filter: measured on 1M rows over 15 months, 2.2 s of CPU against 4.2 s for DuckDB's
    ``PARTITION_BY`` and 2.3 s for one unpartitioned file. Each file is fsynced, all are renamed into
    place, then each folder is fsynced once, before the catalog rows are inserted."""
    if not store._in_tx:
        with store.transaction():
            return write(store, select_sql, file_sha=file_sha, spill_rows=spill_rows)
    con = store.con
    tmp = _tmp_dir(store)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _lake_w AS {select_sql}")
        parts = con.execute("SELECT dataset, strftime(date, '%Y-%m'), count(*) FROM _lake_w "
                            "GROUP BY ALL ORDER BY 1, 2").fetchall()
        jobs = [(f"dataset = {_lit(ds)} AND ({' OR '.join(f'({_month_where(m)})' for m in ms)})",
                 " ORDER BY date" if last is not None else "", ds, first, last, n)
                for ds, ms, first, last, n in plan([(d, m, int(n)) for d, m, n in parts], spill_rows)]
        staged = []
        for i, (where, order, dataset, month, last, n) in enumerate(jobs):
            p = tmp / f"{i}.parquet"
            con.execute(f"COPY (SELECT * FROM _lake_w WHERE {where}{order}) TO {_lit(str(p))} "
                        "(FORMAT parquet, COMPRESSION zstd)")
            staged.append((p, dataset, month, last, n))
        con.execute("DROP TABLE _lake_w")
        return publish(store, staged, file_sha=file_sha)
    finally:
        con.execute("DROP TABLE IF EXISTS _lake_w")
        shutil.rmtree(tmp, ignore_errors=True)
        _release([tmp])


def _on_end(store, *, commit, rollback, release) -> None:
    """After the current transaction: delete `commit` files when it commits, `rollback` files when it rolls
    back, and forget `release` as in flight either way."""
    def done_commit():
        _bump(store)
        _remove(commit)
        _release(release)

    def done_rollback():
        _remove(rollback)
        _release(release)

    store.on_commit(done_commit)
    store.on_rollback(done_rollback)


def drop_files(store, paths: list[str]) -> None:
    """Take catalogued files out of the catalog now; delete them when the transaction commits."""
    if not paths:
        return
    store.con.execute(f"DELETE FROM {CATALOG} WHERE path IN (" + ", ".join("?" for _ in paths) + ")", paths)
    _on_end(store, commit=absolute(store, paths), rollback=[], release=[])


# --- compaction ----------------------------------------------------------------------------------------
# the partition a catalogued file belongs to for compaction: its month, or '*' for the spill files
_PART = "CASE WHEN last_month IS NULL THEN month ELSE '*' END"


def compact(store, *, dataset: str | None = None, month: str | None = None, min_files: int = 2,
            small_rows: int = SMALL_ROWS, skip: list[str] | None = None) -> list[dict]:
    """Merge the small files of each partition that has at least `min_files` of them into one file
    (sorted by event id), atomically: new file renamed into place and catalogued, old files uncatalogued in
    the same transaction and deleted after it commits. Returns one row per partition compacted. The spill
    files of a dataset (month ``'*'``) are one partition: merging them writes the months that now have
    SPILL_ROWS rows as files of their own and the rest as one spill file."""
    if not store._in_tx:
        with store.transaction():
            out = compact(store, dataset=dataset, month=month, min_files=min_files, small_rows=small_rows,
                          skip=skip)
        return out
    where, params = ["rows < ?", "NOT list_contains(?, path)"], [small_rows, list(skip or [])]
    if dataset is not None:
        where.append("dataset = ?")
        params.append(dataset)
    if month is not None:
        where.append(f"{_PART} = ?")
        params.append(month)
    parts = store.con.execute(
        f"SELECT dataset, {_PART} AS part, list(path ORDER BY path), sum(rows), count(*) FROM {CATALOG} "
        f"WHERE {' AND '.join(where)} GROUP BY ALL HAVING count(*) >= ? ORDER BY 1, 2",
        params + [max(2, min_files)]).fetchall()
    done = []
    for ds, mo, paths, rows, n in parts:
        # sorted by id: each row group then covers a narrow id range, which the duplicate check of later
        # ingests skips by its min/max statistics
        new = write(store, files_sql(absolute(store, paths)) + " ORDER BY dataset, event_id", file_sha=None,
                    spill_rows=SPILL_ROWS if mo == "*" else 0)
        got = sum(r["rows"] for r in new)
        if got != rows:
            from dyadwatch.errors import StoreError
            raise StoreError(f"compacting {ds} {mo}: {got} rows written for {rows} read; nothing was changed")
        drop_files(store, list(paths))
        done.append({"dataset": ds, "month": mo, "files_before": int(n), "files_after": len(new), "rows": int(rows)})
    if done:
        refresh_view(store)
    return done


def _written_now(store) -> list[str]:
    """Relative paths of the part files this process renamed into the lake and has not committed yet."""
    base = root(store)
    with _LOCK:
        busy = [Path(p) for p in _IN_FLIGHT]
    return [p.relative_to(base).as_posix() for p in busy if p.is_relative_to(base) and p.suffix == ".parquet"]


def auto_compact(store, partitions) -> list[dict]:
    """Compact the given (dataset, month) partitions that have more than AUTO_COMPACT_FILES small files,
    counting only committed files: a file ingested in chunks does not re-merge its own chunks mid-way
    (the next ingest merges them when they are many)."""
    out = []
    skip = _written_now(store)
    wanted = [[ds, mo] for ds, mo in partitions]
    if not wanted:
        return out
    crowded = store.con.execute(
        f"SELECT dataset, {_PART} FROM {CATALOG} WHERE rows < ? AND NOT list_contains(?, path) "
        f"AND list_contains(?, [dataset, {_PART}]) GROUP BY ALL HAVING count(*) > ? ORDER BY 1, 2",
        [SMALL_ROWS, skip, wanted, AUTO_COMPACT_FILES]).fetchall()
    for ds, mo in crowded:
        out += compact(store, dataset=ds, month=mo, skip=skip)
    return out


# --- sweeping and checking -----------------------------------------------------------------------------
def _listed_on_disk(store) -> list[Path]:
    base = root(store) / "events"
    if not base.is_dir():
        return []
    return [p for p in base.rglob("*") if p.is_file()]


def sweep(store) -> list[str]:
    """Delete files in the lake that no catalog row names (left by a kill) and stale temporary folders;
    returns the relative paths deleted."""
    base = root(store)
    if not base.is_dir():
        return []
    known = set(visible(store))
    with _LOCK:
        busy = set(_IN_FLIGHT)
    gone = []
    for p in _listed_on_disk(store):
        rel = p.relative_to(base).as_posix()
        if rel not in known and str(p) not in busy:
            try:
                p.unlink()
                gone.append(rel)
            except OSError:
                pass
    tmp = base / ".tmp"
    if tmp.is_dir():
        for d in tmp.iterdir():
            if str(d) not in busy:
                shutil.rmtree(d, ignore_errors=True) if d.is_dir() else d.unlink(missing_ok=True)
                gone.append(d.relative_to(base).as_posix())
    return gone


def check(store) -> tuple[list[str], list[str]]:
    """(problems, notes): every catalogued file exists and holds the rows the catalog says; files no
    catalog row names are deleted (noted); the rows kept per ingested file (ledger) equal the lake's rows
    of that file."""
    import duckdb

    problems, notes = [], []
    gone = sweep(store)
    if gone:
        notes.append(f"lake: {len(gone)} unlisted file(s) left by an interrupted write were deleted")
    cat = store.con.execute(f"SELECT path, rows FROM {CATALOG} ORDER BY path").fetchall()
    base = root(store)
    present = []
    for path, _ in cat:
        if not (base / path).is_file():
            problems.append(f"lake: {path} is in the catalog but missing from {base}")
        else:
            present.append(path)
    if present:
        try:
            meta = dict(store.con.execute(
                "SELECT file_name, num_rows FROM parquet_file_metadata(["
                + ", ".join(_lit(p) for p in absolute(store, present)) + "])").fetchall())
        except duckdb.Error as exc:
            problems.append(f"lake: the Parquet files cannot be read: {str(exc).splitlines()[0][:200]}")
            return problems, notes
        want = dict(cat)
        for path, abs_path in zip(present, absolute(store, present)):
            if int(meta.get(abs_path, -1)) != want[path]:
                problems.append(f"lake: {path}: {meta.get(abs_path)} rows in the file, {want[path]} in the catalog")
    if problems:
        return problems, notes
    try:
        have = dict(store.con.execute(
            f"SELECT file_sha, count(*) FROM ({relation_sql(store)}) GROUP BY 1").fetchall())
    except duckdb.Error as exc:
        problems.append(f"lake: the event rows cannot be read back: {str(exc).splitlines()[0][:200]}")
        return problems, notes
    ledger = store.con.execute(
        "SELECT sha256, min(path), sum(coalesce(rows_kept, 0)) FROM ingest_ledger WHERE "
        + _EVENT_KINDS + " GROUP BY sha256").fetchall()
    for sha, path, want in ledger:
        if int(want) != int(have.get(sha, 0)):
            problems.append(f"ledger: {path}: {int(want)} event rows recorded, {int(have.get(sha, 0))} in the lake")
    in_ledger = {r[0] for r in ledger}
    stray = sum(n for sha, n in have.items() if sha not in in_ledger)
    if stray:
        problems.append(f"lake: {stray} event rows come from files the ingest ledger does not list")
    return problems, notes


# the ledger kinds of event loaders: gdelt (with its filter suffixes), polecat, plover, acled
_EVENT_KINDS = ("(kind IN ('gdelt', 'polecat', 'plover', 'acled') OR kind LIKE 'gdelt:%' OR kind LIKE "
                "'polecat:%' OR kind LIKE 'plover:%' OR kind LIKE 'acled:%')")


def stats(store) -> dict:
    row = store.con.execute(f"SELECT count(*), coalesce(sum(rows), 0), coalesce(sum(bytes), 0), "
                            f"count(DISTINCT (dataset, month)) FROM {CATALOG}").fetchall()[0]
    return {"root": str(root(store)), "files": int(row[0]), "rows": int(row[1]), "bytes": int(row[2]),
            "partitions": int(row[3])}


# --- migration of stores written before the lake -------------------------------------------------------
def migrate_table(store) -> None:
    """Schema migration events v3: create the catalog and move the rows of an ``events_raw`` TABLE into
    the lake, in the migration's transaction (an interruption rolls everything back: the table stays,
    the files written so far are deleted or swept)."""
    con = store.con
    con.execute(f"""CREATE TABLE {CATALOG} (
        path VARCHAR NOT NULL, dataset VARCHAR NOT NULL, month VARCHAR NOT NULL, rows BIGINT NOT NULL,
        file_sha VARCHAR, bytes BIGINT, written_at TIMESTAMP DEFAULT current_timestamp)""")
    is_table = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
                           [VIEW]).fetchall()[0][0]
    if not is_table:
        return
    n = con.execute(f"SELECT count(*) FROM main.{VIEW}").fetchall()[0][0]
    if n:
        from dyadwatch.sources.ingest import bounded   # the ingest's memory limit (and no progress bar)

        with bounded(store):
            cols = typed()
            # one ingested file's rows at a time keeps each part file attributable to its ledger entry
            for (sha,) in con.execute(f"SELECT DISTINCT file_sha FROM main.{VIEW} ORDER BY 1").fetchall():
                write(store, f"SELECT {cols} FROM main.{VIEW} WHERE file_sha = {_lit(sha)} "
                             "ORDER BY date, dataset, event_id", file_sha=sha)
            moved = con.execute(f"SELECT coalesce(sum(rows), 0) FROM {CATALOG}").fetchall()[0][0]
            if moved != n:
                from dyadwatch.errors import StoreError
                raise StoreError(f"moving the event rows into the lake wrote {moved} of {n} rows; nothing was changed")
    con.execute("DROP INDEX IF EXISTS events_raw_key")
    con.execute(f"DROP TABLE main.{VIEW}")


migrate_table.wants_store = True  # type: ignore[attr-defined]
