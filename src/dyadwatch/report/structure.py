"""Structural context for the political and security sections: how each country is governed (V-Dem polyarchy,
bundled; Polity2 and UDS when read at run time) and its material capabilities (COW NMC, run time only).
Data and their licences: :mod:`dyadwatch.structure`. Rendered with the ``structure.html`` template."""
from __future__ import annotations

from markupsafe import Markup

from dyadwatch.report import svg
from dyadwatch.report.api import Block, ReportContext


def _fmt(ind: str, v: float) -> str:
    if ind == "milex":
        return svg.fmt_value(v, "money")
    if ind in ("milper", "tpop"):
        return f"{v:,.0f}"
    if ind == "cinc":
        return f"{100 * v:.2f}%"
    if ind == "polity2":
        return f"{v:+.0f}"
    return f"{v:.2f}" if ind == "uds" else f"{v:.3f}"


def _known(ctx: ReportContext, data: dict) -> dict:
    """The country-year data as known on the report's date (report/known.py): years that had ended, from a
    dataset version published by then; an indicator whose source came out later is left out, with a note."""
    from dyadwatch.report.known import source_known

    series, later = {}, []
    for ind, by in data["series"].items():
        sid = data["sources"].get(ind)
        if sid and not source_known(ctx, sid):
            later.append(ind_name(ind))
            continue
        kept = {c: [(y, v) for y, v in pts if str(y) < ctx.as_of[:4]] for c, pts in by.items()}
        if any(kept.values()):
            series[ind] = kept
    notes = [f"{', '.join(dict.fromkeys(later))}: the version in the store was published after {ctx.as_of}, so it "
             "is not shown."] if later else []
    return {**data, "series": series, "missing": data["missing"] + notes}


def _rows(ctx: ReportContext, data: dict, names: list[tuple[str, str]]) -> list[dict]:
    from dyadwatch.structure import latest

    rows = []
    for ind, label in names:
        by = data["series"].get(ind)
        if not by:
            continue
        cells = []
        for c in (ctx.a, ctx.b):
            last = latest(by.get(c, []))
            cells.append({"text": _fmt(ind, last[1]) if last else "–", "year": last[0] if last else None})
        rows.append({"label": label, "cells": cells, "cite": Markup(ctx.cite(data["sources"][ind]))})
    return rows


def _stale(data: dict, inds: list[str], as_of: str) -> list[str]:
    from dyadwatch.structure import latest

    notes = []
    for ind in inds:
        years = [latest(p)[0] for p in data["series"].get(ind, {}).values() if p]
        if years and int(as_of[:4]) - int(max(years)) > 2:
            notes.append(f"The latest {ind_name(ind)} figure is for {max(years)}: structural data lag by years and "
                         "say nothing about changes since.")
    return notes


def ind_name(ind: str) -> str:
    return {"polyarchy": "V-Dem", "polity2": "Polity2", "uds": "Unified Democracy Score", "cinc": "capabilities"}.get(
        ind, ind)


def political(ctx: ReportContext) -> list[Block]:
    """Democracy scores of both countries: the V-Dem line over the years and the latest value of each index."""
    from dyadwatch.report.templating import render
    from dyadwatch.structure import DEMOCRACY_COLUMNS, indicators

    data = _known(ctx, indicators(ctx.store, [ctx.a, ctx.b]))
    pol = data["series"].get("polyarchy")
    if not pol and "polity2" not in data["series"]:
        return [Block("Structural context: how each country is governed",
                      render("structure.html", intro="No country-year democracy scores are in the store for these "
                             "countries. The bundled datasets carry V-Dem's index for Russia, Ukraine and Belarus.",
                             cite_all="", chart=None, rows=[], countries=[], notes=data["missing"]), order=90)]
    cite = ctx.cite(data["sources"]["polyarchy"]) if pol else ""
    chart = None
    if pol:
        chart = Markup(svg.line_chart({c: pts for c, pts in pol.items() if pts},
                                      "Electoral democracy (V-Dem polyarchy, 0–1), by country", kind="number",
                                      caption="0 = no electoral democracy, 1 = full; yearly expert-coded estimates" + cite))
    names = [(ind, label) for ind, label, _ in DEMOCRACY_COLUMNS.values()]
    html = render("structure.html",
                  intro=f"Structural context, not events: how {ctx.name(ctx.a)} and {ctx.name(ctx.b)} are governed, "
                        "as yearly democracy indices rate them. They change slowly and are published with a lag.",
                  cite_all=Markup(cite), chart=chart, rows=_rows(ctx, data, names), countries=[ctx.a, ctx.b],
                  notes=_stale(data, ["polyarchy", "polity2"], ctx.as_of) + data["missing"])
    last = {c: pts[-1] for c, pts in (pol or {}).items() if pts}
    summ = "; ".join(f"{c} V-Dem {v:.2f} ({y})" for c, (y, v) in last.items())
    return [Block("Structural context: how each country is governed", str(html), order=90,
                  summary=f"structure: {summ}" if summ else None)]


def security(ctx: ReportContext) -> list[Block]:
    """Material capabilities (COW NMC) of both countries when read at run time; otherwise says what is missing."""
    from dyadwatch.report.templating import render
    from dyadwatch.structure import NMC_COLUMNS, indicators, latest

    data = _known(ctx, indicators(ctx.store, [ctx.a, ctx.b]))
    names = [(ind, label) for ind, label, _ in NMC_COLUMNS.values()]
    rows = _rows(ctx, data, names)
    title = "Structural context: material capabilities"
    if not rows:
        return [Block(title, str(render(
            "structure.html", intro="Military spending, personnel and population (COW National Material Capabilities) "
            "are not shown.", cite_all="", chart=None, rows=[], countries=[], notes=data["missing"])), order=90)]
    cinc = data["series"].get("cinc", {})
    la, lb = latest(cinc.get(ctx.a, [])), latest(cinc.get(ctx.b, []))
    notes = []
    if la and lb and la[0] == lb[0] and min(la[1], lb[1]) > 0:
        big, small = (ctx.a, ctx.b) if la[1] >= lb[1] else (ctx.b, ctx.a)
        ratio = max(la[1], lb[1]) / min(la[1], lb[1])
        notes.append(f"In {la[0]} {big} held about {ratio:.0f} times {small}'s share of the world's material "
                     "capabilities.")
    html = render("structure.html", intro=f"Structural context: the material capabilities of {ctx.name(ctx.a)} and "
                  f"{ctx.name(ctx.b)} in the latest year of the Correlates of War data, read at run time.",
                  cite_all=Markup(ctx.cite(data["sources"]["cinc"]) if cinc else ""), chart=None, rows=rows,
                  countries=[ctx.a, ctx.b], notes=notes + _stale(data, ["cinc"], ctx.as_of))
    return [Block(title, str(html), order=90, summary=f"structure: {notes[0]}" if notes else None)]


# --- a third country's alignment, drawn from another bundled dyad --------------------------------------
ALIGNMENT = {"BLR": "RUS"}   # country -> the ally whose bundled dyad describes its alignment
ALIGNMENT_CODES = ("057", "062", "072", "163")   # agreements, military cooperation and aid, sanctions


def alignment(ctx: ReportContext) -> list[Block]:
    """For a dyad with Belarus but not Russia (UKR–BLR): a short block on Belarus's alignment with Russia from the
    bundled BLR–RUS data (loaded into the store when missing and the store already holds bundled data, so that
    every figure is cited from it; a store built without bundled data is left as it is)."""
    from dyadwatch.assess import bundled_key
    from dyadwatch.countries import Dyad
    from dyadwatch.curated import load_bundled
    from dyadwatch.periods import words as period_words
    from dyadwatch.report.known import known_claims, known_events, known_trade
    from dyadwatch.report.templating import render

    out = []
    for country, ally in ALIGNMENT.items():
        if country not in (ctx.a, ctx.b) or ally in (ctx.a, ctx.b):
            continue
        pair = Dyad(country, ally)
        key = bundled_key(pair)
        labels = [f"{country}-{ally}", f"{ally}-{country}"]
        bundled_here = ctx.store.scalar("SELECT count(*) FROM ingest_ledger WHERE kind = 'curated' "
                                        "AND path LIKE 'bundled:%'")  # only where bundled data are in use
        if key and bundled_here and not ctx.store.scalar("SELECT count(*) FROM claims WHERE dyad IN (?, ?)", labels):
            load_bundled(ctx.store, key)
            ctx._sources = None   # new sources: refresh the footnote lookup
        figures = []
        for rep in (country, ally):
            rows = [r for r in known_trade(ctx, "A", country, ally) if r["reporter"] == rep
                    and r["turnover_usd"] is not None and r["period"] < ctx.as_of[:4]]
            if rows:
                r = rows[-1]
                figures.append({"text": f"Trade {country}–{ally} in {r['period']}, {ctx.name(rep)}'s records: "
                                        f"{svg.fmt_value(r['turnover_usd'], 'money')}"
                                        + (f" ({r['change_pct']:+.1f}% on a year before)" if r["change_pct"] is not None
                                           else ""), "cite": Markup(ctx.cite(*r["source_ids"]))})
        shares = sorted((c for c in known_claims(ctx, dyad=labels[0]) if c["kind"] == "share"
                         and c["reporter"] == country and c["partner"] == ally
                         and c["indicator"] in ("trade_share", "export_share", "import_share")),
                        key=lambda c: (str(c["period"]), c["indicator"]), reverse=True)
        what = {"trade_share": "trade", "export_share": "exports", "import_share": "imports"}
        seen = set()
        for s in shares:   # the latest stated share of each kind
            if s["indicator"] in seen:
                continue
            seen.add(s["indicator"])
            figures.append({"text": f"{ctx.name(ally)}'s share of {ctx.name(country)}'s {what[s['indicator']]}, "
                                    f"{period_words(s['period'])}: {(s['hedge'] + ' ') if s['hedge'] else ''}"
                                    f"{s['value']:g}%", "cite": Markup(ctx.cite(s["source_id"]))})
        known = [e for e in known_events(ctx, dyad=labels[0])
                 if e["realm"] in ("security", "policy") and e.get("cameo") in ALIGNMENT_CODES]
        steps = [{"date": e["date"], "summary": e["summary"], "cite": Markup(ctx.cite(e["source_id"]))}
                 for e in known[-6:]]
        title = f"{ctx.name(country)}'s alignment with {ctx.name(ally)}"
        if not figures and not steps:
            out.append(Block(title, str(render("alignment.html", lead=f"No data on {ctx.name(country)}–"
                                               f"{ctx.name(ally)} relations are in the store.", figures=[], steps=[],
                                               note=f"Run dyadwatch assess {country} {ally} to load them.")),
                             order=95))
            continue
        n = len(known_events(ctx, dyad=labels[0]))
        html = render("alignment.html",
                      lead=f"How closely {ctx.name(country)} is tied to {ctx.name(ally)}, from the {country}–{ally} "
                           f"dataset: trade by each side's records, stated dependence shares, and the latest steps of "
                           f"military integration and sanctions coordination.",
                      figures=figures, steps=steps,
                      note=f"{len(steps)} of {n} dated {country}–{ally} events shown; the full picture is in "
                           f"the {country}–{ally} assessment (dyadwatch assess {country} {ally}).")
        out.append(Block(title, str(html), order=95,
                         summary=f"alignment: {len(steps)} recent {country}–{ally} integration steps shown"))
    return out
