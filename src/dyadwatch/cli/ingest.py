"""`dyadwatch ingest …` and `dyadwatch fetch …`: one subcommand per data source, each defined in its own
module and imported only when it runs. Add a source with one line in INGEST or FETCH."""
from __future__ import annotations

import importlib

import click

# subcommand -> ("module:attribute", one-line help)
INGEST: dict[str, tuple[str, str]] = {
    "comtrade": ("dyadwatch.cli.trade:ingest_comtrade", "Comtrade bulk/final-data CSV (v1 or legacy layout)."),
    "table": ("dyadwatch.cli.trade:ingest_table", "A national statistics table through a YAML column mapping."),
    "gdelt": ("dyadwatch.cli.events:ingest_gdelt", "GDELT 1.0/2.0 event exports (.CSV, .CSV.zip, folders, URLs)."),
    "polecat": ("dyadwatch.cli.event_sources:ingest_polecat", "POLECAT weekly tab-separated files."),
    "plover": ("dyadwatch.cli.event_sources:ingest_plover", "PLOVER JSON lines."),
    "acled": ("dyadwatch.cli.event_sources:ingest_acled", "ACLED CSV exports (31 or 35 columns)."),
    "sanctions": ("dyadwatch.cli.sanctions:ingest_sanctions", "FollowTheMoney entities or OpenSanctions CSV."),
}
FETCH: dict[str, tuple[str, str]] = {
    "comtrade": ("dyadwatch.cli.trade:fetch_comtrade", "UN Comtrade+ API v1, both reporters and directions."),
    "gdelt": ("dyadwatch.cli.event_sources:fetch_gdelt", "GDELT files for a date range via masterfilelist.txt."),
    "sanctions": ("dyadwatch.cli.sanctions:fetch_sanctions", "An OpenSanctions dataset export."),
}


class _Registry(click.Group):
    registry: dict[str, tuple[str, str]] = {}

    def list_commands(self, ctx):
        return sorted(self.registry)

    def get_command(self, ctx, name):
        if name not in self.registry:
            return None
        module, attr = self.registry[name][0].split(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx, formatter):
        with formatter.section("Sources"):
            formatter.write_dl([(n, self.registry[n][1]) for n in sorted(self.registry)])


class _Ingest(_Registry):
    registry = INGEST


class _Fetch(_Registry):
    registry = FETCH


@click.group("ingest", cls=_Ingest)
def ingest():
    """Ingest data files into the store (idempotent; bad rows are quarantined and counted)."""


@click.group("fetch", cls=_Fetch)
def fetch():
    """Fetch data from remote services into the local cache and the store."""
