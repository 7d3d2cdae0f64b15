"""The warning model on the bundled data: probabilities with contributions, point-in-time, the card as data."""
from __future__ import annotations

import math
import shutil
import sys

import pytest
import yaml

from dyadwatch.errors import InputError, ModelError, UnknownCodeError
from dyadwatch.warning import card as cardmod
from dyadwatch.warning.model import expit, forecast, logit


@pytest.fixture
def card_copy(tmp_path):
    """The bundled model card and its targets file copied to tmp_path (so tests can edit them)."""
    folder = cardmod.card_dir()
    for name in ("ukr_blr.yaml", "targets.yaml"):
        shutil.copy(folder / name, tmp_path / name)
    return tmp_path / "ukr_blr.yaml"


def test_e1_before_the_invasion_is_well_above_may_2024(bundled):
    before = forecast(bundled, "UKR-BLR", "E1", 90, "2022-02-20")
    after = forecast(bundled, "UKR-BLR", "E1", 90, "2024-05-01")
    assert before["probability"] > 0.5
    assert after["probability"] < 0.05
    assert before["probability"] > 10 * after["probability"]
    # the prior is point in time: before the invasion no onset was known, in 2024 the 2022 one is counted
    assert before["prior_derivation"]["k"] == 0 and after["prior_derivation"]["k"] == 1
    assert after["prior_derivation"]["known_periods"] == ["2022-Q1"]
    assert before["prior"] < after["prior"] < 0.02
    assert "(0 + 1)" in before["prior_derivation"]["text"] and "2022-Q1" in after["prior_derivation"]["text"]
    assert before["probability"] > before["prior"] and after["probability"] < after["prior"]
    assert not before["prior_only"] and not after["prior_only"]
    sources = {r["id"] for r in bundled.query("SELECT id FROM sources")}
    for f in (before, after):
        assert f["contributions"], "every forecast comes with its contribution table"
        for c in f["contributions"]:
            assert {"indicator", "group", "state", "log_lr", "bits", "evidence"} <= set(c)
            assert c["evidence"], f"{c['indicator']} has no evidence"
            assert set(c["evidence"]) <= sources, f"unresolved evidence {set(c['evidence']) - sources}"
            assert math.isclose(c["bits"], c["log_lr"] / math.log(2), abs_tol=2e-3)


def test_probability_is_prior_plus_clipped_group_sums(bundled):
    f = forecast(bundled, "UKR-BLR", "E1", 90, "2022-02-20")
    card = cardmod.load_card("UKR-BLR")
    raw: dict[str, float] = {}
    for c in f["contributions"]:
        assert math.isclose(c["weighted"], c["weight"] * math.log(c["lr"]) * c["decay"], abs_tol=2e-3)
        raw[c["group"]] = raw.get(c["group"], 0.0) + c["weighted"]
    x = logit(f["prior"]) + sum(max(card.groups[g].floor, min(card.groups[g].cap, v)) for g, v in raw.items())
    assert math.isclose(f["probability"], expit(x), abs_tol=1e-3)
    # in February 2022 the exercise indicators exceed their group's cap: the cap binds and is reported
    assert f["groups"]["exercises"]["capped"] and f["groups"]["exercises"]["total"] == card.groups["exercises"].cap


def test_what_would_move_it_names_states_that_do(bundled):
    f = forecast(bundled, "UKR-BLR", "E1", 90, "2024-05-01")
    moves = {m["threshold"]: m for m in f["what_would_move_it"]}
    assert set(moves) == {0.10, 0.25, 0.50}
    for thr, m in moves.items():
        assert not m["already_above"]
        for s in m["single_changes"]:
            assert s["probability"] >= thr
        if not m["single_changes"]:
            assert m["combination"], f"no way above {thr} found"
            assert m["combination_probability"] >= thr
    # and in February 2022 every threshold was already passed
    assert all(m["already_above"] for m in forecast(bundled, "UKR-BLR", "E1", 90, "2022-02-20")["what_would_move_it"])


def test_forecast_ignores_observations_known_later(bundled, tmp_path):
    from dyadwatch.curated import load_files

    before = forecast(bundled, "UKR-BLR", "E1", 90, "2022-02-20", with_moves=False)
    late = tmp_path / "late.yaml"
    late.write_text(
        "sources:\n"
        "  - {id: test-late-report, title: A report published after the fact, publisher: Test, date: 2022-03-15}\n"
        "  - {id: test-plan, title: A plan published early, publisher: Test, date: 2022-02-01}\n"
        "observations:\n"
        # describes 10 February 2022 but became public only on 15 March: invisible on 20 February
        "  - {indicator: intel_warning, reporter: BLR, partner: UKR, period: '2022-02-19', value: 0, unit: level,\n"
        "     source: test-late-report, known_at: 2022-03-15}\n"
        # public early but describes a later day: invisible before that day
        "  - {indicator: ru_troops_in_blr, reporter: BLR, partner: RUS, period: '2022-02-21', value: 500,\n"
        "     unit: persons, source: test-plan, known_at: 2022-02-01}\n")
    load_files([late], bundled)
    again = forecast(bundled, "UKR-BLR", "E1", 90, "2022-02-20", with_moves=False)
    assert again["probability"] == before["probability"]
    assert again["contributions"] == before["contributions"]
    assert not {"test-late-report", "test-plan"} & {s for c in again["contributions"] for s in c["evidence"]}
    # once public, the late observations are used (and lower the forecast)
    later = forecast(bundled, "UKR-BLR", "E1", 90, "2022-03-16", with_moves=False)
    used = {c["indicator"]: c for c in later["contributions"]}
    assert used["intel_warning"]["evidence"] == ["test-late-report"]
    assert used["ru_troops_in_blr"]["evidence"] == ["test-plan"]


def test_changing_a_likelihood_ratio_in_the_card_changes_the_forecast(bundled, card_copy):
    base = forecast(bundled, "UKR-BLR", "E1", 90, "2023-01-20", card=cardmod.load_card("UKR-BLR", card_copy))
    doc = yaml.safe_load(card_copy.read_text())
    state = doc["indicators"]["ru_troops_in_blr"]["states"][1]
    assert state["state"].startswith("training")
    old = state["p_event"]["E1"] / state["p_no_event"]
    # a state may also be written with its ratio alone (cards other than the bundled one)
    state["lr"] = {t: state["p_event"][t] / state["p_no_event"] for t in state["p_event"]}
    state["lr"]["E1"] = old * 4
    del state["p_event"], state["p_no_event"]
    card_copy.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    changed = forecast(bundled, "UKR-BLR", "E1", 90, "2023-01-20", card=cardmod.load_card("UKR-BLR", card_copy))
    c_base = {c["indicator"]: c for c in base["contributions"]}["ru_troops_in_blr"]
    c_new = {c["indicator"]: c for c in changed["contributions"]}["ru_troops_in_blr"]
    assert math.isclose(c_base["lr"], old) and math.isclose(c_new["lr"], old * 4)
    assert changed["probability"] > base["probability"]
    # the change equals the LR change times weight and decay (the forces group is below its cap here)
    delta = logit(changed["probability"]) - logit(base["probability"])
    assert math.isclose(delta, math.log(4) * c_new["weight"] * c_new["decay"], rel_tol=0.02)


def test_changing_a_prior_in_the_card_changes_the_forecast(bundled, card_copy):
    text = card_copy.read_text()
    pit = "  point_in_time:\n    start: 1992-01-01\n    period_days: 91.3125\n"
    assert pit in text
    fixed = ("  E1: {30: 0.03, 90: 0.08, 180: 0.15}\n  E2: {30: 0.01, 90: 0.03, 180: 0.06}\n"
             "  E3: {30: 0.002, 90: 0.006, 180: 0.012}\n")
    card_copy.write_text(text.replace(pit, fixed))
    f = forecast(bundled, "UKR-BLR", "E1", 90, "2024-05-01", card=cardmod.load_card("UKR-BLR", card_copy))
    base = forecast(bundled, "UKR-BLR", "E1", 90, "2024-05-01")
    assert f["prior"] == 0.08 and f["prior_derivation"]["method"] == "fixed"
    assert math.isclose(logit(f["probability"]) - logit(base["probability"]), logit(0.08) - logit(base["prior"]),
                        abs_tol=1e-9)
    # moving the start of the record changes the point-in-time prior (more quarters, same onsets)
    card_copy.write_text(text.replace("start: 1992-01-01", "start: 1950-01-01"))
    g = forecast(bundled, "UKR-BLR", "E1", 90, "2024-05-01", card=cardmod.load_card("UKR-BLR", card_copy))
    assert g["prior"] < base["prior"] and g["prior_derivation"]["k"] == base["prior_derivation"]["k"] == 1


def test_the_card_explains_every_likelihood_ratio():
    card = cardmod.load_card("UKR-BLR")
    assert set(card.targets) >= {"E1", "E2", "E3"}
    for t in ("E1", "E2", "E3"):
        assert card.targets[t].horizons == [30, 90, 180]
        assert card.targets[t].rule.strip()
    for ind in list(card.indicators.values()) + list(card.event_indicators.values()):
        for st in ind.states:
            assert len(st.reasoning) > 20, f"{ind.name}/{st.state} lacks its reasoning"
            assert set(st.lr) == set(card.targets)
            # both conditional probabilities are stated, and the ratio is theirs
            assert st.p_event and st.p_no_event, f"{ind.name}/{st.state} states only a ratio"
            for t in card.targets:
                assert math.isclose(st.lr[t], st.p_event[t] / st.p_no_event[t])
        for t in card.targets:
            assert math.isclose(sum(st.p_event[t] for st in ind.states), 1, abs_tol=0.011)
    assert "reference class" in card.reference_class_text.lower() or card.reference_class_text


@pytest.mark.parametrize("edit, field, words", [
    (("p_event: {E1: 0.30, E2: 0.50, E3: 0.45}", "p_event: {E1: 0.30, E2: 0.50}"),
     "indicators.ru_troops_in_blr.states[0].p_event", "E3"),
    (("p_event: {E1: 0.30, E2: 0.50, E3: 0.45}", "p_event: {E1: zero, E2: 0.50, E3: 0.45}"),
     "indicators.ru_troops_in_blr.states[0].p_event.E1", "not a number"),
    (("p_event: {E1: 0.30, E2: 0.50, E3: 0.45}", "p_event: {E1: 0, E2: 0.50, E3: 0.45}"),
     "indicators.ru_troops_in_blr.states[0].p_event.E1", "conditional probability"),
    (("p_event: {E1: 0.30, E2: 0.50, E3: 0.45}", "p_event: {E1: 0.50, E2: 0.50, E3: 0.45}"),
     "indicators.ru_troops_in_blr.states", "p_event for E1 sums to 1.200"),
    (("        p_no_event: 0.78\n", ""), "indicators.ru_troops_in_blr.states[0]", "p_no_event"),
    (("start: 1992-01-01", "start: someday"), "prior.point_in_time.start", "not a date"),
    (("    group: forces\n    unit: persons\n    weight: 1.0\n    half_life_days: 120",
      "    group: force\n    unit: persons\n    weight: 1.0\n    half_life_days: 120"),
     "indicators.ru_troops_in_blr.group", "unknown indicator group"),
])
def test_malformed_card_names_file_line_and_field(card_copy, edit, field, words):
    text = card_copy.read_text()
    old, new = edit
    assert old in text
    card_copy.write_text(text.replace(old, new, 1))
    with pytest.raises(cardmod.CardError) as exc:
        cardmod.load_card("UKR-BLR", card_copy)
    err = exc.value
    assert err.file == str(card_copy) and err.field == field and words in str(err)
    assert isinstance(err, ModelError)
    # the line is where the field is written
    line_text = card_copy.read_text().splitlines()[err.line - 1]
    assert field.split(".")[-1].split("[")[0] in line_text
    assert f"{card_copy}:{err.line}: field '{field}'" in str(err)


def test_yaml_syntax_error_in_card_names_file_and_line(card_copy):
    lines = card_copy.read_text().splitlines()
    i = next(n for n, line in enumerate(lines) if line.strip() == "cap: 2.0")
    lines[i] = "    cap: [2.0"
    card_copy.write_text("\n".join(lines) + "\n")
    with pytest.raises(cardmod.CardError) as exc:
        cardmod.load_card("UKR-BLR", card_copy)
    assert exc.value.line is not None and abs(exc.value.line - (i + 1)) <= 1
    assert str(card_copy) in str(exc.value) and "not valid YAML" in str(exc.value)


def test_targets_file_errors_name_the_targets_file(card_copy):
    targets = card_copy.parent / "targets.yaml"
    targets.write_text(targets.read_text().replace("horizons: [30, 90, 180]", "horizons: [30, ninety, 180]", 1))
    with pytest.raises(cardmod.CardError) as exc:
        cardmod.load_card("UKR-BLR", card_copy)
    assert exc.value.file == str(targets) and exc.value.field == "UKR-BLR.targets.E1.horizons[1]"
    assert "horizons" in targets.read_text().splitlines()[exc.value.line - 1]


def test_card_for_another_dyad_is_refused(card_copy):
    card_copy.write_text(card_copy.read_text().replace("dyad: UKR-BLR", "dyad: UKR-POL", 1))
    with pytest.raises(ModelError, match="UKR-POL"):
        cardmod.load_card("UKR-BLR", card_copy)


def test_no_card_for_a_dyad_is_a_model_error():
    with pytest.raises(ModelError, match="no warning model card"):
        cardmod.load_card("FRA-DEU")


def test_bad_input_errors(bundled):
    with pytest.raises(UnknownCodeError, match="E4"):
        forecast(bundled, "UKR-BLR", "E4", 90, "2024-05-01")
    with pytest.raises(UnknownCodeError, match="did you mean E1"):
        forecast(bundled, "UKR-BLR", "e1x", 90, "2024-05-01")
    with pytest.raises(InputError, match="horizons 30, 90"):
        forecast(bundled, "UKR-BLR", "E1", 45, "2024-05-01")
    with pytest.raises(InputError, match="not a date"):
        forecast(bundled, "UKR-BLR", "E1", 90, "2024-13-01")
    # the dyad may be given in either order
    a = forecast(bundled, "BLR-UKR", "E1", 90, "2024-05-01", with_moves=False)
    assert a["probability"] == forecast(bundled, "UKR-BLR", "E1", 90, "2024-05-01", with_moves=False)["probability"]


def test_without_the_event_module_the_event_group_contributes_nothing(bundled, monkeypatch):
    monkeypatch.setitem(sys.modules, "dyadwatch.realms.events", None)  # import now fails
    f = forecast(bundled, "UKR-BLR", "E2", 30, "2022-10-20", with_moves=False)
    assert "contributes nothing" in f["event_data"]
    assert "events" not in f["groups"]
    assert all(c["group"] != "events" for c in f["contributions"])


class _EventRealm:
    """A stand-in for dyadwatch.realms.events (on another branch) implementing its documented API over a
    fixed list of weekly readings: indicators(store, dyad, as_of, freq) returns the rows of the week that
    contains as_of, computed only if that week has begun; it records every as_of it was asked for."""

    def __init__(self, weeks: dict[str, bool]):
        import datetime as dt
        self.weeks = {dt.date.fromisoformat(k): v for k, v in weeks.items()}
        self.asked: list[str] = []

    def has_events(self, store, dyad):
        return True

    def indicators(self, store, dyad, as_of=None, freq="week", **kw):
        import datetime as dt
        assert freq == "week"
        self.asked.append(as_of)
        day = dt.date.fromisoformat(as_of)
        start = day - dt.timedelta(days=day.weekday())
        if start not in self.weeks:
            return []
        return [{"period": start.isoformat(), "realm": "security", "direction": "BLR->UKR",
                 "alert": self.weeks[start], "reason": f"test alert week {start}" if self.weeks[start] else None}]


def test_event_alerts_are_read_point_in_time_and_counted(bundled, monkeypatch):
    import types

    realm = _EventRealm({"2022-10-03": False, "2022-10-10": True, "2022-10-17": False, "2022-10-24": True})
    module = types.SimpleNamespace(indicators=realm.indicators, has_events=realm.has_events)
    monkeypatch.setitem(sys.modules, "dyadwatch.realms.events", module)
    monkeypatch.setattr(sys.modules["dyadwatch.realms"], "events", module, raising=False)
    f = forecast(bundled, "UKR-BLR", "E2", 30, "2022-10-20", with_moves=False)
    ev = [c for c in f["contributions"] if c["group"] == "events"]
    assert len(ev) == 1 and ev[0]["value"] == 1.0 and ev[0]["state"].startswith("one or more")
    assert ev[0]["detail"] == ["test alert week 2022-10-10"]
    assert max(realm.asked) == "2022-10-20", "never asks about days after the forecast date"
    card = cardmod.load_card("UKR-BLR")
    assert ev[0]["lr"] == card.event_indicators["event_alerts"].states[1].lr["E2"]
    # a window with readings but no alert is the quiet state; no readings at all is "no data"
    quiet = forecast(bundled, "UKR-BLR", "E2", 30, "2022-10-08", with_moves=False)
    assert [c["state"] for c in quiet["contributions"] if c["group"] == "events"] == [
        card.event_indicators["event_alerts"].states[0].state]
    none = forecast(bundled, "UKR-BLR", "E2", 30, "2021-05-01", with_moves=False)
    assert "events" not in none["groups"] and "contributes nothing" in none["event_data"]


def test_event_group_can_be_left_out_of_a_run(bundled, monkeypatch):
    import types

    realm = _EventRealm({"2022-10-10": True, "2022-10-17": False})
    module = types.SimpleNamespace(indicators=realm.indicators, has_events=realm.has_events)
    monkeypatch.setitem(sys.modules, "dyadwatch.realms.events", module)
    monkeypatch.setattr(sys.modules["dyadwatch.realms"], "events", module, raising=False)
    with_ev = forecast(bundled, "UKR-BLR", "E2", 30, "2022-10-20", with_moves=False)
    without = forecast(bundled, "UKR-BLR", "E2", 30, "2022-10-20", with_moves=False, use_events=False)
    assert "events" in with_ev["groups"] and "events" not in without["groups"]
    assert "left out" in without["event_data"] and without["probability"] < with_ev["probability"]
    assert realm.asked and max(realm.asked) <= "2022-10-20"


def test_moves_offer_event_states_only_when_event_data_were_read(bundled, monkeypatch):
    monkeypatch.setitem(sys.modules, "dyadwatch.realms.events", None)
    f = forecast(bundled, "UKR-BLR", "E2", 90, "2022-02-14")      # just below 10%
    assert 0.065 < f["probability"] < 0.10
    offered = {s["indicator"] for m in f["what_would_move_it"] for s in m["single_changes"]}
    assert len(offered) >= 3 and "event_alerts" not in offered
    # with event data read, an alert is one of the ways above 10%
    import types
    realm = _EventRealm({"2022-01-17": False})
    module = types.SimpleNamespace(indicators=realm.indicators, has_events=realm.has_events)
    monkeypatch.setitem(sys.modules, "dyadwatch.realms.events", module)
    monkeypatch.setattr(sys.modules["dyadwatch.realms"], "events", module, raising=False)
    g = forecast(bundled, "UKR-BLR", "E2", 90, "2022-02-14")
    assert "event_alerts" in {s["indicator"] for m in g["what_would_move_it"] for s in m["single_changes"]}


def test_describe_moves_covers_every_kind_of_move():
    from dyadwatch.warning.model import describe_moves

    lines = describe_moves([
        {"threshold": 0.1, "already_above": True, "single_changes": []},
        {"threshold": 0.25, "already_above": False,
         "single_changes": [{"indicator": "a", "state": "<high>", "probability": 0.3}, {"indicator": "b"}]},
        {"threshold": 0.5, "already_above": False, "single_changes": [],
         "combination": [{"indicator": "a", "state": "x"}, {"indicator": "b", "state": "y"}],
         "combination_probability": 0.55},
        {"threshold": 0.9, "already_above": False, "single_changes": [], "note": "out of reach"}])
    assert lines == ["above 10.0% already",
                     "to exceed 25.0%: a = <high> (→ 30.0%) or 1 other single change(s)",
                     "to exceed 50.0%: a = x + b = y (→ 55.0%)",
                     "to exceed 90.0%: out of reach"]


def test_e3_is_reachable_by_a_combination_of_states(bundled):
    f = forecast(bundled, "UKR-BLR", "E3", 90, "2024-05-01")
    assert f["probability"] < 0.02
    for m in f["what_would_move_it"]:
        assert m["single_changes"] or m.get("combination"), f"E3 cannot reach {m['threshold']}"
        if m.get("combination"):
            assert m["combination_probability"] >= m["threshold"]
    ten = f["what_would_move_it"][0]
    names = {c["indicator"] for c in ten.get("combination") or []} | {s["indicator"] for s in ten["single_changes"]}
    assert names & {"blr_army_readiness", "official_intent", "mobilisation_measures", "ru_troops_in_blr"}


def test_as_of_before_the_record_starts_is_refused(bundled):
    from dyadwatch.errors import InputError
    from dyadwatch.warning.model import forecast

    with pytest.raises(InputError, match="before the model's record starts"):
        forecast(bundled, "UKR-BLR", "E1", 90, as_of="1990-01-01")
