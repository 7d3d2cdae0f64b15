"""Model cards and targets: the warning model as data (data/warning/*.yaml), validated on load.

A model card names its dyad, its priors per target and horizon, its indicator groups (cap, floor) and its
indicators (group, weight, decay, states with likelihood ratios per target). Targets carry their
resolution rules. Errors are ModelError with the file and the offending key, so a typo in a card says where.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyadwatch.errors import ModelError, UnknownCodeError


@dataclass
class State:
    state: str
    lr: dict[str, float]
    min: float | None = None
    max: float | None = None
    reasoning: str = ""

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value < self.max)


@dataclass
class Indicator:
    name: str
    group: str
    states: list[State]
    weight: float = 1.0
    half_life_days: float = 90.0
    max_age_days: float = 365.0
    unit: str | None = None
    window_days: int = 30   # event indicators only

    def state_for(self, value: float) -> State | None:
        for st in self.states:
            if st.contains(value):
                return st
        return None

    def decay(self, age_days: float) -> float:
        if age_days > self.max_age_days:
            return 0.0
        return 0.5 ** (max(age_days, 0.0) / self.half_life_days)


@dataclass
class Group:
    name: str
    cap: float
    floor: float
    reasoning: str = ""


@dataclass
class Target:
    id: str
    title: str
    horizons: list[int]
    rule: str
    match: dict[str, list[str]]
    ongoing: list[dict] = field(default_factory=list)

    def in_ongoing(self, day: dt.date) -> bool:
        return any(_date(o["from"]) <= day <= _date(o["to"]) for o in self.ongoing)


@dataclass
class Card:
    path: str
    dyad: str
    version: str
    territory: str
    priors: dict[str, dict[int, float]]
    reference_class_text: str
    groups: dict[str, Group]
    indicators: dict[str, Indicator]
    event_indicators: dict[str, Indicator]
    targets: dict[str, Target]
    episodes: list[dict]
    reference_class: list[dict]
    raw: dict[str, Any]

    def target(self, target_id: str) -> Target:
        key = str(target_id).upper()
        if key not in self.targets:
            raise UnknownCodeError("target", target_id, self.targets, hint=f"targets of {self.dyad}: "
                                   + ", ".join(sorted(self.targets)))
        return self.targets[key]

    def prior(self, target: str, horizon: int) -> float:
        by_h = self.priors.get(target) or {}
        if horizon not in by_h:
            from dyadwatch.errors import InputError
            raise InputError(f"no prior for target {target} at horizon {horizon} days in {self.path}",
                             hint="horizons defined: " + ", ".join(str(h) for h in sorted(by_h)))
        return by_h[horizon]

    def source_ids(self) -> set[str]:
        ids = set()
        for ep in self.episodes + self.reference_class:
            ids.update(ep.get("sources") or [])
        for t in self.targets.values():
            ids.update(o["source"] for o in t.ongoing if o.get("source"))
        return ids


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _read_yaml(path: Path) -> Any:
    import yaml
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: no such model file") from None
    except yaml.YAMLError as exc:
        raise ModelError(f"{path}: not valid YAML: {exc}") from None


def _need(mapping: Any, key: str, where: str, kind: type | tuple = object):
    if not isinstance(mapping, dict) or key not in mapping:
        raise ModelError(f"{where}: missing key {key!r}")
    value = mapping[key]
    if not isinstance(value, kind):
        raise ModelError(f"{where}.{key}: expected {getattr(kind, '__name__', kind)}, got {type(value).__name__}")
    return value


def _positive(value: Any, where: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ModelError(f"{where}: {value!r} is not a number") from None
    if not math.isfinite(number) or number <= 0:
        raise ModelError(f"{where}: must be a positive number, got {value!r}")
    return number


def _indicator(name: str, spec: Any, where: str, targets: set[str], groups: dict[str, Group]) -> Indicator:
    if not isinstance(spec, dict):
        raise ModelError(f"{where}: expected a mapping")
    group = _need(spec, "group", where, str)
    if group not in groups:
        raise UnknownCodeError("indicator group", group, groups, hint=f"in {where}")
    states = []
    for i, st in enumerate(_need(spec, "states", where, list)):
        sw = f"{where}.states[{i}]"
        lr = _need(st, "lr", sw, dict)
        missing = targets - set(lr)
        if missing:
            raise ModelError(f"{sw}.lr: no likelihood ratio for target(s) {', '.join(sorted(missing))}")
        states.append(State(state=str(_need(st, "state", sw)), min=st.get("min"), max=st.get("max"),
                            lr={t: _positive(v, f"{sw}.lr.{t}") for t, v in lr.items()},
                            reasoning=str(st.get("reasoning") or "")))
        if not states[-1].reasoning.strip():
            raise ModelError(f"{sw}: every state needs its reasoning (the model card explains every LR)")
    return Indicator(name=name, group=group, states=states, weight=float(spec.get("weight", 1.0)),
                     half_life_days=_positive(spec.get("half_life_days", 90), f"{where}.half_life_days"),
                     max_age_days=_positive(spec.get("max_age_days", 365), f"{where}.max_age_days"),
                     unit=spec.get("unit"), window_days=int(spec.get("window_days", 30)))


def parse_card(path: str | Path, targets_doc: Any | None = None) -> Card:
    """Read and validate a model card (and the targets file it names)."""
    path = Path(path)
    doc = _read_yaml(path)
    where = str(path)
    if not isinstance(doc, dict):
        raise ModelError(f"{where}: a model card is a mapping")
    dyad = _need(doc, "dyad", where, str)
    if targets_doc is None:
        targets_doc = _read_yaml(path.parent / doc.get("targets_file", "targets.yaml"))
    dyad_targets = (targets_doc or {}).get(dyad) if isinstance(targets_doc, dict) else None
    if not isinstance(dyad_targets, dict):
        raise ModelError(f"{where}: the targets file has no entry for dyad {dyad}")
    targets = {}
    for tid, spec in _need(dyad_targets, "targets", f"targets[{dyad}]", dict).items():
        tw = f"targets[{dyad}].{tid}"
        res = _need(spec, "resolution", tw, dict)
        targets[str(tid).upper()] = Target(
            id=str(tid).upper(), title=_need(spec, "title", tw, str),
            horizons=[int(h) for h in _need(spec, "horizons", tw, list)],
            rule=_need(res, "rule", f"{tw}.resolution", str),
            match={k: [str(x) for x in v] for k, v in _need(res, "match", f"{tw}.resolution", dict).items()},
            ongoing=list(spec.get("ongoing") or []))
        unknown = set(targets[str(tid).upper()].match) - {"actor1", "actor2", "location", "cameo_prefix", "plover"}
        if unknown:
            raise ModelError(f"{tw}.resolution.match: unknown field(s) {', '.join(sorted(unknown))}")
    tset = set(targets)
    prior_doc = _need(doc, "prior", where, dict)
    priors: dict[str, dict[int, float]] = {}
    for t in tset:
        spec = _need(prior_doc, t, f"{where}.prior", dict)
        priors[t] = {}
        for h, p in spec.items():
            p = float(p)
            if not 0 < p < 1:
                raise ModelError(f"{where}.prior.{t}.{h}: a prior must be strictly between 0 and 1, got {p}")
            priors[t][int(h)] = p
    groups = {}
    for g, spec in _need(doc, "groups", where, dict).items():
        gw = f"{where}.groups.{g}"
        cap = float(_need(spec, "cap", gw))
        floor = float(spec.get("floor", -cap))
        if cap < 0 or floor > 0:
            raise ModelError(f"{gw}: cap must be ≥ 0 and floor ≤ 0 (got cap {cap}, floor {floor})")
        groups[g] = Group(g, cap, floor, str(spec.get("reasoning") or ""))
    indicators = {n: _indicator(n, s, f"{where}.indicators.{n}", tset, groups)
                  for n, s in _need(doc, "indicators", where, dict).items()}
    event_indicators = {n: _indicator(n, s, f"{where}.event_indicators.{n}", tset, groups)
                        for n, s in (doc.get("event_indicators") or {}).items()}
    return Card(path=where, dyad=dyad, version=str(doc.get("version", "")), territory=str(doc.get("territory", "")),
                priors=priors, reference_class_text=str(prior_doc.get("reference_class", "")),
                groups=groups, indicators=indicators, event_indicators=event_indicators, targets=targets,
                episodes=list(dyad_targets.get("episodes") or []),
                reference_class=list(doc.get("reference_class") or []), raw=doc)


def card_dir() -> Path:
    from importlib.resources import files
    return Path(str(files("dyadwatch") / "data" / "warning"))


def load_card(dyad: str, path: str | Path | None = None) -> Card:
    """The model card for a dyad: an explicit file, else the bundled card whose dyad matches (either order)."""
    from dyadwatch.countries import Dyad

    d = Dyad.parse(dyad)
    if path is not None:
        card = parse_card(path)
        if Dyad.parse(card.dyad).key != d.key:
            raise ModelError(f"{path} is a model card for {card.dyad}, not {d.label}")
        return card
    folder = card_dir()
    for candidate in sorted(folder.glob("*.yaml")):
        if candidate.name in ("targets.yaml", "redlines.yaml", "registry.yaml"):
            continue
        doc = _read_yaml(candidate)
        if isinstance(doc, dict) and "dyad" in doc and Dyad.parse(doc["dyad"]).key == d.key:
            return parse_card(candidate)
    raise ModelError(f"no warning model card for {d.label} in {folder}",
                     hint="write one (see docs/warning.md) and pass it with --card PATH")
