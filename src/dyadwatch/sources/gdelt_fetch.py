"""Fetch GDELT event files for a date range, then ingest them (:func:`fetch`).

Where the lists are (under the ``DYADWATCH_GDELT_URL`` base, default ``http://data.gdeltproject.org``):

- 2.0: ``gdeltv2/masterfilelist.txt``, one ``<size> <md5> <url>`` line per file, three files (export,
  mentions, gkg) per 15-minute stamp since 20150218230000. Only ``YYYYMMDDHHMMSS.export.CSV.zip`` files
  whose stamp falls in the range are fetched (a stamp is when GDELT added the rows: DATEADDED).
- 1.0: ``events/index.html``, one link per daily ``YYYYMMDD.export.CSV.zip`` with its size and MD5.

URLs in the lists name GDELT's host; under another base (a mirror, a test server) they are rewritten onto it.

Guarantees: files download in parallel (a thread pool sharing one HTTP client) into
``<cache>/gdelt/v1|v2/``; each is streamed to ``.part``, resumed with a Range request after an interruption,
checked against the published size and MD5 and only then renamed; a file already in the cache that
matches its MD5 is not downloaded again. A stamp/day of the range missing from the list, or listed but
answered 404, is reported as *not published* (GDELT has gaps, e.g. the 1.0 daily files of 20221110 and
20230323) without failing; a file whose MD5 stays wrong after retries is reported as failed and not
ingested. The verified files are then ingested by :func:`dyadwatch.sources.gdelt.ingest` (idempotent by
content hash: fetching twice adds nothing), and, with ``volume=True``, ``normfiles/daily_country.csv`` by
:func:`ingest_volume`, which replaces the totals of the days a newer copy of the file repeats.
"""
from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyadwatch.errors import ChecksumError, FetchError, InputError

GDELT_HOST = "http://data.gdeltproject.org"
V2_START = dt.datetime(2015, 2, 18, 23, 0)
V1_DAILY_START = dt.date(2013, 4, 1)
_V2_RE = re.compile(r"/(\d{14})\.export\.CSV\.zip$", re.I)
_V1_LINK = re.compile(r'href="?([^" >]*?(\d{8})\.export\.CSV\.zip)"?[^\n]*', re.I)
_MD5 = re.compile(r"\b([0-9a-f]{32})\b", re.I)
_SIZE = re.compile(r"\(([\d.]+)\s*([KMG]?B)\)", re.I)


@dataclass
class Listed:
    name: str             # file name, e.g. 20220224000000.export.CSV.zip
    url: str
    md5: str | None
    size: int | None


@dataclass
class FetchSummary:
    version: int
    date_from: dt.date
    date_to: dt.date
    expected: int = 0                                   # stamps (v2) or days (v1) in the range
    listed: int = 0                                     # of those, in GDELT's list
    downloaded: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)     # already in the cache and verified
    not_published: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)     # verified local files, in order
    ingest: Any = None                                  # IngestSummary of the events
    volume: Any = None                                  # IngestSummary of the volume file (or None)

    def line(self) -> str:
        text = (f"gdelt {self.version}.0 {self.date_from}..{self.date_to}: {self.expected:,} expected, "
                f"{self.listed:,} listed; {len(self.downloaded):,} downloaded, {len(self.cached):,} already "
                f"cached, {len(self.not_published):,} not published by GDELT, {len(self.failed):,} failed")
        return text

    def as_dict(self) -> dict[str, Any]:
        return {"version": self.version, "from": self.date_from.isoformat(), "to": self.date_to.isoformat(),
                "expected": self.expected, "listed": self.listed, "downloaded": len(self.downloaded),
                "cached": len(self.cached), "not_published": self.not_published,
                "failed": [{"file": f, "reason": r} for f, r in self.failed],
                "summary": self.line(),
                "ingest": self.ingest.as_dict() if self.ingest else None,
                "volume": self.volume.as_dict() if self.volume else None}


def _base(base_url: str | None) -> str:
    from dyadwatch.settings import get

    return (base_url or get("gdelt_url") or GDELT_HOST).rstrip("/")


def _rebase(url: str, base: str) -> str:
    if base != GDELT_HOST and url.startswith(GDELT_HOST):
        return base + url[len(GDELT_HOST):]
    return url


def _dates(date_from, date_to) -> tuple[dt.date, dt.date]:
    try:
        a = date_from if isinstance(date_from, dt.date) else dt.date.fromisoformat(str(date_from))
        b = date_to if isinstance(date_to, dt.date) else dt.date.fromisoformat(str(date_to))
    except ValueError as exc:
        raise InputError(f"not a date YYYY-MM-DD: {exc}", hint="e.g. --from 2022-01-01 --to 2022-03-31") from None
    if b < a:
        raise InputError(f"--to {b} is before --from {a}")
    return a, b


def expected_names(version: int, a: dt.date, b: dt.date) -> list[str]:
    """Every file GDELT would publish for the range: 15-minute stamps (2.0) or days (1.0)."""
    if version == 2:
        t = max(dt.datetime.combine(a, dt.time()), V2_START)
        end = dt.datetime.combine(b, dt.time(23, 45))
        out = []
        while t <= end:
            out.append(t.strftime("%Y%m%d%H%M%S") + ".export.CSV.zip")
            t += dt.timedelta(minutes=15)
        return out
    d = max(a, V1_DAILY_START)
    out = []
    while d <= b:
        out.append(d.strftime("%Y%m%d") + ".export.CSV.zip")
        d += dt.timedelta(days=1)
    return out


def read_list(version: int, base: str, http, cache: Path | None = None) -> dict[str, Listed]:
    """GDELT's published list, by file name (export files only). Fetched through the one HTTP layer
    (retries, deadline, size cap); with `cache` (a folder) conditionally: the last copy is sent back
    with its ETag/Last-Modified and reused when the server answers 304 Not Modified."""
    from dyadwatch.sources import http as web

    url = f"{base}/gdeltv2/masterfilelist.txt" if version == 2 else f"{base}/events/index.html"
    try:
        if cache is not None:
            resp = web.get_cached(url, Path(cache) / ("masterfilelist.txt" if version == 2 else "index.html"),
                                  client=http, retries=3)
        else:
            resp = web.get(url, client=http, retries=3)
    except FetchError as exc:
        raise FetchError(f"{url}: cannot read the file list: {exc.message}", url=url, status=exc.status,
                         hint="check the network or the DYADWATCH_GDELT_URL setting") from None
    out: dict[str, Listed] = {}
    if version == 2:
        for line in resp.text.splitlines():
            parts = line.split()
            if len(parts) != 3 or not _V2_RE.search(parts[2]):
                continue
            size, md5, link = parts
            name = link.rsplit("/", 1)[-1]
            out[name] = Listed(name, _rebase(link, base), md5.lower(), int(size) if size.isdigit() else None)
        return out
    for m in _V1_LINK.finditer(resp.text):
        href, rest = m.group(1), m.group(0)
        name = href.rsplit("/", 1)[-1]
        link = href if href.startswith("http") else f"{base}/events/{name}"
        md5 = _MD5.search(rest[len(href):])
        out[name] = Listed(name, _rebase(link, base), md5.group(1).lower() if md5 else None, None)
    return out


def download_all(listed: list[Listed], dest: Path, summary: FetchSummary, *, workers: int = 8,
                 progress: bool = False, http=None) -> None:
    """Download (or find verified in the cache) every listed file, in parallel; fills `summary`."""
    from dyadwatch.sources.download import NotPublishedError, client, download, verified

    own = http is None
    http = http or client()
    bar = _progress(progress, len(listed))
    results: dict[str, Path] = {}
    try:
        todo = []
        for item in listed:
            path = dest / item.name
            if verified(path, item.md5, item.size):
                summary.cached.append(item.name)
                results[item.name] = path
                if bar:
                    bar[0].advance(bar[1])
            else:
                todo.append(item)
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            futures = {pool.submit(download, it.url, dest / it.name, md5=it.md5, size=it.size, http=http): it
                       for it in todo}
            for fut in as_completed(futures):
                it = futures[fut]
                try:
                    results[it.name] = fut.result()
                    summary.downloaded.append(it.name)
                except NotPublishedError:
                    summary.not_published.append(it.name)
                except (ChecksumError, FetchError) as exc:
                    summary.failed.append((it.name, str(exc)))
                if bar:
                    bar[0].advance(bar[1])
    finally:
        if bar:
            bar[0].stop()
        if own:
            http.close()
    summary.files = [results[i.name] for i in listed if i.name in results]
    summary.downloaded.sort()
    summary.not_published.sort()
    summary.failed.sort()


def fetch(store, date_from, date_to, *, version: int = 2, dyad=None, volume: bool = True, workers: int = 8,
          progress: bool = False, base_url: str | None = None, cache: str | Path | None = None) -> FetchSummary:
    """Fetch and ingest GDELT `version` (1 or 2) event files from `date_from` to `date_to` (see the module
    docstring). `dyad` ('UKR-BLR') keeps only the rows that touch it. Returns a FetchSummary."""
    from dyadwatch.settings import cache_dir
    from dyadwatch.sources import gdelt
    from dyadwatch.sources.download import client

    if version not in (1, 2):
        raise InputError(f"GDELT version must be 1 or 2, not {version}")
    a, b = _dates(date_from, date_to)
    base = _base(base_url)
    root = Path(cache) if cache else cache_dir() / "gdelt"
    summary = FetchSummary(version, a, b)
    with client() as http:
        published = read_list(version, base, http, cache=root / "lists")
        wanted = expected_names(version, a, b)
        summary.expected = len(wanted)
        listed = [published[n] for n in wanted if n in published]
        summary.listed = len(listed)
        summary.not_published = [n for n in wanted if n not in published]
        download_all(listed, root / f"v{version}", summary, workers=workers, progress=progress, http=http)
        summary.ingest = gdelt.ingest(store, [str(p) for p in summary.files], dyad=dyad, progress=progress) \
            if summary.files else None
        if volume:
            summary.volume = fetch_volume(store, base=base, dest=root / "normfiles", http=http, summary=summary)
    return summary


def fetch_volume(store, *, base: str, dest: Path, http, summary: FetchSummary | None = None):
    """Download normfiles/daily_country.csv afresh (GDELT rewrites it daily) and ingest it."""
    from dyadwatch.sources.download import NotPublishedError, download

    url = f"{base}/normfiles/daily_country.csv"
    try:
        path = download(url, dest / "daily_country.csv", http=http)
    except (NotPublishedError, FetchError) as exc:
        if summary is not None:
            summary.failed.append(("normfiles/daily_country.csv", str(exc)))
        return None
    return ingest_volume(store, [str(path)])


def _load_volume_replacing(tx, item):
    """gdelt.load_volume_file, then drop the totals an older copy of the file holds for the same days."""
    from dyadwatch.sources.gdelt import load_volume_file

    counts = load_volume_file(tx, item)
    tx.execute("""DELETE FROM events_volume o WHERE o.file_sha <> ? AND EXISTS (
        SELECT 1 FROM events_volume n WHERE n.file_sha = ? AND n.date = o.date AND n.fips = o.fips)""",
               [item.sha256, item.sha256])
    return counts


def ingest_volume(store, sources, progress: bool = False):
    """Ingest daily_country.csv copies; each newer copy supersedes the days it repeats (no double counting)."""
    from dyadwatch.sources.ingest import ingest_files

    return ingest_files(store, sources, kind="gdelt-volume", loader=_load_volume_replacing, suffixes=(".csv",),
                        progress=progress)


def _progress(enabled: bool, total: int):
    if not enabled or total < 2:
        return None
    from rich.progress import Progress

    bar = Progress(transient=True)
    task = bar.add_task("fetch gdelt", total=total)
    bar.start()
    return bar, task
