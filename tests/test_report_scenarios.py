"""Scenarios with signposts: statuses computed from the store on the report date."""
from __future__ import annotations

import re

import pytest

from dyadwatch.assess import assess
from dyadwatch.report import scenarios as sc


def _scenario(html: str, sid: str) -> str:
    i = html.index(f'id="sc-{sid}"')
    return html[i:html.index("</div>", i)]


def test_status_rule():
    S = sc.Signpost
    assert sc.scenario_status([S("a", sc.SEEN, ""), S("b", sc.SEEN, ""), S("c", sc.NO_DATA, "")]) == "indicated"
    assert sc.scenario_status([S("a", sc.SEEN, ""), S("b", sc.NO_DATA, ""), S("c", sc.NO_DATA, "")]) == \
        "partly indicated"   # one of three with data is not enough to call it indicated
    assert sc.scenario_status([S("a", sc.SEEN, ""), S("b", sc.NOT_SEEN, "")]) == "partly indicated"
    assert sc.scenario_status([S("a", sc.NOT_SEEN, "")]) == "not indicated"
    assert sc.scenario_status([S("a", sc.NO_DATA, "")]) == "cannot be assessed"


def test_signposts_follow_the_evidence_of_the_report_date(bundled, tmp_path):
    out = tmp_path / "r.html"
    assess("UKR", "BLR", store=bundled, out=out, load_bundled=False, as_of="2022-02-20")
    html = out.read_text()
    assert html.index('id="key-judgements"') < html.index('id="scenarios"') < html.index('id="economic"')
    north = _scenario(html, "northern-threat")
    assert "st-indicated" in north and "latest reading: 30,000" in north
    assert re.search(r"A joint Russian–Belarusian exercise is under way</td><td>seen</td><td>latest reading: "
                     r"exercise under way \(20 February 2022\)", north)
    assess("UKR", "BLR", store=bundled, out=out, load_bundled=False, as_of="2024-09-01")
    html = out.read_text()
    assert "st-not-indicated" in _scenario(html, "northern-threat")
    frozen = _scenario(html, "frozen-hostility")
    assert "st-indicated" in frozen and "latest reading: 2,000" in frozen
    for ref in re.findall(r'href="#(fn-\d+)"', frozen):
        assert f'id="{ref}"' in html


def test_stale_store_cannot_assess(bundled):
    from dyadwatch.countries import Dyad
    from dyadwatch.report.api import ReportContext

    html = sc.scenarios(ReportContext(store=bundled, dyad=Dyad("UKR", "BLR"), as_of="2027-06-01"))[0].html
    for sid in ("frozen-hostility", "northern-threat", "belarus-joins", "thaw"):
        assert "cannot be assessed" in _scenario(html, sid)


def test_bad_signpost_is_a_clear_model_error():
    from dyadwatch.errors import ModelError

    with pytest.raises(ModelError, match="scenario x: signpost 'p': needs op"):
        sc.validate({"scenarios": [{"id": "x", "title": "t", "description": "d",
                                    "signposts": [{"text": "p", "kind": "events", "op": "~"}]}]}, "f.yaml")
