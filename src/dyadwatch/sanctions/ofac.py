"""OFAC's SDN list in its legacy CSV layout: sdn.csv, with add.csv and alt.csv when given (docs/sanctions.md).

sdn.csv has 12 columns and no header (ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
Tonnage, GRT, Vess_flag, Vess_owner, Remarks); ``-0-`` marks an empty cell; several programmes are written
``A] [B``; the file is Latin-1 and ends with a Ctrl-Z line. add.csv: ent_num, Add_num, Address,
City/State/Province/Postal Code, Country, Add_remarks. alt.csv: ent_num, alt_num, alt_type, alt_name,
alt_remarks. The layout carries no designation dates.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from dyadwatch.sanctions.ftm import _Writer
from dyadwatch.sanctions.official import add_entry, text_encoding

# --- OFAC sdn.csv (+ add.csv, alt.csv) --------------------------------------------------------------
OFAC_TYPES = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "Organization"}
_NATIONALITY = re.compile(r"\b(?:nationality|citizen)\s+([A-Z][^;.]*)")


def _ofac_cells(row: list[str]) -> list[str | None]:
    return [None if v.strip() in ("-0-", "") else v.strip() for v in row]


def _companion(path: Path | None, width: int, w: _Writer, what: str) -> dict[str, list[list]]:
    out: dict[str, list[list]] = {}
    if path is None:
        return out
    with open(path, encoding=text_encoding(path), newline="") as fh:
        for lineno, row in enumerate(csv.reader(fh), start=1):
            if not row or not "".join(row).strip("\x1a \r\n"):
                continue
            if len(row) != width or not row[0].strip().isdigit():
                w.quarantine_row(lineno, f"{path.name}: expected {width} columns starting with ent_num "
                                         f"({what}), got {len(row)}", ",".join(row))
                continue
            out.setdefault(row[0].strip(), []).append(_ofac_cells(row))
    return out


def read_ofac(stream, w: _Writer, dataset: str, companions: dict[str, Path]) -> str | None:
    res = w.result
    addresses = _companion(companions.get("add"), 6, w, "ent_num, Add_num, Address, City, Country, Add_remarks")
    aliases = _companion(companions.get("alt"), 5, w, "ent_num, alt_num, alt_type, alt_name, alt_remarks")
    for lineno, row in enumerate(csv.reader(stream), start=1):
        if not row or not "".join(row).strip("\x1a \r\n"):   # OFAC files end with a Ctrl-Z (0x1A) line
            continue
        res.rows_read += 1
        raw = ",".join(row)
        if len(row) != 12:
            w.quarantine_row(lineno, f"sdn.csv rows have 12 columns, this one {len(row)}", raw)
            continue
        cells = _ofac_cells(row)
        ent, name, typ, progs = cells[0], cells[1], (cells[2] or "").lower(), cells[3]
        if not ent or not ent.isdigit():
            w.quarantine_row(lineno, f"ent_num must be an integer, got {row[0]!r}", raw)
            continue
        if not name:
            w.quarantine_row(lineno, f"entry {ent} has no SDN_Name", raw)
            continue
        if typ not in OFAC_TYPES:
            w.quarantine_row(lineno, f"entry {ent}: unknown SDN_Type {cells[2]!r} (individual, vessel, aircraft or "
                                     "-0- for an entity)", raw)
            continue
        programmes = [p.strip() for p in re.split(r"\]\s*\[", (progs or "").strip().strip("[]")) if p.strip()]
        if not programmes:
            w.quarantine_row(lineno, f"entry {ent} has no Program", raw)
            continue
        remarks = cells[11] or ""
        props = {"name": name, "title": cells[4], "remarks": remarks or None,
                 "nationality": [m.strip() for m in _NATIONALITY.findall(remarks)],
                 "aliases": [a[3] for a in aliases.get(ent, []) if a[3]],
                 "addresses": [", ".join(x for x in a[2:5] if x) for a in addresses.get(ent, [])],
                 "vessel": {k: v for k, v in zip(("call_sign", "type", "tonnage", "grt", "flag", "owner"),
                                                 cells[5:11]) if v} or None,
                 "list_id": ent}
        add_entry(w, issuer="US", dataset=dataset, eid=f"ofac-{ent}", schema=OFAC_TYPES[typ], name=name,
                  programmes=programmes, line=lineno, props=props, authority="OFAC")
    return None   # the legacy CSV carries no publication date
