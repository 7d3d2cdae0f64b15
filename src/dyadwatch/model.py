"""The data model (DESIGN.md §2): validated records that every loader produces and the store keeps.

Country fields are normalised to ISO3 through the crosswalk; periods are checked against the period
grammar; every value names its source. Validation errors are pydantic errors; loaders turn them into
:class:`dyadwatch.errors.ValidationError` with file, line and field.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator, model_validator

REALMS = ("economic", "political", "security", "civil_society", "policy")
CLAIM_KINDS = ("level", "change", "share", "count", "date", "rank", "forecast", "range", "sum", "balance",
               "comparison")
NO_VALUE_KINDS = ("forecast", "date", "comparison")  # kinds that may state no number
REC_STATUSES = ("open", "in progress", "done", "abandoned")
FLOWS = ("X", "M")
BASES = ("FOB", "CIF")

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# 2021 | 2021-02 | 2021-02-24 | 2022-H2 | 2022-Q3 | any of these / any of these (an inclusive range)
_PERIOD_ONE = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|-H[12]|-Q[1-4])?"
PERIOD_RE = re.compile(rf"^{_PERIOD_ONE}(?:/{_PERIOD_ONE})?$")
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
WEB_URL_RE = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)


# Actors that are not countries but act in a dyad's story (codes as CAMEO and common usage write them).
ORGANISATIONS = {"EU": "EU", "EEC": "EU", "EUR": "EU", "NATO": "NATO", "NAT": "NATO", "UN": "UN", "UNO": "UN",
                 "CSTO": "CSTO", "OSCE": "OSCE", "IMF": "IMF"}


def _iso3(value: str | None) -> str | None:
    """A country code of any system → ISO3; a known international organisation keeps its short code."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if text.upper() in ORGANISATIONS:
        return ORGANISATIONS[text.upper()]
    from dyadwatch.countries import to_iso3
    return to_iso3(text)


def _dyad(value: str) -> str:
    from dyadwatch.countries import Dyad
    return Dyad.parse(value).label


def _check_id(value: str) -> str:
    if not ID_RE.match(value or ""):
        raise ValueError(f"id {value!r} must match [a-z0-9][a-z0-9._-]* (lower case, digits, . _ -)")
    return value


def _check_period(value) -> str:
    text = str(value)
    from dyadwatch.periods import parse as parse_period
    if not PERIOD_RE.match(text) or parse_period(text) is None:
        raise ValueError(f"period {text!r} is not one of YYYY, YYYY-MM, YYYY-MM-DD, YYYY-H1, YYYY-Q3, A/B "
                         "(a real date; a range A/B must not end before it starts)")
    return text


def _check_date(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    text = str(value)
    if not DATE_RE.match(text):
        raise ValueError(f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ValueError(f"date {text!r} does not exist ({exc})") from None
    return text


# dates and periods are text, but a bare year (2024) is read as a number by YAML: the exported JSON Schema
# (`dyadwatch schema curated`) says both are accepted, as the validators do
DateText = Annotated[str, WithJsonSchema({"type": ["string", "integer"], "description": "YYYY, YYYY-MM or YYYY-MM-DD"})]
PeriodText = Annotated[str, WithJsonSchema({"type": ["string", "integer"],
                                            "description": "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-H1, YYYY-Q3 or A/B"})]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


class Source(Record):
    id: str
    title: str
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    date: DateText | None = None
    licence: str | None = None
    note: str | None = None
    retrieved_at: str | None = None
    vintage: str | None = None

    _id = field_validator("id")(_check_id)

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v):
        return None if v is None else _check_date(v)

    @field_validator("url")
    @classmethod
    def _url(cls, v):
        if v is not None and not WEB_URL_RE.match(v):
            raise ValueError(f"url {v!r} must be a web address starting with http:// or https:// "
                             "(file:, javascript: and other schemes are refused)")
        return v


class Claim(Record):
    id: str
    dyad: str
    realm: Literal[REALMS]  # type: ignore[valid-type]
    indicator: str
    kind: Literal[CLAIM_KINDS]  # type: ignore[valid-type]
    source: str
    reporter: str | None = None
    partner: str | None = None
    subject: str | None = None
    period: PeriodText | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    hedge: str | None = None
    unit: str | None = None
    note: str | None = None
    known_at: DateText | None = None

    _id = field_validator("id")(_check_id)
    _dyad = field_validator("dyad")(_dyad)
    _countries = field_validator("reporter", "partner")(_iso3)

    @field_validator("period", mode="before")
    @classmethod
    def _period(cls, v):
        return None if v is None else _check_period(v)

    @field_validator("known_at", mode="before")
    @classmethod
    def _known(cls, v):
        return None if v is None else _check_date(v)

    @model_validator(mode="after")
    def _interval(self):
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        if self.kind not in NO_VALUE_KINDS and self.value is None and self.low is None and self.high is None:
            raise ValueError(f"a {self.kind} claim needs a value (or low/high)")
        return self


class Observation(Record):
    indicator: str
    reporter: str
    period: PeriodText
    value: float
    source: str
    partner: str | None = None
    flow: Literal[FLOWS] | None = None  # type: ignore[valid-type]
    product: str = "TOTAL"
    unit: str = "USD"
    basis: Literal[BASES] | None = None  # type: ignore[valid-type]
    vintage: str | None = None
    known_at: DateText | None = None
    note: str | None = None

    _countries = field_validator("reporter", "partner")(_iso3)

    @field_validator("period", mode="before")
    @classmethod
    def _period(cls, v):
        return _check_period(v)

    @field_validator("known_at", mode="before")
    @classmethod
    def _known(cls, v):
        return None if v is None else _check_date(v)

    @field_validator("product", mode="before")
    @classmethod
    def _product(cls, v):
        text = str(v).strip().upper()
        if text != "TOTAL" and not re.match(r"^\d{2,6}$", text):
            raise ValueError(f"product {v!r} must be TOTAL or an HS code of 2–6 digits")
        return text

    def key(self) -> tuple:
        return (self.indicator, self.reporter, self.partner or "", self.flow or "", self.product,
                self.period, self.source, self.vintage or "")


class Event(Record):
    id: str
    date: DateText
    dyad: str
    realm: Literal[REALMS]  # type: ignore[valid-type]
    summary: str
    source: str
    actor1: str | None = None
    actor2: str | None = None
    location: str | None = None
    cameo: str | None = None
    plover: str | None = None
    quad_class: int | None = Field(default=None, ge=1, le=4)
    goldstein: float | None = Field(default=None, ge=-10, le=10)
    note: str | None = None

    _id = field_validator("id")(_check_id)
    _dyad = field_validator("dyad")(_dyad)
    _countries = field_validator("actor1", "actor2", "location")(_iso3)

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v):
        return _check_date(v)

    @field_validator("cameo", mode="before")
    @classmethod
    def _cameo(cls, v):
        if v is None:
            return None
        text = str(v)
        if not re.match(r"^\d{2,4}$", text):
            raise ValueError(f"CAMEO code {v!r} must be 2–4 digits, quoted in YAML (\"0874\")")
        return text

    @model_validator(mode="after")
    def _coded(self):
        if not (self.cameo or self.plover):
            raise ValueError("an event needs a CAMEO code or a PLOVER category")
        if self.quad_class is None and self.cameo:
            self.quad_class = quad_class(self.cameo)
        return self


class Evidence(Record):
    date: DateText
    note: str
    source: str | None = None
    claim: str | None = None
    event: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v):
        return _check_date(v)


class Recommendation(Record):
    id: str
    dyad: str
    actor: str
    summary: str
    status: Literal[REC_STATUSES] = "open"  # type: ignore[valid-type]
    source: str
    evidence: list[Evidence] = Field(default_factory=list)

    _id = field_validator("id")(_check_id)
    _dyad = field_validator("dyad")(_dyad)


def quad_class(cameo: str) -> int:
    """CAMEO root → quad class (1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict)."""
    root = int(str(cameo)[:2])
    if root <= 5:
        return 1
    if root <= 9:
        return 2
    if root <= 14:
        return 3
    return 4
