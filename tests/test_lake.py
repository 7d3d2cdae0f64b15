"""The event lake: Parquet part files beside the store, catalogued in it, read back as ``events_raw``.

Real DuckDB files, real Parquet files, real GDELT-format rows; kills are real processes killed with SIGKILL."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from gdelt_rows import event, write

from dyadwatch.realms import events as ev
from dyadwatch.schemas.events import LAKE_COLUMNS, LAKE_NAMES
from dyadwatch.sources import gdelt
from dyadwatch.store import lake, open_store

SRC = str(Path(lake.__file__).parents[2])


def rows_for(n: int, *, start: int, month: str = "202201", a1="UKR", a2="BLR", loc="UP") -> list[str]:
    return [event(a1, a2, "190", quad=4, gold=-10.0, date=f"{month}{1 + i % 28:02d}", loc=loc,
                  url=f"https://n.example/{start + i}", GLOBALEVENTID=start + i) for i in range(n)]


def on_disk(store) -> list[str]:
    base = lake.root(store)
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())


def test_files_are_zstd_parquet_per_dataset_and_month_and_the_catalog_lists_them(store, tmp_path):
    f = write(tmp_path / "20220301.export.CSV", rows_for(5, start=1, month="202201")
              + rows_for(3, start=100, month="202202"))
    assert gdelt.ingest(store, [f]).total("rows_kept") == 8
    cat = store.query("SELECT * FROM event_files ORDER BY month")
    assert [(r["dataset"], r["month"], r["rows"]) for r in cat] == [("gdelt2", "2022-01", 5), ("gdelt2", "2022-02", 3)]
    sha = store.scalar("SELECT sha256 FROM ingest_ledger")
    assert {r["file_sha"] for r in cat} == {sha} and all(r["bytes"] > 0 for r in cat)
    assert on_disk(store) == sorted(r["path"] for r in cat)
    assert cat[0]["path"].startswith("events/dataset=gdelt2/month=2022-01/part-") and cat[0]["path"].endswith(".parquet")
    assert lake.root(store) == tmp_path / "store.lake"
    files = lake.absolute(store, [r["path"] for r in cat])
    con = duckdb.connect()
    codecs = {r[0] for r in con.execute(f"SELECT DISTINCT compression FROM parquet_metadata({files!r})").fetchall()}
    assert codecs == {"ZSTD"}
    types = con.execute(f"DESCRIBE SELECT * FROM read_parquet({files!r}, hive_partitioning = false)").fetchall()
    assert [(r[0], r[1]) for r in types] == LAKE_COLUMNS
    # the view shows exactly the files' rows; the dedup views still work over it
    assert store.scalar("SELECT count(*) FROM events_raw") == 8
    assert store.scalar("SELECT count(*) FROM events_dedup_url") == 8
    assert [r["column_name"] for r in store.query("DESCRIBE events_raw")] == LAKE_NAMES


def test_empty_lake_reads_as_an_empty_relation_of_the_same_columns(store):
    assert store.scalar("SELECT count(*) FROM events_raw") == 0
    assert [r["column_name"] for r in store.query("DESCRIBE events_raw")] == LAKE_NAMES
    assert ev.series(store, "UKR", "BLR") == []


def test_unfiltered_ingest_once_serves_several_dyads(tmp_path):
    """One unfiltered ingest, then the series of two different dyads equal those of stores that ingested
    the same file with --dyad for each."""
    lines = (rows_for(6, start=1) + rows_for(4, start=50, a1="RUS", a2="UKR", loc="RS")
             + rows_for(3, start=80, a1="USA", a2="FRA", loc="FR") + rows_for(2, start=90, a1="RUS", loc="BO",
                                                                                a2=None))
    f = write(tmp_path / "20220201.export.CSV", lines)
    with open_store(tmp_path / "all.duckdb") as everything:
        assert gdelt.ingest(everything, [f]).total("rows_kept") == 15
        for a, b in (("UKR", "BLR"), ("RUS", "UKR")):
            with open_store(tmp_path / f"{a}{b}.duckdb") as one:
                s = gdelt.ingest(one, [f], dyad=f"{a}-{b}")
                assert 0 < s.total("rows_kept") < 15
                want = ev.series(one, a, b, freq="day", dedup="none")
                assert want and ev.series(everything, a, b, freq="day", dedup="none") == want


def _stage(tx, name: str, ids: list[int], month: str = "2022-01") -> None:
    from dyadwatch.sources.event_rows import STAGE_COLUMNS

    types = dict(LAKE_COLUMNS)
    tx.execute(f"CREATE OR REPLACE TEMP TABLE {name} (" + ", ".join(f"{c} {types[c]}" for c in STAGE_COLUMNS) + ")")
    rows = [{"dataset": "test", "event_id": str(i), "line": i, "date": f"{month}-{1 + i % 28:02d}",
             "actor1_country_raw": "UKR", "actor2_country_raw": "BLR", "event_code": "190", "event_root": "19",
             "quad_class": 4} for i in ids]
    tx.insert_rows(name, STAGE_COLUMNS, [[r.get(c) for c in STAGE_COLUMNS] for r in rows])


SYSTEMS = {"actor1_country": "iso3", "actor2_country": "iso3", "action_country": "iso3"}


def test_finalise_called_per_chunk_in_one_transaction(store):
    from dyadwatch.sources.event_rows import finalise

    with store.transaction() as tx:
        _stage(tx, "_chunk", list(range(0, 60)))
        assert finalise(tx, "_chunk", file_sha="f1", systems=SYSTEMS) == (60, 0, 0)
        _stage(tx, "_chunk", list(range(50, 100)) + [99], month="2022-01")  # 10 seen before, one twice
        assert finalise(tx, "_chunk", file_sha="f1", systems=SYSTEMS) == (40, 11, 0)
        _stage(tx, "_chunk", list(range(100, 110)), month="2022-02")
        assert finalise(tx, "_chunk", file_sha="f1", systems=SYSTEMS) == (10, 0, 0)
        assert tx.scalar("SELECT count(*) FROM events_raw") == 110  # visible inside the transaction
        assert tx.scalar("SELECT count(*) FROM event_files") == 3
    assert store.scalar("SELECT count(DISTINCT event_id) FROM events_raw") == 110
    assert store.query("SELECT DISTINCT actor1_country, realm FROM events_raw")[0]["actor1_country"] == "UKR"


def test_an_error_rolls_back_rows_catalog_and_files(store):
    from dyadwatch.sources.event_rows import finalise

    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            _stage(tx, "_chunk", list(range(20)))
            finalise(tx, "_chunk", file_sha="f1", systems=SYSTEMS)
            assert on_disk(store)  # renamed into place, catalogued in the transaction …
            raise RuntimeError("boom")
    assert on_disk(store) == []  # … and deleted by the rollback
    assert store.scalar("SELECT count(*) FROM event_files") == 0 == store.scalar("SELECT count(*) FROM events_raw")


def test_a_row_without_a_date_fails_the_file_and_stores_nothing(store):
    from dyadwatch.errors import FormatError
    from dyadwatch.sources.event_rows import finalise

    with pytest.raises(FormatError, match="line 3"):
        with store.transaction() as tx:
            _stage(tx, "_chunk", [1, 2, 3])
            tx.execute("UPDATE _chunk SET date = NULL WHERE line = 3")
            finalise(tx, "_chunk", file_sha="f1", systems=SYSTEMS)
    assert on_disk(store) == [] and store.scalar("SELECT count(*) FROM events_raw") == 0


KILLED = """
import os, signal, sys
sys.path.insert(0, sys.argv[2])
from dyadwatch.store import open_store
from dyadwatch.sources import gdelt
import dyadwatch.sources.ingest as ingest
real = ingest.record_ledger
def killed(tx, item, counts):   # the part files are written and renamed, the catalog rows inserted: now die
    print("files written", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
ingest.record_ledger = killed
gdelt.ingest(open_store(sys.argv[1]), [sys.argv[3]])
"""


def test_kill_9_mid_ingest_leaves_no_visible_file_and_the_next_open_sweeps(store_path, tmp_path):
    f = write(tmp_path / "20220301.export.CSV", rows_for(40, start=1) + rows_for(5, start=200, month="202202"))
    with open_store(store_path) as st:
        root = lake.root(st)
    r = subprocess.run([sys.executable, "-c", KILLED, str(store_path), SRC, str(f)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == -9 and "files written" in r.stdout
    left = [p for p in root.rglob("*.parquet")]
    assert len(left) == 2  # two renamed part files no committed catalog row names
    # a half-written file in the temporary folder too (as if killed inside COPY)
    (root / ".tmp" / "deadbeef").mkdir(parents=True, exist_ok=True)
    (root / ".tmp" / "deadbeef" / "data_0.parquet").write_bytes(b"PAR1 half")
    with open_store(store_path) as st:
        assert st.scalar("SELECT count(*) FROM events_raw") == 0
        assert st.scalar("SELECT count(*) FROM event_files") == 0
        assert on_disk(st) == []  # swept on open
        assert not any((root / ".tmp").iterdir())
        s = gdelt.ingest(st, [f])  # the rerun loads the whole file
        assert s.files[0].status == "ingested" and st.scalar("SELECT count(*) FROM events_raw") == 45


def test_compaction_merges_small_files_atomically(store, tmp_path, monkeypatch):
    for k in range(5):
        gdelt.ingest(store, [write(tmp_path / f"2022010{k + 1}.export.CSV", rows_for(10, start=1000 * k + 1))])
    assert store.scalar("SELECT count(*) FROM event_files") == 5
    before = store.query("SELECT * EXCLUDE (loaded_at) FROM events_raw ORDER BY event_id")
    # a failure half-way leaves everything as it was (the merged file is deleted, the small ones stay)
    monkeypatch.setattr(lake, "drop_files", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        lake.compact(store)
    monkeypatch.undo()
    assert store.scalar("SELECT count(*) FROM event_files") == 5 and len(on_disk(store)) == 5
    done = lake.compact(store)
    assert done == [{"dataset": "gdelt2", "month": "2022-01", "files_before": 5, "files_after": 1, "rows": 50}]
    assert len(on_disk(store)) == 1 == store.scalar("SELECT count(*) FROM event_files")
    assert store.scalar("SELECT file_sha FROM event_files") is None
    assert store.query("SELECT * EXCLUDE (loaded_at) FROM events_raw ORDER BY event_id") == before
    # duplicates are still recognised against the compacted file
    again = write(tmp_path / "again.export.CSV", rows_for(10, start=1) + rows_for(1, start=7777))
    s = gdelt.ingest(store, [again])
    assert s.total("rows_duplicate") == 10 and s.total("rows_kept") == 1
    from dyadwatch.store.integrity import check
    assert check(store).ok, check(store).problems


def test_ingest_compacts_a_partition_with_many_small_files_by_itself(store, tmp_path, monkeypatch):
    monkeypatch.setattr(lake, "AUTO_COMPACT_FILES", 3)
    for k in range(4):
        gdelt.ingest(store, [write(tmp_path / f"2022010{k + 1}.export.CSV", rows_for(5, start=100 * k + 1))])
    assert store.scalar("SELECT count(*) FROM event_files") == 4  # 3 committed small files: not yet more than 3
    gdelt.ingest(store, [write(tmp_path / "20220105.export.CSV", rows_for(5, start=501))])
    # the fifth ingest found 4 committed small files and merged them; its own part stays beside
    assert store.scalar("SELECT count(*) FROM event_files") == 2 and len(on_disk(store)) == 2
    assert store.scalar("SELECT count(*) FROM events_raw") == 25


def _old_store(path: Path, rows: int = 3) -> None:
    """A store as the code before the lake wrote it: events v2 with rows in the events_raw TABLE."""
    from dyadwatch.schemas import events as schema
    from dyadwatch.store.schema import CORE

    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_versions (component VARCHAR, version INTEGER,"
                " applied_at TIMESTAMP DEFAULT current_timestamp)")
    con.execute(CORE[0])
    con.execute(schema.MIGRATIONS[0])
    con.execute(schema.MIGRATIONS[1])
    con.execute("INSERT INTO schema_versions (component, version) VALUES ('core', 1), ('events', 1), ('events', 2)")
    for i in range(rows):
        con.execute("INSERT INTO events_raw (dataset, event_id, file_sha, line, date, actor1_country, "
                    "actor2_country, event_code, quad_class, realm, loaded_at) VALUES (?, ?, ?, ?, ?, 'UKR', 'BLR', "
                    "'190', 4, 'security', TIMESTAMP '2024-05-01 10:00:00')",
                    ["gdelt2" if i % 3 else "polecat", str(i), f"sha{i % 2}", i + 1, f"2022-0{1 + i // 3 % 3}-10"])
    con.execute("INSERT INTO ingest_ledger (sha256, path, kind, rows_kept) SELECT file_sha, 'f-' || file_sha, "
                "'gdelt', count(*) FROM events_raw GROUP BY file_sha")
    con.close()


def test_an_old_store_moves_its_event_rows_into_the_lake_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    _old_store(path, rows=30)
    con = duckdb.connect(str(path))
    want = con.execute("SELECT * FROM events_raw ORDER BY dataset, event_id").fetchall()
    con.close()
    with open_store(path) as st:
        assert st.schema_versions()["events"] == 4
        assert st.query("SELECT table_type FROM information_schema.tables WHERE table_name = 'events_raw'")[0][
            "table_type"] == "VIEW"
        got = st.execute(f"SELECT {', '.join(LAKE_NAMES)} FROM events_raw ORDER BY dataset, event_id").fetchall()
        assert got == want  # every column, loaded_at included
        assert {(r["dataset"], r["month"]) for r in st.query("SELECT * FROM event_files")} == {
            (d, f"2022-0{m}") for d in ("gdelt2", "polecat") for m in (1, 2, 3)}
        from dyadwatch.store.integrity import check
        rep = check(st)
        assert rep.ok, rep.problems


def test_an_interrupted_migration_loses_nothing_and_completes_later(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    _old_store(path, rows=12)
    real = lake.write
    calls = []

    def dies_on_second(store, sql, **kw):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt("killed")
        return real(store, sql, **kw)

    monkeypatch.setattr(lake, "write", dies_on_second)
    with pytest.raises(KeyboardInterrupt):
        open_store(path)
    monkeypatch.undo()
    con = duckdb.connect(str(path))
    assert con.execute("SELECT count(*) FROM events_raw").fetchone()[0] == 12  # still the old table, whole
    assert con.execute("SELECT max(version) FROM schema_versions WHERE component = 'events'").fetchone()[0] == 2
    con.close()
    with open_store(path) as st:
        assert st.scalar("SELECT count(*) FROM events_raw") == 12 and st.schema_versions()["events"] == 4
        assert len(on_disk(st)) == st.scalar("SELECT count(*) FROM event_files")


def test_store_upgrade_command_migrates_and_says_so(tmp_path, capsys):
    from dyadwatch.cli import main

    path = tmp_path / "old.duckdb"
    _old_store(path, rows=4)
    assert main(["store", "upgrade", "--store", str(path)]) == 0
    out = capsys.readouterr().out
    assert "events v4" in out and "4 rows" in out


def test_backup_carries_the_lake_and_a_moved_store_keeps_working(store, tmp_path):
    from dyadwatch.cli import main

    gdelt.ingest(store, [write(tmp_path / "20220301.export.CSV", rows_for(7, start=1) + rows_for(2, start=50,
                                                                                                   month="202112"))])
    dest = tmp_path / "bk" / "copy.duckdb"
    dest.parent.mkdir()
    assert main(["store", "backup", str(dest), "--store", str(store.path)]) == 0
    assert (tmp_path / "bk" / "copy.lake").is_dir()
    moved = tmp_path / "elsewhere"
    shutil.move(tmp_path / "bk", moved)  # a store moved with its lake: nothing absolute is stored
    with open_store(moved / "copy.duckdb") as b:
        assert b.scalar("SELECT count(*) FROM events_raw") == 9
        assert ev.series(b, "UKR", "BLR") == ev.series(store, "UKR", "BLR")
    assert main(["store", "check", "--store", str(moved / "copy.duckdb")]) == 0


def test_store_check_compares_catalog_files_and_ledger(store, tmp_path, capsys):
    import json

    from dyadwatch.cli import main
    from dyadwatch.store.integrity import check

    gdelt.ingest(store, [write(tmp_path / "20220301.export.CSV", rows_for(6, start=1) + rows_for(2, start=50,
                                                                                                   month="202112"))])
    rep = check(store)
    assert rep.ok and rep.tables["events_raw"] == 8
    # an orphan (as left by a kill) is deleted and noted
    stray = lake.root(store) / "events" / "dataset=gdelt2" / "month=2022-01" / "part-stray.parquet"
    shutil.copy(lake.absolute(store, lake.visible(store))[0], stray)
    rep = check(store)
    assert rep.ok and any("unlisted" in n for n in rep.notes) and not stray.exists()
    # the ledger says more rows were kept than the lake holds
    store.execute("UPDATE ingest_ledger SET rows_kept = rows_kept + 1")
    rep = check(store)
    assert any("8 event rows recorded" not in p and "9 event rows recorded, 8 in the lake" in p for p in rep.problems)
    store.execute("UPDATE ingest_ledger SET rows_kept = rows_kept - 1")
    # a catalogued file is missing: check says which; the store still opens, and reading says what is wrong
    gone = lake.visible(store)[0]
    (lake.root(store) / gone).unlink()
    rep = check(store)
    assert any(gone in p and "missing" in p for p in rep.problems)
    store.close()
    assert main(["store", "check", "--store", str(tmp_path / "store.duckdb"), "--json"]) == 1
    assert any(gone in p for p in json.loads(capsys.readouterr().out)["problems"])
    with open_store(tmp_path / "store.duckdb") as st:
        with pytest.raises(duckdb.Error, match="misses 1 of its 2 catalogued files"):
            st.scalar("SELECT count(*) FROM events_raw")


def test_writes_run_under_the_memory_limit(store, tmp_path, monkeypatch):
    seen = []
    real = lake.publish  # both writers (DuckDB's COPY and the frame writer of unfiltered GDELT) publish here

    def spy(st, staged, **kw):
        seen.append(st.scalar("SELECT current_setting('memory_limit')"))
        return real(st, staged, **kw)

    monkeypatch.setattr(lake, "publish", spy)
    monkeypatch.setenv("DYADWATCH_MEMORY_LIMIT", "123MB")
    gdelt.ingest(store, [write(tmp_path / "20220301.export.CSV", rows_for(3, start=1))])
    path = tmp_path / "old.duckdb"
    _old_store(path)
    open_store(path).close()
    assert len(seen) == 3 and all(s.startswith("117.") or "MiB" in s or "MB" in s for s in seen), seen
    assert all(s == seen[0] for s in seen)


def test_export_reads_the_lake(store, tmp_path):
    from dyadwatch.export import export

    gdelt.ingest(store, [write(tmp_path / "20220301.export.CSV", rows_for(4, start=1))])
    out = export(store, tmp_path / "out", "parquet", tables=["events_raw"])
    assert out[0]["rows"] == 4
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{tmp_path / 'out' / 'events_raw.parquet'}'").fetchone()[0] == 4


def test_the_lake_path_imports_no_pyarrow(store_path, tmp_path):
    f = write(tmp_path / "20220301.export.CSV", rows_for(3, start=1))
    with open_store(store_path) as st:
        gdelt.ingest(st, [f])
    code = ("import sys; sys.path.insert(0, sys.argv[2])\n"
            "from dyadwatch.store import open_store, lake\n"
            "from dyadwatch.store.integrity import check\n"
            "st = open_store(sys.argv[1]); assert st.scalar('SELECT count(*) FROM events_raw') == 3\n"
            "assert lake.compact(st) == []; assert check(st).ok\n"
            "assert 'pyarrow' not in sys.modules, 'pyarrow'\n")
    r = subprocess.run([sys.executable, "-c", code, str(store_path), SRC], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "PYTHONPATH": SRC})
    assert r.returncode == 0, r.stderr[-1500:]


def test_a_second_store_object_in_the_process_sees_new_and_compacted_files(store, tmp_path):
    with open_store(store.path) as other:
        assert other.scalar("SELECT count(*) FROM events_raw") == 0
        for k in range(3):
            gdelt.ingest(store, [write(tmp_path / f"2022010{k + 1}.export.CSV", rows_for(4, start=100 * k + 1))])
        assert other.scalar("SELECT count(*) FROM events_raw") == 12
        lake.compact(store)  # the small files are deleted: the other object's view must not name them
        assert other.scalar("SELECT count(*) FROM events_raw") == 12 and len(on_disk(store)) == 1


def test_chunks_of_one_file_are_not_compacted_mid_file(store, monkeypatch):
    from dyadwatch.sources.event_rows import finalise

    monkeypatch.setattr(lake, "AUTO_COMPACT_FILES", 2)
    with store.transaction() as tx:
        for k in range(5):
            _stage(tx, "_chunk", list(range(10 * k, 10 * k + 10)))
            finalise(tx, "_chunk", file_sha="f1", systems=SYSTEMS)
        assert tx.scalar("SELECT count(*) FROM event_files") == 5  # its own chunks stay as written
    with store.transaction() as tx:
        _stage(tx, "_chunk", [100])
        finalise(tx, "_chunk", file_sha="f2", systems=SYSTEMS)
    # the next file's ingest merged the five committed ones (its own part stays)
    assert store.scalar("SELECT count(*) FROM event_files") == 2 and len(on_disk(store)) == 2
    assert store.scalar("SELECT count(*) FROM events_raw") == 51


def test_the_lake_folder_is_beside_the_store_file_and_never_the_file_itself(tmp_path):
    assert lake.root_for(tmp_path / "a.duckdb") == tmp_path / "a.lake"
    assert lake.root_for(tmp_path / "plain") == tmp_path / "plain.lake"
    assert lake.root_for(tmp_path / "odd.lake") == tmp_path / "odd.lake.lake"


def test_a_small_file_spread_over_many_months_writes_one_spill_file_read_back_and_deduplicated(store, tmp_path,
                                                                                              monkeypatch):
    monkeypatch.setattr(lake, "SPILL_ROWS", 10)  # months with fewer than 10 rows in one write are "small"
    # 12 rows in March (its own file), 2-3 rows in each of four older months (one spill file)
    rows = rows_for(12, start=1, month="202203")
    for k, m in enumerate(("202110", "202111", "202112", "202201")):
        rows += rows_for(2 + k % 2, start=100 * (k + 1), month=m)
    f = write(tmp_path / "20220301.export.CSV", rows)
    assert gdelt.ingest(store, [f]).total("rows_kept") == 22
    cat = store.query("SELECT * FROM event_files ORDER BY month")
    assert [(r["month"], r["last_month"], r["rows"]) for r in cat] == [("2021-10", "2022-01", 10),
                                                                       ("2022-03", None, 12)]
    assert cat[0]["path"].startswith("events/dataset=gdelt2/spill/part-")
    assert on_disk(store) == sorted(r["path"] for r in cat)
    # the spill file is sorted by date and counts for every month it covers
    dates = [r[0] for r in duckdb.connect().execute(
        f"SELECT date FROM read_parquet({lake.absolute(store, [cat[0]['path']])!r})").fetchall()]
    assert dates == sorted(dates) and len(dates) == 10
    assert lake.visible(store, dataset="gdelt2", months=["2021-12"]) == [cat[0]["path"]]
    assert lake.visible(store, dataset="gdelt2", months=["2022-02"]) == []
    assert store.scalar("SELECT count(*) FROM events_raw WHERE date < DATE '2022-02-01'") == 10
    # an event of a spilled month published again is a duplicate (found in the spill file)
    again = write(tmp_path / "again.export.CSV", rows_for(3, start=300, month="202112") + rows_for(1, start=9000))
    s = gdelt.ingest(store, [again])
    assert s.total("rows_duplicate") == 2 and s.total("rows_kept") == 2
    # spill files are one partition for compaction: merged, months still small stay in one spill file
    for k in range(2):
        more = [r for m in ("201901", "201902", "201903") for r in rows_for(1, start=20_000 + 10 * k + int(m[-1]),
                                                                              month=m)]
        gdelt.ingest(store, [write(tmp_path / f"old{k}.export.CSV", more)])
    before = store.query("SELECT * EXCLUDE (loaded_at) FROM events_raw ORDER BY event_id")
    spills = store.scalar("SELECT count(*) FROM event_files WHERE last_month IS NOT NULL")
    assert spills == 3
    done = lake.compact(store, month="*")
    assert done == [{"dataset": "gdelt2", "month": "*", "files_before": 3, "files_after": 1, "rows": 16}]
    assert store.query("SELECT month, last_month FROM event_files WHERE last_month IS NOT NULL") == [
        {"month": "2019-01", "last_month": "2022-01"}]
    assert store.query("SELECT * EXCLUDE (loaded_at) FROM events_raw ORDER BY event_id") == before
    from dyadwatch.store.integrity import check
    assert check(store).ok, check(store).problems
