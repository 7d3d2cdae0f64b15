"""The dyadwatch command line: a thin shell over the library.

Each command group lives in its own module and is imported only when it runs, so ``dyadwatch --help``
stays fast and imports no DuckDB, Ibis, pandas or Spark. Domain errors become one-line messages and exit
codes: 2 input/usage, 3 store, 4 source, 5 model; 1 means a check found problems.
"""
from __future__ import annotations

import importlib

import click

from dyadwatch import __version__
from dyadwatch.errors import DyadwatchError

# command name -> "module:attribute" (a click.Command or click.Group), imported lazily
COMMANDS: dict[str, tuple[str, str]] = {
    "assess": ("dyadwatch.cli.core:assess", "Build the store from bundled data and write the assessment report."),
    "load": ("dyadwatch.cli.core:load", "Load curated YAML files (sources, claims, observations, events, …)."),
    "claims": ("dyadwatch.cli.core:claims", "List claims in the store."),
    "sources": ("dyadwatch.cli.core:sources", "List sources in the store."),
    "events": ("dyadwatch.cli.events:events", "Events: curated list, event-data series and most-reported events."),
    "countries": ("dyadwatch.cli.core:countries", "Look up countries in the code crosswalk."),
    "store": ("dyadwatch.cli.core:store", "Inspect the store: path, schema versions, table counts."),
    "ingest": ("dyadwatch.cli.ingest:ingest", "Ingest data files (comtrade, table, gdelt, polecat, plover, acled, sanctions)."),
    "fetch": ("dyadwatch.cli.ingest:fetch", "Fetch data from remote services (comtrade, gdelt, sanctions)."),
    "trade": ("dyadwatch.cli.trade:trade", "Trade indicators from both countries' records (summary, series)."),
    "check": ("dyadwatch.cli.check:command", "Check the numeric claims of a brief against each other and the data."),
    "warning": ("dyadwatch.cli.warning:warning", "Escalation warning with its reasons, and its backtest."),
    "forecasts": ("dyadwatch.cli.warning:forecasts", "Forecast registry: add, list, resolve, score."),
    "redlines": ("dyadwatch.cli.warning:redlines", "Red lines between the two countries and their status."),
    "sanctions": ("dyadwatch.cli.sanctions:sanctions", "Sanctions designations, alignment index, calibration model."),
    "recommendations": ("dyadwatch.cli.sanctions:recommendations", "Track policy recommendations: list, update."),
    "compare": ("dyadwatch.cli.compare:compare", "Key indicators of two or more dyads side by side."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx, name):
        if name in self.commands:
            return self.commands[name]
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name][0].split(":")
        cmd = getattr(importlib.import_module(module), attr)
        self.commands[name] = cmd
        return cmd

    def format_commands(self, ctx, formatter):  # help text without importing every module
        rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="dyadwatch")
def cli():
    """Monitor the relations between two countries and keep an evidence-based, checkable assessment."""


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (the console script passes it to sys.exit)."""
    try:
        rv = cli.main(args=argv, prog_name="dyadwatch", standalone_mode=False)
    except DyadwatchError as exc:
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2 if isinstance(exc, click.UsageError) else exc.exit_code
    except click.Abort:
        click.echo("aborted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    return rv if isinstance(rv, int) else 0
