"""Data currency: source_status() read from the store itself, and the report's data-currency banner."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from dyadwatch.currency import next_period, period_end, source_status
from test_gdelt_fetch import gdelt_row, zipped


def _by(status, source, reporter=None):
    return next(e for e in status if e["source"] == source and e.get("reporter") == reporter)


@pytest.mark.parametrize("text,end", [("2021", "2021-12-31"), ("2021-02", "2021-02-28"), ("202402", "2024-02-29"),
                                      ("2022-02-24", "2022-02-24"), ("2023-01/2023-07", "2023-07-31"),
                                      ("2023-Q3", "2023-09-30")])
def test_period_end(text, end):
    assert period_end(text) == dt.date.fromisoformat(end)
    assert next_period("2021") == "2022" and next_period("2021-12") == "2022-01"


def test_bundled_store_in_december_2026_is_stale_everywhere(bundled):
    status = source_status(bundled, "UKR", "BLR", as_of="2026-12-05")
    assert {e["source"] for e in status} == {"gdelt", "comtrade", "sanctions", "curated"}
    assert all(e["stale"] for e in status)
    for e in status:
        assert set(("source", "last_update", "last_success", "covers_from", "covers_to", "rows", "stale",
                    "stale_rule", "next_expected", "error")) <= set(e)
    cur = _by(status, "curated")
    assert cur["covers_to"] == "2025-09-17" and not cur["missing"] and cur["age_days"] == 444
    assert _by(status, "gdelt")["missing"] and _by(status, "comtrade", "BLR")["missing"]
    assert "2 day" in _by(status, "gdelt")["stale_rule"]


def test_curated_coverage_counts_only_the_pair_and_its_countries(bundled):
    # RUS-UKR has no curated facts newer than 2019 (V-Dem) in the bundled data; UKR-BLR's and BLR-RUS's
    # newer facts (to 2025) must neither count as its rows nor make it look current
    own = bundled.scalar("SELECT count(*) FROM observations WHERE dataset = 'curated' AND reporter IN ('RUS', 'UKR') "
                         "AND (partner IN ('RUS', 'UKR') OR partner IS NULL)")
    assert bundled.scalar("SELECT count(*) FROM observations WHERE reporter = 'BLR' AND partner = 'UKR'")
    cur = _by(source_status(bundled, "RUS", "UKR", as_of="2026-12-05"), "curated")
    assert cur["rows"] == own + (bundled.scalar("SELECT count(*) FROM events WHERE dyad IN ('RUS-UKR', 'UKR-RUS')")
                                 or 0) and cur["covers_to"] < "2020"


def test_a_sanctions_list_is_as_old_as_its_own_date_not_its_load(bundled):
    from dyadwatch.sanctions.bundled import ensure_bundled

    ensure_bundled(bundled)                   # loaded today: OFAC about January 2023, EU 13 Sep 2022, UK May 2026
    s = _by(source_status(bundled, "UKR", "BLR", as_of="2026-12-05"), "sanctions")
    assert {x["date"] for x in s["lists"]} == {"2023-01-31", "2022-09-13", "2026-05-31"}
    assert all(x["dated_by"] == "list" for x in s["lists"]) and s["covers_to"] == "2026-05-31"
    assert s["stale"] and s["age_days"] == (dt.date(2026, 12, 5) - dt.date(2022, 9, 13)).days
    assert "publication date" in s["stale_rule"]
    text, _ = _banner(bundled, "2026-12-05")
    assert "lists dated 2022-09-13, 2023-01-31, 2026-05-31" in text
    assert "The sanctions lists in use date from 2022-09-13 to 2026-05-31" in text and "oldest list: 4.2 years" in text
    # a report dated before the lists: a list published after its date was not known then and is not used
    early = _by(source_status(bundled, "UKR", "BLR", as_of="2022-02-20"), "sanctions")
    assert early["missing"] and early["rows"] == 0 and early["covers_to"] is None
    assert sorted(early["after_as_of"]) == ["2022-09-13", "2023-01-31", "2026-05-31"] and early["last_success"] is None
    text, _ = _banner(bundled, "2022-02-20")
    assert "2026-05-31" not in text and "2023-01-31" not in text
    assert "were all published after this report&#39;s date" in text and "none published by 2022-02-20" in text
    assert "This pair lacks" not in text or "Sanctions lists" not in text.split("This pair lacks")[1]
    # mid-2023: the EU and US lists are in use, the UK list (May 2026) is not
    mid = _by(source_status(bundled, "UKR", "BLR", as_of="2023-06-30"), "sanctions")
    assert {x["date"] for x in mid["lists"]} == {"2022-09-13", "2023-01-31"} and mid["after_as_of"] == ["2026-05-31"]
    assert mid["rows"] < s["rows"] and mid["last_success"] == "2023-01-31"


def test_last_updated_is_the_datas_own_date_not_the_load_time(bundled):
    """'Last updated' of bundled data is the newest date of the data (a list's date, the newest cited source),
    not the moment this store loaded the bundled copy (which is today)."""
    from dyadwatch.sanctions.bundled import ensure_bundled

    ensure_bundled(bundled)
    status = source_status(bundled, "UKR", "BLR", as_of="2024-06-30")
    assert _by(status, "sanctions")["last_success"] == "2023-01-31"
    cur = _by(status, "curated")
    assert cur["last_success"] <= "2024-06-30" and cur["last_success"] >= cur["covers_to"][:7]
    text, _ = _banner(bundled, "2024-06-30")
    today = dt.date.today().isoformat()
    rows = text[text.index("Last updated"):]
    assert today not in rows, "a load time is shown as the data's date"


def test_bundled_store_mid_2024_curated_is_current(bundled):
    cur = _by(source_status(bundled, "UKR", "BLR", as_of="2024-06-30"), "curated")
    assert not cur["stale"] and cur["covers_to"] <= "2024-06-30"


def test_coverage_from_stored_rows(bundled, tmp_path):
    from dyadwatch.sources import gdelt

    path = tmp_path / "20261204000000.export.CSV.zip"
    path.write_bytes(zipped("x.CSV", [gdelt_row(1, date="20261203", added="20261204000000"),
                                      gdelt_row(2, date="20261204", added="20261204000000", a1="BLR", a2="UKR")]))
    gdelt.ingest(bundled, [str(path)], dyad="UKR-BLR")
    with bundled.transaction() as tx:   # Comtrade rows as the connector stores them (dataset 'comtrade')
        tx.insert_rows("observations", ["indicator", "reporter", "partner", "flow", "period", "value", "unit",
                                        "source_id", "dataset"],
                       [["exports", "UKR", "BLR", "X", p, 1.0, "USD", "ct-1", "comtrade"] for p in ("2024", "2025-08")]
                       + [["exports", "BLR", "UKR", "X", "2021", 1.0, "USD", "ct-1", "comtrade"]])
    status = source_status(bundled, "BLR", "UKR", as_of="2026-12-05")
    g = _by(status, "gdelt")
    assert (g["rows"], g["covers_from"], g["covers_to"], g["age_days"], g["stale"]) == (2, "2026-12-03", "2026-12-04",
                                                                                        1, False)
    assert g["source_ids"] == ["gdelt2"]
    ukr, blr = _by(status, "comtrade", "UKR"), _by(status, "comtrade", "BLR")
    assert ukr["covers_to"] == "2025-08" and ukr["next_period"] == "2025-09" and ukr["next_expected"] == "2025-12-30"
    assert ukr["stale"]                     # September 2025 was due by the end of December 2025
    assert blr["covers_to"] == "2021" and blr["stale"] and blr["next_period"] == "2022"
    # the same store seen on 2025-10-01: the August figures are fresh, and GDELT's later rows do not count yet
    early = source_status(bundled, "UKR", "BLR", as_of="2025-10-01")
    assert not _by(early, "comtrade", "UKR")["stale"] and _by(early, "gdelt")["missing"]


def _banner(store, as_of):
    from dyadwatch.countries import Dyad
    from dyadwatch.report.api import ReportContext
    from dyadwatch.report.html import render

    page, summary = render(ReportContext(store=store, dyad=Dyad("UKR", "BLR"), as_of=as_of))
    m = re.search(r'<section id="data-currency">(.*?)</section>', page, re.S)
    assert m, "no data-currency section"
    assert page.index('id="data-currency"') < page.index('id="economic"')
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m.group(1))), summary


def test_banner_on_the_bundled_store(bundled):
    text, summary = _banner(bundled, "2026-12-05")
    assert "Every source is stale or missing on 2026-12-05" in text
    assert "is the prior alone" in text                     # E1 2.0% is the prior: every indicator has decayed
    assert "dyadwatch update UKR BLR" in text and "lacks GDELT 2.0 event data" in text
    assert "2025-09-17" in text and "14 months" in text          # the newest curated fact
    assert summary["sections"]["data-currency"][0].startswith("5 of 5 sources")
    text, _ = _banner(bundled, "2024-06-30")
    assert "prior alone" not in text and "4 of 5 sources" in text
    assert re.search(r"Curated facts \(bundled, cited\) 1992-12-31 to 2024-0[56]-\d\d \d+ \d+ days .* current", text)
    assert "_" not in text.replace("dyadwatch update", "")   # no field names in the analyst's text


def test_banner_cites_sources_and_names_a_failed_update(bundled, tmp_path):
    from dyadwatch.sources import gdelt

    path = tmp_path / "20261204000000.export.CSV.zip"
    path.write_bytes(zipped("x.CSV", [gdelt_row(1, date="20261204", added="20261204000000")]))
    gdelt.ingest(bundled, [str(path)], dyad="UKR-BLR")
    with bundled.transaction() as tx:
        tx.execute("INSERT INTO monitor_source_runs (run_id, dyad, source, started_at, finished_at, status, error) "
                   "VALUES ('r1', 'BLR-UKR', 'gdelt', '2026-12-05 10:00', '2026-12-05 10:01', 'failed', "
                   "'GET http://x/gdeltv2/masterfilelist.txt: HTTP 503')")
    from dyadwatch.countries import Dyad
    from dyadwatch.report.api import ReportContext
    from dyadwatch.report.html import render

    ctx = ReportContext(store=bundled, dyad=Dyad("UKR", "BLR"), as_of="2026-12-05")
    page, _ = render(ctx)
    section = re.search(r'<section id="data-currency">(.*?)</section>', page, re.S).group(1)
    assert '<sup class="fn">' in section and "&lt;sup" not in section and "gdelt2" in ctx.footnotes
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))
    assert "the last update of this source failed" in text and "masterfilelist" not in text
    assert "GDELT 2.0 event data" in text and "current" in text


@pytest.mark.parametrize("label, text", [
    ("Sanctions lists", "Sanctions lists are stale"), ("UN Comtrade trade statistics", "UN Comtrade trade statistics are stale"),
    ("GDELT 2.0 event data", "GDELT 2.0 event data are stale"), ("Curated facts (bundled, cited)",
                                                                   "Curated facts (bundled, cited) are stale"),
    ("Press", "Press is stale"), ("One list", "One list is stale")])
def test_stale_headline_agrees_with_the_label(label, text):
    from dyadwatch.currency import missing_phrase, stale_headline

    assert stale_headline({"label": label}) == text
    assert missing_phrase({"label": label}) == ("have no data" if " are " in text else "has no data")



def test_monitor_alert_for_stale_lists_is_grammatical(bundled):
    """The monitor's first run on the bundled store (lists of 2022–2026, stale in December 2026) raises
    'Sanctions lists are stale', not 'Sanctions lists is stale'."""
    import types

    from dyadwatch.countries import Dyad
    from dyadwatch.monitor import state
    from dyadwatch.sanctions.bundled import ensure_bundled

    ensure_bundled(bundled)
    d, today = Dyad("UKR", "BLR"), dt.date(2026, 12, 5)
    after = state.snapshot(bundled, d, today)
    result = types.SimpleNamespace(db_started=dt.datetime(2026, 12, 5), sources=[])
    out = state.alerts(bundled, d, after, after, result, today=today, first_run=True,
                       conf={"new_events": {"enabled": False}})
    titles = [a["title"] for a in out if a["kind"] == "source_stale"]
    assert "Sanctions lists are stale" in titles, titles
    assert not any(re.search(r"(lists|statistics|facts|data)\b.* is stale", t) for t in titles), titles
