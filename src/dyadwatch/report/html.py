"""Assemble the self-contained HTML report from the page-level and realm sections' blocks.

The page is the Jinja2 template ``page.html`` (with ``style.css``, ``sources.html`` and ``appendix.html``);
``assess --template DIR`` lets a user replace any of them (see :mod:`dyadwatch.report.templating`).
"""
from __future__ import annotations

import datetime as dt
import logging

from dyadwatch import __version__
from dyadwatch.report.api import Block, ReportContext
from dyadwatch.report.sections import PAGE_PROVIDERS, REALM_TITLES, providers

log = logging.getLogger(__name__)
PAGE_TITLES = {"key-judgements": "Key judgements", "data-currency": "Data currency", "scenarios": "Scenarios"}


def _section_blocks(ctx: ReportContext, realm: str, table=None) -> tuple[list[Block], list[str]]:
    blocks, errors = [], []
    for provider in providers(realm, table):
        try:
            blocks.extend(provider(ctx))
        except Exception as exc:  # a failing provider must not sink the whole report; it is reported
            errors.append(f"{provider.__module__}.{provider.__name__}: {type(exc).__name__}: {exc}")
            log.warning("report part %s.%s failed", provider.__module__, provider.__name__, exc_info=True)
    return sorted(blocks, key=lambda b: b.order), errors


def _sources(ctx: ReportContext) -> list[dict]:
    out = []
    for n, sid in enumerate(ctx.footnotes, start=1):
        s = ctx.sources.get(sid)
        if s is None:
            out.append({"n": n, "id": sid, "missing": True})
            continue
        parts = [str(s[k]) for k in ("author", "publisher", "date") if s.get(k)]
        from dyadwatch.model import WEB_URL_RE  # only web addresses become links (never file:, javascript:)
        url = s.get("url") if s.get("url") and WEB_URL_RE.match(s["url"]) else None
        out.append({"n": n, "id": sid, "missing": False, "title": s["title"], "parts": parts, "url": url,
                    "licence": s.get("licence")})
    return out


def render(ctx: ReportContext) -> tuple[str, dict]:
    """Render the report; returns (html, summary) where summary lists each section's block summaries."""
    from markupsafe import Markup

    from dyadwatch.report.curated import overview_timeline
    from dyadwatch.report.judgements import ICD_203
    from dyadwatch.report.templating import render as render_template

    a, b = ctx.dyad.a, ctx.dyad.b
    summary: dict = {"sections": {}, "errors": []}
    sections = []
    for anchor in PAGE_PROVIDERS:
        blocks, errors = _section_blocks(ctx, anchor, PAGE_PROVIDERS)
        summary["sections"][anchor] = [blk.summary for blk in blocks if blk.summary]
        summary["errors"] += errors
        if blocks or errors:   # page-level blocks carry their own headings
            sections.append({"id": anchor, "title": None, "errors": errors, "empty": None,
                             "blocks": [{"title": None, "html": Markup(blk.html)} for blk in blocks]})
    overview = overview_timeline(ctx)
    from dyadwatch.report.known import known_claims, known_events, known_rows

    # what the store held for the pair that was known by the report's date (report/known.py)
    obs = ctx.store.query("SELECT period, source_id, known_at FROM observations WHERE reporter IN (?, ?) "
                          "AND partner IN (?, ?)", [a.iso3, b.iso3, a.iso3, b.iso3])
    counts = {"claims": len(known_claims(ctx)), "events": len(known_events(ctx)),
              "observations": len(known_rows(ctx, obs, begun="period"))}
    kpis = render_template("blocks/kpis.html", counts=counts)
    sections.append({"id": "overview", "title": "Overview", "errors": [],
                     "empty": None if overview else "No dated events for this dyad in the store.",
                     "blocks": [{"title": None, "html": kpis}]
                     + ([{"title": overview.title, "html": Markup(overview.html)}] if overview else [])})
    summary["counts"] = counts
    for realm, title in REALM_TITLES.items():
        blocks, errors = _section_blocks(ctx, realm)
        summary["sections"][realm] = [blk.summary for blk in blocks if blk.summary]
        summary["errors"] += errors
        sections.append({"id": realm, "title": title, "errors": errors,
                         "empty": None if blocks or errors else "Nothing yet.",
                         "blocks": [{"title": blk.title, "html": Markup(blk.html)} for blk in blocks]})
    nav = [(k, PAGE_TITLES[k]) for k in PAGE_PROVIDERS if k in PAGE_TITLES and
           any(s["id"] == k for s in sections)]
    nav += [("overview", "Overview"), *REALM_TITLES.items(), ("sources", "Sources"), ("methods", "How to read this")]
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    title = f"{a.name} – {b.name}: relations assessment"
    page = render_template("page.html", title=title, version=__version__, dyad=ctx.dyad.label, as_of=ctx.as_of,
                           generated=generated, nav=nav, sections=sections, sources=_sources(ctx), scale=ICD_203)
    summary["sources_cited"] = len(ctx.footnotes)
    summary["missing_sources"] = sorted(ctx.missing_sources)
    summary["hindsight"] = sorted(ctx.hindsight)
    return str(page), summary
