"""Staged rows held in polars to the event lake, without a DuckDB staging table (the unfiltered GDELT ingest).

The same steps as :func:`dyadwatch.sources.event_rows.finalise` with no dyad filter, on a polars frame of
:data:`~dyadwatch.sources.event_rows.STAGE_COLUMNS`:

1. each distinct published country code is mapped to ISO3 through the crosswalk
   (:func:`event_rows.iso3_of`, remembered across the batches of a file);
2. the realm is evaluated by DuckDB on the distinct combinations of the columns it reads
   (:data:`event_rows.REALM_INPUTS`; the SQL ``CASE`` of ``data/realm_mapping.yaml``, the one definition),
   remembered across batches, and joined back;
3. the rows go to a :class:`~dyadwatch.store.lake_frames.FrameWriter` (duplicates, Parquet, catalog).
"""
from __future__ import annotations

from dyadwatch.sources.event_rows import COUNTRY_COLUMNS, REALM_INPUTS, iso3_of


class FrameFinaliser:
    """One file's batches to the lake; ``with FrameFinaliser(tx, file_sha=…, systems=…) as f: f.add(frame)``.
    ``add`` returns (kept, duplicates); the files are catalogued in the transaction by the time the
    ``with`` block ends."""

    def __init__(self, tx, *, file_sha: str, systems: dict[str, str]):
        from dyadwatch.store.lake_frames import FrameWriter

        self.tx, self.systems = tx, systems
        self.writer = FrameWriter(tx, file_sha=file_sha)
        self.codes: dict[tuple[str, str], str | None] = {}
        self.realms = None  # polars frame: REALM_INPUTS + realm, every combination seen so far

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        return self.writer.__exit__(kind, exc, tb)

    def add(self, frame) -> tuple[int, int]:
        if not frame.height:
            return 0, 0
        return self.writer.add(self._realm(self._countries(frame)))

    def _countries(self, frame):
        import polars as pl

        exprs = []
        for col in COUNTRY_COLUMNS:
            system = self.systems[col]
            mapping = {}
            for v in frame[f"{col}_raw"].drop_nulls().unique().to_list():
                if v == "":
                    continue
                if (system, v) not in self.codes:
                    self.codes[(system, v)] = iso3_of(v, system)
                if self.codes[(system, v)] is not None:
                    mapping[v] = self.codes[(system, v)]
            exprs.append(pl.col(f"{col}_raw").replace_strict(mapping, default=None, return_dtype=pl.String)
                         .alias(col))
        return frame.with_columns(exprs)

    def _realm(self, frame):
        import polars as pl

        from dyadwatch.realms.event_mapping import realm_sql

        keys = frame.select(REALM_INPUTS).unique()
        new = keys if self.realms is None else keys.join(self.realms.select(REALM_INPUTS), on=list(REALM_INPUTS),
                                                         how="anti", nulls_equal=True)
        if new.height:
            got = pl.from_arrow(self.tx.con.from_arrow(new.to_arrow()).project(
                f"{', '.join(REALM_INPUTS)}, {realm_sql()} AS realm").to_arrow_table())
            got = got.cast({c: frame.schema[c] for c in REALM_INPUTS})
            self.realms = got if self.realms is None else pl.concat([self.realms, got])
        return frame.join(self.realms, on=list(REALM_INPUTS), how="left", nulls_equal=True, maintain_order="left")
