"""dyadwatch fetch gdelt against a GDELT-shaped file server on 127.0.0.1 (http.server in a thread):
masterfilelist.txt / events/index.html, zipped export files, a wrong MD5, a file listed but missing (404),
a truncated zip, a download cut midway and resumed with a Range request, and the volume file."""
from __future__ import annotations

import hashlib
import json
import io
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dyadwatch.sources import gdelt_fetch
from dyadwatch.sources.download import NotPublishedError, download
from dyadwatch.sources.gdelt import COLUMNS_V1, COLUMNS_V2


# --- synthetic GDELT rows in the real layouts ---------------------------------------------------------
def gdelt_row(eid: int, *, a1="UKR", a2="BLR", geo="UP", date="20220224", added="20220224000000",
              code="190", quad="4", goldstein="-10", v1=False) -> str:
    names = COLUMNS_V1 if v1 else COLUMNS_V2
    r = dict.fromkeys(names, "")
    r.update(GLOBALEVENTID=str(eid), SQLDATE=date, MonthYear=date[:6], Year=date[:4], FractionDate="2022.1479",
             Actor1Code=a1, Actor1Name=a1, Actor1CountryCode=a1, Actor2Code=a2, Actor2Name=a2,
             Actor2CountryCode=a2, IsRootEvent="1", EventCode=code, EventBaseCode=code, EventRootCode=code[:2],
             QuadClass=quad, GoldsteinScale=goldstein, NumMentions="4", NumSources="1", NumArticles="4",
             AvgTone="-5.2", ActionGeo_Type="1", ActionGeo_FullName="Ukraine", ActionGeo_CountryCode=geo,
             ActionGeo_FeatureID=geo, DATEADDED=added if not v1 else added[:8],
             SOURCEURL=f"https://example.org/news/{eid}")
    return "\t".join(r[n] for n in names)


def zipped(name: str, rows: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, "\n".join(rows) + "\n")
    return buf.getvalue()


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()  # noqa: S324


# --- the server -----------------------------------------------------------------------------------------
class Server:
    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.requests: list[tuple[str, str | None]] = []   # (path, Range header)
        self.cut: dict[str, int] = {}                      # path -> responses still to cut midway
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                rng = self.headers.get("Range")
                outer.requests.append((self.path, rng))
                body = outer.files.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                start = int(rng.split("=")[1].split("-")[0]) if rng else 0
                part = body[start:]
                self.send_response(206 if rng else 200)
                self.send_header("Content-Length", str(len(part)))
                self.end_headers()
                if outer.cut.get(self.path, 0) > 0:
                    outer.cut[self.path] -= 1
                    self.wfile.write(part[: len(part) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self.wfile.write(part)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def count(self, name: str) -> int:
        return sum(1 for p, _ in self.requests if p.endswith("/" + name))


@pytest.fixture
def server():
    s = Server()
    s.thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


S = "20220224"
GOOD, BADMD5, MISSING, TRUNC, CUT = (f"{S}{t}.export.CSV.zip" for t in ("000000", "001500", "003000", "004500", "010000"))


def v2_site(server: Server) -> dict[str, bytes]:
    """A masterfilelist with 5 export stamps of 2022-02-24 (and mentions/gkg lines), one stamp of another day."""
    good = zipped("a.CSV", [gdelt_row(1), gdelt_row(2, a1="RUS", a2="UKR", geo="BO"),
                            gdelt_row(3, a1="USA", a2="FRA", geo="FR")])
    bad = zipped("b.CSV", [gdelt_row(10)])
    trunc_full = zipped("t.CSV", [gdelt_row(20 + i) for i in range(50)])
    trunc = trunc_full[: len(trunc_full) // 2]  # published broken: its MD5 is of the broken bytes
    cut = zipped("c.CSV", [gdelt_row(30), gdelt_row(31, a1="BLR", a2="UKR")])
    other_day = zipped("o.CSV", [gdelt_row(40, date="20220301", added="20220301000000")])
    listing = [
        (len(good), md5(good), GOOD), (len(bad), "0" * 32, BADMD5),
        (len(good), md5(good), MISSING), (len(trunc), md5(trunc), TRUNC), (len(cut), md5(cut), CUT),
        (len(other_day), md5(other_day), "20220301000000.export.CSV.zip"),
    ]
    lines = []
    for size, digest, name in listing:
        lines.append(f"{size} {digest} {gdelt_fetch.GDELT_HOST}/gdeltv2/{name}")
        stamp = name.split(".")[0]
        lines.append(f"1234 {'1' * 32} {gdelt_fetch.GDELT_HOST}/gdeltv2/{stamp}.mentions.CSV.zip")
        lines.append(f"5678 {'2' * 32} {gdelt_fetch.GDELT_HOST}/gdeltv2/{stamp}.gkg.csv.zip")
    server.files["/gdeltv2/masterfilelist.txt"] = ("\n".join(lines) + "\n").encode()
    server.files[f"/gdeltv2/{GOOD}"] = good
    server.files[f"/gdeltv2/{BADMD5}"] = bad
    server.files[f"/gdeltv2/{TRUNC}"] = trunc
    server.files[f"/gdeltv2/{CUT}"] = cut
    server.files["/gdeltv2/20220301000000.export.CSV.zip"] = other_day
    server.files["/normfiles/daily_country.csv"] = b"20220224,UP,1000\n20220224,BO,200\n20220224,FR,900\n"
    return {"good": good, "cut": cut}


def run(store, server, tmp_path, **kw):
    kw.setdefault("dyad", "UKR-BLR")
    return gdelt_fetch.fetch(store, "2022-02-24", "2022-02-24", base_url=server.url, cache=tmp_path / "cache",
                             workers=4, **kw)


def test_fetch_v2_reports_gaps_checksums_and_broken_files_without_failing(store, server, tmp_path):
    v2_site(server)
    s = run(store, server, tmp_path)
    assert s.expected == 96 and s.listed == 5
    assert sorted(s.downloaded) == sorted([GOOD, TRUNC, CUT])
    assert MISSING in s.not_published and len(s.not_published) == 96 - 5 + 1
    assert [f for f, _ in s.failed] == [BADMD5]
    assert "MD5" in s.failed[0][1]
    assert not (tmp_path / "cache" / "v2" / BADMD5).exists()  # a bad file never gets its final name
    # the wrong-MD5 file was tried RETRIES times; the other day's file never requested
    assert server.count(BADMD5) == 3
    assert server.count("20220301000000.export.CSV.zip") == 0
    # ingest: the truncated zip fails alone, the others load; only dyad rows are kept
    statuses = {f.source.rsplit("/", 1)[-1]: f.status for f in s.ingest.files}
    assert statuses == {GOOD: "ingested", TRUNC: "failed", CUT: "ingested"}
    assert "zip" in [f for f in s.ingest.files if f.status == "failed"][0].message
    ids = [r["event_id"] for r in store.query("SELECT event_id FROM events_raw ORDER BY CAST(event_id AS INT)")]
    assert ids == ["1", "2", "30", "31"]  # USA-FRA in France is outside the dyad
    assert s.ingest.total("rows_filtered") == 1
    # the volume file: three FIPS codes mapped to ISO3
    vol = store.query("SELECT country, total FROM events_volume ORDER BY country")
    assert vol == [{"country": "BLR", "total": 200}, {"country": "FRA", "total": 900},
                   {"country": "UKR", "total": 1000}]


def test_fetch_again_downloads_and_adds_nothing(store, server, tmp_path):
    v2_site(server)
    run(store, server, tmp_path)
    n_rows = store.scalar("SELECT count(*) FROM events_raw")
    before = {n: server.count(n) for n in (GOOD, CUT, TRUNC)}
    s = run(store, server, tmp_path)
    assert sorted(s.cached) == sorted([GOOD, TRUNC, CUT]) and s.downloaded == []
    assert {n: server.count(n) for n in (GOOD, CUT, TRUNC)} == before  # verified files are not fetched again
    assert store.scalar("SELECT count(*) FROM events_raw") == n_rows
    assert [f.status for f in s.ingest.files].count("skipped") == 2
    # an updated volume file supersedes the days it repeats instead of double counting
    server.files["/normfiles/daily_country.csv"] = b"20220224,UP,1100\n20220225,UP,50\n"
    run(store, server, tmp_path)
    vol = store.query("SELECT date::VARCHAR d, total FROM events_volume WHERE country = 'UKR' ORDER BY d")
    assert vol == [{"d": "2022-02-24", "total": 1100}, {"d": "2022-02-25", "total": 50}]


def test_interrupted_download_resumes_with_a_range_request(server, tmp_path):
    sites = v2_site(server)
    url = f"{server.url}/gdeltv2/{CUT}"
    dest = tmp_path / CUT
    server.cut[f"/gdeltv2/{CUT}"] = 1
    # first run: the connection drops halfway and the process "dies" (no retry): only a .part remains
    with pytest.raises(Exception):
        download(url, dest, md5=md5(sites["cut"]), size=len(sites["cut"]), retries=1, backoff=0)
    part = tmp_path / (CUT + ".part")
    assert not dest.exists() and part.exists()
    assert 0 < part.stat().st_size < len(sites["cut"])
    have = part.stat().st_size
    # second run continues from the partial bytes and verifies the whole
    download(url, dest, md5=md5(sites["cut"]), size=len(sites["cut"]), retries=1, backoff=0)
    assert dest.read_bytes() == sites["cut"] and not part.exists()
    assert server.requests[-1] == (f"/gdeltv2/{CUT}", f"bytes={have}-")


def test_interrupted_fetch_completes_on_rerun(store, server, tmp_path):
    v2_site(server)
    server.cut[f"/gdeltv2/{CUT}"] = 3  # every attempt of the first run is cut
    s1 = run(store, server, tmp_path)
    assert [f for f, _ in s1.failed] == [BADMD5, CUT]
    assert (tmp_path / "cache" / "v2" / (CUT + ".part")).exists()
    s2 = run(store, server, tmp_path)
    assert s2.downloaded == [CUT] and sorted(s2.cached) == sorted([GOOD, TRUNC])
    assert {r["event_id"] for r in store.query("SELECT event_id FROM events_raw")} == {"1", "2", "30", "31"}


def test_not_published_download_raises_its_own_error(server, tmp_path):
    with pytest.raises(NotPublishedError):
        download(f"{server.url}/gdeltv2/nothing.zip", tmp_path / "x.zip", retries=1, backoff=0)


def test_fetch_v1_reads_the_daily_index(store, server, tmp_path):
    d1 = zipped("20221109.export.CSV", [gdelt_row(100, date="20221109", added="20221109", v1=True)])
    d3 = zipped("20221111.export.CSV", [gdelt_row(101, date="20221111", added="20221111", v1=True, a1="BLR",
                                                    a2="UKR", geo="BO")])
    server.files["/events/index.html"] = (
        "<html><body><ul>"
        f'<LI><A HREF="20221111.export.CSV.zip">20221111.export.CSV.zip</A> ({len(d3) / 1e6:.1f}MB) (MD5: {md5(d3)})</LI>\n'
        f'<LI><A HREF="20221109.export.CSV.zip">20221109.export.CSV.zip</A> ({len(d1) / 1e6:.1f}MB) (MD5: {md5(d1)})</LI>\n'
        "</ul></body></html>").encode()
    server.files["/events/20221109.export.CSV.zip"] = d1
    server.files["/events/20221111.export.CSV.zip"] = d3
    s = gdelt_fetch.fetch(store, "2022-11-09", "2022-11-11", version=1, dyad="UKR-BLR", base_url=server.url,
                          cache=tmp_path / "c", volume=False)
    assert s.expected == 3 and s.listed == 2
    assert s.not_published == ["20221110.export.CSV.zip"]  # the day GDELT 1.0 never published
    assert sorted(r["event_id"] for r in store.query("SELECT event_id FROM events_raw")) == ["100", "101"]
    assert {r["dataset"] for r in store.query("SELECT dataset FROM events_raw")} == {"gdelt1"}


def test_list_unreachable_is_a_fetch_error(store, tmp_path, monkeypatch):
    from dyadwatch.errors import FetchError
    from dyadwatch.sources import http

    monkeypatch.setattr(http, "backoff_delay", lambda *a, **k: 0.0)   # each retry still made, without its wait
    with pytest.raises(FetchError):
        gdelt_fetch.fetch(store, "2022-02-24", "2022-02-24", base_url="http://127.0.0.1:9", cache=tmp_path)


def test_expected_names():
    names = gdelt_fetch.expected_names(2, *gdelt_fetch._dates("2015-02-18", "2015-02-18"))
    assert names == ["20150218230000.export.CSV.zip", "20150218231500.export.CSV.zip",
                     "20150218233000.export.CSV.zip", "20150218234500.export.CSV.zip"]
    assert len(gdelt_fetch.expected_names(2, *gdelt_fetch._dates("2022-01-01", "2022-03-31"))) == 90 * 96
    with pytest.raises(Exception):
        gdelt_fetch._dates("2022-03-31", "2022-01-01")


def test_cli_uses_the_gdelt_url_setting(server, tmp_path, monkeypatch, capsys):
    from dyadwatch.cli import main

    v2_site(server)
    monkeypatch.setenv("DYADWATCH_GDELT_URL", server.url)
    monkeypatch.setenv("DYADWATCH_CACHE", str(tmp_path / "cache"))
    db = str(tmp_path / "s.duckdb")
    code = main(["fetch", "gdelt", "--from", "2022-02-24", "--to", "2022-02-24", "--dyad", "UKR-BLR", "--store", db])
    out, err = capsys.readouterr()
    assert code == 0
    assert "96 expected, 5 listed; 3 downloaded, 0 already cached, 92 not published by GDELT, 1 failed" in out
    assert "rows read 5, kept 4, quarantined 0, duplicates 0, outside the filter 1" in out  # truncated zip: failed
    assert f"failed: {BADMD5}" in err and "not published by GDELT (92)" in err
    assert (tmp_path / "cache" / "gdelt" / "v2" / GOOD).is_file()
    code = main(["fetch", "gdelt", "--from", "2022-02-24", "--to", "2022-02-24", "--dyad", "UKR-BLR", "--store", db,
                 "--json", "--no-volume"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["downloaded"] == 0 and data["cached"] == 3 and data["volume"] is None
    assert data["ingest"]["totals"]["rows_kept"] == 0
