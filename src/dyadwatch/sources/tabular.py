"""Staging of delimited files WITH a header row (POLECAT tab-separated weekly files, ACLED CSV exports).

:func:`scan` reads a file with DuckDB's CSV reader as VARCHAR columns ``c1 … cN`` (no type inference,
streaming, parallel) into a temporary table with a ``line`` column, and returns a :class:`Scan` telling
which column holds which header name. Rows DuckDB cannot split (more columns than ``N``, a broken quote)
come back as rejects ``(line, reason, raw text)`` for the quarantine. The header row itself is line 1 and
is left out of the table.

Widths: the table has the header's width plus :data:`SLACK` spare columns, so a row with a few excess
*empty* fields (a known defect of some POLECAT files) still loads; the caller decides whether excess
*values* are an error (:meth:`Scan.width_reason`).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from dyadwatch.errors import FormatError

SLACK = 8


@dataclass
class Scan:
    table: str
    names: list[str]                       # header names, in file order (BOM and blanks stripped)
    width: int                             # columns of the table (len(names) + SLACK)
    rejects: list[tuple[int | None, str, str | None]] = field(default_factory=list)

    def col(self, name: str) -> str | None:
        """The SQL column holding header `name` (case-insensitive), or None when the file lacks it."""
        low = [n.lower() for n in self.names]
        try:
            return f"c{low.index(name.lower()) + 1}"
        except ValueError:
            return None

    def width_reason(self, expected: str) -> str:
        """SQL giving a reason when a row has fewer fields than the header or values beyond it."""
        n = len(self.names)
        present = "(" + " + ".join(f"(c{i} IS NOT NULL)::INT" for i in range(1, self.width + 1)) + ")"
        extra = " OR ".join(f"coalesce(c{i}, '') <> ''" for i in range(n + 1, self.width + 1)) or "FALSE"
        return (f"CASE WHEN c{n} IS NULL OR {extra} THEN 'expected {expected} columns, found ' || {present} "
                "ELSE NULL END")

    def raw_sql(self, delim: str) -> str:
        """SQL rebuilding a row's text (for the quarantine)."""
        sep = "chr(9)" if delim == "\t" else f"'{delim}'"
        return f"concat_ws({sep}, " + ", ".join(f"c{i}" for i in range(1, self.width + 1)) + ")"


def header(path, delim: str, quote: str | None, source: str) -> list[str]:
    """The first line's field names."""
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        first = f.readline()
    if not first.strip():
        raise FormatError("the file is empty or its first line is blank (a header row is expected)", file=source)
    if quote:
        names = next(csv.reader(io.StringIO(first), delimiter=delim, quotechar=quote))
    else:
        names = first.rstrip("\r\n").split(delim)
    names = [n.strip() for n in names]
    while names and not names[-1]:
        names.pop()  # excess trailing separators in the header
    return names


def first_data_width(path, delim: str) -> int | None:
    """Field count of the second line (unquoted formats only), or None when there is none."""
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        f.readline()
        line = f.readline()
    if not line.strip():
        return None
    fields = line.rstrip("\r\n").split(delim)
    while len(fields) > 1 and fields[-1] == "":
        fields.pop()
    return len(fields)


def scan(tx, path, *, names: list[str], delim: str, quote: str | None, table: str, source: str) -> Scan:
    """Load the file's data rows into temp table `table` (line, c1..cN VARCHAR); see the module docstring."""
    width = len(names) + SLACK
    cols = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, width + 1)) + "}"
    p = str(path).replace("'", "''")
    d = "\\t" if delim == "\t" else delim
    # quoted fields may hold newlines, which DuckDB's parallel scanner cannot pad: scan those serially
    q = f"quote='{quote}', escape='{quote}', parallel=false" if quote else "quote='', escape=''"
    rej, rscan = f"{table}_rej", f"{table}_rscan"
    tx.execute(f"DROP TABLE IF EXISTS {rej}; DROP TABLE IF EXISTS {rscan}")
    tx.execute(f"""CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT row_number() OVER () AS line, * FROM read_csv('{p}', delim='{d}', header=false, columns={cols},
            null_padding=true, {q}, nullstr='\x01', auto_detect=false, store_rejects=true,
            rejects_table='{rej}', rejects_scan='{rscan}', max_line_size=10000000)""")
    rejects = tx.execute(
        f"SELECT line, CASE WHEN error_type = 'TOO MANY COLUMNS' THEN 'expected {len(names)} columns, found ' || "
        "(length(csv_line) - length(replace(csv_line, " + ("chr(9)" if delim == "\t" else f"'{delim}'")
        + ", '')) + 1) ELSE lower(error_type) || ': ' || coalesce(error_message, '') END, csv_line "
        f"FROM {rej} ORDER BY line").fetchall()
    _fix_lines(tx, table, [r[0] for r in rejects if r[0] is not None])
    tx.execute(f"DELETE FROM {table} WHERE line = 1")  # the header row
    tx.execute(f"DROP TABLE IF EXISTS {rej}; DROP TABLE IF EXISTS {rscan}")
    return Scan(table, names, width, [r for r in rejects if r[0] != 1])


def _fix_lines(tx, table: str, rejected: list[int]) -> None:
    """row_number() counts accepted rows only; move each past the rejected lines before it, so `line` is
    the file's line (the k-th accepted row sits on k + #{j : rejected_j - j < k}, rejects sorted)."""
    if not rejected:
        return
    offsets = [line - j for j, line in enumerate(sorted(rejected), start=1)]
    tx.execute(f"CREATE OR REPLACE TEMP TABLE {table}_off (o BIGINT)")
    tx.insert_rows(f"{table}_off", ["o"], [(o,) for o in offsets])
    tx.execute(f"UPDATE {table} SET line = line + (SELECT count(*) FROM {table}_off WHERE o < {table}.line)")
    tx.execute(f"DROP TABLE {table}_off")


def map_literal(mapping: dict[str, str]) -> str:
    """A DuckDB MAP literal with lower-cased keys, for lookups like ``map_extract(m, lower(x))[1]``."""
    items = ", ".join("'" + str(k).lower().replace("'", "''") + "': '" + str(v).replace("'", "''") + "'"
                      for k, v in mapping.items())
    return "MAP {" + items + "}"


def load_scanned(tx, item, *, kind: str, prefix: str, names: list[str], delim: str, quote: str | None,
                 reason_sql, stage_select, systems: dict[str, str], after_stage=None):
    """The common body of a header-row event loader (POLECAT, ACLED): scan the file into `_<prefix>_scan`,
    give every row its rejection reason (`reason_sql(scan)`, NULL when fine), quarantine the rejected and
    malformed rows with their lines, stage the rest through `stage_select(scan)`, let `after_stage(tx,
    stage_table)` adjust them, then map, filter and store them with :func:`event_rows.finalise`."""
    from dyadwatch.sources.event_rows import finalise
    from dyadwatch.sources.ingest import Counts, quarantine

    scan_t, stage_t = f"_{prefix}_scan", f"_{prefix}_stage"
    sc = scan(tx, item.path, names=names, delim=delim, quote=quote, table=scan_t, source=item.source)
    tx.execute(f"ALTER TABLE {scan_t} ADD COLUMN _reason VARCHAR")
    tx.execute(f"UPDATE {scan_t} SET _reason = {reason_sql(sc)}")
    bad = tx.execute(f"SELECT line, _reason, {sc.raw_sql(delim)} FROM {scan_t} WHERE _reason IS NOT NULL "
                     "ORDER BY line").fetchall()
    nbad = quarantine(tx, item.sha256, kind, sorted(bad + sc.rejects, key=lambda r: r[0] or 0))
    tx.execute(f"CREATE OR REPLACE TEMP TABLE {stage_t} AS SELECT {stage_select(sc)} FROM {scan_t} "
               "WHERE _reason IS NULL")
    if after_stage:
        after_stage(tx, stage_t)
    dyad = item.options.get("dyad")
    kept, dups, outside = finalise(tx, stage_t, file_sha=item.sha256, dyad=dyad, systems=systems)
    read = tx.scalar(f"SELECT count(*) FROM {scan_t}") + len(sc.rejects)
    for t in (scan_t, stage_t):
        tx.execute(f"DROP TABLE IF EXISTS {t}")
    return Counts(rows_read=read, rows_kept=kept, rows_quarantined=nbad, rows_duplicate=dups,
                  rows_filtered=outside, note=f"{kind}; dyad {dyad.label if dyad else 'all'}")
