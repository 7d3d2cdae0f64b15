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
from pathlib import Path
from typing import Any

from dyadwatch.errors import InputError, ValidationError, read_input

SECTIONS = ("sources", "claims", "observations", "events", "recommendations")


# --- YAML with line numbers ------------------------------------------------------------------------
class _Lines(dict):
    """A mapping that remembers the (1-based) line of itself and of each key."""

    line: int = 0
    key_lines: dict


def _loader():
    import yaml

    class LineLoader(yaml.SafeLoader):
        pass

    def construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        result = _Lines()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in result:
                raise ValidationError(f"duplicate key {key!r}", line=key_node.start_mark.line + 1)
            result[key] = loader.construct_object(value_node, deep=deep)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    # dates stay text: the model validates them (and reports 2022-02-30 with its line, not a crash)
    LineLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return LineLoader


def parse_yaml(text: str, file: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - SafeLoader subclass
    except ValidationError as exc:
        raise ValidationError(exc.reason, file=file, line=exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ValidationError(f"not valid YAML: {exc.problem or exc}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise ValidationError(f"not valid YAML: {exc}", file=file) from None


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


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
    """Parse and validate one curated file (no store access). `origin` names it in the store's rows."""
    from pydantic import ValidationError as PydanticError

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
    for key, items in doc.items():
        line = doc.key_lines.get(key)
        if key not in SECTIONS:
            raise ValidationError(f"unknown section {key!r}; expected one of {', '.join(SECTIONS)}",
                                  file=name, line=line)
        if items is None:
            continue
        if not isinstance(items, list):
            raise ValidationError(f"section {key!r} must be a list of records", file=name, line=line)
        model = _model_for(key)
        for item in items:
            if not isinstance(item, dict):
                raise ValidationError(f"each entry of {key!r} must be a mapping", file=name, line=line)
            try:
                record = model.model_validate(_plain(item))
            except PydanticError as exc:
                err = exc.errors()[0]
                loc = err.get("loc") or ()
                fld = str(loc[0]) if loc else None
                where = item.key_lines.get(fld, item.line) if isinstance(item, _Lines) else line
                msg = err.get("msg", "invalid").removeprefix("Value error, ")
                if err.get("type") == "missing":
                    msg = "is required"
                    where = item.line
                elif err.get("type") == "extra_forbidden":
                    msg = f"is not a known field of {key[:-1]}"
                raise ValidationError(msg, file=name, line=where, field=".".join(map(str, loc)) or None) from None
            except InputError as exc:  # e.g. an unknown country code from the crosswalk
                bad = next((k for k, v in item.items() if isinstance(v, str) and getattr(exc, "code", None) == v),
                           None)
                where = item.key_lines.get(bad, item.line) if isinstance(item, _Lines) else line
                raise ValidationError(str(exc), file=name, line=where, field=bad) from None
            record_line = item.line if isinstance(item, _Lines) else None
            result.records[key].append((record_line, record))
    _check_unique(result)
    return result


def _check_unique(cf: CuratedFile) -> None:
    for section in ("sources", "claims", "events", "recommendations"):
        seen: dict[str, int | None] = {}
        for line, rec in cf.records[section]:
            if rec.id in seen:
                raise ValidationError(f"duplicate {section[:-1]} id {rec.id!r} (first at line {seen[rec.id]})",
                                      file=cf.path, line=line, field="id")
            seen[rec.id] = line


def _check_references(files: list[CuratedFile], known_sources: set[str]) -> None:
    sources = set(known_sources)
    for cf in files:
        sources.update(rec.id for _, rec in cf.records["sources"])
    for cf in files:
        for section in ("claims", "observations", "events", "recommendations"):
            for line, rec in cf.records[section]:
                refs = [("source", rec.source)]
                if section == "recommendations":
                    refs += [("evidence.source", e.source) for e in rec.evidence if e.source]
                for fld, ref in refs:
                    if ref not in sources:
                        from dyadwatch.errors import UnknownCodeError
                        hint = UnknownCodeError("source", ref, sources).suggestions
                        raise ValidationError(
                            f"source {ref!r} is not defined in this load or in the store"
                            + (f"; did you mean {hint[0].lower()!r}?" if hint else ""),
                            file=cf.path, line=line, field=fld)


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
    for rec in obs:
        store.execute(
            "DELETE FROM observations WHERE indicator = ? AND reporter = ? AND coalesce(partner, '') = ? AND "
            "coalesce(flow, '') = ? AND product = ? AND period = ? AND source_id = ? AND coalesce(vintage, '') = ?",
            list(rec.key()))
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


def load_files(paths: Iterable[str | os.PathLike], store=None, *, texts: dict[str, str] | None = None,
               origins: dict[str, str] | None = None) -> LoadResult:
    """Validate all files, then write them in one transaction. Unchanged files (same hash) are skipped.

    `texts` supplies file contents by path (e.g. stdin); `origins` names files in the store's rows."""
    from dyadwatch.store import open_store

    own = store is None
    store = store or open_store()
    try:
        parsed = [parse_file(p, (texts or {}).get(str(p)), (origins or {}).get(str(p))) for p in paths]
        known = {r["id"]: r["date"] for r in store.query("SELECT id, date FROM sources")}
        _check_references(parsed, set(known))
        from dyadwatch.warning.provenance import check_known_at
        check_known_at(parsed, known)  # no reading known before the source it cites was published
        result = LoadResult()
        with store.transaction():
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
