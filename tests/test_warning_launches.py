"""The E2 indicator derived from curated launch events: point in time, raises E2, leaves E1 alone."""
from __future__ import annotations

import math
import shutil

import pytest

from dyadwatch.warning import card as cardmod
from dyadwatch.warning.backtest import backtest
from dyadwatch.warning.model import forecast

LAUNCH_EVENT = """\
sources:
  - {{id: test-launch-report, title: A synthetic report of a launch from Belarus, publisher: Test, date: {day}}}
events:
  - id: test-launch-{day}
    date: {day}
    dyad: UKR-BLR
    actor1: RUS
    actor2: UKR
    location: BLR
    realm: security
    cameo: "195"
    summary: Synthetic test event - drones launched at Ukraine from Belarusian territory
    source: test-launch-report
"""


def _add_launch(store, tmp_path, day: str) -> None:
    from dyadwatch.curated import load_files

    path = tmp_path / f"launch-{day}.yaml"
    path.write_text(LAUNCH_EVENT.format(day=day))
    load_files([path], store)


def _launch(f: dict) -> dict | None:
    return next((c for c in f["contributions"] if c["indicator"] == "launches_from_blr"), None)


def test_bundled_launch_of_25_june_2022_moves_e2_only_once_it_happened(bundled):
    before = forecast(bundled, "UKR-BLR", "E2", 90, "2022-06-24", with_moves=False)
    after = forecast(bundled, "UKR-BLR", "E2", 90, "2022-06-26", with_moves=False)
    b, a = _launch(before), _launch(after)
    # on 24 June the latest known launch was the salvo of 1 April (84 days)
    assert b["value"] == 84 and b["period"] == "2022-04-01"
    assert a["value"] == 1 and a["period"] == "2022-06-25"
    assert a["state"].startswith("launch from Belarus within the last 30 days")
    assert a["evidence"] == ["ukrinform-2022-06-25-missiles-from-belarus"]
    assert after["probability"] > 1.5 * before["probability"]
    # the source behind the derived reading resolves like every other piece of evidence
    sources = {r["id"] for r in bundled.query("SELECT id FROM sources")}
    assert set(a["evidence"]) <= sources


def test_no_launch_known_means_no_reading(bundled):
    f = forecast(bundled, "UKR-BLR", "E2", 90, "2021-06-01", with_moves=False)
    assert _launch(f) is None and "launches_from_blr" in f["no_data"]


def test_a_launch_known_later_does_not_move_an_earlier_forecast(bundled, tmp_path):
    dates = ["2023-05-31", "2023-06-01", "2023-06-02", "2023-07-15"]
    e2 = {d: forecast(bundled, "UKR-BLR", "E2", 90, d, with_moves=False) for d in dates}
    e1 = {d: forecast(bundled, "UKR-BLR", "E1", 90, d, with_moves=False) for d in dates}
    _add_launch(bundled, tmp_path, "2023-06-01")
    e2b = {d: forecast(bundled, "UKR-BLR", "E2", 90, d, with_moves=False) for d in dates}
    e1b = {d: forecast(bundled, "UKR-BLR", "E1", 90, d, with_moves=False) for d in dates}
    # before the launch: byte-for-byte the same forecast
    assert e2b["2023-05-31"]["probability"] == e2["2023-05-31"]["probability"]
    assert e2b["2023-05-31"]["contributions"] == e2["2023-05-31"]["contributions"]
    # from the day of the launch on, E2 rises, and by less once it is more than 30 days old
    for d in dates[1:]:
        assert e2b[d]["probability"] > e2[d]["probability"], d
        assert _launch(e2b[d])["evidence"] == ["test-launch-report"]
    lift = {d: math.log(e2b[d]["probability"] / e2[d]["probability"]) for d in dates[1:]}
    assert lift["2023-07-15"] < lift["2023-06-02"]
    # E1: the card gives the launch indicator an LR of 1 for E1, so E1 does not move
    for d in dates:
        assert e1b[d]["probability"] == pytest.approx(e1[d]["probability"], abs=1e-12), d


def test_backtest_rows_before_a_late_launch_are_unchanged(bundled, tmp_path):
    kw = dict(target="E2", horizon=30, date_from="2023-04-01", date_to="2023-08-01", step="week",
              today="2024-12-31", use_events=False)
    base = backtest(bundled, "UKR-BLR", **kw)["forecasts"]
    _add_launch(bundled, tmp_path, "2023-06-15")
    again = backtest(bundled, "UKR-BLR", **kw)["forecasts"]
    for r0, r1 in zip(base, again, strict=True):
        if r0["date"] < "2023-06-15":
            assert r1["probability"] == r0["probability"], r0["date"]
        else:
            assert r1["probability"] > r0["probability"], r0["date"]
    # and the added launch resolves the windows that contain it
    assert any(r1["outcome"] and not r0["outcome"] for r0, r1 in zip(base, again, strict=True))


def test_a_launch_in_an_empty_store_raises_e2_from_the_prior(store, tmp_path):
    f0 = forecast(store, "UKR-BLR", "E2", 30, "2024-03-10", with_moves=False)
    assert f0["probability"] == pytest.approx(f0["prior"]) and f0["prior_only"]
    _add_launch(store, tmp_path, "2024-03-01")
    f1 = forecast(store, "UKR-BLR", "E2", 30, "2024-03-10", with_moves=False)
    c = _launch(f1)
    card = cardmod.load_card("UKR-BLR")
    lr = card.indicators["launches_from_blr"].states[0].lr["E2"]
    assert c["value"] == 9 and c["lr"] == lr
    odds = lambda p: p / (1 - p)  # noqa: E731
    expected = min(math.log(lr), card.groups["launches"].cap)
    # the launch is also counted by the point-in-time prior (one quarter with an E2 event, 2024-Q1)
    assert f1["prior_derivation"]["known_periods"] == ["2024-Q1"] and f0["prior_derivation"]["k"] == 0
    assert math.log(odds(f1["probability"]) / odds(f1["prior"])) == pytest.approx(expected, abs=1e-9)
    assert not f1["prior_only"]
    e1 = forecast(store, "UKR-BLR", "E1", 30, "2024-03-10", with_moves=False)
    assert e1["probability"] == pytest.approx(e1["prior"])


def test_the_launch_lr_is_read_from_the_card(bundled, tmp_path):
    folder = cardmod.card_dir()
    for name in ("ukr_blr.yaml", "targets.yaml"):
        shutil.copy(folder / name, tmp_path / name)
    path = tmp_path / "ukr_blr.yaml"
    text = path.read_text()
    old = "p_event: {E1: 0.06, E2: 0.40, E3: 0.06}\n        p_no_event: 0.06"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "lr: {E1: 1.0, E2: 2.0, E3: 1.0}"))
    edited = cardmod.load_card("UKR-BLR", path)
    a = forecast(bundled, "UKR-BLR", "E2", 90, "2022-06-26", with_moves=False)
    b = forecast(bundled, "UKR-BLR", "E2", 90, "2022-06-26", with_moves=False, card=edited)
    assert b["probability"] < a["probability"]
    assert _launch(b)["lr"] == 2.0


def test_from_events_with_an_unknown_match_field_names_the_field(tmp_path):
    folder = cardmod.card_dir()
    for name in ("ukr_blr.yaml", "targets.yaml"):
        shutil.copy(folder / name, tmp_path / name)
    path = tmp_path / "ukr_blr.yaml"
    text = path.read_text().replace("match: {actor1: [RUS, BLR], actor2: [UKR], location: [BLR], cameo_prefix",
                                    "match: {actor1: [RUS, BLR], target: [UKR], location: [BLR], cameo_prefix")
    path.write_text(text)
    with pytest.raises(cardmod.CardError) as info:
        cardmod.parse_card(path)
    assert info.value.field == "indicators.launches_from_blr.from_events.match"
    assert "target" in str(info.value) and info.value.line is not None
