"""The forecast registry: probabilities for defined targets by people or models, resolved and scored.

A forecast names a dyad, a target of that dyad's targets file, a horizon in days, a probability (optionally
a low–high range when the forecaster gave words, not a number), the issue date and the author. Resolution
is explicit (`resolve(id, outcome)`) or by the target's rule over the store's events (`resolve(id)` with no
outcome), which only answers once the window has closed — and says that the answer is only as complete as
the events in the store. Scores: Brier and log score, per forecast and averaged; ranges are also scored at
both ends.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dyadwatch.errors import InputError, ValidationError
from dyadwatch.warning import scoring
from dyadwatch.warning.model import parse_date

COLS = ["id", "dyad", "target", "horizon_days", "probability", "low", "high", "issued_at", "author", "kind",
        "source_id", "note", "origin"]
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
KINDS = ("person", "model", "market", "crowd")


def _validate(rec: dict, where: str = "forecast") -> dict:
    from dyadwatch.countries import Dyad
    from dyadwatch.warning.card import load_card

    out = dict(rec)
    fid = str(out.get("id") or "")
    if not ID_RE.match(fid):
        raise ValidationError(f"id {fid!r} must match [a-z0-9][a-z0-9._-]*", file=where, field="id")
    try:
        out["dyad"] = Dyad.parse(str(out.get("dyad") or "")).label
    except Exception as exc:  # noqa: BLE001 - report as a field error
        raise ValidationError(str(exc), file=where, field="dyad") from None
    card = load_card(out["dyad"])
    out["dyad"] = Dyad.parse(card.dyad).label   # one spelling per dyad (the card's), whatever order was given
    out["target"] = card.target(str(out.get("target") or "")).id
    try:
        out["horizon_days"] = int(out.get("horizon_days"))
    except (TypeError, ValueError):
        raise ValidationError(f"horizon {out.get('horizon_days')!r} is not a whole number of days",
                              file=where, field="horizon_days") from None
    if out["horizon_days"] < 1:
        raise ValidationError("horizon must be at least 1 day", file=where, field="horizon_days")
    if out["horizon_days"] > 36500:
        raise ValidationError("horizon must be at most 36,500 days", file=where, field="horizon_days")
    for key in ("probability", "low", "high"):
        value = out.get(key)
        if value is None and key != "probability":
            continue
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValidationError(f"{key} {value!r} is not a number", file=where, field=key) from None
        if not 0.0 <= value <= 1.0:
            raise ValidationError(f"{key} {value} is outside [0, 1] (write 0.15, not 15)", file=where, field=key)
        out[key] = value
    if out.get("low") is not None and out.get("high") is not None:
        if not out["low"] <= out["probability"] <= out["high"]:
            raise ValidationError(f"probability {out['probability']} is not inside [{out['low']}, {out['high']}]",
                                  file=where, field="probability")
    try:
        out["issued_at"] = parse_date(out.get("issued_at") or dt.date.today(), "issue date")
    except InputError as exc:
        raise ValidationError(str(exc), file=where, field="issued_at") from None
    if not str(out.get("author") or "").strip():
        raise ValidationError("a forecast needs an author (a person, team or model name)", file=where, field="author")
    out["kind"] = out.get("kind") or "person"
    if out["kind"] not in KINDS:
        raise ValidationError(f"kind {out['kind']!r} is not one of {', '.join(KINDS)}", file=where, field="kind")
    return out


def add(store, record: dict, origin: str = "user") -> dict:
    """Validate and store one forecast; an existing id is an error (forecasts are not silently replaced)."""
    rec = _validate(record)
    rec["origin"] = origin
    with store.transaction():
        if store.scalar("SELECT 1 FROM forecasts WHERE id = ?", [rec["id"]]):
            raise InputError(f"a forecast with id {rec['id']!r} is already registered",
                             hint="choose another id; forecasts are never overwritten")
        store.insert_rows("forecasts", COLS, [[rec.get(c) for c in COLS]])
    return get(store, rec["id"])


def load_bundled(store) -> int:
    """Insert the bundled registry entries not yet in the store; returns how many were added."""
    from importlib.resources import files

    path = files("dyadwatch") / "data" / "warning" / "registry.yaml"
    from dyadwatch.safeyaml import load, plain

    doc = plain(load(path.read_text(encoding="utf-8"), str(path))) or {}
    added = 0
    with store.transaction():
        for i, rec in enumerate(doc.get("forecasts") or []):
            rec = _validate(rec, f"{path}#forecasts[{i}]")
            if store.scalar("SELECT 1 FROM forecasts WHERE id = ?", [rec["id"]]):
                continue
            rec["origin"] = "bundled:warning/registry.yaml"
            store.insert_rows("forecasts", COLS, [[rec.get(c) for c in COLS]])
            added += 1
    return added


def get(store, forecast_id: str) -> dict:
    rows = store.query("SELECT * FROM forecasts WHERE id = ?", [forecast_id])
    if not rows:
        from dyadwatch.errors import UnknownCodeError
        ids = [r["id"] for r in store.query("SELECT id FROM forecasts")]
        raise UnknownCodeError("forecast", forecast_id, ids, hint="see `dyadwatch forecasts list`")
    return _public(rows[0])


def _public(row: dict) -> dict:
    row = dict(row)
    row.pop("created_at", None)
    issued = row["issued_at"]
    row["resolves_at"] = (issued + dt.timedelta(days=int(row["horizon_days"]))).isoformat()
    row["issued_at"] = issued.isoformat()
    if row.get("resolved_at"):
        row["resolved_at"] = row["resolved_at"].isoformat()
    row["status"] = "open" if row["outcome"] is None else ("yes" if row["outcome"] else "no")
    return row


def list_forecasts(store, dyad: str | None = None, target: str | None = None) -> list[dict]:
    sql, params = "SELECT * FROM forecasts WHERE TRUE", []
    if dyad:
        from dyadwatch.countries import Dyad
        d = Dyad.parse(dyad)
        sql += " AND dyad IN (?, ?)"
        params += [f"{d.a.iso3}-{d.b.iso3}", f"{d.b.iso3}-{d.a.iso3}"]
    if target:
        sql += " AND target = ?"
        params.append(str(target).upper())
    return [_public(r) for r in store.query(sql + " ORDER BY issued_at, id", params)]


def resolve(store, forecast_id: str, outcome: bool | None = None, note: str | None = None,
            today: Any = None) -> dict:
    """Resolve a forecast. With `outcome` None the target's rule is applied to the store's events."""
    from dyadwatch.warning.backtest import _event_date, onsets
    from dyadwatch.warning.card import load_card

    f = get(store, forecast_id)
    today = parse_date(today, "today")
    issued = dt.date.fromisoformat(f["issued_at"])
    end = issued + dt.timedelta(days=int(f["horizon_days"]))
    if outcome is None:
        card = load_card(f["dyad"])
        hits = [e for e in onsets(store, f["dyad"], card.target(f["target"]))
                if issued < _event_date(e["date"]) <= end]
        if hits:
            outcome = True
            note = note or ("by rule: " + ", ".join(f"{e['id']} ({e['date']}, {e['source_id']})" for e in hits))
        elif end <= today:
            outcome = False
            note = note or (f"by rule: no qualifying event in the store's events between {issued} and {end}; "
                            "only as complete as the event data loaded")
        else:
            raise InputError(f"forecast {forecast_id} cannot be resolved yet: no qualifying event so far and its "
                             f"window runs to {end}", hint="pass --outcome yes|no to resolve it by hand")
    with store.transaction():
        store.execute("UPDATE forecasts SET outcome = ?, resolved_at = ?, resolution_note = ? WHERE id = ?",
                      [bool(outcome), today, note, forecast_id])
    return get(store, forecast_id)


def score(store, dyad: str | None = None) -> dict:
    """Brier and log score of every resolved forecast, and the means; open ones are listed as open."""
    rows = list_forecasts(store, dyad)
    done = [r for r in rows if r["outcome"] is not None]
    per = []
    for r in done:
        y = int(bool(r["outcome"]))
        entry = {"id": r["id"], "target": r["target"], "probability": r["probability"], "outcome": y,
                 "brier": scoring.brier([r["probability"]], [y]), "log_score": scoring.log_score([r["probability"]], [y])}
        if r.get("low") is not None and r.get("high") is not None:
            entry["brier_range"] = sorted([scoring.brier([r["low"]], [y]), scoring.brier([r["high"]], [y])])
        per.append(entry)
    ps, ys = [r["probability"] for r in done], [int(bool(r["outcome"])) for r in done]
    return {"n_resolved": len(done), "n_open": len(rows) - len(done),
            "brier": scoring.brier(ps, ys), "log_score": scoring.log_score(ps, ys), "forecasts": per,
            "open": [r["id"] for r in rows if r["outcome"] is None]}
