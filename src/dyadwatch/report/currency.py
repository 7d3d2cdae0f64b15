"""The report's data-currency banner: each source's coverage and age, and which parts rest on stale data.

Registered in :data:`dyadwatch.report.sections.PAGE_PROVIDERS` as ``data-currency`` (the page shell makes it
``<section id="data-currency">``, placed before the realms). The facts come from
:func:`dyadwatch.currency.source_status`; the wording is for analysts (no field names or paths).
"""
from __future__ import annotations

import datetime as dt

from dyadwatch.report.api import Block, ReportContext
from dyadwatch.report.known import known_ids

EVENT_SOURCES = ("gdelt", "polecat", "plover", "acled")
REALM_WORDS = "the political, security and civil-society sections"


def _age(days: int | None) -> str:
    if days is None:
        return "—"
    if days < 0:
        return "after this date"
    if days < 2:
        return "current" if days <= 0 else "1 day"
    if days < 90:
        return f"{days} days"
    return f"{days // 30} months" if days < 730 else f"{days / 365.25:.1f} years"


def _when(text: str | None) -> str:
    return "never" if not text else str(text).replace("T", " ")[:16]


def _warning_basis(ctx: ReportContext) -> dict | None:
    """Whether the warning's probabilities are the prior alone (the warning model says so in 'prior_only')."""
    try:
        from dyadwatch.warning.card import load_card
        from dyadwatch.warning.model import forecast

        card = load_card(ctx.dyad.label)
    except Exception:  # noqa: BLE001 - no model card for this dyad: no warning section to qualify
        return None
    target = next(iter(card.targets)) if getattr(card, "targets", None) else "E1"
    target = getattr(target, "id", target)
    out = forecast(ctx.store, ctx.dyad.label, target, as_of=ctx.as_of, with_moves=False)
    prior_only = out.get("prior_only")
    if prior_only is None:   # before the warning model says so itself: no reading moves the log-odds
        prior_only = not any(abs(c.get("weighted") or 0) > 1e-6 for c in out.get("contributions") or [])
    title = getattr(card.targets.get(out["target"]), "title", None) if isinstance(card.targets, dict) else None
    return {"target": (title[:1].lower() + title[1:]) if title else out["target"], "prior_only": bool(prior_only), "probability": out["probability"],
            "prior": out["prior"], "missing": out.get("no_data") or []}


def _notes(ctx: ReportContext, status: list[dict], warning: dict | None) -> list[str]:
    by = {e["source"]: e for e in status if e["source"] != "comtrade"}
    notes = []
    events = [e for e in status if e["source"] in EVENT_SOURCES and not e["missing"]]
    curated = by.get("curated")
    if not events:
        notes.append(f"No machine-coded event data are stored for this pair: {REALM_WORDS} rest on the curated "
                     "facts alone" + (f", whose newest is from {curated['covers_to']}." if curated and
                                      curated.get("covers_to") else "."))
    elif all(e["stale"] for e in events):
        newest = max(e["covers_to"] for e in events)
        notes.append(f"The event data end on {newest}, {_age((dt.date.fromisoformat(ctx.as_of) - dt.date.fromisoformat(newest)).days)} "
                     f"before this assessment: {REALM_WORDS} describe the situation then, not now.")
    trade = [e for e in status if e["source"] == "comtrade"]
    fresh_trade = [e for e in trade if not e["missing"] and not e["stale"]]
    if not fresh_trade:
        got = [e for e in trade if not e["missing"]]
        if got:
            last = max(got, key=lambda e: e["covers_to"])
            notes.append(f"The trade statistics end with {last['covers_to']} ({last['reporter']}'s records); newer "
                         "periods should have been published by now, so the economic section is out of date.")
        else:
            notes.append("No trade statistics were fetched from UN Comtrade for this pair: the economic section "
                         "rests on the curated figures only.")
    sanc = by.get("sanctions")
    later = len((sanc or {}).get("later_lists") or [])
    if sanc and sanc["missing"] and later:
        notes.append(f"The sanctions lists in the store ({later}) were all published after this report's date: a "
                     "report dated then cannot use them, so it says nothing about who was designated.")
    elif sanc and sanc["missing"]:
        notes.append("No sanctions list is stored: the report cannot say who is designated now.")
    elif later:
        notes.append(f"{later} sanctions list(s) in the store were published after this report's date and are "
                     "not used: the designations shown are those of the lists published by then.")
    if sanc and not sanc["missing"] and sanc["stale"]:
        dates = sorted(x["date"] for x in sanc.get("lists") or []) or [sanc["covers_to"]]
        notes.append(f"The sanctions lists in use date from {dates[0]}" + (f" to {dates[-1]}" if dates[-1] != dates[0]
                     else "") + ": designations (and lifts) after each list's date are missing.")
    if warning:
        pct = f"{warning['probability'] * 100:.1f}%"
        if warning["prior_only"]:
            notes.append(f"The escalation warning ({warning['target']}: {pct}) is the prior alone: no indicator "
                         "reading is recent enough to move it on this date.")
        elif curated and curated["stale"]:
            notes.append(f"The escalation warning ({warning['target']}: {pct}) rests on curated indicator readings "
                         f"that end on {curated['covers_to']}"
                         + (", and on current event data." if events and not all(e["stale"] for e in events) else "."))
    return notes


def banner(ctx: ReportContext) -> list[Block]:
    from markupsafe import Markup

    from dyadwatch.currency import source_status

    status = source_status(ctx.store, ctx.dyad.a.iso3, ctx.dyad.b.iso3, as_of=ctx.as_of)
    warning = _warning_basis(ctx)
    rows = []
    for e in status:
        label = e["label"] + (f" ({e['reporter']}'s records)" if e.get("reporter") else "")
        covers = e["covers_to"] if e["covers_from"] == e["covers_to"] else f"{e['covers_from']} to {e['covers_to']}"
        age = "—" if e["missing"] else _age(e["age_days"])
        if e.get("lists"):   # sanctions: each list is a snapshot of its own date; the oldest sets the age
            covers = "lists dated " + ", ".join(sorted(x["date"] for x in e["lists"]))
            age = f"oldest list: {age}"
        later = bool(e["missing"] and e.get("later_lists"))   # only lists published after the report's date
        state = ("published later" if later else "no data") if e["missing"] else ("stale" if e["stale"] else "current")
        rows.append({"label": label, "cite": Markup(ctx.cite(*known_ids(ctx, e.get("source_ids") or []))),
                     "missing": e["missing"], "later": later,
                     "covers": covers, "rows": e["rows"], "age": age,
                     "updated": _when(e["last_success"]), "stale": e["stale"], "state": state,
                     "error": bool(e.get("error"))})
    stale = [r["label"] for r in rows if r["stale"]]
    missing = [r["label"] for r in rows if r["missing"] and not r["later"]]
    if not stale:
        headline = f"Every source is current on {ctx.as_of}."
    elif len(stale) == len(rows):
        headline = f"Every source is stale or missing on {ctx.as_of}: this assessment describes an earlier state."
    else:
        headline = f"{len(stale)} of {len(rows)} sources are stale or missing on {ctx.as_of}."
    lacking = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1] if missing else ""
    command = f"dyadwatch update {ctx.dyad.a.iso3} {ctx.dyad.b.iso3}"
    from dyadwatch.report.templating import render

    from dyadwatch.report.known import past_dated

    html = render("data_currency.html", headline=headline, past=past_dated(ctx), today=dt.date.today().isoformat(), notes=_notes(ctx, status, warning), rows=rows,
                  as_of=ctx.as_of, any_stale=bool(stale), lacking=lacking, command=command,
                  status_command=f"dyadwatch status {ctx.dyad.a.iso3} {ctx.dyad.b.iso3}")
    summary = f"{len(stale)} of {len(rows)} sources stale or missing" + (
        f" ({', '.join(stale)})" if stale else "")
    return [Block("How current the data are", str(html), order=0, summary=summary)]
