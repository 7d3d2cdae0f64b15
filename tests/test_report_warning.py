"""The security section's warning blocks in the assess report."""
from __future__ import annotations

import re

import pytest

from dyadwatch.assess import assess


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from dyadwatch.store import open_store

    d = tmp_path_factory.mktemp("rep")
    out = {}
    with open_store(d / "s.duckdb") as st:
        for as_of in ("2022-02-20", "2024-06-30", "2026-06-30"):
            res = assess("UKR", "BLR", store=st, out=d / f"{as_of}.html", as_of=as_of)
            out[as_of] = ((d / f"{as_of}.html").read_text(), res.summary())
    return out


def security(html: str) -> str:
    i = html.index('<section id="security">')
    return html[i:html.index("</section>", i)]


def test_security_section_has_the_warning_blocks(reports):
    html, summary = reports["2024-06-30"]
    sec = security(html)
    for title in ("Escalation warning now", "Warning probability over time", "Backtest: scores against baselines",
                  "Red lines", "Forecast registry"):
        assert f"<h3>{title}</h3>" in sec, title
    # a contribution table per target, with cited evidence
    assert sec.count("<th>log-odds added</th>") == 3
    assert "Russian troops in Belarus" in sec and 'class="fn"' in sec and "ru_troops_in_blr" not in sec
    # the chart is inline SVG with the episodes marked
    chart = sec[sec.index("<h3>Warning probability over time</h3>"):sec.index("<h3>Backtest")]
    assert "<svg" in chart and "+ allied" in chart and "− wagner" in chart and "− regional" in chart
    # scores next to the baselines
    scores = sec[sec.index("<h3>Backtest"):sec.index("<h3>Red lines")]
    assert "Brier climatology" in scores and "Brier no-change" in scores
    # one labelled definition, the same words as the command line's
    assert ("Backtest definition: weekly forecasts from 2021-01-01 to 2024-06-30, horizon 90 days, scored when "
            "the window had closed by 2024-06-30") in scores
    assert "95% interval" in scores and "Leave one episode out" in scores and "Decisive forecasts" in scores
    assert "crossed" in sec and "fairly low" in sec
    assert not summary["missing_sources"] and not summary["errors"]
    assert any(s.startswith("warning: E1 ") for s in summary["sections"]["security"])


def test_report_warning_follows_the_report_date(reports):
    def e1(html):
        m = re.search(r"E1: Ground offensive into Ukraine from Belarusian territory — ([\d.]+)% within 90 days",
                      html)
        return float(m.group(1))

    assert e1(reports["2022-02-20"][0]) > 50 > 5 > e1(reports["2024-06-30"][0])


def test_stale_readings_are_shown_as_prior_only(reports):
    html, summary = reports["2026-06-30"]
    now = security(html)
    now = now[now.index("<h3>Escalation warning now</h3>"):now.index("<h3>Warning probability over time</h3>")]
    assert now.count("prior only: no current evidence") == 3
    assert '<b>prior only</b>' in now and "is not a reading" in now
    assert "How the prior was reached" in now and "2022-Q1" in now
    assert all("prior only: no current evidence" in s for s in summary["sections"]["security"]
               if s.startswith("warning: "))
    # when there is current evidence the probability is presented as a reading
    assert "prior only" not in security(reports["2024-06-30"][0]).split("<h3>Warning probability")[0]


def test_without_the_bundled_data_the_block_says_why(tmp_path):
    from dyadwatch.store import open_store

    with open_store(tmp_path / "s.duckdb") as st:
        res = assess("UKR", "BLR", store=st, out=tmp_path / "r.html", load_bundled=False, as_of="2024-06-30")
        html = (tmp_path / "r.html").read_text()
    assert "The warning model needs its cited indicator data" in security(html)
    assert not res.summary()["errors"]
