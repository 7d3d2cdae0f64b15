"""Export the store's tables and views to CSV, Parquet, Excel or SQLite, for analysts' own tools.

    from dyadwatch.export import export
    export(store, "out/", "parquet")                   # every table and view, one file each
    export(store, "out/", "sqlite", tables=["claims"]) # out/dyadwatch.sqlite with one table
    export(store, "x.sqlite", "sqlite")                # --out naming the database file: x.sqlite

* ``csv``: one ``<table>.csv`` per table (UTF-8, header row), written by DuckDB.
* ``parquet``: one ``<table>.parquet`` per table, written by DuckDB; read by DuckDB, pandas, Polars, Spark.
* ``xlsx``: one workbook ``dyadwatch.xlsx``, a sheet per table (needs openpyxl: ``dyadwatch[export]``).
  A sheet holds at most 1,048,575 rows: a larger table is an error that names it.
* ``sqlite``: one database ``dyadwatch.sqlite``, a table per table, dates and timestamps as ISO text,
  lists and structs as JSON text; read by sqlite3, datasette, pandas and DuckDB.

With ``dyad="UKR-BLR"`` the computed listings of that pair are exported too, as if they were tables:
``trade_annual`` and ``trade_monthly`` (``dyadwatch trade series``, both countries' records) and
``event_series`` (``dyadwatch events series``, when the store holds event data).

Every file is written to a temporary name in the output folder and renamed when complete, so an
interrupted export leaves no half-written file under the final name.
"""
from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

FORMATS = ("csv", "parquet", "xlsx", "sqlite")
SINGLE_FILE = {"sqlite": (".sqlite", ".sqlite3", ".db"), "xlsx": (".xlsx",)}   # --out may name the file itself
XLSX_MAX_ROWS = 1_048_575


def available(store) -> list[str]:
    """Every table and view of the store (the listings the CLI prints are views over these)."""
    return [r[0] for r in store.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]


def _tmp(out: Path, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(prefix=".dyadwatch-export-", suffix=suffix, dir=out)
    os.close(fd)
    os.unlink(name)
    return Path(name)


def _finish(tmp: Path, final: Path) -> None:
    from dyadwatch.assess import _umask

    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, final)


LISTINGS = ("trade_annual", "trade_monthly", "event_series")


def listings(store, dyad: str) -> dict[str, list[dict]]:
    """The computed listings of a pair of countries, by name (an empty listing is left out)."""
    from dyadwatch.countries import Dyad
    from dyadwatch.realms.economic import series

    d = Dyad.parse(dyad)
    out = {"trade_annual": series(store, d.a.iso3, d.b.iso3, "A"),
           "trade_monthly": series(store, d.a.iso3, d.b.iso3, "M")}
    try:
        from dyadwatch.realms.events import series as event_series
        out["event_series"] = event_series(store, d.a.iso3, d.b.iso3, freq="month")
    except Exception:  # noqa: BLE001 - no event data (or no event tables): no event listing
        out["event_series"] = []
    return {k: v for k, v in out.items() if v}


def _listing_relation(rows: list[dict]):
    """An in-memory DuckDB holding a listing as table `t` (lists and dicts as JSON text)."""
    import duckdb

    cols = list(dict.fromkeys(k for r in rows for k in r))
    con = duckdb.connect()
    con.execute("CREATE TABLE t (" + ", ".join(f'"{c}" {_duck_type(rows, c)}' for c in cols) + ")")
    con.executemany(f"INSERT INTO t VALUES ({', '.join('?' for _ in cols)})",
                    [[_listing_value(r.get(c)) for c in cols] for r in rows])
    return con


def _duck_type(rows: list[dict], col: str) -> str:
    vals = [r.get(col) for r in rows if r.get(col) is not None]
    if vals and all(isinstance(v, bool) for v in vals):
        return "BOOLEAN"
    if vals and all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
        return "BIGINT"
    if vals and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
        return "DOUBLE"
    return "VARCHAR"


def _listing_value(v: Any) -> Any:
    if isinstance(v, (list, dict, tuple)):
        return json.dumps(v, default=str, ensure_ascii=False)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


class _Source:
    """A table of the store, or a listing held in its own in-memory DuckDB: both read with SQL."""

    def __init__(self, store, name: str, rows: list[dict] | None = None):
        self.name = name
        self.con = _listing_relation(rows) if rows is not None else None
        self.store = store
        self.sql = 'SELECT * FROM t' if rows is not None else f'SELECT * FROM "{name}"'

    def execute(self, sql: str):
        return self.con.execute(sql) if self.con is not None else self.store.execute(sql)

    def count(self) -> int:
        return self.execute(f"SELECT count(*) FROM ({self.sql})").fetchall()[0][0]


def export(store, out: str | os.PathLike, fmt: str, tables: list[str] | None = None,
           dyad: str | None = None) -> list[dict[str, Any]]:
    """Write the tables (default: all; with `dyad`, its listings too) in format `fmt` into folder `out`;
    returns one row per table written (table, rows, file)."""
    from dyadwatch.errors import InputError

    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}")
    extra = listings(store, dyad) if dyad else {}
    have = available(store) + [k for k in extra if k not in available(store)]
    chosen = list(dict.fromkeys(tables)) if tables else have
    unknown = [t for t in chosen if t not in have]
    if unknown:
        raise InputError(f"--tables: no table or view named {', '.join(unknown)} in the store",
                         hint="available: " + ", ".join(have))
    out, name = Path(out), None
    if fmt in SINGLE_FILE and out.suffix.lower() in SINGLE_FILE[fmt] and not out.is_dir():
        out, name = out.parent, out.name   # --out x.sqlite names the database (or workbook) itself
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--out {out}: cannot create the folder: {exc}") from None
    if not os.access(out, os.W_OK):
        raise InputError(f"--out {out}: the folder is not writable")
    sources = {t: _Source(store, t, extra.get(t) if t not in available(store) else None) for t in chosen}
    counts = {t: src.count() for t, src in sources.items()}
    if fmt in ("csv", "parquet"):
        written = []
        for t, src in sources.items():
            final = out / f"{t}.{fmt}"
            tmp = _tmp(out, f".{fmt}")
            opts = "(HEADER, DELIMITER ',')" if fmt == "csv" else "(FORMAT parquet)"
            try:
                src.execute(f"COPY ({src.sql}) TO '{_sql_path(tmp)}' {opts}")
                _finish(tmp, final)
            finally:
                tmp.unlink(missing_ok=True)
            written.append({"table": t, "rows": counts[t], "file": str(final)})
        return written
    if fmt == "xlsx":
        return _xlsx(sources, out, chosen, counts, name or "dyadwatch.xlsx")
    return _sqlite(sources, out, chosen, counts, name or "dyadwatch.sqlite")


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")


def _plain(v: Any) -> Any:
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (list, dict, tuple)):
        return json.dumps(v, default=str, ensure_ascii=False)
    if isinstance(v, (bytes, bytearray)):
        return bytes(v)
    return v


def _columns(src: _Source) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in src.execute(f"DESCRIBE {src.sql}").fetchall()]


SQLITE_TYPES = [(re.compile(r"^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|BOOLEAN)$"),
                 "INTEGER"), (re.compile(r"^(DOUBLE|FLOAT|REAL|DECIMAL.*)$"), "REAL"), (re.compile(r"^BLOB$"), "BLOB")]


def _sqlite(sources: dict, out: Path, tables: list[str], counts: dict[str, int],
            name: str = "dyadwatch.sqlite") -> list[dict[str, Any]]:
    import sqlite3

    final = out / name
    tmp = _tmp(out, ".sqlite")
    try:
        con = sqlite3.connect(tmp)
        try:
            for t in tables:
                cols = _columns(sources[t])
                decl = ", ".join(f'"{c}" ' + next((s for rx, s in SQLITE_TYPES if rx.match(ty)), "TEXT")
                                 for c, ty in cols)
                con.execute(f'CREATE TABLE "{t}" ({decl})')
                cur = sources[t].execute(sources[t].sql)
                marks = ", ".join("?" for _ in cols)
                while True:
                    batch = cur.fetchmany(10_000)
                    if not batch:
                        break
                    con.executemany(f'INSERT INTO "{t}" VALUES ({marks})', [[_plain(v) for v in r] for r in batch])
            con.commit()
        finally:
            con.close()
        _finish(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return [{"table": t, "rows": counts[t], "file": str(final)} for t in tables]


def _xlsx(sources: dict, out: Path, tables: list[str], counts: dict[str, int],
          name: str = "dyadwatch.xlsx") -> list[dict[str, Any]]:
    from dyadwatch.errors import InputError

    try:
        from openpyxl import Workbook
    except ImportError:
        raise InputError("--format xlsx needs openpyxl", hint="pip install 'dyadwatch[export]'") from None
    big = [t for t in tables if counts[t] > XLSX_MAX_ROWS]
    if big:
        raise InputError(f"--format xlsx: {', '.join(big)} has more rows than an Excel sheet holds "
                         f"({XLSX_MAX_ROWS:,})", hint="export it as parquet, csv or sqlite, or leave it out "
                                                      "with --tables")
    final = out / name
    tmp = _tmp(out, ".xlsx")
    try:
        wb = Workbook(write_only=True)
        used: set[str] = set()
        for t in tables:
            name = t[:31]
            i = 1
            while name.lower() in used:   # sheet names: 31 characters, unique regardless of case
                i += 1
                name = f"{t[:28]}~{i}"
            used.add(name.lower())
            ws = wb.create_sheet(name)
            cur = sources[t].execute(sources[t].sql)
            ws.append([d[0] for d in cur.description])
            for row in cur.fetchall():
                ws.append([_xlsx_cell(ws, v) for v in row])
        wb.save(tmp)
        _finish(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return [{"table": t, "rows": counts[t], "file": str(final)} for t in tables]


def _xlsx_cell(ws, v: Any) -> Any:
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.astimezone(dt.timezone.utc).replace(tzinfo=None)
    if isinstance(v, (dt.datetime, dt.date)):
        return v
    v = _plain(v)
    if isinstance(v, str) and v.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=v)   # text from a source never becomes a spreadsheet formula
        cell.data_type = "s"
        return cell
    return v
