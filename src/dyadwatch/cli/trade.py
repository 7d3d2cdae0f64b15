"""`dyadwatch trade …` (summary, series, composition, dependence), `dyadwatch ingest comtrade|table` and
`dyadwatch fetch comtrade`. Thin: parse options, call one library function, print."""
from __future__ import annotations

import click

from dyadwatch.cli.core import _open, json_option, store_option
from dyadwatch.cli.output import emit, emit_json

SUMMARY_COLS = ["period", "reporter", "exports_usd", "imports_usd", "turnover_usd", "balance_usd", "change_pct",
                "mirror_gap_pct", "source_ids"]
def _factor(ctx, param, value):
    import math

    if value is not None and not (math.isfinite(value) and 0.5 <= value <= 2.0):
        raise click.BadParameter(f"{value!r} is not a CIF/FOB factor between 0.5 and 2 (usually 1.0–1.2)")
    return value


cif_option = click.option("--cif-fob", "cif_fob", type=float, default=None, metavar="FACTOR", callback=_factor,
                          help="CIF/FOB factor for mirror gaps [default: 1.05, i.e. CIF ≈ FOB × 1.05].")


def _warn(lines) -> None:
    for line in lines or ():
        click.echo(f"warning: {line}", err=True)


@click.group("trade")
def trade():
    """Trade of two countries from BOTH countries' records, side by side.

    Exports and imports are always those of the FIRST country named; `reporter` says whose statistics a
    row rests on (the mirror row uses the partner's records of the same flows).
    """


@trade.command("summary")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--period", required=True, metavar="P", help="2022, 2022-02, 2023-01/2023-07, 2022-H1 …")
@click.option("--compare", metavar="P", help="Compare with this period (change_pct), e.g. 2021.")
@click.option("--side", "side", default="both", show_default=True, metavar="both|A|B",
              help="Whose records: both, or one country's code (e.g. ukr, blr).")
@cif_option
@store_option
@json_option
def summary(country_a, country_b, period, compare, side, cif_fob, store_path, as_json):
    """Exports, imports, turnover, balance and change of COUNTRY_A with COUNTRY_B, per reporter.

    Example: dyadwatch trade summary UKR BLR --period 2022 --compare 2021
    """
    from dyadwatch.realms.economic import CIF_FOB_FACTOR, summary as run

    with _open(store_path) as store:
        result = run(store, country_a, country_b, period, compare, side, cif_fob or CIF_FOB_FACTOR)
    if as_json:
        emit_json(result)
        return
    emit(result["rows"], SUMMARY_COLS, False,
         title=f"{result['first']} trade with {result['second']}, {result['period']}"
               + (f" against {result['compare']}" if result["compare"] else "")
               + f" (CIF/FOB factor {result['cif_fob_factor']:g})")
    for row in result["rows"]:  # figures computed rather than published are marked, never silent
        for what in row.get("derived") or []:
            click.echo(f"note: {row['reporter']}'s records {row['period']}: derived, not published: {what}")
    for note in result["notes"]:
        click.echo(f"note: {note}")


@trade.command("series")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--freq", type=click.Choice(["A", "M"], case_sensitive=False), default="A", show_default=True,
              help="A: annual, M: monthly.")
@click.option("--from", "start", metavar="P", help="First period (2015 or 2021-01).")
@click.option("--to", "end", metavar="P", help="Last period, inclusive.")
@click.option("--compiled/--no-compiled", default=True, show_default=True,
              help="Also list compiled datasets (COW trade, 1992-2014) as their own rows (annual only).")
@cif_option
@store_option
@json_option
def series(country_a, country_b, freq, start, end, compiled, cif_fob, store_path, as_json):
    """Annual or monthly series from each country's records (change_pct against a year before).

    Rows of a compiled dataset (reporter COW) come after the countries' rows and are never merged with them.

    Example: dyadwatch trade series UKR BLR --freq M --from 2021-01 --to 2023-12
    """
    from dyadwatch.realms.economic import CIF_FOB_FACTOR, series as run

    with _open(store_path) as store:
        rows = run(store, country_a, country_b, freq, start, end, cif_fob or CIF_FOB_FACTOR, compiled=compiled)
    emit(rows, SUMMARY_COLS, as_json, empty="no trade figures for these countries and periods "
                                            "(load data with `dyadwatch assess` or `dyadwatch fetch comtrade`)")


@trade.command("composition")
@click.argument("reporter")
@click.argument("partner")
@click.option("--flow", type=click.Choice(["X", "M"], case_sensitive=False), default="X", show_default=True,
              help="X: REPORTER's exports, M: its imports.")
@click.option("--period", required=True, metavar="P", help="A year (2022) or a month (2022-02).")
@store_option
@json_option
def composition(reporter, partner, flow, period, store_path, as_json):
    """REPORTER's trade with PARTNER by HS chapter, with the Herfindahl concentration index."""
    from dyadwatch.realms.economic import composition as run

    with _open(store_path) as store:
        result = run(store, reporter, partner, flow, period)
    if as_json:
        emit_json(result)
        return
    emit(result["chapters"], ["chapter", "value_usd", "share_pct"], False,
         title=f"{result['reporter']} {'exports to' if result['flow'] == 'X' else 'imports from'} "
               f"{result['partner']}, {result['period']}: Herfindahl {result['herfindahl']}",
         empty="no HS-level figures (fetch with --hs, e.g. --hs TOTAL,27,31,2716)")


@trade.command("dependence")
@click.argument("country_a")
@click.argument("country_b")
@click.option("--period", required=True, metavar="P", help="A year (2022) or a month (2022-02).")
@store_option
@json_option
def dependence(country_a, country_b, period, store_path, as_json):
    """Each country's share of the other in its total trade (needs world totals) and the asymmetry."""
    from dyadwatch.realms.economic import dependence as run

    with _open(store_path) as store:
        result = run(store, country_a, country_b, period)
    if as_json:
        emit_json(result)
        return
    emit(result["shares"], ["reporter", "partner", "exports_share_pct", "imports_share_pct", "trade_share_pct"], False)
    from dyadwatch.cli.output import literal, number

    click.echo(f"asymmetry: {number(result['asymmetry_pp'], 'pp')} ({literal(result['reading'] or '—')})")


@click.command("comtrade")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the files.")
@store_option
@json_option
def ingest_comtrade(files, encoding, store_path, as_json):
    """Ingest Comtrade CSV FILES (v1 camelCase or legacy layout). Known files are skipped.

    Example: dyadwatch ingest comtrade TradeData.csv
    """
    from dyadwatch.sources.comtrade import ingest_files

    with _open(store_path) as store:
        results = ingest_files(store, files, encoding=encoding)
    _print_files(results, as_json)


@click.command("table")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--mapping", "mapping", required=True, type=click.Path(dir_okay=False),
              help="YAML column mapping (see docs/trade.md).")
@store_option
@json_option
def ingest_table(file, mapping, store_path, as_json):
    """Ingest a national statistics table (Ukrstat, Belstat …) through a YAML column mapping."""
    from dyadwatch.sources.tables import ingest_table as run

    with _open(store_path) as store:
        result = run(store, file, mapping)
    _print_files([result], as_json)


def _print_files(results, as_json) -> None:
    if as_json:
        emit_json([r.as_dict() for r in results])
        return
    for r in results:
        _warn(r.warnings)
        click.echo(f"{r.path}: {r.status}" + (f" ({r.layout}: {r.rows_kept} kept, {r.rows_quarantined} quarantined, "
                                                f"{r.rows_skipped} skipped, {r.rows_duplicate} duplicate; source "
                                                f"{r.source_id})" if r.status == "loaded" else ""))


@click.command("comtrade")
@click.option("--reporter", required=True, metavar="ISO3", help="First country, e.g. UKR.")
@click.option("--partner", required=True, metavar="ISO3", help="Second country, e.g. BLR.")
@click.option("--years", required=True, metavar="Y0-Y1", help="e.g. 2015-2024 or 2021,2022.")
@click.option("--freq", type=click.Choice(["A", "M"], case_sensitive=False), default="A", show_default=True,
              help="A: annual, M: monthly.")
@click.option("--hs", default="TOTAL", show_default=True, metavar="CODES", help="e.g. TOTAL,27,31,2716.")
@click.option("--world/--no-world", default=True, show_default=True, help="Also fetch each reporter's world totals.")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds per request.")
@click.option("--retries", type=int, default=4, show_default=True, help="Retries on 429/5xx/timeouts.")
@store_option
@json_option
def fetch_comtrade(reporter, partner, years, freq, hs, world, timeout, retries, store_path, as_json):
    """Fetch both countries' records of their trade from the UN Comtrade+ API v1.

    Uses the public preview endpoint (≤ 500 records per call) unless COMTRADE_API_KEY is set. Base URL from
    DYADWATCH_COMTRADE_URL. Raw answers are cached under DYADWATCH_CACHE; a fetch is stored whole or not at
    all; fetching again changes nothing unless the data changed (then it is a new vintage; both are kept).

    Example: dyadwatch fetch comtrade --reporter UKR --partner BLR --years 2015-2024 --hs TOTAL,27,31,2716
    """
    import sys

    from dyadwatch.sources.comtrade import fetch

    with _open(store_path) as store:
        result = fetch(store, reporter, partner, years, freq=freq, hs=hs, world=world, timeout=timeout,
                       retries=retries, progress=sys.stderr.isatty())
    if as_json:
        emit_json(result.as_dict())
        return
    _warn(result.warnings)
    click.echo(f"comtrade ({result.endpoint}): {result.status}, {result.requests} requests, {result.records} records, "
               f"{result.rows_kept} kept" + (f", source {result.source_id}" if result.source_id else ""))
