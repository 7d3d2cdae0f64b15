"""The report's trade blocks (economic section): both countries' records side by side, annual and monthly
charts kept apart, the 2022-vs-2021 comparison from each side with the mirror gap, same-period comparisons,
composition and dependence, every figure footnoted, and plain statements of what is missing."""
from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dyadwatch.assess import assess
from dyadwatch.countries import Dyad
from dyadwatch.report.api import ReportContext
from dyadwatch.report.economic import trade

FIX = Path(__file__).parent / "fixtures" / "comtrade"
V1_HEADER = (FIX / "v1_ukr_blr_monthly.csv").read_text(encoding="utf-8").splitlines()[0].split(",")


class Figures(HTMLParser):
    """Collects, per <figure>, the first column of its data table (the plotted x labels) and its title."""

    def __init__(self):
        super().__init__()
        self.figures: list[dict] = []
        self._in_fig = self._in_td = False
        self._col = 0
        self._title = False

    def handle_starttag(self, tag, attrs):
        if tag == "figure":
            self._in_fig = True
            self.figures.append({"title": "", "x": []})
        elif self._in_fig and tag == "tr":
            self._col = 0
        elif self._in_fig and tag == "td":
            self._in_td, self._col = True, self._col + 1
        elif self._in_fig and tag == "title" and not self.figures[-1]["title"]:
            self._title = True

    def handle_endtag(self, tag):
        if tag == "figure":
            self._in_fig = False
        elif tag == "td":
            self._in_td = False
        elif tag == "title":
            self._title = False

    def handle_data(self, data):
        if self._title:
            self.figures[-1]["title"] += data
        elif self._in_fig and self._in_td and self._col == 1:
            self.figures[-1]["x"].append(data)


def blocks_by_title(store, as_of="2024-06-01"):
    ctx = ReportContext(store=store, dyad=Dyad("UKR", "BLR"), as_of=as_of)
    blocks = trade(ctx)
    for b in blocks:   # the templates escape an apostrophe as &#39;: compare the text as a reader sees it
        b.html = b.html.replace("&#39;", "'")
    return ctx, {b.title: b for b in blocks}


def figures(html: str) -> list[dict]:
    p = Figures()
    p.feed(html)
    return p.figures


def check_footnotes(ctx, html: str) -> None:
    marks = {int(n) for n in re.findall(r'href="#fn-(\d+)"', html)}
    assert marks, "no footnote markers"
    assert marks <= set(range(1, len(ctx.footnotes) + 1))
    assert not ctx.missing_sources, f"cited sources absent from the store: {ctx.missing_sources}"


def only_years_or_only_months(fig: dict) -> str:
    xs = [x for lab in fig["x"] for x in lab.split(" to ")]   # "2018 to 2020": a gap folded into one table row
    assert xs, fig
    if all(re.fullmatch(r"\d{4}", x) for x in xs):
        return "A"
    assert all(re.fullmatch(r"\d{4}-\d{2}", x) for x in xs), f"annual and monthly on one chart: {fig}"
    return "M"


@pytest.fixture
def bundled(store):
    from dyadwatch.curated import load_files

    data = Path(__file__).resolve().parents[1] / "src" / "dyadwatch" / "data" / "ukr_blr"
    load_files(sorted(data.glob("*.yaml")), store)
    return store


def test_bundled_data_both_sides_and_the_brief_comparison(bundled):
    ctx, blocks = blocks_by_title(bundled)
    annual = blocks["Annual trade in goods, by whose records"]
    figs = figures(annual.html)
    assert len(figs) == 2 and all(only_years_or_only_months(f) == "A" for f in figs)
    # one series per reporter, labelled: never one unlabelled line mixing the two
    assert "UKR records" in annual.html and "BLR records" in annual.html
    assert "exports (UKR records)" in annual.html and "imports (BLR records)" in annual.html
    # 2021 from each side: Belarus's records hold the brief's levels, Ukraine's the base of its falls
    assert "$6.90bn" in annual.html and "$6.10bn" in annual.html
    assert "BLR's annual records in the store end in 2021" in annual.html.replace("&#x27;", "'")
    # every flow recorded by both sides is checked; the 2021 BLR→UKR disagreement gets a note
    assert "Mirror check: 2 flow-period(s) are recorded by both countries; 1 disagree" in annual.html
    assert "2021 BLR→UKR: UKR's record $4.60bn (CIF) against BLR's $5.40bn (FOB): -18.9%" in annual.html
    # 2017: Belarus's turnover only, shown as Belarus's
    assert "<td>2017</td><td>BLR</td>" in annual.html and "<td>2017</td><td>UKR</td>" not in annual.html
    assert "$4.60bn" in annual.html
    # the comparison from each side, with the mixed-base figure shown apart
    comp = blocks["2022 against 2021 from both sides"].html.replace("&#x27;", "'")
    assert "-73.8%" in comp and "-69.6%" in comp          # UKR records on UKR's 2021: the brief's 74% and 70%
    assert "-76.8%" in comp and "-74.1%" in comp          # the same 2022 figures against BLR's 2021 records
    assert "no records from BLR for 2022 or 2021" not in comp  # BLR has 2021 records: shown, not hidden
    assert "BLR has no records of this trade for 2022" in comp
    assert "CIF/FOB factor 1.05" in comp and "-18.9%" in comp and "beyond the usual margin" in comp
    assert "exports = turnover − imports" in comp         # a derived figure says so
    # monthly: the two stated months, and plainly what is missing
    monthly = blocks["Monthly trade: the collapse of 2022"].html
    assert all(only_years_or_only_months(f) == "M" for f in figures(monthly))
    assert "UKR records: 2 of 36 months" in monthly and "BLR records: 0 of 36 months" in monthly
    assert "-98.7%" in monthly                            # Feb 2022 $543.2m to Aug 2022 about $7m
    assert "2 earlier month(s) with figures (2010-01, 2014-01)" in monthly
    assert "--freq M" in monthly
    # the stated Jan–Jul 2023 figure, with no Jan–Jul 2022 to compare: said, not invented
    same = [b for t, b in blocks.items() if t.startswith("Same-period")][0]
    assert "Jan–Jul 2023" in same.title and "$13.8m" in same.html and "No figure for Jan–Jul 2022" in same.html
    structure = blocks["Composition and dependence"].html
    assert "No world totals" in structure
    check_footnotes(ctx, "".join(b.html for b in blocks.values()))


def write_v1(path: Path, rows: list[dict]) -> Path:
    """A Comtrade v1 CSV (the real column layout, from the fixture's header) with synthetic values."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=V1_HEADER)
        w.writeheader()
        for r in rows:
            base = {k: "" for k in V1_HEADER}
            y, m = r["period"][:4], r["period"][4:]
            code = {"UKR": "804", "BLR": "112", "WLD": "0"}
            base.update(typeCode="C", freqCode="M", refPeriodId=f"{r['period']}01", refYear=y, refMonth=str(int(m)),
                        period=r["period"], reporterCode=code[r["rep"]], reporterISO=r["rep"], flowCode=r["flow"],
                        flowDesc="Import" if r["flow"] == "M" else "Export", partnerCode=code[r["par"]],
                        partnerISO=r["par"], partner2Code="0", partner2ISO="W00", classificationCode="H6",
                        cmdCode=r.get("cmd", "TOTAL"), customsCode="C00", motCode="0", primaryValue=str(r["v"]),
                        isReported="True", isAggregate="True")
            w.writerow(base)
    return path


@pytest.fixture
def monthly_store(store, tmp_path):
    """Synthetic monthly records: Ukraine's 2021-01..2023-07 (collapse from March 2022), Belarus's 2021 only
    (it stopped reporting), HS chapters for Ukraine's imports, loaded through the real v1 importer."""
    from dyadwatch.sources.comtrade import ingest_file

    rows = []
    for y in (2021, 2022, 2023):
        for m in range(1, 13):
            if (y, m) > (2023, 7):
                break
            p = f"{y}{m:02d}"
            before = (y, m) < (2022, 3)
            imp = 400e6 if before else (20e6 if y == 2022 else 1e6)
            exp = 120e6 if before else (2e6 if y == 2022 else 0.1e6)
            rows += [dict(period=p, rep="UKR", par="BLR", flow="M", v=int(imp)),
                     dict(period=p, rep="UKR", par="BLR", flow="X", v=int(exp)),
                     dict(period=p, rep="UKR", par="BLR", flow="M", cmd="27", v=int(imp * 0.6)),
                     dict(period=p, rep="UKR", par="BLR", flow="M", cmd="31", v=int(imp * 0.2))]
            if y == 2021:
                rows += [dict(period=p, rep="BLR", par="UKR", flow="X", v=int(450e6)),
                         dict(period=p, rep="BLR", par="UKR", flow="M", v=int(125e6))]
    ingest_file(store, write_v1(tmp_path / "TradeData_monthly.csv", rows))
    return store


def test_fixture_store_with_monthly_rows(monthly_store):
    ctx, blocks = blocks_by_title(monthly_store)
    # annual from the months (complete years only): UKR 2021 and 2022, BLR 2021; 2023 is not a whole year
    annual = blocks["Annual trade in goods, by whose records"]
    xs = {x for f in figures(annual.html) for x in f["x"]}
    assert xs == {"2021", "2022"}
    assert "$6.24bn" in annual.html                       # UKR 2021: 12 × (400m + 120m)
    # 2021 BLR→UKR: 12 × 400m CIF against 12 × 450m FOB is -15.3% after ÷ 1.05; UKR→BLR within the margin
    assert "2 flow-period(s) are recorded by both countries; 1 disagree" in annual.html and "-15.3%" in annual.html
    assert "$6.90bn" in annual.html                       # BLR 2021: 12 × (450m + 125m)
    monthly = blocks["Monthly trade: the collapse of 2022"].html
    figs = figures(monthly)
    assert len(figs) == 1 and only_years_or_only_months(figs[0]) == "M"
    assert figs[0]["x"][0] == "2021-01" and figs[0]["x"][-1].split(" to ")[-1] == "2023-12"
    assert "UKR records: 31 of 36 months" in monthly and "BLR records: 12 of 36 months" in monthly
    assert "$520.0m" in monthly and "-99.8%" in monthly   # highest month to the lowest after it
    # the 2022-vs-2021 comparison from each side
    comp = blocks["2022 against 2021 from both sides"].html
    assert "-79.8%" in comp                               # UKR: (2 × 520m + 10 × 22m) / 6.24bn − 1
    assert "-81.7%" in comp                               # the same 2022 against BLR's 2021 records (6.90bn)
    m = re.search(r"2021</td><td>BLR→UKR</td>.*?(-?\d+\.\d)%", comp)
    assert m and float(m.group(1)) == pytest.approx((400 / 1.05 / 450 - 1) * 100, abs=0.05)
    # same period: Jan–Jul 2023 against Jan–Jul 2022 from the months
    same = [b for t, b in blocks.items() if t.startswith("Same-period")][0]
    assert same.title == "Same-period comparison: Jan–Jul 2023 against Jan–Jul 2022"
    assert "-99.3%" in same.html                          # 7 × 1.1m against 2 × 520m + 5 × 22m
    # composition by HS chapter with Herfindahl, shares of the TOTAL
    structure = blocks["Composition and dependence"].html
    assert "HS 27" in structure and "HS 31" in structure and "60.0%" in structure and "20.0%" in structure
    assert "0.625" in structure                           # (0.6/0.8)² + (0.2/0.8)²
    check_footnotes(ctx, "".join(b.html for b in blocks.values()))


def test_report_date_hides_later_periods(monthly_store):
    _, blocks = blocks_by_title(monthly_store, as_of="2022-06-15")
    annual = blocks["Annual trade in goods, by whose records"]
    assert {x for f in figures(annual.html) for x in f["x"]} == {"2021"}
    monthly = blocks["Monthly trade: the collapse of 2022"].html
    assert "2022-06" not in monthly and "2022-05" in monthly
    assert not [t for t in blocks if t.startswith("2022 against")]


def test_empty_store_says_what_to_run(store):
    _, blocks = blocks_by_title(store)
    (block,) = blocks.values()
    assert "No trade observations" in block.html and "dyadwatch fetch comtrade --reporter UKR --partner BLR" in block.html


def test_annual_only_store_says_monthly_is_missing(store):
    cols = ["indicator", "reporter", "partner", "flow", "product", "period", "value", "unit", "basis", "source_id"]
    store.insert_rows("sources", ["id", "title"], [["t-src", "test source"]])
    store.insert_rows("observations", cols, [
        ["exports", "UKR", "BLR", "X", "TOTAL", "2020", 1.0e9, "USD", "FOB", "t-src"],
        ["imports", "UKR", "BLR", "M", "TOTAL", "2020", 3.0e9, "USD", "CIF", "t-src"]])
    _, blocks = blocks_by_title(store)
    monthly = blocks["Monthly trade: the collapse of 2022"].html
    assert "No monthly observations in the store" in monthly
    assert "dyadwatch fetch comtrade --reporter UKR --partner BLR --years 2021-2023 --freq M" in monthly
    assert "No two consecutive complete years" in blocks["Year-on-year change from each side"].html


def test_economic_section_of_the_assessment(store, tmp_path):
    out = tmp_path / "r.html"
    assess("UKR", "BLR", store=store, out=out, as_of="2024-06-01")
    html = out.read_text(encoding="utf-8")
    econ = html[html.index('id="economic"'):html.index('id="political"')]
    order = [econ.index(t) for t in ("Annual trade in goods", "Monthly trade", "2022 against 2021",
                                     "Sanctions designations")]
    assert order == sorted(order)                         # registered before policy:sanctions
    assert "source not found in the store" not in html


def test_fixture_csv_jan_jul_comparison(store):
    """The repository's v1 fixture (Ukraine's months Jan–Jul 2022 and Jan–Jul 2023, HS chapters): the report
    compares Jan–Jul 2023 with Jan–Jul 2022 and says Belarus's months are missing."""
    from dyadwatch.sources.comtrade import ingest_file

    ingest_file(store, FIX / "v1_ukr_blr_monthly.csv")
    ctx, blocks = blocks_by_title(store)
    same = blocks["Same-period comparison: Jan–Jul 2023 against Jan–Jul 2022"].html
    assert "-99.0%" in same and "$990.0m" in same and "$9.9m" in same
    monthly = blocks["Monthly trade: the collapse of 2022"].html
    assert "UKR records: 14 of 36 months" in monthly and "BLR records: 0 of 36 months" in monthly
    assert "No annual figures for complete years" in blocks["Annual trade in goods, by whose records"].html
    assert "HS 27" in blocks["Composition and dependence"].html
    check_footnotes(ctx, "".join(b.html for b in blocks.values()))
