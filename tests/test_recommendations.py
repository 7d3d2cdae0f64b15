"""The recommendation tracker: `recommendations list|update` in the CLI (table and --json), the audit log that
survives reloading curated data, errors, and the report's policy section (status and dated evidence)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyadwatch.cli import main
from dyadwatch.curated import load_files
from dyadwatch.sanctions.recommendations import list_recommendations, update

FIXTURE = Path(__file__).parent / "fixtures" / "curated" / "mini.yaml"


@pytest.fixture
def loaded(store_path):
    from dyadwatch.store import open_store
    with open_store(store_path) as st:
        load_files([FIXTURE], st)
    return store_path


def cli(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list_shows_status_and_curated_evidence(loaded, capsys):
    code, out, _ = cli(capsys, "recommendations", "list", "--store", str(loaded), "--json")
    assert code == 0
    recs = {r["id"]: r for r in json.loads(out)}
    r = recs["t-rec-1"]
    assert (r["actor"], r["status"], r["status_origin"], r["history"]) == ("EU", "open", "curated", [])
    curated = [e for e in r["evidence"] if e["origin"] == "curated"]
    assert curated == [{"date": "2024-05-20", "note": "a test evidence item", "source_id": "test-stats",
                        "claim_id": None, "event_id": None, "origin": "curated"}]
    # the bundled evidence file is for the SCEEUS recommendations; the fixture's recommendation gets none of it
    assert all(e["origin"] != "bundled" for e in r["evidence"])
    code, out, _ = cli(capsys, "recommendations", "list", "--store", str(loaded))
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("t-rec-1"))
    assert "open" in line and "2024-05-20" in line and "Fund civil society" in line


def test_update_status_and_evidence_then_list(loaded, capsys):
    code, out, _ = cli(capsys, "recommendations", "update", "t-rec-1", "--status", "in progress",
                       "--evidence-note", "EU announces a funding line", "--evidence-date", "2024-09-02",
                       "--evidence-source", "test-stats", "--evidence-event", "e-ambassador",
                       "--store", str(loaded), "--json")
    assert code == 0, out
    res = json.loads(out)
    assert (res["previous_status"], res["status"]) == ("open", "in progress")
    assert res["evidence"]["event_id"] == "e-ambassador"
    code, out, _ = cli(capsys, "recommendations", "update", "t-rec-1", "--status", "done", "--store", str(loaded))
    assert code == 0 and "in progress -> done" in out
    code, out, _ = cli(capsys, "recommendations", "list", "--store", str(loaded), "--json")
    r = next(x for x in json.loads(out) if x["id"] == "t-rec-1")
    assert r["status"] == "done" and r["curated_status"] == "open" and r["status_origin"] == "update"
    assert [(h["from"], h["to"]) for h in r["history"]] == [("open", "in progress"), ("in progress", "done")]
    assert [e["date"] for e in r["evidence"]] == ["2024-05-20", "2024-09-02"]     # oldest first
    assert r["evidence"][1]["origin"] == "user" and r["evidence"][1]["source_id"] == "test-stats"


def test_updates_survive_reloading_the_curated_file(loaded):
    from dyadwatch.store import open_store
    with open_store(loaded) as st:
        update(st, "t-rec-1", status="abandoned", note="dropped from the agenda", date="2025-01-10")
        load_files([FIXTURE], st)                  # curated status is still "open" in the file
        r = next(x for x in list_recommendations(st) if x["id"] == "t-rec-1")
        assert r["status"] == "abandoned" and r["curated_status"] == "open"
        assert any(e["note"] == "dropped from the agenda" for e in r["evidence"])


@pytest.mark.parametrize("args, message", [
    (["t-rec-9", "--status", "done"], "did you mean t-rec-1"),
    (["t-rec-1"], "nothing to update"),
    (["t-rec-1", "--evidence-note", "x"], "evidence needs a date"),
    (["t-rec-1", "--evidence-note", "x", "--evidence-date", "2024-02-30"], "2024-02-30"),
    (["t-rec-1", "--status", "done", "--evidence-date", "2024-02-01"], "evidence needs a note"),
    (["t-rec-1", "--evidence-note", "x", "--evidence-date", "2024-02-01", "--evidence-source", "nope"],
     "unknown source 'nope'"),
    (["t-rec-1", "--status", "finished"], "'finished' is not one of"),
])
def test_update_errors_exit_2_and_change_nothing(loaded, capsys, args, message):
    from dyadwatch.store import open_store
    with open_store(loaded) as st:
        before = st.scalar("SELECT count(*) FROM recommendation_updates WHERE origin = 'user'")
    code, out, err = cli(capsys, "recommendations", "update", *args, "--store", str(loaded))
    assert code == 2 and message in err + out, err + out
    with open_store(loaded) as st:
        assert st.scalar("SELECT count(*) FROM recommendation_updates WHERE origin = 'user'") == before


def test_report_policy_section_shows_status_and_dated_evidence(loaded, tmp_path):
    from dyadwatch.assess import assess
    from dyadwatch.store import open_store
    with open_store(loaded) as st:
        update(st, "t-rec-1", status="in progress", note="a later step <b>bold</b>", date="2024-09-02",
               source="test-stats")
        out = tmp_path / "r.html"
        assess("UKR", "BLR", store=st, out=out, load_bundled=False, as_of="2024-06-01")
        html = out.read_text(encoding="utf-8")
        policy = html[html.index("Recommendations: status and evidence"):]
        # a past-dated report shows the recommendation as it stood then: the status logged today is not shown,
        # nor is evidence dated later (not even as a count of later items)
        assert "<span class='status s-open'>open</span> <b>EU</b>: Fund civil society" in policy
        assert "<time>2024-05-20</time> a test evidence item" in policy
        assert "a later step" not in policy and "later item(s)" not in policy and "status history" not in policy
        out2 = tmp_path / "r2.html"
        assess("UKR", "BLR", store=st, out=out2, load_bundled=False)   # today: the logged status and its history
        html2 = out2.read_text(encoding="utf-8")
        assert "a later step &lt;b&gt;bold&lt;/b&gt;" in html2 and "<b>bold</b>" not in html2
        assert "<span class='status s-in-progress'>in progress</span> <b>EU</b>: Fund civil society" in html2
        assert "status history: open → in progress" in html2
