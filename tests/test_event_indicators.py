"""Event indicators on small hand-built GDELT files, with the expected values worked out by hand."""
from __future__ import annotations

import datetime as dt
import math

import pytest

from gdelt_rows import event, write

from dyadwatch.realms import events as ev
from dyadwatch.sources import gdelt

W = 0.5 ** (1 / 3)  # memory weight per period (half-life three periods)


def ingest(store, tmp_path, lines, name="e.CSV"):
    s = gdelt.ingest(store, [write(tmp_path / name, lines)])
    assert not s.failed, s.failed[0].message
    return s


@pytest.fixture
def two_months(store, tmp_path):
    lines = [
        # January: UKR->BLR 2 verbal coop + 1 material conflict; BLR->UKR 1 verbal conflict; RUS->UKR in Belarus
        event("UKR", "BLR", "042", quad=1, gold=1.9, date="20220105", a1type="GOV"),
        event("UKR", "BLR", "036", quad=1, gold=4.0, date="20220110"),
        event("UKR", "BLR", "190", quad=4, gold=-10, date="20220120"),
        event("BLR", "UKR", "112", quad=3, gold=-2.0, date="20220112"),
        event("RUS", "UKR", "190", quad=4, gold=-10, date="20220125", loc="BO"),
        # February
        event("UKR", "BLR", "111", quad=3, gold=-2.0, date="20220203", url="https://news.example/f1", mentions=9),
        event("BLR", "UKR", "057", quad=1, gold=8.0, date="20220214", url="https://news.example/f2", mentions=4),
        event("BLR", "UKR", "061", quad=2, gold=6.4, date="20220215"),
        event("BLR", "UKR", "057", quad=1, gold=8.0, date="20220214", url="https://other.example/f4"),  # same
        event("UKR", "BLR", "111", quad=3, gold=-2.0, date="20220205", url="https://news.example/f1"),  # same URL
        # outside the dyad
        event("USA", "FRA", "190", quad=4, gold=-10, date="20220120", loc="FR"),
    ]
    ingest(store, tmp_path, lines)
    return store


def pick(rows, period, direction, realm="all"):
    found = [r for r in rows if (r["period"], r["direction"], r["realm"]) == (period, direction, realm)]
    assert len(found) == 1, (period, direction, realm, found)
    return found[0]


def test_monthly_quads_goldstein_ccb(two_months):
    rows = ev.series(two_months, "UKR", "BLR", freq="month")
    assert set(rows[0]) == set(ev.SERIES_KEYS)
    jan = pick(rows, "2022-01", "UKR->BLR")
    assert (jan["n_events"], jan["verbal_coop"], jan["material_coop"], jan["verbal_conflict"],
            jan["material_conflict"]) == (3, 2, 0, 0, 1)
    assert jan["goldstein_sum"] == pytest.approx(1.9 + 4.0 - 10)
    assert jan["goldstein_mean"] == pytest.approx((1.9 + 4.0 - 10) / 3)
    assert jan["ccb"] == pytest.approx((2 - 1) / 3)
    assert jan["material_conflict_share"] == pytest.approx(1 / 3)
    assert jan["escalation"] == 1
    ba = pick(rows, "2022-01", "BLR->UKR")
    assert (ba["n_events"], ba["verbal_conflict"], ba["ccb"]) == (1, 1, -1.0)
    und = pick(rows, "2022-01", "undirected")
    assert (und["n_events"], und["ccb"]) == (4, 0.0)
    assert und["goldstein_sum"] == pytest.approx(1.9 + 4.0 - 10 - 2.0)
    third = pick(rows, "2022-01", "in-BLR")
    assert (third["n_events"], third["material_conflict"], third["goldstein_sum"]) == (1, 1, -10)
    assert jan["asymmetry"] == pytest.approx(1 / 3 - (-1)) == und["asymmetry"]
    assert third["escalation"] == 1
    # no row for the third-party event located elsewhere, none for USA-FRA
    assert {r["direction"] for r in rows} == {"UKR->BLR", "BLR->UKR", "undirected", "in-BLR"}


def test_dedup_methods(two_months):
    def feb(method, direction):
        return pick(ev.series(two_months, "UKR", "BLR", freq="month", dedup=method), "2022-02", direction)

    # one-a-day (default): the second 057 on 14 Feb is the same event; the 111 of 5 Feb is another day
    assert feb("one-a-day", "BLR->UKR")["n_events"] == 2
    assert feb("one-a-day", "BLR->UKR")["goldstein_sum"] == pytest.approx(14.4)
    assert feb("one-a-day", "UKR->BLR")["n_events"] == 2
    # by URL: the two 111 rows come from one article; the two 057 rows from two
    assert feb("url", "UKR->BLR")["n_events"] == 1
    assert feb("url", "BLR->UKR")["n_events"] == 3
    # none: every row
    assert feb("none", "BLR->UKR")["n_events"] == 3
    assert feb("none", "undirected")["n_events"] == 5


def test_dedup_views_agree_with_the_pipeline(two_months):
    from dyadwatch.store.engine import DuckDBEngine

    eng = DuckDBEngine(two_months)
    for method, view in [("one-a-day", "events_dedup_one_a_day"), ("url", "events_dedup_url"),
                         ("url-date-loc", "events_dedup_url_date_loc")]:
        ibis_ids = set(eng.execute(ev.dedup(eng.table("events_raw"), method))["event_id"])
        view_ids = {r["event_id"] for r in two_months.query(f"SELECT event_id FROM {view}")}
        assert ibis_ids == view_ids, method
    assert two_months.scalar("SELECT count(*) FROM events_dedup_one_a_day") == 10
    assert two_months.scalar("SELECT count(*) FROM events_raw") == 11


def test_realm_filter_and_memory(two_months):
    rows = ev.series(two_months, "UKR", "BLR", freq="month", realm="security")
    assert {r["realm"] for r in rows} == {"security"}
    assert pick(rows, "2022-01", "UKR->BLR", "security")["n_events"] == 1  # the 190; the 042/036 are political
    rows = ev.series(two_months, "UKR", "BLR", freq="month", realm="all")
    assert {r["realm"] for r in rows} == {"all"} and pick(rows, "2022-01", "UKR->BLR")["n_events"] == 3
    rows = ev.series(two_months, "UKR", "BLR", freq="month")
    jan, feb = pick(rows, "2022-01", "UKR->BLR"), pick(rows, "2022-02", "UKR->BLR")
    assert jan["memory"] == pytest.approx(-4.1 / 3)
    assert feb["memory"] == pytest.approx((-4.1 * W - 4.0) / (3 * W + 2))


def test_memory_decays_over_empty_periods(store, tmp_path):
    ingest(store, tmp_path, [event("UKR", "BLR", "042", quad=1, gold=2.0, date="20220105"),
                             event("UKR", "BLR", "111", quad=3, gold=-4.0, date="20220410")])
    rows = ev.series(store, "UKR", "BLR", freq="month")
    apr = pick(rows, "2022-04", "UKR->BLR")
    # January's +2 has decayed three months (weight 1/2) when April's −4 arrives
    assert apr["memory"] == pytest.approx((2.0 * 0.5 - 4.0) / (0.5 + 1))


def test_rate_per_10k_from_volume(two_months, tmp_path):
    vol = tmp_path / "daily_country.csv"
    vol.write_text("20220105,UP,1200\n20220106,BO,800\n20220106,RS,99999\n20220201,UP,5000\n")
    gdelt.ingest_volume(two_months, [vol])
    rows = ev.series(two_months, "UKR", "BLR", freq="month")
    assert pick(rows, "2022-01", "UKR->BLR")["rate_per_10k"] == pytest.approx(3 * 10000 / 2000)
    assert pick(rows, "2022-02", "undirected")["rate_per_10k"] == pytest.approx(4 * 10000 / 5000)


def test_day_and_week_periods(two_months):
    days = ev.series(two_months, "UKR", "BLR", freq="day")
    assert pick(days, "2022-01-20", "UKR->BLR")["material_conflict"] == 1
    weeks = ev.series(two_months, "UKR", "BLR", freq="week")
    # 3 and 5 Feb fall in the week of Monday 31 January
    assert pick(weeks, "2022-01-31", "UKR->BLR")["n_events"] == 2


def test_change_points_function():
    assert ev.change_points([2, 3, 2, 2, 3, 2, 20, 21, 19, 22, 20, 21]) == [6]
    assert ev.change_points([5.0] * 12) == []
    assert ev.change_points([1, 9, 1]) == []
    steps = [1, 2, 1, 1, 2, 1, 10, 11, 10, 10, 11, 10, 30, 31, 29, 30, 31, 30]
    assert ev.change_points(steps) == [6, 12]


def test_change_point_flag_in_series(store, tmp_path):
    lines = []
    for month in range(1, 13):
        n = 2 if month <= 6 else 15
        lines += [event("UKR", "BLR", "040", quad=1, gold=1, date=f"2021{month:02d}{d + 1:02d}") for d in range(n)]
    ingest(store, tmp_path, lines)
    rows = [r for r in ev.series(store, "UKR", "BLR", freq="month")
            if r["realm"] == "all" and r["direction"] == "UKR->BLR"]
    assert [r["period"] for r in rows if r["change_point"]] == ["2021-07"]


def _weekly(store, tmp_path, baseline, current, current_added=None):
    """Weekly escalation events (distinct CAMEO 19x codes, so none is a duplicate of another), all on
    Monday to Wednesday; returns the Wednesday of the current week."""
    lines, monday = [], dt.date(2022, 1, 3)
    codes = ["190", "191", "192", "193", "194", "195", "196", "180", "181", "182", "183", "184"]
    for week, n in enumerate(baseline + [current]):
        for i in range(n):
            d = (monday + dt.timedelta(days=7 * week + i % 3)).strftime("%Y%m%d")
            added = current_added if week == len(baseline) and current_added else None
            lines.append(event("BLR", "UKR", codes[i], quad=4, gold=-10, date=d, url=f"https://n.example/{week}/{i}",
                               added=added, a1type="MIL"))
    ingest(store, tmp_path, lines)
    return monday + dt.timedelta(days=7 * len(baseline) + 2)  # the Wednesday of the current week


BASELINE = [1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1]


def test_z_score_alert(store, tmp_path):
    as_of = _weekly(store, tmp_path, BASELINE, 10)
    rows = ev.indicators(store, "UKR-BLR", as_of=as_of.isoformat(), freq="week")
    r = next(x for x in rows if x["realm"] == "all" and x["direction"] == "BLR->UKR")
    mean = sum(BASELINE) / 12
    sd = max(math.sqrt(sum((x - mean) ** 2 for x in BASELINE) / 11), math.sqrt(mean), 1.0)
    assert r["escalation"] == 10 and r["baseline_mean"] == pytest.approx(mean)
    assert r["z"] == pytest.approx((10 - mean) / sd)
    assert r["alert"] and r["cusum"] >= 4
    assert "10 escalation events" in r["reason"]
    alerts = ev.alerts(store, "UKR-BLR", as_of=as_of.isoformat(), freq="week")
    assert {(a["realm"], a["direction"]) for a in alerts} >= {("all", "BLR->UKR"), ("security", "BLR->UKR")}


def test_no_alert_in_a_quiet_week(store, tmp_path):
    as_of = _weekly(store, tmp_path, BASELINE, 1)
    assert ev.alerts(store, "UKR-BLR", as_of=as_of.isoformat(), freq="week") == []


def test_cusum_alert_on_a_sustained_rise(store, tmp_path):
    """No single week is extreme (z < 2) but the rise persists: CUSUM crosses its threshold."""
    base = [0] * 6 + [2] * 6
    as_of = _weekly(store, tmp_path, base, 2)
    r = next(x for x in ev.indicators(store, "UKR-BLR", as_of=as_of.isoformat(), freq="week")
             if x["realm"] == "all" and x["direction"] == "BLR->UKR")
    assert r["z"] < 2 and r["cusum"] >= 4 and r["alert"]


def test_as_of_ignores_events_published_later(store, tmp_path):
    as_of = _weekly(store, tmp_path, BASELINE, 10, current_added="20220401000000")
    r = [x for x in ev.indicators(store, "UKR-BLR", as_of=as_of.isoformat(), freq="week")
         if x["realm"] == "all" and x["direction"] == "BLR->UKR"]
    assert r and r[0]["escalation"] == 0 and not r[0]["alert"]


def test_top_events(two_months):
    rows = ev.top(two_months, "UKR", "BLR", period="2022-02", n=3)
    assert [r["event_code"] for r in rows] == ["111", "057", "111"]
    assert rows[0]["mentions"] == 9 and rows[0]["sources"] == ["https://news.example/f1"]
    assert rows[1]["rows"] == 2 and rows[1]["sources"] == ["https://news.example/f2", "https://other.example/f4"]
    assert all(r["date"].startswith("2022-02") for r in rows)
    assert ev.top(two_months, "UKR", "BLR", period="2021-12") == []


def test_has_events(two_months):
    assert ev.has_events(two_months, "UKR-BLR")
    assert not ev.has_events(two_months, "POL-LTU")


def test_bad_arguments(two_months):
    from dyadwatch.errors import InputError
    with pytest.raises(InputError):
        ev.series(two_months, "UKR", "BLR", freq="year")
    with pytest.raises(InputError):
        ev.series(two_months, "UKR", "BLR", dedup="fuzzy")
    with pytest.raises(InputError, match="not a date"):
        ev.series(two_months, "UKR", "BLR", date_from="Jan 2022")
