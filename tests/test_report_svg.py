"""Charts: a true time scale, no line across a gap, markers, legends that fit, no '-0.00'."""
from __future__ import annotations

import re

from dyadwatch.report import svg


def _xs(out: str) -> list[float]:
    return [float(v) for v in re.findall(r'<circle cx="([\d.]+)"', out)]


def test_uneven_periods_are_spaced_by_time_not_by_order():
    out = svg.line_chart({"s": [("2022-01", 30000.0), ("2022-02", 20000.0), ("2024-05", 2000.0)]}, "T")
    a, b, c = _xs(out)
    assert (c - b) > 20 * (b - a)           # 27 months against 1 month
    # the two adjacent months are joined, the 27-month gap is not
    assert out.count("<path") == 1 and out.count(" L") == 1


def test_missing_months_break_the_line():
    pts = [("2022-01", 5.0), ("2022-02", 6.0), ("2022-08", 1.0), ("2022-09", 2.0)]
    out = svg.line_chart({"turnover": pts}, "T")
    assert out.count("<path") == 2          # Jan–Feb and Aug–Sep, nothing across Feb–Aug


def test_weekly_points_join_and_a_missing_week_breaks():
    days = ["2022-01-03", "2022-01-10", "2022-01-17", "2022-02-14", "2022-02-21"]
    out = svg.line_chart({"p": [(d, 0.1) for d in days]}, "T", kind="prob")
    assert out.count("<path") == 2


def test_markers_sit_on_their_date_and_ticks_are_few():
    pts = [(f"{y}-{m:02d}-01", 0.1) for y in (2021, 2022, 2023, 2024) for m in range(1, 13)]
    out = svg.line_chart({"p": pts}, "T", kind="prob", markers=[("2022-02-24", "invasion")])
    assert "invasion" in out
    x = float(re.search(r'<line x1="([\d.]+)"[^>]*class="mk"', out).group(1))
    lo, hi = svg.ML, svg.W - svg.MR
    frac = (x - lo) / (hi - lo)
    expected = (365 + 54) / (365 * 4 - 31 + 1)   # 2021-01-01 … 2024-12-01
    assert abs(frac - expected) < 0.01
    assert len(re.findall(r'class="xt"', out)) <= svg.MAX_TICKS


def test_long_legends_wrap_inside_the_chart():
    names = {f"s{i}": f"A rather long readable source title number {i}, 2022" for i in range(5)}
    out = svg.line_chart({k: [("2021", 1.0), ("2022", 2.0)] for k in names}, "T", names=names)
    height = int(re.search(r'viewBox="0 0 \d+ (\d+)"', out).group(1))
    ys = [int(y) for y in re.findall(r'<rect x="[\d.]+" y="(\d+)" width="10"', out)]
    assert len(set(ys)) >= 2 and max(ys) + 12 <= height
    for x, text in re.findall(r'<text x="([\d.]+)" y="\d+" class="lg">([^<]*)</text>', out):
        assert float(x) + len(text) * svg.CHAR_W <= svg.W
    assert "A rather long readable source title number 4, 2022" in out   # full names in the table


def test_no_negative_zero():
    assert svg.fmt_value(-0.001, "number") == "0.00" or svg.fmt_value(-0.001) == "0"
    assert "-" not in svg.fmt_value(-0.0004, "pct") and "−" not in svg.fmt_value(-0.0004, "pct")
    assert svg.fmt_value(-5e6, "money") == "−$5.0m"
    assert "-0" not in "".join(svg._nice_ticks(-0.0, 1.0).__repr__())


def test_text_is_escaped_in_charts():
    out = svg.line_chart({"<b>x</b>": [("2021", 1.0), ("2022", 2.0)]}, "A & B")
    assert "<b>x</b>" not in out and "&lt;b&gt;x&lt;/b&gt;" in out and "A &amp; B" in out


def test_marker_labels_take_rows_so_that_none_overlap():
    from dyadwatch.report.svg import _marker_levels

    # two long labels close together share no row; a third far to the right goes back to the first row
    assert _marker_levels([(300.0, "+ allied resolve 2022"), (330.0, "invasion from Belarus"), (700.0, "end")]) \
        == [0, 1, 0]
    # more labels than rows: the row that frees first is reused
    assert _marker_levels([(100.0 + i, "a long label here") for i in range(4)], rows=3) == [0, 1, 2, 0]


def test_a_long_gap_is_one_row_of_the_data_table():
    months = [f"{y}-{m:02d}" for y in (2010, 2011) for m in range(1, 13)]
    a = [(m, 195.6e6 if m == "2010-01" else 100e6 if m in ("2011-11", "2011-12") else None) for m in months]
    b = [(m, 50e6 if m == "2011-11" else None) for m in months]
    out = svg.line_chart({"A records": a, "B records": b}, "T", kind="money")
    rows = re.findall(r"<tr><td>(.*?)</td>", out)
    assert rows == ["2010-01", "2010-02 to 2011-10", "2011-11", "2011-12"]
    assert out.count("no record (21 months)") == 2          # one cell per series, the gap counted
    short = svg.line_chart({"s": [("2021", 1.0), ("2022", None), ("2023", None), ("2024", 2.0)]}, "T")
    assert re.findall(r"<tr><td>(.*?)</td>", short) == ["2021", "2022", "2023", "2024"]   # two empty years stay
