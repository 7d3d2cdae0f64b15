"""Read FollowTheMoney entity streams and OpenSanctions' simplified CSV into the store.

    result = ingest(store, "entities.ftm.json")      # or targets.simple.csv, or an http(s) URL

Both readers stream (one line / one CSV row at a time, written in batches), are idempotent (the file's
SHA-256 is kept in the core ``ingest_ledger``; a known file is skipped, and re-ingesting an entity from
another file replaces its rows) and atomic (one transaction per file: a bad file stores nothing). Bad
records (not JSON, no id, a Sanction without its entity, an unknown country code) go to ``quarantine``
with a reason and are counted; nothing is dropped silently.

FollowTheMoney rules applied (checked against followthemoney/schema/*.yaml):

* target schemata: Person, Organization, Company, LegalEntity, Vessel (Address kept to resolve countries);
  other schemata (Identification, Ownership, …) are counted and skipped.
* countries: every country-typed property — Thing.country, LegalEntity.jurisdiction/mainCountry,
  Person.nationality/citizenship/birthCountry, Vessel.flag/pastFlags — and, through ``addressEntity``, the
  Address's country. A person's only country is often ``nationality``.
* ``Sanction`` entities link to their entity through ``entity``; the designation date is the Sanction's
  ``startDate``, else its ``listingDate``; ``first_seen`` is when OpenSanctions first saw a record and is
  never used as a designation date. An entity listed in a sanctions dataset with no Sanction entity gets
  an undated designation (origin 'dataset', date_basis 'none') so that it is counted, honestly undated.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from dyadwatch.errors import FormatError, InputError

KIND = "sanctions"
BATCH = 2000
TARGET_SCHEMATA = ("Person", "Organization", "Company", "LegalEntity", "Vessel")
KEPT_SCHEMATA = TARGET_SCHEMATA + ("Address", "PublicBody")
# country-typed properties per schema (followthemoney/schema/*.yaml); a schema inherits its parents'
_THING = ("country",)
_LEGAL = _THING + ("jurisdiction", "mainCountry")
COUNTRY_PROPS: dict[str, tuple[str, ...]] = {
    "LegalEntity": _LEGAL, "Organization": _LEGAL, "Company": _LEGAL, "PublicBody": _LEGAL,
    "Person": _LEGAL + ("nationality", "citizenship", "birthCountry"),
    "Vessel": _THING + ("flag", "pastFlags"),
    "Address": _THING,
}
ALL_COUNTRY_PROPS = sorted({p for props in COUNTRY_PROPS.values() for p in props})
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")

ENTITY_COLS = ["id", "schema", "caption", "target", "topics", "sectors", "datasets", "first_seen", "last_seen",
               "properties", "source_id", "ledger_sha256", "line"]
DESIG_COLS = ["id", "entity_id", "issuer", "issuer_basis", "authority", "program", "program_id", "program_target",
              "sanction_country", "start_date", "listing_date", "end_date", "date", "date_basis", "status",
              "dataset", "origin", "source_id", "ledger_sha256", "line"]


# --- issuer and programme rules (data/sanctions/issuers.yaml) ----------------------------------------
@lru_cache(maxsize=1)
def issuer_rules() -> dict[str, Any]:
    from importlib.resources import files

    import yaml

    text = (files("dyadwatch") / "data" / "sanctions" / "issuers.yaml").read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    targets = [(t["country"], re.compile(t["pattern"], re.IGNORECASE)) for t in doc["programme_targets"]]
    return {"issuers": doc["issuers"], "targets": targets}


def derive_issuer(*, countries=(), authorities=(), program_ids=(), datasets=()) -> tuple[str, str | None]:
    """(issuer code, the rule that decided it) — 'unknown' with basis None when nothing matches."""
    rules = issuer_rules()["issuers"]
    for code in countries:
        for issuer, r in rules.items():
            if str(code).lower() in (r.get("countries") or []):
                return issuer, f"country:{code}"
    for text in authorities:
        low = str(text).lower()
        for issuer, r in rules.items():
            if any(a in low for a in r.get("authority") or []):
                return issuer, f"authority:{text}"
    for pid in program_ids:
        prefix = str(pid).split("-", 1)[0].upper()
        for issuer, r in rules.items():
            if prefix in (r.get("program_prefixes") or []):
                return issuer, f"programId:{pid}"
    for ds in datasets:
        for issuer, r in rules.items():
            if ds in (r.get("datasets") or []):
                return issuer, f"dataset:{ds}"
    return "unknown", None


def programme_target(*texts: str | None) -> str | None:
    """ISO3 of the country a programme targets, or None when no rule matches. `texts` are tried in order
    (programme text before programme id), each against every rule."""
    for text in texts:
        for country, pattern in issuer_rules()["targets"]:
            if text and pattern.search(text):
                return country
    return None


@lru_cache(maxsize=4096)
def country_iso3(code: str) -> str | None:
    """FtM country code (lower-case ISO2, e.g. 'by') -> ISO3, or None when the crosswalk does not know it
    (OpenSanctions' special codes such as 'suhh' Soviet Union, 'eu', 'zz')."""
    from dyadwatch.countries import lookup
    from dyadwatch.errors import InputError as _IE

    try:
        return lookup(code.strip().upper(), "iso2").iso3
    except (_IE, KeyError):
        return None


# --- the writer -----------------------------------------------------------------------------------
@dataclass
class IngestResult:
    path: str
    sha256: str
    format: str
    status: str = "loaded"                    # loaded | unchanged
    rows_read: int = 0
    entities: int = 0
    designations: int = 0
    designations_undated: int = 0
    quarantined: int = 0
    skipped_schemata: dict[str, int] = field(default_factory=dict)
    unknown_countries: dict[str, int] = field(default_factory=dict)
    source_id: str | None = None
    list_date: str | None = None              # official lists: the date of the list (None when unknown)
    delisted: int = 0                         # official lists: earlier designations this newer list no longer has

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class _Writer:
    """Buffers rows and writes them in batches inside the caller's transaction."""

    def __init__(self, store, sha: str, source_id: str, result: IngestResult):
        self.store, self.sha, self.source_id, self.result = store, sha, source_id, result
        self.entities: list[list] = []
        self.countries: list[list] = []
        self.links: list[list] = []
        self.designations: list[list] = []
        self.quarantine: list[list] = []

    def quarantine_row(self, line: int | None, reason: str, raw: str | None) -> None:
        self.quarantine.append([self.sha, KIND, line, reason, (raw or "")[:2000]])
        self.result.quarantined += 1
        self._maybe_flush()

    def add_country(self, entity_id: str, prop: str, code: str, line: int | None) -> None:
        iso3 = country_iso3(code)
        if iso3 is None:
            self.result.unknown_countries[code] = self.result.unknown_countries.get(code, 0) + 1
            self.quarantine_row(line, f"unknown country code {code!r} in {prop} of entity {entity_id}: kept the "
                                      "entity, linked to no country", None)
        self.countries.append([entity_id, prop, code, iso3, self.sha])

    def add_entity(self, row: list) -> None:
        self.entities.append(row)
        self.result.entities += 1
        self._maybe_flush()

    def add_designation(self, row: list) -> None:
        self.designations.append(row)
        self.result.designations += 1
        if row[DESIG_COLS.index("date")] is None:
            self.result.designations_undated += 1
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if len(self.entities) + len(self.designations) + len(self.quarantine) >= BATCH:
            self.flush()

    def flush(self) -> None:
        st = self.store
        if self.entities:
            ids = [r[0] for r in self.entities]
            for table, col in (("sanctioned_entities", "id"), ("sanctioned_entity_countries", "entity_id"),
                               ("sanctioned_entity_links", "entity_id")):
                st.execute(f"DELETE FROM {table} WHERE {col} IN (SELECT unnest(?::VARCHAR[]))", [ids])
            st.execute("DELETE FROM sanctions_designations WHERE origin = 'dataset' AND entity_id IN "
                       "(SELECT unnest(?::VARCHAR[]))", [ids])
            _insert(st, "sanctioned_entities", ENTITY_COLS, self.entities)
        _insert(st, "sanctioned_entity_countries",
                       ["entity_id", "prop", "code", "iso3", "ledger_sha256"], self.countries)
        _insert(st, "sanctioned_entity_links", ["entity_id", "prop", "target_id", "ledger_sha256"], self.links)
        if self.designations:
            keys = [f"{r[0]}\x1f{r[1]}" for r in self.designations]
            st.execute("DELETE FROM sanctions_designations WHERE id || chr(31) || entity_id IN "
                       "(SELECT unnest(?::VARCHAR[]))", [keys])
            _insert(st, "sanctions_designations", DESIG_COLS, self.designations)
        _insert(st, "quarantine", ["ledger_sha256", "kind", "line", "reason", "raw"], self.quarantine)
        self.entities, self.countries, self.links, self.designations, self.quarantine = [], [], [], [], []


def _insert(store, table: str, cols: list[str], rows: list[list]) -> None:
    """Insert a batch: through an Arrow table (one INSERT … SELECT) when it is large, since row-by-row
    executemany costs about a millisecond a row in DuckDB."""
    try:
        import pyarrow as pa   # comes with ibis-framework[duckdb]
    except ImportError:        # pragma: no cover - slower, same result
        pa = None
    if len(rows) < 64 or pa is None:
        store.insert_rows(table, cols, rows)
        return

    data = pa.table({c: [r[i] for r in rows] for i, c in enumerate(cols)})
    view = f"_dyadwatch_batch_{table}"
    store.con.register(view, data)
    try:
        names = ", ".join(cols)
        store.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {view}")
    finally:
        store.con.unregister(view)


def _first(values) -> str | None:
    return values[0] if values else None


def _date(values) -> str | None:
    """Earliest well-formed date among FtM date values (YYYY, YYYY-MM or YYYY-MM-DD prefixes)."""
    dates = sorted(m.group(0) for v in values or [] if (m := DATE_RE.match(str(v))))
    return dates[0] if dates else None


def _designation_date(start: str | None, listing: str | None) -> tuple[str | None, str]:
    if start:
        return start, "startDate"
    if listing:
        return listing, "listingDate"
    return None, "none"


# --- FollowTheMoney JSON lines --------------------------------------------------------------------
def _read_ftm(stream, w: _Writer) -> None:
    res = w.result
    for lineno, raw in enumerate(stream, start=1):
        text = raw.strip()
        if not text:
            continue
        res.rows_read += 1
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            w.quarantine_row(lineno, f"not a JSON object: {exc.msg} (column {exc.colno})", text)
            continue
        except RecursionError:
            w.quarantine_row(lineno, "not an FtM entity: JSON nested too deeply", text[:2000])
            continue
        if not isinstance(obj, dict) or not obj.get("id") or not obj.get("schema"):
            w.quarantine_row(lineno, "an FtM entity needs 'id' and 'schema'", text)
            continue
        if not isinstance(obj["schema"], str) or not isinstance(obj["id"], (str, int)):
            w.quarantine_row(lineno, "'id' and 'schema' must be text", text)
            continue
        props = obj.get("properties") or {}
        if not isinstance(props, dict) or any(not isinstance(v, list) for v in props.values()):
            w.quarantine_row(lineno, "'properties' must map each property to a list of values", text)
            continue
        bad = next((k for k, v in props.items() if any(not isinstance(x, (str, int, float)) for x in v)), None)
        if bad is not None:
            w.quarantine_row(lineno, f"property {bad!r} must hold text values, not objects or lists", text)
            continue
        if not isinstance(obj.get("datasets") or [], list):
            w.quarantine_row(lineno, "'datasets' must be a list of dataset names", text)
            continue
        schema = obj["schema"]
        if schema == "Sanction":
            _sanction(obj, props, lineno, w, text)
        elif schema in KEPT_SCHEMATA:
            _entity(obj, props, lineno, w)
        else:
            res.skipped_schemata[schema] = res.skipped_schemata.get(schema, 0) + 1


def _entity(obj: dict, props: dict, lineno: int, w: _Writer) -> None:
    eid, schema = str(obj["id"]), obj["schema"]
    allowed = COUNTRY_PROPS.get(schema, _THING)
    for prop in ALL_COUNTRY_PROPS:
        for code in props.get(prop, []):
            if prop not in allowed:
                w.quarantine_row(lineno, f"{prop!r} is not a property of {schema} in FollowTheMoney: value "
                                         f"{code!r} ignored", None)
                continue
            w.add_country(eid, prop, str(code), lineno)
    for target in props.get("addressEntity", []):
        w.links.append([eid, "addressEntity", str(target), w.sha])
    topics = [str(t) for t in props.get("topics", [])]
    target = obj.get("target")
    if target is None:
        target = schema in TARGET_SCHEMATA and "sanction" in topics
    w.add_entity([eid, schema, obj.get("caption") or _first(props.get("name", [])), bool(target), topics,
                  [str(s) for s in props.get("sector", [])], [str(d) for d in obj.get("datasets") or []],
                  obj.get("first_seen"), obj.get("last_seen"), json.dumps(props, ensure_ascii=False),
                  w.source_id, w.sha, lineno])


def _sanction(obj: dict, props: dict, lineno: int, w: _Writer, text: str) -> None:
    entities = [str(e) for e in props.get("entity", [])]
    if not entities:
        w.quarantine_row(lineno, f"Sanction {obj['id']} has no 'entity' (FtM requires it): not counted", text)
        return
    authority = _first(props.get("authority", []))
    program = "; ".join(props.get("program", [])) or None
    program_id = _first(props.get("programId", []))
    country = _first(props.get("country", []))
    datasets = [str(d) for d in obj.get("datasets") or []]
    issuer, basis = derive_issuer(countries=props.get("country", []), authorities=props.get("authority", []),
                                  program_ids=props.get("programId", []), datasets=datasets)
    start, listing = _date(props.get("startDate")), _date(props.get("listingDate"))
    date, date_basis = _designation_date(start, listing)
    for eid in entities:
        w.add_designation([str(obj["id"]), eid, issuer, basis, authority, program, program_id,
                           programme_target(program, program_id, authority), country, start, listing,
                           _date(props.get("endDate")), date, date_basis, _first(props.get("status", [])),
                           _first(datasets), "sanction", w.source_id, w.sha, lineno])


# --- OpenSanctions targets.simple.csv -------------------------------------------------------------
CSV_REQUIRED = ("id", "schema", "name")


def _split(value: str | None) -> list[str]:
    """A `;`-joined multi-value cell (written with csv quoting, delimiter ';')."""
    if not value:
        return []
    return [v.strip() for v in next(csv.reader([value], delimiter=";")) if v.strip()]


def parse_sanction_text(text: str) -> dict[str, str | None]:
    """'program - reason - status - startDate - endDate' (empty parts left out) -> its parts.

    Dates are recognised from the end; the first date is taken as startDate (OpenSanctions writes startDate
    before endDate; a lone date is ambiguous and read as startDate)."""
    parts = [p.strip() for p in text.split(" - ")]
    dates = []
    while parts and DATE_RE.fullmatch(parts[-1]):
        dates.insert(0, parts.pop())
    return {"program": parts[0] if parts else None, "rest": " - ".join(parts[1:]) or None,
            "start": dates[0] if dates else None, "end": dates[1] if len(dates) > 1 else None}


def _read_csv(stream, w: _Writer, name: str) -> None:
    res = w.result
    reader = csv.DictReader(stream)
    header = reader.fieldnames or []
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        raise FormatError(f"not an OpenSanctions simplified CSV: header lacks {', '.join(missing)} "
                          f"(found {', '.join(header[:8]) or 'nothing'})", file=name, line=1)
    for row in reader:
        lineno = reader.line_num
        res.rows_read += 1
        if None in row or any(v is None for v in row.values()):
            w.quarantine_row(lineno, f"expected {len(header)} columns", json.dumps(row, default=str))
            continue
        eid, schema = row["id"].strip(), row["schema"].strip()
        if not eid or not schema:
            w.quarantine_row(lineno, "a row needs 'id' and 'schema'", json.dumps(row))
            continue
        for code in _split(row.get("countries")):
            w.add_country(eid, "countries", code, lineno)
        datasets = _split(row.get("dataset") or row.get("datasets"))
        program_ids = _split(row.get("program_ids"))
        props = {"name": [row["name"]], "aliases": _split(row.get("aliases")),
                 "birth_date": _split(row.get("birth_date")), "identifiers": _split(row.get("identifiers"))}
        w.add_entity([eid, schema, row["name"], True, ["sanction"] if row.get("sanctions") else [], [],
                      datasets, row.get("first_seen") or None, row.get("last_seen") or None,
                      json.dumps(props, ensure_ascii=False), w.source_id, w.sha, lineno])
        for i, text in enumerate(_split(row.get("sanctions"))):
            parts = parse_sanction_text(text)
            pid = program_ids[0] if len(program_ids) == 1 else None
            issuer, basis = derive_issuer(authorities=[text], program_ids=[pid] if pid else [],
                                          datasets=datasets if len(datasets) == 1 else [])
            if issuer == "unknown":  # the programme text may name the issuer, e.g. 'EU-BLR', 'GB-RUS'
                issuer, basis = derive_issuer(program_ids=[parts["program"] or ""])
            date, date_basis = _designation_date(parts["start"], None)
            w.add_designation([f"{eid}#csv{i}", eid, issuer, basis, None, parts["program"], pid,
                               programme_target(parts["program"], pid), None, parts["start"], None, parts["end"],
                               date, date_basis, None, _first(datasets), "csv", w.source_id, w.sha, lineno])


# --- entry point ----------------------------------------------------------------------------------
def _sniff(head: bytes, name: str) -> str:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text:
        raise FormatError("the file is empty", file=name)
    if text.startswith(b"{"):
        return "ftm"
    first = text.split(b"\n", 1)[0].decode("utf-8", "replace").lower()
    if "id" in first and "schema" in first and "," in first:
        return "csv"
    from dyadwatch.sanctions.official import sniff

    kind = sniff(Path(name))
    if kind in ("ofac", "eu", "uk", "uk-fcdo"):
        return kind
    raise FormatError("neither FollowTheMoney JSON lines (a '{' first) nor an OpenSanctions CSV (a header "
                      "with id,schema,name)", file=name, line=1)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        yield from fh


def ingest(store, path_or_url: str | os.PathLike, *, fmt: str | None = None, url: str | None = None,
           progress: bool = False) -> IngestResult:
    """Ingest one FtM JSON-lines file or OpenSanctions simplified CSV (or an http(s) URL to one)."""
    text = str(path_or_url)
    if text.startswith(("http://", "https://")):
        from dyadwatch.sanctions.fetch import download

        path = download(text)
        url = text
    else:
        path = Path(text)
    if not path.is_file():
        raise InputError(f"{path}: no such file", hint="give an entities.ftm.json or targets.simple.csv path or URL")
    name = str(path)
    sha = file_sha256(path)
    with open(path, "rb") as fh:
        head = fh.read(4096)
    fmt = fmt or _sniff(head, name)
    if fmt in ("ofac", "eu", "uk", "uk-fcdo"):
        from dyadwatch.sanctions.official import ingest_list

        return ingest_list(store, path, fmt, url=url)
    if fmt not in ("ftm", "csv"):
        raise InputError(f"unknown sanctions format {fmt!r}", hint="use ftm, csv, ofac, eu, uk or uk-fcdo")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a multi-byte character cut at the 4096-byte boundary
            raise FormatError(f"not UTF-8 text (byte {exc.start})", file=name) from None
    result = IngestResult(name, sha, fmt)
    if store.ledger_has(sha, KIND):
        result.status = "unchanged"
        return result
    source_id = f"opensanctions-{sha[:12]}"
    result.source_id = source_id
    with store.transaction():
        w = _Writer(store, sha, source_id, result)
        try:
            stream = _lines(path)
            if progress:
                stream = _progress(stream, path)
            if fmt == "ftm":
                _read_ftm(stream, w)
            else:
                _read_csv(stream, w, name)
        except UnicodeDecodeError as exc:
            raise FormatError(f"not UTF-8 text ({exc.reason} at byte {exc.start} of a line)", file=name) from None
        except csv.Error as exc:
            raise FormatError(f"malformed CSV: {exc}", file=name) from None
        w.flush()
        _undated_listings(store, w)
        w.flush()
        # a Sanction ingested later supersedes the undated dataset listing of the same entity and issuer
        store.execute("DELETE FROM sanctions_designations d WHERE origin = 'dataset' AND EXISTS (SELECT 1 FROM "
                      "sanctions_designations s WHERE s.origin <> 'dataset' AND s.entity_id = d.entity_id AND "
                      "s.issuer = d.issuer)")
        if result.entities == 0 and result.designations == 0:
            raise FormatError(f"no entities or sanctions found ({result.rows_read} records read, "
                              f"{result.quarantined} quarantined)", file=name,
                              hint="is this an FtM entities.ftm.json or a targets.simple.csv?")
        _register_source(store, source_id, path, url, sha)
        store.insert_rows("ingest_ledger", ["sha256", "path", "kind", "rows_read", "rows_kept", "rows_quarantined",
                                            "rows_duplicate", "note"],
                          [[sha, url or str(path.resolve()), KIND, result.rows_read,
                            result.entities + result.designations, result.quarantined, 0,
                            f"{fmt}; {result.designations_undated} designations without a date"]])
    return result


def _undated_listings(store, w: _Writer) -> None:
    """Target entities of this file listed in a sanctions dataset but with no designation: one undated
    designation per (entity, issuer of the dataset), so they are counted and plainly marked undated."""
    rows = store.execute(
        "SELECT e.id, e.datasets, e.line FROM sanctioned_entities e WHERE e.ledger_sha256 = ? AND e.target "
        "AND list_contains(e.topics, 'sanction') "
        "AND NOT EXISTS (SELECT 1 FROM sanctions_designations d WHERE d.entity_id = e.id)", [w.sha])
    for eid, datasets, line in rows.fetchall():
        seen = set()
        for ds in datasets or []:
            issuer, basis = derive_issuer(datasets=[ds])
            if issuer in seen:
                continue
            seen.add(issuer)
            w.designations.append([f"{ds}:{eid}", eid, issuer, basis, None, None, None, None, None, None,
                                   None, None, None, "none", None, ds, "dataset", w.source_id, w.sha, line])
            w.result.designations += 1
            w.result.designations_undated += 1


def _register_source(store, source_id: str, path: Path, url: str | None, sha: str) -> None:
    store.execute("DELETE FROM sources WHERE id = ?", [source_id])
    store.insert_rows("sources", ["id", "title", "publisher", "url", "licence", "note", "retrieved_at", "origin"], [[
        source_id, f"OpenSanctions export {path.name} (sha256 {sha[:12]})", "OpenSanctions", url,
        "CC BY-NC 4.0",
        "Sanctions entities ingested by `dyadwatch ingest sanctions`; designation dates are the Sanction "
        "entities' startDate/listingDate (never first_seen).",
        dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), f"sanctions:{sha}"]])


def _progress(stream: Iterator[str], path: Path) -> Iterator[str]:
    from rich.progress import Progress

    total = path.stat().st_size
    with Progress(transient=True) as bar:
        task = bar.add_task(f"reading {path.name}", total=total)
        for line in stream:
            bar.advance(task, len(line.encode("utf-8")))
            yield line


__all__ = ["ingest", "IngestResult", "derive_issuer", "programme_target", "country_iso3", "parse_sanction_text",
           "ALL_COUNTRY_PROPS"]
