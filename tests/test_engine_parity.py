"""DuckDB and Spark (local mode) give identical indicator tables: the pipeline is written once (Ibis).

Starting Spark takes 10-20 s, so one session (the `spark` fixture of tests/conftest.py) serves the whole run."""
from __future__ import annotations

import random

import pytest

from gdelt_rows import event, write

from dyadwatch.realms import events as ev
from dyadwatch.sources import gdelt

pytest.importorskip("pyspark", reason="PySpark is not installed")

ROOT_QUAD = {"01": 1, "02": 1, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2, "09": 2, "10": 3, "11": 3,
             "12": 3, "13": 3, "14": 3, "15": 4, "16": 4, "17": 4, "18": 4, "19": 4, "20": 4}
CODES = ["010", "036", "042", "043", "046", "057", "061", "071", "073", "090", "111", "112", "1123", "130", "138",
         "141", "150", "163", "173", "175", "181", "190", "193", "195"]
ACTORS = ["UKR", "BLR", "RUS", "USA", None]
LOCS = ["UP", "BO", "RS", "US", None]
TYPES = [None, None, "GOV", "MIL", "OPP", "BUS", "COP", "MED"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """2,500 random but format-true events over 2021-2022 with deliberate duplicates, and volume totals."""
    from dyadwatch.store import open_store

    rnd = random.Random(20220224)
    tmp = tmp_path_factory.mktemp("parity")
    urls = [f"https://news.example/{i}" for i in range(400)]
    lines = []
    for _ in range(2500):
        code = rnd.choice(CODES)
        day = f"202{rnd.randint(1, 2)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
        lines.append(event(rnd.choice(ACTORS), rnd.choice(ACTORS), code, quad=ROOT_QUAD[code[:2]],
                           gold=round(rnd.uniform(-10, 10), 1), date=day, loc=rnd.choice(LOCS),
                           url=rnd.choice(urls), mentions=rnd.randint(1, 30), a1type=rnd.choice(TYPES),
                           a2type=rnd.choice(TYPES)))
    lines += lines[:300]  # the same rows again: duplicates within the file
    vol = "".join(f"2021{m:02d}15,{c},{1000 * m + len(c)}\n2022{m:02d}15,{c},{900 * m}\n"
                  for m in range(1, 13) for c in ("UP", "BO"))
    (tmp / "daily_country.csv").write_text(vol)
    st = open_store(tmp / "parity.duckdb")
    s = gdelt.ingest(st, [write(tmp / "20220101.export.CSV", lines)])
    assert s.total("rows_kept") == 2500 and s.total("rows_duplicate") == 300
    gdelt.ingest_volume(st, [tmp / "daily_country.csv"])
    yield st
    st.close()


@pytest.mark.parametrize("kw", [
    dict(freq="month"),
    dict(freq="week", dedup="url", realm="security"),
    dict(freq="day", dedup="none", date_from="2022-02-01", date_to="2022-03-31"),
])
def test_series_identical(spark, store, kw):
    duck = ev.series(store, "UKR", "BLR", engine="duckdb", **kw)
    sp = ev.series(store, "UKR", "BLR", engine="spark", **kw)
    assert len(duck) > 20
    assert sp == duck


def test_top_and_indicators_identical(spark, store):
    for period in ("2022-02", "2021"):
        duck = ev.top(store, "UKR", "BLR", period=period, n=25, engine="duckdb")
        assert len(duck) == 25
        assert ev.top(store, "UKR", "BLR", period=period, n=25, engine="spark") == duck
    duck = ev.indicators(store, "UKR-BLR", as_of="2022-06-15", freq="week", engine="duckdb")
    assert duck and ev.indicators(store, "UKR-BLR", as_of="2022-06-15", freq="week", engine="spark") == duck


def test_spark_master_comes_from_the_environment(spark):
    import os
    assert spark.sparkContext.master == (os.environ.get("SPARK_MASTER") or "local[2]")


def test_cli_engine_option(spark, store, capsys):
    import json

    from dyadwatch.cli import main

    outs = []
    for engine in ("duckdb", "spark"):
        code = main(["events", "series", "UKR", "BLR", "--freq", "month", "--realm", "security", "--engine", engine,
                     "--json", "--store", str(store.path)])
        assert code == 0
        outs.append(json.loads(capsys.readouterr().out))
    assert outs[0] and outs[1] == outs[0]


def test_spark_reads_the_event_lake_files_and_agrees_after_more_files_and_compaction(spark, store, tmp_path):
    """Spark reads the lake's catalogued Parquet files themselves (not a copy); after a second ingest adds
    part files to existing partitions, and after compaction merges them, both engines still agree."""
    from dyadwatch.store import engine, lake

    def spark_files():
        with engine.get_engine("spark", store) as eng:
            eng.table("events_raw")
            got = spark.table("dw_events_raw").inputFiles()
            n = spark.table("dw_events_raw").count()
        return sorted(f.removeprefix("file://") for f in got), n

    files, n = spark_files()
    assert files == sorted(lake.absolute(store, lake.visible(store)))  # 24 months (small ones spilled together)
    first = len(files)
    assert n == store.scalar("SELECT count(*) FROM events_raw") == 2500
    rnd = random.Random(7)
    more = [event(rnd.choice(ACTORS[:3]), rnd.choice(ACTORS[:3]), "190", quad=4, gold=-10.0,
                  date=f"2022{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}", loc=rnd.choice(LOCS),
                  url=f"https://more.example/{i}", GLOBALEVENTID=900000 + i) for i in range(300)]
    assert gdelt.ingest(store, [write(tmp_path / "20221231.export.CSV", more)]).total("rows_kept") == 300
    files, n = spark_files()
    assert len(files) > first and n == 2800 and files == sorted(lake.absolute(store, lake.visible(store)))
    second = len(files)
    assert ev.series(store, "UKR", "BLR", engine="spark") == ev.series(store, "UKR", "BLR", engine="duckdb")
    done = lake.compact(store)
    assert done and len(lake.visible(store)) < second
    files, n = spark_files()
    assert files == sorted(lake.absolute(store, lake.visible(store))) and len(files) < second and n == 2800
    assert ev.series(store, "UKR", "BLR", freq="week", dedup="url", engine="spark") \
        == ev.series(store, "UKR", "BLR", freq="week", dedup="url", engine="duckdb")


def test_spark_reads_part_files_written_by_the_dyad_path(spark, tmp_path):
    """`ingest --dyad` writes its part files with polars (event_frames.FrameFinaliser with the dyad rule, one
    batch on the caller's thread), beside an unfiltered ingest's: Spark reads them, agrees with DuckDB, and
    so after compaction (DuckDB's writer) merges them."""
    from dyadwatch.store import lake, open_store

    rnd = random.Random(12)
    lines = [event(rnd.choice(ACTORS), rnd.choice(ACTORS), code, quad=ROOT_QUAD[code[:2]],
                   gold=round(rnd.uniform(-10, 10), 1), loc=rnd.choice(LOCS),
                   date=f"2022{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}",
                   url=f"https://dyad.example/{i}", a1type=rnd.choice(TYPES), GLOBALEVENTID=500000 + i)
             for i, code in enumerate(rnd.choice(CODES) for _ in range(800))]
    with open_store(tmp_path / "dyad.duckdb") as st:
        kept = gdelt.ingest(st, [write(tmp_path / "20221231.export.CSV", lines)], dyad="UKR-BLR").total("rows_kept")
        more = [event("UKR", "BLR", "190", quad=4, gold=-10.0, date=f"2022{m:02d}10", loc="BO",
                      url=f"https://all.example/{m}", GLOBALEVENTID=600000 + m) for m in range(1, 13)]
        assert gdelt.ingest(st, [write(tmp_path / "20230101.export.CSV", more)]).total("rows_kept") == 12
        assert 0 < kept < 800 and st.scalar("SELECT count(*) FROM events_raw") == kept + 12
        for kw in (dict(freq="month"), dict(freq="week", dedup="url")):
            duck = ev.series(st, "UKR", "BLR", engine="duckdb", **kw)
            assert duck and ev.series(st, "UKR", "BLR", engine="spark", **kw) == duck
        assert lake.compact(st, min_files=2)
        assert ev.series(st, "UKR", "BLR", engine="spark") == ev.series(st, "UKR", "BLR", engine="duckdb")
