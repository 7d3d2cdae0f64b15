"""ACLED CSV exports (31 and 35 columns). ACLED's terms forbid redistribution: every row here is synthetic,
written in the real column layout."""
from __future__ import annotations

import csv
import json

from dyadwatch.cli import main
from dyadwatch.sources import acled
from dyadwatch.sources.acled import COLUMNS_31, COLUMNS_35


def row(**kw) -> dict:
    r = dict.fromkeys(COLUMNS_35, "")
    r.update(event_id_cnty="UKR1001", event_date="2022-02-24", year="2022", time_precision="1",
             disorder_type="Political violence", event_type="Explosions/Remote violence",
             sub_event_type="Shelling/artillery/missile attack", actor1="Military Forces of Russia (2000-)",
             inter1="8", actor2="Military Forces of Ukraine (2019-)", inter2="1", interaction="18",
             iso="804", region="Europe", country="Ukraine", admin1="Kyivska", location="Synthetic Town",
             latitude="50.1", longitude="30.2", geo_precision="2", source="Synthetic Source",
             source_scale="National", notes='Synthetic note, with a comma and "quotes".', fatalities="2",
             tags="", timestamp="1645700000", population_best="1000")
    r.update(kw)
    return r


def write(path, rows, names=COLUMNS_31, extra_lines=()):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(names)
        for r in rows:
            w.writerow([r[c] for c in names])
        for line in extra_lines:
            f.write(line + "\r\n")
    return path


ROWS = [
    row(),                                                                           # RUS vs UKR in Ukraine
    row(event_id_cnty="BLR2001", event_date="27 February 2022", country="Belarus", iso="112",
        event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Belarus)",
        inter1="Protesters", actor2="", inter2="", fatalities="0"),                  # domestic Belarus protest
    row(event_id_cnty="BLR2002", country="Belarus", event_type="Strategic developments",
        sub_event_type="Headquarters or base established", actor1="Military Forces of Russia (2000-)",
        inter1="External/Other forces", actor2="", inter2="", fatalities="0"),       # Russia acting in Belarus
    row(event_id_cnty="FRA3001", country="France", event_type="Riots", sub_event_type="Violent demonstration",
        actor1="Rioters (France)", inter1="5", actor2="", inter2="", fatalities="0"),
]


def test_rows_are_normalised(store, tmp_path):
    s = acled.ingest(store, [write(tmp_path / "a.csv", ROWS)])
    assert s.total("rows_read") == 4 and s.total("rows_kept") == 4
    got = {r["event_id"]: r for r in store.query("SELECT * FROM events_raw")}
    r = got["UKR1001"]
    assert (r["actor1_country"], r["actor2_country"], r["action_country"]) == ("RUS", "UKR", "UKR")
    assert r["actor1_types"] == "IMG" and r["actor2_types"] == "MIL"
    assert (r["event_root"], r["quad_class"], r["fatalities"], r["realm"]) == ("19", 4, 2, "security")
    assert r["event_code"] == "Shelling/artillery/missile attack" and r["goldstein"] is None
    assert str(r["date_added"]) == "2022-02-24 10:53:20"
    p = got["BLR2001"]
    assert str(p["date"]) == "2022-02-27" and p["actor1_country"] == "BLR" and p["actor1_types"] == "CVL"
    assert (p["event_root"], p["quad_class"], p["realm"]) == ("14", 3, "civil_society")
    assert got["BLR2002"]["event_root"] == "15" and got["BLR2002"]["action_country"] == "BLR"


def test_dyad_filter_keeps_third_parties_in_either_country(store, tmp_path):
    s = acled.ingest(store, [write(tmp_path / "a.csv", ROWS)], dyad="UKR-BLR")
    ids = sorted(r["event_id"] for r in store.query("SELECT event_id FROM events_raw"))
    # RUS-UKR in Ukraine (one actor + location), Russia in Belarus (third party); the domestic protest and
    # France are outside the dyad
    assert ids == ["BLR2002", "UKR1001"]
    assert s.total("rows_filtered") == 2


def test_35_columns_and_multiline_notes(store, tmp_path):
    rows = [row(notes="line one\nline two"), row(event_id_cnty="UKR1002")]
    s = acled.ingest(store, [write(tmp_path / "a.csv", rows, names=COLUMNS_35)])
    assert s.total("rows_kept") == 2 and s.total("rows_quarantined") == 0


def test_bad_rows_are_quarantined_exactly(store, tmp_path):
    rows = ROWS[:1] + [row(event_id_cnty="B1", event_date="2022-02-30"), row(event_id_cnty="B2", event_type="Skirmish"),
                       row(event_id_cnty=""), row(event_id_cnty="B4", fatalities="2.5")]
    s = acled.ingest(store, [write(tmp_path / "a.csv", rows, extra_lines=["X1,2022-02-24,2022"])])
    q = store.query("SELECT line, reason FROM quarantine ORDER BY line")
    assert [(r["line"], r["reason"].split(":")[0]) for r in q] == [
        (3, "event_date is not a date"), (4, "event_type is not an ACLED event type"), (5, "event_id_cnty is empty"),
        (6, "fatalities is not an integer"), (7, "expected 31 columns, found 3")]
    assert s.total("rows_read") == 6 and s.total("rows_kept") == 1 and s.total("rows_quarantined") == 5


def test_missing_required_columns_fail_the_file(store, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("event_id_cnty,event_date\nA,2022-01-01\n")
    s = acled.ingest(store, [path])
    assert s.files[0].status == "failed" and "event_type" in s.files[0].message
    assert store.scalar("SELECT count(*) FROM ingest_ledger") == 0


def test_idempotent(store, tmp_path):
    path = write(tmp_path / "a.csv", ROWS)
    acled.ingest(store, [path], dyad="UKR-BLR")
    s = acled.ingest(store, [path], dyad="UKR-BLR")
    assert s.files[0].status == "skipped" and store.scalar("SELECT count(*) FROM events_raw") == 2
    s = acled.ingest(store, [path])  # the unfiltered ingest is another ingest: the 2 dyad rows are duplicates
    assert s.total("rows_duplicate") == 2 and s.total("rows_kept") == 2


def test_cli(tmp_path, capsys):
    path = write(tmp_path / "a.csv", ROWS)
    code = main(["ingest", "acled", str(path), "--store", str(tmp_path / "s.duckdb"), "--dyad", "UKR-BLR", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["totals"] == {"rows_read": 4, "rows_kept": 2, "rows_quarantined": 0, "rows_duplicate": 0,
                              "rows_filtered": 2}
