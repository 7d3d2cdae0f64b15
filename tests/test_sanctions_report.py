"""The economic section of the report: sanctions by issuer over time and the alignment index when sanctions
data are loaded (hand-computed values of tests/fixtures/sanctions/README.md), and a plain statement when not."""
from __future__ import annotations

import re
from pathlib import Path

from dyadwatch.assess import assess
from dyadwatch.curated import load_files
from dyadwatch.sanctions.ftm import ingest

FIX = Path(__file__).parent / "fixtures"


def _section(html: str) -> str:
    i = html.index("Sanctions designations and the alignment index")
    return html[i:i + 20000]


def _report_section(store, tmp_path, as_of: str, *, sanctions: bool = True) -> str:
    """The economic section's sanctions part of a report on the mini fixture (plus the FtM fixture)."""
    load_files([FIX / "curated" / "mini.yaml"], store)
    if sanctions:
        ingest(store, FIX / "sanctions" / "designations.ftm.json")
    out = tmp_path / "r.html"
    assess("UKR", "BLR", store=store, out=out, load_bundled=False, as_of=as_of)
    return _section(out.read_text(encoding="utf-8"))


def test_without_sanctions_data_the_report_says_so(store, tmp_path):
    sec = _report_section(store, tmp_path, "2024-06-01", sanctions=False)
    assert "No sanctions data are loaded" in sec and "not bundled" in sec


def test_with_fixture_designations_by_issuer_year_and_alignment(store, tmp_path):
    sec = _report_section(store, tmp_path, "2024-06-01")
    # Belarus: 14 designations of 7 entities (EU 8, US 3, UK 2, UA 1); 1 undated, never placed in a year
    assert "14 designations of 7 entities linked to Belarus (by issuer: EU 8, US 3, UK 2, UA 1)" in sec
    assert "1 designation(s) have no designation date in their list" in sec
    # alignment with Russia programmes: EU 2 of 6 (33.3%), US 1 of 2, UK 1 of 1, UA 0 of 1
    rows = dict(re.findall(r"<tr><td>(\w+)</td><td>(\d+ of \d+)</td>", sec))
    assert rows == {"EU": "2 of 6", "US": "1 of 2", "UK": "1 of 1", "UA": "0 of 1"}
    assert "<td>33.3%</td>" in sec
    assert sec.count("<svg") >= 2                # designations per year and the alignment series


def test_as_of_limits_the_years_shown(store, tmp_path):
    sec = _report_section(store, tmp_path, "2021-12-31")
    svg = sec[sec.index("<svg"):sec.index("</svg>")]
    assert "2021" in svg and "2022" not in svg and "2023" not in svg


def test_as_of_leaves_later_designations_out_of_counts_and_index(store, tmp_path):
    sec = _report_section(store, tmp_path, "2021-12-31")
    # on 2021-12-31: S1 S2 S7 S8 (EU), S10 (US), S13 (UK); nothing from Ukraine yet
    assert "6 designations of 4 entities linked to Belarus (by issuer: EU 4, UK 1, US 1)" in sec
    rows = dict(re.findall(r"<tr><td>(\w+)</td><td>(\d+ of \d+)</td>", sec))
    assert rows == {"EU": "0 of 4", "US": "0 of 1", "UK": "0 of 1"}


def _plain(sec: str) -> str:
    import html

    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", sec)))


def test_default_report_shows_the_bundled_official_lists(store_path, tmp_path):
    """`assess UKR BLR` loads the bundled OFAC, EU and UK subsets: designations by issuer, each cited to its
    list, plain warnings that the OFAC and EU lists are old, the timeline (UK only: the others give no dates)
    and the largest programmes."""
    out = tmp_path / "r.html"
    assess("UKR", "BLR", store=store_path, out=out, as_of="2026-12-01")
    page = out.read_text(encoding="utf-8")
    sec = _section(page)
    assert "560 designations of 560 entities linked to Belarus (by issuer: EU 229, UK 167, US 164)" in sec
    text = _plain(sec)
    assert "Old list. The United States list in use is from January 2023, about 4 years before" in text
    assert "The European Union list in use is from 13 September 2022" in text
    assert "not drawn: European Union, United States, whose lists give no designation dates" in text
    progs = re.findall(r"<tr><td>(\w+)</td><td>([\w-]+)</td><td>Belarus</td><td>(\d+)", sec)
    assert progs[:4] == [("EU", "BLR", "229"), ("UK", "Belarus", "167"), ("US", "BELARUS-EO14038", "91"),
                         ("US", "BELARUS", "73")]
    svg = sec[sec.index("<svg"):sec.index("</svg>")]
    assert "2020" in svg and "2025" in svg
    for title in ("OFAC Specially Designated Nationals", "EU consolidated financial sanctions list",
                  "UK Sanctions List, Belarus regime"):
        assert title in page[page.rindex("Sources"):] if "Sources" in page else title in page
    # persons / organisations / other (OFAC's three aircraft)
    assert re.search(r"United States</td><td>164<sup[^>]*>.*?</sup></td><td>93</td><td>68</td>\s*<td>3</td>",
                     sec, re.S)


def test_report_as_of_before_the_lists(store_path, tmp_path):
    out = tmp_path / "r.html"
    assess("UKR", "BLR", store=store_path, out=out, as_of="2021-12-31")
    text = _plain(_section(out.read_text(encoding="utf-8")))
    # every bundled list (EU Sept 2022, US Jan 2023, UK May 2026) was published after the report's date: a report
    # dated then shows what was known then, so none of them is used (report/known.py), and it says so
    assert "The 3 sanctions list(s) in the store that name Belarus were published after 2021-12-31" in text
    assert "designations of" not in text
