"""Report blocks of the sanctions/policy component.

* ``recommendations`` (policy section): each recommendation with its effective status (the latest logged
  update over the curated status), its status history and its dated, cited evidence up to the report date.
* ``sanctions`` (economic section): designations linked to each dyad country by issuer and year, and the
  alignment index with Russia's programmes over time, when sanctions data are loaded; says so plainly when
  they are not.
"""
from __future__ import annotations

from dyadwatch.report import svg
from dyadwatch.report.api import Block, ReportContext, esc


def recommendations(ctx: ReportContext) -> list[Block]:
    from dyadwatch.sanctions.recommendations import ensure_bundled_evidence, list_recommendations

    try:
        if ensure_bundled_evidence(ctx.store):
            ctx._sources = None  # new evidence sources: let citations see them
    except Exception as exc:  # a read-only store cannot take the bundled evidence; show what is there
        import duckdb
        if not isinstance(exc, duckdb.Error):
            raise
    recs = list_recommendations(ctx.store, ctx.dyad.label, load_bundled=False)
    if not recs:
        return [Block("Recommendations and their status",
                      '<p class="empty">No recommendations are tracked for this dyad.</p>', order=10)]
    from markupsafe import Markup

    from dyadwatch.report.templating import render

    items = []
    for r in recs:
        ev = [e for e in r["evidence"] if (e["date"] or "") <= ctx.as_of]
        items.append({"id": r["id"], "status": r["status"], "actor": r["actor"], "summary": r["summary"],
                      "cite": Markup(ctx.cite(r["source_id"])), "history": r["history"],
                      "curated_status": r["curated_status"], "later": len(r["evidence"]) - len(ev),
                      "evidence": [{"date": e["date"], "note": e["note"], "cite": Markup(ctx.cite(e["source_id"])),
                                    "user": e["origin"] == "user"} for e in ev]})
    html = str(render("blocks/recommendations.html", recs=items, as_of=ctx.as_of))
    counts = {}
    for r in recs:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    n_ev = sum(len(r["evidence"]) for r in recs)
    return [Block("Recommendations: status and evidence", html, order=10,
                  summary=f"{len(recs)} recommendations tracked ("
                  + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + f"), {n_ev} evidence items")]


def sanctions(ctx: ReportContext) -> list[Block]:
    from dyadwatch.sanctions.indicators import alignment, loaded, summary

    title = "Sanctions designations and the alignment index"
    if not loaded(ctx.store):
        return [Block(title, "<p class='empty'>No sanctions data are loaded, so this report says nothing about "
                             "who is sanctioned by whom. Load them with <code>dyadwatch fetch sanctions</code> or "
                             "<code>dyadwatch ingest sanctions entities.ftm.json</code> (OpenSanctions data are "
                             "CC BY-NC 4.0 and are not bundled).</p>", order=60,
                      summary="sanctions: no sanctions data loaded")]
    parts, lines = [], []
    for iso3 in (ctx.a, ctx.b):
        s = summary(ctx.store, iso3, as_of=ctx.as_of)
        cite = ctx.cite(*s["sources"])
        name = esc(ctx.name(iso3))
        if not s["designations"]:
            parts.append(f"<p class='empty'>No loaded designation is linked to {name}.</p>")
            continue
        dated_years = sorted({r["year"] for r in s["by_year"] if r["year"] and str(r["year"]) <= ctx.as_of[:4]})
        series = {}
        for iss in sorted({r["issuer"] for r in s["by_year"]}):
            by = {r["year"]: r["designations"] for r in s["by_year"] if r["issuer"] == iss}
            series[iss] = [(str(y), by.get(y, 0)) for y in dated_years]
        lines.append(f"{iso3}: {s['designations']} designations of {s['entities']} entities")
        issuers = ", ".join(f"{esc(r['issuer'])} {r['designations']}" for r in s["by_issuer"])
        undated = (f" {s['undated']} designation(s) have no startDate or listingDate and appear in no year "
                   "(first_seen is not a designation date)." if s["undated"] else "")
        via = ", ".join(f"{esc(k)} {v}" for k, v in s["linked_via"].items())
        parts.append(f"<h4>{name}</h4><p>{s['designations']} designations of {s['entities']} entities linked to "
                     f"{name} (by issuer: {issuers}){cite}. Linked through: {via}.{esc(undated)}</p>")
        if series:
            parts.append(svg.line_chart(series, f"New designations linked to {ctx.name(iso3)}, by issuer and year",
                                        caption=f"Year of the Sanction's startDate, else listingDate{cite}"))
        if s["sectors"]:
            parts.append("<p>Sectors of designated companies: " + ", ".join(
                f"{esc(r['sector'])} {r['entities']}" for r in s["sectors"]) + f"{cite}</p>")
        if iso3 != "RUS":
            al = alignment(ctx.store, iso3, "RUS", as_of=ctx.as_of)
            rows = "".join(f"<tr><td>{esc(r['issuer'])}</td><td>{r['aligned']} of {r['entities']}</td>"
                           f"<td>{svg.fmt_value(r['index'], 'prob')}</td></tr>" for r in al["overall"])
            parts.append(f"<p>Alignment index ({esc(al['definition'])}){cite}:</p><table><tr><th>issuer</th>"
                         f"<th>entities</th><th>index</th></tr>{rows}</table>")
            aseries = {iss: [(str(p["year"]), p["index"]) for p in pts if str(p["year"]) <= ctx.as_of[:4]]
                       for iss, pts in al["series"].items()}
            if any(aseries.values()):
                parts.append(svg.line_chart(aseries, f"Alignment index of {ctx.name(iso3)} with Russia programmes",
                                            kind="prob", caption=f"Cumulative, dated designations only{cite}"))
            for note in al["notes"]:
                parts.append(f"<p><small>{esc(note)}</small></p>")
    return [Block(title, "".join(parts), order=60, summary="sanctions: " + "; ".join(lines) if lines else None)]
