"""Provenance checks on curated readings: a reading cannot be known before the source it cites was published.

A warning forecast "as of" a date uses every observation whose `known_at` is on or before that date. If a
reading's `known_at` precedes the publication date of the source it cites, the forecast would use a fact
before anyone could have read it there — hindsight. `check_known_at` rejects such records when curated
files are loaded (it is called from the curated loader's reference check), naming the reading and the source.

Dates of partial precision: a source dated "2023-09" (month) or "2024" (year) is treated as published on the
first day of that period — the earliest date it can have appeared — so only readings known before that day
are rejected. Records without `known_at` are not checked here (their period end stands in for it, and trade
statistics are never read by the warning model).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping


def earliest_day(text: str | dt.date | None) -> dt.date | None:
    """First day a date of any precision (YYYY, YYYY-MM, YYYY-MM-DD) can mean; None for no date."""
    if text is None or text == "":
        return None
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    parts = [int(p) for p in str(text).split("-")[:3]]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def check_known_at(files: Iterable, source_dates: Mapping[str, str | dt.date | None]) -> None:
    """Raise ValidationError for the first observation or claim whose `known_at` precedes the publication
    date of the source it cites. `files` are curated.CuratedFile objects (records as (line, record) pairs);
    `source_dates` maps source id -> date for sources already in the store; the files' own sources are
    added (and win). The message names the file, line, the reading and the source with both dates."""
    from dyadwatch.errors import ValidationError

    files = list(files)
    dates = dict(source_dates)
    for cf in files:
        for _, src in cf.records["sources"]:
            dates[src.id] = src.date
    for cf in files:
        for section in ("observations", "claims"):
            for line, rec in cf.records[section]:
                known = getattr(rec, "known_at", None)
                published = earliest_day(dates.get(rec.source))
                if known is None or published is None:
                    continue
                if earliest_day(known) < published:
                    what = (f"reading {rec.indicator} {rec.period} (reporter {rec.reporter})"
                            if section == "observations" else f"claim {rec.id}")
                    raise ValidationError(
                        f"{what} is known_at {known}, before its source {rec.source!r} was published "
                        f"({dates.get(rec.source)})",
                        file=cf.path, line=line, field="known_at",
                        hint="set known_at to the source's date, or cite the earlier source that carried it")
