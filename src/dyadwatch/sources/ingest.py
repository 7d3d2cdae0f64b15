"""Streaming file ingest shared by every bulk source: ledger, quarantine, one transaction per file, summary.

A source supplies a *loader*: ``loader(tx, item) -> Counts``. It runs inside the file's transaction, reads
``item.path`` (a plain local file: archives are already unpacked, URLs already downloaded), inserts its
rows, quarantines bad rows with :func:`quarantine` and returns what it counted. This module does the rest:

- expands folders (sorted, filtered by the source's suffixes), downloads URLs into the cache;
- knows every file by the sha256 of its bytes as given (the ``.zip``, not its member): a file already in
  ``ingest_ledger`` for this kind is skipped, so ingesting twice adds nothing (for a plain file the hash is
  computed on a thread while the loader scans, and checked against the ledger before the file commits:
  see :func:`_ingest_plain`);
- writes the file's rows, its quarantine rows and its ledger row in ONE transaction: a crash, a kill or a
  bad file leaves no partial rows, and a rerun picks up exactly the files that did not commit;
- a file that cannot be read at all (truncated zip, wrong column count, empty) fails alone, with its reason;
  the other files still load;
- returns an :class:`IngestSummary` whose ``line()`` says rows read, kept, quarantined, duplicates.

    summary = ingest_files(store, ["a.CSV.zip", "folder/"], kind="gdelt", loader=load_gdelt,
                           suffixes=(".csv", ".csv.zip", ".tsv"))
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Future

from dyadwatch.errors import DyadwatchError, FormatError, InputError

CHUNK = 1 << 22  # 4 MiB reads: hashing and unpacking never hold a file in memory


@dataclass
class Counts:
    rows_read: int = 0
    rows_kept: int = 0
    rows_quarantined: int = 0
    rows_duplicate: int = 0
    rows_filtered: int = 0      # valid rows left out by a filter (e.g. --dyad); neither kept nor bad
    note: str | None = None


class Item:
    """One input file as the loader sees it.

    `sha256` (of the bytes as given) and `lines` (newline count of the plain file: rows read, for
    line-based formats) may still be being computed on a helper thread while the loader scans the file;
    reading either waits for them."""

    def __init__(self, source: str, path: Path, sha256: "str | Future", lines: int | None, kind: str,
                 options: dict[str, Any] | None = None):
        self.source = source        # what the user gave (path or URL)
        self.path = path            # a plain local file (unpacked when the source is a .zip)
        self._hashed = sha256 if lines is None else (sha256, lines)
        self.kind = kind
        self.options = options or {}

    _fallback = None  # hasher(path) used when the loader was to hash the file and has not (yet)

    def _get(self) -> tuple:
        if not isinstance(self._hashed, tuple):
            if self._fallback is not None and not self._hashed.done():
                self._hashed.set_result(self._fallback(self.path))
            self._hashed = self._hashed.result()
        return self._hashed

    def set_hashed(self, digest: str, lines: int, bad_utf8: dict[int, bytes] | None = None) -> None:
        """For a loader that hashes the file in its own read (see ``ingest_files(hasher=...)``)."""
        if not isinstance(self._hashed, tuple) and not self._hashed.done():
            self._hashed.set_result((digest, lines, bad_utf8 or {}))

    @property
    def hashing_in_loader(self) -> bool:
        return self._fallback is not None and not isinstance(self._hashed, tuple) and not self._hashed.done()

    @property
    def bad_utf8(self) -> dict[int, bytes] | None:
        """{line: raw bytes} of the lines that are not UTF-8, when the hash pass looked (else None)."""
        got = self._get()
        return got[2] if len(got) > 2 else None

    @property
    def sha256(self) -> str:
        return self._get()[0]

    @property
    def lines(self) -> int:
        return self._get()[1]


@dataclass
class FileResult:
    source: str
    sha256: str | None
    status: str                 # ingested | skipped | failed
    counts: Counts = field(default_factory=Counts)
    message: str | None = None

    def as_dict(self) -> dict[str, Any]:
        c = self.counts
        return {"file": self.source, "sha256": self.sha256, "status": self.status, "rows_read": c.rows_read,
                "rows_kept": c.rows_kept, "rows_quarantined": c.rows_quarantined,
                "rows_duplicate": c.rows_duplicate, "rows_filtered": c.rows_filtered, "message": self.message}


@dataclass
class IngestSummary:
    kind: str
    files: list[FileResult] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(f.counts, name) for f in self.files)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    def line(self) -> str:
        n = {s: sum(1 for f in self.files if f.status == s) for s in ("ingested", "skipped", "failed")}
        text = (f"{self.kind}: {len(self.files)} file(s) ({n['ingested']} ingested, {n['skipped']} already in "
                f"the store, {n['failed']} failed); rows read {self.total('rows_read'):,}, kept "
                f"{self.total('rows_kept'):,}, quarantined {self.total('rows_quarantined'):,}, duplicates "
                f"{self.total('rows_duplicate'):,}")
        if self.total("rows_filtered"):
            text += f", outside the filter {self.total('rows_filtered'):,}"
        return text

    def as_dict(self) -> dict[str, Any]:
        keys = ("rows_read", "rows_kept", "rows_quarantined", "rows_duplicate", "rows_filtered")
        return {"kind": self.kind, "files": [f.as_dict() for f in self.files],
                "totals": {k: self.total(k) for k in keys}, "summary": self.line()}


Loader = Callable[[Any, Item], Counts]


# --- files ------------------------------------------------------------------------------------------
def is_url(text: str) -> bool:
    return str(text).startswith(("http://", "https://"))


def expand(sources: Iterable[str | os.PathLike], suffixes: Sequence[str]) -> list[str]:
    """Paths and URLs in the order given; folders become their matching files, sorted by name."""
    out: list[str] = []
    for src in sources:
        s = str(src)
        if is_url(s):
            out.append(s)
            continue
        p = Path(s)
        if p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.is_file() and f.name.lower().endswith(tuple(suffixes)))
            if not found:
                raise InputError(f"no {'/'.join(suffixes)} files in the folder {p}",
                                 hint="point at the files, or at a folder that holds them")
            out.extend(found)
        elif p.is_file():
            out.append(s)
        else:
            raise InputError(f"no such file or folder: {p}", hint="check the path")
    return out


def sha256_and_lines(path: str | os.PathLike) -> tuple[str, int]:
    """The file's sha256 and its line count in one pass. hashlib releases the GIL on large buffers, so each
    chunk is hashed on a helper thread while this one counts its newlines."""
    from concurrent.futures import ThreadPoolExecutor

    h = hashlib.sha256()
    lines = 0
    last = b"\n"
    with open(path, "rb") as f, ThreadPoolExecutor(max_workers=1) as pool:
        pending = None
        while chunk := f.read(CHUNK):
            if pending is not None:
                pending.result()  # chunks are hashed in order
            pending = pool.submit(h.update, chunk)
            lines += chunk.count(b"\n")
            last = chunk[-1:]
        if pending is not None:
            pending.result()
    if last != b"\n":
        lines += 1  # a last line without newline
    return h.hexdigest(), lines


def count_lines(path: str | os.PathLike) -> int:
    return sha256_and_lines(path)[1]


@contextlib.contextmanager
def plain_file(path: str | os.PathLike, source: str | None = None,
               lines: int | None = None) -> Iterator[tuple[Path, int]]:
    """Yield (a plain local file, its line count): a .zip is unpacked (one member) into a temp file.
    `lines`, when the caller already counted a plain file's lines, saves a second pass over it."""
    p = Path(path)
    if not zipfile.is_zipfile(p):
        if p.suffix.lower() == ".zip":
            raise FormatError("not a readable zip archive (truncated or corrupt)", file=source or str(p),
                              hint="download it again; `dyadwatch fetch` checks sizes and MD5 sums")
        yield p, lines if lines is not None else count_lines(p)
        return
    tmpdir = tempfile.mkdtemp(prefix="dyadwatch-unzip-")
    try:
        try:
            with zipfile.ZipFile(p) as zf:
                members = [m for m in zf.infolist() if not m.is_dir()]
                if len(members) != 1:
                    raise FormatError(f"expected one file in the archive, found {len(members)}",
                                      file=source or str(p))
                out = Path(tmpdir) / Path(members[0].filename).name
                lines, last = 0, b"\n"
                with zf.open(members[0]) as src, open(out, "wb") as dst:
                    while chunk := src.read(CHUNK):
                        dst.write(chunk)
                        lines += chunk.count(b"\n")
                        last = chunk[-1:]
                if last != b"\n":
                    lines += 1
        except (zipfile.BadZipFile, EOFError, OSError, zlib_error()) as exc:
            raise FormatError(f"cannot unpack the zip archive: {exc}", file=source or str(p),
                              hint="the file is truncated or corrupt; download it again") from None
        yield out, lines
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def zlib_error():
    import zlib
    return zlib.error


# --- store helpers ------------------------------------------------------------------------------------
def quarantine(tx, sha256: str, kind: str, rows: Iterable[tuple[int | None, str, str | None]]) -> int:
    """Record bad rows as (line, reason, raw text); returns how many."""
    rows = [(sha256, kind, line, reason, raw) for line, reason, raw in rows]
    tx.insert_rows("quarantine", ["ledger_sha256", "kind", "line", "reason", "raw"], rows)
    return len(rows)


def record_ledger(tx, item: Item, counts: Counts) -> None:
    tx.execute("INSERT INTO ingest_ledger (sha256, path, kind, rows_read, rows_kept, rows_quarantined, "
               "rows_duplicate, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [item.sha256, item.source, item.kind, counts.rows_read, counts.rows_kept, counts.rows_quarantined,
                counts.rows_duplicate, counts.note])


def _fetch_url(url: str, kind: str) -> Path:
    """Download a URL once into the cache (`<cache>/<kind>/<file name>`); later calls reuse the file."""
    from dyadwatch.settings import cache_dir
    from dyadwatch.sources.download import download

    dest = cache_dir() / kind / url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    if not dest.exists():
        download(url, dest)
    return dest


def ingest_files(store, sources: Iterable[str | os.PathLike], *, kind: str, loader: Loader,
                 suffixes: Sequence[str] = (), options: dict[str, Any] | None = None,
                 progress: bool = False, ledger_kind: str | None = None,
                 hasher: Callable[[Any], tuple] | None = None) -> IngestSummary:
    """Ingest every file (see the module docstring). Never raises for one bad file; raises InputError when
    an input path does not exist. `ledger_kind` (default `kind`) keys idempotency, so a filtered and an
    unfiltered ingest of the same file can be told apart by the caller.

    `hasher(path) -> (digest, lines[, bad_utf8])` replaces the sha256 (GDELT uses an xxh3 pass that also
    finds the lines that are not UTF-8). With a hasher, a plain file is first looked up by a cheap key
    (size, modification time, inode) in ``ingest_file_keys``; a hit is confirmed by the content hash alone
    (no load), so re-ingesting a known file costs one read of it."""
    ledger_kind = ledger_kind or kind
    # a hasher may carry `digest_only(path) -> digest`: the same digest without the line count
    summary = IngestSummary(kind)
    files = expand(sources, suffixes)
    bar = _progress(progress, len(files), kind)
    try:
        with bounded(store):
            for src in files:
                summary.files.append(_ingest_one(store, src, kind, ledger_kind, loader, options or {}, hasher))
                if bar:
                    bar[0].advance(bar[1])
    finally:
        if bar:
            bar[0].stop()
    return summary


@contextlib.contextmanager
def bounded(store):
    """While ingesting: DuckDB's memory limit from the memory_limit setting (DYADWATCH_MEMORY_LIMIT,
    default 768MB; DuckDB spills to the store's .tmp folder beyond it, so memory stays bounded whatever
    the file size), and no DuckDB progress bar (it prints to stdout and would corrupt --json output)."""
    from dyadwatch.settings import get

    store.execute("SET enable_progress_bar = false")
    want = get("memory_limit")
    if not want:
        yield
        return
    try:
        store.execute(f"SET memory_limit = '{want.replace(chr(39), '')}'")
    except Exception as exc:
        raise InputError(f"DYADWATCH_MEMORY_LIMIT={want!r} is not a memory size: {str(exc).splitlines()[0]}",
                         hint="use a size such as 768MB or 2GB, or leave it empty") from None
    try:
        yield
    finally:
        store.execute("RESET memory_limit")  # DuckDB's default (the store never sets its own)


class _AlreadyIngested(Exception):
    """Raised inside a file's transaction when its hash, computed alongside the load, is in the ledger."""


def _ingest_one(store, src: str, kind: str, ledger_kind: str, loader: Loader, options: dict,
                hasher=None) -> FileResult:
    hashed = None
    try:
        local = _fetch_url(src, kind) if is_url(src) else Path(src)
        plain = not zipfile.is_zipfile(local) and local.suffix.lower() != ".zip"
        if hasher is not None and plain:
            key = _file_key(local)
            known = _known_digest(store, key, ledger_kind)
            if known is not None:  # a cheap-key hit: confirm with the content hash, then skip without a load
                digest = getattr(hasher, "digest_only", lambda p: hasher(p)[0])(local)
                if digest == known and store.ledger_has(known, ledger_kind):
                    return FileResult(src, known, "skipped", message="already ingested (same content)")
        # inside a caller's open transaction a rollback or an interrupt would undo the caller's work too,
        # so there the hash and the ledger come first, as for archives
        if hashed is None and not getattr(store, "_in_tx", False) and plain:
            if getattr(hasher, "in_loader", False):
                return _ingest_hashed_by_loader(store, src, local, ledger_kind, loader, options, hasher)
            return _ingest_plain(store, src, local, ledger_kind, loader, options, hasher)
        if hashed is None and hasher is not None and not plain and hasattr(hasher, "digest_only"):
            hashed = (hasher.digest_only(local), None)  # an archive: its lines are counted when unpacked
        hashed = hashed or (hasher or sha256_and_lines)(local)
        sha, lines = hashed[0], hashed[1]
    except DyadwatchError as exc:
        return FileResult(src, None, "failed", message=str(exc))
    except OSError as exc:
        return FileResult(src, None, "failed", message=f"{src}: cannot read: {exc}")
    if store.ledger_has(sha, ledger_kind):
        return FileResult(src, sha, "skipped", message="already ingested (same content)")
    try:
        with plain_file(local, src, lines) as (plain, lines):
            item = Item(src, plain, sha, lines, ledger_kind, options)
            if plain == local and len(hashed) > 2:
                item._hashed = hashed
            with store.transaction() as tx:
                counts = loader(tx, item)
                record_ledger(tx, item, counts)
                if hasher is not None and plain == local:
                    _record_key(tx, _file_key(local), ledger_kind, sha)
    except DyadwatchError as exc:
        return FileResult(src, sha, "failed", message=str(exc))
    except Exception as exc:  # the engine refused the file (encoding, parse, constraint): fail this file only
        if not _is_duckdb(exc):
            raise
        return FileResult(src, sha, "failed", message=f"{src}: cannot load: {str(exc).splitlines()[0]}")
    return FileResult(src, sha, "ingested", counts)


def _is_duckdb(exc: BaseException) -> bool:
    return type(exc).__module__.split(".")[0] in ("duckdb", "_duckdb")


def _file_key(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns, st.st_ino


def _known_digest(store, key: tuple[int, int, int], ledger_kind: str) -> str | None:
    rows = store.execute("SELECT digest FROM ingest_file_keys WHERE kind = ? AND size = ? AND mtime_ns = ? "
                         "AND inode = ?", [ledger_kind, *key]).fetchall()
    return rows[0][0] if rows else None


def _record_key(tx, key: tuple[int, int, int], ledger_kind: str, digest: str) -> None:
    tx.execute("DELETE FROM ingest_file_keys WHERE kind = ? AND size = ? AND mtime_ns = ? AND inode = ?",
               [ledger_kind, *key])
    tx.execute("INSERT INTO ingest_file_keys (kind, size, mtime_ns, inode, digest) VALUES (?, ?, ?, ?, ?)",
               [ledger_kind, *key, digest])


def _ingest_plain(store, src: str, local: Path, ledger_kind: str, loader: Loader, options: dict,
                  hasher=None) -> FileResult:
    """A plain (not zipped) file: its sha256 and line count are computed on a helper thread WHILE the
    loader scans it (hashlib and DuckDB both release the GIL), instead of in a pass before. As soon as the
    hash is known the thread looks it up in the ledger (on its own cursor) and, when the file is already
    in the store, interrupts the load, so a re-ingest still costs about one hash of the file. Whatever
    the timing, the ledger is checked again inside the transaction before it commits: a file already in
    the store rolls back and is reported as skipped, so nothing is ever added twice."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    if not local.is_file():
        raise OSError(f"no such file: {local}")
    state = {"loading": False, "dup": False}
    lock = threading.Lock()
    cursor = store.con.cursor()  # a second connection: readable while the main one is busy loading

    def hash_and_check() -> tuple:
        hashed = (hasher or sha256_and_lines)(local)
        sha = hashed[0]
        dup = cursor.execute("SELECT count(*) FROM ingest_ledger WHERE sha256 = ? AND kind = ?",
                             [sha, ledger_kind]).fetchall()[0][0] > 0
        with lock:
            state["dup"] = dup
            if dup and state["loading"]:
                store.con.interrupt()  # the loader's running query stops; its transaction rolls back
        return hashed

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(hash_and_check)
    item = Item(src, local, future, None, ledger_kind, options)
    try:
        try:
            with store.transaction() as tx:
                with lock:
                    state["loading"] = not state["dup"]
                if state["dup"]:
                    raise _AlreadyIngested
                try:
                    counts = loader(tx, item)
                finally:
                    with lock:
                        state["loading"] = False
                item.sha256  # wait for the hash (and its ledger lookup) before anything is recorded
                if state["dup"] or store.ledger_has(item.sha256, ledger_kind):
                    raise _AlreadyIngested
                record_ledger(tx, item, counts)
                if hasher is not None:
                    _record_key(tx, _file_key(local), ledger_kind, item.sha256)
        except _AlreadyIngested:
            return FileResult(src, item.sha256, "skipped", message="already ingested (same content)")
        except DyadwatchError as exc:
            return FileResult(src, _sha_or_none(future), "failed", message=str(exc))
        except Exception as exc:
            if not _is_duckdb(exc):
                raise
            if _sha_or_none(future) is not None and state["dup"]:
                return FileResult(src, item.sha256, "skipped", message="already ingested (same content)")
            return FileResult(src, _sha_or_none(future), "failed",
                              message=f"{src}: cannot load: {str(exc).splitlines()[0]}")
    finally:
        future.exception()  # never leave the thread running (its own errors surface through item.sha256)
        pool.shutdown()
        cursor.close()
    return FileResult(src, item.sha256, "ingested", counts)


def _ingest_hashed_by_loader(store, src: str, local: Path, ledger_kind: str, loader: Loader, options: dict,
                             hasher) -> FileResult:
    """A plain file whose loader computes the content hash and line count in the same read that parses it
    (``item.set_hashed``; a hasher marked ``in_loader``): one read of the file, no helper thread. A known
    file was already skipped by its cheap key; a copy of a known file (another key) is loaded, and its
    ledger check inside the transaction rolls it back and reports it skipped."""
    from concurrent.futures import Future

    if not local.is_file():
        raise OSError(f"no such file: {local}")
    item = Item(src, local, Future(), None, ledger_kind, options)
    item._fallback = hasher
    try:
        with store.transaction() as tx:
            counts = loader(tx, item)
            if store.ledger_has(item.sha256, ledger_kind):
                raise _AlreadyIngested
            record_ledger(tx, item, counts)
            _record_key(tx, _file_key(local), ledger_kind, item.sha256)
    except _AlreadyIngested:
        return FileResult(src, item.sha256, "skipped", message="already ingested (same content)")
    except DyadwatchError as exc:
        return FileResult(src, item.sha256, "failed", message=str(exc))
    except Exception as exc:
        if not _is_duckdb(exc):
            raise
        return FileResult(src, item.sha256, "failed", message=f"{src}: cannot load: {str(exc).splitlines()[0]}")
    return FileResult(src, item.sha256, "ingested", counts)


def _sha_or_none(future) -> str | None:
    try:
        return future.result()[0]
    except Exception:
        return None


def _progress(enabled: bool, total: int, kind: str):
    if not enabled or total < 2:
        return None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)  # stdout stays clean for tables and --json
    task = bar.add_task(f"ingest {kind}", total=total)
    bar.start()
    return bar, task
