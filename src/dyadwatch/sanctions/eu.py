"""The EU Financial Sanctions Files CSV, file 1.0 and file 1.1 column sets (docs/sanctions.md).

One row per name, address, birth date, identity document or citizenship of an entity, `;`-separated (`,`
accepted); rows are grouped by the entity's logical id (in memory: a few thousand entities). File 1.0 repeats
the entity id column once per sub-record; the first one is used. Only file 1.1 carries a designation date.
"""
from __future__ import annotations

import csv
import re
from typing import Any

from dyadwatch.errors import FormatError
from dyadwatch.sanctions.ftm import _Writer
from dyadwatch.sanctions.official import add_entry, parse_date

# --- EU Financial Sanctions Files CSV (file 1.0 and 1.1 column sets) -------------------------------------------
EU_COLUMNS = {  # our field -> (file 1.0 column, file 1.1 column)
    "id": ("Entity_logical_id", "Entity_LogicalId"),
    "type": ("Subject_type", "Entity_SubjectType_ClassificationCode"),
    "type_text": ("Subject_type", "Entity_SubjectType"),
    "programme": ("Programme", "Entity_Regulation_Programme"),
    "name": ("Naal_wholename", "NameAlias_WholeName"),
    "act_date": ("Leba_publication_date", "Entity_Regulation_PublicationDate"),
    "act": ("Leba_numtitle", "Entity_Regulation_NumberTitle"),
    "designated": (None, "Entity_DesignationDate"),
    "reference": ("EU_ref_num", "Entity_EU_ReferenceNumber"),
    "remark": ("Entity_remark", "Entity_Remark"),
    "function": ("Naal_function", "NameAlias_Function"),
    "citizenship": ("Citi_country", "Citizenship_CountryDescription"),
    "file_date": ("Date_file", "fileGenerationDate"),
}
_NON_LATIN = re.compile("[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0e00-\u0e7f\u3040-\u9fff\uac00-\ud7af]")
EU_TYPES = {"p": "Person", "person": "Person", "e": "Organization", "enterprise": "Organization"}


def _eu_header(header: list[str], name: str) -> tuple[str, dict[str, int]]:
    first: dict[str, int] = {}
    for i, h in enumerate(header):
        h = re.sub(r"\.\.\.\d+$", "", h.strip().lstrip("\ufeff"))   # R's read.csv renames duplicates 'x...2'
        first.setdefault(h, i)
    version = "1.1" if "Entity_LogicalId" in first else "1.0" if "Entity_logical_id" in first else None
    if version is None:
        raise FormatError("not an EU Financial Sanctions CSV: no Entity_logical_id (file 1.0) or Entity_LogicalId "
                          "(file 1.1) column", file=name, line=1)
    k = 0 if version == "1.0" else 1
    idx = {f: first[cols[k]] for f, cols in EU_COLUMNS.items() if cols[k] and cols[k] in first}
    missing = [EU_COLUMNS[f][k] for f in ("id", "programme", "name") if f not in idx]
    if missing:
        raise FormatError(f"EU file {version} header lacks {', '.join(missing)}", file=name, line=1)
    if version == "1.0" and "type" not in idx or version == "1.1" and "type" not in idx and "type_text" not in idx:
        raise FormatError(f"EU file {version} header lacks the subject type column", file=name, line=1)
    return version, idx


def read_eu(stream, w: _Writer, dataset: str, name: str) -> str | None:
    res = w.result
    first_line = stream.readline()
    delim = ";" if first_line.count(";") > first_line.count(",") else ","
    header = next(csv.reader([first_line], delimiter=delim))
    version, idx = _eu_header(header, name)
    res.format = f"eu (file {version})"
    entities: dict[str, dict[str, Any]] = {}
    file_date = None
    reader = csv.reader(stream, delimiter=delim)
    for row in reader:
        lineno = reader.line_num + 1
        if not row or not any(c.strip() for c in row):
            continue
        res.rows_read += 1
        if len(row) != len(header):
            w.quarantine_row(lineno, f"expected {len(header)} columns, got {len(row)}", delim.join(row))
            continue

        def get(field: str) -> str | None:
            i = idx.get(field)
            v = row[i].strip() if i is not None else ""
            return None if v in ("", "NA") else v
        lid = get("id")
        if not lid:
            w.quarantine_row(lineno, "no entity logical id", delim.join(row))
            continue
        file_date = file_date or parse_date(get("file_date"))
        e = entities.setdefault(lid, {"line": lineno, "names": [], "programmes": [], "types": set(), "acts": set(),
                                      "act_dates": set(), "designated": set(), "citizenship": set(),
                                      "functions": [], "reference": None, "remark": None})
        for key, field in (("names", "name"), ("programmes", "programme"), ("functions", "function")):
            v = get(field)
            if v and v not in e[key]:
                e[key].append(v)
        t = get("type") or get("type_text")
        if t:
            e["types"].add(t.lower())
        for key, field in (("acts", "act"), ("citizenship", "citizenship")):
            if v := get(field):
                e[key].add(v)
        for key, field in (("act_dates", "act_date"), ("designated", "designated")):
            if v := parse_date(get(field)):
                e[key].add(v)
        e["reference"] = e["reference"] or get("reference")
        e["remark"] = e["remark"] or get("remark")
    for lid, e in entities.items():
        types = {EU_TYPES.get(t) for t in e["types"]}
        if len(types) != 1 or None in types:
            w.quarantine_row(e["line"], f"entity {lid}: subject type {sorted(e['types']) or 'missing'} is not P/E "
                                        "(person/enterprise)", None)
            continue
        if not e["programmes"]:
            w.quarantine_row(e["line"], f"entity {lid} has no programme: not counted", None)
            continue
        if not e["names"]:
            w.quarantine_row(e["line"], f"entity {lid} has no name", None)
            continue
        date = min(e["designated"]) if e["designated"] else None
        latin = [n for n in e["names"] if not _NON_LATIN.search(n)]
        if latin:   # the list gives names in several scripts: a Latin-script one as the caption
            e["names"].remove(latin[0])
            e["names"].insert(0, latin[0])
        props = {"name": e["names"][0], "aliases": e["names"][1:], "function": e["functions"],
                 "citizenship": sorted(e["citizenship"]), "remark": e["remark"], "reference": e["reference"],
                 "legal_acts": sorted(e["acts"]), "act_date_latest": max(e["act_dates"]) if e["act_dates"] else None,
                 "list_id": lid}
        add_entry(w, issuer="EU", dataset=dataset, eid=f"eu-{lid}", schema=types.pop(), name=e["names"][0],
                  programmes=e["programmes"], line=e["line"], props=props, date=date,
                  date_basis="designationDate" if date else "none", authority="Council of the European Union")
    return file_date
