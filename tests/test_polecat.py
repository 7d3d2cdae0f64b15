"""POLECAT weekly files: header-driven columns, normalisation, dyad filter, quarantine, idempotence, CLI."""
from __future__ import annotations

import json

import pytest

from dyadwatch.cli import main
from dyadwatch.sources import polecat
from dyadwatch.sources.polecat import COLUMNS


def row(**kw) -> dict:
    r = dict.fromkeys(COLUMNS, "None")
    r.update({"Event ID": "pc-1", "Event Date": "2022-02-24", "Event Type": "ASSAULT", "Event Mode": "aerial",
              "Intensity": "-9", "Quad Code": "MATERIAL CONFLICT", "Contexts": "military; territory",
              "Actor Name": "Russia", "Actor Country": "RUS", "Actor COW": "365", "Primary Actor Sector": "Military",
              "Actor Sectors": "Military; Government", "Recipient Name": "Ukraine", "Recipient Country": "UKR",
              "Recipient COW": "369", "Primary Recipient Sector": "Government", "Recipient Sectors": "Government",
              "Placename": "Brest", "Province": "Brest", "Country": "BLR", "Latitude": "52.1", "Longitude": "23.7",
              "GeoNames ID": "629634", "Source": "synthetic", "Publication Date": "2022-02-25", "Language": "en",
              "Version": "1.0"})
    r.update(kw)
    return r


def write(path, rows, names=COLUMNS, raw_lines=()):
    lines = ["\t".join(names)] + ["\t".join(r[c] for c in names) for r in rows] + list(raw_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ROWS = [
    row(),                                                                          # RUS->UKR in Belarus: third party
    row(**{"Event ID": "pc-2", "Event Type": "CONSULT", "Quad Code": "VERBAL COOPERATION", "Contexts": "diplomatic",
           "Actor Country": "None", "Actor COW": "370", "Primary Actor Sector": "Government", "Country": "UKR",
           "Actor Sectors": "Government"}),                                         # BLR (by COW) -> UKR
    row(**{"Event ID": "pc-3", "Actor Country": "USA", "Recipient Country": "FRA", "Country": "FRA"}),  # outside
    row(**{"Event ID": "pc-4", "Event Type": "PROTEST", "Quad Code": "None", "Contexts": "None",
           "Actor Country": "BLR", "Primary Actor Sector": "Opposition", "Actor Sectors": "Opposition",
           "Recipient Country": "UKR", "Country": "BLR"}),                       # quad from the category
]


def test_rows_are_normalised(store, tmp_path):
    s = polecat.ingest(store, [write(tmp_path / "w.txt", ROWS)])
    assert s.total("rows_read") == 4 and s.total("rows_kept") == 4 and s.total("rows_quarantined") == 0
    got = {r["event_id"]: r for r in store.query("SELECT * FROM events_raw")}
    r1 = got["pc-1"]
    assert (r1["dataset"], r1["line"], str(r1["date"])) == ("polecat", 2, "2022-02-24")
    assert (r1["actor1_country"], r1["actor2_country"], r1["action_country"]) == ("RUS", "UKR", "BLR")
    assert r1["plover"] == "ASSAULT" and r1["event_root"] == "18" and r1["quad_class"] == 4
    assert r1["plover_context"] == "military;territory" and r1["plover_mode"] == "aerial"
    assert set(r1["actor1_types"].split(";")) == {"MIL", "GOV"} and r1["actor2_types"] == "GOV"
    assert r1["intensity"] == -9 and r1["goldstein"] is None and r1["realm"] == "security"
    assert r1["action_feature_id"] == "629634" and r1["action_lat"] == pytest.approx(52.1)
    assert got["pc-2"]["actor1_country"] == "BLR"          # from Actor COW 370
    assert got["pc-2"]["quad_class"] == 1 and got["pc-2"]["event_root"] == "04"
    assert got["pc-2"]["realm"] == "political"
    assert got["pc-4"]["quad_class"] == 3 and got["pc-4"]["realm"] == "civil_society"  # OPP actor, PROTEST


def test_dyad_filter(store, tmp_path):
    s = polecat.ingest(store, [write(tmp_path / "w.txt", ROWS)], dyad="UKR-BLR")
    ids = sorted(r["event_id"] for r in store.query("SELECT event_id FROM events_raw"))
    assert ids == ["pc-1", "pc-2", "pc-4"]
    assert s.total("rows_filtered") == 1 and s.total("rows_kept") == 3


def test_bad_rows_are_quarantined_exactly(store, tmp_path):
    rows = ROWS[:2] + [
        row(**{"Event ID": "bad-date", "Event Date": "24/02/2022"}),
        row(**{"Event ID": "bad-type", "Event Type": "BOMBARD"}),
        row(**{"Event ID": "None"}),
        row(**{"Event ID": "bad-int", "Intensity": "high"}),
    ]
    path = write(tmp_path / "w.txt", rows, raw_lines=["only\tthree\tfields", "\t".join(rows[0].values()) + "\tEXTRA"])
    s = polecat.ingest(store, [path])
    q = store.query("SELECT line, reason, raw FROM quarantine ORDER BY line")
    assert [(r["line"], r["reason"].split(":")[0]) for r in q] == [
        (4, "Event Date is not a date YYYY-MM-DD"), (5, "Event Type is not a PLOVER category"),
        (6, "Event ID is empty"), (7, "Intensity is not a number"),
        (8, "expected 40 columns, found 3"), (9, "expected 40 columns, found 41")]
    assert q[0]["raw"].startswith("bad-date\t24/02/2022")
    assert s.total("rows_read") == 8 and s.total("rows_kept") == 2 and s.total("rows_quarantined") == 6
    assert store.scalar("SELECT rows_quarantined FROM ingest_ledger") == 6


def test_excess_empty_fields_and_renamed_intensity(store, tmp_path):
    names = [("Event Intensity" if c == "Intensity" else c) for c in COLUMNS]
    rows = [dict(zip(names, row().values()))]
    path = write(tmp_path / "w.txt", rows, names=names)
    path.write_text(path.read_text().replace("\n", "\t\t\n").replace("\t\t\n", "\n", 1))  # 2 empty extra fields
    s = polecat.ingest(store, [path])
    assert s.total("rows_kept") == 1 and s.total("rows_quarantined") == 0
    assert store.scalar("SELECT intensity FROM events_raw") == -9


def test_header_with_excess_names_is_read_positionally(store, tmp_path):
    path = tmp_path / "w.txt"
    lines = ["\t".join(COLUMNS + ["Headline", "Feed"])] + ["\t".join(row().values())]
    path.write_text("\n".join(lines) + "\n")
    s = polecat.ingest(store, [path])
    assert s.total("rows_kept") == 1 and store.scalar("SELECT plover FROM events_raw") == "ASSAULT"


def test_not_polecat_fails_that_file_only(store, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("a\tb\tc\n1\t2\t3\n")
    good = write(tmp_path / "w.txt", ROWS)
    s = polecat.ingest(store, [other, good])
    assert [f.status for f in s.files] == ["failed", "ingested"]
    assert "Event ID" in s.files[0].message and "other.txt" in s.files[0].message


def test_idempotent_and_duplicates_across_files(store, tmp_path):
    a = write(tmp_path / "a.txt", ROWS)
    polecat.ingest(store, [a])
    again = polecat.ingest(store, [a])
    assert again.files[0].status == "skipped" and store.scalar("SELECT count(*) FROM events_raw") == 4
    b = write(tmp_path / "b.txt", ROWS[:2] + [row(**{"Event ID": "pc-9"})])  # next week repeats two events
    s = polecat.ingest(store, [b])
    assert s.total("rows_duplicate") == 2 and s.total("rows_kept") == 1
    assert store.scalar("SELECT count(*) FROM events_raw") == 5


def test_zipped_file(store, tmp_path):
    import zipfile

    plain = write(tmp_path / "w.txt", ROWS)
    z = tmp_path / "w.txt.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(plain, "w.txt")
    s = polecat.ingest(store, [z])
    assert s.total("rows_kept") == 4


def test_cli(tmp_path, capsys):
    path = write(tmp_path / "w.txt", ROWS + [row(**{"Event ID": "x", "Event Type": "NOPE"})])
    db = str(tmp_path / "s.duckdb")
    code = main(["ingest", "polecat", str(path), "--dyad", "UKR-BLR", "--store", db])
    out = capsys.readouterr().out
    assert code == 0
    assert "rows read 5, kept 3, quarantined 1, duplicates 0, outside the filter 1" in out
    code = main(["ingest", "polecat", str(path), "--dyad", "UKR-BLR", "--store", db, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["files"][0]["status"] == "skipped" and data["totals"]["rows_kept"] == 0


def test_crash_midway_leaves_nothing_and_rerun_completes(store, tmp_path, monkeypatch):
    """A failure after the rows were staged and the quarantine written (here: inside finalise) rolls the
    whole file back: no rows, no quarantine, no ledger entry; a rerun then loads it completely."""
    import dyadwatch.sources.event_rows as mod

    path = write(tmp_path / "w.txt", ROWS + [row(**{"Event ID": "bad", "Event Type": "NOPE"})])
    real = mod.finalise

    def crash(tx, stage, **kw):
        real(tx, stage, **kw)            # rows are inserted into events_raw …
        raise KeyboardInterrupt("killed")  # … and then the process is interrupted

    monkeypatch.setattr(mod, "finalise", crash)
    with pytest.raises(KeyboardInterrupt):
        polecat.ingest(store, [path])
    for table in ("events_raw", "quarantine", "ingest_ledger"):
        assert store.scalar(f"SELECT count(*) FROM {table}") == 0, table
    monkeypatch.setattr(mod, "finalise", real)
    s = polecat.ingest(store, [path])
    assert s.files[0].status == "ingested" and s.total("rows_kept") == 4 and s.total("rows_quarantined") == 1
    assert store.scalar("SELECT count(*) FROM events_raw") == 4
