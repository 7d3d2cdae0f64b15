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
from dyadwatch.report.api import Block, ReportContext, esc

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
                     "cites": Markup("".join(ctx.cite(s) for s in c["evidence"]))})
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
                      card_file=card.path.rsplit("/", 1)[-1], card_version=card.version, targets=targets))
    summary = "; ".join(f"{tid} prior only: no current evidence" if f["prior_only"]
                        else f"{tid} {_pct(f['probability'])} in {HORIZON}d" for tid, f in forecasts.items())
    return Block("Escalation warning now", html, order=1, summary=f"warning: {summary}")


def _nearest(labels: list[str], day: str) -> str | None:
    later = [x for x in labels if x >= day]
    return later[0] if later else None


def _chart_block(ctx: ReportContext, card, runs: dict[str, dict], step_note: str) -> Block:
    series = {f"{tid} ({HORIZON} d)": [(r["date"], r["probability"]) for r in run["forecasts"]]
              for tid, run in runs.items()}
    labels = sorted({d for pts in series.values() for d, _ in pts})
    markers, cites = [], []
    for ep in card.episodes:
        lab = _nearest(labels, str(ep["from"]))
        if lab:
            markers.append((lab, ("+ " if ep.get("kind") == "positive" else "− ") + str(ep["id"]).split("-")[0]))
            cites.append(f"{esc(ep['id'])} {esc(ep['from'])}…{esc(ep['to'])} ({esc(ep.get('kind'))})"
                         + "".join(ctx.cite(s) for s in ep.get("sources") or []))
    onsets: dict[str, list] = {}
    for tid, run in runs.items():
        for o in run["onsets"]:
            if (tid, o["source_id"]) not in onsets.setdefault(o["date"], []):
                onsets[o["date"]].append((tid, o["source_id"]))
    onset_text = "; ".join(f"{esc(date)} ({esc('/'.join(dict.fromkeys(t for t, _ in items)))})"
                           + "".join(ctx.cite(s) for _, s in items) for date, items in sorted(onsets.items()))
    caption = (f"Frozen point-in-time forecasts ({step_note}); each uses only data public on its date. "
               f"Dashed rules mark the start of each episode (+ positive, − negative): {'; '.join(cites)}. "
               f"Target onsets (events resolving a target YES): "
               f"{onset_text or 'none'}.")
    last = max((r["date"] for run in runs.values() for r in run["forecasts"]), default=ctx.as_of)
    chart = svg.line_chart(series, f"Probability within {HORIZON} days, {FROM} to {last}", kind="prob",
                           caption=caption, markers=markers)
    return Block("Warning probability over time", chart, order=2)


def _scores_block(ctx: ReportContext, runs: dict[str, dict], step_note: str) -> Block:
    rows = []
    for tid, r in runs.items():
        sc = r["scores"]
        m = sc["model"]
        rows.append(
            f"<tr><td>{esc(tid)}</td><td class=num>{r['n_scored']}</td><td class=num>{r['n_positive']}</td>"
            f"<td class=num>{_num(m['brier'])}</td><td class=num>{_num(sc['climatology']['brier'])}</td>"
            f"<td class=num>{_num(sc['no_change']['brier'])}</td><td class=num>{_num(sc['prior_only']['brier'])}</td>"
            f"<td class=num>{_num(m['brier_skill_vs_climatology'], 2)}</td>"
            f"<td class=num>{_num(m['brier_skill_vs_no_change'], 2)}</td>"
            f"<td class=num>{_num(m['log_score'])}</td><td class=num>{_num(sc['climatology']['log_score'])}</td></tr>")
    table = ("<table><thead><tr><th>target</th><th>scored</th><th>positive</th><th>Brier model</th>"
             "<th>Brier climatology</th><th>Brier no-change</th><th>Brier prior only</th><th>skill vs clim.</th>"
             "<th>skill vs no-change</th><th>log score model</th><th>log score clim.</th></tr></thead><tbody>"
             + "".join(rows) + "</tbody></table>")
    lead, eps = [], []
    for tid, r in runs.items():
        for lt in r["lead_time"]:
            lead.append(f"<tr><td>{esc(tid)}</td><td>{esc(lt['onset'])}</td>"
                        + "".join(f"<td class=num>{'–' if lt[k] is None else lt[k]}</td>"
                                  for k in ("lead_days_10", "lead_days_25", "lead_days_50")) + "</tr>")
        for e in r["episodes"]:
            fa = " / ".join(str(e.get(f"false_alarms_{k}", "–")) for k in (10, 25, 50)) \
                if e["kind"] == "negative" else "–"
            eps.append(f"<tr><td>{esc(tid)}</td><td>{esc(e['id'])}</td><td>{esc(e['kind'])}</td>"
                       f"<td class=num>{_pct(e['max_probability'])}</td><td class=num>{esc(fa)}</td></tr>")
    lead_t = ("<table><thead><tr><th>target</th><th>onset</th><th>lead ≥10%</th><th>lead ≥25%</th>"
              "<th>lead ≥50%</th></tr></thead><tbody>" + "".join(lead) + "</tbody></table>") if lead else \
        '<p class="empty">No onset inside the backtest range: no lead time to report.</p>'
    eps_t = ("<table><thead><tr><th>target</th><th>episode</th><th>kind</th><th>highest forecast</th>"
             "<th>false alarms ≥10/25/50%</th></tr></thead><tbody>" + "".join(eps) + "</tbody></table>")
    thin = next((r["thin_history"] for r in runs.values() if r.get("thin_history")), None)
    first = next(iter(runs.values()))
    note = (f'<p class="who">{esc(step_note)}; windows not closed by {esc(ctx.as_of)}, windows ending after the '
            f"curated record's complete span and dates inside an ongoing onset are not scored. Brier: lower is "
            f"better; log score: higher is better; skill = 1 − Brier/Brier(reference). Climatology is point in "
            f"time: the base rate of qualifying events in windows that had closed by each date; no-change says 99% "
            f"if the target happened in the trailing {HORIZON} days, else 1%. Same figures from the command line: "
            f"<span class=code>dyadwatch warning backtest {esc(ctx.a)} {esc(ctx.b)} --target E1</span> "
            f"(its defaults are this definition).</p>")
    if thin:
        note += f'<p class="who">{esc(thin)}</p>'
    rc = first["reference_class"]
    note += (f'<p class="who">Reference class (other dyads, one forecast per documented episode): Brier '
             f"{_num(rc['brier'])} against {_num(rc['brier_climatology'])} for climatology over "
             f"{len(rc['episodes'])} episodes ({esc(rc['note'])})"
             + "".join(ctx.cite(s) for e in rc["episodes"] for s in e["sources"]) + ".</p>")
    model_b = "; ".join(f"{tid} Brier {_num(r['scores']['model']['brier'])} vs climatology "
                        f"{_num(r['scores']['climatology']['brier'])}" for tid, r in runs.items())
    from dyadwatch.report.templating import render

    def ci(v, nd=4):
        return "–" if not v else f"{_num(v[0], nd)} to {_num(v[1], nd)}"

    evals = [{"target": tid, "brier": _num(r["scores"]["model"]["brier"]),
              "brier_ci": ci(r["scores"]["model"]["brier_ci"]),
              "skill": _num(r["scores"]["model"]["brier_skill_vs_climatology"], 2),
              "skill_ci": ci(r["scores"]["model"]["brier_skill_vs_climatology_ci"], 2),
              "top3": _pct(r["decisive"]["top3_share_of_gain"]),
              "loo": [{"left_out": e["left_out"], "n_left_out": e["n_left_out"], "brier": _num(e["brier"]),
                       "brier_climatology": _num(e["brier_climatology"]),
                       "skill": _num(e["skill_vs_climatology"], 2)} for e in r["leave_one_episode_out"]],
              "decisive": [{**d, "probability": _pct(d["probability"]), "climatology": _pct(d["climatology"]),
                            "gain": _num(d["gain"], 3)} for d in r["decisive"]["gains"][:3] + r["decisive"]["losses"][:2]]}
             for tid, r in runs.items()]
    evaluation = str(render("warning/evaluation.html", label=first["definition"]["label"], runs=evals))
    return Block("Backtest: scores against baselines", table + evaluation + "<h4>Lead time (days)</h4>" + lead_t
                 + "<h4>Episodes</h4>" + eps_t + note, order=3,
                 summary=f"backtest ({first['definition']['label']}): {model_b}")


def _redlines_block(ctx: ReportContext) -> Block:
    from dyadwatch.errors import ModelError
    from dyadwatch.warning.redlines import check

    try:
        result = check(ctx.store, ctx.dyad.label, ctx.as_of)
    except ModelError as exc:
        return Block("Red lines", f'<p class="empty">{esc(exc)}</p>', order=4)
    rows = []
    for r in result["rules"]:
        evs = "".join(f"<li>{esc(e['match'])} <time>{esc(e['date'])}</time> {esc(e['summary'])}"
                      f"{ctx.cite(*e['source_ids'])}</li>" for e in r["crossed"] + r["close"])
        rows.append(f'<tr><td><span class="status">{esc(r["status"])}</span></td><td>{esc(r["title"])} '
                    f'<span class="who">({esc(r["who"])} refrains)</span></td><td>{esc(r["detail"])}'
                    f'{f"<ul>{evs}</ul>" if evs else ""}</td></tr>')
    counts = {s: sum(1 for r in result["rules"] if r["status"] == s) for s in ("crossed", "close", "held")}
    intro = (f"<p>The mutual red lines the SCEEUS brief infers{ctx.cite(result['source_id'])}, as rules over "
             f"the dated events ({esc(result['coverage'])}), since {esc(result['rules'][0]['since'])}.</p>")
    return Block("Red lines", intro + "<table><thead><tr><th>status</th><th>red line</th><th>detail and events"
                 "</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>", order=4,
                 summary="red lines: " + ", ".join(f"{n} {s}" for s, n in counts.items()))


def _registry_block(ctx: ReportContext) -> Block | None:
    from dyadwatch.warning import registry

    try:
        registry.load_bundled(ctx.store)
        registry.refresh(ctx.store, ctx.dyad.label, today=ctx.as_of)   # resolve what the store can decide
    except Exception:  # noqa: BLE001 - a read-only store still lists what it has
        pass
    everything = registry.list_forecasts(ctx.store, ctx.dyad.label, today=ctx.as_of)
    rows = [r for r in everything if r["kind"] != "model"]
    n_model = len(everything) - len(rows)
    if not rows:
        return None
    body = "".join(
        f"<tr><td>{esc(r['id'])}</td><td>{esc(r['target'])}</td><td class=num>{_pct(r['probability'])}"
        + (f" ({_pct(r['low'])}–{_pct(r['high'])})" if r.get("low") is not None else "")
        + f"</td><td class=num>{r['horizon_days']}</td><td>{esc(r['issued_at'])}</td><td>{esc(r['resolves_at'])}"
        f"</td><td>{esc(r['author'])}{ctx.cite(r.get('source_id'))}</td><td>{esc(r['status'])}</td>"
        f"<td class=note>{esc(r.get('note') or '')}"
        + (f" — {esc(r['resolution_note'])}" if r.get("resolution_note") else "")
        + (" — past its date; the store's events cannot decide it: resolve by hand" if r["status"] == "overdue" else "")
        + "</td></tr>" for r in rows)
    return Block("Forecast registry", "<table><thead><tr><th>id</th><th>target</th><th>probability</th>"
                 "<th>days</th><th>issued</th><th>resolves</th><th>by</th><th>status</th><th>note</th></tr></thead>"
                 f"<tbody>{body}</tbody></table><p class=who>{n_model} forecasts by the model are also "
                 "registered; the comparison of forecasters on shared questions is given by "
                 "<span class=code>dyadwatch forecasts score</span>.</p>", order=5,
                 summary=f"{len(rows)} registered forecasts")


def security(ctx: ReportContext) -> list[Block]:
    """All warning blocks for the security section (computed once; shared between blocks)."""
    from dyadwatch.errors import ModelError
    from dyadwatch.warning.backtest import backtest
    from dyadwatch.warning.card import load_card
    from dyadwatch.warning.model import forecast

    try:
        card = load_card(ctx.dyad.label)
    except ModelError as exc:
        return [Block("Escalation warning", f'<p class="empty">No warning model for this dyad: {esc(exc)}</p>',
                      order=1)]
    missing = sorted(card.source_ids() - set(ctx.sources))
    if missing:
        return [Block("Escalation warning", '<p class="empty">The warning model needs its cited indicator data '
                      f"(the bundled dataset for {esc(card.dyad)}); {len(missing)} of the sources its episodes "
                      f"cite are not in this store (e.g. {esc(missing[0])}). Run <span class=code>dyadwatch "
                      "assess</span> with the bundled data loaded.</p>", order=1,
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
        blocks += [_chart_block(ctx, card, runs, step_note), _scores_block(ctx, runs, step_note)]
    blocks.append(_redlines_block(ctx))
    reg = _registry_block(ctx)
    if reg:
        blocks.append(reg)
    return blocks
