"""The frame writer of the unfiltered GDELT ingest (typed rows from polars straight to Parquet) against the
DuckDB writer (finalise): the same rows, counts, duplicates and files, on real files read in many small
chunks; and a failure on the writer's thread leaves nothing behind."""
from __future__ import annotations

import duckdb
import pytest

from gdelt_rows import event, write

from dyadwatch.schemas.events import LAKE_COLUMNS
from dyadwatch.sources import gdelt, gdelt_lines
from dyadwatch.store import lake, lake_frames, open_store
from dyadwatch.store.integrity import check


def _rows(ids, month="202201", **kw):
    return [event("UKR", "BLR", "190", quad=4, gold=-10.0, date=f"{month}{1 + i % 28:02d}", loc="UP",
                  url=f"https://n.example/{i}", GLOBALEVENTID=i, **kw) for i in ids]


def _files(tmp_path):
    # ids out of order, so batches' id ranges meet; an id twice within a batch and across batches; months
    # big and small (own files and spill files); types and codes that give several realms and countries
    a = (_rows(range(1000, 1040)) + _rows([5, 3, 1], month="202111") + _rows(range(2000, 2010), month="202112")
         + _rows([1010, 1011], month="202201") + _rows(range(10, 20), month="202110")
         + [event("RUS", "UKR", "040", quad=1, gold=1.0, loc="BO", a1type="MIL", GLOBALEVENTID=3000 + i)
            for i in range(15)]
         + _rows(range(900, 960), month="202202") + _rows([1005, 3001, 950], month="202203"))
    b = _rows(range(1030, 1050)) + _rows([12, 13, 4000], month="202110")   # some stored before
    return write(tmp_path / "a.export.CSV", a), write(tmp_path / "b.export.CSV", b)


def _ingest(path, files, *, frames: bool, monkeypatch):
    monkeypatch.setattr(gdelt, "FRAME_WRITER", frames)
    with open_store(path) as st:
        sums = [gdelt.ingest(st, [f]) for f in files]
        got = st.query("SELECT * EXCLUDE (loaded_at) FROM events_raw ORDER BY dataset, event_id, line")
        cat = sorted((r["dataset"], r["month"], r["last_month"] or "", r["rows"]) for r in st.query(
            "SELECT * FROM event_files"))
        assert check(st).ok
        return [s.as_dict()["totals"] for s in sums], list(got), cat


def test_frame_writer_gives_the_duckdb_writers_rows_counts_and_files(tmp_path, monkeypatch):
    monkeypatch.setattr(gdelt_lines, "chunk_for_limit", lambda limit: 3000)  # about 15 rows a chunk
    monkeypatch.setattr(gdelt, "FLUSH_ROWS", 25)  # two chunks a batch
    monkeypatch.setattr(lake, "SPILL_ROWS", 12)
    files = _files(tmp_path)
    seen = []
    real = lake_frames.FrameWriter.add
    monkeypatch.setattr(lake_frames.FrameWriter, "add", lambda self, f: seen.append(f.height) or real(self, f))
    new = _ingest(tmp_path / "frames.duckdb", files, frames=True, monkeypatch=monkeypatch)
    assert len(seen) >= 5  # many batches
    old = _ingest(tmp_path / "duckdb.duckdb", files, frames=False, monkeypatch=monkeypatch)
    assert new[0] == old[0]
    assert new[0][0]["rows_duplicate"] == 3 and new[0][1]["rows_duplicate"] == 12  # 1010, 1011, 3001; b's
    assert new[1] == old[1] and len(new[1]) == new[0][0]["rows_kept"] + new[0][1]["rows_kept"]
    assert {r["realm"] for r in new[1]} == {"security"} and {r["action_country"] for r in new[1]} == {"UKR", "BLR"}
    assert new[2] == old[2] and any(last for _, _, last, _ in new[2])


def test_the_frame_writers_files_have_the_lakes_types_and_skippable_statistics(store, tmp_path):
    gdelt.ingest(store, [write(tmp_path / "a.export.CSV", _rows(range(1, 300)))])
    files = lake.absolute(store, lake.visible(store))
    con = duckdb.connect()
    types = con.execute(f"DESCRIBE SELECT * FROM read_parquet({files!r}, hive_partitioning = false)").fetchall()
    assert [(r[0], r[1]) for r in types] == LAKE_COLUMNS
    stats = con.execute(f"SELECT stats_min_value, stats_max_value, compression FROM parquet_metadata({files!r}) "
                        "WHERE path_in_schema = 'event_id'").fetchall()
    assert stats == [("1", "99", "ZSTD")]  # ids compared as text, as the duplicate check's BETWEEN does


def test_a_failure_on_the_writer_thread_rolls_back_and_leaves_no_file(store, tmp_path, monkeypatch):
    monkeypatch.setattr(gdelt_lines, "chunk_for_limit", lambda limit: 3000)
    monkeypatch.setattr(gdelt, "FLUSH_ROWS", 25)
    gdelt.ingest(store, [write(tmp_path / "first.export.CSV", _rows(range(1, 5)))])
    before = sorted(p for p in lake.root(store).rglob("*") if p.is_file())
    real, calls = lake_frames._encode, []

    def failing(*a):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")  # the third batch's encoding fails on the writer's thread
        return real(*a)

    monkeypatch.setattr(lake_frames, "_encode", failing)
    s = gdelt.ingest(store, [write(tmp_path / "second.export.CSV", _rows(range(100, 200)))])
    assert s.files[0].status == "failed" and "disk full" in s.files[0].message  # this file fails alone
    assert len(calls) == 3
    assert sorted(p for p in lake.root(store).rglob("*") if p.is_file()) == before  # nothing renamed stays
    assert store.scalar("SELECT count(*) FROM events_raw") == 4 and store.scalar("SELECT count(*) FROM ingest_ledger") == 1
    monkeypatch.setattr(lake_frames, "_encode", real)
    assert gdelt.ingest(store, [tmp_path / "second.export.CSV"]).total("rows_kept") == 100
    assert check(store).ok


def test_the_realm_per_distinct_value_equals_realm_sql():
    """The frame path's realm (the first rule matched, found per distinct value of each column) equals the
    SQL CASE of realm_sql() on every combination drawn, rules' own values, unknown ones, lists and nulls."""
    import random

    import polars as pl

    from dyadwatch.realms.event_mapping import mapping, realm_sql
    from dyadwatch.sources.event_frames import FrameFinaliser

    rules = mapping()["realms"]
    pick = {k: sorted({str(v) for r in rules for v in r.get(k) or ()}) + ["XYZ", "", None]
            for k in ("actor_types", "roots", "codes", "contexts")}
    rnd = random.Random(12)

    def types(key):
        v = rnd.choice(pick[key])
        return v if v is None or rnd.random() < 0.6 else f"{v};{rnd.choice(pick[key][:-1])}"  # a ';' list

    rows = [{"actor1_types": types("actor_types"), "actor2_types": types("actor_types"),
             "event_root": rnd.choice(pick["roots"]), "event_code": rnd.choice(pick["codes"]),
             "plover_context": types("contexts")} for _ in range(19_998)]
    rows += [dict.fromkeys(rows[0], None), dict.fromkeys(rows[0], "XYZ")]  # no rule matches: the default
    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]})
    f = FrameFinaliser.__new__(FrameFinaliser)
    f.realm_index = {}
    got = f._realm(frame.head(10_000))["realm"].to_list() + f._realm(frame.tail(10_000))["realm"].to_list()
    con = duckdb.connect()
    con.register("grid", frame.to_arrow())
    want = [r[0] for r in con.execute(f"SELECT {realm_sql()} FROM grid").fetchall()]
    assert got == want and set(want) == {"political", "security", "civil_society", "economic"}


def test_dyad_expr_is_dyad_sql_on_every_combination():
    """(Taken over as it was from the --dyad path's engineer, i12dyad, with dyad_expr.)"""
    import itertools

    import polars as pl

    from dyadwatch.sources import event_frames, event_rows

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


@pytest.mark.parametrize("threaded", [True, False])
def test_the_frame_finaliser_with_a_dyad_keeps_what_finalise_keeps(tmp_path, threaded):
    """FrameFinaliser(dyad=…) (for the --dyad path) against finalise(dyad=…) on the same typed rows: the same
    (kept, duplicates, outside) and the same stored rows, a second call's repeats counted as duplicates."""
    from dyadwatch.countries import Dyad
    from dyadwatch.sources import gdelt_chunks, gdelt_typed
    from dyadwatch.sources.event_frames import FrameFinaliser
    from dyadwatch.sources.event_rows import finalise

    lines = (_rows(range(1, 30)) + _rows(range(30, 40), month="202110")
             + [event("RUS", "UKR", "190", quad=4, gold=-9.0, loc="BO", GLOBALEVENTID=100 + i) for i in range(6)]
             + [event("RUS", "UKR", "040", quad=1, gold=1.0, loc="UP", GLOBALEVENTID=200 + i) for i in range(5)]
             + [event("BLR", "BLR", "040", quad=1, gold=1.0, loc="BO", GLOBALEVENTID=300 + i) for i in range(4)]
             + [event(None, "UKR", "040", quad=1, gold=1.0, loc="RS", GLOBALEVENTID=400 + i) for i in range(3)])
    f = write(tmp_path / "d.export.CSV", lines)
    fields = [n for n in gdelt.COLUMNS_V2 if n in gdelt_typed.FIELDS]
    frame = next(gdelt_chunks.chunks(f, gdelt.COLUMNS_V2, fields, version=2, chunk_bytes=1 << 20))[0]
    good, _ = gdelt_typed.check_and_type(frame, 2, "gdelt2")
    dyad = Dyad.parse("UKR-BLR")
    got = {}
    for how in ("frames", "sql"):
        with open_store(tmp_path / f"{how}.duckdb") as st:
            with st.transaction() as tx:
                if how == "frames":
                    with FrameFinaliser(tx, file_sha="f1", systems=gdelt.SYSTEMS, dyad=dyad, threaded=threaded) as fin:
                        res = [fin.add(good), fin.add(good.head(20))]
                else:
                    tx.con.from_arrow(good.to_arrow()).create("_s")
                    res = [finalise(tx, "_s", file_sha="f1", systems=gdelt.SYSTEMS, dyad=dyad)]
                    tx.execute("DROP TABLE _s")
                    tx.con.from_arrow(good.head(20).to_arrow()).create("_s")
                    res.append(finalise(tx, "_s", file_sha="f1", systems=gdelt.SYSTEMS, dyad=dyad))
            got[how] = (res, st.query("SELECT * EXCLUDE (loaded_at) FROM events_raw ORDER BY event_id, line"))
    assert got["frames"][0] == got["sql"][0] == [(50, 0, 7), (0, 20, 0)]  # domestic and no-country rows outside
    assert list(got["frames"][1]) == list(got["sql"][1])
