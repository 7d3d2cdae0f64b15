"""From typed rows in a polars frame to the event lake: :func:`event_rows.finalise` without DuckDB temp tables.

``ingest gdelt --dyad`` has its candidate rows checked and typed in polars already (``gdelt_typed``);
handing them to :func:`~dyadwatch.sources.event_rows.finalise` meant a replacement scan, a view, a count
query, a realm table, a temp table of the rows and one ``COPY`` per file: about 0.16 s for 20,000 rows,
most of it fixed cost. :func:`finalise_frame` does the same steps on the frame, in the same order and with
the same results:

1. each distinct published country code mapped to ISO3 through the crosswalk (``event_rows.iso3_of``);
2. the dyad rule (:func:`dyad_expr`, the polars twin of ``event_rows.dyad_sql``; a test compares them on
   every combination of codes);
3. a row without dataset, event id or date fails the file (the loaders quarantine such rows first);
4. the same ``(dataset, event_id)`` twice among the rows: the first line is kept; ids already in the lake's
   files of the months the rows fall in (within the rows' id range) are duplicates;
5. the realm from ``event_mapping.realm_sql()`` — the one definition — run by DuckDB on the distinct
   combinations of its inputs only (a few hundred rows), joined back;
6. the files written by :func:`dyadwatch.store.lake.write_frame` (polars' zstd Parquet writer, the same
   partitions, spill files, fsyncs, renames and catalog rows as ``lake.write``).

Returns ``(kept, duplicates, outside the dyad)`` like ``finalise``.
"""
from __future__ import annotations

from dyadwatch.sources.event_rows import COUNTRY_COLUMNS, REALM_INPUTS, STAGE_COLUMNS, iso3_of, q


def dyad_expr(a1, a2, loc, a: str, b: str):
    """Rows touching the dyad (a, b): ``event_rows.dyad_sql`` as a polars expression over the expressions
    of the two actors' countries and the action's location (all in the code system of `a` and `b`)."""
    c1, c2, cl = a1.fill_null(""), a2.fill_null(""), loc.fill_null("")
    both = ((c1 == a) & (c2 == b)) | ((c1 == b) & (c2 == a))
    cross = (((c1 == a) | (c2 == a)) & (cl == b)) | (((c1 == b) | (c2 == b)) & (cl == a))
    third = cl.is_in([a, b]) & (((c1 != "") & ~c1.is_in([a, b])) | ((c2 != "") & ~c2.is_in([a, b])))
    return both | cross | third


def finalise_frame(tx, good, *, file_sha: str, systems: dict[str, str], dyad=None) -> tuple[int, int, int]:
    """`good`: typed rows with the columns ``event_rows.STAGE_COLUMNS`` (country columns as published). See the
    module docstring; may be called any number of times for one file inside its transaction."""
    import polars as pl

    from dyadwatch.errors import FormatError
    from dyadwatch.schemas.events import LAKE_NAMES, REQUIRED
    from dyadwatch.store import lake

    total = good.height
    mapped = {}
    for col in COUNTRY_COLUMNS:
        raw = good.get_column(f"{col}_raw")
        codes = iso3_of([v for v in raw.unique().to_list() if v], systems[col])
        mapped[col] = pl.col(f"{col}_raw").replace_strict(codes, default=None, return_dtype=pl.String)
    rows = good.with_columns(**mapped)
    if dyad is not None:
        rows = rows.filter(dyad_expr(pl.col("actor1_country"), pl.col("actor2_country"), pl.col("action_country"),
                                     dyad.a.iso3, dyad.b.iso3))
    in_dyad = rows.height
    required = [c for c in REQUIRED if c in STAGE_COLUMNS]
    missing = rows.filter(pl.any_horizontal([pl.col(c).is_null() for c in required]))
    if missing.height:  # the loaders quarantine such rows; one that slips through fails the file
        line = missing.get_column("line").min()
        raise FormatError(f"{missing.height} row(s) without {', '.join(required)} (first at line {line}); "
                          "nothing of this file was stored", line=line)
    if not in_dyad:
        return 0, 0, total
    if rows.select(pl.struct("dataset", "event_id").n_unique()).item() < in_dyad:
        rows = rows.sort("line").unique(["dataset", "event_id"], keep="first", maintain_order=True)
    rows = _not_stored(tx, rows)
    if rows.height:
        rows = _with_realm(tx, rows)
        loaded_at = tx.con.execute("SELECT CAST(current_timestamp AS TIMESTAMP)").fetchone()[0]
        rows = rows.with_columns(file_sha=pl.lit(file_sha, pl.String), loaded_at=pl.lit(loaded_at)).select(LAKE_NAMES)
        written = lake.write_frame(tx, rows, file_sha=file_sha, spill_rows=lake.SPILL_ROWS)
    else:
        written = []
    kept = sum(r["rows"] for r in written)
    if written:
        lake.auto_compact(tx, sorted({(r["dataset"], r["month"] if r["last_month"] is None else "*")
                                      for r in written}))
        lake.refresh_view(tx)
    return kept, in_dyad - kept, total - in_dyad


def _not_stored(tx, rows):
    """The rows whose (dataset, event_id) the lake does not hold yet: only the files of the partitions the
    rows fall in can hold them, and only ids within the rows' range are read (the Parquet reader skips row
    groups by their min/max)."""
    import polars as pl

    from dyadwatch.store import lake

    parts = rows.select("dataset", pl.col("date").dt.strftime("%Y-%m").alias("m")).unique().rows()
    known = []
    for ds in sorted({d for d, _ in parts}):
        known += lake.visible(tx, dataset=ds, months=sorted(m for d, m in parts if d == ds))
    if not known:
        return rows
    lo, hi = rows.select(pl.col("event_id").min().alias("lo"), pl.col("event_id").max().alias("hi")).row(0)
    files = ", ".join(q(p) for p in lake.absolute(tx, known))
    stored = tx.con.sql(f"SELECT DISTINCT dataset, event_id FROM read_parquet([{files}], hive_partitioning = false) "
                        f"WHERE event_id BETWEEN {q(lo)} AND {q(hi)}").to_arrow_table()
    if not stored.num_rows:
        return rows
    return rows.join(pl.from_arrow(stored), on=["dataset", "event_id"], how="anti", maintain_order="left")


def _with_realm(tx, rows):
    """The realm column: ``realm_sql()`` on the distinct combinations of its inputs, joined back."""
    import polars as pl

    from dyadwatch.realms.event_mapping import realm_sql

    keys = list(REALM_INPUTS)
    combos = rows.select(keys).unique()
    realm = tx.con.from_arrow(combos.to_arrow()).project(f"*, {realm_sql()} AS realm").to_arrow_table()
    realm = pl.from_arrow(realm).with_columns([pl.col(k).cast(combos.schema[k]) for k in keys])
    return rows.join(realm, on=keys, how="left", nulls_equal=True, maintain_order="left")
