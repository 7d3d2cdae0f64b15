"""Red lines as rules over events (data/warning/redlines.yaml): each rule's status and the events that came
close to it or crossed it.

Status per rule: "crossed" (a crossing on or after the rule's `since` date; the last one is named),
"close" (no crossing since, but events came close), "held" (nothing since), with the events before `since`
listed as history. Events are the curated `events` table (cited, one row per incident; the same incident
recorded twice is shown once with all its sources); machine-coded event data are not used (see `_coverage`).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from dyadwatch.errors import ModelError

FIELDS = {"actor1", "actor2", "location", "cameo_prefix", "summary_any", "not_summary_any", "plover"}


def load_rules(dyad: str, path: str | Path | None = None) -> dict:
    import yaml
    from importlib.resources import files

    from dyadwatch.countries import Dyad

    d = Dyad.parse(dyad)
    path = Path(path) if path else Path(str(files("dyadwatch") / "data" / "warning" / "redlines.yaml"))
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ModelError(f"{path}: cannot read red-line rules: {exc}") from None
    for key, spec in doc.items():
        if Dyad.parse(key).key == d.key:
            _check(spec, f"{path}:{key}")
            return spec
    raise ModelError(f"{path}: no red lines defined for {d.label}", hint="add a section for the dyad")


def _check(spec: Any, where: str) -> None:
    if not isinstance(spec, dict) or not isinstance(spec.get("rules"), list):
        raise ModelError(f"{where}: expected a mapping with a list of rules")
    for i, rule in enumerate(spec["rules"]):
        for key in ("id", "title", "crossed"):
            if key not in rule:
                raise ModelError(f"{where}.rules[{i}]: missing {key!r}")
        for kind in ("crossed", "close"):
            for cond in rule.get(kind) or []:
                bad = set(cond) - FIELDS
                if bad:
                    raise ModelError(f"{where}.rules[{i}].{kind}: unknown condition field(s) {', '.join(sorted(bad))}",
                                     hint="fields: " + ", ".join(sorted(FIELDS)))


def condition_matches(event: dict, cond: dict) -> bool:
    for key in ("actor1", "actor2", "location", "plover"):
        if key in cond and (event.get(key) or "") not in cond[key]:
            return False
    if "cameo_prefix" in cond and not any(str(event.get("cameo") or "").startswith(str(p)) for p in cond["cameo_prefix"]):
        return False
    text = str(event.get("summary") or "").lower()
    if "summary_any" in cond and not any(w.lower() in text for w in cond["summary_any"]):
        return False
    if "not_summary_any" in cond and any(w.lower() in text for w in cond["not_summary_any"]):
        return False
    return True


def _coverage(store, dyad: str) -> str:
    """What the rules were evaluated over. Ingested event data (GDELT, POLECAT …) are not used: a single
    machine-coded row is not evidence that a red line was crossed; their alerts feed the warning model."""
    try:
        from dyadwatch.realms import events as ev
        has = getattr(ev, "has_events", None)
        if has is not None and has(store, dyad):
            return ("curated events only; the ingested event data in the store feed the warning model's alerts, "
                    "not red-line crossings")
    except Exception:  # noqa: BLE001 - the event-data module is optional
        pass
    return "curated events only"


def check(store, dyad: str, as_of: Any = None, rules_path: str | Path | None = None) -> dict:
    from dyadwatch.catalog import list_events
    from dyadwatch.countries import Dyad
    from dyadwatch.warning.model import parse_date

    d = Dyad.parse(dyad)
    spec = load_rules(d.label, rules_path)
    day = parse_date(as_of, "as-of date")
    since = str(spec.get("since") or "0000")
    events = [e for e in list_events(store, d.label) if str(e["date"]) <= day.isoformat()]
    coverage = _coverage(store, d.label)
    out = []
    for rule in spec["rules"]:
        rule_since = str(rule.get("since") or since)
        crossed, close, history = [], [], []
        for e in events:
            kind = None
            if any(condition_matches(e, c) for c in rule.get("crossed") or []):
                kind = "crossed"
            elif any(condition_matches(e, c) for c in rule.get("close") or []):
                kind = "close"
            if kind is None:
                continue
            bucket = history if str(e["date"]) < rule_since else (crossed if kind == "crossed" else close)
            key = (str(e["date"]), e.get("actor1"), e.get("actor2"), e.get("location"), str(e.get("cameo") or "")[:3])
            same = next((x for x in bucket if x["_key"] == key), None)
            if same:  # the same incident recorded by two curated files or datasets: one line, all sources
                same["ids"].append(e.get("id"))
                if e.get("source_id") not in same["source_ids"]:
                    same["source_ids"].append(e.get("source_id"))
                continue
            bucket.append({"_key": key, "date": str(e["date"]), "id": e.get("id"), "ids": [e.get("id")],
                           "summary": e.get("summary"), "source_id": e.get("source_id"),
                           "source_ids": [e.get("source_id")], "match": kind})
        for bucket in (crossed, close, history):
            for x in bucket:
                x.pop("_key")
        if crossed:
            status = "crossed"
            detail = f"crossed {len(crossed)}× since {rule_since}, last on {crossed[-1]['date']}"
        elif close:
            status = "close"
            detail = f"not crossed since {rule_since}; came close {len(close)}×, last on {close[-1]['date']}"
        else:
            status = "held"
            detail = f"no crossing or near-crossing recorded since {rule_since}"
        out.append({"id": rule["id"], "title": rule["title"], "who": rule.get("who"), "status": status,
                    "detail": detail, "since": rule_since, "basis": rule.get("basis"), "crossed": crossed,
                    "close": close, "history": history})
    return {"dyad": d.label, "as_of": day.isoformat(), "source_id": spec.get("source"), "coverage": coverage,
            "n_events": len(events), "rules": out}
