"""Monitor commands: update, status, alerts, watch (see docs/monitor.md)."""
from __future__ import annotations

import click

from dyadwatch.cli.core import json_option, store_option

NOTIFY_HELP = "Send new alerts: a webhook URL (POST, JSON array) or file:PATH.atom (an Atom feed). Repeatable."


def _say(res) -> None:
    click.echo("  " + res.line(), err=False)


def _update_once(a, b, store_path, date_from, sources, notify, offline, as_json, quiet=False) -> int:
    from dyadwatch.monitor.update import run_update
    from dyadwatch.store import open_store

    with open_store(store_path) as st:
        if not as_json and not quiet:
            click.echo(f"dyadwatch update {a} {b}")
        result = run_update(st, a, b, date_from=date_from, sources=sources, notify=list(notify),
                            offline=offline, progress=None if as_json else _say)
    if as_json:
        from dyadwatch.cli.output import emit_json
        emit_json(result.as_dict())
        return result.exit_code
    for al in result.alerts:
        click.echo(f"  alert [{al['severity']}] {al['kind']}: {al['title']}")
    for n in result.notifications:
        click.echo(f"  notify {n['target']}: {n['status']}" + (f" ({n['alerts']} alert(s), {n['resent']} re-sent)"
                                                              if n["alerts"] else "")
                   + (f": {n['error']} (will be re-sent with the next update)" if n["error"] else ""))
    if result.failed:
        click.echo(f"failed sources: {', '.join(result.failed)} (the others are committed)", err=True)
    return result.exit_code


def _check_inputs(a, b, notify, sources, date_from):
    from dyadwatch.countries import Dyad
    from dyadwatch.monitor.notify import check_target
    from dyadwatch.monitor.update import _date, parse_sources

    Dyad(a, b)
    for t in notify:
        check_target(t)
    parse_sources(sources)
    _date(date_from, "--from")


@click.command("update")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--from", "date_from", metavar="DATE", help="Fetch from this date (first run default: per source, "
              "GDELT 90 days, Comtrade 10 years annual + 36 months monthly).")
@click.option("--sources", metavar="LIST", help="Comma-separated sources [default: gdelt,comtrade,sanctions].")
@click.option("--notify", multiple=True, metavar="URL", help=NOTIFY_HELP)
@click.option("--offline", is_flag=True, help="Fetch nothing; recompute from what is stored.")
@store_option
@json_option
def update(country_a, country_b, date_from, sources, notify, offline, store_path, as_json):
    """Fetch what is new for the pair from each source, ingest it, recompute and record the run.

    A failing source does not stop the others; its cursor does not move. Exit 0 when every source succeeded,
    4 naming the failed sources, 2 for bad input. Safe to interrupt: the next update resumes."""
    _check_inputs(country_a, country_b, notify, sources, date_from)
    return _update_once(country_a, country_b, store_path, date_from, sources, notify, offline, as_json)


@click.command("status")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--as-of", metavar="DATE", help="Judge staleness as of this date [default: today].")
@store_option
@json_option
def status(country_a, country_b, as_of, store_path, as_json):
    """How current each source is for the pair: coverage, rows, staleness (with its rule), last update, error."""
    from dyadwatch.cli.output import emit
    from dyadwatch.currency import source_status
    from dyadwatch.store import open_store

    with open_store(store_path) as st:
        rows = source_status(st, country_a, country_b, as_of=as_of)
    for r in rows:
        r["reporter"] = r.get("reporter") or ""
        r["state"] = "no data" if r["missing"] else ("STALE" if r["stale"] else "current")
    emit(rows, ["source", "reporter", "covers_from", "covers_to", "rows", "state", "last_success", "next_expected",
                "error"], as_json, title=f"data currency {country_a}-{country_b}")
    return 0


@click.command("alerts")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--since", metavar="DATE", help="Alerts raised on or after this date (YYYY-MM-DD).")
@click.option("--last", type=click.IntRange(min=1), metavar="N", help="The last N alerts.")
@store_option
@json_option
def alerts(country_a, country_b, since, last, store_path, as_json):
    """Alerts raised by updates: new events, spikes, warning changes, red lines, designations, trade periods,
    failed or stale sources."""
    from dyadwatch.cli.output import emit
    from dyadwatch.countries import Dyad
    from dyadwatch.errors import InputError
    from dyadwatch.monitor.state import list_alerts
    from dyadwatch.monitor.update import _date
    from dyadwatch.store import open_store

    if since and last:
        raise InputError("give --since or --last, not both")
    d = Dyad(country_a, country_b)
    day = _date(since, "--since")
    with open_store(store_path) as st:
        rows = list_alerts(st, d, since=day, last=last)
    emit(rows, ["at", "kind", "severity", "title"], as_json, title=f"alerts {d.label}")
    return 0


@click.command("watch")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--every", default="1h", show_default=True, metavar="DURATION", help="Interval: 15m, 1h, 1d …")
@click.option("--sources", metavar="LIST", help="Comma-separated sources [default: all].")
@click.option("--notify", multiple=True, metavar="URL", help=NOTIFY_HELP)
@click.option("--max-runs", type=click.IntRange(min=1), metavar="N", help="Stop after N runs.")
@store_option
@json_option
def watch(country_a, country_b, every, sources, notify, max_runs, store_path, as_json):
    """Run `update` in a loop; backs off after failures; stops cleanly on Ctrl-C or SIGTERM.

    The store is opened for each run and closed between runs, so readers work while it waits."""
    from dyadwatch.monitor.watch import parse_every, watch as loop

    seconds = parse_every(every)
    _check_inputs(country_a, country_b, notify, sources, None)
    return loop(lambda: _update_once(country_a, country_b, store_path, None, sources, notify, False, as_json),
                seconds, max_runs=max_runs, say=lambda m: click.echo(m, err=True))
