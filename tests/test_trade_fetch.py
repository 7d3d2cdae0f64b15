"""The Comtrade connector end to end against a local HTTP server speaking the real v1 JSON shape."""
from __future__ import annotations

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from dyadwatch.errors import EmptyResultError, FetchError

KEY = "s3cr3t-comtrade-key-0123456789abcdef"
M49 = {"UKR": 804, "BLR": 112}
ISO = {804: "UKR", 112: "BLR", 0: "W00"}


def v1_record(reporter: int, partner: int, flow: str, cmd: str, period: str, value: float) -> dict:
    """A record with every field of a real Comtrade+ v1 /get answer."""
    monthly = len(period) == 6
    return {
        "typeCode": "C", "freqCode": "M" if monthly else "A",
        "refPeriodId": int(period + "01") if monthly else int(period + "0101"),
        "refYear": int(period[:4]), "refMonth": int(period[4:]) if monthly else 52, "period": period,
        "reporterCode": reporter, "reporterISO": ISO[reporter], "reporterDesc": None,
        "flowCode": flow, "flowDesc": None, "partnerCode": partner, "partnerISO": ISO[partner], "partnerDesc": None,
        "partner2Code": 0, "partner2ISO": "W00", "partner2Desc": None, "classificationCode": "H5",
        "classificationSearchCode": "HS", "isOriginalClassification": True, "cmdCode": cmd, "cmdDesc": None,
        "aggrLevel": 0 if cmd == "TOTAL" else len(cmd), "isLeaf": False, "customsCode": "C00", "customsDesc": None,
        "mosCode": "0", "motCode": 0, "motDesc": None, "qtyUnitCode": -1, "qtyUnitAbbr": "N/A", "qty": 0,
        "isQtyEstimated": False, "altQtyUnitCode": -1, "altQtyUnitAbbr": "N/A", "altQty": 0,
        "isAltQtyEstimated": False, "netWgt": 0, "isNetWgtEstimated": False, "grossWgt": 0,
        "isGrossWgtEstimated": False, "cifvalue": value if flow == "M" else None,
        "fobvalue": value if flow == "X" else None, "primaryValue": value, "legacyEstimationFlag": 0,
        "isReported": False, "isAggregate": True,
    }


def envelope(records: list[dict], count: int | None = None) -> dict:
    return {"elapsedTime": "0.12 secs", "count": len(records) if count is None else count, "data": records,
            "error": ""}


# a small world of values: (reporter, partner, flow, period) -> value
VALUES = {
    ("UKR", "BLR", "X", "2021"): 1.52e9, ("UKR", "BLR", "M", "2021"): 4.57e9,
    ("UKR", "BLR", "X", "2022"): 0.19e9, ("UKR", "BLR", "M", "2022"): 1.38e9,
    ("UKR", "WLD", "X", "2021"): 68.1e9, ("UKR", "WLD", "M", "2021"): 72.8e9,
    ("BLR", "UKR", "X", "2021"): 5.41e9, ("BLR", "UKR", "M", "2021"): 1.53e9,
    ("BLR", "WLD", "X", "2021"): 39.8e9, ("BLR", "WLD", "M", "2021"): 41.8e9,
}


def answer_for(query: dict, values=VALUES) -> dict:
    rep = int(query["reporterCode"][0])
    partners = [int(p) for p in query["partnerCode"][0].split(",")]
    flows = query["flowCode"][0].split(",")
    recs = []
    for period in query["period"][0].split(","):
        for p in partners:
            for f in flows:
                v = values.get((ISO[rep], "WLD" if p == 0 else ISO[p], f, period[:4]))
                if v is not None:
                    recs.append(v1_record(rep, p, f, "TOTAL", period, v if len(period) == 4 else v / 12))
    return envelope(recs)


class Server:
    """http.server on 127.0.0.1 in a thread; `script` is a list of callables (query) -> (status, headers,
    body, delay) consumed one per request, after which `default` answers."""

    def __init__(self):
        self.requests: list[dict] = []
        self.script: list = []
        self.default = lambda q: (200, {}, json.dumps(answer_for(q)), 0)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                u = urlparse(self.path)
                q = parse_qs(u.query)
                outer.requests.append({"path": u.path, "query": q, "headers": dict(self.headers)})
                fn = outer.script.pop(0) if outer.script else outer.default
                status, headers, body, delay = fn(q)
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    data = body.encode()
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


@pytest.fixture
def env(monkeypatch, tmp_path, server):
    monkeypatch.setenv("DYADWATCH_COMTRADE_URL", server.url)
    monkeypatch.setenv("DYADWATCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    return tmp_path


def fetch(store, **kw):
    from dyadwatch.sources.comtrade import fetch as run
    kw.setdefault("sleep", lambda s: None)
    return run(store, kw.pop("reporter", "UKR"), kw.pop("partner", "BLR"), kw.pop("years", "2021-2022"), **kw)


def obs(store):
    return store.query("SELECT reporter, partner, flow, period, value, basis, source_id, vintage FROM observations "
                       "ORDER BY reporter, partner, flow, period")


def test_preview_fetch_end_to_end(store, server, env):
    result = fetch(store)
    assert result.status == "loaded" and result.endpoint == "preview"
    assert result.requests == 2
    paths = {r["path"] for r in server.requests}
    assert paths == {"/public/v1/preview/C/A/HS"}
    q = {r["query"]["reporterCode"][0]: r["query"] for r in server.requests}
    assert q["804"]["partnerCode"] == ["112,0"] and q["112"]["partnerCode"] == ["804,0"]
    assert q["804"]["period"] == ["2021,2022"] and q["804"]["cmdCode"] == ["TOTAL"]
    assert q["804"]["flowCode"] == ["M,X"]
    assert all("Ocp-Apim-Subscription-Key" not in r["headers"] for r in server.requests)
    rows = obs(store)
    assert len(rows) == 10
    m = {(r["reporter"], r["partner"], r["flow"], r["period"]): r for r in rows}
    assert m[("UKR", "BLR", "M", "2022")]["value"] == 1.38e9 and m[("UKR", "BLR", "M", "2022")]["basis"] == "CIF"
    assert m[("BLR", "UKR", "X", "2021")]["basis"] == "FOB"
    assert m[("UKR", "WLD", "X", "2021")]["value"] == 68.1e9
    # Belarus's empty 2022 is reported, not fatal
    assert any("BLR" in w and "stopped reporting" in w for w in result.warnings)
    src = store.query("SELECT * FROM sources WHERE id = ?", [result.source_id])[0]
    assert src["retrieved_at"] and src["vintage"] == result.vintage
    fetched = store.query("SELECT * FROM trade_fetches")
    assert len(fetched) == 2 and all(f["status"] == 200 for f in fetched)
    cached = json.loads(open(fetched[0]["cache_path"]).read())
    assert cached["retrieved_at"] and json.loads(cached["body"])["count"] >= 1
    assert store.scalar("SELECT count(*) FROM ingest_ledger WHERE kind = 'comtrade-api'") == 1


def test_key_uses_full_endpoint_and_never_leaks(store, server, env, monkeypatch, caplog):
    monkeypatch.setenv("COMTRADE_API_KEY", KEY)
    caplog.set_level(logging.DEBUG)
    server.script = [lambda q: (429, {"Retry-After": "0"}, json.dumps({"statusCode": 429, "message": "Rate limit is exceeded"}), 0)]
    result = fetch(store)
    assert result.endpoint == "full"
    assert {r["path"] for r in server.requests} == {"/data/v1/get/C/A/HS"}
    assert all(r["headers"].get("Ocp-Apim-Subscription-Key") == KEY for r in server.requests)
    assert all(KEY not in json.dumps(r["query"]) for r in server.requests)
    assert KEY not in caplog.text
    assert KEY not in json.dumps(result.as_dict())
    for f in (env / "cache").rglob("*.json"):
        assert KEY not in f.read_text()
    dump = json.dumps([store.query(f"SELECT * FROM {t}") for t in ("sources", "trade_fetches", "ingest_ledger",
                                                                    "observations")], default=str)
    assert KEY not in dump
    # an error answer that echoes the key back is scrubbed too
    server.script = [lambda q: (401, {}, json.dumps({"statusCode": 401, "message": f"invalid key {KEY}"}), 0)]
    with pytest.raises(FetchError) as exc:
        fetch(store, years="2019")
    assert exc.value.status == 401 and KEY not in str(exc.value) and "***" in str(exc.value)
    assert KEY not in caplog.text


def test_429_with_retry_after_is_honoured(store, server, env):
    waits = []
    server.script = [lambda q: (429, {"Retry-After": "7"}, json.dumps({"statusCode": 429, "message": "Rate limit is exceeded. Try again in 7 seconds."}), 0)]
    result = fetch(store, sleep=waits.append)
    assert result.status == "loaded"
    assert waits == [7.0]
    assert len(server.requests) == 3


def test_rate_limit_that_does_not_clear(store, server, env):
    before = store.counts()
    server.script = [lambda q: (429, {"Retry-After": "3600"}, "{}", 0)]
    with pytest.raises(FetchError, match="does not clear"):
        fetch(store, max_wait=60)
    server.default = lambda q: (429, {"Retry-After": "1"}, "{}", 0)
    with pytest.raises(FetchError, match="after 3 attempts: HTTP 429"):
        fetch(store, retries=2)
    assert store.counts() == before


def test_500_then_success(store, server, env):
    waits = []
    server.script = [lambda q: (500, {}, "Internal Server Error", 0), lambda q: (503, {}, "", 0)]
    result = fetch(store, sleep=waits.append, backoff=0.5)
    assert result.status == "loaded" and result.rows_kept == 10
    assert len(waits) == 2 and 0.25 <= waits[0] <= 0.5 and 0.5 <= waits[1] <= 1.0  # backoff with jitter


def test_timeout_then_success_and_timeout_for_good(store, server, env):
    server.script = [lambda q: (200, {}, json.dumps(answer_for(q)), 1.0)]
    result = fetch(store, timeout=0.3)
    assert result.status == "loaded"
    before = store.counts()
    slow = lambda q: (200, {}, json.dumps(answer_for(q)), 1.0)  # noqa: E731
    server.script = []
    server.default = slow
    with pytest.raises(FetchError, match="timed out after 0.3 s"):
        fetch(store, years="2019", timeout=0.3, retries=1)
    assert store.counts() == before


def test_empty_result_stores_nothing(store, server, env):
    before = store.counts()
    server.default = lambda q: (200, {}, json.dumps(envelope([])), 0)
    with pytest.raises(EmptyResultError, match="no usable records"):
        fetch(store, years="2023-2024")
    assert store.counts() == before


@pytest.mark.parametrize("body,match", [
    ("<html>gateway</html>", "not valid JSON"),
    (json.dumps({"count": 900, "data": [v1_record(804, 112, "X", "TOTAL", "2021", 1.0)], "error": ""}), "partial answer"),
    (json.dumps({"count": 0, "data": [], "error": "Invalid reporterCode"}), "Invalid reporterCode"),
    (json.dumps([1, 2]), "unexpected answer"),
])
def test_bad_answers_are_clear_and_atomic(store, server, env, body, match):
    before = store.counts()
    # the first request succeeds, the second is bad: nothing of the first may remain
    server.script = [lambda q: (200, {}, json.dumps(answer_for(q)), 0), lambda q: (200, {}, body, 0)]
    with pytest.raises(FetchError, match=match):
        fetch(store)
    assert store.counts() == before


def test_failing_second_request_leaves_store_unchanged(store, server, env):
    fetch(store)
    before = store.counts()
    server.script = [lambda q: (200, {}, json.dumps(answer_for(q)), 0)]
    server.default = lambda q: (502, {}, "Bad Gateway", 0)
    with pytest.raises(FetchError, match="HTTP 502"):
        fetch(store, years="2019-2020", retries=1)
    assert store.counts() == before


def test_refetch_is_idempotent_and_new_vintage_kept(store, server, env):
    from dyadwatch.realms.economic import summary

    first = fetch(store)
    n = store.scalar("SELECT count(*) FROM observations")
    again = fetch(store)
    assert again.status == "unchanged" and again.source_id == first.source_id
    assert store.scalar("SELECT count(*) FROM observations") == n
    # the service revises a value: a new vintage beside the old one, and the latest is used
    revised = dict(VALUES)
    revised[("UKR", "BLR", "M", "2022")] = 1.39e9
    server.default = lambda q: (200, {}, json.dumps(answer_for(q, revised)), 0)
    time.sleep(1.1)  # vintages are stamped to the second
    third = fetch(store)
    assert third.status == "loaded" and third.source_id != first.source_id
    assert store.scalar("SELECT count(*) FROM observations") == 2 * n
    assert store.scalar("SELECT count(DISTINCT vintage) FROM observations") == 2
    row = summary(store, "UKR", "BLR", "2022")["rows"][0]
    assert row["imports_usd"] == 1.39e9 and row["source_ids"] == [third.source_id]


def test_monthly_fetch(store, server, env):
    result = fetch(store, years="2022", freq="M")
    assert result.requests == 2
    q = server.requests[0]["query"]
    assert server.requests[0]["path"] == "/public/v1/preview/C/M/HS"
    assert q["period"][0].split(",") == [f"2022{m:02d}" for m in range(1, 13)]
    periods = {r["period"] for r in store.query("SELECT DISTINCT period FROM observations")}
    assert periods == {f"2022-{m:02d}" for m in range(1, 13)}


def test_cli_fetch(server, env, store_path):
    from dyadwatch.cli import main

    code = main(["fetch", "comtrade", "--reporter", "UKR", "--partner", "BLR", "--years", "2021",
                 "--hs", "TOTAL,27", "--store", str(store_path), "--json"])
    assert code == 0
    assert server.requests[0]["query"]["cmdCode"] == ["TOTAL,27"]
    assert main(["fetch", "comtrade", "--reporter", "UKR", "--partner", "BLR", "--years", "20x1",
                 "--store", str(store_path)]) == 2


def test_retry_after_http_date():
    import email.utils

    from dyadwatch.sources.http import retry_after_seconds

    now = time.time()
    assert retry_after_seconds(email.utils.formatdate(now + 30, usegmt=True), now=now) == pytest.approx(30, abs=1)
    assert retry_after_seconds("12") == 12.0
    assert retry_after_seconds("soon") is None
