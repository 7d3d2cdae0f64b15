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
    assert "<svg" in chart and "+ allied resolve 2022" in chart and "− wagner" in chart and "− regional" in chart
    assert "invasion from Belarus" in chart          # the dyad's key events, as on the other time charts
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


def _block(sec: str, title: str) -> str:
    i = sec.index(f"<h3>{title}</h3>")
    j = sec.find("<h3>", i + 1)
    return sec[i:j if j > 0 else len(sec)]


def test_chart_runs_on_to_the_report_date_as_a_separate_labelled_stretch(reports):
    inside = _block(security(reports["2024-06-30"][0]), "Warning probability over time")
    later = _block(security(reports["2026-06-30"][0]), "Warning probability over time")
    # a report dated inside the backtest window has no extension; a later one has one line per target
    assert "after the backtest window" not in inside
    for tid in ("E1", "E2", "E3"):
        assert f"{tid} (90 d), after the backtest window" in later
    assert "end of backtest" in later and "not scored" in later
    assert "2024-06-30 to 2026-06-30" in later and "2026-06-30" in later
    # from 2025 every reading is stale: the caption says how many points are the prior only
    m = re.search(r"(\d+) of their (\d+)\s+points are the prior only", later)
    assert m and 0 < int(m.group(1)) <= int(m.group(2))
    assert "rest on a launch record that ends on that day" in later
    # the standard backtest is what it was: the later report scores the standard window's 176 forecasts
    scores = _block(security(reports["2026-06-30"][0]), "Backtest: scores against baselines")
    assert "<tr><td>Ground offensive into Ukraine from Belarusian territory</td><td class=num>176</td>" in scores
    assert "weekly forecasts from 2021-01-01 to 2024-06-30, horizon 90 days (176 scored)" in scores


def test_red_lines_and_registry_are_rendered_from_templates_and_escaped(reports):
    sec = security(reports["2026-06-30"][0])
    red = _block(sec, "Red lines")
    assert red.count('<span class="status">') >= 4 and "refrains)" in red and 'class="fn"' in red
    reg = _block(sec, "Forecast registry")
    assert "sceeus-2024-05-16-e1" in reg and "metaculus-10423-belarus-invades-ukraine" in reg
    # the E1 forecast is resolved by rule (record complete to 2025-09-16); E2 is overdue and says why
    row = lambda i: reg[reg.index(i):reg.index("</tr>", reg.index(i))]  # noqa: E731
    assert "<td>no</td>" in row("sceeus-2024-05-16-e1") and "record complete to 2025-09-16" in row("sceeus-2024-05-16-e1")
    # the sources behind E1's completeness date are footnotes, not ids in the text
    assert "launch-unn" not in row("sceeus-2024-05-16-e1") and 'class="fn"' in row("sceeus-2024-05-16-e1").split("record complete")[1]
    assert "<td>overdue</td>" in row("sceeus-2024-05-16-e2") and "resolve by hand" in row("sceeus-2024-05-16-e2")
    assert "10.0%–25.0%" in row("sceeus-2024-05-16-e2")
    # the note's quotation marks are escaped by the template, not emitted raw
    assert "&#34;fairly low&#34;" in reg or "&quot;fairly low&quot;" in reg


def test_a_pair_without_a_card_says_so_without_a_path(tmp_path):
    from dyadwatch.store import open_store

    with open_store(tmp_path / "s.duckdb") as st:
        assess("POL", "LTU", store=st, out=tmp_path / "r.html", as_of="2024-06-30")
    sec = security((tmp_path / "r.html").read_text())
    assert "No warning model ships for POL-LTU" in sec
    para = re.search(r"<p[^>]*>No warning model ships[^<]*</p>", sec)
    assert para and "/" not in para.group(0).replace("</p>", "")
    assert "data/warning" not in sec and "--card" not in sec


def test_thin_history_note_has_no_identifier_or_path(reports):
    sec = security(reports["2024-06-30"][0])
    assert "only 1 onset of E1" in sec and "reference-class scores below" in sec
    assert "reference_class" not in sec and "docs/warning.md" not in sec and "onset(s)" not in sec
