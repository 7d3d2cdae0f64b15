"""Model cards and targets: the warning model as data (data/warning/*.yaml), validated on load.

A model card names its dyad, its priors per target and horizon, its indicator groups (cap, floor) and its
indicators (group, weight, decay, states with likelihood ratios per target; an indicator with `from_events`
is read from curated events matching a rule instead of observations). Targets carry their
resolution rules. The files are validated through the pydantic models of `card_schema` with the one safe
reader and line locator (`dyadwatch.safeyaml`): every problem of the card and its targets file is reported,
each as `file:line: field 'x': reason` (CardError, or CardErrors for several; exit 5).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyadwatch.errors import ModelError, ModelFileError, ModelFileErrors, UnknownCodeError


class CardError(ModelFileError):
    """A model card or targets file is wrong: carries the file, the line and the field (a dotted path)."""


class CardErrors(ModelFileErrors, CardError):
    """Several problems in a model card and its targets file, all reported."""


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
    # this target's own completeness date when cited evidence establishes that no qualifying event happened
    # beyond the dyad-wide record_complete_to (e.g. no ground offensive through a later, cited date)
    record_complete_to: dt.date | None = None
    record_complete_sources: list[str] = field(default_factory=list)

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

    def target_complete_to(self, target_id: str) -> dt.date | None:
        """The day to which the record of this target's qualifying events is complete: the target's own date
        (with its citations) if it has one, else the dyad-wide `record_complete_to`."""
        return self.target(target_id).record_complete_to or self.record_complete_to

    def source_ids(self) -> set[str]:
        ids = set()
        for ep in self.episodes + self.reference_class:
            ids.update(ep.get("sources") or [])
        for t in self.targets.values():
            ids.update(o["source"] for o in t.ongoing if o.get("source"))
            ids.update(t.record_complete_sources)
        return ids


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _read_yaml(path: Path) -> Any:
    """The one safe YAML reader (dyadwatch.safeyaml: alias and depth limits, finite numbers, lines)."""
    from dyadwatch.safeyaml import read

    return read(path, "model file", CardError)


def _cross_checks(m, targets: dict[str, Any], doc: Any, file: str) -> tuple[list, dict]:
    """What needs both files: priors and probabilities for every target, known groups, sums of 1.
    Returns (problems, likelihood ratios per (section, indicator, state index))."""
    from dyadwatch.safeyaml import problem

    tset, problems, lrs = set(targets), [], {}

    def missing(have, loc, what):
        # a key written with no value reads as None, as does a target mapped to nothing
        gone = tset - {t for t, v in (have or {}).items() if v is not None}
        if gone:
            problems.append(problem(doc, loc, f"no {what} for target(s) {', '.join(sorted(gone))}", file))
        return not gone

    for sec in ("indicators", "event_indicators"):
        for name, ind in (getattr(m, sec) or {}).items():
            if ind.group not in m.groups:
                problems.append(problem(doc, (sec, name, "group"), f"unknown indicator group {ind.group!r}", file,
                                        hint="groups: " + ", ".join(m.groups)))
            complete = True
            for i, st in enumerate(ind.states):
                where = (sec, name, "states", i)
                if st.p_event is None:
                    if missing(st.lr, where + ("lr",), "likelihood ratio"):
                        lrs[sec, name, i] = dict(st.lr)
                    continue
                pn = st.p_no_event if isinstance(st.p_no_event, dict) else {t: st.p_no_event for t in tset}
                if missing(st.p_event, where + ("p_event",), "P(state | event)") & \
                        missing(pn, where + ("p_no_event",), "P(state | no event)"):
                    lrs[sec, name, i] = {t: st.p_event[t] / pn[t] for t in tset}
                else:
                    complete = False
            if complete and all(st.p_event is not None for st in ind.states):
                for t in sorted(tset):   # the states partition the indicator's values: each set sums to 1
                    pn = [st.p_no_event if not isinstance(st.p_no_event, dict) else st.p_no_event[t]
                          for st in ind.states]
                    for label, total in (("p_event", sum(st.p_event[t] for st in ind.states)), ("p_no_event", sum(pn))):
                        if abs(total - 1) > 0.011:
                            problems.append(problem(
                                doc, (sec, name, "states"), f"{label} for {t} sums to {total:.3f} over the states, not 1",
                                file, hint="the states cover every value, so their conditional probabilities sum to 1"))
    prior = m.prior.model_extra or {}
    for t in sorted(tset):
        if t not in prior:
            if m.prior.point_in_time is None:
                problems.append(problem(doc, ("prior",), f"missing key {t!r}", file))
            continue
        gone = [h for h in targets[t].horizons if h not in prior[t]]
        if gone and m.prior.point_in_time is None:
            problems.append(problem(doc, ("prior", t), f"no prior for horizon(s) {', '.join(map(str, gone))} days "
                                    f"of target {t}", file))
    return problems, lrs


def _indicators(m, sec: str, lrs: dict) -> dict[str, Indicator]:
    out = {}
    for name, ind in (getattr(m, sec) or {}).items():
        tset = None
        states = []
        for i, st in enumerate(ind.states):
            lr = lrs[sec, name, i]
            tset = tset or set(lr)
            p_event = p_no = None
            if st.p_event is not None:
                p_event = {t: st.p_event[t] for t in lr}
                p_no = {t: (st.p_no_event[t] if isinstance(st.p_no_event, dict) else st.p_no_event) for t in lr}
            states.append(State(state=st.state, min=st.min, max=st.max, lr=lr, reasoning=st.reasoning,
                                p_event=p_event, p_no_event=p_no))
        fe = ind.from_events
        out[name] = Indicator(name=name, group=ind.group, states=states, weight=ind.weight,
                              half_life_days=ind.half_life_days, max_age_days=ind.max_age_days, unit=ind.unit,
                              window_days=ind.window_days, from_events=fe.match.rule() if fe else None,
                              record_complete_to=fe.record_complete_to if fe else None, label=ind.label)
    return out


def parse_card(path: str | Path) -> Card:
    """Read and validate a model card and the targets file it names (`targets_file`, beside it).

    Every problem of both files is reported (CardError, or CardErrors for several), each naming the file,
    the line and the field, e.g. ``ukr_blr.yaml:97: field 'indicators.x.states[0].lr': no likelihood ratio
    for target(s) E2``."""
    from dyadwatch.errors import ValidationError
    from dyadwatch.safeyaml import plain, raise_all, validate
    from dyadwatch.warning import card_schema as S

    path = Path(path)
    doc = _read_yaml(path)
    if not isinstance(doc, dict):
        raise CardError("a model card is a mapping", file=str(path), line=1)
    m, problems = validate(S.CardModel, doc, str(path), brackets=True, kind="a model card")
    dyad = m.dyad if m else doc.get("dyad") if isinstance(doc.get("dyad"), str) else None
    t = None
    if dyad is not None:
        tpath = path.parent / str(m.targets_file if m else doc.get("targets_file", "targets.yaml"))
        tdoc = _read_yaml(tpath)
        if isinstance(tdoc, dict) and isinstance(tdoc.get(dyad), dict):
            t, found = validate(S.DyadTargets, tdoc[dyad], str(tpath), loc=(dyad,), doc=tdoc, brackets=True,
                                kind="a dyad's targets")
            problems.extend(found)
        else:
            problems.append(ValidationError(f"the targets file has no entry for dyad {dyad}", file=str(tpath),
                                            line=1, field=dyad))
    if m is not None and t is not None:
        targets = {str(tid).upper(): Target(id=str(tid).upper(), title=spec.title, horizons=list(spec.horizons),
                                            rule=spec.resolution.rule, match=spec.resolution.match.rule(),
                                            ongoing=[o.model_dump(by_alias=True) for o in spec.ongoing],
                                            record_complete_to=spec.record_complete_to,
                                            record_complete_sources=list(spec.record_complete_sources))
                   for tid, spec in t.targets.items()}
        found, lrs = _cross_checks(m, targets, doc, str(path))
        problems.extend(found)
    raise_all(problems, CardError, CardErrors)
    pit = m.prior.point_in_time
    return Card(path=str(path), dyad=m.dyad, version=str(m.version), territory=m.territory, targets=targets,
                episodes=plain(t.episodes), reference_class=plain(m.reference_class), raw=plain(doc),
                record_complete_to=t.record_complete_to,
                priors={k: {int(h): p for h, p in (m.prior.model_extra or {}).get(k, {}).items()} for k in targets},
                reference_class_text=m.prior.reference_class,
                point_in_time=None if pit is None else {"start": pit.start, **(
                    {"period_days": pit.period_days} if pit.period_days is not None else {})},
                same_source_weight=m.dependence.same_source_weight, groups={
                    g: Group(g, spec.cap, -spec.cap if spec.floor is None else spec.floor, spec.reasoning)
                    for g, spec in m.groups.items()},
                indicators=_indicators(m, "indicators", lrs), event_indicators=_indicators(m, "event_indicators", lrs))


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
