"""The flexible-sanctions rules model: example end to end, YAML-only changes, semantics, malformed files."""
from __future__ import annotations

import json

import pytest

from dyadwatch.cli import main
from dyadwatch.errors import ModelError
from dyadwatch.sanctions.calibrate import example_paths, parse_model, run, run_files

MODEL, SCENARIO = example_paths()


def test_example_runs_end_to_end():
    r = run_files(MODEL, SCENARIO)
    assert [p["period"] for p in r["timeline"]][0] == "2025-Q1" and len(r["timeline"]) == 8
    levels = {p["period"]: p["levels"] for p in r["timeline"]}
    # thaw: releases of 150 in 2025-Q3 ease individual listings 4 -> 3
    assert levels["2025-Q3"]["individual_listings"] == 3
    # dialogue shown over two periods (2025-Q3, Q4) observed with a lag of one eases transport in 2026-Q1
    assert levels["2025-Q4"]["aviation_transport"] == 3 and levels["2026-Q1"]["aviation_transport"] == 2
    # relapse: 150 new arrests in 2026-Q3 tighten listings again
    assert levels["2026-Q3"]["individual_listings"] == 3
    assert r["final"] == {"individual_listings": 3, "trade_restrictions": 4, "aviation_transport": 2,
                          "russia_alignment": 1}
    step = next(s for p in r["timeline"] if p["period"] == "2025-Q3" for s in p["steps"]
                if s["rule"] == "releases-ease-listings")
    assert "political_prisoners_released >= 100: 150 in 2025-Q3" in step["reason"]
    skipped = {s["rule"] for p in r["timeline"] if p["period"] == "2026-Q4" for s in p["skipped"]}
    assert "new-arrests-tighten-listings" in skipped  # cooldown after the 2026-Q3 step


def test_threshold_change_in_yaml_changes_the_outcome(tmp_path):
    base = run_files(MODEL, SCENARIO)
    text = MODEL.read_text(encoding="utf-8")
    old = "when: {indicator: political_prisoners_released, op: \">=\", threshold: 100}"
    assert old in text
    stricter = tmp_path / "stricter.yaml"
    stricter.write_text(text.replace(old, old.replace("threshold: 100", "threshold: 200")), encoding="utf-8")
    changed = run_files(stricter, SCENARIO)
    assert base["timeline"][2]["levels"]["individual_listings"] == 3
    assert changed["timeline"][2]["levels"]["individual_listings"] == 4  # 150 released no longer enough
    assert changed["final"] != base["final"]


MINI = """
name: mini
packages:
  p: {min: 0, max: 3, start: 2}
indicators:
  x: {label: x}
rules:
  - id: ease
    when: {indicator: x, op: ">=", threshold: 10, lag: LAG, for: FOR}
    then: {package: p, step: -1}
"""


def _mini(tmp_path, lag=0, for_=1, values=(0, 10, 10, 10, 0)):
    m = tmp_path / "m.yaml"
    m.write_text(MINI.replace("LAG", str(lag)).replace("FOR", str(for_)))
    s = tmp_path / "s.yaml"
    s.write_text("name: s\nperiods:\n" + "".join(f"  - {{period: '2025-{i + 1:02d}', x: {v}}}\n"
                                               for i, v in enumerate(values)))
    r = run_files(m, s)
    return [p["levels"]["p"] for p in r["timeline"]]


def test_lag_for_and_bounds(tmp_path):
    assert _mini(tmp_path) == [2, 1, 0, 0, 0]           # eases each period, stops at min 0
    assert _mini(tmp_path, lag=1) == [2, 2, 1, 0, 0]    # one period later
    assert _mini(tmp_path, for_=2) == [2, 2, 1, 0, 0]   # needs two consecutive periods
    assert _mini(tmp_path, for_=3) == [2, 2, 2, 1, 1]


def test_conflict_tighten_wins(tmp_path):
    m = tmp_path / "m.yaml"
    m.write_text("""name: c
conflict: tighten
packages: {p: {min: 0, max: 3, start: 1}}
indicators: {x: {}, y: {}}
rules:
  - {id: ease, when: {indicator: x, threshold: 1}, then: {package: p, step: -1}}
  - {id: tighten, when: {indicator: y, threshold: 1}, then: {package: p, step: 1}}
""")
    s = tmp_path / "s.yaml"
    s.write_text("name: s\nperiods:\n  - {period: '2025', x: 1, y: 1}\n")
    r = run_files(m, s)
    assert r["final"] == {"p": 2}
    assert r["timeline"][0]["skipped"][0]["rule"] == "ease"
    m.write_text(m.read_text().replace("conflict: tighten", "conflict: net"))
    assert run_files(m, s)["final"] == {"p": 1}


@pytest.mark.parametrize("text, line, reason", [
    ("name: x\npackages: {p: {max: 2, start: 3}}\nindicators: {x: {}}\nrules: []\n", 2, "outside min"),
    ("name: x\npackages:\n  p: {max: 2, start: 1}\nindicators: {x: {}}\nrules:\n  - id: r\n"
     "    when: {indicator: nope, threshold: 1}\n    then: {package: p, step: 1}\n", 7, "unknown indicator 'nope'"),
    ("name: x\npackages:\n  p: {max: 2, start: 1}\nindicators: {x: {}}\nrules:\n  - id: r\n"
     "    when: {indicator: x, threshold: high}\n    then: {package: p, step: 1}\n", 7, "must be a number"),
    ("name: x\npackages:\n  p: {max: 2, start: 1}\nindicators: {x: {}}\nrules:\n  - id: r\n"
     "    when: {indicator: x, threshold: 1}\n    then: {package: q, step: 1}\n", 8, "unknown package 'q'"),
    ("name: x\npackages:\n  p: {max: 2, start: 1}\nindicators: {x: {}}\nrules:\n  - id: r\n"
     "    when: {indicator: x, op: '~', threshold: 1}\n    then: {package: p, step: 1}\n", 7, "op must be"),
    ("name: x\npackages: {p: {max: 2, start: 1}}\nindicators: {x: {}}\nrulez: []\n", 4, "unknown field"),
    ("name: x\npackages: [\n", 3, "not valid YAML"),
    ("name: x\nname: y\n", 2, "duplicate key"),
])
def test_malformed_model_names_file_line_reason(tmp_path, text, line, reason):
    f = tmp_path / "bad_model.yaml"
    f.write_text(text)
    with pytest.raises(ModelError) as exc:
        parse_model(f)
    msg = str(exc.value)
    assert str(f) in msg and reason in msg
    assert exc.value.line == line, msg


def test_malformed_scenario(tmp_path):
    s = tmp_path / "s.yaml"
    s.write_text("name: s\nperiods:\n  - {period: '2025-Q2', political_prisoners_released: 1}\n"
                 "  - {period: '2025-Q1', dialogue_steps: 1}\n")
    with pytest.raises(ModelError, match=r"s.yaml:4: .*in order"):
        run_files(MODEL, s)
    s.write_text("name: s\nperiods:\n  - {period: '2025-Q1', prisoners: 1}\n")
    with pytest.raises(ModelError, match="unknown indicator 'prisoners'"):
        run_files(MODEL, s)


def test_cli(tmp_path, capsys):
    assert main(["sanctions", "calibrate", "--model", str(MODEL), "--scenario", str(SCENARIO), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["final"]["aviation_transport"] == 2 and out["steps"] > 5
    assert main(["sanctions", "calibrate", "--model", str(MODEL), "--scenario", str(SCENARIO)]) == 0
    text = capsys.readouterr().out
    assert "why:" in text and "releases-ease-listings" in text
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [\n")
    assert main(["sanctions", "calibrate", "--model", str(bad), "--scenario", str(SCENARIO)]) == 5
    assert "bad.yaml:" in capsys.readouterr().err


def test_run_is_pure_over_data():
    model = parse_model(MODEL)
    scen = {"name": "flat", "description": None, "file": "-",
            "periods": [{"period": f"2025-Q{i}", "values": {}, "note": None} for i in range(1, 5)]}
    r = run(model, scen)  # no values: no rule can hold, nothing moves
    assert r["final"] == r["start"] and r["steps"] == 0


@pytest.mark.parametrize("periods, line, reason", [
    (["Q1 2025"], 3, "is not YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM"),
    (["2025-Q1", "2025-03"], 4, "one length"),
    (["2025-Q1", "2025-Q3"], 4, "consecutive"),
    (["2025-12", "2026-01", "2025-02"], 5, "in order"),
    (["2025-Q4", "2025-Q4"], 4, "duplicate period"),
])
def test_scenario_periods_are_consecutive_and_of_one_length(tmp_path, periods, line, reason):
    s = tmp_path / "s.yaml"
    s.write_text("name: s\nperiods:\n" + "".join(f"  - {{period: '{p}', dialogue_steps: 1}}\n" for p in periods))
    with pytest.raises(ModelError) as exc:
        run_files(MODEL, s)
    assert reason in str(exc.value) and exc.value.line == line and str(s) in str(exc.value)


def test_year_boundaries_are_consecutive(tmp_path):
    s = tmp_path / "s.yaml"
    s.write_text("name: s\nperiods:\n  - {period: '2025-12', dialogue_steps: 1}\n"
                 "  - {period: '2026-01', dialogue_steps: 1}\n  - {period: 2027, dialogue_steps: 1}\n")
    with pytest.raises(ModelError, match="one length"):
        run_files(MODEL, s)
    s.write_text("name: s\nperiods:\n  - {period: 2025, dialogue_steps: 1}\n  - {period: 2026, dialogue_steps: 1}\n")
    assert [p["period"] for p in run_files(MODEL, s)["timeline"]] == ["2025", "2026"]
