"""Download OpenSanctions exports (never bundled: the data are CC BY-NC 4.0; the user fetches them).

The base URL is the ``sanctions_url`` setting (DYADWATCH_SANCTIONS_URL, default
https://data.opensanctions.org); a dataset's exports live at ``{base}/datasets/latest/{dataset}/{file}``
with ``entities.ftm.json`` (FollowTheMoney JSON lines) and ``targets.simple.csv`` (simplified CSV).
"""
from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

from dyadwatch.errors import EmptyResultError, FetchError, InputError

FILES = {"ftm": "entities.ftm.json", "csv": "targets.simple.csv"}
DATASET_RE = re.compile(r"^[a-z0-9_]+$")


def dataset_url(dataset: str, fmt: str = "ftm", base: str | None = None) -> str:
    from dyadwatch import settings

    if not DATASET_RE.match(dataset or ""):
        raise InputError(f"dataset name {dataset!r} must be lower case letters, digits and _ (e.g. sanctions, eu_fsf)")
    if fmt not in FILES:
        raise InputError(f"unknown format {fmt!r}", hint="use ftm or csv")
    base = (base or settings.get("sanctions_url") or "").rstrip("/")
    return f"{base}/datasets/latest/{dataset}/{FILES[fmt]}"


def download(url: str, dest_dir: Path | None = None, *, retries: int = 2, timeout: float = 60.0) -> Path:
    """Stream `url` to the cache (written to a .part file, renamed when complete); returns the path."""
    import httpx

    from dyadwatch.settings import cache_dir

    dest_dir = Path(dest_dir or cache_dir() / "sanctions")
    dest_dir.mkdir(parents=True, exist_ok=True)
    name = url.rstrip("/").rsplit("/", 1)[-1] or "download"
    parent = url.rstrip("/").rsplit("/", 2)[-2] if url.count("/") > 3 else "file"
    dest = dest_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:10]}-{parent}-{name}"
    part = dest.with_suffix(dest.suffix + ".part")
    last: Exception | None = None
    for attempt in range(retries + 1):
        try:
            with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as resp:
                if resp.status_code == 404:
                    raise FetchError(f"{url}: not found (HTTP 404)", url=url, status=404,
                                     hint="check the dataset name and DYADWATCH_SANCTIONS_URL")
                if resp.status_code >= 500 and attempt < retries:
                    last = FetchError(f"{url}: HTTP {resp.status_code}", url=url, status=resp.status_code)
                    time.sleep(0.2 * (attempt + 1))
                    continue
                if resp.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {resp.status_code}", url=url, status=resp.status_code)
                size = 0
                with open(part, "wb") as fh:
                    for chunk in resp.iter_bytes(1 << 16):
                        fh.write(chunk)
                        size += len(chunk)
                expected = resp.headers.get("content-length")
                if expected is not None and int(expected) != size and not resp.headers.get("content-encoding"):
                    raise FetchError(f"{url}: download truncated ({size} of {expected} bytes)", url=url)
            if size == 0:
                part.unlink(missing_ok=True)
                raise EmptyResultError(f"{url}: the server returned an empty file")
            part.replace(dest)
            return dest
        except httpx.HTTPError as exc:
            part.unlink(missing_ok=True)
            last = FetchError(f"{url}: {type(exc).__name__}: {exc}", url=url)
            if attempt < retries:
                time.sleep(0.2 * (attempt + 1))
                continue
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    raise last or FetchError(f"{url}: failed", url=url)


def fetch(store, dataset: str = "sanctions", fmt: str = "ftm", *, base: str | None = None, progress: bool = False):
    """Download a dataset export and ingest it (see :func:`dyadwatch.sanctions.ftm.ingest`)."""
    from dyadwatch.sanctions.ftm import ingest

    url = dataset_url(dataset, fmt, base)
    path = download(url)
    return ingest(store, path, fmt=fmt, url=url, progress=progress)
