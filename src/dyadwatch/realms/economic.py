"""Economic indicators of a dyad from both countries' records, side by side.

Every figure says whose records it rests on (``reporter``) and which sources (``source_ids``). Exports and
imports are always seen from the FIRST country named: for ``summary(store, "UKR", "BLR", ...)``

* the row with reporter UKR uses Ukraine's records: exports = UKR's exports to BLR (FOB), imports = UKR's
  imports from BLR (CIF);
* the row with reporter BLR uses Belarus's records of the same flows (the mirror): exports = BLR's imports
  from UKR (CIF), imports = BLR's exports to UKR (FOB).

Mirror gap: importers value at CIF (cost, insurance, freight), exporters at FOB. We convert CIF to FOB by
dividing by ``CIF_FOB_FACTOR`` = 1.05 (i.e. CIF ≈ FOB × 1.05, a round value inside the range the IMF and OECD
report for freight and insurance margins), then state the gap in % of the other side's figure. A gap beyond
``MIRROR_TOLERANCE_PCT`` (10%) after that adjustment is flagged as a disagreement.

Selection rule ("latest used"): observations are kept in every vintage; for each (indicator, reporter,
partner, flow, product, period) the row with the latest ``vintage`` (then the latest load) is used.

The table work is written as Ibis expressions over ``store.table("observations")`` so that it runs on any
Ibis backend; only the small, already-reduced results are assembled in Python.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dyadwatch.errors import InputError

CIF_FOB_FACTOR = 1.05
MIRROR_TOLERANCE_PCT = 10.0
WORLD = "WLD"
TRADE_INDICATORS = ("exports", "imports", "turnover")
KEY = ["indicator", "reporter", "partner", "flow", "product", "period"]
_NO_LOAD_TIME = "0001-01-01 00:00:00"   # a missing loaded_at ranks below every load (the window's NULLS LAST)


# --- Ibis expressions --------------------------------------------------------------------------------
def latest(t):
    """Keep, per natural key, the row of the latest vintage (then the latest load): all vintages stay stored.
    A window: meant for filtered tables; over a whole table use :func:`latest_values` (same rule, one aggregation)."""
    import ibis

    t = t.mutate(_flow=t.flow.fill_null(""), _partner=t.partner.fill_null(""),
                 _vintage=t.vintage.fill_null(""))
    w = ibis.window(group_by=[t.indicator, t.reporter, t._partner, t._flow, t.product, t.period],
                    order_by=[ibis.desc(t._vintage), ibis.desc(t.loaded_at)])
    t = t.mutate(_rn=ibis.row_number().over(w))
    return t.filter(t._rn == 0).drop("_rn", "_flow", "_partner", "_vintage")


def trade_rows_expr(t, countries: Iterable[str], product: str | None = "TOTAL"):
    """Latest trade observations (USD) among `countries` and with the world; product TOTAL unless None."""
    countries = list(countries)
    t = t.filter(t.indicator.isin(TRADE_INDICATORS), t.unit == "USD", t.reporter.isin(countries),
                 t.partner.isin(countries + [WORLD]))
    if product is not None:
        t = t.filter(t.product == product)
    return latest(t)


def annual_flows_expr(t):
    """Per reporter, partner and year: exports, imports, turnover and balance from monthly rows: product TOTAL
    where a month has it, else the sum of its HS chapters, each counted once at its shortest code level (so a
    TOTAL row and its HS rows, or 27 and 2716, are never added together). The reference kernel of the
    benchmark; :func:`indicator_tables` computes the same from one reduced table."""
    import ibis

    t = t.filter(t.indicator.isin(("exports", "imports")), t.unit == "USD")
    keys = ["reporter", "partner", "flow", "period"]
    tot = t.filter(t["product"] == "TOTAL").group_by(keys).aggregate(v=t.value.sum())
    ch = chapters_expr(t)
    ch = ch.group_by(keys).aggregate(v=ch.value.sum())
    u = tot.mutate(k=ibis.literal(0)).union(ch.mutate(k=ibis.literal(1)))
    return _annual(u.group_by(keys).aggregate(value=u.v.argmin(u.k)), "value")  # TOTAL (k=0) first


def _annual(m, col: str):
    """Monthly flow values (reporter, partner, flow, period, `col`) summed into years: exports, imports,
    turnover and balance per reporter, partner and year."""
    m = m.mutate(year=m.period.substr(0, 4))
    g = m.group_by([m.reporter, m.partner, m.year]).aggregate(
        exports=m[col].sum(where=m.flow == "X"), imports=m[col].sum(where=m.flow == "M"))
    g = g.mutate(exports=g.exports.fill_null(0), imports=g.imports.fill_null(0))
    return g.mutate(turnover=g.exports + g.imports, balance=g.exports - g.imports)


def chapters_expr(t):
    """Per reporter, partner, flow and period: value by HS chapter, counting each chapter once at its
    shortest code level present (so 27 and 2716 are never added together). Two aggregations, no window:
    the sum per code length, then the sum at the shortest length."""
    t = t.filter(t.product != "TOTAL", t.indicator.isin(("exports", "imports")), t.unit == "USD")
    t = t.mutate(chapter=t.product.substr(0, 2), level=t.product.length())
    g = t.group_by([t.reporter, t.partner, t.flow, t.period, t.chapter, t.level]).aggregate(value=t.value.sum())
    return g.group_by([g.reporter, g.partner, g.flow, g.period, g.chapter]).aggregate(
        value=g.value.argmin(g.level))


def herfindahl_expr(ch):
    """Herfindahl index (sum of squared shares, 0–1) of chapters per reporter, partner, flow, period."""
    import ibis

    w = ibis.window(group_by=[ch.reporter, ch.partner, ch.flow, ch.period])
    ch = ch.mutate(share=ch.value / ch.value.sum().over(w))
    return ch.group_by([ch.reporter, ch.partner, ch.flow, ch.period]).aggregate(
        hhi=(ch.share * ch.share).sum(), chapters=ch.chapter.count(), value=ch.value.sum())


def mirror_expr(annual, cif_fob: float = CIF_FOB_FACTOR):
    """Per exporter, importer and year (from :func:`annual_flows_expr`): the exporter's record (FOB) against
    the importer's record of the same flow (CIF, divided by `cif_fob`), as a gap in % of the exporter's."""
    x = annual.select(exporter=annual.reporter, importer=annual.partner, year=annual.year, fob=annual.exports)
    m = annual.select(importer=annual.reporter, exporter=annual.partner, year=annual.year, cif=annual.imports)
    j = x.join(m, ["exporter", "importer", "year"])
    return j.mutate(gap_pct=(j.cif / cif_fob / j.fob - 1.0) * 100.0)


def partner_shares_expr(annual):
    """Each partner's share (%) of a reporter's trade per year, over the partners present in `annual` (use
    world totals, partner WLD, for shares of total trade: :func:`dependence`)."""
    import ibis

    w = ibis.window(group_by=[annual.reporter, annual.year])
    return annual.mutate(share_pct=100.0 * annual.turnover / annual.turnover.sum().over(w))


def latest_values(t, unit: str = "USD"):
    """The value of the row :func:`latest` keeps, per natural key, for the keys whose kept row is in `unit`:
    columns indicator, reporter, partner, flow, product, period, value. Same rule as :func:`latest` (latest
    vintage, then latest load; among exact ties any one row), but as one aggregation instead of an ordered
    window over every row: each distinct (vintage, load) pair gets a rank (a small table), and each row an
    integer order key = rank × 8 + [unit matches] × 4 + [partner null] × 2 + [flow null]. The maximum key of a
    group says which version won and, in its low bits, that row's unit match and null partner/flow; the value
    is taken at that same key, so value, unit, partner and flow always come from rows that agree on all four."""
    import ibis

    t = t.mutate(_p=t.partner.fill_null(""), _f=t.flow.fill_null(""), _v=t.vintage.fill_null(""),
                 _l=t.loaded_at.fill_null(ibis.timestamp(_NO_LOAD_TIME)))
    vers = t.select("_v", "_l").distinct()
    vers = vers.mutate(_ver=ibis.dense_rank().over(order_by=[vers._v, vers._l]))
    t = t.join(vers, ["_v", "_l"])
    bit = lambda cond: cond.cast("int64")  # noqa: E731
    t = t.mutate(_k=t._ver * 8 + bit(t.unit == unit) * 4 + bit(t.partner.isnull()) * 2 + bit(t.flow.isnull()))
    g = t.group_by(["indicator", "reporter", "_p", "_f", "product", "period"]).aggregate(
        _m=t._k.max(), value=t.value.argmax(t._k))
    g = g.filter((g._m // 4) % 2 == 1)
    return g.select("indicator", "reporter",
                    partner=ibis.ifelse((g._m // 2) % 2 == 1, ibis.null("string"), g._p),
                    flow=ibis.ifelse(g._m % 2 == 1, ibis.null("string"), g._f),
                    product=g["product"], period=g.period, value=g.value)


def flow_totals_expr(base):
    """One pass for both the annual flows and the chapter Herfindahl: from latest values (exports/imports in
    USD, :func:`latest_values`), per reporter, partner, flow and period: ``total`` (the TOTAL row where there
    is one, else the chapters' sum, as :func:`annual_flows_expr` takes it) and, over HS chapters counted once at their shortest
    code level (as :func:`chapters_expr`), ``chapters``, ``value`` and ``sq`` (the sum of squared chapter
    values, so the Herfindahl index is sq / value², the sum of squared shares, without a window)."""
    import ibis

    b = base.mutate(chapter=ibis.ifelse(base["product"] == "TOTAL", ibis.null("string"), base["product"].substr(0, 2)),
                    level=base["product"].length())
    g1 = b.group_by(["reporter", "partner", "flow", "period", "chapter", "level"]).aggregate(value=b.value.sum())
    g2 = g1.group_by(["reporter", "partner", "flow", "period", "chapter"]).aggregate(
        value=g1.value.argmin(g1.level), total=g1.value.sum())
    ch = g2.chapter.notnull()
    r = g2.group_by(["reporter", "partner", "flow", "period"]).aggregate(
        product_total=g2.total.sum(where=~ch), chapters=g2.chapter.count(), value=g2.value.sum(where=ch),
        sq=(g2.value * g2.value).sum(where=ch))
    return r.mutate(total=r.product_total.coalesce(r.value))  # TOTAL where published, else the chapters


def annual_from_totals(ft):
    """:func:`annual_flows_expr`'s table from :func:`flow_totals_expr`'s."""
    return _annual(ft, "total")


def herfindahl_from_totals(ft):
    """:func:`herfindahl_expr` of :func:`chapters_expr`'s table, from :func:`flow_totals_expr`'s."""
    ft = ft.filter(ft.chapters > 0)
    return ft.select("reporter", "partner", "flow", "period", hhi=ft.sq / (ft.value * ft.value),
                     chapters=ft.chapters, value=ft.value)


def indicator_tables(t, cif_fob: float = CIF_FOB_FACTOR) -> dict[str, Any]:
    """All table-level indicators of an observations table at once, as pandas DataFrames: ``annual`` flows,
    ``mirror`` gaps, partner ``shares`` and chapter ``hhi`` (latest vintage of every row). The latest-vintage
    pick runs once, as an aggregation (:func:`latest_values`; the indicator filter goes before it, as the
    indicator is part of the key, the unit filter in it, as it applies to the kept row), feeding one pass that
    reduces to one row per reporter, partner, flow and period (:func:`flow_totals_expr`); that small table is
    cached in the backend and everything else is computed from it."""
    base = latest_values(t.filter(t.indicator.isin(("exports", "imports"))), "USD")
    with flow_totals_expr(base).cache() as ft:   # released on exit: every call recomputes from the store
        annual = annual_from_totals(ft)
        out = {"annual": annual.execute(), "mirror": mirror_expr(annual, cif_fob).execute(),
               "shares": partner_shares_expr(annual).execute(), "hhi": herfindahl_from_totals(ft).execute()}
    return out


# --- periods -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    label: str            # as asked: 2022, 2022-02, 2023-01/2023-07, 2022-H1, 2022-Q3
    months: tuple[str, ...]

    @property
    def annual(self) -> bool:
        return re.fullmatch(r"\d{4}", self.label) is not None

    def shifted(self, years: int) -> "Period":
        return parse_period(_shift(self.label, years))


def _shift(label: str, years: int) -> str:
    return re.sub(r"\d{4}", lambda m: str(int(m.group(0)) + years), label)


def _months(y0: int, m0: int, y1: int, m1: int) -> tuple[str, ...]:
    out, y, m = [], y0, m0
    while (y, m) <= (y1, m1):
        out.append(f"{y}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return tuple(out)


def _bounds(text: str) -> tuple[int, int, int, int]:
    from dyadwatch.periods import parse
    p = parse(text) if re.fullmatch(r"\d{4}(?:-(?:0[1-9]|1[0-2]|H[12]|Q[1-4]))?", text) else None
    if p is None:
        raise InputError(f"period {text!r} is not YYYY, YYYY-MM, YYYY-H1, YYYY-Q1 or a range A/B",
                         hint="e.g. --period 2022 or --period 2023-01/2023-07")
    return p.start.year, p.start.month, p.end.year, p.end.month


def parse_period(text: str) -> Period:
    text = str(text).strip()
    parts = text.split("/")
    if len(parts) > 2 or not parts[0]:
        raise InputError(f"period {text!r}: use A or A/B", hint="e.g. 2023-01/2023-07")
    y0, m0, _, _ = _bounds(parts[0])
    _, _, y1, m1 = _bounds(parts[-1])
    if (y0, m0) > (y1, m1):
        raise InputError(f"period {text!r} ends before it starts")
    return Period(text, _months(y0, m0, y1, m1))


def month_label(months: tuple[str, ...]) -> str:
    a, b = months[0], months[-1]
    name = lambda m: calendar.month_abbr[int(m[5:])]  # noqa: E731
    return f"{name(a)}–{name(b)} {a[:4]}" if a[:4] == b[:4] else f"{name(a)} {a[:4]}–{name(b)} {b[:4]}"


# --- the data of a dyad, reduced -----------------------------------------------------------------------
class TradeData:
    """The latest TOTAL trade observations of two countries (with each other and the world), in memory."""

    def __init__(self, store, a: str, b: str):
        from dyadwatch.countries import lookup

        self.a, self.b = lookup(a).iso3, lookup(b).iso3
        if self.a == self.b:
            raise InputError(f"the two countries are the same ({self.a})")
        expr = trade_rows_expr(store.table("observations"), [self.a, self.b])
        df = expr.select("indicator", "reporter", "partner", "flow", "period", "value", "source_id",
                         "dataset").execute()
        self.values: dict[tuple, tuple[float, str]] = {}
        for r in df.itertuples(index=False):
            flow = r.flow if isinstance(r.flow, str) and r.flow else ("T" if r.indicator == "turnover" else None)
            if flow is None:
                continue
            self.values[(r.reporter, r.partner, flow, r.period)] = (float(r.value), r.source_id)
        self.periods = sorted({k[3] for k in self.values})

    def get(self, reporter: str, partner: str, flow: str, period: Period) -> dict[str, Any]:
        """{'value', 'sources', 'how'}: the exact period when stored, else the sum of its months when all
        are stored; value None (with 'how' saying what is missing) otherwise."""
        hit = self.values.get((reporter, partner, flow, period.label))
        if hit:
            return {"value": hit[0], "sources": [hit[1]], "how": "reported"}
        if len(period.months) > 1:
            found = [self.values.get((reporter, partner, flow, m)) for m in period.months]
            have = [f for f in found if f]
            if have and len(have) == len(found):
                return {"value": sum(v for v, _ in have), "sources": sorted({s for _, s in have}),
                        "how": f"sum of {len(have)} months"}
            if have:
                return {"value": None, "sources": [], "how": f"only {len(have)} of {len(found)} months"}
        return {"value": None, "sources": [], "how": "no data"}


def _pct(new: float | None, old: float | None) -> float | None:
    if new is None or old in (None, 0):
        return None
    return round((new / old - 1.0) * 100.0, 2)


def side(data: TradeData, reporter: str, period: Period) -> dict[str, Any]:
    """One side's figures for a period, from the point of view of data.a."""
    a, b = data.a, data.b
    other = b if reporter == a else a
    x_flow, m_flow = ("X", "M") if reporter == a else ("M", "X")
    ex, im = data.get(reporter, other, x_flow, period), data.get(reporter, other, m_flow, period)
    to = data.get(reporter, other, "T", period)
    exports, imports, turnover = ex["value"], im["value"], None
    derived = []
    if exports is not None and imports is not None:
        turnover = exports + imports
    elif to["value"] is not None:
        turnover = to["value"]
        if exports is None and imports is not None:
            exports = turnover - imports
            derived.append("exports = turnover − imports")
        elif imports is None and exports is not None:
            imports = turnover - exports
            derived.append("imports = turnover − exports")
    sources = sorted(set(ex["sources"]) | set(im["sources"]) | (set(to["sources"]) if derived or
                                                                   (exports is None and imports is None) else set()))
    notes = [f"{name}: " + (f"derived ({name} = turnover − {other_name}; none published)" if any(
                 x.startswith(name) for x in derived) else d["how"])
             for name, other_name, d in (("exports", "imports", ex), ("imports", "exports", im))
             if d["how"] != "reported"]
    return {"period": period.label, "reporter": reporter, "first": a, "second": b,
            "exports_usd": exports, "imports_usd": imports, "turnover_usd": turnover,
            "balance_usd": None if exports is None or imports is None else exports - imports,
            "exports_basis": "FOB" if reporter == a else "CIF", "imports_basis": "CIF" if reporter == a else "FOB",
            "derived": derived, "source_ids": sources, "notes": notes}


def mirror(data: TradeData, period: Period, cif_fob: float = CIF_FOB_FACTOR) -> list[dict[str, Any]]:
    """For each direction, the exporter's record (FOB) against the importer's (CIF, converted to FOB)."""
    out = []
    for exp, imp in ((data.a, data.b), (data.b, data.a)):
        x = data.get(exp, imp, "X", period)
        m = data.get(imp, exp, "M", period)
        gap = None
        if x["value"] and m["value"] is not None:
            gap = round((m["value"] / cif_fob / x["value"] - 1.0) * 100.0, 2)
        out.append({"period": period.label, "flow": f"{exp}→{imp}", "exporter": exp, "importer": imp,
                    "exporter_record_fob_usd": x["value"], "importer_record_cif_usd": m["value"],
                    "importer_record_fob_equiv_usd": None if m["value"] is None else m["value"] / cif_fob,
                    "cif_fob_factor": cif_fob, "gap_pct": gap,
                    "disagree": gap is not None and abs(gap) > MIRROR_TOLERANCE_PCT,
                    "source_ids": sorted(set(x["sources"]) | set(m["sources"]))})
    return out


def _row_gap(row: dict, other: dict, cif_fob: float) -> float | None:
    """This side's turnover against the other side's, both in FOB terms (CIF / factor), in %."""
    def fob(r):
        if r["exports_usd"] is None or r["imports_usd"] is None:
            return None
        cif_part = r["imports_usd"] if r["imports_basis"] == "CIF" else r["exports_usd"]
        return r["exports_usd"] + r["imports_usd"] - cif_part + cif_part / cif_fob
    return _pct(fob(row), fob(other))


def summary(store, a: str, b: str, period: str, compare: str | None = None, side_: str = "both",
            cif_fob: float = CIF_FOB_FACTOR) -> dict[str, Any]:
    """Trade of a with b in `period` from each country's records, optionally against `compare`.

    Returns {"rows": [...one per side...], "mirror": [...], "notes": [...], "cif_fob_factor": ...}. Each row has
    period, reporter, exports_usd, imports_usd, turnover_usd, balance_usd, change_pct (turnover against the
    same reporter's `compare` figures; null without compare), exports/imports_change_pct, mirror_gap_pct,
    source_ids, and `vs_other_records`: the change measured against the OTHER country's compare figures —
    the mixed-base calculation a reader must be warned about."""
    data = TradeData(store, a, b)
    p = parse_period(period)
    c = parse_period(compare) if compare else None
    sides = {"both": [data.a, data.b], "a": [data.a], "b": [data.b]}
    key = side_.lower()
    if key in ("ukr", "blr") or len(key) == 3:
        from dyadwatch.countries import lookup
        iso = lookup(key).iso3
        if iso not in (data.a, data.b):
            raise InputError(f"--side {side_}: not one of {data.a}, {data.b}")
        reporters = [iso]
    elif key in sides:
        reporters = sides[key]
    else:
        raise InputError(f"--side {side_!r} must be both or one of the two countries")
    rows_all = {r: side(data, r, p) for r in (data.a, data.b)}
    base_all = {r: side(data, r, c) for r in (data.a, data.b)} if c else {}
    rows, notes = [], []
    for r in reporters:
        row = dict(rows_all[r])
        other = data.b if r == data.a else data.a
        row["mirror_gap_pct"] = _row_gap(rows_all[r], rows_all[other], cif_fob)
        row["compare"] = c.label if c else None
        if c:
            base, xbase = base_all[r], base_all[other]
            row["compare_values"] = {k: base[k] for k in ("exports_usd", "imports_usd", "turnover_usd", "balance_usd")}
            row["change_pct"] = _pct(row["turnover_usd"], base["turnover_usd"])
            row["exports_change_pct"] = _pct(row["exports_usd"], base["exports_usd"])
            row["imports_change_pct"] = _pct(row["imports_usd"], base["imports_usd"])
            row["vs_other_records"] = {
                "base_reporter": other, "turnover_change_pct": _pct(row["turnover_usd"], xbase["turnover_usd"]),
                "exports_change_pct": _pct(row["exports_usd"], xbase["exports_usd"]),
                "imports_change_pct": _pct(row["imports_usd"], xbase["imports_usd"])}
            row["source_ids"] = sorted(set(row["source_ids"]) | set(base["source_ids"]))
        else:
            row["change_pct"] = None
        if row["turnover_usd"] is None and row["exports_usd"] is None and row["imports_usd"] is None:
            notes.append(f"{r} has no records of this trade for {p.label}"
                         + (" (Belarus appears to have stopped reporting after 2021; use Ukraine's records)"
                            if r == "BLR" and p.months[0] >= "2022" else ""))
        if c and row.get("change_pct") is not None and row["vs_other_records"]["turnover_change_pct"] is not None:
            notes.append(f"{r}'s records: turnover {_fmt(row['turnover_usd'])} in {p.label}, "
                         f"{row['change_pct']:+.1f}% on {r}'s {c.label} ({_fmt(base_all[r]['turnover_usd'])}); "
                         f"against {other}'s {c.label} records ({_fmt(base_all[other]['turnover_usd'])}) it would be "
                         f"{row['vs_other_records']['turnover_change_pct']:+.1f}%")
        rows.append(row)
    mir = mirror(data, p, cif_fob) + (mirror(data, c, cif_fob) if c else [])
    for m in mir:
        if m["disagree"]:
            notes.append(f"{m['period']} {m['flow']}: the importer's record ({_fmt(m['importer_record_cif_usd'])} CIF) "
                         f"and the exporter's ({_fmt(m['exporter_record_fob_usd'])} FOB) differ by {m['gap_pct']:+.1f}% "
                         f"after the CIF/FOB factor {cif_fob:g}, more than the usual margin")
    return {"first": data.a, "second": data.b, "period": p.label, "compare": c.label if c else None,
            "cif_fob_factor": cif_fob, "rows": rows, "mirror": mir, "notes": notes}


def _fmt(v: float | None) -> str:
    if v is None:
        return "n/a"
    if abs(v) >= 1e9:
        return f"${v / 1e9:.2f}bn"
    return f"${v / 1e6:.1f}m"


def series(store, a: str, b: str, freq: str = "A", start: str | None = None, end: str | None = None,
           cif_fob: float = CIF_FOB_FACTOR, compiled: bool = False) -> list[dict[str, Any]]:
    """One row per period and reporter: the summary fields, change_pct against the same period a year before.

    Every row says ``record_kind``: ``reporter`` (a country's own records) or, with ``compiled=True`` and
    annual frequency, ``compiled`` (a compiled dataset such as COW: :func:`compiled_series`), after them."""
    data = TradeData(store, a, b)
    freq = freq.upper()
    if freq not in ("A", "M"):
        raise InputError(f"frequency {freq!r} must be A or M")
    pat = r"\d{4}" if freq == "A" else r"\d{4}-\d{2}"
    stored = sorted({p for p in data.periods if re.fullmatch(pat, p)})
    if freq == "A":
        years = sorted(set(stored) | {m[:4] for m in data.periods if re.fullmatch(r"\d{4}-\d{2}", m)})
        labels = years
    else:
        labels = stored
    if start:
        parse_period(start)
        labels = [p for p in labels if p >= start]
    if end:
        parse_period(end)
        labels = [p for p in labels if p <= end]
    if freq == "M" and start and end:
        y0, m0, _, _ = _bounds(start)
        _, _, y1, m1 = _bounds(end)
        labels = list(_months(y0, m0, y1, m1))
    out = []
    for label in labels:
        p = parse_period(label)
        prev = p.shifted(-1)
        rows = {r: side(data, r, p) for r in (data.a, data.b)}
        for r in (data.a, data.b):
            row = rows[r]
            if row["turnover_usd"] is None and row["exports_usd"] is None and row["imports_usd"] is None:
                continue
            other = data.b if r == data.a else data.a
            base = side(data, r, prev)
            row = dict(row, compare=prev.label, change_pct=_pct(row["turnover_usd"], base["turnover_usd"]),
                       mirror_gap_pct=_row_gap(row, rows[other], cif_fob), record_kind="reporter")
            out.append(row)
    if compiled and freq == "A":
        out += compiled_series(store, data.a, data.b, start, end)
    return out


# --- compiled datasets (COW): their own series, never a country's records --------------------------------
COMPILED_INDICATOR = "compiled_imports"   # dyadwatch.sources.cow.COMPILED_IMPORTS
COMPILED_LABELS = {"cow-trade-v4": "COW"}   # source id (or its prefix before "-<dyad>") -> short label


def _compiled_label(source_id: str) -> str:
    return next((lab for pre, lab in COMPILED_LABELS.items() if source_id == pre or source_id.startswith(pre + "-")),
                source_id)


def compiled_series(store, a: str, b: str, start: str | None = None, end: str | None = None) -> list[dict[str, Any]]:
    """Annual rows of compiled datasets (indicator ``compiled_imports``: reporter = the importing country),
    one per dataset (source) and year, in the same shape as :func:`series` rows from ``a``'s point of view:
    exports = b's imports from a, imports = a's imports from b, both as the compilation records them.
    ``reporter`` is the dataset's short label (COW), ``record_kind`` is ``compiled``; nothing is mixed with
    either country's records."""
    from dyadwatch.countries import lookup

    a, b = lookup(a).iso3, lookup(b).iso3
    rows = store.query(
        "SELECT source_id, reporter, partner, period, arg_max(value, loaded_at) AS value FROM observations "
        "WHERE indicator = ? AND unit = 'USD' AND product = 'TOTAL' AND reporter IN (?, ?) AND partner IN (?, ?) "
        "AND reporter <> partner AND length(period) = 4 GROUP BY ALL", [COMPILED_INDICATOR, a, b, a, b])
    vals = {(r["source_id"], r["reporter"], r["period"]): float(r["value"]) for r in rows}
    out = []
    for src in sorted({r["source_id"] for r in rows}):
        years = sorted({p for (s, _, p) in vals if s == src})
        if start:
            years = [y for y in years if y >= start[:4]]
        if end:
            years = [y for y in years if y <= end[:4]]
        for y in years:
            ex, im = vals.get((src, b, y)), vals.get((src, a, y))
            turnover = None if ex is None or im is None else ex + im
            prev = [vals.get((src, b, str(int(y) - 1))), vals.get((src, a, str(int(y) - 1)))]
            out.append({"period": y, "reporter": _compiled_label(src), "record_kind": "compiled",
                        "first": a, "second": b, "exports_usd": ex, "imports_usd": im, "turnover_usd": turnover,
                        "balance_usd": None if turnover is None else ex - im,
                        "exports_basis": "CIF", "imports_basis": "CIF", "derived": [], "source_ids": [src],
                        "notes": [f"compiled dataset ({_compiled_label(src)}): each flow as the "
                                  "compilation records the importer's imports; neither country's own statistics"],
                        "compare": str(int(y) - 1),
                        "change_pct": None if None in prev or turnover is None else _pct(turnover, sum(prev)),
                        "mirror_gap_pct": None})
    return out


def dependence(store, a: str, b: str, period: str) -> dict[str, Any]:
    """Each country's share of the other in its total trade (needs world totals, partner WLD), and the
    asymmetry: share of a in b's trade minus share of b in a's trade (percentage points)."""
    data = TradeData(store, a, b)
    p = parse_period(period)
    out: dict[str, Any] = {"period": p.label, "first": data.a, "second": data.b, "shares": []}
    share = {}
    for rep, par in ((data.a, data.b), (data.b, data.a)):
        vals = {k: data.get(rep, par, f, p) for k, f in (("x", "X"), ("m", "M"))}
        world = {k: data.get(rep, WORLD, f, p) for k, f in (("x", "X"), ("m", "M"))}
        row = {"reporter": rep, "partner": par, "exports_share_pct": None, "imports_share_pct": None,
               "trade_share_pct": None,
               "source_ids": sorted({s for d in (*vals.values(), *world.values()) for s in d["sources"]})}
        if vals["x"]["value"] is not None and world["x"]["value"]:
            row["exports_share_pct"] = round(100 * vals["x"]["value"] / world["x"]["value"], 2)
        if vals["m"]["value"] is not None and world["m"]["value"]:
            row["imports_share_pct"] = round(100 * vals["m"]["value"] / world["m"]["value"], 2)
        if None not in (vals["x"]["value"], vals["m"]["value"], world["x"]["value"], world["m"]["value"]):
            tot = world["x"]["value"] + world["m"]["value"]
            if tot:
                row["trade_share_pct"] = round(100 * (vals["x"]["value"] + vals["m"]["value"]) / tot, 2)
        share[rep] = row["trade_share_pct"]
        out["shares"].append(row)
    out["asymmetry_pp"] = (None if share[data.a] is None or share[data.b] is None
                           else round(share[data.b] - share[data.a], 2))
    out["reading"] = ("positive: the second country depends more on the first than the other way round"
                      if out["asymmetry_pp"] is not None else "needs world totals (partner WLD) from both reporters")
    return out


def composition(store, reporter: str, partner: str, flow: str, period: str) -> dict[str, Any]:
    """Value by HS chapter of one reporter's flow with a partner, shares of the TOTAL, and the Herfindahl
    index of the chapters (0–1; 1 = a single chapter)."""
    from dyadwatch.countries import lookup

    rep, par = lookup(reporter).iso3, lookup(partner).iso3
    flow = flow.upper()
    if flow not in ("X", "M"):
        raise InputError(f"flow {flow!r} must be X or M")
    p = parse_period(period)
    t = store.table("observations")
    t = latest(t.filter(t.reporter == rep, t.partner == par, t.flow == flow, t.unit == "USD"))
    exact = t.filter(t.period == p.label)
    t = exact if exact.count().execute() else t.filter(t.period.isin(list(p.months)))
    ch = chapters_expr(t).execute()
    total_df = t.filter(t.product == "TOTAL").execute()
    total = float(total_df.value.sum()) if len(total_df) else None
    chapters = ch.groupby("chapter", as_index=False)["value"].sum().sort_values("value", ascending=False)
    ch_sum = float(chapters.value.sum()) if len(chapters) else 0.0
    denom = total or ch_sum or None
    rows = [{"chapter": c, "value_usd": float(v), "share_pct": round(100 * v / denom, 2) if denom else None}
            for c, v in zip(chapters.chapter, chapters.value)]
    hhi = round(sum((v / ch_sum) ** 2 for v in chapters.value), 4) if ch_sum else None
    sources = sorted(set(t.select("source_id").distinct().execute().source_id))
    return {"reporter": rep, "partner": par, "flow": flow, "period": p.label, "total_usd": total,
            "chapters_usd": ch_sum, "other_usd": (total - ch_sum) if total is not None else None,
            "chapters": rows, "herfindahl": hhi, "source_ids": sources}
