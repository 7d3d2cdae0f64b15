"""Report blocks built from the curated store tables: claims, their series, the timeline, recommendations."""
from __future__ import annotations

from collections import defaultdict

from dyadwatch.report import svg
from dyadwatch.report.api import Block, ReportContext, esc

UNIT_KIND = {"USD": "money", "pct": "pct"}


def format_claim_value(row: dict) -> str:
    kind = UNIT_KIND.get(row.get("unit") or "", "number")
    unit = row.get("unit") or ""
    if row.get("value") is None and row.get("low") is None and row.get("high") is None:
        return "–"
    if row.get("low") is not None and row.get("high") is not None and row.get("low") != row.get("high"):
        text = f"{svg.fmt_value(row['low'], kind)}–{svg.fmt_value(row['high'], kind)}"
    else:
        v = row["value"] if row.get("value") is not None else (row.get("low") or row.get("high"))
        text = svg.fmt_value(v, kind)
        if row.get("kind") == "change" and kind == "pct" and v is not None and v > 0:
            text = "+" + text
    if unit == "rank":
        text = f"rank {text}"
    elif kind == "number" and unit:
        text += f" {unit}"
    hedge = row.get("hedge")
    return f"{hedge} {text}" if hedge else text


def _realm_claims(ctx: ReportContext, realm: str) -> list[dict]:
    from dyadwatch.catalog import list_claims
    return [c for c in list_claims(ctx.store, ctx.dyad.label, realm)
            if not c.get("period") or c["period"][:10] <= ctx.as_of]


def claims_table(ctx: ReportContext, claims: list[dict]) -> str:
    rows = []
    for c in claims:
        who = " → ".join(x for x in (c.get("reporter"), c.get("partner")) if x)
        rows.append(
            f"<tr><td>{esc(c.get('period') or '')}</td><td>{esc(c['indicator'].replace('_', ' '))}"
            f"{' <span class=who>(' + esc(who) + ')</span>' if who else ''}</td>"
            f"<td class=num>{esc(format_claim_value(c))}{ctx.cite(c['source_id'])}</td>"
            f"<td>{esc(c['kind'])}</td><td class=note>{esc(c.get('note') or '')}</td></tr>")
    return ('<table class="claims"><thead><tr><th>period</th><th>indicator</th><th>value</th><th>kind</th>'
            f'<th>note</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def period_point(period: str) -> tuple[str, str] | None:
    """(granularity, x label) for charting a stated period: years stay years; months, days and ranges of
    up to three months become their first month; longer ranges (Jan–Jul totals) are not points."""
    from dyadwatch.periods import parse
    p = parse(period)
    if p is None:
        return None
    if p.is_year:
        return ("year", str(p.start.year))
    if p.n_months > 3 or ("/" in period and len(period.split("/")[0]) < 7):
        return None
    return ("month", p.months()[0])


def claim_series_charts(ctx: ReportContext, claims: list[dict]) -> list[str]:
    """A line chart for every (indicator, unit, granularity) stated for two or more periods with values that
    differ, one line per source. Annual and monthly figures are never drawn on one axis."""
    groups: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for c in claims:
        v = c["value"] if c.get("value") is not None else c.get("low")
        point = period_point(c["period"]) if c.get("period") else None
        if c["kind"] not in ("level", "count", "range") or v is None or point is None:
            continue
        if c.get("high") is not None and c.get("low") is not None:
            v = (c["low"] + c["high"]) / 2
        grain, label = point
        key = (c["indicator"], c.get("unit"), c.get("reporter"), c.get("partner"), grain)
        groups[key][c["source_id"]].append((label, v))
    charts = []
    for (indicator, unit, reporter, partner, grain), by_source in sorted(groups.items(), key=lambda kv: str(kv[0])):
        periods = {p for pts in by_source.values() for p, _ in pts}
        values = {v for pts in by_source.values() for _, v in pts}
        if len(periods) < 2 or len(values) < 2:  # one period, or a flat line: the table says it all
            continue
        who = " → ".join(x for x in (reporter, partner) if x)
        title = (f"{indicator.replace('_', ' ')}{' (' + who + ')' if who else ''}, "
                 f"{'annual' if grain == 'year' else 'monthly'} figures as stated by sources")
        series = {sid: pts for sid, pts in by_source.items()}
        charts.append(svg.line_chart(series, title, kind=UNIT_KIND.get(unit or "", "number"),
                                     caption="Each line is one source: " + ", ".join(
                                         f"{esc(sid)}{ctx.cite(sid)}" for sid in series)
                                     + ". Ranges are drawn at their midpoint."))
    return charts


def _timeline_block(ctx: ReportContext, realm: str | None, title: str) -> Block | None:
    from dyadwatch.catalog import list_events
    events = [e for e in list_events(ctx.store, ctx.dyad.label, None, ctx.as_of, realm)]
    if not events:
        return None
    chart = svg.timeline([(e["date"], e["summary"], e["realm"]) for e in events], title)
    items = "".join(
        f"<li><time>{esc(e['date'])}</time> <span class='code'>{esc(e['code'])}</span> {esc(e['summary'])}"
        f"{ctx.cite(e['source_id'])}</li>" for e in events)
    return Block(title, chart + f'<ol class="timeline">{items}</ol>', order=80,
                 summary=f"{len(events)} dated events")


def _claims_blocks(ctx: ReportContext, realm: str) -> list[Block]:
    claims = _realm_claims(ctx, realm)
    if not claims:
        return [Block("Claims", '<p class="empty">No claims for this realm in the store.</p>', order=10)]
    charts = claim_series_charts(ctx, claims)
    blocks = [Block("Figures stated by sources", claims_table(ctx, claims), order=10,
                    summary=f"{len(claims)} cited claims")]
    if charts:
        blocks.append(Block("Stated figures over time", "".join(charts), order=20))
    return blocks


def economic_claims(ctx: ReportContext) -> list[Block]:
    blocks = _claims_blocks(ctx, "economic")
    tl = _timeline_block(ctx, "economic", "Economic timeline")
    return blocks + ([tl] if tl else [])


def realm_claims_and_timeline(ctx: ReportContext, realm: str) -> list[Block]:
    blocks = _claims_blocks(ctx, realm)
    tl = _timeline_block(ctx, realm, f"{realm.replace('_', ' ').capitalize()} timeline")
    return blocks + ([tl] if tl else [])


def political(ctx: ReportContext) -> list[Block]:
    return realm_claims_and_timeline(ctx, "political")


def security(ctx: ReportContext) -> list[Block]:
    return realm_claims_and_timeline(ctx, "security")


def civil_society(ctx: ReportContext) -> list[Block]:
    return realm_claims_and_timeline(ctx, "civil_society")


def overview_timeline(ctx: ReportContext) -> Block | None:
    return _timeline_block(ctx, None, "Timeline of the relationship")


def recommendations(ctx: ReportContext) -> list[Block]:
    rows = ctx.store.query(
        "SELECT r.id, r.actor, r.summary, r.status, r.source_id FROM recommendations r "
        "WHERE r.dyad IN (?, ?) ORDER BY r.id", [f"{ctx.a}-{ctx.b}", f"{ctx.b}-{ctx.a}"])
    if not rows:
        return [Block("Recommendations", '<p class="empty">No recommendations are tracked for this dyad.</p>')]
    evidence = defaultdict(list)
    for e in ctx.store.query("SELECT * FROM recommendation_evidence ORDER BY date"):
        evidence[e["recommendation_id"]].append(e)
    items = []
    for r in rows:
        ev = "".join(f"<li><time>{esc(e['date'])}</time> {esc(e['note'])}{ctx.cite(e['source_id'])}</li>"
                     for e in evidence[r["id"]]) or "<li class=empty>no evidence recorded yet</li>"
        items.append(f"<li><p><span class='status s-{esc(r['status']).replace(' ', '-')}'>{esc(r['status'])}</span> "
                     f"<b>{esc(r['actor'])}</b>: {esc(r['summary'])}{ctx.cite(r['source_id'])}</p><ul>{ev}</ul></li>")
    return [Block("Recommendations and their status", f'<ol class="recs">{"".join(items)}</ol>',
                  summary=f"{len(rows)} recommendations tracked ("
                  + ", ".join(f"{s}: {sum(r['status'] == s for r in rows)}"
                              for s in sorted({r['status'] for r in rows})) + ")")]
