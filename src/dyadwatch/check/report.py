"""Output: a terminal table (rich when installed, plain text otherwise), JSON, and a self-contained HTML page."""
from __future__ import annotations

import html
import json
import math

from .model import Report

COLOURS = {"inconsistent": "#c0392b", "contradicted": "#c0392b", "tension": "#d68910", "involved": "#c0392b",
           "stale": "#8e44ad",
           "ambiguous": "#2874a6", "forecast": "#117a65", "consistent": "#1e8449", "supported": "#1e8449",
           "unverifiable": "#7f8c8d"}
RICH = {"inconsistent": "bold red", "contradicted": "bold red", "tension": "yellow", "stale": "magenta",
        "ambiguous": "blue", "forecast": "cyan", "consistent": "green", "supported": "green",
        "unverifiable": "dim"}


def to_json(report: Report, indent: int | None = 2) -> str:
    return json.dumps(report.as_json(), indent=indent, ensure_ascii=False, allow_nan=False)


def _short(x) -> str:
    """A compact number for the terminal table: 1.5e9 → 1.5bn, 543.2e6 → 543.2m."""
    if x is None or (isinstance(x, float) and math.isinf(x)):
        return "∞"
    a = abs(x)
    if a >= 1e9:
        return f"{x / 1e9:.6g}bn"
    if a >= 1e6:
        return f"{x / 1e6:.6g}m"
    if float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:.6g}"


def _val(c) -> str:
    if c.value is None:
        return ""
    if c.unit == "probability":
        return f"{c.low:.0%}–{c.high:.0%}"
    return _short(c.value)


def _rng(c) -> str:
    return f"[{_short(c.low)}, {_short(c.high)}]"


def rows(report: Report, show_unverifiable: bool = False) -> list[tuple[str, ...]]:
    out = []
    for f in report.findings:
        if f.verdict == "unverifiable" and not show_unverifiable:
            continue
        first = report.claim(f.claims[0]) if f.claims else None
        out.append((f.id, f.verdict, ", ".join(f.claims), _plain(first.text) if first else "",
                    f.explanation + (f"  → repair: {f.repair['suggested_text']}" if f.repair else "")))
    return out


#: below this terminal width, claims and findings are printed as lines rather than tables
WIDE = 110


#: the width tables are laid out for when the output is a file or a pipe (`dyadwatch check FILE > out.txt`)
REDIRECTED_WIDTH = 1000


def _width(file) -> int | None:
    """None (the terminal's width) on a terminal or when the user set COLUMNS; otherwise lines may be long, so
    the tables are written whole instead of wrapped at rich's 80-column default."""
    import os
    import sys

    out = file if file is not None else sys.stdout
    isatty = getattr(out, "isatty", None)
    return None if "COLUMNS" in os.environ or (isatty and isatty()) else REDIRECTED_WIDTH


def print_table(report: Report, file=None) -> None:
    """Print claims and findings (tables on a wide terminal, lines otherwise); unverifiable findings are
    counted, not listed."""
    n_unv = sum(f.verdict == "unverifiable" for f in report.findings)
    head = (f"{report.document.path or '<text>'}: {len(report.claims)} claims, {len(report.findings)} findings"
            f" (document date {report.document.date or 'unknown'})")
    try:
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Column, Table
    except ImportError:  # pragma: no cover - rich is a dependency, the fallback is for minimal installs
        Console = None
    if Console is not None:
        con = Console(file=file, highlight=False, width=_width(file))
        con.print(escape(head))
        if con.width >= WIDE:
            t = Table(Column("claim", no_wrap=True), Column("text", max_width=24), Column("kind", no_wrap=True),
                      Column("value", no_wrap=True), Column("interval", no_wrap=True), Column("unit", max_width=12),
                      Column("period", no_wrap=True), Column("subject", ratio=1))
            for c in report.claims:
                t.add_row(c.id, escape(_plain(c.text)), c.kind, _val(c), _rng(c), escape(c.unit or ""),
                          c.period or "", escape(c.subject or ""))
            con.print(t)
            t2 = Table(Column("finding", no_wrap=True), Column("verdict", no_wrap=True),
                       Column("claims", max_width=14), Column("text", max_width=20), Column("explanation", ratio=1))
            for r in rows(report):
                t2.add_row(r[0], f"[{RICH.get(r[1], '')}]{r[1]}[/]", r[2], escape(r[3]), escape(r[4]))
            con.print(t2)
        else:
            con.print("[bold]claims[/]")
            for c in report.claims:
                con.print(f"{c.id:>4} {escape(repr(_plain(c.text)))} {c.kind} {_val(c)} {_rng(c)} "
                          f"{escape(c.unit or '')} {c.period or '-'} · {escape(c.subject or '')}")
            con.print("[bold]findings[/]")
            for r in rows(report):
                con.print(f"{r[0]:>4} [{RICH.get(r[1], '')}]{r[1].upper()}[/] ({r[2]}) {escape(r[4])}")
        if n_unv:
            con.print(f"{n_unv} claims unverifiable against data (see --json)")
        return
    import sys
    out = file or sys.stdout
    print(head, file=out)
    for c in report.claims:
        print(f"{c.id:5} {c.kind:8} {_val(c):>12} {_rng(c):28} {c.unit or '':8} {c.period or '':16} "
              f"{_plain(c.text)!r}", file=out)
    for r in rows(report):
        print(f"{r[0]:5} {r[1]:13} {r[2]:18} {r[4]}", file=out)
    if n_unv:
        print(f"{n_unv} claims unverifiable against data (see --json)", file=out)


def _plain(text: str) -> str:
    return text.replace("\\$", "$")


CSS = """body{font:15px/1.55 system-ui,sans-serif;margin:0;display:flex;color:#222}
main{flex:3;padding:1.5em 2em;white-space:pre-wrap;max-width:60em}
aside{flex:2;padding:1em;border-left:1px solid #ddd;background:#fafafa;font-size:13px;max-height:100vh;
overflow:auto;position:sticky;top:0}
mark{background:#eef;border-bottom:2px solid var(--c,#7f8c8d);padding:0 1px}
mark sup{font-size:9px;color:var(--c,#555)}
mark.inv{background:#fff;border-bottom-style:dashed}
.f{margin:.4em 0;padding:.4em;border-left:4px solid var(--c,#999);background:#fff}
.v{font-weight:bold;color:var(--c,#333);text-transform:uppercase;font-size:11px}"""


def to_html(report: Report) -> str:
    """The document with every claim highlighted and its findings beside it; all text is escaped."""
    e = html.escape
    text = report.document.text
    worst: dict[str, str] = {}
    order = list(COLOURS)
    for f in report.findings:
        for cid in f.claims:
            # in an inconsistent set with a repair, only the claim to repair is marked as the error; the
            # others are marked "involved" (dashed) unless another finding says more
            v = "involved" if f.verdict == "inconsistent" and f.repair and f.repair["claim"] != cid else f.verdict
            if cid not in worst or order.index(v) < order.index(worst[cid]):
                worst[cid] = v
    parts, pos = [], 0
    for c in sorted(report.claims, key=lambda c: c.span[0]):
        s, t = c.span
        if s < pos:
            continue
        v = worst.get(c.id, "unverifiable")
        col = COLOURS.get(v, "#7f8c8d")
        title = "in an inconsistent set whose likely error is another claim" if v == "involved" else v
        cls = ' class="inv"' if v == "involved" else ""
        parts.append(e(text[pos:s]))
        parts.append(f'<mark id="{e(c.id)}"{cls} style="--c:{col}" title="{e(title)}">{e(text[s:t])}'
                     f'<sup>{e(c.id)}</sup></mark>')
        pos = t
    parts.append(e(text[pos:]))
    side = []
    for f in report.findings:
        col = COLOURS.get(f.verdict, "#999")
        links = " ".join(f'<a href="#{e(c)}">{e(c)}</a>' for c in f.claims)
        rep = (f"<div>repair: {e(report.claim(f.repair['claim']).text)} → <b>{e(str(f.repair['suggested_text']))}"
               f"</b></div>") if f.repair else ""
        side.append(f'<div class="f" style="--c:{col}"><span class="v">{e(f.verdict)}</span> {e(f.id)} · {links}'
                    f"<div>{e(f.explanation)}</div>{rep}</div>")
    title = e(report.document.path or "document")
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>dyadwatch check: {title}</title>"
            f"<style>{CSS}</style></head><body><main>{''.join(parts)}</main><aside><h2>Findings</h2>"
            f"<p>{len(report.claims)} claims · document date {e(report.document.date or 'unknown')}</p>"
            f"{''.join(side)}</aside></body></html>")
