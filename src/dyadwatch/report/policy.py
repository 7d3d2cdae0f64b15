"""Report blocks of the sanctions/policy component.

* ``recommendations`` (policy section): each recommendation with its effective status (the latest logged
  update over the curated status), its status history and its dated, cited evidence up to the report date.

The sanctions block of the economic section is in report/sanctions.py.
"""
from __future__ import annotations

from dyadwatch.report.api import Block, ReportContext


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

