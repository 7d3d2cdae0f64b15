"""Download OpenSanctions exports (never bundled: the data are CC BY-NC 4.0; the user fetches them).

The base URL is the ``sanctions_url`` setting (DYADWATCH_SANCTIONS_URL, default
https://data.opensanctions.org); a dataset's exports live at ``{base}/datasets/latest/{dataset}/{file}``
with ``entities.ftm.json`` (FollowTheMoney JSON lines) and ``targets.simple.csv`` (simplified CSV).
"""
from __future__ import annotations

import hashlib
import re
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
    """Stream `url` to the cache through the one HTTP layer (written to a .part file, renamed when complete;
    redirects, deadline, size cap and retries as in :mod:`dyadwatch.sources.http`); returns the path."""
    from dyadwatch.settings import cache_dir
    from dyadwatch.sources.download import NotPublishedError, client
    from dyadwatch.sources.download import download as fetch_file

    dest_dir = Path(dest_dir or cache_dir() / "sanctions")
    dest_dir.mkdir(parents=True, exist_ok=True)
    name = url.rstrip("/").rsplit("/", 1)[-1] or "download"
    parent = url.rstrip("/").rsplit("/", 2)[-2] if url.count("/") > 3 else "file"
    dest = dest_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:10]}-{parent}-{name}"
    with client(timeout) as http:
        try:
            path = fetch_file(url, dest, http=http, retries=retries + 1, backoff=0.2)
        except NotPublishedError:
            raise FetchError(f"{url}: not found (HTTP 404)", url=url, status=404,
                             hint="check the dataset name and DYADWATCH_SANCTIONS_URL") from None
    if path.stat().st_size == 0:
        path.unlink(missing_ok=True)
        raise EmptyResultError(f"{url}: the server returned an empty file")
    return path


def fetch(store, dataset: str = "sanctions", fmt: str = "ftm", *, base: str | None = None, progress: bool = False):
    """Download a dataset export and ingest it (see :func:`dyadwatch.sanctions.ftm.ingest`)."""
    from dyadwatch.sanctions.ftm import ingest

    url = dataset_url(dataset, fmt, base)
    path = download(url)
    return ingest(store, path, fmt=fmt, url=url, progress=progress)
