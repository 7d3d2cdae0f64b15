"""A faulty HTTP server on 127.0.0.1 (http.server in a thread) for the reliability suite.

Each path is a behaviour: ``/ok``, ``/429`` (Retry-After), ``/500``, ``/hang`` (never answers),
``/drip`` (one byte every 0.1 s, forever), ``/huge`` (an endless body), ``/gzip-broken``, ``/json-broken``,
``/echo`` (echoes the request headers in the body), ``/loop`` (redirects to itself), ``/to?url=…``
(redirects anywhere), ``/etag`` (conditional GET), ``/cut`` (a body shorter than its Content-Length).
With ``server.comtrade`` set, the Comtrade preview path loops, sends broken gzip, drips, or answers two
records of which one has ``refYear: "abc"``.
Every request is recorded with its headers in ``server.requests``.
"""
from __future__ import annotations

import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class FaultyServer:
    def __init__(self):
        self.requests: list[dict] = []
        self.counts: dict[str, int] = {}
        self.stop = threading.Event()
        self.comtrade: str | None = None   # how /public/v1/preview/… answers: loop, gzip, drip, records
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _send(self, status, body=b"", headers=None):
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                if "Content-Length" not in (headers or {}):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                self._handle(body)

            def do_GET(self):  # noqa: N802
                self._handle(b"")

            def _handle(self, body):
                u = urlparse(self.path)
                q = parse_qs(u.query)
                outer.requests.append({"method": self.command, "path": u.path, "query": q,
                                       "headers": dict(self.headers), "body": body})
                outer.counts[u.path] = outer.counts.get(u.path, 0) + 1
                n = outer.counts[u.path]
                try:
                    self._route(u.path, q, n)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _route(self, path, q, n):
                if path.startswith("/public/v1/preview/") and outer.comtrade:
                    mode = outer.comtrade
                    path = {"loop": "/loop", "gzip": "/gzip-broken", "drip": "/drip"}.get(mode, path)
                    if mode == "records":
                        body = json.dumps({"elapsedTime": "0.1 secs", "count": 2, "error": "", "data": [
                            {"freqCode": "A", "refYear": 2021, "period": "2021", "reporterCode": 804,
                             "reporterISO": "UKR", "flowCode": "X", "partnerCode": 112, "partnerISO": "BLR",
                             "cmdCode": "TOTAL", "primaryValue": 1.0e9, "fobvalue": 1.0e9, "partner2Code": 0,
                             "customsCode": "C00", "motCode": 0},
                            {"freqCode": "A", "refYear": "abc", "reporterCode": 804, "reporterISO": "UKR",
                             "flowCode": "M", "partnerCode": 112, "partnerISO": "BLR", "cmdCode": "TOTAL",
                             "primaryValue": 2.0e9, "partner2Code": 0, "customsCode": "C00", "motCode": 0}]})
                        self._send(200, body.encode(), {"Content-Type": "application/json"})
                        return
                    if path == "/loop":
                        self._send(302, b"", {"Location": self.path})
                        return
                if path == "/ok":
                    self._send(200, b'{"ok": true}', {"Content-Type": "application/json"})
                elif path == "/429":
                    if n <= int(q.get("times", ["1"])[0]):
                        self._send(429, b'{"message": "slow down"}', {"Retry-After": q.get("after", ["1"])[0]})
                    else:
                        self._send(200, b"done")
                elif path == "/500":
                    if n <= int(q.get("times", ["1"])[0]):
                        self._send(503, b"Service Unavailable")
                    else:
                        self._send(200, b"done")
                elif path == "/hang":
                    outer.stop.wait(30)
                elif path == "/drip":
                    self.send_response(200)
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    for _ in range(100000):
                        if outer.stop.is_set():
                            return
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.1)
                elif path == "/huge":
                    self.send_response(200)
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    chunk = b"y" * 65536
                    for _ in range(100000):  # ~6.5 GB if nobody stops reading
                        if outer.stop.is_set():
                            return
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                elif path == "/gzip-broken":
                    body = gzip.compress(b'{"data": []}' * 100)
                    body = body[:10] + bytes(b ^ 0x5A for b in body[10:40]) + body[40:]  # corrupt deflate
                    self._send(200, body, {"Content-Encoding": "gzip", "Content-Type": "application/json"})
                elif path == "/json-broken":
                    self._send(200, b'{"data": [1, 2', {"Content-Type": "application/json"})
                elif path == "/echo":
                    self._send(200, json.dumps({"data": [], "headers": dict(self.headers)}).encode(),
                               {"Content-Type": "application/json"})
                elif path == "/loop":
                    self._send(302, b"", {"Location": "/loop"})
                elif path == "/to":
                    self._send(int(q.get("status", ["302"])[0]), b"", {"Location": q["url"][0]})
                elif path == "/etag":
                    if self.headers.get("If-None-Match") == '"v1"':
                        self._send(304, b"", {"ETag": '"v1"'})
                    else:
                        self._send(200, b"list v1\n", {"ETag": '"v1"', "Last-Modified": "Sat, 05 Dec 2026 10:00:00 GMT"})
                elif path == "/cut":
                    self.send_response(200)
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    self.wfile.write(b"z" * 10)
                    self.wfile.flush()
                    self.close_connection = True
                else:
                    self._send(404, b"not here")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def seen(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]

    def close(self):
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
