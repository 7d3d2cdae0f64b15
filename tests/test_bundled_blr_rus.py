"""The bundled BLR–RUS dataset: valid, cited, large enough, both sides' trade kept apart, and a full report."""
from __future__ import annotations

import json
import re

import pytest

from dyadwatch.cli import main
from dyadwatch.curated import bundled_files, load_bundled, parse_file


@pytest.fixture
def loaded(store):
    load_bundled(store, "blr_rus")
    return store


def test_every_file_validates_and_sources_load_first():
    files = bundled_files("blr_rus")
    assert [p.name for p in files][0] == "sources.yaml" and len(files) >= 4
    for path in files:
        parse_file(path)


def test_bundled_key_finds_it_in_either_order():
    from dyadwatch.assess import bundled_key
    from dyadwatch.countries import Dyad

    assert bundled_key(Dyad("BLR", "RUS")) == bundled_key(Dyad("RUS", "BLR")) == "blr_rus"


def test_counts_and_every_record_cites_an_existing_source(loaded):
    assert loaded.scalar("SELECT count(*) FROM claims WHERE dyad = 'BLR-RUS' AND source_id IS NOT NULL") >= 40
    assert loaded.scalar("SELECT count(*) FROM events WHERE dyad = 'BLR-RUS' AND source_id IS NOT NULL") >= 25
    orphans = loaded.query(
        "SELECT x.source_id FROM (SELECT source_id FROM claims UNION ALL SELECT source_id FROM events "
        "UNION ALL SELECT source_id FROM observations) x LEFT JOIN sources s ON s.id = x.source_id WHERE s.id IS NULL")
    assert orphans == []
    # every realm the brief names is covered, by more than one source each
    by_realm = {r["realm"]: r["n"] for r in loaded.query(
        "SELECT realm, count(DISTINCT source_id) AS n FROM claims WHERE dyad = 'BLR-RUS' GROUP BY realm")}
    assert by_realm["economic"] >= 10 and by_realm["security"] >= 8 and by_realm["political"] >= 3


def test_sources_are_unique_and_urls_are_real_addresses(loaded):
    dup = loaded.query("SELECT rtrim(url, '/') AS u FROM sources WHERE url IS NOT NULL GROUP BY 1 HAVING count(*) > 1")
    assert dup == []
    for row in loaded.query("SELECT id, url FROM sources WHERE id LIKE 'br-%'"):
        assert row["url"] is None or re.match(r"^https?://[^ ]+\.[a-z]{2,}/", row["url"]), row
    # ids shared with the Ukraine-Belarus dataset are the documents both cite: one id, the same fields in both
    # (tests/test_report_sources.py checks that no document has two ids)
    from dyadwatch.curated import parse_file as pf
    ukr = {rec.id: rec for p in bundled_files("ukr_blr") for _, rec in pf(p).records["sources"]}
    ours = {rec.id: rec for p in bundled_files("blr_rus") for _, rec in pf(p).records["sources"]}
    assert set(ukr) & set(ours) == {"politico-2023-03-25-tnw-belarus", "wion-2023-06-17-tnw-first-batch",
                                    "pravdaru-2021-11-04-union-state", "sec-opednews-2021-06-02-zapad-plan"}
    assert all(ukr[i].model_dump() == ours[i].model_dump() for i in set(ukr) & set(ours))


def test_key_topics_are_dated(loaded):
    events: dict[str, str] = {}
    for r in loaded.query("SELECT date, summary FROM events WHERE dyad = 'BLR-RUS'"):
        events[r["date"]] = events.get(r["date"], "") + " " + r["summary"]
    assert "treaty on security guarantees" in events["2024-12-06"]
    assert "Zapad-2021" in events["2021-09-10"] and "Zapad-2025" in events["2025-09-12"]
    assert "Union Resolve" in events["2022-02-10"] and "regional grouping" in events["2022-10-10"]
    assert "28 Union programmes" in events["2021-11-04"]
    assert loaded.scalar("SELECT count(*) FROM claims WHERE indicator = 'gas_price'") >= 2
    assert loaded.scalar("SELECT value FROM claims WHERE id = 'br-npp-loan-amount'") == 10e9


def test_trade_figures_stay_apart_by_reporter(loaded):
    """Russia's 2023 figure and Belarus's differ by billions; both are kept, each under its own reporter."""
    from dyadwatch.realms.economic import summary

    s = summary(loaded, "BLR", "RUS", "2023", compare="2022")
    rows = {r["reporter"]: r for r in s["rows"]}
    assert rows["RUS"]["turnover_usd"] == pytest.approx(46.5e9)
    assert rows["BLR"]["turnover_usd"] == pytest.approx(54e9)
    # from BLR's point of view, Russia's records of its imports from Belarus are BLR's exports
    assert rows["RUS"]["exports_usd"] == pytest.approx(23.9e9) and rows["RUS"]["imports_usd"] == pytest.approx(22.6e9)
    assert rows["BLR"]["change_pct"] == pytest.approx(8.0) and rows["RUS"]["change_pct"] == pytest.approx(3.33, abs=0.01)


def test_assess_blr_rus_writes_a_full_cited_report(capsys, tmp_path):
    out = tmp_path / "blr-rus.html"
    code = main(["assess", "BLR", "RUS", "--store", str(tmp_path / "s.duckdb"), "--out", str(out),
                 "--as-of", "2026-01-31", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and out.is_file()
    assert summary["missing_sources"] == [] and summary["errors"] == []
    assert summary["counts"]["claims"] >= 40 and summary["counts"]["events"] >= 25
    assert summary["sources_cited"] >= 35
    for realm in ("economic", "political", "security"):
        assert summary["sections"][realm], realm
    html = out.read_text()
    assert "Oreshnik" in html and "Astravets" in html and "RUS records" in html and "BLR records" in html
    # key judgements ship for this dyad too (rules in data/judgements/blr_rus.yaml)
    assert "military integration" in html and "trade stays tied to Russia" in html
    # every footnote number in the body resolves to a listed source
    cited = set(re.findall(r'href="#fn-(\d+)"', html))
    listed = set(re.findall(r'id="fn-(\d+)"', html))
    assert len(cited) >= 35 and cited <= listed
