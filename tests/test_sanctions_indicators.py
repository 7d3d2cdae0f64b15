"""Sanctions summary and alignment index against hand-computed values (tests/fixtures/sanctions/README.md)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyadwatch.cli import main
from dyadwatch.errors import InputError, UnknownCodeError
from dyadwatch.sanctions.ftm import ingest
from dyadwatch.sanctions.indicators import alignment, summary

FIX = Path(__file__).parent / "fixtures" / "sanctions"


@pytest.fixture
def loaded(store):
    ingest(store, FIX / "designations.ftm.json")
    return store


def test_summary_all_issuers(loaded):
    s = summary(loaded, "BLR")
    assert (s["designations"], s["entities"], s["undated"]) == (14, 7, 1)
    assert {r["issuer"]: (r["designations"], r["entities"]) for r in s["by_issuer"]} == {
        "EU": (8, 6), "US": (3, 2), "UK": (2, 1), "UA": (1, 1)}
    per_year: dict[int, int] = {}
    for r in s["by_year"]:
        per_year[r["year"]] = per_year.get(r["year"], 0) + r["designations"]
    assert per_year == {2020: 2, 2021: 3, 2022: 6, 2023: 2}
    assert s["date_basis"] == {"startDate": 12, "listingDate": 1, "none": 1}
    assert s["linked_via"] == {"nationality": 1, "citizenship": 1, "birthCountry": 1, "jurisdiction": 1,
                               "mainCountry": 1, "country": 2, "addressEntity.country": 1}
    assert s["sectors"] == [{"sector": "Defence", "entities": 1}, {"sector": "Potash", "entities": 1}]
    assert s["first_date"] == "2020-09-29" and s["last_date"] == "2023-08-09"
    assert any("undated" in n for n in s["notes"])


def test_summary_one_issuer_and_programmes(loaded):
    s = summary(loaded, "blr", "eu")  # codes are case-insensitive; country through the crosswalk
    assert s["country"] == "BLR" and s["issuer"] == "EU"
    assert (s["designations"], s["entities"], s["undated"]) == (8, 6, 1)
    assert {r["year"]: r["designations"] for r in s["by_year"]} == {2020: 1, 2021: 2, 2022: 3, 2023: 1}
    progs = {(r["program_target"], r["designations"]) for r in s["by_programme"]}
    assert progs == {("BLR", 6), ("RUS", 2)}


def test_summary_russia(loaded):
    s = summary(loaded, "RUS")
    # P3 (nationality ru), R1, R2, V1 (flag ru)
    assert s["entities"] == 4
    assert s["linked_via"] == {"nationality": 2, "jurisdiction": 1, "flag": 1}


def test_alignment_matches_hand_computed(loaded):
    a = alignment(loaded, "BLR", "RUS")
    overall = {r["issuer"]: (r["aligned"], r["entities"]) for r in a["overall"]}
    assert overall == {"EU": (2, 6), "US": (1, 2), "UK": (1, 1), "UA": (0, 1)}
    assert {r["issuer"]: r["index"] for r in a["overall"]} == pytest.approx(
        {"EU": 2 / 6, "US": 0.5, "UK": 1.0, "UA": 0.0})
    eu = {p["year"]: (p["aligned"], p["entities"]) for p in a["series"]["EU"]}
    assert eu == {2020: (0, 1), 2021: (0, 3), 2022: (1, 5), 2023: (2, 5)}
    us = {p["year"]: (p["aligned"], p["entities"]) for p in a["series"]["US"]}
    assert us == {2021: (0, 1), 2022: (1, 1), 2023: (1, 2)}
    assert a["series"]["UK"][-1] == {"year": 2022, "entities": 1, "aligned": 1, "index": 1.0}


def test_alignment_one_issuer(loaded):
    a = alignment(loaded, "BLR", "RUS", "US")
    assert [r["issuer"] for r in a["overall"]] == ["US"]


def test_csv_alignment(store):
    ingest(store, FIX / "targets.simple.csv")
    a = alignment(store, "BLR", "RUS")
    assert {r["issuer"]: (r["aligned"], r["entities"]) for r in a["overall"]} == {"EU": (1, 1), "US": (0, 1)}


def test_bad_arguments(loaded):
    with pytest.raises(UnknownCodeError, match="issuer"):
        summary(loaded, "BLR", "XX")
    with pytest.raises(UnknownCodeError):
        summary(loaded, "BLRR")
    with pytest.raises(InputError, match="two different"):
        alignment(loaded, "BLR", "BLR")


def test_no_data_says_so(store):
    s = summary(store, "BLR")
    assert s["designations"] == 0 and "no sanctions designations" in s["notes"][0]
    assert alignment(store, "BLR", "RUS")["overall"] == []


def test_cli_json(store_path, capsys):
    assert main(["ingest", "sanctions", str(FIX / "designations.ftm.json"), "--store", str(store_path)]) == 0
    capsys.readouterr()
    assert main(["sanctions", "summary", "--country", "BLR", "--issuer", "EU", "--json",
                 "--store", str(store_path)]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["designations"] == 8
    assert main(["sanctions", "alignment", "BLR", "RUS", "--json", "--store", str(store_path)]) == 0
    a = json.loads(capsys.readouterr().out)
    assert {r["issuer"]: r["aligned"] for r in a["overall"]}["EU"] == 2
    assert main(["sanctions", "alignment", "BLR", "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert "cumulative by year" in out and "EU" in out
    assert main(["sanctions", "summary", "--country", "BLR", "--store", str(store_path)]) == 0
    assert "14 designations of 7 entities" in capsys.readouterr().out
    assert main(["sanctions", "summary", "--country", "ZZZ", "--store", str(store_path)]) == 2


def test_as_of_leaves_out_later_designations(loaded):
    # hand-computed from the fixture: on 2021-12-31 only S1, S2, S7 (EU), S10 (US), S13 (UK) are dated on or
    # before it, and S8 (EU, C4) is undated and kept
    s = summary(loaded, "BLR", as_of="2021-12-31")
    assert (s["designations"], s["entities"], s["undated"]) == (6, 4, 1)
    assert {r["issuer"]: (r["designations"], r["entities"]) for r in s["by_issuer"]} == {
        "EU": (4, 4), "US": (1, 1), "UK": (1, 1)}
    assert s["last_date"] == "2021-12-02"
    a = alignment(loaded, "BLR", "RUS", as_of="2021-12-31")
    assert {r["issuer"]: (r["aligned"], r["entities"]) for r in a["overall"]} == {"EU": (0, 4), "US": (0, 1),
                                                                                    "UK": (0, 1)}
    # mid-2022: C1 (S3, S4 Russia), P3 (S5 listingDate), S11 (US Russia on C2), S14 (UK Russia on P1) added
    a = alignment(loaded, "BLR", "RUS", as_of="2022-06-30")
    assert {r["issuer"]: (r["aligned"], r["entities"]) for r in a["overall"]} == {"EU": (1, 6), "US": (1, 1),
                                                                                    "UK": (1, 1)}
    assert a["series"]["EU"][-1] == {"year": 2022, "entities": 5, "aligned": 1, "index": 0.2}
    with pytest.raises(InputError, match="as-of"):
        summary(loaded, "BLR", as_of="31/12/2021")


def test_cli_as_of(store_path, capsys):
    assert main(["ingest", "sanctions", str(FIX / "designations.ftm.json"), "--store", str(store_path)]) == 0
    capsys.readouterr()
    assert main(["sanctions", "summary", "--country", "BLR", "--as-of", "2021-12-31", "--json",
                 "--store", str(store_path)]) == 0
    assert json.loads(capsys.readouterr().out)["designations"] == 6
    assert main(["sanctions", "alignment", "BLR", "RUS", "--as-of", "2022-06-30", "--json",
                 "--store", str(store_path)]) == 0
    a = json.loads(capsys.readouterr().out)
    assert {r["issuer"]: r["aligned"] for r in a["overall"]} == {"EU": 1, "US": 1, "UK": 1}
    assert main(["sanctions", "summary", "--country", "BLR", "--as-of", "2021-13-01",
                 "--store", str(store_path)]) == 2
