"""The one HTTP layer: every request dyadwatch makes to the network goes through :func:`request`.

    resp = get("https://api.example.org/v1/data", params={"q": "x"},
               headers={"Ocp-Apim-Subscription-Key": key}, secret_headers=("Ocp-Apim-Subscription-Key",))
    resp.status, resp.text, resp.json(), resp.retrieved_at, resp.attempts
    request("POST", webhook_url, json={"text": "…"}, retries=2)       # webhooks
    stream_to(url, path_part, headers={"Range": "bytes=100-"})        # downloads (sources/download.py)
    get_cached(url, cache_file)                                       # conditional GET (ETag/Last-Modified)

Policy every caller gets (docs/reliability.md lists it with its tests):

- **Retries** on 429, 5xx, timeouts and connection errors, up to ``retries`` times, with exponential backoff
  and jitter (a wait is drawn between half and all of ``backoff * 2**n``, capped at ``max_wait``). A
  ``Retry-After`` header (seconds or an HTTP date) is honoured; one longer than ``max_wait`` fails at once
  ("the rate limit does not clear") rather than hanging. Other 4xx answers fail at once.
- **A total deadline per attempt** (``deadline``, default ``timeout``): a server that drips bytes cannot hold
  a request longer than that, whatever the per-read timeout.
- **A size cap** (``max_bytes``): bodies are streamed and counted as they arrive (after decompression, so a
  gzip bomb is caught too); past the cap the request fails. Nothing is ever held whole beyond the cap.
- **Redirects are followed here, not by httpx**, at most ``max_redirects``; a loop is an error. Credentials
  (``secret_headers``, plus Authorization and Cookie) are dropped as soon as a redirect changes the origin
  (scheme, host or port) or goes from https to http; they never reach another origin.
- **Secrets never leave**: values of ``secret_headers`` and ``secrets`` are scrubbed from every message, log
  line, exception and response body (a server echoing the key cannot put it into a cache file).
- **Clean errors**: a bad gzip body, invalid JSON, a truncated body, a redirect loop, an oversized answer,
  a deadline: each is one :class:`~dyadwatch.errors.FetchError` (exit 4) naming the URL.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from dyadwatch.errors import FetchError

log = logging.getLogger("dyadwatch.http")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))
REDIRECTS = frozenset({301, 302, 303, 307, 308})
ALWAYS_SECRET = ("Authorization", "Cookie", "Proxy-Authorization")
USER_AGENT = "dyadwatch (+https://github.com/dyadwatch)"
MAX_BYTES = 256 * 1024 * 1024        # default size cap of one answer
MAX_REDIRECTS = 5


@dataclass
class Response:
    url: str                 # the request URL (query string included, secrets never in it)
    status: int
    text: str
    retrieved_at: str        # ISO 8601 UTC, seconds
    attempts: int
    headers: dict[str, str] = field(default_factory=dict)
    final_url: str | None = None   # after redirects
    size: int = 0                  # bytes received (decoded)
    from_cache: bool = False

    def json(self) -> Any:
        try:
            return json.loads(self.text)
        except RecursionError:
            raise FetchError(f"{self.url}: the answer is JSON nested too deeply to read", url=self.url,
                             status=self.status) from None
        except ValueError as exc:
            snippet = self.text[:120].replace("\n", " ")
            raise FetchError(f"{self.url}: the answer is not valid JSON ({exc.msg} at char {exc.pos}); "
                             f"it starts {snippet!r}", url=self.url, status=self.status,
                             hint="the service may be down or behind a proxy; retry later") from None


class _Retryable(Exception):
    """One attempt failed in a way worth retrying (message already scrubbed)."""

    def __init__(self, problem: str, status: int | None = None, wait: float | None = None):
        super().__init__(problem)
        self.problem, self.status, self.wait = problem, status, wait


def _scrub(text: str, secrets: Iterable[str]) -> str:
    for s in secrets:
        if s:
            text = text.replace(s, "***")
    return text


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None when absent/unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds and seconds != float("inf") else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def backoff_delay(attempt: int, backoff: float, max_wait: float, rng: Callable[[], float] = random.random) -> float:
    """The wait before retry `attempt` (1-based): between half and all of backoff·2^(attempt-1), capped."""
    base = min(max_wait, backoff * (2 ** (attempt - 1)))
    return base * (0.5 + 0.5 * rng())


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def _display_url(url: str, params: Mapping[str, Any] | None) -> str:
    if not params:
        return url
    from urllib.parse import urlencode
    clean = {k: v for k, v in params.items() if v is not None}
    return f"{url}?{urlencode(clean)}" if clean else url


def new_client(timeout: float = 60.0):
    """An httpx client for sharing between requests (threads): redirects are left to this layer."""
    import httpx

    return httpx.Client(timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT})


class _Buffer:
    """The default sink: collects the body in memory (bounded by the size cap)."""

    def __init__(self):
        self.parts: list[bytes] = []

    def __call__(self, resp):
        return self.parts.append

    def value(self) -> bytes:
        return b"".join(self.parts)


def request(method: str, url: str, *, params: Mapping[str, Any] | None = None,
            headers: Mapping[str, str] | None = None, json: Any = None, content: bytes | None = None,
            timeout: float = 60.0, deadline: float | None = None, retries: int = 4, backoff: float = 1.0,
            max_wait: float = 120.0, max_bytes: int = MAX_BYTES, max_redirects: int = MAX_REDIRECTS,
            secret_headers: Iterable[str] = (), secrets: Iterable[str] = (),
            sleep: Callable[[float], None] = time.sleep, client=None, sink=None, decode: bool = True,
            ok: Callable[[int], bool] | None = None) -> Response:
    """Make one HTTP request under the policy of the module docstring; return the final :class:`Response`
    or raise :class:`FetchError`. `sink(resp)` may return a writer for the body (downloads); by default the
    body is collected into ``Response.text``. `ok(status)` says which final statuses count as success
    (default 2xx); others raise FetchError with ``status`` set. `deadline` bounds one attempt in seconds."""
    import httpx

    headers = dict(headers or {})
    headers.setdefault("User-Agent", USER_AGENT)
    secret_names = {h.lower() for h in secret_headers} | {h.lower() for h in ALWAYS_SECRET}
    hidden = [v for k, v in headers.items() if k.lower() in secret_names and v] + [s for s in secrets if s]
    shown = _scrub(_display_url(url, params), hidden)
    clean_params = {k: v for k, v in (params or {}).items() if v is not None}
    deadline = timeout if deadline is None else deadline
    ok = ok or (lambda s: 200 <= s < 300)
    own = client is None
    client = client or new_client(timeout)
    last_problem, last_status = "no attempt made", None
    try:
        for attempt in range(1, retries + 2):
            wait = backoff_delay(attempt, backoff, max_wait)
            buffer = _Buffer() if sink is None else None
            try:
                status, resp_headers, final, size = _attempt(
                    client, method, url, clean_params, headers, json, content, timeout, deadline, max_bytes,
                    max_redirects, secret_names, hidden, shown, ok, sink or buffer, decode)
            except _Retryable as exc:
                last_problem, last_status = exc.problem, exc.status
                if exc.wait is not None:
                    if exc.wait > max_wait:
                        raise FetchError(
                            f"{method} {shown}: {last_problem}; the service asks to wait {exc.wait:g} s "
                            f"(Retry-After), more than the {max_wait:g} s limit: the rate limit does not clear",
                            url=shown, status=exc.status, hint="try again later or with a subscription key") from None
                    wait = exc.wait
                log.warning("%s %s: %s (attempt %d of %d)", method, shown, last_problem, attempt, retries + 1)
            except httpx.TimeoutException:
                last_problem, last_status = f"timed out after {timeout:g} s", None
                log.warning("%s %s: %s (attempt %d of %d)", method, shown, last_problem, attempt, retries + 1)
            except httpx.DecodingError as exc:
                raise FetchError(f"{method} {shown}: the answer's compressed body is broken "
                                 f"({_scrub(str(exc), hidden)[:160]})", url=shown,
                                 hint="the server or a proxy sent a corrupt body; retry later") from None
            except (httpx.InvalidURL, UnicodeEncodeError) as exc:
                raise FetchError(f"{method} {shown}: not a usable request ({_scrub(str(exc), hidden)[:160]})",
                                 url=shown, hint="check the base URL setting and the key") from None
            except (httpx.TransportError, httpx.StreamError) as exc:
                last_problem = _scrub(f"connection failed: {type(exc).__name__}: {exc}", hidden)
                last_status = None
                log.warning("%s %s: %s (attempt %d of %d)", method, shown, last_problem, attempt, retries + 1)
            else:
                retrieved = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
                text = ""
                if buffer is not None:
                    text = _scrub(buffer.value().decode("utf-8", errors="replace"), hidden)
                log.info("%s %s: %d (%d bytes, attempt %d)", method, shown, status, size, attempt)
                return Response(shown, status, text, retrieved, attempt, resp_headers,
                                _scrub(final, hidden), size)
            if attempt <= retries:
                sleep(wait)
        raise FetchError(f"{method} {shown} failed after {retries + 1} attempts: {last_problem}", url=shown,
                         status=last_status, hint=_hint(last_status))
    finally:
        if own:
            client.close()


def _attempt(client, method, url, params, headers, json_body, content, timeout, deadline, max_bytes,
             max_redirects, secret_names, hidden, shown, ok, sink, decode):
    """One attempt with its redirects; returns (status, headers, final url, bytes)."""
    start = time.monotonic()
    seen = {url}
    current, hops = url, 0
    first_origin = origin(url)
    send_headers = dict(headers)
    while True:
        req = client.build_request(method, current, params=(params or None) if hops == 0 else None, headers=send_headers,
                                   json=json_body, content=content, timeout=timeout)
        resp = client.send(req, stream=True, follow_redirects=False)
        try:
            status = resp.status_code
            if status in REDIRECTS and resp.headers.get("Location"):
                target = urljoin(str(resp.request.url), resp.headers["Location"])
                hops += 1
                if target in seen or hops > max_redirects:
                    what = "a redirect loop" if target in seen else f"more than {max_redirects} redirects"
                    raise FetchError(f"{method} {shown}: {what} (last to {_scrub(target, hidden)})", url=shown,
                                     status=status, hint="the service is misconfigured; check the base URL")
                seen.add(target)
                old, new = origin(current), origin(target)
                if new[0] not in ("http", "https"):
                    raise FetchError(f"{method} {shown}: redirected to a non-web URL {_scrub(target, hidden)!r}",
                                     url=shown, status=status)
                if new != first_origin or new != old or (old[0] == "https" and new[0] == "http"):
                    dropped = [k for k in send_headers if k.lower() in secret_names]
                    for k in dropped:
                        del send_headers[k]
                    if dropped:
                        log.info("%s %s: redirected to another origin; credentials not forwarded", method, shown)
                if status == 303 or (status in (301, 302) and method not in ("GET", "HEAD")):
                    method, json_body, content = "GET", None, None
                current = target
                continue
            if status in RETRY_STATUSES:
                body = _read_limited(resp, 64 * 1024, start, deadline, decode=True, tolerant=True)
                detail = _scrub(_error_detail(body.decode("utf-8", errors="replace")), hidden)
                raise _Retryable(f"HTTP {status}" + (f": {detail}" if detail else ""), status,
                                 retry_after_seconds(resp.headers.get("Retry-After")))
            if not ok(status):
                body = _read_limited(resp, 64 * 1024, start, deadline, decode=True, tolerant=True)
                detail = _scrub(_error_detail(body.decode("utf-8", errors="replace")), hidden)
                raise FetchError(f"{method} {shown} failed: HTTP {status}" + (f": {detail}" if detail else ""),
                                 url=shown, status=status, hint=_hint(status))
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes and not resp.headers.get("Content-Encoding"):
                raise FetchError(f"{method} {shown}: the answer is {int(length):,} bytes, more than the "
                                 f"{max_bytes:,}-byte limit", url=shown, status=status,
                                 hint="narrow the request, or raise the limit if the file is genuine")
            write = sink(resp)
            size = 0
            chunks = resp.iter_bytes() if decode else resp.iter_raw()
            for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{method} {shown}: the answer exceeds the {max_bytes:,}-byte limit",
                                     url=shown, status=status,
                                     hint="narrow the request, or raise the limit if the file is genuine")
                write(chunk)
                if time.monotonic() - start > deadline:
                    raise _Retryable(f"timed out after {deadline:g} s (total deadline; {size:,} bytes received)")
            if length and length.isdigit() and not resp.headers.get("Content-Encoding") and size < int(length):
                raise _Retryable(f"the answer was cut: {size:,} of {int(length):,} bytes")
            return status, dict(resp.headers), str(resp.request.url), size
        finally:
            resp.close()


def _read_limited(resp, limit: int, start: float, deadline: float, *, decode: bool, tolerant: bool) -> bytes:
    """Up to `limit` bytes of an error body, within the deadline; a broken body reads as empty."""
    import httpx

    out = bytearray()
    try:
        for chunk in (resp.iter_bytes() if decode else resp.iter_raw()):
            out += chunk
            if len(out) >= limit or time.monotonic() - start > deadline:
                break
    except (httpx.HTTPError, httpx.StreamError):
        if not tolerant:
            raise
    return bytes(out[:limit])


def get(url: str, *, params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None,
        timeout: float = 60.0, retries: int = 4, backoff: float = 1.0, max_wait: float = 120.0,
        secret_headers: Iterable[str] = (), secrets: Iterable[str] = (),
        sleep: Callable[[float], None] = time.sleep, client=None, deadline: float | None = None,
        max_bytes: int = MAX_BYTES) -> Response:
    """GET `url` with retries; return the final 2xx :class:`Response` or raise :class:`FetchError`."""
    return request("GET", url, params=params, headers=headers, timeout=timeout, retries=retries, backoff=backoff,
                   max_wait=max_wait, secret_headers=secret_headers, secrets=secrets, sleep=sleep, client=client,
                   deadline=deadline, max_bytes=max_bytes)


def stream_to(url: str, write_to: Path, *, headers: Mapping[str, str] | None = None, append_if_partial: bool = False,
              client=None, timeout: float = 60.0, deadline: float = 1800.0, max_bytes: int = 8 * 1024 ** 3,
              ok: Callable[[int], bool] | None = None) -> Response:
    """Stream a GET's raw body into `write_to` (one attempt; the caller retries and verifies). With
    `append_if_partial`, a 206 answer is appended to the file (a resumed download); otherwise it is rewritten.
    Bytes of a cut transfer stay in the file, so the caller can resume."""
    holder: dict[str, Any] = {}

    def sink(resp):
        if resp.status_code == 416:  # nothing left to send: keep the file as it is
            return lambda chunk: None
        mode = "ab" if (append_if_partial and resp.status_code == 206) else "wb"
        fh = open(write_to, mode)  # noqa: SIM115 - closed below
        holder["fh"] = fh
        return fh.write

    try:
        return request("GET", url, headers=headers, client=client, timeout=timeout, deadline=deadline, retries=0,
                       max_bytes=max_bytes, sink=sink, decode=False, ok=ok)
    finally:
        if "fh" in holder:
            holder["fh"].close()


def get_cached(url: str, cache_file: Path, *, client=None, timeout: float = 60.0, retries: int = 3,
               sleep: Callable[[float], None] = time.sleep, max_bytes: int = MAX_BYTES) -> Response:
    """A conditional GET: the last answer is kept in `cache_file` (its body) and `cache_file`.meta.json (the
    response's ETag and Last-Modified only, never a request header); the next call sends If-None-Match /
    If-Modified-Since and reads the body back from the cache on 304 Not Modified."""
    cache_file = Path(cache_file)
    meta_file = cache_file.with_name(cache_file.name + ".meta.json")
    meta: dict[str, str] = {}
    if cache_file.is_file() and meta_file.is_file():
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            meta = {}
    headers = {}
    if meta.get("etag"):
        headers["If-None-Match"] = meta["etag"]
    if meta.get("last_modified"):
        headers["If-Modified-Since"] = meta["last_modified"]
    resp = request("GET", url, headers=headers, client=client, timeout=timeout, retries=retries, sleep=sleep,
                   max_bytes=max_bytes, ok=lambda s: 200 <= s < 300 or (s == 304 and bool(headers)))
    if resp.status == 304:
        resp.text = cache_file.read_text(encoding="utf-8", errors="replace")
        resp.from_cache = True
        return resp
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache_file.with_name(cache_file.name + ".tmp")
    tmp.write_text(resp.text, encoding="utf-8")
    tmp.replace(cache_file)
    lower = {k.lower(): v for k, v in resp.headers.items()}
    meta = {"url": resp.url, "retrieved_at": resp.retrieved_at}
    if lower.get("etag"):
        meta["etag"] = lower["etag"]
    if lower.get("last-modified"):
        meta["last_modified"] = lower["last-modified"]
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    return resp


def _error_detail(body: str) -> str:
    """A short reason from an error body (JSON 'message'/'error' when present)."""
    text = body.strip()
    if not text:
        return ""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return text[:200].replace("\n", " ")
    if isinstance(data, dict):
        for key in ("message", "error", "detail", "title"):
            if data.get(key):
                return str(data[key])[:200]
    return text[:200].replace("\n", " ")


def _hint(status: int | None) -> str:
    if status in (401, 403):
        return "the key is missing, wrong or not subscribed to this product"
    if status == 404:
        return "check the base URL and the request parameters"
    if status == 429:
        return "the rate limit did not clear; wait and retry, or use a subscription key"
    if status is not None and status >= 500:
        return "the service failed; retry later"
    return "check the network and the base URL"
