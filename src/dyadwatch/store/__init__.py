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
        try:
            self.con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}",
                             hint="is another dyadwatch process writing to it? is it a DuckDB file?") from None
        self._ibis = None
        self._in_tx = False
        self._lock = threading.RLock()
        if not read_only:
            self.migrate()

    # --- lifecycle -------------------------------------------------------------------------------
    def close(self) -> None:
        if self._ibis is not None:
            self._ibis = None
        self.con.close()

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
                        migration(tx.con)
                    else:
                        tx.con.execute(migration)
                    tx.execute("INSERT INTO schema_versions (component, version) VALUES (?, ?)", [name, number])
        return self.schema_versions()

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
            try:
                yield self
            except BaseException:
                self._in_tx = False
                with contextlib.suppress(Exception):
                    self.con.execute("ROLLBACK")
                raise
            else:
                self._in_tx = False
                self.con.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] | dict | None = None):
        return self.con.execute(sql, params) if params is not None else self.con.execute(sql)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.con.executemany(sql, rows)

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
        """Insert rows (sequences in `columns` order); returns the count."""
        if not rows:
            return 0
        placeholders = ", ".join("?" for _ in columns)
        self.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)
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
        return self.ibis.table(name)

    # --- ledger ----------------------------------------------------------------------------------
    def ledger_has(self, sha256: str, kind: str | None = None) -> bool:
        sql = "SELECT 1 FROM ingest_ledger WHERE sha256 = ?" + (" AND kind = ?" if kind else "")
        return self.scalar(sql, [sha256, kind] if kind else [sha256]) is not None


def open_store(path: str | os.PathLike | None = None, *, read_only: bool = False) -> Store:
    """Open (creating and migrating when needed) the store at `path`, DYADWATCH_STORE or the default."""
    from dyadwatch.settings import store_path
    return Store(store_path(path), read_only=read_only)
