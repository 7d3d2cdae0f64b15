"""The bundled UKR–BLR dataset: valid, cited, large enough, and shown by `dyadwatch assess`."""
from __future__ import annotations

import json

import pytest

from dyadwatch.cli import main
from dyadwatch.curated import bundled_files, load_bundled, parse_file


@pytest.fixture
def loaded(store):
    load_bundled(store, "ukr_blr")
    return store


def test_every_bundled_file_validates():
    files = bundled_files("ukr_blr")
    assert files and files[0].name.startswith("sources")
    for path in files:
        parse_file(path)


def test_no_source_is_listed_twice_under_two_ids(loaded):
    """One document, one id: a footnote list must not cite the same page twice."""
    dup = loaded.query("SELECT rtrim(url, '/') AS u, list(id ORDER BY id) AS ids FROM sources WHERE url IS NOT NULL "
                       "GROUP BY 1 HAVING count(*) > 1")
    assert dup == [], dup


def test_enough_cited_claims_and_events(loaded):
    assert loaded.scalar("SELECT count(*) FROM claims WHERE dyad = 'UKR-BLR' AND source_id IS NOT NULL") >= 40
    assert loaded.scalar("SELECT count(*) FROM events WHERE dyad = 'UKR-BLR'") >= 25
    orphans = loaded.query(
        "SELECT x.source_id FROM (SELECT source_id FROM claims UNION ALL SELECT source_id FROM events "
        "UNION ALL SELECT source_id FROM observations) x LEFT JOIN sources s ON s.id = x.source_id WHERE s.id IS NULL")
    assert orphans == []
    # the brief's own figures are attributed to it, and independent sources exist besides it
    assert loaded.scalar("SELECT count(*) FROM claims WHERE source_id = 'sceeus-2024-05-16'") >= 25
    assert loaded.scalar("SELECT count(DISTINCT source_id) FROM claims WHERE source_id <> 'sceeus-2024-05-16'") >= 10
    assert loaded.scalar("SELECT count(*) FROM recommendations") == 5


def test_key_brief_figures_are_present(loaded):
    vals = {(r["indicator"], r["period"], r["value"]) for r in loaded.query(
        "SELECT indicator, period, value FROM claims WHERE source_id = 'sceeus-2024-05-16'")}
    assert ("exports", "2021", 5.4e9) in vals
    assert ("turnover", "2022", 1.6e9) in vals
    assert any(i == "turnover" and p == "2022-02" and v == pytest.approx(543.2e6) for i, p, v in vals)


def test_loading_bundled_twice_changes_nothing(loaded):
    before = {t: loaded.scalar(f"SELECT count(*) FROM {t}") for t in ("sources", "claims", "events")}
    again = load_bundled(loaded, "ukr_blr")
    assert {f["status"] for f in again.files} == {"unchanged"}
    assert {t: loaded.scalar(f"SELECT count(*) FROM {t}") for t in before} == before


def test_assess_on_bundled_data(capsys, tmp_path):
    out = tmp_path / "ukr-blr.html"
    code = main(["assess", "UKR", "BLR", "--store", str(tmp_path / "s.duckdb"), "--out", str(out),
                 "--as-of", "2024-06-30", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and out.is_file()
    html = out.read_text()
    assert summary["counts"]["claims"] >= 40 and summary["counts"]["events"] >= 25
    assert summary["missing_sources"] == [] and summary["errors"] == []
    assert "$543.2m" in html and "Machulishchy" in html
    assert summary["sources_cited"] >= 30
    # the terminal summary form
    code = main(["assess", "BLR", "UKR", "--store", str(tmp_path / "s.duckdb"), "--out", str(out)])
    text = capsys.readouterr().out
    assert code == 0 and "unchanged" in text and "report written to" in text
