"""Backtests and scoring rules: end to end on the bundled data, and the scores checked by hand."""
from __future__ import annotations

import datetime as dt
import math
import shutil

import pytest

from dyadwatch.errors import InputError
from dyadwatch.warning import scoring
from dyadwatch.warning.backtest import backtest, outcome, parse_step
from dyadwatch.warning.model import forecast


@pytest.fixture(scope="module")
def weekly(bundled_path):
    from dyadwatch.store import open_store

    with open_store(bundled_path) as st:
        return backtest(st, "UKR-BLR", "E1", 90, "2021-01-01", "2024-06-30", "week", today="2026-01-01")


# --- scoring rules by hand ------------------------------------------------------------------------------
def test_brier_and_log_score_by_hand():
    assert scoring.brier([0.2, 0.9], [0, 1]) == pytest.approx((0.04 + 0.01) / 2)
    assert scoring.log_score([0.2, 0.9], [0, 1]) == pytest.approx((math.log(0.8) + math.log(0.9)) / 2)
    assert scoring.brier([], []) is None and scoring.log_score([], []) is None
    # a certain miss is costly but finite
    assert -15 < scoring.log_score([0.0], [1]) < -13
    assert scoring.skill(0.05, 0.10) == pytest.approx(0.5)
    assert scoring.skill(0.2, 0.1) == pytest.approx(-1.0)
    with pytest.raises(ValueError, match="2 probabilities but 1 outcomes"):
        scoring.brier([0.1, 0.2], [1])
    with pytest.raises(ValueError, match="outside"):
        scoring.brier([1.5], [1])


def test_reliability_and_alarms_by_hand():
    ps, ys = [0.01, 0.02, 0.3, 0.4, 0.8], [0, 1, 0, 1, 1]
    table = {r["bin"]: r for r in scoring.reliability(ps, ys)}
    assert table["0.00–0.05"]["n"] == 2 and table["0.00–0.05"]["observed"] == 0.5
    assert table["0.25–0.50"]["mean_forecast"] == pytest.approx(0.35)
    assert table["0.50–1.00"]["observed"] == 1.0 and table["0.05–0.10"]["n"] == 0
    alarms = {r["threshold"]: r for r in scoring.alarm_counts(ps, ys, (0.25, 0.5))}
    assert (alarms[0.25]["hits"], alarms[0.25]["false_alarms"], alarms[0.25]["misses"]) == (2, 1, 1)
    assert alarms[0.5]["hits"] == 1 and alarms[0.5]["false_alarm_rate"] == 0


def test_lead_time_counts_the_unbroken_run_before_the_onset():
    d = dt.date(2022, 1, 1)
    dates = [d + dt.timedelta(days=7 * i) for i in range(6)]
    ps = [0.3, 0.05, 0.2, 0.3, 0.6, 0.7]
    onset = dates[-1] + dt.timedelta(days=3)
    (lt,) = scoring.lead_times(dates, ps, [onset], 90, (0.10, 0.25, 0.50))
    assert lt["lead_days_10"] == (onset - dates[2]).days   # the 0.05 breaks the earlier run
    assert lt["lead_days_25"] == (onset - dates[3]).days
    assert lt["lead_days_50"] == (onset - dates[4]).days
    (none,) = scoring.lead_times(dates, [0.01] * 6, [onset], 90, (0.10,))
    assert none["lead_days_10"] is None


def test_outcome_window_is_after_the_issue_day_up_to_the_horizon():
    onset = [dt.date(2022, 2, 24)]
    assert outcome(onset, dt.date(2022, 2, 23), 1) == 1
    assert outcome(onset, dt.date(2022, 2, 24), 90) == 0          # known on the day: not a forecast
    assert outcome(onset, dt.date(2021, 11, 26), 90) == 1         # 90 days before
    assert outcome(onset, dt.date(2021, 11, 25), 90) == 0


def test_steps():
    assert parse_step("week") == 7 and parse_step("14") == 14 and parse_step(3) == 3
    with pytest.raises(InputError, match="step"):
        parse_step("weekly")
    with pytest.raises(InputError, match="at least one day"):
        parse_step(0)


# --- end to end on the bundled data --------------------------------------------------------------------
def test_backtest_end_to_end_on_bundled_data(weekly):
    r = weekly
    assert r["n_forecasts"] == 183 and r["step_days"] == 7
    assert 0 < r["n_positive"] < r["n_scored"] < r["n_forecasts"]
    ys = [x["outcome"] for x in r["forecasts"] if x["scored"]]
    ps = [x["probability"] for x in r["forecasts"] if x["scored"]]
    sc = r["scores"]
    assert sc["model"]["brier"] == pytest.approx(scoring.brier(ps, ys))
    assert sc["model"]["log_score"] == pytest.approx(scoring.log_score(ps, ys))
    base = sum(ys) / len(ys)
    assert sc["climatology_in_sample"]["probability"] == pytest.approx(base)
    assert sc["climatology_in_sample"]["brier"] == pytest.approx(base * (1 - base))   # a constant base rate
    # the climatology scored against is point in time: nothing known before the first onset, then rising
    clim = {x["date"]: x["climatology"] for x in r["forecasts"]}
    assert clim["2021-01-01"] < 0.01 and clim["2022-02-18"] == pytest.approx(clim["2021-01-01"], rel=0.05)
    assert clim["2024-06-28"] > 1.5 * clim["2022-02-18"]   # the 2022 onset counted once its window closed
    assert sc["climatology"]["brier"] == pytest.approx(
        scoring.brier([x["climatology"] for x in r["forecasts"] if x["scored"]], ys))
    # block-bootstrap intervals contain the point values
    lo, hi = sc["model"]["brier_ci"]
    assert lo <= sc["model"]["brier"] <= hi and hi > lo
    slo, shi = sc["model"]["brier_skill_vs_climatology_ci"]
    assert slo <= sc["model"]["brier_skill_vs_climatology"] <= shi
    # one labelled definition
    assert r["definition"]["label"].startswith("weekly forecasts from 2021-01-01 to 2024-06-30, horizon 90 days")
    # leave one episode out: each episode and the onset's run-up; leaving the run-up out leaves no positive
    loo = {e["left_out"]: e for e in r["leave_one_episode_out"]}
    assert {"allied-resolve-2022", "wagner-2023", "run-up to 2022-02-24"} <= set(loo)
    assert loo["run-up to 2022-02-24"]["n_positive"] == 0 and loo["run-up to 2022-02-24"]["n_left_out"] == 13
    # the decisive forecasts are the February 2022 ones
    assert {d["date"] for d in r["decisive"]["gains"][:3]} <= {"2022-02-04", "2022-02-11", "2022-02-18"}
    for ref, key in (("climatology", "brier_skill_vs_climatology"), ("no_change", "brier_skill_vs_no_change"),
                     ("prior_only", "brier_skill_vs_prior")):
        assert sc["model"][key] == pytest.approx(1 - sc["model"]["brier"] / sc[ref]["brier"])
    assert sum(b["n"] for b in r["reliability"]) == r["n_scored"]
    # the model warned before the February 2022 offensive, and was quiet in the negative episodes
    (lead,) = r["lead_time"]
    assert lead["onset"] == "2022-02-24" and lead["lead_days_10"] >= 14 and lead["lead_days_25"] >= 5
    eps = {e["id"]: e for e in r["episodes"]}
    assert set(eps) == {"allied-resolve-2022", "regional-grouping-2022-23", "wagner-2023"}
    assert eps["allied-resolve-2022"]["max_probability"] > 0.5
    for neg in ("regional-grouping-2022-23", "wagner-2023"):
        assert eps[neg]["kind"] == "negative" and eps[neg]["false_alarms_25"] == 0
        assert eps[neg]["max_probability"] < 0.10
    assert "only 1 onset" in r["thin_history"]
    assert r["reference_class"]["episodes"] and r["reference_class"]["brier"] is not None


def test_backtest_forecasts_are_the_point_in_time_forecasts(weekly, bundled):
    rows = {x["date"]: x for x in weekly["forecasts"]}
    for day in ("2021-09-17", "2022-02-18", "2023-01-20", "2024-05-03"):
        assert rows[day]["probability"] == pytest.approx(
            forecast(bundled, "UKR-BLR", "E1", 90, day, with_moves=False)["probability"])


def test_backtest_rows_unchanged_by_later_known_data(bundled_path, tmp_path, weekly):
    from dyadwatch.curated import load_files
    from dyadwatch.store import open_store

    path = tmp_path / "copy.duckdb"
    shutil.copy(bundled_path, path)
    late = tmp_path / "late.yaml"
    late.write_text(
        "sources:\n  - {id: test-hindsight, title: Hindsight, publisher: Test, date: 2024-06-01}\n"
        "observations:\n"
        "  - {indicator: intel_warning, reporter: BLR, partner: UKR, period: '2024-05-20', value: 2, unit: level,\n"
        "     source: test-hindsight, known_at: 2024-06-01}\n")
    with open_store(path) as st:
        load_files([late], st)
        again = backtest(st, "UKR-BLR", "E1", 90, "2021-01-01", "2024-06-30", "week", today="2026-01-01")
    new = {x["date"]: x["probability"] for x in again["forecasts"]}
    old = {x["date"]: x["probability"] for x in weekly["forecasts"]}
    assert all(new[d] == old[d] for d in old if d < "2024-06-01")
    assert any(new[d] != old[d] for d in old if d >= "2024-06-01")


def test_unscored_dates_and_no_change_baseline(weekly):
    rows = {x["date"]: x for x in weekly["forecasts"]}
    inside = [x for d, x in rows.items() if "2022-02-24" <= d <= "2022-04-08"]
    assert inside and all(not x["scored"] and x["why_not"] == "onset in progress" for x in inside)
    after = [x for d, x in rows.items() if "2022-04-09" <= d <= "2022-05-20"]
    assert after and all(x["no_change"] == 0.99 for x in after)     # the onset is within the trailing 90 days
    assert all(x["no_change"] == 0.01 for d, x in rows.items() if d < "2022-02-24")


def test_window_not_closed_is_not_scored(bundled):
    r = backtest(bundled, "UKR-BLR", "E1", 30, "2024-05-01", "2024-06-30", "week", today="2024-06-15")
    assert r["n_scored"] < r["n_forecasts"]
    assert all(x["why_not"] == "window not closed" for x in r["forecasts"] if x["date"] > "2024-05-16")


def test_backtest_bad_input(bundled):
    with pytest.raises(InputError, match="before"):
        backtest(bundled, "UKR-BLR", "E1", 90, "2024-01-01", "2023-01-01")
    with pytest.raises(InputError, match="step"):
        backtest(bundled, "UKR-BLR", "E1", 90, "2024-01-01", "2024-02-01", "hourly")
    with pytest.raises(InputError, match="horizons"):
        backtest(bundled, "UKR-BLR", "E1", 60, "2024-01-01", "2024-02-01")


def test_docs_quote_the_standard_definition_from_the_generated_block():
    from pathlib import Path

    from dyadwatch.warning.backtest import STANDARD, definition_label

    doc = (Path(__file__).parents[1] / "docs" / "warning.md").read_text(encoding="utf-8")
    begin, end = doc.index("<!-- warning-figures:begin -->"), doc.index("<!-- warning-figures:end -->")
    block = doc[begin:end]
    label = definition_label(STANDARD["from"], STANDARD["to"], 7, STANDARD["horizon"], "2026-12-05")
    assert label in block and "| E1 | 90 |" in block and "95% interval" in block
