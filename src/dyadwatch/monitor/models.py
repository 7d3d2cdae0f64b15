"""The monitor's YAML files as pydantic models (validated by dyadwatch.safeyaml; `dyadwatch schema monitor-…`).

Every setting is optional in the models: ``defaults``/``sources`` give the values and a pair's block under
``dyads`` overrides single ones, so one model serves both. Unknown settings are refused (the code would
ignore them), numbers must be finite and in range.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

PAIR = r"^[A-Z]{3}-[A-Z]{3}$"
Pair = Annotated[str, StringConstraints(pattern=PAIR)]
PosInt = Annotated[int, Field(ge=1)]
NonNegInt = Annotated[int, Field(ge=0)]
Prob = Annotated[float, Field(gt=0, lt=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


# --- alerts.yaml -----------------------------------------------------------------------------------
class NewEvents(_Strict):
    min_rows: PosInt | None = Field(None, description="alert when an update adds at least this many event rows")


class EventSpike(_Strict):
    days: PosInt | None = Field(None, description="days of the daily series looked at")
    min_size: PosInt | None = Field(None, description="shortest segment a change point may delimit (days)")
    min_ratio: Annotated[float, Field(gt=0)] | None = None
    min_level: Annotated[float, Field(ge=0)] | None = None


class WarningChange(_Strict):
    enabled: StrictBool | None = None
    thresholds: list[Prob] | None = Field(None, description="probabilities whose crossing raises an alert")
    move: Annotated[float, Field(gt=0, le=1)] | None = Field(None, description="an absolute move that raises an alert")
    horizon: PosInt | None = None


class Redline(_Strict):
    close: StrictBool | None = Field(None, description="alert on a new 'came close' as well as on a crossing")


class NewDesignations(_Strict):
    min: PosInt | None = None


class NoSettings(_Strict):
    """An alert kind without settings (written `{}`)."""


class AlertSettings(_Strict):
    new_events: NewEvents | None = None
    event_spike: EventSpike | None = None
    warning_change: WarningChange | None = None
    redline: Redline | None = None
    new_designations: NewDesignations | None = None
    new_trade_period: NoSettings | None = None
    source_stale: NoSettings | None = None


class AlertsFile(_Strict):
    model_config = ConfigDict(extra="forbid", title="dyadwatch monitor alert thresholds")
    version: Literal[1] = 1
    defaults: AlertSettings
    dyads: dict[Pair, AlertSettings | None] = Field(default_factory=dict,
                                                    description="per-pair overrides, e.g. UKR-BLR")


# --- staleness.yaml --------------------------------------------------------------------------------
class StaleRule(_Strict):
    label: Annotated[str, StringConstraints(min_length=1)] | None = None
    max_lag_days: NonNegInt | None = Field(None, description="data older than this behind the as-of date are stale")
    max_age_days: NonNegInt | None = Field(None, description="a copy older than this is stale")
    cadence: str | None = Field(None, description="the publisher's cadence, in words")
    cadence_days: Annotated[float, Field(gt=0)] | None = Field(None, description="the publisher's cadence in days")
    annual_release_lag_months: NonNegInt | None = None
    monthly_release_lag_months: NonNegInt | None = None


Source = Literal["gdelt", "polecat", "plover", "acled", "comtrade", "sanctions", "curated"]


class StalenessFile(_Strict):
    model_config = ConfigDict(extra="forbid", title="dyadwatch staleness rules")
    version: Literal[1] = 1
    sources: dict[Source, StaleRule]
    dyads: dict[Pair, dict[Source, StaleRule | None] | None] = Field(default_factory=dict)


# --- update.yaml -----------------------------------------------------------------------------------
class GdeltUpdate(_Strict):
    days_back: PosInt | None = Field(None, description="days of GDELT files fetched on a first run")
    workers: Annotated[int, Field(ge=1, le=64)] | None = None


class ComtradeUpdate(_Strict):
    annual_years: PosInt | None = None
    monthly_months: PosInt | None = None
    hs: list[Annotated[str, StringConstraints(min_length=1)]] | None = None
    min_interval_hours: Annotated[float, Field(ge=0)] | None = None
    retries: NonNegInt | None = None
    backoff: Annotated[float, Field(ge=0)] | None = None


class SanctionsUpdate(_Strict):
    datasets: list[Annotated[str, StringConstraints(min_length=1)]] | None = None
    format: Literal["ftm", "csv"] | None = None


class UpdateSettings(_Strict):
    gdelt: GdeltUpdate | None = None
    comtrade: ComtradeUpdate | None = None
    sanctions: SanctionsUpdate | None = None


class UpdateFile(_Strict):
    model_config = ConfigDict(extra="forbid", title="dyadwatch monitor update settings")
    version: Literal[1] = 1
    sources: UpdateSettings
    dyads: dict[Pair, UpdateSettings | None] = Field(default_factory=dict)


MODELS = {"alerts.yaml": (AlertsFile, "monitor-alerts"), "staleness.yaml": (StalenessFile, "monitor-staleness"),
          "update.yaml": (UpdateFile, "monitor-update")}
