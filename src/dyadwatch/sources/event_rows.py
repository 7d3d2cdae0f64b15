"""From a staged file to the event lake (``events_raw``): code normalisation, dyad filter, realm, duplicates.

Every event loader (GDELT, POLECAT, PLOVER, ACLED) stages a file's rows into a temporary table whose
columns are :data:`STAGE_COLUMNS` (country columns still as published), then calls :func:`finalise`,
which inside the file's transaction

1. maps each distinct published country code to ISO3 through the crosswalk (``countries.lookup`` with the
   code system the dataset uses: CAMEO actor codes and FIPS geo codes for GDELT, COW numbers for POLECAT,
   names for ACLED); codes that are no country (regions such as ``EUR``, IGOs) map to NULL;
2. keeps the rows that touch the dyad, when one is given (:func:`dyad_sql`);
3. assigns each row its realm from ``data/realm_mapping.yaml``;
4. writes rows whose ``(dataset, event_id)`` is not yet in the lake as Parquet part files, catalogued in the
   file's transaction (:mod:`dyadwatch.store.lake`; the others are duplicates: the same event published in
   two files, or twice in one file). Read them back through the ``events_raw`` view.
"""
from __future__ import annotations

from dyadwatch.schemas.events import RAW_NAMES

STAGE_COLUMNS = [c for c in RAW_NAMES if c not in ("file_sha", "realm")]
COUNTRY_COLUMNS = ("actor1_country", "actor2_country", "action_country")
# the columns realm_sql() reads: the realm is computed once per distinct combination of them
REALM_INPUTS = ("actor1_types", "actor2_types", "event_root", "event_code", "plover_context")


def q(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def dyad_sql(a1: str, a2: str, loc: str, a: str, b: str) -> str:
    """SQL keeping rows that touch the dyad (a, b) given column expressions for the two actors' countries
    and the action's location, all in the same code system as `a` and `b`:

    - both actors are the two countries (either direction);
    - one actor is one of the countries and the action is located in the other;
    - a third party (an actor of another country) acts in either country (Russia–Ukraine events
      located in Belarus)."""
    A, B = q(a), q(b)
    c1, c2, cl = f"coalesce({a1}, '')", f"coalesce({a2}, '')", f"coalesce({loc}, '')"
    both = f"({c1} = {A} AND {c2} = {B}) OR ({c1} = {B} AND {c2} = {A})"
    cross = f"(({c1} = {A} OR {c2} = {A}) AND {cl} = {B}) OR (({c1} = {B} OR {c2} = {B}) AND {cl} = {A})"
    third = (f"({cl} IN ({A}, {B}) AND (({c1} <> '' AND {c1} NOT IN ({A}, {B})) "
             f"OR ({c2} <> '' AND {c2} NOT IN ({A}, {B}))))")
    return f"(({both}) OR ({cross}) OR {third})"


def iso3_of(value, system: str) -> str | None:
    """The ISO3 country of one published code in `system` (crosswalk), or None for a region, an
    organisation or an unknown code."""
    from dyadwatch.countries import lookup
    from dyadwatch.errors import DyadwatchError

    code = value
    if system in ("cow", "iso_numeric"):
        try:
            code = int(float(value))
        except ValueError:
            return None
    try:
        return lookup(code, system).iso3
    except (DyadwatchError, KeyError):
        return None  # a region, an organisation or an unknown code: no country


def _map_codes(tx, stage: str, column: str, system: str, table: str) -> None:
    values = [r[0] for r in tx.execute(
        f"SELECT DISTINCT {column}_raw FROM {stage} WHERE {column}_raw IS NOT NULL AND {column}_raw <> ''"
    ).fetchall()]
    rows = [(v, iso) for v in values if (iso := iso3_of(v, system)) is not None]
    tx.execute(f"CREATE OR REPLACE TEMP TABLE {table} (code VARCHAR, iso3 VARCHAR)")
    tx.insert_rows(table, ["code", "iso3"], rows)


def finalise(tx, stage: str, *, file_sha: str, systems: dict[str, str], dyad=None) -> tuple[int, int, int]:
    """Move staged rows into the event lake (:mod:`dyadwatch.store.lake`; read back as ``events_raw``).
    `systems` maps each of COUNTRY_COLUMNS to the crosswalk system its raw values use ('iso3' when already
    ISO3). Returns (kept, duplicates, outside the dyad).

    May be called several times for one file inside one transaction (a file staged in chunks): each call
    writes its kept rows as new part files, and rows an earlier call kept count as duplicates."""
    from dyadwatch.errors import FormatError
    from dyadwatch.realms.event_mapping import realm_sql
    from dyadwatch.schemas.events import REQUIRED
    from dyadwatch.store import lake

    joins, exprs = [], {}
    for i, col in enumerate(COUNTRY_COLUMNS):
        table = f"_map_{col}"
        _map_codes(tx, stage, col, systems[col], table)
        joins.append(f"LEFT JOIN {table} m{i} ON m{i}.code = s.{col}_raw")
        exprs[col] = f"m{i}.iso3"
    select = ", ".join(exprs.get(c, f"s.{c}") + f" AS {c}" for c in STAGE_COLUMNS)
    # a view, not a copy: the staged rows are read by the count and the write below
    tx.execute(f"CREATE OR REPLACE TEMP VIEW _norm AS SELECT {select} FROM {stage} s {' '.join(joins)}")
    where = "TRUE"
    if dyad is not None:
        where = dyad_sql("actor1_country", "actor2_country", "action_country", dyad.a.iso3, dyad.b.iso3)
    missing = " OR ".join(f"{c} IS NULL" for c in REQUIRED if c in STAGE_COLUMNS)
    # one scan: the counts, rows missing a required value, and the (dataset, month) partitions touched
    total, in_dyad, bad, line, parts, lo, hi, distinct = tx.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {where}), count(*) FILTER (WHERE ({where}) AND ({missing})), "
        f"min(line) FILTER (WHERE ({where}) AND ({missing})), "
        f"list(DISTINCT [dataset, strftime(date, '%Y-%m')]) FILTER (WHERE {where}), "
        f"min(CAST(event_id AS VARCHAR)) FILTER (WHERE {where}), max(CAST(event_id AS VARCHAR)) FILTER (WHERE {where}), "
        f"count(DISTINCT [dataset, CAST(event_id AS VARCHAR)]) FILTER (WHERE {where}) FROM _norm").fetchall()[0]
    if bad:  # the loaders quarantine such rows; a row that slips through fails the file (as NOT NULL did)
        raise FormatError(f"{bad} row(s) without {', '.join(c for c in REQUIRED if c in STAGE_COLUMNS)}"
                          f" (first at line {line}); nothing of this file was stored", line=line)
    kept = 0
    if in_dyad:
        months = [tuple(p) for p in parts or []]
        known = []  # the files of the partitions the new rows fall in: only those can hold their ids
        for ds in sorted({d for d, _ in months}):
            known += lake.visible(tx, dataset=ds, months=sorted(m for d, m in months if d == ds))
        new = f"SELECT * FROM _norm n WHERE {where}"
        if distinct < in_dyad:  # the same id twice in these rows: keep its first line (a window over all
            new += " QUALIFY row_number() OVER (PARTITION BY dataset, event_id ORDER BY line) = 1"  # columns: only then)
        if known:
            # only stored ids within the new rows' range can match: a constant range the Parquet reader
            # checks against each row group's min/max, so older row groups are skipped unread
            new = f"""SELECT * FROM ({new}) n WHERE NOT EXISTS (
                SELECT 1 FROM (SELECT dataset, event_id FROM read_parquet([{', '.join(q(p) for p in
                lake.absolute(tx, known))}], hive_partitioning = false)
                WHERE event_id BETWEEN {q(lo)} AND {q(hi)}) r
                WHERE r.dataset = n.dataset AND r.event_id = n.event_id)"""
        # the realm once per distinct combination of the columns it depends on (a few thousand at most),
        # joined back: the CASE's string_split/list_has_any per row cost 2.2 s per 1M rows, the join 0.1 s
        keys = ", ".join(REALM_INPUTS)
        tx.execute(f"CREATE OR REPLACE TEMP TABLE _realm AS SELECT *, {realm_sql()} AS realm FROM "
                   f"(SELECT DISTINCT {keys} FROM _norm WHERE {where})")
        on = " AND ".join(f"r.{c} IS NOT DISTINCT FROM n.{c}" for c in REALM_INPUTS)
        exprs = {"file_sha": q(file_sha), "realm": "r.realm", "loaded_at": "current_timestamp"}
        exprs.update({c: f"n.{c}" for c in REALM_INPUTS})
        rows = lake.write(tx, f"SELECT {lake.typed(exprs)} FROM ({new}) n JOIN _realm r ON {on}",
                          file_sha=file_sha, spill_rows=lake.SPILL_ROWS)
        kept = sum(r["rows"] for r in rows)
        if rows:
            lake.auto_compact(tx, sorted({(r["dataset"], r["month"] if r["last_month"] is None else "*")
                                          for r in rows}))
            lake.refresh_view(tx)
    tx.execute("DROP VIEW IF EXISTS _norm")
    tx.execute("DROP TABLE IF EXISTS _realm")
    for t in [f"_map_{c}" for c in COUNTRY_COLUMNS]:
        tx.execute(f"DROP TABLE IF EXISTS {t}")
    return kept, in_dyad - kept, total - in_dyad
