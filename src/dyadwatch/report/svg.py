"""Small, dependency-free SVG charts for the self-contained report.

Every chart is an HTML ``<figure>`` holding an inline ``<svg>`` (``<title>`` tooltips on the data points)
and a ``<details>`` table of the plotted values, so the numbers stay readable and copyable. The geometry is
computed here; the markup comes from the Jinja2 template ``chart.html`` (autoescaped). Captions are HTML
fragments (already escaped, with their footnote markers). The charts return plain ``str`` HTML, so callers
that concatenate strings keep working; wrap them in ``Markup`` to pass them to a template.

Line charts put dated labels ('YYYY', 'YYYY-MM', 'YYYY-MM-DD') on a true time scale: a year sits at its
middle, a month at its 15th, a day on its day, so uneven spacing shows as uneven spacing. A line is broken
wherever a point is missing: a period with no value, or consecutive points further apart than the
series' step (one year, one month, or 1.5 times the usual spacing of daily points). Time ticks are chosen so
that at most eight labels fit; legends wrap onto as many rows as they need.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence

from markupsafe import Markup

PALETTE = ["#1f5fa8", "#d9822b", "#2e8b57", "#b03a48", "#6a4c93", "#7f7f7f", "#c7a600", "#17becf"]
REALM_COLOURS = {"economic": "#1f5fa8", "political": "#6a4c93", "security": "#b03a48",
                 "civil_society": "#2e8b57", "policy": "#d9822b"}
W, H = 760, 300
ML, MR, MT, MB = 70, 24, 44, 40
CHAR_W = 6.4          # width of one legend character at 11px, generously estimated (system-ui)
TICK_CHAR_W = 6.0     # at 10px
MARK_ROW = 13         # height of a row of marker labels (10px text with its ascent and descent)
LEGEND_ROW = 16
MAX_TICKS = 8


NO_VALUE = "–"


def fmt_value(v: float | None, kind: str = "number") -> str:
    """A figure for the reader: money as $1.60bn/$13.8m, percentages, counts; never '-0.00'."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return NO_VALUE
    if kind == "money":
        a = abs(v)
        sign = "−" if v < 0 else ""
        if a >= 1e9:
            return f"{sign}${a / 1e9:,.2f}bn"
        if a >= 1e6:
            return f"{sign}${a / 1e6:,.1f}m"
        if a >= 1e3:
            return f"{sign}${a / 1e3:,.0f}k"
        return f"{sign}${a:,.0f}" if round(a) else "$0"
    if kind == "pct":
        text = f"{v:,.1f}%"
    elif kind == "prob":
        text = f"{100 * v:,.1f}%"
    else:
        text = f"{v:,.0f}" if abs(v) >= 100 or v == int(v) else f"{v:,.2f}"
    if text.lstrip("-").strip("0.,%") == "":     # rounds to zero: no sign
        text = text.lstrip("-")
    return text.replace("-", "−") if text.startswith("-") else text


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, t = [], start
    while t <= hi + step * 0.5:
        ticks.append(round(t, 10) + 0.0)
        t += step
    return ticks


# --- time ----------------------------------------------------------------------------------------------
def parse_label(label: str) -> tuple[dt.date, str] | None:
    """(position date, granularity) of a period label, or None when it is not a plain date label."""
    s = str(label)
    try:
        if len(s) == 4 and s.isdigit():
            return dt.date(int(s), 7, 1), "year"
        if len(s) == 7 and s[4] == "-":
            return dt.date(int(s[:4]), int(s[5:7]), 15), "month"
        if len(s) == 10:
            return dt.date.fromisoformat(s), "day"
    except ValueError:
        return None
    return None


def _month_add(d: dt.date, months: int) -> dt.date:
    m = d.year * 12 + d.month - 1 + months
    return dt.date(m // 12, m % 12 + 1, 1)


def _time_ticks(lo: dt.date, hi: dt.date, grain: str, width: float) -> list[tuple[dt.date, str]]:
    """Tick dates and labels: years (at mid-year for annual data, at 1 January otherwise) or month starts,
    with a step that keeps the labels apart."""
    months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    for step in (1, 2, 3, 6, 12, 24, 60, 120):
        label_w = (4 if step >= 12 else 8) * TICK_CHAR_W + 14
        n = months / step + 1
        if n <= MAX_TICKS and width / max(n, 1) >= label_w:
            break
    ticks = []
    if step >= 12:
        years = step // 12
        y = lo.year - lo.year % years
        while y <= hi.year:
            day = dt.date(y, 7, 1) if grain == "year" else dt.date(y, 1, 1)
            if lo <= day <= hi:
                ticks.append((day, str(y)))
            y += years
    else:
        d = dt.date(lo.year, 1, 1)
        while d <= hi:
            if lo <= d and (d.month - 1) % step == 0:
                ticks.append((d, str(d.year) if d.month == 1 else d.strftime("%b %Y")))
            d = _month_add(d, 1)
    return ticks


def _domain(dates: list[dt.date], grain: str) -> tuple[dt.date, dt.date]:
    lo, hi = min(dates), max(dates)
    if grain == "year":
        return dt.date(lo.year, 1, 1), dt.date(hi.year, 12, 31)
    if grain == "month":
        return dt.date(lo.year, lo.month, 1), _month_add(hi, 1) - dt.timedelta(days=1)
    return lo, hi if hi > lo else lo + dt.timedelta(days=1)


# --- shared pieces ---------------------------------------------------------------------------------------
def _y_axis(lo: float, hi: float, kind: str, plot_bottom: float, top: float = MT):
    ticks = _nice_ticks(lo, hi)
    lo, hi = min(ticks[0], lo), max(ticks[-1], hi)

    def y(v: float) -> float:
        return top + (plot_bottom - top) * (1 - (v - lo) / (hi - lo or 1))

    return y, [{"y": y(t), "label": fmt_value(t, kind)} for t in ticks]


def _legend(names: Sequence[str], top: float) -> tuple[list[dict], int]:
    """Legend items laid out in rows that fit the chart's width; names too long for a row are cut with '…'
    (the full name stays in the item's tooltip and in the data table)."""
    items, x, row = [], ML, 0
    room = W - MR - ML - 14
    for i, name in enumerate(names):
        text = name if len(name) * CHAR_W <= room else name[: int(room / CHAR_W) - 1].rstrip() + "…"
        w = 14 + len(text) * CHAR_W + 14
        if x > ML and x + w > W - MR:
            row, x = row + 1, ML
        items.append({"x": x, "y": top + row * LEGEND_ROW, "colour": PALETTE[i % len(PALETTE)], "text": text,
                      "full": name})
        x += w
    return items, (row + 1 if names else 0)


TITLE_CHAR_W = 7.9   # 13px semibold


def title_lines(title: str) -> list[str]:
    """The chart title broken into lines that fit the chart's width."""
    room = int((W - ML - 10) / TITLE_CHAR_W)
    lines, cur = [], ""
    for word in title.split():
        if cur and len(cur) + 1 + len(word) > room:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    return lines + [cur]


def _top(title: str, marker_levels: int) -> tuple[list[str], float, float]:
    """(title lines, y of the first marker row, top of the plot area)."""
    lines = title_lines(title)
    below_title = 18 + 16 * (len(lines) - 1) + 8
    if marker_levels:
        return lines, below_title + 10, below_title + MARK_ROW * marker_levels + 10
    return lines, below_title, below_title + 12


def _gap_runs_folded(rows: list[list[str]], shortest: int = 3) -> list[list[str]]:
    """A data table's runs of periods with no value in any series (shortest or longer) as one row,
    "2010-02 to 2013-12 | no record (47 months)", so a long gap does not bury the values."""
    out: list[list[str]] = []
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and all(c == NO_VALUE for c in rows[j][1:]):
            j += 1
        if j - i >= shortest:
            lab = str(rows[i][0])
            unit = "months" if re.fullmatch(r"\d{4}-\d\d", lab) else "years" if re.fullmatch(r"\d{4}", lab) else "periods"
            out.append([f"{lab} to {rows[j - 1][0]}", *[f"no record ({j - i} {unit})"] * (len(rows[i]) - 1)])
            i = j
        else:
            out.extend(rows[i:max(j, i + 1)])
            i = max(j, i + 1)
    return out


def _figure(title: str, caption, table: dict, height: float, **parts) -> str:
    from dyadwatch.report.templating import render

    parts.setdefault("title_lines", title_lines(title))
    parts.setdefault("top", MT)
    return str(render("chart.html", title=title, caption=Markup(caption) if caption else None, table=table,
                  W=W, H=round(height), ML=ML, **parts))


def _empty(text: str) -> str:
    from dyadwatch.report.templating import render

    return str(render("empty.html", text=text))


def _segments(points: list[tuple[dt.date, float | None]], grain: str, step_days: float) -> list[list]:
    """Consecutive runs of points with no missing value and no gap wider than the series' step."""
    segs, cur, prev = [], [], None
    for d, v in points:
        if v is None:
            if cur:
                segs.append(cur)
            cur, prev = [], None
            continue
        if prev is not None:
            gap = (d.year - prev.year) if grain == "year" else \
                (d.year - prev.year) * 12 + d.month - prev.month if grain == "month" else (d - prev).days
            limit = 1 if grain in ("year", "month") else 1.5 * step_days
            if gap > limit and cur:
                segs.append(cur)
                cur = []
        cur.append((d, v))
        prev = d
    if cur:
        segs.append(cur)
    return segs


def _marker_anchor(xx: float, text: str) -> str:
    return "end" if xx + len(text) * TICK_CHAR_W > W - MR else "start"


def _marker_levels(marks: list[tuple[float, str]], rows: int = 3) -> list[int]:
    """A text row for each marker label (x, text), in x order, so that no two labels on one row overlap: each
    goes on the first row whose last label ends before it starts (else the row whose label ends first)."""
    ends = [-1e9] * rows
    levels = []
    for xx, text in marks:
        w = len(text) * TICK_CHAR_W + 6
        left = xx - 3 - w if _marker_anchor(xx, text) == "end" else xx + 3
        free = [i for i in range(rows) if ends[i] < left]
        level = free[0] if free else min(range(rows), key=lambda i: ends[i])
        ends[level] = left + w
        levels.append(level)
    return levels


def line_chart(series: dict[str, Sequence[tuple[str, float | None]]], title: str, *, kind: str = "number",
               caption=None, markers: Sequence[tuple[str, str]] = (), names: dict[str, str] | None = None) -> str:
    """Lines over dated x labels on a true time scale (see the module docstring).

    `markers` are (date label, text) vertical rules, e.g. ("2022-02-24", "invasion"); `names` maps a series
    key to the name shown in the legend, tooltips and table (default: the key)."""
    names = names or {}
    labels = sorted({x for pts in series.values() for x, _ in pts})
    values = [v for pts in series.values() for _, v in pts if v is not None]
    if not labels or not values:
        return _empty(f"{title}: no data.")
    parsed = {lab: parse_label(lab) for lab in labels}
    if any(p is None for p in parsed.values()) or len({p[1] for p in parsed.values()}) > 1:
        # not all plain dates of one granularity: evenly spaced categories, in order
        n = len(labels)
        parsed = {lab: (dt.date(2000, 1, 1) + dt.timedelta(days=i), "category") for i, lab in enumerate(labels)}
    grain = next(iter(parsed.values()))[1]
    dates = [p[0] for p in parsed.values()]
    mk = [(parse_label(lab), text) for lab, text in markers]
    lo, hi = _domain(dates, grain if grain != "category" else "day")
    mk = [(p[0], text) for p, text in mk if p and lo <= p[0] <= hi and grain != "category"]
    span = max(1, (hi - lo).days)
    plot_w = W - ML - MR

    def x(d: dt.date) -> float:
        return ML + plot_w * ((d - lo).days / span if span else 0.5)

    legend, rows = _legend([names.get(k, k) for k in series], 0)
    plot_bottom = H - MB
    height = H + rows * LEGEND_ROW
    for it in legend:
        it["y"] += H + 2
    levels = _marker_levels([(x(d), text) for d, text in sorted(mk)])
    tlines, mark_y, top = _top(title, max(levels) + 1 if levels else 0)
    vlo, vhi = min(0.0, min(values)), max(values)
    y, yticks = _y_axis(vlo, vhi, kind, plot_bottom, top)
    if grain == "category":
        n = len(labels)
        xticks = [{"x": ML + plot_w * (i / (n - 1) if n > 1 else 0.5), "label": lab}
                  for i, lab in enumerate(labels) if i % max(1, math.ceil(n / MAX_TICKS)) == 0]

        def x(d: dt.date) -> float:  # noqa: F811 - categories: index positions
            i = (d - dt.date(2000, 1, 1)).days
            return ML + plot_w * (i / (n - 1) if n > 1 else 0.5)
    else:
        xticks = [{"x": x(d), "label": text} for d, text in _time_ticks(lo, hi, grain, plot_w)]
    for t in xticks:   # keep the first and last labels inside the frame
        half = len(t["label"]) * TICK_CHAR_W / 2
        t["anchor"] = "start" if t["x"] - half < ML - 30 else "end" if t["x"] + half > W - 2 else "middle"
    diffs = sorted((b - a).days for a, b in zip(sorted(set(dates)), sorted(set(dates))[1:]))
    step_days = diffs[len(diffs) // 2] if diffs else 1
    lines, points = [], []
    for si, (key, pts) in enumerate(series.items()):
        colour = PALETTE[si % len(PALETTE)]
        name = names.get(key, key)
        ordered = sorted(((parsed[lab][0], v, lab) for lab, v in pts), key=lambda p: p[0])
        lab_of = {d: lab for d, _, lab in ordered}
        for seg in _segments([(d, v) for d, v, _ in ordered], grain if grain != "category" else "day",
                             step_days if grain != "category" else 1):
            if len(seg) > 1:
                lines.append({"d": " ".join(f"{'M' if i == 0 else 'L'}{x(d):.1f},{y(v):.1f}"
                                            for i, (d, v) in enumerate(seg)), "colour": colour})
            for d, v in seg:
                points.append({"x": x(d), "y": y(v), "colour": colour,
                               "tip": f"{name}, {lab_of[d]}: {fmt_value(v, kind)}"})
    marks = []
    for (d, text), level in zip(sorted(mk), levels):
        xx = x(d)
        anchor = _marker_anchor(xx, text)
        marks.append({"x": xx, "text": text, "ty": mark_y + MARK_ROW * level, "anchor": anchor,
                      "tx": xx - 3 if anchor == "end" else xx + 3})
    table = {"header": ["period", *[names.get(k, k) for k in series]],
             "rows": _gap_runs_folded([[lab] + [fmt_value(dict(pts).get(lab), kind) for pts in series.values()]
                                       for lab in labels])}
    return _figure(title, caption, table, height, yticks=yticks, xticks=xticks, lines=lines, points=points,
                   marks=marks, legend=legend, bars=[], lanes=[], plot_bottom=plot_bottom, plot_right=W - MR,
                   title_lines=tlines, top=top)


def bar_chart(categories: Sequence[str], series: dict[str, Sequence[float | None]], title: str, *,
              kind: str = "number", caption=None) -> str:
    """Grouped vertical bars, one group per category."""
    values = [v for vs in series.values() for v in vs if v is not None]
    if not categories or not values:
        return _empty(f"{title}: no data.")
    legend, rows = _legend(list(series), 0) if len(series) > 1 else ([], 0)
    for it in legend:
        it["y"] += H + 2
    plot_bottom = H - MB
    tlines, _, top = _top(title, 0)
    lo, hi = min(0.0, min(values)), max(0.0, max(values))
    y, yticks = _y_axis(lo, hi, kind, plot_bottom, top)
    n, k = len(categories), max(1, len(series))
    group = (W - ML - MR) / n
    bw = max(2.0, group * 0.8 / k)
    every = max(1, math.ceil(n / MAX_TICKS))
    xticks = [{"x": ML + group * (i + 0.5), "label": c, "anchor": "middle"}
              for i, c in enumerate(categories) if i % every == 0]
    bars = []
    for si, (name, vs) in enumerate(series.items()):
        for i, v in enumerate(vs):
            if v is None:
                continue
            y0, y1 = sorted((y(0), y(v)))
            bars.append({"x": ML + group * i + group * 0.1 + si * bw, "y": y0, "w": bw, "h": max(0.5, y1 - y0),
                         "colour": PALETTE[si % len(PALETTE)],
                         "tip": f"{name}, {categories[i]}: {fmt_value(v, kind)}"})
    table = {"header": ["", *series],
             "rows": [[c] + [fmt_value(vs[i], kind) for vs in series.values()] for i, c in enumerate(categories)]}
    return _figure(title, caption, table, H + rows * LEGEND_ROW, yticks=yticks, xticks=xticks, lines=[],
                   points=[], marks=[], legend=legend, bars=bars, lanes=[], plot_bottom=plot_bottom,
                   plot_right=W - MR, title_lines=tlines, top=top)


def timeline(events: Sequence[tuple], title: str, *, caption=None,
             markers: Sequence[tuple[str, str]] = ()) -> str:
    """Dated events (date 'YYYY-MM-DD' or 'YYYY-MM', label, realm[, code, code name]) on a time axis, one lane
    per realm. The code and its name, when given, appear in each point's tooltip and in the data table."""
    parsed = []
    for ev in events:
        date, label, realm = ev[:3]
        code = ev[3] if len(ev) > 3 else None
        code_name = ev[4] if len(ev) > 4 else None
        parts = [int(p) for p in str(date).split("-")] + [1, 1]
        parsed.append((dt.date(parts[0], parts[1], parts[2]), str(date), label, realm, code, code_name))
    if not parsed:
        return _empty(f"{title}: no events.")
    parsed.sort(key=lambda p: (p[0], p[1], p[2]))
    start = dt.date(parsed[0][0].year, 1, 1)
    end = dt.date(parsed[-1][0].year + 1, 1, 1)
    span = (end - start).days or 1
    lanes_r = [r for r in REALM_COLOURS if any(p[3] == r for p in parsed)]
    plot_bottom = H - MB
    tlines, mark_y, top = _top(title, 1 if markers else 0)
    lane_h = (plot_bottom - top) / max(1, len(lanes_r))
    left = ML + 40

    def x(d: dt.date) -> float:
        return left + (W - left - MR) * (d - start).days / span

    lanes = [{"y": top + lane_h * (i + 0.5), "label": r.replace("_", " "), "x": left} for i, r in enumerate(lanes_r)]
    years = list(range(start.year, end.year + 1))
    every = max(1, math.ceil(len(years) / MAX_TICKS))
    xticks = [{"x": x(dt.date(yr, 1, 1)), "label": str(yr), "anchor": "middle", "grid": True}
              for yr in years if (yr - years[0]) % every == 0]
    for t in xticks:
        if t["x"] + 2 * TICK_CHAR_W > W:
            t["anchor"] = "end"
    points = []
    for d, date, label, realm, code, code_name in parsed:
        yy = top + lane_h * (lanes_r.index(realm) + 0.5) if realm in lanes_r else (top + plot_bottom) / 2
        tip = f"{date}: {label}" + (f" (code {code}: {code_name})" if code and code_name else
                                    f" (code {code})" if code else "")
        points.append({"x": x(d), "y": yy, "colour": REALM_COLOURS.get(realm, "#444"), "tip": tip, "r": 5})
    marks = []
    for lab, text in markers:
        p = parse_label(lab)
        if p and start <= p[0] < end:
            marks.append({"x": x(p[0]), "text": text, "ty": mark_y, "anchor": "start", "tx": x(p[0]) + 3})
    has_codes = any(p[4] for p in parsed)
    header = ["date", "realm", "event"] + (["code"] if has_codes else [])
    rows = [[date, realm.replace("_", " "), label] + ([f"{code} {code_name}" if code_name else (code or "")]
                                                      if has_codes else [])
            for _, date, label, realm, code, code_name in parsed]
    return _figure(title, caption, {"header": header, "rows": rows}, H, yticks=[], xticks=xticks, lines=[],
                   points=points, marks=marks, legend=[], bars=[], lanes=lanes, plot_bottom=plot_bottom,
                   plot_right=W - MR, title_lines=tlines, top=top)
