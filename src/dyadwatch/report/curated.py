"""Report blocks built from the curated store tables: claims, their series, the timeline, recommendations."""
from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup

from dyadwatch.report import svg
from dyadwatch.report.api import Block, ReportContext

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
    from dyadwatch.report.known import known_claims
    return known_claims(ctx, realm)


def claims_table(ctx: ReportContext, claims: list[dict]) -> str:
    from markupsafe import Markup

    from dyadwatch.report.templating import render

    from dyadwatch.periods import words

    rows = [{"period": words(c.get("period")), "indicator": indicator_name(c["indicator"]),
             "who": " → ".join(x for x in (c.get("reporter"), c.get("partner")) if x),
             "value": format_claim_value(c), "cite": Markup(ctx.cite(c["source_id"])),
             "kind": CLAIM_KINDS.get(c["kind"], c["kind"]),
             "note": c.get("note") or ""} for c in claims]
    return str(render("blocks/claims.html", rows=rows))


# what each kind of claim states, in words for the table's "stated as" column
CLAIM_KINDS = {"level": "an amount", "change": "a change", "share": "a share", "count": "a number",
               "date": "a date", "rank": "a rank", "forecast": "a forecast", "range": "a range",
               "sum": "a total", "balance": "a balance", "comparison": "a comparison"}


def indicator_name(indicator: str) -> str:
    """An indicator id in words: 'ru_troops_in_blr' → 'Russian troops in Belarus', else underscores → spaces."""
    return INDICATOR_NAMES.get(indicator, indicator.replace("_", " "))


INDICATOR_NAMES = {
    "ru_troops_in_blr": "Russian troops in Belarus", "troops": "troops", "a50_attack_machulishchy":
    "A-50 attack at Machulishchy", "tnw_storage_ready": "tactical nuclear weapons storage ready",
    "eu_sectoral_sanctions_on_belarus": "EU sectoral sanctions on Belarus",
    "offensive_or_strikes_from_belarus_probability": "probability of an offensive or strikes from Belarus",
}


def source_label(ctx: ReportContext, sid: str) -> str:
    """A source's readable name for legends and captions: its title and year (the id only when the store
    does not hold the source)."""
    s = ctx.sources.get(sid) if hasattr(ctx, "sources") else None
    if not s:
        return sid
    year = str(s.get("date") or "")[:4]
    return f"{s['title']}{f' ({year})' if year and year not in s['title'] else ''}"


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
        title = (f"{indicator_name(indicator).capitalize()}{' (' + who + ')' if who else ''}, "
                 f"{'annual' if grain == 'year' else 'monthly'} figures as stated by sources")
        series = {sid: pts for sid, pts in by_source.items()}
        names = {sid: source_label(ctx, sid) for sid in series}
        charts.append(svg.line_chart(series, title, kind=UNIT_KIND.get(unit or "", "number"), names=names,
                                     markers=key_markers(ctx),
                                     caption=Markup("Each line or point is one source: {}. Ranges are drawn at "
                                                    "their midpoint; points more than one period apart are not "
                                                    "joined.").format(Markup("; ").join(
                                                        Markup("{}{}").format(names[sid], Markup(ctx.cite(sid)))
                                                        for sid in series))))
    return charts


def key_markers(ctx: ReportContext) -> list[tuple[str, str]]:
    """(date, label) of the dyad's key events (data/report/key_events.yaml), marked on every time chart."""
    return [(e["date"], e["label"]) for e in key_events(ctx)]


def key_events(ctx: ReportContext) -> list[dict]:
    from importlib.resources import files

    import yaml

    doc = yaml.safe_load((files("dyadwatch") / "data" / "report" / "key_events.yaml").read_text(encoding="utf-8"))
    for label in (f"{ctx.a}-{ctx.b}", f"{ctx.b}-{ctx.a}"):
        if label in (doc or {}):
            return [{**e, "date": str(e["date"])} for e in doc[label] if str(e["date"]) <= ctx.as_of]
    return []


_STOP = set("the a an of and in on at to from by its it is as with for over near no not".split())
_ALIASES = {"lukashenka": "lukashenko", "kyiv": "kiev", "belarusian": "belarus", "ukrainian": "ukraine"}


def _words(text: str) -> set[str]:
    import re

    words = (_ALIASES.get(w, w) for w in re.findall(r"[a-z0-9-]+", text.lower()))
    return {w[:5] for w in words if w not in _STOP and len(w) > 1}


def dedupe_events(events: list[dict]) -> list[dict]:
    """One entry per real event: events on the same day whose summaries share most words (after spelling
    variants such as Lukashenka/Lukashenko are made one) are the same event from two files or sources. The
    longer summary is kept; the other's sources are listed with it (`also_sources`)."""
    out: list[dict] = []
    for e in events:
        words = _words(e["summary"])
        twin = None
        for o in out:
            if o["date"] != e["date"]:
                continue
            ow = o["_words"]
            overlap = len(words & ow) / max(1, len(words | ow))
            if overlap >= 0.4 or (o["source_id"] == e["source_id"] and overlap >= 0.25):
                twin = o
                break
        if twin is None:
            out.append({**e, "_words": words, "also_sources": []})
            continue
        if len(e["summary"]) > len(twin["summary"]):
            keep_src = twin["source_id"]
            twin.update({k: v for k, v in e.items()})
            twin["also_sources"].append(keep_src)
        else:
            twin["also_sources"].append(e["source_id"])
    for o in out:
        o.pop("_words", None)
        o["also_sources"] = [s for s in dict.fromkeys(o["also_sources"]) if s != o["source_id"]]
    return out


def _timeline_block(ctx: ReportContext, realm: str | None, title: str) -> Block | None:
    from markupsafe import Markup

    from dyadwatch.report.codes import code_name
    from dyadwatch.report.known import known_events
    from dyadwatch.report.templating import render

    raw = known_events(ctx, realm)
    if not raw:
        return None
    events = dedupe_events(raw)
    chart = svg.timeline([(e["date"], e["summary"], e["realm"], e["code"], code_name(e["code"])) for e in events],
                         title, markers=key_markers(ctx))
    items = [{"date": e["date"], "code": e["code"], "code_name": code_name(e["code"]), "summary": e["summary"],
              "cite": Markup(ctx.cite(e["source_id"], *e["also_sources"]))} for e in events]
    merged = len(raw) - len(events)
    html = str(render("blocks/timeline.html", chart=Markup(chart), events=items))
    return Block(title, html, order=80, summary=f"{len(events)} dated events"
                 + (f" ({merged} reported twice, listed once)" if merged else ""))


def _claims_blocks(ctx: ReportContext, realm: str) -> list[Block]:
    claims = _realm_claims(ctx, realm)
    if not claims:
        from dyadwatch.catalog import list_claims

        later = bool(list_claims(ctx.store, ctx.dyad.label, realm))
        text = (f"No claim for this realm was stated by a source published by {ctx.as_of}; the store's claims "
                "come from later sources." if later else "No claims for this realm in the store.")
        return [Block("Claims", f'<p class="empty">{text}</p>', order=10)]
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
