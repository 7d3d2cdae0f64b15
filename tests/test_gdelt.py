"""GDELT ingest: column mapping on the real samples, code normalisation, the dyad filter, idempotency,
quarantine, atomicity (exception and kill midway), archives, folders, URLs and volume files."""
from __future__ import annotations

import csv
import http.server
import subprocess
import sys
import textwrap
import threading
import zipfile
from pathlib import Path

import pytest

from gdelt_rows import event, names, row, write

from dyadwatch.countries import Dyad
from dyadwatch.sources import gdelt

SRC = Path(__file__).resolve().parents[1] / "src"


def raw_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def stored(store, **where) -> dict[str, dict]:
    sql = "SELECT * FROM events_raw"
    if where:
        sql += " WHERE " + " AND ".join(f"{k} = ?" for k in where)
    return {r["event_id"]: r for r in store.query(sql, list(where.values()))}


def counts(store) -> dict[str, int]:
    return {t: store.scalar(f"SELECT count(*) FROM {t}") for t in ("events_raw", "quarantine", "ingest_ledger")}


def _num(text: str) -> float | None:
    return float(text) if text != "" else None


def check_mapping(store, path: Path, cols: list[str], dataset: str) -> int:
    """Every raw row's fields, read by position with the published column names, equal the stored row."""
    rows = stored(store, dataset=dataset)
    n = 0
    for raw in raw_rows(path):
        rec = dict(zip(cols, raw))  # a 57-column row simply has no SOURCEURL
        got = rows[str(int(float(rec["GLOBALEVENTID"])))]
        assert got["date"].strftime("%Y%m%d") == rec["SQLDATE"]
        assert got["actor1_code"] == (rec["Actor1Code"] or None)
        assert got["actor1_country_raw"] == (rec["Actor1CountryCode"] or None)
        assert got["actor2_name"] == (rec["Actor2Name"] or None)
        assert got["event_code"] == rec["EventCode"]
        assert got["event_root"] == rec["EventRootCode"].zfill(2)
        assert got["quad_class"] == int(float(rec["QuadClass"]))
        assert got["goldstein"] == pytest.approx(float(rec["GoldsteinScale"]))
        assert got["num_mentions"] == int(float(rec["NumMentions"]))
        assert got["avg_tone"] == pytest.approx(float(rec["AvgTone"]))
        assert got["action_country_raw"] == (rec["ActionGeo_CountryCode"] or None)
        assert got["action_adm1"] == (rec["ActionGeo_ADM1Code"] or None)
        assert got["action_lat"] == _num(rec["ActionGeo_Lat"])
        assert got["action_long"] == _num(rec["ActionGeo_Long"])
        assert got["action_feature_id"] == (rec["ActionGeo_FeatureID"] or None)
        assert got["actor2_geo_country"] == (rec["Actor2Geo_CountryCode"] or None)
        assert got["source_url"] == (rec.get("SOURCEURL") or None)
        assert got["date_added"].strftime("%Y%m%d%H%M%S")[:len(rec["DATEADDED"])] == rec["DATEADDED"]
        n += 1
    return n


# --- the real samples ------------------------------------------------------------------------------------
def test_column_names_match_the_published_schemas(shared_data):
    v2 = [r["tableId"] for r in csv.DictReader(open(shared_data / "gdelt" / "schema_gdelt2_events.csv",
                                                       encoding="utf-8"))]
    v1 = [line.strip() for line in open(shared_data / "gdelt" / "schema_gdelt1_events_header.tsv",
                                        encoding="utf-8")][1:]
    assert gdelt.COLUMNS_V2 == v2 == names(2)
    assert gdelt.COLUMNS_V1 == v1 == names(1)


def test_real_gdelt2_sample(shared_data, store):
    path = shared_data / "gdelt" / "gdelt2_events_sample.export.tsv"
    s = gdelt.ingest(store, [path])
    assert (s.total("rows_read"), s.total("rows_kept"), s.total("rows_quarantined")) == (100, 100, 0)
    assert check_mapping(store, path, names(2), "gdelt2") == 100
    # CAMEO actor codes and FIPS locations both become ISO3
    zwe = store.query("SELECT DISTINCT actor1_country, action_country_raw, action_country FROM events_raw "
                      "WHERE actor2_country = 'BLR'")
    assert {"ZWE"} == {r["actor1_country"] for r in zwe}
    assert {("ZI", "ZWE")} == {(r["action_country_raw"], r["action_country"]) for r in zwe}


def test_real_gdelt1_sample_both_widths(shared_data, store):
    path = shared_data / "gdelt" / "gdelt1_events_sample.export.tsv"
    widths = [len(r) for r in raw_rows(path)]
    assert sorted(set(widths)) == [57, 58]
    s = gdelt.ingest(store, [path])
    assert s.total("rows_kept") == 100 and s.total("rows_quarantined") == 0
    assert check_mapping(store, path, names(1), "gdelt1") == 100
    no_url = store.scalar("SELECT count(*) FROM events_raw WHERE source_url IS NULL")
    assert no_url == widths.count(57)


def test_real_translation_sample(shared_data, store, tmp_path):
    path = shared_data / "gdelt" / "gdelt2_translation_events_sample.export.tsv"
    s = gdelt.ingest(store, [path])
    assert s.total("rows_kept") == 100
    assert check_mapping(store, path, names(2), "gdelt2-translation") == 100


def test_real_2017_duplication_figures(shared_data, store):
    """SOURCES.md: 6,090 rows, a one-a-day filter removes 31%, 1,383 distinct URLs."""
    s = gdelt.ingest(store, [shared_data / "gdelt" / "real-2017"])
    assert [f.status for f in s.files] == ["ingested"] * 3
    assert s.total("rows_kept") == 6090
    one_a_day = store.scalar("SELECT count(*) FROM events_dedup_one_a_day")
    assert 0.30 < 1 - one_a_day / 6090 < 0.32
    assert store.scalar("SELECT count(DISTINCT source_url) FROM events_raw") == 1383
    # by URL: at most one row per (URL, actors, code); never fewer rows than distinct URLs
    assert 1383 <= store.scalar("SELECT count(*) FROM events_dedup_url") < 6090


def test_real_2017_float_numbers_and_dyad(shared_data, store):
    """The 2017 files carry pandas' float form (52.0); the UKR-BLR filter keeps exactly the rows that
    touch the dyad, computed here independently from the raw text."""
    folder = shared_data / "gdelt" / "real-2017"
    s = gdelt.ingest(store, [folder], dyad="UKR-BLR")
    cols = names(2)
    expected = 0
    for f in sorted(folder.iterdir()):
        for raw in raw_rows(f):
            r = dict(zip(cols, raw))
            a1, a2, loc = r["Actor1CountryCode"], r["Actor2CountryCode"], r["ActionGeo_CountryCode"]
            iso = {"UKR": "UKR", "BLR": "BLR"}
            c1, c2 = iso.get(a1, a1 and "X"), iso.get(a2, a2 and "X")
            cl = {"UP": "UKR", "BO": "BLR"}.get(loc, "")
            both = {c1, c2} == {"UKR", "BLR"}
            cross = any(c == p and cl == q for c in (c1, c2) for p, q in (("UKR", "BLR"), ("BLR", "UKR")))
            third = cl in ("UKR", "BLR") and (c1 == "X" or c2 == "X")
            expected += both or cross or third
    assert expected > 0
    assert s.total("rows_kept") == expected == store.scalar("SELECT count(*) FROM events_raw")
    assert s.total("rows_filtered") == 6090 - expected


# --- normalisation -------------------------------------------------------------------------------------
def test_codes_normalised_and_realm_assigned(tmp_path, store):
    f = write(tmp_path / "a.CSV", [
        event("UKR", "BLR", "190", quad=4, gold=-10, loc="BO"),
        event("BLR", "UKR", "042", quad=1, gold=1.9, loc="UP", a1type="GOV"),
        event("BLR", None, "173", quad=4, gold=-5, loc="BO", a1type="COP"),
        event("UKR", "BLR", "0211", quad=1, gold=3.4, loc="UP", a1type="BUS"),
        event("UKR", "BLR", "141", quad=3, gold=-6.5, loc="UP", a1type="OPP"),
    ])
    assert gdelt.ingest(store, [f]).total("rows_kept") == 5
    rows = store.query("SELECT actor1_country, actor2_country, action_country, event_code, realm "
                       "FROM events_raw ORDER BY line")
    assert [(r["actor1_country"], r["actor2_country"], r["action_country"]) for r in rows] == [
        ("UKR", "BLR", "BLR"), ("BLR", "UKR", "UKR"), ("BLR", None, "BLR"), ("UKR", "BLR", "UKR"),
        ("UKR", "BLR", "UKR")]
    # fight → security; visit by government → political; arrest (even by police) → civil society;
    # appeal for economic cooperation → economic; protest → civil society
    assert [r["realm"] for r in rows] == ["security", "political", "civil_society", "economic", "civil_society"]


DYAD_CASES = [  # (actor1 CAMEO, actor2 CAMEO, location FIPS, kept?)
    ("UKR", "BLR", "FR", True),    # both actors, anywhere
    ("BLR", "UKR", None, True),    # both actors, no location
    ("UKR", None, "BO", True),     # one actor in the other country
    ("BLR", "USA", "UP", True),    # one actor in the other country, with a third party
    ("RUS", "UKR", "BO", True),    # third party located in B (Russia-Ukraine events in Belarus)
    ("RUS", "USA", "UP", True),    # third parties located in A
    ("RUS", "UKR", "UP", True),    # a third party acting in A
    ("UKR", "RUS", "RS", False),   # neither located in the dyad nor both actors
    ("BLR", "BLR", "BO", False),   # domestic
    ("BLR", None, "BO", False),    # domestic, one actor
    (None, None, "BO", False),     # no actor country at all
    ("USA", "FRA", "FR", False),
    ("UKR", "USA", "US", False),
]


def test_dyad_filter_semantics(tmp_path, store):
    lines = [event(a1, a2, "040", quad=1, gold=1, loc=loc) for a1, a2, loc, _ in DYAD_CASES]
    f = write(tmp_path / "d.CSV", lines)
    s = gdelt.ingest(store, [f], dyad="UKR-BLR")
    kept_lines = {r["line"] for r in store.query("SELECT line FROM events_raw")}
    assert kept_lines == {i for i, case in enumerate(DYAD_CASES, start=1) if case[3]}
    assert s.total("rows_kept") == sum(c[3] for c in DYAD_CASES)
    assert s.total("rows_filtered") == sum(not c[3] for c in DYAD_CASES)
    assert "outside the filter 6" in s.line()


def test_dyad_filter_agrees_with_the_series_directions(tmp_path, store_path):
    """Ingesting everything and letting the Ibis pipeline pick the dyad's rows selects the same rows as
    the ingest filter (the SQL rule and the Ibis rule are written twice; they must agree)."""
    from dyadwatch.realms.events import dyad_events
    from dyadwatch.store import open_store
    from dyadwatch.store.engine import DuckDBEngine

    lines = [event(a1, a2, "040", quad=1, gold=1, loc=loc) for a1, a2, loc, _ in DYAD_CASES]
    f = write(tmp_path / "d.CSV", lines)
    with open_store(store_path) as st:
        gdelt.ingest(st, [f])
        ev = DuckDBEngine(st).execute(dyad_events(DuckDBEngine(st), "UKR", "BLR", dedup_method="none"))
        picked = set(ev["line"])
        directions = dict(zip(ev["line"], ev["direction"]))
    assert picked == {i for i, case in enumerate(DYAD_CASES, start=1) if case[3]}
    assert directions[1] == "UKR->BLR" and directions[2] == "BLR->UKR"
    assert directions[3] == "in-BLR" and directions[4] == "in-UKR" and directions[5] == "in-BLR"


def test_date_filter(tmp_path, store):
    f = write(tmp_path / "d.CSV", [event("UKR", "BLR", "040", quad=1, gold=1, date=d)
                                   for d in ("20220131", "20220201", "20220228", "20220301")])
    s = gdelt.ingest(store, [f], date_from="2022-02-01", date_to="2022-02-28")
    assert s.total("rows_kept") == 2
    assert {str(r["date"]) for r in store.query("SELECT date FROM events_raw")} == {"2022-02-01", "2022-02-28"}


# --- ingest guarantees -------------------------------------------------------------------------------------
def test_ingest_twice_changes_nothing(tmp_path, store):
    f = write(tmp_path / "x.export.CSV", [event("UKR", "BLR", "040", quad=1, gold=1) for _ in range(5)]
              + ["not a gdelt row"])
    first = gdelt.ingest(store, [f])
    before = counts(store)
    again = gdelt.ingest(store, [f])
    assert counts(store) == before == {"events_raw": 5, "quarantine": 1, "ingest_ledger": 1}
    assert [x.status for x in again.files] == ["skipped"]
    assert again.total("rows_kept") == 0 and first.total("rows_kept") == 5


def test_same_events_in_another_file_are_duplicates(tmp_path, store):
    lines = [event("UKR", "BLR", "040", quad=1, gold=1) for _ in range(4)]
    a = write(tmp_path / "a.CSV", lines)
    b = write(tmp_path / "b.CSV", lines[:3] + [event("BLR", "UKR", "043", quad=1, gold=2.8)] + lines[:1])
    gdelt.ingest(store, [a])
    s = gdelt.ingest(store, [b])
    assert (s.total("rows_read"), s.total("rows_kept"), s.total("rows_duplicate")) == (5, 1, 4)
    assert "duplicates 4" in s.line()
    assert store.scalar("SELECT count(*) FROM events_raw") == 5


def test_bad_rows_are_quarantined_exactly(tmp_path, store):
    good = lambda: event("UKR", "BLR", "040", quad=1, gold=1)  # noqa: E731
    cols = names(2)
    bad = {
        2: "\t".join(good().split("\t")[:40]),                       # too few columns
        4: good() + "\textra\tcolumns",                              # too many columns
        5: row(2, SQLDATE="2022-01-15", EventCode="040", QuadClass=1, GoldsteinScale=1, SOURCEURL="u"),
        7: row(2, GLOBALEVENTID="abc", EventCode="040", QuadClass=1, GoldsteinScale=1, SOURCEURL="u"),
        8: row(2, EventCode="X40", QuadClass=1, GoldsteinScale=1, SOURCEURL="u"),
        9: row(2, EventCode="040", QuadClass=7, GoldsteinScale=1, SOURCEURL="u"),
        11: row(2, EventCode="040", QuadClass=1, GoldsteinScale=12.5, SOURCEURL="u"),
        12: row(2, EventCode="040", QuadClass=1, GoldsteinScale=1, DATEADDED="yesterday", SOURCEURL="u"),
    }
    lines = [bad.get(i) or good() for i in range(1, 14)]
    assert len(cols) == 61
    f = write(tmp_path / "bad.CSV", lines)
    s = gdelt.ingest(store, [f])
    q = {r["line"]: r for r in store.query("SELECT line, reason, raw FROM quarantine")}
    assert set(q) == set(bad)
    assert s.total("rows_quarantined") == len(bad) and s.total("rows_kept") == 13 - len(bad)
    assert "40" in q[2]["reason"] and "61" in q[2]["reason"]
    assert "63" in q[4]["reason"]
    assert "SQLDATE" in q[5]["reason"] and "GLOBALEVENTID" in q[7]["reason"]
    assert "EventCode" in q[8]["reason"] and "QuadClass" in q[9]["reason"]
    assert "GoldsteinScale" in q[11]["reason"] and "DATEADDED" in q[12]["reason"]
    assert q[8]["raw"] == lines[7]
    kept = {r["line"] for r in store.query("SELECT line FROM events_raw")}
    assert kept == set(range(1, 14)) - set(bad)


def test_unreadable_files_fail_alone(tmp_path, store):
    good = write(tmp_path / "1.CSV", [event("UKR", "BLR", "040", quad=1, gold=1)])
    mentions = write(tmp_path / "2.CSV", ["\t".join(["x"] * 16)])
    empty = write(tmp_path / "3.CSV", [])
    zipped = write(tmp_path / "4.export.CSV.zip", [event("BLR", "UKR", "040", quad=1, gold=1)],
                   zip_name="4.export.CSV")
    truncated = tmp_path / "5.export.CSV.zip"
    truncated.write_bytes(zipped.read_bytes()[:60])
    s = gdelt.ingest(store, [tmp_path])
    status = {Path(f.source).name: f.status for f in s.files}
    assert status == {"1.CSV": "ingested", "2.CSV": "failed", "3.CSV": "failed", "4.export.CSV.zip": "ingested",
                      "5.export.CSV.zip": "failed"}
    msgs = {Path(f.source).name: f.message for f in s.failed}
    assert "16" in msgs["2.CSV"] and "empty" in msgs["3.CSV"] and "zip" in msgs["5.export.CSV.zip"]
    assert counts(store)["events_raw"] == 2 and counts(store)["ingest_ledger"] == 2


def test_exception_midway_rolls_back_the_file(tmp_path, store, monkeypatch):
    files = [write(tmp_path / f"{i}.CSV", [event("UKR", "BLR", "040", quad=1, gold=i) for _ in range(3)]
                   + ["garbage row"]) for i in range(3)]
    from dyadwatch.sources.event_frames import FrameFinaliser

    real = FrameFinaliser.add  # the unfiltered path's step to the lake
    calls = []

    def crashing(tx, *a, **kw):
        out = real(tx, *a, **kw)  # rows are written…
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("simulated crash")  # …and the process dies before the commit
        return out

    monkeypatch.setattr(FrameFinaliser, "add", crashing)
    with pytest.raises(RuntimeError):
        gdelt.ingest(store, files)
    assert counts(store) == {"events_raw": 3, "quarantine": 1, "ingest_ledger": 1}
    monkeypatch.setattr(FrameFinaliser, "add", real)
    s = gdelt.ingest(store, files)
    assert [f.status for f in s.files] == ["skipped", "ingested", "ingested"]
    assert counts(store) == {"events_raw": 9, "quarantine": 3, "ingest_ledger": 3}


def test_kill_midway_leaves_a_consistent_store(tmp_path):
    """A process killed (os._exit, no cleanup) inside a file's transaction: on reopening, the store holds
    exactly the files committed before, and a rerun completes."""
    files = [write(tmp_path / f"{i}.CSV", [event("UKR", "BLR", "040", quad=1, gold=1) for _ in range(50)])
             for i in range(3)]
    db = tmp_path / "kill.duckdb"
    script = textwrap.dedent(f"""
        import os
        from dyadwatch.store import open_store
        from dyadwatch.sources import gdelt
        from dyadwatch.sources.event_frames import FrameFinaliser
        from dyadwatch.store.lake_frames import FrameWriter
        real, n = FrameWriter.close, []
        def dying(self, *a, **kw):
            out = real(self, *a, **kw)  # the second file's part files are renamed into place and catalogued
            n.append(1)
            if len(n) == 2:
                os._exit(9)             # …and the process dies before the commit
            return out
        FrameWriter.close = dying
        gdelt.ingest(open_store({str(db)!r}), {[str(f) for f in files]!r})
    """)
    proc = subprocess.run([sys.executable, "-c", script], env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin"},
                          capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    from dyadwatch.store import open_store
    with open_store(db) as st:
        assert counts(st) == {"events_raw": 50, "quarantine": 0, "ingest_ledger": 1}
        from dyadwatch.store import lake
        on_disk = sorted(p.relative_to(lake.root(st)).as_posix() for p in lake.root(st).rglob("*.parquet"))
        assert on_disk == lake.visible(st)  # the uncommitted file's part file was swept on opening
        s = gdelt.ingest(st, files)
        assert [f.status for f in s.files] == ["skipped", "ingested", "ingested"]
        assert counts(st)["events_raw"] == 150


def test_folder_of_zips_and_plain_files(tmp_path, store):
    write(tmp_path / "in" / "20220101.export.CSV.zip", [event("UKR", "BLR", "040", quad=1, gold=1)],
          zip_name="20220101.export.CSV")
    write(tmp_path / "in" / "20220102.export.CSV", [event("BLR", "UKR", "040", quad=1, gold=1)])
    (tmp_path / "in" / "README.md").write_text("not data")
    s = gdelt.ingest(store, [tmp_path / "in"])
    assert [Path(f.source).name for f in s.files] == ["20220101.export.CSV.zip", "20220102.export.CSV"]
    assert s.total("rows_kept") == 2
    with zipfile.ZipFile(tmp_path / "in" / "20220101.export.CSV.zip") as zf:
        assert zf.namelist() == ["20220101.export.CSV"]


def test_missing_path_is_an_input_error(tmp_path, store):
    from dyadwatch.errors import InputError
    with pytest.raises(InputError, match="no such file"):
        gdelt.ingest(store, [tmp_path / "nope.CSV"])


# --- URLs ------------------------------------------------------------------------------------------------
@pytest.fixture
def http_dir(tmp_path):
    root = tmp_path / "www"
    root.mkdir()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(root), **kw)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_ingest_from_url(http_dir, tmp_path, store, monkeypatch):
    root, base = http_dir
    monkeypatch.setenv("DYADWATCH_CACHE", str(tmp_path / "cache"))
    write(root / "20220224.export.CSV.zip", [event("UKR", "BLR", "190", quad=4, gold=-10)] * 1,
          zip_name="20220224.export.CSV")
    s = gdelt.ingest(store, [f"{base}/20220224.export.CSV.zip", f"{base}/20221110.export.CSV.zip"])
    assert [f.status for f in s.files] == ["ingested", "failed"]
    assert "404" in s.failed[0].message
    assert (tmp_path / "cache" / "gdelt" / "20220224.export.CSV.zip").is_file()
    assert not list((tmp_path / "cache" / "gdelt").glob(".part-*"))
    again = gdelt.ingest(store, [f"{base}/20220224.export.CSV.zip"])
    assert [f.status for f in again.files] == ["skipped"]


# --- volume --------------------------------------------------------------------------------------------------
def test_volume_files(shared_data, tmp_path, store):
    head = shared_data / "gdelt" / "normfiles_daily_country_head.csv"
    lines = [line.strip().split(",") for line in open(head) if line.strip()]
    s = gdelt.ingest_volume(store, [head])
    assert s.total("rows_read") == len(lines)
    # every row with a FIPS code the crosswalk knows is kept, as ISO3
    from dyadwatch.countries import lookup
    from dyadwatch.errors import DyadwatchError
    known = 0
    for d, fips, total in lines:
        try:
            lookup(fips, "fips")
            known += 1
        except DyadwatchError:
            pass
    assert s.total("rows_kept") == known == store.scalar("SELECT count(*) FROM events_volume")
    row_af = store.query("SELECT country, total FROM events_volume WHERE fips = 'AF'")
    assert row_af == [{"country": "AFG", "total": 699}]


def test_volume_bad_rows_quarantined(tmp_path, store):
    f = tmp_path / "daily_country.csv"
    f.write_text("20220224,UP,1200\n20220224,BO,300\nbad,UP,1\n20220225,UP,many\n")
    s = gdelt.ingest_volume(store, [f])
    assert (s.total("rows_kept"), s.total("rows_quarantined")) == (2, 2)
    assert {r["line"] for r in store.query("SELECT line FROM quarantine")} == {3, 4}
    assert dict((r["country"], r["total"]) for r in store.query("SELECT country, total FROM events_volume")) == \
        {"UKR": 1200, "BLR": 300}


def test_dyad_argument_accepts_a_dyad(tmp_path, store):
    f = write(tmp_path / "a.CSV", [event("UKR", "BLR", "040", quad=1, gold=1), event("USA", "FRA", "040", quad=1,
                                                                                     gold=1, loc="FR")])
    s = gdelt.ingest(store, [f], dyad=Dyad("UKR", "BLR"))
    assert s.total("rows_kept") == 1
    # the same file under another filter is another ingest (the filter is part of the ledger key)
    s2 = gdelt.ingest(store, [f])
    assert (s2.total("rows_kept"), s2.total("rows_duplicate")) == (1, 1)


@pytest.mark.parametrize("dyad", [None, "UKR-BLR"])
def test_line_numbers_in_a_large_file(tmp_path, store, dyad):
    """DuckDB reads big files in parallel: `line` must still be the file's line (GLOBALEVENTID = line here),
    also after rows it rejected."""
    template = event("UKR", "BLR", "040", quad=1, gold=1, url="https://news.example/" + "x" * 150).split("\t")
    n, bad_lines = 200_000, {77_777, 150_001}
    with open(tmp_path / "big.CSV", "w") as f:
        for i in range(1, n + 1):
            template[0] = str(i)
            f.write("\t".join(template) + ("\tsurplus" if i in bad_lines else "") + "\n")
    assert (tmp_path / "big.CSV").stat().st_size > 40e6
    s = gdelt.ingest(store, [tmp_path / "big.CSV"], dyad=dyad)
    assert s.total("rows_kept") == n - len(bad_lines)
    assert {r["line"] for r in store.query("SELECT line FROM quarantine")} == bad_lines
    assert store.scalar("SELECT count(*) FROM events_raw WHERE line <> CAST(event_id AS BIGINT)") == 0


def test_filtered_ingest_validates_the_rows_it_keeps(tmp_path, store):
    """With --dyad (and dates), malformed rows touching the dyad are quarantined; malformed rows outside
    it, of any kind (a wrong width too), count as outside the filter."""
    lines = [
        event("UKR", "BLR", "040", quad=1, gold=1),                                   # 1 kept
        event("UKR", "BLR", "040", quad=9, gold=1),                                   # 2 bad, in the dyad
        event("USA", "FRA", "040", quad=9, gold=1, loc="FR"),                         # 3 bad, outside
        "\t".join(event("USA", "FRA", "040", quad=1, gold=1, loc="FR").split("\t")[:30]),  # 4 short, outside
        event("BLR", "UKR", "040", quad=1, gold=1, date="2022-01-15"),                # 5 bad date, in the dyad
        event("BLR", "UKR", "040", quad=1, gold=1, date="20210101"),                  # 6 before --from
    ]
    s = gdelt.ingest(store, [write(tmp_path / "f.CSV", lines)], dyad="UKR-BLR", date_from="2022-01-01")
    assert {r["line"] for r in store.query("SELECT line FROM quarantine")} == {2, 5}
    assert (s.total("rows_kept"), s.total("rows_quarantined"), s.total("rows_filtered")) == (1, 2, 3)


def test_memory_is_bounded_while_ingesting(tmp_path, store, monkeypatch):
    """The DuckDB memory limit (DYADWATCH_MEMORY_LIMIT) holds during the ingest and is restored after;
    DuckDB's progress bar, which prints to stdout, is off."""
    monkeypatch.setenv("DYADWATCH_MEMORY_LIMIT", "300MB")
    before = store.scalar("SELECT current_setting('memory_limit')")
    seen = []
    real = gdelt.load_file

    def spy(tx, item):
        seen.append((tx.scalar("SELECT current_setting('memory_limit')"),
                     tx.scalar("SELECT current_setting('enable_progress_bar')")))
        return real(tx, item)

    from dyadwatch.sources import ingest as ingest_mod
    f = write(tmp_path / "a.CSV", [event("UKR", "BLR", "040", quad=1, gold=1)])
    ingest_mod.ingest_files(store, [f], kind="gdelt", loader=spy)
    assert seen == [("286.1 MiB", False)]
    assert store.scalar("SELECT current_setting('memory_limit')") == before
    monkeypatch.setenv("DYADWATCH_MEMORY_LIMIT", "lots")
    from dyadwatch.errors import InputError
    with pytest.raises(InputError, match="DYADWATCH_MEMORY_LIMIT"):
        gdelt.ingest(store, [f])


def _mixed_file(tmp_path):
    """A 2.0 file with rows inside and outside the dyad, of wrong widths, malformed and duplicated."""
    lines = []
    for i in range(60):
        lines.append(event("UKR", "BLR", "040", quad=1, gold=1, date=f"202201{i % 28 + 1:02d}"))
        lines.append(event("USA", "FRA", "190", quad=4, gold=-10, loc="FR"))
        lines.append(event("RUS", "UKR", "190", quad=4, gold=-10, loc="BO", a1type="MIL"))
    lines[10] = "\t".join(lines[10].split("\t")[:50])            # too few, outside
    lines[11] = lines[11] + "\tsurplus"                           # too many, in the dyad (Russia in Belarus)
    lines[20] = event("UKR", "BLR", "040", quad=5, gold=1)        # bad quad, in the dyad
    lines[21] = event("USA", "FRA", "040", quad=5, gold=1, loc="FR")  # bad quad, outside
    lines[42] = lines[15]                                          # a duplicate event id
    return write(tmp_path / "mixed.export.CSV", lines)


def _snapshot(store):
    rows = store.query("SELECT * EXCLUDE (loaded_at) FROM events_raw ORDER BY line")
    q = store.query("SELECT line, reason, raw FROM quarantine ORDER BY line")
    return rows, q


def _in_dyad(row) -> bool:
    return row["actor1_country"] in ("UKR", "BLR") or row["actor2_country"] in ("UKR", "BLR") or \
        row["action_country"] in ("UKR", "BLR")


def _same_as_unfiltered(tmp_path, f, **kw):
    """The --dyad ingest keeps exactly the unfiltered ingest's rows that touch the dyad, and quarantines the
    unfiltered ingest's bad rows that are candidates (hold a dyad code)."""
    from dyadwatch.store import open_store

    with open_store(tmp_path / "dyad.duckdb") as st:
        fast = gdelt.ingest(st, [f], dyad="UKR-BLR", **kw)
        rows, q = _snapshot(st)
    with open_store(tmp_path / "all.duckdb") as st:
        gdelt.ingest(st, [f], **kw)
        gdelt.ingest(st, [f], dyad="UKR-BLR", **kw)  # its rows are duplicates: nothing new
        all_rows, all_q = _snapshot(st)
        dyad_lines = {r["line"] for r in st.query(
            "SELECT line FROM events_raw WHERE " + gdelt.dyad_sql("actor1_country", "actor2_country",
                                                                  "action_country", "UKR", "BLR")
            # the published codes are compared as published: lower-case 'ukr' is no CAMEO code
            + " AND coalesce(actor1_country_raw, '') = upper(coalesce(actor1_country_raw, ''))"
            + " AND coalesce(actor2_country_raw, '') = upper(coalesce(actor2_country_raw, ''))")}
    strip = lambda rs: [{k: v for k, v in r.items() if k != "file_sha"} for r in rs]  # noqa: E731
    assert strip(rows) == strip([r for r in all_rows if r["line"] in dyad_lines])
    assert {r["line"] for r in q} <= {r["line"] for r in all_q}
    return fast, rows, q


def test_dyad_scan_equals_the_unfiltered_scan(tmp_path):
    fast, rows, q = _same_as_unfiltered(tmp_path, _mixed_file(tmp_path), date_from="2022-01-05")
    assert {r["line"] for r in q} == {12, 21}  # line 11 (too few columns) and 22 (bad quad) lie outside
    assert fast.total("rows_duplicate") == 1 and fast.total("rows_kept") > 50


def test_blank_lines_and_odd_bytes(tmp_path, store):
    text = _mixed_file(tmp_path).read_text()
    blank = tmp_path / "blank.CSV"
    blank.write_text(text.replace("\n", "\n\n", 1))
    s = gdelt.ingest(store, [blank], dyad="UKR-BLR")
    assert s.files[0].status == "ingested" and s.total("rows_kept") > 50
    assert {r["line"] for r in store.query("SELECT line FROM quarantine")} == {13, 22}  # shifted by the blank
    odd = tmp_path / "odd.CSV"
    odd.write_text(text.replace("UKR ACTOR", "UKR\x01\x02ACTOR", 1))
    s = gdelt.ingest(store, [odd], dyad="UKR-BLR")
    assert s.files[0].status == "ingested"


def test_dyad_scan_with_regional_unknown_and_odd_codes(tmp_path):
    """The candidates are the lines holding a dyad code as a whole field: the --dyad ingest must keep
    exactly what the unfiltered ingest holds for the dyad, whatever the codes."""
    lines = [
        event("RUS", "EUR", "190", quad=4, gold=-10, loc="BO"),     # third party in Belarus, region as actor 2
        event("EUR", None, "040", quad=1, gold=1, loc="UP"),        # a region acting in Ukraine: no country
        event("XYZ", "UKR", "040", quad=1, gold=1, loc="BO"),       # unknown code, Ukraine acting in Belarus
        event("ukr", "blr", "040", quad=1, gold=1),                  # lower case: not a CAMEO code
        event("USA", "FRA", "040", quad=1, gold=1, loc="XX"),        # unknown location outside the dyad
        event("UKR", "BLR", "040", quad=1, gold=1, loc="UP"),        # both actors
        event("UKR", "BLR", "040", quad=9, gold=1),                  # bad quad inside the dyad
        event("BLR", "UKR", "040", quad=1, gold=1) + "\textra",      # wrong width inside the dyad
        event("USA", "FRA", "040", quad=1, gold=1, loc="FR"),        # outside
    ]
    fast, rows, q = _same_as_unfiltered(tmp_path, write(tmp_path / "codes.export.CSV", lines))
    assert [r["line"] for r in rows] == [1, 3, 6]
    assert [(r["line"], r["reason"].split(":")[0]) for r in q] == [
        (7, "QuadClass is not 1-4"), (8, "expected 61 columns, found 62")]


def _ledger_test_file(tmp_path):
    return write(tmp_path / "plain.export.CSV", [event("UKR", "BLR", "040", quad=1, gold=1) for _ in range(3)])


def test_hash_alongside_the_load_still_skips_a_known_file(tmp_path, store, monkeypatch):
    """The sha256 is computed while the loader runs: a file already in the ledger must still add nothing,
    whether the loader finishes before the hash (its writes roll back) or runs long (it is interrupted).
    The hash is slowed down so that the loader always starts first."""
    import time

    from dyadwatch.sources import ingest
    from dyadwatch.sources.ingest import Counts, ingest_files

    real_hash = ingest.sha256_and_lines
    monkeypatch.setattr(ingest, "sha256_and_lines", lambda p: time.sleep(0.5) or real_hash(p))

    f = _ledger_test_file(tmp_path)
    store.execute("CREATE TABLE probe (x INTEGER)")

    started = []

    def quick(tx, item):
        started.append(isinstance(item._hashed, tuple))  # False: the hash was not known yet
        tx.execute("INSERT INTO probe VALUES (1)")
        return Counts(rows_read=1, rows_kept=1)

    first = ingest_files(store, [f], kind="probe", loader=quick)
    assert first.files[0].status == "ingested" and store.scalar("SELECT count(*) FROM probe") == 1
    again = ingest_files(store, [f], kind="probe", loader=quick)
    assert again.files[0].status == "skipped" and again.files[0].sha256 == first.files[0].sha256
    assert store.scalar("SELECT count(*) FROM probe") == 1  # the second insert rolled back
    assert started == [False, False]

    def endless(tx, item):  # minutes of work unless interrupted
        tx.execute("INSERT INTO probe VALUES (2)")
        tx.execute("SELECT count(*) FROM range(1000000000000) t(x) WHERE x % 7 = 3").fetchall()
        raise AssertionError("the load of a known file was not interrupted")

    t = time.perf_counter()
    third = ingest_files(store, [f], kind="probe", loader=endless)
    assert third.files[0].status == "skipped", third.files[0].message
    assert time.perf_counter() - t < 30
    assert store.scalar("SELECT count(*) FROM probe") == 1
    assert store.scalar("SELECT count(*) FROM ingest_ledger") == 1
    # the store is usable afterwards (no transaction left open or aborted)
    store.execute("INSERT INTO probe VALUES (3)")
    assert store.scalar("SELECT count(*) FROM probe") == 2


def test_a_failing_load_reports_the_hash(tmp_path, store):
    from dyadwatch.errors import FormatError
    from dyadwatch.sources.ingest import ingest_files, sha256_and_lines

    f = _ledger_test_file(tmp_path)

    def broken(tx, item):
        raise FormatError("no good", file=item.source)

    s = ingest_files(store, [f], kind="probe", loader=broken)
    assert s.files[0].status == "failed" and "no good" in s.files[0].message
    assert s.files[0].sha256 == sha256_and_lines(f)[0]
    assert store.scalar("SELECT count(*) FROM ingest_ledger") == 0


def test_known_file_inside_a_callers_transaction(tmp_path, store, monkeypatch):
    """Called inside an open transaction, a known file is still skipped, nothing of it is loaded (the hash
    comes first there, even when it is slow) and the caller's work survives."""
    import time

    from dyadwatch.sources import ingest

    f = write(tmp_path / "withbad.export.CSV", [event("UKR", "BLR", "040", quad=1, gold=1), "not a gdelt row"])
    real_hash = ingest.sha256_and_lines
    monkeypatch.setattr(ingest, "sha256_and_lines", lambda p: time.sleep(0.3) or real_hash(p))
    gdelt.ingest(store, [f])
    before = counts(store)
    with store.transaction() as tx:
        tx.execute("CREATE TABLE mine (x INTEGER)")
        tx.execute("INSERT INTO mine VALUES (7)")
        again = gdelt.ingest(store, [f])
        assert [x.status for x in again.files] == ["skipped"]
    assert store.scalar("SELECT x FROM mine") == 7
    assert counts(store) == before


# --- one bad value quarantines its row, never the file (issue 12; issue 16 defect 4) --------------------
BAD_VALUES = {
    "nan": (dict(GoldsteinScale="nan"), "GoldsteinScale is not a finite number: nan"),
    "inf": (dict(NumMentions="inf"), "NumMentions is not an integer (32-bit): inf"),
    "-inf tone": (dict(AvgTone="-inf"), "AvgTone is not a finite number: -inf"),
    "overflowing integer": (dict(NumArticles="99999999999999999999999"),
                            "NumArticles is not an integer (32-bit): 99999999999999999999999"),
    "overflowing 32-bit": (dict(NumSources="3000000000"), "NumSources is not an integer (32-bit): 3000000000"),
    "overflowing event id": (dict(GLOBALEVENTID="1e30"), "GLOBALEVENTID is not an integer: 1e30"),
    "nan latitude": (dict(ActionGeo_Lat="NaN"), "ActionGeo_Lat is not a finite number: NaN"),
    "lone carriage return": (dict(ActionGeo_FullName="Ki\ryiv"), "a lone carriage return (\\r) inside the row"),
    "NUL byte": (dict(Actor1Name="UKR\x00ACTOR"), "a NUL byte (or SUB control character) inside the row"),
}


@pytest.mark.parametrize("dyad", [None, "UKR-BLR"])
@pytest.mark.parametrize("kind", list(BAD_VALUES))
def test_one_bad_value_quarantines_its_row(tmp_path, store, kind, dyad):
    fields, reason = BAD_VALUES[kind]
    lines = [event("UKR", "BLR", "040", quad=1, gold=1, loc="UP") for _ in range(5)]
    lines[2] = event("UKR", "BLR", "040", quad=1, gold=1, loc="UP", **fields)
    s = gdelt.ingest(store, [write(tmp_path / "f.CSV", lines)], dyad=dyad)
    assert s.files[0].status == "ingested", s.files[0].message
    q = store.query("SELECT line, reason, raw FROM quarantine")
    assert [(r["line"], r["reason"]) for r in q] == [(3, reason)]
    assert q[0]["raw"] == lines[2].replace("\x00", "\x1a")  # the reader's separator, shown as SUB
    assert (s.total("rows_kept"), s.total("rows_quarantined")) == (4, 1)
    assert sorted(r["line"] for r in store.query("SELECT line FROM events_raw")) == [1, 2, 4, 5]


@pytest.mark.parametrize("dyad", [None, "UKR-BLR"])
def test_latin1_line_is_read_with_a_note(tmp_path, store, dyad):
    lines = [event("UKR", "BLR", "040", quad=1, gold=1, loc="UP") for _ in range(4)]
    f = tmp_path / "enc.CSV"
    data = "".join(x + "\n" for x in lines).encode()
    f.write_bytes(data.replace(b"Place in UP", b"Place in UP \xe9t\xe9", 1))  # line 1: latin-1 'été'
    s = gdelt.ingest(store, [f], dyad=dyad)
    assert s.total("rows_kept") == 4 and s.total("rows_quarantined") == 0
    assert store.scalar("SELECT action_name FROM events_raw WHERE line = 1") == "Place in UP été"
    assert "1 line(s) not UTF-8, read as latin-1 (line 1)" in store.scalar("SELECT note FROM ingest_ledger")


@pytest.mark.parametrize("dyad", [None, "UKR-BLR"])
def test_undecodable_line_is_quarantined_naming_the_encoding(tmp_path, store, dyad):
    lines = [event("UKR", "BLR", "040", quad=1, gold=1, loc="UP") for _ in range(4)]
    f = tmp_path / "enc.CSV"
    data = "".join(x + "\n" for x in lines).encode()
    head, sep, tail = data.partition(b"\n")
    f.write_bytes(head + sep + tail.replace(b"Place in UP", b"Place in UP \x81\x9d", 1))  # line 2
    s = gdelt.ingest(store, [f], dyad=dyad)
    assert s.files[0].status == "ingested"
    q = store.query("SELECT line, reason FROM quarantine")
    assert [r["line"] for r in q] == [2] and "not UTF-8" in q[0]["reason"] and "latin-1" in q[0]["reason"]
    assert s.total("rows_kept") == 3


def test_known_file_found_by_its_cheap_key(tmp_path, store, monkeypatch):
    """A file already ingested is found by (size, mtime, inode) and confirmed by its content hash: no load;
    a file changed in place (same size) is hashed, found new, and loaded."""
    import os

    f = write(tmp_path / "k.CSV", [event("UKR", "BLR", "040", quad=1, gold=1) for _ in range(3)])
    first = gdelt.ingest(store, [f])
    assert store.scalar("SELECT count(*) FROM ingest_file_keys") == 1
    loads = []
    real = gdelt.load_file
    monkeypatch.setattr(gdelt, "load_file", lambda tx, item: loads.append(1) or real(tx, item))
    again = gdelt.ingest(store, [f])
    assert again.files[0].status == "skipped" and loads == []
    assert again.files[0].sha256 == first.files[0].sha256 and first.files[0].sha256.startswith("xxh3:")
    st = f.stat()
    f.write_bytes(f.read_bytes().replace(b"20220115", b"20220116", 1))  # same size, same mtime: new content
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    changed = gdelt.ingest(store, [f])
    assert changed.files[0].status == "ingested" and loads == [1]


@pytest.mark.parametrize("dyad", [None, "UKR-BLR"])
def test_small_chunks_keep_lines_hash_and_encodings(tmp_path, store, monkeypatch, dyad):
    """Chunk boundaries (and a line longer than a chunk) change nothing: line numbers, the hash, the line
    count and the latin-1 line in a later chunk are those of a one-chunk read."""
    from dyadwatch.sources import gdelt_chunks, gdelt_lines, gdelt_scan

    lines = [event("UKR", "BLR", "040", quad=1, gold=1, loc="UP") for _ in range(40)]
    lines[25] = event("UKR", "BLR", "040", quad=1, gold=1, loc="UP", ActionGeo_FullName="x" * 5000)
    lines[30] = event("UKR", "BLR", "040", quad=1, gold=1, loc="UP", ActionGeo_FullName="Minsk")
    data = "".join(x + "\n" for x in lines).encode().replace(b"Minsk", b"M\xeensk")  # latin-1 on line 31
    f = tmp_path / "chunks.CSV"
    f.write_bytes(data + b"\n" + lines[0].replace("UKR ACTOR", "UKR ACTOR 2").encode())  # blank, no newline
    monkeypatch.setattr(gdelt_lines, "SCAN_CHUNK", 1000)
    monkeypatch.setattr(gdelt_lines, "chunk_for_limit", lambda limit: 1000)
    sizes = []
    mod, name = (gdelt_chunks, "chunks") if dyad is None else (gdelt_scan, "scan")  # the chunk reader, the pre-scan
    real = getattr(mod, name)
    monkeypatch.setattr(mod, name, lambda *a, **kw: sizes.append(kw["chunk_bytes"]) or real(*a, **kw))
    s = gdelt.ingest(store, [f], dyad=dyad)
    assert (s.total("rows_read"), s.total("rows_kept"), s.total("rows_duplicate")) == (42, 40, 1)  # 42: line 1's id
    assert s.files[0].sha256 == gdelt_lines.fast_hash_and_lines(f)[0]
    assert store.scalar("SELECT line FROM events_raw WHERE action_name = 'Mînsk'") == 31
    assert store.scalar("SELECT count(*) FROM quarantine") == 0
    assert "1 line(s) not UTF-8, read as latin-1 (line 31)" in store.scalar("SELECT note FROM ingest_ledger")
    assert sorted(r["line"] for r in store.query("SELECT line FROM events_raw")) == list(range(1, 41))
    assert sizes[0] <= 1000  # the chunks were small (a line of 5,000 characters is longer than one)


def test_scan_chunk_follows_the_memory_limit(tmp_path, store, monkeypatch):
    from dyadwatch.sources import gdelt_chunks, gdelt_lines, gdelt_scan

    assert gdelt_lines.chunk_for_limit("768MB") == 16 << 20
    assert gdelt_lines.chunk_for_limit("300MB") == int(300 * 2 ** 20 / 48)
    assert gdelt_lines.chunk_for_limit("10MB") == 1 << 20 and gdelt_lines.chunk_for_limit("x") == 16 << 20
    seen = []
    real, real_scan = gdelt_chunks.chunks, gdelt_scan.scan
    monkeypatch.setattr(gdelt_chunks, "chunks", lambda *a, **kw: seen.append(kw["chunk_bytes"]) or real(*a, **kw))
    monkeypatch.setattr(gdelt_scan, "scan", lambda *a, **kw: seen.append(kw["chunk_bytes"]) or real_scan(*a, **kw))
    monkeypatch.setenv("DYADWATCH_MEMORY_LIMIT", "96MB")
    gdelt.ingest(store, [write(tmp_path / "m.CSV", [event("UKR", "BLR", "040", quad=1, gold=1)])], dyad="UKR-BLR")
    gdelt.ingest(store, [write(tmp_path / "n.CSV", [event("UKR", "BLR", "040", quad=1, gold=1)])])
    assert seen == [2 << 20, 2 << 20]


def test_dyad_candidates_in_slices_give_the_same_rows(tmp_path, store, store_path, monkeypatch):
    """--dyad splits and writes the candidate lines in slices (bounded memory at a high dyad share): with
    slices of 2 lines, the kept rows, duplicates across slices, quarantined lines and outside counts are
    those of one slice."""
    from dyadwatch.store import open_store

    lines = [event("UKR", "BLR", "040", quad=1, gold=1, GLOBALEVENTID=1),
             event("USA", "FRA", "040", quad=1, gold=1, loc="FR", GLOBALEVENTID=2),     # outside, not a candidate
             event("UKR", "BLR", "040", quad=9, gold=1, GLOBALEVENTID=3),               # bad, in the dyad
             event("RUS", "UKR", "190", quad=4, gold=-10, loc="BO", GLOBALEVENTID=4),   # third party in BLR
             event("BLR", "UKR", "040", quad=1, gold=1, GLOBALEVENTID=5, date="20211203"),
             event("UKR", "BLR", "040", quad=1, gold=1, GLOBALEVENTID=1),               # id 1 again: a duplicate
             event("USA", "FRA", "040", quad=1, gold=1, loc="UP", GLOBALEVENTID=7)]     # a third party in UKR: kept
    f = write(tmp_path / "f.CSV", lines)
    one = gdelt.ingest(store, [f], dyad="UKR-BLR")
    want = store.query("SELECT * EXCLUDE (loaded_at) FROM events_raw ORDER BY line")
    monkeypatch.setattr(gdelt, "DYAD_SLICE", 2)
    # and the candidates handed over during the scan in slices of 2 lines, from chunks of a line or two
    from dyadwatch.sources import gdelt_scan

    monkeypatch.setattr(gdelt_scan, "SLICE_LINES", 2)
    monkeypatch.setattr(gdelt_scan, "CHUNK", 700)
    handed = []
    real_fields = gdelt_scan.fields
    monkeypatch.setattr(gdelt_scan, "fields", lambda lines, *a: handed.append(lines.height) or real_fields(lines, *a))
    with open_store(tmp_path / "sliced.duckdb") as st:
        sliced = gdelt.ingest(st, [f], dyad="UKR-BLR")
        assert st.query("SELECT * EXCLUDE (loaded_at) FROM events_raw ORDER BY line") == want
        assert [r["line"] for r in st.query("SELECT line FROM quarantine")] == [3]
    assert len(handed) >= 2 and sum(handed) == 6  # every candidate once, in more than one slice
    keys = ("rows_kept", "rows_duplicate", "rows_quarantined", "rows_filtered")
    assert [sliced.total(k) for k in keys] == [one.total(k) for k in keys] == [4, 1, 1, 1]


def test_ingest_after_an_ibis_query_on_the_same_store(tmp_path):
    """Ibis switches DuckDB's replacement scans off on the connection it uses; the staged rows of a later
    ingest in the same process reach DuckDB through one, and were "not found" (found by the Spark parity test)."""
    from dyadwatch.realms import events as ev
    from dyadwatch.store import open_store

    st = open_store(tmp_path / "s.duckdb")
    first = [event("UKR", "BLR", "190", quad=4, gold=-10.0, date="20220215", loc="UP",
                   url=f"https://a.example/{i}", GLOBALEVENTID=1000 + i) for i in range(20)]
    assert gdelt.ingest(st, [write(tmp_path / "20220301.export.CSV", first)]).total("rows_kept") == 20
    assert ev.top(st, "UKR", "BLR", period="2022-02", n=5, engine="duckdb")
    later = [event("BLR", "UKR", "190", quad=4, gold=-10.0, date="20220216", loc="BO",
                   url=f"https://b.example/{i}", GLOBALEVENTID=5000 + i) for i in range(7)]
    s = gdelt.ingest(st, [write(tmp_path / "20220302.export.CSV", later)])
    assert s.total("rows_kept") == 7, s.files[0].message
    assert st.scalar("SELECT current_setting('python_enable_replacements')") is False  # Ibis's choice kept
    st.close()


def test_a_copy_of_a_known_file_under_dyad_is_skipped_before_its_rows_are_written(tmp_path, store, monkeypatch):
    """A copy under another name (another cheap key) is hashed first and found in the ledger: none of its
    candidate rows is written or quarantined (a slice may have been split and checked before the hash was
    known; the lake writer never runs)."""
    import shutil

    from dyadwatch.sources import gdelt_typed

    f = write(tmp_path / "20220301.export.CSV",
              [event("UKR", "BLR", "040", quad=1, gold=1, GLOBALEVENTID=700 + i) for i in range(5)])
    assert gdelt.ingest(store, [f], dyad="UKR-BLR").total("rows_kept") == 5
    from dyadwatch.store import lake_frames

    typed, written = [], []
    real, real_add = gdelt_typed.check_and_type, lake_frames.FrameWriter.add
    monkeypatch.setattr(gdelt_typed, "check_and_type", lambda *a, **k: typed.append(1) or real(*a, **k))
    monkeypatch.setattr(lake_frames.FrameWriter, "add", lambda *a, **k: written.append(1) or real_add(*a, **k))
    files_before = store.scalar("SELECT count(*) FROM event_files")
    copy = shutil.copy(f, tmp_path / "copy.export.CSV")
    again = gdelt.ingest(store, [copy], dyad="UKR-BLR")
    assert [x.status for x in again.files] == ["skipped"] and len(typed) <= 1 and written == []
    assert store.scalar("SELECT count(*) FROM event_files") == files_before
    assert store.scalar("SELECT count(*) FROM quarantine") == 0
    assert store.scalar("SELECT count(*) FROM events_raw") == 5


def test_dyad_rows_reach_the_lake_while_the_scan_runs(tmp_path, store, monkeypatch):
    """--dyad takes the file's hash first (on its own thread), so each slice of candidates is checked,
    quarantined and handed to the lake writer while the scan still reads: at no time are more than a
    batch of typed rows held (memory flat in the number of dyad rows), and the counts are those of one
    pass. A writer that fails mid-scan fails the file with nothing visible."""
    from dyadwatch.sources import gdelt_scan
    from dyadwatch.store import lake_frames

    monkeypatch.setattr(gdelt_scan, "SLICE_LINES", 3)
    monkeypatch.setattr(gdelt_scan, "CHUNK", 900)
    monkeypatch.setattr(gdelt, "DYAD_SLICE", 3)
    lines = [event("UKR", "BLR", "040", quad=1, gold=1, GLOBALEVENTID=100 + i) for i in range(20)]
    lines[7] = event("UKR", "BLR", "040", quad=9, gold=1, GLOBALEVENTID=107)  # quarantined
    f = write(tmp_path / "s.CSV", lines)
    scanning, during, held = [False], [], []
    real_scan, real_add, real_settle = gdelt_scan.scan, lake_frames.FrameWriter.add, gdelt._Load.settle

    def scan(*a, **k):
        scanning[0] = True
        try:
            return real_scan(*a, **k)
        finally:
            scanning[0] = False

    def settle(self, *a, **k):
        real_settle(self, *a, **k)
        held.append(sum(p.height for p in self.pending))

    monkeypatch.setattr(gdelt_scan, "scan", scan)
    monkeypatch.setattr(gdelt._Load, "settle", settle)
    monkeypatch.setattr(lake_frames.FrameWriter, "add", lambda s, fr: during.append(scanning[0]) or real_add(s, fr))
    got = gdelt.ingest(store, [f], dyad="UKR-BLR")
    assert [got.total(k) for k in ("rows_read", "rows_kept", "rows_quarantined")] == [20, 19, 1]
    assert during.count(True) >= 3  # written batch by batch while the scan ran
    assert max(held) < 3  # a full batch goes to the writer at once: typed rows never pile up
    assert store.scalar("SELECT count(*) FROM events_raw") == 19
    assert store.scalar("SELECT count(*) FROM quarantine") == 1

    def fail(s, fr):
        if len(during) > 2:
            from dyadwatch.errors import FormatError

            raise FormatError("disk full")
        during.append(True)
        return real_add(s, fr)

    during.clear()
    monkeypatch.setattr(lake_frames.FrameWriter, "add", fail)
    g = write(tmp_path / "t.CSV", [event("BLR", "UKR", "040", quad=1, gold=1, GLOBALEVENTID=500 + i)
                                   for i in range(20)])
    before = counts(store)
    bad = gdelt.ingest(store, [g], dyad="UKR-BLR")
    assert [x.status for x in bad.files] == ["failed"] and "disk full" in (bad.files[0].message or "")
    assert counts(store) == before
    from dyadwatch.store import lake

    on_disk = [p for p in lake.root(store).rglob("*.parquet") if ".tmp" not in p.parts]
    assert len(on_disk) == store.scalar("SELECT count(*) FROM event_files")  # no part file of the failed one
    assert not list((lake.root(store) / ".tmp").rglob("*.parquet"))
    assert lake.check(store) == ([], [])


def test_the_scan_of_a_copy_of_a_known_file_stops_once_its_hash_is_found(tmp_path, store, monkeypatch):
    """--dyad hashes the file first: a copy of a known file under a new name is not read to the end."""
    import shutil
    import time

    from dyadwatch.sources import gdelt_scan

    f = write(tmp_path / "20220301.export.CSV",
              [event("UKR", "BLR", "040", quad=1, gold=1, GLOBALEVENTID=900 + i) for i in range(200)])
    assert gdelt.ingest(store, [f], dyad="UKR-BLR").total("rows_kept") == 200
    monkeypatch.setattr(gdelt_scan, "CHUNK", 400)  # two lines a chunk: about a hundred chunks
    searched, real = [], gdelt_scan._search_chunk

    def slow(*a):
        time.sleep(0.02)  # the hash and the ledger look-up finish long before the scan could
        searched.append(1)
        return real(*a)

    monkeypatch.setattr(gdelt_scan, "_search_chunk", slow)
    before = counts(store)
    again = gdelt.ingest(store, [shutil.copy(f, tmp_path / "copy.export.CSV")], dyad="UKR-BLR")
    assert [x.status for x in again.files] == ["skipped"] and counts(store) == before
    whole = []
    monkeypatch.setattr(gdelt_scan, "_search_chunk", lambda *a: whole.append(1) or real(*a))
    gdelt_scan.scan(f, *gdelt_scan.needles(Dyad.parse("UKR-BLR")), chunk_bytes=400)
    assert len(whole) > 50 and len(searched) < len(whole) // 2


def test_a_small_file_under_dyad_makes_one_batch_of_part_files(tmp_path, store, monkeypatch):
    """A file smaller than the scan's last stretch (as GDELT's 15-minute exports are) goes to the lake in
    one batch however many slices its candidates make; a larger file sends its rows so far to the writer
    on entering the last stretch."""
    from dyadwatch.sources import gdelt_scan
    from dyadwatch.store import lake_frames

    monkeypatch.setattr(gdelt_scan, "SLICE_LINES", 4)
    monkeypatch.setattr(gdelt_scan, "END_SLICE_LINES", 4)
    monkeypatch.setattr(gdelt_scan, "CHUNK", 1000)
    batches, real = [], lake_frames.FrameWriter.add
    monkeypatch.setattr(lake_frames.FrameWriter, "add", lambda s, fr: batches.append(fr.height) or real(s, fr))
    rows = [event("UKR", "BLR", "040", quad=1, gold=1, GLOBALEVENTID=1000 + i) for i in range(30)]
    assert gdelt.ingest(store, [write(tmp_path / "small.CSV", rows)], dyad="UKR-BLR").total("rows_kept") == 30
    assert batches == [30]
    batches.clear()
    monkeypatch.setattr(gdelt_scan, "END_BYTES", 3000)  # the last stretch: the last few lines
    rows = [event("BLR", "UKR", "040", quad=1, gold=1, GLOBALEVENTID=2000 + i) for i in range(30)]
    assert gdelt.ingest(store, [write(tmp_path / "large.CSV", rows)], dyad="UKR-BLR").total("rows_kept") == 30
    assert len(batches) == 2 and sum(batches) == 30 and batches[1] < 30
