"""Printing for the CLI: tables (rich when stdout is a terminal, plain otherwise) and JSON."""
from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from typing import Any

import click


def _default(value: Any):
    import datetime as dt
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def emit_json(data: Any) -> None:
    click.echo(json.dumps(_clean(data), indent=2, ensure_ascii=False, default=_default))


def fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if abs(value) >= 1e9:
            return f"{value / 1e9:,.2f}bn"
        if abs(value) >= 1e6:
            return f"{value / 1e6:,.1f}m"
        if value == int(value):
            return f"{int(value):,}"
        return f"{value:,.3g}" if abs(value) < 1 else f"{value:,.1f}"
    return str(value)


def emit_table(rows: Sequence[dict], columns: Sequence[str], *, title: str | None = None,
               empty: str = "nothing to show") -> None:
    if not rows:
        click.echo(empty, err=True)
        return
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for col in columns:
            table.add_column(col)
        for row in rows:
            table.add_row(*(fmt(row.get(c)) for c in columns))
        Console().print(table)
        return
    if title:
        click.echo(title)
    widths = {c: min(60, max(len(c), *(len(fmt(r.get(c))) for r in rows))) for c in columns}
    click.echo("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        click.echo("  ".join(fmt(row.get(c))[:60].ljust(widths[c]) for c in columns).rstrip())


def emit(rows: Sequence[dict], columns: Sequence[str], as_json: bool, **kw) -> None:
    if as_json:
        emit_json(list(rows))
    else:
        emit_table(rows, columns, **kw)
