"""The curated launch and incident record (data/ukr_blr/launches.yaml) read as plain files: every event cites a
source that exists, one E2 event per launch day across all curated files, launch days inside the record's
span, and the incidents kept in it cannot resolve E2."""
from __future__ import annotations

import datetime as dt
from importlib.resources import files

import yaml

from dyadwatch.warning.card import load_card

DATA = files("dyadwatch") / "data" / "ukr_blr"
CURATED = ["launches.yaml", "timeline.yaml", "security_indicators.yaml", "sources.yaml"]


def _docs() -> dict[str, dict]:
    return {name: yaml.safe_load((DATA / name).read_text(encoding="utf-8")) or {} for name in CURATED}


def _is_e2(ev: dict, match: dict) -> bool:
    return (ev.get("actor1") in match["actor1"] and ev.get("actor2") in match["actor2"]
            and ev.get("location") in match["location"]
            and any(str(ev.get("cameo") or "").startswith(p) for p in match["cameo_prefix"]))


def test_every_launch_file_event_cites_a_source_that_exists():
    docs = _docs()
    ids = {s["id"] for d in docs.values() for s in d.get("sources") or []}
    events = docs["launches.yaml"]["events"]
    assert len(events) >= 8
    missing = [(e["id"], e["source"]) for e in events if e["source"] not in ids]
    assert missing == []
    # every source of the file has a title, a publisher and a date
    for s in docs["launches.yaml"]["sources"]:
        assert s.get("title") and s.get("publisher") and s.get("date"), s["id"]


def test_one_e2_event_per_launch_day_inside_the_record_span():
    card = load_card("UKR-BLR")
    match = card.target("E2").match
    docs = _docs()
    days = [(str(e["date"]), e["id"]) for name in CURATED for e in docs[name].get("events") or []
            if _is_e2(e, match)]
    dates = [d for d, _ in days]
    dupes = sorted({d for d in dates if dates.count(d) > 1})
    assert dupes == [], [x for x in days if x[0] in dupes]
    complete = card.target_complete_to("E2")
    for d, eid in days:
        assert dt.date(2022, 1, 1) <= dt.date.fromisoformat(d) <= complete, eid
    # the days the record now holds, in order (a change to the record must update this list on purpose)
    assert sorted(dates) == ["2022-02-24", "2022-02-27", "2022-03-09", "2022-03-27", "2022-04-01",
                             "2022-06-25", "2022-07-28", "2022-08-16", "2022-08-24", "2022-08-28",
                             "2022-10-06", "2022-10-10", "2022-10-25"]


def test_incidents_in_the_launch_file_do_not_resolve_e2():
    match = load_card("UKR-BLR").target("E2").match
    incidents = [e for e in _docs()["launches.yaml"]["events"] if e["id"].startswith("incident-")]
    assert incidents and not any(_is_e2(e, match) for e in incidents)
    assert all(e["id"].startswith("launch-") for e in _docs()["launches.yaml"]["events"]
               if _is_e2(e, match))
