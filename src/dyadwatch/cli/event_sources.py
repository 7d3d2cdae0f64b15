"""`dyadwatch ingest polecat|plover|acled` and `dyadwatch fetch gdelt`: thin wrappers over
dyadwatch.sources.{polecat,plover,acled,gdelt_fetch}."""
from __future__ import annotations

import click

from dyadwatch.cli.core import _open, json_option, store_option
from dyadwatch.cli.output import emit_json

dyad_option = click.option("--dyad", metavar="A-B",
                           help="Keep only events touching this pair, e.g. UKR-BLR: both actors, one actor with "
                                "the action in the other country, or a third party acting in either.")
progress_option = click.option("--progress/--no-progress", default=False,
                               help="Show a progress bar (several files).")
files_argument = click.argument("files", nargs=-1, required=True, type=click.Path())


def _report(summary, as_json: bool) -> None:
    if as_json:
        emit_json(summary.as_dict())
        return
    for f in summary.files:
        if f.status == "failed":
            click.echo(f"failed: {f.message}", err=True)
    click.echo(summary.line())


def _exit_if_failed(summary) -> None:
    """A run where a file failed exits 4 (as `ingest gdelt` does), so scripts notice."""
    if any(f.status == "failed" for f in summary.files):
        raise click.exceptions.Exit(4)


def _ingest(module: str, files, dyad, store_path, progress, as_json) -> None:
    import importlib

    mod = importlib.import_module(f"dyadwatch.sources.{module}")
    store = _open(store_path)
    try:
        summary = mod.ingest(store, list(files), dyad=dyad, progress=progress)
    finally:
        store.close()
    _report(summary, as_json)
    _exit_if_failed(summary)


@click.command("polecat")
@files_argument
@dyad_option
@progress_option
@store_option
@json_option
def ingest_polecat(files, dyad, progress, store_path, as_json):
    """Ingest POLECAT weekly tab-separated FILES (40 columns with a header row) or folders of them.

    Columns are found by header name; PLOVER categories give the quad class and CAMEO root, sectors and
    contexts the realm. Bad rows are quarantined with their line and reason; a file already ingested
    (same content) is skipped.

    Example: dyadwatch ingest polecat ngec_coded_2022_09.txt --dyad UKR-BLR
    """
    _ingest("polecat", files, dyad, store_path, progress, as_json)


@click.command("plover")
@files_argument
@dyad_option
@progress_option
@store_option
@json_option
def ingest_plover(files, dyad, progress, store_path, as_json):
    """Ingest PLOVER event records: JSON lines (one record a line) or a JSON array.

    Records need id, date, event (a PLOVER category) and actors; recipients, mode, context and location are
    optional. Bad records are quarantined with their line and reason.

    Example: dyadwatch ingest plover events.jsonl --dyad UKR-BLR
    """
    _ingest("plover", files, dyad, store_path, progress, as_json)


@click.command("acled")
@files_argument
@dyad_option
@progress_option
@store_option
@json_option
def ingest_acled(files, dyad, progress, store_path, as_json):
    """Ingest ACLED CSV exports (31 or 35 columns, header row).

    The location country is ACLED's `country`; an actor's country is read from its name when it names one.
    Bad rows are quarantined with their record number and reason.

    Example: dyadwatch ingest acled acled_export.csv --dyad UKR-BLR
    """
    _ingest("acled", files, dyad, store_path, progress, as_json)


@click.command("gdelt")
@click.option("--from", "date_from", required=True, metavar="DATE", help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", required=True, metavar="DATE", help="Last day (YYYY-MM-DD).")
@click.option("--version", "version", type=click.Choice(["1", "2"]), default="2", show_default=True,
              help="GDELT 1.0 daily files or 2.0 15-minute files.")
@dyad_option
@click.option("--workers", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Parallel downloads.")
@click.option("--volume/--no-volume", default=True, show_default=True,
              help="Also fetch normfiles/daily_country.csv (news volume, for normalised rates).")
@progress_option
@store_option
@json_option
def fetch_gdelt(date_from, date_to, version, dyad, workers, volume, progress, store_path, as_json):
    """Download GDELT event files for a date range (masterfilelist.txt) and ingest them.

    Downloads run in parallel into the cache (DYADWATCH_CACHE), are checked against the published size and
    MD5, and resume after an interruption; files GDELT never published are reported, not fatal. Base URL:
    DYADWATCH_GDELT_URL.

    Example: dyadwatch fetch gdelt --from 2022-01-01 --to 2022-03-31 --dyad UKR-BLR
    """
    from dyadwatch.sources.gdelt_fetch import fetch

    store = _open(store_path)
    try:
        s = fetch(store, date_from, date_to, version=int(version), dyad=dyad, volume=volume, workers=workers,
                  progress=progress)
    finally:
        store.close()
    if as_json:
        emit_json(s.as_dict())
        return
    for name, reason in s.failed:
        click.echo(f"failed: {name}: {reason}", err=True)
    if s.not_published:
        shown = ", ".join(s.not_published[:5]) + (" …" if len(s.not_published) > 5 else "")
        click.echo(f"not published by GDELT ({len(s.not_published)}): {shown}", err=True)
    click.echo(s.line())
    if s.ingest is not None:
        for f in s.ingest.files:
            if f.status == "failed":
                click.echo(f"failed: {f.message}", err=True)
        click.echo(s.ingest.line())
    if s.volume is not None:
        click.echo(s.volume.line())
