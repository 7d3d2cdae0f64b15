"""Lifted designations (an end date on or before the as-of date, or an entity that is no longer a sanctions
target) drop out of every as-of count, the list and the alignment index; FtM Sanction entities with endDate."""
from __future__ import annotations

import json

from dyadwatch.cli import main
from dyadwatch.sanctions.ftm import ingest
from dyadwatch.sanctions.indicators import alignment, designations, summary


def _entity(eid, name, *, target=True, country="by"):
    return {"id": eid, "schema": "Person", "target": target,
            "properties": {"name": [name], "nationality": [country], "topics": ["sanction"]}}


def _sanction(sid, entity, program, start, end=None):
    props = {"entity": [entity], "program": [program], "authority": ["Council of the European Union"],
             "country": ["eu"], "startDate": [start]}
    if end:
        props["endDate"] = [end]
    return {"id": sid, "schema": "Sanction", "properties": props}


RECORDS = [
    _entity("A", "Alpha"), _entity("B", "Bravo"), _entity("C", "Charlie", target=False),
    _sanction("S1", "A", "Belarus (Regulation 765/2006)", "2021-06-21", "2023-06-30"),
    _sanction("S2", "A", "Russia (Regulation 269/2014)", "2022-03-01"),
    _sanction("S3", "B", "Belarus (Regulation 765/2006)", "2021-06-21", "2023-06-30"),
    _sanction("S4", "C", "Belarus (Regulation 765/2006)", "2020-10-02"),
]


def _load(store, tmp_path):
    p = tmp_path / "lifted.ftm.json"
    p.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    ingest(store, p)
    return p


def test_lifted_designations_leave_every_as_of_count(store, tmp_path):
    _load(store, tmp_path)
    before = summary(store, "BLR", as_of="2023-01-01")
    assert before["designations"] == 3 and before["entities"] == 2 and before["lifted"] == 1   # C: not a target
    after = summary(store, "BLR", as_of="2023-07-01")
    assert after["designations"] == 1 and after["entities"] == 1 and after["lifted"] == 3
    assert after["by_issuer"][0]["programmes"][0]["program"].startswith("Russia")
    assert any("lifted designation" in n for n in after["notes"])
    # the end date itself counts as lifted ("on or before")
    assert summary(store, "BLR", as_of="2023-06-30")["designations"] == 1
    assert summary(store, "BLR", as_of="2023-06-29")["designations"] == 3


def test_the_alignment_index_uses_the_same_rule(store, tmp_path):
    _load(store, tmp_path)
    before = alignment(store, "BLR", "RUS", as_of="2023-01-01")["overall"][0]
    assert (before["aligned"], before["entities"]) == (1, 2)
    after = alignment(store, "BLR", "RUS", as_of="2023-07-01")
    assert (after["overall"][0]["aligned"], after["overall"][0]["entities"]) == (1, 1)
    assert any("lifted" in n for n in after["notes"])


def test_list_shows_designations_in_force(store, store_path, tmp_path, capsys):
    _load(store, tmp_path)
    rows = designations(store, "BLR", as_of="2023-01-01")["designations"]
    assert [(r["name"], r["date"]) for r in rows] == [("Alpha", "2022-03-01"), ("Alpha", "2021-06-21"),
                                                      ("Bravo", "2021-06-21")]
    store.close()
    assert main(["sanctions", "list", "--country", "BLR", "--as-of", "2024-01-01", "--store", str(store_path),
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in out["designations"]] == ["Alpha"] and out["lifted_left_out"] == 3
    assert main(["sanctions", "list", "--country", "BLR", "--issuer", "EU", "--store", str(store_path)]) == 0
    text = capsys.readouterr().out
    assert "Alpha" in text and "Bravo" not in text and "lifted left out" in text
    assert main(["sanctions", "list", "--country", "BLR", "--as-of", "someday", "--store", str(store_path)]) == 2
