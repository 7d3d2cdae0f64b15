"""Report blocks of the sanctions/policy component.

* ``recommendations`` (policy section): each recommendation with its effective status (the latest logged
  update over the curated status), its status history and its dated, cited evidence up to the report date.

The sanctions block of the economic section is in report/sanctions.py.
"""
from __future__ import annotations

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
    items = []
    for r in recs:
        ev = [e for e in r["evidence"] if (e["date"] or "") <= ctx.as_of]
        later = len(r["evidence"]) - len(ev)
        ev_html = "".join(
            f"<li><time>{esc(e['date'])}</time> {esc(e['note'])}{ctx.cite(e['source_id'])}"
            + (f" <small>(claim {esc(e['claim_id'])})</small>" if e["claim_id"] else "")
            + (f" <small>(event {esc(e['event_id'])})</small>" if e["event_id"] else "")
            + (" <small>(added by a user)</small>" if e["origin"] == "user" else "") + "</li>"
            for e in ev) or "<li class=empty>no evidence recorded yet</li>"
        if later:
            ev_html += f"<li class=empty>{later} later item(s) after {esc(ctx.as_of)} not shown</li>"
        hist = ""
        if r["history"]:
            hist = "<p><small>status history: " + "; ".join(
                f"{esc(h['from'])} → {esc(h['to'])} ({esc(h['at'])})" for h in r["history"]) + \
                f"; curated status: {esc(r['curated_status'])}</small></p>"
        status = esc(r["status"])
        items.append(f"<li><p><span class='status s-{status.replace(' ', '-')}'>{status}</span> "
                     f"<b>{esc(r['actor'])}</b>: {esc(r['summary'])}{ctx.cite(r['source_id'])} "
                     f"<small>[{esc(r['id'])}]</small></p>{hist}<ul>{ev_html}</ul></li>")
    counts = {}
    for r in recs:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    n_ev = sum(len(r["evidence"]) for r in recs)
    return [Block("Recommendations: status and evidence", f'<ol class="recs">{"".join(items)}</ol>', order=10,
                  summary=f"{len(recs)} recommendations tracked ("
                  + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + f"), {n_ev} evidence items")]

