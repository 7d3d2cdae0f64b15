"""Report blocks of the trade component (economic section): trade in goods from BOTH countries' records.

* annual exports, imports and turnover by year, one series per reporter (whose statistics), never mixed;
* the monthly series (the 2022 collapse) on its own chart: annual and monthly figures never share an axis;
* the latest annual comparisons (e.g. 2022 against 2021) from each side, with the change measured against
  the same country's base AND against the other country's base, and the mirror gap with the CIF/FOB factor;
* a same-period comparison (Jan–Jul against Jan–Jul a year before) when the months or a stated range exist;
* composition by HS chapter and dependence shares when HS rows or world totals are stored.

Every figure is footnoted (``ctx.cite``) with the sources its row rests on; what is missing is said plainly,
with the command that would load it.
"""
from __future__ import annotations

import re

from dyadwatch.report import svg
from markupsafe import Markup

from dyadwatch.report.api import Block, ReportContext
from dyadwatch.report.known import known_store, known_trade
from dyadwatch.report.curated import key_markers

MONEY = "money"


def _ended(label: str, as_of: str) -> bool:
    """True when the whole period lies before the report date's month (a year is shown once it is over)."""
    from dyadwatch.realms.economic import parse_period
    return parse_period(label).months[-1] < as_of[:7]


def _m(v: float | None) -> str:
    if v is not None and v < 0:
        return "−" + svg.fmt_value(-v, MONEY)
    return svg.fmt_value(v, MONEY)


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:+.1f}%"


def _t():
    """The macros of the template economic.html (a user's --template folder may replace it)."""
    from dyadwatch.report.templating import environment

    return environment().get_template("economic.html").module


def _fetch_hint(ctx: ReportContext, years: str, freq: str = "A", extra: str = "") -> Markup:
    return _t().fetch_hint(ctx.a, ctx.b, years, freq == "M", extra)


def _empty(text: str, hint=None, after: str = "") -> str:
    return str(_t().empty(text, hint, after))


def trade(ctx: ReportContext) -> list[Block]:
    """The trade blocks of the economic section (see the module docstring)."""
    from dyadwatch.realms.economic import TradeData

    data = TradeData(known_store(ctx), ctx.a, ctx.b)
    if not data.values and _compiled(ctx):  # only a compiled dataset (COW): its own annual line
        return [annual_block(ctx)]
    if not data.values:
        return [Block("Trade in goods from both countries' records",
                      _empty(f"No trade observations for {ctx.a}–{ctx.b} in the store. Load both countries' records "
                             "with", _fetch_hint(ctx, "2015-2024"), " (add --freq M for monthly figures) or with "
                             "dyadwatch ingest comtrade FILE."), order=30,
                      summary="trade: no observations in the store")]
    blocks = [annual_block(ctx), monthly_block(ctx)]
    blocks += comparison_blocks(ctx)
    blocks.append(same_period_block(ctx, data))
    blocks.append(structure_block(ctx))
    return [b for b in blocks if b is not None]


# --- annual -------------------------------------------------------------------------------------------
def _side_label(ctx: ReportContext, reporter: str) -> str:
    return f"{reporter} records"


def _row_cite(ctx: ReportContext, row: dict) -> Markup:
    return Markup(ctx.cite(*row.get("source_ids") or []))


def _flow_table(ctx: ReportContext, rows: list[dict]) -> str:
    from dyadwatch.periods import words

    items = [{"period": words(r["period"]), "reporter": r["reporter"], "exports": _m(r["exports_usd"]),
              "imports": _m(r["imports_usd"]), "turnover": _m(r["turnover_usd"]), "balance": _m(r["balance_usd"]),
              "cite": _row_cite(ctx, r), "derived": "; ".join(r.get("derived") or [])} for r in rows]
    return str(_t().flow_table(ctx.a, items))


def annual_block(ctx: ReportContext) -> Block:

    rows = [r for r in known_trade(ctx, "A") if _ended(r["period"], ctx.as_of)]
    title = "Annual trade in goods, by whose records"
    compiled = _compiled(ctx)
    if not rows and compiled:
        return Block(title, _compiled_part(ctx, compiled, []), order=30,
                     summary=f"trade: only a compiled dataset, {compiled[0]['period']}–{compiled[-1]['period']}")
    if not rows:
        return Block(title, _empty("No annual figures for complete years in the store. Load them with",
                                   _fetch_hint(ctx, "2015-2024"), "."), order=30, summary="trade: no annual figures")
    have_years = sorted({r["period"] for r in rows})
    years = [str(y) for y in range(int(have_years[0]), int(have_years[-1]) + 1)]  # gaps stay visible
    by = {(r["reporter"], r["period"]): r for r in rows}
    reporters = [rep for rep in (ctx.a, ctx.b) if any(k[0] == rep for k in by)]
    cite_all = ctx.cite(*sorted({s for r in rows for s in r["source_ids"]}))
    turnover = {_side_label(ctx, rep): [(y, by[(rep, y)]["turnover_usd"] if (rep, y) in by else None) for y in years]
                for rep in reporters}
    flows: dict[str, list] = {}
    for rep in reporters:
        flows[f"exports ({rep} records)"] = [by[(rep, y)]["exports_usd"] if (rep, y) in by else None for y in years]
        flows[f"imports ({rep} records)"] = [by[(rep, y)]["imports_usd"] if (rep, y) in by else None for y in years]
    a, b = ctx.a, ctx.b
    basis = (f"{a}'s records value its exports without freight and insurance (FOB) and its imports with them "
             f"(CIF); {b}'s records of the same flows (the mirror) value {a}'s exports as {b}'s imports (CIF) and "
             f"{a}'s imports as {b}'s exports (FOB). Values as published, not adjusted")
    parts = [str(_t().para(f"Exports and imports are {a}'s, with {b}. Each line or bar says whose statistics it "
                           f"rests on; the two countries' records are never merged into one series. {basis}.",
                           Markup(cite_all)))]
    if compiled:  # the same turnover chart, with the compiled dataset as one more line of its own
        parts.append(_compiled_part(ctx, compiled, list(turnover.items())))
    else:
        parts.append(svg.line_chart(turnover, f"Annual turnover {a}–{b} (USD), one line per reporter", kind=MONEY,
                                    markers=key_markers(ctx),
                                    caption=f"Turnover: exports and imports added up, as each country records them"
                                            f"{cite_all}"))
    parts.append(svg.bar_chart(years, flows, f"{a}'s annual exports to and imports from {b} (USD), by whose records",
                               kind=MONEY,
                               caption=f"Missing bars: no record from that country for that year{cite_all}"))
    gaps = []
    last = {rep: max((y for (r, y) in by if r == rep), default=None) for rep in (a, b)}
    for rep in (a, b):
        other = b if rep == a else a
        have = sorted(y for (r, y) in by if r == rep)
        if not have:
            gaps.append(f"No annual records from {rep} are in the store; every annual figure here rests on "
                        f"{other}'s records.")
        elif last[other] and last[rep] < last[other]:
            gaps.append(f"{rep}'s annual records in the store end in {last[rep]}; later years rest on {other}'s "
                        "records only.")
        missing = [y for y in years if y not in have]
        if have and missing:
            gaps.append(f"{rep}: no annual record for {_ranges(missing)}.")
    parts.append(str(_t().notes(gaps)))
    parts.append(_flow_table(ctx, sorted(rows, key=lambda r: (r["period"], r["reporter"] != a))))
    parts.append(_mirror_notes(ctx, have_years))
    latest = have_years[-1]
    line = "; ".join(f"{rep} records {latest}: turnover {_m(by[(rep, latest)]['turnover_usd'])}"
                     for rep in reporters if (rep, latest) in by)
    return Block(title, "".join(parts), order=30,
                 summary=f"trade: {len(have_years)} years with annual figures; {line}")


def _compiled(ctx: ReportContext) -> list[dict]:
    from dyadwatch.realms.economic import compiled_series
    return [r for r in compiled_series(known_store(ctx), ctx.a, ctx.b) if _ended(r["period"], ctx.as_of)]


def _compiled_part(ctx: ReportContext, compiled: list[dict], lines: list[tuple[str, list]]) -> str:
    """The turnover of a compiled dataset (COW) as its own line, beside the reporters' lines (never merged)."""
    names = sorted({r["reporter"] for r in compiled})
    cite = ctx.cite(*sorted({s for r in compiled for s in r["source_ids"]}))
    series = dict(lines)
    for name in names:
        series[f"{name} (compiled dataset)"] = [(r["period"], r["turnover_usd"]) for r in compiled
                                                if r["reporter"] == name]
    first, last = compiled[0]["period"], compiled[-1]["period"]
    text = (f"{', '.join(names)}: a compiled dataset ({first}–{last}), not either country's statistics. It records "
            "each flow as the importer's imports, filled from other sources where a report is missing, and is drawn "
            "as its own line.")
    return str(_t().para(text, Markup(cite))) + svg.line_chart(
        series, f"Annual turnover {ctx.a}–{ctx.b} (USD), one line per reporter and one for the compiled dataset",
        kind=MONEY, markers=key_markers(ctx),
        caption=f"Turnover: exports and imports added up, as each country, or the compiled dataset, records them; "
                f"never summed across records{cite}")


def _mirror_notes(ctx: ReportContext, periods: list[str]) -> str:
    """A note for every period and flow where the two countries' records disagree beyond the CIF/FOB margin."""
    from dyadwatch.realms.economic import CIF_FOB_FACTOR, MIRROR_TOLERANCE_PCT, TradeData, mirror, parse_period

    data = TradeData(known_store(ctx), ctx.a, ctx.b)
    both, out = 0, []
    for label in periods:
        for m in mirror(data, parse_period(label)):
            if m["gap_pct"] is None:
                continue
            both += 1
            if m["disagree"]:
                out.append({"label": label, "flow": m["flow"], "importer": m["importer"],
                            "imp": _m(m["importer_record_cif_usd"]), "exporter": m["exporter"],
                            "exp": _m(m["exporter_record_fob_usd"]), "gap": _pct(m["gap_pct"]),
                            "margin": _margin(CIF_FOB_FACTOR), "tol": f"{MIRROR_TOLERANCE_PCT:g}%",
                            "cite": Markup(ctx.cite(*m["source_ids"]))})
    return str(_t().mirror_notes(both, out))


def _margin(factor: float) -> str:
    """The CIF/FOB factor as a margin in words: 1.1 → '10%'."""
    return f"{(factor - 1) * 100:.0f}%"


def _ranges(years: list[str]) -> str:
    """'2011–2020, 2022' from a sorted list of years."""
    out, run = [], [int(years[0])]
    for y in map(int, years[1:]):
        if y == run[-1] + 1:
            run.append(y)
            continue
        out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
        run = [y]
    out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return ", ".join(out)


# --- monthly ------------------------------------------------------------------------------------------
def monthly_block(ctx: ReportContext) -> Block:
    from dyadwatch.realms.economic import _months

    title = "Monthly trade: the collapse of 2022"
    rows = [r for r in known_trade(ctx, "M") if _ended(r["period"], ctx.as_of)]
    if not rows:
        return Block(title, _empty("No monthly observations in the store, so the monthly collapse cannot be shown. "
                                   "Run", _fetch_hint(ctx, "2021-2023", "M"), " (it fetches both countries' records)."),
                     order=35, summary="trade: no monthly observations")
    all_rows = rows
    first = min(r["period"] for r in rows)
    start = "2021-01" if any(r["period"] >= "2021-01" for r in rows) else first
    rows = [r for r in rows if r["period"] >= start]
    earlier = sorted({r["period"] for r in all_rows if r["period"] < start})
    last = max(r["period"] for r in rows)
    end = max(last, "2023-12") if last <= "2023-12" else last
    end = min(end, _prev_month(ctx.as_of[:7]))
    months = list(_months(int(start[:4]), int(start[5:]), int(end[:4]), int(end[5:])))
    by = {(r["reporter"], r["period"]): r for r in rows}
    reporters = [rep for rep in (ctx.a, ctx.b) if any(k[0] == rep for k in by)]
    cite_all = ctx.cite(*sorted({s for r in rows for s in r["source_ids"]}))
    line = {_side_label(ctx, rep): [(m, by[(rep, m)]["turnover_usd"] if (rep, m) in by else None) for m in months]
            for rep in reporters}
    parts = [svg.line_chart(line, f"Monthly turnover {ctx.a}–{ctx.b} (USD), one line per reporter", kind=MONEY,
                            markers=key_markers(ctx), caption=f"Months without a record are gaps, not zeros{cite_all}")]
    notes = []
    for rep in (ctx.a, ctx.b):
        have = [m for m in months if (rep, m) in by]
        notes.append(f"{rep} records: {len(have)} of {len(months)} months {months[0]} to {months[-1]}"
                     + (f" ({', '.join(have)})" if 0 < len(have) <= 6 else ""))
        vals = [(m, by[(rep, m)]["turnover_usd"]) for m in have if by[(rep, m)]["turnover_usd"] is not None]
        if len(vals) >= 2:
            peak = max(vals, key=lambda p: p[1])
            after = [p for p in vals if p[0] > peak[0]]
            if after:
                low = min(after, key=lambda p: p[1])
                change = (low[1] / peak[1] - 1) * 100 if peak[1] else None
                notes.append(f"{rep} records: from the highest month, {peak[0]} ({_m(peak[1])}), to the lowest after "
                             f"it, {low[0]} ({_m(low[1])}): {_pct(change)}")
    if earlier:
        notes.append(f"{len(earlier)} earlier month(s) with figures ({', '.join(earlier)}) are in the table below, "
                     "not on the chart")
    extra = None
    if any(len([m for m in months if (rep, m) in by]) < len(months) for rep in (ctx.a, ctx.b)):
        extra = Markup("Missing months: load them with {}.").format(
            _fetch_hint(ctx, f"{months[0][:4]}-{months[-1][:4]}", "M"))
    parts.append(str(_t().notes(notes, extra)))
    parts.append(_flow_table(ctx, sorted(all_rows, key=lambda r: (r["period"], r["reporter"] != ctx.a))))
    n = len({r["period"] for r in all_rows})
    return Block(title, "".join(parts), order=35, summary=f"trade: {n} months with monthly figures")


def _prev_month(ym: str) -> str:
    y, m = int(ym[:4]), int(ym[5:7])
    return f"{y - 1}-12" if m == 1 else f"{y}-{m - 1:02d}"


# --- comparisons --------------------------------------------------------------------------------------
def _comparison_html(ctx: ReportContext, s: dict) -> str:
    a, b = s["first"], s["second"]
    p, c = s["period"], s["compare"]
    rows = []
    for r in s["rows"]:
        other = b if r["reporter"] == a else a
        base = r.get("compare_values") or {}
        vs = r.get("vs_other_records") or {}
        values = [r[k + "_usd"] for k in ("exports", "imports", "turnover")] + list(base.values())
        if all(v is None for v in values):
            rows.append({"none": True, "reporter": r["reporter"]})
            continue
        cite = _row_cite(ctx, r)
        for key, name in (("exports", f"{a} exports"), ("imports", f"{a} imports"), ("turnover", "turnover")):
            change = r.get("change_pct") if key == "turnover" else r.get(key + "_change_pct")
            rows.append({"none": False, "reporter": r["reporter"], "cite": cite, "name": name,
                         "base": _m(base.get(key + "_usd")), "value": _m(r[key + "_usd"]), "change": _pct(change),
                         "vs": _pct(vs.get(key + "_change_pct")), "other": other})
    f = s["cif_fob_factor"]
    mir = []
    for m in s["mirror"]:
        if m["exporter_record_fob_usd"] is None and m["importer_record_cif_usd"] is None:
            continue
        verdict = ("beyond the usual margin" if m["disagree"] else
                   "within the margin" if m["gap_pct"] is not None else "one side missing")
        mir.append({"period": m["period"], "flow": m["flow"], "fob": _m(m["exporter_record_fob_usd"]),
                    "cif": _m(m["importer_record_cif_usd"]), "equiv": _m(m["importer_record_fob_equiv_usd"]),
                    "gap": _pct(m["gap_pct"]), "verdict": verdict, "cite": Markup(ctx.cite(*m["source_ids"]))})
    from dyadwatch.periods import words as _words

    derived = [f"{r['reporter']} {_words(p)}: {d}" for r in s["rows"] for d in r.get("derived") or []]
    spans = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?/\d{4}-\d{2}(?:-\d{2})?\b")   # formal spans in notes, in words
    notes = [spans.sub(lambda m: _words(m.group(0)), n) for n in s["notes"]] + \
        [f"Derived, not published: {d}." for d in derived]
    from dyadwatch.periods import words

    for m in mir:
        m["period"] = words(m["period"])
    return str(_t().comparison(a, words(p), words(c), rows, notes, mir, _margin(f)))


def _annual_pairs(ctx: ReportContext) -> list[tuple[str, str]]:
    years = sorted({r["period"] for r in known_trade(ctx, "A") if _ended(r["period"], ctx.as_of)})
    pairs = [(y, str(int(y) - 1)) for y in years if str(int(y) - 1) in years]
    return pairs[-2:]


def comparison_blocks(ctx: ReportContext) -> list[Block]:
    from dyadwatch.realms.economic import summary

    pairs = _annual_pairs(ctx)
    if not pairs:
        return [Block("Year-on-year change from each side",
                      _empty("No two consecutive complete years with figures in the store, so no annual change is "
                             "computed. Load them with", _fetch_hint(ctx, "2015-2024"), "."), order=40)]
    blocks = []
    for i, (p, c) in enumerate(reversed(pairs)):
        s = summary(known_store(ctx), ctx.a, ctx.b, p, compare=c)
        parts = [str(_t().para(f"{p} against {c}, from each country's records. The change is computed on the same "
                               "country's records for both years; the last column shows what the change would be "
                               f"against the other country's {c} figures, the mixed-base calculation that published "
                               "figures sometimes make without saying so.")), _comparison_html(ctx, s)]
        summ = []
        for r in s["rows"]:
            if r["change_pct"] is not None:
                summ.append(f"{r['reporter']} records: turnover {_m(r['turnover_usd'])} in {p}, "
                            f"{_pct(r['change_pct'])} on {c} (against {r['vs_other_records']['base_reporter']}'s {c}: "
                            f"{_pct(r['vs_other_records']['turnover_change_pct'])})")
            elif r["turnover_usd"] is None:
                summ.append(f"{r['reporter']} records: none for {p}")
        blocks.append(Block(f"{p} against {c} from both sides", "".join(parts), order=40 + i,
                            summary="trade: " + "; ".join(summ) if summ else None))
    return blocks


def _same_period(ctx: ReportContext, data) -> tuple[str, str] | None:
    """The most recent same-period comparison the data allow: a stated range (e.g. 2023-01/2023-07), or the
    months of the latest year with monthly figures (Jan to its last month) against the same months a year before."""
    from dyadwatch.realms.economic import parse_period

    cands = []
    for label in data.periods:
        if "/" in label and _ended(label, ctx.as_of):
            cands.append(label)
    months = sorted(p for p in data.periods if re.fullmatch(r"\d{4}-\d{2}", p) and _ended(p, ctx.as_of))
    if months:
        y = months[-1][:4]
        last = max(m for m in months if m[:4] == y)
        if last[5:] not in ("01", "12"):  # a complete year is compared in the annual block
            cands.append(f"{y}-01/{last}")
    if not cands:
        return None
    best = max(cands, key=lambda lab: (parse_period(lab).months[-1], len(parse_period(lab).months)))
    return best, parse_period(best).shifted(-1).label


def same_period_block(ctx: ReportContext, data) -> Block:
    from dyadwatch.realms.economic import month_label, parse_period, summary

    title = "Same-period comparison"
    pair = _same_period(ctx, data)
    if pair is None:
        return Block(title, _empty("No part-year figures (months or a stated range such as Jan–Jul) in the store, so "
                                   "no same-period comparison is made. Load months with",
                                   _fetch_hint(ctx, "2021-2023", "M"), "."), order=45)
    p, c = pair
    s = summary(known_store(ctx), ctx.a, ctx.b, p, compare=c)
    name_p, name_c = month_label(parse_period(p).months), month_label(parse_period(c).months)
    title = f"Same-period comparison: {name_p} against {name_c}"
    missing = [r["reporter"] for r in s["rows"]
               if all(v is None for v in (r.get("compare_values") or {}).values())]
    text = str(_t().para(f"{name_p} against the same months a year before, from each country's records. "
                         "Part-year figures are only compared with the same months: never with a whole year."))
    if len(missing) == len(s["rows"]):
        text += _empty(f"No figure for {name_c} is in the store from either side, so no change is computed; load "
                       "the months with", _fetch_hint(ctx, f"{c[:4]}-{p[:4]}", "M"), ".")
    summ = "; ".join(f"{r['reporter']} records {name_p}: turnover {_m(r['turnover_usd'])}"
                     + (f" ({_pct(r['change_pct'])})" if r.get("change_pct") is not None else "")
                     for r in s["rows"] if r["turnover_usd"] is not None)
    return Block(title, text + _comparison_html(ctx, s), order=45, summary=f"trade: {summ}" if summ else None)


# --- composition and dependence -------------------------------------------------------------------------
def structure_block(ctx: ReportContext) -> Block:
    from dyadwatch.realms.economic import composition, dependence

    a, b = ctx.a, ctx.b
    parts = []
    hs = known_store(ctx).query(
        "SELECT reporter, partner, flow, period, source_id FROM observations WHERE product <> 'TOTAL' AND unit = 'USD' "
        "AND indicator IN ('exports', 'imports') AND reporter IN (?, ?) AND partner IN (?, ?) AND flow IS NOT NULL "
        "GROUP BY ALL", [a, b, a, b])
    hs = [r for r in hs if _ended(r["period"], ctx.as_of)]
    if not hs:
        parts.append(_empty("No figures by HS chapter in the store, so the composition of trade (petroleum products "
                            "HS 27, fertilisers HS 31, electricity HS 2716 …) and its concentration are not shown. "
                            "Load them with", _fetch_hint(ctx, "2015-2024", extra=" --hs TOTAL,27,31,2716"), "."))
    else:
        latest: dict[tuple, str] = {}
        for r in hs:
            k = (r["reporter"], r["partner"], r["flow"])
            key = lambda lab: (lab.split("/")[-1][:7], len(lab))  # noqa: E731
            if k not in latest or key(r["period"]) > key(latest[k]):
                latest[k] = r["period"]
        rows = []
        for (rep, par, flow), period in sorted(latest.items()):
            c = composition(known_store(ctx), rep, par, flow, period)
            cite = Markup(ctx.cite(*c["source_ids"]))
            what = f"{rep} {'exports to' if flow == 'X' else 'imports from'} {par}"
            for ch in c["chapters"]:
                share = (f"{100 * ch['value_usd'] / c['total_usd']:.1f}%" if c["total_usd"] else
                         "– (no total for this period)")
                rows.append({"what": what, "period": period, "chapter": ch["chapter"], "value": _m(ch["value_usd"]),
                             "cite": cite, "share": share,
                             "hhi": c["herfindahl"] if len(c["chapters"]) > 1 else "–"})
        parts.append(str(_t().hs_table(rows)))
    world = known_store(ctx).query(
        "SELECT DISTINCT period, source_id FROM observations WHERE partner = 'WLD' AND reporter IN (?, ?) AND unit = 'USD' "
        "AND product = 'TOTAL' AND length(period) = 4 ORDER BY period", [a, b])
    years = sorted({r["period"] for r in world if _ended(r["period"], ctx.as_of)})
    dep_summary = None
    if not years:
        parts.append(_empty("No world totals in the store, so each country's share of the other in its trade and the "
                            "asymmetry of dependence are not computed.", _fetch_hint(ctx, "2015-2024"),
                            " fetches them (its --world default)."))
    else:
        d = dependence(known_store(ctx), a, b, years[-1])
        rows = [{"reporter": x["reporter"], "partner": x["partner"], "x": svg.fmt_value(x["exports_share_pct"], "pct"),
                 "m": svg.fmt_value(x["imports_share_pct"], "pct"), "t": svg.fmt_value(x["trade_share_pct"], "pct"),
                 "cite": Markup(ctx.cite(*x["source_ids"]))} for x in d["shares"]]
        asym = ("–" if d["asymmetry_pp"] is None else f"{d['asymmetry_pp']:+.1f} percentage points".replace("-", "−"))
        parts.append(str(_t().dependence(a, b, years[-1], asym, d["reading"], rows)))
        dep_summary = f"trade: dependence asymmetry {years[-1]}: {asym}"
    return Block("Composition and dependence", "".join(parts), order=50, summary=dep_summary)

