"""The warning model card and its targets file as pydantic models (`dyadwatch schema card`).

The models check each value where it stands (types, ranges, dates, unknown fields, a state's pair of
conditional probabilities); `card.parse_card` adds the checks that need both files (every target has its
priors and its probabilities, groups named by indicators exist, each set of probabilities sums to 1) and
reports every problem of both files with its line through `dyadwatch.safeyaml`.

Unknown fields are refused inside groups, indicators, states, targets and match rules, where a typo would
silently change the model; the top level of a card and a dyad's entry in the targets file accept further
sections (notes, episodes, reference classes) that the model does not read.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, RootModel, StrictInt, model_validator

MATCH_FIELDS = ("actor1", "actor2", "location", "cameo_prefix", "plover")


def _number(v: Any) -> float:
    if isinstance(v, bool) or v is None or isinstance(v, dict | list):
        raise ValueError(f"{v!r} is not a number")
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"{v!r} is not a number") from None
    if not math.isfinite(x):
        raise ValueError(f"{v!r} is not a finite number")
    return x


def _positive(x: float) -> float:
    if x <= 0:
        raise ValueError(f"must be a positive number, got {x}")
    return x


def _conditional(x: float) -> float:
    if not 0 < x <= 1:
        raise ValueError(f"a conditional probability must be in (0, 1], got {x}")
    return x


def _prior(x: float) -> float:
    if not 0 < x < 1:
        raise ValueError(f"a prior must be strictly between 0 and 1, got {x}")
    return x


def _reasoned(v: str) -> str:
    if not v.strip():
        raise ValueError("every state needs its reasoning (the model card explains every LR)")
    return v


def _date(v: Any) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        raise ValueError(f"{v!r} is not a date (YYYY-MM-DD)") from None


def _texts(v: Any) -> list[str]:
    return [str(x) for x in (v if isinstance(v, list) else [v])]


Number = Annotated[float, BeforeValidator(_number)]
Positive = Annotated[float, BeforeValidator(_number), AfterValidator(_positive), Field(json_schema_extra={
    "exclusiveMinimum": 0})]
Conditional = Annotated[float, BeforeValidator(_number), AfterValidator(_conditional),
                        Field(json_schema_extra={"exclusiveMinimum": 0, "maximum": 1})]
Prior = Annotated[float, BeforeValidator(_number), AfterValidator(_prior),
                  Field(json_schema_extra={"exclusiveMinimum": 0, "exclusiveMaximum": 1})]
Date = Annotated[dt.date, BeforeValidator(_date)]
Texts = Annotated[list[str], BeforeValidator(_texts)]


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Match(_Closed):
    """An event matches when every field given holds (ISO3 lists; CAMEO prefixes as text; PLOVER names)."""

    actor1: Texts | None = None
    actor2: Texts | None = None
    location: Texts | None = None
    cameo_prefix: Texts | None = None
    plover: Texts | None = None

    @model_validator(mode="before")
    @classmethod
    def _known(cls, v: Any) -> Any:
        if isinstance(v, dict):
            unknown = set(map(str, v)) - set(MATCH_FIELDS)
            if unknown:
                raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))} (fields: {', '.join(MATCH_FIELDS)})")
        return v

    def rule(self) -> dict[str, list[str]]:
        return self.model_dump(exclude_none=True)


class State(_Closed):
    """One state of an indicator: its value range and P(state | event) per target with P(state | no event)
    (or, in older cards, a likelihood ratio per target), and the reasoning behind the numbers."""

    state: str
    min: Number | None = None
    max: Number | None = None
    p_event: dict[str, Conditional] | None = None
    p_no_event: Conditional | dict[str, Conditional] | None = None
    lr: dict[str, Positive] | None = None
    reasoning: Annotated[str, AfterValidator(_reasoned)]

    @model_validator(mode="before")
    @classmethod
    def _pairs(cls, v: Any) -> Any:
        if isinstance(v, dict):
            if "p_event" in v and "p_no_event" not in v:
                raise ValueError("missing key 'p_no_event' (P(state | no event) must be stated with P(state | event))")
            if "p_event" not in v and "lr" not in v:
                raise ValueError("missing key 'p_event' (with 'p_no_event'), or 'lr'")
        return v


class FromEvents(_Closed):
    """An indicator counted from curated events matching a rule."""

    match: Match
    record_complete_to: Date | None = None


class Indicator(_Closed):
    label: str | None = None
    group: str
    unit: str | None = None
    weight: Number = 1.0
    half_life_days: Positive = 90.0
    max_age_days: Positive = 365.0
    window_days: Annotated[StrictInt, Field(ge=1)] = 30
    from_events: FromEvents | None = None
    states: Annotated[list[State], Field(min_length=1)]


class Group(_Closed):
    cap: Number
    floor: Number | None = None
    reasoning: str = ""

    @model_validator(mode="after")
    def _signs(self) -> Group:
        floor = -self.cap if self.floor is None else self.floor
        if self.cap < 0 or floor > 0:
            raise ValueError(f"cap must be ≥ 0 and floor ≤ 0 (got cap {self.cap}, floor {floor})")
        return self


class PointInTime(_Closed):
    start: Date
    period_days: Positive | None = None


class PriorSection(BaseModel):
    """The prior: from the record known on the forecast date (`point_in_time`) or per target and horizon."""

    model_config = ConfigDict(extra="allow", allow_inf_nan=False)
    __pydantic_extra__: dict[str, dict[int, Prior]]
    reference_class: str = ""
    point_in_time: PointInTime | None = None


class Dependence(_Closed):
    same_source_weight: Annotated[Number, Field(ge=0, le=1)] = 1.0
    reasoning: str | None = None


class CardModel(BaseModel):
    """A warning model card (data/warning/<dyad>.yaml)."""

    model_config = ConfigDict(extra="allow", title="dyadwatch warning model card")
    dyad: str
    version: str | int | float = ""
    targets_file: str = "targets.yaml"
    territory: str = ""
    prior: PriorSection
    dependence: Dependence = Dependence()
    groups: dict[str, Group]
    indicators: dict[str, Indicator]
    event_indicators: dict[str, Indicator] | None = None
    reference_class: list[dict[str, Any]] = []


class Ongoing(_Closed):
    model_config = ConfigDict(populate_by_name=True)
    from_: Annotated[Date, Field(alias="from")]
    to: Date
    source: str | None = None
    note: str | None = None


class Resolution(_Closed):
    rule: str
    match: Match


class TargetSpec(_Closed):
    title: str
    horizons: Annotated[list[Annotated[StrictInt, Field(ge=1)]], Field(min_length=1)]
    resolution: Resolution
    ongoing: list[Ongoing] = []
    # the target's own completeness date, beyond the dyad-wide one, established by the cited sources
    record_complete_to: Date | None = None
    record_complete_sources: list[str] = []

    @model_validator(mode="after")
    def _complete_needs_sources(self):
        if self.record_complete_to is not None and not self.record_complete_sources:
            raise ValueError("a target's own record_complete_to needs record_complete_sources, the sources that "
                             "establish it")
        return self


class DyadTargets(BaseModel):
    model_config = ConfigDict(extra="allow")
    record_complete_to: Date | None = None
    targets: dict[str, TargetSpec]
    episodes: list[dict[str, Any]] = []


class CardFiles(RootModel[CardModel | dict[str, DyadTargets]]):
    """For `dyadwatch schema card`: a model card, or a targets file (per dyad, its targets)."""

    model_config = ConfigDict(title="dyadwatch warning model card or targets file")
