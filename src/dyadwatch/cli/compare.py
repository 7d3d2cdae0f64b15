"""`dyadwatch compare DYAD DYAD…`: key indicators of dyads side by side. Thin: parse, call, print."""
from __future__ import annotations

import click

from dyadwatch.cli.core import _open, json_option, store_option
from dyadwatch.cli.output import emit, emit_json


@click.command("compare")
@click.argument("dyads", nargs=-1, required=True, metavar="DYAD DYAD…")
@click.option("--as-of", "as_of", metavar="DATE", help="Count events and designations up to this date (YYYY-MM-DD).")
@click.option("--load/--no-load", "load", default=True, show_default=True,
              help="Load the bundled dataset of each dyad first (as assess does).")
@store_option
@json_option
def compare(dyads, as_of, load, store_path, as_json):
    """Key indicators of two or more dyads side by side: latest trade turnover by each country's records and
    its change, stated dependence shares, events by realm, sanctions designations (where loaded), and the
    numbers of claims, events and sources.

    Example: dyadwatch compare UKR-BLR BLR-RUS
    """
    from dyadwatch.compare import compare as run, table_rows

    if as_of:
        from dyadwatch.assess import _parse_as_of
        as_of = _parse_as_of(as_of)
    with _open(store_path) as store:
        result = run(store, list(dyads), load_bundled=load, as_of=as_of)
    if as_json:
        emit_json(result)
        return
    emit(table_rows(result), ["indicator"] + [d["dyad"] for d in result["dyads"]], False,
         title="Dyads side by side (trade: each country's own records; change on its previous year)")
