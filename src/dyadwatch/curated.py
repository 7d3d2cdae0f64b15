"""Curated data: YAML files of sources, claims, observations, events and recommendations.

Loading validates every record first and writes nothing unless all files are valid; the writes happen in
one transaction, keyed by id (observations by their natural key), so loading the same content twice
changes nothing. Errors name the file, the line and the field.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from dyadwatch.errors import ValidationError, read_input

SECTIONS = ("sources", "claims", "observations", "events", "recommendations")


# --- YAML: the one safe reader (dyadwatch.safeyaml); these names stay for the modules that import them ----
def parse_yaml(text: str, file: str) -> Any:
    from dyadwatch.safeyaml import load

    return load(text, file)


def _plain(value: Any) -> Any:
    from dyadwatch.safeyaml import plain

    return plain(value)


# --- validation --------------------------------------------------------------------------------
@dataclass
class CuratedFile:
    path: str
    sha256: str
    origin: str
    records: dict[str, list] = field(default_factory=lambda: {s: [] for s in SECTIONS})


def _model_for(section: str):
    from dyadwatch import model
    return {"sources": model.Source, "claims": model.Claim, "observations": model.Observation,
            "events": model.Event, "recommendations": model.Recommendation}[section]


def parse_file(path: str | os.PathLike, text: str | None = None, origin: str | None = None) -> CuratedFile:
    """Parse and validate one curated file (no store access). `origin` names it in the store's rows.
    Every problem of the file is reported (ValidationErrors), not just the first."""
    from dyadwatch.safeyaml import raise_all, validate

    name = str(path)
    if text is None:
        raw = read_input(path)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(f"not UTF-8 text (byte {exc.start})", file=name) from None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = parse_yaml(text, name)
    result = CuratedFile(name, digest, origin or str(Path(name).resolve()))
    if doc is None:
        raise ValidationError("the file is empty", file=name, hint=f"expected a mapping with {', '.join(SECTIONS)}")
    if not isinstance(doc, dict):
        raise ValidationError(f"expected a mapping with keys {', '.join(SECTIONS)}, got a {type(doc).__name__}",
                              file=name, line=1)
    problems: list[ValidationError] = []
    for key, items in doc.items():
        line = doc.key_lines.get(key)
        if key not in SECTIONS:
            problems.append(ValidationError(f"unknown section {key!r}; expected one of {', '.join(SECTIONS)}",
                                            file=name, line=line))
            continue
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(ValidationError(f"section {key!r} must be a list of records", file=name, line=line))
            continue
        model = _model_for(key)
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                problems.append(ValidationError(f"each entry of {key!r} must be a mapping", file=name,
                                                line=getattr(items, "item_lines", [line] * len(items))[i]))
                continue
            record, found = validate(model, item, name, loc=(key, i), doc=doc, kind=key[:-1])
            problems.extend(found)
            if record is not None:
                result.records[key].append((getattr(item, "line", None), record))
    problems.extend(_check_unique(result))
    raise_all(problems)
    return result


def _check_unique(cf: CuratedFile) -> list[ValidationError]:
    problems = []
    for section in ("sources", "claims", "events", "recommendations"):
        seen: dict[str, int | None] = {}
        for line, rec in cf.records[section]:
            if rec.id in seen:
                problems.append(ValidationError(f"duplicate {section[:-1]} id {rec.id!r} (first at line "
                                                f"{seen[rec.id]})", file=cf.path, line=line, field="id"))
            seen[rec.id] = line
    return problems


def _document_model():
    """The pydantic model of a whole curated file (for `dyadwatch schema curated`)."""
    from pydantic import BaseModel, ConfigDict

    from dyadwatch import model

    class CuratedDocument(BaseModel):
        """A curated data file of dyadwatch (YAML): any of the five sections, each a list of records."""

        model_config = ConfigDict(extra="forbid", title="dyadwatch curated data file")
        sources: list[model.Source] | None = None
        claims: list[model.Claim] | None = None
        observations: list[model.Observation] | None = None
        events: list[model.Event] | None = None
        recommendations: list[model.Recommendation] | None = None

    return CuratedDocument


def __getattr__(name: str):
    if name == "CuratedDocument":
        return _document_model()
    raise AttributeError(name)


def _check_references(files: list[CuratedFile], known_sources: set[str]) -> None:
    from dyadwatch.errors import UnknownCodeError
    from dyadwatch.safeyaml import raise_all

    sources = set(known_sources)
    for cf in files:
        sources.update(rec.id for _, rec in cf.records["sources"])
    problems = []
    for cf in files:
        for section in ("claims", "observations", "events", "recommendations"):
            for line, rec in cf.records[section]:
                refs = [("source", rec.source)]
                if section == "recommendations":
                    refs += [("evidence.source", e.source) for e in rec.evidence if e.source]
                for fld, ref in refs:
                    if ref not in sources:
                        hint = UnknownCodeError("source", ref, sources).suggestions
                        problems.append(ValidationError(
                            f"source {ref!r} is not defined in this load or in the store"
                            + (f"; did you mean {hint[0].lower()!r}?" if hint else ""),
                            file=cf.path, line=line, field=fld))
    raise_all(problems)


# --- writing -----------------------------------------------------------------------------------
def _row(rec, columns: Iterable[str], fixed: dict[str, Any]) -> list:
    """The record's values in `columns` order; `fixed` gives constant columns (origin, dataset)."""
    data = rec.model_dump()
    data["source_id"] = getattr(rec, "source", None)
    return [fixed[c] if c in fixed else data.get(c) for c in columns]


SOURCE_COLS = ["id", "title", "publisher", "author", "url", "date", "licence", "note", "retrieved_at",
               "vintage", "origin"]
CLAIM_COLS = ["id", "dyad", "realm", "indicator", "kind", "reporter", "partner", "subject", "period", "value",
              "low", "high", "hedge", "unit", "source_id", "note", "known_at", "origin"]
OBS_COLS = ["indicator", "reporter", "partner", "flow", "product", "period", "value", "unit", "basis",
            "source_id", "vintage", "known_at", "dataset", "note", "origin"]
EVENT_COLS = ["id", "date", "dyad", "realm", "actor1", "actor2", "location", "cameo", "plover", "quad_class",
              "goldstein", "summary", "source_id", "note", "origin"]
REC_COLS = ["id", "dyad", "actor", "summary", "status", "source_id", "origin"]


def write_file(store, cf: CuratedFile) -> dict[str, int]:
    """Replace what an earlier version of this file stored, then upsert its records (caller's transaction).

    Records are keyed by id (observations by their natural key), so a record moved between files is not
    duplicated, and one removed from a file disappears from the store when the file is loaded again."""
    origin = cf.origin
    fixed = {"origin": origin, "dataset": "curated"}
    for table in ("sources", "claims", "observations", "events", "recommendations", "recommendation_evidence"):
        store.execute(f"DELETE FROM {table} WHERE origin = ?", [origin])
    counts = {}
    for section, table, cols in (("sources", "sources", SOURCE_COLS), ("claims", "claims", CLAIM_COLS),
                                 ("events", "events", EVENT_COLS), ("recommendations", "recommendations", REC_COLS)):
        recs = [rec for _, rec in cf.records[section]]
        ids = [r.id for r in recs]
        if ids:
            store.execute(f"DELETE FROM {table} WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
            store.insert_rows(table, cols, [_row(r, cols, fixed) for r in recs])
        counts[section] = len(recs)
    recs = [rec for _, rec in cf.records["recommendations"]]
    if recs:
        ev_rows = [[r.id, e.date, e.note, e.source, e.claim, e.event, origin] for r in recs for e in r.evidence]
        store.insert_rows("recommendation_evidence", ["recommendation_id", "date", "note", "source_id", "claim_id",
                                                      "event_id", "origin"], ev_rows)
    obs = [rec for _, rec in cf.records["observations"]]
    if obs:  # replace observations by natural key: one DELETE joined to the keys (not one per record)
        store.execute("CREATE OR REPLACE TEMP TABLE _dw_obs_keys (indicator VARCHAR, reporter VARCHAR, partner VARCHAR,"
                      " flow VARCHAR, product VARCHAR, period VARCHAR, source_id VARCHAR, vintage VARCHAR)")
        store.insert_rows("_dw_obs_keys", ["indicator", "reporter", "partner", "flow", "product", "period",
                                           "source_id", "vintage"], [list(rec.key()) for rec in obs])
        store.execute(
            "DELETE FROM observations o USING _dw_obs_keys k WHERE o.indicator = k.indicator AND "
            "o.reporter = k.reporter AND coalesce(o.partner, '') = k.partner AND coalesce(o.flow, '') = k.flow AND "
            "o.product = k.product AND o.period = k.period AND o.source_id = k.source_id AND "
            "coalesce(o.vintage, '') = k.vintage")
        store.execute("DROP TABLE _dw_obs_keys")
    store.insert_rows("observations", OBS_COLS,
                      [_row(r, OBS_COLS, fixed) for r in obs])
    counts["observations"] = len(obs)
    return counts


@dataclass
class LoadResult:
    files: list[dict] = field(default_factory=list)

    @property
    def total(self) -> dict[str, int]:
        out = {s: 0 for s in SECTIONS}
        for f in self.files:
            for s in SECTIONS:
                out[s] += f["counts"].get(s, 0)
        return out


def _where(origin: str | None) -> str:
    """A stored origin as the user knows it: a path, 'stdin', or 'the bundled data (ukr_blr/sources.yaml)'."""
    if not origin:
        return "an unknown origin"
    if origin.startswith("bundled:"):
        return f"the bundled data ({origin.removeprefix('bundled:')})"
    return origin


ID_SECTIONS = ("sources", "claims", "events", "recommendations")


def _check_ids_across_files(parsed: list[CuratedFile]) -> None:
    """Two files of one load may not define the same id."""
    from dyadwatch.safeyaml import raise_all

    first: dict[tuple[str, str], tuple[str, int | None]] = {}
    problems = []
    for cf in parsed:
        for section in ID_SECTIONS:
            for line, rec in cf.records[section]:
                key = (section, rec.id)
                if key in first and first[key][0] != cf.path:
                    problems.append(ValidationError(
                        f"{section[:-1]} id {rec.id!r} is also defined in {first[key][0]}:{first[key][1]} in this "
                        "load", file=cf.path, line=line, field="id", hint="give one of them another id"))
                first.setdefault(key, (cf.path, line))
    raise_all(problems)


def _same_bundled_source(cf: CuratedFile, row: dict) -> bool:
    """True when a bundled file defines a source id that another bundled file of the package defines with the
    very same fields: one document cited by two bundled datasets (e.g. UKR–BLR and BLR–RUS) keeps one id,
    whichever dataset loads first (the row takes the fields of the package's copy, the same in both)."""
    other = str(row["origin"] or "")
    if not (cf.origin.startswith("bundled:") and other.startswith("bundled:")):
        return False
    mine = {r.id: r for _, r in cf.records["sources"]}.get(row["id"])
    theirs = _bundled_sources(other.removeprefix("bundled:")).get(row["id"])
    return mine is not None and theirs is not None and mine.model_dump() == theirs.model_dump()


@lru_cache(maxsize=16)
def _bundled_sources(rel: str) -> dict:
    """The sources a bundled file of this package defines ('ukr_blr/sources.yaml' → {id: record})."""
    from importlib.resources import files

    path = Path(str(files("dyadwatch") / "data" / rel))
    if not path.is_file():
        return {}
    return {r.id: r for _, r in parse_file(path, origin=f"bundled:{rel}").records["sources"]}


def _check_protected(store, parsed: list[CuratedFile]) -> None:
    """A record whose id another file (or the bundled data) stored may not be replaced silently."""
    from dyadwatch.safeyaml import raise_all

    reloading = {cf.origin: cf for cf in parsed}
    problems = []
    for cf in parsed:
        for section in ID_SECTIONS:
            lines = {rec.id: line for line, rec in cf.records[section]}
            if not lines:
                continue
            rows = store.query(f"SELECT id, origin FROM {section} WHERE id IN (SELECT unnest(?::VARCHAR[])) "
                               "AND origin IS DISTINCT FROM ?", [list(lines), cf.origin])
            for row in rows:
                other = reloading.get(row["origin"])
                if other is not None and row["id"] not in {r.id for _, r in other.records[section]}:
                    continue  # moved here from a file reloaded in this same load
                if section == "sources" and _same_bundled_source(cf, row):
                    continue  # one article shared by two bundled datasets, defined identically in both
                incoming = _where(cf.origin) if cf.origin.startswith("bundled:") else cf.path
                problems.append(ValidationError(
                    f"{section[:-1]} id {row['id']!r} already belongs to {_where(row['origin'])}; loading it from "
                    f"{incoming} would replace that record", file=cf.path, line=lines[row["id"]], field="id",
                    hint="use another id, or pass --replace to replace it on purpose" if not
                    cf.origin.startswith("bundled:") else "the bundled data cannot be refreshed while another file "
                    "holds its ids: rename them in that file and load it again"))
    raise_all(problems)


def _source_tables(store) -> list[str]:
    return [r["table_name"] for r in store.query(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = 'main' AND column_name = 'source_id' "
        "AND table_name <> 'sources' ORDER BY 1")]


def _check_dangling(store, before: set[str]) -> None:
    """No load may leave a reference to a source it removed (checked inside the load's transaction)."""
    after = {r["id"] for r in store.query("SELECT id FROM sources")}
    removed = sorted(before - after)
    if not removed:
        return
    found = []
    for table in _source_tables(store):
        cols = {r["column_name"] for r in store.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table])}
        what = "origin" if "origin" in cols else "NULL"
        for row in store.query(f"SELECT source_id, {what} AS origin, count(*) AS n FROM {table} "
                               "WHERE source_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1, 2 ORDER BY 1, 2",
                               [removed]):
            found.append(f"{row['n']} {table} row(s) of {_where(row['origin'])} cite {row['source_id']!r}")
    if found:
        raise ValidationError("this load would remove source(s) that other records still cite: " + "; ".join(found[:5])
                              + (f"; and {len(found) - 5} more" if len(found) > 5 else ""),
                              hint="keep the source, or change the records that cite it; nothing was stored")


def load_files(paths: Iterable[str | os.PathLike], store=None, *, texts: dict[str, str] | None = None,
               origins: dict[str, str] | None = None, replace: bool = False) -> LoadResult:
    """Validate all files, then write them in one transaction. Unchanged files (same hash) are skipped.

    `texts` supplies file contents by path (e.g. stdin); `origins` names files in the store's rows.
    An id stored from another file or the bundled data is protected unless `replace`; two files of one
    load may not share an id; a load that would leave a reference to a removed source is rolled back."""
    from dyadwatch.store import open_store

    own = store is None
    store = store or open_store()
    try:
        parsed = [parse_file(p, (texts or {}).get(str(p)), (origins or {}).get(str(p))) for p in paths]
        _check_ids_across_files(parsed)
        known = {r["id"]: r["date"] for r in store.query("SELECT id, date FROM sources")}
        _check_references(parsed, set(known))
        from dyadwatch.warning.provenance import check_known_at
        check_known_at(parsed, known)  # no reading known before the source it cites was published
        result = LoadResult()
        with store.transaction():
            if not replace:
                _check_protected(store, parsed)
            for cf in parsed:
                if store.scalar("SELECT 1 FROM ingest_ledger WHERE kind = 'curated' AND sha256 = ? AND path = ?",
                                [cf.sha256, cf.origin]):
                    result.files.append({"path": cf.path, "status": "unchanged", "counts": {}})
                    continue
                counts = write_file(store, cf)
                store.execute("DELETE FROM ingest_ledger WHERE kind = 'curated' AND path = ?", [cf.origin])
                store.insert_rows("ingest_ledger", ["sha256", "path", "kind", "rows_read", "rows_kept",
                                                    "rows_quarantined", "rows_duplicate"],
                                  [[cf.sha256, cf.origin, "curated", sum(counts.values()), sum(counts.values()), 0, 0]])
                result.files.append({"path": cf.path, "status": "loaded", "counts": counts})
            _check_dangling(store, set(known))
        return result
    finally:
        if own:
            store.close()


def load_bundled(store, dyad_key: str = "ukr_blr") -> LoadResult:
    """Load (or update) a bundled dataset; its rows are marked with origin 'bundled:<dyad>/<file>'."""
    paths = bundled_files(dyad_key)
    return load_files(paths, store, origins={str(p): f"bundled:{dyad_key}/{p.name}" for p in paths})


def bundled_files(dyad_key: str = "ukr_blr") -> list[Path]:
    """The YAML files of a bundled dataset, in load order (sources first)."""
    from importlib.resources import files

    folder = files("dyadwatch") / "data" / dyad_key
    if not folder.is_dir():
        return []
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))
    names.sort(key=lambda n: (not n.startswith("sources"), n))
    return [Path(str(folder / n)) for n in names]
