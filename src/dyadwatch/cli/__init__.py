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
    "update": ("dyadwatch.cli.monitor:update", "Fetch what is new for a pair from every source, recompute, raise alerts."),
    "status": ("dyadwatch.cli.monitor:status", "How current each source is for a pair: coverage, age, staleness."),
    "alerts": ("dyadwatch.cli.monitor:alerts", "Alerts raised by updates: new events, spikes, warning changes, …"),
    "watch": ("dyadwatch.cli.monitor:watch", "Run update in a loop, releasing the store between runs."),
    "schema": ("dyadwatch.cli.schema:schema", "Print the JSON Schema of a YAML kind (curated, card, registry, calibration) for editors."),
    "export": ("dyadwatch.cli.export:export", "Export the store's tables as CSV, Parquet, Excel or SQLite files."),
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
@click.option("-v", "--verbose", count=True, help="Log more to stderr (-v: progress, -vv: debug).")
@click.option("-q", "--quiet", is_flag=True, help="Log only errors.")
def cli(verbose, quiet):
    """Monitor the relations between two countries and keep an evidence-based, checkable assessment.

    Settings come from options, then environment variables, then ~/.config/dyadwatch/config.toml.
    Shell completion (country codes too): eval "$(_DYADWATCH_COMPLETE=bash_source dyadwatch)".
    """
    from dyadwatch.cli.logs import setup

    setup(verbose, quiet)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (the console script passes it to sys.exit).

    Every failure ends in one line on stderr and its documented exit code: 2 input/usage, 3 store, 4 source,
    5 model, 130 interrupted. Only a genuine bug (an exception of no known kind) shows a traceback."""
    try:
        rv = cli.main(args=argv, prog_name="dyadwatch", standalone_mode=False)
    except DyadwatchError as exc:
        click.echo(f"error: {_one(exc)}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2 if isinstance(exc, click.UsageError) else exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        click.echo("interrupted: nothing was half-written (an interrupted write is rolled back)", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except RecursionError:
        click.echo("error: the input is nested too deeply to read (more levels than any real file needs)", err=True)
        return 2
    except MemoryError:
        click.echo("error: out of memory; nothing was stored (try a smaller input, or raise the memory limit)",
                   err=True)
        return 3
    except OSError as exc:
        return _os_error(exc)
    except Exception as exc:  # noqa: BLE001 - only DuckDB's own errors are mapped; anything else is a bug
        code = _duckdb_error(exc)
        if code is None:
            raise
        return code
    return rv if isinstance(rv, int) else 0


def _one(exc: BaseException) -> str:
    return str(exc)


def _os_error(exc: OSError) -> int:
    import errno

    if exc.errno == errno.ENOSPC:
        click.echo("error: the disk is full; nothing was half-written (free some space and run the command again)",
                   err=True)
        return 3
    if exc.errno == errno.EPIPE:
        return 0
    where = f"{exc.filename}: " if exc.filename else ""
    click.echo(f"error: {where}{exc.strerror or exc}", err=True)
    return 2


def _duckdb_error(exc: Exception) -> int | None:
    """One line and an exit code for an error DuckDB raised (None when `exc` is not DuckDB's)."""
    import sys

    duckdb = sys.modules.get("duckdb")
    text = str(exc)
    interrupted = "interrupted" in text.lower() and type(exc).__module__.split(".")[0] in ("duckdb", "_duckdb",
                                                                                        "builtins")
    if interrupted and (duckdb is None or isinstance(exc, (RuntimeError, duckdb.Error))):
        click.echo("interrupted: nothing was half-written (an interrupted write is rolled back)", err=True)
        return 130
    if duckdb is None or not isinstance(exc, duckdb.Error):
        return None
    first = text.splitlines()[0][:240] if text else type(exc).__name__
    if "no space left" in text.lower() or "file too large" in text.lower():
        click.echo("error: the disk is full; the store keeps its last committed state (free some space and run "
                   "the command again)", err=True)
        return 3
    from dyadwatch.store.integrity import is_damage

    if is_damage(exc):
        click.echo(f"error: the store is damaged ({first}) (run `dyadwatch store check`, or restore a backup made "
                   "with `dyadwatch store backup`)", err=True)
        return 3
    click.echo(f"error: the store failed: {first}", err=True)
    return 3
