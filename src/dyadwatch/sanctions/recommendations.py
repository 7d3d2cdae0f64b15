"""The recommendation tracker: status and dated evidence for each policy recommendation.

Recommendations themselves live in the core ``recommendations`` / ``recommendation_evidence`` tables (loaded
from curated YAML, e.g. the bundled SCEEUS brief's five). `dyadwatch assess` reloads that YAML and upserts
recommendations by id, so user changes are NOT written there: every update is appended to this component's
``recommendation_updates`` log (seq, status, previous status, evidence, origin, time). Listings overlay the
latest logged status on the curated one, so updates are auditable and survive a reload of the bundled data.

Bundled evidence (data/sanctions/recommendation_evidence.yaml: its sources and dated evidence) is loaded
into the same log with origin 'bundled:…' whenever the file changes; it never changes a status.
"""
from __future__ import annotations

import hashlib
from typing import Any

from dyadwatch.errors import InputError, UnknownCodeError, ValidationError

BUNDLED_ORIGIN = "bundled:sanctions/recommendation_evidence.yaml"
LEDGER_KIND = "recommendation_evidence"


def _bundled_text() -> str:
    from importlib.resources import files
    return (files("dyadwatch") / "data" / "sanctions" / "recommendation_evidence.yaml").read_text(encoding="utf-8")


def parse_evidence_file(text: str, name: str) -> tuple[list, list[dict]]:
    """Validate an evidence file: (Source records, evidence dicts). Errors name file, line and field."""
    from pydantic import ValidationError as PydanticError

    from dyadwatch.curated import parse_yaml
    from dyadwatch.model import ID_RE, Evidence, Source

    doc = parse_yaml(text, name)
    if not isinstance(doc, dict):
        raise ValidationError("expected a mapping with 'sources' and 'evidence'", file=name, line=1)
    for key in doc:
        if key not in ("sources", "evidence"):
            raise ValidationError(f"unknown section {key!r}; expected sources, evidence", file=name,
                                  line=doc.key_lines.get(key))
    sources, evidence = [], []
    for item in doc.get("sources") or []:
        try:
            sources.append(Source.model_validate(dict(item)))
        except PydanticError as exc:
            err = exc.errors()[0]
            fld = str(err["loc"][0]) if err.get("loc") else None
            raise ValidationError(err["msg"], file=name, line=item.key_lines.get(fld, item.line), field=fld) from None
    known = {s.id for s in sources}
    for item in doc.get("evidence") or []:
        data = dict(item)
        rec = data.pop("recommendation", None)
        if not rec or not ID_RE.match(str(rec)):
            raise ValidationError("needs a recommendation id", file=name, line=item.line, field="recommendation")
        try:
            ev = Evidence.model_validate(data)
        except PydanticError as exc:
            err = exc.errors()[0]
            fld = str(err["loc"][0]) if err.get("loc") else None
            raise ValidationError(err["msg"], file=name, line=item.key_lines.get(fld, item.line), field=fld) from None
        if ev.source and ev.source not in known:
            raise ValidationError(f"source {ev.source!r} is not defined in this file", file=name,
                                  line=item.key_lines.get("source", item.line), field="source")
        evidence.append({"recommendation": rec, **ev.model_dump()})
    return sources, evidence


def ensure_bundled_evidence(store) -> bool:
    """Load the bundled evidence file when it is new or changed; returns True when it wrote."""
    text = _bundled_text()
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if store.ledger_has(sha, LEDGER_KIND):
        return False
    sources, evidence = parse_evidence_file(text, "data/sanctions/recommendation_evidence.yaml")
    with store.transaction():
        store.execute("DELETE FROM recommendation_updates WHERE origin = ?", [BUNDLED_ORIGIN])
        ids = [s.id for s in sources]
        if ids:
            store.execute("DELETE FROM sources WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        store.insert_rows("sources", ["id", "title", "publisher", "author", "url", "date", "licence", "note",
                                      "origin"],
                          [[s.id, s.title, s.publisher, s.author, s.url, s.date, s.licence, s.note, BUNDLED_ORIGIN]
                           for s in sources])
        seq = _next_seq(store)
        store.insert_rows("recommendation_updates", ["seq", "recommendation_id", "note", "evidence_date",
                                                     "source_id", "claim_id", "event_id", "origin"],
                          [[seq + i, e["recommendation"], e["note"], e["date"], e["source"], e["claim"], e["event"],
                            BUNDLED_ORIGIN] for i, e in enumerate(evidence)])
        store.execute("DELETE FROM ingest_ledger WHERE kind = ?", [LEDGER_KIND])
        store.insert_rows("ingest_ledger", ["sha256", "path", "kind", "rows_read", "rows_kept", "rows_quarantined",
                                            "rows_duplicate"],
                          [[sha, BUNDLED_ORIGIN, LEDGER_KIND, len(evidence), len(evidence), 0, 0]])
    return True


def _next_seq(store) -> int:
    return int(store.scalar("SELECT coalesce(max(seq), 0) + 1 FROM recommendation_updates"))


def _try_bundled(store) -> None:
    try:
        ensure_bundled_evidence(store)
    except Exception as exc:  # a read-only store, or a broken packaged file: list what is there, say why
        import duckdb
        if not isinstance(exc, (duckdb.Error, ValidationError)):
            raise


def list_recommendations(store, dyad: str | None = None, *, load_bundled: bool = True) -> list[dict[str, Any]]:
    """Every recommendation with its effective status, status history and dated evidence (oldest first)."""
    from dyadwatch.catalog import _dyad_filter

    if load_bundled:
        _try_bundled(store)
    where, params = _dyad_filter(dyad)
    recs = store.query(f"SELECT id, dyad, actor, summary, status, source_id, origin FROM recommendations "
                       f"WHERE {where} ORDER BY id", params)
    if not recs:
        return []
    ids = [r["id"] for r in recs]
    curated = store.query(
        "SELECT recommendation_id, date, note, source_id, claim_id, event_id, origin FROM recommendation_evidence "
        "WHERE recommendation_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY date", [ids])
    log = store.query(
        "SELECT seq, recommendation_id, status, previous_status, note, evidence_date, source_id, claim_id, event_id, "
        "origin, strftime(updated_at, '%Y-%m-%dT%H:%M:%S') AS updated_at FROM recommendation_updates "
        "WHERE recommendation_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY seq", [ids])
    out = []
    for r in recs:
        history = [u for u in log if u["recommendation_id"] == r["id"] and u["status"]]
        evidence = [{"date": e["date"], "note": e["note"], "source_id": e["source_id"], "claim_id": e["claim_id"],
                     "event_id": e["event_id"], "origin": "curated"} for e in curated if e["recommendation_id"] == r["id"]]
        evidence += [{"date": u["evidence_date"], "note": u["note"], "source_id": u["source_id"],
                      "claim_id": u["claim_id"], "event_id": u["event_id"],
                      "origin": "bundled" if u["origin"].startswith("bundled") else "user"}
                     for u in log if u["recommendation_id"] == r["id"] and u["note"]]
        evidence.sort(key=lambda e: (e["date"] or "", e["note"]))
        latest = history[-1] if history else None
        out.append({"id": r["id"], "dyad": r["dyad"], "actor": r["actor"], "summary": r["summary"],
                    "status": latest["status"] if latest else r["status"], "curated_status": r["status"],
                    "status_origin": "update" if latest else "curated",
                    "status_since": latest["updated_at"] if latest else None, "source_id": r["source_id"],
                    "evidence": evidence,
                    "history": [{"seq": h["seq"], "from": h["previous_status"], "to": h["status"],
                                 "at": h["updated_at"], "origin": h["origin"]} for h in history]})
    return out


def update(store, rec_id: str, *, status: str | None = None, note: str | None = None, date: str | None = None,
           source: str | None = None, claim: str | None = None, event: str | None = None) -> dict[str, Any]:
    """Change a recommendation's status and/or add dated evidence, appended to the audit log in one
    transaction. Validates the id, the status, the date and that the source/claim/event exist."""
    from dyadwatch.model import REC_STATUSES, _check_date

    _try_bundled(store)
    known = [r["id"] for r in store.query("SELECT id FROM recommendations ORDER BY id")]
    if rec_id not in known:
        err = UnknownCodeError("recommendation", rec_id, known,
                               hint="list them with `dyadwatch recommendations list`" if known
                               else "no recommendations loaded: run `dyadwatch assess` or `dyadwatch load FILE`")
        # ids are case-sensitive: suggest them as spelled, not upper-cased like country codes
        import difflib
        err.suggestions = difflib.get_close_matches(rec_id, known, n=3, cutoff=0.5)
        err.message = f"unknown recommendation {rec_id!r}" + (
            ": did you mean " + " or ".join(err.suggestions) + "?" if err.suggestions else "")
        raise err
    if status is None and note is None:
        raise InputError("nothing to update", hint="give --status and/or --evidence-note with --evidence-date")
    if status is not None and status not in REC_STATUSES:
        raise UnknownCodeError("status", status, REC_STATUSES, hint=f"statuses are {', '.join(REC_STATUSES)}")
    if note is None and (date or source or claim or event):
        raise InputError("evidence needs a note", hint="add --evidence-note TEXT")
    if note is not None:
        if not note.strip():
            raise InputError("the evidence note is empty")
        if not date:
            raise InputError("evidence needs a date", hint="add --evidence-date YYYY-MM-DD (when it happened)")
        try:
            date = _check_date(date)
        except ValueError as exc:
            raise InputError(str(exc), hint="dates are YYYY-MM-DD") from None
    for kind, table, value in (("source", "sources", source), ("claim", "claims", claim), ("event", "events", event)):
        if value is not None and not store.scalar(f"SELECT 1 FROM {table} WHERE id = ?", [value]):
            ids = [r["id"] for r in store.query(f"SELECT id FROM {table}")]
            raise UnknownCodeError(kind, value, ids, hint=f"list them with `dyadwatch {table} list`")
    current = next(r for r in list_recommendations(store, load_bundled=False) if r["id"] == rec_id)
    with store.transaction():
        store.insert_rows("recommendation_updates", ["seq", "recommendation_id", "status", "previous_status", "note",
                                                     "evidence_date", "source_id", "claim_id", "event_id", "origin"],
                          [[_next_seq(store), rec_id, status, current["status"] if status else None,
                            note.strip() if note else None, date, source, claim, event, "user"]])
    return {"id": rec_id, "previous_status": current["status"], "status": status or current["status"],
            "evidence": {"date": date, "note": note.strip(), "source_id": source, "claim_id": claim,
                         "event_id": event} if note else None}
