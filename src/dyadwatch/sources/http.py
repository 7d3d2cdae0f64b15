"""A small shared HTTP helper: GET with timeouts, retries on 429/5xx honouring Retry-After, no secrets out.

    resp = get("https://api.example.org/v1/data", params={"q": "x"},
               headers={"Ocp-Apim-Subscription-Key": key}, secret_headers=("Ocp-Apim-Subscription-Key",))
    resp.status, resp.text, resp.json(), resp.retrieved_at, resp.attempts

Rules every connector gets for free:

- A request is retried on 429, 500-599, timeouts and connection errors, up to ``retries`` times, with
  exponential backoff (``backoff * 2**n`` seconds, capped at ``max_wait``); a ``Retry-After`` header (seconds or
  an HTTP date) is honoured. A Retry-After longer than ``max_wait`` fails at once ("the rate limit does not
  clear") rather than hanging.
- Other 4xx answers fail at once with :class:`~dyadwatch.errors.FetchError` carrying the status.
- Secrets never leave: values of ``secret_headers`` and any ``secrets`` are scrubbed from every message,
  log line and exception, and URLs are logged without them. Put keys in headers, not in query strings.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dyadwatch.errors import FetchError

log = logging.getLogger("dyadwatch.http")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))
USER_AGENT = "dyadwatch (+https://github.com/dyadwatch)"


@dataclass
class Response:
    url: str                 # the request URL (query string included, secrets never in it)
    status: int
    text: str
    retrieved_at: str        # ISO 8601 UTC, seconds
    attempts: int
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        try:
            return json.loads(self.text)
        except ValueError as exc:
            snippet = self.text[:120].replace("\n", " ")
            raise FetchError(f"{self.url}: the answer is not valid JSON ({exc.msg} at char {exc.pos}); "
                             f"it starts {snippet!r}", url=self.url, status=self.status,
                             hint="the service may be down or behind a proxy; retry later") from None


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
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def _display_url(url: str, params: Mapping[str, Any] | None) -> str:
    if not params:
        return url
    from urllib.parse import urlencode
    clean = {k: v for k, v in params.items() if v is not None}
    return f"{url}?{urlencode(clean)}" if clean else url


def get(url: str, *, params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None,
        timeout: float = 60.0, retries: int = 4, backoff: float = 1.0, max_wait: float = 120.0,
        secret_headers: Iterable[str] = (), secrets: Iterable[str] = (),
        sleep: Callable[[float], None] = time.sleep, client=None) -> Response:
    """GET `url` with retries; return the final 2xx :class:`Response` or raise :class:`FetchError`."""
    import httpx

    headers = dict(headers or {})
    headers.setdefault("User-Agent", USER_AGENT)
    hidden = [headers[h] for h in secret_headers if headers.get(h)] + [s for s in secrets if s]
    shown = _scrub(_display_url(url, params), hidden)
    clean_params = {k: v for k, v in (params or {}).items() if v is not None}
    own = client is None
    client = client or httpx.Client(timeout=timeout, follow_redirects=True)
    last_problem = "no attempt made"
    last_status: int | None = None
    try:
        for attempt in range(1, retries + 2):
            wait = min(max_wait, backoff * (2 ** (attempt - 1)))
            try:
                r = client.get(url, params=clean_params, headers=headers, timeout=timeout)
            except httpx.TimeoutException:
                last_problem, last_status = f"timed out after {timeout:g} s", None
                log.warning("GET %s: %s (attempt %d of %d)", shown, last_problem, attempt, retries + 1)
            except httpx.TransportError as exc:
                last_problem, last_status = _scrub(f"connection failed: {type(exc).__name__}: {exc}", hidden), None
                log.warning("GET %s: %s (attempt %d of %d)", shown, last_problem, attempt, retries + 1)
            else:
                retrieved = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
                body = r.text
                if 200 <= r.status_code < 300:
                    log.info("GET %s: %d (%d bytes, attempt %d)", shown, r.status_code, len(body), attempt)
                    return Response(shown, r.status_code, body, retrieved, attempt, dict(r.headers))
                last_status = r.status_code
                detail = _scrub(_error_detail(body), hidden)
                last_problem = f"HTTP {r.status_code}" + (f": {detail}" if detail else "")
                if r.status_code not in RETRY_STATUSES:
                    raise FetchError(f"GET {shown} failed: {last_problem}", url=shown, status=r.status_code,
                                     hint=_hint(r.status_code))
                asked = retry_after_seconds(r.headers.get("Retry-After"))
                if asked is not None:
                    if asked > max_wait:
                        raise FetchError(
                            f"GET {shown}: {last_problem}; the service asks to wait {asked:g} s (Retry-After), "
                            f"more than the {max_wait:g} s limit: the rate limit does not clear",
                            url=shown, status=r.status_code, hint="try again later or with a subscription key")
                    wait = asked
                log.warning("GET %s: %s (attempt %d of %d)", shown, last_problem, attempt, retries + 1)
            if attempt <= retries:
                sleep(wait)
        raise FetchError(f"GET {shown} failed after {retries + 1} attempts: {last_problem}", url=shown,
                         status=last_status, hint=_hint(last_status))
    finally:
        if own:
            client.close()


def _error_detail(body: str) -> str:
    """A short reason from an error body (JSON 'message'/'error' when present)."""
    text = body.strip()
    if not text:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
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
