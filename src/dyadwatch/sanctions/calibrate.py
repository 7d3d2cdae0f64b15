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

import math
import operator
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, RootModel, StrictInt, StrictStr, ValidationInfo,
                      WithJsonSchema, field_validator)

from dyadwatch.errors import ModelFileError, ModelFileErrors

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}


# --- the file formats, as pydantic models (validated by dyadwatch.safeyaml; `dyadwatch schema calibration`) ---
def _number(v: Any) -> int | float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError(f"must be a number, got {v!r}")
    if isinstance(v, float) and not math.isfinite(v):
        raise ValueError(f"must be a finite number, got {v!r}")
    return v


Number = Annotated[Any, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
NumberOrNull = Annotated[Any, BeforeValidator(lambda v: None if v is None else _number(v)),
                         WithJsonSchema({"type": ["number", "null"]})]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class Package(_Strict):
    """A sanction package: a level between min and max, starting at start."""

    label: str | None = None
    description: str | None = None
    min: int = 0
    max: int
    start: int
    cooldown: Annotated[int, Field(ge=0)] | None = None

    @field_validator("start")
    @classmethod
    def _in_range(cls, v: int, info: ValidationInfo) -> int:
        lo, hi = info.data.get("min", 0), info.data.get("max")
        if hi is not None and not lo <= v <= hi:
            raise ValueError(f"start {v} is outside min {lo} .. max {hi}")
        return v


class Indicator(_Strict):
    """A regime-behaviour indicator a scenario gives per period."""

    label: str | None = None
    unit: str | None = None
    description: str | None = None


class Condition(_Strict):
    """The indicator's value `lag` periods back compared with `threshold`, for `for` consecutive periods."""

    model_config = ConfigDict(populate_by_name=True)
    indicator: str
    op: Literal[">=", ">", "<=", "<", "=="] = ">="
    threshold: Number
    lag: Annotated[int, Field(ge=0)] = 0
    for_: Annotated[int, Field(ge=1, alias="for")] = 1

    @field_validator("op", mode="before")
    @classmethod
    def _op(cls, v):
        if v not in OPS:
            raise ValueError(f"op must be one of {', '.join(OPS)}, got {v!r}")
        return v


class Then(_Strict):
    """A step on one package: negative eases, positive tightens."""

    package: str
    step: int

    @field_validator("step")
    @classmethod
    def _nonzero(cls, v: int) -> int:
        if v == 0:
            raise ValueError("step must be negative (ease) or positive (tighten), not 0")
        return v


class Rule(_Strict):
    id: str
    when: Condition | list[Condition]
    then: Then
    reason: str | None = None


class CalibrationModel(_Strict):
    """A flexible-sanctions rules model (dyadwatch sanctions calibrate --model)."""

    model_config = ConfigDict(title="dyadwatch sanctions calibration model")
    name: str
    description: str | None = None
    source: str | None = None
    packages: Annotated[dict[str, Package], Field(min_length=1)]
    indicators: dict[str, Indicator | None]
    rules: list[Rule]
    cooldown: Annotated[int, Field(ge=0)] = 0
    conflict: Literal["net", "tighten"] = "net"


class ScenarioPeriod(BaseModel):
    """One period: its label, an optional note, and indicator values (numbers or null)."""

    model_config = ConfigDict(extra="allow", strict=True, allow_inf_nan=False)
    __pydantic_extra__: dict[str, NumberOrNull]
    period: StrictStr | StrictInt
    note: str | None = None


class Scenario(_Strict):
    """A scenario of indicator values per period (dyadwatch sanctions calibrate --scenario)."""

    model_config = ConfigDict(title="dyadwatch sanctions calibration scenario")
    name: str
    description: str | None = None
    source: str | None = None
    periods: Annotated[list[ScenarioPeriod], Field(min_length=1)]


class CalibrationFiles(RootModel[CalibrationModel | Scenario]):
    """For `dyadwatch schema calibration`: either a rules model or a scenario."""

    model_config = ConfigDict(title="dyadwatch sanctions calibration model or scenario")


def _validate(path, model) -> tuple[Any, Any, list]:
    from dyadwatch.safeyaml import read, validate

    doc = read(path, "model file", ModelFileError)
    if not isinstance(doc, dict):
        raise ModelFileError("expected a mapping at the top of the file", file=str(path), line=1)
    record, problems = validate(model, doc, str(path), brackets=True)
    return doc, record, problems


def _raise(problems: list) -> None:
    from dyadwatch.safeyaml import raise_all

    raise_all(problems, ModelFileError, ModelFileErrors)


def parse_model(path: str | os.PathLike) -> dict[str, Any]:
    """Read and validate a rules model; returns plain data. Every problem of the file is reported
    (ModelFileError or ModelFileErrors, exit 5, each `file:line: field: reason`)."""
    from dyadwatch.safeyaml import line_of, problem

    name = str(path)
    doc, m, problems = _validate(path, CalibrationModel)
    if m is None:
        _raise(problems)
    seen: set[str] = set()
    for i, r in enumerate(m.rules):
        if r.id in seen:
            problems.append(problem(doc, ("rules", i, "id"), f"duplicate rule id {r.id!r}", name))
        seen.add(r.id)
        conds = r.when if isinstance(r.when, list) else [r.when]
        for j, c in enumerate(conds):
            if c.indicator not in m.indicators:
                where = ("rules", i, "when") + ((j,) if isinstance(r.when, list) else ()) + ("indicator",)
                problems.append(problem(doc, where, f"unknown indicator {c.indicator!r}; declared: "
                                                    f"{', '.join(m.indicators)}", name))
        if r.then.package not in m.packages:
            problems.append(problem(doc, ("rules", i, "then", "package"), f"unknown package {r.then.package!r}; "
                                    f"declared: {', '.join(m.packages)}", name))
    _raise(problems)
    packages = {p: {"label": s.label or p, "min": s.min, "max": s.max, "start": s.start,
                    "cooldown": m.cooldown if s.cooldown is None else s.cooldown} for p, s in m.packages.items()}
    rules = []
    for i, r in enumerate(m.rules):
        conds = r.when if isinstance(r.when, list) else [r.when]
        rules.append({"id": r.id, "package": r.then.package, "step": r.then.step, "reason": r.reason,
                      "line": line_of(doc, ("rules", i)),
                      "when": [{"indicator": c.indicator, "op": c.op, "threshold": c.threshold, "lag": c.lag,
                                "for": c.for_, "line": line_of(doc, ("rules", i, "when") + (
                                    (j,) if isinstance(r.when, list) else ()))} for j, c in enumerate(conds)]})
    return {"name": m.name, "description": m.description, "source": m.source, "packages": packages,
            "indicators": {k: (v.model_dump(exclude_none=True) if v else {}) for k, v in m.indicators.items()},
            "rules": rules, "conflict": m.conflict, "file": name}


_LENGTH_NAME = {12: "year", 6: "half-year", 3: "quarter", 1: "month"}


def period_key(label: str) -> tuple[int, int] | None:
    """(length in months, first month counted from year 0) of a scenario period label, or None."""
    from dyadwatch.periods import parse
    if not re.fullmatch(r"\d{4}(?:-(?:H[12]|Q[1-4]|0[1-9]|1[0-2]))?", label.strip()):
        return None
    p = parse(label)
    return (p.n_months, p.first_month) if p else None


def parse_scenario(path: str | os.PathLike, model: dict[str, Any]) -> dict[str, Any]:
    """Read and validate a scenario for `model`; every problem of the file is reported (as parse_model):
    the order and the indicators of the periods are checked even where a value is wrong."""
    from dyadwatch.safeyaml import problem

    name = str(path)
    doc, sc, problems = _validate(path, Scenario)
    items = doc.get("periods") if isinstance(doc.get("periods"), list) else []
    seen, prev = set(), None
    for i, p in enumerate(items):
        label = p.get("period") if isinstance(p, dict) else None
        if not isinstance(label, str | int) or isinstance(label, bool):
            continue   # the model reports it
        label, where = str(label), ("periods", i, "period")
        key = period_key(label)
        if key is None:
            problems.append(problem(doc, where, f"period {label!r} is not YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM", name))
        elif label in seen:
            problems.append(problem(doc, where, f"duplicate period {label!r}", name))
        elif prev is not None:
            (plabel, pkey) = prev
            if key[0] != pkey[0]:
                problems.append(problem(doc, where, f"all periods of a scenario have one length (lags count "
                                        f"periods): {label!r} is a {_LENGTH_NAME[key[0]]}, {plabel!r} a "
                                        f"{_LENGTH_NAME[pkey[0]]}", name))
            elif key[1] < pkey[1]:
                problems.append(problem(doc, where, f"periods must be in order: {label!r} comes after {plabel!r}",
                                        name))
            elif key[1] != pkey[1] + key[0]:
                problems.append(problem(doc, where, f"periods must be consecutive (lags count periods): {label!r} "
                                        f"follows {plabel!r}", name))
        seen.add(label)
        if key is not None:
            prev = (label, key)
        for ind in p:
            if ind not in ("period", "note") and ind not in model["indicators"]:
                problems.append(problem(doc, ("periods", i, ind), f"unknown indicator {ind!r}; the model "
                                        f"declares {', '.join(model['indicators'])}", name))
    problems.sort(key=lambda e: e.line or 0)
    _raise(problems)
    periods = [{"period": str(p.period), "values": dict(p.model_extra or {}), "note": p.note} for p in sc.periods]
    return {"name": sc.name, "description": sc.description, "periods": periods, "file": name}


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
