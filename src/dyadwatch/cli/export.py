"""dyadwatch export: the store's tables and views as CSV, Parquet, Excel or SQLite files."""
from __future__ import annotations

import click

from dyadwatch.cli.core import json_option, store_option
from dyadwatch.cli.output import emit


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "xlsx", "sqlite"]), required=True,
              help="csv or parquet: a file per table; xlsx: one workbook, a sheet per table; sqlite: one database.")
@click.option("--out", "out", metavar="DIR", required=True,
              help="Folder to write into (created if missing); for sqlite or xlsx also a file name (x.sqlite).")
@click.option("--tables", "tables", metavar="NAMES", help="Comma-separated tables or views [default: all].")
@click.option("--dyad", "dyad", metavar="A-B", help="Also export this pair's computed listings (trade_annual, "
              "trade_monthly, event_series), e.g. UKR-BLR.")
@store_option
@json_option
def export(fmt, out, tables, dyad, store_path, as_json):
    """Export the store's tables and views for pandas, R, Excel, DuckDB or datasette.

    Every file is written under a temporary name and renamed when complete.

    Example: dyadwatch export --format parquet --out exported/ --tables claims,sources
    """
    from dyadwatch.export import export as run
    from dyadwatch.store import open_store

    names = [t.strip() for t in tables.split(",") if t.strip()] if tables else None
    with open_store(store_path, read_only=True) as store:
        rows = run(store, out, fmt, names, dyad=dyad)
    emit(rows, ["table", "rows", "file"], as_json)
