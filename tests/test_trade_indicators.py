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


# --- the fused kernels (indicator_tables) against the plain ones, with several vintages -----------------------
_COLS = ["indicator", "reporter", "partner", "flow", "product", "period", "value", "unit", "source_id", "vintage",
         "loaded_at"]


def _reference_tables(t, cif_fob=1.05):
    """indicator_tables as it was: the window-based latest() under each plain kernel."""
    from dyadwatch.realms.economic import (annual_flows_expr, chapters_expr, herfindahl_expr, latest, mirror_expr,
                                           partner_shares_expr)

    base = latest(t)
    annual = annual_flows_expr(base)
    return {"annual": annual.execute(), "mirror": mirror_expr(annual, cif_fob).execute(),
            "shares": partner_shares_expr(annual).execute(),
            "hhi": herfindahl_expr(chapters_expr(base)).execute()}


def _assert_same_tables(got, want):
    import numpy as np

    keys = {"annual": ["reporter", "partner", "year"], "mirror": ["exporter", "importer", "year"],
            "shares": ["reporter", "partner", "year"], "hhi": ["reporter", "partner", "flow", "period"]}
    for name, k in keys.items():
        g, w = got[name], want[name]
        assert sorted(g.columns) == sorted(w.columns), name
        g = g.sort_values(k, na_position="first").reset_index(drop=True)
        w = w.sort_values(k, na_position="first").reset_index(drop=True)[list(g.columns)]
        assert len(g) == len(w), f"{name}: {len(g)} rows against {len(w)}"
        for col in g.columns:
            if col in k:
                assert g[col].astype(object).where(g[col].notna(), None).tolist() == \
                    w[col].astype(object).where(w[col].notna(), None).tolist(), f"{name}.{col}"
            else:
                np.testing.assert_allclose(g[col].astype(float), w[col].astype(float), rtol=1e-12, atol=1e-9,
                                           err_msg=f"{name}.{col}")   # sums in another order


def test_indicator_tables_pick_the_latest_vintage_then_load(store):
    """Later vintage wins; within a vintage the later load; a newer non-USD row hides the key (the unit applies to
    the kept row); a missing vintage or load time ranks lowest; a null partner stays null."""
    from dyadwatch.realms.economic import indicator_tables, latest_values

    t1, t2 = "2024-01-01 10:00:00", "2024-06-01 10:00:00"
    store.insert_rows("observations", _COLS, [
        ["exports", "UKR", "BLR", "X", "27", "2021-01", 100.0, "USD", "a", "1", t2],
        ["exports", "UKR", "BLR", "X", "27", "2021-01", 130.0, "USD", "b", "2", t1],    # later vintage, earlier load
        ["exports", "UKR", "BLR", "X", "31", "2021-01", 10.0, "USD", "a", "1", t1],
        ["exports", "UKR", "BLR", "X", "31", "2021-01", 20.0, "USD", "c", "1", t2],     # same vintage, later load
        ["exports", "UKR", "BLR", "X", "2710", "2021-01", 7.0, "USD", "a", "1", t1],    # under 27: not a chapter
        ["imports", "UKR", "BLR", "M", "27", "2021-01", 50.0, "USD", "a", "1", t1],
        ["imports", "UKR", "BLR", "M", "27", "2021-01", 45.0, "EUR", "d", "2", t1],     # newer, not USD: key gone
        ["imports", "UKR", "BLR", "M", "31", "2021-01", 5.0, "USD", "a", None, t1],     # no vintage: ranks lowest
        ["imports", "UKR", "BLR", "M", "31", "2021-01", 6.0, "USD", "a", "1", None],    # no load time, vintage 1
        ["exports", "UKR", None, "X", "27", "2021-02", 9.0, "USD", "a", "1", t1],       # no partner
        ["turnover", "UKR", "BLR", None, "TOTAL", "2021", 999.0, "USD", "a", "1", t1]])  # not a flow kernel row
    vals = latest_values(store.table("observations")).execute()
    got = {(r.indicator, r.partner, r.product, r.period): r.value for r in vals.itertuples()}
    assert got[("exports", "BLR", "27", "2021-01")] == 130.0
    assert got[("exports", "BLR", "31", "2021-01")] == 20.0
    assert ("imports", "BLR", "27", "2021-01") not in got
    assert got[("imports", "BLR", "31", "2021-01")] == 6.0
    assert vals.partner.isna().sum() == 1 and got[("turnover", "BLR", "TOTAL", "2021")] == 999.0
    out = indicator_tables(store.table("observations"))
    a = {(r.reporter, r.partner): r for r in out["annual"].itertuples()}
    assert a[("UKR", "BLR")].exports == 150.0 and a[("UKR", "BLR")].imports == 6.0   # 2710 is inside 27: once
    h = {(r.flow, r.period): r for r in out["hhi"].itertuples()}
    assert h[("X", "2021-01")].chapters == 2 and h[("X", "2021-01")].value == 150.0   # 27 at 2 digits, 31
    assert h[("X", "2021-01")].hhi == pytest.approx((130 / 150) ** 2 + (20 / 150) ** 2, rel=1e-12)
    _assert_same_tables(out, _reference_tables(store.table("observations")))


def _random_rows(seed: int) -> list[list]:
    import random

    rnd = random.Random(seed)
    loads = [None, "2024-01-01 00:00:00", "2024-01-01 00:00:01", "2025-03-02 12:00:00"]
    vintages = [None, "", "1", "2", "2024-01"]
    rows, seen = [], set()
    for _ in range(400):
        ind = rnd.choice(["exports", "imports", "exports", "imports", "turnover"])
        flow = {"exports": "X", "imports": "M"}.get(ind) if rnd.random() > 0.05 else None
        key = (ind, rnd.choice(["UKR", "BLR"]), rnd.choice(["UKR", "BLR", "POL", "WLD", None]), flow,
               rnd.choice(["TOTAL", "27", "2709", "2716", "31", "3102", "84"]),
               rnd.choice(["2020-01", "2020-02", "2021-01", "2021"]))
        v, ld = rnd.choice(vintages), rnd.choice(loads)
        if (key, "" if v is None else v, ld) in seen:
            continue
        seen.add((key, "" if v is None else v, ld))
        rows.append([*key, round(rnd.uniform(0, 1000), 2), rnd.choice(["USD"] * 5 + ["EUR"]), "s", v, ld])
    return rows


@pytest.mark.parametrize("seed", range(6))
def test_indicator_tables_equal_the_window_kernels_on_random_vintages(store, seed):
    """Random tables with up to three vintages and loads per key, other units, null partners/flows/vintages/load
    times, TOTAL and 2/4-digit rows: the one-pass kernels give the same tables as latest() + the plain kernels.
    (Exact ties of vintage and load time are left out: there latest() keeps an arbitrary row.)"""
    from dyadwatch.realms.economic import indicator_tables

    store.insert_rows("observations", _COLS, _random_rows(seed))
    t = store.table("observations")
    _assert_same_tables(indicator_tables(t), _reference_tables(t))


def test_indicator_tables_same_on_spark(store, spark):
    """The kernels are plain Ibis: on Spark (local mode) they give the same tables as on the DuckDB store."""
    pytest.importorskip("pyspark", reason="PySpark is not installed")
    import ibis

    from dyadwatch.realms.economic import indicator_tables
    from dyadwatch.store import engine

    store.insert_rows("observations", _COLS, _random_rows(1))
    t = store.table("observations")
    rows = [[r[c] for c in _COLS] for r in store.query(f"SELECT {', '.join(_COLS)} FROM observations")]
    schema = ", ".join(f"{c} {'double' if c == 'value' else 'timestamp' if c == 'loaded_at' else 'string'}"
                       for c in _COLS)
    session = engine.spark_session()
    assert session is spark                                         # the run's one session (tests/conftest.py)
    session.createDataFrame(rows, schema).createOrReplaceTempView("trade_obs_parity")   # a view: no files
    st = ibis.pyspark.connect(session).table("trade_obs_parity")
    _assert_same_tables(indicator_tables(st), indicator_tables(t))


def test_series_uses_the_latest_vintage(store):
    """Monthly series on a store holding two vintages of the same months: the later one is used, both are kept."""
    from dyadwatch.realms.economic import series

    cols = ["indicator", "reporter", "partner", "flow", "product", "period", "value", "unit", "source_id", "vintage"]
    rows = []
    for m, (old, new) in enumerate([(10.0, 11.0), (20.0, 20.0), (30.0, 33.0)], start=1):
        for src, vint, val in (("old", "2023-01", old), ("new", "2024-01", new)):
            rows += [["exports", "UKR", "BLR", "X", "TOTAL", f"2022-{m:02d}", val * 1e6, "USD", src, vint],
                     ["imports", "UKR", "BLR", "M", "TOTAL", f"2022-{m:02d}", 2 * val * 1e6, "USD", src, vint]]
    store.insert_rows("observations", cols, rows)
    out = series(store, "UKR", "BLR", freq="M", start="2022-01", end="2022-03")
    assert [(r["period"], r["exports_usd"], r["turnover_usd"]) for r in out] == [
        ("2022-01", 11e6, 33e6), ("2022-02", 20e6, 60e6), ("2022-03", 33e6, 99e6)]
    assert all(r["source_ids"] == ["new"] for r in out)
    assert store.scalar("SELECT count(*) FROM observations") == 12


def test_annual_flows_never_add_a_total_to_its_own_hs_rows(store):
    """A month stored as TOTAL and by HS code (27, its sub-code 2716, and 31) counts once: the TOTAL where
    published, else the chapters at their shortest code level; both kernels agree."""
    from dyadwatch.realms.economic import annual_flows_expr, indicator_tables, latest

    cols = ["indicator", "reporter", "partner", "flow", "product", "period", "value", "unit", "source_id", "vintage"]
    store.insert_rows("observations", cols, [
        ["exports", "UKR", "BLR", "X", "TOTAL", "2021-01", 1000.0, "USD", "t", "1"],
        ["exports", "UKR", "BLR", "X", "27", "2021-01", 600.0, "USD", "t", "1"],
        ["exports", "UKR", "BLR", "X", "2716", "2021-01", 50.0, "USD", "t", "1"],
        ["exports", "UKR", "BLR", "X", "31", "2021-01", 300.0, "USD", "t", "1"],
        # February: no TOTAL row, so 27 (not 27 + 2716) + 31
        ["exports", "UKR", "BLR", "X", "27", "2021-02", 200.0, "USD", "t", "1"],
        ["exports", "UKR", "BLR", "X", "2716", "2021-02", 20.0, "USD", "t", "1"],
        ["exports", "UKR", "BLR", "X", "31", "2021-02", 100.0, "USD", "t", "1"]])
    t = store.table("observations")
    ref = annual_flows_expr(latest(t)).execute()
    fast = indicator_tables(t)["annual"]
    for df in (ref, fast):
        row = df[(df.reporter == "UKR") & (df.partner == "BLR") & (df.year == "2021")].iloc[0]
        assert row.exports == pytest.approx(1000.0 + 300.0)
