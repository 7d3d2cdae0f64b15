"""COW Trade v4.0 as a compiled dataset: bundled rows equal the shared file, stored under their own indicator,
listed by `trade series` with their source, drawn as their own line, never mixed with a country's records."""
from __future__ import annotations

import json

import pytest

from dyadwatch.cli import main
from dyadwatch.curated import load_files, parse_file
from dyadwatch.errors import ValidationError
from dyadwatch.sources import cow


def _bundled_rows(key):
    from importlib.resources import files
    path = files("dyadwatch") / "data" / key / "cow_trade.yaml"
    return parse_file(str(path)).records["observations"]


def test_bundled_rows_equal_the_shared_file(shared_data):
    for key, pair in cow.bundled_pairs().items():
        want = {(r["reporter"], r["partner"], r["period"]): r["value"]
                for r in cow.read_dyadic(cow.shared_file(shared_data), {pair})}
        got = {(o.reporter, o.partner, o.period): o.value for _, o in _bundled_rows(key)}
        assert got.keys() == want.keys(), key
        assert all(got[k] == pytest.approx(want[k], rel=1e-9) for k in want), key
    # spot check against the codebook's units: millions of current USD → USD
    ub = {(o.reporter, o.period): o.value for _, o in _bundled_rows("ukr_blr")}
    assert ub[("UKR", "2010")] == 2568e6 and ub[("BLR", "2010")] == 1879e6
    years = sorted({p for (_, p) in ub})
    assert years[0] == "1992" and years[-1] == "2014" and len(years) == 23
    # Russia-Ukraine 1992-1993 are zeros in COW (no report), left out rather than stored as no trade
    ru = {o.period for _, o in _bundled_rows("rus_ukr")}
    assert "1993" not in ru and "1994" in ru


def test_bad_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("ccode1,ccode2,year,flow1\n369,370,2000,5\n")
    with pytest.raises(ValidationError, match="missing column"):
        cow.read_dyadic(bad)
    bad.write_text("ccode1,ccode2,year,flow1,flow2\n369,370,2000,five,5\n")
    with pytest.raises(ValidationError) as err:
        cow.read_dyadic(bad)
    assert "line 2" in str(err.value) or err.value.line == 2


@pytest.fixture
def ukr_blr(store):
    from dyadwatch.curated import load_bundled
    load_bundled(store, "ukr_blr")
    return store


def test_series_json_carries_cow_years_with_source(ukr_blr, store_path, capsys):
    ukr_blr.close()
    code = main(["trade", "series", "UKR", "BLR", "--store", str(store_path), "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert code == 0
    cow_rows = [r for r in rows if r["reporter"] == "COW"]
    assert [r["period"] for r in cow_rows] == [str(y) for y in range(1992, 2015)]
    assert all(r["source_ids"] == ["cow-trade-v4-ukr-blr"] and r["record_kind"] == "compiled" for r in cow_rows)
    y2010 = next(r for r in cow_rows if r["period"] == "2010")
    # UKR's point of view: exports = BLR's imports from UKR, imports = UKR's imports from BLR
    assert y2010["exports_usd"] == 1879e6 and y2010["imports_usd"] == 2568e6
    # the countries' own rows are untouched: Belarus's 2010 record stays Belarus's
    blr2010 = next(r for r in rows if r["reporter"] == "BLR" and r["period"] == "2010")
    assert blr2010["record_kind"] == "reporter" and blr2010["imports_usd"] == 2.6e9
    code = main(["trade", "series", "UKR", "BLR", "--store", str(store_path), "--json", "--no-compiled"])
    assert all(r["reporter"] != "COW" for r in json.loads(capsys.readouterr().out))


def test_compiled_rows_never_mix_with_a_countrys_records(ukr_blr, tmp_path):
    """A later-loaded COW value for the same flow and year must not replace a country's record."""
    from dyadwatch.realms.economic import TradeData, indicator_tables, summary

    before = summary(ukr_blr, "UKR", "BLR", "2010")
    extra = tmp_path / "cow_more.yaml"
    extra.write_text("observations:\n  - {indicator: compiled_imports, reporter: BLR, partner: UKR, flow: M, "
                     "period: \"2010\", value: 9.9e+9, unit: USD, source: cow-trade-v4-ukr-blr}\n")
    load_files([extra], ukr_blr)
    after = summary(ukr_blr, "UKR", "BLR", "2010")
    assert [r["imports_usd"] for r in after["rows"]] == [r["imports_usd"] for r in before["rows"]]
    assert not any(k[0] == "COW" for k in TradeData(ukr_blr, "UKR", "BLR").values)
    annual = indicator_tables(ukr_blr.table("observations"))["annual"]
    assert 9.9e9 not in set(annual.exports) | set(annual.imports)


def test_report_draws_cow_as_its_own_line(ukr_blr):
    from dyadwatch.countries import Dyad
    from dyadwatch.report.api import ReportContext
    from dyadwatch.report.economic import annual_block

    block = annual_block(ReportContext(store=ukr_blr, dyad=Dyad("UKR", "BLR"), as_of="2024-06-30"))
    assert "COW (compiled dataset)" in block.html and "UKR records" in block.html
    assert "not either country" in block.html


def test_pair_with_only_cow_gets_its_line(store, tmp_path):
    from dyadwatch.countries import Dyad
    from dyadwatch.curated import load_bundled
    from dyadwatch.report.api import ReportContext
    from dyadwatch.report.economic import trade

    load_bundled(store, "rus_ukr")
    blocks = trade(ReportContext(store=store, dyad=Dyad("RUS", "UKR"), as_of="2024-06-30"))
    assert len(blocks) == 1 and "COW (compiled dataset)" in blocks[0].html
