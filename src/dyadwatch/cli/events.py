"""`dyadwatch ingest gdelt …` and the event-data commands of `dyadwatch events` (series, top).

`events` is the group defined in :mod:`dyadwatch.cli.core` (where `events list` lives); this module adds
its event-data subcommands, and ``COMMANDS['events']`` points here so they are registered whenever the
group is used. No heavy import at module level: the library is imported inside each command.
"""
from __future__ import annotations

import click

from dyadwatch.cli.core import events, json_option, store_option
from dyadwatch.cli.output import emit, emit_json

__all__ = ["events", "ingest_gdelt"]

SERIES_COLUMNS = ["period", "realm", "direction", "n_events", "verbal_coop", "material_coop", "verbal_conflict",
                  "material_conflict", "goldstein_mean", "ccb", "rate_per_10k"]
TOP_COLUMNS = ["date", "direction", "event_code", "realm", "actor1", "actor2", "location", "mentions", "rows",
               "goldstein"]

engine_option = click.option("--engine", type=click.Choice(["duckdb", "spark"]), default=None,
                             help="Compute engine [env DYADWATCH_ENGINE; default duckdb]. Spark's master comes "
                                  "from SPARK_MASTER (default local[2]).")
dedup_option = click.option("--dedup", type=click.Choice(["one-a-day", "url", "url-date-loc", "none"]),
                            default="one-a-day", show_default=True,
                            help="Deduplication: one row per (date, actors, event code), per URL, per URL+date+"
                                 "location, or none.")


def _open(store_path):
    from dyadwatch.store import open_store
    return open_store(store_path)


@click.command("gdelt")
@click.argument("sources", nargs=-1, required=True, metavar="PATH|URL...")
@click.option("--dyad", metavar="A-B", help="Keep only rows touching this dyad, e.g. UKR-BLR (both actors, "
                                            "one actor located in the other country, or third parties located in "
                                            "either).")
@click.option("--from", "date_from", metavar="DATE", help="Keep events on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", help="Keep events on or before this date (YYYY-MM-DD).")
@click.option("--max-lag", "max_lag", type=click.IntRange(0), metavar="DAYS",
              help="Drop rows published (DATEADDED) more than DAYS after their event date (SQLDATE): "
                   "retrospective mentions of old events.")
@click.option("--volume", is_flag=True, help="The files are GDELT volume totals (normfiles/daily_country.csv).")
@click.option("--no-progress", is_flag=True, help="Do not show a progress bar.")
@store_option
@json_option
def ingest_gdelt(sources, dyad, date_from, date_to, max_lag, volume, no_progress, store_path, as_json):
    """Ingest GDELT event exports: 1.0 (57/58 columns), 2.0 and 2.0 translation (61 columns).

    PATH may be a .CSV or .CSV.zip file or a folder of them; URLs are downloaded into the cache first.
    Each file loads in one transaction and is known by its content hash, so ingesting it again adds
    nothing; bad rows are quarantined with their line and reason. A file that cannot be read fails alone
    and the command exits with 4.

    Example: dyadwatch ingest gdelt ~/gdelt/2022/ --dyad UKR-BLR
    """
    from dyadwatch.sources import gdelt

    progress = not no_progress and not as_json
    with _open(store_path) as store:
        if volume:
            summary = gdelt.ingest_volume(store, sources, progress=progress)
        else:
            summary = gdelt.ingest(store, sources, dyad=dyad, date_from=_iso(date_from, "--from"),
                                   date_to=_iso(date_to, "--to"), max_lag_days=max_lag, progress=progress)
    if as_json:
        emit_json(summary.as_dict())
    else:
        for f in summary.files:
            if f.status == "failed":
                click.echo(f"failed: {f.message}", err=True)
        click.echo(summary.line())
    return 4 if summary.failed else 0


def _iso(text, option):
    if text is None:
        return None
    import datetime as dt

    from dyadwatch.errors import InputError
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise InputError(f"{option} {text!r} is not a date", hint="use YYYY-MM-DD") from None


@events.command("series")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--freq", type=click.Choice(["day", "week", "month"]), default="month", show_default=True,
              help="Period length.")
@click.option("--realm", type=click.Choice(["political", "security", "civil_society", "economic", "all"]),
              help="Only this realm; 'all' = every realm together [default: each realm, and all].")
@dedup_option
@click.option("--direction", metavar="DIR", help="Only this direction: A->B, B->A, undirected, in-A or in-B.")
@click.option("--from", "date_from", metavar="DATE", help="First date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", help="Last date, inclusive.")
@click.option("--as-of", "as_of", metavar="DATE", help="Only events published (GDELT DATEADDED) by this date.")
@engine_option
@store_option
@json_option
def events_series(country_a, country_b, freq, realm, dedup, direction, date_from, date_to, as_of, engine,
                  store_path, as_json):
    """Event-data indicators per period, realm and direction for COUNTRY_A and COUNTRY_B.

    Quad counts, Goldstein sum and mean, cooperation–conflict balance (N1+N2−N3−N4)/N, material-conflict
    share, rate per 10,000 events reported in the two countries (when volume files are loaded), asymmetry
    between directions, relationship memory and change points.

    Example: dyadwatch events series UKR BLR --freq month --realm security --json
    """
    from dyadwatch.realms.events import series

    if direction:  # checked before any work: a misspelt direction is an error, not "no event data"
        from dyadwatch.countries import lookup
        from dyadwatch.errors import InputError

        a, b = lookup(country_a).iso3, lookup(country_b).iso3
        named = {"A->B": f"{a}->{b}", "B->A": f"{b}->{a}", "in-A": f"in-{a}", "in-B": f"in-{b}"}
        direction = named.get(direction, direction)
        valid = [f"{a}->{b}", f"{b}->{a}", "undirected", f"in-{a}", f"in-{b}"]
        if direction not in valid:
            raise InputError(f"--direction {direction!r} is not one of {', '.join(valid)}",
                             hint="A->B, B->A, in-A and in-B name them by position")
    with _open(store_path) as store:
        rows = series(store, country_a, country_b, freq=freq, realm=realm, dedup=dedup, engine=engine,
                      date_from=date_from, date_to=date_to, as_of=as_of)
    if direction:
        rows = [r for r in rows if r["direction"] == direction]
    emit(rows, SERIES_COLUMNS, as_json,
         empty="no event data for this dyad in the store (run `dyadwatch ingest gdelt …`)")


@events.command("top")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--period", required=True, metavar="PERIOD", help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("-n", "--limit", "n", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many events.")
@click.option("--realm", type=click.Choice(["political", "security", "civil_society", "economic"]),
              help="Only this realm.")
@click.option("--dedup", type=click.Choice(["one-a-day", "url", "url-date-loc", "none"]), default="none",
              show_default=True, help="Deduplicate first (by default every report of an event is counted).")
@engine_option
@store_option
@json_option
def events_top(country_a, country_b, period, n, realm, dedup, engine, store_path, as_json):
    """The most-reported events of a period between COUNTRY_A and COUNTRY_B, with their sources.

    Rows describing the same event (date, actors' countries, location, CAMEO code) are grouped and ranked
    by mentions; each lists up to five source URLs.

    Example: dyadwatch events top UKR BLR --period 2022-02
    """
    from dyadwatch.realms.events import top

    with _open(store_path) as store:
        rows = top(store, country_a, country_b, period=period, n=n, dedup=dedup, engine=engine, realm=realm)
    if as_json:
        emit_json(rows)
        return
    emit(rows, TOP_COLUMNS, False, empty="no events for this dyad and period in the store")
    for r in rows:
        for url in r["sources"]:
            click.echo(f"  {r['date']} {r['event_code']}: {url}")
