"""`dyadwatch ingest gdelt`, `dyadwatch events series|top` (and `events list` still there): output,
JSON contract, exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gdelt_rows import event, write

from dyadwatch.cli import main

CONTRACT = {"period", "realm", "direction", "n_events", "verbal_coop", "material_coop", "verbal_conflict",
            "material_conflict", "goldstein_sum", "goldstein_mean", "ccb", "rate_per_10k"}
FIXTURE = Path(__file__).parent / "fixtures" / "curated" / "mini.yaml"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def files(tmp_path):
    a = write(tmp_path / "20220224.export.CSV", [
        event("UKR", "BLR", "042", quad=1, gold=1.9, date="20220210", mentions=3),
        event("BLR", "UKR", "111", quad=3, gold=-2.0, date="20220224", mentions=12, url="https://news.example/x"),
        event("RUS", "UKR", "190", quad=4, gold=-10, date="20220224", loc="BO", mentions=40),
        event("USA", "FRA", "040", quad=1, gold=1, date="20220224", loc="FR"),
        "a broken row",
    ])
    b = write(tmp_path / "20220301.export.CSV", [event("UKR", "BLR", "111", quad=3, gold=-2, date="20220301")])
    return a, b


def test_ingest_summary_line(capsys, files, store_path):
    code, out, err = run(capsys, "ingest", "gdelt", *files, "--store", store_path, "--no-progress")
    assert code == 0, err
    assert "rows read 6, kept 5, quarantined 1, duplicates 0" in out
    code, out, _ = run(capsys, "ingest", "gdelt", files[0], "--store", store_path)
    assert code == 0 and "1 already in the store" in out and "kept 0" in out


def test_ingest_json_and_dyad(capsys, files, store_path):
    code, out, _ = run(capsys, "ingest", "gdelt", files[0], "--dyad", "UKR-BLR", "--store", store_path, "--json")
    data = json.loads(out)
    assert code == 0
    # "a broken row" holds no dyad code: under --dyad it is outside the filter, not quarantined
    assert data["totals"] == {"rows_read": 5, "rows_kept": 3, "rows_quarantined": 0, "rows_duplicate": 0,
                              "rows_filtered": 2}
    assert data["files"][0]["status"] == "ingested" and data["files"][0]["sha256"]
    assert data["summary"].startswith("gdelt: 1 file(s)")


def test_ingest_date_filter_and_errors(capsys, files, store_path, tmp_path):
    code, out, _ = run(capsys, "ingest", "gdelt", *files, "--from", "2022-02-24", "--to", "2022-02-28",
                       "--store", store_path, "--json")
    assert code == 0 and json.loads(out)["totals"]["rows_kept"] == 3
    code, _, err = run(capsys, "ingest", "gdelt", files[0], "--from", "24/02/2022", "--store", store_path)
    assert code == 2 and "--from" in err
    code, _, err = run(capsys, "ingest", "gdelt", tmp_path / "missing.CSV", "--store", store_path)
    assert code == 2 and "missing.CSV" in err
    bad = tmp_path / "mentions.CSV"
    bad.write_text("\t".join(["1"] * 16) + "\n")
    code, out, err = run(capsys, "ingest", "gdelt", bad, "--store", store_path)
    assert code == 4 and "mentions.CSV" in err and "16" in err and "1 failed" in out
    code, _, err = run(capsys, "ingest", "gdelt", files[0], "--dyad", "UKR-XXX", "--store", store_path)
    assert code == 2 and "XXX" in err


def test_series_json_contract(capsys, files, store_path):
    run(capsys, "ingest", "gdelt", *files, "--store", store_path)
    code, out, _ = run(capsys, "events", "series", "UKR", "BLR", "--freq", "month", "--json", "--store", store_path)
    assert code == 0
    rows = json.loads(out)
    assert rows and all(CONTRACT <= set(r) for r in rows)
    feb = {(r["realm"], r["direction"]): r for r in rows if r["period"] == "2022-02"}
    assert feb[("all", "undirected")]["n_events"] == 2
    assert feb[("all", "undirected")]["ccb"] == 0.0
    assert feb[("all", "in-BLR")]["material_conflict"] == 1
    assert feb[("security", "in-BLR")]["goldstein_sum"] == -10
    code, out, _ = run(capsys, "events", "series", "UKR", "BLR", "--realm", "political", "--direction", "UKR->BLR",
                       "--json", "--store", store_path)
    rows = json.loads(out)
    assert {(r["realm"], r["direction"]) for r in rows} == {("political", "UKR->BLR")}
    assert [r["period"] for r in rows] == ["2022-02", "2022-03"]


def test_series_table_and_empty_store(capsys, files, store_path):
    code, out, err = run(capsys, "events", "series", "UKR", "BLR", "--store", store_path)
    assert code == 0 and "no event data" in err and "dyadwatch ingest gdelt" in err
    run(capsys, "ingest", "gdelt", *files, "--store", store_path)
    code, out, _ = run(capsys, "events", "series", "Ukraine", "Belarus", "--freq", "week", "--store", store_path)
    assert code == 0
    header = out.splitlines()[0].split()
    assert header[:4] == ["period", "realm", "direction", "n_events"]
    assert "2022-02-21" in out  # the week of the 24th
    code, _, err = run(capsys, "events", "series", "UKR", "XYZ", "--store", store_path)
    assert code == 2 and "XYZ" in err
    code, _, err = run(capsys, "events", "series", "UKR", "BLR", "--freq", "year", "--store", store_path)
    assert code == 2


def test_top(capsys, files, store_path):
    run(capsys, "ingest", "gdelt", *files, "--store", store_path)
    code, out, _ = run(capsys, "events", "top", "UKR", "BLR", "--period", "2022-02", "--json", "--store", store_path)
    rows = json.loads(out)
    assert code == 0
    assert [r["mentions"] for r in rows] == [40, 12, 3]
    assert rows[1]["sources"] == ["https://news.example/x"]
    assert {"date", "direction", "event_code", "realm", "mentions", "sources", "actor1", "actor2"} <= set(rows[0])
    code, out, _ = run(capsys, "events", "top", "UKR", "BLR", "--period", "2022-02", "-n", "1", "--store", store_path)
    assert code == 0 and "190" in out and "111" not in out.split("\n", 2)[1]
    code, _, err = run(capsys, "events", "top", "UKR", "BLR", "--period", "Feb", "--store", store_path)
    assert code == 2 and "Feb" in err


def test_events_list_still_works(capsys, store_path):
    assert run(capsys, "load", FIXTURE, "--store", store_path)[0] == 0
    code, out, _ = run(capsys, "events", "list", "--dyad", "UKR-BLR", "--json", "--store", store_path)
    assert code == 0 and {e["id"] for e in json.loads(out)} >= {"e-invasion", "e-ambassador"}


def test_help_texts(capsys):
    for args in (["events", "--help"], ["events", "series", "--help"], ["events", "top", "--help"],
                 ["ingest", "gdelt", "--help"]):
        code, out, _ = run(capsys, *args)
        assert code == 0 and "Usage:" in out
    assert "series" in run(capsys, "events", "--help")[1] and "list" in run(capsys, "events", "--help")[1]


def test_ingest_max_lag(capsys, tmp_path, store_path):
    f = write(tmp_path / "lag.CSV", [
        event("UKR", "BLR", "040", quad=1, gold=1, date="20220224", added="20220224093000"),
        event("UKR", "BLR", "040", quad=1, gold=1, date="20220220", added="20220224093000", url="u2"),
        event("UKR", "BLR", "040", quad=1, gold=1, date="20210224", added="20220224093000", url="u3"),
    ])
    code, out, _ = run(capsys, "ingest", "gdelt", f, "--max-lag", "7", "--store", store_path, "--json")
    data = json.loads(out)
    assert code == 0 and (data["totals"]["rows_kept"], data["totals"]["rows_filtered"]) == (2, 1)


def test_series_as_of(capsys, tmp_path, store_path):
    f = write(tmp_path / "a.CSV", [
        event("UKR", "BLR", "040", quad=1, gold=1, date="20220224", added="20220224093000"),
        event("UKR", "BLR", "111", quad=3, gold=-2, date="20220224", added="20220301093000"),
    ])
    run(capsys, "ingest", "gdelt", f, "--store", store_path)
    for as_of, n in (("2022-02-28", 1), ("2022-03-01", 2)):
        code, out, _ = run(capsys, "events", "series", "UKR", "BLR", "--realm", "all", "--direction", "UKR->BLR",
                           "--as-of", as_of, "--json", "--store", store_path)
        assert code == 0 and [r["n_events"] for r in json.loads(out)] == [n]
