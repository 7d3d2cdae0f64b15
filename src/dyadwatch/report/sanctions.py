"""The sanctions block of the economic section (template report/templates/sanctions.html).

For each country of the dyad: the designations in force on the report's as-of date, by issuer (with the list each
came from, its date, and a plain warning when the list is old), the designation timeline by issuer (new
designations per year, dated designations only), the largest programmes, the sectors of designated companies and,
for a country other than Russia, the alignment index with Russia's programmes. Every figure is footnoted to its
list's source. When no sanctions data are loaded it says so and how to load them.
"""
from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from dyadwatch.report import svg
from dyadwatch.report.api import Block, ReportContext

TITLE = "Sanctions designations and the alignment index"
STALE_DAYS = 180          # a list older than this, relative to the report's date, gets a plain warning
LINK_WORDS = {"programme": "the country its programme targets", "nationality": "nationality",
              "citizenship": "citizenship", "birthCountry": "country of birth", "country": "country",
              "countries": "countries", "jurisdiction": "jurisdiction", "mainCountry": "main country",
              "flag": "flag", "pastFlags": "past flags", "addressEntity.country": "address"}
TYPE_PERSON, TYPE_ORG = {"Person"}, {"Organization", "Company", "LegalEntity", "PublicBody"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _date_words(date: str) -> str:
    parts = date.split("-")
    if len(parts) >= 2:
        month = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
        return f"{int(parts[2])} {month}" if len(parts) == 3 else month
    return date


def _age(list_date: str, as_of: str) -> int | None:
    parts = [int(p) for p in list_date.split("-")] + [1, 1]
    try:
        return (dt.date.fromisoformat(as_of) - dt.date(parts[0], parts[1], parts[2])).days
    except ValueError:
        return None


def _span(days: int) -> str:
    if days >= 730:
        return f"about {round(days / 365)} years"
    months = round(days / 30.4)
    return f"about {months} months" if months != 12 else "about a year"


def stale_warnings(issuer_name: str, sources: list[dict], as_of: str,
                   undated: int = 0) -> list[tuple[str, str, str]]:
    """(label, plain sentence, source id) for each list of an issuer that is old or undated relative to `as_of`, or
    newer than `as_of` while its designations carry no dates (some may postdate the report's date)."""
    out = []
    for s in sources:
        date = s.get("list_date")
        if not date:
            out.append(("Undated list.", f"The date of the {issuer_name} list in use is not known, so designations "
                        "made after it was published may be missing.", s["source_id"]))
            continue
        days = _age(date, as_of)
        if days is not None and days < 0 and undated:
            out.append(("Undated designations.", f"The {issuer_name} list in use is from {_date_words(date)}, "
                        f"after this report's date ({as_of}), and {undated} of its designations carry no date: "
                        "some of them may have been made after the report's date.", s["source_id"]))
        elif days is not None and days > STALE_DAYS:
            out.append(("Old list.", f"The {issuer_name} list in use is from {_date_words(date)}, {_span(days)} "
                        f"before this report's date ({as_of}); designations made since then are missing.",
                        s["source_id"]))
    return out


def _countries(ctx: ReportContext, iso3: str) -> list[dict]:
    """The block's part for one country: from every list when all were published by the report's date; else
    one part per issuer whose lists were (a list published later was not known then), or a plain note."""
    from dyadwatch.report.known import known_ids
    from dyadwatch.sanctions.indicators import summary

    s = summary(ctx.store, iso3, as_of=ctx.as_of)
    issuers = {r["issuer"]: [x["source_id"] for x in r["sources"]] for r in s["by_issuer"]}
    known = [i for i, ids in issuers.items() if len(known_ids(ctx, ids)) == len(ids)]
    if len(known) == len(issuers):
        return [_country(ctx, iso3, s)]
    if not known:
        return [{"name": ctx.name(iso3), "designations": 0, "entities": 0, "alignment": None, "part": None,
                 "later": len(issuers), "summary_line": f"{iso3}: no list published by {ctx.as_of}"}]
    return [_country(ctx, iso3, summary(ctx.store, iso3, issuer=i, as_of=ctx.as_of),
                     issuer=next(r["name"] for r in s["by_issuer"] if r["issuer"] == i)) for i in known]


def _country(ctx: ReportContext, iso3: str, s: dict, issuer: str | None = None) -> dict:
    from dyadwatch.sanctions.indicators import alignment

    name = ctx.name(iso3)
    out: dict = {"name": name, "part": f"{issuer} designations only: its list was published by the report's date, "
                 "others later" if issuer else None, "designations": s["designations"],
                 "entities": s["entities"], "alignment": None, "later": 0}
    if not s["designations"]:
        return out
    cite = Markup(ctx.cite(*s["sources"]))
    issuers, stale = [], []
    for r in s["by_issuer"]:
        ids = [x["source_id"] for x in r["sources"]]
        types = r["types"]
        persons = sum(v for k, v in types.items() if k in TYPE_PERSON)
        orgs = sum(v for k, v in types.items() if k in TYPE_ORG)
        lists = "; ".join(f"{x['title'] or x['source_id']}" for x in r["sources"]) or "not recorded"
        issuers.append({**r, "label": r["name"], "cite": Markup(ctx.cite(*ids)), "persons": persons,
                        "organisations": orgs, "other": r["entities"] - persons - orgs, "list_label": lists})
        for lab, text, sid in stale_warnings(r["name"], r["sources"], ctx.as_of, r["undated"]):
            stale.append({"label": lab, "text": text, "cite": Markup(ctx.cite(sid))})
    years = sorted({r["year"] for r in s["by_year"] if r["year"] and str(r["year"]) <= ctx.as_of[:4]})
    series = {}
    for iss in sorted({r["issuer"] for r in s["by_year"]}):
        by = {r["year"]: r["designations"] for r in s["by_year"] if r["issuer"] == iss}
        series[iss] = [(str(y), by.get(y, 0)) for y in years]
    undated_issuers = [r["name"] for r in s["by_issuer"] if r["dated"] == 0]
    caption = "Year of each designation's date as its list gives it"
    if undated_issuers:
        caption += f"; not drawn: {', '.join(undated_issuers)}, whose lists give no designation dates"
    timeline = Markup(svg.line_chart(series, f"Designation timeline: new designations linked to {name}, by "
                                             "issuer and year", caption=caption + str(cite))) if series else \
        Markup(f'<p class="empty">No designation linked to {name} has a date in its list, so no timeline can be '
               "drawn.</p>")
    progs = sorted(s["by_programme"], key=lambda p: (-p["entities"], p["issuer"], p["program"]))[:8]
    src_of = {r["issuer"]: [x["source_id"] for x in r["sources"]] for r in s["by_issuer"]}
    out.update(
        cite=cite, issuers=issuers, stale=stale, timeline=timeline, undated=s["undated"], lifted=s["lifted"],
        by_issuer=", ".join(f"{r['issuer']} {r['designations']}" for r in s["by_issuer"]),
        via=", ".join(f"{LINK_WORDS.get(k, k)} {v}" for k, v in s["linked_via"].items()),
        sectors=", ".join(f"{r['sector']} {r['entities']}" for r in s["sectors"]),
        programmes=[{"issuer": p["issuer"], "program": p["program"],
                     "target": ctx.name(p["program_target"]) if p["program_target"] else "not known",
                     "entities": p["entities"], "cite": Markup(ctx.cite(*src_of.get(p["issuer"], [])))}
                    for p in progs],
        programme_linked="programme" in s["linked_via"],
        summary_line=f"{iso3}: {s['designations']} designations of {s['entities']} entities")
    if iso3 != "RUS":
        al = alignment(ctx.store, iso3, "RUS", issuer=s.get("issuer"), as_of=ctx.as_of)
        aseries = {iss: [(str(p["year"]), p["index"]) for p in pts if str(p["year"]) <= ctx.as_of[:4]]
                   for iss, pts in al["series"].items()}
        chart = svg.line_chart(aseries, f"Alignment index of {name} with Russia programmes", kind="prob",
                               caption=f"Cumulative, dated designations only{cite}") if any(aseries.values()) else ""
        out["alignment"] = {"definition": al["definition"], "notes": al["notes"], "chart": Markup(chart),
                            "rows": [{"issuer": r["issuer"], "aligned": r["aligned"], "entities": r["entities"],
                                      "index": svg.fmt_value(r["index"], "prob")} for r in al["overall"]]}
    return out


def sanctions(ctx: ReportContext) -> list[Block]:
    from dyadwatch.report.templating import render
    from dyadwatch.sanctions.indicators import loaded

    if not loaded(ctx.store):
        return [Block(TITLE, str(render("sanctions.html", loaded=False, countries=[], as_of=ctx.as_of)), order=60,
                      summary="sanctions: no sanctions data loaded")]
    countries = [c for iso3 in (ctx.a, ctx.b) for c in _countries(ctx, iso3)]
    lines = [c["summary_line"] for c in countries if c.get("summary_line")]
    html = render("sanctions.html", loaded=True, countries=countries, as_of=ctx.as_of)
    return [Block(TITLE, str(html), order=60, summary="sanctions: " + "; ".join(lines) if lines else None)]
