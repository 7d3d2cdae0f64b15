"""Report blocks from event data (GDELT and other coded-event datasets) for the political, security and
civil-society sections: monthly event counts per direction with the curated timeline overlaid, the
cooperation–conflict balance, and this week's escalation alerts.

When the store holds no event data for the dyad the block says so plainly, with the command that fixes it.
The series is computed once per report (cached on the context) with the default deduplication and only
events published by the report's as-of date.
"""
from __future__ import annotations

from dyadwatch.report import svg
from markupsafe import Markup

from dyadwatch.report.api import Block, ReportContext
from dyadwatch.report.curated import key_markers

ORDER = 30           # after the claims (10, 20), before the curated timeline (80)
MAX_MARKERS = 10     # months of curated events marked on a chart (the latest ones)



def _render(name: str, **variables) -> str:
    from dyadwatch.report.templating import render

    return str(render(f"events/{name}", **variables))


def _data(ctx: ReportContext) -> dict:
    cached = getattr(ctx, "_event_data", None)
    if cached is not None:
        return cached
    from dyadwatch.realms.events import indicators, series

    data: dict = {"series": [], "alerts": [], "datasets": []}
    rows = series(ctx.store, ctx.a, ctx.b, freq="month", as_of=ctx.as_of)
    if rows:
        data["series"] = rows
        data["alerts"] = [r for r in indicators(ctx.store, ctx.dyad, as_of=ctx.as_of, freq="week") if r["alert"]]
        data["datasets"] = [r["dataset"] for r in ctx.store.query(
            "SELECT DISTINCT dataset FROM events_raw WHERE date <= CAST(? AS DATE) ORDER BY 1", [ctx.as_of])]
    ctx._event_data = data
    return data


def _cite_datasets(ctx: ReportContext, datasets: list[str]) -> str:
    """Footnotes for the datasets registered as sources (ingest registers GDELT's); others are named."""
    from markupsafe import Markup

    items = [{"name": d, "cite": Markup(ctx.cite(d)) if d in ctx.sources else ""} for d in datasets]
    return _render("datasets.html", datasets=items).strip()


def _directions(ctx: ReportContext) -> dict[str, str]:
    a, b = ctx.a, ctx.b
    return {f"{a}->{b}": f"{a} → {b}", f"{b}->{a}": f"{b} → {a}", f"in-{b}": f"others in {b}",
            f"in-{a}": f"others in {a}"}


def _months(first: str, last: str) -> list[str]:
    """Every month 'YYYY-MM' from first to last, so empty months show as zero (counts) or gaps (ratios)."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _markers(ctx: ReportContext, realm: str, months: list[str]) -> tuple[list[tuple[str, str]], str]:
    """Numbered chart markers for the curated events of this realm within the charted months (the latest
    MAX_MARKERS months that have any), and the HTML list explaining the numbers."""
    from dyadwatch.catalog import list_events

    span = set(months)
    events = [e for e in list_events(ctx.store, ctx.dyad.label, None, ctx.as_of, realm) if str(e["date"])[:7] in span]
    by_month: dict[str, list[dict]] = {}
    for e in events:
        by_month.setdefault(str(e["date"])[:7], []).append(e)
    keep = sorted(by_month)[-MAX_MARKERS:]
    markers, items, n = [], [], 0
    for month in keep:
        numbers = []
        for e in by_month[month]:
            n += 1
            numbers.append(str(n))
            items.append({"n": n, "date": e["date"], "summary": e["summary"],
                          "cite": Markup(ctx.cite(e["source_id"]))})
        markers.append((month, ",".join(numbers)))
    return markers, _render("markers.html", items=items)


def realm_blocks(ctx: ReportContext, realm: str) -> list[Block]:
    data = _data(ctx)
    title = "Event data"
    if not data["series"]:
        return [Block(title, _render("no_data.html", dyad=ctx.dyad.label), order=ORDER,
                      summary="no event data in the store")]
    rows = [r for r in data["series"] if r["realm"] == realm]
    label = realm.replace("_", " ")
    if not rows:
        total = sum(r["n_events"] for r in data["series"] if r["realm"] == "all" and r["direction"] != "undirected")
        return [Block(title, _render("none_in_realm.html", datasets=Markup(_cite_datasets(ctx, data["datasets"])),
                                     total=total, dyad=ctx.dyad.label, label=label),
                      order=ORDER, summary=f"no {label} events in the event data")]
    names = _directions(ctx)
    months = _months(min(r["period"] for r in rows), max(r["period"] for r in rows))
    by = {(r["direction"], r["period"]): r for r in rows}
    present = [d for d in names if any(r["direction"] == d for r in rows)]
    counts = {names[d]: [(p, float(by[(d, p)]["n_events"]) if (d, p) in by else 0.0) for p in months]
              for d in present}
    markers, legend = _markers(ctx, realm, months)
    cite = _cite_datasets(ctx, data["datasets"])
    caption = _render("caption.html", label=label, datasets=Markup(cite), as_of=ctx.as_of,
                      markers=bool(markers or key_markers(ctx)))
    html = svg.line_chart(counts, f"{label.capitalize()} events per month, {ctx.dyad.label}", caption=caption,
                          markers=key_markers(ctx) + markers) + legend
    ccb = {}
    for d in (f"{ctx.a}->{ctx.b}", f"{ctx.b}->{ctx.a}", "undirected"):
        if any(r["direction"] == d for r in rows):
            ccb[names.get(d, "both directions")] = [(p, by[(d, p)]["ccb"] if (d, p) in by else None) for p in months]
    if ccb:
        html += svg.line_chart(ccb, f"Cooperation–conflict balance, {label} events",
                               caption=_render("balance_caption.html", datasets=Markup(cite)))
    alerts = [a for a in data["alerts"] if a["realm"] == realm]
    html += _render("alerts.html", alerts=alerts)
    last = months[-1]
    n_last = sum(r["n_events"] for r in rows if r["period"] == last and r["direction"] != "undirected")
    summary = f"{sum(r['n_events'] for r in rows if r['direction'] != 'undirected'):,} {label} events " \
              f"({months[0]}–{last}; {n_last:,} in {last})"
    if alerts:
        summary += f"; {len(alerts)} escalation alert(s) this week"
    return [Block(f"Event data: {label} events between {ctx.dyad.label}", html, order=ORDER, summary=summary)]


def political(ctx: ReportContext) -> list[Block]:
    return realm_blocks(ctx, "political")


def security(ctx: ReportContext) -> list[Block]:
    return realm_blocks(ctx, "security")


def civil_society(ctx: ReportContext) -> list[Block]:
    return realm_blocks(ctx, "civil_society")
