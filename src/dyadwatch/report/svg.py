"""Small, dependency-free SVG charts for the self-contained report.

Captions are HTML fragments (escape their text with ``esc`` and add footnote markers). Every chart
returns an HTML ``<figure>`` holding an inline ``<svg>`` (with ``<title>`` tooltips on the
data points) and a ``<details>`` table of the plotted values, so the numbers stay readable and copyable.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from dyadwatch.report.api import esc

PALETTE = ["#1f5fa8", "#d9822b", "#2e8b57", "#b03a48", "#6a4c93", "#7f7f7f", "#c7a600", "#17becf"]
REALM_COLOURS = {"economic": "#1f5fa8", "political": "#6a4c93", "security": "#b03a48",
                 "civil_society": "#2e8b57", "policy": "#d9822b"}
W, H = 760, 300
ML, MR, MT, MB = 70, 20, 30, 60


def fmt_value(v: float | None, kind: str = "number") -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if kind == "money":
        a = abs(v)
        if a >= 1e9:
            return f"${v / 1e9:,.2f}bn"
        if a >= 1e6:
            return f"${v / 1e6:,.1f}m"
        if a >= 1e3:
            return f"${v / 1e3:,.0f}k"
        return f"${v:,.0f}"
    if kind == "pct":
        return f"{v:,.1f}%"
    if kind == "prob":
        return f"{100 * v:,.1f}%"
    return f"{v:,.0f}" if abs(v) >= 100 or v == int(v) else f"{v:,.2f}"


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, t = [], start
    while t <= hi + step * 0.5:
        ticks.append(round(t, 10))
        t += step
    return ticks


def _frame(title: str, body: str, caption: str | None, table: str) -> str:
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return (f'<figure class="chart"><svg viewBox="0 0 {W} {H}" role="img" aria-label="{esc(title)}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>'
            f'<text x="{ML}" y="18" class="ct">{esc(title)}</text>{body}</svg>{cap}'
            f'<details><summary>Data</summary>{table}</details></figure>')


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _y_axis(lo: float, hi: float, kind: str, log: bool = False):
    ticks = _nice_ticks(lo, hi)
    lo, hi = min(ticks[0], lo), max(ticks[-1], hi)

    def y(v: float) -> float:
        return MT + (H - MT - MB) * (1 - (v - lo) / (hi - lo or 1))

    parts = []
    for t in ticks:
        yy = y(t)
        parts.append(f'<line x1="{ML}" x2="{W - MR}" y1="{yy:.1f}" y2="{yy:.1f}" class="grid"/>'
                     f'<text x="{ML - 6}" y="{yy + 4:.1f}" class="yt">{esc(fmt_value(t, kind))}</text>')
    return y, "".join(parts)


def _x_labels(labels: Sequence[str], x) -> str:
    every = max(1, math.ceil(len(labels) / 14))
    out = []
    for i, lab in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            out.append(f'<text x="{x(i):.1f}" y="{H - MB + 16}" class="xt" '
                       f'transform="rotate(-35 {x(i):.1f} {H - MB + 16})">{esc(lab)}</text>')
    return "".join(out)


def _legend(names: Sequence[str]) -> str:
    out, xx = [], ML
    for i, name in enumerate(names):
        colour = PALETTE[i % len(PALETTE)]
        out.append(f'<rect x="{xx}" y="{H - 14}" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{xx + 14}" y="{H - 5}" class="lg">{esc(name)}</text>')
        xx += 24 + 7 * len(name)
    return "".join(out)


def line_chart(series: dict[str, Sequence[tuple[str, float | None]]], title: str, *, kind: str = "number",
               caption: str | None = None, markers: Sequence[tuple[str, str]] = ()) -> str:
    """Lines over ordered categorical x labels (periods). Missing points break the line.

    `markers` are (x_label, text) vertical rules, e.g. ("2022-02", "invasion")."""
    labels: list[str] = sorted({x for pts in series.values() for x, _ in pts})
    values = [v for pts in series.values() for _, v in pts if v is not None]
    if not labels or not values:
        return f'<p class="empty">{esc(title)}: no data.</p>'
    lo, hi = min(0.0, min(values)), max(values)
    y, grid = _y_axis(lo, hi, kind)
    n = len(labels)

    def x(i: int) -> float:
        return ML + (W - ML - MR) * (i / (n - 1) if n > 1 else 0.5)

    index = {lab: i for i, lab in enumerate(labels)}
    body = [grid, _x_labels(labels, x)]
    for lab, text in markers:
        if lab in index:
            xx = x(index[lab])
            body.append(f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{MT}" y2="{H - MB}" class="mk"/>'
                        f'<text x="{xx + 3:.1f}" y="{MT + 10}" class="mkt">{esc(text)}</text>')
    for si, (name, pts) in enumerate(series.items()):
        colour = PALETTE[si % len(PALETTE)]
        segs, cur = [], []
        for lab, v in sorted(pts, key=lambda p: index[p[0]]):
            if v is None:
                if cur:
                    segs.append(cur)
                cur = []
                continue
            cur.append((x(index[lab]), y(v), lab, v))
        if cur:
            segs.append(cur)
        for seg in segs:
            d = " ".join(f"{'M' if i == 0 else 'L'}{px:.1f},{py:.1f}" for i, (px, py, _, _) in enumerate(seg))
            body.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"/>')
            for px, py, lab, v in seg:
                body.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}">'
                            f'<title>{esc(name)} {esc(lab)}: {esc(fmt_value(v, kind))}</title></circle>')
    body.append(_legend(list(series)))
    rows = [[lab] + [fmt_value(dict(pts).get(lab), kind) for pts in series.values()] for lab in labels]
    return _frame(title, "".join(body), caption, _table(["period", *series], rows))


def bar_chart(categories: Sequence[str], series: dict[str, Sequence[float | None]], title: str, *,
              kind: str = "number", caption: str | None = None) -> str:
    """Grouped vertical bars, one group per category."""
    values = [v for vs in series.values() for v in vs if v is not None]
    if not categories or not values:
        return f'<p class="empty">{esc(title)}: no data.</p>'
    lo, hi = min(0.0, min(values)), max(0.0, max(values))
    y, grid = _y_axis(lo, hi, kind)
    n, k = len(categories), max(1, len(series))
    group = (W - ML - MR) / n
    bw = max(2.0, group * 0.8 / k)

    def x(i: int) -> float:
        return ML + group * (i + 0.5)

    body = [grid, _x_labels(list(categories), x)]
    for si, (name, vs) in enumerate(series.items()):
        colour = PALETTE[si % len(PALETTE)]
        for i, v in enumerate(vs):
            if v is None:
                continue
            x0 = ML + group * i + group * 0.1 + si * bw
            y0, y1 = sorted((y(0), y(v)))
            body.append(f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{bw:.1f}" height="{max(0.5, y1 - y0):.1f}" '
                        f'fill="{colour}"><title>{esc(name)} {esc(categories[i])}: '
                        f'{esc(fmt_value(v, kind))}</title></rect>')
    if len(series) > 1:
        body.append(_legend(list(series)))
    rows = [[c] + [fmt_value(vs[i], kind) for vs in series.values()] for i, c in enumerate(categories)]
    return _frame(title, "".join(body), caption, _table(["", *series], rows))


def timeline(events: Sequence[tuple[str, str, str]], title: str, *, caption: str | None = None) -> str:
    """Dated events (date 'YYYY-MM-DD' or 'YYYY-MM', label, realm) on a time axis, one lane per realm."""
    parsed = []
    for date, label, realm in events:
        parts = [int(p) for p in str(date).split("-")] + [1, 1]
        parsed.append((dt.date(parts[0], parts[1], parts[2]), date, label, realm))
    if not parsed:
        return f'<p class="empty">{esc(title)}: no events.</p>'
    parsed.sort()
    start = dt.date(parsed[0][0].year, 1, 1)
    end = dt.date(parsed[-1][0].year + 1, 1, 1)
    span = (end - start).days or 1
    lanes = [r for r in REALM_COLOURS if any(p[3] == r for p in parsed)]
    lane_h = (H - MT - MB) / max(1, len(lanes))

    def x(d: dt.date) -> float:
        return ML + 40 + (W - ML - 40 - MR) * (d - start).days / span

    body = []
    for li, realm in enumerate(lanes):
        yy = MT + lane_h * (li + 0.5)
        body.append(f'<line x1="{ML + 40}" x2="{W - MR}" y1="{yy:.1f}" y2="{yy:.1f}" class="grid"/>'
                    f'<text x="{ML + 34}" y="{yy + 4:.1f}" class="yt">{esc(realm.replace("_", " "))}</text>')
    for year in range(start.year, end.year + 1):
        xx = x(dt.date(year, 1, 1))
        body.append(f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{MT}" y2="{H - MB}" class="grid"/>'
                    f'<text x="{xx + 2:.1f}" y="{H - MB + 16}" class="xt">{year}</text>')
    for d, date, label, realm in parsed:
        yy = MT + lane_h * (lanes.index(realm) + 0.5) if realm in lanes else H / 2
        colour = REALM_COLOURS.get(realm, "#444")
        body.append(f'<circle cx="{x(d):.1f}" cy="{yy:.1f}" r="5" fill="{colour}" fill-opacity="0.75">'
                    f'<title>{esc(date)}: {esc(label)}</title></circle>')
    rows = [[date, realm, label] for _, date, label, realm in parsed]
    return _frame(title, "".join(body), caption, _table(["date", "realm", "event"], rows))
