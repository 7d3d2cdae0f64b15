"""The precompiled DuckDB SQL of the event series gives the same rows as the Ibis expression (the
definition Spark runs), on a random store; and the series path imports neither Ibis nor pandas."""
from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gdelt_rows import event, write

from dyadwatch.realms import events as ev
from dyadwatch.sources import gdelt
from dyadwatch.store.engine import get_engine

CODES = ["010", "036", "042", "057", "061", "090", "111", "1123", "130", "141", "150", "173", "190", "195"]
QUAD = {"01": 1, "03": 1, "04": 1, "05": 1, "06": 2, "09": 2, "11": 3, "13": 3, "14": 3, "15": 4, "17": 4,
        "19": 4}
ACTORS = ["UKR", "BLR", "RUS", "EUR", None]
LOCS = ["UP", "BO", "RS", None]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from dyadwatch.store import open_store

    rnd = random.Random(12)
    tmp = tmp_path_factory.mktemp("sql")
    urls = [f"https://news.example/{i}" for i in range(150)]
    lines = []
    for _ in range(1200):
        code = rnd.choice(CODES)
        day = f"202{rnd.randint(1, 2)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
        gold = round(rnd.uniform(-10, 10), 1)
        lines.append(event(rnd.choice(ACTORS), rnd.choice(ACTORS), code, quad=QUAD[code[:2]], gold=gold, date=day,
                           loc=rnd.choice(LOCS), url=rnd.choice(urls + [None]), a1type=rnd.choice([None, "MIL"]),
                           added=f"{day}{rnd.choice(['000000', '235900'])}" if rnd.random() < 0.9 else
                           f"2023{day[4:]}120000"))
    lines += lines[:100]
    (tmp / "daily_country.csv").write_text("".join(f"2021{m:02d}15,UP,{100 * m}\n2022{m:02d}10,BO,{70 * m}\n"
                                                   for m in range(1, 13)))
    st = open_store(tmp / "sql.duckdb")
    assert gdelt.ingest(st, [write(tmp / "e.CSV", lines)]).total("rows_quarantined") == 0
    gdelt.ingest_volume(st, [tmp / "daily_country.csv"])
    yield st
    st.close()


def _rounded(rows):
    return [{k: (round(float(v), 9) if isinstance(v, float) else v) for k, v in r.items()} for r in rows]


@pytest.mark.parametrize("kw", [
    dict(freq="month"),
    dict(freq="week", dedup_method="url", realm="security"),
    dict(freq="day", dedup_method="none", date_from=__import__("datetime").date(2022, 2, 1)),
    dict(freq="month", dedup_method="url-date-loc", realm="all", as_of=__import__("datetime").date(2022, 6, 30)),
    dict(freq="week", date_to=__import__("datetime").date(2021, 12, 31), datasets=["gdelt2"]),
])
def test_sql_equals_ibis(store, kw):
    with get_engine("duckdb", store) as eng:
        sql = ev.run_series_table(eng, "UKR", "BLR", compiled=True, **kw)
        ibis_rows = ev.run_series_table(eng, "UKR", "BLR", compiled=False, **kw)
    assert len(sql) > 10
    assert _rounded(sql) == _rounded(ibis_rows)


def test_series_sorted_by_period_and_year_bound_covers_the_year(store):
    rows = ev.series(store, "UKR", "BLR", freq="month", date_to="2021")
    periods = [r["period"] for r in rows]
    assert periods == sorted(periods) and periods[-1] == "2021-12"
    assert ev.series(store, "UKR", "BLR", freq="month", date_from="2021-05", date_to="2021-05")[0]["period"] \
        == "2021-05"
    assert {r["period"] for r in ev.series(store, "UKR", "BLR", date_to="2021-05")} >= {"2021-05"}


def test_series_cli_imports_neither_ibis_nor_pandas(store, tmp_path):
    code = ("import sys; from dyadwatch.cli import main\n"
            "try:\n    main(['events', 'series', 'UKR', 'BLR', '--store', sys.argv[1], '--json'])\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "bad = [m for m in ('ibis', 'pandas', 'pyarrow', 'polars') if m in sys.modules]\n"
            "assert not bad, bad\n")
    store.con.execute("CHECKPOINT")
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(Path(store.con.execute("PRAGMA database_list").fetchall()[0][2]).read_bytes())
    shutil.copytree(store.lake_root, tmp_path / "copy.lake")  # the event rows live beside the store file
    out = subprocess.run([sys.executable, "-c", code, str(copy)], capture_output=True, text=True,
                         env={**__import__("os").environ, "PYTHONPATH": str(Path(ev.__file__).parents[2])})
    assert out.returncode == 0, out.stderr[-2000:]
    assert '"period": "2021-01"' in out.stdout
