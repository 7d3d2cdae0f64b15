"""HTTP downloads into the cache: streamed to ``<dest>.part``, resumed with a Range request after an
interruption, checked (size, MD5) and only then renamed to ``dest`` — so a file under its final name is
always complete and verified, and an interrupted run leaves at most a ``.part`` that the next run continues.

    download(url, dest, md5="…", size=123)        # -> dest; raises NotPublishedError, ChecksumError, FetchError
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from dyadwatch.errors import ChecksumError, FetchError

CHUNK = 1 << 20
RETRIES = 3
TIMEOUT = 60.0


class NotPublishedError(FetchError):
    """The server answered 404/410: the file does not exist there (GDELT never published it)."""


def md5_of(path: str | os.PathLike) -> str:
    h = hashlib.md5()  # noqa: S324 (GDELT publishes MD5 sums; not used for security)
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def verified(path: Path, md5: str | None, size: int | None) -> bool:
    """Whether `path` exists and matches the published size and MD5 (when given)."""
    if not path.is_file():
        return False
    if size is not None and path.stat().st_size != size:
        return False
    return md5 is None or md5_of(path) == md5.lower()


def client(timeout: float = TIMEOUT):
    """An HTTP client to share between downloads (threads); redirects are followed by the HTTP layer."""
    from dyadwatch.sources.http import new_client

    return new_client(timeout)


def download(url: str, dest: str | os.PathLike, *, md5: str | None = None, size: int | None = None,
             http=None, retries: int = RETRIES, backoff: float = 0.5) -> Path:
    """Download `url` to `dest` (see the module docstring). `http` is a client to share (threads); every
    attempt goes through the one HTTP layer (redirect and credential rules, deadline, size cap)."""
    from dyadwatch.sources.http import backoff_delay

    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    own = http is None
    http = http or client()
    try:
        last: Exception | None = None
        for attempt in range(retries):
            try:
                _stream(http, url, part, size)
            except NotPublishedError:
                raise
            except FetchError as exc:
                if exc.status is not None and 400 <= exc.status < 500 and exc.status not in (408, 429):
                    raise
                last = exc
                time.sleep(backoff_delay(attempt + 1, backoff, 30.0))
                continue
            except OSError as exc:
                last = exc
                time.sleep(backoff_delay(attempt + 1, backoff, 30.0))
                continue
            got_size = part.stat().st_size
            if size is not None and got_size != size:
                last = ChecksumError(f"{url}: {got_size:,} bytes received, {size:,} published",
                                     hint="the download was cut or the file changed; run the command again")
            elif md5 is not None and md5_of(part) != md5.lower():
                last = ChecksumError(f"{url}: MD5 {md5_of(part)} differs from the published {md5.lower()}",
                                     hint="the file is corrupt on the server or in transit; run again later")
            else:
                os.replace(part, dest)
                return dest
            part.unlink(missing_ok=True)  # a bad complete file: start again from zero
        if isinstance(last, (ChecksumError, FetchError)):
            raise last
        raise FetchError(f"{url}: download failed after {retries} attempts: {last}",
                         hint="check the network, the disk space, or the DYADWATCH_GDELT_URL setting")
    finally:
        if own:
            http.close()


def _stream(http, url: str, part: Path, size: int | None = None) -> None:
    """GET into `part`, continuing an existing partial file with a Range request when the server allows."""
    from dyadwatch.sources.http import MAX_BYTES, stream_to

    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    cap = max(size * 2, MAX_BYTES) if size else 8 * 1024 ** 3
    try:
        stream_to(url, part, headers=headers, append_if_partial=bool(have), client=http, max_bytes=cap,
                  ok=lambda s: 200 <= s < 300 or s == 416)
    except FetchError as exc:
        if exc.status in (404, 410):
            raise NotPublishedError(f"{url}: not published (HTTP {exc.status})", url=url, status=exc.status) from None
        raise
