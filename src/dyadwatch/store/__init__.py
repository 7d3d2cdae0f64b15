"""The embedded store: one DuckDB file, migrated per component, written in transactions, read via Ibis.

    store = open_store("my.duckdb")
    with store.transaction() as tx:
        tx.execute("INSERT INTO sources (id, title) VALUES (?, ?)", ["s1", "A source"])
    store.query("SELECT count(*) AS n FROM sources")  # -> [{'n': 1}]
    store.table("sources")                             # an Ibis table expression

Every write happens inside ``transaction()``: any exception rolls the whole unit back, so a failed load
leaves the store exactly as it was.
"""
from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from dyadwatch.errors import SchemaVersionError, StoreError

__all__ = ["Store", "open_store"]


class Store:
    """A DuckDB-file store. Not thread-safe; use one Store per thread or process."""

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False):
        import duckdb

        self.path = Path(path)
        if str(path) != ":memory:":
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for the store {self.path}: {exc}",
                                 hint="pass --store PATH or set DYADWATCH_STORE to a writable place") from None
        self.con = _connect(self.path if str(path) != ":memory:" else ":memory:", read_only)
        self._ibis = None
        self._in_tx = False
        self._lock = threading.RLock()
        self._lake_gen: int | None = None  # set when the events_raw view is built (store.lake)
        self._on_commit: list = []
        self._on_rollback: list = []
        self.read_only = read_only
        # the event lake's folder (dyadwatch.store.lake): beside the file; a private temp folder in memory
        self._own_lake = str(path) == ":memory:"
        if self._own_lake:
            import tempfile
            self.lake_root = Path(tempfile.mkdtemp(prefix="dyadwatch-lake-"))
        else:
            from dyadwatch.store.lake import root_for
            self.lake_root = root_for(self.path)
        if not read_only:
            try:
                self.migrate()
            except duckdb.Error as exc:
                self.con.close()
                from dyadwatch.store.integrity import damaged, is_damage
                if is_damage(exc):
                    raise damaged(self.path, exc) from None
                raise StoreError(f"cannot prepare the store {self.path}: {str(exc).splitlines()[0][:200]}") from None
            self._verify_small_tables()
        self._open_lake()

    def _open_lake(self) -> None:
        import duckdb

        from dyadwatch.store import lake
        try:
            lake.open_lake(self, sweep_orphans=not self.read_only)
        except duckdb.Error as exc:
            self.con.close()
            raise StoreError(f"cannot open the event lake of {self.path} ({self.lake_root}): "
                             f"{str(exc).splitlines()[0][:200]}",
                             hint="a store moved without its .lake folder? `dyadwatch store check` lists what is "
                                  "missing") from None

    # --- lifecycle -------------------------------------------------------------------------------
    def close(self) -> None:
        if self._ibis is not None:
            self._ibis = None
        self.con.close()
        if self._own_lake:
            import shutil
            shutil.rmtree(self.lake_root, ignore_errors=True)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- schema ----------------------------------------------------------------------------------
    def migrate(self) -> dict[str, int]:
        """Apply every registered component's pending migrations, each in its own transaction."""
        from dyadwatch.store.schema import components

        self.con.execute("CREATE TABLE IF NOT EXISTS schema_versions (component VARCHAR, version INTEGER,"
                         " applied_at TIMESTAMP DEFAULT current_timestamp)")
        applied = {r[0]: r[1] for r in self.con.execute(
            "SELECT component, max(version) FROM schema_versions GROUP BY component").fetchall()}
        known = components()
        for name, version in applied.items():
            if name in known and version > len(known[name]):
                raise SchemaVersionError(
                    f"the store {self.path} has schema {name} v{version}, newer than this dyadwatch knows "
                    f"(v{len(known[name])})", hint="upgrade dyadwatch or use another --store")
        for name, migrations in known.items():
            start = applied.get(name, 0)
            for number, migration in enumerate(migrations[start:], start=start + 1):
                with self.transaction() as tx:
                    if callable(migration):
                        migration(self if getattr(migration, "wants_store", False) else tx.con)
                    else:
                        tx.con.execute(migration)
                    tx.execute("INSERT INTO schema_versions (component, version) VALUES (?, ?)", [name, number])
        return self.schema_versions()

    def _verify_small_tables(self, max_rows: int = 50_000) -> None:
        """Before a writer writes: read back every table of at most `max_rows` rows (DuckDB verifies block
        checksums as it reads), so damage in the core tables stops a write instead of being built upon.
        Large tables are left to `dyadwatch store check`."""
        import duckdb

        from dyadwatch.store.integrity import damaged, is_damage

        if str(self.path) == ":memory:":
            return
        try:
            sizes = self.con.execute("SELECT table_name, estimated_size FROM duckdb_tables() "
                                     "WHERE schema_name = 'main'").fetchall()
            for name, size in sizes:
                if size is not None and size <= max_rows:
                    self.con.execute(f'SELECT max(hash(COLUMNS(*))) FROM "{name}"').fetchall()
        except duckdb.Error as exc:
            self.con.close()
            if is_damage(exc):
                raise damaged(self.path, exc) from None
            raise StoreError(f"cannot read the store {self.path}: {str(exc).splitlines()[0][:200]}") from None

    def schema_versions(self) -> dict[str, int]:
        return {r["component"]: r["version"] for r in self.query(
            "SELECT component, max(version) AS version FROM schema_versions GROUP BY component ORDER BY 1")}

    # --- writing ---------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator["Store"]:
        """One unit of work: BEGIN … COMMIT, or ROLLBACK on any exception (re-raised).

        Nested use joins the outer transaction (the outermost one commits)."""
        with self._lock:
            if self._in_tx:
                yield self
                return
            self.con.execute("BEGIN TRANSACTION")
            self._in_tx = True
            self._on_commit, self._on_rollback = [], []
            try:
                yield self
            except BaseException:
                self._in_tx = False
                with contextlib.suppress(Exception):
                    self.con.execute("ROLLBACK")
                self._after(self._on_rollback)
                raise
            else:
                self._in_tx = False
                try:
                    self.con.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(Exception):
                        self.con.execute("ROLLBACK")
                    self._after(self._on_rollback)
                    raise
                self._after(self._on_commit)

    def _after(self, hooks: list) -> None:
        self._on_commit, self._on_rollback = [], []
        for hook in hooks:
            with contextlib.suppress(Exception):
                hook()

    def on_commit(self, hook) -> None:
        """Run `hook()` after the current transaction commits (e.g. delete files it took out of use)."""
        self._on_commit.append(hook)

    def on_rollback(self, hook) -> None:
        """Run `hook()` if the current transaction rolls back (e.g. delete files it wrote)."""
        self._on_rollback.append(hook)

    def _fresh(self) -> None:
        """Re-create the events_raw view when another Store object of this process changed the lake."""
        if self._lake_gen is not None and not self._in_tx:
            from dyadwatch.store import lake
            if lake.generation(self) != self._lake_gen:
                lake.refresh_view(self, verify=True)

    def execute(self, sql: str, params: Sequence[Any] | dict | None = None):
        self._fresh()
        return self.con.execute(sql, params) if params is not None else self.con.execute(sql)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.con.executemany(sql, rows)

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
        """Insert rows (sequences in `columns` order); returns the count."""
        if not rows:
            return 0
        one = "(" + ", ".join("?" for _ in columns) + ")"
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        step = max(1, 4000 // max(1, len(columns)))  # many rows per statement: executemany prepares each row
        for start in range(0, len(rows), step):
            chunk = rows[start:start + step]
            self.con.execute(head + ", ".join([one] * len(chunk)), [v for row in chunk for v in row])
        return len(rows)

    # --- reading ---------------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[dict[str, Any]]:
        """Rows as dicts, in a list that also has .to_pandas(), .to_polars() and a Jupyter table view."""
        from dyadwatch.results import Rows

        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        return Rows((dict(zip(names, row)) for row in cur.fetchall()), names)

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        rows = self.execute(sql, params).fetchall()  # fetch all: fetchone() leaves the result unfinished,
        return rows[0][0] if rows else None          # which makes Ibis on this connection fail afterwards

    def tables(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]

    def counts(self) -> dict[str, int]:
        return {t: self.scalar(f'SELECT count(*) FROM "{t}"') for t in self.tables()}

    @property
    def ibis(self):
        """An Ibis DuckDB backend on this store's connection (created on first use)."""
        if self._ibis is None:
            import ibis
            self._ibis = ibis.duckdb.from_connection(self.con)
        return self._ibis

    def table(self, name: str):
        self._fresh()
        return self.ibis.table(name)

    # --- ledger ----------------------------------------------------------------------------------
    def ledger_has(self, sha256: str, kind: str | None = None) -> bool:
        sql = "SELECT 1 FROM ingest_ledger WHERE sha256 = ?" + (" AND kind = ?" if kind else "")
        return self.scalar(sql, [sha256, kind] if kind else [sha256]) is not None


def lock_wait() -> float:
    """Seconds to wait for another process's lock on the store (setting lock_wait, DYADWATCH_LOCK_WAIT)."""
    from dyadwatch.settings import get

    try:
        return max(0.0, float(get("lock_wait") or 0))
    except ValueError:
        raise StoreError(f"DYADWATCH_LOCK_WAIT={get('lock_wait')!r} is not a number of seconds") from None


def _connect(path, read_only: bool):
    """duckdb.connect, waiting a bounded time (lock_wait) while another process holds the store's lock."""
    import sys
    import time

    import duckdb

    from dyadwatch.store.integrity import damaged, is_damage

    wait = None
    told = False
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            con.execute("SET enable_progress_bar = false")  # it writes to stdout, even into --json output
            return con
        except duckdb.Error as exc:
            text = str(exc)
            if "lock" in text.lower() and ("conflicting" in text.lower() or "could not set lock" in text.lower()):
                if wait is None:
                    wait = lock_wait()
                    start = time.monotonic()
                holder = text.split("(PID ")[1].split(")")[0] if "(PID " in text else None
                if time.monotonic() - start >= wait:
                    raise StoreError(f"the store {path} is in use by another process"
                                     + (f" (PID {holder})" if holder else "")
                                     + (f" and stayed locked for {wait:g} s" if wait else ""),
                                     hint="wait for it to finish, or set DYADWATCH_LOCK_WAIT to wait longer") from None
                if not told:
                    sys.stderr.write(f"dyadwatch: the store {path} is in use by another process"
                                     + (f" (PID {holder})" if holder else "") + f"; waiting up to {wait:g} s …\n")
                    sys.stderr.flush()
                    told = True
                time.sleep(min(0.25, max(0.01, wait / 20)))
                continue
            if is_damage(exc):
                raise damaged(path, exc) from None
            raise StoreError(f"cannot open the store {path}: {text.splitlines()[0][:200]}",
                             hint="is it a DuckDB file? pass --store PATH or set DYADWATCH_STORE") from None


def open_store(path: str | os.PathLike | None = None, *, read_only: bool = False) -> Store:
    """Open (creating and migrating when needed) the store at `path`, DYADWATCH_STORE or the default."""
    from dyadwatch.settings import store_path
    return Store(store_path(path), read_only=read_only)
