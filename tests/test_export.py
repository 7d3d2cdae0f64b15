"""dyadwatch export and the Python results: real files read back by DuckDB, pandas, Polars, sqlite3, openpyxl."""
from __future__ import annotations

import json
import sqlite3

import pytest
from dyadwatch.cli import main
from dyadwatch.export import export


@pytest.fixture
def src(bundled):
    bundled.execute("INSERT INTO sources (id, title) VALUES ('evil', '=HYPERLINK(\"http://x\")')")
    return bundled


def test_parquet_and_csv_round_trip(src, tmp_path):
    import duckdb
    import pandas as pd
    import polars as pl

    rows = export(src, tmp_path / "pq", "parquet")
    tables = {r["table"] for r in rows}
    assert {"claims", "sources", "events", "observations", "assessment_judgements", "events_dedup_url"} <= tables
    n = src.scalar("SELECT count(*) FROM claims")
    assert duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'pq' / 'claims.parquet'}'").fetchall()[0][0] == n
    df = pd.read_parquet(tmp_path / "pq" / "claims.parquet")
    assert len(df) == n and list(df.columns)[:3] == ["id", "dyad", "realm"]
    assert pl.read_parquet(tmp_path / "pq" / "events.parquet").height == src.scalar("SELECT count(*) FROM events")
    export(src, tmp_path / "csv", "csv", tables=["claims"])
    assert len(pd.read_csv(tmp_path / "csv" / "claims.csv")) == n
    assert [p.name for p in (tmp_path / "csv").iterdir()] == ["claims.csv"]


def test_sqlite_and_xlsx(src, tmp_path):
    import pandas as pd
    from openpyxl import load_workbook

    export(src, tmp_path, "sqlite", tables=["claims", "observations", "sources"])
    con = sqlite3.connect(tmp_path / "dyadwatch.sqlite")
    assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == src.scalar("SELECT count(*) FROM claims")
    known = con.execute("SELECT known_at FROM observations WHERE known_at IS NOT NULL LIMIT 1").fetchone()[0]
    assert isinstance(known, str) and len(known) == 10           # dates as ISO text
    assert pd.read_sql("SELECT * FROM sources", con).shape[0] == src.scalar("SELECT count(*) FROM sources")
    con.close()
    export(src, tmp_path, "xlsx", tables=["sources", "claims"])
    wb = load_workbook(tmp_path / "dyadwatch.xlsx")
    assert wb.sheetnames == ["sources", "claims"]
    ws = wb["sources"]
    assert ws.max_row == src.scalar("SELECT count(*) FROM sources") + 1
    evil = [c.value for row in ws.iter_rows() for c in row if c.value and str(c.value).startswith("=HYPER")]
    assert evil and all(c.data_type == "s" for row in ws.iter_rows() for c in row if c.value in evil)
    assert not list(tmp_path.glob(".dyadwatch-export-*"))


def test_cli_export_and_errors(bundled_copy, tmp_path, capsys):
    code = main(["export", "--format", "parquet", "--out", str(tmp_path / "o"), "--tables", "claims,sources",
                 "--store", str(bundled_copy), "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert [x["table"] for x in json.loads(out.out)] == ["claims", "sources"]
    code = main(["export", "--format", "csv", "--out", str(tmp_path / "p"), "--tables", "nope",
                 "--store", str(bundled_copy)])
    assert code == 2 and "no table or view named nope" in capsys.readouterr().err


def test_query_results_convert_and_show_in_jupyter(bundled):
    rows = bundled.query("SELECT period, value, source_id FROM claims WHERE indicator = 'turnover' ORDER BY period")
    assert isinstance(rows, list) and rows[0]["period"]
    df = rows.to_pandas()
    assert list(df.columns) == ["period", "value", "source_id"] and len(df) == len(rows)
    assert rows.to_polars().columns == ["period", "value", "source_id"]
    html = rows._repr_html_()
    assert "<th>period</th>" in html and f"{len(rows)} rows × 3 columns" in html
    empty = bundled.query("SELECT id, title FROM sources WHERE false")
    assert empty.to_pandas().columns.tolist() == ["id", "title"]


def test_dyad_listings_are_exported_like_tables(bundled_copy, tmp_path, capsys):
    import duckdb

    code = main(["export", "--format", "parquet", "--out", str(tmp_path), "--dyad", "UKR-BLR", "--tables",
                 "trade_annual,trade_monthly,claims", "--store", str(bundled_copy), "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    rows = {r["table"]: r["rows"] for r in json.loads(out.out)}
    assert rows["trade_annual"] > 0 and rows["trade_monthly"] > 0
    got = duckdb.sql(f"SELECT period, reporter, turnover_usd FROM '{tmp_path / 'trade_annual.parquet'}' "
                     "WHERE period = '2022' AND reporter = 'UKR'").fetchall()
    assert got == [("2022", "UKR", 1.6e9)]
    code = main(["export", "--format", "sqlite", "--out", str(tmp_path), "--dyad", "UKR-BLR", "--tables",
                 "trade_annual", "--store", str(bundled_copy)])
    assert code == 0
    con = sqlite3.connect(tmp_path / "dyadwatch.sqlite")
    ids = con.execute("SELECT source_ids FROM trade_annual WHERE period = '2022' AND reporter = 'UKR'").fetchone()[0]
    assert json.loads(ids)      # lists as JSON text
