"""Loopback stand-ins for `dyadwatch update` tests and the benchmark, in the real services' shapes, on one
http.server on 127.0.0.1:

- GDELT 2.0: ``/gdeltv2/masterfilelist.txt`` (``size md5 url`` lines for the export, mentions and gkg file of
  each 15-minute stamp), zipped 61-column export files, ``/normfiles/daily_country.csv``;
- UN Comtrade+ v1: ``/public/v1/preview/C/{A|M}/HS`` answering the v1 JSON envelope (test_trade_fetch's records);
- OpenSanctions: ``/datasets/latest/<dataset>/index.json`` and ``entities.ftm.json``;
- a webhook sink: ``POST /hook`` records JSON bodies.

``down`` holds path prefixes that answer HTTP 503 (or 404 for a missing dataset) to make one source fail.
"""
from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from test_gdelt_fetch import gdelt_row, md5, zipped
from test_trade_fetch import VALUES, answer_for

GDELT_HOST = "http://data.gdeltproject.org"
FTM = Path(__file__).parent / "fixtures" / "sanctions" / "designations.ftm.json"


class StandIns:
    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.master: list[str] = []
        self.requests: list[tuple[str, str]] = []
        self.hooks: list = []
        self.hook_status = 200
        self.down: dict[str, int] = {}        # path prefix -> HTTP status to answer
        self.slow: dict[str, float] = {}      # path prefix -> seconds to wait before answering
        self.values = dict(VALUES)
        self._ids = 1000
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body=b"", ctype="application/octet-stream"):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_POST(self):  # noqa: N802
                outer.requests.append(("POST", self.path))
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if outer.hook_status == 200:
                    outer.hooks.append(json.loads(body))
                self._send(outer.hook_status, b"{}", "application/json")

            def do_GET(self):  # noqa: N802
                u = urlparse(self.path)
                outer.requests.append(("GET", u.path))
                for prefix, seconds in list(outer.slow.items()):
                    if u.path.startswith(prefix):
                        time.sleep(seconds)
                for prefix, status in list(outer.down.items()):
                    if u.path.startswith(prefix):
                        return self._send(status, b"service unavailable")
                if u.path.startswith("/public/v1/preview/"):
                    data = json.dumps(answer_for(parse_qs(u.query), outer.values)).encode()
                    return self._send(200, data, "application/json")
                if u.path == "/gdeltv2/masterfilelist.txt":
                    return self._send(200, ("\n".join(outer.master) + "\n").encode(), "text/plain")
                body = outer.files.get(u.path)
                if body is None:
                    return self._send(404, b"not found")
                rng = self.headers.get("Range")
                start = int(rng.split("=")[1].split("-")[0]) if rng else 0
                self._send(206 if rng else 200, body[start:])

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.files["/normfiles/daily_country.csv"] = b""
        self.dataset("sanctions", FTM.read_bytes(), version="20261201000000-abc")

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def env(self, monkeypatch_or_dict, cache: Path):
        values = {"DYADWATCH_GDELT_URL": self.url, "DYADWATCH_COMTRADE_URL": self.url,
                  "DYADWATCH_SANCTIONS_URL": self.url, "DYADWATCH_CACHE": str(cache)}
        if isinstance(monkeypatch_or_dict, dict):
            monkeypatch_or_dict.update(values)
        else:
            for k, v in values.items():
                monkeypatch_or_dict.setenv(k, v)
        return values

    # --- GDELT ----------------------------------------------------------------------------------------
    def publish(self, when: dt.datetime, n: int = 3, *, conflict: int = 0, day: dt.date | None = None) -> str:
        """Publish one 15-minute export file stamped `when` with n UKR-BLR rows (`conflict` of them material
        conflict, quad class 4) and one row outside the dyad; returns the file name."""
        stamp = when.strftime("%Y%m%d%H%M%S")
        date = (day or when.date()).strftime("%Y%m%d")
        rows = []
        for i in range(n):
            self._ids += 1
            quad = "4" if i < conflict else "1"
            code = "190" if i < conflict else "040"
            rows.append(gdelt_row(self._ids, date=date, added=stamp, code=code, quad=quad,
                                  a1="UKR" if i % 2 else "BLR", a2="BLR" if i % 2 else "UKR"))
        self._ids += 1
        rows.append(gdelt_row(self._ids, a1="USA", a2="FRA", geo="FR", date=date, added=stamp))
        body = zipped(f"{stamp}.export.CSV", rows)
        name = f"{stamp}.export.CSV.zip"
        self.files[f"/gdeltv2/{name}"] = body
        self.master.append(f"{len(body)} {md5(body)} {GDELT_HOST}/gdeltv2/{name}")
        self.master.append(f"2345 {'1' * 32} {GDELT_HOST}/gdeltv2/{stamp}.mentions.CSV.zip")
        self.master.append(f"3456 {'2' * 32} {GDELT_HOST}/gdeltv2/{stamp}.gkg.csv.zip")
        self.files["/normfiles/daily_country.csv"] += f"{date},UP,{1000 + n}\n{date},BO,{200 + n}\n".encode()
        return name

    def count(self, suffix: str) -> int:
        return sum(1 for m, p in self.requests if p.endswith(suffix))

    def gdelt_downloads(self) -> list[str]:
        return [p.rsplit("/", 1)[-1] for m, p in self.requests if p.endswith(".export.CSV.zip")]

    # --- OpenSanctions ---------------------------------------------------------------------------------
    def dataset(self, name: str, body: bytes, version: str) -> None:
        base = f"/datasets/latest/{name}"
        self.files[f"{base}/entities.ftm.json"] = body
        self.files[f"{base}/index.json"] = json.dumps({
            "name": name, "title": name, "version": version, "updated_at": version[:8],
            "resources": [{"name": "entities.ftm.json", "url": f"{self.url}{base}/entities.ftm.json",
                           "mime_type": "application/json+ftm", "checksum": md5(body), "size": len(body)}]}).encode()
