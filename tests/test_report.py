"""The assessment report: figures with footnotes, charts, escaping, atomic writing."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dyadwatch.assess import assess
from dyadwatch.curated import load_files
from dyadwatch.report import svg

FIXTURE = Path(__file__).parent / "fixtures" / "curated" / "mini.yaml"


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag in ("script", "link", "img") and (a.get("src") or a.get("href")):
            self.external.append(a.get("src") or a.get("href"))


@pytest.fixture
def report(store, tmp_path):
    load_files([FIXTURE], store)
    out = tmp_path / "r.html"
    result = assess("UKR", "BLR", store=store, out=out, load_bundled=False, as_of="2024-06-01")
    return result, out.read_text(encoding="utf-8")


def test_report_has_every_realm_and_the_figures(report):
    result, html = report
    for realm in ("economic", "political", "security", "civil_society", "policy"):
        assert f'id="{realm}"' in html
    assert "$5.40bn" in html                      # the claim's value, formatted
    assert "approximately 2,000 persons" in html  # hedge kept
    assert "30,000–40,000 persons" in html        # range kept
    assert "Fund civil society" in html and "a test evidence item" in html
    assert result.report["counts"] == {"claims": 3, "events": 2, "observations": 1}


def test_every_footnote_resolves_to_a_listed_source(report):
    _, html = report
    p = Collector()
    p.feed(html)
    notes = [h for h in p.hrefs if h.startswith("#fn-")]
    assert notes, "no footnotes"
    for h in notes:
        assert h[1:] in p.ids, f"footnote {h} has no source entry"
    assert "Test Statistics Office" in html and "https://example.org/stats" in html
    assert "source not found" not in html


def test_charts_are_inline_svg_with_data_tables(report):
    _, html = report
    p = Collector()
    p.feed(html)
    assert p.tags.count("svg") >= 2  # the timeline and the troop series
    assert "Russian troops in Belarus" in html  # the stated series chart, its indicator named in words
    assert "ru_troops_in_blr" not in html and "ru troops in blr" not in html
    assert p.external == [], f"report must be self-contained, found {p.external}"


def test_text_is_escaped(report):
    _, html = report
    assert "<b>offensive</b>" not in html
    assert "&lt;b&gt;offensive&lt;/b&gt; &amp; more" in html


def test_as_of_hides_later_figures(store, tmp_path):
    load_files([FIXTURE], store)
    out = tmp_path / "early.html"
    assess("UKR", "BLR", store=store, out=out, load_bundled=False, as_of="2022-02-28")
    html = out.read_text()
    assert "approximately 2,000" not in html          # a 2024 figure
    assert "Test event: ambassador recalled" not in html  # a March 2022 event
    assert "offensive" in html


def test_unwritable_output_is_input_error_and_leaves_no_temp(store, tmp_path):
    from dyadwatch.errors import InputError
    target = tmp_path / "dir"
    target.mkdir()
    with pytest.raises(InputError, match="cannot write"):
        assess("UKR", "BLR", store=store, out=target, load_bundled=False)
    assert [p.name for p in target.iterdir()] == []
    assert not list(tmp_path.glob(".dyadwatch-*"))


def test_line_chart_breaks_on_missing_points_and_lists_data():
    out = svg.line_chart({"a": [("2020", 1.0), ("2021", None), ("2022", 3.0)]}, "T", kind="number")
    assert out.count("<path") == 0 and out.count("<circle") == 2   # two lone points, no line across the gap
    assert re.search(r"<td>2021</td><td>–</td>", out)


def test_empty_chart_says_so():
    assert "no data" in svg.line_chart({}, "Nothing")
    assert "no events" in svg.timeline([], "Nothing")


def test_footnotes_in_captions_are_markup_not_text(report):
    _, html = report
    assert "&lt;sup" not in html and "&lt;a href" not in html


def test_annual_and_monthly_figures_get_separate_charts():
    from dyadwatch.report.curated import period_point
    assert period_point("2021") == ("year", "2021")
    assert period_point("2022-02") == ("month", "2022-02")
    assert period_point("2022-02-24") == ("month", "2022-02")
    assert period_point("2022-01/2022-02") == ("month", "2022-01")
    assert period_point("2023-01/2023-07") is None  # a seven-month total is not a monthly point
    assert period_point("2022-H2") is None


def test_flat_or_single_period_claim_series_get_no_chart():
    from dyadwatch.report.curated import claim_series_charts

    class Ctx:
        a, b, as_of, sources = "UKR", "BLR", "2024-06-01", {}

        def cite(self, *ids):
            return "".join(f"[{i}]" for i in ids)

    def claim(period, value, sid):
        return {"kind": "count", "value": value, "period": period, "indicator": "embassy_staff", "unit": "persons",
                "reporter": "UKR", "partner": "BLR", "source_id": sid}

    flat = [claim("2022-03", 5, "a"), claim("2024-05", 5, "b")]
    assert claim_series_charts(Ctx(), flat) == []
    assert claim_series_charts(Ctx(), flat[:1]) == []
    moving = [claim("2022-03", 5, "a"), claim("2024-05", 9, "b")]
    charts = claim_series_charts(Ctx(), moving)
    assert len(charts) == 1 and "<svg" in charts[0] and "Embassy staff" in charts[0]


@pytest.mark.parametrize("mask,mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_report_file_gets_the_users_umask(store, tmp_path, mask, mode):
    import os
    import stat

    old = os.umask(mask)
    try:
        out = tmp_path / "r.html"
        assess("UKR", "BLR", store=store, out=out, load_bundled=False, as_of="2024-06-01")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == mode
    assert not list(tmp_path.glob(".dyadwatch-*"))


def test_same_event_in_two_spellings_is_listed_once():
    from dyadwatch.report.curated import dedupe_events

    ev = [{"date": "2022-10-10", "summary": "Lukashenko announces deployment of a joint Russia-Belarus regional "
           "grouping, citing a threat from Ukraine", "source_id": "a", "code": "154"},
          {"date": "2022-10-10", "summary": "At least ten kamikaze drones launched at Ukraine from Belarus",
           "source_id": "b", "code": "195"},
          {"date": "2022-10-10", "summary": "Lukashenka announces deployment of a joint Belarusian-Russian regional "
           "grouping of forces, citing alleged threats from Ukraine.", "source_id": "c", "code": "154"},
          {"date": "2022-10-11", "summary": "Lukashenka announces deployment of a joint Belarusian-Russian regional "
           "grouping of forces, citing alleged threats from Ukraine.", "source_id": "d", "code": "154"}]
    out = dedupe_events(ev)
    assert [e["source_id"] for e in out] == ["c", "b", "d"]   # the longer wording kept, drones kept apart
    assert out[0]["also_sources"] == ["a"]


def test_bundled_timeline_lists_each_event_once(bundled, tmp_path):
    out = tmp_path / "r.html"
    assess("UKR", "BLR", store=bundled, out=out, load_bundled=False, as_of="2024-09-01")
    html = out.read_text()
    i = html.index('id="overview"')
    overview = html[i:html.index("</section>", i)]
    items = re.findall(r"<li><time>([\d-]+)</time>(.*?)</li>", overview)
    for day in ("2022-06-25", "2022-12-29", "2023-02-26"):
        assert sum(1 for d, _ in items if d == day) == 1, day
    grouping = [t for d, t in items if d == "2022-10-10" and "regional grouping" in t]
    assert len(grouping) == 1
    assert 'title="event code 161: diplomatic relations reduced or broken off"' in overview


def test_plain_language_in_the_report_body(bundled, tmp_path):
    """No snake_case identifiers, file paths or '-0.00' in the analyst-facing text of the report's own
    sections (the warning blocks of the security section are checked by their own tests)."""
    out = tmp_path / "r.html"
    assess("UKR", "BLR", store=bundled, out=out, load_bundled=False, as_of="2024-09-01")
    html = out.read_text()
    for sid in ("key-judgements", "scenarios", "overview", "economic", "political", "civil_society", "policy",
                "methods"):
        i = html.index(f'<section id="{sid}"')
        body = re.sub(r"<code>.*?</code>", "", html[i:html.index("</section>", i)], flags=re.S)
        text = re.sub(r"<[^>]+>", " ", body)
        assert not re.findall(r"\b[a-z0-9]+_[a-z0-9_]+\b", text), sid
        assert not re.findall(r"[-−]0\.0+\b", text), sid
        assert not re.findall(r"\b[\w/]+\.(?:yaml|md|py)\b", text), sid
    assert "logit" not in html[:html.index('id="security"')]
