"""Model cards and targets: the warning model as data (data/warning/*.yaml), validated on load.

A model card names its dyad, its priors per target and horizon, its indicator groups (cap, floor) and its
indicators (group, weight, decay, states with likelihood ratios per target; an indicator with `from_events`
is read from curated events matching a rule instead of observations). Targets carry their
resolution rules. Errors are ModelError with the file and the offending key, so a typo in a card says where.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyadwatch.errors import ModelError, UnknownCodeError, read_input


class CardError(ModelError):
    """A model card or targets file is wrong: carries the file, the line and the field (a dotted path)."""

    def __init__(self, reason: str, *, file: str, line: int | None = None, field: str | None = None,
                 hint: str | None = None):
        self.reason, self.file, self.line, self.field = reason, file, line, field
        where = file + (f":{line}" if line else "")
        super().__init__(f"{where}: " + (f"field {field!r}: " if field else "") + reason, hint=hint)


class _Bad(Exception):
    """Raised while validating; parse_card turns it into a CardError with the file and line."""

    def __init__(self, field: str, reason: str, hint: str | None = None):
        super().__init__(reason)
        self.field, self.reason, self.hint = field, reason, hint


def _line_of(text: str, field: str) -> int | None:
    """1-based line of a dotted field path ('indicators.x.states[0].lr.E1') in YAML text; the deepest
    node that exists (a missing key is reported at its parent). Uses the one locator, safeyaml.line_of."""
    import re

    from dyadwatch.errors import ValidationError
    from dyadwatch.safeyaml import line_of, load
    try:
        doc = load(text, "card")
    except ValidationError:
        return None
    loc: list = []
    node = doc
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", field or ""):
        if part.startswith("["):
            key: Any = int(part[1:-1])
        else:  # keys may be written in another case (e1 for E1) or as numbers
            key = next((k for k in node if str(k) == part or str(k).upper() == part), part) \
                if isinstance(node, dict) else part
        loc.append(key)
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    else:  # a whole mapping or list item ('states[0]') is reported where its list is named
        if loc and isinstance(loc[-1], int) and isinstance(node, dict | list):
            loc.pop()
    return line_of(doc, loc)


@dataclass
class State:
    state: str
    lr: dict[str, float]
    min: float | None = None
    max: float | None = None
    reasoning: str = ""
    p_event: dict[str, float] | None = None      # P(state | target happens within the horizon)
    p_no_event: dict[str, float] | None = None   # P(state | it does not)

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
    from_events: dict[str, list[str]] | None = None   # derived from curated events matching this rule
    record_complete_to: dt.date | None = None   # from_events only: the curated record is complete to this day
    label: str | None = None                    # plain words for reports

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ")

    @property
    def derived(self) -> bool:
        return self.from_events is not None

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
    point_in_time: dict[str, Any] | None = None   # prior derived from the record known on the as-of date
    record_complete_to: dt.date | None = None      # the curated resolution events are complete to this day
    same_source_weight: float = 1.0               # weight of each further reading from one source

    def has_prior(self, target: str, horizon: int) -> bool:
        return bool(self.point_in_time) or horizon in (self.priors.get(target) or {})

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


def _read_text(path: Path) -> str:
    raw = read_input(path, "model file", ModelError)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def _parse_yaml(text: str, path: Path) -> Any:
    """The one safe YAML reader (dyadwatch.safeyaml: alias and depth limits, finite numbers)."""
    from dyadwatch.errors import ValidationError
    from dyadwatch.safeyaml import load, plain
    try:
        return plain(load(text, str(path)))
    except ValidationError as exc:
        raise CardError(exc.reason, file=str(path), line=exc.line) from None


def _read_yaml(path: Path) -> Any:
    return _parse_yaml(_read_text(path), path)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _need(mapping: Any, key: str, where: str, kind: type | tuple = object):
    if not isinstance(mapping, dict):
        raise _Bad(where, f"expected a mapping, got {type(mapping).__name__}")
    if key not in mapping:
        raise _Bad(where, f"missing key {key!r}")
    value = mapping[key]
    if not isinstance(value, kind):
        raise _Bad(_join(where, key), f"expected {getattr(kind, '__name__', kind)}, got {type(value).__name__}")
    return value


def _positive(value: Any, where: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _Bad(where, f"{value!r} is not a number") from None
    if not math.isfinite(number) or number <= 0:
        raise _Bad(where, f"must be a positive number, got {value!r}")
    return number


def _indicator(name: str, spec: Any, where: str, targets: set[str], groups: dict[str, Group]) -> Indicator:
    if not isinstance(spec, dict):
        raise _Bad(where, "expected a mapping")
    group = _need(spec, "group", where, str)
    if group not in groups:
        raise _Bad(f"{where}.group", f"unknown indicator group {group!r}", hint="groups: " + ", ".join(groups))
    states = []
    for i, st in enumerate(_need(spec, "states", where, list)):
        sw = f"{where}.states[{i}]"
        p_event = p_no = None
        if isinstance(st, dict) and "p_event" in st:
            p_event, p_no = _conditionals(st, sw, targets)
            lr = {t: p_event[t] / p_no[t] for t in targets}
        else:
            lr = _need(st, "lr", sw, dict)
            missing = targets - set(lr)
            if missing:
                raise _Bad(f"{sw}.lr", f"no likelihood ratio for target(s) {', '.join(sorted(missing))}")
            lr = {t: _positive(v, f"{sw}.lr.{t}") for t, v in lr.items()}
        bounds = {k: (None if st.get(k) is None else _num(st[k], f"{sw}.{k}")) for k in ("min", "max")}
        states.append(State(state=str(_need(st, "state", sw)), min=bounds["min"], max=bounds["max"],
                            lr=lr, reasoning=str(st.get("reasoning") or ""), p_event=p_event, p_no_event=p_no))
        if not states[-1].reasoning.strip():
            raise _Bad(f"{sw}.reasoning", "every state needs its reasoning (the model card explains every LR)")
    if all(s.p_event for s in states):
        for t in sorted(targets):   # the states partition the indicator's values: each set of P sums to 1
            for label, attr in (("p_event", "p_event"), ("p_no_event", "p_no_event")):
                total = sum(getattr(s, attr)[t] for s in states)
                if abs(total - 1) > 0.011:
                    raise _Bad(f"{where}.states", f"{label} for {t} sums to {total:.3f} over the states, not 1",
                               hint="the states cover every value, so their conditional probabilities sum to 1")
    try:
        weight = float(spec.get("weight", 1.0))
    except (TypeError, ValueError):
        raise _Bad(f"{where}.weight", f"{spec.get('weight')!r} is not a number") from None
    from_events = None
    if spec.get("from_events") is not None:
        fe = spec["from_events"]
        match = _need(fe, "match", f"{where}.from_events", dict)
        _check_match(match, f"{where}.from_events.match")
        from_events = {k: [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in match.items()}
        if fe.get("record_complete_to") is not None:
            try:
                complete_to = _date(fe["record_complete_to"])
            except ValueError:
                raise _Bad(f"{where}.from_events.record_complete_to", "not a date (YYYY-MM-DD)") from None
        else:
            complete_to = None
    return Indicator(name=name, group=group, states=states, weight=weight,
                     half_life_days=_positive(spec.get("half_life_days", 90), f"{where}.half_life_days"),
                     max_age_days=_positive(spec.get("max_age_days", 365), f"{where}.max_age_days"),
                     unit=spec.get("unit"), window_days=int(spec.get("window_days", 30)),
                     from_events=from_events, record_complete_to=complete_to if from_events else None,
                     label=str(spec["label"]) if spec.get("label") else None)


def _conditionals(st: dict, sw: str, targets: set[str]) -> tuple[dict[str, float], dict[str, float]]:
    """P(state | event) per target and P(state | no event) (one number for all targets, or per target)."""
    pe = _need(st, "p_event", sw, dict)
    missing = targets - set(pe)
    if missing:
        raise _Bad(f"{sw}.p_event", f"no P(state | event) for target(s) {', '.join(sorted(missing))}")
    if "p_no_event" not in st:
        raise _Bad(sw, "missing key 'p_no_event' (P(state | no event) must be stated with P(state | event))")
    raw_no = st["p_no_event"]
    pn = raw_no if isinstance(raw_no, dict) else {t: raw_no for t in targets}

    def prob(v, w):
        x = _num(v, w)
        if not 0 < x <= 1:
            raise _Bad(w, f"a conditional probability must be in (0, 1], got {v!r}")
        return x

    return ({t: prob(pe[t], f"{sw}.p_event.{t}") for t in targets},
            {t: prob(pn.get(t) if isinstance(pn, dict) else pn, f"{sw}.p_no_event") for t in targets})


MATCH_FIELDS = ("actor1", "actor2", "location", "cameo_prefix", "plover")


def _check_match(match: dict, where: str) -> None:
    unknown = set(match) - set(MATCH_FIELDS)
    if unknown:
        raise _Bad(where, f"unknown field(s) {', '.join(sorted(unknown))}", hint="fields: " + ", ".join(MATCH_FIELDS))


def _num(value: Any, where: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _Bad(where, f"{value!r} is not a number") from None
    if not math.isfinite(number):
        raise _Bad(where, f"{value!r} is not a finite number")
    return number


def _parse_targets(doc: Any, dyad: str) -> tuple[dict[str, Target], list[dict]]:
    dyad_targets = doc.get(dyad) if isinstance(doc, dict) else None
    if not isinstance(dyad_targets, dict):
        raise _Bad(dyad, f"the targets file has no entry for dyad {dyad}")
    targets = {}
    for tid, spec in _need(dyad_targets, "targets", dyad, dict).items():
        tw = f"{dyad}.targets.{tid}"
        res = _need(spec, "resolution", tw, dict)
        horizons = []
        for i, h in enumerate(_need(spec, "horizons", tw, list)):
            if isinstance(h, bool) or not isinstance(h, int) or h < 1:
                raise _Bad(f"{tw}.horizons[{i}]", f"a horizon is a whole number of days ≥ 1, got {h!r}")
            horizons.append(h)
        match = _need(res, "match", f"{tw}.resolution", dict)
        _check_match(match, f"{tw}.resolution.match")
        targets[str(tid).upper()] = Target(
            id=str(tid).upper(), title=_need(spec, "title", tw, str), horizons=horizons,
            rule=_need(res, "rule", f"{tw}.resolution", str),
            match={k: [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in match.items()},
            ongoing=list(spec.get("ongoing") or []))
    return targets, list(dyad_targets.get("episodes") or []), _complete_to(dyad_targets, dyad)


def _complete_to(dyad_targets: dict, dyad: str) -> dt.date | None:
    value = dyad_targets.get("record_complete_to")
    if value is None:
        return None
    try:
        return _date(value)
    except ValueError:
        raise _Bad(f"{dyad}.record_complete_to", f"{value!r} is not a date (YYYY-MM-DD)") from None


def _parse_body(doc: Any, targets: dict[str, Target]) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise _Bad("", "a model card is a mapping")
    tset = set(targets)
    prior_doc = _need(doc, "prior", "", dict)
    priors: dict[str, dict[int, float]] = {}
    pit = prior_doc.get("point_in_time")
    if pit is not None:
        if not isinstance(pit, dict) or "start" not in pit:
            raise _Bad("prior.point_in_time", "expected a mapping with 'start' (first day of the record)")
        try:
            pit = {**pit, "start": _date(pit["start"])}
        except ValueError:
            raise _Bad("prior.point_in_time.start", f"{pit['start']!r} is not a date") from None
        if "period_days" in pit:
            pit["period_days"] = _positive(pit["period_days"], "prior.point_in_time.period_days")
    for t in sorted(tset):
        if pit is not None and t not in prior_doc:
            priors[t] = {}
            continue
        spec = _need(prior_doc, t, "prior", dict)
        priors[t] = {}
        for h, p in spec.items():
            p = _num(p, f"prior.{t}.{h}")
            if not 0 < p < 1:
                raise _Bad(f"prior.{t}.{h}", f"a prior must be strictly between 0 and 1, got {p}")
            priors[t][int(h)] = p
        missing = [h for h in targets[t].horizons if h not in priors[t]]
        if missing and pit is None:
            raise _Bad(f"prior.{t}", f"no prior for horizon(s) {', '.join(map(str, missing))} days of target {t}")
    groups = {}
    for g, spec in _need(doc, "groups", "", dict).items():
        gw = f"groups.{g}"
        cap = _num(_need(spec, "cap", gw), f"{gw}.cap")
        floor = _num(spec.get("floor", -cap), f"{gw}.floor")
        if cap < 0 or floor > 0:
            raise _Bad(gw, f"cap must be ≥ 0 and floor ≤ 0 (got cap {cap}, floor {floor})")
        groups[g] = Group(g, cap, floor, str(spec.get("reasoning") or ""))
    indicators = {n: _indicator(n, s, f"indicators.{n}", tset, groups)
                  for n, s in _need(doc, "indicators", "", dict).items()}
    event_indicators = {n: _indicator(n, s, f"event_indicators.{n}", tset, groups)
                        for n, s in (doc.get("event_indicators") or {}).items()}
    dep = doc.get("dependence") or {}
    same_source = _num(dep.get("same_source_weight", 1.0), "dependence.same_source_weight")
    if not 0 <= same_source <= 1:
        raise _Bad("dependence.same_source_weight", f"must be between 0 and 1, got {same_source}")
    return {"priors": priors, "reference_class_text": str(prior_doc.get("reference_class", "")),
            "point_in_time": pit, "same_source_weight": same_source,
            "groups": groups, "indicators": indicators, "event_indicators": event_indicators}


def parse_card(path: str | Path) -> Card:
    """Read and validate a model card and the targets file it names (`targets_file`, beside it).

    Every problem is a CardError naming the file, the line and the field, e.g.
    ``ukr_blr.yaml:97: field 'indicators.ru_troops_in_blr.states[0].lr': no likelihood ratio for target(s) E2``."""
    path = Path(path)
    text = _read_text(path)
    doc = _parse_yaml(text, path)

    def fail(bad: _Bad, file: Path, body: str):
        raise CardError(bad.reason, file=str(file), line=_line_of(body, bad.field), field=bad.field or None,
                        hint=bad.hint) from None

    try:
        if not isinstance(doc, dict):
            raise _Bad("", "a model card is a mapping")
        dyad = _need(doc, "dyad", "", str)
        tname = doc.get("targets_file", "targets.yaml")
    except _Bad as bad:
        fail(bad, path, text)
    tpath = path.parent / str(tname)
    ttext = _read_text(tpath)
    try:
        targets, episodes, complete_to = _parse_targets(_parse_yaml(ttext, tpath), dyad)
    except _Bad as bad:
        fail(bad, tpath, ttext)
    try:
        body = _parse_body(doc, targets)
    except _Bad as bad:
        fail(bad, path, text)
    return Card(path=str(path), dyad=dyad, version=str(doc.get("version", "")),
                territory=str(doc.get("territory", "")), targets=targets, episodes=episodes,
                reference_class=list(doc.get("reference_class") or []), raw=doc, record_complete_to=complete_to,
                **body)


_BUNDLED: dict[tuple, Card] = {}   # bundled cards parsed once per process (keyed by the files' mtimes)


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
    key = (d.key, tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.yaml"))))
    if key in _BUNDLED:
        return _BUNDLED[key]
    for candidate in sorted(folder.glob("*.yaml")):
        if candidate.name in ("targets.yaml", "redlines.yaml", "registry.yaml"):
            continue
        doc = _read_yaml(candidate)
        if isinstance(doc, dict) and "dyad" in doc and Dyad.parse(doc["dyad"]).key == d.key:
            _BUNDLED[key] = parse_card(candidate)
            return _BUNDLED[key]
    raise ModelError(f"no warning model card for {d.label} in {folder}",
                     hint="write one (see docs/warning.md) and pass it with --card PATH")
