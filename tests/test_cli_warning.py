"""The security-realm commands: warning, warning backtest, forecasts, redlines (output, JSON, exit codes)."""
from __future__ import annotations

import json
import shutil

import pytest

from dyadwatch.cli import main


@pytest.fixture
def db(bundled_copy):
    return str(bundled_copy)


def strict(text: str):
    """JSON as other tools read it: NaN and ±Infinity are not JSON."""
    def bad(name):
        raise AssertionError(f"{name} in JSON output")
    return json.loads(text, parse_constant=bad)


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_warning_table_and_json(capsys, db):
    code, out, err = run(capsys, "warning", "UKR", "BLR", "--as-of", "2022-02-20", "--store", db)
    assert code == 0, err
    assert "E1 (Ground offensive into Ukraine from Belarusian territory), 90 days from 2022-02-20" in out
    assert "evidence" in out and "sec-uawire-2022-02-20-exercise-continues" in out
    assert "event data:" in out and "above 50.0% already" in out
    code, out, _ = run(capsys, "warning", "UKR", "BLR", "--as-of", "2022-02-20", "--json", "--store", db)
    early = strict(out)
    code, out, _ = run(capsys, "warning", "UKR", "BLR", "--as-of", "2024-05-01", "--json", "--store", db)
    late = json.loads(out)
    assert code == 0
    for f in (early, late):
        assert {"probability", "prior", "as_of", "contributions", "what_would_move_it"} <= set(f)
        for c in f["contributions"]:
            assert {"indicator", "group", "state", "log_lr", "bits", "evidence"} <= set(c)
    assert early["probability"] > 0.5 > 0.05 > late["probability"]
    assert [m["threshold"] for m in late["what_would_move_it"]] == [0.1, 0.25, 0.5]


def test_warning_other_targets_and_horizons(capsys, db):
    code, out, _ = run(capsys, "warning", "UKR", "BLR", "--target", "E2", "--horizon", "30", "--as-of",
                       "2022-10-20", "--json", "--store", db)
    f = json.loads(out)
    assert code == 0 and f["target"] == "E2" and f["horizon_days"] == 30 and 0 < f["prior"] < 0.02
    assert f["prior_only"] is False and "2022-Q1" in f["prior_derivation"]["text"]


def test_prior_only_when_every_reading_is_stale(capsys, db):
    code, out, _ = run(capsys, "warning", "UKR", "BLR", "--as-of", "2026-12-01", "--json", "--store", db)
    f = json.loads(out)
    assert code == 0 and f["prior_only"] is True and f["probability"] == pytest.approx(f["prior"])
    assert "stale" in f["prior_only_reason"]
    code, out, _ = run(capsys, "warning", "UKR", "BLR", "--as-of", "2026-12-01", "--store", db)
    first = out.splitlines()[0]
    assert "prior only: no current evidence" in first and "P = 1." in first and "(prior" not in first
    assert "prior: 1 quarter(s)" in out
    code, out, _ = run(capsys, "warning", "show", "UKR", "BLR", "--as-of", "2024-05-01", "--json", "--store", db)
    assert json.loads(out)["prior_only"] is False


@pytest.mark.parametrize("args, words", [
    (["--target", "E9"], "unknown target 'E9'"),
    (["--horizon", "45"], "horizons 30, 90, 180 days, not 45"),
    (["--as-of", "20-02-2022"], "is not a date"),
])
def test_warning_bad_input_exits_2(capsys, db, args, words):
    code, out, err = run(capsys, "warning", "UKR", "BLR", *args, "--store", db)
    assert code == 2 and err.startswith("error:") and words in err and out == ""


def test_warning_with_a_card_copy(capsys, db, tmp_path):
    from dyadwatch.warning.card import card_dir

    for name in ("ukr_blr.yaml", "targets.yaml"):
        shutil.copy(card_dir() / name, tmp_path / name)
    card = tmp_path / "ukr_blr.yaml"
    code, out, _ = run(capsys, "warning", "UKR", "BLR", "--as-of", "2024-05-01", "--json", "--store", db)
    base = json.loads(out)["probability"]
    text = card.read_text()
    old = "p_event: {E1: 0.30, E2: 0.50, E3: 0.45}\n        p_no_event: 0.78"     # garrison-level Russian troops
    card.write_text(text.replace(old, "lr: {E1: 0.2, E2: 0.64, E3: 0.58}", 1))
    code, out, _ = run(capsys, "warning", "UKR", "BLR", "--as-of", "2024-05-01", "--json", "--card", str(card),
                       "--store", db)
    assert code == 0 and json.loads(out)["probability"] < base
    card.write_text(text.replace(old, "lr: {E1: 0.5, E2: 0.7}", 1))
    code, out, err = run(capsys, "warning", "UKR", "BLR", "--card", str(card), "--store", db)
    assert code == 5 and f"{card}:" in err and "'indicators.ru_troops_in_blr.states[0].lr'" in err


def test_backtest_prints_scores_and_baselines(capsys, db):
    code, out, err = run(capsys, "warning", "backtest", "UKR", "BLR", "--from", "2021-01-01", "--to", "2024-06-30",
                         "--step", "week", "--store", db)
    assert code == 0, err
    for words in ("scores", "climatology", "no_change", "prior_only", "skill_vs_climatology", "reliability",
                  "lead time", "2022-02-24", "alarms", "episodes", "regional-grouping-2022-23", "wagner-2023",
                  "reference class", "thin history"):
        assert words in out, words
    code, out, _ = run(capsys, "warning", "backtest", "UKR", "BLR", "--step", "month", "--json", "--store", db)
    r = strict(out)
    code3, out3, _ = run(capsys, "warning", "backtest", "UKR", "BLR", "--target", "E3", "--json", "--store", db)
    e3 = strict(out3)
    assert code3 == 0 and e3["n_positive"] == 0
    assert e3["scores"]["model"]["brier_skill_vs_in_sample_climatology"] is None   # a perfect reference
    assert e3["scores"]["model"]["brier_ci"] is not None
    assert code == 0 and r["step_days"] == 30
    assert {"model", "climatology", "no_change", "prior_only"} <= set(r["scores"])
    m = r["scores"]["model"]
    assert {"brier", "log_score", "brier_skill_vs_climatology", "brier_skill_vs_no_change"} <= set(m)
    assert r["reliability"] and r["lead_time"] and r["alarms"] and r["episodes"]


def test_backtest_bad_step_exits_2(capsys, db):
    code, _, err = run(capsys, "warning", "backtest", "UKR", "BLR", "--step", "hourly", "--store", db)
    assert code == 2 and "step 'hourly'" in err


def test_forecasts_add_list_resolve_score(capsys, db):
    code, out, err = run(capsys, "forecasts", "add", "UKR", "BLR", "--id", "me-1", "--target", "E2", "--horizon",
                         "30", "-p", "0.3", "--issued", "2024-01-01", "--author", "me", "--store", db)
    assert code == 0, err
    assert "registered me-1: E2 30.0% within 30 days of 2024-01-01 (resolves 2024-01-31)" in out
    code, out, _ = run(capsys, "forecasts", "list", "--json", "--store", db)
    rows = {r["id"]: r for r in json.loads(out)}
    assert {"me-1", "sceeus-2024-05-16-e1", "sceeus-2024-05-16-e2", "metaculus-10423-belarus-invades-ukraine"} <= set(rows)
    # the registry keeps itself true: listing resolved what the store decides; nothing is open past its date
    assert rows["me-1"]["status"] == "no" and rows["me-1"]["resolution_note"].startswith("by rule")
    assert rows["sceeus-2024-05-16-e2"]["status"] == "overdue"
    assert "open" not in {r["status"] for r in rows.values()}
    code, out, _ = run(capsys, "forecasts", "resolve", "me-1", "--store", db)
    assert code == 0 and "me-1: no (by rule" in out
    code, out, _ = run(capsys, "forecasts", "score", "--json", "--store", db)
    s = json.loads(out)
    # resolved: me-1 (0.3, no), the crowd's 1% (no) and the brief's E1 17.5% (no by rule: E1's record is
    # complete to 2025-09-16); the brief's E2 forecast stays overdue
    assert s["n_resolved"] == 3 and s["brier"] == pytest.approx((0.09 + 0.0001 + 0.175 ** 2) / 3)
    assert s["by_kind"]["person"]["brier"] == pytest.approx((0.09 + 0.175 ** 2) / 2) and s["by_kind"]["crowd"]["n"] == 1
    code, out, _ = run(capsys, "forecasts", "score", "--store", db)
    assert "by kind of forecaster" in out and "overdue" in out and "sceeus-2024-05-16-e2" in out
    code, out, _ = run(capsys, "warning", "log", "UKR", "BLR", "--from", "2022-05-01", "--to", "2022-06-01",
                       "--step", "month", "--target", "E3", "--json", "--store", db)
    assert code == 0 and json.loads(out)["added"] == 3      # two grid dates and the crowd's question
    code, out, _ = run(capsys, "warning", "log", "UKR", "BLR", "--from", "2022-05-01", "--to", "2022-06-01",
                       "--step", "month", "--target", "E3", "--store", db)
    assert code == 0 and out.startswith("0 model forecast(s) added")
    code, out, _ = run(capsys, "forecasts", "score", "--json", "--store", db)
    assert strict(out)["shared"]["by_kind"]["model"]["n"] == 1
    code, _, err = run(capsys, "forecasts", "add", "UKR", "BLR", "--id", "me-1", "--target", "E2", "--horizon",
                       "30", "-p", "0.3", "--author", "me", "--store", db)
    assert code == 2 and "already registered" in err
    code, _, err = run(capsys, "forecasts", "add", "UKR", "BLR", "--id", "me-2", "--target", "E2", "--horizon",
                       "30", "-p", "30", "--author", "me", "--store", db)
    assert code == 2 and "'probability'" in err and "0.15, not 15" in err


def test_redlines_command(capsys, db):
    code, out, err = run(capsys, "redlines", "UKR", "BLR", "--as-of", "2024-05-16", "--store", db)
    assert code == 0, err
    assert "[CROSSED] No missile or drone launches at Ukraine from Belarusian territory" in out
    code, out, _ = run(capsys, "redlines", "UKR", "BLR", "--as-of", "2024-05-16", "--json", "--store", db)
    r = json.loads(out)
    assert {x["status"] for x in r["rules"]} <= {"crossed", "close", "held"} and len(r["rules"]) == 4


def test_help_texts(capsys):
    for args in (["warning", "--help"], ["warning", "backtest", "--help"], ["forecasts", "add", "--help"],
                 ["redlines", "--help"]):
        code, out, _ = run(capsys, *args)
        assert code == 0 and "Usage:" in out
