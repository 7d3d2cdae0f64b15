"""The UK Sanctions List (FCDO), in two layouts, mapped onto the sanctions tables (docs/sanctions.md).

* ``uk`` — the list normalised into tables keyed by ``unique_id``: subjects.csv (unique_id, subject_type,
  un_reference_number, ofsi_group_id, date_designated DD/MM/YYYY, last_updated), subject_names.csv (name_type
  primary / primary_variation / alias, full_name) and subject_countries.csv (country_type nationality / birth /
  address, iso). The regime is the unique id's prefix (BEL0001 -> Belarus; data/sanctions/programmes.yaml).
* ``uk-fcdo`` — the FCDO's own CSV: an optional ``Report Date: …`` line, then a header row and one row per name
  of a designation ("Unique ID", "Name 1" … "Name 6", "Name type", "Regime Name", "Date Designated", the
  designation type, "Nationality(/ies)", "Last Updated"; see the FCDO's guidance "UK Sanctions List: change to
  the list's format", 2022). Rows are grouped by Unique ID.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from dyadwatch.errors import FormatError
from dyadwatch.sanctions.ftm import _Writer
from dyadwatch.sanctions.official import add_entry, parse_date, text_encoding
from dyadwatch.sanctions.programmes import uk_regime

UK_TYPES = {"individual": "Person", "entity": "Organization", "ship": "Vessel", "vessel": "Vessel"}


def _side_table(path: Path | None, key: str = "unique_id") -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    if path is None:
        return out
    with open(path, encoding=text_encoding(path), newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault((row.get(key) or "").strip(), []).append(row)
    return out


def read_tables(stream, w: _Writer, dataset: str, companions: dict[str, Path], name: str) -> str | None:
    """subjects.csv (+ subject_names.csv, subject_countries.csv beside it). Returns the latest last_updated."""
    res = w.result
    names = _side_table(companions.get("subject_names"))
    countries = _side_table(companions.get("subject_countries"))
    reader = csv.DictReader(stream)
    need = ("unique_id", "subject_type", "date_designated")
    missing = [c for c in need if c not in (reader.fieldnames or [])]
    if missing:
        raise FormatError(f"subjects.csv header lacks {', '.join(missing)}", file=name, line=1)
    latest = None
    for row in reader:
        lineno = reader.line_num
        res.rows_read += 1
        uid = (row.get("unique_id") or "").strip()
        raw = ",".join(str(v) for v in row.values())
        if not uid:
            w.quarantine_row(lineno, "no unique_id", raw)
            continue
        regime = uk_regime(uid) or uid[:3].upper()   # a prefix not in programmes.yaml stands for its regime
        schema = UK_TYPES.get((row.get("subject_type") or "").strip().lower())
        if schema is None:
            w.quarantine_row(lineno, f"{uid}: unknown subject_type {row.get('subject_type')!r}", raw)
            continue
        date = parse_date(row.get("date_designated"))
        if row.get("date_designated") and date is None:
            w.quarantine_row(lineno, f"{uid}: date_designated {row['date_designated']!r} is not DD/MM/YYYY", raw)
            continue
        upd = parse_date(row.get("last_updated"))
        latest = max(latest or "", upd or "") or None
        nm = names.get(uid, [])
        primary = [n["full_name"].strip() for n in nm if n.get("name_type") == "primary" and n.get("full_name")]
        others = [n["full_name"].strip() for n in nm if n.get("name_type") != "primary" and n.get("full_name")]
        caption = primary[0] if primary else (others[0] if others else uid)
        props: dict[str, Any] = {
            "name": caption, "aliases": list(dict.fromkeys(primary[1:] + others)),
            "nationality": sorted({c["iso"] for c in countries.get(uid, [])
                                   if c.get("country_type") == "nationality" and c.get("iso")}),
            "un_reference": row.get("un_reference_number") or None, "ofsi_group_id": row.get("ofsi_group_id") or None,
            "last_updated": upd, "list_id": uid}
        add_entry(w, issuer="UK", dataset=dataset, eid=f"uk-{uid}", schema=schema, name=caption,
                  programmes=[regime], line=lineno, props=props, date=date,
                  date_basis="dateDesignated" if date else "none", authority="FCDO")
    return latest


FCDO_TYPE_COLUMNS = ("Designation Type", "Individual, Entity, Ship", "Type of entity", "Entity Type", "Group Type")


def read_fcdo(stream, w: _Writer, dataset: str, companions: dict[str, Path], name: str) -> str | None:
    """The FCDO's CSV. Returns the 'Report Date' of its first line, if it has one."""
    res = w.result
    first = stream.readline()
    report_date = None
    if first.lstrip("\ufeff").lower().startswith("report date"):
        report_date = parse_date(first.split(":", 1)[1].strip().strip(",").strip('"')) if ":" in first else None
        header_line = stream.readline()
        offset = 2
    else:
        header_line, offset = first, 1
    header = [h.strip().lstrip("\ufeff") for h in next(csv.reader([header_line]), [])]
    regime_col = next((c for c in ("Regime Name", "Regime") if c in header), None)
    type_col = next((c for c in FCDO_TYPE_COLUMNS if c in header), None)
    missing = [c for c, ok in (("Unique ID", "Unique ID" in header), ("Regime Name", regime_col),
                               ("the designation type (" + " / ".join(FCDO_TYPE_COLUMNS) + ")", type_col)) if not ok]
    if missing:
        raise FormatError(f"UK Sanctions List CSV header lacks {'; '.join(missing)}", file=name, line=offset)
    groups: dict[str, dict[str, Any]] = {}
    reader = csv.reader(stream)
    for row in reader:
        lineno = reader.line_num + offset
        if not row or not any(c.strip() for c in row):
            continue
        res.rows_read += 1
        if len(row) != len(header):
            w.quarantine_row(lineno, f"expected {len(header)} columns, got {len(row)}", ",".join(row))
            continue
        r = dict(zip(header, (c.strip() for c in row)))
        uid = r.get("Unique ID")
        if not uid:
            w.quarantine_row(lineno, "no Unique ID", ",".join(row))
            continue
        g = groups.setdefault(uid, {"line": lineno, "primary": [], "names": [], "regime": set(), "type": set(),
                                    "designated": set(), "nationality": set(), "bad_date": None})
        whole = " ".join(x for x in [*(r.get(f"Name {i}", "") for i in range(1, 6)), r.get("Name 6", "")] if x)
        if whole:
            (g["primary"] if (r.get("Name type") or "").lower().startswith("primary name") and
             "variation" not in (r.get("Name type") or "").lower() else g["names"]).append(whole)
        if r.get(regime_col):
            g["regime"].add(r[regime_col])
        if r.get(type_col):
            g["type"].add(r[type_col].lower())
        if r.get("Date Designated"):
            d = parse_date(r["Date Designated"])
            if d:
                g["designated"].add(d)
            else:
                g["bad_date"] = r["Date Designated"]
        for col in ("Nationality(/ies)", "Nationality"):
            if r.get(col):
                g["nationality"].add(r[col])
    for uid, g in groups.items():
        schema = {UK_TYPES.get(t) for t in g["type"]}
        if len(schema) != 1 or None in schema:
            w.quarantine_row(g["line"], f"{uid}: designation type {sorted(g['type']) or 'missing'} is not "
                                        "Individual, Entity or Ship", None)
            continue
        if not g["regime"]:
            w.quarantine_row(g["line"], f"{uid}: no regime name", None)
            continue
        if g["bad_date"] and not g["designated"]:
            w.quarantine_row(g["line"], f"{uid}: Date Designated {g['bad_date']!r} is not a date", None)
            continue
        names = list(dict.fromkeys(g["primary"] + g["names"])) or [uid]
        date = min(g["designated"]) if g["designated"] else None
        add_entry(w, issuer="UK", dataset=dataset, eid=f"uk-{uid}", schema=schema.pop(), name=names[0],
                  programmes=sorted(g["regime"]), line=g["line"],
                  props={"name": names[0], "aliases": names[1:], "nationality": sorted(g["nationality"]),
                         "list_id": uid},
                  date=date, date_basis="dateDesignated" if date else "none", authority="FCDO")
    return report_date
