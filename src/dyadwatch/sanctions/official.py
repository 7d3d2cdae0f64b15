"""Official sanctions lists: OFAC's SDN CSV, the EU Financial Sanctions Files CSV and the UK Sanctions List.

    results = ingest_files(store, ["sdn.csv", "add.csv", "alt.csv"])      # format detected from each file
    result = ingest_list(store, "eu.csv", "eu", list_date="2022-09-13")

The readers live in ofac.py, eu.py and uk.py; this module detects formats and runs them. Every importer
writes the same tables as the FollowTheMoney reader (``sanctioned_entities``,
``sanctioned_entity_countries``, ``sanctions_designations``), streams its file, is atomic per file (one
transaction) and idempotent (the SHA-256 of the file and its companion files is kept in ``ingest_ledger``).
A later file of the same list replaces that list's earlier rows (a list is a snapshot: an entry missing from
the newer file has been delisted). Bad rows go to ``quarantine`` with their line and the reason.

Country link: an entry is linked to the country its programme targets (data/sanctions/programmes.yaml), so the
counts are the lists' own regime counts (OFAC BELARUS + BELARUS-EO14038, EU programme BLR, UK Belarus regime).
Nationalities and addresses the lists give are kept with the entry (shown by ``sanctions list``) but link no
country. Layouts: docs/sanctions.md.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from dyadwatch.errors import FormatError, InputError
from dyadwatch.sanctions.ftm import DESIG_COLS, KIND, IngestResult, _Writer, file_sha256
from dyadwatch.sanctions.programmes import LISTS, target

FORMATS = ("ofac", "eu", "uk", "uk-fcdo", "subset")
DATASETS = {"ofac": "ofac_sdn_csv", "eu": "eu_fsf_csv", "uk": "uk_sanctions_list", "uk-fcdo": "uk_sanctions_list"}
_LIST_OF = {"ofac": "ofac", "eu": "eu", "uk": "uk", "uk-fcdo": "uk"}
ID_PREFIX = {"ofac": "ofac", "eu": "eu", "uk": "uk"}
SUBSET_HEADER = ["list", "list_id", "name", "type", "programme", "date_designated"]
csv.field_size_limit(1 << 24)

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), start=1)}


def parse_date(text: str | None) -> str | None:
    """YYYY-MM-DD from 'YYYY-MM-DD', 'DD/MM/YYYY', 'DD-Mon-YYYY', 'DD Mon YYYY' or 'YYYYMMDD'; None if none."""
    s = (text or "").strip()
    if not s or s.upper() == "NA":
        return None
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", s):
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", s):
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        if m := re.fullmatch(r"(\d{1,2})[- ]([A-Za-z]{3})[A-Za-z]*[- ](\d{4})", s):
            return dt.date(int(m[3]), _MONTHS[m[2].lower()], int(m[1])).isoformat()
        if m := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s):
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except (ValueError, KeyError):
        return None
    return None


def _date_in_name(path: Path) -> str | None:
    m = re.search(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)", path.name)
    return parse_date("".join(m.groups())) if m else None


def text_encoding(path: Path) -> str:
    """'utf-8-sig' when the whole file decodes as UTF-8, else 'latin-1' (OFAC's legacy files are Latin-1)."""
    import codecs

    dec = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as fh:
        try:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                dec.decode(chunk)
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            return "latin-1"
    return "utf-8-sig"


# --- detection ------------------------------------------------------------------------------------
def sniff(path: Path) -> str:
    """The format of one file: ftm, csv, ofac, ofac-add, ofac-alt, eu, uk, uk-part or uk-fcdo."""
    if path.is_dir():
        if (path / "subjects.csv").is_file():
            return "uk"
        raise FormatError("a folder is read only as the UK list's normalised tables (subjects.csv inside)",
                          file=str(path))
    with open(path, "rb") as fh:
        head = fh.read(8192)
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text:
        raise FormatError("the file is empty", file=str(path))
    if text.startswith(b"{"):
        return "ftm"
    first = text.split(b"\n", 1)[0].decode("utf-8", "replace").strip("\r")
    low = first.lower()
    if "entity_logical_id" in low or "entity_logicalid" in low:
        return "eu"
    if low.startswith("report date") or ("unique id" in low and "regime" in low):
        return "uk-fcdo"
    if low.startswith("unique_id,subject_type"):
        return "uk"
    if low.split(",")[1:2] == ["unique_id"]:      # subject_names.csv, subject_countries.csv, …
        return "uk-part"
    if "id" in low and "schema" in low and "," in low:
        return "csv"
    row = next(csv.reader([first]), [])
    if row and row[0].strip().isdigit():
        if len(row) == 12:
            return "ofac"
        if len(row) == 6 and row[1].strip().isdigit():
            return "ofac-add"
        if len(row) == 5 and row[1].strip().isdigit():
            return "ofac-alt"
    raise FormatError("neither FollowTheMoney JSON lines (a '{' first), an OpenSanctions CSV (a header with "
                      "id,schema,name), OFAC's sdn.csv (12 columns, no header), an EU Financial Sanctions CSV "
                      "(Entity_logical_id or Entity_LogicalId columns) nor a UK Sanctions List CSV",
                      file=str(path), line=1,
                      hint="choose the format with --format")


def ingest_files(store, files, fmt: str | None = None, *, list_date: str | None = None,
                 progress: bool = False) -> list[IngestResult]:
    """Ingest FILES (paths or URLs) in any supported format. OFAC's add.csv/alt.csv join the sdn.csv given with
    them; the UK's subject_*.csv tables join subjects.csv."""
    from dyadwatch.sanctions.ftm import ingest

    if list_date is not None and parse_date(list_date) is None:
        raise InputError(f"bad list date {list_date!r}", hint="use YYYY-MM-DD")
    mains: list[tuple[str, str]] = []
    companions: dict[str, Path] = {}
    for f in files:
        text = str(f)
        if text.startswith(("http://", "https://")):
            mains.append((text, "url"))     # downloaded, then detected (or --format) by ftm.ingest
            continue
        p = Path(text)
        if not p.exists():
            raise InputError(f"{p}: no such file", hint="give a sanctions list file, or a URL")
        kind = fmt if fmt and fmt not in ("ofac", "uk") else None
        kind = kind or sniff(p)
        if fmt in ("ofac", "uk") and kind not in ("ofac-add", "ofac-alt", "uk-part"):
            kind = fmt
        if kind in ("ofac-add", "ofac-alt"):
            companions[kind[5:]] = p
        elif kind == "uk-part":
            companions[p.stem] = p
        else:
            mains.append((text, kind))
    if companions and not any(k in ("ofac", "uk") for _, k in mains):
        raise InputError(f"{', '.join(str(p) for p in companions.values())}: companion file(s) of a list given "
                         "without the list", hint="give OFAC's add.csv/alt.csv with sdn.csv, the UK "
                                                  "subject_*.csv tables with subjects.csv")
    out = []
    for text, kind in mains:
        if kind in FORMATS:
            comp = {k: v for k, v in companions.items()
                    if (kind == "ofac" and k in ("add", "alt")) or (kind == "uk" and k.startswith("subject_"))}
            out.append(ingest_list(store, Path(text), kind, companions=comp, list_date=list_date))
        else:
            out.append(ingest(store, text, fmt=fmt if kind == "url" else kind, progress=progress))
    return out


# --- the driver -----------------------------------------------------------------------------------
def ingest_list(store, path: str | Path, fmt: str, *, companions: dict[str, Path] | None = None,
                list_date: str | None = None, url: str | None = None, lst: str | None = None,
                source: dict[str, Any] | None = None) -> IngestResult:
    """Ingest one official list file (with its companion files) in format `fmt` (ofac, eu, uk, uk-fcdo, or
    `subset`: dyadwatch's own derived subset of list `lst`, with its `source` row given)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown sanctions list format {fmt!r}", hint="use " + ", ".join(FORMATS))
    path = Path(path)
    companions = dict(companions or {})
    if fmt == "uk":
        if path.is_dir():
            path = path / "subjects.csv"
        for part in ("subject_names", "subject_countries"):
            cand = path.parent / f"{part}.csv"
            if part not in companions and cand.is_file():
                companions[part] = cand
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    for p in companions.values():
        if not p.is_file():
            raise InputError(f"{p}: no such file")
    sha = file_sha256(path)
    if companions:
        h = hashlib.sha256(sha.encode())
        for k in sorted(companions):
            h.update(f"\x1f{k}={file_sha256(companions[k])}".encode())
        sha = h.hexdigest()
    result = IngestResult(str(path), sha, fmt)
    if store.ledger_has(sha, KIND):
        result.status = "unchanged"
        return result
    lst = lst or _LIST_OF.get(fmt)
    if lst not in LISTS:
        raise InputError(f"unknown list {lst!r}", hint="one of " + ", ".join(LISTS))
    meta = LISTS[lst]
    source_id = source["id"] if source else f"{lst}-list-{sha[:12]}"
    result.source_id = source_id
    dataset = DATASETS[lst]
    enc = text_encoding(path)
    with store.transaction():
        prev_date = store.scalar("SELECT max(s.date) FROM sanctions_designations d JOIN sources s "
                                 "ON s.id = d.source_id WHERE d.dataset = ? AND d.end_date IS NULL", [dataset])
        w = _Writer(store, sha, source_id, result)
        try:
            with open(path, encoding=enc, newline="") as fh:
                if fmt == "ofac":
                    from dyadwatch.sanctions.ofac import read_ofac

                    found_date = read_ofac(fh, w, dataset, companions)
                elif fmt == "eu":
                    from dyadwatch.sanctions.eu import read_eu

                    found_date = read_eu(fh, w, dataset, str(path))
                elif fmt == "subset":
                    found_date = _read_subset(fh, w, dataset, lst, str(path))
                else:
                    from dyadwatch.sanctions import uk

                    reader = uk.read_tables if fmt == "uk" else uk.read_fcdo
                    found_date = reader(fh, w, dataset, companions, str(path))
        except UnicodeDecodeError as exc:
            raise FormatError(f"not text in {enc} ({exc.reason})", file=str(path)) from None
        except csv.Error as exc:
            raise FormatError(f"malformed CSV: {exc}", file=str(path)) from None
        w.flush()
        if result.entities == 0:
            raise FormatError(f"no list entries found ({result.rows_read} rows read, {result.quarantined} "
                              "quarantined)", file=str(path), hint=f"is this a {meta['title']} file?")
        # the file's own date first; --list-date is for files without one (OFAC's sdn.csv)
        date = found_date or parse_date(list_date) or _date_in_name(path)
        basis = ("from the file" if found_date else "given with --list-date" if list_date
                 else "from the file name" if date else "unknown")
        result.list_date = date
        result.delisted = _supersede(store, dataset, sha, date, prev_date)
        if source:
            _register_given(store, source)
        else:
            _register(store, source_id, meta, path, url, sha, date, basis, fmt)
        store.insert_rows("ingest_ledger", ["sha256", "path", "kind", "rows_read", "rows_kept", "rows_quarantined",
                                            "rows_duplicate", "note"],
                          [[sha, url or str(path.resolve()), KIND, result.rows_read,
                            result.entities + result.designations, result.quarantined, 0,
                            f"{fmt}; list date {date or 'unknown'} ({basis}); companions "
                            f"{', '.join(sorted(companions)) or 'none'}"]])
    return result


def _supersede(store, dataset: str, sha: str, date: str | None, prev_date: str | None) -> int:
    """Reconcile the rows of earlier files of the same list with this file (a list file is a full snapshot).

    An entry in this file replaces its earlier rows. An earlier entry missing from it was delisted: when both
    lists are dated and this one is newer, its designations stay with this list's date as their end date (lifted
    at the latest then, so as-of counts before it still see them); otherwise (undated, or an older file) they
    are removed. Returns the number of designations marked lifted."""
    store.execute("DELETE FROM sanctions_designations WHERE dataset = ? AND ledger_sha256 <> ? AND entity_id IN "
                  "(SELECT id FROM sanctioned_entities WHERE ledger_sha256 = ?)", [dataset, sha, sha])
    if date and prev_date and date > prev_date:
        n = store.scalar("SELECT count(*) FROM sanctions_designations WHERE dataset = ? AND ledger_sha256 <> ? "
                         "AND end_date IS NULL", [dataset, sha])
        store.execute("UPDATE sanctions_designations SET end_date = ?, status = 'delisted' WHERE dataset = ? AND "
                      "ledger_sha256 <> ? AND end_date IS NULL", [date, dataset, sha])
        return n
    ids = "SELECT id FROM sanctioned_entities WHERE list_contains(datasets, ?) AND ledger_sha256 <> ?"
    for table in ("sanctioned_entity_countries", "sanctioned_entity_links"):
        store.execute(f"DELETE FROM {table} WHERE entity_id IN ({ids})", [dataset, sha])
    store.execute("DELETE FROM sanctions_designations WHERE dataset = ? AND ledger_sha256 <> ?", [dataset, sha])
    store.execute("DELETE FROM sanctioned_entities WHERE list_contains(datasets, ?) AND ledger_sha256 <> ?",
                  [dataset, sha])
    return 0


def _register(store, source_id, meta, path, url, sha, date, basis, fmt) -> None:
    store.execute("DELETE FROM sources WHERE id = ?", [source_id])
    store.insert_rows("sources", ["id", "title", "publisher", "url", "date", "licence", "note", "retrieved_at",
                                  "origin"], [[
        source_id, f"{meta['title']}, {path.name}" + (f", as of {date}" if date else ", date unknown"),
        meta["publisher"], url or meta["url"], date, meta["licence"],
        f"Ingested by `dyadwatch ingest sanctions` ({fmt} layout, sha256 {sha[:12]}); list date {basis}.",
        dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), f"sanctions:{sha}"]])


def _register_given(store, source: dict[str, Any]) -> None:
    cols = ["id", "title", "publisher", "url", "date", "licence", "note", "origin"]
    store.execute("DELETE FROM sources WHERE id = ?", [source["id"]])
    store.insert_rows("sources", cols, [[source.get(c) for c in cols]])


def _read_subset(stream, w: _Writer, dataset: str, lst: str, name: str) -> str | None:
    """dyadwatch's derived subset of a list (see sanctions/bundled.py): one row per designation."""
    reader = csv.reader(stream)
    header = next(reader, [])
    if header != SUBSET_HEADER:
        raise FormatError(f"a derived subset starts with the header {','.join(SUBSET_HEADER)}", file=name, line=1)
    issuer = LISTS[lst]["issuer"]
    entries: dict[str, dict[str, Any]] = {}
    for row in reader:
        w.result.rows_read += 1
        if len(row) != len(SUBSET_HEADER) or row[0] != lst or not row[1] or not row[2]:
            w.quarantine_row(reader.line_num, f"expected {len(SUBSET_HEADER)} columns, list {lst!r}, an id and a "
                                              "name", ",".join(row))
            continue
        e = entries.setdefault(row[1], {"line": reader.line_num, "name": row[2], "type": row[3], "programmes": [],
                                        "date": parse_date(row[5])})
        e["programmes"].append(row[4])
    for lid, e in entries.items():
        add_entry(w, issuer=issuer, dataset=dataset, eid=f"{ID_PREFIX[lst]}-{lid}", schema=e["type"],
                  name=e["name"], programmes=e["programmes"], line=e["line"],
                  props={"name": e["name"], "list_id": lid, "subset": True}, date=e["date"],
                  date_basis="dateDesignated" if e["date"] else "none")
    return None


def add_entry(w: _Writer, *, issuer: str, dataset: str, eid: str, schema: str, name: str,
              programmes: list[str], line: int, props: dict[str, Any], date: str | None = None,
              date_basis: str = "none", authority: str | None = None, end_date: str | None = None) -> None:
    """One list entry: its entity row, its programme-target country links and one designation per programme."""
    for prog in dict.fromkeys(programmes):
        tgt = target(issuer, prog)
        if tgt:
            w.countries.append([eid, "programme", prog, tgt, w.sha])
    w.add_entity([eid, schema, name, True, ["sanction"], [], [dataset], None, None,
                  json.dumps(props, ensure_ascii=False), w.source_id, w.sha, line])
    for prog in dict.fromkeys(programmes):
        row = dict.fromkeys(DESIG_COLS)
        row.update(id=f"{eid}:{prog}", entity_id=eid, issuer=issuer, issuer_basis=f"list:{dataset}",
                   authority=authority, program=prog, program_id=prog, program_target=target(issuer, prog),
                   start_date=date, end_date=end_date, date=date, date_basis=date_basis, dataset=dataset,
                   origin="list", source_id=w.source_id, ledger_sha256=w.sha, line=line)
        w.add_designation([row[c] for c in DESIG_COLS])
