"""Correlates of War (COW) Trade v4.0: the non-directed dyadic file as observations of a compiled dataset.

COW's dyadic file has one row per pair of states and year: ``flow1`` = imports of ``ccode1`` from ``ccode2``
and ``flow2`` = imports of ``ccode2`` from ``ccode1``, in millions of current US dollars (missing = -9). COW
compiles them from several sources (mainly the IMF's Direction of Trade Statistics, filling gaps from the
partner's records and by interpolation), so a value is neither country's own statistics.

dyadwatch therefore stores them under their own indicator, :data:`COMPILED_IMPORTS` ("compiled_imports"):
``reporter`` is the IMPORTING country (whose imports the flow is, not whose records), ``partner`` the
exporting country, ``flow`` M, value in US dollars (millions × 10⁶). Because the indicator differs, the
natural key of a compiled row never equals a country's record of the same flow, so the latest-vintage rule
and every indicator over ``exports``/``imports``/``turnover`` can never mix the two;
:func:`dyadwatch.realms.economic.compiled_series` reads them as a separate line.

The bundled rows (``data/<dyad>/cow_trade.yaml``) are produced by :func:`to_yaml` from the CSV in the shared
data folder; a test checks that they still equal the file.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

from dyadwatch.errors import ValidationError

COMPILED_IMPORTS = "compiled_imports"
SOURCE_ID = "cow-trade-v4"   # + "-<dyad>" in each bundled folder (one id per bundle: bundled ids are protected)


def source_id(dyad_key: str) -> str:
    """The COW source id in one bundled folder, e.g. cow-trade-v4-ukr-blr (each folder defines its own copy, since
    a record's id belongs to the file that stored it first)."""
    return f"{SOURCE_ID}-{dyad_key.replace('_', '-')}"
COLUMNS = ("ccode1", "ccode2", "year", "flow1", "flow2")
MISSING = -9.0


def _num(text: str, path: str, line: int, column: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValidationError(f"{column} {text!r} is not a number", file=path, line=line, field=column) from None


def read_dyadic(path: str | os.PathLike, pairs: set[frozenset[str]] | None = None,
                source: str = SOURCE_ID) -> list[dict]:
    """The observations of COW's non-directed dyadic CSV, optionally only for `pairs` of ISO3 codes.

    Missing (-9) and zero flows are left out: COW writes 0 where no report exists for some early years
    (e.g. Russia–Ukraine 1992–1993), which is not a measured absence of trade."""
    from dyadwatch.countries import cow_to_iso3

    name = str(path)
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValidationError(f"not a COW dyadic trade file: missing column(s) {', '.join(missing)}",
                                  file=name, line=1)
        out = []
        for line, row in enumerate(reader, start=2):
            c1, c2 = (cow_to_iso3(int(_num(row[c], name, line, c))) for c in ("ccode1", "ccode2"))
            if pairs is not None and frozenset((c1, c2)) not in pairs:
                continue
            year = int(_num(row["year"], name, line, "year"))
            for importer, exporter, col in ((c1, c2, "flow1"), (c2, c1, "flow2")):
                v = _num(row[col], name, line, col)
                if v <= 0 or v == MISSING:
                    continue
                out.append({"indicator": COMPILED_IMPORTS, "reporter": importer, "partner": exporter, "flow": "M",
                            "product": "TOTAL", "period": str(year), "value": v * 1e6, "unit": "USD",
                            "source": source})
    return out


def to_yaml(rows: list[dict]) -> str:
    """The observations as a curated YAML section, one flow a line (values in USD, exponent written out)."""
    lines = ["observations:"]
    for r in sorted(rows, key=lambda r: (r["reporter"], r["partner"], r["period"])):
        lines.append(f"  - {{indicator: {r['indicator']}, reporter: {r['reporter']}, partner: {r['partner']}, "
                     f"flow: M, product: TOTAL, period: \"{r['period']}\", value: {r['value']:.6e}, unit: USD, "
                     f"source: {r['source']}}}")
    return "\n".join(lines) + "\n"


def bundled_pairs() -> dict[str, frozenset[str]]:
    """Bundled dataset folder → the pair whose COW rows it carries."""
    return {"ukr_blr": frozenset(("UKR", "BLR")), "blr_rus": frozenset(("BLR", "RUS")),
            "rus_ukr": frozenset(("RUS", "UKR"))}


def shared_file(shared_data: str | os.PathLike) -> Path:
    return Path(shared_data) / "trade" / "cow" / "cow_trade_ndy_UKR_BLR_RUS_dyads.csv"
