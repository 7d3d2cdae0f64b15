"""Event-data blocks of the political, security and civil-society sections of `dyadwatch assess`."""
from __future__ import annotations

import re
from pathlib import Path

from gdelt_rows import event, write

from dyadwatch.assess import assess
from dyadwatch.curated import load_files
from dyadwatch.sources import gdelt

FIXTURE = Path(__file__).parent / "fixtures" / "curated" / "mini.yaml"
REALMS = ("political", "security", "civil_society")


def section(page: str, realm: str) -> str:
    start = page.index(f'<section id="{realm}">')
    return page[start:page.index("</section>", start)]


def test_no_event_data_is_said_plainly(store, tmp_path):
    out = tmp_path / "r.html"
    result = assess("UKR", "BLR", store=store, out=out, load_bundled=False, as_of="2024-06-01")
    page = out.read_text()
    for realm in REALMS:
        text = section(page, realm)
        assert "No event data in the store; run <code>dyadwatch ingest gdelt …</code>" in text
        assert "no event data in the store" in result.report["sections"][realm]
    assert "No event data" not in section(page, "economic")
    assert result.report["errors"] == []


def test_event_charts_with_timeline_and_sources(store, tmp_path):
    load_files([FIXTURE], store)
    lines = [
        event("RUS", "UKR", "190", quad=4, gold=-10, date="20220224", loc="BO", a1type="MIL"),
        event("RUS", "UKR", "195", quad=4, gold=-10, date="20220225", loc="BO", a1type="MIL"),
        event("UKR", "BLR", "111", quad=3, gold=-2, date="20220301", a1type="GOV"),
        event("BLR", "UKR", "042", quad=1, gold=1.9, date="20220110", a1type="GOV"),
        event("BLR", "UKR", "042", quad=1, gold=1.9, date="20220110", a1type="GOV"),   # a duplicate
        event("UKR", "BLR", "190", quad=4, gold=-10, date="20240801", a1type="MIL"),   # after the as-of date
    ]
    gdelt.ingest(store, [write(tmp_path / "e.CSV", lines)])
    out = tmp_path / "r.html"
    result = assess("UKR", "BLR", store=store, out=out, load_bundled=False, as_of="2024-06-01")
    page = out.read_text()
    sec = section(page, "security")
    assert "Security events per month, UKR-BLR" in sec and "<svg" in sec
    # the data table under the chart: February 2022 has two events by others in Belarus, January none
    table = sec[sec.index("<table class=\"data\">"):]
    feb = re.search(r"<tr><td>2022-02</td>(.*?)</tr>", table).group(1)
    assert "<td>2</td>" in feb
    assert "2024-08" not in sec  # published after the as-of date
    # the curated invasion event of 24 Feb 2022 (security) is marker 1 at 2022-02, listed below the chart
    assert re.search(r'class="mkt"[^>]*>1</text>', sec) and "Test event: &lt;b&gt;offensive&lt;/b&gt;" in sec
    pol = section(page, "political")
    assert "Political events per month" in pol and "Cooperation–conflict balance" in pol
    # counted once: the duplicated 042 of 10 Jan is one event
    assert "2 political events" in " ".join(result.report["sections"]["political"])
    civ = section(page, "civil_society")
    assert "none of them civil society" in civ
    # every figure's dataset is a footnoted source listed at the end
    assert re.search(r'gdelt2<sup class="fn">\[<a href="#fn-\d+">', sec)
    sources = page[page.index('<section id="sources">'):]
    assert "GDELT 2.0 Event Database" in sources
    assert result.report["missing_sources"] == [] and result.report["errors"] == []


def test_alerts_appear_in_their_section(store, tmp_path):
    lines = []
    for week in range(12):  # one fight a fortnight, then ten in the week of the as-of date
        if week % 2 == 0:
            lines.append(event("BLR", "UKR", "190", quad=4, gold=-10, date=f"2022{1 + week // 4:02d}"
                               f"{3 + 7 * (week % 4):02d}", a1type="MIL"))
    codes = ["190", "191", "192", "193", "194", "195", "196", "180", "181", "182"]
    lines += [event("BLR", "UKR", c, quad=4, gold=-10, date="20220328", a1type="MIL") for c in codes]
    gdelt.ingest(store, [write(tmp_path / "a.CSV", lines)])
    out = tmp_path / "r.html"
    result = assess("UKR", "BLR", store=store, out=out, load_bundled=False, as_of="2022-03-30")
    sec = section(out.read_text(), "security")
    assert "escalation events (security, BLR-&gt;UKR)" in sec
    assert any("escalation alert" in s for s in result.report["sections"]["security"])
