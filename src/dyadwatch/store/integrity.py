"""Store integrity: `dyadwatch store check` and `dyadwatch store backup`.

    report = check(store)        # every block read back (DuckDB verifies its checksums), ledger counts compared
    backup(store, "copy.duckdb") # a consistent copy, written beside the target and renamed when verified

DuckDB keeps a checksum for every block but verifies it only when the block is read, so a damaged block
in a table nobody reads goes unnoticed. :func:`check` reads every column of every table, which makes
DuckDB verify every block, then compares the ingest ledger with what the tables hold.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from dyadwatch.errors import InputError, StoreError

DAMAGE_MARKS = ("corrupt database file", "could not read enough bytes", "not a valid duckdb database",
                "checksum", "invalid database", "truncated", "failed to read database header",
                "the file is not a valid")


def is_damage(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(mark in text for mark in DAMAGE_MARKS)


def damaged(path, exc: BaseException) -> StoreError:
    reason = str(exc).splitlines()[0][:200]
    return StoreError(f"the store {path} is damaged ({reason})",
                      hint="run `dyadwatch store check` to see what is affected, or restore a backup made with "
                           "`dyadwatch store backup`")


@dataclass
class CheckReport:
    path: str
    tables: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {"path": self.path, "ok": self.ok, "tables": self.tables, "problems": self.problems,
                "notes": self.notes}


def check(store) -> CheckReport:
    """Read every table in full and compare the ledger's row counts with the stored rows."""
    import duckdb

    from dyadwatch.store import lake

    report = CheckReport(str(store.path))
    for table in _base_tables(store):
        try:
            n = store.scalar(f'SELECT count(*) FROM "{table}"')
            store.execute(f'SELECT max(hash(COLUMNS(*))) FROM "{table}"').fetchall()
            report.tables[table] = n
        except duckdb.Error as exc:
            report.problems.append(f"table {table}: cannot be read back: {str(exc).splitlines()[0][:200]}")
    if report.problems:
        return report
    try:
        _check_ledger(store, report)
    except duckdb.Error as exc:
        report.problems.append(f"ledger: {str(exc).splitlines()[0][:200]}")
    if lake.active(store):  # the event lake: catalog <-> files <-> ledger
        problems, notes = lake.check(store)
        report.problems += problems
        report.notes += notes
        if not problems:
            info = lake.stats(store)
            report.tables["events_raw"] = info["rows"]
            report.notes.append(f"event lake {info['root']}: {info['files']:,} file(s) in {info['partitions']:,} "
                                f"partition(s), {info['rows']:,} rows, {info['bytes']:,} bytes")
    return report


def _base_tables(store) -> list[str]:
    """The store's own tables (views hold no blocks of their own; the lake is checked by lake.check)."""
    return [r[0] for r in store.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                        "AND NOT temporary ORDER BY 1").fetchall()]


def _check_ledger(store, report: CheckReport) -> None:
    # quarantined rows: the ledger's count against the quarantine table, per file
    for row in store.query("""
            SELECT l.sha256, min(l.path) AS path, sum(l.rows_quarantined) AS want, coalesce(max(q.n), 0) AS have
            FROM ingest_ledger l LEFT JOIN (SELECT ledger_sha256, count(*) AS n FROM quarantine GROUP BY 1) q
                 ON q.ledger_sha256 = l.sha256
            WHERE l.kind <> 'curated'
            GROUP BY l.sha256 HAVING sum(coalesce(l.rows_quarantined, 0)) <> coalesce(max(q.n), 0)"""):
        report.problems.append(f"ledger: {row['path']}: {row['want']} quarantined rows recorded, "
                               f"{row['have']} in the quarantine table")
    # Comtrade CSV files: kept rows against the observations of that file
    for row in store.query("""
            SELECT l.path, l.rows_kept AS want, (SELECT count(*) FROM observations o
                                                 WHERE o.origin = 'comtrade-file:' || l.sha256) AS have
            FROM ingest_ledger l WHERE l.kind = 'comtrade-csv'"""):
        if row["want"] != row["have"]:
            report.problems.append(f"ledger: {row['path']}: {row['want']} observations recorded, {row['have']} stored")
    # curated files: records with the file's origin (fewer is expected after `load --replace` took ids away)
    tables = [t for t in ("sources", "claims", "observations", "events", "recommendations") if t in report.tables]
    if tables:
        union = " UNION ALL ".join(f"SELECT origin FROM {t}" for t in tables)
        for row in store.query(f"""
                SELECT l.path, l.rows_kept AS want, count(u.origin) AS have
                FROM ingest_ledger l LEFT JOIN ({union}) u ON u.origin = l.path
                WHERE l.kind = 'curated' GROUP BY l.path, l.rows_kept HAVING count(u.origin) <> l.rows_kept"""):
            what = (f"curated file {row['path']}: {row['want']} records recorded, {row['have']} stored")
            if row["have"] < row["want"]:
                report.notes.append(what + " (other files may have replaced some with --replace)")
            else:
                report.problems.append(what)


def backup(store, dest: str | os.PathLike, *, force: bool = False) -> dict:
    """Copy the store to `dest` consistently (one transaction-consistent snapshot, checked after copying),
    and its event lake to the folder beside `dest` (``<dest stem>.lake``): the catalogued files only,
    hard-linked when on the same file system (lake files are never modified, only replaced), else copied."""
    import duckdb

    from dyadwatch.store import lake

    dest = Path(dest)
    if dest.exists() and not force:
        raise InputError(f"{dest} exists", hint="choose another path or pass --force to overwrite it")
    if dest.resolve() == Path(store.path).resolve():
        raise InputError("the backup cannot be the store itself")
    if not dest.parent.is_dir():
        raise InputError(f"{dest.parent}: no such folder", hint="create it first")
    dest_lake = lake.root_for(dest)
    if dest_lake.exists() and not force:
        raise InputError(f"{dest_lake} exists (the event lake of a store at {dest})",
                         hint="choose another path or pass --force to overwrite it")
    if dest_lake.resolve() == lake.root(store).resolve():
        raise InputError("the backup cannot share the store's own event lake folder")
    tmp = dest.with_name(dest.name + ".part")
    for p in (tmp, Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    tmp_lake = dest_lake.with_name(dest_lake.name + ".part")
    shutil.rmtree(tmp_lake, ignore_errors=True)
    try:
        store.execute("CHECKPOINT")
        store.execute(f"ATTACH '{_quote(tmp)}' AS dyadwatch_backup")
        try:
            name = store.scalar("SELECT current_database()")
            store.execute(f'COPY FROM DATABASE "{name}" TO dyadwatch_backup')
        finally:
            store.execute("DETACH dyadwatch_backup")
        want = {t: store.scalar(f'SELECT count(*) FROM "{t}"') for t in _base_tables(store)}
        con = duckdb.connect(str(tmp), read_only=True)
        try:
            have = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in want}
        finally:
            con.close()
        if have != want:
            raise StoreError(f"the backup {dest} does not match the store (row counts differ); it was not kept")
        files = 0
        if lake.active(store):
            files = _copy_lake(store, tmp_lake)
            want["events_raw"] = lake.stats(store)["rows"]
        if dest_lake.exists():
            shutil.rmtree(dest_lake)
        if files:
            os.replace(tmp_lake, dest_lake)  # the lake first: a store file is never kept without its lake
        os.replace(tmp, dest)
    except duckdb.Error as exc:
        tmp.unlink(missing_ok=True)
        shutil.rmtree(tmp_lake, ignore_errors=True)
        if is_damage(exc):
            raise damaged(store.path, exc) from None
        raise StoreError(f"cannot back up the store to {dest}: {str(exc).splitlines()[0][:200]}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        shutil.rmtree(tmp_lake, ignore_errors=True)
        raise
    size = dest.stat().st_size + sum(p.stat().st_size for p in dest_lake.rglob("*.parquet")) \
        if dest_lake.is_dir() else dest.stat().st_size
    return {"path": str(dest), "tables": want, "bytes": size}


def _copy_lake(store, target: Path) -> int:
    """Copy (or hard-link) every catalogued lake file under `target`, checking each file's row count."""
    from dyadwatch.store import lake

    rows = store.execute(f"SELECT path, rows FROM {lake.CATALOG} ORDER BY path").fetchall()
    base = lake.root(store)
    for rel, n in rows:
        src, dst = base / rel, target / rel
        if not src.is_file():
            raise StoreError(f"the event lake misses {src}; the backup was not kept",
                             hint="run `dyadwatch store check`")
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    if rows:
        got = dict(store.execute("SELECT file_name, num_rows FROM parquet_file_metadata(["
                                 + ", ".join("'" + _quote(target / r) + "'" for r, _ in rows) + "])").fetchall())
        for rel, n in rows:
            if int(got.get(str(target / rel), -1)) != n:
                raise StoreError(f"the copy of {rel} does not hold its {n} rows; the backup was not kept")
    return len(rows)


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
