"""`dyadwatch update/status/alerts/watch` against loopback stand-ins of GDELT 2.0, Comtrade v1, OpenSanctions and
a webhook (tests/monitor_standins.py)."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dyadwatch.cli import main
from dyadwatch.countries import Dyad
from dyadwatch.monitor.state import list_alerts
from dyadwatch.monitor.update import run_update
from dyadwatch.monitor.watch import backoff, parse_every
from dyadwatch.store import open_store
from monitor_standins import StandIns

FAST = {"gdelt": {"days_back": 2}, "comtrade": {"retries": 0, "backoff": 0},
        "alerts": {"warning_change": {"enabled": False}}}   # the warning model's recompute: tested once, below
WITH_WARNING = {**FAST, "alerts": {"warning_change": {"enabled": True, "move": 0.001}}}   # any move
SRC = Path(__file__).resolve().parent.parent / "src"


def _clock() -> tuple[dt.datetime, dt.datetime]:
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, minute=0, second=0, microsecond=0)
    return now, (now - dt.timedelta(days=1)).replace(hour=6)   # +3 h stays yesterday whatever the time of day


NOW, YESTERDAY = _clock()


@pytest.fixture(autouse=True)
def _today():
    """'Yesterday' read when each test starts, as the command under test reads 'today': a suite that runs across
    midnight (UTC) would otherwise publish events two days back and miss the command's window."""
    global NOW, YESTERDAY
    NOW, YESTERDAY = _clock()


@pytest.fixture
def no_warning(monkeypatch):
    """The CLI in this process without the warning model's recompute (tested on its own below)."""
    from dyadwatch.monitor import _yaml

    monkeypatch.setitem(_yaml("alerts.yaml")["defaults"], "warning_change", {"enabled": False})


@pytest.fixture
def web(monkeypatch, tmp_path):
    s = StandIns()
    s.env(monkeypatch, tmp_path / "cache")
    yield s
    s.close()


def _counts(st):
    return {t: st.scalar(f"SELECT count(*) FROM {t}") for t in
            ("events_raw", "observations", "sanctions_designations", "events_volume")}


def _update(st, **kw):
    kw.setdefault("overrides", FAST)
    return run_update(st, "UKR", "BLR", **kw)


def test_second_update_fetches_nothing_new_and_later_files_alone(store, web):
    first = web.publish(YESTERDAY, 4, conflict=2)
    r1 = _update(store)
    assert r1.exit_code == 0 and r1.failed == []
    got = {s.source: s for s in r1.sources}
    assert got["gdelt"].rows == 4 and got["comtrade"].rows == 10 and got["sanctions"].rows > 0
    assert web.gdelt_downloads() == [first]
    assert json.loads(got["gdelt"].cursor_after)["stamp"] == first[:14]
    counts = _counts(store)
    # nothing new: no export file, no sanctions export, no volume file downloaded; nothing added
    n = len(web.requests)
    r2 = _update(store)
    assert r2.exit_code == 0 and all(s.rows == 0 for s in r2.sources)
    again = [p for _, p in web.requests[n:]]
    assert not [p for p in again if p.endswith((".zip", ".ftm.json", "daily_country.csv"))], again
    assert not [p for p in again if "/preview/" in p]     # Comtrade was asked less than 24 h ago: skipped
    assert [s.status for s in r2.sources] == ["ok", "skipped", "ok"]
    assert _counts(store) == counts and r2.alerts == []
    # a file published later is fetched alone, and the cursor moves to it
    later = web.publish(YESTERDAY + dt.timedelta(minutes=45), 2)
    r3 = _update(store)
    assert web.gdelt_downloads() == [first, later]
    assert {s.source: s.rows for s in r3.sources} == {"gdelt": 2, "comtrade": 0, "sanctions": 0}
    assert store.scalar("SELECT cursor FROM monitor_cursors WHERE source = 'gdelt'").find(later[:14]) > 0
    # the run history: three finished runs, per-source results recorded
    runs = store.query("SELECT status, finished_at FROM monitor_runs ORDER BY started_at")
    assert [r["status"] for r in runs] == ["ok", "ok", "ok"] and all(r["finished_at"] for r in runs)
    assert store.scalar("SELECT count(*) FROM monitor_source_runs WHERE status = 'ok'") == 7
    # naming the source asks it anyway; an unchanged answer adds nothing
    r4 = _update(store, sources="comtrade")
    assert r4.sources[0].status == "ok" and r4.sources[0].rows == 0 and r4.sources[0].detail["fetches"][0][
        "status"] == "unchanged"


def test_one_failing_source_leaves_the_others_committed(store, web):
    web.publish(YESTERDAY, 3)
    web.down["/datasets/"] = 404
    r = _update(store)
    assert r.exit_code == 4 and r.failed == ["sanctions"]
    by = {s.source: s for s in r.sources}
    assert by["gdelt"].status == "ok" and by["comtrade"].status == "ok"
    assert "404" in by["sanctions"].error
    assert store.scalar("SELECT count(*) FROM events_raw") == 3
    assert store.scalar("SELECT count(*) FROM observations WHERE dataset = 'comtrade'") == 10
    cursors = {r["source"] for r in store.query("SELECT source FROM monitor_cursors")}
    assert cursors == {"gdelt", "comtrade"}                      # the failed source's cursor did not move
    failed = [a for a in r.alerts if a["kind"] == "source_failed"]
    assert len(failed) == 1 and "sanctions" in failed[0]["message"]
    # the next update, with the service back, catches up
    del web.down["/datasets/"]
    r2 = _update(store)
    assert r2.exit_code == 0 and {s.source: s.rows for s in r2.sources}["sanctions"] > 0


def test_offline_and_unreachable(store, web, monkeypatch):
    r = _update(store, offline=True)
    assert r.exit_code == 0 and [s.status for s in r.sources] == ["offline"] * 3
    assert web.requests == []
    web.publish(YESTERDAY, 2)
    _update(store)
    before = _counts(store)
    cursors = store.query("SELECT * FROM monitor_cursors ORDER BY source")
    for var in ("DYADWATCH_GDELT_URL", "DYADWATCH_COMTRADE_URL", "DYADWATCH_SANCTIONS_URL"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")              # nothing listens there
    from dyadwatch.sources import http
    monkeypatch.setattr(http, "backoff_delay", lambda *a, **k: 0.0)   # each retry still made, without its wait
    r = _update(store, sources="gdelt,comtrade,sanctions")       # named: Comtrade is asked despite its interval
    assert r.exit_code == 4 and sorted(r.failed) == ["comtrade", "gdelt", "sanctions"]
    assert all(s.error for s in r.sources)
    assert _counts(store) == before and store.query("SELECT * FROM monitor_cursors ORDER BY source") == cursors


def test_alerts_name_the_new_events_and_are_posted_once(store, web, tmp_path):
    hook, feed = f"{web.url}/hook", tmp_path / "feed" / "alerts.atom"
    web.publish(YESTERDAY, 2)
    r1 = _update(store, notify=[hook, f"file:{feed}"])
    assert [n["status"] for n in r1.notifications] == ["sent", "sent"]
    assert len(web.hooks) == 1 and {a["id"] for a in web.hooks[0]} == {a["id"] for a in r1.alerts}
    for a in web.hooks[0]:
        assert set(a) == {"id", "at", "kind", "severity", "title", "message", "data", "evidence"}
    # nothing new: nothing posted
    _update(store, notify=[hook, f"file:{feed}"])
    assert len(web.hooks) == 1
    # a new file with material conflict: one new_events alert naming its events; the webhook is down
    name = web.publish(YESTERDAY + dt.timedelta(hours=2), 6, conflict=5)
    web.hook_status = 500
    r3 = _update(store, notify=[hook])
    assert r3.exit_code == 0 and r3.notifications[0]["status"] == "failed"
    new = [a for a in r3.alerts if a["kind"] == "new_events"]
    assert len(new) == 1 and new[0]["data"]["total"] == 6
    assert new[0]["data"]["peak_material_conflict_day"] == {"date": YESTERDAY.date().isoformat(),
                                                            "material_conflict": 5}
    ids = {e["event_id"] for e in new[0]["evidence"]}
    in_file = {r["event_id"] for r in store.query("SELECT event_id FROM events_raw WHERE quad_class = 4")}
    assert ids and ids <= in_file and all(e["url"].startswith("https://example.org/news/") for e in new[0]["evidence"])
    # the webhook is back: the failed alerts are re-sent with the next run, and never twice
    web.hook_status = 200
    later = web.publish(YESTERDAY + dt.timedelta(hours=3), 1)
    r4 = _update(store, notify=[hook])
    assert r4.notifications[0]["resent"] == len(r3.alerts)
    posted = [a["id"] for batch in web.hooks for a in batch]
    assert len(posted) == len(set(posted)) and set(posted) >= {a["id"] for a in r3.alerts + r4.alerts}
    assert later
    # the Atom feed: well-formed, one entry per alert sent to it
    root = ET.parse(feed).getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == len(r1.alerts) and root.find("a:id", ns).text == "urn:dyadwatch:alerts:BLR-UKR"
    # the alerts command lists them, newest last
    stored = list_alerts(store, Dyad("UKR", "BLR"))
    assert {a["id"] for a in stored} == {a["id"] for a in r1.alerts + r3.alerts + r4.alerts}
    assert [a["id"] for a in list_alerts(store, Dyad("BLR", "UKR"), last=1)] == [stored[-1]["id"]]


def _env(web, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(SRC))
    web.env(env, tmp_path / "cache")
    return env


def test_cli_update_status_alerts_and_bad_input(store_path, web, tmp_path, capsys, no_warning):
    web.publish(YESTERDAY, 3, conflict=1)
    assert main(["update", "UKR", "BLR", "--store", str(store_path), "--json"]) == 0     # first-run defaults
    out = json.loads(capsys.readouterr().out)
    assert [s["status"] for s in out["sources"]] == ["ok", "ok", "ok"] and out["exit_code"] == 0
    gdelt = out["sources"][0]["detail"]
    assert gdelt["from"] == (dt.date.today() - dt.timedelta(days=90)).isoformat() and gdelt["expected"] == 91 * 96
    assert out["sources"][1]["detail"]["fetches"][0]["years"] == f"{dt.date.today().year - 10}-{dt.date.today().year - 1}"
    assert main(["status", "UKR", "BLR", "--store", str(store_path), "--json"]) == 0
    status = {(e["source"], e["reporter"]): e for e in json.loads(capsys.readouterr().out)}
    g = status[("gdelt", "")]
    assert g["covers_to"] == YESTERDAY.date().isoformat() and g["rows"] == 3 and not g["stale"] and g["last_success"]
    assert status[("comtrade", "BLR")]["stale"] and status[("comtrade", "BLR")]["covers_to"] == "2021"
    assert main(["alerts", "UKR", "BLR", "--last", "2", "--store", str(store_path), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    for bad in (["update", "UKR", "UKR"], ["update", "UKR", "BLR", "--sources", "gdelt,nope"],
                ["update", "UKR", "BLR", "--notify", "ftp://x"], ["update", "UKR", "BLR", "--from", "2026-13-01"],
                ["alerts", "UKR", "BLR", "--since", "2026-01-01", "--last", "3"], ["watch", "UKR", "BLR", "--every", "0"]):
        assert main([*bad, "--store", str(store_path)]) == 2, bad
    capsys.readouterr()


def test_kill_during_an_update_loses_nothing(store_path, web, tmp_path, capsys, no_warning):
    web.publish(YESTERDAY, 3)
    web.publish(YESTERDAY + dt.timedelta(minutes=15), 2)
    web.slow["/public/v1/preview/C/A"] = 30               # Comtrade hangs: GDELT is done by then
    env = _env(web, tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "dyadwatch", "update", "UKR", "BLR",
                             "--store", str(store_path)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while not any(p.startswith("/public/v1/preview/C/A") for _, p in web.requests):
        assert time.time() < deadline and proc.poll() is None
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    del web.slow["/public/v1/preview/C/A"]
    with open_store(store_path) as st:                    # GDELT's rows and cursor were committed before the kill
        assert st.scalar("SELECT count(*) FROM events_raw") == 5
        assert st.scalar("SELECT count(*) FROM monitor_cursors WHERE source = 'gdelt'") == 1
        assert st.scalar("SELECT count(*) FROM monitor_runs WHERE finished_at IS NULL") == 1
    downloads = len(web.gdelt_downloads())
    assert main(["update", "UKR", "BLR", "--store", str(store_path), "--json"]) == 0
    out = {s["source"]: s for s in json.loads(capsys.readouterr().out)["sources"]}
    assert out["gdelt"]["rows_added"] == 0 and out["comtrade"]["rows_added"] == 10
    assert len(web.gdelt_downloads()) == downloads      # the resumed run downloads no GDELT file again
    with open_store(store_path) as st:
        assert st.scalar("SELECT count(*) FROM events_raw") == 5
        assert st.query("SELECT status FROM monitor_runs ORDER BY started_at") == [
            {"status": "interrupted"}, {"status": "ok"}]


def test_watch_releases_the_store_between_runs_and_stops_on_sigterm(store_path, web, tmp_path):
    import duckdb

    web.publish(YESTERDAY, 2)
    env = _env(web, tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "dyadwatch", "watch", "UKR", "BLR", "--every", "1h",
                             "--sources", "gdelt", "--store", str(store_path)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 60
        while True:                                      # between runs another process can open it read-write
            assert time.time() < deadline and proc.poll() is None
            if not store_path.exists():
                time.sleep(0.1)
                continue
            try:
                con = duckdb.connect(str(store_path))
            except duckdb.Error:                         # locked: a run is in progress
                time.sleep(0.1)
                continue
            try:
                n = con.execute("SELECT count(*) FROM monitor_runs WHERE finished_at IS NOT NULL").fetchone()[0]
            except duckdb.Error:                         # not migrated yet
                n = 0
            finally:
                con.close()
            if n == 1:
                break
            time.sleep(0.1)
        assert proc.poll() is None                       # still watching, waiting for the next run
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and "SIGTERM" in err and "next run in 3600 s" in err


def test_watch_backoff_and_durations():
    assert parse_every("1h") == 3600 and parse_every("15m") == 900 and parse_every("90") == 90
    assert [backoff(n, 3600) for n in range(5)] == [3600, 60, 120, 240, 480]
    assert backoff(10, 300) == 300


def test_event_spike_is_raised_once_on_a_change_point(store, web):
    base = YESTERDAY - dt.timedelta(hours=12)
    for k in range(12, 2, -1):                            # ten quiet days: one record a day
        web.publish(base + dt.timedelta(minutes=15 * k), 1, day=YESTERDAY.date() - dt.timedelta(days=k))
    r1 = _update(store, sources="gdelt")
    assert not [a for a in r1.alerts if a["kind"] == "event_spike"]
    for k in (2, 1, 0):                                   # then three days of eight records each
        web.publish(YESTERDAY + dt.timedelta(minutes=15 * (3 - k)), 8, conflict=4,
                    day=YESTERDAY.date() - dt.timedelta(days=k))
    r2 = _update(store, sources="gdelt")
    spikes = [a for a in r2.alerts if a["kind"] == "event_spike"]
    assert len(spikes) == 1
    assert spikes[0]["data"]["change_point"] == (YESTERDAY.date() - dt.timedelta(days=2)).isoformat()
    assert spikes[0]["data"]["mean_after"] == 8 and spikes[0]["data"]["mean_before"] == 1
    web.publish(YESTERDAY + dt.timedelta(hours=1), 8, day=YESTERDAY.date())
    r3 = _update(store, sources="gdelt")                  # the same shift: not raised again
    assert [a["kind"] for a in r3.alerts] == ["new_events"]


def test_warning_change_compares_the_model_before_and_after(store, web):
    from dyadwatch.warning.model import forecast

    _update(store, sources="gdelt", overrides=WITH_WARNING)          # nothing published yet: the model's baseline
    for k in range(6):
        web.publish(YESTERDAY + dt.timedelta(minutes=15 * k), 8, conflict=8)
    r = _update(store, sources="gdelt", overrides=WITH_WARNING)
    changes = {a["data"]["target"]: a for a in r.alerts if a["kind"] == "warning_change"}
    assert changes, [a["kind"] for a in r.alerts]
    for target, a in changes.items():
        now = forecast(store, "UKR-BLR", target, 90, as_of=dt.date.today(), with_moves=False)["probability"]
        assert a["data"]["after"] == pytest.approx(now)
        moved = abs(a["data"]["after"] - a["data"]["before"])
        assert a["data"]["crossed"] or moved >= 0.001          # the move threshold given above
        assert a["evidence"] == [{"command": f"dyadwatch warning UKR BLR --target {target}"}]
    # the next run reuses the past weeks' event readings; its probabilities equal a fresh computation
    state = json.loads(store.scalar("SELECT state FROM monitor_runs ORDER BY started_at DESC LIMIT 1"))
    assert state["warning_cache"] and max(state["warning_cache"]) < dt.date.today().isoformat()
    web.publish(YESTERDAY + dt.timedelta(hours=3), 8, conflict=8)
    _update(store, sources="gdelt", overrides=WITH_WARNING)
    state = json.loads(store.scalar("SELECT state FROM monitor_runs ORDER BY started_at DESC LIMIT 1"))
    for target, p in state["warning"].items():
        assert p == pytest.approx(forecast(store, "UKR-BLR", target, 90, as_of=dt.date.today(),
                                           with_moves=False)["probability"])


def test_update_logs_the_models_forecast_of_the_day_once(store, web):
    r = _update(store, offline=True)
    assert r.forecasts_logged == 3 and r.as_dict()["forecasts_logged"] == 3       # E1, E2, E3 at 90 days
    rows = store.query("SELECT id, kind, issued_at FROM forecasts WHERE kind = 'model' ORDER BY id")
    assert [row["id"].split("-")[3] for row in rows] == ["e1", "e2", "e3"]
    assert {str(row["issued_at"])[:10] for row in rows} == {dt.date.today().isoformat()}
    assert _update(store, offline=True).forecasts_logged == 0                      # idempotent
    assert run_update(store, "BLR", "RUS", offline=True, overrides=FAST).forecasts_logged == \
        "no warning model for this pair"
