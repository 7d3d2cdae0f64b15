"""Sanctions indicators over the ingested designations: who is sanctioned by whom, since when, and the
alignment index.

* A designation is *linked to a country* when its entity has that country in any country-typed property
  (or its Address has, through ``addressEntity``).
* The designation year is the year of the Sanction's startDate, else listingDate; designations with neither
  are counted as ``undated`` and never placed in a year.
* The **alignment index** of country C with country R for issuer I is the share of C-linked entities
  designated by I that are also designated by I under a programme targeting R (programme targets come from
  data/sanctions/issuers.yaml). Over time it is cumulative: at the end of year Y, among C-linked entities
  designated by I with a dated designation on or before Y, the share with a dated R-programme designation
  by I on or before Y.
"""
from __future__ import annotations

from typing import Any

from dyadwatch.errors import InputError

_LINKED = """
WITH ec AS (
    SELECT c.entity_id, c.prop, c.iso3 FROM sanctioned_entity_countries c WHERE c.iso3 IS NOT NULL
    UNION ALL
    SELECT l.entity_id, l.prop || '.' || c.prop, c.iso3 FROM sanctioned_entity_links l
    JOIN sanctioned_entity_countries c ON c.entity_id = l.target_id WHERE c.iso3 IS NOT NULL
),
linked AS (
    SELECT DISTINCT ec.entity_id, ec.prop FROM ec JOIN sanctioned_entities e ON e.id = ec.entity_id
    WHERE ec.iso3 = ? AND e.schema <> 'Address'
),
d0 AS (
    SELECT d.*, e.schema, e.sectors, e.caption, try_cast(substr(d.date, 1, 4) AS INTEGER) AS year,
           (NOT coalesce(e.target, TRUE) OR (d.end_date IS NOT NULL AND d.end_date <= ?)) AS lifted
    FROM sanctions_designations d JOIN sanctioned_entities e ON e.id = d.entity_id
    WHERE d.entity_id IN (SELECT entity_id FROM linked) {issuer_filter} {as_of_filter}
),
d AS (SELECT * FROM d0 WHERE NOT lifted)
"""


def _iso3(code: str) -> str:
    from dyadwatch.countries import to_iso3
    return to_iso3(code)


def loaded(store) -> bool:
    """True when any sanctions designation is in the store."""
    return bool(store.scalar("SELECT count(*) FROM sanctions_designations"))


def _q(store, country: str, issuer: str | None, body: str, extra: list | None = None,
       as_of: str | None = None) -> list[dict[str, Any]]:
    sql = _LINKED.format(issuer_filter="AND d.issuer = ?" if issuer else "",
                         as_of_filter="AND (d.date IS NULL OR d.date <= ?)" if as_of else "") + body
    params = [country, _lift_date(as_of)] + ([issuer] if issuer else []) + ([as_of] if as_of else []) \
        + (extra or [])
    return store.query(sql, params)


def _lift_date(as_of: str | None) -> str:
    """The date a designation must have ended by to count as lifted: the as-of date, else today (UTC)."""
    if as_of:
        return as_of
    import datetime as dt
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


def _check_as_of(as_of: str | None) -> str | None:
    if as_of is None:
        return None
    import datetime as dt
    try:
        return dt.date.fromisoformat(str(as_of)[:10]).isoformat()
    except ValueError:
        raise InputError(f"bad as-of date {as_of!r}", hint="use YYYY-MM-DD") from None


def _check_issuer(store, issuer: str | None) -> str | None:
    if issuer is None:
        return None
    issuer = issuer.strip().upper()
    known = {r["issuer"] for r in store.query("SELECT DISTINCT issuer FROM sanctions_designations")}
    from dyadwatch.sanctions.ftm import issuer_rules
    if issuer not in known and issuer not in issuer_rules()["issuers"]:
        from dyadwatch.errors import UnknownCodeError
        raise UnknownCodeError("issuer", issuer, sorted(known | set(issuer_rules()["issuers"])))
    return issuer


def summary(store, country: str, issuer: str | None = None, as_of: str | None = None) -> dict[str, Any]:
    """Designations linked to `country`: totals, by issuer, by programme, by year, linking property,
    date basis and sectors of designated companies. With ``as_of`` (YYYY-MM-DD), designations dated after it
    are left out (undated ones are kept, and say so)."""
    iso3 = _iso3(country)
    issuer = _check_issuer(store, issuer)
    as_of = _check_as_of(as_of)

    def q(body, extra=None):
        return _q(store, iso3, issuer, body, extra, as_of)
    from dyadwatch.sanctions.ftm import issuer_rules
    names = {k: v.get("name", k) for k, v in issuer_rules()["issuers"].items()}
    totals = q("""
        SELECT count(*) AS designations, count(DISTINCT entity_id) AS entities,
               count(*) FILTER (WHERE date IS NULL) AS undated, min(date) AS first_date, max(date) AS last_date
        FROM d""")[0]
    by_issuer = q("""
        SELECT issuer, count(*) AS designations, count(DISTINCT entity_id) AS entities,
               count(*) FILTER (WHERE date IS NULL) AS undated, min(date) AS first_date, max(date) AS last_date
        FROM d GROUP BY issuer ORDER BY designations DESC, issuer""")
    for r in by_issuer:
        r["name"] = names.get(r["issuer"], r["issuer"])
    by_programme = q("""
        SELECT issuer, coalesce(program, '(none given)') AS program, program_target,
               count(*) AS designations, count(DISTINCT entity_id) AS entities
        FROM d GROUP BY ALL ORDER BY issuer, designations DESC, program""")
    by_type = q("""
        SELECT issuer, schema AS type, count(DISTINCT entity_id) AS entities
        FROM d GROUP BY ALL ORDER BY issuer, entities DESC, type""")
    by_year = q("""
        SELECT issuer, year, count(*) AS designations, count(DISTINCT entity_id) AS entities
        FROM d WHERE year IS NOT NULL GROUP BY ALL ORDER BY year, issuer""")
    lists = q("""
        SELECT DISTINCT d.issuer, d.source_id, s.date AS list_date, s.title, s.publisher
        FROM d LEFT JOIN sources s ON s.id = d.source_id WHERE d.source_id IS NOT NULL ORDER BY 1, 2""")
    for r in by_issuer:
        iss = r["issuer"]
        r["programmes"] = [{k: p[k] for k in ("program", "program_target", "designations", "entities")}
                           for p in by_programme if p["issuer"] == iss]
        r["types"] = {t["type"]: t["entities"] for t in by_type if t["issuer"] == iss}
        r["years"] = {str(y["year"]): y["entities"] for y in by_year if y["issuer"] == iss}
        r["dated"] = r["designations"] - r["undated"]
        r["sources"] = [{k: x[k] for k in ("source_id", "list_date", "title", "publisher")}
                        for x in lists if x["issuer"] == iss]
    basis = {r["date_basis"]: r["n"] for r in q("SELECT date_basis, count(*) AS n FROM d GROUP BY ALL")}
    via = {r["prop"]: r["entities"] for r in q("""
        SELECT prop, count(DISTINCT entity_id) AS entities FROM linked
        WHERE entity_id IN (SELECT entity_id FROM d) GROUP BY prop ORDER BY prop""")}
    sectors = q("""
        SELECT sector, count(DISTINCT entity_id) AS entities FROM (
            SELECT entity_id, unnest(sectors) AS sector FROM d WHERE schema <> 'Person')
        GROUP BY sector ORDER BY entities DESC, sector""")
    without_sector = q("""
        SELECT count(DISTINCT entity_id) AS n FROM d WHERE schema <> 'Person' AND len(sectors) = 0""")[0]["n"]
    sources = [r["source_id"] for r in q("SELECT DISTINCT source_id FROM d WHERE source_id IS NOT NULL ORDER BY 1")]
    lifted = q("SELECT count(*) AS n, count(DISTINCT entity_id) AS e FROM d0 WHERE lifted")[0]
    notes = []
    if lifted["n"]:
        notes.append(f"{lifted['n']} lifted designation(s) of {lifted['e']} entities (an end date on or before "
                     f"{_lift_date(as_of)}, or no longer a sanctions target) are left out of every count")
    if totals["designations"] == 0:
        notes.append("no sanctions designations linked to this country are loaded "
                     "(dyadwatch ingest sanctions FILE, or dyadwatch fetch sanctions)")
    if totals["undated"]:
        notes.append(f"{totals['undated']} designation(s) have no designation date in their data (FtM: no "
                     "startDate or listingDate; first_seen is not used; OFAC's legacy CSV and EU file 1.0 give "
                     "none) and are counted as undated, never placed in a year")
    return {"country": iso3, "issuer": issuer, **totals, "by_issuer": by_issuer, "by_programme": by_programme,
            "by_type": by_type, "by_year": by_year, "date_basis": basis, "linked_via": via, "sectors": sectors,
            "lifted": lifted["n"], "companies_without_sector": without_sector, "sources": sources, "notes": notes}


def alignment(store, country: str, with_country: str = "RUS", issuer: str | None = None,
              as_of: str | None = None) -> dict[str, Any]:
    """The alignment index of `country` with `with_country`'s programmes, per issuer, overall and by year
    (with ``as_of``: from designations dated on or before it, and undated ones)."""
    iso3, target = _iso3(country), _iso3(with_country)
    if iso3 == target:
        raise InputError(f"the alignment index needs two different countries, got {iso3} twice")
    issuer = _check_issuer(store, issuer)
    as_of = _check_as_of(as_of)

    def q(body, extra=None):
        return _q(store, iso3, issuer, body, extra, as_of)
    overall = q("""
        SELECT issuer, count(DISTINCT entity_id) AS entities,
               count(DISTINCT entity_id) FILTER (WHERE program_target = ?) AS aligned
        FROM d GROUP BY issuer ORDER BY issuer""", [target])
    undated_only = {r["issuer"]: r["n"] for r in q("""
        SELECT issuer, count(*) FILTER (WHERE dated = 0) AS n FROM (
            SELECT issuer, entity_id, count(date) AS dated FROM d GROUP BY ALL) GROUP BY issuer""")}
    for r in overall:
        r["index"] = r["aligned"] / r["entities"] if r["entities"] else None
        r["entities_undated_only"] = undated_only.get(r["issuer"], 0)
    # cumulative by year: first dated designation by the issuer, and first dated target-programme designation
    firsts = q("""
        SELECT issuer, entity_id, min(year) AS first_year,
               min(year) FILTER (WHERE program_target = ?) AS first_aligned_year
        FROM d WHERE year IS NOT NULL GROUP BY issuer, entity_id""", [target])
    series: dict[str, list[dict[str, Any]]] = {}
    by_issuer: dict[str, list[dict]] = {}
    for r in firsts:
        by_issuer.setdefault(r["issuer"], []).append(r)
    for iss, rows in sorted(by_issuer.items()):
        lo = min(r["first_year"] for r in rows)
        hi = max(max(r["first_year"], r["first_aligned_year"] or 0) for r in rows)
        out = []
        for year in range(lo, hi + 1):
            designated = [r for r in rows if r["first_year"] <= year]
            aligned = [r for r in designated if r["first_aligned_year"] is not None and r["first_aligned_year"] <= year]
            out.append({"year": year, "entities": len(designated), "aligned": len(aligned),
                        "index": len(aligned) / len(designated) if designated else None})
        series[iss] = out
    sources = [r["source_id"] for r in q("SELECT DISTINCT source_id FROM d WHERE source_id IS NOT NULL ORDER BY 1")]
    notes = []
    if not overall:
        notes.append(f"no sanctions designations linked to {iso3} are loaded")
    if any(r["entities_undated_only"] for r in overall):
        notes.append("entities with only undated designations count in the overall index but not in the series")
    lifted = q("SELECT count(*) AS n FROM d0 WHERE lifted")[0]["n"]
    if lifted:
        notes.append(f"{lifted} lifted designation(s) (ended on or before {_lift_date(as_of)}, or no longer a "
                     "sanctions target) are left out of the index, as of every count")
    unknown = q("SELECT count(*) AS n FROM d WHERE program_target IS NULL")[0]["n"]
    if unknown:
        notes.append(f"{unknown} designation(s) have a programme whose target country is not known to "
                     "data/sanctions/issuers.yaml; they never count as aligned")
    return {"country": iso3, "with": target, "issuer": issuer, "overall": overall, "series": series,
            "sources": sources, "notes": notes,
            "definition": f"share of {iso3}-linked entities designated by an issuer that the same issuer also "
                          f"designates under a programme targeting {target}"}


def designations(store, country: str, issuer: str | None = None, as_of: str | None = None) -> dict[str, Any]:
    """The designations linked to `country` in force as of `as_of` (default today): one row per designation with
    name, type, programme, date, issuer and source, newest first (undated last)."""
    iso3 = _iso3(country)
    issuer = _check_issuer(store, issuer)
    as_of = _check_as_of(as_of)
    rows = _q(store, iso3, issuer, """
        SELECT d.caption AS name, d.schema AS type, d.issuer, d.program AS programme, d.program_target AS target,
               d.date, d.date_basis, d.end_date, d.entity_id, d.source_id, s.title AS source, s.date AS list_date
        FROM d LEFT JOIN sources s ON s.id = d.source_id
        ORDER BY d.date DESC NULLS LAST, d.issuer, d.caption, d.program""", as_of=as_of)
    lifted = _q(store, iso3, issuer, "SELECT count(*) AS n FROM d0 WHERE lifted", as_of=as_of)[0]["n"]
    return {"country": iso3, "issuer": issuer, "as_of": _lift_date(as_of), "designations": rows,
            "lifted_left_out": lifted}
