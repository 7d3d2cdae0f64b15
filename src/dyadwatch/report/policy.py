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
    from dyadwatch.report.known import known, known_rows

    every = list_recommendations(ctx.store, ctx.dyad.label, load_bundled=False)
    recs = known_rows(ctx, every, known_at=None)   # made in a source known by the report's date
    if not recs:
        text = ("No recommendations are tracked for this dyad." if not every else
                f"No recommendation tracked for this dyad had been made by {ctx.as_of}: the {len(every)} tracked "
                "come from sources dated after it.")
        return [Block("Recommendations and their status", f'<p class="empty">{text}</p>', order=10)]
    from markupsafe import Markup

    from dyadwatch.report.templating import render

    items = []
    for r in recs:
        ev = [e for e in r["evidence"] if known(ctx, e["source_id"], begun=e["date"])]
        history = [h for h in r["history"] if (h["at"] or "")[:10] <= ctx.as_of]   # status as logged by then
        r["status"] = history[-1]["to"] if history else r["curated_status"]
        r["evidence"] = ev
        items.append({"id": r["id"], "status": r["status"], "actor": r["actor"], "summary": r["summary"],
                      "cite": Markup(ctx.cite(r["source_id"])), "history": history,
                      "curated_status": r["curated_status"], "later": 0,
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

