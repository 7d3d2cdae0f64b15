"""The forecast registry: store, list, resolve (by hand and by rule) and score forecasts."""
from __future__ import annotations

import math

import pytest

from dyadwatch.errors import InputError, UnknownCodeError, ValidationError
from dyadwatch.warning import registry


def rec(**kw):
    base = {"id": "t-1", "dyad": "UKR-BLR", "target": "E2", "horizon_days": 30, "probability": 0.2,
            "issued_at": "2022-09-20", "author": "tester", "kind": "person"}
    base.update(kw)
    return base


def test_add_list_and_refuse_duplicates(store):
    row = registry.add(store, rec(dyad="BLR-UKR", target="e2"))
    assert row["dyad"] == "UKR-BLR" and row["target"] == "E2" and row["status"] == "overdue"
    assert row["resolves_at"] == "2022-10-20" and row["origin"] == "user"
    assert [r["id"] for r in registry.list_forecasts(store, "UKR-BLR")] == ["t-1"]
    assert registry.list_forecasts(store, today="2022-10-01")[0]["status"] == "open"   # before its date
    assert registry.list_forecasts(store, target="E1") == []
    with pytest.raises(InputError, match="already registered"):
        registry.add(store, rec(probability=0.9))
    assert registry.get(store, "t-1")["probability"] == 0.2


@pytest.mark.parametrize("kw, field, words", [
    ({"probability": 15}, "probability", "write 0.15"),
    ({"probability": "high"}, "probability", "not a number"),
    ({"low": 0.3, "high": 0.5}, "probability", "not inside"),
    ({"horizon_days": "soon"}, "horizon_days", "whole number"),
    ({"horizon_days": 0}, "horizon_days", "at least 1"),
    ({"id": "Bad Id"}, "id", "must match"),
    ({"author": " "}, "author", "author"),
    ({"kind": "oracle"}, "kind", "oracle"),
    ({"issued_at": "2022-02-30"}, "issued_at", "not a date"),
])
def test_bad_forecasts_are_refused_naming_the_field(store, kw, field, words):
    with pytest.raises(ValidationError) as exc:
        registry.add(store, rec(**kw))
    assert exc.value.field == field and words in str(exc.value)
    assert registry.list_forecasts(store) == []


def test_unknown_target_is_refused(store):
    with pytest.raises(UnknownCodeError, match="E9"):
        registry.add(store, rec(target="E9"))


def test_bundled_fairly_low_entries_load_once_and_keep_resolutions(bundled):
    assert registry.load_bundled(bundled) == 3
    rows = {r["id"]: r for r in registry.list_forecasts(bundled, "UKR-BLR")}
    e2 = rows["sceeus-2024-05-16-e2"]
    assert (e2["probability"], e2["low"], e2["high"], e2["horizon_days"]) == (0.175, 0.10, 0.25, 365)
    assert e2["issued_at"] == "2024-05-16" and e2["resolves_at"] == "2025-05-16"
    assert e2["source_id"] in {r["id"] for r in bundled.query("SELECT id FROM sources")}
    assert "fairly low" in e2["note"] and rows["sceeus-2024-05-16-e1"]["target"] == "E1"
    registry.resolve(bundled, "sceeus-2024-05-16-e1", True, "by hand", today="2025-06-01")
    assert registry.load_bundled(bundled) == 0
    assert registry.get(bundled, "sceeus-2024-05-16-e1")["status"] == "yes"


def test_fairly_low_is_overdue_not_open_and_scores_once_resolved(bundled):
    registry.load_bundled(bundled)
    with pytest.raises(InputError, match="window runs to 2025-05-16"):
        registry.resolve(bundled, "sceeus-2024-05-16-e2", today="2024-12-01")
    # after its date the store cannot say NO: the record of launches is complete only to 2024-12-31
    with pytest.raises(InputError, match="complete only to 2024-12-31"):
        registry.resolve(bundled, "sceeus-2024-05-16-e2", today="2025-06-01")
    fixed = registry.refresh(bundled, today="2025-06-01")
    # E1 is resolved NO by rule: its own record is complete to 2025-09-16 (cited border-service statements
    # around Zapad-2025), so the window to 2025-05-16 lies inside it. E2 has no such source and stays overdue.
    assert {r["id"] for r in fixed["resolved"]} == {"sceeus-2024-05-16-e1", "metaculus-10423-belarus-invades-ukraine"}
    (res,) = [r for r in fixed["resolved"] if r["id"] == "sceeus-2024-05-16-e1"]
    assert res["outcome"] is False and "record complete to 2025-09-16" in res["note"]
    assert "launch-unn-2025-09-17-zapad-no-threat" in res["note"]   # the sources that establish it
    assert {o["id"] for o in fixed["overdue"]} == {"sceeus-2024-05-16-e2"}
    assert all("complete only to 2024-12-31" in o["why"] for o in fixed["overdue"])
    rows = registry.list_forecasts(bundled, today="2025-06-01")
    assert not [r for r in rows if r["status"] == "open"], "nothing is open past its date"
    assert {r["id"]: r["status"] for r in rows}["sceeus-2024-05-16-e2"] == "overdue"
    row = registry.resolve(bundled, "sceeus-2024-05-16-e2", False, "by hand: no launch reported", today="2025-06-01")
    assert row["status"] == "no"
    s = registry.score(bundled, "UKR-BLR", today="2025-06-01")
    assert s["n_resolved"] == 3 and s["overdue"] == [] and not s["open"]
    (entry,) = [e for e in s["forecasts"] if e["id"] == "sceeus-2024-05-16-e2"]
    assert entry["brier"] == pytest.approx(0.175 ** 2)
    assert entry["log_score"] == pytest.approx(math.log(1 - 0.175))
    assert entry["brier_range"] == pytest.approx([0.10 ** 2, 0.25 ** 2])


def test_a_synthetic_launch_resolves_the_forecast_yes(bundled, tmp_path):
    from dyadwatch.curated import load_files

    registry.load_bundled(bundled)
    ev = tmp_path / "launch.yaml"
    ev.write_text(
        "sources:\n  - {id: test-launch-report, title: Synthetic launch report, publisher: Test, date: 2024-08-02}\n"
        "events:\n  - {id: test-2024-08-01-launch, date: 2024-08-01, dyad: UKR-BLR, actor1: RUS, actor2: UKR,\n"
        "     location: BLR, realm: security, cameo: '195', summary: Synthetic drone launch from Belarus,\n"
        "     source: test-launch-report}\n")
    load_files([ev], bundled)
    row = registry.resolve(bundled, "sceeus-2024-05-16-e2", today="2024-09-01")   # before the window closes
    assert row["status"] == "yes" and "test-2024-08-01-launch" in row["resolution_note"]
    s = registry.score(bundled)
    (entry,) = [e for e in s["forecasts"] if e["id"] == "sceeus-2024-05-16-e2"]
    assert entry["brier"] == pytest.approx((1 - 0.175) ** 2)
    assert entry["log_score"] == pytest.approx(math.log(0.175))
    # E1 is not resolved by a launch: its rule needs a ground offensive
    with pytest.raises(InputError, match="cannot be resolved by rule"):
        registry.resolve(bundled, "sceeus-2024-05-16-e1", today="2024-09-01")


def test_mean_scores_over_several_forecasts(store):
    registry.add(store, rec(id="a", probability=0.9))
    registry.add(store, rec(id="b", probability=0.3))
    registry.add(store, rec(id="c", probability=0.5))
    registry.resolve(store, "a", True, today="2022-11-01")
    registry.resolve(store, "b", False, today="2022-11-01")
    s = registry.score(store)
    assert s["n_resolved"] == 2 and s["n_open"] == 1 and s["overdue"] == ["c"] and s["open"] == []
    assert s["brier"] == pytest.approx((0.01 + 0.09) / 2)
    assert s["log_score"] == pytest.approx((math.log(0.9) + math.log(0.7)) / 2)
    with pytest.raises(UnknownCodeError, match="forecast"):
        registry.resolve(store, "zzz", True)


def test_refresh_resolves_what_the_store_decides_with_its_evidence(bundled):
    registry.load_bundled(bundled)
    registry.add(bundled, rec(id="launch-2022", target="E2", horizon_days=90, issued_at="2022-06-01"))
    registry.add(bundled, rec(id="quiet-2024", target="E2", horizon_days=90, issued_at="2024-01-10"))
    fixed = registry.refresh(bundled, today="2025-01-10")
    got = {r["id"]: r for r in fixed["resolved"]}
    assert got["launch-2022"]["outcome"] is True and "2022-06-25" in got["launch-2022"]["note"]
    assert got["quiet-2024"]["outcome"] is False and "record complete to 2024-12-31" in got["quiet-2024"]["note"]
    assert got["metaculus-10423-belarus-invades-ukraine"]["outcome"] is False
    assert registry.get(bundled, "launch-2022")["resolution_note"].startswith("by rule:")
    assert registry.refresh(bundled, today="2025-01-10")["resolved"] == []   # nothing left to decide


def test_warning_log_is_idempotent_and_scores_against_the_crowd(bundled):
    registry.load_bundled(bundled)
    n = registry.log_model_forecasts(bundled, "UKR-BLR", "2022-05-01", "2022-06-30", "month", ["E3"],
                                     today="2025-01-01")
    # 2022-05-01, 05-31 and 06-30 on the 30-day grid, plus the model's answer to the Metaculus question
    assert n == 4
    assert registry.log_model_forecasts(bundled, "BLR-UKR", "2022-05-01", "2022-06-30", "month", ["E3"],
                                        today="2025-01-01") == 0
    models = registry.list_forecasts(bundled, kind="model")
    assert {m["id"] for m in models} == {"model-ukr-blr-e3-90d-2022-05-01", "model-ukr-blr-e3-90d-2022-05-31",
                                         "model-ukr-blr-e3-90d-2022-06-30",
                                         "model-for-metaculus-10423-belarus-invades-ukraine"}
    assert all(m["kind"] == "model" and m["author"].startswith("dyadwatch warning model") for m in models)
    answer = registry.get(bundled, "model-for-metaculus-10423-belarus-invades-ukraine")
    assert answer["horizon_days"] == 1 and answer["issued_at"] == "2022-05-31" and "horizon 1 d" in answer["note"]
    registry.refresh(bundled, today="2025-01-01")
    s = registry.score(bundled, today="2025-01-01")
    assert s["shared"]["n_questions"] == 1
    (q,) = s["shared"]["questions"]
    assert q["kinds"] == ["crowd", "model"] and q["outcome"] == 0
    crowd = s["shared"]["by_kind"]["crowd"]
    assert crowd["n"] == 1 and crowd["brier"] == pytest.approx(0.01 ** 2)
    assert s["by_kind"]["model"]["n"] == 4
    # dates after today are never logged: a forecast is issued on its date
    assert registry.log_model_forecasts(bundled, "UKR-BLR", "2024-12-20", "2025-03-01", "week", ["E1"],
                                        today="2024-12-31") == 2


def test_a_target_own_completeness_date_needs_its_sources(tmp_path):
    import shutil

    import yaml

    from dyadwatch.warning import card as cardmod

    for f in cardmod.card_dir().glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    doc = yaml.safe_load((tmp_path / "targets.yaml").read_text(encoding="utf-8"))
    sources = doc["UKR-BLR"]["targets"]["E1"].pop("record_complete_sources")
    (tmp_path / "targets.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with pytest.raises(Exception, match="needs record_complete_sources"):
        cardmod.parse_card(tmp_path / "ukr_blr.yaml")
    doc["UKR-BLR"]["targets"]["E1"]["record_complete_sources"] = sources
    (tmp_path / "targets.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    card = cardmod.parse_card(tmp_path / "ukr_blr.yaml")
    assert card.target("E1").record_complete_to.isoformat() == "2025-09-16"
    assert card.target("E2").record_complete_to is None and card.record_complete_to.isoformat() == "2024-12-31"
    assert card.target_complete_to("E2") == card.record_complete_to
