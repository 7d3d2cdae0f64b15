"""The one HTTP layer against a faulty server: retries, deadlines, size cap, redirects, credentials, cache."""
from __future__ import annotations

import json
import time

import pytest

from dyadwatch.errors import FetchError
from dyadwatch.sources import http

KEY = "k3y-0123456789abcdef-secret"
NOSLEEP = {"sleep": lambda s: None}


def test_retry_after_is_honoured_with_bounds(faulty):
    waits = []
    r = http.get(f"{faulty.url}/429?times=2&after=3", sleep=waits.append)
    assert r.text == "done" and r.attempts == 3 and waits == [3.0, 3.0]
    with pytest.raises(FetchError, match="does not clear"):
        http.get(f"{faulty.url}/429?times=9&after=3600", max_wait=60, **NOSLEEP)


def test_5xx_retried_with_jittered_backoff(faulty):
    waits = []
    r = http.get(f"{faulty.url}/500?times=2", sleep=waits.append, backoff=2.0)
    assert r.text == "done" and len(waits) == 2
    assert 1.0 <= waits[0] <= 2.0 and 2.0 <= waits[1] <= 4.0


def test_hang_is_bounded_by_timeout(faulty):
    t = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        http.get(f"{faulty.url}/hang", timeout=0.5, retries=0)
    assert time.monotonic() - t < 3


def test_drip_feed_cannot_outlast_the_total_deadline(faulty):
    # bytes arrive every 0.1 s, well inside the 1 s read timeout: only the total deadline stops it
    t = time.monotonic()
    with pytest.raises(FetchError, match="total deadline"):
        http.get(f"{faulty.url}/drip", timeout=1.0, deadline=0.8, retries=0)
    assert time.monotonic() - t < 3


def test_huge_answer_is_capped_while_streaming(faulty):
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(FetchError, match="limit"):
        http.get(f"{faulty.url}/huge", max_bytes=5_000_000, retries=0, timeout=10)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 100_000  # well under 100 MB: the body was never held whole


def test_broken_gzip_and_json_are_clean_errors(faulty):
    with pytest.raises(FetchError, match="compressed body is broken"):
        http.get(f"{faulty.url}/gzip-broken", retries=0)
    r = http.get(f"{faulty.url}/json-broken")
    with pytest.raises(FetchError, match="not valid JSON"):
        r.json()


def test_cut_body_is_an_error_not_a_short_answer(faulty):
    with pytest.raises(FetchError):
        http.get(f"{faulty.url}/cut", retries=1, **NOSLEEP)


def test_redirect_loop_is_a_clean_error(faulty):
    with pytest.raises(FetchError, match="redirect loop"):
        http.get(f"{faulty.url}/loop", retries=0)


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_key_is_not_forwarded_to_another_origin(faulty, other, status):
    target = f"{other.url}/echo"
    r = http.get(f"{faulty.url}/to", params={"url": target, "status": status},
                 headers={"Ocp-Apim-Subscription-Key": KEY, "Authorization": "Bearer " + KEY},
                 secret_headers=("Ocp-Apim-Subscription-Key",))
    assert r.status == 200
    assert faulty.seen("/to")[0]["headers"].get("Ocp-Apim-Subscription-Key") == KEY  # sent to its own origin
    got = other.seen("/echo")[0]["headers"]
    assert "Ocp-Apim-Subscription-Key" not in got and "Authorization" not in got
    assert KEY not in r.text


def test_key_kept_on_same_origin_redirect(faulty):
    r = http.get(f"{faulty.url}/to", params={"url": "/echo"}, headers={"Ocp-Apim-Subscription-Key": KEY},
                 secret_headers=("Ocp-Apim-Subscription-Key",))
    assert faulty.seen("/echo")[0]["headers"].get("Ocp-Apim-Subscription-Key") == KEY
    # the echoed key is scrubbed from the body the caller (and any cache) sees
    assert KEY not in r.text and "***" in r.text


def test_key_dropped_on_https_to_http_downgrade():
    # no TLS server here: check the rule on origins directly
    assert http.origin("https://a.example/x") != http.origin("http://a.example/x")
    assert http.origin("https://a.example/x") == http.origin("https://A.example:443/y")


def test_post_for_webhooks(faulty):
    r = http.request("POST", f"{faulty.url}/ok", json={"text": "alert"}, retries=0)
    assert r.status == 200
    assert json.loads(faulty.seen("/ok")[0]["body"]) == {"text": "alert"}


def test_conditional_get_reads_the_cache_back(faulty, tmp_path):
    cache = tmp_path / "list.txt"
    first = http.get_cached(f"{faulty.url}/etag", cache)
    second = http.get_cached(f"{faulty.url}/etag", cache)
    assert first.text == second.text == "list v1\n"
    assert not first.from_cache and second.from_cache and second.status == 304
    assert faulty.seen("/etag")[1]["headers"].get("If-None-Match") == '"v1"'
    meta = (tmp_path / "list.txt.meta.json").read_text()
    assert "etag" in meta and "User-Agent" not in meta


def test_comtrade_cache_never_holds_the_key(faulty, store, tmp_path, monkeypatch):
    """A Comtrade server that echoes request headers: the key must not reach the cache files."""
    from dyadwatch.errors import EmptyResultError
    from dyadwatch.sources import comtrade

    monkeypatch.setattr(comtrade, "plan", lambda *a, **k: [comtrade.Query("full", "/echo", {}, "UKR", "BLR", "A", ["2021"])])
    with pytest.raises(EmptyResultError):  # the echo answer has no records: nothing stored
        comtrade.fetch(store, "UKR", "BLR", "2021", base_url=faulty.url, key=KEY, cache_dir=tmp_path / "c",
                       **NOSLEEP)
    assert faulty.seen("/echo")[0]["headers"]["Ocp-Apim-Subscription-Key"] == KEY
    for f in (tmp_path).rglob("*"):
        if f.is_file():
            assert KEY not in f.read_text(errors="replace")


def test_comtrade_record_with_bad_refyear_is_quarantined():
    from dyadwatch.sources.comtrade import Batch

    b = Batch()
    b.add({"flowCode": "X", "reporterCode": 804, "partnerCode": 112, "cmdCode": "TOTAL", "refYear": "abc",
           "primaryValue": 1.0}, 1)
    b.add({"flowCode": "X", "reporterCode": 804, "partnerCode": 112, "cmdCode": "TOTAL", "period": "2021",
           "primaryValue": "inf"}, 2)
    assert [r for _, r, _ in b.quarantine] == ["refYear 'abc' / refMonth None is not a year and month",
                                               "value 'inf' is not a finite number"]


def test_gdelt_master_list_is_fetched_conditionally(tmp_path):
    """The master list is asked with If-None-Match the second time and read back from the cache on 304."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from dyadwatch.sources import gdelt_fetch

    body = b"10 " + b"a" * 32 + b" http://data.gdeltproject.org/gdeltv2/20220224000000.export.CSV.zip\n"
    seen = []

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):  # noqa: N802
            seen.append(self.headers.get("If-None-Match"))
            if self.headers.get("If-None-Match") == '"m1"':
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", '"m1"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        with http.new_client() as client:
            a = gdelt_fetch.read_list(2, base, client, cache=tmp_path)
            b = gdelt_fetch.read_list(2, base, client, cache=tmp_path)
    finally:
        srv.shutdown()
        srv.server_close()
    assert seen == [None, '"m1"']
    assert list(a) == list(b) == ["20220224000000.export.CSV.zip"]
    assert b["20220224000000.export.CSV.zip"].url.startswith(base)


def test_download_does_not_follow_redirect_loops(faulty, tmp_path):
    from dyadwatch.sources.download import download

    with pytest.raises(FetchError, match="redirect loop"):
        download(f"{faulty.url}/loop", tmp_path / "f.zip", retries=1)
    assert not (tmp_path / "f.zip").exists()


@pytest.mark.parametrize("mode,code,text", [("loop", 4, "redirect loop"), ("gzip", 4, "compressed body is broken"),
                                            ("drip", 4, "total deadline")])
def test_comtrade_cli_faults_are_one_line(faulty, tmp_path, monkeypatch, capsys, mode, code, text):
    from dyadwatch.cli import main

    faulty.comtrade = mode
    monkeypatch.setenv("DYADWATCH_COMTRADE_URL", faulty.url)
    monkeypatch.setenv("DYADWATCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    t = time.monotonic()
    rc = main(["fetch", "comtrade", "--reporter", "UKR", "--partner", "BLR", "--years", "2021", "--timeout", "1",
               "--retries", "0", "--store", str(tmp_path / "s.duckdb")])
    err = capsys.readouterr().err
    assert rc == code and text in err and "Traceback" not in err
    assert time.monotonic() - t < 10


def test_comtrade_cli_bad_refyear_is_quarantined(faulty, tmp_path, monkeypatch, capsys):
    from dyadwatch.cli import main

    faulty.comtrade = "records"
    monkeypatch.setenv("DYADWATCH_COMTRADE_URL", faulty.url)
    monkeypatch.setenv("DYADWATCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    rc = main(["fetch", "comtrade", "--reporter", "UKR", "--partner", "BLR", "--years", "2021", "--no-world",
               "--json", "--store", str(tmp_path / "s.duckdb")])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0 and out["rows_quarantined"] >= 1 and out["rows_kept"] >= 1
