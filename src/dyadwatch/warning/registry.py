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

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from dyadwatch.errors import InputError, ValidationError
from dyadwatch.warning import scoring
from dyadwatch.warning.model import parse_date

COLS = ["id", "dyad", "target", "horizon_days", "probability", "low", "high", "issued_at", "author", "kind",
        "source_id", "note", "origin"]
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
KINDS = ("person", "model", "market", "crowd")


# --- the format, as pydantic models (validated by dyadwatch.safeyaml; `dyadwatch schema registry`) ---------
class Forecast(BaseModel):
    """One forecast: a probability (or a low–high range around it) that a target of a dyad happens within
    a horizon of days after the issue date."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, str_strip_whitespace=True)
    id: Annotated[str, Field(pattern=ID_RE.pattern)]
    dyad: str
    target: str
    horizon_days: Annotated[int, Field(ge=1, le=36500)]
    low: Annotated[float, Field(ge=0, le=1)] | None = None
    high: Annotated[float, Field(ge=0, le=1)] | None = None
    probability: Annotated[float, Field(ge=0, le=1)]
    issued_at: dt.date | None = None
    author: Annotated[str, Field(min_length=1)]
    kind: Literal["person", "model", "market", "crowd"] = "person"
    source_id: str | None = None
    note: str | None = None

    @field_validator("dyad", mode="before")
    @classmethod
    def _dyad(cls, v):
        from dyadwatch.countries import Dyad

        try:
            return Dyad.parse(str(v or "")).label
        except InputError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("probability", "low", "high", mode="before")
    @classmethod
    def _number(cls, v, info: ValidationInfo):
        if v is None and info.field_name != "probability":
            return None
        try:
            x = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"{info.field_name} {v!r} is not a number") from None
        if not 0.0 <= x <= 1.0:   # also refuses nan and inf
            raise ValueError(f"{info.field_name} {v} is outside [0, 1] (write 0.15, not 15)")
        return x

    @field_validator("probability")
    @classmethod
    def _inside(cls, v: float, info: ValidationInfo) -> float:
        low, high = info.data.get("low"), info.data.get("high")
        if low is not None and high is not None and not low <= v <= high:
            raise ValueError(f"probability {v} is not inside [{low}, {high}]")
        return v

    @field_validator("issued_at", mode="before")
    @classmethod
    def _issued(cls, v):
        try:
            return parse_date(v or dt.date.today(), "issue date")
        except InputError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, v):
        return v or "person"


class RegistryFile(BaseModel):
    """A forecast registry file (data/warning/registry.yaml): a list of forecasts."""

    model_config = ConfigDict(extra="forbid", title="dyadwatch forecast registry")
    forecasts: list[Forecast] = []


def _checked(f: Forecast, where: str, doc=None, loc: tuple = ()) -> dict:
    """A validated forecast as a row: the dyad spelt as its card does, the target one of the card's."""
    from dyadwatch.countries import Dyad
    from dyadwatch.errors import UnknownCodeError
    from dyadwatch.safeyaml import line_of
    from dyadwatch.warning.card import load_card

    out = f.model_dump()
    card = load_card(out["dyad"])
    out["dyad"] = Dyad.parse(card.dyad).label   # one spelling per dyad (the card's), whatever order was given
    try:
        out["target"] = card.target(out["target"]).id
    except UnknownCodeError as exc:
        if doc is None:
            raise
        raise ValidationError(str(exc), file=where, line=line_of(doc, loc + ("target",)), field="target") from None
    return out


def _validate(rec: dict, where: str = "forecast") -> dict:
    from dyadwatch.safeyaml import raise_all, validate

    f, problems = validate(Forecast, rec, where, kind="forecast")
    raise_all(problems)
    return _checked(f, where)


def parse_registry(path) -> list[dict]:
    """Read and validate a registry file; every problem is reported (`file:line: field: reason`, exit 2)."""
    from dyadwatch.safeyaml import raise_all, read, validate

    name = str(path)
    doc = read(path, "forecast registry")
    reg, problems = validate(RegistryFile, doc if doc is not None else {}, name, brackets=True,
                             kind="the registry")
    if reg is None:
        raise_all(problems)
    rows = []
    for i, f in enumerate(reg.forecasts):
        try:
            rows.append(_checked(f, name, doc, ("forecasts", i)))
        except ValidationError as exc:
            problems.append(exc)
    raise_all(problems)
    return rows


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
    rows = parse_registry(str(path))
    added = 0
    with store.transaction():
        for rec in rows:
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


def _public(row: dict, today: dt.date | None = None) -> dict:
    today = today or dt.date.today()
    row = dict(row)
    row.pop("created_at", None)
    issued = row["issued_at"]
    row["resolves_at"] = (issued + dt.timedelta(days=int(row["horizon_days"]))).isoformat()
    row["issued_at"] = issued.isoformat()
    if row.get("resolved_at"):
        row["resolved_at"] = row["resolved_at"].isoformat()
    if row["outcome"] is not None:
        row["status"] = "yes" if row["outcome"] else "no"
    else:   # never "open" past the resolution date: such a forecast is overdue until resolved
        row["status"] = "overdue" if dt.date.fromisoformat(row["resolves_at"]) <= today else "open"
    return row


def list_forecasts(store, dyad: str | None = None, target: str | None = None, today: Any = None,
                   kind: str | None = None) -> list[dict]:
    sql, params = "SELECT * FROM forecasts WHERE TRUE", []
    if dyad:
        from dyadwatch.countries import Dyad
        d = Dyad.parse(dyad)
        sql += " AND dyad IN (?, ?)"
        params += [f"{d.a.iso3}-{d.b.iso3}", f"{d.b.iso3}-{d.a.iso3}"]
    if target:
        sql += " AND target = ?"
        params.append(str(target).upper())
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    day = parse_date(today, "today")
    return [_public(r, day) for r in store.query(sql + " ORDER BY issued_at, id", params)]


def rule_outcome(store, f: dict, today: dt.date) -> tuple[bool | None, str]:
    """What the target's rule says about a forecast from the store's events known by `today`:
    (True, evidence) once a qualifying event dated in the window (and by today) is in the store; (False, why)
    once the window has closed and lies within the span the curated record is complete for; else (None, why)."""
    from dyadwatch.warning.backtest import _event_date, onsets
    from dyadwatch.warning.card import load_card

    card = load_card(f["dyad"])
    issued = dt.date.fromisoformat(str(f["issued_at"]))
    end = issued + dt.timedelta(days=int(f["horizon_days"]))
    hits = [e for e in onsets(store, f["dyad"], card.target(f["target"]))
            if issued < _event_date(e["date"]) <= min(end, today)]
    if hits:
        return True, "by rule: " + ", ".join(f"{e['id']} ({e['date']}, {e['source_id']})" for e in hits)
    if end > today:
        return None, f"no qualifying event so far and its window runs to {end}"
    complete = card.target_complete_to(f["target"])
    if complete is not None and end > complete:
        return None, (f"its window ended {end}, but the store's record of qualifying events is complete only "
                      f"to {complete}: absence after that is not evidence")
    own = card.target(f["target"]).record_complete_sources if card.target(f["target"]).record_complete_to else []
    return False, (f"by rule: no qualifying event in the store's events between {issued} and {end}"
                   + (f" (record complete to {complete}" + (f", per {', '.join(own)})" if own else ")")
                      if complete else
                      "; only as complete as the event data loaded"))


def refresh(store, dyad: str | None = None, today: Any = None) -> dict:
    """Keep the registry true: resolve every unresolved forecast the store's events can decide (with the
    evidence in its resolution note) and list the rest whose date has passed as overdue, with why."""
    day = parse_date(today, "today")
    resolved, overdue = [], []
    for f in list_forecasts(store, dyad, today=day):
        if f["outcome"] is not None:
            continue
        try:
            outcome, why = rule_outcome(store, f, day)
        except Exception as exc:  # noqa: BLE001 - e.g. no model card (hence no rule) for this dyad
            outcome, why = None, f"its target's rule cannot be applied ({exc})"
        if outcome is not None:
            with store.transaction():
                store.execute("UPDATE forecasts SET outcome = ?, resolved_at = ?, resolution_note = ? WHERE id = ?",
                              [outcome, day, why, f["id"]])
            resolved.append({"id": f["id"], "outcome": outcome, "note": why})
        elif f["status"] == "overdue":
            overdue.append({"id": f["id"], "resolves_at": f["resolves_at"], "why": why})
    return {"today": day.isoformat(), "resolved": resolved, "overdue": overdue}


def resolve(store, forecast_id: str, outcome: bool | None = None, note: str | None = None,
            today: Any = None) -> dict:
    """Resolve a forecast. With `outcome` None the target's rule is applied to the store's events."""
    f = get(store, forecast_id)
    today = parse_date(today, "today")
    if outcome is None:
        outcome, why = rule_outcome(store, f, today)
        if outcome is None:
            raise InputError(f"forecast {forecast_id} cannot be resolved by rule: {why}",
                             hint="pass --outcome yes|no (with --note saying how) to resolve it by hand")
        note = note or why
    with store.transaction():
        store.execute("UPDATE forecasts SET outcome = ?, resolved_at = ?, resolution_note = ? WHERE id = ?",
                      [bool(outcome), today, note, forecast_id])
    return get(store, forecast_id)


def _scored(r: dict) -> dict:
    y = int(bool(r["outcome"]))
    entry = {"id": r["id"], "target": r["target"], "kind": r["kind"], "author": r["author"],
             "issued_at": r["issued_at"], "horizon_days": r["horizon_days"], "probability": r["probability"],
             "outcome": y, "brier": scoring.brier([r["probability"]], [y]),
             "log_score": scoring.log_score([r["probability"]], [y])}
    if r.get("low") is not None and r.get("high") is not None:
        entry["brier_range"] = sorted([scoring.brier([r["low"]], [y]), scoring.brier([r["high"]], [y])])
    return entry


def _means(entries: list[dict]) -> dict:
    ps, ys = [e["probability"] for e in entries], [e["outcome"] for e in entries]
    return {"n": len(entries), "brier": scoring.brier(ps, ys), "log_score": scoring.log_score(ps, ys)}


def score(store, dyad: str | None = None, today: Any = None) -> dict:
    """Brier and log score of every resolved forecast, the means, the means per kind of forecaster (model,
    person, crowd, market), and the comparison on shared questions: a question is (dyad, target, issue
    date, horizon); it is shared when forecasters of more than one kind answered it. Open and overdue
    forecasts are listed, not scored."""
    rows = list_forecasts(store, dyad, today=today)
    done = [r for r in rows if r["outcome"] is not None]
    per = [_scored(r) for r in done]
    questions: dict[tuple, list[dict]] = {}
    for r, e in zip(done, per):
        questions.setdefault((r["dyad"], r["target"], r["issued_at"], r["horizon_days"]), []).append(e)
    shared = []
    for (dy, target, issued, horizon), entries in sorted(questions.items()):
        kinds = sorted({e["kind"] for e in entries})
        if len(kinds) > 1:
            shared.append({"dyad": dy, "target": target, "issued_at": issued, "horizon_days": horizon,
                           "outcome": entries[0]["outcome"], "kinds": kinds, "forecasts": entries})
    by_kind_shared: dict[str, dict] = {}
    for kind in sorted({e["kind"] for q in shared for e in q["forecasts"]}):
        # one number per question and kind: the mean probability of that kind's forecasts on it
        qs = []
        for q in shared:
            ps = [e["probability"] for e in q["forecasts"] if e["kind"] == kind]
            if ps:
                qs.append({"probability": sum(ps) / len(ps), "outcome": q["outcome"]})
        by_kind_shared[kind] = _means(qs)
    ps, ys = [r["probability"] for r in done], [int(bool(r["outcome"])) for r in done]
    return {"n_resolved": len(done), "n_open": len(rows) - len(done),
            "brier": scoring.brier(ps, ys), "log_score": scoring.log_score(ps, ys), "forecasts": per,
            "by_kind": {k: _means([e for e in per if e["kind"] == k]) for k in sorted({e["kind"] for e in per})},
            "shared": {"n_questions": len(shared), "by_kind": by_kind_shared, "questions": shared,
                       "note": "kinds compared only on questions (dyad, target, issue date, horizon) that more "
                               "than one kind of forecaster answered"},
            "open": [r["id"] for r in rows if r["status"] == "open"],
            "overdue": [r["id"] for r in rows if r["status"] == "overdue"]}


def model_id(dyad: str, target: str, horizon: int, day: dt.date) -> str:
    return f"model-{dyad.lower()}-{target.lower()}-{horizon}d-{day.isoformat()}"


def log_model_forecasts(store, dyad: str, date_from: Any, date_to: Any, step: str | int = "week",
                        targets: list[str] | None = None, horizon: int = 90, today: Any = None,
                        questions: bool = True) -> int:
    """Write the model's point-in-time forecasts into the registry (`kind: model`); returns how many were
    added. Idempotent: a forecast already registered under its id (dyad, target, horizon, date) is skipped,
    so running it twice adds nothing. Dates after `today` are skipped (a forecast is issued on its date).

    With `questions`, the model also answers every question another forecaster (person, crowd, market)
    registered for the dyad with an issue date in the range: same target, issue date and horizon, so that
    `score` can compare them (horizons outside the card's are answered with its point-in-time prior for that
    horizon and its likelihood ratios as written; the note says so)."""
    from dyadwatch.countries import Dyad
    from dyadwatch.warning.backtest import parse_step
    from dyadwatch.warning.card import load_card
    from dyadwatch.warning.model import forecast

    d = Dyad.parse(dyad)
    card = load_card(d.label)
    label = Dyad.parse(card.dyad).label
    start, end = parse_date(date_from, "--from"), parse_date(date_to, "--to")
    if end < start:
        raise InputError(f"--to {end} is before --from {start}")
    n_step = parse_step(step)
    day_today = parse_date(today, "today")
    tids = [card.target(t).id for t in (targets or list(card.targets))]
    author = f"dyadwatch warning model (card {card.version})"
    wanted: list[tuple[str, str, int, dt.date, str]] = []
    day = start
    while day <= min(end, day_today):
        for t in tids:
            wanted.append((model_id(label, t, horizon, day), t, horizon, day, "point-in-time forecast"))
        day += dt.timedelta(days=n_step)
    if questions:
        for r in list_forecasts(store, label, today=day_today):
            issued = dt.date.fromisoformat(r["issued_at"])
            if r["kind"] != "model" and start <= issued <= min(end, day_today) and r["target"] in tids:
                wanted.append((f"model-for-{r['id']}", r["target"], int(r["horizon_days"]), issued,
                               f"the model's answer to {r['id']}'s question"))
    existing = {r["id"] for r in store.query("SELECT id FROM forecasts WHERE kind = 'model'")}
    cache: dict = {}
    rows = []
    for fid, t, h, day, what in wanted:
        if fid in existing:
            continue
        existing.add(fid)
        f = forecast(store, label, t, h, day, card=card, with_moves=False, cache=cache, any_horizon=True)
        note = what + (f" (horizon {h} d is not one of the card's {card.target(t).horizons}: prior for {h} d, "
                       "likelihood ratios as written)" if h not in card.target(t).horizons else "")
        if f["prior_only"]:
            note += "; prior only: no current evidence"
        rows.append([fid, label, t, h, f["probability"], None, None, day, author, "model", None, note,
                     "model:warning log"])
    if rows:
        with store.transaction():
            store.insert_rows("forecasts", COLS, rows)
    return len(rows)
