"""Country-year structural context: bundled V-Dem equals the shared file; Polity2/UDS/NMC only at run time;
the report's political and security sections show them with citations and say what is missing."""
from __future__ import annotations

import pytest

from dyadwatch.curated import load_bundled, parse_file
from dyadwatch.errors import InputError, ValidationError
from dyadwatch import structure


def _ctx(store, a, b, as_of="2026-01-31"):
    from dyadwatch.countries import Dyad
    from dyadwatch.report.api import ReportContext
    return ReportContext(store=store, dyad=Dyad(a, b), as_of=as_of)


def test_bundled_vdem_equals_the_shared_file(shared_data):
    from importlib.resources import files

    src = shared_data / "country_year" / structure.DEMOCRACY_FILE
    for key, pair in (("ukr_blr", ["UKR", "BLR"]), ("blr_rus", ["BLR", "RUS"]), ("rus_ukr", ["RUS", "UKR"])):
        cf = parse_file(str(files("dyadwatch") / "data" / key / "country_year.yaml"))
        got = {(o.reporter, o.period): o.value for _, o in cf.records["observations"]}
        want = structure.read_csv(src, {"v2x_polyarchy": structure.DEMOCRACY_COLUMNS["v2x_polyarchy"]}, pair)
        want = {(c, y): v for c, pts in want["polyarchy"].items() for y, v in pts if y >= "1992"}
        assert got == pytest.approx(want), key
        # only V-Dem values are bundled; the other indices are cited, not shipped
        assert {o.indicator for _, o in cf.records["observations"]} == {"polyarchy"}
    assert want[("RUS", "2019")] == pytest.approx(0.246)


def test_bad_country_year_file_names_file_and_line(tmp_path):
    bad = tmp_path / "d.csv"
    bad.write_text("ccode,year,polity2\n370,2000,abc\n")
    with pytest.raises(ValidationError) as err:
        structure.read_csv(bad, {"polity2": structure.DEMOCRACY_COLUMNS["polity2"]}, ["BLR"])
    assert err.value.line == 2
    with pytest.raises(ValidationError, match="missing column"):
        structure.read_csv(bad, {"cinc": structure.NMC_COLUMNS["cinc"]}, ["BLR"])


def test_runtime_only_sources(store, shared_data, monkeypatch):
    load_bundled(store, "blr_rus")
    monkeypatch.delenv("DYADWATCH_COUNTRY_YEAR", raising=False)
    data = structure.indicators(store, ["BLR", "RUS"])
    assert set(data["series"]) == {"polyarchy"} and not data["runtime"]
    assert "DYADWATCH_COUNTRY_YEAR" in data["missing"][0]
    monkeypatch.setenv("DYADWATCH_COUNTRY_YEAR", str(shared_data / "country_year"))
    data = structure.indicators(store, ["BLR", "RUS"])
    assert {"polyarchy", "polity2", "uds", "milex", "cinc"} <= set(data["series"]) and data["runtime"]
    assert structure.latest(data["series"]["polity2"]["BLR"]) == ("2017", -7.0)
    assert structure.latest(data["series"]["milper"]["BLR"])[1] == 48e3
    monkeypatch.setenv("DYADWATCH_COUNTRY_YEAR", str(shared_data / "nowhere"))
    with pytest.raises(InputError):
        structure.indicators(store, ["BLR", "RUS"])


def test_report_blocks(store, shared_data, monkeypatch):
    from dyadwatch.report import structure as rs

    load_bundled(store, "blr_rus")
    monkeypatch.delenv("DYADWATCH_COUNTRY_YEAR", raising=False)
    ctx = _ctx(store, "BLR", "RUS")
    (pol,) = rs.political(ctx)
    assert "V-Dem polyarchy" in pol.html and "<svg" in pol.html and "(2019)" in pol.html
    assert "lag by years" in pol.html  # 2019 data in a 2026 report are called stale
    (sec,) = rs.security(ctx)
    assert "not shown" in sec.html and "DYADWATCH_COUNTRY_YEAR" in sec.html
    assert "vdem-v10-polyarchy-blr-rus" in ctx.footnotes and not ctx.missing_sources
    monkeypatch.setenv("DYADWATCH_COUNTRY_YEAR", str(shared_data / "country_year"))
    ctx = _ctx(store, "BLR", "RUS")
    (sec,) = rs.security(ctx)
    assert "1,190,000" in sec.html and "times BLR" in sec.html and "cow-nmc-blr-rus" in ctx.footnotes
    (pol,) = rs.political(ctx)
    assert "Polity2" in pol.html and "−7" not in pol.html and "-7" in pol.html
    assert not ctx.missing_sources
