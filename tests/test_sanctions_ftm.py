"""Ingest of FollowTheMoney entity streams and OpenSanctions' simplified CSV (real sample + own fixtures)."""
from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from dyadwatch.cli import main
from dyadwatch.errors import FetchError, FormatError, InputError
from dyadwatch.sanctions.ftm import ingest, parse_sanction_text

FIX = Path(__file__).parent / "fixtures" / "sanctions"
BELARUS_LINKED = {"NK-2GdmHtZTeNXjNVrBGEXZNj", "NK-2Myxbs6wX9xFKGoQn3sLaY", "NK-2Mht2rqBeravCTdyQAWc4o"}
SANCTION_TABLES = ("sanctioned_entities", "sanctioned_entity_countries", "sanctioned_entity_links",
                   "sanctions_designations", "quarantine", "ingest_ledger", "sources")


def _counts(store):
    return {t: store.scalar(f"SELECT count(*) FROM {t}") for t in SANCTION_TABLES}


def _blr_entities(store) -> dict[str, set[str]]:
    rows = store.query("SELECT entity_id, prop FROM sanctioned_entity_countries WHERE iso3 = 'BLR'")
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["entity_id"], set()).add(r["prop"])
    return out


# --- the real OpenSanctions sample -------------------------------------------------------------------
def test_real_sample_finds_belarus_through_every_country_property(store, shared_data):
    sample = shared_data / "ftm" / "opensanctions_eu_fsf_sample.ftm.json"
    result = ingest(store, sample)
    assert result.status == "loaded" and result.rows_read == 7 and result.quarantined == 0
    linked = _blr_entities(store)
    assert set(linked) == BELARUS_LINKED
    # Pakhodava's only country is her nationality; Soyko has both; Inter Tobacco only `country`
    assert linked["NK-2Mht2rqBeravCTdyQAWc4o"] == {"nationality"}
    assert linked["NK-2Myxbs6wX9xFKGoQn3sLaY"] == {"country", "nationality"}
    assert linked["NK-2GdmHtZTeNXjNVrBGEXZNj"] == {"country"}
    # no Sanction entities in the sample: listings come from the dataset, undated, never from first_seen
    d = store.query("SELECT DISTINCT issuer, date, date_basis, origin FROM sanctions_designations")
    assert d == [{"issuer": "EU", "date": None, "date_basis": "none", "origin": "dataset"}]
    assert store.scalar("SELECT count(*) FROM sanctions_designations") == 6  # 6 targets; the Address is not one
    src = store.query("SELECT licence, publisher FROM sources WHERE id = ?", [result.source_id])
    assert src == [{"licence": "CC BY-NC 4.0", "publisher": "OpenSanctions"}]


def test_real_sample_twice_changes_nothing(store, shared_data):
    sample = shared_data / "ftm" / "opensanctions_eu_fsf_sample.ftm.json"
    ingest(store, sample)
    before = _counts(store)
    again = ingest(store, sample)
    assert again.status == "unchanged"
    assert _counts(store) == before


def test_real_sample_through_the_cli(store_path, shared_data):
    sample = shared_data / "ftm" / "opensanctions_eu_fsf_sample.ftm.json"
    assert main(["ingest", "sanctions", str(sample), "--store", str(store_path)]) == 0
    assert main(["ingest", "sanctions", str(sample), "--store", str(store_path)]) == 0
    from dyadwatch.store import open_store
    with open_store(store_path) as st:
        assert st.scalar("SELECT count(*) FROM ingest_ledger WHERE kind = 'sanctions'") == 1
        assert st.scalar("SELECT count(*) FROM sanctioned_entities") == 7


# --- own fixtures ----------------------------------------------------------------------------------
def test_fixture_sanctions_link_to_entities_and_bad_records_are_quarantined(store):
    r = ingest(store, FIX / "designations.ftm.json")
    assert (r.rows_read, r.entities, r.designations, r.designations_undated) == (31, 12, 18, 2)
    reasons = [q["reason"] for q in store.query("SELECT line, reason FROM quarantine ORDER BY line")]
    assert len(reasons) == 3
    assert reasons[0].startswith("not a JSON object")
    assert "unknown country code 'suhh'" in reasons[1]
    assert "S16 has no 'entity'" in reasons[2]
    # the suhh person is kept, linked to no country
    assert store.scalar("SELECT count(*) FROM sanctioned_entities WHERE id = 'X1'") == 1
    assert store.query("SELECT iso3 FROM sanctioned_entity_countries WHERE entity_id = 'X1'") == [{"iso3": None}]
    s5 = store.query("SELECT date, date_basis, issuer, program_target FROM sanctions_designations WHERE id = 'S5'")
    assert s5 == [{"date": "2022-02-28", "date_basis": "listingDate", "issuer": "EU", "program_target": "BLR"}]
    s10 = store.query("SELECT issuer, issuer_basis FROM sanctions_designations WHERE id = 'S10'")[0]
    assert s10["issuer"] == "US" and s10["issuer_basis"].startswith("authority:")
    # every country-typed property reaches Belarus, and the Address through addressEntity
    props = {p for ps in _blr_entities(store).values() for p in ps}
    assert props == {"nationality", "citizenship", "birthCountry", "jurisdiction", "mainCountry", "country"}
    assert store.query("SELECT target_id FROM sanctioned_entity_links WHERE entity_id = 'C4'") == [{"target_id": "A1"}]


def test_sanction_later_supersedes_undated_dataset_listing(store, tmp_path, shared_data):
    ingest(store, shared_data / "ftm" / "opensanctions_eu_fsf_sample.ftm.json")
    later = tmp_path / "later.ftm.json"
    later.write_text(json.dumps({"id": "eu-s-1", "schema": "Sanction", "datasets": ["eu_fsf"], "properties": {
        "entity": ["NK-2Mht2rqBeravCTdyQAWc4o"], "country": ["eu"], "program": ["Belarus"],
        "startDate": ["2023-08-03"]}}) + "\n")
    ingest(store, later)
    rows = store.query("SELECT id, date, origin FROM sanctions_designations WHERE entity_id = 'NK-2Mht2rqBeravCTdyQAWc4o'")
    assert rows == [{"id": "eu-s-1", "date": "2023-08-03", "origin": "sanction"}]


def test_changed_file_replaces_entities_without_duplicates(store, tmp_path):
    lines = (FIX / "designations.ftm.json").read_text().splitlines()
    ingest(store, FIX / "designations.ftm.json")
    changed = tmp_path / "v2.ftm.json"
    changed.write_text("\n".join(lines[:-1]) + "\n")  # the same minus the last Sanction (S18)
    ingest(store, changed)
    assert store.scalar("SELECT count(*) FROM sanctioned_entities") == 12
    assert store.scalar("SELECT count(*) FROM sanctions_designations WHERE id = 'S1'") == 1
    assert store.scalar("SELECT count(*) FROM sanctioned_entity_countries WHERE entity_id = 'C2'") == 2


def test_simplified_csv(store):
    r = ingest(store, FIX / "targets.simple.csv")
    assert r.format == "csv" and r.entities == 3 and r.designations == 3 and r.quarantined == 2
    rows = store.query("SELECT entity_id, issuer, program_target, date FROM sanctions_designations ORDER BY id")
    assert rows == [
        {"entity_id": "csv-c1", "issuer": "US", "program_target": "BLR", "date": "2021-08-09"},
        {"entity_id": "csv-p1", "issuer": "EU", "program_target": "BLR", "date": "2021-06-21"},
        {"entity_id": "csv-p1", "issuer": "EU", "program_target": "RUS", "date": "2022-03-09"},
    ]
    reasons = " | ".join(q["reason"] for q in store.query("SELECT reason FROM quarantine"))
    assert "unknown country code 'xx'" in reasons and "expected 16 columns" in reasons


def test_sanction_text_parts():
    assert parse_sanction_text("Belarus - Active - 2021-06-21 - 2025-02-28") == {
        "program": "Belarus", "rest": "Active", "start": "2021-06-21", "end": "2025-02-28"}
    assert parse_sanction_text("EU-RUS")["start"] is None


# --- bad input leaves the store as it was ------------------------------------------------------------
@pytest.mark.parametrize("content, message", [
    ("", "empty"),
    ("hello world\n", "neither FollowTheMoney"),
    ('"a","b"\n"1","2"\n', "neither FollowTheMoney"),
    ("id,schema,title\n1,Person,x\n", "header lacks name"),
    ('{"id": "x", "schema": "Ownership", "properties": {}}\n', "no entities or sanctions"),
])
def test_bad_files_store_nothing(store, tmp_path, content, message):
    before = _counts(store)
    f = tmp_path / "bad.json"
    f.write_text(content)
    with pytest.raises(FormatError, match=message):
        ingest(store, f)
    assert _counts(store) == before


def test_not_utf8_is_a_format_error(store, tmp_path):
    f = tmp_path / "latin1.json"
    f.write_bytes(b'{"id": "x", "schema": "Person", "properties": {"name": ["Caf\xe9"]}}\n')
    with pytest.raises(FormatError, match="UTF-8"):
        ingest(store, f)
    assert store.scalar("SELECT count(*) FROM sanctioned_entities") == 0


def test_missing_file(store, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        ingest(store, tmp_path / "nope.json")


def test_cli_bad_file_exit_code(store_path, tmp_path, capsys):
    f = tmp_path / "bad.json"
    f.write_text("nonsense\n")
    assert main(["ingest", "sanctions", str(f), "--store", str(store_path)]) == 2
    assert "neither FollowTheMoney" in capsys.readouterr().err


# --- fetch from a local server in OpenSanctions' layout ---------------------------------------------
@pytest.fixture
def server(tmp_path):
    root = tmp_path / "www"
    folder = root / "datasets" / "latest" / "eu_fsf"
    folder.mkdir(parents=True)
    (folder / "entities.ftm.json").write_bytes((FIX / "designations.ftm.json").read_bytes())
    (folder / "targets.simple.csv").write_bytes((FIX / "targets.simple.csv").read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_from_configured_base_url(store_path, server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DYADWATCH_SANCTIONS_URL", server)
    monkeypatch.setenv("DYADWATCH_CACHE", str(tmp_path / "cache"))
    assert main(["fetch", "sanctions", "--dataset", "eu_fsf", "--store", str(store_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["designations"] == 18 and out[0]["status"] == "loaded"
    assert main(["fetch", "sanctions", "--dataset", "eu_fsf", "--format", "csv", "--store", str(store_path)]) == 0
    from dyadwatch.store import open_store
    with open_store(store_path) as st:
        urls = {r["url"] for r in st.query("SELECT url FROM sources WHERE origin LIKE 'sanctions:%'")}
    assert urls == {f"{server}/datasets/latest/eu_fsf/entities.ftm.json",
                    f"{server}/datasets/latest/eu_fsf/targets.simple.csv"}


def test_ingest_url_and_404(store, server, tmp_path, monkeypatch):
    monkeypatch.setenv("DYADWATCH_CACHE", str(tmp_path / "cache"))
    r = ingest(store, f"{server}/datasets/latest/eu_fsf/targets.simple.csv")
    assert r.entities == 3
    with pytest.raises(FetchError) as exc:
        ingest(store, f"{server}/datasets/latest/nope/entities.ftm.json")
    assert exc.value.status == 404
    assert not list((tmp_path / "cache" / "sanctions").glob("*.part"))
