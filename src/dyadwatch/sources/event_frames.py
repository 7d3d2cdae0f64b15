"""Staged rows held in polars to the event lake, without a DuckDB staging table (the unfiltered GDELT ingest).

The same steps as :func:`dyadwatch.sources.event_rows.finalise`, on a polars frame of
:data:`~dyadwatch.sources.event_rows.STAGE_COLUMNS`:

1. each distinct published country code is mapped to ISO3 through the crosswalk
   (:func:`event_rows.iso3_of`, remembered across the batches of a file);
1b. with a dyad, the rows that touch it (:func:`dyad_expr`, the polars twin of ``event_rows.dyad_sql``; a
   test compares them on every combination of codes);
2. the realm: the first rule of ``data/realm_mapping.yaml`` a row matches, found per distinct value of
   each column the rules read (:data:`event_rows.REALM_INPUTS`) and remembered across batches (see
   ``FrameFinaliser._realm``; a test checks it against the SQL ``CASE`` of ``realm_sql()``);
3. the rows go to a :class:`~dyadwatch.store.lake_frames.FrameWriter` (duplicates, Parquet, catalog).
"""
from __future__ import annotations

from dyadwatch.sources.event_rows import COUNTRY_COLUMNS, iso3_of


def dyad_expr(a1, a2, loc, a: str, b: str):
    """Rows touching the dyad (a, b): ``event_rows.dyad_sql`` as a polars expression over the expressions
    of the two actors' countries and the action's location (all in the code system of `a` and `b`).
    (Written by the --dyad path's engineer, i12dyad, with its test; taken over as it was.)"""
    c1, c2, cl = a1.fill_null(""), a2.fill_null(""), loc.fill_null("")
    both = ((c1 == a) & (c2 == b)) | ((c1 == b) & (c2 == a))
    cross = (((c1 == a) | (c2 == a)) & (cl == b)) | (((c1 == b) | (c2 == b)) & (cl == a))
    third = cl.is_in([a, b]) & (((c1 != "") & ~c1.is_in([a, b])) | ((c2 != "") & ~c2.is_in([a, b])))
    return both | cross | third


class FrameFinaliser:
    """One file's batches to the lake; ``with FrameFinaliser(tx, file_sha=…, systems=…) as f: f.add(frame)``.
    ``add`` returns (kept, duplicates, outside the dyad) like ``finalise``; the files are catalogued in the
    transaction by the time the ``with`` block ends. `dyad` (a ``countries.Dyad``) keeps the rows that touch
    it; `threaded=False` encodes each batch on the caller's thread (a file of one small batch gains nothing
    from the writer thread)."""

    def __init__(self, tx, *, file_sha: str, systems: dict[str, str], dyad=None, threaded: bool = True):
        from dyadwatch.store.lake_frames import FrameWriter

        self.tx, self.systems, self.dyad = tx, systems, dyad
        self.writer = FrameWriter(tx, file_sha=file_sha, threaded=threaded)
        self.codes: dict[tuple[str, str], str | None] = {}
        self.realm_index: dict[str, dict[str, int]] = {}  # column -> value -> first rule it matches

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        return self.writer.__exit__(kind, exc, tb)

    def add(self, frame, *, prepared: bool = False) -> tuple[int, int, int]:
        """Write a batch; returns (kept, duplicates, outside the dyad). `prepared`: the batch went through
        :meth:`prepare` already (its outside rows were counted there)."""
        total = frame.height
        if not total:
            return 0, 0, 0
        if not prepared:
            frame, outside = self.prepare(frame)
            if not frame.height:
                return 0, 0, outside
        kept, dups = self.writer.add(frame)
        return kept, dups, total - frame.height

    def prepare(self, frame):
        """Steps 1–2 (countries, the dyad rule, the realm) of a batch, without writing it: (the rows that
        stay, how many fell outside the dyad). The --dyad path prepares each scan slice as it comes, so a
        batch handed to :meth:`add` later (``prepared=True``) costs only its write."""
        import polars as pl

        total = frame.height
        if not total:
            return frame, 0
        frame = self._countries(frame)
        if self.dyad is not None:
            frame = frame.filter(dyad_expr(pl.col("actor1_country"), pl.col("actor2_country"),
                                           pl.col("action_country"), self.dyad.a.iso3, self.dyad.b.iso3))
            if not frame.height:
                return frame, total
        return self._realm(frame), total - frame.height

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
        """The realm of every row, by the first matching rule of ``data/realm_mapping.yaml``, as
        ``realm_sql()``'s CASE gives it. A rule matches when any of its conditions does, and each condition
        reads one column, so the first rule a row matches is the smallest of the first rules each of its
        columns' values matches: that is computed once per distinct value of each column (a few dozen) and
        the row's realm is the smallest index — no per-row lists, no join on five columns (0.86 s of CPU
        per 1M rows for the distinct combinations and the join back; a test checks both agree)."""
        import polars as pl

        rules, names = realm_rules()
        none = len(rules)
        idx = []
        for col, field, split in _REALM_COLUMNS:
            seen = self.realm_index.setdefault(col, {})
            for v in frame[col].drop_nulls().unique().to_list():
                if v not in seen:
                    items = set(v.split(";")) if split else {v}
                    seen[v] = next((i for i, r in enumerate(rules) if items & r[field]), none)
            idx.append(pl.col(col).replace_strict(seen, default=none, return_dtype=pl.Int32) if seen
                       else pl.lit(none, pl.Int32))
        return frame.with_columns(pl.min_horizontal(idx).replace_strict(
            dict(enumerate(names)), return_dtype=pl.String).alias("realm"))


# (column, the rule's key its values are tested against, whether the value is a ';'-joined list)
_REALM_COLUMNS = [("actor1_types", "actor_types", True), ("actor2_types", "actor_types", True),
                  ("event_root", "roots", False), ("event_code", "codes", False),
                  ("plover_context", "contexts", True)]


def realm_rules() -> tuple[list[dict[str, set[str]]], list[str]]:
    """The realm rules as sets of text values per key (as ``realm_sql`` quotes them), and the realm of
    each index: the rules' realms, then the default realm (no rule matched)."""
    from dyadwatch.realms.event_mapping import mapping

    m = mapping()
    rules = [{k: {str(v) for v in rule.get(k) or ()} for k in ("actor_types", "roots", "codes", "contexts")}
             for rule in m["realms"]]
    return rules, [rule["realm"] for rule in m["realms"]] + [m["default_realm"]]
