"""Indicators from both countries' records: the brief's 2022-vs-2021 quantities, same-period comparisons,
composition and Herfindahl, dependence, mirror gaps, vintages."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyadwatch.errors import InputError

FIX = Path(__file__).parent / "fixtures" / "comtrade"


@pytest.fixture
def bundled(store):
    from dyadwatch.curated import load_files

    folder = Path(__file__).resolve().parents[1] / "src" / "dyadwatch" / "data" / "ukr_blr"
    load_files([folder / "sources.yaml", folder / "trade.yaml"], store)  # trade.yaml cites shared sources
    return store


def test_brief_2022_vs_2021_from_each_side(bundled):
    from dyadwatch.realms.economic import summary

    s = summary(bundled, "UKR", "BLR", "2022", compare="2021")
    ukr, blr = s["rows"]
    assert ukr["reporter"] == "UKR" and blr["reporter"] == "BLR"
    # Ukraine's records: the brief's 2022 levels and falls
    assert ukr["turnover_usd"] == pytest.approx(1.6e9) and ukr["imports_usd"] == pytest.approx(1.4e9)
    assert round(-ukr["change_pct"]) == 74 and round(-ukr["imports_change_pct"]) == 70
    assert ukr["compare_values"]["imports_usd"] == pytest.approx(4.6e9)
    # ... but not against Belarus's 2021 records, which hold the brief's 2021 levels
    assert blr["compare_values"]["imports_usd"] == pytest.approx(5.4e9)   # BLR's exports to UKR
    assert blr["compare_values"]["exports_usd"] == pytest.approx(1.5e9)   # BLR's imports from UKR
    assert blr["compare_values"]["turnover_usd"] == pytest.approx(6.9e9)
    assert blr["compare_values"]["balance_usd"] == pytest.approx(-3.9e9)  # UKR's view: BLR's +3.9bn surplus
    vs = ukr["vs_other_records"]
    assert vs["base_reporter"] == "BLR"
    assert round(-vs["turnover_change_pct"]) == 77 and round(-vs["imports_change_pct"]) == 74
    # Belarus has no 2022 records: said so, not zero
    assert blr["turnover_usd"] is None and blr["change_pct"] is None
    assert any("BLR has no records" in n and "stopped reporting" in n for n in s["notes"])
    assert any("-76.8%" in n for n in s["notes"])
    # the exports figure is derived (turnover − imports) and says so
    assert ukr["exports_usd"] == pytest.approx(0.2e9) and ukr["derived"]
    assert set(ukr["source_ids"]) >= {"nmn-yearbook-2023-mahda", "trade-ukrstat-2021-geo-structure"}
    # 2021 mirror: BLR→UKR differs beyond the CIF/FOB margin, UKR→BLR does not
    m = {(x["period"], x["flow"]): x for x in s["mirror"]}
    assert m[("2021", "BLR→UKR")]["disagree"] and m[("2021", "BLR→UKR")]["gap_pct"] == pytest.approx(-18.87, abs=0.01)
    assert not m[("2021", "UKR→BLR")]["disagree"]
    assert s["cif_fob_factor"] == 1.05


def test_side_selection_and_bad_input(bundled):
    from dyadwatch.realms.economic import summary

    assert [r["reporter"] for r in summary(bundled, "UKR", "BLR", "2021", side_="blr")["rows"]] == ["BLR"]
    # first country named decides the point of view
    r = summary(bundled, "BLR", "UKR", "2021", side_="blr")["rows"][0]
    assert r["exports_usd"] == pytest.approx(5.4e9) and r["imports_usd"] == pytest.approx(1.5e9)
    assert r["balance_usd"] == pytest.approx(3.9e9)
    with pytest.raises(InputError):
        summary(bundled, "UKR", "BLR", "2021", side_="pol")
    with pytest.raises(InputError, match="period"):
        summary(bundled, "UKR", "BLR", "21")
    with pytest.raises(KeyError):
        summary(bundled, "UKR", "XXX", "2021")


def test_same_period_comparison_jan_jul(store):
    from dyadwatch.realms.economic import summary
    from dyadwatch.sources.comtrade import ingest_file

    ingest_file(store, FIX / "v1_ukr_blr_monthly.csv")
    s = summary(store, "UKR", "BLR", "2023-01/2023-07", compare="2022-01/2022-07", side_="ukr")
    row = s["rows"][0]
    assert row["imports_usd"] == pytest.approx(9e6) and row["exports_usd"] == pytest.approx(0.9e6)
    assert row["compare_values"]["turnover_usd"] == pytest.approx(990e6)
    assert row["change_pct"] == pytest.approx(-99.0)
    assert "imports: sum of 7 months" in row["notes"]
    # an incomplete range is not summed silently
    part = summary(store, "UKR", "BLR", "2022-01/2022-12", side_="ukr")["rows"][0]
    assert part["imports_usd"] is None and any("only 7 of 12 months" in n for n in part["notes"])
    # quarters and halves are ranges of months too
    h = summary(store, "UKR", "BLR", "2022-Q1", side_="ukr")["rows"][0]
    assert h["imports_usd"] == pytest.approx(820e6)


def test_monthly_series(store):
    from dyadwatch.realms.economic import series
    from dyadwatch.sources.comtrade import ingest_file

    ingest_file(store, FIX / "v1_ukr_blr_monthly.csv")
    rows = series(store, "UKR", "BLR", "M", "2021-01", "2023-12")
    assert [r["period"] for r in rows][:3] == ["2022-01", "2022-02", "2022-03"]
    assert len(rows) == 14 and all(r["reporter"] == "UKR" for r in rows)
    jan23 = next(r for r in rows if r["period"] == "2023-01")
    assert jan23["change_pct"] == pytest.approx(-99.0) and jan23["compare"] == "2022-01"
    annual = series(store, "UKR", "BLR", "A")
    assert annual == []  # 7 months are not a year: no annual figure is made up


def test_composition_and_herfindahl(store):
    from dyadwatch.realms.economic import composition
    from dyadwatch.sources.comtrade import ingest_file

    ingest_file(store, FIX / "v1_ukr_blr_monthly.csv")
    c = composition(store, "UKR", "BLR", "M", "2022-01/2022-07")
    ch = {r["chapter"]: r for r in c["chapters"]}
    assert set(ch) == {"27", "31"}                      # 2716 counted inside 27, never on top
    assert ch["27"]["value_usd"] == pytest.approx(540e6) and ch["27"]["share_pct"] == pytest.approx(60.0)
    assert c["total_usd"] == pytest.approx(900e6) and c["other_usd"] == pytest.approx(180e6)
    assert c["herfindahl"] == pytest.approx(0.625)
    one = composition(store, "UKR", "BLR", "M", "2022-03")
    assert one["chapters"][0]["value_usd"] == pytest.approx(12e6)


def test_dependence_needs_world_totals(store):
    from dyadwatch.realms.economic import dependence
    from dyadwatch.sources.comtrade import ingest_file

    ingest_file(store, FIX / "legacy_blr_ukr_annual.csv")
    d = dependence(store, "UKR", "BLR", "2017")
    blr = next(s for s in d["shares"] if s["reporter"] == "BLR")
    assert blr["trade_share_pct"] == pytest.approx(100 * 4.7 / 63.4, abs=0.01)
    assert blr["exports_share_pct"] == pytest.approx(100 * 3.4 / 29.2, abs=0.01)
    assert d["asymmetry_pp"] is None and "world totals" in d["reading"]
    cols = ["indicator", "reporter", "partner", "flow", "product", "period", "value", "unit", "source_id", "vintage"]
    store.insert_rows("observations", cols, [
        ["exports", "UKR", "BLR", "X", "TOTAL", "2017", 1.0e9, "USD", "t", "1"],
        ["imports", "UKR", "BLR", "M", "TOTAL", "2017", 3.0e9, "USD", "t", "1"],
        ["exports", "UKR", "WLD", "X", "TOTAL", "2017", 43e9, "USD", "t", "1"],
        ["imports", "UKR", "WLD", "M", "TOTAL", "2017", 57e9, "USD", "t", "1"]])
    d = dependence(store, "UKR", "BLR", "2017")
    assert d["asymmetry_pp"] == pytest.approx(100 * 4.7 / 63.4 - 4.0, abs=0.01)


def test_latest_vintage_is_used_and_both_kept(store):
    from dyadwatch.realms.economic import summary

    cols = ["indicator", "reporter", "partner", "flow", "product", "period", "value", "unit", "source_id", "vintage"]
    store.insert_rows("observations", cols, [
        ["exports", "UKR", "BLR", "X", "TOTAL", "2020", 1.0e9, "USD", "old", "2021-03"],
        ["exports", "UKR", "BLR", "X", "TOTAL", "2020", 1.2e9, "USD", "new", "2022-03"],
        ["imports", "UKR", "BLR", "M", "TOTAL", "2020", 3.0e9, "USD", "old", "2021-03"]])
    row = summary(store, "UKR", "BLR", "2020", side_="ukr")["rows"][0]
    assert row["exports_usd"] == 1.2e9 and row["turnover_usd"] == 4.2e9
    assert row["source_ids"] == ["new", "old"]
    assert store.scalar("SELECT count(*) FROM observations WHERE period = '2020'") == 3


def test_cli_summary_and_series_json(bundled, store_path, capsys):
    from dyadwatch.cli import main

    bundled.close()
    assert main(["trade", "summary", "UKR", "BLR", "--period", "2022", "--compare", "2021", "--json",
                 "--store", str(store_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    need = {"period", "reporter", "exports_usd", "imports_usd", "turnover_usd", "balance_usd", "change_pct",
            "mirror_gap_pct", "source_ids"}
    assert all(need <= set(r) for r in out["rows"])
    assert out["rows"][0]["change_pct"] == pytest.approx(-73.77)
    assert main(["trade", "summary", "UKR", "BLR", "--period", "2021", "--json", "--store", str(store_path)]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert all(r["change_pct"] is None for r in rows)
    assert rows[0]["mirror_gap_pct"] is not None
    assert main(["trade", "series", "UKR", "BLR", "--freq", "M", "--from", "2021-01", "--to", "2023-12", "--json",
                 "--store", str(store_path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["period"] for r in rows] == ["2022-02", "2022-08"] and all(need <= set(r) for r in rows)
    assert main(["trade", "summary", "UKR", "BLR", "--period", "2022", "--compare", "2021",
                 "--store", str(store_path)]) == 0
    text = capsys.readouterr().out
    assert "UKR" in text and "note:" in text
    assert main(["trade", "summary", "UKR", "BLR", "--period", "22x", "--store", str(store_path)]) == 2


def test_cli_side_both_shows_the_brief_falls_rest_on_ukraine_records(bundled, store_path, capsys):
    """`trade summary UKR BLR --period 2022 --compare 2021 --side both --json` on the bundled data: the brief's
    quantities from each side, and its 74% / 70% falls reproduced only on Ukraine-reported 2021 figures."""
    from dyadwatch.cli import main

    bundled.close()
    assert main(["trade", "summary", "UKR", "BLR", "--period", "2022", "--compare", "2021", "--side", "both",
                 "--json", "--store", str(store_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = {r["reporter"]: r for r in out["rows"]}
    assert set(rows) == {"UKR", "BLR"} and out["cif_fob_factor"] == 1.05
    ukr, blr = rows["UKR"], rows["BLR"]
    # the brief's levels: 2021 from Belarus's records ($5.4bn BLR exports, $1.5bn BLR imports) ...
    assert blr["compare_values"]["imports_usd"] == pytest.approx(5.4e9)
    assert blr["compare_values"]["exports_usd"] == pytest.approx(1.5e9)
    # ... its 2022 levels from Ukraine's ($1.6bn turnover, just under $1.4bn imports)
    assert ukr["turnover_usd"] == pytest.approx(1.6e9) and ukr["imports_usd"] == pytest.approx(1.4e9)
    # the falls: -74% and -70% hold on Ukraine's 2021 base ...
    assert round(ukr["change_pct"]) == -74 and round(ukr["imports_change_pct"]) == -70
    # ... and not on Belarus's 2021 records, which are the brief's stated 2021 levels
    vs = ukr["vs_other_records"]
    assert vs["base_reporter"] == "BLR"
    assert round(vs["turnover_change_pct"]) == -77 and round(vs["imports_change_pct"]) == -74
    # a 74% fall to $1.6bn implies a base near $6.15bn, which is Ukraine's 2021 turnover, not Belarus's $6.9bn
    implied = ukr["turnover_usd"] / (1 + ukr["change_pct"] / 100)
    assert implied == pytest.approx(ukr["compare_values"]["turnover_usd"], rel=1e-3)  # change_pct is rounded
    assert abs(implied - blr["compare_values"]["turnover_usd"]) > 0.5e9
    # Belarus published no 2022 figures: null, not zero, with a note
    assert blr["turnover_usd"] is None and blr["change_pct"] is None
    assert any("BLR has no records" in n for n in out["notes"])
    assert "exports: derived (exports = turnover − imports; none published)" in ukr["notes"]


def test_ibis_kernels_mirror_and_shares(store):
    """The table-level kernels (the ones the benchmark times) on a small table with known answers."""
    from dyadwatch.realms.economic import annual_flows_expr, latest, mirror_expr, partner_shares_expr

    cols = ["indicator", "reporter", "partner", "flow", "product", "period", "value", "unit", "source_id", "vintage"]
    store.insert_rows("observations", cols, [
        ["exports", "UKR", "BLR", "X", "27", "2021-01", 100.0, "USD", "t", "1"],
        ["exports", "UKR", "BLR", "X", "27", "2021-02", 100.0, "USD", "t", "1"],
        ["exports", "UKR", "BLR", "X", "27", "2021-02", 150.0, "USD", "t", "2"],   # a later vintage replaces
        ["imports", "UKR", "BLR", "M", "27", "2021-01", 400.0, "USD", "t", "1"],
        ["exports", "UKR", "POL", "X", "27", "2021-01", 750.0, "USD", "t", "1"],
        ["exports", "BLR", "UKR", "X", "27", "2021-01", 420.0, "USD", "t", "1"],
        ["imports", "BLR", "UKR", "M", "27", "2021-01", 262.5, "USD", "t", "1"]])
    annual = annual_flows_expr(latest(store.table("observations")))
    a = {(r.reporter, r.partner): r for r in annual.execute().itertuples()}
    assert a[("UKR", "BLR")].exports == 250.0 and a[("UKR", "BLR")].balance == -150.0
    mir = {(r.exporter, r.importer): r.gap_pct for r in mirror_expr(annual).execute().itertuples()}
    assert mir[("UKR", "BLR")] == pytest.approx((262.5 / 1.05 / 250 - 1) * 100)   # = 0: within CIF/FOB
    assert mir[("BLR", "UKR")] == pytest.approx((400 / 1.05 / 420 - 1) * 100)
    assert ("UKR", "POL") not in mir                                                # POL does not report
    sh = {(r.reporter, r.partner): r.share_pct for r in partner_shares_expr(annual).execute().itertuples()}
    assert sh[("UKR", "BLR")] == pytest.approx(100 * 650 / 1400) and sh[("BLR", "UKR")] == pytest.approx(100.0)


def test_cli_summary_table_marks_derived_flows(bundled, store_path, capsys):
    """The terminal table shows a derived export figure; the note beside it must say it was derived."""
    from dyadwatch.cli import main

    bundled.close()
    assert main(["trade", "summary", "UKR", "BLR", "--period", "2022", "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert "UKR's records 2022: derived, not published: exports = turnover − imports" in out
