"""``dyadwatch check``: find every numeric claim in a brief and test it against itself and the data."""
from __future__ import annotations

import click


def _observations_from_store(path: str | None) -> list[dict] | None:
    """Observations from the store when ``dyadwatch.store`` exists; None (all unverifiable) otherwise."""
    try:
        from dyadwatch.store import open_store  # type: ignore[attr-defined]
    except ImportError:
        click.echo("note: the store is not available in this installation; data checks are unverifiable",
                   err=True)
        return None
    import os

    from dyadwatch.errors import InputError
    if path and not os.path.exists(path):
        raise InputError(f"no store at {path}", hint="build one with `dyadwatch assess` or `dyadwatch load`")
    store = open_store(path)
    try:
        return store.query(
            "SELECT o.indicator, o.reporter, o.partner, o.flow, o.product, o.period, o.value, o.unit, o.basis, "
            "o.source_id, coalesce(o.vintage, s.vintage) AS vintage, s.title AS source_title, "
            "s.date AS source_date FROM observations o LEFT JOIN sources s ON s.id = o.source_id")
    finally:
        store.close()


def _observations_from_file(path: str) -> list[dict]:
    import json

    from dyadwatch.errors import FormatError, InputError
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise InputError(f"no such observations file: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise FormatError(f"not valid JSON: {e}", file=path) from None
    if not isinstance(data, list) or not all(isinstance(o, dict) for o in data):
        raise FormatError("expected a JSON array of observation objects", file=path,
                          hint="keys: indicator, reporter, partner, flow, product, period, value, unit, basis, "
                               "source_id, vintage")
    return data


@click.command("check")
@click.argument("path", type=str)
@click.option("--date", "date", metavar="YYYY-MM-DD", help="Document date (default: read from the text).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (claims and findings).")
@click.option("--html", "html_out", metavar="OUT", type=click.Path(dir_okay=False, writable=True),
              help="Write the document with claims highlighted and findings beside them.")
@click.option("--observations", "obs_file", metavar="FILE", help="JSON array of observations to check against.")
@click.option("--store", "store_path", metavar="PATH",
              help="Check against the observations in this store (built by `dyadwatch assess` or `load`); "
                   "observations taken from the checked document itself are set aside.")
def command(path, date, as_json, html_out, obs_file, store_path):
    """Check the numbers in a brief (PATH: .txt, .md, .html, .pdf, or - for stdin).

    Extracts every numeric claim, checks the arithmetic between them (sums, balances, changes, with
    rounding intervals), flags tensions from mixed statistics, stale "most recent data", unclear scope and
    verbal forecasts, and compares claims with observations. Exit status: 0 no inconsistent/contradicted
    finding, 1 at least one, 2 usage or input error.
    """
    from dyadwatch.errors import DyadwatchError

    try:
        from dyadwatch.check import check_path
        from dyadwatch.check.report import print_table, to_html, to_json
        from dyadwatch.check.source import parse_date

        d = parse_date(date) if date else None
        observations = None
        if obs_file:
            observations = _observations_from_file(obs_file)
        elif store_path:
            observations = _observations_from_store(store_path)
        report = check_path(path, date=d, observations=observations)
    except DyadwatchError as e:
        click.echo(f"error: {e}", err=True)
        raise click.exceptions.Exit(getattr(e, "exit_code", 2) if getattr(e, "exit_code", 2) != 1 else 2) from None
    if html_out:
        with open(html_out, "w", encoding="utf-8") as fh:
            fh.write(to_html(report))
    if as_json:
        click.echo(to_json(report))
    else:
        print_table(report)
    raise click.exceptions.Exit(report.exit_code)      # cli.main returns it; 1 = inconsistent/contradicted


if __name__ == "__main__":
    command()
