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


def get_source(store, source_id: str) -> dict[str, Any]:
    """One source with what cites it. An old id kept as an alias of another source's id
    (data/report/source_aliases.yaml: the report cites the document under one id) gives that source, with
    `alias` set to the id asked for."""
    from dyadwatch.report.api import source_aliases

    sid = source_aliases().get(source_id, source_id)
    rows = store.query("SELECT id, title, publisher, author, url, date, licence, note FROM sources WHERE id = ?", [sid])
    if not rows:
        import difflib

        known = [r["id"] for r in store.query("SELECT id FROM sources ORDER BY id")]
        near = difflib.get_close_matches(source_id, known, n=3, cutoff=0.5)
        raise InputError(f"no source {source_id!r} in the store" + (f"; did you mean {', '.join(near)}?" if near else ""),
                         hint="`dyadwatch sources list` shows the sources in the store")
    out = {**rows[0], "alias": source_id if sid != source_id else None}
    ids = [source_id, sid] if sid != source_id else [sid]
    marks = ", ".join("?" for _ in ids)
    for table in ("claims", "events"):
        out[f"cited_by_{table}"] = store.query(f"SELECT count(*) AS n FROM {table} WHERE source_id IN ({marks})",
                                               ids)[0]["n"]
    return out


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
