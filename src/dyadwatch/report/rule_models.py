"""The report's rule files as pydantic models (validated by dyadwatch.safeyaml; `dyadwatch schema judgements`,
`dyadwatch schema scenarios`): key-judgement rules (data/judgements/<a>_<b>.yaml) and scenarios with their
signposts (data/scenarios/<a>_<b>.yaml). Each rule or signpost kind has its own model, chosen by `kind`, so a
setting the kind cannot use is refused; every problem of a file is reported at once with its line."""
from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ICD_TERMS = Literal["almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely",
                    "very likely", "almost certain"]
Text = Annotated[str, StringConstraints(min_length=1)]
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Cameo = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,4}$")]
Year = Union[Annotated[int, Field(ge=1900, le=2100)], Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]]
Day = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")]
PosInt = Annotated[int, Field(ge=1)]
Op = Literal[">=", ">", "<=", "<", "=="]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


# --- key judgements ---------------------------------------------------------------------------------
class When(_Strict):
    min: float | None = Field(None, description="the branch holds when the value is at least this")
    max: float | None = Field(None, description="the branch holds when the value is at most this")


class Branch(_Strict):
    when: When | None = Field(None, description="the condition; empty or absent: always (the last branch)")
    likelihood: ICD_TERMS = Field(description="an ICD 203 likelihood term chosen by the analyst")
    text: Text


class _Rule(_Strict):
    id: Text


class WarningRule(_Rule):
    kind: Literal["warning"]
    target: Text = Field(description="a target of the warning model card")
    horizon: PosInt = 90
    text: Text


class ObservationRule(_Rule):
    kind: Literal["observation"]
    indicator: Text
    reporter: Iso3 | None = None
    partner: Iso3 | None = None
    history_from: Day | None = None
    branches: list[Branch] = Field(min_length=1)


class TradeRule(_Rule):
    kind: Literal["trade"]
    base: Year
    branches: list[Branch] = Field(min_length=1)


class EventsRule(_Rule):
    kind: Literal["events"]
    realm: Text | None = None
    cameo: list[Cameo] | None = Field(None, description="CAMEO code prefixes, as quoted text ('17', not 17)")
    within_days: PosInt = 365
    branches: list[Branch] = Field(min_length=1)


Rule = Annotated[Union[WarningRule, ObservationRule, TradeRule, EventsRule], Field(discriminator="kind")]


class JudgementsFile(_Strict):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, title="dyadwatch key-judgement rules")
    dyad: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}-[A-Z]{3}$")] | None = None
    judgements: list[Rule] = Field(min_length=1, max_length=7, description="1 to 7 rules")


# --- scenarios -------------------------------------------------------------------------------------
class _Signpost(_Strict):
    text: Text
    op: Op
    value: float


class ObservationSignpost(_Signpost):
    kind: Literal["observation"]
    indicator: Text
    reporter: Iso3 | None = None
    partner: Iso3 | None = None
    labels: dict[float, Text] | None = Field(None, description="words for coded values, e.g. {0: none, 1: reported}")
    max_age_days: PosInt = 365


class WarningSignpost(_Signpost):
    kind: Literal["warning"]
    target: Text
    horizon: PosInt = 90


class EventsSignpost(_Signpost):
    kind: Literal["events"]
    within_days: PosInt
    realm: Text | None = None
    cameo: list[Cameo] | None = None
    location: Iso3 | None = None
    actor1: Iso3 | None = None
    actor2: Iso3 | None = None


class TradeSignpost(_Signpost):
    kind: Literal["trade"]
    base: Year
    max_age_days: PosInt = 730


Signpost = Annotated[Union[ObservationSignpost, WarningSignpost, EventsSignpost, TradeSignpost],
                     Field(discriminator="kind")]


class Scenario(_Strict):
    id: Text
    title: Text
    description: Text
    signposts: list[Signpost] = Field(min_length=1)


class ScenariosFile(_Strict):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, title="dyadwatch scenarios")
    dyad: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}-[A-Z]{3}$")] | None = None
    scenarios: list[Scenario] = Field(min_length=1)


# --- checking a file ---------------------------------------------------------------------------------
def problems(model, doc: Any, name: str, items: str, kind: str) -> list:
    """Every problem of a rules file: the model's, and ids used twice in the list `items`."""
    from dyadwatch.safeyaml import problem, validate

    _, found = validate(model, doc if doc is not None else {}, name, brackets=True, kind=kind)
    seen: dict[str, int] = {}
    for i, item in enumerate((doc or {}).get(items) or [] if isinstance(doc, dict) else []):
        rid = item.get("id") if isinstance(item, dict) else None
        if isinstance(rid, str) and rid in seen:
            found.append(problem(doc, (items, i, "id"), f"id {rid!r} is used twice (also {items}[{seen[rid]}])",
                                 name))
        elif isinstance(rid, str):
            seen[rid] = i
    return found


def read(path, name: str, model, items: str, kind: str) -> dict:
    """Read a rules file safely and validate it; every problem at once (exit 5: the report's model is wrong)."""
    from dyadwatch.errors import ModelFileError, ModelFileErrors
    from dyadwatch.safeyaml import load, plain, raise_all

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelFileError(f"cannot read: {exc}", file=name) from None
    try:
        doc = load(text, name)
    except Exception as exc:  # a ValidationError of the reader, with its line
        if not hasattr(exc, "reason"):
            raise
        raise_all([exc], ModelFileError, ModelFileErrors)
    raise_all(problems(model, doc, name, items, kind), ModelFileError, ModelFileErrors)
    return plain(doc)


def check(model, doc: dict, where: str, items: str) -> None:
    """Check a parsed rules file against `model`; every problem at once (exit 5: the report's model is wrong)."""
    from dyadwatch.errors import ModelFileError, ModelFileErrors
    from dyadwatch.safeyaml import raise_all

    raise_all(problems(model, doc, where, items, items), ModelFileError, ModelFileErrors)


def bundled_for(dyad, folder: str, model, items: str) -> dict | None:
    """The rules file shipped for the dyad in data/<folder>/ (either order of the pair), or None when none ships."""
    from importlib.resources import files

    base = files("dyadwatch") / "data" / folder
    for a, b in ((dyad.a, dyad.b), (dyad.b, dyad.a)):
        f = base / f"{a.iso3}_{b.iso3}.yaml".lower()
        if f.is_file():
            return read(f, f"data/{folder}/{f.name}", model, items, items)
    return None
