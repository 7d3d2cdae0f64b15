"""Security section blocks from the warning model: the current probability per target with its contribution
table, the probability over time with the episodes marked, backtest scores next to the baselines, red
lines, and the forecast registry.

Everything is computed as of the report date (`ctx.as_of`): forecasts use only data public then, and the
backtest scores only windows that had closed by then. The backtest runs on the weekly grid of
`dyadwatch warning backtest` (observations are read once per target, so ~0.1 s per target); when the store
holds event data, the report's backtest leaves the event-derived group out (reading event data costs about
0.3 s per date, minutes per backtest) and the caption says so; the current forecast still uses it.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from dyadwatch.report import svg
from dyadwatch.report.api import Block, ReportContext
from dyadwatch.report.known import known, known_ids

from dyadwatch.warning.backtest import STANDARD

HORIZON = STANDARD["horizon"]
FROM = STANDARD["from"]


def _pct(p: float | None) -> str:
    return "–" if p is None else f"{100 * p:.1f}%"


def _num(v: float | None, nd: int = 4) -> str:
    import math
    if v is None:
        return "–"
    if not math.isfinite(v):
        return "n/a"   # e.g. skill against a reference that scored perfectly (no positive window)
    return f"{v:.{nd}f}"


def _has_event_data(store, dyad: str) -> bool:
    try:
        from dyadwatch.realms import events as ev
        return bool(ev.has_events(store, dyad))
    except Exception:  # noqa: BLE001 - optional module; absent means no event data
        return False


def _names(ctx: ReportContext) -> tuple[dict[str, str], dict[str, str]]:
    """Words for the model card's codes: {target id: title} and {episode id: its label}, so that tables and
    captions name targets and episodes rather than show their codes."""
    from dyadwatch.warning.card import load_card

    card = load_card(ctx.dyad.label)
    targets = {tid: t.title for tid, t in card.targets.items()}
    episodes = {str(ep["id"]): str(ep.get("label") or ep.get("title") or str(ep["id"]).replace("-", " "))
                for ep in card.episodes}
    return targets, episodes


def _rows(ctx: ReportContext, f: dict) -> list[dict]:
    from markupsafe import Markup

    rows = []
    for c in sorted(f["contributions"], key=lambda c: -abs(c["weighted"])):
        note = (f"stale, no weight: {c.get('stale_reason')}" if c.get("stale") else
                (f"same source as a stronger reading: counted × {c['dependence']}" if c.get("dependence", 1) < 1
                 else ""))
        rows.append({"label": c.get("label") or c["indicator"], "group": c["group"], "state": c["state"],
                     "note": note, "detail": "; ".join(c.get("detail") or []), "period": c.get("period") or "",
                     "bits": f"{c['bits']:+.2f}", "decay": f"{c['decay']:.2f}", "weighted": f"{c['weighted']:+.2f}",
                     "cites": Markup("".join(ctx.cite(s) for s in known_ids(ctx, c["evidence"])))})
    return rows


def _now_block(ctx: ReportContext, card, forecasts: dict[str, dict], cache: dict) -> Block:
    from dyadwatch.report.templating import render
    from dyadwatch.warning.model import describe_moves, forecast

    targets = []
    for tid, t in card.targets.items():
        f = forecasts[tid]
        short = {h: forecast(ctx.store, card.dyad, tid, h, ctx.as_of, card=card, with_moves=False, cache=cache)
                 for h in t.horizons if h != HORIZON}
        labels = {n: i.title for n, i in list(card.indicators.items()) + list(card.event_indicators.items())}
        targets.append({
            "id": tid, "title": t.title, "rule": t.rule, "prior_only": f["prior_only"],
            "prior_only_reason": f.get("prior_only_reason", ""), "probability": _pct(f["probability"]),
            "prior": _pct(f["prior"]), "prior_text": f["prior_derivation"]["text"],
            "short": [f"{_pct(s['probability'])} in {h} days" for h, s in short.items() if not s["prior_only"]],
            "rows": _rows(ctx, f),
            "capped": "; ".join(f"{g} {v['raw']:+.2f} → {v['total']:+.2f}" for g, v in f["groups"].items()
                                if v["capped"]),
            "no_data": ", ".join(labels.get(n, n) for n in f["no_data"]), "event_data": f["event_data"],
            "moves": "; ".join(describe_moves(f["what_would_move_it"], plain=True))})
    html = str(render("warning/now.html", as_of=ctx.as_of, horizon=HORIZON,
                      card_version=card.version, targets=targets))
    summary = "; ".join(f"{tid} prior only: no current evidence" if f["prior_only"]
                        else f"{tid} {_pct(f['probability'])} in {HORIZON}d" for tid, f in forecasts.items())
    return Block("Escalation warning now", html, order=1, summary=f"warning: {summary}")


def _nearest(labels: list[str], day: str) -> str | None:
    later = [x for x in labels if x >= day]
    return later[0] if later else None


def _after_window(ctx: ReportContext, card, cache: dict) -> dict[str, list[dict]]:
    """Point-in-time forecasts on the backtest's grid from the end of the standard window to the report date
    (empty when the report date is inside the window). Not scored: they only extend the chart."""
    from dyadwatch.warning.model import forecast

    start, end = dt.date.fromisoformat(STANDARD["to"]), dt.date.fromisoformat(ctx.as_of)
    if end <= start:
        return {}
    step = dt.timedelta(days=7 if STANDARD["step"] == "week" else 30)
    days, day = [], start + step
    while day < end:
        days.append(day)
        day += step
    days.append(end)
    return {tid: [{"date": d.isoformat(), **{k: v for k, v in forecast(
        ctx.store, card.dyad, tid, HORIZON, d, card=card, with_moves=False, cache=cache, use_events=False).items()
        if k in ("probability", "prior_only")}} for d in days] for tid in card.targets}


def _chart_block(ctx: ReportContext, card, runs: dict[str, dict], step_note: str,
                 after: dict[str, list[dict]] | None = None) -> Block:
    from markupsafe import Markup

    from dyadwatch.report.templating import render

    series = {f"{tid} ({HORIZON} d)": [(r["date"], r["probability"]) for r in run["forecasts"]]
              for tid, run in runs.items()}
    for tid, pts in (after or {}).items():
        # the last point of the backtest line starts the new one, so the two read as one path in two colours
        last = runs[tid]["forecasts"][-1:] if tid in runs else []
        series[f"{tid} ({HORIZON} d), after the backtest window"] = \
            [(r["date"], r["probability"]) for r in last] + [(r["date"], r["probability"]) for r in pts]
    labels = sorted({d for pts in series.values() for d, _ in pts})
    markers, episodes = [], []
    for ep in card.episodes:
        if not known(ctx, ep.get("sources") or [], ended=str(ep["to"])):
            continue   # an episode that had not ended by the report's date (or is told by later sources)
        lab = _nearest(labels, str(ep["from"]))
        if lab:
            name = str(ep.get("label") or str(ep["id"]).replace("-", " "))   # words, not the episode's id
            markers.append((lab, ("+ " if ep.get("kind") == "positive" else "− ") + name))
            episodes.append({"id": name, "from": ep["from"], "to": ep["to"], "kind": ep.get("kind"),
                             "cites": Markup(ctx.cite(*known_ids(ctx, ep.get("sources") or [])))})
    from dyadwatch.report.curated import key_markers

    for date, label in key_markers(ctx):   # the dyad's key events (the invasion), as on every other time chart
        lab = _nearest(labels, date)
        if lab and all(m[0] != lab for m in markers):
            markers.append((lab, label))
    onsets: dict[str, list] = {}
    for tid, run in runs.items():
        for o in run["onsets"]:
            if not known(ctx, o["source_id"], begun=o["date"]):
                continue   # an onset after the report's date (or reported later) is hindsight
            if (tid, o["source_id"]) not in onsets.setdefault(o["date"], []):
                onsets[o["date"]].append((tid, o["source_id"]))
    titles = {tid: t.title for tid, t in card.targets.items()}
    onset_rows = [{"date": date, "targets": "; ".join(dict.fromkeys(titles.get(t, t) for t, _ in items)),
                   "cites": Markup("".join(ctx.cite(s) for _, s in items))} for date, items in sorted(onsets.items())]
    after_info = None
    if after:
        points = [p for pts in after.values() for p in pts]
        end_lab = _nearest(labels, STANDARD["to"])
        if end_lab:
            markers.append((end_lab, "end of backtest"))
        complete = card.record_complete_to
        after_info = {"from": STANDARD["to"], "to": ctx.as_of, "step": "weekly" if STANDARD["step"] == "week"
                      else "monthly", "n": len(points), "n_prior_only": sum(1 for p in points if p["prior_only"]),
                      "complete": complete.isoformat() if complete and complete.isoformat() < ctx.as_of else None}
    caption = str(render("warning/chart_caption.html", step_note=step_note, episodes=episodes, onsets=onset_rows,
                         after=after_info))
    last = max((d for pts in series.values() for d, _ in pts), default=ctx.as_of)
    chart = svg.line_chart(series, f"Probability within {HORIZON} days, {FROM} to {last}", kind="prob",
                           caption=caption, markers=markers)
    return Block("Warning probability over time", chart, order=2)


def _scores_block(ctx: ReportContext, runs: dict[str, dict], step_note: str) -> Block:
    from markupsafe import Markup

    from dyadwatch.report.templating import render

    titles, episode_names = _names(ctx)
    scores = []
    for tid, r in runs.items():
        sc, m = r["scores"], r["scores"]["model"]
        scores.append({"target": titles.get(tid, tid), "n_scored": r["n_scored"], "n_positive": r["n_positive"],
                       "brier": _num(m["brier"]), "brier_clim": _num(sc["climatology"]["brier"]),
                       "brier_nc": _num(sc["no_change"]["brier"]), "brier_prior": _num(sc["prior_only"]["brier"]),
                       "skill_clim": _num(m["brier_skill_vs_climatology"], 2),
                       "skill_nc": _num(m["brier_skill_vs_no_change"], 2),
                       "log": _num(m["log_score"]), "log_clim": _num(sc["climatology"]["log_score"])})
    lead, eps = [], []
    for tid, r in runs.items():
        for lt in r["lead_time"]:
            if lt["onset"] > ctx.as_of:
                continue   # an onset after the report's date is hindsight
            lead.append({"target": titles.get(tid, tid), "onset": lt["onset"],
                         "days": ["–" if lt[k] is None else lt[k] for k in ("lead_days_10", "lead_days_25",
                                                                             "lead_days_50")]})
        for e in r["episodes"]:
            if not known(ctx, e.get("sources") or [], ended=e["to"]):
                continue
            fa = " / ".join(str(e.get(f"false_alarms_{k}", "–")) for k in (10, 25, 50)) \
                if e["kind"] == "negative" else "–"
            eps.append({"target": titles.get(tid, tid), "id": episode_names.get(str(e["id"]), e.get("title") or e["id"]),
                        "kind": e["kind"], "max": _pct(e["max_probability"]),
                        "false_alarms": fa})
    thin = next((r["thin_history"] for r in runs.values() if r.get("thin_history")), None)
    first = next(iter(runs.values()))
    rc = first["reference_class"]
    reference = {"brier": _num(rc["brier"]), "brier_climatology": _num(rc["brier_climatology"]),
                 "n": len(rc["episodes"]), "note": rc["note"],
                 "cites": Markup("".join(ctx.cite(s) for e in rc["episodes"] for s in known_ids(ctx, e["sources"])))}
    model_b = "; ".join(f"{tid} Brier {_num(r['scores']['model']['brier'])} vs climatology "
                        f"{_num(r['scores']['climatology']['brier'])}" for tid, r in runs.items())

    def ci(v, nd=4):
        return "–" if not v else f"{_num(v[0], nd)} to {_num(v[1], nd)}"

    evals = [{"target": titles.get(tid, tid), "brier": _num(r["scores"]["model"]["brier"]),
              "brier_ci": ci(r["scores"]["model"]["brier_ci"]),
              "skill": _num(r["scores"]["model"]["brier_skill_vs_climatology"], 2),
              "skill_ci": ci(r["scores"]["model"]["brier_skill_vs_climatology_ci"], 2),
              "top3": _pct(r["decisive"]["top3_share_of_gain"]),
              "loo": [{"left_out": episode_names.get(str(e["left_out"]), e["left_out"]), "n_left_out": e["n_left_out"], "brier": _num(e["brier"]),
                       "brier_climatology": _num(e["brier_climatology"]),
                       "skill": _num(e["skill_vs_climatology"], 2)} for e in r["leave_one_episode_out"]
                      if str(e["to"]) <= ctx.as_of],
              "decisive": [{**d, "probability": _pct(d["probability"]), "climatology": _pct(d["climatology"]),
                            "gain": _num(d["gain"], 3)} for d in r["decisive"]["gains"][:3] + r["decisive"]["losses"][:2]]}
             for tid, r in runs.items()]
    evaluation = render("warning/evaluation.html", label=first["definition"]["label"], runs=evals)
    html = str(render("warning/scores.html", scores=scores, evaluation=evaluation, lead=lead, episodes=eps,
                      step_note=step_note, as_of=ctx.as_of, horizon=HORIZON, a=ctx.a, b=ctx.b, thin=thin,
                      reference=reference))
    return Block("Backtest: scores against baselines", html, order=3,
                 summary=f"backtest ({first['definition']['label']}): {model_b}")


def _redlines_block(ctx: ReportContext) -> Block:
    from markupsafe import Markup

    from dyadwatch.errors import ModelError
    from dyadwatch.report.templating import render
    from dyadwatch.warning.redlines import check

    try:
        result = check(ctx.store, ctx.dyad.label, ctx.as_of)
    except ModelError as exc:
        return Block("Red lines", str(render("warning/message.html", text=str(exc), command=None)), order=4)
    if not known(ctx, result["source_id"]):
        return Block("Red lines", str(render("warning/message.html", text=(
            f"The red lines tracked here were set out in a brief published after {ctx.as_of}: a report dated then "
            "does not assess them."), command=None)), order=4,
                     summary="red lines: not assessed (their source was published after the report's date)")
    rules = [{"status": r["status"], "title": r["title"], "who": r["who"], "detail": r["detail"],
              "events": [{"match": e["match"], "date": e["date"], "summary": e["summary"],
                          "cites": Markup(ctx.cite(*known_ids(ctx, e["source_ids"])))}
                         for e in r["crossed"] + r["close"] if known(ctx, e["source_ids"], begun=e["date"])]}
             for r in result["rules"]]
    counts = {s: sum(1 for r in result["rules"] if r["status"] == s) for s in ("crossed", "close", "held")}
    html = render("warning/redlines.html", cite=Markup(ctx.cite(*known_ids(ctx, [result["source_id"]]))), coverage=result["coverage"],
                  since=result["rules"][0]["since"], rules=rules)
    return Block("Red lines", str(html), order=4,
                 summary="red lines: " + ", ".join(f"{n} {s}" for s, n in counts.items()))


def _as_known(ctx: ReportContext, r: dict, card=None) -> dict:
    """A registered forecast as it stood on the report's date. An outcome resolved after that date is not known
    yet: the forecast shows as open (or overdue once its window has closed). In a past-dated report an overdue
    forecast is resolved for display only (nothing is written) when the target's rule decides it from what was
    known then: a qualifying event by that date, or none in a window the record was complete for by then."""
    from dyadwatch.report.known import past_dated

    if r.get("outcome") is not None and (r.get("resolved_at") or "")[:10] <= ctx.as_of:
        return r
    r = {**r, "outcome": None, "resolved_at": None, "resolution_note": None,
         "status": "overdue" if r["resolves_at"] <= ctx.as_of else "open"}
    if not (past_dated(ctx) and r["status"] == "overdue" and card is not None and r["target"] in card.targets):
        return r
    from dyadwatch.warning import registry

    try:
        outcome, why = registry.rule_outcome(ctx.store, r, dt.date.fromisoformat(ctx.as_of))
    except Exception:  # noqa: BLE001 - the rule cannot be applied: it stays overdue
        return r
    complete = card.target_complete_to(r["target"])
    if outcome is True or (outcome is False and complete is not None and complete.isoformat() <= ctx.as_of):
        r.update(outcome=outcome, status="yes" if outcome else "no", resolution_note=why, resolved_at=ctx.as_of)
    return r


def _registry_block(ctx: ReportContext) -> Block | None:
    from markupsafe import Markup

    from dyadwatch.report.templating import render
    from dyadwatch.warning import registry

    from dyadwatch.report.known import past_dated

    try:
        registry.load_bundled(ctx.store)
        if not past_dated(ctx):   # a past-dated report shows the registry as it stood; it resolves nothing
            registry.refresh(ctx.store, ctx.dyad.label, today=ctx.as_of)   # resolve what the store can decide
    except Exception:  # noqa: BLE001 - a read-only store still lists what it has
        pass
    import re

    from dyadwatch.warning.card import load_card

    try:
        card = load_card(ctx.dyad.label)
    except Exception:  # noqa: BLE001 - no card: resolution notes are shown as stored
        card = None
    everything = [_as_known(ctx, r, card) for r in registry.list_forecasts(ctx.store, ctx.dyad.label, today=ctx.as_of)
                  if known(ctx, r.get("source_id"), begun=r["issued_at"])]   # issued and published by then
    rows = [r for r in everything if r["kind"] != "model"]
    n_model = len(everything) - len(rows)
    if not rows:
        return None

    def resolution(r: dict) -> tuple[str, Markup]:
        """The resolution note in plain words: the ids of the sources behind a target's completeness date
        become footnotes."""
        note = r.get("resolution_note") or ""
        m = re.search(r", per ([^)]*)\)", note)
        if not m or card is None or r["target"] not in card.targets:
            return note, Markup("")
        ids = known_ids(ctx, [x.strip() for x in m.group(1).split(",")
                              if x.strip() in card.target(r["target"]).record_complete_sources])
        return note[:m.start()] + ")" + note[m.end():], Markup(ctx.cite(*ids))

    titles = {tid: t.title for tid, t in card.targets.items()} if card is not None else {}
    view = [{"id": r["id"], "target": titles.get(r["target"], r["target"]), "probability": _pct(r["probability"]),
             "range": f"{_pct(r['low'])}–{_pct(r['high'])}" if r.get("low") is not None else "",
             "horizon_days": r["horizon_days"], "issued_at": r["issued_at"], "resolves_at": r["resolves_at"],
             "author": r["author"], "cites": Markup(ctx.cite(r.get("source_id"))), "status": r["status"],
             "note": r.get("note") or "", "resolution_note": resolution(r)[0], "resolution_cites": resolution(r)[1],
             "overdue": r["status"] == "overdue"} for r in rows]
    html = render("warning/registry.html", rows=view, n_model=n_model)
    return Block("Forecast registry", str(html), order=5, summary=f"{len(rows)} registered forecasts")


def security(ctx: ReportContext) -> list[Block]:
    """All warning blocks for the security section (computed once; shared between blocks)."""
    from dyadwatch.errors import ModelError
    from dyadwatch.report.templating import render
    from dyadwatch.warning.backtest import backtest
    from dyadwatch.warning.card import load_card
    from dyadwatch.warning.model import forecast

    try:
        card = load_card(ctx.dyad.label)
    except ModelError as exc:   # the error names the card folder or file: keep paths out of the report body
        text = (f"No warning model ships for {ctx.dyad.label}, so this report gives no escalation probability."
                if str(exc).startswith("no warning model card") else
                f"The warning model card for {ctx.dyad.label} could not be read, so this report gives no "
                "escalation probability.")
        return [Block("Escalation warning", str(render("warning/message.html", text=text, command=None)),
                      order=1)]
    missing = sorted(card.source_ids() - set(ctx.sources))
    if missing:
        return [Block("Escalation warning", str(render(
            "warning/message.html", text=f"The warning model needs its cited indicator data (the bundled dataset "
            f"for {card.dyad}); {len(missing)} of the sources its episodes cite are not in this store (e.g. "
            f"{missing[0]}).", command="dyadwatch assess")), order=1,
                      summary="warning: not computed (the bundled indicator data are not in the store)")]
    as_of = dt.date.fromisoformat(ctx.as_of)
    cache: dict[str, Any] = {}   # readings shared by every forecast of the report
    forecasts = {tid: forecast(ctx.store, card.dyad, tid, HORIZON, as_of, card=card, cache=cache)
                 for tid in card.targets}
    blocks = [_now_block(ctx, card, forecasts, cache)]
    if as_of > dt.date.fromisoformat(FROM):
        events = _has_event_data(ctx.store, card.dyad)
        to = min(as_of, dt.date.fromisoformat(STANDARD["to"]))
        step_note = ("Backtest definition: {label}; in this report without the event-derived group, for speed "
                     "(reading event data costs about 0.3 s per date): the current forecast above includes it, and "
                     "the command line scores the full model" if events else "Backtest definition: {label}")
        runs = {tid: backtest(ctx.store, card.dyad, tid, HORIZON, FROM, to, STANDARD["step"], today=as_of, card=card,
                              cache=cache, use_events=not events) for tid in card.targets}
        label = next(iter(runs.values()))["definition"]["label"]
        step_note = step_note.format(label=label)
        after = _after_window(ctx, card, cache)
        blocks += [_chart_block(ctx, card, runs, step_note, after), _scores_block(ctx, runs, step_note)]
    blocks.append(_redlines_block(ctx))
    reg = _registry_block(ctx)
    if reg:
        blocks.append(reg)
    return blocks
