"""The frame path of the event lake (sources.event_frames, lake.write_frame) against the SQL path it stands in
for (event_rows.finalise, lake.write): the same rows, duplicates, counts, partitions and spill files."""
from __future__ import annotations

import itertools

import duckdb
import polars as pl
import pytest
from gdelt_rows import event

from dyadwatch.countries import Dyad
from dyadwatch.sources import event_frames, event_rows, gdelt, gdelt_scan, gdelt_typed
from dyadwatch.store import lake, open_store


def test_dyad_expr_is_dyad_sql_on_every_combination():
    codes = ["UKR", "BLR", "RUS", "", None]
    combos = list(itertools.product(codes, repeat=3))
    df = pl.DataFrame(combos, schema=["a1", "a2", "loc"], orient="row")
    got = df.select(event_frames.dyad_expr(pl.col("a1"), pl.col("a2"), pl.col("loc"), "UKR", "BLR")).to_series()
    con = duckdb.connect()
    con.execute("CREATE TABLE t (i INTEGER, a1 VARCHAR, a2 VARCHAR, loc VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", [(i, *c) for i, c in enumerate(combos)])
    want = [r[0] for r in con.execute(
        f"SELECT {event_rows.dyad_sql('a1', 'a2', 'loc', 'UKR', 'BLR')} FROM t ORDER BY i").fetchall()]
    assert got.to_list() == want
    assert 0 < sum(want) < len(want)


def _typed(lines: list[str], first_line: int = 1):
    frame = pl.DataFrame({"line": list(range(first_line, first_line + len(lines))), "text": lines},
                         schema={"line": pl.Int64, "text": pl.String})
    fields, _ = gdelt_scan.fields(frame, gdelt.COLUMNS_V2, {}, set(gdelt_typed.FIELDS))
    good, bad = gdelt_typed.check_and_type(fields, 2, "gdelt2")
    assert bad.height == 0
    return good


def _rows(n: int, month: str, start: int, **kw) -> list[str]:
    return [event("UKR", "BLR", "040", quad=1, gold=1.5, date=f"{month}{1 + i % 28:02d}", GLOBALEVENTID=start + i,
                  url=f"https://e.example/{start + i}", **kw) for i in range(n)]


@pytest.mark.parametrize("spill_rows", [0, 4])
def test_finalise_frame_writes_what_finalise_writes(tmp_path, monkeypatch, spill_rows):
    """Two calls in one transaction (the second repeats ids of the first and of itself), rows outside the
    dyad, four months of which three are small: the same kept, duplicate and outside counts, the same rows,
    and the same files (months, spill file and its range, rows per file)."""
    monkeypatch.setattr(lake, "SPILL_ROWS", spill_rows)
    first = (_rows(6, "202201", 100) + _rows(2, "202202", 200) + _rows(2, "202203", 300) + _rows(2, "202204", 400)
             + [event("USA", "FRA", "040", quad=1, gold=1, loc="UP", GLOBALEVENTID=900)]  # third party in UKR
             + [event("USA", "FRA", "040", quad=1, gold=1, loc="FR", GLOBALEVENTID=901)])  # outside
    second = _rows(3, "202201", 104) + _rows(1, "202203", 301) + _rows(2, "202205", 500) + _rows(1, "202205", 500)
    dyad = Dyad.parse("UKR-BLR")
    out = {}
    for how in ("sql", "frame"):
        with open_store(tmp_path / f"{how}.duckdb") as st:
            counts = []
            with st.transaction() as tx:
                for i, lines in enumerate((first, second)):
                    good = _typed(lines, first_line=1 + 100 * i)
                    if how == "frame":
                        counts.append(event_frames.finalise_frame(tx, good, file_sha="f1", dyad=dyad,
                                                                  systems=gdelt.SYSTEMS))
                    else:
                        _stage = good.to_arrow()  # noqa: F841  (read by DuckDB's replacement scan)
                        tx.execute("SET python_enable_replacements = true")
                        tx.execute("SET python_scan_all_frames = true")
                        counts.append(event_rows.finalise(tx, "_stage", file_sha="f1", dyad=dyad,
                                                          systems=gdelt.SYSTEMS))
                        tx.execute("RESET python_scan_all_frames")
            rows = st.query("SELECT * EXCLUDE (loaded_at) FROM events_raw ORDER BY dataset, event_id")
            files = sorted((r["month"], r["last_month"], r["rows"]) for r in
                           st.query("SELECT month, last_month, rows FROM event_files"))
            out[how] = (counts, rows, files)
    assert out["frame"] == out["sql"]
    counts, rows, files = out["frame"]
    assert counts == [(13, 0, 1), (3, 4, 0)]   # kept, duplicates, outside the dyad
    assert len(rows) == 16 and {r["realm"] for r in rows} and all(r["file_sha"] == "f1" for r in rows)
    if spill_rows:
        assert ("2022-02", "2022-04", 6) in files   # three small months of the first write share one file
