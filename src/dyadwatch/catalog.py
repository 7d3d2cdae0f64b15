"""Listings over the store: claims, sources, events (the library behind `claims/sources/events list`)."""
from __future__ import annotations

from typing import Any

from dyadwatch.errors import InputError
from dyadwatch.model import REALMS


def _check_realm(realm: str | None) -> None:
    if realm is not None and realm not in REALMS:
        from dyadwatch.errors import UnknownCodeError
        raise UnknownCodeError("realm", realm, REALMS, hint=f"realms are {', '.join(REALMS)}")


def _dyad_label(dyad: str | None) -> str | None:
    if dyad is None:
        return None
    from dyadwatch.countries import Dyad
    return Dyad.parse(dyad).label


def _dyad_filter(dyad: str | None, column: str = "dyad") -> tuple[str, list]:
    """SQL matching a dyad in either order (stored labels keep the order they were written in)."""
    if dyad is None:
        return "TRUE", []
    from dyadwatch.countries import Dyad
    d = Dyad.parse(dyad)
    return f"{column} IN (?, ?)", [f"{d.a.iso3}-{d.b.iso3}", f"{d.b.iso3}-{d.a.iso3}"]


def list_claims(store, dyad: str | None = None, realm: str | None = None) -> list[dict[str, Any]]:
    _check_realm(realm)
    where, params = _dyad_filter(dyad)
    if realm:
        where += " AND realm = ?"
        params.append(realm)
    return store.query(
        "SELECT id, dyad, realm, indicator, kind, reporter, partner, period, value, low, high, hedge, unit, "
        f"source_id, note FROM claims WHERE {where} ORDER BY realm, period NULLS LAST, id", params)


def list_sources(store) -> list[dict[str, Any]]:
    return store.query("SELECT id, title, publisher, author, url, date, licence, note FROM sources ORDER BY id")


def list_events(store, dyad: str | None = None, date_from: str | None = None, date_to: str | None = None,
                realm: str | None = None) -> list[dict[str, Any]]:
    from dyadwatch.model import _check_date

    _check_realm(realm)
    where, params = _dyad_filter(dyad)
    for bound, op in ((date_from, ">="), (date_to, "<=")):
        if bound:
            try:
                bound = _check_date(bound)
            except ValueError as exc:
                raise InputError(str(exc), hint="dates are YYYY-MM-DD") from None
            # a month/year bound covers the whole month/year
            where += f" AND date {op} ?"
            params.append(bound if op == ">=" else bound + ("-99" if len(bound) < 10 else ""))
    if realm:
        where += " AND realm = ?"
        params.append(realm)
    return store.query(
        "SELECT id, date, dyad, realm, actor1, actor2, location, cameo, plover, quad_class, "
        "coalesce(cameo, plover) AS code, summary, source_id FROM events "
        f"WHERE {where} ORDER BY date, id", params)


def sources_by_id(store) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in list_sources(store)}
