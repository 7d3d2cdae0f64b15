"""National statistics tables (Ukrstat, Belstat style CSV) read through a small YAML column mapping.

A mapping says whose statistics the table holds, where the period, partner and product are, and which
columns hold exports and imports::

    source:                       # the sources row (id, title, publisher, url, date, note)
      id: ukrstat-2021-geo
      title: "Geographic structure of foreign trade in goods, 2021"
      publisher: State Statistics Service of Ukraine
      date: 2022-02-15
    reporter: UKR                 # whose records (a constant)
    period: "2021"                # a constant, or period_column: Year
    partner_column: Country       # partner per row; names resolved by partner_names, then the crosswalk
    partner_names: {Білорусь: BLR}
    product: TOTAL                # a constant, or product_column: HS
    values:
      - {column: "Exports, thousand USD", flow: X}          # exports valued FOB, imports CIF
      - {column: "Imports, thousand USD", flow: M}
    multiplier: 1000              # table units -> USD
    delimiter: ","                # encoding: utf-8, decimal: ".", thousands: " ", skip_rows: 0

Rows whose partner or value cannot be read go to the quarantine with their line; columns the mapping does
not use are reported as warnings. A table is written in one transaction, and loading it again is a no-op.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError as PydanticError, field_validator

from dyadwatch.errors import FormatError, InputError, ValidationError, read_input
from dyadwatch.sources.comtrade import Batch, FileResult, _decode, _now, write_batch


class ValueColumn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    column: str
    flow: Literal["X", "M"]          # valued FOB (X) or CIF (M), as national statistics do


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: dict
    reporter: str
    period: str | None = None
    period_column: str | None = None
    partner: str | None = None
    partner_column: str | None = None
    partner_names: dict[str, str] = Field(default_factory=dict)
    product: str | None = "TOTAL"
    product_column: str | None = None
    values: list[ValueColumn]
    multiplier: float = 1.0
    delimiter: str = ","
    encoding: str = "utf-8"
    decimal: str = "."
    thousands: str | None = None
    skip_rows: int = 0
    vintage: str | None = None

    @field_validator("values")
    @classmethod
    def _values(cls, v):
        if not v:
            raise ValueError("at least one value column is needed")
        return v


def load_mapping(path: str | os.PathLike) -> tuple[Mapping, str]:
    from dyadwatch.curated import _plain, parse_yaml
    from dyadwatch.model import Source

    name = str(path)
    try:
        text = read_input(path, "mapping file").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: cannot read the mapping: not UTF-8 text (byte {exc.start})") from None
    doc = parse_yaml(text, name)
    if not isinstance(doc, dict):
        raise ValidationError("a mapping file must be a YAML mapping (source, reporter, values, …)", file=name, line=1)
    try:
        mapping = Mapping.model_validate(_plain(doc))
        Source.model_validate(mapping.source)
    except PydanticError as exc:
        err = exc.errors()[0]
        field = ".".join(str(x) for x in err.get("loc", ())) or None
        top = str(err.get("loc", ("",))[0]) if err.get("loc") else None
        line = getattr(doc, "key_lines", {}).get(top) if top in doc else getattr(doc, "line", None)
        msg = "is required" if err.get("type") == "missing" else err.get("msg", "invalid").removeprefix("Value error, ")
        raise ValidationError(msg, file=name, line=line, field=field) from None
    for what, const, col in (("period", mapping.period, mapping.period_column),
                             ("partner", mapping.partner, mapping.partner_column),
                             ("product", mapping.product if not mapping.product_column else None, mapping.product_column)):
        if not const and not col and what != "product":
            raise ValidationError(f"give {what} (a constant) or {what}_column", file=name)
    return mapping, text


def _number(text: str, mapping: Mapping) -> float | None:
    t = text.strip().replace("\u00a0", " ")
    if t in ("", "-", "–", "—", "...", "x", "X", "n/a"):
        return None
    if mapping.thousands:
        t = t.replace(mapping.thousands, "")
    if mapping.decimal != ".":
        t = t.replace(mapping.decimal, ".")
    t = t.replace(" ", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", t):
        raise ValueError(f"{text!r} is not a number")
    return float(t) * mapping.multiplier


def ingest_table(store, path: str | os.PathLike, mapping_path: str | os.PathLike) -> FileResult:
    """Read one national statistics table with its mapping into `observations` (dataset 'table')."""
    from dyadwatch.countries import lookup

    mapping, mtext = load_mapping(mapping_path)
    name = str(path)
    raw = read_input(path, "table file")
    sha = hashlib.sha256(raw + b"\0" + mtext.encode()).hexdigest()
    if store.ledger_has(sha, "trade-table"):
        return FileResult(name, "unchanged")
    text = _decode(raw, name, mapping.encoding)
    lines = text.splitlines(keepends=True)[mapping.skip_rows:]
    reader = csv.reader(io.StringIO("".join(lines)), delimiter=mapping.delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise FormatError("the table is empty (no header line)", file=name, line=mapping.skip_rows + 1) from None
    needed = [v.column for v in mapping.values] + [c for c in (mapping.period_column, mapping.partner_column,
                                                                 mapping.product_column) if c]
    missing = [c for c in needed if c not in header]
    if missing:
        raise FormatError(f"column(s) {', '.join(map(repr, missing))} named in {mapping_path} are not in the header "
                          f"({', '.join(header[:8])}{' …' if len(header) > 8 else ''})", file=name,
                          line=mapping.skip_rows + 1)
    result = FileResult(name, "loaded", "table")
    unused = [h for h in header if h and h not in needed]
    if unused:
        result.warnings.append(f"{name}: column(s) not used by the mapping: {', '.join(unused)}")
    try:
        reporter = lookup(mapping.reporter).iso3
    except KeyError as exc:
        raise ValidationError(str(exc), file=str(mapping_path), field="reporter") from None
    names = {k.strip().casefold(): v for k, v in mapping.partner_names.items()}
    batch = Batch()
    for row in reader:
        line = reader.line_num + mapping.skip_rows
        if not row or all(not c.strip() for c in row):
            continue
        raw_line = mapping.delimiter.join(row)[:2000]
        if len(row) != len(header):
            batch.read += 1
            batch.quarantine.append((line, f"{len(row)} fields where the header has {len(header)}", raw_line))
            continue
        rec = dict(zip(header, row))
        try:
            partner_text = (rec[mapping.partner_column] if mapping.partner_column else mapping.partner).strip()
            code = names.get(partner_text.casefold(), partner_text)
            try:
                partner = lookup(code).iso3
            except KeyError:
                raise ValueError(f"unknown partner {partner_text!r} (add it to partner_names)") from None
            period = (rec[mapping.period_column] if mapping.period_column else mapping.period).strip()
            product = (rec[mapping.product_column] if mapping.product_column else mapping.product or "TOTAL").strip()
        except ValueError as exc:
            batch.read += 1
            batch.quarantine.append((line, str(exc), raw_line))
            continue
        for vc in mapping.values:
            try:
                value = _number(rec[vc.column], mapping)
            except ValueError as exc:
                batch.read += 1
                batch.quarantine.append((line, f"column {vc.column!r}: {exc}", raw_line))
                continue
            if value is None:
                batch.read += 1
                batch.skipped += 1
                continue
            batch.add({"flowCode": vc.flow, "reporterISO": reporter, "partnerISO": partner, "cmdCode": product,
                       "period": period.replace("-", "") if re.fullmatch(r"\d{4}-\d{2}", period) else period,
                       "primaryValue": value}, line, raw_line)
    if not batch.rows and not batch.quarantine:
        raise FormatError("no data rows after the header", file=name)
    src = dict(mapping.source)
    src.setdefault("retrieved_at", _now())
    vintage = mapping.vintage or (str(src.get("date")) if src.get("date") else _now())
    src["vintage"] = vintage
    write_batch(store, batch, source=src, sha256=sha, kind="trade-table", path=str(Path(name).resolve()),
                vintage=vintage, origin=f"trade-table:{sha}", dataset="table")
    result.rows_read, result.rows_kept = batch.read, len(batch.rows)
    result.rows_quarantined, result.rows_skipped = len(batch.quarantine), batch.skipped
    result.source_id = src["id"]
    result.quarantine = [{"line": ln, "reason": r} for ln, r, _ in batch.quarantine[:20]]
    if batch.quarantine:
        result.warnings.append(f"{name}: {len(batch.quarantine)} row(s) quarantined, first at line "
                               f"{batch.quarantine[0][0]}: {batch.quarantine[0][1]}")
    return result
