"""Security realm commands: `warning` (with `backtest`), `forecasts` (add|list|resolve|score), `redlines`."""
from __future__ import annotations

import click

from dyadwatch.cli.core import json_option, store_option
from dyadwatch.cli.output import emit, emit_json, emit_table

card_option = click.option("--card", "card_path", metavar="PATH", type=click.Path(dir_okay=False),
                           help="Model card YAML to use instead of the bundled one for the dyad.")


def _open(store_path, bundled: bool = True):
    """Open the store; load the bundled dataset first when it was never loaded (so commands work at once)."""
    from dyadwatch.store import open_store

    store = open_store(store_path)
    if bundled and not store.scalar("SELECT 1 FROM sources WHERE id LIKE 'sec-%' LIMIT 1"):
        from dyadwatch.curated import load_bundled
        load_bundled(store)
    return store


def _dyad(a, b) -> str:
    return f"{a}-{b}"


def _pct(p) -> str:
    return "" if p is None else f"{100 * p:.1f}%"


class _DefaultGroup(click.Group):
    """`dyadwatch warning UKR BLR …` runs the default `show`; `dyadwatch warning backtest …` the subcommand."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group("warning", cls=_DefaultGroup)
def warning():
    """Escalation warning for a dyad, with its reasons (`warning A B`), and its backtest (`warning backtest A B`).

    Example: dyadwatch warning UKR BLR --target E1 --horizon 90 --as-of 2022-02-20
    """


@warning.command("show")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--target", default="E1", show_default=True, help="Target id from the dyad's targets (E1, E2, E3).")
@click.option("--horizon", default=90, show_default=True, type=int, help="Horizon in days (30 or 90).")
@click.option("--as-of", "as_of", metavar="DATE", help="Forecast as of this date, using only data public then.")
@card_option
@store_option
@json_option
def show(country_a, country_b, target, horizon, as_of, card_path, store_path, as_json):
    """Probability of the target within the horizon, with every indicator's contribution and evidence."""
    from dyadwatch.warning.card import load_card
    from dyadwatch.warning.model import forecast

    dyad = _dyad(country_a, country_b)
    card = load_card(dyad, card_path) if card_path else None
    with _open(store_path) as store:
        result = forecast(store, dyad, target, horizon, as_of, card=card)
    if as_json:
        emit_json(result)
        return
    head = f"{result['dyad']} {result['target']} ({result['target_title']}), {result['horizon_days']} days " \
           f"from {result['as_of']}: "
    if result["prior_only"]:
        click.echo(head + f"prior only: no current evidence — P = {_pct(result['probability'])}, the prior")
        click.echo(f"why: {result['prior_only_reason']}")
    else:
        click.echo(head + f"P = {_pct(result['probability'])} (prior {_pct(result['prior'])})")
    click.echo(f"prior: {result['prior_derivation']['text']}")
    if result.get("note"):
        click.echo(f"note: {result['note']}")
    rows = [{**c, "evidence": ", ".join(c["evidence"]), "log_lr": round(c["log_lr"], 2),
             "weighted": round(c["weighted"], 2),
             "note": c.get("stale_reason") and f"stale: {c['stale_reason']}"
             or (f"same source as a stronger reading: × {c['dependence']}" if c["dependence"] < 1 else "")}
            for c in result["contributions"]]
    emit_table(rows, ["indicator", "group", "state", "period", "log_lr", "bits", "decay", "weighted", "evidence",
                      "note"], empty="no indicator observations public on this date: the forecast is the prior")
    for g, v in result["groups"].items():
        if v["capped"]:
            click.echo(f"group {g}: {v['raw']:+.2f} clipped to {v['total']:+.2f}")
    if result["no_data"]:
        click.echo("no data yet: " + ", ".join(result["no_data"]))
    click.echo(f"event data: {result['event_data']}")
    from dyadwatch.warning.model import describe_moves

    for line in describe_moves(result["what_would_move_it"]):
        click.echo(line)


@warning.command("backtest")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--target", default="E1", show_default=True, help="Target id (E1, E2, E3).")
@click.option("--horizon", default=90, show_default=True, type=int, help="Horizon in days (30, 90 or 180).")
@click.option("--from", "date_from", default="2021-01-01", show_default=True, metavar="DATE",
              help="First forecast date (the standard definition's).")
@click.option("--to", "date_to", default="2024-06-30", show_default=True, metavar="DATE",
              help="Last forecast date (the standard definition's).")
@click.option("--step", default="week", show_default=True, help="day, week, fortnight, month or a number of days.")
@card_option
@store_option
@json_option
def backtest(country_a, country_b, target, horizon, date_from, date_to, step, card_path, store_path, as_json):
    """Score frozen point-in-time forecasts against what happened, next to climatology and no-change.

    Example: dyadwatch warning backtest UKR BLR --from 2021-01-01 --to 2024-06-30 --step week
    """
    from dyadwatch.warning.backtest import backtest as run
    from dyadwatch.warning.card import load_card

    dyad = _dyad(country_a, country_b)
    card = load_card(dyad, card_path) if card_path else None
    with _open(store_path) as store:
        result = run(store, dyad, target, horizon, date_from, date_to, step, card=card, progress=not as_json)
    if as_json:
        emit_json(result)
        return
    click.echo(f"{result['dyad']} {result['target']}: {result['definition']['label']}; "
               f"{result['n_forecasts']} forecasts, {result['n_positive']} positive windows")
    rows = [{"model": name, "brier": v.get("brier"), "log_score": v.get("log_score"),
             "skill_vs_climatology": v.get("brier_skill_vs_climatology"),
             "skill_vs_no_change": v.get("brier_skill_vs_no_change")} for name, v in result["scores"].items()]
    emit_table(rows, ["model", "brier", "log_score", "skill_vs_climatology", "skill_vs_no_change"], title="scores")
    m = result["scores"]["model"]

    def ci(v):
        return "–" if not v else f"[{v[0]:.4g}, {v[1]:.4g}]"

    click.echo(f"95% interval: Brier {ci(m['brier_ci'])}, skill vs climatology "
               f"{ci(m['brier_skill_vs_climatology_ci'])} ({m['interval_method']})")
    emit_table(result["leave_one_episode_out"], ["left_out", "n_left_out", "n_positive", "brier",
                                                  "brier_climatology", "skill_vs_climatology"],
               title="leave one episode out")
    dec = result["decisive"]
    emit_table(dec["gains"] + dec["losses"], ["date", "probability", "climatology", "outcome", "gain"],
               title="decisive forecasts (largest gains and losses against climatology)", empty="none")
    if dec["top3_share_of_gain"] is not None:
        click.echo(f"the three largest gains carry {100 * dec['top3_share_of_gain']:.0f}% of the total Brier gain")
    emit_table(result["reliability"], ["bin", "n", "mean_forecast", "observed"], title="reliability")
    emit_table(result["lead_time"], ["onset", "lead_days_10", "lead_days_25", "lead_days_50"], title="lead time (days)",
               empty="no onsets in range: no lead time")
    emit_table(result["alarms"], ["threshold", "hits", "misses", "false_alarms", "false_alarm_rate"], title="alarms")
    emit_table(result["episodes"], ["id", "kind", "from", "to", "max_probability", "false_alarms_10",
                                    "false_alarms_25", "false_alarms_50"], title="episodes")
    rc = result["reference_class"]
    click.echo(f"reference class (other dyads, E1-like, 90d): {len(rc['episodes'])} episodes, Brier "
               f"{rc['brier']:.3f} vs climatology {rc['brier_climatology']:.3f} ({rc['note']})")
    if result.get("thin_history"):
        click.echo("thin history: " + result["thin_history"])


@warning.command("log")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--from", "date_from", required=True, metavar="DATE", help="First forecast date.")
@click.option("--to", "date_to", required=True, metavar="DATE", help="Last forecast date (dates after today are skipped).")
@click.option("--step", default="week", show_default=True, help="week, month (30 days), day, fortnight or a number of days.")
@click.option("--target", "targets", multiple=True, help="Target id (repeat for several) [default: all].")
@click.option("--horizon", default=90, show_default=True, type=int, help="Horizon in days of the grid forecasts.")
@store_option
@json_option
def log(country_a, country_b, date_from, date_to, step, targets, horizon, store_path, as_json):
    """Write the model's point-in-time forecasts into the forecast registry (kind: model); idempotent.

    The model also answers the questions other forecasters registered with an issue date in the range, so
    `dyadwatch forecasts score` can compare them. Example:
    dyadwatch warning log UKR BLR --from 2021-01-01 --to 2024-06-30 --step month
    """
    from dyadwatch.warning import registry

    with _open(store_path) as store:
        registry.load_bundled(store)
        added = registry.log_model_forecasts(store, _dyad(country_a, country_b), date_from, date_to, step,
                                             list(targets) or None, horizon)
        fixed = registry.refresh(store)
    if as_json:
        emit_json({"added": added, "resolved": fixed["resolved"], "overdue": fixed["overdue"]})
        return
    click.echo(f"{added} model forecast(s) added; {len(fixed['resolved'])} resolved by rule; "
               f"{len(fixed['overdue'])} overdue")


def _refresh(store) -> None:
    """Load the bundled entries and resolve what the store can decide (the registry keeps itself true)."""
    from dyadwatch.warning import registry

    registry.load_bundled(store)
    registry.refresh(store)


@click.group("forecasts")
def forecasts():
    """Forecast registry: forecasts by people or models, resolved and scored (Brier, log score)."""


@forecasts.command("add")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--id", "fid", required=True, help="Forecast id (lower case, digits, . _ -).")
@click.option("--target", required=True, help="Target id (E1, E2, E3).")
@click.option("--horizon", required=True, type=click.IntRange(1, 36500), help="Horizon in days (1 to 36500).")
@click.option("--probability", "-p", required=True, type=float, help="Probability in [0, 1].")
@click.option("--low", type=float, help="Low end when the forecast was a range or words.")
@click.option("--high", type=float, help="High end when the forecast was a range or words.")
@click.option("--issued", metavar="DATE", help="Issue date [default: today].")
@click.option("--author", required=True, help="Person, team or model.")
@click.option("--kind", default="person", show_default=True, help="person, model, market or crowd.")
@click.option("--source", "source_id", help="Source id the forecast comes from.")
@click.option("--note", help="Free text (e.g. how words were read as numbers).")
@store_option
@json_option
def forecasts_add(country_a, country_b, fid, target, horizon, probability, low, high, issued, author, kind,
                  source_id, note, store_path, as_json):
    """Register a forecast."""
    from dyadwatch.warning import registry

    rec = {"id": fid, "dyad": _dyad(country_a, country_b), "target": target, "horizon_days": horizon,
           "probability": probability, "low": low, "high": high, "issued_at": issued, "author": author,
           "kind": kind, "source_id": source_id, "note": note}
    with _open(store_path, bundled=False) as store:
        row = registry.add(store, rec)
    if as_json:
        emit_json(row)
    else:
        click.echo(f"registered {row['id']}: {row['target']} {_pct(row['probability'])} within "
                   f"{row['horizon_days']} days of {row['issued_at']} (resolves {row['resolves_at']})")


@forecasts.command("list")
@click.option("--dyad", metavar="A-B", help="Only this dyad.")
@click.option("--target", help="Only this target.")
@store_option
@json_option
def forecasts_list(dyad, target, store_path, as_json):
    """List registered forecasts (the bundled ones are added on first use)."""
    from dyadwatch.warning import registry

    with _open(store_path) as store:
        _refresh(store)
        rows = registry.list_forecasts(store, dyad, target)
    emit(rows, ["id", "dyad", "target", "horizon_days", "probability", "low", "high", "issued_at", "resolves_at",
                "author", "kind", "status", "resolution_note"], as_json, empty="no forecasts registered")


@forecasts.command("resolve")
@click.argument("forecast_id")
@click.option("--outcome", type=click.Choice(["yes", "no"]), help="Resolve by hand; without it the target's rule "
              "is applied to the store's events.")
@click.option("--note", help="How it was resolved.")
@store_option
@json_option
def forecasts_resolve(forecast_id, outcome, note, store_path, as_json):
    """Resolve a forecast (by hand, or by the target's resolution rule over the events)."""
    from dyadwatch.warning import registry

    with _open(store_path) as store:
        registry.load_bundled(store)
        row = registry.resolve(store, forecast_id, None if outcome is None else outcome == "yes", note)
    if as_json:
        emit_json(row)
    else:
        click.echo(f"{row['id']}: {row['status']} ({row['resolution_note'] or 'by hand'})")


@forecasts.command("score")
@click.option("--dyad", metavar="A-B", help="Only this dyad.")
@store_option
@json_option
def forecasts_score(dyad, store_path, as_json):
    """Brier and log score of the resolved forecasts."""
    from dyadwatch.warning import registry

    with _open(store_path) as store:
        _refresh(store)
        result = registry.score(store, dyad)
    if as_json:
        emit_json(result)
        return
    emit_table([r for r in result["forecasts"] if r["kind"] != "model"],
               ["id", "kind", "target", "probability", "outcome", "brier", "log_score"],
               title="resolved forecasts (people, crowds, markets)", empty="none resolved yet")
    emit_table([{"kind": k, **v} for k, v in result["by_kind"].items()], ["kind", "n", "brier", "log_score"],
               title="all resolved forecasts, by kind of forecaster")
    sh = result["shared"]
    emit_table([{"kind": k, **v} for k, v in sh["by_kind"].items()], ["kind", "n", "brier", "log_score"],
               title=f"on the {sh['n_questions']} question(s) more than one kind answered",
               empty="no shared questions yet: run `dyadwatch warning log` over the questions' dates")
    for q in sh["questions"]:
        click.echo(f"  {q['target']} {q['issued_at']} +{q['horizon_days']}d (outcome {q['outcome']}): "
                   + "; ".join(f"{e['kind']} {e['probability']:.3f} (Brier {e['brier']:.4f})" for e in q["forecasts"]))
    if result["n_resolved"]:
        click.echo(f"mean Brier {result['brier']:.4f}, mean log score {result['log_score']:.4f} "
                   f"over {result['n_resolved']} resolved")
    if result["open"]:
        click.echo(f"open: {len(result['open'])}")
    if result["overdue"]:
        click.echo("overdue (past their date, not decidable from the store; resolve by hand): "
                   + ", ".join(result["overdue"]))


@click.command("redlines")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--as-of", "as_of", metavar="DATE", help="Status as of this date [default: today].")
@click.option("--rules", "rules_path", metavar="PATH", type=click.Path(dir_okay=False),
              help="Red-line rules YAML instead of the bundled one.")
@store_option
@json_option
def redlines(country_a, country_b, as_of, rules_path, store_path, as_json):
    """Red lines between the two countries: status and the events that came close or crossed them."""
    from dyadwatch.warning.redlines import check

    with _open(store_path) as store:
        result = check(store, _dyad(country_a, country_b), as_of, rules_path)
    if as_json:
        emit_json(result)
        return
    click.echo(f"{result['dyad']} red lines as of {result['as_of']} ({result['coverage']})")
    for r in result["rules"]:
        click.echo(f"[{r['status'].upper()}] {r['title']} ({r['who']} refrains): {r['detail']}")
        for e in r["crossed"] + r["close"]:
            click.echo(f"    {e['match']:7s} {e['date']} {e['summary']} [{', '.join(e['source_ids'])}]")
