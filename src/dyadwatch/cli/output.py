"""Printing for the CLI: tables (rich when stdout is a terminal, plain otherwise) and JSON."""
from __future__ import annotations

import json
import math
import re
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


_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MISSING = "—"
WIDTH = 60


def literal(text: Any) -> str:
    """Data as plain text for a terminal: escape sequences and control characters removed (tabs and line
    breaks become spaces), so nothing in the data can move the cursor, recolour or retitle the terminal."""
    text = _ANSI.sub("", str(text))
    return _CONTROL.sub("", text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " "))


def fmt(value: Any) -> str:
    """One value as table text: numbers shortened, lists joined, missing values as an em dash."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return MISSING
        if abs(value) >= 1e9:
            return f"{value / 1e9:,.2f}bn"
        if abs(value) >= 1e6:
            return f"{value / 1e6:,.1f}m"
        if value == int(value):
            return f"{int(value):,}"
        return f"{value:,.3g}" if abs(value) < 1 else f"{value:,.1f}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [fmt(v) for v in value]
        return ", ".join(items) if items else MISSING
    if isinstance(value, dict):
        return ", ".join(f"{literal(k)}: {fmt(v)}" for k, v in value.items()) or MISSING
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = literal(value)
    return text if text != "" else MISSING


def number(value: Any, unit: str = "") -> str:
    """A number with its unit for a sentence ('12.5 pp'), or the missing mark ('—') without a unit."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return MISSING
    return f"{fmt(value)}{' ' + unit if unit else ''}"


def _wrap(text: str, width: int) -> list[str]:
    """Cut a long cell into lines of at most `width`, preferring to break after / ? & , or a space."""
    lines = []
    while len(text) > width:
        cut = max(text.rfind(c, 0, width) for c in "/?&, ")
        cut = cut + 1 if cut >= width // 3 else width
        lines.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    lines.append(text)
    return lines


def emit_table(rows: Sequence[dict], columns: Sequence[str], *, title: str | None = None,
               empty: str = "nothing to show") -> None:
    """A table of data; every cell is printed literally (no markup, no control characters) and long
    cells wrap onto continuation lines instead of being cut."""
    if not rows:
        click.echo(literal(empty), err=True)
        return
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(title=Text(literal(title)) if title else None, show_lines=False)
        for col in columns:
            table.add_column(Text(literal(col)), overflow="fold")
        for row in rows:
            table.add_row(*(Text(fmt(row.get(c))) for c in columns))
        Console().print(table)
        return
    if title:
        click.echo(literal(title))
    cells = [{c: fmt(r.get(c)) for c in columns} for r in rows]
    widths = {c: min(WIDTH, max(len(c), *(len(cell[c]) for cell in cells))) for c in columns}
    click.echo("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
    for cell in cells:
        parts = {c: _wrap(cell[c], widths[c]) for c in columns}
        for i in range(max(len(p) for p in parts.values())):
            click.echo("  ".join((parts[c][i] if i < len(parts[c]) else "").ljust(widths[c])
                                 for c in columns).rstrip())
def emit(rows: Sequence[dict], columns: Sequence[str], as_json: bool, **kw) -> None:
    if as_json:
        emit_json(list(rows))
    else:
        emit_table(rows, columns, **kw)
