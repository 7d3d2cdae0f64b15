"""The event lake's second writer: polars frames of typed rows straight to Parquet (the unfiltered GDELT ingest).

:func:`dyadwatch.store.lake.write` takes a SQL query, materialises its rows in a DuckDB temp table and
``COPY``s one file per partition; for a whole GDELT file that cost more than reading and checking it
(per 1M rows about 1.9 s of CPU to materialise, 2.3 s to encode, 0.6 s for a counting scan). A loader that
already holds its rows typed in polars hands them to a :class:`FrameWriter` instead:

- counts, months, the id range and the required-value check come from the frame itself (no scan);
- the rows are encoded by polars' Parquet writer (zstd, statistics, row groups of DuckDB's size) on a
  background thread, while the loader reads the next chunks; one batch at a time is in flight, so memory
  stays bounded (a batch is the rows of two reading chunks);
- the same files as ``lake.write``: one per dataset and month, the small months of a batch in one spill
  file (:func:`lake.plan`), each written under ``.tmp/``, fsynced, then renamed into place and catalogued
  in the caller's transaction by :func:`lake.publish` on the caller's thread; a rollback deletes them, a
  kill leaves them to the sweep;
- duplicates on ``(dataset, event_id)``: within a batch (the first line is kept); against the batches
  before it in this writer by their id ranges (GDELT's ids grow through a file: the ranges do not meet,
  and when they do the batch in flight is published first and read back like any stored file); against
  stored files by the partitions the rows fall in, reading only the row groups whose id range meets the
  batch's (the files this writer published are left out when their range does not meet it).
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from dyadwatch.schemas.events import LAKE_COLUMNS, REQUIRED
from dyadwatch.store import lake

ROW_GROUP = 122_880  # rows per Parquet row group: DuckDB's own, so both writers' files skip alike

_TYPES = {"VARCHAR": "String", "BIGINT": "Int64", "INTEGER": "Int32", "DOUBLE": "Float64", "DATE": "Date",
          "BOOLEAN": "Boolean", "TIMESTAMP": "Datetime"}


def lake_exprs():
    """polars expressions selecting the lake's columns (LAKE_COLUMNS), in order, each cast to its type."""
    import polars as pl

    out = []
    for name, typ in LAKE_COLUMNS:
        dtype = pl.Datetime("us") if typ == "TIMESTAMP" else getattr(pl, _TYPES[typ])
        out.append(pl.col(name).cast(dtype))
    return out


class FrameWriter:
    """Writes batches of event rows (polars frames with the lake's columns but ``file_sha`` and
    ``loaded_at``) as part files of one ingested file, inside the caller's transaction. Use as a context
    manager: ``close()`` publishes the last batch; leaving with an exception waits for the batch in flight
    and deletes it (published files go with the transaction's rollback)."""

    def __init__(self, store, *, file_sha: str, spill_rows: int | None = None, threaded: bool = True):
        if not store._in_tx:
            raise RuntimeError("FrameWriter must run inside store.transaction()")
        self.store, self.file_sha = store, file_sha
        self.spill_rows = lake.SPILL_ROWS if spill_rows is None else spill_rows
        # threaded=False: each batch encoded on the caller's thread (no gain for a file of one small batch)
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="dw-lake-write") if threaded else None
        self.pending: tuple[Future, object, list, dict] | None = None  # (encoding, tmp dir, staged, ranges)
        self.mine: dict[str, tuple[str, str, str]] = {}   # published path -> (dataset, lo, hi)
        self.rows: list[dict] = []                         # catalog rows published
        self.loaded_at = store.con.execute("SELECT CAST(current_timestamp AS TIMESTAMP)").fetchall()[0][0]

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is None:
            self.close()
        else:
            self.abort()
        return False

    # --- one batch -------------------------------------------------------------------------------------
    def add(self, frame) -> tuple[int, int]:
        """Write a batch (in line order); returns (rows kept, duplicates)."""
        import polars as pl

        from dyadwatch.errors import FormatError

        total = frame.height
        if not total:
            return 0, 0
        missing = [c for c in REQUIRED if c in frame.columns and frame[c].null_count()]
        if missing:  # the loaders quarantine such rows; one that slips through fails the file (as finalise)
            bad = frame.filter(pl.any_horizontal([pl.col(c).is_null() for c in missing]))
            line = bad["line"].min()
            raise FormatError(f"{bad.height} row(s) without {', '.join(missing)} (first at line {line}); "
                              "nothing of this file was stored", line=line)
        dataset = frame["dataset"][0]
        if not frame.select((pl.col("dataset") == dataset).all()).item():  # several datasets: one at a time
            got = [self.add(part) for part in frame.partition_by("dataset", maintain_order=True)]
            return sum(k for k, _ in got), sum(d for _, d in got)
        return self._add(frame, dataset)

    def _add(self, frame, dataset: str) -> tuple[int, int]:
        import polars as pl

        total = frame.height
        ids = frame["event_id"]
        # GDELT's ids grow through a file: strictly increasing numbers are distinct (checked in 0.02 s per 1M
        # rows, against 0.13 s for counting distinct values); otherwise the first line of an id stays
        rising = ids.cast(pl.Int64, strict=False)
        if not (rising.null_count() == 0 and (rising.diff().drop_nulls() > 0).all()) and ids.n_unique() < total:
            frame = frame.sort("line", maintain_order=True).filter(pl.col("event_id").is_first_distinct())
        ranges = {dataset: (ids.min(), ids.max())}  # as text: the order of the Parquet statistics and BETWEEN
        frame = frame.with_columns((pl.col("date").dt.year() * 100 + pl.col("date").dt.month()).alias("_m"))
        counts = {m: n for m, n in frame["_m"].value_counts().iter_rows()}
        months = {f"{m // 100:04d}-{m % 100:02d}": m for m in counts}
        if self.pending is not None and _meet(ranges, self.pending[3]):
            self._publish_pending()  # ids of the batch in flight could repeat here: read them back once stored
        frame, counts = self._drop_stored(frame, dataset, ranges[dataset], months, counts)
        kept = frame.height
        if kept:
            frame = frame.with_columns(pl.lit(self.file_sha, pl.String).alias("file_sha"),
                                       pl.lit(self.loaded_at, pl.Datetime("us")).alias("loaded_at"))
            jobs = lake.plan([(dataset, label, counts[m]) for label, m in months.items() if counts.get(m)],
                             self.spill_rows)
            tmp = lake._tmp_dir(self.store)
            staged = [(tmp / f"{i}.parquet", ds, first, last, n) for i, (ds, _, first, last, n) in enumerate(jobs)]
            keys = [[months[label] for label in ms] for _, ms, *_ in jobs]
            self._publish_pending()  # the batch before is encoded by now (it ran while these rows were read)
            if self.pool is not None:
                job = self.pool.submit(_encode, frame, keys, staged)
            else:
                job = Future()
                try:
                    job.set_result(_encode(frame, keys, staged))
                except BaseException as exc:  # published (and raised) like the thread's error
                    job.set_exception(exc)
            self.pending = (job, tmp, staged, ranges)
        return kept, total - kept

    def _drop_stored(self, frame, dataset: str, lo_hi: tuple[str, str], months: dict, counts: dict):
        """The rows whose event_id no catalogued file of the dataset in their months holds (files this
        writer published are left out when their id range does not meet this batch's), and the rows per
        month left."""
        import polars as pl

        lo, hi = lo_hi
        files = [p for p in lake.visible(self.store, dataset=dataset, months=sorted(months))
                 if p not in self.mine or _meet({dataset: lo_hi}, {self.mine[p][0]: self.mine[p][1:]})]
        if not files:
            return frame, counts
        listed = ", ".join(lake._lit(p) for p in lake.absolute(self.store, files))
        drop = [r[0] for r in self.store.con.execute(
            f"SELECT DISTINCT event_id FROM read_parquet([{listed}], hive_partitioning = false) "
            "WHERE dataset = ? AND event_id BETWEEN ? AND ?", [dataset, lo, hi]).fetchall()]
        if not drop:
            return frame, counts
        frame = frame.filter(~pl.col("event_id").is_in(pl.Series(drop, dtype=pl.String).implode()))
        return frame, {m: n for m, n in frame["_m"].value_counts().iter_rows()}

    # --- publishing ------------------------------------------------------------------------------------
    def _publish_pending(self) -> None:
        if self.pending is None:
            return
        future, tmp, staged, ranges = self.pending
        self.pending = None
        try:
            future.result()
            rows = lake.publish(self.store, staged, file_sha=self.file_sha, synced=True)
        finally:
            _drop_tmp(tmp)
        for r in rows:
            self.mine[r["path"]] = (r["dataset"], *ranges[r["dataset"]])
        self.rows += rows

    def close(self) -> list[dict]:
        """Publish the batch in flight; compact crowded partitions and refresh the view (once per file).
        Returns the catalog rows written."""
        try:
            self._publish_pending()
        finally:
            if self.pool is not None:
                self.pool.shutdown()
        if self.rows:
            lake.auto_compact(self.store, sorted({(r["dataset"], r["month"] if r["last_month"] is None else "*")
                                                  for r in self.rows}))
            lake.refresh_view(self.store)
        return self.rows

    def abort(self) -> None:
        if self.pending is not None:
            future, tmp, _, _ = self.pending
            self.pending = None
            future.exception()  # wait: the thread must not write into a folder being deleted
            _drop_tmp(tmp)
        if self.pool is not None:
            self.pool.shutdown()


def _meet(a: dict, b: dict) -> bool:
    """Whether two {dataset: (lo, hi)} id ranges share a dataset and overlap (ids compared as text, as
    the Parquet statistics and the check's BETWEEN do: any total order tells disjoint ranges apart)."""
    return any(ds in b and lo <= b[ds][1] and b[ds][0] <= hi for ds, (lo, hi) in a.items())


def _encode(frame, keys, staged) -> None:
    """On the writer thread: one Parquet file per planned job (its months' rows; a spill file sorted by
    date), each fsynced."""
    import polars as pl

    cols = lake_exprs()
    for months, (path, _, _, last, _) in zip(keys, staged):
        part = frame if len(keys) == 1 else frame.filter(
            pl.col("_m") == months[0] if len(months) == 1 else pl.col("_m").is_in(months))
        if last is not None:
            part = part.sort("date", maintain_order=True)
        part.select(cols).write_parquet(path, compression="zstd", statistics=True, row_group_size=ROW_GROUP)
        lake._fsync(path)


def _drop_tmp(tmp) -> None:
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    lake._release([tmp])
