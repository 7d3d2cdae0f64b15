"""PLOVER records: JSON lines and the real gold-standard JSON array (shared data), normalisation, dyad
filter, quarantine, idempotence, CLI."""
from __future__ import annotations

import collections
import json

from dyadwatch.cli import main
from dyadwatch.realms.event_mapping import plover_category
from dyadwatch.sources import plover

GSR = "plover/PLOVER_gold_standard_records.json"


def rec(**kw) -> dict:
    r = {"id": "pl-1", "date": "2022-02-24",
         "actor": [{"actorText": "Russian forces", "code": "RUS", "sector": "MIL"}],
         "recipient": [{"actorText": "Ukraine", "code": "UKR", "sector": "GOV"}],
         "event": "ASSAULT", "mode": ["aerial"], "context": ["military"],
         "location": {"name": "Homel", "country": "BLR"}}
    r.update(kw)
    return r


def write_jsonl(path, records, raw_lines=()):
    lines = [json.dumps(r) for r in records] + list(raw_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


RECS = [
    rec(),                                                                           # third party in Belarus
    rec(id="pl-2", actor={"code": "BLR", "sector": "Government"}, recipient="UKR", event="CONSULT",
        mode=None, context="diplomatic, economic", location=None),                   # BLR -> UKR
    rec(id="pl-3", actor=[{"code": "USA"}], recipient=[{"code": "FRA"}], location={"country code": "FR"}),
    rec(id="pl-4", event=["PROTEST"], actor=[{"code": "BLR", "sector": "OPP"}], recipient=[], context=[],
        location={"name": "Ukraine"}),
]


def test_jsonl_rows_are_normalised(store, tmp_path):
    s = plover.ingest(store, [write_jsonl(tmp_path / "p.jsonl", RECS)])
    assert s.total("rows_read") == 4 and s.total("rows_kept") == 4
    got = {r["event_id"]: r for r in store.query("SELECT * FROM events_raw")}
    r = got["pl-1"]
    assert (r["actor1_country"], r["actor2_country"], r["action_country"]) == ("RUS", "UKR", "BLR")
    assert (r["plover"], r["event_root"], r["quad_class"], r["realm"]) == ("ASSAULT", "18", 4, "security")
    assert r["plover_mode"] == "aerial" and r["plover_context"] == "military" and r["line"] == 1
    r2 = got["pl-2"]
    assert (r2["actor1_country"], r2["actor2_country"], r2["actor1_types"]) == ("BLR", "UKR", "GOV")
    assert r2["plover_context"] == "diplomatic;economic" and r2["realm"] == "economic"
    assert got["pl-3"]["action_country"] == "FRA"                                   # ISO2 location code
    assert got["pl-4"]["action_country"] == "UKR" and got["pl-4"]["realm"] == "civil_society"


def test_dyad_filter(store, tmp_path):
    s = plover.ingest(store, [write_jsonl(tmp_path / "p.jsonl", RECS)], dyad="BLR-UKR")
    assert sorted(r["event_id"] for r in store.query("SELECT event_id FROM events_raw")) == ["pl-1", "pl-2", "pl-4"]
    assert s.total("rows_filtered") == 1


def test_bad_records_are_quarantined_exactly(store, tmp_path):
    recs = RECS[:2] + [rec(id="b1", date="24.02.2022"), rec(id="b2", event="BOMB"), rec(id=None),
                       rec(id="b4", date=None)]
    path = write_jsonl(tmp_path / "p.jsonl", recs, raw_lines=['{"id": "b5", "date": ', "[1, 2]"])
    s = plover.ingest(store, [path])
    q = store.query("SELECT line, reason, raw FROM quarantine ORDER BY line")
    assert [(r["line"], r["reason"].split(":")[0]) for r in q] == [
        (3, "date is not YYYY-MM-DD"), (4, "event is not a PLOVER category"), (5, "no id"), (6, "no date"),
        (7, "invalid JSON"), (8, "not a JSON object but list")]
    assert q[4]["raw"] == '{"id": "b5", "date":'
    assert s.total("rows_read") == 8 and s.total("rows_kept") == 2 and s.total("rows_quarantined") == 6


def test_idempotent(store, tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", RECS)
    plover.ingest(store, [path])
    s = plover.ingest(store, [path])
    assert s.files[0].status == "skipped" and store.scalar("SELECT count(*) FROM events_raw") == 4


def test_gold_standard_records(store, shared_data):
    """The real PLOVER gold-standard file: a JSON array of 323 records in the early field names
    (source/target, context as a string), one DOCUMENT record and one id used twice."""
    path = shared_data / GSR
    records = json.loads(path.read_text(encoding="utf-8"))
    events = [r for r in records if r.get("event") != "DOCUMENT"]
    ids = collections.Counter(r["id"] for r in events)
    s = plover.ingest(store, [path])
    f = s.files[0]
    assert f.status == "ingested", f.message
    assert f.counts.rows_read == len(records)
    assert f.counts.rows_quarantined == 0
    assert f.counts.rows_kept == len(ids)
    assert f.counts.rows_duplicate == sum(n - 1 for n in ids.values())
    by_cat = collections.Counter(r["plover"] for r in store.query("SELECT plover FROM events_raw"))
    first = {}
    for r in events:
        first.setdefault(r["id"], r)
    assert by_cat == collections.Counter(r["event"] for r in first.values())
    # every category of the file is in the YAML mapping, and quad/root come from it
    for cat in by_cat:
        spec = plover_category(cat)
        assert spec is not None, cat
        n = store.scalar("SELECT count(*) FROM events_raw WHERE plover = ? AND quad_class = ? AND event_root = ?",
                         [cat, spec["quad"], str(spec["root"])])
        assert n == by_cat[cat]
    # the first actor's code is the actor country when the crosswalk knows it
    hun = store.query("SELECT actor1_country, actor1_types FROM events_raw WHERE event_id = 'PLOVER-GSR01-AGREE-0001'")
    assert hun == [{"actor1_country": "HUN", "actor1_types": "GOV"}]
    # contexts feed the realms: every military-context event is in the security realm
    assert store.scalar("SELECT count(*) FROM events_raw WHERE list_contains(string_split(plover_context, ';'), "
                        "'military') AND realm <> 'security'") == 0


def test_cli(tmp_path, capsys):
    path = write_jsonl(tmp_path / "p.jsonl", RECS, raw_lines=["not json"])
    code = main(["ingest", "plover", str(path), "--store", str(tmp_path / "s.duckdb"), "--dyad", "UKR-BLR"])
    out = capsys.readouterr().out
    assert code == 0
    assert "rows read 5, kept 3, quarantined 1, duplicates 0, outside the filter 1" in out
