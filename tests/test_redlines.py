"""Red-line rules over events: a synthetic crossing is flagged; near-crossings, history and duplicates."""
from __future__ import annotations

import pytest

from dyadwatch.errors import ModelError
from dyadwatch.warning.redlines import check, condition_matches, load_rules

SOURCES = """sources:
  - {id: test-src-a, title: Synthetic report A, publisher: Test, date: 2024-09-02}
  - {id: test-src-b, title: Synthetic report B, publisher: Test, date: 2024-09-03}
"""


def load(store, tmp_path, events: str):
    from dyadwatch.curated import load_files

    path = tmp_path / "events.yaml"
    path.write_text(SOURCES + "events:\n" + events)
    load_files([path], store)


def by_id(result):
    return {r["id"]: r for r in result["rules"]}


def test_quiet_store_holds_every_red_line(store):
    result = check(store, "UKR-BLR", "2024-12-31")
    rules = by_id(result)
    assert {"no-ukr-strikes-in-blr", "no-attacks-on-blr-defence-industry", "no-blr-forces-into-ukr",
            "no-launches-from-blr"} <= set(rules)
    assert all(r["status"] == "held" for r in rules.values())
    assert result["source_id"] == "sec-sceeus-2024-05-16" and "curated events" in result["coverage"]


def test_synthetic_strike_on_a_refinery_crosses_two_red_lines(store, tmp_path):
    load(store, tmp_path,
         "  - {id: test-strike, date: 2024-09-01, dyad: UKR-BLR, actor1: UKR, actor2: BLR, location: BLR,\n"
         "     realm: security, cameo: '195', summary: Synthetic drone strike on the Mozyr refinery,\n"
         "     source: test-src-a}\n")
    rules = by_id(check(store, "UKR-BLR", "2024-12-31"))
    for rid in ("no-ukr-strikes-in-blr", "no-attacks-on-blr-defence-industry"):
        assert rules[rid]["status"] == "crossed", rid
        (e,) = rules[rid]["crossed"]
        assert e["id"] == "test-strike" and e["source_ids"] == ["test-src-a"] and e["date"] == "2024-09-01"
        assert "2024-09-01" in rules[rid]["detail"]
    assert rules["no-blr-forces-into-ukr"]["status"] == "held"
    assert rules["no-launches-from-blr"]["status"] == "held"
    # as of the day before, the line held
    before = by_id(check(store, "UKR-BLR", "2024-08-31"))
    assert before["no-ukr-strikes-in-blr"]["status"] == "held"


def test_stray_missile_only_comes_close_and_old_events_are_history(store, tmp_path):
    load(store, tmp_path,
         "  - {id: test-stray, date: 2024-03-01, dyad: UKR-BLR, actor1: UKR, actor2: BLR, location: BLR,\n"
         "     realm: security, cameo: '190', summary: Stray air-defence missile falls in Belarus, source: test-src-a}\n"
         "  - {id: test-old, date: 2022-03-01, dyad: UKR-BLR, actor1: BLR, actor2: UKR, realm: security,\n"
         "     cameo: '190', summary: Synthetic early shelling, source: test-src-b}\n")
    rules = by_id(check(store, "UKR-BLR", "2024-12-31"))
    r = rules["no-ukr-strikes-in-blr"]
    assert r["status"] == "close" and [e["id"] for e in r["close"]] == ["test-stray"]
    blr = rules["no-blr-forces-into-ukr"]
    assert blr["status"] == "held" and [e["id"] for e in blr["history"]] == ["test-old"]


def test_the_same_incident_recorded_twice_is_one_line_with_both_sources(store, tmp_path):
    load(store, tmp_path,
         "  - {id: test-dup-1, date: 2024-09-01, dyad: UKR-BLR, actor1: BLR, actor2: UKR, realm: security,\n"
         "     cameo: '193', summary: Synthetic ground clash, source: test-src-a}\n"
         "  - {id: test-dup-2, date: 2024-09-01, dyad: UKR-BLR, actor1: BLR, actor2: UKR, realm: security,\n"
         "     cameo: '1930', summary: Synthetic ground clash (second report), source: test-src-b}\n"
         "  - {id: test-other, date: 2024-09-05, dyad: UKR-BLR, actor1: BLR, actor2: UKR, realm: security,\n"
         "     cameo: '193', summary: Another synthetic clash, source: test-src-b}\n")
    r = by_id(check(store, "UKR-BLR", "2024-12-31"))["no-blr-forces-into-ukr"]
    assert r["status"] == "crossed" and len(r["crossed"]) == 2
    first = r["crossed"][0]
    assert first["ids"] == ["test-dup-1", "test-dup-2"] and first["source_ids"] == ["test-src-a", "test-src-b"]
    assert "crossed 2×" in r["detail"] and "_key" not in first


def test_bundled_events_show_the_2022_launches(tmp_path):
    from dyadwatch.curated import load_bundled
    from dyadwatch.store import open_store

    with open_store(tmp_path / "b.duckdb") as st:
        load_bundled(st)
        rules = by_id(check(st, "BLR-UKR", "2024-05-16"))
        sources = {r["id"] for r in st.query("SELECT id FROM sources")}
    launches = rules["no-launches-from-blr"]
    assert launches["status"] == "crossed"
    assert all(e["date"] >= "2022-07-01" for e in launches["crossed"])
    assert all(e["date"] < "2022-07-01" for e in launches["history"])
    for r in rules.values():
        for e in r["crossed"] + r["close"] + r["history"]:
            assert set(e["source_ids"]) <= sources


def test_condition_matching():
    ev = {"actor1": "UKR", "actor2": "BLR", "location": "BLR", "cameo": "1951", "summary": "Drone hits a Plant"}
    assert condition_matches(ev, {"actor1": ["UKR"], "cameo_prefix": ["19"], "summary_any": ["plant"]})
    assert not condition_matches(ev, {"actor1": ["BLR"]})
    assert not condition_matches(ev, {"cameo_prefix": ["18", "20"]})
    assert not condition_matches(ev, {"not_summary_any": ["drone"]})


def test_rule_file_errors(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("UKR-BLR:\n  rules:\n    - {id: x, title: X, crossed: [{actr1: [UKR]}]}\n")
    with pytest.raises(ModelError, match=r"rules\[0\]\.crossed: unknown condition field\(s\) actr1"):
        load_rules("UKR-BLR", bad)
    bad.write_text("UKR-BLR:\n  rules:\n    - {id: x, crossed: []}\n")
    with pytest.raises(ModelError, match="missing 'title'"):
        load_rules("UKR-BLR", bad)
    bad.write_text("UKR-POL:\n  rules: []\n")
    with pytest.raises(ModelError, match="no red lines defined for UKR-BLR"):
        load_rules("UKR-BLR", bad)
    bad.write_text("UKR-BLR: [unclosed\n")
    with pytest.raises(ModelError, match="cannot read"):
        load_rules("UKR-BLR", bad)
