"""`--engine bigquery`: the indicator expressions on GDELT's public BigQuery table (issue 12).

Tests never reach the internet, so two things are checked instead of a live query:

1. The BigQuery SQL compiled for a monthly series and a top-events query equals a reviewed text
   (tests/fixtures/bigquery/*.sql; regenerate with DYADWATCH_UPDATE_FIXTURES=1 and review the diff).
2. The same expressions, built over a DuckDB table with the BigQuery table's column names and types and
   holding the same rows as an ingested export file, give the same numbers as dyadwatch's normal path
   on the store (which runs the precompiled DuckDB SQL and the store's own ingest mapping).
"""
from __future__ import annotations

import datetime as dt
import os
import random
import re
import sys
from pathlib import Path

import pytest

from gdelt_rows import event, names, write

from dyadwatch.realms import events as ev
from dyadwatch.sources import gdelt
from dyadwatch.store import gdelt_bigquery as gb

FIXTURES = Path(__file__).parent / "fixtures" / "bigquery"
ROOT_QUAD = {"01": 1, "02": 1, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2, "09": 2, "10": 3, "11": 3,
             "12": 3, "13": 3, "14": 3, "15": 4, "16": 4, "17": 4, "18": 4, "19": 4, "20": 4}
CODES = ["010", "036", "042", "043", "046", "057", "061", "071", "073", "090", "111", "112", "1123", "130", "138",
         "141", "150", "163", "173", "175", "181", "190", "193", "195"]
# RUS/USA: third parties; EUR: a region (no country); ROM: CAMEO's code for Romania (ISO3 ROU)
ACTORS = ["UKR", "BLR", "RUS", "USA", "EUR", "ROM", None]
LOCS = ["UP", "BO", "RS", "US", "RB", None]   # RB: a withdrawn FIPS code (Serbia) GDELT still uses
TYPES = [None, None, "GOV", "MIL", "OPP", "BUS", "COP", "MED"]
INT_COLUMNS = {"GLOBALEVENTID", "SQLDATE", "QuadClass", "NumMentions", "DATEADDED"}


def _compare_fixture(name: str, sql: str) -> None:
    path = FIXTURES / name
    if os.environ.get("DYADWATCH_UPDATE_FIXTURES"):
        path.write_text(sql + "\n", encoding="utf-8")
    expected = path.read_text(encoding="utf-8").rstrip("\n")
    assert sql == expected, f"the compiled SQL differs from {path.name}; review, then update the fixture"


def _compile(what: str, **kw) -> str:
    return ev.compiled_sql(None, "UKR", "BLR", what=what, engine="bigquery", **kw)


# --- 1. the compiled SQL ------------------------------------------------------------------------------
def test_monthly_series_sql_matches_the_reviewed_text():
    sql = _compile("series", freq="month", date_from="2022", date_to="2022")
    _compare_fixture("series_month_ukr_blr_2022.sql", sql)


def test_top_events_sql_matches_the_reviewed_text():
    sql = _compile("top", period="2022-02", n=10)
    _compare_fixture("top_ukr_blr_2022-02.sql", sql)


def test_the_sql_bounds_partitions_and_reads_the_public_table():
    sql = _compile("series", freq="week", date_from="2022-02-01", date_to="2022-03-31", as_of="2022-04-15")
    assert "FROM `gdelt-bq`.`gdeltv2`.`events_partitioned`" in sql
    # events: one day of margin below the first date, up to the day after --as-of (exclusive bound: +2 days)
    assert sql.count("`_PARTITIONTIME` >= TIMESTAMP('2022-01-31T00:00:00+00:00')") == 1
    assert sql.count("`_PARTITIONTIME` < TIMESTAMP('2022-04-17T00:00:00+00:00')") == 1
    # volume: from the day before the first week (Monday 2022-01-31), whenever published
    assert sql.count("`_PARTITIONTIME` >= TIMESTAMP('2022-01-30T00:00:00+00:00')") == 1
    assert "`date` >= DATE(2022, 2, 1) AND `t6`.`date` <= DATE(2022, 3, 31)" in sql
    assert "DATE(`t6`.`date_added`) <= DATE(2022, 4, 15)" in sql
    assert re.search(r"WITH `gdelt_volume` AS \(", sql) and "), `gdelt_events` AS (" in sql
    # the dyad filter and directions on ISO3 codes, the dedup window on the one-a-day keys
    assert "IN ('UKR', 'BLR')" in sql and "'UKR->BLR'" in sql and "'in-BLR'" in sql
    assert ("PARTITION BY `t11`.`date`, `t11`.`actor1_code`, `t11`.`actor2_code`, `t11`.`event_code` "
            "ORDER BY `t11`.`file_sha` ASC, `t11`.`line` ASC") in sql


def test_the_fixtures_parse_as_bigquery_sql_reading_only_the_public_table():
    import sqlglot

    for path in sorted(FIXTURES.glob("*.sql")):
        tree = sqlglot.parse_one(path.read_text(encoding="utf-8"), read="bigquery")
        ctes = {c.alias for c in tree.find_all(sqlglot.exp.CTE)}
        real = {t.sql("bigquery").split(" AS ")[0] for t in tree.find_all(sqlglot.exp.Table) if t.name not in ctes}
        assert real == {"`gdelt-bq`.`gdeltv2`.`events_partitioned`"}, path.name


def test_an_unpartitioned_table_gets_no_partition_filter(monkeypatch):
    monkeypatch.setenv("DYADWATCH_BIGQUERY_TABLE", "gdelt-bq.gdeltv2.events")
    sql = _compile("series", date_from="2022", date_to="2022")
    assert "`gdelt-bq`.`gdeltv2`.`events` AS" in sql and "_PARTITIONTIME" not in sql


def test_the_crosswalk_in_the_sql_is_dyadwatchs():
    from dyadwatch.countries import lookup

    sql = _compile("series", date_from="2022", date_to="2022")
    fips = dict(re.findall(r"NULLIF\(`t0`\.`ActionGeo_CountryCode`, ''\) = '([A-Z]{2})' THEN '([A-Z]{3})'", sql))
    assert len(fips) > 240 and fips["UP"] == "UKR" and fips["BO"] == "BLR" and fips["RB"] == "SRB"
    for code, iso3 in fips.items():
        assert lookup(code, "fips").iso3 == iso3
    assert "NULLIF(`t0`.`Actor1CountryCode`, '') = 'ROM' THEN 'ROU'" in sql
    assert "'EUR'" not in sql  # a region is no country: it maps to NULL


def test_the_realm_rules_come_from_the_mapping():
    from dyadwatch.realms.event_mapping import mapping

    sql = _compile("series", date_from="2022", date_to="2022")
    for rule in mapping()["realms"]:
        if rule.get("codes"):
            listed = ", ".join(f"'{c}'" for c in rule["codes"])
            assert f"NULLIF(`t0`.`EventCode`, '') IN ({listed})" in sql


def test_compiling_needs_no_google_library():
    import subprocess
    import sys

    code = ("import sys; from dyadwatch.realms.events import compiled_sql; "
            "compiled_sql(None, 'UKR', 'BLR', engine='bigquery', date_from='2022'); "
            "print(sorted(m for m in sys.modules if m.startswith('google')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cli_sql_works_offline_and_running_says_what_is_missing(capsys, tmp_path, monkeypatch):
    from dyadwatch.cli import main

    assert main(["events", "series", "UKR", "BLR", "--engine", "bigquery", "--from", "2022", "--to", "2022",
                 "--sql"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("WITH `gdelt_volume` AS (") and "events_partitioned" in out
    assert main(["events", "top", "UKR", "BLR", "--engine", "bigquery", "--period", "2022-02", "--sql"]) == 0
    assert "LIMIT 10" in capsys.readouterr().out
    assert not list(tmp_path.iterdir())
    # without the client library (hidden here when it is installed): exit 2, one line, what to install
    monkeypatch.setitem(sys.modules, "google.cloud.bigquery", None)
    code = main(["events", "series", "UKR", "BLR", "--engine", "bigquery", "--from", "2022"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "dyadwatch[bigquery]" in err[0]


def test_without_a_project_or_credentials_it_says_so(monkeypatch, capsys):
    pytest.importorskip("google.cloud.bigquery", reason="the BigQuery client is not installed")
    from dyadwatch.cli import main

    for var in ("GOOGLE_CLOUD_PROJECT", "DYADWATCH_BIGQUERY_PROJECT"):
        monkeypatch.delenv(var, raising=False)
    assert main(["events", "series", "UKR", "BLR", "--engine", "bigquery", "--from", "2022"]) == 2
    assert "project" in capsys.readouterr().err
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", "/nonexistent/key.json")
    assert main(["events", "series", "UKR", "BLR", "--engine", "bigquery", "--from", "2022",
                 "--project", "p"]) == 4
    assert "credentials" in capsys.readouterr().err


# --- 2. the same numbers as the store's path ----------------------------------------------------------
def _lines():
    rnd = random.Random(20221205)
    lines = []
    for _ in range(2500):
        code = rnd.choice(CODES)
        day = f"202{rnd.randint(1, 2)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
        lag = rnd.choice([0, 0, 0, 1, 3, 40])  # published the same day, or later
        added = (dt.datetime.strptime(day, "%Y%m%d") + dt.timedelta(days=lag)).strftime("%Y%m%d") + "120000"
        lines.append(event(rnd.choice(ACTORS), rnd.choice(ACTORS), code, quad=ROOT_QUAD[code[:2]],
                           gold=round(rnd.uniform(-10, 10), 1), date=day, loc=rnd.choice(LOCS),
                           url=f"https://news.example/{rnd.randint(0, 400)}", mentions=rnd.randint(1, 30),
                           a1type=rnd.choice(TYPES), a2type=rnd.choice(TYPES), added=added))
    return lines


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """(store, BigQuery engine options): the store holds an ingested export file and GDELT volume totals;
    the engine reads a DuckDB table laid out like gdelt-bq.gdeltv2.events_partitioned with the same rows."""
    import ibis
    import pandas as pd

    from dyadwatch.store import open_store

    tmp = tmp_path_factory.mktemp("bq")
    lines = _lines()
    cols = names(2)
    recs = []
    for line in lines:
        rec = {}
        for name, value in zip(cols, line.split("\t")):
            if name in gb.SCHEMA:
                rec[name] = None if value == "" else (int(value) if name in INT_COLUMNS else
                                                      float(value) if name == "GoldsteinScale" else value)
        rec["_PARTITIONTIME"] = pd.Timestamp(str(rec["DATEADDED"])[:8], tz="UTC")
        recs.append(rec)
    frame = pd.DataFrame(recs)
    # GDELT's volume totals for the same rows: events per day and FIPS location
    vol = frame.dropna(subset=["ActionGeo_CountryCode"]).groupby(["SQLDATE", "ActionGeo_CountryCode"]).size()
    (tmp / "daily_country.csv").write_text("".join(f"{d},{c},{n}\n" for (d, c), n in vol.items()))
    st = open_store(tmp / "bq.duckdb")
    gdelt.ingest(st, [write(tmp / "20220101.export.CSV", lines)])
    gdelt.ingest_volume(st, [tmp / "daily_country.csv"])
    lagged = open_store(tmp / "lag.duckdb")  # the same file ingested with --max-lag 3
    gdelt.ingest(lagged, [tmp / "20220101.export.CSV"], max_lag_days=3)
    lagged.close()
    con = ibis.duckdb.connect()
    schema = ibis.schema({**gb.SCHEMA, "_PARTITIONTIME": "timestamp('UTC')"})
    table = con.create_table("events_partitioned", frame[list(schema.names)], schema=schema)
    yield st, {"source": table}, tmp / "lag.duckdb"
    st.close()
    con.disconnect()


@pytest.mark.parametrize("kw", [
    dict(freq="month"),
    dict(freq="week", dedup="url", realm="security", date_from="2022-01", date_to="2022-06"),
    dict(freq="day", dedup="none", date_from="2022-02-01", date_to="2022-03-31"),
    dict(freq="month", dedup="url-date-loc", realm="all", as_of="2022-06-30"),
])
def test_same_numbers_as_the_store(both, kw):
    store, options, _ = both
    duck = ev.series(store, "UKR", "BLR", engine="duckdb", **kw)
    bq = ev.series(None, "UKR", "BLR", engine="bigquery", engine_options=options, **kw)
    assert len(duck) > 20 and any(r["rate_per_10k"] for r in duck)
    assert bq == duck


def test_top_same_as_the_store(both):
    store, options, _ = both
    for period, dedup in (("2022-02", "none"), ("2021", "one-a-day")):
        duck = ev.top(store, "UKR", "BLR", period=period, n=25, dedup=dedup, engine="duckdb")
        assert len(duck) == 25
        assert ev.top(None, "UKR", "BLR", period=period, n=25, dedup=dedup, engine="bigquery",
                      engine_options=options) == duck


def test_max_lag_same_as_ingest_max_lag(both):
    from dyadwatch.store import open_store

    _, options, lag_path = both
    with open_store(lag_path) as lagged:
        kw = dict(freq="month", date_from="2021-03", date_to="2022-10")
        duck = ev.series(lagged, "UKR", "BLR", engine="duckdb", **kw)
        bq = ev.series(None, "UKR", "BLR", engine="bigquery", engine_options={**options, "max_lag": 3}, **kw)
        unbounded = ev.series(None, "UKR", "BLR", engine="bigquery", engine_options=options, **kw)
    strip = lambda rows: [{k: v for k, v in r.items() if k != "rate_per_10k"} for r in rows]  # noqa: E731
    assert strip(bq) == strip(duck)  # the store has no volume files: rates differ only by that
    assert sum(r["n_events"] for r in unbounded) > sum(r["n_events"] for r in bq)


def test_max_lag_bounds_the_partitions_read():
    sql = ev.compiled_sql(None, "UKR", "BLR", engine="bigquery", engine_options={"max_lag": 30},
                          date_from="2022", date_to="2022")
    # events dated up to 2022-12-31, published up to 30 days later: partitions before 2023-02-01 (exclusive)
    assert sql.count("`_PARTITIONTIME` < TIMESTAMP('2023-02-01T00:00:00+00:00')") == 2
    assert "INTERVAL '30' DAY" in sql or "INTERVAL 30 DAY" in sql


def test_max_lag_is_refused_on_the_store(store):
    from dyadwatch.errors import InputError

    with pytest.raises(InputError, match="ingest gdelt --max-lag"):
        ev.series(store, "UKR", "BLR", engine="duckdb", engine_options={"max_lag": 3})
