"""A past-dated report shows only what was known on its date (report/known.py): no footnote to a source
published later, no dated item after the date, forecasts as they stood, and a plain note that it is past-dated."""
from __future__ import annotations

import re

import pytest

from dyadwatch.report.known import last_day

# dates in the body that are not about the data: when the report (or the earlier one) was made
_META = re.compile(r"generated \d{4}-\d{2}-\d{2}|made on \d{4}-\d{2}-\d{2}|\(made \d{4}-\d{2}-\d{2}")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH_YEAR = re.compile(r"\b(?P<m>January|February|March|April|May|June|July|August|September|October|November|"
                         r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+(?:\d{1,2},\s+)?(?P<y>(?:19|20)\d\d)\b")
_AHEAD = re.compile(r"\b(?:by|until|till|before|deadline of)\s+(?:\d{1,2}\s+)?$")
_DATE = re.compile(r"\b(20\d{2}|19\d{2})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?\b")


@pytest.fixture(scope="module")
def reports(tmp_path_factory, bundled_path):
    """The bundled UKR–BLR store (with the sanctions lists and the BLR–RUS data) assessed on two past dates."""
    import shutil

    from dyadwatch.assess import assess
    from dyadwatch.store import open_store

    tmp = tmp_path_factory.mktemp("hindsight")
    path = tmp / "store.duckdb"
    shutil.copy(bundled_path, path)
    out = {}
    with open_store(path) as st:
        for day in ("2022-02-20", "2023-06-30"):
            res = assess("UKR", "BLR", store=st, out=tmp / f"{day}.html", as_of=day)
            out[day] = (res.out.read_text("utf-8"), res.report)
        dates = {s["id"]: s["date"] for s in st.query("SELECT id, CAST(date AS VARCHAR) AS date FROM sources")}
    return out, dates


def _text(page: str) -> str:
    import html

    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _body(page: str) -> str:
    body = page[:page.index('id="sources"')]
    body = re.sub(r"<style.*?</style>", "", body, flags=re.S)
    body = re.sub(r"<td>\d{4}-\d{2}-\d{2}</td>(?=<td>[^<]*</td>\s*<td)", "", body)  # registry: issued, resolves
    return _META.sub("", body)


@pytest.mark.parametrize("day", ["2022-02-20", "2023-06-30"])
def test_no_footnote_to_a_source_published_after_the_report_date(reports, day):
    (pages, dates) = reports
    page, summary = pages[day]
    cited = re.findall(r'<li id="fn-\d+"><span class="code">([^<]+)</span>', page)
    assert len(cited) > 10, "the report should still cite what was known then"
    later = {sid: dates[sid] for sid in cited if (last_day(dates.get(sid)) or "") > day}
    assert not later, f"sources published after {day} are cited: {later}"
    assert not summary["errors"] and not summary["hindsight"]


@pytest.mark.parametrize("day", ["2022-02-20", "2023-06-30"])
def test_no_dated_item_after_the_report_date(reports, day):
    page, _ = reports[0][day]
    body = _body(page)
    later = sorted({m.group(0) for m in _DATE.finditer(body) if m.group(0)[:len(day)] > day[:len(m.group(0))]})
    # a registered forecast's window may end after the report's date: its resolution date is the only exception
    assert not later, f"dates after {day} in the report body: {later}"
    text = _text(body)
    # a deadline stated in a known item ("storage ready by 1 July 2023", said in March) looks ahead; not hindsight
    named = sorted({m.group(0) for m in _MONTH_YEAR.finditer(text)
                    if f"{m.group('y')}-{_MONTHS.index(m.group('m')[:3].lower()) + 1:02d}" > day[:7]
                    and not _AHEAD.search(text, max(0, m.start() - 20), m.start())})
    assert not named, f"months after {day} named in words in the report body: {named}"


def test_past_dated_report_says_so_and_uses_no_later_lists_or_recommendations(reports):
    page, summary = reports[0]["2022-02-20"]
    text = _text(page)
    assert "This report is past-dated" in text and "shows only what was known on 2022-02-20" in text
    # every bundled sanctions list (EU Sept 2022, US Jan 2023, UK May 2026) was published later
    assert "were published after 2022-02-20" in text and "511 designations" not in text
    # the recommendations come from the SCEEUS brief of May 2024
    assert "No recommendation tracked for this dyad had been made by 2022-02-20" in text
    # the brief's red lines are not assessed before it existed; the invasion of 24 Feb is not an onset yet
    assert "does not assess them" in text
    # the economic claims all come from later sources (the brief of May 2024 and others): said plainly
    assert "No claim for this realm was stated by a source published by 2022-02-20" in text
    assert "2022-02-24" not in _body(page)
    # in mid-2023 the EU and US lists were published, the UK list (May 2026) was not
    later = _text(reports[0]["2023-06-30"][0])
    assert "European Union designations only" in later and "United States designations only" in later
    assert "United Kingdom designations only" not in later
    assert "1 sanctions list(s) in the store were published after this report's date" in later


def test_registry_outcome_resolved_later_shows_open(reports):
    page, _ = reports[0]["2023-06-30"]
    rows = re.findall(r"<tr><td>(metaculus[^<]*)</td>.*?</tr>", page, flags=re.S)
    assert rows, "the Metaculus question (issued 2022-05-31) is known in mid-2023"
    row = re.search(r"<tr><td>metaculus.*?</tr>", page, flags=re.S).group(0)
    # the store resolves it only today (a past-dated report resolves nothing): on 2023-06-30 it was unresolved
    assert "<td>overdue</td>" in row and "<td>no</td>" not in row and "by rule" not in row


def test_structural_indices_as_known_then(bundled):
    """V-Dem version 10 (2020) is not used before it was published; after, only years that had ended."""
    from dyadwatch.countries import Dyad
    from dyadwatch.report.api import ReportContext
    from dyadwatch.report.structure import political

    early = ReportContext(store=bundled, dyad=Dyad("UKR", "BLR"), as_of="2018-06-30")
    (block,) = political(early)
    assert "published after 2018-06-30" in block.html and not early.footnotes and not early.hindsight
    later = ReportContext(store=bundled, dyad=Dyad("UKR", "BLR"), as_of="2021-06-30")
    (block,) = political(later)
    assert later.footnotes and not later.hindsight and "2019" in block.html
