"""Flexible-sanctions calibration: a rules model in YAML, played over a scenario of indicator values.

The model (see docs/sanctions.md and data/sanctions/flexible_eu_belarus.yaml) declares

* ``packages``: sanction packages, each with a level between ``min`` and ``max`` and a ``start`` level;
* ``indicators``: the regime-behaviour indicators a scenario gives per period;
* ``rules``: ``when`` (one condition or a list that must all hold) -> ``then`` (a step on one package:
  negative eases, positive tightens). A condition compares an indicator's value ``lag`` periods back with a
  ``threshold`` (``op``: >=, >, <=, <, ==) and may require it ``for`` consecutive periods;
* ``cooldown`` (optional, per package or model-wide): periods to wait after a step before the next one;
* ``conflict`` (optional): what happens when easing and tightening rules fire on the same package in the
  same period: ``net`` (add the steps, the default) or ``tighten`` (tightening wins).

Nothing about the policy is in this code: changing a threshold, a lag or a step in the YAML changes the
outcome. A malformed file raises :class:`ModelError` naming file, line and reason.
"""
from __future__ import annotations

import operator
import os
import re
from pathlib import Path
from typing import Any

from dyadwatch.errors import ModelError, ValidationError, read_input

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}


class _Ctx:
    def __init__(self, file: str):
        self.file = file

    def fail(self, node: Any, reason: str, key: str | None = None) -> ModelError:
        from dyadwatch.safeyaml import line_of

        line = line_of(node, (key,) if key is not None else ())
        where = f"{self.file}:{line}" if line else self.file
        exc = ModelError(f"{where}: {('field ' + repr(key) + ': ') if key else ''}{reason}")
        exc.file, exc.line, exc.field, exc.reason = self.file, line, key, reason  # type: ignore[attr-defined]
        return exc


def _load(path: str | os.PathLike) -> tuple[Any, _Ctx]:
    from dyadwatch.curated import parse_yaml

    name = str(path)
    try:
        text = read_input(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    ctx = _Ctx(name)
    try:
        doc = parse_yaml(text, name)
    except ValidationError as exc:
        err = ModelError(str(exc))
        err.file, err.line, err.reason = name, exc.line, exc.reason  # type: ignore[attr-defined]
        raise err from None
    if not isinstance(doc, dict):
        raise ctx.fail(doc, "expected a mapping at the top of the file")
    return doc, ctx


def _require(ctx: _Ctx, node: dict, key: str, kind: type | tuple, what: str):
    if key not in node:
        raise ctx.fail(node, f"{what} needs {key!r}")
    value = node[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind in (int, float, (int, float)):
        raise ctx.fail(node, f"must be {_kind(kind)}, got {value!r}", key)
    return value


def _kind(kind) -> str:
    names = {int: "an integer", float: "a number", str: "text", dict: "a mapping", list: "a list",
             (int, float): "a number"}
    return names.get(kind, str(kind))


def _number(ctx, node, key, default=None, *, integer=False, minimum=None):
    if key not in node:
        if default is None:
            raise ctx.fail(node, f"needs {key!r}")
        return default
    v = node[key]
    ok = isinstance(v, int) if integer else isinstance(v, (int, float))
    if not ok or isinstance(v, bool):
        raise ctx.fail(node, f"must be {'an integer' if integer else 'a number'}, got {v!r}", key)
    if minimum is not None and v < minimum:
        raise ctx.fail(node, f"must be at least {minimum}, got {v}", key)
    return v


def _check_keys(ctx, node, allowed: set[str], what: str):
    for key in node:
        if key not in allowed:
            raise ctx.fail(node, f"unknown field of {what}; expected one of {', '.join(sorted(allowed))}", key)


def parse_model(path: str | os.PathLike) -> dict[str, Any]:
    """Read and validate a rules model; returns plain data (errors: ModelError with file:line)."""
    doc, ctx = _load(path)
    _check_keys(ctx, doc, {"name", "description", "source", "packages", "indicators", "rules", "cooldown",
                           "conflict"}, "a model")
    name = _require(ctx, doc, "name", str, "a model")
    packages_node = _require(ctx, doc, "packages", dict, "a model")
    if not packages_node:
        raise ctx.fail(doc, "needs at least one package", "packages")
    default_cooldown = _number(ctx, doc, "cooldown", 0, integer=True, minimum=0)
    conflict = doc.get("conflict", "net")
    if conflict not in ("net", "tighten"):
        raise ctx.fail(doc, f"must be 'net' or 'tighten', got {conflict!r}", "conflict")
    packages = {}
    for pname, p in packages_node.items():
        if not isinstance(p, dict):
            raise ctx.fail(packages_node, "a package is a mapping with min, max, start", pname)
        _check_keys(ctx, p, {"label", "min", "max", "start", "cooldown", "description"}, f"package {pname!r}")
        lo, hi = _number(ctx, p, "min", 0, integer=True), _number(ctx, p, "max", None, integer=True)
        start = _number(ctx, p, "start", None, integer=True)
        if not lo <= start <= hi:
            raise ctx.fail(p, f"start {start} is outside min {lo} .. max {hi}", "start")
        packages[pname] = {"label": p.get("label", pname), "min": lo, "max": hi, "start": start,
                           "cooldown": _number(ctx, p, "cooldown", default_cooldown, integer=True, minimum=0)}
    indicators_node = _require(ctx, doc, "indicators", dict, "a model")
    indicators = {}
    for iname, i in indicators_node.items():
        if i is not None and not isinstance(i, dict):
            raise ctx.fail(indicators_node, "an indicator is a mapping (label, unit, description)", iname)
        indicators[iname] = dict(i or {})
    rules_node = _require(ctx, doc, "rules", list, "a model")
    rules, seen = [], set()
    for r in rules_node:
        if not isinstance(r, dict):
            raise ctx.fail(doc, "each rule is a mapping with id, when, then", "rules")
        _check_keys(ctx, r, {"id", "when", "then", "reason"}, "a rule")
        rid = _require(ctx, r, "id", str, "a rule")
        if rid in seen:
            raise ctx.fail(r, f"duplicate rule id {rid!r}", "id")
        seen.add(rid)
        when = _require(ctx, r, "when", (dict, list), f"rule {rid!r}")
        conds = []
        for c in (when if isinstance(when, list) else [when]):
            if not isinstance(c, dict):
                raise ctx.fail(r, "a condition is a mapping with indicator, op, threshold", "when")
            _check_keys(ctx, c, {"indicator", "op", "threshold", "lag", "for"}, "a condition")
            ind = _require(ctx, c, "indicator", str, "a condition")
            if ind not in indicators:
                raise ctx.fail(c, f"unknown indicator {ind!r}; declared: {', '.join(indicators)}", "indicator")
            op = c.get("op", ">=")
            if op not in OPS:
                raise ctx.fail(c, f"op must be one of {', '.join(OPS)}, got {op!r}", "op")
            conds.append({"indicator": ind, "op": op, "threshold": _number(ctx, c, "threshold"),
                          "lag": _number(ctx, c, "lag", 0, integer=True, minimum=0),
                          "for": _number(ctx, c, "for", 1, integer=True, minimum=1), "line": c.line})
        then = _require(ctx, r, "then", dict, f"rule {rid!r}")
        _check_keys(ctx, then, {"package", "step"}, "a rule's then")
        pkg = _require(ctx, then, "package", str, "then")
        if pkg not in packages:
            raise ctx.fail(then, f"unknown package {pkg!r}; declared: {', '.join(packages)}", "package")
        step = _number(ctx, then, "step", None, integer=True)
        if step == 0:
            raise ctx.fail(then, "step must be negative (ease) or positive (tighten), not 0", "step")
        rules.append({"id": rid, "when": conds, "package": pkg, "step": step, "reason": r.get("reason"),
                      "line": r.line})
    return {"name": name, "description": doc.get("description"), "source": doc.get("source"),
            "packages": packages, "indicators": indicators, "rules": rules, "conflict": conflict,
            "file": str(path)}


_LENGTH_NAME = {12: "year", 6: "half-year", 3: "quarter", 1: "month"}


def period_key(label: str) -> tuple[int, int] | None:
    """(length in months, first month counted from year 0) of a scenario period label, or None."""
    from dyadwatch.periods import parse
    if not re.fullmatch(r"\d{4}(?:-(?:H[12]|Q[1-4]|0[1-9]|1[0-2]))?", label.strip()):
        return None
    p = parse(label)
    return (p.n_months, p.first_month) if p else None


def parse_scenario(path: str | os.PathLike, model: dict[str, Any]) -> dict[str, Any]:
    doc, ctx = _load(path)
    _check_keys(ctx, doc, {"name", "description", "source", "periods"}, "a scenario")
    name = _require(ctx, doc, "name", str, "a scenario")
    periods_node = _require(ctx, doc, "periods", list, "a scenario")
    if not periods_node:
        raise ctx.fail(doc, "needs at least one period", "periods")
    periods, seen = [], set()
    for p in periods_node:
        if not isinstance(p, dict):
            raise ctx.fail(doc, "each period is a mapping: period: 2025-Q1, then indicator values", "periods")
        label = str(_require(ctx, p, "period", (str, int), "a period"))
        key = period_key(label)
        if key is None:
            raise ctx.fail(p, f"period {label!r} is not YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM", "period")
        if label in seen:
            raise ctx.fail(p, f"duplicate period {label!r}", "period")
        if periods:
            prev, prev_key = periods[-1]["period"], period_key(periods[-1]["period"])
            if key[0] != prev_key[0]:
                raise ctx.fail(p, f"all periods of a scenario have one length (lags count periods): {label!r} is a "
                                  f"{_LENGTH_NAME[key[0]]}, {prev!r} a {_LENGTH_NAME[prev_key[0]]}", "period")
            if key[1] < prev_key[1]:
                raise ctx.fail(p, f"periods must be in order: {label!r} comes after {prev!r}", "period")
            if key[1] != prev_key[1] + key[0]:
                raise ctx.fail(p, f"periods must be consecutive (lags count periods): {label!r} follows {prev!r}",
                               "period")
        seen.add(label)
        values = {}
        for key, value in p.items():
            if key in ("period", "note"):
                continue
            if key not in model["indicators"]:
                raise ctx.fail(p, f"unknown indicator {key!r}; the model declares "
                                  f"{', '.join(model['indicators'])}", key)
            if value is not None and (not isinstance(value, (int, float)) or isinstance(value, bool)):
                raise ctx.fail(p, f"must be a number or null, got {value!r}", key)
            values[key] = value
        periods.append({"period": label, "values": values, "note": p.get("note")})
    return {"name": name, "description": doc.get("description"), "periods": periods, "file": str(path)}


def _holds(cond: dict, periods: list[dict], i: int) -> tuple[bool, list]:
    """Does the condition hold at period i? Returns (holds, the values it looked at)."""
    seen = []
    for k in range(cond["for"]):
        j = i - cond["lag"] - k
        if j < 0:
            return False, seen
        value = periods[j]["values"].get(cond["indicator"])
        seen.append((periods[j]["period"], value))
        if value is None or not OPS[cond["op"]](value, cond["threshold"]):
            return False, seen
    return True, seen


def run(model: dict[str, Any], scenario: dict[str, Any]) -> dict[str, Any]:
    """Play the scenario through the model: levels per period and every step with its reason."""
    levels = {p: spec["start"] for p, spec in model["packages"].items()}
    last_step: dict[str, int] = {}
    periods = scenario["periods"]
    timeline = []
    for i, period in enumerate(periods):
        fired: dict[str, list[dict]] = {}
        for rule in model["rules"]:
            looked = []
            ok = True
            for cond in rule["when"]:
                holds, seen = _holds(cond, periods, i)
                looked.append({"indicator": cond["indicator"], "op": cond["op"], "threshold": cond["threshold"],
                               "lag": cond["lag"], "for": cond["for"],
                               "values": [{"period": p, "value": v} for p, v in seen]})
                ok = ok and holds
            if ok:
                fired.setdefault(rule["package"], []).append({"rule": rule, "conditions": looked})
        steps, skipped = [], []
        for pkg, hits in fired.items():
            spec = model["packages"][pkg]
            if pkg in last_step and i - last_step[pkg] <= spec["cooldown"]:
                for h in hits:
                    skipped.append({"rule": h["rule"]["id"], "package": pkg,
                                    "why": f"cooldown: last step on {pkg} in {periods[last_step[pkg]]['period']}"})
                continue
            if model["conflict"] == "tighten" and any(h["rule"]["step"] > 0 for h in hits):
                for h in hits:
                    if h["rule"]["step"] < 0:
                        skipped.append({"rule": h["rule"]["id"], "package": pkg, "why": "a tightening rule fired too"})
                hits = [h for h in hits if h["rule"]["step"] > 0]
            before = levels[pkg]
            after = max(spec["min"], min(spec["max"], before + sum(h["rule"]["step"] for h in hits)))
            for h in hits:
                steps.append(_explain(h, pkg, before, after, spec))
            if after != before:
                levels[pkg] = after
                last_step[pkg] = i
        timeline.append({"period": period["period"], "levels": dict(levels), "steps": steps, "skipped": skipped,
                         "values": period["values"], "note": period["note"]})
    return {"model": {k: model[k] for k in ("name", "description", "source", "file", "conflict")},
            "scenario": {k: scenario[k] for k in ("name", "description", "file")},
            "packages": list(model["packages"]),
            "start": {p: s["start"] for p, s in model["packages"].items()},
            "timeline": timeline, "final": dict(levels),
            "steps": sum(len(t["steps"]) for t in timeline)}


def _explain(hit: dict, pkg: str, before: int, after: int, spec: dict) -> dict:
    rule = hit["rule"]
    parts = []
    for c in hit["conditions"]:
        vals = ", ".join(f"{v['value']} in {v['period']}" for v in c["values"])
        lag = f" (lag {c['lag']})" if c["lag"] else ""
        parts.append(f"{c['indicator']} {c['op']} {c['threshold']}{lag}: {vals}")
    direction = "tighten" if rule["step"] > 0 else "ease"
    clamp = ""
    if after == before:
        clamp = f" (already at {'max' if rule['step'] > 0 else 'min'} {before})"
    reason = f"{rule['id']}: {direction} {pkg} {before}->{after}{clamp} because " + "; ".join(parts)
    if rule.get("reason"):
        reason += f" — {rule['reason']}"
    return {"rule": rule["id"], "package": pkg, "step": rule["step"], "from": before, "to": after,
            "direction": direction, "conditions": hit["conditions"], "reason": reason}


def run_files(model_path: str | os.PathLike, scenario_path: str | os.PathLike) -> dict[str, Any]:
    model = parse_model(model_path)
    return run(model, parse_scenario(scenario_path, model))


def example_paths() -> tuple[Path, Path]:
    """The bundled example model and scenario."""
    from importlib.resources import files

    folder = files("dyadwatch") / "data" / "sanctions"
    return Path(str(folder / "flexible_eu_belarus.yaml")), Path(str(folder / "scenario_dialogue_then_relapse.yaml"))
