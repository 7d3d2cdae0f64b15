"""`dyadwatch compare` and the UKR–BLR report's "Belarus's alignment with Russia" block."""
from __future__ import annotations

import json

import pytest

from dyadwatch.cli import main
from dyadwatch.compare import compare
from dyadwatch.errors import InputError


def test_compare_library(store):
    result = compare(store, ["UKR-BLR", "BLR-RUS"])
    assert [d["dyad"] for d in result["dyads"]] == ["UKR-BLR", "BLR-RUS"]
    assert {f["dyad"] for f in result["loaded"]} == {"UKR-BLR", "BLR-RUS"}
    ub, br = result["dyads"]
    # latest turnover by each country's own records, never the compiled COW line
    trade = {t["reporter"]: t for t in br["trade"]}
    assert trade["RUS"]["period"] == "2023" and trade["RUS"]["turnover_usd"] == pytest.approx(46.5e9)
    assert trade["BLR"]["turnover_usd"] == pytest.approx(54e9) and trade["BLR"]["change_pct"] == pytest.approx(8.0)
    assert {t["reporter"] for d in result["dyads"] for t in d["trade"]} <= {"UKR", "BLR", "RUS"}
    ukr = {t["reporter"]: t for t in ub["trade"]}
    assert ukr["UKR"]["period"] == "2022" and ukr["UKR"]["change_pct"] == pytest.approx(-73.77, abs=0.01)
    assert any(s["indicator"] == "import_share" and s["share_pct"] == 56.6 for s in br["shares"])
    assert br["events_by_realm"]["security"] >= 15 and sum(br["events_by_realm"].values()) == br["counts"]["events"]
    assert br["counts"]["claims"] >= 40 and ub["counts"]["claims"] >= 40
    # the bundled official-list subsets are loaded as assess loads them: US, EU and UK Belarus-regime entities
    issuers = {r["issuer"]: r["entities"] for r in br["sanctions"]["countries"]["BLR"]["by_issuer"]}
    assert br["sanctions"]["loaded"] and {"US", "EU", "UK"} <= set(issuers) and issuers["US"] == 164
    # as of a date: later events drop out
    early = compare(store, ["BLR-RUS", "UKR-BLR"], load_bundled=False, as_of="2021-12-31")
    assert sum(early["dyads"][0]["events_by_realm"].values()) < br["counts"]["events"]
    # ... and so do later claims and their sources: the counts are of what was known then, like the events
    e_ub = early["dyads"][1]["counts"]
    assert e_ub["claims"] < ub["counts"]["claims"] and e_ub["sources"] < ub["counts"]["sources"]
    from dyadwatch.countries import Dyad
    from dyadwatch.report.api import ReportContext
    from dyadwatch.report.known import known_claims
    assert e_ub["claims"] == len(known_claims(ReportContext(store=store, dyad=Dyad("UKR", "BLR"), as_of="2021-12-31")))


def test_compare_bad_input(store):
    with pytest.raises(InputError):
        compare(store, ["UKR-BLR"])
    with pytest.raises(InputError):
        compare(store, ["UKR-BLR", "BLR-UKR"])
    with pytest.raises(InputError):
        compare(store, ["UKR-XXX", "BLR-RUS"])


def test_compare_cli(tmp_path, capsys):
    st = str(tmp_path / "c.duckdb")
    assert main(["compare", "UKR-BLR", "BLR-RUS", "--store", st, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [d["dyad"] for d in out["dyads"]] == ["UKR-BLR", "BLR-RUS"]
    assert main(["compare", "UKR-BLR", "BLR-RUS", "--store", st]) == 0
    text = capsys.readouterr().out
    assert "RUS 2023: $46.50bn (+3.3%)" in text and "UKR 2022: $1.60bn (-73.8%)" in text
    assert main(["compare", "UKR-BLR", "--store", st]) == 2


def test_alignment_block_in_ukr_blr_report(store):
    from dyadwatch.countries import Dyad
    from dyadwatch.curated import load_bundled
    from dyadwatch.report.api import ReportContext
    from dyadwatch.report.structure import alignment

    load_bundled(store, "ukr_blr")
    ctx = ReportContext(store=store, dyad=Dyad("UKR", "BLR"), as_of="2025-01-31")
    (block,) = alignment(ctx)
    assert block.title == "Belarus's alignment with Russia"
    html = block.html
    assert "$54.00bn" in html and "$46.50bn" in html and "56.6%" in html
    assert "security guarantees" in html and "Oreshnik" not in html   # as of Jan 2025: the Dec 2025 step is later
    assert not ctx.missing_sources and any(s.startswith("br-") for s in ctx.footnotes)
    # not for the BLR-RUS pair itself
    assert alignment(ReportContext(store=store, dyad=Dyad("BLR", "RUS"), as_of="2025-01-31")) == []


def test_compare_counts_sanctions_when_loaded(store, shared_data):
    """With the real OpenSanctions sample loaded (test data only), designations linked to Belarus are counted by
    issuer for both dyads that include Belarus."""
    from dyadwatch.sanctions.ftm import ingest

    ingest(store, shared_data / "ftm" / "opensanctions_eu_fsf_sample.ftm.json")
    result = compare(store, ["UKR-BLR", "BLR-RUS"], load_bundled=False)
    for d in result["dyads"]:
        s = d["sanctions"]
        assert s["loaded"] and s["countries"]["BLR"]["entities"] == 3
        assert s["countries"]["BLR"]["by_issuer"] == [{"issuer": "EU", "entities": 3}]
        assert s["countries"]["UKR" if d["dyad"] == "UKR-BLR" else "RUS"]["entities"] >= 0
    assert "source_ids" in result["dyads"][0]["sanctions"]["countries"]["BLR"]


def test_alignment_leaves_a_store_without_bundled_data_alone(store):
    from dyadwatch.countries import Dyad
    from dyadwatch.report.api import ReportContext
    from dyadwatch.report.structure import alignment

    (block,) = alignment(ReportContext(store=store, dyad=Dyad("UKR", "BLR"), as_of="2025-01-31"))
    assert "No data on Belarus–Russia relations" in block.html and "assess BLR RUS" in block.html
    assert store.scalar("SELECT count(*) FROM claims") == 0


def test_all_three_bundles_load_into_one_store(store):
    """Each folder has its own copies of the shared sources (COW, V-Dem …): loading all three never collides."""
    result = compare(store, ["UKR-BLR", "BLR-RUS", "RUS-UKR"])
    assert {f["status"] for f in result["loaded"]} == {"loaded"}
    assert store.scalar("SELECT count(*) FROM sources WHERE id LIKE 'cow-trade-v4-%'") == 3
    ru = result["dyads"][2]
    assert ru["counts"]["claims"] == 0 and [t["turnover_usd"] for t in ru["trade"]] == [None, None]
    again = compare(store, ["RUS-UKR", "BLR-RUS"])
    assert {f["status"] for f in again["loaded"]} == {"unchanged"}


def test_compare_says_no_programme_data_instead_of_zero(store):
    """The bundled lists are Belarus-regime subsets: Russia has no programme in them, so its count is not 0 but
    'no Russia programme data loaded'."""
    from dyadwatch.compare import table_rows

    result = compare(store, ["UKR-BLR", "BLR-RUS"])
    rus = result["dyads"][1]["sanctions"]["countries"]["RUS"]
    assert rus["no_programme_data"] and not result["dyads"][1]["sanctions"]["countries"]["BLR"]["no_programme_data"]
    row = next(r for r in table_rows(result) if r["indicator"].startswith("sanctions"))
    assert "RUS: no Russia programme data loaded" in row["BLR-RUS"] and "RUS: 0" not in row["BLR-RUS"]
    assert "BLR: 560" in row["BLR-RUS"]
    # as of mid-2023 the UK list (May 2026) was not yet published: the earlier lists' own counts
    early = compare(store, ["UKR-BLR", "BLR-RUS"], load_bundled=False, as_of="2023-06-30")
    row = next(r for r in table_rows(early) if r["indicator"].startswith("sanctions"))
    assert "BLR: EU 229, US 164" in row["BLR-RUS"] and "UK" not in row["BLR-RUS"]


def test_compare_counts_an_event_recorded_twice_once(store):
    """The A-50 attack at Machulishchy (26 Feb 2023) is in two UKR–BLR files: the table counts it once, as the
    report's timeline lists it, and says how many were merged."""
    from dyadwatch.compare import table_rows

    result = compare(store, ["UKR-BLR", "BLR-RUS"])
    ub = result["dyads"][0]
    raw = store.scalar("SELECT count(*) FROM events WHERE dyad IN ('UKR-BLR', 'BLR-UKR') AND realm = 'security'")
    assert ub["counts"]["events_reported_twice"] >= 3
    assert ub["events_by_realm"]["security"] == raw - ub["counts"]["events_reported_twice"]
    assert sum(ub["events_by_realm"].values()) == ub["counts"]["events"]
    rows = {r["indicator"]: r for r in table_rows(result)}
    assert rows["events recorded twice, counted once"]["UKR-BLR"] == ub["counts"]["events_reported_twice"]
