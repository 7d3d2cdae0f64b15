"""Assemble the self-contained HTML report from the realm sections' blocks."""
from __future__ import annotations

import datetime as dt
import traceback

from dyadwatch import __version__
from dyadwatch.report.api import Block, ReportContext, esc
from dyadwatch.report.sections import PAGE_PROVIDERS, REALM_TITLES, providers

CSS = """
:root{--fg:#1b1f24;--muted:#5b6570;--line:#d8dde3;--bg:#fff;--accent:#1f5fa8}
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg);
max-width:980px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{border-bottom:2px solid var(--line);padding-bottom:4px;margin-top:40px}
h3{margin-top:24px;font-size:17px}.meta{color:var(--muted)}nav a{margin-right:12px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
td.num{white-space:nowrap;text-align:right;font-variant-numeric:tabular-nums}td.note{color:var(--muted)}
.who{color:var(--muted);font-size:12px}sup.fn{font-size:11px}sup.fn a{text-decoration:none}
figure.chart{margin:16px 0}figure svg{width:100%;height:auto;border:1px solid var(--line);border-radius:4px}
figcaption{font-size:12px;color:var(--muted)}details{font-size:12px}
svg .ct{font-size:13px;font-weight:600}svg .yt{font-size:10px;text-anchor:end;fill:#555}
svg .xt{font-size:10px;text-anchor:end;fill:#555}svg .lg{font-size:11px}svg .grid{stroke:#e6e9ed}
svg .mk{stroke:#b03a48;stroke-dasharray:4 3}svg .mkt{font-size:10px;fill:#b03a48}
ol.timeline{font-size:13px;padding-left:20px}ol.timeline time{font-variant-numeric:tabular-nums;color:var(--muted)}
.code{font-family:ui-monospace,monospace;font-size:11px;background:#f1f3f5;padding:0 3px;border-radius:3px}
.status{font-size:11px;text-transform:uppercase;padding:1px 6px;border-radius:8px;background:#eef;color:#334}
.s-done{background:#dfd}.s-abandoned{background:#fdd}.s-in-progress{background:#ffd}
.empty{color:var(--muted);font-style:italic}.error{color:#b03a48}
ol.sources{font-size:12px}ol.sources li{margin-bottom:3px}.card{border:1px solid var(--line);border-radius:6px;
padding:8px 12px;margin:8px 0}.kpis{display:flex;flex-wrap:wrap;gap:12px}.kpi{border:1px solid var(--line);
border-radius:6px;padding:6px 10px;min-width:140px}.kpi b{display:block;font-size:20px}
@media print{nav{display:none}details{display:none}}
"""


def _section_blocks(ctx: ReportContext, realm: str, table=None) -> tuple[list[Block], list[str]]:
    blocks, errors = [], []
    for provider in providers(realm, table):
        try:
            blocks.extend(provider(ctx))
        except Exception as exc:  # a failing provider must not sink the whole report; it is reported
            errors.append(f"{provider.__module__}.{provider.__name__}: {type(exc).__name__}: {exc}")
            traceback.print_exc()
    return sorted(blocks, key=lambda b: b.order), errors


def _sources_list(ctx: ReportContext) -> str:
    items = []
    for n, sid in enumerate(ctx.footnotes, start=1):
        s = ctx.sources.get(sid)
        if s is None:
            items.append(f'<li id="fn-{n}" class="error">{esc(sid)}: source not found in the store</li>')
            continue
        parts = [f"<b>{esc(s['title'])}</b>"]
        if s.get("author"):
            parts.append(esc(s["author"]))
        if s.get("publisher"):
            parts.append(esc(s["publisher"]))
        if s.get("date"):
            parts.append(esc(s["date"]))
        from dyadwatch.model import WEB_URL_RE  # only web addresses become links (never file:, javascript:)
        link = (f' <a href="{esc(s["url"])}">{esc(s["url"])}</a>' if s.get("url") and WEB_URL_RE.match(s["url"])
                else " (no public link)")
        lic = f" Licence: {esc(s['licence'])}." if s.get("licence") else ""
        items.append(f'<li id="fn-{n}"><span class="code">{esc(sid)}</span> {", ".join(parts)}.{link}{lic}</li>')
    return f'<ol class="sources">{"".join(items)}</ol>'


def render(ctx: ReportContext) -> tuple[str, dict]:
    """Render the report; returns (html, summary) where summary lists each section's block summaries."""
    from dyadwatch.report.curated import overview_timeline

    a, b = ctx.dyad.a, ctx.dyad.b
    summary: dict = {"sections": {}, "errors": []}
    body = []
    for anchor in PAGE_PROVIDERS:
        blocks, errors = _section_blocks(ctx, anchor, PAGE_PROVIDERS)
        summary["sections"][anchor] = [blk.summary for blk in blocks if blk.summary]
        summary["errors"] += errors
        inner = "".join(blk.html for blk in blocks)
        inner += "".join(f'<p class="error">This part could not be built: {esc(e)}</p>' for e in errors)
        if inner:
            body.append(f'<section id="{esc(anchor)}">{inner}</section>')
    overview = overview_timeline(ctx)
    counts = ctx.store.query(
        "SELECT (SELECT count(*) FROM claims WHERE dyad IN (?, ?)) AS claims, "
        "(SELECT count(*) FROM events WHERE dyad IN (?, ?)) AS events, "
        "(SELECT count(*) FROM observations WHERE reporter IN (?, ?) AND partner IN (?, ?)) AS observations",
        [f"{a.iso3}-{b.iso3}", f"{b.iso3}-{a.iso3}"] * 2 + [a.iso3, b.iso3, a.iso3, b.iso3])[0]
    kpis = "".join(f'<div class="kpi"><b>{n:,}</b>{esc(k)}</div>' for k, n in counts.items())
    body.append(f'<section id="overview"><h2>Overview</h2><div class="kpis">{kpis}</div>'
                + (f"<h3>{esc(overview.title)}</h3>{overview.html}" if overview else
                   '<p class="empty">No dated events for this dyad in the store.</p>') + "</section>")
    summary["counts"] = counts
    for realm, title in REALM_TITLES.items():
        blocks, errors = _section_blocks(ctx, realm)
        summary["sections"][realm] = [blk.summary for blk in blocks if blk.summary]
        summary["errors"] += errors
        inner = "".join(f"<h3>{esc(blk.title)}</h3>{blk.html}" for blk in blocks)
        inner += "".join(f'<p class="error">This part could not be built: {esc(e)}</p>' for e in errors)
        body.append(f'<section id="{realm}"><h2>{esc(title)}</h2>{inner or "<p class=empty>Nothing yet.</p>"}'
                    "</section>")
    nav = "".join(f'<a href="#{r}">{esc(t)}</a>' for r, t in [("overview", "Overview"), *REALM_TITLES.items(),
                                                              ("sources", "Sources")])
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    title = f"{a.name} – {b.name}: relations assessment"
    page = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<meta name="generator" content="dyadwatch {esc(__version__)}"><title>{esc(title)}</title>'
        f"<style>{CSS}</style></head><body><header><h1>{esc(title)}</h1>"
        f'<p class="meta">Dyad {esc(ctx.dyad.label)} · as of {esc(ctx.as_of)} · generated {esc(generated)} by '
        f"dyadwatch {esc(__version__)}. Every figure is footnoted with its source; sources are listed at the end."
        f"</p><nav>{nav}</nav></header><main>{''.join(body)}"
        f'<section id="sources"><h2>Sources</h2>{_sources_list(ctx)}</section></main>'
        f'<footer class="meta"><p>Made with dyadwatch. Figures are those stated by the cited sources or '
        f"computed from the cited data; see each footnote.</p></footer></body></html>")
    summary["sources_cited"] = len(ctx.footnotes)
    summary["missing_sources"] = sorted(ctx.missing_sources)
    return page, summary
